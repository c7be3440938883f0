/* view_author.c: DwViewAuthor, the authoring project on author.h.  The
 * project is a list of grafts (a path in the image, a file or folder on
 * disk) added with the file choosers or by dropping files on the list;
 * the path in the image is edited in place (graft anywhere), rows are
 * removed with Remove or the Delete key; an empty project shows a
 * placeholder and cannot be written or burnt.  The capacity bar sums the
 * sources (rounded up to 2048-byte blocks) against the chosen medium: CD,
 * DVD, DVD DL, BD, or the free space of the writable medium in the
 * selected drive; the text beside it says how much is used and how much
 * is over, the bar turns to a warning near the end and to an error past
 * it, and Burn… is refused while the project does not fit (Write Image…
 * still writes it, saying so).  Options: volume label and
 * publisher, Joliet, Rock Ridge, UDF revision, and booting: a BIOS boot
 * image (a path in the image, typed or chosen among the project's files;
 * emulation, load size and boot-info table, isolinux's defaults), an EFI
 * system partition (a FAT image in the project, or a file appended as
 * partition 2), hybrid for USB (isohybrid MBR code, GPT or MBR) and a
 * hidden catalog, folded in a Bootable expander; a boot path follows its
 * folder when the folder is moved in the image.  Write Image… runs
 * dw_author_write() as a job (temporary name, rename) with progress, rate
 * and ETA in the job bar and Open Folder when done; an existing file is
 * replaced only when the save dialog or the info bar's Replace says so
 * (else Choose Another Name).  The form is locked while it runs.  Burn… hands the project to
 * the burn view (a snapshot of the options, DwAuthorProject, streamed
 * straight to the drive there).  The library checks the boot set-up (a
 * missing image, an ESP that is not FAT, ...); its errors reach the info
 * bar through the job.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "gui/view_author_private.h"

G_DEFINE_FINAL_TYPE(DwViewAuthor, dw_view_author, GTK_TYPE_BOX)

typedef struct {
    DwAuthorProject *project;
    char *path;
    gboolean force;
    gboolean oversized;
    char *medium;
} author_call;

/* The media the capacity is checked against (2048-byte blocks). */
static const struct {
    const char *name;
    guint64 blocks;
} media[] = {
    { N_("CD (80 min)"), 360000 },
    { N_("DVD"), 2295104 },
    { N_("DVD DL"), 4173824 },
    { N_("BD"), 12219392 },
};

/* Capacity used at which the bar warns. */
#define NEARLY_FULL 0.9

static guint64 blocks_of(guint64 bytes)
{
    return (bytes + DW_AUTHOR_BLOCK - 1) / DW_AUTHOR_BLOCK;
}

/* Bytes of a file, or of every file under a folder, in whole blocks. */
static guint64 size_on_disc(const char *path)
{
    GStatBuf st;
    if (g_lstat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return blocks_of((guint64)st.st_size) * DW_AUTHOR_BLOCK;
    guint64 sum = DW_AUTHOR_BLOCK;   /* its directory records */
    GDir *d = g_dir_open(path, 0, NULL);
    if (!d)
        return sum;
    for (const char *n; (n = g_dir_read_name(d));) {
        g_autofree char *p = g_build_filename(path, n, NULL);
        sum += size_on_disc(p);
    }
    g_dir_close(d);
    return sum;
}

static gboolean running(DwViewAuthor *self)
{
    return self->job && dw_gui_job_is_running(self->job);
}

static int project_rows(DwViewAuthor *self)
{
    return gtk_tree_model_iter_n_children(GTK_TREE_MODEL(self->project), NULL);
}

/* Write, Burn and Remove as far as the project, its size and a running job allow. */
static void update_actions(DwViewAuthor *self)
{
    if (!self->win)
        return;
    gboolean busy = running(self), empty = project_rows(self) == 0;
    gboolean fits = self->total <= self->capacity;
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->files_view);
    dw_window_set_action_enabled(self->win, "author-write", !busy && !empty);
    dw_window_set_action_enabled(self->win, "author-burn", !busy && !empty && fits);
    dw_window_set_action_enabled(self->win, "author-remove",
                                 !busy && gtk_tree_selection_count_selected_rows(sel) > 0);
    dw_window_set_action_enabled(self->win, "author-add-files", !busy);
    dw_window_set_action_enabled(self->win, "author-add-folder", !busy);
    g_autofree char *why = g_strdup_printf(_("The project does not fit on a %s: choose a larger medium or remove "
                                             "files"), self->medium_name ? self->medium_name : "");
    gtk_widget_set_tooltip_text(self->burn_button,
                                empty  ? _("Add files or folders to the project first")
                                : !fits ? why
                                        : _("Burn the project straight to a disc, without a temporary image "
                                            "(Ctrl+Shift+B)"));
    gtk_widget_set_tooltip_text(self->write_button, empty ? _("Add files or folders to the project first")
                                                          : _("Write the project as an ISO image file (Ctrl+I)"));
    gtk_widget_set_sensitive(self->form, !busy);
    dw_window_update_cancel(self->win);
}

