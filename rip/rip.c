/* rip.c: a rip from start to end (rip.h): open the drive, read its TOC,
 * find how it can be read, open or resume the dump, run the read passes,
 * measure or apply the offset, derive indexes and ISRCs from Q, write the
 * outputs, the hashes and the log. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/probe.h"
#include "discwright/sheet.h"
#include "rip/probe_private.h"
#include "rip/rip_audio_private.h"
#include "rip/rip_private.h"
#include "disc/cdio_log.h"

bool dw_rip_lba_is_data(const dw_rip_ctx *c, int32_t lba)
{
    const dw_track *t = dw_disc_track_at(c->disc, lba);
    return t && (t->control & DW_CTRL_DATA);
}

gboolean dw_rip_parse_formats(const char *text, unsigned *formats, GError **error)
{
    *formats = 0;
    g_auto(GStrv) parts = g_strsplit(text, ",", -1);
    for (char **p = parts; *p; p++) {
        const char *w = g_strstrip(*p);
        if (!strcmp(w, "iso"))
            *formats |= DW_RIP_ISO;
        else if (!strcmp(w, "bincue") || !strcmp(w, "cue") || !strcmp(w, "bin"))
            *formats |= DW_RIP_BINCUE;
        else if (!strcmp(w, "ccd") || !strcmp(w, "clonecd"))
            *formats |= DW_RIP_CCD;
        else if (!strcmp(w, "toc") || !strcmp(w, "cdrdao"))
            *formats |= DW_RIP_TOC;
        else if (!strcmp(w, "all"))
            *formats |= DW_RIP_ALL;
        else {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                        "unknown format \"%s\" (use iso, bincue, ccd, toc or all)", w);
            return FALSE;
        }
    }
    if (!*formats) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "no format given");
        return FALSE;
    }
    return TRUE;
}

gboolean dw_rip_parse_audio(const char *text, dw_rip_audio_format *out, GError **error)
{
    if (!g_ascii_strcasecmp(text, "flac"))
        *out = DW_RIP_AUDIO_FLAC;
    else if (!g_ascii_strcasecmp(text, "wav"))
        *out = DW_RIP_AUDIO_WAV;
    else if (!g_ascii_strcasecmp(text, "none"))
        *out = DW_RIP_AUDIO_NONE;
    else {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "unknown audio format \"%s\" (use flac, wav or none)", text);
        return FALSE;
    }
    return TRUE;
}

gboolean dw_rip_parse_cache_defeat(const char *text, dw_rip_cache_defeat *out, GError **error)
{
    static const char *const names[] = { "auto", "evict", "fua", "none" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (!g_ascii_strcasecmp(text, names[i])) {
            *out = (dw_rip_cache_defeat)i;
            return TRUE;
        }
    g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "unknown cache defeat \"%s\" (use auto, evict, fua or none)", text);
    return FALSE;
}

/* Refuse to clobber a previous rip unless told. */
static gboolean check_existing(const dw_rip_options *o, GError **error)
{
    static const char *const exts[] = { ".map", ".dump.img", ".cue", ".ccd", ".toc", ".iso", ".iso.part",
                                        ".hash", ".img", ".bin", ".flac.cue", ".wav.cue" };
    g_autofree char *map = g_strdup_printf("%s.map", o->base);
    if (o->resume || o->refine) {
        if (!g_file_test(map, G_FILE_TEST_EXISTS)) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s does not exist: nothing to %s", map,
                        o->refine ? "refine" : "resume");
            return FALSE;
        }
        return TRUE;
    }
    if (o->force)
        return TRUE;
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
        g_autofree char *p = g_strdup_printf("%s%s", o->base, exts[i]);
        if (g_file_test(p, G_FILE_TEST_EXISTS)) {
            g_set_error(error, DW_ERROR, DW_ERROR_EXISTS,
                        "%s exists: use --resume to continue that rip, or --force to start over", p);
            return FALSE;
        }
    }
    g_autofree char *dir = g_path_get_dirname(o->base);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: no such folder", dir);
        return FALSE;
    }
    return TRUE;
}

