/* tree_check.h: what the tree fuzz targets (fuzz_iso_tree, fuzz_udf_tree)
 * share: the fs_sparse.h input read as a dw_tree_src, and the checks on
 * the tree the reader returns -- parents before children, every recorded
 * extent inside the source, a file's extents adding up to its size,
 * symlink sizes matching their targets, names and paths NUL-terminated.
 * A violation aborts (the fuzzer saves the input). */
#ifndef DW_FUZZ_TREE_CHECK_H
#define DW_FUZZ_TREE_CHECK_H

#include <stdlib.h>
#include <string.h>

#include "author/tree_private.h"
#include "tests/fuzz/fs_sparse.h"

static gboolean tree_src_read(void *user, uint64_t lba, uint32_t count, guint8 *out)
{
    fs_sparse *s = user;
    if ((int64_t)(lba + count) > s->sectors)
        return FALSE;
    return fs_sparse_read(s, (int64_t)lba, count, out);
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
    fs_sparse s;
    dw_fs_source fsrc;
    fs_sparse_init(&s, &fsrc, data, size);
    dw_tree_src src = { tree_src_read, &s, (uint64_t)s.sectors };
    dw_image_tree *t = dw_tree_read_src(&src, "fuzz", kind, NULL, force ? DW_TREE_READ_DAMAGED : 0, NULL, NULL);
    if (t) {
        tree_check(t, src.blocks);
        dw_image_tree_free(t);
    }
}

#endif
