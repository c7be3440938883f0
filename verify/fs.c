/* fs.c: run the ISO 9660 and UDF checks on an image: an ISO file is
 * read as it is; a raw CD image's first data track is read as its
 * 2048-byte user data (Mode 1 from byte 16, Mode 2 Form 1 from 24),
 * filesystem block 0 being the track's first sector (INDEX 01). */
#include "config.h"

#include "discwright/error.h"
#include "verify/fs_util.h"

typedef struct {
    const dw_image *img;
    const dw_image_span *span;
    int32_t base;                /* LBA of filesystem block 0 */
    uint8_t *raw;
} img_src;

static gboolean read_img(void *user, int64_t lba, uint32_t count, uint8_t *buf)
{
    img_src *s = user;
    if (s->span->sector_size == 2048)
        return dw_image_read(s->img, s->base + lba, (int32_t)count, buf, NULL);
    for (uint32_t i = 0; i < count; i++) {
        if (!dw_image_read(s->img, s->base + lba + i, 1, s->raw, NULL))
            return FALSE;
        size_t off = s->raw[15] == 2 ? 24 : 16;
        memcpy(buf + (size_t)i * 2048, s->raw + off, 2048);
    }
    return TRUE;
}

gboolean dw_verify_fs(const dw_image *img, dw_report *r, dw_job *job, GError **error)
{
    (void)job;
    (void)error;
    const dw_image_span *span = NULL;
    for (guint i = 0; i < img->spans->len && !span; i++) {
        const dw_image_span *s = &g_array_index(img->spans, dw_image_span, i);
        if (s->mode != DW_TRACK_AUDIO && (s->sector_size == 2048 || s->sector_size == 2352))
            span = s;
    }
    if (!span) {
        dw_report_add(r, DW_SEV_INFO, "fs", NULL, 0, -1, -1, "no data track: no filesystem to check");
        return TRUE;
    }
    uint8_t raw[2352];
    /* ISO 9660 addresses are absolute on a CD (a later session's volume
     * descriptors sit at its start + 16 and point anywhere before). */
    gboolean cd = span->sector_size == 2352;
    img_src s = { img, span, 0, raw };
    dw_fs_source src = { read_img, &s, (int64_t)span->lba + span->count, cd ? span->start : 0 };
    gboolean iso = dw_iso_check(&src, r);
    gboolean udf = dw_udf_check(&src, r);
    if (!iso && !udf)
        dw_report_add(r, DW_SEV_WARNING, "fs", NULL, span->track, span->start, -1,
                      "no ISO 9660 or UDF filesystem found in the data track");
    return TRUE;
}
