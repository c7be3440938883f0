/* cmd_archive.c: `discwright archive --drives all|DEV,... -o LIBRARY`:
 * the batch of archive.h with its progress: on a terminal one line per
 * drive redrawn in place, otherwise a line per finished disc; with
 * --json a "disc" event when a disc starts, finishes or fails and a
 * "progress" event per drive once a second.  Ctrl-C stops every rip at a
 * safe point (exit 130); running the same command again resumes them. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/rip_audio_opts.h"

static struct {
    char *drives, *output, *name, *catalog, *formats, *offset, *idle;
    int retries, block, max_discs;
    double speed, poll;
} o = { .retries = -1 };

const GOptionEntry dw_cli_archive_options[] = {
    { "drives", 'd', 0, G_OPTION_ARG_STRING, &o.drives,
      "The drives to use: all (default) or a comma-separated list of devices", "all|DEV,..." },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "The library folder the rips go into (required)", "LIBRARY" },
    { "name", 'N', 0, G_OPTION_ARG_STRING, &o.name,
      "Folder name of each disc: {label} {title} {performer} {cddb} {mbid} {kind} {drive} {fingerprint} {date} "
      "{n}, '/' for subfolders (default \"{n} {label}\")",
      "TEMPLATE" },
    { "catalog", 'C', 0, G_OPTION_ARG_STRING, &o.catalog,
      "The catalog the discs are recorded in (default $XDG_DATA_HOME/discwright/catalog.sqlite)", "LOCATION" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.formats, "Outputs, as for rip (iso, bincue, ccd, toc, all)", "LIST" },
    { "retries", 'r', 0, G_OPTION_ARG_INT, &o.retries, "Retry passes over bad sectors (default 3)", "N" },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &o.offset, "Read offset correction in samples, for every drive",
      "SAMPLES" },
    { "speed", 's', 0, G_OPTION_ARG_DOUBLE, &o.speed, "Read speed (x rate)", "X" },
    { "idle-exit", 0, 0, G_OPTION_ARG_STRING, &o.idle,
      "Stop once no drive has had a disc for this long (e.g. 10m; default: wait for ever)", "DURATION" },
    { "max-discs", 0, 0, G_OPTION_ARG_INT, &o.max_discs, "Stop after this many discs", "N" },
    { "poll", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &o.poll, "Seconds between looks at an empty drive", "S" },
    { "block", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &o.block, "Sectors per read command", "N" },
    DW_CLI_AUDIO_OPTIONS,
    G_OPTION_ENTRY_NULL
};

typedef struct {
    dw_cli *cli;
    dw_archive *a;
    GMutex out;                  /* one writer at a time on the terminal */
    int drawn;                   /* lines of the last drawing (terminal) */
    gboolean tty;
} archive_cli;

static void clear_drawing(archive_cli *c)
{
    if (c->drawn) {
        fprintf(stderr, "\033[%dA\033[J", c->drawn);
        c->drawn = 0;
    }
}

static void on_log(const char *device, dw_log_level level, const char *msg, void *user)
{
    archive_cli *c = user;
    dw_cli *cli = c->cli;
    static const char *const names[] = { "debug", "info", "warning", "error" };
    g_mutex_lock(&c->out);
    if (cli->json) {
        GString *s = g_string_new("{\"event\":\"log\",\"drive\":");
        dw_json_append_string(s, device);
        g_string_append_printf(s, ",\"level\":\"%s\",\"message\":", names[level <= DW_LOG_ERROR ? level : 1]);
        dw_json_append_string(s, msg);
        g_string_append(s, "}\n");
        fputs(s->str, stdout);
        fflush(stdout);
        g_string_free(s, TRUE);
    } else if ((level >= DW_LOG_WARNING && !cli->quiet) || (level == DW_LOG_INFO && cli->verbose)) {
        clear_drawing(c);
        fprintf(stderr, "discwright: %s: %s: %s\n", device, names[level <= DW_LOG_ERROR ? level : 1], msg);
    }
    g_mutex_unlock(&c->out);
}

