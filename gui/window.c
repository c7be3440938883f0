/* window.c: DwWindow, the main window.  It reads the selected source as
 * a job — dw_probe() for what a disc or image holds, and for a burner or
 * a stdio: file also dw_burn_media_info() for the writable medium (blank,
 * appendable, closed, capacity, free space, speeds) — and hands the
 * results to the views; keeps the header bar's title and subtitle (what
 * is selected), the Jobs popover (every job a view started, with
 * progress, cancel and Clear), the log (every line is kept for Save Log…;
 * the pane shows the informative ones and follows the last line), the
 * info bar for errors and for questions with action buttons, a desktop
 * notification when a job ends while the window is not focused, and asks
 * before closing while a job runs.  The actions are in window_actions.c.
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
    GtkHeaderBar *header;
    GtkInfoBar *info_bar;
    GtkLabel *info_label;
    GtkStack *stack, *jobs_icon;
    GtkSpinner *jobs_spinner;
    GtkMenuButton *jobs_button;
    DwJobsList *jobs_list;
    GtkExpander *log_expander;
    GtkTextView *log_view;
    GtkScrolledWindow *log_scroll;
    gboolean log_follow;        /* the pane follows its last line (the reader did not scroll up) */
    gboolean log_moving;        /* we move it */
    gboolean log_user;          /* the reader has scrolled it (wheel, scroll bar, keys) */
    GString *log;               /* every line, debug included (Save Log…) */
    DwDriveList *drive_list;
    DwViewDisc *view_disc;
    DwViewRip *view_rip;
    DwViewVerify *view_verify;
    DwViewAuthor *view_author;
    DwViewBurn *view_burn;
    DwViewLibrary *view_library;
    GPtrArray *jobs;            /* DwGuiJob, owned */
    DwGuiJob *probe;            /* the current probe job, also in jobs */
    dw_disc *disc;              /* owned */
    char *source;
    gboolean closing;
    guint notify_seq;
    /* the info bar's question, if it asks one */
    DwInfoCallback info_cb;
    gpointer info_data;
    GDestroyNotify info_destroy;
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

/* ---- the log ------------------------------------------------------------ */


void dw_window_log(DwWindow *self, dw_log_level level, const char *message)
{
    static const char *const names[] = { "debug", "info", "warning", "error" };
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%H:%M:%S");
    /* Lines may carry bytes from a disc: the pane takes UTF-8 only. */
    g_autofree char *text = g_utf8_make_valid(message ? message : "", -1);
    g_autofree char *line = g_strdup_printf("%s %-7s %s\n", stamp, names[CLAMP((int)level, 0, 3)], text);
    g_string_append(self->log, line);
    if (level < DW_LOG_INFO)
        return;   /* debug lines only in the saved log */
    GtkTextBuffer *b = gtk_text_view_get_buffer(self->log_view);
    GtkTextIter end, start;
    gtk_text_buffer_get_end_iter(b, &end);
    gtk_text_buffer_insert(b, &end, line, -1);
    /* The (hidden) cursor stays at the top: the view would otherwise scroll to it at the end. */
    gtk_text_buffer_get_start_iter(b, &start);
    gtk_text_buffer_place_cursor(b, &start);
}

/* The pane grew or was shown: while following, keep the last line in sight. */
static void on_log_adj_changed(GtkAdjustment *a, gpointer user)
{
    DwWindow *self = user;
    if (!self->log_follow)
        return;
    self->log_moving = TRUE;
    gtk_adjustment_set_value(a, gtk_adjustment_get_upper(a) - gtk_adjustment_get_page_size(a));
    self->log_moving = FALSE;
}

/* Only the reader's own scrolling (wheel, scroll bar, keys) decides
 * whether the pane follows: the text view also moves the adjustment while
 * it measures lines it had only estimated, and that must not count. */
static void on_log_adj_value(GtkAdjustment *a, gpointer user)
{
    DwWindow *self = user;
    if (self->log_moving || !self->log_user)
        return;
    self->log_follow = gtk_adjustment_get_value(a) + gtk_adjustment_get_page_size(a) >=
                       gtk_adjustment_get_upper(a) - 4;
}

