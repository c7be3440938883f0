/* window.c: DwWindow, the main window.  It owns the window actions
 * (refresh, open image, use a file as a medium, rip, resume, cancel, save
 * log, views, and the author/burn/verify actions), reads the selected
 * source as a job — dw_probe() for what a disc or image holds, and for a
 * burner or a stdio: file also dw_burn_media_info() for the writable
 * medium (blank, appendable, closed, capacity, free space, speeds) —
 * and hands the results to the views, keeps the one jobs list
 * (progress, status, cancel per job), the log pane every job writes to,
 * the info bar for errors, a desktop notification when a job ends while
 * the window is not focused, and asks before closing while a job runs.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "gui/gui.h"

typedef struct {
    char *source;
    dw_disc *disc;
    gboolean want_media, have_media;
    dw_media_info media;
    char *media_error;
} probe_call;

static gboolean is_stdio(const char *source)
{
    return g_str_has_prefix(source, "stdio:");
}

struct _DwWindow {
    GtkApplicationWindow parent;
    GtkInfoBar *info_bar;
    GtkLabel *info_label;
    GtkStack *stack;
    GtkListBox *jobs_list;
    GtkTextView *log_view;
    DwDriveList *drive_list;
    DwViewDisc *view_disc;
    DwViewRip *view_rip;
    DwViewVerify *view_verify;
    DwViewAuthor *view_author;
    DwViewBurn *view_burn;
    GSettings *settings;
    GPtrArray *jobs;            /* DwGuiJob, owned */
    DwGuiJob *probe;            /* the current probe job, also in jobs */
    dw_disc *disc;              /* owned */
    char *source;
    gboolean closing;
    guint notify_seq;
};

G_DEFINE_FINAL_TYPE(DwWindow, dw_window, GTK_TYPE_APPLICATION_WINDOW)

static void probe_call_free(gpointer p)
{
    probe_call *c = p;
    g_free(c->source);
    if (c->disc)
        dw_disc_free(c->disc);
    if (c->have_media)
        dw_media_info_clear(&c->media);
    g_free(c->media_error);
    g_free(c);
}

/* The medium as libburn sees it (the drive is grabbed only for this). */
static gboolean read_media(probe_call *c, GError **error)
{
    g_autoptr(dw_burn_drive) drive = dw_burn_drive_open(c->source, error);
    if (!drive || !dw_burn_media_info(drive, &c->media, error))
        return FALSE;
    c->have_media = TRUE;
    return TRUE;
}

