/* db.h: the one SQL interface the catalog speaks, with two backends
 * behind it: SQLite (db_sqlite.c, the default, a file) and PostgreSQL
 * through libpq (db_pg.c, `postgresql://` or `postgres://` URIs).
 *
 * Statements carry numbered parameters $1, $2, ... (both backends take
 * that spelling); values are bound as text, 64-bit integers or NULL and
 * read back the same way, so the catalog's SQL is shared.  Where the
 * dialects differ (identity columns, the search index) schema.c keeps a
 * text per backend.  Errors are GErrors in DW_ERROR; a failure that a
 * retry may cure (SQLite busy after its timeout, a PostgreSQL
 * serialization failure or deadlock) has the code DW_ERROR_BUSY
 * (dw_db_error_retryable()).
 *
 * A dw_db is used by one thread at a time (the catalog serialises);
 * statements belong to their connection and are freed before it.
 */
#ifndef DW_CATALOG_DB_H
#define DW_CATALOG_DB_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum { DW_DB_SQLITE, DW_DB_PG } dw_db_kind;

typedef struct dw_db dw_db;
typedef struct dw_db_stmt dw_db_stmt;

typedef struct {
    void (*close)(dw_db *db);
    gboolean (*exec)(dw_db *db, const char *sql, GError **error);
    dw_db_stmt *(*prepare)(dw_db *db, const char *sql, GError **error);
    void (*bind_text)(dw_db_stmt *s, int i, const char *v);
    void (*bind_int64)(dw_db_stmt *s, int i, int64_t v);
    void (*bind_null)(dw_db_stmt *s, int i);
    int (*step)(dw_db_stmt *s, GError **error);
    const char *(*col_text)(dw_db_stmt *s, int col);
    int64_t (*col_int64)(dw_db_stmt *s, int col);
    void (*reset)(dw_db_stmt *s);
    void (*stmt_free)(dw_db_stmt *s);
} dw_db_ops;

struct dw_db {
    const dw_db_ops *ops;
    dw_db_kind kind;
    char *where;                 /* the path or URI, for messages (password removed) */
    int in_tx;                   /* inside BEGIN ... COMMIT */
};

/* SQLite: creates the file (not its folder) when missing; WAL journal,
 * foreign keys on, a busy timeout. */
dw_db *dw_db_open_sqlite(const char *path, GError **error);
/* PostgreSQL: a libpq connection string or URI.  Fails with
 * DW_ERROR_UNSUPPORTED when built without libpq. */
dw_db *dw_db_open_pg(const char *conninfo, GError **error);
void dw_db_close(dw_db *db);

/* Run statements without parameters or results. */
gboolean dw_db_exec(dw_db *db, const char *sql, GError **error);
dw_db_stmt *dw_db_prepare(dw_db *db, const char *sql, GError **error);
/* Bind parameter $i (1-based); text is copied. */
void dw_db_bind_text(dw_db_stmt *s, int i, const char *v);   /* NULL binds NULL */
void dw_db_bind_int64(dw_db_stmt *s, int i, int64_t v);
void dw_db_bind_null(dw_db_stmt *s, int i);
/* 1: a row is there to read; 0: done; -1: error. */
int dw_db_step(dw_db_stmt *s, GError **error);
/* Column col (0-based) of the current row; text NULL for SQL NULL;
 * the pointer lives until the next step, reset or free. */
const char *dw_db_col_text(dw_db_stmt *s, int col);
int64_t dw_db_col_int64(dw_db_stmt *s, int col);
/* Ready to run again (bindings stay until rebound). */
void dw_db_reset(dw_db_stmt *s);
void dw_db_stmt_free(dw_db_stmt *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_db_stmt, dw_db_stmt_free)

/* One statement without parameters, run to the end: FALSE on error.
 * *first (may be NULL) gets the first column of the first row as an
 * integer (0 when there is no row). */
gboolean dw_db_scalar(dw_db *db, const char *sql, int64_t *first, GError **error);

/* Transactions.  write: take the write lock at once (SQLite BEGIN
 * IMMEDIATE), so two writers queue instead of deadlocking. */
gboolean dw_db_begin(dw_db *db, gboolean write, GError **error);
gboolean dw_db_commit(dw_db *db, GError **error);
void dw_db_rollback(dw_db *db);

gboolean dw_db_error_retryable(const GError *error);

#endif
