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
 * Files for BASE (see doc/rip.md): BASE.map; CD dump BASE.dump.img,
 * BASE.dump.sub, BASE.dump.ccd; outputs BASE.cue + "BASE (Track N).bin",
 * BASE.ccd/.img/.sub, BASE.toc + BASE.bin, BASE.iso, BASE.hash, BASE.dat,
 * BASE.log, BASE.json.
 */
#ifndef DISCWRIGHT_RIP_H
#define DISCWRIGHT_RIP_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "job.h"

G_BEGIN_DECLS

typedef enum {
    DW_RIP_ISO = 1 << 0,
    DW_RIP_BINCUE = 1 << 1,
    DW_RIP_CCD = 1 << 2,
    DW_RIP_TOC = 1 << 3,
    DW_RIP_ALL = 0x0F
} dw_rip_format;

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
    int block;                   /* sectors per read command; 0 = default */
} dw_rip_options;

typedef struct {
    int64_t sectors;             /* sectors on the disc (in the map) */
    int64_t good, bad, untried;  /* map counts at the end */
    uint64_t sectors_read;       /* sector reads issued, retries included */
    int offset;                  /* the correction applied to audio, samples */
    bool offset_detected;        /* found from data sync against Q (combined offset) */
    unsigned unstable;           /* sectors that needed re-reads */
    unsigned q_errors;           /* Q frames with a bad CRC */
} dw_rip_result;

/* Returns TRUE when every sector is good.  Fails with DW_ERROR_UNREADABLE
 * when sectors remain bad (the outputs are written all the same, bad
 * sectors as zeros, and the map lists them), DW_ERROR_CANCELLED when the
 * job was cancelled (the map and dump stay for resume), DW_ERROR_EXISTS
 * when outputs exist and neither resume, refine nor force was given.
 * result may be NULL. */
gboolean dw_rip(const dw_rip_options *opts, dw_job *job, dw_rip_result *result, GError **error);

/* "iso,bincue" -> bits; "all" accepted.  FALSE with DW_ERROR_USAGE. */
gboolean dw_rip_parse_formats(const char *text, unsigned *formats, GError **error);

G_END_DECLS

#endif
