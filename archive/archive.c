/* archive.c: the batch (archive.h): set-up (template, library, drives,
 * catalog), the coordinator that starts one worker thread per drive and
 * decides when to stop (a cancelled job: every rip under way is
 * cancelled and keeps its state; --idle-exit: no drive has had a disc
 * for that long; --max-discs: enough discs finished, the rips under way
 * are let finish), and the per-drive status a front end polls. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "archive/archive_private.h"
#include "discwright/error.h"
#include "discwright/probe.h"

const char *dw_archive_state_name(dw_archive_state s)
{
    switch (s) {
    case DW_ARCHIVE_WAITING: return "waiting";
    case DW_ARCHIVE_IDENTIFYING: return "identifying";
    case DW_ARCHIVE_RIPPING: return "ripping";
    case DW_ARCHIVE_RECORDING: return "recording";
    case DW_ARCHIVE_EJECTING: return "ejecting";
    case DW_ARCHIVE_STOPPED: return "stopped";
    default: return "?";
    }
}

static void worker_free(gpointer p)
{
    dw_archive_worker *w = p;
    g_mutex_clear(&w->lock);
    g_free(w->device);
    g_free(w);
}

static void add_worker(dw_archive *a, const char *device)
{
    for (guint i = 0; i < a->workers->len; i++)
        if (!strcmp(((dw_archive_worker *)g_ptr_array_index(a->workers, i))->device, device))
            return;
    dw_archive_worker *w = g_new0(dw_archive_worker, 1);
    w->a = a;
    w->device = g_strdup(device);
    g_mutex_init(&w->lock);
    g_strlcpy(w->st.device, device, sizeof w->st.device);
    g_ptr_array_add(a->workers, w);
}

dw_archive *dw_archive_new(const dw_archive_options *opts, GError **error)
{
    g_return_val_if_fail(opts && opts->library, NULL);
    const char *tmpl = opts->name_template && *opts->name_template ? opts->name_template : DW_ARCHIVE_DEFAULT_NAME;
    if (!dw_archive_check_template(tmpl, error))
        return NULL;
    g_autoptr(dw_archive) a = g_new0(dw_archive, 1);
    a->o = *opts;
    g_mutex_init(&a->lock);
    a->workers = g_ptr_array_new_with_free_func(worker_free);
    a->claimed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    a->tmpl = g_strdup(tmpl);
    a->library = g_canonicalize_filename(opts->library, NULL);
    a->meta = g_build_filename(a->library, ".discwright", NULL);
    if (g_mkdir_with_parents(a->meta, 0755) != 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", a->meta, g_strerror(e));
        return NULL;
    }
    if (opts->drives && opts->drives[0]) {
        for (const char *const *d = opts->drives; *d; d++)
            add_worker(a, *d);
    } else {
        size_t n = 0;
        dw_drive_info *list = dw_drive_list(&n, NULL);
        for (size_t i = 0; i < n; i++)
            add_worker(a, list[i].path);
        dw_drive_list_free(list, n);
        if (n == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "no optical drives found");
            return NULL;
        }
    }
    a->cat = dw_catalog_open(opts->catalog, error);
    if (!a->cat)
        return NULL;
    return g_steal_pointer(&a);
}

void dw_archive_free(dw_archive *a)
{
    if (!a)
        return;
    if (a->workers)
        g_ptr_array_unref(a->workers);
    if (a->claimed)
        g_hash_table_destroy(a->claimed);
    dw_catalog_free(a->cat);
    g_mutex_clear(&a->lock);
    g_free(a->library);
    g_free(a->meta);
    g_free(a->tmpl);
    g_free(a);
}

size_t dw_archive_status(dw_archive *a, dw_archive_drive_status *out, size_t max)
{
    for (guint i = 0; i < a->workers->len && i < max; i++) {
        dw_archive_worker *w = g_ptr_array_index(a->workers, i);
        g_mutex_lock(&w->lock);
        out[i] = w->st;
        if (w->job)
            dw_job_snapshot(w->job, &out[i].progress);
        else
            memset(&out[i].progress, 0, sizeof out[i].progress);
        g_mutex_unlock(&w->lock);
    }
    return a->workers->len;
}

/* Every drive has waited for a disc at least this long (µs). */
static gboolean all_idle_for(dw_archive *a, gint64 usec)
{
    gint64 now = g_get_monotonic_time();
    for (guint i = 0; i < a->workers->len; i++) {
        dw_archive_worker *w = g_ptr_array_index(a->workers, i);
        g_mutex_lock(&w->lock);
        gboolean idle = w->st.state == DW_ARCHIVE_WAITING && w->waiting_since && now - w->waiting_since >= usec;
        g_mutex_unlock(&w->lock);
        if (!idle)
            return FALSE;
    }
    return TRUE;
}

gboolean dw_archive_run(dw_archive *a, dw_job *job, GError **error)
{
    a->stop = FALSE;
    for (guint i = 0; i < a->workers->len; i++) {
        dw_archive_worker *w = g_ptr_array_index(a->workers, i);
        g_autofree char *name = g_strdup_printf("archive %s", w->device);
        w->thread = g_thread_new(name, dw_archive_worker_main, w);
    }
    gboolean cancelled = FALSE;
    for (;;) {
        g_usleep(100000);
        gboolean stop = FALSE;
        if (job && dw_job_is_cancelled(job))
            stop = cancelled = TRUE;
        g_mutex_lock(&a->lock);
        if (a->o.max_discs && a->discs >= a->o.max_discs)
            stop = TRUE;
        g_mutex_unlock(&a->lock);
        if (a->o.idle_exit > 0 && all_idle_for(a, (gint64)(a->o.idle_exit * G_USEC_PER_SEC)))
            stop = TRUE;
        if (stop)
            break;
    }
    g_mutex_lock(&a->lock);
    a->stop = TRUE;
    g_mutex_unlock(&a->lock);
    for (guint i = 0; i < a->workers->len; i++) {
        dw_archive_worker *w = g_ptr_array_index(a->workers, i);
        g_mutex_lock(&w->lock);
        if (cancelled && w->job)
            dw_job_cancel(w->job);
        g_mutex_unlock(&w->lock);
    }
    /* A worker that picked up a disc just as the cancel came creates its
     * job after the loop above: keep cancelling until every one is out. */
    for (guint i = 0; i < a->workers->len; i++) {
        dw_archive_worker *w = g_ptr_array_index(a->workers, i);
        while (cancelled) {
            g_mutex_lock(&w->lock);
            if (w->job)
                dw_job_cancel(w->job);
            gboolean out = w->st.state == DW_ARCHIVE_STOPPED;
            g_mutex_unlock(&w->lock);
            if (out)
                break;
            g_usleep(20000);
        }
        g_thread_join(w->thread);
        w->thread = NULL;
    }
    if (cancelled) {
        g_set_error(error, DW_ERROR, DW_ERROR_CANCELLED,
                    "stopped; the discs not finished keep their state and resume when the batch runs again");
        return FALSE;
    }
    unsigned failed = 0, incomplete = 0;
    for (guint i = 0; i < a->workers->len; i++) {
        dw_archive_worker *w = g_ptr_array_index(a->workers, i);
        failed += w->st.failed;
        incomplete += w->st.incomplete;
    }
    if (failed) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%u disc%s could not be ripped or recorded", failed,
                    failed == 1 ? "" : "s");
        return FALSE;
    }
    if (incomplete) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE,
                    "%u disc%s kept unreadable sectors (mapped; `discwright refine` retries them)", incomplete,
                    incomplete == 1 ? "" : "s");
        return FALSE;
    }
    return TRUE;
}
