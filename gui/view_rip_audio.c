/* view_rip_audio.c: the audio half of the Rip view.
 *
 * Choices: the track files (FLAC, WAV or none; the FLAC level), and in
 * the "Databases and album information" expander the AccurateRip answers
 * (a file or a folder), the CTDB answer, AccurateRip's drive offset list,
 * a MusicBrainz release for the tags, and looking up online what is not
 * given.  They are remembered in GSettings: the format, the level, the
 * AccurateRip answers, the offset list and "online" for every rip; the
 * CTDB answer and the release per disc (keyed by its AccurateRip id),
 * because each describes one disc and would mislabel another.
 *
 * Results: when a rip of audio ends, each track's row says what proved
 * it — AccurateRip and CTDB with their confidence ("Accurate (7 of 10)":
 * submitted rips that agree, of all submitted for the track), else the
 * test-and-copy CRCs of the second read — with the details (CRCs, peak,
 * pre-emphasis, re-reads) in the row's tooltip; under the tracks the read
 * offset and how it was found, how the drive's cache was defeated, the
 * disc's database ids and the track files written.
 */
#include "config.h"

#include <string.h>

#include "gui/view_rip_private.h"

/* ---- choices ------------------------------------------------------------ */

static char *disc_id_of(const dw_disc *disc)
{
    dw_audio_layout L;
    GError *e = NULL;
    if (!disc || disc->kind != DW_DISC_CD || !dw_audio_layout_of(disc, &L, &e)) {
        g_clear_error(&e);
        return g_strdup("");
    }
    g_autofree dw_audio_sums *s = g_new0(dw_audio_sums, 1);
    dw_audio_ids(disc, &L, s);
    return g_strdup_printf("%03d-%08x-%08x-%08x", s->n_tracks, s->ar_id1, s->ar_id2, s->cddb_id);
}

static const char *entry_text(GtkEntry *e)
{
    const char *t = gtk_entry_get_text(e);
    return t && *t ? t : NULL;
}

/* What the expander holds, in its title: "AccurateRip, CTDB, online". */
static void update_summary(DwViewRip *self)
{
    GPtrArray *on = g_ptr_array_new();
    if (entry_text(self->ar_entry))
        g_ptr_array_add(on, _("AccurateRip"));
    if (entry_text(self->ctdb_entry))
        g_ptr_array_add(on, _("CTDB"));
    if (entry_text(self->offsets_entry))
        g_ptr_array_add(on, _("drive offsets"));
    if (entry_text(self->meta_entry))
        g_ptr_array_add(on, _("MusicBrainz release"));
    if (gtk_toggle_button_get_active(self->online_check))
        g_ptr_array_add(on, _("online"));
    g_ptr_array_add(on, NULL);
    g_autofree char *list = g_strjoinv(", ", (char **)on->pdata);
    gtk_label_set_text(self->db_summary, on->len > 1 ? list : _("none chosen"));
    g_ptr_array_free(on, TRUE);
}

static void on_changed(gpointer user)
{
    DwViewRip *self = user;
    update_summary(self);
    gboolean flac = g_strcmp0(gtk_combo_box_get_active_id(self->audio_combo), "flac") == 0;
    gtk_widget_set_sensitive(self->flac_level_label, flac);
    gtk_widget_set_sensitive(GTK_WIDGET(self->flac_level_spin), flac);
}

typedef struct {
    DwViewRip *self;
    GtkEntry *entry;
} Choose;

static void on_choose_response(GtkNativeDialog *dialog, int response, gpointer user)
{
    Choose *c = user;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *f = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog));
        if (f)
            gtk_entry_set_text(c->entry, f);
    }
    g_free(c);
    g_object_unref(dialog);
}

