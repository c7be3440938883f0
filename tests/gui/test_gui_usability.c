/* test_gui_usability.c: the GUI tests of issue 16's usability pass, part
 * of tests/gui/test_gui (see test_gui.c):
 *   /gui/first-contact  the header bar's title and subtitle, the disc's
 *       own title, play time as m:ss, no writable-medium panel for a
 *       pressed disc, the tab order, the log collapsed without debug lines
 *       (they are in the saved log) and following its last line, the
 *       Jobs popover without the disc reads, rip defaults from CD-TEXT and
 *       no ISO for an audio CD, Author's placeholder, Remove, Delete and a
 *       boot path following its folder;
 *   /gui/layout  every view at the default size and at 800×600 (the
 *       Author boot options and the Rip databases unfolded): the
 *       window really is 800×600 and every control of every view lies in
 *       its view's scrolled area (or in the always-shown bars) and comes
 *       into sight when scrolled to; screenshots of both sizes;
 *   /gui/capacity  an oversized project says how much is over, colours
 *       the bar, refuses Burn… and still allows Write Image…; nearly full
 *       warns; Burn refuses a closed medium;
 *   /gui/exists  a rip over an earlier one and an image over a file offer
 *       Resume / Replace / Choose Another Name in the info bar, in the
 *       GUI's words, and Replace does replace; the save dialog confirms
 *       overwriting;
 *   /gui/cancel-jobs  Cancel in Author, Verify (through Ctrl+.'s action)
 *       and Burn (after its question) stops the job, unlocks the form and
 *       leaves no file and no text claiming completeness;
 *   /gui/verify-clear  a new verify clears the last results even when it
 *       cannot start; checks that do not apply are named;
 *   /gui/plurals  counted words in the summaries, statuses and findings.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gui/gui.h"
#include "tests/gui/test_gui.h"

static gboolean settle_done(gpointer p)
{
    return g_get_monotonic_time() > *(gint64 *)p;
}

static void pump(int ms)
{
    gint64 until = g_get_monotonic_time() + ms * 1000;
    wait_for(settle_done, &until);
}

/* A sparse file of size bytes (no disk space used). */
static void sparse_file(const char *path, goffset size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ftruncate(fd, size), ==, 0);
    g_assert_cmpint(close(fd), ==, 0);
}

static int count_files(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (d && g_dir_read_name(d))
        n++;
    return n;
}

/* The button labelled label (mnemonics ignored) under w, or NULL. */
static GtkWidget *find_button(GtkWidget *w, const char *label)
{
    if (GTK_IS_BUTTON(w) && gtk_widget_get_visible(w)) {
        const char *l = gtk_button_get_label(GTK_BUTTON(w));
        if (l) {
            g_autofree char *plain = g_strdup(l);
            char *o = plain;
            for (const char *c = l; *c; c++)
                if (*c != '_')
                    *o++ = *c;
            *o = '\0';
            if (g_str_equal(plain, label))
                return w;
        }
    }
    if (!GTK_IS_CONTAINER(w))
        return NULL;
    GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
    GtkWidget *found = NULL;
    for (GList *l = kids; l && !found; l = l->next)
        found = find_button(l->data, label);
    g_list_free(kids);
    return found;
}

static const char *info_text(void)
{
    GtkWidget *l = gtk_test_find_label(GTK_WIDGET(dw_window_get_info_bar(win)), "*");
    return l ? gtk_label_get_text(GTK_LABEL(l)) : "";
}

static GtkWidget *info_button(const char *label)
{
    return find_button(gtk_info_bar_get_action_area(dw_window_get_info_bar(win)), label);
}

static GtkWidget *find_dialog(GType type)
{
    GtkWidget *found = NULL;
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l; l = l->next)
        if (G_TYPE_CHECK_INSTANCE_TYPE(l->data, type) && gtk_widget_get_visible(l->data))
            found = l->data;
    g_list_free(tops);
    return found;
}

/* ---- first contact ------------------------------------------------------ */

static gboolean log_at_end(gpointer p)
{
    GtkAdjustment *a = gtk_scrollable_get_vadjustment(GTK_SCROLLABLE(dw_window_get_log_view(win)));
    return gtk_adjustment_get_upper(a) > gtk_adjustment_get_page_size(a) &&
           gtk_adjustment_get_value(a) + gtk_adjustment_get_page_size(a) >= gtk_adjustment_get_upper(a) - 1;
}

static char *album_title(void)
{
    GtkTreeModel *m = dw_view_disc_get_cdtext(dw_window_get_view_disc(win));
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *field = NULL, *track = NULL;
        char *text = NULL;
        gtk_tree_model_get(m, &it, DW_CDTEXT_COL_FIELD, &field, DW_CDTEXT_COL_TRACK, &track, DW_CDTEXT_COL_TEXT,
                           &text, -1);
        if (g_str_equal(field, "TITLE") && g_str_equal(track, "disc"))
            return text;
        g_free(text);
    }
    return NULL;
}

