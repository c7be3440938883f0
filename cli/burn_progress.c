/* burn_progress.c: the progress line of burn, blank and format.  A
 * thread reads the job snapshot twice a second and draws it: a carriage
 * return line on a terminal (sectors, percent, MB/s, ETA, drive buffer
 * and FIFO fill), or with --json one "progress" event per second. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

struct dw_cli_progress {
    dw_cli *cli;
    dw_job *job;
    GThread *thread;
    GMutex lock;
    GCond cond;
    gboolean stop;
    gboolean drew;
};

static void draw(dw_cli_progress *p, gboolean json_tick)
{
    dw_progress s;
    dw_job_snapshot(p->job, &s);
    if (!s.phase[0])
        return;
    if (p->cli->json) {
        if (!json_tick)
            return;
        GString *l = g_string_new("{\"event\":\"progress\",\"command\":");
        dw_json_append_string(l, p->cli->command);
        g_string_append(l, ",\"phase\":");
        dw_json_append_string(l, s.phase);
        g_string_append_printf(l, ",\"done\":%" G_GUINT64_FORMAT ",\"total\":%" G_GUINT64_FORMAT
                               ",\"unit\":\"%s\",\"bytes\":%" G_GUINT64_FORMAT ",\"bytes_per_sec\":%.0f,"
                               "\"eta_seconds\":%.1f,\"buffer_fill\":%d,\"fifo_fill\":%d}\n",
                               s.done, s.total, s.unit ? s.unit : "", s.bytes, s.bytes_per_sec, s.eta_seconds,
                               s.buffer_fill, s.fifo_fill);
        fputs(l->str, stdout);
        fflush(stdout);
        g_string_free(l, TRUE);
        return;
    }
    if (p->cli->quiet || !isatty(STDERR_FILENO))
        return;
    g_autofree char *line = dw_cli_progress_line(&s);
    fprintf(stderr, "\r%s\033[K", line);
    p->drew = TRUE;
}

static gpointer run(gpointer data)
{
    dw_cli_progress *p = data;
    unsigned tick = 0;
    g_mutex_lock(&p->lock);
    while (!p->stop) {
        gint64 until = g_get_monotonic_time() + 500 * 1000;
        g_cond_wait_until(&p->cond, &p->lock, until);
        if (p->stop)
            break;
        g_mutex_unlock(&p->lock);
        draw(p, tick++ % 2 == 1);
        g_mutex_lock(&p->lock);
    }
    g_mutex_unlock(&p->lock);
    return NULL;
}

dw_cli_progress *dw_cli_progress_start(dw_cli *cli, dw_job *job)
{
    dw_cli_progress *p = g_new0(dw_cli_progress, 1);
    p->cli = cli;
    p->job = job;
    g_mutex_init(&p->lock);
    g_cond_init(&p->cond);
    p->thread = g_thread_new("dw-progress", run, p);
    return p;
}

void dw_cli_progress_stop(dw_cli_progress *p)
{
    if (!p)
        return;
    g_mutex_lock(&p->lock);
    p->stop = TRUE;
    g_cond_signal(&p->cond);
    g_mutex_unlock(&p->lock);
    g_thread_join(p->thread);
    if (p->drew)
        fputc('\n', stderr);
    g_mutex_clear(&p->lock);
    g_cond_clear(&p->cond);
    g_free(p);
}
