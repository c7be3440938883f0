/* view_author_boot.c: the Author view's boot options and its project
 * snapshot.  The boot controls (folded in the Bootable expander): a BIOS
 * boot image (its path in the image, typed or chosen among the project's
 * files with Select…; emulation, load size 4 and the boot-info table by
 * default, as isolinux wants), an EFI system partition (a FAT image in
 * the project, or a file on disk appended as partition 2), hybrid for USB
 * (isohybrid MBR code, GPT or MBR partitions) and a hidden catalog.
 * Options that do not apply are insensitive; a boot path in the image
 * follows its folder when the folder is moved.  dw_view_author_snapshot()
 * turns the whole view into dw_author_options with their own copies of
 * every string (DwAuthorProject), for Write Image… and for the burn view.
 */
#include "config.h"

#include <string.h>

#include "gui/view_author_private.h"

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
    /* The folded expander still says what boots: "Bootable: BIOS, EFI, USB stick". */
    GString *what = g_string_new(NULL);
    if (*gtk_entry_get_text(self->bios_entry))
        g_string_append(what, _("BIOS"));
    if (efi != DW_AUTHOR_EFI_NONE && *gtk_entry_get_text(self->efi_entry))
        g_string_append_printf(what, "%s%s", what->len ? ", " : "", _("EFI"));
    if (hybrid)
        g_string_append_printf(what, "%s%s", what->len ? ", " : "", _("USB stick"));
    g_autofree char *label = what->len ? g_strdup_printf(_("_Bootable: %s"), what->str) : g_strdup(_("_Bootable"));
    gtk_expander_set_label(self->boot_expander, label);
    g_string_free(what, TRUE);
}

static void on_boot_changed(GtkWidget *w, gpointer user)
{
    update_boot_sensitivity(DW_VIEW_AUTHOR(user));
}

gboolean dw_author_boot_enabled(DwViewAuthor *self)
{
    return *gtk_entry_get_text(self->bios_entry) ||
           (gtk_combo_box_get_active(self->efi_combo) != DW_AUTHOR_EFI_NONE && *gtk_entry_get_text(self->efi_entry));
}

/* path under old_target (or equal to it) rewritten under new_target; NULL when not under it. */
static char *moved(const char *path, const char *old_target, const char *new_target)
{
    size_t n = strlen(old_target);
    while (n > 1 && old_target[n - 1] == '/')
        n--;
    if (strncmp(path, old_target, n) != 0 || (path[n] != '\0' && path[n] != '/'))
        return NULL;
    if (n == 1 && old_target[0] == '/')
        return NULL;   /* the root moves nothing */
    g_autofree char *to = g_strdup(new_target);
    size_t m = strlen(to);
    while (m > 1 && to[m - 1] == '/')
        to[--m] = '\0';
    return g_strconcat(to, path + n, NULL);
}

void dw_author_boot_follow(DwViewAuthor *self, const char *old_target, const char *new_target)
{
    g_autofree char *bios = moved(gtk_entry_get_text(self->bios_entry), old_target, new_target);
    if (bios)
        gtk_entry_set_text(self->bios_entry, bios);
    if (gtk_combo_box_get_active(self->efi_combo) == DW_AUTHOR_EFI_TREE) {
        g_autofree char *efi = moved(gtk_entry_get_text(self->efi_entry), old_target, new_target);
        if (efi)
            gtk_entry_set_text(self->efi_entry, efi);
    }
}

void dw_author_boot_init(DwViewAuthor *self)
{
    if (g_file_test(DW_AUTHOR_DEFAULT_MBR, G_FILE_TEST_IS_REGULAR))
        gtk_file_chooser_set_filename(self->mbr_chooser, DW_AUTHOR_DEFAULT_MBR);
    g_signal_connect(self->bios_choose, "clicked", G_CALLBACK(on_bios_choose), self);
    g_signal_connect(self->efi_choose, "clicked", G_CALLBACK(on_efi_choose), self);
    g_signal_connect(self->emul_combo, "changed", G_CALLBACK(on_boot_changed), self);
    g_signal_connect(self->efi_combo, "changed", G_CALLBACK(on_boot_changed), self);
    g_signal_connect(self->hybrid_check, "toggled", G_CALLBACK(on_boot_changed), self);
    g_signal_connect(self->bios_entry, "changed", G_CALLBACK(on_boot_changed), self);
    g_signal_connect(self->efi_entry, "changed", G_CALLBACK(on_boot_changed), self);
    update_boot_sensitivity(self);
}
