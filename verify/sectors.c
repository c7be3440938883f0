/* sectors.c: per-sector checks of raw 2352-byte images and their .sub.
 *
 * Every sector of a data track is checked with dw_sector_verify (sync,
 * header MSF against its LBA, mode byte, Mode 2 subheader copies, EDC,
 * P/Q parity); an all-zero sector in a pregap is taken as an unwritten
 * gap, elsewhere it is reported as zero-filled (what a rip writes for
 * sectors it never read).  Problems are collected as LBA ranges per kind.
 * Q frames of the .sub are checked for their CRC and, for ADR 1 frames
 * outside the lead-in, for the absolute time equal to the position.
 * A rip's mapfile turns its non-finished runs into UNREADABLE findings.
 * --repair copies the one data file and rewrites in the copy the
 * sectors RSPC corrects (temporary name, rename when complete).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/mapfile.h"
#include "discwright/msf.h"
#include "discwright/sector.h"
#include "discwright/subq.h"
#include "discwright/verify.h"

enum { K_ZERO, K_SYNC, K_HEADER, K_MODE, K_SUBHEADER, K_EDC, K_ECC, K_TRACKMODE, K_N };
static const char *const kind_text[K_N] = {
    "zero-filled (never read?)", "bad sync", "header MSF not the sector's position", "bad mode byte",
    "Mode 2 subheader copies differ", "EDC mismatch", "ECC (P/Q parity) mismatch",
    "sector mode differs from the track's mode",
};

static gboolean pread_full(int fd, void *buf, size_t len, int64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(fd, (uint8_t *)buf + done, len - done, (off_t)(off + (int64_t)done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        done += (size_t)n;
    }
    return TRUE;
}

static gboolean pwrite_full(int fd, const void *buf, size_t len, int64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(fd, (const uint8_t *)buf + done, len - done, (off_t)(off + (int64_t)done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        done += (size_t)n;
    }
    return TRUE;
}

static gboolean all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return FALSE;
    return TRUE;
}

static gboolean mode_fits(dw_track_mode tm, dw_sector_mode sm)
{
    switch (tm) {
    case DW_TRACK_MODE1: return sm == DW_SECTOR_MODE1;
    case DW_TRACK_MODE0: return sm == DW_SECTOR_MODE0;
    case DW_TRACK_MODE2_FORM1: return sm == DW_SECTOR_MODE2_FORM1;
    case DW_TRACK_MODE2_FORM2: return sm == DW_SECTOR_MODE2_FORM2;
    case DW_TRACK_MODE2:
    case DW_TRACK_MODE2_FORM_MIX:
        return sm == DW_SECTOR_MODE2 || sm == DW_SECTOR_MODE2_FORM1 || sm == DW_SECTOR_MODE2_FORM2;
    default: return TRUE;
    }
}

/* Copy src to dst (created exclusively). */
static gboolean copy_file(const char *src, const char *dst, GError **error)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", src, g_strerror(errno));
        return FALSE;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", dst, g_strerror(errno));
        close(in);
        return FALSE;
    }
    g_autofree uint8_t *buf = g_malloc(1 << 20);
    gboolean ok = TRUE;
    int64_t pos = 0;
    for (;;) {
        ssize_t n = read(in, buf, 1 << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", src, g_strerror(errno));
            ok = FALSE;
            break;
        }
        if (n == 0)
            break;
        if (!pwrite_full(out, buf, (size_t)n, pos)) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: write failed: %s", dst, g_strerror(errno));
            ok = FALSE;
            break;
        }
        pos += n;
    }
    close(in);
    if (close(out) != 0 && ok) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", dst, g_strerror(errno));
        ok = FALSE;
    }
    return ok;
}

