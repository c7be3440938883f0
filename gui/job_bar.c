/* job_bar.c: DwJobBar, the strip every view that runs long work shows
 * under its form: a progress bar, a readable status line ("Reading
 * track 3 — 42 % · 3.1 MB/s · 0:12 left") read from the job's snapshot,
 * and a Cancel button while the job runs; when it ends, the outcome in
 * words with an icon (done, cancelled, failed) and, after a success, an
 * optional action such as Open Folder.  Nothing stale stays: the phase
 * text goes when the job ends, and a cancelled or failed job never shows
 * a full bar.  The view decides what Cancel does ("cancel" signal; the
 * burn view asks first) and what the outcome says (dw_job_bar_finish).
 */
#include "config.h"

#include <string.h>

#include "gui/gui.h"

struct _DwJobBar {
    GtkBox parent;
    GtkProgressBar *progress;
    GtkWidget *cancel;
    GtkImage *icon;
    GtkLabel *status;
    GtkWidget *action;
    DwGuiJob *job;               /* followed, not owned (the view owns it) */
    gulong progress_id;
    GCallback action_cb;
    gpointer action_data;
};

G_DEFINE_FINAL_TYPE(DwJobBar, dw_job_bar, GTK_TYPE_BOX)

enum { SIG_CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The library's phase names, as a person reads them. */
static const char *phase_text(const char *phase)
{
    static const struct {
        const char *phase, *text;
    } names[] = {
        { "reading", N_("Reading") },       { "trimming", N_("Trimming") },
        { "scraping", N_("Scraping") },     { "retrying", N_("Retrying") },
        { "writing", N_("Writing") },       { "simulating", N_("Simulating") },
        { "verifying", N_("Verifying") },   { "comparing", N_("Comparing") },
        { "hashing", N_("Hashing") },       { "checking sectors", N_("Checking sectors") },
        { "audio checksums", N_("Audio checksums") }, { "scanning", N_("Scanning files") },
        { "blanking", N_("Blanking") },     { "formatting", N_("Formatting") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_str_equal(phase, names[i].phase))
            return _(names[i].text);
    return NULL;
}

char *dw_gui_progress_text(const dw_progress *p)
{
    GString *s = g_string_new(NULL);
    const char *ph = p->phase[0] ? phase_text(p->phase) : _("Starting");
    if (ph) {
        g_string_append(s, ph);
    } else {
        /* A phase we have no word for: the library's, capitalised. */
        g_autofree char *first = g_utf8_strup(p->phase, 1);
        g_string_append(s, first);
        g_string_append(s, p->phase + 1);
    }
    if (p->track)
        g_string_append_printf(s, _(" track %d"), p->track);
    if (p->total && p->done <= p->total)
        g_string_append_printf(s, " — %.0f %%", 100.0 * (double)p->done / (double)p->total);
    if (p->bytes_per_sec > 0) {
        g_autofree char *rate = g_format_size((guint64)p->bytes_per_sec);
        g_string_append_printf(s, _(" · %s/s"), rate);
    }
    if (p->eta_seconds >= 0 && !p->finished && p->total)
        g_string_append_printf(s, _(" · %d:%02d left"), (int)p->eta_seconds / 60, (int)p->eta_seconds % 60);
    if (p->errors)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, " · %u error", " · %u errors", p->errors),
                               p->errors);
    if (p->retries)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, " · %u retry", " · %u retries", p->retries),
                               p->retries);
    return g_string_free(s, FALSE);
}

static void on_progress(DwGuiJob *job, gpointer user)
{
    DwJobBar *self = user;
    if (!dw_gui_job_is_running(job))
        return;   /* the view's finish text replaces it */
    const dw_progress *p = dw_gui_job_get_progress(job);
    if (p->total && p->done <= p->total)
        gtk_progress_bar_set_fraction(self->progress, (double)p->done / (double)p->total);
    else
        gtk_progress_bar_pulse(self->progress);
    g_autofree char *t = dw_gui_progress_text(p);
    gtk_label_set_text(self->status, t);
}

