/* test_audiodb.c: the audio database formats (audiodb.h) on fixtures:
 * an AccurateRip answer found in a folder by its server path (the cdtoc
 * crate's documented example: disc 004-0002189a-00087f33-1f02e004 lives at
 * accuraterip/a/9/8/), the CTDB lookup toc for the crate's published
 * examples (audio, and an enhanced CD whose last track is data), a CTDB
 * answer with entries and metadata, the drive offset list (vendor/model
 * split, entries without a vendor, matching with padding and case), and
 * every parser refusing truncated or malformed input; the per-track proof
 * summing confidences over records and entries. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

static void put32(GByteArray *b, uint32_t v)
{
    uint8_t p[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    g_byte_array_append(b, p, 4);
}

static GByteArray *record(int n, uint32_t id1, uint32_t id2, uint32_t cddb, uint8_t conf, uint32_t crc0)
{
    GByteArray *b = g_byte_array_new();
    uint8_t c = (uint8_t)n;
    g_byte_array_append(b, &c, 1);
    put32(b, id1);
    put32(b, id2);
    put32(b, cddb);
    for (int k = 0; k < n; k++) {
        g_byte_array_append(b, &conf, 1);
        put32(b, crc0 + (uint32_t)k);
        put32(b, 0x450 + (uint32_t)k);
    }
    return b;
}

static void test_ar_folder(void)
{
    g_autofree char *rel = dw_ar_db_relpath(4, 0x0002189a, 0x00087f33, 0x1f02e004);
    g_assert_cmpstr(rel, ==, "a/9/8/dBAR-004-0002189a-00087f33-1f02e004.bin");
    g_autofree char *dir = g_dir_make_tmp("audiodb-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autofree char *sub = g_build_filename(dir, "a", "9", "8", NULL);
    g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
    g_autofree char *path = g_build_filename(dir, rel, NULL);
    GByteArray *a = record(4, 0x0002189a, 0x00087f33, 0x1f02e004, 7, 100);
    GByteArray *other = record(2, 1, 2, 3, 1, 0);
    GByteArray *c = record(4, 0x0002189a, 0x00087f33, 0x1f02e004, 3, 200);
    g_byte_array_append(a, other->data, other->len);
    g_byte_array_append(a, c->data, c->len);
    g_assert_true(g_file_set_contents(path, (const char *)a->data, a->len, NULL));
    size_t n = 0;
    GError *e = NULL;
    g_autofree char *found = NULL;
    g_autofree dw_ar_record *r = dw_ar_db_load(dir, 4, 0x0002189a, 0x00087f33, 0x1f02e004, &n, &found, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(n, ==, 2);          /* the other disc's record left out */
    g_assert_cmpstr(found, ==, path);
    g_assert_cmpuint(r[0].crc[3], ==, 103);
    g_assert_cmpuint(r[1].confidence[0], ==, 3);
    g_assert_cmpuint(r[1].frame450[2], ==, 0x452);
    /* A disc the folder does not hold: NO_DEVICE, naming the file. */
    size_t n2 = 0;
    g_assert_null(dw_ar_db_load(dir, 4, 1, 2, 3, &n2, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_NO_DEVICE);
    g_assert_nonnull(strstr(e->message, "dBAR-004-00000001-00000002-00000003.bin"));
    g_clear_error(&e);
    /* Every truncation is refused. */
    for (guint len = 1; len < a->len; len++) {
        if (len == 13 + 4 * 9 || len == 13 + 4 * 9 + 13 + 2 * 9)
            continue;            /* whole records */
        size_t m = 0;
        dw_ar_record *x = dw_ar_db_parse(a->data, len, "cut.bin", &m, &e);
        g_assert_null(x);
        g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
        g_clear_error(&e);
    }
    /* Proof: confidence summed over the records that match; v2 first. */
    dw_audio_sums s;
    memset(&s, 0, sizeof s);
    s.n_tracks = 4;
    s.ar_id1 = 0x0002189a;
    s.ar_id2 = 0x00087f33;
    s.cddb_id = 0x1f02e004;
    for (int k = 0; k < 4; k++) {
        s.tracks[k].track = k + 1;
        s.tracks[k].ar_v1 = 100 + (uint32_t)k;
        s.tracks[k].ar_v2 = k == 1 ? 201 : 999;
    }
    dw_audio_proof p;
    dw_audio_prove(&s, NULL, r, n, NULL, 0, &p);
    g_assert_true(p.ar_found);
    g_assert_cmpint(p.tracks[0].ar, ==, DW_AR_V1);
    g_assert_cmpint(p.tracks[0].ar_confidence, ==, 7);
    g_assert_cmpint(p.tracks[0].ar_total, ==, 10);
    g_assert_cmpint(p.tracks[1].ar, ==, DW_AR_V2);
    g_assert_cmpint(p.tracks[1].ar_confidence, ==, 3);
    g_byte_array_unref(a);
    g_byte_array_unref(other);
    g_byte_array_unref(c);
    g_unlink(path);
    g_rmdir(sub);
    g_autofree char *d9 = g_path_get_dirname(sub);
    g_rmdir(d9);
    g_autofree char *da = g_path_get_dirname(d9);
    g_rmdir(da);
    g_rmdir(dir);
}

