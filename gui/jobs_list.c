/* jobs_list.c: DwJobsList, the content of the header bar's Jobs popover:
 * one row per job the views started (newest first) with its title, a
 * progress bar, its status in words and, while it runs, a Cancel button;
 * a finished row shows how it ended (icon and text) instead, and Clear
 * removes the finished rows.  The list holds its own reference on every
 * job shown.
 */
#include "config.h"

#include "gui/gui.h"

struct _DwJobsList {
    GtkBox parent;
    GtkListBox *list;
    GtkWidget *clear;
    GtkWidget *placeholder;
};

G_DEFINE_FINAL_TYPE(DwJobsList, dw_jobs_list, GTK_TYPE_BOX)

static void update_clear(DwJobsList *self)
{
    gboolean finished = FALSE;
    GList *rows = gtk_container_get_children(GTK_CONTAINER(self->list));
    for (GList *l = rows; l && !finished; l = l->next) {
        DwGuiJob *job = g_object_get_data(l->data, "dw-job");
        finished = job && !dw_gui_job_is_running(job);
    }
    g_list_free(rows);
    gtk_widget_set_sensitive(self->clear, finished);
}

static void row_progress(DwGuiJob *job, gpointer row)
{
    GtkProgressBar *bar = g_object_get_data(row, "dw-bar");
    GtkLabel *status = g_object_get_data(row, "dw-status");
    if (!dw_gui_job_is_running(job))
        return;
    const dw_progress *p = dw_gui_job_get_progress(job);
    if (p->total && p->done <= p->total)
        gtk_progress_bar_set_fraction(bar, (double)p->done / (double)p->total);
    else
        gtk_progress_bar_pulse(bar);
    g_autofree char *t = dw_gui_progress_text(p);
    gtk_label_set_text(status, t);
}

static void row_finished(DwGuiJob *job, gpointer row)
{
    DwJobsList *self = g_object_get_data(row, "dw-list");
    const GError *e = dw_gui_job_get_error(job);
    gboolean ok = dw_gui_job_succeeded(job);
    gboolean cancelled = e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED);
    g_autofree char *text = ok ? g_strdup(_("Finished")) : cancelled ? g_strdup(_("Cancelled"))
                                                                     : g_strdup_printf(_("Failed: %s"), e ? e->message : "");
    gtk_label_set_text(g_object_get_data(row, "dw-status"), text);
    gtk_widget_hide(g_object_get_data(row, "dw-cancel"));
    GtkImage *icon = g_object_get_data(row, "dw-icon");
    gtk_image_set_from_icon_name(icon, ok ? "emblem-ok-symbolic" : cancelled ? "process-stop-symbolic"
                                                                             : "dialog-error-symbolic",
                                 GTK_ICON_SIZE_BUTTON);
    gtk_widget_show(GTK_WIDGET(icon));
    GtkProgressBar *bar = g_object_get_data(row, "dw-bar");
    if (ok)
        gtk_progress_bar_set_fraction(bar, 1.0);
    else
        gtk_widget_hide(GTK_WIDGET(bar));
    if (self)
        update_clear(self);
}

static void on_row_cancel(GtkButton *b, gpointer job)
{
    dw_gui_job_cancel(DW_GUI_JOB(job));
}

