/* vd_mmc_read.c: the MMC commands that return disc contents: READ
 * TOC/PMA/ATIP (formats 0, 1, 2, 4, 5), READ SUB-CHANNEL (position, MCN,
 * ISRC) and READ CD / READ CD MSF with expected-sector-type checks, the
 * byte-9 field selection, C2 pointers and the byte-10 subchannel choice,
 * and the Plextor READ CD-DA (0xD8) that reads every sector as audio.
 * In TOC and sub-channel replies the control byte is (ADR << 4) | CONTROL.
 */
#include "vd.h"

#include <string.h>

static void put_addr(uint8_t *p, int32_t lba, bool msf)
{
    if (msf) {
        p[0] = 0;
        vd_lba_to_msf(lba, &p[1], &p[2], &p[3]);
    } else
        vd_put_be32(p, (uint32_t)lba);
}

static int finish(uint8_t *r, size_t n, size_t alloc, uint8_t *buf, size_t buflen, size_t *xfer)
{
    size_t m = n < alloc ? n : alloc;
    if (m > buflen)
        m = buflen;
    if (m)
        memcpy(buf, r, m);
    *xfer = m;
    return 0;
}

int vd_mmc_read_toc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                    uint8_t sense[18])
{
    const vd_image *img = d->img;
    int format = cdb[2] & 0x0F;
    if (format == 0 && (cdb[9] & 0xC0))
        format = cdb[9] >> 6;    /* the older place of the format field */
    bool msf = (cdb[1] & 0x02) != 0;
    int from = cdb[6];
    size_t alloc = vd_get_be16(cdb + 7);
    static uint8_t r[4 + 512 * 11 + 8];
    size_t n = 4;
    memset(r, 0, 4);
    if (format == 0) {
        const vd_track *first = &img->tracks[0], *last = &img->tracks[img->n_tracks - 1];
        if (from > last->number && from != 0xAA)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        r[2] = (uint8_t)first->number;
        r[3] = (uint8_t)last->number;
        for (int i = 0; i < img->n_tracks; i++) {
            const vd_track *t = &img->tracks[i];
            if (t->number < from)
                continue;
            memset(r + n, 0, 8);
            r[n + 1] = (uint8_t)(0x10 | (t->control & 0x0F));
            r[n + 2] = (uint8_t)t->number;
            put_addr(r + n + 4, t->start, msf);
            n += 8;
        }
        memset(r + n, 0, 8);
        r[n + 1] = (uint8_t)(0x10 | (last->control & 0x0F));
        r[n + 2] = 0xAA;
        put_addr(r + n + 4, img->leadout, msf);
        n += 8;
    } else if (format == 1) {
        const vd_session *s = &img->sessions[img->n_sessions - 1];
        const vd_track *t = vd_image_track(img, s->first_track);
        if (!t)
            t = &img->tracks[img->n_tracks - 1];
        r[2] = 1;
        r[3] = (uint8_t)img->n_sessions;
        memset(r + n, 0, 8);
        r[n + 1] = (uint8_t)(0x10 | (t->control & 0x0F));
        r[n + 2] = (uint8_t)t->number;
        put_addr(r + n + 4, t->start, msf);
        n += 8;
    } else if (format == 2) {
        if (img->kind != VD_CD || img->n_toc == 0)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        r[2] = 1;
        r[3] = (uint8_t)img->n_sessions;
        for (int i = 0; i < img->n_toc; i++) {
            const vd_toc_entry *e = &img->toc[i];
            if (e->session < from)
                continue;
            uint8_t *p = r + n;
            p[0] = e->session;
            p[1] = (uint8_t)((e->adr << 4) | (e->control & 0x0F));
            p[2] = e->tno;
            p[3] = e->point;
            p[4] = e->min;
            p[5] = e->sec;
            p[6] = e->frame;
            p[7] = e->zero;
            p[8] = e->pmin;
            p[9] = e->psec;
            p[10] = e->pframe;
            n += 11;
        }
    } else if (format == 5) {
        if (img->kind != VD_CD)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        if (img->cdtext_len > sizeof r - 4)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        if (img->cdtext_len)
            memcpy(r + 4, img->cdtext, img->cdtext_len);
        n += img->cdtext_len;
    } else {
        /* 3 PMA and 4 ATIP do not exist on a pressed disc. */
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    }
    vd_put_be16(r, (uint32_t)(n - 2));
    return finish(r, n, alloc, buf, buflen, xfer);
}

