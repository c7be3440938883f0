/* add.c: storing a record.  One write transaction per disc: the disc
 * row (matched by its base: a rip recorded again is brought up to date,
 * not duplicated), its tracks, its files (matched by name, so a file
 * keeps its check history; one whose size or hashes changed is marked
 * unchecked again; files no longer listed are dropped), the search
 * index (SQLite) and an event in its history.  A killed process leaves
 * either the whole disc or nothing: the transaction is the unit. */
#include "config.h"

#include <string.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"

static const char *const disc_cols[] = {
    "fingerprint", "kind", "profile", "label", "title", "performer", "mcn", "cddb_id", "accuraterip_id",
    "musicbrainz_id", "ctdb_tocid", "volume_uuid", "dvd_id", "bd_id", "sessions", "tracks", "sectors", "base",
    "ripped_at", "added_at", "source", "station", "tool", "drive_path", "drive_vendor", "drive_model",
    "drive_revision", "read_offset", "offset_measured", "options", "good", "bad", "untried", "reads", "unstable",
    "q_errors", "accuraterip", "ctdb", "audio_tracks", "ar_tracks", "ar_confidence", "ctdb_tracks",
    "ctdb_confidence", "test_copy", "status",
};
#define N_COLS ((int)G_N_ELEMENTS(disc_cols))

static void bind_disc(dw_db_stmt *s, const dw_catalog_disc *d, const char *source, int64_t now)
{
    int i = 1;
    const char *texts1[] = { d->fingerprint, d->kind, d->profile, d->label, d->title, d->performer,
                             d->mcn && *d->mcn ? d->mcn : NULL, d->cddb_id, d->accuraterip_id, d->musicbrainz_id,
                             d->ctdb_tocid, d->volume_uuid, d->dvd_id, d->bd_id };
    for (size_t k = 0; k < G_N_ELEMENTS(texts1); k++)
        dw_db_bind_text(s, i++, texts1[k]);
    dw_db_bind_int64(s, i++, d->sessions);
    dw_db_bind_int64(s, i++, d->tracks);
    dw_db_bind_int64(s, i++, d->sectors);
    dw_db_bind_text(s, i++, d->base);
    dw_db_bind_int64(s, i++, d->ripped_at);
    dw_db_bind_int64(s, i++, now);
    dw_db_bind_text(s, i++, source);
    dw_db_bind_text(s, i++, d->station ? d->station : dw_catalog_station());
    dw_db_bind_text(s, i++, d->tool);
    dw_db_bind_text(s, i++, d->drive_path);
    dw_db_bind_text(s, i++, d->drive_vendor);
    dw_db_bind_text(s, i++, d->drive_model);
    dw_db_bind_text(s, i++, d->drive_revision);
    dw_db_bind_int64(s, i++, d->read_offset);
    dw_db_bind_int64(s, i++, d->offset_measured);
    dw_db_bind_text(s, i++, d->options);
    dw_db_bind_int64(s, i++, d->good);
    dw_db_bind_int64(s, i++, d->bad);
    dw_db_bind_int64(s, i++, d->untried);
    dw_db_bind_int64(s, i++, d->reads);
    dw_db_bind_int64(s, i++, d->unstable);
    dw_db_bind_int64(s, i++, d->q_errors);
    dw_db_bind_text(s, i++, d->accuraterip ? d->accuraterip : "unknown");
    dw_db_bind_text(s, i++, d->ctdb ? d->ctdb : "unknown");
    dw_db_bind_int64(s, i++, d->audio_tracks);
    dw_db_bind_int64(s, i++, d->ar_tracks);
    dw_db_bind_int64(s, i++, d->ar_confidence);
    dw_db_bind_int64(s, i++, d->ctdb_tracks);
    dw_db_bind_int64(s, i++, d->ctdb_confidence);
    dw_db_bind_text(s, i++, d->test_copy[0] ? d->test_copy : "unknown");
    dw_db_bind_text(s, i++, d->status ? d->status : "good");
    g_assert(i == N_COLS + 1);
}

