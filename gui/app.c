/* app.c: DwApp, the GtkApplication of discwright-gtk (id
 * org.discwright.Discwright, single instance: a second start activates the
 * first one's window).  It adds --version to GApplication's --help,
 * opens files given on the command line as sources (stdio:PATH: a file
 * as a writable medium), sets the keyboard
 * accelerators of every action, loads the style sheet, and offers About
 * and Quit (which closes the window, so a running job is asked about
 * first).
 */
#include "config.h"

#include <stdio.h>

#include "gui/gui.h"

struct _DwApp {
    GtkApplication parent;
    DwWindow *window;            /* not owned: the application holds it */
};

G_DEFINE_FINAL_TYPE(DwApp, dw_app, GTK_TYPE_APPLICATION)

static void on_window_destroy(GtkWidget *w, gpointer user)
{
    DW_APP(user)->window = NULL;
}

DwWindow *dw_app_get_window(DwApp *self)
{
    if (!self->window) {
        self->window = dw_window_new(GTK_APPLICATION(self));
        g_signal_connect(self->window, "destroy", G_CALLBACK(on_window_destroy), self);
    }
    return self->window;
}

static void activate(GApplication *app)
{
    gtk_window_present(GTK_WINDOW(dw_app_get_window(DW_APP(app))));
}

static void open_files(GApplication *app, GFile **files, int n, const char *hint)
{
    DwWindow *win = dw_app_get_window(DW_APP(app));
    DwDriveList *list = dw_window_get_drive_list(win);
    for (int i = 0; i < n; i++) {
        g_autofree char *uri = g_file_get_uri(files[i]);
        if (uri && g_str_has_prefix(uri, "stdio:")) {
            /* stdio:PATH on the command line (GIO keeps it as it was typed): a file as a writable medium */
            if (uri[6]) {
                g_autofree char *path = g_canonicalize_filename(uri + 6, NULL);
                dw_window_open_medium_file(win, path);
            }
            continue;
        }
        g_autofree char *path = g_file_get_path(files[i]);
        if (!path)
            continue;
        if (!dw_drive_list_select(list, path)) {
            dw_drive_list_add_image(list, path);
            dw_drive_list_select(list, path);
        }
    }
    gtk_window_present(GTK_WINDOW(win));
}

static int handle_local_options(GApplication *app, GVariantDict *options)
{
    if (g_variant_dict_contains(options, "version")) {
        printf("discwright-gtk %s\n", PACKAGE_VERSION);
        return 0;
    }
    return -1;
}

static void act_quit(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwApp *self = user;
    if (self->window)
        gtk_window_close(GTK_WINDOW(self->window));
    else
        g_application_quit(G_APPLICATION(self));
}

static void act_about(GSimpleAction *a, GVariant *p, gpointer user)
{
    DwApp *self = user;
    static const char *const authors[] = { "The discwright authors", NULL };
    gtk_show_about_dialog(self->window ? GTK_WINDOW(self->window) : NULL, "program-name", "Discwright", "version",
                          PACKAGE_VERSION, "logo-icon-name", DW_APP_ID, "comments",
                          _("Rip, author, burn and verify optical discs"), "authors", authors, "license-type",
                          GTK_LICENSE_GPL_3_0, NULL);
}

static const GActionEntry app_actions[] = {
    { "quit", act_quit, NULL, NULL, NULL, { 0 } },
    { "about", act_about, NULL, NULL, NULL, { 0 } },
};

static void startup(GApplication *app)
{
    G_APPLICATION_CLASS(dw_app_parent_class)->startup(app);
    g_action_map_add_action_entries(G_ACTION_MAP(app), app_actions, G_N_ELEMENTS(app_actions), app);
    gtk_window_set_default_icon_name(DW_APP_ID);
    GtkCssProvider *css = gtk_css_provider_new();
    gtk_css_provider_load_from_resource(css, DW_RESOURCE_BASE "/style.css");
    gtk_style_context_add_provider_for_screen(gdk_screen_get_default(), GTK_STYLE_PROVIDER(css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
    static const struct {
        const char *action;
        const char *accels[3];
    } accels[] = {
        { "app.quit", { "<Primary>q", NULL } },
        { "win.refresh", { "F5", NULL } },
        { "win.open-image", { "<Primary>o", NULL } },
        { "win.open-medium-file", { "<Primary><Shift>o", NULL } },
        { "win.author-burn", { "<Primary><Shift>b", NULL } },
        { "win.rip", { "<Primary>r", NULL } },
        { "win.resume", { "<Primary><Shift>r", NULL } },
        { "win.cancel", { "<Primary>period", NULL } },
        { "win.save-log", { "<Primary>s", NULL } },
        { "win.verify", { "<Primary>e", NULL } },
        { "win.author-add-files", { "<Primary>plus", "<Primary>KP_Add", NULL } },
        { "win.author-add-folder", { "<Primary><Shift>plus", NULL } },
        { "win.author-remove", { "<Primary>minus", NULL } },
        { "win.author-write", { "<Primary>i", NULL } },
        { "win.burn", { "<Primary>b", NULL } },
        { "win.show-view::disc", { "<Alt>1", NULL } },
        { "win.show-view::rip", { "<Alt>2", NULL } },
        { "win.show-view::author", { "<Alt>3", NULL } },
        { "win.show-view::burn", { "<Alt>4", NULL } },
        { "win.show-view::verify", { "<Alt>5", NULL } },
        { "win.show-view::library", { "<Alt>7", NULL } },
        { "win.show-jobs", { "<Alt>6", NULL } },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(accels); i++)
        gtk_application_set_accels_for_action(GTK_APPLICATION(app), accels[i].action, accels[i].accels);
}

DwApp *dw_app_new(void)
{
    return g_object_new(DW_TYPE_APP, "application-id", DW_APP_ID, "flags", G_APPLICATION_HANDLES_OPEN, NULL);
}

static void dw_app_init(DwApp *self)
{
    static const GOptionEntry entries[] = {
        { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
        G_OPTION_ENTRY_NULL
    };
    g_application_add_main_option_entries(G_APPLICATION(self), entries);
    g_application_set_option_context_parameter_string(G_APPLICATION(self), _("[IMAGE|DEVICE|stdio:FILE…]"));
    g_application_set_option_context_summary(G_APPLICATION(self),
                                             _("Rip, author, burn and verify optical discs."));
}

static void dw_app_class_init(DwAppClass *klass)
{
    dw_gui_register_resource();
    GApplicationClass *a = G_APPLICATION_CLASS(klass);
    a->startup = startup;
    a->activate = activate;
    a->open = open_files;
    a->handle_local_options = handle_local_options;
}
