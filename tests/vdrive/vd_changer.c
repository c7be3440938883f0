/* vd_changer.c: several virtual drives at once, each with a disc changer.
 *
 * DW_VDRIVE_CHANGER names a list file; each line "DEVICE IMAGE
 * [faults=MAPFILE] [profile=cd|dvd|bd]" puts a disc in the stack of that
 * device (relative paths are taken from the list's folder; '#' starts a
 * comment).  Every device named is a drive of its own (/dev/sr0,
 * /dev/sr1, ...).  A drive starts with the first disc of its stack in
 * the tray; when the disc is ejected (CDROMEJECT, START STOP UNIT) the
 * tray stays open for DW_VDRIVE_CHANGER_MS (default 200 ms) and then
 * closes with the next disc of the stack; a close command (CDROMCLOSETRAY,
 * START STOP UNIT load) closes it at once.  When the stack is used up
 * the tray stays open.  With DW_VDRIVE_CHANGER_STATE the position of
 * every stack and the tray are kept in that file, so a process started
 * again finds the drives as the last one left them (the disc that was in
 * the drive is still there; the ejected ones are gone).
 *
 * What a program sees, as on a real drive: after a disc is loaded the
 * first command other than INQUIRY, REQUEST SENSE, GET CONFIGURATION and
 * GET EVENT STATUS NOTIFICATION fails with UNIT ATTENTION 06/28/00
 * (not-ready-to-ready, medium may have changed), once; TEST UNIT READY
 * without a disc answers 02/3A/01 (tray closed) or 02/3A/02 (tray open);
 * GET EVENT STATUS NOTIFICATION (polled, media class) reports NewMedia,
 * MediaRemoval or NoChg and the door/media bits; CDROM_DRIVE_STATUS
 * gives CDS_TRAY_OPEN, CDS_NO_DISC or CDS_DISC_OK; CDROM_MEDIA_CHANGED
 * is 1 once after each change; the TOC and read ioctls fail with
 * ENOMEDIUM while there is no disc.
 *
 * The drives share the process-wide lock of vd_preload.c: every entry
 * point here runs under it.
 */
#define _GNU_SOURCE
#include "vd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/cdrom.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEVICES 8
#define MAX_DISCS 256

typedef struct {
    char *image, *faults, *profile;
} vd_slot;

struct vd_changer {
    int dev;                     /* index in the list */
    const char *device;          /* borrowed from the list */
    int current;                 /* slot in the drive (or last loaded) */
    bool tray_open, has_disc;
    int64_t opened_ns;
    bool unit_attention;         /* 06/28/00 pending */
    bool media_changed;          /* for CDROM_MEDIA_CHANGED */
    int event;                   /* pending GESN media event code, 0 none */
};

static struct {
    bool parsed, ok;
    int n_dev;
    char *device[MAX_DEVICES];
    int n_slot[MAX_DEVICES];
    vd_slot slot[MAX_DEVICES][MAX_DISCS];
    char err[512];
} list;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static char *resolve(const char *dir, const char *p)
{
    if (p[0] == '/')
        return strdup(p);
    char *out = NULL;
    if (asprintf(&out, "%s/%s", dir, p) < 0)
        return NULL;
    return out;
}

static int device_index(const char *dev, bool add)
{
    for (int i = 0; i < list.n_dev; i++)
        if (!strcmp(list.device[i], dev))
            return i;
    if (!add || list.n_dev >= MAX_DEVICES)
        return -1;
    list.device[list.n_dev] = strdup(dev);
    return list.device[list.n_dev] ? list.n_dev++ : -1;
}

