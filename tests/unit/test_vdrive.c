/* test_vdrive.c: the virtual MMC drive linked into this program (its
 * libc definitions interpose by symbol), driven through the real libcdio
 * Linux driver at /dev/sr0: TOC, device scan, MCN, ISRC, CD-TEXT, READ CD
 * with raw P-W and C2, formatted Q, cooked reads, sector-type refusal,
 * other commands and ioctls, bad input, faults, read offset (AccurateRip
 * sign), the Plextor READ CD-DA (0xD8) and the speed model.  Fixtures: tests/vdrive/fixture.h.  More discs (DVD, two
 * sessions, samples) and SG_IO: test_vdrive_discs.c.
 */
#include <cdio/cdio.h>
#include <cdio/cdtext.h>
#include <cdio/mmc.h>
#include <cdio/mmc_cmds.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include <scsi/sg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "discwright/sector.h"
#include "../vdrive/fixture.h"
#include "../vdrive/vd.h"
#include "../vdrive/vdtest.h"

static void test_toc(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    g_assert_cmpint(cdio_get_first_track_num(p), ==, 1);
    g_assert_cmpint(cdio_get_num_tracks(p), ==, 3);
    static const struct { int track; lsn_t lba; track_format_t fmt; } want[] = {
        { 1, 0, TRACK_FORMAT_DATA },
        { 2, VDF_T2_START, TRACK_FORMAT_AUDIO },
        { 3, VDF_T3_START, TRACK_FORMAT_AUDIO },
        { CDIO_CDROM_LEADOUT_TRACK, VDF_LEADOUT, TRACK_FORMAT_ERROR },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        g_assert_cmpint(cdio_get_track_lsn(p, (track_t)want[i].track), ==, want[i].lba);
        if (want[i].fmt != TRACK_FORMAT_ERROR)
            g_assert_cmpint(cdio_get_track_format(p, (track_t)want[i].track), ==, want[i].fmt);
    }
    g_assert_cmpint(cdio_get_track_preemphasis(p, 3), ==, CDIO_TRACK_FLAG_TRUE);
    g_assert_cmpint(cdio_get_track_preemphasis(p, 2), ==, CDIO_TRACK_FLAG_FALSE);
    g_assert_cmpint(cdio_get_track_copy_permit(p, 2), ==, CDIO_TRACK_FLAG_FALSE);
    /* libcdio decides from the full TOC's A0 entry (disc type 0x00, first
     * track data), as it would on a real drive. */
    g_assert_cmpint(cdio_get_discmode(p), ==, CDIO_DISC_MODE_CD_DATA);

    /* READ TOC format 0 from track 2, with and without the MSF bit. */
    uint8_t t0[12] = { 0x43, 0x02, 0x00, 0, 0, 0, 2, 0, 28 }, tb[32];
    g_assert_cmpint(run(p, t0, tb, 28, NULL), ==, 0);
    g_assert_cmpint((tb[0] << 8 | tb[1]), ==, 2 + 3 * 8);
    g_assert_cmpint(tb[2], ==, 1);
    g_assert_cmpint(tb[3], ==, 3);
    g_assert_cmpint(tb[4 + 1], ==, 0x10);
    g_assert_cmpint(tb[4 + 2], ==, 2);
    g_assert_cmpmem(tb + 4 + 4, 4, ((const uint8_t[]){ 0, 0, 8, 0 }), 4);
    g_assert_cmpint(tb[12 + 1], ==, 0x11);      /* track 3: pre-emphasis */
    g_assert_cmpint(tb[20 + 2], ==, 0xAA);
    g_assert_cmpmem(tb + 20 + 4, 4, ((const uint8_t[]){ 0, 0, 18, 0 }), 4);
    t0[1] = 0;
    g_assert_cmpint(run(p, t0, tb, 28, NULL), ==, 0);
    g_assert_cmpint((tb[8] << 24 | tb[9] << 16 | tb[10] << 8 | tb[11]), ==, VDF_T2_START);

    /* Full TOC (format 2): A0/A1/A2 + three points, binary MSF. */
    uint8_t c[12] = { 0x43, 0x02, 0x02, 0, 0, 0, 1, 0x04, 0x00 }, buf[1024];
    g_assert_cmpint(run(p, c, buf, 1024, NULL), ==, 0);
    g_assert_cmpint((buf[0] << 8 | buf[1]), ==, 2 + 6 * 11);
    const uint8_t *a2 = buf + 4 + 2 * 11;
    g_assert_cmpint(a2[3], ==, 0xA2);
    g_assert_cmpint(a2[1], ==, 0x11);
    g_assert_cmpint((a2[8] * 60 + a2[9]) * 75 + a2[10] - 150, ==, VDF_LEADOUT);
    cdio_destroy(p);
}

