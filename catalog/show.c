/* show.c: one disc in full (dw_catalog_get: its files, tracks and log),
 * its history (events and every fixity check, oldest first), and the
 * groups of discs that belong together (duplicates: equal fingerprints;
 * pressings: the same album by MCN, CD-TEXT or label, other layout). */
#include "config.h"

#include <string.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"

static gboolean all_digits(const char *s)
{
    if (!*s || strlen(s) > 18)
        return FALSE;
    for (; *s; s++)
        if (!g_ascii_isdigit(*s))
            return FALSE;
    return TRUE;
}

static gboolean all_hex(const char *s)
{
    for (; *s; s++)
        if (!g_ascii_isxdigit(*s))
            return FALSE;
    return TRUE;
}

/* The ids of discs matching where (one $1 text parameter); at most 2. */
static gboolean find_ids(dw_catalog *cat, const char *where, const char *arg, int64_t ids[2], int *n,
                         GError **error)
{
    g_autofree char *sql = g_strdup_printf("SELECT id FROM discs WHERE %s ORDER BY id LIMIT 2", where);
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db, sql, error);
    if (!s)
        return FALSE;
    dw_db_bind_text(s, 1, arg);
    *n = 0;
    int r;
    while ((r = dw_db_step(s, error)) == 1)
        ids[(*n)++] = dw_db_col_int64(s, 0);
    return r == 0;
}

static gboolean load_details(dw_catalog *cat, dw_catalog_disc *d, GError **error)
{
    g_autoptr(dw_db_stmt) f = dw_db_prepare(cat->db,
                                            "SELECT id, name, role, size, crc32, md5, sha1, sha256, last_checked,"
                                            " last_status FROM files WHERE disc_id = $1 ORDER BY name",
                                            error);
    if (!f)
        return FALSE;
    dw_db_bind_int64(f, 1, d->id);
    int r;
    while ((r = dw_db_step(f, error)) == 1) {
        dw_catalog_file *x = dw_catalog_file_new(dw_db_col_text(f, 1), dw_db_col_text(f, 2));
        x->id = dw_db_col_int64(f, 0);
        x->size = dw_db_col_int64(f, 3);
        const char *h;
        if ((h = dw_db_col_text(f, 4)))
            g_strlcpy(x->crc32, h, sizeof x->crc32);
        if ((h = dw_db_col_text(f, 5)))
            g_strlcpy(x->md5, h, sizeof x->md5);
        if ((h = dw_db_col_text(f, 6)))
            g_strlcpy(x->sha1, h, sizeof x->sha1);
        if ((h = dw_db_col_text(f, 7)))
            g_strlcpy(x->sha256, h, sizeof x->sha256);
        x->last_checked = dw_db_col_int64(f, 8);
        g_free(x->last_status);
        x->last_status = g_strdup(dw_db_col_text(f, 9));
        g_ptr_array_add(d->files, x);
    }
    if (r < 0)
        return FALSE;
    g_autoptr(dw_db_stmt) t = dw_db_prepare(cat->db,
                                            "SELECT number, session, mode, control, start_lba, pregap, length, isrc,"
                                            " bad_sectors, accuraterip, ar_confidence, ar_total, ctdb, ctdb_confidence,"
                                            " ctdb_total, tested, test_crc, copy_crc"
                                            " FROM tracks WHERE disc_id = $1 ORDER BY number",
                                            error);
    if (!t)
        return FALSE;
    dw_db_bind_int64(t, 1, d->id);
    while ((r = dw_db_step(t, error)) == 1) {
        dw_catalog_track *x = g_new0(dw_catalog_track, 1);
        x->number = (int)dw_db_col_int64(t, 0);
        x->session = (int)dw_db_col_int64(t, 1);
        x->mode = g_strdup(dw_db_col_text(t, 2));
        x->control = (int)dw_db_col_int64(t, 3);
        x->start = (int32_t)dw_db_col_int64(t, 4);
        x->pregap = (int32_t)dw_db_col_int64(t, 5);
        x->length = (int32_t)dw_db_col_int64(t, 6);
        const char *isrc = dw_db_col_text(t, 7);
        if (isrc)
            g_strlcpy(x->isrc, isrc, sizeof x->isrc);
        x->bad_sectors = dw_db_col_int64(t, 8);
        const char *v;
        g_strlcpy(x->accuraterip, (v = dw_db_col_text(t, 9)) ? v : "unknown", sizeof x->accuraterip);
        x->ar_confidence = (int)dw_db_col_int64(t, 10);
        x->ar_total = (int)dw_db_col_int64(t, 11);
        g_strlcpy(x->ctdb, (v = dw_db_col_text(t, 12)) ? v : "unknown", sizeof x->ctdb);
        x->ctdb_confidence = (int)dw_db_col_int64(t, 13);
        x->ctdb_total = (int)dw_db_col_int64(t, 14);
        x->tested = dw_db_col_int64(t, 15) != 0;
        if ((v = dw_db_col_text(t, 16)))
            g_strlcpy(x->test_crc, v, sizeof x->test_crc);
        if ((v = dw_db_col_text(t, 17)))
            g_strlcpy(x->copy_crc, v, sizeof x->copy_crc);
        g_ptr_array_add(d->track_list, x);
    }
    if (r < 0)
        return FALSE;
    g_autoptr(dw_db_stmt) l = dw_db_prepare(cat->db, "SELECT text FROM logs WHERE disc_id = $1", error);
    if (!l)
        return FALSE;
    dw_db_bind_int64(l, 1, d->id);
    if ((r = dw_db_step(l, error)) == 1) {
        g_free(d->log);
        d->log = g_strdup(dw_db_col_text(l, 0));
    }
    return r >= 0;
}

