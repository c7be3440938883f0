/* vd_rec_cd.c: recording a CD as a drive does.  Every block that reaches
 * the medium is stored as the 2352 bytes a reader gets back (data blocks
 * with sync, header, EDC and ECC of Mode 1 or the Mode 2 forms, audio as
 * received) in DIR/disc.img, and its subchannel, which the drive makes
 * itself, in DIR/disc.sub: P set in pregaps, Q with the track, index,
 * relative and absolute time of every block, MCN and ISRC frames.
 *
 * Track at once (write type 1, page 05): each track is preceded by a
 * 150-block pregap the drive writes (silence for audio; for data a link
 * block, four run-in blocks and zero blocks), and a data track is
 * followed by two run-out blocks, which are counted in the track: the
 * next track starts 150 blocks after them, the lead-out right after
 * them.  Link, run-in and run-out blocks are data blocks whose mode byte
 * carries the block type in bits 7-5 (Orange Book: 101 link, 100..001
 * run-in 1-4, 111 and 110 run-out 1-2).  Session at once (write type 2):
 * the cue sheet fixes every track, index, ISRC and the MCN before the
 * first block; the host sends the lead-in (CD-TEXT in R-W, 96 bytes a
 * block) from the lead-in start and the program area from its first
 * pregap block, each block in the form its cue entry names.  Closing a
 * session writes the lead-in TOC and lead-out (vd_rec_cdtoc.c).
 */
#define _GNU_SOURCE
#include "vd_rec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const uint8_t sync_pattern[12] = { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 };

/* Block type bits (mode byte 7-5) of the blocks around a TAO track. */
enum { BT_DATA = 0, BT_RUNIN4 = 1, BT_RUNIN3 = 2, BT_RUNIN2 = 3, BT_RUNIN1 = 4, BT_LINK = 5, BT_RUNOUT2 = 6,
       BT_RUNOUT1 = 7 };

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

void vd_rec_encode_data(uint8_t sec[2352], int32_t lba, int mode, int form, uint8_t block_type)
{
    uint8_t m, s, f;
    memcpy(sec, sync_pattern, 12);
    vd_lba_to_msf(lba, &m, &s, &f);
    sec[12] = vd_bcd(m);
    sec[13] = vd_bcd(s);
    sec[14] = vd_bcd(f);
    sec[15] = (uint8_t)((block_type << 5) | (mode == 2 ? 2 : 1));
    if (mode != 2) {
        put_le32(sec + 2064, vd_edc(sec, 2064));
        memset(sec + 2068, 0, 8);
        vd_ecc(sec, false);
        return;
    }
    memcpy(sec + 20, sec + 16, 4);   /* the subheader twice */
    if (form == 2) {
        sec[18] |= 0x20;
        sec[22] |= 0x20;
        put_le32(sec + 2348, vd_edc(sec + 16, 2332));
        return;
    }
    put_le32(sec + 2072, vd_edc(sec + 16, 2056));
    vd_ecc(sec, true);
}

/* ---- Q frames ----------------------------------------------------------- */

static void q_crc(uint8_t q[12])
{
    uint16_t crc = (uint16_t)~vd_crc16(q, 10);
    q[10] = (uint8_t)(crc >> 8);
    q[11] = (uint8_t)crc;
}

void vd_rec_q_mcn(uint8_t q[12], uint8_t control, const char *mcn, int32_t lba)
{
    uint8_t m, s, f;
    memset(q, 0, 12);
    q[0] = (uint8_t)((control << 4) | 2);
    for (int i = 0; i < 13 && mcn[i]; i++) {
        uint8_t d = (uint8_t)((mcn[i] - '0') & 0x0F);
        q[1 + i / 2] |= (uint8_t)(i % 2 == 0 ? d << 4 : d);
    }
    vd_lba_to_msf(lba, &m, &s, &f);
    q[9] = vd_bcd(f);
    q_crc(q);
}

static unsigned isrc_code(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'A' && c <= 'Z')
        return 0x11u + (unsigned)(c - 'A');
    if (c >= 'a' && c <= 'z')
        return 0x11u + (unsigned)(c - 'a');
    return 0;
}

