/* test_vdrive_discs.c: the in-process virtual drive (see test_vdrive.c)
 * serving other discs: an ISO as DVD-ROM and BD-ROM (with 2048-byte
 * faults), a two-session CD-Extra, the sample discs of samples/out when
 * they exist (checked against their .ccd/.img/.sub and, once it is in
 * libdiscwright, the project's own .ccd reader), SG_IO status fields, and
 * the fixture's EDC/ECC against real sectors.
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

#include "../vdrive/fixture.h"
#include "../vdrive/vd.h"
#include "../vdrive/vdtest.h"
#include "discwright/sheet.h"

/* The project's own .ccd reader, used as a second oracle for the sample
 * discs once disc/ccd_read.c is part of libdiscwright (weak until then). */
#pragma weak dw_ccd_read_file
#pragma weak dw_disc_free

static void test_fixture_ecc(void)
{
    /* The fixture's EDC/ECC regenerate real sectors byte for byte. */
    const char *dir = g_getenv("DW_VECTORS");
    static const char *const names[] = { "ibmpc_0_sector0_valid_sync_valid_mode1.bin",
                                         "cdi_0_sector17_valid_sync_valid_mode2_form1.bin" };
    if (!dir || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        g_test_skip("DW_VECTORS not available");
        return;
    }
    for (size_t k = 0; k < G_N_ELEMENTS(names); k++) {
        g_autofree char *path = g_build_filename(dir, names[k], NULL);
        g_autofree guint8 *real = NULL;
        gsize len = 0;
        if (!g_file_get_contents(path, (char **)&real, &len, NULL) || len != 2352) {
            g_test_skip("vector missing");
            return;
        }
        uint8_t s[2352];
        memcpy(s, real, 2352);
        bool form1 = s[15] == 2;
        memset(s + (form1 ? 2072 : 2064), 0, 4);
        memset(s + 2076, 0, 276);
        uint32_t edc = form1 ? vd_edc(s + 16, 2056) : vd_edc(s, 2064);
        for (int b = 0; b < 4; b++)
            s[(form1 ? 2072 : 2064) + b] = (uint8_t)(edc >> (8 * b));
        vd_ecc(s, form1);
        g_assert_cmpmem(s, 2352, real, 2352);
    }
    /* And the fixture's own data sectors carry valid parity. */
    uint8_t s[2352];
    memcpy(s, img_bytes + 123 * 2352, 2352);
    memset(s + 2076, 0, 276);
    vd_ecc(s, false);
    g_assert_cmpmem(s, 2352, img_bytes + 123 * 2352, 2352);
}

