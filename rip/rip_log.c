/* rip_log.c: the record of a rip.  Every line logged goes to the job's
 * log sink and into BASE.log; at the end BASE.log gets the drive, the
 * settings, the disc, per-track status and every bad range, and
 * BASE.json the same as one JSON object (doc/rip.md describes it). */
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

gboolean dw_rip_write_reports(dw_rip_ctx *c, const dw_rip_result *res, GError **error)
{
    const dw_rip_options *o = c->opt;
    GString *t = g_string_new(NULL);
    GString *j = g_string_new("{\"tool\":\"discwright " PACKAGE_VERSION "\",\"drive\":{\"path\":");
    g_string_append_printf(t, "discwright %s rip\n\nDrive     %s (%s %s, firmware %s)\n", PACKAGE_VERSION,
                           o->source, c->vendor, c->model, c->revision);
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
    g_string_append_printf(t, "Reading   %s, %d sectors per command\n", how, c->block);
    g_string_append_printf(t, "Settings  retries %d, speed %s, offset %+d samples (%s)%s%s\n", c->retries,
                           o->speed > 0 ? "set" : "maximum", res->offset,
                           res->offset_detected ? "combined, measured" : o->has_offset ? "given" : "none",
                           o->resume ? ", resumed" : "", o->refine ? ", refine" : "");
    g_string_append(j, "},\"reading\":");
    dw_json_append_string(j, how);
    g_string_append_printf(j,
                           ",\"block\":%d,\"retries\":%d,\"offset\":{\"samples\":%d,\"measured\":%s,\"given\":%s},"
                           "\"resumed\":%s,\"refine\":%s,",
                           c->block, c->retries, res->offset, res->offset_detected ? "true" : "false",
                           o->has_offset ? "true" : "false", o->resume ? "true" : "false",
                           o->refine ? "true" : "false");
    g_string_append_printf(t,
                           "Sectors   %" G_GINT64_FORMAT " on disc, %" G_GINT64_FORMAT " good, %" G_GINT64_FORMAT
                           " bad, %" G_GINT64_FORMAT " untried; %" G_GUINT64_FORMAT
                           " sector reads; %u unstable; %u bad Q frames\n",
                           res->sectors, res->good, res->bad, res->untried, res->sectors_read, res->unstable,
                           res->q_errors);
    g_string_append_printf(j,
                           "\"sectors\":{\"total\":%" G_GINT64_FORMAT ",\"good\":%" G_GINT64_FORMAT
                           ",\"bad\":%" G_GINT64_FORMAT ",\"untried\":%" G_GINT64_FORMAT ",\"reads\":%" G_GUINT64_FORMAT
                           ",\"unstable\":%u,\"q_errors\":%u},\"tracks\":[",
                           res->sectors, res->good, res->bad, res->untried, res->sectors_read, res->unstable,
                           res->q_errors);
    if (c->cd) {
        g_string_append(t, "\nTrack  Mode              Start   Length  Pregap  ISRC          Status\n");
        for (int i = 0; i < c->disc->n_tracks; i++) {
            const dw_track *tr = &c->disc->tracks[i];
            int64_t bad = bad_in(c, tr->start - tr->pregap, tr->start + tr->length);
            g_string_append_printf(t, "%5d  %-16s %6d  %7d  %6d  %-12s  ", tr->number,
                                   dw_track_mode_name(tr->mode), tr->start, tr->length, tr->pregap,
                                   tr->isrc[0] ? tr->isrc : "-");
            if (bad)
                g_string_append_printf(t, "%" G_GINT64_FORMAT " sectors not good\n", bad);
            else
                g_string_append(t, "ok\n");
            g_string_append_printf(j, "%s{\"number\":%d,\"bad_sectors\":%" G_GINT64_FORMAT "}", i ? "," : "",
                                   tr->number, bad);
        }
    }
    g_string_append(j, "],\"bad_ranges\":[");
    size_t n_runs;
    const dw_map_run *runs = dw_map_runs(c->map, &n_runs);
    int listed = 0;
    for (size_t i = 0; i < n_runs; i++) {
        if (runs[i].status == DW_MAP_FINISHED)
            continue;
        if (!listed)
            g_string_append(t, "\nNot good (LBA ranges, map status):\n");
        g_string_append_printf(t, "  %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %c\n", runs[i].pos,
                               runs[i].pos + runs[i].size - 1, (char)runs[i].status);
        g_string_append_printf(j, "%s{\"first\":%" G_GINT64_FORMAT ",\"last\":%" G_GINT64_FORMAT ",\"status\":\"%c\"}",
                               listed ? "," : "", runs[i].pos, runs[i].pos + runs[i].size - 1,
                               (char)runs[i].status);
        listed++;
    }
    g_string_append(j, "],\"disc\":");
    g_autofree char *dj = dw_disc_to_json(c->disc);
    g_string_append(j, dj);
    g_string_append(j, ",\"log\":");
    dw_json_append_string(j, c->log->str);
    g_string_append(j, "}\n");
    g_string_append(t, "\nLog\n");
    g_string_append(t, c->log->str);
    g_autofree char *lp = g_strdup_printf("%s.log", o->base);
    g_autofree char *jp = g_strdup_printf("%s.json", o->base);
    gboolean ok = g_file_set_contents(lp, t->str, (gssize)t->len, NULL) &&
                  g_file_set_contents(jp, j->str, (gssize)j->len, NULL);
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s or %s", lp, jp);
    g_string_free(t, TRUE);
    g_string_free(j, TRUE);
    return ok;
}
