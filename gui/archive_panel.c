/* archive_panel.c: DwArchivePanel, a batch of discs archived from the
 * Library view (archive.h; doc/archive.md): the drives (all, or a list),
 * the library folder, Start/Stop, and a row per drive polled twice a
 * second from dw_archive_status(): its state, the disc in it, the rip's
 * progress and the discs finished good, incomplete or failed.  The batch
 * records into the catalog the Library view shows (signal "recorded"
 * after each disc, on the main thread, so the view lists it); Stop
 * cancels it the way Ctrl-C stops `discwright archive` (every unfinished
 * rip resumable; starting again goes on).  The drive sidebar stops
 * polling while the batch runs (the batch owns the drives: it ejects).
 */
#include "config.h"

#include <string.h>

#include "discwright/archive.h"
#include "gui/gui.h"

typedef struct {
    dw_archive *archive;         /* owned */
    gint recorded;               /* discs recorded since the last poll (atomic; workers add) */
} archive_call;

struct _DwArchivePanel {
    GtkBox parent;
    GtkEntry *drives_entry, *folder_entry;
    GtkButton *start_button;
    GtkListStore *drives;
    GtkLabel *summary;
    DwWindow *win;
    DwGuiJob *job;
    archive_call *call;          /* the running batch's (borrowed from job) */
    char *catalog;
    guint poll_id;
};

G_DEFINE_FINAL_TYPE(DwArchivePanel, dw_archive_panel, GTK_TYPE_BOX)

static guint recorded_signal;

static void archive_call_free(gpointer p)
{
    archive_call *c = p;
    dw_archive_free(c->archive);
    g_free(c);
}

static void on_event(const dw_archive_event *ev, void *user)
{
    archive_call *c = user;
    if (ev->kind == DW_ARCHIVE_EVENT_DONE)
        g_atomic_int_inc(&c->recorded);
}

static gboolean run_archive(dw_job *job, gpointer data, GError **error)
{
    archive_call *c = data;
    return dw_archive_run(c->archive, job, error);
}

gboolean dw_archive_panel_running(DwArchivePanel *self)
{
    return self->job && dw_gui_job_is_running(self->job);
}

/* Fill the rows from the batch's status; say whether discs were recorded. */
static void poll_status(DwArchivePanel *self)
{
    if (!self->call)
        return;
    dw_archive_drive_status st[16];
    size_t n = MIN(dw_archive_status(self->call->archive, st, G_N_ELEMENTS(st)), G_N_ELEMENTS(st));
    gtk_list_store_clear(self->drives);
    unsigned good = 0, incomplete = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        const dw_archive_drive_status *s = &st[i];
        g_autofree char *prog = s->progress.phase[0] ? dw_gui_progress_text(&s->progress) : g_strdup("");
        gtk_list_store_insert_with_values(self->drives, NULL, -1, DW_ARCHIVE_COL_DRIVE, s->device,
                                          DW_ARCHIVE_COL_STATE, dw_archive_state_name(s->state), DW_ARCHIVE_COL_DISC,
                                          s->name, DW_ARCHIVE_COL_PROGRESS, prog, DW_ARCHIVE_COL_GOOD, s->good,
                                          DW_ARCHIVE_COL_INCOMPLETE, s->incomplete, DW_ARCHIVE_COL_FAILED, s->failed,
                                          DW_ARCHIVE_COL_ERROR, s->last_error, -1);
        good += s->good;
        incomplete += s->incomplete;
        failed += s->failed;
    }
    g_autofree char *t = g_strdup_printf(_("%u good, %u incomplete, %u failed"), good, incomplete, failed);
    gtk_label_set_text(self->summary, t);
    if (g_atomic_int_and((guint *)&self->call->recorded, 0))
        g_signal_emit(self, recorded_signal, 0);
}

static gboolean on_poll(gpointer user)
{
    poll_status(user);
    return G_SOURCE_CONTINUE;
}

static void update_controls(DwArchivePanel *self)
{
    gboolean busy = dw_archive_panel_running(self);
    gtk_button_set_label(self->start_button, busy ? _("_Stop Archive") : _("_Start Archive"));
    gtk_widget_set_sensitive(GTK_WIDGET(self->drives_entry), !busy);
    gtk_widget_set_sensitive(GTK_WIDGET(self->folder_entry), !busy);
    gtk_widget_set_sensitive(GTK_WIDGET(self->start_button), busy || self->catalog);
}

