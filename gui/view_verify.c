/* view_verify.c: DwViewVerify, the verification view.  Its controls are laid out in
 * view_verify.ui; its actions stay disabled, with a tooltip saying so,
 * until the library's verify.h is part of the build (the window owns the
 * actions, see window.c).
 */
#include "config.h"

#include "gui/gui.h"

struct _DwViewVerify {
    GtkBox parent;
    GtkLabel *notice;
    GtkWidget *verify_button;
    GtkWidget *image_button;
};

G_DEFINE_FINAL_TYPE(DwViewVerify, dw_view_verify, GTK_TYPE_BOX)

static void dw_view_verify_init(DwViewVerify *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_label_set_text(self->notice, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->verify_button, _(DW_NOT_BUILT_IN));
    gtk_widget_set_tooltip_text(self->image_button, _(DW_NOT_BUILT_IN));
}

static void dw_view_verify_class_init(DwViewVerifyClass *klass)
{
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_verify.ui");
    gtk_widget_class_bind_template_child(w, DwViewVerify, notice);
    gtk_widget_class_bind_template_child(w, DwViewVerify, verify_button);
    gtk_widget_class_bind_template_child(w, DwViewVerify, image_button);
}
