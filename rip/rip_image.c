/* rip_image.c: ripping an image as if it were a drive, so images convert
 * between formats through the same dump, derivation and writers:
 *   .ccd  the .img (2352 bytes per LBA) and the .sub when there is one;
 *   .cue/.toc  our own readers; sectors from each track's data file
 *         (2352-byte sectors; big-endian audio swapped), sectors a sheet
 *         does not store are zeros;
 *   .nrg  libcdio's image driver (raw audio-sized reads, or Mode 1 user
 *         data rebuilt into sectors);
 *   .iso  2048-byte sectors, as a DVD.
 * Where the image has no subchannel, Q is synthesised from the disc model
 * (ADR 1 positions, and ADR 2/3 frames for the MCN and ISRCs), with P set
 * in pregaps, so the rest of the rip derives the same model back. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/msf.h"
#include "discwright/probe.h"
#include "discwright/sector.h"
#include "discwright/subq.h"
#include "rip/probe_private.h"
#include "rip/rip_private.h"

struct dw_rip_image {
    dw_source_kind kind;
    FILE *img, *sub;             /* .ccd: .img/.sub; .iso: the file */
    CdIo_t *cdio;                /* .toc/.nrg */
    char *dir;                   /* folder of a cue sheet */
    GHashTable *files;           /* cue: path -> FILE* */
};

static FILE *cue_file(dw_rip_image *im, const char *path)
{
    FILE *f = g_hash_table_lookup(im->files, path);
    if (!f) {
        g_autofree char *full = g_path_is_absolute(path) ? g_strdup(path) : g_build_filename(im->dir, path, NULL);
        f = fopen(full, "rb");
        if (f)
            g_hash_table_insert(im->files, g_strdup(path), f);
    }
    return f;
}

static void close_file(gpointer p)
{
    fclose(p);
}

static gboolean open_err(const char *path, GError **error)
{
    int e = errno;
    g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", path, g_strerror(e));
    return FALSE;
}

gboolean dw_rip_image_open(dw_rip_ctx *c, GError **error)
{
    const char *src = c->opt->source;
    c->disc = dw_probe(src, c->job, error);
    if (!c->disc)
        return FALSE;
    dw_rip_image *im = g_new0(dw_rip_image, 1);
    c->image = im;
    im->kind = dw_source_classify(src);
    c->cd = im->kind != DW_SOURCE_ISO;
    g_strlcpy(c->vendor, "image", sizeof c->vendor);
    g_strlcpy(c->model, c->disc->profile ? c->disc->profile : "image", sizeof c->model);
    switch (im->kind) {
    case DW_SOURCE_CCD: {
        g_autofree char *stem = g_strndup(src, strlen(src) - 4);
        g_autofree char *img = g_strdup_printf("%s.img", stem);
        g_autofree char *sub = g_strdup_printf("%s.sub", stem);
        if (!(im->img = fopen(img, "rb")))
            return open_err(img, error);
        im->sub = fopen(sub, "rb");
        break;
    }
    case DW_SOURCE_CUE:
    case DW_SOURCE_TOC:
        im->dir = g_path_get_dirname(src);
        im->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, close_file);
        break;
    case DW_SOURCE_NRG:
        im->cdio = dw_cdio_open_image(src, DRIVER_NRG, error);
        if (!im->cdio)
            return FALSE;
        break;
    case DW_SOURCE_ISO:
        if (!(im->img = fopen(src, "rb")))
            return open_err(src, error);
        break;
    default:
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: not an image", src);
        return FALSE;
    }
    dw_rip_log(c, DW_LOG_INFO, "reading the image %s (%s)", src, c->model);
    return TRUE;
}

void dw_rip_image_close(dw_rip_ctx *c)
{
    dw_rip_image *im = c->image;
    if (!im)
        return;
    if (im->img)
        fclose(im->img);
    if (im->sub)
        fclose(im->sub);
    if (im->cdio)
        cdio_destroy(im->cdio);
    if (im->files)
        g_hash_table_destroy(im->files);
    g_free(im->dir);
    g_free(im);
    c->image = NULL;
}

static dw_msf frames_msf(int32_t n)
{
    return (dw_msf){ (uint8_t)(n / 4500), (uint8_t)((n / 75) % 60), (uint8_t)(n % 75) };
}

