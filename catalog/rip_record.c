/* rip_record.c: what a rip left, read back into a catalog record.
 *
 * BASE.json (rip_log.c writes it; doc/rip.md) gives the drive, the
 * settings, the sector counts, per-track bad sectors and the disc (kind,
 * profile, label, MCN, sessions, tracks, CD-TEXT), from which the ids
 * and the fingerprint are computed; BASE.hash lists the outputs with the
 * hashes made while they were written; BASE.log is kept as text; the
 * AccurateRip/CTDB proof and test & copy per audio track come from its
 * "audio" object and are summed up per disc; the
 * rip's date is BASE.json's modification time.  The JSON is read with
 * json-glib and trusted in nothing: every member is type-checked and
 * every number bounded before it reaches the model. */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/catalog_private.h"
#include "catalog/ids.h"
#include "discwright/error.h"
#include "discwright/hash.h"
#include "discwright/json.h"
#include "discwright/verify.h"

#define MAX_LOG (4 << 20)        /* BASE.log kept in the catalog, at most */
#define MAX_JSON (64 << 20)

static const char *str_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return NULL;
    JsonNode *n = json_object_get_member(o, name);
    if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(n);
}

/* An integer member within [lo, hi], else dflt. */
static int64_t int_member(JsonObject *o, const char *name, int64_t lo, int64_t hi, int64_t dflt)
{
    if (!o || !json_object_has_member(o, name))
        return dflt;
    JsonNode *n = json_object_get_member(o, name);
    if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
        return dflt;
    int64_t v = json_node_get_int(n);
    return v < lo || v > hi ? dflt : v;
}

static gboolean bool_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return FALSE;
    JsonNode *n = json_object_get_member(o, name);
    return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN && json_node_get_boolean(n);
}

static JsonObject *obj_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return NULL;
    JsonNode *n = json_object_get_member(o, name);
    return JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static JsonArray *arr_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return NULL;
    JsonNode *n = json_object_get_member(o, name);
    return JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static void set_str(char **field, const char *v, size_t max)
{
    g_free(*field);
    *field = v && *v ? dw_catalog_clip(v, max) : NULL;
}

static dw_track_mode mode_from_name(const char *s)
{
    static const struct {
        const char *name;
        dw_track_mode mode;
    } modes[] = { { "AUDIO", DW_TRACK_AUDIO }, { "MODE0", DW_TRACK_MODE0 }, { "MODE1", DW_TRACK_MODE1 },
                  { "MODE2", DW_TRACK_MODE2 }, { "MODE2_FORM1", DW_TRACK_MODE2_FORM1 },
                  { "MODE2_FORM2", DW_TRACK_MODE2_FORM2 }, { "MODE2_FORM_MIX", DW_TRACK_MODE2_FORM_MIX } };
    for (size_t i = 0; s && i < G_N_ELEMENTS(modes); i++)
        if (!strcmp(s, modes[i].name))
            return modes[i].mode;
    return DW_TRACK_MODE1;
}

#define LBA_MAX 100000000        /* far beyond any disc; keeps sums in range */

