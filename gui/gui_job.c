/* gui_job.c: DwGuiJob, one library operation run in a GTask worker.
 *
 * The worker calls the operation with a dw_job; the main thread never
 * blocks on it.  Log lines arrive on the worker thread and are queued
 * under a mutex; a timer on the main loop (every DW_GUI_POLL_MS, so at
 * most five times a second) drains them as "log" signals and reads the
 * job's progress snapshot for "progress".  When the worker returns, the
 * GTask callback drains the last lines, takes the result and emits
 * "finished".  Cancel asks the library to stop at a safe point.
 */
#include "config.h"

#include "gui/gui.h"

typedef struct {
    int level;
    char *msg;
} log_line;

struct _DwGuiJob {
    GObject parent;
    char *title;
    DwGuiJobFn fn;
    gpointer data;
    GDestroyNotify free_data;
    dw_job *job;
    dw_progress progress;
    GMutex lock;
    GArray *pending;            /* log_line, guarded by lock */
    guint timer;
    gboolean running, finished, ok;
    GError *error;
};

G_DEFINE_FINAL_TYPE(DwGuiJob, dw_gui_job, G_TYPE_OBJECT)

enum { SIG_PROGRESS, SIG_LOG, SIG_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void clear_line(gpointer p)
{
    g_free(((log_line *)p)->msg);
}

static void on_log(dw_log_level level, const char *msg, void *user)
{
    DwGuiJob *self = user;
    log_line l = { (int)level, g_strdup(msg) };
    g_mutex_lock(&self->lock);
    g_array_append_val(self->pending, l);
    g_mutex_unlock(&self->lock);
}

static void drain(DwGuiJob *self)
{
    g_mutex_lock(&self->lock);
    GArray *lines = self->pending;
    self->pending = g_array_new(FALSE, FALSE, sizeof(log_line));
    g_array_set_clear_func(self->pending, clear_line);
    g_mutex_unlock(&self->lock);
    for (guint i = 0; i < lines->len; i++) {
        log_line *l = &g_array_index(lines, log_line, i);
        g_signal_emit(self, signals[SIG_LOG], 0, l->level, l->msg);
    }
    g_array_unref(lines);
}

static gboolean poll_cb(gpointer user)
{
    DwGuiJob *self = user;
    drain(self);
    dw_job_snapshot(self->job, &self->progress);
    g_signal_emit(self, signals[SIG_PROGRESS], 0);
    return G_SOURCE_CONTINUE;
}

static void worker(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    DwGuiJob *self = source;
    GError *error = NULL;
    gboolean ok = self->fn(self->job, self->data, &error);
    dw_job_finish(self->job);
    if (ok)
        g_task_return_boolean(task, TRUE);
    else
        g_task_return_error(task, error ? error : g_error_new(DW_ERROR, DW_ERROR_FAILED, "%s", _("failed")));
}

static void done_cb(GObject *source, GAsyncResult *res, gpointer user)
{
    DwGuiJob *self = DW_GUI_JOB(source);
    GError *error = NULL;
    self->ok = g_task_propagate_boolean(G_TASK(res), &error);
    self->error = error;
    if (self->timer) {
        g_source_remove(self->timer);
        self->timer = 0;
    }
    drain(self);
    dw_job_snapshot(self->job, &self->progress);
    self->running = FALSE;
    self->finished = TRUE;
    g_signal_emit(self, signals[SIG_PROGRESS], 0);
    g_signal_emit(self, signals[SIG_FINISHED], 0);
}

DwGuiJob *dw_gui_job_new(const char *title, DwGuiJobFn fn, gpointer data, GDestroyNotify free_data)
{
    DwGuiJob *self = g_object_new(DW_TYPE_GUI_JOB, NULL);
    self->title = g_strdup(title);
    self->fn = fn;
    self->data = data;
    self->free_data = free_data;
    return self;
}

void dw_gui_job_start(DwGuiJob *self)
{
    g_return_if_fail(!self->running && !self->finished);
    self->running = TRUE;
    dw_job_snapshot(self->job, &self->progress);
    self->timer = g_timeout_add(DW_GUI_POLL_MS, poll_cb, self);
    GTask *task = g_task_new(self, NULL, done_cb, NULL);
    g_task_set_name(task, self->title);
    g_task_run_in_thread(task, worker);
    g_object_unref(task);
}

const char *dw_gui_job_get_title(DwGuiJob *self)
{
    return self->title;
}

gpointer dw_gui_job_get_data(DwGuiJob *self)
{
    return self->data;
}

const dw_progress *dw_gui_job_get_progress(DwGuiJob *self)
{
    return &self->progress;
}

void dw_gui_job_cancel(DwGuiJob *self)
{
    if (self->running)
        dw_job_cancel(self->job);
}

gboolean dw_gui_job_is_running(DwGuiJob *self)
{
    return self->running;
}

gboolean dw_gui_job_succeeded(DwGuiJob *self)
{
    return self->finished && self->ok;
}

const GError *dw_gui_job_get_error(DwGuiJob *self)
{
    return self->error;
}

static void dw_gui_job_finalize(GObject *obj)
{
    DwGuiJob *self = DW_GUI_JOB(obj);
    if (self->timer)
        g_source_remove(self->timer);
    if (self->free_data && self->data)
        self->free_data(self->data);
    dw_job_free(self->job);
    g_array_unref(self->pending);
    g_mutex_clear(&self->lock);
    g_clear_error(&self->error);
    g_free(self->title);
    G_OBJECT_CLASS(dw_gui_job_parent_class)->finalize(obj);
}

static void dw_gui_job_init(DwGuiJob *self)
{
    g_mutex_init(&self->lock);
    self->pending = g_array_new(FALSE, FALSE, sizeof(log_line));
    g_array_set_clear_func(self->pending, clear_line);
    self->job = dw_job_new();
    dw_job_set_log(self->job, on_log, self);
}

static void dw_gui_job_class_init(DwGuiJobClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = dw_gui_job_finalize;
    signals[SIG_PROGRESS] = g_signal_new("progress", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
    signals[SIG_LOG] = g_signal_new("log", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
    signals[SIG_FINISHED] = g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
}
