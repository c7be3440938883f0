/* view_verify.c: DwViewVerify, checking an image or a disc with the
 * library's verify.h, as a job: an image against its own checks (the hash
 * list beside it, raw sectors with EDC/ECC and Q, ISO 9660/UDF
 * structures, audio checksums), an image or hash list against a sidecar,
 * DAT or sum file, an image against another image, or the disc in the
 * selected drive against an image (over the image's own length).  The
 * findings are listed per check and track with their LBA ranges and an
 * icon, the job bar's summary says whether all is well (in counted
 * words), a line says which ticked checks did not apply and why (no hash
 * list, no raw sectors in an ISO, no audio), and Copy Results puts the
 * selected findings (hashes included) on the clipboard.  A new run clears
 * the last one's findings at once, whether or not it gets to start; the
 * form is locked while it runs, and Cancel stops it (nothing is then
 * shown as checked).
 */
#include "config.h"

#include <string.h>

#include "discwright/verify.h"
#include "gui/gui.h"


typedef struct {
    char *target, *reference;
    int against;
    gboolean hashes, sectors, fs, audio;
    dw_report *report;
    GPtrArray *skipped;          /* char *: ticked checks that did not apply, and why (worker writes) */
} verify_call;

enum { RC_RESULT, RC_CHECK, RC_FILE, RC_TRACK, RC_SECTORS, RC_DETAILS, RC_ICON, RC_N };

struct _DwViewVerify {
    GtkBox parent;
    GtkEntry *image_entry, *ref_entry;
    GtkButton *image_button, *ref_button, *copy_button;
    GtkComboBox *against_combo;
    GtkToggleButton *hashes_check, *sectors_check, *fs_check, *audio_check;
    GtkWidget *form, *ref_box, *checks_grid, *empty_frame, *empty_page;
    GtkStack *results_stack;
    DwJobBar *job_bar;
    GtkLabel *notes_label;
    GtkTreeView *results_view;
    GtkListStore *results;
    DwWindow *win;
    DwGuiJob *job;
    char *drive;
};

G_DEFINE_FINAL_TYPE(DwViewVerify, dw_view_verify, GTK_TYPE_BOX)

static void verify_call_free(gpointer p)
{
    verify_call *c = p;
    g_free(c->target);
    g_free(c->reference);
    if (c->report)
        dw_report_free(c->report);
    g_ptr_array_unref(c->skipped);
    g_free(c);
}

static gboolean has_suffix_any(const char *p, const char *const *exts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (g_str_has_suffix(p, exts[i]))
            return TRUE;
    return FALSE;
}

static const char *const list_exts[] = { ".hash", ".dat", ".md5", ".sha1", ".sha256" };

static gboolean verify_list(const char *list, dw_report *r, dw_job *job, GError **error)
{
    g_autoptr(dw_hashlist) l = dw_hashlist_read_file(list, error);
    if (!l)
        return FALSE;
    g_autofree char *dir = g_path_get_dirname(list);
    return dw_verify_hashlist(l, dir, r, job, error);
}

static gboolean has_audio(const dw_image *img)
{
    for (int i = 0; img->disc && i < img->disc->n_tracks; i++)
        if (img->disc->tracks[i].mode == DW_TRACK_AUDIO)
            return TRUE;
    return FALSE;
}

