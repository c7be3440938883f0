/* test_mapfile.c: the ddrescue-style rip map — runs after set (split,
 * merge, clip), get/count/find, parsing (incl. errors with line:col),
 * text round trips, a real ddrescue sample, and the atomic file write. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "discwright/error.h"
#include "discwright/mapfile.h"

/* Runs as a compact string: "0+10 10-2 12?88". */
static char *runs_str(const dw_map *m)
{
    size_t n;
    const dw_map_run *r = dw_map_runs(m, &n);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%" G_GINT64_FORMAT "%c%" G_GINT64_FORMAT, i ? " " : "", r[i].pos,
                               (char)r[i].status, r[i].size);
    return g_string_free(s, FALSE);
}

typedef struct {
    int64_t pos, count;
    char status;
} set_op;

static const struct {
    const char *name;
    set_op ops[6];
    const char *expect;
} set_cases[] = {
    { "none", { { 0, 0, 0 } }, "0?100" },
    { "whole", { { 0, 100, '+' } }, "0+100" },
    { "head", { { 0, 10, '+' } }, "0+10 10?90" },
    { "tail", { { 90, 10, '-' } }, "0?90 90-10" },
    { "split middle", { { 40, 20, '*' } }, "0?40 40*20 60?40" },
    { "merge left", { { 0, 10, '+' }, { 10, 10, '+' } }, "0+20 20?80" },
    { "merge right", { { 20, 10, '+' }, { 10, 10, '+' } }, "0?10 10+20 30?70" },
    { "merge both", { { 0, 10, '+' }, { 20, 10, '+' }, { 10, 10, '+' } }, "0+30 30?70" },
    { "fill hole", { { 0, 50, '+' }, { 50, 50, '+' } }, "0+100" },
    { "span runs", { { 10, 10, '+' }, { 30, 10, '-' }, { 50, 10, '/' }, { 15, 40, '*' } },
      "0?10 10+5 15*40 55/5 60?40" },
    { "same status no-op", { { 10, 10, '+' }, { 12, 3, '+' } }, "0?10 10+10 20?80" },
    { "unset back", { { 10, 10, '+' }, { 10, 10, '?' } }, "0?100" },
    { "clip low", { { -5, 10, '+' } }, "0+5 5?95" },
    { "clip high", { { 95, 50, '-' } }, "0?95 95-5" },
    { "outside", { { 100, 5, '+' }, { -10, 5, '+' } }, "0?100" },
    { "single block", { { 50, 1, '-' }, { 51, 1, '-' }, { 49, 1, '-' } }, "0?49 49-3 52?48" },
    { "split inner", { { 0, 100, '+' }, { 50, 1, '-' }, { 50, 1, '+' } }, "0+100" },
};

static void test_set_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(set_cases); i++) {
        g_autoptr(dw_map) m = dw_map_new(100, 2048);
        for (int k = 0; k < 6 && set_cases[i].ops[k].status; k++)
            dw_map_set(m, set_cases[i].ops[k].pos, set_cases[i].ops[k].count,
                       (dw_map_status)set_cases[i].ops[k].status);
        g_autofree char *got = runs_str(m);
        g_test_message("case %s", set_cases[i].name);
        g_assert_cmpstr(got, ==, set_cases[i].expect);
    }
}