static void unfollow(DwJobBar *self)
{
    if (self->job && self->progress_id)
        g_signal_handler_disconnect(self->job, self->progress_id);
    if (self->job)
        g_object_remove_weak_pointer(G_OBJECT(self->job), (gpointer *)&self->job);
    self->job = NULL;
    self->progress_id = 0;
}

void dw_job_bar_track(DwJobBar *self, DwGuiJob *job)
{
    unfollow(self);
    self->job = job;
    g_object_add_weak_pointer(G_OBJECT(job), (gpointer *)&self->job);
    self->progress_id = g_signal_connect(job, "progress", G_CALLBACK(on_progress), self);
    gtk_progress_bar_set_fraction(self->progress, 0);
    gtk_widget_show(GTK_WIDGET(self->progress));
    gtk_widget_show(self->cancel);
    gtk_widget_set_sensitive(self->cancel, TRUE);
    gtk_widget_hide(GTK_WIDGET(self->icon));
    gtk_widget_hide(self->action);
    gtk_label_set_text(self->status, _("Starting…"));
    gtk_widget_show(GTK_WIDGET(self));
}

void dw_job_bar_finish(DwJobBar *self, DwJobOutcome outcome, const char *text)
{
    unfollow(self);
    static const char *const icons[] = { "emblem-ok-symbolic", "dialog-warning-symbolic",
                                         "process-stop-symbolic", "dialog-error-symbolic" };
    gtk_image_set_from_icon_name(self->icon, icons[CLAMP((int)outcome, 0, 3)], GTK_ICON_SIZE_BUTTON);
    gtk_widget_show(GTK_WIDGET(self->icon));
    gtk_label_set_text(self->status, text);
    gtk_widget_set_sensitive(self->cancel, FALSE);
    gtk_widget_hide(self->cancel);
    /* Only a finished job shows a full bar; otherwise the bar goes. */
    if (outcome == DW_JOB_DONE || outcome == DW_JOB_WARNING) {
        gtk_progress_bar_set_fraction(self->progress, 1.0);
        gtk_widget_show(GTK_WIDGET(self->progress));
    } else {
        gtk_progress_bar_set_fraction(self->progress, 0);
        gtk_widget_hide(GTK_WIDGET(self->progress));
    }
    gtk_widget_set_visible(self->action, outcome != DW_JOB_CANCELLED && outcome != DW_JOB_FAILED &&
                                             self->action_cb != NULL);
    AtkObject *acc = gtk_widget_get_accessible(GTK_WIDGET(self->status));
    atk_object_set_description(acc, text);
    gtk_widget_show(GTK_WIDGET(self));
}

void dw_job_bar_reset(DwJobBar *self)
{
    unfollow(self);
    gtk_label_set_text(self->status, "");
    gtk_progress_bar_set_fraction(self->progress, 0);
    gtk_widget_hide(GTK_WIDGET(self));
}

void dw_job_bar_set_action(DwJobBar *self, const char *label, GCallback cb, gpointer data)
{
    self->action_cb = cb;
    self->action_data = data;
    gtk_button_set_label(GTK_BUTTON(self->action), label ? label : "");
    gtk_button_set_use_underline(GTK_BUTTON(self->action), TRUE);
    if (!cb)
        gtk_widget_hide(self->action);
}

void dw_job_bar_set_names(DwJobBar *self, const char *cancel, const char *progress, const char *status)
{
    atk_object_set_name(gtk_widget_get_accessible(self->cancel), cancel);
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->progress)), progress);
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->status)), status);
}

void dw_job_bar_set_cancel_tooltip(DwJobBar *self, const char *tip)
{
    gtk_widget_set_tooltip_text(self->cancel, tip);
}