static gboolean run_verify(dw_job *job, gpointer data, GError **error)
{
    verify_call *c = data;
    dw_report *r = c->report;
    dw_compare_opts co = { 20 };
    if (c->against == DW_VERIFY_DRIVE)
        return dw_verify_compare(c->reference, c->target, &co, r, job, error);
    if (c->against == DW_VERIFY_IMAGE)
        return dw_verify_compare(c->target, c->reference, &co, r, job, error);
    if (has_suffix_any(c->target, list_exts, G_N_ELEMENTS(list_exts)))
        return verify_list(c->target, r, job, error);
    g_autoptr(dw_image) img = dw_image_open(c->target, error);
    if (!img)
        return FALSE;
    if (c->against == DW_VERIFY_LIST) {
        if (!verify_list(c->reference, r, job, error))
            return FALSE;
    } else if (c->hashes) {
        static const char *const exts[] = { ".hash", ".dat", ".sha1", ".md5", ".sha256" };
        gboolean found = FALSE;
        for (size_t i = 0; i < G_N_ELEMENTS(exts) && !found; i++) {
            g_autofree char *p = g_strconcat(img->base, exts[i], NULL);
            if (g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
                if (!verify_list(p, r, job, error))
                    return FALSE;
                found = TRUE;
            }
        }
        if (!found)
            g_ptr_array_add(c->skipped, g_strdup(_("hashes: no hash list (.hash, .dat, .sha1, .md5, .sha256) beside "
                                                   "the image")));
    }
    if (c->sectors && img->kind == DW_IMAGE_ISO) {
        g_ptr_array_add(c->skipped, g_strdup(_("sectors: an ISO image holds no raw sectors to check")));
    } else if (c->sectors) {
        dw_sectors_opts so = { NULL, FALSE, 20 };
        if (!dw_verify_sectors(img, &so, r, job, error))
            return FALSE;
    }
    if (c->fs && !dw_verify_fs(img, r, job, error))
        return FALSE;
    if (c->audio && !has_audio(img)) {
        g_ptr_array_add(c->skipped, g_strdup(_("audio checksums: the image has no audio tracks")));
    } else if (c->audio) {
        dw_audio_sums sums;
        if (!dw_audio_compute(img, &sums, job, error))
            return FALSE;
        dw_audio_report(&sums, r);
    }
    return TRUE;
}

static gboolean verify_running(DwViewVerify *self)
{
    return self->job && dw_gui_job_is_running(self->job);
}

static void update_sensitivity(DwViewVerify *self)
{
    gboolean busy = verify_running(self);
    gtk_widget_set_sensitive(self->form, !busy);
    if (!self->win)
        return;
    dw_window_set_action_enabled(self->win, "verify", !busy);
    dw_window_update_cancel(self->win);
}

static void show_results(DwViewVerify *self, gboolean any)
{
    gtk_stack_set_visible_child_name(self->results_stack, any ? "results" : "empty");
    gtk_widget_set_sensitive(GTK_WIDGET(self->copy_button), any);
}

/* Forget the last run: its findings, notes and outcome. */
static void clear_results(DwViewVerify *self)
{
    gtk_list_store_clear(self->results);
    gtk_label_set_text(self->notes_label, "");
    gtk_widget_hide(GTK_WIDGET(self->notes_label));
    dw_job_bar_reset(self->job_bar);
    show_results(self, FALSE);
}

static const char *severity_icon(dw_severity s)
{
    switch (s) {
    case DW_SEV_OK: return "emblem-ok-symbolic";
    case DW_SEV_INFO: return "dialog-information-symbolic";
    case DW_SEV_WARNING: return "dialog-warning-symbolic";
    default: return "dialog-error-symbolic";
    }
}

/* "All good: 3 checks passed." / "Problems found: 1 mismatch or error, …" (g_free). */
char *dw_gui_verify_summary(size_t errors, size_t unreadable, size_t good)
{
    g_autofree char *passed = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu check passed", "%zu checks passed",
                                                          (gulong)good), good);
    if (!errors && !unreadable)
        return good ? g_strdup_printf(_("All good: %s."), passed)
                    : g_strdup(_("Nothing was checked: none of the ticked checks applies to this image."));
    g_autofree char *bad = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu mismatch or error",
                                                       "%zu mismatches or errors", (gulong)errors), errors);
    if (!unreadable)
        return g_strdup_printf(_("Problems found: %s; %s."), bad, passed);
    g_autofree char *unread = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%zu part unreadable",
                                                          "%zu parts unreadable", (gulong)unreadable), unreadable);
    return g_strdup_printf(_("Problems found: %s, %s; %s."), bad, unread, passed);
}

