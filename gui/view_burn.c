/* view_burn.c: DwViewBurn, writing with burn.h as a job.  The source is
 * an image file or the Author view's project: the project's author
 * stream is fed straight into libburn through a callback source, so no
 * temporary image is written.  The drive is the selected one (the list
 * offers every drive and stdio: file of the sidebar), or any address
 * libburn takes (stdio:PATH writes into a file); speed (Nx of
 * the medium's 1x, from its profile, or one of the write speeds the
 * medium reported when the disc view read it), simulate, multisession
 * ("Leave open": the medium stays appendable; otherwise the disc is
 * closed) and verify after burning (read back over the image's own
 * length; for a project, the SHA-256 of what was sent).  A recorder (a
 * real drive, or the virtual one of the tests) is written through
 * libburn's MMC path, the same burn/ library the CLI uses; a project
 * burnt onto an appendable sequential disc (CD-R, DVD±R) is authored as
 * the next session, at the disc's next writable address and continuing
 * its last ISO tree, as `discwright burn --author --multi` does.  After
 * every burn the medium is read again, so the medium line (kind, status,
 * free space) and the disc view say what the disc now holds.  Blank
 * Disc… (asks first) erases a rewritable disc that holds data, fast, as
 * `discwright blank` does, and reads it again too.  A new stdio: file is
 * written as PATH.dwpart and renamed when complete, as the CLI does, so a
 * failed or cancelled burn leaves nothing that looks finished.  The
 * drive's buffer and our FIFO fill show in the buffer bar, speed and ETA
 * in the job bar, whose Cancel asks first (a cancelled burn can leave a
 * disc unusable); the form is locked while burning, and Burn is refused
 * for a medium the disc view read as closed.  What is wrong with the
 * drive or medium (no medium, closed, too small, no permission and the
 * group to join) comes from the library's error and goes to the window's
 * info bar; the outcome is said in words (how much was written, whether
 * it was verified).
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "discwright/burn.h"
#include "gui/gui.h"

typedef struct {
    gboolean blank;              /* blank the medium (fast) instead of burning */
    char *drive, *image;
    DwAuthorProject *project;    /* instead of image */
    int speed_x;                 /* Nx of the medium's 1x; 0 = fastest or speed_kbs */
    int speed_kbs;               /* a speed the medium listed */
    dw_burn_options opts;
    dw_burn_result res;
} burn_call;

struct _DwViewBurn {
    GtkBox parent;
    GtkLabel *notice, *project_label, *medium_label;
    GtkWidget *burn_button, *blank_button, *image_button, *form;
    DwJobBar *job_bar;
    GtkWidget *ask;                     /* the "stop burning?" question, while shown */
    GtkToggleButton *from_image_radio, *from_project_radio;
    GtkEntry *image_entry;
    GtkComboBoxText *drive_combo, *speed_combo;
    GtkToggleButton *simulate_check, *multi_check, *verify_check;
    GtkLevelBar *buffer_bar;
    DwWindow *win;
    DwGuiJob *job;
    gboolean have_result;
    dw_burn_result result;
    char *medium_drive, *medium_text;   /* the last medium the disc view read */
    gboolean medium_writable;           /* … and whether it can be written */
    gboolean medium_blankable;          /* … and erased (rewritable, not blank) */
    gboolean force_next;                /* the info bar's Replace: the next burn may overwrite a file */
    GArray *medium_speeds;              /* int kB/s */
    gboolean listing_medium_speeds;     /* the speed list holds medium_speeds */
};

G_DEFINE_FINAL_TYPE(DwViewBurn, dw_view_burn, GTK_TYPE_BOX)

static void burn_call_free(gpointer p)
{
    burn_call *c = p;
    g_free(c->drive);
    g_free(c->image);
    dw_author_project_free(c->project);
    g_free(c);
}

static gboolean medium_read(void *user, uint64_t lba, void *buf, size_t n, GError **error)
{
    return dw_burn_drive_read(user, (int64_t)lba, buf, n, error);
}

/* Does the session at msc1 begin an ISO 9660 tree (its PVD at msc1 + 16)? */
static gboolean session_has_iso(dw_burn_drive *drive, int32_t msc1)
{
    g_autofree guint8 *b = g_malloc(DW_BURN_BLOCK);
    return dw_burn_drive_read(drive, (int64_t)msc1 + 16, b, 1, NULL) && b[0] == 1 && memcmp(b + 1, "CD001", 5) == 0;
}

