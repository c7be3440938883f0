/* udf.c: the UDF bridge (1.02 and 2.01 with File Entries; 2.50 with a
 * metadata partition and Extended File Entries).
 *
 * Fixed places: volume recognition after the ISO descriptors, the main
 * VDS at 32 and the reserve at 48 (PVD, IUVD, PD, LVD, USD, TD), the
 * LVID at 64, anchors at 256 and at the last block.  The partition
 * starts at 257; there the FSD, every directory's FE and FIDs and every
 * file's FE (one per hard-link group) come first, then the ISO
 * metadata, then file data shared with the ISO trees.  With 2.50 the
 * FSD, FEs and FIDs sit in a metadata partition (mirror file sharing
 * its extent) and files point at their data with long_ads.  Directory
 * and file entries are rendered one block at a time while the stream
 * passes them: the placement map costs a few bytes per block.
 *
 * Every directory and symlink body gets blocks of its own, described by
 * allocation descriptors: readers such as pycdlib, libdvdread and DVD
 * players follow nothing else.  With --udf-embed (opts->udf_embed) a
 * directory whose FIDs fit in the rest of its (E)FE block keeps them
 * there (ICB allocation type 3), and so does a short symlink body: one
 * block less each.  A file with
 * more extents than its (E)FE holds continues them in Allocation
 * Extent Descriptors (tag 258), one block each, placed right after its
 * FE and chained by a last descriptor of extent type 3.  The extent
 * length is at most 1 GiB minus a block; DW_AUTHOR_UDF_MAX_EXTENT (bytes,
 * a multiple of 2048) lowers it so that tests reach AEDs with small
 * files. */
#include "config.h"

#include <string.h>

#include "author/udf_private.h"

enum { K_ZERO, K_FSD, K_TD, K_FE, K_FID, K_SL, K_AED };

typedef struct {
    guint8 kind;
    uint32_t sub;                /* FID: block index inside the directory's FID stream; AED: its index */
    dw_anode *n;
} blkref;

struct dw_udf_area {
    gboolean meta;               /* 2.50: metadata partition */
    uint32_t meta_start;         /* physical lbn of the metadata extent */
    uint32_t meta_len;           /* blocks in it (or in the metadata area) */
    uint16_t fe_part;            /* partition reference of FEs, FIDs, FSD */
    blkref *map;
    uint32_t n_map;
    uint64_t next_uid;
    uint32_t n_files;            /* FEs that are not directories */
    uint64_t max_extent;         /* bytes in one data extent (block multiple) */
    /* The FID stream of the directory rendered last (a big directory
     * is asked for one block at a time). */
    const dw_anode *fid_dir;
    guint8 *fid_buf;
};

void dw_udf_free(dw_author_plan *p)
{
    if (p->udf) {
        g_free(p->udf->map);
        g_free(p->udf->fid_buf);
        g_free(p->udf);
        p->udf = NULL;
    }
}

static size_t fid_len(size_t l_fi)
{
    return (38 + l_fi + 3) & ~(size_t)3;
}

static size_t name_cs0(const dw_anode *n, guint8 *out)
{
    return dw_udf_cs0(n->name, out, 255);
}

static uint32_t fid_stream_size(const dw_anode *d)
{
    size_t size = fid_len(0);
    guint8 tmp[256];
    for (guint i = 0; i < d->kids->len; i++) {
        const dw_anode *k = g_ptr_array_index(d->kids, i);
        if (!(k->hide & DW_HIDE_UDF))
            size += fid_len(name_cs0(k, tmp));
    }
    return (uint32_t)size;
}

static const dw_anode *fe_node(const dw_author_plan *p, const dw_anode *n, uint32_t *lbn, uint64_t *uid)
{
    if (n->file >= 0) {
        const dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
        *lbn = f->udf_fe;
        *uid = f->udf_uid;
    } else {
        *lbn = n->udf_fe;
        *uid = n->udf_uid;
    }
    return n;
}

