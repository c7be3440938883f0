/* mmc.h: the MMC pass-through the rip/ files share (private to rip/).
 * Commands go through libcdio's mmc_run_cmd(); a failed command's sense
 * data is decoded into a dw_mmc_sense so callers can tell "no medium",
 * "unreadable sector" (03/11), "illegal LBA" (05/21) and "not supported"
 * (05/20, 05/24, 05/64) apart, and where a read failed (the information
 * field).  Buffers are the caller's. */
#ifndef DW_RIP_MMC_H
#define DW_RIP_MMC_H

#include <cdio/cdio.h>
#include <stdbool.h>
#include <stdint.h>

#define DW_MMC_TIMEOUT_MS 20000

typedef struct {
    uint8_t key, asc, ascq;
    bool info_valid;
    int32_t info;                /* LBA of the failing sector when info_valid */
} dw_mmc_sense;

/* Run a 12-byte CDB that reads len bytes into buf (zeroed first).  On
 * failure returns false and fills *sense (when not NULL). */
bool dw_mmc_read(CdIo_t *cdio, const uint8_t cdb[12], void *buf, unsigned len, dw_mmc_sense *sense);
/* The sense of the last command (zeros when there is none). */
void dw_mmc_last_sense(CdIo_t *cdio, dw_mmc_sense *sense);
/* Big-endian helpers for CDBs and replies. */
static inline void dw_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
static inline uint32_t dw_get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint16_t dw_get_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

#endif
