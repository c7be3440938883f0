/* view_author.c: DwViewAuthor, the authoring project on author.h.  The
 * project is a list of grafts (a path in the image, a file or folder on
 * disk) added with the file choosers or by dropping files on the list;
 * the path in the image is edited in place (graft anywhere), rows are
 * removed with Remove.  The capacity bar sums the sources (rounded up to
 * 2048-byte blocks) against the chosen medium: CD, DVD, DVD DL, BD, or
 * the free space of the writable medium in the selected drive.  Options: volume label and
 * publisher, Joliet, Rock Ridge, UDF revision.  Write Image… runs
 * dw_author_write() as a job (temporary name, rename; never overwrites);
 * Burn… hands the project to the burn view (a snapshot of the options,
 * DwAuthorProject, streamed straight to the drive there).  Boot images
 * stay disabled until author.h offers El Torito.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "discwright/author.h"
#include "gui/gui.h"

enum { PC_TARGET, PC_SOURCE, PC_KIND, PC_BYTES, PC_SIZE_TEXT, PC_N };

struct DwAuthorProject {
    dw_author_options opts;
    GPtrArray *strings;          /* owned copies the options point at */
    dw_author_graft *grafts;
    guint64 bytes;               /* the sources' size in whole blocks */
};

typedef struct {
    DwAuthorProject *project;
    char *path;
} author_call;

struct _DwViewAuthor {
    GtkBox parent;
    GtkLabel *notice;
    GtkWidget *write_button, *burn_button, *add_files_button, *add_folder_button, *remove_button;
    GtkWidget *bios_entry, *efi_entry, *hybrid_check;
    GtkEntry *label_entry, *publisher_entry;
    GtkToggleButton *joliet_check, *rr_check;
    GtkComboBox *udf_combo, *medium_combo;
    GtkLevelBar *capacity_bar;
    GtkTreeView *files_view;
    GtkListStore *project;
    DwWindow *win;
    DwGuiJob *job;
    guint64 medium_free;         /* the writable medium offered as a fifth choice, 0 none */
};

G_DEFINE_FINAL_TYPE(DwViewAuthor, dw_view_author, GTK_TYPE_BOX)

static const guint64 medium_bytes[] = { 360000ULL * 2048, 2295104ULL * 2048, 4173824ULL * 2048,
                                        12219392ULL * 2048 };

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
    double cap = medium == G_N_ELEMENTS(medium_bytes) && self->medium_free ? (double)self->medium_free
                                                                          : (double)medium_bytes[MIN(medium, 3)];
    gtk_level_bar_set_value(self->capacity_bar, MIN(1.0, (double)total / cap));
    g_autofree char *used = g_format_size(total);
    g_autofree char *of = g_format_size((guint64)cap);
    g_autofree char *tip = g_strdup_printf(_("%s of %s (about; the file systems add a little)"), used, of);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->capacity_bar), tip);
    atk_object_set_description(gtk_widget_get_accessible(GTK_WIDGET(self->capacity_bar)), tip);
}

void dw_view_author_add(DwViewAuthor *self, const char *source, const char *target)
{
    g_autofree char *base = g_path_get_basename(source);
    g_autofree char *t = target ? g_strdup(target) : g_strconcat("/", base, NULL);
    gboolean dir = g_file_test(source, G_FILE_TEST_IS_DIR);
    guint64 bytes = size_on_disc(source);
    g_autofree char *size = g_format_size(bytes);
    gtk_list_store_insert_with_values(self->project, NULL, -1, PC_TARGET, t, PC_SOURCE, source, PC_KIND,
                                      dir ? _("folder") : _("file"), PC_BYTES, bytes, PC_SIZE_TEXT, size, -1);
    update_capacity(self);
}

void dw_author_project_free(DwAuthorProject *p)
{
    if (!p)
        return;
    g_ptr_array_unref(p->strings);
    g_free(p->grafts);
    g_free(p);
}

const dw_author_options *dw_author_project_get_options(const DwAuthorProject *p)
{
    return &p->opts;
}

guint64 dw_author_project_get_bytes(const DwAuthorProject *p)
{
    return p->bytes;
}