static gboolean sl_inline(const dw_author_plan *p, const dw_anode *n, size_t body)
{
    (void)n;
    size_t fixed = p->udf->meta ? 216 : 176;
    return p->o.udf_embed && fixed + body <= BLK;
}

static size_t fe_fixed(const dw_author_plan *p)
{
    return p->udf->meta ? 216 : 176;
}

/* A directory whose FIDs fit in its (E)FE block after the fixed part,
 * with --udf-embed only. */
static gboolean dir_inline(const dw_author_plan *p, const dw_anode *d)
{
    return p->o.udf_embed && fe_fixed(p) + d->udf_dir_size <= BLK;
}

/* ---- allocation descriptors of file data ---- */

#define AED_FIXED 24u

static size_t ad_size(const dw_author_plan *p)
{
    return p->udf->meta ? 16 : 8;
}

static uint64_t n_ads(const dw_author_plan *p, uint64_t size)
{
    return (size + p->udf->max_extent - 1) / p->udf->max_extent;
}

/* Descriptors that fit the (E)FE and one AED block. */
static uint64_t fe_ad_room(const dw_author_plan *p)
{
    return (BLK - fe_fixed(p)) / ad_size(p);
}

static uint64_t aed_ad_room(const dw_author_plan *p)
{
    return (BLK - AED_FIXED) / ad_size(p);
}

/* AED blocks a file of size bytes needs: the FE keeps room - 1 data
 * descriptors and a continuation, every AED but the last likewise. */
static uint64_t n_aeds(const dw_author_plan *p, uint64_t size)
{
    uint64_t n = n_ads(p, size), cf = fe_ad_room(p), ca = aed_ad_room(p);
    if (n <= cf)
        return 0;
    uint64_t rest = n - (cf - 1);
    if (rest <= ca)
        return 1;
    return 1 + (rest - ca + (ca - 1) - 1) / (ca - 1);
}

/* Data descriptor i of file f at out. */
static void put_data_ad(const dw_author_plan *p, const dw_afile *f, uint64_t i, guint8 *out)
{
    uint64_t maxe = p->udf->max_extent;
    uint64_t off = i * maxe;
    uint32_t take = (uint32_t)MIN(maxe, f->size - off);
    uint32_t lbn = f->lba - UDF_PART_START + (uint32_t)(off / BLK);
    if (p->udf->meta) {
        dw_udf_long_ad(out, take, lbn, 0, 0);
    } else {
        dw_le32(out, take);
        dw_le32(out + 4, lbn);
    }
}

/* Continuation to the AED at (metadata) partition block mlbn. */
static void put_next_ad(const dw_author_plan *p, uint32_t mlbn, guint8 *out)
{
    uint32_t len = (3u << 30) | BLK;
    if (p->udf->meta) {
        dw_udf_long_ad(out, len, mlbn, p->udf->fe_part, 0);
    } else {
        dw_le32(out, len);
        dw_le32(out + 4, mlbn);
    }
}

/* Write descriptors first..first+count-1 of f (and a continuation to
 * next_aed when it is not 0); returns the bytes written. */
static size_t put_ads(const dw_author_plan *p, const dw_afile *f, uint64_t first, uint64_t count, uint32_t next_aed,
                      guint8 *out)
{
    size_t l = 0, step = ad_size(p);
    for (uint64_t i = 0; i < count; i++, l += step)
        put_data_ad(p, f, first + i, out + l);
    if (next_aed) {
        put_next_ad(p, next_aed, out + l);
        l += step;
    }
    return l;
}

/* UDF path components hold 255 bytes of CS0: say when a target is cut. */
static void warn_long_components(dw_author_plan *p, const dw_anode *n)
{
    g_auto(GStrv) comps = g_strsplit(n->link, "/", -1);
    for (int i = 0; comps[i]; i++) {
        guint8 tmp[4096];
        if (dw_udf_cs0(comps[i], tmp, sizeof tmp) > 255) {
            dw_job_log(p->job, DW_LOG_WARNING, "symbolic link %s: a target component is longer than UDF's 254 "
                       "bytes; cut in the UDF tree", n->src ? n->src : n->name);
            return;
        }
    }
}

