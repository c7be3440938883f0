/* fuzz_nrg.c: the Nero footer check (disc/nrg_check.c).  The input is a
 * whole .nrg file.  Either the check refuses it with DW_ERROR_PARSE, or
 * libcdio 2.1's NRG driver -- which the check stands in front of -- must
 * open it (from a memfd) without failing an assertion or crashing and
 * find at least one track. */
#define _GNU_SOURCE
#include "config.h"

#include <cdio/cdio.h>
#include <cdio/logging.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "discwright/error.h"
#include "disc/nrg_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(cdio_log_level_t level, const char message[])
{
    (void)message;
    if (level == CDIO_LOG_ASSERT)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t tail = size < DW_NRG_FOOTER_MAX ? size : DW_NRG_FOOTER_MAX;
    GError *error = NULL;
    if (!dw_nrg_check_tail(data + (size - tail), tail, size, "fuzz", &error)) {
        if (!error || error->domain != DW_ERROR || error->code != DW_ERROR_PARSE)
            abort();
        g_error_free(error);
        return 0;
    }
    /* Accepted: libcdio must cope. */
    cdio_log_set_handler(quiet);
    int fd = memfd_create("nrg", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    CdIo_t *cdio = cdio_open(path, DRIVER_NRG);
    if (!cdio)
        abort();
    track_t n = cdio_get_num_tracks(cdio);
    if (n == CDIO_INVALID_TRACK || n < 1 || n > 99)
        abort();
    cdio_destroy(cdio);
    close(fd);
    return 0;
}
