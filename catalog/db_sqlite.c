/* db_sqlite.c: the SQLite backend of db.h.  The catalog file is opened
 * in WAL mode (readers never wait for the writer), with foreign keys
 * enforced, synchronous=FULL (a committed add survives a power cut, not
 * only a killed process) and a busy timeout long enough for another
 * process's add to finish; a 32 MiB page cache keeps a large
 * transaction (a batch of adds, a fixity page) from spilling.
 * Parameters $1..$n are bound by name. */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "catalog/db.h"
#include "discwright/error.h"

#define BUSY_TIMEOUT_MS 60000

typedef struct {
    dw_db base;
    sqlite3 *h;
} lite_db;

typedef struct {
    const dw_db_ops *ops;
    lite_db *db;
    sqlite3_stmt *st;
    gboolean done;
} lite_stmt;

static void set_err(lite_db *d, int rc, GError **error, const char *what)
{
    int code = DW_ERROR_FAILED;
    int prim = rc & 0xFF;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        code = DW_ERROR_BUSY;
    else if (prim == SQLITE_CANTOPEN || prim == SQLITE_PERM || prim == SQLITE_READONLY)
        code = DW_ERROR_IO;
    else if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
        code = DW_ERROR_PARSE;
    else if (prim == SQLITE_IOERR || prim == SQLITE_FULL)
        code = DW_ERROR_IO;
    g_set_error(error, DW_ERROR, code, "catalog %s: %s: %s", d->base.where, what,
                d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
}

static void lite_close(dw_db *db)
{
    lite_db *d = (lite_db *)db;
    if (d->h)
        sqlite3_close_v2(d->h);
    g_free(d->base.where);
    g_free(d);
}

static gboolean lite_exec(dw_db *db, const char *sql, GError **error)
{
    lite_db *d = (lite_db *)db;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        set_err(d, sqlite3_extended_errcode(d->h), error, "SQL failed");
        return FALSE;
    }
    return TRUE;
}

static const dw_db_ops lite_ops;

static dw_db_stmt *lite_prepare(dw_db *db, const char *sql, GError **error)
{
    lite_db *d = (lite_db *)db;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(d->h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        set_err(d, rc, error, "cannot prepare a statement");
        return NULL;
    }
    lite_stmt *s = g_new0(lite_stmt, 1);
    s->ops = &lite_ops;
    s->db = d;
    s->st = st;
    return (dw_db_stmt *)s;
}

static int param_index(lite_stmt *s, int i)
{
    char name[16];
    g_snprintf(name, sizeof name, "$%d", i);
    return sqlite3_bind_parameter_index(s->st, name);
}

static void lite_bind_text(dw_db_stmt *st, int i, const char *v)
{
    lite_stmt *s = (lite_stmt *)st;
    int k = param_index(s, i);
    if (k > 0)
        sqlite3_bind_text(s->st, k, v, -1, SQLITE_TRANSIENT);
}

static void lite_bind_int64(dw_db_stmt *st, int i, int64_t v)
{
    lite_stmt *s = (lite_stmt *)st;
    int k = param_index(s, i);
    if (k > 0)
        sqlite3_bind_int64(s->st, k, v);
}

static void lite_bind_null(dw_db_stmt *st, int i)
{
    lite_stmt *s = (lite_stmt *)st;
    int k = param_index(s, i);
    if (k > 0)
        sqlite3_bind_null(s->st, k);
}

static int lite_step(dw_db_stmt *st, GError **error)
{
    lite_stmt *s = (lite_stmt *)st;
    if (s->done)
        return 0;
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        s->done = TRUE;
        return 0;
    }
    set_err(s->db, sqlite3_extended_errcode(s->db->h), error, "SQL failed");
    sqlite3_reset(s->st);
    s->done = TRUE;
    return -1;
}

static const char *lite_col_text(dw_db_stmt *st, int col)
{
    lite_stmt *s = (lite_stmt *)st;
    if (sqlite3_column_type(s->st, col) == SQLITE_NULL)
        return NULL;
    return (const char *)sqlite3_column_text(s->st, col);
}

static int64_t lite_col_int64(dw_db_stmt *st, int col)
{
    lite_stmt *s = (lite_stmt *)st;
    return sqlite3_column_int64(s->st, col);
}

static void lite_reset(dw_db_stmt *st)
{
    lite_stmt *s = (lite_stmt *)st;
    sqlite3_reset(s->st);
    s->done = FALSE;
}

static void lite_stmt_free(dw_db_stmt *st)
{
    lite_stmt *s = (lite_stmt *)st;
    sqlite3_finalize(s->st);
    g_free(s);
}

static const dw_db_ops lite_ops = {
    lite_close, lite_exec, lite_prepare, lite_bind_text, lite_bind_int64, lite_bind_null,
    lite_step, lite_col_text, lite_col_int64, lite_reset, lite_stmt_free,
};

dw_db *dw_db_open_sqlite(const char *path, GError **error)
{
    lite_db *d = g_new0(lite_db, 1);
    d->base.ops = &lite_ops;
    d->base.kind = DW_DB_SQLITE;
    d->base.where = g_strdup(path);
    int rc = sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        set_err(d, rc, error, "cannot open");
        lite_close(&d->base);
        return NULL;
    }
    sqlite3_extended_result_codes(d->h, 1);
    sqlite3_busy_timeout(d->h, BUSY_TIMEOUT_MS);
    /* journal_mode answers with a row; WAL sticks to the file once set. */
    if (!lite_exec(&d->base, "PRAGMA journal_mode=WAL", error) ||
        !lite_exec(&d->base, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768", error)) {
        lite_close(&d->base);
        return NULL;
    }
    return &d->base;
}