static gboolean run_probe(dw_job *job, gpointer data, GError **error)
{
    probe_call *c = data;
    if (is_stdio(c->source)) {
        /* A file as a writable medium: libburn's view, and what it holds when it reads as an image. */
        const char *path = c->source + 6;
        GStatBuf st;
        gboolean existed = g_stat(path, &st) == 0;
        if (!read_media(c, error))
            return FALSE;
        if (!existed && g_stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
            g_unlink(path);   /* looking must not leave a file behind */
        if (existed && S_ISREG(st.st_mode) && st.st_size > 0)
            c->disc = dw_probe(path, job, NULL);
        return TRUE;
    }
    c->disc = dw_probe(c->source, job, error);
    /* A drive is briefly busy after a medium change or while another
     * reader (udev, the sidebar's last poll) still has it open: try a few
     * times before saying the medium is not known. */
    for (int attempt = 0; c->want_media && !c->have_media && attempt < 4 && !dw_job_is_cancelled(job); attempt++) {
        GError *e = NULL;
        if (attempt)
            g_usleep(250 * 1000);
        g_clear_pointer(&c->media_error, g_free);
        if (!read_media(c, &e)) {
            c->media_error = g_strdup(e->message);
            g_error_free(e);
        }
    }
    return c->disc != NULL;
}

void dw_window_log(DwWindow *self, dw_log_level level, const char *message)
{
    static const char *const names[] = { "debug", "info", "warning", "error" };
    GtkTextBuffer *b = gtk_text_view_get_buffer(self->log_view);
    GtkTextIter end;
    gtk_text_buffer_get_end_iter(b, &end);
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%H:%M:%S");
    g_autofree char *line = g_strdup_printf("%s %-7s %s\n", stamp, names[CLAMP((int)level, 0, 3)], message);
    gtk_text_buffer_insert(b, &end, line, -1);
    gtk_text_buffer_get_end_iter(b, &end);
    GtkTextMark *m = gtk_text_buffer_create_mark(b, NULL, &end, FALSE);
    gtk_text_view_scroll_mark_onscreen(self->log_view, m);
    gtk_text_buffer_delete_mark(b, m);
}

char *dw_window_get_log_text(DwWindow *self)
{
    GtkTextBuffer *b = gtk_text_view_get_buffer(self->log_view);
    GtkTextIter s, e;
    gtk_text_buffer_get_bounds(b, &s, &e);
    return gtk_text_buffer_get_text(b, &s, &e, FALSE);
}

gboolean dw_window_save_log(DwWindow *self, const char *path, GError **error)
{
    g_autofree char *text = dw_window_get_log_text(self);
    return g_file_set_contents(path, text, -1, error);
}

void dw_window_show_error(DwWindow *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    gtk_label_set_text(self->info_label, msg);
    gtk_info_bar_set_message_type(self->info_bar, GTK_MESSAGE_ERROR);
    gtk_info_bar_set_revealed(self->info_bar, TRUE);
    dw_window_log(self, DW_LOG_ERROR, msg);
}

static void on_info_response(GtkInfoBar *bar, int response, gpointer user)
{
    gtk_info_bar_set_revealed(bar, FALSE);
}

/* ---- jobs --------------------------------------------------------------- */

static void job_row_progress(DwGuiJob *job, gpointer row)
{
    GtkProgressBar *bar = g_object_get_data(row, "dw-bar");
    GtkLabel *status = g_object_get_data(row, "dw-status");
    const dw_progress *p = dw_gui_job_get_progress(job);
    if (p->total)
        gtk_progress_bar_set_fraction(bar, (double)p->done / (double)p->total);
    else if (dw_gui_job_is_running(job))
        gtk_progress_bar_pulse(bar);
    if (dw_gui_job_is_running(job)) {
        g_autofree char *t = dw_gui_progress_text(p);
        gtk_label_set_text(status, t);
    }
}

static void on_job_log(DwGuiJob *job, int level, const char *msg, gpointer user)
{
    dw_window_log(DW_WINDOW(user), (dw_log_level)level, msg);
}

static void on_job_finished(DwGuiJob *job, gpointer user)
{
    DwWindow *self = DW_WINDOW(user);
    GtkWidget *row = g_object_get_data(G_OBJECT(job), "dw-row");
    const GError *e = dw_gui_job_get_error(job);
    gboolean cancelled = e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED);
    g_autofree char *status = dw_gui_job_succeeded(job) ? g_strdup(_("Finished"))
                              : cancelled ? g_strdup(_("Cancelled"))
                                          : g_strdup_printf(_("Failed: %s"), e ? e->message : "");
    if (row) {
        gtk_label_set_text(g_object_get_data(G_OBJECT(row), "dw-status"), status);
        gtk_widget_set_sensitive(g_object_get_data(G_OBJECT(row), "dw-cancel"), FALSE);
        if (dw_gui_job_succeeded(job))
            gtk_progress_bar_set_fraction(g_object_get_data(G_OBJECT(row), "dw-bar"), 1.0);
    }
    g_autofree char *line = g_strdup_printf("%s: %s", dw_gui_job_get_title(job), status);
    dw_window_log(self, cancelled || dw_gui_job_succeeded(job) ? DW_LOG_INFO : DW_LOG_ERROR, line);
    gboolean is_probe = job == self->probe;
    if (!is_probe && !dw_gui_job_succeeded(job) && !cancelled) {
        gtk_label_set_text(self->info_label, line);
        gtk_info_bar_set_message_type(self->info_bar, GTK_MESSAGE_ERROR);
        gtk_info_bar_set_revealed(self->info_bar, TRUE);
    }
    if (!is_probe && !gtk_window_is_active(GTK_WINDOW(self))) {
        GApplication *app = G_APPLICATION(gtk_window_get_application(GTK_WINDOW(self)));
        if (app) {
            g_autoptr(GNotification) n = g_notification_new(dw_gui_job_get_title(job));
            g_notification_set_body(n, status);
            g_autofree char *id = g_strdup_printf("job-%u", ++self->notify_seq);
            g_application_send_notification(app, id, n);
        }
    }
    dw_drive_list_set_busy(self->drive_list, dw_window_has_running_jobs(self));
    if (self->closing && !dw_window_has_running_jobs(self))
        gtk_widget_destroy(GTK_WIDGET(self));
}

