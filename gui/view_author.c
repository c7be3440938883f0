/* view_author.c: DwViewAuthor, the authoring project on author.h.  The
 * project is a list of grafts (a path in the image, a file or folder on
 * disk) added with the file choosers or by dropping files on the list;
 * the path in the image is edited in place (graft anywhere), rows are
 * removed with Remove.  The capacity bar sums the sources (rounded up to
 * 2048-byte blocks) against the chosen medium: CD, DVD, DVD DL, BD, or
 * the free space of the writable medium in the selected drive.  Options: volume label and
 * publisher, Joliet, Rock Ridge, UDF revision, and booting: a BIOS boot
 * image (a path in the image, typed or chosen among the project's files;
 * emulation, load size and boot-info table, isolinux's defaults), an EFI
 * system partition (a FAT image in the project, or a file appended as
 * partition 2), hybrid for USB (isohybrid MBR code, GPT or MBR) and a
 * hidden catalog.  Write Image… runs dw_author_write() as a job
 * (temporary name, rename; never overwrites); Burn… hands the project to
 * the burn view (a snapshot of the options, DwAuthorProject, streamed
 * straight to the drive there).  The library checks the boot set-up (a
 * missing image, an ESP that is not FAT, ...); its errors reach the info
 * bar through the job.
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
    dw_author_boot boot[2];      /* BIOS, then UEFI */
    dw_author_partition part;    /* the appended ESP */
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
    GtkEntry *bios_entry, *efi_entry;
    GtkWidget *bios_choose, *efi_choose;
    GtkComboBox *emul_combo, *efi_combo, *table_combo;
    GtkSpinButton *load_spin;
    GtkToggleButton *info_check, *hybrid_check, *hide_catalog_check;
    GtkFileChooser *mbr_chooser;
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

/* The boot controls into p->opts: the BIOS entry first (the catalog's
 * default entry), then the UEFI one.  FALSE, and the info bar says why,
 * for hybrid without an MBR code file. */
