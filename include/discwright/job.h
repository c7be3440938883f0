/* job.h: the job API every long operation uses.
 *
 * An operation takes an options struct and a dw_job.  While it runs it
 * reports progress (phase, units done/total, bytes, track, retries,
 * errors, buffer fill) and log lines through the job, and polls
 * dw_job_check_cancel().  Front ends read dw_job_snapshot() from any
 * thread, a few times a second; rate and ETA are computed there from a
 * sliding window of deltas.  All functions are thread-safe.
 * dw_job_new() returns an owned object; dw_job_free() releases it.
 */
#ifndef DISCWRIGHT_JOB_H
#define DISCWRIGHT_JOB_H

#include <gio/gio.h>
#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef enum {
    DW_LOG_DEBUG = 0,
    DW_LOG_INFO,
    DW_LOG_WARNING,
    DW_LOG_ERROR
} dw_log_level;

/* Called for each log line, from the thread that logged; msg is borrowed. */
typedef void (*dw_log_fn)(dw_log_level level, const char *msg, void *user);

typedef struct {
    char phase[48];              /* "reading", "scraping", "verifying", ... "" before start */
    uint64_t done, total;        /* units (total 0 = unknown) */
    const char *unit;            /* "sectors" or "bytes" (static string) */
    uint64_t bytes;              /* bytes moved so far in this phase */
    double bytes_per_sec;        /* over the last few seconds; 0 when unknown */
    double eta_seconds;          /* < 0 when unknown */
    double elapsed_seconds;      /* since dw_job_new */
    int track;                   /* current track, 0 when none */
    unsigned retries;
    unsigned errors;
    int buffer_fill;             /* drive buffer percent, -1 unknown */
    int fifo_fill;               /* our FIFO percent, -1 unknown */
    gboolean cancelled;
    gboolean finished;
} dw_progress;

typedef struct dw_job dw_job;

dw_job *dw_job_new(void);
void dw_job_free(dw_job *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_job, dw_job_free)

void dw_job_set_log(dw_job *job, dw_log_fn fn, void *user);
void dw_job_log(dw_job *job, dw_log_level level, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Start a phase: resets done/bytes and the rate window. */
void dw_job_begin_phase(dw_job *job, const char *phase, uint64_t total, const char *unit);
void dw_job_advance(dw_job *job, uint64_t units, uint64_t bytes);
void dw_job_set_done(dw_job *job, uint64_t done, uint64_t bytes);
void dw_job_set_track(dw_job *job, int track);
void dw_job_add_retry(dw_job *job);
void dw_job_add_error(dw_job *job);
void dw_job_set_buffer(dw_job *job, int buffer_fill, int fifo_fill);
void dw_job_finish(dw_job *job);

void dw_job_snapshot(dw_job *job, dw_progress *out);

/* Cancel from any thread (signal handlers: use dw_job_cancel_async_safe). */
void dw_job_cancel(dw_job *job);
void dw_job_cancel_async_safe(dw_job *job);
gboolean dw_job_is_cancelled(dw_job *job);
/* FALSE with DW_ERROR_CANCELLED when cancelled; TRUE otherwise. */
gboolean dw_job_check_cancel(dw_job *job, GError **error);
/* A GCancellable tied to the job (borrowed). */
GCancellable *dw_job_get_cancellable(dw_job *job);

G_END_DECLS

#endif
