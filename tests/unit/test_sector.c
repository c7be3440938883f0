/* test_sector.c: EDC, ECC, scrambler and whole-sector encode/verify.
 * The real sectors in ../shared/vectors (DW_VECTORS) must be rebuilt
 * byte for byte from their header, subheader and user data alone. */
#include "config.h"

#include <glib.h>

#include <string.h>

#include "discwright/msf.h"
#include "discwright/sector.h"

static gboolean load_vector(const char *name, uint8_t out[2352])
{
    const char *dir = g_getenv("DW_VECTORS");
    if (!dir)
        dir = "../shared/vectors";
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autofree char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return FALSE;
    g_assert_cmpuint(len, ==, 2352);
    memcpy(out, data, 2352);
    return TRUE;
}

static int32_t header_lba(const uint8_t *s)
{
    dw_msf m = { dw_from_bcd(s[12]), dw_from_bcd(s[13]), dw_from_bcd(s[14]) };
    return dw_msf_to_lba(m);
}

typedef struct {
    const char *file;
    dw_sector_mode mode;
    size_t keep_from, keep_to;   /* bytes the encoder may not derive */
} vector_case;

static const vector_case vectors[] = {
    { "ibmpc_0_sector0_valid_sync_valid_mode1.bin", DW_SECTOR_MODE1, 16, 2064 },
    { "cdi_0_sector17_valid_sync_valid_mode2_form1.bin", DW_SECTOR_MODE2_FORM1, 16, 2072 },
    { "psx_0_sector12_valid_sync_valid_mode2_form2_with_edc.bin", DW_SECTOR_MODE2_FORM2, 16, 2348 },
};

static void test_vectors(void)
{
    int found = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        uint8_t orig[2352], s[2352];
        if (!load_vector(vectors[i].file, orig))
            continue;
        found++;
        int32_t lba = header_lba(orig);
        dw_sector_check chk;
        dw_sector_verify(orig, lba, &chk);
        g_assert_true(chk.ok);
        g_assert_cmpint(chk.mode, ==, vectors[i].mode);
        g_assert_cmpint(chk.header_lba, ==, lba);

        memset(s, 0xA5, sizeof s); /* garbage everywhere the encoder must write */
        memcpy(s + vectors[i].keep_from, orig + vectors[i].keep_from,
               vectors[i].keep_to - vectors[i].keep_from);
        switch (vectors[i].mode) {
        case DW_SECTOR_MODE1:
            dw_sector_encode_mode1(s, lba);
            break;
        case DW_SECTOR_MODE2_FORM1:
            dw_sector_encode_mode2_form1(s, lba);
            break;
        default:
            dw_sector_encode_mode2_form2(s, lba, true);
            break;
        }
        g_assert_cmpmem(s, 2352, orig, 2352);

        /* ECC alone: clear the parity and regenerate. */
        memcpy(s, orig, 2352);
        if (vectors[i].mode != DW_SECTOR_MODE2_FORM2) {
            bool mode2 = vectors[i].mode == DW_SECTOR_MODE2_FORM1;
            memset(s + 2076, 0, 276);
            g_assert_false(dw_ecc_check(s, mode2));
            dw_ecc_generate(s, mode2);
            g_assert_cmpmem(s, 2352, orig, 2352);
            g_assert_true(dw_ecc_check(orig, mode2));
        }
    }
    if (found == 0)
        g_test_skip("real sectors not found: set DW_VECTORS to ../shared/vectors");
}

static void fill_pattern(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
}

