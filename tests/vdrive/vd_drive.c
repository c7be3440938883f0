/* vd_drive.c: the drive model around a disc image: configuration from
 * the DW_VDRIVE_* environment, the fault map (ddrescue mapfile: '-'
 * unreadable, '/' and '*' unstable, '?' slow), the read offset (audio
 * for READ CD; every sector, data scrambled, for the CD-DA read 0xD8;
 * audio reads into the lead-in and lead-out next to audio tracks),
 * the speed model (sleeps on the monotonic clock) and the command trace.
 */
#define _GNU_SOURCE
#include "vd.h"
#include "vd_rec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static double env_double(const char *name, double dflt)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    double x = strtod(v, &end);
    return end == v ? dflt : x;
}

void vd_drive_log(vd_drive *d, const char *fmt, ...)
{
    if (!d || d->log_fd < 0)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t w = write(d->log_fd, line, (size_t)n);
    (void)w;
}

/* Parse a ddrescue mapfile into one status byte per block. */
static bool load_faults(vd_drive *d, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    const char *bsv = getenv("DW_VDRIVE_FAULTS_BLOCK");
    uint32_t bs = bsv && *bsv ? (uint32_t)atoi(bsv) : (d->img->kind == VD_CD ? 2352 : 2048);
    if (bs != 2352 && bs != 2048) {
        fclose(f);
        snprintf(err, errlen, "DW_VDRIVE_FAULTS_BLOCK must be 2352 or 2048");
        return false;
    }
    d->fault_block_size = bs;
    d->fault_blocks = d->img->n_sectors > 0 ? d->img->n_sectors : 1;
    d->fault_status = malloc((size_t)d->fault_blocks);
    if (!d->fault_status) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    memset(d->fault_status, '+', (size_t)d->fault_blocks);
    char line[256];
    int lineno = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        char *end;
        errno = 0;
        long long pos = strtoll(p, &end, 0);
        if (end == p || errno) {
            snprintf(err, errlen, "%s:%d:1: expected a position", path, lineno);
            ok = false;
            break;
        }
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        long long size = strtoll(p, &end, 0);
        if (end == p)
            continue;            /* the "current position" line: pos status [pass] */
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        char st = *p;
        if (!strchr("?*/-+", st) || st == '\0' || pos < 0 || size < 0) {
            snprintf(err, errlen, "%s:%d:%d: bad block line", path, lineno, (int)(p - line) + 1);
            ok = false;
            break;
        }
        if (size > LLONG_MAX - pos - (long long)bs)
            size = LLONG_MAX - pos - (long long)bs;
        long long first = pos / bs, last = (pos + size + bs - 1) / bs;
        for (long long b = first; b < last && b < d->fault_blocks; b++)
            d->fault_status[b] = st;
    }
    fclose(f);
    return ok;
}

vd_drive *vd_drive_from_env(char *err, size_t errlen)
{
    const char *image = getenv("DW_VDRIVE_IMAGE"), *medium = getenv("DW_VDRIVE_MEDIUM");
    bool recorder = medium && *medium;
    if (recorder)
        image = getenv("DW_VDRIVE_DISC");
    if (!image || !*image) {
        snprintf(err, errlen, "DW_VDRIVE_IMAGE is not set");
        return NULL;
    }
    return vd_drive_new_for(image, getenv("DW_VDRIVE_DEVICE"), getenv("DW_VDRIVE_FAULTS"),
                            getenv("DW_VDRIVE_PROFILE"), err, errlen);
}

