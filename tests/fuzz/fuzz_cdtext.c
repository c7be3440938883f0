/* fuzz_cdtext.c: CD-TEXT pack parsing, then building packs from what
 * was parsed and parsing those again (no pack may come back bad). */
#include "config.h"

#include <stdlib.h>

#include "discwright/cdtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dw_cdtext cdt = { 0 };
    unsigned bad = 0;
    bool header = size > 0 && (data[0] & 1);
    if (size > 0) {
        data++;
        size--;
    }
    if (!dw_cdtext_parse(&cdt, data, size, header, &bad, NULL)) {
        dw_cdtext_clear(&cdt);
        return 0;
    }
    size_t len = 0;
    uint8_t *packs = dw_cdtext_build(&cdt, &len);
    if (packs) {
        dw_cdtext again = { 0 };
        unsigned bad2 = 0;
        if (!dw_cdtext_parse(&again, packs, len, false, &bad2, NULL) || bad2 != 0)
            abort();
        dw_cdtext_clear(&again);
        g_free(packs);
    }
    dw_cdtext_clear(&cdt);
    return 0;
}
