/* write.c: one data track (an ISO image or any 2048-byte-block stream)
 * onto a medium through libburn.  Before anything is written: the medium
 * must be present and writable, an image made for a later LBA
 * (mkisofs -C msc1,nwa) must match the next writable address, and the
 * image must fit the free space.  On overwritable media (stdio files,
 * DVD+RW, BD-RE) an appended session is written at its LBA and its first
 * 64 KiB then become the medium's superblock (growing, as growisofs and
 * xorriso do).  Data passes through libburn's FIFO; stdio files are
 * fsync'ed at the end only unless asked otherwise. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "burn/burn_private.h"
#include "burn/source_private.h"

typedef struct {
    int64_t start;               /* LBA to write at (overwritable), 0 otherwise */
    gboolean grow;               /* rewrite the superblock afterwards */
    gboolean appended;
    int32_t nwa;                 /* the medium's next writable address, -1 unknown */
    gboolean overwritable;       /* stays appendable by growing: no libburn multisession */
} plan;

static gboolean plan_address(dw_burn_drive *drive, dw_burn_source *src, const dw_burn_options *o,
                             const dw_media_info *mi, plan *p, GError **error)
{
    memset(p, 0, sizeof *p);
    p->nwa = mi->nwa;
    p->overwritable = mi->overwritable;
    int64_t intended = src && dw_burn_source_path(src) ? dw_burn_iso_intended_start(src) : o->session_lba;
    const char *addr = drive->address;
    switch (mi->status) {
    case DW_MEDIA_NONE:
        g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM, "%s: no medium in the drive", addr);
        return FALSE;
    case DW_MEDIA_CLOSED:
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: the medium (%s) is closed%s", addr,
                    mi->profile_name, mi->erasable ? "; blank it first (discwright blank)"
                                                   : " and takes no more data: use a blank or appendable one");
        return FALSE;
    case DW_MEDIA_UNSUITABLE:
    case DW_MEDIA_UNKNOWN:
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: the medium (%s) is not writable by this drive",
                    addr, mi->profile_name[0] ? mi->profile_name : "unknown");
        return FALSE;
    default: break;
    }
    if (drive->role == 4) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: the target is read-only", addr);
        return FALSE;
    }
    if (mi->overwritable) {
        if (intended > 0) {
            if (!mi->iso_blocks) {
                g_set_error(error, DW_ERROR, DW_ERROR_NOT_APPENDABLE,
                            "%s: the image continues a session at LBA %" G_GINT64_FORMAT
                            " but the medium holds no ISO to append to", addr, intended);
                return FALSE;
            }
            if (intended < (int64_t)mi->iso_blocks) {
                g_set_error(error, DW_ERROR, DW_ERROR_NOT_APPENDABLE,
                            "%s: the image was made to start at LBA %" G_GINT64_FORMAT
                            ", inside the medium's existing %u blocks; make it with -C %d,%d", addr, intended,
                            mi->iso_blocks, mi->msc1, mi->nwa);
                return FALSE;
            }
            p->start = intended;
            p->grow = TRUE;
            p->appended = TRUE;
        } else if (mi->iso_blocks && drive->role == 2 && !o->force) {
            g_set_error(error, DW_ERROR, DW_ERROR_EXISTS,
                        "%s: already holds an ISO of %u blocks; --force overwrites it, or build a session to "
                        "append with -C %d,%d", addr, mi->iso_blocks, mi->msc1, mi->nwa);
            return FALSE;
        }
        return TRUE;
    }
    if (mi->status == DW_MEDIA_APPENDABLE) {
        if (intended >= 0 && intended != mi->nwa) {
            g_set_error(error, DW_ERROR, DW_ERROR_NOT_APPENDABLE,
                        "%s: the image was made to start at LBA %" G_GINT64_FORMAT
                        " but the next session starts at LBA %d; make it with -C %d,%d", addr, intended, mi->nwa,
                        mi->msc1, mi->nwa);
            return FALSE;
        }
        p->appended = TRUE;
    } else if (intended > 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_APPENDABLE,
                    "%s: the medium is blank but the image continues a session at LBA %" G_GINT64_FORMAT, addr,
                    intended);
        return FALSE;
    }
    if (drive->role == 3 && o->multi) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_APPENDABLE,
                    "%s: a sequential file target takes one session only (no --multi)", addr);
        return FALSE;
    }
    return TRUE;
}

