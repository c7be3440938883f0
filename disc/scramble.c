/* scramble.c: the ECMA-130 scrambler.  Bytes 12..2351 of a sector are
 * XORed with the output of a 15-bit LFSR (x^15 + x + 1) seeded with 1 and
 * read least significant bit first.  Applying it twice is the identity. */
#include "config.h"

#include <glib.h>

#include "discwright/sector.h"

static uint8_t table[2340];

static gpointer build_table(gpointer unused)
{
    (void)unused;
    uint32_t reg = 1;
    for (size_t i = 0; i < sizeof table; i++) {
        uint8_t byte = 0;
        for (int bit = 0; bit < 8; bit++) {
            byte |= (uint8_t)((reg & 1) << bit);
            uint32_t feedback = (reg ^ (reg >> 1)) & 1;
            reg = (reg >> 1) | (feedback << 14);
        }
        table[i] = byte;
    }
    return NULL;
}

const uint8_t *dw_scramble_table(void)
{
    static GOnce once = G_ONCE_INIT;
    g_once(&once, build_table, NULL);
    return table;
}

void dw_scramble(uint8_t sector[2352])
{
    const uint8_t *t = dw_scramble_table();
    for (size_t i = 0; i < 2340; i++)
        sector[12 + i] ^= t[i];
}
