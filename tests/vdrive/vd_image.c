/* vd_image.c: the disc image behind the virtual drive.  Loads a CloneCD
 * set (.ccd text with the full TOC, CD-TEXT, tracks; .img of 2352-byte
 * sectors from LBA 0; optional .sub of 96-byte packed subchannel) or an
 * ISO (2048-byte blocks, served as a DVD/BD), and reads sectors by LBA.
 * The .ccd reader here is deliberately small and separate from the
 * project's own parser so that a rip through this drive is checked
 * against an independent reading of the same file.
 */
#define _GNU_SOURCE
#include "vd.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && errlen)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            char *nb = cap < (16u << 20) ? realloc(buf, cap * 2 + 1) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            buf = NULL;
            break;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

/* Per [TRACK n] data collected before the TOC is turned into tracks. */
typedef struct {
    int mode;                    /* -1 unknown */
    char isrc[13];
    int n_index;
    int32_t index[100];
} ccd_track_info;

static bool parse_int(const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 0);
    if (errno || end == v || *trim(end))
        return false;
    *out = x;
    return true;
}

static bool ccd_parse(vd_image *img, char *text, ccd_track_info *ti, char *err, size_t errlen)
{
    enum { S_NONE, S_DISC, S_CDTEXT, S_ENTRY, S_TRACK, S_OTHER } sec = S_NONE;
    int cur = -1, lineno = 0;
    size_t cdtext_cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        char *l = trim(line);
        if (!*l || *l == ';')
            continue;
        if (*l == '[') {
            char *close = strchr(l, ']');
            if (!close) {
                set_err(err, errlen, "ccd:%d:1: unterminated section name", lineno);
                return false;
            }
            *close = '\0';
            char *name = l + 1;
            cur = -1;
            if (!strcasecmp(name, "Disc"))
                sec = S_DISC;
            else if (!strcasecmp(name, "CDText"))
                sec = S_CDTEXT;
            else if (!strncasecmp(name, "Entry ", 6)) {
                sec = S_ENTRY;
                cur = atoi(name + 6);
                if (cur < 0 || cur >= 512) {
                    set_err(err, errlen, "ccd:%d:2: entry number out of range", lineno);
                    return false;
                }
                if (cur >= img->n_toc)
                    img->n_toc = cur + 1;
            } else if (!strncasecmp(name, "TRACK ", 6)) {
                sec = S_TRACK;
                cur = atoi(name + 6);
                if (cur < 1 || cur > 99) {
                    set_err(err, errlen, "ccd:%d:2: track number out of range", lineno);
                    return false;
                }
            } else
                sec = S_OTHER;
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *key = trim(l), *val = trim(eq + 1);
        long v = 0;
        bool num = parse_int(val, &v);
        if (sec == S_DISC) {
            if (!strcasecmp(key, "CATALOG")) {
                snprintf(img->mcn, sizeof img->mcn, "%s", val);
            }
        } else if (sec == S_CDTEXT && !strncasecmp(key, "Entry ", 6)) {
            if (img->cdtext_len + 18 > cdtext_cap) {
                cdtext_cap = cdtext_cap ? cdtext_cap * 2 : 18 * 64;
                uint8_t *nb = realloc(img->cdtext, cdtext_cap);
                if (!nb) {
                    set_err(err, errlen, "out of memory");
                    return false;
                }
                img->cdtext = nb;
            }
            uint8_t *pack = img->cdtext + img->cdtext_len;
            char *p = val;
            int n = 0;
            while (n < 16 && *p) {
                char *end;
                unsigned long b = strtoul(p, &end, 16);
                if (end == p || b > 255)
                    break;
                pack[n++] = (uint8_t)b;
                p = end;
            }
            if (n != 16) {
                set_err(err, errlen, "ccd:%d:1: CD-TEXT entry needs 16 hex bytes", lineno);
                return false;
            }
            uint16_t crc = (uint16_t)~vd_crc16(pack, 16);
            pack[16] = (uint8_t)(crc >> 8);
            pack[17] = (uint8_t)crc;
            img->cdtext_len += 18;
        } else if (sec == S_ENTRY && num) {
            vd_toc_entry *e = &img->toc[cur];
            uint8_t b = (uint8_t)v;
            if (!strcasecmp(key, "Session")) e->session = b;
            else if (!strcasecmp(key, "Point")) e->point = b;
            else if (!strcasecmp(key, "ADR")) e->adr = b;
            else if (!strcasecmp(key, "Control")) e->control = b;
            else if (!strcasecmp(key, "TrackNo")) e->tno = b;
            else if (!strcasecmp(key, "AMin")) e->min = b;
            else if (!strcasecmp(key, "ASec")) e->sec = b;
            else if (!strcasecmp(key, "AFrame")) e->frame = b;
            else if (!strcasecmp(key, "Zero")) e->zero = b;
            else if (!strcasecmp(key, "PMin")) e->pmin = b;
            else if (!strcasecmp(key, "PSec")) e->psec = b;
            else if (!strcasecmp(key, "PFrame")) e->pframe = b;
        } else if (sec == S_TRACK) {
            ccd_track_info *t = &ti[cur - 1];
            if (!strcasecmp(key, "MODE") && num)
                t->mode = (int)v;
            else if (!strcasecmp(key, "ISRC"))
                snprintf(t->isrc, sizeof t->isrc, "%s", val);
            else if (!strncasecmp(key, "INDEX ", 6) && num) {
                int i = atoi(key + 6);
                if (i >= 0 && i < 100) {
                    t->index[i] = (int32_t)v;
                    if (i + 1 > t->n_index)
                        t->n_index = i + 1;
                }
            }
        }
    }
    return true;
}

