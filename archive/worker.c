/* worker.c: one drive of the batch.  Waits for a disc (CDROM_DRIVE_STATUS
 * every poll interval), recognises it by a quick look at its TOC (the
 * fingerprint), and either resumes the rip the journal has for it or
 * names a new folder from the template (reading the ISO label of a data
 * CD: one sector); rips it with the archive's rip options, records it in
 * the catalog, ejects it and removes its journal entry.  A disc the
 * journal says was recorded before a restart is only ejected.  A failed
 * disc is ejected with its journal entry kept, so it resumes when it
 * comes back. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "archive/archive_private.h"
#include "discwright/error.h"
#include "discwright/probe.h"

static gboolean stopping(dw_archive *a)
{
    g_mutex_lock(&a->lock);
    gboolean s = a->stop;
    g_mutex_unlock(&a->lock);
    return s;
}

static void set_state(dw_archive_worker *w, dw_archive_state s, const char *name)
{
    g_mutex_lock(&w->lock);
    w->st.state = s;
    if (name)
        g_strlcpy(w->st.name, name, sizeof w->st.name);
    if (s == DW_ARCHIVE_WAITING) {
        w->st.name[0] = '\0';
        w->st.resumed = false;
        if (!w->waiting_since)
            w->waiting_since = g_get_monotonic_time();
    } else
        w->waiting_since = 0;
    g_mutex_unlock(&w->lock);
}

static void set_error(dw_archive_worker *w, const char *msg)
{
    g_mutex_lock(&w->lock);
    g_strlcpy(w->st.last_error, msg, sizeof w->st.last_error);
    g_mutex_unlock(&w->lock);
}

static void emit(dw_archive_worker *w, dw_archive_event *ev)
{
    ev->device = w->device;
    if (w->a->o.on_event)
        w->a->o.on_event(ev, w->a->o.user);
}

static void forward_log(dw_log_level level, const char *msg, void *user)
{
    dw_archive_worker *w = user;
    if (w->a->o.on_log)
        w->a->o.on_log(w->device, level, msg, w->a->o.user);
}

static void wlog(dw_archive_worker *w, dw_log_level level, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void wlog(dw_archive_worker *w, dw_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    forward_log(level, m, w);
}

static void sleep_poll(dw_archive_worker *w)
{
    double s = w->a->o.poll_interval > 0 ? w->a->o.poll_interval : 0.5;
    gint64 until = g_get_monotonic_time() + (gint64)(s * G_USEC_PER_SEC);
    while (!stopping(w->a) && g_get_monotonic_time() < until)
        g_usleep(MIN(50000, MAX(until - g_get_monotonic_time(), 1)));
}

static void eject(dw_archive_worker *w)
{
    set_state(w, DW_ARCHIVE_EJECTING, NULL);
    GError *e = NULL;
    if (!dw_drive_eject(w->device, &e)) {
        wlog(w, DW_LOG_WARNING, "%s", e->message);
        set_error(w, e->message);
        g_error_free(e);
    }
}

static void failed(dw_archive_worker *w, dw_archive_event *ev, const char *msg)
{
    wlog(w, DW_LOG_ERROR, "%s", msg);
    set_error(w, msg);
    ev->kind = DW_ARCHIVE_EVENT_FAILED;
    ev->message = msg;
    eject(w);
    g_mutex_lock(&w->lock);
    w->st.failed++;
    g_mutex_unlock(&w->lock);
    emit(w, ev);
}

/* The folder for a new disc: template fields from a second quick look
 * (with the label of a data CD), a running number, a free name. */
static dw_archive_entry *new_entry(dw_archive_worker *w, const dw_disc *disc, const char *fp, dw_job *job,
                                   GError **error)
{
    dw_archive *a = w->a;
    g_autoptr(dw_disc) labelled = NULL;
    if (disc->kind == DW_DISC_CD && !disc->label)
        for (int i = 0; i < disc->n_tracks; i++)
            if (disc->tracks[i].control & DW_CTRL_DATA) {
                labelled = dw_probe_quick(w->device, true, job, NULL);
                break;
            }
    const dw_disc *src = labelled ? labelled : disc;
    g_autoptr(dw_catalog_disc) ids = dw_catalog_disc_new();
    dw_catalog_identify(ids, src);
    int64_t n = 0;
    if (!dw_archive_next_number(a, &n, error))
        return NULL;
    g_autofree char *drive = g_path_get_basename(w->device);
    dw_archive_name_fields f = { .label = src->label, .title = ids->title, .performer = ids->performer,
                                 .cddb = ids->cddb_id, .mbid = ids->musicbrainz_id, .kind = ids->kind,
                                 .drive = drive, .fingerprint = fp, .n = n, .time = g_get_real_time() / G_USEC_PER_SEC };
    g_autofree char *rel = dw_archive_expand_name(a->tmpl, &f, error);
    if (!rel)
        return NULL;
    g_mutex_lock(&a->lock);
    dw_archive_entry *e = NULL;
    g_autofree char *folder = dw_archive_make_folder(a, rel, error);
    if (folder) {
        g_autofree char *stem = g_path_get_basename(folder);
        g_autofree char *base = g_build_filename(folder, stem, NULL);
        const char *name = folder + strlen(a->library) + 1;
        e = dw_archive_journal_add(a, fp, w->device, base, name, error);
    }
    g_mutex_unlock(&a->lock);
    return e;
}

