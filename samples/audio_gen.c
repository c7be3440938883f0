/* audio_gen.c: deterministic CD-DA content for the sample discs.  Each
 * track and channel gets its own triangle-wave chirp computed with
 * integer arithmetic only (a 32-bit phase accumulator whose increment
 * grows with time), so the bytes are the same on every machine and a
 * swapped channel, wrong byte order or sample offset shows at once. */
#include "config.h"

#include <string.h>

#include "samples/samples.h"

/* Phase after n frames: start increment inc0, growing by chirp per frame
 * (sum of an arithmetic series, wrapping mod 2^32 like the accumulator). */
static uint32_t phase_at(uint64_t n, uint32_t inc0, uint32_t chirp)
{
    uint64_t series = n * (n - (n ? 1 : 0)) / 2;
    return (uint32_t)(n * inc0 + (series & 0xFFFFFFFFu) * chirp);
}

static int16_t triangle(uint32_t phase, int amplitude)
{
    int32_t v = (int32_t)(phase >> 16);          /* 0..65535 */
    int32_t tri = v < 32768 ? v * 2 - 32768 : (65535 - v) * 2 - 32767;
    return (int16_t)(tri * amplitude / 32768);
}

void dws_audio_fill(uint8_t out[2352], int track, int64_t frame)
{
    /* About 220-880 Hz starting tones: inc = f * 2^32 / 44100. */
    uint32_t inc_l = (uint32_t)(97391u * (uint32_t)(220 + 55 * track));
    uint32_t inc_r = (uint32_t)(97391u * (uint32_t)(330 + 77 * track));
    uint32_t chirp_l = (uint32_t)(3 + track), chirp_r = (uint32_t)(5 + 2 * track);
    int amp_l = 9000 + 1500 * track, amp_r = 7000 + 1100 * track;
    for (int i = 0; i < 588; i++) {
        uint64_t n = (uint64_t)(frame + i);
        int16_t l = triangle(phase_at(n, inc_l, chirp_l), amp_l);
        int16_t r = triangle(phase_at(n, inc_r, chirp_r), amp_r);
        /* A slow beat on the right channel keeps the channels unalike. */
        if ((n / 4410) % 2)
            r = (int16_t)(r / 2);
        uint16_t ul = (uint16_t)l, ur = (uint16_t)r;
        out[4 * i] = (uint8_t)ul;
        out[4 * i + 1] = (uint8_t)(ul >> 8);
        out[4 * i + 2] = (uint8_t)ur;
        out[4 * i + 3] = (uint8_t)(ur >> 8);
    }
}

uint8_t dws_video_byte(uint32_t k, uint32_t i)
{
    /* A "frame" of stripes that moves with the sector number. */
    uint32_t x = i % 48, y = i / 48;
    return (uint8_t)((x * 5 + y * 3 + k * 7) ^ (k >> 3) ^ (i >> 9));
}