/* The "disc" object into a model (layout only: what the ids need). */
static void disc_from_json(JsonObject *o, dw_disc *disc)
{
    const char *kind = str_member(o, "kind");
    disc->kind = !g_strcmp0(kind, "CD")    ? DW_DISC_CD
                 : !g_strcmp0(kind, "DVD") ? DW_DISC_DVD
                 : !g_strcmp0(kind, "BD")  ? DW_DISC_BD
                                           : DW_DISC_UNKNOWN;
    const char *p = str_member(o, "profile");
    disc->profile = p ? dw_catalog_clip(p, 64) : NULL;
    const char *l = str_member(o, "label");
    disc->label = l ? dw_catalog_clip(l, 128) : NULL;
    const char *mcn = str_member(o, "mcn");
    if (mcn && strlen(mcn) == 13 && strspn(mcn, "0123456789") == 13)
        g_strlcpy(disc->mcn, mcn, sizeof disc->mcn);
    disc->total_sectors = (int32_t)int_member(o, "total_sectors", 0, LBA_MAX, 0);
    JsonArray *ses = arr_member(o, "sessions");
    for (guint i = 0; ses && i < json_array_get_length(ses) && disc->n_sessions < DW_MAX_SESSIONS; i++) {
        JsonNode *n = json_array_get_element(ses, i);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            continue;
        JsonObject *so = json_node_get_object(n);
        dw_session *s = &disc->sessions[disc->n_sessions++];
        s->number = (int)int_member(so, "number", 1, DW_MAX_SESSIONS, disc->n_sessions);
        s->format = (dw_session_format)int_member(so, "format", 0, 255, 0);
        s->first_track = (int)int_member(so, "first_track", 0, 99, 0);
        s->last_track = (int)int_member(so, "last_track", 0, 99, 0);
        s->leadout = (int32_t)int_member(so, "leadout", 0, LBA_MAX, 0);
    }
    JsonArray *trs = arr_member(o, "tracks");
    for (guint i = 0; trs && i < json_array_get_length(trs) && disc->n_tracks < DW_MAX_TRACKS; i++) {
        JsonNode *n = json_array_get_element(trs, i);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            continue;
        JsonObject *to = json_node_get_object(n);
        dw_track *t = &disc->tracks[disc->n_tracks++];
        dw_track_init(t, (int)int_member(to, "number", 1, 99, disc->n_tracks));
        t->session = (int)int_member(to, "session", 1, DW_MAX_SESSIONS, 1);
        t->mode = mode_from_name(str_member(to, "mode"));
        t->control = (uint8_t)int_member(to, "control", 0, 15, t->mode == DW_TRACK_AUDIO ? 0 : DW_CTRL_DATA);
        t->start = (int32_t)int_member(to, "start", 0, LBA_MAX, 0);
        t->pregap = (int32_t)int_member(to, "pregap", 0, LBA_MAX, 0);
        t->length = (int32_t)int_member(to, "length", 0, LBA_MAX, 0);
        const char *isrc = str_member(to, "isrc");
        if (isrc && strlen(isrc) == 12)
            g_strlcpy(t->isrc, isrc, sizeof t->isrc);
    }
}

/* CD-TEXT album title and performer of the first block (UTF-8 in the JSON). */
static void cdtext_from_json(JsonObject *o, dw_catalog_disc *d)
{
    JsonArray *blocks = arr_member(o, "cdtext");
    if (!blocks || json_array_get_length(blocks) == 0)
        return;
    JsonNode *n = json_array_get_element(blocks, 0);
    if (!JSON_NODE_HOLDS_OBJECT(n))
        return;
    JsonObject *album = obj_member(json_node_get_object(n), "album");
    set_str(&d->title, str_member(album, "title"), 256);
    set_str(&d->performer, str_member(album, "performer"), 256);
}

