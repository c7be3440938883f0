/* mksamples.c: writes the ground-truth sample discs (see samples.h and
 * sample_defs.c) used by the tests and the README demo:
 *   mksamples OUTDIR [NAME...]
 * With no NAME every sample is written: NAME.ccd/.img/.sub (CloneCD) and
 * NAME.truth.json (the disc model) per CD, dvd.iso for the DVD.  Output files appear atomically
 * (temporary name + rename). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "samples/samples.h"

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: %s OUTDIR [NAME...]\nsamples:", argv[0]);
        for (const char *const *n = dws_sample_names(); *n; n++)
            fprintf(stderr, " %s", *n);
        fputc('\n', stderr);
        return 2;
    }
    if (g_mkdir_with_parents(argv[1], 0777) != 0) {
        fprintf(stderr, "mksamples: %s: %s\n", argv[1], g_strerror(errno));
        return 1;
    }
    const char *const *names = argc > 2 ? (const char *const *)(argv + 2) : dws_sample_names();
    for (const char *const *n = names; *n; n++) {
        GError *error = NULL;
        dws_sample *s = dws_sample_new(*n, &error);
        if (!s || !dws_sample_write(s, argv[1], &error)) {
            fprintf(stderr, "mksamples: %s\n", error->message);
            g_error_free(error);
            dws_sample_free(s);
            return 1;
        }
        dws_sample_free(s);
    }
    return 0;
}
