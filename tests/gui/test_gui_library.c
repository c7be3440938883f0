/* test_gui_library.c: the Library view over a catalog that
 * tests/gui_library.sh filled with `discwright catalog add` (rips of the
 * audio, mode1 and DVD samples; XDG_DATA_HOME points at it, so it is the
 * default location).  The view opens the default catalog by itself when
 * shown, lists the three discs, searches (a CD-TEXT word finds the audio
 * disc alone), shows a disc's files and history, re-verifies the
 * selected discs (all intact; every check recorded, as sqlite3 reads
 * back in the script), then, after a byte of DW_GUI_LIBRARY_FLIP is
 * flipped, re-verifies again and must name that file as changed, in the
 * job bar, in the disc list's fixity column, in the disc's files and in
 * its history.  Another location is settable (one that does not exist is
 * not created).  /gui/library-archive runs a batch from the view's
 * "Archive discs" panel on a changer drive of the virtual drive.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gui/gui.h"
#include "tests/gui/test_gui.h"

static DwViewLibrary *lv;

static int rows(GtkTreeModel *m)
{
    return gtk_tree_model_iter_n_children(m, NULL);
}

static gboolean listed(gpointer p)
{
    return rows(dw_view_library_get_discs(lv)) == GPOINTER_TO_INT(p);
}

static gboolean reverify_done(gpointer p)
{
    (void)p;
    DwGuiJob *j = dw_view_library_get_job(lv);
    return j && !dw_gui_job_is_running(j) && *dw_job_bar_get_status(dw_view_library_get_job_bar(lv));
}

/* The value in column col of the row whose column key_col is key (g_free; NULL none). */
static char *cell(GtkTreeModel *m, int key_col, const char *key, int col)
{
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *k = NULL;
        char *v = NULL;
        gtk_tree_model_get(m, &it, key_col, &k, col, &v, -1);
        if (k && g_str_equal(k, key))
            return v;
        g_free(v);
    }
    return NULL;
}

/* Every row's column col equals value. */
static gboolean all_are(GtkTreeModel *m, int col, const char *value)
{
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *v = NULL;
        gtk_tree_model_get(m, &it, col, &v, -1);
        if (!v || !g_str_equal(v, value)) {
            g_test_message("row with %s, not %s", v ? v : "(null)", value);
            return FALSE;
        }
    }
    return TRUE;
}

static void reverify_all(void)
{
    dw_view_library_set_search(lv, "");
    g_assert_true(wait_for(listed, GINT_TO_POINTER(3)));
    g_assert_true(dw_view_library_select(lv, NULL, 0));
    g_assert_true(gtk_widget_get_sensitive(dw_view_library_get_verify_button(lv)));
    gtk_button_clicked(GTK_BUTTON(dw_view_library_get_verify_button(lv)));
    g_assert_nonnull(dw_view_library_get_job(lv));
    g_assert_true(wait_for(reverify_done, NULL));
}

