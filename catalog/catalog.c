/* catalog.c: opening a catalog (an SQLite file, created with its folder
 * when missing, or a PostgreSQL URI), the write-transaction helper that
 * retries when another writer holds the database, and small helpers. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"

int64_t dw_catalog_now(void)
{
    return (int64_t)time(NULL);
}

const char *dw_catalog_station(void)
{
    return g_get_host_name();
}

char *dw_catalog_clip(const char *s, size_t max)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (n <= max)
        return g_utf8_make_valid(s, -1);
    const char *end = s + max;
    while (end > s && ((unsigned char)*end & 0xC0) == 0x80)
        end--;
    return g_utf8_make_valid(s, end - s);
}

char *dw_catalog_default_location(void)
{
    return g_build_filename(g_get_user_data_dir(), "discwright", "catalog.sqlite", NULL);
}

static gboolean is_pg_uri(const char *loc)
{
    return g_str_has_prefix(loc, "postgresql://") || g_str_has_prefix(loc, "postgres://");
}

static dw_catalog *open_max(const char *location, int max_version, GError **error)
{
    g_autofree char *dflt = NULL;
    if (!location || !*location)
        location = dflt = dw_catalog_default_location();
    dw_db *db;
    if (is_pg_uri(location)) {
        db = dw_db_open_pg(location, error);
    } else {
        g_autofree char *dir = g_path_get_dirname(location);
        if (g_mkdir_with_parents(dir, 0755) != 0) {
            int e = errno;
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "catalog %s: cannot create %s: %s", location, dir,
                        g_strerror(e));
            return NULL;
        }
        db = dw_db_open_sqlite(location, error);
    }
    if (!db)
        return NULL;
    dw_catalog *cat = g_new0(dw_catalog, 1);
    g_mutex_init(&cat->lock);
    cat->db = db;
    cat->location = g_strdup(db->where);
    if (!dw_catalog_migrate(cat, max_version, error)) {
        dw_catalog_free(cat);
        return NULL;
    }
    return cat;
}

dw_catalog *dw_catalog_open(const char *location, GError **error)
{
    /* DW_CATALOG_SCHEMA_MAX (tests of the migrations only): stop at an
     * older schema version, as an older discwright would have left it. */
    const char *max = g_getenv("DW_CATALOG_SCHEMA_MAX");
    int mv = max && *max ? (int)g_ascii_strtoll(max, NULL, 10) : 0;
    return open_max(location, mv, error);
}

void dw_catalog_free(dw_catalog *cat)
{
    if (!cat)
        return;
    dw_db_close(cat->db);
    g_mutex_clear(&cat->lock);
    g_free(cat->location);
    g_free(cat);
}

const char *dw_catalog_backend(const dw_catalog *cat)
{
    return cat->db->kind == DW_DB_SQLITE ? "sqlite" : "postgresql";
}

const char *dw_catalog_location(const dw_catalog *cat)
{
    return cat->location;
}

gboolean dw_catalog_counts(dw_catalog *cat, int64_t *discs, int64_t *files, int64_t *bytes, GError **error)
{
    g_mutex_lock(&cat->lock);
    gboolean ok = dw_db_scalar(cat->db, "SELECT count(*) FROM discs", discs, error);
    dw_db_stmt *s = ok ? dw_db_prepare(cat->db, "SELECT count(*), coalesce(sum(size), 0) FROM files", error) : NULL;
    ok = s && dw_db_step(s, error) == 1;
    if (ok) {
        *files = dw_db_col_int64(s, 0);
        *bytes = dw_db_col_int64(s, 1);
    }
    dw_db_stmt_free(s);
    g_mutex_unlock(&cat->lock);
    return ok;
}

int dw_catalog_schema_version(const dw_catalog *cat)
{
    return cat->version;
}

gboolean dw_catalog_write_tx(dw_catalog *cat, dw_catalog_tx_fn body, void *user, GError **error)
{
    for (int attempt = 0;; attempt++) {
        GError *e = NULL;
        if (dw_db_begin(cat->db, TRUE, &e) && body(cat, user, &e) && dw_db_commit(cat->db, &e))
            return TRUE;
        dw_db_rollback(cat->db);
        if (attempt < 8 && dw_db_error_retryable(e)) {
            g_error_free(e);
            g_usleep(20000 * (gulong)(attempt + 1) + (gulong)g_random_int_range(0, 20000));
            continue;
        }
        g_propagate_error(error, e);
        return FALSE;
    }
}

gboolean dw_catalog_event_add(dw_catalog *cat, int64_t disc_id, int64_t at, const char *what, const char *detail,
                              GError **error)
{
    g_autoptr(dw_db_stmt) s =
        dw_db_prepare(cat->db, "INSERT INTO events (disc_id, at, what, detail) VALUES ($1, $2, $3, $4)", error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, disc_id);
    dw_db_bind_int64(s, 2, at);
    dw_db_bind_text(s, 3, what);
    dw_db_bind_text(s, 4, detail);
    return dw_db_step(s, error) == 0;
}
