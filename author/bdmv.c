/* bdmv.c: the --bdmv layout (a Blu-ray BDMV folder).  BD players and
 * libbluray find every file by name, through UDF 2.50 (libbluray reads
 * images through libudfread); the volume must hold /BDMV with
 * index.bdmv and MovieObject.bdmv, and /CERTIFICATE, which the scan adds
 * (empty) when the source has none.  The small navigation files come
 * first in the image (index, movie objects, playlists, clip
 * information, BD-J objects, metadata), then the streams, then the
 * backup copies, then everything else, so that a player's first reads
 * stay together.  The UDF side is udf.c's 2.50 (metadata partition,
 * Extended File Entries). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "author/author_private.h"

static dw_anode *kid(const dw_anode *dir, const char *name)
{
    for (guint i = 0; dir && dir->kids && i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (!strcmp(k->name, name))
            return k;
    }
    return NULL;
}

/* The file /BDMV/name must start with magic and one of the versions. */
static gboolean check_nav(const dw_anode *bdmv, const char *name, const char *magic, GError **error)
{
    const dw_anode *n = kid(bdmv, name);
    if (!n || !S_ISREG(n->mode) || !n->src) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--bdmv: /BDMV/%s is missing (a Blu-ray player starts there)",
                    name);
        return FALSE;
    }
    char b[8] = { 0 };
    int fd = open(n->src, O_RDONLY | O_CLOEXEC);
    ssize_t r = fd >= 0 ? read(fd, b, sizeof b) : -1;
    int e = errno;
    if (fd >= 0)
        close(fd);
    if (r < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", n->src, g_strerror(e));
        return FALSE;
    }
    if (r < 8 || memcmp(b, magic, 4) ||
        (memcmp(b + 4, "0100", 4) && memcmp(b + 4, "0200", 4) && memcmp(b + 4, "0300", 4))) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "--bdmv: /BDMV/%s does not start with %s0100, 0200 or 0300",
                    name, magic);
        return FALSE;
    }
    return TRUE;
}

/* Weights above any --sort weight (those are around 10^6). */
#define BD_WEIGHT (G_MAXINT - 2000)

static void weigh(dw_author_plan *p, const dw_anode *dir, int w)
{
    for (guint i = 0; dir->kids && i < dir->kids->len; i++) {
        const dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (S_ISDIR(k->mode))
            weigh(p, k, w);
        else if (k->file >= 0)
            g_array_index(p->files, dw_afile, k->file).weight = w;
    }
}

gboolean dw_author_bdmv_layout(dw_author_plan *p, GError **error)
{
    dw_anode *bdmv = kid(p->root, "BDMV");
    if (!bdmv || !S_ISDIR(bdmv->mode)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--bdmv: the tree has no /BDMV directory (upper case)");
        return FALSE;
    }
    if (!check_nav(bdmv, "index.bdmv", "INDX", error) || !check_nav(bdmv, "MovieObject.bdmv", "MOBJ", error))
        return FALSE;
    /* Navigation first, streams next, backups after; in each group the
     * scan's order (sorted names). */
    static const char *const order[] = { "PLAYLIST", "CLIPINF", "BDJO", "META", "AUXDATA", "JAR", "STREAM", "BACKUP" };
    weigh(p, bdmv, BD_WEIGHT - 20);
    for (guint i = 0; i < bdmv->kids->len; i++) {
        const dw_anode *k = g_ptr_array_index(bdmv->kids, i);
        if (!S_ISDIR(k->mode) && k->file >= 0)
            g_array_index(p->files, dw_afile, k->file).weight = !strcmp(k->name, "index.bdmv") ? BD_WEIGHT
                : !strcmp(k->name, "MovieObject.bdmv") ? BD_WEIGHT - 1 : BD_WEIGHT - 2;
    }
    for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
        const dw_anode *d = kid(bdmv, order[i]);
        if (d && S_ISDIR(d->mode))
            weigh(p, d, BD_WEIGHT - 3 - (int)i);
    }
    const dw_anode *cert = kid(p->root, "CERTIFICATE");
    if (cert && S_ISDIR(cert->mode))
        weigh(p, cert, BD_WEIGHT - 19);
    return TRUE;
}
