/* view_library.c: DwViewLibrary, the catalog of archived discs
 * (catalog.h; doc/archive.md) in the GUI.  The catalog is the CLI's
 * default ($XDG_DATA_HOME/discwright/catalog.sqlite) unless the
 * "catalog" setting or the location field names another (a path or a
 * postgresql:// URI); it is opened when the view is first shown, never
 * created by looking at it.  A search field (the same word/id/hash
 * search as `discwright catalog search`) filters the disc list (title or
 * label, kind, ids, rip date, rip status, AccurateRip, fixity); the
 * selected disc's details (ids, rip, proof, DAT) are shown with its
 * files (last check and its date) and its history (additions and every
 * fixity check).  Re-verify Selected runs the catalog's fixity check
 * (dw_catalog_verify, one run per disc) over the selected discs as a job
 * with progress and Cancel, records every check as the CLI does, and
 * says what it found: every file intact, or which files changed, went
 * missing or could not be read.  The worker opens its own connection to
 * the catalog; the view reads with the main thread's.  The "Archive
 * discs" expander holds a batch (archive_panel.c) recording into the
 * same catalog, with each drive's status; discs appear as recorded.
 */
#include "config.h"

#include <string.h>

#include "discwright/catalog.h"
#include "gui/gui.h"

typedef struct {
    char *location;
    GArray *ids;                 /* int64_t: the discs to check */
    int64_t files, ok, changed, missing, unreadable;
    GPtrArray *problems;         /* char *: "NAME: status" (worker writes, main reads after) */
} reverify_call;

struct _DwViewLibrary {
    GtkBox parent;
    GtkEntry *location_entry;
    GtkSearchEntry *search_entry;
    GtkButton *verify_button;
    GtkStack *list_stack;
    GtkWidget *empty_page;
    GtkTreeView *discs_view;
    GtkListStore *discs;
    GtkLabel *heading;
    GtkGrid *facts;
    GtkListStore *files, *history;
    GtkWidget *details;
    DwJobBar *job_bar;
    GtkExpander *archive_expander;
    DwArchivePanel *archive;
    DwWindow *win;
    DwGuiJob *job;
    dw_catalog *cat;
    char *location;
    gboolean tried;              /* opened once (on first showing) */
    int64_t shown_id;            /* the disc whose details are shown (0 none) */
};

G_DEFINE_FINAL_TYPE(DwViewLibrary, dw_view_library, GTK_TYPE_BOX)

static void reverify_call_free(gpointer p)
{
    reverify_call *c = p;
    g_free(c->location);
    g_array_unref(c->ids);
    g_ptr_array_unref(c->problems);
    g_free(c);
}

static void on_check(const dw_catalog_disc *disc, const dw_catalog_file *file, const char *path,
                     dw_fixity_status status, const char *detail, void *user)
{
    (void)disc;
    (void)path;
    reverify_call *c = user;
    c->files++;
    switch (status) {
    case DW_FIXITY_OK: c->ok++; return;
    case DW_FIXITY_CHANGED: c->changed++; break;
    case DW_FIXITY_MISSING: c->missing++; break;
    default: c->unreadable++; break;
    }
    (void)detail;                /* the hashes: in the disc's history */
    g_ptr_array_add(c->problems, g_strdup_printf("%s: %s", file->name, dw_fixity_status_name(status)));
}

static gboolean run_reverify(dw_job *job, gpointer data, GError **error)
{
    reverify_call *c = data;
    g_autoptr(dw_catalog) cat = dw_catalog_open(c->location, error);
    if (!cat)
        return FALSE;
    for (guint i = 0; i < c->ids->len; i++) {
        dw_catalog_verify_options o = { 0 };
        o.disc_id = g_array_index(c->ids, int64_t, i);
        o.on_check = on_check;
        o.user = c;
        dw_catalog_verify_result r;
        if (!dw_catalog_verify(cat, &o, job, &r, error))
            return FALSE;
    }
    return TRUE;
}

/* ---- the list ------------------------------------------------------------ */
static const char *disc_name(const dw_catalog_disc *d)
{
    if (d->title && *d->title)
        return d->title;
    if (d->label && *d->label)
        return d->label;
    const char *slash = d->base ? strrchr(d->base, '/') : NULL;
    return slash ? slash + 1 : d->base ? d->base : "";
}