static void on_row_cancel(GtkButton *b, gpointer job)
{
    dw_gui_job_cancel(DW_GUI_JOB(job));
}

void dw_window_run_job(DwWindow *self, DwGuiJob *job)
{
    g_ptr_array_add(self->jobs, g_object_ref(job));
    GtkWidget *row = gtk_list_box_row_new();
    GtkWidget *grid = gtk_grid_new();
    g_object_set(grid, "margin", 8, "column-spacing", 8, "row-spacing", 4, NULL);
    GtkWidget *title = gtk_label_new(dw_gui_job_get_title(job));
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    gtk_label_set_ellipsize(GTK_LABEL(title), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_set_hexpand(title, TRUE);
    GtkWidget *bar = gtk_progress_bar_new();
    GtkWidget *status = gtk_label_new(_("starting"));
    gtk_label_set_xalign(GTK_LABEL(status), 0);
    GtkWidget *cancel = gtk_button_new_with_label(_("Cancel"));
    g_autofree char *acc = g_strdup_printf(_("Cancel %s"), dw_gui_job_get_title(job));
    atk_object_set_name(gtk_widget_get_accessible(cancel), acc);
    atk_object_set_name(gtk_widget_get_accessible(bar), dw_gui_job_get_title(job));
    gtk_grid_attach(GTK_GRID(grid), title, 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), cancel, 1, 0, 1, 2);
    gtk_grid_attach(GTK_GRID(grid), bar, 0, 1, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), status, 0, 2, 2, 1);
    gtk_container_add(GTK_CONTAINER(row), grid);
    g_object_set_data(G_OBJECT(row), "dw-bar", bar);
    g_object_set_data(G_OBJECT(row), "dw-status", status);
    g_object_set_data(G_OBJECT(row), "dw-cancel", cancel);
    g_object_set_data(G_OBJECT(job), "dw-row", row);
    gtk_widget_show_all(row);
    gtk_list_box_insert(self->jobs_list, row, 0);
    g_signal_connect_object(cancel, "clicked", G_CALLBACK(on_row_cancel), job, 0);
    g_signal_connect_object(job, "progress", G_CALLBACK(job_row_progress), row, 0);
    g_signal_connect_object(job, "log", G_CALLBACK(on_job_log), self, 0);
    g_signal_connect_object(job, "finished", G_CALLBACK(on_job_finished), self, 0);
    g_autofree char *line = g_strdup_printf(_("%s: started"), dw_gui_job_get_title(job));
    dw_window_log(self, DW_LOG_INFO, line);
    dw_drive_list_set_busy(self->drive_list, TRUE);
    dw_gui_job_start(job);
}

gboolean dw_window_has_running_jobs(DwWindow *self)
{
    for (guint i = 0; i < self->jobs->len; i++)
        if (dw_gui_job_is_running(self->jobs->pdata[i]))
            return TRUE;
    return FALSE;
}

