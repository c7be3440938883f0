/* mmc.c: running read commands through libcdio's MMC pass-through and
 * decoding the sense data of failures (fixed-format sense, 18 bytes). */
#include "config.h"

#include <cdio/mmc.h>
#include <cdio/mmc_ll_cmds.h>
#include <stdlib.h>
#include <string.h>

#include "rip/mmc.h"

void dw_mmc_last_sense(CdIo_t *cdio, dw_mmc_sense *sense)
{
    cdio_mmc_request_sense_t *raw = NULL;
    int n = mmc_last_cmd_sense(cdio, &raw);
    memset(sense, 0, sizeof *sense);
    if (n >= 14 && raw) {
        const uint8_t *s = (const uint8_t *)raw;
        sense->key = s[2] & 0x0F;
        sense->asc = s[12];
        sense->ascq = s[13];
        sense->info_valid = (s[0] & 0x80) != 0;
        sense->info = (int32_t)dw_get_be32(s + 3);
    }
    free(raw);
}

bool dw_mmc_read(CdIo_t *cdio, const uint8_t cdb12[12], void *buf, unsigned len, dw_mmc_sense *sense)
{
    mmc_cdb_t cdb;
    memset(&cdb, 0, sizeof cdb);
    memcpy(cdb.field, cdb12, 12);
    if (len)
        memset(buf, 0, len);
    bool ok = mmc_run_cmd(cdio, DW_MMC_TIMEOUT_MS, &cdb, SCSI_MMC_DATA_READ, len, buf) == DRIVER_OP_SUCCESS;
    if (sense) {
        if (ok)
            memset(sense, 0, sizeof *sense);
        else
            dw_mmc_last_sense(cdio, sense);
    }
    return ok;
}