/* A native chooser for entry, starting where it points. */
static void choose(DwViewRip *self, GtkEntry *entry, const char *title, GtkFileChooserAction action,
                   const char *filter_name, const char *pattern)
{
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(self));
    GtkFileChooserNative *d =
        gtk_file_chooser_native_new(title, GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL, action,
                                    action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER ? _("_Select") : _("_Open"),
                                    _("_Cancel"));
    const char *cur = entry_text(entry);
    if (cur && g_file_test(cur, G_FILE_TEST_IS_DIR) && action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER)
        gtk_file_chooser_set_filename(GTK_FILE_CHOOSER(d), cur);
    else if (cur) {
        g_autofree char *dir = g_path_get_dirname(cur);
        if (g_file_test(dir, G_FILE_TEST_IS_DIR))
            gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(d), dir);
    }
    if (pattern) {
        GtkFileFilter *f = gtk_file_filter_new();
        gtk_file_filter_set_name(f, filter_name);
        gtk_file_filter_add_pattern(f, pattern);
        gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), f);
        GtkFileFilter *all = gtk_file_filter_new();
        gtk_file_filter_set_name(all, _("All files"));
        gtk_file_filter_add_pattern(all, "*");
        gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), all);
    }
    Choose *c = g_new0(Choose, 1);
    c->self = self;
    c->entry = entry;
    g_signal_connect(d, "response", G_CALLBACK(on_choose_response), c);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

static void on_ar_file(GtkButton *b, gpointer user)
{
    DwViewRip *self = user;
    choose(self, self->ar_entry, _("AccurateRip Answer"), GTK_FILE_CHOOSER_ACTION_OPEN, _("AccurateRip answers"),
           "dBAR-*.bin");
}