static void set_level_class(GtkWidget *w, const char *cls)
{
    GtkStyleContext *sc = gtk_widget_get_style_context(w);
    gtk_style_context_remove_class(sc, "dw-warning");
    gtk_style_context_remove_class(sc, "dw-over");
    if (cls)
        gtk_style_context_add_class(sc, cls);
}

static void update_capacity(DwViewAuthor *self)
{
    GtkTreeModel *m = GTK_TREE_MODEL(self->project);
    GtkTreeIter it;
    guint64 total = 0;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        guint64 b;
        gtk_tree_model_get(m, &it, PC_BYTES, &b, -1);
        total += b;
    }
    int medium = MAX(0, gtk_combo_box_get_active(self->medium_combo));
    gboolean own = medium == G_N_ELEMENTS(media) && self->medium_free;
    guint64 cap = own ? self->medium_free : media[MIN(medium, 3)].blocks * DW_AUTHOR_BLOCK;
    g_free(self->medium_name);
    self->medium_name = own ? g_strdup(_("the medium in the drive")) : g_strdup(_(media[MIN(medium, 3)].name));
    self->total = total;
    self->capacity = cap;
    double frac = cap ? (double)total / (double)cap : 0;
    gtk_level_bar_set_value(self->capacity_bar, MIN(1.0, frac));
    g_autofree char *used = g_format_size(total);
    g_autofree char *of = g_format_size(cap);
    g_autofree char *text = NULL;
    const char *level = NULL;
    if (total > cap) {
        g_autofree char *over = g_format_size(total - cap);
        /* TRANSLATORS: "1.3 GB of 737.3 MB: 562.7 MB too much for a CD (80 min)" */
        text = g_strdup_printf(_("%s of %s: %s too much for a %s. Burn… needs a larger medium; Write Image… can "
                                 "still make the image."), used, of, over, self->medium_name);
        level = "dw-over";
    } else if (frac >= NEARLY_FULL) {
        g_autofree char *left = g_format_size(cap - total);
        text = g_strdup_printf(_("%s of %s: nearly full, %s left (the file systems add a little)"), used, of, left);
        level = "dw-warning";
    } else {
        text = g_strdup_printf(_("%s of %s (the file systems add a little)"), used, of);
    }
    gtk_label_set_text(self->capacity_label, text);
    set_level_class(GTK_WIDGET(self->capacity_bar), level);
    set_level_class(GTK_WIDGET(self->capacity_label), level);
    atk_object_set_description(gtk_widget_get_accessible(GTK_WIDGET(self->capacity_bar)), text);
    gtk_stack_set_visible_child_name(self->files_stack, project_rows(self) ? "files" : "empty");
    update_actions(self);
}

const char *dw_view_author_get_capacity_text(DwViewAuthor *self)
{
    return gtk_label_get_text(self->capacity_label);
}

gboolean dw_view_author_fits(DwViewAuthor *self)
{
    return self->total <= self->capacity;
}

void dw_view_author_add(DwViewAuthor *self, const char *source, const char *target)
{
    if (running(self))
        return;
    g_autofree char *base = g_path_get_basename(source);
    g_autofree char *t = target ? g_strdup(target) : g_strconcat("/", base, NULL);
    gboolean dir = g_file_test(source, G_FILE_TEST_IS_DIR);
    guint64 bytes = size_on_disc(source);
    g_autofree char *size = g_format_size(bytes);
    gtk_list_store_insert_with_values(self->project, NULL, -1, PC_TARGET, t, PC_SOURCE, source, PC_KIND,
                                      dir ? _("folder") : _("file"), PC_BYTES, bytes, PC_SIZE_TEXT, size, -1);
}