static void test_scan(void)
{
    /* libcdio's device scan stats and opens the candidate names. */
    static const char *const names[] = { "/dev/sr0", "/dev/sr3", "/dev/cdrom" };
    for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
        g_setenv("DW_VDRIVE_IMAGE", ccd_path, TRUE);
        g_setenv("DW_VDRIVE_DEVICE", names[k], TRUE);
        dw_vdrive_reset();
        char **devs = cdio_get_devices(DRIVER_LINUX);
        bool found = false;
        for (char **d = devs; d && *d; d++)
            found = found || !strcmp(*d, names[k]);
        cdio_free_device_list(devs);
        g_assert_true(found);
    }
    g_setenv("DW_VDRIVE_DEVICE", "/dev/sr0", TRUE);
    dw_vdrive_reset();
}

static void test_mcn_isrc(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    char *mcn = cdio_get_mcn(p);
    g_assert_cmpstr(mcn, ==, VDF_MCN);
    cdio_free(mcn);
    char *isrc = cdio_get_track_isrc(p, 2);
    g_assert_cmpstr(isrc, ==, VDF_ISRC2);
    cdio_free(isrc);
    isrc = cdio_get_track_isrc(p, 3);
    g_assert_cmpstr(isrc, ==, VDF_ISRC3);
    cdio_free(isrc);
    cdio_destroy(p);
}

static void test_cdtext(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    uint8_t want[18 * 64];
    size_t wlen = vdf_cdtext(want, sizeof want);
    uint8_t *raw = cdio_get_cdtext_raw(p);
    g_assert_nonnull(raw);
    size_t len = (size_t)(raw[0] << 8 | raw[1]);
    g_assert_cmpuint(len, ==, wlen + 2);
    g_assert_cmpmem(raw + 4, wlen, want, wlen);
    cdio_free(raw);
    cdtext_t *ct = cdio_get_cdtext(p);
    g_assert_nonnull(ct);
    g_assert_cmpstr(cdtext_get_const(ct, CDTEXT_FIELD_TITLE, 0), ==, VDF_ALBUM);
    g_assert_cmpstr(cdtext_get_const(ct, CDTEXT_FIELD_TITLE, 3), ==, vdf_track_title(3));
    g_assert_cmpstr(cdtext_get_const(ct, CDTEXT_FIELD_PERFORMER, 2), ==, VDF_ARTIST);
    cdio_destroy(p);
}

static void test_read_cd_raw(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    static const int32_t lbas[] = { 0, 17, 299, 300, 449, 450, 851, 1000, 1150 };
    enum { N = 10, SZ = 2352 + 294 + 96 };
    static uint8_t buf[N * SZ];
    for (size_t k = 0; k < G_N_ELEMENTS(lbas); k++) {
        uint8_t c[12];
        read_cd_cdb(c, lbas[k], N, 0, 0xF8 | 0x02, 0x01);
        g_assert_cmpint(run(p, c, buf, sizeof buf, NULL), ==, 0);
        for (int i = 0; i < N; i++) {
            int32_t lba = lbas[k] + i;
            const uint8_t *s = buf + (size_t)i * SZ;
            g_assert_cmpmem(s, 2352, img_bytes + (size_t)lba * 2352, 2352);
            for (int b = 0; b < 294; b++)
                g_assert_cmpint(s[2352 + b], ==, 0);
            uint8_t raw[96];
            packed_to_raw(sub_bytes + (size_t)lba * 96, raw);
            g_assert_cmpmem(s + 2352 + 294, 96, raw, 96);
        }
    }
    /* C2 with block error byte: 296 bytes, all zero on a clean disc;
     * R-W only (corrected): P and Q bits clear. */
    uint8_t c[12], one[2352 + 296 + 96];
    read_cd_cdb(c, 500, 1, 1, 0x10 | 0x04, 0x04);
    g_assert_cmpint(run(p, c, one, sizeof one, NULL), ==, 0);
    g_assert_cmpmem(one, 2352, img_bytes + 500 * 2352, 2352);
    uint8_t raw[96];
    packed_to_raw(sub_bytes + 500 * 96, raw);
    for (int b = 0; b < 96; b++)
        g_assert_cmpint(one[2352 + 296 + b], ==, raw[b] & 0x3F);
    /* Field selection on a Mode 1 sector: header + user data only. */
    read_cd_cdb(c, 5, 1, 2, 0x20 | 0x10, 0);
    g_assert_cmpint(run(p, c, one, 2052, NULL), ==, 0);
    g_assert_cmpmem(one, 2052, img_bytes + 5 * 2352 + 12, 2052);
    /* User data only (2048), then EDC/ECC only (288). */
    read_cd_cdb(c, 5, 1, 2, 0x10, 0);
    g_assert_cmpint(run(p, c, one, 2048, NULL), ==, 0);
    g_assert_cmpmem(one, 2048, img_bytes + 5 * 2352 + 16, 2048);
    read_cd_cdb(c, 5, 1, 0, 0x08, 0);
    g_assert_cmpint(run(p, c, one, 288, NULL), ==, 0);
    g_assert_cmpmem(one, 288, img_bytes + 5 * 2352 + 2064, 288);
    cdio_destroy(p);
}