/* ---- the selected source ----------------------------------------------- */

static void on_probe_finished(DwGuiJob *job, gpointer user)
{
    DwWindow *self = DW_WINDOW(user);
    if (job != self->probe)
        return;   /* a newer selection replaced it */
    probe_call *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    g_clear_pointer(&self->disc, dw_disc_free);
    const char *model = dw_drive_list_get_model(self->drive_list, c->source);
    if (dw_gui_job_succeeded(job)) {
        self->disc = g_steal_pointer(&c->disc);
        dw_view_disc_set_disc(self->view_disc, c->source, self->disc);
        dw_view_disc_set_media(self->view_disc, c->have_media ? &c->media : NULL, c->media_error);
        dw_view_burn_set_medium(self->view_burn, c->source, c->have_media ? &c->media : NULL);
        dw_view_author_set_medium(self->view_author, c->source, c->have_media ? &c->media : NULL);
        /* A stdio: medium holding an image rips from its file. */
        const char *rip_from = !self->disc ? NULL : is_stdio(c->source) ? c->source + 6 : c->source;
        dw_view_rip_set_source(self->view_rip, self, rip_from, self->disc, model);
        return;
    }
    gboolean blank = c->have_media && (c->media.status == DW_MEDIA_BLANK || c->media.status == DW_MEDIA_NONE);
    g_autofree char *text = !blank ? g_strdup_printf("%s: %s", c->source, e ? e->message : _("cannot be read"))
                            : c->media.status == DW_MEDIA_BLANK
                                ? g_strdup_printf(_("%s: a blank medium, nothing to read"), c->source)
                                : g_strdup_printf(_("%s: no medium"), c->source);
    dw_view_disc_set_disc(self->view_disc, text, NULL);
    dw_view_disc_set_media(self->view_disc, c->have_media ? &c->media : NULL, c->media_error);
    dw_view_burn_set_medium(self->view_burn, c->source, c->have_media ? &c->media : NULL);
    dw_view_author_set_medium(self->view_author, c->source, c->have_media ? &c->media : NULL);
    dw_view_rip_set_source(self->view_rip, self, NULL, NULL, NULL);
    if (!blank && e && !g_error_matches(e, DW_ERROR, DW_ERROR_NO_MEDIUM) &&
        !g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED))
        dw_window_show_error(self, "%s", text);
}

static void read_source(DwWindow *self, const char *source)
{
    if (self->probe && dw_gui_job_is_running(self->probe))
        dw_gui_job_cancel(self->probe);
    g_free(self->source);
    self->source = g_strdup(source);
    gboolean device = dw_source_classify(source) == DW_SOURCE_DEVICE;
    if (device)
        g_settings_set_string(self->settings, "last-drive", source);
    dw_view_verify_setup(self->view_verify, self, device ? source : NULL);
    if (device || is_stdio(source))
        dw_view_burn_setup(self->view_burn, self, source);
    dw_view_disc_set_media(self->view_disc, NULL, NULL);
    probe_call *c = g_new0(probe_call, 1);
    c->source = g_strdup(source);
    c->want_media = device;
    g_autofree char *title = g_strdup_printf(_("Read %s"), source);
    DwGuiJob *job = dw_gui_job_new(title, run_probe, c, probe_call_free);
    self->probe = job;
    g_signal_connect_object(job, "finished", G_CALLBACK(on_probe_finished), self, 0);
    g_autofree char *reading = g_strdup_printf(_("Reading %s…"), source);
    dw_view_disc_set_disc(self->view_disc, reading, NULL);
    dw_window_run_job(self, job);
    g_object_unref(job);   /* the jobs list holds it */
}

static void on_source_selected(DwDriveList *list, const char *path, gpointer user)
{
    read_source(DW_WINDOW(user), path);
}