static void on_finished(DwGuiJob *job, gpointer user)
{
    DwViewVerify *self = user;
    verify_call *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    update_sensitivity(self);
    gtk_list_store_clear(self->results);
    if (e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED)) {
        dw_job_bar_finish(self->job_bar, DW_JOB_CANCELLED, _("Cancelled: the check was stopped, so nothing is "
                                                             "reported as verified."));
        show_results(self, FALSE);
        return;
    }
    if (!dw_gui_job_succeeded(job)) {
        g_autofree char *t = g_strdup_printf(_("Could not verify: %s"), e ? e->message : _("unknown error"));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, t);
        show_results(self, FALSE);
        return;
    }
    for (size_t i = 0; i < dw_report_count(c->report); i++) {
        const dw_finding *f = dw_report_get(c->report, i);
        g_autofree char *where = f->first < 0        ? g_strdup("")
                                 : f->last > f->first ? g_strdup_printf("%" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                                                                       f->first, f->last)
                                                      : g_strdup_printf("%" G_GINT64_FORMAT, f->first);
        g_autofree char *track = f->track ? g_strdup_printf("%d", f->track) : g_strdup("");
        g_autofree char *file = f->path ? g_path_get_basename(f->path) : g_strdup("");
        gtk_list_store_insert_with_values(self->results, NULL, -1, RC_RESULT, dw_severity_name(f->severity),
                                          RC_CHECK, f->check, RC_FILE, file, RC_TRACK, track,
                                          RC_SECTORS, where, RC_DETAILS, f->message, RC_ICON,
                                          severity_icon(f->severity), -1);
    }
    show_results(self, dw_report_count(c->report) > 0);
    size_t errors = dw_report_count_sev(c->report, DW_SEV_ERROR, NULL);
    size_t unread = dw_report_count_sev(c->report, DW_SEV_UNREADABLE, NULL);
    size_t good = dw_report_count_sev(c->report, DW_SEV_OK, NULL);
    g_autofree char *t = dw_gui_verify_summary(errors, unread, good);
    dw_job_bar_finish(self->job_bar, errors || unread ? DW_JOB_FAILED : good ? DW_JOB_DONE : DW_JOB_WARNING, t);
    if (c->skipped->len) {
        g_ptr_array_add(c->skipped, NULL);
        g_autofree char *list = g_strjoinv("; ", (char **)c->skipped->pdata);
        g_ptr_array_remove_index(c->skipped, c->skipped->len - 1);
        g_autofree char *n = g_strdup_printf(_("Not checked: %s."), list);
        gtk_label_set_text(self->notes_label, n);
        gtk_widget_show(GTK_WIDGET(self->notes_label));
    }
}

gboolean dw_view_verify_start(DwViewVerify *self)
{
    if (!self->win || verify_running(self))
        return FALSE;
    /* A new attempt: the last results go, even when this one cannot start. */
    clear_results(self);
    const char *target = gtk_entry_get_text(self->image_entry);
    const char *ref = gtk_entry_get_text(self->ref_entry);
    int against = gtk_combo_box_get_active(self->against_combo);
    if (!*target || !g_file_test(target, G_FILE_TEST_EXISTS)) {
        dw_window_show_error(self->win, _("Verify: the image “%s” does not exist."), target);
        return FALSE;
    }
    if ((against == DW_VERIFY_LIST || against == DW_VERIFY_IMAGE) && (!*ref || !g_file_test(ref, G_FILE_TEST_EXISTS))) {
        dw_window_show_error(self->win, _("Verify: the reference “%s” does not exist; choose one."), ref);
        return FALSE;
    }
    if (against == DW_VERIFY_DRIVE && !self->drive) {
        dw_window_show_error(self->win, "%s", _("Verify: select the drive holding the disc first."));
        return FALSE;
    }
    dw_window_hide_message(self->win);
    verify_call *c = g_new0(verify_call, 1);
    c->target = g_strdup(target);
    c->reference = g_strdup(against == DW_VERIFY_DRIVE ? self->drive : ref);
    c->against = against;
    c->hashes = gtk_toggle_button_get_active(self->hashes_check);
    c->sectors = gtk_toggle_button_get_active(self->sectors_check);
    c->fs = gtk_toggle_button_get_active(self->fs_check);
    c->audio = gtk_toggle_button_get_active(self->audio_check);
    c->report = dw_report_new();
    c->skipped = g_ptr_array_new_with_free_func(g_free);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    g_autofree char *title = g_strdup_printf(_("Verify %s"), target);
    self->job = dw_gui_job_new(title, run_verify, c, verify_call_free);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_job_bar_track(self->job_bar, self->job);
    dw_window_run_job(self->win, self->job);
    update_sensitivity(self);
    return TRUE;
}

