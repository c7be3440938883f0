/* rip.h: sector-exact imaging of CDs, DVDs and BDs.
 *
 * dw_rip() reads a drive once, keeping what it gave (raw 2352-byte
 * sectors, raw P-W subchannel, a per-sector state map in ddrescue mapfile
 * syntax), then retries what failed (trim, scrape, retry passes; unstable
 * sectors merged by their C2 pointers or re-read until EDC passes), and
 * derives the outputs from that dump: redump-style BIN/CUE, CloneCD
 * ccd/img/sub, cdrdao toc/bin, a cooked ISO, a hash sidecar and a DAT,
 * and a log (text and JSON).  Indexes, pregaps, ISRC and MCN come from the
 * Q subchannel of every sector.  With `resume` an interrupted rip goes on
 * from its map; with `refine` the sectors not yet good are re-read, from
 * any drive, and the outputs derived again.
 *
 * Audio CDs are proven the way archivists ask: every audio track's
 * AccurateRip v1/v2 and CTDB CRCs are matched against local database
 * answers (or fetched ones with `online`), tracks no database proves are
 * read a second time with the drive's cache defeated (test and copy),
 * sectors that differ are re-read until two reads agree, and the audio
 * is written as one FLAC or WAV file per track with tags and a cue sheet,
 * beside the raw dump.
 *
 * Files for BASE (see doc/rip.md): BASE.map; CD dump BASE.dump.img,
 * BASE.dump.sub, BASE.dump.ccd; outputs BASE.cue + "BASE (Track N).bin",
 * BASE.ccd/.img/.sub, BASE.toc + BASE.bin, BASE.iso, BASE.hash, BASE.dat,
 * BASE.log, BASE.json; audio "BASE (Track NN).flac|.wav" and
 * BASE.flac.cue or BASE.wav.cue.
 */
#ifndef DISCWRIGHT_RIP_H
#define DISCWRIGHT_RIP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "audiodb.h"
#include "job.h"

G_BEGIN_DECLS

typedef enum {
    DW_RIP_ISO = 1 << 0,
    DW_RIP_BINCUE = 1 << 1,
    DW_RIP_CCD = 1 << 2,
    DW_RIP_TOC = 1 << 3,
    DW_RIP_ALL = 0x0F
} dw_rip_format;

typedef enum {
    DW_RIP_AUDIO_DEFAULT = 0,    /* FLAC when the disc has audio tracks */
    DW_RIP_AUDIO_FLAC,
    DW_RIP_AUDIO_WAV,
    DW_RIP_AUDIO_NONE
} dw_rip_audio_format;

/* How re-reads get past the drive's read cache. */
typedef enum {
    DW_RIP_CACHE_AUTO = 0,       /* evict: read more than the drive's buffer elsewhere first */
    DW_RIP_CACHE_EVICT,
    DW_RIP_CACHE_FUA,            /* READ(12) with FUA and no transfer before re-reads
                                    (for drives known to honour it); evict if refused */
    DW_RIP_CACHE_NONE            /* the drive does not cache audio: re-read directly */
} dw_rip_cache_defeat;

/* Where the read offset applied came from. */
typedef enum {
    DW_RIP_OFFSET_NONE = 0,      /* none found: 0 */
    DW_RIP_OFFSET_GIVEN,         /* --offset N */
    DW_RIP_OFFSET_DRIVE_LIST,    /* the drive's entry in AccurateRip's offset list */
    DW_RIP_OFFSET_ACCURATERIP,   /* AccurateRip records matched at that shift */
    DW_RIP_OFFSET_DATA_TRACK     /* measured where a data track's sync lands (combined) */
} dw_rip_offset_source;

