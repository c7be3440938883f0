/* rip_audio.c: what a rip proves about audio.
 *
 * Databases, offline first: AccurateRip answers from --accuraterip-db
 * (a dBAR file or a folder of them), a CTDB answer from --ctdb, the
 * drive offset list from --drive-offsets; with --online whatever was not
 * given is fetched and cached (audiodb.h).  They are loaded right after
 * the TOC is read, so a bad file stops the rip before the disc is read.
 *
 * The read offset, unless given (--offset N): the drive's entry in the
 * offset list; else the shift at which AccurateRip records match the
 * dump (sliding v1 and Frame450 over +-3000 samples); else measured on a
 * data track (rip_offset.c); else 0.  The log says which.
 *
 * Proof: the sums of the corrected audio against the records (v1/v2,
 * confidence) and CTDB entries (track CRCs, confidence); tracks neither
 * proves are searched at other pressings' shifts and read a second time
 * with the cache defeated (test and copy); sectors whose reads differ are
 * re-read until two agree (rip_secure.c), and the sums are computed
 * again.  A track a database proves is not re-read. */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "discwright/error.h"
#include "rip/rip_audio_private.h"

#define SEARCH_RANGE 3000

/* ---- samples --------------------------------------------------------- */
static bool audio_lba(const dw_rip_ctx *c, int64_t lba)
{
    return lba >= 0 && lba < c->n_sectors && !(c->gap && c->gap[lba]) && !dw_rip_lba_is_data(c, (int32_t)lba);
}

typedef gboolean (*sector_fn)(dw_rip_ctx *c, int32_t lba, int count, uint8_t *out, GError **error);

static gboolean raw_sectors(dw_rip_ctx *c, int32_t lba, int count, uint8_t *out, GError **error)
{
    return dw_rip_dump_load(c, lba, count, out, NULL, error);
}

static gboolean samples_via(dw_rip_ctx *c, sector_fn fn, int64_t first, size_t count, uint32_t *out, GError **error)
{
    enum { CH = 64 };
    uint8_t buf[CH * DW_RAW];
    size_t done = 0;
    while (done < count) {
        int64_t pos = first + (int64_t)done;
        int64_t lba = pos >= 0 ? pos / 588 : -((-pos + 587) / 588);
        int off = (int)(pos - lba * 588);
        /* A run of audio sectors, or one sector of zeros. */
        if (!audio_lba(c, lba)) {
            size_t take = MIN(count - done, (size_t)(588 - off));
            memset(out + done, 0, take * sizeof(uint32_t));
            done += take;
            continue;
        }
        int n = 1;
        size_t want = (size_t)(588 - off);
        while (n < CH && want < count - done && audio_lba(c, lba + n)) {
            n++;
            want += 588;
        }
        if (!fn(c, (int32_t)lba, n, buf, error))
            return FALSE;
        size_t take = MIN(count - done, want);
        for (size_t j = 0; j < take; j++) {
            const uint8_t *p = buf + ((size_t)off + j) * 4;
            out[done + j] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        }
        done += take;
    }
    return TRUE;
}

gboolean dw_rip_corrected_samples(void *c, int64_t first, size_t count, uint32_t *out, GError **error)
{
    return samples_via(c, dw_rip_corrected, first, count, out, error);
}

static gboolean test_samples(void *c, int64_t first, size_t count, uint32_t *out, GError **error)
{
    return samples_via(c, dw_rip_corrected_test, first, count, out, error);
}

static gboolean raw_samples(void *c, int64_t first, size_t count, uint32_t *out, GError **error)
{
    return samples_via(c, raw_sectors, first, count, out, error);
}

/* ---- databases ------------------------------------------------------- */
static GBytes *fetch(dw_rip_ctx *c, const char *url, const char *cache_rel, GError **error)
{
    g_autofree char *dir = dw_fetch_cache_dir();
    g_autofree char *cache = g_build_filename(dir, cache_rel, NULL);
    bool cached = g_file_test(cache, G_FILE_TEST_IS_REGULAR);
    GBytes *b = dw_fetch_cached(url, cache, error);
    if (b)
        dw_rip_log(c, DW_LOG_INFO, "%s %s", cached ? "cached:" : "fetched", cached ? cache : url);
    return b;
}

