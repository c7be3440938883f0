/* cmd_author.h: what cmd_author.c shares with the mkisofs front door. */
#ifndef DW_CLI_CMD_AUTHOR_H
#define DW_CLI_CMD_AUTHOR_H

#include <discwright/discwright.h>

#include "cli/cli.h"


gboolean dw_cli_parse_udf(const char *v, unsigned *out);
gboolean dw_cli_parse_date(const char *v, time_t *out);
/* Split SOURCE or TARGET=SOURCE; the two strings are returned owned. */
void dw_cli_graft_parse(const char *arg, dw_author_graft *g, char **tgt_out, char **src_out);
/* Plan and write (or print the size); returns an exit code. */
int dw_cli_author_run(dw_cli *cli, dw_author_options *o, const char *output, gboolean force, gboolean print_size);

#endif
