/* dat.c: `catalog dat import FILE`.  A redump or No-Intro DAT (the XML
 * datafile verify reads: verify/hashlist.c) lists per game the files of
 * a good dump with their sizes and hashes.  A game confirms a disc when
 * its image files (every rom but cue sheets, whose text depends on the
 * file names chosen) and the disc's own files of those kinds (.bin for
 * a redump CD, .iso for a DVD) pair up one to one by SHA-1, else MD5,
 * else CRC32 with the size.  The matching reads run outside a
 * transaction; the DAT, its confirmations and an event per disc are
 * then written in one. */
#include "config.h"

#include <string.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"
#include "discwright/hash.h"
#include "discwright/verify.h"

typedef struct {
    int64_t disc_id;
    const char *game;            /* borrowed from the hash list */
    int roms;
} dat_match;

static const char *ext_of(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');
    return dot ? dot + 1 : "";
}

static gboolean is_sheet(const char *name)
{
    return !g_ascii_strcasecmp(ext_of(name), "cue");
}

/* Discs with a file matching e (at most a few hundred). */
static gboolean discs_with(dw_catalog *cat, const dw_hash_entry *e, GArray *out, GError **error)
{
    const char *sql;
    const char *key;
    if (e->kinds & DW_HASH_SHA1) {
        sql = "SELECT DISTINCT disc_id FROM files WHERE sha1 = $1 AND (size = $2 OR $2 < 0) LIMIT 1000";
        key = e->sha1;
    } else if (e->kinds & DW_HASH_MD5) {
        sql = "SELECT DISTINCT disc_id FROM files WHERE md5 = $1 AND (size = $2 OR $2 < 0) LIMIT 1000";
        key = e->md5;
    } else if ((e->kinds & DW_HASH_CRC32) && e->size >= 0) {
        sql = "SELECT DISTINCT disc_id FROM files WHERE crc32 = $1 AND size = $2 LIMIT 1000";
        key = e->crc32;
    } else
        return TRUE;             /* nothing to match by */
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db, sql, error);
    if (!s)
        return FALSE;
    dw_db_bind_text(s, 1, key);
    dw_db_bind_int64(s, 2, e->size);
    int r;
    while ((r = dw_db_step(s, error)) == 1) {
        int64_t id = dw_db_col_int64(s, 0);
        g_array_append_val(out, id);
    }
    return r == 0;
}

/* The disc's output files with one of the extensions: how many. */
static gboolean count_kind(dw_catalog *cat, int64_t disc, GHashTable *exts, int *n, GError **error)
{
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db, "SELECT name FROM files WHERE disc_id = $1 AND role = 'output'",
                                            error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, disc);
    *n = 0;
    int r;
    while ((r = dw_db_step(s, error)) == 1) {
        g_autofree char *e = g_ascii_strdown(ext_of(dw_db_col_text(s, 0)), -1);
        if (g_hash_table_contains(exts, e))
            (*n)++;
    }
    return r == 0;
}

static gboolean match_game(dw_catalog *cat, const char *game, GPtrArray *roms, GArray *matches, GError **error)
{
    GHashTable *count = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    GHashTable *exts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int n_images = 0;
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < roms->len; i++) {
        const dw_hash_entry *e = g_ptr_array_index(roms, i);
        if (is_sheet(e->name))
            continue;
        n_images++;
        g_hash_table_add(exts, g_ascii_strdown(ext_of(e->name), -1));
        GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
        ok = discs_with(cat, e, ids, error);
        for (guint k = 0; ok && k < ids->len; k++) {
            int64_t id = g_array_index(ids, int64_t, k);
            gpointer old = g_hash_table_lookup(count, &id);
            int64_t *key = g_new(int64_t, 1);
            *key = id;
            g_hash_table_replace(count, key, GINT_TO_POINTER(GPOINTER_TO_INT(old) + 1));
        }
        g_array_free(ids, TRUE);
    }
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, count);
    while (ok && n_images > 0 && g_hash_table_iter_next(&it, &k, &v)) {
        if (GPOINTER_TO_INT(v) != n_images)
            continue;
        int have = 0;
        int64_t disc = *(int64_t *)k;
        ok = count_kind(cat, disc, exts, &have, error);
        if (ok && have == n_images) {
            dat_match m = { disc, game, n_images };
            g_array_append_val(matches, m);
        }
    }
    g_hash_table_destroy(count);
    g_hash_table_destroy(exts);
    return ok;
}

typedef struct {
    const char *name, *path;
    int64_t games, roms;
    GArray *matches;
    dw_catalog_dat_result *res;
} import_ctx;