static gboolean set_write_type(struct burn_write_opts *wo, struct burn_disc *disc, dw_burn_mode mode,
                               const char *addr, GError **error)
{
    char *reasons = g_malloc0(BURN_REASONS_LEN);
    gboolean ok = TRUE;
    if (mode == DW_BURN_MODE_TAO)
        ok = burn_write_opts_set_write_type(wo, BURN_WRITE_TAO, BURN_BLOCK_MODE1) == 1;
    else if (mode == DW_BURN_MODE_SAO)
        ok = burn_write_opts_set_write_type(wo, BURN_WRITE_SAO, BURN_BLOCK_SAO) == 1;
    if (ok && mode != DW_BURN_MODE_AUTO)
        ok = burn_write_opts_auto_write_type(wo, disc, reasons, 1) != BURN_WRITE_NONE;
    else if (ok)
        ok = burn_write_opts_auto_write_type(wo, disc, reasons, 2) != BURN_WRITE_NONE;
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: cannot write %s here: %s", addr,
                    mode == DW_BURN_MODE_TAO ? "TAO" : mode == DW_BURN_MODE_SAO ? "SAO" : "this session",
                    g_strstrip(reasons));
    g_free(reasons);
    return ok;
}

/* The new session's volume descriptors may count only the session's own
 * blocks (libisofs does); at LBA 0 they must cover the whole grown ISO. */
static void fix_volume_sizes(guint8 *sb, uint64_t end)
{
    for (int blk = 16; blk < DW_BURN_SUPERBLOCK_BLOCKS; blk++) {
        guint8 *d = sb + blk * DW_BURN_BLOCK;
        if (memcmp(d + 1, "CD001", 5) != 0 || d[0] == 255)
            break;
        if (d[0] != 1 && d[0] != 2)
            continue;
        uint32_t v = (uint32_t)d[80] | (uint32_t)d[81] << 8 | (uint32_t)d[82] << 16 | (uint32_t)d[83] << 24;
        if (v >= end)
            continue;
        uint32_t e = (uint32_t)end;
        for (int i = 0; i < 4; i++) {
            d[80 + i] = (guint8)(e >> (8 * i));
            d[87 - i] = (guint8)(e >> (8 * i));
        }
    }
}

static gboolean write_superblock(dw_burn_drive *drive, dw_burn_source *src, int64_t start, GError **error)
{
    guint8 *sb = g_malloc(DW_BURN_SUPERBLOCK);
    gboolean ok = dw_burn_source_head(src, sb);
    if (ok)
        fix_volume_sizes(sb, (uint64_t)start + dw_burn_source_blocks(src));
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: session shorter than 64 KiB, superblock not updated",
                    drive->address);
    if (ok && burn_random_access_write(drive->d, 0, (char *)sb, DW_BURN_SUPERBLOCK, 1) <= 0) {
        g_autofree char *last = NULL;
        dw_burn_drain_messages(NULL, &last);
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: writing the new superblock failed: %s", drive->address,
                    last ? last : "unknown error");
        ok = FALSE;
    }
    g_free(sb);
    return ok;
}