static void on_ar_folder(GtkButton *b, gpointer user)
{
    DwViewRip *self = user;
    choose(self, self->ar_entry, _("Folder of AccurateRip Answers"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, NULL,
           NULL);
}

static void on_ctdb(GtkButton *b, gpointer user)
{
    DwViewRip *self = user;
    choose(self, self->ctdb_entry, _("CTDB Answer"), GTK_FILE_CHOOSER_ACTION_OPEN, _("CTDB answers"), "*.xml");
}

static void on_offsets(GtkButton *b, gpointer user)
{
    DwViewRip *self = user;
    choose(self, self->offsets_entry, _("Drive Offset List"), GTK_FILE_CHOOSER_ACTION_OPEN, _("Drive offset lists"),
           "*.bin");
}

static void on_meta(GtkButton *b, gpointer user)
{
    DwViewRip *self = user;
    choose(self, self->meta_entry, _("MusicBrainz Release"), GTK_FILE_CHOOSER_ACTION_OPEN,
           _("MusicBrainz releases"), "*.json");
}

void dw_view_rip_set_audio(DwViewRip *self, dw_rip_audio_format audio, int flac_level)
{
    gtk_combo_box_set_active_id(self->audio_combo, audio == DW_RIP_AUDIO_WAV    ? "wav"
                                                   : audio == DW_RIP_AUDIO_NONE ? "none"
                                                                                : "flac");
    gtk_spin_button_set_value(self->flac_level_spin, CLAMP(flac_level, 0, 8));
}

void dw_view_rip_set_databases(DwViewRip *self, const char *accuraterip, const char *ctdb, const char *drive_offsets,
                               const char *metadata, gboolean online)
{
    gtk_entry_set_text(self->ar_entry, accuraterip ? accuraterip : "");
    gtk_entry_set_text(self->ctdb_entry, ctdb ? ctdb : "");
    gtk_entry_set_text(self->offsets_entry, drive_offsets ? drive_offsets : "");
    gtk_entry_set_text(self->meta_entry, metadata ? metadata : "");
    gtk_toggle_button_set_active(self->online_check, online);
}

GtkExpander *dw_view_rip_get_db_expander(DwViewRip *self)
{
    return self->db_expander;
}

void dw_rip_audio_set_disc(DwViewRip *self, const dw_disc *disc)
{
    g_autofree char *id = disc_id_of(disc);
    gboolean audio = !disc || *id;
    gtk_widget_set_visible(self->audio_label, audio);
    gtk_widget_set_visible(self->audio_box, audio);
    gtk_widget_set_visible(GTK_WIDGET(self->db_expander), audio);
    for (size_t i = 0; i < G_N_ELEMENTS(self->proof_columns); i++)
        gtk_tree_view_column_set_visible(self->proof_columns[i], audio);
    if (g_strcmp0(id, self->disc_id) == 0)
        return;   /* the same disc read again: keep what was typed */
    g_free(self->disc_id);
    self->disc_id = g_steal_pointer(&id);
    g_autofree char *ctdb = dw_gui_settings_lookup_string("ctdb-answers", self->disc_id);
    g_autofree char *meta = dw_gui_settings_lookup_string("metadata-files", self->disc_id);
    gtk_entry_set_text(self->ctdb_entry, ctdb ? ctdb : "");
    gtk_entry_set_text(self->meta_entry, meta ? meta : "");
}

gboolean dw_rip_audio_check(DwViewRip *self)
{
    if (!gtk_widget_get_visible(GTK_WIDGET(self->db_expander)))
        return TRUE;
    struct {
        GtkEntry *e;
        const char *what;
        gboolean dir_ok;
    } f[] = {
        { self->ar_entry, _("The AccurateRip answers"), TRUE },
        { self->ctdb_entry, _("The CTDB answer"), FALSE },
        { self->offsets_entry, _("The drive offset list"), FALSE },
        { self->meta_entry, _("The MusicBrainz release"), FALSE },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(f); i++) {
        const char *p = entry_text(f[i].e);
        if (!p || g_file_test(p, G_FILE_TEST_IS_REGULAR) || (f[i].dir_ok && g_file_test(p, G_FILE_TEST_IS_DIR)))
            continue;
        /* The expander opens so the field is in sight. */
        gtk_expander_set_expanded(self->db_expander, TRUE);
        dw_window_show_error(self->win, _("%s “%s” cannot be found: choose it again, or clear the field."), f[i].what,
                             p);
        return FALSE;
    }
    return TRUE;
}

static char *dup_entry(GtkEntry *e)
{
    const char *t = entry_text(e);
    return t ? g_strdup(t) : NULL;
}

void dw_rip_audio_options(DwViewRip *self, DwRipCall *c)
{
    const char *fmt = gtk_combo_box_get_active_id(self->audio_combo);
    c->ro.audio = g_strcmp0(fmt, "wav") == 0 ? DW_RIP_AUDIO_WAV
                  : g_strcmp0(fmt, "none") == 0 ? DW_RIP_AUDIO_NONE
                                                : DW_RIP_AUDIO_FLAC;
    c->ro.flac_level = gtk_spin_button_get_value_as_int(self->flac_level_spin);
    c->ro.has_flac_level = TRUE;
    if (!gtk_widget_get_visible(GTK_WIDGET(self->db_expander)))
        return;
    c->ro.accuraterip_db = c->accuraterip_db = dup_entry(self->ar_entry);
    c->ro.ctdb = c->ctdb = dup_entry(self->ctdb_entry);
    c->ro.drive_offsets = c->drive_offsets = dup_entry(self->offsets_entry);
    c->ro.metadata = c->metadata = dup_entry(self->meta_entry);
    c->ro.online = gtk_toggle_button_get_active(self->online_check);
}

void dw_rip_audio_save(DwViewRip *self)
{
    const char *fmt = gtk_combo_box_get_active_id(self->audio_combo);
    dw_gui_settings_set_string("audio-format", fmt ? fmt : "flac");
    dw_gui_settings_set_int("flac-level", gtk_spin_button_get_value_as_int(self->flac_level_spin));
    dw_gui_settings_set_string("accuraterip-db", gtk_entry_get_text(self->ar_entry));
    dw_gui_settings_set_string("drive-offset-list", gtk_entry_get_text(self->offsets_entry));
    dw_gui_settings_set_bool("online", gtk_toggle_button_get_active(self->online_check));
    if (self->disc_id && *self->disc_id) {
        dw_gui_settings_store_string("ctdb-answers", self->disc_id, gtk_entry_get_text(self->ctdb_entry));
        dw_gui_settings_store_string("metadata-files", self->disc_id, gtk_entry_get_text(self->meta_entry));
    }
}

/* ---- what a rip proved ---------------------------------------------------- */

static const dw_rip_track_result *track_result(const dw_rip_result *r, int number)
{
    for (int i = 0; r && i < r->n_audio; i++)
        if (r->tracks[i].number == number)
            return &r->tracks[i];
    return NULL;
}

static gboolean proven(const dw_rip_track_result *t)
{
    return t->proof.ar != DW_AR_NONE || t->proof.ctdb_confidence > 0;
}

/* "+667", "0", "−1164" (g_free). */
static char *signed_samples(int n)
{
    return n > 0 ? g_strdup_printf("+%d", n) : n < 0 ? g_strdup_printf("−%d", -n) : g_strdup("0");
}

static char *ar_text(DwViewRip *self, const dw_rip_track_result *t)
{
    const dw_track_proof *p = &t->proof;
    if (t->number == 0)
        return g_strdup(_("Not in the databases"));
    if (p->ar)
        return g_strdup_printf(_("Accurate (%d of %d)"), p->ar_confidence, p->ar_total);
    if (p->ar_other) {
        g_autofree char *shift = signed_samples(p->ar_other_shift);
        return g_strdup_printf(_("Accurate at %s samples (%d)"), shift, p->ar_other_confidence);
    }
    if (self->result->ar_found)
        return g_strdup_printf(_("No match (0 of %d)"), p->ar_total);
    return g_strdup(self->result_ar_asked ? _("Disc not listed") : _("Not checked"));
}

static char *ctdb_text(DwViewRip *self, const dw_rip_track_result *t)
{
    const dw_track_proof *p = &t->proof;
    if (t->number == 0)
        return g_strdup(_("Not in the databases"));
    if (p->ctdb_confidence)
        return g_strdup_printf(_("Accurate (%d of %d)"), p->ctdb_confidence, p->ctdb_total);
    if (self->result->ctdb_found)
        return g_strdup_printf(_("No match (0 of %d)"), p->ctdb_total);
    return g_strdup(self->result_ctdb_asked ? _("Disc not listed") : _("Not checked"));
}

static char *test_copy_text(DwViewRip *self, const dw_rip_track_result *t)
{
    if (t->tested)
        return t->test_crc == t->copy_crc && !t->unsettled
                   ? g_strdup_printf(_("Equal, %08X"), t->copy_crc)
                   : g_strdup_printf(_("Differ: %08X, %08X"), t->test_crc, t->copy_crc);
    if (t->number > 0 && proven(t))
        return g_strdup(_("Not needed"));
    return g_strdup(self->result_image ? _("Not needed (image)") : _("Not done"));
}

/* The row's tooltip: every number behind the three columns (markup). */
static char *track_tip(DwViewRip *self, const dw_rip_track_result *t)
{
    const dw_track_proof *p = &t->proof;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    if (t->number) {
        if (p->ar)
            g_ptr_array_add(lines, g_strdup(p->ar == DW_AR_V2 ? _("AccurateRip: its v2 CRC matches")
                                                              : _("AccurateRip: its v1 CRC matches")));
        else if (p->ar_other) {
            g_autofree char *shift = signed_samples(p->ar_other_shift);
            g_ptr_array_add(lines, g_strdup_printf(_("AccurateRip: matches another pressing when shifted by %s "
                                                     "samples (confidence %d): the audio is right, placed as that "
                                                     "pressing has it"),
                                                   shift, p->ar_other_confidence));
        } else if (self->result->ar_found)
            g_ptr_array_add(lines, g_strdup_printf(_("AccurateRip: none of the %d submitted rips matches"),
                                                   p->ar_total));
        g_ptr_array_add(lines, g_strdup_printf(_("AccurateRip CRCs: v1 %08X, v2 %08X; CTDB CRC %08X"), t->ar_v1,
                                               t->ar_v2, t->ctdb_crc));
    }
    if (t->tested)
        g_ptr_array_add(lines, g_strdup_printf(_("Read twice: test CRC %08X, copy CRC %08X"), t->test_crc,
                                               t->copy_crc));
    else if (t->number && proven(t))
        g_ptr_array_add(lines, g_strdup_printf(_("Read once: a database proves it (copy CRC %08X)"), t->copy_crc));
    else
        g_ptr_array_add(lines, g_strdup_printf(_("Copy CRC %08X"), t->copy_crc));
    g_ptr_array_add(lines, g_strdup_printf(_("Peak level %.1f %%"), t->peak * 100.0 / 32768.0));
    if (t->pre_emphasis)
        g_ptr_array_add(lines, g_strdup(t->deemphasised ? _("Pre-emphasis: removed in the track file")
                                                        : _("Pre-emphasis: flagged, kept as on the disc")));
    if (t->rereads)
        g_ptr_array_add(lines, g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u sector read again until two reads agreed",
                                                           "%u sectors read again until two reads agreed", t->rereads),
                                               t->rereads));
    if (t->unsettled)
        g_ptr_array_add(lines, g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%u sector where no two reads agreed",
                                                           "%u sectors where no two reads agreed", t->unsettled),
                                               t->unsettled));
    g_ptr_array_add(lines, NULL);
    g_autofree char *body = g_strjoinv("\n", (char **)lines->pdata);
    g_autofree char *head = t->number ? g_strdup_printf(_("Track %d"), t->number) : g_strdup(_("Hidden track"));
    g_autofree char *file = t->file[0] ? g_strdup_printf(_("file “%s”"), t->file) : g_strdup(_("no track file"));
    /* File names come from the disc's title: escaped like everything else. */
    return g_markup_printf_escaped("<b>%s</b>: %s\n%s", head, file, body);
}