static gboolean load_accuraterip(dw_rip_ctx *c, dw_rip_audio *a, GError **error)
{
    const dw_audio_sums *id = &a->ids;
    GError *e = NULL;
    if (c->opt->accuraterip_db) {
        a->recs = dw_ar_db_load(c->opt->accuraterip_db, id->n_tracks, id->ar_id1, id->ar_id2, id->cddb_id,
                                &a->n_recs, &a->ar_path, &e);
        if (!a->recs && e->code != DW_ERROR_NO_DEVICE) {
            g_propagate_error(error, e);
            return FALSE;
        }
        if (!a->recs) {
            dw_rip_log(c, DW_LOG_INFO, "AccurateRip: %s", e->message);
            g_clear_error(&e);
        }
    }
    if (!a->recs && c->opt->online) {
        g_autofree char *rel = dw_ar_db_relpath(id->n_tracks, id->ar_id1, id->ar_id2, id->cddb_id);
        g_autofree char *url = g_strdup_printf("%s/%s", dw_accuraterip_base_url(), rel);
        g_autofree char *cache_rel = g_build_filename("accuraterip", rel, NULL);
        g_autoptr(GBytes) b = fetch(c, url, cache_rel, &e);
        if (b) {
            gsize len = 0;
            const uint8_t *d = g_bytes_get_data(b, &len);
            size_t all = 0;
            a->recs = dw_ar_db_parse(d, len, url, &all, &e);
            if (!a->recs) {
                g_propagate_error(error, e);
                return FALSE;
            }
            a->n_recs = 0;
            for (size_t i = 0; i < all; i++)
                if (a->recs[i].n_tracks == id->n_tracks && a->recs[i].id1 == id->ar_id1 &&
                    a->recs[i].id2 == id->ar_id2 && a->recs[i].cddb == id->cddb_id)
                    a->recs[a->n_recs++] = a->recs[i];
            a->ar_path = g_strdup(url);
        } else {
            dw_rip_log(c, DW_LOG_INFO, "AccurateRip: %s", e->message);
            g_clear_error(&e);
        }
    }
    if (a->recs)
        dw_rip_log(c, DW_LOG_INFO, "AccurateRip: %zu record%s for disc %03d-%08x-%08x-%08x in %s", a->n_recs,
                   a->n_recs == 1 ? "" : "s", id->n_tracks, id->ar_id1, id->ar_id2, id->cddb_id, a->ar_path);
    return TRUE;
}

static gboolean load_ctdb(dw_rip_ctx *c, dw_rip_audio *a, GError **error)
{
    GError *e = NULL;
    if (c->opt->ctdb) {
        g_autofree char *xml = NULL;
        gsize len = 0;
        if (!g_file_get_contents(c->opt->ctdb, &xml, &len, &e)) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", c->opt->ctdb, e->message);
            g_error_free(e);
            return FALSE;
        }
        a->entries = dw_ctdb_parse(xml, len, c->opt->ctdb, &a->n_entries, error);
        if (!a->entries)
            return FALSE;
        a->ctdb_path = g_strdup(c->opt->ctdb);
    } else if (c->opt->online) {
        g_autofree char *toc = dw_ctdb_toc_param(c->disc);
        g_autofree char *url = g_strdup_printf("%s?version=3&ctdb=1&fuzzy=1&toc=%s", dw_ctdb_lookup_url(), toc);
        g_autofree char *name = g_strdup_printf("%s.xml", a->ids.ctdb_tocid);
        g_autofree char *cache_rel = g_build_filename("ctdb", name, NULL);
        g_autoptr(GBytes) b = fetch(c, url, cache_rel, &e);
        if (!b) {
            dw_rip_log(c, DW_LOG_INFO, "CTDB: %s", e->message);
            g_clear_error(&e);
            return TRUE;
        }
        gsize len = 0;
        const char *d = g_bytes_get_data(b, &len);
        a->entries = dw_ctdb_parse(d, len, url, &a->n_entries, error);
        if (!a->entries)
            return FALSE;
        a->ctdb_path = g_strdup(url);
    }
    if (a->entries)
        dw_rip_log(c, DW_LOG_INFO, "CTDB: %zu entr%s for TOC id %s in %s", a->n_entries,
                   a->n_entries == 1 ? "y" : "ies", a->ids.ctdb_tocid, a->ctdb_path);
    return TRUE;
}

