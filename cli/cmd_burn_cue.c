/* cmd_burn_cue.c: `discwright burn SHEET.cue`: our cue reader builds the
 * libburn session (tracks, pregaps, indexes, ISRC, CATALOG, CD-TEXT); it
 * is written SAO to a CD.  libburn refuses audio on stdio: targets, which
 * is said before anything is opened for writing. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

int dw_cli_burn_cue(dw_cli *cli, const char *cue, const char *address, const dw_burn_options *o, gboolean eject)
{
    dw_cli_start(cli, address);
    GError *error = NULL;
    g_autoptr(dw_disc) disc = dw_cue_read_file(cue, &error);
    if (!disc)
        return dw_cli_fail_free(cli, error);
    g_autoptr(dw_burn_cue_session) cs = dw_burn_cue_session_new(disc, cue, &error);
    if (!cs)
        return dw_cli_fail_free(cli, error);
    dw_burn_drive *drive = NULL;
    int rc = dw_cli_open_burn_drive(cli, address, &drive);
    if (rc != DW_EXIT_OK)
        return rc;
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    dw_burn_result r;
    dw_cli_progress *pr = dw_cli_progress_start(cli, job);
    gboolean ok = dw_burn_write_cue(drive, cs, o, job, &r, &error);
    dw_cli_progress_stop(pr);
    dw_burn_drive_close(drive, ok && eject);
    if (!ok)
        return dw_cli_fail_free(cli, error);
    if (cli->json) {
        g_autofree char *j = g_strdup_printf("{\"source\":\"%s\",\"tracks\":%zu,\"blocks\":%" G_GUINT64_FORMAT
                                             ",\"simulate\":%s}", "cue", cs->n_tracks, r.blocks,
                                             o->simulate ? "true" : "false");
        dw_cli_result(cli, j);
    } else if (!cli->quiet) {
        fprintf(stderr, "discwright: %s %zu tracks (%" G_GUINT64_FORMAT " sectors) from %s to %s\n",
                o->simulate ? "simulated" : "wrote", cs->n_tracks, r.blocks, cue, address);
    }
    return DW_EXIT_OK;
}