void vd_rec_q_isrc(uint8_t q[12], uint8_t control, const char *isrc, int32_t lba)
{
    uint8_t m, s, f;
    uint64_t bits = 0;
    memset(q, 0, 12);
    q[0] = (uint8_t)((control << 4) | 3);
    for (int i = 0; i < 5; i++)
        bits |= (uint64_t)isrc_code(isrc[i]) << (58 - 6 * i);
    for (int i = 0; i < 7; i++)
        bits |= (uint64_t)((isrc[5 + i] - '0') & 0x0F) << (28 - 4 * i);
    for (int i = 1; i <= 8; i++)
        q[i] = (uint8_t)(bits >> (8 * (8 - i)));
    vd_lba_to_msf(lba, &m, &s, &f);
    q[9] = vd_bcd(f);
    q_crc(q);
}

/* ---- where a block belongs ----------------------------------------------- */

typedef struct {
    int track;                   /* 0: not in a track */
    int index;
    int32_t start;               /* the track's index 1 */
    uint8_t control;
    int mode;
    const char *isrc;
} position;

/* SAO: from the cue sheet.  The entries with ADR 1 and a track number
 * 1..99 mark where each index begins. */
static bool cue_position(const vd_rec *r, int32_t lba, position *p)
{
    memset(p, 0, sizeof *p);
    int found = -1;
    for (int i = 0; i < r->n_cue; i++) {
        const vd_cue_entry *e = &r->cue[i];
        if ((e->ctladr & 0x0F) != 1 || e->tno < 1 || e->tno > 99)
            continue;
        if (e->lba <= lba)
            found = i;
    }
    if (found < 0)
        return false;
    const vd_cue_entry *e = &r->cue[found];
    p->track = e->tno;
    p->index = e->index;
    p->control = e->ctladr >> 4;
    p->mode = (e->form & 0x3F) < 0x10 ? 0 : (e->form & 0x3F) < 0x20 ? 1 : 2;
    p->start = INT32_MIN;
    for (int i = 0; i < r->n_cue; i++)
        if ((r->cue[i].ctladr & 0x0F) == 1 && r->cue[i].tno == e->tno && r->cue[i].index == 1)
            p->start = r->cue[i].lba;
    if (p->start == INT32_MIN)
        p->start = e->lba;
    for (int i = 0; i < r->n_track_isrc; i++)
        if (r->track_isrc[i].tno == e->tno)
            p->isrc = r->track_isrc[i].isrc;
    return true;
}

/* TAO: from the recorder's tracks. */
static bool track_position(const vd_rec *r, int32_t lba, position *p)
{
    memset(p, 0, sizeof *p);
    for (int i = r->n_tracks - 1; i >= 0; i--) {
        const vd_rec_track *t = &r->tracks[i];
        if (lba >= t->start - t->pregap && lba < (t->end > t->next ? t->end : t->next + 2)) {
            p->track = t->number;
            p->index = lba < t->start ? 0 : 1;
            p->start = t->start;
            p->control = t->control;
            p->mode = t->mode;
            p->isrc = t->isrc[0] ? t->isrc : NULL;
            return true;
        }
    }
    return false;
}

static bool position_of(const vd_rec *r, int32_t lba, position *p)
{
    return r->p05.write_type == 2 && r->cue_valid ? cue_position(r, lba, p) : track_position(r, lba, p);
}

static bool same_position(const vd_rec *r, int32_t a, int32_t b)
{
    position pa, pb;
    if (!position_of(r, a, &pa) || !position_of(r, b, &pb))
        return false;
    return pa.track == pb.track && pa.index == pb.index;
}

/* The packed subchannel the drive records for lba. */
static void make_sub(const vd_rec *r, int32_t lba, const position *p, bool next_known, uint8_t packed[96])
{
    memset(packed, 0, 96);
    if (p->index == 0)
        memset(packed, 0xFF, 12);
    const char *mcn = r->mcn_run[0] ? r->mcn_run : NULL;
    bool inner = same_position(r, lba, lba - 1) && (!next_known || same_position(r, lba, lba + 1));
    if (inner && mcn && lba % 100 == 13)
        vd_rec_q_mcn(packed + 12, p->control, mcn, lba);
    else if (inner && p->isrc && p->index >= 1 && lba % 100 == 63)
        vd_rec_q_isrc(packed + 12, p->control, p->isrc, lba);
    else
        vd_q_position(packed + 12, p->control, p->track, p->index, lba - p->start, lba);
}

/* ---- storing blocks -------------------------------------------------------- */