void test_first_contact(void)
{
    app_up();
    DwViewDisc *dv = dw_window_get_view_disc(win);
    /* The header bar has a title; its subtitle and the view's heading are the disc's CD-TEXT title. */
    GtkHeaderBar *hb = dw_window_get_header_bar(win);
    g_assert_cmpstr(gtk_header_bar_get_title(hb), ==, "Discwright");
    g_autofree char *album = album_title();
    g_assert_nonnull(album);
    g_assert_cmpstr(gtk_header_bar_get_subtitle(hb), ==, album);
    g_assert_cmpstr(dw_view_disc_get_title(dv), ==, album);
    /* Play time as m:ss, not MM:SS:FF. */
    int frames = dw_window_get_disc(win)->total_sectors;
    g_autofree char *pt = g_strdup_printf("%d:%02d play time*", frames / 75 / 60, frames / 75 % 60);
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(dv), pt));
    /* A pressed CD: no writable-medium panel, no "Free space 0 bytes". */
    g_assert_false(dw_view_disc_media_shown(dv));
    /* Tab goes to the tracks table first, not through the facts. */
    dw_window_show_view(win, "disc");
    gtk_widget_grab_focus(GTK_WIDGET(dw_window_get_stack(win)));
    gtk_window_set_focus(GTK_WINDOW(win), NULL);
    g_assert_true(gtk_widget_child_focus(GTK_WIDGET(dv), GTK_DIR_TAB_FORWARD));
    GtkWidget *focus = gtk_window_get_focus(GTK_WINDOW(win));
    g_assert_nonnull(focus);
    g_assert_true(GTK_IS_TREE_VIEW(focus));
    g_assert_cmpstr(atk_object_get_name(gtk_widget_get_accessible(focus)), ==, "Tracks");

    /* The log: collapsed; debug lines only in the saved log; it follows its last line. */
    GtkExpander *ex = dw_window_get_log_expander(win);
    g_assert_false(gtk_expander_get_expanded(ex));
    g_autofree char *pane = dw_window_get_log_pane_text(win);
    g_autofree char *all = dw_window_get_log_text(win);
    g_assert_null(strstr(pane, " debug "));
    g_assert_nonnull(strstr(all, " debug "));
    for (int i = 0; i < 30; i++) {
        g_autofree char *line = g_strdup_printf("early line %d", i);
        dw_window_log(win, DW_LOG_INFO, line);
    }
    gtk_expander_set_expanded(ex, TRUE);
    g_assert_true(wait_for(log_at_end, NULL));   /* opened at its last line */
    for (int i = 0; i < 60; i++) {
        g_autofree char *line = g_strdup_printf("line %d of a long log", i);
        dw_window_log(win, DW_LOG_INFO, line);
    }
    g_assert_true(wait_for(log_at_end, NULL));
    /* Scrolled up with the wheel to read, it stays there while lines arrive. */
    GtkWidget *scroller = gtk_widget_get_ancestor(GTK_WIDGET(dw_window_get_log_view(win)), GTK_TYPE_SCROLLED_WINDOW);
    for (int i = 0; i < 6; i++) {
        GdkEvent *ev = gdk_event_new(GDK_SCROLL);
        ev->scroll.window = g_object_ref(gtk_widget_get_window(scroller));
        ev->scroll.direction = GDK_SCROLL_UP;
        ev->scroll.time = GDK_CURRENT_TIME;
        gdk_event_set_device(ev, gdk_seat_get_pointer(gdk_display_get_default_seat(gdk_display_get_default())));
        gtk_widget_event(scroller, ev);
        gdk_event_free(ev);
        pump(20);
    }
    pump(400);   /* the wheel's scroll is animated */
    g_assert_false(log_at_end(NULL));
    for (int i = 0; i < 5; i++)
        dw_window_log(win, DW_LOG_INFO, "more lines while the reader reads");
    pump(300);
    g_assert_false(log_at_end(NULL));   /* not pulled back to the end */
    gtk_expander_set_expanded(ex, FALSE);

    /* The Jobs popover lists the jobs started in views, not the disc reads; Clear empties it of finished ones. */
    DwJobsList *jl = dw_window_get_jobs_list(win);
    guint listed = dw_jobs_list_count(jl);
    DwGuiJob *probe = dw_window_get_probe_job(win);
    dw_window_reread(win);
    g_assert_true(dw_window_get_probe_job(win) != probe);
    g_assert_true(wait_for(disc_read, NULL));
    g_assert_cmpuint(dw_jobs_list_count(jl), ==, listed);
    dw_jobs_list_clear_finished(jl);
    g_assert_cmpuint(dw_jobs_list_count(jl), ==, 0);

    /* Rip: named after the disc, no ISO for an audio CD, and it says what else a rip keeps. */
    DwViewRip *rv = dw_window_get_view_rip(win);
    g_autofree char *rip_title = g_strdup_printf("Rip “%s”", album);
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(rv), rip_title));
    GtkWidget *iso = find_button(GTK_WIDGET(rv), "ISO");
    g_assert_null(iso);   /* not offered (hidden) */
    g_assert_nonnull(find_button(GTK_WIDGET(rv), "BIN/CUE"));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(rv), "*(.map)*Resume*"));

    /* Author: a placeholder while empty; Remove follows the selection; Delete removes; boot paths follow. */
    DwViewAuthor *av = dw_window_get_view_author(win);
    GtkTreeModel *pm = dw_view_author_get_project(av);
    gtk_list_store_clear(GTK_LIST_STORE(pm));
    dw_window_show_view(win, "author");
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(av), "An Empty Project"));
    GtkWidget *files = GTK_WIDGET(dw_view_author_get_files_view(av));
    g_assert_false(gtk_widget_get_mapped(files));
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-first-XXXXXX", NULL);
    make_project_tree(tmp, 10, 100, "note\n");
    g_autofree char *tree = g_build_filename(tmp, "tree", NULL);
    g_autofree char *note = g_build_filename(tmp, "notes.txt", NULL);
    dw_view_author_add(av, tree, "/tree");
    dw_view_author_add(av, note, "/notes.txt");
    pump(50);
    g_assert_true(gtk_widget_get_mapped(files));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-write"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-remove"));
    /* The boot image under /tree follows when /tree is moved to /boot (edited in place). */
    dw_view_author_set_boot(av, "/tree/sub/b.bin", DW_AUTHOR_EFI_TREE, "/tree/a.txt", NULL, TRUE, FALSE);
    GtkTreeViewColumn *col = gtk_tree_view_get_column(GTK_TREE_VIEW(files), 0);
    GList *cells = gtk_cell_layout_get_cells(GTK_CELL_LAYOUT(col));
    g_assert_nonnull(cells);
    g_signal_emit_by_name(cells->data, "edited", "0", "/boot");
    g_list_free(cells);
    g_autofree char *b_bin = g_build_filename(tree, "sub", "b.bin", NULL);
    g_autofree char *moved = dw_view_author_image_path(av, b_bin);
    g_assert_cmpstr(moved, ==, "/boot/sub/b.bin");
    g_autofree char *desc = dw_view_author_describe(av);
    g_assert_nonnull(strstr(desc, "bootable"));
    DwAuthorProject *snap = dw_view_author_snapshot(av);
    g_assert_nonnull(snap);
    const dw_author_options *o = dw_author_project_get_options(snap);
    g_assert_cmpuint(o->n_boot, ==, 2);
    g_assert_cmpstr(o->boot[0].image, ==, "/boot/sub/b.bin");
    g_assert_cmpstr(o->boot[1].image, ==, "/boot/a.txt");
    dw_author_project_free(snap);
    dw_view_author_set_boot(av, NULL, DW_AUTHOR_EFI_NONE, NULL, NULL, TRUE, FALSE);
    /* Select the second row: Remove is enabled; Delete removes it. */
    GtkTreeSelection *sel = gtk_tree_view_get_selection(GTK_TREE_VIEW(files));
    GtkTreePath *second = gtk_tree_path_new_from_indices(1, -1);
    gtk_tree_selection_select_path(sel, second);
    gtk_tree_path_free(second);
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-remove"));
    gtk_widget_grab_focus(files);
    /* The key event straight to the table (X focus under Xvfb without a window manager is not ours to count on). */
    GdkEvent *key = gdk_event_new(GDK_KEY_PRESS);
    key->key.window = g_object_ref(gtk_widget_get_window(files));
    key->key.keyval = GDK_KEY_Delete;
    key->key.time = GDK_CURRENT_TIME;
    gdk_event_set_device(key, gdk_seat_get_keyboard(gdk_display_get_default_seat(gdk_display_get_default())));
    gtk_widget_event(files, key);
    gdk_event_free(key);
    pump(50);
    g_assert_cmpint(gtk_tree_model_iter_n_children(pm, NULL), ==, 1);
    g_assert_true(model_has(pm, 0, "/boot"));
    gtk_list_store_clear(GTK_LIST_STORE(pm));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-write"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    /* Write Image… on an empty project says why before any dialog. */
    dw_view_author_ask_write(av);
    g_assert_null(find_dialog(GTK_TYPE_FILE_CHOOSER_DIALOG));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_assert_nonnull(strstr(info_text(), "add files"));
    dw_window_hide_message(win);
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
    g_assert_cmpint(system(cmd), ==, 0);
}

