/* burn.h: writing media through libburn.
 *
 * A drive address is a device path ("/dev/sr0") or a libburn pseudo-drive
 * "stdio:PATH" (a regular file or block device behaves like overwritable
 * random-access media, a FIFO or character device like a sequential
 * write-once one).  dw_burn_drive_open() grabs a drive; errors say why it
 * cannot be used (DW_ERROR_NO_DEVICE, DW_ERROR_PERMISSION naming the group
 * or ACL of the device node, DW_ERROR_BUSY).
 *
 * Data reaches libburn from a dw_burn_source: a file, an open descriptor
 * (FIFO, stdin) or a read callback (the author stream), all with a size
 * in 2048-byte blocks.  dw_burn_write() checks the size against the free
 * space, writes (optionally as an appended session: --multi media stay
 * appendable; on overwritable media a continuation session made for the
 * next writable address is written there and its first 64 KiB become the
 * medium's superblock, the way growisofs and xorriso grow an ISO), reports
 * progress through the job (sectors, rate and ETA, drive buffer and FIFO
 * fill) and can verify by reading back over the image's own length.
 *
 * Ownership: everything returned by a _new/_open/_scan function is owned
 * by the caller and released by its _free/_close partner.  Functions are
 * not thread-safe on one drive; the job may be read from any thread.
 */
#ifndef DISCWRIGHT_BURN_H
#define DISCWRIGHT_BURN_H

#include <glib.h>
#include <stdint.h>
#include "author.h"
#include "job.h"
#include "model.h"

G_BEGIN_DECLS

#define DW_BURN_BLOCK 2048
#define DW_BURN_SUPERBLOCK_BLOCKS 32   /* 64 KiB: system area and volume descriptors */

/* ---- drives ---- */

typedef struct {
    char *address;               /* what dw_burn_drive_open() accepts */
    char *vendor, *product, *revision;
} dw_burn_drive_info;

/* Drives libburn finds (MMC burners).  The scan runs at most timeout_ms;
 * when it takes longer the drives found so far are not known and
 * *timed_out is set (may be NULL).  Never fails for lack of drives or
 * permissions: those give an empty list.  Free with dw_burn_drive_info_free. */
dw_burn_drive_info *dw_burn_drive_scan(unsigned timeout_ms, size_t *n, gboolean *timed_out);
void dw_burn_drive_info_free(dw_burn_drive_info *drives, size_t n);

typedef struct dw_burn_drive dw_burn_drive;

dw_burn_drive *dw_burn_drive_open(const char *address, GError **error);
/* Releases the drive (ejects the tray when asked). */
void dw_burn_drive_close(dw_burn_drive *drive, gboolean eject);
void dw_burn_drive_close_noeject(dw_burn_drive *drive);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_burn_drive, dw_burn_drive_close_noeject)
const char *dw_burn_drive_address(const dw_burn_drive *drive);
/* libburn's role: 1 MMC drive, 2 stdio random access, 3 stdio sequential. */
int dw_burn_drive_role(const dw_burn_drive *drive);

/* ---- media ---- */

typedef enum {
    DW_MEDIA_NONE = 0,           /* no disc */
    DW_MEDIA_BLANK,
    DW_MEDIA_APPENDABLE,
    DW_MEDIA_CLOSED,
    DW_MEDIA_UNSUITABLE,
    DW_MEDIA_UNKNOWN
} dw_media_status;

typedef struct {
    int session, number;         /* 1-based */
    int32_t start;               /* LBA */
    int32_t blocks;
    gboolean audio;
} dw_media_track;

typedef struct {
    int profile;                 /* MMC profile, 0xffff for stdio files */
    char profile_name[80];
    dw_media_status status;      /* as libburn sees it */
    gboolean overwritable;       /* DVD+RW, DVD-RAM, BD-RE, formatted DVD-RW, stdio files */
    gboolean erasable;           /* CD-RW, DVD-RW: blank with burn_disc_erase */
    gboolean appendable;         /* a new session can be written (status, or an ISO grown on overwritable media) */
    uint64_t free_bytes;
    int64_t capacity_blocks;     /* written + free, -1 when unknown */
    int32_t msc1, nwa;           /* mkisofs -C values for the next session, -1 unknown */
    int sessions;
    size_t n_tracks;
    dw_media_track *tracks;
    uint32_t iso_blocks;         /* volume space size of the ISO at LBA 16 (overwritable media), 0 none */
    char iso_label[33];
    int *write_speeds;           /* kB/s (1000 bytes/s), n_write_speeds of them */
    size_t n_write_speeds;
    gboolean unformatted;        /* BD-RE, DVD-RAM, DVD+RW never formatted (dw_burn_write formats BD-RE/DVD-RAM first) */
    gboolean damaged;            /* the last track was left incomplete by a failed write: nothing more can be written */
} dw_media_info;

