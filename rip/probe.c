/* probe.c: dw_probe() — decide what kind of source a path is and hand
 * it to the matching reader (device, libcdio image driver, CloneCD, ISO). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "discwright/error.h"
#include "discwright/probe.h"
#include "discwright/sheet.h"
#include "rip/probe_private.h"
#include "disc/cdio_log.h"

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && g_ascii_strcasecmp(s + n - m, suffix) == 0;
}

dw_source_kind dw_source_classify(const char *source)
{
    struct stat st;
    if (stat(source, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)))
        return DW_SOURCE_DEVICE;
    if (has_suffix(source, ".cue"))
        return DW_SOURCE_CUE;
    if (has_suffix(source, ".toc"))
        return DW_SOURCE_TOC;
    if (has_suffix(source, ".nrg"))
        return DW_SOURCE_NRG;
    if (has_suffix(source, ".ccd"))
        return DW_SOURCE_CCD;
    if (g_str_has_prefix(source, "/dev/"))
        return DW_SOURCE_DEVICE; /* a drive that is not there: the device reader says so */
    return DW_SOURCE_ISO;
}

static dw_disc *probe_run(const char *source, dw_job *job, GError **error)
{
    g_return_val_if_fail(source != NULL, NULL);
    if (!dw_source_check(source, error))
        return NULL;
    dw_source_kind kind = dw_source_classify(source);
    switch (kind) {
    case DW_SOURCE_DEVICE:
        return dw_probe_device(source, job, error);
    case DW_SOURCE_CUE:
        return dw_probe_sheet(source, false, error);
    case DW_SOURCE_TOC:
        return dw_probe_sheet(source, true, error);
    case DW_SOURCE_NRG:
        return dw_probe_cdio_image(source, DRIVER_NRG, error);
    case DW_SOURCE_CCD:
        return dw_probe_ccd(source, error);
    case DW_SOURCE_ISO:
        return dw_probe_iso(source, error);
    }
    g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: unknown source", source);
    return NULL;
}

dw_disc *dw_probe(const char *source, dw_job *job, GError **error)
{
    dw_job *previous = dw_cdio_log_enter(job);
    dw_disc *ret = probe_run(source, job, error);
    dw_cdio_log_leave(previous);
    return ret;
}
