/* samples.h: the sample disc maker's inside, shared by mksamples and its
 * test.  A dws_sample is the ground truth of one virtual disc: the disc
 * model (sessions, tracks, indexes, ISRC, MCN, CD-TEXT) plus the ISO 9660
 * filesystems its data tracks hold.  Every sector and subchannel frame
 * of the image is a pure function of that description
 * (dws_sample_sector), so the test can recompute what the maker wrote. */
#ifndef DW_SAMPLES_SAMPLES_H
#define DW_SAMPLES_SAMPLES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "discwright/model.h"
#include "samples/mini_iso.h"

#define DWS_MAX_FILES 8

/* One ISO 9660 filesystem in a data track (or the whole DVD image). */
typedef struct {
    int track;                   /* track number holding it; 0 for a DVD .iso */
    uint32_t base_lba;           /* absolute LBA of the filesystem's block 0 */
    bool xa;                     /* Mode 2 XA: Form 1 blocks + Form 2 files */
    char volume_id[33];
    size_t n_files;
    mini_iso_file files[DWS_MAX_FILES];   /* data owned by the sample (g_free) */
    mini_iso iso;                /* the 2048-byte blocks, owned */
} dws_fs;

typedef struct {
    char *name;                  /* "audio", "mode1", ... (owned) */
    dw_disc *disc;               /* the model, owned; NULL for the DVD */
    bool dvd;                    /* written as NAME.iso, no .ccd/.img/.sub */
    bool htoa;                   /* track 1's pregap holds audio (a hidden track):
                                  * dws_audio_fill(out, 0, lba * 588) from LBA 0 */
    int32_t n_sectors;           /* sectors in NAME.img (or 2048-byte blocks in NAME.iso) */
    int n_fs;
    dws_fs fs[2];
} dws_sample;

/* NULL-terminated list of the sample names, in generation order. */
const char *const *dws_sample_names(void);

/* Build the named sample's description; NULL with an error when the name
 * is unknown or the model does not check.  Free with dws_sample_free. */
dws_sample *dws_sample_new(const char *name, GError **error);
void dws_sample_free(dws_sample *s);

/* The fs whose blocks cover lba in track (NULL when none). */
const dws_fs *dws_sample_fs_at(const dws_sample *s, int32_t lba);

/* The 2352-byte sector and the 96-byte packed subchannel (P[12] Q[12]
 * R..W[12]) at LBA 0 <= lba < n_sectors of a CD sample. */
void dws_sample_sector(const dws_sample *s, int32_t lba, uint8_t sector[2352], uint8_t sub[96]);

/* The position the Q channel reports at lba: the track holding it (NULL
 * in a gap between sessions), its index and relative frames. */
const dw_track *dws_position(const dw_disc *disc, int32_t lba, int *index, int32_t *rel);
/* What the Q frame at lba carries: 1 position, 2 MCN, 3 ISRC, 0 nothing
 * (gap between sessions). */
int dws_q_adr(const dw_disc *disc, int32_t lba);

/* Payload byte i (0..2323) of Form 2 sector k of a sample's video file. */
uint8_t dws_video_byte(uint32_t k, uint32_t i);

/* One 2352-byte CD-DA sector (588 stereo frames, 16-bit little-endian,
 * left first) of track `track` starting at sample frame `frame`. */
void dws_audio_fill(uint8_t out[2352], int track, int64_t frame);

/* Write NAME.ccd/.img/.sub/.truth.json (or NAME.iso) into outdir, each through a
 * temporary name renamed when complete. */
gboolean dws_sample_write(const dws_sample *s, const char *outdir, GError **error);

#endif