static char *disc_ids(const dw_catalog_disc *d)
{
    if (d->cddb_id)
        return g_strdup_printf("CDDB %s", d->cddb_id);
    if (d->dvd_id)
        return g_strdup_printf("DVD %.*s", 12, d->dvd_id);
    if (d->bd_id)
        return g_strdup_printf("BD %.*s", 12, d->bd_id);
    if (d->volume_uuid)
        return g_strdup_printf("UUID %s", d->volume_uuid);
    return g_strdup_printf("%.*s", 12, d->fingerprint ? d->fingerprint : "");
}

static char *date_text(int64_t t, gboolean with_time)
{
    if (t <= 0)
        return g_strdup(_("never"));
    g_autoptr(GDateTime) u = g_date_time_new_from_unix_utc(t);
    g_autoptr(GDateTime) dt = u ? g_date_time_to_local(u) : NULL;
    return dt ? g_date_time_format(dt, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d") : g_strdup("?");
}

static void show_empty(DwViewLibrary *self, const char *title, const char *text)
{
    dw_status_page_set(self->empty_page, title, text);
    gtk_stack_set_visible_child_name(self->list_stack, "empty");
}

static gboolean running(DwViewLibrary *self)
{
    return self->job && dw_gui_job_is_running(self->job);
}

static void update_sensitivity(DwViewLibrary *self)
{
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->discs_view);
    gboolean busy = running(self);
    gtk_widget_set_sensitive(GTK_WIDGET(self->verify_button),
                             !busy && self->cat && gtk_tree_selection_count_selected_rows(sel) > 0);
    gtk_widget_set_sensitive(GTK_WIDGET(self->location_entry), !busy);
    if (self->win)
        dw_window_update_cancel(self->win);
}

static void clear_details(DwViewLibrary *self)
{
    self->shown_id = 0;
    gtk_label_set_text(self->heading, "");
    dw_fact_grid_clear(self->facts);
    gtk_list_store_clear(self->files);
    gtk_list_store_clear(self->history);
    gtk_widget_hide(self->details);
}

static char *proof_text(const char *status, int matched, int n, int confidence)
{
    if (!status)
        return g_strdup(_("unknown"));
    if (!n || !matched)
        return g_strdup(status);
    return g_strdup_printf(_("%s (%d of %d tracks, confidence %d)"), status, matched, n, confidence);
}