/* A resumed or refined dump must be of the same disc. */
static gboolean same_disc(dw_rip_ctx *c, GError **error)
{
    if (!c->cd)
        return TRUE;
    GError *e = NULL;
    g_autoptr(dw_disc) old = dw_ccd_read_file(c->ccd_path, &e);
    if (!old) {
        g_propagate_prefixed_error(error, e, "cannot %s: ", c->opt->refine ? "refine" : "resume");
        return FALSE;
    }
    const dw_disc *d = c->disc;
    bool same = old->n_tracks == d->n_tracks && old->n_sessions == d->n_sessions;
    for (int i = 0; same && i < d->n_tracks; i++)
        same = old->tracks[i].number == d->tracks[i].number && old->tracks[i].start == d->tracks[i].start &&
               (old->tracks[i].control & DW_CTRL_DATA) == (d->tracks[i].control & DW_CTRL_DATA);
    for (int s = 0; same && s < d->n_sessions; s++)
        same = old->sessions[s].leadout == d->sessions[s].leadout;
    if (!same) {
        g_set_error(error, DW_ERROR, DW_ERROR_MISMATCH,
                    "the disc in %s is not the one dumped in %s (its TOC differs)", c->opt->source, c->ccd_path);
        return FALSE;
    }
    return TRUE;
}

/* LBAs between sessions (lead-out, lead-in) that no drive reads. */
static void mark_gaps(dw_rip_ctx *c)
{
    const dw_disc *d = c->disc;
    c->gap = g_malloc0((size_t)c->n_sectors);
    for (int s = 0; s + 1 < d->n_sessions; s++) {
        const dw_track *next = dw_disc_track((dw_disc *)d, d->sessions[s + 1].first_track);
        int32_t from = d->sessions[s].leadout;
        int32_t to = next ? next->start - 150 : from;
        for (int32_t l = MAX(from, 0); l < to && l < c->n_sectors; l++)
            c->gap[l] = 1;
    }
}

static gboolean save_dump_toc(dw_rip_ctx *c, GError **error)
{
    g_autofree char *text = dw_ccd_write(c->disc);
    return g_file_set_contents(c->ccd_path, text, -1, error);
}

static void fill_result(dw_rip_ctx *c, dw_rip_result *r)
{
    memset(r, 0, sizeof *r);
    r->sectors = c->n_sectors;
    r->offset_source = c->offset_source;
    if (c->map) {
        int64_t gaps = 0;
        for (int64_t i = 0; c->gap && i < c->n_sectors; i++)
            gaps += c->gap[i];
        r->sectors = c->n_sectors - gaps;
        r->good = dw_map_count(c->map, DW_MAP_FINISHED) - gaps;
        r->bad = dw_map_count(c->map, DW_MAP_BAD) + dw_map_count(c->map, DW_MAP_NONSCRAPED) +
                 dw_map_count(c->map, DW_MAP_NONTRIMMED);
        r->untried = dw_map_count(c->map, DW_MAP_NONTRIED);
    }
    r->sectors_read = c->sectors_read;
    r->offset = c->offset;
    r->offset_detected = c->offset_detected;
    r->unstable = c->unstable;
    r->q_errors = c->q_errors;
    dw_rip_audio_result(c, r);
}

