/* drives.c: the optical drives libcdio finds (its Linux driver probes
 * /dev/cdrom, /dev/dvd, /dev/sr*, /dev/scd*), with INQUIRY strings and
 * whether a disc is loaded. */
#include "config.h"

#include <cdio/cdio.h>
#include <cdio/mmc.h>
#include <cdio/mmc_ll_cmds.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/probe.h"
#include "disc/cdio_log.h"

static char *trimmed(const char *s)
{
    char *c = g_strdup(s ? s : "");
    return g_strstrip(c);
}

static dw_drive_info *drive_list_run(size_t *n, GError **error)
{
    (void)error; /* an empty list is not an error */
    *n = 0;
    char **devs = cdio_get_devices(DRIVER_LINUX);
    GArray *out = g_array_new(FALSE, TRUE, sizeof(dw_drive_info));
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (char **d = devs; d && *d; d++) {
        /* /dev/cdrom is often a link to /dev/sr0: list each drive once. */
        char *real = realpath(*d, NULL);
        const char *key = real ? real : *d;
        if (g_hash_table_contains(seen, key)) {
            free(real);
            continue;
        }
        g_hash_table_add(seen, g_strdup(key));
        free(real);
        dw_drive_info info = { .path = g_strdup(*d) };
        CdIo_t *cdio = cdio_open(*d, DRIVER_LINUX);
        if (cdio) {
            cdio_hwinfo_t hw;
            if (cdio_get_hwinfo(cdio, &hw)) {
                info.vendor = trimmed(hw.psz_vendor);
                info.model = trimmed(hw.psz_model);
                info.revision = trimmed(hw.psz_revision);
            }
            /* The first command after a disc went in may report the
             * change (UNIT ATTENTION) instead: ask again then. */
            info.medium = mmc_test_unit_ready(cdio, 0) == DRIVER_OP_SUCCESS ||
                          mmc_test_unit_ready(cdio, 0) == DRIVER_OP_SUCCESS;
            cdio_destroy(cdio);
        }
        if (!info.vendor)
            info.vendor = g_strdup("");
        if (!info.model)
            info.model = g_strdup("");
        if (!info.revision)
            info.revision = g_strdup("");
        g_array_append_val(out, info);
    }
    g_hash_table_destroy(seen);
    cdio_free_device_list(devs);
    *n = out->len;
    return (dw_drive_info *)g_array_free(out, FALSE);
}

void dw_drive_list_free(dw_drive_info *drives, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_free(drives[i].path);
        g_free(drives[i].vendor);
        g_free(drives[i].model);
        g_free(drives[i].revision);
    }
    g_free(drives);
}

dw_drive_info *dw_drive_list(size_t *n, GError **error)
{
    dw_job *previous = dw_cdio_log_enter(NULL);
    dw_drive_info *ret = drive_list_run(n, error);
    dw_cdio_log_leave(previous);
    return ret;
}
