/* vd_rec_mmc.c: the status commands a recorder answers, from the state
 * of its medium: GET CONFIGURATION (profile list and the write features
 * of the current profile), READ DISC INFORMATION, READ TRACK
 * INFORMATION, READ TOC/PMA/ATIP, READ CAPACITY, READ FORMAT
 * CAPACITIES, MODE SENSE pages 05 and 2A, GET PERFORMANCE, READ BUFFER
 * CAPACITY, GET EVENT STATUS NOTIFICATION, and the dispatch of every
 * command the recorder handles itself (vd_rec_mmc, called first by
 * vd_mmc_exec).  Reads of what was recorded go on to the drive model,
 * which serves the rebuilt image.  Field layouts follow MMC-6; where
 * drives differ, the comments say what was chosen.
 */
#define _GNU_SOURCE
#include "vd_rec.h"

#include <string.h>

static int reply(const uint8_t *data, size_t len, size_t alloc, uint8_t *buf, size_t buflen, size_t *xfer)
{
    size_t n = len < alloc ? len : alloc;
    if (n > buflen)
        n = buflen;
    if (n)
        memcpy(buf, data, n);
    *xfer = n;
    return 0;
}

static void put_msf(uint8_t *p, int32_t lba)
{
    p[0] = 0;
    vd_lba_to_msf(lba, &p[1], &p[2], &p[3]);
}

/* ---- GET CONFIGURATION ------------------------------------------------ */

static const int all_profiles[] = { 0x43, 0x41, 0x40, 0x1B, 0x1A, 0x14, 0x13, 0x11, 0x10, 0x0A, 0x09, 0x08 };

typedef struct {
    int code;
    bool current;
    uint8_t version;
    uint8_t data[64];
    size_t len;
} feat;

static size_t features(const vd_drive *d, feat *f, size_t max)
{
    const vd_rec *r = d->rec;
    int p = r->profile;
    bool cd = p == 0x09 || p == 0x0A, dvdm = p == 0x11 || p == 0x14, dvdp = p == 0x1A || p == 0x1B,
         bd = p == 0x41 || p == 0x43, random = vd_rec_random(r) && r->formatted;
    size_t n = 0;
#define F(c, cur, ver) (f[n] = (feat){ .code = (c), .current = (cur), .version = (ver) }, &f[n++])
    feat *x;
    x = F(0x0000, true, 0);              /* profile list */
    for (size_t i = 0; i < sizeof all_profiles / sizeof all_profiles[0]; i++) {
        x->data[x->len] = (uint8_t)(all_profiles[i] >> 8);
        x->data[x->len + 1] = (uint8_t)all_profiles[i];
        x->data[x->len + 2] = all_profiles[i] == p ? 1 : 0;
        x->len += 4;
    }
    x = F(0x0001, true, 2);              /* core: ATAPI, INQUIRY2 */
    vd_put_be32(x->data, 2);
    x->data[4] = 0x01;
    x->len = 8;
    x = F(0x0002, true, 1);              /* morphing: asynchronous events */
    x->data[0] = 0x02;
    x->len = 4;
    x = F(0x0003, true, 0);              /* removable medium: tray, eject, lock */
    x->data[0] = 0x29;
    x->len = 4;
    x = F(0x0010, !cd && !d->ejected, 0);   /* random readable */
    vd_put_be32(x->data, 2048);
    vd_put_be16(x->data + 4, bd ? 32 : 16);
    x->len = 8;
    x = F(0x001D, cd, 0);                /* multi-read */
    x = F(0x001E, cd, 2);                /* CD read: CD-TEXT, C2 */
    x->data[0] = 0x03;
    x->len = 4;
    x = F(0x001F, dvdm || dvdp, 1);      /* DVD read */
    x->len = 4;
    x = F(0x0020, random, 1);            /* random writable */
    vd_put_be32(x->data, (uint32_t)(r->capacity - 1));
    vd_put_be32(x->data + 4, 2048);
    vd_put_be16(x->data + 8, bd ? 32 : 16);
    x->data[10] = 0x01;                  /* PP */
    x->len = 12;
    x = F(0x0021, cd || dvdm || p == 0x41, 1);   /* incremental streaming writable */
    vd_put_be16(x->data, cd ? 0x3FFF : 0x0100);  /* data block types: CD all, DVD mode 1 only */
    x->data[2] = 0x01;                   /* BUF */
    x->data[3] = 1;                      /* one link size */
    x->data[4] = cd ? 7 : 16;
    x->len = 8;
    x = F(0x0023, p == 0x1A || p == 0x43 || p == 0x14 || p == 0x13 || p == 0x41, 1);   /* formattable */
    x->data[0] = bd ? 0x05 : 0x00;       /* BD: Cert, Expand */
    x->data[4] = 0x01;                   /* RRM */
    x->len = 8;
    x = F(0x0024, p == 0x43, 0);         /* defect management */
    x->data[0] = 0x80;                   /* SSA */
    x->len = 4;
    x = F(0x0026, p == 0x13 || p == 0x1A, 0);   /* random writable in blocks (restricted overwrite) */
    x = F(0x0027, p == 0x0A, 0);         /* CD-RW CAV write */
    x->len = 4;
    x = F(0x0028, false, 0);             /* MRW */
    x->len = 4;
    x = F(0x002A, p == 0x1A, 1);         /* DVD+RW: write, quick start */
    x->data[0] = 0x01;
    x->data[1] = 0x01;
    x->len = 4;
    x = F(0x002B, p == 0x1B, 0);         /* DVD+R: write */
    x->data[0] = 0x01;
    x->len = 4;
    x = F(0x002C, p == 0x13, 1);         /* rigid restricted overwrite: blank, intermediate, DSDR, DSDG */
    x->data[0] = 0x0F;
    x->len = 4;
    x = F(0x002D, cd, 2);                /* CD track at once: BUF, test write, CD-RW */
    x->data[0] = 0x46;
    vd_put_be16(x->data + 2, 0x3FFF);
    x->len = 4;
    x = F(0x002E, cd, 1);                /* CD mastering: BUF, SAO, test write, CD-RW */
    x->data[0] = 0x66;
    x->data[1] = 0x00;
    x->data[2] = 0x08;                   /* maximum cue sheet length 2048 */
    x->data[3] = 0x00;
    x->len = 4;
    x = F(0x002F, dvdm, 2);              /* DVD-R/-RW write: BUF, test write, DVD-RW */
    x->data[0] = 0x46;
    x->len = 4;
    x = F(0x0037, p == 0x0A, 0);         /* CD-RW media write support */
    x->data[1] = 0xFF;
    x->len = 4;
    x = F(0x0040, bd, 1);                /* BD read */
    x->len = 28;
    x = F(0x0041, bd, 1);                /* BD write: SVNR */
    x->len = 20;
    x = F(0x0100, true, 0);              /* power management */
    x = F(0x0105, true, 0);              /* timeout */
    x = F(0x0107, true, 3);              /* real time streaming: RBCB, SCS, MP2A, WSPD, SW */
    x->data[0] = 0x1F;
    x->len = 4;
#undef F
    (void)max;
    return n;
}