static void test_damage_detected(void)
{
    uint8_t s[2352];
    memset(s, 0, sizeof s);
    fill_pattern(s + 16, 2048, 7);
    dw_sector_encode_mode1(s, 1000);
    dw_sector_check chk;
    dw_sector_verify(s, 1000, &chk);
    g_assert_true(chk.ok);
    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE1);

    /* Position mismatch. */
    dw_sector_verify(s, 1001, &chk);
    g_assert_false(chk.ok);
    g_assert_false(chk.header_ok);
    g_assert_true(chk.edc_ok);
    dw_sector_verify(s, DW_LBA_ANY, &chk);
    g_assert_true(chk.ok);

    /* Every single flipped bit in the data area breaks EDC and ECC. */
    for (size_t at = 16; at < 2064; at += 97) {
        uint8_t t[2352];
        memcpy(t, s, sizeof t);
        t[at] ^= 0x10;
        dw_sector_verify(t, 1000, &chk);
        g_assert_false(chk.ok);
        g_assert_false(chk.edc_ok);
        g_assert_false(chk.ecc_ok);
    }
    /* Damage in the parity only: EDC still fine, ECC not. */
    uint8_t t[2352];
    memcpy(t, s, sizeof t);
    t[2300] ^= 1;
    dw_sector_verify(t, 1000, &chk);
    g_assert_true(chk.edc_ok);
    g_assert_false(chk.ecc_ok);
    /* Broken sync, bad mode byte. */
    memcpy(t, s, sizeof t);
    t[5] = 0;
    dw_sector_verify(t, 1000, &chk);
    g_assert_false(chk.sync_ok);
    memcpy(t, s, sizeof t);
    t[15] = 3;
    dw_sector_verify(t, 1000, &chk);
    g_assert_false(chk.mode_ok);
    g_assert_false(chk.ok);
}

static void test_mode2(void)
{
    uint8_t s[2352];
    memset(s, 0, sizeof s);
    static const uint8_t sub_f1[4] = { 0x01, 0x00, 0x08, 0x00 };
    memcpy(s + 16, sub_f1, 4);
    memcpy(s + 20, sub_f1, 4);
    fill_pattern(s + 24, 2048, 3);
    dw_sector_encode_mode2_form1(s, 20);
    dw_sector_check chk;
    dw_sector_verify(s, 20, &chk);
    g_assert_true(chk.ok);
    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE2_FORM1);
    /* Form 1 ECC ignores the header: changing it keeps ECC valid. */
    uint8_t t[2352];
    memcpy(t, s, sizeof t);
    t[14] ^= 0x01;
    g_assert_true(dw_ecc_check(t, true));
    /* Mismatched subheader copies. */
    memcpy(t, s, sizeof t);
    t[21] ^= 0x01;
    dw_sector_verify(t, 20, &chk);
    g_assert_false(chk.subheader_ok);
    g_assert_false(chk.ok);

    static const uint8_t sub_f2[4] = { 0x01, 0x00, 0x24, 0x00 };
    memset(s, 0, sizeof s);
    memcpy(s + 16, sub_f2, 4);
    memcpy(s + 20, sub_f2, 4);
    fill_pattern(s + 24, 2324, 5);
    dw_sector_encode_mode2_form2(s, 21, false);
    dw_sector_verify(s, 21, &chk);
    g_assert_true(chk.ok);
    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE2_FORM2);
    g_assert_cmpuint(s[2348] | s[2349] | s[2350] | s[2351], ==, 0);
    dw_sector_encode_mode2_form2(s, 21, true);
    dw_sector_verify(s, 21, &chk);
    g_assert_true(chk.ok);
    s[100] ^= 0xFF;
    dw_sector_verify(s, 21, &chk);
    g_assert_false(chk.edc_ok);

    g_assert_cmpuint(dw_sector_user_offset(DW_SECTOR_MODE2_FORM1), ==, 24);
    g_assert_cmpuint(dw_sector_user_size(DW_SECTOR_MODE2_FORM2), ==, 2324);
    g_assert_cmpuint(dw_sector_user_size(DW_SECTOR_MODE1), ==, 2048);
    g_assert_cmpuint(dw_sector_user_offset(DW_SECTOR_MODE1), ==, 16);
}

/* Mode 0, a Mode 1 sector relabelled with each other mode byte, and
 * headers in the lead-in (negative LBAs wrap to 90..99 minutes). */