static void show_details(DwViewLibrary *self, int64_t id)
{
    if (!self->cat || id <= 0) {
        clear_details(self);
        return;
    }
    GError *e = NULL;
    g_autofree char *ref = g_strdup_printf("%" G_GINT64_FORMAT, id);
    g_autoptr(dw_catalog_disc) d = dw_catalog_get(self->cat, ref, &e);
    if (!d) {
        clear_details(self);
        if (self->win)
            dw_window_show_error(self->win, _("Library: %s"), e->message);
        g_error_free(e);
        return;
    }
    self->shown_id = id;
    gtk_label_set_text(self->heading, disc_name(d));
    dw_fact_grid_clear(self->facts);
    int row = 0;
    g_autofree char *kind = g_strdup_printf("%s%s%s", d->kind, d->profile ? ", " : "", d->profile ? d->profile : "");
    dw_fact_grid_add(self->facts, row++, _("Kind"), kind);
    if (d->performer)
        dw_fact_grid_add(self->facts, row++, _("Performer"), d->performer);
    if (d->label)
        dw_fact_grid_add(self->facts, row++, _("Label"), d->label);
    dw_fact_grid_add(self->facts, row++, _("Folder"), d->base);
    g_autofree char *ripped = date_text(d->ripped_at, TRUE);
    g_autofree char *rip = g_strdup_printf(_("%s on %s, %s %s (%s)"), ripped, d->station ? d->station : "?",
                                           d->drive_vendor ? d->drive_vendor : "", d->drive_model ? d->drive_model : "",
                                           d->source ? d->source : "");
    dw_fact_grid_add(self->facts, row++, _("Ripped"), rip);
    g_autofree char *result = g_strdup_printf(_("%s: %" G_GINT64_FORMAT " good, %" G_GINT64_FORMAT " bad sectors"),
                                              d->status, d->good, d->bad);
    dw_fact_grid_add(self->facts, row++, _("Result"), result);
    g_autofree char *ar = proof_text(d->accuraterip, d->ar_tracks, d->audio_tracks, d->ar_confidence);
    g_autofree char *ct = proof_text(d->ctdb, d->ctdb_tracks, d->audio_tracks, d->ctdb_confidence);
    dw_fact_grid_add(self->facts, row++, _("AccurateRip"), ar);
    dw_fact_grid_add(self->facts, row++, _("CTDB"), ct);
    dw_fact_grid_add(self->facts, row++, _("Test & copy"), d->test_copy);
    const char *ids[][2] = { { "CDDB", d->cddb_id }, { "AccurateRip id", d->accuraterip_id },
                             { "MusicBrainz", d->musicbrainz_id }, { "CTDB TOC id", d->ctdb_tocid },
                             { "Volume UUID", d->volume_uuid }, { "DVD id", d->dvd_id }, { "BD id", d->bd_id } };
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
        if (ids[i][1])
            dw_fact_grid_add(self->facts, row++, ids[i][0], ids[i][1]);
    if (d->dat_game) {
        g_autofree char *dat = g_strdup_printf("%s (%s)", d->dat_game, d->dat_name ? d->dat_name : "");
        dw_fact_grid_add(self->facts, row++, _("DAT"), dat);
    }
    dw_fact_grid_add(self->facts, row++, _("Fixity"), d->fixity);
    gtk_list_store_clear(self->files);
    for (guint i = 0; i < d->files->len; i++) {
        const dw_catalog_file *f = g_ptr_array_index(d->files, i);
        g_autofree char *when = date_text(f->last_checked, TRUE);
        g_autofree char *size = g_format_size((guint64)f->size);
        gtk_list_store_insert_with_values(self->files, NULL, -1, DW_LIB_FILE_STATUS, f->last_status,
                                          DW_LIB_FILE_CHECKED, when, DW_LIB_FILE_SIZE, size, DW_LIB_FILE_NAME, f->name,
                                          -1);
    }
    gtk_list_store_clear(self->history);
    g_autoptr(GPtrArray) h = dw_catalog_history(self->cat, id, &e);
    if (!h) {
        if (self->win)
            dw_window_show_error(self->win, _("Library: %s"), e->message);
        g_clear_error(&e);
    }
    /* Newest first: what a reader looks for is the last check. */
    for (guint i = h ? h->len : 0; i-- > 0;) {
        const dw_catalog_event *ev = g_ptr_array_index(h, i);
        g_autofree char *when = date_text(ev->at, TRUE);
        gtk_list_store_insert_with_values(self->history, NULL, -1, DW_LIB_EVENT_WHEN, when, DW_LIB_EVENT_WHAT,
                                          ev->what, DW_LIB_EVENT_FILE, ev->file ? ev->file : "", DW_LIB_EVENT_STATUS,
                                          ev->status ? ev->status : "", DW_LIB_EVENT_DETAIL,
                                          ev->detail ? ev->detail : "", -1);
    }
    gtk_widget_show(self->details);
}

static int64_t first_selected(DwViewLibrary *self)
{
    GtkTreeModel *m = NULL;
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->discs_view);
    GList *rows = gtk_tree_selection_get_selected_rows(sel, &m);
    int64_t id = 0;
    GtkTreeIter it;
    if (rows && gtk_tree_model_get_iter(m, &it, rows->data))
        gtk_tree_model_get(m, &it, DW_LIB_COL_ID, &id, -1);
    g_list_free_full(rows, (GDestroyNotify)gtk_tree_path_free);
    return id;
}

static void on_selection(GtkTreeSelection *sel, gpointer user)
{
    (void)sel;
    DwViewLibrary *self = user;
    int64_t id = first_selected(self);
    if (id != self->shown_id)
        show_details(self, id);
    update_sensitivity(self);
}

static GArray *selected_ids(DwViewLibrary *self)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GtkTreeModel *m = NULL;
    GList *rows = gtk_tree_selection_get_selected_rows(gtk_tree_view_get_selection(self->discs_view), &m);
    for (GList *l = rows; l; l = l->next) {
        GtkTreeIter it;
        int64_t id = 0;
        if (gtk_tree_model_get_iter(m, &it, l->data)) {
            gtk_tree_model_get(m, &it, DW_LIB_COL_ID, &id, -1);
            g_array_append_val(a, id);
        }
    }
    g_list_free_full(rows, (GDestroyNotify)gtk_tree_path_free);
    return a;
}

gboolean dw_view_library_select(DwViewLibrary *self, const int64_t *ids, int n)
{
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->discs_view);
    gtk_tree_selection_unselect_all(sel);
    GtkTreeModel *m = GTK_TREE_MODEL(self->discs);
    GtkTreeIter it;
    int found = 0;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        int64_t id = 0;
        gtk_tree_model_get(m, &it, DW_LIB_COL_ID, &id, -1);
        for (int i = 0; i < n || (n == 0 && i == 0); i++)
            if (n == 0 || ids[i] == id) {
                gtk_tree_selection_select_iter(sel, &it);
                found++;
                break;
            }
    }
    return n == 0 ? found > 0 : found == n;
}

