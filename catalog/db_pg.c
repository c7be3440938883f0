/* db_pg.c: the PostgreSQL backend of db.h, through libpq.  A statement
 * keeps its SQL and its parameters as text; the first step runs it with
 * PQexecParams and the rows are read from the result.  Queries that may
 * return many rows are paged by the catalog (LIMIT), so a result never
 * holds more than a page.  Serialization failures and deadlocks (SQLSTATE
 * 40001, 40P01) and lock timeouts (55P03) are DW_ERROR_BUSY: retryable. */
#include "config.h"

#include <string.h>

#include "catalog/db.h"
#include "discwright/error.h"

#ifdef HAVE_LIBPQ
#include <libpq-fe.h>

#define MAX_PARAMS 64

typedef struct {
    dw_db base;
    PGconn *conn;
} pg_db;

typedef struct {
    const dw_db_ops *ops;
    pg_db *db;
    char *sql;
    int n_params;
    char *values[MAX_PARAMS];
    gboolean is_null[MAX_PARAMS];
    PGresult *res;
    int row, rows;
    gboolean ran;
} pg_stmt;

static void set_err_res(pg_db *d, const PGresult *res, GError **error)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    int code = DW_ERROR_FAILED;
    if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
        code = DW_ERROR_BUSY;
    else if (!res || PQstatus(d->conn) != CONNECTION_OK)
        code = DW_ERROR_IO;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(d->conn);
    g_autofree char *m = g_strstrip(g_strdup(msg && *msg ? msg : "unknown error"));
    g_set_error(error, DW_ERROR, code, "catalog %s: %s", d->base.where, m);
}

static void pg_close(dw_db *db)
{
    pg_db *d = (pg_db *)db;
    if (d->conn)
        PQfinish(d->conn);
    g_free(d->base.where);
    g_free(d);
}

static gboolean pg_exec(dw_db *db, const char *sql, GError **error)
{
    pg_db *d = (pg_db *)db;
    PGresult *r = PQexec(d->conn, sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    gboolean ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        set_err_res(d, r, error);
    PQclear(r);
    return ok;
}

static const dw_db_ops pg_ops;

/* The highest $n in the text (outside quotes is good enough: the
 * catalog's SQL has no '$' in literals). */
static int count_params(const char *sql)
{
    int n = 0;
    for (const char *p = sql; *p; p++)
        if (*p == '$' && g_ascii_isdigit(p[1])) {
            int v = (int)g_ascii_strtoll(p + 1, NULL, 10);
            if (v > n)
                n = v;
        }
    return n;
}

static dw_db_stmt *pg_prepare(dw_db *db, const char *sql, GError **error)
{
    int n = count_params(sql);
    if (n > MAX_PARAMS) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "catalog: a statement with %d parameters", n);
        return NULL;
    }
    pg_stmt *s = g_new0(pg_stmt, 1);
    s->ops = &pg_ops;
    s->db = (pg_db *)db;
    s->sql = g_strdup(sql);
    s->n_params = n;
    for (int i = 0; i < n; i++)
        s->is_null[i] = TRUE;
    return (dw_db_stmt *)s;
}

static void clear_result(pg_stmt *s)
{
    if (s->res)
        PQclear(s->res);
    s->res = NULL;
    s->row = s->rows = 0;
    s->ran = FALSE;
}

static void set_param(pg_stmt *s, int i, char *v)
{
    if (i < 1 || i > s->n_params) {
        g_free(v);
        return;
    }
    g_free(s->values[i - 1]);
    s->values[i - 1] = v;
    s->is_null[i - 1] = v == NULL;
}

static void pg_bind_text(dw_db_stmt *st, int i, const char *v)
{
    set_param((pg_stmt *)st, i, g_strdup(v));
}

static void pg_bind_int64(dw_db_stmt *st, int i, int64_t v)
{
    set_param((pg_stmt *)st, i, g_strdup_printf("%" G_GINT64_FORMAT, v));
}

static void pg_bind_null(dw_db_stmt *st, int i)
{
    set_param((pg_stmt *)st, i, NULL);
}

static int pg_step(dw_db_stmt *st, GError **error)
{
    pg_stmt *s = (pg_stmt *)st;
    if (!s->ran) {
        const char *vals[MAX_PARAMS];
        for (int i = 0; i < s->n_params; i++)
            vals[i] = s->is_null[i] ? NULL : s->values[i];
        s->res = PQexecParams(s->db->conn, s->sql, s->n_params, NULL, vals, NULL, NULL, 0);
        s->ran = TRUE;
        ExecStatusType rs = s->res ? PQresultStatus(s->res) : PGRES_FATAL_ERROR;
        if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
            set_err_res(s->db, s->res, error);
            PQclear(s->res);
            s->res = NULL;
            return -1;
        }
        s->rows = rs == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
        s->row = -1;
    }
    if (!s->res)
        return 0;
    if (s->row + 1 < s->rows) {
        s->row++;
        return 1;
    }
    return 0;
}

static const char *pg_col_text(dw_db_stmt *st, int col)
{
    pg_stmt *s = (pg_stmt *)st;
    if (!s->res || s->row < 0 || s->row >= s->rows || col >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_col_int64(dw_db_stmt *st, int col)
{
    const char *t = pg_col_text(st, col);
    return t ? g_ascii_strtoll(t, NULL, 10) : 0;
}

static void pg_reset(dw_db_stmt *st)
{
    clear_result((pg_stmt *)st);
}

static void pg_stmt_free(dw_db_stmt *st)
{
    pg_stmt *s = (pg_stmt *)st;
    clear_result(s);
    for (int i = 0; i < s->n_params; i++)
        g_free(s->values[i]);
    g_free(s->sql);
    g_free(s);
}

static const dw_db_ops pg_ops = {
    pg_close, pg_exec, pg_prepare, pg_bind_text, pg_bind_int64, pg_bind_null,
    pg_step, pg_col_text, pg_col_int64, pg_reset, pg_stmt_free,
};

static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The URI for messages, without a password. */
static char *redacted(const char *conninfo)
{
    g_autoptr(GRegex) re = g_regex_new("(://[^:/@]*):[^@/]*@", 0, 0, NULL);
    char *s = re ? g_regex_replace(re, conninfo, -1, 0, "\\1:***@", 0, NULL) : NULL;
    if (!s)
        s = g_strdup(conninfo);
    g_autoptr(GRegex) re2 = g_regex_new("password=[^ &]*", 0, 0, NULL);
    char *t = re2 ? g_regex_replace(re2, s, -1, 0, "password=***", 0, NULL) : NULL;
    if (t) {
        g_free(s);
        s = t;
    }
    return s;
}

dw_db *dw_db_open_pg(const char *conninfo, GError **error)
{
    pg_db *d = g_new0(pg_db, 1);
    d->base.ops = &pg_ops;
    d->base.kind = DW_DB_PG;
    d->base.where = redacted(conninfo);
    d->conn = PQconnectdb(conninfo);
    if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
        g_autofree char *m = g_strstrip(g_strdup(d->conn ? PQerrorMessage(d->conn) : "out of memory"));
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "catalog %s: cannot connect: %s", d->base.where, m);
        pg_close(&d->base);
        return NULL;
    }
    PQsetNoticeProcessor(d->conn, quiet_notice, NULL);
    if (!pg_exec(&d->base, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", error)) {
        pg_close(&d->base);
        return NULL;
    }
    return &d->base;
}

#else

dw_db *dw_db_open_pg(const char *conninfo, GError **error)
{
    (void)conninfo;
    g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                "this discwright was built without PostgreSQL support (libpq)");
    return NULL;
}

#endif
