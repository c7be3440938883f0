/* rip_outputs.c: the files a rip derives from its dump, each written under
 * a temporary name and renamed when complete, each hashed (CRC32, MD5,
 * SHA-1, SHA-256) as it is written:
 *   bincue  BASE.cue + "BASE (Track N).bin" (redump conventions, sheet.h)
 *   ccd     BASE.ccd + BASE.img (LBA 0 on, gaps zero) + BASE.sub
 *   toc     BASE.toc + BASE.bin (every track with its pregap)
 *   iso     BASE.iso: the 2048-byte user data of the first data track
 * Audio is offset-corrected (rip_offset.c); the subchannel is not.  The
 * hashes go to BASE.hash (one line per file) and BASE.dat (redump XML). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/sector.h"
#include "discwright/sheet.h"
#include "rip/rip_private.h"

#define CHUNK 256

typedef struct {
    char *name;                  /* relative to BASE's folder */
    dw_hash_result h;
} out_entry;

typedef struct {
    dw_rip_ctx *c;
    char *dir, *stem;            /* folder and file name stem of BASE */
    GArray *entries;             /* out_entry */
    uint64_t bytes_total;
} outputs;

typedef struct {
    char *path, *tmp;
    int fd;
    dw_hash *h;
} sink;

static gboolean sink_open(outputs *o, sink *s, const char *name, GError **error)
{
    s->path = g_build_filename(o->dir, name, NULL);
    s->tmp = g_strdup_printf("%s.partial", s->path);
    s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (s->fd < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", s->tmp, g_strerror(e));
        g_free(s->path);
        g_free(s->tmp);
        return FALSE;
    }
    s->h = dw_hash_new(DW_HASH_ALL);
    return TRUE;
}

static gboolean sink_write(sink *s, const void *buf, size_t len, GError **error)
{
    dw_hash_update(s->h, buf, len);
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = write(s->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", s->tmp, g_strerror(e));
            return FALSE;
        }
        p += n;
        len -= (size_t)n;
    }
    return TRUE;
}

static void sink_abort(sink *s)
{
    if (s->fd >= 0)
        close(s->fd);
    unlink(s->tmp);
    dw_hash_free(s->h);
    g_free(s->path);
    g_free(s->tmp);
}

static gboolean sink_close(outputs *o, sink *s, const char *name, GError **error)
{
    out_entry e = { .name = g_strdup(name) };
    dw_hash_finish(s->h, &e.h);
    dw_hash_free(s->h);
    s->h = NULL;
    gboolean ok = close(s->fd) == 0;
    s->fd = -1;
    if (ok && rename(s->tmp, s->path) != 0)
        ok = FALSE;
    if (!ok) {
        int err = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", s->path, g_strerror(err));
        unlink(s->tmp);
        g_free(e.name);
    } else
        g_array_append_val(o->entries, e);
    g_free(s->path);
    g_free(s->tmp);
    return ok;
}

static gboolean write_text(outputs *o, const char *name, const char *text, GError **error)
{
    sink s;
    if (!sink_open(o, &s, name, error))
        return FALSE;
    if (!sink_write(&s, text, strlen(text), error)) {
        sink_abort(&s);
        return FALSE;
    }
    return sink_close(o, &s, name, error);
}

/* Corrected sectors [lba, end) appended to s (raw, or 2048 user bytes). */
static gboolean copy_range(outputs *o, sink *s, int32_t lba, int32_t end, bool user_only, GError **error)
{
    dw_rip_ctx *c = o->c;
    g_autofree uint8_t *buf = g_malloc((size_t)CHUNK * DW_RAW);
    g_autofree uint8_t *user = user_only ? g_malloc((size_t)CHUNK * 2048) : NULL;
    while (lba < end) {
        if (!dw_job_check_cancel(c->job, error))
            return FALSE;
        int n = (int)MIN((int32_t)CHUNK, end - lba);
        if (!dw_rip_corrected(c, lba, n, buf, error))
            return FALSE;
        if (user_only) {
            for (int i = 0; i < n; i++) {
                const uint8_t *sec = buf + (size_t)i * DW_RAW;
                memcpy(user + (size_t)i * 2048, sec + (sec[15] == 2 ? 24 : 16), 2048);
            }
            if (!sink_write(s, user, (size_t)n * 2048, error))
                return FALSE;
        } else if (!sink_write(s, buf, (size_t)n * DW_RAW, error))
            return FALSE;
        dw_job_advance(c->job, (uint64_t)n, (uint64_t)n * DW_RAW);
        lba += n;
    }
    return TRUE;
}

