/* rip_eaclog.c: BASE.log, laid out the way EAC logs are read by people
 * who check rips: the drive and how it was read (read offset and where
 * it came from, how the cache was defeated, C2, retries), the disc's
 * ids, the TOC, then per track the file, pre-gap, peak level, test and
 * copy CRC, the AccurateRip v1/v2 and CTDB results and any sectors that
 * needed re-reads; the ranges not good, every error with its position,
 * a summary, the rip's own event log, and last a checksum line over all
 * of it (verify BASE.log checks it; audiodb.h). */
#include "config.h"

#include <string.h>

#include "discwright/msf.h"
#include "rip/rip_audio_private.h"

static void kv(GString *t, const char *key, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void kv(GString *t, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_append_printf(t, "%-17s: ", key);
    g_string_append_vprintf(t, fmt, ap);
    g_string_append_c(t, '\n');
    va_end(ap);
}

static void mmss(GString *t, int32_t sectors)
{
    g_string_append_printf(t, "%d:%02d.%02d", sectors / 4500, (sectors / 75) % 60, sectors % 75);
}

static const char *offset_how(dw_rip_offset_source s)
{
    switch (s) {
    case DW_RIP_OFFSET_GIVEN:
        return "given with --offset";
    case DW_RIP_OFFSET_DRIVE_LIST:
        return "the drive's entry in AccurateRip's drive offset list";
    case DW_RIP_OFFSET_ACCURATERIP:
        return "found by matching AccurateRip records at candidate offsets";
    case DW_RIP_OFFSET_DATA_TRACK:
        return "measured on a data track (combined read + write offset)";
    default:
        return "none found: not corrected";
    }
}

static int64_t bad_in(const dw_rip_ctx *c, int32_t from, int32_t to)
{
    int64_t n = 0;
    for (int32_t l = MAX(from, 0); l < to && l < c->n_sectors; l++)
        if (dw_map_get(c->map, l) != DW_MAP_FINISHED)
            n++;
    return n;
}

static void ar_line(GString *t, const dw_rip_track_result *r, bool found)
{
    const dw_track_proof *p = &r->proof;
    g_string_append_printf(t, "     %-16s ", "AccurateRip");
    if (p->ar)
        g_string_append_printf(t, "accurate, %s (confidence %d of %d)", p->ar == DW_AR_V2 ? "v2" : "v1",
                               p->ar_confidence, p->ar_total);
    else if (p->ar_other)
        g_string_append_printf(t, "accurate with a %+d sample offset (another pressing; %s, confidence %d)",
                               p->ar_other_shift, p->ar_other == DW_AR_V2 ? "v2" : "v1", p->ar_other_confidence);
    else if (found)
        g_string_append_printf(t, "not accurate (%d submissions for this track)", p->ar_total);
    else
        g_string_append(t, "disc not in the database");
    g_string_append_printf(t, "  [v1 %08X, v2 %08X]\n", r->ar_v1, r->ar_v2);
}

static void ctdb_line(GString *t, const dw_rip_track_result *r, bool found)
{
    const dw_track_proof *p = &r->proof;
    g_string_append_printf(t, "     %-16s ", "CTDB");
    if (p->ctdb_confidence)
        g_string_append_printf(t, "accurate (confidence %d of %d)", p->ctdb_confidence, p->ctdb_total);
    else if (found)
        g_string_append_printf(t, "not accurate (%d submissions)", p->ctdb_total);
    else
        g_string_append(t, "disc not in the database");
    g_string_append_printf(t, "  [%08X]\n", r->ctdb_crc);
}

char *dw_rip_text_log(dw_rip_ctx *c, const dw_rip_result *res)
{
    const dw_rip_options *o = c->opt;
    GString *t = g_string_new(NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *when = g_date_time_format(now, "%Y-%m-%d %H:%M:%S UTC");
    g_string_append_printf(t, "discwright %s rip log, %s\n\n", PACKAGE_VERSION, when);
    kv(t, "Source", "%s", o->source);
    kv(t, "Used drive", "%s %s (firmware %s)", c->vendor, c->model, c->revision);
    const char *how = !c->cd             ? "2048-byte sectors (READ 12)"
                      : c->cooked_only   ? "cooked 2048-byte reads, Mode 1 sectors rebuilt"
                      : c->sub == DW_SUBSEL_RAW ? (c->c2 ? "READ CD raw + C2 + raw P-W" : "READ CD raw + raw P-W")
                      : c->sub == DW_SUBSEL_Q   ? (c->c2 ? "READ CD raw + C2 + Q" : "READ CD raw + Q")
                                                : "READ CD raw, no subchannel";
    kv(t, "Read mode", "%s, %d sectors per command", how, c->block);
    kv(t, "Command size", "%s", c->block_why);
    if (c->cd) {
        kv(t, "Read offset", "%+d samples (%s)", res->offset, offset_how(res->offset_source));
        kv(t, "Overread", "%s", c->n_pre || c->n_post ? "into the lead-in / lead-out as the offset needs" : "not needed");
        kv(t, "Audio cache", "%s; %" G_GUINT64_FORMAT " sectors read to evict", res->cache_method,
           res->cache_evict_reads);
        kv(t, "C2 pointers", "%s", c->c2 ? "used" : "not available");
    }
    kv(t, "Retries", "%d passes; unstable sectors re-read until two reads agree (at most %d reads)", c->retries,
       MIN(2 + 2 * MAX(c->retries, 1), 12));
    kv(t, "Speed", "%s", o->speed > 0 ? "set" : "maximum");
    if (o->resume || o->refine)
        kv(t, "Continued", "%s", o->refine ? "refine" : "resumed");
    dw_rip_audio *a = c->audio;
    if (a && a->have_audio) {
        dw_rip_audio_format fmt = o->audio == DW_RIP_AUDIO_DEFAULT ? DW_RIP_AUDIO_FLAC : o->audio;
        if (fmt == DW_RIP_AUDIO_FLAC)
            kv(t, "Audio files", "FLAC, level %d, verified by decoding", o->has_flac_level ? CLAMP(o->flac_level, 0, 8) : 5);
        else
            kv(t, "Audio files", "%s", fmt == DW_RIP_AUDIO_WAV ? "WAV" : "none");
        kv(t, "Pre-emphasis", "%s", o->deemphasis ? "removed from flagged tracks (--deemphasis)" : "kept as on the disc");
        kv(t, "Test and copy", "%s", c->image ? "no (an image reads the same every time)"
                                      : o->no_test_copy ? "no (--no-test-copy)"
                                                        : "tracks no database proves are read twice");
        kv(t, "AccurateRip", "%s", a->ar_path ? a->ar_path : "no records given");
        kv(t, "CTDB", "%s", a->ctdb_path ? a->ctdb_path : "no answer given");
        g_string_append_c(t, '\n');
        kv(t, "AccurateRip ID", "%s", res->accuraterip_id);
        kv(t, "CDDB ID", "%s", res->cddb_id);
        kv(t, "MusicBrainz ID", "%s", res->musicbrainz_id[0] ? res->musicbrainz_id : "-");
        kv(t, "CTDB TOC ID", "%s", res->ctdb_tocid);
    }
    if (c->cd && c->disc->mcn[0])
        kv(t, "MCN", "%s", c->disc->mcn);
    g_string_append_c(t, '\n');
    kv(t, "Sectors",
       "%" G_GINT64_FORMAT " on disc, %" G_GINT64_FORMAT " good, %" G_GINT64_FORMAT " bad, %" G_GINT64_FORMAT
       " untried; %" G_GUINT64_FORMAT " sector reads; %u unstable; %u bad Q frames",
       res->sectors, res->good, res->bad, res->untried, res->sectors_read, res->unstable, res->q_errors);

    if (c->cd) {
        g_string_append(t, "\nTOC of the extracted CD\n\n");
        g_string_append(t, "     Track |   Start  |  Length  | Start sector | End sector | Mode             | ISRC\n");
        g_string_append(t, "    ------------------------------------------------------------------------------------------\n");
        for (int i = 0; i < c->disc->n_tracks; i++) {
            const dw_track *tr = &c->disc->tracks[i];
            g_string_append_printf(t, "       %2d  | ", tr->number);
            GString *st = g_string_new(NULL), *ln = g_string_new(NULL);
            mmss(st, tr->start);
            mmss(ln, tr->length);
            g_string_append_printf(t, "%8s | %8s |  %10d  | %10d | %-16s | %s\n", st->str, ln->str, tr->start,
                                   tr->start + tr->length - 1, dw_track_mode_name(tr->mode),
                                   tr->isrc[0] ? tr->isrc : "-");
            g_string_free(st, TRUE);
            g_string_free(ln, TRUE);
        }
    }
    /* Per track. */
    for (int i = 0; c->cd && i < c->disc->n_tracks; i++) {
        const dw_track *tr = &c->disc->tracks[i];
        const dw_rip_track_result *r = NULL;
        for (int k = 0; k < res->n_audio; k++)
            if (res->tracks[k].number == tr->number)
                r = &res->tracks[k];
        if (i == 0 && res->n_audio && res->tracks[0].number == 0) {
            const dw_rip_track_result *h = &res->tracks[0];
            g_string_append(t, "\nTrack  0 (hidden, before track 1's INDEX 01)\n\n");
            g_string_append_printf(t, "     %-16s %s\n", "Filename", h->file[0] ? h->file : "-");
            g_string_append_printf(t, "     %-16s %.1f %%\n", "Peak level", h->peak * 100.0 / 32768.0);
            if (h->tested)
                g_string_append_printf(t, "     %-16s %08X\n", "Test CRC", h->test_crc);
            g_string_append_printf(t, "     %-16s %08X\n", "Copy CRC", h->copy_crc);
            g_string_append_printf(t, "     %s\n", !h->tested ? "Copy finished" : h->test_crc == h->copy_crc && !h->unsettled
                                                                   ? "Copy OK" : "Copy NOT OK");
        }
        int64_t bad = bad_in(c, tr->start - tr->pregap, tr->start + tr->length);
        if (!r) {
            g_string_append_printf(t, "\nTrack %2d (%s)\n\n     %-16s %s\n", tr->number, dw_track_mode_name(tr->mode),
                                   "Status", bad ? "sectors not good" : "ok");
            continue;
        }
        g_string_append_printf(t, "\nTrack %2d\n\n", tr->number);
        g_string_append_printf(t, "     %-16s %s\n", "Filename", r->file[0] ? r->file : "-");
        GString *pg = g_string_new(NULL);
        mmss(pg, tr->pregap);
        g_string_append_printf(t, "     %-16s %s\n", "Pre-gap length", pg->str);
        g_string_free(pg, TRUE);
        g_string_append_printf(t, "     %-16s %.1f %%\n", "Peak level", r->peak * 100.0 / 32768.0);
        if (r->pre_emphasis)
            g_string_append_printf(t, "     %-16s %s\n", "Pre-emphasis",
                                   r->deemphasised ? "yes, removed in the track file" : "yes, kept");
        if (r->tested)
            g_string_append_printf(t, "     %-16s %08X\n", "Test CRC", r->test_crc);
        g_string_append_printf(t, "     %-16s %08X\n", "Copy CRC", r->copy_crc);
        ar_line(t, r, res->ar_found);
        ctdb_line(t, r, res->ctdb_found);
        if (r->rereads)
            g_string_append_printf(t, "     %-16s %u sectors re-read, %u not settled\n", "Re-reads", r->rereads,
                                   r->unsettled);
        if (bad)
            g_string_append_printf(t, "     %-16s %" G_GINT64_FORMAT " sectors not good\n", "Errors", bad);
        bool proven = r->proof.ar || r->proof.ctdb_confidence;
        const char *verdict = bad || r->unsettled ? "Copy finished with errors"
                              : r->tested ? (r->test_crc == r->copy_crc ? "Copy OK" : "Copy NOT OK: test and copy differ")
                              : proven ? "Copy OK (accurate: not read twice)"
                                       : "Copy finished (not verified)";
        g_string_append_printf(t, "     %s\n", verdict);
    }
    /* What is not good, and every error with its position. */
    size_t n_runs;
    const dw_map_run *runs = dw_map_runs(c->map, &n_runs);
    int listed = 0;
    for (size_t i = 0; i < n_runs; i++) {
        if (runs[i].status == DW_MAP_FINISHED)
            continue;
        if (!listed++)
            g_string_append(t, "\nNot good (LBA ranges, map status):\n");
        g_string_append_printf(t, "  %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %c\n", runs[i].pos,
                               runs[i].pos + runs[i].size - 1, (char)runs[i].status);
    }
    bool head = false;
    g_auto(GStrv) lines = g_strsplit(c->log->str, "\n", -1);
    for (char **l = lines; *l; l++)
        if ((g_str_has_prefix(*l, "warning") || g_str_has_prefix(*l, "error")) && strstr(*l, "LBA ")) {
            if (!head)
                g_string_append(t, "\nErrors with positions:\n");
            head = true;
            g_string_append_printf(t, "  %s\n", *l);
        }
    /* Summary. */
    g_string_append(t, "\nSummary\n\n");
    if (res->n_audio) {
        int accurate = 0, ok = 0, total = 0;
        for (int k = 0; k < res->n_audio; k++) {
            const dw_rip_track_result *r = &res->tracks[k];
            if (r->number == 0)
                continue;
            total++;
            accurate += r->proof.ar || r->proof.ctdb_confidence;
            ok += r->tested && r->test_crc == r->copy_crc && !r->unsettled;
        }
        if (accurate == total)
            g_string_append_printf(t, "  All %d audio tracks accurately ripped\n", total);
        else
            g_string_append_printf(t, "  %d of %d audio tracks accurately ripped; %d more with test and copy equal\n",
                                   accurate, total, ok);
    }
    if (res->bad + res->untried == 0)
        g_string_append(t, "  No errors occurred\n");
    else
        g_string_append_printf(t, "  %" G_GINT64_FORMAT " sectors not good\n", res->bad + res->untried);
    g_string_append(t, "\nLog\n\n");
    g_string_append(t, c->log->str);
    g_string_append(t, "\nEnd of status report\n\n");
    g_autofree char *seal = dw_riplog_checksum_line(t->str, t->len);
    g_string_append(t, seal);
    return g_string_free(t, FALSE);
}
