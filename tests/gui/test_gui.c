/* test_gui.c: discwright-gtk driven headless (tests/gui_app.sh runs it
 * under xvfb-run, dbus-run-session and the virtual drive).  The app
 * starts as it does for a user (register + activate); the tests then
 * wait for the drive to be listed and the disc read, and check what the
 * disc view shows against the sample's ground truth (DW_GUI_EXPECT: lines
 * "tracks\tN", "mcn\tM", "isrc\tTRACK\tISRC", "text\tCD-TEXT"); start a
 * rip from the rip view into DW_GUI_OUT and compare every output with a
 * `discwright rip` of the same disc (DW_GUI_REF) byte for byte; cancel a
 * rip (the vdrive runs slowly for that one) and check it leaves a
 * resumable map and no output that looks complete; resume it.  Each
 * view is saved as a PNG into DW_GUI_SHOTS.  A guard (DW_GUI_GUARD_S,
 * default 300 s) turns a hang into a failure; nothing asserts on time.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cdio/iso9660.h>
#include <udfread/udfread.h>

#include "discwright/verify.h"
#include "gui/gui.h"

static DwApp *app;
static DwWindow *win;
static const char *out_dir, *ref_dir, *shots, *sample;

/* Iterate the main loop until cond(data) holds; FALSE when the guard ran out. */
static gboolean wait_for(gboolean (*cond)(gpointer), gpointer data)
{
    const char *g = g_getenv("DW_GUI_GUARD_S");
    gint64 guard = g_get_monotonic_time() + (g ? atoi(g) : 300) * G_USEC_PER_SEC;
    while (!cond(data)) {
        if (g_get_monotonic_time() > guard)
            return FALSE;
        g_main_context_iteration(NULL, FALSE);
        g_usleep(2000);
    }
    return TRUE;
}

static gboolean settle_done(gpointer p)
{
    return g_get_monotonic_time() > *(gint64 *)p;
}

/* Let the window redraw (transitions, resizes) for ms milliseconds. */
static void settle(int ms)
{
    gint64 until = g_get_monotonic_time() + ms * 1000;
    wait_for(settle_done, &until);
    gtk_test_widget_wait_for_draw(GTK_WIDGET(win));
}

static void screenshot(const char *name)
{
    if (!shots)
        return;
    settle(400);
    GdkWindow *w = gtk_widget_get_window(GTK_WIDGET(win));
    g_assert_nonnull(w);
    g_autoptr(GdkPixbuf) pb = gdk_pixbuf_get_from_window(w, 0, 0, gdk_window_get_width(w), gdk_window_get_height(w));
    g_assert_nonnull(pb);
    g_autofree char *file = g_strdup_printf("%s.png", name);
    g_autofree char *path = g_build_filename(shots, file, NULL);
    GError *error = NULL;
    g_assert_true(g_mkdir_with_parents(shots, 0755) == 0);
    gboolean ok = gdk_pixbuf_save(pb, path, "png", &error, NULL);
    g_assert_no_error(error);
    g_assert_true(ok);
    g_test_message("screenshot %s", path);
}

static gboolean disc_read(gpointer p)
{
    DwGuiJob *j = dw_window_get_probe_job(win);
    return j && !dw_gui_job_is_running(j) && dw_window_get_disc(win) != NULL;
}

static gboolean probe_failed(gpointer p)
{
    DwGuiJob *j = dw_window_get_probe_job(win);
    return disc_read(p) || (j && !dw_gui_job_is_running(j) && dw_gui_job_get_error(j));
}

/* Start the app once per process and wait for the disc in the drive. */
static void app_up(void)
{
    if (win)
        return;
    app = dw_app_new();
    GError *error = NULL;
    g_assert_true(g_application_register(G_APPLICATION(app), NULL, &error));
    g_assert_no_error(error);
    g_application_activate(G_APPLICATION(app));
    win = dw_app_get_window(app);
    g_assert_nonnull(win);
    g_assert_true(wait_for(probe_failed, NULL));
    DwGuiJob *j = dw_window_get_probe_job(win);
    if (dw_gui_job_get_error(j))
        g_error("reading the disc failed: %s", dw_gui_job_get_error(j)->message);
    g_assert_true(disc_read(NULL));
}

static gboolean model_has(GtkTreeModel *m, int col, const char *text)
{
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *v = NULL;
        gtk_tree_model_get(m, &it, col, &v, -1);
        if (v && g_str_equal(v, text))
            return TRUE;
    }
    return FALSE;
}

static char *isrc_of_track(GtkTreeModel *m, int track)
{
    GtkTreeIter it;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        int n;
        char *isrc;
        gtk_tree_model_get(m, &it, DW_TRACK_COL_NUMBER, &n, DW_TRACK_COL_ISRC, &isrc, -1);
        if (n == track)
            return isrc;
        g_free(isrc);
    }
    return NULL;
}

static void test_start(void)
{
    app_up();
    const char *expect = g_getenv("DW_GUI_EXPECT");
    g_assert_nonnull(expect);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(expect, &text, NULL, NULL));
    g_assert_cmpuint(dw_drive_list_count(dw_window_get_drive_list(win)), >=, 1);
    g_assert_cmpstr(dw_drive_list_get_selected(dw_window_get_drive_list(win)), ==, "/dev/sr0");
    GtkTreeModel *tracks = dw_view_disc_get_tracks(dw_window_get_view_disc(win));
    GtkTreeModel *cdtext = dw_view_disc_get_cdtext(dw_window_get_view_disc(win));
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    int isrcs = 0, texts = 0;
    for (char **l = lines; *l; l++) {
        g_auto(GStrv) f = g_strsplit(*l, "\t", 3);
        if (!f[0] || !f[1])
            continue;
        if (g_str_equal(f[0], "tracks")) {
            g_assert_cmpint(gtk_tree_model_iter_n_children(tracks, NULL), ==, atoi(f[1]));
        } else if (g_str_equal(f[0], "mcn")) {
            g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), f[1]));
        } else if (g_str_equal(f[0], "isrc") && f[2]) {
            g_autofree char *isrc = isrc_of_track(tracks, atoi(f[1]));
            g_assert_cmpstr(isrc, ==, f[2]);
            isrcs++;
        } else if (g_str_equal(f[0], "text")) {
            if (!model_has(cdtext, DW_CDTEXT_COL_TEXT, f[1]))
                g_error("CD-TEXT \"%s\" not shown", f[1]);
            texts++;
        }
    }
    g_test_message("%d ISRCs and %d CD-TEXT entries checked", isrcs, texts);
    g_assert_cmpint(isrcs + texts, >, 0);
    /* libburn's view of the same drive: a pressed disc, closed. */
    g_assert_cmpstr(dw_view_disc_get_media_value(dw_window_get_view_disc(win), "status"), ==, "closed");
    dw_window_show_view(win, "disc");
    screenshot("disc");
}