void dw_view_library_refresh(DwViewLibrary *self)
{
    if (!self->cat)
        return;
    g_autoptr(GArray) keep = selected_ids(self);
    const char *text = gtk_entry_get_text(GTK_ENTRY(self->search_entry));
    dw_catalog_query q = { .text = text, .limit = 10000 };
    GError *e = NULL;
    g_autoptr(GPtrArray) list = dw_catalog_list(self->cat, &q, &e);
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->discs_view);
    g_signal_handlers_block_by_func(sel, on_selection, self);
    gtk_list_store_clear(self->discs);
    if (!list) {
        g_signal_handlers_unblock_by_func(sel, on_selection, self);
        show_empty(self, _("The Catalog Could Not Be Read"), e->message);
        g_error_free(e);
        clear_details(self);
        update_sensitivity(self);
        return;
    }
    for (guint i = 0; i < list->len; i++) {
        const dw_catalog_disc *d = g_ptr_array_index(list, i);
        g_autofree char *ids = disc_ids(d);
        g_autofree char *date = date_text(d->ripped_at, FALSE);
        gtk_list_store_insert_with_values(self->discs, NULL, -1, DW_LIB_COL_ID, (gint64)d->id, DW_LIB_COL_NAME,
                                          disc_name(d), DW_LIB_COL_KIND, d->kind, DW_LIB_COL_IDS, ids, DW_LIB_COL_DATE,
                                          date, DW_LIB_COL_STATUS, d->status, DW_LIB_COL_ACCURATERIP, d->accuraterip,
                                          DW_LIB_COL_FIXITY, d->fixity, DW_LIB_COL_BASE, d->base, -1);
    }
    dw_view_library_select(self, (const int64_t *)(void *)keep->data, (int)keep->len);
    if (keep->len == 0)
        gtk_tree_selection_unselect_all(sel);
    g_signal_handlers_unblock_by_func(sel, on_selection, self);
    if (list->len)
        gtk_stack_set_visible_child_name(self->list_stack, "discs");
    else if (*text) {
        g_autofree char *t = g_strdup_printf(_("No disc in the catalog matches “%s”."), text);
        show_empty(self, _("Nothing Found"), t);
    } else
        show_empty(self, _("No Discs Yet"),
                   _("Rip with “discwright rip --catalog”, run “discwright archive”, or add existing rips with "
                     "“discwright catalog add”."));
    int64_t first = first_selected(self);
    if (first)
        show_details(self, first);
    else
        clear_details(self);
    update_sensitivity(self);
}

static gboolean is_uri(const char *loc)
{
    return g_str_has_prefix(loc, "postgresql:") || g_str_has_prefix(loc, "postgres:");
}

gboolean dw_view_library_open(DwViewLibrary *self, const char *location)
{
    g_autofree char *setting = dw_gui_settings_get_string("catalog", "");
    g_autofree char *loc = location && *location ? g_strdup(location)
                           : *setting            ? g_strdup(setting)
                                                 : dw_catalog_default_location();
    self->tried = TRUE;
    g_clear_pointer(&self->cat, dw_catalog_free);
    g_free(self->location);
    self->location = g_strdup(loc);
    gtk_entry_set_text(self->location_entry, loc);
    dw_archive_panel_setup(self->archive, self->win, loc);
    gtk_list_store_clear(self->discs);
    clear_details(self);
    if (!is_uri(loc) && !g_file_test(loc, G_FILE_TEST_IS_REGULAR)) {
        g_autofree char *t = g_strdup_printf(_("Nothing has been recorded in %s yet. Rip with “discwright rip "
                                               "--catalog” or run “discwright archive” to fill it, or give the "
                                               "location of another catalog above."),
                                             loc);
        show_empty(self, _("No Catalog Here"), t);
        update_sensitivity(self);
        return FALSE;
    }
    GError *e = NULL;
    self->cat = dw_catalog_open(loc, &e);
    if (!self->cat) {
        show_empty(self, _("The Catalog Could Not Be Opened"), e->message);
        g_error_free(e);
        update_sensitivity(self);
        return FALSE;
    }
    dw_view_library_refresh(self);
    return TRUE;
}

