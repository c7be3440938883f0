/* schema.c: the catalog's schema and its migrations.
 *
 * The schema is a list of numbered steps; a database records each step
 * applied in schema_version (version, applied_at, tool).  Opening a
 * catalog applies the missing steps in one write transaction (SQLite
 * BEGIN IMMEDIATE; PostgreSQL under a transaction-level advisory lock),
 * so two processes opening a new catalog at once do it once.  A catalog
 * whose version is newer than this library's is refused rather than
 * guessed at.  Each step has SQL common to both backends, with @ID@
 * standing for an identity primary key, plus optional SQL per backend
 * (the search index is FTS5 in SQLite and a tsvector with a GIN index in
 * PostgreSQL).  Times are Unix seconds (UTC) in BIGINT columns. */
#include "config.h"

#include <string.h>

#include "catalog/catalog_private.h"
#include "discwright/error.h"

typedef struct {
    int version;
    const char *what;
    const char *common, *sqlite, *pg;
} migration;

static const migration steps[] = {
    { 1, "discs, logs, tracks, files, checks, verify runs, events",
      "CREATE TABLE discs ("
      " id @ID@,"
      " fingerprint TEXT NOT NULL,"
      " kind TEXT NOT NULL,"
      " profile TEXT, label TEXT, title TEXT, performer TEXT, mcn TEXT,"
      " cddb_id TEXT, accuraterip_id TEXT, musicbrainz_id TEXT, ctdb_tocid TEXT,"
      " volume_uuid TEXT, dvd_id TEXT, bd_id TEXT,"
      " sessions INTEGER NOT NULL DEFAULT 0, tracks INTEGER NOT NULL DEFAULT 0,"
      " sectors BIGINT NOT NULL DEFAULT 0,"
      " base TEXT NOT NULL UNIQUE,"
      " ripped_at BIGINT NOT NULL DEFAULT 0, added_at BIGINT NOT NULL,"
      " source TEXT NOT NULL DEFAULT 'import', station TEXT, tool TEXT,"
      " drive_path TEXT, drive_vendor TEXT, drive_model TEXT, drive_revision TEXT,"
      " read_offset INTEGER NOT NULL DEFAULT 0, offset_measured INTEGER NOT NULL DEFAULT 0,"
      " options TEXT,"
      " good BIGINT NOT NULL DEFAULT 0, bad BIGINT NOT NULL DEFAULT 0,"
      " untried BIGINT NOT NULL DEFAULT 0, reads BIGINT NOT NULL DEFAULT 0,"
      " unstable INTEGER NOT NULL DEFAULT 0, q_errors INTEGER NOT NULL DEFAULT 0,"
      " accuraterip TEXT NOT NULL DEFAULT 'unknown', ctdb TEXT NOT NULL DEFAULT 'unknown',"
      " status TEXT NOT NULL DEFAULT 'good');"
      "CREATE INDEX discs_fingerprint ON discs(fingerprint);"
      "CREATE INDEX discs_cddb ON discs(cddb_id);"
      "CREATE INDEX discs_musicbrainz ON discs(musicbrainz_id);"
      "CREATE TABLE logs ("
      " disc_id BIGINT PRIMARY KEY REFERENCES discs(id) ON DELETE CASCADE,"
      " text TEXT NOT NULL);"
      "CREATE TABLE tracks ("
      " disc_id BIGINT NOT NULL REFERENCES discs(id) ON DELETE CASCADE,"
      " number INTEGER NOT NULL, session INTEGER NOT NULL, mode TEXT NOT NULL,"
      " control INTEGER NOT NULL, start_lba INTEGER NOT NULL, pregap INTEGER NOT NULL,"
      " length INTEGER NOT NULL, isrc TEXT, bad_sectors BIGINT NOT NULL DEFAULT 0,"
      " PRIMARY KEY (disc_id, number));"
      "CREATE TABLE files ("
      " id @ID@,"
      " disc_id BIGINT NOT NULL REFERENCES discs(id) ON DELETE CASCADE,"
      " name TEXT NOT NULL, role TEXT NOT NULL, size BIGINT NOT NULL,"
      " crc32 TEXT, md5 TEXT, sha1 TEXT, sha256 TEXT,"
      " last_checked BIGINT NOT NULL DEFAULT 0,"
      " last_status TEXT NOT NULL DEFAULT 'unchecked',"
      " last_run BIGINT NOT NULL DEFAULT 0,"
      " UNIQUE (disc_id, name));"
      "CREATE INDEX files_due ON files(last_checked, last_run, id);"
      "CREATE TABLE verify_runs ("
      " id @ID@,"
      " started_at BIGINT NOT NULL, finished_at BIGINT, station TEXT,"
      " files BIGINT NOT NULL DEFAULT 0, bytes BIGINT NOT NULL DEFAULT 0,"
      " ok BIGINT NOT NULL DEFAULT 0, changed BIGINT NOT NULL DEFAULT 0,"
      " missing BIGINT NOT NULL DEFAULT 0, unreadable BIGINT NOT NULL DEFAULT 0,"
      " complete INTEGER NOT NULL DEFAULT 0);"
      "CREATE TABLE checks ("
      " id @ID@,"
      " file_id BIGINT NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
      " run_id BIGINT REFERENCES verify_runs(id) ON DELETE SET NULL,"
      " checked_at BIGINT NOT NULL, status TEXT NOT NULL, detail TEXT);"
      "CREATE INDEX checks_file ON checks(file_id, checked_at);"
      "CREATE TABLE events ("
      " id @ID@,"
      " disc_id BIGINT NOT NULL REFERENCES discs(id) ON DELETE CASCADE,"
      " at BIGINT NOT NULL, what TEXT NOT NULL, detail TEXT);"
      "CREATE INDEX events_disc ON events(disc_id, at);",
      NULL, NULL },
    { 2, "DAT imports and confirmations; file hash indexes",
      "CREATE TABLE dats ("
      " id @ID@,"
      " name TEXT NOT NULL, path TEXT, imported_at BIGINT NOT NULL,"
      " games BIGINT NOT NULL DEFAULT 0, roms BIGINT NOT NULL DEFAULT 0);"
      "CREATE TABLE dat_matches ("
      " disc_id BIGINT NOT NULL REFERENCES discs(id) ON DELETE CASCADE,"
      " dat_id BIGINT NOT NULL REFERENCES dats(id) ON DELETE CASCADE,"
      " game TEXT NOT NULL, matched_at BIGINT NOT NULL, roms INTEGER NOT NULL DEFAULT 0,"
      " PRIMARY KEY (disc_id, dat_id, game));"
      "ALTER TABLE discs ADD COLUMN dat_name TEXT;"
      "ALTER TABLE discs ADD COLUMN dat_game TEXT;"
      "ALTER TABLE discs ADD COLUMN dat_at BIGINT NOT NULL DEFAULT 0;"
      "CREATE INDEX files_sha1 ON files(sha1);"
      "CREATE INDEX files_md5 ON files(md5);"
      "CREATE INDEX files_crc ON files(crc32, size);"
      "CREATE INDEX files_sha256 ON files(sha256);"
      "CREATE INDEX discs_ctdb ON discs(ctdb_tocid);"
      "CREATE INDEX discs_accuraterip ON discs(accuraterip_id);"
      "CREATE INDEX discs_mcn ON discs(mcn);"
      "CREATE INDEX discs_dvd ON discs(dvd_id);"
      "CREATE INDEX discs_bd ON discs(bd_id);",
      NULL, NULL },
    { 3, "word search over labels, titles, ids and paths",
      NULL,
      /* No positions (no phrase search is needed); prefix indexes make a
       * word every disc has (a folder of the path) as quick as a rare one. */
      "CREATE VIRTUAL TABLE disc_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2',"
      " prefix = '2 3 4 5 6 7 8 9 10', detail = none, columnsize = 0);"
      "INSERT INTO disc_search(rowid, body) SELECT id,"
      " coalesce(label,'') || ' ' || coalesce(title,'') || ' ' || coalesce(performer,'') || ' ' ||"
      " coalesce(mcn,'') || ' ' || coalesce(cddb_id,'') || ' ' || coalesce(musicbrainz_id,'') || ' ' ||"
      " kind || ' ' || base FROM discs;",
      "ALTER TABLE discs ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple',"
      " coalesce(label,'') || ' ' || coalesce(title,'') || ' ' || coalesce(performer,'') || ' ' ||"
      " coalesce(mcn,'') || ' ' || coalesce(cddb_id,'') || ' ' || coalesce(musicbrainz_id,'') || ' ' ||"
      " kind || ' ' || translate(base, '/._-', '    '))) STORED;"
      "CREATE INDEX discs_search ON discs USING gin(search);" },
    { 4, "AccurateRip/CTDB proof and test & copy, per disc and per track",
      "ALTER TABLE discs ADD COLUMN audio_tracks INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE discs ADD COLUMN ar_tracks INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE discs ADD COLUMN ar_confidence INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE discs ADD COLUMN ctdb_tracks INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE discs ADD COLUMN ctdb_confidence INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE discs ADD COLUMN test_copy TEXT NOT NULL DEFAULT 'unknown';"
      "ALTER TABLE tracks ADD COLUMN accuraterip TEXT NOT NULL DEFAULT 'unknown';"
      "ALTER TABLE tracks ADD COLUMN ar_confidence INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE tracks ADD COLUMN ar_total INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE tracks ADD COLUMN ctdb TEXT NOT NULL DEFAULT 'unknown';"
      "ALTER TABLE tracks ADD COLUMN ctdb_confidence INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE tracks ADD COLUMN ctdb_total INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE tracks ADD COLUMN tested INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE tracks ADD COLUMN test_crc TEXT;"
      "ALTER TABLE tracks ADD COLUMN copy_crc TEXT;"
      "CREATE INDEX discs_accuraterip_status ON discs(accuraterip);",
      NULL, NULL },
};

