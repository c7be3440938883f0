/* fuzz_udf_tree.c: the UDF tree reader behind `discwright ls --tree udf`
 * and `extract --tree udf` (author/tree_udf.c, via dw_tree_read_src) on
 * hostile volumes described by fs_sparse.h; bit 0 of the input's fourth
 * byte reads damaged descriptors (--force).  Whatever the bytes, it
 * returns a sound tree or none (tree_check.h): every extent inside the
 * volume, sizes what the extents hold; never crashing, hanging or
 * leaking. */
#include "config.h"

#include "tests/fuzz/tree_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tree_fuzz_one(data, size, DW_TREE_UDF, size >= 4 && (data[3] & 1));
    return 0;
}
