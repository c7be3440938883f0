/* test_gui_burn.c: the GUI tests of writable media (the disc view's
 * medium section for the virtual drive and stdio: files), of burning the
 * author project from the Author view (bytes equal to `discwright
 * author`), and of bootable projects (El Torito, isohybrid MBR, GPT and
 * MBR partitions from the boot controls, read back and compared with the
 * CLI).  Part of tests/gui/test_gui (see test_gui.c). */
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
void test_media(void)
{
    app_up();
    dw_window_show_view(win, "disc");
    g_assert_true(wait_for(probe_done, NULL));
    g_assert_cmpstr(media_value("status"), ==, "closed");
    /* A pressed disc: no writable-medium section, one line says it cannot be written. */
    g_assert_false(dw_view_disc_media_shown(dw_window_get_view_disc(win)));
    g_assert_null(media_value("free"));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "No: the disc is closed or pressed"));

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
    g_assert_true(dw_view_disc_media_shown(dw_window_get_view_disc(win)));   /* on screen, not on a hidden page */
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
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "Medium: *blank, * free"));
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
void test_author_burn(void)
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
    g_autofree char *a = g_build_filename(tree, "a.txt", NULL);
    g_autofree char *b = g_build_filename(sub, "b.bin", NULL);
    g_autofree char *c = g_build_filename(tmp, "notes.txt", NULL);
    make_project_tree(tmp, 3000, 70000, "grafted for the burn\n");

    DwViewAuthor *av = dw_window_get_view_author(win);
    DwViewBurn *bv = dw_window_get_view_burn(win);
    gtk_list_store_clear(GTK_LIST_STORE(dw_view_author_get_project(av)));
    g_autofree char *target = g_build_filename(tmp, "project.iso", NULL);
    g_autofree char *drive = g_strconcat("stdio:", target, NULL);

    /* An empty project: Author's Burn… is disabled, and the burn view refuses it
     * with the reason in the info bar. */
    g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(win), "author-burn"));
    dw_view_burn_set_from(bv, DW_BURN_FROM_PROJECT);
    dw_window_show_view(win, "burn");
    g_assert_cmpint(dw_view_burn_get_from(bv), ==, DW_BURN_FROM_PROJECT);
    dw_view_burn_set_target(bv, NULL, drive, TRUE);
    DwGuiJob *before = dw_view_burn_get_job(bv);
    g_assert_false(dw_view_burn_start(bv));
    g_assert_true(dw_view_burn_get_job(bv) == before);
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    dw_window_hide_message(win);
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

    /* The target now holds data: burning again is not done unasked, the file is kept; the info
     * bar asks in the GUI's words (Replace), not with the library's --force. */
    g_assert_true(dw_view_burn_start(bv));
    g_assert_true(wait_for(burn_done, NULL));
    g_assert_false(dw_gui_job_succeeded(dw_view_burn_get_job(bv)));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    GtkWidget *msg = gtk_test_find_label(GTK_WIDGET(dw_window_get_info_bar(win)), "*already holds a disc image*");
    g_assert_nonnull(msg);
    g_assert_null(strstr(gtk_label_get_text(GTK_LABEL(msg)), "--"));
    GBytes *kept = read_all(target), *again = read_all(ref);
    g_assert_true(g_bytes_equal(kept, again));
    g_bytes_unref(kept);
    g_bytes_unref(again);
    /* Replace (response 0, the only button): burnt over it, verified, the same bytes. */
    DwGuiJob *refused = dw_view_burn_get_job(bv);
    gtk_info_bar_response(dw_window_get_info_bar(win), 0);
    g_assert_true(dw_view_burn_get_job(bv) != refused);
    g_assert_true(wait_for(burn_done, NULL));
    j = dw_view_burn_get_job(bv);
    if (!dw_gui_job_succeeded(j))
        g_error("replacing failed: %s", dw_gui_job_get_error(j) ? dw_gui_job_get_error(j)->message : "?");
    g_assert_true(dw_view_burn_get_result(bv)->verified);
    kept = read_all(target);
    again = read_all(ref);
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
    dw_window_hide_message(win);
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
void test_author_boot(void)
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
    dw_window_hide_message(win);
    g_assert_true(dw_view_author_write(v, iso));
    g_assert_true(wait_for(author_done, NULL));
    const GError *e = dw_gui_job_get_error(dw_view_author_get_job(v));
    g_assert_nonnull(e);
    g_assert_nonnull(strstr(e->message, "/isolinux/nothere.bin"));
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*/isolinux/nothere.bin*"));
    dw_window_hide_message(win);
    g_assert_false(g_file_test(iso, G_FILE_TEST_EXISTS));

    /* Hybrid with no MBR code file chosen: refused before any job, in the info bar. */
    dw_view_author_set_boot(v, "/isolinux/isolinux.bin", DW_AUTHOR_EFI_NONE, NULL, "", TRUE, FALSE);
    DwGuiJob *before = dw_view_author_get_job(v);
    g_assert_false(dw_view_author_write(v, iso));
    g_assert_true(dw_view_author_get_job(v) == before);
    g_assert_true(gtk_info_bar_get_revealed(dw_window_get_info_bar(win)));
    g_assert_nonnull(gtk_test_find_label(GTK_WIDGET(win), "*MBR boot code*"));
    dw_window_hide_message(win);
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
    dw_window_hide_message(win);
    g_assert_false(g_file_test(iso, G_FILE_TEST_EXISTS));

    /* Hybrid with a GPT; the ESP appended as partition 2. */
    dw_view_author_set_boot(v, "/isolinux/isolinux.bin", mkfs ? DW_AUTHOR_EFI_APPENDED : DW_AUTHOR_EFI_NONE,
                            mkfs ? esp : NULL, mbr, TRUE, FALSE);
    write_project(v, iso);
    gtk_expander_set_expanded(dw_view_author_get_boot_expander(v), TRUE);
    screenshot("author-boot");
    gtk_expander_set_expanded(dw_view_author_get_boot_expander(v), FALSE);
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