static gboolean on_log_input(GtkWidget *w, GdkEvent *ev, gpointer user)
{
    DW_WINDOW(user)->log_user = TRUE;
    return GDK_EVENT_PROPAGATE;
}

/* Opened: at the last line. */
static void on_log_expanded(GObject *expander, GParamSpec *ps, gpointer user)
{
    DwWindow *self = user;
    if (gtk_expander_get_expanded(self->log_expander)) {
        self->log_follow = TRUE;
        self->log_user = FALSE;
    }
}

char *dw_window_get_log_text(DwWindow *self)
{
    return g_strdup(self->log->str);
}

char *dw_window_get_log_pane_text(DwWindow *self)
{
    GtkTextBuffer *b = gtk_text_view_get_buffer(self->log_view);
    GtkTextIter s, e;
    gtk_text_buffer_get_bounds(b, &s, &e);
    return gtk_text_buffer_get_text(b, &s, &e, FALSE);
}

GtkExpander *dw_window_get_log_expander(DwWindow *self)
{
    return self->log_expander;
}

GtkTextView *dw_window_get_log_view(DwWindow *self)
{
    return self->log_view;
}

gboolean dw_window_save_log(DwWindow *self, const char *path, GError **error)
{
    return g_file_set_contents(path, self->log->str, (gssize)self->log->len, error);
}

/* ---- the info bar ------------------------------------------------------- */

static void clear_question(DwWindow *self)
{
    GtkWidget *area = gtk_info_bar_get_action_area(self->info_bar);
    GList *buttons = gtk_container_get_children(GTK_CONTAINER(area));
    for (GList *l = buttons; l; l = l->next)
        gtk_widget_destroy(l->data);
    g_list_free(buttons);
    if (self->info_destroy && self->info_data)
        self->info_destroy(self->info_data);
    self->info_cb = NULL;
    self->info_data = NULL;
    self->info_destroy = NULL;
}

void dw_window_show_message(DwWindow *self, GtkMessageType type, const char *text, const char *const *actions,
                            DwInfoCallback cb, gpointer data, GDestroyNotify destroy)
{
    clear_question(self);
    gtk_label_set_text(self->info_label, text);
    gtk_info_bar_set_message_type(self->info_bar, type);
    for (int i = 0; actions && actions[i]; i++) {
        GtkWidget *b = gtk_info_bar_add_button(self->info_bar, actions[i], i);
        atk_object_set_name(gtk_widget_get_accessible(b), g_strdelimit(g_strdup(actions[i]), "_", ' '));
    }
    self->info_cb = cb;
    self->info_data = data;
    self->info_destroy = destroy;
    gtk_info_bar_set_revealed(self->info_bar, TRUE);
    dw_window_log(self, type == GTK_MESSAGE_ERROR ? DW_LOG_ERROR : DW_LOG_WARNING, text);
}

void dw_window_show_error(DwWindow *self, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    dw_window_show_message(self, GTK_MESSAGE_ERROR, msg, NULL, NULL, NULL, NULL);
}

void dw_window_hide_message(DwWindow *self)
{
    gtk_info_bar_set_revealed(self->info_bar, FALSE);
    clear_question(self);
}

static void on_info_response(GtkInfoBar *bar, int response, gpointer user)
{
    DwWindow *self = user;
    DwInfoCallback cb = self->info_cb;
    gpointer data = self->info_data;
    GDestroyNotify destroy = self->info_destroy;
    self->info_cb = NULL;
    self->info_data = NULL;
    self->info_destroy = NULL;
    gtk_info_bar_set_revealed(bar, FALSE);
    clear_question(self);
    if (cb && response >= 0)
        cb(self, response, data);
    if (destroy && data)
        destroy(data);
}

/* ---- jobs --------------------------------------------------------------- */

