/* cmd_rip.c: `discwright rip SOURCE -o BASE` and `discwright refine BASE
 * --drive DEVICE`: option parsing, the job with its progress, and a short
 * summary (text, or a JSON result event with the counts and the files). */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

static struct {
    char *output, *formats, *drive;
    int retries, block;
    char *offset;
    double speed;
    gboolean resume, force;
    char *ardb, *ctdb, *drive_offsets, *audio, *metadata, *cache_defeat;
    gboolean online, deemphasis, no_test, no_ahead;
    int flac_level;
} o = { .retries = -1, .flac_level = -1 };

#define AUDIO_OPTIONS \
    { "accuraterip-db", 0, 0, G_OPTION_ARG_FILENAME, &o.ardb, \
      "AccurateRip answers: a dBAR-NNN-...bin file, or a folder of them (also in the server's c/b/a/ layout)", \
      "FILE|DIR" }, \
    { "ctdb", 0, 0, G_OPTION_ARG_FILENAME, &o.ctdb, "A CTDB lookup answer (the XML of lookup2.php)", "FILE" }, \
    { "drive-offsets", 0, 0, G_OPTION_ARG_FILENAME, &o.drive_offsets, \
      "AccurateRip's drive offset list (DriveOffsets.bin) for --offset auto", "FILE" }, \
    { "online", 0, 0, G_OPTION_ARG_NONE, &o.online, \
      "Fetch what is not given from AccurateRip and CTDB over HTTP (cached in ~/.cache/discwright)", NULL }, \
    { "audio", 0, 0, G_OPTION_ARG_STRING, &o.audio, \
      "Track files: flac (default when the disc has audio), wav or none", "FORMAT" }, \
    { "flac-level", 0, 0, G_OPTION_ARG_INT, &o.flac_level, "FLAC compression level 0-8 (default 5)", "N" }, \
    { "metadata", 0, 0, G_OPTION_ARG_FILENAME, &o.metadata, \
      "Tags and cue text from a MusicBrainz release (JSON of the web service)", "FILE" }, \
    { "deemphasis", 0, 0, G_OPTION_ARG_NONE, &o.deemphasis, \
      "De-emphasise tracks flagged PRE in the track files (the dump keeps the disc's audio)", NULL }, \
    { "cache-defeat", 0, 0, G_OPTION_ARG_STRING, &o.cache_defeat, \
      "Getting past the drive's audio cache before re-reads: auto (evict), evict, fua (drives known to " \
      "honour FUA) or none", "HOW" }, \
    { "no-test-copy", 0, 0, G_OPTION_ARG_NONE, &o.no_test, \
      "Do not read tracks no database proves a second time (test and copy)", NULL }

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
    AUDIO_OPTIONS,
    G_OPTION_ENTRY_NULL
};

const GOptionEntry dw_cli_refine_options[] = {
    { "drive", 'd', 0, G_OPTION_ARG_FILENAME, &o.drive, "Drive holding the same disc (required)", "DEVICE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.formats, "Outputs to derive again (as for rip)", "LIST" },
    { "retries", 'r', 0, G_OPTION_ARG_INT, &o.retries, "Retry passes over bad sectors (default 3)", "N" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &o.offset, "Read offset correction in samples", "SAMPLES" },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &o.speed, "Read speed (x rate)", "X" },
    AUDIO_OPTIONS,
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

static int go(dw_cli *cli, const char *source, const char *base, bool refine)
{
    rip_call a = { .ro = { .source = source, .base = base, .retries = o.retries, .resume = o.resume, .refine = refine,
                    .force = o.force, .speed = o.speed, .block = o.block, .no_read_ahead = o.no_ahead, .accuraterip_db = o.ardb,
                    .ctdb = o.ctdb, .drive_offsets = o.drive_offsets, .online = o.online,
                    .flac_level = o.flac_level, .has_flac_level = o.flac_level >= 0, .metadata = o.metadata, .deemphasis = o.deemphasis,
                    .no_test_copy = o.no_test } };
    GError *error = NULL;
    if ((o.formats && !dw_rip_parse_formats(o.formats, &a.ro.formats, &error)) ||
        (o.audio && !dw_rip_parse_audio(o.audio, &a.ro.audio, &error)) ||
        (o.cache_defeat && !dw_rip_parse_cache_defeat(o.cache_defeat, &a.ro.cache_defeat, &error))) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    if (o.flac_level < -1 || o.flac_level > 8)
        return dw_cli_usage_error(cli, "--flac-level: %d is not 0-8", o.flac_level);
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
    if (!ok) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    return DW_EXIT_OK;
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
