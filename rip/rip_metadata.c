/* rip_metadata.c: names for the track files and the cue sheet.
 *
 * --metadata FILE is a MusicBrainz release as its web service returns it
 * in JSON (release/MBID?inc=artist-credits+recordings+isrcs+discids):
 * title, date, barcode, id, artist-credit (name + joinphrase pieces),
 * label-info[].catalog-number, and media[] with position, discs[].id and
 * tracks[] (position, title, artist-credit, recording.isrcs).  The medium
 * used is the one whose disc ids hold this disc's MusicBrainz id, else
 * the first with as many tracks as the disc has audio tracks, else the
 * first; its tracks map in order onto the disc's audio tracks.  Parsed
 * with json-glib; a field of the wrong type is treated as absent.
 *
 * Without metadata (or for a field it lacks) CD-TEXT block 0 gives the
 * text, converted from its character set to UTF-8. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "discwright/error.h"
#include "rip/rip_audio_private.h"

static char *str_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return NULL;
    JsonNode *n = json_object_get_member(o, name);
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    const char *s = json_node_get_string(n);
    return s && *s && g_utf8_validate(s, -1, NULL) ? g_strdup(s) : NULL;
}

static int int_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return 0;
    JsonNode *n = json_object_get_member(o, name);
    if (!n || !JSON_NODE_HOLDS_VALUE(n))
        return 0;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_INT64)
        return (int)CLAMP(json_node_get_int(n), 0, 1000);
    if (t == G_TYPE_STRING)
        return (int)CLAMP(g_ascii_strtoll(json_node_get_string(n), NULL, 10), 0, 1000);
    return 0;
}

static JsonArray *arr_member(JsonObject *o, const char *name)
{
    if (!o || !json_object_has_member(o, name))
        return NULL;
    JsonNode *n = json_object_get_member(o, name);
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static JsonObject *obj_at(JsonArray *a, guint i)
{
    JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* "A & B feat. C" from an artist-credit array. */
static char *credit(JsonObject *o)
{
    JsonArray *a = arr_member(o, "artist-credit");
    if (!a)
        return NULL;
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonObject *p = obj_at(a, i);
        g_autofree char *name = str_member(p, "name");
        g_autofree char *join = str_member(p, "joinphrase");
        if (name)
            g_string_append(s, name);
        if (join)
            g_string_append(s, join);
    }
    if (!s->len) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

void dw_rip_metadata_free(dw_rip_metadata *m)
{
    if (!m)
        return;
    g_free(m->album);
    g_free(m->album_artist);
    g_free(m->date);
    g_free(m->barcode);
    g_free(m->release_id);
    g_free(m->label_catno);
    for (int i = 0; i < DW_MAX_TRACKS; i++) {
        g_free(m->tracks[i].title);
        g_free(m->tracks[i].artist);
        g_free(m->tracks[i].isrc);
    }
    g_free(m);
}

static bool medium_has_disc(JsonObject *medium, const char *discid)
{
    JsonArray *discs = arr_member(medium, "discs");
    for (guint i = 0; discs && discid[0] && i < json_array_get_length(discs); i++) {
        g_autofree char *id = str_member(obj_at(discs, i), "id");
        if (id && strcmp(id, discid) == 0)
            return true;
    }
    return false;
}

