/* ctdb.c: the CUETools database (CTDB) lookup answer and the toc a
 * lookup is asked with.
 *
 * lookup2.php?version=3&ctdb=1&fuzzy=1&toc=T answers XML in the
 * namespace http://db.cuetools.net/ns/mmd-1.0#: a <ctdb> root holding
 * one <entry> per pressing/submission group, with attributes id,
 * confidence (submissions), crc32 (the disc CRC, hex), npar, stride,
 * hasparity (a URL, or "1"/"0" in older answers), syndrome or parity,
 * toc and trackcrcs (one hex CRC per audio track, blank separated), and
 * <metadata> elements we do not use.  A track CRC is zlib's CRC-32 over
 * the track from its INDEX 01 to the next track's, the first track
 * skipping 5880 samples and the last 5880 + (N mod 5880), as the disc CRC
 * does (DESIGN.md section 5).  GMarkup parses the XML; every attribute is
 * checked (hex of at most 8 digits, counts in range). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

typedef struct {
    GArray *entries;             /* dw_ctdb_entry */
    int depth;
    bool root;                   /* saw <ctdb> */
    const char *name;
} parse_state;

static bool parse_hex32(const char *s, size_t len, uint32_t *out)
{
    if (len == 0 || len > 8)
        return false;
    uint32_t v = 0;
    for (size_t i = 0; i < len; i++) {
        int d = g_ascii_xdigit_value(s[i]);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

static void start_element(GMarkupParseContext *ctx, const char *element, const char **names, const char **values,
                          gpointer user, GError **error)
{
    parse_state *st = user;
    st->depth++;
    /* Local name: the namespace, when written as a prefix, is dropped. */
    const char *local = strchr(element, ':');
    local = local ? local + 1 : element;
    if (st->depth == 1) {
        if (strcmp(local, "ctdb") != 0) {
            int line, col;
            g_markup_parse_context_get_position(ctx, &line, &col);
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s:%d:%d: root element <%s>, not <ctdb>", st->name, line,
                        col, element);
            return;
        }
        st->root = true;
        return;
    }
    if (st->depth != 2 || strcmp(local, "entry") != 0)
        return;
    dw_ctdb_entry e;
    memset(&e, 0, sizeof e);
    const char *bad = NULL;
    for (int i = 0; names[i] && !bad; i++) {
        const char *n = names[i], *v = values[i];
        if (!strcmp(n, "id"))
            g_strlcpy(e.id, v, sizeof e.id);
        else if (!strcmp(n, "confidence")) {
            char *end;
            long c = strtol(v, &end, 10);
            if (!*v || *end || c < 0 || c > 100000000)
                bad = "confidence";
            else
                e.confidence = (int)c;
        } else if (!strcmp(n, "crc32")) {
            if (!parse_hex32(v, strlen(v), &e.crc32))
                bad = "crc32";
        } else if (!strcmp(n, "hasparity"))
            e.has_parity = *v && strcmp(v, "0") != 0;
        else if (!strcmp(n, "trackcrcs")) {
            const char *p = v;
            while (*p && !bad) {
                while (*p == ' ' || *p == '\t' || *p == '\n')
                    p++;
                if (!*p)
                    break;
                const char *q = p;
                while (*q && *q != ' ' && *q != '\t' && *q != '\n')
                    q++;
                if (e.n_tracks >= 99 || !parse_hex32(p, (size_t)(q - p), &e.track_crcs[e.n_tracks]))
                    bad = "trackcrcs";
                else
                    e.n_tracks++;
                p = q;
            }
        }
    }
    if (bad) {
        int line, col;
        g_markup_parse_context_get_position(ctx, &line, &col);
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s:%d:%d: <entry> with a bad %s", st->name, line, col, bad);
        return;
    }
    g_array_append_val(st->entries, e);
}

static void end_element(GMarkupParseContext *ctx, const char *element, gpointer user, GError **error)
{
    (void)ctx;
    (void)element;
    (void)error;
    parse_state *st = user;
    st->depth--;
}

dw_ctdb_entry *dw_ctdb_parse(const char *xml, size_t len, const char *name, size_t *n, GError **error)
{
    *n = 0;
    parse_state st = { .entries = g_array_new(FALSE, TRUE, sizeof(dw_ctdb_entry)), .name = name };
    GMarkupParser parser = { start_element, end_element, NULL, NULL, NULL };
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, G_MARKUP_PREFIX_ERROR_POSITION, &st, NULL);
    GError *e = NULL;
    gboolean ok = len <= G_MAXSSIZE && g_markup_parse_context_parse(ctx, xml, (gssize)len, &e) &&
                  g_markup_parse_context_end_parse(ctx, &e);
    g_markup_parse_context_free(ctx);
    if (ok && !st.root)
        g_set_error(&e, DW_ERROR, DW_ERROR_PARSE, "%s: no <ctdb> element", name);
    if (e) {
        if (e->domain != DW_ERROR)
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %s", name, e->message);
        else
            g_propagate_error(error, g_steal_pointer(&e));
        g_clear_error(&e);
        g_array_free(st.entries, TRUE);
        return NULL;
    }
    *n = st.entries->len;
    if (!*n) {                   /* valid, and empty: still a non-NULL answer */
        g_array_free(st.entries, TRUE);
        return g_new0(dw_ctdb_entry, 1);
    }
    return (dw_ctdb_entry *)(void *)g_array_free(st.entries, FALSE);
}

char *dw_ctdb_toc_param(const dw_disc *d)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < d->n_tracks; i++) {
        const dw_track *t = &d->tracks[i];
        g_string_append_printf(s, "%s%d:", (t->control & DW_CTRL_DATA) ? "-" : "", t->start);
    }
    int32_t leadout = d->n_sessions ? d->sessions[d->n_sessions - 1].leadout : 0;
    g_string_append_printf(s, "%d", leadout);
    return g_string_free(s, FALSE);
}