static void test_formatted_q(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    static const struct { int32_t lba; int track, index, rel; } want[] = {
        { 460, 2, 1, 10 }, { 320, 2, 0, 130 }, { 1001, 3, 2, 151 }, { 10, 1, 1, 10 },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(want); k++) {
        uint8_t c[12], b[2352 + 16];
        read_cd_cdb(c, want[k].lba, 1, 0, 0xF8, 0x02);
        g_assert_cmpint(run(p, c, b, sizeof b, NULL), ==, 0);
        const uint8_t *q = b + 2352;
        g_assert_cmpint(q[0] & 0x0F, ==, 1);
        g_assert_cmpint(bcd(q[1]), ==, want[k].track);
        g_assert_cmpint(bcd(q[2]), ==, want[k].index);
        g_assert_cmpint((bcd(q[3]) * 60 + bcd(q[4])) * 75 + bcd(q[5]), ==, want[k].rel);
        g_assert_cmpint((bcd(q[7]) * 60 + bcd(q[8])) * 75 + bcd(q[9]) - 150, ==, want[k].lba);
    }
    cdio_destroy(p);
}

static void test_cooked(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    static uint8_t buf[2048 * 8];
    g_assert_cmpint(cdio_read_data_sectors(p, buf, 100, 2048, 8), ==, DRIVER_OP_SUCCESS);
    for (int s = 0; s < 8; s++)
        g_assert_cmpmem(buf + s * 2048, 2048, img_bytes + (size_t)(100 + s) * 2352 + 16, 2048);
    uint8_t c[12] = { 0x28, 0, 0, 0, 0, 42, 0, 0, 2 };
    g_assert_cmpint(run(p, c, buf, 4096, NULL), ==, 0);
    g_assert_cmpmem(buf, 2048, img_bytes + 42 * 2352 + 16, 2048);
    cdio_destroy(p);
}

