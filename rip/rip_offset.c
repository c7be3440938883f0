/* rip_offset.c: read offsets.  Audio comes from a drive shifted by its
 * read offset; a user gives the correction (`--offset`, AccurateRip's
 * sign: +N means the drive delivers N samples early, so sample s of the
 * disc is at position s + N of what it returned).  On discs with data
 * tracks the combined offset (drive read offset + disc write offset) is
 * measured: a READ CD-DA (0xD8) stream over the first data sector, as
 * audio, scrambled, shows where the sync falls and which MSF its header
 * carries; the distance to where that sector belongs is the correction.
 * dw_rip_corrected() then yields corrected sectors from the dump: audio
 * shifted, data sectors (which the drive aligns itself) as stored. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/msf.h"
#include "discwright/sector.h"
#include "rip/rip_private.h"

#define SCAN 8

bool dw_rip_detect_offset(dw_rip_ctx *c, int *offset)
{
    const dw_track *data = NULL;
    bool audio = false;
    for (int i = 0; i < c->disc->n_tracks; i++) {
        if (c->disc->tracks[i].control & DW_CTRL_DATA) {
            if (!data)
                data = &c->disc->tracks[i];
        } else
            audio = true;
    }
    if (!data || !audio || c->cooked_only || c->image)
        return false;
    int32_t l0 = MAX(data->start - 4, 0);
    if (data->session > 1)
        l0 = MAX(data->start - 4, data->start - data->pregap);
    uint8_t cdb[12] = { 0xD8, 0x00 };
    dw_put_be32(cdb + 2, (uint32_t)l0);
    dw_put_be32(cdb + 6, SCAN);
    g_autofree uint8_t *buf = g_malloc((size_t)SCAN * DW_RAW);
    dw_mmc_sense sense;
    if (!dw_mmc_read(c->cdio, cdb, buf, SCAN * DW_RAW, &sense)) {
        dw_rip_log(c, DW_LOG_INFO,
                   "the drive has no READ CD-DA (0xD8; sense %02X/%02X/%02X): combined offset not measured",
                   sense.key, sense.asc, sense.ascq);
        return false;
    }
    const uint8_t *tab = dw_scramble_table();
    for (size_t p = 0; p + 16 <= (size_t)SCAN * DW_RAW; p += 4) {
        if (memcmp(buf + p, dw_sector_sync, 12) != 0)
            continue;
        uint8_t m = buf[p + 12] ^ tab[0], s = buf[p + 13] ^ tab[1], f = buf[p + 14] ^ tab[2];
        uint8_t mode = buf[p + 15] ^ tab[3];
        if (mode > 2 || (m >> 4) > 9 || (m & 15) > 9 || (s >> 4) > 5 || (s & 15) > 9 || (f >> 4) > 7 ||
            (f & 15) > 9)
            continue;
        int32_t hlba = dw_msf_to_lba((dw_msf){ (uint8_t)((m >> 4) * 10 + (m & 15)),
                                               (uint8_t)((s >> 4) * 10 + (s & 15)),
                                               (uint8_t)((f >> 4) * 10 + (f & 15)) });
        int64_t shift = (int64_t)l0 * DW_RAW + (int64_t)p - (int64_t)hlba * DW_RAW;
        *offset = (int)(shift / 4);
        dw_rip_log(c, DW_LOG_INFO,
                   "combined offset %+d samples: sync of LBA %d found at byte %zu of a CD-DA read from LBA %d",
                   *offset, hlba, p, l0);
        return true;
    }
    dw_rip_log(c, DW_LOG_WARNING, "no data sync in the CD-DA read around LBA %d: combined offset not measured",
               data->start);
    return false;
}

static uint8_t *overread_range(dw_rip_ctx *c, int32_t lba, int n, const char *what)
{
    uint8_t *out = g_malloc0((size_t)n * DW_RAW);
    g_autofree uint8_t *c2 = g_malloc((size_t)n * DW_C2);
    g_autofree uint8_t *sub = g_malloc((size_t)n * DW_SUB);
    dw_mmc_sense sense;
    if (!dw_rip_read(c, lba, n, out, c2, sub, &sense)) {
        memset(out, 0, (size_t)n * DW_RAW);
        dw_rip_log(c, DW_LOG_WARNING, "the drive cannot read %d sectors of the %s at LBA %d (sense %02X/%02X/%02X): "
                   "%d samples taken as silence", n, what, lba, sense.key, sense.asc, sense.ascq, abs(c->offset));
    }
    return out;
}

void dw_rip_overread(dw_rip_ctx *c)
{
    if (!c->cd || c->offset == 0 || c->cooked_only)
        return;
    int k = (abs(c->offset) + 587) / 588;
    /* Only where the shifted audio reaches: the first or the last sector. */
    if (c->offset < 0 && !dw_rip_lba_is_data(c, 0)) {
        c->n_pre = k;
        c->pre = overread_range(c, -k, k, "pregap before LBA 0");
    } else if (c->offset > 0 && !dw_rip_lba_is_data(c, (int32_t)c->n_sectors - 1)) {
        c->n_post = k;
        c->post = overread_range(c, (int32_t)c->n_sectors, k, "lead-out");
    }
}