static void test_dvd_faults(void)
{
    /* 2048-byte blocks: 100 bad, 101 unstable. */
    g_autofree char *map = write_map("dvd.map", "0x0 +\n0x0 0x32000 +\n0x32000 0x800 -\n0x32800 0x800 *\n");
    g_autofree char *var = g_strconcat("DW_VDRIVE_FAULTS=", map, NULL);
    const char *vars[] = { var, NULL };
    CdIo_t *p = open_drive(iso_path, vars);
    uint8_t r10[12] = { 0x28, 0, 0, 0, 0, 100, 0, 0, 1 }, a[2048], b[2048], ks[3];
    g_assert_cmpint(run(p, r10, a, 2048, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 3);
    g_assert_cmpint(ks[1], ==, 0x11);
    r10[5] = 101;
    g_assert_cmpint(run(p, r10, a, 2048, NULL), ==, 0);
    g_assert_cmpint(run(p, r10, b, 2048, NULL), ==, 0);
    g_assert_true(memcmp(a, b, 2048) != 0);
    r10[5] = 99;
    g_assert_cmpint(run(p, r10, a, 2048, NULL), ==, 0);
    for (int i = 0; i < 2048; i++)
        g_assert_cmpint(a[i], ==, vdf_data_byte(99, i));
    cdio_destroy(p);
    g_unlink(map);
}

static void test_multisession(void)
{
    CdIo_t *p = open_drive(ms_path, NULL);
    g_assert_cmpint(cdio_get_num_tracks(p), ==, 2);
    g_assert_cmpint(cdio_get_track_lsn(p, 2), ==, VDF_MS_T2_START);
    g_assert_cmpint(cdio_get_track_lsn(p, CDIO_CDROM_LEADOUT_TRACK), ==, VDF_MS_LEADOUT);
    lsn_t last = 0;
    g_assert_cmpint(cdio_get_last_session(p, &last), ==, DRIVER_OP_SUCCESS);
    g_assert_cmpint(last, ==, VDF_MS_T2_START);
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    struct cdrom_multisession ms = { .addr_format = CDROM_LBA };
    g_assert_cmpint(ioctl(fd, CDROMMULTISESSION, &ms), ==, 0);
    g_assert_cmpint(ms.addr.lba, ==, VDF_MS_T2_START);
    g_assert_cmpint(ms.xa_flag, ==, 1);
    g_assert_cmpint(ioctl(fd, CDROM_DISC_STATUS, 0), ==, CDS_MIXED);
    close(fd);
    /* READ TOC format 1: last session 2, its first track 2. */
    uint8_t c[12] = { 0x43, 0, 0x01, 0, 0, 0, 0, 0, 12 }, b[2352 * 2], ks[3];
    g_assert_cmpint(run(p, c, b, 12, NULL), ==, 0);
    g_assert_cmpint(b[3], ==, 2);
    g_assert_cmpint(b[6], ==, 2);
    g_assert_cmpint((b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11]), ==, VDF_MS_T2_START);
    /* Full TOC holds every entry, ADR 5 ones included. */
    uint8_t f2[12] = { 0x43, 0x02, 0x02, 0, 0, 0, 1, 0x04, 0x00 };
    g_assert_cmpint(run(p, f2, b, 1024, NULL), ==, 0);
    g_assert_cmpint((b[0] << 8 | b[1]), ==, 2 + 10 * 11);
    g_assert_cmpint(b[4 + 4 * 11 + 1], ==, 0x54);   /* B0: ADR 5, control 4 */
    /* The gap between the sessions cannot be read; session 2 is XA Form 1. */
    read_cd_cdb(c, 5000, 1, 0, 0xF8, 0);
    g_assert_cmpint(run(p, c, b, 2352, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x21);
    read_cd_cdb(c, VDF_MS_T2_START, 1, 2, 0xF8, 0);
    g_assert_cmpint(run(p, c, b, 2352, ks), !=, 0);
    g_assert_cmpint(ks[1], ==, 0x64);
    read_cd_cdb(c, VDF_MS_T2_START, 2, 4, 0x10, 0);
    g_assert_cmpint(run(p, c, b, 4096, NULL), ==, 0);
    for (int i = 0; i < 4096; i++)
        g_assert_cmpint(b[i], ==, vdf_data_byte(VDF_MS_T2_START + i / 2048, i % 2048));
    g_assert_cmpint(cdio_read_data_sectors(p, b, VDF_MS_T2_START + 5, 2048, 1), ==, DRIVER_OP_SUCCESS);
    for (int i = 0; i < 2048; i++)
        g_assert_cmpint(b[i], ==, vdf_data_byte(VDF_MS_T2_START + 5, i));
    cdio_destroy(p);
}

/* ---- sample discs from samples/mksamples, when they have been made ---- */

/* Points (1..99 and A2 per session) of a .ccd, read independently. */
typedef struct {
    int n;
    int point[128], session[128], control[128];
    int32_t plba[128];
    GByteArray *cdtext;          /* 16-byte pack bodies, in order */
} ccd_facts;

static gboolean read_ccd_facts(const char *path, ccd_facts *f)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return FALSE;
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    int cur = -1;
    bool in_cdtext = false;
    memset(f, 0, sizeof *f);
    f->cdtext = g_byte_array_new();
    for (int i = 0; lines[i]; i++) {
        char *l = g_strstrip(lines[i]);
        if (l[0] == '[') {
            in_cdtext = !g_ascii_strcasecmp(l, "[CDText]");
            cur = -1;
            if (!g_ascii_strncasecmp(l, "[Entry ", 7) && f->n < 128) {
                cur = f->n++;
                f->plba[cur] = INT32_MIN;
            }
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *k = g_strstrip(l), *v = g_strstrip(eq + 1);
        if (in_cdtext && !g_ascii_strncasecmp(k, "Entry ", 6)) {
            g_auto(GStrv) bytes = g_strsplit_set(v, " ", -1);
            for (int b = 0; bytes[b]; b++)
                if (*bytes[b]) {
                    guint8 x = (guint8)strtoul(bytes[b], NULL, 16);
                    g_byte_array_append(f->cdtext, &x, 1);
                }
        } else if (cur >= 0) {
            long x = strtol(v, NULL, 0);
            if (!g_ascii_strcasecmp(k, "Point"))
                f->point[cur] = (int)x;
            else if (!g_ascii_strcasecmp(k, "Session"))
                f->session[cur] = (int)x;
            else if (!g_ascii_strcasecmp(k, "Control"))
                f->control[cur] = (int)x;
            else if (!g_ascii_strcasecmp(k, "PLBA"))
                f->plba[cur] = (int32_t)x;
        }
    }
    return TRUE;
}

static void check_sample(const char *ccd)
{
    ccd_facts f = { 0 };
    g_assert_true(read_ccd_facts(ccd, &f));
    g_autofree char *stem = g_strndup(ccd, strlen(ccd) - 4);
    g_autofree char *imgp = g_strconcat(stem, ".img", NULL), *subp = g_strconcat(stem, ".sub", NULL);
    g_autofree guint8 *img = NULL, *sub = NULL;
    gsize ilen = 0, slen = 0;
    g_assert_true(g_file_get_contents(imgp, (char **)&img, &ilen, NULL));
    bool have_sub = g_file_get_contents(subp, (char **)&sub, &slen, NULL);
    CdIo_t *p = open_drive(ccd, NULL);
    int32_t leadout = 0;
    for (int i = 0; i < f.n; i++) {
        if (f.point[i] >= 1 && f.point[i] <= 99) {
            g_assert_cmpint(cdio_get_track_lsn(p, (track_t)f.point[i]), ==, f.plba[i]);
            g_assert_cmpint(cdio_get_track_format(p, (track_t)f.point[i]) == TRACK_FORMAT_AUDIO, ==,
                            !(f.control[i] & 4));
        } else if (f.point[i] == 0xA2 && f.plba[i] > leadout)
            leadout = f.plba[i];
    }
    g_assert_cmpint(cdio_get_track_lsn(p, CDIO_CDROM_LEADOUT_TRACK), ==, leadout);
    uint8_t *raw = cdio_get_cdtext_raw(p);
    if (f.cdtext->len) {
        g_assert_nonnull(raw);
        g_assert_cmpuint((size_t)(raw[0] << 8 | raw[1]) - 2, ==, f.cdtext->len / 16 * 18);
        for (guint k = 0; k < f.cdtext->len / 16; k++)
            g_assert_cmpmem(raw + 4 + k * 18, 16, f.cdtext->data + k * 16, 16);
    }
    free(raw);
    g_byte_array_unref(f.cdtext);
    if (dw_ccd_read_file && dw_disc_free) {
        GError *err = NULL;
        dw_disc *disc = dw_ccd_read_file(ccd, &err);
        g_assert_no_error(err);
        g_assert_cmpint(cdio_get_num_tracks(p), ==, disc->n_tracks);
        for (int i = 0; i < disc->n_tracks; i++) {
            const dw_track *t = &disc->tracks[i];
            g_assert_cmpint(cdio_get_track_lsn(p, (track_t)t->number), ==, t->start);
            g_assert_cmpint(cdio_get_track_format(p, (track_t)t->number) == TRACK_FORMAT_AUDIO, ==,
                            !(t->control & DW_CTRL_DATA));
            if (!(t->control & DW_CTRL_DATA)) {
                g_assert_cmpint(cdio_get_track_preemphasis(p, (track_t)t->number) == CDIO_TRACK_FLAG_TRUE,
                                ==, (t->control & DW_CTRL_PRE) != 0);
                char *isrc = cdio_get_track_isrc(p, (track_t)t->number);
                g_assert_cmpstr(isrc ? isrc : "", ==, t->isrc);
                cdio_free(isrc);
            }
        }
        char *mcn = cdio_get_mcn(p);
        if (disc->mcn[0])
            g_assert_cmpstr(mcn, ==, disc->mcn);
        cdio_free(mcn);
        dw_disc_free(disc);
    }
    /* Every stored sector up to the lead-out, with raw P-W. */
    int32_t n = (int32_t)(ilen / 2352) < leadout ? (int32_t)(ilen / 2352) : leadout;
    enum { CHUNK = 27, SZ = 2352 + 96 };
    static uint8_t buf[CHUNK * SZ];
    for (int32_t lba = 0; lba < n; lba += CHUNK) {
        int32_t cnt = n - lba < CHUNK ? n - lba : CHUNK;
        uint8_t c[12], ks[3];
        read_cd_cdb(c, lba, (uint32_t)cnt, 0, 0xF8, 0x01);
        if (run(p, c, buf, (unsigned)(cnt * SZ), ks) != 0) {
            /* A session gap may not be stored: read one by one. */
            for (int32_t i = 0; i < cnt; i++) {
                read_cd_cdb(c, lba + i, 1, 0, 0xF8, 0x01);
                if (run(p, c, buf + i * SZ, SZ, ks) != 0)
                    memcpy(buf + i * SZ, img + (size_t)(lba + i) * 2352, 2352);
            }
        }
        for (int32_t i = 0; i < cnt; i++) {
            g_assert_cmpmem(buf + i * SZ, 2352, img + (size_t)(lba + i) * 2352, 2352);
            if (have_sub && (size_t)(lba + i + 1) * 96 <= slen) {
                uint8_t rsub[96];
                packed_to_raw(sub + (size_t)(lba + i) * 96, rsub);
                g_assert_cmpmem(buf + i * SZ + 2352, 96, rsub, 96);
            }
        }
    }
    cdio_destroy(p);
}

static void test_samples(void)
{
    const char *top = g_getenv("top_builddir");
    g_autofree char *dir = g_build_filename(top ? top : ".", "samples", "out", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    int count = 0;
    for (const char *name; d && (name = g_dir_read_name(d));) {
        if (!g_str_has_suffix(name, ".ccd"))
            continue;
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_test_message("sample %s", path);
        check_sample(path);
        count++;
    }
    if (d)
        g_dir_close(d);
    if (!count)
        g_test_skip("no samples/out/*.ccd (make samples)");
}

static void test_dvd(void)
{
    static const struct { const char *profile; uint16_t code; } want[] = {
        { NULL, 0x0010 }, { "DW_VDRIVE_PROFILE=bd", 0x0040 },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(want); k++) {
        const char *vars[] = { want[k].profile, NULL };
        CdIo_t *p = open_drive(iso_path, vars);
        uint8_t c[12] = { 0x46, 0x01, 0, 0, 0, 0, 0, 0, 64 }, b[4096], ks[3];
        g_assert_cmpint(run(p, c, b, 64, NULL), ==, 0);
        g_assert_cmphex((b[6] << 8 | b[7]), ==, want[k].code);
        uint8_t cap[12] = { 0x25 };
        g_assert_cmpint(run(p, cap, b, 8, NULL), ==, 0);
        g_assert_cmpint((b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]), ==, VDF_ISO_SECTORS - 1);
        g_assert_cmpint((b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7]), ==, 2048);
        uint8_t r10[12] = { 0x28, 0, 0, 0, 0, 100, 0, 0, 2 };
        g_assert_cmpint(run(p, r10, b, 4096, NULL), ==, 0);
        for (int i = 0; i < 4096; i++)
            g_assert_cmpint(b[i], ==, vdf_data_byte(100 + i / 2048, i % 2048));
        uint8_t rcd[12];
        read_cd_cdb(rcd, 0, 1, 0, 0xF8, 0);
        g_assert_cmpint(run(p, rcd, b, 2352, ks), !=, 0);
        g_assert_cmpint(ks[0], ==, 5);
        if (k == 0)
            g_assert_cmpint(cdio_get_discmode(p), ==, CDIO_DISC_MODE_DVD_ROM);
        cdio_destroy(p);
    }
}

