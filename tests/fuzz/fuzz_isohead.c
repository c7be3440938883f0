/* fuzz_isohead.c: the ISO head a burn reads before writing: the PVD test
 * and the search for the path table that tells where a multisession
 * image was made to start (mkisofs -C).  The input is the image from
 * block 16 on (the system area is zeros), served from a memfd. */
#define _GNU_SOURCE
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "burn/burn_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= DW_BURN_BLOCK) {
        uint32_t blocks = 0;
        char label[33];
        if (dw_burn_parse_pvd(data, &blocks, label) && (blocks < 17 || label[32] != '\0'))
            abort();
    }
    int fd = memfd_create("isohead", 0);
    if (fd < 0)
        return 0;
    static const uint8_t zeros[16 * DW_BURN_BLOCK];
    if (write(fd, zeros, sizeof zeros) == (ssize_t)sizeof zeros && (size == 0 || write(fd, data, size) == (ssize_t)size)) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        dw_burn_source *src = dw_burn_source_new_file(path, NULL);
        if (src) {
            int64_t start = dw_burn_iso_intended_start(src);
            if (start < -1)
                abort();
            dw_burn_source_free(src);
        }
    }
    close(fd);
    return 0;
}