void dw_view_verify_cancel(DwViewVerify *self)
{
    if (verify_running(self))
        dw_gui_job_cancel(self->job);
}

static void on_cancel(DwJobBar *bar, gpointer user)
{
    dw_view_verify_cancel(DW_VIEW_VERIFY(user));
}

DwJobBar *dw_view_verify_get_job_bar(DwViewVerify *self)
{
    return self->job_bar;
}

const char *dw_view_verify_get_notes(DwViewVerify *self)
{
    return gtk_label_get_text(self->notes_label);
}

/* The reference applies to a sum file or another image; the checks to an image's own checks or a sum file. */
static void update_against(DwViewVerify *self)
{
    int against = gtk_combo_box_get_active(self->against_combo);
    gtk_widget_set_sensitive(self->ref_box, against == DW_VERIFY_LIST || against == DW_VERIFY_IMAGE);
    gtk_widget_set_sensitive(self->checks_grid, against == DW_VERIFY_OWN || against == DW_VERIFY_LIST);
}

static void on_against_changed(GtkComboBox *c, gpointer user)
{
    update_against(DW_VIEW_VERIFY(user));
}

void dw_view_verify_setup(DwViewVerify *self, DwWindow *win, const char *drive)
{
    self->win = win;
    g_free(self->drive);
    self->drive = g_strdup(drive);
    update_sensitivity(self);
}

void dw_view_verify_set_target(DwViewVerify *self, const char *image, int against, const char *reference)
{
    gtk_entry_set_text(self->image_entry, image ? image : "");
    gtk_entry_set_text(self->ref_entry, reference ? reference : "");
    gtk_combo_box_set_active(self->against_combo, against);
}

DwGuiJob *dw_view_verify_get_job(DwViewVerify *self)
{
    return self->job;
}

GtkTreeModel *dw_view_verify_get_results(DwViewVerify *self)
{
    return GTK_TREE_MODEL(self->results);
}

static void copy_row(GtkTreeModel *m, GtkTreePath *path, GtkTreeIter *it, gpointer user)
{
    GString *s = user;
    for (int col = 0; col < RC_ICON; col++) {
        g_autofree char *v = NULL;
        gtk_tree_model_get(m, it, col, &v, -1);
        g_string_append_printf(s, "%s%s", col ? "\t" : "", v ? v : "");
    }
    g_string_append_c(s, '\n');
}

static void on_copy(GtkButton *b, gpointer user)
{
    DwViewVerify *self = user;
    GString *s = g_string_new(NULL);
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->results_view);
    if (gtk_tree_selection_count_selected_rows(sel) > 0) {
        gtk_tree_selection_selected_foreach(sel, copy_row, s);
    } else {
        GtkTreeIter it;
        GtkTreeModel *m = GTK_TREE_MODEL(self->results);
        for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it))
            copy_row(m, NULL, &it, s);
    }
    gtk_clipboard_set_text(gtk_widget_get_clipboard(GTK_WIDGET(self), GDK_SELECTION_CLIPBOARD), s->str, -1);
    g_string_free(s, TRUE);
}

static void on_choose_response(GtkNativeDialog *d, int response, gpointer entry)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f)
            gtk_entry_set_text(GTK_ENTRY(entry), f);
    }
    g_object_unref(d);
}

static void choose_into(DwViewVerify *self, GtkEntry *entry, const char *title)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(title, GTK_WINDOW(top), GTK_FILE_CHOOSER_ACTION_OPEN,
                                                          _("_Open"), _("_Cancel"));
    g_signal_connect(d, "response", G_CALLBACK(on_choose_response), entry);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void on_choose_image(GtkButton *b, gpointer user)
{
    DwViewVerify *self = user;
    choose_into(self, self->image_entry, _("Image to Verify"));
}

static void on_choose_ref(GtkButton *b, gpointer user)
{
    DwViewVerify *self = user;
    choose_into(self, self->ref_entry, _("Reference"));
}

