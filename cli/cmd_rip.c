/* cmd_rip.c: `discwright rip SOURCE -o BASE` and `discwright refine BASE
 * --drive DEVICE`: option parsing, the job with its progress, and a short
 * summary (text, or a JSON result event with the counts and the files). */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "cli/rip_audio_opts.h"

static struct {
    char *output, *formats, *drive;
    int retries, block;
    char *offset;
    double speed;
    gboolean resume, force;
    gboolean no_ahead;           /* --no-read-ahead */
    gboolean record;             /* --catalog given */
    char *catalog;               /* its location; "" = the default */
} o = { .retries = -1 };


static gboolean catalog_cb(const char *name, const char *value, gpointer data, GError **error)
{
    (void)name;
    (void)data;
    (void)error;
    g_free(o.catalog);
    o.catalog = g_strdup(value ? value : "");
    o.record = TRUE;
    return TRUE;
}

const GOptionEntry dw_cli_rip_options[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Output path without extension (required)", "BASE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.formats,
      "Outputs: iso, bincue, ccd, toc or all, comma-separated (default: bincue, plus iso for data discs; "
      "iso for DVD/BD)", "LIST" },
    { "retries", 'r', 0, G_OPTION_ARG_INT, &o.retries, "Retry passes over bad sectors (default 3)", "N" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &o.offset,
      "Drive read offset correction in samples, as AccurateRip lists it (e.g. +6, -472), or auto (default: "
      "the drive offset list, else AccurateRip matching, else a data track)", "SAMPLES|auto" },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &o.speed, "Read speed (x rate; default: the drive's maximum)", "X" },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &o.resume, "Continue an interrupted rip from BASE.map", NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &o.force, "Start over, replacing the files of an earlier rip", NULL },
    { "block", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &o.block,
      "Sectors per read command (default: what the drive's transfer limit allows)", "N" },
    { "no-read-ahead", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o.no_ahead,
      "Send each read only after the last block is stored (for measurements)", NULL },
    DW_CLI_AUDIO_OPTIONS,
    { "catalog", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)catalog_cb,
      "Record the rip in the catalog (the default one, or --catalog=LOCATION)", "LOCATION" },
    G_OPTION_ENTRY_NULL
};

const GOptionEntry dw_cli_refine_options[] = {
    { "drive", 'd', 0, G_OPTION_ARG_FILENAME, &o.drive, "Drive holding the same disc (required)", "DEVICE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.formats, "Outputs to derive again (as for rip)", "LIST" },
    { "retries", 'r', 0, G_OPTION_ARG_INT, &o.retries, "Retry passes over bad sectors (default 3)", "N" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &o.offset, "Read offset correction in samples", "SAMPLES" },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &o.speed, "Read speed (x rate)", "X" },
    DW_CLI_AUDIO_OPTIONS,
    { "catalog", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)catalog_cb,
      "Record the refined rip in the catalog (the default one, or --catalog=LOCATION)", "LOCATION" },
    G_OPTION_ENTRY_NULL
};

typedef struct {
    dw_rip_options ro;
    dw_rip_result res;
} rip_call;

static gboolean run(dw_job *job, void *data, GError **error)
{
    rip_call *a = data;
    return dw_rip(&a->ro, job, &a->res, error);
}

static int record(dw_cli *cli, const char *base, bool refine)
{
    GError *e = NULL;
    g_autoptr(dw_catalog) cat = dw_catalog_open(*o.catalog ? o.catalog : NULL, &e);
    int64_t id = 0;
    if (!cat || !dw_catalog_add_rip(cat, base, refine ? "refine" : "rip", false, &id, &e)) {
        g_prefix_error(&e, "the rip is complete but could not be recorded: ");
        int rc = dw_cli_fail(cli, e);
        g_error_free(e);
        return rc;
    }
    if (cli->json) {
        GString *s = g_string_new("{\"event\":\"recorded\",\"id\":");
        g_string_append_printf(s, "%" G_GINT64_FORMAT ",\"catalog\":", id);
        dw_json_append_string(s, dw_catalog_location(cat));
        g_string_append(s, "}\n");
        fputs(s->str, stdout);
        fflush(stdout);
        g_string_free(s, TRUE);
    } else if (!cli->quiet)
        fprintf(stderr, "%s: recorded as disc %" G_GINT64_FORMAT " in %s\n", base, id, dw_catalog_location(cat));
    return DW_EXIT_OK;
}