vd_drive *vd_drive_new_for(const char *image, const char *dev, const char *faults, const char *prof,
                           char *err, size_t errlen)
{
    const char *medium = getenv("DW_VDRIVE_MEDIUM");
    bool recorder = medium && *medium;   /* image is then the medium's directory */
    vd_drive *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->log_fd = -1;
    const char *log = getenv("DW_VDRIVE_LOG");
    if (log && *log)
        d->log_fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    d->device = strdup(dev && *dev ? dev : "/dev/sr0");
    if (recorder && d->device && !vd_rec_attach(d, err, errlen)) {
        vd_drive_free(d);
        return NULL;
    }
    if (!recorder)
        d->img = vd_image_open(image, err, errlen);
    if (!d->img || !d->device) {
        vd_drive_free(d);
        return NULL;
    }
    if (!recorder)
        d->profile = d->img->kind;
    if (prof && *prof) {
        if (!strcasecmp(prof, "cd"))
            d->profile = VD_CD;
        else if (!strcasecmp(prof, "dvd"))
            d->profile = VD_DVD;
        else if (!strcasecmp(prof, "bd"))
            d->profile = VD_BD;
        else {
            snprintf(err, errlen, "DW_VDRIVE_PROFILE must be cd, dvd or bd");
            vd_drive_free(d);
            return NULL;
        }
    }
    if (faults && *faults && !load_faults(d, faults, err, errlen)) {
        vd_drive_free(d);
        return NULL;
    }
    if (!vd_cache_configure(d, err, errlen) || !vd_sysfs_configure(d, err, errlen) ||
        (d->img->kind != VD_CD && !vd_dvd_configure(d, err, errlen))) {
        vd_drive_free(d);
        return NULL;
    }
    d->offset = (int)env_double("DW_VDRIVE_OFFSET", 0);
    d->overread = (int)env_double("DW_VDRIVE_OVERREAD", 75);
    if (d->overread < 0 || d->overread > 4500)
        d->overread = 0;
    const char *nod8 = getenv("DW_VDRIVE_NO_D8");
    d->no_d8 = nod8 && *nod8 && strcmp(nod8, "0") != 0;
    d->speed_x = env_double("DW_VDRIVE_SPEED", 0);
    d->cmd_ms = env_double("DW_VDRIVE_CMD_MS", 0);
    d->seek_ms = env_double("DW_VDRIVE_SEEK_MS", 0);
    d->slow_ms = env_double("DW_VDRIVE_SLOW_MS", 200);
    d->sg_reserved = 65536;
    d->sg_timeout = 6000;
    d->sense[0] = 0x70;
    d->sense[7] = 10;
    vd_drive_log(d, "vdrive: %s as %s, %d sectors, profile %d, offset %d, speed %.1f", image,
                 d->device, d->img->n_sectors, (int)d->profile, d->offset, d->speed_x);
    return d;
}

void vd_drive_free(vd_drive *d)
{
    if (!d)
        return;
    vd_cache_free(d);
    vd_rec_free(d->rec);
    vd_changer_free(d->changer);
    vd_image_free(d->img);
    if (d->log_fd >= 0)
        close(d->log_fd);
    free(d->fault_status);
    free(d->device);
    free(d);
}

char vd_drive_fault(const vd_drive *d, int32_t lba)
{
    if (!d->fault_status || lba < 0)
        return '+';
    int64_t b = lba;
    if (d->fault_block_size != vd_image_block_size(d->img))
        b = (int64_t)lba * (int64_t)vd_image_block_size(d->img) / d->fault_block_size;
    return b < d->fault_blocks ? d->fault_status[b] : '+';
}

int32_t vd_drive_capacity(const vd_drive *d)
{
    return d->img->kind == VD_CD ? d->img->leadout : d->img->n_sectors;
}

int vd_drive_sector_kind(vd_drive *d, int32_t lba)
{
    const vd_track *t = vd_image_track_at(d->img, lba);
    if (d->img->kind != VD_CD)
        return VD_SEC_MODE1;
    if (t && !(t->control & 4))
        return VD_SEC_AUDIO;
    uint8_t raw[2352];
    if (!vd_image_read(d->img, lba, raw))
        return t && t->mode == 2 ? VD_SEC_FORM1 : VD_SEC_MODE1;
    switch (raw[15] & 3) {
    case 0:
        return VD_SEC_MODE0;
    case 1:
        return VD_SEC_MODE1;
    case 2:
        if (t && t->session > 0 && d->img->sessions[t->session - 1].format == 0x00)
            return VD_SEC_MODE2;     /* formless Mode 2 on a CD-ROM session */
        return (raw[18] & 0x20) ? VD_SEC_FORM2 : VD_SEC_FORM1;
    default:
        return VD_SEC_MODE1;
    }
}

