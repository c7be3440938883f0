/* window_actions.c: the window's actions (the buttons, menu items and
 * keyboard shortcuts all go through them): refresh, open an image, use a
 * file as a medium, save the log, show a view or the Jobs popover, the
 * rip/author/burn/verify actions of the views, and Cancel, which stops
 * the job of the view shown.  The accelerators are set in app.c.
 */
#include "config.h"

#include "gui/gui.h"

static void act_refresh(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_window_reread(DW_WINDOW(user));
}

static void add_source(DwWindow *self, const char *path)
{
    DwDriveList *list = dw_window_get_drive_list(self);
    dw_drive_list_add_image(list, path);
    dw_drive_list_select(list, path);
}

static void on_open_response(GtkNativeDialog *d, int response, gpointer user)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f)
            add_source(DW_WINDOW(user), f);
    }
    g_object_unref(d);
}

static void act_open_image(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Open Disc Image"), GTK_WINDOW(self),
                                                          GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    GtkFileFilter *f = gtk_file_filter_new();
    gtk_file_filter_set_name(f, _("Disc images (cue, ccd, toc, nrg, iso)"));
    static const char *const pats[] = { "*.cue", "*.ccd", "*.toc", "*.nrg", "*.iso", "*.CUE", "*.CCD", "*.ISO" };
    for (size_t i = 0; i < G_N_ELEMENTS(pats); i++)
        gtk_file_filter_add_pattern(f, pats[i]);
    gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), f);
    g_signal_connect(d, "response", G_CALLBACK(on_open_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void on_medium_file_response(GtkNativeDialog *d, int response, gpointer user)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f)
            dw_window_open_medium_file(DW_WINDOW(user), f);
    }
    g_object_unref(d);
}

/* A file (new or existing) used as a writable medium: libburn's stdio:
 * drive.  An existing file is what the user means to use, so the chooser
 * does not ask to overwrite it (nothing is written until a burn). */
static void act_open_medium_file(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Use a File as Medium"), GTK_WINDOW(self),
                                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Use"), _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(d), FALSE);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), "disc.iso");
    g_signal_connect(d, "response", G_CALLBACK(on_medium_file_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void act_rip(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "rip");
    dw_view_rip_start(dw_window_get_view_rip(self), FALSE);
}

static void act_resume(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "rip");
    dw_view_rip_start(dw_window_get_view_rip(self), TRUE);
}

static void act_cancel(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_window_cancel_visible(DW_WINDOW(user));
}

static void on_save_response(GtkNativeDialog *d, int response, gpointer user)
{
    DwWindow *self = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        GError *error = NULL;
        if (f && !dw_window_save_log(self, f, &error)) {
            dw_window_show_error(self, _("Could not save the log: %s"), error->message);
            g_error_free(error);
        }
    }
    g_object_unref(d);
}

static void act_save_log(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Save Log"), GTK_WINDOW(self),
                                                          GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(d), TRUE);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(d), "discwright.log");
    g_signal_connect(d, "response", G_CALLBACK(on_save_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void act_show_view(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_window_show_view(DW_WINDOW(user), g_variant_get_string(p, NULL));
}

static void act_show_jobs(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_window_show_jobs(DW_WINDOW(user));
}

static void act_verify(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "verify");
    dw_view_verify_start(dw_window_get_view_verify(self));
}

static void act_author_add_files(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_ask_add(dw_window_get_view_author(DW_WINDOW(user)), FALSE);
}

static void act_author_add_folder(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_ask_add(dw_window_get_view_author(DW_WINDOW(user)), TRUE);
}

static void act_author_remove(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_remove_selected(dw_window_get_view_author(DW_WINDOW(user)));
}

static void act_author_write(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_author_ask_write(dw_window_get_view_author(DW_WINDOW(user)));
}

/* Author's Burn…: the burn view with the project as its source; the user picks the drive there. */
static void act_author_burn(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_view_burn_set_from(dw_window_get_view_burn(self), DW_BURN_FROM_PROJECT);
    dw_window_show_view(self, "burn");
}

static void act_burn(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwWindow *self = user;
    dw_window_show_view(self, "burn");
    dw_view_burn_start(dw_window_get_view_burn(self));
}

static void act_burn_choose(GSimpleAction *a, GVariant *p, gpointer user)
{
    dw_view_burn_ask_image(dw_window_get_view_burn(DW_WINDOW(user)));
}

static const GActionEntry win_actions[] = {
    { "refresh", act_refresh, NULL, NULL, NULL, { 0 } },
    { "open-image", act_open_image, NULL, NULL, NULL, { 0 } },
    { "open-medium-file", act_open_medium_file, NULL, NULL, NULL, { 0 } },
    { "rip", act_rip, NULL, NULL, NULL, { 0 } },
    { "resume", act_resume, NULL, NULL, NULL, { 0 } },
    { "cancel", act_cancel, NULL, NULL, NULL, { 0 } },
    { "save-log", act_save_log, NULL, NULL, NULL, { 0 } },
    { "show-view", act_show_view, "s", NULL, NULL, { 0 } },
    { "show-jobs", act_show_jobs, NULL, NULL, NULL, { 0 } },
    { "author-add-files", act_author_add_files, NULL, NULL, NULL, { 0 } },
    { "author-add-folder", act_author_add_folder, NULL, NULL, NULL, { 0 } },
    { "author-remove", act_author_remove, NULL, NULL, NULL, { 0 } },
    { "author-write", act_author_write, NULL, NULL, NULL, { 0 } },
    { "author-burn", act_author_burn, NULL, NULL, NULL, { 0 } },
    { "burn-choose", act_burn_choose, NULL, NULL, NULL, { 0 } },
    { "burn", act_burn, NULL, NULL, NULL, { 0 } },
    { "verify", act_verify, NULL, NULL, NULL, { 0 } },
};

/* Enabled by the views when they can run. */
static const char *const disabled_actions[] = { "cancel", "rip", "resume", "author-write", "author-burn",
                                                "author-remove" };

/* Keep "resume" enabled exactly when "rip" is. */
static void on_rip_enabled(GObject *rip, GParamSpec *ps, gpointer user)
{
    GAction *resume = g_action_map_lookup_action(G_ACTION_MAP(user), "resume");
    g_simple_action_set_enabled(G_SIMPLE_ACTION(resume), g_action_get_enabled(G_ACTION(rip)));
}

void dw_window_add_actions(DwWindow *self)
{
    g_action_map_add_action_entries(G_ACTION_MAP(self), win_actions, G_N_ELEMENTS(win_actions), self);
    for (size_t i = 0; i < G_N_ELEMENTS(disabled_actions); i++)
        g_simple_action_set_enabled(
            G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), disabled_actions[i])), FALSE);
    g_signal_connect_object(g_action_map_lookup_action(G_ACTION_MAP(self), "rip"), "notify::enabled",
                            G_CALLBACK(on_rip_enabled), self, 0);
}

void dw_window_set_action_enabled(DwWindow *self, const char *name, gboolean enabled)
{
    GAction *a = g_action_map_lookup_action(G_ACTION_MAP(self), name);
    if (a)
        g_simple_action_set_enabled(G_SIMPLE_ACTION(a), enabled);
}
