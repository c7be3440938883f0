/* vd_mmc.c: the MMC command set of the virtual drive (everything except
 * the TOC, sub-channel and READ CD commands, which live in
 * vd_mmc_read.c): dispatch, sense, INQUIRY, MODE SENSE/SELECT, GET
 * CONFIGURATION, capacities, disc and track information, speed, tray
 * and the plain READ(10)/READ(12).  Shared by CDROM_SEND_PACKET and
 * SG_IO.  Unknown commands answer ILLEGAL REQUEST 05/20/00.
 */
#include "vd.h"
#include "vd_rec.h"

#include <string.h>

int vd_mmc_fail_at(vd_drive *d, uint8_t sense[18], uint8_t key, uint8_t asc, uint8_t ascq,
                   int32_t lba)
{
    vd_mmc_fail(d, sense, key, asc, ascq);
    d->sense[0] = 0xF0;          /* VALID: the information field holds the LBA */
    vd_put_be32(d->sense + 3, (uint32_t)lba);
    if (sense)
        memcpy(sense, d->sense, 18);
    return 2;
}

int vd_mmc_fail(vd_drive *d, uint8_t sense[18], uint8_t key, uint8_t asc, uint8_t ascq)
{
    uint8_t s[18] = { 0 };
    s[0] = 0x70;                 /* current error, fixed format */
    s[2] = key;
    s[7] = 10;                   /* additional sense length */
    s[12] = asc;
    s[13] = ascq;
    memcpy(d->sense, s, 18);
    if (sense)
        memcpy(sense, s, 18);
    return 2;
}

/* Copy a reply of `len` bytes, cut to the allocation length and buffer. */
static int reply(const uint8_t *data, size_t len, size_t alloc, uint8_t *buf, size_t buflen,
                 size_t *xfer)
{
    size_t n = len < alloc ? len : alloc;
    if (n > buflen)
        n = buflen;
    if (n)
        memcpy(buf, data, n);
    *xfer = n;
    return 0;
}

static int inquiry(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                   uint8_t sense[18])
{
    if (cdb[1] & 1)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    uint8_t r[96] = { 0 };
    r[0] = 0x05;                 /* CD/DVD device */
    r[1] = 0x80;                 /* removable */
    r[2] = 0x05;                 /* SPC-3 */
    r[3] = 0x32;                 /* response data format 2 */
    r[4] = sizeof r - 5;
    memcpy(r + 8, "DISCWRIG", 8);
    memcpy(r + 16, "VIRTUAL DRIVE   ", 16);
    memcpy(r + 32, "0.1 ", 4);
    return reply(r, sizeof r, vd_get_be16(cdb + 3), buf, buflen, xfer);
}

/* Mode page bytes for one page code; returns length or 0 when unknown. */
static size_t mode_page(vd_drive *d, int page, int pc, uint8_t *p)
{
    if (page == 0x01) {
        memset(p, 0, 12);
        p[0] = 0x01;
        p[1] = 0x0A;
        if (pc != 1)
            p[3] = 1;            /* read retry count */
        return 12;
    }
    if (page == 0x2A) {
        memset(p, 0, 22);
        p[0] = 0x2A;
        p[1] = 0x14;
        if (pc == 1)             /* changeable values: none */
            return 22;
        p[2] = 0x3F;             /* reads CD-R, CD-RW, method 2, DVD-ROM, DVD-R, DVD-RAM */
        p[4] = 0x71;             /* audio play, mode 2 form 1 and 2, multisession */
        p[5] = 0x7F;             /* CD-DA, accurate stream, R-W, R-W corrected, C2, ISRC, UPC */
        p[6] = (uint8_t)(0x29 | (d->locked ? 0x02 : 0));   /* tray, eject, lock */
        p[7] = 0x03;
        vd_put_be16(p + 8, 48 * 176);     /* maximum read speed (kB/s) */
        vd_put_be16(p + 10, 256);         /* volume levels */
        vd_put_be16(p + 12, (uint32_t)(d->cache_kb > 0 ? d->cache_kb : 2048));   /* buffer (KiB) */
        vd_put_be16(p + 14, 48 * 176);    /* current read speed */
        return 22;
    }
    return 0;
}

