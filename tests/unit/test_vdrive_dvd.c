/* test_vdrive_dvd.c: the virtual drive's DVD structures through libcdio's
 * Linux driver and the kernel ioctl: READ DISC STRUCTURE physical format
 * (single layer, dual layer by size, forced dual layer with a given
 * break), copyright, BCA, disc manufacturing information, the structure
 * list, refusals on a CD, and DVD_READ_STRUCT agreeing with READ
 * CAPACITY.  Layout and sources: tests/vdrive/vd_dvd.c and README.md.
 */
#include <cdio/cdio.h>
#include <cdio/mmc.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <linux/cdrom.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../vdrive/fixture.h"
#include "../vdrive/vd.h"
#include "../vdrive/vdtest.h"

static uint32_t be24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static int structure(CdIo_t *p, int layer, int format, uint8_t *b, unsigned len, uint8_t ks[3])
{
    uint8_t c[12] = { 0xAD, 0, 0, 0, 0, 0, (uint8_t)layer, (uint8_t)format, (uint8_t)(len >> 8),
                      (uint8_t)len };
    return run(p, c, b, len, ks);
}

static uint32_t capacity(CdIo_t *p)
{
    uint8_t cap[12] = { 0x25 }, b[8];
    g_assert_cmpint(run(p, cap, b, 8, NULL), ==, 0);
    return ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]) + 1;
}

/* Sectors the physical format describes, the way a reader sums them. */
static uint32_t pfi_sectors(const uint8_t *pfi)
{
    uint32_t start = be24(pfi + 5), end = be24(pfi + 9), end_l0 = be24(pfi + 13);
    if (((pfi[2] >> 5) & 3) == 0)
        return end - start + 1;
    g_assert_cmpint((pfi[2] >> 4) & 1, ==, 1);     /* opposite track path */
    return (end_l0 - start + 1) + (end - (~end_l0 & 0xFFFFFF) + 1);
}

