/* model.h: the disc model shared by every part of discwright.
 *
 * A dw_disc holds sessions, tracks (mode, control flags, pregap, indexes,
 * ISRC), the MCN, CD-TEXT, and the raw full-TOC descriptors where they are
 * known (from a .ccd, or READ TOC format 2).  All LBAs are absolute
 * (LBA 0 = MSF 00:02:00).  Fixed-size arrays keep it one allocation:
 * dw_disc_new() returns an owned object, free it with dw_disc_free().
 * Readers (cue, ccd, toc, devices) fill it; writers read it.
 */
#ifndef DISCWRIGHT_MODEL_H
#define DISCWRIGHT_MODEL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include "cdtext.h"

G_BEGIN_DECLS

#define DW_MAX_TRACKS 99
#define DW_MAX_SESSIONS 99
#define DW_MAX_INDEX 99
#define DW_MAX_TOC_ENTRIES 512

/* Q/TOC control nibble bits. */
#define DW_CTRL_PRE  0x1         /* audio: pre-emphasis */
#define DW_CTRL_DCP  0x2         /* digital copy permitted */
#define DW_CTRL_DATA 0x4         /* data track */
#define DW_CTRL_4CH  0x8         /* audio: four channels */

typedef enum {
    DW_DISC_UNKNOWN = 0,
    DW_DISC_CD,
    DW_DISC_DVD,
    DW_DISC_BD
} dw_disc_kind;

typedef enum {
    DW_TRACK_AUDIO = 0,
    DW_TRACK_MODE0,
    DW_TRACK_MODE1,
    DW_TRACK_MODE2,              /* formless, or XA with mixed forms */
    DW_TRACK_MODE2_FORM1,
    DW_TRACK_MODE2_FORM2,
    DW_TRACK_MODE2_FORM_MIX
} dw_track_mode;

/* Session format byte (TOC A0 PSec): 0x00 CD-DA/CD-ROM, 0x10 CD-i, 0x20 XA. */
typedef enum {
    DW_SESSION_CDDA_CDROM = 0x00,
    DW_SESSION_CDI = 0x10,
    DW_SESSION_CDROM_XA = 0x20
} dw_session_format;

/* Where a track's bytes are stored in an image (cue FILE / toc FILE). */
typedef struct {
    char *path;                  /* as written in the sheet; owned; NULL if none */
    bool binary_le;              /* audio sample byte order: true = little-endian */
    uint32_t sector_size;        /* bytes per sector in the file: 2352, 2048, 2336, ... */
    int64_t offset;              /* byte offset of this track's first stored sector
                                    (the pregap's when the pregap is stored) */
    bool pregap_stored;          /* the pregap sectors are in the file */
} dw_track_file;

typedef struct {
    int number;                  /* 1..99 */
    int session;                 /* 1-based session number */
    dw_track_mode mode;
    uint8_t control;             /* DW_CTRL_* (DATA set for data tracks) */
    int32_t start;               /* LBA of INDEX 01 */
    int32_t pregap;              /* sectors of INDEX 00 before start, 0 if none */
    int32_t length;              /* sectors from start to the next track's pregap
                                    (or to the session lead-out) */
    int n_indexes;               /* number of valid index[] entries, >= 2 (0 and 1) */
    int32_t index[DW_MAX_INDEX + 1];  /* absolute LBA of INDEX i; index[0] = start - pregap;
                                         index[1] = start; 2.. when present */
    char isrc[13];               /* "" when absent */
    int32_t postgap;             /* cue POSTGAP / toc, not stored (sectors) */
    dw_track_file file;
} dw_track;

typedef struct {
    int number;                  /* 1-based */
    dw_session_format format;
    int first_track;             /* track numbers, not indexes into tracks[] */
    int last_track;
    int32_t leadout;             /* LBA of this session's lead-out */
    int32_t leadin;              /* LBA where the lead-in starts, when known, else 0 */
} dw_session;

/* One full-TOC descriptor (READ TOC format 2 / CloneCD [Entry n]). */
typedef struct {
    uint8_t session;
    uint8_t adr, control;
    uint8_t tno;
    uint8_t point;
    uint8_t min, sec, frame;     /* binary, not BCD */
    uint8_t zero;
    uint8_t pmin, psec, pframe;  /* binary */
} dw_toc_entry;

typedef struct {
    dw_disc_kind kind;
    char mcn[14];                /* "" when absent */
    int n_sessions;
    dw_session sessions[DW_MAX_SESSIONS];
    int n_tracks;
    dw_track tracks[DW_MAX_TRACKS];   /* in order; tracks[i].number need not be i+1 */
    int n_toc;
    dw_toc_entry toc[DW_MAX_TOC_ENTRIES];  /* raw full TOC, when known */
    dw_cdtext cdtext;
    int32_t total_sectors;       /* for DVD/BD (and CD: last lead-out) */
    char *profile;               /* e.g. "CD-ROM", "DVD-ROM"; owned, may be NULL */
    char *label;                 /* filesystem volume label; owned, may be NULL */
} dw_disc;

dw_disc *dw_disc_new(void);
void dw_disc_free(dw_disc *disc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_disc, dw_disc_free)

/* Reset a track to defaults (number n, no pregap, index[0]=index[1]=-1). */
void dw_track_init(dw_track *t, int number);

/* Lookups; NULL when absent.  Returned pointers borrow from disc. */
dw_track *dw_disc_track(dw_disc *disc, int number);
dw_session *dw_disc_session(dw_disc *disc, int number);
/* The track that holds lba (pregaps included), or NULL. */
const dw_track *dw_disc_track_at(const dw_disc *disc, int32_t lba);

/* Derive track lengths, session first/last tracks and index[0] from
 * starts, pregaps and lead-outs; check ordering.  Call after a reader
 * has filled tracks and sessions. */
gboolean dw_disc_finish(dw_disc *disc, GError **error);

/* Build the full TOC (A0/A1/A2 and one descriptor per track, per session)
 * from sessions and tracks, replacing disc->toc. */
void dw_disc_build_toc(dw_disc *disc);
/* Fill sessions and tracks (start, control, session) from disc->toc.
 * Pregaps stay 0 (the TOC does not hold them). */
gboolean dw_disc_from_toc(dw_disc *disc, GError **error);

const char *dw_track_mode_name(dw_track_mode mode);   /* "AUDIO", "MODE1", ... */
bool dw_track_mode_is_data(dw_track_mode mode);

/* A JSON object describing the disc (stable field names; see doc/json.md).
 * Returns a newly allocated string. */
char *dw_disc_to_json(const dw_disc *disc);

G_END_DECLS

#endif