const char *dw_view_library_get_location(DwViewLibrary *self)
{
    return self->location;
}

static void on_location(GtkEntry *entry, gpointer user)
{
    DwViewLibrary *self = user;
    g_autofree char *dflt = dw_catalog_default_location();
    const char *t = gtk_entry_get_text(entry);
    /* Remembered unless it is the default (which may move with XDG_DATA_HOME). */
    dw_gui_settings_set_string("catalog", g_strcmp0(t, dflt) ? t : "");
    dw_view_library_open(self, t);
}

static void on_search(GtkSearchEntry *entry, gpointer user)
{
    (void)entry;
    dw_view_library_refresh(user);
}

void dw_view_library_set_search(DwViewLibrary *self, const char *text)
{
    g_signal_handlers_block_by_func(self->search_entry, on_search, self);
    gtk_entry_set_text(GTK_ENTRY(self->search_entry), text ? text : "");
    g_signal_handlers_unblock_by_func(self->search_entry, on_search, self);
    dw_view_library_refresh(self);
}

/* ---- re-verify --------------------------------------------------------- */
static void on_finished(DwGuiJob *job, gpointer user)
{
    DwViewLibrary *self = user;
    reverify_call *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    update_sensitivity(self);
    /* What was checked before a stop is recorded: show it either way. */
    dw_view_library_refresh(self);
    if (e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED)) {
        g_autofree char *t = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                                         "Stopped after %" G_GINT64_FORMAT " file; the checks made "
                                                         "are recorded.",
                                                         "Stopped after %" G_GINT64_FORMAT " files; the checks made "
                                                         "are recorded.",
                                                         (gulong)c->files),
                                             c->files);
        dw_job_bar_finish(self->job_bar, DW_JOB_CANCELLED, t);
        return;
    }
    if (!dw_gui_job_succeeded(job)) {
        g_autofree char *t = g_strdup_printf(_("Could not verify: %s"), e ? e->message : _("unknown error"));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, t);
        return;
    }
    g_autofree char *files = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " file",
                                                         "%" G_GINT64_FORMAT " files", (gulong)c->files),
                                             c->files);
    g_autofree char *discs = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u disc", "%u discs", c->ids->len),
                                             c->ids->len);
    if (!c->problems->len) {
        g_autofree char *t = g_strdup_printf(_("All intact: %s of %s hash as recorded."), files, discs);
        dw_job_bar_finish(self->job_bar, c->files ? DW_JOB_DONE : DW_JOB_WARNING, t);
        return;
    }
    /* The first few by name (the disc list and history have the rest). */
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < c->problems->len && i < 5; i++)
        g_string_append_printf(list, "%s%s", i ? "; " : "", (const char *)g_ptr_array_index(c->problems, i));
    if (c->problems->len > 5)
        g_string_append_printf(list, _("; and %u more"), c->problems->len - 5);
    g_autofree char *t = g_strdup_printf(_("Problems found in %u of %s (%s): %s."), c->problems->len, files, discs,
                                         list->str);
    g_string_free(list, TRUE);
    dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, t);
}

gboolean dw_view_library_reverify(DwViewLibrary *self)
{
    if (!self->win || !self->cat || running(self))
        return FALSE;
    g_autoptr(GArray) ids = selected_ids(self);
    if (!ids->len) {
        dw_window_show_error(self->win, "%s", _("Library: select the discs to verify first."));
        return FALSE;
    }
    dw_window_hide_message(self->win);
    dw_job_bar_reset(self->job_bar);
    reverify_call *c = g_new0(reverify_call, 1);
    c->location = g_strdup(self->location);
    c->ids = g_array_ref(ids);
    c->problems = g_ptr_array_new_with_free_func(g_free);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    g_autofree char *title = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "Verify %u disc of the catalog",
                                                         "Verify %u discs of the catalog", ids->len),
                                             ids->len);
    self->job = dw_gui_job_new(title, run_reverify, c, reverify_call_free);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_job_bar_track(self->job_bar, self->job);
    dw_window_run_job(self->win, self->job);
    update_sensitivity(self);
    return TRUE;
}

void dw_view_library_cancel(DwViewLibrary *self)
{
    if (running(self))
        dw_gui_job_cancel(self->job);
}

static void on_cancel(DwJobBar *bar, gpointer user)
{
    (void)bar;
    dw_view_library_cancel(user);
}

static void on_verify_clicked(GtkButton *b, gpointer user)
{
    (void)b;
    dw_view_library_reverify(user);
}