static void author_call_free(gpointer p)
{
    author_call *c = p;
    dw_author_project_free(c->project);
    g_free(c->path);
    g_free(c->medium);
    g_free(c);
}

static gboolean run_author(dw_job *job, gpointer data, GError **error)
{
    author_call *c = data;
    return dw_author_write(&c->project->opts, c->path, c->force, job, error);
}

char *dw_view_author_describe(DwViewAuthor *self)
{
    int n = project_rows(self);
    if (n == 0)
        return g_strdup(_("The author project is empty: add files or folders in the Author view."));
    g_autofree char *size = g_format_size(self->total);
    const char *label = gtk_entry_get_text(self->label_entry);
    g_autofree char *items = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%d item", "%d items", (gulong)n), n);
    g_autofree char *text = *label ? g_strdup_printf(_("Author project “%s”: %s, about %s"), label, items, size)
                                   : g_strdup_printf(_("Author project: %s, about %s"), items, size);
    return dw_author_boot_enabled(self) ? g_strdup_printf(_("%s, bootable"), text) : g_steal_pointer(&text);
}

static void open_folder(gpointer user)
{
    DwViewAuthor *self = user;
    author_call *c = self->job ? dw_gui_job_get_data(self->job) : NULL;
    if (!c)
        return;
    g_autofree char *dir = g_path_get_dirname(c->path);
    dw_gui_open_folder(GTK_WIDGET(self), dir);
}

static void ask_existing(DwViewAuthor *self, const char *path);

static void on_finished(DwGuiJob *job, gpointer user)
{
    DwViewAuthor *self = user;
    author_call *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    g_autofree char *name = g_path_get_basename(c->path);
    if (dw_gui_job_succeeded(job)) {
        GStatBuf st;
        g_autofree char *size = g_format_size(g_stat(c->path, &st) == 0 ? (guint64)st.st_size : 0);
        g_autofree char *text =
            c->oversized ? g_strdup_printf(_("Image written: “%s”, %s — larger than a %s holds."), name, size,
                                           c->medium)
                         : g_strdup_printf(_("Image written: “%s”, %s."), name, size);
        dw_job_bar_finish(self->job_bar, c->oversized ? DW_JOB_WARNING : DW_JOB_DONE, text);
    } else if (e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED)) {
        g_autofree char *text = g_strdup_printf(_("Cancelled: no image was written (“%s” does not exist)."), name);
        dw_job_bar_finish(self->job_bar, DW_JOB_CANCELLED, text);
    } else if (e && g_error_matches(e, DW_ERROR, DW_ERROR_EXISTS)) {
        g_object_set_data(G_OBJECT(job), "dw-error-handled", GINT_TO_POINTER(1));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, _("Not written: a file has that name."));
        ask_existing(self, c->path);
    } else {
        g_autofree char *text = g_strdup_printf(_("Writing the image failed: %s"), e ? e->message : _("unknown error"));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, text);
    }
    update_actions(self);
}

/* Start writing the image (force: replace an existing file, as the user said). */
static gboolean write_image(DwViewAuthor *self, const char *path, gboolean force)
{
    if (!self->win || running(self))
        return FALSE;
    DwAuthorProject *p = dw_view_author_snapshot(self);
    if (!p)
        return FALSE;
    dw_window_hide_message(self->win);
    author_call *c = g_new0(author_call, 1);
    c->project = p;
    c->path = g_strdup(path);
    c->force = force;
    c->oversized = !dw_view_author_fits(self);
    c->medium = g_strdup(self->medium_name);
    if (c->oversized) {
        g_autofree char *line = g_strdup_printf(_("The image will not fit on a %s: %s"), c->medium,
                                                gtk_label_get_text(self->capacity_label));
        dw_window_log(self->win, DW_LOG_WARNING, line);
    }
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    g_autofree char *title = g_strdup_printf(_("Write image %s"), path);
    self->job = dw_gui_job_new(title, run_author, c, author_call_free);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_job_bar_track(self->job_bar, self->job);
    dw_window_run_job(self->win, self->job);
    update_actions(self);
    return TRUE;
}