void dw_rip_audio_fill_row(DwViewRip *self, GtkTreeIter *it, int number)
{
    const dw_rip_track_result *t = track_result(self->result, number);
    if (!t) {
        gtk_list_store_set(self->track_status, it, DW_RIP_COL_AR, "", DW_RIP_COL_CTDB, "", DW_RIP_COL_TEST_COPY, "",
                           DW_RIP_COL_TIP, NULL, -1);
        return;
    }
    g_autofree char *ar = ar_text(self, t);
    g_autofree char *ctdb = ctdb_text(self, t);
    g_autofree char *tc = test_copy_text(self, t);
    g_autofree char *tip = track_tip(self, t);
    gtk_list_store_set(self->track_status, it, DW_RIP_COL_AR, ar, DW_RIP_COL_CTDB, ctdb, DW_RIP_COL_TEST_COPY, tc,
                       DW_RIP_COL_TIP, tip, DW_RIP_COL_AR_CONFIDENCE, t->proof.ar_confidence, DW_RIP_COL_AR_TOTAL,
                       t->proof.ar_total, DW_RIP_COL_CTDB_CONFIDENCE, t->proof.ctdb_confidence,
                       DW_RIP_COL_CTDB_TOTAL, t->proof.ctdb_total, DW_RIP_COL_TESTED, (gboolean)t->tested,
                       DW_RIP_COL_TEST_CRC, (guint)t->test_crc, DW_RIP_COL_COPY_CRC, (guint)t->copy_crc, -1);
}

