/* view_burn.c: DwViewBurn, writing an image file with burn.h as a job:
 * the image, the drive (the selected one, or any address libburn takes,
 * e.g. stdio:PATH to write into a file), speed, simulate, multisession
 * and verify after burning (read back over the image's own length).  The
 * drive's buffer and our FIFO fill show in the buffer bar, speed and ETA
 * in the progress bar; what is wrong with the drive or medium (no medium,
 * closed, too small, no permission and the group to join) comes from the
 * library's error and goes to the window's info bar.
 */
#include "config.h"

#include <string.h>

#include "discwright/burn.h"
#include "gui/gui.h"

typedef struct {
    char *drive, *image;
    dw_burn_options opts;
    dw_burn_result res;
} burn_call;

struct _DwViewBurn {
    GtkBox parent;
    GtkLabel *notice;
    GtkWidget *burn_button, *image_button;
    GtkEntry *image_entry;
    GtkComboBoxText *drive_combo, *speed_combo;
    GtkToggleButton *simulate_check, *multi_check, *verify_check;
    GtkLevelBar *buffer_bar;
    GtkProgressBar *progress;
    DwWindow *win;
    DwGuiJob *job;
};

G_DEFINE_FINAL_TYPE(DwViewBurn, dw_view_burn, GTK_TYPE_BOX)

static void burn_call_free(gpointer p)
{
    burn_call *c = p;
    g_free(c->drive);
    g_free(c->image);
    g_free(c);
}

static gboolean run_burn(dw_job *job, gpointer data, GError **error)
{
    burn_call *c = data;
    g_autoptr(dw_burn_drive) drive = dw_burn_drive_open(c->drive, error);
    if (!drive)
        return FALSE;
    g_autoptr(dw_burn_source) src = dw_burn_source_new_file(c->image, error);
    if (!src)
        return FALSE;
    return dw_burn_write(drive, src, &c->opts, job, &c->res, error);
}

static void on_progress(DwGuiJob *job, gpointer user)
{
    DwViewBurn *self = user;
    const dw_progress *p = dw_gui_job_get_progress(job);
    if (p->total)
        gtk_progress_bar_set_fraction(self->progress, (double)p->done / (double)p->total);
    g_autofree char *t = dw_gui_progress_text(p);
    gtk_progress_bar_set_text(self->progress, t);
    int fill = p->buffer_fill >= 0 ? p->buffer_fill : p->fifo_fill;
    gtk_level_bar_set_value(self->buffer_bar, fill >= 0 ? fill / 100.0 : 0);
}

static void on_finished(DwGuiJob *job, gpointer user)
{
    DwViewBurn *self = user;
    burn_call *c = dw_gui_job_get_data(job);
    if (self->win) {
        GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self->win), "burn");
        g_simple_action_set_enabled(G_SIMPLE_ACTION(a), TRUE);
    }
    if (dw_gui_job_succeeded(job)) {
        gtk_progress_bar_set_fraction(self->progress, 1.0);
        g_autofree char *t = g_strdup_printf(_("Written %" G_GUINT64_FORMAT " blocks at LBA %d%s"), c->res.blocks,
                                             c->res.start_lba, c->res.verified ? _(", verified") : "");
        gtk_progress_bar_set_text(self->progress, t);
    } else {
        gtk_progress_bar_set_text(self->progress, _("Failed (see the message above)"));
    }
}

gboolean dw_view_burn_start(DwViewBurn *self)
{
    if (!self->win || (self->job && dw_gui_job_is_running(self->job)))
        return FALSE;
    const char *image = gtk_entry_get_text(self->image_entry);
    g_autofree char *drive = gtk_combo_box_text_get_active_text(self->drive_combo);
    if (!*image || !g_file_test(image, G_FILE_TEST_IS_REGULAR)) {
        dw_window_show_error(self->win, _("Burn: the image “%s” does not exist: choose an image file."), image);
        return FALSE;
    }
    if (!drive || !*drive) {
        dw_window_show_error(self->win, "%s", _("Burn: choose a drive (or stdio:PATH to write into a file)."));
        return FALSE;
    }
    burn_call *c = g_new0(burn_call, 1);
    c->drive = g_strdup(drive);
    c->image = g_strdup(image);
    static const int xs[] = { 0, 4, 8, 16 };
    int s = CLAMP(gtk_combo_box_get_active(GTK_COMBO_BOX(self->speed_combo)), 0, 3);
    c->opts.speed_kbs = xs[s] * 1385;   /* DVD 1x; libburn picks the nearest the medium allows */
    c->opts.simulate = gtk_toggle_button_get_active(self->simulate_check);
    c->opts.multi = gtk_toggle_button_get_active(self->multi_check);
    c->opts.verify = gtk_toggle_button_get_active(self->verify_check);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    gtk_progress_bar_set_fraction(self->progress, 0);
    g_autofree char *title = g_strdup_printf(_("Burn %s to %s"), image, drive);
    self->job = dw_gui_job_new(title, run_burn, c, burn_call_free);
    g_signal_connect(self->job, "progress", G_CALLBACK(on_progress), self);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self->win), "burn");
    g_simple_action_set_enabled(G_SIMPLE_ACTION(a), FALSE);
    dw_window_run_job(self->win, self->job);
    return TRUE;
}

void dw_view_burn_setup(DwViewBurn *self, DwWindow *win, const char *drive)
{
    self->win = win;
    if (drive) {
        g_autofree char *cur = gtk_combo_box_text_get_active_text(self->drive_combo);
        gtk_combo_box_text_remove_all(self->drive_combo);
        gtk_combo_box_text_append_text(self->drive_combo, drive);
        gtk_combo_box_set_active(GTK_COMBO_BOX(self->drive_combo), 0);
        (void)cur;
    }
}

void dw_view_burn_set_target(DwViewBurn *self, const char *image, const char *drive, gboolean verify)
{
    gtk_entry_set_text(self->image_entry, image ? image : "");
    GtkWidget *entry = gtk_bin_get_child(GTK_BIN(self->drive_combo));
    gtk_entry_set_text(GTK_ENTRY(entry), drive ? drive : "");
    gtk_toggle_button_set_active(self->verify_check, verify);
}

DwGuiJob *dw_view_burn_get_job(DwViewBurn *self)
{
    return self->job;
}

static void on_choose_response(GtkNativeDialog *d, int response, gpointer user)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f)
            gtk_entry_set_text(DW_VIEW_BURN(user)->image_entry, f);
    }
    g_object_unref(d);
}

void dw_view_burn_ask_image(DwViewBurn *self)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Image to Burn"), GTK_WINDOW(top),
                                                          GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    g_signal_connect(d, "response", G_CALLBACK(on_choose_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void dispose(GObject *obj)
{
    DwViewBurn *self = DW_VIEW_BURN(obj);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    G_OBJECT_CLASS(dw_view_burn_parent_class)->dispose(obj);
}

static void dw_view_burn_init(DwViewBurn *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_label_set_text(self->notice, _("Writes an ISO image; a drive address may also be stdio:PATH (a file)."));
    gtk_level_bar_set_min_value(self->buffer_bar, 0);
    gtk_level_bar_set_max_value(self->buffer_bar, 1);
}

static void dw_view_burn_class_init(DwViewBurnClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_burn.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewBurn, name)
    BIND(notice);
    BIND(burn_button);
    BIND(image_button);
    BIND(image_entry);
    BIND(drive_combo);
    BIND(speed_combo);
    BIND(simulate_check);
    BIND(multi_check);
    BIND(verify_check);
    BIND(buffer_bar);
    BIND(progress);
#undef BIND
}