static void test_get_count_find(void)
{
    g_autoptr(dw_map) m = dw_map_new(1000, 2352);
    g_assert_cmpint(dw_map_blocks(m), ==, 1000);
    g_assert_cmpuint(dw_map_block_size(m), ==, 2352);
    dw_map_set(m, 0, 300, DW_MAP_FINISHED);
    dw_map_set(m, 300, 5, DW_MAP_BAD);
    dw_map_set(m, 500, 20, DW_MAP_NONSCRAPED);
    dw_map_set(m, 900, 100, DW_MAP_FINISHED);
    static const struct { int64_t pos; char st; } gets[] = {
        { 0, '+' }, { 299, '+' }, { 300, '-' }, { 304, '-' }, { 305, '?' }, { 499, '?' },
        { 500, '/' }, { 519, '/' }, { 520, '?' }, { 899, '?' }, { 900, '+' }, { 999, '+' },
        { 1000, '?' }, { -1, '?' },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(gets); i++)
        g_assert_cmpint(dw_map_get(m, gets[i].pos), ==, gets[i].st);
    g_assert_cmpint(dw_map_count(m, DW_MAP_FINISHED), ==, 400);
    g_assert_cmpint(dw_map_count(m, DW_MAP_BAD), ==, 5);
    g_assert_cmpint(dw_map_count(m, DW_MAP_NONSCRAPED), ==, 20);
    g_assert_cmpint(dw_map_count(m, DW_MAP_NONTRIED), ==, 575);
    g_assert_cmpint(dw_map_count(m, DW_MAP_NONTRIMMED), ==, 0);

    static const struct {
        int64_t pos;
        const char *st;
        bool found;
        int64_t rpos, rsize;
        char rst;
    } finds[] = {
        { 0, "?", true, 305, 195, '?' },
        { 310, "?", true, 310, 190, '?' },
        { 0, "-/", true, 300, 5, '-' },
        { 306, "-/", true, 500, 20, '/' },
        { 520, "-/", false, 0, 0, 0 },
        { 950, "+", true, 950, 50, '+' },
        { 0, "*", false, 0, 0, 0 },
        { 1000, "?", false, 0, 0, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(finds); i++) {
        dw_map_run r = { 0 };
        g_assert_cmpint(dw_map_find(m, finds[i].pos, finds[i].st, &r), ==, finds[i].found);
        if (finds[i].found) {
            g_assert_cmpint(r.pos, ==, finds[i].rpos);
            g_assert_cmpint(r.size, ==, finds[i].rsize);
            g_assert_cmpint(r.status, ==, finds[i].rst);
        }
    }
}

/* Many scattered single-block changes keep the invariants. */
static void test_many_changes(void)
{
    g_autoptr(dw_map) m = dw_map_new(5000, 2048);
    char model[5000];
    memset(model, '?', sizeof model);
    GRand *rand = g_rand_new_with_seed(42);
    for (int i = 0; i < 20000; i++) {
        int64_t pos = g_rand_int_range(rand, -10, 5010);
        int64_t count = g_rand_int_range(rand, 1, 40);
        char st = "?*/-+"[g_rand_int_range(rand, 0, 5)];
        dw_map_set(m, pos, count, (dw_map_status)st);
        for (int64_t b = pos; b < pos + count; b++)
            if (b >= 0 && b < 5000)
                model[b] = st;
    }
    g_rand_free(rand);
    size_t n;
    const dw_map_run *r = dw_map_runs(m, &n);
    int64_t next = 0;
    for (size_t i = 0; i < n; i++) {
        g_assert_cmpint(r[i].pos, ==, next);
        g_assert_cmpint(r[i].size, >, 0);
        if (i)
            g_assert_cmpint(r[i].status, !=, r[i - 1].status);
        next += r[i].size;
    }
    g_assert_cmpint(next, ==, 5000);
    for (int b = 0; b < 5000; b++)
        g_assert_cmpint(dw_map_get(m, b), ==, model[b]);
}

static char *data_path(const char *name)
{
    const char *src = g_getenv("top_srcdir");
    return src ? g_build_filename(src, "tests", "data", "map", name, NULL) : NULL;
}

static void test_ddrescue_sample(void)
{
    g_autofree char *path = data_path("ddrescue-sample.map");
    if (!path) {
        g_test_skip("top_srcdir not set (run through make check)");
        return;
    }
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_map) m = dw_map_read_file(path, -1, 2048, &error);
    g_assert_no_error(error);
    g_assert_nonnull(m);
    g_autofree char *got = runs_str(m);
    g_assert_cmpstr(got, ==, "0+5120 5120-2 5122/4 5126*512 5638?8192 13830+64");
    g_assert_cmpint(dw_map_blocks(m), ==, 13894);
    /* Our text reads back to the same map. */
    g_autofree char *text = dw_map_write(m);
    g_assert_true(strstr(text, "0x00A01000     /               1\n") != NULL);
    g_assert_true(strstr(text, "0x00A00000  0x00001000  -\n") != NULL);
    g_autoptr(dw_map) again = dw_map_parse(text, strlen(text), "again", -1, 2048, &error);
    g_assert_no_error(error);
    g_autofree char *got2 = runs_str(again);
    g_assert_cmpstr(got2, ==, got);
    g_autofree char *text2 = dw_map_write(again);
    g_assert_cmpstr(text2, ==, text);
    /* The same text, larger disc: the rest is non-tried; smaller: an error. */
    g_autoptr(dw_map) big = dw_map_read_file(path, 14000, 2048, &error);
    g_assert_no_error(error);
    g_autofree char *got3 = runs_str(big);
    g_assert_cmpstr(got3, ==, "0+5120 5120-2 5122/4 5126*512 5638?8192 13830+64 13894?106");
    g_autoptr(dw_map) small = dw_map_read_file(path, 13000, 2048, &error);
    g_assert_null(small);
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
    g_assert_true(strstr(error->message, "ddrescue-sample.map:13:13: ") != NULL);
}

