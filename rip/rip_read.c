/* rip_read.c: the read commands of a rip.  CDs: READ CD (0xBE) of any
 * sector type with sync, header, sub-header, user data and EDC/ECC (byte 9
 * 0xF8), C2 error pointers (294 bytes) and raw P-W subchannel (96 bytes)
 * when the drive gives them, falling back to formatted Q, no C2, no
 * subchannel, and last to cooked READ(10) with Mode 1 sectors rebuilt
 * around the user data.  DVD/BD: READ(12) of 2048-byte sectors.  A
 * read refused without sense data (the system's transfer limit, not the
 * drive) is halved until it passes (sectors per command: rip_block.c). */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/sector.h"
#include "discwright/subq.h"
#include "rip/rip_private.h"

static unsigned per_sector(const dw_rip_ctx *c)
{
    unsigned n = DW_RAW;
    if (c->c2)
        n += DW_C2;
    if (c->sub == DW_SUBSEL_RAW)
        n += DW_SUB;
    else if (c->sub == DW_SUBSEL_Q)
        n += 16;
    return n;
}


static bool read_12(dw_rip_ctx *c, int32_t lba, int count, uint8_t *buf, dw_mmc_sense *sense)
{
    uint8_t cdb[12] = { 0xA8, 0x00 };
    dw_put_be32(cdb + 2, (uint32_t)lba);
    dw_put_be32(cdb + 6, (uint32_t)count);
    return dw_mmc_read(c->cdio, cdb, buf, (unsigned)count * 2048u, sense);
}

static const struct {
    bool c2;
    dw_subsel sub;
    bool cooked;
    const char *what;
} levels[] = {
    { true, DW_SUBSEL_RAW, false, "raw sectors, C2 pointers and raw P-W subchannel" },
    { false, DW_SUBSEL_RAW, false, "raw sectors and raw P-W subchannel, no C2 pointers" },
    { true, DW_SUBSEL_Q, false, "raw sectors, C2 pointers and formatted Q only" },
    { false, DW_SUBSEL_Q, false, "raw sectors and formatted Q only, no C2 pointers" },
    { false, DW_SUBSEL_NONE, false, "raw sectors only, no subchannel: indexes come from Q searches" },
    { false, DW_SUBSEL_NONE, true, "2048-byte user data (the drive refuses READ CD), Mode 1 sectors rebuilt" },
};

static void set_level(dw_rip_ctx *c, int level)
{
    c->level = level;
    c->c2 = levels[level].c2;
    c->sub = levels[level].sub;
    c->cooked_only = levels[level].cooked;
}

/* The transfer buffer, kept for the whole rip: allocating 100+ KiB a
 * command maps and faults in fresh pages every time. */
static uint8_t *raw_buffer(dw_rip_ctx *c, size_t len)
{
    if (len > c->rawbuf_len) {
        g_free(c->rawbuf);
        c->rawbuf = g_malloc(len);
        c->rawbuf_len = len;
    }
    return c->rawbuf;
}

void dw_rip_read_unpack(const dw_rip_ctx *c, int count, const uint8_t *buf, uint8_t *main, uint8_t *c2,
                        uint8_t *sub)
{
    if (!c->cd) {
        memcpy(main, buf, (size_t)count * 2048);
        memset(c2, 0, (size_t)count * DW_C2);
        memset(sub, 0, (size_t)count * DW_SUB);
        return;
    }
    unsigned ps = per_sector(c);
    for (int i = 0; i < count; i++) {
        const uint8_t *p = buf + (size_t)i * ps;
        memcpy(main + (size_t)i * DW_RAW, p, DW_RAW);
        p += DW_RAW;
        if (c->c2) {
            memcpy(c2 + (size_t)i * DW_C2, p, DW_C2);
            p += DW_C2;
        } else
            memset(c2 + (size_t)i * DW_C2, 0, DW_C2);
        uint8_t *s = sub + (size_t)i * DW_SUB;
        if (c->sub == DW_SUBSEL_RAW)
            dw_sub_raw_to_packed(p, s);
        else {
            memset(s, 0, DW_SUB);
            if (c->sub == DW_SUBSEL_Q)
                memcpy(s + 12, p, 12);
        }
    }
}

bool dw_rip_read_cdb(const dw_rip_ctx *c, int32_t lba, int count, uint8_t cdb[12], size_t *len)
{
    if (c->image || !c->cdio || (c->cd && c->cooked_only) || count < 1)
        return false;
    memset(cdb, 0, 12);
    dw_put_be32(cdb + 2, (uint32_t)lba);
    if (!c->cd) {
        cdb[0] = 0xA8;           /* READ(12) */
        dw_put_be32(cdb + 6, (uint32_t)count);
        *len = (size_t)count * 2048;
        return true;
    }
    cdb[0] = 0xBE;               /* READ CD */
    cdb[6] = (uint8_t)(count >> 16);
    cdb[7] = (uint8_t)(count >> 8);
    cdb[8] = (uint8_t)count;
    cdb[9] = (uint8_t)(0xF8 | (c->c2 ? 0x02 : 0x00));
    cdb[10] = (uint8_t)c->sub;
    *len = (size_t)count * per_sector(c);
    return true;
}