/* Store one program-area block (negative LBAs are before the image). */
static bool store(vd_drive *d, int32_t lba, uint8_t sec[2352], const uint8_t packed[96])
{
    vd_rec *r = d->rec;
    if (lba < 0)
        return true;
    if (r->faults.corrupt_lba == lba) {
        sec[1000] ^= 0x5A;       /* recorded wrong: a reader sees a different byte */
        vd_drive_log(d, "recorder: corrupting lba %d as asked", lba);
    }
    return vd_pwrite_all(r->img_fd, sec, 2352, (off_t)lba * 2352) &&
           vd_pwrite_all(r->sub_fd, packed, 96, (off_t)lba * 96);
}

/* A block the drive makes itself: pregap, link, run-in, run-out. */
static bool store_generated(vd_drive *d, int32_t lba, int mode, int block_type)
{
    vd_rec *r = d->rec;
    uint8_t sec[2352] = { 0 }, packed[96];
    if (mode != 0) {
        if (mode == 2 && block_type == BT_DATA)
            sec[18] = 0x20;      /* XA pregap blocks: Form 2 zeros */
        vd_rec_encode_data(sec, lba, mode, mode == 2 && block_type == BT_DATA ? 2 : 1, (uint8_t)block_type);
    }
    position p;
    if (!position_of(r, lba, &p))
        return false;
    make_sub(r, lba, &p, true, packed);
    return store(d, lba, sec, packed);
}

size_t vd_rec_cd_block_bytes(const vd_rec *r, int32_t lba)
{
    if (r->p05.write_type == 2) {
        /* SAO: the form of the cue entry in force at lba; before the
         * first program entry, the lead-in entry. */
        const vd_cue_entry *e = NULL;
        for (int i = 0; i < r->n_cue; i++) {
            const vd_cue_entry *c = &r->cue[i];
            if ((c->ctladr & 0x0F) != 1)
                continue;
            if (!e || c->lba <= lba)
                e = c;
            if (c->lba > lba)
                break;
        }
        if (!e)
            return 0;
        size_t main_bytes;
        switch (e->form & 0x3F) {
        case 0x00: main_bytes = 2352; break;
        case 0x10: main_bytes = 2048; break;
        case 0x11: main_bytes = 2352; break;
        case 0x12: main_bytes = 2048; break;
        case 0x20: main_bytes = 2336; break;
        case 0x21: main_bytes = 2352; break;
        case 0x30: main_bytes = 2336; break;
        case 0x31: main_bytes = 2352; break;
        default: main_bytes = 0; break;    /* 0x01, 0x14, 0x24, 0x34: the drive makes the data */
        }
        return main_bytes + ((e->form & 0xC0) ? 96 : 0);
    }
    switch (r->p05.dbt) {
    case 0: return 2352;
    case 1: return 2368;
    case 2: case 3: return 2448;
    case 8: case 10: return 2048;
    case 9: return 2336;
    case 11: return 2056;
    case 12: return 2324;
    case 13: return 2332;
    default: return 0;
    }
}

/* ---- the cue sheet ---------------------------------------------------------- */