static void test_sg_io(void)
{
    CdIo_t *keep = open_drive(ccd_path, NULL);
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    int v = 0;
    g_assert_cmpint(ioctl(fd, SG_GET_VERSION_NUM, &v), ==, 0);
    g_assert_cmpint(v, >=, 30000);
    uint8_t cdb[6] = { 0x12, 0, 0, 0, 36, 0 }, buf[36], sense[32];
    sg_io_hdr_t h = { 0 };
    h.interface_id = 'S';
    h.dxfer_direction = SG_DXFER_FROM_DEV;
    h.cmd_len = 6;
    h.cmdp = cdb;
    h.dxferp = buf;
    h.dxfer_len = sizeof buf;
    h.sbp = sense;
    h.mx_sb_len = sizeof sense;
    g_assert_cmpint(ioctl(fd, SG_IO, &h), ==, 0);
    g_assert_cmpint(h.status, ==, 0);
    g_assert_cmpint(h.resid, ==, 0);
    g_assert_cmpmem(buf + 8, 8, "DISCWRIG", 8);
    g_assert_cmpmem(buf + 16, 13, "VIRTUAL DRIVE", 13);
    uint8_t bad[10] = { 0x28, 0, 0, 0, 0x01, 0xF4, 0, 0, 1, 0 };   /* READ(10) of audio */
    uint8_t data[2048];
    h.cmd_len = 10;
    h.cmdp = bad;
    h.dxferp = data;
    h.dxfer_len = sizeof data;
    g_assert_cmpint(ioctl(fd, SG_IO, &h), ==, 0);
    g_assert_cmpint(h.status, ==, 2);
    g_assert_cmpint(h.driver_status, ==, 0x08);
    g_assert_cmpint(h.sb_len_wr, ==, 18);
    g_assert_cmpint(sense[0] & 0x7F, ==, 0x70);
    g_assert_cmpint(sense[2], ==, 5);
    g_assert_cmpint(sense[12], ==, 0x64);
    /* Not a command (sent here, not through libcdio, whose message for an
     * unknown opcode leaks a string). */
    uint8_t unknown[12] = { 0xE7 };
    h.cmd_len = 12;
    h.cmdp = unknown;
    h.dxfer_len = 16;
    g_assert_cmpint(ioctl(fd, SG_IO, &h), ==, 0);
    g_assert_cmpint(h.status, ==, 2);
    g_assert_cmpint(sense[2], ==, 5);
    g_assert_cmpint(sense[12], ==, 0x20);
    g_assert_cmpint(sense[13], ==, 0x00);
    g_assert_cmpint(close(fd), ==, 0);
    cdio_destroy(keep);
}


int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    vdtest_setup();
    g_test_add_func("/vdrive/fixture-ecc", test_fixture_ecc);
    g_test_add_func("/vdrive/dvd", test_dvd);
    g_test_add_func("/vdrive/dvd-faults", test_dvd_faults);
    g_test_add_func("/vdrive/multisession", test_multisession);
    g_test_add_func("/vdrive/samples", test_samples);
    g_test_add_func("/vdrive/sg-io", test_sg_io);
    int r = g_test_run();
    vdtest_teardown();
    return r;
}
