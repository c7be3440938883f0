/* disc.c: catalog records in memory: new/free, reading one from a row of
 * the discs table (with its file count and fixity summary), and writing
 * one as JSON or CSV for `catalog show/ls/export`. */
#include "config.h"

#include <string.h>

#include "catalog/catalog_private.h"
#include "discwright/json.h"

dw_catalog_file *dw_catalog_file_new(const char *name, const char *role)
{
    dw_catalog_file *f = g_new0(dw_catalog_file, 1);
    f->name = g_strdup(name);
    f->role = g_strdup(role);
    f->last_status = g_strdup("unchecked");
    return f;
}

void dw_catalog_file_free(dw_catalog_file *f)
{
    if (!f)
        return;
    g_free(f->name);
    g_free(f->role);
    g_free(f->last_status);
    g_free(f);
}

static void track_free(gpointer p)
{
    dw_catalog_track *t = p;
    g_free(t->mode);
    g_free(t);
}

dw_catalog_disc *dw_catalog_disc_new(void)
{
    dw_catalog_disc *d = g_new0(dw_catalog_disc, 1);
    d->files = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_file_free);
    d->track_list = g_ptr_array_new_with_free_func(track_free);
    d->kind = g_strdup("unknown");
    d->accuraterip = g_strdup("unknown");
    d->ctdb = g_strdup("unknown");
    g_strlcpy(d->test_copy, "unknown", sizeof d->test_copy);
    d->status = g_strdup("good");
    d->fixity = g_strdup("unchecked");
    return d;
}

void dw_catalog_disc_free(dw_catalog_disc *d)
{
    if (!d)
        return;
    char **strs[] = { &d->fingerprint, &d->kind, &d->profile, &d->label, &d->title, &d->performer, &d->mcn,
                      &d->cddb_id, &d->accuraterip_id, &d->musicbrainz_id, &d->ctdb_tocid, &d->volume_uuid,
                      &d->dvd_id, &d->bd_id, &d->base, &d->source, &d->station, &d->tool, &d->drive_path,
                      &d->drive_vendor, &d->drive_model, &d->drive_revision, &d->options, &d->accuraterip,
                      &d->ctdb, &d->status, &d->dat_name, &d->dat_game, &d->fixity, &d->log };
    for (size_t i = 0; i < G_N_ELEMENTS(strs); i++)
        g_free(*strs[i]);
    g_ptr_array_unref(d->files);
    g_ptr_array_unref(d->track_list);
    g_free(d);
}

dw_catalog_disc *dw_catalog_disc_copy(const dw_catalog_disc *src)
{
    dw_catalog_disc *d = g_new0(dw_catalog_disc, 1);
    *d = *src;
    char **strs[] = { &d->fingerprint, &d->kind, &d->profile, &d->label, &d->title, &d->performer, &d->mcn,
                      &d->cddb_id, &d->accuraterip_id, &d->musicbrainz_id, &d->ctdb_tocid, &d->volume_uuid,
                      &d->dvd_id, &d->bd_id, &d->base, &d->source, &d->station, &d->tool, &d->drive_path,
                      &d->drive_vendor, &d->drive_model, &d->drive_revision, &d->options, &d->accuraterip,
                      &d->ctdb, &d->status, &d->dat_name, &d->dat_game, &d->fixity, &d->log };
    for (size_t i = 0; i < G_N_ELEMENTS(strs); i++)
        *strs[i] = g_strdup(*strs[i]);
    d->files = g_ptr_array_new_with_free_func((GDestroyNotify)dw_catalog_file_free);
    for (guint i = 0; i < src->files->len; i++) {
        const dw_catalog_file *f = g_ptr_array_index(src->files, i);
        dw_catalog_file *c = g_new0(dw_catalog_file, 1);
        *c = *f;
        c->name = g_strdup(f->name);
        c->role = g_strdup(f->role);
        c->last_status = g_strdup(f->last_status);
        g_ptr_array_add(d->files, c);
    }
    d->track_list = g_ptr_array_new_with_free_func(track_free);
    for (guint i = 0; i < src->track_list->len; i++) {
        const dw_catalog_track *t = g_ptr_array_index(src->track_list, i);
        dw_catalog_track *c = g_new0(dw_catalog_track, 1);
        *c = *t;
        c->mode = g_strdup(t->mode);
        g_ptr_array_add(d->track_list, c);
    }
    return d;
}

