/* msf.c: CD addressing — LBA <-> absolute MSF (with the lead-in wrap),
 * plain frame counts <-> MSF, BCD, and the "MM:SS:FF" text form. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "discwright/msf.h"

#define FRAMES_PER_MINUTE (60 * DW_FRAMES_PER_SECOND)
#define MSF_WRAP 450000          /* 100 minutes of frames: 100:00:00 */

dw_msf dw_frames_to_msf(int32_t frames)
{
    if (frames < 0)
        frames = 0;
    dw_msf m;
    m.m = (uint8_t)(frames / FRAMES_PER_MINUTE % 256);
    m.s = (uint8_t)(frames / DW_FRAMES_PER_SECOND % 60);
    m.f = (uint8_t)(frames % DW_FRAMES_PER_SECOND);
    return m;
}

int32_t dw_msf_to_frames(dw_msf msf)
{
    return (int32_t)msf.m * FRAMES_PER_MINUTE + (int32_t)msf.s * DW_FRAMES_PER_SECOND + msf.f;
}

dw_msf dw_lba_to_msf(int32_t lba)
{
    /* MMC: LBA -150..404849 map to 00:00:00..89:59:74; the lead-in's
     * negative LBAs below -150 wrap to 90:00:00..99:59:74. */
    int32_t frames = lba >= -DW_MSF_LEAD ? lba + DW_MSF_LEAD : lba + MSF_WRAP + DW_MSF_LEAD;
    if (frames < 0)
        frames = 0;
    return dw_frames_to_msf(frames);
}

int32_t dw_msf_to_lba(dw_msf msf)
{
    int32_t frames = dw_msf_to_frames(msf);
    if (msf.m >= 90)
        return frames - MSF_WRAP - DW_MSF_LEAD;
    return frames - DW_MSF_LEAD;
}

uint8_t dw_to_bcd(uint8_t v)
{
    return (uint8_t)(((v / 10) % 10) << 4 | (v % 10));
}

bool dw_is_bcd(uint8_t b)
{
    return (b >> 4) <= 9 && (b & 0x0F) <= 9;
}

uint8_t dw_from_bcd(uint8_t b)
{
    if (!dw_is_bcd(b))
        return 0xFF;
    return (uint8_t)((b >> 4) * 10 + (b & 0x0F));
}

char *dw_frames_to_string(int32_t frames, char *buf, size_t size)
{
    if (frames < 0)
        frames = 0;
    snprintf(buf, size, "%02ld:%02d:%02d", (long)(frames / FRAMES_PER_MINUTE),
             (int)(frames / DW_FRAMES_PER_SECOND % 60), (int)(frames % DW_FRAMES_PER_SECOND));
    return buf;
}

/* Parse up to max_digits decimal digits; returns chars consumed (0 on none). */
static size_t parse_uint(const char *p, size_t max_digits, long *out)
{
    size_t n = 0;
    long v = 0;
    while (n < max_digits && p[n] >= '0' && p[n] <= '9') {
        v = v * 10 + (p[n] - '0');
        n++;
    }
    *out = v;
    return n;
}

bool dw_string_to_frames(const char *text, bool allow_plain, int32_t *frames)
{
    if (!text)
        return false;
    long m, s, f;
    size_t n = parse_uint(text, 9, &m);   /* at most 999999999: no overflow */
    if (n == 0)
        return false;
    const char *p = text + n;
    if (*p == '\0') {
        if (!allow_plain)
            return false;
        *frames = (int32_t)m;
        return true;
    }
    if (*p++ != ':')
        return false;
    n = parse_uint(p, 2, &s);
    if (n == 0 || p[n] != ':')
        return false;
    p += n + 1;
    n = parse_uint(p, 2, &f);
    if (n == 0 || p[n] != '\0')
        return false;
    if (s >= 60 || f >= DW_FRAMES_PER_SECOND)
        return false;
    if (m > (INT32_MAX - s * DW_FRAMES_PER_SECOND - f) / FRAMES_PER_MINUTE)
        return false;               /* more frames than an int32_t holds */
    *frames = (int32_t)(m * FRAMES_PER_MINUTE + s * DW_FRAMES_PER_SECOND + f);
    return true;
}
