/* test_cdtext.c: CD-TEXT packs (cdtext.h): exact bytes of a small
 * hand-computed pack set, round trips over several language blocks and
 * many tracks, pack-header invariants (sequence, block, character
 * position, size information), bad-CRC counting, TAB repeats, the READ
 * TOC header, hostile input, and the EBU language names. */
#include "config.h"

#include <glib.h>

#include <string.h>

#include "discwright/cdtext.h"
#include "discwright/error.h"

/* Bitwise CRC-16 (poly 0x1021, init 0) straight from the polynomial. */
static uint16_t crc_bitwise(const uint8_t *p, size_t n)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint16_t)(p[i] << 8);
        for (int k = 0; k < 8; k++)
            crc = (uint16_t)((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

static void seal(uint8_t *p)
{
    uint16_t crc = (uint16_t)~crc_bitwise(p, 16);
    p[16] = (uint8_t)(crc >> 8);
    p[17] = (uint8_t)crc;
}

static void test_tiny_exact(void)
{
    dw_cdtext cdt = { 0 };
    dw_cdtext_set(&cdt, 0, DW_CDTEXT_TITLE, 0, "AB");
    dw_cdtext_set(&cdt, 0, DW_CDTEXT_TITLE, 1, "C");
    size_t len = 0;
    g_autofree uint8_t *packs = dw_cdtext_build(&cdt, &len);
    g_assert_nonnull(packs);
    g_assert_cmpuint(len, ==, 4 * 18);
    /* Hand-computed: one title pack "AB\0C\0", then size information:
     * charset 0, tracks 1-1, 1 pack of 0x80, 3 of 0x8F, last sequence 3,
     * language 0x09. */
    static const uint8_t want[4][16] = {
        { 0x80, 0x00, 0x00, 0x00, 'A', 'B', 0, 'C', 0, 0, 0, 0, 0, 0, 0, 0 },
        { 0x8F, 0x00, 0x01, 0x00, 0x00, 0x01, 0x01, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0 },
        { 0x8F, 0x01, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x03, 0, 0, 0 },
        { 0x8F, 0x02, 0x03, 0x00, 0, 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0 },
    };
    for (int i = 0; i < 4; i++) {
        const uint8_t *p = packs + 18 * i;
        g_assert_cmpmem(p, 16, want[i], 16);
        uint16_t crc = (uint16_t)~crc_bitwise(p, 16);
        g_assert_cmphex(p[16], ==, crc >> 8);
        g_assert_cmphex(p[17], ==, crc & 0xFF);
        g_assert_cmphex(dw_cdtext_pack_crc(p), ==, crc);
    }
    dw_cdtext_clear(&cdt);
}

/* Check the header bytes of every pack against an independent walk. */
static void check_headers(const uint8_t *packs, size_t len, const dw_cdtext *cdt)
{
    g_assert_cmpuint(len % 18, ==, 0);
    size_t n = len / 18;
    int cur[8][16];
    int seen[8][16];
    int genre_skip[8];
    memset(cur, 0, sizeof cur);
    memset(seen, 0, sizeof seen);
    for (int b = 0; b < 8; b++)
        genre_skip[b] = 2;
    int last_block = 0;
    int last_seq[8] = { 0 };
    int next_seq[8] = { 0 };
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = packs + 18 * i;
        g_assert_cmphex(dw_cdtext_pack_crc(p), ==, (uint16_t)(p[16] << 8 | p[17]));
        g_assert_cmphex(p[0] & 0xF0, ==, 0x80);
        int type = p[0] & 0x0F;
        int b = (p[3] >> 4) & 7;
        g_assert_cmpint(b, >=, last_block);
        last_block = b;
        /* Sequence numbers count from 0 within each block. */
        g_assert_cmpuint(p[2], ==, next_seq[b]);
        last_seq[b] = next_seq[b]++;
        seen[b][type]++;
        if (type == 15)
            continue;
        g_assert_cmpint(p[3] & 0x0F, ==, MIN(cur[b][type], 15));
        for (int k = 4; k < 16; k++) {
            if (type == 7 && genre_skip[b] > 0) {
                genre_skip[b]--;
                continue;
            }
            cur[b][type] = p[k] ? cur[b][type] + 1 : 0;
        }
    }
    /* Size information of each block. */
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = packs + 18 * i;
        if (p[0] != 0x8F || p[1] != 0)
            continue;
        int b = (p[3] >> 4) & 7;
        uint8_t si[36];
        memcpy(si, p + 4, 12);
        memcpy(si + 12, p + 18 + 4, 12);
        memcpy(si + 24, p + 36 + 4, 12);
        g_assert_cmphex(si[0], ==, cdt->block[b].charset);
        for (int t = 0; t < 16; t++)
            g_assert_cmpint(si[4 + t], ==, seen[b][t]);
        for (int k = 0; k < 8; k++) {
            bool present = k < cdt->n_blocks && cdt->block[k].present;
            g_assert_cmpint(si[20 + k], ==, present ? last_seq[k] : 0);
            g_assert_cmphex(si[28 + k], ==, present ? cdt->block[k].language : 0);
        }
    }
}

