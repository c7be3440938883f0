/* probe_device.c: what a drive's disc holds, through libcdio's device
 * driver and its MMC pass-through: current profile (GET CONFIGURATION),
 * capacity (READ CAPACITY) for DVD/BD, the full TOC (READ TOC format 2)
 * for sessions and tracks, each data track's mode from its first sector
 * (READ CD), MCN, ISRCs, raw CD-TEXT, pregaps and indexes from the Q
 * subchannel, and the ISO 9660 label of the first data track. */
#include "config.h"

#include <cdio/mmc.h>
#include <cdio/mmc_ll_cmds.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "discwright/cdtext.h"
#include "discwright/error.h"
#include "discwright/probe.h"
#include "rip/mmc.h"
#include "rip/probe_private.h"

static bool run_read(CdIo_t *cdio, const uint8_t *cdb12, void *buf, unsigned len)
{
    return dw_mmc_read(cdio, cdb12, buf, len, NULL);
}

static int current_profile(CdIo_t *cdio)
{
    uint8_t cdb[12] = { 0x46, 0x00, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0 };
    uint8_t buf[8];
    if (!run_read(cdio, cdb, buf, sizeof buf))
        return -1;
    return buf[6] << 8 | buf[7];
}

static const char *profile_name(int p, dw_disc_kind *kind)
{
    static const struct {
        int code;
        dw_disc_kind kind;
        const char *name;
    } names[] = {
        { 0x08, DW_DISC_CD, "CD-ROM" },          { 0x09, DW_DISC_CD, "CD-R" },
        { 0x0A, DW_DISC_CD, "CD-RW" },           { 0x10, DW_DISC_DVD, "DVD-ROM" },
        { 0x11, DW_DISC_DVD, "DVD-R" },          { 0x12, DW_DISC_DVD, "DVD-RAM" },
        { 0x13, DW_DISC_DVD, "DVD-RW" },         { 0x14, DW_DISC_DVD, "DVD-RW" },
        { 0x15, DW_DISC_DVD, "DVD-R DL" },       { 0x16, DW_DISC_DVD, "DVD-R DL" },
        { 0x1A, DW_DISC_DVD, "DVD+RW" },         { 0x1B, DW_DISC_DVD, "DVD+R" },
        { 0x2A, DW_DISC_DVD, "DVD+RW DL" },      { 0x2B, DW_DISC_DVD, "DVD+R DL" },
        { 0x40, DW_DISC_BD, "BD-ROM" },          { 0x41, DW_DISC_BD, "BD-R" },
        { 0x42, DW_DISC_BD, "BD-R" },            { 0x43, DW_DISC_BD, "BD-RE" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (names[i].code == p) {
            *kind = names[i].kind;
            return names[i].name;
        }
    *kind = DW_DISC_UNKNOWN;
    return NULL;
}

/* READ TOC format 2 into disc->toc; FALSE when the drive refuses it. */
static gboolean read_full_toc(CdIo_t *cdio, dw_disc *disc)
{
    /* The header first, then exactly the length it gives: a 64 KiB
     * request would exceed a host's transfer limit below 64 KiB. */
    uint8_t cdb[12] = { 0x43, 0x02, 0x02, 0, 0, 0, 1, 0x00, 0x04, 0, 0, 0 };
    uint8_t head[4];
    if (!run_read(cdio, cdb, head, sizeof head))
        return FALSE;
    size_t len = (size_t)(head[0] << 8 | head[1]) + 2;
    if (len < 4 || len > 0xFFFC)
        return FALSE;
    g_autofree uint8_t *buf = g_malloc(len);
    cdb[7] = (uint8_t)(len >> 8);
    cdb[8] = (uint8_t)len;
    if (!run_read(cdio, cdb, buf, (unsigned)len))
        return FALSE;
    size_t n = (len - 4) / 11;
    if (n > DW_MAX_TOC_ENTRIES)
        n = DW_MAX_TOC_ENTRIES;
    disc->n_toc = 0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *d = buf + 4 + 11 * i;
        dw_toc_entry *e = &disc->toc[disc->n_toc++];
        e->session = d[0];
        e->adr = d[1] >> 4;
        e->control = d[1] & 0x0F;
        e->tno = d[2];
        e->point = d[3];
        e->min = d[4];
        e->sec = d[5];
        e->frame = d[6];
        e->zero = d[7];
        e->pmin = d[8];
        e->psec = d[9];
        e->pframe = d[10];
    }
    return disc->n_toc > 0;
}

/* Tracks and one session from libcdio's TOC, for drives without a full TOC. */
static gboolean toc_from_cdio(CdIo_t *cdio, dw_disc *disc, GError **error)
{
    track_t first = cdio_get_first_track_num(cdio);
    track_t n = cdio_get_num_tracks(cdio);
    if (first == CDIO_INVALID_TRACK || n == CDIO_INVALID_TRACK || n == 0 || first + n - 1 > 99) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "the drive returned no table of contents");
        return FALSE;
    }
    disc->n_tracks = 0;
    for (track_t t = first; t < first + n; t++) {
        dw_track *tr = &disc->tracks[disc->n_tracks++];
        dw_track_init(tr, t);
        tr->session = 1;
        tr->start = cdio_get_track_lsn(cdio, t);
        track_format_t fmt = cdio_get_track_format(cdio, t);
        tr->mode = fmt == TRACK_FORMAT_AUDIO ? DW_TRACK_AUDIO
                   : fmt == TRACK_FORMAT_XA  ? DW_TRACK_MODE2
                                             : DW_TRACK_MODE1;
        tr->control = fmt == TRACK_FORMAT_AUDIO ? 0 : DW_CTRL_DATA;
        dw_probe_cdio_track_flags(cdio, t, tr);
    }
    disc->n_sessions = 1;
    dw_session *s = &disc->sessions[0];
    memset(s, 0, sizeof *s);
    s->number = 1;
    s->first_track = first;
    s->last_track = first + n - 1;
    s->leadout = cdio_get_track_lsn(cdio, CDIO_CDROM_LEADOUT_TRACK);
    return TRUE;
}