static gboolean write_ranges(outputs *o, const char *name, const int32_t *ranges, int n_ranges, bool user_only,
                             GError **error)
{
    sink s;
    if (!sink_open(o, &s, name, error))
        return FALSE;
    for (int i = 0; i < n_ranges; i++)
        if (!copy_range(o, &s, ranges[2 * i], ranges[2 * i + 1], user_only, error)) {
            sink_abort(&s);
            return FALSE;
        }
    return sink_close(o, &s, name, error);
}

/* The sectors a redump BIN of track i holds (cue_write.c's rule). */
static void bin_range(const dw_disc *d, int i, int32_t *from, int32_t *to)
{
    const dw_track *t = &d->tracks[i];
    bool new_session = i > 0 && t->session != d->tracks[i - 1].session;
    if (i == 0)
        *from = MAX(t->start - t->pregap, MIN(t->start, 0));
    else if (new_session)
        *from = t->start;
    else
        *from = t->start - t->pregap;
    *from = MAX(*from, 0);
    *to = t->start + t->length;
}

/* BASE.cdt: every CD-TEXT block (the cue sheet's text lines hold the
 * first only); the sheet names it in CDTEXTFILE. */
static gboolean write_cdt(outputs *o, const char *name, const uint8_t *data, size_t len, GError **error)
{
    sink s;
    if (!sink_open(o, &s, name, error))
        return FALSE;
    if (!sink_write(&s, data, len, error)) {
        sink_abort(&s);
        return FALSE;
    }
    return sink_close(o, &s, name, error);
}

static gboolean out_bincue(outputs *o, GError **error)
{
    const dw_disc *d = o->c->disc;
    dw_cue_write_opts wo = { .basename = o->stem, .cdtext = TRUE };
    size_t cdt_len = 0;
    g_autofree uint8_t *cdt = dw_cdtext_file_build(&d->cdtext, &cdt_len);
    g_autofree char *cdt_name = g_strdup_printf("%s.cdt", o->stem);
    if (cdt) {
        if (!write_cdt(o, cdt_name, cdt, cdt_len, error))
            return FALSE;
        wo.cdtextfile = cdt_name;
    }
    for (int i = 0; i < d->n_tracks; i++) {
        int32_t r[2];
        bin_range(d, i, &r[0], &r[1]);
        g_autofree char *fn = dw_cue_track_filename(d, &wo, d->tracks[i].number);
        if (!write_ranges(o, fn, r, 1, false, error))
            return FALSE;
    }
    g_autofree char *cue = dw_cue_write(d, &wo);
    g_autofree char *name = g_strdup_printf("%s.cue", o->stem);
    return write_text(o, name, cue, error);
}

static gboolean out_ccd(outputs *o, GError **error)
{
    dw_rip_ctx *c = o->c;
    g_autofree char *img = g_strdup_printf("%s.img", o->stem);
    int32_t all[2] = { 0, (int32_t)c->n_sectors };
    if (!write_ranges(o, img, all, 1, false, error))
        return FALSE;
    g_autofree char *subname = g_strdup_printf("%s.sub", o->stem);
    sink s;
    if (!sink_open(o, &s, subname, error))
        return FALSE;
    g_autofree uint8_t *sub = g_malloc((size_t)CHUNK * DW_SUB);
    for (int64_t l = 0; l < c->n_sectors; l += CHUNK) {
        int n = (int)MIN((int64_t)CHUNK, c->n_sectors - l);
        if (!dw_rip_dump_load(c, (int32_t)l, n, NULL, sub, error) || !sink_write(&s, sub, (size_t)n * DW_SUB, error)) {
            sink_abort(&s);
            return FALSE;
        }
    }
    if (!sink_close(o, &s, subname, error))
        return FALSE;
    g_autofree char *ccd = dw_ccd_write(c->disc);
    g_autofree char *name = g_strdup_printf("%s.ccd", o->stem);
    return write_text(o, name, ccd, error);
}

static bool have_entry(outputs *o, const char *name)
{
    for (guint i = 0; i < o->entries->len; i++)
        if (strcmp(g_array_index(o->entries, out_entry, i).name, name) == 0)
            return true;
    return false;
}

static gboolean out_toc(outputs *o, GError **error)
{
    const dw_disc *d = o->c->disc;
    g_autofree char *bin = g_strdup_printf("%s.bin", o->stem);
    if (!have_entry(o, bin)) {       /* a one-track bincue already wrote the same file */
        g_autofree int32_t *r = g_new(int32_t, 2 * (size_t)d->n_tracks);
        for (int i = 0; i < d->n_tracks; i++) {
            r[2 * i] = MAX(d->tracks[i].start - d->tracks[i].pregap, 0);
            r[2 * i + 1] = d->tracks[i].start + d->tracks[i].length;
        }
        if (!write_ranges(o, bin, r, d->n_tracks, false, error))
            return FALSE;
    }
    g_autofree char *toc = dw_toc_write(d, bin);
    g_autofree char *name = g_strdup_printf("%s.toc", o->stem);
    return write_text(o, name, toc, error);
}