static gboolean snapshot_boot(DwViewAuthor *self, DwAuthorProject *p)
{
    size_t n = 0;
    const char *bios = keep(p, gtk_entry_get_text(self->bios_entry));
    gboolean hybrid = gtk_toggle_button_get_active(self->hybrid_check);
    if (bios) {
        dw_author_boot *e = &p->boot[n++];
        static const dw_boot_emul emul[] = { DW_BOOT_NO_EMUL, DW_BOOT_FLOPPY, DW_BOOT_HARD_DISK };
        e->image = bios;
        e->platform = 0;
        e->emul = emul[CLAMP(gtk_combo_box_get_active(self->emul_combo), 0, 2)];
        if (e->emul == DW_BOOT_NO_EMUL) {
            e->load_size = (unsigned)gtk_spin_button_get_value_as_int(self->load_spin);
            e->boot_info_table = gtk_toggle_button_get_active(self->info_check);
        }
    }
    const char *efi = keep(p, gtk_entry_get_text(self->efi_entry));
    int efi_mode = gtk_combo_box_get_active(self->efi_combo);
    if (efi && efi_mode != DW_AUTHOR_EFI_NONE) {
        dw_author_boot *e = &p->boot[n++];
        e->platform = 0xEF;
        e->emul = DW_BOOT_NO_EMUL;
        if (efi_mode == DW_AUTHOR_EFI_APPENDED) {
            p->part.number = 2;
            p->part.type = 0xEF;
            p->part.source = efi;
            p->opts.partitions = &p->part;
            p->opts.n_partitions = 1;
            e->appended_part = 2;
        } else {
            e->image = efi;
            e->gpt_basdat = hybrid;     /* a USB stick's firmware finds the ESP as a partition */
        }
    }
    p->opts.boot = n ? p->boot : NULL;
    p->opts.n_boot = n;
    p->opts.boot_catalog_hide = gtk_toggle_button_get_active(self->hide_catalog_check);
    if (hybrid) {
        g_autofree char *mbr = gtk_file_chooser_get_filename(self->mbr_chooser);
        if (!mbr) {
            if (self->win)
                dw_window_show_error(self->win, "%s", _("Author: Hybrid for USB needs an MBR boot code file "
                                                        "(isohdpfx.bin of the isolinux package)."));
            return FALSE;
        }
        p->opts.isohybrid_mbr = keep(p, mbr);
        p->opts.gpt = gtk_combo_box_get_active(self->table_combo) == 0;
    }
    return TRUE;
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
    if (!snapshot_boot(self, p)) {
        dw_author_project_free(p);
        return NULL;
    }
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
    g_autofree char *text = *label ? g_strdup_printf(_("Author project “%s”: %s, about %s"), label, items, size)
                                   : g_strdup_printf(_("Author project: %s, about %s"), items, size);
    gboolean bootable = *gtk_entry_get_text(self->bios_entry) ||
                        (gtk_combo_box_get_active(self->efi_combo) != DW_AUTHOR_EFI_NONE &&
                         *gtk_entry_get_text(self->efi_entry));
    return bootable ? g_strdup_printf(_("%s, bootable"), text) : g_steal_pointer(&text);
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

void dw_view_author_set_boot(DwViewAuthor *self, const char *bios, DwAuthorEfi efi_mode, const char *efi,
                             const char *mbr, gboolean gpt, gboolean hide_catalog)
{
    gtk_entry_set_text(self->bios_entry, bios ? bios : "");
    gtk_combo_box_set_active(self->emul_combo, 0);
    gtk_spin_button_set_value(self->load_spin, 4);
    gtk_toggle_button_set_active(self->info_check, TRUE);
    gtk_combo_box_set_active(self->efi_combo, (int)efi_mode);
    gtk_entry_set_text(self->efi_entry, efi ? efi : "");
    gtk_toggle_button_set_active(self->hybrid_check, mbr != NULL);
    if (mbr && *mbr)
        gtk_file_chooser_set_filename(self->mbr_chooser, mbr);
    else if (mbr)
        gtk_file_chooser_unselect_all(self->mbr_chooser);
    gtk_combo_box_set_active(self->table_combo, gpt ? 0 : 1);
    gtk_toggle_button_set_active(self->hide_catalog_check, hide_catalog);
}

char *dw_view_author_get_mbr(DwViewAuthor *self)
{
    return gtk_file_chooser_get_filename(self->mbr_chooser);
}

char *dw_view_author_image_path(DwViewAuthor *self, const char *file)
{
    GtkTreeModel *m = GTK_TREE_MODEL(self->project);
    GtkTreeIter it;
    char *found = NULL;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok && !found; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *t = NULL, *src = NULL;
        gtk_tree_model_get(m, &it, PC_TARGET, &t, PC_SOURCE, &src, -1);
        size_t n = strlen(src);
        while (n > 1 && src[n - 1] == '/')
            n--;
        if (strcmp(file, src) == 0)
            found = g_strdup(t);
        else if (strncmp(file, src, n) == 0 && file[n] == '/' && g_file_test(src, G_FILE_TEST_IS_DIR))
            found = g_build_path("/", strcmp(t, "/") == 0 ? "" : t, file + n, NULL);
    }
    if (found && found[0] != '/') {
        char *abs = g_strconcat("/", found, NULL);
        g_free(found);
        found = abs;
    }
    return found;
}

/* A chooser answer for the BIOS or EFI entry: a file of the project
 * becomes its path in the image; an ESP to append stays a file on disk. */
