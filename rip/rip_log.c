/* rip_log.c: the record of a rip.  Every line logged goes to the job's
 * log sink and into BASE.log; at the end BASE.log (rip_eaclog.c) gets the
 * drive, the settings, the disc, per-track status and proof and every bad
 * range, and BASE.json the same as one JSON object (doc/rip.md). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/json.h"
#include "rip/rip_private.h"

void dw_rip_log(dw_rip_ctx *c, dw_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    static const char *const names[] = { "debug", "info", "warning", "error" };
    if (c->log && level > DW_LOG_DEBUG)
        g_string_append_printf(c->log, "%-7s %s\n", names[level], msg);
    dw_job_log(c->job, level, "%s", msg);
}

static int64_t bad_in(const dw_rip_ctx *c, int32_t from, int32_t to)
{
    int64_t n = 0;
    for (int32_t l = MAX(from, 0); l < to && l < c->n_sectors; l++)
        if (dw_map_get(c->map, l) != DW_MAP_FINISHED)
            n++;
    return n;
}

const char *dw_rip_offset_source_name(dw_rip_offset_source s)
{
    switch (s) {
    case DW_RIP_OFFSET_GIVEN:
        return "given";
    case DW_RIP_OFFSET_DRIVE_LIST:
        return "drive-list";
    case DW_RIP_OFFSET_ACCURATERIP:
        return "accuraterip";
    case DW_RIP_OFFSET_DATA_TRACK:
        return "data-track";
    default:
        return "none";
    }
}

static const char *ar_name(dw_ar_version v)
{
    return v == DW_AR_V2 ? "v2" : v == DW_AR_V1 ? "v1" : NULL;
}

/* "audio":{...} of BASE.json: ids, how the cache was defeated, and per
 * track the file, peak, test/copy CRC and the AccurateRip/CTDB result. */
static void audio_json(GString *j, const dw_rip_result *r)
{
    g_string_append(j, ",\"audio\":{\"cache\":");
    dw_json_append_string(j, r->cache_method);
    g_string_append_printf(j, ",\"cache_evict_reads\":%" G_GUINT64_FORMAT ",\"accuraterip_id\":", r->cache_evict_reads);
    dw_json_append_string(j, r->accuraterip_id);
    g_string_append(j, ",\"cddb_id\":");
    dw_json_append_string(j, r->cddb_id);
    g_string_append(j, ",\"musicbrainz_id\":");
    dw_json_append_string(j, r->musicbrainz_id);
    g_string_append(j, ",\"ctdb_tocid\":");
    dw_json_append_string(j, r->ctdb_tocid);
    g_string_append_printf(j,
                           ",\"accuraterip_searched\":%s,\"ctdb_searched\":%s,\"accuraterip_found\":%s,"
                           "\"ctdb_found\":%s,\"tracks\":[",
                           r->ar_searched ? "true" : "false", r->ctdb_searched ? "true" : "false",
                           r->ar_found ? "true" : "false", r->ctdb_found ? "true" : "false");
    for (int k = 0; k < r->n_audio; k++) {
        const dw_rip_track_result *t = &r->tracks[k];
        const dw_track_proof *p = &t->proof;
        g_string_append_printf(j, "%s{\"number\":%d,\"file\":", k ? "," : "", t->number);
        dw_json_append_string(j, t->file);
        g_string_append_printf(j,
                               ",\"peak\":%u,\"pre_emphasis\":%s,\"deemphasised\":%s,\"tested\":%s,"
                               "\"test_crc\":\"%08x\",\"copy_crc\":\"%08x\",\"rereads\":%u,\"unsettled\":%u,"
                               "\"accuraterip\":{\"v1\":\"%08x\",\"v2\":\"%08x\",\"match\":",
                               t->peak, t->pre_emphasis ? "true" : "false", t->deemphasised ? "true" : "false",
                               t->tested ? "true" : "false", t->test_crc, t->copy_crc, t->rereads, t->unsettled,
                               t->ar_v1, t->ar_v2);
        if (ar_name(p->ar))
            g_string_append_printf(j, "\"%s\"", ar_name(p->ar));
        else
            g_string_append(j, "null");
        g_string_append_printf(j, ",\"confidence\":%d,\"total\":%d,\"other_offset\":%d,\"other_confidence\":%d},",
                               p->ar_confidence, p->ar_total, p->ar_other ? p->ar_other_shift : 0,
                               p->ar_other_confidence);
        g_string_append_printf(j, "\"ctdb\":{\"crc\":\"%08x\",\"confidence\":%d,\"total\":%d}}", t->ctdb_crc,
                               p->ctdb_confidence, p->ctdb_total);
    }
    g_string_append(j, "]}");
}

