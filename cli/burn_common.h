/* burn_common.h: what the burn-related CLI files share. */
#ifndef DW_CLI_BURN_COMMON_H
#define DW_CLI_BURN_COMMON_H

#include "cli/cli.h"

/* dw_cli_fail, then frees the error. */
int dw_cli_fail_free(dw_cli *cli, GError *error);
/* Open --drive for a command that needs one (usage error when missing). */
int dw_cli_open_burn_drive(dw_cli *cli, const char *address, dw_burn_drive **out);
/* burn SHEET.cue: the session built from the sheet, written to a CD. */
int dw_cli_burn_cue(dw_cli *cli, const char *cue, const char *drive, const dw_burn_options *o, gboolean eject);

#endif