static char *offset_text(const dw_rip_result *r)
{
    g_autofree char *n = signed_samples(r->offset);
    switch (r->offset_source) {
    case DW_RIP_OFFSET_GIVEN:
        return g_strdup_printf(_("%s samples, as set in Read offset"), n);
    case DW_RIP_OFFSET_DRIVE_LIST:
        return g_strdup_printf(_("%s samples, this drive's entry in the drive offset list"), n);
    case DW_RIP_OFFSET_ACCURATERIP:
        return g_strdup_printf(_("%s samples, found by matching the AccurateRip answers"), n);
    case DW_RIP_OFFSET_DATA_TRACK:
        return g_strdup_printf(_("%s samples, measured on the data track"), n);
    case DW_RIP_OFFSET_NONE:
    default:
        return g_strdup(_("0 samples: none found (no entry for this drive in a drive offset list, no AccurateRip "
                          "match, no data track to measure it on)"));
    }
}

static char *cache_text(DwViewRip *self, const dw_rip_result *r)
{
    g_autofree char *buffer =
        r->cache_kb_reported ? g_strdup_printf(_("a buffer of %d KiB, as the drive reports"), r->cache_kb)
                             : g_strdup_printf(_("a buffer of %d KiB assumed: the drive does not say"), r->cache_kb);
    switch (r->cache_used) {
    case DW_RIP_CACHE_EVICT:
        if (r->cache_fua_fallback)
            return g_strdup_printf(_("Bypassed: the disc is smaller than the drive's cache (%s), so re-reads ask "
                                     "the drive for the disc's data, not its cache"), buffer);
        if (!r->cache_evict_reads)
            return g_strdup_printf(_("Emptied before re-reads by reading other sectors first (%s); no re-read "
                                     "needed it"), buffer);
        return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE,
                                           "Emptied before re-reads by reading other sectors first (%s): "
                                           "%" G_GUINT64_FORMAT " sector read for that",
                                           "Emptied before re-reads by reading other sectors first (%s): "
                                           "%" G_GUINT64_FORMAT " sectors read for that",
                                           (gulong)r->cache_evict_reads),
                               buffer, r->cache_evict_reads);
    case DW_RIP_CACHE_FUA:
        return g_strdup_printf(_("Bypassed: re-reads ask the drive for the disc's data, not its cache (%s)"), buffer);
    default:
        return g_strdup(self->result_image ? _("Not needed: an image reads the same every time")
                                           : _("Not defeated: the drive is taken not to keep audio in a cache"));
    }
}

