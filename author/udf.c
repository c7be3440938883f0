/* udf.c: placeholder until the UDF bridge lands. */
#include "config.h"

#include "author/author_private.h"

gboolean dw_udf_layout(dw_author_plan *p, uint32_t *next_lba, GError **error)
{
    (void)p;
    (void)next_lba;
    g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "UDF is not implemented yet");
    return FALSE;
}
void dw_udf_write(dw_author_plan *p) { (void)p; }
void dw_udf_anchor_write(dw_author_plan *p, guint8 out[BLK]) { (void)p; (void)out; }
void dw_udf_vrs_write(dw_author_plan *p, int i, guint8 out[BLK]) { (void)p; (void)i; (void)out; }
