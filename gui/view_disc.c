/* view_disc.c: DwViewDisc, what the selected drive's disc or an image
 * holds, from dw_probe(): type and profile, filesystem label, MCN,
 * sessions; one row per track (session, number, mode, flags, start,
 * length and pregap as MM:SS:FF, ISRC, CD-TEXT title and performer of
 * the first language block); and every CD-TEXT entry of every language
 * block, converted from the block's character set to UTF-8.  For a
 * burner or a stdio: file the writable-medium section adds what
 * dw_burn_media_info() says: status (blank, appendable, closed), the
 * medium's profile, capacity, free space, sessions, the next session's
 * address, the ISO volume on overwritable media and the write speeds.
 */
#include "config.h"

#include "gui/gui.h"

struct _DwViewDisc {
    GtkBox parent;
    GtkLabel *source_label;
    GtkGrid *facts, *media_facts;
    GtkWidget *media_heading;
    GHashTable *media_values;   /* key -> shown value (for the tests) */
    GtkTreeView *tracks_view, *cdtext_view;
    GtkListStore *tracks, *cdtext;
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

static void add_fact_to(GtkGrid *grid, int row, const char *name, const char *value)
{
    GtkWidget *n = gtk_label_new(name);
    gtk_label_set_xalign(GTK_LABEL(n), 0);
    gtk_style_context_add_class(gtk_widget_get_style_context(n), "dim-label");
    GtkWidget *v = gtk_label_new(value && *value ? value : "—");
    gtk_label_set_xalign(GTK_LABEL(v), 0);
    gtk_label_set_selectable(GTK_LABEL(v), TRUE);
    atk_object_set_name(gtk_widget_get_accessible(v), name);
    gtk_grid_attach(grid, n, 0, row, 1, 1);
    gtk_grid_attach(grid, v, 1, row, 1, 1);
    gtk_widget_show(n);
    gtk_widget_show(v);
}

static void add_fact(DwViewDisc *self, int row, const char *name, const char *value)
{
    add_fact_to(self->facts, row, name, value);
}

static void clear_grid(GtkGrid *grid)
{
    GList *children = gtk_container_get_children(GTK_CONTAINER(grid));
    for (GList *l = children; l; l = l->next)
        gtk_widget_destroy(l->data);
    g_list_free(children);
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

static void media_fact(DwViewDisc *self, int *row, const char *key, const char *name, const char *value)
{
    add_fact_to(self->media_facts, (*row)++, name, value);
    g_hash_table_replace(self->media_values, g_strdup(key), g_strdup(value ? value : ""));
}

static char *blocks_text(int64_t blocks)
{
    g_autofree char *size = g_format_size((guint64)blocks * DW_BURN_BLOCK);
    g_autofree char *n = g_strdup_printf("%" G_GINT64_FORMAT, blocks);
    /* TRANSLATORS: a size, then a number of 2048-byte blocks */
    return g_strdup_printf(_("%s (%s blocks)"), size, n);
}

void dw_view_disc_set_media(DwViewDisc *self, const dw_media_info *m, const char *error)
{
    clear_grid(self->media_facts);
    g_hash_table_remove_all(self->media_values);
    gtk_widget_set_visible(self->media_heading, m || error);
    gtk_widget_set_visible(GTK_WIDGET(self->media_facts), m || error);
    int row = 0;
    if (!m) {
        if (error)
            media_fact(self, &row, "error", _("Not known"), error);
        return;
    }
    g_autofree char *status = g_strdup_printf("%s%s%s", dw_gui_media_status_text(m->status),
                                              m->overwritable ? _(", overwritable") : "",
                                              m->erasable ? _(", erasable") : "");
    media_fact(self, &row, "status", _("Status"), status);
    g_hash_table_replace(self->media_values, g_strdup("status"), g_strdup(dw_media_status_name(m->status)));
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
    media_fact(self, &row, "sessions", _("Sessions"), sessions);
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
}

const char *dw_view_disc_get_media_value(DwViewDisc *self, const char *key)
{
    return g_hash_table_lookup(self->media_values, key);
}

static const char *kind_name(dw_disc_kind k)
{
    switch (k) {
    case DW_DISC_CD: return "CD";
    case DW_DISC_DVD: return "DVD";
    case DW_DISC_BD: return "BD";
    default: return _("unknown");
    }
}

void dw_view_disc_set_disc(DwViewDisc *self, const char *source, const dw_disc *disc)
{
    gtk_list_store_clear(self->tracks);
    gtk_list_store_clear(self->cdtext);
    clear_grid(self->facts);
    if (!disc) {
        gtk_label_set_text(self->source_label, source ? source : _("No disc selected"));
        return;
    }
    gtk_label_set_text(self->source_label, source);
    int row = 0;
    add_fact(self, row++, _("Type"), kind_name(disc->kind));
    add_fact(self, row++, _("Profile"), disc->profile);
    add_fact(self, row++, _("Label"), disc->label);
    add_fact(self, row++, _("MCN"), disc->mcn);
    g_autofree char *sessions = g_strdup_printf("%d", disc->n_sessions);
    add_fact(self, row++, _("Sessions"), sessions);
    g_autofree char *tracks = g_strdup_printf("%d", disc->n_tracks);
    add_fact(self, row++, _("Tracks"), tracks);
    g_autofree char *len = msf(disc->total_sectors);
    g_autofree char *size = g_strdup_printf(_("%d sectors (%s)"), disc->total_sectors, len);
    add_fact(self, row++, _("Size"), size);

    const dw_cdtext_block *b0 = disc->cdtext.n_blocks > 0 ? &disc->cdtext.block[0] : NULL;
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        g_autofree char *flags = flags_of(t);
        g_autofree char *start = msf(t->start);
        g_autofree char *length = msf(t->length);
        g_autofree char *pregap = msf(t->pregap);
        int n = t->number >= 0 && t->number < 100 ? t->number : 0;
        g_autofree char *title = b0 ? cdtext_utf8(b0, b0->text[DW_CDTEXT_TITLE][n]) : NULL;
        g_autofree char *perf = b0 ? cdtext_utf8(b0, b0->text[DW_CDTEXT_PERFORMER][n]) : NULL;
        gtk_list_store_insert_with_values(self->tracks, NULL, -1, DW_TRACK_COL_SESSION, t->session,
                                          DW_TRACK_COL_NUMBER, t->number, DW_TRACK_COL_MODE,
                                          dw_track_mode_name(t->mode), DW_TRACK_COL_FLAGS, flags,
                                          DW_TRACK_COL_START, start, DW_TRACK_COL_LENGTH, length,
                                          DW_TRACK_COL_PREGAP, pregap, DW_TRACK_COL_ISRC, t->isrc,
                                          DW_TRACK_COL_TITLE, title ? title : "", DW_TRACK_COL_PERFORMER,
                                          perf ? perf : "", -1);
    }
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
}

static void dw_view_disc_class_init(DwViewDiscClass *klass)
{
    G_OBJECT_CLASS(klass)->finalize = finalize;
    GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
    gtk_widget_class_set_template_from_resource(w, DW_RESOURCE_BASE "/view_disc.ui");
    gtk_widget_class_bind_template_child(w, DwViewDisc, source_label);
    gtk_widget_class_bind_template_child(w, DwViewDisc, facts);
    gtk_widget_class_bind_template_child(w, DwViewDisc, media_facts);
    gtk_widget_class_bind_template_child(w, DwViewDisc, media_heading);
    gtk_widget_class_bind_template_child(w, DwViewDisc, tracks_view);
    gtk_widget_class_bind_template_child(w, DwViewDisc, cdtext_view);
}