/* ---- 800×600 ------------------------------------------------------------ */

static gboolean is_control(GtkWidget *w)
{
    return GTK_IS_BUTTON(w) || GTK_IS_ENTRY(w) || GTK_IS_COMBO_BOX(w) || GTK_IS_TREE_VIEW(w) ||
           GTK_IS_EXPANDER(w) || GTK_IS_FILE_CHOOSER_BUTTON(w) || GTK_IS_LEVEL_BAR(w) || GTK_IS_PROGRESS_BAR(w) ||
           DW_IS_SECTOR_MAP(w);
}

/* The controls shown (mapped) under w; a table counts as its scrolled window. */
static void collect_controls(GtkWidget *w, GPtrArray *out)
{
    if (!gtk_widget_get_mapped(w))
        return;
    if (is_control(w)) {
        GtkWidget *p = gtk_widget_get_parent(w);
        g_ptr_array_add(out, GTK_IS_TREE_VIEW(w) && GTK_IS_SCROLLED_WINDOW(p) ? p : w);
        if (!GTK_IS_EXPANDER(w))
            return;   /* an expander's contents are controls too */
    }
    if (!GTK_IS_CONTAINER(w))
        return;
    GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
    for (GList *l = kids; l; l = l->next)
        collect_controls(l->data, out);
    g_list_free(kids);
}

/* The outermost scrolled window between w and the view, or NULL. */
static GtkScrolledWindow *view_scroller(GtkWidget *w, GtkWidget *view)
{
    GtkScrolledWindow *found = NULL;
    for (GtkWidget *p = gtk_widget_get_parent(w); p && p != view; p = gtk_widget_get_parent(p))
        if (GTK_IS_SCROLLED_WINDOW(p))
            found = GTK_SCROLLED_WINDOW(p);
    return found;
}

static const char *control_name(GtkWidget *w)
{
    const char *n = atk_object_get_name(gtk_widget_get_accessible(w));
    if (n && *n)
        return n;
    if (GTK_IS_BUTTON(w) && gtk_button_get_label(GTK_BUTTON(w)))
        return gtk_button_get_label(GTK_BUTTON(w));
    return G_OBJECT_TYPE_NAME(w);
}

/* Every control of view is in the window or in the view's scrolled area,
 * and comes into sight when scrolled to; forms need no sideways scrolling. */
/* Every control of the view has been laid out (a loaded machine may take a while). */
static gboolean laid_out(gpointer view)
{
    GPtrArray *controls = g_ptr_array_new();
    collect_controls(view, controls);
    gboolean all = controls->len > 0;
    for (guint i = 0; all && i < controls->len; i++)
        all = gtk_widget_get_allocated_width(controls->pdata[i]) > 1 &&
              gtk_widget_get_allocated_height(controls->pdata[i]) > 1;
    g_ptr_array_unref(controls);
    return all;
}

