/* dvd_check.c: a DVD-Video image's layout against its IFOs.
 *
 * For a UDF volume with /VIDEO_TS/VIDEO_TS.IFO: every DVD-Video file
 * must be what libdvdread and DVD players follow (a File Entry, tag
 * 261, with short allocation descriptors, one extent, nothing
 * embedded, a size in whole sectors), and must start at the sector its
 * IFOs record relative to VIDEO_TS.IFO (disc/dvd_ifo.c computes those
 * from the IFOs read out of the image, with the sizes the UDF tree
 * gives).  Each disagreement is an error naming the file and the IFO
 * field. */
#include "config.h"

#include "discwright/error.h"
#include "disc/dvd_ifo.h"
#include "verify/dvd_check.h"
#include "verify/fs_util.h"

typedef struct {
    const dw_fs_source *src;
} rd_ctx;

static gboolean read_img(void *user, const dw_dvd_file *f, uint64_t off, guint8 *buf, size_t len, GError **error)
{
    rd_ctx *c = user;
    const dw_dvd_entry *e = f->user;
    if (e->lba < 0 || !e->contiguous || off + len > e->size) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: cannot be read as one extent", f->name);
        return FALSE;
    }
    uint8_t blk[2048];
    size_t done = 0;
    while (done < len) {
        uint64_t o = off + done;
        if (!fs_read(c->src, e->lba + (int64_t)(o / 2048), 1, blk)) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: sector %" G_GINT64_FORMAT " is outside the image",
                        f->name, e->lba + (int64_t)(o / 2048));
            return FALSE;
        }
        size_t take = MIN(len - done, 2048 - (size_t)(o % 2048));
        memcpy(buf + done, blk + o % 2048, take);
        done += take;
    }
    return TRUE;
}

void dw_dvd_check(const dw_fs_source *src, dw_report *r, const GArray *entries)
{
    GArray *files = g_array_new(FALSE, TRUE, sizeof(dw_dvd_file));
    gboolean have_vmg = FALSE;
    int errors = 0;
    for (guint i = 0; i < entries->len; i++) {
        const dw_dvd_entry *e = &g_array_index(entries, dw_dvd_entry, i);
        dw_dvd_file f;
        if (!dw_dvd_file_parse(e->name, &f))
            continue;
        g_autofree char *path = g_strconcat("/VIDEO_TS/", e->name, NULL);
        if (e->tag != 261) {
            dw_report_add(r, DW_SEV_ERROR, "dvd", path, 0, e->lba, e->lba, "%s: an Extended File Entry; libdvdread and "
                          "DVD players read only File Entries (tag 261)", e->name);
            errors++;
        }
        if (e->embedded || e->adtype != 0) {
            dw_report_add(r, DW_SEV_ERROR, "dvd", path, 0, e->lba, e->lba, "%s: %s; libdvdread and DVD players follow "
                          "only short allocation descriptors", e->name, e->embedded ? "embedded data" : "long "
                          "allocation descriptors");
            errors++;
        } else if (e->size && (e->n_ext != 1 || !e->contiguous)) {
            dw_report_add(r, DW_SEV_ERROR, "dvd", path, 0, e->lba, e->lba, "%s: %u extents; a DVD-Video file must be "
                          "one extent", e->name, e->n_ext);
            errors++;
        }
        if (f.kind == DW_DVD_IFO && f.vts == 0)
            have_vmg = TRUE;
        f.size = e->size;
        f.user = (void *)e;
        g_array_append_val(files, f);
    }
    if (!have_vmg) {
        g_array_free(files, TRUE);
        return;
    }
    dw_dvd_file *d = (dw_dvd_file *)(void *)files->data;
    rd_ctx c = { src };
    GError *err = NULL;
    if (!dw_dvd_plan(d, files->len, read_img, &c, &err)) {
        dw_report_add(r, DW_SEV_ERROR, "dvd", "/VIDEO_TS", 0, -1, -1, "the layout cannot agree with the IFOs: %s",
                      err->message);
        g_error_free(err);
        g_array_free(files, TRUE);
        return;
    }
    int64_t base = -1;
    guint sets = 0;
    for (guint i = 0; i < files->len; i++) {
        if (d[i].kind == DW_DVD_IFO && d[i].vts == 0)
            base = ((const dw_dvd_entry *)d[i].user)->lba;
        if (d[i].kind == DW_DVD_IFO && d[i].vts)
            sets++;
    }
    for (guint i = 0; base >= 0 && i < files->len; i++) {
        const dw_dvd_entry *e = d[i].user;
        if (!e->size || e->lba < 0)
            continue;
        int64_t at = e->lba - base;
        if (at != (int64_t)d[i].start) {
            g_autofree char *path = g_strconcat("/VIDEO_TS/", d[i].name, NULL);
            dw_report_add(r, DW_SEV_ERROR, "dvd", path, 0, e->lba, e->lba, "%s starts at sector %" G_GINT64_FORMAT
                          " of the DVD-Video set, but the %s puts it at sector %" G_GUINT64_FORMAT
                          " (relative to VIDEO_TS.IFO)", d[i].name, at, d[i].field, d[i].start);
            errors++;
        }
    }
    if (!errors)
        dw_report_add(r, DW_SEV_OK, "dvd", "/VIDEO_TS", 0, base, base, "DVD-Video layout agrees with the IFOs (%u "
                      "files, %u title sets)", files->len, sets);
    g_array_free(files, TRUE);
}
