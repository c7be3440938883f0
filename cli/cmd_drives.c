/* cmd_drives.c: `discwright drives` — the optical drives libcdio finds,
 * and the burners libburn finds (a time-boxed scan that never fails the
 * command: no permission or a slow bus just leaves that list short). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

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
    const char *tmo = g_getenv("DW_BURN_SCAN_TIMEOUT_MS");
    unsigned timeout_ms = tmo ? (unsigned)strtoul(tmo, NULL, 10) : 8000;
    size_t nb = 0;
    gboolean timed_out = FALSE;
    dw_burn_drive_info *burners = dw_burn_drive_scan(timeout_ms, &nb, &timed_out);
    if (timed_out && !cli->json && !cli->quiet)
        fprintf(stderr, "discwright: warning: libburn's drive scan took over %u ms; burners not listed\n", timeout_ms);
    if (cli->json) {
        GString *s = g_string_new("{\"burners\":[");
        for (size_t i = 0; i < nb; i++) {
            g_string_append(s, i ? ",{\"address\":" : "{\"address\":");
            dw_json_append_string(s, burners[i].address);
            g_string_append(s, ",\"vendor\":");
            dw_json_append_string(s, burners[i].vendor);
            g_string_append(s, ",\"model\":");
            dw_json_append_string(s, burners[i].product);
            g_string_append(s, ",\"revision\":");
            dw_json_append_string(s, burners[i].revision);
            g_string_append_c(s, '}');
        }
        g_string_append_printf(s, "],\"burner_scan_timed_out\":%s,\"drives\":[", timed_out ? "true" : "false");
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
    } else if (n == 0 && nb == 0) {
        if (!cli->quiet)
            fprintf(stderr, "discwright: no optical drives found (files are written as stdio:PATH)\n");
    } else {
        printf("%-12s %-8s %-16s %-5s %s\n", "DEVICE", "VENDOR", "MODEL", "REV", "MEDIUM");
        for (size_t i = 0; i < n; i++)
            printf("%-12s %-8s %-16s %-5s %s\n", drives[i].path, drives[i].vendor, drives[i].model,
                   drives[i].revision, drives[i].medium ? "yes" : "no");
        for (size_t i = 0; i < nb; i++)
            printf("%-12s %-8s %-16s %-5s %s\n", burners[i].address, burners[i].vendor, burners[i].product,
                   burners[i].revision, "(burner, libburn)");
    }
    dw_burn_drive_info_free(burners, nb);
    dw_drive_list_free(drives, n);
    return DW_EXIT_OK;
}
