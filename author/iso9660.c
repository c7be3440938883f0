/* iso9660.c: ISO 9660 and Joliet structures: directory records (with
 * Rock Ridge in the ISO tree, multi-extent records for files of 4 GiB
 * and more), directory extents measured and written by the same code,
 * the L and M path tables, and the volume descriptors. */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

void dw_put_both16(guint8 *b, uint16_t v)
{
    dw_le16(b, v);
    dw_be16(b + 2, v);
}

void dw_put_both32(guint8 *b, uint32_t v)
{
    dw_le32(b, v);
    dw_be32(b + 4, v);
}

void dw_iso_date7(time_t t, guint8 out[7])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    if (tm.tm_year < 0 || tm.tm_year > 255) {
        memset(out, 0, 7);
        return;
    }
    out[0] = (guint8)tm.tm_year;
    out[1] = (guint8)(tm.tm_mon + 1);
    out[2] = (guint8)tm.tm_mday;
    out[3] = (guint8)tm.tm_hour;
    out[4] = (guint8)tm.tm_min;
    out[5] = (guint8)tm.tm_sec;
    out[6] = 0;
}

static void date17(time_t t, unsigned centis, guint8 out[17])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    char s[32];
    g_snprintf(s, sizeof s, "%04d%02d%02d%02d%02d%02d%02u", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
               tm.tm_min, tm.tm_sec, centis % 100);
    memcpy(out, s, 16);
    out[16] = 0;
}

static void date17_zero(guint8 out[17])
{
    memset(out, '0', 16);
    out[16] = 0;
}

/* One directory record; returns its length (even, <= 254). */
static size_t record(guint8 *b, uint32_t lba, uint32_t size, guint8 flags, time_t t, const guint8 *id, size_t idlen,
                     size_t su_len)
{
    size_t pad = (idlen % 2 == 0) ? 1 : 0;
    size_t len = 33 + idlen + pad + su_len;
    len += len & 1;
    if (b) {
        b[0] = (guint8)len;
        b[1] = 0;
        dw_put_both32(b + 2, lba);
        dw_put_both32(b + 10, size);
        dw_iso_date7(t, b + 18);
        b[25] = flags;
        b[26] = b[27] = 0;
        dw_put_both16(b + 28, 1);
        b[32] = (guint8)idlen;
        memcpy(b + 33, id, idlen);
    }
    return len;
}

typedef struct {
    dw_author_plan *p;
    gboolean joliet;
    guint8 *out, *ce;            /* NULL when measuring */
    uint32_t pos, ce_off, ce_lba;
} dirw;

/* Relocation entries of a record (Rock Ridge only). */
typedef struct {
    gboolean cl, pl, re;
    uint32_t lba;
} reloc_su;

static void put(dirw *w, const dw_anode *n, int kind, uint32_t lba, uint32_t size, guint8 flags, const guint8 *id,
                size_t idlen, gboolean first, const reloc_su *rs)
{
    guint8 rec[256];
    memset(rec, 0, sizeof rec);
    size_t su = 0;
    size_t base = 33 + idlen + ((idlen % 2 == 0) ? 1 : 0);
    if (w->p->o.rock_ridge && !w->joliet) {
        dw_rr_rec r = { .node = n, .kind = kind, .first_extent = first };
        r.root_dot = kind == 1 && n == w->p->root;
        if (rs) {
            r.cl = rs->cl;
            r.pl = rs->pl;
            r.re = rs->re;
            r.link_lba = rs->lba ? rs->lba - w->p->bias : 0;
        }
        su = dw_rr_entries(w->p, &r, w->out ? rec + base : NULL, 254 - base, w->ce, w->ce_lba, &w->ce_off);
    }
    size_t len = record(rec, lba ? lba - w->p->bias : 0, size, flags, n->mtime, id, idlen, su);
    if (w->pos % BLK + len > BLK)
        w->pos = (w->pos / BLK + 1) * BLK;
    if (w->out)
        memcpy(w->out + w->pos, rec, len);
    w->pos += (uint32_t)len;
}