static void fill_two_blocks(dw_cdtext *cdt)
{
    dw_cdtext_set(cdt, 0, DW_CDTEXT_TITLE, 0, "A Rather Long Album Title That Spans Several Packs");
    dw_cdtext_set(cdt, 0, DW_CDTEXT_PERFORMER, 0, "The Band");
    dw_cdtext_set(cdt, 0, DW_CDTEXT_DISC_ID, 0, "XY-12345");
    dw_cdtext_set(cdt, 0, DW_CDTEXT_GENRE, 0, "Baroque");
    dw_cdtext_set(cdt, 0, DW_CDTEXT_UPC_ISRC, 0, "0123456789012");
    cdt->block[0].genre_code = 0x0005;
    for (int t = 1; t <= 12; t++) {
        char buf[128];
        g_snprintf(buf, sizeof buf, "Track number %d with a title of some length%s", t,
                   t % 3 == 0 ? " and a much longer tail that runs across two more packs" : "");
        dw_cdtext_set(cdt, 0, DW_CDTEXT_TITLE, t, buf);
        dw_cdtext_set(cdt, 0, DW_CDTEXT_PERFORMER, t, "The Band");
        g_snprintf(buf, sizeof buf, "USABC99000%02d", t);
        dw_cdtext_set(cdt, 0, DW_CDTEXT_UPC_ISRC, t, buf);
        g_snprintf(buf, sizeof buf, "Stück %d", t);
        dw_cdtext_set(cdt, 1, DW_CDTEXT_TITLE, t, buf);
        if (t % 2)
            dw_cdtext_set(cdt, 1, DW_CDTEXT_COMPOSER, t, "Bach");
    }
    /* Block 1 has no album title or performer: the album strings are empty. */
    dw_cdtext_set(cdt, 1, DW_CDTEXT_MESSAGE, 0, "Eine Nachricht");
    cdt->block[0].language = 0x09;
    cdt->block[1].language = 0x08;
}

static void assert_same(const dw_cdtext *a, const dw_cdtext *b)
{
    for (int blk = 0; blk < 2; blk++)
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++) {
            if (f == DW_CDTEXT_TOC_INFO || f == DW_CDTEXT_TOC_INFO2 || f == DW_CDTEXT_SIZE_INFO)
                continue;
            for (int t = 0; t < 100; t++)
                g_assert_cmpstr(dw_cdtext_get(a, blk, (dw_cdtext_field)f, t), ==,
                                dw_cdtext_get(b, blk, (dw_cdtext_field)f, t));
        }
}