static void on_finished(DwGuiJob *job, gpointer user)
{
    DwArchivePanel *self = user;
    poll_status(self);
    if (self->poll_id) {
        g_source_remove(self->poll_id);
        self->poll_id = 0;
    }
    self->call = NULL;
    if (self->win)
        dw_drive_list_set_busy(dw_window_get_drive_list(self->win), FALSE);
    const GError *e = dw_gui_job_get_error(job);
    const char *sum = gtk_label_get_text(self->summary);
    g_autofree char *t = !e ? g_strdup_printf(_("Archive finished: %s."), sum)
                         : g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED)
                             ? g_strdup_printf(_("Archive stopped: %s; unfinished rips resume next time."), sum)
                             : g_strdup_printf(_("Archive: %s (%s)."), e->message, sum);
    gtk_label_set_text(self->summary, t);
    update_controls(self);
    g_signal_emit(self, recorded_signal, 0);
}

gboolean dw_archive_panel_start(DwArchivePanel *self)
{
    if (!self->win || !self->catalog || dw_archive_panel_running(self))
        return FALSE;
    const char *folder = gtk_entry_get_text(self->folder_entry);
    if (!*folder) {
        dw_window_show_error(self->win, "%s", _("Archive: give the library folder the rips go into."));
        return FALSE;
    }
    const char *dt = gtk_entry_get_text(self->drives_entry);
    g_auto(GStrv) drives = NULL;
    if (*dt && strcmp(dt, "all") != 0) {
        drives = g_strsplit(dt, ",", -1);
        for (char **d = drives; *d; d++)
            g_strstrip(*d);
    }
    archive_call *c = g_new0(archive_call, 1);
    dw_archive_options o = { 0 };
    o.drives = (const char *const *)drives;
    o.library = folder;
    o.catalog = self->catalog;
    o.rip.retries = -1;
    o.on_event = on_event;
    o.user = c;
    GError *e = NULL;
    c->archive = dw_archive_new(&o, &e);
    if (!c->archive) {
        dw_window_show_error(self->win, _("Archive: %s"), e->message);
        g_error_free(e);
        g_free(c);
        return FALSE;
    }
    dw_window_hide_message(self->win);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    self->call = c;
    self->job = dw_gui_job_new(_("Archive discs"), run_archive, c, archive_call_free);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_drive_list_set_busy(dw_window_get_drive_list(self->win), TRUE);
    dw_window_run_job(self->win, self->job);
    self->poll_id = g_timeout_add(500, on_poll, self);
    gtk_label_set_text(self->summary, _("Waiting for discs…"));
    update_controls(self);
    poll_status(self);
    return TRUE;
}

void dw_archive_panel_stop(DwArchivePanel *self)
{
    if (dw_archive_panel_running(self))
        dw_gui_job_cancel(self->job);
}

static void on_start(GtkButton *b, gpointer user)
{
    (void)b;
    DwArchivePanel *self = user;
    if (dw_archive_panel_running(self))
        dw_archive_panel_stop(self);
    else
        dw_archive_panel_start(self);
}

void dw_archive_panel_setup(DwArchivePanel *self, DwWindow *win, const char *catalog)
{
    self->win = win;
    g_free(self->catalog);
    self->catalog = catalog ? g_strdup(catalog) : NULL;
    update_controls(self);
}

void dw_archive_panel_set_target(DwArchivePanel *self, const char *drives, const char *folder)
{
    gtk_entry_set_text(self->drives_entry, drives ? drives : "all");
    gtk_entry_set_text(self->folder_entry, folder ? folder : "");
}

DwGuiJob *dw_archive_panel_get_job(DwArchivePanel *self) { return self->job; }
GtkTreeModel *dw_archive_panel_get_drives(DwArchivePanel *self) { return GTK_TREE_MODEL(self->drives); }
const char *dw_archive_panel_get_summary(DwArchivePanel *self) { return gtk_label_get_text(self->summary); }