static char *db_text(gboolean found, gboolean asked, const char *id, int accurate, int n)
{
    if (found)
        return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "Disc %s: %d of %d track accurate",
                                           "Disc %s: %d of %d tracks accurate", (gulong)n),
                               id, accurate, n);
    if (asked)
        return g_strdup_printf(_("Disc %s is not in the answers"), id);
    return g_strdup(_("Not checked: no answers chosen"));
}

static void add_fact(DwViewRip *self, int row, const char *key, const char *name, const char *value)
{
    GtkWidget *v = dw_fact_grid_add(self->proof_grid, row, name, value);
    gtk_label_set_max_width_chars(GTK_LABEL(v), 70);
    gtk_widget_set_hexpand(v, TRUE);
    g_object_set_data(G_OBJECT(self->proof_grid), key, v);
}

static const char *const fact_keys[] = { "offset", "cache", "accuraterip", "ctdb", "files" };

const char *dw_view_rip_get_proof(DwViewRip *self, const char *key)
{
    if (!gtk_widget_get_visible(GTK_WIDGET(self->proof_grid)))
        return NULL;
    GtkLabel *l = g_object_get_data(G_OBJECT(self->proof_grid), key);
    return l ? gtk_label_get_text(l) : NULL;
}

const dw_rip_result *dw_view_rip_get_result(DwViewRip *self)
{
    return self->result;
}