/* Parse the list once; false with list.err set on a bad line. */
static bool parse_list(void)
{
    if (list.parsed)
        return list.ok;
    list.parsed = true;
    const char *path = getenv("DW_VDRIVE_CHANGER");
    if (!path || !*path)
        return false;
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(list.err, sizeof list.err, "%s: %s", path, strerror(errno));
        return false;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    char line[4096];
    int lineno = 0;
    list.ok = true;
    while (list.ok && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *save = NULL, *words[8];
        int n = 0;
        for (char *w = strtok_r(line, " \t\r\n", &save); w && n < 8; w = strtok_r(NULL, " \t\r\n", &save))
            words[n++] = w;
        if (n == 0)
            continue;
        int dev = n >= 2 ? device_index(words[0], true) : -1;
        if (dev < 0 || list.n_slot[dev] >= MAX_DISCS) {
            snprintf(list.err, sizeof list.err, "%s:%d: expected DEVICE IMAGE [faults=F] [profile=P] "
                     "(at most %d devices, %d discs each)", path, lineno, MAX_DEVICES, MAX_DISCS);
            list.ok = false;
            break;
        }
        vd_slot *s = &list.slot[dev][list.n_slot[dev]];
        memset(s, 0, sizeof *s);
        s->image = resolve(dir, words[1]);
        for (int k = 2; k < n && list.ok; k++) {
            if (!strncmp(words[k], "faults=", 7))
                s->faults = resolve(dir, words[k] + 7);
            else if (!strncmp(words[k], "profile=", 8))
                s->profile = strdup(words[k] + 8);
            else {
                snprintf(list.err, sizeof list.err, "%s:%d: unknown option %s", path, lineno, words[k]);
                list.ok = false;
            }
        }
        if (!s->image) {
            snprintf(list.err, sizeof list.err, "out of memory");
            list.ok = false;
        }
        list.n_slot[dev]++;
    }
    fclose(f);
    if (list.ok && list.n_dev == 0) {
        snprintf(list.err, sizeof list.err, "%s: no discs listed", path);
        list.ok = false;
    }
    return list.ok;
}

int vd_changer_device_count(void)
{
    return parse_list() ? list.n_dev : 0;
}

const char *vd_changer_device(int i)
{
    return parse_list() && i >= 0 && i < list.n_dev ? list.device[i] : NULL;
}

/* ---- the state file ----------------------------------------------- */

/* Read this device's line ("DEVICE SLOT OPEN"); false when none. */
static bool state_load(vd_changer *ch)
{
    const char *path = getenv("DW_VDRIVE_CHANGER_STATE");
    FILE *f = path && *path ? fopen(path, "re") : NULL;
    if (!f)
        return false;
    char line[1024], dev[512];
    int slot, open_;
    bool found = false;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%511s %d %d", dev, &slot, &open_) == 3 && !strcmp(dev, ch->device)) {
            ch->current = slot;
            ch->tray_open = open_ != 0;
            found = true;
        }
    fclose(f);
    return found;
}

/* Rewrite the file with this device's line replaced (temporary + rename). */
static void state_save(const vd_changer *ch)
{
    const char *path = getenv("DW_VDRIVE_CHANGER_STATE");
    if (!path || !*path)
        return;
    char *old = NULL;
    size_t oldlen = 0;
    FILE *f = fopen(path, "re");
    FILE *mem = open_memstream(&old, &oldlen);
    if (!mem) {
        if (f)
            fclose(f);
        return;
    }
    char line[1024], dev[512];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%511s", dev) == 1 && strcmp(dev, ch->device) != 0)
            fputs(line, mem);
    if (f)
        fclose(f);
    fprintf(mem, "%s %d %d\n", ch->device, ch->current, ch->tray_open ? 1 : 0);
    fclose(mem);
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        ssize_t w = write(fd, old, oldlen);
        close(fd);
        if (w == (ssize_t)oldlen)
            rename(tmp, path);
        else
            unlink(tmp);
    }
    free(old);
}

/* ---- loading discs -------------------------------------------------- */

/* Put slot k's disc into d (image, faults, profile, DVD layers). */
static bool swap_in(vd_drive *d, vd_changer *ch, int k)
{
    const vd_slot *s = &list.slot[ch->dev][k];
    char err[512] = "";
    vd_drive *t = vd_drive_new_for(s->image, ch->device, s->faults, s->profile, err, sizeof err);
    if (!t) {
        vd_drive_log(d, "changer %s: cannot load %s: %s", ch->device, s->image, err);
        fprintf(stderr, "dw-vdrive: changer %s: %s\n", ch->device, err);
        return false;
    }
    vd_image_free(d->img);
    d->img = t->img;
    t->img = NULL;
    free(d->fault_status);
    d->fault_status = t->fault_status;
    t->fault_status = NULL;
    d->fault_blocks = t->fault_blocks;
    d->fault_block_size = t->fault_block_size;
    d->profile = t->profile;
    d->layers = t->layers;
    d->layer_break = t->layer_break;
    memcpy(d->bca, t->bca, sizeof d->bca);
    d->bca_len = t->bca_len;
    vd_cache_free(d);            /* the drive's buffer held the old disc */
    d->cache = t->cache;
    t->cache = NULL;
    d->head = 0;
    d->speed_cap_x = 0;
    vd_drive_free(t);
    vd_drive_log(d, "changer %s: disc %d of %d loaded: %s", ch->device, k + 1, list.n_slot[ch->dev], s->image);
    return true;
}

