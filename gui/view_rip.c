/* view_rip.c: DwViewRip, the rip settings (formats — those that apply to
 * the disc: no ISO without a data track, only ISO for a DVD or BD —,
 * output folder and base name, by default the disc's CD-TEXT title or
 * label, read offset, retries, resume, replace) and the running rip:
 * progress with speed and ETA in the job bar, the sector map read back
 * from BASE.map whenever the library rewrites it (it does so after every
 * stored block, atomically), per-track status derived from that map, and
 * the list of errors with their LBAs from the job's log; for audio, what
 * the rip proved per track (view_rip_audio.c).  The form is
 * locked while the rip runs.  An earlier rip under the same name is found
 * before starting and the info bar offers Resume, Replace or Choose
 * Another Name.  Cancel is not an error: the map and dump stay, and
 * Resume continues them.  Settings come from and go back to GSettings
 * (folder, formats, retries, offset per drive model; the audio choices
 * in view_rip_audio.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "gui/view_rip_private.h"

enum { ER_LBA, ER_MESSAGE, ER_N };

G_DEFINE_FINAL_TYPE(DwViewRip, dw_view_rip, GTK_TYPE_BOX)

static void rip_call_free(gpointer p)
{
    DwRipCall *c = p;
    g_free(c->source);
    g_free(c->base);
    g_free(c->accuraterip_db);
    g_free(c->ctdb);
    g_free(c->drive_offsets);
    g_free(c->metadata);
    g_free(c);
}

static gboolean run_rip(dw_job *job, gpointer data, GError **error)
{
    DwRipCall *c = data;
    return dw_rip(&c->ro, job, &c->res, error);
}

static dw_disc *copy_disc(const dw_disc *d)
{
    /* The view needs only the track layout: copy the plain fields. */
    dw_disc *c = dw_disc_new();
    c->kind = d->kind;
    c->n_tracks = d->n_tracks;
    memcpy(c->tracks, d->tracks, sizeof d->tracks);
    for (int i = 0; i < c->n_tracks; i++)
        c->tracks[i].file.path = NULL;
    c->total_sectors = d->total_sectors;
    return c;
}

static uint32_t block_size(DwViewRip *self)
{
    return self->disc && self->disc->kind != DW_DISC_CD ? 2048 : 2352;
}

/* Status of one track from the map: waiting, reading, good, N bad. */
static char *track_status(const dw_map *map, const dw_track *t, gboolean running)
{
    int64_t from = MAX(0, (int64_t)t->start - t->pregap), to = (int64_t)t->start + t->length;
    int64_t good = 0, bad = 0, untried = 0, other = 0;
    size_t n = 0;
    const dw_map_run *runs = dw_map_runs(map, &n);
    for (size_t i = 0; i < n; i++) {
        int64_t a = MAX(from, runs[i].pos), b = MIN(to, runs[i].pos + runs[i].size);
        if (b <= a)
            continue;
        switch (runs[i].status) {
        case DW_MAP_FINISHED: good += b - a; break;
        case DW_MAP_BAD: bad += b - a; break;
        case DW_MAP_NONTRIED: untried += b - a; break;
        default: other += b - a; break;
        }
    }
    if (bad)
        return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " bad sector",
                                           "%" G_GINT64_FORMAT " bad sectors", (gulong)bad), bad);
    if (other)
        return g_strdup(running ? _("retrying") : _("not finished"));
    if (untried && good)
        return g_strdup(running ? _("reading") : _("partly read"));
    if (untried)
        return g_strdup(running ? _("waiting") : _("not read"));
    return g_strdup(_("good"));
}