static void author_call_free(gpointer p)
{
    author_call *c = p;
    dw_author_project_free(c->project);
    g_free(c->path);
    g_free(c);
}

static gboolean run_author(dw_job *job, gpointer data, GError **error)
{
    author_call *c = data;
    return dw_author_write(&c->project->opts, c->path, FALSE, job, error);
}

static const char *keep(DwAuthorProject *p, const char *s)
{
    if (!s || !*s)
        return NULL;
    char *d = g_strdup(s);
    g_ptr_array_add(p->strings, d);
    return d;
}

DwAuthorProject *dw_view_author_snapshot(DwViewAuthor *self)
{
    GtkTreeModel *m = GTK_TREE_MODEL(self->project);
    int n = gtk_tree_model_iter_n_children(m, NULL);
    if (n == 0) {
        if (self->win)
            dw_window_show_error(self->win, "%s", _("Author: add files or folders to the project first."));
        return NULL;
    }
    DwAuthorProject *p = g_new0(DwAuthorProject, 1);
    p->strings = g_ptr_array_new_with_free_func(g_free);
    p->grafts = g_new0(dw_author_graft, (gsize)n);
    dw_author_options_init(&p->opts);
    GtkTreeIter it;
    int i = 0;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it), i++) {
        g_autofree char *t = NULL, *s = NULL;
        guint64 b = 0;
        gtk_tree_model_get(m, &it, PC_TARGET, &t, PC_SOURCE, &s, PC_BYTES, &b, -1);
        p->grafts[i].target = keep(p, t);
        p->grafts[i].source = keep(p, s);
        p->bytes += b;
    }
    p->opts.grafts = p->grafts;
    p->opts.n_grafts = (size_t)n;
    p->opts.volid = keep(p, gtk_entry_get_text(self->label_entry));
    p->opts.publisher = keep(p, gtk_entry_get_text(self->publisher_entry));
    p->opts.joliet = gtk_toggle_button_get_active(self->joliet_check);
    p->opts.rock_ridge = gtk_toggle_button_get_active(self->rr_check);
    static const unsigned udf[] = { DW_UDF_NONE, DW_UDF_102, DW_UDF_201, DW_UDF_250 };
    p->opts.udf = udf[CLAMP(gtk_combo_box_get_active(self->udf_combo), 0, 3)];
    return p;
}

char *dw_view_author_describe(DwViewAuthor *self)
{
    GtkTreeModel *m = GTK_TREE_MODEL(self->project);
    int n = gtk_tree_model_iter_n_children(m, NULL);
    if (n == 0)
        return g_strdup(_("The author project is empty: add files or folders in the Author view."));
    guint64 total = 0;
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        guint64 b;
        gtk_tree_model_get(m, &it, PC_BYTES, &b, -1);
        total += b;
    }
    g_autofree char *size = g_format_size(total);
    const char *label = gtk_entry_get_text(self->label_entry);
    g_autofree char *items = g_strdup_printf(ngettext("%d item", "%d items", (unsigned long)n), n);
    return *label ? g_strdup_printf(_("Author project “%s”: %s, about %s"), label, items, size)
                  : g_strdup_printf(_("Author project: %s, about %s"), items, size);
}

gboolean dw_view_author_write(DwViewAuthor *self, const char *path)
{
    if (!self->win || (self->job && dw_gui_job_is_running(self->job)))
        return FALSE;
    DwAuthorProject *p = dw_view_author_snapshot(self);
    if (!p)
        return FALSE;
    author_call *c = g_new0(author_call, 1);
    c->project = p;
    c->path = g_strdup(path);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    g_autofree char *title = g_strdup_printf(_("Write image %s"), path);
    self->job = dw_gui_job_new(title, run_author, c, author_call_free);
    dw_window_run_job(self->win, self->job);
    return TRUE;
}

DwGuiJob *dw_view_author_get_job(DwViewAuthor *self)
{
    return self->job;
}

void dw_view_author_setup(DwViewAuthor *self, DwWindow *win)
{
    self->win = win;
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
        if (f)
            dw_view_author_write(DW_VIEW_AUTHOR(user), f);
    }
    g_object_unref(d);
}

