/* subq.c: the Q subchannel (Red Book / ECMA-130 section 22): ADR 1
 * position frames, ADR 2 media catalogue number, ADR 3 ISRC, the CRC-16
 * that protects them, and the two byte layouts of the 96 P-W bits of a
 * sector (raw interleaved as READ CD returns it, and CloneCD's packed
 * .sub).  Byte 0 of a Q frame is (CONTROL << 4) | ADR; bytes 10-11 hold
 * the CRC inverted, most significant byte first. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "discwright/subq.h"

uint16_t dw_crc16_ccitt(const uint8_t *data, size_t len)
{
    static uint16_t table[256];
    static gsize ready;
    if (g_once_init_enter(&ready)) {
        for (unsigned i = 0; i < 256; i++) {
            uint16_t c = (uint16_t)(i << 8);
            for (int k = 0; k < 8; k++)
                c = (uint16_t)((c & 0x8000) ? (c << 1) ^ 0x1021 : c << 1);
            table[i] = c;
        }
        g_once_init_leave(&ready, 1);
    }
    uint16_t crc = 0;
    for (size_t i = 0; i < len; i++)
        crc = (uint16_t)((crc << 8) ^ table[((crc >> 8) ^ data[i]) & 0xFF]);
    return crc;
}

bool dw_subq_crc_ok(const uint8_t q[12])
{
    uint16_t crc = (uint16_t)~dw_crc16_ccitt(q, 10);
    return q[10] == (crc >> 8) && q[11] == (crc & 0xFF);
}

/* ISRC characters in 6 bits: '0'-'9' = 0x00-0x09, 'A'-'Z' = 0x11-0x2A. */
static int isrc_char_code(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return 0x11 + (c - 'A');
    if (c >= 'a' && c <= 'z')
        return 0x11 + (c - 'a');
    return -1;
}

static char isrc_code_char(unsigned v)
{
    if (v <= 9)
        return (char)('0' + v);
    if (v >= 0x11 && v <= 0x2A)
        return (char)('A' + (v - 0x11));
    return '?';
}

static bool bcd_byte(uint8_t b, uint8_t *out)
{
    *out = dw_from_bcd(b);
    return *out != 0xFF;
}

static bool decode_msf(const uint8_t *p, dw_msf *m)
{
    /* Decode all three fields even when one is bad, so *m is filled. */
    bool ok = bcd_byte(p[0], &m->m);
    ok = bcd_byte(p[1], &m->s) && ok;
    ok = bcd_byte(p[2], &m->f) && ok;
    return ok && m->s < 60 && m->f < 75;
}

bool dw_subq_decode(const uint8_t q[12], dw_subq *out)
{
    memset(out, 0, sizeof *out);
    bool ok = dw_subq_crc_ok(q);
    out->control = q[0] >> 4;
    out->adr = q[0] & 0x0F;
    switch (out->adr) {
    case 1:
        if (q[1] == 0xAA) {
            out->track = 0xAA;
        } else if (!bcd_byte(q[1], &out->track)) {
            out->track = q[1];
            ok = false;
        }
        /* In the lead-in byte 2 is the TOC point (A0, A1, A2, B0, C0 ... are
         * hex codes, kept as they are). */
        if (!bcd_byte(q[2], &out->index)) {
            out->index = q[2];
            if (out->track != 0)
                ok = false;
        }
        ok &= decode_msf(q + 3, &out->rel);
        out->zero = q[6];
        ok &= decode_msf(q + 7, &out->abs);
        break;
    case 2:
        for (int i = 0; i < 13; i++) {
            uint8_t nib = (i % 2 == 0) ? q[1 + i / 2] >> 4 : q[1 + i / 2] & 0x0F;
            if (nib > 9)
                ok = false;
            out->mcn[i] = (char)('0' + (nib > 9 ? 0 : nib));
        }
        out->mcn[13] = '\0';
        ok &= bcd_byte(q[9], &out->aframe);
        break;
    case 3: {
        /* Bytes 1-8 as one 64-bit word: 5 x 6-bit characters (bits 63-34),
         * 2 zero bits, 7 BCD digits (bits 31-4), 4 zero bits. */
        uint64_t bits = 0;
        for (int i = 1; i <= 8; i++)
            bits = bits << 8 | q[i];
        for (int i = 0; i < 5; i++) {
            unsigned v = (unsigned)(bits >> (58 - 6 * i)) & 0x3F;
            out->isrc[i] = isrc_code_char(v);
            if (out->isrc[i] == '?')
                ok = false;
        }
        for (int i = 0; i < 7; i++) {
            unsigned d = (unsigned)(bits >> (28 - 4 * i)) & 0x0F;
            if (d > 9)
                ok = false;
            out->isrc[5 + i] = (char)('0' + (d > 9 ? 0 : d));
        }
        out->isrc[12] = '\0';
        ok &= bcd_byte(q[9], &out->aframe);
        break;
    }
    default:
        break;
    }
    return ok;
}

