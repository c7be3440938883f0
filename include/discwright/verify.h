/* verify.h: proving an image or a disc right.
 *
 * Every check adds findings to a dw_report: a severity, the check that
 * made it, a location (file or filesystem path, track, LBA range) and a
 * message.  The checks: hashes against a reference list (the rip's
 * .hash sidecar, a redump/No-Intro DAT, coreutils .md5/.sha1/.sha256
 * files); raw sectors (sync, header, mode, EDC, ECC) and .sub Q frames,
 * with RSPC repair into a new file; image-vs-image or drive-vs-image
 * comparison; audio checksums (AccurateRip, CTDB, CDDB, MusicBrainz);
 * ISO 9660 and UDF structure.  Objects returned by _new/_open/_parse are
 * owned by the caller and freed with the matching _free.
 */
#ifndef DISCWRIGHT_VERIFY_H
#define DISCWRIGHT_VERIFY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "job.h"
#include "model.h"

G_BEGIN_DECLS

/* ---- report -------------------------------------------------------- */
typedef enum {
    DW_SEV_OK = 0,               /* a positive statement: "track 3 matches" */
    DW_SEV_INFO,                 /* facts (ids, checksums) */
    DW_SEV_WARNING,              /* suspicious but not wrong */
    DW_SEV_ERROR,                /* a mismatch or a structural error */
    DW_SEV_UNREADABLE            /* something could not be read at all */
} dw_severity;

typedef struct {
    dw_severity severity;
    char *check;                 /* "hash", "sector", "subq", "compare", "audio", "iso9660", "udf", ... */
    char *path;                  /* file or path inside a filesystem; NULL if none */
    int track;                   /* 0 when not about a track */
    int64_t first, last;         /* LBA (or byte) range; first = -1 when none */
    char *message;
} dw_finding;

typedef struct dw_report dw_report;

dw_report *dw_report_new(void);
void dw_report_free(dw_report *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_report, dw_report_free)

void dw_report_add(dw_report *r, dw_severity sev, const char *check, const char *path, int track,
                   int64_t first, int64_t last, const char *fmt, ...) G_GNUC_PRINTF(8, 9);
size_t dw_report_count(const dw_report *r);
const dw_finding *dw_report_get(const dw_report *r, size_t i);     /* borrowed */
/* Number of findings of a severity (and of a check, when check != NULL). */
size_t dw_report_count_sev(const dw_report *r, dw_severity sev, const char *check);
/* A named number for the summary (sectors checked, ...); set replaces. */
void dw_report_set_stat(dw_report *r, const char *name, int64_t value);
gboolean dw_report_get_stat(const dw_report *r, const char *name, int64_t *value);
/* The highest severity present (DW_SEV_OK when empty). */
dw_severity dw_report_worst(const dw_report *r);
/* JSON: {"findings":[...],"stats":{...},"worst":"..."}; newly allocated. */
char *dw_report_to_json(const dw_report *r);
const char *dw_severity_name(dw_severity sev);

/* A list of LBA ranges that collects bad positions in ascending order and
 * reports them compactly (used by the sector, Q and compare checks). */
typedef struct {
    int64_t first, last;
} dw_range;
typedef struct {
    GArray *ranges;              /* of dw_range */
    int64_t count;               /* positions added */
} dw_range_list;
void dw_range_list_init(dw_range_list *l);
void dw_range_list_clear(dw_range_list *l);
void dw_range_list_add(dw_range_list *l, int64_t pos);   /* ascending order */
/* "100-104, 230, ..." with at most max ranges listed; newly allocated. */
char *dw_range_list_text(const dw_range_list *l, size_t max);

/* ---- reference hash lists ------------------------------------------ */
typedef enum {
    DW_HASHLIST_SIDECAR,         /* "# discwright hashes 1" */
    DW_HASHLIST_DAT,             /* XML datafile/game/rom */
    DW_HASHLIST_MD5,             /* coreutils sum files */
    DW_HASHLIST_SHA1,
    DW_HASHLIST_SHA256
} dw_hashlist_kind;

