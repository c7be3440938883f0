/* fuzz_rip_json.c: reading a rip's BASE.json back into a catalog record
 * (catalog/rip_record.c, through json-glib): any input either fails with
 * a DW_ERROR or gives a record whose fingerprint is 40 hex digits, whose
 * counts are not negative and whose tracks are numbered 1..99. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/catalog.h"
#include "discwright/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dw_catalog_disc *d = dw_catalog_disc_new();
    GError *e = NULL;
    if (!dw_catalog_parse_rip_json(d, (const char *)data, size, "x.json", &e)) {
        if (!e || e->domain != DW_ERROR)
            abort();
        g_error_free(e);
    } else {
        if (!d->fingerprint || strlen(d->fingerprint) != 40 || d->good < 0 || d->bad < 0 || d->sectors < 0)
            abort();
        for (guint i = 0; i < d->track_list->len; i++) {
            const dw_catalog_track *t = g_ptr_array_index(d->track_list, i);
            if (t->number < 1 || t->number > 99 || t->bad_sectors < 0)
                abort();
        }
        char *j = dw_catalog_disc_to_json(d);
        char *c = dw_catalog_disc_to_csv(d);
        if (!g_utf8_validate(j, -1, NULL))
            abort();
        g_free(j);
        g_free(c);
    }
    dw_catalog_disc_free(d);
    return 0;
}