void dw_rip_audio_show_result(DwViewRip *self, const DwRipCall *c)
{
    g_clear_pointer(&self->result, g_free);
    for (size_t i = 0; i < G_N_ELEMENTS(fact_keys); i++)
        g_object_set_data(G_OBJECT(self->proof_grid), fact_keys[i], NULL);
    dw_fact_grid_clear(self->proof_grid);
    gtk_widget_hide(GTK_WIDGET(self->proof_grid));
    if (!c || c->res.n_audio == 0)
        return;
    const dw_rip_result *r = &c->res;
    self->result = g_memdup2(r, sizeof *r);
    self->result_ar_asked = c->ro.accuraterip_db || c->ro.online;
    self->result_ctdb_asked = c->ro.ctdb || c->ro.online;
    self->result_image = dw_source_classify(c->source) != DW_SOURCE_DEVICE;
    int n = 0, ar = 0, ctdb = 0, files = 0;
    const char *ext = NULL;
    GString *names = g_string_new(NULL);
    for (int i = 0; i < r->n_audio; i++) {
        const dw_rip_track_result *t = &r->tracks[i];
        if (t->file[0]) {
            files++;
            ext = strrchr(t->file, '.');
            g_string_append_printf(names, "%s%s", names->len ? "\n" : "", t->file);
        }
        if (!t->number)
            continue;
        n++;
        ar += t->proof.ar != DW_AR_NONE;
        ctdb += t->proof.ctdb_confidence > 0;
    }
    g_autofree char *offset = offset_text(r);
    g_autofree char *cache = cache_text(self, r);
    g_autofree char *ar_line = db_text(r->ar_found, self->result_ar_asked, r->accuraterip_id, ar, n);
    g_autofree char *ctdb_line = db_text(r->ctdb_found, self->result_ctdb_asked, r->ctdb_tocid, ctdb, n);
    g_autofree char *upper = ext ? g_ascii_strup(ext + 1, -1) : NULL;
    g_autofree char *base = g_path_get_basename(c->base);
    g_autofree char *files_line =
        files ? g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%d %s file and the cue sheet “%s.%s.cue”",
                                            "%d %s files and the cue sheet “%s.%s.cue”", (gulong)files),
                                files, upper, base, ext + 1)
              : g_strdup(_("None: the audio is in the dump and the BINs"));
    add_fact(self, 0, "offset", _("Read offset"), offset);
    add_fact(self, 1, "cache", _("Drive cache"), cache);
    add_fact(self, 2, "accuraterip", _("AccurateRip"), ar_line);
    add_fact(self, 3, "ctdb", _("CTDB"), ctdb_line);
    GtkWidget *fv = dw_fact_grid_add(self->proof_grid, 4, _("Track files"), files_line);
    gtk_label_set_max_width_chars(GTK_LABEL(fv), 70);
    gtk_widget_set_tooltip_text(fv, names->str);
    g_object_set_data(G_OBJECT(self->proof_grid), "files", fv);
    g_string_free(names, TRUE);
    gtk_widget_show(GTK_WIDGET(self->proof_grid));
}

char *dw_rip_audio_outcome(const dw_rip_result *r)
{
    if (!r || r->n_audio == 0)
        return g_strdup("");
    int n = 0, proof = 0, equal = 0, differ = 0, other = 0;
    for (int i = 0; i < r->n_audio; i++) {
        const dw_rip_track_result *t = &r->tracks[i];
        if (!t->number)
            continue;
        n++;
        if (proven(t))
            proof++;
        else if (t->tested && t->test_crc == t->copy_crc && !t->unsettled)
            equal++;
        else if (t->tested)
            differ++;
        else
            other++;
    }
    GString *s = g_string_new(NULL);
    if (proof == n)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, " The track is accurate.",
                                              " All %d tracks are accurate.", (gulong)n), n);
    else if (proof)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, " %d of %d track is accurate.",
                                              " %d of %d tracks are accurate.", (gulong)n), proof, n);
    if (equal)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE,
                                              " %d track no database proves was read twice, with equal CRCs.",
                                              " %d tracks no database proves were read twice, with equal CRCs.",
                                              (gulong)equal), equal);
    if (differ)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE,
                                              " %d track read twice differs between its reads (see Tracks).",
                                              " %d tracks read twice differ between their reads (see Tracks).",
                                              (gulong)differ), differ);
    if (other)
        g_string_append_printf(s, g_dngettext(GETTEXT_PACKAGE, " %d track is neither proven nor read twice.",
                                              " %d tracks are neither proven nor read twice.", (gulong)other),
                               other);
    return g_string_free(s, FALSE);
}

/* ---- setup ---------------------------------------------------------------- */

