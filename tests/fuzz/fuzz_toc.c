/* fuzz_toc.c: the cdrdao .toc parser, and the one-BIN writer on whatever
 * the parser accepts (write -> parse must succeed with the same tracks). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every file is 1000 sectors of 2352 bytes long, so lengths may be left
 * out (the toc reader asks for bytes, with sector size 1). */
static int64_t thousand(const char *path, uint32_t sector_size, void *user)
{
    (void)path;
    (void)user;
    return sector_size == 1 ? 1000 * 2352 : 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    dw_disc *disc = dw_toc_parse((const char *)data, size, "fuzz.toc", thousand, NULL, &error);
    if (!disc) {
        if (!error || error->domain != DW_ERROR)
            abort();
        g_error_free(error);
        return 0;
    }
    char *text = dw_toc_write(disc, "fuzz.bin");
    dw_disc *again = dw_toc_parse(text, strlen(text), "rewritten.toc", NULL, NULL, &error);
    if (!again)
        abort();
    if (again->n_tracks != disc->n_tracks)
        abort();
    for (int i = 0; i < disc->n_tracks; i++)
        if (again->tracks[i].start != disc->tracks[i].start || again->tracks[i].length != disc->tracks[i].length)
            abort();
    dw_disc_free(again);
    g_free(text);
    dw_disc_free(disc);
    return 0;
}