gboolean dw_view_author_write(DwViewAuthor *self, const char *path)
{
    if (!self->win || running(self))
        return FALSE;
    if (project_rows(self) == 0) {
        dw_window_show_error(self->win, "%s", _("Author: add files or folders to the project first."));
        return FALSE;
    }
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        ask_existing(self, path);
        return FALSE;
    }
    return write_image(self, path, FALSE);
}

void dw_view_author_cancel(DwViewAuthor *self)
{
    if (running(self))
        dw_gui_job_cancel(self->job);
}

static void on_cancel(DwJobBar *bar, gpointer user)
{
    dw_view_author_cancel(DW_VIEW_AUTHOR(user));
}

DwGuiJob *dw_view_author_get_job(DwViewAuthor *self)
{
    return self->job;
}

DwJobBar *dw_view_author_get_job_bar(DwViewAuthor *self)
{
    return self->job_bar;
}

void dw_view_author_setup(DwViewAuthor *self, DwWindow *win)
{
    self->win = win;
    update_actions(self);
}

void dw_view_author_set_options(DwViewAuthor *self, const char *label, int udf_index)
{
    gtk_entry_set_text(self->label_entry, label ? label : "");
    gtk_combo_box_set_active(self->udf_combo, udf_index);
}

static void on_write_response(GtkNativeDialog *d, int response, gpointer user)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        /* The dialog asked before choosing an existing file: that is the user's Replace. */
        if (f)
            write_image(DW_VIEW_AUTHOR(user), f, g_file_test(f, G_FILE_TEST_EXISTS));
    }
    g_object_unref(d);
}

/* The save dialog, starting at folder with name (NULL: the label's). */
static void ask_write_in(DwViewAuthor *self, const char *folder, const char *name)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Write Image"), GTK_WINDOW(top),
                                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Write"), _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(d), TRUE);
    if (folder)
        gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(d), folder);
    const char *label = gtk_entry_get_text(self->label_entry);
    g_autofree char *def = g_strconcat(*label ? label : "image", ".iso", NULL);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), name ? name : def);
    g_signal_connect(d, "response", G_CALLBACK(on_write_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

void dw_view_author_ask_write(DwViewAuthor *self)
{
    if (running(self))
        return;
    if (project_rows(self) == 0) {
        if (self->win)
            dw_window_show_error(self->win, "%s", _("Author: add files or folders to the project first."));
        return;
    }
    ask_write_in(self, NULL, NULL);
}

/* "name (2).iso" beside path: the first that does not exist (g_free). */
static char *free_name(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base = g_path_get_basename(path);
    char *dot = strrchr(base, '.');
    g_autofree char *ext = g_strdup(dot && dot != base ? dot : "");
    if (dot && dot != base)
        *dot = '\0';
    for (int n = 2; n < 1000; n++) {
        char *name = g_strdup_printf("%s (%d)%s", base, n, ext);
        g_autofree char *p = g_build_filename(dir, name, NULL);
        if (!g_file_test(p, G_FILE_TEST_EXISTS))
            return name;
        g_free(name);
    }
    return g_strdup(base);
}

enum { EXISTS_REPLACE, EXISTS_RENAME };

static void on_exists_answer(DwWindow *win, int action, gpointer user)
{
    DwViewAuthor *self = user;
    g_autofree char *path = g_steal_pointer(&self->pending_path);
    if (!path)
        return;
    if (action == EXISTS_REPLACE) {
        write_image(self, path, TRUE);
    } else {
        g_autofree char *dir = g_path_get_dirname(path);
        g_autofree char *name = free_name(path);
        ask_write_in(self, dir, name);
    }
}

/* An image exists where the project should go: ask, in the GUI's words. */
static void ask_existing(DwViewAuthor *self, const char *path)
{
    g_free(self->pending_path);
    self->pending_path = g_strdup(path);
    g_autofree char *name = g_path_get_basename(path);
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *text = g_strdup_printf(_("“%s” already exists in %s. Replace it with the new image?"), name, dir);
    static const char *labels[3];
    labels[EXISTS_REPLACE] = _("Re_place");
    labels[EXISTS_RENAME] = _("_Choose Another Name");
    labels[2] = NULL;
    dw_window_show_message(self->win, GTK_MESSAGE_QUESTION, text, labels, on_exists_answer, self, NULL);
}

static void on_add_response(GtkNativeDialog *d, int response, gpointer user)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        GSList *files = gtk_file_chooser_get_filenames(GTK_FILE_CHOOSER(d));
        for (GSList *l = files; l; l = l->next)
            dw_view_author_add(DW_VIEW_AUTHOR(user), l->data, NULL);
        g_slist_free_full(files, g_free);
    }
    g_object_unref(d);
}

