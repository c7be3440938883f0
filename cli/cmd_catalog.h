/* cmd_catalog.h: what the catalog command's files share (cmd_catalog.c:
 * dispatch, recording and finding; cmd_catalog_fix.c: fixity runs and
 * DAT imports). */
#ifndef DW_CLI_CMD_CATALOG_H
#define DW_CLI_CMD_CATALOG_H

#include "cli/cli.h"

typedef struct {
    char *location;              /* --catalog */
    int64_t limit;
    char *older_than, *max_bytes, *max_time;
    gboolean csv, rehash;
    char *output;
} dw_catalog_cli_opts;

extern dw_catalog_cli_opts dw_catalog_cli;

/* Open the catalog given with --catalog (or the default); NULL after
 * reporting the error (*rc set). */
dw_catalog *dw_cli_catalog_open(dw_cli *cli, const char *location, int *rc);

int dw_cmd_catalog_verify(dw_cli *cli, int argc, char **argv);
int dw_cmd_catalog_dat(dw_cli *cli, int argc, char **argv);
/* "90d", "12h", "30m", "45s", "2w", "1y" -> seconds; FALSE when not. */
gboolean dw_cli_parse_duration(const char *s, int64_t *out);
/* "700M", "4G", "123" (bytes; K/M/G/T are powers of 1024) -> bytes. */
gboolean dw_cli_parse_size(const char *s, int64_t *out);

#endif
