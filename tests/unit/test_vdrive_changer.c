/* test_vdrive_changer.c: two virtual drives with disc changers
 * (tests/vdrive/vd_changer.c) linked into this program, seen through the
 * real libcdio Linux driver and the kernel ioctls: both devices listed
 * and opened at once with their own discs; after a load, UNIT ATTENTION
 * 06/28/00 once (INQUIRY and GET EVENT STATUS NOTIFICATION do not take
 * it); GESN media events (NewMedia, MediaRemoval, NoChg) with the door
 * and media bits; CDROM_DRIVE_STATUS and CDROM_MEDIA_CHANGED; eject by
 * ioctl and by START STOP UNIT; the next disc after the tray delay, a
 * DVD after a CD; an exhausted stack; the state kept across a restart.
 */
#include <cdio/cdio.h>
#include <cdio/mmc.h>
#include <cdio/mmc_cmds.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <linux/cdrom.h>
#include <limits.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../vdrive/fixture.h"
#include "../vdrive/vdtest.h"

static char *state_path;

static void setup_changer(void)
{
    g_autofree char *list = g_build_filename(tmpdir, "changer", NULL);
    g_autofree char *text = g_strdup_printf("# two drives\n/dev/sr0 %s\n/dev/sr0 vdvd.iso\n/dev/sr1 %s\n",
                                            ccd_path, ms_path);
    g_assert_true(g_file_set_contents(list, text, -1, NULL));
    state_path = g_build_filename(tmpdir, "changer.state", NULL);
    g_unsetenv("DW_VDRIVE_IMAGE");
    g_setenv("DW_VDRIVE_CHANGER", list, TRUE);
    g_setenv("DW_VDRIVE_CHANGER_STATE", state_path, TRUE);
    g_setenv("DW_VDRIVE_CHANGER_MS", "50", TRUE);
    dw_vdrive_reset();
}

