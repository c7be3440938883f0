/* widgets.c: small pieces the views share: the status page shown where
 * a list or a view has nothing yet ("No Disc — insert a disc or open an
 * image", "Drop files here"), a fact grid of name/value rows whose values
 * can be selected with the mouse without being tab stops, and Open Folder.
 */
#include "config.h"

#include "gui/gui.h"

GtkWidget *dw_status_page_new(const char *icon, const char *title, const char *text, const char *button,
                              const char *action)
{
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
    gtk_widget_set_halign(box, GTK_ALIGN_CENTER);
    g_object_set(box, "margin", 24, NULL);
    GtkWidget *img = gtk_image_new_from_icon_name(icon, GTK_ICON_SIZE_DIALOG);
    gtk_image_set_pixel_size(GTK_IMAGE(img), 64);
    gtk_style_context_add_class(gtk_widget_get_style_context(img), "dim-label");
    GtkWidget *t = gtk_label_new(title);
    gtk_label_set_line_wrap(GTK_LABEL(t), TRUE);
    gtk_label_set_justify(GTK_LABEL(t), GTK_JUSTIFY_CENTER);
    gtk_style_context_add_class(gtk_widget_get_style_context(t), "dw-status-title");
    GtkWidget *d = gtk_label_new(text);
    gtk_label_set_line_wrap(GTK_LABEL(d), TRUE);
    gtk_label_set_justify(GTK_LABEL(d), GTK_JUSTIFY_CENTER);
    gtk_label_set_max_width_chars(GTK_LABEL(d), 50);
    gtk_style_context_add_class(gtk_widget_get_style_context(d), "dim-label");
    gtk_container_add(GTK_CONTAINER(box), img);
    gtk_container_add(GTK_CONTAINER(box), t);
    gtk_container_add(GTK_CONTAINER(box), d);
    if (button) {
        GtkWidget *b = gtk_button_new_with_mnemonic(button);
        gtk_widget_set_halign(b, GTK_ALIGN_CENTER);
        if (action)
            gtk_actionable_set_action_name(GTK_ACTIONABLE(b), action);
        gtk_container_add(GTK_CONTAINER(box), b);
    }
    g_object_set_data(G_OBJECT(box), "dw-title", t);
    g_object_set_data(G_OBJECT(box), "dw-text", d);
    gtk_widget_show_all(box);
    return box;
}

void dw_status_page_set(GtkWidget *page, const char *title, const char *text)
{
    GtkLabel *t = g_object_get_data(G_OBJECT(page), "dw-title");
    GtkLabel *d = g_object_get_data(G_OBJECT(page), "dw-text");
    if (t && title)
        gtk_label_set_text(t, title);
    if (d && text)
        gtk_label_set_text(d, text);
}

void dw_fact_grid_clear(GtkGrid *grid)
{
    GList *children = gtk_container_get_children(GTK_CONTAINER(grid));
    for (GList *l = children; l; l = l->next)
        gtk_widget_destroy(l->data);
    g_list_free(children);
}

GtkWidget *dw_fact_grid_add(GtkGrid *grid, int row, const char *name, const char *value)
{
    GtkWidget *n = gtk_label_new(name);
    gtk_label_set_xalign(GTK_LABEL(n), 0);
    gtk_label_set_yalign(GTK_LABEL(n), 0);
    gtk_style_context_add_class(gtk_widget_get_style_context(n), "dim-label");
    GtkWidget *v = gtk_label_new(value && *value ? value : "—");
    gtk_label_set_xalign(GTK_LABEL(v), 0);
    gtk_label_set_line_wrap(GTK_LABEL(v), TRUE);
    gtk_label_set_line_wrap_mode(GTK_LABEL(v), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars(GTK_LABEL(v), 40);
    /* Selectable with the mouse (to copy an MCN), but not a tab stop:
     * the keyboard goes to the controls and tables. */
    gtk_label_set_selectable(GTK_LABEL(v), TRUE);
    gtk_widget_set_can_focus(v, FALSE);
    atk_object_set_name(gtk_widget_get_accessible(v), name);
    gtk_grid_attach(grid, n, 0, row, 1, 1);
    gtk_grid_attach(grid, v, 1, row, 1, 1);
    gtk_widget_show(n);
    gtk_widget_show(v);
    return v;
}

void dw_gui_open_folder(GtkWidget *from, const char *folder)
{
    GtkWidget *top = gtk_widget_get_toplevel(from);
    g_autoptr(GFile) f = g_file_new_for_path(folder);
    g_autofree char *uri = g_file_get_uri(f);
    GError *error = NULL;
    if (!gtk_show_uri_on_window(GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL, uri, GDK_CURRENT_TIME, &error)) {
        if (DW_IS_WINDOW(top))
            dw_window_show_error(DW_WINDOW(top), _("Could not open the folder %s: %s"), folder, error->message);
        g_error_free(error);
    }
}
