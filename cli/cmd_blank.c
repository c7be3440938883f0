/* cmd_blank.c: `discwright blank --drive DEVICE [--fast|--full]` and
 * `discwright format --drive DEVICE [--size BYTES] [--force]`. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

static char *opt_blank_drive, *opt_format_drive, *opt_format_size;
static gboolean opt_fast, opt_full, opt_format_force;

const GOptionEntry dw_cli_blank_options[] = {
    { "drive", 'd', 0, G_OPTION_ARG_STRING, &opt_blank_drive, "Burner or stdio:PATH (required)", "DEVICE" },
    { "fast", 0, 0, G_OPTION_ARG_NONE, &opt_fast, "Erase only the TOC / the ISO superblock (default)", NULL },
    { "full", 0, 0, G_OPTION_ARG_NONE, &opt_full, "Erase the whole disc / the whole ISO area", NULL },
    G_OPTION_ENTRY_NULL
};

const GOptionEntry dw_cli_format_options[] = {
    { "drive", 'd', 0, G_OPTION_ARG_STRING, &opt_format_drive, "Burner (required)", "DEVICE" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &opt_format_size, "Formatted size in bytes (default: the medium's)", "BYTES" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_format_force, "Re-format media that are formatted already", NULL },
    G_OPTION_ENTRY_NULL
};

static int finish(dw_cli *cli, const char *what, const char *drive, gboolean ok, GError *error)
{
    if (!ok)
        return dw_cli_fail_free(cli, error);
    if (cli->json) {
        GString *s = g_string_new("{\"drive\":");
        dw_json_append_string(s, drive);
        g_string_append(s, ",\"done\":");
        dw_json_append_string(s, what);
        g_string_append_c(s, '}');
        dw_cli_result(cli, s->str);
        g_string_free(s, TRUE);
    } else if (!cli->quiet) {
        fprintf(stderr, "discwright: %s: %s\n", drive, what);
    }
    return DW_EXIT_OK;
}

int dw_cmd_blank(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (opt_fast && opt_full)
        return dw_cli_usage_error(cli, "--fast and --full exclude each other");
    dw_burn_drive *drive = NULL;
    int rc = dw_cli_open_burn_drive(cli, opt_blank_drive, &drive);
    if (rc != DW_EXIT_OK)
        return rc;
    dw_cli_start(cli, opt_blank_drive);
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    GError *error = NULL;
    dw_cli_progress *pr = dw_cli_progress_start(cli, job);
    gboolean ok = dw_burn_blank(drive, opt_full, job, &error);
    dw_cli_progress_stop(pr);
    dw_burn_drive_close(drive, FALSE);
    return finish(cli, opt_full ? "blanked (full)" : "blanked (fast)", opt_blank_drive, ok, error);
}

int dw_cmd_format(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t size = 0;
    if (opt_format_size) {
        char *end = NULL;
        size = g_ascii_strtoull(opt_format_size, &end, 10);
        if (!*opt_format_size || *end || size % 32768)
            return dw_cli_usage_error(cli, "--size %s: give a byte count divisible by 32768", opt_format_size);
    }
    dw_burn_drive *drive = NULL;
    int rc = dw_cli_open_burn_drive(cli, opt_format_drive, &drive);
    if (rc != DW_EXIT_OK)
        return rc;
    dw_cli_start(cli, opt_format_drive);
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    GError *error = NULL;
    dw_cli_progress *pr = dw_cli_progress_start(cli, job);
    gboolean ok = dw_burn_format(drive, size, opt_format_force, job, &error);
    dw_cli_progress_stop(pr);
    dw_burn_drive_close(drive, FALSE);
    return finish(cli, "formatted", opt_format_drive, ok, error);
}