static void update_jobs_button(DwWindow *self)
{
    gboolean busy = FALSE;
    guint running = 0;
    for (guint i = 0; i < self->jobs->len; i++)
        if (self->jobs->pdata[i] != self->probe && dw_gui_job_is_running(self->jobs->pdata[i]))
            running++;
    busy = running > 0;
    gtk_stack_set_visible_child_name(self->jobs_icon, busy ? "busy" : "idle");
    if (busy)
        gtk_spinner_start(self->jobs_spinner);
    else
        gtk_spinner_stop(self->jobs_spinner);
    g_autofree char *tip = busy ? g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "Jobs: %u running (Alt+6)",
                                                              "Jobs: %u running (Alt+6)", running), running)
                                : g_strdup(_("Jobs (Alt+6)"));
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->jobs_button), tip);
}

static void on_job_log(DwGuiJob *job, int level, const char *msg, gpointer user)
{
    dw_window_log(DW_WINDOW(user), (dw_log_level)level, msg);
}

static void on_job_finished(DwGuiJob *job, gpointer user)
{
    DwWindow *self = DW_WINDOW(user);
    const GError *e = dw_gui_job_get_error(job);
    gboolean cancelled = e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED);
    g_autofree char *status = dw_gui_job_succeeded(job) ? g_strdup(_("Finished"))
                              : cancelled ? g_strdup(_("Cancelled"))
                                          : g_strdup_printf(_("Failed: %s"), e ? e->message : "");
    g_autofree char *line = g_strdup_printf("%s: %s", dw_gui_job_get_title(job), status);
    gboolean is_probe = job == self->probe;
    gboolean handled = g_object_get_data(G_OBJECT(job), "dw-error-handled") != NULL;
    if (!is_probe && !dw_gui_job_succeeded(job) && !cancelled && !handled)
        dw_window_show_message(self, GTK_MESSAGE_ERROR, line, NULL, NULL, NULL, NULL);
    else
        dw_window_log(self, cancelled || dw_gui_job_succeeded(job) ? DW_LOG_INFO : DW_LOG_ERROR, line);
    /* A desktop notification when the app is in the background (one of its
     * dialogs being up counts as the foreground); not for a job the user
     * has just cancelled. */
    GtkApplication *gapp = gtk_window_get_application(GTK_WINDOW(self));
    gboolean foreground = FALSE;
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l; l = l->next)
        foreground = foreground || gtk_window_is_active(l->data);
    g_list_free(tops);
    if (!is_probe && !cancelled && !foreground) {
        GApplication *app = G_APPLICATION(gapp);
        if (app) {
            g_autoptr(GNotification) n = g_notification_new(dw_gui_job_get_title(job));
            g_notification_set_body(n, status);
            g_autofree char *id = g_strdup_printf("job-%u", ++self->notify_seq);
            g_application_send_notification(app, id, n);
        }
    }
    dw_drive_list_set_busy(self->drive_list, dw_window_has_running_jobs(self));
    update_jobs_button(self);
    dw_window_update_cancel(self);
    if (self->closing && !dw_window_has_running_jobs(self))
        gtk_widget_destroy(GTK_WIDGET(self));
}

static void start_job(DwWindow *self, DwGuiJob *job, gboolean listed)
{
    g_ptr_array_add(self->jobs, g_object_ref(job));
    if (listed)
        dw_jobs_list_add(self->jobs_list, job);
    g_signal_connect_object(job, "log", G_CALLBACK(on_job_log), self, 0);
    g_signal_connect_object(job, "finished", G_CALLBACK(on_job_finished), self, 0);
    g_autofree char *line = g_strdup_printf(_("%s: started"), dw_gui_job_get_title(job));
    dw_window_log(self, DW_LOG_INFO, line);
    dw_drive_list_set_busy(self->drive_list, TRUE);
    dw_gui_job_start(job);
    update_jobs_button(self);
    dw_window_update_cancel(self);
}

void dw_window_run_job(DwWindow *self, DwGuiJob *job)
{
    start_job(self, job, TRUE);
}