gboolean dw_rip_audio_prepare(dw_rip_ctx *c, GError **error)
{
    if (!c->cd || c->audio)
        return TRUE;
    dw_rip_audio *a = g_new0(dw_rip_audio, 1);
    c->audio = a;
    GError *e = NULL;
    if (!dw_audio_layout_of(c->disc, &a->layout, &e)) {
        g_clear_error(&e);       /* no audio tracks: nothing to prove */
        return TRUE;
    }
    a->have_audio = true;
    dw_audio_ids(c->disc, &a->layout, &a->ids);
    dw_rip_log(c, DW_LOG_INFO, "AccurateRip disc id %03d-%08x-%08x-%08x, CTDB TOC id %s, MusicBrainz disc id %s",
               a->ids.n_tracks, a->ids.ar_id1, a->ids.ar_id2, a->ids.cddb_id, a->ids.ctdb_tocid,
               a->ids.musicbrainz_id[0] ? a->ids.musicbrainz_id : "-");
    if (!load_accuraterip(c, a, error) || !load_ctdb(c, a, error))
        return FALSE;
    if (c->opt->metadata && !dw_rip_metadata_load(c, error))
        return FALSE;
    return TRUE;
}

/* ---- offsets ---------------------------------------------------------- */
void dw_rip_offset_from_list(dw_rip_ctx *c)
{
    if (c->opt->has_offset || !c->cd || c->image)
        return;
    g_autofree char *data = NULL;
    gsize len = 0;
    const char *from = c->opt->drive_offsets;
    g_autoptr(GBytes) fetched = NULL;
    GError *e = NULL;
    if (from) {
        if (!g_file_get_contents(from, &data, &len, &e)) {
            dw_rip_log(c, DW_LOG_WARNING, "drive offset list %s: %s", from, e->message);
            g_clear_error(&e);
            return;
        }
    } else if (c->opt->online) {
        g_autofree char *url = g_strdup_printf("%s/DriveOffsets.bin", dw_accuraterip_base_url());
        fetched = fetch(c, url, "accuraterip/DriveOffsets.bin", &e);
        if (!fetched) {
            dw_rip_log(c, DW_LOG_INFO, "drive offset list: %s", e->message);
            g_clear_error(&e);
            return;
        }
        data = g_memdup2(g_bytes_get_data(fetched, &len), len);
        from = "the online drive offset list";
    } else
        return;
    size_t n = 0;
    g_autofree dw_drive_offset *list = dw_drive_offsets_parse((const uint8_t *)data, len, from, &n, &e);
    if (!list) {
        dw_rip_log(c, DW_LOG_WARNING, "%s", e->message);
        g_clear_error(&e);
        return;
    }
    const dw_drive_offset *d = dw_drive_offsets_find(list, n, c->vendor, c->model);
    if (!d) {
        dw_rip_log(c, DW_LOG_INFO, "%s - %s is not in the drive offset list (%zu drives)", c->vendor, c->model, n);
        return;
    }
    c->offset = d->offset;
    c->offset_source = DW_RIP_OFFSET_DRIVE_LIST;
    dw_rip_log(c, DW_LOG_INFO, "read offset %+d samples: the drive offset list's entry for %s - %s (%u submissions)",
               d->offset, d->vendor, d->model, d->submissions);
}

void dw_rip_offset_auto(dw_rip_ctx *c)
{
    dw_rip_audio *a = c->audio;
    if (c->opt->has_offset) {
        /* As before: a combined offset measured on a data track wins. */
        int off;
        c->offset = c->opt->offset;
        c->offset_source = DW_RIP_OFFSET_GIVEN;
        if (dw_rip_detect_offset(c, &off)) {
            if (off != c->opt->offset)
                dw_rip_log(c, DW_LOG_WARNING,
                           "the measured combined offset %+d differs from --offset %+d; using the measured one", off,
                           c->opt->offset);
            c->offset = off;
            c->offset_detected = true;
            c->offset_source = DW_RIP_OFFSET_DATA_TRACK;
        }
        return;
    }
    if (c->offset_source == DW_RIP_OFFSET_DRIVE_LIST)
        return;
    if (a && a->have_audio && a->n_recs && !c->image) {
        GError *e = NULL;
        g_autoptr(GArray) m = NULL;
        if (dw_ar_find_shifts(c->disc, &a->layout, raw_samples, c, 0, SEARCH_RANGE, a->recs, a->n_recs, &m, c->job,
                              &e)) {
            if (m->len) {
                const dw_ar_shift *best = &g_array_index(m, dw_ar_shift, 0);
                c->offset = best->shift;
                c->offset_source = DW_RIP_OFFSET_ACCURATERIP;
                dw_rip_log(c, DW_LOG_INFO,
                           "read offset %+d samples: AccurateRip records match %d of %d tracks there "
                           "(confidence %d%s; %u shift%s matched)",
                           best->shift, best->tracks, a->layout.n, best->confidence,
                           best->frame450 ? ", Frame450" : "", m->len, m->len == 1 ? "" : "s");
                return;
            }
            dw_rip_log(c, DW_LOG_INFO, "no AccurateRip record matches within %d samples", SEARCH_RANGE);
        } else {
            dw_rip_log(c, DW_LOG_WARNING, "offset search: %s", e->message);
            g_clear_error(&e);
        }
    }
    int off;
    if (dw_rip_detect_offset(c, &off)) {
        c->offset = off;
        c->offset_detected = true;
        c->offset_source = DW_RIP_OFFSET_DATA_TRACK;
        return;
    }
    c->offset = 0;
    c->offset_source = DW_RIP_OFFSET_NONE;
    if (a && a->have_audio && !c->image)
        dw_rip_log(c, DW_LOG_WARNING, "read offset unknown (no drive list entry, no AccurateRip match, no data track): "
                   "audio not corrected");
}

