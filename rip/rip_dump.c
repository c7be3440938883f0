/* rip_dump.c: the dump a rip keeps — what the drive gave, unchanged.
 * CD: BASE.dump.img (2352 bytes per LBA from 0, a sparse gap between
 * sessions), BASE.dump.sub (96 bytes per LBA, CloneCD .sub layout) and
 * BASE.dump.ccd (the TOC), so the dump is itself a CloneCD image.  DVD/BD:
 * the ISO itself.  BASE.map (ddrescue syntax) says which sectors are good;
 * it is rewritten atomically after every stored block, after the data,
 * so a killed rip never claims a sector it has not stored. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "rip/rip_private.h"

static int open_file(const char *path, bool create, uint64_t size, GError **error)
{
    int fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0), 0644);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(e));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || ((uint64_t)st.st_size < size && ftruncate(fd, (off_t)size) != 0)) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(e));
        close(fd);
        return -1;
    }
    return fd;
}

gboolean dw_rip_dump_open(dw_rip_ctx *c, GError **error)
{
    bool fresh = !(c->opt->resume || c->opt->refine);
    if (fresh) {
        c->map = dw_map_new(c->n_sectors, c->sector_size);
        if (c->gap)
            for (int64_t i = 0; i < c->n_sectors; i++)
                if (c->gap[i])
                    dw_map_set(c->map, i, 1, DW_MAP_FINISHED);
    } else {
        GError *e = NULL;
        c->map = dw_map_read_file(c->map_path, c->n_sectors, c->sector_size, &e);
        if (!c->map) {
            g_propagate_prefixed_error(error, e, "cannot resume: ");
            return FALSE;
        }
        if (dw_map_blocks(c->map) != c->n_sectors) {
            g_set_error(error, DW_ERROR, DW_ERROR_MISMATCH,
                        "%s describes %" G_GINT64_FORMAT " sectors but the disc has %" G_GINT64_FORMAT
                        ": is this the same disc?",
                        c->map_path, dw_map_blocks(c->map), c->n_sectors);
            return FALSE;
        }
        if (!g_file_test(c->img_path, G_FILE_TEST_EXISTS)) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot resume: %s is missing", c->img_path);
            return FALSE;
        }
    }
    c->img_fd = open_file(c->img_path, fresh, (uint64_t)c->n_sectors * c->sector_size, error);
    if (c->img_fd < 0)
        return FALSE;
    if (c->sub_path) {
        c->sub_fd = open_file(c->sub_path, fresh, (uint64_t)c->n_sectors * DW_SUB, error);
        if (c->sub_fd < 0)
            return FALSE;
    }
    return dw_rip_map_save(c, error);
}

void dw_rip_dump_close(dw_rip_ctx *c)
{
    if (c->img_fd >= 0)
        close(c->img_fd);
    if (c->sub_fd >= 0)
        close(c->sub_fd);
    c->img_fd = c->sub_fd = -1;
}

static gboolean pio(int fd, bool write, void *buf, size_t len, off_t off, const char *path, GError **error)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t n = write ? pwrite(fd, p, len, off) : pread(fd, p, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, n < 0 ? g_strerror(e) : "short read");
            return FALSE;
        }
        p += n;
        len -= (size_t)n;
        off += n;
    }
    return TRUE;
}

gboolean dw_rip_dump_store(dw_rip_ctx *c, int32_t lba, int count, const uint8_t *main, const uint8_t *sub,
                           GError **error)
{
    if (!pio(c->img_fd, true, (void *)main, (size_t)count * c->sector_size, (off_t)lba * c->sector_size,
             c->img_path, error))
        return FALSE;
    if (c->sub_fd >= 0 && sub &&
        !pio(c->sub_fd, true, (void *)sub, (size_t)count * DW_SUB, (off_t)lba * DW_SUB, c->sub_path, error))
        return FALSE;
    return TRUE;
}

gboolean dw_rip_dump_load(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *sub, GError **error)
{
    if (main && !pio(c->img_fd, false, main, (size_t)count * c->sector_size, (off_t)lba * c->sector_size,
                     c->img_path, error))
        return FALSE;
    if (sub) {
        if (c->sub_fd < 0)
            memset(sub, 0, (size_t)count * DW_SUB);
        else if (!pio(c->sub_fd, false, sub, (size_t)count * DW_SUB, (off_t)lba * DW_SUB, c->sub_path, error))
            return FALSE;
    }
    return TRUE;
}

gboolean dw_rip_map_save(dw_rip_ctx *c, GError **error)
{
    /* At most once a second the map is renamed into place without a
     * flush: a killed process loses at most a second of reading (the map
     * only ever lags the data, so it never claims a sector not stored).
     * Writing it after every block cost a file creation and a rename per
     * command, time the drive sat idle.  Every few seconds (and at the
     * end, dw_rip_dump_sync) the data and then the map go to the disk, so
     * a power cut costs at most those seconds of reading. */
    gint64 now = g_get_monotonic_time();
    if (now - c->last_sync >= 5 * G_USEC_PER_SEC)
        return dw_rip_dump_sync(c, error);
    if (c->last_map && now - c->last_map < G_USEC_PER_SEC)
        return TRUE;
    c->last_map = now;
    return dw_map_write_file_full(c->map, c->map_path, false, error);
}

gboolean dw_rip_dump_sync(dw_rip_ctx *c, GError **error)
{
    c->last_sync = c->last_map = g_get_monotonic_time();
    if ((c->img_fd >= 0 && fdatasync(c->img_fd) != 0) || (c->sub_fd >= 0 && fdatasync(c->sub_fd) != 0)) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", c->img_path, g_strerror(e));
        return FALSE;
    }
    return dw_map_write_file_full(c->map, c->map_path, true, error);
}
