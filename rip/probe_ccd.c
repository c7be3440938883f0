/* probe_ccd.c: a CloneCD image as the probe sees it — the .ccd control
 * file gives the TOC (dw_ccd_read_file); the raw .img next to it (2352
 * bytes a sector from LBA 0) tells each data track's real mode from its
 * first sector's header, and gives the ISO 9660 label of the first data
 * track, as a drive's probe would find them. */
#include "config.h"
#include "rip/probe_private.h"
#include <discwright/sheet.h>
#include <stdio.h>
#include <string.h>

void dw_probe_refine_data_mode(dw_track *t, const uint8_t *sector, size_t len)
{
    if (len < 24)
        return;
    if (sector[15] == 1)
        t->mode = DW_TRACK_MODE1;
    else if (sector[15] == 2)
        /* an XA subheader is written twice; a match marks CD-ROM XA */
        t->mode = memcmp(sector + 16, sector + 20, 4) == 0 ? DW_TRACK_MODE2_FORM_MIX : DW_TRACK_MODE2;
}

static gboolean read_raw(FILE *f, int32_t lsn, uint8_t buf[2352])
{
    if (lsn < 0 || fseeko(f, (off_t)lsn * 2352, SEEK_SET) != 0)
        return FALSE;
    return fread(buf, 1, 2352, f) == 2352;
}

dw_disc *dw_probe_ccd(const char *path, GError **error)
{
    g_autoptr(dw_disc) disc = dw_ccd_read_file(path, error);
    if (!disc)
        return NULL;
    size_t n = strlen(path);
    g_autofree char *img = g_strdup(path);
    if (n < 4)
        return g_steal_pointer(&disc);
    memcpy(img + n - 4, ".img", 4);
    FILE *f = fopen(img, "rb");
    if (!f)
        return g_steal_pointer(&disc); /* the control file alone still describes the disc */
    uint8_t buf[2352];
    for (int i = 0; i < disc->n_tracks; i++) {
        dw_track *t = &disc->tracks[i];
        if (t->mode == DW_TRACK_AUDIO || !read_raw(f, t->start, buf))
            continue;
        dw_probe_refine_data_mode(t, buf, sizeof buf);
        if (disc->label || !read_raw(f, t->start + 16, buf))
            continue;
        size_t off = buf[15] == 2 ? 24 : 16;
        if (buf[15] == 1 || buf[15] == 2)
            disc->label = dw_iso_pvd_label(buf + off);
    }
    fclose(f);
    return g_steal_pointer(&disc);
}