int vd_mmc_read_subchannel(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                           size_t *xfer, uint8_t sense[18])
{
    const vd_image *img = d->img;
    bool msf = (cdb[1] & 0x02) != 0;
    bool subq = (cdb[2] & 0x40) != 0;
    int format = cdb[3];
    uint8_t r[24] = { 0 };
    size_t n = 4;
    r[1] = 0x15;                 /* no audio status */
    if (subq) {
        if (format == 1) {
            int32_t lba = d->head;
            if (lba < 0 || lba >= img->leadout)
                lba = 0;
            const vd_track *t = vd_image_track_at(img, lba);
            if (!t)
                t = &img->tracks[0];
            int index = lba < t->start ? 0 : 1;
            for (int k = 2; k < t->n_index; k++)
                if (t->index[k] >= 0 && lba >= t->index[k])
                    index = k;
            r[4] = 1;
            r[5] = (uint8_t)(0x10 | (t->control & 0x0F));
            r[6] = (uint8_t)t->number;
            r[7] = (uint8_t)index;
            put_addr(r + 8, lba, msf);
            if (msf) {
                int32_t rel = lba - t->start;
                if (rel < 0)
                    rel = -rel;
                r[12] = 0;
                r[13] = (uint8_t)(rel / 4500);
                r[14] = (uint8_t)((rel / 75) % 60);
                r[15] = (uint8_t)(rel % 75);
            } else
                vd_put_be32(r + 12, (uint32_t)(lba - t->start));
            n += 12;
        } else if (format == 2) {
            r[4] = 2;
            if (img->mcn[0]) {
                r[8] = 0x80;
                memcpy(r + 9, img->mcn, strlen(img->mcn) < 13 ? strlen(img->mcn) : 13);
            }
            n += 20;
        } else if (format == 3) {
            const vd_track *t = vd_image_track(img, cdb[6]);
            if (!t)
                return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
            r[4] = 3;
            r[5] = (uint8_t)(0x30 | (t->control & 0x0F));
            r[6] = (uint8_t)t->number;
            if (t->isrc[0]) {
                r[8] = 0x80;
                memcpy(r + 9, t->isrc, strlen(t->isrc) < 12 ? strlen(t->isrc) : 12);
            }
            n += 20;
        } else
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    }
    vd_put_be16(r + 2, (uint32_t)(n - 4));
    return finish(r, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

/* Byte ranges [start, end) of the fields of a sector kind. */
typedef struct {
    int sub_start, user_start, user_end, edc_end;   /* sync 0-12, header 12-16 */
} layout;

static layout layout_of(int kind)
{
    switch (kind) {
    case VD_SEC_MODE1:
        return (layout){ 16, 16, 2064, 2352 };
    case VD_SEC_FORM1:
        return (layout){ 16, 24, 2072, 2352 };
    case VD_SEC_FORM2:
        return (layout){ 16, 24, 2348, 2352 };
    default:                     /* formless Mode 2, Mode 0 */
        return (layout){ 16, 16, 2352, 2352 };
    }
}

static bool type_matches(int want, int kind)
{
    switch (want) {
    case 0:
        return true;
    case 1:
        return kind == VD_SEC_AUDIO;
    case 2:
        return kind == VD_SEC_MODE1;
    case 3:
        return kind == VD_SEC_MODE2;
    case 4:
        return kind == VD_SEC_FORM1;
    case 5:
        return kind == VD_SEC_FORM2;
    default:
        return false;
    }
}

/* Append the selected main-channel fields of one sector. */
static size_t select_fields(const uint8_t *raw, int kind, uint8_t b9, uint8_t *out)
{
    size_t n = 0;
    if (kind == VD_SEC_AUDIO) {
        if (b9 & 0xF8) {
            memcpy(out, raw, 2352);
            n = 2352;
        }
        return n;
    }
    layout l = layout_of(kind);
    int hdr = (b9 >> 5) & 3;
    if (b9 & 0x80) {
        memcpy(out + n, raw, 12);
        n += 12;
    }
    if (hdr == 1 || hdr == 3) {
        memcpy(out + n, raw + 12, 4);
        n += 4;
    }
    if ((hdr == 2 || hdr == 3) && l.user_start > l.sub_start) {
        memcpy(out + n, raw + l.sub_start, (size_t)(l.user_start - l.sub_start));
        n += (size_t)(l.user_start - l.sub_start);
    }
    if (b9 & 0x10) {
        memcpy(out + n, raw + l.user_start, (size_t)(l.user_end - l.user_start));
        n += (size_t)(l.user_end - l.user_start);
    }
    if ((b9 & 0x08) && l.edc_end > l.user_end) {
        memcpy(out + n, raw + l.user_end, (size_t)(l.edc_end - l.user_end));
        n += (size_t)(l.edc_end - l.user_end);
    }
    return n;
}

/* Packed subchannel of lba: stored (or made from the TOC) on the disc
 * and in stored session gaps; in an overread lead-in the pregap of track
 * 1 (P set, index 0), in an overread lead-out past the image track AA
 * positions counted from the lead-out. */
static void sector_sub(vd_drive *d, int32_t lba, uint8_t packed[96])
{
    const vd_image *img = d->img;
    if (vd_drive_overread(d, lba) && !vd_image_read_sub(img, lba, packed)) {
        memset(packed, 0, 96);
        if (lba < 0) {
            memset(packed, 0xFF, 12);
            vd_q_position(packed + 12, img->tracks[0].control, img->tracks[0].number, 0,
                          lba - img->tracks[0].start, lba);
            return;
        }
        int32_t leadout = img->leadout;
        uint8_t control = 0;
        for (int s = 0; s < img->n_sessions; s++)
            if (lba >= img->sessions[s].leadout) {
                leadout = img->sessions[s].leadout;
                const vd_track *t = vd_image_track(img, img->sessions[s].last_track);
                control = t ? t->control : 0;
            }
        vd_q_position(packed + 12, control, 0xAA, 1, lba - leadout, lba);
        return;
    }
    if (!vd_image_read_sub(img, lba, packed))
        memset(packed, 0, 96);
}

int vd_mmc_read_cd(vd_drive *d, const uint8_t *cdb, bool msf, uint8_t *buf, size_t buflen,
                   size_t *xfer, uint8_t sense[18])
{
    int want = (cdb[1] >> 2) & 7;
    uint8_t b9 = cdb[9], sel = cdb[10] & 7;
    int c2mode = (b9 >> 1) & 3;
    int32_t lba, count;
    if (msf) {
        lba = vd_msf_to_lba(cdb[3], cdb[4], cdb[5]);
        count = vd_msf_to_lba(cdb[6], cdb[7], cdb[8]) - lba;
        if (count < 0)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    } else {
        lba = (int32_t)vd_get_be32(cdb + 2);
        count = (int32_t)vd_get_be24(cdb + 6);
    }
    *xfer = 0;
    if (want > 5 || c2mode == 3 || (sel != 0 && sel != 1 && sel != 2 && sel != 4) || (c2mode && d->no_c2))
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    if (d->img->kind != VD_CD || d->profile != VD_CD)
        return vd_mmc_fail(d, sense, 0x05, 0x30, 0x02);   /* cannot read medium: incompatible format */
    vd_drive_charge(d, lba, count);
    for (int32_t i = 0; i < count; i++) {
        int32_t l = lba + i;
        uint8_t raw[2352], c2[294], out[2352 + 296 + 96];
        bool over = vd_drive_overread(d, l);
        if (!over && !vd_drive_addressable(d, l))
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, l);
        int kind = over ? VD_SEC_AUDIO : vd_drive_sector_kind(d, l);
        if (!type_matches(want, kind)) {
            vd_drive_log(d, "read cd lba %d: sector type %d, expected %d", l, kind, want);
            return vd_mmc_fail_at(d, sense, 0x05, 0x64, 0x00, l);
        }
        int r = vd_drive_read_raw(d, l, raw, c2);
        if (r == VD_READ_OUT_OF_RANGE)
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, l);
        if (r != VD_READ_OK)
            return vd_mmc_fail_at(d, sense, 0x03, 0x11, 0x00, l);
        size_t n = select_fields(raw, kind, b9, out);
        if (c2mode == 1) {
            memcpy(out + n, c2, 294);
            n += 294;
        } else if (c2mode == 2) {
            uint8_t any = 0;
            for (int k = 0; k < 294; k++)
                any |= c2[k];
            out[n] = any;            /* block error byte, then a pad byte */
            out[n + 1] = 0;
            memcpy(out + n + 2, c2, 294);
            n += 296;
        }
        if (sel) {
            uint8_t packed[96], rawsub[96];
            sector_sub(d, l, packed);
            vd_sub_packed_to_raw(packed, rawsub);
            if (sel == 1) {
                memcpy(out + n, rawsub, 96);
                n += 96;
            } else if (sel == 2) {
                memcpy(out + n, packed + 12, 12);
                memset(out + n + 12, 0, 4);
                n += 16;
            } else {
                for (int k = 0; k < 96; k++)
                    out[n + k] = rawsub[k] & 0x3F;
                n += 96;
            }
        }
        size_t room = buflen - *xfer;
        if (n > room)
            n = room;
        if (n) {
            memcpy(buf + *xfer, out, n);
            *xfer += n;
        }
    }
    return 0;
}