/* Close the tray with the next disc of the stack, or empty. */
static void close_tray(vd_drive *d, vd_changer *ch)
{
    int next = ch->current + 1;
    while (next < list.n_slot[ch->dev] && !swap_in(d, ch, next))
        next++;
    if (next < list.n_slot[ch->dev]) {
        ch->current = next;
        ch->tray_open = false;
        ch->has_disc = true;
        ch->unit_attention = true;
        ch->media_changed = true;
        ch->event = 2;           /* NewMedia */
        d->ejected = false;
    } else {
        ch->current = list.n_slot[ch->dev];
        ch->tray_open = false;
        ch->has_disc = false;
        d->ejected = true;
        vd_drive_log(d, "changer %s: tray closed, no discs left", ch->device);
    }
    state_save(ch);
}

static void open_tray(vd_drive *d, vd_changer *ch)
{
    ch->tray_open = true;
    ch->opened_ns = now_ns();
    if (ch->has_disc) {
        ch->has_disc = false;
        ch->media_changed = true;
        ch->event = 3;           /* MediaRemoval */
        vd_drive_log(d, "changer %s: disc %d ejected", ch->device, ch->current + 1);
    }
    ch->unit_attention = false;
    d->ejected = true;
    state_save(ch);
}

static int64_t delay_ns(void)
{
    const char *v = getenv("DW_VDRIVE_CHANGER_MS");
    double ms = v && *v ? strtod(v, NULL) : 200;
    return (int64_t)((ms < 0 ? 0 : ms) * 1e6);
}

/* The operator: an open tray closes with the next disc after the delay,
 * while discs are left. */
static void tick(vd_drive *d)
{
    vd_changer *ch = d->changer;
    if (ch->tray_open && ch->current + 1 < list.n_slot[ch->dev] && now_ns() - ch->opened_ns >= delay_ns())
        close_tray(d, ch);
}

vd_drive *vd_changer_drive_new(int dev, char *err, size_t errlen)
{
    if (!parse_list()) {
        snprintf(err, errlen, "%s", list.err[0] ? list.err : "DW_VDRIVE_CHANGER is not set");
        return NULL;
    }
    if (dev < 0 || dev >= list.n_dev) {
        snprintf(err, errlen, "no changer device %d", dev);
        return NULL;
    }
    vd_changer *ch = calloc(1, sizeof *ch);
    if (!ch) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ch->dev = dev;
    ch->device = list.device[dev];
    bool saved = state_load(ch);
    int n = list.n_slot[dev];
    if (ch->current < 0)
        ch->current = 0;
    /* The drive always holds an image (its TOC is never shown while the
     * tray is empty): the current disc, or the last one of the stack. */
    int k = ch->current < n ? ch->current : n - 1;
    const vd_slot *s = &list.slot[dev][k];
    vd_drive *d = vd_drive_new_for(s->image, ch->device, s->faults, s->profile, err, errlen);
    if (!d) {
        free(ch);
        return NULL;
    }
    d->changer = ch;
    if (saved && (ch->tray_open || ch->current >= n)) {
        ch->has_disc = false;
        d->ejected = true;
        ch->opened_ns = now_ns();
        if (ch->current >= n)
            ch->current = n;
    } else {
        ch->has_disc = true;
        ch->unit_attention = true;
        ch->media_changed = true;
        ch->event = 2;
        state_save(ch);
    }
    vd_drive_log(d, "changer %s: %d discs, at disc %d, tray %s", ch->device, n, ch->current + 1,
                 ch->tray_open ? "open" : "closed");
    return d;
}

