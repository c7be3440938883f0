/* vd_rec_cdtoc.c: what a CD recorder writes when a session ends, and the
 * CloneCD control file that describes it.
 *
 * CD-TEXT arrives in the lead-in as 6-bit symbols in the R-W channels:
 * 96 bytes a block hold four packs of 24 symbols (the low six bits of each
 * byte); every four symbols make three bytes of an 18-byte pack, whose
 * last two bytes are the inverted CRC-16 (CCITT) of the first sixteen.
 * Packs with a right CRC are kept once each (keyed by block number and
 * sequence number): the host repeats them through the whole lead-in.
 *
 * Closing a session fixes its lead-out (right after its last track) and
 * writes its lead-in TOC: A0 (first track, disc type), A1 (last track),
 * A2 (lead-out), one entry per track (its index 1), and on a disc left
 * open for another session B0 (ADR 5: where the next program area may
 * start, and the last possible lead-out) and, in the first session, C0
 * (ADR 5: recording power and the start of the first lead-in), as
 * cdrecord/cdrdao-written discs and the project's own samples have them.
 * The whole disc is then described in DIR/disc.ccd in the layout the
 * project's .ccd writer uses, which the drive model and `discwright rip`
 * load.
 */
#define _GNU_SOURCE
#include "vd_rec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void vd_rec_cdtext_add(vd_rec *r, const uint8_t *sym96)
{
    for (int p = 0; p < 4; p++) {
        const uint8_t *s = sym96 + p * 24;
        uint8_t pack[18];
        for (int i = 0; i < 6; i++) {
            uint8_t a = s[4 * i] & 0x3F, b = s[4 * i + 1] & 0x3F, c = s[4 * i + 2] & 0x3F, d = s[4 * i + 3] & 0x3F;
            pack[3 * i] = (uint8_t)(a << 2 | b >> 4);
            pack[3 * i + 1] = (uint8_t)((b & 0x0F) << 4 | c >> 2);
            pack[3 * i + 2] = (uint8_t)((c & 0x03) << 6 | d);
        }
        uint16_t crc = (uint16_t)~vd_crc16(pack, 16);
        if (pack[16] != (uint8_t)(crc >> 8) || pack[17] != (uint8_t)crc)
            continue;            /* a damaged pack: the next cycle brings it again */
        if (pack[0] < 0x80 || pack[0] > 0x8F)
            continue;
        /* Keep each (block, sequence number) once. */
        bool seen = false;
        for (size_t k = 0; k < r->cdtext_len && !seen; k += 18)
            seen = r->cdtext[k + 2] == pack[2] && ((r->cdtext[k + 3] >> 4) & 7) == ((pack[3] >> 4) & 7);
        if (seen)
            continue;
        if (r->cdtext_len + 18 > r->cdtext_cap) {
            if (r->cdtext_cap >= 8 * 256 * 18)
                continue;        /* eight blocks of 256 packs at most */
            size_t cap = r->cdtext_cap ? r->cdtext_cap * 2 : 64 * 18;
            uint8_t *nb = realloc(r->cdtext, cap);
            if (!nb)
                return;
            r->cdtext = nb;
            r->cdtext_cap = cap;
        }
        memcpy(r->cdtext + r->cdtext_len, pack, 18);
        r->cdtext_len += 18;
    }
}

/* The packs in the order a reader expects: by block, then sequence number. */
static void sort_packs(uint8_t *packs, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            uint8_t *a = packs + (j - 1) * 18, *b = packs + j * 18;
            int ka = ((a[3] >> 4) & 7) * 256 + a[2], kb = ((b[3] >> 4) & 7) * 256 + b[2];
            if (ka <= kb)
                break;
            uint8_t tmp[18];
            memcpy(tmp, a, 18);
            memcpy(a, b, 18);
            memcpy(b, tmp, 18);
        }
}