static void test_library(void)
{
    const char *flip = g_getenv("DW_GUI_LIBRARY_FLIP");
    const char *flip_base = g_getenv("DW_GUI_LIBRARY_FLIP_BASE");
    g_assert_nonnull(flip);
    g_assert_nonnull(flip_base);
    app_up();
    lv = dw_window_get_view_library(win);
    g_assert_nonnull(lv);
    dw_window_show_view(win, "library");
    g_assert_cmpstr(dw_window_get_view_name(win), ==, "library");
    /* Opened by itself, at the CLI's default location. */
    g_assert_true(wait_for(listed, GINT_TO_POINTER(3)));
    g_autofree char *dflt = g_build_filename(g_getenv("XDG_DATA_HOME"), "discwright", "catalog.sqlite", NULL);
    g_assert_cmpstr(dw_view_library_get_location(lv), ==, dflt);
    GtkTreeModel *discs = dw_view_library_get_discs(lv);
    g_autofree char *kind = cell(discs, DW_LIB_COL_BASE, flip_base, DW_LIB_COL_KIND);
    g_assert_cmpstr(kind, ==, "CD");

    /* Search: a CD-TEXT word of the audio sample finds that disc alone. */
    dw_view_library_set_search(lv, "tones");
    g_assert_cmpint(rows(discs), ==, 1);
    g_autofree char *ids = cell(discs, DW_LIB_COL_KIND, "CD", DW_LIB_COL_IDS);
    g_assert_true(ids && g_str_has_prefix(ids, "CDDB "));
    dw_view_library_set_search(lv, "zebrafinch");
    g_assert_cmpint(rows(discs), ==, 0);

    /* Select one: its details, files and history. */
    dw_view_library_set_search(lv, "");
    g_assert_cmpint(rows(discs), ==, 3);
    GtkTreeIter it;
    int64_t audio_id = 0;
    for (gboolean ok = gtk_tree_model_get_iter_first(discs, &it); ok; ok = gtk_tree_model_iter_next(discs, &it)) {
        g_autofree char *b = NULL;
        gint64 id = 0;
        gtk_tree_model_get(discs, &it, DW_LIB_COL_BASE, &b, DW_LIB_COL_ID, &id, -1);
        if (b && g_str_equal(b, flip_base))
            audio_id = id;
    }
    g_assert_cmpint(audio_id, >, 0);
    g_assert_true(dw_view_library_select(lv, &audio_id, 1));
    g_autofree char *flip_name = g_path_get_basename(flip);
    GtkTreeModel *files = dw_view_library_get_files(lv);
    g_assert_cmpint(rows(files), >, 3);
    g_assert_true(model_has(files, DW_LIB_FILE_NAME, flip_name));
    g_assert_true(all_are(files, DW_LIB_FILE_STATUS, "unchecked"));
    g_assert_true(model_has(dw_view_library_get_history(lv), DW_LIB_EVENT_WHAT, "added"));
    screenshot("library");

    /* Re-verify everything: all intact. */
    reverify_all();
    const char *status = dw_job_bar_get_status(dw_view_library_get_job_bar(lv));
    g_test_message("re-verify: %s", status);
    g_assert_true(dw_gui_job_succeeded(dw_view_library_get_job(lv)));
    g_assert_nonnull(strstr(status, "All intact"));
    g_assert_true(all_are(discs, DW_LIB_COL_FIXITY, "ok"));

    /* A flipped byte: named as changed, everywhere the view shows it. */
    FILE *f = fopen(flip, "r+b");
    g_assert_nonnull(f);
    g_assert_cmpint(fseek(f, 1000, SEEK_SET), ==, 0);
    int c = fgetc(f);
    g_assert_cmpint(c, !=, EOF);
    g_assert_cmpint(fseek(f, 1000, SEEK_SET), ==, 0);
    g_assert_cmpint(fputc(c ^ 0xff, f), !=, EOF);
    g_assert_cmpint(fclose(f), ==, 0);
    reverify_all();
    status = dw_job_bar_get_status(dw_view_library_get_job_bar(lv));
    g_test_message("re-verify after the flip: %s", status);
    g_assert_nonnull(strstr(status, "Problems found in 1 of"));
    g_autofree char *named = g_strdup_printf("%s: changed", flip_name);
    g_assert_nonnull(strstr(status, named));
    g_autofree char *fix = cell(discs, DW_LIB_COL_BASE, flip_base, DW_LIB_COL_FIXITY);
    g_assert_cmpstr(fix, ==, "changed");
    int n_ok = 0;
    for (gboolean ok = gtk_tree_model_get_iter_first(discs, &it); ok; ok = gtk_tree_model_iter_next(discs, &it)) {
        g_autofree char *v = NULL;
        gtk_tree_model_get(discs, &it, DW_LIB_COL_FIXITY, &v, -1);
        n_ok += v && g_str_equal(v, "ok");
    }
    g_assert_cmpint(n_ok, ==, 2);
    g_assert_true(dw_view_library_select(lv, &audio_id, 1));
    g_autofree char *fst = cell(files, DW_LIB_FILE_NAME, flip_name, DW_LIB_FILE_STATUS);
    g_assert_cmpstr(fst, ==, "changed");
    g_autofree char *hst = cell(dw_view_library_get_history(lv), DW_LIB_EVENT_FILE, flip_name, DW_LIB_EVENT_STATUS);
    g_assert_cmpstr(hst, ==, "changed");   /* newest first: the last check of that file */
    screenshot("library-changed");

    /* Another location: one that does not exist is not created; back to the default. */
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-lib-XXXXXX", NULL);
    g_autofree char *none = g_build_filename(tmp, "none.sqlite", NULL);
    g_assert_false(dw_view_library_open(lv, none));
    g_assert_cmpint(rows(discs), ==, 0);
    g_assert_false(g_file_test(none, G_FILE_TEST_EXISTS));
    g_assert_false(gtk_widget_get_sensitive(dw_view_library_get_verify_button(lv)));
    g_rmdir(tmp);
    g_assert_true(dw_view_library_open(lv, NULL));
    g_assert_cmpint(rows(discs), ==, 3);
    dw_window_show_view(win, "disc");
}

