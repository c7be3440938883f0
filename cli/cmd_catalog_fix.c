/* cmd_catalog_fix.c: `catalog verify [DISC]` (fixity: re-hash archived
 * files, oldest check first, record every check; exit 8 when a file is
 * missing, changed or unreadable) and `catalog dat import FILE`. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_catalog.h"

typedef struct {
    dw_cli *cli;
    dw_catalog *cat;
    dw_catalog_verify_options o;
    dw_catalog_verify_result res;
    GMutex lock;
    GString *problems;           /* JSON array items */
    int64_t n_problems;
} verify_call;

static void on_check(const dw_catalog_disc *disc, const dw_catalog_file *file, const char *path,
                     dw_fixity_status status, const char *detail, void *user)
{
    verify_call *v = user;
    if (status == DW_FIXITY_OK && !v->cli->verbose)
        return;
    const char *st = dw_fixity_status_name(status);
    GString *j = g_string_new("{\"disc\":");
    g_string_append_printf(j, "%" G_GINT64_FORMAT ",\"status\":\"%s\",\"path\":", disc->id, st);
    dw_json_append_string(j, path);
    g_string_append(j, ",\"file\":");
    dw_json_append_string(j, file->name);
    g_string_append(j, ",\"detail\":");
    dw_json_append_string(j, detail);
    g_string_append_c(j, '}');
    g_mutex_lock(&v->lock);
    if (status != DW_FIXITY_OK) {
        g_string_append_printf(v->problems, "%s%s", v->n_problems ? "," : "", j->str);
        v->n_problems++;
    }
    if (v->cli->json) {
        printf("{\"event\":\"check\",\"check\":%s}\n", j->str);
        fflush(stdout);
    } else if (!v->cli->quiet) {
        fprintf(stderr, "%s%-10s %s%s%s\n", isatty(STDERR_FILENO) ? "\r\033[K" : "", st, path,
                status != DW_FIXITY_OK && detail ? "\n           " : "",
                status != DW_FIXITY_OK && detail ? detail : "");
    }
    g_mutex_unlock(&v->lock);
    g_string_free(j, TRUE);
}

static gboolean run_verify(dw_job *job, void *data, GError **error)
{
    verify_call *v = data;
    return dw_catalog_verify(v->cat, &v->o, job, &v->res, error);
}

