/* sector.h: raw 2352-byte CD sector math: sync, header, EDC (CRC-32 of
 * ECMA-130), ECC (RSPC P and Q parity over GF(2^8)), the ECMA-130
 * scrambler, and building/checking whole sectors of every data mode.
 * Pure functions over caller-owned buffers; tables are built once,
 * thread-safely.  Layout facts: ../shared/DESIGN.md section 4.
 */
#ifndef DISCWRIGHT_SECTOR_H
#define DISCWRIGHT_SECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern const uint8_t dw_sector_sync[12];

typedef enum {
    DW_SECTOR_MODE0 = 0,
    DW_SECTOR_MODE1 = 1,
    DW_SECTOR_MODE2 = 2,             /* formless Mode 2 (2336 bytes of data) */
    DW_SECTOR_MODE2_FORM1 = 3,
    DW_SECTOR_MODE2_FORM2 = 4,
    DW_SECTOR_AUDIO = 5              /* not a data sector at all */
} dw_sector_mode;

/* EDC over len bytes (CRC-32, reflected poly 0xD8018001, init 0). */
uint32_t dw_edc(const uint8_t *data, size_t len);
uint32_t dw_edc_update(uint32_t edc, const uint8_t *data, size_t len);

/* Compute and store P and Q parity for a sector whose bytes 12..2075
 * (header + data + EDC + zero/subheader fields) are already in place.
 * For Mode 2 Form 1 pass mode2 = true: the header is taken as zero. */
void dw_ecc_generate(uint8_t sector[2352], bool mode2);
/* True when the stored P and Q parity match the sector contents. */
bool dw_ecc_check(const uint8_t sector[2352], bool mode2);

/* Build a complete sector in place.  The caller has put the user data at
 * its offset (Mode 1: 16..2063; Mode 2 Form 1: 24..2071; Form 2:
 * 24..2347; formless Mode 2: 16..2351) and, for Mode 2, the 8-byte
 * subheader at 16..23.  These write sync, header (BCD MSF of lba + mode),
 * EDC and ECC as the mode requires.  Form 2 with form2_edc = false
 * stores EDC 0 (PlayStation-style discs store a real EDC). */
void dw_sector_encode_mode0(uint8_t sector[2352], int32_t lba);
void dw_sector_encode_mode1(uint8_t sector[2352], int32_t lba);
void dw_sector_encode_mode2(uint8_t sector[2352], int32_t lba);
void dw_sector_encode_mode2_form1(uint8_t sector[2352], int32_t lba);
void dw_sector_encode_mode2_form2(uint8_t sector[2352], int32_t lba, bool form2_edc);

/* What a check found.  ok is true only when everything applicable holds. */
typedef struct {
    bool ok;
    bool sync_ok;
    bool header_ok;                  /* MSF decodes and equals expected_lba (unless DW_LBA_ANY) */
    bool mode_ok;                    /* mode byte is 0, 1 or 2 */
    bool subheader_ok;               /* Mode 2: the two subheader copies agree */
    bool edc_ok;                     /* or not applicable / Form 2 EDC == 0 */
    bool ecc_ok;                     /* or not applicable (Form 2) */
    dw_sector_mode mode;             /* as decoded from header and subheader */
    int32_t header_lba;              /* LBA the header claims, or INT32_MIN */
    int block_type;                  /* mode byte bits 7-5 (CD-R/RW Orange Book): 0 user data, 1-4 run-in
                                        4..1, 5 link, 6 and 7 run-out 2 and 1 (a recorder writes these
                                        around track-at-once tracks); see DW_BLOCK_* */
} dw_sector_check;

/* Block types of a recorded CD (the mode byte's upper three bits). */
enum { DW_BLOCK_DATA = 0, DW_BLOCK_RUNIN4 = 1, DW_BLOCK_RUNIN1 = 4, DW_BLOCK_LINK = 5, DW_BLOCK_RUNOUT2 = 6,
       DW_BLOCK_RUNOUT1 = 7 };

/* Check a raw (unscrambled) sector.  expected_lba == DW_LBA_ANY disables
 * the position check. */
#define DW_LBA_ANY INT32_MIN
void dw_sector_verify(const uint8_t sector[2352], int32_t expected_lba, dw_sector_check *out);

/* The ECMA-130 scrambler: XOR bytes 12..2351 with the LFSR table.  It is
 * its own inverse. */
void dw_scramble(uint8_t sector[2352]);
/* The 2340-byte table itself (starts 01 80 00 60 00 28 00 1E). */
const uint8_t *dw_scramble_table(void);

/* Where user data sits and how long it is for a mode (Mode 2 forms: 24). */
size_t dw_sector_user_offset(dw_sector_mode mode);
size_t dw_sector_user_size(dw_sector_mode mode);

#endif
