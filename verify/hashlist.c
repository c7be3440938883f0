/* hashlist.c: reference hash lists verify checks files against.
 *
 * - the rip's sidecar: "# discwright hashes 1", then lines
 *   "SIZE CRC32 MD5 SHA1 SHA256 NAME" (single spaces, lowercase hex, the
 *   name is the rest of the line);
 * - redump / No-Intro DAT files: XML <datafile><game name=..><rom name=
 *   size= crc= md5= sha1= [sha256=]/></game></datafile>, read with GLib's
 *   GMarkup (no other XML library);
 * - coreutils sum files: "HEX  NAME" or "HEX *NAME", the hash kind from
 *   the hex length (32 MD5, 40 SHA-1, 64 SHA-256).
 * Every field is checked for length and hex digits before it is kept.
 */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/hash.h"
#include "discwright/verify.h"

static void entry_free(gpointer p)
{
    dw_hash_entry *e = p;
    g_free(e->name);
    g_free(e->game);
    g_free(e);
}

void dw_hashlist_free(dw_hashlist *l)
{
    if (!l)
        return;
    g_ptr_array_free(l->entries, TRUE);
    g_free(l->game);
    g_free(l->dat_name);
    g_free(l);
}

static dw_hashlist *list_new(dw_hashlist_kind kind)
{
    dw_hashlist *l = g_new0(dw_hashlist, 1);
    l->kind = kind;
    l->entries = g_ptr_array_new_with_free_func(entry_free);
    return l;
}

/* Copy a hex field of exactly n digits (lowercased) into out[n+1]. */
static gboolean take_hex(const char *s, size_t len, size_t n, char *out)
{
    if (len != n)
        return FALSE;
    for (size_t i = 0; i < n; i++) {
        if (!g_ascii_isxdigit(s[i]))
            return FALSE;
        out[i] = g_ascii_tolower(s[i]);
    }
    out[n] = '\0';
    return TRUE;
}

static gboolean parse_size(const char *s, size_t len, int64_t *out)
{
    if (len == 0 || len > 18)
        return FALSE;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isdigit(s[i]))
            return FALSE;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return TRUE;
}

static gboolean bad(GError **error, const char *name, int line, const char *what)
{
    g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s:%d: %s", name, line, what);
    return FALSE;
}

/* A name must be relative and stay inside the list's folder. */
static gboolean name_ok(const char *n)
{
    if (!n[0] || n[0] == '/' || strchr(n, '\\'))
        return FALSE;
    g_auto(GStrv) parts = g_strsplit(n, "/", -1);
    for (int i = 0; parts[i]; i++)
        if (strcmp(parts[i], "..") == 0)
            return FALSE;
    return TRUE;
}

/* ---- sidecar and sum files ----------------------------------------- */
static gboolean parse_lines(dw_hashlist *l, const char *text, size_t len, const char *name,
                            GError **error)
{
    size_t pos = 0;
    int line = 0;
    while (pos < len) {
        line++;
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n && s[n - 1] == '\r')
            n--;
        if (n == 0 || s[0] == '#')
            continue;
        if (memchr(s, '\0', n))
            return bad(error, name, line, "NUL byte in the line");
        dw_hash_entry *e = g_new0(dw_hash_entry, 1);
        e->size = -1;
        const char *p = s, *end = s + n;
        gboolean good = TRUE;
        if (l->kind == DW_HASHLIST_SIDECAR) {
            static const size_t widths[5] = { 0, 8, 32, 40, 64 };
            for (int f = 0; f < 5 && good; f++) {
                const char *sp = memchr(p, ' ', (size_t)(end - p));
                if (!sp) {
                    good = FALSE;
                    break;
                }
                size_t fl = (size_t)(sp - p);
                switch (f) {
                case 0: good = parse_size(p, fl, &e->size); break;
                case 1: good = take_hex(p, fl, widths[f], e->crc32); break;
                case 2: good = take_hex(p, fl, widths[f], e->md5); break;
                case 3: good = take_hex(p, fl, widths[f], e->sha1); break;
                default: good = take_hex(p, fl, widths[f], e->sha256); break;
                }
                p = sp + 1;
            }
            e->kinds = DW_HASH_ALL;
        } else {
            const char *sp = memchr(p, ' ', (size_t)(end - p));
            size_t fl = sp ? (size_t)(sp - p) : 0;
            switch (fl) {
            case 32: good = take_hex(p, fl, 32, e->md5); e->kinds = DW_HASH_MD5; break;
            case 40: good = take_hex(p, fl, 40, e->sha1); e->kinds = DW_HASH_SHA1; break;
            case 64: good = take_hex(p, fl, 64, e->sha256); e->kinds = DW_HASH_SHA256; break;
            default: good = FALSE;
            }
            /* "HEX  NAME" (text) or "HEX *NAME" (binary). */
            if (good && end - sp >= 2 && (sp[1] == ' ' || sp[1] == '*'))
                p = sp + 2;
            else
                good = FALSE;
        }
        if (good) {
            e->name = g_strndup(p, (size_t)(end - p));
            good = name_ok(e->name) && g_utf8_validate(e->name, -1, NULL);
        }
        if (!good) {
            entry_free(e);
            return bad(error, name, line,
                       l->kind == DW_HASHLIST_SIDECAR ? "expected SIZE CRC32 MD5 SHA1 SHA256 NAME"
                                                      : "expected HEX  NAME (a relative file name)");
        }
        g_ptr_array_add(l->entries, e);
    }
    return TRUE;
}