static int mode_sense(vd_drive *d, const uint8_t *cdb, bool ten, uint8_t *buf, size_t buflen,
                      size_t *xfer, uint8_t sense[18])
{
    int page = cdb[2] & 0x3F, pc = cdb[2] >> 6;
    bool dbd = (cdb[1] & 0x08) != 0;
    uint8_t r[256] = { 0 };
    size_t hdr = ten ? 8 : 4, n = hdr;
    if (pc == 3)
        return vd_mmc_fail(d, sense, 0x05, 0x39, 0x00);   /* saving parameters not supported */
    if (!ten && !dbd) {          /* MODE SENSE(6): one block descriptor */
        r[3] = 8;
        vd_put_be32(r + 4, 0);
        vd_put_be32(r + 8, 2048);
        r[8] = 0;                /* density code */
        n += 8;
    }
    if (page == 0x3F) {
        n += mode_page(d, 0x01, pc, r + n);
        n += mode_page(d, 0x2A, pc, r + n);
    } else {
        size_t len = mode_page(d, page, pc, r + n);
        if (!len)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        n += len;
    }
    if (ten)
        vd_put_be16(r, (uint32_t)(n - 2));
    else
        r[0] = (uint8_t)(n - 1);
    return reply(r, n, ten ? vd_get_be16(cdb + 7) : cdb[4], buf, buflen, xfer);
}

/* GET CONFIGURATION: profile list, core, removable medium, random
 * readable, multi-read, CD read, DVD read. */
static size_t feature(vd_drive *d, int code, uint8_t *p, bool *current)
{
    static const int profiles[] = { 0x0040, 0x0010, 0x0008 };
    int cur = d->profile == VD_CD ? 0x0008 : d->profile == VD_DVD ? 0x0010 : 0x0040;
    size_t n = 4;
    memset(p, 0, 4 + 16);
    vd_put_be16(p, (uint32_t)code);
    *current = true;
    switch (code) {
    case 0x0000:
        for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
            vd_put_be16(p + n, (uint32_t)profiles[i]);
            p[n + 2] = profiles[i] == cur ? 1 : 0;
            n += 4;
        }
        p[2] = 0x03;
        break;
    case 0x0001:
        vd_put_be32(p + 4, 2);   /* ATAPI */
        p[2] = 0x0B;
        n += 8;
        break;
    case 0x0003:
        p[2] = 0x03;
        p[4] = 0x29;             /* tray, eject, lock */
        n += 4;
        break;
    case 0x0010:
        p[2] = 0x01;
        vd_put_be32(p + 4, 2048);
        vd_put_be16(p + 8, d->profile == VD_CD ? 1 : 16);
        n += 8;
        break;
    case 0x001D:
        p[2] = 0x01;
        break;
    case 0x001E:
        *current = d->profile == VD_CD;
        p[2] = (uint8_t)(0x08 | (*current ? 1 : 0));
        p[4] = 0x03;             /* CD-TEXT, C2 flags */
        n += 4;
        break;
    case 0x001F:
        *current = d->profile == VD_DVD;
        p[2] = *current ? 1 : 0;
        n += 4;
        break;
    default:
        return 0;
    }
    p[3] = (uint8_t)(n - 4);
    return n;
}