static int check_reachable(const char *name, GtkWidget *view, int win_w, int win_h)
{
    gint64 guard = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
    while (!laid_out(view) && g_get_monotonic_time() < guard) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(2000);
    }
    gtk_test_widget_wait_for_draw(GTK_WIDGET(win));
    GPtrArray *controls = g_ptr_array_new();
    collect_controls(view, controls);
    g_assert_cmpuint(controls->len, >, 0);
    for (guint i = 0; i < controls->len; i++) {
        GtkWidget *c = controls->pdata[i];
        int cw = gtk_widget_get_allocated_width(c), ch = gtk_widget_get_allocated_height(c);
        const char *cn = control_name(c);
        if (cw <= 1 || ch <= 1)
            g_error("%s view: control “%s” has no room (%d×%d)", name, cn, cw, ch);
        int min_w = 0;
        gtk_widget_get_preferred_width(c, &min_w, NULL);
        if (cw < min_w)
            g_error("%s view: control “%s” is squeezed below its minimum width (%d < %d)", name, cn, cw, min_w);
        GtkScrolledWindow *sw = view_scroller(c, view);
        if (!sw) {
            int x = 0, y = 0;
            g_assert_true(gtk_widget_translate_coordinates(c, GTK_WIDGET(win), 0, 0, &x, &y));
            if (x < 0 || y < 0 || x + cw > win_w || y + ch > win_h)
                g_error("%s view: control “%s” at %d,%d %d×%d is outside the %d×%d window", name, cn, x, y, cw, ch,
                        win_w, win_h);
            continue;
        }
        /* In the scrolled area: scroll to it, then it is in sight. */
        GtkAdjustment *va = gtk_scrolled_window_get_vadjustment(sw), *ha = gtk_scrolled_window_get_hadjustment(sw);
        GtkWidget *content = gtk_bin_get_child(GTK_BIN(sw));
        if (GTK_IS_VIEWPORT(content))
            content = gtk_bin_get_child(GTK_BIN(content));
        int x = 0, y = 0;
        g_assert_true(gtk_widget_translate_coordinates(c, content, 0, 0, &x, &y));
        int sw_w = gtk_widget_get_allocated_width(GTK_WIDGET(sw)), sw_h = gtk_widget_get_allocated_height(GTK_WIDGET(sw));
        if (x < 0 || y < 0 || x + cw > gtk_widget_get_allocated_width(content) ||
            y + ch > gtk_widget_get_allocated_height(content))
            g_error("%s view: control “%s” lies outside its scrolled area", name, cn);
        gtk_adjustment_set_value(va, MIN((double)y, gtk_adjustment_get_upper(va) - gtk_adjustment_get_page_size(va)));
        gtk_adjustment_set_value(ha, MIN((double)x, gtk_adjustment_get_upper(ha) - gtk_adjustment_get_page_size(ha)));
        pump(20);
        int sx = 0, sy = 0;
        g_assert_true(gtk_widget_translate_coordinates(c, GTK_WIDGET(sw), 0, 0, &sx, &sy));
        if (sx < -1 || sy < -1 || sx + MIN(cw, sw_w) > sw_w + 1 || sy + MIN(ch, sw_h) > sw_h + 1)
            g_error("%s view: control “%s” is not in sight when scrolled to (%d,%d in %d×%d)", name, cn, sx, sy,
                    sw_w, sw_h);
    }
    /* The scrolled areas themselves: in the window, tall enough to use, and no sideways scrolling of forms. */
    GPtrArray *seen = g_ptr_array_new();
    for (guint i = 0; i < controls->len; i++) {
        GtkScrolledWindow *sw = view_scroller(controls->pdata[i], view);
        if (!sw || g_ptr_array_find(seen, sw, NULL))
            continue;
        g_ptr_array_add(seen, sw);
        int x = 0, y = 0;
        g_assert_true(gtk_widget_translate_coordinates(GTK_WIDGET(sw), GTK_WIDGET(win), 0, 0, &x, &y));
        int w = gtk_widget_get_allocated_width(GTK_WIDGET(sw)), h = gtk_widget_get_allocated_height(GTK_WIDGET(sw));
        if (x < 0 || y < 0 || x + w > win_w || y + h > win_h || h < 120)
            g_error("%s view: its scrolled area %d,%d %d×%d does not fit the %d×%d window usefully", name, x, y, w,
                    h, win_w, win_h);
        GtkAdjustment *ha = gtk_scrolled_window_get_hadjustment(sw);
        if (gtk_adjustment_get_upper(ha) > gtk_adjustment_get_page_size(ha) + 1)
            g_error("%s view: the form needs sideways scrolling at %d px (%.0f > %.0f)", name, win_w,
                    gtk_adjustment_get_upper(ha), gtk_adjustment_get_page_size(ha));
        gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(sw), 0);
        gtk_adjustment_set_value(ha, 0);
    }
    int n = (int)controls->len;
    g_ptr_array_unref(seen);
    g_ptr_array_unref(controls);
    return n;
}

typedef struct {
    int w, h;
} size_want;

/* The window as a person sees it (the toplevel with its header bar and borders) is w×h. */
static gboolean window_is(gpointer p)
{
    size_want *s = p;
    return gtk_widget_get_allocated_width(GTK_WIDGET(win)) == s->w &&
           gtk_widget_get_allocated_height(GTK_WIDGET(win)) == s->h;
}

/* Resize the whole window to w×h (a short guard: a window that cannot shrink never gets there). */
static gboolean resize_to(int w, int h)
{
    size_want s = { w, h };
    int cw = 0, ch = 0;
    gtk_window_get_size(GTK_WINDOW(win), &cw, &ch);
    int extra_w = gtk_widget_get_allocated_width(GTK_WIDGET(win)) - cw;
    int extra_h = gtk_widget_get_allocated_height(GTK_WIDGET(win)) - ch;
    gtk_window_resize(GTK_WINDOW(win), w - extra_w, h - extra_h);
    gint64 guard = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    while (!window_is(&s) && g_get_monotonic_time() < guard) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(2000);
    }
    pump(200);
    if (!window_is(&s))
        g_test_message("asked for %d×%d, the window is %d×%d", w, h, gtk_widget_get_allocated_width(GTK_WIDGET(win)),
                       gtk_widget_get_allocated_height(GTK_WIDGET(win)));
    return window_is(&s);
}

static GtkWidget *view_widget(const char *name)
{
    return gtk_stack_get_child_by_name(dw_window_get_stack(win), name);
}

