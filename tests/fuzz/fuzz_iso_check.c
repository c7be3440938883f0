/* fuzz_iso_check.c: the iso checker on hostile volumes described by
 * fs_sparse.h: whatever the bytes, it must return with findings, never
 * crash, hang or leak. */
#include "config.h"

#include "discwright/verify.h"
#include "tests/fuzz/fs_sparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_sparse s;
    dw_fs_source src;
    fs_sparse_init(&s, &src, data, size);
    dw_report *r = dw_report_new();
    (void)dw_iso_check(&src, r);
    g_free(dw_report_to_json(r));
    dw_report_free(r);
    return 0;
}
