/* audiodb.h: proving audio right against the databases archivists use,
 * offline first.
 *
 * - AccurateRip: the binary response for a disc (dBAR-NNN-ID1-ID2-CDDB.bin,
 *   parsed by dw_ar_db_parse in verify.h), found in a file or a folder
 *   laid out as the server and the download cache are (c/b/a/NAME, the
 *   last three hex digits of id1); the drive offset list
 *   (DriveOffsets.bin).
 * - CTDB (CUETools database): the XML its lookup service answers.
 * - Matching: per track, which AccurateRip CRC (v1 or v2) matched and
 *   with what confidence, at the rip's offset and at other pressings'
 *   offsets (found by sliding the v1 CRC and Frame450 over +-range
 *   samples), and the CTDB track CRCs with their confidence.
 * - Fetching over HTTP (libcurl) into a cache, for --online.
 *
 * Every parser checks every length against the bytes it was given.
 * Arrays returned by _parse/_load are owned by the caller (g_free, or
 * the matching _free).
 */
#ifndef DISCWRIGHT_AUDIODB_H
#define DISCWRIGHT_AUDIODB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "job.h"
#include "model.h"
#include "verify.h"

G_BEGIN_DECLS

/* ---- AccurateRip responses ---------------------------------------- */
/* "dBAR-005-0001a2b3-00c4d5e6-3f0a1b05.bin" (newly allocated). */
char *dw_ar_db_filename(int n_tracks, uint32_t id1, uint32_t id2, uint32_t cddb);
/* "3/b/2/dBAR-....bin": the path on the server and in the cache. */
char *dw_ar_db_relpath(int n_tracks, uint32_t id1, uint32_t id2, uint32_t cddb);
/* Records for a disc from FILE (any name) or DIR (DIR/NAME or
 * DIR/c/b/a/NAME).  Only records whose ids equal the disc's are kept;
 * *n may then be 0.  Fails with DW_ERROR_NO_DEVICE when DIR holds no
 * file for the disc, DW_ERROR_PARSE when the file is malformed.
 * *path_out (may be NULL) gets the file read (g_free). */
dw_ar_record *dw_ar_db_load(const char *file_or_dir, int n_tracks, uint32_t id1, uint32_t id2,
                            uint32_t cddb, size_t *n, char **path_out, GError **error);

/* ---- AccurateRip drive offset list (DriveOffsets.bin) --------------- */
/* Records of 69 bytes: offset correction int16le, then 32 bytes of
 * "VENDOR - MODEL" (space or NUL padded), then 35 bytes of submission
 * statistics; the submission count is read from bytes 35..38 (le32). */
typedef struct {
    char vendor[9];              /* trimmed, may be "" */
    char model[33];              /* trimmed */
    int offset;                  /* samples, AccurateRip's sign */
    uint32_t submissions;
} dw_drive_offset;
dw_drive_offset *dw_drive_offsets_parse(const uint8_t *data, size_t len, const char *name, size_t *n,
                                        GError **error);
/* The entry for a drive (vendor and model as INQUIRY gives them; blanks
 * trimmed, case ignored), or NULL. */
const dw_drive_offset *dw_drive_offsets_find(const dw_drive_offset *list, size_t n, const char *vendor,
                                             const char *model);

/* ---- CTDB ------------------------------------------------------------ */
typedef struct {
    char id[24];                 /* entry id */
    int confidence;
    uint32_t crc32;              /* disc CRC (dw_audio_sums.ctdb_crc) */
    int n_tracks;                /* trackcrcs given (0: none) */
    uint32_t track_crcs[99];
    bool has_parity;
} dw_ctdb_entry;
/* The XML of lookup2.php (<ctdb><entry .../>...</ctdb>); unknown
 * elements (metadata, ...) are skipped.  A response without entries is
 * valid (*n = 0). */
dw_ctdb_entry *dw_ctdb_parse(const char *xml, size_t len, const char *name, size_t *n, GError **error);
/* The toc parameter of a lookup: track starts relative to LBA 0 of
 * every track (data tracks prefixed '-'), then the last lead-out,
 * joined by ':'.  Newly allocated. */
char *dw_ctdb_toc_param(const dw_disc *disc);

/* ---- where audio lives -------------------------------------------- */
/* The audio tracks the ids and sums use: those of the first session
 * holding audio, each from its INDEX 01 to the next track's (or the
 * session's lead-out). */
typedef struct {
    int n;
    int number[99];              /* track numbers */
    int32_t start[99], end[99];  /* LBAs, end exclusive */
    int32_t leadout;             /* the audio session's lead-out */
} dw_audio_layout;
gboolean dw_audio_layout_of(const dw_disc *disc, dw_audio_layout *out, GError **error);

/* Samples (little-endian 32-bit words, left channel low) by disc
 * position: sample 0 is the first of LBA 0.  The callback fills count
 * samples from first (zeros where the source has none). */
typedef gboolean (*dw_sample_read_fn)(void *user, int64_t first, size_t count, uint32_t *out, GError **error);

/* Per-track sums with sample s of the disc taken from source position
 * s + shift: AccurateRip v1/v2 and Frame450, the CTDB track CRC, CRC-32
 * of the whole track (EAC's copy CRC) and the peak level; the CTDB disc
 * CRC.  Disc ids are filled by dw_audio_compute's rules. */
