/* progress.c: running a long library job from the command line.  The job
 * runs on a worker thread; the main thread draws its progress snapshot
 * up to four times a second (a one-line bar on standard error when that is a
 * terminal, a "progress" JSON event once a second with --json) and turns
 * SIGINT/SIGTERM into a cancel of the job, so the library can stop at a
 * safe point and leave resumable state behind. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

static dw_job *volatile signalled_job;

static void on_signal(int sig)
{
    (void)sig;
    if (signalled_job)
        dw_job_cancel_async_safe(signalled_job);
}

typedef struct {
    dw_job *job;
    dw_cli_job_fn fn;
    void *data;
    gboolean ok;
    GError *error;
    GMutex lock;
    GCond ended;
    gboolean done;               /* under lock */
} run_state;

static gpointer worker(gpointer p)
{
    run_state *r = p;
    r->ok = r->fn(r->job, r->data, &r->error);
    g_mutex_lock(&r->lock);
    r->done = TRUE;
    g_cond_signal(&r->ended);
    g_mutex_unlock(&r->lock);
    return NULL;
}

/* Wait up to 250 ms for the worker to end (woken as soon as it does, so
 * a short job costs no idle tick); TRUE once it has. */
static gboolean wait_tick(run_state *r)
{
    gint64 until = g_get_monotonic_time() + 250 * G_TIME_SPAN_MILLISECOND;
    g_mutex_lock(&r->lock);
    while (!r->done && g_cond_wait_until(&r->ended, &r->lock, until))
        ;
    gboolean done = r->done;
    g_mutex_unlock(&r->lock);
    return done;
}

static void draw(dw_cli *cli, const dw_progress *p, bool final)
{
    if (cli->json) {
        GString *s = g_string_new("{\"event\":\"progress\",\"phase\":");
        dw_json_append_string(s, p->phase);
        g_string_append_printf(s,
                               ",\"done\":%" G_GUINT64_FORMAT ",\"total\":%" G_GUINT64_FORMAT
                               ",\"unit\":\"%s\",\"bytes\":%" G_GUINT64_FORMAT
                               ",\"bytes_per_sec\":%.0f,\"eta_seconds\":%.1f,\"track\":%d,\"retries\":%u,"
                               "\"errors\":%u,\"buffer_fill\":%d,\"fifo_fill\":%d}\n",
                               p->done, p->total, p->unit ? p->unit : "", p->bytes, p->bytes_per_sec,
                               p->eta_seconds, p->track, p->retries, p->errors, p->buffer_fill, p->fifo_fill);
        fputs(s->str, stdout);
        fflush(stdout);
        g_string_free(s, TRUE);
        return;
    }
    if (cli->quiet || !isatty(STDERR_FILENO) || !p->phase[0])
        return;
    dw_progress q = *p;
    q.finished = q.finished || final; /* the last line: no spinner */
    g_autofree char *line = dw_cli_progress_line(&q);
    fprintf(stderr, "\r%s%s", line, final ? "\n" : "\033[K");
}

char *dw_cli_progress_line(const dw_progress *p)
{
    GString *s = g_string_new(NULL);
    const char *unit = p->unit ? p->unit : "";
    if (p->total) {
        g_string_append_printf(s, "%-10s %5.1f%% %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " %s", p->phase,
                               100.0 * (double)MIN(p->done, p->total) / (double)p->total, p->done, p->total, unit);
    } else {
        /* No total: a count and a spinner that turns with time, no percentage. */
        static const char spin[] = "|/-\\";
        int turn = p->finished ? -1 : (int)(p->elapsed_seconds * 4) % 4;
        g_string_append_printf(s, "%-10s %c %" G_GUINT64_FORMAT " %s", p->phase, turn < 0 ? ' ' : spin[turn], p->done,
                               unit);
    }
    if (p->bytes_per_sec > 0)
        g_string_append_printf(s, " %.1f MB/s", p->bytes_per_sec / 1e6);
    if (p->total && p->eta_seconds >= 0)
        g_string_append_printf(s, " ETA %d:%02d", (int)p->eta_seconds / 60, (int)p->eta_seconds % 60);
    if (p->track)
        g_string_append_printf(s, " track %d", p->track);
    if (p->errors || p->retries)
        g_string_append_printf(s, " errors %u retries %u", p->errors, p->retries);
    if (p->buffer_fill >= 0)
        g_string_append_printf(s, " buffer %d%%", p->buffer_fill);
    if (p->fifo_fill >= 0)
        g_string_append_printf(s, " fifo %d%%", p->fifo_fill);
    return g_string_free(s, FALSE);
}

gboolean dw_cli_run_job(dw_cli *cli, dw_job *job, dw_cli_job_fn fn, void *data, GError **error)
{
    return dw_cli_run_job_drawn(cli, job, fn, data, NULL, NULL, error);
}

gboolean dw_cli_run_job_drawn(dw_cli *cli, dw_job *job, dw_cli_job_fn fn, void *data, dw_cli_draw_fn custom,
                              void *custom_data, GError **error)
{
    run_state r = { .job = job, .fn = fn, .data = data };
    g_mutex_init(&r.lock);
    g_cond_init(&r.ended);
    signalled_job = job;
    struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    GThread *t = g_thread_new("discwright-job", worker, &r);
    gint64 last_json = 0;
    dw_progress p;
    while (!wait_tick(&r)) {
        gint64 now = g_get_monotonic_time();
        if (custom) {
            custom(cli, custom_data, now - last_json >= 1000000, false);
            if (now - last_json >= 1000000)
                last_json = now;
            continue;
        }
        dw_job_snapshot(job, &p);
        if (!cli->json || now - last_json >= 1000000) {
            draw(cli, &p, false);
            last_json = now;
        }
    }
    g_thread_join(t);
    g_mutex_clear(&r.lock);
    g_cond_clear(&r.ended);
    if (custom)
        custom(cli, custom_data, TRUE, TRUE);
    else {
        dw_job_snapshot(job, &p);
        if (p.phase[0] && !cli->json && !cli->quiet && isatty(STDERR_FILENO))
            draw(cli, &p, true);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    signalled_job = NULL;
    if (r.error)
        g_propagate_error(error, r.error);
    return r.ok;
}