gboolean dw_window_has_running_jobs(DwWindow *self)
{
    for (guint i = 0; i < self->jobs->len; i++)
        if (dw_gui_job_is_running(self->jobs->pdata[i]))
            return TRUE;
    return FALSE;
}

DwJobsList *dw_window_get_jobs_list(DwWindow *self)
{
    return self->jobs_list;
}

void dw_window_show_jobs(DwWindow *self)
{
    gtk_popover_popup(gtk_menu_button_get_popover(self->jobs_button));
}

/* ---- the selected source ----------------------------------------------- */

static void set_subtitle(DwWindow *self, const char *text)
{
    gtk_header_bar_set_subtitle(self->header, text);
}

static void on_probe_finished(DwGuiJob *job, gpointer user)
{
    DwWindow *self = DW_WINDOW(user);
    if (job != self->probe)
        return;   /* a newer selection replaced it */
    probe_call *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    g_clear_pointer(&self->disc, dw_disc_free);
    const char *model = dw_drive_list_get_model(self->drive_list, c->source);
    const dw_media_info *media = c->have_media ? &c->media : NULL;
    dw_view_burn_set_medium(self->view_burn, c->source, media);
    dw_view_author_set_medium(self->view_author, c->source, media);
    if (dw_gui_job_succeeded(job)) {
        self->disc = g_steal_pointer(&c->disc);
        if (self->disc) {
            dw_view_disc_set_disc(self->view_disc, c->source, model, self->disc);
        } else {
            /* a stdio: file that does not read as an image: only its medium */
            g_autofree char *base = g_path_get_basename(c->source + 6);
            dw_view_disc_set_medium_only(self->view_disc, base, _("A file used as a writable medium"));
        }
        dw_view_disc_set_media(self->view_disc, media, c->media_error);
        /* A stdio: medium holding an image rips from its file. */
        const char *rip_from = !self->disc ? NULL : is_stdio(c->source) ? c->source + 6 : c->source;
        dw_view_rip_set_source(self->view_rip, self, rip_from, self->disc, model);
        set_subtitle(self, dw_view_disc_get_title(self->view_disc));
        return;
    }
    gboolean blank = media && (media->status == DW_MEDIA_BLANK || media->status == DW_MEDIA_NONE);
    gboolean none = (media && media->status == DW_MEDIA_NONE) ||
                    (e && g_error_matches(e, DW_ERROR, DW_ERROR_NO_MEDIUM));
    const char *name = model && *model ? model : c->source;
    g_autofree char *title = none                                         ? g_strdup(_("No Disc"))
                             : media && media->status == DW_MEDIA_BLANK ? g_strdup(_("Blank Disc"))
                                                                          : g_strdup(_("Cannot Read the Disc"));
    g_autofree char *text =
        none ? g_strdup_printf(_("%s (%s) has no disc: insert one, or open an image."), name, c->source)
        : blank ? g_strdup_printf(_("The disc in %s is blank: nothing to read. Burn or Author can write to it."),
                                  c->source)
                : g_strdup_printf("%s: %s", c->source, e ? e->message : _("cannot be read"));
    if (media && media->status == DW_MEDIA_BLANK)
        dw_view_disc_set_medium_only(self->view_disc, title, text);
    else
        dw_view_disc_set_message(self->view_disc, title, text);
    dw_view_disc_set_media(self->view_disc, media, c->media_error);
    dw_view_rip_set_source(self->view_rip, self, NULL, NULL, NULL);
    set_subtitle(self, c->source);
    if (!blank && !none && e && !g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED))
        dw_window_show_error(self, "%s", text);
}

static void read_source(DwWindow *self, const char *source)
{
    if (self->probe && dw_gui_job_is_running(self->probe))
        dw_gui_job_cancel(self->probe);
    char *copy = g_strdup(source);   /* source may be self->source (F5) */
    g_free(self->source);
    self->source = copy;
    source = copy;
    gboolean device = dw_source_classify(source) == DW_SOURCE_DEVICE;
    if (device)
        dw_gui_settings_set_string("last-drive", source);
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
    dw_view_disc_set_message(self->view_disc, _("Reading the Disc"), reading);
    set_subtitle(self, source);
    start_job(self, job, FALSE);
    g_object_unref(job);   /* the window's array holds it */
}

