/* fuzz_vdrive_rec.c: what the virtual recorder reads that a person or a
 * writer hands it: medium.json (parsed; whatever parses is written again
 * and must parse to the same sessions and tracks), and lead-in R-W
 * symbols, from which CD-TEXT packs are recovered (every pack kept must
 * carry a right CRC). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/vdrive/vd_rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vd_rec *r = calloc(1, sizeof *r);
    vd_rec *again = calloc(1, sizeof *again);
    if (!r || !again)
        abort();
    char err[256];
    if (vd_rec_json_parse(r, (const char *)data, size, err, sizeof err)) {
        char *text = vd_rec_json_write(r);
        if (!text || !vd_rec_json_parse(again, text, strlen(text), err, sizeof err))
            abort();
        if (again->n_sessions != r->n_sessions || again->n_tracks != r->n_tracks || again->status != r->status)
            abort();
        free(text);
    }
    for (size_t off = 0; off + 96 <= size; off += 96)
        vd_rec_cdtext_add(r, data + off);
    for (size_t k = 0; k < r->cdtext_len; k += 18) {
        uint16_t crc = (uint16_t)~vd_crc16(r->cdtext + k, 16);
        if (r->cdtext[k + 16] != (uint8_t)(crc >> 8) || r->cdtext[k + 17] != (uint8_t)crc)
            abort();
    }
    free(r->cdtext);
    free(r);
    free(again);
    return 0;
}
