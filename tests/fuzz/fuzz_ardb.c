/* fuzz_ardb.c: the AccurateRip response parser (dBAR-...bin).  Accepted
 * input must hold whole records whose counts fit, and proving sums
 * against them must stay in bounds. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    size_t n = 0;
    dw_ar_record *recs = dw_ar_db_parse(data, size, "fuzz.bin", &n, &error);
    if (!recs) {
        if (!error || error->domain != DW_ERROR || error->code != DW_ERROR_PARSE)
            abort();
        g_clear_error(&error);
        return 0;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        if (recs[i].n_tracks < 1 || recs[i].n_tracks > 99)
            abort();
        bytes += 13 + 9 * (size_t)recs[i].n_tracks;
    }
    if (bytes != size)
        abort();
    /* Prove made-up sums with the first record's ids against them all. */
    dw_audio_sums s;
    memset(&s, 0, sizeof s);
    s.n_tracks = recs[0].n_tracks;
    s.ar_id1 = recs[0].id1;
    s.ar_id2 = recs[0].id2;
    s.cddb_id = recs[0].cddb;
    for (int k = 0; k < s.n_tracks; k++) {
        s.tracks[k].track = k + 1;
        s.tracks[k].ar_v1 = recs[0].crc[k];
    }
    dw_audio_proof p;
    dw_audio_prove(&s, NULL, recs, n, NULL, 0, &p);
    if (!p.ar_found)
        abort();
    g_free(recs);
    return 0;
}