static void test_round_trip(void)
{
    dw_cdtext cdt = { 0 };
    fill_two_blocks(&cdt);
    size_t len = 0;
    g_autofree uint8_t *packs = dw_cdtext_build(&cdt, &len);
    g_assert_nonnull(packs);
    check_headers(packs, len, &cdt);

    dw_cdtext back = { 0 };
    unsigned bad = 99;
    g_autoptr(GError) err = NULL;
    g_assert_true(dw_cdtext_parse(&back, packs, len, false, &bad, &err));
    g_assert_no_error(err);
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpint(back.n_blocks, ==, 2);
    g_assert_cmphex(back.block[0].language, ==, 0x09);
    g_assert_cmphex(back.block[1].language, ==, 0x08);
    g_assert_cmpstr(dw_cdtext_language_name(back.block[1].language), ==, "German");
    g_assert_cmpint(back.block[0].first_track, ==, 1);
    g_assert_cmpint(back.block[0].last_track, ==, 12);
    g_assert_cmphex(back.block[0].genre_code, ==, 0x0005);
    g_assert_null(dw_cdtext_get(&back, 1, DW_CDTEXT_TITLE, 0));
    g_assert_cmpstr(dw_cdtext_get(&back, 0, DW_CDTEXT_TITLE, 9), ==,
                    "Track number 9 with a title of some length and a much longer tail that runs "
                    "across two more packs");
    assert_same(&cdt, &back);

    /* Building again gives the same bytes. */
    size_t len2 = 0;
    g_autofree uint8_t *packs2 = dw_cdtext_build(&back, &len2);
    g_assert_cmpmem(packs, len, packs2, len2);

    /* With the READ TOC header in front. */
    g_autofree uint8_t *withhdr = g_malloc(len + 4);
    withhdr[0] = (uint8_t)((len + 2) >> 8);
    withhdr[1] = (uint8_t)(len + 2);
    withhdr[2] = withhdr[3] = 0;
    memcpy(withhdr + 4, packs, len);
    dw_cdtext hdr = { 0 };
    g_assert_true(dw_cdtext_parse(&hdr, withhdr, len + 4, true, &bad, NULL));
    g_assert_cmpuint(bad, ==, 0);
    assert_same(&cdt, &hdr);

    dw_cdtext_clear(&hdr);
    dw_cdtext_clear(&back);
    dw_cdtext_clear(&cdt);
    g_assert_true(dw_cdtext_is_empty(&cdt));
}

static void test_bad_crc(void)
{
    dw_cdtext cdt = { 0 };
    fill_two_blocks(&cdt);
    size_t len = 0;
    g_autofree uint8_t *packs = dw_cdtext_build(&cdt, &len);
    /* Break the CRC of the last pack (block 1 size info part 3) and of
     * block 1's message pack. */
    packs[len - 1] ^= 0x01;
    size_t n = len / 18;
    int broken = 1;
    for (size_t i = 0; i < n; i++)
        if (packs[18 * i] == 0x85 && ((packs[18 * i + 3] >> 4) & 7) == 1) {
            packs[18 * i + 5] ^= 0x40;
            broken++;
            break;
        }
    g_assert_cmpint(broken, ==, 2);
    dw_cdtext back = { 0 };
    unsigned bad = 0;
    g_assert_true(dw_cdtext_parse(&back, packs, len, false, &bad, NULL));
    g_assert_cmpuint(bad, ==, 2);
    g_assert_null(dw_cdtext_get(&back, 1, DW_CDTEXT_MESSAGE, 0));
    g_assert_cmpstr(dw_cdtext_get(&back, 1, DW_CDTEXT_TITLE, 4), ==, "Stück 4");
    g_assert_cmpstr(dw_cdtext_get(&back, 0, DW_CDTEXT_TITLE, 0), ==,
                    "A Rather Long Album Title That Spans Several Packs");
    dw_cdtext_clear(&back);
    dw_cdtext_clear(&cdt);
}