gboolean dw_burn_write(dw_burn_drive *drive, dw_burn_source *src, const dw_burn_options *o, dw_job *job,
                       dw_burn_result *result, GError **error)
{
    dw_burn_result dummy;
    if (!result)
        result = &dummy;
    memset(result, 0, sizeof *result);
    result->fifo_min_fill = -1;
    dw_media_info mi;
    if (!dw_burn_media_info(drive, &mi, error))
        return FALSE;
    if (mi.unformatted && (mi.profile == 0x43 || mi.profile == 0x12) && !o->simulate) {
        /* BD-RE and DVD-RAM take no data before their first format
         * (DVD+RW is formatted by libburn as it writes). */
        if (job)
            dw_job_log(job, DW_LOG_INFO, "%s: the %s was never formatted; formatting it first", drive->address,
                       mi.profile_name);
        dw_media_info_clear(&mi);
        if (!dw_burn_format(drive, 0, FALSE, job, error) || !dw_burn_media_info(drive, &mi, error))
            return FALSE;
    }
    if (mi.damaged) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE,
                    "%s: the medium (%s) holds a track left incomplete by a failed write; nothing more can be written "
                    "to it%s", drive->address, mi.profile_name,
                    mi.erasable ? " until it is blanked (discwright blank)" : ": use a new one");
        dw_media_info_clear(&mi);
        return FALSE;
    }
    plan p;
    gboolean ok = plan_address(drive, src, o, &mi, &p, error);
    dw_media_info_clear(&mi);
    if (!ok)
        return FALSE;

    struct burn_write_opts *wo = burn_write_opts_new(drive->d);
    if (!wo) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: cannot create write options", drive->address);
        return FALSE;
    }
    burn_write_opts_set_simulate(wo, o->simulate ? 1 : 0);
    burn_write_opts_set_multi(wo, o->multi && !p.overwritable ? 1 : 0);
    burn_write_opts_set_underrun_proof(wo, 1);
    burn_write_opts_set_perform_opc(wo, 0);
    burn_write_opts_set_stdio_fsync(wo, o->stdio_fsync > 0 ? MAX(o->stdio_fsync, 32) : 1);
    /* 64 KiB a WRITE on DVD (libburn's default is 32 KiB; BD is 64 KiB
     * already): half the commands, so a drive at 16x is not starved by
     * per-command latency. */
    if (drive->role == 1)
        burn_write_opts_set_dvd_obs(wo, 64 * 1024);
    if (p.start > 0)
        burn_write_opts_set_start_byte(wo, (off_t)p.start * DW_BURN_BLOCK);
    burn_drive_set_speed(drive->d, 0, o->speed_kbs > 0 ? o->speed_kbs : 0);

    uint64_t blocks = dw_burn_source_blocks(src);
    off_t space = burn_disc_available_space(drive->d, wo);
    if (space >= 0 && (uint64_t)space < blocks * DW_BURN_BLOCK) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_SPACE,
                    "%s: medium too small: the image needs %" G_GUINT64_FORMAT " blocks (%.1f MiB), %" G_GINT64_FORMAT
                    " blocks (%.1f MiB) are free; nothing was written: use a larger medium", drive->address, blocks,
                    blocks / 512.0,
                    (gint64)(space / DW_BURN_BLOCK), (double)space / 1048576.0);
        burn_write_opts_free(wo);
        return FALSE;
    }

    dw_burn_source_start(src, o->verify && !dw_burn_source_path(src));
    struct burn_source *inp = dw_burn_source_to_libburn(src);
    int mib = o->fifo_mib > 0 ? o->fifo_mib : 16;
    struct burn_source *fifo = inp ? burn_fifo_source_new(inp, DW_BURN_BLOCK, mib * 512, 1) : NULL;
    struct burn_disc *disc = burn_disc_create();
    struct burn_session *session = burn_session_create();
    struct burn_track *track = burn_track_create();
    ok = inp && fifo && disc && session && track;
    if (ok) {
        burn_track_define_data(track, 0, 0, 1, BURN_MODE1);
        ok = burn_track_set_source(track, fifo) == BURN_SOURCE_OK && burn_session_add_track(session, track, BURN_POS_END) &&
             burn_disc_add_session(disc, session, BURN_POS_END);
    }
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: cannot set up the libburn track", drive->address);
    ok = ok && set_write_type(wo, disc, o->mode, drive->address, error);
    if (ok) {
        char *reasons = g_malloc0(BURN_REASONS_LEN);
        if (burn_precheck_write(wo, disc, reasons, 1) <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: libburn refuses this write: %s",
                        drive->address, g_strstrip(reasons));
            ok = FALSE;
        }
        g_free(reasons);
    }
    if (ok) {
        if (job) {
            dw_job_begin_phase(job, o->simulate ? "simulating" : "writing", blocks, "sectors");
            dw_job_log(job, DW_LOG_INFO, "%s %" G_GUINT64_FORMAT " blocks of %s to %s at LBA %" G_GINT64_FORMAT "%s",
                       o->simulate ? "simulating" : "writing", blocks, dw_burn_source_name(src), drive->address,
                       p.appended && !p.grow && p.nwa >= 0 ? (int64_t)p.nwa : p.start,
                       o->multi ? " (multisession)" : "");
        }
        gint64 t0 = g_get_monotonic_time();
        dw_burn_failure fail;
        dw_burn_failure_begin(&fail);
        dw_burn_signals_begin(job);
        burn_disc_write(wo, disc);
        dw_burn_poll_result pr;
        dw_burn_poll(drive, fifo, job, TRUE, &pr);
        dw_burn_source_stop(src);
        dw_burn_signals_end();
        result->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
        result->fifo_min_fill = pr.fifo_min_fill;
        g_autofree char *last = NULL;
        dw_burn_drain_messages(job, &last);
        dw_burn_failure_end();
        GError *src_err = NULL;
        gboolean src_ok = dw_burn_source_take_error(src, &src_err);
        if (pr.cancelled) {
            uint64_t written = 0;
            if (job) {
                dw_progress snap;
                dw_job_snapshot(job, &snap);
                written = snap.done;
            }
            g_set_error(error, DW_ERROR, DW_ERROR_CANCELLED, "%s: cancelled after writing %" G_GUINT64_FORMAT " of %"
                        G_GUINT64_FORMAT " blocks; the medium does not hold the whole image", drive->address, written,
                        blocks);
            g_clear_error(&src_err);
            ok = FALSE;
        } else if (!src_ok) {
            g_propagate_error(error, src_err);
            ok = FALSE;
        } else if (!burn_drive_wrote_well(drive->d)) {
            dw_burn_failed(drive, &fail, "the write", last, error);
            ok = FALSE;
        }
    }
    if (ok) {
        result->start_lba = (int32_t)p.start;
        result->blocks = blocks;
        result->appended = p.appended;
        if (result->seconds > 0)
            result->bytes_per_sec = (double)blocks * DW_BURN_BLOCK / result->seconds;
        if (p.grow && !o->simulate) {
            ok = write_superblock(drive, src, p.start, error);
            result->superblock_updated = ok;
        }
        if (p.appended && !p.grow && p.nwa >= 0)
            result->start_lba = p.nwa;
    }
    /* Free libburn's side first: freeing the FIFO stops its reader thread,
     * which after a cancel may still be pulling from src (and feeding
     * src's hash). */
    if (track)
        burn_track_free(track);
    if (session)
        burn_session_free(session);
    if (disc)
        burn_disc_free(disc);
    if (fifo)
        burn_source_free(fifo);
    if (inp)
        burn_source_free(inp);
    burn_write_opts_free(wo);
    char hex[65];
    gboolean hashed = dw_burn_source_sha256(src, hex);
    if (hashed)
        memcpy(result->sha256_hex, hex, sizeof hex);
    if (job && ok)
        dw_job_finish(job);
    if (ok && o->verify && !o->simulate) {
        if (job)
            dw_job_log(job, DW_LOG_INFO, "verifying %" G_GUINT64_FORMAT " blocks at LBA %d", blocks, result->start_lba);
        burn_drive_re_assess(drive->d, 0);
        if (dw_burn_source_path(src))
            ok = dw_burn_verify_file(drive, dw_burn_source_path(src), result->start_lba, job, NULL, error);
        else
            ok = dw_burn_verify_sha256(drive, result->start_lba, dw_burn_source_bytes(src), hashed ? hex : NULL, job,
                                       error);
        result->verified = ok;
    }
    return ok;
}
