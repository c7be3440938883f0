/* audio_private.h: what the verify/ audio files share: a sample source
 * over an image's audio (dw_sample_read_fn), zeros outside [lo, hi). */
#ifndef DW_VERIFY_AUDIO_PRIVATE_H
#define DW_VERIFY_AUDIO_PRIVATE_H

#include "discwright/audiodb.h"

typedef struct {
    const dw_image *img;
    int32_t lo, hi;              /* LBAs read from the image; zeros elsewhere */
} dw_image_src;

gboolean dw_image_samples(void *user, int64_t first, size_t count, uint32_t *out, GError **error);

#endif
