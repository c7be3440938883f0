/* test_vdrive_cache.c: the virtual drive's read cache (vd_cache.c).  A
 * naive re-read of an unstable audio sector returns the same wrong bytes
 * and C2 pointers while the sector is cached; reading more than the
 * cache holds elsewhere, or a FUA read on a drive that honours FUA, makes
 * the next read come from the disc again (different bytes); a drive that
 * ignores FUA keeps serving the cache; DW_VDRIVE_NO_C2 refuses C2; page
 * 2Ah reports the cache size; the cache off gives fresh bytes each read.
 */
#include <cdio/cdio.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../vdrive/fixture.h"
#include "../vdrive/vdtest.h"

#define UNSTABLE 900             /* an audio sector of track 3 */

static CdIo_t *drive(const char *cache, bool fua)
{
    static char map_var[512];
    char text[256];
    snprintf(text, sizeof text, "0x0 0x%x +\n0x%x 0x%x /\n0x%x 0x%x +\n", UNSTABLE * 2352, UNSTABLE * 2352, 2352,
             (UNSTABLE + 1) * 2352, (VDF_LEADOUT - UNSTABLE - 1) * 2352);
    g_autofree char *map = write_map("cache.map", text);
    snprintf(map_var, sizeof map_var, "DW_VDRIVE_FAULTS=%s", map);
    char cache_var[64];
    snprintf(cache_var, sizeof cache_var, "DW_VDRIVE_CACHE=%s", cache);
    const char *vars[] = { map_var, cache_var, fua ? "DW_VDRIVE_CACHE_FUA=1" : "DW_VDRIVE_CACHE_FUA=0", NULL };
    return open_drive(ccd_path, vars);
}

/* Read LBA with C2 (2352 + 294 bytes). */
static void read_c2(CdIo_t *p, int32_t lba, uint8_t *buf)
{
    uint8_t c[12];
    read_cd_cdb(c, lba, 1, 0, 0xF8 | 0x02, 0);
    g_assert_cmpint(run(p, c, buf, 2352 + 294, NULL), ==, 0);
}

/* Read count sectors from lba (no C2), to push others out. */
static void read_span(CdIo_t *p, int32_t lba, int count)
{
    static uint8_t buf[20 * 2352];
    for (int i = 0; i < count; i += 20) {
        uint8_t c[12];
        int n = MIN(20, count - i);
        read_cd_cdb(c, lba + i, (uint32_t)n, 0, 0xF8, 0);
        g_assert_cmpint(run(p, c, buf, (unsigned)n * 2352, NULL), ==, 0);
    }
}

static bool wrong(const uint8_t *r)
{
    return memcmp(r, img_bytes + (size_t)UNSTABLE * 2352, 2352) != 0;
}

static void test_naive_reread(void)
{
    CdIo_t *p = drive("256", false);     /* 111 sectors */
    static uint8_t a[2352 + 294], b[2352 + 294], x[2352 + 294];
    read_c2(p, UNSTABLE, a);
    g_assert_true(wrong(a));
    /* Read again at once, and after a few other sectors: the cache. */
    read_c2(p, UNSTABLE, b);
    g_assert_cmpmem(a, sizeof a, b, sizeof b);
    read_span(p, 100, 60);
    read_c2(p, UNSTABLE, b);
    g_assert_cmpmem(a, sizeof a, b, sizeof b);
    /* Reading more than the cache holds elsewhere: a fresh read. */
    read_span(p, 100, 120);
    read_c2(p, UNSTABLE, x);
    g_assert_true(wrong(x));
    g_assert_true(memcmp(a, x, 2352) != 0);
    /* FUA is ignored by this drive: the fresh bytes stay cached. */
    uint8_t fua[12] = { 0xA8, 0x08, 0, 0, (UNSTABLE >> 8) & 0xFF, UNSTABLE & 0xFF, 0, 0, 0, 0 };
    g_assert_cmpint(run(p, fua, b, 0, NULL), ==, 0);
    read_c2(p, UNSTABLE, b);
    g_assert_cmpmem(x, sizeof x, b, sizeof b);
    cdio_destroy(p);
}

static void test_fua(void)
{
    CdIo_t *p = drive("1024", true);
    static uint8_t a[2352 + 294], b[2352 + 294];
    read_c2(p, UNSTABLE, a);
    read_c2(p, UNSTABLE, b);
    g_assert_cmpmem(a, sizeof a, b, sizeof b);
    /* READ(12) with FUA and no transfer empties the cache of this drive. */
    uint8_t fua[12] = { 0xA8, 0x08, 0, 0, (UNSTABLE >> 8) & 0xFF, UNSTABLE & 0xFF, 0, 0, 0, 0 };
    g_assert_cmpint(run(p, fua, b, 0, NULL), ==, 0);
    read_c2(p, UNSTABLE, b);
    g_assert_true(memcmp(a, b, 2352) != 0);
    /* Page 2Ah gives the cache size as the buffer (KiB, bytes 12-13). */
    uint8_t ms[12] = { 0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 64 }, r[64];
    g_assert_cmpint(run(p, ms, r, 64, NULL), ==, 0);
    g_assert_cmpint(r[8 + 12] << 8 | r[8 + 13], ==, 1024);
    cdio_destroy(p);
}

static void test_off_and_no_c2(void)
{
    CdIo_t *p = drive("0", false);
    static uint8_t a[2352 + 294], b[2352 + 294];
    read_c2(p, UNSTABLE, a);
    read_c2(p, UNSTABLE, b);
    g_assert_true(memcmp(a, b, 2352) != 0);
    cdio_destroy(p);
    const char *vars[] = { "DW_VDRIVE_NO_C2=1", NULL };
    p = open_drive(ccd_path, vars);
    uint8_t c[12], ks[3];
    read_cd_cdb(c, 500, 1, 0, 0xF8 | 0x02, 0);
    g_assert_cmpint(run(p, c, a, sizeof a, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 5);
    g_assert_cmpint(ks[1], ==, 0x24);
    read_cd_cdb(c, 500, 1, 0, 0xF8, 0);
    g_assert_cmpint(run(p, c, a, 2352, NULL), ==, 0);
    g_assert_cmpmem(a, 2352, img_bytes + 500 * 2352, 2352);
    cdio_destroy(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    vdtest_setup();
    g_test_add_func("/vdrive/cache/naive-reread", test_naive_reread);
    g_test_add_func("/vdrive/cache/fua", test_fua);
    g_test_add_func("/vdrive/cache/off-and-no-c2", test_off_and_no_c2);
    int r = g_test_run();
    vdtest_teardown();
    return r;
}