void vd_rec_cd_close_session(vd_drive *d, bool finalize)
{
    vd_rec *r = d->rec;
    vd_rec_cd_finish_track(d);
    vd_rec_session *s = vd_rec_open_session(r);
    if (!s)
        return;
    int32_t end = s->start;
    bool any = false;
    for (int i = 0; i < r->n_tracks; i++) {
        vd_rec_track *t = &r->tracks[i];
        if (t->session != s->number)
            continue;
        any = true;
        if (t->end > end)
            end = t->end;
        if (t->state == VD_TR_OPEN)
            t->state = VD_TR_CLOSED;
    }
    if (!any) {
        r->n_sessions--;
        r->status = r->n_sessions ? r->status : VD_ST_BLANK;
        return;
    }
    s->leadout = end;
    s->closed = true;
    s->multi = r->p05.multi == 3 && !finalize;
    r->status = s->multi ? VD_ST_APPENDABLE : VD_ST_COMPLETE;
    if (!r->disc_mcn[0] && r->mcn_run[0])
        memcpy(r->disc_mcn, r->mcn_run, sizeof r->disc_mcn);
    if (!r->disc_cdtext_len && r->cdtext_len) {
        uint8_t *copy = malloc(r->cdtext_len);
        if (copy) {
            memcpy(copy, r->cdtext, r->cdtext_len);
            sort_packs(copy, r->cdtext_len / 18);
            free(r->disc_cdtext);
            r->disc_cdtext = copy;
            r->disc_cdtext_len = r->cdtext_len;
        }
    }
    r->cue_valid = false;
    vd_drive_log(d, "recorder: session %d closed, lead-out %d, %s, %zu CD-TEXT packs", s->number, end,
                 s->multi ? "open for another session" : "disc closed", r->cdtext_len / 18);
    vd_rec_commit(d);
}

/* ---- disc.ccd ------------------------------------------------------------ */

typedef struct {
    uint8_t session, point, adr, control, min, sec, frame, zero, pmin, psec, pframe;
} toc_entry;

static void msf_of(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
    vd_lba_to_msf(lba, m, s, f);
}

static int32_t ccd_lba(uint8_t m, uint8_t s, uint8_t f)
{
    int32_t frames = ((int32_t)m * 60 + s) * 75 + f;
    if (m >= 90)
        frames -= 450000;
    return frames - 150;
}

static const vd_rec_track *first_of(const vd_rec *r, int session, bool last)
{
    const vd_rec_track *found = NULL;
    for (int i = 0; i < r->n_tracks; i++)
        if (r->tracks[i].session == session) {
            found = &r->tracks[i];
            if (!last)
                break;
        }
    return found;
}

static int build_toc(const vd_rec *r, toc_entry *toc, int max)
{
    int n = 0;
    for (int si = 0; si < r->n_sessions; si++) {
        const vd_rec_session *s = &r->sessions[si];
        if (!s->closed)
            continue;
        const vd_rec_track *first = first_of(r, s->number, false), *last = first_of(r, s->number, true);
        if (!first || n + 5 + (s->last_track - s->first_track + 1) > max)
            continue;
        toc[n++] = (toc_entry){ .session = (uint8_t)s->number, .point = 0xA0, .adr = 1, .control = first->control,
                                .pmin = (uint8_t)first->number, .psec = s->format };
        toc[n++] = (toc_entry){ .session = (uint8_t)s->number, .point = 0xA1, .adr = 1, .control = last->control,
                                .pmin = (uint8_t)last->number };
        toc_entry *e = &toc[n++];
        *e = (toc_entry){ .session = (uint8_t)s->number, .point = 0xA2, .adr = 1, .control = last->control };
        msf_of(s->leadout, &e->pmin, &e->psec, &e->pframe);
        for (int i = 0; i < r->n_tracks; i++) {
            const vd_rec_track *t = &r->tracks[i];
            if (t->session != s->number)
                continue;
            e = &toc[n++];
            *e = (toc_entry){ .session = (uint8_t)s->number, .point = (uint8_t)t->number, .adr = 1,
                              .control = t->control };
            msf_of(t->start, &e->pmin, &e->psec, &e->pframe);
        }
        if (s->multi) {
            int32_t next = s->leadout + (si == 0 ? 6750 : 2250) + 4500;
            e = &toc[n++];
            *e = (toc_entry){ .session = (uint8_t)s->number, .point = 0xB0, .adr = 5, .control = first->control,
                              .zero = (uint8_t)(si == 0 ? 2 : 1) };
            msf_of(next, &e->min, &e->sec, &e->frame);
            msf_of(r->capacity, &e->pmin, &e->psec, &e->pframe);
            if (si == 0) {
                e = &toc[n++];
                *e = (toc_entry){ .session = 1, .point = 0xC0, .adr = 5, .control = first->control, .min = 0xA2,
                                  .sec = 0x50, .frame = 0x00 };
                msf_of(r->leadin_start, &e->pmin, &e->psec, &e->pframe);
            }
        }
    }
    return n;
}

