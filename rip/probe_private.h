/* probe_private.h: pieces of the probe shared between rip/ files. */
#ifndef DW_RIP_PROBE_PRIVATE_H
#define DW_RIP_PROBE_PRIVATE_H

#include <cdio/cdio.h>
#include "discwright/job.h"
#include "discwright/model.h"

/* source_check.c: TRUE when path is a drive or a regular file; else
 * FALSE with DW_ERROR_NO_DEVICE (or DW_ERROR_PERMISSION) saying what it is
 * (a directory, a pipe, /dev/null, ...).  Opens nothing that could block. */
gboolean dw_source_check(const char *path, GError **error);

/* Device path: full TOC, modes, MCN, ISRC, CD-TEXT, Q scans, label. */
dw_disc *dw_probe_device(const char *path, dw_job *job, GError **error);
/* Open a drive through libcdio's Linux driver; fails with NO_DEVICE, or
 * NO_MEDIUM when TEST UNIT READY says the tray is empty. */
CdIo_t *dw_probe_device_open(const char *path, GError **error);
/* Fill disc from an open drive: profile, (full) TOC, data modes, MCN,
 * ISRCs, CD-TEXT; DVD/BD capacity and label.  With q_scan also pregaps
 * and indexes by Q searches and the ISO label (what `info` shows). */
gboolean dw_probe_device_read(CdIo_t *cdio, dw_disc *disc, bool q_scan, dw_job *job, GError **error);
/* .cue/.toc/.nrg through libcdio's image drivers. */
dw_disc *dw_probe_cdio_image(const char *path, driver_id_t driver, GError **error);
/* Open a .toc/.nrg/.cue through a libcdio image driver (for .toc from
 * the toc's folder, where libcdio 2.1 resolves its FILEs). */
CdIo_t *dw_cdio_open_image(const char *path, driver_id_t driver, GError **error);
/* An ISO 9660 (or UDF) image file. */
dw_disc *dw_probe_iso(const char *path, GError **error);

/* Find pregaps (INDEX 00) and INDEX 02+ of every track by binary
 * searches over the Q subchannel.  Needs starts, sessions and lead-outs
 * in disc; calls dw_disc_finish.  Tracks whose Q cannot be read keep
 * pregap 0. */
gboolean dw_probe_q_indexes(CdIo_t *cdio, dw_disc *disc, dw_job *job, GError **error);

/* DCP, PRE and 4CH of a track as libcdio reports them, into tr->control. */
void dw_probe_cdio_track_flags(CdIo_t *cdio, track_t t, dw_track *tr);
/* Make disc one session with one Mode 1 data track of `sectors` sectors
 * (DVD, BD and plain ISO files). */
gboolean dw_disc_set_single_data_track(dw_disc *disc, int32_t sectors, GError **error);

/* The ISO 9660 volume id found at LBA 16 (+ the track start) of a data
 * track, read with cooked (Mode 1 / Form 1) reads; NULL when none. */
char *dw_probe_iso_label_cdio(CdIo_t *cdio, int32_t track_start);
/* The volume id from a 2048-byte primary volume descriptor; NULL if it is not one. */
char *dw_iso_pvd_label(const uint8_t pvd[2048]);

/* A cue sheet or cdrdao toc with its data files, through our own readers
 * (probe_cue.c). */
dw_disc *dw_probe_sheet(const char *path, bool toc, GError **error);
/* A CloneCD image: the .ccd's TOC, data-track modes and label from the
 * .img beside it (probe_ccd.c).  New disc or NULL with error. */
dw_disc *dw_probe_ccd(const char *path, GError **error);
/* Set a data track's mode from its first raw sector (sync + header +
 * subheader, len >= 24): MODE1, or MODE2_FORM_MIX when an XA subheader
 * is present, else MODE2. */
void dw_probe_refine_data_mode(dw_track *t, const uint8_t *sector, size_t len);

#endif