/* ---- proof -------------------------------------------------------------- */
static gboolean prove(dw_rip_ctx *c, dw_rip_audio *a, GError **error)
{
    if (!dw_audio_sums_from(c->disc, &a->layout, dw_rip_corrected_samples, c, 0, &a->sums, a->extra, c->job, error))
        return FALSE;
    dw_audio_prove(&a->sums, a->extra, a->recs, a->n_recs, a->entries, a->n_entries, &a->proof);
    return TRUE;
}

static bool proven(const dw_track_proof *p)
{
    return p->ar != DW_AR_NONE || p->ctdb_confidence > 0;
}

/* CRC-32 and peak of the hidden track (LBA 0 to track 1's INDEX 01). */
static gboolean htoa_sums(dw_rip_ctx *c, dw_sample_read_fn read, uint32_t *crc, uint16_t *peak, GError **error)
{
    int64_t n = (int64_t)c->audio->layout.start[0] * 588;
    enum { CH = 44100 };
    g_autofree uint32_t *buf = g_malloc(CH * sizeof(uint32_t));
    uLong h = crc32(0L, Z_NULL, 0);
    int pk = 0;
    for (int64_t s = 0; s < n; s += CH) {
        size_t cnt = (size_t)MIN((int64_t)CH, n - s);
        if (!read(c, s, cnt, buf, error))
            return FALSE;
        uint8_t b[4];
        for (size_t j = 0; j < cnt; j++) {
            uint32_t v = buf[j];
            b[0] = (uint8_t)v;
            b[1] = (uint8_t)(v >> 8);
            b[2] = (uint8_t)(v >> 16);
            b[3] = (uint8_t)(v >> 24);
            h = crc32(h, b, 4);
            int l = (int16_t)(v & 0xFFFF), r = (int16_t)(v >> 16);
            pk = MAX(pk, MAX(l < 0 ? -l : l, r < 0 ? -r : r));
        }
    }
    *crc = (uint32_t)h;
    if (peak)
        *peak = (uint16_t)pk;
    return TRUE;
}

/* Stream sectors the corrected track [from, to) comes from. */
static void stream_range(const dw_rip_ctx *c, int32_t from, int32_t to, int32_t *a, int32_t *b)
{
    int64_t s0 = (int64_t)from * 588 + c->offset, s1 = (int64_t)to * 588 + c->offset;
    *a = (int32_t)(s0 >= 0 ? s0 / 588 : -((-s0 + 587) / 588));
    *b = (int32_t)((s1 + 587) / 588);
}