void test_layout(void)
{
    app_up();
    static const char *const views[] = { "disc", "rip", "author", "burn", "verify", "library" };
    /* A project, with the boot options unfolded: every Author control counts. */
    DwViewAuthor *av = dw_window_get_view_author(win);
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-layout-XXXXXX", NULL);
    make_project_tree(tmp, 10, 100, "note\n");
    g_autofree char *tree = g_build_filename(tmp, "tree", NULL);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    dw_view_author_add(av, tree, NULL);
    dw_view_author_set_options(av, "LAYOUT", 2);
    gtk_expander_set_expanded(dw_view_author_get_boot_expander(av), TRUE);
    /* The rip's databases and album information unfolded too. */
    GtkExpander *rip_db = dw_view_rip_get_db_expander(dw_window_get_view_rip(win));
    gtk_expander_set_expanded(rip_db, TRUE);
    /* The default size, as the window opened. */
    int def_w = gtk_widget_get_allocated_width(GTK_WIDGET(win)), def_h = gtk_widget_get_allocated_height(GTK_WIDGET(win));
    for (size_t i = 0; i < G_N_ELEMENTS(views); i++) {
        dw_window_show_view(win, views[i]);
        pump(100);
        int n = check_reachable(views[i], view_widget(views[i]), def_w, def_h);
        g_test_message("%s view at %d×%d: %d controls in reach", views[i], def_w, def_h, n);
    }
    dw_window_show_view(win, "author");
    screenshot("author-boot-open");
    /* 800×600: the window gets there, and every control is still in reach. */
    if (g_getenv("DW_GUI_DEBUG_SIZES")) {
        GtkWidget *ws[] = { GTK_WIDGET(dw_window_get_drive_list(win)), GTK_WIDGET(dw_window_get_stack(win)),
                            GTK_WIDGET(dw_window_get_header_bar(win)), view_widget("disc"), view_widget("rip"),
                            view_widget("author"), view_widget("burn"), view_widget("verify"),
                            gtk_widget_get_parent(GTK_WIDGET(dw_window_get_stack(win))) };
        for (size_t i = 0; i < G_N_ELEMENTS(ws); i++) {
            int mn = 0, nat = 0;
            gtk_widget_get_preferred_width(ws[i], &mn, &nat);
            g_test_message("min width %s: %d (natural %d)", G_OBJECT_TYPE_NAME(ws[i]), mn, nat);
        }
    }
    if (g_getenv("DW_GUI_DEBUG_SIZES")) {
        resize_to(300, 200);
        g_test_message("smallest window: %d×%d", gtk_widget_get_allocated_width(GTK_WIDGET(win)),
                       gtk_widget_get_allocated_height(GTK_WIDGET(win)));
    }
    if (!resize_to(800, 600))
        g_error("the window cannot be made 800×600: it stays %d×%d", gtk_widget_get_allocated_width(GTK_WIDGET(win)),
                gtk_widget_get_allocated_height(GTK_WIDGET(win)));
    for (size_t i = 0; i < G_N_ELEMENTS(views); i++) {
        dw_window_show_view(win, views[i]);
        pump(100);
        int n = check_reachable(views[i], view_widget(views[i]), 800, 600);
        g_test_message("%s view at 800×600: %d controls in reach", views[i], n);
        g_autofree char *shot = g_strdup_printf("%s-800", views[i]);
        screenshot(shot);
    }
    dw_window_show_view(win, "jobs");
    screenshot("jobs-800");
    GtkWidget *pop = gtk_widget_get_ancestor(GTK_WIDGET(dw_window_get_jobs_list(win)), GTK_TYPE_POPOVER);
    gtk_popover_popdown(GTK_POPOVER(pop));
    gtk_expander_set_expanded(dw_view_author_get_boot_expander(av), FALSE);
    gtk_expander_set_expanded(rip_db, FALSE);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    g_assert_true(resize_to(def_w, def_h));
    dw_window_show_view(win, "disc");
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
    g_assert_cmpint(system(cmd), ==, 0);
}

/* ---- capacity ----------------------------------------------------------- */

/* s with GLib's no-break spaces (g_format_size: "737.3 MB") as plain ones (g_free). */
static char *plain(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *c = s; *c; c++) {
        if ((guchar)c[0] == 0xc2 && (guchar)c[1] == 0xa0) {
            g_string_append_c(o, ' ');
            c++;
        } else {
            g_string_append_c(o, *c);
        }
    }
    return g_string_free(o, FALSE);
}

/* The widget under w with this accessible name, or NULL. */
static GtkWidget *find_named(GtkWidget *w, const char *name)
{
    if (g_strcmp0(atk_object_get_name(gtk_widget_get_accessible(w)), name) == 0)
        return w;
    if (!GTK_IS_CONTAINER(w))
        return NULL;
    GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
    GtkWidget *found = NULL;
    for (GList *l = kids; l && !found; l = l->next)
        found = find_named(l->data, name);
    g_list_free(kids);
    return found;
}

static gboolean has_class(GtkWidget *w, const char *cls)
{
    return gtk_style_context_has_class(gtk_widget_get_style_context(w), cls);
}

void test_capacity(void)
{
    app_up();
    DwViewAuthor *av = dw_window_get_view_author(win);
    GtkComboBox *mc = dw_view_author_get_medium_combo(av);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    dw_window_show_view(win, "author");
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-cap-XXXXXX", NULL);
    g_autofree char *big = g_build_filename(tmp, "big.bin", NULL);
    sparse_file(big, (goffset)1300 * 1000 * 1000);   /* 1.3 GB: more than a CD holds */
    gtk_combo_box_set_active(mc, 0);
    /* The medium's label and the text use the same size. */
    g_autofree char *cd_raw = gtk_combo_box_text_get_active_text(GTK_COMBO_BOX_TEXT(mc));
    g_autofree char *cd = plain(cd_raw);
    g_assert_nonnull(strstr(cd, "737.3 MB"));
    dw_view_author_add(av, big, "/big.bin");
    g_autofree char *t = plain(dw_view_author_get_capacity_text(av));
    g_test_message("capacity: %s", t);
    g_assert_nonnull(strstr(t, "1.3 GB of 737.3 MB"));
    g_assert_nonnull(strstr(t, "too much for a CD"));
    g_assert_false(dw_view_author_fits(av));
    GtkWidget *label = gtk_test_find_label(GTK_WIDGET(av), "*too much*");
    g_assert_nonnull(label);
    g_assert_true(gtk_widget_get_mapped(label));   /* shown, not only a tooltip */
    g_assert_true(has_class(label, "dw-over"));
    GtkWidget *bar = find_named(GTK_WIDGET(av), "Capacity used");
    g_assert_true(GTK_IS_LEVEL_BAR(bar));
    g_assert_true(has_class(bar, "dw-over"));
    /* Burn… refuses a medium it cannot fit; Write Image… may still write it. */
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-write"));
    screenshot("author-over");
    /* On a DVD it fits; a 700 MB project on a CD is nearly full (warned, burnable). */
    gtk_combo_box_set_active(mc, 1);
    g_assert_true(dw_view_author_fits(av));
    g_assert_null(strstr(dw_view_author_get_capacity_text(av), "too much"));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    sparse_file(big, (goffset)700 * 1000 * 1000);
    gtk_combo_box_set_active(mc, 0);
    dw_view_author_add(av, big, "/big.bin");
    g_assert_nonnull(strstr(dw_view_author_get_capacity_text(av), "nearly full"));
    label = gtk_test_find_label(GTK_WIDGET(av), "*nearly full*");
    g_assert_true(has_class(label, "dw-warning"));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    g_unlink(big);
    g_rmdir(tmp);

    /* Burn: the pressed disc in the drive cannot be written, so Burn is refused for it. */
    DwViewBurn *bv = dw_window_get_view_burn(win);
    dw_window_show_view(win, "burn");
    dw_view_burn_set_target(bv, NULL, "/dev/sr0", TRUE);
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(bv), "Medium: *closed*nothing more*"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
    GtkWidget *form = gtk_widget_get_parent(GTK_WIDGET(dw_view_burn_get_drive_combo(bv)));
    gtk_test_widget_wait_for_draw(GTK_WIDGET(win));
    int before = gtk_widget_get_allocated_height(form);
    dw_view_burn_set_target(bv, NULL, "stdio:/tmp/dw-gui-never-written.iso", TRUE);
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
    gtk_widget_queue_resize(form);
    gtk_test_widget_wait_for_draw(GTK_WIDGET(win));
    g_assert_cmpint(gtk_widget_get_allocated_height(form), ==, before);   /* typing a file does not move the form */
    /* No jargon in the view's own words. */
    g_assert_null(gtk_test_find_label(GTK_WIDGET(bv), "*stdio:PATH*"));
    g_assert_null(gtk_test_find_label(GTK_WIDGET(bv), "*LBA*"));
    dw_view_burn_set_target(bv, NULL, "", TRUE);
}