static bool audio_sector(const dw_rip_ctx *c, int64_t lba)
{
    if (lba < 0 || lba >= c->n_sectors || (c->gap && c->gap[lba]))
        return false;
    return !dw_rip_lba_is_data(c, (int32_t)lba);
}

/* Sectors from the dump, or from the test reads (BASE.test.part). */
static gboolean load(dw_rip_ctx *c, bool test, int32_t lba, int count, uint8_t *out, GError **error)
{
    if (!test)
        return dw_rip_dump_load(c, lba, count, out, NULL, error);
    size_t len = (size_t)count * DW_RAW, got = 0;
    off_t off = (off_t)lba * DW_RAW;
    while (got < len) {
        ssize_t n = pread(c->test_fd, out + got, len - got, off + (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", c->test_path, n < 0 ? g_strerror(errno) : "short read");
            return FALSE;
        }
        got += (size_t)n;
    }
    return TRUE;
}

static gboolean corrected(dw_rip_ctx *c, bool test, int32_t lba, int count, uint8_t *out, GError **error)
{
    if (!load(c, test, lba, count, out, error))
        return FALSE;
    if (c->offset == 0 || !c->cd)
        return TRUE;
    /* Source sectors: sample s comes from stream position s + offset. */
    int64_t first = (int64_t)lba * 588 + c->offset;
    int64_t src0 = first >= 0 ? first / 588 : -((-first + 587) / 588);
    int64_t src1 = ((int64_t)(lba + count) * 588 + c->offset + 587) / 588;
    int64_t lo = MAX(src0, 0), hi = MIN(src1, c->n_sectors);
    g_autofree uint8_t *src = NULL;
    if (hi > lo) {
        src = g_malloc((size_t)(hi - lo) * DW_RAW);
        if (!load(c, test, (int32_t)lo, (int)(hi - lo), src, error))
            return FALSE;
    }
    for (int i = 0; i < count; i++) {
        if (!audio_sector(c, lba + i))
            continue;            /* data: aligned by the drive */
        uint8_t *o = out + (size_t)i * DW_RAW;
        for (int k = 0; k < 588; k++) {
            int64_t q = ((int64_t)(lba + i)) * 588 + k + c->offset;
            int64_t sl = q >= 0 ? q / 588 : -((-q + 587) / 588);
            int64_t sk = q - sl * 588;
            if (sl >= lo && sl < hi && audio_sector(c, sl))
                memcpy(o + k * 4, src + (size_t)(sl - lo) * DW_RAW + sk * 4, 4);
            else if (sl < 0 && sl >= -c->n_pre)
                memcpy(o + k * 4, c->pre + (size_t)(sl + c->n_pre) * DW_RAW + sk * 4, 4);
            else if (sl >= c->n_sectors && sl < c->n_sectors + c->n_post)
                memcpy(o + k * 4, c->post + (size_t)(sl - c->n_sectors) * DW_RAW + sk * 4, 4);
            else
                memset(o + k * 4, 0, 4);
        }
    }
    return TRUE;
}

gboolean dw_rip_corrected(dw_rip_ctx *c, int32_t lba, int count, uint8_t *out, GError **error)
{
    return corrected(c, false, lba, count, out, error);
}

gboolean dw_rip_corrected_test(dw_rip_ctx *c, int32_t lba, int count, uint8_t *out, GError **error)
{
    if (c->test_fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "no test reads");
        return FALSE;
    }
    return corrected(c, true, lba, count, out, error);
}
