/* drive_list.c: DwDriveList, the sidebar of drives (dw_drive_list: real
 * drives through libcdio and the project's virtual drive when it is
 * active) and of images opened as sources.  udisks2 does not run on the
 * machines this is built for, so the list is polled every two seconds in
 * a worker thread (listing can block on a spinning drive); a drive that
 * appears, goes or changes medium updates the list, and a medium change
 * on the selected drive emits "source-selected" again so the disc is read
 * anew.  While a job runs the polling pauses (the window says so), so
 * nothing opens a drive in the middle of a rip.  A "stdio:PATH" entry
 * is a file used as a writable medium (libburn's pseudo-drive).  With
 * no drive and no image the list says so and offers Open Image….
 */
#include "config.h"

#include "gui/gui.h"

#define POLL_SECONDS 2

typedef struct {
    char *path;
    char *label;
    char *model;
    gboolean medium;
} entry;

struct _DwDriveList {
    GtkBox parent;
    GtkListBox *list;
    GArray *drives;             /* entry */
    GPtrArray *images;          /* char * */
    char *selected;
    char *preferred;
    char *signature;
    guint timer;
    gboolean polling, rebuilding, busy;
    GCancellable *cancel;
};

G_DEFINE_FINAL_TYPE(DwDriveList, dw_drive_list_widget, GTK_TYPE_BOX)