void dw_rip_read_noted(dw_rip_ctx *c, int32_t lba, int count)
{
    if (!c->cd)
        return;
    dw_rip_cache_note(c, lba, count);
    if (!c->level_logged) {
        c->level_logged = true;
        dw_rip_log(c, c->level ? DW_LOG_WARNING : DW_LOG_INFO, "reading %s", levels[c->level].what);
    }
}

static bool read_cd(dw_rip_ctx *c, int32_t lba, int count, uint8_t *buf, dw_mmc_sense *sense)
{
    uint8_t cdb[12];
    size_t len;
    dw_rip_read_cdb(c, lba, count, cdb, &len);
    return dw_mmc_read(c->cdio, cdb, buf, (unsigned)len, sense);
}

static bool read_level(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                       dw_mmc_sense *sense)
{
    if (c->cooked_only) {
        g_autofree uint8_t *user = g_malloc((size_t)count * 2048);
        if (!read_12(c, lba, count, user, sense))
            return false;
        for (int i = 0; i < count; i++) {
            uint8_t *s = main + (size_t)i * DW_RAW;
            memset(s, 0, DW_RAW);
            memcpy(s + 16, user + (size_t)i * 2048, 2048);
            dw_sector_encode_mode1(s, lba + i);
        }
        memset(c2, 0, (size_t)count * DW_C2);
        memset(sub, 0, (size_t)count * DW_SUB);
        return true;
    }
    uint8_t *buf = raw_buffer(c, (size_t)count * per_sector(c));
    if (!read_cd(c, lba, count, buf, sense))
        return false;
    dw_rip_read_unpack(c, count, buf, main, c2, sub);
    return true;
}

/* A failed command with no sense data never reached the drive: the
 * kernel refuses a transfer beyond the queue's limit with EIO before
 * sending it (sg_io), and bridges that choke on large transfers fail the
 * same way.  A drive's own failures always come with sense data. */
static bool host_refused(const dw_mmc_sense *s)
{
    return s->key == 0 && s->asc == 0 && s->ascq == 0;
}

/* The drive refusing the request, not the medium failing. */
static bool mode_refused(const dw_mmc_sense *s)
{
    return s->key == 0x05 && (s->asc == 0x20 || s->asc == 0x24);
}

bool dw_rip_read_retryable(const dw_mmc_sense *s)
{
    return host_refused(s) || mode_refused(s);
}

static bool read_once(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                      dw_mmc_sense *sense)
{
    if (c->image)
        return dw_rip_image_read(c, lba, count, main, c2, sub, sense);
    if (!c->cd) {
        memset(c2, 0, (size_t)count * DW_C2);
        memset(sub, 0, (size_t)count * DW_SUB);
        return read_12(c, lba, count, main, sense);
    }
    for (;;) {
        if (read_level(c, lba, count, main, c2, sub, sense)) {
            dw_rip_read_noted(c, lba, count);
            return true;
        }
        /* The drive refusing the request, not the medium failing: ask for less. */
        if (!mode_refused(sense) || c->level + 1 >= (int)G_N_ELEMENTS(levels))
            return false;
        dw_rip_log(c, DW_LOG_INFO, "READ with %s refused (sense %02X/%02X/%02X)", levels[c->level].what,
                   sense->key, sense->asc, sense->ascq);
        set_level(c, c->level + 1);
        if (c->cooked_only)
            for (int i = 0; i < c->disc->n_tracks; i++)
                if (c->disc->tracks[i].mode != DW_TRACK_MODE1) {
                    dw_rip_log(c, DW_LOG_ERROR, "the drive cannot read raw sectors, and track %d is not Mode 1",
                               c->disc->tracks[i].number);
                    return false;
                }
    }
}

bool dw_rip_read(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                 dw_mmc_sense *sense)
{
    dw_rip_ahead_drain(c);
    bool ok = read_once(c, lba, count, main, c2, sub, sense);
    if (ok || c->image || count < 2 || !host_refused(sense)) {
        c->sectors_read += (uint64_t)count;
        return ok;
    }
    /* Read in halves from now on, and this request in pieces. */
    int half = (count + 1) / 2;
    if (c->block > half) {
        dw_rip_log(c, DW_LOG_WARNING,
                   "the system refused a read of %d sectors without the drive answering: reading %d sectors "
                   "per command from now on",
                   count, half);
        c->block = half;
        g_strlcat(c->block_why, "; halved after a refused transfer", sizeof c->block_why);
    }
    size_t ss = c->cd ? DW_RAW : c->sector_size;
    for (int done = 0; done < count;) {
        int n = MIN(c->block, count - done);
        if (!dw_rip_read(c, lba + done, n, main + (size_t)done * ss, c2 + (size_t)done * DW_C2,
                         sub + (size_t)done * DW_SUB, sense))
            return false;
        done += n;
    }
    return true;
}

gboolean dw_rip_probe_caps(dw_rip_ctx *c, GError **error)
{
    (void)error;
    /* No probe read: the first read of the pass finds out, and a refused
     * mode falls back in dw_rip_read, so no sector is read twice. */
    set_level(c, c->image ? 1 : 0);   /* images: raw + P-W, no C2 */
    if (!c->cd) {
        c->c2 = false;                /* DVD/BD: 2048-byte sectors, nothing else */
        c->sub = DW_SUBSEL_NONE;
    }
    c->level_logged = c->image != NULL;
    dw_rip_block_choose(c);
    return TRUE;
}
