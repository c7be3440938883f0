/* rockridge.c: SUSP / Rock Ridge 1.12 entries of one directory record:
 * SP and ER on the root's ".", PX (with serial numbers), TF (modify,
 * access, attributes), NM, SL, PN, and CL / PL / RE for directories
 * relocated out of a deep tree (relocate.c); what does not fit in the record goes
 * to the directory's continuation area through a CE entry, each record's
 * continuation inside one block. */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

#define ER_ID "IEEE_1282"
#define ER_DES "THE IEEE 1282 PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS."
#define ER_SRC "PLEASE CONTACT THE IEEE STANDARDS DEPARTMENT, PISCATAWAY, NJ, USA FOR THE 1282 SPECIFICATION."

typedef struct {
    guint8 buf[8192];
    size_t len;
    size_t ends[128];            /* end offset of each entry */
    int n;
} entries;

static guint8 *entry(entries *e, const char *sig, size_t len)
{
    if (e->len + len > sizeof e->buf || e->n >= (int)G_N_ELEMENTS(e->ends))
        return NULL;
    guint8 *b = e->buf + e->len;
    memset(b, 0, len);
    b[0] = (guint8)sig[0];
    b[1] = (guint8)sig[1];
    b[2] = (guint8)len;
    b[3] = 1;
    e->len += len;
    e->ends[e->n++] = e->len;
    return b;
}

static void add_sl(entries *e, const char *target)
{
    /* Components: (flags, bytes, len). */
    guint8 comp[4096 + 512];
    size_t cl = 0;
    const char *s = target;
    if (*s == '/') {
        comp[cl++] = 0x08;
        comp[cl++] = 0;
        while (*s == '/')
            s++;
    }
    while (*s && cl < sizeof comp - 300) {
        const char *end = strchr(s, '/');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (n == 1 && s[0] == '.') {
            comp[cl++] = 0x02;
            comp[cl++] = 0;
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            comp[cl++] = 0x04;
            comp[cl++] = 0;
        } else if (n > 0) {
            const char *q = s;
            size_t left = n;
            while (left > 0) {
                size_t take = MIN(left, 248);
                comp[cl++] = left > take ? 0x01 : 0;
                comp[cl++] = (guint8)take;
                memcpy(comp + cl, q, take);
                cl += take;
                q += take;
                left -= take;
            }
        }
        s += n;
        while (*s == '/')
            s++;
    }
    /* Pack components into SL entries of at most 255 bytes. */
    size_t i = 0;
    do {
        size_t start = i, len = 0;
        while (i < cl && 5 + len + 2 + comp[i + 1] <= 255) {
            len += 2u + comp[i + 1];
            i += 2u + comp[i + 1];
        }
        guint8 *b = entry(e, "SL", 5 + len);
        if (!b)
            return;
        b[4] = i < cl ? 1 : 0;
        memcpy(b + 5, comp + start, len);
    } while (i < cl);
}

size_t dw_rr_entries(dw_author_plan *p, const dw_rr_rec *r, guint8 *su, size_t su_room, guint8 *ce,
                     uint32_t ce_lba, uint32_t *ce_off)
{
    entries e;
    e.len = 0;
    e.n = 0;
    const dw_anode *n = r->node;
    guint8 *b;
    if (r->root_dot && (b = entry(&e, "SP", 7))) {
        b[4] = 0xBE;
        b[5] = 0xEF;
    }
    if ((b = entry(&e, "PX", 44))) {
        uint32_t m, uid, gid;
        dw_author_attrs(p, n, &m, &uid, &gid);
        dw_put_both32(b + 4, m);
        dw_put_both32(b + 12, n->nlink);
        dw_put_both32(b + 20, uid);
        dw_put_both32(b + 28, gid);
        dw_put_both32(b + 36, n->ino);
    }
    if ((b = entry(&e, "TF", 5 + 21))) {
        b[4] = 0x0E;
        dw_iso_date7(n->mtime, b + 5);
        dw_iso_date7(n->atime, b + 12);
        dw_iso_date7(n->ctime, b + 19);
    }
    if ((S_ISCHR(n->mode) || S_ISBLK(n->mode)) && (b = entry(&e, "PN", 20))) {
        dw_put_both32(b + 4, (uint32_t)((uint64_t)n->rdev >> 32));
        dw_put_both32(b + 12, (uint32_t)n->rdev);
    }
    if (r->kind == 0) {
        const char *nm = n->name;
        size_t left = strlen(nm);
        do {
            size_t take = MIN(left, 250);
            if (!(b = entry(&e, "NM", 5 + take)))
                break;
            b[4] = left > take ? 1 : 0;
            memcpy(b + 5, nm, take);
            nm += take;
            left -= take;
        } while (left > 0);
        if (n->link)
            add_sl(&e, n->link);
    }
    if (r->cl && (b = entry(&e, "CL", 12)))
        dw_put_both32(b + 4, r->link_lba);
    if (r->pl && (b = entry(&e, "PL", 12)))
        dw_put_both32(b + 4, r->link_lba);
    if (r->re)
        entry(&e, "RE", 4);
    if (r->root_dot) {
        size_t li = strlen(ER_ID), ld = strlen(ER_DES), ls = strlen(ER_SRC);
        if ((b = entry(&e, "ER", 8 + li + ld + ls))) {
            b[4] = (guint8)li;
            b[5] = (guint8)ld;
            b[6] = (guint8)ls;
            b[7] = 1;
            memcpy(b + 8, ER_ID, li);
            memcpy(b + 8 + li, ER_DES, ld);
            memcpy(b + 8 + li + ld, ER_SRC, ls);
        }
    }
    if (e.len <= su_room) {
        if (su)
            memcpy(su, e.buf, e.len);
        return e.len;
    }
    /* Entries that fit before a CE; the rest in the continuation area. */
    int k = 0;
    while (k < e.n && e.ends[k] + 28 <= su_room)
        k++;
    size_t head = k ? e.ends[k - 1] : 0;
    size_t rest = e.len - head;
    if (rest > BLK) {
        dw_job_log(p->job, DW_LOG_WARNING, "Rock Ridge entries of %s cut to one block", n->name);
        rest = BLK;
        while (rest > 0) {
            int j = e.n - 1;
            while (j >= 0 && e.ends[j] - head > BLK)
                j--;
            rest = j >= 0 ? e.ends[j] - head : 0;
            break;
        }
    }
    uint32_t off = *ce_off;
    if (off % BLK + rest > BLK)
        off = (off / BLK + 1) * BLK;
    if (su) {
        memcpy(su, e.buf, head);
        guint8 *c = su + head;
        memset(c, 0, 28);
        c[0] = 'C';
        c[1] = 'E';
        c[2] = 28;
        c[3] = 1;
        dw_put_both32(c + 4, ce_lba + off / BLK);
        dw_put_both32(c + 12, off % BLK);
        dw_put_both32(c + 20, (uint32_t)rest);
        if (ce)
            memcpy(ce + off, e.buf + head, rest);
    }
    *ce_off = off + (uint32_t)rest;
    return head + 28;
}
