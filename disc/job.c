/* job.c: progress, cancel and logging for long operations (job.h).
 *
 * A worker updates counters under a mutex; front ends take snapshots.
 * The transfer rate is computed over a sliding window of samples taken
 * as the worker advances (at most one sample per 100 ms), so the rate
 * and ETA follow the recent speed rather than the average since start.
 * Cancellation is a GCancellable plus an atomic flag that a signal
 * handler may set.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/job.h"
#include "disc/job_private.h"

#define DW_RATE_SAMPLES 32
#define DW_RATE_WINDOW_US (5 * G_USEC_PER_SEC)
#define DW_RATE_STEP_US (100 * 1000)

typedef struct {
    gint64 t;                    /* monotonic microseconds */
    uint64_t done;
    uint64_t bytes;
} rate_sample;

struct dw_job {
    GMutex lock;
    GCancellable *cancellable;
    volatile gint cancel_flag;   /* set from signal handlers */
    dw_job_clock_fn clock;       /* monotonic microseconds; tests may replace it */
    void *clock_user;
    dw_log_fn log_fn;
    void *log_user;
    gint64 started;
    dw_progress p;
    rate_sample ring[DW_RATE_SAMPLES];
    unsigned ring_head;          /* next slot to write */
    unsigned ring_len;
};

static gint64 real_clock(void *user)
{
    (void)user;
    return g_get_monotonic_time();
}

void dw_job_set_clock(dw_job *job, dw_job_clock_fn clock, void *user)
{
    g_mutex_lock(&job->lock);
    job->clock = clock ? clock : real_clock;
    job->clock_user = user;
    job->started = job->clock(job->clock_user);
    g_mutex_unlock(&job->lock);
}

dw_job *dw_job_new(void)
{
    dw_job *job = g_new0(dw_job, 1);
    g_mutex_init(&job->lock);
    job->cancellable = g_cancellable_new();
    job->clock = real_clock;
    job->started = job->clock(NULL);
    job->p.unit = "sectors";
    job->p.eta_seconds = -1;
    job->p.buffer_fill = -1;
    job->p.fifo_fill = -1;
    return job;
}

void dw_job_free(dw_job *job)
{
    if (!job)
        return;
    g_object_unref(job->cancellable);
    g_mutex_clear(&job->lock);
    g_free(job);
}

void dw_job_set_log(dw_job *job, dw_log_fn fn, void *user)
{
    g_mutex_lock(&job->lock);
    job->log_fn = fn;
    job->log_user = user;
    g_mutex_unlock(&job->lock);
}

void dw_job_log(dw_job *job, dw_log_level level, const char *fmt, ...)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    dw_log_fn fn = job->log_fn;
    void *user = job->log_user;
    g_mutex_unlock(&job->lock);
    if (!fn)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fn(level, msg, user);
    g_free(msg);
}

/* Caller holds the lock. */
static void push_sample(dw_job *job, gboolean force)
{
    gint64 now = job->clock(job->clock_user);
    if (!force && job->ring_len > 0) {
        unsigned last = (job->ring_head + DW_RATE_SAMPLES - 1) % DW_RATE_SAMPLES;
        if (now - job->ring[last].t < DW_RATE_STEP_US)
            return;
    }
    job->ring[job->ring_head] = (rate_sample){ now, job->p.done, job->p.bytes };
    job->ring_head = (job->ring_head + 1) % DW_RATE_SAMPLES;
    if (job->ring_len < DW_RATE_SAMPLES)
        job->ring_len++;
}

void dw_job_begin_phase(dw_job *job, const char *phase, uint64_t total, const char *unit)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    g_strlcpy(job->p.phase, phase ? phase : "", sizeof job->p.phase);
    job->p.total = total;
    job->p.unit = unit ? unit : "sectors";
    job->p.done = 0;
    job->p.bytes = 0;
    job->ring_len = 0;
    job->ring_head = 0;
    push_sample(job, TRUE);
    g_mutex_unlock(&job->lock);
}

void dw_job_advance(dw_job *job, uint64_t units, uint64_t bytes)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    job->p.done += units;
    job->p.bytes += bytes;
    push_sample(job, FALSE);
    g_mutex_unlock(&job->lock);
}