/* ---- existing outputs --------------------------------------------------- */

static gboolean rip_finished(gpointer p)
{
    DwGuiJob *j = dw_view_rip_get_job(dw_window_get_view_rip(win));
    return j && j != p && !dw_gui_job_is_running(j);
}

static void assert_gui_words(const char *text)
{
    if (strstr(text, "--"))
        g_error("the info bar speaks command line: %s", text);
}

void test_exists(void)
{
    app_up();
    const char *out_dir = g_getenv("DW_GUI_OUT");
    const char *sample = g_getenv("DW_GUI_SAMPLE");
    g_assert_nonnull(out_dir);
    /* A rip under the name of the earlier one (/gui/rip): no job, the question in the info bar. */
    DwViewRip *rv = dw_window_get_view_rip(win);
    dw_window_show_view(win, "rip");
    dw_view_rip_set_output(rv, out_dir, sample);
    dw_view_rip_set_formats(rv, DW_RIP_ALL);
    DwGuiJob *before = dw_view_rip_get_job(rv);
    g_action_group_activate_action(G_ACTION_GROUP(win), "rip", NULL);
    g_assert_true(dw_view_rip_get_job(rv) == before);
    GtkInfoBar *bar = dw_window_get_info_bar(win);
    g_assert_true(gtk_info_bar_get_revealed(bar));
    g_assert_cmpint(gtk_info_bar_get_message_type(bar), ==, GTK_MESSAGE_QUESTION);
    g_test_message("rip exists: %s", info_text());
    assert_gui_words(info_text());
    g_assert_nonnull(strstr(info_text(), "Resume"));
    g_assert_nonnull(info_button("Resume"));
    g_assert_nonnull(info_button("Replace"));
    GtkWidget *rename = info_button("Choose Another Name");
    g_assert_nonnull(rename);
    screenshot("rip-exists");
    /* Choose Another Name: a free name in the entry, nothing started. */
    gtk_button_clicked(GTK_BUTTON(rename));
    pump(50);
    g_assert_false(gtk_info_bar_get_revealed(bar));
    g_assert_true(dw_view_rip_get_job(rv) == before);
    g_autofree char *renamed = g_strdup_printf("%s (2)", sample);
    GtkWidget *entry = gtk_window_get_focus(GTK_WINDOW(win));
    g_assert_true(GTK_IS_ENTRY(entry));
    g_assert_cmpstr(gtk_entry_get_text(GTK_ENTRY(entry)), ==, renamed);
    /* Again under the old name, then Replace: a new rip that replaces the old files. */
    dw_view_rip_set_output(rv, out_dir, sample);
    g_action_group_activate_action(G_ACTION_GROUP(win), "rip", NULL);
    g_assert_true(gtk_info_bar_get_revealed(bar));
    gtk_button_clicked(GTK_BUTTON(info_button("Replace")));
    g_assert_true(dw_view_rip_get_job(rv) != before);
    g_assert_true(wait_for(rip_finished, before));
    DwGuiJob *j = dw_view_rip_get_job(rv);
    if (!dw_gui_job_succeeded(j))
        g_error("the replacing rip failed: %s", dw_gui_job_get_error(j)->message);
    g_assert_nonnull(strstr(dw_job_bar_get_status(dw_view_rip_get_job_bar(rv)), "Rip complete"));

    /* An image over an existing file: Replace or Choose Another Name, never a silent failure. */
    DwViewAuthor *av = dw_window_get_view_author(win);
    dw_window_show_view(win, "author");
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-exists-XXXXXX", NULL);
    make_project_tree(tmp, 10, 100, "note\n");
    g_autofree char *tree = g_build_filename(tmp, "tree", NULL);
    g_autofree char *iso = g_build_filename(tmp, "taken.iso", NULL);
    g_assert_true(g_file_set_contents(iso, "not an image\n", -1, NULL));
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    dw_view_author_add(av, tree, NULL);
    DwGuiJob *aj = dw_view_author_get_job(av);
    g_assert_false(dw_view_author_write(av, iso));
    g_assert_true(dw_view_author_get_job(av) == aj);
    g_assert_true(gtk_info_bar_get_revealed(bar));
    g_test_message("file exists: %s", info_text());
    assert_gui_words(info_text());
    g_assert_nonnull(strstr(info_text(), "taken.iso"));
    g_assert_nonnull(info_button("Choose Another Name"));
    gtk_button_clicked(GTK_BUTTON(info_button("Replace")));
    g_assert_true(dw_view_author_get_job(av) != aj);
    g_assert_true(wait_for(author_done, NULL));
    g_assert_true(dw_gui_job_succeeded(dw_view_author_get_job(av)));
    GStatBuf st;
    g_assert_cmpint(g_stat(iso, &st), ==, 0);
    g_assert_cmpint(st.st_size, >, 16 * 2048);   /* the image replaced the text */
    g_assert_nonnull(strstr(dw_job_bar_get_status(dw_view_author_get_job_bar(av)), "Image written"));
    GtkWidget *open_folder = dw_job_bar_get_action_button(dw_view_author_get_job_bar(av));
    g_assert_true(gtk_widget_get_visible(open_folder));
    /* The save dialog asks before replacing a file. */
    dw_view_author_ask_write(av);
    pump(200);
    GtkWidget *chooser = find_dialog(GTK_TYPE_FILE_CHOOSER_DIALOG);
    if (chooser) {
        g_assert_true(gtk_file_chooser_get_do_overwrite_confirmation(GTK_FILE_CHOOSER(chooser)));
        gtk_dialog_response(GTK_DIALOG(chooser), GTK_RESPONSE_CANCEL);
        pump(100);
    } else {
        g_test_message("no in-process file chooser (a portal?): overwrite confirmation not seen");
    }
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
    g_assert_cmpint(system(cmd), ==, 0);
}