const char dw_catalog_disc_columns[] =
    "d.id, d.fingerprint, d.kind, d.profile, d.label, d.title, d.performer, d.mcn,"
    " d.cddb_id, d.accuraterip_id, d.musicbrainz_id, d.ctdb_tocid, d.volume_uuid, d.dvd_id, d.bd_id,"
    " d.sessions, d.tracks, d.sectors, d.base, d.ripped_at, d.added_at, d.source, d.station, d.tool,"
    " d.drive_path, d.drive_vendor, d.drive_model, d.drive_revision, d.read_offset, d.offset_measured,"
    " d.options, d.good, d.bad, d.untried, d.reads, d.unstable, d.q_errors, d.accuraterip, d.ctdb,"
    " d.audio_tracks, d.ar_tracks, d.ar_confidence, d.ctdb_tracks, d.ctdb_confidence, d.test_copy,"
    " d.status, d.dat_name, d.dat_game, d.dat_at,"
    " (SELECT count(*) FROM files f WHERE f.disc_id = d.id),"
    " (SELECT coalesce(min(f.last_checked), 0) FROM files f WHERE f.disc_id = d.id),"
    " (SELECT coalesce(max(CASE f.last_status WHEN 'ok' THEN 1 WHEN 'unchecked' THEN 2"
    "  WHEN 'unreadable' THEN 3 WHEN 'missing' THEN 4 ELSE 5 END), 0) FROM files f WHERE f.disc_id = d.id)";

dw_catalog_disc *dw_catalog_disc_from_row(dw_db_stmt *s)
{
    dw_catalog_disc *d = dw_catalog_disc_new();
    int c = 0;
#define TXT(field)                                                                                                     \
    do {                                                                                                               \
        g_free(d->field);                                                                                              \
        d->field = g_strdup(dw_db_col_text(s, c++));                                                                   \
    } while (0)
#define INT(field) (d->field = dw_db_col_int64(s, c++))
    INT(id);
    TXT(fingerprint);
    TXT(kind);
    TXT(profile);
    TXT(label);
    TXT(title);
    TXT(performer);
    TXT(mcn);
    TXT(cddb_id);
    TXT(accuraterip_id);
    TXT(musicbrainz_id);
    TXT(ctdb_tocid);
    TXT(volume_uuid);
    TXT(dvd_id);
    TXT(bd_id);
    d->sessions = (int)dw_db_col_int64(s, c++);
    d->tracks = (int)dw_db_col_int64(s, c++);
    INT(sectors);
    TXT(base);
    INT(ripped_at);
    INT(added_at);
    TXT(source);
    TXT(station);
    TXT(tool);
    TXT(drive_path);
    TXT(drive_vendor);
    TXT(drive_model);
    TXT(drive_revision);
    d->read_offset = (int)dw_db_col_int64(s, c++);
    d->offset_measured = dw_db_col_int64(s, c++) != 0;
    TXT(options);
    INT(good);
    INT(bad);
    INT(untried);
    INT(reads);
    d->unstable = (int)dw_db_col_int64(s, c++);
    d->q_errors = (int)dw_db_col_int64(s, c++);
    TXT(accuraterip);
    TXT(ctdb);
    d->audio_tracks = (int)dw_db_col_int64(s, c++);
    d->ar_tracks = (int)dw_db_col_int64(s, c++);
    d->ar_confidence = (int)dw_db_col_int64(s, c++);
    d->ctdb_tracks = (int)dw_db_col_int64(s, c++);
    d->ctdb_confidence = (int)dw_db_col_int64(s, c++);
    const char *tc = dw_db_col_text(s, c++);
    g_strlcpy(d->test_copy, tc ? tc : "unknown", sizeof d->test_copy);
    TXT(status);
    TXT(dat_name);
    TXT(dat_game);
    INT(dat_at);
    INT(n_files);
    INT(last_checked);
    static const char *const worst[] = { "none", "ok", "unchecked", "unreadable", "missing", "changed" };
    int64_t w = dw_db_col_int64(s, c++);
    g_free(d->fixity);
    d->fixity = g_strdup(w >= 0 && w < (int64_t)G_N_ELEMENTS(worst) ? worst[w] : "changed");
#undef TXT
#undef INT
    return d;
}

static void kv_str(GString *j, const char *key, const char *v)
{
    g_string_append_printf(j, ",\"%s\":", key);
    dw_json_append_string(j, v && *v ? v : NULL);
}

static void kv_int(GString *j, const char *key, int64_t v)
{
    g_string_append_printf(j, ",\"%s\":%" G_GINT64_FORMAT, key, v);
}