/* A per-track proof from one member of "audio"."tracks". */
static void track_proof(JsonObject *to, bool ar_found, bool ar_searched, bool ct_found, bool ct_searched,
                        dw_catalog_track *t)
{
    JsonObject *ar = obj_member(to, "accuraterip"), *ct = obj_member(to, "ctdb");
    const char *m = str_member(ar, "match");
    t->ar_confidence = (int)int_member(ar, "confidence", 0, INT32_MAX, 0);
    t->ar_total = (int)int_member(ar, "total", 0, INT32_MAX, 0);
    const char *st = !ar_found                                        ? (ar_searched ? "not found" : "unknown")
                     : !g_strcmp0(m, "v2")                            ? "v2"
                     : !g_strcmp0(m, "v1")                            ? "v1"
                     : int_member(ar, "other_confidence", 0, INT32_MAX, 0) > 0 ? "other"
                                                                       : "mismatch";
    g_strlcpy(t->accuraterip, st, sizeof t->accuraterip);
    if (!strcmp(st, "other"))    /* the confidence of the other pressing's records */
        t->ar_confidence = (int)int_member(ar, "other_confidence", 0, INT32_MAX, 0);
    t->ctdb_confidence = (int)int_member(ct, "confidence", 0, INT32_MAX, 0);
    t->ctdb_total = (int)int_member(ct, "total", 0, INT32_MAX, 0);
    st = !ct_found ? (ct_searched ? "not found" : "unknown") : t->ctdb_confidence > 0 ? "match" : "mismatch";
    g_strlcpy(t->ctdb, st, sizeof t->ctdb);
    t->tested = bool_member(to, "tested");
    const char *tc = str_member(to, "test_crc"), *cc = str_member(to, "copy_crc");
    if (t->tested && tc && strlen(tc) == 8 && strspn(tc, "0123456789abcdef") == 8)
        g_strlcpy(t->test_crc, tc, sizeof t->test_crc);
    if (cc && strlen(cc) == 8 && strspn(cc, "0123456789abcdef") == 8)
        g_strlcpy(t->copy_crc, cc, sizeof t->copy_crc);
}

/* A disc's status from how many of its n audio tracks matched. */
static const char *disc_status(bool found, bool searched, int n, int matched, int other)
{
    if (!found)
        return searched ? "not found" : "unknown";
    if (matched == n)
        return "match";
    if (other && matched + other == n)
        return "other pressing";
    return matched + other ? "partial" : "mismatch";
}

/* The AccurateRip / CTDB proof and test & copy of "audio" (rips since
 * the catalog reads them; doc/archive.md), per track into the tracks
 * already listed (by number) and summed up for the disc.  Without an
 * "audio" object (not a CD, or an older record) the status stays as it
 * is ("unknown" unless the record names one). */
static void proof_from_json(JsonObject *o, dw_catalog_disc *d)
{
    JsonObject *au = obj_member(o, "audio");
    if (!au)
        return;
    bool ar_found = bool_member(au, "accuraterip_found"), ct_found = bool_member(au, "ctdb_found");
    /* Records written before the "searched" flags: a disc found was searched for. */
    bool ar_searched = bool_member(au, "accuraterip_searched") || ar_found;
    bool ct_searched = bool_member(au, "ctdb_searched") || ct_found;
    JsonArray *tr = arr_member(au, "tracks");
    int n = 0, ar_m = 0, ar_o = 0, ct_m = 0, tested = 0, differ = 0;
    int ar_min = 0, ct_min = 0;
    for (guint i = 0; tr && i < json_array_get_length(tr); i++) {
        JsonNode *node = json_array_get_element(tr, i);
        if (!JSON_NODE_HOLDS_OBJECT(node))
            continue;
        JsonObject *to = json_node_get_object(node);
        int num = (int)int_member(to, "number", 0, 99, -1);
        dw_catalog_track *t = NULL;
        for (guint k = 0; num > 0 && k < d->track_list->len && !t; k++) {
            dw_catalog_track *x = g_ptr_array_index(d->track_list, k);
            if (x->number == num && !x->accuraterip[0])
                t = x;
        }
        if (!t)
            continue;            /* the hidden track (0), a repeat, or a track the layout lacks */
        track_proof(to, ar_found, ar_searched, ct_found, ct_searched, t);
        n++;
        if (t->accuraterip[0] == 'v') {
            ar_m++;
            ar_min = ar_min && ar_min < t->ar_confidence ? ar_min : t->ar_confidence;
        } else if (!strcmp(t->accuraterip, "other"))
            ar_o++;
        if (!strcmp(t->ctdb, "match")) {
            ct_m++;
            ct_min = ct_min && ct_min < t->ctdb_confidence ? ct_min : t->ctdb_confidence;
        }
        if (t->tested) {
            tested++;
            differ += strcmp(t->test_crc, t->copy_crc) != 0;
        }
    }
    d->audio_tracks = n;
    d->ar_tracks = ar_m;
    d->ctdb_tracks = ct_m;
    d->ar_confidence = ar_min;
    d->ctdb_confidence = ct_min;
    g_free(d->accuraterip);
    g_free(d->ctdb);
    if (!n) {
        d->accuraterip = g_strdup("n/a");
        d->ctdb = g_strdup("n/a");
        g_strlcpy(d->test_copy, "n/a", sizeof d->test_copy);
        return;
    }
    d->accuraterip = g_strdup(disc_status(ar_found, ar_searched, n, ar_m, ar_o));
    d->ctdb = g_strdup(disc_status(ct_found, ct_searched, n, ct_m, 0));
    g_strlcpy(d->test_copy,
              differ ? "mismatch" : tested == n ? "match" : tested ? "partial" : "untested", sizeof d->test_copy);
}

