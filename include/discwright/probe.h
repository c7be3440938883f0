/* probe.h: find out what a disc or an image holds, without ripping it.
 *
 * dw_probe() reads a drive through libcdio's device driver (TOC, full
 * TOC and sessions, track modes, MCN, ISRCs, CD-TEXT, pregaps and
 * indexes from the Q subchannel, filesystem label), an image through
 * libcdio's image drivers (.cue, .toc, .nrg), a CloneCD .ccd through our
 * own reader, or an ISO file.  The returned dw_disc is owned by the
 * caller (dw_disc_free).  dw_drive_list() lists the drives libcdio finds.
 */
#ifndef DISCWRIGHT_PROBE_H
#define DISCWRIGHT_PROBE_H

#include <glib.h>
#include <stdbool.h>
#include "job.h"
#include "model.h"

G_BEGIN_DECLS

typedef enum {
    DW_SOURCE_DEVICE,
    DW_SOURCE_CUE,
    DW_SOURCE_TOC,
    DW_SOURCE_NRG,
    DW_SOURCE_CCD,
    DW_SOURCE_ISO
} dw_source_kind;

/* How a source path will be opened (by its type on disk and name). */
dw_source_kind dw_source_classify(const char *source);

/* job may be NULL; it receives log lines and can cancel the Q scans. */
dw_disc *dw_probe(const char *source, dw_job *job, GError **error);

typedef struct {
    char *path;
    char *vendor;                /* "" when the drive did not say */
    char *model;
    char *revision;
    bool medium;                 /* a disc is loaded */
} dw_drive_info;

/* A newly allocated array of n drives (dw_drive_list_free). */
dw_drive_info *dw_drive_list(size_t *n, GError **error);
void dw_drive_list_free(dw_drive_info *drives, size_t n);

/* What a drive's tray holds, as the kernel tells (CDROM_DRIVE_STATUS). */
typedef enum {
    DW_TRAY_UNKNOWN = 0,         /* the drive does not say (or could not be asked: error set) */
    DW_TRAY_EMPTY,               /* closed, no disc */
    DW_TRAY_OPEN,
    DW_TRAY_NOT_READY,           /* a disc is going in */
    DW_TRAY_DISC                 /* a disc is there and ready */
} dw_tray_state;
dw_tray_state dw_drive_tray(const char *device, GError **error);
const char *dw_tray_state_name(dw_tray_state s);
/* Unlock the tray and eject the disc. */
gboolean dw_drive_eject(const char *device, GError **error);
/* A quick look at the disc in a drive, for recognising it: the TOC,
 * sessions, MCN and CD-TEXT of a CD (no Q scan: pregaps unknown), the
 * capacity and label of a DVD/BD; with label, also the ISO 9660 label
 * of a CD's first data track (one sector read).  DW_ERROR_NO_MEDIUM
 * when the drive is empty. */
dw_disc *dw_probe_quick(const char *device, bool label, dw_job *job, GError **error);

G_END_DECLS

#endif
