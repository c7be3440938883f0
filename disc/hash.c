/* hash.c: CRC32, MD5, SHA-1 and SHA-256 of one stream in one pass.
 *
 * MD5 cannot be split across cores and is the slowest of the four, so
 * the caller's thread computes MD5 while a worker thread computes the
 * others (OpenSSL's SHA-1/SHA-256 use the CPU's SHA instructions; zlib's
 * crc32 is cheap).  dw_hash_update copies the data into a small ring of
 * fixed buffers (HASH_SLOTS x HASH_SLOT_SIZE, so memory is bounded) that
 * the worker drains; when only one side has work, everything runs inline.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "discwright/error.h"
#include "discwright/hash.h"

#define HASH_SLOTS 8
#define HASH_SLOT_SIZE (512 * 1024)

typedef struct {
    uint8_t *data;
    size_t len;
    bool full;                   /* handed to the worker, not yet consumed */
} slot;

struct dw_hash {
    unsigned kinds;
    uint64_t size;
    EVP_MD_CTX *md5, *sha1, *sha256;
    uLong crc;
    /* worker side */
    GThread *worker;
    GMutex lock;
    GCond cond;
    slot slots[HASH_SLOTS];
    unsigned fill;               /* slot the caller is filling */
    unsigned drain;              /* slot the worker takes next */
    bool stop;
    bool finished;
};

/* Everything but MD5: run by the worker, or inline without one. */
static void side_update(dw_hash *h, const uint8_t *data, size_t len)
{
    if (h->sha1 && EVP_DigestUpdate(h->sha1, data, len) != 1)
        g_error("SHA-1 update failed");
    if (h->sha256 && EVP_DigestUpdate(h->sha256, data, len) != 1)
        g_error("SHA-256 update failed");
    if (h->kinds & DW_HASH_CRC32) {
        /* zlib takes uInt lengths: feed it in pieces. */
        while (len > 0) {
            uInt n = len > 0x40000000u ? 0x40000000u : (uInt)len;
            h->crc = crc32(h->crc, data, n);
            data += n;
            len -= n;
        }
    }
}

static gpointer worker_main(gpointer data)
{
    dw_hash *h = data;
    g_mutex_lock(&h->lock);
    for (;;) {
        while (!h->slots[h->drain].full && !h->stop)
            g_cond_wait(&h->cond, &h->lock);
        if (!h->slots[h->drain].full && h->stop)
            break;
        slot *s = &h->slots[h->drain];
        g_mutex_unlock(&h->lock);
        side_update(h, s->data, s->len);
        g_mutex_lock(&h->lock);
        s->full = false;
        s->len = 0;
        h->drain = (h->drain + 1) % HASH_SLOTS;
        g_cond_broadcast(&h->cond);
    }
    g_mutex_unlock(&h->lock);
    return NULL;
}

static EVP_MD_CTX *md_new(const EVP_MD *md)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, md, NULL) != 1)
        g_error("OpenSSL digest initialisation failed");
    return ctx;
}

dw_hash *dw_hash_new(unsigned kinds)
{
    dw_hash *h = g_new0(dw_hash, 1);
    h->kinds = kinds & DW_HASH_ALL;
    h->crc = crc32(0L, Z_NULL, 0);
    if (h->kinds & DW_HASH_MD5)
        h->md5 = md_new(EVP_md5());
    if (h->kinds & DW_HASH_SHA1)
        h->sha1 = md_new(EVP_sha1());
    if (h->kinds & DW_HASH_SHA256)
        h->sha256 = md_new(EVP_sha256());
    /* A worker only pays off when both sides have something to do. */
    if ((h->kinds & DW_HASH_MD5) && (h->kinds & ~(unsigned)DW_HASH_MD5)) {
        g_mutex_init(&h->lock);
        g_cond_init(&h->cond);
        for (int i = 0; i < HASH_SLOTS; i++)
            h->slots[i].data = g_malloc(HASH_SLOT_SIZE);
        h->worker = g_thread_new("dw-hash", worker_main, h);
    }
    return h;
}

/* Hand the filling slot to the worker and wait for the next one to be free. */
static void publish_slot(dw_hash *h)
{
    g_mutex_lock(&h->lock);
    h->slots[h->fill].full = true;
    g_cond_broadcast(&h->cond);
    h->fill = (h->fill + 1) % HASH_SLOTS;
    while (h->slots[h->fill].full)
        g_cond_wait(&h->cond, &h->lock);
    g_mutex_unlock(&h->lock);
}

