/* vd_rec_toc.c: READ TOC/PMA/ATIP as a recorder answers it: the ATIP of
 * CD-R/RW media (format 4: lead-in start, last possible lead-out, disc
 * type, speeds), the PMA (format 3: every track recorded, closed or
 * not), the fabricated TOC of DVD/BD media (formats 0 and 1 from the
 * closed sessions; one track on overwritable media), and on a CD whose
 * only session is still open the TOC drives make from the PMA.  A CD
 * with a closed session is answered by the drive model from its .ccd.
 */
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

/* ---- READ TOC/PMA/ATIP ---------------------------------------------- */

static int read_atip(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (!vd_rec_is_cd(r))
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    uint8_t x[28] = { 0 };
    vd_put_be16(x, 26);
    x[4] = 0x80 | (5 << 4) | 0x05;       /* indicative writing power, reference speed */
    x[5] = 0x40;                         /* URU: unrestricted use */
    x[6] = (uint8_t)(0x80 | (r->med == VD_MED_CDRW ? 0x40 : 0) | 0x04);   /* disc type, A1 valid */
    vd_lba_to_msf(r->leadin_start, &x[8], &x[9], &x[10]);
    vd_lba_to_msf(r->capacity, &x[12], &x[13], &x[14]);
    x[16] = (uint8_t)(r->med == VD_MED_CDRW ? 0x14 : 0x1A);   /* lowest 2x, highest 8x / 48x */
    return reply(x, sizeof x, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* PMA: the tracks of every session, closed or not (what a CD-R's
 * program memory area lists before the TOC is written). */
static int read_pma(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (!vd_rec_is_cd(r))
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    static uint8_t x[4 + 99 * 11];
    size_t n = 4;
    memset(x, 0, sizeof x);
    for (int i = 0; i < r->n_tracks; i++) {
        const vd_rec_track *t = &r->tracks[i];
        uint8_t *p = x + n;
        p[1] = (uint8_t)(0x10 | (t->control & 0x0F));
        p[3] = vd_bcd(t->number);
        uint8_t m, s, f;
        vd_lba_to_msf(t->end > t->start ? t->end - 1 : t->start, &m, &s, &f);
        p[4] = vd_bcd(m);
        p[5] = vd_bcd(s);
        p[6] = vd_bcd(f);
        vd_lba_to_msf(t->start, &m, &s, &f);
        p[8] = vd_bcd(m);
        p[9] = vd_bcd(s);
        p[10] = vd_bcd(f);
        n += 11;
    }
    vd_put_be16(x, (uint32_t)(n - 2));
    return reply(x, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* DVD/BD: the fabricated TOC of the closed sessions (MMC-6 6.26.3.2.4). */
static int dvd_toc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    int format = cdb[2] & 0x0F;
    bool msf = cdb[1] & 2;
    static uint8_t x[4 + 100 * 8];
    size_t n = 4;
    memset(x, 0, sizeof x);
    int last_closed = 0;
    for (int i = 0; i < r->n_sessions; i++)
        if (r->sessions[i].closed)
            last_closed = i + 1;
    bool random = vd_rec_random(r);
    if (random && r->formatted && r->recorded_end > 0)
        last_closed = 1;
    if (!last_closed || (format != 0 && format != 1))
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    int first_t = 1, last_t = 0;
    int32_t leadout = 0;
    if (random) {
        last_t = 1;
        leadout = r->recorded_end;
    } else
        for (int i = 0; i < r->n_tracks; i++)
            if (r->tracks[i].session <= last_closed) {
                last_t = r->tracks[i].number;
                leadout = r->sessions[r->tracks[i].session - 1].leadout;
            }
    #define ADDR(p, lba) (msf ? put_msf((p), (lba)) : vd_put_be32((p), (uint32_t)(lba)))
    if (format == 1) {
        x[2] = 1;
        x[3] = (uint8_t)last_closed;
        int32_t start = 0;
        int num = 1;
        if (!random)
            for (int i = 0; i < r->n_tracks; i++)
                if (r->tracks[i].session == last_closed) {
                    start = r->tracks[i].start;
                    num = r->tracks[i].number;
                    break;
                }
        x[5] = 0x14;
        x[6] = (uint8_t)num;
        ADDR(x + 8, start);
        n = 12;
    } else {
        x[2] = (uint8_t)first_t;
        x[3] = (uint8_t)last_t;
        int from = cdb[6];
        if (random) {
            if (from <= 1) {
                x[n + 1] = 0x14;
                x[n + 2] = 1;
                ADDR(x + n + 4, 0);
                n += 8;
            }
        } else
            for (int i = 0; i < r->n_tracks; i++) {
                const vd_rec_track *t = &r->tracks[i];
                if (t->session > last_closed || t->number < from)
                    continue;
                x[n + 1] = 0x14;
                x[n + 2] = (uint8_t)t->number;
                ADDR(x + n + 4, t->start);
                n += 8;
            }
        x[n + 1] = 0x14;
        x[n + 2] = 0xAA;
        ADDR(x + n + 4, leadout);
        n += 8;
    }
    #undef ADDR
    vd_put_be16(x, (uint32_t)(n - 2));
    return reply(x, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* A CD-R whose only session is still open (a write failed in it): the
 * TOC comes from the PMA, the tracks recorded so far, as drives make it. */
static int pma_toc(vd_drive *d, const uint8_t *cdb, int format, uint8_t *buf, size_t buflen, size_t *xfer)
{
    vd_rec *r = d->rec;
    bool msf = cdb[1] & 2;
    static uint8_t x[4 + 104 * 11];
    size_t n = 4;
    memset(x, 0, sizeof x);
    const vd_rec_track *first = &r->tracks[0], *last = &r->tracks[r->n_tracks - 1];
    int32_t leadout = last->end > last->next ? last->end : last->next;
    if (format == 2) {
        x[2] = x[3] = 1;
        uint8_t *p;
        for (int k = 0; k < 3 + r->n_tracks; k++) {
            p = x + n;
            p[0] = 1;
            const vd_rec_track *t = k == 0 ? first : k <= 2 ? last : &r->tracks[k - 3];
            p[1] = (uint8_t)(0x10 | (t->control & 0x0F));
            p[3] = k == 0 ? 0xA0 : k == 1 ? 0xA1 : k == 2 ? 0xA2 : (uint8_t)t->number;
            if (k == 0)
                p[8] = (uint8_t)first->number;
            else if (k == 1)
                p[8] = (uint8_t)last->number;
            else
                vd_lba_to_msf(k == 2 ? leadout : t->start, &p[8], &p[9], &p[10]);
            n += 11;
        }
    } else {
        x[2] = format == 1 ? 1 : (uint8_t)first->number;
        x[3] = format == 1 ? 1 : (uint8_t)last->number;
        for (int k = 0; k <= r->n_tracks; k++) {
            if (format == 1 && k > 0)
                break;
            const vd_rec_track *t = k < r->n_tracks ? &r->tracks[k] : last;
            uint8_t *p = x + n;
            p[1] = (uint8_t)(0x10 | (t->control & 0x0F));
            p[2] = k < r->n_tracks ? (uint8_t)t->number : 0xAA;
            int32_t lba = k < r->n_tracks ? t->start : leadout;
            if (msf)
                put_msf(p + 4, lba);
            else
                vd_put_be32(p + 4, (uint32_t)lba);
            n += 8;
        }
    }
    vd_put_be16(x, (uint32_t)(n - 2));
    return reply(x, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

bool vd_rec_read_toc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                     uint8_t sense[18], int *st)
{
    vd_rec *r = d->rec;
    int format = cdb[2] & 0x0F;
    if (format == 0 && (cdb[9] & 0xC0))
        format = cdb[9] >> 6;
    if (format == 4) {
        *st = read_atip(d, cdb, buf, buflen, xfer, sense);
        return true;
    }
    if (format == 3) {
        *st = read_pma(d, cdb, buf, buflen, xfer, sense);
        return true;
    }
    if (!vd_rec_is_cd(r)) {
        *st = dvd_toc(d, cdb, buf, buflen, xfer, sense);
        return true;
    }
    if (d->img->n_tracks == 0 && r->n_tracks && (format == 0 || format == 1 || format == 2)) {
        *st = pma_toc(d, cdb, format, buf, buflen, xfer);
        return true;
    }
    if (d->img->n_tracks == 0) {
        /* A CD with no track has no TOC. */
        *st = vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        return true;
    }
    return false;                /* the drive model reads the .ccd's TOC */
}