typedef struct {
    char *name;                  /* relative to the list's folder */
    int64_t size;                /* -1 when not given */
    unsigned kinds;              /* DW_HASH_* present */
    char crc32[9], md5[33], sha1[41], sha256[65];   /* lowercase hex */
    char *game;                  /* DAT: the <game> (or <machine>) the rom belongs to; else NULL */
} dw_hash_entry;

typedef struct {
    dw_hashlist_kind kind;
    char *game;                  /* DAT game name, or NULL */
    char *dat_name;              /* DAT <header><name>, or NULL */
    GPtrArray *entries;          /* of dw_hash_entry* (owned) */
} dw_hashlist;

/* Parse from text; kind by content (DAT when it starts with '<' after
 * blanks, sidecar by its first line) or else by the name's extension.
 * Bad input fails with DW_ERROR_PARSE "NAME:LINE: what". */
dw_hashlist *dw_hashlist_parse(const char *text, size_t len, const char *name, GError **error);
dw_hashlist *dw_hashlist_read_file(const char *path, GError **error);
void dw_hashlist_free(dw_hashlist *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_hashlist, dw_hashlist_free)
/* Write a sidecar ("# discwright hashes 1") for files already hashed. */
char *dw_hashlist_write_sidecar(const dw_hashlist *l);

/* Hash every listed file (found in dir) in one pass each and compare.
 * Each file gets one finding: OK, ERROR (which hashes differ) or
 * UNREADABLE (missing, short).  track_of may map names to track numbers
 * (NULL: guessed from "(Track N)"). */
gboolean dw_verify_hashlist(const dw_hashlist *l, const char *dir, dw_report *r, dw_job *job,
                            GError **error);

/* ---- images -------------------------------------------------------- */
/* Where a run of sectors of an image lives on disk. */
typedef struct {
    char *path;                  /* the file (absolute or relative to cwd) */
    int64_t offset;              /* byte offset of the first sector */
    uint32_t sector_size;        /* 2352 raw, 2048 cooked */
    int32_t lba;                 /* LBA of the first sector */
    int32_t count;               /* sectors */
    int track;                   /* track number, 0 for ISO */
    dw_track_mode mode;
    int32_t start;               /* LBA of INDEX 01 (pregap sectors before it) */
} dw_image_span;

typedef enum {
    DW_IMAGE_CCD, DW_IMAGE_CUE, DW_IMAGE_TOC, DW_IMAGE_ISO, DW_IMAGE_RAW
} dw_image_kind;

typedef struct {
    dw_image_kind kind;
    char *target;                /* as given */
    char *dir;                   /* folder of the target */
    char *base;                  /* target path without its extension */
    dw_disc *disc;               /* owned; NULL for ISO/raw */
    GArray *spans;               /* of dw_image_span, in LBA order */
    char *sub_path;              /* .sub beside a .ccd when present */
    char *map_path;              /* BASE.map when present */
} dw_image;

/* Resolve TARGET (.ccd, .cue, .toc, .iso, or a raw .img/.bin with 2352
 * byte sectors) into its files.  DW_ERROR_NO_DEVICE when missing. */
dw_image *dw_image_open(const char *target, GError **error);
void dw_image_free(dw_image *img);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_image, dw_image_free)
/* Total sectors covered by the spans. */
int64_t dw_image_sectors(const dw_image *img);
/* Read count sectors from lba (all in spans of one sector size) into
 * buf (count * sector size bytes).  FALSE with DW_ERROR_UNREADABLE when
 * a sector is outside the spans or the file is short. */
gboolean dw_image_read(const dw_image *img, int64_t lba, int32_t count, uint8_t *buf, GError **error);

/* ---- sectors ------------------------------------------------------- */
typedef struct {
    const char *repair_out;      /* write a corrected copy of a raw image here (NULL: no) */
    gboolean force;              /* overwrite repair_out */
    size_t list_max;             /* ranges listed per kind of problem (0: 20) */
} dw_sectors_opts;

