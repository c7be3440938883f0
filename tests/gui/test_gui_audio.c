/* test_gui_audio.c: issue 17's audio rips in the GUI, part of
 * tests/gui/test_gui (see test_gui.c).  tests/gui_app.sh runs it on the
 * virtual drive serving the audio sample with a read offset of +667:
 *   /gui/rip-audio
 *     1. With the AccurateRip and CTDB answers tests/audio/ardb.py builds
 *        from the sample's truth (DW_GUI_ARDB, DW_GUI_CTDB) and a
 *        MusicBrainz release (DW_GUI_RELEASE), FLAC at level 8: every
 *        track's row says "Accurate (C of T)" for AccurateRip and CTDB
 *        with the confidences ardb.py expects (DW_GUI_AUDIO_EXPECT), in
 *        the model and as the table draws it, in sight when scrolled to;
 *        no track is read twice; the offset is found by matching
 *        AccurateRip; the job bar says every track is accurate; the
 *        release is remembered for this disc only.
 *     2. Without databases, with the drive offset list (DW_GUI_OFFSETS),
 *        WAV: every track is read twice and shows "Equal, CRC" with test
 *        CRC = copy CRC = ardb.py's CRC-32 of the track; the offset comes
 *        from the list; WAV files and a WAV cue sheet, no FLAC; the
 *        choices are in GSettings.
 * gui_app.sh then checks the files with tests/audio/check_files.py
 * (flac/metaflac and our own reading of the WAVs against the truth).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gui/gui.h"
#include "tests/gui/test_gui.h"

typedef struct {
    int number;
    char ar[4];
    int ar_confidence, ar_total, ctdb_confidence, ctdb_total;
    guint crc32;
} expected_track;

/* Lines "NUMBER AR(v1|v2|-) AR_CONF AR_TOTAL CTDB_CONF CTDB_TOTAL CRC32HEX". */
static GArray *read_expected(const char *path)
{
    g_autofree char *text = NULL;
    GError *error = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, &error));
    g_assert_no_error(error);
    GArray *a = g_array_new(FALSE, TRUE, sizeof(expected_track));
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        expected_track t = { 0 };
        if (sscanf(*l, "%d %3s %d %d %d %d %x", &t.number, t.ar, &t.ar_confidence, &t.ar_total, &t.ctdb_confidence,
                   &t.ctdb_total, &t.crc32) == 7)
            g_array_append_val(a, t);
    }
    g_assert_cmpuint(a->len, >, 0);
    return a;
}

static gboolean pump_done(gpointer p)
{
    return g_get_monotonic_time() > *(gint64 *)p;
}

static void pump(int ms)
{
    gint64 until = g_get_monotonic_time() + ms * 1000;
    wait_for(pump_done, &until);
}

static gboolean rip_done(gpointer p)
{
    DwGuiJob *j = dw_view_rip_get_job(dw_window_get_view_rip(win));
    return j && j != p && !dw_gui_job_is_running(j);
}