gboolean dw_catalog_parse_rip_json(dw_catalog_disc *d, const char *text, size_t len, const char *name,
                                   GError **error)
{
    if (len > MAX_JSON) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: too large for a rip record", name);
        return FALSE;
    }
    g_autoptr(JsonParser) parser = json_parser_new();
    GError *e = NULL;
    if (!json_parser_load_from_data(parser, text, (gssize)len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: not JSON: %s", name, e->message);
        g_error_free(e);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    JsonObject *disc_o = obj_member(o, "disc");
    JsonObject *sectors = obj_member(o, "sectors");
    if (!o || !disc_o || !sectors) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: not a discwright rip record (no \"disc\" and \"sectors\")",
                    name);
        return FALSE;
    }
    set_str(&d->tool, str_member(o, "tool"), 128);
    JsonObject *drive = obj_member(o, "drive");
    set_str(&d->drive_path, str_member(drive, "path"), 1024);
    set_str(&d->drive_vendor, str_member(drive, "vendor"), 64);
    set_str(&d->drive_model, str_member(drive, "model"), 64);
    set_str(&d->drive_revision, str_member(drive, "revision"), 64);
    JsonObject *off = obj_member(o, "offset");
    d->read_offset = (int)int_member(off, "samples", -100000, 100000, 0);
    d->offset_measured = bool_member(off, "measured");
    const int64_t big = INT64_C(1) << 40;
    d->good = int_member(sectors, "good", 0, big, 0);
    d->bad = int_member(sectors, "bad", 0, big, 0);
    d->untried = int_member(sectors, "untried", 0, big, 0);
    d->reads = int_member(sectors, "reads", 0, big, 0);
    d->unstable = (int)int_member(sectors, "unstable", 0, INT32_MAX, 0);
    d->q_errors = (int)int_member(sectors, "q_errors", 0, INT32_MAX, 0);
    g_free(d->status);
    d->status = g_strdup(d->bad + d->untried ? "incomplete" : "good");
    /* A status the record names outright; "audio" (below) overrides it. */
    const char *ar = str_member(o, "accuraterip"), *ct = str_member(o, "ctdb");
    if (ar)
        set_str(&d->accuraterip, ar, 128);
    if (ct)
        set_str(&d->ctdb, ct, 128);

    GString *opt = g_string_new("{\"reading\":");
    dw_json_append_string(opt, str_member(o, "reading"));
    g_string_append_printf(opt, ",\"block\":%" G_GINT64_FORMAT ",\"retries\":%" G_GINT64_FORMAT
                           ",\"offset_given\":%s,\"resumed\":%s,\"refine\":%s}",
                           int_member(o, "block", 0, 1 << 20, 0), int_member(o, "retries", 0, 1 << 20, 0),
                           bool_member(off, "given") ? "true" : "false", bool_member(o, "resumed") ? "true" : "false",
                           bool_member(o, "refine") ? "true" : "false");
    g_free(d->options);
    d->options = g_string_free(opt, FALSE);

    g_autoptr(dw_disc) disc = dw_disc_new();
    disc_from_json(disc_o, disc);
    cdtext_from_json(disc_o, d);
    dw_catalog_identify(d, disc);
    /* Per-track result: the model's layout plus bad sectors by number. */
    GHashTable *bad = g_hash_table_new(g_direct_hash, g_direct_equal);
    JsonArray *tb = arr_member(o, "tracks");
    for (guint i = 0; tb && i < json_array_get_length(tb); i++) {
        JsonNode *n = json_array_get_element(tb, i);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            continue;
        JsonObject *to = json_node_get_object(n);
        int num = (int)int_member(to, "number", 1, 99, 0);
        if (num)
            g_hash_table_insert(bad, GINT_TO_POINTER(num),
                                GINT_TO_POINTER((int)int_member(to, "bad_sectors", 0, INT32_MAX, 0)));
    }
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        dw_catalog_track *ct2 = g_new0(dw_catalog_track, 1);
        ct2->number = t->number;
        ct2->session = t->session;
        ct2->mode = g_strdup(dw_track_mode_name(t->mode));
        ct2->control = t->control;
        ct2->start = t->start;
        ct2->pregap = t->pregap;
        ct2->length = t->length;
        g_strlcpy(ct2->isrc, t->isrc, sizeof ct2->isrc);
        ct2->bad_sectors = GPOINTER_TO_INT(g_hash_table_lookup(bad, GINT_TO_POINTER(t->number)));
        g_ptr_array_add(d->track_list, ct2);
    }
    g_hash_table_destroy(bad);
    proof_from_json(o, d);
    for (guint i = 0; i < d->track_list->len; i++) {
        dw_catalog_track *t = g_ptr_array_index(d->track_list, i);
        const char *none = g_strcmp0(t->mode, "AUDIO") ? "n/a" : "unknown";
        if (!t->accuraterip[0])
            g_strlcpy(t->accuraterip, none, sizeof t->accuraterip);
        if (!t->ctdb[0])
            g_strlcpy(t->ctdb, none, sizeof t->ctdb);
    }
    return TRUE;
}

