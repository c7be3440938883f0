/* cmd_ls.c: `discwright ls IMAGE|DEVICE [PATH] [--tree iso|joliet|rr|udf]`:
 * the files of an ISO, one per line (mode, size, first block, path), or
 * as JSON.  Without --tree the burn module's listing (Rock Ridge, else
 * Joliet, else ISO 9660, else UDF); with it one tree (symlink targets
 * shown).  Both read the image with the extract side's bounds-checked
 * reader: a damaged image gives warnings and what can be read. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/burn_common.h"

static char *ls_tree;

const GOptionEntry dw_cli_ls_options[] = {
    { "tree", 0, 0, G_OPTION_ARG_STRING, &ls_tree, "Tree to list: rr, joliet, iso or udf", "TREE" },
    G_OPTION_ENTRY_NULL
};

/* The file type letter as ls -l prints it, from the st_mode type bits
 * (Rock Ridge PX, UDF) or, without them, from what the tree says. */
static char type_char(uint32_t m, gboolean is_dir, gboolean is_link)
{
    if (is_dir || (m && S_ISDIR(m)))
        return 'd';
    if (is_link || (m && S_ISLNK(m)))
        return 'l';
    if (m && S_ISBLK(m))
        return 'b';
    if (m && S_ISCHR(m))
        return 'c';
    if (m && S_ISFIFO(m))
        return 'p';
    if (m && S_ISSOCK(m))
        return 's';
    return '-';
}

static void mode_string(uint32_t m, gboolean is_dir, gboolean is_link, char out[11])
{
    out[0] = type_char(m, is_dir, is_link);
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = m ? ((m & (0400u >> i)) ? rwx[i] : '-') : '?';
    if (m & S_ISUID)
        out[3] = (m & 0100) ? 's' : 'S';
    if (m & S_ISGID)
        out[6] = (m & 0010) ? 's' : 'S';
    if (m & S_ISVTX)
        out[9] = (m & 0001) ? 't' : 'T';
    out[10] = '\0';
}

static int ls_image_tree(dw_cli *cli, const char *image, const char *dir, dw_tree_kind kind)
{
    GError *error = NULL;
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    g_autoptr(dw_image_tree) t = dw_image_tree_read(image, kind, dir, 0, job, &error);
    if (!t)
        return dw_cli_fail_free(cli, error);
    GString *s = g_string_new("{\"image\":");
    dw_json_append_string(s, image);
    g_string_append_printf(s, ",\"tree\":\"%s\",\"entries\":[", dw_tree_kind_name(t->kind));
    gboolean first = TRUE;
    for (size_t i = 0; i < t->n; i++) {
        const dw_image_entry *e = &t->entries[i];
        if (i == 0 && e->parent < 0 && !strcmp(e->path, "/"))
            continue;
        uint32_t lba = e->n_extents ? e->extents[0].lba : 0;
        if (cli->json) {
            g_string_append(s, first ? "{\"path\":" : ",{\"path\":");
            first = FALSE;
            dw_json_append_string(s, e->path);
            g_string_append_printf(s, ",\"dir\":%s,\"size\":%" G_GUINT64_FORMAT ",\"lba\":%u,\"type\":\"%c\"",
                                   e->type == DW_ENTRY_DIR ? "true" : "false", e->type == DW_ENTRY_DIR ? 0 : e->size,
                                   lba, type_char(e->mode, e->type == DW_ENTRY_DIR, e->type == DW_ENTRY_SYMLINK));
            if (e->mode)
                g_string_append_printf(s, ",\"mode\":\"%04o\"", e->mode & 07777);
            if (e->link) {
                g_string_append(s, ",\"link\":");
                dw_json_append_string(s, e->link);
            }
            if (e->n_extents > 1)
                g_string_append_printf(s, ",\"extents\":%zu", e->n_extents);
            if (e->damaged)
                g_string_append(s, ",\"damaged\":true");
            g_string_append_c(s, '}');
        } else {
            gboolean is_dir = e->type == DW_ENTRY_DIR;
            char m[11];
            mode_string(e->mode, is_dir, e->type == DW_ENTRY_SYMLINK, m);
            printf("%s %12" G_GUINT64_FORMAT " %8u %s%s%s\n", m, is_dir ? 0 : e->size, lba, e->path,
                   e->link ? " -> " : "", e->link ? e->link : "");
        }
    }
    g_string_append(s, "]}");
    if (cli->json)
        dw_cli_result(cli, s->str);
    g_string_free(s, TRUE);
    return DW_EXIT_OK;
}

int dw_cmd_ls(dw_cli *cli, int argc, char **argv)
{
    const char *image = argv[0];
    const char *dir = argc > 1 ? argv[1] : NULL;
    dw_cli_start(cli, image);
    if (ls_tree) {
        dw_tree_kind kind;
        if (!dw_tree_kind_parse(ls_tree, &kind))
            return dw_cli_usage_error(cli, "ls: --tree %s: use iso, joliet, rr or udf", ls_tree);
        return ls_image_tree(cli, image, dir, kind);
    }
    GError *error = NULL;
    size_t n = 0;
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    dw_iso_entry *e = dw_iso_list(image, dir, job, &n, &error);
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
            mode_string(e[i].mode, e[i].is_dir, FALSE, m);
            printf("%s %12" G_GUINT64_FORMAT " %8u %s\n", m, e[i].size, e[i].lsn, e[i].path);
        }
    }
    dw_iso_entries_free(e, n);
    return DW_EXIT_OK;
}
