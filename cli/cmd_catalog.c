/* cmd_catalog.c: `discwright catalog SUBCOMMAND`: the catalog of
 * archived discs.  Subcommands: add, ls, search, show, history,
 * duplicates, pressings, export, remove, info here; verify and dat in
 * cmd_catalog_fix.c.  Listings go to standard error as a table, or with
 * --json as one "disc" event per disc on standard output, or with --csv
 * as CSV on standard output; export writes one document (a JSON array,
 * or CSV) to -o FILE (through a temporary name) or standard output. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd_catalog.h"

dw_catalog_cli_opts dw_catalog_cli;

const GOptionEntry dw_cli_catalog_options[] = {
    { "catalog", 'C', 0, G_OPTION_ARG_STRING, &dw_catalog_cli.location,
      "The catalog: an SQLite file or a postgresql:// URI (default $XDG_DATA_HOME/discwright/catalog.sqlite)",
      "LOCATION" },
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &dw_catalog_cli.limit,
      "ls/search: at most N discs; verify: check at most N files", "N" },
    { "older-than", 0, 0, G_OPTION_ARG_STRING, &dw_catalog_cli.older_than,
      "verify: only files last checked longer ago than this (90d, 12h, 2w, 1y)", "AGE" },
    { "max-bytes", 0, 0, G_OPTION_ARG_STRING, &dw_catalog_cli.max_bytes,
      "verify: stop after reading this much (e.g. 50G)", "SIZE" },
    { "max-time", 0, 0, G_OPTION_ARG_STRING, &dw_catalog_cli.max_time,
      "verify: stop after this long (e.g. 2h)", "DURATION" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &dw_catalog_cli.csv, "ls/search/show/export: CSV on standard output", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &dw_catalog_cli.output, "export: write to FILE", "FILE" },
    { "rehash", 0, 0, G_OPTION_ARG_NONE, &dw_catalog_cli.rehash,
      "add: hash the outputs again and refuse a rip whose files changed since it was made", NULL },
    G_OPTION_ENTRY_NULL
};

dw_catalog *dw_cli_catalog_open(dw_cli *cli, const char *location, int *rc)
{
    GError *e = NULL;
    dw_catalog *cat = dw_catalog_open(location, &e);
    if (!cat) {
        *rc = dw_cli_fail(cli, e);
        g_error_free(e);
    }
    return cat;
}

static int fail(dw_cli *cli, GError *e)
{
    int rc = dw_cli_fail(cli, e);
    g_error_free(e);
    return rc;
}

gboolean dw_cli_parse_duration(const char *s, int64_t *out)
{
    char *end;
    double v = g_ascii_strtod(s, &end);
    if (end == s || v < 0)
        return FALSE;
    double mul = 1;
    if (!strcmp(end, "") || !strcmp(end, "s"))
        mul = 1;
    else if (!strcmp(end, "m") || !strcmp(end, "min"))
        mul = 60;
    else if (!strcmp(end, "h"))
        mul = 3600;
    else if (!strcmp(end, "d"))
        mul = 86400;
    else if (!strcmp(end, "w"))
        mul = 7 * 86400;
    else if (!strcmp(end, "y"))
        mul = 365 * 86400;
    else
        return FALSE;
    if (v * mul > 1e15)
        return FALSE;
    *out = (int64_t)(v * mul);
    return TRUE;
}

gboolean dw_cli_parse_size(const char *s, int64_t *out)
{
    char *end;
    double v = g_ascii_strtod(s, &end);
    if (end == s || v < 0)
        return FALSE;
    double mul = 1;
    switch (g_ascii_toupper(*end)) {
    case '\0': break;
    case 'K': mul = 1024.0; break;
    case 'M': mul = 1024.0 * 1024; break;
    case 'G': mul = 1024.0 * 1024 * 1024; break;
    case 'T': mul = 1024.0 * 1024 * 1024 * 1024; break;
    default: return FALSE;
    }
    if (*end && end[1] && g_ascii_strcasecmp(end + 1, "B") && g_ascii_strcasecmp(end + 1, "iB"))
        return FALSE;
    if (v * mul > 9e18)
        return FALSE;
    *out = (int64_t)(v * mul);
    return TRUE;
}

static const char *name_of(const dw_catalog_disc *d)
{
    if (d->title && *d->title)
        return d->title;
    if (d->label && *d->label)
        return d->label;
    return "-";
}

static char *date_of(int64_t t)
{
    if (t <= 0)
        return g_strdup("-");
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(t);
    return dt ? g_date_time_format(dt, "%Y-%m-%d") : g_strdup("-");
}

/* "match (5 of 5 tracks, confidence 3+)" and the like (newly allocated). */
static char *proof_text(const char *status, int matched, int n, int confidence)
{
    if (!n || !strcmp(status, "unknown") || !strcmp(status, "not found") || !strcmp(status, "n/a"))
        return g_strdup(status);
    if (!matched)
        return g_strdup_printf("%s (0 of %d tracks)", status, n);
    return g_strdup_printf("%s (%d of %d tracks, confidence %d%s)", status, matched, n, confidence,
                           matched > 1 ? " or more" : "");
}

