/* fuzz_cue.c: cue sheet parsing (with and without file lengths), then
 * writing what was parsed and parsing that again. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* File lengths derived from the name, so the placement code sees sizes. */
static int64_t fake_sectors(const char *path, uint32_t sector_size, void *user)
{
    (void)user;
    uint32_t h = sector_size;
    for (const char *p = path; *p; p++)
        h = h * 31 + (uint8_t)*p;
    return (h & 7) == 0 ? -1 : (int64_t)(h % 400000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int pass = 0; pass < 2; pass++) {
        dw_disc *d = dw_cue_parse((const char *)data, size, "fuzz.cue", pass ? fake_sectors : NULL, NULL, NULL);
        if (!d)
            continue;
        if (pass == 1) {         /* placement with file lengths only */
            dw_disc_free(d);
            continue;
        }
        dw_cue_write_opts opts = { .basename = "F", .single_file = (size & 1) != 0, .cdtext = TRUE };
        char *text = dw_cue_write(d, &opts);
        if (!text)
            abort();
        dw_disc *again = dw_cue_parse(text, strlen(text), "again.cue", NULL, NULL, NULL);
        dw_disc_free(again);
        g_free(text);
        dw_disc_free(d);
    }
    return 0;
}
