/* fuzz_rr_read.c: our Rock Ridge directory record reader
 * (author/rr_read.c, used by `discwright extract`) on hostile bytes:
 * the input is a directory extent, and continuation areas (CE) are
 * served from the same input by block number.  It must return records
 * whose strings are NUL-terminated and bounded, never crash, hang or
 * leak. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "author/rr_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const uint8_t *data;
    size_t size;
} input;

static gboolean rd(void *user, uint32_t lba, guint8 out[2048])
{
    const input *in = user;
    if ((uint64_t)lba * 2048 >= in->size)
        return FALSE;
    size_t off = (size_t)lba * 2048, n = MIN((size_t)2048, in->size - off);
    memset(out, 0, 2048);
    memcpy(out, in->data + off, n);
    return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = { data, size };
    size_t n = 0;
    dw_rr_record *r = dw_rr_dir_parse(data, size, size ? data[0] & 7 : 0, rd, &in, &n);
    for (size_t i = 0; i < n; i++) {
        /* NM and SL grow by at most one block's worth per continuation. */
        if ((r[i].nm && strlen(r[i].nm) > 64u * 1024 + 255) || (r[i].sl && strlen(r[i].sl) > 64u * 1024 + 512) ||
            !r[i].iso_id)
            abort();
    }
    dw_rr_records_free(r, n);
    return 0;
}