/* ---- actions ------------------------------------------------------------ */

static void act_refresh(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_drive_list_refresh(self->drive_list);
    if (self->source)
        read_source(self, self->source);
}

static void on_open_response(GtkNativeDialog *d, int response, gpointer user)
{
    DwWindow *self = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f) {
            dw_drive_list_add_image(self->drive_list, f);
            dw_drive_list_select(self->drive_list, f);
        }
    }
    g_object_unref(d);
}

static void act_open_image(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Open Disc Image"), GTK_WINDOW(self),
                                                          GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    GtkFileFilter *f = gtk_file_filter_new();
    gtk_file_filter_set_name(f, _("Disc images (cue, ccd, toc, nrg, iso)"));
    static const char *const pats[] = { "*.cue", "*.ccd", "*.toc", "*.nrg", "*.iso", "*.CUE", "*.CCD", "*.ISO" };
    for (size_t i = 0; i < G_N_ELEMENTS(pats); i++)
        gtk_file_filter_add_pattern(f, pats[i]);
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), f);
    g_signal_connect(d, "response", G_CALLBACK(on_open_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void on_medium_file_response(GtkNativeDialog *d, int response, gpointer user)
{
    DwWindow *self = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f)
            dw_window_open_medium_file(self, f);
    }
    g_object_unref(d);
}

void dw_window_open_medium_file(DwWindow *self, const char *path)
{
    g_autofree char *addr = g_strconcat("stdio:", path, NULL);
    dw_drive_list_add_image(self->drive_list, addr);
    dw_drive_list_select(self->drive_list, addr);
}

/* A file (new or existing) used as a writable medium: libburn's stdio: drive. */
static void act_open_medium_file(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Use a File as Medium"), GTK_WINDOW(self),
                                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Use"), _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(d), FALSE);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), "disc.iso");
    g_signal_connect(d, "response", G_CALLBACK(on_medium_file_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void act_rip(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "rip");
    dw_view_rip_start(self->view_rip, FALSE);
}

static void act_resume(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "rip");
    dw_view_rip_start(self->view_rip, TRUE);
}

static void act_cancel(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_rip_cancel(DW_WINDOW(user)->view_rip);
}

static void on_save_response(GtkNativeDialog *d, int response, gpointer user)
{
    DwWindow *self = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        GError *error = NULL;
        if (f && !dw_window_save_log(self, f, &error)) {
            dw_window_show_error(self, _("Could not save the log: %s"), error->message);
            g_error_free(error);
        }
    }
    g_object_unref(d);
}

static void act_save_log(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Save Log"), GTK_WINDOW(self),
                                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(d), TRUE);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), "discwright.log");
    g_signal_connect(d, "response", G_CALLBACK(on_save_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void act_show_view(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_window_show_view(DW_WINDOW(user), g_variant_get_string(p, NULL));
}

static void act_verify(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "verify");
    dw_view_verify_start(self->view_verify);
}

static void act_author_add_files(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_ask_add(DW_WINDOW(user)->view_author, FALSE);
}

static void act_author_add_folder(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_ask_add(DW_WINDOW(user)->view_author, TRUE);
}

static void act_author_remove(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_remove_selected(DW_WINDOW(user)->view_author);
}

static void act_author_write(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_ask_write(DW_WINDOW(user)->view_author);
}

/* Author's Burn…: the burn view with the project as its source; the user picks the drive there. */
static void act_author_burn(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_view_burn_set_from(self->view_burn, DW_BURN_FROM_PROJECT);
    dw_window_show_view(self, "burn");
}

static void act_burn(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "burn");
    dw_view_burn_start(self->view_burn);
}

static void act_burn_choose(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_burn_ask_image(DW_WINDOW(user)->view_burn);
}