/* Symlink body (path components); returns its length. */
static size_t sl_body(const dw_anode *n, guint8 *out, size_t max)
{
    size_t len = 0;
    const char *s = n->link;
    /* ECMA-167 4/14.16.1.1 component types: 2 root, 3 "..", 4 ".", 5 a name. */
    if (*s == '/') {
        if (len + 4 <= max) {
            out[len] = 2;
            out[len + 1] = 0;
            dw_le16(out + len + 2, 0);
            len += 4;
        }
        while (*s == '/')
            s++;
    }
    while (*s) {
        const char *e = strchr(s, '/');
        size_t cl = e ? (size_t)(e - s) : strlen(s);
        char *comp = g_strndup(s, cl);
        if (len + 4 + 256 > max) {
            g_free(comp);
            break;
        }
        guint8 type = 5;
        size_t ci = 0;
        if (strcmp(comp, ".") == 0)
            type = 4;
        else if (strcmp(comp, "..") == 0)
            type = 3;
        else if (cl)
            ci = dw_udf_cs0(comp, out + len + 4, 255);
        if (cl) {
            out[len] = type;
            out[len + 1] = (guint8)ci;
            dw_le16(out + len + 2, 0);
            len += 4 + ci;
        }
        g_free(comp);
        s += cl;
        while (*s == '/')
            s++;
    }
    return len;
}

static void place(dw_author_plan *p, uint32_t *m, guint8 kind, dw_anode *n, uint32_t sub)
{
    struct dw_udf_area *u = p->udf;
    if (*m >= u->n_map) {
        u->n_map = MAX(64, u->n_map * 2);
        u->map = g_renew(blkref, u->map, u->n_map);
    }
    u->map[*m] = (blkref){ .kind = kind, .sub = sub, .n = n };
    (*m)++;
}

gboolean dw_udf_layout(dw_author_plan *p, uint32_t *next_lba, GError **error)
{
    struct dw_udf_area *u = p->udf = g_new0(struct dw_udf_area, 1);
    u->max_extent = UDF_MAX_EXTENT;
    const char *cap = g_getenv("DW_AUTHOR_UDF_MAX_EXTENT");
    if (cap && *cap && !p->o.dvd_video) { /* a DVD-Video file is one extent */
        /* For tests: shorter extents reach AEDs without huge files. */
        char *end = NULL;
        guint64 v = g_ascii_strtoull(cap, &end, 10);
        if (!end || *end || v < BLK || v > UDF_MAX_EXTENT || v % BLK) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                        "DW_AUTHOR_UDF_MAX_EXTENT=%s: expected a multiple of %u bytes from %u to %" G_GUINT64_FORMAT,
                        cap, BLK, BLK, (guint64)UDF_MAX_EXTENT);
            return FALSE;
        }
        u->max_extent = v;
    }
    u->meta = p->o.udf >= DW_UDF_250;
    u->meta_start = u->meta ? 2 : 0;
    u->fe_part = u->meta ? 1 : 0;
    u->next_uid = 16;
    uint32_t m = 0;
    place(p, &m, K_FSD, NULL, 0);
    place(p, &m, K_TD, NULL, 0);
    guint8 body[BLK];
    for (guint i = 0; i < p->udirs->len; i++) {
        dw_anode *d = g_ptr_array_index(p->udirs, i);
        d->udf_fe = m;
        d->udf_uid = d == p->root ? 0 : u->next_uid++;
        place(p, &m, K_FE, d, 0);
        d->udf_dir_size = fid_stream_size(d);
        if (dir_inline(p, d)) {
            d->udf_dir = d->udf_fe; /* FIDs inside the FE: tags name its block */
        } else {
            d->udf_dir = m;
            for (uint32_t b = 0; b < (d->udf_dir_size + BLK - 1) / BLK; b++)
                place(p, &m, K_FID, d, b);
        }
        for (guint k = 0; k < d->kids->len; k++) {
            dw_anode *n = g_ptr_array_index(d->kids, k);
            if (S_ISDIR(n->mode) || (n->hide & DW_HIDE_UDF))
                continue;
            uint64_t aeds = 0;
            if (n->file >= 0) {
                dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
                if (f->udf_fe)
                    continue;
                f->udf_fe = m;
                f->udf_uid = u->next_uid++;
                aeds = n_aeds(p, f->size);
            } else {
                n->udf_fe = m;
                n->udf_uid = u->next_uid++;
            }
            u->n_files++;
            place(p, &m, K_FE, n, 0);
            if (m + aeds > 0xFFFFFF00u) {
                g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                            "%s needs %" G_GUINT64_FORMAT " allocation extent descriptors: the UDF metadata would "
                            "exceed 2^32 blocks",
                            n->src, aeds);
                return FALSE;
            }
            for (uint64_t a = 0; a < aeds; a++)
                place(p, &m, K_AED, n, (uint32_t)a);
            if (n->link)
                warn_long_components(p, n);
            if (n->link && !sl_inline(p, n, sl_body(n, body, sizeof body))) {
                n->udf_dir = m;
                place(p, &m, K_SL, n, 0);
            }
        }
    }
    if (u->meta)
        while (m % 32)
            place(p, &m, K_ZERO, NULL, 0);
    u->meta_len = m;
    u->map = g_renew(blkref, u->map, MAX(m, 1)); /* drop the slack of doubling */
    u->n_map = MAX(m, 1);
    p->udf_part_start = UDF_PART_START;
    *next_lba = UDF_PART_START + u->meta_start + m;
    return TRUE;
}

