/* blank_format.c: making a medium writable again.  CD-RW and DVD-RW are
 * blanked by the drive (burn_disc_erase: fast = TOC and headers only).
 * Overwritable media and stdio files have nothing to erase: like xorriso,
 * the ISO superblock (first 64 KiB) is zeroed so the medium reads as
 * blank (fast), or the whole ISO area is (full).  Formatting turns
 * DVD-RW into restricted overwrite, de-ices DVD+RW, formats BD-RE and
 * DVD-RAM (burn_disc_format). */
#include "config.h"

#include <string.h>

#include "burn/burn_private.h"

#define ZERO_CHUNK (32 * DW_BURN_BLOCK)

static gboolean zero_area(dw_burn_drive *drive, uint64_t blocks, dw_job *job, GError **error)
{
    guint8 *z = g_malloc0(ZERO_CHUNK);
    gboolean ok = TRUE;
    if (job)
        dw_job_begin_phase(job, "blanking", blocks, "sectors");
    for (uint64_t b = 0; b < blocks; b += ZERO_CHUNK / DW_BURN_BLOCK) {
        if (job && !dw_job_check_cancel(job, error)) {
            ok = FALSE;
            break;
        }
        uint64_t n = MIN((uint64_t)(ZERO_CHUNK / DW_BURN_BLOCK), blocks - b);
        if (burn_random_access_write(drive->d, (off_t)(b * DW_BURN_BLOCK), (char *)z, (off_t)(n * DW_BURN_BLOCK),
                                     b + n >= blocks) <= 0) {
            g_autofree char *last = NULL;
            dw_burn_drain_messages(job, &last);
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: blanking failed at LBA %" G_GUINT64_FORMAT ": %s",
                        drive->address, b, last ? last : "write error");
            ok = FALSE;
            break;
        }
        if (job)
            dw_job_advance(job, n, n * DW_BURN_BLOCK);
    }
    g_free(z);
    return ok;
}

static gboolean wait_idle(dw_burn_drive *drive, dw_job *job, const char *what, GError **error)
{
    dw_burn_poll_result pr;
    dw_burn_failure fail;
    dw_burn_failure_begin(&fail);
    dw_burn_signals_begin(job);
    dw_burn_poll(drive, NULL, job, FALSE, &pr);
    dw_burn_signals_end();
    g_autofree char *last = NULL;
    dw_burn_drain_messages(job, &last);
    dw_burn_failure_end();
    if (pr.cancelled) {
        g_set_error(error, DW_ERROR, DW_ERROR_CANCELLED, "%s: %s cancelled", drive->address, what);
        return FALSE;
    }
    if (!burn_drive_wrote_well(drive->d)) {
        dw_burn_failed(drive, &fail, what, last, error);
        return FALSE;
    }
    return TRUE;
}

gboolean dw_burn_blank(dw_burn_drive *drive, gboolean full, dw_job *job, GError **error)
{
    dw_media_info mi;
    if (!dw_burn_media_info(drive, &mi, error))
        return FALSE;
    gboolean ok = FALSE;
    if (mi.status == DW_MEDIA_NONE) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM, "%s: no medium in the drive", drive->address);
    } else if (drive->role == 3 || drive->role == 4) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: a %s target cannot be blanked", drive->address,
                    drive->role == 3 ? "sequential" : "read-only");
    } else if (mi.overwritable) {
        if (mi.iso_blocks == 0) {
            if (job)
                dw_job_log(job, DW_LOG_INFO, "%s: already blank (no ISO at block 16)", drive->address);
            ok = TRUE;
        } else {
            uint64_t blocks = full ? mi.iso_blocks : DW_BURN_SUPERBLOCK_BLOCKS;
            ok = zero_area(drive, blocks, job, error);
        }
    } else if (mi.erasable && (mi.status == DW_MEDIA_CLOSED || mi.status == DW_MEDIA_APPENDABLE)) {
        if (job)
            dw_job_begin_phase(job, full ? "blanking (full)" : "blanking (fast)", 0x10000, "steps");
        burn_disc_erase(drive->d, full ? 0 : 1);
        ok = wait_idle(drive, job, "blanking", error);
    } else if (mi.status == DW_MEDIA_BLANK) {
        if (job)
            dw_job_log(job, DW_LOG_INFO, "%s: the medium is already blank", drive->address);
        ok = TRUE;
    } else {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: this medium (%s) cannot be blanked",
                    drive->address, mi.profile_name);
    }
    dw_media_info_clear(&mi);
    if (ok && job)
        dw_job_finish(job);
    return ok;
}

gboolean dw_burn_format(dw_burn_drive *drive, uint64_t size_bytes, gboolean force, dw_job *job, GError **error)
{
    dw_media_info mi;
    if (!dw_burn_media_info(drive, &mi, error))
        return FALSE;
    int profile = mi.profile;
    dw_media_status status = mi.status;
    g_autofree char *name = g_strdup(mi.profile_name);
    dw_media_info_clear(&mi);
    if (status == DW_MEDIA_NONE) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM, "%s: no medium in the drive", drive->address);
        return FALSE;
    }
    if (drive->role != 1) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: a stdio file needs no formatting", drive->address);
        return FALSE;
    }
    int flag = 0;
    switch (profile) {
    case 0x13: case 0x14:        /* DVD-RW: to restricted overwrite */
        flag = size_bytes ? 0 : (3 << 1);
        break;
    case 0x1a:                   /* DVD+RW: de-ice (background format) */
        flag = 0;
        break;
    case 0x12: case 0x43:        /* DVD-RAM, BD-RE */
        flag = size_bytes ? 0 : (3 << 1);
        break;
    case 0x41:                   /* BD-R: spare areas */
        flag = 0;
        break;
    default:
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: %s media cannot be formatted", drive->address,
                    name[0] ? name : "these");
        return FALSE;
    }
    if (force)
        flag |= 1 << 4;
    if (job)
        dw_job_begin_phase(job, "formatting", 0x10000, "steps");
    burn_disc_format(drive->d, (off_t)size_bytes, flag);
    gboolean ok = wait_idle(drive, job, "formatting", error);
    if (ok && job)
        dw_job_finish(job);
    return ok;
}