static void dispose(GObject *obj)
{
    DwArchivePanel *self = DW_ARCHIVE_PANEL(obj);
    if (self->poll_id) {
        g_source_remove(self->poll_id);
        self->poll_id = 0;
    }
    self->call = NULL;
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    G_OBJECT_CLASS(dw_archive_panel_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwArchivePanel *self = DW_ARCHIVE_PANEL(obj);
    g_free(self->catalog);
    g_clear_object(&self->drives);
    G_OBJECT_CLASS(dw_archive_panel_parent_class)->finalize(obj);
}

static void dw_archive_panel_init(DwArchivePanel *self)
{
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(self), 6);
    GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *dl = gtk_label_new_with_mnemonic(_("_Drives:"));
    self->drives_entry = GTK_ENTRY(gtk_entry_new());
    gtk_entry_set_text(self->drives_entry, "all");
    gtk_entry_set_width_chars(self->drives_entry, 12);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->drives_entry), _("all, or devices separated by commas"));
    gtk_label_set_mnemonic_widget(GTK_LABEL(dl), GTK_WIDGET(self->drives_entry));
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->drives_entry)), _("Archive drives"));
    GtkWidget *fl = gtk_label_new_with_mnemonic(_("I_nto:"));
    self->folder_entry = GTK_ENTRY(gtk_entry_new());
    gtk_entry_set_placeholder_text(self->folder_entry, _("Library folder"));
    gtk_widget_set_hexpand(GTK_WIDGET(self->folder_entry), TRUE);
    gtk_label_set_mnemonic_widget(GTK_LABEL(fl), GTK_WIDGET(self->folder_entry));
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->folder_entry)), _("Archive library folder"));
    self->start_button = GTK_BUTTON(gtk_button_new_with_mnemonic(_("_Start Archive")));
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->start_button),
                                _("Rip every disc put in the drives, one after another, into the library and the "
                                  "catalog; each is ejected when done"));
    gtk_box_pack_start(GTK_BOX(row), dl, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(row), GTK_WIDGET(self->drives_entry), FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(row), fl, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(row), GTK_WIDGET(self->folder_entry), TRUE, TRUE, 0);
    gtk_box_pack_end(GTK_BOX(row), GTK_WIDGET(self->start_button), FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(self), row, FALSE, FALSE, 0);

    self->drives = gtk_list_store_new(DW_ARCHIVE_N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
    GtkTreeView *v = GTK_TREE_VIEW(gtk_tree_view_new_with_model(GTK_TREE_MODEL(self->drives)));
    static const char *const titles[] = { N_("Drive"), N_("State"), N_("Disc"), N_("Progress"),
                                          N_("Good"), N_("Incomplete"), N_("Failed") };
    for (int i = 0; i < (int)G_N_ELEMENTS(titles); i++) {
        GtkCellRenderer *r = gtk_cell_renderer_text_new();
        if (i == DW_ARCHIVE_COL_DISC || i == DW_ARCHIVE_COL_PROGRESS)
            g_object_set(r, "ellipsize", PANGO_ELLIPSIZE_END, "width-chars", 12, NULL);
        GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(_(titles[i]), r, "text", i, NULL);
        gtk_tree_view_column_set_resizable(c, TRUE);
        gtk_tree_view_column_set_expand(c, i == DW_ARCHIVE_COL_PROGRESS);
        gtk_tree_view_append_column(v, c);
    }
    gtk_tree_view_set_tooltip_column(v, DW_ARCHIVE_COL_ERROR);
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(v)), _("Drives of the batch"));
    gtk_box_pack_start(GTK_BOX(self), GTK_WIDGET(v), FALSE, FALSE, 0);
    self->summary = GTK_LABEL(gtk_label_new(""));
    gtk_label_set_xalign(self->summary, 0);
    gtk_label_set_line_wrap(self->summary, TRUE);
    gtk_box_pack_start(GTK_BOX(self), GTK_WIDGET(self->summary), FALSE, FALSE, 0);
    g_signal_connect(self->start_button, "clicked", G_CALLBACK(on_start), self);
    gtk_widget_show_all(GTK_WIDGET(self));
    update_controls(self);
}

static void dw_archive_panel_class_init(DwArchivePanelClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    recorded_signal = g_signal_new("recorded", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}
