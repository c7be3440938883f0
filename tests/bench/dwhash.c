/* dwhash.c: hash files with libdiscwright's one-pass hasher and print
 * the digests like the coreutils tools do (benchmark driver). */
#include "config.h"

#include <stdio.h>

#include "discwright/hash.h"

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        dw_hash_result r;
        GError *error = NULL;
        if (!dw_hash_file(argv[i], 0, -1, DW_HASH_ALL, &r, &error)) {
            fprintf(stderr, "dwhash: %s\n", error->message);
            g_error_free(error);
            rc = 1;
            continue;
        }
        printf("%s  %s  %s  %s  %s\n", r.crc32_hex, r.md5_hex, r.sha1_hex, r.sha256_hex, argv[i]);
    }
    return rc;
}
