/* rip_audio_private.h: what the rip's audio files share: the proof state
 * of a rip (rip_audio.c), the release metadata (rip_metadata.c) and the
 * track files and their cue sheet (rip_audio_out.c, rip_audio_cue.c). */
#ifndef DW_RIP_AUDIO_PRIVATE_H
#define DW_RIP_AUDIO_PRIVATE_H

#include "discwright/audiodb.h"
#include "rip/rip_private.h"

/* A MusicBrainz release, reduced to what tags and the cue need. */
typedef struct {
    char *album, *album_artist, *date, *barcode, *release_id, *label_catno;
    int disc_number, disc_total;
    int n_tracks;                /* tracks of the medium chosen */
    struct {
        char *title, *artist, *isrc;
    } tracks[DW_MAX_TRACKS];     /* by position on the medium (1 = [0]) */
} dw_rip_metadata;

struct dw_rip_audio {
    bool have_audio;
    dw_audio_layout layout;      /* the first audio session's tracks */
    dw_audio_sums ids;           /* disc ids from the TOC */
    dw_ar_record *recs;          /* records for this disc */
    size_t n_recs;
    char *ar_path;
    dw_ctdb_entry *entries;
    size_t n_entries;
    char *ctdb_path;
    dw_rip_metadata *meta;
    /* results */
    dw_audio_sums sums;          /* of the audio kept */
    dw_track_extra extra[DW_MAX_TRACKS];
    dw_audio_proof proof;
    bool test[DW_MAX_TRACKS];    /* read a second time */
    uint32_t test_crc[DW_MAX_TRACKS];
    bool tested_any;
    bool htoa;                   /* audio before track 1's INDEX 01 (track 00) */
    uint32_t htoa_copy_crc, htoa_test_crc;
    uint16_t htoa_peak;
    char files[DW_MAX_TRACKS + 1][64];   /* track file names; [DW_MAX_TRACKS] = track 00 */
    char cue_name[64];
};

/* rip_audio.c */
gboolean dw_rip_audio_prepare(dw_rip_ctx *c, GError **error);
void dw_rip_audio_result(dw_rip_ctx *c, dw_rip_result *r);
void dw_rip_count_rereads(const dw_rip_ctx *c, int32_t from, int32_t to, unsigned *rereads, unsigned *unsettled);

/* rip_metadata.c: --metadata FILE (MusicBrainz release JSON, json-glib) */
gboolean dw_rip_metadata_load(dw_rip_ctx *c, GError **error);
void dw_rip_metadata_free(dw_rip_metadata *m);
/* Text for a tag of audio track k (layout index; -1 = the disc), from the
 * metadata, else CD-TEXT block 0 (as UTF-8); NULL when neither has it
 * (g_free). */
typedef enum { DW_TAG_TITLE, DW_TAG_ARTIST, DW_TAG_SONGWRITER, DW_TAG_GENRE } dw_tag_kind;
char *dw_rip_tag_text(const dw_rip_ctx *c, int k, dw_tag_kind kind);

/* The track files: LBA ranges and track numbers (0 = hidden track), in
 * order; returns how many. */
int dw_rip_audio_plan(const dw_rip_ctx *c, int32_t *from, int32_t *to, int *number, int max);

/* rip_audio_cue.c: the cue sheet for the track files */
char *dw_rip_audio_cue(const dw_rip_ctx *c);

/* rip_audio_out.c: de-emphasis (CD: 50/15 us) over interleaved samples,
 * state per channel kept in st[4]. */
void dw_deemphasis(int16_t *samples, size_t frames, double st[4]);

#endif