/* ---- rendering ---- */

static uint32_t fe_lba(const dw_author_plan *p, uint32_t mlbn)
{
    return UDF_PART_START + p->udf->meta_start + mlbn;
}

static void render_fid_stream(dw_author_plan *p, const dw_anode *d, guint8 *out)
{
    struct dw_udf_area *u = p->udf;
    size_t pos = 0;
    for (int i = -1; i < (int)d->kids->len; i++) {
        const dw_anode *k = i < 0 ? d->parent : g_ptr_array_index(d->kids, i);
        if (k->hide & DW_HIDE_UDF && i >= 0)
            continue;
        guint8 *f = out + pos;
        guint8 name[256];
        size_t l = i < 0 ? 0 : name_cs0(k, name);
        size_t len = fid_len(l);
        memset(f, 0, len);
        dw_le16(f + 16, 1);
        f[18] = (guint8)((S_ISDIR(k->mode) ? 0x02 : 0) | (i < 0 ? 0x08 : 0));
        f[19] = (guint8)l;
        uint32_t lbn;
        uint64_t uid;
        fe_node(p, k, &lbn, &uid);
        dw_udf_long_ad(f + 20, BLK, lbn, u->fe_part, (uint32_t)uid);
        if (p->o.udf < DW_UDF_201)
            dw_le32(f + 32, 0);
        dw_le16(f + 36, 0);
        memcpy(f + 38, name, l);
        dw_udf_tag(p, f, UDF_TAG_FID, d->udf_dir + (uint32_t)(pos / BLK), len);
        pos += len;
    }
}