static void dir_records(dirw *w, dw_anode *dir)
{
    dw_author_plan *p = w->p;
    gboolean j = w->joliet;
    guint8 dot = 0, dotdot = 1;
    put(w, dir, 1, j ? dir->jol_lba : dir->iso_lba, j ? dir->jol_size : dir->iso_size, 2, &dot, 1, TRUE, NULL);
    if (j) {
        dw_anode *par = dir->parent;
        put(w, par, 2, par->jol_lba, par->jol_size, 2, &dotdot, 1, TRUE, NULL);
    } else {
        /* A moved directory's ".." is rr_moved; PL names the real parent,
         * whose attributes it carries. */
        dw_anode *par = dir->iso_parent;
        reloc_su pl = { .pl = TRUE, .lba = dir->parent->iso_lba };
        put(w, dir->reloc ? dir->parent : par, 2, par->iso_lba, par->iso_size, 2, &dotdot, 1, TRUE,
            dir->reloc ? &pl : NULL);
    }
    GPtrArray *kids = j ? dir->jol_kids : dir->iso_kids;
    for (guint i = 0; i < kids->len; i++) {
        dw_anode *k = g_ptr_array_index(kids, i);
        guint8 jb[256];
        const guint8 *id = (const guint8 *)k->iso_id;
        size_t idlen = (size_t)k->iso_id_len;
        if (j) {
            for (int c = 0; c < k->jid_len; c++)
                dw_be16(jb + 2 * c, k->jid[c]);
            id = jb;
            idlen = (size_t)k->jid_len * 2;
        }
        int file = k->file >= 0 ? k->file : (j && k->jol_target ? k->jol_target->file : -1);
        if (S_ISDIR(k->mode) && !j && k->reloc && k->iso_parent != dir) {
            /* The placeholder: an empty file record at the moved directory's extent, with CL. */
            reloc_su cl = { .cl = TRUE, .lba = k->iso_lba };
            put(w, k, 0, k->iso_lba, 0, 0, (const guint8 *)k->ph_id, (size_t)k->ph_id_len, TRUE, &cl);
        } else if (S_ISDIR(k->mode)) {
            reloc_su re = { .re = TRUE };
            gboolean moved = !j && (k->reloc || k == p->reloc_dir);
            put(w, k, 0, j ? k->jol_lba : k->iso_lba, j ? k->jol_size : k->iso_size, 2, id, idlen, TRUE,
                moved ? &re : NULL);
        } else if (file >= 0) {
            const dw_afile *f = &g_array_index(p->files, dw_afile, file);
            if (f->old && f->size > 0) {
                /* A file of a previous session: its extents as they were,
                 * after the part copied out of blocks 0..31. */
                if (f->copy)
                    put(w, k, 0, f->lba, f->copy_len, f->n_ext ? 0x80 : 0, id, idlen, TRUE, NULL);
                for (uint32_t e = 0; e < f->n_ext; e++)
                    put(w, k, 0, f->ext[e].lba, f->ext[e].len, e + 1 < f->n_ext ? 0x80 : 0, id, idlen,
                        e == 0 && !f->copy, NULL);
                continue;
            }
            uint64_t left = f->size;
            uint32_t lba = f->lba;
            gboolean first = TRUE;
            do {
                uint64_t take = MIN(left, ISO_MAX_EXTENT);
                put(w, k, 0, lba, (uint32_t)take, left > take ? 0x80 : 0, id, idlen, first, NULL);
                lba += (uint32_t)(take / BLK);
                left -= take;
                first = FALSE;
            } while (left > 0);
        } else {
            put(w, k, 0, 0, 0, 0, id, idlen, TRUE, NULL);
        }
    }
}

uint32_t dw_iso_dir_size(dw_author_plan *p, dw_anode *dir, gboolean joliet, uint32_t *ce_size)
{
    dirw w = { .p = p, .joliet = joliet };
    dir_records(&w, dir);
    if (ce_size)
        *ce_size = (w.ce_off + BLK - 1) / BLK * BLK;
    return (w.pos + BLK - 1) / BLK * BLK;
}

void dw_iso_dir_write(dw_author_plan *p, dw_anode *dir, gboolean joliet, guint8 *out, guint8 *ce)
{
    dirw w = { .p = p, .joliet = joliet, .out = out, .ce = ce, .ce_lba = dir->ce_lba - p->bias };
    dir_records(&w, dir);
}