static const GActionEntry win_actions[] = {
    { "refresh", act_refresh, NULL, NULL, NULL, { 0 } },
    { "open-image", act_open_image, NULL, NULL, NULL, { 0 } },
    { "open-medium-file", act_open_medium_file, NULL, NULL, NULL, { 0 } },
    { "rip", act_rip, NULL, NULL, NULL, { 0 } },
    { "resume", act_resume, NULL, NULL, NULL, { 0 } },
    { "cancel", act_cancel, NULL, NULL, NULL, { 0 } },
    { "save-log", act_save_log, NULL, NULL, NULL, { 0 } },
    { "show-view", act_show_view, "s", NULL, NULL, { 0 } },
    { "author-add-files", act_author_add_files, NULL, NULL, NULL, { 0 } },
    { "author-add-folder", act_author_add_folder, NULL, NULL, NULL, { 0 } },
    { "author-remove", act_author_remove, NULL, NULL, NULL, { 0 } },
    { "author-write", act_author_write, NULL, NULL, NULL, { 0 } },
    { "author-burn", act_author_burn, NULL, NULL, NULL, { 0 } },
    { "burn-choose", act_burn_choose, NULL, NULL, NULL, { 0 } },
    { "burn", act_burn, NULL, NULL, NULL, { 0 } },
    { "verify", act_verify, NULL, NULL, NULL, { 0 } },
};

static const char *const disabled_actions[] = { "cancel", "rip", "resume" };

void dw_window_show_view(DwWindow *self, const char *name)
{
    gtk_stack_set_visible_child_name(self->stack, name);
}

DwDriveList *dw_window_get_drive_list(DwWindow *self) { return self->drive_list; }
DwViewDisc *dw_window_get_view_disc(DwWindow *self) { return self->view_disc; }
DwViewRip *dw_window_get_view_rip(DwWindow *self) { return self->view_rip; }
DwViewVerify *dw_window_get_view_verify(DwWindow *self) { return self->view_verify; }
DwViewAuthor *dw_window_get_view_author(DwWindow *self) { return self->view_author; }
DwViewBurn *dw_window_get_view_burn(DwWindow *self) { return self->view_burn; }
const dw_disc *dw_window_get_disc(DwWindow *self) { return self->disc; }
DwGuiJob *dw_window_get_probe_job(DwWindow *self) { return self->probe; }
GtkInfoBar *dw_window_get_info_bar(DwWindow *self) { return self->info_bar; }
GSettings *dw_window_get_settings(DwWindow *self) { return self->settings; }

/* Keep "resume" enabled exactly when "rip" is. */
static void on_rip_enabled(GObject *rip, GParamSpec *ps, gpointer user)
{
    GAction *resume = g_action_map_lookup_action(G_ACTION_MAP(user), "resume");
    g_simple_action_set_enabled(G_SIMPLE_ACTION(resume), g_action_get_enabled(G_ACTION(rip)));
}

static void on_close_answer(GtkDialog *d, int response, gpointer user)
{
    DwWindow *self = user;
    gtk_widget_destroy(GTK_WIDGET(d));
    if (response != GTK_RESPONSE_ACCEPT)
        return;
    self->closing = TRUE;
    for (guint i = 0; i < self->jobs->len; i++)
        dw_gui_job_cancel(self->jobs->pdata[i]);
    gtk_widget_hide(GTK_WIDGET(self));   /* destroyed when the last job returns */
}

static gboolean on_delete(GtkWidget *w, GdkEventAny *ev, gpointer user)
{
    DwWindow *self = DW_WINDOW(w);
    if (!dw_window_has_running_jobs(self) || self->closing)
        return self->closing;
    GtkWidget *d = gtk_message_dialog_new(GTK_WINDOW(self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                          GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s",
                                          _("A job is still running. Stop it and close?"));
    gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s",
                                             _("A cancelled rip keeps its map, so Resume can continue it later."));
    gtk_dialog_add_buttons(GTK_DIALOG(d), _("_Keep Running"), GTK_RESPONSE_CANCEL, _("_Stop and Close"),
                           GTK_RESPONSE_ACCEPT, NULL);
    g_signal_connect(d, "response", G_CALLBACK(on_close_answer), self);
    gtk_widget_show(d);
    return TRUE;
}

