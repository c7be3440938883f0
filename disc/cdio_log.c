/* cdio_log.c: one libcdio log handler for the process; each message goes
 * to the job of the thread that caused it (see cdio_log.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cdio/logging.h>

#include "disc/cdio_log.h"

static GPrivate current_job;  /* dw_job * of this thread, borrowed */

static void handler(cdio_log_level_t level, const char message[])
{
    size_t n = message ? strlen(message) : 0;
    while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' '))
        n--;
    dw_job *job = g_private_get(&current_job);
    dw_log_level to = level >= CDIO_LOG_WARN ? DW_LOG_INFO : DW_LOG_DEBUG;
    if (n > 0) {
        if (job)
            dw_job_log(job, to, "libcdio: %.*s", (int)n, message);
        else
            g_debug("libcdio: %.*s", (int)n, message);
    }
    /* libcdio's own handler aborts on a failed assertion and the code
     * after it assumes it never returns. */
    if (level == CDIO_LOG_ASSERT)
        abort();
}

dw_job *dw_cdio_log_enter(dw_job *job)
{
    static gsize installed;
    if (g_once_init_enter(&installed)) {
        cdio_log_set_handler(handler);
        g_once_init_leave(&installed, 1);
    }
    dw_job *previous = g_private_get(&current_job);
    g_private_set(&current_job, job);
    return previous;
}

void dw_cdio_log_leave(dw_job *previous)
{
    g_private_set(&current_job, previous);
}