static dw_catalog_disc *get_by_id(dw_catalog *cat, int64_t id, GError **error)
{
    g_autofree char *sql = g_strdup_printf("SELECT %s FROM discs d WHERE d.id = $1", dw_catalog_disc_columns);
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db, sql, error);
    if (!s)
        return NULL;
    dw_db_bind_int64(s, 1, id);
    int r = dw_db_step(s, error);
    if (r < 0)
        return NULL;
    if (r == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "catalog: no disc %" G_GINT64_FORMAT, id);
        return NULL;
    }
    g_autoptr(dw_catalog_disc) d = dw_catalog_disc_from_row(s);
    if (!load_details(cat, d, error))
        return NULL;
    return g_steal_pointer(&d);
}

dw_catalog_disc *dw_catalog_get(dw_catalog *cat, const char *ref, GError **error)
{
    g_mutex_lock(&cat->lock);
    dw_catalog_disc *d = NULL;
    int64_t ids[2];
    int n = 0;
    gboolean ok = TRUE;
    if (all_digits(ref)) {
        ids[0] = g_ascii_strtoll(ref, NULL, 10);
        n = 1;
    } else {
        g_autofree char *base = g_canonicalize_filename(ref, NULL);
        ok = find_ids(cat, "base = $1", base, ids, &n, error);
        if (ok && n == 0 && strlen(ref) >= 6 && strlen(ref) <= 40 && all_hex(ref)) {
            g_autofree char *lower = g_ascii_strdown(ref, -1);
            g_autofree char *pat = g_strconcat(lower, "%", NULL);
            ok = find_ids(cat, "fingerprint LIKE $1", pat, ids, &n, error);
            if (ok && n > 1) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                            "catalog: %s names more than one disc (%" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                            ", ...): give the id",
                            ref, ids[0], ids[1]);
                ok = FALSE;
            }
        }
        if (ok && n == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                        "catalog: no disc \"%s\" (give an id, a rip's base path or a fingerprint)", ref);
            ok = FALSE;
        }
    }
    if (ok)
        d = get_by_id(cat, ids[0], error);
    g_mutex_unlock(&cat->lock);
    return d;
}

void dw_catalog_event_free(dw_catalog_event *e)
{
    if (!e)
        return;
    g_free(e->what);
    g_free(e->file);
    g_free(e->status);
    g_free(e->detail);
    g_free(e);
}