/* The project's stream.  drive (may be NULL) is the opened recorder: on an
 * appendable sequential medium the project becomes its next session, laid
 * out at the next writable address (*session_lba) and continuing the last
 * session's tree when it holds one. */
static dw_burn_source *project_source(const DwAuthorProject *p, dw_burn_drive *drive, int64_t *session_lba,
                                      dw_job *job, GError **error)
{
    dw_author_options ao = *dw_author_project_get_options(p);   /* shallow: the snapshot owns the strings */
    const char *label = ao.volid;
    *session_lba = 0;
    dw_media_info mi;
    if (drive && dw_burn_drive_role(drive) == 1 && dw_burn_media_info(drive, &mi, NULL)) {
        if (mi.status == DW_MEDIA_APPENDABLE && !mi.overwritable && mi.msc1 >= 0 && mi.nwa > 0) {
            ao.start_lba = (uint32_t)mi.nwa;
            *session_lba = mi.nwa;
            if (session_has_iso(drive, mi.msc1)) {
                ao.prev_image = NULL;
                ao.prev_read = medium_read;
                ao.prev_user = drive;
                ao.prev_msc1 = (uint32_t)mi.msc1;
                dw_job_log(job, DW_LOG_INFO, _("continuing the disc's ISO tree: session at LBA %d"), mi.nwa);
            }
        }
        dw_media_info_clear(&mi);
    }
    return dw_burn_source_new_author(&ao, label ? label : "author project", job, error);
}

/* The medium's 1x in kB/s from its MMC profile (CD, DVD, BD). */
static double one_x(int profile)
{
    return profile >= 0x40 && profile < 0x50 ? 4495.5 : profile >= 0x10 && profile < 0x30 ? 1385.0 : 176.4;
}

static const int default_x[] = { 0, 4, 8, 16 };

static int speed_for(int x, int kbs, int profile)
{
    return kbs > 0 ? kbs : x > 0 ? (int)(x * one_x(profile) + 0.5) : 0;
}

/* Blank (fast) the medium in c->drive: CD-RW/DVD-RW erased, overwritable media's ISO superblock zeroed. */
static gboolean run_blank(burn_call *c, dw_job *job, GError **error)
{
    dw_burn_drive *drive = dw_burn_drive_open(c->drive, error);
    if (!drive)
        return FALSE;
    gboolean ok = dw_burn_blank(drive, FALSE, job, error);
    dw_burn_drive_close(drive, FALSE);
    return ok;
}

static gboolean run_burn(dw_job *job, gpointer data, GError **error)
{
    burn_call *c = data;
    if (c->blank)
        return run_blank(c, job, error);
    /* An image first: a missing one does not touch the drive.  A project is
     * laid out once the medium is known (it may be the disc's next session). */
    g_autoptr(dw_burn_source) src = c->project ? NULL : dw_burn_source_new_file(c->image, error);
    if (!c->project && !src)
        return FALSE;
    /* A new stdio: file is written under a temporary name, renamed when complete. */
    g_autofree char *final_path = NULL, *part_path = NULL, *sim_path = NULL;
    g_autofree char *addr = g_strdup(c->drive);
    if (g_str_has_prefix(c->drive, "stdio:") && c->drive[6]) {
        const char *p = c->drive + 6;
        struct stat st;
        gboolean missing = stat(p, &st) != 0 && errno == ENOENT;
        if (missing && c->opts.simulate) {
            sim_path = g_strdup(p);   /* libburn creates it empty: removed again below */
        } else if (missing) {
            final_path = g_strdup(p);
            part_path = g_strdup_printf("%s.dwpart", p);
            g_free(addr);
            addr = g_strdup_printf("stdio:%s", part_path);
            g_unlink(part_path);
        }
    }
    dw_burn_drive *drive = dw_burn_drive_open(addr, error);
    if (!drive) {
        if (part_path)
            g_unlink(part_path);
        return FALSE;
    }
    if (c->project && !(src = project_source(c->project, drive, &c->opts.session_lba, job, error))) {
        dw_burn_drive_close(drive, FALSE);
        if (part_path)
            g_unlink(part_path);
        struct stat est;
        if (sim_path && stat(sim_path, &est) == 0 && S_ISREG(est.st_mode) && est.st_size == 0)
            g_unlink(sim_path);
        return FALSE;
    }
    if (c->speed_x > 0) {
        dw_media_info mi;
        int profile = 0;
        if (dw_burn_media_info(drive, &mi, NULL)) {
            profile = mi.profile;
            dw_media_info_clear(&mi);
        }
        c->opts.speed_kbs = speed_for(c->speed_x, 0, profile);
    } else {
        c->opts.speed_kbs = c->speed_kbs;
    }
    gboolean ok = dw_burn_write(drive, src, &c->opts, job, &c->res, error);
    dw_burn_drive_close(drive, FALSE);
    struct stat sst;
    if (sim_path && stat(sim_path, &sst) == 0 && S_ISREG(sst.st_mode) && sst.st_size == 0)
        g_unlink(sim_path);
    if (part_path) {
        if (ok && g_rename(part_path, final_path) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, _("%s: cannot rename to %s: %s"), part_path, final_path,
                        g_strerror(errno));
            ok = FALSE;
        }
        if (!ok)
            g_unlink(part_path);
    }
    return ok;
}