/* ---- Cancel where the job runs ---------------------------------------- */

static gboolean job_stopped(gpointer p)
{
    return !dw_gui_job_is_running(DW_GUI_JOB(p));
}

static void assert_cancelled(DwGuiJob *j, DwJobBar *bar, const char *must_not)
{
    g_assert_error(dw_gui_job_get_error(j), DW_ERROR, DW_ERROR_CANCELLED);
    const char *status = dw_job_bar_get_status(bar);
    g_test_message("cancelled: %s", status);
    g_assert_nonnull(strstr(status, "Cancelled"));
    g_assert_null(strstr(status, must_not));
    g_assert_cmpfloat(dw_job_bar_get_fraction(bar), <, 1.0);
    g_assert_false(gtk_widget_get_visible(dw_job_bar_get_cancel_button(bar)));
    g_assert_false(gtk_widget_get_visible(dw_job_bar_get_action_button(bar)));
    g_assert_false(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));   /* not an error */
}

void test_cancel_jobs(void)
{
    app_up();
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-stop-XXXXXX", NULL);
    g_autofree char *src = g_build_filename(tmp, "src", NULL);
    g_assert_cmpint(g_mkdir(src, 0755), ==, 0);
    g_autofree char *big = g_build_filename(src, "big.bin", NULL);
    sparse_file(big, (goffset)2 << 30);   /* 2 GiB of holes: long enough to be caught running */
    g_autofree char *out = g_build_filename(tmp, "out", NULL);
    g_assert_cmpint(g_mkdir(out, 0755), ==, 0);

    /* Author: Cancel in the view; the form is locked meanwhile; no image, no temporary file. */
    DwViewAuthor *av = dw_window_get_view_author(win);
    dw_window_show_view(win, "author");
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    dw_view_author_add(av, src, "/src");
    gtk_combo_box_set_active(dw_view_author_get_medium_combo(av), 1);   /* DVD: it fits, Burn… allowed */
    g_autofree char *iso = g_build_filename(out, "big.iso", NULL);
    g_assert_true(dw_view_author_write(av, iso));
    DwGuiJob *j = dw_view_author_get_job(av);
    DwJobBar *bar = dw_view_author_get_job_bar(av);
    g_assert_true(gtk_widget_get_visible(dw_job_bar_get_cancel_button(bar)));
    g_assert_false(gtk_widget_is_sensitive(GTK_WIDGET(dw_view_author_get_files_view(av))));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "cancel"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-write"));
    gtk_button_clicked(GTK_BUTTON(dw_job_bar_get_cancel_button(bar)));
    g_assert_true(wait_for(job_stopped, j));
    assert_cancelled(j, bar, "written:");
    g_assert_cmpint(count_files(out), ==, 0);
    g_assert_true(gtk_widget_is_sensitive(GTK_WIDGET(dw_view_author_get_files_view(av))));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "cancel"));

    /* Verify: Ctrl+.'s action stops it; nothing is reported as checked. */
    g_autofree char *b2 = g_build_filename(tmp, "other.iso", NULL);
    g_autofree char *b1 = g_build_filename(tmp, "one.iso", NULL);
    sparse_file(b1, (goffset)2 << 30);
    sparse_file(b2, (goffset)2 << 30);
    DwViewVerify *vv = dw_window_get_view_verify(win);
    dw_view_verify_set_target(vv, b1, DW_VERIFY_IMAGE, b2);
    g_action_group_activate_action(G_ACTION_GROUP(win), "verify", NULL);
    j = dw_view_verify_get_job(vv);
    g_assert_true(dw_gui_job_is_running(j));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "verify"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "cancel", NULL);
    g_assert_true(wait_for(job_stopped, j));
    assert_cancelled(j, dw_view_verify_get_job_bar(vv), "All good");
    g_assert_cmpint(gtk_tree_model_iter_n_children(dw_view_verify_get_results(vv), NULL), ==, 0);
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "verify"));
    g_unlink(b1);
    g_unlink(b2);

    /* Burn (the project to a new file): Cancel asks first; Continue Burning keeps it, Stop Burning stops it;
     * the drive and options are locked meanwhile; no file and no temporary file are left. */
    DwViewBurn *bv = dw_window_get_view_burn(win);
    g_autofree char *target = g_build_filename(out, "burnt.iso", NULL);
    g_autofree char *drive = g_strconcat("stdio:", target, NULL);
    g_action_group_activate_action(G_ACTION_GROUP(win), "author-burn", NULL);
    g_assert_cmpstr(dw_window_get_view_name(win), ==, "burn");
    dw_view_burn_set_target(bv, NULL, drive, TRUE);
    g_assert_true(dw_view_burn_start(bv));
    j = dw_view_burn_get_job(bv);
    bar = dw_view_burn_get_job_bar(bv);
    g_assert_false(gtk_widget_is_sensitive(GTK_WIDGET(dw_view_burn_get_drive_combo(bv))));
    g_assert_false(gtk_widget_is_sensitive(GTK_WIDGET(dw_view_burn_get_speed_combo(bv))));
    gtk_button_clicked(GTK_BUTTON(dw_job_bar_get_cancel_button(bar)));
    pump(100);
    GtkWidget *ask = find_dialog(GTK_TYPE_MESSAGE_DIALOG);
    if (dw_gui_job_is_running(j)) {
        g_assert_nonnull(ask);
        gtk_dialog_response(GTK_DIALOG(ask), GTK_RESPONSE_CANCEL);   /* Continue Burning */
        pump(100);
        g_assert_false(dw_gui_job_get_error(j) && !dw_gui_job_is_running(j));
        gtk_button_clicked(GTK_BUTTON(dw_job_bar_get_cancel_button(bar)));
        pump(100);
        ask = find_dialog(GTK_TYPE_MESSAGE_DIALOG);
        if (ask)
            gtk_dialog_response(GTK_DIALOG(ask), GTK_RESPONSE_ACCEPT);   /* Stop Burning */
    }
    g_assert_true(wait_for(job_stopped, j));
    assert_cancelled(j, bar, "complete:");
    g_assert_null(dw_view_burn_get_result(bv));
    g_assert_cmpint(count_files(out), ==, 0);
    g_assert_true(gtk_widget_is_sensitive(GTK_WIDGET(dw_view_burn_get_drive_combo(bv))));
    screenshot("burn-cancelled");
    dw_view_burn_set_from(bv, DW_BURN_FROM_IMAGE);
    dw_view_burn_set_target(bv, NULL, "", TRUE);

    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    gtk_combo_box_set_active(dw_view_author_get_medium_combo(av), 0);
    g_unlink(big);
    g_rmdir(src);
    g_rmdir(out);
    g_rmdir(tmp);
}

