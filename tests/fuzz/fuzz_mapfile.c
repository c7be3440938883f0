/* fuzz_mapfile.c: the ddrescue mapfile parser, and the writer on whatever
 * the parser accepts (write -> parse gives the same runs). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/mapfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    /* Block size from the first byte: 1, 2048 or 2352. */
    uint32_t bs = size && (data[0] & 1) ? 2352 : 2048;
    dw_map *map = dw_map_parse((const char *)data, size, "fuzz.map", -1, bs, &error);
    if (!map) {
        if (!error || error->domain != DW_ERROR)
            abort();
        g_clear_error(&error);
        map = dw_map_parse((const char *)data, size, "fuzz.map", 100, 1, &error);
        if (!map) {
            g_clear_error(&error);
            return 0;
        }
    }
    char *text = dw_map_write(map);
    dw_map *again = dw_map_parse(text, strlen(text), "rewritten.map", -1, dw_map_block_size(map), &error);
    if (!again)
        abort();
    size_t n1, n2;
    const dw_map_run *r1 = dw_map_runs(map, &n1), *r2 = dw_map_runs(again, &n2);
    if (n1 != n2)
        abort();
    for (size_t i = 0; i < n1; i++)
        if (r1[i].pos != r2[i].pos || r1[i].size != r2[i].size || r1[i].status != r2[i].status)
            abort();
    /* Exercise the editing path with positions taken from the input. */
    for (size_t i = 0; i + 3 < size && i < 64; i += 4) {
        int64_t blocks = dw_map_blocks(map);
        int64_t pos = blocks ? data[i] % (blocks + 2) - 1 : 0;
        dw_map_set(map, pos, data[i + 1], (dw_map_status) "?*/-+"[data[i + 2] % 5]);
        (void)dw_map_get(map, data[i + 3]);
    }
    dw_map_free(again);
    g_free(text);
    dw_map_free(map);
    return 0;
}
