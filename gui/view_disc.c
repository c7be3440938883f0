/* view_disc.c: DwViewDisc, what the selected drive's disc or an image
 * holds, from dw_probe().  The heading is the disc's own title (CD-TEXT
 * album title, else the file system label), under it what it is, its
 * performer and where it is; the facts (type, profile, label, MCN,
 * sessions, tracks, play time or size); one row per track (session,
 * number, mode, flags, start, length and pregap as MM:SS:FF, ISRC,
 * CD-TEXT title and performer of the first language block; columns with
 * nothing to say are hidden); and every CD-TEXT entry of every language
 * block, converted from the block's character set to UTF-8.  A medium
 * that can be written (blank, appendable, erasable or overwritable) adds
 * what dw_burn_media_info() says: status, profile, capacity, free space,
 * sessions, the next session's address, the ISO volume on overwritable
 * media and the write speeds; a pressed or closed disc gets one line
 * saying it cannot be written instead.  A blank disc or a file used as a
 * medium shows only its medium.  With nothing to show (no disc, reading,
 * an unreadable disc) a status page says so and offers Open Image….
 */
#include "config.h"

#include "gui/gui.h"

struct _DwViewDisc {
    GtkBox parent;
    GtkStack *pages;
    GtkWidget *status_page;
    GtkLabel *title_label, *subtitle_label;
    GtkGrid *facts, *media_facts;
    GtkWidget *media_child, *cdtext_heading, *cdtext_scroll, *tracks_heading, *tracks_scroll;
    GHashTable *media_values;   /* key -> shown value (for the tests) */
    GtkTreeView *tracks_view, *cdtext_view;
    GtkListStore *tracks, *cdtext;
    char *title;                /* what the header bar shows */
    int n_facts;
    gboolean writable_line;     /* the facts say the medium cannot be written */
};

G_DEFINE_FINAL_TYPE(DwViewDisc, dw_view_disc, GTK_TYPE_BOX)

static char *msf(int32_t frames)
{
    char buf[32];
    return g_strdup(dw_frames_to_string(frames, buf, sizeof buf));
}

/* CD-TEXT bytes in the block's charset as UTF-8 (g_free). */
static char *cdtext_utf8(const dw_cdtext_block *b, const char *text)
{
    if (!text)
        return NULL;
    const char *from = b->charset == DW_CDTEXT_CHARSET_MSJIS ? "SHIFT_JIS" : "ISO-8859-1";
    char *u = g_convert(text, -1, "UTF-8", from, NULL, NULL, NULL);
    return u ? u : g_utf8_make_valid(text, -1);
}