static void on_progress(DwGuiJob *job, gpointer user)
{
    DwViewBurn *self = user;
    const dw_progress *p = dw_gui_job_get_progress(job);
    int fill = p->buffer_fill >= 0 ? p->buffer_fill : p->fifo_fill;
    gtk_level_bar_set_value(self->buffer_bar, fill >= 0 ? fill / 100.0 : 0);
}

static gboolean burn_running(DwViewBurn *self)
{
    return self->job && dw_gui_job_is_running(self->job);
}

static gboolean chosen_medium_writable(DwViewBurn *self);
static gboolean chosen_medium_blankable(DwViewBurn *self);

/* Burn as far as a running job and the chosen medium allow; the form is locked while burning. */
static void update_sensitivity(DwViewBurn *self)
{
    gboolean busy = burn_running(self);
    gtk_widget_set_sensitive(self->form, !busy);
    if (!self->win)
        return;
    gboolean writable = chosen_medium_writable(self);
    dw_window_set_action_enabled(self->win, "burn", !busy && writable);
    gtk_widget_set_sensitive(self->blank_button, !busy && chosen_medium_blankable(self));
    gtk_widget_set_tooltip_text(self->burn_button, writable ? _("Start burning (Ctrl+B)")
                                                            : _("Nothing can be written on the disc in this drive: "
                                                                "insert a blank or rewritable one"));
    dw_window_update_cancel(self->win);
}

static void on_replace_answer(DwWindow *win, int action, gpointer user)
{
    DwViewBurn *self = user;
    self->force_next = TRUE;
    if (!dw_view_burn_start(self))
        self->force_next = FALSE;
}