/* A track's "v2 3/5" or its status (newly allocated). */
static char *track_proof_text(const char *status, int confidence, int total)
{
    if (!strcmp(status, "v1") || !strcmp(status, "v2") || !strcmp(status, "match") || !strcmp(status, "other") ||
        !strcmp(status, "mismatch"))
        return g_strdup_printf("%s %d/%d", status, confidence, total);
    return g_strdup(status);
}

/* ---- listings ------------------------------------------------------- */
typedef struct {
    dw_cli *cli;
    int64_t count;
} list_ctx;

static void print_row(const dw_catalog_disc *d)
{
    g_autofree char *date = date_of(d->ripped_at);
    fprintf(stderr, "%6" G_GINT64_FORMAT "  %-4s %-10s %-10s %-10s %-3s %-28.28s %s\n", d->id, d->kind, date,
            d->status, d->fixity, d->dat_game ? "yes" : "-", name_of(d), d->base);
}

static gboolean list_one(const dw_catalog_disc *d, void *user)
{
    list_ctx *c = user;
    c->count++;
    if (dw_catalog_cli.csv) {
        g_autofree char *row = dw_catalog_disc_to_csv(d);
        fputs(row, stdout);
    } else if (c->cli->json) {
        g_autofree char *j = dw_catalog_disc_to_json(d);
        printf("{\"event\":\"disc\",\"disc\":%s}\n", j);
    } else if (!c->cli->quiet)
        print_row(d);
    return TRUE;
}

static int list(dw_cli *cli, dw_catalog *cat, const char *text)
{
    dw_catalog_query q = { .text = text, .limit = dw_catalog_cli.limit };
    list_ctx c = { cli, 0 };
    if (dw_catalog_cli.csv) {
        g_autofree char *h = dw_catalog_csv_header();
        fputs(h, stdout);
    } else if (!cli->json && !cli->quiet)
        fprintf(stderr, "%6s  %-4s %-10s %-10s %-10s %-3s %-28s %s\n", "id", "kind", "ripped", "result", "fixity",
                "dat", "title", "base");
    GError *e = NULL;
    if (!dw_catalog_foreach(cat, &q, list_one, &c, &e))
        return fail(cli, e);
    fflush(stdout);
    if (cli->json && !dw_catalog_cli.csv) {
        g_autofree char *r = g_strdup_printf("{\"count\":%" G_GINT64_FORMAT "}", c.count);
        dw_cli_result(cli, r);
    } else if (!cli->quiet && !dw_catalog_cli.csv)
        fprintf(stderr, "%" G_GINT64_FORMAT " disc%s\n", c.count, c.count == 1 ? "" : "s");
    return DW_EXIT_OK;
}

