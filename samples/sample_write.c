/* sample_write.c: turns a sample description into bytes.  The sector and
 * subchannel of every LBA are computed from the model (dws_sample_sector),
 * and written as CloneCD NAME.img + NAME.sub + NAME.ccd (plus
 * NAME.truth.json, the model as dw_disc_to_json prints it), or NAME.iso
 * for the DVD, each through a temporary file renamed when complete.
 *
 * Conventions: the .img starts at LBA 0 (track 1's pregap is not stored)
 * and is continuous in LBA (offset = LBA * 2352), gaps between sessions
 * included as zero sectors with zero subchannel.  Q: ADR 1 positions with
 * relative time counting down to 0 through a pregap (index 0) and up from
 * 0 at index 1; ADR 2 (MCN) where LBA % 100 == 13 and ADR 3 (ISRC, index
 * 1 and up of a track with an ISRC) where LBA % 100 == 63, never on a
 * sector whose neighbours have another track or index.  P is set (0xFF)
 * in index-0 sectors only; R-W are zero.  Pregaps are silent except
 * track 1's on a sample with a hidden track (htoa). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/sector.h"
#include "discwright/sheet.h"
#include "discwright/subq.h"
#include "samples/samples.h"

const dw_track *dws_position(const dw_disc *disc, int32_t lba, int *index, int32_t *rel)
{
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        if (lba < t->start - t->pregap || lba >= t->start + t->length)
            continue;
        if (lba < t->start) {
            *index = 0;
            *rel = t->start - lba - 1;
        } else {
            int k = 1;
            while (k + 1 < t->n_indexes && t->index[k + 1] <= lba)
                k++;
            *index = k;
            *rel = lba - t->start;
        }
        return t;
    }
    *index = 0;
    *rel = 0;
    return NULL;
}

static bool same_position(const dw_disc *disc, int32_t a, int32_t b)
{
    int ia, ib;
    int32_t ra, rb;
    const dw_track *ta = dws_position(disc, a, &ia, &ra), *tb = dws_position(disc, b, &ib, &rb);
    return ta && ta == tb && ia == ib;
}

int dws_q_adr(const dw_disc *disc, int32_t lba)
{
    int index;
    int32_t rel;
    const dw_track *t = dws_position(disc, lba, &index, &rel);
    if (!t)
        return 0;
    if (!same_position(disc, lba, lba - 1) || !same_position(disc, lba, lba + 1))
        return 1;
    if (disc->mcn[0] && lba % 100 == 13)
        return 2;
    if (t->isrc[0] && index >= 1 && lba % 100 == 63)
        return 3;
    return 1;
}

static void make_sub(const dw_disc *disc, int32_t lba, uint8_t sub[96])
{
    memset(sub, 0, 96);
    int index;
    int32_t rel;
    const dw_track *t = dws_position(disc, lba, &index, &rel);
    if (!t)
        return;
    if (index == 0)
        memset(sub, 0xFF, 12);
    dw_subq q;
    memset(&q, 0, sizeof q);
    q.control = t->control;
    q.adr = (uint8_t)dws_q_adr(disc, lba);
    q.abs = dw_lba_to_msf(lba);
    q.aframe = q.abs.f;
    if (q.adr == 2)
        memcpy(q.mcn, disc->mcn, sizeof q.mcn);
    else if (q.adr == 3)
        memcpy(q.isrc, t->isrc, sizeof q.isrc);
    else {
        q.track = (uint8_t)t->number;
        q.index = (uint8_t)index;
        q.rel = dw_frames_to_msf(rel);
    }
    if (!dw_subq_encode(&q, sub + 12))
        g_error("Q frame at LBA %d does not encode", lba); /* the model is ours: a bug */
}

static void subheader(uint8_t sector[2352], uint8_t file, uint8_t channel, uint8_t submode, uint8_t coding)
{
    for (int k = 0; k < 2; k++) {
        sector[16 + 4 * k] = file;
        sector[17 + 4 * k] = channel;
        sector[18 + 4 * k] = submode;
        sector[19 + 4 * k] = coding;
    }
}