gboolean dw_rip_audio_verify(dw_rip_ctx *c, GError **error)
{
    dw_rip_audio *a = c->audio;
    if (!a || !a->have_audio)
        return TRUE;
    if (!prove(c, a, error))
        return FALSE;
    const dw_audio_layout *L = &a->layout;
    a->htoa = L->number[0] == c->disc->tracks[0].number && c->disc->tracks[0].session == 1 && L->start[0] > 0;
    /* Which tracks no database proves: read them again. */
    bool any = false;
    for (int k = 0; k < L->n; k++) {
        a->test[k] = !proven(&a->proof.tracks[k]);
        any = any || a->test[k];
    }
    if (a->htoa)
        any = true;              /* no database covers the hidden track */
    if (any && c->opt->no_test_copy) {
        for (int k = 0; k < L->n; k++)
            a->test[k] = false;
        dw_rip_log(c, DW_LOG_INFO, "test and copy skipped (--no-test-copy): tracks no database proves are not verified");
    } else if (any && !c->image && c->cdio) {
        int32_t N = (int32_t)c->n_sectors;
        g_autofree uint8_t *avoid = g_malloc0((size_t)N);
        int32_t ra[DW_MAX_TRACKS + 1], rb[DW_MAX_TRACKS + 1];
        int nr = 0;
        if (a->htoa) {
            stream_range(c, 0, L->start[0], &ra[nr], &rb[nr]);
            nr++;
        }
        for (int k = 0; k < L->n; k++)
            if (a->test[k]) {
                stream_range(c, L->start[k], L->end[k], &ra[nr], &rb[nr]);
                nr++;
            }
        for (int r = 0; r < nr; r++)
            for (int32_t l = MAX(ra[r], 0); l < MIN(rb[r], N); l++)
                avoid[l] = 1;
        int64_t total = 0;
        for (int r = 0; r < nr; r++)
            total += MAX(0, MIN(rb[r], N) - MAX(ra[r], 0));
        dw_job_begin_phase(c->job, "test read", (uint64_t)total, "sectors");
        dw_rip_log(c, DW_LOG_INFO, "test and copy: %d range%s (%" G_GINT64_FORMAT " sectors) no database proves",
                   nr, nr == 1 ? "" : "s", total);
        for (int r = 0; r < nr; r++) {
            /* Ranges already tested no longer need avoiding. */
            if (!dw_rip_test_range(c, ra[r], rb[r], avoid, error))
                return FALSE;
            for (int32_t l = MAX(ra[r], 0); l < MIN(rb[r], N); l++)
                avoid[l] = 0;
        }
        if (!dw_rip_settle(c, error))
            return FALSE;
        a->tested_any = true;
        /* The sums again, over what the rip now keeps, and the test CRCs
         * over the verification reads. */
        if (!prove(c, a, error))
            return FALSE;
        dw_audio_sums ts;
        dw_track_extra tx[DW_MAX_TRACKS];
        if (!dw_audio_sums_from(c->disc, L, test_samples, c, 0, &ts, tx, c->job, error))
            return FALSE;
        for (int k = 0; k < L->n; k++)
            a->test_crc[k] = tx[k].crc32;
        if (a->htoa && !htoa_sums(c, test_samples, &a->htoa_test_crc, NULL, error))
            return FALSE;
    } else if (any)
        for (int k = 0; k < L->n; k++)
            a->test[k] = false;  /* an image reads the same every time */
    if (a->htoa && !htoa_sums(c, dw_rip_corrected_samples, &a->htoa_copy_crc, &a->htoa_peak, error))
        return FALSE;
    /* Other pressings, for tracks still without a match. */
    bool missing = false;
    for (int k = 0; k < L->n; k++)
        missing = missing || !a->proof.tracks[k].ar;
    if (missing && a->n_recs) {
        GError *e = NULL;
        g_autoptr(GArray) m = NULL;
        if (dw_ar_find_shifts(c->disc, L, dw_rip_corrected_samples, c, 0, SEARCH_RANGE, a->recs, a->n_recs, &m,
                              c->job, &e))
            dw_audio_prove_other(&a->proof, c->disc, L, dw_rip_corrected_samples, c, 0, m, a->recs, a->n_recs);
        else {
            dw_rip_log(c, DW_LOG_WARNING, "other pressings: %s", e->message);
            g_clear_error(&e);
        }
    }
    for (int k = 0; k < L->n; k++) {
        const dw_track_proof *p = &a->proof.tracks[k];
        if (p->ar)
            dw_rip_log(c, DW_LOG_INFO, "track %d: accurately ripped (AccurateRip %s, confidence %d of %d)", L->number[k],
                       p->ar == DW_AR_V2 ? "v2" : "v1", p->ar_confidence, p->ar_total);
        if (p->ctdb_confidence)
            dw_rip_log(c, DW_LOG_INFO, "track %d: accurately ripped (CTDB, confidence %d of %d)", L->number[k],
                       p->ctdb_confidence, p->ctdb_total);
        if (!proven(p) && a->proof.ar_found)
            dw_rip_log(c, DW_LOG_WARNING, "track %d: no AccurateRip record matches%s", L->number[k],
                       p->ar_other ? " at the applied offset (another pressing matches)" : "");
    }
    return TRUE;
}

