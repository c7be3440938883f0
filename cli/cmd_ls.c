/* cmd_ls.c: `discwright ls IMAGE|DEVICE [PATH]`: the files of an ISO,
 * one per line (mode, size, first block, path), or as JSON. */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

const GOptionEntry dw_cli_ls_options[] = { G_OPTION_ENTRY_NULL };

static void mode_string(const dw_iso_entry *e, char out[11])
{
    uint32_t m = e->mode;
    out[0] = e->is_dir ? 'd' : (m && S_ISLNK(m)) ? 'l' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = m ? ((m & (0400u >> i)) ? rwx[i] : '-') : '?';
    out[10] = '\0';
}

int dw_cmd_ls(dw_cli *cli, int argc, char **argv)
{
    const char *image = argv[0];
    const char *dir = argc > 1 ? argv[1] : NULL;
    dw_cli_start(cli, image);
    GError *error = NULL;
    size_t n = 0;
    dw_iso_entry *e = dw_iso_list(image, dir, &n, &error);
    if (!e && error)
        return dw_cli_fail_free(cli, error);
    if (cli->json) {
        GString *s = g_string_new("{\"image\":");
        dw_json_append_string(s, image);
        g_string_append(s, ",\"entries\":[");
        for (size_t i = 0; i < n; i++) {
            g_string_append(s, i ? ",{\"path\":" : "{\"path\":");
            dw_json_append_string(s, e[i].path);
            g_string_append_printf(s, ",\"dir\":%s,\"size\":%" G_GUINT64_FORMAT ",\"lba\":%u", e[i].is_dir ? "true" : "false",
                                   e[i].size, e[i].lsn);
            if (e[i].mode)
                g_string_append_printf(s, ",\"mode\":\"%04o\"", e[i].mode & 07777);
            g_string_append_c(s, '}');
        }
        g_string_append(s, "]}");
        dw_cli_result(cli, s->str);
        g_string_free(s, TRUE);
    } else {
        for (size_t i = 0; i < n; i++) {
            char m[11];
            mode_string(&e[i], m);
            printf("%s %12" G_GUINT64_FORMAT " %8u %s\n", m, e[i].size, e[i].lsn, e[i].path);
        }
    }
    dw_iso_entries_free(e, n);
    return DW_EXIT_OK;
}
