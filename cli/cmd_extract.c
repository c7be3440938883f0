/* cmd_extract.c: `discwright extract IMAGE [PATH] -o DIR [--tree
 * iso|joliet|rr|udf] [--force]`: a file or a subtree of an image's
 * ISO 9660, Joliet, Rock Ridge or UDF tree written into DIR (never
 * outside it), with progress; --json gives the counts as a result. */
#include "config.h"

#include <stdio.h>

#include "cli/cli.h"

static struct {
    char *output;
    char *tree;
    gboolean force;
} x;

const GOptionEntry dw_cli_extract_options[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &x.output, "Directory to extract into (created when missing)", "DIR" },
    { "tree", 0, 0, G_OPTION_ARG_STRING, &x.tree,
      "Tree to read: rr, joliet, iso or udf (default: Rock Ridge, else Joliet, else ISO 9660, else UDF)", "TREE" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &x.force,
      "Replace existing files and symlinks in DIR; write damaged entries as far as their data is there", NULL },
    G_OPTION_ENTRY_NULL
};

typedef struct {
    const char *image, *dest;
    dw_extract_options o;
    dw_extract_result r;
} extract_call;

static gboolean extract_job(dw_job *job, void *data, GError **error)
{
    extract_call *c = data;
    return dw_extract(c->image, c->dest, &c->o, job, &c->r, error);
}

int dw_cmd_extract(dw_cli *cli, int argc, char **argv)
{
    extract_call c = { .image = argv[0] };
    c.o.path = argc > 1 ? argv[1] : NULL;
    c.o.force = x.force;
    if (!x.output)
        return dw_cli_usage_error(cli, "extract: no destination given (-o DIR)");
    if (x.tree && !dw_tree_kind_parse(x.tree, &c.o.tree))
        return dw_cli_usage_error(cli, "extract: --tree %s: use iso, joliet, rr or udf", x.tree);
    c.dest = x.output;
    dw_cli_start(cli, c.image);
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    GError *error = NULL;
    gboolean ok = dw_cli_run_job(cli, job, extract_job, &c, &error);
    if (cli->json && (ok || c.r.refused || c.r.damaged)) {
        GString *s = g_string_new("{\"image\":");
        dw_json_append_string(s, c.image);
        g_string_append(s, ",\"path\":");
        dw_json_append_string(s, c.o.path ? c.o.path : "/");
        g_string_append(s, ",\"output\":");
        dw_json_append_string(s, c.dest);
        g_string_append_printf(s,
                               ",\"tree\":\"%s\",\"files\":%u,\"dirs\":%u,\"symlinks\":%u,\"hardlinks\":%u,"
                               "\"refused\":%u,\"damaged\":%u,\"bytes\":%" G_GUINT64_FORMAT "}",
                               dw_tree_kind_name(c.r.tree), c.r.files, c.r.dirs, c.r.symlinks, c.r.hardlinks,
                               c.r.refused, c.r.damaged, c.r.bytes);
        dw_cli_result(cli, s->str);
        g_string_free(s, TRUE);
    }
    if (!ok) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    if (!cli->json && !cli->quiet)
        fprintf(stderr, "%s: %u files (%" G_GUINT64_FORMAT " bytes), %u directories, %u symlinks, %u hard links from the %s tree into %s\n",
                cli->command, c.r.files, c.r.bytes, c.r.dirs, c.r.symlinks, c.r.hardlinks, dw_tree_kind_name(c.r.tree),
                c.dest);
    return DW_EXIT_OK;
}
