/* test_verify.c: the pure parts of verify: RSPC correction of single
 * and scattered byte errors (Mode 1 and Mode 2 Form 1), the reference
 * hash list parsers, range lists, the report's JSON, AccurateRip/CDDB
 * disc ids and the CTDB TOC id against published values (ARver's notes
 * on "Liquid" by Recoil: 010-00154c2f-00af4fd4-890e120a for its audio
 * TOC; the cdtoc crate's CTDB example 4+96+2D2B+6256+B327+D84A ->
 * VukMWWItblELRM.CEFpXxw0FlME-), and the AccurateRip database parser. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/hash.h"
#include "discwright/sector.h"
#include "discwright/verify.h"

static void make_mode1(uint8_t s[2352], int32_t lba)
{
    memset(s, 0, 2352);
    for (int i = 16; i < 2064; i++)
        s[i] = (uint8_t)(i * 7 + lba);
    dw_sector_encode_mode1(s, lba);
}

static void test_rspc_single(void)
{
    uint8_t good[2352], s[2352];
    make_mode1(good, 1234);
    int fixed = -1;
    memcpy(s, good, 2352);
    g_assert_true(dw_rspc_correct(s, false, 4, &fixed));
    g_assert_cmpint(fixed, ==, 0);
    /* Every byte from the header to the end of Q parity, one at a time. */
    for (int pos = 12; pos < 2352; pos += 1) {
        memcpy(s, good, 2352);
        s[pos] ^= (uint8_t)(1 + pos % 255);
        g_assert_true(dw_rspc_correct(s, false, 4, &fixed));
        g_assert_cmpint(fixed, >=, 1);
        g_assert_cmpmem(s, 2352, good, 2352);
    }
}

static void test_rspc_scattered(void)
{
    uint8_t good[2352], s[2352];
    make_mode1(good, 77);
    GRand *rnd = g_rand_new_with_seed(5);
    for (int round = 0; round < 200; round++) {
        memcpy(s, good, 2352);
        /* A burst of 4 bytes in one row: each P column sees one error. */
        int base = 16 + g_rand_int_range(rnd, 0, 1900);
        for (int k = 0; k < 4; k++)
            s[base + k] ^= (uint8_t)g_rand_int_range(rnd, 1, 256);
        g_assert_true(dw_rspc_correct(s, false, 8, NULL));
        g_assert_cmpmem(s, 2352, good, 2352);
    }
    g_rand_free(rnd);
    /* Too much damage: refused, the sector left as it was. */
    memcpy(s, good, 2352);
    for (int i = 100; i < 400; i++)
        s[i] ^= 0x5A;
    uint8_t before[2352];
    memcpy(before, s, 2352);
    g_assert_false(dw_rspc_correct(s, false, 8, NULL));
    g_assert_cmpmem(s, 2352, before, 2352);
}

static void test_rspc_mode2(void)
{
    uint8_t good[2352], s[2352];
    memset(good, 0, 2352);
    good[18] = good[22] = 0x08;                  /* data, form 1 */
    for (int i = 24; i < 2072; i++)
        good[i] = (uint8_t)(i ^ 0x33);
    dw_sector_encode_mode2_form1(good, 4000);
    for (int pos = 16; pos < 2352; pos += 13) {
        memcpy(s, good, 2352);
        s[pos] ^= 0xC3;
        g_assert_true(dw_rspc_correct(s, true, 4, NULL));
        g_assert_cmpmem(s, 2352, good, 2352);
    }
}

static void test_hashlist(void)
{
    GError *e = NULL;
    const char *side = "# discwright hashes 1\n# size crc32 md5 sha1 sha256 name\n"
                       "3 352441C2 900150983cd24fb0d6963f7d28e17f72 a9993e364706816aba3e25717850c26c9cd0d89d "
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad My Disc (Track 12).bin\r\n";
    g_autoptr(dw_hashlist) l = dw_hashlist_parse(side, strlen(side), "t.hash", &e);
    g_assert_no_error(e);
    g_assert_cmpint(l->kind, ==, DW_HASHLIST_SIDECAR);
    g_assert_cmpuint(l->entries->len, ==, 1);
    const dw_hash_entry *x = g_ptr_array_index(l->entries, 0);
    g_assert_cmpstr(x->name, ==, "My Disc (Track 12).bin");
    g_assert_cmpstr(x->crc32, ==, "352441c2");
    g_assert_cmpint(x->size, ==, 3);

    const char *dat = "<?xml version=\"1.0\"?>\n<!DOCTYPE datafile PUBLIC \"x\" \"y\">\n<datafile>"
                      "<header><name>n</name></header><game name=\"G &amp; H\"><description>d</description>"
                      "<rom name=\"a.bin\" size=\"3\" crc=\"352441c2\" md5=\"900150983cd24fb0d6963f7d28e17f72\" "
                      "sha1=\"A9993E364706816ABA3E25717850C26C9CD0D89D\"/></game></datafile>";
    g_autoptr(dw_hashlist) d = dw_hashlist_parse(dat, strlen(dat), "t.dat", &e);
    g_assert_no_error(e);
    g_assert_cmpstr(d->game, ==, "G & H");
    x = g_ptr_array_index(d->entries, 0);
    g_assert_cmpuint(x->kinds, ==, DW_HASH_CRC32 | DW_HASH_MD5 | DW_HASH_SHA1);
    g_assert_cmpstr(x->sha1, ==, "a9993e364706816aba3e25717850c26c9cd0d89d");

    const char *sum = "a9993e364706816aba3e25717850c26c9cd0d89d *with space.bin\n";
    g_autoptr(dw_hashlist) s = dw_hashlist_parse(sum, strlen(sum), "t.sha1", &e);
    g_assert_no_error(e);
    g_assert_cmpint(s->kind, ==, DW_HASHLIST_SHA1);
    g_assert_cmpstr(((dw_hash_entry *)g_ptr_array_index(s->entries, 0))->name, ==, "with space.bin");

    static const char *const bad[] = {
        "# discwright hashes 1\n3 352441c2 short\n",
        "a9993e364706816aba3e25717850c26c9cd0d89d  /etc/passwd\n",
        "a9993e364706816aba3e25717850c26c9cd0d89d  ../x\n",
        "<datafile><game name=\"x\"><rom name=\"a\" crc=\"zz\"/></game></datafile>",
        "<datafile><rom name=\"a\"/></datafile>",
        "<datafile><game name=\"x\"></game>",
        "",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        dw_hashlist *b = dw_hashlist_parse(bad[i], strlen(bad[i]), "bad.sha1", &e);
        g_assert_null(b);
        g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
        g_assert_nonnull(strstr(e->message, "bad.sha1"));
        g_clear_error(&e);
    }
}