int vd_rec_cd_cue_sheet(vd_drive *d, const uint8_t *data, size_t len, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (r->p05.write_type != 2)
        return vd_mmc_fail(d, sense, 0x05, 0x2C, 0x00);    /* command sequence error */
    if (r->status != VD_ST_BLANK && !(r->status == VD_ST_APPENDABLE && !vd_rec_open_session(r)))
        return vd_mmc_fail(d, sense, 0x05, 0x2C, 0x00);
    if (len % 8 || len == 0 || len / 8 > sizeof r->cue / sizeof r->cue[0])
        return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);    /* invalid field in parameter list */
    r->n_cue = 0;
    r->n_track_isrc = 0;
    r->mcn_run[0] = '\0';
    int32_t prev = INT32_MIN;
    bool have_leadout = false, have_track = false;
    for (size_t off = 0; off < len; off += 8) {
        const uint8_t *u = data + off;
        int adr = u[0] & 0x0F;
        if (adr == 2) {                      /* MCN: 13 digits over two entries */
            if (off + 16 > len || (data[off + 8] & 0x0F) != 2)
                return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            const uint8_t *v = data + off + 8;
            char mcn[14];
            for (int i = 0; i < 13; i++) {
                uint8_t c = i < 7 ? u[1 + i] : v[1 + (i - 7)];
                if (c < '0' || c > '9')
                    return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
                mcn[i] = (char)c;
            }
            mcn[13] = '\0';
            memcpy(r->mcn_run, mcn, sizeof mcn);
            off += 8;
            continue;
        }
        if (adr == 3) {                      /* ISRC of track u[1] over two entries */
            if (off + 16 > len || (data[off + 8] & 0x0F) != 3 || r->n_track_isrc >= 99)
                return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            const uint8_t *v = data + off + 8;
            char *isrc = r->track_isrc[r->n_track_isrc].isrc;
            memcpy(isrc, u + 2, 6);
            memcpy(isrc + 6, v + 2, 6);
            isrc[12] = '\0';
            for (int i = 0; i < 12; i++) {
                char c = isrc[i];
                bool ok = i < 5 ? ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) : (c >= '0' && c <= '9');
                if (!ok)
                    return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            }
            r->track_isrc[r->n_track_isrc].tno = u[1];
            r->n_track_isrc++;
            off += 8;
            continue;
        }
        if (adr != 1 || u[6] > 59 || u[7] > 74)
            return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
        vd_cue_entry *e = &r->cue[r->n_cue++];
        e->ctladr = u[0];
        e->tno = u[1];
        e->index = u[2];
        e->form = u[3];
        e->scms = u[4];
        e->lba = vd_msf_to_lba(u[5], u[6], u[7]);
        if (u[5] >= 90)
            e->lba = (u[5] * 60 + u[6]) * 75 + u[7] - 150 - 450000;
        if (e->tno == 0xAA)
            have_leadout = true;
        else if (e->tno >= 1 && e->tno <= 99)
            have_track = true;
        else if (e->tno != 0)
            return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);   /* 0 is the lead-in entry */
        if (e->lba < prev || e->index > 99)
            return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
        prev = e->lba;
    }
    if (!have_track || !have_leadout || r->cue[r->n_cue - 1].tno != 0xAA)
        return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
    /* The program area starts at the first track entry; a blank disc at
     * -150, an appendable one at its next session's pregap. */
    int32_t first = INT32_MIN, leadout = r->cue[r->n_cue - 1].lba;
    for (int i = 0; i < r->n_cue && first == INT32_MIN; i++)
        if (r->cue[i].tno >= 1 && r->cue[i].tno <= 99)
            first = r->cue[i].lba;
    int32_t expect = r->status == VD_ST_BLANK ? -150 : vd_rec_nwa(r) - 150;
    if (first != expect) {
        vd_drive_log(d, "recorder: cue sheet starts at %d, the disc at %d", first, expect);
        return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
    }
    if (leadout > r->capacity) {
        vd_drive_log(d, "recorder: cue sheet lead-out %d beyond the medium (%d)", leadout, r->capacity);
        return vd_mmc_fail(d, sense, 0x05, 0x21, 0x00);
    }
    r->cue_valid = true;
    r->sao_first = first;
    r->sao_leadout = leadout;
    r->sao_next = INT32_MIN;     /* set by the first write */
    r->cdtext_len = 0;
    vd_drive_log(d, "recorder: cue sheet of %d entries, program area %d..%d", r->n_cue, first, leadout);
    return 0;
}

/* Create the session and its tracks from the cue sheet (at the first
 * program-area write). */