gboolean dw_burn_media_info(dw_burn_drive *drive, dw_media_info *out, GError **error);
/* Read blocks [lba, lba + blocks) of 2048 bytes from the medium (not from
 * write-only targets); FALSE with DW_ERROR_UNREADABLE naming the LBA. */
gboolean dw_burn_drive_read(dw_burn_drive *drive, int64_t lba, void *buf, size_t blocks, GError **error);
void dw_media_info_clear(dw_media_info *info);
const char *dw_media_status_name(dw_media_status status);   /* "blank", "appendable", ... */

/* ---- sources ---- */

typedef struct dw_burn_source dw_burn_source;
/* Fill buf with up to len bytes; 0 at the end, -1 with error set. */
typedef gssize (*dw_burn_read_fn)(void *user, void *buf, gsize len, GError **error);

/* A regular file (its size rounded up to whole blocks, padded with zeros). */
dw_burn_source *dw_burn_source_new_file(const char *path, GError **error);
/* An open descriptor (a FIFO or stdin); size_bytes must be known. The fd is not closed. */
dw_burn_source *dw_burn_source_new_fd(int fd, uint64_t size_bytes, const char *name);
/* A callback: blocks of 2048 bytes; destroy(user) when the source is freed. */
dw_burn_source *dw_burn_source_new_callback(uint64_t blocks, dw_burn_read_fn read, void *user,
                                            GDestroyNotify destroy, const char *name);
/* The author engine's stream laid out from opts (copied by the plan; the
 * strings opts points to must stay valid only during this call), as a
 * source: no temporary image.  NULL with error when the plan fails. */
dw_burn_source *dw_burn_source_new_author(const dw_author_options *opts, const char *name, dw_job *job,
                                          GError **error);
uint64_t dw_burn_source_blocks(const dw_burn_source *src);
uint64_t dw_burn_source_bytes(const dw_burn_source *src);
const char *dw_burn_source_name(const dw_burn_source *src);
/* The file behind a file source, NULL otherwise (for verify and superblocks). */
const char *dw_burn_source_path(const dw_burn_source *src);
void dw_burn_source_free(dw_burn_source *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_burn_source, dw_burn_source_free)

/* ---- write ---- */

typedef enum { DW_BURN_MODE_AUTO = 0, DW_BURN_MODE_TAO, DW_BURN_MODE_SAO } dw_burn_mode;

typedef struct {
    int speed_kbs;               /* 0 = fastest */
    gboolean simulate;           /* laser off / nothing written to a stdio file */
    gboolean multi;              /* leave the medium appendable */
    dw_burn_mode mode;
    gboolean verify;             /* read back and compare after writing */
    gboolean force;              /* overwrite a stdio file that already holds data */
    int fifo_mib;                /* 0 = 16 MiB */
    int stdio_fsync;             /* blocks between fsyncs on stdio files; 0 = only at the end */
    int64_t session_lba;         /* non-file sources: the LBA the session was made for (0 = a fresh image);
                                    file sources: read from the image's PVD */
} dw_burn_options;

typedef struct {
    int32_t start_lba;           /* where the image was written */
    uint64_t blocks;
    gboolean appended;           /* a session after existing ones */
    gboolean superblock_updated; /* growing an ISO on overwritable media */
    gboolean verified;
    double seconds;
    double bytes_per_sec;
    int fifo_min_fill;           /* percent, -1 unknown */
    char sha256_hex[65];         /* of the data sent */
} dw_burn_result;

/* The image's PVD (block 16) says how large the whole ISO is; an image
 * made with mkisofs -C X,NWA claims NWA + its own length.  Returns that
 * intended start LBA (0 for an ordinary image, -1 when no ISO). */
int64_t dw_burn_iso_intended_start(const dw_burn_source *src);

gboolean dw_burn_write(dw_burn_drive *drive, dw_burn_source *src, const dw_burn_options *opts,
                       dw_job *job, dw_burn_result *result, GError **error);

/* Read back blocks [start_lba, start_lba + image blocks) and compare them
 * with the image file; only the image's own length counts (the last
 * block's padding is compared against zeros only within the file).  On a
 * difference fails with DW_ERROR_MISMATCH naming the first differing LBA
 * (and *bad_lba, may be NULL; -1 when all matched). */
gboolean dw_burn_verify_file(dw_burn_drive *drive, const char *image, int32_t start_lba,
                             dw_job *job, int64_t *bad_lba, GError **error);