static void fill_tracks(DwViewRip *self, const dw_map *map)
{
    gtk_list_store_clear(self->track_status);
    if (!self->disc)
        return;
    gboolean running = self->job && dw_gui_job_is_running(self->job);
    /* A hidden track before track 1 (audio the rip kept as track 0) gets its own row. */
    gboolean hidden = FALSE;
    for (int i = 0; self->result && i < self->result->n_audio; i++)
        hidden = hidden || self->result->tracks[i].number == 0;
    for (int i = hidden ? -1 : 0; i < self->disc->n_tracks; i++) {
        dw_track h = { .number = 0, .mode = DW_TRACK_AUDIO, .start = 0, .length = self->disc->tracks[0].start };
        const dw_track *t = i < 0 ? &h : &self->disc->tracks[i];
        char buf[2][32];
        g_autofree char *st = map ? track_status(map, t, running) : g_strdup(_("waiting"));
        GtkTreeIter it;
        gtk_list_store_insert_with_values(self->track_status, &it, -1, DW_RIP_COL_TRACK, t->number, DW_RIP_COL_MODE,
                                          dw_track_mode_name(t->mode), DW_RIP_COL_START,
                                          dw_frames_to_string(t->start, buf[0], sizeof buf[0]), DW_RIP_COL_LENGTH,
                                          dw_frames_to_string(t->length, buf[1], sizeof buf[1]), DW_RIP_COL_STATUS,
                                          st, -1);
        dw_rip_audio_fill_row(self, &it, t->number);
    }
}

/* Read BASE.map again when it changed on disk (or always with force). */
static void reload_map(DwViewRip *self, gboolean force)
{
    if (!self->map_path)
        return;
    GStatBuf st;
    if (g_stat(self->map_path, &st) != 0) {
        dw_sector_map_set_map(self->sector_map, NULL, -1);
        fill_tracks(self, NULL);
        return;
    }
    gint64 mtime = (gint64)st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
    if (!force && mtime == self->map_mtime && (goffset)st.st_size == self->map_size)
        return;
    self->map_mtime = mtime;
    self->map_size = (goffset)st.st_size;
    GError *error = NULL;
    g_autoptr(dw_map) map = dw_map_read_file(self->map_path, -1, block_size(self), &error);
    if (!map) {
        g_clear_error(&error);   /* caught between writes: the next poll reads it */
        return;
    }
    dw_map_run next;
    gboolean running = self->job && dw_gui_job_is_running(self->job);
    int64_t current = running && dw_map_find(map, 0, "?", &next) ? next.pos : -1;
    dw_sector_map_set_map(self->sector_map, map, current);
    fill_tracks(self, map);
    int64_t c[4];
    dw_sector_map_get_counts(self->sector_map, c);
    g_autofree char *legend =
        g_strdup_printf("<span foreground=\"#38a157\">■</span> %s %" G_GINT64_FORMAT "   "
                        "<span foreground=\"#cc2626\">■</span> %s %" G_GINT64_FORMAT "   "
                        "<span foreground=\"#b8bdc7\">■</span> %s %" G_GINT64_FORMAT "   "
                        "<span foreground=\"#edc22e\">■</span> %s %" G_GINT64_FORMAT,
                        _("good"), c[0], _("bad"), c[1], _("not tried"), c[2], _("retried"), c[3]);
    gtk_label_set_markup(self->legend, legend);
}

static void update_sensitivity(DwViewRip *self)
{
    gboolean running = self->job && dw_gui_job_is_running(self->job);
    gtk_widget_set_sensitive(self->form, !running);
    if (self->win) {
        dw_window_set_action_enabled(self->win, "rip", !running && self->source);
        dw_window_update_cancel(self->win);
    }
}

static void on_progress(DwGuiJob *job, gpointer user)
{
    reload_map(DW_VIEW_RIP(user), FALSE);
}

static void on_log(DwGuiJob *job, int level, const char *msg, gpointer user)
{
    DwViewRip *self = user;
    if (level < DW_LOG_WARNING || strncmp(msg, "LBA ", 4) != 0)
        return;
    char *end;
    long lba = strtol(msg + 4, &end, 10);
    if (end == msg + 4)
        return;
    gtk_list_store_insert_with_values(self->errors, NULL, -1, ER_LBA, (int)lba, ER_MESSAGE, msg, -1);
    int n = gtk_tree_model_iter_n_children(GTK_TREE_MODEL(self->errors), NULL);
    g_autofree char *tab = g_strdup_printf(_("Errors (%d)"), n);
    gtk_container_child_set(GTK_CONTAINER(self->lists), self->errors_page, "title", tab, NULL);
}

