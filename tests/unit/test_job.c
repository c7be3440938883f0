/* test_job.c: the job API — counters, phases, rate and ETA from deltas
 * (with a fake clock, so nothing depends on wall time), cancel from
 * another thread and from a "signal handler" path, and the log sink. */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/job.h"
#include "disc/job_private.h"

static gint64 fake_now;
static gint64 fake_clock(void *user)
{
    (void)user;
    return fake_now;
}

static void test_counters(void)
{
    g_autoptr(dw_job) job = dw_job_new();
    dw_progress p;
    dw_job_snapshot(job, &p);
    g_assert_cmpstr(p.phase, ==, "");
    g_assert_cmpint(p.buffer_fill, ==, -1);
    g_assert_cmpfloat(p.eta_seconds, <, 0);

    dw_job_begin_phase(job, "reading", 1000, "sectors");
    dw_job_advance(job, 10, 23520);
    dw_job_advance(job, 5, 11760);
    dw_job_set_track(job, 3);
    dw_job_add_retry(job);
    dw_job_add_retry(job);
    dw_job_add_error(job);
    dw_job_set_buffer(job, 80, 55);
    dw_job_snapshot(job, &p);
    g_assert_cmpstr(p.phase, ==, "reading");
    g_assert_cmpuint(p.done, ==, 15);
    g_assert_cmpuint(p.total, ==, 1000);
    g_assert_cmpuint(p.bytes, ==, 35280);
    g_assert_cmpstr(p.unit, ==, "sectors");
    g_assert_cmpint(p.track, ==, 3);
    g_assert_cmpuint(p.retries, ==, 2);
    g_assert_cmpuint(p.errors, ==, 1);
    g_assert_cmpint(p.buffer_fill, ==, 80);
    g_assert_cmpint(p.fifo_fill, ==, 55);
    g_assert_false(p.finished);

    /* A new phase resets done/bytes but keeps retries and errors. */
    dw_job_begin_phase(job, "verifying", 50, "bytes");
    dw_job_snapshot(job, &p);
    g_assert_cmpstr(p.phase, ==, "verifying");
    g_assert_cmpuint(p.done, ==, 0);
    g_assert_cmpuint(p.bytes, ==, 0);
    g_assert_cmpuint(p.retries, ==, 2);
    dw_job_set_done(job, 50, 50);
    dw_job_finish(job);
    dw_job_snapshot(job, &p);
    g_assert_true(p.finished);
    g_assert_cmpuint(p.done, ==, 50);
}

static void test_rate_eta(void)
{
    g_autoptr(dw_job) job = dw_job_new();
    fake_now = 1000000;
    dw_job_set_clock(job, fake_clock, NULL);
    dw_job_begin_phase(job, "reading", 7500, "sectors");
    /* 75 sectors (one CD second at 1x) every second for 4 s. */
    for (int i = 0; i < 4; i++) {
        fake_now += G_USEC_PER_SEC;
        dw_job_advance(job, 75, 75 * 2352);
    }
    dw_progress p;
    dw_job_snapshot(job, &p);
    g_assert_cmpfloat_with_epsilon(p.bytes_per_sec, 75.0 * 2352, 1e-6);
    g_assert_cmpfloat_with_epsilon(p.eta_seconds, (7500.0 - 300) / 75, 1e-6);
    g_assert_cmpfloat_with_epsilon(p.elapsed_seconds, 4.0, 1e-6);

    /* Speed doubles: after the 5 s window has moved on, only the new rate counts. */
    for (int i = 0; i < 10; i++) {
        fake_now += G_USEC_PER_SEC;
        dw_job_advance(job, 150, 150 * 2352);
    }
    dw_job_snapshot(job, &p);
    g_assert_cmpfloat_with_epsilon(p.bytes_per_sec, 150.0 * 2352, 1e-6);
    g_assert_cmpfloat_with_epsilon(p.eta_seconds, (7500.0 - 1800) / 150, 1e-6);

    /* Stalled for longer than the window: no progress means no rate, no ETA. */
    fake_now += 20 * G_USEC_PER_SEC;
    dw_job_snapshot(job, &p);
    g_assert_cmpfloat(p.bytes_per_sec, ==, 0);
    g_assert_cmpfloat(p.eta_seconds, <, 0);

    /* Samples closer than 100 ms are folded: the rate stays exact. */
    dw_job_begin_phase(job, "scraping", 1000, "sectors");
    for (int i = 0; i < 100; i++) {
        fake_now += 10000; /* 10 ms */
        dw_job_advance(job, 1, 2352);
    }
    dw_job_snapshot(job, &p);
    g_assert_cmpfloat_with_epsilon(p.bytes_per_sec, 100.0 * 2352, 1e-6);
    g_assert_cmpfloat_with_epsilon(p.eta_seconds, 9.0, 1e-6);
}

static gpointer cancel_thread(gpointer data)
{
    dw_job_cancel(data);
    return NULL;
}

static void test_cancel(void)
{
    g_autoptr(dw_job) job = dw_job_new();
    g_autoptr(GError) error = NULL;
    g_assert_true(dw_job_check_cancel(job, &error));
    g_assert_no_error(error);
    g_assert_false(g_cancellable_is_cancelled(dw_job_get_cancellable(job)));

    GThread *t = g_thread_new("cancel", cancel_thread, job);
    g_thread_join(t);
    g_assert_true(dw_job_is_cancelled(job));
    g_assert_false(dw_job_check_cancel(job, &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_CANCELLED);
    g_assert_true(g_cancellable_is_cancelled(dw_job_get_cancellable(job)));
    dw_progress p;
    dw_job_snapshot(job, &p);
    g_assert_true(p.cancelled);
}

static void test_cancel_async_safe(void)
{
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_cancel_async_safe(job);
    /* The GCancellable learns of it on the next poll. */
    g_assert_true(dw_job_is_cancelled(job));
    g_assert_true(g_cancellable_is_cancelled(dw_job_get_cancellable(job)));
}

typedef struct {
    int n;
    dw_log_level last_level;
    char last[128];
} log_rec;

static void log_sink(dw_log_level level, const char *msg, void *user)
{
    log_rec *r = user;
    r->n++;
    r->last_level = level;
    g_strlcpy(r->last, msg, sizeof r->last);
}

static void test_log(void)
{
    g_autoptr(dw_job) job = dw_job_new();
    log_rec r = { 0 };
    dw_job_log(job, DW_LOG_INFO, "dropped %d", 1); /* no sink yet */
    dw_job_set_log(job, log_sink, &r);
    dw_job_log(job, DW_LOG_WARNING, "sector %d unreadable", 1234);
    g_assert_cmpint(r.n, ==, 1);
    g_assert_cmpint(r.last_level, ==, DW_LOG_WARNING);
    g_assert_cmpstr(r.last, ==, "sector 1234 unreadable");
    /* NULL job is a no-op everywhere a worker may call it. */
    dw_job_log(NULL, DW_LOG_ERROR, "x");
    dw_job_advance(NULL, 1, 1);
    g_assert_false(dw_job_is_cancelled(NULL));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/job/counters", test_counters);
    g_test_add_func("/job/rate-eta", test_rate_eta);
    g_test_add_func("/job/cancel", test_cancel);
    g_test_add_func("/job/cancel-async-safe", test_cancel_async_safe);
    g_test_add_func("/job/log", test_log);
    return g_test_run();
}
