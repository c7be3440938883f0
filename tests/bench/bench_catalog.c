/* bench_catalog.c: the catalog at scale (tests/bench/bench_catalog.sh
 * drives it; `make bench`, not a test).
 *
 *   bench_catalog generate LOCATION LIBDIR DISCS FILES  a catalog of DISCS
 *       discs with FILES files each; the files are real (LIBDIR/dK/fJ.bin,
 *       50 folders, 4 KiB each) and shared by the discs of a folder, so a
 *       fixity run has something to hash; titles from a word list
 *   bench_catalog search LOCATION TEXT RUNS      dw_catalog_list, best and median ms
 *   bench_catalog add LOCATION LIBDIR RUNS       dw_catalog_add of one disc (its own
 *       transaction, synchronous), best and median ms
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discwright/catalog.h"
#include "discwright/hash.h"

#define FOLDERS 50

static const char *const words[] = {
    "symphony", "nocturne", "river", "midnight", "garden", "electric", "silver", "ocean", "winter", "summer",
    "echo", "mirror", "shadow", "golden", "velvet", "thunder", "crystal", "harbor", "lantern", "meadow",
    "orbit", "paper", "quartz", "rain", "saturn", "tiger", "umbra", "violet", "willow", "zephyr",
    "amber", "basalt", "cobalt", "delta", "ember", "fjord", "granite", "horizon", "indigo", "jasmine",
    "kestrel", "lagoon", "monsoon", "nebula", "opal", "prairie", "quiver", "raven", "sierra", "tundra",
};

static double ms_since(gint64 t0)
{
    return (double)(g_get_monotonic_time() - t0) / 1000.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static dw_catalog_disc *make_disc(int64_t i, const char *lib, int files, dw_hash_result *hashes, GRand *r)
{
    dw_catalog_disc *d = dw_catalog_disc_new();
    int folder = (int)(i % FOLDERS);
    d->base = g_strdup_printf("%s/d%02d/disc%07" G_GINT64_FORMAT, lib, folder, i);
    g_autofree char *seed = g_strdup_printf("bench disc %" G_GINT64_FORMAT, i);
    d->fingerprint = g_compute_checksum_for_string(G_CHECKSUM_SHA1, seed, -1);
    g_free(d->kind);
    d->kind = g_strdup(i % 10 == 0 ? "DVD" : "CD");
    d->label = g_strdup_printf("BENCH_%07" G_GINT64_FORMAT, i);
    d->title = g_strdup_printf("%s %s %s", words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))],
                               words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))],
                               words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))]);
    d->performer = g_strdup_printf("The %s %s", words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))],
                                   words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))]);
    d->cddb_id = g_strdup_printf("%08x", (unsigned)(i * 2654435761u));
    d->musicbrainz_id = g_strdup_printf("bench%023" G_GINT64_FORMAT "-", i);
    d->sessions = 1;
    d->tracks = 10;
    d->sectors = 300000;
    d->good = 300000;
    d->ripped_at = 1700000000 + i;
    d->tool = g_strdup("bench");
    for (int t = 1; t <= 10; t++) {
        dw_catalog_track *tr = g_new0(dw_catalog_track, 1);
        tr->number = t;
        tr->session = 1;
        tr->mode = g_strdup("AUDIO");
        tr->start = (t - 1) * 30000;
        tr->length = 30000;
        g_ptr_array_add(d->track_list, tr);
    }
    for (int j = 0; j < files; j++) {
        g_autofree char *name = g_strdup_printf("f%03d.bin", j);
        dw_catalog_file *f = dw_catalog_file_new(name, "output");
        const dw_hash_result *h = &hashes[folder * files + j];
        f->size = (int64_t)h->size;
        g_strlcpy(f->crc32, h->crc32_hex, sizeof f->crc32);
        g_strlcpy(f->md5, h->md5_hex, sizeof f->md5);
        g_strlcpy(f->sha1, h->sha1_hex, sizeof f->sha1);
        g_strlcpy(f->sha256, h->sha256_hex, sizeof f->sha256);
        g_ptr_array_add(d->files, f);
    }
    return d;
}

/* The real files and their hashes (FOLDERS x files). */
static dw_hash_result *make_files(const char *lib, int files)
{
    dw_hash_result *h = g_new0(dw_hash_result, (size_t)FOLDERS * (size_t)files);
    GRand *r = g_rand_new_with_seed(7);
    uint8_t buf[4096];
    for (int k = 0; k < FOLDERS; k++) {
        g_autofree char *dir = g_strdup_printf("%s/d%02d", lib, k);
        g_mkdir_with_parents(dir, 0755);
        for (int j = 0; j < files; j++) {
            for (size_t b = 0; b < sizeof buf; b++)
                buf[b] = (uint8_t)g_rand_int(r);
            g_autofree char *p = g_strdup_printf("%s/f%03d.bin", dir, j);
            GError *e = NULL;
            if (!g_file_set_contents(p, (const char *)buf, sizeof buf, &e) ||
                !dw_hash_file(p, 0, -1, DW_HASH_ALL, &h[k * files + j], &e)) {
                fprintf(stderr, "bench_catalog: %s\n", e->message);
                exit(1);
            }
        }
    }
    g_rand_free(r);
    return h;
}

