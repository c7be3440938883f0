/* rip_private.h: the state a rip shares between the rip/ files: the
 * drive and how it can be read, the disc model, the dump files and the
 * state map, counters, and the log kept for BASE.log. */
#ifndef DW_RIP_PRIVATE_H
#define DW_RIP_PRIVATE_H

#include <cdio/cdio.h>

#include "discwright/hash.h"
#include "discwright/mapfile.h"
#include "discwright/model.h"
#include "discwright/rip.h"
#include "rip/mmc.h"

#define DW_RAW 2352
#define DW_C2 294
#define DW_SUB 96

typedef struct dw_rip_image dw_rip_image;
typedef struct dw_rip_lru dw_rip_lru;
typedef struct dw_rip_audio dw_rip_audio;
typedef struct dw_rip_ahead dw_rip_ahead;

typedef enum { DW_SUBSEL_NONE = 0, DW_SUBSEL_RAW = 1, DW_SUBSEL_Q = 2 } dw_subsel;

typedef struct {
    const dw_rip_options *opt;
    dw_job *job;
    CdIo_t *cdio;                /* the drive; NULL when ripping an image */
    dw_rip_image *image;         /* the image being ripped, or NULL */
    dw_disc *disc;               /* TOC model, refined from Q by rip_derive */
    char vendor[9], model[17], revision[5];

    bool cd;                     /* else DVD/BD: 2048-byte sectors */
    bool c2;                     /* READ CD returns 294 C2 pointer bytes */
    dw_subsel sub;               /* subchannel the drive gives */
    bool cooked_only;            /* CD drive without READ CD: 2048-byte reads */
    int level;                   /* how far reads have fallen back (rip_read.c) */
    bool level_logged;
    int block;                   /* sectors per command (rip_block.c) */
    size_t transfer_limit;       /* the device's, in bytes; 0 unknown or not asked */
    char block_why[320];         /* how block was chosen, for the logs */
    uint8_t *rawbuf;             /* READ CD transfer buffer (rip_read.c), owned */
    size_t rawbuf_len;
    dw_rip_ahead *ahead;         /* the reads queued on the worker (rip_ahead.c), owned */
    uint64_t ahead_blocks;       /* blocks the rip took from that queue */
    int retries;

    int64_t n_sectors;           /* LBA 0 .. n-1 */
    uint32_t sector_size;        /* 2352 (CD) or 2048 */
    char *map_path, *img_path, *sub_path, *ccd_path;
    int img_fd, sub_fd;
    dw_map *map;
    gint64 last_sync;            /* monotonic time of the last durable map */
    gint64 last_map;             /* monotonic time of the last map written */
    uint8_t *gap;                /* per LBA: 1 = between sessions, never read (CD) */

    /* counters */
    uint64_t sectors_read;
    unsigned unstable, q_errors;
    unsigned n_errors_logged;
    bool retrying;               /* in a retry pass: failures already logged */
    int offset;
    bool offset_detected;
    /* Sectors before LBA 0 and after the end that the offset shifts audio
     * from: n_pre sectors at LBA -n_pre.., n_post at n_sectors.. (raw). */
    uint8_t *pre, *post;
    int n_pre, n_post;
    GString *log;                /* text of BASE.log */
    GPtrArray *bad_ranges;       /* char*: "LBA a-b: reason", filled at the end */
    /* one-pass hashing of a DVD/BD dump while it is read in order */
    dw_hash *seq_hash;
    int64_t seq_next;

    /* the drive's read cache (rip_cache.c) */
    dw_rip_cache_defeat cache_method;   /* EVICT, FUA or NONE once set up */
    int cache_sectors;           /* the buffer assumed, in sectors */
    int cache_kb;                /* the buffer, KiB (0: not asked) */
    bool cache_kb_reported;      /* the drive said so */
    char cache_how[96];          /* for the log */
    uint64_t evict_reads;        /* sectors read only to push others out */
    bool fua_refused;            /* the drive refused READ(12) with FUA */
    bool fua_fallback_logged;    /* said once that FUA stands in for eviction */
    dw_rip_lru *lru;             /* what the drive may still hold */
    /* sectors whose reads disagree, re-read until two agree (rip_secure.c) */
    GHashTable *pending;         /* LBA -> votes */
    unsigned rereads;            /* re-reads made to settle sectors */
    uint8_t *settle_state;       /* per LBA: 1 re-read and settled, 2 never settled (NULL: none) */
    int test_fd;                 /* test-and-copy reads (BASE.test.part), -1 none */
    char *test_path;
    /* audio proof, offset and outputs (rip_audio*.c) */
    dw_rip_offset_source offset_source;
    dw_rip_audio *audio;
    dw_rip_result *res;          /* filled at the end (audio part by rip_audio.c) */
} dw_rip_ctx;