static void on_finished(DwGuiJob *job, gpointer user)
{
    DwViewBurn *self = user;
    burn_call *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    if (self->ask)
        gtk_widget_destroy(self->ask);   /* nothing left to stop */
    gboolean file = g_str_has_prefix(c->drive, "stdio:");
    g_autofree char *target = file ? g_path_get_basename(c->drive + 6) : g_strdup(c->drive);
    if (c->blank && dw_gui_job_succeeded(job)) {
        g_autofree char *text = g_strdup_printf(_("Blank complete: the disc in %s can be written again."), target);
        dw_job_bar_finish(self->job_bar, DW_JOB_DONE, text);
    } else if (c->blank) {
        g_autofree char *text = g_strdup_printf(_("Blanking failed: %s"), e ? e->message : _("unknown error"));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, text);
    } else if (dw_gui_job_succeeded(job)) {
        self->result = c->res;
        self->have_result = TRUE;
        g_autofree char *size = g_format_size(c->res.blocks * DW_BURN_BLOCK);
        g_autofree char *text =
            c->opts.simulate ? g_strdup_printf(_("Simulation complete: %s would have been written to %s; nothing "
                                                 "was written."), size, target)
            : c->res.verified ? g_strdup_printf(_("Burn complete: %s written to %s and verified."), size, target)
                              : g_strdup_printf(_("Burn complete: %s written to %s."), size, target);
        dw_job_bar_finish(self->job_bar, DW_JOB_DONE, text);
    } else if (file && e && g_error_matches(e, DW_ERROR, DW_ERROR_EXISTS)) {
        /* A file that already holds an image: ask, in the GUI's words, instead of the library's option names. */
        g_object_set_data(G_OBJECT(job), "dw-error-handled", GINT_TO_POINTER(1));
        g_autofree char *text = g_strdup_printf(_("Not burnt: “%s” already holds a disc image."), target);
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, text);
        g_autofree char *q = g_strdup_printf(_("“%s” already holds a disc image. Replace it with this one?"), target);
        static const char *labels[2];
        labels[0] = _("Re_place");
        labels[1] = NULL;
        dw_window_show_message(self->win, GTK_MESSAGE_QUESTION, q, labels, on_replace_answer, self, NULL);
    } else if (e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED)) {
        const char *text = file ? _("Cancelled: the burn was stopped; no finished file was left.")
                                : _("Cancelled: the burn was stopped. The disc is incomplete and may be unusable.");
        dw_job_bar_finish(self->job_bar, DW_JOB_CANCELLED, text);
    } else {
        g_autofree char *text = g_strdup_printf(_("Burn failed: %s"), e ? e->message : _("unknown error"));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, text);
    }
    gtk_level_bar_set_value(self->buffer_bar, 0);
    update_sensitivity(self);
    /* The medium changed (or may have, after a failure): read it again, so
     * the medium line and the disc view say what it holds now.  A drive is
     * selected in the sidebar (its disc read); a stdio: file only when it
     * is the source shown. */
    if (c->opts.simulate && file)
        return;
    DwDriveList *dl = dw_window_get_drive_list(self->win);
    const char *selected = dw_drive_list_get_selected(dl);
    if (selected && g_str_equal(selected, c->drive))
        dw_window_reread(self->win);
    else if (!file)
        dw_drive_list_select(dl, c->drive);
}

gboolean dw_view_burn_start(DwViewBurn *self)
{
    if (!self->win || (self->job && dw_gui_job_is_running(self->job)))
        return FALSE;
    gboolean project = gtk_toggle_button_get_active(self->from_project_radio);
    const char *image = gtk_entry_get_text(self->image_entry);
    g_autofree char *drive = gtk_combo_box_text_get_active_text(self->drive_combo);
    if (drive)
        g_strstrip(drive);
    if (!project && (!*image || !g_file_test(image, G_FILE_TEST_IS_REGULAR))) {
        dw_window_show_error(self->win, _("Burn: the image “%s” does not exist: choose an image file."), image);
        return FALSE;
    }
    if (!drive || !*drive) {
        dw_window_show_error(self->win, "%s", _("Burn: choose a drive (or stdio:PATH to write into a file)."));
        return FALSE;
    }
    gboolean simulate = gtk_toggle_button_get_active(self->simulate_check);
    gboolean verify = gtk_toggle_button_get_active(self->verify_check);
    if (simulate && verify) {
        dw_window_show_error(self->win, "%s", _("Burn: a simulation writes nothing, so there is nothing to verify: "
                                                "untick Simulate or Verify after burning."));
        return FALSE;
    }
    DwAuthorProject *proj = NULL;
    if (project && !(proj = dw_view_author_snapshot(dw_window_get_view_author(self->win))))
        return FALSE;   /* empty project: the info bar says so */
    burn_call *c = g_new0(burn_call, 1);
    c->drive = g_strdup(drive);
    c->image = project ? NULL : g_strdup(image);
    c->project = proj;
    int active = MAX(0, gtk_combo_box_get_active(GTK_COMBO_BOX(self->speed_combo)));
    if (self->listing_medium_speeds)
        c->speed_kbs = active > 0 && (guint)active <= self->medium_speeds->len
                           ? g_array_index(self->medium_speeds, int, active - 1) : 0;
    else
        c->speed_x = default_x[MIN(active, 3)];
    c->opts.simulate = simulate;
    c->opts.multi = gtk_toggle_button_get_active(self->multi_check);
    c->opts.verify = verify;
    c->opts.force = self->force_next;   /* only after the user said Replace */
    self->force_next = FALSE;
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    self->have_result = FALSE;
    gtk_level_bar_set_value(self->buffer_bar, 0);
    dw_window_hide_message(self->win);
    g_autofree char *title = project ? g_strdup_printf(_("Burn the author project to %s"), drive)
                                     : g_strdup_printf(_("Burn %s to %s"), image, drive);
    self->job = dw_gui_job_new(title, run_burn, c, burn_call_free);
    g_signal_connect(self->job, "progress", G_CALLBACK(on_progress), self);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_job_bar_track(self->job_bar, self->job);
    dw_window_run_job(self->win, self->job);
    update_sensitivity(self);
    return TRUE;
}