/* Check every data sector of a raw image (sync, header MSF vs position,
 * mode/form, subheader, EDC, ECC) and the .sub Q frames (CRC, ADR 1
 * absolute position).  Counts and LBA ranges per kind of problem. */
gboolean dw_verify_sectors(const dw_image *img, const dw_sectors_opts *opts, dw_report *r,
                           dw_job *job, GError **error);

/* RSPC single-error correction per P and Q code word, iterated (at most
 * rounds times).  Returns true when the sector's ECC checks afterwards;
 * *fixed counts the bytes changed (0 when it was already good).  For
 * Mode 2 Form 1 pass mode2 = true (header taken as zero).  On failure
 * the sector is left unchanged. */
bool dw_rspc_correct(uint8_t sector[2352], bool mode2, int rounds, int *fixed);

/* ---- compare ------------------------------------------------------- */
typedef struct {
    size_t list_max;             /* ranges listed (0: 20) */
} dw_compare_opts;

/* Compare TARGET (image or drive) against the reference image, sector by
 * sector over the reference's own length only (padding after it on a
 * burned disc is ignored; a shorter TARGET is a mismatch). */
gboolean dw_verify_compare(const char *target, const char *reference, const dw_compare_opts *opts,
                           dw_report *r, dw_job *job, GError **error);

/* ---- audio --------------------------------------------------------- */
typedef struct {
    int track;
    uint32_t ar_v1, ar_v2, frame450;
} dw_ar_track;

typedef struct {
    int n_tracks;                /* audio tracks */
    int first_track;
    dw_ar_track tracks[99];
    uint32_t ar_id1, ar_id2, cddb_id;
    uint32_t ctdb_crc;
    char ctdb_tocid[32];
    char musicbrainz_id[32];     /* "" when libdiscid could not */
} dw_audio_sums;

/* Compute every audio checksum of an image's audio tracks (2352-byte
 * sectors, little-endian samples). */
gboolean dw_audio_compute(const dw_image *img, dw_audio_sums *out, dw_job *job, GError **error);
/* The disc ids of a track list alone (ar_id1/2, cddb_id, ctdb_tocid,
 * musicbrainz_id, n_tracks, first_track; no sums): DW_ERROR_UNSUPPORTED
 * when it has no audio track. */
gboolean dw_audio_toc_ids(const dw_disc *disc, dw_audio_sums *out, GError **error);
/* Disc ids from a TOC alone: track starts (absolute LBA, audio only) and
 * the lead-out of the audio session. */
void dw_audio_disc_ids(const int32_t *starts, int n, int32_t leadout, uint32_t *id1, uint32_t *id2,
                       uint32_t *cddb);
void dw_ctdb_tocid(const int32_t *starts, int n, int32_t leadout, char out[32]);

/* An AccurateRip binary response (dBAR-NNN-XXXXXXXX-XXXXXXXX-XXXXXXXX.bin):
 * records of [count u8][id1 u32le][id2 u32le][cddb u32le] then per track
 * [confidence u8][crc u32le][frame450 u32le]. */
typedef struct {
    int n_tracks;
    uint32_t id1, id2, cddb;
    uint8_t confidence[99];
    uint32_t crc[99], frame450[99];
} dw_ar_record;
/* Parse into a newly allocated array of *n records (g_free). */
dw_ar_record *dw_ar_db_parse(const uint8_t *data, size_t len, const char *name, size_t *n,
                             GError **error);
/* Check the sums against the records of a database; findings per track. */
void dw_audio_check_db(const dw_audio_sums *sums, const dw_ar_record *recs, size_t n, dw_report *r);
/* Report the sums as INFO findings and stats. */
void dw_audio_report(const dw_audio_sums *sums, dw_report *r);

/* ---- filesystems --------------------------------------------------- */
/* Check ISO 9660 (+Joliet, Rock Ridge) and UDF structures of a 2048-byte
 * sector image held in memory or read through a callback.  Never trusts
 * a field: hostile images give findings, not crashes. */
