/* tree_check.h: what the tree fuzz targets (fuzz_iso_tree, fuzz_udf_tree)
 * share: the fs_sparse.h input format read as a dw_tree_src (indexed),
 * and the checks on
 * the tree the reader returns -- parents before children, every recorded
 * extent inside the source, a file's extents adding up to its size,
 * symlink sizes matching their targets, names and paths NUL-terminated.
 * A violation aborts (the fuzzer saves the input). */
#ifndef DW_FUZZ_TREE_CHECK_H
#define DW_FUZZ_TREE_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "author/tree_private.h"

/* The records of the input indexed by sector (the tree readers read
 * many blocks; fs_sparse_read scans the whole input for each).  Reads
 * give the bytes fs_sparse_read would: every record of a sector applied
 * in input order over zeros. */
typedef struct {
    uint32_t sector;
    uint32_t order;
    const uint8_t *p;
    size_t len;
} sp_rec;

typedef struct {
    sp_rec *rec;
    size_t n;
    int64_t sectors;
} sp_index;

static int sp_cmp(const void *a, const void *b)
{
    const sp_rec *x = a, *y = b;
    if (x->sector != y->sector)
        return x->sector < y->sector ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void sp_index_init(sp_index *ix, const uint8_t *data, size_t size)
{
    ix->sectors = size >= 4 ? (int64_t)((data[0] | data[1] << 8 | data[2] << 16 | (uint32_t)data[3] << 24) & 0xFFFFF)
                            : 0;
    ix->n = 0;
    ix->rec = NULL;
    size_t cap = 0, pos = 4;
    while (pos + 6 <= size) {
        uint32_t sec = (uint32_t)data[pos] | (uint32_t)data[pos + 1] << 8 | (uint32_t)data[pos + 2] << 16 |
                       (uint32_t)data[pos + 3] << 24;
        size_t len = (size_t)(data[pos + 4] | data[pos + 5] << 8);
        pos += 6;
        if (len > size - pos)
            len = size - pos;
        if (len > 2048)
            len = 2048;          /* as fs_sparse_read: the rest of a longer record is the next record */
        if (ix->n == cap) {
            cap = cap ? 2 * cap : 64;
            ix->rec = realloc(ix->rec, cap * sizeof *ix->rec);
            if (!ix->rec)
                abort();
        }
        ix->rec[ix->n] = (sp_rec){ sec, (uint32_t)ix->n, data + pos, len };
        ix->n++;
        pos += len;
    }
    if (ix->n)
        qsort(ix->rec, ix->n, sizeof *ix->rec, sp_cmp);
}

static gboolean tree_src_read(void *user, uint64_t lba, uint32_t count, guint8 *out)
{
    const sp_index *ix = user;
    if ((int64_t)(lba + count) > ix->sectors)
        return FALSE;
    memset(out, 0, (size_t)count * 2048);
    for (uint32_t k = 0; k < count; k++) {
        uint64_t want = lba + k;
        size_t lo = 0, hi = ix->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ix->rec[mid].sector < want)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < ix->n && ix->rec[i].sector == want; i++)
            memcpy(out + (size_t)k * 2048, ix->rec[i].p, ix->rec[i].len);
    }
    return TRUE;
}

static void tree_check(const dw_image_tree *t, uint64_t blocks)
{
    for (size_t i = 0; i < t->n; i++) {
        const dw_image_entry *e = &t->entries[i];
        if (!e->path || !e->name || e->parent >= (int)i || (i > 0 && e->parent < 0))
            abort();
        if (e->hardlink_of >= (int)i)
            abort();
        uint64_t sum = 0;
        for (size_t x = 0; x < e->n_extents; x++) {
            const dw_image_extent *d = &e->extents[x];
            if (!d->zero && ((uint64_t)d->lba * 2048 + d->offset + d->bytes > blocks * 2048 || d->bytes == 0))
                abort();
            sum += d->bytes;
        }
        if (e->type == DW_ENTRY_FILE && sum != e->size)
            abort();
        if (e->type == DW_ENTRY_SYMLINK && (!e->link || strlen(e->link) != e->size))
            abort();
    }
}

static void tree_fuzz_one(const uint8_t *data, size_t size, dw_tree_kind kind, gboolean force)
{
    sp_index ix;
    sp_index_init(&ix, data, size);
    dw_tree_src src = { tree_src_read, &ix, (uint64_t)ix.sectors };
    dw_image_tree *t = dw_tree_read_src(&src, "fuzz", kind, NULL, force ? DW_TREE_READ_DAMAGED : 0, NULL, NULL);
    if (t) {
        tree_check(t, src.blocks);
        dw_image_tree_free(t);
    }
    free(ix.rec);
}

#endif
