/* vdtest.c: shared set-up of the virtual drive's gtest programs (see
 * vdtest.h): fixtures in a temporary directory, drive (re)configuration
 * through the environment, and MMC commands run through libcdio.
 */
#include "vdtest.h"

#include <cdio/mmc.h>
#include <cdio/mmc_cmds.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

char *tmpdir;
char *ccd_path, *iso_path, *ms_path;
uint8_t *img_bytes, *sub_bytes;
gsize img_len, sub_len;

void vdtest_setup(void)
{
    tmpdir = g_dir_make_tmp("vdrive-XXXXXX", NULL);
    g_assert_nonnull(tmpdir);
    char err[512];
    if (!vdf_write_cd(tmpdir, "vdisc", err, sizeof err) || !vdf_write_iso(tmpdir, "vdvd", err, sizeof err) ||
        !vdf_write_multisession(tmpdir, "vms", err, sizeof err))
        g_error("%s", err);
    ccd_path = g_build_filename(tmpdir, "vdisc.ccd", NULL);
    iso_path = g_build_filename(tmpdir, "vdvd.iso", NULL);
    ms_path = g_build_filename(tmpdir, "vms.ccd", NULL);
    g_autofree char *imgp = g_build_filename(tmpdir, "vdisc.img", NULL);
    g_autofree char *subp = g_build_filename(tmpdir, "vdisc.sub", NULL);
    g_assert_true(g_file_get_contents(imgp, (char **)&img_bytes, &img_len, NULL));
    g_assert_true(g_file_get_contents(subp, (char **)&sub_bytes, &sub_len, NULL));
    g_assert_cmpuint(img_len, ==, VDF_LEADOUT * 2352);
    cdio_init();
}

void vdtest_teardown(void)
{
    dw_vdrive_reset();
    GDir *d = g_dir_open(tmpdir, 0, NULL);
    for (const char *name; d && (name = g_dir_read_name(d));) {
        g_autofree char *path = g_build_filename(tmpdir, name, NULL);
        g_unlink(path);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmpdir);
    g_clear_pointer(&tmpdir, g_free);
    g_clear_pointer(&ccd_path, g_free);
    g_clear_pointer(&iso_path, g_free);
    g_clear_pointer(&ms_path, g_free);
    g_clear_pointer(&img_bytes, g_free);
    g_clear_pointer(&sub_bytes, g_free);
}

CdIo_t *open_drive(const char *image, const char *const *vars)
{
    static const char *const all[] = { "DW_VDRIVE_FAULTS", "DW_VDRIVE_OFFSET", "DW_VDRIVE_PROFILE",
                                       "DW_VDRIVE_SPEED", "DW_VDRIVE_NO_D8", "DW_VDRIVE_LAYERS",
                                       "DW_VDRIVE_LAYER_BREAK", "DW_VDRIVE_BCA", "DW_VDRIVE_OVERREAD",
                                       "DW_VDRIVE_CACHE", "DW_VDRIVE_CACHE_FUA", "DW_VDRIVE_NO_C2", NULL };
    for (int i = 0; all[i]; i++)
        g_unsetenv(all[i]);
    g_setenv("DW_VDRIVE_IMAGE", image, TRUE);
    g_setenv("DW_VDRIVE_DEVICE", "/dev/sr0", TRUE);
    for (int i = 0; vars && vars[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(vars[i], "=", 2);
        g_setenv(kv[0], kv[1], TRUE);
    }
    dw_vdrive_reset();
    CdIo_t *p = cdio_open("/dev/sr0", DRIVER_LINUX);
    g_assert_nonnull(p);
    return p;
}

int run(CdIo_t *p, const uint8_t cdb12[12], void *buf, unsigned len, uint8_t ks[3])
{
    mmc_cdb_t cdb = { { 0 } };
    memcpy(cdb.field, cdb12, 12);
    memset(buf, 0, len);
    int r = mmc_run_cmd(p, 10000, &cdb, SCSI_MMC_DATA_READ, len, buf);
    if (ks) {
        ks[0] = ks[1] = ks[2] = 0;
        cdio_mmc_request_sense_t *s = NULL;
        int n = mmc_last_cmd_sense(p, &s);
        if (r != 0 && n >= 14 && s) {
            const uint8_t *b = (const uint8_t *)s;
            ks[0] = b[2] & 0x0F;
            ks[1] = b[12];
            ks[2] = b[13];
        }
        free(s);
    }
    return r;
}

void read_cd_cdb(uint8_t c[12], int32_t lba, uint32_t n, int type, uint8_t b9, uint8_t sub)
{
    memset(c, 0, 12);
    c[0] = 0xBE;
    c[1] = (uint8_t)(type << 2);
    c[2] = (uint8_t)(lba >> 24), c[3] = (uint8_t)(lba >> 16), c[4] = (uint8_t)(lba >> 8), c[5] = (uint8_t)lba;
    c[6] = (uint8_t)(n >> 16), c[7] = (uint8_t)(n >> 8), c[8] = (uint8_t)n;
    c[9] = b9;
    c[10] = sub;
}

void packed_to_raw(const uint8_t *packed, uint8_t raw[96])
{
    for (int i = 0; i < 96; i++) {
        raw[i] = 0;
        for (int ch = 0; ch < 8; ch++)
            if (packed[ch * 12 + i / 8] & (0x80 >> (i % 8)))
                raw[i] |= (uint8_t)(1 << (7 - ch));
    }
}

int bcd(uint8_t b)
{
    return (b >> 4) * 10 + (b & 15);
}


char *write_map(const char *name, const char *text)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

