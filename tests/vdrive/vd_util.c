/* vd_util.c: small pure helpers of the virtual drive: CRC-16 for Q and
 * CD-TEXT, the sector EDC, BCD and MSF conversion, big-endian fields and
 * the CloneCD-packed to raw-interleaved subchannel conversion, the
 * ECMA-130 scrambler (data sectors as the disc surface holds them).  Kept
 * local so the drive does not depend on the code it is used to test.
 */
#include "vd.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

uint16_t vd_crc16(const uint8_t *data, size_t len)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

uint32_t vd_edc(const uint8_t *data, size_t len)
{
    uint32_t edc = 0;
    for (size_t i = 0; i < len; i++) {
        edc ^= data[i];
        for (int b = 0; b < 8; b++)
            edc = (edc & 1) ? (edc >> 1) ^ 0xD8018001u : edc >> 1;
    }
    return edc;
}

void vd_scramble(uint8_t sector[2352])
{
    /* ECMA-130 annex B: LFSR x^15 + x + 1, preset to 1, output bit =
     * register bit 0, bytes filled LSB first, over bytes 12..2351.
     * Computed per call: no shared state in a preloaded module. */
    uint16_t reg = 1;
    for (size_t i = 12; i < 2352; i++) {
        uint8_t b = 0;
        for (int bit = 0; bit < 8; bit++) {
            b |= (uint8_t)((reg & 1) << bit);
            uint16_t fb = (uint16_t)((reg ^ (reg >> 1)) & 1);
            reg = (uint16_t)((reg >> 1) | (fb << 14));
        }
        sector[i] ^= b;
    }
}

uint8_t vd_bcd(int v)
{
    if (v < 0)
        v = 0;
    return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

int vd_unbcd(uint8_t b)
{
    return (b >> 4) * 10 + (b & 0x0F);
}

void vd_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
    int32_t a = lba + 150;
    if (a < 0)
        a += 450000;         /* lead-in addresses wrap into 90..99 minutes */
    *m = (uint8_t)(a / 4500);
    *s = (uint8_t)((a / 75) % 60);
    *f = (uint8_t)(a % 75);
}

int32_t vd_msf_to_lba(int m, int s, int f)
{
    int32_t lba = (m * 60 + s) * 75 + f - 150;
    if (m >= 90)
        lba -= 450000;
    return lba;
}

void vd_sub_packed_to_raw(const uint8_t packed[96], uint8_t raw[96])
{
    for (int i = 0; i < 96; i++) {
        uint8_t v = 0;
        for (int ch = 0; ch < 8; ch++) {
            uint8_t byte = packed[ch * 12 + i / 8];
            if (byte & (0x80 >> (i % 8)))
                v |= (uint8_t)(0x80 >> ch);
        }
        raw[i] = v;
    }
}

void vd_q_position(uint8_t q[12], uint8_t control, int track, int index, int32_t rel, int32_t abs_lba)
{
    uint8_t m, s, f;
    q[0] = (uint8_t)((control << 4) | 1);
    q[1] = track == 0xAA ? 0xAA : vd_bcd(track);
    q[2] = vd_bcd(index);
    if (rel < 0)
        rel = -rel;          /* pregap counts down towards index 1 */
    q[3] = vd_bcd(rel / 4500);
    q[4] = vd_bcd((rel / 75) % 60);
    q[5] = vd_bcd(rel % 75);
    q[6] = 0;
    vd_lba_to_msf(abs_lba, &m, &s, &f);
    q[7] = vd_bcd(m);
    q[8] = vd_bcd(s);
    q[9] = vd_bcd(f);
    uint16_t crc = (uint16_t)~vd_crc16(q, 10);
    q[10] = (uint8_t)(crc >> 8);
    q[11] = (uint8_t)crc;
}

/* GF(2^8), polynomial 0x11D: log/antilog tables built on first use. */
static uint8_t gf_exp[512], gf_log[256];

static void gf_init(void)
{
    if (gf_exp[0])
        return;
    unsigned x = 1;
    for (int i = 0; i < 255; i++) {
        gf_exp[i] = gf_exp[i + 255] = (uint8_t)x;
        gf_log[x] = (uint8_t)i;
        x <<= 1;
        if (x & 0x100)
            x ^= 0x11D;
    }
}

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    return (a && b) ? gf_exp[gf_log[a] + gf_log[b]] : 0;
}

static uint8_t gf_div(uint8_t a, uint8_t b)
{
    return a ? gf_exp[gf_log[a] + 255 - gf_log[b]] : 0;
}

/* Two parity symbols of a vector of n symbols (the last two are the
 * parity), with the check rows [1 ... 1] and [a^(n-1) ... a 1]. */
static void rs_parity(const uint8_t *v, int n, uint8_t *p0, uint8_t *p1)
{
    uint8_t s0 = 0, s1 = 0;
    for (int i = 0; i < n - 2; i++) {
        s0 ^= v[i];
        s1 ^= gf_mul(v[i], gf_exp[n - 1 - i]);
    }
    *p0 = gf_div(s0 ^ s1, gf_exp[1] ^ 1);
    *p1 = s0 ^ *p0;
}

void vd_ecc(uint8_t sector[2352], bool zero_header)
{
    gf_init();
    uint8_t hdr[4];
    memcpy(hdr, sector + 12, 4);
    if (zero_header)
        memset(sector + 12, 0, 4);
    uint8_t v[45];
    for (int b = 0; b < 2; b++) {
        for (int c = 0; c < 43; c++) {           /* P: 43 columns x 24 rows per plane */
            for (int r = 0; r < 24; r++)
                v[r] = sector[12 + b + 2 * (c + 43 * r)];
            rs_parity(v, 26, &sector[12 + b + 2 * (c + 43 * 24)], &sector[12 + b + 2 * (c + 43 * 25)]);
        }
        for (int d = 0; d < 26; d++) {           /* Q: 26 diagonals x 43 per plane */
            for (int k = 0; k < 43; k++)
                v[k] = sector[12 + b + 2 * ((43 * d + 44 * k) % 1118)];
            rs_parity(v, 45, &sector[2248 + b + 2 * d], &sector[2248 + 52 + b + 2 * d]);
        }
    }
    if (zero_header)
        memcpy(sector + 12, hdr, 4);
}

void vd_put_be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void vd_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

uint32_t vd_get_be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

uint32_t vd_get_be24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

uint32_t vd_get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool vd_pwrite_all(int fd, const uint8_t *buf, size_t len, off_t off)
{
    while (len) {
        ssize_t n = pwrite(fd, buf, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
        off += n;
    }
    return true;
}
