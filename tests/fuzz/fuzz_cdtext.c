/* fuzz_cdtext.c: CD-TEXT pack parsing, then building packs from what
 * was parsed and parsing those again (no pack may come back bad); the
 * same bytes as a CD-TEXT file (CDTEXTFILE: header, bare packs, a
 * trailing NUL), whose rebuilt file must parse again. */
#include "config.h"

#include <stdlib.h>

#include "discwright/cdtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dw_cdtext file = { 0 };
    if (dw_cdtext_file_parse(&file, data, size, NULL)) {
        size_t flen = 0;
        uint8_t *f = dw_cdtext_file_build(&file, &flen);
        dw_cdtext back = { 0 };
        if (f && !dw_cdtext_file_parse(&back, f, flen, NULL))
            abort();
        dw_cdtext_clear(&back);
        g_free(f);
    }
    dw_cdtext_clear(&file);
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