static void on_event(const dw_archive_event *ev, void *user)
{
    archive_cli *c = user;
    dw_cli *cli = c->cli;
    static const char *const kinds[] = { "start", "done", "failed", "ejected" };
    const dw_rip_result *r = ev->result;
    g_mutex_lock(&c->out);
    if (cli->json) {
        GString *s = g_string_new("{\"event\":\"disc\",\"drive\":");
        dw_json_append_string(s, ev->device);
        g_string_append_printf(s, ",\"status\":\"%s\",\"name\":", kinds[ev->kind]);
        dw_json_append_string(s, ev->name);
        g_string_append(s, ",\"base\":");
        dw_json_append_string(s, ev->base);
        g_string_append(s, ",\"fingerprint\":");
        dw_json_append_string(s, ev->fingerprint);
        g_string_append_printf(s, ",\"resumed\":%s", ev->resumed ? "true" : "false");
        if (ev->kind == DW_ARCHIVE_EVENT_DONE)
            g_string_append_printf(s, ",\"catalog_id\":%" G_GINT64_FORMAT, ev->catalog_id);
        if (r && ev->kind != DW_ARCHIVE_EVENT_START)
            g_string_append_printf(s,
                                   ",\"sectors\":%" G_GINT64_FORMAT ",\"good\":%" G_GINT64_FORMAT
                                   ",\"bad\":%" G_GINT64_FORMAT ",\"untried\":%" G_GINT64_FORMAT
                                   ",\"reads\":%" G_GUINT64_FORMAT ",\"evict_reads\":%" G_GUINT64_FORMAT ",\"unstable\":%u",
                                   r->sectors, r->good, r->bad, r->untried, r->sectors_read, r->cache_evict_reads,
                                   r->unstable);
        if (ev->message) {
            g_string_append(s, ",\"message\":");
            dw_json_append_string(s, ev->message);
        }
        g_string_append(s, "}\n");
        fputs(s->str, stdout);
        fflush(stdout);
        g_string_free(s, TRUE);
    } else if (!cli->quiet) {
        clear_drawing(c);
        switch (ev->kind) {
        case DW_ARCHIVE_EVENT_START:
            if (!c->tty)
                fprintf(stderr, "%s: %s %s\n", ev->device, ev->resumed ? "resuming" : "ripping", ev->name);
            break;
        case DW_ARCHIVE_EVENT_DONE:
            fprintf(stderr, "%s: %s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " sectors good%s; disc %" G_GINT64_FORMAT
                            " in the catalog\n",
                    ev->device, ev->name, r ? r->good : 0, r ? r->sectors : 0,
                    r && r->bad + r->untried ? " (the rest mapped as unreadable)" : "", ev->catalog_id);
            break;
        case DW_ARCHIVE_EVENT_EJECTED:
            fprintf(stderr, "%s: %s was already recorded; ejected\n", ev->device, ev->name);
            break;
        default:
            break;               /* failures come as error log lines */
        }
    }
    g_mutex_unlock(&c->out);
}

static void draw(dw_cli *cli, void *data, gboolean json_due, gboolean final)
{
    archive_cli *c = data;
    dw_archive_drive_status st[16];
    size_t n = MIN(dw_archive_status(c->a, st, G_N_ELEMENTS(st)), G_N_ELEMENTS(st));
    g_mutex_lock(&c->out);
    if (cli->json) {
        for (size_t i = 0; json_due && !final && i < n; i++) {
            const dw_progress *p = &st[i].progress;
            GString *s = g_string_new("{\"event\":\"progress\",\"drive\":");
            dw_json_append_string(s, st[i].device);
            g_string_append_printf(s, ",\"state\":\"%s\",\"disc\":", dw_archive_state_name(st[i].state));
            dw_json_append_string(s, st[i].name[0] ? st[i].name : NULL);
            g_string_append(s, ",\"phase\":");
            dw_json_append_string(s, p->phase);
            g_string_append_printf(s,
                                   ",\"done\":%" G_GUINT64_FORMAT ",\"total\":%" G_GUINT64_FORMAT
                                   ",\"unit\":\"%s\",\"bytes_per_sec\":%.0f,\"eta_seconds\":%.1f,\"errors\":%u,"
                                   "\"good\":%u,\"incomplete\":%u,\"failed\":%u}\n",
                                   p->done, p->total, p->unit ? p->unit : "", p->bytes_per_sec, p->eta_seconds,
                                   p->errors, st[i].good, st[i].incomplete, st[i].failed);
            fputs(s->str, stdout);
            g_string_free(s, TRUE);
        }
        fflush(stdout);
    } else if (c->tty && !cli->quiet) {
        clear_drawing(c);
        if (!final) {
            for (size_t i = 0; i < n; i++) {
                const dw_progress *p = &st[i].progress;
                g_autofree char *dev = g_path_get_basename(st[i].device);
                fprintf(stderr, "%-5s %-11s", dev, dw_archive_state_name(st[i].state));
                if (st[i].state == DW_ARCHIVE_RIPPING && p->total)
                    fprintf(stderr, " %-24.24s %5.1f%% %-9s %.1f MB/s", st[i].name,
                            100.0 * (double)p->done / (double)p->total, p->phase, p->bytes_per_sec / 1e6);
                else if (st[i].name[0])
                    fprintf(stderr, " %-24.24s", st[i].name);
                fprintf(stderr, "  [%u good, %u incomplete, %u failed]\033[K\n", st[i].good, st[i].incomplete,
                        st[i].failed);
            }
            c->drawn = (int)n;
        }
    }
    g_mutex_unlock(&c->out);
}

