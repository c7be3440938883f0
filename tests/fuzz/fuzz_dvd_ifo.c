/* fuzz_dvd_ifo.c: the DVD-Video IFO layout reader (disc/dvd_ifo.c).
 * Input: a count byte, then two bytes per file (a name from the table
 * below, a size in sectors), then the files' first bytes, 8 KiB a file
 * (what lies past the input reads as zeros).  Either dw_dvd_plan fails
 * with DW_ERROR_PARSE, or it gives every file a start at or after the
 * end of the file before it, inside DW_DVD_MAX_SECTORS. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "disc/dvd_ifo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *names[] = {
    "VIDEO_TS.IFO", "VIDEO_TS.VOB", "VIDEO_TS.BUP", "VTS_01_0.IFO", "VTS_01_0.VOB", "VTS_01_1.VOB",
    "VTS_01_2.VOB", "VTS_01_0.BUP", "VTS_02_0.IFO", "VTS_02_0.VOB", "VTS_02_1.VOB", "VTS_02_0.BUP",
    "VTS_03_0.IFO", "VTS_03_1.VOB", "VTS_03_0.BUP", "VTS_01_9.VOB", "VTS_99_0.IFO", "VIDEO_TS.TXT",
};
#define REGION 8192u

typedef struct {
    const uint8_t *body;
    size_t len;
} input;

static gboolean rd(void *user, const dw_dvd_file *f, uint64_t off, guint8 *buf, size_t len, GError **error)
{
    const input *in = user;
    size_t idx = (size_t)(uintptr_t)f->user;
    if (off + len > f->size)
        abort(); /* the reader must stay inside the file */
    (void)error;
    for (size_t i = 0; i < len; i++) {
        uint64_t at = (uint64_t)idx * REGION + off + i;
        buf[i] = off + i < REGION && at < in->len ? in->body[at] : 0;
    }
    return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n = data[0] % 17;
    if (size < 1 + 2 * n)
        return 0;
    dw_dvd_file files[16];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        dw_dvd_file f;
        if (!dw_dvd_file_parse(names[data[1 + 2 * i] % G_N_ELEMENTS(names)], &f))
            continue;
        f.size = (uint64_t)data[2 + 2 * i] * DW_DVD_SECTOR;
        f.user = (void *)(uintptr_t)i;
        files[k++] = f;
    }
    input in = { data + 1 + 2 * n, size - 1 - 2 * n };
    GError *error = NULL;
    if (!dw_dvd_plan(files, k, rd, &in, &error)) {
        if (!error || error->domain != DW_ERROR || error->code != DW_ERROR_PARSE)
            abort();
        g_error_free(error);
        return 0;
    }
    uint64_t end = 0;
    for (size_t i = 0; i < k; i++) {
        if (files[i].size == 0)
            continue;
        if (files[i].start < end || files[i].start >= 4ull * DW_DVD_MAX_SECTORS || !files[i].field)
            abort();
        end = files[i].start + files[i].size / DW_DVD_SECTOR;
    }
    return 0;
}
