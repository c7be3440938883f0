/* disc_json.c: dw_disc_to_json() — the disc model as one JSON object.
 * Field names are stable and documented in doc/json.md.  CD-TEXT is
 * converted to UTF-8 from the block's character code. */
#include "config.h"

#include <string.h>

#include "discwright/cdtext.h"
#include "discwright/json.h"
#include "discwright/model.h"

/* Text of a CD-TEXT block in UTF-8 (newly allocated). */
static char *cdtext_utf8(const char *raw, uint8_t charset)
{
    const char *from = charset == DW_CDTEXT_CHARSET_MSJIS ? "SHIFT_JIS" : "ISO-8859-1";
    if (charset == DW_CDTEXT_CHARSET_ASCII) {
        char *s = g_strdup(raw);
        for (char *p = s; *p; p++)
            if ((unsigned char)*p > 0x7E)
                *p = '?';
        return s;
    }
    char *s = g_convert(raw, -1, "UTF-8", from, NULL, NULL, NULL);
    if (!s)
        s = g_utf8_make_valid(raw, -1);
    return s;
}

static const char *field_key(dw_cdtext_field f)
{
    switch (f) {
    case DW_CDTEXT_TITLE: return "title";
    case DW_CDTEXT_PERFORMER: return "performer";
    case DW_CDTEXT_SONGWRITER: return "songwriter";
    case DW_CDTEXT_COMPOSER: return "composer";
    case DW_CDTEXT_ARRANGER: return "arranger";
    case DW_CDTEXT_MESSAGE: return "message";
    case DW_CDTEXT_DISC_ID: return "disc_id";
    case DW_CDTEXT_GENRE: return "genre";
    case DW_CDTEXT_UPC_ISRC: return "upc_isrc";
    default: return NULL; /* binary or derived packs are not text */
    }
}

/* The text fields of one track (0 = album) as an object; FALSE if none. */
static gboolean append_text_fields(GString *out, const dw_cdtext_block *b, int track)
{
    gboolean any = FALSE;
    for (int f = 0; f < DW_CDTEXT_NFIELDS; f++) {
        const char *key = field_key((dw_cdtext_field)f);
        const char *raw = b->text[f][track];
        if (!key || !raw)
            continue;
        g_string_append(out, any ? "," : "{");
        any = TRUE;
        dw_json_append_string(out, key);
        g_string_append_c(out, ':');
        g_autofree char *u = cdtext_utf8(raw, b->charset);
        dw_json_append_string(out, u);
    }
    if (any)
        g_string_append_c(out, '}');
    return any;
}

static void append_cdtext(GString *out, const dw_cdtext *cdt)
{
    g_string_append(out, "\"cdtext\":[");
    gboolean first = TRUE;
    for (int i = 0; i < cdt->n_blocks && i < DW_CDTEXT_MAX_BLOCKS; i++) {
        const dw_cdtext_block *b = &cdt->block[i];
        if (!b->present)
            continue;
        if (!first)
            g_string_append_c(out, ',');
        first = FALSE;
        g_string_append_printf(out, "{\"block\":%d,\"language\":%u,\"language_name\":", i, b->language);
        dw_json_append_string(out, dw_cdtext_language_name(b->language));
        g_string_append_printf(out, ",\"charset\":%u", b->charset);
        if (b->genre_code)
            g_string_append_printf(out, ",\"genre_code\":%u", b->genre_code);
        g_string_append(out, ",\"album\":");
        gsize mark = out->len;
        if (!append_text_fields(out, b, 0)) {
            g_string_truncate(out, mark);
            g_string_append(out, "{}");
        }
        g_string_append(out, ",\"tracks\":{");
        gboolean tfirst = TRUE;
        for (int t = 1; t < 100; t++) {
            gsize before = out->len;
            g_string_append_printf(out, "%s\"%d\":", tfirst ? "" : ",", t);
            if (append_text_fields(out, b, t))
                tfirst = FALSE;
            else
                g_string_truncate(out, before);
        }
        g_string_append(out, "}}");
    }
    g_string_append_c(out, ']');
}

static const char *kind_name(dw_disc_kind k)
{
    switch (k) {
    case DW_DISC_CD: return "CD";
    case DW_DISC_DVD: return "DVD";
    case DW_DISC_BD: return "BD";
    default: return "unknown";
    }
}

char *dw_disc_to_json(const dw_disc *disc)
{
    GString *out = g_string_new("{\"kind\":");
    dw_json_append_string(out, kind_name(disc->kind));
    g_string_append(out, ",\"profile\":");
    dw_json_append_string(out, disc->profile);
    g_string_append(out, ",\"label\":");
    dw_json_append_string(out, disc->label);
    g_string_append(out, ",\"mcn\":");
    dw_json_append_string(out, disc->mcn[0] ? disc->mcn : NULL);
    g_string_append_printf(out, ",\"total_sectors\":%d,\"sessions\":[", disc->total_sectors);
    for (int i = 0; i < disc->n_sessions; i++) {
        const dw_session *s = &disc->sessions[i];
        g_string_append_printf(out, "%s{\"number\":%d,\"format\":%d,\"first_track\":%d,"
                               "\"last_track\":%d,\"leadout\":%d}",
                               i ? "," : "", s->number, (int)s->format, s->first_track,
                               s->last_track, s->leadout);
    }
    g_string_append(out, "],\"tracks\":[");
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        g_string_append_printf(out, "%s{\"number\":%d,\"session\":%d,\"mode\":", i ? "," : "",
                               t->number, t->session);
        dw_json_append_string(out, dw_track_mode_name(t->mode));
        g_string_append_printf(out, ",\"control\":%u,\"flags\":[", t->control);
        static const struct {
            uint8_t bit;
            const char *name;
        } flags[] = { { DW_CTRL_PRE, "PRE" }, { DW_CTRL_DCP, "DCP" }, { DW_CTRL_DATA, "DATA" },
                      { DW_CTRL_4CH, "4CH" } };
        gboolean ff = TRUE;
        for (size_t k = 0; k < G_N_ELEMENTS(flags); k++)
            if (t->control & flags[k].bit) {
                g_string_append_printf(out, "%s\"%s\"", ff ? "" : ",", flags[k].name);
                ff = FALSE;
            }
        g_string_append_printf(out, "],\"start\":%d,\"pregap\":%d,\"length\":%d,\"indexes\":[",
                               t->start, t->pregap, t->length);
        /* INDEX 01 and up as absolute LBAs (INDEX 00 is start - pregap). */
        for (int k = 1; k < t->n_indexes && k <= DW_MAX_INDEX; k++)
            g_string_append_printf(out, "%s%d", k > 1 ? "," : "", t->index[k]);
        g_string_append(out, "],\"isrc\":");
        dw_json_append_string(out, t->isrc[0] ? t->isrc : NULL);
        g_string_append_c(out, '}');
    }
    g_string_append(out, "],");
    append_cdtext(out, &disc->cdtext);
    g_string_append_c(out, '}');
    return g_string_free(out, FALSE);
}