typedef struct {
    const char *source;          /* a drive, e.g. /dev/sr0 */
    const char *base;            /* output path without extension */
    unsigned formats;            /* dw_rip_format bits; 0 = default (CD: bincue, + iso when
                                    the first track is data; DVD/BD: iso) */
    int retries;                 /* retry passes over bad sectors; < 0 = default (3) */
    bool resume;                 /* continue from BASE.map */
    bool refine;                 /* re-read what is not good (BASE.map must exist) */
    bool force;                  /* start over, replacing existing files */
    bool has_offset;             /* offset below given by the user */
    int offset;                  /* read offset correction in samples (AccurateRip's sign) */
    double speed;                /* x rate for SET CD SPEED; 0 = drive's maximum */
    int block;                   /* sectors per read command; 0 = from the drive's transfer limit */
    bool no_read_ahead;          /* do not read the next block while storing the last */
    /* audio (all optional; nothing here needs a network unless online) */
    const char *accuraterip_db;  /* dBAR file, or a folder of them (also c/b/a/ layout) */
    const char *ctdb;            /* a CTDB lookup answer (XML) */
    const char *drive_offsets;   /* AccurateRip's DriveOffsets.bin */
    bool online;                 /* fetch what is not given (cached) */
    dw_rip_audio_format audio;   /* track files */
    int flac_level;              /* 0..8, when has_flac_level */
    bool has_flac_level;         /* else 5 */
    const char *metadata;        /* MusicBrainz release JSON for tags and the cue */
    bool deemphasis;             /* de-emphasise tracks flagged PRE in the track files */
    dw_rip_cache_defeat cache_defeat;
    bool no_test_copy;           /* do not read unproven tracks a second time */
} dw_rip_options;

/* What a rip proved about one audio track (also in BASE.json). */
typedef struct {
    int number;                  /* track number; 0 = hidden track before track 1 */
    char file[64];               /* track file name, "" when none written */
    uint16_t peak;               /* largest |sample|, 0..32768 */
    bool pre_emphasis;           /* flagged PRE in the TOC/Q */
    bool deemphasised;           /* the track file was de-emphasised */
    bool tested;                 /* read a second time (test and copy) */
    uint32_t test_crc, copy_crc; /* CRC-32 of the track's audio: verification reads, kept audio */
    unsigned rereads;            /* sectors read again because reads differed */
    unsigned unsettled;          /* sectors where no two reads agreed */
    uint32_t ar_v1, ar_v2, ctdb_crc;
    dw_track_proof proof;        /* AccurateRip and CTDB result */
} dw_rip_track_result;

typedef struct {
    int64_t sectors;             /* sectors on the disc (in the map) */
    int64_t good, bad, untried;  /* map counts at the end */
    uint64_t sectors_read;       /* sector reads issued, retries included */
    int offset;                  /* the correction applied to audio, samples */
    bool offset_detected;        /* found from data sync against Q (combined offset) */
    unsigned unstable;           /* sectors that needed re-reads */
    unsigned q_errors;           /* Q frames with a bad CRC */
    /* audio */
    dw_rip_offset_source offset_source;
    char cache_method[96];       /* how the cache was defeated, as logged */
    dw_rip_cache_defeat cache_used;   /* EVICT, FUA or NONE: how re-reads got past the cache
                                         (NONE also for images and non-CD media) */
    int cache_kb;                /* the drive's buffer, KiB, as reported or assumed (0: not asked) */
    bool cache_kb_reported;      /* the drive reported it (MODE SENSE page 2Ah) */
    bool cache_fua_fallback;     /* EVICT, but the disc was too small to evict from: FUA instead */
    uint64_t cache_evict_reads;  /* sectors read only to evict the cache */
    bool ar_found, ctdb_found;   /* the databases knew the disc */
    bool ar_searched, ctdb_searched;   /* a database was consulted (--accuraterip-db/--ctdb/--online) */
    char accuraterip_id[32], cddb_id[12], musicbrainz_id[32], ctdb_tocid[32];
    int n_audio;                 /* entries in tracks[] */
    dw_rip_track_result tracks[DW_MAX_TRACKS + 1];
} dw_rip_result;

/* Returns TRUE when every sector is good.  Fails with DW_ERROR_UNREADABLE
 * when sectors remain bad (the outputs are written all the same, bad
 * sectors as zeros, and the map lists them), DW_ERROR_CANCELLED when the
 * job was cancelled (the map and dump stay for resume), DW_ERROR_EXISTS
 * when outputs exist and neither resume, refine nor force was given.
 * result may be NULL. */
gboolean dw_rip(const dw_rip_options *opts, dw_job *job, dw_rip_result *result, GError **error);

/* "flac", "wav", "none". */
gboolean dw_rip_parse_audio(const char *text, dw_rip_audio_format *out, GError **error);
/* "auto", "evict", "fua", "none". */
gboolean dw_rip_parse_cache_defeat(const char *text, dw_rip_cache_defeat *out, GError **error);
const char *dw_rip_offset_source_name(dw_rip_offset_source s);

/* "iso,bincue" -> bits; "all" accepted.  FALSE with DW_ERROR_USAGE. */
gboolean dw_rip_parse_formats(const char *text, unsigned *formats, GError **error);

G_END_DECLS

#endif