static void test_round_trip(void)
{
    g_autoptr(dw_map) m = dw_map_new(333000, 2352);
    dw_map_set(m, 0, 1000, DW_MAP_FINISHED);
    dw_map_set(m, 1000, 1, DW_MAP_BAD);
    dw_map_set(m, 1001, 99, DW_MAP_NONTRIMMED);
    dw_map_set(m, 332999, 1, DW_MAP_NONSCRAPED);
    dw_map_set_current(m, 1001, '*', 3);
    g_autofree char *text = dw_map_write(m);
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_map) again = dw_map_parse(text, strlen(text), "rt", 333000, 2352, &error);
    g_assert_no_error(error);
    g_autofree char *a = runs_str(m), *b = runs_str(again);
    g_assert_cmpstr(a, ==, b);
    g_autofree char *text2 = dw_map_write(again);
    g_assert_cmpstr(text, ==, text2);
    g_assert_true(strstr(text, "0x0023ECB0     *               3\n") != NULL); /* 1001 * 2352 */
}

static void test_parse_ok_variants(void)
{
    static const struct { const char *text; int64_t blocks; const char *runs; } cases[] = {
        { "", -1, "" },
        { "# only comments\n", 10, "0?10" },
        { "0x0 ?\n", 5, "0?5" },
        { "0 + 1\n0 16 +\n16 16 +\n", -1, "0+2" },             /* decimal, merge */
        { "0x10 - 2\r\n0x0 0x10 +\r\n0x10 0x20 -\r\n", -1, "0+1 1-2" },
        { "  0x0\t+\t1  \n\t0x0  0x30  +  # not a comment? no\n", -1, NULL },
        { "0x0 F 1\n0x0 0x10 ?\n", -1, "0?1" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(dw_map) m = dw_map_parse(cases[i].text, strlen(cases[i].text), "v", cases[i].blocks, 16, &error);
        g_test_message("case %zu", i);
        if (!cases[i].runs) {
            g_assert_null(m);
            g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
            continue;
        }
        g_assert_no_error(error);
        g_autofree char *got = runs_str(m);
        g_assert_cmpstr(got, ==, cases[i].runs);
    }
}

static void test_parse_errors(void)
{
    static const struct { const char *text; const char *msg; } cases[] = {
        { "zz ?\n", "e:1:1: expected a position" },
        { "# c\n0x0\n", "e:2:4: expected the current status" },
        { "0x0 X\n", "e:1:5: unknown current status 'X'" },
        { "0x0 ? 1 extra\n", "e:1:9: unexpected text" },
        { "0x0 ? x\n", "e:1:7: bad pass number" },
        { "0x0 ?\n0x0 zz +\n", "e:2:5: expected a size" },
        { "0x0 ?\n0x0 0x10 Q\n", "e:2:10: expected a block status" },
        { "0x0 ?\n0x0 0x10 + junk\n", "e:2:12: unexpected text after the status" },
        { "0x0 ?\n0x10 0x10 +\n", "e:2:1: gap after the previous line" },
        { "0x0 ?\n0x0 0x20 +\n0x10 0x10 -\n", "e:3:1: overlaps the previous line" },
        { "0x0 ?\n0x0 0x18 +\n", "e:2:5: size must be a positive multiple of 16" },
        { "0x0 ?\n0x0 0x0 +\n", "e:2:5: size must be a positive multiple of 16" },
        { "0x8 ?\n", "e:1:1: current position is not a multiple of 16" },
        { "0x0 ?\n0xFFFFFFFFFFFFFFFFFF 0x10 +\n", "e:2:1: expected a position" },
        { "0x0 ?\n0x0 0x7FFFFFFFFFFFFFF0 +\n0x7FFFFFFFFFFFFFF0 0x7FFFFFFFFFFFFFF0 +\n", "e:3:20: size too large" },
        { "0x0 ?\n0x0 0x100 +\n", "e:2:5: extends beyond the 4 blocks" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(dw_map) m = dw_map_parse(cases[i].text, strlen(cases[i].text), "e", i + 1 == G_N_ELEMENTS(cases) ? 4 : -1, 16, &error);
        g_test_message("case %zu: %s", i, error ? error->message : "(no error)");
        g_assert_null(m);
        g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
        g_assert_true(g_str_has_prefix(error->message, cases[i].msg));
    }
    /* A NUL byte. */
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_map) m = dw_map_parse("0x0 ?\n0x0\0 0x10 +\n", 18, "e", -1, 16, &error);
    g_assert_null(m);
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
}

static void test_write_file(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("dw-map-XXXXXX", &error);
    g_assert_no_error(error);
    g_autofree char *path = g_build_filename(dir, "rip.map", NULL);
    g_autoptr(dw_map) m = dw_map_new(10, 2048);
    dw_map_set(m, 2, 3, DW_MAP_FINISHED);
    g_assert_true(dw_map_write_file(m, path, &error));
    dw_map_set(m, 5, 5, DW_MAP_BAD); /* overwrite an existing file */
    g_assert_true(dw_map_write_file(m, path, &error));
    g_assert_no_error(error);
    g_autoptr(dw_map) back = dw_map_read_file(path, 10, 2048, &error);
    g_assert_no_error(error);
    g_autofree char *got = runs_str(back);
    g_assert_cmpstr(got, ==, "0?2 2+3 5-5");
    /* No temporary left behind. */
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name(d))
        n++;
    g_dir_close(d);
    g_assert_cmpint(n, ==, 1);
    g_unlink(path);
    g_rmdir(dir);
    /* Unwritable place: an IO error, no crash. */
    g_assert_false(dw_map_write_file(m, "/nonexistent-dir/x.map", &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_IO);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mapfile/set-table", test_set_table);
    g_test_add_func("/mapfile/get-count-find", test_get_count_find);
    g_test_add_func("/mapfile/many-changes", test_many_changes);
    g_test_add_func("/mapfile/ddrescue-sample", test_ddrescue_sample);
    g_test_add_func("/mapfile/round-trip", test_round_trip);
    g_test_add_func("/mapfile/parse-variants", test_parse_ok_variants);
    g_test_add_func("/mapfile/parse-errors", test_parse_errors);
    g_test_add_func("/mapfile/write-file", test_write_file);
    return g_test_run();
}