typedef struct {
    char *buf;
    size_t len, cap;
    bool oom;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || t->oom)
        return;
    if ((size_t)n >= sizeof line)
        n = (int)sizeof line - 1;
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = (t->cap ? t->cap * 2 : 8192) + (size_t)n;
        char *nb = realloc(t->buf, cap);
        if (!nb) {
            t->oom = true;
            return;
        }
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, line, (size_t)n + 1);
    t->len += (size_t)n;
}

bool vd_rec_cd_write_ccd(vd_drive *d)
{
    vd_rec *r = d->rec;
    int closed = 0;
    for (int i = 0; i < r->n_sessions; i++)
        closed += r->sessions[i].closed;
    size_t plen = strlen(r->dir) + 16;
    char *path = malloc(plen), *tmp = malloc(plen + 4);
    if (!path || !tmp) {
        free(path);
        free(tmp);
        return false;
    }
    snprintf(path, plen, "%s/disc.ccd", r->dir);
    snprintf(tmp, plen + 4, "%s.tmp", path);
    if (!closed) {
        unlink(path);
        free(path);
        free(tmp);
        return true;
    }
    toc_entry toc[512];
    int n_toc = build_toc(r, toc, 512);
    text t = { 0 };
    add(&t, "[CloneCD]\nVersion=3\n[Disc]\nTocEntries=%d\nSessions=%d\nDataTracksScrambled=0\nCDTextLength=%zu\n",
        n_toc, closed, r->disc_cdtext_len);
    if (r->disc_mcn[0])
        add(&t, "CATALOG=%s\n", r->disc_mcn);
    if (r->disc_cdtext_len) {
        add(&t, "[CDText]\nEntries=%zu\n", r->disc_cdtext_len / 18);
        for (size_t i = 0; i < r->disc_cdtext_len / 18; i++) {
            const uint8_t *p = r->disc_cdtext + i * 18;
            add(&t, "Entry %zu=%02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x\n",
                i, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14],
                p[15]);
        }
    }
    for (int si = 0; si < r->n_sessions; si++) {
        if (!r->sessions[si].closed)
            continue;
        const vd_rec_track *first = first_of(r, si + 1, false);
        add(&t, "[Session %d]\nPreGapMode=%d\nPreGapSubC=0\n", si + 1, first ? first->mode : 0);
    }
    for (int i = 0; i < n_toc; i++) {
        const toc_entry *e = &toc[i];
        add(&t, "[Entry %d]\nSession=%u\nPoint=0x%02x\nADR=0x%02x\nControl=0x%02x\nTrackNo=0\nAMin=%u\nASec=%u\n"
                "AFrame=%u\nALBA=%d\nZero=%u\nPMin=%u\nPSec=%u\nPFrame=%u\nPLBA=%d\n",
            i, e->session, e->point, e->adr, e->control, e->min, e->sec, e->frame,
            ccd_lba(e->min, e->sec, e->frame), e->zero, e->pmin, e->psec, e->pframe,
            ccd_lba(e->pmin, e->psec, e->pframe));
    }
    for (int i = 0; i < r->n_tracks; i++) {
        const vd_rec_track *tr = &r->tracks[i];
        if (tr->session < 1 || tr->session > r->n_sessions || !r->sessions[tr->session - 1].closed)
            continue;
        add(&t, "[TRACK %d]\nMODE=%d\n", tr->number, tr->mode);
        if (tr->isrc[0])
            add(&t, "ISRC=%s\n", tr->isrc);
        if (tr->control & 0x0B) {
            add(&t, "FLAGS=%s%s%s%s%s\n", (tr->control & 2) ? "DCP" : "",
                (tr->control & 2) && (tr->control & 8) ? " " : "", (tr->control & 8) ? "4CH" : "",
                (tr->control & 0x0A) && (tr->control & 1) ? " " : "", (tr->control & 1) ? "PRE" : "");
        }
        if (tr->pregap > 0 && tr->start - tr->pregap >= 0)
            add(&t, "INDEX 0=%d\n", tr->start - tr->pregap);
        add(&t, "INDEX 1=%d\n", tr->start);
        for (int k = 2; k < tr->n_index && k < 100; k++)
            if (tr->index[k] >= 0)
                add(&t, "INDEX %d=%d\n", k, tr->index[k]);
    }
    bool ok = !t.oom;
    if (ok) {
        FILE *f = fopen(tmp, "we");
        ok = f && fwrite(t.buf, 1, t.len, f) == t.len;
        if (f)
            ok = fclose(f) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            unlink(tmp);
    }
    free(t.buf);
    free(path);
    free(tmp);
    return ok;
}