/* ---- verify: fresh results, checks that did not apply, plurals ----------- */

static gboolean verify_over(gpointer p)
{
    DwGuiJob *j = dw_view_verify_get_job(dw_window_get_view_verify(win));
    return j && j != p && !dw_gui_job_is_running(j);
}

void test_verify_clear(void)
{
    app_up();
    const char *image = g_getenv("DW_GUI_BURN_IMAGE");
    if (!image) {
        g_test_skip("DW_GUI_BURN_IMAGE not set");
        return;
    }
    DwViewVerify *vv = dw_window_get_view_verify(win);
    GtkTreeModel *res = dw_view_verify_get_results(vv);
    dw_window_show_view(win, "verify");
    /* A plain ISO with every check ticked: the ones that do not apply are named. */
    DwGuiJob *before = dw_view_verify_get_job(vv);
    dw_view_verify_set_target(vv, image, DW_VERIFY_OWN, NULL);
    g_assert_true(dw_view_verify_start(vv));
    g_assert_true(wait_for(verify_over, before));
    g_assert_true(dw_gui_job_succeeded(dw_view_verify_get_job(vv)));
    g_assert_cmpint(gtk_tree_model_iter_n_children(res, NULL), >, 0);
    const char *status = dw_job_bar_get_status(dw_view_verify_get_job_bar(vv));
    const char *notes = dw_view_verify_get_notes(vv);
    g_test_message("%s / %s", status, notes);
    g_assert_null(strstr(status, "1 checks"));
    g_assert_nonnull(strstr(notes, "sectors"));
    g_assert_nonnull(strstr(notes, "audio"));
    screenshot("verify-iso");
    /* The next attempt clears them, even when it cannot start. */
    g_autofree char *missing = g_build_filename(g_get_tmp_dir(), "dw-gui-no-such-image.iso", NULL);
    dw_view_verify_set_target(vv, missing, DW_VERIFY_OWN, NULL);
    g_assert_false(dw_view_verify_start(vv));
    g_assert_cmpint(gtk_tree_model_iter_n_children(res, NULL), ==, 0);
    g_assert_cmpstr(dw_view_verify_get_notes(vv), ==, "");
    g_assert_false(gtk_widget_get_visible(GTK_WIDGET(dw_view_verify_get_job_bar(vv))));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    dw_window_hide_message(win);
}

void test_plurals(void)
{
    app_up();
    g_autofree char *s1 = dw_gui_verify_summary(0, 0, 1);
    g_assert_cmpstr(s1, ==, "All good: 1 check passed.");
    g_autofree char *s2 = dw_gui_verify_summary(1, 0, 3);
    g_assert_cmpstr(s2, ==, "Problems found: 1 mismatch or error; 3 checks passed.");
    g_autofree char *s3 = dw_gui_verify_summary(2, 1, 0);
    g_assert_cmpstr(s3, ==, "Problems found: 2 mismatches or errors, 1 part unreadable; 0 checks passed.");
    dw_progress p = { .phase = "reading", .total = 100, .done = 42, .errors = 1, .retries = 1, .eta_seconds = -1,
                      .buffer_fill = -1, .fifo_fill = -1 };
    g_autofree char *t1 = dw_gui_progress_text(&p);
    g_assert_cmpstr(t1, ==, "Reading — 42 % · 1 error · 1 retry");
    p.errors = 2;
    p.retries = 3;
    p.track = 3;
    g_autofree char *t2 = dw_gui_progress_text(&p);
    g_assert_cmpstr(t2, ==, "Reading track 3 — 42 % · 2 errors · 3 retries");
    g_autofree char *pt = dw_gui_play_time(2062);
    g_assert_cmpstr(pt, ==, "0:27");
    g_autofree char *pt2 = dw_gui_play_time(75 * 3725);
    g_assert_cmpstr(pt2, ==, "1:02:05");
    /* An author project of one item. */
    DwViewAuthor *av = dw_window_get_view_author(win);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    dw_view_author_add(av, g_get_tmp_dir(), "/tmp");
    g_autofree char *d = dw_view_author_describe(av);
    g_assert_nonnull(strstr(d, ": 1 item, about"));
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
}