static dw_catalog_file *find_file(dw_catalog_disc *d, const char *name)
{
    for (guint i = 0; i < d->files->len; i++) {
        dw_catalog_file *f = g_ptr_array_index(d->files, i);
        if (!strcmp(f->name, name))
            return f;
    }
    return NULL;
}

static void copy_hash(dw_catalog_file *f, const dw_hash_result *h)
{
    f->size = (int64_t)h->size;
    g_strlcpy(f->crc32, h->crc32_hex, sizeof f->crc32);
    g_strlcpy(f->md5, h->md5_hex, sizeof f->md5);
    g_strlcpy(f->sha1, h->sha1_hex, sizeof f->sha1);
    g_strlcpy(f->sha256, h->sha256_hex, sizeof f->sha256);
}

dw_catalog_disc *dw_catalog_read_rip(const char *base_in, bool rehash, GError **error)
{
    g_autofree char *base = g_canonicalize_filename(base_in, NULL);
    g_autofree char *dir = g_path_get_dirname(base);
    g_autofree char *stem = g_path_get_basename(base);
    g_autofree char *jp = g_strdup_printf("%s.json", base);
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    struct stat st;
    if (stat(jp, &st) != 0 || !S_ISREG(st.st_mode)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no rip record there (%s is missing)", base_in, jp);
        return NULL;
    }
    if (st.st_size > MAX_JSON || !g_file_get_contents(jp, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot read: %s", jp, e ? e->message : "too large");
        g_clear_error(&e);
        return NULL;
    }
    g_autoptr(dw_catalog_disc) d = dw_catalog_disc_new();
    if (!dw_catalog_parse_rip_json(d, text, len, jp, error))
        return NULL;
    d->base = g_strdup(base);
    d->ripped_at = (int64_t)st.st_mtime;

    /* The outputs and their hashes from the sidecar. */
    g_autofree char *hp = g_strdup_printf("%s.hash", base);
    if (g_file_test(hp, G_FILE_TEST_EXISTS)) {
        g_autoptr(dw_hashlist) hl = dw_hashlist_read_file(hp, error);
        if (!hl)
            return NULL;
        if (hl->kind != DW_HASHLIST_SIDECAR) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: not a discwright hash sidecar", hp);
            return NULL;
        }
        for (guint i = 0; i < hl->entries->len; i++) {
            const dw_hash_entry *he = g_ptr_array_index(hl->entries, i);
            if (find_file(d, he->name))
                continue;
            dw_catalog_file *f = dw_catalog_file_new(he->name, "output");
            f->size = he->size;
            g_strlcpy(f->crc32, he->crc32, sizeof f->crc32);
            g_strlcpy(f->md5, he->md5, sizeof f->md5);
            g_strlcpy(f->sha1, he->sha1, sizeof f->sha1);
            g_strlcpy(f->sha256, he->sha256, sizeof f->sha256);
            g_ptr_array_add(d->files, f);
        }
    }
    /* The small records beside them, hashed now. */
    static const char *const side[] = { ".json", ".hash", ".dat", ".log", ".map", ".dump.ccd",
                                        ".physical", ".manufacturing", ".bca" };
    for (size_t i = 0; i < G_N_ELEMENTS(side); i++) {
        g_autofree char *name = g_strconcat(stem, side[i], NULL);
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) || find_file(d, name))
            continue;
        dw_hash_result h;
        if (!dw_hash_file(path, 0, -1, DW_HASH_ALL, &h, error))
            return NULL;
        dw_catalog_file *f = dw_catalog_file_new(name, "sidecar");
        copy_hash(f, &h);
        g_ptr_array_add(d->files, f);
    }
    if (rehash) {
        for (guint i = 0; i < d->files->len; i++) {
            dw_catalog_file *f = g_ptr_array_index(d->files, i);
            if (strcmp(f->role, "output") != 0)
                continue;
            g_autofree char *path = g_build_filename(dir, f->name, NULL);
            dw_hash_result h;
            if (!dw_hash_file(path, 0, -1, DW_HASH_ALL, &h, error))
                return NULL;
            if ((int64_t)h.size != f->size || strcmp(h.sha1_hex, f->sha1) != 0 || strcmp(h.md5_hex, f->md5) != 0 ||
                strcmp(h.sha256_hex, f->sha256) != 0 || strcmp(h.crc32_hex, f->crc32) != 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_MISMATCH, "%s does not match %s (changed since the rip)", path,
                            hp);
                return NULL;
            }
        }
    }
    /* Formats, from the outputs present. */
    GString *fmts = g_string_new(NULL);
    static const struct {
        const char *ext, *fmt;
    } kinds[] = { { ".cue", "bincue" }, { ".ccd", "ccd" }, { ".toc", "toc" }, { ".iso", "iso" } };
    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        g_autofree char *name = g_strconcat(stem, kinds[k].ext, NULL);
        if (find_file(d, name))
            g_string_append_printf(fmts, "%s\"%s\"", fmts->len ? "," : "", kinds[k].fmt);
    }
    if (d->options && g_str_has_suffix(d->options, "}")) {
        d->options[strlen(d->options) - 1] = '\0';
        char *o2 = g_strdup_printf("%s,\"formats\":[%s]}", d->options, fmts->str);
        g_free(d->options);
        d->options = o2;
    }
    g_string_free(fmts, TRUE);
    g_autofree char *iso_name = g_strconcat(stem, ".iso", NULL);
    if (find_file(d, iso_name)) {
        g_autofree char *iso = g_build_filename(dir, iso_name, NULL);
        dw_catalog_iso_ids(d, iso);
    }
    g_autofree char *lp = g_strdup_printf("%s.log", base);
    g_autofree char *log = NULL;
    gsize loglen = 0;
    if (g_file_get_contents(lp, &log, &loglen, NULL))
        d->log = dw_catalog_clip(log, MAX_LOG);
    return g_steal_pointer(&d);
}