/* Start blanking the chosen drive's medium (fast), without asking: the
 * Blank Disc… button asks first, then calls this. */
gboolean dw_view_burn_blank(DwViewBurn *self)
{
    if (!self->win || burn_running(self) || !chosen_medium_blankable(self))
        return FALSE;
    g_autofree char *drive = gtk_combo_box_text_get_active_text(self->drive_combo);
    g_strstrip(drive);
    burn_call *c = g_new0(burn_call, 1);
    c->blank = TRUE;
    c->drive = g_strdup(drive);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    self->have_result = FALSE;
    dw_window_hide_message(self->win);
    g_autofree char *title = g_strdup_printf(_("Blank the disc in %s"), drive);
    self->job = dw_gui_job_new(title, run_burn, c, burn_call_free);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_job_bar_track(self->job_bar, self->job);
    dw_window_run_job(self->win, self->job);
    update_sensitivity(self);
    return TRUE;
}

static void on_blank_answer(GtkDialog *d, int response, gpointer user)
{
    gtk_widget_destroy(GTK_WIDGET(d));
    if (response == GTK_RESPONSE_ACCEPT)
        dw_view_burn_blank(DW_VIEW_BURN(user));
}

static void on_blank_clicked(GtkButton *b, gpointer user)
{
    DwViewBurn *self = user;
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkWidget *d = gtk_message_dialog_new(GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL,
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                          GTK_BUTTONS_NONE, "%s", _("Blank the disc?"));
    gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s",
                                             _("Everything on it is lost; it can then be written again."));
    gtk_dialog_add_buttons(GTK_DIALOG(d), _("_Cancel"), GTK_RESPONSE_CANCEL, _("_Blank"), GTK_RESPONSE_ACCEPT,
                           NULL);
    gtk_dialog_set_default_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
    GtkWidget *go = gtk_dialog_get_widget_for_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class(gtk_widget_get_style_context(go), "destructive-action");
    g_signal_connect(d, "response", G_CALLBACK(on_blank_answer), self);
    gtk_widget_show(d);
}

static void on_ask_answer(GtkDialog *d, int response, gpointer user)
{
    DwViewBurn *self = user;
    gtk_widget_destroy(GTK_WIDGET(d));
    if (response == GTK_RESPONSE_ACCEPT && burn_running(self))
        dw_gui_job_cancel(self->job);
}

static void on_ask_destroyed(GtkWidget *w, gpointer user)
{
    DW_VIEW_BURN(user)->ask = NULL;
}

/* Stopping a burn can spoil a disc: ask first (a simulation stops at once). */
void dw_view_burn_cancel(DwViewBurn *self)
{
    if (!burn_running(self) || self->ask)
        return;
    burn_call *c = dw_gui_job_get_data(self->job);
    if (c->opts.simulate) {
        dw_gui_job_cancel(self->job);
        return;
    }
    gboolean file = g_str_has_prefix(c->drive, "stdio:");
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkWidget *d = gtk_message_dialog_new(GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL,
                                          GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                          GTK_BUTTONS_NONE, "%s",
                                          c->blank ? _("Stop blanking?") : _("Stop burning?"));
    gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s",
                                             c->blank ? _("A disc whose blanking is stopped may be unusable until "
                                                          "it is blanked again.")
                                             : file ? _("The file being written is removed.")
                                                    : _("A disc whose burn is stopped is incomplete and may be "
                                                        "unusable."));
    gtk_dialog_add_buttons(GTK_DIALOG(d), _("_Continue Burning"), GTK_RESPONSE_CANCEL, _("_Stop Burning"),
                           GTK_RESPONSE_ACCEPT, NULL);
    gtk_dialog_set_default_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
    GtkWidget *stop = gtk_dialog_get_widget_for_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class(gtk_widget_get_style_context(stop), "destructive-action");
    self->ask = d;
    g_signal_connect(d, "response", G_CALLBACK(on_ask_answer), self);
    g_signal_connect(d, "destroy", G_CALLBACK(on_ask_destroyed), self);
    gtk_widget_show(d);
}