static void render_fe(dw_author_plan *p, const dw_anode *n, uint32_t mlbn, guint8 *b)
{
    struct dw_udf_area *u = p->udf;
    gboolean efe = u->meta;
    size_t fixed = efe ? 216 : 176;
    memset(b, 0, BLK);
    /* ICB tag */
    dw_le16(b + 20, 4);
    dw_le16(b + 24, 1);
    guint8 type = 5;
    if (S_ISDIR(n->mode))
        type = 4;
    else if (S_ISLNK(n->mode))
        type = 12;
    else if (S_ISFIFO(n->mode))
        type = 9;
    else if (S_ISSOCK(n->mode))
        type = 10;
    else if (S_ISCHR(n->mode))
        type = 7;
    else if (S_ISBLK(n->mode))
        type = 6;
    b[27] = type;
    uint32_t mode, uid, gid;
    dw_author_attrs(p, n, &mode, &uid, &gid);
    uint16_t flags = 0;
    if (mode & S_ISUID)
        flags |= 0x40;
    if (mode & S_ISGID)
        flags |= 0x80;
    if (mode & S_ISVTX)
        flags |= 0x100;
    dw_le32(b + 36, uid);
    dw_le32(b + 40, gid);
    dw_le32(b + 44, dw_udf_perms(mode));
    uint32_t links = S_ISDIR(n->mode) ? n->nlink - 1 : n->nlink;
    dw_le16(b + 48, (uint16_t)MIN(links, 0xFFFF));
    uint64_t info = 0, recorded = 0;
    size_t l_ad = 0;
    guint8 *ad = b + fixed;
    if (S_ISDIR(n->mode)) {
        info = n->udf_dir_size;
        if (dir_inline(p, n)) {
            flags |= 3;
            render_fid_stream(p, n, ad);
            l_ad = (size_t)info;
        } else {
            recorded = (info + BLK - 1) / BLK;
            dw_le32(ad, (uint32_t)info);
            dw_le32(ad + 4, n->udf_dir);
            l_ad = 8;
        }
    } else if (n->link) {
        guint8 body[BLK];
        size_t bl = sl_body(n, body, sizeof body);
        info = bl;
        if (sl_inline(p, n, bl)) {
            flags |= 3;
            memcpy(ad, body, bl);
            l_ad = bl;
        } else {
            recorded = 1;
            dw_le32(ad, (uint32_t)bl);
            dw_le32(ad + 4, n->udf_dir);
            l_ad = 8;
        }
    } else if (n->file >= 0) {
        const dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
        info = f->size;
        recorded = (info + BLK - 1) / BLK;
        if (u->meta)
            flags |= 1;
        uint64_t n_ad = n_ads(p, f->size), aeds = n_aeds(p, f->size);
        recorded += aeds;
        if (aeds)
            l_ad = put_ads(p, f, 0, fe_ad_room(p) - 1, mlbn + 1, ad);
        else
            l_ad = put_ads(p, f, 0, n_ad, 0, ad);
    }
    dw_le16(b + 34, flags);
    dw_le64(b + 56, info);
    guint8 impl[32];
    dw_udf_regid_impl(impl);
    if (!efe) {
        dw_le64(b + 64, recorded);
        dw_udf_timestamp(b + 72, n->atime);
        dw_udf_timestamp(b + 84, n->mtime);
        dw_udf_timestamp(b + 96, n->ctime);
        dw_le32(b + 108, 1);
        memcpy(b + 128, impl, 32);
        uint32_t l;
        uint64_t id;
        fe_node(p, n, &l, &id);
        dw_le64(b + 160, id);
        dw_le32(b + 168, 0);
        dw_le32(b + 172, (uint32_t)l_ad);
    } else {
        dw_le64(b + 64, info);
        dw_le64(b + 72, recorded);
        dw_udf_timestamp(b + 80, n->atime);
        dw_udf_timestamp(b + 92, n->mtime);
        dw_udf_timestamp(b + 104, n->mtime);
        dw_udf_timestamp(b + 116, n->ctime);
        dw_le32(b + 128, 1);
        memcpy(b + 168, impl, 32);
        uint32_t l;
        uint64_t id;
        fe_node(p, n, &l, &id);
        dw_le64(b + 200, id);
        dw_le32(b + 208, 0);
        dw_le32(b + 212, (uint32_t)l_ad);
    }
    dw_udf_tag(p, b, efe ? UDF_TAG_EFE : UDF_TAG_FE, mlbn, fixed + l_ad);
}