static void open_folder(gpointer user)
{
    DwViewRip *self = user;
    dw_gui_open_folder(GTK_WIDGET(self), gtk_entry_get_text(self->folder_entry));
}

static void ask_existing(DwViewRip *self, const char *found);
static void show_results(DwViewRip *self);

static void on_finished(DwGuiJob *job, gpointer user)
{
    DwViewRip *self = user;
    DwRipCall *c = dw_gui_job_get_data(job);
    const GError *e = dw_gui_job_get_error(job);
    gboolean cancelled = e && g_error_matches(e, DW_ERROR, DW_ERROR_CANCELLED);
    dw_rip_audio_show_result(self, dw_gui_job_succeeded(job) || !cancelled ? c : NULL);
    reload_map(self, TRUE);
    update_sensitivity(self);
    g_autofree char *name = g_path_get_basename(c->base);
    if (dw_gui_job_succeeded(job)) {
        g_autofree char *good = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " sector",
                                                            "%" G_GINT64_FORMAT " sectors", (gulong)c->res.sectors),
                                                c->res.sectors);
        g_autofree char *audio = dw_rip_audio_outcome(&c->res);
        g_autofree char *text =
            c->res.good == c->res.sectors
                ? g_strdup_printf(_("Rip complete: all %s read.%s The files are “%s.*” in the output folder."), good,
                                  audio, name)
                : g_strdup_printf(_("Rip finished with %" G_GINT64_FORMAT " of %s read; Resume retries the rest.%s "
                                    "The files are “%s.*” in the output folder."),
                                  c->res.good, good, audio, name);
        dw_job_bar_finish(self->job_bar, c->res.good == c->res.sectors ? DW_JOB_DONE : DW_JOB_WARNING, text);
        show_results(self);
        gtk_toggle_button_set_active(self->resume_check, c->res.good != c->res.sectors);
        gtk_toggle_button_set_active(self->force_check, FALSE);
    } else if (cancelled) {
        g_autofree char *text = g_strdup_printf(_("Cancelled. Nothing is complete yet; the map “%s.map” stays, "
                                                  "so Resume continues the rip."), name);
        dw_job_bar_finish(self->job_bar, DW_JOB_CANCELLED, text);
        gtk_toggle_button_set_active(self->resume_check, TRUE);
        gtk_toggle_button_set_active(self->force_check, FALSE);
    } else if (e && g_error_matches(e, DW_ERROR, DW_ERROR_EXISTS)) {
        /* Files appeared after the check: the same question, in the GUI's words. */
        g_object_set_data(G_OBJECT(job), "dw-error-handled", GINT_TO_POINTER(1));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, _("Not started: an earlier rip has this name."));
        ask_existing(self, c->base);
    } else {
        g_autofree char *text = g_strdup_printf(_("Rip failed: %s"), e ? e->message : _("unknown error"));
        dw_job_bar_finish(self->job_bar, DW_JOB_FAILED, text);
        if (e && g_error_matches(e, DW_ERROR, DW_ERROR_UNREADABLE))
            gtk_toggle_button_set_active(self->resume_check, FALSE);
    }
}

/* The formats ticked; shown_only: only those offered for this disc. */
static unsigned formats_of(DwViewRip *self, gboolean shown_only)
{
    unsigned f = 0;
    if (shown_only) {
        unsigned all = formats_of(self, FALSE), shown = 0;
        if (gtk_widget_get_visible(GTK_WIDGET(self->fmt_iso)))
            shown |= DW_RIP_ISO;
        if (gtk_widget_get_visible(GTK_WIDGET(self->fmt_bincue)))
            shown |= DW_RIP_BINCUE | DW_RIP_CCD | DW_RIP_TOC;
        return all & shown;
    }
    if (gtk_toggle_button_get_active(self->fmt_iso))
        f |= DW_RIP_ISO;
    if (gtk_toggle_button_get_active(self->fmt_bincue))
        f |= DW_RIP_BINCUE;
    if (gtk_toggle_button_get_active(self->fmt_ccd))
        f |= DW_RIP_CCD;
    if (gtk_toggle_button_get_active(self->fmt_toc))
        f |= DW_RIP_TOC;
    return f;
}