gboolean dw_rip_write_reports(dw_rip_ctx *c, const dw_rip_result *res, GError **error)
{
    const dw_rip_options *o = c->opt;
    GString *j = g_string_new("{\"tool\":\"discwright " PACKAGE_VERSION "\",\"drive\":{\"path\":");
    dw_json_append_string(j, o->source);
    g_string_append(j, ",\"vendor\":");
    dw_json_append_string(j, c->vendor);
    g_string_append(j, ",\"model\":");
    dw_json_append_string(j, c->model);
    g_string_append(j, ",\"revision\":");
    dw_json_append_string(j, c->revision);
    const char *how = !c->cd             ? "2048-byte sectors (READ 12)"
                      : c->cooked_only   ? "cooked 2048-byte reads, Mode 1 sectors rebuilt"
                      : c->sub == DW_SUBSEL_RAW ? (c->c2 ? "READ CD raw + C2 + raw P-W" : "READ CD raw + raw P-W")
                      : c->sub == DW_SUBSEL_Q   ? (c->c2 ? "READ CD raw + C2 + Q" : "READ CD raw + Q")
                                                : "READ CD raw, no subchannel";
    g_string_append(j, "},\"reading\":");
    dw_json_append_string(j, how);
    g_string_append_printf(j,
                           ",\"block\":%d,\"transfer_limit\":%zu,\"read_ahead_blocks\":%" G_GUINT64_FORMAT ",\"retries\":%d,\"offset\":{\"samples\":%d,\"measured\":%s,\"given\":%s,"
                           "\"source\":\"%s\"},\"resumed\":%s,\"refine\":%s,",
                           c->block, c->transfer_limit, c->ahead_blocks, c->retries, res->offset, res->offset_detected ? "true" : "false",
                           o->has_offset ? "true" : "false", dw_rip_offset_source_name(res->offset_source),
                           o->resume ? "true" : "false", o->refine ? "true" : "false");
    g_string_append_printf(j,
                           "\"sectors\":{\"total\":%" G_GINT64_FORMAT ",\"good\":%" G_GINT64_FORMAT
                           ",\"bad\":%" G_GINT64_FORMAT ",\"untried\":%" G_GINT64_FORMAT ",\"reads\":%" G_GUINT64_FORMAT
                           ",\"unstable\":%u,\"q_errors\":%u},\"tracks\":[",
                           res->sectors, res->good, res->bad, res->untried, res->sectors_read, res->unstable,
                           res->q_errors);
    for (int i = 0; c->cd && i < c->disc->n_tracks; i++) {
        const dw_track *tr = &c->disc->tracks[i];
        int64_t bad = bad_in(c, tr->start - tr->pregap, tr->start + tr->length);
        g_string_append_printf(j, "%s{\"number\":%d,\"bad_sectors\":%" G_GINT64_FORMAT "}", i ? "," : "",
                               tr->number, bad);
    }
    g_string_append(j, "],\"bad_ranges\":[");
    size_t n_runs;
    const dw_map_run *runs = dw_map_runs(c->map, &n_runs);
    int listed = 0;
    for (size_t i = 0; i < n_runs; i++) {
        if (runs[i].status == DW_MAP_FINISHED)
            continue;
        g_string_append_printf(j, "%s{\"first\":%" G_GINT64_FORMAT ",\"last\":%" G_GINT64_FORMAT ",\"status\":\"%c\"}",
                               listed ? "," : "", runs[i].pos, runs[i].pos + runs[i].size - 1,
                               (char)runs[i].status);
        listed++;
    }
    g_string_append(j, "],\"disc\":");
    g_autofree char *dj = dw_disc_to_json(c->disc);
    g_string_append(j, dj);
    if (c->cd)
        audio_json(j, res);
    g_string_append(j, ",\"log\":");
    dw_json_append_string(j, c->log->str);
    g_string_append(j, "}\n");
    g_autofree char *text = dw_rip_text_log(c, res);
    g_autofree char *lp = g_strdup_printf("%s.log", o->base);
    g_autofree char *jp = g_strdup_printf("%s.json", o->base);
    gboolean ok = g_file_set_contents(lp, text, -1, NULL) && g_file_set_contents(jp, j->str, (gssize)j->len, NULL);
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s or %s", lp, jp);
    g_string_free(j, TRUE);
    return ok;
}