/* ---- DAT (XML) ------------------------------------------------------ */
typedef struct {
    dw_hashlist *l;
    const char *name;
    int depth_game;              /* > 0 inside <game>/<machine> */
    char *current_game;          /* name of the innermost open game */
    gboolean in_header, in_header_name;
} dat_ctx;

static void dat_start(GMarkupParseContext *ctx, const char *element, const char **names,
                      const char **values, gpointer user, GError **error)
{
    dat_ctx *d = user;
    if (strcmp(element, "game") == 0 || strcmp(element, "machine") == 0) {
        d->depth_game++;
        for (int i = 0; names[i]; i++)
            if (strcmp(names[i], "name") == 0) {
                if (!d->l->game)
                    d->l->game = g_strdup(values[i]);
                g_free(d->current_game);
                d->current_game = g_strdup(values[i]);
            }
        return;
    }
    if (strcmp(element, "header") == 0 && !d->depth_game) {
        d->in_header = TRUE;
        return;
    }
    if (strcmp(element, "name") == 0 && d->in_header) {
        d->in_header_name = TRUE;
        return;
    }
    if (strcmp(element, "rom") != 0)
        return;
    int line = 0, col = 0;
    g_markup_parse_context_get_position(ctx, &line, &col);
    if (!d->depth_game) {
        bad(error, d->name, line, "<rom> outside <game>");
        return;
    }
    dw_hash_entry *e = g_new0(dw_hash_entry, 1);
    e->size = -1;
    gboolean good = TRUE;
    for (int i = 0; names[i] && good; i++) {
        const char *v = values[i];
        size_t vl = strlen(v);
        if (strcmp(names[i], "name") == 0) {
            g_free(e->name);
            e->name = g_strdup(v);
        } else if (strcmp(names[i], "size") == 0) {
            good = parse_size(v, vl, &e->size);
        } else if (strcmp(names[i], "crc") == 0) {
            good = take_hex(v, vl, 8, e->crc32);
            e->kinds |= DW_HASH_CRC32;
        } else if (strcmp(names[i], "md5") == 0) {
            good = take_hex(v, vl, 32, e->md5);
            e->kinds |= DW_HASH_MD5;
        } else if (strcmp(names[i], "sha1") == 0) {
            good = take_hex(v, vl, 40, e->sha1);
            e->kinds |= DW_HASH_SHA1;
        } else if (strcmp(names[i], "sha256") == 0) {
            good = take_hex(v, vl, 64, e->sha256);
            e->kinds |= DW_HASH_SHA256;
        }
    }
    if (good && (!e->name || !name_ok(e->name)))
        good = FALSE;
    if (!good) {
        entry_free(e);
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s:%d: <rom> needs a relative name and "
                    "well-formed size/crc/md5/sha1/sha256", d->name, line);
        return;
    }
    e->game = g_strdup(d->current_game);
    g_ptr_array_add(d->l->entries, e);
}