static int get_configuration(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                             uint8_t sense[18])
{
    int rt = cdb[1] & 3, start = (int)vd_get_be16(cdb + 2);
    if (rt == 3)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    feat f[40];
    size_t nf = features(d, f, 40);
    static uint8_t r[1024];
    memset(r, 0, sizeof r);
    size_t n = 8;
    vd_put_be16(r + 6, d->ejected ? 0 : (uint32_t)d->rec->profile);
    for (size_t i = 0; i < nf; i++) {
        if (f[i].code < start || (rt == 2 && f[i].code != start) || (rt == 1 && !f[i].current))
            continue;
        if (n + 4 + f[i].len > sizeof r)
            break;
        vd_put_be16(r + n, (uint32_t)f[i].code);
        r[n + 2] = (uint8_t)((f[i].version << 2) | (f[i].code <= 0x0003 ? 2 : 0) | (f[i].current ? 1 : 0));
        r[n + 3] = (uint8_t)f[i].len;
        memcpy(r + n + 4, f[i].data, f[i].len);
        n += 4 + f[i].len;
    }
    vd_put_be32(r, (uint32_t)(n - 4));
    return reply(r, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* ---- disc and track information --------------------------------------- */

static int next_track_number(const vd_rec *r)
{
    return r->n_tracks ? r->tracks[r->n_tracks - 1].number + 1 : 1;
}

static int read_disc_information(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                                 uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (cdb[1] & 7)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);   /* only standard disc information */
    bool cd = vd_rec_is_cd(r);
    uint8_t x[34] = { 0 };
    vd_put_be16(x, 32);
    const vd_rec_session *open = NULL;
    if (r->n_sessions && !r->sessions[r->n_sessions - 1].closed)
        open = &r->sessions[r->n_sessions - 1];
    int disc_status, last_state, sessions, first_in_last, last_in_last;
    if (vd_rec_random(r)) {
        disc_status = r->formatted ? 3 : 0;
        last_state = r->formatted ? 3 : 0;
        sessions = 1;
        first_in_last = last_in_last = 1;
    } else if (r->status == VD_ST_BLANK) {
        disc_status = 0;
        last_state = 0;
        sessions = 1;
        first_in_last = last_in_last = 1;
    } else if (r->status == VD_ST_COMPLETE) {
        disc_status = 2;
        last_state = 3;
        sessions = r->n_sessions;
        const vd_rec_session *s = &r->sessions[r->n_sessions - 1];
        first_in_last = s->first_track;
        last_in_last = s->last_track;
    } else if (open) {
        disc_status = 1;
        last_state = 1;          /* incomplete session */
        sessions = r->n_sessions;
        first_in_last = open->first_track ? open->first_track : next_track_number(r);
        vd_rec_track *ot = r->n_tracks ? &r->tracks[r->n_tracks - 1] : NULL;
        /* The incomplete track counts; an open or damaged one is it. */
        last_in_last = ot && ot->state != VD_TR_CLOSED ? ot->number : next_track_number(r);
        if (ot && ot->state == VD_TR_CLOSED && ot->reserved && ot->next < ot->start + ot->reserved)
            last_in_last = ot->number;
    } else {
        disc_status = 1;
        last_state = 0;          /* the next session is empty */
        sessions = r->n_sessions + 1;
        first_in_last = last_in_last = next_track_number(r);
    }
    x[2] = (uint8_t)((vd_rec_erasable(r) ? 0x10 : 0) | (last_state << 2) | disc_status);
    x[3] = 1;
    x[4] = (uint8_t)sessions;
    x[5] = (uint8_t)first_in_last;
    x[6] = (uint8_t)last_in_last;
    x[7] = 0x20;                 /* URU: unrestricted use */
    if (r->med == VD_MED_DVDPRW || r->med == VD_MED_BDRE)
        x[7] |= r->formatted ? 0x03 : 0x00;   /* background format: complete / none */
    x[8] = cd ? (r->n_sessions ? r->sessions[0].format : 0x00) : 0x00;
    x[9] = (uint8_t)(sessions >> 8);
    if (cd) {
        if (disc_status == 0 || disc_status == 1) {
            int32_t leadin = r->leadin_start;
            if (r->n_sessions && r->sessions[r->n_sessions - 1].closed)
                leadin = r->sessions[r->n_sessions - 1].leadout + (r->n_sessions == 1 ? 6750 : 2250);
            else if (open)
                leadin = open->start - 4500;
            put_msf(x + 16, leadin);
            put_msf(x + 20, r->capacity);
        } else
            memset(x + 16, 0xFF, 8);
    } else {
        vd_put_be32(x + 16, 0);
        vd_put_be32(x + 20, disc_status <= 1 || disc_status == 3 ? (uint32_t)r->capacity : 0xFFFFFFFFu);
    }
    return reply(x, sizeof x, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

static void track_reply(const vd_rec *r, const vd_rec_track *t, uint8_t x[48])
{
    bool cd = vd_rec_is_cd(r);
    memset(x, 0, 48);
    vd_put_be16(x, 46);
    x[2] = (uint8_t)t->number;
    x[3] = (uint8_t)t->session;
    x[5] = (uint8_t)((t->state == VD_TR_DAMAGED ? 0x20 : 0) | (cd ? (t->control & 0x0F) : 0x07));
    x[6] = (uint8_t)(cd ? (t->mode == 0 ? 0x0F : t->mode) : 0x01);
    bool open = t->state == VD_TR_OPEN || (t->reserved && t->next < t->start + t->reserved && t->state != VD_TR_DAMAGED);
    if (open && !cd && r->p05.write_type == 0 && r->med != VD_MED_DVDPR && !vd_rec_is_bd(r))
        x[6] |= 0x30;            /* incremental: packet, fixed packets */
    if (open && (!t->reserved || t->next > t->start))
        x[6] |= 0x00;
    if (open && t->next == t->start)
        x[6] |= 0x40;            /* blank (a reserved, unwritten track) */
    x[7] = (uint8_t)((t->next > t->start ? 0x02 : 0) | (open ? 0x01 : 0));
    vd_put_be32(x + 8, (uint32_t)t->start);
    if (open) {
        vd_put_be32(x + 12, (uint32_t)t->next);
        int32_t limit = t->reserved ? t->start + t->reserved : r->capacity;
        vd_put_be32(x + 16, (uint32_t)(limit > t->next ? limit - t->next : 0));
    }
    if (x[6] & 0x10)
        vd_put_be32(x + 20, 16);
    int32_t size = t->reserved ? t->reserved : (open ? t->next - t->start : t->end - t->start);
    vd_put_be32(x + 24, (uint32_t)size);
    vd_put_be32(x + 28, (uint32_t)(t->next > t->start ? t->next - 1 : t->start));
    if (t->state == VD_TR_CLOSED && t->end > t->next)
        vd_put_be32(x + 28, (uint32_t)(t->end - 1));
}

/* The invisible (next) track on a blank or appendable medium. */
static void invisible_reply(const vd_rec *r, uint8_t x[48])
{
    bool cd = vd_rec_is_cd(r);
    int32_t nwa = vd_rec_nwa(r), free_blocks = vd_rec_free_blocks(r);
    const vd_rec_session *open = NULL;
    if (r->n_sessions && !r->sessions[r->n_sessions - 1].closed)
        open = &r->sessions[r->n_sessions - 1];
    memset(x, 0, 48);
    vd_put_be16(x, 46);
    x[2] = (uint8_t)next_track_number(r);
    x[3] = (uint8_t)(open ? open->number : r->n_sessions + 1);
    x[5] = cd ? (uint8_t)(r->p05.track_mode & 0x0F) : 0x07;
    x[6] = 0x40 | (cd ? 0x0F : 0x01);   /* blank, data mode unknown / mode 1 */
    if (!cd && r->p05.write_type == 0 && (r->med == VD_MED_DVDR || r->med == VD_MED_DVDRW))
        x[6] |= 0x30;
    x[7] = nwa >= 0 ? 0x01 : 0x00;
    vd_put_be32(x + 8, (uint32_t)(nwa >= 0 ? nwa : 0));
    vd_put_be32(x + 12, (uint32_t)(nwa >= 0 ? nwa : 0));
    vd_put_be32(x + 16, (uint32_t)free_blocks);
    if (x[6] & 0x10)
        vd_put_be32(x + 20, 16);
    vd_put_be32(x + 24, (uint32_t)free_blocks);
}

static int read_track_information(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                                  uint8_t sense[18])
{
    vd_rec *r = d->rec;
    uint32_t v = vd_get_be32(cdb + 2);
    uint8_t x[48];
    const vd_rec_track *t = NULL;
    bool invisible = false;
    switch (cdb[1] & 3) {
    case 0:                      /* LBA */
        for (int i = 0; i < r->n_tracks; i++)
            if ((int32_t)v >= r->tracks[i].start - r->tracks[i].pregap && (int32_t)v < r->tracks[i].end)
                t = &r->tracks[i];
        if (!t && (int32_t)v >= vd_rec_nwa(r) && vd_rec_nwa(r) >= 0)
            invisible = true;
        break;
    case 1:                      /* track number; 0xFF the invisible track (CD, DVD+R) */
        if (v == 0xFF || (int)v == next_track_number(r))
            invisible = true;
        else
            for (int i = 0; i < r->n_tracks; i++)
                if ((uint32_t)r->tracks[i].number == v)
                    t = &r->tracks[i];
        if (vd_rec_random(r) && v == 1) {
            /* Overwritable media are one track from 0 over the formatted size. */
            memset(x, 0, 48);
            vd_put_be16(x, 46);
            x[2] = 1;
            x[3] = 1;
            x[5] = 0x07;
            x[6] = 0x01 | (r->recorded_end ? 0 : 0x40);
            x[7] = r->formatted ? 0x01 : 0x00;
            vd_put_be32(x + 12, 0);
            vd_put_be32(x + 16, (uint32_t)(r->formatted ? r->capacity : 0));
            vd_put_be32(x + 20, vd_rec_is_bd(r) ? 32 : 16);
            vd_put_be32(x + 24, (uint32_t)(r->formatted ? r->capacity : 0));
            vd_put_be32(x + 28, (uint32_t)(r->recorded_end ? r->recorded_end - 1 : 0));
            return reply(x, sizeof x, vd_get_be16(cdb + 7), buf, buflen, xfer);
        }
        break;
    case 2:                      /* session number */
        for (int i = 0; i < r->n_tracks && !t; i++)
            if ((uint32_t)r->tracks[i].session == v)
                t = &r->tracks[i];
        if (!t && (int)v == r->n_sessions + 1 && vd_rec_nwa(r) >= 0)
            invisible = true;
        break;
    default:
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    }
    if (invisible && r->status != VD_ST_COMPLETE && vd_rec_open_track(r) == NULL)
        invisible_reply(r, x);
    else if (invisible && vd_rec_open_track(r))
        track_reply(r, vd_rec_open_track(r), x);
    else if (t)
        track_reply(r, t, x);
    else
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    return reply(x, sizeof x, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* ---- capacities ------------------------------------------------------- */

static int read_capacity(vd_drive *d, uint8_t *buf, size_t buflen, size_t *xfer)
{
    vd_rec *r = d->rec;
    uint8_t x[8] = { 0 };
    int32_t last = 0;
    if (vd_rec_random(r))
        last = r->formatted ? r->capacity - 1 : 0;
    else
        for (int i = 0; i < r->n_sessions; i++)
            if (r->sessions[i].closed)
                last = r->sessions[i].leadout - 1;
    vd_put_be32(x, (uint32_t)(last > 0 ? last : 0));
    vd_put_be32(x + 4, 2048);
    return reply(x, 8, 8, buf, buflen, xfer);
}

static int read_format_capacities(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                                  uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (vd_rec_is_cd(r) && r->med != VD_MED_CDRW)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    uint8_t x[64] = { 0 };
    size_t n = 12;
    uint32_t cap = (uint32_t)r->capacity;
    /* Current/maximum capacity descriptor: 1 unformatted, 2 formatted. */
    vd_put_be32(x + 4, cap);
    x[8] = (vd_rec_random(r) || r->med == VD_MED_DVDRW) && r->formatted ? 0x02 : 0x01;
    x[9] = 0x00;
    x[10] = 0x08;
    x[11] = 0x00;                /* 2048-byte blocks */
#define DESC(blocks, type, param)                                                 \
    do {                                                                          \
        vd_put_be32(x + n, (uint32_t)(blocks));                                   \
        x[n + 4] = (uint8_t)((type) << 2);                                        \
        x[n + 5] = (uint8_t)((param) >> 16);                                      \
        x[n + 6] = (uint8_t)((param) >> 8);                                       \
        x[n + 7] = (uint8_t)(param);                                              \
        n += 8;                                                                   \
    } while (0)
    switch (r->med) {
    case VD_MED_DVDPRW:
        DESC(cap, 0x26, 0);
        break;
    case VD_MED_DVDRW:
        DESC(cap, 0x00, 16);         /* full format to restricted overwrite */
        DESC(cap, 0x10, 16);         /* DVD-RW full format */
        DESC(cap, 0x15, 16);         /* DVD-RW quick */
        if (r->formatted)
            DESC(cap, 0x13, 16);     /* quick grow */
        break;
    case VD_MED_BDRE:
        DESC(cap - 0x3000, 0x00, 0x3000);   /* with the default spare area */
        DESC(cap - 0x3000, 0x30, 0x3000);
        DESC(cap, 0x31, 0x800);             /* without spare areas */
        break;
    case VD_MED_BDR:
        DESC(cap - 0x3000, 0x00, 0x3000);
        DESC(cap - 0x3000, 0x32, 0x3000);
        break;
    case VD_MED_CDRW:
        DESC(r->capacity, 0x00, 0);
        break;
    default:
        break;
    }
#undef DESC
    x[3] = (uint8_t)(n - 4);
    return reply(x, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* ---- mode pages -------------------------------------------------------- */

size_t vd_rec_page05(const vd_rec *r, int pc, uint8_t *p)
{
    memset(p, 0, 0x34);
    p[0] = 0x05;
    p[1] = 0x32;
    if (pc == 1) {               /* changeable: everything writers set */
        p[2] = 0x7F;
        p[3] = 0xFF;
        p[4] = 0x0F;
        p[5] = 0xFF;
        p[8] = 0xFF;
        memset(p + 10, 0xFF, 6);
        memset(p + 16, 0xFF, 32);
        return 0x34;
    }
    const vd_page05 *w = &r->p05;
    p[2] = (uint8_t)((w->bufe ? 0x40 : 0) | (w->ls_valid ? 0x20 : 0) | (w->test_write ? 0x10 : 0) | w->write_type);
    p[3] = (uint8_t)((w->multi << 6) | (w->fixed_packet ? 0x20 : 0) | (w->copy ? 0x10 : 0) | w->track_mode);
    p[4] = (uint8_t)w->dbt;
    p[5] = (uint8_t)w->link_size;
    p[8] = (uint8_t)w->session_format;
    vd_put_be32(p + 10, w->packet_size);
    vd_put_be16(p + 14, (uint32_t)w->audio_pause);
    if (w->mcn[0]) {
        p[16] = 0x80;
        memcpy(p + 17, w->mcn, 13);
    }
    if (w->isrc[0]) {
        p[32] = 0x80;
        memcpy(p + 33, w->isrc, 12);
    }
    memcpy(p + 48, w->subheader, 4);
    return 0x34;
}

/* Capabilities page 2A with write speeds (MMC-3 layout, 32 bytes plus
 * one descriptor per write speed). */
size_t vd_rec_page2a(const vd_drive *d, int pc, uint8_t *p)
{
    const vd_rec *r = d->rec;
    static const int cd_speeds[] = { 48, 40, 32, 24, 16, 8, 4 };
    static const int dvd_speeds[] = { 16, 8, 4, 2 };
    static const int bd_speeds[] = { 6, 4, 2 };
    const int *sp = vd_rec_is_cd(r) ? cd_speeds : vd_rec_is_bd(r) ? bd_speeds : dvd_speeds;
    int nsp = vd_rec_is_cd(r) ? 7 : vd_rec_is_bd(r) ? 3 : 4;
    int unit = vd_rec_is_cd(r) ? 176 : vd_rec_is_bd(r) ? 4496 : 1385;
    size_t len = 32 + 4 * (size_t)nsp;
    memset(p, 0, len);
    p[0] = 0x2A;
    p[1] = (uint8_t)(len - 2);
    if (pc == 1)
        return len;
    p[2] = 0x3F;                 /* reads CD-R, CD-RW, method 2, DVD-ROM, DVD-R, DVD-RAM */
    p[3] = 0x37;                 /* writes CD-R, CD-RW, test write, DVD-R, DVD-RAM */
    p[4] = 0xF1;                 /* BUF, multisession, mode 2 form 1/2, audio play */
    p[5] = 0x7F;
    p[6] = (uint8_t)(0x29 | (d->locked ? 0x02 : 0));
    p[7] = 0x03;
    vd_put_be16(p + 8, 48 * 176);
    vd_put_be16(p + 10, 256);
    vd_put_be16(p + 12, vd_rec_buffer_bytes(r) / 1024);   /* buffer (KiB) */
    vd_put_be16(p + 14, 48 * 176);
    vd_put_be16(p + 18, (uint32_t)(sp[0] * unit));
    int cur = r->write_speed_x > 0 ? (int)(r->write_speed_x + 0.5) : sp[0];
    vd_put_be16(p + 20, (uint32_t)(cur * unit));
    vd_put_be16(p + 28, (uint32_t)(cur * unit));
    vd_put_be16(p + 30, (uint32_t)nsp);
    for (int i = 0; i < nsp; i++) {
        p[32 + 4 * i + 1] = 0x00;   /* rotation control: CLV */
        vd_put_be16(p + 32 + 4 * i + 2, (uint32_t)(sp[i] * unit));
    }
    return len;
}

static bool mode_sense(vd_drive *d, const uint8_t *cdb, bool ten, uint8_t *buf, size_t buflen, size_t *xfer,
                       uint8_t sense[18], int *st)
{
    int page = cdb[2] & 0x3F, pc = cdb[2] >> 6;
    if (page != 0x05 && page != 0x2A && page != 0x3F)
        return false;            /* other pages: the drive model */
    if (pc == 3) {
        *st = vd_mmc_fail(d, sense, 0x05, 0x39, 0x00);
        return true;
    }
    vd_rec *r = d->rec;
    bool cd = vd_rec_is_cd(r), dvdm = r->med == VD_MED_DVDR || (r->med == VD_MED_DVDRW && !r->formatted);
    static uint8_t x[512];
    memset(x, 0, sizeof x);
    size_t hdr = ten ? 8 : 4, n = hdr;
    if (!ten && !(cdb[1] & 0x08)) {
        x[3] = 8;
        vd_put_be32(x + 8, 2048);
        n += 8;
    }
    if (page == 0x05 || page == 0x3F) {
        if (!cd && !dvdm) {
            if (page == 0x05) {  /* DVD+R/RW, BD: no write parameters page */
                *st = vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
                return true;
            }
        } else
            n += vd_rec_page05(r, pc, x + n);
    }
    if (page == 0x2A || page == 0x3F)
        n += vd_rec_page2a(d, pc, x + n);
    if (ten)
        vd_put_be16(x, (uint32_t)(n - 2));
    else
        x[0] = (uint8_t)(n - 1);
    *st = reply(x, n, ten ? vd_get_be16(cdb + 7) : cdb[4], buf, buflen, xfer);
    return true;
}

/* ---- performance, buffer, events --------------------------------------- */

static int get_performance(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                           uint8_t sense[18])
{
    vd_rec *r = d->rec;
    int type = cdb[10];
    size_t alloc = 8 + 16 * (size_t)vd_get_be16(cdb + 8);
    static uint8_t x[8 + 16 * 8];
    memset(x, 0, sizeof x);
    static const int cd_speeds[] = { 48, 40, 32, 24, 16, 8, 4 };
    static const int dvd_speeds[] = { 16, 8, 4, 2 };
    static const int bd_speeds[] = { 6, 4, 2 };
    const int *sp = vd_rec_is_cd(r) ? cd_speeds : vd_rec_is_bd(r) ? bd_speeds : dvd_speeds;
    int nsp = vd_rec_is_cd(r) ? 7 : vd_rec_is_bd(r) ? 3 : 4;
    int unit = vd_rec_is_cd(r) ? 176 : vd_rec_is_bd(r) ? 4496 : 1385;
    int32_t end = r->capacity - 1;
    size_t n = 8;
    if (type == 0x00) {          /* performance (nominal): read or write by the Write bit */
        bool write = cdb[1] & 0x04;
        int kbs = write ? sp[0] * unit : 48 * 176;
        vd_put_be32(x + 8 + 4, (uint32_t)kbs);
        vd_put_be32(x + 8 + 8, (uint32_t)end);
        vd_put_be32(x + 8 + 12, (uint32_t)kbs);
        n += 16;
    } else if (type == 0x03) {   /* write speed descriptors */
        for (int i = 0; i < nsp && n + 16 <= sizeof x; i++) {
            uint8_t *p = x + n;
            p[0] = 0x00;         /* WRC 0 (default), exact */
            vd_put_be32(p + 4, (uint32_t)end);
            vd_put_be32(p + 8, (uint32_t)(48 * 176));
            vd_put_be32(p + 12, (uint32_t)(sp[i] * unit));
            n += 16;
        }
    } else
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    vd_put_be32(x, (uint32_t)(n - 4));
    return reply(x, n, alloc, buf, buflen, xfer);
}

static int read_buffer_capacity(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer)
{
    vd_rec *r = d->rec;
    uint8_t x[12] = { 0 };
    uint32_t size = vd_rec_buffer_bytes(r);
    double rate = vd_rec_is_cd(r) ? 75.0 : vd_rec_is_bd(r) ? 2197.0 : 676.5;
    double x_speed = r->write_speed_x > 0 ? r->write_speed_x : d->speed_x;
    uint32_t used = 0;
    int64_t now = vd_rec_now_ns();
    if (x_speed > 0 && r->media_until_ns > now) {
        double blocks = (double)(r->media_until_ns - now) / 1e9 * rate * x_speed;
        used = blocks * 2048 > size ? size : (uint32_t)(blocks * 2048);
    }
    if (cdb[1] & 1) {            /* block form */
        vd_put_be16(x, 10);
        x[5] = 0;
        vd_put_be32(x + 8, (size - used) / 2048);
    } else {
        vd_put_be16(x, 10);
        vd_put_be32(x + 4, size);
        vd_put_be32(x + 8, size - used);
    }
    return reply(x, 12, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

static int event_status(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                        uint8_t sense[18])
{
    if (!(cdb[1] & 1))
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);   /* only polled */
    uint8_t x[8] = { 0 };
    uint8_t classes = cdb[4];
    vd_put_be16(x, 6);
    x[3] = 0x5E;                 /* supported: operational, power, external, media, busy */
    if (classes & 0x10) {        /* media class */
        x[2] = 0x04;
        x[4] = 0x00;             /* no change */
        x[5] = d->ejected ? 0x00 : 0x02;   /* media present */
    } else if (classes & 0x02) { /* operational change */
        x[2] = 0x01;
    } else {
        x[2] = 0x80;             /* no event available */
        vd_put_be16(x, 2);
        return reply(x, 4, vd_get_be16(cdb + 7), buf, buflen, xfer);
    }
    return reply(x, 8, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* A read outside what was recorded fails as on a recordable disc. */
static bool read_precheck(vd_drive *d, const uint8_t *cdb, uint8_t sense[18], int *st)
{
    vd_rec *r = d->rec;
    if (vd_rec_is_cd(r))
        return false;            /* the .ccd's sessions say what is readable */
    int32_t lba = (int32_t)vd_get_be32(cdb + 2);
    uint32_t count = cdb[0] == 0x28 ? vd_get_be16(cdb + 7) : vd_get_be32(cdb + 6);
    for (uint32_t i = 0; i < count; i++) {
        int32_t l = lba + (int32_t)i;
        bool ok = false;
        if (vd_rec_random(r))
            ok = r->formatted && l >= 0 && l < r->capacity;
        else
            for (int k = 0; k < r->n_tracks && !ok; k++)
                ok = l >= r->tracks[k].start && l < r->tracks[k].next;
        if (!ok) {
            *st = vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, l);
            return true;
        }
    }
    return false;
}

bool vd_rec_mmc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer, uint8_t sense[18],
                int *st)
{
    vd_rec *r = d->rec;
    uint8_t op = cdb[0];
    if (op != 0x00 && op != 0x46 && op != 0x4A && op != 0x5A && op != 0x1A && op != 0x1E && op != 0x1B &&
        op != 0x5C && vd_rec_busy(d, sense, st))
        return true;             /* a background blank/format is running */
    switch (op) {
    case 0x00:                   /* TEST UNIT READY */
        if (vd_rec_busy(d, sense, st))
            return true;
        return false;
    case 0x46:
        *st = get_configuration(d, cdb, buf, buflen, xfer, sense);
        return true;
    case 0x51:
        *st = read_disc_information(d, cdb, buf, buflen, xfer, sense);
        return true;
    case 0x52:
        *st = read_track_information(d, cdb, buf, buflen, xfer, sense);
        return true;
    case 0x43:
        return vd_rec_read_toc(d, cdb, buf, buflen, xfer, sense, st);
    case 0x42:                   /* READ SUB-CHANNEL: nothing before the first closed session */
        if (d->img->n_tracks)
            return false;
        *st = vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        return true;
    case 0x25:
        *st = read_capacity(d, buf, buflen, xfer);
        return true;
    case 0x23:
        *st = read_format_capacities(d, cdb, buf, buflen, xfer, sense);
        return true;
    case 0x5A:
        return mode_sense(d, cdb, true, buf, buflen, xfer, sense, st);
    case 0x1A:
        return mode_sense(d, cdb, false, buf, buflen, xfer, sense, st);
    case 0x55:
    case 0x15:
        *st = vd_rec_mode_select(d, cdb, sense);
        return true;
    case 0xAC:
        *st = get_performance(d, cdb, buf, buflen, xfer, sense);
        return true;
    case 0x5C:
        *st = read_buffer_capacity(d, cdb, buf, buflen, xfer);
        return true;
    case 0x4A:
        *st = event_status(d, cdb, buf, buflen, xfer, sense);
        return true;
    case 0x5D:                   /* SEND CUE SHEET */
        if (!vd_rec_is_cd(r)) {
            *st = vd_mmc_fail(d, sense, 0x05, 0x20, 0x00);
            return true;
        }
        *st = vd_rec_cd_cue_sheet(d, d->dout, d->dout_len < vd_get_be24(cdb + 6) ? d->dout_len : vd_get_be24(cdb + 6),
                                  sense);
        return true;
    case 0x53:
        *st = vd_rec_reserve(d, cdb, sense);
        return true;
    case 0x54:                   /* SEND OPC INFORMATION: DoOPC runs the power calibration */
        if ((cdb[1] & 1) && r->faults.opc_fail) {
            vd_drive_log(d, "recorder: power calibration fails (fault)");
            *st = vd_mmc_fail(d, sense, 0x03, 0x73, 0x03);
        } else
            *st = 0;
        return true;
    case 0x2A:
    case 0xAA:
        *st = vd_rec_write_cmd(d, cdb, sense);
        return true;
    case 0x35:
        *st = vd_rec_sync_cache(d, sense);
        return true;
    case 0x5B:
        *st = vd_rec_close(d, cdb, sense);
        return true;
    case 0xA1:
        *st = vd_rec_blank(d, cdb, sense);
        return true;
    case 0x04:
        *st = vd_rec_format(d, cdb, sense);
        return true;
    case 0xBB: {                 /* SET CD SPEED: bytes 4-5 the write speed */
        uint32_t w = vd_get_be16(cdb + 4);
        double unit = vd_rec_is_cd(r) ? 176.4 : vd_rec_is_bd(r) ? 4495.5 : 1385.0;
        r->write_speed_x = (w == 0 || w == 0xFFFF) ? 0 : w / unit;
        return false;            /* the drive model caps the read speed */
    }
    case 0xB6: {                 /* SET STREAMING: the write rate of a performance descriptor */
        const uint8_t *p = d->dout;
        if (p && d->dout_len >= 28 && cdb[8] == 0x00) {
            uint32_t size = vd_get_be32(p + 20), ms = vd_get_be32(p + 24);
            double kbs = ms ? (double)size * 1000.0 / ms : 0;
            double unit = vd_rec_is_cd(r) ? 176.4 : vd_rec_is_bd(r) ? 4495.5 : 1385.0;
            r->write_speed_x = kbs > 0 && kbs < 1e7 ? kbs / unit : 0;
        }
        *st = 0;
        return true;
    }
    case 0x28:
    case 0xA8:
        return read_precheck(d, cdb, sense, st);
    case 0xAD:                   /* READ DISC STRUCTURE: a blank DVD has no data area yet */
        return false;
    default:
        return false;
    }
}
