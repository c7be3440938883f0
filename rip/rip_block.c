/* rip_block.c: how many sectors one read command asks for.  Every
 * command costs the drive a fixed latency (about 2 ms), so a rip reads
 * in transfers as large as the path to the drive takes.  On Linux libcdio
 * sends READ CD through CDROM_SEND_PACKET, which the kernel runs as SG_IO
 * on the device's request queue: a transfer longer than the queue's
 * max_hw_sectors_kb fails with EIO before it reaches the drive, and one
 * needing more scatter-gather segments than max_segments (one 4 KiB page
 * each at worst) fails too.  The limits are read from
 * /sys/dev/block/MAJ:MIN/queue/ of the device (its st_rdev); the smaller of
 * max_hw_sectors_kb and max_sectors_kb (what the kernel's own reads use)
 * and the segment bound is taken, capped at DW_RIP_MAX_TRANSFER.  When the
 * limit cannot be read (not Linux, not a block device, no sysfs) 64 KiB is
 * used: what every host adapter and USB bridge takes.  A CD sector costs
 * 2352 + 294 (C2) + 96 (P-W) bytes at the richest read mode.  `--block N`
 * overrides all of it.  A transfer the system still refuses is halved in
 * dw_rip_read (rip_read.c). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/sysmacros.h>
#endif

#include "rip/rip_private.h"

/* Larger transfers gain little (the command latency is already under 1 %
 * of a 256 KiB transfer at 8x) and make a failed read cost more. */
#define DW_RIP_MAX_TRANSFER (256u * 1024u)
/* Every SCSI host adapter and USB mass-storage bridge takes this. */
#define DW_RIP_SAFE_TRANSFER (64u * 1024u)

#ifdef __linux__
/* A decimal value from a sysfs file; false when absent or malformed. */
static bool sysfs_ulong(unsigned maj, unsigned min, const char *name, unsigned long *out)
{
    g_autofree char *path = g_strdup_printf("/sys/dev/block/%u:%u/queue/%s", maj, min, name);
    g_autofree char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &text, &len, NULL) || len == 0 || len > 32)
        return false;
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || end == text || v == 0 || (*end && *end != '\n'))
        return false;
    *out = v;
    return true;
}
#endif

/* The transfer limit of the device at path in bytes, with how it was
 * found in why; 0 when unknown. */
static size_t device_limit(const char *path, char *why, size_t why_len)
{
#ifdef __linux__
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISBLK(st.st_mode)) {
        g_snprintf(why, why_len, "%s is not a block device", path);
        return 0;
    }
    unsigned maj = major(st.st_rdev), min = minor(st.st_rdev);
    unsigned long hw_kb = 0, kb = 0, segs = 0;
    if (!sysfs_ulong(maj, min, "max_hw_sectors_kb", &hw_kb)) {
        g_snprintf(why, why_len, "no /sys/dev/block/%u:%u/queue/max_hw_sectors_kb", maj, min);
        return 0;
    }
    size_t limit = hw_kb > SIZE_MAX / 2048 ? SIZE_MAX / 2 : (size_t)hw_kb * 1024;
    GString *w = g_string_new(NULL);
    g_string_append_printf(w, "max_hw_sectors_kb %lu", hw_kb);
    if (sysfs_ulong(maj, min, "max_sectors_kb", &kb)) {
        g_string_append_printf(w, ", max_sectors_kb %lu", kb);
        if (kb <= SIZE_MAX / 2048 && (size_t)kb * 1024 < limit)
            limit = (size_t)kb * 1024;
    }
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    if (sysfs_ulong(maj, min, "max_segments", &segs)) {
        g_string_append_printf(w, ", max_segments %lu", segs);
        /* One page a segment at worst, one more for an unaligned buffer. */
        size_t by_segs = segs > 1 && segs - 1 <= SIZE_MAX / (size_t)page ? (segs - 1) * (size_t)page : (size_t)page;
        if (by_segs < limit)
            limit = by_segs;
    }
    g_snprintf(why, why_len, "/sys/dev/block/%u:%u/queue: %s", maj, min, w->str);
    g_string_free(w, TRUE);
    return limit;
#else
    (void)path;
    g_snprintf(why, why_len, "no way to ask this system");
    return 0;
#endif
}

void dw_rip_block_choose(dw_rip_ctx *c)
{
    /* The richest read mode's bytes: later fallbacks need fewer. */
    unsigned per = c->cd ? DW_RAW + DW_C2 + DW_SUB : 2048;
    char why[256] = "";
    if (c->opt->block > 0) {
        c->block = c->opt->block;
        c->transfer_limit = 0;
        g_snprintf(c->block_why, sizeof c->block_why, "--block %d", c->opt->block);
    } else if (c->image) {
        c->transfer_limit = 0;
        c->block = (int)(DW_RIP_MAX_TRANSFER / per);
        g_snprintf(c->block_why, sizeof c->block_why, "an image: no transfer limit, %u KiB a read",
                   DW_RIP_MAX_TRANSFER / 1024);
    } else {
        size_t limit = device_limit(c->opt->source, why, sizeof why);
        c->transfer_limit = limit;
        if (limit == 0) {
            c->block = (int)(DW_RIP_SAFE_TRANSFER / per);
            g_snprintf(c->block_why, sizeof c->block_why,
                       "the drive's transfer limit is unknown (%s): %u KiB, which every adapter takes", why,
                       DW_RIP_SAFE_TRANSFER / 1024);
        } else {
            size_t use = MIN(limit, (size_t)DW_RIP_MAX_TRANSFER);
            c->block = (int)MAX(use / per, 1u);
            g_snprintf(c->block_why, sizeof c->block_why, "transfers up to %zu KiB (%s)%s", limit / 1024, why,
                       limit > DW_RIP_MAX_TRANSFER ? ", used up to 256 KiB" : "");
        }
    }
    dw_rip_log(c, DW_LOG_INFO, "reading %d sectors per command (%u bytes a sector): %s", c->block, per,
               c->block_why);
}