static void dat_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer user, GError **error)
{
    (void)ctx;
    (void)error;
    dat_ctx *d = user;
    if (d->in_header_name && !d->l->dat_name && len < 4096)
        d->l->dat_name = g_strstrip(g_strndup(text, len));
}

static void dat_end(GMarkupParseContext *ctx, const char *element, gpointer user, GError **error)
{
    (void)ctx;
    (void)error;
    dat_ctx *d = user;
    if ((strcmp(element, "game") == 0 || strcmp(element, "machine") == 0) && d->depth_game > 0) {
        d->depth_game--;
        g_clear_pointer(&d->current_game, g_free);
    } else if (strcmp(element, "header") == 0)
        d->in_header = FALSE;
    else if (strcmp(element, "name") == 0)
        d->in_header_name = FALSE;
}

static gboolean parse_dat(dw_hashlist *l, const char *text, size_t len, const char *name, GError **error)
{
    /* GMarkup does not take a DOCTYPE; skip "<?xml ...?>" and "<!DOCTYPE ...>" heads. */
    size_t pos = 0;
    for (;;) {
        while (pos < len && g_ascii_isspace(text[pos]))
            pos++;
        if (pos + 2 <= len && text[pos] == '<' && (text[pos + 1] == '?' || text[pos + 1] == '!')) {
            const char *gt = memchr(text + pos, '>', len - pos);
            if (!gt)
                return bad(error, name, 1, "unterminated XML declaration");
            pos = (size_t)(gt - text) + 1;
            continue;
        }
        break;
    }
    static const GMarkupParser parser = { dat_start, dat_end, dat_text, NULL, NULL };
    dat_ctx d = { l, name, 0, NULL, FALSE, FALSE };
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &d, NULL);
    GError *e = NULL;
    gboolean ok = g_markup_parse_context_parse(ctx, text + pos, (gssize)(len - pos), &e) &&
                  g_markup_parse_context_end_parse(ctx, &e);
    g_markup_parse_context_free(ctx);
    g_free(d.current_game);
    if (!ok) {
        if (e->domain == DW_ERROR) {
            g_propagate_error(error, e);
        } else {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: not a well-formed DAT: %s", name, e->message);
            g_error_free(e);
        }
        return FALSE;
    }
    if (l->entries->len == 0)
        return bad(error, name, 1, "no <rom> entries");
    return TRUE;
}

dw_hashlist *dw_hashlist_parse(const char *text, size_t len, const char *name, GError **error)
{
    size_t i = 0;
    while (i < len && g_ascii_isspace(text[i]))
        i++;
    dw_hashlist *l;
    gboolean ok;
    if (i < len && text[i] == '<') {
        l = list_new(DW_HASHLIST_DAT);
        ok = parse_dat(l, text, len, name, error);
    } else {
        static const char magic[] = "# discwright hashes 1";
        dw_hashlist_kind kind = DW_HASHLIST_MD5;
        if (len >= sizeof magic - 1 && memcmp(text, magic, sizeof magic - 1) == 0)
            kind = DW_HASHLIST_SIDECAR;
        else if (g_str_has_suffix(name, ".sha1"))
            kind = DW_HASHLIST_SHA1;
        else if (g_str_has_suffix(name, ".sha256"))
            kind = DW_HASHLIST_SHA256;
        l = list_new(kind);
        ok = parse_lines(l, text, len, name, error);
        if (ok && l->entries->len == 0)
            ok = bad(error, name, 1, "no entries");
    }
    if (!ok) {
        dw_hashlist_free(l);
        return NULL;
    }
    return l;
}

dw_hashlist *dw_hashlist_read_file(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: cannot read: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    return dw_hashlist_parse(text, len, path, error);
}

char *dw_hashlist_write_sidecar(const dw_hashlist *l)
{
    GString *s = g_string_new("# discwright hashes 1\n# size crc32 md5 sha1 sha256 name\n");
    for (guint i = 0; i < l->entries->len; i++) {
        const dw_hash_entry *e = g_ptr_array_index(l->entries, i);
        g_string_append_printf(s, "%" G_GINT64_FORMAT " %s %s %s %s %s\n", e->size, e->crc32, e->md5,
                               e->sha1, e->sha256, e->name);
    }
    return g_string_free(s, FALSE);
}
