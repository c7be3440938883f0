/* sector.c: building and checking whole raw CD sectors of every data
 * mode: sync pattern, BCD header, Mode 2 subheader, EDC and ECC.  Offsets
 * are those of ECMA-130 (see ../shared/DESIGN.md section 4). */
#include "config.h"

#include <string.h>

#include "discwright/msf.h"
#include "discwright/sector.h"

const uint8_t dw_sector_sync[12] = { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                     0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 };

#define SUBMODE_FORM2 0x20

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_sync_header(uint8_t *s, int32_t lba, uint8_t mode)
{
    dw_msf msf = dw_lba_to_msf(lba);
    memcpy(s, dw_sector_sync, 12);
    s[12] = dw_to_bcd(msf.m);
    s[13] = dw_to_bcd(msf.s);
    s[14] = dw_to_bcd(msf.f);
    s[15] = mode;
}

void dw_sector_encode_mode0(uint8_t sector[2352], int32_t lba)
{
    put_sync_header(sector, lba, 0);
    memset(sector + 16, 0, 2336);
}

void dw_sector_encode_mode1(uint8_t sector[2352], int32_t lba)
{
    put_sync_header(sector, lba, 1);
    put_le32(sector + 2064, dw_edc(sector, 2064));
    memset(sector + 2068, 0, 8);
    dw_ecc_generate(sector, false);
}

void dw_sector_encode_mode2(uint8_t sector[2352], int32_t lba)
{
    put_sync_header(sector, lba, 2);
}

void dw_sector_encode_mode2_form1(uint8_t sector[2352], int32_t lba)
{
    put_sync_header(sector, lba, 2);
    put_le32(sector + 2072, dw_edc(sector + 16, 2056));
    dw_ecc_generate(sector, true);
}

void dw_sector_encode_mode2_form2(uint8_t sector[2352], int32_t lba, bool form2_edc)
{
    put_sync_header(sector, lba, 2);
    put_le32(sector + 2348, form2_edc ? dw_edc(sector + 16, 2332) : 0);
}

void dw_sector_verify(const uint8_t s[2352], int32_t expected_lba, dw_sector_check *out)
{
    memset(out, 0, sizeof *out);
    out->header_lba = INT32_MIN;
    out->sync_ok = memcmp(s, dw_sector_sync, 12) == 0;

    bool bcd_ok = dw_is_bcd(s[12]) && dw_is_bcd(s[13]) && dw_is_bcd(s[14]);
    if (bcd_ok) {
        dw_msf msf = { dw_from_bcd(s[12]), dw_from_bcd(s[13]), dw_from_bcd(s[14]) };
        if (msf.s < 60 && msf.f < 75)
            out->header_lba = dw_msf_to_lba(msf);
    }
    out->header_ok = out->header_lba != INT32_MIN &&
                     (expected_lba == DW_LBA_ANY || out->header_lba == expected_lba);
    uint8_t mode = s[15];
    /* A recorder marks link, run-in and run-out blocks in the mode byte's
     * top three bits; the rest of the byte is the mode as ever. */
    if ((mode & 0x1C) == 0 && (mode & 0x03) != 0 && (mode >> 5) != 0) {
        out->block_type = mode >> 5;
        mode &= 0x03;
    }
    out->mode_ok = mode <= 2;
    out->subheader_ok = true;
    out->edc_ok = true;
    out->ecc_ok = true;

    switch (mode) {
    case 0:
        out->mode = DW_SECTOR_MODE0;
        for (size_t i = 16; i < 2352; i++)
            if (s[i]) {
                out->edc_ok = false; /* Mode 0 user data must be zero */
                break;
            }
        break;
    case 1:
        out->mode = DW_SECTOR_MODE1;
        out->edc_ok = get_le32(s + 2064) == dw_edc(s, 2064);
        out->ecc_ok = dw_ecc_check(s, false);
        for (size_t i = 2068; i < 2076; i++)
            if (s[i])
                out->edc_ok = false; /* the reserved zero bytes are part of the check */
        break;
    case 2:
        out->subheader_ok = memcmp(s + 16, s + 20, 4) == 0;
        if (s[18] & SUBMODE_FORM2) {
            out->mode = DW_SECTOR_MODE2_FORM2;
            uint32_t stored = get_le32(s + 2348);
            out->edc_ok = stored == 0 || stored == dw_edc(s + 16, 2332);
        } else {
            out->mode = DW_SECTOR_MODE2_FORM1;
            out->edc_ok = get_le32(s + 2072) == dw_edc(s + 16, 2056);
            out->ecc_ok = dw_ecc_check(s, true);
        }
        break;
    default:
        out->mode = DW_SECTOR_MODE0;
        out->edc_ok = out->ecc_ok = false;
        break;
    }
    out->ok = out->sync_ok && out->header_ok && out->mode_ok && out->subheader_ok &&
              out->edc_ok && out->ecc_ok;
}

size_t dw_sector_user_offset(dw_sector_mode mode)
{
    switch (mode) {
    case DW_SECTOR_MODE2_FORM1:
    case DW_SECTOR_MODE2_FORM2:
        return 24;
    case DW_SECTOR_AUDIO:
        return 0;
    default:
        return 16;
    }
}

size_t dw_sector_user_size(dw_sector_mode mode)
{
    switch (mode) {
    case DW_SECTOR_MODE1:
    case DW_SECTOR_MODE2_FORM1:
        return 2048;
    case DW_SECTOR_MODE2_FORM2:
        return 2324;
    case DW_SECTOR_MODE0:
    case DW_SECTOR_MODE2:
        return 2336;
    case DW_SECTOR_AUDIO:
        return 2352;
    }
    return 0;
}
