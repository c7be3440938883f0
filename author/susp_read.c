/* susp_read.c: System Use Sharing Protocol and Rock Ridge entries read
 * back from a directory record of an existing image (the previous
 * session of a multisession plan, prev.c): SP, CE (continuation areas,
 * followed up to MAX_CE deep), ST, PX, TF (7- and 17-byte times), PN, NM,
 * SL (all component flags, components continued across entries), RE and
 * CL.  Every entry length is checked against its area and every CE
 * against its block. */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

#define MAX_CE 32                    /* continuation areas per record */

static uint32_t le32(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static gboolean bad(dw_author_plan *p, GError **error, uint64_t lba, const char *what)
{
    g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: previous session: %s (block %" G_GUINT64_FORMAT ")",
                p->prev_name, what, lba);
    return FALSE;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int mo, int d)
{
    y -= mo <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static time_t mk_time(int y, int mo, int d, int h, int mi, int s, int off15)
{
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return 0;
    int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - (int64_t)off15 * 900;
    return (time_t)t;
}

time_t dw_iso_date7_read(const guint8 *b)
{
    return mk_time(1900 + b[0], b[1], b[2], b[3], b[4], b[5], (int8_t)b[6]);
}

static time_t date17(const guint8 *b)
{
    int v[7];
    static const int w[7] = { 4, 2, 2, 2, 2, 2, 2 };
    const guint8 *c = b;
    for (int i = 0; i < 7; i++) {
        v[i] = 0;
        for (int k = 0; k < w[i]; k++, c++) {
            if (*c < '0' || *c > '9')
                return 0;
            v[i] = v[i] * 10 + (*c - '0');
        }
    }
    return mk_time(v[0], v[1], v[2], v[3], v[4], v[5], (int8_t)b[16]);
}

static void sl_component(dw_rr_info *r, guint8 flags, const guint8 *s, size_t n)
{
    if (r->sl_sep)
        g_string_append_c(r->sl, '/');
    if (flags & 0x08) {
        g_string_append_c(r->sl, '/');
        r->sl_sep = FALSE;
        return;
    }
    if (flags & 0x02)
        g_string_append(r->sl, ".");
    else if (flags & 0x04)
        g_string_append(r->sl, "..");
    else
        g_string_append_len(r->sl, (const char *)s, (gssize)n);
    r->sl_sep = (flags & 0x07) != 0x01;
}

/* One System Use area (and the continuation areas it points to). */
static gboolean parse_su(dw_author_plan *p, const guint8 *su, size_t len, dw_rr_info *r, uint64_t at, int depth,
                         GError **error)
{
    size_t off = 0;
    uint32_t ce_lba = 0, ce_off = 0, ce_len = 0;
    gboolean ce = FALSE;
    while (off + 4 <= len) {
        const guint8 *e = su + off;
        size_t el = e[2];
        if (el < 4 || off + el > len)
            break;
        char sig[3] = { (char)e[0], (char)e[1], 0 };
        if (!strcmp(sig, "ST"))
            break;
        if (!strcmp(sig, "SP") && el >= 7 && e[4] == 0xBE && e[5] == 0xEF) {
            r->sp = TRUE;
            r->sp_skip = e[6];
        } else if (!strcmp(sig, "CE") && el >= 28) {
            ce = TRUE;
            ce_lba = le32(e + 4);
            ce_off = le32(e + 12);
            ce_len = le32(e + 20);
        } else if (!strcmp(sig, "PX") && el >= 36) {
            r->px = TRUE;
            r->mode = le32(e + 4);
            r->uid = le32(e + 20);
            r->gid = le32(e + 28);
        } else if (!strcmp(sig, "TF") && el >= 5) {
            guint8 fl = e[4];
            size_t sz = (fl & 0x80) ? 17 : 7;
            size_t q = 5;
            for (int bit = 0; bit < 7; bit++) {
                if (!(fl & (1u << bit)))
                    continue;
                if (q + sz > el)
                    break;
                time_t t = sz == 17 ? date17(e + q) : dw_iso_date7_read(e + q);
                if (bit == 1)
                    r->mtime = t;
                else if (bit == 2)
                    r->atime = t;
                else if (bit == 3)
                    r->ctime = t;
                q += sz;
                r->tf = TRUE;
            }
        } else if (!strcmp(sig, "PN") && el >= 20) {
            r->pn = TRUE;
            r->rdev = (uint64_t)le32(e + 4) << 32 | le32(e + 12);
        } else if (!strcmp(sig, "NM") && el >= 5) {
            r->nm_seen = TRUE;
            if (!(e[4] & 0x06))
                g_string_append_len(r->nm, (const char *)e + 5, (gssize)(el - 5));
        } else if (!strcmp(sig, "SL") && el >= 5) {
            r->sl_seen = TRUE;
            size_t q = 5;
            while (q + 2 <= el) {
                size_t cl = e[q + 1];
                if (q + 2 + cl > el)
                    break;
                sl_component(r, e[q], e + q + 2, cl);
                q += 2 + cl;
            }
        } else if (!strcmp(sig, "RE")) {
            r->re = TRUE;
        } else if (!strcmp(sig, "CL") && el >= 12) {
            r->cl = TRUE;
            r->cl_lba = le32(e + 4);
        }
        off += el;
    }
    if (!ce)
        return TRUE;
    if (depth >= MAX_CE)
        return bad(p, error, at, "too many continuation areas");
    if (ce_off >= BLK || ce_len == 0 || ce_len > 16 * BLK)
        return bad(p, error, ce_lba, "continuation area out of range");
    size_t nb = (ce_off + ce_len + BLK - 1) / BLK;
    guint8 *buf = g_malloc(nb * BLK);
    gboolean ok = dw_author_prev_read(p, ce_lba, buf, nb, error) &&
                  parse_su(p, buf + ce_off, ce_len, r, ce_lba, depth + 1, error);
    g_free(buf);
    return ok;
}

gboolean dw_rr_parse(dw_author_plan *p, const guint8 *su, size_t len, dw_rr_info *r, uint64_t at, GError **error)
{
    return parse_su(p, su, len, r, at, 0, error);
}

void dw_rr_info_init(dw_rr_info *r)
{
    memset(r, 0, sizeof *r);
    r->nm = g_string_new(NULL);
    r->sl = g_string_new(NULL);
}

void dw_rr_info_clear(dw_rr_info *r)
{
    g_string_free(r->nm, TRUE);
    g_string_free(r->sl, TRUE);
}
