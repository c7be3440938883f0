/* fuzz_hashlist.c: the reference hash list parsers (discwright sidecar,
 * DAT XML through GMarkup, coreutils sum files) and the AccurateRip
 * binary database parser.  The first byte picks the name (and so the
 * kind); accepted sidecars must survive a write -> parse round trip. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = { "x.hash", "x.dat", "x.md5", "x.sha1", "x.sha256", "x.bin" };
    if (size < 1)
        return 0;
    const char *name = names[data[0] % G_N_ELEMENTS(names)];
    data++;
    size--;
    GError *error = NULL;
    if (strcmp(name, "x.bin") == 0) {
        size_t n = 0;
        dw_ar_record *recs = dw_ar_db_parse(data, size, name, &n, &error);
        if (!recs && (!error || error->domain != DW_ERROR))
            abort();
        g_clear_error(&error);
        g_free(recs);
        return 0;
    }
    dw_hashlist *l = dw_hashlist_parse((const char *)data, size, name, &error);
    if (!l) {
        if (!error || error->domain != DW_ERROR)
            abort();
        g_clear_error(&error);
        return 0;
    }
    if (l->kind == DW_HASHLIST_SIDECAR) {
        char *text = dw_hashlist_write_sidecar(l);
        dw_hashlist *again = dw_hashlist_parse(text, strlen(text), "again.hash", &error);
        if (!again || again->entries->len != l->entries->len)
            abort();
        dw_hashlist_free(again);
        g_free(text);
    }
    dw_hashlist_free(l);
    return 0;
}