static void test_tab_repeat(void)
{
    /* Titles "Album", "Song", TAB (= "Song"), "Last" in two packs. */
    uint8_t packs[2 * 18] = { 0 };
    static const uint8_t text[24] = { 'A', 'l', 'b', 'u', 'm', 0, 'S', 'o', 'n', 'g', 0, 0x09,
                                      0, 'L', 'a', 's', 't', 0 };
    packs[0] = 0x80;
    packs[1] = 0;
    packs[2] = 0;
    memcpy(packs + 4, text, 12);
    seal(packs);
    packs[18] = 0x80;
    packs[19] = 2;
    packs[20] = 1;
    packs[21] = 1; /* one character (the TAB) already sent */
    memcpy(packs + 22, text + 12, 12);
    seal(packs + 18);
    dw_cdtext cdt = { 0 };
    unsigned bad = 5;
    g_assert_true(dw_cdtext_parse(&cdt, packs, sizeof packs, false, &bad, NULL));
    g_assert_cmpuint(bad, ==, 0);
    g_assert_cmpstr(dw_cdtext_get(&cdt, 0, DW_CDTEXT_TITLE, 0), ==, "Album");
    g_assert_cmpstr(dw_cdtext_get(&cdt, 0, DW_CDTEXT_TITLE, 1), ==, "Song");
    g_assert_cmpstr(dw_cdtext_get(&cdt, 0, DW_CDTEXT_TITLE, 2), ==, "Song");
    g_assert_cmpstr(dw_cdtext_get(&cdt, 0, DW_CDTEXT_TITLE, 3), ==, "Last");
    dw_cdtext_clear(&cdt);
}

static void test_hostile(void)
{
    dw_cdtext cdt = { 0 };
    g_autoptr(GError) err = NULL;
    uint8_t three[3] = { 0, 0, 0 };
    g_assert_false(dw_cdtext_parse(&cdt, three, sizeof three, true, NULL, &err));
    g_assert_error(err, DW_ERROR, DW_ERROR_PARSE);
    dw_cdtext_clear(&cdt);

    /* Random bytes, a length that is not a multiple of 18, and valid-CRC
     * packs with junk headers: no crash, nothing leaked. */
    GRand *r = g_rand_new_with_seed(1234);
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)g_rand_int_range(r, 0, 40 * 18 + 7);
        uint8_t *buf = g_malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)g_rand_int(r);
        for (size_t off = 0; off + 18 <= n; off += 18) {
            buf[off] = (uint8_t)(0x80 | (buf[off] & 0x0F));
            if (round % 2)
                seal(buf + off);
        }
        unsigned bad = 0;
        dw_cdtext c = { 0 };
        g_assert_true(dw_cdtext_parse(&c, buf, n, false, &bad, NULL));
        if (round % 2 == 0)
            g_assert_cmpuint(bad, <=, n / 18);
        size_t blen = 0;
        uint8_t *again = dw_cdtext_build(&c, &blen);
        if (again) {
            dw_cdtext c2 = { 0 };
            g_assert_true(dw_cdtext_parse(&c2, again, blen, false, &bad, NULL));
            g_assert_cmpuint(bad, ==, 0);
            dw_cdtext_clear(&c2);
            g_free(again);
        }
        dw_cdtext_clear(&c);
        g_free(buf);
    }
    g_rand_free(r);

    size_t len = 1;
    dw_cdtext empty = { 0 };
    g_assert_null(dw_cdtext_build(&empty, &len));
    g_assert_cmpuint(len, ==, 0);
}

static void test_languages(void)
{
    static const struct {
        uint8_t code;
        const char *name;
    } cases[] = {
        { 0x09, "English" }, { 0x08, "German" }, { 0x0F, "French" },   { 0x0A, "Spanish" },
        { 0x15, "Italian" }, { 0x1D, "Dutch" },  { 0x69, "Japanese" }, { 0x75, "Chinese" },
        { 0x65, "Korean" },  { 0x28, "Swedish" }, { 0x56, "Russian" },  { 0x00, NULL },
        { 0xFF, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        g_assert_cmpstr(dw_cdtext_language_name(cases[i].code), ==, cases[i].name);
    g_assert_cmpstr(dw_cdtext_field_name(DW_CDTEXT_TITLE), ==, "TITLE");
    g_assert_cmpstr(dw_cdtext_field_name(DW_CDTEXT_UPC_ISRC), ==, "UPC_ISRC");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cdtext/tiny-exact", test_tiny_exact);
    g_test_add_func("/cdtext/round-trip", test_round_trip);
    g_test_add_func("/cdtext/bad-crc", test_bad_crc);
    g_test_add_func("/cdtext/tab-repeat", test_tab_repeat);
    g_test_add_func("/cdtext/hostile", test_hostile);
    g_test_add_func("/cdtext/languages", test_languages);
    return g_test_run();
}
