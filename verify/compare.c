/* compare.c: a disc (through libcdio, the virtual drive included) or an
 * image against a reference image, sector by sector by LBA.  Only the
 * reference's own sectors count: a burned disc is usually longer than
 * the image (run-out blocks, padding) and that tail is never read; a
 * target that ends early is a mismatch.  2048-byte references are read
 * from a drive as cooked data, 2352-byte ones with READ CD (sync, header,
 * user data, EDC/ECC, no subchannel). */
#include "config.h"

#include <cdio/cdio.h>
#include <cdio/mmc_cmds.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/probe.h"
#include "discwright/verify.h"
#include "disc/cdio_log.h"

typedef struct {
    dw_image *img;               /* image side, or NULL for a drive */
    CdIo_t *cdio;                /* drive side */
    int fd;                      /* open file of the span last read */
    const char *fd_path;
} side;

static void side_close(side *s)
{
    if (s->fd >= 0)
        close(s->fd);
    if (s->cdio)
        cdio_destroy(s->cdio);
    dw_image_free(s->img);
}

static const dw_image_span *span_at(const dw_image *img, int64_t lba)
{
    for (guint i = 0; i < img->spans->len; i++) {
        const dw_image_span *s = &g_array_index(img->spans, dw_image_span, i);
        if (lba >= s->lba && lba < (int64_t)s->lba + s->count)
            return s;
    }
    return NULL;
}

