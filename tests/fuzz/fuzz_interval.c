/* fuzz_interval.c: xorriso's interval reader descriptions as
 * `discwright mkisofs` parses them (--interval:local_fs:START-END:
 * ZEROIZERS:FILE) and the zeroizers applied to the bytes read.  Input:
 * a description, a newline, then the bytes of the system area read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cmd_author.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t tl = nl ? (size_t)(nl - data) : size;
    char *spec = g_strndup((const char *)data, tl);
    dw_cli_interval iv;
    GError *e = NULL;
    if (dw_cli_interval_parse(spec, &iv, &e)) {
        size_t n = nl ? size - tl - 1 : 0;
        n = MIN(n, 32768);
        guint8 *buf = g_malloc(n ? n : 1);
        if (n)
            memcpy(buf, nl + 1, n);
        dw_cli_interval_zero(&iv, buf, n);
        g_free(buf);
        dw_cli_interval_clear(&iv);
    } else {
        g_clear_error(&e);
    }
    g_free(spec);
    return 0;
}