typedef gboolean (*dw_fs_read_fn)(void *user, int64_t lba, uint32_t count, uint8_t *buf);
typedef struct {
    dw_fs_read_fn read;          /* read count 2048-byte sectors at lba; FALSE past the end */
    void *user;
    int64_t sectors;             /* readable blocks (from block 0) */
    int64_t session_start;       /* block where the last session starts: ISO 9660
                                    descriptors are at session_start + 16 (0: single session) */
} dw_fs_source;

/* Boot structures of a volume: the El Torito catalog (found through the
 * boot record among the descriptors at session_start + 16), the MBR in
 * sector 0 and a GPT (primary header at byte 512, its entry array and
 * the backup header it points to).  Filled by dw_boot_info_read(); every
 * field is checked against the source before use. */
typedef struct {
    guint8 platform;             /* 0 x86 BIOS, 1 PowerPC, 2 Mac, 0xEF UEFI */
    gboolean bootable;
    guint8 media;                /* 0 none, 1-3 floppy 1.2/1.44/2.88, 4 hard disk */
    guint8 sys_type;
    uint16_t load_segment, sectors; /* sectors: virtual 512-byte sectors loaded */
    uint32_t lba;                /* 2048-byte block of the image */
} dw_boot_entry;
typedef struct {
    int slot;                    /* 1..4 */
    guint8 status, type;
    uint64_t start, count;       /* 512-byte sectors */
} dw_mbr_entry;
typedef struct {
    int slot;                    /* 1..128 */
    char type[37], uuid[37];     /* GUID text, upper case */
    char name[37 * 3];           /* UTF-8 */
    uint64_t first, last;        /* 512-byte sectors, inclusive */
    uint64_t attrs;
} dw_gpt_entry;
typedef enum { DW_BOOT_CAT_NONE, DW_BOOT_CAT_OK, DW_BOOT_CAT_OUTSIDE, DW_BOOT_CAT_BAD } dw_boot_cat_state;
typedef struct {
    dw_boot_cat_state catalog_state; /* NONE: no boot record */
    uint32_t catalog;            /* block of the catalog */
    guint n_entries;
    dw_boot_entry entries[63];
    gboolean mbr;                /* 55 AA in sector 0 */
    gboolean mbr_code;           /* boot code in bytes 0..439 */
    uint32_t disk_id;
    guint n_mbr;
    dw_mbr_entry mbr_parts[4];
    gboolean gpt;                /* "EFI PART" at byte 512 */
    gboolean gpt_header_ok, gpt_array_ok; /* CRCs and sizes */
    gboolean gpt_backup_ok;      /* backup header valid, same array CRC */
    uint64_t gpt_backup_lba, gpt_array_lba;
    uint32_t gpt_n, gpt_entry_size;
    char disk_guid[37];
    guint n_gpt;
    dw_gpt_entry gpt_parts[128];
} dw_boot_info;
/* TRUE when any of El Torito, MBR or GPT was found.  out is filled. */
gboolean dw_boot_info_read(const dw_fs_source *src, dw_boot_info *out);
/* As a JSON object (owned string). */
char *dw_boot_info_to_json(const dw_boot_info *b);
/* "BIOS", "UEFI", ... and "none", "1.44 MB floppy", "hard disk". */
const char *dw_boot_platform_name(guint8 platform);
const char *dw_boot_media_name(guint8 media);
/* Read an image file's boot structures (2048-byte blocks from byte 0). */
gboolean dw_boot_info_read_file(const char *path, dw_boot_info *out, GError **error);

/* Returns TRUE when an ISO 9660 volume was found (and checked). */
gboolean dw_iso_check(const dw_fs_source *src, dw_report *r);
/* Returns TRUE when a UDF volume (an AVDP) was found (and checked). */
gboolean dw_udf_check(const dw_fs_source *src, dw_report *r);
/* Both, on the data track of an image (ISO, or the first data track of a
 * CD image as 2048-byte user data). */
gboolean dw_verify_fs(const dw_image *img, dw_report *r, dw_job *job, GError **error);

G_END_DECLS

#endif