static void check_sub(const dw_image *img, size_t max, dw_report *r)
{
    int fd = open(img->sub_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        dw_report_add(r, DW_SEV_UNREADABLE, "subq", img->sub_path, 0, -1, -1, "%s: %s", img->sub_path,
                      g_strerror(errno));
        return;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    int64_t n = size > 0 ? size / 96 : 0;
    dw_range_list crc, pos;
    dw_range_list_init(&crc);
    dw_range_list_init(&pos);
    g_autofree uint8_t *buf = g_malloc(96 * 1024);
    int64_t checked = 0;
    for (int64_t lba = 0; lba < n; lba += 1024) {
        size_t cnt = (size_t)MIN(1024, n - lba);
        if (!pread_full(fd, buf, cnt * 96, lba * 96)) {
            dw_report_add(r, DW_SEV_UNREADABLE, "subq", img->sub_path, 0, lba, n - 1, "read failed");
            break;
        }
        for (size_t i = 0; i < cnt; i++) {
            const uint8_t *q = buf + i * 96 + 12;
            checked++;
            if (all_zero(buf + i * 96, 96))
                continue;            /* no subchannel recorded here */
            dw_subq sq;
            if (!dw_subq_crc_ok(q)) {
                dw_range_list_add(&crc, lba + (int64_t)i);
                continue;
            }
            if (!dw_subq_decode(q, &sq) || sq.adr != 1 || sq.track == 0)
                continue;
            if (dw_msf_to_lba(sq.abs) != lba + (int64_t)i)
                dw_range_list_add(&pos, lba + (int64_t)i);
        }
    }
    close(fd);
    dw_report_set_stat(r, "subq_frames", checked);
    dw_report_set_stat(r, "subq_crc_errors", crc.count);
    dw_report_set_stat(r, "subq_position_errors", pos.count);
    if (crc.count) {
        g_autofree char *t = dw_range_list_text(&crc, max);
        const dw_range *g0 = &g_array_index(crc.ranges, dw_range, 0);
        dw_report_add(r, DW_SEV_ERROR, "subq", img->sub_path, 0, g0->first, g0->last,
                      "%" G_GINT64_FORMAT " Q frames with a bad CRC at LBA %s", crc.count, t);
    }
    if (pos.count) {
        g_autofree char *t = dw_range_list_text(&pos, max);
        const dw_range *g0 = &g_array_index(pos.ranges, dw_range, 0);
        dw_report_add(r, DW_SEV_ERROR, "subq", img->sub_path, 0, g0->first, g0->last,
                      "%" G_GINT64_FORMAT " Q frames whose absolute time is not their position, at LBA %s",
                      pos.count, t);
    }
    if (!crc.count && !pos.count)
        dw_report_add(r, DW_SEV_OK, "subq", img->sub_path, 0, -1, -1, "%" G_GINT64_FORMAT " Q frames good",
                      checked);
    dw_range_list_clear(&crc);
    dw_range_list_clear(&pos);
}

static void check_map(const dw_image *img, int64_t sectors, dw_report *r)
{
    GError *e = NULL;
    g_autoptr(dw_map) map = dw_map_read_file(img->map_path, -1, 2352, &e);
    if (!map) {
        dw_report_add(r, DW_SEV_WARNING, "map", img->map_path, 0, -1, -1, "%s", e->message);
        g_error_free(e);
        return;
    }
    size_t n = 0;
    const dw_map_run *runs = dw_map_runs(map, &n);
    int64_t missing = 0;
    for (size_t i = 0; i < n; i++)
        if (runs[i].status != DW_MAP_FINISHED) {
            missing += runs[i].size;
            dw_report_add(r, DW_SEV_UNREADABLE, "map", img->map_path, 0, runs[i].pos,
                          runs[i].pos + runs[i].size - 1, "%" G_GINT64_FORMAT " sectors not read ('%c')",
                          runs[i].size, (char)runs[i].status);
        }
    if (dw_map_blocks(map) < sectors)
        dw_report_add(r, DW_SEV_WARNING, "map", img->map_path, 0, dw_map_blocks(map), sectors - 1,
                      "the map covers only %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " sectors",
                      dw_map_blocks(map), sectors);
    dw_report_set_stat(r, "map_unread_sectors", missing);
}

gboolean dw_verify_sectors(const dw_image *img, const dw_sectors_opts *opts, dw_report *r, dw_job *job,
                           GError **error)
{
    size_t max = opts && opts->list_max ? opts->list_max : 20;
    const char *repair = opts ? opts->repair_out : NULL;
    const char *data_file = NULL;
    int64_t data_sectors = 0;
    for (guint i = 0; i < img->spans->len; i++) {
        const dw_image_span *s = &g_array_index(img->spans, dw_image_span, i);
        if (s->mode == DW_TRACK_AUDIO || s->sector_size != 2352)
            continue;
        data_sectors += s->count;
        if (!data_file)
            data_file = s->path;
        else if (repair && strcmp(data_file, s->path) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                        "%s: --repair needs the data tracks in one file (%s and %s)", img->target,
                        data_file, s->path);
            return FALSE;
        }
    }
    g_autofree char *tmp = NULL;
    int out_fd = -1;
    if (repair && data_file) {
        if (!(opts && opts->force) && g_file_test(repair, G_FILE_TEST_EXISTS)) {
            g_set_error(error, DW_ERROR, DW_ERROR_EXISTS, "%s exists (use --force to replace it)", repair);
            return FALSE;
        }
        tmp = g_strconcat(repair, ".part", NULL);
        if (!copy_file(data_file, tmp, error))
            return FALSE;
        out_fd = open(tmp, O_WRONLY | O_CLOEXEC);
        if (out_fd < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", tmp, g_strerror(errno));
            unlink(tmp);
            return FALSE;
        }
    }
    dw_range_list lists[K_N], fixed, unfixed;
    for (int k = 0; k < K_N; k++)
        dw_range_list_init(&lists[k]);
    dw_range_list_init(&fixed);
    dw_range_list_init(&unfixed);
    if (job)
        dw_job_begin_phase(job, "checking sectors", (uint64_t)data_sectors, "sectors");
    g_autofree uint8_t *buf = g_malloc(2352 * 256);
    int64_t checked = 0, gaps = 0;
    gboolean ok = TRUE;
    for (guint si = 0; ok && si < img->spans->len; si++) {
        const dw_image_span *s = &g_array_index(img->spans, dw_image_span, si);
        if (s->mode == DW_TRACK_AUDIO || s->sector_size != 2352)
            continue;
        int fd = open(s->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            dw_report_add(r, DW_SEV_UNREADABLE, "sector", s->path, s->track, s->lba, s->lba + s->count - 1,
                          "%s: %s", s->path, g_strerror(errno));
            continue;
        }
        if (job)
            dw_job_set_track(job, s->track);
        for (int32_t i = 0; ok && i < s->count; i += 256) {
            int32_t cnt = MIN(256, s->count - i);
            int64_t off = s->offset + (int64_t)i * 2352;
            if (!pread_full(fd, buf, (size_t)cnt * 2352, off)) {
                dw_report_add(r, DW_SEV_UNREADABLE, "sector", s->path, s->track, s->lba + i,
                              s->lba + s->count - 1, "%s: short read at byte %" G_GINT64_FORMAT, s->path, off);
                break;
            }
            for (int32_t j = 0; j < cnt; j++) {
                uint8_t *sec = buf + (size_t)j * 2352;
                int32_t lba = s->lba + i + j;
                checked++;
                if (all_zero(sec, 2352)) {
                    if (lba < s->start)
                        gaps++;
                    else
                        dw_range_list_add(&lists[K_ZERO], lba);
                    continue;
                }
                dw_sector_check c;
                dw_sector_verify(sec, lba, &c);
                if (c.ok && (img->kind == DW_IMAGE_RAW || mode_fits(s->mode, c.mode)))
                    continue;
                if (!c.sync_ok)
                    dw_range_list_add(&lists[K_SYNC], lba);
                if (c.sync_ok && !c.header_ok)
                    dw_range_list_add(&lists[K_HEADER], lba);
                if (c.sync_ok && !c.mode_ok)
                    dw_range_list_add(&lists[K_MODE], lba);
                if (c.sync_ok && !c.subheader_ok)
                    dw_range_list_add(&lists[K_SUBHEADER], lba);
                if (c.sync_ok && !c.edc_ok)
                    dw_range_list_add(&lists[K_EDC], lba);
                if (c.sync_ok && !c.ecc_ok)
                    dw_range_list_add(&lists[K_ECC], lba);
                if (c.ok)
                    dw_range_list_add(&lists[K_TRACKMODE], lba);
                if (c.ok || !c.sync_ok)
                    continue;
                /* Try RSPC on Mode 1 and Mode 2 Form 1 sectors. */
                uint8_t fixbuf[2352];
                memcpy(fixbuf, sec, 2352);
                gboolean m2 = fixbuf[15] == 2;
                int nfixed = 0;
                dw_sector_check c2;
                if ((fixbuf[15] == 1 || m2) && dw_rspc_correct(fixbuf, m2, 8, &nfixed)) {
                    dw_sector_verify(fixbuf, lba, &c2);
                    if (c2.ok) {
                        dw_range_list_add(&fixed, lba);
                        if (out_fd >= 0 && !pwrite_full(out_fd, fixbuf, 2352, off + (int64_t)j * 2352)) {
                            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: write failed: %s", tmp,
                                        g_strerror(errno));
                            ok = FALSE;
                            break;
                        }
                        continue;
                    }
                }
                dw_range_list_add(&unfixed, lba);
            }
            if (job) {
                dw_job_advance(job, (uint64_t)cnt, (uint64_t)cnt * 2352);
                if (!dw_job_check_cancel(job, error))
                    ok = FALSE;
            }
        }
        close(fd);
    }
    int64_t bad = 0;
    if (ok) {
        for (int k = 0; k < K_N; k++) {
            if (!lists[k].count)
                continue;
            bad += lists[k].count;
            g_autofree char *t = dw_range_list_text(&lists[k], max);
            const dw_range *g0 = &g_array_index(lists[k].ranges, dw_range, 0);
            const dw_track *tr = img->disc ? dw_disc_track_at(img->disc, (int32_t)g0->first) : NULL;
            dw_report_add(r, k == K_TRACKMODE ? DW_SEV_WARNING : DW_SEV_ERROR, "sector", NULL,
                          tr ? tr->number : 0, g0->first, g0->last, "%s: %" G_GINT64_FORMAT " sectors at LBA %s",
                          kind_text[k], lists[k].count, t);
        }
        if (fixed.count) {
            g_autofree char *t = dw_range_list_text(&fixed, max);
            const dw_range *g0 = &g_array_index(fixed.ranges, dw_range, 0);
            dw_report_add(r, DW_SEV_INFO, "repair", repair, 0, g0->first, g0->last,
                          "%" G_GINT64_FORMAT " sectors correctable by RSPC%s: LBA %s", fixed.count,
                          repair ? " and corrected in the copy" : "", t);
        }
        if (unfixed.count) {
            g_autofree char *t = dw_range_list_text(&unfixed, max);
            const dw_range *g0 = &g_array_index(unfixed.ranges, dw_range, 0);
            dw_report_add(r, DW_SEV_WARNING, "repair", NULL, 0, g0->first, g0->last,
                          "%" G_GINT64_FORMAT " sectors RSPC cannot correct: LBA %s", unfixed.count, t);
        }
        if (!bad)
            dw_report_add(r, DW_SEV_OK, "sector", NULL, 0, -1, -1,
                          "%" G_GINT64_FORMAT " data sectors good", checked - gaps);
        dw_report_set_stat(r, "sectors_checked", checked);
        dw_report_set_stat(r, "sectors_bad", bad);
        dw_report_set_stat(r, "sectors_correctable", fixed.count);
        dw_report_set_stat(r, "sectors_uncorrectable", unfixed.count);
    }
    for (int k = 0; k < K_N; k++)
        dw_range_list_clear(&lists[k]);
    dw_range_list_clear(&fixed);
    dw_range_list_clear(&unfixed);
    if (out_fd >= 0) {
        gboolean synced = fsync(out_fd) == 0;
        if (close(out_fd) != 0)
            synced = FALSE;
        if (ok && !synced) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", tmp, g_strerror(errno));
            ok = FALSE;
        }
        if (ok && rename(tmp, repair) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot rename to %s: %s", tmp, repair,
                        g_strerror(errno));
            ok = FALSE;
        }
        if (!ok)
            unlink(tmp);
    }
    if (!ok)
        return FALSE;
    if (img->sub_path)
        check_sub(img, max, r);
    if (img->map_path)
        check_map(img, dw_image_sectors(img), r);
    return TRUE;
}