static void test_views(void)
{
    app_up();
    /* Author's Burn is built in now (the project streamed to the burner). */
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "rip"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "cancel"));
    /* Every action has a shortcut, and the shortcuts window opens. */
    static const char *const acts[] = { "win.refresh", "win.open-image", "win.rip", "win.resume", "win.cancel",
                                        "win.save-log", "win.verify", "win.show-view::jobs", "app.quit",
                                        "win.author-add-files", "win.author-add-folder", "win.author-remove",
                                        "win.author-write", "win.burn", "win.author-burn",
                                        "win.open-medium-file",
                                        "win.show-help-overlay" };
    for (size_t i = 0; i < G_N_ELEMENTS(acts); i++) {
        g_auto(GStrv) accels = gtk_application_get_accels_for_action(GTK_APPLICATION(app), acts[i]);
        if (!accels || !accels[0])
            g_error("%s has no keyboard shortcut", acts[i]);
    }
    g_action_group_activate_action(G_ACTION_GROUP(win), "show-help-overlay", NULL);
    settle(100);
    GtkWidget *help = NULL;
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l; l = l->next)
        if (GTK_IS_SHORTCUTS_WINDOW(l->data) && gtk_widget_get_visible(l->data))
            help = l->data;
    g_list_free(tops);
    g_assert_nonnull(help);
    gtk_widget_hide(help);
    /* An error goes to the info bar, not only to stderr. */
    DwViewRip *rip = dw_window_get_view_rip(win);
    dw_view_rip_set_output(rip, "/nonexistent/discwright", "x");
    g_assert_false(dw_view_rip_start(rip, FALSE));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*/nonexistent/discwright*"));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    /* The log pane is savable. */
    g_autofree char *tmp = g_build_filename(g_get_tmp_dir(), "dw-gui-log-XXXXXX", NULL);
    int fd = g_mkstemp(tmp);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    GError *error = NULL;
    g_assert_true(dw_window_save_log(win, tmp, &error));
    g_autofree char *log = NULL;
    g_assert_true(g_file_get_contents(tmp, &log, NULL, NULL));
    g_assert_nonnull(strstr(log, "/dev/sr0"));
    g_assert_nonnull(strstr(log, "nonexistent"));
    g_unlink(tmp);
}

/* An image opened as a source (DW_GUI_IMAGE, with DW_GUI_IMAGE_TRACKS and
 * DW_GUI_IMAGE_LABEL from its ground truth) is listed and read like a drive. */
static void test_image(void)
{
    app_up();
    const char *image = g_getenv("DW_GUI_IMAGE");
    if (!image) {
        g_test_skip("DW_GUI_IMAGE not set");
        return;
    }
    DwDriveList *list = dw_window_get_drive_list(win);
    guint before = dw_drive_list_count(list);
    dw_drive_list_add_image(list, image);
    g_assert_cmpuint(dw_drive_list_count(list), ==, before + 1);
    DwGuiJob *old = dw_window_get_probe_job(win);
    g_assert_true(dw_drive_list_select(list, image));
    g_assert_true(dw_window_get_probe_job(win) != old);
    g_assert_true(wait_for(probe_failed, NULL));
    g_assert_true(disc_read(NULL));
    GtkTreeModel *tracks = dw_view_disc_get_tracks(dw_window_get_view_disc(win));
    g_assert_cmpint(gtk_tree_model_iter_n_children(tracks, NULL), ==, atoi(g_getenv("DW_GUI_IMAGE_TRACKS")));
    const char *label = g_getenv("DW_GUI_IMAGE_LABEL");
    if (label && *label)
        g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), label));
    dw_window_show_view(win, "disc");
    screenshot("disc-image");
    /* Back to the drive for the tests that follow. */
    g_assert_true(dw_drive_list_select(list, "/dev/sr0"));
    g_assert_true(wait_for(probe_failed, NULL));
    g_assert_true(disc_read(NULL));
}

static void tray(unsigned long request)
{
    int fd = open("/dev/sr0", O_RDONLY | O_NONBLOCK);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(ioctl(fd, request, 0), ==, 0);
    close(fd);
}

static gboolean no_disc_shown(gpointer p)
{
    DwGuiJob *j = dw_window_get_probe_job(win);
    return j != p && !dw_gui_job_is_running(j) && dw_window_get_disc(win) == NULL;
}

static gboolean disc_shown_again(gpointer p)
{
    DwGuiJob *j = dw_window_get_probe_job(win);
    return j != p && disc_read(NULL);
}

/* Media change without udisks2: the sidebar's polling sees the tray open
 * (the virtual drive's eject), the view says there is no disc; closed
 * again, the disc is read anew. */
static void test_media_change(void)
{
    app_up();
    DwGuiJob *before = dw_window_get_probe_job(win);
    tray(CDROMEJECT);
    g_assert_true(wait_for(no_disc_shown, before));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*no disc*"));
    g_assert_error(dw_gui_job_get_error(dw_window_get_probe_job(win)), DW_ERROR, DW_ERROR_NO_MEDIUM);
    g_assert_false(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));   /* not an error */
    DwGuiJob *empty = dw_window_get_probe_job(win);
    tray(CDROMCLOSETRAY);
    g_assert_true(wait_for(disc_shown_again, empty));
    GtkTreeModel *tracks = dw_view_disc_get_tracks(dw_window_get_view_disc(win));
    g_assert_cmpint(gtk_tree_model_iter_n_children(tracks, NULL), ==, dw_window_get_disc(win)->n_tracks);
}

static gboolean job_done(gpointer p)
{
    DwGuiJob *j = dw_view_rip_get_job(dw_window_get_view_rip(win));
    return j && !dw_gui_job_is_running(j);
}

static void start_rip(gboolean resume)
{
    DwViewRip *rip = dw_window_get_view_rip(win);
    dw_view_rip_set_output(rip, out_dir, sample);
    dw_view_rip_set_formats(rip, DW_RIP_ALL);
    dw_window_show_view(win, "rip");
    g_action_group_activate_action(G_ACTION_GROUP(win), resume ? "resume" : "rip", NULL);
    DwGuiJob *j = dw_view_rip_get_job(rip);
    g_assert_nonnull(j);
    g_assert_true(dw_gui_job_is_running(j));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "cancel"));
}

/* Every file of the reference rip but its log and report is in out_dir, equal. */
static void compare_with_reference(void)
{
    g_assert_nonnull(ref_dir);
    GError *error = NULL;
    g_autoptr(GDir) d = g_dir_open(ref_dir, 0, &error);
    g_assert_no_error(error);
    int n = 0;
    for (const char *name; (name = g_dir_read_name(d));) {
        if (g_str_has_suffix(name, ".log") || g_str_has_suffix(name, ".json") || g_str_equal(name, "err"))
            continue;
        g_autofree char *a = g_build_filename(ref_dir, name, NULL);
        g_autofree char *b = g_build_filename(out_dir, name, NULL);
        g_autofree char *ta = NULL, *tb = NULL;
        gsize la = 0, lb = 0;
        g_assert_true(g_file_get_contents(a, &ta, &la, NULL));
        if (!g_file_get_contents(b, &tb, &lb, NULL))
            g_error("the GUI's rip has no %s", name);
        if (la != lb || memcmp(ta, tb, la) != 0)
            g_error("%s differs from discwright rip's", name);
        n++;
    }
    g_test_message("%d files equal byte for byte", n);
    g_assert_cmpint(n, >=, 4);
}

