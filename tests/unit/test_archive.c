/* test_archive.c: the archive's folder names (archive/name.c): every
 * field, subfolders, values made safe (separators, control characters,
 * leading dots, length cut on a character), missing values, and the
 * templates refused. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "discwright/archive.h"
#include "discwright/error.h"

static char *expand(const char *tmpl, const dw_archive_name_fields *f)
{
    GError *e = NULL;
    char *s = dw_archive_expand_name(tmpl, f, &e);
    g_assert_no_error(e);
    return s;
}

static void test_fields(void)
{
    dw_archive_name_fields f = { .label = "MY_DISC", .title = "Album", .performer = "Band", .cddb = "1d001b05",
                                 .mbid = "gI8Eg_S4T9FrgI1RfBf.J_YGBAs-", .kind = "CD", .drive = "sr1",
                                 .fingerprint = "317462c7b81e25e0ab810d3badc97bb3ee690d8d", .n = 7,
                                 .time = 1700000000 };
    g_autofree char *a = expand("{n} {label}", &f);
    g_assert_cmpstr(a, ==, "0007 MY_DISC");
    g_autofree char *b = expand("{kind}/{performer} - {title} [{cddb}] {mbid} {drive} {fingerprint}", &f);
    g_assert_cmpstr(b, ==, "CD/Band - Album [1d001b05] gI8Eg_S4T9FrgI1RfBf.J_YGBAs- sr1 317462c7b81e");
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(1700000000);
    g_autofree char *day = g_date_time_format(dt, "%Y-%m-%d");
    g_autofree char *c = expand("{date}", &f);
    g_assert_cmpstr(c, ==, day);
    f.n = 123456;
    g_autofree char *d = expand("{n}", &f);
    g_assert_cmpstr(d, ==, "123456");
    /* {label} falls back to the CD-TEXT title; missing values say so. */
    dw_archive_name_fields g = { .title = "Only Title", .n = 1 };
    g_autofree char *e = expand("{label} {cddb} {mbid}", &g);
    g_assert_cmpstr(e, ==, "Only Title unknown unknown");
}

static void test_safe_values(void)
{
    dw_archive_name_fields f = { .label = "../../etc/passwd", .title = "a\tb\nc:d*e?f\"g<h>i|j\\k", .n = 1 };
    g_autofree char *a = expand("{label}", &f);
    g_assert_cmpstr(a, ==, "_.._etc_passwd");
    g_autofree char *b = expand("x/{title}", &f);
    g_assert_cmpstr(b, ==, "x/a_b_c_d_e_f_g_h_i_j_k");
    f.label = "...hidden";
    g_autofree char *c = expand("{label}", &f);
    g_assert_cmpstr(c, ==, "hidden");
    f.label = "..";
    g_autofree char *d = expand("{label}", &f);
    g_assert_cmpstr(d, ==, "unknown");
    /* 60 two-byte characters (120 bytes): cut to at most 100 bytes, on a character. */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 60; i++)
        g_string_append(s, "\xc3\xa9");
    f.label = s->str;
    g_autofree char *e = expand("{label}", &f);
    g_assert_cmpuint(strlen(e), ==, 100);
    g_assert_true(g_utf8_validate(e, -1, NULL));
    g_string_free(s, TRUE);
}

static void test_refused(void)
{
    static const char *const bad[] = { "", "/abs/{label}", "{nope}", "{label", "label}", "a/../b", "a//b",
                                       "./{label}", "a\tb", "\xff" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *e = NULL;
        g_assert_false(dw_archive_check_template(bad[i], &e));
        g_assert_error(e, DW_ERROR, DW_ERROR_USAGE);
        g_error_free(e);
    }
    g_assert_true(dw_archive_check_template(DW_ARCHIVE_DEFAULT_NAME, NULL));
    g_assert_true(dw_archive_check_template("{date}/{n} {performer} - {title}", NULL));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/archive/name/fields", test_fields);
    g_test_add_func("/archive/name/safe-values", test_safe_values);
    g_test_add_func("/archive/name/refused", test_refused);
    return g_test_run();
}