static void rip_into(const char *dir)
{
    DwViewRip *rv = dw_window_get_view_rip(win);
    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    dw_view_rip_set_output(rv, dir, "audio");
    dw_view_rip_set_formats(rv, DW_RIP_BINCUE);
    dw_window_show_view(win, "rip");
    DwGuiJob *before = dw_view_rip_get_job(rv);
    g_action_group_activate_action(G_ACTION_GROUP(win), "rip", NULL);
    g_assert_true(dw_view_rip_get_job(rv) != before);
    g_assert_true(wait_for(rip_done, before));
    DwGuiJob *j = dw_view_rip_get_job(rv);
    if (!dw_gui_job_succeeded(j))
        g_error("rip failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
}

/* The row of track number in the model. */
static gboolean track_row(GtkTreeModel *m, int number, GtkTreeIter *it)
{
    for (gboolean ok = gtk_tree_model_get_iter_first(m, it); ok; ok = gtk_tree_model_iter_next(m, it)) {
        int n = -1;
        gtk_tree_model_get(m, it, DW_RIP_COL_TRACK, &n, -1);
        if (n == number)
            return TRUE;
    }
    return FALSE;
}

/* The table draws want in the column titled title for the row at it, and
 * scrolled to, that cell is in sight and wide enough for its text. */
static void assert_shown(GtkTreeView *view, const char *title, GtkTreeIter *it, const char *want)
{
    GtkTreeModel *m = gtk_tree_view_get_model(view);
    GtkTreeViewColumn *col = NULL;
    for (int i = 0; i < (int)gtk_tree_view_get_n_columns(view); i++)
        if (g_strcmp0(gtk_tree_view_column_get_title(gtk_tree_view_get_column(view, i)), title) == 0)
            col = gtk_tree_view_get_column(view, i);
    g_assert_nonnull(col);
    g_assert_true(gtk_tree_view_column_get_visible(col));
    gtk_tree_view_column_cell_set_cell_data(col, m, it, FALSE, FALSE);
    GList *cells = gtk_cell_layout_get_cells(GTK_CELL_LAYOUT(col));
    g_assert_nonnull(cells);
    GtkCellRenderer *r = cells->data;
    g_list_free(cells);
    g_autofree char *text = NULL;
    g_object_get(r, "text", &text, NULL);
    g_assert_cmpstr(text, ==, want);
    GtkTreePath *path = gtk_tree_model_get_path(m, it);
    gtk_tree_view_scroll_to_cell(view, path, col, FALSE, 0, 0);
    pump(60);
    GdkRectangle cell, vis;
    gtk_tree_view_get_cell_area(view, path, col, &cell);
    gtk_tree_view_get_visible_rect(view, &vis);
    gtk_tree_path_free(path);
    int x = 0, y = 0;
    gtk_tree_view_convert_bin_window_to_tree_coords(view, cell.x, cell.y, &x, &y);
    if (x < vis.x || y < vis.y || x + cell.width > vis.x + vis.width || y + cell.height > vis.y + vis.height)
        g_error("“%s” in column %s is not in sight when scrolled to (%d,%d %d×%d in %d,%d %d×%d)", want, title, x, y,
                cell.width, cell.height, vis.x, vis.y, vis.width, vis.height);
    int min_w = 0, nat_w = 0;
    gtk_cell_renderer_get_preferred_width(r, GTK_WIDGET(view), &min_w, &nat_w);
    if (cell.width < nat_w)
        g_error("“%s” in column %s is cut (%d px for %d)", want, title, cell.width, nat_w);
}

/* A label under the rip view whose text matches pattern is shown. */
static void assert_label_shown(const char *pattern)
{
    GtkWidget *l = gtk_test_find_label(GTK_WIDGET(dw_window_get_view_rip(win)), pattern);
    if (!l || !gtk_widget_get_mapped(l))
        g_error("no label “%s” shown in the rip view", pattern);
}

/* The entry named name (accessible name) under w, or NULL. */
static GtkEntry *find_entry(GtkWidget *w, const char *name)
{
    if (GTK_IS_ENTRY(w) && g_strcmp0(atk_object_get_name(gtk_widget_get_accessible(w)), name) == 0)
        return GTK_ENTRY(w);
    if (!GTK_IS_CONTAINER(w))
        return NULL;
    GtkEntry *found = NULL;
    GList *kids = gtk_container_get_children(GTK_CONTAINER(w));
    for (GList *l = kids; l && !found; l = l->next)
        found = find_entry(l->data, name);
    g_list_free(kids);
    return found;
}

/* The pointer on the header bar's title (no tooltip there), so no
 * tooltip of the tables shows in a screenshot; it stays in the window,
 * which keeps it active (a window in the background gets notifications). */
static void pointer_on_title(void)
{
    GdkDisplay *d = gdk_display_get_default();
    GdkDevice *p = gdk_seat_get_pointer(gdk_display_get_default_seat(d));
    GdkWindow *w = gtk_widget_get_window(GTK_WIDGET(win));
    int x = 0, y = 0;
    gdk_window_get_origin(w, &x, &y);
    gdk_device_warp(p, gdk_screen_get_default(), x + gdk_window_get_width(w) / 2, y + 12);
    pump(100);
}

static gboolean exists_in(const char *dir, const char *name)
{
    g_autofree char *p = g_build_filename(dir, name, NULL);
    return g_file_test(p, G_FILE_TEST_IS_REGULAR);
}

void test_rip_audio(void)
{
    const char *out = g_getenv("DW_GUI_OUT"), *ardb = g_getenv("DW_GUI_ARDB"), *ctdb = g_getenv("DW_GUI_CTDB"),
               *offsets = g_getenv("DW_GUI_OFFSETS"), *release = g_getenv("DW_GUI_RELEASE"),
               *expect = g_getenv("DW_GUI_AUDIO_EXPECT");
    if (!out || !ardb || !ctdb || !offsets || !release || !expect) {
        g_test_skip("DW_GUI_OUT, DW_GUI_ARDB, DW_GUI_CTDB, DW_GUI_OFFSETS, DW_GUI_RELEASE and DW_GUI_AUDIO_EXPECT "
                    "are set by tests/gui_app.sh");
        return;
    }
    app_up();
    g_autoptr(GArray) exp = read_expected(expect);
    DwViewRip *rv = dw_window_get_view_rip(win);
    GtkTreeView *tv = dw_view_rip_get_tracks_view(rv);
    GtkTreeModel *m = dw_view_rip_get_track_status(rv);

    /* 1. Proven by AccurateRip and CTDB, FLAC. */
    dw_view_rip_set_audio(rv, DW_RIP_AUDIO_FLAC, 8);
    dw_view_rip_set_databases(rv, ardb, ctdb, NULL, release, FALSE);
    GtkExpander *ex = dw_view_rip_get_db_expander(rv);
    gtk_expander_set_expanded(ex, TRUE);
    dw_window_show_view(win, "rip");
    pump(200);
    /* The choices in sight, for the screenshot. */
    GtkScrolledWindow *page = GTK_SCROLLED_WINDOW(gtk_widget_get_ancestor(GTK_WIDGET(ex), GTK_TYPE_SCROLLED_WINDOW));
    int ex_x = 0, ex_y = 0;
    g_assert_true(gtk_widget_translate_coordinates(GTK_WIDGET(ex), gtk_bin_get_child(GTK_BIN(page)), 0, 0, &ex_x, &ex_y));
    GtkAdjustment *va = gtk_scrolled_window_get_vadjustment(page);
    gtk_adjustment_set_value(va, MIN(ex_y - 200.0, gtk_adjustment_get_upper(va) - gtk_adjustment_get_page_size(va)));
    pointer_on_title();
    screenshot("rip-databases");
    g_autofree char *dir1 = g_build_filename(out, "ar", NULL);
    rip_into(dir1);
    gtk_expander_set_expanded(dw_view_rip_get_db_expander(rv), FALSE);
    const dw_rip_result *r = dw_view_rip_get_result(rv);
    g_assert_nonnull(r);
    g_assert_cmpint(r->n_audio, ==, (int)exp->len);
    for (guint i = 0; i < exp->len; i++) {
        const expected_track *e = &g_array_index(exp, expected_track, i);
        GtkTreeIter it;
        g_assert_true(track_row(m, e->number, &it));
        g_autofree char *ar = NULL, *ct = NULL, *tc = NULL, *tip = NULL;
        int arc = -1, art = -1, cc = -1, cto = -1;
        gboolean tested = TRUE;
        guint copy = 0;
        gtk_tree_model_get(m, &it, DW_RIP_COL_AR, &ar, DW_RIP_COL_CTDB, &ct, DW_RIP_COL_TEST_COPY, &tc,
                           DW_RIP_COL_TIP, &tip, DW_RIP_COL_AR_CONFIDENCE, &arc, DW_RIP_COL_AR_TOTAL, &art,
                           DW_RIP_COL_CTDB_CONFIDENCE, &cc, DW_RIP_COL_CTDB_TOTAL, &cto, DW_RIP_COL_TESTED, &tested,
                           DW_RIP_COL_COPY_CRC, &copy, -1);
        g_autofree char *want_ar = g_strdup_printf("Accurate (%d of %d)", e->ar_confidence, e->ar_total);
        g_autofree char *want_ct = g_strdup_printf("Accurate (%d of %d)", e->ctdb_confidence, e->ctdb_total);
        g_assert_cmpstr(ar, ==, want_ar);
        g_assert_cmpstr(ct, ==, want_ct);
        g_assert_cmpint(arc, ==, e->ar_confidence);
        g_assert_cmpint(art, ==, e->ar_total);
        g_assert_cmpint(cc, ==, e->ctdb_confidence);
        g_assert_cmpint(cto, ==, e->ctdb_total);
        g_assert_false(tested);   /* proven: read once */
        g_assert_cmpuint(copy, ==, e->crc32);
        g_assert_cmpstr(tc, ==, "Not needed");
        /* The tooltip names the AccurateRip version that matched. */
        g_autofree char *ver = g_strdup_printf("its %s CRC matches", e->ar);
        g_assert_nonnull(strstr(tip, ver));
        assert_shown(tv, "AccurateRip", &it, want_ar);
        assert_shown(tv, "CTDB", &it, want_ct);
        assert_shown(tv, "Test and copy", &it, "Not needed");
    }
    g_autofree char *all = g_strdup_printf("All %u tracks are accurate.", exp->len);
    g_assert_nonnull(strstr(dw_job_bar_get_status(dw_view_rip_get_job_bar(rv)), all));
    g_assert_true(g_str_has_prefix(dw_view_rip_get_proof(rv, "offset"),
                                   "+667 samples, found by matching the AccurateRip answers"));
    assert_label_shown("+667 samples, found by matching*");
    g_assert_true(g_str_has_prefix(dw_view_rip_get_proof(rv, "cache"), "Emptied before re-reads"));
    assert_label_shown("Emptied before re-reads by reading other sectors first*");
    g_autofree char *ar_line = g_strdup_printf("Disc %s: %u of %u tracks accurate", r->accuraterip_id, exp->len,
                                               exp->len);
    g_assert_cmpstr(dw_view_rip_get_proof(rv, "accuraterip"), ==, ar_line);
    assert_label_shown(ar_line);
    g_autofree char *files = g_strdup_printf("%u FLAC files and the cue sheet “audio.flac.cue”", exp->len);
    g_assert_cmpstr(dw_view_rip_get_proof(rv, "files"), ==, files);
    g_assert_true(exists_in(dir1, "audio (Track 01).flac"));
    g_assert_true(exists_in(dir1, "audio.flac.cue"));
    pointer_on_title();
    screenshot("rip-accurate");
    /* The release belongs to this disc: gone for no disc, back for this one. */
    GtkEntry *meta = find_entry(GTK_WIDGET(rv), "MusicBrainz release");
    g_assert_nonnull(meta);
    g_autofree char *src = g_strdup(dw_drive_list_get_selected(dw_window_get_drive_list(win)));
    const char *model = dw_drive_list_get_model(dw_window_get_drive_list(win), src);
    dw_view_rip_set_source(rv, win, NULL, NULL, NULL);
    g_assert_null(dw_view_rip_get_result(rv));
    GSettings *s = dw_gui_settings();
    if (s) {
        g_assert_cmpstr(gtk_entry_get_text(meta), ==, "");
        dw_view_rip_set_source(rv, win, src, dw_window_get_disc(win), model);
        g_assert_cmpstr(gtk_entry_get_text(meta), ==, release);
        g_autoptr(GVariant) metas = g_settings_get_value(s, "metadata-files");
        g_assert_cmpuint(g_variant_n_children(metas), ==, 1);
        g_autofree char *ar_s = g_settings_get_string(s, "accuraterip-db");
        g_assert_cmpstr(ar_s, ==, ardb);
        g_assert_cmpint(g_settings_get_int(s, "flac-level"), ==, 8);
    } else
        dw_view_rip_set_source(rv, win, src, dw_window_get_disc(win), model);

    /* 2. No databases, the drive offset list, WAV: read twice, test = copy. */
    dw_view_rip_set_audio(rv, DW_RIP_AUDIO_WAV, 5);
    dw_view_rip_set_databases(rv, NULL, NULL, offsets, NULL, FALSE);
    g_autofree char *dir2 = g_build_filename(out, "wav", NULL);
    rip_into(dir2);
    r = dw_view_rip_get_result(rv);
    g_assert_nonnull(r);
    for (guint i = 0; i < exp->len; i++) {
        const expected_track *e = &g_array_index(exp, expected_track, i);
        GtkTreeIter it;
        g_assert_true(track_row(m, e->number, &it));
        g_autofree char *ar = NULL, *ct = NULL, *tc = NULL;
        gboolean tested = FALSE;
        guint test = 0, copy = 0;
        gtk_tree_model_get(m, &it, DW_RIP_COL_AR, &ar, DW_RIP_COL_CTDB, &ct, DW_RIP_COL_TEST_COPY, &tc,
                           DW_RIP_COL_TESTED, &tested, DW_RIP_COL_TEST_CRC, &test, DW_RIP_COL_COPY_CRC, &copy, -1);
        g_assert_true(tested);
        g_assert_cmpuint(test, ==, e->crc32);
        g_assert_cmpuint(copy, ==, e->crc32);
        g_autofree char *want = g_strdup_printf("Equal, %08X", e->crc32);
        g_assert_cmpstr(tc, ==, want);
        g_assert_cmpstr(ar, ==, "Not checked");
        g_assert_cmpstr(ct, ==, "Not checked");
        assert_shown(tv, "Test and copy", &it, want);
        assert_shown(tv, "AccurateRip", &it, "Not checked");
        g_autofree char *wav = g_strdup_printf("audio (Track %02d).wav", e->number);
        g_autofree char *flac = g_strdup_printf("audio (Track %02d).flac", e->number);
        g_assert_true(exists_in(dir2, wav));
        g_assert_false(exists_in(dir2, flac));
    }
    g_assert_true(exists_in(dir2, "audio.wav.cue"));
    g_assert_false(exists_in(dir2, "audio.flac.cue"));
    g_autofree char *twice = g_strdup_printf("%u tracks no database proves were read twice, with equal CRCs.",
                                             exp->len);
    g_assert_nonnull(strstr(dw_job_bar_get_status(dw_view_rip_get_job_bar(rv)), twice));
    g_assert_true(g_str_has_prefix(dw_view_rip_get_proof(rv, "offset"),
                                   "+667 samples, this drive's entry in the drive offset list"));
    assert_label_shown("+667 samples, this drive's entry in the drive offset list");
    g_assert_cmpstr(dw_view_rip_get_proof(rv, "accuraterip"), ==, "Not checked: no answers chosen");
    g_autofree char *wavs = g_strdup_printf("%u WAV files and the cue sheet “audio.wav.cue”", exp->len);
    g_assert_cmpstr(dw_view_rip_get_proof(rv, "files"), ==, wavs);
    assert_label_shown(wavs);
    pointer_on_title();
    screenshot("rip-test-copy");
    if (s) {
        g_autofree char *fmt = g_settings_get_string(s, "audio-format");
        g_autofree char *list = g_settings_get_string(s, "drive-offset-list");
        g_autofree char *ar_s = g_settings_get_string(s, "accuraterip-db");
        g_assert_cmpstr(fmt, ==, "wav");
        g_assert_cmpstr(list, ==, offsets);
        g_assert_cmpstr(ar_s, ==, "");
        /* Dictionaries keep their type (a{sv} from GVariantDict was refused, so
         * a drive's read offset was never remembered). */
        dw_gui_settings_store_int("drive-offsets", "TEST DRIVE", -1164);
        int off = 0;
        g_assert_true(dw_gui_settings_lookup_int("drive-offsets", "TEST DRIVE", &off));
        g_assert_cmpint(off, ==, -1164);
    }
}