static void test_refusals(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    static const struct { int32_t lba; int type; uint8_t key, asc; } want[] = {
        { 10, 1, 0x05, 0x64 },   /* CD-DA expected, Mode 1 found */
        { 500, 2, 0x05, 0x64 },  /* Mode 1 expected, audio found */
        { 10, 4, 0x05, 0x64 },   /* Form 1 expected */
        { 10, 2, 0, 0 },
        { 500, 1, 0, 0 },
        { 1200 + 75, 0, 0x05, 0x21 }, /* lead-out past the 75 sectors of overread */
        { 1200, 2, 0x05, 0x64 },      /* lead-out: audio only */
        { 1200, 1, 0, 0 },
        { -5, 0, 0x05, 0x21 },
    };
    uint8_t b[2352], ks[3];
    for (size_t k = 0; k < G_N_ELEMENTS(want); k++) {
        uint8_t c[12];
        read_cd_cdb(c, want[k].lba, 1, want[k].type, 0xF8, 0);
        int r = run(p, c, b, sizeof b, ks);
        g_assert_cmpint(r != 0, ==, want[k].key != 0);
        g_assert_cmpint(ks[0], ==, want[k].key);
        g_assert_cmpint(ks[1], ==, want[k].asc);
    }
    uint8_t r10[12] = { 0x28, 0, 0, 0, 0x01, 0xF4, 0, 0, 1 };   /* READ(10) of audio */
    g_assert_cmpint(run(p, r10, b, 2048, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x64);
    cdio_destroy(p);
}

static void test_commands(void)
{
    CdIo_t *p = open_drive(ccd_path, NULL);
    uint8_t b[3 * 2352], ks[3];
    /* READ CD MSF 00:08:00 .. 00:08:02 = LBA 450, 451. */
    uint8_t msf[12] = { 0xB9, 0x04, 0, 0, 8, 0, 0, 8, 2, 0xF8, 0 };
    g_assert_cmpint(run(p, msf, b, 2 * 2352, NULL), ==, 0);
    g_assert_cmpmem(b, 2 * 2352, img_bytes + 450 * 2352, 2 * 2352);
    /* READ SUB-CHANNEL position after that read: track 2, index 1. */
    uint8_t sc[12] = { 0x42, 0, 0x40, 0x01, 0, 0, 0, 0, 16 };
    g_assert_cmpint(run(p, sc, b, 16, NULL), ==, 0);
    g_assert_cmpint(b[4], ==, 1);
    g_assert_cmpint(b[6], ==, 2);
    g_assert_cmpint(b[7], ==, 1);
    g_assert_cmpint((b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11]), ==, 452);
    /* GET CONFIGURATION: current profile CD-ROM, CD Read feature current. */
    uint8_t gc[12] = { 0x46, 0x02, 0, 0x1E, 0, 0, 0, 0, 32 };
    g_assert_cmpint(run(p, gc, b, 32, NULL), ==, 0);
    g_assert_cmphex((b[6] << 8 | b[7]), ==, 0x0008);
    g_assert_cmphex((b[8] << 8 | b[9]), ==, 0x001E);
    g_assert_cmpint(b[10] & 1, ==, 1);
    /* READ CAPACITY, READ DISC INFORMATION, READ TRACK INFORMATION. */
    uint8_t cap[12] = { 0x25 };
    g_assert_cmpint(run(p, cap, b, 8, NULL), ==, 0);
    g_assert_cmpint((b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]), ==, VDF_LEADOUT - 1);
    uint8_t di[12] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34 };
    g_assert_cmpint(run(p, di, b, 34, NULL), ==, 0);
    g_assert_cmpint(b[2] & 3, ==, 2);
    g_assert_cmpint(b[4], ==, 1);
    g_assert_cmpint(b[6], ==, 3);
    uint8_t ti[12] = { 0x52, 0x01, 0, 0, 0, 3, 0, 0, 36 };
    g_assert_cmpint(run(p, ti, b, 36, NULL), ==, 0);
    g_assert_cmpint(b[2], ==, 3);
    g_assert_cmpint((b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11]), ==, VDF_T3_START);
    g_assert_cmpint((b[24] << 24 | b[25] << 16 | b[26] << 8 | b[27]), ==, VDF_LEADOUT - VDF_T3_START);
    /* Capabilities from MODE SENSE page 0x2A as libcdio reads them. */
    cdio_drive_read_cap_t rc;
    cdio_drive_write_cap_t wc;
    cdio_drive_misc_cap_t mc;
    cdio_get_drive_cap(p, &rc, &wc, &mc);
    g_assert_true(rc & CDIO_DRIVE_CAP_READ_C2_ERRS);
    g_assert_true(rc & CDIO_DRIVE_CAP_READ_ISRC);
    g_assert_true(rc & CDIO_DRIVE_CAP_READ_MCN);
    g_assert_true(rc & CDIO_DRIVE_CAP_READ_CD_DA);
    g_assert_true(mc & CDIO_DRIVE_CAP_MISC_EJECT);

    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    /* Kernel raw and mode-2 reads. */
    union { struct cdrom_msf msf; uint8_t buf[2352]; } u;
    memset(&u, 0, sizeof u);
    u.msf.cdmsf_min0 = 0, u.msf.cdmsf_sec0 = 2, u.msf.cdmsf_frame0 = 7;   /* LBA 7 */
    g_assert_cmpint(ioctl(fd, CDROMREADRAW, &u), ==, 0);
    g_assert_cmpmem(u.buf, 2352, img_bytes + 7 * 2352, 2352);
    memset(&u, 0, sizeof u);
    u.msf.cdmsf_min0 = 0, u.msf.cdmsf_sec0 = 2, u.msf.cdmsf_frame0 = 7;
    g_assert_cmpint(ioctl(fd, CDROMREADMODE2, &u), ==, 0);
    g_assert_cmpmem(u.buf, 2336, img_bytes + 7 * 2352 + 16, 2336);
    struct cdrom_subchnl sub = { .cdsc_format = CDROM_LBA };
    g_assert_cmpint(ioctl(fd, CDROMSUBCHNL, &sub), ==, 0);
    g_assert_cmpint(sub.cdsc_trk, ==, 1);
    g_assert_cmpint(sub.cdsc_absaddr.lba, ==, 8);
    uint64_t bytes = 0;
    g_assert_cmpint(ioctl(fd, BLKGETSIZE64, &bytes), ==, 0);
    g_assert_cmpuint(bytes, ==, (uint64_t)VDF_LEADOUT * 2048);
    /* Tray: ejected means NOT READY 02/3A/00 until closed. */
    g_assert_cmpint(ioctl(fd, CDROMEJECT, 0), ==, 0);
    g_assert_cmpint(ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT), ==, CDS_TRAY_OPEN);
    uint8_t tur[12] = { 0 };
    g_assert_cmpint(run(p, tur, b, 0, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 2);
    g_assert_cmpint(ks[1], ==, 0x3A);
    g_assert_cmpint(ioctl(fd, CDROMCLOSETRAY, 0), ==, 0);
    g_assert_cmpint(run(p, tur, b, 0, NULL), ==, 0);
    close(fd);
    cdio_destroy(p);
}

static void test_bad_input(void)
{
    static const struct { const char *text; const char *msg; } cases[] = {
        { "[CloneCD\nVersion=3\n", "unterminated section" },
        { "[Entry 999]\nSession=1\n", "entry number out of range" },
        { "[TRACK 0]\nMODE=1\n", "track number out of range" },
        { "[CDText]\nEntry 0=80 00 01\n", "16 hex bytes" },
        { "[CloneCD]\nVersion=3\n", "no tracks" },
        { "[Entry 0]\nSession=0\nPoint=1\nADR=1\n", "session 0" },
        { "[Entry 0]\nSession=1\nPoint=0x01\nADR=1\nPMin=0\nPSec=2\nPFrame=0\n", "vdisc-bad.img" },
    };
    g_autofree char *path = g_build_filename(tmpdir, "vdisc-bad.ccd", NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_assert_true(g_file_set_contents(path, cases[i].text, -1, NULL));
        char err[256] = "";
        vd_image *img = vd_image_open(path, err, sizeof err);
        g_assert_null(img);
        g_assert_nonnull(strstr(err, cases[i].msg));
    }
    g_unlink(path);
    /* A bad fault map stops the drive with a message naming the line. */
    g_autofree char *map = write_map("bad.map", "0x0 +\n0x0 0x930 X\n");
    g_setenv("DW_VDRIVE_IMAGE", ccd_path, TRUE);
    g_setenv("DW_VDRIVE_FAULTS", map, TRUE);
    char err[256] = "";
    g_assert_null(vd_drive_from_env(err, sizeof err));
    g_assert_nonnull(strstr(err, "bad.map:2:"));
    g_unsetenv("DW_VDRIVE_FAULTS");
    g_unlink(map);
}