static void test_ranges_report(void)
{
    dw_range_list l;
    dw_range_list_init(&l);
    int64_t pos[] = { 3, 4, 5, 9, 20, 21 };
    for (size_t i = 0; i < G_N_ELEMENTS(pos); i++)
        dw_range_list_add(&l, pos[i]);
    g_autofree char *t = dw_range_list_text(&l, 10);
    g_assert_cmpstr(t, ==, "3-5, 9, 20-21");
    g_autofree char *t2 = dw_range_list_text(&l, 1);
    g_assert_cmpstr(t2, ==, "3-5, ... (3 ranges in all)");
    g_assert_cmpint(l.count, ==, 6);
    dw_range_list_clear(&l);

    g_autoptr(dw_report) r = dw_report_new();
    g_assert_cmpint(dw_report_worst(r), ==, DW_SEV_OK);
    dw_report_add(r, DW_SEV_OK, "hash", "a \"b\".bin", 2, -1, -1, "fine");
    dw_report_add(r, DW_SEV_ERROR, "sector", NULL, 1, 10, 12, "bad %d", 3);
    dw_report_set_stat(r, "n", 5);
    dw_report_set_stat(r, "n", 6);
    g_assert_cmpint(dw_report_worst(r), ==, DW_SEV_ERROR);
    g_assert_cmpuint(dw_report_count_sev(r, DW_SEV_ERROR, "sector"), ==, 1);
    g_autofree char *j = dw_report_to_json(r);
    g_assert_cmpstr(j, ==, "{\"worst\":\"error\",\"stats\":{\"n\":6},\"findings\":["
                    "{\"severity\":\"ok\",\"check\":\"hash\",\"path\":\"a \\\"b\\\".bin\",\"track\":2,"
                    "\"first\":null,\"last\":null,\"message\":\"fine\"},"
                    "{\"severity\":\"error\",\"check\":\"sector\",\"path\":null,\"track\":1,\"first\":10,"
                    "\"last\":12,\"message\":\"bad 3\"}]}");
}

static void test_disc_ids(void)
{
    /* "Liquid" (Recoil), its ten audio tracks as MusicBrainz lists them. */
    const int32_t offs[] = { 150, 12767, 40487, 63225, 93410, 118115, 151865, 184340, 215260, 247455 };
    int32_t st[10];
    for (int i = 0; i < 10; i++)
        st[i] = offs[i] - 150;
    uint32_t id1, id2, cddb;
    dw_audio_disc_ids(st, 10, 270335 - 150, &id1, &id2, &cddb);
    g_assert_cmphex(id1, ==, 0x00154c2f);
    g_assert_cmphex(id2, ==, 0x00af4fd4);
    g_assert_cmphex(cddb, ==, 0x890e120a);

    const int32_t ct[] = { 0x96, 0x2D2B, 0x6256, 0xB327 };
    char id[32];
    dw_ctdb_tocid(ct, 4, 0xD84A, id);
    g_assert_cmpstr(id, ==, "VukMWWItblELRM.CEFpXxw0FlME-");
}

static void test_ardb(void)
{
    uint8_t buf[13 + 18];
    memset(buf, 0, sizeof buf);
    buf[0] = 2;
    buf[1] = 0x2f; buf[2] = 0x4c; buf[3] = 0x15;          /* id1 0x154c2f */
    buf[13] = 9;                                          /* track 1 confidence */
    buf[14] = 0x78; buf[15] = 0x56; buf[16] = 0x34; buf[17] = 0x12;
    GError *e = NULL;
    size_t n = 0;
    g_autofree dw_ar_record *r = dw_ar_db_parse(buf, sizeof buf, "db.bin", &n, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(n, ==, 1);
    g_assert_cmpint(r[0].n_tracks, ==, 2);
    g_assert_cmphex(r[0].id1, ==, 0x154c2f);
    g_assert_cmpint(r[0].confidence[0], ==, 9);
    g_assert_cmphex(r[0].crc[0], ==, 0x12345678);
    for (size_t len = 0; len < sizeof buf; len++) {
        dw_ar_record *x = dw_ar_db_parse(buf, len, "db.bin", &n, &e);
        g_assert_null(x);
        g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
        g_clear_error(&e);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/verify/rspc/single", test_rspc_single);
    g_test_add_func("/verify/rspc/scattered", test_rspc_scattered);
    g_test_add_func("/verify/rspc/mode2", test_rspc_mode2);
    g_test_add_func("/verify/hashlist", test_hashlist);
    g_test_add_func("/verify/ranges-report", test_ranges_report);
    g_test_add_func("/verify/disc-ids", test_disc_ids);
    g_test_add_func("/verify/ardb", test_ardb);
    return g_test_run();
}