static void dispose(GObject *obj)
{
    DwViewVerify *self = DW_VIEW_VERIFY(obj);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    G_OBJECT_CLASS(dw_view_verify_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwViewVerify *self = DW_VIEW_VERIFY(obj);
    g_object_unref(self->results);
    g_free(self->drive);
    G_OBJECT_CLASS(dw_view_verify_parent_class)->finalize(obj);
}

static void dw_view_verify_init(DwViewVerify *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    self->results = gtk_list_store_new(RC_N, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                       G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    gtk_tree_view_set_model(self->results_view, GTK_TREE_MODEL(self->results));
    gtk_tree_selection_set_mode(gtk_tree_view_get_selection(self->results_view), GTK_SELECTION_MULTIPLE);
    /* The result with its icon, then the facts; long details end in "…" and show whole in the tooltip. */
    GtkTreeViewColumn *rc = gtk_tree_view_column_new();
    gtk_tree_view_column_set_title(rc, _("Result"));
    GtkCellRenderer *icon = gtk_cell_renderer_pixbuf_new();
    gtk_tree_view_column_pack_start(rc, icon, FALSE);
    gtk_tree_view_column_add_attribute(rc, icon, "icon-name", RC_ICON);
    GtkCellRenderer *rt = gtk_cell_renderer_text_new();
    gtk_tree_view_column_pack_start(rc, rt, TRUE);
    gtk_tree_view_column_add_attribute(rc, rt, "text", RC_RESULT);
    gtk_tree_view_column_set_resizable(rc, TRUE);
    gtk_tree_view_append_column(self->results_view, rc);
    static const char *const titles[] = { N_("Check"), N_("File"), N_("Track"), N_("Sectors"), N_("Details") };
    for (int i = 0; i < 5; i++) {
        GtkCellRenderer *r = gtk_cell_renderer_text_new();
        if (RC_CHECK + i == RC_DETAILS)
            g_object_set(r, "ellipsize", PANGO_ELLIPSIZE_END, "width-chars", 30, NULL);
        GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(_(titles[i]), r, "text", RC_CHECK + i, NULL);
        gtk_tree_view_column_set_resizable(c, TRUE);
        gtk_tree_view_column_set_expand(c, RC_CHECK + i == RC_DETAILS);
        gtk_tree_view_append_column(self->results_view, c);
    }
    gtk_tree_view_set_tooltip_column(self->results_view, RC_DETAILS);
    g_signal_connect(self->copy_button, "clicked", G_CALLBACK(on_copy), self);
    g_signal_connect(self->against_combo, "changed", G_CALLBACK(on_against_changed), self);
    dw_job_bar_set_names(self->job_bar, _("Cancel verify"), _("Verify progress"), _("Verify status"));
    dw_job_bar_set_cancel_tooltip(self->job_bar, _("Stop checking (Ctrl+.)"));
    g_signal_connect(self->job_bar, "cancel", G_CALLBACK(on_cancel), self);
    self->empty_page = dw_status_page_new("emblem-ok-symbolic", _("Nothing Checked Yet"),
                                          _("Choose an image and what to check it against, then Verify."), NULL,
                                          NULL);
    gtk_container_add(GTK_CONTAINER(self->empty_frame), self->empty_page);
    update_against(self);
    show_results(self, FALSE);
    g_signal_connect(self->image_button, "clicked", G_CALLBACK(on_choose_image), self);
    g_signal_connect(self->ref_button, "clicked", G_CALLBACK(on_choose_ref), self);
}

static void dw_view_verify_class_init(DwViewVerifyClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    g_type_ensure(DW_TYPE_JOB_BAR);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_verify.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewVerify, name)
    BIND(image_entry);
    BIND(ref_entry);
    BIND(image_button);
    BIND(ref_button);
    BIND(copy_button);
    BIND(against_combo);
    BIND(hashes_check);
    BIND(sectors_check);
    BIND(fs_check);
    BIND(audio_check);
    BIND(form);
    BIND(ref_box);
    BIND(checks_grid);
    BIND(empty_frame);
    BIND(results_stack);
    BIND(job_bar);
    BIND(notes_label);
    BIND(results_view);
#undef BIND
}