static void save_settings(DwViewRip *self, unsigned formats)
{
    GPtrArray *names = g_ptr_array_new();
    if (formats & DW_RIP_ISO)
        g_ptr_array_add(names, "iso");
    if (formats & DW_RIP_BINCUE)
        g_ptr_array_add(names, "bincue");
    if (formats & DW_RIP_CCD)
        g_ptr_array_add(names, "ccd");
    if (formats & DW_RIP_TOC)
        g_ptr_array_add(names, "toc");
    g_ptr_array_add(names, NULL);
    dw_gui_settings_set_strv("formats", (const char *const *)names->pdata);
    g_ptr_array_free(names, TRUE);
    dw_gui_settings_set_string("output-folder", gtk_entry_get_text(self->folder_entry));
    dw_gui_settings_set_int("retries", gtk_spin_button_get_value_as_int(self->retries_spin));
    if (self->model && *self->model && gtk_toggle_button_get_active(self->offset_check))
        dw_gui_settings_store_int("drive-offsets", self->model, gtk_spin_button_get_value_as_int(self->offset_spin));
}

/* What an earlier rip under base left (the files the library refuses to
 * replace), or NULL. */
static char *existing_rip(const char *base)
{
    static const char *const exts[] = { ".map", ".dump.img", ".cue", ".ccd", ".toc", ".iso", ".iso.part",
                                        ".hash", ".img", ".bin", ".flac.cue", ".wav.cue" };
    for (size_t i = 0; i < G_N_ELEMENTS(exts); i++) {
        char *p = g_strconcat(base, exts[i], NULL);
        if (g_file_test(p, G_FILE_TEST_EXISTS))
            return p;
        g_free(p);
    }
    return NULL;
}

enum { EXISTS_RESUME, EXISTS_REPLACE, EXISTS_RENAME };

static void on_exists_answer(DwWindow *win, int action, gpointer user)
{
    DwViewRip *self = user;
    int what = self->exists_actions[CLAMP(action, 0, 2)];
    if (what == EXISTS_RESUME) {
        gtk_toggle_button_set_active(self->force_check, FALSE);
        dw_view_rip_start(self, TRUE);
    } else if (what == EXISTS_REPLACE) {
        gtk_toggle_button_set_active(self->resume_check, FALSE);
        gtk_toggle_button_set_active(self->force_check, TRUE);
        dw_view_rip_start(self, FALSE);
    } else {
        /* A free name beside the old one, selected for typing over. */
        const char *folder = gtk_entry_get_text(self->folder_entry);
        g_autofree char *stem = g_strdup(gtk_entry_get_text(self->base_entry));
        for (int n = 2; n < 1000; n++) {
            g_autofree char *name = g_strdup_printf("%s (%d)", stem, n);
            g_autofree char *base = g_build_filename(folder, name, NULL);
            g_autofree char *found = existing_rip(base);
            if (!found) {
                gtk_entry_set_text(self->base_entry, name);
                break;
            }
        }
        dw_window_show_view(self->win, "rip");
        gtk_widget_grab_focus(GTK_WIDGET(self->base_entry));
    }
}

/* An earlier rip has this name: say so in the GUI's words and offer what
 * the form's own controls do. */
static void ask_existing(DwViewRip *self, const char *base)
{
    g_autofree char *map = g_strconcat(base, ".map", NULL);
    gboolean resumable = g_file_test(map, G_FILE_TEST_EXISTS);
    g_autofree char *name = g_path_get_basename(base);
    g_autofree char *dir = g_path_get_dirname(base);
    g_autofree char *text =
        resumable ? g_strdup_printf(_("An earlier rip named “%s” is in %s. Resume continues it; Replace starts over "
                                      "and replaces its files."), name, dir)
                  : g_strdup_printf(_("Files named “%s” are already in %s. Replace starts over and replaces them."),
                                    name, dir);
    const char *labels[4];
    int n = 0;
    if (resumable) {
        self->exists_actions[n] = EXISTS_RESUME;
        labels[n++] = _("_Resume");
    }
    self->exists_actions[n] = EXISTS_REPLACE;
    labels[n++] = _("Re_place");
    self->exists_actions[n] = EXISTS_RENAME;
    labels[n++] = _("_Choose Another Name");
    labels[n] = NULL;
    dw_window_show_message(self->win, GTK_MESSAGE_QUESTION, text, labels, on_exists_answer, self, NULL);
}