/* Q (and P) as a disc with this model carries them. */
static void synth_sub(const dw_disc *d, int32_t lba, uint8_t packed[96])
{
    memset(packed, 0, 96);
    const dw_track *t = dw_disc_track_at(d, lba);
    if (!t)
        return;
    dw_subq q = { .control = t->control & 0x0F, .adr = 1, .track = (uint8_t)t->number };
    int idx = lba < t->start ? 0 : 1;
    for (int k = 2; k < t->n_indexes; k++)
        if (lba >= t->index[k])
            idx = k;
    q.index = (uint8_t)idx;
    q.rel = frames_msf(lba < t->start ? t->start - lba : lba - t->start);
    q.abs = dw_lba_to_msf(lba);
    if (d->mcn[0] && lba % 100 == 50) {
        q.adr = 2;
        g_strlcpy(q.mcn, d->mcn, sizeof q.mcn);
        q.aframe = (uint8_t)dw_lba_to_msf(lba).f;
    } else if (t->isrc[0] && lba % 100 == 75) {
        q.adr = 3;
        g_strlcpy(q.isrc, t->isrc, sizeof q.isrc);
        q.aframe = (uint8_t)dw_lba_to_msf(lba).f;
    }
    if (!dw_subq_encode(&q, packed + 12))
        memset(packed + 12, 0, 12);
    if (idx == 0)
        memset(packed, 0xFF, 12);
}

static bool file_read(FILE *f, int64_t off, uint8_t *buf, size_t len)
{
    if (!f || off < 0 || fseeko(f, (off_t)off, SEEK_SET) != 0)
        return false;
    size_t n = fread(buf, 1, len, f);
    if (n < len)
        memset(buf + n, 0, len - n);   /* short last sector of a file */
    return n > 0;
}

static void read_cue(dw_rip_image *im, const dw_disc *d, int32_t lba, uint8_t *s)
{
    memset(s, 0, DW_RAW);
    const dw_track *t = dw_disc_track_at(d, lba);
    if (!t || !t->file.path || t->file.sector_size != DW_RAW)
        return;
    int32_t first = t->start - (t->file.pregap_stored ? t->pregap : 0);
    if (lba < first)
        return;
    file_read(cue_file(im, t->file.path), t->file.offset + (int64_t)(lba - first) * DW_RAW, s, DW_RAW);
    if (!(t->control & DW_CTRL_DATA) && !t->file.binary_le)
        for (int k = 0; k < DW_RAW; k += 2) {  /* big-endian audio samples */
            uint8_t x = s[k];
            s[k] = s[k + 1];
            s[k + 1] = x;
        }
}

static void read_cdio(dw_rip_image *im, int32_t lba, uint8_t *s)
{
    /* libcdio's NRG driver reports success for a sector of a gap the image
     * does not store (track-at-once pregaps) without filling the buffer:
     * those read as silence, not as what the buffer held before. */
    memset(s, 0, DW_RAW);
    if (cdio_read_audio_sectors(im->cdio, s, lba, 1) == DRIVER_OP_SUCCESS)
        return;
    memset(s, 0, DW_RAW);
    if (cdio_read_mode1_sectors(im->cdio, s + 16, lba, false, 1) == DRIVER_OP_SUCCESS)
        dw_sector_encode_mode1(s, lba);
}

bool dw_rip_image_read(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                       dw_mmc_sense *sense)
{
    dw_rip_image *im = c->image;
    memset(sense, 0, sizeof *sense);
    if (!c->cd) {
        memset(c2, 0, (size_t)count * DW_C2);
        memset(sub, 0, (size_t)count * DW_SUB);
        if (!file_read(im->img, (int64_t)lba * 2048, main, (size_t)count * 2048)) {
            *sense = (dw_mmc_sense){ .key = 0x05, .asc = 0x21, .info_valid = true, .info = lba };
            return false;
        }
        return true;
    }
    memset(c2, 0, (size_t)count * DW_C2);
    for (int i = 0; i < count; i++) {
        int32_t l = lba + i;
        uint8_t *s = main + (size_t)i * DW_RAW, *q = sub + (size_t)i * DW_SUB;
        if (l < 0 || l >= c->n_sectors) {
            memset(s, 0, DW_RAW);      /* pregap before LBA 0, lead-out: silence */
            memset(q, 0, DW_SUB);
            continue;
        }
        switch (im->kind) {
        case DW_SOURCE_CCD:
            if (!file_read(im->img, (int64_t)l * DW_RAW, s, DW_RAW))
                memset(s, 0, DW_RAW);
            break;
        case DW_SOURCE_CUE:
        case DW_SOURCE_TOC:
            read_cue(im, c->disc, l, s);
            break;
        default:
            read_cdio(im, l, s);
            break;
        }
        if (!(im->sub && file_read(im->sub, (int64_t)l * DW_SUB, q, DW_SUB)))
            synth_sub(c->disc, l, q);
    }
    return true;
}