void dw_hash_update(dw_hash *h, const void *data, size_t len)
{
    g_return_if_fail(!h->finished);
    const uint8_t *p = data;
    h->size += len;
    if (h->md5 && EVP_DigestUpdate(h->md5, p, len) != 1)
        g_error("MD5 update failed");
    if (!h->worker) {
        side_update(h, p, len);
        return;
    }
    while (len > 0) {
        slot *s = &h->slots[h->fill]; /* never full: publish_slot waited */
        size_t n = HASH_SLOT_SIZE - s->len;
        if (n > len)
            n = len;
        memcpy(s->data + s->len, p, n);
        s->len += n;
        p += n;
        len -= n;
        if (s->len == HASH_SLOT_SIZE)
            publish_slot(h);
    }
}

static void to_hex(const unsigned char *d, unsigned n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[2 * n] = '\0';
}

static void md_final(EVP_MD_CTX *ctx, char *hex)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    if (EVP_DigestFinal_ex(ctx, d, &n) != 1)
        g_error("OpenSSL digest finalisation failed");
    to_hex(d, n, hex);
}

static void stop_worker(dw_hash *h)
{
    if (!h->worker)
        return;
    g_mutex_lock(&h->lock);
    if (h->slots[h->fill].len > 0) {
        h->slots[h->fill].full = true;
        h->fill = (h->fill + 1) % HASH_SLOTS;
    }
    h->stop = true;
    g_cond_broadcast(&h->cond);
    g_mutex_unlock(&h->lock);
    g_thread_join(h->worker);
    h->worker = NULL;
    for (int i = 0; i < HASH_SLOTS; i++)
        g_free(h->slots[i].data);
    g_cond_clear(&h->cond);
    g_mutex_clear(&h->lock);
}

void dw_hash_finish(dw_hash *h, dw_hash_result *out)
{
    memset(out, 0, sizeof *out);
    if (h->finished)
        return;
    stop_worker(h);
    h->finished = true;
    out->kinds = h->kinds;
    out->size = h->size;
    if (h->kinds & DW_HASH_CRC32) {
        out->crc32 = (uint32_t)h->crc;
        g_snprintf(out->crc32_hex, sizeof out->crc32_hex, "%08x", out->crc32);
    }
    if (h->md5)
        md_final(h->md5, out->md5_hex);
    if (h->sha1)
        md_final(h->sha1, out->sha1_hex);
    if (h->sha256)
        md_final(h->sha256, out->sha256_hex);
}

void dw_hash_free(dw_hash *h)
{
    if (!h)
        return;
    stop_worker(h);
    EVP_MD_CTX_free(h->md5);
    EVP_MD_CTX_free(h->sha1);
    EVP_MD_CTX_free(h->sha256);
    g_free(h);
}

gboolean dw_hash_file(const char *path, int64_t offset, int64_t length, unsigned kinds,
                      dw_hash_result *out, GError **error)
{
    if (offset < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: negative offset %" G_GINT64_FORMAT,
                    path, offset);
        return FALSE;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, e == ENOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO,
                    "%s: %s", path, g_strerror(e));
        return FALSE;
    }
    if (offset > 0 && lseek(fd, (off_t)offset, SEEK_SET) < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: seek: %s", path, g_strerror(e));
        close(fd);
        return FALSE;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    g_autoptr(dw_hash) h = dw_hash_new(kinds);
    size_t bufsize = 1024 * 1024;
    g_autofree uint8_t *buf = g_malloc(bufsize);
    int64_t left = length;
    for (;;) {
        size_t want = bufsize;
        if (length >= 0) {
            if (left == 0)
                break;
            if ((int64_t)want > left)
                want = (size_t)left;
        }
        ssize_t n = read(fd, buf, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: read: %s", path, g_strerror(e));
            close(fd);
            return FALSE;
        }
        if (n == 0) {
            if (length >= 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_IO,
                            "%s: file ends %" G_GINT64_FORMAT " bytes before the range to hash",
                            path, left);
                close(fd);
                return FALSE;
            }
            break;
        }
        dw_hash_update(h, buf, (size_t)n);
        left -= n;
    }
    close(fd);
    dw_hash_finish(h, out);
    return TRUE;
}
