/* view_author.c: DwViewAuthor, the authoring view.  Its controls are laid out in
 * view_author.ui; its actions stay disabled, with a tooltip saying so,
 * until the library's author.h is part of the build (the window owns the
 * actions, see window.c).
 */
#include "config.h"

#include "gui/gui.h"

struct _DwViewAuthor {
    GtkBox parent;
    GtkLabel *notice;
    GtkWidget *write_button;
    GtkWidget *burn_button;
    GtkWidget *add_files_button;
    GtkWidget *add_folder_button;
    GtkWidget *remove_button;
};

G_DEFINE_FINAL_TYPE(DwViewAuthor, dw_view_author, GTK_TYPE_BOX)

static void dw_view_author_init(DwViewAuthor *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_label_set_text(self->notice, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->write_button, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->burn_button, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->add_files_button, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->add_folder_button, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->remove_button, _(DW_NOT_BUILT_IN));
}

static void dw_view_author_class_init(DwViewAuthorClass *klass)
{
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_author.ui");
    gtk_widget_class_bind_template_child(w, DwViewAuthor, notice);
    gtk_widget_class_bind_template_child(w, DwViewAuthor, write_button);
    gtk_widget_class_bind_template_child(w, DwViewAuthor, burn_button);
    gtk_widget_class_bind_template_child(w, DwViewAuthor, add_files_button);
    gtk_widget_class_bind_template_child(w, DwViewAuthor, add_folder_button);
    gtk_widget_class_bind_template_child(w, DwViewAuthor, remove_button);
}