static void data_sector(const dws_sample *s, const dw_track *t, int32_t lba, uint8_t sector[2352])
{
    bool xa = t->mode != DW_TRACK_MODE1;
    memset(sector, 0, 2352);
    if (lba < t->start) {
        /* Pregap: zero user data. */
        if (xa) {
            subheader(sector, 0, 0, 0x20, 0);
            dw_sector_encode_mode2_form2(sector, lba, true);
        } else
            dw_sector_encode_mode1(sector, lba);
        return;
    }
    const dws_fs *fs = dws_sample_fs_at(s, lba);
    uint32_t blk = fs ? (uint32_t)(lba - (int32_t)fs->base_lba) : 0;
    uint8_t kind = fs ? fs->iso.kind[blk] : 0;
    if (!xa) {
        if (fs)
            memcpy(sector + 16, fs->iso.blocks + (size_t)blk * 2048, 2048);
        dw_sector_encode_mode1(sector, lba);
        return;
    }
    if (kind == 2 || kind == 3) {
        uint32_t first = blk;
        while (first > 0 && (fs->iso.kind[first - 1] == 2))
            first--;
        uint32_t k = blk - first;
        subheader(sector, 1, 1, (uint8_t)(0x20 | 0x02 | (kind == 3 ? 0x81 : 0)), 0x0F);
        for (uint32_t i = 0; i < 2324; i++)
            sector[24 + i] = dws_video_byte(k, i);
        dw_sector_encode_mode2_form2(sector, lba, true);
        return;
    }
    subheader(sector, 0, 0, (uint8_t)(0x08 | (kind == 1 ? 0x81 : 0)), 0);
    if (fs)
        memcpy(sector + 24, fs->iso.blocks + (size_t)blk * 2048, 2048);
    dw_sector_encode_mode2_form1(sector, lba);
}

void dws_sample_sector(const dws_sample *s, int32_t lba, uint8_t sector[2352], uint8_t sub[96])
{
    int index;
    int32_t rel;
    const dw_track *t = dws_position(s->disc, lba, &index, &rel);
    make_sub(s->disc, lba, sub);
    if (!t)
        memset(sector, 0, 2352);
    else if (t->mode == DW_TRACK_AUDIO) {
        if (index == 0 && s->htoa && t == &s->disc->tracks[0])
            dws_audio_fill(sector, 0, (int64_t)(lba - (t->start - t->pregap)) * 588);
        else if (index == 0)
            memset(sector, 0, 2352);
        else
            dws_audio_fill(sector, t->number, (int64_t)(lba - t->start) * 588);
    } else
        data_sector(s, t, lba, sector);
}

/* Writes through path.tmp and renames; len bytes from a producer. */
typedef gboolean (*chunk_fn)(const dws_sample *s, int32_t lba, uint8_t *out, size_t *len);

static gboolean write_atomic(const dws_sample *s, const char *path, chunk_fn fn, GError **error)
{
    g_autofree char *tmp = g_strconcat(path, ".tmp", NULL);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", tmp, g_strerror(errno));
        return FALSE;
    }
    uint8_t buf[2352];
    for (int32_t lba = 0; lba < s->n_sectors; lba++) {
        size_t len = 0;
        if (!fn(s, lba, buf, &len) || fwrite(buf, 1, len, f) != len) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: write failed: %s", tmp, g_strerror(errno));
            fclose(f);
            remove(tmp);
            return FALSE;
        }
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(errno));
        remove(tmp);
        return FALSE;
    }
    return TRUE;
}

static gboolean img_chunk(const dws_sample *s, int32_t lba, uint8_t *out, size_t *len)
{
    uint8_t sub[96];
    dws_sample_sector(s, lba, out, sub);
    *len = 2352;
    return TRUE;
}

static gboolean sub_chunk(const dws_sample *s, int32_t lba, uint8_t *out, size_t *len)
{
    make_sub(s->disc, lba, out);
    *len = 96;
    return TRUE;
}

static gboolean iso_chunk(const dws_sample *s, int32_t lba, uint8_t *out, size_t *len)
{
    memcpy(out, s->fs[0].iso.blocks + (size_t)lba * 2048, 2048);
    *len = 2048;
    return TRUE;
}

gboolean dws_sample_write(const dws_sample *s, const char *outdir, GError **error)
{
    g_autofree char *base = g_build_filename(outdir, s->name, NULL);
    if (s->dvd) {
        g_autofree char *iso = g_strconcat(base, ".iso", NULL);
        return write_atomic(s, iso, iso_chunk, error);
    }
    g_autofree char *img = g_strconcat(base, ".img", NULL);
    g_autofree char *sub = g_strconcat(base, ".sub", NULL);
    g_autofree char *ccd = g_strconcat(base, ".ccd", NULL);
    if (!write_atomic(s, img, img_chunk, error) || !write_atomic(s, sub, sub_chunk, error))
        return FALSE;
    g_autofree char *truth = g_strconcat(base, ".truth.json", NULL);
    g_autofree char *json = dw_disc_to_json(s->disc);
    g_autofree char *json_nl = g_strconcat(json, "\n", NULL);
    g_autofree char *text = dw_ccd_write(s->disc);
    /* g_file_set_contents writes a temporary file and renames it; the
     * .ccd comes last, so its presence means the set is complete. */
    return g_file_set_contents(truth, json_nl, -1, error) && g_file_set_contents(ccd, text, -1, error);
}
