/* main.c: discwright-gtk's entry point: gettext, then the application. */
#include "config.h"

#include <locale.h>

#include "gui/gui.h"

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
    g_set_application_name(_("Discwright"));
    g_autoptr(DwApp) app = dw_app_new();
    return g_application_run(G_APPLICATION(app), argc, argv);
}