static int go(dw_cli *cli, const char *source, const char *base, bool refine)
{
    rip_call a = { .ro = { .source = source, .base = base, .retries = o.retries, .resume = o.resume, .refine = refine,
                    .force = o.force, .speed = o.speed, .block = o.block,
                    .no_read_ahead = o.no_ahead } };
    GError *error = NULL;
    if ((o.formats && !dw_rip_parse_formats(o.formats, &a.ro.formats, &error)) ||
        !dw_cli_audio_apply(&a.ro, &error)) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    if (o.offset && !g_ascii_strcasecmp(o.offset, "auto"))
        g_clear_pointer(&o.offset, g_free);     /* auto is the default */
    if (o.offset) {
        char *end;
        long v = strtol(o.offset, &end, 10);
        if (*o.offset == '\0' || *end || v < -10000 || v > 10000)
            return dw_cli_usage_error(cli, "--offset: \"%s\" is not a number of samples", o.offset);
        a.ro.has_offset = true;
        a.ro.offset = (int)v;
    }
    if (o.resume && o.force)
        return dw_cli_usage_error(cli, "--resume and --force contradict each other");
    dw_cli_start(cli, source);
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    gboolean ok = dw_cli_run_job(cli, job, run, &a, &error);
    const dw_rip_result *r = &a.res;
    g_autoptr(GString) j = g_string_new("{\"base\":");
    dw_json_append_string(j, base);
    g_string_append_printf(j,
                           ",\"ok\":%s,\"sectors\":%" G_GINT64_FORMAT ",\"good\":%" G_GINT64_FORMAT
                           ",\"bad\":%" G_GINT64_FORMAT ",\"untried\":%" G_GINT64_FORMAT ",\"reads\":%" G_GUINT64_FORMAT
                           ",\"offset\":%d,\"offset_measured\":%s,\"offset_source\":\"%s\",\"unstable\":%u,"
                           "\"q_errors\":%u,\"audio_tracks\":[",
                           ok ? "true" : "false", r->sectors, r->good, r->bad, r->untried, r->sectors_read,
                           r->offset, r->offset_detected ? "true" : "false",
                           dw_rip_offset_source_name(r->offset_source), r->unstable, r->q_errors);
    for (int k = 0; k < r->n_audio; k++) {
        const dw_rip_track_result *t = &r->tracks[k];
        g_string_append_printf(j, "%s{\"number\":%d,\"accuraterip\":%d,\"ctdb\":%d,\"copy_crc\":\"%08x\"}",
                               k ? "," : "", t->number, t->proof.ar_confidence, t->proof.ctdb_confidence, t->copy_crc);
    }
    g_string_append(j, "]}");
    if (r->sectors > 0) {
        if (cli->json)
            dw_cli_result(cli, j->str);
        else if (!cli->quiet)
            fprintf(stderr,
                    "%s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " sectors good, %" G_GINT64_FORMAT
                    " bad, %" G_GINT64_FORMAT " untried; log in %s.log\n",
                    base, r->good, r->sectors, r->bad, r->untried, base);
    }
    /* A finished rip goes into the catalog, sectors missing or not. */
    int rec_rc = DW_EXIT_OK;
    if (o.record && (ok || (error && error->domain == DW_ERROR && error->code == DW_ERROR_UNREADABLE)))
        rec_rc = record(cli, base, refine);
    if (!ok) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    return rec_rc;
}

int dw_cmd_rip(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    if (!o.output)
        return dw_cli_usage_error(cli, "rip: give the output with -o BASE (e.g. -o \"rips/My Disc\")");
    return go(cli, argv[0], o.output, false);
}

int dw_cmd_refine(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    if (!o.drive)
        return dw_cli_usage_error(cli, "refine: give the drive with --drive DEVICE");
    return go(cli, o.drive, argv[0], true);
}