void dw_view_author_ask_write(DwViewAuthor *self)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Write Image"), GTK_WINDOW(top),
                                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Write"), _("_Cancel"));
    const char *label = gtk_entry_get_text(self->label_entry);
    g_autofree char *name = g_strconcat(*label ? label : "image", ".iso", NULL);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), name);
    g_signal_connect(d, "response", G_CALLBACK(on_write_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
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

static void on_target_edited(GtkCellRendererText *r, const char *path, const char *text, gpointer user)
{
    DwViewAuthor *self = user;
    GtkTreeIter it;
    if (!gtk_tree_model_get_iter_from_string(GTK_TREE_MODEL(self->project), &it, path))
        return;
    g_autofree char *t = text[0] == '/' ? g_strdup(text) : g_strconcat("/", text, NULL);
    gtk_list_store_set(self->project, &it, PC_TARGET, t, -1);
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

void dw_view_author_set_medium(DwViewAuthor *self, const char *drive, const dw_media_info *m)
{
    GtkComboBox *c = self->medium_combo;
    int fixed = G_N_ELEMENTS(medium_bytes);
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
    g_object_unref(DW_VIEW_AUTHOR(obj)->project);
    G_OBJECT_CLASS(dw_view_author_parent_class)->finalize(obj);
}

static void dw_view_author_init(DwViewAuthor *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_label_set_text(self->notice, _("Drop files and folders on the list, or add them; edit “In the image” to "
                                       "place them anywhere."));
    GtkWidget *off[] = { self->bios_entry, self->efi_entry, self->hybrid_check };
    for (size_t i = 0; i < G_N_ELEMENTS(off); i++) {
        gtk_widget_set_tooltip_text(off[i], _(DW_NOT_BUILT_IN));
        gtk_widget_set_sensitive(off[i], FALSE);
    }
    self->project = gtk_list_store_new(PC_N, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT64,
                                       G_TYPE_STRING);
    gtk_tree_view_set_model(self->files_view, GTK_TREE_MODEL(self->project));
    gtk_tree_selection_set_mode(gtk_tree_view_get_selection(self->files_view), GTK_SELECTION_MULTIPLE);
    GtkCellRenderer *edit = gtk_cell_renderer_text_new();
    g_object_set(edit, "editable", TRUE, NULL);
    g_signal_connect(edit, "edited", G_CALLBACK(on_target_edited), self);
    gtk_tree_view_append_column(self->files_view, gtk_tree_view_column_new_with_attributes(
                                                      _("In the image"), edit, "text", PC_TARGET, NULL));
    static const struct { const char *title; int col; } cols[] = {
        { N_("Source"), PC_SOURCE }, { N_("Kind"), PC_KIND }, { N_("Size"), PC_SIZE_TEXT } };
    for (size_t i = 0; i < G_N_ELEMENTS(cols); i++) {
        GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(_(cols[i].title),
                                                                        gtk_cell_renderer_text_new(), "text",
                                                                        cols[i].col, NULL);
        gtk_tree_view_column_set_resizable(c, TRUE);
        gtk_tree_view_append_column(self->files_view, c);
    }
    gtk_drag_dest_set(GTK_WIDGET(self->files_view), GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
    gtk_drag_dest_add_uri_targets(GTK_WIDGET(self->files_view));
    g_signal_connect(self->files_view, "drag-data-received", G_CALLBACK(on_drop), self);
    g_signal_connect(self->medium_combo, "changed", G_CALLBACK(on_medium_changed), self);
    gtk_level_bar_set_min_value(self->capacity_bar, 0);
    gtk_level_bar_set_max_value(self->capacity_bar, 1);
    update_capacity(self);
}

static void dw_view_author_class_init(DwViewAuthorClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_author.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewAuthor, name)
    BIND(notice);
    BIND(write_button);
    BIND(burn_button);
    BIND(add_files_button);
    BIND(add_folder_button);
    BIND(remove_button);
    BIND(bios_entry);
    BIND(efi_entry);
    BIND(hybrid_check);
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
