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
 * view is saved as a PNG into DW_GUI_SHOTS.  Writable media, burning the
 * author project and bootable projects are in test_gui_burn.c; audio rips
 * proven by AccurateRip and CTDB or by test and copy in test_gui_audio.c.  A guard (DW_GUI_GUARD_S,
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
#include "tests/gui/test_gui.h"

DwApp *app;
DwWindow *win;
static const char *out_dir, *ref_dir, *shots, *sample;

/* Iterate the main loop until cond(data) holds; FALSE when the guard ran out. */
gboolean wait_for(gboolean (*cond)(gpointer), gpointer data)
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

void screenshot(const char *name)
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

gboolean disc_read(gpointer p)
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
void app_up(void)
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

gboolean model_has(GtkTreeModel *m, int col, const char *text)
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
    /* Author's Write and Burn wait for files in the project. */
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-write"));
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "rip"));
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "cancel"));
    /* Every action has a shortcut, and the shortcuts window opens. */
    static const char *const acts[] = { "win.refresh", "win.open-image", "win.rip", "win.resume", "win.cancel",
                                        "win.save-log", "win.verify", "win.show-jobs", "app.quit",
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
    dw_window_hide_message(win);
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
    GtkWidget *pop = gtk_widget_get_ancestor(GTK_WIDGET(dw_window_get_jobs_list(win)), GTK_TYPE_POPOVER);
    g_assert_nonnull(pop);
    gtk_popover_popdown(GTK_POPOVER(pop));
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
    /* gui_app.sh runs this one with no schema to be found: the app runs on defaults. */
    if (g_getenv("DW_GUI_NO_SCHEMA"))
        g_assert_null(dw_gui_settings());
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

gboolean author_done(gpointer p)
{
    DwGuiJob *j = dw_view_author_get_job(dw_window_get_view_author(win));
    return j && !dw_gui_job_is_running(j);
}

/* The bytes of dir/name in the ISO 9660 (Rock Ridge) tree, or NULL. */
GBytes *iso_file(iso9660_t *iso, const char *dir, const char *name)
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

/* tmp/tree/a.txt (lines of text), tmp/tree/sub/b.bin (bin_len bytes of a
 * pattern) and tmp/notes.txt (note): the small project the author tests
 * graft (the folder at /tree, the note somewhere else). */
void make_project_tree(const char *tmp, int lines, gsize bin_len, const char *note)
{
    g_autofree char *sub = g_build_filename(tmp, "tree", "sub", NULL);
    g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
    g_autofree char *a = g_build_filename(tmp, "tree", "a.txt", NULL);
    g_autofree char *b = g_build_filename(sub, "b.bin", NULL);
    g_autofree char *c = g_build_filename(tmp, "notes.txt", NULL);
    GString *text = g_string_new(NULL);
    for (int i = 0; i < lines; i++)
        g_string_append_printf(text, "line %d of a.txt\n", i);
    g_assert_true(g_file_set_contents(a, text->str, (gssize)text->len, NULL));
    g_string_free(text, TRUE);
    guint8 *bin = g_malloc(bin_len);
    for (gsize i = 0; i < bin_len; i++)
        bin[i] = (guint8)(i * 13 + (i >> 8));
    g_assert_true(g_file_set_contents(b, (const char *)bin, (gssize)bin_len, NULL));
    g_free(bin);
    g_assert_true(g_file_set_contents(c, note, -1, NULL));
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
    g_autofree char *a = g_build_filename(tree, "a.txt", NULL);
    g_autofree char *b = g_build_filename(sub, "b.bin", NULL);
    g_autofree char *c = g_build_filename(tmp, "notes.txt", NULL);
    make_project_tree(tmp, 400, 5000, "grafted anywhere\n");

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

    /* An existing image is not overwritten unasked: no job, the info bar asks
     * (its actions are tested in /gui/exists). */
    DwGuiJob *done = dw_view_author_get_job(v);
    g_assert_false(dw_view_author_write(v, iso_path));
    g_assert_true(dw_view_author_get_job(v) == done);
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    dw_window_hide_message(win);
    g_unlink(iso_path);
    g_unlink(a);
    g_unlink(b);
    g_unlink(c);
    g_rmdir(sub);
    g_rmdir(tree);
    g_rmdir(tmp);
}

gboolean burn_done(gpointer p)
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
    /* One flipped byte is one sector, counted in the singular. */
    GtkTreeModel *m = dw_view_verify_get_results(vv);
    GtkTreeIter it;
    gboolean one = FALSE;
    for (gboolean more = gtk_tree_model_get_iter_first(m, &it); more; more = gtk_tree_model_iter_next(m, &it)) {
        g_autofree char *details = NULL;
        gtk_tree_model_get(m, &it, 5, &details, -1);
        one = one || g_str_has_prefix(details, "1 sector differs from ");
    }
    g_assert_true(one);
    g_unlink(target);
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
    g_test_add_func("/gui/first-contact", test_first_contact);
    g_test_add_func("/gui/layout", test_layout);
    g_test_add_func("/gui/capacity", test_capacity);
    g_test_add_func("/gui/plurals", test_plurals);
    g_test_add_func("/gui/recorder", test_recorder);
    g_test_add_func("/gui/recorder-blank", test_recorder_blank);
    if (out_dir) {
        g_test_add_func("/gui/rip", test_rip);
        g_test_add_func("/gui/verify", test_verify);
        g_test_add_func("/gui/exists", test_exists);
        g_test_add_func("/gui/verify-clear", test_verify_clear);
        g_test_add_func("/gui/cancel-jobs", test_cancel_jobs);
        g_test_add_func("/gui/burn", test_burn);
        g_test_add_func("/gui/media", test_media);
        g_test_add_func("/gui/author-burn", test_author_burn);
        g_test_add_func("/gui/author-boot", test_author_boot);
        g_test_add_func("/gui/cancel", test_cancel);
        g_test_add_func("/gui/resume", test_resume);
        g_test_add_func("/gui/rip-audio", test_rip_audio);
    }
    if (g_getenv("DW_GUI_LIBRARY_FLIP"))
        add_library_tests();
    int rc = g_test_run();
    if (win)
        gtk_widget_destroy(GTK_WIDGET(win));
    g_clear_object(&app);
    return rc;
}
