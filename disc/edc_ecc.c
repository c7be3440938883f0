/* edc_ecc.c: the error detection and correction codes of CD data
 * sectors (ECMA-130 annex A and section 14).
 *
 * EDC is a CRC-32 with the reflected polynomial 0xD8018001 (x^32 + x^31 +
 * x^16 + x^15 + x^4 + x^3 + x + 1), initial value 0, no final XOR, stored
 * little-endian.  ECC is the RSPC product code: the 2340 bytes from the
 * header (byte 12) on are read as 1170 16-bit words split into two byte
 * planes (even and odd bytes).  In each plane the P code protects 43
 * columns of 24 words (RS(26,24): parity rows 24 and 25), and the Q code
 * 26 diagonals of 43 words that include the P parity (RS(45,43)).  Both
 * use GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and a
 * parity check matrix [1 1 ... 1; a^(n-1) ... a 1].
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "discwright/sector.h"

static uint32_t edc_table[4][256];
static uint8_t gf_mul_alpha[256];      /* x * a */
static uint8_t gf_div_alpha1[256];     /* x / (a + 1) */

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1D : 0));
        b >>= 1;
    }
    return r;
}

static gpointer init_tables(gpointer unused)
{
    (void)unused;
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ ((c & 1) ? 0xD8018001u : 0);
        edc_table[0][i] = c;
    }
    /* Slice-by-4 tables: table[k][i] is the CRC of byte i followed by k zeros. */
    for (uint32_t i = 0; i < 256; i++)
        for (int k = 1; k < 4; k++)
            edc_table[k][i] = (edc_table[k - 1][i] >> 8) ^ edc_table[0][edc_table[k - 1][i] & 0xFF];

    /* a + 1 = 3; find its inverse by search (the field is small). */
    uint8_t inv3 = 0;
    for (int x = 1; x < 256; x++)
        if (gf_mul((uint8_t)x, 3) == 1)
            inv3 = (uint8_t)x;
    for (int x = 0; x < 256; x++) {
        gf_mul_alpha[x] = gf_mul((uint8_t)x, 2);
        gf_div_alpha1[x] = gf_mul((uint8_t)x, inv3);
    }
    return NULL;
}

static void ensure_tables(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, init_tables, NULL);
}

uint32_t dw_edc_update(uint32_t edc, const uint8_t *data, size_t len)
{
    ensure_tables();
    while (len >= 4) {
        edc ^= (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
        edc = edc_table[3][edc & 0xFF] ^ edc_table[2][(edc >> 8) & 0xFF] ^
              edc_table[1][(edc >> 16) & 0xFF] ^ edc_table[0][edc >> 24];
        data += 4;
        len -= 4;
    }
    while (len--)
        edc = (edc >> 8) ^ edc_table[0][(edc ^ *data++) & 0xFF];
    return edc;
}

uint32_t dw_edc(const uint8_t *data, size_t len)
{
    return dw_edc_update(0, data, len);
}

/* Byte of plane b, word w of the 2340-byte region starting at byte 12. */
#define REGION_BYTE(w, b) (12 + 2 * (size_t)(w) + (size_t)(b))

/* Parity of one RS code word given its data bytes (in vector order).
 * A = sum of d_i, B = sum of d_i * a^(n+1-i) for n data bytes; then
 * p0 = (A + B) / (a + 1), p1 = A + p0 makes both syndromes zero. */
static void rs_parity(const uint8_t *src, const size_t *pos, size_t n, uint8_t *p0, uint8_t *p1)
{
    uint8_t a = 0, h = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t d = src[pos[i]];
        a ^= d;
        h = gf_mul_alpha[h] ^ d;
    }
    uint8_t b = gf_mul_alpha[gf_mul_alpha[h]];
    *p0 = gf_div_alpha1[a ^ b];
    *p1 = a ^ *p0;
}

static void ecc_compute(const uint8_t *s, uint8_t p_out[172], uint8_t q_out[104])
{
    ensure_tables();
    size_t pos[43];
    /* P: column c of plane b holds words 43*r + c, r = 0..23. */
    for (int b = 0; b < 2; b++)
        for (int c = 0; c < 43; c++) {
            for (int r = 0; r < 24; r++)
                pos[r] = REGION_BYTE(43 * r + c, b);
            uint8_t p0, p1;
            rs_parity(s, pos, 24, &p0, &p1);
            p_out[2 * c + b] = p0;            /* word 1032 + c */
            p_out[86 + 2 * c + b] = p1;       /* word 1075 + c */
        }
    /* Q: diagonal d of plane b holds words (44*k + 43*d) mod 1118, k = 0..42;
     * words 1032..1117 are the P parity, read from p_out. */
    uint8_t buf[2352];
    memcpy(buf, s, 2076);
    memcpy(buf + 2076, p_out, 172);
    for (int b = 0; b < 2; b++)
        for (int d = 0; d < 26; d++) {
            for (int k = 0; k < 43; k++)
                pos[k] = REGION_BYTE((44 * k + 43 * d) % 1118, b);
            uint8_t q0, q1;
            rs_parity(buf, pos, 43, &q0, &q1);
            q_out[2 * d + b] = q0;            /* word 1118 + d */
            q_out[52 + 2 * d + b] = q1;       /* word 1144 + d */
        }
}

/* Run ecc_compute over the sector, with the header zeroed for Mode 2. */
static void ecc_for(const uint8_t sector[2352], bool mode2, uint8_t p[172], uint8_t q[104])
{
    if (mode2) {
        uint8_t tmp[2352];
        memcpy(tmp, sector, 2352);
        memset(tmp + 12, 0, 4);
        ecc_compute(tmp, p, q);
    } else {
        ecc_compute(sector, p, q);
    }
}

void dw_ecc_generate(uint8_t sector[2352], bool mode2)
{
    uint8_t p[172], q[104];
    ecc_for(sector, mode2, p, q);
    memcpy(sector + 2076, p, sizeof p);
    memcpy(sector + 2248, q, sizeof q);
}

bool dw_ecc_check(const uint8_t sector[2352], bool mode2)
{
    uint8_t p[172], q[104];
    ecc_for(sector, mode2, p, q);
    return memcmp(sector + 2076, p, sizeof p) == 0 && memcmp(sector + 2248, q, sizeof q) == 0;
}