gboolean dw_rip_metadata_load(dw_rip_ctx *c, GError **error)
{
    const char *path = c->opt->metadata;
    g_autoptr(JsonParser) parser = json_parser_new();
    GError *e = NULL;
    if (!json_parser_load_from_file(parser, path, &e)) {
        g_set_error(error, DW_ERROR, e->domain == G_FILE_ERROR ? DW_ERROR_NO_DEVICE : DW_ERROR_PARSE, "%s: %s", path,
                    e->message);
        g_error_free(e);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: not a MusicBrainz release (no JSON object)", path);
        return FALSE;
    }
    JsonObject *rel = json_node_get_object(root);
    JsonArray *media = arr_member(rel, "media");
    if (!media || json_array_get_length(media) == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: a release without media", path);
        return FALSE;
    }
    const dw_rip_audio *a = c->audio;
    JsonObject *medium = NULL;
    const char *how = "the first medium";
    guint nm = json_array_get_length(media);
    for (guint i = 0; i < nm && !medium; i++)
        if (medium_has_disc(obj_at(media, i), a->ids.musicbrainz_id)) {
            medium = obj_at(media, i);
            how = "the medium holding this disc id";
        }
    for (guint i = 0; i < nm && !medium; i++) {
        JsonObject *m = obj_at(media, i);
        JsonArray *t = arr_member(m, "tracks");
        if (t && (int)json_array_get_length(t) == a->layout.n) {
            medium = m;
            how = "the first medium with as many tracks";
        }
    }
    if (!medium)
        medium = obj_at(media, 0);
    dw_rip_metadata *md = g_new0(dw_rip_metadata, 1);
    md->album = str_member(rel, "title");
    md->album_artist = credit(rel);
    md->date = str_member(rel, "date");
    md->barcode = str_member(rel, "barcode");
    md->release_id = str_member(rel, "id");
    md->label_catno = str_member(obj_at(arr_member(rel, "label-info"), 0), "catalog-number");
    md->disc_number = int_member(medium, "position");
    md->disc_total = (int)nm;
    JsonArray *tracks = arr_member(medium, "tracks");
    for (guint i = 0; tracks && i < json_array_get_length(tracks) && i < DW_MAX_TRACKS; i++) {
        JsonObject *t = obj_at(tracks, i);
        JsonObject *rec = NULL;
        if (t && json_object_has_member(t, "recording")) {
            JsonNode *n = json_object_get_member(t, "recording");
            rec = n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        }
        md->tracks[i].title = str_member(t, "title");
        if (!md->tracks[i].title)
            md->tracks[i].title = str_member(rec, "title");
        md->tracks[i].artist = credit(t);
        if (!md->tracks[i].artist)
            md->tracks[i].artist = credit(rec);
        JsonArray *isrcs = arr_member(rec, "isrcs");
        JsonNode *first = isrcs && json_array_get_length(isrcs) ? json_array_get_element(isrcs, 0) : NULL;
        if (first && JSON_NODE_HOLDS_VALUE(first) && json_node_get_value_type(first) == G_TYPE_STRING &&
            strlen(json_node_get_string(first)) == 12)
            md->tracks[i].isrc = g_strdup(json_node_get_string(first));
        md->n_tracks = (int)i + 1;
    }
    c->audio->meta = md;
    dw_rip_log(c, DW_LOG_INFO, "metadata: \"%s\" by %s from %s (%s, %d tracks)", md->album ? md->album : "?",
               md->album_artist ? md->album_artist : "?", path, how, md->n_tracks);
    if (md->n_tracks != a->layout.n)
        dw_rip_log(c, DW_LOG_WARNING, "metadata: the medium has %d tracks, the disc %d audio tracks", md->n_tracks,
                   a->layout.n);
    return TRUE;
}

static char *cdtext_utf8(const dw_rip_ctx *c, dw_cdtext_field f, int track)
{
    const char *t = dw_cdtext_get(&c->disc->cdtext, 0, f, track);
    if (!t || !*t)
        return NULL;
    uint8_t cs = c->disc->cdtext.n_blocks ? c->disc->cdtext.block[0].charset : 0;
    if (cs == DW_CDTEXT_CHARSET_MSJIS)
        return g_convert(t, -1, "UTF-8", "SHIFT_JIS", NULL, NULL, NULL);
    if (g_utf8_validate(t, -1, NULL) && cs == DW_CDTEXT_CHARSET_ASCII)
        return g_strdup(t);
    return g_convert(t, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

char *dw_rip_tag_text(const dw_rip_ctx *c, int k, dw_tag_kind kind)
{
    const dw_rip_metadata *m = c->audio ? c->audio->meta : NULL;
    if (m) {
        const char *v = NULL;
        if (k < 0)
            v = kind == DW_TAG_TITLE ? m->album : kind == DW_TAG_ARTIST ? m->album_artist : NULL;
        else if (k < m->n_tracks)
            v = kind == DW_TAG_TITLE ? m->tracks[k].title : kind == DW_TAG_ARTIST ? m->tracks[k].artist : NULL;
        if (v)
            return g_strdup(v);
    }
    int track = k < 0 ? 0 : c->audio->layout.number[k];
    dw_cdtext_field f = kind == DW_TAG_TITLE      ? DW_CDTEXT_TITLE
                        : kind == DW_TAG_ARTIST   ? DW_CDTEXT_PERFORMER
                        : kind == DW_TAG_GENRE    ? DW_CDTEXT_GENRE
                                                  : DW_CDTEXT_SONGWRITER;
    return cdtext_utf8(c, f, track);
}