/* The mode byte and subheader of a data track's first sector. */
static void detect_data_mode(CdIo_t *cdio, dw_track *t)
{
    uint32_t lba = (uint32_t)t->start;
    uint8_t cdb[12] = { 0xBE, 0x00, (uint8_t)(lba >> 24), (uint8_t)(lba >> 16), (uint8_t)(lba >> 8),
                        (uint8_t)lba, 0, 0, 1, 0xF8, 0, 0 };
    uint8_t buf[2352];
    if (!run_read(cdio, cdb, buf, sizeof buf))
        return; /* keep what the TOC said */
    if (buf[15] == 1 || buf[15] == 2)
        dw_probe_refine_data_mode(t, buf, sizeof buf);
    else if (buf[15] == 0)
        t->mode = DW_TRACK_MODE0;
}

static void read_cdtext(CdIo_t *cdio, dw_disc *disc, dw_job *job)
{
    uint8_t *raw = cdio_get_cdtext_raw(cdio);
    if (!raw)
        return;
    size_t len = (size_t)(raw[0] << 8 | raw[1]) + 2;
    unsigned bad = 0;
    g_autoptr(GError) err = NULL;
    if (len > 4 && !dw_cdtext_parse(&disc->cdtext, raw, len, true, &bad, &err))
        dw_job_log(job, DW_LOG_WARNING, "CD-TEXT: %s", err->message);
    if (bad)
        dw_job_log(job, DW_LOG_WARNING, "CD-TEXT: %u packs with a bad CRC skipped", bad);
    free(raw);
}

/* Overwritable media (DVD+RW, DVD-RW restricted overwrite, DVD-RAM, BD-RE,
 * BD-R random) report their whole formatted size; what was written there
 * is the ISO 9660 volume at block 16, as growisofs and xorriso see it. */
static uint32_t overwritable_volume(CdIo_t *cdio, int profile, uint32_t capacity, dw_job *job)
{
    if (profile != 0x12 && profile != 0x13 && profile != 0x1A && profile != 0x42 && profile != 0x43)
        return capacity;
    uint8_t pvd[2048];
    if (cdio_read_data_sectors(cdio, pvd, 16, 2048, 1) != DRIVER_OP_SUCCESS || pvd[0] != 1 ||
        memcmp(pvd + 1, "CD001", 5) != 0)
        return capacity;
    uint32_t v = (uint32_t)pvd[80] | (uint32_t)pvd[81] << 8 | (uint32_t)pvd[82] << 16 | (uint32_t)pvd[83] << 24;
    if (v <= 16 || v >= capacity)
        return capacity;
    dw_job_log(job, DW_LOG_INFO, "overwritable medium: its ISO 9660 volume holds %u of the %u formatted blocks; "
               "reading the volume", v, capacity);
    return v;
}