static void on_source_selected(DwDriveList *list, const char *path, gpointer user)
{
    read_source(DW_WINDOW(user), path);
}

void dw_window_reread(DwWindow *self)
{
    dw_drive_list_refresh(self->drive_list);
    if (self->source)
        read_source(self, self->source);
}

void dw_window_open_medium_file(DwWindow *self, const char *path)
{
    g_autofree char *addr = g_strconcat("stdio:", path, NULL);
    dw_drive_list_add_image(self->drive_list, addr);
    dw_drive_list_select(self->drive_list, addr);
}

/* ---- views -------------------------------------------------------------- */

void dw_window_show_view(DwWindow *self, const char *name)
{
    if (g_str_equal(name, "jobs"))
        dw_window_show_jobs(self);
    else
        gtk_stack_set_visible_child_name(self->stack, name);
}

const char *dw_window_get_view_name(DwWindow *self)
{
    return gtk_stack_get_visible_child_name(self->stack);
}

/* The running job of the view shown, which Cancel (Ctrl+.) stops. */
static DwGuiJob *visible_job(DwWindow *self)
{
    const char *v = gtk_stack_get_visible_child_name(self->stack);
    DwGuiJob *j = !v                        ? NULL
                  : g_str_equal(v, "rip")    ? dw_view_rip_get_job(self->view_rip)
                  : g_str_equal(v, "author") ? dw_view_author_get_job(self->view_author)
                  : g_str_equal(v, "burn")   ? dw_view_burn_get_job(self->view_burn)
                  : g_str_equal(v, "verify") ? dw_view_verify_get_job(self->view_verify)
                  : g_str_equal(v, "library") ? dw_view_library_get_job(self->view_library)
                                             : NULL;
    return j && dw_gui_job_is_running(j) ? j : NULL;
}

void dw_window_update_cancel(DwWindow *self)
{
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self), "cancel");
    if (a)
        g_simple_action_set_enabled(G_SIMPLE_ACTION(a), visible_job(self) != NULL);
}

void dw_window_cancel_visible(DwWindow *self)
{
    const char *v = gtk_stack_get_visible_child_name(self->stack);
    if (!v || !visible_job(self))
        return;
    if (g_str_equal(v, "rip"))
        dw_view_rip_cancel(self->view_rip);
    else if (g_str_equal(v, "author"))
        dw_view_author_cancel(self->view_author);
    else if (g_str_equal(v, "burn"))
        dw_view_burn_cancel(self->view_burn);
    else if (g_str_equal(v, "verify"))
        dw_view_verify_cancel(self->view_verify);
    else if (g_str_equal(v, "library"))
        dw_view_library_cancel(self->view_library);
}

static void on_visible_view(GObject *stack, GParamSpec *ps, gpointer user)
{
    dw_window_update_cancel(DW_WINDOW(user));
}

DwDriveList *dw_window_get_drive_list(DwWindow *self) { return self->drive_list; }
DwViewDisc *dw_window_get_view_disc(DwWindow *self) { return self->view_disc; }
DwViewRip *dw_window_get_view_rip(DwWindow *self) { return self->view_rip; }
DwViewVerify *dw_window_get_view_verify(DwWindow *self) { return self->view_verify; }
DwViewAuthor *dw_window_get_view_author(DwWindow *self) { return self->view_author; }
DwViewBurn *dw_window_get_view_burn(DwWindow *self) { return self->view_burn; }
DwViewLibrary *dw_window_get_view_library(DwWindow *self) { return self->view_library; }
const dw_disc *dw_window_get_disc(DwWindow *self) { return self->disc; }
DwGuiJob *dw_window_get_probe_job(DwWindow *self) { return self->probe; }
GtkInfoBar *dw_window_get_info_bar(DwWindow *self) { return self->info_bar; }
GtkHeaderBar *dw_window_get_header_bar(DwWindow *self) { return self->header; }
GtkStack *dw_window_get_stack(DwWindow *self) { return self->stack; }