static const dw_track *iso_track(const dw_disc *d)
{
    if (d->n_tracks == 0 || !(d->tracks[0].control & DW_CTRL_DATA) || d->tracks[0].mode == DW_TRACK_MODE2_FORM2)
        return NULL;
    return &d->tracks[0];
}

static gboolean out_iso_cd(outputs *o, GError **error)
{
    const dw_track *t = iso_track(o->c->disc);
    g_autofree char *name = g_strdup_printf("%s.iso", o->stem);
    int32_t r[2] = { t->start, t->start + t->length };
    /* A track written track-at-once ends in two run-out blocks, which a
     * recorder adds after the data: they are not part of the image. */
    uint8_t sec[DW_RAW];
    while (r[1] > r[0] && r[1] > t->start + t->length - 2) {
        dw_sector_check chk;
        if (!dw_rip_corrected(o->c, r[1] - 1, 1, sec, NULL))
            break;
        dw_sector_verify(sec, r[1] - 1, &chk);
        if (!chk.ok || (chk.block_type != DW_BLOCK_RUNOUT1 && chk.block_type != DW_BLOCK_RUNOUT2))
            break;
        r[1]--;
    }
    if (r[1] != t->start + t->length)
        dw_rip_log(o->c, DW_LOG_INFO, "track %d ends in %d run-out blocks (written track at once), left out of %s",
                   t->number, t->start + t->length - r[1], name);
    return write_ranges(o, name, r, 1, true, error);
}

/* Blocks of the dump after the ISO 9660 volume that are all zero: what a
 * recorder pads a track with (to its ECC block or cluster, or the rest of
 * a reserved track).  Returns the volume size to cut the image to, or 0
 * to keep it whole (no PVD, a volume as large as the dump, or data after
 * it, e.g. later sessions). */
static int64_t zero_tail_after_volume(dw_rip_ctx *c)
{
    int fd = open(c->img_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    uint8_t b[2048];
    int64_t cut = 0;
    if (pread(fd, b, sizeof b, 16 * 2048) == (ssize_t)sizeof b && b[0] == 1 && memcmp(b + 1, "CD001", 5) == 0) {
        uint32_t v = (uint32_t)b[80] | (uint32_t)b[81] << 8 | (uint32_t)b[82] << 16 | (uint32_t)b[83] << 24;
        if (v > 16 && (int64_t)v < c->n_sectors && c->n_sectors - (int64_t)v <= 4096) {
            cut = v;
            for (int64_t lba = v; lba < c->n_sectors && cut; lba++) {
                if (pread(fd, b, sizeof b, (off_t)lba * 2048) != (ssize_t)sizeof b)
                    cut = 0;
                for (size_t i = 0; i < sizeof b && cut; i++)
                    if (b[i])
                        cut = 0;
            }
        }
    }
    close(fd);
    return cut;
}

/* DVD/BD: the dump is the ISO; rename it into place and hash it (unless
 * the read pass already did, in one clean pass in order). */
static gboolean out_iso_dvd(outputs *o, GError **error)
{
    dw_rip_ctx *c = o->c;
    g_autofree char *name = g_strdup_printf("%s.iso", o->stem);
    g_autofree char *path = g_build_filename(o->dir, name, NULL);
    out_entry e = { .name = g_strdup(name) };
    int64_t cut = zero_tail_after_volume(c);
    if (cut > 0) {
        if (truncate(c->img_path, (off_t)cut * 2048) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", c->img_path, g_strerror(errno));
            g_free(e.name);
            return FALSE;
        }
        dw_rip_log(c, DW_LOG_INFO, "the ISO 9660 volume ends at block %" G_GINT64_FORMAT "; the %" G_GINT64_FORMAT
                   " zero blocks after it (a recorder's padding) are left out of %s", cut, c->n_sectors - cut, name);
    }
    if (c->seq_hash && c->seq_next == c->n_sectors && cut == 0) {
        dw_hash_finish(c->seq_hash, &e.h);
        dw_rip_log(c, DW_LOG_DEBUG, "ISO hashes computed in the read pass");
    } else if (!dw_hash_file(c->img_path, 0, -1, DW_HASH_ALL, &e.h, error)) {
        g_free(e.name);
        return FALSE;
    }
    if (strcmp(path, c->img_path) != 0 && rename(c->img_path, path) != 0) {
        int err = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(err));
        g_free(e.name);
        return FALSE;
    }
    g_free(c->img_path);
    c->img_path = g_strdup(path);
    g_array_append_val(o->entries, e);
    return TRUE;
}