static void test_faults(void)
{
    /* 2352-byte blocks: LBA 20 bad (data), 500 bad (audio), 600-601 unstable, 700 slow. */
    char text[512];
    snprintf(text, sizeof text,
             "# Mapfile\n0x0 ?\n0x%x 0x%x +\n0x%x 0x%x -\n0x%x 0x%x +\n0x%x 0x%x -\n0x%x 0x%x +\n"
             "0x%x 0x%x /\n0x%x 0x%x +\n0x%x 0x%x ?\n0x%x 0x%x +\n",
             0, 20 * 2352, 20 * 2352, 2352, 21 * 2352, 479 * 2352, 500 * 2352, 2352,
             501 * 2352, 99 * 2352, 600 * 2352, 2 * 2352, 602 * 2352, 98 * 2352, 700 * 2352, 2352,
             701 * 2352, 499 * 2352);
    g_autofree char *map = write_map("faults.map", text);
    g_autofree char *var = g_strconcat("DW_VDRIVE_FAULTS=", map, NULL);
    const char *vars[] = { var, "DW_VDRIVE_CACHE=0", NULL };   /* fresh bytes on every read */
    CdIo_t *p = open_drive(ccd_path, vars);
    uint8_t c[12], ks[3];
    static uint8_t a[2352 + 294], b[2352 + 294];
    read_cd_cdb(c, 500, 1, 0, 0xF8, 0);
    g_assert_cmpint(run(p, c, a, 2352, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 3);
    g_assert_cmpint(ks[1], ==, 0x11);
    g_assert_cmpint(ks[2], ==, 0x00);
    g_assert_cmpint(cdio_read_data_sectors(p, a, 20, 2048, 1), !=, DRIVER_OP_SUCCESS);
    /* A multi-sector read stops at the bad sector: the sectors before it
     * are transferred and the sense information field names the LBA. */
    static uint8_t five[5 * 2352];
    read_cd_cdb(c, 498, 5, 0, 0xF8, 0);
    g_assert_cmpint(run(p, c, five, sizeof five, NULL), !=, 0);
    cdio_mmc_request_sense_t *sn = NULL;
    g_assert_cmpint(mmc_last_cmd_sense(p, &sn), >=, 18);
    const uint8_t *sb = (const uint8_t *)sn;
    g_assert_cmphex(sb[0], ==, 0xF0);
    g_assert_cmpint((sb[3] << 24 | sb[4] << 16 | sb[5] << 8 | sb[6]), ==, 500);
    free(sn);
    g_assert_cmpmem(five, 2 * 2352, img_bytes + 498 * 2352, 2 * 2352);
    g_assert_cmpint(cdio_read_data_sectors(p, a, 21, 2048, 1), ==, DRIVER_OP_SUCCESS);
    /* Unstable: two reads differ; every changed byte has its C2 bit. */
    read_cd_cdb(c, 600, 1, 0, 0xF8 | 0x02, 0);
    g_assert_cmpint(run(p, c, a, sizeof a, NULL), ==, 0);
    g_assert_cmpint(run(p, c, b, sizeof b, NULL), ==, 0);
    g_assert_true(memcmp(a, b, 2352) != 0);
    for (const uint8_t *r = a; r; r = r == a ? b : NULL) {
        int changed = 0;
        for (int i = 0; i < 2352; i++) {
            bool diff = r[i] != img_bytes[600 * 2352 + i];
            bool flag = (r[2352 + i / 8] & (0x80 >> (i % 8))) != 0;
            g_assert_cmpint(diff, ==, flag);
            changed += diff;
        }
        g_assert_cmpint(changed, >, 0);
    }
    /* Slow and clean sectors read normally. */
    read_cd_cdb(c, 700, 1, 0, 0xF8 | 0x02, 0);
    g_assert_cmpint(run(p, c, a, sizeof a, NULL), ==, 0);
    g_assert_cmpmem(a, 2352, img_bytes + 700 * 2352, 2352);
    cdio_destroy(p);
}

/* Byte k of the audio stream as the surface holds it: audio as stored,
 * data sectors (track 1, LBA 0..299) scrambled; zeros outside the disc. */
static uint8_t surface_byte(int64_t k)
{
    static uint8_t sec[2352];
    static int64_t have = -1;
    if (k < 0 || k >= (int64_t)VDF_LEADOUT * 2352)
        return 0;
    int64_t lba = k / 2352;
    if (lba != have) {
        memcpy(sec, img_bytes + lba * 2352, 2352);
        if (lba < VDF_T2_PREGAP)
            dw_scramble(sec);
        have = lba;
    }
    return sec[k % 2352];
}

/* AccurateRip/EAC sign: a drive with correction +N returns, for LBA L,
 * the samples from L*588 - N. */
static void check_offset(int offset)
{
    g_autofree char *var = g_strdup_printf("DW_VDRIVE_OFFSET=%d", offset);
    const char *vars[] = { var, NULL };
    CdIo_t *p = open_drive(ccd_path, vars);
    static const int32_t lbas[] = { 460, 700, 1199, 850, 300 };
    for (size_t k = 0; k < G_N_ELEMENTS(lbas); k++) {
        uint8_t c[12], b[2352];
        read_cd_cdb(c, lbas[k], 1, 1, 0xF8, 0);
        g_assert_cmpint(run(p, c, b, sizeof b, NULL), ==, 0);
        for (int i = 0; i < 588; i++) {
            int64_t n = (int64_t)lbas[k] * 588 - offset + i;
            int64_t src = n >= 0 ? n / 588 : -1;
            uint32_t want = 0;
            for (int j = 3; j >= 0; j--)
                want = want << 8 | surface_byte(n * 4 + j);
            uint32_t got = (uint32_t)b[i * 4] | (uint32_t)b[i * 4 + 1] << 8 |
                           (uint32_t)b[i * 4 + 2] << 16 | (uint32_t)b[i * 4 + 3] << 24;
            g_assert_cmphex(got, ==, want);
            if (src >= VDF_T2_START && src < VDF_LEADOUT)
                g_assert_cmphex(got, ==, vdf_sample(n));
        }
    }
    /* The fix a ripper applies: drop `offset` samples at the front (or
     * pad at the back) and the true track bytes come out. */
    if (offset >= 0 && offset < 588) {
        static uint8_t two[2 * 2352];
        uint8_t c[12];
        read_cd_cdb(c, VDF_T2_START, 2, 1, 0xF8, 0);
        g_assert_cmpint(run(p, c, two, sizeof two, NULL), ==, 0);
        g_assert_cmpmem(two + offset * 4, 2352, img_bytes + (size_t)VDF_T2_START * 2352, 2352);
    }
    cdio_destroy(p);
}

static void test_offset(void)
{
    check_offset(30);
    check_offset(-667);
    check_offset(6);
    check_offset(-1164);
}

static void d8_cdb(uint8_t c[12], int32_t lba, uint32_t n, uint8_t sub)
{
    memset(c, 0, 12);
    c[0] = 0xD8;
    c[2] = (uint8_t)(lba >> 24), c[3] = (uint8_t)(lba >> 16), c[4] = (uint8_t)(lba >> 8), c[5] = (uint8_t)lba;
    c[6] = (uint8_t)(n >> 24), c[7] = (uint8_t)(n >> 16), c[8] = (uint8_t)(n >> 8), c[9] = (uint8_t)n;
    c[10] = sub;
}

/* SG_IO with the CDB length given (the path a ripper must use for 0xD8:
 * CDROM_SEND_PACKET cuts a group-6 command to 10 bytes). */
static int sg_run(const uint8_t *cdb, size_t cdb_len, void *buf, unsigned len, uint8_t ks[3])
{
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    uint8_t sense[32] = { 0 };
    sg_io_hdr_t h = { 0 };
    h.interface_id = 'S';
    h.dxfer_direction = SG_DXFER_FROM_DEV;
    h.cmd_len = (unsigned char)cdb_len;
    h.cmdp = (unsigned char *)cdb;
    h.dxferp = buf;
    h.dxfer_len = len;
    h.sbp = sense;
    h.mx_sb_len = sizeof sense;
    memset(buf, 0, len);
    g_assert_cmpint(ioctl(fd, SG_IO, &h), ==, 0);
    close(fd);
    if (ks) {
        ks[0] = h.status ? sense[2] & 0x0F : 0;
        ks[1] = h.status ? sense[12] : 0;
        ks[2] = h.status ? sense[13] : 0;
    }
    return h.status;
}

static void test_read_cdda(void)
{
    /* No offset: data sectors come back scrambled, audio as stored. */
    CdIo_t *p = open_drive(ccd_path, NULL);
    enum { N = 6 };
    static uint8_t buf[N * (2352 + 96)], sec[2352];
    uint8_t c[12], ks[3];
    d8_cdb(c, VDF_T2_PREGAP - 3, N, 0);
    g_assert_cmpint(run(p, c, buf, N * 2352, NULL), ==, 0);
    for (int i = 0; i < N; i++) {
        int32_t lba = VDF_T2_PREGAP - 3 + i;
        memcpy(sec, img_bytes + (size_t)lba * 2352, 2352);
        if (lba < VDF_T2_PREGAP) {
            dw_scramble(sec);
            g_assert_cmpmem(buf + i * 2352, 12, sec, 12);   /* sync is not scrambled */
            g_assert_true(memcmp(buf + i * 2352 + 12, img_bytes + (size_t)lba * 2352 + 12, 4) != 0);
        }
        g_assert_cmpmem(buf + i * 2352, 2352, sec, 2352);
    }
    /* Subcode 1: formatted Q (12 stored bytes + 4 zero); 2: raw P-W after
     * the sector; 3: raw P-W alone. */
    d8_cdb(c, 10, 2, 1);
    g_assert_cmpint(sg_run(c, 12, buf, 2 * 2368, NULL), ==, 0);
    for (int i = 0; i < 2; i++) {
        memcpy(sec, img_bytes + (size_t)(10 + i) * 2352, 2352);
        dw_scramble(sec);
        g_assert_cmpmem(buf + i * 2368, 2352, sec, 2352);
        g_assert_cmpmem(buf + i * 2368 + 2352, 12, sub_bytes + (size_t)(10 + i) * 96 + 12, 12);
        g_assert_cmpmem(buf + i * 2368 + 2364, 4, ((const uint8_t[]){ 0, 0, 0, 0 }), 4);
    }
    uint8_t raw[96];
    d8_cdb(c, 500, 2, 2);
    g_assert_cmpint(sg_run(c, 12, buf, 2 * 2448, NULL), ==, 0);
    for (int i = 0; i < 2; i++) {
        g_assert_cmpmem(buf + i * 2448, 2352, img_bytes + (size_t)(500 + i) * 2352, 2352);
        packed_to_raw(sub_bytes + (size_t)(500 + i) * 96, raw);
        g_assert_cmpmem(buf + i * 2448 + 2352, 96, raw, 96);
    }
    d8_cdb(c, 42, 3, 3);
    g_assert_cmpint(sg_run(c, 12, buf, 3 * 96, NULL), ==, 0);
    for (int i = 0; i < 3; i++) {
        packed_to_raw(sub_bytes + (size_t)(42 + i) * 96, raw);
        g_assert_cmpmem(buf + i * 96, 96, raw, 96);
    }
    /* Through libcdio (CDROM_SEND_PACKET) byte 10 is lost: 2352 bytes. */
    d8_cdb(c, 500, 2, 2);
    g_assert_cmpint(run(p, c, buf, 2 * 2448, NULL), ==, 0);
    g_assert_cmpmem(buf, 2 * 2352, img_bytes + 500 * 2352, 2 * 2352);
    /* Bad subcode, the lead-out. */
    d8_cdb(c, 10, 1, 4);
    g_assert_cmpint(sg_run(c, 12, buf, 2352, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x24);
    d8_cdb(c, VDF_LEADOUT + 74, 2, 0);
    g_assert_cmpint(run(p, c, buf, 2 * 2352, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 5);
    g_assert_cmpint(ks[1], ==, 0x21);
    cdio_destroy(p);

    /* With an offset the stream is continuous across data -> audio. */
    static const int offsets[] = { 30, -48, 667 };
    for (size_t k = 0; k < G_N_ELEMENTS(offsets); k++) {
        g_autofree char *var = g_strdup_printf("DW_VDRIVE_OFFSET=%d", offsets[k]);
        const char *vars[] = { var, NULL };
        p = open_drive(ccd_path, vars);
        int32_t from = VDF_T2_PREGAP - 3;
        d8_cdb(c, from, N, 0);
        g_assert_cmpint(run(p, c, buf, N * 2352, NULL), ==, 0);
        for (size_t j = 0; j < N * 2352; j++) {
            int64_t byte = ((int64_t)from * 588 - offsets[k]) * 4 + (int64_t)j;
            if (buf[j] != surface_byte(byte))
                g_error("offset %d: byte %zu is %02x, want %02x", offsets[k], j, buf[j],
                        surface_byte(byte));
        }
        cdio_destroy(p);
    }

    /* Faults apply; the switch off and a DVD refuse the command. */
    g_autofree char *map = write_map("d8.map", "0x0 +\n0x0 0x5BE00 +\n0x5BE00 0x930 -\n");
    g_autofree char *fv = g_strconcat("DW_VDRIVE_FAULTS=", map, NULL);
    const char *fvars[] = { fv, NULL };
    p = open_drive(ccd_path, fvars);
    d8_cdb(c, 0x5BE00 / 2352 - 1, 2, 0);
    g_assert_cmpint(run(p, c, buf, 2 * 2352, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 3);
    g_assert_cmpint(ks[1], ==, 0x11);
    cdio_destroy(p);
    const char *off[] = { "DW_VDRIVE_NO_D8=1", NULL };
    p = open_drive(ccd_path, off);
    d8_cdb(c, 10, 1, 0);
    g_assert_cmpint(run(p, c, buf, 2352, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 5);
    g_assert_cmpint(ks[1], ==, 0x20);
    cdio_destroy(p);
    p = open_drive(iso_path, NULL);
    g_assert_cmpint(run(p, c, buf, 2352, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 5);
    cdio_destroy(p);
}

/* Audio reads into the lead-out (after audio) and lead-in (before an
 * audio track 1): silence plus the samples the offset shifts in, Q of
 * the lead-out or of track 1's pregap; DW_VDRIVE_OVERREAD=0 refuses. */
static void test_overread(void)
{
    CdIo_t *p = open_drive(ccd_path, (const char *[]){ "DW_VDRIVE_OFFSET=30", NULL });
    uint8_t c[12], b[2352 + 16], ks[3];
    read_cd_cdb(c, VDF_LEADOUT, 1, 1, 0xF8, 0x02);
    g_assert_cmpint(run(p, c, b, sizeof b, NULL), ==, 0);
    g_assert_cmpmem(b, 120, img_bytes + (size_t)VDF_LEADOUT * 2352 - 120, 120);
    for (int i = 120; i < 2352; i++)
        g_assert_cmpint(b[i], ==, 0);
    g_assert_cmphex(b[2352 + 1], ==, 0xAA);
    g_assert_cmpint((bcd(b[2352 + 7]) * 60 + bcd(b[2352 + 8])) * 75 + bcd(b[2352 + 9]) - 150, ==, VDF_LEADOUT);
    cdio_destroy(p);
    p = open_drive(ccd_path, (const char *[]){ "DW_VDRIVE_OVERREAD=0", NULL });
    g_assert_cmpint(run(p, c, b, sizeof b, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x21);
    cdio_destroy(p);
    /* The two-session fixture starts with audio: its lead-in is readable. */
    g_autofree char *img = NULL;
    gsize len = 0;
    g_autofree char *msimg = g_build_filename(tmpdir, "vms.img", NULL);
    g_assert_true(g_file_get_contents(msimg, &img, &len, NULL));
    p = open_drive(ms_path, (const char *[]){ "DW_VDRIVE_OFFSET=-48", NULL });
    read_cd_cdb(c, -1, 1, 0, 0xF8, 0x02);
    g_assert_cmpint(run(p, c, b, sizeof b, NULL), ==, 0);
    for (int i = 0; i < 2352 - 192; i++)
        g_assert_cmpint(b[i], ==, 0);
    g_assert_cmpmem(b + 2352 - 192, 192, img, 192);
    g_assert_cmphex(b[2352 + 1], ==, 0x01);
    g_assert_cmphex(b[2352 + 2], ==, 0x00);
    read_cd_cdb(c, -76, 1, 0, 0xF8, 0);
    g_assert_cmpint(run(p, c, b, 2352, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x21);
    /* Session 1's lead-out (before the gap) too. */
    read_cd_cdb(c, VDF_MS_LEADOUT1, 1, 1, 0xF8, 0);
    g_assert_cmpint(run(p, c, b, 2352, NULL), ==, 0);
    read_cd_cdb(c, VDF_MS_LEADOUT1 + 75, 1, 1, 0xF8, 0);
    g_assert_cmpint(run(p, c, b, 2352, ks), !=, 0);
    cdio_destroy(p);
}

static void test_speed_model(void)
{
    /* The speed model only delays; what is read must not change. */
    const char *vars[] = { "DW_VDRIVE_SPEED=150", "DW_VDRIVE_CMD_MS=1", "DW_VDRIVE_SEEK_MS=2", NULL };
    CdIo_t *p = open_drive(ccd_path, vars);
    static uint8_t buf[25 * 2352];
    for (int32_t lba = 450; lba < 550; lba += 25) {
        uint8_t c[12];
        read_cd_cdb(c, lba, 25, 1, 0xF8, 0);
        g_assert_cmpint(run(p, c, buf, sizeof buf, NULL), ==, 0);
        g_assert_cmpmem(buf, sizeof buf, img_bytes + (size_t)lba * 2352, sizeof buf);
    }
    uint8_t speed[12] = { 0xBB, 0, 0x02, 0xC1 };   /* SET CD SPEED 705 kB/s (4x) */
    g_assert_cmpint(run(p, speed, buf, 0, NULL), ==, 0);
    g_assert_cmpint(cdio_read_data_sectors(p, buf, 10, 2048, 4), ==, DRIVER_OP_SUCCESS);
    g_assert_cmpmem(buf, 2048, img_bytes + 10 * 2352 + 16, 2048);
    cdio_destroy(p);
}


int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    vdtest_setup();
    g_test_add_func("/vdrive/toc", test_toc);
    g_test_add_func("/vdrive/scan", test_scan);
    g_test_add_func("/vdrive/mcn-isrc", test_mcn_isrc);
    g_test_add_func("/vdrive/cdtext", test_cdtext);
    g_test_add_func("/vdrive/read-cd-raw", test_read_cd_raw);
    g_test_add_func("/vdrive/formatted-q", test_formatted_q);
    g_test_add_func("/vdrive/cooked", test_cooked);
    g_test_add_func("/vdrive/refusals", test_refusals);
    g_test_add_func("/vdrive/commands", test_commands);
    g_test_add_func("/vdrive/bad-input", test_bad_input);
    g_test_add_func("/vdrive/faults", test_faults);
    g_test_add_func("/vdrive/offset", test_offset);
    g_test_add_func("/vdrive/read-cdda", test_read_cdda);
    g_test_add_func("/vdrive/overread", test_overread);
    g_test_add_func("/vdrive/speed-model", test_speed_model);
    int r = g_test_run();
    vdtest_teardown();
    return r;
}
