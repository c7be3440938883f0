/* rr_read.c: our own bounds-checked reader of the records of one ISO
 * 9660 directory extent and their Rock Ridge entries, for the read side
 * (tree_iso.c, behind `discwright ls` and `extract`).  Every record of
 * the extent is decoded in order: extent, size, flags, recording date,
 * identifier, and the SUSP / RRIP entries of its System Use area (after
 * the SP skip): PX (mode, links), TF (modify time, short and long
 * form), NM (names continued across entries), SL (targets continued
 * across entries and components), CL / PL / RE (relocated directories),
 * SP, following CE continuation areas (at most MAX_CE per record, each
 * inside one block the caller's reader returns).  Nothing here trusts a
 * length: every record, entry and component is checked against its
 * buffer, and a record that does not fit ends the records of its block. */
#include "config.h"

#include <string.h>

#include "author/rr_read.h"

#define MAX_CE 32
#define MAX_TEXT (64u * 1024)        /* NM / SL text kept per record */

static uint32_t le32(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
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

static gboolean mk_time(int y, int mo, int d, int h, int mi, int s, int off15, int64_t *out)
{
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || off15 < -48 || off15 > 52)
        return FALSE;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - (int64_t)off15 * 900;
    return TRUE;
}

gboolean dw_rr_date7(const guint8 *b, int64_t *out)
{
    return mk_time(1900 + b[0], b[1], b[2], b[3], b[4], b[5], (int8_t)b[6], out);
}

gboolean dw_rr_date17(const guint8 *b, int64_t *out)
{
    int v[6];
    static const int w[6] = { 4, 2, 2, 2, 2, 2 };
    const guint8 *c = b;
    for (int i = 0; i < 6; i++) {
        v[i] = 0;
        for (int k = 0; k < w[i]; k++, c++) {
            if (*c < '0' || *c > '9')
                return FALSE;
            v[i] = v[i] * 10 + (*c - '0');
        }
    }
    if (v[0] == 0)
        return FALSE;            /* "0000..." is "not specified" */
    return mk_time(v[0], v[1], v[2], v[3], v[4], v[5], (int8_t)b[16], out);
}

typedef struct {
    GString *name, *link;
    gboolean has_sl, sl_done, last_continues;
    gboolean name_done;
} rr_acc;

static void sl_components(rr_acc *a, const guint8 *p, size_t len)
{
    size_t i = 0;
    while (i + 2 <= len && a->link->len < MAX_TEXT) {
        guint8 f = p[i], cl = p[i + 1];
        if (i + 2 + cl > len)
            break;
        const char *text = (const char *)p + i + 2;
        gboolean need_sep = a->link->len > 0 && !a->last_continues &&
                            !(a->link->len == 1 && a->link->str[0] == '/');
        if (f & 0x08) {
            g_string_assign(a->link, "/");
        } else {
            if (need_sep)
                g_string_append_c(a->link, '/');
            if (f & 0x02)
                g_string_append_c(a->link, '.');
            else if (f & 0x04)
                g_string_append(a->link, "..");
            else
                g_string_append_len(a->link, text, cl);
        }
        a->last_continues = (f & 0x01) != 0;
        i += 2u + cl;
    }
}

static void tf_entry(dw_rr_record *r, const guint8 *e, size_t l)
{
    guint8 fl = e[4];
    size_t sz = (fl & 0x80) ? 17 : 7, q = 5;
    for (int bit = 0; bit < 7; bit++) {
        if (!(fl & (1u << bit)))
            continue;
        if (q + sz > l)
            return;
        if (bit == 1) {
            int64_t t;
            if (sz == 17 ? dw_rr_date17(e + q, &t) : dw_rr_date7(e + q, &t)) {
                r->mtime = t;
                r->has_mtime = TRUE;
            }
        }
        q += sz;
    }
}

