/* verify_after.c: libburn has no verify of its own, so the written area
 * is read back through the drive and compared with the image over the
 * image's own length only (never the padding after it): byte by byte
 * against a file, which names the first differing LBA, or by SHA-256
 * against a stream that cannot be read twice. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "burn/burn_private.h"
#include "discwright/hash.h"

#define CHUNK_BLOCKS 256         /* 512 KiB per read */

static gboolean read_full(int fd, guint8 *buf, size_t len, off_t off, const char *path, GError **error)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(fd, buf + got, len - got, off + (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: read at %lld: %s", path, (long long)(off + (off_t)got),
                        n < 0 ? g_strerror(errno) : "unexpected end");
            return FALSE;
        }
        got += (size_t)n;
    }
    return TRUE;
}

gboolean dw_burn_verify_file(dw_burn_drive *drive, const char *image, int32_t start_lba, dw_job *job,
                             int64_t *bad_lba, GError **error)
{
    if (bad_lba)
        *bad_lba = -1;
    int fd = open(image, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", image, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return FALSE;
    }
    uint64_t bytes = (uint64_t)st.st_size;
    uint64_t blocks = (bytes + DW_BURN_BLOCK - 1) / DW_BURN_BLOCK;
    if (job)
        dw_job_begin_phase(job, "verifying", blocks, "sectors");
    size_t cap = (size_t)CHUNK_BLOCKS * DW_BURN_BLOCK;
    guint8 *want = g_malloc(cap), *got = g_malloc(cap);
    dw_hash *h = dw_hash_new(DW_HASH_SHA256);
    gboolean ok = TRUE;
    for (uint64_t b = 0; ok && b < blocks; b += CHUNK_BLOCKS) {
        if (job && !dw_job_check_cancel(job, error)) {
            ok = FALSE;
            break;
        }
        size_t nb = (size_t)MIN((uint64_t)CHUNK_BLOCKS, blocks - b);
        uint64_t off = b * DW_BURN_BLOCK;
        size_t len = (size_t)MIN((uint64_t)nb * DW_BURN_BLOCK, bytes - off);   /* the image's own bytes */
        if (!read_full(fd, want, len, (off_t)off, image, error) ||
            !dw_burn_read_blocks(drive, start_lba + (int64_t)b, got, nb, error)) {
            ok = FALSE;
            break;
        }
        dw_hash_update(h, got, len);
        if (memcmp(want, got, len) != 0) {
            size_t i = 0;
            while (want[i] == got[i])
                i++;
            int64_t lba = start_lba + (int64_t)((off + i) / DW_BURN_BLOCK);
            if (bad_lba)
                *bad_lba = lba;
            if (job)
                dw_job_add_error(job);
            g_set_error(error, DW_ERROR, DW_ERROR_MISMATCH,
                        "%s: verify failed: LBA %" G_GINT64_FORMAT " differs from %s (byte %zu of that block, image "
                        "offset %" G_GUINT64_FORMAT "); the medium does not hold the image: burn it again, on another "
                        "disc or at a lower --speed", drive->address, lba, image, (size_t)((off + i) % DW_BURN_BLOCK),
                        (uint64_t)(off + i));
            ok = FALSE;
            break;
        }
        if (job)
            dw_job_advance(job, nb, len);
    }
    dw_hash_result r;
    dw_hash_finish(h, &r);
    dw_hash_free(h);
    if (ok && job)
        dw_job_log(job, DW_LOG_INFO, "verified %" G_GUINT64_FORMAT " bytes at LBA %d, SHA-256 %s", bytes, start_lba,
                   r.sha256_hex);
    g_free(want);
    g_free(got);
    close(fd);
    return ok;
}

gboolean dw_burn_verify_sha256(dw_burn_drive *drive, int32_t start_lba, uint64_t bytes, const char *expected,
                               dw_job *job, GError **error)
{
    if (!expected) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: nothing to verify against", drive->address);
        return FALSE;
    }
    uint64_t blocks = (bytes + DW_BURN_BLOCK - 1) / DW_BURN_BLOCK;
    if (job)
        dw_job_begin_phase(job, "verifying", blocks, "sectors");
    size_t cap = (size_t)CHUNK_BLOCKS * DW_BURN_BLOCK;
    guint8 *got = g_malloc(cap);
    dw_hash *h = dw_hash_new(DW_HASH_SHA256);
    gboolean ok = TRUE;
    for (uint64_t b = 0; b < blocks; b += CHUNK_BLOCKS) {
        size_t nb = (size_t)MIN((uint64_t)CHUNK_BLOCKS, blocks - b);
        if ((job && !dw_job_check_cancel(job, error)) ||
            !dw_burn_read_blocks(drive, start_lba + (int64_t)b, got, nb, error)) {
            ok = FALSE;
            break;
        }
        /* The padding of the last block was hashed while writing too. */
        dw_hash_update(h, got, nb * DW_BURN_BLOCK);
        if (job)
            dw_job_advance(job, nb, nb * DW_BURN_BLOCK);
    }
    dw_hash_result r;
    dw_hash_finish(h, &r);
    dw_hash_free(h);
    if (ok && strcmp(r.sha256_hex, expected) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_MISMATCH,
                    "%s: verify failed: SHA-256 of the %" G_GUINT64_FORMAT " blocks at LBA %d is %s, %s was written "
                    "(the source cannot be re-read to locate the difference)", drive->address, blocks, start_lba,
                    r.sha256_hex, expected);
        ok = FALSE;
    }
    g_free(got);
    return ok;
}