int dw_cmd_catalog_verify(dw_cli *cli, int argc, char **argv)
{
    verify_call v = { .cli = cli };
    const dw_catalog_cli_opts *c = &dw_catalog_cli;
    if (c->older_than && !dw_cli_parse_duration(c->older_than, &v.o.older_than))
        return dw_cli_usage_error(cli, "--older-than: \"%s\" is not an age (e.g. 90d, 12h, 2w)", c->older_than);
    if (c->max_bytes && !dw_cli_parse_size(c->max_bytes, &v.o.max_bytes))
        return dw_cli_usage_error(cli, "--max-bytes: \"%s\" is not a size (e.g. 50G)", c->max_bytes);
    int64_t secs = 0;
    if (c->max_time && !dw_cli_parse_duration(c->max_time, &secs))
        return dw_cli_usage_error(cli, "--max-time: \"%s\" is not a duration (e.g. 2h)", c->max_time);
    if (c->limit < 0)
        return dw_cli_usage_error(cli, "--limit must not be negative");
    v.o.max_seconds = (double)secs;
    v.o.limit = c->limit;
    v.o.on_check = on_check;
    v.o.user = &v;
    int rc = DW_EXIT_OK;
    g_autoptr(dw_catalog) cat = dw_cli_catalog_open(cli, c->location, &rc);
    if (!cat)
        return rc;
    v.cat = cat;
    GError *e = NULL;
    if (argc == 1) {
        g_autoptr(dw_catalog_disc) d = dw_catalog_get(cat, argv[0], &e);
        if (!d) {
            rc = dw_cli_fail(cli, e);
            g_error_free(e);
            return rc;
        }
        v.o.disc_id = d->id;
    }
    g_mutex_init(&v.lock);
    v.problems = g_string_new(NULL);
    dw_cli_start(cli, dw_catalog_location(cat));
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    gboolean ok = dw_cli_run_job(cli, job, run_verify, &v, &e);
    const dw_catalog_verify_result *r = &v.res;
    int64_t bad = r->changed + r->missing + r->unreadable;
    if (r->run_id) {
        if (cli->json) {
            g_autofree char *j = g_strdup_printf(
                "{\"run\":%" G_GINT64_FORMAT ",\"files\":%" G_GINT64_FORMAT ",\"bytes\":%" G_GINT64_FORMAT
                ",\"ok\":%" G_GINT64_FORMAT ",\"changed\":%" G_GINT64_FORMAT ",\"missing\":%" G_GINT64_FORMAT
                ",\"unreadable\":%" G_GINT64_FORMAT ",\"remaining\":%" G_GINT64_FORMAT ",\"complete\":%s,\"problems\":[%s]}",
                r->run_id, r->files, r->bytes, r->ok, r->changed, r->missing, r->unreadable, r->remaining,
                r->complete ? "true" : "false", v.problems->str);
            dw_cli_result(cli, j);
        } else if (!cli->quiet)
            fprintf(stderr,
                    "%" G_GINT64_FORMAT " files checked (%.1f MB): %" G_GINT64_FORMAT " ok, %" G_GINT64_FORMAT
                    " changed, %" G_GINT64_FORMAT " missing, %" G_GINT64_FORMAT " unreadable; %" G_GINT64_FORMAT
                    " still due (run %" G_GINT64_FORMAT ")\n",
                    r->files, (double)r->bytes / 1e6, r->ok, r->changed, r->missing, r->unreadable, r->remaining,
                    r->run_id);
    }
    g_string_free(v.problems, TRUE);
    g_mutex_clear(&v.lock);
    if (!ok) {
        rc = dw_cli_fail(cli, e);
        g_error_free(e);
        return rc;
    }
    if (bad) {
        if (!cli->quiet && !cli->json)
            fprintf(stderr, "discwright: %" G_GINT64_FORMAT " archived file%s failed the fixity check\n", bad,
                    bad == 1 ? "" : "s");
        if (cli->json) {
            g_autofree char *m = g_strdup_printf("%" G_GINT64_FORMAT " archived files failed the fixity check", bad);
            printf("{\"event\":\"error\",\"command\":\"catalog\",\"exit_code\":%d,\"message\":\"%s\"}\n",
                   DW_EXIT_FIXITY, m);
        }
        return DW_EXIT_FIXITY;
    }
    return DW_EXIT_OK;
}

int dw_cmd_catalog_dat(dw_cli *cli, int argc, char **argv)
{
    (void)argc;
    if (strcmp(argv[0], "import") != 0)
        return dw_cli_usage_error(cli, "catalog dat: only 'import FILE' is known");
    int rc = DW_EXIT_OK;
    g_autoptr(dw_catalog) cat = dw_cli_catalog_open(cli, dw_catalog_cli.location, &rc);
    if (!cat)
        return rc;
    dw_catalog_dat_result r;
    GError *e = NULL;
    if (!dw_catalog_dat_import(cat, argv[1], &r, &e)) {
        rc = dw_cli_fail(cli, e);
        g_error_free(e);
        return rc;
    }
    if (cli->json) {
        g_autofree char *j = g_strdup_printf("{\"games\":%" G_GINT64_FORMAT ",\"roms\":%" G_GINT64_FORMAT
                                             ",\"discs_confirmed\":%" G_GINT64_FORMAT ",\"new\":%" G_GINT64_FORMAT "}",
                                             r.games, r.roms, r.discs_matched, r.discs_new);
        dw_cli_result(cli, j);
    } else if (!cli->quiet)
        fprintf(stderr, "%s: %" G_GINT64_FORMAT " games, %" G_GINT64_FORMAT " roms; %" G_GINT64_FORMAT
                        " disc%s confirmed (%" G_GINT64_FORMAT " new)\n",
                argv[1], r.games, r.roms, r.discs_matched, r.discs_matched == 1 ? "" : "s", r.discs_new);
    return DW_EXIT_OK;
}
