/* query.c: finding discs.  Listings page through the discs table by id
 * (keyset paging, so memory stays flat and a long listing is never
 * re-sorted); a search is either words (each a prefix of a word of the
 * label, CD-TEXT title and performer, MCN, ids or path: SQLite's FTS5
 * index or PostgreSQL's tsvector) or, when the text looks like one, an
 * id or a hash looked up by index (CDDB, MusicBrainz, CTDB, AccurateRip,
 * MCN, fingerprint, DVD/BD id, or a file's CRC32/MD5/SHA-1/SHA-256).
 * Also: one disc with its files, tracks and log; duplicates and
 * pressings; a disc's history. */
#include "config.h"

#include <string.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"

#define PAGE 500

/* The words of text (letters and digits), lowercased; NULL when none. */
static GPtrArray *words_of(const char *text)
{
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2)
            break;
        if (g_unichar_isalnum(c)) {
            g_string_append_unichar(cur, g_unichar_tolower(c));
        } else if (cur->len) {
            g_ptr_array_add(w, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
        }
    }
    if (cur->len)
        g_ptr_array_add(w, g_string_free(cur, FALSE));
    else
        g_string_free(cur, TRUE);
    if (w->len == 0 || w->len > 16) {
        g_ptr_array_unref(w);
        return NULL;
    }
    return w;
}

/* One token that could be an id or a hash (no blanks, id characters). */
static gboolean id_like(const char *t)
{
    size_t n = strlen(t);
    if (n < 6 || n > 80)
        return FALSE;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(t[i]) && !strchr("._-", t[i]))
            return FALSE;
    return TRUE;
}

static char *match_expr(const dw_catalog *cat, GPtrArray *w)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < w->len; i++) {
        const char *t = g_ptr_array_index(w, i);
        if (cat->db->kind == DW_DB_SQLITE)
            g_string_append_printf(s, "%s\"%s\"*", i ? " AND " : "", t);
        else
            g_string_append_printf(s, "%s%s:*", i ? " & " : "", t);
    }
    return g_string_free(s, FALSE);
}

typedef struct {
    char *sql;
    char *words;                 /* bound to $word_param when set */
    char *id, *raw_id;           /* bound to $id_param, $id_param + 1 when set */
    int word_param, id_param;
} search_plan;

static void plan_clear(search_plan *p)
{
    g_free(p->sql);
    g_free(p->words);
    g_free(p->id);
    g_free(p->raw_id);
}

/* $1 after_id, $2 page size, then the word query and the id text. */
static gboolean plan_search(dw_catalog *cat, const char *text, search_plan *p)
{
    memset(p, 0, sizeof *p);
    GString *s = g_string_new("SELECT ");
    g_string_append(s, dw_catalog_disc_columns);
    g_string_append(s, " FROM discs d WHERE d.id > $1");
    g_autofree char *trimmed = g_strstrip(g_strdup(text ? text : ""));
    int next = 3;
    if (*trimmed) {
        GPtrArray *w = words_of(trimmed);
        gboolean idq = id_like(trimmed);
        if (!w && !idq) {
            g_string_free(s, TRUE);
            return FALSE;        /* nothing that could match */
        }
        g_string_append(s, " AND (");
        if (w) {
            p->words = match_expr(cat, w);
            p->word_param = next++;
            if (cat->db->kind == DW_DB_SQLITE)
                g_string_append_printf(s, "d.id IN (SELECT rowid FROM disc_search WHERE disc_search MATCH $%d)",
                                       p->word_param);
            else
                g_string_append_printf(s, "d.search @@ to_tsquery('simple', $%d)", p->word_param);
            g_ptr_array_unref(w);
        }
        if (idq) {
            p->id = g_ascii_strdown(trimmed, -1);
            p->raw_id = g_strdup(trimmed);
            p->id_param = next;
            int a = next, b = next + 1;
            next += 2;
            if (p->words)
                g_string_append(s, " OR ");
            /* Hex ids and hashes are stored lowercase; MusicBrainz and
             * CTDB ids are case-sensitive, so those compare as given. */
            g_string_append_printf(s,
                                   "d.id IN (SELECT id FROM discs WHERE cddb_id = $%d UNION SELECT id FROM discs WHERE"
                                   " musicbrainz_id = $%d UNION SELECT id FROM discs WHERE ctdb_tocid = $%d UNION"
                                   " SELECT id FROM discs WHERE accuraterip_id = $%d UNION SELECT id FROM discs WHERE"
                                   " mcn = $%d UNION SELECT id FROM discs WHERE fingerprint = $%d UNION SELECT id FROM"
                                   " discs WHERE dvd_id = $%d UNION SELECT id FROM discs WHERE bd_id = $%d UNION"
                                   " SELECT disc_id FROM files WHERE sha1 = $%d UNION SELECT disc_id FROM files WHERE"
                                   " md5 = $%d UNION SELECT disc_id FROM files WHERE sha256 = $%d UNION SELECT"
                                   " disc_id FROM files WHERE crc32 = $%d)",
                                   a, b, b, a, a, a, a, a, a, a, a, a);
        }
        g_string_append_c(s, ')');
    }
    g_string_append(s, " ORDER BY d.id LIMIT $2");
    p->sql = g_string_free(s, FALSE);
    return TRUE;
}

