/* fixity.c: `catalog verify`.  Files come due oldest check first (never
 * checked ones first of all), in pages of PAGE rows through the
 * (last_checked, id) index, so memory is the same for ten files or two
 * million.  Each file is read once through the one-pass hasher (CRC32,
 * MD5, SHA-1 and SHA-256 together) and compared with what the catalog
 * holds: a missing file, a file of another size or with another hash,
 * and a file that cannot be read to its end are each told apart.  Every
 * check is recorded (a checks row, the file's last status and time) in
 * small batches, so a run that is cancelled, killed or bounded by
 * --limit, bytes or time loses at most a batch and the next run goes on
 * with what is still due.  files.last_run keeps a run from checking a
 * file twice. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"
#include "discwright/hash.h"

#define PAGE 200
#define BATCH_FILES 100
#define BATCH_USEC (2 * G_USEC_PER_SEC)
#define CHUNK (1 << 20)

const char *dw_fixity_status_name(dw_fixity_status s)
{
    switch (s) {
    case DW_FIXITY_OK: return "ok";
    case DW_FIXITY_CHANGED: return "changed";
    case DW_FIXITY_MISSING: return "missing";
    case DW_FIXITY_UNREADABLE: return "unreadable";
    default: return "?";
    }
}

typedef struct {
    int64_t file_id, disc_id;
    dw_fixity_status status;
    char *detail;
} pending_check;

typedef struct {
    dw_catalog *cat;
    const dw_catalog_verify_options *o;
    dw_job *job;
    dw_catalog_verify_result *res;
    int64_t run_id, now_cutoff;
    GArray *batch;               /* pending_check */
    gint64 batch_since;
    uint8_t *buf;
} run_ctx;

static void pending_clear(gpointer p)
{
    g_free(((pending_check *)p)->detail);
}

/* The due condition and its parameters: $1 run id, $2 cutoff (when
 * older_than), $3 disc (when one). */
static char *due_where(const dw_catalog_verify_options *o)
{
    GString *s = g_string_new("f.last_run <> $1");
    if (o->older_than > 0)
        g_string_append(s, " AND f.last_checked < $2");
    if (o->disc_id > 0)
        g_string_append_printf(s, " AND f.disc_id = $%d", o->older_than > 0 ? 3 : 2);
    return g_string_free(s, FALSE);
}

static void bind_due(run_ctx *r, dw_db_stmt *s)
{
    dw_db_bind_int64(s, 1, r->run_id);
    int k = 2;
    if (r->o->older_than > 0)
        dw_db_bind_int64(s, k++, r->now_cutoff);
    if (r->o->disc_id > 0)
        dw_db_bind_int64(s, k, r->o->disc_id);
}

static gboolean count_due(run_ctx *r, int64_t *files, int64_t *bytes, GError **error)
{
    g_autofree char *w = due_where(r->o);
    g_autofree char *sql = g_strdup_printf("SELECT count(*), coalesce(sum(f.size), 0) FROM files f WHERE %s", w);
    g_mutex_lock(&r->cat->lock);
    dw_db_stmt *s = dw_db_prepare(r->cat->db, sql, error);
    int rc = -1;
    if (s) {
        bind_due(r, s);
        rc = dw_db_step(s, error);
        if (rc == 1) {
            *files = dw_db_col_int64(s, 0);
            if (bytes)
                *bytes = dw_db_col_int64(s, 1);
        }
        dw_db_stmt_free(s);
    }
    g_mutex_unlock(&r->cat->lock);
    return rc == 1;
}

typedef struct {
    dw_catalog_disc *disc;       /* id, base */
    dw_catalog_file *file;
} due_file;

static void due_clear(gpointer p)
{
    due_file *d = p;
    dw_catalog_disc_free(d->disc);
    dw_catalog_file_free(d->file);
}