static void on_choose_response(GtkNativeDialog *d, int response, gpointer user)
{
    DwViewAuthor *self = user;
    gboolean efi = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(d), "dw-efi"));
    g_autofree char *f = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d)) : NULL;
    g_object_unref(d);
    if (!f)
        return;
    GtkEntry *entry = efi ? self->efi_entry : self->bios_entry;
    if (efi && gtk_combo_box_get_active(self->efi_combo) == DW_AUTHOR_EFI_APPENDED) {
        gtk_entry_set_text(entry, f);
        return;
    }
    g_autofree char *in_image = dw_view_author_image_path(self, f);
    if (!in_image) {
        if (self->win)
            dw_window_show_error(self->win, _("%s is not in the project: add it (or its folder) first, or type "
                                              "its path in the image."), f);
        return;
    }
    gtk_entry_set_text(entry, in_image);
}

static void ask_boot_file(DwViewAuthor *self, gboolean efi)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(efi ? _("EFI Boot Image") : _("BIOS Boot Image"),
                                                          GTK_WINDOW(top), GTK_FILE_CHOOSER_ACTION_OPEN,
                                                          _("_Select"), _("_Cancel"));
    /* Start in the first folder of the project. */
    GtkTreeModel *m = GTK_TREE_MODEL(self->project);
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *src = NULL;
        gtk_tree_model_get(m, &it, PC_SOURCE, &src, -1);
        if (g_file_test(src, G_FILE_TEST_IS_DIR)) {
            gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(d), src);
            break;
        }
    }
    g_object_set_data(G_OBJECT(d), "dw-efi", GINT_TO_POINTER(efi));
    g_signal_connect(d, "response", G_CALLBACK(on_choose_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void on_bios_choose(GtkButton *b, gpointer user)
{
    ask_boot_file(DW_VIEW_AUTHOR(user), FALSE);
}

static void on_efi_choose(GtkButton *b, gpointer user)
{
    ask_boot_file(DW_VIEW_AUTHOR(user), TRUE);
}

/* Options that do not apply are insensitive: load size and boot-info
 * table with emulation, the ESP without an EFI source, MBR code and
 * table without hybrid. */
static void update_boot_sensitivity(DwViewAuthor *self)
{
    gboolean noemul = gtk_combo_box_get_active(self->emul_combo) == 0;
    gtk_widget_set_sensitive(GTK_WIDGET(self->load_spin), noemul);
    gtk_widget_set_sensitive(GTK_WIDGET(self->info_check), noemul);
    int efi = gtk_combo_box_get_active(self->efi_combo);
    gtk_widget_set_sensitive(GTK_WIDGET(self->efi_entry), efi != DW_AUTHOR_EFI_NONE);
    gtk_widget_set_sensitive(self->efi_choose, efi != DW_AUTHOR_EFI_NONE);
    gtk_entry_set_placeholder_text(self->efi_entry, efi == DW_AUTHOR_EFI_APPENDED ? _("/path/to/esp.img on disk")
                                                                                 : "/boot/grub/efi.img");
    gboolean hybrid = gtk_toggle_button_get_active(self->hybrid_check);
    gtk_widget_set_sensitive(GTK_WIDGET(self->mbr_chooser), hybrid);
    gtk_widget_set_sensitive(GTK_WIDGET(self->table_combo), hybrid);
}

static void on_boot_changed(GtkWidget *w, gpointer user)
{
    update_boot_sensitivity(DW_VIEW_AUTHOR(user));
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
    if (g_file_test(DW_AUTHOR_DEFAULT_MBR, G_FILE_TEST_IS_REGULAR))
        gtk_file_chooser_set_filename(self->mbr_chooser, DW_AUTHOR_DEFAULT_MBR);
    g_signal_connect(self->bios_choose, "clicked", G_CALLBACK(on_bios_choose), self);
    g_signal_connect(self->efi_choose, "clicked", G_CALLBACK(on_efi_choose), self);
    g_signal_connect(self->emul_combo, "changed", G_CALLBACK(on_boot_changed), self);
    g_signal_connect(self->efi_combo, "changed", G_CALLBACK(on_boot_changed), self);
    g_signal_connect(self->hybrid_check, "toggled", G_CALLBACK(on_boot_changed), self);
    update_boot_sensitivity(self);
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