static gboolean open_drive(dw_rip_ctx *c, GError **error)
{
    if (!dw_source_check(c->opt->source, error))
        return FALSE;
    if (dw_source_classify(c->opt->source) != DW_SOURCE_DEVICE)
        return dw_rip_image_open(c, error);
    c->cdio = dw_probe_device_open(c->opt->source, error);
    if (!c->cdio)
        return FALSE;
    cdio_hwinfo_t hw;
    if (cdio_get_hwinfo(c->cdio, &hw)) {
        g_strlcpy(c->vendor, g_strstrip(hw.psz_vendor), sizeof c->vendor);
        g_strlcpy(c->model, g_strstrip(hw.psz_model), sizeof c->model);
        g_strlcpy(c->revision, g_strstrip(hw.psz_revision), sizeof c->revision);
    }
    dw_rip_log(c, DW_LOG_INFO, "drive %s: %s %s, firmware %s", c->opt->source, c->vendor, c->model, c->revision);
    c->disc = dw_disc_new();
    if (!dw_probe_device_read(c->cdio, c->disc, false, c->job, error))
        return FALSE;
    c->cd = c->disc->kind == DW_DISC_CD;
    if (c->opt->speed > 0) {
        if (cdio_set_speed(c->cdio, (int)(c->opt->speed + 0.5)) == DRIVER_OP_SUCCESS)
            dw_rip_log(c, DW_LOG_INFO, "read speed set to %.0fx", c->opt->speed);
        else
            dw_rip_log(c, DW_LOG_WARNING, "the drive did not take read speed %.0fx", c->opt->speed);
    }
    return TRUE;
}

static void set_paths(dw_rip_ctx *c)
{
    const char *b = c->opt->base;
    c->map_path = g_strdup_printf("%s.map", b);
    if (c->cd) {
        c->sector_size = DW_RAW;
        c->img_path = g_strdup_printf("%s.dump.img", b);
        c->sub_path = g_strdup_printf("%s.dump.sub", b);
        c->ccd_path = g_strdup_printf("%s.dump.ccd", b);
    } else {
        c->sector_size = 2048;
        g_autofree char *part = g_strdup_printf("%s.iso.part", b);
        bool fresh = !(c->opt->resume || c->opt->refine);
        c->img_path = fresh || g_file_test(part, G_FILE_TEST_EXISTS) ? g_steal_pointer(&part)
                                                                     : g_strdup_printf("%s.iso", b);
    }
}

