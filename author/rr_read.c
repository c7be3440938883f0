/* rr_read.c: our own bounds-checked reader of the Rock Ridge entries of
 * one ISO 9660 directory, for what libiso9660 (libcdio 2.1) does not
 * give: NM names that continue in a continuation area (long names)
 * come back as the ISO 9660 name, SL targets continued in a second SL
 * entry or a continuation area come back empty, and CL / PL / RE
 * (relocated deep directories) are not reported at all; and it gives
 * Rock Ridge names even when asked for the plain ISO 9660 tree, and cuts
 * Joliet names whose UTF-8 is longer than their UCS-2.  Every record
 * of a directory extent is decoded in order (NM, SL, CL, PL, RE),
 * following CE continuation areas (at most MAX_CE per record, each
 * inside one block the caller's reader returns).  Nothing here trusts
 * a length: every record, entry and component is checked against its
 * buffer. */
#include "config.h"

#include <string.h>

#include "author/rr_read.h"

#define MAX_CE 32

static uint32_t le32(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

typedef struct {
    GString *name, *link;
    gboolean has_sl, sl_done, last_continues;
    gboolean name_done;
} rr_acc;

static void sl_components(rr_acc *a, const guint8 *p, size_t len)
{
    size_t i = 0;
    while (i + 2 <= len) {
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

/* Entries in su[0..len); *ce set when a CE entry names a continuation. */
static void entries(rr_acc *a, dw_rr_record *r, const guint8 *su, size_t len, uint32_t ce[3], gboolean *has_ce)
{
    size_t i = 0;
    while (i + 4 <= len) {
        guint8 l = su[i + 2];
        if (l < 4 || i + l > len)
            break;
        const guint8 *e = su + i;
        if (e[0] == 'C' && e[1] == 'E' && l >= 28) {
            ce[0] = le32(e + 4);
            ce[1] = le32(e + 12);
            ce[2] = le32(e + 20);
            *has_ce = TRUE;
        } else if (e[0] == 'N' && e[1] == 'M' && l >= 5 && !a->name_done) {
            if (!(e[4] & 0x06))
                g_string_append_len(a->name, (const char *)e + 5, l - 5);
            if (!(e[4] & 0x01))
                a->name_done = TRUE;
        } else if (e[0] == 'S' && e[1] == 'L' && l >= 5 && !a->sl_done) {
            a->has_sl = TRUE;
            sl_components(a, e + 5, l - 5u);
            if (!(e[4] & 0x01))
                a->sl_done = TRUE;
        } else if (e[0] == 'C' && e[1] == 'L' && l >= 12) {
            r->cl = TRUE;
            r->link_lba = le32(e + 4);
        } else if (e[0] == 'P' && e[1] == 'L' && l >= 12) {
            r->pl = TRUE;
        } else if (e[0] == 'R' && e[1] == 'E') {
            r->re = TRUE;
        } else if (e[0] == 'S' && e[1] == 'T') {
            break;
        }
        i += l;
    }
}

static void parse_record(const guint8 *rec, size_t rlen, dw_rr_block_fn rd, void *user, rr_acc *a, dw_rr_record *r)
{
    size_t idlen = rec[32];
    size_t su = 33 + idlen + ((idlen & 1) ? 0 : 1);
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

dw_rr_record *dw_rr_dir_parse(const guint8 *dir, size_t len, dw_rr_block_fn rd, void *user, size_t *n)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(dw_rr_record));
    size_t pos = 0;
    while (pos < len && out->len < DW_RR_MAX_RECORDS) {
        size_t rlen = dir[pos];
        if (rlen == 0 || rlen < 34 || pos + rlen > len || 33u + dir[pos + 32] > rlen) {
            pos = (pos / 2048 + 1) * 2048;   /* records do not cross blocks; padding or damage */
            continue;
        }
        const guint8 *rec = dir + pos;
        pos += rlen;
        dw_rr_record r = { 0 };
        r.extent = le32(rec + 2);
        r.size = le32(rec + 10);
        r.flags = rec[25];
        r.id_len = rec[32];
        r.iso_id = g_malloc0(r.id_len + 2);
        memcpy(r.iso_id, rec + 33, r.id_len);
        rr_acc a = { .name = g_string_new(NULL), .link = g_string_new(NULL) };
        parse_record(rec, rlen, rd, user, &a, &r);
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
