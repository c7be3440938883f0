/* rspc.c: correcting CD data sectors with their RSPC parity.
 *
 * The layout is the one disc/edc_ecc.c generates (ECMA-130 annex A):
 * from byte 12 on, 1170 16-bit words in two byte planes; P code words are
 * the columns 43r + c (r = 0..25, rows 24 and 25 parity), Q code words the
 * diagonals (44k + 43d) mod 1118 (k = 0..42) followed by words 1118 + d
 * and 1144 + d.  Each is a Reed-Solomon code over GF(2^8) (polynomial
 * 0x11D) with the check matrix [1 ... 1; a^(n-1) ... a 1], so two
 * syndromes S0 = sum c_k and S1 = sum c_k a^(n-1-k) locate and fix one
 * wrong byte per code word: e = S0 at k = n-1 - log(S1/S0).  P and Q are
 * applied in turn until nothing changes; the result is accepted only if
 * every syndrome is then zero.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "discwright/sector.h"
#include "discwright/verify.h"

static uint8_t gf_exp[512];
static int gf_log[256];

static gpointer init_gf(gpointer unused)
{
    (void)unused;
    unsigned x = 1;
    for (int i = 0; i < 255; i++) {
        gf_exp[i] = (uint8_t)x;
        gf_log[x] = i;
        x <<= 1;
        if (x & 0x100)
            x ^= 0x11D;
    }
    for (int i = 255; i < 512; i++)
        gf_exp[i] = gf_exp[i - 255];
    gf_log[0] = -1;
    return NULL;
}

static void ensure_gf(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, init_gf, NULL);
}

static inline uint8_t mul_alpha(uint8_t v)
{
    return (uint8_t)((v << 1) ^ ((v & 0x80) ? 0x1D : 0));
}

/* Syndromes of one code word; fix a single error.  Returns 0 when clean,
 * 1 when one byte was fixed, -1 when not correctable. */
static int fix_word(uint8_t *s, const size_t *pos, int n)
{
    uint8_t s0 = 0, s1 = 0;
    for (int k = 0; k < n; k++) {
        uint8_t c = s[pos[k]];
        s0 ^= c;
        s1 = mul_alpha(s1) ^ c;
    }
    if (!s0 && !s1)
        return 0;
    if (!s0 || !s1)
        return -1;
    int d = (gf_log[s1] - gf_log[s0] + 255) % 255;   /* = n-1-k */
    int k = n - 1 - d;
    if (k < 0 || k >= n)
        return -1;
    s[pos[k]] ^= s0;
    return 1;
}

#define WORD_BYTE(w, b) (12 + 2 * (size_t)(w) + (size_t)(b))

/* One pass of P then Q over s; adds fixed bytes to *fixed, counts words
 * that could not be fixed in *bad. */
static void pass(uint8_t *s, int *fixed, int *bad)
{
    size_t pos[45];
    for (int b = 0; b < 2; b++)
        for (int c = 0; c < 43; c++) {
            for (int r = 0; r < 26; r++)
                pos[r] = WORD_BYTE(43 * r + c, b);
            int rc = fix_word(s, pos, 26);
            if (rc > 0)
                (*fixed)++;
            else if (rc < 0)
                (*bad)++;
        }
    for (int b = 0; b < 2; b++)
        for (int d = 0; d < 26; d++) {
            for (int k = 0; k < 43; k++)
                pos[k] = WORD_BYTE((44 * k + 43 * d) % 1118, b);
            pos[43] = WORD_BYTE(1118 + d, b);
            pos[44] = WORD_BYTE(1144 + d, b);
            int rc = fix_word(s, pos, 45);
            if (rc > 0)
                (*fixed)++;
            else if (rc < 0)
                (*bad)++;
        }
}

bool dw_rspc_correct(uint8_t sector[2352], bool mode2, int rounds, int *fixed)
{
    ensure_gf();
    uint8_t work[2352];
    memcpy(work, sector, 2352);
    if (mode2)
        memset(work + 12, 0, 4);
    int total = 0;
    bool clean = false;
    for (int round = 0; round < (rounds > 0 ? rounds : 4) + 1; round++) {
        int f = 0, bad = 0;
        pass(work, &f, &bad);
        total += f;
        if (f == 0) {
            clean = bad == 0;
            break;
        }
    }
    if (fixed)
        *fixed = clean ? total : 0;
    if (!clean)
        return false;
    if (mode2)
        memcpy(work + 12, sector + 12, 4);
    memcpy(sector, work, 2352);
    return true;
}