static void on_cancel(DwJobBar *bar, gpointer user)
{
    dw_view_burn_cancel(DW_VIEW_BURN(user));
}

DwJobBar *dw_view_burn_get_job_bar(DwViewBurn *self)
{
    return self->job_bar;
}


static void update_from(DwViewBurn *self)
{
    gboolean project = gtk_toggle_button_get_active(self->from_project_radio);
    gtk_widget_set_sensitive(GTK_WIDGET(self->image_entry), !project);
    gtk_widget_set_sensitive(self->image_button, !project);
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->multi_check),
                                project ? _("Leave the disc open so more can be added later (multisession); on a "
                                            "disc left open, the project is added as its next session")
                                        : _("Leave the disc open so more can be added later (multisession)"));
    g_autofree char *text = NULL;
    if (project && self->win)
        text = dw_view_author_describe(dw_window_get_view_author(self->win));
    gtk_label_set_text(self->project_label, text ? text : "");
    gtk_widget_set_visible(GTK_WIDGET(self->project_label), project);
}

static void on_from_toggled(GtkToggleButton *b, gpointer user)
{
    update_from(DW_VIEW_BURN(user));
}

/* Shown again: the project may have changed in the Author view meanwhile. */
static void on_map(GtkWidget *w, gpointer user)
{
    update_from(DW_VIEW_BURN(w));
}

void dw_view_burn_set_from(DwViewBurn *self, DwBurnFrom from)
{
    gtk_toggle_button_set_active(from == DW_BURN_FROM_PROJECT ? self->from_project_radio : self->from_image_radio,
                                 TRUE);
    update_from(self);   /* the project may have changed even when the choice did not */
}

DwBurnFrom dw_view_burn_get_from(DwViewBurn *self)
{
    return gtk_toggle_button_get_active(self->from_project_radio) ? DW_BURN_FROM_PROJECT : DW_BURN_FROM_IMAGE;
}

void dw_view_burn_set_simulate(DwViewBurn *self, gboolean simulate)
{
    gtk_toggle_button_set_active(self->simulate_check, simulate);
}

void dw_view_burn_set_multi(DwViewBurn *self, gboolean multi)
{
    gtk_toggle_button_set_active(self->multi_check, multi);
}

const char *dw_view_burn_get_medium_text(DwViewBurn *self)
{
    return gtk_label_get_text(self->medium_label);
}

const dw_burn_result *dw_view_burn_get_result(DwViewBurn *self)
{
    return self->have_result ? &self->result : NULL;
}

int dw_view_burn_get_speed_kbs(DwViewBurn *self, int profile)
{
    int active = MAX(0, gtk_combo_box_get_active(GTK_COMBO_BOX(self->speed_combo)));
    if (self->listing_medium_speeds)
        return active > 0 && (guint)active <= self->medium_speeds->len
                   ? g_array_index(self->medium_speeds, int, active - 1) : 0;
    return speed_for(default_x[MIN(active, 3)], 0, profile);
}

GtkComboBox *dw_view_burn_get_speed_combo(DwViewBurn *self)
{
    return GTK_COMBO_BOX(self->speed_combo);
}

GtkComboBox *dw_view_burn_get_drive_combo(DwViewBurn *self)
{
    return GTK_COMBO_BOX(self->drive_combo);
}

static gboolean chosen_medium_writable(DwViewBurn *self)
{
    g_autofree char *drive = gtk_combo_box_text_get_active_text(self->drive_combo);
    gboolean known = drive && self->medium_drive && g_str_equal(g_strstrip(drive), self->medium_drive);
    return !known || self->medium_writable;
}

