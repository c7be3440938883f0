/* fs_util.h: what the ISO 9660 and UDF checkers share (private to
 * verify/): little/big-endian field readers over caller-checked buffers
 * and a bounded sector reader over a dw_fs_source. */
#ifndef DW_VERIFY_FS_UTIL_H
#define DW_VERIFY_FS_UTIL_H

#include <stdint.h>
#include <string.h>

#include "discwright/verify.h"

static inline uint16_t fs_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint16_t fs_be16(const uint8_t *p) { return (uint16_t)(p[1] | p[0] << 8); }
static inline uint32_t fs_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint32_t fs_be32(const uint8_t *p)
{
    return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}
static inline uint64_t fs_le64(const uint8_t *p)
{
    return (uint64_t)fs_le32(p) | (uint64_t)fs_le32(p + 4) << 32;
}

/* Read count sectors at lba into buf; FALSE when any is outside the
 * source or the read fails (buf is then zeroed). */
static inline gboolean fs_read(const dw_fs_source *src, int64_t lba, uint32_t count, uint8_t *buf)
{
    if (count == 0 || !buf)
        return FALSE;
    if (lba < 0 || lba + (int64_t)count > src->sectors || !src->read(src->user, lba, count, buf)) {
        memset(buf, 0, (size_t)count * 2048);
        return FALSE;
    }
    return TRUE;
}

#endif