static char *insert_sql(void)
{
    GString *s = g_string_new("INSERT INTO discs (");
    for (int i = 0; i < N_COLS; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", disc_cols[i]);
    g_string_append(s, ") VALUES (");
    for (int i = 0; i < N_COLS; i++)
        g_string_append_printf(s, "%s$%d", i ? ", " : "", i + 1);
    g_string_append(s, ") ON CONFLICT (base) DO NOTHING RETURNING id");
    return g_string_free(s, FALSE);
}

static char *update_sql(void)
{
    GString *s = g_string_new("UPDATE discs SET ");
    for (int i = 0; i < N_COLS; i++) {
        if (!strcmp(disc_cols[i], "added_at"))
            g_string_append_printf(s, "%sadded_at = CASE WHEN added_at > 0 THEN added_at ELSE $%d END", i ? ", " : "",
                                   i + 1);
        else
            g_string_append_printf(s, "%s%s = $%d", i ? ", " : "", disc_cols[i], i + 1);
    }
    g_string_append_printf(s, " WHERE id = $%d", N_COLS + 1);
    return g_string_free(s, FALSE);
}

/* The words the search index holds for a disc. */
static char *search_body(const dw_catalog_disc *d)
{
    const char *parts[] = { d->label, d->title, d->performer, d->mcn, d->cddb_id, d->musicbrainz_id, d->kind, d->base };
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
        if (parts[i] && *parts[i])
            g_string_append_printf(s, "%s%s", s->len ? " " : "", parts[i]);
    return g_string_free(s, FALSE);
}

typedef struct {
    dw_catalog_disc *d;
    const char *source;
    int64_t id;
    gboolean updated;
} add_ctx;

static gboolean put_tracks(dw_catalog *cat, add_ctx *a, GError **error)
{
    g_autoptr(dw_db_stmt) del = dw_db_prepare(cat->db, "DELETE FROM tracks WHERE disc_id = $1", error);
    if (!del)
        return FALSE;
    dw_db_bind_int64(del, 1, a->id);
    if (dw_db_step(del, error) < 0)
        return FALSE;
    g_autoptr(dw_db_stmt) ins = dw_db_prepare(cat->db,
                                              "INSERT INTO tracks (disc_id, number, session, mode, control, start_lba,"
                                              " pregap, length, isrc, bad_sectors, accuraterip, ar_confidence, ar_total,"
                                              " ctdb, ctdb_confidence, ctdb_total, tested, test_crc, copy_crc)"
                                              " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
                                              " $15, $16, $17, $18, $19) ON CONFLICT (disc_id, number) DO NOTHING",
                                              error);
    if (!ins)
        return FALSE;
    for (guint i = 0; i < a->d->track_list->len; i++) {
        const dw_catalog_track *t = g_ptr_array_index(a->d->track_list, i);
        dw_db_reset(ins);
        dw_db_bind_int64(ins, 1, a->id);
        dw_db_bind_int64(ins, 2, t->number);
        dw_db_bind_int64(ins, 3, t->session);
        dw_db_bind_text(ins, 4, t->mode ? t->mode : "MODE1");
        dw_db_bind_int64(ins, 5, t->control);
        dw_db_bind_int64(ins, 6, t->start);
        dw_db_bind_int64(ins, 7, t->pregap);
        dw_db_bind_int64(ins, 8, t->length);
        dw_db_bind_text(ins, 9, t->isrc[0] ? t->isrc : NULL);
        dw_db_bind_int64(ins, 10, t->bad_sectors);
        dw_db_bind_text(ins, 11, t->accuraterip[0] ? t->accuraterip : "unknown");
        dw_db_bind_int64(ins, 12, t->ar_confidence);
        dw_db_bind_int64(ins, 13, t->ar_total);
        dw_db_bind_text(ins, 14, t->ctdb[0] ? t->ctdb : "unknown");
        dw_db_bind_int64(ins, 15, t->ctdb_confidence);
        dw_db_bind_int64(ins, 16, t->ctdb_total);
        dw_db_bind_int64(ins, 17, t->tested);
        dw_db_bind_text(ins, 18, t->test_crc[0] ? t->test_crc : NULL);
        dw_db_bind_text(ins, 19, t->copy_crc[0] ? t->copy_crc : NULL);
        if (dw_db_step(ins, error) < 0)
            return FALSE;
    }
    return TRUE;
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static gboolean put_files(dw_catalog *cat, add_ctx *a, GError **error)
{
    g_autoptr(dw_db_stmt) up = dw_db_prepare(
        cat->db,
        "INSERT INTO files (disc_id, name, role, size, crc32, md5, sha1, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        " ON CONFLICT (disc_id, name) DO UPDATE SET role = excluded.role, size = excluded.size,"
        " crc32 = excluded.crc32, md5 = excluded.md5, sha1 = excluded.sha1, sha256 = excluded.sha256,"
        " last_status = CASE WHEN files.size = excluded.size AND coalesce(files.sha1, '') = coalesce(excluded.sha1, '')"
        " AND coalesce(files.md5, '') = coalesce(excluded.md5, '') THEN files.last_status ELSE 'unchecked' END,"
        " last_checked = CASE WHEN files.size = excluded.size AND coalesce(files.sha1, '') = coalesce(excluded.sha1, '')"
        " AND coalesce(files.md5, '') = coalesce(excluded.md5, '') THEN files.last_checked ELSE 0 END",
        error);
    if (!up)
        return FALSE;
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < a->d->files->len; i++) {
        const dw_catalog_file *f = g_ptr_array_index(a->d->files, i);
        g_hash_table_add(names, f->name);
        dw_db_reset(up);
        dw_db_bind_int64(up, 1, a->id);
        dw_db_bind_text(up, 2, f->name);
        dw_db_bind_text(up, 3, f->role ? f->role : "output");
        dw_db_bind_int64(up, 4, f->size);
        dw_db_bind_text(up, 5, nonempty(f->crc32));
        dw_db_bind_text(up, 6, nonempty(f->md5));
        dw_db_bind_text(up, 7, nonempty(f->sha1));
        dw_db_bind_text(up, 8, nonempty(f->sha256));
        ok = dw_db_step(up, error) == 0;
    }
    if (ok && a->updated) {
        /* Drop the files this record no longer lists. */
        g_autoptr(dw_db_stmt) sel = dw_db_prepare(cat->db, "SELECT id, name FROM files WHERE disc_id = $1", error);
        GArray *gone = g_array_new(FALSE, FALSE, sizeof(int64_t));
        ok = sel != NULL;
        if (ok) {
            dw_db_bind_int64(sel, 1, a->id);
            int r;
            while ((r = dw_db_step(sel, error)) == 1) {
                const char *n = dw_db_col_text(sel, 1);
                if (!n || !g_hash_table_contains(names, n)) {
                    int64_t fid = dw_db_col_int64(sel, 0);
                    g_array_append_val(gone, fid);
                }
            }
            ok = r == 0;
        }
        g_autoptr(dw_db_stmt) del = ok ? dw_db_prepare(cat->db, "DELETE FROM files WHERE id = $1", error) : NULL;
        for (guint i = 0; ok && i < gone->len; i++) {
            dw_db_reset(del);
            dw_db_bind_int64(del, 1, g_array_index(gone, int64_t, i));
            ok = dw_db_step(del, error) == 0;
        }
        g_array_free(gone, TRUE);
    }
    g_hash_table_destroy(names);
    return ok;
}

/* The log lives beside the disc row, which stays small for listings. */
static gboolean put_log(dw_catalog *cat, add_ctx *a, GError **error)
{
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db,
                                            "INSERT INTO logs (disc_id, text) VALUES ($1, $2) ON CONFLICT (disc_id)"
                                            " DO UPDATE SET text = excluded.text",
                                            error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, a->id);
    dw_db_bind_text(s, 2, a->d->log ? a->d->log : "");
    return dw_db_step(s, error) == 0;
}