/* ---- add ------------------------------------------------------------- */
static int add(dw_cli *cli, dw_catalog *cat, int argc, char **argv)
{
    int rc = DW_EXIT_OK;
    int64_t added = 0;
    for (int i = 0; i < argc; i++) {
        /* Accept BASE or one of its files (BASE.json, BASE.cue, ...). */
        g_autofree char *base = g_strdup(argv[i]);
        static const char *const exts[] = { ".json", ".cue", ".hash", ".log", ".ccd", ".iso", ".toc", ".dat", ".map" };
        for (size_t k = 0; k < G_N_ELEMENTS(exts); k++)
            if (g_str_has_suffix(base, exts[k])) {
                base[strlen(base) - strlen(exts[k])] = '\0';
                break;
            }
        GError *e = NULL;
        g_autoptr(dw_catalog_disc) d = dw_catalog_read_rip(base, dw_catalog_cli.rehash, &e);
        int64_t id = 0;
        if (!d || !dw_catalog_add(cat, d, "import", &id, &e)) {
            int r = fail(cli, e);
            if (rc == DW_EXIT_OK)
                rc = r;
            continue;
        }
        added++;
        if (cli->json) {
            GString *s = g_string_new("{\"event\":\"added\",\"id\":");
            g_string_append_printf(s, "%" G_GINT64_FORMAT ",\"base\":", id);
            dw_json_append_string(s, d->base);
            g_string_append(s, ",\"fingerprint\":");
            dw_json_append_string(s, d->fingerprint);
            g_string_append_printf(s, ",\"files\":%u}\n", d->files->len);
            fputs(s->str, stdout);
            fflush(stdout);
            g_string_free(s, TRUE);
        } else if (!cli->quiet)
            fprintf(stderr, "%" G_GINT64_FORMAT "  %s  (%s, %u files, %s)\n", id, d->base, name_of(d), d->files->len,
                    d->status);
    }
    if (cli->json) {
        g_autofree char *r = g_strdup_printf("{\"added\":%" G_GINT64_FORMAT ",\"failed\":%" G_GINT64_FORMAT "}",
                                             added, (int64_t)argc - added);
        dw_cli_result(cli, r);
    }
    return rc;
}

/* ---- show, history ---------------------------------------------------- */
static int show(dw_cli *cli, dw_catalog *cat, const char *ref)
{
    GError *e = NULL;
    g_autoptr(dw_catalog_disc) d = dw_catalog_get(cat, ref, &e);
    if (!d)
        return fail(cli, e);
    if (dw_catalog_cli.csv) {
        g_autofree char *h = dw_catalog_csv_header();
        g_autofree char *row = dw_catalog_disc_to_csv(d);
        fputs(h, stdout);
        fputs(row, stdout);
        return DW_EXIT_OK;
    }
    if (cli->json) {
        g_autofree char *j = dw_catalog_disc_to_json(d);
        dw_cli_result(cli, j);
        return DW_EXIT_OK;
    }
    g_autofree char *rip = date_of(d->ripped_at);
    FILE *o = stdout;
    fprintf(o, "Disc %" G_GINT64_FORMAT "  %s\n", d->id, d->base);
    fprintf(o, "Kind        %s (%s), %d session%s, %d track%s, %" G_GINT64_FORMAT " sectors\n", d->kind,
            d->profile ? d->profile : "-", d->sessions, d->sessions == 1 ? "" : "s", d->tracks,
            d->tracks == 1 ? "" : "s", d->sectors);
    if (d->label)
        fprintf(o, "Label       %s\n", d->label);
    if (d->title || d->performer)
        fprintf(o, "CD-TEXT     %s / %s\n", d->title ? d->title : "-", d->performer ? d->performer : "-");
    if (d->mcn)
        fprintf(o, "MCN         %s\n", d->mcn);
    fprintf(o, "Fingerprint %s\n", d->fingerprint);
    const char *ids[][2] = { { "CDDB", d->cddb_id }, { "AccurateRip", d->accuraterip_id },
                             { "MusicBrainz", d->musicbrainz_id }, { "CTDB TOC id", d->ctdb_tocid },
                             { "Volume UUID", d->volume_uuid }, { "DVD id", d->dvd_id }, { "BD id", d->bd_id } };
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
        if (ids[i][1])
            fprintf(o, "%-11s %s\n", ids[i][0], ids[i][1]);
    fprintf(o, "Ripped      %s on %s (%s), drive %s %s %s (%s), offset %+d%s\n", rip,
            d->station ? d->station : "-", d->source, d->drive_vendor ? d->drive_vendor : "",
            d->drive_model ? d->drive_model : "", d->drive_revision ? d->drive_revision : "",
            d->drive_path ? d->drive_path : "-", d->read_offset, d->offset_measured ? " (measured)" : "");
    fprintf(o, "Result      %s: %" G_GINT64_FORMAT " good, %" G_GINT64_FORMAT " bad, %" G_GINT64_FORMAT
               " untried\n",
            d->status, d->good, d->bad, d->untried);
    g_autofree char *ar = proof_text(d->accuraterip, d->ar_tracks, d->audio_tracks, d->ar_confidence);
    g_autofree char *ct = proof_text(d->ctdb, d->ctdb_tracks, d->audio_tracks, d->ctdb_confidence);
    fprintf(o, "AccurateRip %s\nCTDB        %s\nTest & copy %s\n", ar, ct, d->test_copy);
    if (d->dat_game)
        fprintf(o, "DAT         confirmed by %s: %s\n", d->dat_name, d->dat_game);
    fprintf(o, "Fixity      %s\n", d->fixity);
    if (d->track_list->len) {
        fprintf(o, "\nTrack Session Mode             Start  Length Pregap ISRC          Bad  AccurateRip     CTDB"
                   "            Test/Copy CRC\n");
        for (guint i = 0; i < d->track_list->len; i++) {
            const dw_catalog_track *t = g_ptr_array_index(d->track_list, i);
            g_autofree char *tar = track_proof_text(t->accuraterip, t->ar_confidence, t->ar_total);
            g_autofree char *tct = track_proof_text(t->ctdb, t->ctdb_confidence, t->ctdb_total);
            fprintf(o, "%5d %7d %-15s %7d %7d %6d %-12s %4" G_GINT64_FORMAT "  %-15s %-15s %s%s%s\n", t->number,
                    t->session, t->mode, t->start, t->length, t->pregap, t->isrc[0] ? t->isrc : "-", t->bad_sectors,
                    tar, tct, t->tested ? t->test_crc : "-", "/", t->copy_crc[0] ? t->copy_crc : "-");
        }
    }
    fprintf(o, "\nFiles\n");
    for (guint i = 0; i < d->files->len; i++) {
        const dw_catalog_file *f = g_ptr_array_index(d->files, i);
        g_autofree char *lc = date_of(f->last_checked);
        fprintf(o, "  %-10s %-10s %12" G_GINT64_FORMAT "  %s  %s\n", f->last_status, lc, f->size,
                f->sha1[0] ? f->sha1 : "-", f->name);
    }
    return DW_EXIT_OK;
}