/* A disc from a cdtoc-crate string: audio count+start...+lead-out (hex,
 * MSF frames); with data_last one more start before the lead-out is a
 * data track. */
static dw_disc *disc_of(const char *toc, bool data_last)
{
    dw_disc *d = dw_disc_new();
    g_auto(GStrv) p = g_strsplit(toc, "+", -1);
    int n = (int)g_ascii_strtoll(p[0], NULL, 16) + (data_last ? 1 : 0);
    d->n_tracks = n;
    for (int k = 0; k < n; k++) {
        dw_track_init(&d->tracks[k], k + 1);
        d->tracks[k].session = 1;
        d->tracks[k].start = (int32_t)g_ascii_strtoll(p[k + 1], NULL, 16) - 150;
        if (data_last && k == n - 1) {
            d->tracks[k].control = DW_CTRL_DATA;
            d->tracks[k].mode = DW_TRACK_MODE1;
        }
    }
    d->n_sessions = 1;
    d->sessions[0].number = 1;
    d->sessions[0].leadout = (int32_t)g_ascii_strtoll(p[n + 1], NULL, 16) - 150;
    return d;
}

static void test_ctdb_toc(void)
{
    g_autoptr(dw_disc) a = disc_of("4+96+2D2B+6256+B327+D84A", false);
    g_autofree char *ta = dw_ctdb_toc_param(a);
    g_assert_cmpstr(ta, ==, "0:11413:25024:45713:55220");
    g_autoptr(dw_disc) b = disc_of("D+96+3B5D+78E3+B441+EC83+134F4+17225+1A801+1EA5C+23B5B+27CEF+2B58B+2F974+35D56+"
                                   "514C8", true);
    g_autofree char *tb = dw_ctdb_toc_param(b);
    g_assert_cmpstr(tb, ==, "0:15047:30797:45995:60397:78942:94607:108395:125382:146117:162905:177397:194782:-220352:"
                            "332850");
}

