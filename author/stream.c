/* stream.c: the image as a pull stream, and the file/stdout writer.
 *
 * The stream walks the plan's segments in block order: metadata from
 * memory, file data read straight into the caller's buffer (large reads,
 * one open file at a time), zeros for gaps and for the tail of each
 * file's last block.  A source whose size differs from the scan, or that
 * ends early, is an error naming it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "author/author_private.h"

struct dw_author_stream {
    dw_author_plan *plan;
    uint64_t pos;                /* bytes produced */
    guint seg;                   /* next or current segment */
    int fd;                      /* open source of the current file segment, -1 */
    uint64_t fdone;              /* bytes of that file read */
    guint8 block[BLK];           /* one rendered metadata block */
};

dw_author_stream *dw_author_stream_new(dw_author_plan *plan, GError **error)
{
    (void)error;
    dw_author_stream *s = g_new0(dw_author_stream, 1);
    s->plan = plan;
    s->fd = -1;
    return s;
}

void dw_author_stream_free(dw_author_stream *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    g_free(s);
}

/* The file whose data holds block b (files in plan->forder are in block
 * order, back to back), NULL where none does. */
static dw_afile *file_at(dw_author_plan *p, uint64_t b)
{
    guint lo = 0, hi = p->n_forder;
    while (hi - lo > 1) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(p->files, dw_afile, p->forder[mid]).lba <= b)
            lo = mid;
        else
            hi = mid;
    }
    if (lo >= p->n_forder)
        return NULL;
    dw_afile *f = &g_array_index(p->files, dw_afile, p->forder[lo]);
    if (b < f->lba || b >= f->lba + (f->size + BLK - 1) / BLK)
        return NULL;
    return f;
}

static gssize zeros(void *buf, uint64_t n)
{
    memset(buf, 0, n);
    return (gssize)n;
}

gssize dw_author_stream_read(dw_author_stream *s, void *buf, gsize len, GError **error)
{
    dw_author_plan *p = s->plan;
    uint64_t end = p->total_blocks * BLK;
    guint8 *out = buf;
    gsize done = 0;
    while (done < len && s->pos < end) {
        gsize want = len - done;
        while (s->seg < p->segments->len) {
            dw_aseg *g = &g_array_index(p->segments, dw_aseg, s->seg);
            if (s->pos < (g->lba - p->start + g->nblocks) * BLK)
                break;
            s->seg++;
        }
        if (s->seg >= p->segments->len) {
            done += zeros(out + done, MIN(want, end - s->pos));
            s->pos += MIN(want, end - s->pos);
            continue;
        }
        dw_aseg *g = &g_array_index(p->segments, dw_aseg, s->seg);
        uint64_t gstart = (g->lba - p->start) * BLK, gend = (g->lba - p->start + g->nblocks) * BLK;
        if (s->pos < gstart) {
            uint64_t n = MIN(want, gstart - s->pos);
            zeros(out + done, n);
            done += n;
            s->pos += n;
            continue;
        }
        uint64_t off = s->pos - gstart;
        uint64_t n = MIN(want, gend - s->pos);
        if (g->mem) {
            memcpy(out + done, g->mem + off, n);
            done += n;
            s->pos += n;
            continue;
        }
        if (g->gen) {
            uint64_t in = off % BLK;
            n = MIN(n, BLK - in);
            if (in == 0 && n == BLK) {
                g->gen(p, g->lba + off / BLK, out + done);
            } else {
                g->gen(p, g->lba + off / BLK, s->block);
                memcpy(out + done, s->block + in, n);
            }
            done += n;
            s->pos += n;
            continue;
        }
        dw_afile *f;
        if (g->file == DW_SEG_FILES) {
            f = file_at(p, p->start + s->pos / BLK);
            if (!f) {
                zeros(out + done, MIN(n, BLK - s->pos % BLK));
                done += MIN(n, BLK - s->pos % BLK);
                s->pos += MIN(n, BLK - s->pos % BLK);
                continue;
            }
            uint64_t fstart = ((uint64_t)f->lba - p->start) * BLK;
            off = s->pos - fstart;
            n = MIN(want, fstart + (f->size + BLK - 1) / BLK * BLK - s->pos);
        } else {
            f = &g_array_index(p->files, dw_afile, g->file);
        }
        if (off >= f->size) {
            zeros(out + done, n);
        } else if (f->mem) {
            uint64_t take = MIN(n, f->size - off);
            memcpy(out + done, f->mem + off, take);
            n = take;
        } else {
            if (s->fd < 0) {
                if (!dw_job_check_cancel(p->job, error))
                    return -1;
                s->fd = open(f->src, O_RDONLY | O_CLOEXEC);
                struct stat st;
                if (s->fd < 0 || fstat(s->fd, &st) != 0) {
                    g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", f->src, g_strerror(errno));
                    return -1;
                }
                if ((uint64_t)st.st_size != f->size) {
                    g_set_error(error, DW_ERROR, DW_ERROR_IO,
                                "%s changed size while the image was made (%" G_GUINT64_FORMAT " bytes, now %jd)",
                                f->src, f->size, (intmax_t)st.st_size);
                    return -1;
                }
                posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
                s->fdone = 0;
            }
            uint64_t take = MIN(n, f->size - off);
            ssize_t r;
            do
                r = pread(s->fd, out + done, take, (off_t)off);
            while (r < 0 && errno == EINTR);
            if (r < 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", f->src, g_strerror(errno));
                return -1;
            }
            if (r == 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s shrank while the image was made (ended at %" G_GUINT64_FORMAT
                            " of %" G_GUINT64_FORMAT " bytes)", f->src, off, f->size);
                return -1;
            }
            n = (uint64_t)r;
            if (off + n == f->size) {
                close(s->fd);
                s->fd = -1;
            }
        }
        done += n;
        s->pos += n;
    }
    if (done)
        dw_job_set_done(p->job, s->pos / BLK, s->pos);
    return (gssize)done;
}