static size_t pt_id(const dw_anode *d, gboolean joliet, guint8 *id)
{
    if (d->parent == d) {
        id[0] = 0;
        return 1;
    }
    if (!joliet) {
        memcpy(id, d->iso_id, (size_t)d->iso_id_len);
        return (size_t)d->iso_id_len;
    }
    for (int c = 0; c < d->jid_len; c++)
        dw_be16(id + 2 * c, d->jid[c]);
    return (size_t)d->jid_len * 2;
}

uint32_t dw_iso_path_table_size(dw_author_plan *p, gboolean joliet)
{
    GPtrArray *dirs = joliet ? p->jdirs : p->dirs;
    uint32_t size = 0;
    guint8 id[256];
    for (guint i = 0; i < dirs->len; i++) {
        size_t l = pt_id(g_ptr_array_index(dirs, i), joliet, id);
        size += (uint32_t)(8 + l + (l & 1));
    }
    return size;
}

void dw_iso_path_table_write(dw_author_plan *p, gboolean joliet, gboolean msb, guint8 *out)
{
    GPtrArray *dirs = joliet ? p->jdirs : p->dirs;
    size_t pos = 0;
    for (guint i = 0; i < dirs->len; i++) {
        const dw_anode *d = g_ptr_array_index(dirs, i);
        guint8 *b = out + pos;
        size_t l = pt_id(d, joliet, b + 8);
        b[0] = (guint8)l;
        b[1] = 0;
        uint32_t lba = (joliet ? d->jol_lba : d->iso_lba) - p->bias;
        uint16_t parent = joliet ? d->parent->jol_pt : d->iso_parent->iso_pt;
        if (msb) {
            dw_be32(b + 2, lba);
            dw_be16(b + 6, parent);
        } else {
            dw_le32(b + 2, lba);
            dw_le16(b + 6, parent);
        }
        pos += 8 + l + (l & 1);
    }
}

/* Put s into a field of n bytes: ASCII padded with spaces, or UCS-2BE. */
static void field(guint8 *b, size_t n, const char *s, gboolean ucs2)
{
    if (!ucs2) {
        memset(b, ' ', n);
        if (s)
            memcpy(b, s, MIN(strlen(s), n));
        return;
    }
    for (size_t i = 0; i + 1 < n; i += 2)
        dw_be16(b + i, ' ');
    if (!s)
        return;
    glong len = 0;
    gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &len, NULL);
    for (glong i = 0; u && i < len && (size_t)(2 * i + 1) < n; i++)
        dw_be16(b + 2 * i, u[i]);
    g_free(u);
}

void dw_iso_vd_write(dw_author_plan *p, int type, guint8 out[BLK])
{
    memset(out, 0, BLK);
    out[0] = (guint8)type;
    memcpy(out + 1, "CD001", 5);
    out[6] = 1;
    if (type == 255)
        return;
    gboolean j = type == 2;
    field(out + 8, 32, p->sysid, j);
    field(out + 40, 32, p->volid, j);
    dw_put_both32(out + 80, (uint32_t)MIN(p->start + p->total_blocks - p->bias, 0xFFFFFFFFu));
    if (j)
        memcpy(out + 88, "%/E", 3);
    dw_put_both16(out + 120, 1);
    dw_put_both16(out + 124, 1);
    dw_put_both16(out + 128, BLK);
    dw_put_both32(out + 132, j ? p->jpt_size : p->pt_size);
    dw_le32(out + 140, (j ? p->jpt_l : p->pt_l) - p->bias);
    dw_be32(out + 148, (j ? p->jpt_m : p->pt_m) - p->bias);
    dw_anode *r = p->root;
    guint8 id = 0;
    record(out + 156, (j ? r->jol_lba : r->iso_lba) - p->bias, j ? r->jol_size : r->iso_size, 2, r->mtime, &id, 1, 0);
    field(out + 190, 128, p->volset, j);
    field(out + 318, 128, p->publisher, j);
    field(out + 446, 128, p->preparer, j);
    field(out + 574, 128, p->appid, j);
    field(out + 702, 37, NULL, j);
    field(out + 739, 37, NULL, j);
    field(out + 776, 37, NULL, j);
    date17(p->date, p->o.date_centis, out + 813);
    date17(p->date, p->o.date_centis, out + 830);
    date17_zero(out + 847);
    date17(p->date, p->o.date_centis, out + 864);
    out[881] = 1;
}