static bool sao_begin(vd_drive *d)
{
    vd_rec *r = d->rec;
    if (r->n_sessions >= VD_REC_MAX_SESSIONS)
        return false;
    vd_rec_session *s = &r->sessions[r->n_sessions];
    memset(s, 0, sizeof *s);
    s->number = r->n_sessions + 1;
    s->start = r->sao_first;
    s->leadout = r->sao_leadout;
    s->format = (uint8_t)r->p05.session_format;
    s->first_track = 0;
    for (int i = 0; i < r->n_cue; i++) {
        const vd_cue_entry *e = &r->cue[i];
        if (e->tno < 1 || e->tno > 99)
            continue;
        vd_rec_track *t = NULL;
        for (int k = 0; k < r->n_tracks; k++)
            if (r->tracks[k].number == e->tno)
                t = &r->tracks[k];
        if (!t) {
            if (r->n_tracks >= VD_REC_MAX_TRACKS ||
                (r->n_tracks && e->tno != r->tracks[r->n_tracks - 1].number + 1))
                return false;
            t = &r->tracks[r->n_tracks++];
            memset(t, 0, sizeof *t);
            t->number = e->tno;
            t->session = s->number;
            t->start = e->lba;
            t->pregap = 0;
            t->control = e->ctladr >> 4;
            t->mode = (e->form & 0x3F) < 0x10 ? 0 : (e->form & 0x3F) < 0x20 ? 1 : 2;
            t->state = VD_TR_OPEN;
            if (!s->first_track)
                s->first_track = t->number;
            s->last_track = t->number;
            for (int k = 0; k < r->n_track_isrc; k++)
                if (r->track_isrc[k].tno == e->tno)
                    memcpy(t->isrc, r->track_isrc[k].isrc, 13);
            for (int k = 0; k < 100; k++)
                t->index[k] = -1;
            t->n_index = 1;
            t->pregap = -1;      /* no index 0 seen yet */
        }
        if (e->index == 0) {
            t->index[0] = e->lba;
            t->pregap = 0;
            t->start = e->lba;
        } else if (e->index == 1) {
            t->pregap = t->pregap == 0 ? e->lba - t->start : 0;
            t->start = e->lba;
            if (t->n_index < 2)
                t->n_index = 2;
            t->index[1] = e->lba;
        } else if (e->index < 100) {
            t->index[e->index] = e->lba;
            if (t->n_index < e->index + 1)
                t->n_index = e->index + 1;
        }
    }
    /* Track ends: the next track's first block, or the lead-out. */
    for (int k = 0; k < r->n_tracks; k++) {
        vd_rec_track *t = &r->tracks[k];
        if (t->session != s->number)
            continue;
        t->end = k + 1 < r->n_tracks ? r->tracks[k + 1].start - r->tracks[k + 1].pregap : s->leadout;
        t->next = t->start - t->pregap;
    }
    r->n_sessions++;
    r->status = VD_ST_APPENDABLE;
    return true;
}

/* Record one SAO block of the program area from the bytes received. */
static bool sao_block(vd_drive *d, int32_t lba, const uint8_t *in, size_t n)
{
    vd_rec *r = d->rec;
    position p;
    if (!cue_position(r, lba, &p))
        return false;
    const vd_cue_entry *e = NULL;
    for (int i = 0; i < r->n_cue; i++)
        if ((r->cue[i].ctladr & 0x0F) == 1 && r->cue[i].lba <= lba && r->cue[i].tno >= 1 && r->cue[i].tno <= 99)
            e = &r->cue[i];
    uint8_t sec[2352] = { 0 }, packed[96];
    int form = e ? e->form & 0x3F : 0;
    switch (form) {
    case 0x00:
        memcpy(sec, in, 2352);
        break;
    case 0x10:
    case 0x12:
        memcpy(sec + 16, in, 2048);
        vd_rec_encode_data(sec, lba, 1, 1, BT_DATA);
        break;
    case 0x11:
    case 0x21:
    case 0x31:
        memcpy(sec, in, 2352);
        break;
    case 0x20:
    case 0x30:
        memcpy(sec + 16, in, 2336);
        if (form == 0x20)
            vd_rec_encode_data(sec, lba, 2, (sec[18] & 0x20) ? 2 : 1, BT_DATA);
        else {
            memcpy(sec, sync_pattern, 12);
            uint8_t m, s2, f;
            vd_lba_to_msf(lba, &m, &s2, &f);
            sec[12] = vd_bcd(m);
            sec[13] = vd_bcd(s2);
            sec[14] = vd_bcd(f);
            sec[15] = 2;
        }
        break;
    case 0x14:
        vd_rec_encode_data(sec, lba, 1, 1, BT_DATA);
        break;
    case 0x24:
    case 0x34:
        sec[18] = 0x20;
        vd_rec_encode_data(sec, lba, 2, 2, BT_DATA);
        break;
    default:                     /* 0x01: silence */
        break;
    }
    bool next_known = lba + 1 < r->sao_leadout;
    make_sub(r, lba, &p, next_known, packed);
    if (e && (e->form & 0xC0) && n >= 96) {
        /* R-W from the host (the drive makes P and Q itself). */
        uint8_t raw[96];
        memcpy(raw, in + n - 96, 96);
        for (int ch = 2; ch < 8; ch++)
            for (int k = 0; k < 12; k++) {
                uint8_t v = 0;
                for (int bit = 0; bit < 8; bit++)
                    if (raw[k * 8 + bit] & (0x80 >> ch))
                        v |= (uint8_t)(0x80 >> bit);
                packed[ch * 12 + k] = v;
            }
    }
    for (int k = 0; k < r->n_tracks; k++) {
        vd_rec_track *t = &r->tracks[k];
        if (lba >= t->start - t->pregap && lba < t->end && lba + 1 > t->next)
            t->next = lba + 1;
    }
    return store(d, lba, sec, packed);
}

