/* rip_read.c: the read commands of a rip.  CDs: READ CD (0xBE) of any
 * sector type with sync, header, sub-header, user data and EDC/ECC (byte 9
 * 0xF8), C2 error pointers (294 bytes) and raw P-W subchannel (96 bytes)
 * when the drive gives them, falling back to formatted Q, no C2, no
 * subchannel, and last to cooked READ(10) with Mode 1 sectors rebuilt
 * around the user data.  DVD/BD: READ(12) of 2048-byte sectors. */
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

static bool read_cd(dw_rip_ctx *c, int32_t lba, int count, uint8_t *buf, dw_mmc_sense *sense)
{
    uint8_t cdb[12] = { 0xBE, 0x00 };
    dw_put_be32(cdb + 2, (uint32_t)lba);
    cdb[6] = (uint8_t)(count >> 16);
    cdb[7] = (uint8_t)(count >> 8);
    cdb[8] = (uint8_t)count;
    cdb[9] = (uint8_t)(0xF8 | (c->c2 ? 0x02 : 0x00));
    cdb[10] = (uint8_t)c->sub;
    return dw_mmc_read(c->cdio, cdb, buf, (unsigned)count * per_sector(c), sense);
}

static bool read_12(dw_rip_ctx *c, int32_t lba, int count, uint8_t *buf, dw_mmc_sense *sense)
{
    uint8_t cdb[12] = { 0xA8, 0x00 };
    dw_put_be32(cdb + 2, (uint32_t)lba);
    dw_put_be32(cdb + 6, (uint32_t)count);
    return dw_mmc_read(c->cdio, cdb, buf, (unsigned)count * 2048u, sense);
}

bool dw_rip_read(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                 dw_mmc_sense *sense)
{
    c->sectors_read += (uint64_t)count;
    if (!c->cd)
        return read_12(c, lba, count, main, sense);
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
    unsigned ps = per_sector(c);
    g_autofree uint8_t *buf = g_malloc((size_t)count * ps);
    if (!read_cd(c, lba, count, buf, sense))
        return false;
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
    return true;
}

gboolean dw_rip_probe_caps(dw_rip_ctx *c, GError **error)
{
    if (!c->cd) {
        c->block = c->opt->block > 0 ? c->opt->block : 32;
        return TRUE;
    }
    static const struct {
        bool c2;
        dw_subsel sub;
        const char *what;
    } tries[] = {
        { true, DW_SUBSEL_RAW, "raw sectors, C2 pointers and raw P-W subchannel" },
        { false, DW_SUBSEL_RAW, "raw sectors and raw P-W subchannel, no C2 pointers" },
        { true, DW_SUBSEL_Q, "raw sectors, C2 pointers and formatted Q only" },
        { false, DW_SUBSEL_Q, "raw sectors and formatted Q only, no C2 pointers" },
        { false, DW_SUBSEL_NONE, "raw sectors only, no subchannel: indexes come from Q searches" },
    };
    /* Probe at the first track's start: always readable on a good disc. */
    int32_t lba = c->disc->n_tracks > 0 ? c->disc->tracks[0].start : 0;
    uint8_t buf[DW_RAW + DW_C2 + DW_SUB];
    for (size_t i = 0; i < G_N_ELEMENTS(tries); i++) {
        c->c2 = tries[i].c2;
        c->sub = tries[i].sub;
        dw_mmc_sense sense;
        if (read_cd(c, lba, 1, buf, &sense)) {
            dw_rip_log(c, i ? DW_LOG_WARNING : DW_LOG_INFO, "reading %s", tries[i].what);
            c->block = c->opt->block > 0 ? c->opt->block : 20;
            return TRUE;
        }
        if (sense.key == 0x03 || sense.key == 0x02) {
            /* A medium error is not a missing feature: keep the best mode. */
            c->c2 = tries[0].c2;
            c->sub = tries[0].sub;
            dw_rip_log(c, DW_LOG_WARNING, "probe read at LBA %d failed (sense %02X/%02X/%02X); assuming %s",
                       lba, sense.key, sense.asc, sense.ascq, tries[0].what);
            c->block = c->opt->block > 0 ? c->opt->block : 20;
            return TRUE;
        }
        dw_rip_log(c, DW_LOG_DEBUG, "READ CD with %s refused (sense %02X/%02X/%02X)", tries[i].what,
                   sense.key, sense.asc, sense.ascq);
    }
    uint8_t user[2048];
    dw_mmc_sense sense;
    if (read_12(c, lba, 1, user, &sense)) {
        c->cooked_only = true;
        c->c2 = false;
        c->sub = DW_SUBSEL_NONE;
        c->block = c->opt->block > 0 ? c->opt->block : 32;
        dw_rip_log(c, DW_LOG_WARNING,
                   "the drive refuses READ CD: reading 2048-byte user data, Mode 1 sectors rebuilt around it");
        for (int i = 0; i < c->disc->n_tracks; i++)
            if (c->disc->tracks[i].mode != DW_TRACK_MODE1) {
                g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                            "the drive cannot read raw sectors (READ CD), and track %d is not Mode 1",
                            c->disc->tracks[i].number);
                return FALSE;
            }
        return TRUE;
    }
    g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "the drive answers neither READ CD nor READ(12)");
    return FALSE;
}