static gboolean chosen_medium_blankable(DwViewBurn *self)
{
    g_autofree char *drive = gtk_combo_box_text_get_active_text(self->drive_combo);
    gboolean known = drive && self->medium_drive && g_str_equal(g_strstrip(drive), self->medium_drive);
    return known && self->medium_blankable;
}

/* The speed list and the medium line for the drive now in the combo. */
static void apply_medium(DwViewBurn *self, gboolean force)
{
    g_autofree char *drive = gtk_combo_box_text_get_active_text(self->drive_combo);
    gboolean known = drive && self->medium_drive && g_str_equal(g_strstrip(drive), self->medium_drive);
    /* Always a line, so typing an address does not make the layout jump. */
    gtk_label_set_text(self->medium_label,
                       known && self->medium_text ? self->medium_text
                       : drive && g_str_has_prefix(drive, "stdio:")
                           ? _("Medium: a file, created when the burn completes")
                           : _("Medium: not read yet (select the drive in the sidebar to read it)"));
    update_sensitivity(self);
    gboolean list = known && self->medium_speeds->len > 0;
    if (!force && list == self->listing_medium_speeds)
        return;
    self->listing_medium_speeds = list;
    gtk_combo_box_text_remove_all(self->speed_combo);
    gtk_combo_box_text_append_text(self->speed_combo, _("Maximum"));
    if (list) {
        for (guint i = 0; i < self->medium_speeds->len; i++) {
            int kbs = g_array_index(self->medium_speeds, int, i);
            g_autofree char *t = g_strdup_printf(_("%d kB/s"), kbs);
            gtk_combo_box_text_append_text(self->speed_combo, t);
        }
    } else {
        for (size_t i = 1; i < G_N_ELEMENTS(default_x); i++) {
            g_autofree char *t = g_strdup_printf(_("%dx"), default_x[i]);
            gtk_combo_box_text_append_text(self->speed_combo, t);
        }
    }
    gtk_combo_box_set_active(GTK_COMBO_BOX(self->speed_combo), 0);
}

void dw_view_burn_set_medium(DwViewBurn *self, const char *drive, const dw_media_info *m)
{
    g_clear_pointer(&self->medium_drive, g_free);
    g_clear_pointer(&self->medium_text, g_free);
    g_array_set_size(self->medium_speeds, 0);
    self->medium_writable = TRUE;
    self->medium_blankable = FALSE;
    if (drive && m) {
        self->medium_drive = g_strdup(drive);
        g_autofree char *free_text = g_format_size(m->free_bytes);
        /* A rewritable disc that holds something (not a stdio: file: those are replaced, not blanked). */
        self->medium_blankable = m->profile != 0xffff && (m->erasable || m->overwritable) &&
                                 (m->status == DW_MEDIA_APPENDABLE || m->status == DW_MEDIA_CLOSED);
        /* A closed CD-RW/DVD-RW is blanked before it takes anything new. */
        self->medium_writable = m->status != DW_MEDIA_NONE && dw_gui_media_writable(m) &&
                                !(m->status == DW_MEDIA_CLOSED && !m->overwritable);
        /* The kind as libburn names it (CD-R, DVD+RW, …; a file says "stdio file"). */
        g_autofree char *kind = m->profile_name[0] ? g_strdup_printf("%s, ", m->profile_name) : g_strdup("");
        self->medium_text =
            m->status == DW_MEDIA_NONE ? g_strdup(_("Medium: none; insert a disc"))
            : self->medium_writable
                ? g_strdup_printf(_("Medium: %s%s, %s free"), kind, dw_gui_media_status_text(m->status), free_text)
            : m->status == DW_MEDIA_CLOSED && self->medium_blankable
                ? g_strdup_printf(_("Medium: %sclosed (complete); blank it (Blank Disc…) to write it again"), kind)
            : m->status == DW_MEDIA_CLOSED
                ? g_strdup_printf(_("Medium: %sclosed (complete), nothing more can be written on it"), kind)
                : g_strdup_printf(_("Medium: %s%s, nothing more can be written on it"), kind,
                                  dw_gui_media_status_text(m->status));
        for (size_t i = 0; i < m->n_write_speeds; i++)
            g_array_append_val(self->medium_speeds, m->write_speeds[i]);
    }
    apply_medium(self, TRUE);
}