/* A small deterministic generator for unstable sectors. */
static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/* One sector as the surface carries it, read as audio: audio as stored,
 * data sectors scrambled (ECMA-130).  False (caller uses zeros) outside
 * the disc, in the gaps between sessions, or on a read error. */
static bool surface_sector(vd_drive *d, int32_t lba, uint8_t out[2352])
{
    if (!vd_drive_addressable(d, lba) || !vd_image_read(d->img, lba, out))
        return false;
    if (vd_drive_sector_kind(d, lba) != VD_SEC_AUDIO)
        vd_scramble(out);
    return true;
}

/* The 588 stereo samples a CD-DA read of lba returns: the surface stream
 * from sample lba*588 - offset (AccurateRip/EAC sign: a drive whose
 * correction is +N delivers data N samples early). */
static void read_shifted(vd_drive *d, int32_t lba, uint8_t *out)
{
    uint8_t src[2352];
    int32_t have = INT32_MIN;
    bool have_ok = false;
    int64_t first = (int64_t)lba * 588 - d->offset;
    for (int i = 0; i < 588; i++) {
        int64_t s = first + i;
        int32_t slba = (int32_t)(s >= 0 ? s / 588 : -((-s + 587) / 588));
        int32_t idx = (int32_t)(s - (int64_t)slba * 588);
        if (slba != have) {
            have = slba;
            have_ok = surface_sector(d, slba, src);
        }
        if (have_ok)
            memcpy(out + i * 4, src + idx * 4, 4);
        else
            memset(out + i * 4, 0, 4);
    }
}

bool vd_drive_addressable(const vd_drive *d, int32_t lba)
{
    const vd_image *img = d->img;
    if (lba < 0 || lba >= img->n_sectors || (img->kind == VD_CD && lba >= img->leadout))
        return false;
    /* Between sessions: lead-out, lead-in and the next first pregap start. */
    for (int s = 0; s + 1 < img->n_sessions; s++) {
        const vd_track *next = vd_image_track(img, img->sessions[s + 1].first_track);
        int32_t resume = next ? next->start - 150 : img->sessions[s].leadout;
        if (next && next->index[0] >= 0 && next->index[0] < resume)
            resume = next->index[0];
        if (lba >= img->sessions[s].leadout && lba < resume)
            return false;
    }
    return true;
}

bool vd_drive_overread(const vd_drive *d, int32_t lba)
{
    const vd_image *img = d->img;
    if (img->kind != VD_CD || d->overread <= 0 || vd_drive_addressable(d, lba))
        return false;
    if (lba < 0)
        return lba >= -d->overread && img->n_tracks > 0 && !(img->tracks[0].control & 4);
    for (int s = 0; s < img->n_sessions; s++) {
        const vd_session *se = &img->sessions[s];
        const vd_track *last = vd_image_track(img, se->last_track);
        if (last && !(last->control & 4) && lba >= se->leadout && lba < se->leadout + d->overread)
            return true;
    }
    return false;
}

/* READ CD (cdda false: data sectors as stored, audio shifted) or CD-DA
 * (cdda true: everything shifted from the surface view), with faults. */