static char *iso_time(int64_t t)
{
    if (t <= 0)
        return NULL;
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(t);
    return dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void kv_time(GString *j, const char *key, int64_t t)
{
    g_autofree char *s = iso_time(t);
    kv_str(j, key, s);
}

char *dw_catalog_disc_to_json(const dw_catalog_disc *d)
{
    GString *j = g_string_new(NULL);
    g_string_append_printf(j, "{\"id\":%" G_GINT64_FORMAT, d->id);
    kv_str(j, "fingerprint", d->fingerprint);
    kv_str(j, "kind", d->kind);
    kv_str(j, "profile", d->profile);
    kv_str(j, "label", d->label);
    kv_str(j, "title", d->title);
    kv_str(j, "performer", d->performer);
    kv_str(j, "mcn", d->mcn);
    g_string_append(j, ",\"ids\":{\"cddb\":");
    dw_json_append_string(j, d->cddb_id);
    g_string_append(j, ",\"accuraterip\":");
    dw_json_append_string(j, d->accuraterip_id);
    g_string_append(j, ",\"musicbrainz\":");
    dw_json_append_string(j, d->musicbrainz_id);
    g_string_append(j, ",\"ctdb_tocid\":");
    dw_json_append_string(j, d->ctdb_tocid);
    g_string_append(j, ",\"volume_uuid\":");
    dw_json_append_string(j, d->volume_uuid);
    g_string_append(j, ",\"dvd\":");
    dw_json_append_string(j, d->dvd_id);
    g_string_append(j, ",\"bd\":");
    dw_json_append_string(j, d->bd_id);
    g_string_append_c(j, '}');
    kv_int(j, "sessions", d->sessions);
    kv_int(j, "tracks", d->tracks);
    kv_int(j, "sectors", d->sectors);
    kv_str(j, "base", d->base);
    kv_time(j, "ripped_at", d->ripped_at);
    kv_time(j, "added_at", d->added_at);
    kv_str(j, "source", d->source);
    kv_str(j, "station", d->station);
    kv_str(j, "tool", d->tool);
    g_string_append(j, ",\"drive\":{\"path\":");
    dw_json_append_string(j, d->drive_path);
    g_string_append(j, ",\"vendor\":");
    dw_json_append_string(j, d->drive_vendor);
    g_string_append(j, ",\"model\":");
    dw_json_append_string(j, d->drive_model);
    g_string_append(j, ",\"revision\":");
    dw_json_append_string(j, d->drive_revision);
    g_string_append_printf(j, "},\"offset\":{\"samples\":%d,\"measured\":%s}", d->read_offset,
                           d->offset_measured ? "true" : "false");
    g_string_append(j, ",\"options\":");
    g_string_append(j, d->options && d->options[0] == '{' ? d->options : "null");
    g_string_append_printf(j,
                           ",\"result\":{\"status\":\"%s\",\"good\":%" G_GINT64_FORMAT ",\"bad\":%" G_GINT64_FORMAT
                           ",\"untried\":%" G_GINT64_FORMAT ",\"reads\":%" G_GINT64_FORMAT
                           ",\"unstable\":%d,\"q_errors\":%d,\"accuraterip\":",
                           d->status ? d->status : "good", d->good, d->bad, d->untried, d->reads, d->unstable,
                           d->q_errors);
    dw_json_append_string(j, d->accuraterip);
    g_string_append(j, ",\"ctdb\":");
    dw_json_append_string(j, d->ctdb);
    g_string_append_printf(j,
                           ",\"audio_tracks\":%d,\"accuraterip_tracks\":%d,\"accuraterip_confidence\":%d,"
                           "\"ctdb_tracks\":%d,\"ctdb_confidence\":%d,\"test_copy\":",
                           d->audio_tracks, d->ar_tracks, d->ar_confidence, d->ctdb_tracks, d->ctdb_confidence);
    dw_json_append_string(j, d->test_copy[0] ? d->test_copy : "unknown");
    g_string_append(j, "},\"dat\":");
    if (d->dat_game) {
        g_string_append(j, "{\"name\":");
        dw_json_append_string(j, d->dat_name);
        g_string_append(j, ",\"game\":");
        dw_json_append_string(j, d->dat_game);
        g_autofree char *at = iso_time(d->dat_at);
        g_string_append(j, ",\"at\":");
        dw_json_append_string(j, at);
        g_string_append_c(j, '}');
    } else
        g_string_append(j, "null");
    g_string_append(j, ",\"fixity\":{\"state\":");
    dw_json_append_string(j, d->fixity);
    g_autofree char *lc = iso_time(d->last_checked);
    g_string_append(j, ",\"oldest_check\":");
    dw_json_append_string(j, lc);
    g_string_append_printf(j, ",\"files\":%" G_GINT64_FORMAT "}", d->n_files);
    if (d->track_list->len) {
        g_string_append(j, ",\"track_list\":[");
        for (guint i = 0; i < d->track_list->len; i++) {
            const dw_catalog_track *t = g_ptr_array_index(d->track_list, i);
            g_string_append_printf(j, "%s{\"number\":%d,\"session\":%d,\"mode\":", i ? "," : "", t->number,
                                   t->session);
            dw_json_append_string(j, t->mode);
            g_string_append_printf(j, ",\"control\":%d,\"start\":%d,\"pregap\":%d,\"length\":%d,\"isrc\":",
                                   t->control, t->start, t->pregap, t->length);
            dw_json_append_string(j, t->isrc[0] ? t->isrc : NULL);
            g_string_append_printf(j, ",\"bad_sectors\":%" G_GINT64_FORMAT ",\"accuraterip\":{\"match\":",
                                   t->bad_sectors);
            dw_json_append_string(j, t->accuraterip[0] ? t->accuraterip : "unknown");
            g_string_append_printf(j, ",\"confidence\":%d,\"total\":%d},\"ctdb\":{\"match\":", t->ar_confidence,
                                   t->ar_total);
            dw_json_append_string(j, t->ctdb[0] ? t->ctdb : "unknown");
            g_string_append_printf(j, ",\"confidence\":%d,\"total\":%d},\"tested\":%s", t->ctdb_confidence,
                                   t->ctdb_total, t->tested ? "true" : "false");
            kv_str(j, "test_crc", t->test_crc);
            kv_str(j, "copy_crc", t->copy_crc);
            g_string_append_c(j, '}');
        }
        g_string_append_c(j, ']');
    }
    if (d->files->len) {
        g_string_append(j, ",\"file_list\":[");
        for (guint i = 0; i < d->files->len; i++) {
            const dw_catalog_file *f = g_ptr_array_index(d->files, i);
            g_string_append(j, i ? ",{\"name\":" : "{\"name\":");
            dw_json_append_string(j, f->name);
            kv_str(j, "role", f->role);
            kv_int(j, "size", f->size);
            kv_str(j, "crc32", f->crc32);
            kv_str(j, "md5", f->md5);
            kv_str(j, "sha1", f->sha1);
            kv_str(j, "sha256", f->sha256);
            kv_time(j, "last_checked", f->last_checked);
            kv_str(j, "last_status", f->last_status);
            g_string_append_c(j, '}');
        }
        g_string_append_c(j, ']');
    }
    if (d->log)
        kv_str(j, "log", d->log);
    g_string_append_c(j, '}');
    return g_string_free(j, FALSE);
}

static const char *const csv_cols[] = { "id", "kind", "label", "title", "performer", "mcn", "cddb_id",
                                        "accuraterip_id", "musicbrainz_id", "ctdb_tocid", "dvd_id", "bd_id",
                                        "sessions", "tracks", "sectors", "status", "accuraterip", "ctdb", "test_copy",
                                        "good", "bad", "ripped_at",
                                        "station", "drive", "offset", "dat_game", "fixity", "files", "fingerprint",
                                        "base" };

char *dw_catalog_csv_header(void)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(csv_cols); i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", csv_cols[i]);
    g_string_append(s, "\r\n");
    return g_string_free(s, FALSE);
}