static char *flags_of(const dw_track *t)
{
    GString *s = g_string_new(NULL);
    if (t->control & DW_CTRL_DATA)
        g_string_append(s, "DATA ");
    if (t->control & DW_CTRL_4CH)
        g_string_append(s, "4CH ");
    if (t->control & DW_CTRL_DCP)
        g_string_append(s, "DCP ");
    if (t->control & DW_CTRL_PRE)
        g_string_append(s, "PRE ");
    if (s->len)
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

const char *dw_gui_media_status_text(dw_media_status s)
{
    switch (s) {
    case DW_MEDIA_NONE: return _("no medium");
    case DW_MEDIA_BLANK: return _("blank");
    case DW_MEDIA_APPENDABLE: return _("appendable");
    case DW_MEDIA_CLOSED: return _("closed");
    case DW_MEDIA_UNSUITABLE: return _("unsuitable");
    default: return _("unknown");
    }
}

gboolean dw_gui_media_writable(const dw_media_info *m)
{
    return m && (m->status == DW_MEDIA_BLANK || m->appendable || m->overwritable || m->erasable);
}

static void media_fact(DwViewDisc *self, int *row, const char *key, const char *name, const char *value)
{
    dw_fact_grid_add(self->media_facts, (*row)++, name, value);
    g_hash_table_replace(self->media_values, g_strdup(key), g_strdup(value ? value : ""));
}

static char *blocks_text(int64_t blocks)
{
    g_autofree char *size = g_format_size((guint64)blocks * DW_BURN_BLOCK);
    g_autofree char *n = g_strdup_printf("%" G_GINT64_FORMAT, blocks);
    /* TRANSLATORS: a size, then a number of 2048-byte blocks */
    return g_strdup_printf(_("%s (%s blocks)"), size, n);
}

/* One line in the facts for a medium that cannot be written. */
static void set_writable_line(DwViewDisc *self, const char *text)
{
    if (self->writable_line) {
        GtkWidget *n = gtk_grid_get_child_at(self->facts, 0, self->n_facts);
        GtkWidget *v = gtk_grid_get_child_at(self->facts, 1, self->n_facts);
        if (n)
            gtk_widget_destroy(n);
        if (v)
            gtk_widget_destroy(v);
        self->writable_line = FALSE;
    }
    if (text) {
        dw_fact_grid_add(self->facts, self->n_facts, _("Recordable"), text);
        self->writable_line = TRUE;
    }
}

void dw_view_disc_set_media(DwViewDisc *self, const dw_media_info *m, const char *error)
{
    dw_fact_grid_clear(self->media_facts);
    g_hash_table_remove_all(self->media_values);
    set_writable_line(self, NULL);
    int row = 0;
    if (m) {
        /* What libburn says, kept for the tests even when not shown. */
        g_hash_table_replace(self->media_values, g_strdup("status"), g_strdup(dw_media_status_name(m->status)));
    }
    if (m && m->status != DW_MEDIA_NONE && !dw_gui_media_writable(m)) {
        /* A pressed or closed disc: nothing to burn onto, one line says so. */
        set_writable_line(self, m->status == DW_MEDIA_CLOSED ? _("No: the disc is closed or pressed")
                                                             : dw_gui_media_status_text(m->status));
        gtk_widget_hide(self->media_child);
        return;
    }
    gtk_widget_set_visible(self->media_child, m || error);
    if (!m) {
        if (error)
            media_fact(self, &row, "error", _("Not known"), error);
        return;
    }
    g_autofree char *status = g_strdup_printf("%s%s%s", dw_gui_media_status_text(m->status),
                                              m->overwritable ? _(", overwritable") : "",
                                              m->erasable ? _(", erasable") : "");
    media_fact(self, &row, "status-text", _("Status"), status);
    g_autofree char *profile = m->profile == 0xffff ? g_strdup(_("a file (stdio:)"))
                                                    : g_strdup_printf("%s (0x%04x)", m->profile_name, m->profile);
    media_fact(self, &row, "profile", _("Medium"), profile);
    if (m->status == DW_MEDIA_NONE)
        return;
    g_autofree char *cap = m->capacity_blocks >= 0 ? blocks_text(m->capacity_blocks) : g_strdup(_("not known"));
    media_fact(self, &row, "capacity", _("Capacity"), cap);
    g_autofree char *fsz = g_format_size(m->free_bytes);
    g_autofree char *fn = g_strdup_printf("%" G_GUINT64_FORMAT, m->free_bytes);
    g_autofree char *free_text = g_strdup_printf(_("%s (%s bytes)"), fsz, fn);
    media_fact(self, &row, "free", _("Free space"), free_text);
    g_autofree char *sessions = g_strdup_printf("%d", m->sessions);
    media_fact(self, &row, "sessions", _("Sessions written"), sessions);
    if (m->appendable && m->nwa >= 0) {
        g_autofree char *next = g_strdup_printf(_("at block %d (mkisofs -C %d,%d)"), m->nwa, m->msc1, m->nwa);
        media_fact(self, &row, "next", _("Next session"), next);
    }
    if (m->iso_blocks) {
        g_autofree char *iso = blocks_text(m->iso_blocks);
        g_autofree char *vol = g_strdup_printf(_("“%s”, %s"), m->iso_label, iso);
        media_fact(self, &row, "iso", _("ISO volume"), vol);
        g_hash_table_replace(self->media_values, g_strdup("label"), g_strdup(m->iso_label));
    }
    GString *sp = g_string_new(NULL);
    for (size_t i = 0; i < m->n_write_speeds; i++) {
        int kbs = m->write_speeds[i];
        /* 1x: CD 176.4 kB/s, DVD 1385 kB/s, BD 4495.5 kB/s (by the profile) */
        double one = m->profile >= 0x40 && m->profile < 0x50 ? 4495.5
                     : m->profile >= 0x10 && m->profile < 0x30 ? 1385.0 : 176.4;
        g_string_append_printf(sp, "%s%d kB/s (%.0fx)", i ? ", " : "", kbs, kbs / one);
    }
    media_fact(self, &row, "speeds", _("Write speeds"), sp->len ? sp->str : _("none reported"));
    g_string_free(sp, TRUE);
    /* the key the tests read is libburn's status name */
    g_hash_table_replace(self->media_values, g_strdup("status"), g_strdup(dw_media_status_name(m->status)));
}

const char *dw_view_disc_get_media_value(DwViewDisc *self, const char *key)
{
    return g_hash_table_lookup(self->media_values, key);
}

gboolean dw_view_disc_media_shown(DwViewDisc *self)
{
    return gtk_widget_get_visible(self->media_child) &&
           g_strcmp0(gtk_stack_get_visible_child_name(self->pages), "disc") == 0;
}

static void show_contents(DwViewDisc *self, gboolean tracks, gboolean cdtext)
{
    /* the facts' own cell of the flow box: without facts the medium takes the first place */
    gtk_widget_set_visible(gtk_widget_get_parent(GTK_WIDGET(self->facts)), tracks);
    gtk_widget_set_visible(self->tracks_heading, tracks);
    gtk_widget_set_visible(self->tracks_scroll, tracks);
    gtk_widget_set_visible(self->cdtext_heading, cdtext);
    gtk_widget_set_visible(self->cdtext_scroll, cdtext);
}

void dw_view_disc_set_medium_only(DwViewDisc *self, const char *title, const char *subtitle)
{
    gtk_list_store_clear(self->tracks);
    gtk_list_store_clear(self->cdtext);
    dw_fact_grid_clear(self->facts);
    self->n_facts = 0;
    self->writable_line = FALSE;
    g_free(self->title);
    self->title = g_strdup(title);
    gtk_label_set_text(self->title_label, title);
    gtk_label_set_text(self->subtitle_label, subtitle);
    show_contents(self, FALSE, FALSE);
    gtk_stack_set_visible_child_name(self->pages, "disc");
}

/* "Audio CD", "Data CD", "Mixed-mode CD", "DVD", "ISO 9660 image", … */
static char *kind_text(const char *source, const dw_disc *disc)
{
    int audio = 0, data = 0;
    for (int i = 0; i < disc->n_tracks; i++) {
        if (disc->tracks[i].mode == DW_TRACK_AUDIO)
            audio++;
        else
            data++;
    }
    switch (disc->kind) {
    case DW_DISC_CD:
        return g_strdup(audio && data ? _("Mixed-mode CD") : audio ? _("Audio CD") : _("Data CD"));
    case DW_DISC_DVD: return g_strdup("DVD");
    case DW_DISC_BD: return g_strdup("Blu-ray");
    default: break;
    }
    if (source && dw_source_classify(source) == DW_SOURCE_ISO)
        return g_strdup(_("ISO 9660 image"));
    return g_strdup(audio && !data ? _("Audio disc image") : _("Disc image"));
}

/* Play time as a person reads it: m:ss (h:mm:ss past an hour). */
char *dw_gui_play_time(int32_t frames)
{
    int s = frames > 0 ? frames / 75 : 0;
    return s >= 3600 ? g_strdup_printf("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                     : g_strdup_printf("%d:%02d", s / 60, s % 60);
}

static char *length_text(const dw_disc *disc, gboolean audio)
{
    g_autofree char *n = g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, "%d sector", "%d sectors",
                                                     (gulong)MAX(disc->total_sectors, 0)), disc->total_sectors);
    if (audio) {
        g_autofree char *t = dw_gui_play_time(disc->total_sectors);
        /* TRANSLATORS: play time (m:ss), then a number of sectors */
        return g_strdup_printf(_("%s play time (%s)"), t, n);
    }
    g_autofree char *size = g_format_size((guint64)MAX(disc->total_sectors, 0) * 2048);
    return g_strdup_printf(_("%s (%s)"), size, n);
}