void vd_changer_free(vd_changer *ch)
{
    free(ch);
}

/* ---- MMC --------------------------------------------------------- */

static int gesn(vd_drive *d, vd_changer *ch, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                uint8_t sense[18])
{
    if (!(cdb[1] & 1))           /* only polled operation */
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    uint8_t r[8] = { 0 };
    size_t len;
    r[3] = 0x10;                 /* supported classes: media */
    if (cdb[4] & 0x10) {
        vd_put_be16(r, 6);
        r[2] = 0x04;             /* media class */
        r[4] = (uint8_t)ch->event;
        r[5] = (uint8_t)((ch->tray_open ? 0x01 : 0) | (ch->has_disc ? 0x02 : 0));
        ch->event = 0;
        len = 8;
    } else {
        vd_put_be16(r, 2);
        r[2] = 0x80;             /* NEA: no class asked for is supported */
        len = 4;
    }
    size_t alloc = vd_get_be16(cdb + 7);
    size_t n = len < alloc ? len : alloc;
    if (n > buflen)
        n = buflen;
    memcpy(buf, r, n);
    *xfer = n;
    return 0;
}

bool vd_changer_mmc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                    uint8_t sense[18], int *st)
{
    vd_changer *ch = d->changer;
    if (!ch)
        return false;
    tick(d);
    uint8_t op = cdb[0];
    if (op == 0x4A) {
        *st = gesn(d, ch, cdb, buf, buflen, xfer, sense);
        return true;
    }
    if (op == 0x1B && (cdb[4] & 0x02)) {     /* START STOP UNIT with LoEj */
        if (cdb[4] & 0x01) {                 /* load: close the tray */
            if (ch->tray_open)
                close_tray(d, ch);
        } else {
            if (d->locked) {
                *st = vd_mmc_fail(d, sense, 0x05, 0x53, 0x02);
                return true;
            }
            if (!ch->tray_open)
                open_tray(d, ch);
        }
        *st = 0;
        return true;
    }
    if (op == 0x12 || op == 0x03 || op == 0x46)
        return false;
    if (ch->unit_attention && ch->has_disc) {
        ch->unit_attention = false;
        *st = vd_mmc_fail(d, sense, 0x06, 0x28, 0x00);
        return true;
    }
    if (op == 0x00 && !ch->has_disc) {
        *st = vd_mmc_fail(d, sense, 0x02, 0x3A, ch->tray_open ? 0x02 : 0x01);
        return true;
    }
    return false;
}

/* ---- kernel ioctls ------------------------------------------------ */

static int drive_status(const vd_changer *ch)
{
    return ch->tray_open ? CDS_TRAY_OPEN : ch->has_disc ? CDS_DISC_OK : CDS_NO_DISC;
}

bool vd_changer_ioctl(vd_drive *d, unsigned long request, void *arg, int *ret)
{
    vd_changer *ch = d->changer;
    if (!ch)
        return false;
    (void)arg;
    tick(d);
    switch (request) {
    case CDROM_DRIVE_STATUS:
        *ret = drive_status(ch);
        return true;
    case CDROM_MEDIA_CHANGED:
        *ret = ch->media_changed ? 1 : 0;
        ch->media_changed = false;
        return true;
    case CDROMEJECT:
        if (d->locked) {
            errno = EBUSY;
            *ret = -1;
        } else {
            if (!ch->tray_open)
                open_tray(d, ch);
            *ret = 0;
        }
        return true;
    case CDROMCLOSETRAY:
        if (ch->tray_open)
            close_tray(d, ch);
        *ret = 0;
        return true;
    case CDROM_DISC_STATUS:
        if (ch->has_disc)
            return false;
        *ret = drive_status(ch);
        return true;
    case CDROMREADTOCHDR:
    case CDROMREADTOCENTRY:
    case CDROMMULTISESSION:
    case CDROM_GET_MCN:
    case CDROMSUBCHNL:
    case CDROMREADMODE1:
    case CDROMREADMODE2:
    case CDROMREADRAW:
    case DVD_READ_STRUCT:
        if (ch->has_disc)
            return false;
        errno = ENOMEDIUM;
        *ret = -1;
        return true;
    default:
        return false;
    }
}