static gboolean next_page(run_ctx *r, GArray *page, GError **error)
{
    g_autofree char *w = due_where(r->o);
    g_autofree char *sql = g_strdup_printf(
        "SELECT f.id, f.disc_id, f.name, f.role, f.size, f.crc32, f.md5, f.sha1, f.sha256, f.last_checked,"
        " f.last_status, d.base, d.label, d.title FROM files f JOIN discs d ON d.id = f.disc_id WHERE %s"
        " ORDER BY f.last_checked, f.last_run, f.id LIMIT %d",
        w, PAGE);
    g_mutex_lock(&r->cat->lock);
    dw_db_stmt *s = dw_db_prepare(r->cat->db, sql, error);
    int rc = -1;
    if (s) {
        bind_due(r, s);
        while ((rc = dw_db_step(s, error)) == 1) {
            due_file x;
            x.file = dw_catalog_file_new(dw_db_col_text(s, 2), dw_db_col_text(s, 3));
            x.file->id = dw_db_col_int64(s, 0);
            x.file->size = dw_db_col_int64(s, 4);
            const char *h;
            if ((h = dw_db_col_text(s, 5)))
                g_strlcpy(x.file->crc32, h, sizeof x.file->crc32);
            if ((h = dw_db_col_text(s, 6)))
                g_strlcpy(x.file->md5, h, sizeof x.file->md5);
            if ((h = dw_db_col_text(s, 7)))
                g_strlcpy(x.file->sha1, h, sizeof x.file->sha1);
            if ((h = dw_db_col_text(s, 8)))
                g_strlcpy(x.file->sha256, h, sizeof x.file->sha256);
            x.file->last_checked = dw_db_col_int64(s, 9);
            g_free(x.file->last_status);
            x.file->last_status = g_strdup(dw_db_col_text(s, 10));
            x.disc = dw_catalog_disc_new();
            x.disc->id = dw_db_col_int64(s, 1);
            x.disc->base = g_strdup(dw_db_col_text(s, 11));
            x.disc->label = g_strdup(dw_db_col_text(s, 12));
            x.disc->title = g_strdup(dw_db_col_text(s, 13));
            g_array_append_val(page, x);
        }
        dw_db_stmt_free(s);
    }
    g_mutex_unlock(&r->cat->lock);
    return rc == 0;
}

static gboolean flush_body(dw_catalog *cat, void *user, GError **error)
{
    run_ctx *r = user;
    g_autoptr(dw_db_stmt) up = dw_db_prepare(cat->db,
                                             "UPDATE files SET last_checked = $1, last_status = $2, last_run = $3"
                                             " WHERE id = $4",
                                             error);
    g_autoptr(dw_db_stmt) ins = up ? dw_db_prepare(cat->db,
                                                   "INSERT INTO checks (file_id, run_id, checked_at, status, detail)"
                                                   " VALUES ($1, $2, $3, $4, $5)",
                                                   error)
                                   : NULL;
    if (!ins)
        return FALSE;
    int64_t now = dw_catalog_now();
    for (guint i = 0; i < r->batch->len; i++) {
        const pending_check *p = &g_array_index(r->batch, pending_check, i);
        const char *st = dw_fixity_status_name(p->status);
        dw_db_reset(up);
        dw_db_bind_int64(up, 1, now);
        dw_db_bind_text(up, 2, st);
        dw_db_bind_int64(up, 3, r->run_id);
        dw_db_bind_int64(up, 4, p->file_id);
        if (dw_db_step(up, error) < 0)
            return FALSE;
        dw_db_reset(ins);
        dw_db_bind_int64(ins, 1, p->file_id);
        dw_db_bind_int64(ins, 2, r->run_id);
        dw_db_bind_int64(ins, 3, now);
        dw_db_bind_text(ins, 4, st);
        dw_db_bind_text(ins, 5, p->detail);
        if (dw_db_step(ins, error) < 0)
            return FALSE;
    }
    /* The run's counts so far, so a killed run still tells what it did. */
    g_autoptr(dw_db_stmt) run = dw_db_prepare(cat->db,
                                              "UPDATE verify_runs SET files = $1, bytes = $2, ok = $3, changed = $4,"
                                              " missing = $5, unreadable = $6, finished_at = $7 WHERE id = $8",
                                              error);
    if (!run)
        return FALSE;
    const dw_catalog_verify_result *s = r->res;
    int64_t vals[] = { s->files, s->bytes, s->ok, s->changed, s->missing, s->unreadable, now, r->run_id };
    for (int i = 0; i < 8; i++)
        dw_db_bind_int64(run, i + 1, vals[i]);
    return dw_db_step(run, error) == 0;
}

static gboolean flush(run_ctx *r, GError **error)
{
    if (r->batch->len == 0)
        return TRUE;
    g_mutex_lock(&r->cat->lock);
    gboolean ok = dw_catalog_write_tx(r->cat, flush_body, r, error);
    g_mutex_unlock(&r->cat->lock);
    g_array_set_size(r->batch, 0);
    r->batch_since = g_get_monotonic_time();
    return ok;
}

/* Check one file.  FALSE only when cancelled in the middle (nothing is
 * recorded for it then). */