static bool encode_msf(uint8_t *p, dw_msf m)
{
    if (m.m > 99 || m.s > 59 || m.f > 74)
        return false;
    p[0] = dw_to_bcd(m.m);
    p[1] = dw_to_bcd(m.s);
    p[2] = dw_to_bcd(m.f);
    return true;
}

bool dw_subq_encode(const dw_subq *in, uint8_t q[12])
{
    memset(q, 0, 12);
    q[0] = (uint8_t)((in->control & 0x0F) << 4 | (in->adr & 0x0F));
    switch (in->adr) {
    case 1:
        if (in->track == 0xAA)
            q[1] = 0xAA;
        else if (in->track <= 99)
            q[1] = dw_to_bcd(in->track);
        else
            return false;
        /* Lead-in points above 99 (A0...) are written as they are. */
        q[2] = (in->index <= 99) ? dw_to_bcd(in->index) : in->index;
        if (in->index > 99 && in->track != 0)
            return false;
        if (!encode_msf(q + 3, in->rel) || !encode_msf(q + 7, in->abs))
            return false;
        q[6] = in->zero;
        break;
    case 2:
        for (int i = 0; i < 13; i++) {
            char c = in->mcn[i];
            if (c < '0' || c > '9')
                return false;
            uint8_t d = (uint8_t)(c - '0');
            if (i % 2 == 0)
                q[1 + i / 2] = (uint8_t)(d << 4);
            else
                q[1 + i / 2] |= d;
        }
        if (in->aframe > 74)
            return false;
        q[9] = dw_to_bcd(in->aframe);
        break;
    case 3: {
        uint64_t bits = 0;
        for (int i = 0; i < 5; i++) {
            int v = isrc_char_code(in->isrc[i]);
            if (v < 0)
                return false;
            bits |= (uint64_t)v << (58 - 6 * i);
        }
        for (int i = 0; i < 7; i++) {
            char c = in->isrc[5 + i];
            if (c < '0' || c > '9')
                return false;
            bits |= (uint64_t)(c - '0') << (28 - 4 * i);
        }
        for (int i = 1; i <= 8; i++)
            q[i] = (uint8_t)(bits >> (8 * (8 - i)));
        if (in->aframe > 74)
            return false;
        q[9] = dw_to_bcd(in->aframe);
        break;
    }
    default:
        return false;
    }
    uint16_t crc = (uint16_t)~dw_crc16_ccitt(q, 10);
    q[10] = (uint8_t)(crc >> 8);
    q[11] = (uint8_t)crc;
    return true;
}

void dw_sub_raw_to_packed(const uint8_t raw[96], uint8_t packed[96])
{
    uint8_t out[96] = { 0 };
    for (int ch = 0; ch < 8; ch++)
        for (int sym = 0; sym < 96; sym++)
            if (raw[sym] & (0x80 >> ch))
                out[ch * 12 + sym / 8] |= (uint8_t)(0x80 >> (sym % 8));
    memcpy(packed, out, 96);
}

void dw_sub_packed_to_raw(const uint8_t packed[96], uint8_t raw[96])
{
    uint8_t out[96] = { 0 };
    for (int ch = 0; ch < 8; ch++)
        for (int sym = 0; sym < 96; sym++)
            if (packed[ch * 12 + sym / 8] & (0x80 >> (sym % 8)))
                out[sym] |= (uint8_t)(0x80 >> ch);
    memcpy(raw, out, 96);
}

void dw_sub_raw_get_q(const uint8_t raw[96], uint8_t q[12])
{
    memset(q, 0, 12);
    for (int sym = 0; sym < 96; sym++)
        if (raw[sym] & 0x40)
            q[sym / 8] |= (uint8_t)(0x80 >> (sym % 8));
}