/* AED k of the file whose FE is node n's (at metadata block mlbn). */
static void render_aed(dw_author_plan *p, const dw_anode *n, uint32_t k, uint32_t mlbn, guint8 *b)
{
    const dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
    uint64_t n_ad = n_ads(p, f->size), aeds = n_aeds(p, f->size);
    uint64_t first = fe_ad_room(p) - 1 + (uint64_t)k * (aed_ad_room(p) - 1);
    memset(b, 0, BLK);
    dw_le32(b + 16, 0); /* previous allocation extent: 0 (UDF 2.3.11) */
    size_t l_ad;
    if (k + 1 < aeds)
        l_ad = put_ads(p, f, first, aed_ad_room(p) - 1, mlbn + 1, b + AED_FIXED);
    else
        l_ad = put_ads(p, f, first, n_ad - first, 0, b + AED_FIXED);
    dw_le32(b + 20, (uint32_t)l_ad);
    /* UDF 1.02 keeps the CRC to the descriptor's fixed part (2.3.11). */
    dw_udf_tag(p, b, UDF_TAG_AED, mlbn, p->o.udf >= DW_UDF_201 ? AED_FIXED + l_ad : AED_FIXED);
}

static void render_fsd(dw_author_plan *p, guint8 *b)
{
    memset(b, 0, BLK);
    dw_udf_timestamp(b + 16, p->date);
    dw_le16(b + 28, 3);
    dw_le16(b + 30, 3);
    dw_le32(b + 32, 1);
    dw_le32(b + 36, 1);
    dw_udf_charspec(b + 48);
    dw_udf_dstring(b + 112, 128, p->volid);
    dw_udf_charspec(b + 240);
    dw_udf_dstring(b + 304, 32, p->volid);
    dw_udf_long_ad(b + 400, BLK, p->root->udf_fe, p->udf->fe_part, 0);
    dw_udf_regid_domain(p, b + 416);
    dw_udf_tag(p, b, UDF_TAG_FSD, 0, 512);
}

static void render_td(dw_author_plan *p, guint8 *b, uint32_t loc)
{
    memset(b, 0, BLK);
    dw_udf_tag(p, b, UDF_TAG_TD, loc, 512);
}

static void gen_meta(dw_author_plan *p, uint64_t lba, guint8 out[BLK])
{
    struct dw_udf_area *u = p->udf;
    uint32_t m = (uint32_t)(lba - UDF_PART_START - u->meta_start);
    memset(out, 0, BLK);
    if (m >= u->meta_len)
        return;
    blkref *r = &u->map[m];
    switch (r->kind) {
    case K_FSD:
        render_fsd(p, out);
        break;
    case K_TD:
        render_td(p, out, m);
        break;
    case K_FE:
        render_fe(p, r->n, m, out);
        break;
    case K_FID:
        if (u->fid_dir != r->n) {
            size_t size = r->n->udf_dir_size;
            g_free(u->fid_buf);
            u->fid_buf = g_malloc0((size + BLK - 1) / BLK * BLK);
            render_fid_stream(p, r->n, u->fid_buf);
            u->fid_dir = r->n;
        }
        memcpy(out, u->fid_buf + (size_t)r->sub * BLK, BLK);
        if ((r->sub + 1) * (size_t)BLK >= r->n->udf_dir_size) {
            g_free(u->fid_buf); /* its last block */
            u->fid_buf = NULL;
            u->fid_dir = NULL;
        }
        break;
    case K_AED:
        render_aed(p, r->n, r->sub, m, out);
        break;
    case K_SL:
        sl_body(r->n, out, BLK);
        break;
    default:
        break;
    }
}

static void render_meta_file(dw_author_plan *p, guint8 *b, uint32_t loc, guint8 type)
{
    struct dw_udf_area *u = p->udf;
    memset(b, 0, BLK);
    dw_le16(b + 20, 4);
    dw_le16(b + 24, 1);
    b[27] = type;
    dw_le16(b + 34, 0); /* short_ad */
    uint64_t info = (uint64_t)u->meta_len * BLK;
    dw_le16(b + 48, 1);
    dw_le64(b + 56, info);
    dw_le64(b + 64, info);
    dw_le64(b + 72, u->meta_len);
    dw_udf_timestamp(b + 80, p->date);
    dw_udf_timestamp(b + 92, p->date);
    dw_udf_timestamp(b + 104, p->date);
    dw_udf_timestamp(b + 116, p->date);
    dw_le32(b + 128, 1);
    dw_udf_regid_impl(b + 168);
    dw_le32(b + 212, 8);
    dw_le32(b + 216, (uint32_t)info);
    dw_le32(b + 220, u->meta_start);
    dw_udf_tag(p, b, UDF_TAG_EFE, loc, 224);
}

