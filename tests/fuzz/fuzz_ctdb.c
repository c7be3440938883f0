/* fuzz_ctdb.c: the CTDB lookup answer parser (XML through GMarkup).
 * Accepted entries must have at most 99 track CRCs; proving sums
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
    dw_ctdb_entry *e = dw_ctdb_parse((const char *)data, size, "fuzz.xml", &n, &error);
    if (!e) {
        if (!error || error->domain != DW_ERROR || error->code != DW_ERROR_PARSE)
            abort();
        g_clear_error(&error);
        return 0;
    }
    dw_audio_sums s;
    memset(&s, 0, sizeof s);
    dw_track_extra x[99];
    memset(x, 0, sizeof x);
    for (size_t i = 0; i < n; i++) {
        if (e[i].n_tracks < 0 || e[i].n_tracks > 99 || e[i].confidence < 0)
            abort();
        if (e[i].id[sizeof e[i].id - 1] != '\0')
            abort();
    }
    if (n) {
        s.n_tracks = e[0].n_tracks;
        s.ctdb_crc = e[0].crc32;
        for (int k = 0; k < s.n_tracks; k++)
            x[k].ctdb = e[0].track_crcs[k];
    }
    dw_audio_proof p;
    dw_audio_prove(&s, x, NULL, 0, e, n, &p);
    if (n && p.ctdb_disc_confidence < e[0].confidence)
        abort();
    g_free(e);
    return 0;
}