static void test_rip(void)
{
    app_up();
    start_rip(FALSE);
    g_assert_true(wait_for(job_done, NULL));
    DwGuiJob *j = dw_view_rip_get_job(dw_window_get_view_rip(win));
    if (!dw_gui_job_succeeded(j))
        g_error("rip failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    int64_t c[4];
    dw_sector_map_get_counts(dw_view_rip_get_sector_map(dw_window_get_view_rip(win)), c);
    g_assert_cmpint(c[0], >, 0);
    g_assert_cmpint(c[1] + c[2] + c[3], ==, 0);
    GtkTreeModel *ts = dw_view_rip_get_track_status(dw_window_get_view_rip(win));
    g_assert_cmpint(gtk_tree_model_iter_n_children(ts, NULL), ==, dw_window_get_disc(win)->n_tracks);
    g_assert_true(model_has(ts, 4, "good"));
    screenshot("rip");
    compare_with_reference();
    dw_window_show_view(win, "jobs");
    screenshot("jobs");
}

static gboolean some_read(gpointer p)
{
    int64_t c[4];
    dw_sector_map_get_counts(dw_view_rip_get_sector_map(dw_window_get_view_rip(win)), c);
    return (c[0] > 0 && c[2] > 0) || job_done(NULL);
}

static void test_cancel(void)
{
    app_up();
    start_rip(FALSE);
    g_assert_true(wait_for(some_read, NULL));
    g_assert_false(job_done(NULL));   /* the drive is slow enough to catch it running */
    screenshot("rip-running");
    /* Closing while the rip runs asks first; "Keep Running" keeps it. */
    gtk_window_close(GTK_WINDOW(win));
    settle(100);
    GtkWidget *ask = NULL;
    GList *tops = gtk_window_list_toplevels();
    for (GList *l = tops; l; l = l->next)
        if (GTK_IS_MESSAGE_DIALOG(l->data) && gtk_widget_get_visible(l->data))
            ask = l->data;
    g_list_free(tops);
    g_assert_nonnull(ask);
    g_assert_true(GTK_IS_WINDOW(win) && gtk_widget_get_visible(GTK_WIDGET(win)));
    gtk_dialog_response(GTK_DIALOG(ask), GTK_RESPONSE_CANCEL);
    g_assert_false(job_done(NULL));
    g_action_group_activate_action(G_ACTION_GROUP(win), "cancel", NULL);
    g_assert_true(wait_for(job_done, NULL));
    DwGuiJob *j = dw_view_rip_get_job(dw_window_get_view_rip(win));
    g_assert_error(dw_gui_job_get_error(j), DW_ERROR, DW_ERROR_CANCELLED);
    /* Cancel is not an error: no info bar; the map stays for Resume. */
    g_assert_false(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_autofree char *base = g_build_filename(out_dir, sample, NULL);
    g_autofree char *map_path = g_strconcat(base, ".map", NULL);
    GError *error = NULL;
    g_autoptr(dw_map) map = dw_map_read_file(map_path, -1, 2352, &error);
    g_assert_no_error(error);
    g_assert_cmpint(dw_map_count(map, DW_MAP_FINISHED), >, 0);
    g_assert_cmpint(dw_map_count(map, DW_MAP_NONTRIED), >, 0);
    static const char *const finals[] = { ".cue", ".ccd", ".img", ".sub", ".toc", ".bin", ".iso", ".hash", ".dat",
                                          " (Track 1).bin" };
    for (size_t i = 0; i < G_N_ELEMENTS(finals); i++) {
        g_autofree char *p = g_strconcat(base, finals[i], NULL);
        if (g_file_test(p, G_FILE_TEST_EXISTS))
            g_error("a cancelled rip left %s, which looks complete", p);
    }
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "resume"));
}

