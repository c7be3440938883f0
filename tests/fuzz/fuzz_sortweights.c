/* fuzz_sortweights.c: the --sort weights file parser (author/tree.c):
 * any input either parses into path -> weight entries within range, or
 * fails with a DW_ERROR. */
#include "config.h"

#include <stdlib.h>

#include "author/author_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    GHashTable *h = dw_author_parse_weights((const char *)data, size, "fuzz.sort", &error);
    if (!h) {
        if (!error || error->domain != DW_ERROR || error->code != DW_ERROR_PARSE)
            abort();
        g_error_free(error);
        return 0;
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, h);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        int w = GPOINTER_TO_INT(v) - 1000000;
        if (w < -999999 || w > 999999 || !g_utf8_validate(k, -1, NULL))
            abort();
    }
    g_hash_table_unref(h);
    return 0;
}
