/* fuzz_audiofile.c: the FLAC STREAMINFO and WAV chunk readers the cue
 * reader uses to size track files.  An accepted length must fit the
 * bytes (WAV) and be CD audio's. */
#include "config.h"

#include <stdlib.h>

#include "discwright/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t samples = 0;
    if (dw_audiofile_samples_of(data, size, size, &samples)) {
        if (samples == 0)
            abort();
        if (size >= 4 && data[0] == 'R' && samples * 4 > size)
            abort();
    }
    return 0;
}