static void handle_disc(dw_archive_worker *w)
{
    dw_archive *a = w->a;
    set_state(w, DW_ARCHIVE_IDENTIFYING, "");
    dw_job *job = dw_job_new();
    dw_job_set_log(job, forward_log, w);
    g_mutex_lock(&w->lock);
    w->job = job;
    g_mutex_unlock(&w->lock);
    if (stopping(a))
        dw_job_cancel(job);

    dw_archive_event ev = { 0 };
    GError *e = NULL;
    g_autoptr(dw_disc) disc = dw_probe_quick(w->device, false, job, &e);
    dw_archive_entry *entry = NULL;
    g_autofree char *fp = NULL;
    if (!disc) {
        if (e->code != DW_ERROR_NO_MEDIUM) {
            g_autofree char *m = g_strdup_printf("%s: the disc cannot be read: %s", w->device, e->message);
            failed(w, &ev, m);
        }
        g_error_free(e);
        goto out;
    }
    fp = dw_catalog_fingerprint(disc);
    ev.fingerprint = fp;
    g_mutex_lock(&a->lock);
    entry = dw_archive_journal_find(a, fp, w->device);
    g_mutex_unlock(&a->lock);
    if (entry && !strcmp(entry->state, "recorded")) {
        /* Recorded before the batch was stopped; it only wanted ejecting. */
        ev.kind = DW_ARCHIVE_EVENT_EJECTED;
        ev.name = entry->name;
        ev.base = entry->base;
        eject(w);
        g_mutex_lock(&a->lock);
        dw_archive_journal_remove(a, entry);
        g_mutex_unlock(&a->lock);
        emit(w, &ev);
        goto out;
    }
    gboolean resumed = FALSE;
    if (entry) {
        g_autofree char *map = g_strdup_printf("%s.map", entry->base);
        resumed = g_file_test(map, G_FILE_TEST_EXISTS);
    } else {
        entry = new_entry(w, disc, fp, job, &e);
        if (!entry) {
            g_autofree char *m = g_strdup_printf("%s: no folder for the disc: %s", w->device, e->message);
            g_error_free(e);
            failed(w, &ev, m);
            goto out;
        }
    }
    ev.name = entry->name;
    ev.base = entry->base;
    ev.resumed = resumed;
    g_mutex_lock(&w->lock);
    w->st.resumed = resumed;
    g_mutex_unlock(&w->lock);
    set_state(w, DW_ARCHIVE_RIPPING, entry->name);
    ev.kind = DW_ARCHIVE_EVENT_START;
    emit(w, &ev);

    dw_rip_options ro = a->o.rip;
    ro.source = w->device;
    ro.base = entry->base;
    ro.resume = resumed;
    ro.refine = false;
    ro.force = !resumed;         /* the folder is this rip's own */
    dw_rip_result res = { 0 };
    gboolean ok = dw_rip(&ro, job, &res, &e);
    ev.result = &res;
    if (!ok && e->domain == DW_ERROR && e->code == DW_ERROR_CANCELLED) {
        wlog(w, DW_LOG_WARNING, "%s: stopped; the rip of %s goes on when the batch is started again", w->device,
             entry->name);
        g_error_free(e);
        goto out;
    }
    if (!ok && !(e->domain == DW_ERROR && e->code == DW_ERROR_UNREADABLE)) {
        g_autofree char *m = g_strdup_printf("%s: %s: %s", w->device, entry->name, e->message);
        g_error_free(e);
        failed(w, &ev, m);
        goto out;
    }
    g_clear_error(&e);
    set_state(w, DW_ARCHIVE_RECORDING, NULL);
    if (!dw_catalog_add_rip(a->cat, entry->base, "archive", false, &ev.catalog_id, &e)) {
        g_autofree char *m = g_strdup_printf("%s: %s was ripped but not recorded: %s", w->device, entry->name,
                                             e->message);
        g_error_free(e);
        failed(w, &ev, m);
        goto out;
    }
    if (!dw_archive_journal_set_state(a, entry, "recorded", &e)) {
        wlog(w, DW_LOG_WARNING, "%s", e->message);
        g_clear_error(&e);
    }
    eject(w);
    g_mutex_lock(&a->lock);
    dw_archive_journal_remove(a, entry);
    a->discs++;
    g_mutex_unlock(&a->lock);
    g_mutex_lock(&w->lock);
    if (res.bad + res.untried > 0)
        w->st.incomplete++;
    else
        w->st.good++;
    g_mutex_unlock(&w->lock);
    ev.kind = DW_ARCHIVE_EVENT_DONE;
    emit(w, &ev);
out:
    if (entry) {
        g_mutex_lock(&a->lock);
        dw_archive_journal_release(a, entry);
        g_mutex_unlock(&a->lock);
        dw_archive_entry_free(entry);
    }
    g_mutex_lock(&w->lock);
    w->job = NULL;
    g_mutex_unlock(&w->lock);
    dw_job_free(job);
    set_state(w, DW_ARCHIVE_WAITING, NULL);
}

gpointer dw_archive_worker_main(gpointer data)
{
    dw_archive_worker *w = data;
    set_state(w, DW_ARCHIVE_WAITING, NULL);
    gboolean said = FALSE;
    while (!stopping(w->a)) {
        GError *e = NULL;
        dw_tray_state t = dw_drive_tray(w->device, &e);
        if (t == DW_TRAY_DISC) {
            said = FALSE;
            handle_disc(w);
            continue;
        }
        if (e) {
            if (!said)
                wlog(w, DW_LOG_WARNING, "%s", e->message);
            said = TRUE;
            set_error(w, e->message);
            g_error_free(e);
        }
        set_state(w, DW_ARCHIVE_WAITING, NULL);
        sleep_poll(w);
    }
    set_state(w, DW_ARCHIVE_STOPPED, NULL);
    return NULL;
}