static gboolean check_file(run_ctx *r, const due_file *x, dw_fixity_status *status, char **detail, int64_t *bytes)
{
    const dw_catalog_file *f = x->file;
    g_autofree char *dir = g_path_get_dirname(x->disc->base);
    g_autofree char *path = g_build_filename(dir, f->name, NULL);
    *bytes = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        *status = e == ENOENT || e == ENOTDIR ? DW_FIXITY_MISSING : DW_FIXITY_UNREADABLE;
        *detail = g_strdup_printf("%s: %s", path, g_strerror(e));
        return TRUE;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        *status = DW_FIXITY_UNREADABLE;
        *detail = g_strdup_printf("%s: not a regular file", path);
        return TRUE;
    }
    if ((int64_t)st.st_size != f->size) {
        close(fd);
        *status = DW_FIXITY_CHANGED;
        *detail = g_strdup_printf("%s: %" G_GINT64_FORMAT " bytes, recorded %" G_GINT64_FORMAT, path,
                                  (int64_t)st.st_size, f->size);
        return TRUE;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    unsigned kinds = (f->crc32[0] ? DW_HASH_CRC32 : 0) | (f->md5[0] ? DW_HASH_MD5 : 0) |
                     (f->sha1[0] ? DW_HASH_SHA1 : 0) | (f->sha256[0] ? DW_HASH_SHA256 : 0);
    if (!kinds)
        kinds = DW_HASH_SHA256;
    g_autoptr(dw_hash) h = dw_hash_new(kinds);
    int64_t done = 0;
    for (;;) {
        if (r->job && dw_job_is_cancelled(r->job)) {
            close(fd);
            return FALSE;
        }
        ssize_t n = read(fd, r->buf, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            *status = DW_FIXITY_UNREADABLE;
            *detail = g_strdup_printf("%s: read error at byte %" G_GINT64_FORMAT ": %s", path, done, g_strerror(e));
            *bytes = done;
            return TRUE;
        }
        if (n == 0)
            break;
        dw_hash_update(h, r->buf, (size_t)n);
        done += n;
        if (r->job)
            dw_job_advance(r->job, (uint64_t)n, (uint64_t)n);
    }
    close(fd);
    *bytes = done;
    dw_hash_result got;
    dw_hash_finish(h, &got);
    GString *diff = g_string_new(NULL);
    if (done != f->size)
        g_string_append_printf(diff, " size %" G_GINT64_FORMAT " (recorded %" G_GINT64_FORMAT ")", done, f->size);
    if (f->crc32[0] && strcmp(got.crc32_hex, f->crc32))
        g_string_append_printf(diff, " crc32 %s (recorded %s)", got.crc32_hex, f->crc32);
    if (f->md5[0] && strcmp(got.md5_hex, f->md5))
        g_string_append_printf(diff, " md5 %s (recorded %s)", got.md5_hex, f->md5);
    if (f->sha1[0] && strcmp(got.sha1_hex, f->sha1))
        g_string_append_printf(diff, " sha1 %s (recorded %s)", got.sha1_hex, f->sha1);
    if (f->sha256[0] && strcmp(got.sha256_hex, f->sha256))
        g_string_append_printf(diff, " sha256 %s (recorded %s)", got.sha256_hex, f->sha256);
    if (diff->len) {
        *status = DW_FIXITY_CHANGED;
        *detail = g_strdup_printf("%s:%s", path, diff->str);
    } else {
        *status = DW_FIXITY_OK;
        *detail = NULL;
    }
    g_string_free(diff, TRUE);
    return TRUE;
}

static gboolean start_run(dw_catalog *cat, void *user, GError **error)
{
    run_ctx *r = user;
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db,
                                            "INSERT INTO verify_runs (started_at, station) VALUES ($1, $2) RETURNING id",
                                            error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, dw_catalog_now());
    dw_db_bind_text(s, 2, dw_catalog_station());
    if (dw_db_step(s, error) != 1)
        return FALSE;
    r->run_id = dw_db_col_int64(s, 0);
    return TRUE;
}

static gboolean end_run(dw_catalog *cat, void *user, GError **error)
{
    run_ctx *r = user;
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db,
                                            "UPDATE verify_runs SET finished_at = $1, files = $2, bytes = $3, ok = $4,"
                                            " changed = $5, missing = $6, unreadable = $7, complete = $8 WHERE id = $9",
                                            error);
    if (!s)
        return FALSE;
    const dw_catalog_verify_result *x = r->res;
    int64_t vals[] = { dw_catalog_now(), x->files, x->bytes, x->ok, x->changed, x->missing, x->unreadable,
                       x->complete ? 1 : 0, r->run_id };
    for (int i = 0; i < 9; i++)
        dw_db_bind_int64(s, i + 1, vals[i]);
    return dw_db_step(s, error) == 0;
}

