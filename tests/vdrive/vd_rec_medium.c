/* vd_rec_medium.c: the recordable medium behind the virtual drive: the
 * kinds of media and their profiles, loading DIR/medium.json (or a blank
 * medium for an empty DIR), the next writable address and free space,
 * saving the state and rebuilding the image the drive reads after every
 * closed track or session, wiping (blank), the kernel ioctls whose
 * answers depend on the recorded state, and exclusive opens: an O_EXCL
 * open takes a lock on DIR/.lock, so a second process opening the same
 * medium exclusively gets EBUSY as from a drive the kernel holds.
 */
#define _GNU_SOURCE
#include "vd_rec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct {
    const char *name;
    int profile;
    int32_t capacity;            /* CD: last possible lead-out start; else sectors */
} media[VD_MED_COUNT] = {
    [VD_MED_CDR] = { "cd-r", 0x09, 359849 },       /* 80 min: lead-out at 79:59:74 */
    [VD_MED_CDRW] = { "cd-rw", 0x0A, 359849 },
    [VD_MED_DVDR] = { "dvd-r", 0x11, 2295104 },    /* 4,700,372,992 bytes */
    [VD_MED_DVDRW] = { "dvd-rw", 0x14, 2295104 },
    [VD_MED_DVDPR] = { "dvd+r", 0x1B, 2295104 },
    [VD_MED_DVDPRW] = { "dvd+rw", 0x1A, 2295104 },
    [VD_MED_BDR] = { "bd-r", 0x41, 12219392 },     /* 25 GB */
    [VD_MED_BDRE] = { "bd-re", 0x43, 12219392 },
};


int32_t vd_rec_default_capacity(vd_med m)
{
    return m < VD_MED_COUNT ? media[m].capacity : 359849;
}

const char *vd_rec_med_name(vd_med m)
{
    return m < VD_MED_COUNT ? media[m].name : "?";
}

bool vd_rec_is_cd(const vd_rec *r)
{
    return r->med == VD_MED_CDR || r->med == VD_MED_CDRW;
}

bool vd_rec_is_bd(const vd_rec *r)
{
    return r->med == VD_MED_BDR || r->med == VD_MED_BDRE;
}

bool vd_rec_random(const vd_rec *r)
{
    return r->med == VD_MED_DVDPRW || r->med == VD_MED_BDRE || (r->med == VD_MED_DVDRW && r->formatted);
}

bool vd_rec_erasable(const vd_rec *r)
{
    return r->med == VD_MED_CDRW || r->med == VD_MED_DVDRW;
}

int64_t vd_rec_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

vd_rec_session *vd_rec_open_session(vd_rec *r)
{
    if (r->n_sessions && !r->sessions[r->n_sessions - 1].closed)
        return &r->sessions[r->n_sessions - 1];
    return NULL;
}

vd_rec_track *vd_rec_open_track(vd_rec *r)
{
    if (r->n_tracks && r->tracks[r->n_tracks - 1].state == VD_TR_OPEN)
        return &r->tracks[r->n_tracks - 1];
    return NULL;
}

/* Blocks a closed session costs before the next one may start (its
 * lead-out and the next lead-in, or a DVD border / session closure). */
static int32_t session_gap(const vd_rec *r, int closed_sessions)
{
    switch (r->med) {
    case VD_MED_CDR:
    case VD_MED_CDRW:
        return (closed_sessions == 1 ? 6750 : 2250) + 4500;
    case VD_MED_DVDR:
    case VD_MED_DVDRW:
        return closed_sessions == 1 ? 6144 + 2048 : 2048 + 2048;   /* border-out + border-in */
    case VD_MED_DVDPR:
        return 2048;             /* session closure */
    default:
        return 0;                /* BD-R: the next cluster */
    }
}

static int32_t align_up(int32_t v, int32_t a)
{
    return v <= 0 ? 0 : (v + a - 1) / a * a;
}