static void on_map(GtkWidget *w, gpointer user)
{
    (void)w;
    DwViewLibrary *self = user;
    if (!self->tried)
        dw_view_library_open(self, NULL);
}

DwGuiJob *dw_view_library_get_job(DwViewLibrary *self) { return self->job; }
DwJobBar *dw_view_library_get_job_bar(DwViewLibrary *self) { return self->job_bar; }
GtkTreeModel *dw_view_library_get_discs(DwViewLibrary *self) { return GTK_TREE_MODEL(self->discs); }
GtkTreeModel *dw_view_library_get_files(DwViewLibrary *self) { return GTK_TREE_MODEL(self->files); }
GtkTreeModel *dw_view_library_get_history(DwViewLibrary *self) { return GTK_TREE_MODEL(self->history); }
GtkWidget *dw_view_library_get_verify_button(DwViewLibrary *self) { return GTK_WIDGET(self->verify_button); }
GtkEntry *dw_view_library_get_search_entry(DwViewLibrary *self) { return GTK_ENTRY(self->search_entry); }

DwArchivePanel *dw_view_library_get_archive_panel(DwViewLibrary *self) { return self->archive; }
GtkExpander *dw_view_library_get_archive_expander(DwViewLibrary *self) { return self->archive_expander; }

void dw_view_library_setup(DwViewLibrary *self, DwWindow *win)
{
    self->win = win;
    dw_archive_panel_setup(self->archive, win, self->location);
    update_sensitivity(self);
}

static void on_archive_expanded(GObject *expander, GParamSpec *ps, gpointer user)
{
    (void)ps;
    DwViewLibrary *self = user;
    gtk_widget_set_visible(GTK_WIDGET(self->archive), gtk_expander_get_expanded(GTK_EXPANDER(expander)));
}

/* A batch recorded discs: list them (the first one may have made the catalog). */
static void on_recorded(DwArchivePanel *panel, gpointer user)
{
    (void)panel;
    DwViewLibrary *self = user;
    if (self->cat)
        dw_view_library_refresh(self);
    else if (self->location)
        dw_view_library_open(self, self->location);
}

/* ---- building ------------------------------------------------------------ */
static GtkTreeView *table(GtkListStore *store, const char *name, const char *const *titles, const int *cols, int n,
                          int expand_col)
{
    GtkTreeView *v = GTK_TREE_VIEW(gtk_tree_view_new_with_model(GTK_TREE_MODEL(store)));
    for (int i = 0; i < n; i++) {
        GtkCellRenderer *r = gtk_cell_renderer_text_new();
        if (cols[i] == expand_col)
            g_object_set(r, "ellipsize", PANGO_ELLIPSIZE_MIDDLE, "width-chars", 16, NULL);
        GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(_(titles[i]), r, "text", cols[i], NULL);
        gtk_tree_view_column_set_resizable(c, TRUE);
        gtk_tree_view_column_set_expand(c, cols[i] == expand_col);
        gtk_tree_view_column_set_sort_column_id(c, cols[i]);
        gtk_tree_view_append_column(v, c);
    }
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(v)), name);
    return v;
}

static GtkWidget *scrolled(GtkWidget *child, int min_h)
{
    GtkWidget *s = gtk_scrolled_window_new(NULL, NULL);
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(s), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_shadow_type(GTK_SCROLLED_WINDOW(s), GTK_SHADOW_IN);
    gtk_scrolled_window_set_min_content_height(GTK_SCROLLED_WINDOW(s), min_h);
    gtk_container_add(GTK_CONTAINER(s), child);
    return s;
}

