/* test_gui_recorder.c: the GUI burning to a recorder (tests/vdrive's
 * virtual CD-R, served behind SG_IO at /dev/sr0), through libburn's MMC
 * path as the CLI does.  An ISO (DW_GUI_REC_ISO) burnt with "Leave open",
 * then the Author view's project (DW_GUI_REC_TREE) burnt closing the
 * disc: after each burn the medium is read again and the burn view's
 * medium line, the disc view's medium section and the recorder's own
 * record (DW_GUI_REC_DISC/medium.json) agree: blank, then appendable,
 * then complete.  tests/gui_recorder.sh reads the disc back afterwards.
 * On a CD-RW, the ISO burnt closing it and then Blank Disc make it blank
 * again (/gui/recorder-blank).
 * Part of tests/gui/test_gui (see test_gui.c); it starts the app on its
 * own since a blank disc has nothing for app_up() to wait for. */
#include "config.h"

#include <string.h>

#include "gui/gui.h"

#include "tests/gui/test_gui.h"

static gboolean probe_settled(gpointer p)
{
    DwGuiJob *j = dw_window_get_probe_job(win);
    return j && j != p && !dw_gui_job_is_running(j);
}

/* Start the app on the recorder and wait for its first read of the medium. */
static void recorder_up(void)
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
    g_assert_true(wait_for(probe_settled, NULL));
}

/* The status the recorder recorded in DIR/medium.json ("blank" without one). */
static char *recorder_status(const char *dir)
{
    g_autofree char *path = g_build_filename(dir, "medium.json", NULL);
    g_autofree char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return g_strdup("blank");
    g_autoptr(GRegex) re = g_regex_new("\"status\"\\s*:\\s*\"([a-z]+)\"", 0, 0, NULL);
    g_autoptr(GMatchInfo) mi = NULL;
    if (!g_regex_match(re, text, 0, &mi))
        g_error("%s: no status", path);
    return g_match_info_fetch(mi, 1);
}

static const char *media_value(const char *key)
{
    return dw_view_disc_get_media_value(dw_window_get_view_disc(win), key);
}

static void expect_medium_line(DwViewBurn *bv, const char *a, const char *b)
{
    const char *line = dw_view_burn_get_medium_text(bv);
    g_test_message("medium line: %s", line);
    if (!strstr(line, a) || (b && !strstr(line, b)))
        g_error("the burn view's medium line \"%s\" does not say %s%s%s", line, a, b ? " and " : "", b ? b : "");
}

