/* db.c: the backend-neutral half of db.h: dispatch through the ops
 * table, transactions, and telling retryable failures apart. */
#include "config.h"

#include <string.h>

#include "catalog/db.h"
#include "discwright/error.h"

void dw_db_close(dw_db *db)
{
    if (db)
        db->ops->close(db);
}

gboolean dw_db_exec(dw_db *db, const char *sql, GError **error)
{
    return db->ops->exec(db, sql, error);
}

dw_db_stmt *dw_db_prepare(dw_db *db, const char *sql, GError **error)
{
    return db->ops->prepare(db, sql, error);
}

/* Every statement starts with a pointer to its connection's ops. */
typedef struct {
    const dw_db_ops *ops;
} stmt_head;

#define OPS(s) (((stmt_head *)(s))->ops)

void dw_db_bind_text(dw_db_stmt *s, int i, const char *v)
{
    if (!v)
        OPS(s)->bind_null(s, i);
    else
        OPS(s)->bind_text(s, i, v);
}

void dw_db_bind_int64(dw_db_stmt *s, int i, int64_t v)
{
    OPS(s)->bind_int64(s, i, v);
}

void dw_db_bind_null(dw_db_stmt *s, int i)
{
    OPS(s)->bind_null(s, i);
}

int dw_db_step(dw_db_stmt *s, GError **error)
{
    return OPS(s)->step(s, error);
}

const char *dw_db_col_text(dw_db_stmt *s, int col)
{
    return OPS(s)->col_text(s, col);
}

int64_t dw_db_col_int64(dw_db_stmt *s, int col)
{
    return OPS(s)->col_int64(s, col);
}

void dw_db_reset(dw_db_stmt *s)
{
    OPS(s)->reset(s);
}

void dw_db_stmt_free(dw_db_stmt *s)
{
    if (s)
        OPS(s)->stmt_free(s);
}

gboolean dw_db_scalar(dw_db *db, const char *sql, int64_t *first, GError **error)
{
    dw_db_stmt *s = dw_db_prepare(db, sql, error);
    if (!s)
        return FALSE;
    if (first)
        *first = 0;
    int r;
    gboolean got = FALSE;
    while ((r = dw_db_step(s, error)) == 1)
        if (!got && first) {
            *first = dw_db_col_int64(s, 0);
            got = TRUE;
        }
    dw_db_stmt_free(s);
    return r == 0;
}

gboolean dw_db_begin(dw_db *db, gboolean write, GError **error)
{
    const char *sql = db->kind == DW_DB_SQLITE && write ? "BEGIN IMMEDIATE" : "BEGIN";
    if (!dw_db_exec(db, sql, error))
        return FALSE;
    db->in_tx = 1;
    return TRUE;
}

gboolean dw_db_commit(dw_db *db, GError **error)
{
    gboolean ok = dw_db_exec(db, "COMMIT", error);
    if (ok)
        db->in_tx = 0;
    return ok;
}

void dw_db_rollback(dw_db *db)
{
    if (!db->in_tx)
        return;
    GError *e = NULL;
    if (!dw_db_exec(db, "ROLLBACK", &e))
        g_error_free(e);
    db->in_tx = 0;
}

gboolean dw_db_error_retryable(const GError *error)
{
    return error && error->domain == DW_ERROR && error->code == DW_ERROR_BUSY;
}