void dw_view_author_ask_add(DwViewAuthor *self, gboolean folders)
{
    if (running(self))
        return;
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(
        folders ? _("Add Folders") : _("Add Files"), GTK_WINDOW(top),
        folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
    gtk_file_chooser_set_select_multiple(GTK_FILE_CHOOSER(d), TRUE);
    g_signal_connect(d, "response", G_CALLBACK(on_add_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

void dw_view_author_remove_selected(DwViewAuthor *self)
{
    if (running(self))
        return;
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->files_view);
    GtkTreeModel *m = NULL;
    GList *rows = gtk_tree_selection_get_selected_rows(sel, &m);
    GList *refs = NULL;
    for (GList *l = rows; l; l = l->next)
        refs = g_list_prepend(refs, gtk_tree_row_reference_new(m, l->data));
    for (GList *l = refs; l; l = l->next) {
        GtkTreePath *p = gtk_tree_row_reference_get_path(l->data);
        GtkTreeIter it;
        if (p && gtk_tree_model_get_iter(m, &it, p))
            gtk_list_store_remove(self->project, &it);
        gtk_tree_path_free(p);
    }
    g_list_free_full(refs, (GDestroyNotify)gtk_tree_row_reference_free);
    g_list_free_full(rows, (GDestroyNotify)gtk_tree_path_free);
    update_capacity(self);
}

/* Delete removes the selected rows, as the Remove button does. */
static gboolean on_files_key(GtkWidget *w, GdkEventKey *ev, gpointer user)
{
    if (ev->keyval != GDK_KEY_Delete && ev->keyval != GDK_KEY_KP_Delete)
        return GDK_EVENT_PROPAGATE;
    dw_view_author_remove_selected(DW_VIEW_AUTHOR(user));
    return GDK_EVENT_STOP;
}

static void on_selection_changed(GtkTreeSelection *sel, gpointer user)
{
    update_actions(DW_VIEW_AUTHOR(user));
}

static void on_target_edited(GtkCellRendererText *r, const char *path, const char *text, gpointer user)
{
    DwViewAuthor *self = user;
    GtkTreeIter it;
    if (!gtk_tree_model_get_iter_from_string(GTK_TREE_MODEL(self->project), &it, path))
        return;
    g_autofree char *old = NULL;
    gtk_tree_model_get(GTK_TREE_MODEL(self->project), &it, PC_TARGET, &old, -1);
    g_autofree char *t = text[0] == '/' ? g_strdup(text) : g_strconcat("/", text, NULL);
    gtk_list_store_set(self->project, &it, PC_TARGET, t, -1);
    if (old)
        dw_author_boot_follow(self, old, t);
}

static void on_drop(GtkWidget *w, GdkDragContext *ctx, int x, int y, GtkSelectionData *data, guint info, guint time,
                    gpointer user)
{
    g_auto(GStrv) uris = gtk_selection_data_get_uris(data);
    for (char **u = uris; u && *u; u++) {
        g_autofree char *path = g_filename_from_uri(*u, NULL, NULL);
        if (path)
            dw_view_author_add(DW_VIEW_AUTHOR(user), path, NULL);
    }
    gtk_drag_finish(ctx, uris != NULL, FALSE, time);
}

static void on_medium_changed(GtkComboBox *c, gpointer user)
{
    update_capacity(DW_VIEW_AUTHOR(user));
}

/* Rows added or removed by anyone: the capacity, the placeholder and the actions follow. */
static void on_rows_changed(GtkTreeModel *m, GtkTreePath *path, gpointer user)
{
    update_capacity(DW_VIEW_AUTHOR(user));
}

static void on_row_inserted(GtkTreeModel *m, GtkTreePath *path, GtkTreeIter *it, gpointer user)
{
    update_capacity(DW_VIEW_AUTHOR(user));
}

void dw_view_author_set_medium(DwViewAuthor *self, const char *drive, const dw_media_info *m)
{
    GtkComboBox *c = self->medium_combo;
    int fixed = G_N_ELEMENTS(media);
    gboolean had = self->medium_free != 0;
    int active = gtk_combo_box_get_active(c);
    gboolean writable = drive && m && (m->status == DW_MEDIA_BLANK || m->appendable) && m->free_bytes > 0;
    if (had)
        gtk_combo_box_text_remove(GTK_COMBO_BOX_TEXT(c), fixed);
    self->medium_free = writable ? m->free_bytes : 0;
    if (writable) {
        g_autofree char *free_text = g_format_size(m->free_bytes);
        g_autofree char *base = g_path_get_basename(g_str_has_prefix(drive, "stdio:") ? drive + 6 : drive);
        g_autofree char *t = g_strdup_printf(_("The medium in %s (%s free)"), base, free_text);
        gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(c), t);
    }
    /* Keep the choice of the medium in the drive while there is one. */
    gtk_combo_box_set_active(c, active == fixed && !writable ? 0 : active);
    update_capacity(self);
}

GtkComboBox *dw_view_author_get_medium_combo(DwViewAuthor *self)
{
    return self->medium_combo;
}

GtkTreeModel *dw_view_author_get_project(DwViewAuthor *self)
{
    return GTK_TREE_MODEL(self->project);
}

GtkTreeView *dw_view_author_get_files_view(DwViewAuthor *self)
{
    return self->files_view;
}

GtkExpander *dw_view_author_get_boot_expander(DwViewAuthor *self)
{
    return self->boot_expander;
}

static void dispose(GObject *obj)
{
    DwViewAuthor *self = DW_VIEW_AUTHOR(obj);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    G_OBJECT_CLASS(dw_view_author_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwViewAuthor *self = DW_VIEW_AUTHOR(obj);
    g_object_unref(self->project);
    g_free(self->medium_name);
    g_free(self->pending_path);
    G_OBJECT_CLASS(dw_view_author_parent_class)->finalize(obj);
}

static void dw_view_author_init(DwViewAuthor *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    dw_job_bar_set_names(self->job_bar, _("Cancel writing the image"), _("Image progress"), _("Image status"));
    dw_job_bar_set_cancel_tooltip(self->job_bar, _("Stop writing; nothing is left behind (Ctrl+.)"));
    dw_job_bar_set_action(self->job_bar, _("_Open Folder"), G_CALLBACK(open_folder), self);
    g_signal_connect(self->job_bar, "cancel", G_CALLBACK(on_cancel), self);
    dw_author_boot_init(self);
    for (size_t i = 0; i < G_N_ELEMENTS(media); i++) {
        g_autofree char *size = g_format_size(media[i].blocks * DW_AUTHOR_BLOCK);
        /* TRANSLATORS: a medium and what it holds: "CD (80 min), 737.3 MB" */
        g_autofree char *t = g_strdup_printf(_("%s, %s"), _(media[i].name), size);
        gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(self->medium_combo), t);
    }
    gtk_combo_box_set_active(self->medium_combo, 0);
    GtkWidget *empty = dw_status_page_new("folder-documents-symbolic", _("An Empty Project"),
                                          _("Drop files and folders here, or add them with Add Files… and Add "
                                            "Folder…."), NULL, NULL);
    gtk_container_add(GTK_CONTAINER(self->empty_frame), empty);
    gtk_drag_dest_set(empty, GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
    gtk_drag_dest_add_uri_targets(empty);
    g_signal_connect(empty, "drag-data-received", G_CALLBACK(on_drop), self);
    self->project = gtk_list_store_new(PC_N, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64,
                                       G_TYPE_STRING);
    gtk_tree_view_set_model(self->files_view, GTK_TREE_MODEL(self->project));
    g_signal_connect(self->project, "row-deleted", G_CALLBACK(on_rows_changed), self);
    g_signal_connect(self->project, "row-inserted", G_CALLBACK(on_row_inserted), self);
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->files_view);
    gtk_tree_selection_set_mode(sel, GTK_SELECTION_MULTIPLE);
    g_signal_connect(sel, "changed", G_CALLBACK(on_selection_changed), self);
    g_signal_connect(self->files_view, "key-press-event", G_CALLBACK(on_files_key), self);
    GtkCellRenderer *edit = gtk_cell_renderer_text_new();
    g_object_set(edit, "editable", TRUE, NULL);
    g_signal_connect(edit, "edited", G_CALLBACK(on_target_edited), self);
    GtkTreeViewColumn *tc = gtk_tree_view_column_new_with_attributes(_("In the image"), edit, "text", PC_TARGET, NULL);
    gtk_tree_view_column_set_resizable(tc, TRUE);
    gtk_tree_view_append_column(self->files_view, tc);
    static const struct { const char *title; int col; } cols[] = {
        { N_("Source"), PC_SOURCE }, { N_("Kind"), PC_KIND }, { N_("Size"), PC_SIZE_TEXT } };
    for (size_t i = 0; i < G_N_ELEMENTS(cols); i++) {
        GtkCellRenderer *r = gtk_cell_renderer_text_new();
        if (cols[i].col == PC_SOURCE)
            g_object_set(r, "ellipsize", PANGO_ELLIPSIZE_START, "width-chars", 20, NULL);
        GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(_(cols[i].title), r, "text",
                                                                        cols[i].col, NULL);
        gtk_tree_view_column_set_resizable(c, TRUE);
        gtk_tree_view_column_set_expand(c, cols[i].col == PC_SOURCE);
        gtk_tree_view_append_column(self->files_view, c);
    }
    gtk_tree_view_set_tooltip_column(self->files_view, PC_SOURCE);
    gtk_drag_dest_set(GTK_WIDGET(self->files_view), GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
    gtk_drag_dest_add_uri_targets(GTK_WIDGET(self->files_view));
    g_signal_connect(self->files_view, "drag-data-received", G_CALLBACK(on_drop), self);
    g_signal_connect(self->medium_combo, "changed", G_CALLBACK(on_medium_changed), self);
    gtk_style_context_add_class(gtk_widget_get_style_context(GTK_WIDGET(self->capacity_bar)), "dw-capacity");
    gtk_level_bar_set_min_value(self->capacity_bar, 0);
    gtk_level_bar_set_max_value(self->capacity_bar, 1);
    /* Our own levels (normal, warning, over) replace the default ones, which read as a battery. */
    gtk_level_bar_remove_offset_value(self->capacity_bar, GTK_LEVEL_BAR_OFFSET_LOW);
    gtk_level_bar_remove_offset_value(self->capacity_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
    gtk_level_bar_remove_offset_value(self->capacity_bar, GTK_LEVEL_BAR_OFFSET_FULL);
    update_capacity(self);
}

static void dw_view_author_class_init(DwViewAuthorClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    g_type_ensure(DW_TYPE_JOB_BAR);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_author.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewAuthor, name)
    BIND(notice);
    BIND(capacity_label);
    BIND(form);
    BIND(empty_frame);
    BIND(files_stack);
    BIND(boot_expander);
    BIND(job_bar);
    BIND(write_button);
    BIND(burn_button);
    BIND(add_files_button);
    BIND(add_folder_button);
    BIND(remove_button);
    BIND(bios_entry);
    BIND(bios_choose);
    BIND(emul_combo);
    BIND(load_spin);
    BIND(info_check);
    BIND(efi_combo);
    BIND(efi_entry);
    BIND(efi_choose);
    BIND(hybrid_check);
    BIND(mbr_chooser);
    BIND(table_combo);
    BIND(hide_catalog_check);
    BIND(label_entry);
    BIND(publisher_entry);
    BIND(joliet_check);
    BIND(rr_check);
    BIND(udf_combo);
    BIND(medium_combo);
    BIND(capacity_bar);
    BIND(files_view);
#undef BIND
}
