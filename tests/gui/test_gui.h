/* test_gui.h: what the files of the GUI test (tests/gui/test_gui) share:
 * the application and window under test, set up once per process by
 * app_up(), and the helpers that drive them. */
#ifndef DW_TESTS_GUI_TEST_GUI_H
#define DW_TESTS_GUI_TEST_GUI_H

#include <cdio/iso9660.h>

#include "gui/gui.h"

extern DwApp *app;
extern DwWindow *win;

/* Iterate the main loop until cond(data) holds; FALSE when the guard ran out. */
gboolean wait_for(gboolean (*cond)(gpointer), gpointer data);
/* Save the window as DW_GUI_SHOTS/name.png (when DW_GUI_SHOTS is set). */
void screenshot(const char *name);
gboolean disc_read(gpointer p);
/* Start the app once per process and wait for the disc in the drive. */
void app_up(void);
gboolean model_has(GtkTreeModel *m, int col, const char *text);
/* The bytes of dir/name in the ISO 9660 (Rock Ridge) tree, or NULL. */
GBytes *iso_file(iso9660_t *iso, const char *dir, const char *name);
gboolean author_done(gpointer p);
/* tmp/tree/a.txt, tmp/tree/sub/b.bin and tmp/notes.txt for an author project. */
void make_project_tree(const char *tmp, int lines, gsize bin_len, const char *note);
gboolean burn_done(gpointer p);

/* test_gui_usability.c */
void test_first_contact(void);
void test_layout(void);
void test_capacity(void);
void test_exists(void);
void test_cancel_jobs(void);
void test_verify_clear(void);
void test_plurals(void);

/* test_gui_audio.c */
void test_rip_audio(void);

/* test_gui_burn.c */
void test_media(void);
void test_author_burn(void);
void test_author_boot(void);

/* test_gui_recorder.c */
void test_recorder(void);
void test_recorder_blank(void);
/* test_gui_library.c: /gui/library (needs DW_GUI_LIBRARY_FLIP and _FLIP_BASE; tests/gui_library.sh) */
void add_library_tests(void);

#endif