/* ---- blank and format ---- */

/* CD-RW/DVD-RW: burn_disc_erase (fast: only the TOC/headers).  Overwritable
 * media and stdio files: the ISO superblock (first 64 KiB) is zeroed (fast)
 * or the whole written area (full), so the medium reads as blank. */
gboolean dw_burn_blank(dw_burn_drive *drive, gboolean full, dw_job *job, GError **error);
/* DVD-RW to restricted overwrite, DVD+RW de-icing, BD-RE/DVD-RAM format. */
gboolean dw_burn_format(dw_burn_drive *drive, uint64_t size_bytes, gboolean force, dw_job *job, GError **error);

/* ---- cue sheets → libburn session ---- */

struct burn_session;

/* One track as it will be written: where its sectors come from, how
 * libburn sees it, and the indexes relative to the track's source start
 * (a stored pregap is part of the source; index 1 follows it). */
typedef struct {
    int number;
    gboolean audio;
    int burn_mode;               /* libburn BURN_AUDIO/BURN_MODE1 | BURN_4CH/BURN_COPY/BURN_PREEMPHASIS */
    char *path;                  /* the FILE, resolved beside the sheet */
    int64_t offset;              /* byte offset of the first sector read */
    uint32_t file_sector;        /* bytes per sector in the file (2352, 2048) */
    uint32_t out_sector;         /* bytes per sector sent to libburn (2352 audio, 2048 data) */
    int64_t sectors;             /* sectors read from the file (stored pregap included) */
    int32_t pregap_stored;       /* sectors of INDEX 00 in the file */
    int32_t pregap_silent;       /* sectors of INDEX 00 not stored (cue PREGAP): written as zeros */
    int32_t postgap;
    gboolean swap;               /* MOTOROLA byte order */
    int n_indexes;               /* index 0 (when a stored pregap) or 1 .. */
    int32_t index_rel[DW_MAX_INDEX + 1];   /* -1 when absent */
    char isrc[13];
} dw_burn_cue_track;

typedef struct {
    size_t n_tracks;
    dw_burn_cue_track *tracks;
    char catalog[14];            /* "" when none */
    struct burn_session *session; /* owned; tracks with their sources and CD-TEXT attributes */
    int first_track;
} dw_burn_cue_session;

/* Build the session from a disc model read from a cue sheet (multi-FILE
 * redump sheets included; one session of AUDIO and MODE1 tracks).
 * cue_path locates the FILE entries.  Free with dw_burn_cue_session_free. */
dw_burn_cue_session *dw_burn_cue_session_new(const dw_disc *disc, const char *cue_path, GError **error);
void dw_burn_cue_session_free(dw_burn_cue_session *cs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_burn_cue_session, dw_burn_cue_session_free)
/* The CD-TEXT packs libburn generates from the session (18 bytes each; g_free), NULL when none. */
uint8_t *dw_burn_cue_session_cdtext(dw_burn_cue_session *cs, size_t *n_packs, GError **error);
/* Prepare the session for track-at-once writing (what libburn offers when
 * audio and data tracks are mixed): the stored pregaps are left out (the
 * drive writes a 2-second pregap before every track) and CD-TEXT, which
 * only SAO writes, is dropped; both are logged. */
gboolean dw_burn_cue_session_for_tao(dw_burn_cue_session *cs, dw_job *job, GError **error);
/* Write the session SAO to a CD (refused on stdio: targets, as libburn refuses audio there);
 * a session mixing audio and data goes TAO (dw_burn_cue_session_for_tao). */
gboolean dw_burn_write_cue(dw_burn_drive *drive, dw_burn_cue_session *cs, const dw_burn_options *opts,
                           dw_job *job, dw_burn_result *result, GError **error);

/* ---- listing an ISO ---- */

typedef struct {
    char *path;                  /* "/dir/name" */
    gboolean is_dir;
    uint64_t size;
    uint32_t mode;               /* POSIX mode from Rock Ridge, 0 when none */
    uint32_t lsn;                /* first block */
} dw_iso_entry;

/* Lists the files of the ISO in image (a file, a block device or stdio:PATH)
 * under dir ("/" when NULL), recursively; the last session of a
 * multisession image.  Read by the bounds-checked reader of extract.h
 * (problems of a damaged image are logged through job, may be NULL).
 * Free with dw_iso_entries_free. */
dw_iso_entry *dw_iso_list(const char *image, const char *dir, dw_job *job, size_t *n, GError **error);
void dw_iso_entries_free(dw_iso_entry *entries, size_t n);

G_END_DECLS

#endif