static gboolean put_search(dw_catalog *cat, add_ctx *a, GError **error)
{
    if (cat->db->kind != DW_DB_SQLITE)
        return TRUE;         /* PostgreSQL: a generated column */
    g_autoptr(dw_db_stmt) del = dw_db_prepare(cat->db, "DELETE FROM disc_search WHERE rowid = $1", error);
    if (!del)
        return FALSE;
    dw_db_bind_int64(del, 1, a->id);
    if (dw_db_step(del, error) < 0)
        return FALSE;
    g_autoptr(dw_db_stmt) ins = dw_db_prepare(cat->db, "INSERT INTO disc_search (rowid, body) VALUES ($1, $2)", error);
    if (!ins)
        return FALSE;
    g_autofree char *body = search_body(a->d);
    dw_db_bind_int64(ins, 1, a->id);
    dw_db_bind_text(ins, 2, body);
    return dw_db_step(ins, error) == 0;
}

/* Tests only: sleep inside the transaction, between the disc row and its
 * files, so a test can kill the process in the middle of an add. */
static void debug_pause(void)
{
    const char *ms = g_getenv("DW_CATALOG_DEBUG_ADD_PAUSE_MS");
    if (ms && *ms)
        g_usleep((gulong)g_ascii_strtoull(ms, NULL, 10) * 1000);
}