GPtrArray *dw_catalog_history(dw_catalog *cat, int64_t disc_id, GError **error)
{
    g_mutex_lock(&cat->lock);
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_event_free);
    dw_db_stmt *s = dw_db_prepare(cat->db,
                                  "SELECT at, what, CAST(NULL AS TEXT), CAST(NULL AS TEXT), detail, id, 0 FROM events"
                                  " WHERE disc_id = $1 UNION ALL SELECT c.checked_at, 'check', f.name, c.status,"
                                  " c.detail, c.id, 1 FROM checks c JOIN files f ON f.id = c.file_id WHERE"
                                  " f.disc_id = $1 ORDER BY 1, 7, 6",
                                  error);
    int r = -1;
    if (s) {
        dw_db_bind_int64(s, 1, disc_id);
        while ((r = dw_db_step(s, error)) == 1) {
            dw_catalog_event *e = g_new0(dw_catalog_event, 1);
            e->at = dw_db_col_int64(s, 0);
            e->what = g_strdup(dw_db_col_text(s, 1));
            e->file = g_strdup(dw_db_col_text(s, 2));
            e->status = g_strdup(dw_db_col_text(s, 3));
            e->detail = g_strdup(dw_db_col_text(s, 4));
            g_ptr_array_add(out, e);
        }
        dw_db_stmt_free(s);
    }
    g_mutex_unlock(&cat->lock);
    if (r < 0) {
        g_ptr_array_unref(out);
        return NULL;
    }
    return out;
}

void dw_catalog_group_free(dw_catalog_group *g)
{
    if (!g)
        return;
    g_free(g->key);
    if (g->discs)
        g_ptr_array_unref(g->discs);
    g_free(g);
}

/* Groups: keys from key_sql (one text column), then the discs whose
 * key_expr equals each key. */
static GPtrArray *groups(dw_catalog *cat, const char *key_sql, const char *key_expr, GError **error)
{
    g_mutex_lock(&cat->lock);
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_group_free);
    gboolean ok = FALSE;
    dw_db_stmt *k = dw_db_prepare(cat->db, key_sql, error);
    if (k) {
        int r;
        while ((r = dw_db_step(k, error)) == 1) {
            dw_catalog_group *g = g_new0(dw_catalog_group, 1);
            g->key = g_strdup(dw_db_col_text(k, 0));
            g->discs = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_disc_free);
            g_ptr_array_add(out, g);
        }
        ok = r == 0;
        dw_db_stmt_free(k);
    }
    g_autofree char *sql =
        g_strdup_printf("SELECT %s FROM discs d WHERE %s = $1 ORDER BY d.id", dw_catalog_disc_columns, key_expr);
    dw_db_stmt *s = ok ? dw_db_prepare(cat->db, sql, error) : NULL;
    ok = s != NULL;
    for (guint i = 0; ok && i < out->len; i++) {
        dw_catalog_group *g = g_ptr_array_index(out, i);
        dw_db_reset(s);
        dw_db_bind_text(s, 1, g->key);
        int r;
        while ((r = dw_db_step(s, error)) == 1)
            g_ptr_array_add(g->discs, dw_catalog_disc_from_row(s));
        ok = r == 0;
    }
    dw_db_stmt_free(s);
    g_mutex_unlock(&cat->lock);
    if (!ok) {
        g_ptr_array_unref(out);
        return NULL;
    }
    return out;
}

GPtrArray *dw_catalog_duplicates(dw_catalog *cat, GError **error)
{
    return groups(cat, "SELECT fingerprint FROM discs GROUP BY fingerprint HAVING count(*) > 1 ORDER BY min(id)",
                  "d.fingerprint", error);
}

#define ALBUM_KEY(t)                                                                                                   \
    "CASE WHEN " t "mcn IS NOT NULL THEN 'mcn:' || " t "mcn WHEN " t "title IS NOT NULL THEN 'cdtext:' || lower(" t  \
    "title) || ' / ' || lower(coalesce(" t "performer, '')) WHEN " t "label IS NOT NULL THEN 'label:' || lower(" t    \
    "label) END"

GPtrArray *dw_catalog_pressings(dw_catalog *cat, GError **error)
{
    return groups(cat,
                  "SELECT k FROM (SELECT " ALBUM_KEY("") " AS k, fingerprint FROM discs) x WHERE k IS NOT NULL"
                  " GROUP BY k HAVING count(DISTINCT fingerprint) > 1 ORDER BY k",
                  "(" ALBUM_KEY("d.") ")", error);
}
