/* probe_image.c: images as drives — .nrg through libcdio's image driver
 * after our own footer check (disc/nrg_check.c) (tracks, flags, pregaps,
 * ISRC, MCN, CD-TEXT) and plain ISO files — plus the ISO 9660 label
 * reader both paths share. */
#include "config.h"

#include <cdio/cdtext.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "discwright/error.h"
#include "disc/nrg_check.h"
#include "rip/probe_private.h"

char *dw_iso_pvd_label(const uint8_t pvd[2048])
{
    /* Primary volume descriptor: type 1, "CD001", version 1; volume id at 40..71. */
    if (pvd[0] != 1 || memcmp(pvd + 1, "CD001", 5) != 0 || pvd[6] != 1)
        return NULL;
    char id[33];
    memcpy(id, pvd + 40, 32);
    id[32] = '\0';
    g_strchomp(id);
    if (!id[0])
        return NULL;
    for (char *p = id; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
            *p = '?';
    return g_strdup(id);
}

void dw_probe_cdio_track_flags(CdIo_t *cdio, track_t t, dw_track *tr)
{
    if (cdio_get_track_copy_permit(cdio, t) == CDIO_TRACK_FLAG_TRUE)
        tr->control |= DW_CTRL_DCP;
    if (cdio_get_track_preemphasis(cdio, t) == CDIO_TRACK_FLAG_TRUE)
        tr->control |= DW_CTRL_PRE;
    if (cdio_get_track_channels(cdio, t) == 4)
        tr->control |= DW_CTRL_4CH;
}

gboolean dw_disc_set_single_data_track(dw_disc *disc, int32_t sectors, GError **error)
{
    disc->total_sectors = sectors;
    disc->n_sessions = 1;
    disc->sessions[0] = (dw_session){ .number = 1, .first_track = 1, .last_track = 1, .leadout = sectors };
    disc->n_tracks = 1;
    dw_track_init(&disc->tracks[0], 1);
    disc->tracks[0].session = 1;
    disc->tracks[0].mode = DW_TRACK_MODE1;
    disc->tracks[0].control = DW_CTRL_DATA;
    disc->tracks[0].start = 0;
    return dw_disc_finish(disc, error);
}

char *dw_probe_iso_label_cdio(CdIo_t *cdio, int32_t track_start)
{
    uint8_t buf[2048];
    if (cdio_read_data_sectors(cdio, buf, (lsn_t)(track_start + 16), 2048, 1) != DRIVER_OP_SUCCESS)
        return NULL;
    return dw_iso_pvd_label(buf);
}

static const struct {
    cdtext_field_t cdio;
    dw_cdtext_field dw;
} cdtext_fields[] = {
    { CDTEXT_FIELD_TITLE, DW_CDTEXT_TITLE },         { CDTEXT_FIELD_PERFORMER, DW_CDTEXT_PERFORMER },
    { CDTEXT_FIELD_SONGWRITER, DW_CDTEXT_SONGWRITER }, { CDTEXT_FIELD_COMPOSER, DW_CDTEXT_COMPOSER },
    { CDTEXT_FIELD_ARRANGER, DW_CDTEXT_ARRANGER },   { CDTEXT_FIELD_MESSAGE, DW_CDTEXT_MESSAGE },
    { CDTEXT_FIELD_UPC_EAN, DW_CDTEXT_UPC_ISRC },    { CDTEXT_FIELD_DISCID, DW_CDTEXT_DISC_ID },
    { CDTEXT_FIELD_GENRE, DW_CDTEXT_GENRE },
};

/* libcdio's parsed CD-TEXT (images have no raw packs) into dw_cdtext. */
static void copy_cdtext(CdIo_t *cdio, dw_disc *disc, int first, int last)
{
    cdtext_t *ct = cdio_get_cdtext(cdio);
    if (!ct)
        return;
    cdtext_lang_t *langs = cdtext_list_languages_v2(ct);
    for (int b = 0; b < DW_CDTEXT_MAX_BLOCKS; b++) {
        if (!langs || langs[b] == CDTEXT_LANGUAGE_BLOCK_UNUSED || langs[b] == CDTEXT_LANGUAGE_INVALID)
            continue;
        if (!cdtext_set_language_index(ct, b))
            continue;
        for (size_t f = 0; f < G_N_ELEMENTS(cdtext_fields); f++)
            for (int t = 0; t <= last; t++) {
                if (t != 0 && t < first)
                    continue;
                const char *s = cdtext_get_const(ct, cdtext_fields[f].cdio, (track_t)t);
                if (s && *s)
                    dw_cdtext_set(&disc->cdtext, b, cdtext_fields[f].dw, t, s);
            }
        /* ISRCs given as CD-TEXT go to the 0x8E field of the tracks. */
        for (int t = first; t <= last; t++) {
            const char *s = cdtext_get_const(ct, CDTEXT_FIELD_ISRC, (track_t)t);
            if (s && *s)
                dw_cdtext_set(&disc->cdtext, b, DW_CDTEXT_UPC_ISRC, t, s);
        }
        if (b < disc->cdtext.n_blocks) {
            disc->cdtext.block[b].language = (uint8_t)langs[b];
            disc->cdtext.block[b].first_track = (uint8_t)first;
            disc->cdtext.block[b].last_track = (uint8_t)last;
        }
    }
}

CdIo_t *dw_cdio_open_image(const char *path, driver_id_t driver, GError **error)
{
    CdIo_t *cdio;
    /* libcdio's NRG driver trusts the footer (it aborts, or reads past its
     * buffer, on one it does not expect): our own check passes it first. */
    if (driver == DRIVER_NRG && !dw_nrg_check_file(path, error))
        return NULL;
    if (driver == DRIVER_CDRDAO) {
        /* libcdio 2.1's cdrdao driver opens the toc's FILEs relative to the
         * current directory, not the toc's: open it from there.  (It opens
         * them while parsing, so the detour ends with cdio_open.) */
        int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        g_autofree char *dir = g_path_get_dirname(path);
        g_autofree char *base = g_path_get_basename(path);
        if (here < 0 || chdir(dir) != 0) {
            int e = errno;
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", dir, g_strerror(e));
            if (here >= 0)
                close(here);
            return NULL;
        }
        cdio = cdio_open(base, driver);
        if (fchdir(here) != 0)
            g_warning("cannot return to the working directory: %s", g_strerror(errno));
        close(here);
    } else {
        cdio = cdio_open(path, driver);
    }
    if (!cdio)
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE,
                    "%s: libcdio's %s driver could not read this image (see its messages above)",
                    path, cdio_driver_describe(driver));
    return cdio;
}

