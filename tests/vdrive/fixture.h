/* fixture.h: a small CloneCD disc (and an ISO) written at test time for
 * the virtual drive's tests.  The layout is fixed and described here so
 * tests can check what the drive serves against what was written.
 *
 * Disc (one session, CD-DA/CD-ROM format 0x00), lead-out at LBA 1200:
 *   track 1  MODE1 data, control 0x4, LBA 0..299
 *   track 2  audio, control 0x0, pregap 300..449 (index 0), start 450, ISRC
 *   track 3  audio, control 0x1 (pre-emphasis), start 850, index 2 at 1000, ISRC
 * MCN, CD-TEXT (album + per-track TITLE and PERFORMER, English, ASCII).
 * Audio sample n (absolute, LBA*588 + i) is vdf_sample(n), a 32-bit
 * pattern unique per sample; data user bytes are vdf_data_byte(lba, i).
 * The .sub carries P (pause flag in the pregap), Q (position; MCN frames
 * where lba % 100 == 50 and ISRC frames where lba % 100 == 75 inside
 * audio tracks) and an R-W pattern (vdf_rw_byte).
 */
#ifndef DW_VDRIVE_FIXTURE_H
#define DW_VDRIVE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VDF_LEADOUT 1200
#define VDF_T2_PREGAP 300
#define VDF_T2_START 450
#define VDF_T3_START 850
#define VDF_T3_INDEX2 1000
#define VDF_MCN "0123456789012"
#define VDF_ISRC2 "USDW12600001"
#define VDF_ISRC3 "USDW12600002"
#define VDF_ALBUM "Virtual Album"
#define VDF_ARTIST "DW Tester"
#define VDF_ISO_SECTORS 600

uint32_t vdf_sample(int64_t n);
uint8_t vdf_data_byte(int32_t lba, int i);
uint8_t vdf_rw_byte(int32_t lba, int i);
const char *vdf_track_title(int track);   /* 1..3 */

/* Write DIR/NAME.ccd, .img, .sub.  Returns false with a message. */
bool vdf_write_cd(const char *dir, const char *name, char *err, size_t errlen);
/* A second, two-session disc (CD-Extra style): session 1 track 1 audio
 * LBA 0..599 (lead-out 600); session 2 (format 0x20, XA) track 2 Mode 2
 * Form 1 data from LBA 12000, lead-out 12200.  The .img is sparse over
 * the session gap.  Full TOC with B0/C0 (ADR 5) entries in session 1. */
#define VDF_MS_LEADOUT1 600
#define VDF_MS_T2_START 12000
#define VDF_MS_LEADOUT 12200
bool vdf_write_multisession(const char *dir, const char *name, char *err, size_t errlen);

/* Write DIR/NAME.iso: VDF_ISO_SECTORS blocks with a PVD at 16. */
bool vdf_write_iso(const char *dir, const char *name, char *err, size_t errlen);
/* The CD-TEXT packs (18 bytes each, CRC included) the .ccd describes. */
size_t vdf_cdtext(uint8_t *out, size_t cap);

#endif