static void test_single_layer(void)
{
    CdIo_t *p = open_drive(iso_path, NULL);
    static uint8_t b[4 + 2048];
    g_assert_cmpint(structure(p, 0, 0x00, b, sizeof b, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 2050);
    const uint8_t *f = b + 4;
    g_assert_cmphex(f[0], ==, 0x01);                /* DVD-ROM, version 1 */
    g_assert_cmphex(f[1] >> 4, ==, 0);              /* 120 mm */
    g_assert_cmphex(f[2], ==, 0x01);                /* one layer, PTP, embossed */
    g_assert_cmphex(be24(f + 5), ==, 0x030000);
    g_assert_cmphex(be24(f + 9), ==, 0x030000 + VDF_ISO_SECTORS - 1);
    g_assert_cmphex(be24(f + 13), ==, 0);
    g_assert_cmpint(f[16] & 0x80, ==, 0);
    g_assert_cmpuint(pfi_sectors(f), ==, capacity(p));
    uint8_t ks[3];
    g_assert_cmpint(structure(p, 1, 0x00, b, sizeof b, ks), !=, 0);   /* no layer 1 */
    g_assert_cmpint(ks[1], ==, 0x24);
    /* Copyright: no protection, every region. */
    g_assert_cmpint(structure(p, 0, 0x01, b, 8, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 6);
    g_assert_cmpmem(b + 4, 4, ((const uint8_t[]){ 0, 0, 0, 0 }), 4);
    /* No BCA without DW_VDRIVE_BCA. */
    g_assert_cmpint(structure(p, 0, 0x03, b, 192, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 5);
    g_assert_cmpint(ks[1], ==, 0x24);
    /* Disc manufacturing information: 2048 deterministic bytes. */
    g_assert_cmpint(structure(p, 0, 0x04, b, sizeof b, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 2050);
    g_assert_cmpmem(b + 4, 22, "DISCWRIGHT VIRTUAL DVD", 22);
    for (int i = 32; i < 2048; i++)
        g_assert_cmphex(b[4 + i], ==, (uint8_t)(i * 31 + 7));
    /* Structure list: 00, 01, 04, FF, each readable (RDS). */
    g_assert_cmpint(structure(p, 0, 0xFF, b, 64, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 2 + 4 * 4);
    static const uint8_t codes[] = { 0x00, 0x01, 0x04, 0xFF };
    static const uint16_t lens[] = { 2048, 4, 2048, 16 };
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(b[4 + 4 * i], ==, codes[i]);
        g_assert_cmphex(b[5 + 4 * i], ==, 0x40);
        g_assert_cmpint((b[6 + 4 * i] << 8 | b[7 + 4 * i]), ==, lens[i]);
    }
    /* Unknown format and a BD media type. */
    g_assert_cmpint(structure(p, 0, 0x30, b, 64, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x24);
    uint8_t bd[12] = { 0xAD, 0x01, 0, 0, 0, 0, 0, 0x00, 0, 64 };
    g_assert_cmpint(run(p, bd, b, 64, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x24);
    /* The kernel ioctl answers from the same bytes. */
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    dvd_struct s;
    memset(&s, 0, sizeof s);
    s.type = DVD_STRUCT_PHYSICAL;
    g_assert_cmpint(ioctl(fd, DVD_READ_STRUCT, &s), ==, 0);
    g_assert_cmpint(s.physical.layer[0].nlayers, ==, 0);
    g_assert_cmphex(s.physical.layer[0].end_sector, ==, 0x030000 + VDF_ISO_SECTORS - 1);
    memset(&s, 0, sizeof s);
    s.type = DVD_STRUCT_MANUFACT;
    g_assert_cmpint(ioctl(fd, DVD_READ_STRUCT, &s), ==, 0);
    g_assert_cmpint(s.manufact.len, ==, 2048);
    g_assert_cmphex(s.manufact.value[100], ==, (uint8_t)(100 * 31 + 7));
    close(fd);
    cdio_destroy(p);
    /* Not on a CD. */
    p = open_drive(ccd_path, NULL);
    g_assert_cmpint(structure(p, 0, 0x00, b, sizeof b, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 5);
    g_assert_cmpint(ks[1], ==, 0x30);
    cdio_destroy(p);
}

static void check_dual(CdIo_t *p, uint32_t sectors, uint32_t l0)
{
    static uint8_t b[4 + 2048];
    for (int layer = 0; layer < 2; layer++) {
        g_assert_cmpint(structure(p, layer, 0x00, b, sizeof b, NULL), ==, 0);
        const uint8_t *f = b + 4;
        g_assert_cmphex(f[2], ==, 0x31);            /* two layers, OTP, embossed */
        g_assert_cmphex(be24(f + 5), ==, 0x030000);
        g_assert_cmphex(be24(f + 13), ==, 0x030000 + l0 - 1);
        g_assert_cmphex(be24(f + 9), ==, (~(0x030000 + l0 - 1) & 0xFFFFFF) + (sectors - l0) - 1);
        g_assert_cmpuint(pfi_sectors(f), ==, sectors);
    }
    uint8_t ks[3];
    g_assert_cmpint(structure(p, 2, 0x00, b, sizeof b, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x24);
    g_assert_cmpuint(capacity(p), ==, sectors);
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    dvd_struct s;
    memset(&s, 0, sizeof s);
    s.type = DVD_STRUCT_PHYSICAL;
    s.physical.layer_num = 1;
    g_assert_cmpint(ioctl(fd, DVD_READ_STRUCT, &s), ==, 0);
    g_assert_cmpint(s.physical.layer[1].nlayers, ==, 1);
    g_assert_cmpint(s.physical.layer[1].track_path, ==, 1);
    g_assert_cmphex(s.physical.layer[1].end_sector_l0, ==, 0x030000 + l0 - 1);
    close(fd);
}

static void test_dual_layer(void)
{
    /* Larger than a DVD-5: two layers, the break at half (16-aligned). */
    g_autofree char *big = g_build_filename(tmpdir, "dl.iso", NULL);
    const uint32_t sectors = 2295104 + 1001;
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, (off_t)sectors * 2048), ==, 0);
    close(fd);
    CdIo_t *p = open_drive(big, NULL);
    check_dual(p, sectors, ((sectors + 1) / 2 + 15) / 16 * 16);
    cdio_destroy(p);
    p = open_drive(big, (const char *[]){ "DW_VDRIVE_LAYER_BREAK=2084960", NULL });
    check_dual(p, sectors, 2084960);
    cdio_destroy(p);
    g_unlink(big);
    /* Forced on the small ISO. */
    p = open_drive(iso_path, (const char *[]){ "DW_VDRIVE_LAYERS=2", "DW_VDRIVE_LAYER_BREAK=250", NULL });
    check_dual(p, VDF_ISO_SECTORS, 250);
    cdio_destroy(p);
    /* Bad values stop the drive with a message. */
    static const char *const bad[][2] = {
        { "DW_VDRIVE_LAYERS", "3" }, { "DW_VDRIVE_LAYER_BREAK", "600" }, { "DW_VDRIVE_LAYER_BREAK", "x" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_setenv("DW_VDRIVE_IMAGE", iso_path, TRUE);
        g_setenv("DW_VDRIVE_LAYERS", "2", TRUE);
        g_setenv(bad[i][0], bad[i][1], TRUE);
        char err[256] = "";
        vd_drive *d = vd_drive_from_env(err, sizeof err);
        g_assert_null(d);
        g_assert_nonnull(strstr(err, bad[i][0]));
        g_unsetenv("DW_VDRIVE_LAYERS");
        g_unsetenv("DW_VDRIVE_LAYER_BREAK");
    }
}

static void test_bca(void)
{
    uint8_t want[64];
    for (int i = 0; i < 64; i++)
        want[i] = (uint8_t)(0xA5 ^ i * 3);
    g_autofree char *path = g_build_filename(tmpdir, "disc.bca", NULL);
    g_assert_true(g_file_set_contents(path, (const char *)want, sizeof want, NULL));
    g_autofree char *var = g_strconcat("DW_VDRIVE_BCA=", path, NULL);
    CdIo_t *p = open_drive(iso_path, (const char *[]){ var, NULL });
    static uint8_t b[4 + 2048];
    g_assert_cmpint(structure(p, 0, 0x03, b, 192, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 2 + 64);
    g_assert_cmpmem(b + 4, 64, want, 64);
    g_assert_cmpint(structure(p, 0, 0x00, b, sizeof b, NULL), ==, 0);
    g_assert_cmphex(b[4 + 16], ==, 0x80);           /* BCA flag */
    g_assert_cmpint(structure(p, 0, 0xFF, b, 64, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 2 + 5 * 4);
    g_assert_cmphex(b[4 + 8], ==, 0x03);
    g_assert_cmpint((b[4 + 10] << 8 | b[4 + 11]), ==, 64);
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    dvd_struct s;
    memset(&s, 0, sizeof s);
    s.type = DVD_STRUCT_BCA;
    g_assert_cmpint(ioctl(fd, DVD_READ_STRUCT, &s), ==, 0);
    g_assert_cmpint(s.bca.len, ==, 64);
    g_assert_cmpmem(s.bca.value, 64, want, 64);
    close(fd);
    cdio_destroy(p);
    /* A BCA file that is too long is refused by name. */
    uint8_t big[200] = { 0 };
    g_assert_true(g_file_set_contents(path, (const char *)big, sizeof big, NULL));
    g_setenv("DW_VDRIVE_IMAGE", iso_path, TRUE);
    g_setenv("DW_VDRIVE_BCA", path, TRUE);
    char err[256] = "";
    g_assert_null(vd_drive_from_env(err, sizeof err));
    g_assert_nonnull(strstr(err, "disc.bca"));
    g_unsetenv("DW_VDRIVE_BCA");
    g_unlink(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    vdtest_setup();
    g_test_add_func("/vdrive/dvd/single-layer", test_single_layer);
    g_test_add_func("/vdrive/dvd/dual-layer", test_dual_layer);
    g_test_add_func("/vdrive/dvd/bca", test_bca);
    int r = g_test_run();
    vdtest_teardown();
    return r;
}