static int history(dw_cli *cli, dw_catalog *cat, const char *ref)
{
    GError *e = NULL;
    g_autoptr(dw_catalog_disc) d = dw_catalog_get(cat, ref, &e);
    if (!d)
        return fail(cli, e);
    g_autoptr(GPtrArray) ev = dw_catalog_history(cat, d->id, &e);
    if (!ev)
        return fail(cli, e);
    GString *j = g_string_new(NULL);
    g_string_append_printf(j, "{\"id\":%" G_GINT64_FORMAT ",\"base\":", d->id);
    dw_json_append_string(j, d->base);
    g_string_append(j, ",\"events\":[");
    if (!cli->json && !cli->quiet)
        printf("Disc %" G_GINT64_FORMAT "  %s\n", d->id, d->base);
    for (guint i = 0; i < ev->len; i++) {
        const dw_catalog_event *x = g_ptr_array_index(ev, i);
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(x->at);
        g_autofree char *when = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup("?");
        g_string_append_printf(j, "%s{\"at\":\"%s\",\"what\":", i ? "," : "", when);
        dw_json_append_string(j, x->what);
        g_string_append(j, ",\"file\":");
        dw_json_append_string(j, x->file);
        g_string_append(j, ",\"status\":");
        dw_json_append_string(j, x->status);
        g_string_append(j, ",\"detail\":");
        dw_json_append_string(j, x->detail);
        g_string_append_c(j, '}');
        if (!cli->json && !cli->quiet) {
            if (x->file)
                printf("%s  %-7s %-10s %s%s%s\n", when, x->what, x->status ? x->status : "", x->file,
                       x->detail ? ": " : "", x->detail && x->status && strcmp(x->status, "ok") ? x->detail : "");
            else
                printf("%s  %-7s %s\n", when, x->what, x->detail ? x->detail : "");
        }
    }
    g_string_append(j, "]}");
    if (cli->json)
        dw_cli_result(cli, j->str);
    g_string_free(j, TRUE);
    return DW_EXIT_OK;
}

