/* tray.c: the tray of a drive, for programs that wait for discs
 * (archive): its state from the kernel's CDROM_DRIVE_STATUS, eject
 * (CDROM_LOCKDOOR 0 then CDROMEJECT), and a quick look at a loaded disc
 * (its TOC, not its sectors) to recognise it.  The device is opened
 * with O_NONBLOCK, which the sr driver accepts without a disc. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/cdrom.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/probe.h"
#include "rip/probe_private.h"

static int open_dev(const char *device, GError **error)
{
    int fd = open(device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, e == EACCES || e == EPERM ? DW_ERROR_PERMISSION : DW_ERROR_NO_DEVICE,
                    "%s: %s", device, g_strerror(e));
    }
    return fd;
}

dw_tray_state dw_drive_tray(const char *device, GError **error)
{
    int fd = open_dev(device, error);
    if (fd < 0)
        return DW_TRAY_UNKNOWN;
    int r = ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
    close(fd);
    switch (r) {
    case CDS_NO_DISC: return DW_TRAY_EMPTY;
    case CDS_TRAY_OPEN: return DW_TRAY_OPEN;
    case CDS_DRIVE_NOT_READY: return DW_TRAY_NOT_READY;
    case CDS_DISC_OK: return DW_TRAY_DISC;
    default: return DW_TRAY_UNKNOWN;
    }
}

const char *dw_tray_state_name(dw_tray_state s)
{
    switch (s) {
    case DW_TRAY_EMPTY: return "empty";
    case DW_TRAY_OPEN: return "open";
    case DW_TRAY_NOT_READY: return "not ready";
    case DW_TRAY_DISC: return "disc";
    default: return "unknown";
    }
}

gboolean dw_drive_eject(const char *device, GError **error)
{
    int fd = open_dev(device, error);
    if (fd < 0)
        return FALSE;
    (void)ioctl(fd, CDROM_LOCKDOOR, 0);
    int r = ioctl(fd, CDROMEJECT, 0);
    int e = errno;
    close(fd);
    if (r != 0) {
        g_set_error(error, DW_ERROR, e == EBUSY ? DW_ERROR_BUSY : DW_ERROR_IO, "%s: cannot eject: %s", device,
                    g_strerror(e));
        return FALSE;
    }
    return TRUE;
}

dw_disc *dw_probe_quick(const char *device, bool label, dw_job *job, GError **error)
{
    CdIo_t *cdio = dw_probe_device_open(device, error);
    if (!cdio)
        return NULL;
    g_autoptr(dw_disc) disc = dw_disc_new();
    gboolean ok = dw_probe_device_read(cdio, disc, false, job, error);
    if (ok && label && disc->kind == DW_DISC_CD && !disc->label)
        for (int i = 0; i < disc->n_tracks; i++)
            if (disc->tracks[i].control & DW_CTRL_DATA) {
                disc->label = dw_probe_iso_label_cdio(cdio, disc->tracks[i].start);
                break;
            }
    cdio_destroy(cdio);
    return ok ? g_steal_pointer(&disc) : NULL;
}