static void test_ctdb_answer(void)
{
    const char *xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ctdb xmlns=\"http://db.cuetools.net/ns/mmd-1.0#\" xmlns:ext=\"http://db.cuetools.net/ns/ext-1.0#\">\n"
        " <entry confidence=\"12\" crc32=\"0A1B2C3D\" hasparity=\"http://p.example/1\" id=\"77\" npar=\"8\" "
        "stride=\"5880\" toc=\"0:1:2\" trackcrcs=\"00000001 00000002\" />\n"
        " <entry confidence=\"3\" crc32=\"deadbeef\" id=\"78\" trackcrcs=\"00000001 ffffffff\"/>\n"
        " <metadata album=\"A &amp; B\" artist=\"C\"><track name=\"x\"/><entry confidence=\"x\"/></metadata>\n"
        "</ctdb>\n";
    size_t n = 0;
    GError *e = NULL;
    g_autofree dw_ctdb_entry *en = dw_ctdb_parse(xml, strlen(xml), "a.xml", &n, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(n, ==, 2);          /* the <entry> inside <metadata> is not one */
    g_assert_cmpint(en[0].confidence, ==, 12);
    g_assert_cmphex(en[0].crc32, ==, 0x0A1B2C3D);
    g_assert_true(en[0].has_parity);
    g_assert_false(en[1].has_parity);
    g_assert_cmpint(en[1].n_tracks, ==, 2);
    g_assert_cmphex(en[1].track_crcs[1], ==, 0xffffffff);
    g_assert_cmpstr(en[0].id, ==, "77");
    dw_audio_sums s;
    memset(&s, 0, sizeof s);
    s.n_tracks = 2;
    s.ctdb_crc = 0x0A1B2C3D;
    dw_track_extra x[2] = { { .ctdb = 1 }, { .ctdb = 2 } };
    dw_audio_proof p;
    dw_audio_prove(&s, x, NULL, 0, en, n, &p);
    g_assert_cmpint(p.ctdb_disc_confidence, ==, 12);
    g_assert_cmpint(p.tracks[0].ctdb_confidence, ==, 15);
    g_assert_cmpint(p.tracks[1].ctdb_confidence, ==, 12);
    g_assert_cmpint(p.tracks[1].ctdb_total, ==, 15);
    static const char *const bad[] = {
        "<ctdb><entry confidence=\"-1\"/></ctdb>",
        "<ctdb><entry crc32=\"123456789\"/></ctdb>",
        "<ctdb><entry trackcrcs=\"1 g\"/></ctdb>",
        "<html><entry/></html>",
        "<ctdb><entry confidence=\"1\">",
        "",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_null(dw_ctdb_parse(bad[i], strlen(bad[i]), "bad.xml", &n, &e));
        g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
        g_clear_error(&e);
    }
    const char *empty = "<ctdb xmlns=\"http://db.cuetools.net/ns/mmd-1.0#\"/>";
    g_autofree dw_ctdb_entry *none = dw_ctdb_parse(empty, strlen(empty), "e.xml", &n, &e);
    g_assert_nonnull(none);
    g_assert_cmpuint(n, ==, 0);
}

static void add_drive(GByteArray *b, int16_t off, const char *name, uint32_t subs)
{
    uint8_t r[69] = { 0 };
    r[0] = (uint8_t)(uint16_t)off;
    r[1] = (uint8_t)((uint16_t)off >> 8);
    memcpy(r + 2, name, MIN(strlen(name), 32));
    r[35] = (uint8_t)subs;
    r[36] = (uint8_t)(subs >> 8);
    g_byte_array_append(b, r, sizeof r);
}

static void test_drive_offsets(void)
{
    GByteArray *b = g_byte_array_new();
    add_drive(b, 667, "PIONEER  - BD-RW   BDR-XD05", 91);
    add_drive(b, -1164, "- CDROM-XYZ", 3);
    add_drive(b, 6, "HL-DT-ST - DVDRAM GH24NSD1", 1200);
    add_drive(b, 48, "NOSEP", 1);
    size_t n = 0;
    GError *e = NULL;
    g_autofree dw_drive_offset *d = dw_drive_offsets_parse(b->data, b->len, "d.bin", &n, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(n, ==, 4);
    g_assert_cmpstr(d[0].vendor, ==, "PIONEER");
    g_assert_cmpstr(d[0].model, ==, "BD-RW   BDR-XD05");
    g_assert_cmpint(d[0].offset, ==, 667);
    g_assert_cmpuint(d[0].submissions, ==, 91);
    g_assert_cmpstr(d[1].vendor, ==, "");
    g_assert_cmpint(d[1].offset, ==, -1164);
    /* INQUIRY pads; blanks inside are runs; case does not matter. */
    const dw_drive_offset *f = dw_drive_offsets_find(d, n, "PIONEER ", "BD-RW BDR-XD05  ");
    g_assert_nonnull(f);
    g_assert_cmpint(f->offset, ==, 667);
    f = dw_drive_offsets_find(d, n, "hl-dt-st", "dvdram gh24nsd1");
    g_assert_nonnull(f);
    g_assert_cmpint(f->offset, ==, 6);
    f = dw_drive_offsets_find(d, n, "ANY", "CDROM-XYZ");     /* an entry without vendor */
    g_assert_nonnull(f);
    g_assert_cmpint(f->offset, ==, -1164);
    g_assert_null(dw_drive_offsets_find(d, n, "PIONEER", "BD-RW BDR-XD06"));
    /* Not whole records, an offset out of range, a name that is not text. */
    g_assert_null(dw_drive_offsets_parse(b->data, b->len - 1, "d.bin", &n, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
    g_clear_error(&e);
    GByteArray *x = g_byte_array_new();
    add_drive(x, 3000, "A - B", 1);
    g_assert_null(dw_drive_offsets_parse(x->data, x->len, "x.bin", &n, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
    g_clear_error(&e);
    x->data[5] = 0x07;
    x->data[0] = 1;
    x->data[1] = 0;
    g_assert_null(dw_drive_offsets_parse(x->data, x->len, "x.bin", &n, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
    g_clear_error(&e);
    g_byte_array_unref(x);
    g_byte_array_unref(b);
}

static void test_log_checksum(void)
{
    g_autofree char *dir = g_dir_make_tmp("riplog-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "x.log", NULL);
    const char *body = "discwright rip log\n\nTrack  1\n     Copy CRC 12345678\n";
    g_autofree char *seal = dw_riplog_checksum_line(body, strlen(body));
    g_autofree char *text = g_strconcat(body, seal, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    dw_report *r = dw_report_new();
    g_assert_true(dw_verify_rip_log(path, r, NULL));
    g_assert_cmpuint(dw_report_count_sev(r, DW_SEV_ERROR, NULL), ==, 0);
    dw_report_free(r);
    for (size_t i = 0; i < strlen(body); i += 7) {
        text[i] ^= 0x20;
        g_assert_true(g_file_set_contents(path, text, -1, NULL));
        r = dw_report_new();
        g_assert_true(dw_verify_rip_log(path, r, NULL));
        g_assert_cmpuint(dw_report_count_sev(r, DW_SEV_ERROR, "log"), ==, 1);
        dw_report_free(r);
        text[i] ^= 0x20;
    }
    g_assert_true(g_file_set_contents(path, body, -1, NULL));
    r = dw_report_new();
    g_assert_true(dw_verify_rip_log(path, r, NULL));
    g_assert_cmpuint(dw_report_count_sev(r, DW_SEV_ERROR, "log"), ==, 1);    /* no checksum line */
    dw_report_free(r);
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/audiodb/accuraterip-folder", test_ar_folder);
    g_test_add_func("/audiodb/ctdb-toc", test_ctdb_toc);
    g_test_add_func("/audiodb/ctdb-answer", test_ctdb_answer);
    g_test_add_func("/audiodb/drive-offsets", test_drive_offsets);
    g_test_add_func("/audiodb/log-checksum", test_log_checksum);
    return g_test_run();
}