static int generate(const char *loc, const char *lib, int64_t n, int files)
{
    GError *e = NULL;
    g_autoptr(dw_catalog) cat = dw_catalog_open(loc, &e);
    if (!cat) {
        fprintf(stderr, "bench_catalog: %s\n", e->message);
        return 1;
    }
    g_autofree dw_hash_result *hashes = make_files(lib, files);
    GRand *r = g_rand_new_with_seed(42);
    gint64 t0 = g_get_monotonic_time(), in_add = 0;
    for (int64_t i = 0; i < n;) {
        GPtrArray *batch = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_disc_free);
        for (int k = 0; k < 2000 && i < n; k++, i++)
            g_ptr_array_add(batch, make_disc(i, lib, files, hashes, r));
        gint64 ta = g_get_monotonic_time();
        gboolean ok = dw_catalog_add_batch(cat, batch, "import", &e);
        in_add += g_get_monotonic_time() - ta;
        if (!ok) {
            fprintf(stderr, "bench_catalog: %s\n", e->message);
            return 1;
        }
        g_ptr_array_unref(batch);
    }
    g_rand_free(r);
    double s = ms_since(t0) / 1000.0;
    printf("generated %" G_GINT64_FORMAT " discs, %" G_GINT64_FORMAT " files in %.1f s (%.0f discs/s; %.1f s in"
           " dw_catalog_add_batch)\n",
           n, n * files, s, (double)n / s, (double)in_add / 1e6);
    return 0;
}

static void report(const char *what, double *t, int runs)
{
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    printf("%-44s best %7.2f ms  median %7.2f ms  worst %7.2f ms\n", what, t[0], t[runs / 2], t[runs - 1]);
}

static int search(const char *loc, const char *text, int runs)
{
    GError *e = NULL;
    g_autoptr(dw_catalog) cat = dw_catalog_open(loc, &e);
    if (!cat) {
        fprintf(stderr, "bench_catalog: %s\n", e->message);
        return 1;
    }
    double *t = g_new(double, runs);
    guint found = 0;
    for (int k = 0; k < runs; k++) {
        dw_catalog_query q = { .text = text, .limit = 100 };
        gint64 t0 = g_get_monotonic_time();
        GPtrArray *a = dw_catalog_list(cat, &q, &e);
        t[k] = ms_since(t0);
        if (!a) {
            fprintf(stderr, "bench_catalog: %s\n", e->message);
            return 1;
        }
        found = a->len;
        g_ptr_array_unref(a);
    }
    g_autofree char *what = g_strdup_printf("search \"%s\" (%u shown, limit 100)", text, found);
    report(what, t, runs);
    g_free(t);
    return 0;
}

static int add(const char *loc, const char *lib, int runs)
{
    GError *e = NULL;
    g_autoptr(dw_catalog) cat = dw_catalog_open(loc, &e);
    if (!cat) {
        fprintf(stderr, "bench_catalog: %s\n", e->message);
        return 1;
    }
    int64_t discs = 0, files = 0, bytes = 0;
    dw_catalog_counts(cat, &discs, &files, &bytes, NULL);
    int per = discs ? (int)(files / discs) : 20;
    g_autofree dw_hash_result *hashes = make_files(lib, per);
    GRand *r = g_rand_new_with_seed(99);
    double *t = g_new(double, runs);
    for (int k = 0; k < runs; k++) {
        g_autoptr(dw_catalog_disc) d = make_disc(10000000 + discs + k, lib, per, hashes, r);
        gint64 t0 = g_get_monotonic_time();
        if (!dw_catalog_add(cat, d, "rip", NULL, &e)) {
            fprintf(stderr, "bench_catalog: %s\n", e->message);
            return 1;
        }
        t[k] = ms_since(t0);
    }
    g_rand_free(r);
    g_autofree char *what = g_strdup_printf("add one disc (%d files, 10 tracks) to %" G_GINT64_FORMAT, per, discs);
    report(what, t, runs);
    g_free(t);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && !strcmp(argv[1], "generate"))
        return generate(argv[2], argv[3], g_ascii_strtoll(argv[4], NULL, 10), atoi(argv[5]));
    if (argc == 5 && !strcmp(argv[1], "search"))
        return search(argv[2], argv[3], atoi(argv[4]));
    if (argc == 5 && !strcmp(argv[1], "add"))
        return add(argv[2], argv[3], atoi(argv[4]));
    fprintf(stderr, "usage: bench_catalog generate LOCATION LIBDIR DISCS FILES | search LOCATION TEXT RUNS | "
                    "add LOCATION LIBDIR RUNS\n");
    return 2;
}