static int read_sector(vd_drive *d, int32_t lba, uint8_t *out, uint8_t *c2, bool cdda)
{
    size_t bs = vd_image_block_size(d->img);
    if (c2)
        memset(c2, 0, 294);
    if (!vd_drive_addressable(d, lba)) {
        if (!vd_drive_overread(d, lba))
            return VD_READ_OUT_OF_RANGE;
        read_shifted(d, lba, out);   /* lead-in/lead-out: silence plus what the shift pulls in */
        return VD_READ_OK;
    }
    char st = vd_drive_fault(d, lba);
    if (st == '-')
        return VD_READ_UNREADABLE;
    if (vd_cache_lookup(d, lba, cdda, out, c2))
        return VD_READ_OK;       /* the drive's buffer, not the disc */
    if (cdda || (d->img->kind == VD_CD && d->offset != 0 &&
                 vd_drive_sector_kind(d, lba) == VD_SEC_AUDIO))
        read_shifted(d, lba, out);
    else if (!vd_image_read(d->img, lba, out))
        return VD_READ_UNREADABLE;
    if (st == '/' || st == '*') {
        uint32_t seed = mix((uint32_t)lba * 2654435761u ^ mix(++d->read_count));
        int n = 1 + (int)(seed % 16);
        for (int k = 0; k < n; k++) {
            seed = mix(seed + (uint32_t)k + 1);
            size_t pos = seed % bs;
            uint8_t x = (uint8_t)(1 + (seed >> 20) % 255);
            out[pos] ^= x;
            if (c2 && pos < 2352)
                c2[pos / 8] |= (uint8_t)(0x80 >> (pos % 8));
        }
    }
    if (bs == 2352)
        vd_cache_store(d, lba, cdda, out, c2);
    return VD_READ_OK;
}

int vd_drive_read_raw(vd_drive *d, int32_t lba, uint8_t *out, uint8_t *c2)
{
    return read_sector(d, lba, out, c2, false);
}

int vd_drive_read_cdda(vd_drive *d, int32_t lba, uint8_t out[2352], uint8_t c2[294])
{
    if (d->img->kind != VD_CD)
        return VD_READ_UNREADABLE;
    return read_sector(d, lba, out, c2, true);
}

int vd_drive_read_user(vd_drive *d, int32_t lba, uint8_t out[2048])
{
    if (d->img->kind != VD_CD)
        return vd_drive_read_raw(d, lba, out, NULL);
    uint8_t raw[2352];
    int kind = vd_drive_sector_kind(d, lba);
    if (kind != VD_SEC_MODE1 && kind != VD_SEC_FORM1)
        return VD_READ_UNREADABLE;
    int r = vd_drive_read_raw(d, lba, raw, NULL);
    if (r == VD_READ_OK)
        memcpy(out, raw + (kind == VD_SEC_MODE1 ? 16 : 24), 2048);
    return r;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void vd_drive_charge(vd_drive *d, int32_t lba, int32_t count)
{
    double x = d->speed_x;
    if (x > 0 && d->speed_cap_x > 0 && d->speed_cap_x < x)
        x = d->speed_cap_x;
    double ms = d->cmd_ms;
    d->charges++;
    if (count > 0) {
        if (lba != d->head)
            ms += d->seek_ms;
        if (x > 0) {
            double rate = d->profile == VD_CD ? 75.0 : d->profile == VD_DVD ? 676.5 : 2197.0;
            ms += 1000.0 * count / (rate * x);
        }
        for (int32_t i = 0; i < count && d->fault_status; i++)
            if (vd_drive_fault(d, lba + i) == '?')
                ms += d->slow_ms;
        d->head = lba + count;
    }
    if (ms <= 0)
        return;
    int64_t now = now_ns();
    int64_t start = d->busy_until_ns > now ? d->busy_until_ns : now;
    d->busy_until_ns = start + (int64_t)(ms * 1e6);
    if (!d->in_exec)
        vd_drive_wait(d);
}

void vd_drive_wait(vd_drive *d)
{
    if (d->busy_until_ns <= now_ns())
        return;
    struct timespec ts = { .tv_sec = d->busy_until_ns / 1000000000,
                           .tv_nsec = d->busy_until_ns % 1000000000 };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}