static void test_modes(void)
{
    uint8_t s[2352];
    memset(s, 0x5A, sizeof s);
    dw_sector_encode_mode0(s, 0);
    static const uint8_t head0[16] = { 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                       0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x02, 0x00, 0x00 };
    g_assert_cmpmem(s, 16, head0, 16);
    dw_sector_check chk;
    dw_sector_verify(s, 0, &chk);
    g_assert_true(chk.ok);
    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE0);
    s[1000] = 1;
    dw_sector_verify(s, 0, &chk);
    g_assert_false(chk.ok);

    memset(s, 0, sizeof s);
    fill_pattern(s + 16, 2048, 17);
    dw_sector_encode_mode1(s, -151);
    g_assert_cmphex(s[12], ==, 0x99);
    g_assert_cmphex(s[13], ==, 0x59);
    g_assert_cmphex(s[14], ==, 0x74);
    dw_sector_verify(s, -151, &chk);
    g_assert_true(chk.ok);
    g_assert_cmpint(chk.header_lba, ==, -151);

    static const uint8_t wrong_modes[] = { 0, 2, 3, 0x81, 0xFF };
    for (size_t i = 0; i < G_N_ELEMENTS(wrong_modes); i++) {
        uint8_t t[2352];
        memcpy(t, s, sizeof t);
        t[15] = wrong_modes[i];
        dw_sector_verify(t, -151, &chk);
        g_assert_false(chk.ok);
        g_assert_true(chk.sync_ok);
        g_assert_true(chk.header_ok);
    }
    /* A header that is not BCD claims no position at all. */
    s[13] = 0x5A;
    dw_sector_verify(s, DW_LBA_ANY, &chk);
    g_assert_false(chk.header_ok);
    g_assert_cmpint(chk.header_lba, ==, INT32_MIN);
}

/* Bitwise reference EDC, written straight from the polynomial. */
static uint32_t edc_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ ((crc & 1) ? 0xD8018001u : 0);
    }
    return crc;
}

static void test_edc(void)
{
    uint8_t buf[3000];
    fill_pattern(buf, sizeof buf, 11);
    for (size_t n = 0; n < 40; n++)
        g_assert_cmphex(dw_edc(buf, n), ==, edc_bitwise(buf, n));
    g_assert_cmphex(dw_edc(buf, 2064), ==, edc_bitwise(buf, 2064));
    g_assert_cmphex(dw_edc_update(dw_edc(buf, 1001), buf + 1001, 1999), ==, edc_bitwise(buf, 3000));
    g_assert_cmphex(dw_edc(buf, 0), ==, 0);
}

static void test_scramble(void)
{
    const uint8_t *t = dw_scramble_table();
    static const uint8_t head[8] = { 0x01, 0x80, 0x00, 0x60, 0x00, 0x28, 0x00, 0x1E };
    g_assert_cmpmem(t, 8, head, 8);
    uint8_t s[2352], orig[2352];
    fill_pattern(s, sizeof s, 99);
    memcpy(orig, s, sizeof s);
    dw_scramble(s);
    g_assert_cmpmem(s, 12, orig, 12); /* sync untouched */
    g_assert_true(memcmp(s + 12, orig + 12, 2340) != 0);
    for (size_t i = 0; i < 2340; i++)
        g_assert_cmpuint(s[12 + i], ==, orig[12 + i] ^ t[i]);
    dw_scramble(s);
    g_assert_cmpmem(s, 2352, orig, 2352);
    /* The sequence has period 32767 bits: its 2340 bytes never repeat the start. */
    g_assert_true(memcmp(t + 1, head, 8) != 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sector/real-vectors", test_vectors);
    g_test_add_func("/sector/damage", test_damage_detected);
    g_test_add_func("/sector/mode2", test_mode2);
    g_test_add_func("/sector/modes", test_modes);
    g_test_add_func("/sector/edc", test_edc);
    g_test_add_func("/sector/scramble", test_scramble);
    return g_test_run();
}
