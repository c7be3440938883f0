/* dirblocks.c: ISO 9660 and Joliet directories (with their Rock Ridge
 * continuation areas) rendered when the stream reaches them instead of
 * being kept in memory for the whole run.  Layout gives each tree's
 * directories consecutive extents in path-table order, so one segment
 * per tree covers them and a block's directory is found by binary
 * search; the directory being streamed is rendered once into a buffer
 * that is dropped after its last block.  The bytes are those
 * dw_iso_dir_write() would have put in memory. */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

struct dw_dir_cache {
    const dw_anode *dir;         /* rendered directory, NULL for none */
    gboolean joliet;
    guint8 *buf;                 /* its extent, then its continuation area */
    uint32_t first, nblocks;
};

void dw_iso_dirs_free(dw_author_plan *p)
{
    if (p->dcache) {
        g_free(p->dcache->buf);
        g_free(p->dcache);
        p->dcache = NULL;
    }
}

static uint32_t dir_first(const dw_anode *d, gboolean joliet)
{
    return joliet ? d->jol_lba : d->iso_lba;
}

static uint32_t dir_blocks(const dw_anode *d, gboolean joliet)
{
    return joliet ? d->jol_size / BLK : (d->iso_size + d->ce_size) / BLK;
}

static void gen_tree(dw_author_plan *p, uint64_t lba, guint8 out[BLK], gboolean joliet)
{
    GPtrArray *dirs = joliet ? p->jdirs : p->dirs;
    /* The last directory starting at or before lba. */
    guint lo = 0, hi = dirs->len;
    while (hi - lo > 1) {
        guint mid = lo + (hi - lo) / 2;
        if (dir_first(g_ptr_array_index(dirs, mid), joliet) <= lba)
            lo = mid;
        else
            hi = mid;
    }
    dw_anode *d = g_ptr_array_index(dirs, lo);
    struct dw_dir_cache *c = p->dcache;
    if (!c)
        c = p->dcache = g_new0(struct dw_dir_cache, 1);
    if (c->dir != d || c->joliet != joliet) {
        g_free(c->buf);
        c->dir = d;
        c->joliet = joliet;
        c->first = dir_first(d, joliet);
        c->nblocks = dir_blocks(d, joliet);
        c->buf = g_malloc0((size_t)c->nblocks * BLK);
        if (joliet)
            dw_iso_dir_write(p, d, TRUE, c->buf, NULL);
        else
            dw_iso_dir_write(p, d, FALSE, c->buf, d->ce_size ? c->buf + d->iso_size : NULL);
    }
    uint64_t off = lba - c->first;
    if (off >= c->nblocks) {
        memset(out, 0, BLK);
        return;
    }
    memcpy(out, c->buf + off * BLK, BLK);
    if (off + 1 == c->nblocks) {
        g_free(c->buf); /* its last block: the stream moves on */
        c->buf = NULL;
        c->dir = NULL;
    }
}

static void gen_iso(dw_author_plan *p, uint64_t lba, guint8 out[BLK])
{
    gen_tree(p, lba, out, FALSE);
}

static void gen_joliet(dw_author_plan *p, uint64_t lba, guint8 out[BLK])
{
    gen_tree(p, lba, out, TRUE);
}

void dw_iso_dirs_segments(dw_author_plan *p, gboolean joliet)
{
    GPtrArray *dirs = joliet ? p->jdirs : p->dirs;
    if (!dirs || dirs->len == 0)
        return;
    const dw_anode *a = g_ptr_array_index(dirs, 0), *z = g_ptr_array_index(dirs, dirs->len - 1);
    uint64_t first = dir_first(a, joliet), end = dir_first(z, joliet) + dir_blocks(z, joliet);
    dw_aseg s = { .lba = first, .nblocks = end - first, .file = -1, .gen = joliet ? gen_joliet : gen_iso };
    g_array_append_val(p->segments, s);
}