static gboolean write_all(int fd, const guint8 *b, size_t n, const char *name, GError **error)
{
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", name, g_strerror(errno));
            return FALSE;
        }
        b += w;
        n -= (size_t)w;
    }
    return TRUE;
}

/* Write n bytes, seeking over 64 KiB pieces that are all zero (the image
 * file stays sparse where the sources are). */
static gboolean write_sparse(int fd, const guint8 *b, size_t n, const char *name, GError **error)
{
    static const guint8 zero[65536];
    while (n > 0) {
        size_t k = MIN(n, sizeof zero);
        if (k == sizeof zero && memcmp(b, zero, k) == 0) {
            if (lseek(fd, (off_t)k, SEEK_CUR) < 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot seek in %s: %s", name, g_strerror(errno));
                return FALSE;
            }
        } else if (!write_all(fd, b, k, name, error)) {
            return FALSE;
        }
        b += k;
        n -= k;
    }
    return TRUE;
}

gboolean dw_author_write(const dw_author_options *opts, const char *path, gboolean force, dw_job *job,
                         GError **error)
{
    gboolean to_stdout = strcmp(path, "-") == 0;
    struct stat so, sp;
    const char *prev = opts->prev_image && g_str_has_prefix(opts->prev_image, "stdio:") ? opts->prev_image + 6
                                                                                         : opts->prev_image;
    if (!to_stdout && prev && stat(path, &so) == 0 && stat(prev, &sp) == 0 && so.st_dev == sp.st_dev &&
        so.st_ino == sp.st_ino) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                    "%s is the image the new session continues: write the session elsewhere and append it with "
                    "burn --multi", path);
        return FALSE;
    }
    if (!to_stdout && !force && g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(error, DW_ERROR, DW_ERROR_EXISTS, "%s exists (use --force to replace it)", path);
        return FALSE;
    }
    g_autoptr(dw_author_plan) plan = dw_author_plan_new(opts, job, error);
    if (!plan)
        return FALSE;
    g_autoptr(dw_author_stream) s = dw_author_stream_new(plan, error);
    if (!s)
        return FALSE;
    int fd = 1;
    g_autofree char *tmp = NULL;
    if (!to_stdout) {
        tmp = g_strdup_printf("%s.partial-XXXXXX", path);
        fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot create %s: %s", tmp, g_strerror(errno));
            return FALSE;
        }
    }
    dw_job_begin_phase(job, "writing", dw_author_plan_blocks(plan), "sectors");
    const gsize bufsize = 256u << 10;
    guint8 *buf = g_malloc(bufsize);
    gboolean ok = TRUE;
    for (;;) {
        gssize n = dw_author_stream_read(s, buf, bufsize, error);
        gboolean w = n <= 0 || (to_stdout ? write_all(fd, buf, (size_t)n, "standard output", error)
                                          : write_sparse(fd, buf, (size_t)n, tmp, error));
        if (n < 0 || !w) {
            ok = FALSE;
            break;
        }
        if (n == 0)
            break;
        if (!dw_job_check_cancel(job, error)) {
            ok = FALSE;
            break;
        }
    }
    g_free(buf);
    if (!to_stdout) {
        if (ok && ftruncate(fd, (off_t)(dw_author_plan_blocks(plan) * BLK)) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", tmp, g_strerror(errno));
            ok = FALSE;
        }
        if (close(fd) != 0 && ok) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", tmp, g_strerror(errno));
            ok = FALSE;
        }
        if (ok && rename(tmp, path) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot rename %s to %s: %s", tmp, path, g_strerror(errno));
            ok = FALSE;
        }
        if (!ok)
            g_unlink(tmp);
    }
    if (ok)
        dw_job_finish(job);
    return ok;
}
