/* fuzz_boot_info.c: the El Torito / MBR / GPT reader (boot_info.c) on
 * hostile volumes described by fs_sparse.h, and its JSON: whatever the
 * bytes, it must return, never crash, hang or leak. */
#include "config.h"

#include "discwright/verify.h"
#include "tests/fuzz/fs_sparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_sparse s;
    dw_fs_source src;
    fs_sparse_init(&s, &src, data, size);
    dw_boot_info *b = g_new0(dw_boot_info, 1);
    (void)dw_boot_info_read(&src, b);
    g_free(dw_boot_info_to_json(b));
    g_free(b);
    return 0;
}