int dw_catalog_latest_version(void)
{
    return steps[G_N_ELEMENTS(steps) - 1].version;
}

static char *dialect(const dw_catalog *cat, const char *sql)
{
    const char *id = cat->db->kind == DW_DB_SQLITE ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY";
    g_auto(GStrv) parts = g_strsplit(sql, "@ID@", -1);
    return g_strjoinv(id, parts);
}

static gboolean read_version(dw_catalog *cat, int64_t *v, GError **error)
{
    return dw_db_scalar(cat->db, "SELECT coalesce(max(version), 0) FROM schema_version", v, error);
}

static gboolean apply(dw_catalog *cat, const migration *m, GError **error)
{
    const char *parts[2] = { m->common, cat->db->kind == DW_DB_SQLITE ? m->sqlite : m->pg };
    for (int i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        g_autofree char *sql = dialect(cat, parts[i]);
        if (!dw_db_exec(cat->db, sql, error)) {
            g_prefix_error(error, "schema step %d (%s): ", m->version, m->what);
            return FALSE;
        }
    }
    g_autoptr(dw_db_stmt) s = dw_db_prepare(cat->db,
                                            "INSERT INTO schema_version (version, applied_at, tool) VALUES ($1, $2, $3)",
                                            error);
    if (!s)
        return FALSE;
    dw_db_bind_int64(s, 1, m->version);
    dw_db_bind_int64(s, 2, dw_catalog_now());
    dw_db_bind_text(s, 3, "discwright " PACKAGE_VERSION);
    return dw_db_step(s, error) == 0;
}

