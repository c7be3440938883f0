/* fuzz_iso_tree.c: the ISO 9660 / Joliet / Rock Ridge tree reader behind
 * `discwright ls` and `extract` (author/tree_iso.c with rr_read.c, via
 * dw_tree_read_src) on hostile volumes described by fs_sparse.h.  Bits
 * 4-5 of the input's third byte choose the tree (auto, iso, joliet, rr;
 * seeds made from real images have them clear: auto); bit 0 of the
 * fourth byte reads damaged descriptors (--force).  Whatever the bytes,
 * it returns a sound tree or none (tree_check.h), never crashing,
 * hanging or leaking. */
#include "config.h"

#include "tests/fuzz/tree_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const dw_tree_kind kinds[4] = { DW_TREE_AUTO, DW_TREE_ISO, DW_TREE_JOLIET, DW_TREE_RR };
    dw_tree_kind kind = size >= 3 ? kinds[(data[2] >> 4) & 3] : DW_TREE_AUTO;
    tree_fuzz_one(data, size, kind, size >= 4 && (data[3] & 1));
    return 0;
}