const char *dw_job_bar_get_status(DwJobBar *self)
{
    return gtk_label_get_text(self->status);
}

double dw_job_bar_get_fraction(DwJobBar *self)
{
    return gtk_widget_get_visible(GTK_WIDGET(self->progress)) ? gtk_progress_bar_get_fraction(self->progress) : 0;
}

GtkWidget *dw_job_bar_get_cancel_button(DwJobBar *self)
{
    return self->cancel;
}

GtkWidget *dw_job_bar_get_action_button(DwJobBar *self)
{
    return self->action;
}

static void on_cancel_clicked(GtkButton *b, gpointer user)
{
    g_signal_emit(user, signals[SIG_CANCEL], 0);
}

static void on_action_clicked(GtkButton *b, gpointer user)
{
    DwJobBar *self = user;
    if (self->action_cb)
        ((void (*)(gpointer))self->action_cb)(self->action_data);
}

static void dispose(GObject *obj)
{
    unfollow(DW_JOB_BAR(obj));
    G_OBJECT_CLASS(dw_job_bar_parent_class)->dispose(obj);
}

static void dw_job_bar_init(DwJobBar *self)
{
    GtkBox *box = GTK_BOX(self);
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(box, 4);
    g_object_set(self, "margin-start", 12, "margin-end", 12, "margin-top", 6, "margin-bottom", 6, NULL);
    GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    self->progress = GTK_PROGRESS_BAR(gtk_progress_bar_new());
    gtk_widget_set_hexpand(GTK_WIDGET(self->progress), TRUE);
    gtk_widget_set_valign(GTK_WIDGET(self->progress), GTK_ALIGN_CENTER);
    gtk_progress_bar_set_pulse_step(self->progress, 0.1);
    self->cancel = gtk_button_new_with_mnemonic(_("_Cancel"));
    gtk_container_add(GTK_CONTAINER(row), GTK_WIDGET(self->progress));
    gtk_container_add(GTK_CONTAINER(row), self->cancel);
    GtkWidget *line = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    self->icon = GTK_IMAGE(gtk_image_new());
    gtk_widget_set_valign(GTK_WIDGET(self->icon), GTK_ALIGN_CENTER);
    self->status = GTK_LABEL(gtk_label_new(NULL));
    gtk_label_set_xalign(self->status, 0);
    gtk_label_set_line_wrap(self->status, TRUE);
    gtk_label_set_line_wrap_mode(self->status, PANGO_WRAP_WORD_CHAR);
    gtk_label_set_selectable(self->status, TRUE);
    gtk_widget_set_can_focus(GTK_WIDGET(self->status), FALSE);   /* selectable, not a tab stop */
    gtk_widget_set_hexpand(GTK_WIDGET(self->status), TRUE);
    self->action = gtk_button_new_with_label("");
    gtk_widget_set_valign(self->action, GTK_ALIGN_CENTER);
    gtk_container_add(GTK_CONTAINER(line), GTK_WIDGET(self->icon));
    gtk_container_add(GTK_CONTAINER(line), GTK_WIDGET(self->status));
    gtk_container_add(GTK_CONTAINER(line), self->action);
    gtk_container_add(GTK_CONTAINER(self), row);
    gtk_container_add(GTK_CONTAINER(self), line);
    gtk_widget_show_all(row);
    gtk_widget_show(line);
    gtk_widget_show(GTK_WIDGET(self->status));
    g_signal_connect(self->cancel, "clicked", G_CALLBACK(on_cancel_clicked), self);
    g_signal_connect(self->action, "clicked", G_CALLBACK(on_action_clicked), self);
    gtk_widget_set_sensitive(self->cancel, FALSE);        /* until a job runs */
    gtk_widget_set_no_show_all(GTK_WIDGET(self), TRUE);   /* shown when a job starts */
}

static void dw_job_bar_class_init(DwJobBarClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    signals[SIG_CANCEL] = g_signal_new("cancel", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
}