static gboolean drive_good(gpointer p)
{
    const char **want = p;   /* device, count */
    GtkTreeModel *m = dw_archive_panel_get_drives(dw_view_library_get_archive_panel(lv));
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *dev = NULL;
        guint good = 0;
        gtk_tree_model_get(m, &it, DW_ARCHIVE_COL_DRIVE, &dev, DW_ARCHIVE_COL_GOOD, &good, -1);
        if (dev && g_str_equal(dev, want[0]) && good == (guint)atoi(want[1]))
            return TRUE;
    }
    return FALSE;
}

static gboolean archive_stopped(gpointer p)
{
    (void)p;
    return !dw_archive_panel_running(dw_view_library_get_archive_panel(lv));
}

/* A batch from the "Archive discs" panel: DW_GUI_LIBRARY_ARCHIVE is the
 * drive (a changer of the virtual drive holding DW_GUI_LIBRARY_ARCHIVE_DISCS
 * discs), ripped into DW_GUI_LIBRARY_ARCHIVE_DIR and recorded in the
 * catalog the view shows; the drive's row counts them, the list grows by
 * as many, Stop ends the batch as Ctrl-C ends the CLI's. */
static void test_library_archive(void)
{
    const char *dev = g_getenv("DW_GUI_LIBRARY_ARCHIVE"), *dir = g_getenv("DW_GUI_LIBRARY_ARCHIVE_DIR");
    const char *n = g_getenv("DW_GUI_LIBRARY_ARCHIVE_DISCS");
    g_assert_nonnull(dir);
    g_assert_nonnull(n);
    app_up();
    lv = dw_window_get_view_library(win);
    dw_window_show_view(win, "library");
    g_assert_true(wait_for(listed, GINT_TO_POINTER(3)));
    DwArchivePanel *p = dw_view_library_get_archive_panel(lv);
    gtk_expander_set_expanded(dw_view_library_get_archive_expander(lv), TRUE);
    dw_archive_panel_set_target(p, dev, dir);
    g_assert_true(dw_archive_panel_start(p));
    g_assert_true(dw_archive_panel_running(p));
    const char *want[] = { dev, n };
    g_assert_true(wait_for(drive_good, want));
    g_assert_true(wait_for(listed, GINT_TO_POINTER(3 + atoi(n))));
    g_test_message("archive: %s", dw_archive_panel_get_summary(p));
    screenshot("library-archive");
    dw_archive_panel_stop(p);
    g_assert_true(wait_for(archive_stopped, NULL));
    const char *sum = dw_archive_panel_get_summary(p);
    g_test_message("archive stopped: %s", sum);
    g_autofree char *good = g_strdup_printf("%s good", n);
    g_assert_nonnull(strstr(sum, "Archive stopped"));
    g_assert_nonnull(strstr(sum, good));
    gtk_expander_set_expanded(dw_view_library_get_archive_expander(lv), FALSE);
    dw_window_show_view(win, "disc");
}

void add_library_tests(void)
{
    g_test_add_func("/gui/library", test_library);
    if (g_getenv("DW_GUI_LIBRARY_ARCHIVE"))
        g_test_add_func("/gui/library-archive", test_library_archive);
}