/* Start the burn view's job, wait for it and for the medium read after it. */
static void burn_and_reread(DwViewBurn *bv, const char *what)
{
    DwGuiJob *probe = dw_window_get_probe_job(win);
    g_object_ref(probe);   /* kept alive so a new job cannot take its address */
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
    g_action_group_activate_action(G_ACTION_GROUP(win), "burn", NULL);
    g_assert_nonnull(dw_view_burn_get_job(bv));
    g_assert_true(wait_for(burn_done, NULL));
    DwGuiJob *j = dw_view_burn_get_job(bv);
    if (!dw_gui_job_succeeded(j))
        g_error("burning %s failed: %s", what, dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    g_assert_true(wait_for(probe_settled, probe));
    g_object_unref(probe);
}

void test_recorder(void)
{
    const char *iso = g_getenv("DW_GUI_REC_ISO");
    const char *tree = g_getenv("DW_GUI_REC_TREE");
    const char *dir = g_getenv("DW_GUI_REC_DISC");
    if (!iso || !tree || !dir) {
        g_test_skip("DW_GUI_REC_ISO, DW_GUI_REC_TREE or DW_GUI_REC_DISC not set");
        return;
    }
    recorder_up();
    DwViewBurn *bv = dw_window_get_view_burn(win);
    DwViewAuthor *av = dw_window_get_view_author(win);

    /* The sidebar lists the recorder; the blank CD-R is read as such. */
    g_assert_cmpstr(dw_drive_list_get_selected(dw_window_get_drive_list(win)), ==, "/dev/sr0");
    g_assert_true(model_has(gtk_combo_box_get_model(dw_view_burn_get_drive_combo(bv)), 0, "/dev/sr0"));
    g_assert_cmpstr(media_value("status"), ==, "blank");
    g_autofree char *st0 = recorder_status(dir);
    g_assert_cmpstr(st0, ==, "blank");
    dw_window_show_view(win, "burn");
    expect_medium_line(bv, "CD-R, blank", " free");

    /* 1. The ISO, leaving the disc open, verified after burning. */
    dw_view_burn_set_from(bv, DW_BURN_FROM_IMAGE);
    dw_view_burn_set_target(bv, iso, "/dev/sr0", TRUE);
    dw_view_burn_set_multi(bv, TRUE);
    burn_and_reread(bv, "the ISO");
    const dw_burn_result *r = dw_view_burn_get_result(bv);
    g_assert_nonnull(r);
    g_assert_true(r->verified);
    g_assert_cmpint(r->start_lba, ==, 0);
    g_assert_cmpstr(media_value("status"), ==, "appendable");
    g_assert_cmpstr(media_value("sessions"), ==, "1");
    g_autofree char *st1 = recorder_status(dir);
    g_assert_cmpstr(st1, ==, "appendable");
    g_assert_cmpstr(dw_drive_list_get_selected(dw_window_get_drive_list(win)), ==, "/dev/sr0");
    expect_medium_line(bv, "CD-R, appendable", " free");
    /* The burnt disc reads as a disc: its data track is listed. */
    g_assert_nonnull(dw_window_get_disc(win));
    screenshot("burn-recorder-open");

    /* 2. The author project, closing the disc: its next session. */
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    dw_view_author_add(av, tree, "/project");
    dw_view_author_set_options(av, "GUIREC", 0);
    g_action_group_activate_action(G_ACTION_GROUP(win), "author-burn", NULL);
    g_assert_cmpint(dw_view_burn_get_from(bv), ==, DW_BURN_FROM_PROJECT);
    dw_view_burn_set_target(bv, NULL, "/dev/sr0", TRUE);
    dw_view_burn_set_multi(bv, FALSE);
    burn_and_reread(bv, "the author project");
    r = dw_view_burn_get_result(bv);
    g_assert_nonnull(r);
    g_assert_true(r->verified);
    g_assert_true(r->appended);
    g_assert_cmpint(r->start_lba, >, 0);
    g_assert_cmpstr(media_value("status"), ==, "closed");
    g_autofree char *st2 = recorder_status(dir);
    g_assert_cmpstr(st2, ==, "complete");
    expect_medium_line(bv, "CD-R, closed (complete)", "nothing more can be written");
    /* Nothing more can be written: Burn is refused for this drive. */
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
    screenshot("burn-recorder-closed");
    dw_view_burn_set_from(bv, DW_BURN_FROM_IMAGE);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
}

/* A CD-RW: the ISO burnt closing it, then Blank Disc (fast, through
 * libburn's BLANK): the medium is read again and is blank in the burn
 * view, the disc view and the recorder's record. */
void test_recorder_blank(void)
{
    const char *iso = g_getenv("DW_GUI_REC_ISO");
    const char *dir = g_getenv("DW_GUI_REC_DISC");
    if (!iso || !dir) {
        g_test_skip("DW_GUI_REC_ISO or DW_GUI_REC_DISC not set");
        return;
    }
    recorder_up();
    DwViewBurn *bv = dw_window_get_view_burn(win);
    g_assert_cmpstr(media_value("status"), ==, "blank");
    dw_window_show_view(win, "burn");
    expect_medium_line(bv, "CD-RW, blank", " free");
    g_assert_false(dw_view_burn_blank(bv));   /* nothing to erase */

    dw_view_burn_set_from(bv, DW_BURN_FROM_IMAGE);
    dw_view_burn_set_target(bv, iso, "/dev/sr0", TRUE);
    dw_view_burn_set_multi(bv, FALSE);
    burn_and_reread(bv, "the ISO");
    g_assert_true(dw_view_burn_get_result(bv)->verified);
    g_assert_cmpstr(media_value("status"), ==, "closed");
    g_autofree char *st1 = recorder_status(dir);
    g_assert_cmpstr(st1, ==, "complete");
    expect_medium_line(bv, "CD-RW, closed (complete)", "blank it");
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
    screenshot("burn-recorder-rw");

    DwGuiJob *probe = dw_window_get_probe_job(win);
    g_object_ref(probe);
    g_assert_true(dw_view_burn_blank(bv));
    g_assert_true(wait_for(burn_done, NULL));
    DwGuiJob *j = dw_view_burn_get_job(bv);
    if (!dw_gui_job_succeeded(j))
        g_error("blanking failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    g_assert_true(wait_for(probe_settled, probe));
    g_object_unref(probe);
    g_assert_cmpstr(media_value("status"), ==, "blank");
    g_autofree char *st2 = recorder_status(dir);
    g_assert_cmpstr(st2, ==, "blank");
    expect_medium_line(bv, "CD-RW, blank", " free");
    g_assert_true(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "burn"));
}