static GtkTreeViewColumn *proof_column(GtkTreeView *view, const char *title, const char *tip, int col)
{
    GtkTreeViewColumn *c =
        gtk_tree_view_column_new_with_attributes(title, gtk_cell_renderer_text_new(), "text", col, NULL);
    GtkWidget *l = gtk_label_new(title);
    gtk_widget_set_tooltip_text(l, tip);
    gtk_widget_show(l);
    gtk_tree_view_column_set_widget(c, l);
    gtk_tree_view_column_set_resizable(c, TRUE);
    gtk_tree_view_append_column(view, c);
    return c;
}

void dw_rip_audio_init(DwViewRip *self)
{
    self->proof_columns[0] = proof_column(
        self->tracks_view, _("AccurateRip"),
        _("Whether rips submitted to AccurateRip agree with this one: how many agree, of all submitted for the "
          "track"), DW_RIP_COL_AR);
    self->proof_columns[1] = proof_column(
        self->tracks_view, _("CTDB"),
        _("Whether the CUETools database agrees: how many submitted rips agree, of all for the disc"),
        DW_RIP_COL_CTDB);
    self->proof_columns[2] = proof_column(
        self->tracks_view, _("Test and copy"),
        _("Tracks no database proves are read a second time with the drive's cache emptied: the CRC-32 of both "
          "reads, equal when they agree"), DW_RIP_COL_TEST_COPY);
    gtk_tree_view_set_tooltip_column(self->tracks_view, DW_RIP_COL_TIP);

    g_autofree char *fmt = dw_gui_settings_get_string("audio-format", "flac");
    if (!gtk_combo_box_set_active_id(self->audio_combo, fmt))
        gtk_combo_box_set_active_id(self->audio_combo, "flac");
    gtk_spin_button_set_value(self->flac_level_spin, dw_gui_settings_get_int("flac-level", 5));
    g_autofree char *ar = dw_gui_settings_get_string("accuraterip-db", "");
    g_autofree char *offsets = dw_gui_settings_get_string("drive-offset-list", "");
    gtk_entry_set_text(self->ar_entry, ar);
    gtk_entry_set_text(self->offsets_entry, offsets);
    gtk_toggle_button_set_active(self->online_check, dw_gui_settings_get_bool("online", FALSE));
    self->disc_id = g_strdup("");

    GtkEntry *entries[] = { self->ar_entry, self->ctdb_entry, self->offsets_entry, self->meta_entry };
    for (size_t i = 0; i < G_N_ELEMENTS(entries); i++)
        g_signal_connect_swapped(entries[i], "changed", G_CALLBACK(on_changed), self);
    g_signal_connect_swapped(self->online_check, "toggled", G_CALLBACK(on_changed), self);
    g_signal_connect_swapped(self->audio_combo, "changed", G_CALLBACK(on_changed), self);
    g_signal_connect(self->ar_file_button, "clicked", G_CALLBACK(on_ar_file), self);
    g_signal_connect(self->ar_folder_button, "clicked", G_CALLBACK(on_ar_folder), self);
    g_signal_connect(self->ctdb_button, "clicked", G_CALLBACK(on_ctdb), self);
    g_signal_connect(self->offsets_button, "clicked", G_CALLBACK(on_offsets), self);
    g_signal_connect(self->meta_button, "clicked", G_CALLBACK(on_meta), self);
    on_changed(self);
}

void dw_rip_audio_class_init(GtkWidgetClass *w)
{
#define BIND(name) gtk_widget_class_bind_template_child(w, DwViewRip, name)
    BIND(audio_label);
    BIND(audio_box);
    BIND(flac_level_label);
    BIND(audio_combo);
    BIND(flac_level_spin);
    BIND(db_expander);
    BIND(db_summary);
    BIND(ar_entry);
    BIND(ctdb_entry);
    BIND(offsets_entry);
    BIND(meta_entry);
    BIND(ar_file_button);
    BIND(ar_folder_button);
    BIND(ctdb_button);
    BIND(offsets_button);
    BIND(meta_button);
    BIND(online_check);
    BIND(proof_grid);
#undef BIND
}