static void on_drive_changed(GtkComboBox *c, gpointer user)
{
    apply_medium(DW_VIEW_BURN(user), FALSE);
}

void dw_view_burn_setup(DwViewBurn *self, DwWindow *win, const char *drive)
{
    self->win = win;
    if (burn_running(self))
        return;   /* the form is locked while burning */
    if (drive) {
        gtk_combo_box_text_remove_all(self->drive_combo);
        gtk_combo_box_text_append_text(self->drive_combo, drive);
        g_auto(GStrv) all = dw_drive_list_get_burners(dw_window_get_drive_list(win));
        for (char **a = all; a && *a; a++)
            if (!g_str_equal(*a, drive))
                gtk_combo_box_text_append_text(self->drive_combo, *a);
        gtk_combo_box_set_active(GTK_COMBO_BOX(self->drive_combo), 0);
    }
}

void dw_view_burn_set_target(DwViewBurn *self, const char *image, const char *drive, gboolean verify)
{
    gtk_entry_set_text(self->image_entry, image ? image : "");
    GtkWidget *entry = gtk_bin_get_child(GTK_BIN(self->drive_combo));
    gtk_entry_set_text(GTK_ENTRY(entry), drive ? drive : "");
    gtk_toggle_button_set_active(self->verify_check, verify);
}

DwGuiJob *dw_view_burn_get_job(DwViewBurn *self)
{
    return self->job;
}

static void on_choose_response(GtkNativeDialog *d, int response, gpointer user)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(d));
        if (f)
            gtk_entry_set_text(DW_VIEW_BURN(user)->image_entry, f);
    }
    g_object_unref(d);
}

void dw_view_burn_ask_image(DwViewBurn *self)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Image to Burn"), GTK_WINDOW(top),
                                                          GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
    g_signal_connect(d, "response", G_CALLBACK(on_choose_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void dispose(GObject *obj)
{
    DwViewBurn *self = DW_VIEW_BURN(obj);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    if (self->ask)
        gtk_widget_destroy(self->ask);
    G_OBJECT_CLASS(dw_view_burn_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwViewBurn *self = DW_VIEW_BURN(obj);
    g_free(self->medium_drive);
    g_free(self->medium_text);
    g_array_unref(self->medium_speeds);
    G_OBJECT_CLASS(dw_view_burn_parent_class)->finalize(obj);
}

static void dw_view_burn_init(DwViewBurn *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    gtk_label_set_text(self->notice, _("Write a disc image, or your Author project straight from its files, to a "
                                       "blank or rewritable disc."));
    dw_job_bar_set_names(self->job_bar, _("Cancel burn"), _("Burn progress"), _("Burn status"));
    dw_job_bar_set_cancel_tooltip(self->job_bar, _("Stop burning; you are asked first (Ctrl+.)"));
    g_signal_connect(self->job_bar, "cancel", G_CALLBACK(on_cancel), self);
    gtk_level_bar_set_min_value(self->buffer_bar, 0);
    gtk_level_bar_set_max_value(self->buffer_bar, 1);
    self->medium_speeds = g_array_new(FALSE, FALSE, sizeof(int));
    g_signal_connect(self->from_project_radio, "toggled", G_CALLBACK(on_from_toggled), self);
    g_signal_connect(self->drive_combo, "changed", G_CALLBACK(on_drive_changed), self);
    g_signal_connect(self->blank_button, "clicked", G_CALLBACK(on_blank_clicked), self);
    g_signal_connect(self, "map", G_CALLBACK(on_map), NULL);
    update_from(self);
}

static void dw_view_burn_class_init(DwViewBurnClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    g_type_ensure(DW_TYPE_JOB_BAR);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_burn.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewBurn, name)
    BIND(notice);
    BIND(project_label);
    BIND(medium_label);
    BIND(burn_button);
    BIND(blank_button);
    BIND(image_button);
    BIND(from_image_radio);
    BIND(from_project_radio);
    BIND(image_entry);
    BIND(drive_combo);
    BIND(speed_combo);
    BIND(simulate_check);
    BIND(multi_check);
    BIND(verify_check);
    BIND(buffer_bar);
    BIND(form);
    BIND(job_bar);
#undef BIND
}
