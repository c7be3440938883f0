/* hash.h: one pass over a stream into CRC32, MD5, SHA-1 and SHA-256.
 *
 * dw_hash_update() may hand the data to a second thread so that the
 * slowest hash (MD5) runs beside the others; it copies what it needs,
 * so the caller's buffer is free again when it returns.  A dw_hash is
 * owned by its creator (dw_hash_free); results are filled by
 * dw_hash_finish() into caller-owned dw_hash_result.
 */
#ifndef DISCWRIGHT_HASH_H
#define DISCWRIGHT_HASH_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
    DW_HASH_CRC32 = 1 << 0,
    DW_HASH_MD5 = 1 << 1,
    DW_HASH_SHA1 = 1 << 2,
    DW_HASH_SHA256 = 1 << 3,
    DW_HASH_ALL = 0xF
} dw_hash_kind;

typedef struct {
    unsigned kinds;              /* which fields are valid */
    uint64_t size;               /* bytes hashed */
    uint32_t crc32;
    char crc32_hex[9];
    char md5_hex[33];
    char sha1_hex[41];
    char sha256_hex[65];
} dw_hash_result;

typedef struct dw_hash dw_hash;

dw_hash *dw_hash_new(unsigned kinds);
void dw_hash_update(dw_hash *h, const void *data, size_t len);
void dw_hash_finish(dw_hash *h, dw_hash_result *out);   /* h may not be updated after */
void dw_hash_free(dw_hash *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_hash, dw_hash_free)

/* Hash a whole file (or [offset, offset+length) when length >= 0). */
gboolean dw_hash_file(const char *path, int64_t offset, int64_t length, unsigned kinds,
                      dw_hash_result *out, GError **error);

G_END_DECLS

#endif