static gboolean add_body(dw_catalog *cat, void *user, GError **error)
{
    add_ctx *a = user;
    int64_t now = dw_catalog_now();
    a->updated = FALSE;
    g_autofree char *ins_sql = insert_sql();
    g_autoptr(dw_db_stmt) ins = dw_db_prepare(cat->db, ins_sql, error);
    if (!ins)
        return FALSE;
    bind_disc(ins, a->d, a->source, now);
    int r = dw_db_step(ins, error);
    if (r < 0)
        return FALSE;
    if (r == 1) {
        a->id = dw_db_col_int64(ins, 0);
    } else {
        g_autoptr(dw_db_stmt) sel = dw_db_prepare(cat->db, "SELECT id FROM discs WHERE base = $1", error);
        if (!sel)
            return FALSE;
        dw_db_bind_text(sel, 1, a->d->base);
        if (dw_db_step(sel, error) != 1) {
            if (error && !*error)
                g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "catalog: %s vanished during the add", a->d->base);
            return FALSE;
        }
        a->id = dw_db_col_int64(sel, 0);
        g_autofree char *up_sql = update_sql();
        g_autoptr(dw_db_stmt) up = dw_db_prepare(cat->db, up_sql, error);
        if (!up)
            return FALSE;
        bind_disc(up, a->d, a->source, now);
        dw_db_bind_int64(up, N_COLS + 1, a->id);
        if (dw_db_step(up, error) < 0)
            return FALSE;
        a->updated = TRUE;
    }
    debug_pause();
    if (!put_tracks(cat, a, error) || !put_files(cat, a, error) || !put_log(cat, a, error) ||
        !put_search(cat, a, error))
        return FALSE;
    g_autofree char *detail = g_strdup_printf("%s by %s on %s: %u files, %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                                              " sectors good",
                                              a->updated ? "recorded again" : "recorded", a->source,
                                              a->d->station ? a->d->station : dw_catalog_station(), a->d->files->len,
                                              a->d->good, a->d->sectors);
    return dw_catalog_event_add(cat, a->id, now, a->updated ? "updated" : "added", detail, error);
}

gboolean dw_catalog_add(dw_catalog *cat, dw_catalog_disc *d, const char *source, int64_t *id, GError **error)
{
    g_return_val_if_fail(cat && d && d->base && d->fingerprint, FALSE);
    add_ctx a = { .d = d, .source = source ? source : "import" };
    g_mutex_lock(&cat->lock);
    gboolean ok = dw_catalog_write_tx(cat, add_body, &a, error);
    g_mutex_unlock(&cat->lock);
    if (ok) {
        d->id = a.id;
        g_free(d->source);
        d->source = g_strdup(a.source);
        if (id)
            *id = a.id;
    }
    return ok;
}

typedef struct {
    GPtrArray *discs;
    const char *source;
} batch_ctx;

static gboolean batch_body(dw_catalog *cat, void *user, GError **error)
{
    batch_ctx *b = user;
    for (guint i = 0; i < b->discs->len; i++) {
        dw_catalog_disc *d = g_ptr_array_index(b->discs, i);
        add_ctx a = { .d = d, .source = b->source };
        if (!add_body(cat, &a, error))
            return FALSE;
        d->id = a.id;
    }
    return TRUE;
}

gboolean dw_catalog_add_batch(dw_catalog *cat, GPtrArray *discs, const char *source, GError **error)
{
    batch_ctx b = { discs, source ? source : "import" };
    g_mutex_lock(&cat->lock);
    gboolean ok = dw_catalog_write_tx(cat, batch_body, &b, error);
    g_mutex_unlock(&cat->lock);
    return ok;
}

gboolean dw_catalog_add_rip(dw_catalog *cat, const char *base, const char *source, bool rehash, int64_t *id,
                            GError **error)
{
    g_autoptr(dw_catalog_disc) d = dw_catalog_read_rip(base, rehash, error);
    if (!d)
        return FALSE;
    return dw_catalog_add(cat, d, source, id, error);
}

static gboolean remove_body(dw_catalog *cat, void *user, GError **error)
{
    int64_t id = *(int64_t *)user;
    if (cat->db->kind == DW_DB_SQLITE) {
        g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db, "DELETE FROM disc_search WHERE rowid = $1", error);
        if (!s)
            return FALSE;
        dw_db_bind_int64(s, 1, id);
        if (dw_db_step(s, error) < 0)
            return FALSE;
    }
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db, "DELETE FROM discs WHERE id = $1 RETURNING id", error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, id);
    int r = dw_db_step(s, error);
    if (r < 0)
        return FALSE;
    if (r == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "catalog: no disc %" G_GINT64_FORMAT, id);
        return FALSE;
    }
    while ((r = dw_db_step(s, error)) == 1)
        ;
    return r == 0;
}

gboolean dw_catalog_remove(dw_catalog *cat, int64_t id, GError **error)
{
    g_mutex_lock(&cat->lock);
    gboolean ok = dw_catalog_write_tx(cat, remove_body, &id, error);
    g_mutex_unlock(&cat->lock);
    return ok;
}