/* ---- duplicates, pressings ------------------------------------------- */
static int grouped(dw_cli *cli, dw_catalog *cat, gboolean pressings)
{
    GError *e = NULL;
    g_autoptr(GPtrArray) g = pressings ? dw_catalog_pressings(cat, &e) : dw_catalog_duplicates(cat, &e);
    if (!g)
        return fail(cli, e);
    GString *j = g_string_new("{\"groups\":[");
    for (guint i = 0; i < g->len; i++) {
        const dw_catalog_group *x = g_ptr_array_index(g, i);
        g_string_append(j, i ? ",{\"key\":" : "{\"key\":");
        dw_json_append_string(j, x->key);
        g_string_append(j, ",\"discs\":[");
        if (!cli->json && !cli->quiet)
            printf("%s %s\n", pressings ? "Album" : "Fingerprint", x->key);
        for (guint k = 0; k < x->discs->len; k++) {
            const dw_catalog_disc *d = g_ptr_array_index(x->discs, k);
            g_string_append_printf(j, "%s%" G_GINT64_FORMAT, k ? "," : "", d->id);
            if (!cli->json && !cli->quiet)
                printf("  %6" G_GINT64_FORMAT "  %s  %s  %s\n", d->id, d->fingerprint, name_of(d), d->base);
        }
        g_string_append(j, "]}");
    }
    g_string_append(j, "]}");
    if (cli->json)
        dw_cli_result(cli, j->str);
    else if (!cli->quiet && g->len == 0)
        printf("none\n");
    g_string_free(j, TRUE);
    return DW_EXIT_OK;
}

/* ---- export ----------------------------------------------------------- */
typedef struct {
    FILE *f;
    gboolean csv;
    int64_t n;
    gboolean io_error;
} export_ctx;

static gboolean export_one(const dw_catalog_disc *d, void *user)
{
    export_ctx *c = user;
    g_autofree char *s = c->csv ? dw_catalog_disc_to_csv(d) : dw_catalog_disc_to_json(d);
    if ((!c->csv && fputs(c->n ? ",\n" : "\n", c->f) < 0) || fputs(s, c->f) < 0) {
        c->io_error = TRUE;
        return FALSE;
    }
    c->n++;
    return TRUE;
}

static int export(dw_cli *cli, dw_catalog *cat, const char *text)
{
    const char *out = dw_catalog_cli.output;
    g_autofree char *tmp = out && strcmp(out, "-") ? g_strdup_printf("%s.partial", out) : NULL;
    if (tmp && g_file_test(out, G_FILE_TEST_EXISTS)) {
        GError *e = g_error_new(DW_ERROR, DW_ERROR_EXISTS, "%s exists", out);
        return fail(cli, e);
    }
    FILE *f = tmp ? fopen(tmp, "w") : stdout;
    if (!f) {
        int err = errno;
        return fail(cli, g_error_new(DW_ERROR, DW_ERROR_IO, "%s: %s", tmp, g_strerror(err)));
    }
    export_ctx c = { f, dw_catalog_cli.csv, 0, FALSE };
    if (c.csv) {
        g_autofree char *h = dw_catalog_csv_header();
        fputs(h, f);
    } else
        fputs("[", f);
    dw_catalog_query q = { .text = text, .limit = dw_catalog_cli.limit };
    GError *e = NULL;
    gboolean ok = dw_catalog_foreach(cat, &q, export_one, &c, &e);
    if (ok && !c.csv)
        fputs("\n]\n", f);
    if (fflush(f) != 0 || ferror(f))
        c.io_error = TRUE;
    if (tmp && fclose(f) != 0)
        c.io_error = TRUE;
    if (ok && c.io_error)
        e = g_error_new(DW_ERROR, DW_ERROR_IO, "%s: write failed", tmp ? tmp : "standard output");
    if (!ok || c.io_error) {
        if (tmp)
            g_unlink(tmp);
        return fail(cli, e);
    }
    if (tmp && g_rename(tmp, out) != 0) {
        int err = errno;
        g_unlink(tmp);
        return fail(cli, g_error_new(DW_ERROR, DW_ERROR_IO, "%s: %s", out, g_strerror(err)));
    }
    if (tmp && !cli->quiet)
        fprintf(stderr, "%" G_GINT64_FORMAT " discs written to %s\n", c.n, out);
    return DW_EXIT_OK;
}