/* Read cnt sectors of size ss at lba; returns sectors read (0 = none). */
static int32_t side_read(side *s, int64_t lba, int32_t cnt, uint32_t ss, uint8_t *buf)
{
    if (s->cdio) {
        driver_return_code_t rc;
        if (ss == 2048)
            rc = cdio_read_data_sectors(s->cdio, buf, (lsn_t)lba, 2048, (uint32_t)cnt);
        else
            rc = mmc_read_cd(s->cdio, buf, (lsn_t)lba, 0, false, true, 3, true, true, 0, 0, 2352,
                             (uint32_t)cnt);
        if (rc == DRIVER_OP_SUCCESS)
            return cnt;
        if (cnt > 1)
            return side_read(s, lba, 1, ss, buf);
        return 0;
    }
    const dw_image_span *sp = span_at(s->img, lba);
    if (!sp || sp->sector_size != ss)
        return 0;
    int64_t avail = (int64_t)sp->lba + sp->count - lba;
    if (cnt > avail)
        cnt = (int32_t)avail;
    if (s->fd < 0 || strcmp(s->fd_path, sp->path) != 0) {
        if (s->fd >= 0)
            close(s->fd);
        s->fd = open(sp->path, O_RDONLY | O_CLOEXEC);
        s->fd_path = sp->path;
        if (s->fd < 0)
            return 0;
    }
    size_t want = (size_t)cnt * ss, done = 0;
    int64_t off = sp->offset + (lba - sp->lba) * (int64_t)ss;
    while (done < want) {
        ssize_t n = pread(s->fd, buf + done, want - done, (off_t)(off + (int64_t)done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    return (int32_t)(done / ss);
}

static gboolean side_open(side *s, const char *path, gboolean allow_drive, GError **error)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    if (allow_drive && dw_source_classify(path) == DW_SOURCE_DEVICE) {
        s->cdio = cdio_open(path, DRIVER_LINUX);
        if (!s->cdio) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: cannot open the drive", path);
            return FALSE;
        }
        return TRUE;
    }
    s->img = dw_image_open(path, error);
    return s->img != NULL;
}

static gboolean compare_run(const char *target, const char *reference, const dw_compare_opts *opts, dw_report *r,
                            dw_job *job, GError **error)
{
    size_t max = opts && opts->list_max ? opts->list_max : 20;
    side t, ref;
    if (!side_open(&ref, reference, FALSE, error))
        return FALSE;
    if (!side_open(&t, target, TRUE, error)) {
        side_close(&ref);
        return FALSE;
    }
    if (ref.img->spans->len == 0) {
        side_close(&ref);
        side_close(&t);
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: holds no sectors", reference);
        return FALSE;
    }
    uint32_t ss = g_array_index(ref.img->spans, dw_image_span, 0).sector_size;
    for (guint i = 0; i < ref.img->spans->len; i++)
        if (g_array_index(ref.img->spans, dw_image_span, i).sector_size != ss) {
            side_close(&ref);
            side_close(&t);
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: mixes sector sizes", reference);
            return FALSE;
        }
    int64_t total = dw_image_sectors(ref.img);
    if (job)
        dw_job_begin_phase(job, "comparing", (uint64_t)total, "sectors");
    enum { CH = 64 };
    g_autofree uint8_t *a = g_malloc((size_t)CH * 2352), *b = g_malloc((size_t)CH * 2352);
    dw_range_list diff, missing;
    dw_range_list_init(&diff);
    dw_range_list_init(&missing);
    gboolean ok = TRUE;
    int64_t compared = 0;
    for (guint si = 0; ok && si < ref.img->spans->len; si++) {
        const dw_image_span *sp = &g_array_index(ref.img->spans, dw_image_span, si);
        for (int64_t lba = sp->lba; lba < (int64_t)sp->lba + sp->count;) {
            int32_t cnt = (int32_t)MIN((int64_t)CH, (int64_t)sp->lba + sp->count - lba);
            int32_t got_ref = side_read(&ref, lba, cnt, ss, a);
            if (got_ref <= 0) {
                dw_report_add(r, DW_SEV_UNREADABLE, "compare", reference, sp->track, lba, lba,
                              "%s: cannot read sector %" G_GINT64_FORMAT, reference, lba);
                ok = FALSE;
                g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: read failed at sector %" G_GINT64_FORMAT,
                            reference, lba);
                break;
            }
            int32_t got = side_read(&t, lba, got_ref, ss, b);
            if (got > 0 && got < got_ref)
                got_ref = got;   /* the rest is tried again in the next round */
            for (int32_t k = 0; k < got_ref; k++) {
                if (got <= 0)
                    dw_range_list_add(&missing, lba + k);
                else if (memcmp(a + (size_t)k * ss, b + (size_t)k * ss, ss) != 0)
                    dw_range_list_add(&diff, lba + k);
            }
            compared += got_ref;
            lba += got_ref;
            if (job) {
                dw_job_advance(job, (uint64_t)got_ref, (uint64_t)got_ref * ss);
                if (!dw_job_check_cancel(job, error)) {
                    ok = FALSE;
                    break;
                }
            }
        }
    }
    if (ok) {
        dw_report_set_stat(r, "sectors_compared", compared);
        dw_report_set_stat(r, "sectors_differing", diff.count);
        dw_report_set_stat(r, "sectors_missing", missing.count);
        if (diff.count) {
            g_autofree char *txt = dw_range_list_text(&diff, max);
            const dw_range *g0 = &g_array_index(diff.ranges, dw_range, 0);
            const dw_track *tr = ref.img->disc ? dw_disc_track_at(ref.img->disc, (int32_t)g0->first) : NULL;
            dw_report_add(r, DW_SEV_ERROR, "compare", target, tr ? tr->number : 0, g0->first, g0->last,
                          "%" G_GINT64_FORMAT " %s from %s at LBA %s", diff.count,
                          diff.count == 1 ? "sector differs" : "sectors differ", reference, txt);
        }
        if (missing.count) {
            g_autofree char *txt = dw_range_list_text(&missing, max);
            const dw_range *g0 = &g_array_index(missing.ranges, dw_range, 0);
            dw_report_add(r, t.cdio ? DW_SEV_UNREADABLE : DW_SEV_ERROR, "compare", target, 0, g0->first,
                          g0->last, "%" G_GINT64_FORMAT " %s of %s %s at LBA %s", missing.count,
                          missing.count == 1 ? "sector" : "sectors", reference,
                          t.cdio ? "could not be read" : missing.count == 1 ? "is missing" : "are missing", txt);
        }
        if (!diff.count && !missing.count)
            dw_report_add(r, DW_SEV_OK, "compare", target, 0, -1, -1,
                          "%" G_GINT64_FORMAT " %s equal to %s", compared, compared == 1 ? "sector" : "sectors",
                          reference);
    }
    dw_range_list_clear(&diff);
    dw_range_list_clear(&missing);
    side_close(&ref);
    side_close(&t);
    return ok;
}

gboolean dw_verify_compare(const char *target, const char *reference, const dw_compare_opts *opts,
                           dw_report *r, dw_job *job, GError **error)
{
    dw_job *previous = dw_cdio_log_enter(job);
    gboolean ret = compare_run(target, reference, opts, r, job, error);
    dw_cdio_log_leave(previous);
    return ret;
}