int32_t vd_rec_nwa(const vd_rec *r)
{
    if (vd_rec_random(r))
        return r->formatted ? 0 : -1;
    if (r->status == VD_ST_COMPLETE)
        return -1;
    const vd_rec_track *last = r->n_tracks ? &r->tracks[r->n_tracks - 1] : NULL;
    bool cd = vd_rec_is_cd(r);
    if (!last)
        return 0;
    if (last->state == VD_TR_DAMAGED)
        return -1;
    if (last->state == VD_TR_OPEN)
        return last->next;
    const vd_rec_session *s = &r->sessions[r->n_sessions - 1];
    if (!s->closed) {
        if (last->reserved && last->next < last->start + last->reserved)
            return last->next;   /* a reserved track still being filled */
        return cd ? last->end + 150 : align_up(last->end, vd_rec_is_bd(r) ? 32 : 16);
    }
    if (!s->multi)
        return -1;
    int32_t next = s->leadout + session_gap(r, r->n_sessions);
    return cd ? next + 150 : align_up(next, vd_rec_is_bd(r) ? 32 : 16);
}

int32_t vd_rec_free_blocks(const vd_rec *r)
{
    if (vd_rec_random(r))
        return r->formatted ? r->capacity : 0;
    int32_t nwa = vd_rec_nwa(r);
    if (nwa < 0)
        return 0;
    const vd_rec_track *ot = r->n_tracks ? &r->tracks[r->n_tracks - 1] : NULL;
    if (ot && ot->reserved && ot->state != VD_TR_DAMAGED && nwa < ot->start + ot->reserved)
        return ot->start + ot->reserved - nwa;
    return r->capacity > nwa ? r->capacity - nwa : 0;
}