/* ---- closing ------------------------------------------------------------ */

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
    gtk_dialog_set_default_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
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
    if (self->info_destroy && self->info_data)
        self->info_destroy(self->info_data);
    self->info_cb = NULL;
    self->info_data = NULL;
    self->info_destroy = NULL;
    G_OBJECT_CLASS(dw_window_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwWindow *self = DW_WINDOW(obj);
    g_clear_pointer(&self->disc, dw_disc_free);
    g_free(self->source);
    g_string_free(self->log, TRUE);
    G_OBJECT_CLASS(dw_window_parent_class)->finalize(obj);
}

static void dw_window_init(DwWindow *self)
{
    self->log = g_string_new(NULL);
    gtk_widget_init_template(GTK_WIDGET(self));
    self->jobs = g_ptr_array_new_with_free_func(g_object_unref);
    dw_window_add_actions(self);
    g_signal_connect(self->info_bar, "response", G_CALLBACK(on_info_response), self);
    g_signal_connect(self->drive_list, "source-selected", G_CALLBACK(on_source_selected), self);
    g_signal_connect(self, "delete-event", G_CALLBACK(on_delete), NULL);
    g_signal_connect(self->stack, "notify::visible-child", G_CALLBACK(on_visible_view), self);
    GtkAdjustment *la = gtk_scrolled_window_get_vadjustment(self->log_scroll);
    self->log_follow = TRUE;
    g_signal_connect(la, "changed", G_CALLBACK(on_log_adj_changed), self);
    g_signal_connect(la, "value-changed", G_CALLBACK(on_log_adj_value), self);
    g_signal_connect(self->log_expander, "notify::expanded", G_CALLBACK(on_log_expanded), self);
    g_signal_connect(self->log_scroll, "scroll-event", G_CALLBACK(on_log_input), self);
    g_signal_connect(self->log_view, "key-press-event", G_CALLBACK(on_log_input), self);
    g_signal_connect(gtk_scrolled_window_get_vscrollbar(self->log_scroll), "button-press-event",
                     G_CALLBACK(on_log_input), self);
    g_autofree char *last = dw_gui_settings_get_string("last-drive", "");
    dw_drive_list_set_preferred(self->drive_list, last);
    dw_view_disc_set_message(self->view_disc, NULL, NULL);
    dw_view_rip_set_source(self->view_rip, self, NULL, NULL, NULL);
    dw_view_verify_setup(self->view_verify, self, NULL);
    dw_view_author_setup(self->view_author, self);
    dw_view_burn_setup(self->view_burn, self, NULL);
    dw_view_library_setup(self->view_library, self);
    update_jobs_button(self);
    dw_window_update_cancel(self);
}

static void dw_window_class_init(DwWindowClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    g_type_ensure(DW_TYPE_DRIVE_LIST);
    g_type_ensure(DW_TYPE_JOBS_LIST);
    g_type_ensure(DW_TYPE_VIEW_DISC);
    g_type_ensure(DW_TYPE_VIEW_RIP);
    g_type_ensure(DW_TYPE_VIEW_AUTHOR);
    g_type_ensure(DW_TYPE_VIEW_BURN);
    g_type_ensure(DW_TYPE_VIEW_VERIFY);
    g_type_ensure(DW_TYPE_VIEW_LIBRARY);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/window.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwWindow, name)
    BIND(header);
    BIND(info_bar);
    BIND(info_label);
    BIND(stack);
    BIND(jobs_icon);
    BIND(jobs_spinner);
    BIND(jobs_button);
    BIND(jobs_list);
    BIND(log_expander);
    BIND(log_view);
    BIND(log_scroll);
    BIND(drive_list);
    BIND(view_disc);
    BIND(view_rip);
    BIND(view_verify);
    BIND(view_author);
    BIND(view_burn);
    BIND(view_library);
#undef BIND
}