/* Turn the full TOC into sessions and tracks. */
static bool ccd_derive(vd_image *img, const ccd_track_info *ti, char *err, size_t errlen)
{
    for (int i = 0; i < img->n_toc; i++) {
        const vd_toc_entry *e = &img->toc[i];
        int s = e->session;
        if (s < 1 || s > 99) {
            set_err(err, errlen, "ccd: entry %d has session %d", i, s);
            return false;
        }
        if (s > img->n_sessions)
            img->n_sessions = s;
        vd_session *ses = &img->sessions[s - 1];
        ses->number = s;
        if (e->adr != 1)
            continue;
        int32_t plba = vd_msf_to_lba(e->pmin, e->psec, e->pframe);
        if (e->point >= 1 && e->point <= 99) {
            if (img->n_tracks >= 99) {
                set_err(err, errlen, "ccd: too many tracks");
                return false;
            }
            vd_track *t = &img->tracks[img->n_tracks++];
            memset(t, 0, sizeof *t);
            t->number = e->point;
            t->session = s;
            t->control = e->control & 0x0F;
            t->start = plba;
        } else if (e->point == 0xA0) {
            ses->first_track = e->pmin;
            ses->format = e->psec;
        } else if (e->point == 0xA1) {
            ses->last_track = e->pmin;
        } else if (e->point == 0xA2) {
            ses->leadout = plba;
        }
    }
    if (img->n_tracks == 0) {
        set_err(err, errlen, "ccd: the TOC has no tracks");
        return false;
    }
    /* Order tracks by number (the TOC lists them per session). */
    for (int i = 1; i < img->n_tracks; i++)
        for (int j = i; j > 0 && img->tracks[j].number < img->tracks[j - 1].number; j--) {
            vd_track tmp = img->tracks[j];
            img->tracks[j] = img->tracks[j - 1];
            img->tracks[j - 1] = tmp;
        }
    img->leadout = 0;
    for (int s = 0; s < img->n_sessions; s++)
        if (img->sessions[s].leadout > img->leadout)
            img->leadout = img->sessions[s].leadout;
    for (int i = 0; i < img->n_tracks; i++) {
        vd_track *t = &img->tracks[i];
        const ccd_track_info *inf = &ti[t->number - 1];
        if (i + 1 < img->n_tracks && img->tracks[i + 1].session == t->session)
            t->end = img->tracks[i + 1].start;
        else
            t->end = img->sessions[t->session - 1].leadout;
        t->mode = inf->mode >= 0 ? inf->mode : ((t->control & 4) ? 1 : 0);
        memcpy(t->isrc, inf->isrc, sizeof t->isrc);
        t->n_index = inf->n_index >= 2 ? inf->n_index : 2;
        for (int k = 0; k < t->n_index; k++)
            t->index[k] = k < inf->n_index ? inf->index[k] : -1;
        t->index[1] = t->start;
        if (inf->n_index < 1 || inf->index[0] < 0 || inf->index[0] >= t->start)
            t->index[0] = -1;
    }
    return true;
}

static char *replace_ext(const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    size_t stem = (dot && (!slash || dot > slash)) ? (size_t)(dot - path) : strlen(path);
    char *out = malloc(stem + strlen(ext) + 1);
    if (out) {
        memcpy(out, path, stem);
        strcpy(out + stem, ext);
    }
    return out;
}

static vd_image *open_iso(vd_image *img, const char *path, char *err, size_t errlen)
{
    img->img_fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (img->img_fd < 0 || fstat(img->img_fd, &st) < 0) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        vd_image_free(img);
        return NULL;
    }
    img->kind = VD_DVD;
    img->n_sectors = (int32_t)(st.st_size / 2048);
    img->leadout = img->n_sectors;
    img->n_sessions = 1;
    img->sessions[0] = (vd_session){ .number = 1, .first_track = 1, .last_track = 1,
                                     .leadout = img->n_sectors };
    img->n_tracks = 1;
    vd_track *t = &img->tracks[0];
    t->number = 1;
    t->session = 1;
    t->control = 4;
    t->mode = 1;
    t->start = 0;
    t->end = img->n_sectors;
    t->n_index = 2;
    t->index[0] = -1;
    t->index[1] = 0;
    return img;
}