void dw_jobs_list_add(DwJobsList *self, DwGuiJob *job)
{
    GtkWidget *row = gtk_list_box_row_new();
    gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), FALSE);
    gtk_widget_set_can_focus(row, FALSE);   /* Tab goes to the Cancel buttons */
    GtkWidget *grid = gtk_grid_new();
    g_object_set(grid, "margin", 8, "column-spacing", 8, "row-spacing", 4, NULL);
    GtkWidget *title = gtk_label_new(dw_gui_job_get_title(job));
    gtk_label_set_xalign(GTK_LABEL(title), 0);
    gtk_label_set_ellipsize(GTK_LABEL(title), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_width_chars(GTK_LABEL(title), 36);
    gtk_label_set_max_width_chars(GTK_LABEL(title), 48);
    gtk_widget_set_tooltip_text(title, dw_gui_job_get_title(job));
    gtk_widget_set_hexpand(title, TRUE);
    GtkWidget *bar = gtk_progress_bar_new();
    GtkWidget *status = gtk_label_new(_("Starting…"));
    gtk_label_set_xalign(GTK_LABEL(status), 0);
    gtk_label_set_line_wrap(GTK_LABEL(status), TRUE);
    gtk_label_set_max_width_chars(GTK_LABEL(status), 40);
    gtk_style_context_add_class(gtk_widget_get_style_context(status), "dim-label");
    GtkWidget *icon = gtk_image_new();
    gtk_widget_set_no_show_all(icon, TRUE);
    GtkWidget *cancel = gtk_button_new_from_icon_name("process-stop-symbolic", GTK_ICON_SIZE_BUTTON);
    gtk_widget_set_valign(cancel, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text(cancel, _("Cancel"));
    g_autofree char *acc = g_strdup_printf(_("Cancel %s"), dw_gui_job_get_title(job));
    atk_object_set_name(gtk_widget_get_accessible(cancel), acc);
    atk_object_set_name(gtk_widget_get_accessible(bar), dw_gui_job_get_title(job));
    gtk_grid_attach(GTK_GRID(grid), title, 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), cancel, 1, 0, 1, 2);
    gtk_grid_attach(GTK_GRID(grid), icon, 1, 0, 1, 2);
    gtk_grid_attach(GTK_GRID(grid), bar, 0, 1, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), status, 0, 2, 2, 1);
    gtk_container_add(GTK_CONTAINER(row), grid);
    g_object_set_data(G_OBJECT(row), "dw-bar", bar);
    g_object_set_data(G_OBJECT(row), "dw-status", status);
    g_object_set_data(G_OBJECT(row), "dw-cancel", cancel);
    g_object_set_data(G_OBJECT(row), "dw-icon", icon);
    g_object_set_data(G_OBJECT(row), "dw-list", self);
    g_object_set_data_full(G_OBJECT(row), "dw-job", g_object_ref(job), g_object_unref);
    gtk_widget_show_all(row);
    gtk_list_box_insert(self->list, row, 0);
    g_signal_connect_object(cancel, "clicked", G_CALLBACK(on_row_cancel), job, 0);
    g_signal_connect_object(job, "progress", G_CALLBACK(row_progress), row, 0);
    g_signal_connect_object(job, "finished", G_CALLBACK(row_finished), row, 0);
    update_clear(self);
}

void dw_jobs_list_clear_finished(DwJobsList *self)
{
    GList *rows = gtk_container_get_children(GTK_CONTAINER(self->list));
    for (GList *l = rows; l; l = l->next) {
        DwGuiJob *job = g_object_get_data(l->data, "dw-job");
        if (job && !dw_gui_job_is_running(job))
            gtk_widget_destroy(l->data);
    }
    g_list_free(rows);
    update_clear(self);
}

guint dw_jobs_list_count(DwJobsList *self)
{
    GList *rows = gtk_container_get_children(GTK_CONTAINER(self->list));
    guint n = g_list_length(rows);
    g_list_free(rows);
    return n;
}

static void on_clear(GtkButton *b, gpointer user)
{
    dw_jobs_list_clear_finished(DW_JOBS_LIST(user));
}

static void dw_jobs_list_init(DwJobsList *self)
{
    gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(self), 6);
    g_object_set(self, "margin", 6, NULL);
    GtkWidget *scroll = gtk_scrolled_window_new(NULL, NULL);
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroll), TRUE);
    gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(scroll), 420);
    gtk_scrolled_window_set_min_content_width(GTK_SCROLLED_WINDOW(scroll), 380);
    self->list = GTK_LIST_BOX(gtk_list_box_new());
    gtk_list_box_set_selection_mode(self->list, GTK_SELECTION_NONE);
    self->placeholder = gtk_label_new(_("No jobs yet: rips, images, burns and checks you start show here."));
    gtk_label_set_line_wrap(GTK_LABEL(self->placeholder), TRUE);
    gtk_label_set_max_width_chars(GTK_LABEL(self->placeholder), 30);
    g_object_set(self->placeholder, "margin", 18, NULL);
    gtk_style_context_add_class(gtk_widget_get_style_context(self->placeholder), "dim-label");
    gtk_widget_show(self->placeholder);
    gtk_list_box_set_placeholder(self->list, self->placeholder);
    atk_object_set_name(gtk_widget_get_accessible(GTK_WIDGET(self->list)), _("Jobs"));
    gtk_container_add(GTK_CONTAINER(scroll), GTK_WIDGET(self->list));
    self->clear = gtk_button_new_with_mnemonic(_("C_lear Finished"));
    gtk_widget_set_halign(self->clear, GTK_ALIGN_END);
    atk_object_set_name(gtk_widget_get_accessible(self->clear), _("Clear finished jobs"));
    g_signal_connect(self->clear, "clicked", G_CALLBACK(on_clear), self);
    gtk_container_add(GTK_CONTAINER(self), scroll);
    gtk_container_add(GTK_CONTAINER(self), self->clear);
    gtk_widget_show_all(GTK_WIDGET(self));
    update_clear(self);
}

static void dw_jobs_list_class_init(DwJobsListClass *klass)
{
}

GtkWidget *dw_jobs_list_new(void)
{
    return g_object_new(DW_TYPE_JOBS_LIST, NULL);
}
