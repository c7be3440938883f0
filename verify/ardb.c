/* ardb.c: AccurateRip's binary response (what
 * accuraterip.com/accuraterip/a/b/c/dBAR-NNN-ID1-ID2-CDDB.bin returns), as
 * ARver and other open readers describe it: a sequence of records, one
 * per pressing, each a 13-byte header [track count u8][id1 u32le]
 * [id2 u32le][cddb u32le] followed by 9 bytes per track [confidence u8]
 * [CRC u32le][frame450 CRC u32le].  The same CRC field is compared with
 * both the v1 and the v2 sums (the database holds either).  Every length
 * is checked; a truncated or malformed file is a parse error.
 *
 * The server keeps a disc's file at accuraterip/c/b/a/NAME, where a, b
 * and c are the last three hex digits of id1 (last first); a folder given
 * with --accuraterip-db may hold NAME directly or in that layout (the
 * download cache uses it). */
#include "config.h"

#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"
#include "discwright/verify.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

dw_ar_record *dw_ar_db_parse(const uint8_t *data, size_t len, const char *name, size_t *n, GError **error)
{
    GArray *recs = g_array_new(FALSE, TRUE, sizeof(dw_ar_record));
    size_t pos = 0;
    while (pos < len) {
        if (len - pos < 13) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: byte %zu: truncated record header", name, pos);
            g_array_free(recs, TRUE);
            return NULL;
        }
        dw_ar_record r;
        memset(&r, 0, sizeof r);
        r.n_tracks = data[pos];
        r.id1 = le32(data + pos + 1);
        r.id2 = le32(data + pos + 5);
        r.cddb = le32(data + pos + 9);
        if (r.n_tracks < 1 || r.n_tracks > 99 || (len - pos - 13) / 9 < (size_t)r.n_tracks) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: byte %zu: record of %d tracks does not fit",
                        name, pos, r.n_tracks);
            g_array_free(recs, TRUE);
            return NULL;
        }
        pos += 13;
        for (int t = 0; t < r.n_tracks; t++, pos += 9) {
            r.confidence[t] = data[pos];
            r.crc[t] = le32(data + pos + 1);
            r.frame450[t] = le32(data + pos + 5);
        }
        g_array_append_val(recs, r);
    }
    if (recs->len == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: no records", name);
        g_array_free(recs, TRUE);
        return NULL;
    }
    *n = recs->len;
    return (dw_ar_record *)(void *)g_array_free(recs, FALSE);
}

void dw_audio_check_db(const dw_audio_sums *s, const dw_ar_record *recs, size_t n, dw_report *r)
{
    int matching_records = 0;
    for (size_t i = 0; i < n; i++)
        if (recs[i].n_tracks == s->n_tracks && recs[i].id1 == s->ar_id1 && recs[i].id2 == s->ar_id2 &&
            recs[i].cddb == s->cddb_id)
            matching_records++;
    if (!matching_records) {
        dw_report_add(r, DW_SEV_ERROR, "accuraterip", NULL, 0, -1, -1,
                      "no record for disc id %03d-%08x-%08x-%08x in the database", s->n_tracks, s->ar_id1,
                      s->ar_id2, s->cddb_id);
        return;
    }
    for (int k = 0; k < s->n_tracks; k++) {
        int conf_v1 = 0, conf_v2 = 0, f450 = 0;
        for (size_t i = 0; i < n; i++) {
            const dw_ar_record *x = &recs[i];
            if (x->n_tracks != s->n_tracks || x->id1 != s->ar_id1 || x->id2 != s->ar_id2 || x->cddb != s->cddb_id)
                continue;
            if (x->crc[k] == s->tracks[k].ar_v1)
                conf_v1 += x->confidence[k];
            if (x->crc[k] == s->tracks[k].ar_v2)
                conf_v2 += x->confidence[k];
            if (x->frame450[k] && x->frame450[k] == s->tracks[k].frame450)
                f450++;
        }
        if (conf_v1 || conf_v2)
            dw_report_add(r, DW_SEV_OK, "accuraterip", NULL, s->tracks[k].track, -1, -1,
                          "accurately ripped (%s, confidence %d)", conf_v2 ? "v2" : "v1",
                          conf_v2 ? conf_v2 : conf_v1);
        else
            dw_report_add(r, DW_SEV_ERROR, "accuraterip", NULL, s->tracks[k].track, -1, -1,
                          "no matching AccurateRip CRC (v1 %08x, v2 %08x)%s", s->tracks[k].ar_v1,
                          s->tracks[k].ar_v2, f450 ? "; frame450 matches: a read offset differs?" : "");
    }
}

char *dw_ar_db_filename(int n_tracks, uint32_t id1, uint32_t id2, uint32_t cddb)
{
    return g_strdup_printf("dBAR-%03d-%08x-%08x-%08x.bin", n_tracks, id1, id2, cddb);
}

char *dw_ar_db_relpath(int n_tracks, uint32_t id1, uint32_t id2, uint32_t cddb)
{
    g_autofree char *name = dw_ar_db_filename(n_tracks, id1, id2, cddb);
    return g_strdup_printf("%x/%x/%x/%s", id1 & 0xF, (id1 >> 4) & 0xF, (id1 >> 8) & 0xF, name);
}

dw_ar_record *dw_ar_db_load(const char *file_or_dir, int n_tracks, uint32_t id1, uint32_t id2, uint32_t cddb,
                            size_t *n, char **path_out, GError **error)
{
    g_autofree char *path = NULL;
    *n = 0;
    if (g_file_test(file_or_dir, G_FILE_TEST_IS_DIR)) {
        g_autofree char *name = dw_ar_db_filename(n_tracks, id1, id2, cddb);
        g_autofree char *rel = dw_ar_db_relpath(n_tracks, id1, id2, cddb);
        char *a = g_build_filename(file_or_dir, name, NULL);
        char *b = g_build_filename(file_or_dir, rel, NULL);
        if (g_file_test(a, G_FILE_TEST_IS_REGULAR)) {
            path = a;
            g_free(b);
        } else if (g_file_test(b, G_FILE_TEST_IS_REGULAR)) {
            path = b;
            g_free(a);
        } else {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no AccurateRip file %s for this disc",
                        file_or_dir, name);
            g_free(a);
            g_free(b);
            return NULL;
        }
    } else
        path = g_strdup(file_or_dir);
    g_autofree char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    size_t all = 0;
    dw_ar_record *recs = dw_ar_db_parse((const uint8_t *)data, len, path, &all, error);
    if (!recs)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < all; i++)
        if (recs[i].n_tracks == n_tracks && recs[i].id1 == id1 && recs[i].id2 == id2 && recs[i].cddb == cddb)
            recs[k++] = recs[i];
    *n = k;
    if (path_out)
        *path_out = g_steal_pointer(&path);
    return recs;
}