/* Scroll the page to the map, the tracks and what the rip proved: the
 * locked form has nothing to do while a rip runs.  On the second frame
 * after asking, when the page has been laid out again (the results and the
 * job bar just changed; a view just switched to has stale adjustments);
 * a view not shown scrolls when it is. */
static gboolean scroll_tick(GtkWidget *w, GdkFrameClock *clock, gpointer user)
{
    DwViewRip *self = user;
    if (++self->scroll_frames < 2)
        return G_SOURCE_CONTINUE;
    GtkWidget *content = gtk_bin_get_child(GTK_BIN(self->page));
    if (GTK_IS_VIEWPORT(content))
        content = gtk_bin_get_child(GTK_BIN(content));
    int x = 0, y = 0;
    if (gtk_widget_translate_coordinates(self->results, content, 0, 0, &x, &y)) {
        GtkAdjustment *va = gtk_scrolled_window_get_vadjustment(self->page);
        gtk_adjustment_set_value(va, MIN((double)y, gtk_adjustment_get_upper(va) - gtk_adjustment_get_page_size(va)));
    }
    self->scroll_tick = 0;
    return G_SOURCE_REMOVE;
}

static void show_results(DwViewRip *self)
{
    self->scroll_frames = 0;
    if (!self->scroll_tick)
        self->scroll_tick = gtk_widget_add_tick_callback(GTK_WIDGET(self->page), scroll_tick, self, NULL);
}

gboolean dw_view_rip_start(DwViewRip *self, gboolean resume)
{
    if (!self->win || !self->source) {
        if (self->win)
            dw_window_show_error(self->win, "%s", _("Select a drive or an image to rip first."));
        return FALSE;
    }
    if (self->job && dw_gui_job_is_running(self->job))
        return FALSE;
    const char *folder = gtk_entry_get_text(self->folder_entry);
    const char *base = gtk_entry_get_text(self->base_entry);
    if (!*folder || !g_file_test(folder, G_FILE_TEST_IS_DIR)) {
        dw_window_show_error(self->win, _("Output folder “%s” does not exist: choose another one."), folder);
        return FALSE;
    }
    if (!*base || strchr(base, '/')) {
        dw_window_show_error(self->win, "%s", _("Give a base name for the output files (without “/”)."));
        return FALSE;
    }
    resume = resume || gtk_toggle_button_get_active(self->resume_check);
    gboolean force = gtk_toggle_button_get_active(self->force_check);
    if (resume && force) {
        dw_window_show_error(self->win, "%s", _("Resume and Replace contradict each other: untick one."));
        return FALSE;
    }
    if (!dw_rip_audio_check(self))
        return FALSE;
    g_autofree char *full = g_build_filename(folder, base, NULL);
    g_autofree char *found = !resume && !force ? existing_rip(full) : NULL;
    if (found) {
        ask_existing(self, full);
        return FALSE;
    }
    dw_window_hide_message(self->win);
    DwRipCall *c = g_new0(DwRipCall, 1);
    c->source = g_strdup(self->source);
    c->base = g_strdup(full);
    c->ro.source = c->source;
    c->ro.base = c->base;
    c->ro.formats = formats_of(self, TRUE);
    c->ro.retries = gtk_spin_button_get_value_as_int(self->retries_spin);
    c->ro.resume = resume;
    c->ro.force = force;
    c->ro.has_offset = gtk_toggle_button_get_active(self->offset_check);
    c->ro.offset = gtk_spin_button_get_value_as_int(self->offset_spin);
    dw_rip_audio_options(self, c);
    save_settings(self, formats_of(self, FALSE));
    dw_rip_audio_save(self);
    dw_rip_audio_show_result(self, NULL);

    g_free(self->map_path);
    self->map_path = g_strconcat(c->base, ".map", NULL);
    self->map_mtime = 0;
    self->map_size = -1;
    gtk_list_store_clear(self->errors);
    gtk_container_child_set(GTK_CONTAINER(self->lists), self->errors_page, "title", _("Errors"), NULL);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    g_autofree char *title = g_strdup_printf(_("Rip %s to %s"), self->source, c->base);
    self->job = dw_gui_job_new(title, run_rip, c, rip_call_free);
    g_signal_connect(self->job, "progress", G_CALLBACK(on_progress), self);
    g_signal_connect(self->job, "log", G_CALLBACK(on_log), self);
    g_signal_connect(self->job, "finished", G_CALLBACK(on_finished), self);
    dw_job_bar_track(self->job_bar, self->job);
    dw_window_run_job(self->win, self->job);
    reload_map(self, TRUE);
    update_sensitivity(self);
    show_results(self);
    return TRUE;
}