static gboolean import_body(dw_catalog *cat, void *user, GError **error)
{
    import_ctx *c = user;
    int64_t now = dw_catalog_now();
    c->res->discs_new = 0;
    g_autoptr(dw_db_stmt) d = dw_db_prepare(cat->db,
                                            "INSERT INTO dats (name, path, imported_at, games, roms) VALUES ($1, $2, $3,"
                                            " $4, $5) RETURNING id",
                                            error);
    if (!d)
        return FALSE;
    dw_db_bind_text(d, 1, c->name);
    dw_db_bind_text(d, 2, c->path);
    dw_db_bind_int64(d, 3, now);
    dw_db_bind_int64(d, 4, c->games);
    dw_db_bind_int64(d, 5, c->roms);
    if (dw_db_step(d, error) != 1)
        return FALSE;
    int64_t dat_id = dw_db_col_int64(d, 0);
    g_autoptr(dw_db_stmt) before = dw_db_prepare(cat->db,
                                                 "SELECT count(*) FROM dat_matches m JOIN dats t ON t.id = m.dat_id"
                                                 " WHERE m.disc_id = $1 AND t.name = $2 AND m.game = $3",
                                                 error);
    g_autoptr(dw_db_stmt) ins = dw_db_prepare(cat->db,
                                              "INSERT INTO dat_matches (disc_id, dat_id, game, matched_at, roms) VALUES"
                                              " ($1, $2, $3, $4, $5) ON CONFLICT (disc_id, dat_id, game) DO NOTHING",
                                              error);
    g_autoptr(dw_db_stmt) up = dw_db_prepare(cat->db,
                                             "UPDATE discs SET dat_name = $1, dat_game = $2, dat_at = $3 WHERE id = $4",
                                             error);
    if (!before || !ins || !up)
        return FALSE;
    for (guint i = 0; i < c->matches->len; i++) {
        const dat_match *m = &g_array_index(c->matches, dat_match, i);
        dw_db_reset(before);
        dw_db_bind_int64(before, 1, m->disc_id);
        dw_db_bind_text(before, 2, c->name);
        dw_db_bind_text(before, 3, m->game);
        if (dw_db_step(before, error) != 1)
            return FALSE;
        gboolean seen = dw_db_col_int64(before, 0) > 0;
        dw_db_reset(ins);
        dw_db_bind_int64(ins, 1, m->disc_id);
        dw_db_bind_int64(ins, 2, dat_id);
        dw_db_bind_text(ins, 3, m->game);
        dw_db_bind_int64(ins, 4, now);
        dw_db_bind_int64(ins, 5, m->roms);
        if (dw_db_step(ins, error) < 0)
            return FALSE;
        dw_db_reset(up);
        dw_db_bind_text(up, 1, c->name);
        dw_db_bind_text(up, 2, m->game);
        dw_db_bind_int64(up, 3, now);
        dw_db_bind_int64(up, 4, m->disc_id);
        if (dw_db_step(up, error) < 0)
            return FALSE;
        g_autofree char *detail = g_strdup_printf("confirmed by the DAT \"%s\": game \"%s\", %d image files", c->name,
                                                  m->game, m->roms);
        if (!dw_catalog_event_add(cat, m->disc_id, now, "dat", detail, error))
            return FALSE;
        if (!seen)
            c->res->discs_new++;
    }
    return TRUE;
}

gboolean dw_catalog_dat_import(dw_catalog *cat, const char *path, dw_catalog_dat_result *result, GError **error)
{
    dw_catalog_dat_result local;
    if (!result)
        result = &local;
    memset(result, 0, sizeof *result);
    g_autoptr(dw_hashlist) l = dw_hashlist_read_file(path, error);
    if (!l)
        return FALSE;
    if (l->kind != DW_HASHLIST_DAT) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: not a DAT (an XML datafile of games and roms)", path);
        return FALSE;
    }
    /* Roms by game, in the DAT's order. */
    GHashTable *by_game = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
    GPtrArray *order = g_ptr_array_new();
    for (guint i = 0; i < l->entries->len; i++) {
        dw_hash_entry *e = g_ptr_array_index(l->entries, i);
        const char *g = e->game ? e->game : "";
        GPtrArray *roms = g_hash_table_lookup(by_game, g);
        if (!roms) {
            roms = g_ptr_array_new();
            g_hash_table_insert(by_game, (gpointer)g, roms);
            g_ptr_array_add(order, (gpointer)g);
        }
        g_ptr_array_add(roms, e);
    }
    result->games = order->len;
    result->roms = l->entries->len;
    GArray *matches = g_array_new(FALSE, FALSE, sizeof(dat_match));
    gboolean ok = TRUE;
    g_mutex_lock(&cat->lock);
    for (guint i = 0; ok && i < order->len; i++) {
        const char *g = g_ptr_array_index(order, i);
        ok = match_game(cat, g, g_hash_table_lookup(by_game, g), matches, error);
    }
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *abs = g_canonicalize_filename(path, NULL);
    import_ctx c = { l->dat_name && *l->dat_name ? l->dat_name : base, abs, result->games, result->roms, matches,
                     result };
    if (ok)
        ok = dw_catalog_write_tx(cat, import_body, &c, error);
    g_mutex_unlock(&cat->lock);
    if (ok) {
        /* One disc may match two games of a DAT: count discs. */
        GHashTable *discs = g_hash_table_new(g_int64_hash, g_int64_equal);
        for (guint i = 0; i < matches->len; i++)
            g_hash_table_add(discs, &g_array_index(matches, dat_match, i).disc_id);
        result->discs_matched = g_hash_table_size(discs);
        g_hash_table_destroy(discs);
    }
    g_array_free(matches, TRUE);
    g_ptr_array_free(order, TRUE);
    g_hash_table_destroy(by_game);
    return ok;
}
