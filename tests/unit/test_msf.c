/* test_msf.c: CD addressing tables — LBA/MSF both ways (including the
 * lead-in wrap), BCD, and the "MM:SS:FF" text form. */
#include "config.h"

#include <glib.h>

#include "discwright/msf.h"

static void test_lba_msf(void)
{
    static const struct {
        int32_t lba;
        uint8_t m, s, f;
    } cases[] = {
        { 0, 0, 2, 0 },        { -150, 0, 0, 0 },     { 16, 0, 2, 16 },
        { 74, 0, 2, 74 },      { 75, 0, 3, 0 },       { -151, 99, 59, 74 },
        { -4500, 99, 2, 0 },   { -11400, 97, 30, 0 }, { 333000, 74, 2, 0 },
        { 404849, 89, 59, 74 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        dw_msf m = dw_lba_to_msf(cases[i].lba);
        g_assert_cmpuint(m.m, ==, cases[i].m);
        g_assert_cmpuint(m.s, ==, cases[i].s);
        g_assert_cmpuint(m.f, ==, cases[i].f);
        g_assert_cmpint(dw_msf_to_lba(m), ==, cases[i].lba);
    }
    /* Every LBA from the deepest lead-in to 90 minutes round-trips. */
    for (int32_t lba = -45150; lba < 404850; lba += 7) {
        dw_msf m = dw_lba_to_msf(lba);
        g_assert_cmpint(dw_msf_to_lba(m), ==, lba);
    }
}

static void test_frames(void)
{
    char buf[16];
    g_assert_cmpstr(dw_frames_to_string(0, buf, sizeof buf), ==, "00:00:00");
    g_assert_cmpstr(dw_frames_to_string(150, buf, sizeof buf), ==, "00:02:00");
    g_assert_cmpstr(dw_frames_to_string(4500 * 2 + 74, buf, sizeof buf), ==, "02:00:74");
    g_assert_cmpstr(dw_frames_to_string(100 * 4500 + 1, buf, sizeof buf), ==, "100:00:01");
    int32_t f = -1;
    g_assert_true(dw_string_to_frames("00:02:00", false, &f));
    g_assert_cmpint(f, ==, 150);
    g_assert_true(dw_string_to_frames("79:59:74", false, &f));
    g_assert_cmpint(f, ==, 79 * 4500 + 59 * 75 + 74);
    g_assert_true(dw_string_to_frames("123", true, &f));
    g_assert_cmpint(f, ==, 123);
    static const char *bad[] = { "", "1", "00:60:00", "00:00:75", "00:00", "00:00:00:00",
                                 "aa:00:00", "00:0:", "-1:00:00", "00:00:00 ", " 00:00:00" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
        g_assert_false(dw_string_to_frames(bad[i], false, &f));
    g_assert_false(dw_string_to_frames("12", false, &f)); /* plain not allowed */
    g_assert_true(dw_string_to_frames("1234567", true, &f));
    g_assert_cmpint(f, ==, 1234567);
    /* The largest count an int32_t holds, and one minute past it. */
    g_assert_true(dw_string_to_frames("477218:00:00", false, &f));
    g_assert_cmpint(f, ==, 477218 * 4500);
    g_assert_false(dw_string_to_frames("477219:00:00", false, &f));
    g_assert_false(dw_string_to_frames("999999999:59:74", false, &f));
    g_assert_false(dw_string_to_frames("1234567890", true, &f));
    dw_msf m = dw_frames_to_msf(4500 + 75 + 1);
    g_assert_cmpuint(m.m, ==, 1);
    g_assert_cmpuint(m.s, ==, 1);
    g_assert_cmpuint(m.f, ==, 1);
    g_assert_cmpint(dw_msf_to_frames(m), ==, 4576);
}

static void test_bcd(void)
{
    for (int v = 0; v < 100; v++) {
        uint8_t b = dw_to_bcd((uint8_t)v);
        g_assert_cmpuint(b, ==, (v / 10) << 4 | (v % 10));
        g_assert_true(dw_is_bcd(b));
        g_assert_cmpuint(dw_from_bcd(b), ==, v);
    }
    g_assert_false(dw_is_bcd(0xAA));
    g_assert_false(dw_is_bcd(0x1A));
    g_assert_cmpuint(dw_from_bcd(0xA0), ==, 0xFF);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/msf/lba", test_lba_msf);
    g_test_add_func("/msf/frames", test_frames);
    g_test_add_func("/msf/bcd", test_bcd);
    return g_test_run();
}