void dw_job_set_done(dw_job *job, uint64_t done, uint64_t bytes)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    job->p.done = done;
    job->p.bytes = bytes;
    push_sample(job, FALSE);
    g_mutex_unlock(&job->lock);
}

void dw_job_set_track(dw_job *job, int track)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    job->p.track = track;
    g_mutex_unlock(&job->lock);
}

void dw_job_add_retry(dw_job *job)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    job->p.retries++;
    g_mutex_unlock(&job->lock);
}

void dw_job_add_error(dw_job *job)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    job->p.errors++;
    g_mutex_unlock(&job->lock);
}

void dw_job_set_buffer(dw_job *job, int buffer_fill, int fifo_fill)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    job->p.buffer_fill = buffer_fill;
    job->p.fifo_fill = fifo_fill;
    g_mutex_unlock(&job->lock);
}

void dw_job_finish(dw_job *job)
{
    if (!job)
        return;
    g_mutex_lock(&job->lock);
    push_sample(job, TRUE);
    job->p.finished = TRUE;
    g_mutex_unlock(&job->lock);
}

void dw_job_snapshot(dw_job *job, dw_progress *out)
{
    g_mutex_lock(&job->lock);
    *out = job->p;
    gint64 now = job->clock(job->clock_user);
    out->elapsed_seconds = (double)(now - job->started) / G_USEC_PER_SEC;
    out->bytes_per_sec = 0;
    out->eta_seconds = -1;
    if (job->ring_len >= 1) {
        /* Oldest sample still inside the window, against the current counters. */
        unsigned newest = (job->ring_head + DW_RATE_SAMPLES - 1) % DW_RATE_SAMPLES;
        unsigned oldest = newest;
        for (unsigned k = 1; k < job->ring_len; k++) {
            unsigned idx = (newest + DW_RATE_SAMPLES - k) % DW_RATE_SAMPLES;
            if (now - job->ring[idx].t > DW_RATE_WINDOW_US)
                break;
            oldest = idx;
        }
        const rate_sample *o = &job->ring[oldest];
        double dt = (double)(now - o->t) / G_USEC_PER_SEC;
        if (dt > 0.05 && job->p.done >= o->done && job->p.bytes >= o->bytes) {
            double units_per_sec = (double)(job->p.done - o->done) / dt;
            out->bytes_per_sec = (double)(job->p.bytes - o->bytes) / dt;
            if (units_per_sec > 0 && job->p.total > job->p.done)
                out->eta_seconds = (double)(job->p.total - job->p.done) / units_per_sec;
            else if (job->p.total > 0 && job->p.done >= job->p.total)
                out->eta_seconds = 0;
        }
    }
    out->cancelled = g_atomic_int_get(&job->cancel_flag) != 0 ||
                     g_cancellable_is_cancelled(job->cancellable);
    g_mutex_unlock(&job->lock);
}

void dw_job_cancel(dw_job *job)
{
    if (!job)
        return;
    g_atomic_int_set(&job->cancel_flag, 1);
    g_cancellable_cancel(job->cancellable);
}

void dw_job_cancel_async_safe(dw_job *job)
{
    /* Only an atomic store: safe inside a signal handler.  The flag is
     * folded into the GCancellable by the next dw_job_is_cancelled(). */
    if (job)
        g_atomic_int_set(&job->cancel_flag, 1);
}

gboolean dw_job_is_cancelled(dw_job *job)
{
    if (!job)
        return FALSE;
    if (g_atomic_int_get(&job->cancel_flag)) {
        if (!g_cancellable_is_cancelled(job->cancellable))
            g_cancellable_cancel(job->cancellable);
        return TRUE;
    }
    return g_cancellable_is_cancelled(job->cancellable);
}

gboolean dw_job_check_cancel(dw_job *job, GError **error)
{
    if (dw_job_is_cancelled(job)) {
        g_set_error_literal(error, DW_ERROR, DW_ERROR_CANCELLED, "cancelled");
        return FALSE;
    }
    return TRUE;
}

GCancellable *dw_job_get_cancellable(dw_job *job)
{
    return job->cancellable;
}