static void dispose(GObject *obj)
{
    DwViewLibrary *self = DW_VIEW_LIBRARY(obj);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    g_clear_pointer(&self->cat, dw_catalog_free);
    G_OBJECT_CLASS(dw_view_library_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwViewLibrary *self = DW_VIEW_LIBRARY(obj);
    g_free(self->location);
    g_clear_object(&self->discs);
    g_clear_object(&self->files);
    g_clear_object(&self->history);
    G_OBJECT_CLASS(dw_view_library_parent_class)->finalize(obj);
}

static void dw_view_library_init(DwViewLibrary *self)
{
    GtkBox *box = GTK_BOX(self);
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(box, 6);
    g_object_set(self, "margin", 12, NULL);

    GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *loc_label = gtk_label_new_with_mnemonic(_("C_atalog:"));
    self->location_entry = GTK_ENTRY(gtk_entry_new());
    gtk_widget_set_hexpand(GTK_WIDGET(self->location_entry), TRUE);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->location_entry),
                                _("An SQLite file or a postgresql:// URI; press Enter to open it"));
    gtk_label_set_mnemonic_widget(GTK_LABEL(loc_label), GTK_WIDGET(self->location_entry));
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->location_entry)), _("Catalog location"));
    self->search_entry = GTK_SEARCH_ENTRY(gtk_search_entry_new());
    gtk_entry_set_placeholder_text(GTK_ENTRY(self->search_entry), _("Search title, label, id or hash"));
    gtk_entry_set_width_chars(GTK_ENTRY(self->search_entry), 24);
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->search_entry)), _("Search the catalog"));
    gtk_box_pack_start(GTK_BOX(top), loc_label, FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(top), GTK_WIDGET(self->location_entry), TRUE, TRUE, 0);
    gtk_box_pack_start(GTK_BOX(top), GTK_WIDGET(self->search_entry), FALSE, FALSE, 0);
    gtk_box_pack_start(box, top, FALSE, FALSE, 0);

    self->discs = gtk_list_store_new(DW_LIB_N_COLS, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                     G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    static const char *const dtitles[] = { N_("Title or label"), N_("Kind"), N_("Ids"), N_("Ripped"),
                                           N_("Rip"), N_("AccurateRip"), N_("Fixity") };
    static const int dcols[] = { DW_LIB_COL_NAME, DW_LIB_COL_KIND, DW_LIB_COL_IDS, DW_LIB_COL_DATE,
                                 DW_LIB_COL_STATUS, DW_LIB_COL_ACCURATERIP, DW_LIB_COL_FIXITY };
    self->discs_view = table(self->discs, _("Discs"), dtitles, dcols, G_N_ELEMENTS(dcols), DW_LIB_COL_NAME);
    gtk_tree_view_set_tooltip_column(self->discs_view, DW_LIB_COL_BASE);
    GtkTreeSelection *sel = gtk_tree_view_get_selection(self->discs_view);
    gtk_tree_selection_set_mode(sel, GTK_SELECTION_MULTIPLE);
    g_signal_connect(sel, "changed", G_CALLBACK(on_selection), self);
    self->list_stack = GTK_STACK(gtk_stack_new());
    gtk_stack_add_named(self->list_stack, scrolled(GTK_WIDGET(self->discs_view), 120), "discs");
    self->empty_page = dw_status_page_new("drive-multidisk-symbolic", _("No Catalog Here"), "", NULL, NULL);
    gtk_stack_add_named(self->list_stack, self->empty_page, "empty");
    gtk_widget_set_vexpand(GTK_WIDGET(self->list_stack), TRUE);

    GtkWidget *actions = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    self->verify_button = GTK_BUTTON(gtk_button_new_with_mnemonic(_("Re-_verify Selected")));
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->verify_button),
                                _("Hash every file of the selected discs again and record the checks"));
    gtk_widget_set_valign(GTK_WIDGET(self->verify_button), GTK_ALIGN_CENTER);
    gtk_box_pack_end(GTK_BOX(actions), GTK_WIDGET(self->verify_button), FALSE, FALSE, 0);
    self->job_bar = g_object_new(DW_TYPE_JOB_BAR, NULL);
    gtk_widget_set_hexpand(GTK_WIDGET(self->job_bar), TRUE);
    gtk_box_pack_start(GTK_BOX(actions), GTK_WIDGET(self->job_bar), TRUE, TRUE, 0);
    dw_job_bar_set_names(self->job_bar, _("Cancel catalog verify"), _("Catalog verify progress"),
                         _("Catalog verify status"));
    dw_job_bar_set_cancel_tooltip(self->job_bar, _("Stop checking (Ctrl+.); the checks made are kept"));
    g_signal_connect(self->job_bar, "cancel", G_CALLBACK(on_cancel), self);
    g_signal_connect(self->verify_button, "clicked", G_CALLBACK(on_verify_clicked), self);

    /* Details: facts, then files and history side by side in a notebook. */
    GtkWidget *details = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    self->heading = GTK_LABEL(gtk_label_new(""));
    gtk_label_set_xalign(self->heading, 0);
    gtk_label_set_ellipsize(self->heading, PANGO_ELLIPSIZE_END);
    gtk_style_context_add_class(gtk_widget_get_style_context(GTK_WIDGET(self->heading)), "dw-heading");
    self->facts = GTK_GRID(gtk_grid_new());
    gtk_grid_set_column_spacing(self->facts, 12);
    gtk_grid_set_row_spacing(self->facts, 2);
    self->files = gtk_list_store_new(DW_LIB_FILE_N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    static const char *const ftitles[] = { N_("Last check"), N_("Checked"), N_("Size"), N_("File") };
    static const int fcols[] = { DW_LIB_FILE_STATUS, DW_LIB_FILE_CHECKED, DW_LIB_FILE_SIZE, DW_LIB_FILE_NAME };
    GtkTreeView *fv = table(self->files, _("Files"), ftitles, fcols, G_N_ELEMENTS(fcols), DW_LIB_FILE_NAME);
    self->history = gtk_list_store_new(DW_LIB_EVENT_N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                       G_TYPE_STRING, G_TYPE_STRING);
    static const char *const htitles[] = { N_("When"), N_("Event"), N_("File"), N_("Result"), N_("Details") };
    static const int hcols[] = { DW_LIB_EVENT_WHEN, DW_LIB_EVENT_WHAT, DW_LIB_EVENT_FILE, DW_LIB_EVENT_STATUS,
                                 DW_LIB_EVENT_DETAIL };
    GtkTreeView *hv = table(self->history, _("Fixity history"), htitles, hcols, G_N_ELEMENTS(hcols),
                            DW_LIB_EVENT_DETAIL);
    GtkWidget *nb = gtk_notebook_new();
    GtkWidget *facts_scroll = scrolled(GTK_WIDGET(self->facts), 80);
    gtk_notebook_append_page(GTK_NOTEBOOK(nb), facts_scroll, gtk_label_new_with_mnemonic(_("_Details")));
    gtk_notebook_append_page(GTK_NOTEBOOK(nb), scrolled(GTK_WIDGET(fv), 80), gtk_label_new_with_mnemonic(_("_Files")));
    gtk_notebook_append_page(GTK_NOTEBOOK(nb), scrolled(GTK_WIDGET(hv), 80),
                             gtk_label_new_with_mnemonic(_("_History")));
    gtk_widget_set_vexpand(nb, TRUE);
    gtk_box_pack_start(GTK_BOX(details), GTK_WIDGET(self->heading), FALSE, FALSE, 0);
    gtk_box_pack_start(GTK_BOX(details), nb, TRUE, TRUE, 0);
    self->details = details;

    GtkWidget *paned = gtk_paned_new(GTK_ORIENTATION_VERTICAL);
    gtk_paned_pack1(GTK_PANED(paned), GTK_WIDGET(self->list_stack), TRUE, FALSE);
    gtk_paned_pack2(GTK_PANED(paned), details, TRUE, FALSE);
    gtk_widget_set_vexpand(paned, TRUE);
    gtk_box_pack_start(box, paned, TRUE, TRUE, 0);
    gtk_box_pack_start(box, actions, FALSE, FALSE, 0);
    self->archive_expander = GTK_EXPANDER(gtk_expander_new_with_mnemonic(_("_Archive discs")));
    self->archive = g_object_new(DW_TYPE_ARCHIVE_PANEL, NULL);
    gtk_container_add(GTK_CONTAINER(self->archive_expander), GTK_WIDGET(self->archive));
    gtk_box_pack_start(box, GTK_WIDGET(self->archive_expander), FALSE, FALSE, 0);
    g_signal_connect(self->archive, "recorded", G_CALLBACK(on_recorded), self);
    g_signal_connect(self->archive_expander, "notify::expanded", G_CALLBACK(on_archive_expanded), self);
    gtk_widget_show_all(GTK_WIDGET(self));
    gtk_widget_hide(details);
    gtk_widget_set_no_show_all(details, TRUE);
    /* Hidden while folded: a folded expander's child stays mapped here. */
    gtk_widget_hide(GTK_WIDGET(self->archive));
    gtk_widget_set_no_show_all(GTK_WIDGET(self->archive), TRUE);
    dw_job_bar_reset(self->job_bar);
    gtk_stack_set_visible_child_name(self->list_stack, "empty");
    g_signal_connect(self, "map", G_CALLBACK(on_map), self);
    g_signal_connect(self->location_entry, "activate", G_CALLBACK(on_location), self);
    g_signal_connect(self->search_entry, "search-changed", G_CALLBACK(on_search), self);
}

static void dw_view_library_class_init(DwViewLibraryClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    g_type_ensure(DW_TYPE_JOB_BAR);
    g_type_ensure(DW_TYPE_ARCHIVE_PANEL);
}
