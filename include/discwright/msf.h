/* msf.h: CD addressing.  LBA (logical block address, 0 at the start of the
 * program area), absolute MSF (LBA + 150 two-second lead), BCD helpers and
 * the "MM:SS:FF" text form used by cue sheets and cdrdao toc files.
 * Pure functions, no allocation.
 */
#ifndef DISCWRIGHT_MSF_H
#define DISCWRIGHT_MSF_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define DW_FRAMES_PER_SECOND 75
#define DW_MSF_LEAD 150                 /* LBA 0 == MSF 00:02:00 */
#define DW_CD_SECTOR_RAW 2352
#define DW_CD_SECTOR_DATA 2048
#define DW_CD_SUB_SIZE 96
#define DW_CD_C2_SIZE 294

typedef struct {
    uint8_t m, s, f;
} dw_msf;

/* Absolute MSF <-> LBA.  LBAs below -150 map into the 90-99 minute range
 * the way the lead-in does (LBA -151 == 99:59:74, as MMC specifies). */
dw_msf  dw_lba_to_msf(int32_t lba);
int32_t dw_msf_to_lba(dw_msf msf);

/* Plain frame counts <-> MSF without the 150 lead (cue/toc relative times). */
dw_msf  dw_frames_to_msf(int32_t frames);
int32_t dw_msf_to_frames(dw_msf msf);

uint8_t dw_to_bcd(uint8_t v);        /* v in 0..99 */
uint8_t dw_from_bcd(uint8_t b);      /* returns 0xFF when b is not valid BCD */
bool    dw_is_bcd(uint8_t b);

/* Format frames as "MM:SS:FF" into buf (at least 10 bytes).  Minutes may
 * exceed 99 (printed with as many digits as needed). Returns buf. */
char *dw_frames_to_string(int32_t frames, char *buf, size_t size);
/* Parse "MM:SS:FF" (or a plain frame count when allow_plain is true).
 * Returns false on malformed text or out-of-range seconds/frames. */
bool  dw_string_to_frames(const char *text, bool allow_plain, int32_t *frames);

#endif