/* One page of the plan into page (under the lock).  FALSE on error. */
static gboolean fetch_page(dw_catalog *cat, const search_plan *p, int64_t after, int64_t want, GPtrArray *page,
                           GError **error)
{
    g_mutex_lock(&cat->lock);
    dw_db_stmt *s = dw_db_prepare(cat->db, p->sql, error);
    gboolean ok = s != NULL;
    if (ok) {
        dw_db_bind_int64(s, 1, after);
        dw_db_bind_int64(s, 2, want);
        if (p->words)
            dw_db_bind_text(s, p->word_param, p->words);
        if (p->id) {
            dw_db_bind_text(s, p->id_param, p->id);
            dw_db_bind_text(s, p->id_param + 1, p->raw_id);
        }
        int r;
        while ((r = dw_db_step(s, error)) == 1)
            g_ptr_array_add(page, dw_catalog_disc_from_row(s));
        ok = r == 0;
        dw_db_stmt_free(s);
    }
    g_mutex_unlock(&cat->lock);
    return ok;
}

gboolean dw_catalog_foreach(dw_catalog *cat, const dw_catalog_query *q, dw_catalog_disc_fn fn, void *user,
                            GError **error)
{
    search_plan p;
    if (!plan_search(cat, q ? q->text : NULL, &p))
        return TRUE;
    int64_t after = q ? q->after_id : 0, limit = q && q->limit > 0 ? q->limit : -1, seen = 0;
    gboolean ok = TRUE;
    for (;;) {
        int64_t want = limit < 0 ? PAGE : MIN(PAGE, limit - seen);
        if (want <= 0)
            break;
        GPtrArray *page = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_disc_free);
        ok = fetch_page(cat, &p, after, want, page, error);
        gboolean more = ok && (int64_t)page->len == want;
        for (guint i = 0; ok && i < page->len; i++) {
            const dw_catalog_disc *d = g_ptr_array_index(page, i);
            after = d->id;
            seen++;
            if (!fn(d, user)) {
                more = FALSE;
                break;
            }
        }
        g_ptr_array_unref(page);
        if (!more)
            break;
    }
    plan_clear(&p);
    return ok;
}

static gboolean collect(const dw_catalog_disc *d, void *user)
{
    g_ptr_array_add(user, dw_catalog_disc_copy(d));
    return TRUE;
}

GPtrArray *dw_catalog_list(dw_catalog *cat, const dw_catalog_query *q, GError **error)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_disc_free);
    if (!dw_catalog_foreach(cat, q, collect, out, error)) {
        g_ptr_array_unref(out);
        return NULL;
    }
    return out;
}