dw_disc *dw_probe_cdio_image(const char *path, driver_id_t driver, GError **error)
{
    CdIo_t *cdio = dw_cdio_open_image(path, driver, error);
    if (!cdio)
        return NULL;
    g_autoptr(dw_disc) disc = dw_disc_new();
    disc->kind = DW_DISC_CD;
    track_t first = cdio_get_first_track_num(cdio);
    track_t n = cdio_get_num_tracks(cdio);
    if (first == CDIO_INVALID_TRACK || n == CDIO_INVALID_TRACK || n == 0 || first + n - 1 > 99) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: the image has no tracks", path);
        cdio_destroy(cdio);
        return NULL;
    }
    for (track_t t = first; t < first + n; t++) {
        dw_track *tr = &disc->tracks[disc->n_tracks++];
        dw_track_init(tr, t);
        tr->session = 1;
        tr->start = cdio_get_track_lsn(cdio, t);
        track_format_t fmt = cdio_get_track_format(cdio, t);
        if (fmt == TRACK_FORMAT_AUDIO) {
            tr->mode = DW_TRACK_AUDIO;
            char *isrc = cdio_get_track_isrc(cdio, t);
            if (isrc && strlen(isrc) == 12)
                g_strlcpy(tr->isrc, isrc, sizeof tr->isrc);
            free(isrc);
        } else {
            tr->mode = (fmt == TRACK_FORMAT_XA || fmt == TRACK_FORMAT_CDI) ? DW_TRACK_MODE2 : DW_TRACK_MODE1;
            tr->control |= DW_CTRL_DATA;
        }
        dw_probe_cdio_track_flags(cdio, t, tr);
        lba_t pre = cdio_get_track_pregap_lba(cdio, t);
        if (pre != CDIO_INVALID_LBA && t != first) {
            int32_t pre_lsn = (int32_t)pre - 150; /* libcdio gives it as an LBA with the 150 lead */
            if (pre_lsn < tr->start && pre_lsn >= 0)
                tr->pregap = tr->start - pre_lsn;
        }
    }
    disc->n_sessions = 1;
    disc->sessions[0] = (dw_session){ .number = 1, .first_track = first, .last_track = first + n - 1,
                                      .leadout = cdio_get_track_lsn(cdio, CDIO_CDROM_LEADOUT_TRACK) };
    char *mcn = cdio_get_mcn(cdio);
    if (mcn && strlen(mcn) == 13 && strspn(mcn, "0123456789") == 13 && strcmp(mcn, "0000000000000") != 0)
        g_strlcpy(disc->mcn, mcn, sizeof disc->mcn);
    free(mcn);
    copy_cdtext(cdio, disc, first, first + n - 1);
    if (!dw_disc_finish(disc, error)) {
        cdio_destroy(cdio);
        return NULL;
    }
    disc->total_sectors = disc->sessions[0].leadout;
    for (int i = 0; i < disc->n_tracks; i++)
        if (disc->tracks[i].control & DW_CTRL_DATA) {
            disc->label = dw_probe_iso_label_cdio(cdio, disc->tracks[i].start);
            break;
        }
    disc->profile = g_strdup_printf("%s image", driver == DRIVER_BINCUE ? "cue/bin"
                                                : driver == DRIVER_CDRDAO ? "cdrdao toc"
                                                                          : "Nero");
    cdio_destroy(cdio);
    return g_steal_pointer(&disc);
}

dw_disc *dw_probe_iso(const char *path, GError **error)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        g_set_error(error, DW_ERROR, e == ENOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO, "%s: %s", path,
                    g_strerror(e));
        return NULL;
    }
    uint8_t pvd[2048];
    bool have_pvd = fseeko(f, 16 * 2048, SEEK_SET) == 0 && fread(pvd, 1, sizeof pvd, f) == sizeof pvd;
    off_t size = (fseeko(f, 0, SEEK_END) == 0) ? ftello(f) : -1;
    fclose(f);
    if (size < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot tell its size", path);
        return NULL;
    }
    char *label = have_pvd ? dw_iso_pvd_label(pvd) : NULL;
    if (!label && (!have_pvd || memcmp(pvd + 1, "CD001", 5) != 0)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                    "%s: a file of %" G_GINT64_FORMAT " bytes that is not a disc image discwright knows (no ISO 9660 "
                    "volume descriptor at sector 16; expected .iso, .cue, .toc, .nrg or .ccd)", path, (gint64)size);
        return NULL;
    }
    g_autoptr(dw_disc) disc = dw_disc_new();
    disc->kind = DW_DISC_UNKNOWN;
    disc->profile = g_strdup("ISO image");
    disc->label = label;
    if (!dw_disc_set_single_data_track(disc, (int32_t)(size / 2048), error))
        return NULL;
    return g_steal_pointer(&disc);
}