gboolean dw_catalog_verify(dw_catalog *cat, const dw_catalog_verify_options *opts, dw_job *job,
                           dw_catalog_verify_result *result, GError **error)
{
    static const dw_catalog_verify_options none;
    dw_catalog_verify_result local;
    if (!result)
        result = &local;
    memset(result, 0, sizeof *result);
    run_ctx r = { .cat = cat, .o = opts ? opts : &none, .job = job, .res = result };
    r.now_cutoff = dw_catalog_now() - r.o->older_than;
    g_mutex_lock(&cat->lock);
    gboolean ok = dw_catalog_write_tx(cat, start_run, &r, error);
    g_mutex_unlock(&cat->lock);
    if (!ok)
        return FALSE;
    result->run_id = r.run_id;
    int64_t due_files = 0, due_bytes = 0;
    if (!count_due(&r, &due_files, &due_bytes, error))
        return FALSE;
    if (job)
        dw_job_begin_phase(job, "verifying", (uint64_t)due_bytes, "bytes");
    r.batch = g_array_new(FALSE, FALSE, sizeof(pending_check));
    g_array_set_clear_func(r.batch, pending_clear);
    r.batch_since = g_get_monotonic_time();
    r.buf = g_malloc(CHUNK);
    gint64 t0 = g_get_monotonic_time();
    gboolean stop = FALSE, cancelled = FALSE;
    GArray *page = g_array_new(FALSE, FALSE, sizeof(due_file));
    g_array_set_clear_func(page, due_clear);
    while (ok && !stop) {
        g_array_set_size(page, 0);
        /* What this run checked must be recorded before the next page
         * is asked for, or the same files would come due again. */
        if (!flush(&r, error) || !next_page(&r, page, error)) {
            ok = FALSE;
            break;
        }
        if (page->len == 0)
            break;
        for (guint i = 0; i < page->len && !stop; i++) {
            const due_file *x = &g_array_index(page, due_file, i);
            pending_check p = { .file_id = x->file->id, .disc_id = x->disc->id };
            int64_t bytes = 0;
            if (!check_file(&r, x, &p.status, &p.detail, &bytes)) {
                cancelled = stop = TRUE;
                break;
            }
            result->files++;
            result->bytes += bytes;
            switch (p.status) {
            case DW_FIXITY_OK: result->ok++; break;
            case DW_FIXITY_CHANGED: result->changed++; break;
            case DW_FIXITY_MISSING: result->missing++; break;
            default: result->unreadable++; break;
            }
            if (p.status != DW_FIXITY_OK && job)
                dw_job_add_error(job);
            if (r.o->on_check) {
                g_autofree char *dir = g_path_get_dirname(x->disc->base);
                g_autofree char *path = g_build_filename(dir, x->file->name, NULL);
                r.o->on_check(x->disc, x->file, path, p.status, p.detail, r.o->user);
            }
            g_array_append_val(r.batch, p);
            if (r.batch->len >= BATCH_FILES || g_get_monotonic_time() - r.batch_since >= BATCH_USEC)
                ok = flush(&r, error);
            if (!ok)
                stop = TRUE;
            if ((r.o->limit > 0 && result->files >= r.o->limit) ||
                (r.o->max_bytes > 0 && result->bytes >= r.o->max_bytes) ||
                (r.o->max_seconds > 0 && (double)(g_get_monotonic_time() - t0) / 1e6 >= r.o->max_seconds))
                stop = TRUE;
        }
    }
    g_array_free(page, TRUE);
    g_free(r.buf);
    if (ok)
        ok = flush(&r, error);
    else {
        GError *e2 = NULL;
        if (!flush(&r, &e2))
            g_error_free(e2);
    }
    g_array_free(r.batch, TRUE);
    if (ok && count_due(&r, &result->remaining, NULL, error)) {
        result->complete = result->remaining == 0;
        g_mutex_lock(&cat->lock);
        ok = dw_catalog_write_tx(cat, end_run, &r, error);
        g_mutex_unlock(&cat->lock);
    } else
        ok = FALSE;
    if (job)
        dw_job_finish(job);
    if (ok && cancelled) {
        g_set_error(error, DW_ERROR, DW_ERROR_CANCELLED,
                    "cancelled after %" G_GINT64_FORMAT " files; `catalog verify` goes on with the %" G_GINT64_FORMAT
                    " still due",
                    result->files, result->remaining);
        return FALSE;
    }
    return ok;
}