void dw_view_rip_cancel(DwViewRip *self)
{
    if (self->job)
        dw_gui_job_cancel(self->job);
}

static void on_cancel(DwJobBar *bar, gpointer user)
{
    dw_view_rip_cancel(DW_VIEW_RIP(user));
}

DwJobBar *dw_view_rip_get_job_bar(DwViewRip *self)
{
    return self->job_bar;
}

DwGuiJob *dw_view_rip_get_job(DwViewRip *self)
{
    return self->job;
}

/* The disc's own name: its CD-TEXT title, its label, or the image's name. */
static char *default_base(const char *source, const dw_disc *disc)
{
    const dw_cdtext_block *b0 = disc && disc->cdtext.n_blocks > 0 && disc->cdtext.block[0].present
                                    ? &disc->cdtext.block[0] : NULL;
    const char *title = b0 ? b0->text[DW_CDTEXT_TITLE][0] : NULL;
    if (title && *title) {
        const char *from = b0->charset == DW_CDTEXT_CHARSET_MSJIS ? "SHIFT_JIS" : "ISO-8859-1";
        char *u = g_convert(title, -1, "UTF-8", from, NULL, NULL, NULL);
        if (u && *g_strstrip(u))
            return g_strdelimit(u, "/\\:", '_');
        g_free(u);
    }
    if (disc && disc->label && *disc->label)
        return g_strdelimit(g_strdup(disc->label), "/\\:", '_');
    if (source && dw_source_classify(source) != DW_SOURCE_DEVICE) {
        char *b = g_path_get_basename(source);
        char *dot = strrchr(b, '.');
        if (dot && dot != b)
            *dot = '\0';
        return b;
    }
    return g_strdup("disc");
}

/* Only the formats that apply: CD formats for a CD, ISO when the first
 * track holds ISO data (a DVD or BD is only an ISO); and what every rip
 * keeps besides them. */
static void show_formats(DwViewRip *self, const dw_disc *disc)
{
    gboolean cd = !disc || disc->kind == DW_DISC_CD;
    gboolean iso = !disc || !cd ||
                   (disc->n_tracks > 0 && (disc->tracks[0].control & DW_CTRL_DATA) &&
                    disc->tracks[0].mode != DW_TRACK_MODE2_FORM2);
    gtk_widget_set_visible(GTK_WIDGET(self->fmt_bincue), cd);
    gtk_widget_set_visible(GTK_WIDGET(self->fmt_ccd), cd);
    gtk_widget_set_visible(GTK_WIDGET(self->fmt_toc), cd);
    gtk_widget_set_visible(GTK_WIDGET(self->fmt_iso), iso);
    gtk_label_set_text(self->formats_note,
                       cd ? _("Every rip also keeps what the drive returned (.dump.img, .dump.sub, .dump.ccd) and "
                              "its sector map (.map), so Resume can finish it and other formats can be made later "
                              "without the disc; and hashes (.hash, .dat) and a log (.log, .json) for Verify.")
                          : _("Every rip also keeps its sector map (.map) for Resume, and hashes (.hash, .dat) and "
                              "a log (.log, .json) for Verify."));
}

