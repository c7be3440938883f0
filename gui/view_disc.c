/* view_disc.c: DwViewDisc, what the selected drive's disc or an image
 * holds, from dw_probe(): type and profile, filesystem label, MCN,
 * sessions; one row per track (session, number, mode, flags, start,
 * length and pregap as MM:SS:FF, ISRC, CD-TEXT title and performer of
 * the first language block); and every CD-TEXT entry of every language
 * block, converted from the block's character set to UTF-8.
 */
#include "config.h"

#include "gui/gui.h"

struct _DwViewDisc {
    GtkBox parent;
    GtkLabel *source_label;
    GtkGrid *facts;
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

static void add_fact(DwViewDisc *self, int row, const char *name, const char *value)
{
    GtkWidget *n = gtk_label_new(name);
    gtk_label_set_xalign(GTK_LABEL(n), 0);
    gtk_style_context_add_class(gtk_widget_get_style_context(n), "dim-label");
    GtkWidget *v = gtk_label_new(value && *value ? value : "—");
    gtk_label_set_xalign(GTK_LABEL(v), 0);
    gtk_label_set_selectable(GTK_LABEL(v), TRUE);
    atk_object_set_name(gtk_widget_get_accessible(v), name);
    gtk_grid_attach(self->facts, n, 0, row, 1, 1);
    gtk_grid_attach(self->facts, v, 1, row, 1, 1);
    gtk_widget_show(n);
    gtk_widget_show(v);
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
    GList *children = gtk_container_get_children(GTK_CONTAINER(self->facts));
    for (GList *l = children; l; l = l->next)
        gtk_widget_destroy(l->data);
    g_list_free(children);
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
    G_OBJECT_CLASS(dw_view_disc_parent_class)->finalize(obj);
}

static void dw_view_disc_init(DwViewDisc *self)
{
    gtk_widget_init_template(GTK_WIDGET(self));
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
    gtk_widget_class_bind_template_child(w, DwViewDisc, tracks_view);
    gtk_widget_class_bind_template_child(w, DwViewDisc, cdtext_view);
}
