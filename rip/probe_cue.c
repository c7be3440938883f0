/* probe_cue.c: a cue sheet or cdrdao toc as the probe sees it.  libcdio
 * 2.1's bincue driver mishandles redump-style sheets with one FILE per
 * track (it places every file's tracks from LBA 0) and its cdrdao driver
 * refuses tocs with CD-TEXT in several languages, so sheets are read with
 * our own parsers (file sizes from the files beside them); each
 * data track's first raw sector then gives its real mode, and the first
 * data track's sector 16 the ISO 9660 label. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "discwright/sheet.h"
#include "rip/probe_private.h"

static gboolean read_at(const char *dir, const dw_track *t, int32_t sector, uint8_t buf[2352])
{
    if (!t->file.path || t->file.sector_size != 2352)
        return FALSE;
    g_autofree char *path = g_path_is_absolute(t->file.path) ? g_strdup(t->file.path)
                                                             : g_build_filename(dir, t->file.path, NULL);
    FILE *f = fopen(path, "rb");
    if (!f)
        return FALSE;
    int64_t first = t->file.offset + (int64_t)(t->file.pregap_stored ? t->pregap : 0) * 2352;
    gboolean ok = fseeko(f, (off_t)(first + (int64_t)sector * 2352), SEEK_SET) == 0 && fread(buf, 1, 2352, f) == 2352;
    fclose(f);
    return ok;
}

dw_disc *dw_probe_sheet(const char *path, bool toc, GError **error)
{
    g_autoptr(dw_disc) disc = toc ? dw_toc_read_file(path, error) : dw_cue_read_file(path, error);
    if (!disc)
        return NULL;
    g_autofree char *dir = g_path_get_dirname(path);
    uint8_t buf[2352];
    for (int i = 0; i < disc->n_tracks; i++) {
        dw_track *t = &disc->tracks[i];
        if (t->mode == DW_TRACK_AUDIO || !read_at(dir, t, 0, buf))
            continue;
        dw_probe_refine_data_mode(t, buf, sizeof buf);
        if (!disc->label && read_at(dir, t, 16, buf) && (buf[15] == 1 || buf[15] == 2))
            disc->label = dw_iso_pvd_label(buf + (buf[15] == 2 ? 24 : 16));
    }
    if (!disc->profile)
        disc->profile = g_strdup(toc ? "cdrdao toc image" : "cue/bin image");
    if (disc->kind == DW_DISC_UNKNOWN)
        disc->kind = DW_DISC_CD;
    return g_steal_pointer(&disc);
}