static void csv_field(GString *s, const char *v, gboolean first)
{
    if (!first)
        g_string_append_c(s, ',');
    if (!v)
        return;
    if (!strpbrk(v, ",\"\r\n")) {
        g_string_append(s, v);
        return;
    }
    g_string_append_c(s, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            g_string_append_c(s, '"');
        g_string_append_c(s, *p);
    }
    g_string_append_c(s, '"');
}

char *dw_catalog_disc_to_csv(const dw_catalog_disc *d)
{
    GString *s = g_string_new(NULL);
    g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, d->id);
    g_autofree char *ses = g_strdup_printf("%d", d->sessions);
    g_autofree char *trk = g_strdup_printf("%d", d->tracks);
    g_autofree char *sec = g_strdup_printf("%" G_GINT64_FORMAT, d->sectors);
    g_autofree char *good = g_strdup_printf("%" G_GINT64_FORMAT, d->good);
    g_autofree char *bad = g_strdup_printf("%" G_GINT64_FORMAT, d->bad);
    g_autofree char *at = iso_time(d->ripped_at);
    g_autofree char *off = g_strdup_printf("%d", d->read_offset);
    g_autofree char *nf = g_strdup_printf("%" G_GINT64_FORMAT, d->n_files);
    const char *vals[] = { id, d->kind, d->label, d->title, d->performer, d->mcn, d->cddb_id, d->accuraterip_id,
                           d->musicbrainz_id, d->ctdb_tocid, d->dvd_id, d->bd_id, ses, trk, sec, d->status, d->accuraterip,
                           d->ctdb, d->test_copy, good,
                           bad, at, d->station, d->drive_path, off, d->dat_game, d->fixity, nf, d->fingerprint,
                           d->base };
    G_STATIC_ASSERT(G_N_ELEMENTS(vals) == G_N_ELEMENTS(csv_cols));
    for (size_t i = 0; i < G_N_ELEMENTS(vals); i++)
        csv_field(s, vals[i], i == 0);
    g_string_append(s, "\r\n");
    return g_string_free(s, FALSE);
}