static int get_configuration(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                             size_t *xfer, uint8_t sense[18])
{
    static const int codes[] = { 0x0000, 0x0001, 0x0003, 0x0010, 0x001D, 0x001E, 0x001F };
    int rt = cdb[1] & 3, start = (int)vd_get_be16(cdb + 2);
    if (rt == 3)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    uint8_t r[512] = { 0 };
    size_t n = 8;
    vd_put_be16(r + 6, d->profile == VD_CD ? 0x0008 : d->profile == VD_DVD ? 0x0010 : 0x0040);
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        bool current;
        if (codes[i] < start || (rt == 2 && codes[i] != start))
            continue;
        size_t len = feature(d, codes[i], r + n, &current);
        if (len && (rt != 1 || current))
            n += len;
    }
    vd_put_be32(r, (uint32_t)(n - 4));
    return reply(r, n, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

static int read_disc_information(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                                 size_t *xfer)
{
    const vd_image *img = d->img;
    const vd_session *last = &img->sessions[img->n_sessions - 1];
    uint8_t r[34] = { 0 };
    vd_put_be16(r, 32);
    r[2] = 0x0E;                 /* complete disc, complete last session */
    r[3] = (uint8_t)img->tracks[0].number;
    r[4] = (uint8_t)img->n_sessions;
    r[5] = (uint8_t)last->first_track;
    r[6] = (uint8_t)last->last_track;
    r[8] = img->sessions[0].format;
    memset(r + 16, 0xFF, 8);     /* no next session lead-in, no last lead-out */
    return reply(r, sizeof r, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

static int read_track_information(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                                  size_t *xfer, uint8_t sense[18])
{
    uint32_t v = vd_get_be32(cdb + 2);
    const vd_track *t = NULL;
    switch (cdb[1] & 3) {
    case 0:
        t = vd_image_track_at(d->img, (int32_t)v);
        break;
    case 1:
        t = vd_image_track(d->img, (int)v);
        break;
    case 2:
        if (v >= 1 && (int)v <= d->img->n_sessions)
            t = vd_image_track(d->img, d->img->sessions[v - 1].first_track);
        break;
    default:
        break;
    }
    if (!t)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    uint8_t r[36] = { 0 };
    vd_put_be16(r, 34);
    r[2] = (uint8_t)t->number;
    r[3] = (uint8_t)t->session;
    r[5] = t->control & 0x0F;
    r[6] = (uint8_t)((t->control & 4) ? (t->mode == 2 ? 2 : 1) : 0x0F);
    vd_put_be32(r + 8, (uint32_t)t->start);
    vd_put_be32(r + 24, (uint32_t)(t->end - t->start));
    vd_put_be32(r + 28, (uint32_t)(t->end - 1));
    return reply(r, sizeof r, vd_get_be16(cdb + 7), buf, buflen, xfer);
}

static int read10(vd_drive *d, const uint8_t *cdb, bool twelve, uint8_t *buf, size_t buflen,
                  size_t *xfer, uint8_t sense[18])
{
    int32_t lba = (int32_t)vd_get_be32(cdb + 2);
    uint32_t count = twelve ? vd_get_be32(cdb + 6) : vd_get_be16(cdb + 7);
    *xfer = 0;
    if (cdb[1] & 0x08)
        vd_cache_fua(d);         /* FUA: honoured or ignored (vd_cache.c) */
    vd_drive_charge(d, lba, (int32_t)count);
    for (uint32_t i = 0; i < count; i++) {
        uint8_t sec[2048];
        int32_t l = lba + (int32_t)i;
        int r;
        if (d->img->kind == VD_CD && vd_drive_addressable(d, l)) {
            int kind = vd_drive_sector_kind(d, l);
            if (kind != VD_SEC_MODE1 && kind != VD_SEC_FORM1)
                return vd_mmc_fail_at(d, sense, 0x05, 0x64, 0x00, l);
        }
        r = vd_drive_read_user(d, l, sec);
        if (r == VD_READ_OUT_OF_RANGE)
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, l);
        if (r != VD_READ_OK)
            return vd_mmc_fail_at(d, sense, 0x03, 0x11, 0x00, l);
        size_t n = buflen - *xfer < 2048 ? buflen - *xfer : 2048;
        if (n) {
            memcpy(buf + *xfer, sec, n);
            *xfer += n;
        }
    }
    return 0;
}

static int misc_command(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                        size_t *xfer, uint8_t sense[18])
{
    uint8_t r[32] = { 0 };
    switch (cdb[0]) {
    case 0x25: {                 /* READ CAPACITY */
        vd_put_be32(r, (uint32_t)(vd_drive_capacity(d) - 1));
        vd_put_be32(r + 4, 2048);
        return reply(r, 8, 8, buf, buflen, xfer);
    }
    case 0x5C:                   /* READ BUFFER CAPACITY */
        vd_put_be16(r, 10);
        vd_put_be32(r + 4, 2u << 20);
        vd_put_be32(r + 8, 2u << 20);
        return reply(r, 12, vd_get_be16(cdb + 7), buf, buflen, xfer);
    case 0xAC:                   /* GET PERFORMANCE: one nominal descriptor */
        if (cdb[10] != 0x00) {
            vd_put_be32(r, 4);
            return reply(r, 8, 8 + 16 * (size_t)vd_get_be16(cdb + 8), buf, buflen, xfer);
        }
        vd_put_be32(r, 4 + 16);
        vd_put_be32(r + 8, 0);
        vd_put_be32(r + 12, 48 * 176);
        vd_put_be32(r + 16, (uint32_t)(vd_drive_capacity(d) - 1));
        vd_put_be32(r + 20, 48 * 176);
        return reply(r, 24, 8 + 16 * (size_t)vd_get_be16(cdb + 8), buf, buflen, xfer);
    case 0xBB: {                 /* SET CD SPEED */
        uint32_t kbs = vd_get_be16(cdb + 2);
        double unit = d->profile == VD_CD ? 176.4 : d->profile == VD_DVD ? 1385.0 : 4495.5;
        d->speed_cap_x = (kbs == 0xFFFF || kbs == 0) ? 0 : kbs / unit;
        return 0;
    }
    case 0x1E:                   /* PREVENT/ALLOW MEDIUM REMOVAL */
        d->locked = cdb[4] & 1;
        return 0;
    case 0x1B:                   /* START STOP UNIT */
        if ((cdb[4] & 2) && !(cdb[4] & 1)) {
            if (d->locked)
                return vd_mmc_fail(d, sense, 0x05, 0x53, 0x02);
            d->ejected = true;
        } else if (cdb[4] & 2)
            d->ejected = false;
        return 0;
    case 0x2B:                   /* SEEK(10) */
        d->head = (int32_t)vd_get_be32(cdb + 2);
        vd_drive_charge(d, d->head, 0);
        return 0;
    case 0x15:                   /* MODE SELECT(6) */
    case 0x55:                   /* MODE SELECT(10) */
    case 0xB6:                   /* SET STREAMING */
    case 0x35:                   /* SYNCHRONIZE CACHE */
        return 0;
    default:
        return vd_mmc_fail(d, sense, 0x05, 0x20, 0x00);
    }
}

int vd_mmc_exec(vd_drive *d, const uint8_t *cdb, size_t cdb_len, uint8_t *buf, size_t buflen,
                size_t *xfer, uint8_t sense[18])
{
    uint8_t dummy[18], c[16] = { 0 };
    if (!sense)
        sense = dummy;
    /* Handlers read fixed CDB positions: give them 16 bytes, zero past
     * what was sent. */
    memcpy(c, cdb, cdb_len < sizeof c ? cdb_len : sizeof c);
    cdb = c;
    if (!buf)
        buflen = 0;
    *xfer = 0;
    int st;
    uint32_t charges = d->charges;
    d->in_exec = true;           /* charges wait at the end (vd_drive_wait) */
    if (cdb_len < 6) {
        st = vd_mmc_fail(d, sense, 0x05, 0x20, 0x00);
        goto done;
    }
    uint8_t op = cdb[0];
    if (d->changer && vd_changer_mmc(d, cdb, buf, buflen, xfer, sense, &st))
        goto done;
    if (op == 0x03) {            /* REQUEST SENSE: report and clear */
        uint8_t s[18];
        memcpy(s, d->sense, 18);
        memset(d->sense, 0, 18);
        d->sense[0] = 0x70;
        d->sense[7] = 10;
        st = reply(s, 18, cdb[4], buf, buflen, xfer);
        goto done;
    }
    if (op == 0x12) {
        st = inquiry(d, cdb, buf, buflen, xfer, sense);
        goto done;
    }
    if (d->ejected && op != 0x1B && op != 0x1E && op != 0x46 && op != 0x5A && op != 0x1A &&
        op != 0xBB) {
        st = vd_mmc_fail(d, sense, 0x02, 0x3A, 0x00);
        goto done;
    }
    memset(d->sense, 0, 18);
    d->sense[0] = 0x70;
    d->sense[7] = 10;
    if (d->rec && vd_rec_mmc(d, cdb, buf, buflen, xfer, sense, &st))
        goto done;               /* the recorder's commands (vd_rec_mmc.c) */
    switch (op) {
    case 0x00:                   /* TEST UNIT READY */
        st = 0;
        break;
    case 0x1A:
        st = mode_sense(d, cdb, false, buf, buflen, xfer, sense);
        break;
    case 0x5A:
        st = mode_sense(d, cdb, true, buf, buflen, xfer, sense);
        break;
    case 0x46:
        st = get_configuration(d, cdb, buf, buflen, xfer, sense);
        break;
    case 0x51:
        st = read_disc_information(d, cdb, buf, buflen, xfer);
        break;
    case 0x52:
        st = read_track_information(d, cdb, buf, buflen, xfer, sense);
        break;
    case 0x43:
        st = vd_mmc_read_toc(d, cdb, buf, buflen, xfer, sense);
        break;
    case 0x42:
        st = vd_mmc_read_subchannel(d, cdb, buf, buflen, xfer, sense);
        break;
    case 0x28:
        st = read10(d, cdb, false, buf, buflen, xfer, sense);
        break;
    case 0xA8:
        st = read10(d, cdb, true, buf, buflen, xfer, sense);
        break;
    case 0xBE:
        st = vd_mmc_read_cd(d, cdb, false, buf, buflen, xfer, sense);
        break;
    case 0xB9:
        st = vd_mmc_read_cd(d, cdb, true, buf, buflen, xfer, sense);
        break;
    case 0xD8:
        st = vd_mmc_read_cdda(d, cdb, buf, buflen, xfer, sense);
        break;
    case 0xAD:
        st = vd_mmc_read_disc_structure(d, cdb, buf, buflen, xfer, sense);
        break;
    default:
        st = misc_command(d, cdb, buf, buflen, xfer, sense);
        break;
    }
done:
    if (d->charges == charges)   /* a command without transfer still costs its latency */
        vd_drive_charge(d, d->head, 0);
    if (d->log_fd >= 0) {
        char hex[64];
        size_t n = 0;
        for (size_t i = 0; i < cdb_len && i < 16; i++)
            n += (size_t)snprintf(hex + n, sizeof hex - n, "%02X%s", cdb[i], i + 1 < cdb_len ? " " : "");
        if (st)
            vd_drive_log(d, "mmc %s -> sense %02X/%02X/%02X", hex, sense[2], sense[12], sense[13]);
        else
            vd_drive_log(d, "mmc %s -> ok %zu bytes", hex, *xfer);
    }
    d->in_exec = false;
    vd_drive_wait(d);
    return st;
}