static char *dir_file(const vd_rec *r, const char *name)
{
    size_t n = strlen(r->dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", r->dir, name);
    return p;
}

static vd_image *empty_image(const vd_rec *r)
{
    vd_image *img = calloc(1, sizeof *img);
    if (!img)
        return NULL;
    img->img_fd = img->sub_fd = -1;
    img->kind = vd_rec_is_cd(r) ? VD_CD : VD_DVD;
    return img;
}

/* The image the drive reads: disc.ccd (CD, once a session is closed),
 * disc.iso (DVD/BD, once something is written), else nothing. */
static vd_image *load_image(const vd_rec *r, char *err, size_t errlen)
{
    bool cd = vd_rec_is_cd(r);
    char *path = dir_file(r, cd ? "disc.ccd" : "disc.iso");
    if (!path) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    vd_image *img = NULL;
    struct stat st;
    bool have = stat(path, &st) == 0;
    if (cd) {
        bool closed = false;
        for (int i = 0; i < r->n_sessions; i++)
            closed |= r->sessions[i].closed;
        have = have && closed;
    }
    if (have)
        img = vd_image_open(path, err, errlen);
    else
        img = empty_image(r);
    free(path);
    if (!img && !*err)
        snprintf(err, errlen, "out of memory");
    return img;
}

static bool read_file(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap >= (4u << 20)) {
                free(buf);
                buf = NULL;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return false;
    *text = buf;
    *len = n;
    return true;
}

/* What the .ccd keeps and medium.json does not: indexes, ISRCs, the MCN
 * and CD-TEXT of the sessions recorded before. */
static void take_details(vd_rec *r, const vd_image *img)
{
    for (int i = 0; i < r->n_tracks; i++) {
        vd_rec_track *t = &r->tracks[i];
        for (int k = 0; k < 100; k++)
            t->index[k] = -1;
        t->index[0] = t->pregap ? t->start - t->pregap : -1;
        t->index[1] = t->start;
        t->n_index = 2;
        const vd_track *it = img->n_tracks ? vd_image_track(img, t->number) : NULL;
        if (!it || it->start != t->start)
            continue;
        memcpy(t->isrc, it->isrc, sizeof t->isrc);
        for (int k = 2; k < it->n_index && k < 100; k++)
            t->index[k] = it->index[k];
        if (it->n_index > 2)
            t->n_index = it->n_index;
    }
    if (img->kind == VD_CD) {
        memcpy(r->disc_mcn, img->mcn, sizeof r->disc_mcn);
        r->disc_mcn[13] = '\0';
        if (img->cdtext_len && (r->disc_cdtext = malloc(img->cdtext_len))) {
            memcpy(r->disc_cdtext, img->cdtext, img->cdtext_len);
            r->disc_cdtext_len = img->cdtext_len;
        }
    }
}

static bool parse_faults(vd_rec *r, const char *spec, char *err, size_t errlen)
{
    r->faults.write_error_lba = r->faults.removed_lba = r->faults.corrupt_lba = INT32_MIN;
    if (!spec || !*spec)
        return true;
    char *copy = strdup(spec), *save = NULL;
    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    bool ok = true;
    for (char *tok = strtok_r(copy, ",", &save); ok && tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        long v = 0;
        if (eq) {
            char *end;
            *eq = '\0';
            errno = 0;
            v = strtol(eq + 1, &end, 0);
            if (end == eq + 1 || *end || errno || v < -200000 || v > 0x7FFFFFF0) {
                snprintf(err, errlen, "DW_VDRIVE_WRITE_FAULTS: %s needs an LBA", tok);
                ok = false;
                break;
            }
        }
        if (!strcmp(tok, "write-error") && eq)
            r->faults.write_error_lba = (int32_t)v;
        else if (!strcmp(tok, "removed") && eq)
            r->faults.removed_lba = (int32_t)v;
        else if (!strcmp(tok, "corrupt") && eq)
            r->faults.corrupt_lba = (int32_t)v;
        else if (!strcmp(tok, "opc") && !eq)
            r->faults.opc_fail = true;
        else if (!strcmp(tok, "busy") && !eq)
            r->faults.busy = true;
        else {
            snprintf(err, errlen,
                     "DW_VDRIVE_WRITE_FAULTS: unknown fault '%s' (write-error=LBA, removed=LBA, corrupt=LBA, opc, busy)",
                     tok);
            ok = false;
        }
    }
    free(copy);
    return ok;
}

static bool set_medium(vd_rec *r, const char *name)
{
    for (int m = 0; m < VD_MED_COUNT; m++)
        if (!strcasecmp(name, media[m].name)) {
            r->med = (vd_med)m;
            return true;
        }
    return false;
}

bool vd_rec_attach(vd_drive *d, char *err, size_t errlen)
{
    const char *name = getenv("DW_VDRIVE_MEDIUM"), *dir = getenv("DW_VDRIVE_DISC");
    if (!dir || !*dir) {
        snprintf(err, errlen, "DW_VDRIVE_MEDIUM needs DW_VDRIVE_DISC (the directory holding the medium)");
        return false;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: not a directory", dir);
        return false;
    }
    vd_rec *r = calloc(1, sizeof *r);
    if (!r || !(r->dir = strdup(dir))) {
        free(r);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    r->img_fd = r->sub_fd = r->iso_fd = r->lock_fd = r->lock_owner_fd = -1;
    d->rec = r;
    if (!set_medium(r, name)) {
        snprintf(err, errlen, "DW_VDRIVE_MEDIUM must be cd-r, cd-rw, dvd-r, dvd-rw, dvd+r, dvd+rw, bd-r or bd-re");
        return false;
    }
    if (!parse_faults(r, getenv("DW_VDRIVE_WRITE_FAULTS"), err, errlen))
        return false;
    char *json = dir_file(r, "medium.json");
    char *text = NULL;
    size_t len = 0;
    if (json && read_file(json, &text, &len)) {
        vd_med wanted = r->med;
        bool ok = vd_rec_json_parse(r, text, len, err, errlen);
        free(text);
        if (ok && r->med != wanted) {
            snprintf(err, errlen, "%s holds a %s, not a %s", dir, vd_rec_med_name(r->med), name);
            ok = false;
        }
        if (!ok) {
            free(json);
            return false;
        }
    } else {
        r->status = VD_ST_BLANK;
        r->formatted = false;
        r->capacity = media[r->med].capacity;
    }
    free(json);
    r->profile = media[r->med].profile;
    if (r->med == VD_MED_DVDRW && r->formatted)
        r->profile = 0x13;       /* restricted overwrite */
    if (!r->leadin_start)
        r->leadin_start = VD_REC_CD_LEADIN_START;
    const char *cap = getenv("DW_VDRIVE_CAPACITY");
    if (cap && *cap) {
        char *end;
        long v = strtol(cap, &end, 0);
        if (end == cap || *end || v < 300 || v > 0x7FFFFFF0) {
            snprintf(err, errlen, "DW_VDRIVE_CAPACITY must be a sector count of at least 300");
            return false;
        }
        r->capacity = (int32_t)v;
    }
    d->profile = vd_rec_is_cd(r) ? VD_CD : vd_rec_is_bd(r) ? VD_BD : VD_DVD;
    d->img = load_image(r, err, errlen);
    if (!d->img)
        return false;
    take_details(r, d->img);
    return true;
}

void vd_rec_free(vd_rec *r)
{
    if (!r)
        return;
    if (r->img_fd >= 0)
        close(r->img_fd);
    if (r->sub_fd >= 0)
        close(r->sub_fd);
    if (r->iso_fd >= 0)
        close(r->iso_fd);
    if (r->lock_fd >= 0)
        close(r->lock_fd);
    free(r->cdtext);
    free(r->disc_cdtext);
    free(r->dir);
    free(r);
}

bool vd_rec_open_files(vd_rec *r)
{
    if (vd_rec_is_cd(r)) {
        if (r->img_fd < 0) {
            char *p = dir_file(r, "disc.img");
            r->img_fd = p ? open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
            free(p);
        }
        if (r->sub_fd < 0) {
            char *p = dir_file(r, "disc.sub");
            r->sub_fd = p ? open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
            free(p);
        }
        return r->img_fd >= 0 && r->sub_fd >= 0;
    }
    if (r->iso_fd < 0) {
        char *p = dir_file(r, "disc.iso");
        r->iso_fd = p ? open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
        free(p);
    }
    return r->iso_fd >= 0;
}

static bool write_atomic(const vd_rec *r, const char *name, const char *text)
{
    char *path = dir_file(r, name), *tmp = NULL;
    bool ok = false;
    if (path && (tmp = malloc(strlen(path) + 5))) {
        sprintf(tmp, "%s.tmp", path);
        FILE *f = fopen(tmp, "we");
        if (f) {
            ok = fputs(text, f) >= 0;
            ok = (fclose(f) == 0) && ok;
            ok = ok && rename(tmp, path) == 0;
            if (!ok)
                unlink(tmp);
        }
    }
    free(tmp);
    free(path);
    return ok;
}

bool vd_rec_commit(vd_drive *d)
{
    vd_rec *r = d->rec;
    char *json = vd_rec_json_write(r);
    bool ok = json && write_atomic(r, "medium.json", json);
    free(json);
    if (vd_rec_is_cd(r))
        ok = vd_rec_cd_write_ccd(d) && ok;
    if (r->iso_fd >= 0)
        fsync(r->iso_fd);
    char err[256] = "";
    vd_image *img = load_image(r, err, sizeof err);
    if (img) {
        vd_image_free(d->img);
        d->img = img;
    } else {
        vd_drive_log(d, "recorder: cannot reload the image: %s", err);
        ok = false;
    }
    vd_drive_log(d, "recorder: committed %s, %d sessions, %d tracks, nwa %d", vd_rec_med_name(r->med),
                 r->n_sessions, r->n_tracks, (int)vd_rec_nwa(r));
    return ok;
}

void vd_rec_wipe(vd_drive *d, bool keep_formatted)
{
    vd_rec *r = d->rec;
    static const char *files[] = { "disc.ccd", "disc.img", "disc.sub", "disc.iso" };
    if (r->img_fd >= 0)
        close(r->img_fd);
    if (r->sub_fd >= 0)
        close(r->sub_fd);
    if (r->iso_fd >= 0)
        close(r->iso_fd);
    r->img_fd = r->sub_fd = r->iso_fd = -1;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = dir_file(r, files[i]);
        if (p)
            unlink(p);
        free(p);
    }
    r->n_sessions = r->n_tracks = 0;
    r->status = VD_ST_BLANK;
    r->recorded_end = 0;
    r->cdtext_len = 0;
    r->cue_valid = false;
    r->disc_mcn[0] = '\0';
    free(r->disc_cdtext);
    r->disc_cdtext = NULL;
    r->disc_cdtext_len = 0;
    if (!keep_formatted)
        r->formatted = false;
    r->profile = media[r->med].profile;
    if (r->med == VD_MED_DVDRW && r->formatted)
        r->profile = 0x13;
}

/* ---- kernel ioctls that depend on the recorded state ---------------------- */

static int fail_errno(int e)
{
    errno = e;
    return -1;
}

bool vd_rec_ioctl(vd_drive *d, unsigned long request, void *arg, int *ret)
{
    vd_rec *r = d->rec;
    bool blank = d->img->n_tracks == 0;
    switch (request) {
    case CDROMREADTOCHDR:
    case CDROMREADTOCENTRY:
    case CDROMSUBCHNL:
    case CDROM_GET_MCN:
        if (!blank)
            return false;
        *ret = fail_errno(EIO);  /* READ TOC fails on a blank disc */
        return true;
    case CDROMMULTISESSION: {
        if (vd_rec_is_cd(r) && !blank)
            return false;        /* the .ccd knows the sessions */
        struct cdrom_multisession *ms = arg;
        if (!ms)
            return (*ret = fail_errno(EFAULT)), true;
        if (ms->addr_format != CDROM_LBA && ms->addr_format != CDROM_MSF)
            return (*ret = fail_errno(EINVAL)), true;
        int32_t lba = 0;
        int closed = 0;
        for (int i = 0; i < r->n_sessions; i++)
            if (r->sessions[i].closed || vd_rec_random(r))
                closed = i + 1;
        if (closed > 1)
            for (int i = 0; i < r->n_tracks; i++)
                if (r->tracks[i].session == closed) {
                    lba = r->tracks[i].start;
                    break;
                }
        ms->xa_flag = closed > 1;
        if (ms->addr_format == CDROM_LBA)
            ms->addr.lba = lba;
        else
            vd_lba_to_msf(lba, &ms->addr.msf.minute, &ms->addr.msf.second, &ms->addr.msf.frame);
        *ret = 0;
        return true;
    }
    case CDROM_DISC_STATUS:
        if (d->ejected)
            return false;
        if (r->status == VD_ST_BLANK || blank) {
            *ret = CDS_NO_INFO;
            return true;
        }
        return false;
    default:
        return false;
    }
}

/* ---- exclusive opens --------------------------------------------------- */

int vd_rec_open(vd_drive *d, int fd, int flags)
{
    vd_rec *r = d->rec;
    if (!(flags & O_EXCL))
        return 0;
    if (r->faults.busy) {
        vd_drive_log(d, "recorder: exclusive open refused (busy fault)");
        return EBUSY;
    }
    if (r->lock_fd >= 0) {
        vd_drive_log(d, "recorder: exclusive open refused (already open exclusively, fd %d)", r->lock_owner_fd);
        return EBUSY;
    }
    char *p = dir_file(r, ".lock");
    int lfd = p ? open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    free(p);
    if (lfd < 0)
        return 0;                /* a read-only DIR: no exclusion */
    if (flock(lfd, LOCK_EX | LOCK_NB) != 0) {
        close(lfd);
        vd_drive_log(d, "recorder: exclusive open refused (another process has the drive)");
        return EBUSY;
    }
    r->lock_fd = lfd;
    r->lock_owner_fd = fd;
    return 0;
}

void vd_rec_close_fd(vd_drive *d, int fd)
{
    vd_rec *r = d->rec;
    if (r->lock_fd >= 0 && r->lock_owner_fd == fd) {
        close(r->lock_fd);
        r->lock_fd = r->lock_owner_fd = -1;
        /* The sr driver allows removal again on the last close. */
        d->locked = false;
    }
}