static int info(dw_cli *cli, dw_catalog *cat)
{
    GError *e = NULL;
    int64_t discs = 0, files = 0, bytes = 0;
    if (!dw_catalog_counts(cat, &discs, &files, &bytes, &e))
        return fail(cli, e);
    if (cli->json) {
        GString *s = g_string_new("{\"location\":");
        dw_json_append_string(s, dw_catalog_location(cat));
        g_string_append_printf(s, ",\"backend\":\"%s\",\"schema_version\":%d,\"discs\":%" G_GINT64_FORMAT
                               ",\"files\":%" G_GINT64_FORMAT ",\"bytes\":%" G_GINT64_FORMAT "}",
                               dw_catalog_backend(cat), dw_catalog_schema_version(cat), discs, files, bytes);
        dw_cli_result(cli, s->str);
        g_string_free(s, TRUE);
    } else
        printf("Catalog     %s (%s, schema %d)\nDiscs       %" G_GINT64_FORMAT "\nFiles       %" G_GINT64_FORMAT
               " (%.1f GB)\n",
               dw_catalog_location(cat), dw_catalog_backend(cat), dw_catalog_schema_version(cat), discs, files,
               (double)bytes / 1e9);
    return DW_EXIT_OK;
}

int dw_cmd_catalog(dw_cli *cli, int argc, char **argv)
{
    const char *sub = argv[0];
    argc--;
    argv++;
    static const struct {
        const char *name;
        int min, max;
    } subs[] = { { "add", 1, 100000 }, { "ls", 0, 0 }, { "search", 1, 1 }, { "show", 1, 1 }, { "history", 1, 1 },
                 { "duplicates", 0, 0 }, { "pressings", 0, 0 }, { "export", 0, 1 }, { "remove", 1, 1 },
                 { "info", 0, 0 }, { "verify", 0, 1 }, { "dat", 2, 2 } };
    size_t k;
    for (k = 0; k < G_N_ELEMENTS(subs); k++)
        if (!strcmp(sub, subs[k].name))
            break;
    if (k == G_N_ELEMENTS(subs))
        return dw_cli_usage_error(cli, "catalog: unknown subcommand '%s' (see discwright help catalog)", sub);
    if (argc < subs[k].min || argc > subs[k].max)
        return dw_cli_usage_error(cli, "catalog %s: wrong number of arguments (see discwright help catalog)", sub);
    if (!strcmp(sub, "verify"))
        return dw_cmd_catalog_verify(cli, argc, argv);
    if (!strcmp(sub, "dat"))
        return dw_cmd_catalog_dat(cli, argc, argv);
    int rc = DW_EXIT_OK;
    g_autoptr(dw_catalog) cat = dw_cli_catalog_open(cli, dw_catalog_cli.location, &rc);
    if (!cat)
        return rc;
    if (!strcmp(sub, "add"))
        return add(cli, cat, argc, argv);
    if (!strcmp(sub, "ls"))
        return list(cli, cat, NULL);
    if (!strcmp(sub, "search"))
        return list(cli, cat, argv[0]);
    if (!strcmp(sub, "show"))
        return show(cli, cat, argv[0]);
    if (!strcmp(sub, "history"))
        return history(cli, cat, argv[0]);
    if (!strcmp(sub, "duplicates") || !strcmp(sub, "pressings"))
        return grouped(cli, cat, !strcmp(sub, "pressings"));
    if (!strcmp(sub, "export"))
        return export(cli, cat, argc ? argv[0] : NULL);
    if (!strcmp(sub, "info"))
        return info(cli, cat);
    /* remove */
    GError *e = NULL;
    g_autoptr(dw_catalog_disc) d = dw_catalog_get(cat, argv[0], &e);
    if (!d || !dw_catalog_remove(cat, d->id, &e))
        return fail(cli, e);
    if (!cli->quiet)
        fprintf(stderr, "removed disc %" G_GINT64_FORMAT " (%s) from the catalog; its files stay\n", d->id, d->base);
    return DW_EXIT_OK;
}
