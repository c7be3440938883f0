/* fuzz_driveoffsets.c: AccurateRip's drive offset list parser
 * (DriveOffsets.bin).  Accepted entries have a model, a vendor of at
 * most 8 characters and an offset within +-2940; every entry must be
 * found again by its own names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    size_t n = 0;
    dw_drive_offset *d = dw_drive_offsets_parse(data, size, "fuzz.bin", &n, &error);
    if (!d) {
        if (!error || error->domain != DW_ERROR || error->code != DW_ERROR_PARSE)
            abort();
        g_clear_error(&error);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!d[i].model[0] || strlen(d[i].vendor) > 8 || d[i].offset < -2940 || d[i].offset > 2940)
            abort();
        const dw_drive_offset *f = dw_drive_offsets_find(d, n, d[i].vendor, d[i].model);
        if (!f)
            abort();
    }
    g_free(d);
    return 0;
}
