/* test_subq.c: Q subchannel frames (ADR 1/2/3) and their CRC, and the
 * raw interleaved P-W <-> CloneCD packed .sub conversion. */
#include "config.h"

#include <glib.h>

#include <string.h>

#include "discwright/subq.h"

/* Bitwise CRC-16/CCITT straight from the polynomial, as a reference. */
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

static void test_crc(void)
{
    /* The CRC-16/XMODEM check value of "123456789" is 0x31C3. */
    g_assert_cmphex(dw_crc16_ccitt((const uint8_t *)"123456789", 9), ==, 0x31C3);
    uint8_t buf[64];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 37 + 5);
    for (size_t n = 0; n <= sizeof buf; n++)
        g_assert_cmphex(dw_crc16_ccitt(buf, n), ==, crc_bitwise(buf, n));
}

static void test_adr1(void)
{
    /* Track 2, index 1, relative 00:01:05, absolute 03:22:10, audio with PRE. */
    dw_subq q = { .control = 0x1, .adr = 1, .track = 2, .index = 1,
                  .rel = { 0, 1, 5 }, .abs = { 3, 22, 10 } };
    uint8_t f[12];
    g_assert_true(dw_subq_encode(&q, f));
    static const uint8_t want[10] = { 0x11, 0x02, 0x01, 0x00, 0x01, 0x05, 0x00, 0x03, 0x22, 0x10 };
    g_assert_cmpmem(f, 10, want, 10);
    uint16_t crc = (uint16_t)~crc_bitwise(want, 10);
    g_assert_cmphex(f[10], ==, crc >> 8);
    g_assert_cmphex(f[11], ==, crc & 0xFF);
    g_assert_true(dw_subq_crc_ok(f));

    dw_subq d;
    g_assert_true(dw_subq_decode(f, &d));
    g_assert_cmpuint(d.control, ==, 1);
    g_assert_cmpuint(d.adr, ==, 1);
    g_assert_cmpuint(d.track, ==, 2);
    g_assert_cmpuint(d.index, ==, 1);
    g_assert_cmpuint(d.rel.s, ==, 1);
    g_assert_cmpuint(d.rel.f, ==, 5);
    g_assert_cmpuint(d.abs.m, ==, 3);
    g_assert_cmpuint(d.abs.s, ==, 22);
    g_assert_cmpuint(d.abs.f, ==, 10);

    /* A flipped bit anywhere fails the CRC. */
    for (int byte = 0; byte < 12; byte++) {
        uint8_t g[12];
        memcpy(g, f, 12);
        g[byte] ^= 0x04;
        g_assert_false(dw_subq_crc_ok(g));
        g_assert_false(dw_subq_decode(g, &d));
    }

    /* Lead-out and lead-in points. */
    dw_subq lo = { .control = 0x4, .adr = 1, .track = 0xAA, .index = 1,
                   .rel = { 0, 0, 0 }, .abs = { 60, 0, 0 } };
    g_assert_true(dw_subq_encode(&lo, f));
    g_assert_cmphex(f[1], ==, 0xAA);
    g_assert_true(dw_subq_decode(f, &d));
    g_assert_cmpuint(d.track, ==, 0xAA);
    dw_subq li = { .control = 0x4, .adr = 1, .track = 0, .index = 0xA0,
                   .rel = { 97, 30, 0 }, .abs = { 1, 32, 0 } };
    g_assert_true(dw_subq_encode(&li, f));
    g_assert_cmphex(f[2], ==, 0xA0);
    g_assert_true(dw_subq_decode(f, &d));
    g_assert_cmpuint(d.index, ==, 0xA0);

    /* Out of range fields are refused. */
    dw_subq bad = q;
    bad.rel.f = 75;
    g_assert_false(dw_subq_encode(&bad, f));
    bad = q;
    bad.track = 100;
    g_assert_false(dw_subq_encode(&bad, f));
}

static void test_mcn_isrc(void)
{
    dw_subq q = { .control = 0x0, .adr = 2, .aframe = 42 };
    memcpy(q.mcn, "0724384260927", 14);
    uint8_t f[12];
    g_assert_true(dw_subq_encode(&q, f));
    static const uint8_t mcn_want[10] = { 0x02, 0x07, 0x24, 0x38, 0x42, 0x60, 0x92, 0x70, 0x00, 0x42 };
    g_assert_cmpmem(f, 10, mcn_want, 10);
    dw_subq d;
    g_assert_true(dw_subq_decode(f, &d));
    g_assert_cmpstr(d.mcn, ==, "0724384260927");
    g_assert_cmpuint(d.aframe, ==, 42);

    /* ISRC "USRC17607839": U=0x25 S=0x23 R=0x22 C=0x13 1=0x01, then 7607839. */
    dw_subq i = { .control = 0x0, .adr = 3, .aframe = 7 };
    memcpy(i.isrc, "USRC17607839", 13);
    g_assert_true(dw_subq_encode(&i, f));
    /* 100101 100011 100010 010011 000001 00 0111 0110 0000 0111 1000 0011 1001 0000 */
    static const uint8_t isrc_want[10] = { 0x03, 0x96, 0x38, 0x93, 0x04, 0x76, 0x07, 0x83, 0x90, 0x07 };
    g_assert_cmpmem(f, 10, isrc_want, 10);
    g_assert_true(dw_subq_decode(f, &d));
    g_assert_cmpstr(d.isrc, ==, "USRC17607839");
    g_assert_cmpuint(d.aframe, ==, 7);

    dw_subq bad = i;
    memcpy(bad.isrc, "US-C17607839", 13);
    g_assert_false(dw_subq_encode(&bad, f));
    bad = q;
    memcpy(bad.mcn, "07243842609X7", 14);
    g_assert_false(dw_subq_encode(&bad, f));
}

static void test_sub_layout(void)
{
    uint8_t raw[96], packed[96], back[96];
    for (int i = 0; i < 96; i++)
        raw[i] = (uint8_t)(i * 73 + 11);
    dw_sub_raw_to_packed(raw, packed);
    dw_sub_packed_to_raw(packed, back);
    g_assert_cmpmem(raw, 96, back, 96);

    /* Q only: the packed layout's bytes 12..23 are the Q frame, MSB first. */
    dw_subq q = { .control = 0x4, .adr = 1, .track = 1, .index = 1,
                  .rel = { 0, 0, 3 }, .abs = { 0, 2, 3 } };
    uint8_t f[12];
    g_assert_true(dw_subq_encode(&q, f));
    memset(packed, 0, sizeof packed);
    memset(packed, 0xFF, 12); /* P all ones */
    memcpy(packed + 12, f, 12);
    dw_sub_packed_to_raw(packed, raw);
    for (int i = 0; i < 96; i++) {
        g_assert_cmphex(raw[i] & 0x80, ==, 0x80);          /* P */
        g_assert_cmphex(raw[i] & 0x3F, ==, 0);             /* R-W */
        int qbit = (f[i / 8] >> (7 - i % 8)) & 1;
        g_assert_cmpint((raw[i] >> 6) & 1, ==, qbit);
    }
    uint8_t q2[12];
    dw_sub_raw_get_q(raw, q2);
    g_assert_cmpmem(q2, 12, f, 12);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/subq/crc", test_crc);
    g_test_add_func("/subq/adr1", test_adr1);
    g_test_add_func("/subq/mcn-isrc", test_mcn_isrc);
    g_test_add_func("/subq/sub-layout", test_sub_layout);
    return g_test_run();
}