static char *xml_attr(const char *s)
{
    return g_markup_escape_text(s, -1);
}

static gboolean write_sidecars(outputs *o, GError **error)
{
    GString *h = g_string_new("# discwright hashes 1\n# size crc32 md5 sha1 sha256 name\n");
    g_autofree char *game = xml_attr(o->stem);
    GString *x = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datafile>\n");
    g_string_append_printf(x, "\t<game name=\"%s\">\n\t\t<description>%s</description>\n", game, game);
    for (guint i = 0; i < o->entries->len; i++) {
        const out_entry *e = &g_array_index(o->entries, out_entry, i);
        g_string_append_printf(h, "%" G_GUINT64_FORMAT " %s %s %s %s %s\n", e->h.size, e->h.crc32_hex,
                               e->h.md5_hex, e->h.sha1_hex, e->h.sha256_hex, e->name);
        g_autofree char *n = xml_attr(e->name);
        g_string_append_printf(x,
                               "\t\t<rom name=\"%s\" size=\"%" G_GUINT64_FORMAT
                               "\" crc=\"%s\" md5=\"%s\" sha1=\"%s\" sha256=\"%s\"/>\n",
                               n, e->h.size, e->h.crc32_hex, e->h.md5_hex, e->h.sha1_hex, e->h.sha256_hex);
        dw_rip_log(o->c, DW_LOG_INFO, "%s: %" G_GUINT64_FORMAT " bytes, CRC32 %s, SHA-1 %s", e->name, e->h.size,
                   e->h.crc32_hex, e->h.sha1_hex);
    }
    g_string_append(x, "\t</game>\n</datafile>\n");
    g_autofree char *hp = g_strdup_printf("%s/%s.hash", o->dir, o->stem);
    g_autofree char *xp = g_strdup_printf("%s/%s.dat", o->dir, o->stem);
    gboolean ok = g_file_set_contents(hp, h->str, (gssize)h->len, NULL) &&
                  g_file_set_contents(xp, x->str, (gssize)x->len, NULL);
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s or %s", hp, xp);
    g_string_free(h, TRUE);
    g_string_free(x, TRUE);
    return ok;
}

/* A track file written by rip_audio_out.c: hash it for the sidecars. */
static gboolean add_file(void *user, const char *name, GError **error)
{
    outputs *o = user;
    g_autofree char *path = g_build_filename(o->dir, name, NULL);
    out_entry e = { .name = g_strdup(name) };
    if (!dw_hash_file(path, 0, -1, DW_HASH_ALL, &e.h, error)) {
        g_free(e.name);
        return FALSE;
    }
    g_array_append_val(o->entries, e);
    return TRUE;
}

gboolean dw_rip_write_outputs(dw_rip_ctx *c, GError **error)
{
    outputs o = { .c = c };
    o.dir = g_path_get_dirname(c->opt->base);
    o.stem = g_path_get_basename(c->opt->base);
    o.entries = g_array_new(FALSE, TRUE, sizeof(out_entry));
    unsigned f = c->opt->formats;
    if (!c->cd)
        f = DW_RIP_ISO;
    else if (f == 0)
        f = DW_RIP_BINCUE | (iso_track(c->disc) ? DW_RIP_ISO : 0);
    if (c->cd && (f & DW_RIP_ISO) && !iso_track(c->disc)) {
        dw_rip_log(c, DW_LOG_WARNING, "no ISO written: the first track is not a Mode 1 / Form 1 data track");
        f &= ~(unsigned)DW_RIP_ISO;
    }
    dw_job_begin_phase(c->job, "writing", 0, "sectors");
    gboolean ok = TRUE;
    if (!c->cd)
        ok = out_iso_dvd(&o, error);
    else {
        if (ok && (f & DW_RIP_BINCUE))
            ok = out_bincue(&o, error);
        if (ok && (f & DW_RIP_CCD))
            ok = out_ccd(&o, error);
        if (ok && (f & DW_RIP_TOC))
            ok = out_toc(&o, error);
        if (ok && (f & DW_RIP_ISO))
            ok = out_iso_cd(&o, error);
        if (ok)
            ok = dw_rip_audio_outputs(c, add_file, &o, error);
    }
    if (ok)
        ok = write_sidecars(&o, error);
    for (guint i = 0; i < o.entries->len; i++)
        g_free(g_array_index(o.entries, out_entry, i).name);
    g_array_free(o.entries, TRUE);
    g_free(o.dir);
    g_free(o.stem);
    return ok;
}