void dw_udf_vrs_write(dw_author_plan *p, int i, guint8 out[BLK])
{
    static const char *ids[] = { "BEA01", NULL, "TEA01" };
    memset(out, 0, BLK);
    const char *id = ids[i] ? ids[i] : (p->o.udf >= DW_UDF_201 ? "NSR03" : "NSR02");
    memcpy(out + 1, id, 5);
    out[6] = 1;
}

void dw_udf_anchor_write(dw_author_plan *p, guint8 out[BLK])
{
    uint32_t loc = (uint32_t)p->udf_anchor;
    memset(out, 0, BLK);
    dw_le32(out + 16, 16 * BLK);
    dw_le32(out + 20, UDF_MAIN_VDS);
    dw_le32(out + 24, 16 * BLK);
    dw_le32(out + 28, UDF_RESERVE_VDS);
    dw_udf_tag(p, out, UDF_TAG_AVDP, loc, 512);
}

static void volset_id(const dw_author_plan *p, char out[64])
{
    /* UDF 2.2.2.5: 16 unique hex digits first, here derived from the
     * date and the volume id so that reproducible builds agree. */
    uint32_t h = 2166136261u;
    for (const char *s = p->volid; *s; s++)
        h = (h ^ (guint8)*s) * 16777619u;
    g_snprintf(out, 64, "%08X%08X%s", (uint32_t)p->date, h, p->volset && strcmp(p->volset, p->volid) ? p->volset : "");
}

static void write_vds(dw_author_plan *p, guint8 *v, uint32_t base)
{
    struct dw_udf_area *u = p->udf;
    guint8 *b;
    /* PVD */
    b = v;
    dw_le32(b + 16, 0);
    dw_le32(b + 20, 0);
    dw_udf_dstring(b + 24, 32, p->volid);
    dw_le16(b + 56, 1);
    dw_le16(b + 58, 1);
    dw_le16(b + 60, 2);
    dw_le16(b + 62, 2);
    dw_le32(b + 64, 1);
    dw_le32(b + 68, 1);
    char vs[64];
    volset_id(p, vs);
    dw_udf_dstring(b + 72, 128, vs);
    dw_udf_charspec(b + 200);
    dw_udf_charspec(b + 264);
    dw_udf_regid_impl(b + 344);
    dw_udf_timestamp(b + 376, p->date);
    dw_udf_regid_impl(b + 388);
    dw_udf_tag(p, b, UDF_TAG_PVD, base, 512);
    /* IUVD */
    b = v + BLK;
    dw_le32(b + 16, 1);
    dw_udf_regid_udf(p, b + 20, "*UDF LV Info");
    dw_udf_charspec(b + 52);
    dw_udf_dstring(b + 116, 128, p->volid);
    dw_udf_regid_impl(b + 352);
    dw_udf_tag(p, b, UDF_TAG_IUVD, base + 1, 512);
    /* PD */
    b = v + 2 * BLK;
    dw_le32(b + 16, 2);
    dw_le16(b + 20, 1);
    dw_le16(b + 22, 0);
    guint8 nsr[8] = { 0 };
    dw_udf_regid(b + 24, p->o.udf >= DW_UDF_201 ? "+NSR03" : "+NSR02", nsr);
    dw_le32(b + 184, 1);
    dw_le32(b + 188, UDF_PART_START);
    dw_le32(b + 192, p->udf_part_len);
    dw_udf_regid_impl(b + 196);
    dw_udf_tag(p, b, UDF_TAG_PD, base + 2, 512);
    /* LVD */
    b = v + 3 * BLK;
    dw_le32(b + 16, 3);
    dw_udf_charspec(b + 20);
    dw_udf_dstring(b + 84, 128, p->volid);
    dw_le32(b + 212, BLK);
    dw_udf_regid_domain(p, b + 216);
    dw_udf_long_ad(b + 248, BLK, 0, u->fe_part, 0);
    dw_udf_regid_impl(b + 272);
    dw_le32(b + 432, 2 * BLK);
    dw_le32(b + 436, UDF_LVID);
    guint8 *map = b + 440;
    map[0] = 1;
    map[1] = 6;
    dw_le16(map + 2, 1);
    dw_le16(map + 4, 0);
    size_t maps = 6;
    if (u->meta) {
        guint8 *m2 = map + 6;
        m2[0] = 2;
        m2[1] = 64;
        dw_udf_regid_udf(p, m2 + 4, "*UDF Metadata Partition");
        dw_le16(m2 + 36, 1);
        dw_le16(m2 + 38, 0);
        dw_le32(m2 + 40, 0);
        dw_le32(m2 + 44, 1);
        dw_le32(m2 + 48, 0xFFFFFFFFu);
        dw_le32(m2 + 52, 32);
        dw_le16(m2 + 56, 1);
        m2[58] = 0;
        maps += 64;
    }
    dw_le32(b + 264, (uint32_t)maps);
    dw_le32(b + 268, u->meta ? 2 : 1);
    dw_udf_tag(p, b, UDF_TAG_LVD, base + 3, 440 + maps);
    /* USD */
    b = v + 4 * BLK;
    dw_le32(b + 16, 4);
    dw_le32(b + 20, 0);
    dw_udf_tag(p, b, UDF_TAG_USD, base + 4, 24);
    render_td(p, v + 5 * BLK, base + 5);
}

