/* view_burn.c: DwViewBurn, the burning view.  Its controls are laid out in
 * view_burn.ui; its actions stay disabled, with a tooltip saying so,
 * until the library's burn.h is part of the build (the window owns the
 * actions, see window.c).
 */
#include "config.h"

#include "gui/gui.h"

struct _DwViewBurn {
    GtkBox parent;
    GtkLabel *notice;
    GtkWidget *burn_button;
    GtkWidget *image_button;
};

G_DEFINE_FINAL_TYPE(DwViewBurn, dw_view_burn, GTK_TYPE_BOX)

static void dw_view_burn_init(DwViewBurn *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_label_set_text(self->notice, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->burn_button, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->image_button, _(DW_NOT_BUILT_IN));
}

static void dw_view_burn_class_init(DwViewBurnClass *klass)
{
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_burn.ui");
    gtk_widget_class_bind_template_child(w, DwViewBurn, notice);
    gtk_widget_class_bind_template_child(w, DwViewBurn, burn_button);
    gtk_widget_class_bind_template_child(w, DwViewBurn, image_button);
}