static gboolean too_new(dw_catalog *cat, int64_t v, GError **error)
{
    if (v <= dw_catalog_latest_version())
        return FALSE;
    g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                "catalog %s has schema version %" G_GINT64_FORMAT
                ", newer than this discwright knows (%d): use a newer discwright",
                cat->location, v, dw_catalog_latest_version());
    return TRUE;
}

gboolean dw_catalog_migrate(dw_catalog *cat, int max_version, GError **error)
{
    int target = max_version > 0 ? max_version : dw_catalog_latest_version();
    int64_t v = 0;
    GError *e = NULL;
    /* Fast path: already there (a read, no write lock). */
    if (read_version(cat, &v, &e)) {
        if (too_new(cat, v, error))
            return FALSE;
        if (v >= target) {
            cat->version = (int)v;
            return TRUE;
        }
    } else
        g_clear_error(&e);

    for (int attempt = 0;; attempt++) {
        if (!dw_db_begin(cat->db, TRUE, &e))
            goto fail;
        if (cat->db->kind == DW_DB_PG && !dw_db_exec(cat->db, "SELECT pg_advisory_xact_lock(6477190201)", &e))
            goto fail;
        if (!dw_db_exec(cat->db,
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                        " applied_at BIGINT NOT NULL, tool TEXT)",
                        &e) ||
            !read_version(cat, &v, &e))
            goto fail;
        if (too_new(cat, v, &e))
            goto fail;
        for (size_t i = 0; i < G_N_ELEMENTS(steps); i++)
            if (steps[i].version > v && steps[i].version <= target && !apply(cat, &steps[i], &e))
                goto fail;
        if (!dw_db_commit(cat->db, &e))
            goto fail;
        cat->version = target > v ? target : (int)v;
        return TRUE;
    fail:
        dw_db_rollback(cat->db);
        if (attempt < 5 && dw_db_error_retryable(e)) {
            g_clear_error(&e);
            g_usleep(50000 * (gulong)(attempt + 1));
            continue;
        }
        g_propagate_error(error, e);
        return FALSE;
    }
}
