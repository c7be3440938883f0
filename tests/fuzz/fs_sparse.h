/* fs_sparse.h: the input format of the filesystem fuzz targets.  A
 * filesystem image is mostly zeros and far larger than a fuzz input, so
 * the input describes one sparsely: a 4-byte little-endian volume size
 * in sectors (taken modulo 2^20), then records of [sector u32le][length
 * u16le][length bytes], each placing bytes at the start of a sector;
 * everything else reads as zeros.  tests/fuzz/mkseed_fs.py makes seeds
 * from real images. */
#ifndef DW_FUZZ_FS_SPARSE_H
#define DW_FUZZ_FS_SPARSE_H

#include <stdint.h>
#include <string.h>

#include "discwright/verify.h"

typedef struct {
    const uint8_t *data;
    size_t size;
    int64_t sectors;
} fs_sparse;

static gboolean fs_sparse_read(void *user, int64_t lba, uint32_t count, uint8_t *buf)
{
    const fs_sparse *s = user;
    memset(buf, 0, (size_t)count * 2048);
    size_t pos = 4;
    while (pos + 6 <= s->size) {
        uint32_t sec = (uint32_t)s->data[pos] | (uint32_t)s->data[pos + 1] << 8 |
                       (uint32_t)s->data[pos + 2] << 16 | (uint32_t)s->data[pos + 3] << 24;
        size_t len = (size_t)(s->data[pos + 4] | s->data[pos + 5] << 8);
        pos += 6;
        if (len > s->size - pos)
            len = s->size - pos;
        if (len > 2048)
            len = 2048;
        if ((int64_t)sec >= lba && (int64_t)sec < lba + count)
            memcpy(buf + (size_t)(sec - lba) * 2048, s->data + pos, len);
        pos += len;
    }
    return TRUE;
}

static void fs_sparse_init(fs_sparse *s, dw_fs_source *src, const uint8_t *data, size_t size)
{
    s->data = data;
    s->size = size;
    s->sectors = size >= 4 ? (int64_t)((data[0] | data[1] << 8 | data[2] << 16 | (uint32_t)data[3] << 24) & 0xFFFFF) : 0;
    src->read = fs_sparse_read;
    src->user = s;
    src->sectors = s->sectors;
    src->session_start = 0;
}

#endif
