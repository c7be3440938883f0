/* ardb.c: (stub) */
#include "config.h"
#include "discwright/error.h"
#include "discwright/verify.h"
dw_ar_record *dw_ar_db_parse(const uint8_t *data, size_t len, const char *name, size_t *n, GError **error)
{ (void)data; (void)len; (void)name; (void)n; g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "not yet"); return NULL; }
void dw_audio_check_db(const dw_audio_sums *sums, const dw_ar_record *recs, size_t n, dw_report *r)
{ (void)sums; (void)recs; (void)n; (void)r; }
