/* dvdvideo.c: the --dvd-video layout.  The files of /VIDEO_TS come
 * first in the image, in the physical DVD-Video order (VIDEO_TS.IFO,
 * .VOB, .BUP, then per title set VTS_nn_0.IFO, VTS_nn_0.VOB,
 * VTS_nn_1..9.VOB, VTS_nn_0.BUP), each at the sector its IFOs record
 * relative to VIDEO_TS.IFO (disc/dvd_ifo.c computes them); the blocks
 * between a file's end and the next file's start are zeros that belong
 * to no file, as genisoimage pads.  Other files of /VIDEO_TS follow,
 * then those of /AUDIO_TS (which the scan adds, empty, when the source
 * has none), then the rest of the tree.  The UDF side (1.02, File
 * Entries, one short_ad per file, nothing embedded) is udf.c's with
 * opts->dvd_video. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "author/author_private.h"
#include "disc/dvd_ifo.h"

static gboolean read_src(void *user, const dw_dvd_file *f, uint64_t off, guint8 *buf, size_t len, GError **error)
{
    (void)user;
    const dw_anode *n = f->user;
    if (off + len > n->size) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %zu bytes at %" G_GUINT64_FORMAT " are past its end",
                    n->src, len, off);
        return FALSE;
    }
    int fd = open(n->src, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", n->src, g_strerror(errno));
        return FALSE;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fd, buf + got, len - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", n->src,
                        r < 0 ? g_strerror(errno) : "it ended early");
            close(fd);
            return FALSE;
        }
        got += (size_t)r;
    }
    close(fd);
    return TRUE;
}

static dw_anode *root_dir(dw_author_plan *p, const char *name)
{
    for (guint i = 0; i < p->root->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(p->root->kids, i);
        if (S_ISDIR(k->mode) && !strcmp(k->name, name))
            return k;
    }
    return NULL;
}

/* Weights above any --sort weight (those are around 10^6). */
#define DVD_WEIGHT (G_MAXINT - 1000)

gboolean dw_author_dvd_layout(dw_author_plan *p, GError **error)
{
    dw_anode *vts = root_dir(p, "VIDEO_TS");
    if (!vts) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video: the tree has no /VIDEO_TS directory (upper case)");
        return FALSE;
    }
    GArray *files = g_array_new(FALSE, TRUE, sizeof(dw_dvd_file));
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < vts->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(vts->kids, i);
        dw_dvd_file f;
        if (dw_dvd_file_parse(k->name, &f)) {
            if (!S_ISREG(k->mode) || k->file < 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video: /VIDEO_TS/%s is not a regular file",
                            k->name);
                ok = FALSE;
                break;
            }
            f.size = k->size;
            f.user = k;
            g_array_append_val(files, f);
        } else {
            g_autofree char *up = g_ascii_strup(k->name, -1);
            if (dw_dvd_file_parse(up, &f)) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video: /VIDEO_TS/%s must be named %s: "
                            "DVD-Video file names are upper case", k->name, up);
                ok = FALSE;
            } else if (k->file >= 0) {
                g_array_index(p->files, dw_afile, k->file).weight = DVD_WEIGHT - 200;
            }
        }
    }
    dw_dvd_file *d = (dw_dvd_file *)(void *)files->data;
    for (guint i = 0; ok && i < files->len; i++) {
        const dw_anode *a = d[i].user;
        for (guint j = 0; ok && j < i; j++) {
            const dw_anode *b = d[j].user;
            if (a->file == b->file) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video: /VIDEO_TS/%s and %s are hard links of "
                            "one file; each needs its own sectors", a->name, b->name);
                ok = FALSE;
            }
        }
        if (ok && a->size > UDF_MAX_EXTENT) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video: /VIDEO_TS/%s is %" G_GUINT64_FORMAT
                        " bytes; DVD-Video files are at most 1 GiB minus one sector (one UDF extent)", a->name,
                        a->size);
            ok = FALSE;
        }
    }
    if (ok && !dw_dvd_plan(d, files->len, read_src, p, error)) {
        g_prefix_error(error, "--dvd-video: /VIDEO_TS/");
        ok = FALSE;
    }
    uint64_t pad = 0;
    dw_afile *prev = NULL;
    const dw_dvd_file *prev_d = NULL;
    for (guint i = 0; ok && i < files->len; i++) {
        const dw_anode *n = d[i].user;
        dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
        f->weight = DVD_WEIGHT - (int)i;
        if (!f->size)
            continue;
        if (prev) {
            uint64_t end = prev_d->start + prev_d->size / BLK;
            prev->pad = (uint32_t)(d[i].start - end);
            pad += prev->pad;
        }
        prev = f;
        prev_d = &d[i];
    }
    dw_anode *ats = root_dir(p, "AUDIO_TS");
    for (guint i = 0; ok && ats && i < ats->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(ats->kids, i);
        if (k->file >= 0)
            g_array_index(p->files, dw_afile, k->file).weight = DVD_WEIGHT - 300;
    }
    if (ok) {
        guint sets = 0;
        for (guint i = 0; i < files->len; i++)
            if (d[i].kind == DW_DVD_IFO && d[i].vts)
                sets++;
        dw_job_log(p->job, DW_LOG_INFO, "DVD-Video: %u files, %u title sets, %" G_GUINT64_FORMAT " sectors of padding "
                   "where the IFOs ask for it", files->len, sets, pad);
    }
    g_array_free(files, TRUE);
    return ok;
}