typedef struct {
    uint32_t ctdb;               /* CTDB track CRC */
    uint32_t crc32;              /* zlib CRC-32 of every sample of the track */
    uint16_t peak;               /* largest |sample| of either channel, 0..32768 */
} dw_track_extra;
gboolean dw_audio_sums_from(const dw_disc *disc, const dw_audio_layout *layout, dw_sample_read_fn read,
                            void *user, int shift, dw_audio_sums *sums, dw_track_extra *extra, dw_job *job,
                            GError **error);
/* dw_audio_compute with the extras (extra[99] may be NULL). */
gboolean dw_audio_compute_full(const dw_image *img, dw_audio_sums *sums, dw_track_extra *extra, dw_job *job,
                               GError **error);
/* The ids of a disc from its TOC alone (no audio read). */
void dw_audio_ids(const dw_disc *disc, const dw_audio_layout *layout, dw_audio_sums *sums);

/* ---- proof ---------------------------------------------------------- */
typedef enum { DW_AR_NONE = 0, DW_AR_V1 = 1, DW_AR_V2 = 2 } dw_ar_version;

typedef struct {
    int track;                   /* track number */
    /* AccurateRip at the rip's offset */
    dw_ar_version ar;            /* which CRC matched (v2 preferred) */
    int ar_confidence;           /* confidence summed over matching records */
    int ar_total;                /* confidence of every record for this track ("x of y") */
    /* another pressing: v1 or v2 matches with the audio shifted */
    int ar_other_shift;          /* samples (0: none found) */
    dw_ar_version ar_other;
    int ar_other_confidence;
    /* CTDB */
    int ctdb_confidence;         /* summed over entries whose track CRC matched */
    int ctdb_total;              /* confidence of every entry */
} dw_track_proof;

typedef struct {
    bool ar_found;               /* records for the disc's ids exist */
    bool ctdb_found;             /* entries exist */
    int ctdb_disc_confidence;    /* entries whose disc CRC matched */
    int n_tracks;
    dw_track_proof tracks[99];
} dw_audio_proof;

/* Match sums (computed at the offset the rip applied) against records
 * and entries (either may be absent: n = 0). */
void dw_audio_prove(const dw_audio_sums *sums, const dw_track_extra *extra, const dw_ar_record *recs,
                    size_t n_recs, const dw_ctdb_entry *entries, size_t n_entries, dw_audio_proof *proof);

/* Offset search: shifts in [-range, range] at which AccurateRip records
 * match, by sliding each track's v1 CRC and Frame450 (O(samples) plus
 * O(range) per track), then confirming candidates by v1/v2 at that
 * shift.  matches: shift, tracks matched, summed confidence, best first. */
typedef struct {
    int shift;
    int tracks;
    int confidence;
    bool frame450;               /* found through Frame450 */
} dw_ar_shift;
gboolean dw_ar_find_shifts(const dw_disc *disc, const dw_audio_layout *layout, dw_sample_read_fn read,
                           void *user, int base_shift, int range, const dw_ar_record *recs, size_t n_recs,
                           GArray **matches, dw_job *job, GError **error);
/* Fill the other-pressing fields of proof from a shift search made
 * relative to the applied offset (base_shift of the search). */
void dw_audio_prove_other(dw_audio_proof *proof, const dw_disc *disc, const dw_audio_layout *layout,
                          dw_sample_read_fn read, void *user, int base_shift, const GArray *matches,
                          const dw_ar_record *recs, size_t n_recs);

/* The same sums and the proof of an image's audio against records and
 * entries, with the other-pressing search over +-range samples when
 * range > 0. */
gboolean dw_audio_image_prove(const dw_image *img, const dw_ar_record *recs, size_t n_recs,
                              const dw_ctdb_entry *entries, size_t n_entries, int range, dw_audio_sums *sums,
                              dw_track_extra *extra, dw_audio_proof *proof, dw_job *job, GError **error);

/* ---- fetching ------------------------------------------------------- */
/* GET url into cache_path (written under a temporary name, renamed)
 * unless cache_path already exists; returns the bytes.  A 404 fails
 * with DW_ERROR_NO_DEVICE, other failures with DW_ERROR_IO. */
GBytes *dw_fetch_cached(const char *url, const char *cache_path, GError **error);
/* The cache folder: $XDG_CACHE_HOME/discwright (newly allocated). */
char *dw_fetch_cache_dir(void);
/* Base URLs (overridable by DW_ACCURATERIP_URL, DW_CTDB_URL for tests
 * and mirrors).  Static strings. */
const char *dw_accuraterip_base_url(void);
const char *dw_ctdb_lookup_url(void);

/* ---- rip logs ------------------------------------------------------- */
/* The checksum line that ends a BASE.log: "==== Log checksum HEX ====",
 * HEX the SHA-256 of every byte before the line. */
char *dw_riplog_checksum_line(const char *text, size_t len);
/* Check a log's checksum: findings OK, or ERROR when absent or wrong. */
gboolean dw_verify_rip_log(const char *path, dw_report *r, GError **error);

G_END_DECLS

#endif
