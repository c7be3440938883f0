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

/* A search is up to two queries, each ordered by id and limited, whose
 * pages are merged: the words through the text index (driven by it, so
 * a word every disc has still costs only a page), and the id lookups
 * (a union of index searches).  A listing without text is one query. */
typedef struct {
    char *word_sql, *id_sql, *all_sql;
    char *words;                 /* the text-index query ($3 of word_sql) */
    char *id, *raw_id;           /* $3 and $4 of id_sql */
} search_plan;

static void plan_clear(search_plan *p)
{
    g_free(p->word_sql);
    g_free(p->id_sql);
    g_free(p->all_sql);
    g_free(p->words);
    g_free(p->id);
    g_free(p->raw_id);
}

/* Every query: $1 after this id, $2 at most this many. */
static gboolean plan_search(dw_catalog *cat, const char *text, search_plan *p)
{
    memset(p, 0, sizeof *p);
    g_autofree char *trimmed = g_strstrip(g_strdup(text ? text : ""));
    if (!*trimmed) {
        p->all_sql = g_strdup_printf("SELECT %s FROM discs d WHERE d.id > $1 ORDER BY d.id LIMIT $2",
                                     dw_catalog_disc_columns);
        return TRUE;
    }
    GPtrArray *w = words_of(trimmed);
    gboolean idq = id_like(trimmed);
    if (!w && !idq)
        return FALSE;            /* nothing that could match */
    if (w) {
        p->words = match_expr(cat, w);
        g_ptr_array_unref(w);
        if (cat->db->kind == DW_DB_SQLITE)
            /* CROSS JOIN keeps the text index first: it yields rowids in
             * order and the LIMIT stops it early. */
            p->word_sql = g_strdup_printf("SELECT %s FROM disc_search s CROSS JOIN discs d ON d.id = s.rowid"
                                          " WHERE disc_search MATCH $3 AND s.rowid > $1 ORDER BY s.rowid LIMIT $2",
                                          dw_catalog_disc_columns);
        else
            p->word_sql = g_strdup_printf("SELECT %s FROM discs d WHERE d.search @@ to_tsquery('simple', $3)"
                                          " AND d.id > $1 ORDER BY d.id LIMIT $2",
                                          dw_catalog_disc_columns);
    }
    if (idq) {
        /* Hex ids and hashes are stored lowercase ($3); MusicBrainz and
         * CTDB ids are case-sensitive, so those compare as given ($4). */
        p->id = g_ascii_strdown(trimmed, -1);
        p->raw_id = g_strdup(trimmed);
        p->id_sql = g_strdup_printf(
            "SELECT %s FROM discs d WHERE d.id > $1 AND d.id IN (SELECT id FROM discs WHERE cddb_id = $3 UNION"
            " SELECT id FROM discs WHERE musicbrainz_id = $4 UNION SELECT id FROM discs WHERE ctdb_tocid = $4 UNION"
            " SELECT id FROM discs WHERE accuraterip_id = $3 UNION SELECT id FROM discs WHERE mcn = $3 UNION"
            " SELECT id FROM discs WHERE fingerprint = $3 UNION SELECT id FROM discs WHERE dvd_id = $3 UNION"
            " SELECT id FROM discs WHERE bd_id = $3 UNION SELECT disc_id FROM files WHERE sha1 = $3 UNION"
            " SELECT disc_id FROM files WHERE md5 = $3 UNION SELECT disc_id FROM files WHERE sha256 = $3 UNION"
            " SELECT disc_id FROM files WHERE crc32 = $3) ORDER BY d.id LIMIT $2",
            dw_catalog_disc_columns);
    }
    return TRUE;
}

/* Run one query of the plan into out (under the lock). */
static gboolean run_query(dw_catalog *cat, const char *sql, int64_t after, int64_t want, const char *a3,
                          const char *a4, GPtrArray *out, GError **error)
{
    dw_db_stmt *s = dw_db_prepare(cat->db, sql, error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, after);
    dw_db_bind_int64(s, 2, want);
    if (a3)
        dw_db_bind_text(s, 3, a3);
    if (a4)
        dw_db_bind_text(s, 4, a4);
    int r;
    while ((r = dw_db_step(s, error)) == 1)
        g_ptr_array_add(out, dw_catalog_disc_from_row(s));
    dw_db_stmt_free(s);
    return r == 0;
}

static gint by_id(gconstpointer a, gconstpointer b)
{
    const dw_catalog_disc *x = *(dw_catalog_disc *const *)a, *y = *(dw_catalog_disc *const *)b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* One page: the first `want` discs after `after` that any query finds. */
static gboolean fetch_page(dw_catalog *cat, const search_plan *p, int64_t after, int64_t want, GPtrArray *page,
                           GError **error)
{
    g_mutex_lock(&cat->lock);
    gboolean ok = TRUE;
    if (p->all_sql)
        ok = run_query(cat, p->all_sql, after, want, NULL, NULL, page, error);
    if (ok && p->word_sql)
        ok = run_query(cat, p->word_sql, after, want, p->words, NULL, page, error);
    if (ok && p->id_sql)
        ok = run_query(cat, p->id_sql, after, want, p->id, p->raw_id, page, error);
    g_mutex_unlock(&cat->lock);
    if (!ok || (!p->word_sql || !p->id_sql))
        return ok;
    g_ptr_array_sort(page, by_id);
    for (guint i = 1; i < page->len;) {
        const dw_catalog_disc *a = g_ptr_array_index(page, i - 1), *b = g_ptr_array_index(page, i);
        if (a->id == b->id)
            g_ptr_array_remove_index(page, i);
        else
            i++;
    }
    if ((int64_t)page->len > want)
        g_ptr_array_set_size(page, (guint)want);
    return TRUE;
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
        /* A short page means no query has more (a merged one is cut to want). */
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