void dw_rip_audio_result(dw_rip_ctx *c, dw_rip_result *r)
{
    dw_rip_audio *a = c->audio;
    r->offset_source = c->offset_source;
    g_strlcpy(r->cache_method, c->cache_how, sizeof r->cache_method);
    r->cache_evict_reads = c->evict_reads;
    r->cache_used = c->cache_method == DW_RIP_CACHE_AUTO ? DW_RIP_CACHE_NONE : c->cache_method;
    r->cache_kb = c->cache_kb;
    r->cache_kb_reported = c->cache_kb_reported;
    r->cache_fua_fallback = c->fua_fallback_logged;
    if (!a || !a->have_audio)
        return;
    const dw_audio_sums *s = a->sums.n_tracks ? &a->sums : &a->ids;
    g_snprintf(r->accuraterip_id, sizeof r->accuraterip_id, "%03d-%08x-%08x-%08x", s->n_tracks, s->ar_id1, s->ar_id2,
               s->cddb_id);
    g_snprintf(r->cddb_id, sizeof r->cddb_id, "%08x", s->cddb_id);
    g_strlcpy(r->musicbrainz_id, s->musicbrainz_id, sizeof r->musicbrainz_id);
    g_strlcpy(r->ctdb_tocid, s->ctdb_tocid, sizeof r->ctdb_tocid);
    r->ar_found = a->proof.ar_found;
    r->ctdb_found = a->proof.ctdb_found;
    r->ar_searched = c->opt->accuraterip_db || c->opt->online;
    r->ctdb_searched = c->opt->ctdb || c->opt->online;
    const dw_audio_layout *L = &a->layout;
    int n = 0;
    if (a->htoa) {
        dw_rip_track_result *t = &r->tracks[n++];
        memset(t, 0, sizeof *t);
        t->number = 0;
        g_strlcpy(t->file, a->files[DW_MAX_TRACKS], sizeof t->file);
        t->peak = a->htoa_peak;
        t->tested = a->tested_any;
        t->copy_crc = a->htoa_copy_crc;
        t->test_crc = a->htoa_test_crc;
        dw_rip_count_rereads(c, 0, L->start[0], &t->rereads, &t->unsettled);
    }
    for (int k = 0; k < L->n; k++) {
        dw_rip_track_result *t = &r->tracks[n++];
        memset(t, 0, sizeof *t);
        const dw_track *tr = dw_disc_track(c->disc, L->number[k]);
        t->number = L->number[k];
        g_strlcpy(t->file, a->files[k], sizeof t->file);
        t->peak = a->extra[k].peak;
        t->pre_emphasis = tr && (tr->control & DW_CTRL_PRE);
        t->deemphasised = t->pre_emphasis && c->opt->deemphasis && a->files[k][0];
        t->tested = a->test[k];
        t->copy_crc = a->extra[k].crc32;
        t->test_crc = a->test[k] ? a->test_crc[k] : 0;
        t->ar_v1 = a->sums.tracks[k].ar_v1;
        t->ar_v2 = a->sums.tracks[k].ar_v2;
        t->ctdb_crc = a->extra[k].ctdb;
        t->proof = a->proof.tracks[k];
        int32_t sa, sb;
        stream_range(c, L->start[k], L->end[k], &sa, &sb);
        dw_rip_count_rereads(c, sa, sb, &t->rereads, &t->unsettled);
    }
    r->n_audio = n;
}

void dw_rip_count_rereads(const dw_rip_ctx *c, int32_t from, int32_t to, unsigned *rereads, unsigned *unsettled)
{
    *rereads = *unsettled = 0;
    if (!c->settle_state)
        return;
    for (int32_t l = MAX(from, 0); l < MIN(to, (int32_t)c->n_sectors); l++) {
        *rereads += c->settle_state[l] != 0;
        *unsettled += c->settle_state[l] == 2;
    }
}

void dw_rip_audio_free(dw_rip_ctx *c)
{
    dw_rip_audio *a = c->audio;
    if (!a)
        return;
    g_free(a->recs);
    g_free(a->ar_path);
    g_free(a->entries);
    g_free(a->ctdb_path);
    dw_rip_metadata_free(a->meta);
    g_free(a);
    c->audio = NULL;
}