static void test_resume(void)
{
    app_up();
    start_rip(TRUE);
    g_assert_true(wait_for(job_done, NULL));
    DwGuiJob *j = dw_view_rip_get_job(dw_window_get_view_rip(win));
    if (!dw_gui_job_succeeded(j))
        g_error("resumed rip failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    compare_with_reference();
}

static gboolean verify_done(gpointer p)
{
    DwGuiJob *j = dw_view_verify_get_job(dw_window_get_view_verify(win));
    return j && !dw_gui_job_is_running(j);
}

/* Rows of the results with this result and check. */
static int count_results(const char *result, const char *check)
{
    GtkTreeModel *m = dw_view_verify_get_results(dw_window_get_view_verify(win));
    GtkTreeIter it;
    int n = 0;
    for (gboolean ok = gtk_tree_model_get_iter_first(m, &it); ok; ok = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *r = NULL, *c = NULL;
        gtk_tree_model_get(m, &it, 0, &r, 1, &c, -1);
        n += g_str_equal(r, result) && (!check || g_str_equal(c, check));
    }
    return n;
}

static void run_verify(const char *image, int against)
{
    DwViewVerify *v = dw_window_get_view_verify(win);
    dw_view_verify_set_target(v, image, against, NULL);
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "verify"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "verify", NULL);
    g_assert_nonnull(dw_view_verify_get_job(v));
    g_assert_true(wait_for(verify_done, NULL));
    DwGuiJob *j = dw_view_verify_get_job(v);
    if (!dw_gui_job_succeeded(j))
        g_error("verify failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
}

/* Verify the GUI's rip by its own checks (hash sidecar, sectors, audio
 * sums) and against the disc in the drive: all good; then flip one byte
 * of its image: the hash mismatch and the sector that differs from the
 * disc are reported. */
static void test_verify(void)
{
    app_up();
    g_autofree char *base = g_build_filename(out_dir, sample, NULL);
    g_autofree char *ccd = g_strconcat(base, ".ccd", NULL);
    g_autofree char *img = g_strconcat(base, ".img", NULL);
    g_assert_true(g_file_test(ccd, G_FILE_TEST_EXISTS));
    run_verify(ccd, DW_VERIFY_OWN);
    g_assert_cmpint(count_results("ok", "hash"), >, 0);
    g_assert_cmpint(count_results("error", NULL), ==, 0);
    g_assert_cmpint(count_results("unreadable", NULL), ==, 0);
    run_verify(ccd, DW_VERIFY_DRIVE);
    g_assert_cmpint(count_results("ok", "compare"), >, 0);
    g_assert_cmpint(count_results("error", NULL), ==, 0);
    FILE *f = fopen(img, "r+b");
    g_assert_nonnull(f);
    g_assert_cmpint(fseek(f, 2352 * 100 + 1000, SEEK_SET), ==, 0);
    int c = fgetc(f);
    g_assert_cmpint(c, !=, EOF);
    g_assert_cmpint(fseek(f, 2352 * 100 + 1000, SEEK_SET), ==, 0);
    g_assert_cmpint(fputc(c ^ 0x01, f), !=, EOF);
    g_assert_cmpint(fclose(f), ==, 0);
    run_verify(ccd, DW_VERIFY_DRIVE);
    g_assert_cmpint(count_results("error", "compare"), >, 0);
    run_verify(ccd, DW_VERIFY_OWN);
    g_assert_cmpint(count_results("error", "hash"), >, 0);
    screenshot("verify");
}

static gboolean author_done(gpointer p)
{
    DwGuiJob *j = dw_view_author_get_job(dw_window_get_view_author(win));
    return j && !dw_gui_job_is_running(j);
}

/* The bytes of dir/name in the ISO 9660 (Rock Ridge) tree, or NULL. */
static GBytes *iso_file(iso9660_t *iso, const char *dir, const char *name)
{
    CdioList_t *l = iso9660_ifs_readdir(iso, dir);
    if (!l)
        return NULL;
    GBytes *out = NULL;
    CdioListNode_t *node;
    _CDIO_LIST_FOREACH(node, l)
    {
        iso9660_stat_t *st = _cdio_list_node_data(node);
        if (strcmp(st->filename, name) != 0 || st->type == _STAT_DIR)
            continue;
        gsize blocks = (st->size + 2047) / 2048;
        guint8 *buf = g_malloc0(MAX(blocks, 1) * 2048);
        if (blocks == 0 || iso9660_iso_seek_read(iso, buf, st->lsn, (long)blocks) == (long)(blocks * 2048))
            out = g_bytes_new(buf, st->size);
        g_free(buf);
    }
    iso9660_filelist_free(l);
    return out;
}

static GBytes *udf_file(udfread *u, const char *path)
{
    UDFFILE *f = udfread_file_open(u, path);
    if (!f)
        return NULL;
    int64_t size = udfread_file_size(f);
    guint8 *buf = g_malloc0((gsize)MAX(size, 1));
    ssize_t got = udfread_file_read(f, buf, (size_t)size);
    udfread_file_close(f);
    GBytes *b = got == size ? g_bytes_new(buf, (gsize)size) : NULL;
    g_free(buf);
    return b;
}

static void assert_bytes(GBytes *got, const char *want_path, const char *what)
{
    if (!got)
        g_error("%s: not found in the image", what);
    g_autofree char *want = NULL;
    gsize n = 0;
    g_assert_true(g_file_get_contents(want_path, &want, &n, NULL));
    gsize gn = 0;
    const void *gd = g_bytes_get_data(got, &gn);
    if (gn != n || memcmp(gd, want, n) != 0)
        g_error("%s: the image holds other bytes than %s", what, want_path);
    g_bytes_unref(got);
}

/* An author project of a small tree (a folder grafted at /tree, a file
 * grafted elsewhere under a new name) written from the GUI: libiso9660 and
 * libudfread read every file back, and the label.  Writing again over the
 * image is refused and shown in the info bar. */
static void test_author(void)
{
    app_up();
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-author-XXXXXX", NULL);
    g_assert_nonnull(tmp);
    g_autofree char *tree = g_build_filename(tmp, "tree", NULL);
    g_autofree char *sub = g_build_filename(tree, "sub", NULL);
    g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
    g_autofree char *a = g_build_filename(tree, "a.txt", NULL);
    g_autofree char *b = g_build_filename(sub, "b.bin", NULL);
    g_autofree char *c = g_build_filename(tmp, "notes.txt", NULL);
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 400; i++)
        g_string_append_printf(text, "line %d of a.txt\n", i);
    g_assert_true(g_file_set_contents(a, text->str, (gssize)text->len, NULL));
    g_string_free(text, TRUE);
    guint8 bin[5000];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (guint8)(i * 7 + 3);
    g_assert_true(g_file_set_contents(b, (const char *)bin, sizeof bin, NULL));
    g_assert_true(g_file_set_contents(c, "grafted anywhere\n", -1, NULL));

    DwViewAuthor *v = dw_window_get_view_author(win);
    dw_window_show_view(win, "author");
    dw_view_author_add(v, tree, NULL);
    dw_view_author_add(v, c, "/docs/readme.txt");
    g_assert_cmpint(gtk_tree_model_iter_n_children(dw_view_author_get_project(v), NULL), ==, 2);
    dw_view_author_set_options(v, "GUITEST", 2);   /* UDF 2.01 bridge */
    g_autofree char *iso_path = g_build_filename(tmp, "project.iso", NULL);
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-write"));
    g_assert_true(dw_view_author_write(v, iso_path));
    g_assert_true(wait_for(author_done, NULL));
    DwGuiJob *j = dw_view_author_get_job(v);
    if (!dw_gui_job_succeeded(j))
        g_error("author failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    screenshot("author");

    iso9660_t *iso = iso9660_open_ext(iso_path, ISO_EXTENSION_ROCK_RIDGE);
    g_assert_nonnull(iso);
    char *vol = NULL;
    g_assert_true(iso9660_ifs_get_volume_id(iso, &vol));
    g_assert_cmpstr(vol, ==, "GUITEST");
    free(vol);
    assert_bytes(iso_file(iso, "/tree", "a.txt"), a, "ISO /tree/a.txt");
    assert_bytes(iso_file(iso, "/tree/sub", "b.bin"), b, "ISO /tree/sub/b.bin");
    assert_bytes(iso_file(iso, "/docs", "readme.txt"), c, "ISO /docs/readme.txt");
    iso9660_close(iso);
    udfread *u = udfread_init();
    g_assert_cmpint(udfread_open(u, iso_path), ==, 0);
    g_assert_cmpstr(udfread_get_volume_id(u), ==, "GUITEST");
    assert_bytes(udf_file(u, "/tree/a.txt"), a, "UDF /tree/a.txt");
    assert_bytes(udf_file(u, "/tree/sub/b.bin"), b, "UDF /tree/sub/b.bin");
    assert_bytes(udf_file(u, "/docs/readme.txt"), c, "UDF /docs/readme.txt");
    udfread_close(u);

    /* An existing image is never overwritten: the job fails, the info bar says so. */
    g_assert_true(dw_view_author_write(v, iso_path));
    g_assert_true(wait_for(author_done, NULL));
    g_assert_error(dw_gui_job_get_error(dw_view_author_get_job(v)), DW_ERROR, DW_ERROR_EXISTS);
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    g_unlink(iso_path);
    g_unlink(a);
    g_unlink(b);
    g_unlink(c);
    g_rmdir(sub);
    g_rmdir(tree);
    g_rmdir(tmp);
}

static gboolean burn_done(gpointer p)
{
    DwGuiJob *j = dw_view_burn_get_job(dw_window_get_view_burn(win));
    return j && !dw_gui_job_is_running(j);
}

/* Burn an ISO (DW_GUI_BURN_IMAGE) to a stdio: drive with verify after
 * burning: success, and the target holds the image; a target corrupted
 * afterwards is reported by the verify view (image against image). */
static void test_burn(void)
{
    app_up();
    const char *image = g_getenv("DW_GUI_BURN_IMAGE");
    if (!image) {
        g_test_skip("DW_GUI_BURN_IMAGE not set");
        return;
    }
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-burn-XXXXXX", NULL);
    g_autofree char *target = g_build_filename(tmp, "target.iso", NULL);
    g_autofree char *drive = g_strconcat("stdio:", target, NULL);
    DwViewBurn *v = dw_window_get_view_burn(win);
    dw_view_burn_set_target(v, image, drive, TRUE);
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "burn", NULL);
    g_assert_nonnull(dw_view_burn_get_job(v));
    g_assert_true(wait_for(burn_done, NULL));
    DwGuiJob *j = dw_view_burn_get_job(v);
    if (!dw_gui_job_succeeded(j))
        g_error("burn failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    screenshot("burn");
    g_autofree char *want = NULL, *got = NULL;
    gsize wn = 0, gn = 0;
    g_assert_true(g_file_get_contents(image, &want, &wn, NULL));
    g_assert_true(g_file_get_contents(target, &got, &gn, NULL));
    g_assert_cmpuint(gn, >=, wn);
    g_assert_true(memcmp(want, got, wn) == 0);
    /* Flip a byte of the target: comparing it with the image finds it. */
    got[wn / 2] ^= 0x40;
    g_assert_true(g_file_set_contents(target, got, (gssize)gn, NULL));
    DwViewVerify *vv = dw_window_get_view_verify(win);
    dw_view_verify_set_target(vv, target, DW_VERIFY_IMAGE, image);
    g_action_group_activate_action(G_ACTION_GROUP(win), "verify", NULL);
    g_assert_true(wait_for(verify_done, NULL));
    g_assert_true(dw_gui_job_succeeded(dw_view_verify_get_job(vv)));
    g_assert_cmpint(count_results("error", "compare"), >, 0);
    g_unlink(target);
    g_rmdir(tmp);
}

/* ---- writable media and burning the author project ---------------------- */

static gboolean probe_done(gpointer p)
{
    DwGuiJob *j = dw_window_get_probe_job(win);
    return j && !dw_gui_job_is_running(j);
}

static const char *media_value(const char *key)
{
    return dw_view_disc_get_media_value(dw_window_get_view_disc(win), key);
}

/* The volume label of the ISO in path (PVD at block 16, 32 bytes at 40), blanks stripped. */
static char *iso_label(const char *path)
{
    g_autofree char *data = NULL;
    gsize n = 0;
    g_assert_true(g_file_get_contents(path, &data, &n, NULL));
    g_assert_cmpuint(n, >=, 17 * 2048);
    return g_strchomp(g_strndup(data + 16 * 2048 + 40, 32));
}

/* The disc view's writable-medium section: the burner in the (virtual)
 * drive holds a pressed disc (closed, nothing free); an empty file as a
 * stdio: medium is blank with free space; a file holding an ISO is
 * appendable and shows its volume label and size. */
static void test_media(void)
{
    app_up();
    dw_window_show_view(win, "disc");
    g_assert_true(wait_for(probe_done, NULL));
    g_assert_cmpstr(media_value("status"), ==, "closed");
    g_assert_cmpstr(media_value("free"), !=, NULL);

    g_autofree char *tmp = g_dir_make_tmp("dw-gui-media-XXXXXX", NULL);
    g_autofree char *blank = g_build_filename(tmp, "blank.img", NULL);
    g_assert_true(g_file_set_contents(blank, "", 0, NULL));
    /* As `discwright-gtk stdio:FILE` would: GIO keeps the argument as a URI. */
    g_autofree char *addr = g_strconcat("stdio:", blank, NULL);
    GFile *arg = g_file_new_for_commandline_arg(addr);
    g_application_open(G_APPLICATION(app), &arg, 1, "");
    g_object_unref(arg);
    g_assert_cmpstr(dw_drive_list_get_selected(dw_window_get_drive_list(win)), ==, addr);
    g_assert_true(wait_for(probe_done, NULL));
    g_assert_true(dw_gui_job_succeeded(dw_window_get_probe_job(win)));
    g_assert_cmpstr(media_value("status"), ==, "blank");
    g_assert_cmpstr(media_value("sessions"), ==, "0");
    g_assert_nonnull(media_value("capacity"));
    g_assert_nonnull(media_value("speeds"));
    const char *fr = media_value("free");
    g_assert_nonnull(fr);
    g_assert_false(g_str_has_prefix(fr, "0 "));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "blank, overwritable"));
    g_assert_false(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    screenshot("medium");
    /* The author view offers its free space as a capacity to check against, chosen or not. */
    GtkComboBox *mc = dw_view_author_get_medium_combo(dw_window_get_view_author(win));
    g_assert_cmpint(gtk_tree_model_iter_n_children(gtk_combo_box_get_model(mc), NULL), ==, 5);
    gtk_combo_box_set_active(mc, 4);
    g_autofree char *mtext = gtk_combo_box_text_get_active_text(GTK_COMBO_BOX_TEXT(mc));
    g_assert_nonnull(strstr(mtext, "blank.img"));
    /* The burn view offers that medium (chosen) and the drive, with the medium's state under it. */
    DwViewBurn *bv = dw_window_get_view_burn(win);
    GtkComboBox *dc = dw_view_burn_get_drive_combo(bv);
    g_assert_true(model_has(gtk_combo_box_get_model(dc), 0, addr));
    g_assert_true(model_has(gtk_combo_box_get_model(dc), 0, "/dev/sr0"));
    g_assert_cmpint(gtk_combo_box_get_active(dc), ==, 0);
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "Medium: blank, * free"));
    /* A burner reporting write speeds lists them; another drive gets the Nx list back. */
    int speeds[] = { 5540, 11080 };
    dw_media_info fake = { .profile = 0x1a, .status = DW_MEDIA_BLANK, .free_bytes = 4700000000ULL,
                           .write_speeds = speeds, .n_write_speeds = 2 };
    dw_view_burn_set_target(bv, NULL, "/dev/fake-burner", TRUE);
    dw_view_burn_set_medium(bv, "/dev/fake-burner", &fake);
    GtkComboBox *sc = dw_view_burn_get_speed_combo(bv);
    g_assert_cmpint(gtk_tree_model_iter_n_children(gtk_combo_box_get_model(sc), NULL), ==, 3);
    gtk_combo_box_set_active(sc, 2);
    g_assert_cmpint(dw_view_burn_get_speed_kbs(bv, 0x1a), ==, 11080);
    gtk_combo_box_set_active(sc, 0);
    g_assert_cmpint(dw_view_burn_get_speed_kbs(bv, 0x1a), ==, 0);
    dw_view_burn_set_target(bv, NULL, "/dev/other", TRUE);
    g_assert_cmpint(gtk_tree_model_iter_n_children(gtk_combo_box_get_model(sc), NULL), ==, 4);
    gtk_combo_box_set_active(sc, 1);   /* 4x */
    g_assert_cmpint(dw_view_burn_get_speed_kbs(bv, 0x1a), ==, 4 * 1385);   /* DVD+RW */
    g_assert_cmpint(dw_view_burn_get_speed_kbs(bv, 0x09), ==, 706);        /* CD-R: 4 x 176.4 */
    gtk_combo_box_set_active(sc, 0);
    dw_view_burn_set_medium(bv, NULL, NULL);
    /* Looking at a medium changes nothing. */
    GStatBuf st;
    g_assert_cmpint(g_stat(blank, &st), ==, 0);
    g_assert_cmpint(st.st_size, ==, 0);

    const char *image = g_getenv("DW_GUI_BURN_IMAGE");
    if (image) {
        g_autofree char *written = g_build_filename(tmp, "written.iso", NULL);
        g_autofree char *data = NULL;
        gsize n = 0;
        g_assert_true(g_file_get_contents(image, &data, &n, NULL));
        g_assert_true(g_file_set_contents(written, data, (gssize)n, NULL));
        dw_window_open_medium_file(win, written);
        g_assert_true(wait_for(probe_done, NULL));
        g_assert_true(dw_gui_job_succeeded(dw_window_get_probe_job(win)));
        g_assert_cmpstr(media_value("status"), ==, "appendable");
        g_assert_cmpstr(media_value("sessions"), ==, "1");
        g_autofree char *label = iso_label(image);
        g_assert_cmpstr(media_value("label"), ==, label);
        g_assert_nonnull(media_value("next"));
        /* The file also reads as an image: its track is listed. */
        g_assert_nonnull(dw_window_get_disc(win));
        g_assert_cmpint(gtk_tree_model_iter_n_children(dw_view_disc_get_tracks(dw_window_get_view_disc(win)), NULL),
                        >=, 1);
        g_unlink(written);
    }
    g_unlink(blank);
    g_rmdir(tmp);
    /* Back to the drive for the tests that follow. */
    g_assert_true(dw_drive_list_select(dw_window_get_drive_list(win), "/dev/sr0"));
    g_assert_true(wait_for(probe_done, NULL));
    g_assert_true(disc_read(NULL));
    /* A pressed disc cannot be written: the fifth choice goes, the choice falls back to CD. */
    g_assert_cmpint(gtk_tree_model_iter_n_children(gtk_combo_box_get_model(mc), NULL), ==, 4);
    g_assert_cmpint(gtk_combo_box_get_active(mc), ==, 0);
}

