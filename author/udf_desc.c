/* udf_desc.c: UDF building blocks (ECMA-167 3rd edition, OSTA UDF):
 * descriptor tags with checksum and CRC-CCITT, OSTA CS0 strings and
 * d-strings, entity identifiers, timestamps, and POSIX → UDF
 * permissions. */
#include "config.h"

#include <string.h>

#include "author/udf_private.h"

static uint16_t crc_table[256];

static void crc_init(void)
{
    for (int i = 0; i < 256; i++) {
        uint16_t c = (uint16_t)(i << 8);
        for (int b = 0; b < 8; b++)
            c = (uint16_t)((c & 0x8000) ? (c << 1) ^ 0x1021 : c << 1);
        crc_table[i] = c;
    }
}

uint16_t dw_udf_crc(const guint8 *b, size_t n)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        crc_init();
        g_once_init_leave(&once, 1);
    }
    uint16_t c = 0;
    for (size_t i = 0; i < n; i++)
        c = (uint16_t)((c << 8) ^ crc_table[((c >> 8) ^ b[i]) & 0xFF]);
    return c;
}

void dw_udf_tag(const dw_author_plan *p, guint8 *d, uint16_t id, uint32_t loc, size_t total_len)
{
    dw_le16(d, id);
    dw_le16(d + 2, p->o.udf >= DW_UDF_201 ? 3 : 2);
    d[5] = 0;
    dw_le16(d + 6, 1);
    size_t crclen = total_len - 16;
    dw_le16(d + 8, dw_udf_crc(d + 16, crclen));
    dw_le16(d + 10, (uint16_t)crclen);
    dw_le32(d + 12, loc);
    unsigned sum = 0;
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum += d[i];
    d[4] = (guint8)sum;
}

size_t dw_udf_cs0(const char *utf8, guint8 *out, size_t max)
{
    if (!utf8 || !*utf8 || max < 2)
        return 0;
    glong n = 0;
    gunichar *u = g_utf8_to_ucs4(utf8, -1, NULL, &n, NULL);
    if (!u) {
        /* Not UTF-8: bytes as Latin-1. */
        size_t l = MIN(strlen(utf8), max - 1);
        out[0] = 8;
        memcpy(out + 1, utf8, l);
        return l + 1;
    }
    gboolean wide = FALSE;
    for (glong i = 0; i < n; i++)
        if (u[i] > 0xFF)
            wide = TRUE;
    size_t len = 1;
    out[0] = wide ? 16 : 8;
    for (glong i = 0; i < n; i++) {
        if (!wide) {
            if (len + 1 > max)
                break;
            out[len++] = (guint8)u[i];
        } else if (u[i] < 0x10000) {
            if (len + 2 > max)
                break;
            dw_be16(out + len, (uint16_t)u[i]);
            len += 2;
        } else {
            if (len + 4 > max)
                break;
            gunichar v = u[i] - 0x10000;
            dw_be16(out + len, (uint16_t)(0xD800 + (v >> 10)));
            dw_be16(out + len + 2, (uint16_t)(0xDC00 + (v & 0x3FF)));
            len += 4;
        }
    }
    g_free(u);
    return len;
}

void dw_udf_dstring(guint8 *out, size_t size, const char *utf8)
{
    memset(out, 0, size);
    size_t l = dw_udf_cs0(utf8, out, size - 1);
    out[size - 1] = (guint8)l;
}

void dw_udf_charspec(guint8 *out)
{
    memset(out, 0, 64);
    memcpy(out + 1, "OSTA Compressed Unicode", 23);
}

void dw_udf_regid(guint8 *out, const char *id, const guint8 suffix[8])
{
    memset(out, 0, 32);
    memcpy(out + 1, id, MIN(strlen(id), 23));
    if (suffix)
        memcpy(out + 24, suffix, 8);
}

void dw_udf_regid_udf(const dw_author_plan *p, guint8 *out, const char *id)
{
    guint8 s[8] = { 0 };
    dw_le16(s, (uint16_t)p->o.udf);
    s[2] = 4; /* OS class UNIX */
    s[3] = 5; /* Linux */
    dw_udf_regid(out, id, s);
}

void dw_udf_regid_domain(const dw_author_plan *p, guint8 *out)
{
    guint8 s[8] = { 0 };
    dw_le16(s, (uint16_t)p->o.udf);
    dw_udf_regid(out, "*OSTA UDF Compliant", s);
}

void dw_udf_regid_impl(guint8 *out)
{
    guint8 s[8] = { 4, 5, 0 };
    dw_udf_regid(out, "*discwright", s);
}

void dw_udf_timestamp(guint8 *out, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    dw_le16(out, 0x1000); /* type 1, UTC */
    dw_le16(out + 2, (uint16_t)(tm.tm_year + 1900));
    out[4] = (guint8)(tm.tm_mon + 1);
    out[5] = (guint8)tm.tm_mday;
    out[6] = (guint8)tm.tm_hour;
    out[7] = (guint8)tm.tm_min;
    out[8] = (guint8)tm.tm_sec;
    out[9] = out[10] = out[11] = 0;
}

uint32_t dw_udf_perms(uint32_t mode)
{
    uint32_t p = 0;
    for (int cls = 0; cls < 3; cls++) {
        uint32_t rwx = (mode >> (3 * cls)) & 7;
        uint32_t u = ((rwx & 4) ? 0x04 : 0) | ((rwx & 2) ? 0x02 | 0x08 | 0x10 : 0) | ((rwx & 1) ? 0x01 : 0);
        p |= u << (5 * cls);
    }
    return p;
}

void dw_udf_long_ad(guint8 *out, uint32_t len, uint32_t lbn, uint16_t part, uint32_t uid)
{
    memset(out, 0, 16);
    dw_le32(out, len);
    dw_le32(out + 4, lbn);
    dw_le16(out + 8, part);
    dw_le32(out + 12, uid); /* ADImpUse: flags (2 bytes) then the UDF unique id */
}