/* Entries in su[0..len); ce[] set when a CE entry names a continuation. */
static void entries(rr_acc *a, dw_rr_record *r, const guint8 *su, size_t len, uint32_t ce[3], gboolean *has_ce)
{
    size_t i = 0;
    while (i + 4 <= len) {
        guint8 l = su[i + 2];
        if (l < 4 || i + l > len)
            break;
        const guint8 *e = su + i;
        guint8 s0 = e[0], s1 = e[1];
        if (s0 == 'C' && s1 == 'E' && l >= 28) {
            ce[0] = le32(e + 4);
            ce[1] = le32(e + 12);
            ce[2] = le32(e + 20);
            *has_ce = TRUE;
        } else if (s0 == 'S' && s1 == 'P' && l >= 7 && e[4] == 0xBE && e[5] == 0xEF) {
            r->sp = TRUE;
            r->sp_skip = e[6];
        } else if (s0 == 'N' && s1 == 'M' && l >= 5) {
            r->rr = TRUE;
            if (!a->name_done && a->name->len < MAX_TEXT) {
                if (!(e[4] & 0x06))
                    g_string_append_len(a->name, (const char *)e + 5, l - 5);
                if (!(e[4] & 0x01))
                    a->name_done = TRUE;
            }
        } else if (s0 == 'S' && s1 == 'L' && l >= 5) {
            r->rr = TRUE;
            if (!a->sl_done) {
                a->has_sl = TRUE;
                sl_components(a, e + 5, l - 5u);
                if (!(e[4] & 0x01))
                    a->sl_done = TRUE;
            }
        } else if (s0 == 'P' && s1 == 'X' && l >= 36) {
            r->rr = TRUE;
            r->px = TRUE;
            r->mode = le32(e + 4);
            r->nlink = le32(e + 12);
        } else if (s0 == 'T' && s1 == 'F' && l >= 5) {
            r->rr = TRUE;
            tf_entry(r, e, l);
        } else if (s0 == 'C' && s1 == 'L' && l >= 12) {
            r->rr = TRUE;
            r->cl = TRUE;
            r->link_lba = le32(e + 4);
        } else if (s0 == 'P' && s1 == 'L' && l >= 12) {
            r->rr = TRUE;
            r->pl = TRUE;
        } else if (s0 == 'R' && s1 == 'E') {
            r->rr = TRUE;
            r->re = TRUE;
        } else if ((s0 == 'R' && s1 == 'R') || (s0 == 'P' && s1 == 'N') || (s0 == 'S' && s1 == 'F')) {
            r->rr = TRUE;
        } else if (s0 == 'S' && s1 == 'T') {
            break;
        }
        i += l;
    }
}

static void parse_record(const guint8 *rec, size_t rlen, size_t skip, dw_rr_block_fn rd, void *user, rr_acc *a,
                         dw_rr_record *r)
{
    size_t idlen = rec[32];
    size_t su = 33 + idlen + ((idlen & 1) ? 0 : 1) + skip;
    uint32_t ce[3];
    gboolean has_ce = FALSE;
    if (su < rlen)
        entries(a, r, rec + su, rlen - su, ce, &has_ce);
    guint8 blk[2048];
    for (int hops = 0; has_ce && hops < MAX_CE && rd; hops++) {
        has_ce = FALSE;
        if (ce[1] >= 2048 || ce[2] > 2048 - ce[1] || !rd(user, ce[0], blk))
            break;
        entries(a, r, blk + ce[1], ce[2], ce, &has_ce);
    }
}

dw_rr_record *dw_rr_dir_parse(const guint8 *dir, size_t len, size_t skip, dw_rr_block_fn rd, void *user, size_t *n)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(dw_rr_record));
    size_t pos = 0;
    while (pos < len && out->len < DW_RR_MAX_RECORDS) {
        size_t rlen = dir[pos];
        size_t block_end = MIN((pos / 2048 + 1) * 2048, len);
        if (rlen < 34 || pos + rlen > block_end || 33u + dir[pos + 32] > rlen) {
            pos = block_end;     /* records do not cross blocks: padding or damage ends this block */
            continue;
        }
        const guint8 *rec = dir + pos;
        pos += rlen;
        dw_rr_record r = { 0 };
        r.extent = le32(rec + 2);
        r.size = le32(rec + 10);
        memcpy(r.date, rec + 18, 7);
        r.flags = rec[25];
        r.id_len = rec[32];
        r.iso_id = g_malloc0(r.id_len + 2);
        memcpy(r.iso_id, rec + 33, r.id_len);
        rr_acc a = { .name = g_string_new(NULL), .link = g_string_new(NULL) };
        parse_record(rec, rlen, skip, rd, user, &a, &r);
        r.nm = a.name->len ? g_string_free(a.name, FALSE) : (g_string_free(a.name, TRUE), NULL);
        r.sl = a.has_sl ? g_string_free(a.link, FALSE) : (g_string_free(a.link, TRUE), NULL);
        g_array_append_val(out, r);
    }
    *n = out->len;
    return (dw_rr_record *)(void *)g_array_free(out, FALSE);
}

void dw_rr_records_free(dw_rr_record *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        g_free(r[i].iso_id);
        g_free(r[i].nm);
        g_free(r[i].sl);
    }
    g_free(r);
}