static GBytes *read_all(const char *path)
{
    char *data = NULL;
    gsize n = 0;
    GError *error = NULL;
    if (!g_file_get_contents(path, &data, &n, &error))
        g_error("%s", error->message);
    return g_bytes_new_take(data, n);
}

/* Author's Burn…: the burn view takes the project as its source; the
 * project burnt to a new stdio: file with verify after burning succeeds
 * (verified: the read-back SHA-256 equals what was sent), nothing is left
 * under the temporary name, and the file's bytes equal `discwright author`
 * of the same grafts and options (DW_GUI_CLI) with --date set to the
 * SOURCE_DATE_EPOCH the GUI's author engine reads.  Burning onto it again is refused (the file holds
 * data); an empty project is refused before any job starts; a simulation
 * with verify is refused, one without succeeds and leaves no file. */
static void test_author_burn(void)
{
    app_up();
    const char *cli = g_getenv("DW_GUI_CLI");
    const char *date = g_getenv("SOURCE_DATE_EPOCH");   /* set before the process started: no setenv with threads */
    if (!cli || !date) {
        g_test_skip("DW_GUI_CLI or SOURCE_DATE_EPOCH not set");
        return;
    }
    g_autofree char *tmp = g_dir_make_tmp("dw-gui-aburn-XXXXXX", NULL);
    g_autofree char *tree = g_build_filename(tmp, "tree", NULL);
    g_autofree char *sub = g_build_filename(tree, "sub", NULL);
    g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
    g_autofree char *a = g_build_filename(tree, "a.txt", NULL);
    g_autofree char *b = g_build_filename(sub, "b.bin", NULL);
    g_autofree char *c = g_build_filename(tmp, "notes.txt", NULL);
    GString *text = g_string_new(NULL);
    for (int i = 0; i < 3000; i++)
        g_string_append_printf(text, "line %d of a.txt, burnt from the author view\n", i);
    g_assert_true(g_file_set_contents(a, text->str, (gssize)text->len, NULL));
    g_string_free(text, TRUE);
    guint8 bin[70000];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (guint8)(i * 13 + (i >> 8));
    g_assert_true(g_file_set_contents(b, (const char *)bin, sizeof bin, NULL));
    g_assert_true(g_file_set_contents(c, "grafted for the burn\n", -1, NULL));

    DwViewAuthor *av = dw_window_get_view_author(win);
    DwViewBurn *bv = dw_window_get_view_burn(win);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    g_autofree char *target = g_build_filename(tmp, "project.iso", NULL);
    g_autofree char *drive = g_strconcat("stdio:", target, NULL);

    /* An empty project: refused with the reason in the info bar. */
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "author-burn", NULL);
    g_assert_cmpint(dw_view_burn_get_from(bv), ==, DW_BURN_FROM_PROJECT);
    dw_view_burn_set_target(bv, NULL, drive, TRUE);
    DwGuiJob *before = dw_view_burn_get_job(bv);
    g_assert_false(dw_view_burn_start(bv));
    g_assert_true(dw_view_burn_get_job(bv) == before);
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    g_assert_false(g_file_test(target, G_FILE_TEST_EXISTS));

    dw_view_author_add(av, tree, "/tree");
    dw_view_author_add(av, c, "/docs/readme.txt");
    dw_view_author_set_options(av, "GUIBURN", 2);   /* UDF 2.01 */
    g_action_group_activate_action(G_ACTION_GROUP(win), "author-burn", NULL);
    g_assert_cmpstr(gtk_stack_get_visible_child_name(GTK_STACK(gtk_widget_get_parent(GTK_WIDGET(bv)))), ==,
                    "burn");
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*GUIBURN*2 items*"));
    dw_view_burn_set_target(bv, NULL, drive, TRUE);
    g_action_group_activate_action(G_ACTION_GROUP(win), "burn", NULL);
    g_assert_true(dw_view_burn_get_job(bv) != before);
    g_assert_true(wait_for(burn_done, NULL));
    DwGuiJob *j = dw_view_burn_get_job(bv);
    if (!dw_gui_job_succeeded(j))
        g_error("burning the project failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    const dw_burn_result *r = dw_view_burn_get_result(bv);
    g_assert_nonnull(r);
    g_assert_true(r->verified);
    g_assert_cmpint(r->start_lba, ==, 0);
    screenshot("burn-project");
    g_autofree char *part = g_strconcat(target, ".dwpart", NULL);
    g_assert_false(g_file_test(part, G_FILE_TEST_EXISTS));

    /* The same project from the command line, same date. */
    g_autofree char *ref = g_build_filename(tmp, "ref.iso", NULL);
    g_autofree char *g1 = g_strconcat("/tree=", tree, NULL);
    g_autofree char *g2 = g_strconcat("/docs/readme.txt=", c, NULL);
    const char *argv[] = { cli, "-q", "author", g1, g2, "--volid", "GUIBURN", "--udf=2.01", "--date", date,
                           "-o", ref, NULL };
    int status = -1;
    GError *error = NULL;
    g_autofree char *err_text = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err_text,
                               &status, &error));
    g_assert_no_error(error);
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("discwright author failed: %s", err_text);
    GBytes *got = read_all(target), *want = read_all(ref);
    g_assert_cmpuint(g_bytes_get_size(got), ==, g_bytes_get_size(want));
    g_assert_cmpuint(g_bytes_get_size(got), ==, r->blocks * 2048);
    g_assert_true(g_bytes_equal(got, want));
    g_bytes_unref(got);
    g_bytes_unref(want);

    /* The target now holds data: burning again without force is refused, the file is kept. */
    g_assert_true(dw_view_burn_start(bv));
    g_assert_true(wait_for(burn_done, NULL));
    g_assert_false(dw_gui_job_succeeded(dw_view_burn_get_job(bv)));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    GBytes *kept = read_all(target), *again = read_all(ref);
    g_assert_true(g_bytes_equal(kept, again));
    g_bytes_unref(kept);
    g_bytes_unref(again);

    /* Simulate with verify: refused (nothing written to verify).  Simulate alone
     * to a new file: succeeds and leaves no file behind. */
    g_autofree char *sim = g_build_filename(tmp, "sim.iso", NULL);
    g_autofree char *sim_drive = g_strconcat("stdio:", sim, NULL);
    dw_view_burn_set_target(bv, NULL, sim_drive, TRUE);
    dw_view_burn_set_simulate(bv, TRUE);
    g_assert_false(dw_view_burn_start(bv));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    dw_view_burn_set_target(bv, NULL, sim_drive, FALSE);
    g_assert_true(dw_view_burn_start(bv));
    g_assert_true(wait_for(burn_done, NULL));
    j = dw_view_burn_get_job(bv);
    if (!dw_gui_job_succeeded(j))
        g_error("simulating the project failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    g_assert_false(g_file_test(sim, G_FILE_TEST_EXISTS));
    g_autofree char *sim_part = g_strconcat(sim, ".dwpart", NULL);
    g_assert_false(g_file_test(sim_part, G_FILE_TEST_EXISTS));
    dw_view_burn_set_simulate(bv, FALSE);

    dw_view_burn_set_from(bv, DW_BURN_FROM_IMAGE);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    g_unlink(target);
    g_unlink(ref);
    g_unlink(a);
    g_unlink(b);
    g_unlink(c);
    g_rmdir(sub);
    g_rmdir(tree);
    g_rmdir(tmp);
}