void dw_view_rip_set_source(DwViewRip *self, DwWindow *win, const char *source, const dw_disc *disc,
                            const char *model)
{
    self->win = win;
    g_free(self->source);
    self->source = g_strdup(source);
    g_free(self->model);
    self->model = g_strdup(model);
    g_clear_pointer(&self->disc, dw_disc_free);
    if (disc)
        self->disc = copy_disc(disc);
    if (!(self->job && dw_gui_job_is_running(self->job))) {
        dw_rip_audio_set_disc(self, disc);
        dw_rip_audio_show_result(self, NULL);   /* what the last rip proved was of that disc */
    }
    g_autofree char *base = source ? default_base(source, disc) : NULL;
    g_autofree char *text = source ? g_strdup_printf(_("Rip “%s”"), base) : NULL;
    gtk_label_set_text(self->source_label, text ? text : _("Select a drive or an image to rip"));
    gtk_widget_set_tooltip_text(GTK_WIDGET(self->source_label), source);
    if (source && !(self->job && dw_gui_job_is_running(self->job)))
        gtk_entry_set_text(self->base_entry, base);
    show_formats(self, disc);
    int offset = 0;
    gboolean known = dw_gui_settings_lookup_int("drive-offsets", model, &offset);
    gtk_toggle_button_set_active(self->offset_check, known);
    gtk_spin_button_set_value(self->offset_spin, offset);
    if (!(self->job && dw_gui_job_is_running(self->job)))
        fill_tracks(self, NULL);
    update_sensitivity(self);
}

void dw_view_rip_set_output(DwViewRip *self, const char *folder, const char *base)
{
    if (folder)
        gtk_entry_set_text(self->folder_entry, folder);
    if (base)
        gtk_entry_set_text(self->base_entry, base);
}

void dw_view_rip_set_formats(DwViewRip *self, unsigned f)
{
    gtk_toggle_button_set_active(self->fmt_iso, (f & DW_RIP_ISO) != 0);
    gtk_toggle_button_set_active(self->fmt_bincue, (f & DW_RIP_BINCUE) != 0);
    gtk_toggle_button_set_active(self->fmt_ccd, (f & DW_RIP_CCD) != 0);
    gtk_toggle_button_set_active(self->fmt_toc, (f & DW_RIP_TOC) != 0);
}

DwSectorMap *dw_view_rip_get_sector_map(DwViewRip *self)
{
    return self->sector_map;
}

GtkTreeModel *dw_view_rip_get_track_status(DwViewRip *self)
{
    return GTK_TREE_MODEL(self->track_status);
}

GtkTreeView *dw_view_rip_get_tracks_view(DwViewRip *self)
{
    return self->tracks_view;
}

GtkTreeModel *dw_view_rip_get_errors(DwViewRip *self)
{
    return GTK_TREE_MODEL(self->errors);
}

static void on_folder_response(GtkNativeDialog *dialog, int response, gpointer user)
{
    DwViewRip *self = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog));
        if (f)
            gtk_entry_set_text(self->folder_entry, f);
    }
    g_object_unref(dialog);
}

static void on_choose_folder(GtkButton *b, gpointer user)
{
    DwViewRip *self = user;
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d = gtk_file_chooser_native_new(_("Output Folder"), GTK_WINDOW(top),
                                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"),
                                                          _("_Cancel"));
    const char *cur = gtk_entry_get_text(self->folder_entry);
    if (*cur)
        gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(d), cur);
    g_signal_connect(d, "response", G_CALLBACK(on_folder_response), self);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void add_column(GtkTreeView *view, const char *title, int col)
{
    GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(title, gtk_cell_renderer_text_new(), "text", col,
                                                                    NULL);
    gtk_tree_view_column_set_resizable(c, TRUE);
    gtk_tree_view_append_column(view, c);
}

static void dispose(GObject *obj)
{
    DwViewRip *self = DW_VIEW_RIP(obj);
    if (self->job) {
        g_signal_handlers_disconnect_by_data(self->job, self);
        g_clear_object(&self->job);
    }
    if (self->scroll_tick && self->page)
        gtk_widget_remove_tick_callback(GTK_WIDGET(self->page), self->scroll_tick);
    self->scroll_tick = 0;
    G_OBJECT_CLASS(dw_view_rip_parent_class)->dispose(obj);
}