/* ---- TAO ------------------------------------------------------------------------ */

/* A new track at the NWA, its pregap written by the drive. */
static vd_rec_track *tao_begin(vd_drive *d)
{
    vd_rec *r = d->rec;
    int32_t nwa = vd_rec_nwa(r);
    if (nwa < 0 || r->n_tracks >= VD_REC_MAX_TRACKS)
        return NULL;
    vd_rec_session *s = vd_rec_open_session(r);
    if (!s) {
        if (r->n_sessions >= VD_REC_MAX_SESSIONS)
            return NULL;
        s = &r->sessions[r->n_sessions++];
        memset(s, 0, sizeof *s);
        s->number = r->n_sessions;
        s->start = nwa - 150;
        s->format = (uint8_t)r->p05.session_format;
    }
    vd_rec_track *t = &r->tracks[r->n_tracks++];
    memset(t, 0, sizeof *t);
    t->number = r->n_tracks > 1 ? r->tracks[r->n_tracks - 2].number + 1 : 1;
    t->session = s->number;
    t->start = t->next = t->end = nwa;
    t->pregap = 150;
    t->control = (uint8_t)(r->p05.track_mode & 0x0F);
    t->mode = r->p05.dbt == 0 ? 0 : (r->p05.dbt >= 10 && r->p05.dbt <= 13) || r->p05.dbt == 9 ? 2 : 1;
    if (t->mode == 0)
        t->control &= (uint8_t)~4;
    else
        t->control |= 4;
    t->tao = true;
    t->state = VD_TR_OPEN;
    memcpy(t->isrc, r->p05.isrc, sizeof t->isrc);
    t->index[0] = nwa - 150;
    t->index[1] = nwa;
    t->n_index = 2;
    if (!s->first_track)
        s->first_track = t->number;
    s->last_track = t->number;
    if (r->p05.mcn[0] && !r->mcn_run[0])
        memcpy(r->mcn_run, r->p05.mcn, sizeof r->mcn_run);
    r->status = VD_ST_APPENDABLE;
    /* The pregap: a link block and four run-in blocks first on data. */
    for (int32_t i = 0; i < 150; i++) {
        int32_t lba = nwa - 150 + i;
        int bt = t->mode == 0 ? BT_DATA : i == 0 ? BT_LINK : i <= 4 ? BT_RUNIN1 - (i - 1) : BT_DATA;
        if (lba >= 0 && !store_generated(d, lba, t->mode, bt))
            return NULL;
    }
    vd_drive_log(d, "recorder: TAO track %d (%s) at %d", t->number, t->mode ? "data" : "audio", nwa);
    return t;
}

static bool tao_block(vd_drive *d, vd_rec_track *t, int32_t lba, const uint8_t *in)
{
    vd_rec *r = d->rec;
    uint8_t sec[2352] = { 0 }, packed[96];
    switch (r->p05.dbt) {
    case 0:
        memcpy(sec, in, 2352);
        break;
    case 8:
        memcpy(sec + 16, in, 2048);
        vd_rec_encode_data(sec, lba, 1, 1, BT_DATA);
        break;
    case 10:
    case 12:
        memcpy(sec + 16, r->p05.subheader, 4);
        memcpy(sec + 24, in, r->p05.dbt == 10 ? 2048 : 2324);
        vd_rec_encode_data(sec, lba, 2, r->p05.dbt == 10 ? 1 : 2, BT_DATA);
        break;
    case 11:
    case 13:
        memcpy(sec + 16, in, 4);
        memcpy(sec + 24, in + 8, r->p05.dbt == 11 ? 2048 : 2324);
        vd_rec_encode_data(sec, lba, 2, (r->p05.dbt == 11 || !(in[2] & 0x20)) ? 1 : 2, BT_DATA);
        break;
    case 9:
        memcpy(sec + 16, in, 2336);
        memcpy(sec, sync_pattern, 12);
        {
            uint8_t m, s, f;
            vd_lba_to_msf(lba, &m, &s, &f);
            sec[12] = vd_bcd(m);
            sec[13] = vd_bcd(s);
            sec[14] = vd_bcd(f);
            sec[15] = 2;
        }
        break;
    default:
        return false;
    }
    t->next = t->end = lba + 1;
    position p;
    if (!track_position(r, lba, &p))
        return false;
    make_sub(r, lba, &p, false, packed);
    return store(d, lba, sec, packed);
}