static int status_of(const char *dev)
{
    int fd = open(dev, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    int r = ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
    close(fd);
    return r;
}

static int changed(const char *dev)
{
    int fd = open(dev, O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    int r = ioctl(fd, CDROM_MEDIA_CHANGED, CDSL_CURRENT);
    close(fd);
    return r;
}

static void tur(CdIo_t *p, int key, int asc, int ascq)
{
    uint8_t c[12] = { 0 }, ks[3], b[4];
    int r = run(p, c, b, 0, ks);
    if (!key) {
        g_assert_cmpint(r, ==, 0);
        return;
    }
    g_assert_cmpint(r, !=, 0);
    g_assert_cmpint(ks[0], ==, key);
    g_assert_cmpint(ks[1], ==, asc);
    g_assert_cmpint(ks[2], ==, ascq);
}

/* GET EVENT STATUS NOTIFICATION, polled, media class: event and status. */
static void gesn(CdIo_t *p, int *event, int *status)
{
    uint8_t c[12] = { 0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 8 }, b[8];
    g_assert_cmpint(run(p, c, b, 8, NULL), ==, 0);
    g_assert_cmpint(b[0] << 8 | b[1], ==, 6);
    g_assert_cmpint(b[2] & 0x07, ==, 4);      /* media class */
    g_assert_cmpint(b[2] & 0x80, ==, 0);
    g_assert_true(b[3] & 0x10);
    *event = b[4] & 0x0F;
    *status = b[5];
}

static void wait_ms(int ms)
{
    g_usleep((gulong)ms * 1000);
}

static void test_two_drives(void)
{
    g_unlink(state_path);
    dw_vdrive_reset();
    char **devs = cdio_get_devices(DRIVER_LINUX);
    int seen = 0;
    for (char **d = devs; d && *d; d++)
        seen += !strcmp(*d, "/dev/sr0") || !strcmp(*d, "/dev/sr1");
    cdio_free_device_list(devs);
    g_assert_cmpint(seen, ==, 2);
    CdIo_t *a = cdio_open("/dev/sr0", DRIVER_LINUX), *b = cdio_open("/dev/sr1", DRIVER_LINUX);
    g_assert_nonnull(a);
    g_assert_nonnull(b);
    g_assert_cmpint(cdio_get_num_tracks(a), ==, 3);
    g_assert_cmpint(cdio_get_track_lsn(a, CDIO_CDROM_LEADOUT_TRACK), ==, VDF_LEADOUT);
    g_assert_cmpint(cdio_get_track_lsn(b, CDIO_CDROM_LEADOUT_TRACK), !=, VDF_LEADOUT);
    cdio_destroy(a);
    cdio_destroy(b);
}

static void test_unit_attention_and_events(void)
{
    g_unlink(state_path);
    dw_vdrive_reset();
    CdIo_t *p = cdio_open("/dev/sr0", DRIVER_LINUX);
    g_assert_nonnull(p);
    int ev, st;
    /* INQUIRY and GESN leave the unit attention for the next command. */
    uint8_t inq[12] = { 0x12, 0, 0, 0, 36 }, ib[36];
    g_assert_cmpint(run(p, inq, ib, 36, NULL), ==, 0);
    gesn(p, &ev, &st);
    g_assert_cmpint(ev, ==, 2);               /* NewMedia */
    g_assert_cmpint(st, ==, 0x02);            /* media present, door closed */
    gesn(p, &ev, &st);
    g_assert_cmpint(ev, ==, 0);               /* reported once */
    tur(p, 0x06, 0x28, 0x00);
    tur(p, 0, 0, 0);
    uint8_t nopoll[12] = { 0x4A, 0x00, 0, 0, 0x10, 0, 0, 0, 8 }, nb[8], ks[3];
    g_assert_cmpint(run(p, nopoll, nb, 8, ks), !=, 0);
    g_assert_cmpint(ks[0], ==, 0x05);
    g_assert_cmpint(ks[1], ==, 0x24);
    g_assert_cmpint(status_of("/dev/sr0"), ==, CDS_DISC_OK);
    g_assert_cmpint(changed("/dev/sr0"), ==, 1);
    g_assert_cmpint(changed("/dev/sr0"), ==, 0);
    cdio_destroy(p);
}

static void test_eject_and_next(void)
{
    g_unlink(state_path);
    dw_vdrive_reset();
    CdIo_t *p = cdio_open("/dev/sr0", DRIVER_LINUX);
    g_assert_nonnull(p);
    tur(p, 0x06, 0x28, 0x00);
    g_assert_cmpint(changed("/dev/sr0"), ==, 1);
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(ioctl(fd, CDROMEJECT, 0), ==, 0);
    g_assert_cmpint(ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT), ==, CDS_TRAY_OPEN);
    struct cdrom_tochdr h;
    errno = 0;
    g_assert_cmpint(ioctl(fd, CDROMREADTOCHDR, &h), ==, -1);
    g_assert_cmpint(errno, ==, ENOMEDIUM);
    close(fd);
    g_assert_cmpint(changed("/dev/sr0"), ==, 1);
    tur(p, 0x02, 0x3A, 0x02);                 /* no medium, tray open */
    int ev, st;
    gesn(p, &ev, &st);
    g_assert_cmpint(ev, ==, 3);               /* MediaRemoval */
    g_assert_cmpint(st, ==, 0x01);            /* door open, no media */
    /* The operator closes the tray with the next disc: a DVD. */
    wait_ms(80);
    g_assert_cmpint(status_of("/dev/sr0"), ==, CDS_DISC_OK);
    gesn(p, &ev, &st);
    g_assert_cmpint(ev, ==, 2);
    g_assert_cmpint(st, ==, 0x02);
    uint8_t gc[12] = { 0x46, 0x00, 0, 0, 0, 0, 0, 0, 8 }, gb[8];
    g_assert_cmpint(run(p, gc, gb, 8, NULL), ==, 0);    /* GET CONFIGURATION: no unit attention */
    g_assert_cmpint(gb[6] << 8 | gb[7], ==, 0x10);      /* DVD-ROM */
    tur(p, 0x06, 0x28, 0x00);
    tur(p, 0, 0, 0);
    /* START STOP UNIT eject: the stack is used up, the tray stays open. */
    uint8_t ssu[12] = { 0x1B, 0, 0, 0, 0x02 }, sb[4];
    g_assert_cmpint(run(p, ssu, sb, 0, NULL), ==, 0);
    wait_ms(120);
    g_assert_cmpint(status_of("/dev/sr0"), ==, CDS_TRAY_OPEN);
    fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(ioctl(fd, CDROMCLOSETRAY, 0), ==, 0);
    g_assert_cmpint(ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT), ==, CDS_NO_DISC);
    close(fd);
    tur(p, 0x02, 0x3A, 0x01);                 /* no medium, tray closed */
    cdio_destroy(p);
    /* The other drive did not notice any of it. */
    g_assert_cmpint(status_of("/dev/sr1"), ==, CDS_DISC_OK);

    /* Restarted, the drives are as they were left. */
    g_autofree char *state = NULL;
    g_assert_true(g_file_get_contents(state_path, &state, NULL, NULL));
    g_assert_nonnull(strstr(state, "/dev/sr0 2 0\n"));
    dw_vdrive_reset();
    g_assert_cmpint(status_of("/dev/sr0"), ==, CDS_NO_DISC);
    g_assert_cmpint(status_of("/dev/sr1"), ==, CDS_DISC_OK);
}

static void test_state_mid_stack(void)
{
    /* A saved state with the first disc ejected and the tray open: the
     * next process closes it with the second disc after the delay. */
    g_assert_true(g_file_set_contents(state_path, "/dev/sr0 0 1\n", -1, NULL));
    dw_vdrive_reset();
    g_assert_cmpint(status_of("/dev/sr0"), ==, CDS_TRAY_OPEN);
    wait_ms(80);
    g_assert_cmpint(status_of("/dev/sr0"), ==, CDS_DISC_OK);
    CdIo_t *p = cdio_open("/dev/sr0", DRIVER_LINUX);
    g_assert_nonnull(p);
    tur(p, 0x06, 0x28, 0x00);
    uint8_t gc[12] = { 0x46, 0x00, 0, 0, 0, 0, 0, 0, 8 }, gb[8];
    g_assert_cmpint(run(p, gc, gb, 8, NULL), ==, 0);
    g_assert_cmpint(gb[6] << 8 | gb[7], ==, 0x10);
    cdio_destroy(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    vdtest_setup();
    setup_changer();
    g_test_add_func("/vdrive/changer/two-drives", test_two_drives);
    g_test_add_func("/vdrive/changer/unit-attention-events", test_unit_attention_and_events);
    g_test_add_func("/vdrive/changer/eject-next-exhausted-state", test_eject_and_next);
    g_test_add_func("/vdrive/changer/state-mid-stack", test_state_mid_stack);
    int r = g_test_run();
    g_unsetenv("DW_VDRIVE_CHANGER");
    vdtest_teardown();
    g_free(state_path);
    return r;
}