enum { SIG_SOURCE_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void clear_entry(gpointer p)
{
    entry *e = p;
    g_free(e->path);
    g_free(e->label);
    g_free(e->model);
}

static GtkWidget *make_row(const char *path, const char *title, const char *subtitle, const char *icon)
{
    GtkWidget *row = gtk_list_box_row_new();
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    g_object_set(box, "margin", 6, NULL);
    GtkWidget *img = gtk_image_new_from_icon_name(icon, GTK_ICON_SIZE_LARGE_TOOLBAR);
    gtk_widget_set_valign(img, GTK_ALIGN_START);
    gtk_container_add(GTK_CONTAINER(box), img);
    GtkWidget *texts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    /* Drive names are long ("VENDOR MODEL"): wrap them rather than cut them. */
    GtkWidget *t = gtk_label_new(title);
    gtk_label_set_xalign(GTK_LABEL(t), 0);
    gtk_label_set_line_wrap(GTK_LABEL(t), TRUE);
    gtk_label_set_line_wrap_mode(GTK_LABEL(t), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars(GTK_LABEL(t), 18);
    gtk_label_set_lines(GTK_LABEL(t), 3);
    gtk_label_set_ellipsize(GTK_LABEL(t), PANGO_ELLIPSIZE_END);
    GtkWidget *s = gtk_label_new(subtitle);
    gtk_label_set_xalign(GTK_LABEL(s), 0);
    gtk_label_set_line_wrap(GTK_LABEL(s), TRUE);
    gtk_label_set_line_wrap_mode(GTK_LABEL(s), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars(GTK_LABEL(s), 18);
    gtk_style_context_add_class(gtk_widget_get_style_context(s), "dim-label");
    gtk_container_add(GTK_CONTAINER(texts), t);
    gtk_container_add(GTK_CONTAINER(texts), s);
    gtk_container_add(GTK_CONTAINER(box), texts);
    gtk_container_add(GTK_CONTAINER(row), box);
    g_object_set_data_full(G_OBJECT(row), "dw-path", g_strdup(path), g_free);
    g_autofree char *acc = g_strdup_printf("%s, %s", title, subtitle);
    atk_object_set_name(gtk_widget_get_accessible(row), acc);
    gtk_widget_set_tooltip_text(row, acc);
    gtk_widget_show_all(row);
    return row;
}

static GtkListBoxRow *find_row(DwDriveList *self, const char *path)
{
    GtkListBoxRow *found = NULL;
    GList *children = gtk_container_get_children(GTK_CONTAINER(self->list));
    for (GList *l = children; l && !found; l = l->next) {
        const char *p = g_object_get_data(l->data, "dw-path");
        if (p && g_str_equal(p, path))
            found = l->data;
    }
    g_list_free(children);
    return found;
}

static void rebuild(DwDriveList *self)
{
    self->rebuilding = TRUE;
    GList *children = gtk_container_get_children(GTK_CONTAINER(self->list));
    for (GList *l = children; l; l = l->next)
        gtk_widget_destroy(l->data);
    g_list_free(children);
    GtkListBoxRow *sel = NULL;
    for (guint i = 0; i < self->drives->len; i++) {
        entry *e = &g_array_index(self->drives, entry, i);
        g_autofree char *sub = g_strdup_printf("%s — %s", e->path, e->medium ? _("disc loaded") : _("no disc"));
        GtkWidget *row = make_row(e->path, e->label, sub, "drive-optical");
        gtk_container_add(GTK_CONTAINER(self->list), row);
        if (self->selected && g_str_equal(self->selected, e->path))
            sel = GTK_LIST_BOX_ROW(row);
    }
    for (guint i = 0; i < self->images->len; i++) {
        const char *p = self->images->pdata[i];
        gboolean medium = g_str_has_prefix(p, "stdio:");
        g_autofree char *base = g_path_get_basename(medium ? p + 6 : p);
        GtkWidget *row = medium ? make_row(p, base, _("a file used as a writable medium"), "drive-harddisk")
                                : make_row(p, base, _("disc image"), "media-optical");
        gtk_container_add(GTK_CONTAINER(self->list), row);
        if (self->selected && g_str_equal(self->selected, p))
            sel = GTK_LIST_BOX_ROW(row);
    }
    if (sel)
        gtk_list_box_select_row(self->list, sel);
    self->rebuilding = FALSE;
    if (!sel && self->preferred)
        sel = find_row(self, self->preferred);
    if (!sel && !self->selected)
        sel = gtk_list_box_get_row_at_index(self->list, 0);
    if (sel && !self->selected)
        gtk_list_box_select_row(self->list, sel);   /* emits source-selected */
}

static void list_worker(GTask *task, gpointer src, gpointer data, GCancellable *c)
{
    size_t n = 0;
    GError *error = NULL;
    dw_drive_info *d = dw_drive_list(&n, &error);
    GArray *out = g_array_new(FALSE, TRUE, sizeof(entry));
    g_array_set_clear_func(out, clear_entry);
    for (size_t i = 0; d && i < n; i++) {
        entry e = { .path = g_strdup(d[i].path), .medium = d[i].medium };
        e.model = g_strstrip(g_strdup_printf("%s %s", d[i].vendor, d[i].model));
        e.label = g_strdup(*e.model ? e.model : d[i].path);
        g_array_append_val(out, e);
    }
    if (d)
        dw_drive_list_free(d, n);
    g_clear_error(&error);   /* no drives is a list of none */
    g_task_return_pointer(task, out, (GDestroyNotify)g_array_unref);
}

static char *signature_of(GArray *drives)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < drives->len; i++) {
        entry *e = &g_array_index(drives, entry, i);
        g_string_append_printf(s, "%s|%s|%d\n", e->path, e->model, e->medium);
    }
    return g_string_free(s, FALSE);
}

static gboolean medium_of(GArray *drives, const char *path)
{
    for (guint i = 0; path && i < drives->len; i++) {
        entry *e = &g_array_index(drives, entry, i);
        if (g_str_equal(e->path, path))
            return e->medium;
    }
    return FALSE;
}

static void list_done(GObject *src, GAsyncResult *res, gpointer user)
{
    GError *error = NULL;
    GArray *drives = g_task_propagate_pointer(G_TASK(res), &error);
    if (!drives) {
        g_clear_error(&error);   /* cancelled: the widget is gone */
        return;
    }
    DwDriveList *self = DW_DRIVE_LIST(user);
    self->polling = FALSE;
    g_autofree char *sig = signature_of(drives);
    if (self->signature && g_str_equal(sig, self->signature)) {
        g_array_unref(drives);
        return;
    }
    gboolean was = medium_of(self->drives, self->selected);
    gboolean first = self->signature == NULL;
    g_array_unref(self->drives);
    self->drives = drives;
    g_free(self->signature);
    self->signature = g_steal_pointer(&sig);
    rebuild(self);
    gboolean now = medium_of(self->drives, self->selected);
    if (!first && self->selected && was != now)
        g_signal_emit(self, signals[SIG_SOURCE_SELECTED], 0, self->selected);
}

void dw_drive_list_refresh(DwDriveList *self)
{
    if (self->polling)
        return;
    self->polling = TRUE;
    GTask *task = g_task_new(NULL, self->cancel, list_done, self);
    g_task_set_return_on_cancel(task, FALSE);
    g_task_run_in_thread(task, list_worker);
    g_object_unref(task);
}

static gboolean poll_cb(gpointer user)
{
    DwDriveList *self = DW_DRIVE_LIST(user);
    if (!self->busy)
        dw_drive_list_refresh(self);
    return G_SOURCE_CONTINUE;
}

void dw_drive_list_set_busy(DwDriveList *self, gboolean busy)
{
    self->busy = busy;
}

void dw_drive_list_add_image(DwDriveList *self, const char *path)
{
    for (guint i = 0; i < self->images->len; i++)
        if (g_str_equal(self->images->pdata[i], path))
            return;
    g_ptr_array_add(self->images, g_strdup(path));
    rebuild(self);
}

gboolean dw_drive_list_select(DwDriveList *self, const char *path)
{
    GtkListBoxRow *row = find_row(self, path);
    if (row)
        gtk_list_box_select_row(self->list, row);
    return row != NULL;
}

void dw_drive_list_set_preferred(DwDriveList *self, const char *path)
{
    g_free(self->preferred);
    self->preferred = path && *path ? g_strdup(path) : NULL;
}

const char *dw_drive_list_get_selected(DwDriveList *self)
{
    return self->selected;
}

const char *dw_drive_list_get_model(DwDriveList *self, const char *path)
{
    for (guint i = 0; path && i < self->drives->len; i++) {
        entry *e = &g_array_index(self->drives, entry, i);
        if (g_str_equal(e->path, path))
            return e->model;
    }
    return NULL;
}

GStrv dw_drive_list_get_burners(DwDriveList *self)
{
    GStrvBuilder *b = g_strv_builder_new();
    for (guint i = 0; i < self->drives->len; i++)
        g_strv_builder_add(b, g_array_index(self->drives, entry, i).path);
    for (guint i = 0; i < self->images->len; i++)
        if (g_str_has_prefix(self->images->pdata[i], "stdio:"))
            g_strv_builder_add(b, self->images->pdata[i]);
    GStrv v = g_strv_builder_end(b);
    g_strv_builder_unref(b);
    return v;
}

guint dw_drive_list_count(DwDriveList *self)
{
    return self->drives->len + self->images->len;
}

static void on_row_selected(GtkListBox *box, GtkListBoxRow *row, gpointer user)
{
    DwDriveList *self = user;
    if (self->rebuilding || !row)
        return;
    const char *p = g_object_get_data(G_OBJECT(row), "dw-path");
    if (!p || (self->selected && g_str_equal(self->selected, p)))
        return;
    g_free(self->selected);
    self->selected = g_strdup(p);
    g_signal_emit(self, signals[SIG_SOURCE_SELECTED], 0, p);
}

static void dispose(GObject *obj)
{
    DwDriveList *self = DW_DRIVE_LIST(obj);
    if (self->timer) {
        g_source_remove(self->timer);
        self->timer = 0;
    }
    if (self->cancel)
        g_cancellable_cancel(self->cancel);
    g_clear_object(&self->cancel);
    G_OBJECT_CLASS(dw_drive_list_widget_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwDriveList *self = DW_DRIVE_LIST(obj);
    g_array_unref(self->drives);
    g_ptr_array_unref(self->images);
    g_free(self->selected);
    g_free(self->preferred);
    g_free(self->signature);
    G_OBJECT_CLASS(dw_drive_list_widget_parent_class)->finalize(obj);
}

static void dw_drive_list_widget_init(DwDriveList *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    self->drives = g_array_new(FALSE, TRUE, sizeof(entry));
    g_array_set_clear_func(self->drives, clear_entry);
    self->images = g_ptr_array_new_with_free_func(g_free);
    self->cancel = g_cancellable_new();
    g_signal_connect(self->list, "row-selected", G_CALLBACK(on_row_selected), self);
    /* First contact with no drive: say what to do. */
    GtkWidget *empty = dw_status_page_new("drive-optical-symbolic", _("No Drives"),
                                          _("No optical drive was found. Connect one, or open a disc image."),
                                          _("_Open Image…"), "win.open-image");
    gtk_widget_set_valign(empty, GTK_ALIGN_START);
    gtk_list_box_set_placeholder(self->list, empty);
    self->timer = g_timeout_add_seconds(POLL_SECONDS, poll_cb, self);
    dw_drive_list_refresh(self);
}

static void dw_drive_list_widget_class_init(DwDriveListClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    gtk_widget_class_set_template_from_resource(GTK_WIDGET_CLASS(klass), DW_RESOURCE_BASE "/drive_list.ui");
    gtk_widget_class_bind_template_child(GTK_WIDGET_CLASS(klass), DwDriveList, list);
    signals[SIG_SOURCE_SELECTED] = g_signal_new("source-selected", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}
