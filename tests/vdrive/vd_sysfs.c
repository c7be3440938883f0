/* vd_sysfs.c: the request queue limits of the virtual drive, as Linux
 * shows them in /sys/dev/block/MAJ:MIN/queue/ and enforces them.  A
 * program opening max_hw_sectors_kb, max_sectors_kb or max_segments of
 * the claimed device (major 11, the minor vd_preload's stat reports: N of
 * /dev/srN, else 0) reads DW_VDRIVE_MAX_SECTORS_KB (default 128: libata
 * gives ATAPI devices ATA_MAX_SECTORS, 256 sectors of 512 bytes, so a
 * SATA optical drive reports 128) for both, and 167 segments (AHCI's 168
 * less the one libata keeps for ATAPI's drain buffer).  The kernel's
 * sg_io(), which runs both SG_IO and CDROM_SEND_PACKET on an sr device,
 * refuses a transfer longer than max_hw_sectors_kb with EIO before the
 * command reaches the drive, with no sense data: so does the model (the
 * command is not run, not charged, and logged as "refuse ...").
 * DW_VDRIVE_MAX_SECTORS_KB=0: no such sysfs files and no limit, as on a
 * system whose limits cannot be read. */
#include "vd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define VD_MAX_SEGMENTS 167

bool vd_sysfs_configure(vd_drive *d, char *err, size_t errlen)
{
    d->max_kb = 128;
    const char *v = getenv("DW_VDRIVE_MAX_SECTORS_KB");
    if (v && *v) {
        char *end;
        errno = 0;
        long kb = strtol(v, &end, 10);
        if (errno || *end || kb < 0 || kb > 1048576) {
            snprintf(err, errlen, "DW_VDRIVE_MAX_SECTORS_KB must be a number of KiB from 0 to 1048576");
            return false;
        }
        d->max_kb = (int)kb;
    }
    return true;
}

bool vd_sysfs_text(const vd_drive *d, const char *path, char *buf, size_t len)
{
    static const char prefix[] = "/sys/dev/block/";
    if (!path || strncmp(path, prefix, sizeof prefix - 1) != 0 || d->max_kb <= 0)
        return false;
    unsigned minor_no = 0;
    if (!strncmp(d->device, "/dev/sr", 7))
        minor_no = (unsigned)atoi(d->device + 7);   /* as vd_preload's fake stat */
    char dir[64];
    snprintf(dir, sizeof dir, "%s11:%u/queue/", prefix, minor_no);
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) != 0)
        return false;
    const char *file = path + n;
    if (!strcmp(file, "max_hw_sectors_kb") || !strcmp(file, "max_sectors_kb"))
        snprintf(buf, len, "%d\n", d->max_kb);
    else if (!strcmp(file, "max_segments"))
        snprintf(buf, len, "%d\n", VD_MAX_SEGMENTS);
    else
        return false;
    return true;
}

bool vd_sysfs_refuse(vd_drive *d, const char *how, const uint8_t *cdb, size_t cdb_len, size_t len)
{
    if (d->max_kb <= 0 || len <= (size_t)d->max_kb * 1024)
        return false;
    char hex[16 * 3 + 1] = "";
    for (size_t i = 0; i < cdb_len && i < 16; i++)
        snprintf(hex + (i ? 3 * i - 1 : 0), 4, i ? " %02X" : "%02X", cdb[i]);
    vd_drive_log(d, "refuse %s %s: %zu bytes over the queue limit of %d KiB -> EIO", how, hex, len, d->max_kb);
    return true;
}