static void finalize(GObject *obj)
{
    DwViewRip *self = DW_VIEW_RIP(obj);
    g_object_unref(self->track_status);
    g_object_unref(self->errors);
    g_free(self->source);
    g_free(self->model);
    g_free(self->map_path);
    g_free(self->disc_id);
    g_free(self->result);
    g_clear_pointer(&self->disc, dw_disc_free);
    G_OBJECT_CLASS(dw_view_rip_parent_class)->finalize(obj);
}

static void dw_view_rip_init(DwViewRip *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    dw_job_bar_set_names(self->job_bar, _("Cancel rip"), _("Rip progress"), _("Rip status"));
    dw_job_bar_set_cancel_tooltip(self->job_bar, _("Stop the rip; its map stays so Resume continues it (Ctrl+.)"));
    dw_job_bar_set_action(self->job_bar, _("_Open Folder"), G_CALLBACK(open_folder), self);
    g_signal_connect(self->job_bar, "cancel", G_CALLBACK(on_cancel), self);
    self->track_status = gtk_list_store_new(DW_RIP_N_COLS, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                            G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                            G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_BOOLEAN, G_TYPE_UINT,
                                            G_TYPE_UINT);
    self->errors = gtk_list_store_new(ER_N, G_TYPE_INT, G_TYPE_STRING);
    gtk_tree_view_set_model(self->tracks_view, GTK_TREE_MODEL(self->track_status));
    gtk_tree_view_set_model(self->errors_view, GTK_TREE_MODEL(self->errors));
    add_column(self->tracks_view, _("Track"), DW_RIP_COL_TRACK);
    add_column(self->tracks_view, _("Mode"), DW_RIP_COL_MODE);
    add_column(self->tracks_view, _("Start"), DW_RIP_COL_START);
    add_column(self->tracks_view, _("Length"), DW_RIP_COL_LENGTH);
    add_column(self->tracks_view, _("Status"), DW_RIP_COL_STATUS);
    add_column(self->errors_view, _("LBA"), ER_LBA);
    add_column(self->errors_view, _("Message"), ER_MESSAGE);

    g_autofree char *folder = dw_gui_settings_get_string("output-folder", "");
    gtk_entry_set_text(self->folder_entry, *folder ? folder : g_get_home_dir());
    gtk_spin_button_set_value(self->retries_spin, dw_gui_settings_get_int("retries", 3));
    g_auto(GStrv) formats = dw_gui_settings_get_strv("formats");
    g_autofree char *joined = g_strjoinv(",", formats);
    unsigned f = DW_RIP_BINCUE;
    if (*joined && !dw_rip_parse_formats(joined, &f, NULL))
        f = DW_RIP_BINCUE;
    dw_view_rip_set_formats(self, f);
    g_signal_connect(self->folder_button, "clicked", G_CALLBACK(on_choose_folder), self);
    dw_sector_map_set_map(self->sector_map, NULL, -1);
    dw_rip_audio_init(self);
}

static void dw_view_rip_class_init(DwViewRipClass *klass)
{
    G_OBJECT_CLASS(klass)->dispose = dispose;
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    g_type_ensure(DW_TYPE_SECTOR_MAP);
    g_type_ensure(DW_TYPE_JOB_BAR);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_rip.ui");
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewRip, name)
    BIND(source_label);
    BIND(legend);
    BIND(formats_note);
    BIND(form);
    BIND(job_bar);
    BIND(page);
    BIND(results);
    BIND(lists);
    BIND(errors_page);
    BIND(fmt_iso);
    BIND(fmt_bincue);
    BIND(fmt_ccd);
    BIND(fmt_toc);
    BIND(offset_check);
    BIND(resume_check);
    BIND(force_check);
    BIND(folder_entry);
    BIND(folder_button);
    BIND(base_entry);
    BIND(offset_spin);
    BIND(retries_spin);
    BIND(sector_map);
    BIND(tracks_view);
    BIND(errors_view);
#undef BIND
    dw_rip_audio_class_init(w);
}