DwWindow *dw_window_new(GtkApplication *app)
{
    return g_object_new(DW_TYPE_WINDOW, "application", app, NULL);
}

static void dispose(GObject *obj)
{
    DwWindow *self = DW_WINDOW(obj);
    if (self->jobs) {
        for (guint i = 0; i < self->jobs->len; i++) {
            dw_gui_job_cancel(self->jobs->pdata[i]);
            g_signal_handlers_disconnect_by_data(self->jobs->pdata[i], self);
        }
        g_clear_pointer(&self->jobs, g_ptr_array_unref);
    }
    g_clear_object(&self->settings);
    G_OBJECT_CLASS(dw_window_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwWindow *self = DW_WINDOW(obj);
    g_clear_pointer(&self->disc, dw_disc_free);
    g_free(self->source);
    G_OBJECT_CLASS(dw_window_parent_class)->finalize(obj);
}

static void dw_window_init(DwWindow *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    self->settings = g_settings_new(DW_APP_ID);
    self->jobs = g_ptr_array_new_with_free_func(g_object_unref);
    g_action_map_add_action_entries(G_ACTION_MAP(self), win_actions, G_N_ELEMENTS(win_actions), self);
    for (size_t i = 0; i < G_N_ELEMENTS(disabled_actions); i++)
        g_simple_action_set_enabled(
            G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), disabled_actions[i])), FALSE);
    g_signal_connect_object(g_action_map_lookup_action(G_ACTION_MAP(self), "rip"), "notify::enabled",
                            G_CALLBACK(on_rip_enabled), self, 0);
    g_signal_connect(self->info_bar, "response", G_CALLBACK(on_info_response), NULL);
    g_signal_connect(self->drive_list, "source-selected", G_CALLBACK(on_source_selected), self);
    g_signal_connect(self, "delete-event", G_CALLBACK(on_delete), NULL);
    g_autofree char *last = g_settings_get_string(self->settings, "last-drive");
    dw_drive_list_set_preferred(self->drive_list, last);
    dw_view_rip_set_source(self->view_rip, self, NULL, NULL, NULL);
    dw_view_verify_setup(self->view_verify, self, NULL);
    dw_view_author_setup(self->view_author, self);
    dw_view_burn_setup(self->view_burn, self, NULL);
}

static void dw_window_class_init(DwWindowClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    g_type_ensure(DW_TYPE_DRIVE_LIST);
    g_type_ensure(DW_TYPE_VIEW_DISC);
    g_type_ensure(DW_TYPE_VIEW_RIP);
    g_type_ensure(DW_TYPE_VIEW_AUTHOR);
    g_type_ensure(DW_TYPE_VIEW_BURN);
    g_type_ensure(DW_TYPE_VIEW_VERIFY);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/window.ui");
    gtk_widget_class_bind_template_child(w, DwWindow, info_bar);
    gtk_widget_class_bind_template_child(w, DwWindow, info_label);
    gtk_widget_class_bind_template_child(w, DwWindow, stack);
    gtk_widget_class_bind_template_child(w, DwWindow, jobs_list);
    gtk_widget_class_bind_template_child(w, DwWindow, log_view);
    gtk_widget_class_bind_template_child(w, DwWindow, drive_list);
    gtk_widget_class_bind_template_child(w, DwWindow, view_disc);
    gtk_widget_class_bind_template_child(w, DwWindow, view_rip);
    gtk_widget_class_bind_template_child(w, DwWindow, view_verify);
    gtk_widget_class_bind_template_child(w, DwWindow, view_author);
    gtk_widget_class_bind_template_child(w, DwWindow, view_burn);
}
