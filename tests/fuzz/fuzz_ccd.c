/* fuzz_ccd.c: the CloneCD .ccd parser, and the writer on whatever the
 * parser accepts (write -> parse must succeed again). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    dw_disc *disc = dw_ccd_parse((const char *)data, size, "fuzz.ccd", &error);
    if (!disc) {
        if (!error || error->domain != DW_ERROR)
            abort(); /* every failure must explain itself */
        g_error_free(error);
        return 0;
    }
    char *text = dw_ccd_write(disc);
    dw_disc *again = dw_ccd_parse(text, strlen(text), "rewritten.ccd", &error);
    if (!again)
        abort(); /* what we write we must read */
    if (again->n_tracks != disc->n_tracks || again->n_sessions != disc->n_sessions)
        abort();
    dw_disc_free(again);
    g_free(text);
    dw_disc_free(disc);
    return 0;
}