static gboolean probe_dvd_bd(CdIo_t *cdio, dw_disc *disc, int profile, dw_job *job, GError **error)
{
    uint8_t cdb[12] = { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    uint8_t buf[8];
    if (!run_read(cdio, cdb, buf, sizeof buf)) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "READ CAPACITY failed");
        return FALSE;
    }
    uint32_t last = (uint32_t)buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3];
    last = overwritable_volume(cdio, profile, last + 1, job) - 1;
    if (!dw_disc_set_single_data_track(disc, (int32_t)(last + 1), error))
        return FALSE;
    disc->label = dw_probe_iso_label_cdio(cdio, 0);
    return TRUE;
}

CdIo_t *dw_probe_device_open(const char *path, GError **error)
{
    if (!dw_source_check(path, error))
        return NULL;
    CdIo_t *cdio = cdio_open(path, DRIVER_LINUX);
    if (!cdio) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                    "%s: cannot open the drive (is it a CD/DVD drive, and may you read it?)", path);
        return NULL;
    }
    /* TEST UNIT READY tells an empty drive from a broken one. */
    if (mmc_test_unit_ready(cdio, DW_MMC_TIMEOUT_MS) != DRIVER_OP_SUCCESS) {
        dw_mmc_sense sense;
        dw_mmc_last_sense(cdio, &sense);
        if (sense.key == 0x02 && sense.asc == 0x3A) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM, "%s: no disc in the drive", path);
            cdio_destroy(cdio);
            return NULL;
        }
    }
    return cdio;
}

/* READ DISC INFORMATION: disc status 00b is a blank recordable disc. */
static bool disc_is_blank(CdIo_t *cdio)
{
    uint8_t cdb[12] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0, 0, 0 };
    uint8_t buf[34];
    return run_read(cdio, cdb, buf, sizeof buf) && (buf[2] & 3) == 0;
}

gboolean dw_probe_device_read(CdIo_t *cdio, dw_disc *disc, bool q_scan, dw_job *job, GError **error)
{
    int profile = current_profile(cdio);
    dw_disc_kind kind = DW_DISC_UNKNOWN;
    const char *pname = profile_name(profile, &kind);
    if (pname)
        disc->profile = g_strdup(pname);
    disc->kind = kind == DW_DISC_UNKNOWN ? DW_DISC_CD : kind;
    if (disc_is_blank(cdio)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM,
                    "the %s in the drive is blank: nothing has been recorded on it yet", pname ? pname : "disc");
        return FALSE;
    }

    if (disc->kind == DW_DISC_DVD || disc->kind == DW_DISC_BD)
        return probe_dvd_bd(cdio, disc, profile, job, error);

    if (!read_full_toc(cdio, disc) || !dw_disc_from_toc(disc, NULL)) {
        dw_job_log(job, DW_LOG_INFO, "full TOC unavailable; using the plain TOC");
        disc->n_toc = 0;
        if (!toc_from_cdio(cdio, disc, error))
            return FALSE;
    }
    for (int i = 0; i < disc->n_tracks; i++) {
        dw_track *t = &disc->tracks[i];
        if (t->control & DW_CTRL_DATA) {
            detect_data_mode(cdio, t);
        } else {
            char *isrc = cdio_get_track_isrc(cdio, (track_t)t->number);
            if (isrc && strlen(isrc) == 12)
                g_strlcpy(t->isrc, isrc, sizeof t->isrc);
            free(isrc);
        }
    }
    char *mcn = cdio_get_mcn(cdio);
    if (mcn && strlen(mcn) == 13 && strspn(mcn, "0123456789") == 13 && strcmp(mcn, "0000000000000") != 0)
        g_strlcpy(disc->mcn, mcn, sizeof disc->mcn);
    free(mcn);
    read_cdtext(cdio, disc, job);
    if (!disc->profile)
        disc->profile = g_strdup("CD-ROM");
    if (disc->n_sessions > 0)
        disc->total_sectors = disc->sessions[disc->n_sessions - 1].leadout;
    if (!q_scan)
        return dw_disc_finish(disc, error);

    if (!dw_probe_q_indexes(cdio, disc, job, error))
        return FALSE;
    for (int i = 0; i < disc->n_tracks; i++)
        if (disc->tracks[i].control & DW_CTRL_DATA) {
            disc->label = dw_probe_iso_label_cdio(cdio, disc->tracks[i].start);
            break;
        }
    return TRUE;
}

dw_disc *dw_probe_device(const char *path, dw_job *job, GError **error)
{
    CdIo_t *cdio = dw_probe_device_open(path, error);
    if (!cdio)
        return NULL;
    g_autoptr(dw_disc) disc = dw_disc_new();
    gboolean ok = dw_probe_device_read(cdio, disc, true, job, error);
    cdio_destroy(cdio);
    return ok ? g_steal_pointer(&disc) : NULL;
}