void dw_udf_write(dw_author_plan *p)
{
    struct dw_udf_area *u = p->udf;
    write_vds(p, dw_plan_mem(p, UDF_MAIN_VDS, 6), UDF_MAIN_VDS);
    write_vds(p, dw_plan_mem(p, UDF_RESERVE_VDS, 6), UDF_RESERVE_VDS);
    /* LVID + TD */
    guint8 *b = dw_plan_mem(p, UDF_LVID, 2);
    dw_udf_timestamp(b + 16, p->date);
    dw_le32(b + 28, 1);
    dw_le64(b + 40, u->next_uid);
    dw_le32(b + 72, 1);
    dw_le32(b + 76, 46);
    dw_le32(b + 80, 0);
    dw_le32(b + 84, p->udf_part_len);
    guint8 *iu = b + 88;
    dw_udf_regid_impl(iu);
    dw_le32(iu + 32, u->n_files);
    dw_le32(iu + 36, p->n_dirs);
    uint16_t rev = (uint16_t)p->o.udf;
    dw_le16(iu + 40, rev);
    dw_le16(iu + 42, rev);
    dw_le16(iu + 44, rev);
    dw_udf_tag(p, b, UDF_TAG_LVID, UDF_LVID, 134);
    render_td(p, b + BLK, UDF_LVID + 1);
    dw_udf_anchor_write(p, dw_plan_mem(p, UDF_ANCHOR, 1));
    /* Anchor 256 is written with the final location's tag; fix it. */
    guint8 *a = NULL;
    for (guint i = 0; i < p->segments->len; i++) {
        dw_aseg *s = &g_array_index(p->segments, dw_aseg, i);
        if (s->lba == UDF_ANCHOR && s->mem)
            a = s->mem;
    }
    if (a)
        dw_udf_tag(p, a, UDF_TAG_AVDP, UDF_ANCHOR, 512);
    if (u->meta) {
        guint8 *mf = dw_plan_mem(p, UDF_PART_START, 2);
        render_meta_file(p, mf, 0, 250);
        render_meta_file(p, mf + BLK, 1, 251);
    }
    dw_aseg s = { .lba = fe_lba(p, 0), .nblocks = u->meta_len, .file = -1, .gen = gen_meta };
    g_array_append_val(p->segments, s);
}