static void add_fact(DwViewDisc *self, const char *name, const char *value)
{
    dw_fact_grid_add(self->facts, self->n_facts++, name, value);
}

static void show_column(GtkTreeView *v, int col, gboolean show)
{
    GtkTreeViewColumn *c = gtk_tree_view_get_column(v, col);
    if (c)
        gtk_tree_view_column_set_visible(c, show);
}

void dw_view_disc_set_message(DwViewDisc *self, const char *title, const char *text)
{
    gtk_list_store_clear(self->tracks);
    gtk_list_store_clear(self->cdtext);
    dw_fact_grid_clear(self->facts);
    self->n_facts = 0;
    self->writable_line = FALSE;
    g_free(self->title);
    self->title = g_strdup(title);
    dw_status_page_set(self->status_page, title ? title : _("No Disc"),
                       text ? text : _("Insert a disc in a drive, or open a disc image (Ctrl+O)."));
    gtk_stack_set_visible_child_name(self->pages, "status");
}

void dw_view_disc_set_disc(DwViewDisc *self, const char *source, const char *model, const dw_disc *disc)
{
    g_return_if_fail(disc != NULL);
    gtk_list_store_clear(self->tracks);
    gtk_list_store_clear(self->cdtext);
    dw_fact_grid_clear(self->facts);
    self->n_facts = 0;
    self->writable_line = FALSE;
    const dw_cdtext_block *b0 = disc->cdtext.n_blocks > 0 && disc->cdtext.block[0].present ? &disc->cdtext.block[0]
                                                                                          : NULL;
    g_autofree char *album = b0 ? cdtext_utf8(b0, b0->text[DW_CDTEXT_TITLE][0]) : NULL;
    g_autofree char *artist = b0 ? cdtext_utf8(b0, b0->text[DW_CDTEXT_PERFORMER][0]) : NULL;
    g_autofree char *kind = kind_text(source, disc);
    g_autofree char *base = source && dw_source_classify(source) != DW_SOURCE_DEVICE ? g_path_get_basename(source)
                                                                                   : NULL;
    const char *title = album && *album ? album : disc->label && *disc->label ? disc->label : base ? base : kind;
    g_free(self->title);
    self->title = g_strdup(title);
    gtk_label_set_text(self->title_label, title);
    /* "Audio CD by Performer · in DRIVE (/dev/sr0)" */
    GString *sub = g_string_new(kind);
    if (artist && *artist)
        g_string_append_printf(sub, _(" by %s"), artist);
    if (model && *model)
        g_string_append_printf(sub, _(" · in %s (%s)"), model, source);
    else if (source)
        g_string_append_printf(sub, " · %s", source);
    gtk_label_set_text(self->subtitle_label, sub->str);
    g_string_free(sub, TRUE);

    int audio = 0;
    for (int i = 0; i < disc->n_tracks; i++)
        audio += disc->tracks[i].mode == DW_TRACK_AUDIO;
    add_fact(self, _("Type"), kind);
    if (disc->profile && *disc->profile)
        add_fact(self, _("Profile"), disc->profile);
    add_fact(self, _("Label"), disc->label);
    if (disc->mcn[0] || audio)
        add_fact(self, _("MCN"), disc->mcn);
    g_autofree char *sessions = g_strdup_printf("%d", disc->n_sessions);
    add_fact(self, _("Sessions"), sessions);
    g_autofree char *tracks = g_strdup_printf("%d", disc->n_tracks);
    add_fact(self, _("Tracks"), tracks);
    g_autofree char *len = length_text(disc, audio > 0);
    add_fact(self, audio ? _("Length") : _("Size"), len);

    gboolean isrc = FALSE, flags = FALSE;
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        g_autofree char *fl = flags_of(t);
        g_autofree char *start = msf(t->start);
        g_autofree char *length = msf(t->length);
        g_autofree char *pregap = msf(t->pregap);
        int n = t->number >= 0 && t->number < 100 ? t->number : 0;
        g_autofree char *ttitle = b0 ? cdtext_utf8(b0, b0->text[DW_CDTEXT_TITLE][n]) : NULL;
        g_autofree char *perf = b0 ? cdtext_utf8(b0, b0->text[DW_CDTEXT_PERFORMER][n]) : NULL;
        isrc = isrc || t->isrc[0];
        flags = flags || *fl;
        gtk_list_store_insert_with_values(self->tracks, NULL, -1, DW_TRACK_COL_SESSION, t->session,
                                          DW_TRACK_COL_NUMBER, t->number, DW_TRACK_COL_MODE,
                                          dw_track_mode_name(t->mode), DW_TRACK_COL_FLAGS, fl,
                                          DW_TRACK_COL_START, start, DW_TRACK_COL_LENGTH, length,
                                          DW_TRACK_COL_PREGAP, pregap, DW_TRACK_COL_ISRC, t->isrc,
                                          DW_TRACK_COL_TITLE, ttitle ? ttitle : "", DW_TRACK_COL_PERFORMER,
                                          perf ? perf : "", -1);
    }
    show_column(self->tracks_view, DW_TRACK_COL_SESSION, disc->n_sessions > 1);
    show_column(self->tracks_view, DW_TRACK_COL_FLAGS, flags);
    show_column(self->tracks_view, DW_TRACK_COL_ISRC, isrc);
    show_column(self->tracks_view, DW_TRACK_COL_TITLE, b0 != NULL);
    show_column(self->tracks_view, DW_TRACK_COL_PERFORMER, b0 != NULL);
    for (int bi = 0; bi < disc->cdtext.n_blocks; bi++) {
        const dw_cdtext_block *b = &disc->cdtext.block[bi];
        if (!b->present)
            continue;
        const char *lang = dw_cdtext_language_name(b->language);
        g_autofree char *langbuf = lang ? g_strdup(lang) : g_strdup_printf("0x%02X", b->language);
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++) {
            if (f == DW_CDTEXT_TOC_INFO || f == DW_CDTEXT_TOC_INFO2 || f == DW_CDTEXT_SIZE_INFO ||
                f == DW_CDTEXT_CLOSED)
                continue;
            for (int tr = 0; tr < 100; tr++) {
                if (!b->text[f][tr])
                    continue;
                g_autofree char *text = cdtext_utf8(b, b->text[f][tr]);
                g_autofree char *trk = tr ? g_strdup_printf("%d", tr) : g_strdup(_("disc"));
                gtk_list_store_insert_with_values(self->cdtext, NULL, -1, DW_CDTEXT_COL_LANGUAGE, langbuf,
                                                  DW_CDTEXT_COL_FIELD, dw_cdtext_field_name(f), DW_CDTEXT_COL_TRACK,
                                                  trk, DW_CDTEXT_COL_TEXT, text, -1);
            }
        }
    }
    gboolean any_text = gtk_tree_model_iter_n_children(GTK_TREE_MODEL(self->cdtext), NULL) > 0;
    show_contents(self, TRUE, any_text);
    gtk_stack_set_visible_child_name(self->pages, "disc");
}