/* Plextor READ CD-DA (0xD8): LBA in bytes 2-5, sectors in 6-9, byte 10
 * the subcode: 0 none (2352 bytes a sector), 1 2352 + 16 formatted Q,
 * 2 2352 + 96 raw P-W, 3 the 96 raw P-W bytes alone.  Every sector comes
 * back as the surface reads as audio (data scrambled) and shifted by the
 * drive's offset, so a ripper can see where data sync falls against Q. */
int vd_mmc_read_cdda(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                     uint8_t sense[18])
{
    int32_t lba = (int32_t)vd_get_be32(cdb + 2);
    uint32_t count = vd_get_be32(cdb + 6);
    uint8_t sub = cdb[10];
    *xfer = 0;
    if (d->no_d8)
        return vd_mmc_fail(d, sense, 0x05, 0x20, 0x00);
    if (sub > 3)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    if (d->img->kind != VD_CD || d->profile != VD_CD)
        return vd_mmc_fail(d, sense, 0x05, 0x30, 0x02);
    if (count > 0x7FFFFFFF - (uint32_t)(lba < 0 ? 0 : lba))
        return vd_mmc_fail(d, sense, 0x05, 0x21, 0x00);
    vd_drive_charge(d, lba, (int32_t)count);
    for (uint32_t i = 0; i < count; i++) {
        int32_t l = lba + (int32_t)i;
        uint8_t out[2352 + 96];
        size_t n = 0;
        if (!vd_drive_addressable(d, l) && !vd_drive_overread(d, l))
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, l);
        if (sub != 3) {
            int r = vd_drive_read_cdda(d, l, out, NULL);
            if (r == VD_READ_OUT_OF_RANGE)
                return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, l);
            if (r != VD_READ_OK)
                return vd_mmc_fail_at(d, sense, 0x03, 0x11, 0x00, l);
            n = 2352;
        } else if (vd_drive_fault(d, l) == '-')
            return vd_mmc_fail_at(d, sense, 0x03, 0x11, 0x00, l);
        if (sub) {
            uint8_t packed[96], rawsub[96];
            sector_sub(d, l, packed);
            if (sub == 1) {
                memcpy(out + n, packed + 12, 12);
                memset(out + n + 12, 0, 4);
                n += 16;
            } else {
                vd_sub_packed_to_raw(packed, rawsub);
                memcpy(out + n, rawsub, 96);
                n += 96;
            }
        }
        size_t room = buflen - *xfer;
        if (n > room)
            n = room;
        if (n) {
            memcpy(buf + *xfer, out, n);
            *xfer += n;
        }
    }
    return 0;
}
