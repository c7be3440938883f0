/* audio.c: (stub) */
#include "config.h"
#include "discwright/error.h"
#include "discwright/verify.h"
gboolean dw_audio_compute(const dw_image *img, dw_audio_sums *out, dw_job *job, GError **error)
{ (void)img; (void)out; (void)job; g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "not yet"); return FALSE; }
void dw_audio_report(const dw_audio_sums *sums, dw_report *r) { (void)sums; (void)r; }