/* rip_log.c */
void dw_rip_log(dw_rip_ctx *c, dw_log_level level, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
gboolean dw_rip_write_reports(dw_rip_ctx *c, const dw_rip_result *res, GError **error);

/* rip_read.c: commands */
/* Start with the richest read (raw + C2 + P-W); reads fall back by themselves. */
gboolean dw_rip_probe_caps(dw_rip_ctx *c, GError **error);
/* Read count sectors at lba.  main: count*sector_size; c2: count*294
 * (zeros without C2); sub: count*96 packed CloneCD .sub layout (zeros
 * without subchannel).  FALSE with sense filled on failure. */
bool dw_rip_read(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                 dw_mmc_sense *sense);

/* Pieces of dw_rip_read for rip_ahead.c: the CDB of a read in the
 * current mode (false for images and cooked reads), the transfer's
 * bytes into main/c2/sub, the bookkeeping of a read that worked, and
 * whether a failure only says "not like that" (the mode, or a transfer
 * the system refused) so that dw_rip_read should do it. */
bool dw_rip_read_cdb(const dw_rip_ctx *c, int32_t lba, int count, uint8_t cdb[12], size_t *len);
void dw_rip_read_unpack(const dw_rip_ctx *c, int count, const uint8_t *buf, uint8_t *main, uint8_t *c2,
                        uint8_t *sub);
void dw_rip_read_noted(dw_rip_ctx *c, int32_t lba, int count);
bool dw_rip_read_retryable(const dw_mmc_sense *s);

/* rip_ahead.c: the next blocks read on a worker thread while the last
 * is stored.  fill: queue blocks of c->block sectors from `from` (or
 * from where the queue ends) up to `end`, two at most (nothing for
 * images, cooked reads or --no-read-ahead); take: the block [lba,
 * lba+count) as dw_rip_read would return it, from the queue when it is
 * the oldest there, else by a plain dw_rip_read; drain: wait for the
 * queue and drop its data (dw_rip_read does this first, so nothing else
 * uses the drive meanwhile); free: drain and stop the worker. */
void dw_rip_ahead_fill(dw_rip_ctx *c, int32_t from, int32_t end);
bool dw_rip_ahead_take(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                       dw_mmc_sense *sense);
void dw_rip_ahead_drain(dw_rip_ctx *c);
void dw_rip_ahead_free(dw_rip_ctx *c);

/* rip_block.c: sectors per read command from the device's transfer
 * limit (sysfs), 64 KiB when unknown, --block when given; logs why. */
void dw_rip_block_choose(dw_rip_ctx *c);

/* rip_image.c: images as sources (cue, ccd, toc, nrg, iso) */
gboolean dw_rip_image_open(dw_rip_ctx *c, GError **error);
void dw_rip_image_close(dw_rip_ctx *c);
bool dw_rip_image_read(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                       dw_mmc_sense *sense);

/* rip_dump.c: the dump files and map */
gboolean dw_rip_dump_open(dw_rip_ctx *c, GError **error);
void dw_rip_dump_close(dw_rip_ctx *c);
gboolean dw_rip_dump_store(dw_rip_ctx *c, int32_t lba, int count, const uint8_t *main, const uint8_t *sub,
                           GError **error);
gboolean dw_rip_dump_load(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *sub, GError **error);
gboolean dw_rip_map_save(dw_rip_ctx *c, GError **error);
/* Flush the dump, then write the map durably. */
gboolean dw_rip_dump_sync(dw_rip_ctx *c, GError **error);

/* rip_passes.c: copy, trim, scrape, retry */
gboolean dw_rip_run_passes(dw_rip_ctx *c, GError **error);

/* rip_derive.c: indexes, pregaps, ISRC, MCN from Q in the dump */
gboolean dw_rip_derive(dw_rip_ctx *c, GError **error);

/* rip_offset.c */
/* Find the combined offset from where data sync lands in a READ CD-DA
 * (0xD8) stream; FALSE when the drive cannot read that way. */
bool dw_rip_detect_offset(dw_rip_ctx *c, int *offset);
/* Read the sectors outside the dump that the offset needs (pregap of
 * track 1 before LBA 0, lead-out after the end); zeros when refused. */
void dw_rip_overread(dw_rip_ctx *c);
/* Sectors [lba, lba+count) of the corrected disc: audio shifted by
 * c->offset samples, data as read; zeros outside the dump. */
gboolean dw_rip_corrected(dw_rip_ctx *c, int32_t lba, int count, uint8_t *out, GError **error);
/* The same from the test reads (BASE.test.part) instead of the dump. */
gboolean dw_rip_corrected_test(dw_rip_ctx *c, int32_t lba, int count, uint8_t *out, GError **error);

/* rip_outputs.c */
gboolean dw_rip_write_outputs(dw_rip_ctx *c, GError **error);

/* rip_dvd.c: READ DVD STRUCTURE records for the log and BASE.physical, .manufacturing, .bca */
void dw_rip_dvd_structures(dw_rip_ctx *c);

/* rip_cache.c: the drive's read cache */
/* Size the buffer (MODE SENSE page 2Ah) and choose how to defeat it. */
void dw_rip_cache_setup(dw_rip_ctx *c);
void dw_rip_cache_free(dw_rip_ctx *c);
/* Every successful read goes through here (dw_rip_read). */
void dw_rip_cache_note(dw_rip_ctx *c, int32_t lba, int count);
/* Might the drive still hold lba? */
bool dw_rip_cache_holds(const dw_rip_ctx *c, int32_t lba);
/* Make sure none of targets[0..n) is in the drive's cache: FUA, or read
 * sectors elsewhere (avoiding avoid[], a per-LBA map, when it can; NULL
 * avoids only the targets). */
gboolean dw_rip_cache_bust(dw_rip_ctx *c, const int32_t *targets, size_t n, const uint8_t *avoid,
                             GError **error);

/* rip_secure.c: reads that disagree, and test and copy */
/* A read of lba that cannot be trusted alone (C2 set, EDC/ECC wrong, or
 * it differed from an earlier read): keep it as a vote. */
void dw_rip_pending_add(dw_rip_ctx *c, int32_t lba, const uint8_t *sector, const uint8_t *c2, bool c2_valid,
                        const uint8_t *sub);
bool dw_rip_is_pending(const dw_rip_ctx *c, int32_t lba);
/* So many pending that they should be settled now (memory). */
bool dw_rip_pending_full(const dw_rip_ctx *c);
/* Re-read pending sectors (cache defeated before each round) until two
 * reads agree on every byte, or max_reads; settled ones are stored and
 * marked good, the rest bad with the most frequent bytes kept. */
gboolean dw_rip_settle(dw_rip_ctx *c, GError **error);
/* Test and copy: read [from, to) again with the cache defeated (avoid:
 * the other ranges still to test), compare with the dump; differing
 * sectors become pending.  Test reads go to BASE.test.part. */
gboolean dw_rip_test_range(dw_rip_ctx *c, int32_t from, int32_t to, const uint8_t *avoid, GError **error);
void dw_rip_secure_free(dw_rip_ctx *c);
/* Sector good as read (C2 clear, data sector content checks). */
bool dw_rip_sector_good(const dw_rip_ctx *c, int32_t lba, const uint8_t *s, const uint8_t *c2, const uint8_t *sub);

/* rip_audio.c: offsets found, databases, proof (in c->audio) */
/* Before reading: the drive's entry in the offset list. */
void dw_rip_offset_from_list(dw_rip_ctx *c);
/* After reading: AccurateRip matching, else the data track, else 0. */
void dw_rip_offset_auto(dw_rip_ctx *c);
/* Sums and proof of the audio; tracks not proven read again (test and
 * copy) with their differences settled; fills c->res's audio part. */
gboolean dw_rip_audio_verify(dw_rip_ctx *c, GError **error);
/* Track files and their cue sheet (rip_audio_out.c); add(user, name)
 * hashes each file written into the rip's hash list. */
typedef gboolean (*dw_rip_add_file_fn)(void *user, const char *name, GError **error);
gboolean dw_rip_audio_outputs(dw_rip_ctx *c, dw_rip_add_file_fn add, void *user, GError **error);
void dw_rip_audio_free(dw_rip_ctx *c);
/* Samples of the corrected disc (audio shifted, zeros for data and gaps):
 * a dw_sample_read_fn over c; from the test reads when test is set. */
gboolean dw_rip_corrected_samples(void *c, int64_t first, size_t count, uint32_t *out, GError **error);

/* rip_eaclog.c: BASE.log, EAC's layout, sealed with a checksum */
char *dw_rip_text_log(dw_rip_ctx *c, const dw_rip_result *res);

/* True when lba holds data by the TOC (its track's control has DATA). */
bool dw_rip_lba_is_data(const dw_rip_ctx *c, int32_t lba);

#endif
