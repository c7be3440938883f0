/* write_cue.c: writing a session built from a cue sheet to a CD: SAO
 * (needed for pregaps, indexes and CD-TEXT), the catalogue number and
 * the CD-TEXT packs libburn generates from the session's attributes in
 * the lead-in.  Sessions that mix audio and data go TAO (libburn cannot
 * mix them in SAO), without CD-TEXT.  stdio: targets are refused before
 * anything is written: libburn does not put audio on them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "burn/burn_private.h"

gboolean dw_burn_write_cue(dw_burn_drive *drive, dw_burn_cue_session *cs, const dw_burn_options *o, dw_job *job,
                           dw_burn_result *result, GError **error)
{
    dw_burn_result dummy;
    if (!result)
        result = &dummy;
    memset(result, 0, sizeof *result);
    result->fifo_min_fill = -1;
    gboolean any_audio = FALSE, any_data = FALSE;
    uint64_t blocks = 0;
    for (size_t i = 0; i < cs->n_tracks; i++) {
        any_audio |= cs->tracks[i].audio;
        any_data |= !cs->tracks[i].audio;
        blocks += (uint64_t)cs->tracks[i].sectors + (uint64_t)cs->tracks[i].pregap_silent;
    }
    if (drive->role != 1 && any_audio) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE,
                    "%s: audio tracks, pregaps and CD-TEXT need a real CD burner; libburn refuses audio on stdio: "
                    "targets (to check the sheet, use --simulate on a CD drive)", drive->address);
        return FALSE;
    }
    dw_media_info mi;
    if (!dw_burn_media_info(drive, &mi, error))
        return FALSE;
    dw_media_status status = mi.status;
    int profile = mi.profile;
    uint64_t free_bytes = mi.free_bytes;
    dw_media_info_clear(&mi);
    if (status == DW_MEDIA_NONE) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM, "%s: no medium in the drive", drive->address);
        return FALSE;
    }
    if (drive->role == 1 && profile != 0x09 && profile != 0x0a) {
        g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: a cue sheet needs a CD-R or CD-RW (profile 0x%04x)",
                    drive->address, profile);
        return FALSE;
    }
    if (status != DW_MEDIA_BLANK && !(status == DW_MEDIA_APPENDABLE && any_data && !any_audio)) {
        g_set_error(error, DW_ERROR, status == DW_MEDIA_APPENDABLE ? DW_ERROR_NOT_APPENDABLE : DW_ERROR_NOT_WRITABLE,
                    "%s: the CD is %s; an audio session needs a blank CD (insert a blank CD-R, or blank a CD-RW with "
                    "discwright blank)", drive->address, dw_media_status_name(status));
        return FALSE;
    }
    if (free_bytes / DW_BURN_BLOCK < blocks) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_SPACE, "%s: medium too small: %" G_GUINT64_FORMAT " sectors needed, %"
                    G_GUINT64_FORMAT " free; nothing was written: use a longer CD (80 minutes hold 359,849 sectors)",
                    drive->address, blocks, free_bytes / DW_BURN_BLOCK);
        return FALSE;
    }
    gboolean sao = !(any_audio && any_data) && o->mode != DW_BURN_MODE_TAO;
    if (!sao && !dw_burn_cue_session_for_tao(cs, job, error))
        return FALSE;
    struct burn_write_opts *wo = burn_write_opts_new(drive->d);
    struct burn_disc *disc = burn_disc_create();
    gboolean ok = wo && disc && burn_disc_add_session(disc, cs->session, BURN_POS_END);
    unsigned char *packs = NULL;
    int npacks = 0;
    if (ok) {
        burn_write_opts_set_simulate(wo, o->simulate ? 1 : 0);
        burn_write_opts_set_multi(wo, o->multi ? 1 : 0);
        burn_write_opts_set_underrun_proof(wo, 1);
        burn_drive_set_speed(drive->d, 0, o->speed_kbs);
        burn_write_opts_set_write_type(wo, sao ? BURN_WRITE_SAO : BURN_WRITE_TAO,
                                       sao ? BURN_BLOCK_SAO : BURN_BLOCK_MODE1);
        if (cs->catalog[0]) {
            burn_write_opts_set_has_mediacatalog(wo, 1);
            burn_write_opts_set_mediacatalog(wo, (unsigned char *)cs->catalog);
        }
        if (sao && burn_cdtext_from_session(cs->session, &packs, &npacks, 0) > 0 && npacks > 0)
            burn_write_opts_set_leadin_text(wo, packs, npacks, 0);
        char *reasons = g_malloc0(BURN_REASONS_LEN);
        if (burn_precheck_write(wo, disc, reasons, 1) <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: libburn refuses this session: %s", drive->address,
                        g_strstrip(reasons));
            ok = FALSE;
        }
        g_free(reasons);
    } else {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: cannot set up the write", drive->address);
    }
    if (ok) {
        if (job)
            dw_job_begin_phase(job, o->simulate ? "simulating" : "writing", blocks, "sectors");
        gint64 t0 = g_get_monotonic_time();
        dw_burn_failure fail;
        dw_burn_failure_begin(&fail);
        dw_burn_signals_begin(job);
        burn_disc_write(wo, disc);
        dw_burn_poll_result pr;
        dw_burn_poll(drive, NULL, job, TRUE, &pr);
        dw_burn_signals_end();
        result->seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
        g_autofree char *last = NULL;
        dw_burn_drain_messages(job, &last);
        dw_burn_failure_end();
        if (pr.cancelled) {
            g_set_error(error, DW_ERROR, DW_ERROR_CANCELLED, "%s: cancelled; the CD is incomplete", drive->address);
            ok = FALSE;
        } else if (!burn_drive_wrote_well(drive->d)) {
            dw_burn_failed(drive, &fail, "the write", last, error);
            ok = FALSE;
        }
        result->blocks = blocks;
        if (ok && result->seconds > 0)
            result->bytes_per_sec = (double)blocks * 2352 / result->seconds;
    }
    free(packs);
    if (disc) {
        burn_disc_remove_session(disc, cs->session);
        burn_disc_free(disc);
    }
    if (wo)
        burn_write_opts_free(wo);
    if (ok && job)
        dw_job_finish(job);
    return ok;
}