const char *dw_view_disc_get_title(DwViewDisc *self)
{
    return self->title;
}

GtkTreeModel *dw_view_disc_get_tracks(DwViewDisc *self)
{
    return GTK_TREE_MODEL(self->tracks);
}

GtkTreeModel *dw_view_disc_get_cdtext(DwViewDisc *self)
{
    return GTK_TREE_MODEL(self->cdtext);
}

static void add_column(GtkTreeView *view, const char *title, int col)
{
    GtkCellRenderer *r = gtk_cell_renderer_text_new();
    GtkTreeViewColumn *c = gtk_tree_view_column_new_with_attributes(title, r, "text", col, NULL);
    gtk_tree_view_column_set_resizable(c, TRUE);
    gtk_tree_view_append_column(view, c);
}

static void finalize(GObject *obj)
{
    DwViewDisc *self = DW_VIEW_DISC(obj);
    g_object_unref(self->tracks);
    g_object_unref(self->cdtext);
    g_hash_table_unref(self->media_values);
    g_free(self->title);
    G_OBJECT_CLASS(dw_view_disc_parent_class)->finalize(obj);
}

static void dw_view_disc_init(DwViewDisc *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
    self->media_values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    self->tracks = gtk_list_store_new(DW_TRACK_N_COLS, G_TYPE_INT, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING);
    self->cdtext = gtk_list_store_new(DW_CDTEXT_N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    gtk_tree_view_set_model(self->tracks_view, GTK_TREE_MODEL(self->tracks));
    gtk_tree_view_set_model(self->cdtext_view, GTK_TREE_MODEL(self->cdtext));
    static const char *const titles[DW_TRACK_N_COLS] = { N_("Session"), N_("Track"), N_("Mode"), N_("Flags"),
                                                         N_("Start"), N_("Length"), N_("Pregap"), N_("ISRC"),
                                                         N_("Title"), N_("Performer") };
    for (int i = 0; i < DW_TRACK_N_COLS; i++)
        add_column(self->tracks_view, _(titles[i]), i);
    static const char *const ctitles[DW_CDTEXT_N_COLS] = { N_("Language"), N_("Field"), N_("Track"), N_("Text") };
    for (int i = 0; i < DW_CDTEXT_N_COLS; i++)
        add_column(self->cdtext_view, _(ctitles[i]), i);
    GtkWidget *scroll = gtk_scrolled_window_new(NULL, NULL);
    self->status_page = dw_status_page_new("media-optical-symbolic", _("No Disc"),
                                           _("Insert a disc in a drive, or open a disc image (Ctrl+O)."),
                                           _("_Open Image…"), "win.open-image");
    gtk_container_add(GTK_CONTAINER(scroll), self->status_page);
    gtk_widget_show(scroll);
    gtk_stack_add_named(self->pages, scroll, "status");
    gtk_stack_set_visible_child_name(self->pages, "status");
}

static void dw_view_disc_class_init(DwViewDiscClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_disc.ui");
    gtk_widget_class_bind_template_child(w, DwViewDisc, pages);
    gtk_widget_class_bind_template_child(w, DwViewDisc, title_label);
    gtk_widget_class_bind_template_child(w, DwViewDisc, subtitle_label);
    gtk_widget_class_bind_template_child(w, DwViewDisc, facts);
    gtk_widget_class_bind_template_child(w, DwViewDisc, media_facts);
    gtk_widget_class_bind_template_child(w, DwViewDisc, media_child);
    gtk_widget_class_bind_template_child(w, DwViewDisc, cdtext_heading);
    gtk_widget_class_bind_template_child(w, DwViewDisc, cdtext_scroll);
    gtk_widget_class_bind_template_child(w, DwViewDisc, tracks_heading);
    gtk_widget_class_bind_template_child(w, DwViewDisc, tracks_scroll);
    gtk_widget_class_bind_template_child(w, DwViewDisc, tracks_view);
    gtk_widget_class_bind_template_child(w, DwViewDisc, cdtext_view);
}
