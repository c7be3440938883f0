/* fuzz_isosession.c: the session view of a multisession disc
 * (disc/isosession.c).  The input is the disc from block 16 on (blocks
 * 0-15 are zeros), served from a memfd, read as if its last session
 * started at block 0: the volume descriptors at 16, every directory,
 * path table and Rock Ridge continuation area walked and copied.  A view
 * that is made must hold the descriptors at 16. */
#define _GNU_SOURCE
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/isosession.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("isosession", 0);
    if (fd < 0)
        return 0;
    static const uint8_t zeros[16 * 2048];
    if (write(fd, zeros, sizeof zeros) != (ssize_t)sizeof zeros || (size && write(fd, data, size) != (ssize_t)size)) {
        close(fd);
        return 0;
    }
    GError *error = NULL;
    char *view = dw_iso_session_view_fd(fd, 0, "fuzz", &error);
    if (view) {
        uint8_t b[2048];
        int v = open(view, O_RDONLY);
        if (v < 0 || pread(v, b, sizeof b, 16 * 2048) != (ssize_t)sizeof b || memcmp(b + 1, "CD001", 5) != 0)
            abort();
        close(v);
        unlink(view);
        g_free(view);
    } else if (!error || error->domain != DW_ERROR) {
        abort();
    }
    g_clear_error(&error);
    close(fd);
    return 0;
}