/* ---- bootable projects ---------------------------------------------------- */

static guint32 le32_at(const guint8 *p)
{
    return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}

/* Run `discwright author ARGS --date $SOURCE_DATE_EPOCH -o out`. */
static void cli_author(const char *out, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)g_getenv("DW_GUI_CLI"));
    g_ptr_array_add(argv, "-q");
    g_ptr_array_add(argv, "author");
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (char *)*a);
    g_ptr_array_add(argv, "--date");
    g_ptr_array_add(argv, (char *)g_getenv("SOURCE_DATE_EPOCH"));
    g_ptr_array_add(argv, "-o");
    g_ptr_array_add(argv, (char *)out);
    g_ptr_array_add(argv, NULL);
    int status = -1;
    GError *error = NULL;
    g_autofree char *err_text = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               &err_text, &status, &error));
    g_assert_no_error(error);
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("discwright author failed: %s", err_text);
    g_ptr_array_unref(argv);
}

static void write_project(DwViewAuthor *v, const char *path)
{
    g_assert_true(dw_view_author_write(v, path));
    g_assert_true(wait_for(author_done, NULL));
    DwGuiJob *j = dw_view_author_get_job(v);
    if (!dw_gui_job_succeeded(j))
        g_error("author failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
}

static void assert_same_file(const char *got_path, const char *want_path)
{
    GBytes *got = read_all(got_path), *want = read_all(want_path);
    g_assert_cmpuint(g_bytes_get_size(got), ==, g_bytes_get_size(want));
    if (!g_bytes_equal(got, want))
        g_error("%s differs from %s", got_path, want_path);
    g_bytes_unref(got);
    g_bytes_unref(want);
}

/* The BIOS entry's copy in the image: boot-info table at byte 8 (PVD at
 * 16, its own block, its length; checksum of the 32-bit words from byte
 * 64), every other byte as in the source. */
static void assert_boot_info_table(const guint8 *img, gsize img_len, guint32 lba, const guint8 *orig, gsize len)
{
    g_assert_cmpuint((guint64)lba * 2048 + len, <=, img_len);
    const guint8 *b = img + (gsize)lba * 2048;
    g_assert_cmpuint(le32_at(b + 8), ==, 16);
    g_assert_cmpuint(le32_at(b + 12), ==, lba);
    g_assert_cmpuint(le32_at(b + 16), ==, len);
    guint32 sum = 0;
    for (gsize i = 64; i + 4 <= len; i += 4)
        sum += le32_at(b + i);
    g_assert_cmpuint(le32_at(b + 20), ==, sum);
    g_assert_cmpint(memcmp(b, orig, 8), ==, 0);
    g_assert_cmpint(memcmp(b + 64, orig + 64, len - 64), ==, 0);
}

static gboolean has_catalog(const char *iso_path)
{
    iso9660_t *iso = iso9660_open_ext(iso_path, ISO_EXTENSION_ROCK_RIDGE);
    g_assert_nonnull(iso);
    GBytes *b = iso_file(iso, "/", "boot.catalog");
    iso9660_close(iso);
    if (b)
        g_bytes_unref(b);
    return b != NULL;
}

static char *find_mkfs_fat(void)
{
    char *p = g_find_program_in_path("mkfs.fat");
    const char *dirs[] = { "/usr/sbin/mkfs.fat", "/sbin/mkfs.fat" };
    for (size_t i = 0; !p && i < G_N_ELEMENTS(dirs); i++)
        if (g_file_test(dirs[i], G_FILE_TEST_IS_EXECUTABLE))
            p = g_strdup(dirs[i]);
    return p;
}

/* A bootable project from the GUI's boot controls: a BIOS image (any file
 * serves for no emulation with a boot-info table) and, when mkfs.fat is
 * there, a FAT ESP appended as partition 2, hybrid with a GPT.  The
 * result read back by verify's boot reader: El Torito entries (BIOS load
 * size 4 and UEFI), the boot-info table patched, the MBR code from the
 * chosen file, protective MBR and GPT with the ESP's bytes in its
 * partition; equal byte for byte to `discwright author` with the same
 * options and date; the same project burnt to a stdio: file equal too.
 * Then the ESP in the tree, MBR partitions and a hidden catalog, equal
 * to the CLI as well.  A missing boot image or an ESP that is not FAT:
 * the library's error in the info bar and no file; hybrid without MBR
 * code: refused before any job. */
static void test_author_boot(void)
{
    app_up();
    if (!g_getenv("DW_GUI_CLI") || !g_getenv("SOURCE_DATE_EPOCH")) {
        g_test_skip("DW_GUI_CLI or SOURCE_DATE_EPOCH not set");
        return;
    }
    DwViewAuthor *v = dw_window_get_view_author(win);
    /* The hybrid MBR code starts as isolinux's when it is installed. */
    g_autofree char *def_mbr = dw_view_author_get_mbr(v);
    if (g_file_test(DW_AUTHOR_DEFAULT_MBR, G_FILE_TEST_IS_REGULAR))
        g_assert_cmpstr(def_mbr, ==, DW_AUTHOR_DEFAULT_MBR);

    g_autofree char *tmp = g_dir_make_tmp("dw-gui-boot-XXXXXX", NULL);
    g_autofree char *tree = g_build_filename(tmp, "tree", NULL);
    g_autofree char *isodir = g_build_filename(tree, "isolinux", NULL);
    g_autofree char *docs = g_build_filename(tree, "docs", NULL);
    g_assert_cmpint(g_mkdir_with_parents(isodir, 0755), ==, 0);
    g_assert_cmpint(g_mkdir_with_parents(docs, 0755), ==, 0);
    g_autofree char *bin = g_build_filename(isodir, "isolinux.bin", NULL);
    g_autofree char *readme = g_build_filename(docs, "readme.txt", NULL);
    guint8 boot[6144];
    for (size_t i = 0; i < sizeof boot; i++)
        boot[i] = (guint8)(i * 31 + 7);
    g_assert_true(g_file_set_contents(bin, (const char *)boot, sizeof boot, NULL));
    g_assert_true(g_file_set_contents(readme, "a bootable project from the GUI\n", -1, NULL));
    /* MBR code of our own: its first 432 bytes must reach sector 0. */
    g_autofree char *mbr = g_build_filename(tmp, "mbr.bin", NULL);
    guint8 code[512];
    for (size_t i = 0; i < sizeof code; i++)
        code[i] = (guint8)(i * 5 + 1);
    g_assert_true(g_file_set_contents(mbr, (const char *)code, sizeof code, NULL));
    g_autofree char *mkfs = find_mkfs_fat();
    g_autofree char *esp = g_build_filename(tmp, "esp.img", NULL);
    if (mkfs) {
        const char *argv[] = { mkfs, "-C", esp, "2048", NULL };
        int status = -1;
        g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL));
        g_assert_true(g_spawn_check_wait_status(status, NULL));
    } else {
        g_test_message("mkfs.fat is missing (package dosfstools): the EFI parts are left out");
    }

    dw_window_show_view(win, "author");
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(v)));
    dw_view_author_add(v, tree, "/");
    dw_view_author_set_options(v, "GUIBOOT", 0);
    /* Select… maps a file of the project to its path in the image. */
    g_autofree char *in_image = dw_view_author_image_path(v, bin);
    g_assert_cmpstr(in_image, ==, "/isolinux/isolinux.bin");
    g_autofree char *outside = dw_view_author_image_path(v, mbr);
    g_assert_null(outside);
    dw_view_author_add(v, readme, "/notes/r.txt");
    g_autofree char *grafted = dw_view_author_image_path(v, readme);
    g_assert_cmpstr(grafted, ==, "/docs/readme.txt");   /* the first graft holding it */
    g_autofree char *moved = g_strconcat(tmp, "/tree/isolinux/", NULL);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(v)));
    dw_view_author_add(v, moved, "/boot");   /* a folder with a trailing slash */
    g_autofree char *under = dw_view_author_image_path(v, bin);
    g_assert_cmpstr(under, ==, "/boot/isolinux.bin");
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(v)));
    dw_view_author_add(v, tree, "/");
    g_autofree char *iso = g_build_filename(tmp, "boot.iso", NULL);

    /* A missing boot image: the library's message in the info bar, no file. */
    dw_view_author_set_boot(v, "/isolinux/nothere.bin", DW_AUTHOR_EFI_NONE, NULL, NULL, TRUE, FALSE);
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    g_assert_true(dw_view_author_write(v, iso));
    g_assert_true(wait_for(author_done, NULL));
    const GError *e = dw_gui_job_get_error(dw_view_author_get_job(v));
    g_assert_nonnull(e);
    g_assert_nonnull(strstr(e->message, "/isolinux/nothere.bin"));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*/isolinux/nothere.bin*"));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    g_assert_false(g_file_test(iso, G_FILE_TEST_EXISTS));

    /* Hybrid with no MBR code file chosen: refused before any job, in the info bar. */
    dw_view_author_set_boot(v, "/isolinux/isolinux.bin", DW_AUTHOR_EFI_NONE, NULL, "", TRUE, FALSE);
    DwGuiJob *before = dw_view_author_get_job(v);
    g_assert_false(dw_view_author_write(v, iso));
    g_assert_true(dw_view_author_get_job(v) == before);
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*MBR boot code*"));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    g_assert_false(g_file_test(iso, G_FILE_TEST_EXISTS));

    /* An EFI image in the tree that is not FAT: the library names it in the info bar. */
    dw_view_author_set_boot(v, "/isolinux/isolinux.bin", DW_AUTHOR_EFI_TREE, "/docs/readme.txt", NULL, TRUE, FALSE);
    g_assert_true(dw_view_author_write(v, iso));
    g_assert_true(wait_for(author_done, NULL));
    e = dw_gui_job_get_error(dw_view_author_get_job(v));
    g_assert_nonnull(e);
    g_assert_nonnull(strstr(e->message, "/docs/readme.txt"));
    g_assert_nonnull(strstr(e->message, "FAT"));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    gtk_info_bar_set_revealed(dw_window_get_info_bar(win), FALSE);
    g_assert_false(g_file_test(iso, G_FILE_TEST_EXISTS));

    /* Hybrid with a GPT; the ESP appended as partition 2. */
    dw_view_author_set_boot(v, "/isolinux/isolinux.bin", mkfs ? DW_AUTHOR_EFI_APPENDED : DW_AUTHOR_EFI_NONE,
                            mkfs ? esp : NULL, mbr, TRUE, FALSE);
    write_project(v, iso);
    screenshot("author-boot");
    g_autofree char *ref = g_build_filename(tmp, "ref.iso", NULL);
    g_autofree char *part = g_strconcat("2:0xef:", esp, NULL);
    const char *args[] = { tree, "--volid", "GUIBOOT", "--boot-bios", "/isolinux/isolinux.bin", "--boot-load-size",
                           "4", "--boot-info-table", "--isohybrid-mbr", mbr, "--gpt",
                           mkfs ? "--append-partition" : NULL, part, "--boot-efi", "appended:2", NULL };
    cli_author(ref, args);
    assert_same_file(iso, ref);

    dw_boot_info bi;
    GError *error = NULL;
    g_assert_true(dw_boot_info_read_file(iso, &bi, &error));
    g_assert_no_error(error);
    g_assert_cmpint(bi.catalog_state, ==, DW_BOOT_CAT_OK);
    g_assert_cmpuint(bi.n_entries, ==, mkfs ? 2 : 1);
    g_assert_cmpuint(bi.entries[0].platform, ==, 0);
    g_assert_true(bi.entries[0].bootable);
    g_assert_cmpuint(bi.entries[0].media, ==, 0);
    g_assert_cmpuint(bi.entries[0].sectors, ==, 4);
    GBytes *img = read_all(iso);
    gsize img_len = 0;
    const guint8 *data = g_bytes_get_data(img, &img_len);
    assert_boot_info_table(data, img_len, bi.entries[0].lba, boot, sizeof boot);
    g_assert_true(bi.mbr && bi.mbr_code);
    g_assert_cmpint(memcmp(data, code, 432), ==, 0);
    g_assert_cmpuint(le32_at(data + 432), ==, bi.entries[0].lba * 4);
    g_assert_true(bi.gpt && bi.gpt_header_ok && bi.gpt_array_ok && bi.gpt_backup_ok);
    g_assert_cmpuint(bi.n_mbr, >=, 1);
    g_assert_cmpuint(bi.mbr_parts[0].type, ==, 0xEE);
    if (mkfs) {
        g_assert_cmpuint(bi.entries[1].platform, ==, 0xEF);
        g_assert_true(bi.entries[1].bootable);
        const dw_gpt_entry *espp = NULL;
        for (guint i = 0; i < bi.n_gpt; i++)
            if (bi.gpt_parts[i].slot == 2)
                espp = &bi.gpt_parts[i];
        g_assert_nonnull(espp);
        g_assert_cmpstr(espp->type, ==, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
        g_assert_cmpuint(espp->last - espp->first + 1, ==, 4096);
        /* The UEFI entry is the ESP partition's blocks, and they hold the FAT image. */
        g_assert_cmpuint((guint64)bi.entries[1].lba * 4, ==, espp->first);
        GBytes *fat = read_all(esp);
        g_assert_cmpuint(espp->first * 512 + g_bytes_get_size(fat), <=, img_len);
        g_assert_cmpint(memcmp(data + espp->first * 512, g_bytes_get_data(fat, NULL), g_bytes_get_size(fat)), ==, 0);
        g_bytes_unref(fat);
    }
    g_assert_true(has_catalog(iso));
    g_bytes_unref(img);

    /* Burn… takes the same boot options: the project burnt to a stdio: file equals the image. */
    DwViewBurn *bv = dw_window_get_view_burn(win);
    g_autofree char *target = g_build_filename(tmp, "burnt.iso", NULL);
    g_autofree char *drive = g_strconcat("stdio:", target, NULL);
    g_action_group_activate_action(G_ACTION_GROUP(win), "author-burn", NULL);
    g_assert_cmpint(dw_view_burn_get_from(bv), ==, DW_BURN_FROM_PROJECT);
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*GUIBOOT*bootable*"));
    dw_view_burn_set_target(bv, NULL, drive, TRUE);
    g_assert_true(dw_view_burn_start(bv));
    g_assert_true(wait_for(burn_done, NULL));
    DwGuiJob *j = dw_view_burn_get_job(bv);
    if (!dw_gui_job_succeeded(j))
        g_error("burning the bootable project failed: %s",
                dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    g_assert_true(dw_view_burn_get_result(bv)->verified);
    assert_same_file(target, ref);
    dw_view_burn_set_from(bv, DW_BURN_FROM_IMAGE);
    dw_window_show_view(win, "author");

    /* The ESP as a file of the tree, MBR partitions, hidden catalog. */
    g_autofree char *iso2 = g_build_filename(tmp, "boot2.iso", NULL);
    g_autofree char *ref2 = g_build_filename(tmp, "ref2.iso", NULL);
    g_autofree char *tree_esp = g_build_filename(tree, "efi.img", NULL);
    if (mkfs) {
        GBytes *fat = read_all(esp);
        g_assert_true(g_file_set_contents(tree_esp, g_bytes_get_data(fat, NULL), (gssize)g_bytes_get_size(fat), NULL));
        g_bytes_unref(fat);
    }
    dw_view_author_set_boot(v, "/isolinux/isolinux.bin", mkfs ? DW_AUTHOR_EFI_TREE : DW_AUTHOR_EFI_NONE,
                            mkfs ? "/efi.img" : NULL, mbr, FALSE, TRUE);
    write_project(v, iso2);
    const char *args2[] = { tree, "--volid", "GUIBOOT", "--boot-bios", "/isolinux/isolinux.bin", "--boot-load-size",
                            "4", "--boot-info-table", "--isohybrid-mbr", mbr, "--hide-boot-catalog",
                            mkfs ? "--boot-efi" : NULL, "/efi.img", "--boot-partition", NULL };
    cli_author(ref2, args2);
    assert_same_file(iso2, ref2);
    g_assert_true(dw_boot_info_read_file(iso2, &bi, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(bi.n_entries, ==, mkfs ? 2 : 1);
    g_assert_cmpuint(bi.entries[0].sectors, ==, 4);
    g_assert_false(bi.gpt);
    g_assert_true(bi.mbr_code);
    g_assert_cmpuint(bi.mbr_parts[0].slot, ==, 1);
    g_assert_cmpuint(bi.mbr_parts[0].type, ==, 0x17);
    if (mkfs) {
        g_assert_cmpuint(bi.entries[1].platform, ==, 0xEF);
        gboolean esp_part = FALSE;
        for (guint i = 0; i < bi.n_mbr; i++)
            esp_part |= bi.mbr_parts[i].type == 0xEF && bi.mbr_parts[i].start == (guint64)bi.entries[1].lba * 4;
        g_assert_true(esp_part);
    }
    g_assert_false(has_catalog(iso2));

    dw_view_author_set_boot(v, NULL, DW_AUTHOR_EFI_NONE, NULL, NULL, TRUE, FALSE);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(v)));
    const char *files[] = { iso, ref, target, iso2, ref2, tree_esp, esp, mbr, bin, readme };
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
        g_unlink(files[i]);
    g_rmdir(isodir);
    g_rmdir(docs);
    g_rmdir(tree);
    g_rmdir(tmp);
}

int main(int argc, char **argv)
{
    gtk_test_init(&argc, &argv, NULL);
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    textdomain(GETTEXT_PACKAGE);
    out_dir = g_getenv("DW_GUI_OUT");
    ref_dir = g_getenv("DW_GUI_REF");
    shots = g_getenv("DW_GUI_SHOTS");
    sample = g_getenv("DW_GUI_SAMPLE");
    if (!sample)
        sample = "audio";
    g_test_add_func("/gui/start", test_start);
    g_test_add_func("/gui/views", test_views);
    g_test_add_func("/gui/image", test_image);
    g_test_add_func("/gui/media-change", test_media_change);
    g_test_add_func("/gui/author", test_author);
    if (out_dir) {
        g_test_add_func("/gui/rip", test_rip);
        g_test_add_func("/gui/verify", test_verify);
        g_test_add_func("/gui/burn", test_burn);
        g_test_add_func("/gui/media", test_media);
        g_test_add_func("/gui/author-burn", test_author_burn);
        g_test_add_func("/gui/author-boot", test_author_boot);
        g_test_add_func("/gui/cancel", test_cancel);
        g_test_add_func("/gui/resume", test_resume);
    }
    int rc = g_test_run();
    if (win)
        gtk_widget_destroy(GTK_WIDGET(win));
    g_clear_object(&app);
    return rc;
}