vd_image *vd_image_open(const char *path, char *err, size_t errlen)
{
    vd_image *img = calloc(1, sizeof *img);
    if (!img) {
        set_err(err, errlen, "out of memory");
        return NULL;
    }
    img->img_fd = img->sub_fd = -1;
    size_t plen = strlen(path);
    if (plen < 4 || strcasecmp(path + plen - 4, ".ccd") != 0)
        return open_iso(img, path, err, errlen);

    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        set_err(err, errlen, "%s: %s", path, strerror(errno ? errno : ENOMEM));
        vd_image_free(img);
        return NULL;
    }
    ccd_track_info *ti = calloc(99, sizeof *ti);
    bool ok = ti != NULL;
    for (int i = 0; ok && i < 99; i++) {
        ti[i].mode = -1;
        for (int k = 0; k < 100; k++)
            ti[i].index[k] = -1;
    }
    ok = ok && ccd_parse(img, text, ti, err, errlen) && ccd_derive(img, ti, err, errlen);
    free(ti);
    free(text);
    if (!ok) {
        vd_image_free(img);
        return NULL;
    }
    char *imgpath = replace_ext(path, ".img"), *subpath = replace_ext(path, ".sub");
    if (!imgpath || !subpath) {
        free(imgpath);
        free(subpath);
        vd_image_free(img);
        return NULL;
    }
    img->img_fd = open(imgpath, O_RDONLY | O_CLOEXEC);
    img->sub_fd = open(subpath, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (img->img_fd < 0 || fstat(img->img_fd, &st) < 0) {
        set_err(err, errlen, "%s: %s", imgpath, strerror(errno));
        free(imgpath);
        free(subpath);
        vd_image_free(img);
        return NULL;
    }
    free(imgpath);
    free(subpath);
    img->kind = VD_CD;
    img->n_sectors = (int32_t)(st.st_size / 2352);
    if (img->leadout <= 0)       /* no A2 entry: the image ends the disc */
        img->leadout = img->n_sectors;
    for (int i = 0; i < img->n_tracks; i++)
        if (img->tracks[i].end <= img->tracks[i].start)
            img->tracks[i].end = img->leadout;
    return img;
}

void vd_image_free(vd_image *img)
{
    if (!img)
        return;
    if (img->img_fd >= 0)
        close(img->img_fd);
    if (img->sub_fd >= 0)
        close(img->sub_fd);
    free(img->cdtext);
    free(img);
}

size_t vd_image_block_size(const vd_image *img)
{
    return img->kind == VD_CD ? 2352 : 2048;
}

static bool pread_all(int fd, uint8_t *out, size_t len, off_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, out + done, len - done, off + (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        done += (size_t)r;
    }
    return true;
}

bool vd_image_read(const vd_image *img, int32_t lba, uint8_t *out)
{
    if (lba < 0 || lba >= img->n_sectors)
        return false;
    size_t bs = vd_image_block_size(img);
    return pread_all(img->img_fd, out, bs, (off_t)lba * (off_t)bs);
}

const vd_track *vd_image_track(const vd_image *img, int number)
{
    for (int i = 0; i < img->n_tracks; i++)
        if (img->tracks[i].number == number)
            return &img->tracks[i];
    return NULL;
}

const vd_track *vd_image_track_at(const vd_image *img, int32_t lba)
{
    const vd_track *found = NULL;
    for (int i = 0; i < img->n_tracks; i++) {
        const vd_track *t = &img->tracks[i];
        int32_t first = t->index[0] >= 0 ? t->index[0] : t->start;
        if (i == 0 && first > 0 && lba >= 0)
            first = 0;
        if (lba >= first && lba < t->end)
            found = t;
    }
    return found;
}

bool vd_image_read_sub(const vd_image *img, int32_t lba, uint8_t packed[96])
{
    if (lba < 0 || lba >= img->n_sectors)
        return false;
    if (img->sub_fd >= 0 && pread_all(img->sub_fd, packed, 96, (off_t)lba * 96))
        return true;
    memset(packed, 0, 96);
    const vd_track *t = vd_image_track_at(img, lba);
    if (!t) {
        vd_q_position(packed + 12, 0, 0xAA, 1, 0, lba);
        return true;
    }
    int index = 1;
    for (int k = 2; k < t->n_index; k++)
        if (t->index[k] >= 0 && lba >= t->index[k])
            index = k;
    if (lba < t->start) {
        index = 0;
        memset(packed, 0xFF, 12);
    }
    vd_q_position(packed + 12, t->control, t->number, index, lba - t->start, lba);
    return true;
}