void vd_rec_cd_finish_track(vd_drive *d)
{
    vd_rec *r = d->rec;
    vd_rec_track *t = vd_rec_open_track(r);
    if (!t || !t->tao)
        return;
    if (t->next == t->start) {
        /* Nothing written: the track was never started. */
        r->n_tracks--;
        vd_rec_session *s = vd_rec_open_session(r);
        if (s && s->first_track == t->number) {
            r->n_sessions--;
            if (r->n_sessions == 0)
                r->status = VD_ST_BLANK;
        } else if (s)
            s->last_track = t->number - 1;
        return;
    }
    /* The last written block's Q: a position frame (it is a transition). */
    position p;
    uint8_t packed[96];
    int32_t last = t->next - 1;
    if (last >= 0 && track_position(r, last, &p)) {
        make_sub(r, last, &p, true, packed);
        if (r->sub_fd >= 0)
            vd_pwrite_all(r->sub_fd, packed, 96, (off_t)last * 96);
    }
    if (t->mode != 0) {
        t->end = t->next + 2;
        store_generated(d, t->next, t->mode, BT_RUNOUT1);
        store_generated(d, t->next + 1, t->mode, BT_RUNOUT2);
    } else
        t->end = t->next;
    t->state = VD_TR_CLOSED;
    vd_drive_log(d, "recorder: TAO track %d closed: %d..%d", t->number, t->start, t->end);
}

/* ---- WRITE ---------------------------------------------------------------------- */

int vd_rec_cd_write(vd_drive *d, int32_t lba, int32_t count, const uint8_t *data, size_t len,
                    uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (!vd_rec_open_files(r))
        return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
    if (r->p05.write_type == 2) {
        if (!r->cue_valid)
            return vd_mmc_fail(d, sense, 0x05, 0x2C, 0x00);
        if (r->sao_next == INT32_MIN) {
            /* The first write: the lead-in (from the lead-in start, for
             * CD-TEXT) or the first pregap block. */
            if (lba != r->sao_first && lba != r->leadin_start && !(lba > r->leadin_start && lba < r->sao_first))
                return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x02, lba);
            r->sao_next = lba;
        }
        if (lba != r->sao_next)
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x02, lba);
        if (lba + count > r->sao_leadout)
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, r->sao_leadout);
        size_t off = 0;
        for (int32_t i = 0; i < count; i++) {
            int32_t l = lba + i;
            size_t n = vd_rec_cd_block_bytes(r, l);
            if (off + n > len)
                return vd_mmc_fail_at(d, sense, 0x05, 0x24, 0x00, l);
            if (l < r->sao_first) {
                if (n >= 96)
                    vd_rec_cdtext_add(r, data + off + n - 96);
            } else {
                if (!vd_rec_open_session(r) && !sao_begin(d))
                    return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, l);
                if (!sao_block(d, l, data + off, n))
                    return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, l);
            }
            off += n;
            r->sao_next = l + 1;
        }
        return 0;
    }
    if (r->p05.write_type != 1)
        return vd_mmc_fail(d, sense, 0x05, 0x2C, 0x00);
    size_t bs = vd_rec_cd_block_bytes(r, lba);
    if (!bs || bs == 2368 || bs == 2448)
        return vd_mmc_fail(d, sense, 0x05, 0x64, 0x00);
    vd_rec_track *t = vd_rec_open_track(r);
    int32_t nwa = t ? t->next : vd_rec_nwa(r);
    if (nwa < 0)
        return vd_mmc_fail(d, sense, 0x05, 0x72, 0x05);    /* no more track reservations / disc closed */
    if (lba != nwa)
        return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x02, lba);
    if (lba + count > r->capacity)
        return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, r->capacity);
    if ((size_t)count * bs > len)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    if (!t && !(t = tao_begin(d)))
        return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
    for (int32_t i = 0; i < count; i++)
        if (!tao_block(d, t, lba + i, data + (size_t)i * bs))
            return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba + i);
    return 0;
}
