/* fuzz_author_prev.c: the reader of a previous session (author/prev.c)
 * through the public API: a plan that continues the image in the input
 * (served from block 16 on; blocks 0..15 read as zeros, blocks past the
 * input fail to read) with no new sources, then the new session's
 * superblock and whole stream rendered. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/author.h"
#include "discwright/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const uint8_t *data;
    size_t size;
} input;

static gboolean read_input(void *user, uint64_t lba, void *buf, size_t n, GError **error)
{
    const input *in = user;
    for (size_t i = 0; i < n; i++) {
        uint8_t *out = (uint8_t *)buf + i * DW_AUTHOR_BLOCK;
        uint64_t b = lba + i;
        if (b < 16) {
            memset(out, 0, DW_AUTHOR_BLOCK);
            continue;
        }
        uint64_t off = (b - 16) * DW_AUTHOR_BLOCK;
        if (off >= in->size) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "block %" G_GUINT64_FORMAT " beyond the input", b);
            return FALSE;
        }
        size_t take = MIN((size_t)DW_AUTHOR_BLOCK, in->size - (size_t)off);
        memcpy(out, in->data + off, take);
        memset(out + take, 0, DW_AUTHOR_BLOCK - take);
    }
    return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = { data, size };
    dw_author_options o;
    dw_author_options_init(&o);
    o.prev_read = read_input;
    o.prev_user = &in;
    o.date_set = TRUE;
    o.date = 1700000000;
    dw_author_plan *plan = dw_author_plan_new(&o, NULL, NULL);
    if (!plan)
        return 0;
    if (dw_author_plan_blocks(plan) > (64u << 20) / DW_AUTHOR_BLOCK || dw_author_plan_start(plan) == 0)
        abort();
    guint8 *sb = g_malloc(65536);
    if (!dw_author_plan_superblock(plan, sb, NULL) || memcmp(sb + 16 * DW_AUTHOR_BLOCK + 1, "CD001", 5) != 0)
        abort();
    g_free(sb);
    dw_author_stream *s = dw_author_stream_new(plan, NULL);
    guint8 *buf = g_malloc(1 << 16);
    uint64_t total = 0;
    gssize n;
    while ((n = dw_author_stream_read(s, buf, 1 << 16, NULL)) > 0)
        total += (uint64_t)n;
    if (n < 0 || total != dw_author_plan_blocks(plan) * DW_AUTHOR_BLOCK)
        abort();
    g_free(buf);
    dw_author_stream_free(s);
    dw_author_plan_free(plan);
    return 0;
}
