/* progress.c: watching an asynchronous libburn operation (write, blank,
 * format).  struct burn_progress has sectors and drive buffer fill but no
 * rate or ETA: the sectors go into the job, whose snapshot computes rate
 * and ETA from deltas; the FIFO fill comes from burn_fifo_inquire_status.
 * Cancel from the job, or a signal caught through libburn's own signal
 * handling, becomes burn_drive_cancel(), and we wait for the drive to go
 * idle so that Ctrl-C never leaves the drive locked or the process hung. */
#include "config.h"

#include <signal.h>

#include "burn/burn_private.h"

static dw_job *volatile signal_job;
static volatile sig_atomic_t signal_seen;

static int on_signal(void *handle, int signum, int flag)
{
    (void)handle;
    (void)flag;
    if (signum == SIGPIPE || signum == SIGCHLD || signum == SIGWINCH || signum == SIGCONT)
        return -2;
    signal_seen = 1;
    dw_job *job = signal_job;
    if (job)
        dw_job_cancel_async_safe(job);
    return -2;                   /* keep running: the poll loop cancels and waits for idle */
}

void dw_burn_signals_begin(dw_job *job)
{
    signal_job = job;
    signal_seen = 0;
    /* Mode 0 with our handler: libburn's wrapper calls on_signal; bit8 ignores SIGPIPE. */
    burn_set_signal_handling(NULL, on_signal, 0x100);
}

void dw_burn_signals_end(void)
{
    signal_job = NULL;
    burn_set_signal_handling(NULL, NULL, 1);   /* back to the system defaults */
}

void dw_burn_poll(dw_burn_drive *drive, struct burn_source *fifo, dw_job *job, gboolean blocks_progress,
                  dw_burn_poll_result *res)
{
    res->fifo_min_fill = -1;
    res->cancelled = FALSE;
    gboolean cancel_sent = FALSE;
    /* Wait for the operation to leave the spawning state first. */
    for (int i = 0; i < 200 && burn_drive_get_status(drive->d, NULL) == BURN_DRIVE_SPAWNING; i++)
        g_usleep(10000);
    for (;;) {
        struct burn_progress p;
        enum burn_drive_status s = burn_drive_get_status(drive->d, &p);
        if (s == BURN_DRIVE_IDLE)
            break;
        if (job) {
            if (blocks_progress && p.sectors > 0 && p.sector >= 0)
                dw_job_set_done(job, (uint64_t)p.sector, (uint64_t)p.sector * DW_BURN_BLOCK);
            else if (!blocks_progress && p.sectors > 0)
                dw_job_set_done(job, (uint64_t)p.sector, 0);
            int buf = -1, ff = -1;
            if (p.buffer_capacity > 0)
                buf = (int)(100.0 * (double)(p.buffer_capacity - p.buffer_available) / p.buffer_capacity);
            if (fifo) {
                int size = 0, free_bytes = 0;
                char *st = NULL;
                if (burn_fifo_inquire_status(fifo, &size, &free_bytes, &st) >= 0 && size > 0) {
                    ff = (int)(100.0 * (double)(size - free_bytes) / size);
                    /* The minimum only counts once consumption has started. */
                    if (p.sector > 0 && (res->fifo_min_fill < 0 || ff < res->fifo_min_fill))
                        res->fifo_min_fill = ff;
                }
            }
            dw_job_set_buffer(job, buf, ff);
        }
        if (!cancel_sent && ((job && dw_job_is_cancelled(job)) || signal_seen || burn_is_aborting(0))) {
            if (job)
                dw_job_log(job, DW_LOG_WARNING, "cancelling: waiting for the drive to stop");
            burn_drive_cancel(drive->d);
            cancel_sent = TRUE;
            res->cancelled = TRUE;
        }
        dw_burn_drain_messages(job, NULL);
        g_usleep(cancel_sent ? 20000 : 100000);
    }
    if (job && dw_job_is_cancelled(job))
        res->cancelled = TRUE;
}
