/* fuzz_udf_attrs.c: our UDF File Entry reader (author/udf_attrs.c, used
 * by `discwright extract --tree udf`) on hostile volumes described by
 * fs_sparse.h: whatever the bytes, it returns a table of paths with
 * valid attributes or NULL, never crashing, hanging or leaking. */
#include "config.h"

#include <stdlib.h>

#include "author/udf_attrs.h"
#include "tests/fuzz/fs_sparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gboolean rd(void *user, uint32_t lba, guint8 out[2048])
{
    fs_sparse *s = user;
    if ((int64_t)lba >= s->sectors)
        return FALSE;
    return fs_sparse_read(s, lba, 1, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_sparse s;
    dw_fs_source src;
    fs_sparse_init(&s, &src, data, size);
    GHashTable *h = dw_udf_attrs_read(rd, &s, (uint64_t)s.sectors);
    if (!h)
        return 0;
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const dw_udf_attr *a = v;
        if (((const char *)k)[0] != '/' || (a->link && !g_utf8_validate(a->link, -1, NULL) && strlen(a->link) > 1 << 20))
            abort();
    }
    g_hash_table_unref(h);
    return 0;
}