static gboolean rip_run(const dw_rip_options *opts, dw_job *job, dw_rip_result *result, GError **error)
{
    g_return_val_if_fail(opts && opts->source && opts->base, FALSE);
    if (!check_existing(opts, error))
        return FALSE;
    g_autoptr(dw_job) own_job = job ? NULL : dw_job_new();
    dw_rip_ctx ctx = { .opt = opts, .job = job ? job : own_job, .img_fd = -1, .sub_fd = -1, .test_fd = -1 };
    dw_rip_ctx *c = &ctx;
    c->log = g_string_new(NULL);
    c->retries = opts->retries < 0 ? 3 : opts->retries;
    gboolean ok = FALSE;
    GError *err = NULL;

    if (!open_drive(c, &err))
        goto out;
    set_paths(c);
    if (c->cd) {
        if (c->disc->n_sessions < 1 || c->disc->n_tracks < 1) {
            g_set_error(&err, DW_ERROR, DW_ERROR_UNREADABLE, "%s: the disc has no tracks", opts->source);
            goto out;
        }
        c->n_sectors = c->disc->sessions[c->disc->n_sessions - 1].leadout;
        mark_gaps(c);
    } else
        c->n_sectors = c->disc->total_sectors;
    if (c->n_sectors <= 0) {
        g_set_error(&err, DW_ERROR, DW_ERROR_UNREADABLE, "%s: the disc reports no sectors", opts->source);
        goto out;
    }
    dw_rip_log(c, DW_LOG_INFO, "%s, %d session%s, %d track%s, %" G_GINT64_FORMAT " sectors",
               c->disc->profile ? c->disc->profile : "disc", c->disc->n_sessions, c->disc->n_sessions == 1 ? "" : "s",
               c->disc->n_tracks, c->disc->n_tracks == 1 ? "" : "s", c->n_sectors);
    if ((opts->resume || opts->refine) && !same_disc(c, &err))
        goto out;
    if (!dw_rip_probe_caps(c, &err) || !dw_rip_dump_open(c, &err))
        goto out;
    if (c->cd && !(opts->resume || opts->refine) && !save_dump_toc(c, &err))
        goto out;
    if (!c->cd) {
        dw_rip_dvd_structures(c);
        if (dw_map_count(c->map, DW_MAP_NONTRIED) == c->n_sectors) {
            c->seq_hash = dw_hash_new(DW_HASH_ALL);
            c->seq_next = 0;
        }
    }
    if (opts->refine && dw_map_count(c->map, DW_MAP_FINISHED) < c->n_sectors)
        dw_rip_log(c, DW_LOG_INFO, "refining %" G_GINT64_FORMAT " sectors that are not good",
                   c->n_sectors - dw_map_count(c->map, DW_MAP_FINISHED));
    if (c->cd) {
        /* Databases and metadata first: a bad file stops the rip before
         * the disc is read.  Then the cache and the drive's listed offset. */
        if (!dw_rip_audio_prepare(c, &err))
            goto out;
        dw_rip_cache_setup(c);
        dw_rip_offset_from_list(c);
    }
    if (!dw_rip_run_passes(c, &err))
        goto out;

    if (c->cd) {
        dw_rip_offset_auto(c);
        if (c->offset)
            dw_rip_log(c, DW_LOG_INFO, "audio corrected by %+d samples", c->offset);
        dw_rip_overread(c);
        if (!dw_rip_derive(c, &err) || !save_dump_toc(c, &err))
            goto out;
        if (!dw_rip_audio_verify(c, &err))
            goto out;
    }
    if (!dw_rip_write_outputs(c, &err))
        goto out;
    ok = TRUE;
out:;
    dw_rip_result r;
    fill_result(c, &r);
    if (err && err->code == DW_ERROR_CANCELLED)
        dw_rip_log(c, DW_LOG_WARNING, "cancelled: %s keeps the state; --resume continues", c->map_path);
    if (c->map && !(err && err->domain == DW_ERROR && err->code == DW_ERROR_MISMATCH)) {
        GError *e2 = NULL;
        /* The map is written at most once a second while reading: the
         * last changes (test and copy, settling) go to the disk now. */
        if (c->img_fd >= 0 && !dw_rip_dump_sync(c, &e2)) {
            if (!err)
                err = g_steal_pointer(&e2);
            g_clear_error(&e2);
            ok = FALSE;
        }
        if (!dw_rip_write_reports(c, &r, &e2)) {
            if (!err)
                err = e2;
            else
                g_error_free(e2);
            ok = FALSE;
        }
    }
    if (ok && r.bad + r.untried > 0) {
        g_set_error(&err, DW_ERROR, DW_ERROR_UNREADABLE,
                    "%" G_GINT64_FORMAT " sectors could not be read (listed in %s); `discwright refine` retries them",
                    r.bad + r.untried, c->map_path);
        ok = FALSE;
    }
    if (result)
        *result = r;
    if (err)
        g_propagate_error(error, err);
    dw_rip_ahead_free(c);
    dw_rip_dump_close(c);
    dw_rip_secure_free(c);
    dw_rip_cache_free(c);
    dw_rip_audio_free(c);
    dw_rip_image_close(c);
    if (c->cdio)
        cdio_destroy(c->cdio);
    if (c->seq_hash)
        dw_hash_free(c->seq_hash);
    dw_disc_free(c->disc);
    dw_map_free(c->map);
    g_free(c->gap);
    g_free(c->rawbuf);
    g_free(c->pre);
    g_free(c->post);
    g_free(c->map_path);
    g_free(c->img_path);
    g_free(c->sub_path);
    g_free(c->ccd_path);
    g_string_free(c->log, TRUE);
    return ok;
}

gboolean dw_rip(const dw_rip_options *opts, dw_job *job, dw_rip_result *result, GError **error)
{
    dw_job *previous = dw_cdio_log_enter(job);
    gboolean ret = rip_run(opts, job, result, error);
    dw_cdio_log_leave(previous);
    return ret;
}