static gboolean run(dw_job *job, void *data, GError **error)
{
    archive_cli *c = data;
    return dw_archive_run(c->a, job, error);
}

int dw_cmd_archive(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!o.output)
        return dw_cli_usage_error(cli, "archive: give the library folder with -o LIBRARY");
    dw_archive_options ao = { .library = o.output, .name_template = o.name, .catalog = o.catalog,
                              .max_discs = o.max_discs > 0 ? (unsigned)o.max_discs : 0, .poll_interval = o.poll };
    ao.rip.retries = o.retries;
    ao.rip.speed = o.speed;
    ao.rip.block = o.block;
    GError *e = NULL;
    if ((o.formats && !dw_rip_parse_formats(o.formats, &ao.rip.formats, &e)) || !dw_cli_audio_apply(&ao.rip, &e)) {
        int rc = dw_cli_fail(cli, e);
        g_error_free(e);
        return rc;
    }
    if (o.offset) {
        char *end;
        long v = strtol(o.offset, &end, 10);
        if (*o.offset == '\0' || *end || v < -10000 || v > 10000)
            return dw_cli_usage_error(cli, "--offset: \"%s\" is not a number of samples", o.offset);
        ao.rip.has_offset = true;
        ao.rip.offset = (int)v;
    }
    if (o.idle) {
        char *end;
        double v = g_ascii_strtod(o.idle, &end);
        double mul = !strcmp(end, "") || !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600 : -1;
        if (end == o.idle || v < 0 || mul < 0)
            return dw_cli_usage_error(cli, "--idle-exit: \"%s\" is not a duration (e.g. 30s, 10m)", o.idle);
        ao.idle_exit = v * mul;
    }
    g_auto(GStrv) drives = NULL;
    if (o.drives && strcmp(o.drives, "all") != 0) {
        drives = g_strsplit(o.drives, ",", -1);
        for (char **d = drives; *d; d++)
            g_strstrip(*d);
        ao.drives = (const char *const *)drives;
    }
    archive_cli c = { .cli = cli, .tty = isatty(STDERR_FILENO) };
    g_mutex_init(&c.out);
    ao.on_event = on_event;
    ao.on_log = on_log;
    ao.user = &c;
    c.a = dw_archive_new(&ao, &e);
    if (!c.a) {
        int rc = dw_cli_fail(cli, e);
        g_error_free(e);
        g_mutex_clear(&c.out);
        return rc;
    }
    dw_cli_start(cli, o.output);
    g_autoptr(dw_job) job = dw_job_new();
    gboolean ok = dw_cli_run_job_drawn(cli, job, run, &c, draw, &c, &e);
    dw_archive_drive_status st[16];
    size_t n = MIN(dw_archive_status(c.a, st, G_N_ELEMENTS(st)), G_N_ELEMENTS(st));
    GString *j = g_string_new("{\"library\":");
    dw_json_append_string(j, o.output);
    g_string_append(j, ",\"drives\":[");
    unsigned total = 0;
    for (size_t i = 0; i < n; i++) {
        g_string_append(j, i ? ",{\"device\":" : "{\"device\":");
        dw_json_append_string(j, st[i].device);
        g_string_append_printf(j, ",\"good\":%u,\"incomplete\":%u,\"failed\":%u}", st[i].good, st[i].incomplete,
                               st[i].failed);
        total += st[i].good + st[i].incomplete;
    }
    g_string_append_printf(j, "],\"discs\":%u}", total);
    if (cli->json)
        dw_cli_result(cli, j->str);
    else if (!cli->quiet)
        fprintf(stderr, "%u disc%s archived in %s\n", total, total == 1 ? "" : "s", o.output);
    g_string_free(j, TRUE);
    dw_archive_free(c.a);
    g_mutex_clear(&c.out);
    if (!ok) {
        int rc = dw_cli_fail(cli, e);
        g_error_free(e);
        return rc;
    }
    return DW_EXIT_OK;
}
