/* cmd_drives.c: `discwright drives` — the optical drives libcdio finds. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

int dw_cmd_drives(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    dw_cli_start(cli, NULL);
    GError *error = NULL;
    size_t n = 0;
    dw_drive_info *drives = dw_drive_list(&n, &error);
    if (!drives && error) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    if (cli->json) {
        GString *s = g_string_new("{\"drives\":[");
        for (size_t i = 0; i < n; i++) {
            g_string_append(s, i ? ",{\"path\":" : "{\"path\":");
            dw_json_append_string(s, drives[i].path);
            g_string_append(s, ",\"vendor\":");
            dw_json_append_string(s, drives[i].vendor);
            g_string_append(s, ",\"model\":");
            dw_json_append_string(s, drives[i].model);
            g_string_append(s, ",\"revision\":");
            dw_json_append_string(s, drives[i].revision);
            g_string_append_printf(s, ",\"medium\":%s}", drives[i].medium ? "true" : "false");
        }
        g_string_append(s, "]}");
        dw_cli_result(cli, s->str);
        g_string_free(s, TRUE);
    } else if (n == 0) {
        if (!cli->quiet)
            fprintf(stderr, "discwright: no optical drives found\n");
    } else {
        printf("%-12s %-8s %-16s %-5s %s\n", "DEVICE", "VENDOR", "MODEL", "REV", "MEDIUM");
        for (size_t i = 0; i < n; i++)
            printf("%-12s %-8s %-16s %-5s %s\n", drives[i].path, drives[i].vendor, drives[i].model,
                   drives[i].revision, drives[i].medium ? "yes" : "no");
    }
    dw_drive_list_free(drives, n);
    return DW_EXIT_OK;
}
