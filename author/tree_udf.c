/* tree_udf.c: the UDF tree of an image (ECMA-167 / OSTA UDF 1.02 to
 * 2.60), read with our own bounds-checked reader for `discwright ls
 * --tree udf` and `extract --tree udf`: names, types, modes, times, link
 * counts, symlink targets, hard links (names sharing a File Entry) and
 * where each file's data is.  libudfread (1.1) is not used: its path
 * lookup splits names on '\' as well as '/', and it reads a file as
 * long as its File Entry claims, zero-filling past the allocation
 * descriptors (a damaged length of 159 TB became an endless sparse run).
 *
 * Volume: the anchor at 256, the last block or the last block - 256;
 * the main volume descriptor sequence (the reserve one when the main
 * has no usable PD and LVD; volume descriptor pointers followed); the
 * partition descriptors, the logical volume's partition maps (type 1,
 * and type 2 "*UDF Metadata Partition", whose metadata file -- or its
 * mirror -- maps metadata blocks to physical ones); sparable and virtual
 * partitions are refused.  Each partition is cut to the image.  Then the
 * file set descriptor and the tree from its root ICB: File Entries and
 * Extended File Entries with short, long, extended or embedded
 * allocation descriptors, chains of allocation extent descriptors,
 * and File Identifier Descriptors.
 *
 * Trust: every descriptor's tag is checked (identifier, checksum, CRC
 * over its body, and for everything but FIDs its location); one that
 * fails is reported and skipped (with its subtree), or read anyway with
 * force.  A file's extents are cut to its partition; its size is at
 * most what its allocation descriptors hold (unrecorded extents count,
 * as zeros).  Where the File Entry claims more, the entry is cut and
 * marked damaged.  Directories are read once per File Entry (a loop ends
 * there), at most DW_TREE_MAX_DIR_BYTES each; AED chains at most
 * MAX_AED_HOPS long; every block read is charged to the tree's metadata
 * budget. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "author/tree_private.h"
#include "discwright/error.h"
#include "discwright/subq.h"

#define MAX_REFS 8
#define MAX_AED_HOPS 4096
#define MAX_ADS (1u << 20)
#define MAX_LINK 65536
#define MAX_META_RUNS 65536
#define MAX_VDS_BLOCKS 256

static uint16_t le16(const guint8 *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const guint8 *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le64(const guint8 *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

enum { REF_NONE, REF_PHYS, REF_META, REF_UNSUPPORTED };

typedef struct {
    uint32_t mlbn, plbn, n;
} meta_run;

typedef struct {
    dw_tree_ctx *c;
    int n_refs;                  /* partition reference numbers the maps define (slot MAX_REFS: internal) */
    guint8 kind[MAX_REFS + 1];
    uint16_t partnum[MAX_REFS + 1];
    uint32_t start[MAX_REFS + 1], len[MAX_REFS + 1];    /* physical: absolute start, blocks (cut to the image) */
    int meta_ref, meta_phys;     /* the metadata partition's reference, and the physical one under it */
    GArray *meta;                /* of meta_run, by mlbn */
    uint32_t meta_blocks;
} udf;

/* Where block lbn of partition reference ref is in the image (-1
 * outside), and how many blocks from there on are contiguous (*run). */
static int64_t lb_map(const udf *u, uint16_t ref, uint32_t lbn, uint32_t *run)
{
    if (ref > MAX_REFS)
        return -1;
    if (u->kind[ref] == REF_PHYS) {
        if (lbn >= u->len[ref])
            return -1;
        if (run)
            *run = u->len[ref] - lbn;
        return (int64_t)u->start[ref] + lbn;
    }
    if (u->kind[ref] != REF_META || !u->meta || lbn >= u->meta_blocks)
        return -1;
    guint lo = 0, hi = u->meta->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const meta_run *m = &g_array_index(u->meta, meta_run, mid);
        if (lbn < m->mlbn) {
            hi = mid;
        } else if (lbn - m->mlbn >= m->n) {
            lo = mid + 1;
        } else {
            if (run)
                *run = m->n - (lbn - m->mlbn);
            return (int64_t)u->start[u->meta_phys] + m->plbn + (lbn - m->mlbn);
        }
    }
    return -1;
}

static int64_t lb_abs(const udf *u, uint16_t ref, uint32_t lbn)
{
    return lb_map(u, ref, lbn, NULL);
}

/* A descriptor tag at b (avail bytes) with identifier id: checksum, CRC
 * and (when loc is not UINT32_MAX) location.  NULL when good, else why not. */
static const char *tag_fault(const guint8 *b, size_t avail, uint32_t loc)
{
    uint8_t sum = 0;
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + b[i]);
    if (sum != b[4])
        return "tag checksum wrong";
    uint16_t crclen = le16(b + 10);
    if (16u + crclen > avail)
        return "CRC length past the descriptor";
    if (dw_crc16_ccitt(b + 16, crclen) != le16(b + 8))
        return "CRC wrong";
    if (loc != UINT32_MAX && le32(b + 12) != loc)
        return "tag location wrong";
    return NULL;
}

/* Is the tag good enough to read?  A fault is reported (what, where);
 * it is read anyway with force. */
static gboolean tag_trust(udf *u, const guint8 *b, size_t avail, uint32_t loc, const char *what, int64_t where)
{
    const char *why = tag_fault(b, avail, loc);
    if (!why)
        return TRUE;
    u->c->n_damaged++;
    g_autofree char *at = where >= 0 ? g_strdup_printf(" at block %" G_GINT64_FORMAT, where) : g_strdup("");
    dw_tree_warn(u->c, "UDF %s%s: %s; %s", what, at, why,
                 u->c->force ? "read anyway (--force)" : "skipped (--force reads it)");
    return u->c->force;
}

static gboolean read_lb(udf *u, uint16_t ref, uint32_t lbn, guint8 *out)
{
    int64_t a = lb_abs(u, ref, lbn);
    if (a < 0) {
        memset(out, 0, 2048);
        return FALSE;
    }
    return dw_tree_read_meta(u->c, (uint64_t)a, 1, out);
}

/* ---- volume ---------------------------------------------------------- */

static gboolean find_anchor(dw_tree_ctx *c, guint8 *b, gboolean quiet)
{
    uint64_t n = c->src->blocks;
    uint64_t cand[3] = { 256, n >= 1 ? n - 1 : 0, n >= 257 ? n - 257 : 0 };
    for (int i = 0; i < 3; i++) {
        if (cand[i] < 256 || cand[i] >= n || (i > 0 && cand[i] == cand[0]) || (i == 2 && cand[2] == cand[1]))
            continue;
        if (!dw_tree_read_meta(c, cand[i], 1, b) || le16(b) != 2)
            continue;
        const char *why = tag_fault(b, 2048, (uint32_t)cand[i]);
        if (!why)
            return TRUE;
        if (!quiet)
            dw_tree_warn(c, "UDF anchor at block %" G_GUINT64_FORMAT ": %s", cand[i], why);
        if (c->force && !quiet)
            return TRUE;
    }
    return FALSE;
}

gboolean dw_tree_udf_probe(dw_tree_ctx *c)
{
    guint8 b[2048];
    return find_anchor(c, b, TRUE);
}

typedef struct {
    gboolean pd_any, lvd;
    int n_pd;
    uint16_t pd_num[MAX_REFS];
    uint32_t pd_start[MAX_REFS], pd_len[MAX_REFS];
    guint8 lvd_b[2048];
} vds;

static void read_vds(udf *u, uint32_t loc, uint32_t len, vds *v)
{
    guint8 b[2048];
    uint32_t n = MIN(len / 2048, (uint32_t)MAX_VDS_BLOCKS);
    int hops = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t lba = (uint64_t)loc + i;
        if (lba >= u->c->src->blocks || !dw_tree_read_meta(u->c, lba, 1, b))
            break;
        uint16_t id = le16(b);
        if (id == 0 || id == 8)
            break;
        if (!tag_trust(u, b, 2048, (uint32_t)lba, "volume descriptor", (int64_t)lba))
            continue;
        if (id == 3 && hops < 8) {       /* volume descriptor pointer: the sequence goes on there */
            hops++;
            loc = le32(b + 24);
            n = MIN(le32(b + 20) / 2048, (uint32_t)MAX_VDS_BLOCKS);
            i = (uint32_t)-1;
        } else if (id == 5 && v->n_pd < MAX_REFS) {
            v->pd_num[v->n_pd] = le16(b + 22);
            v->pd_start[v->n_pd] = le32(b + 188);
            v->pd_len[v->n_pd] = le32(b + 192);
            v->n_pd++;
            v->pd_any = TRUE;
        } else if (id == 6 && !v->lvd) {
            v->lvd = TRUE;
            memcpy(v->lvd_b, b, 2048);
        }
    }
}

/* The physical partition numbered num: its start and length, cut to the image. */
static gboolean set_phys(udf *u, int ref, const vds *v, uint16_t num, GError **error)
{
    int k = -1;
    for (int i = 0; i < v->n_pd && k < 0; i++)
        if (v->pd_num[i] == num)
            k = i;
    if (k < 0 && v->n_pd == 1)
        k = 0;                   /* one partition: whatever its number */
    if (k < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: UDF partition %u has no partition descriptor",
                    u->c->name, num);
        return FALSE;
    }
    uint64_t blocks = u->c->src->blocks;
    if (v->pd_start[k] >= blocks) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "%s: UDF partition %u starts at block %u, outside the image (%" G_GUINT64_FORMAT " blocks)",
                    u->c->name, num, v->pd_start[k], blocks);
        return FALSE;
    }
    u->kind[ref] = REF_PHYS;
    u->partnum[ref] = num;
    u->start[ref] = v->pd_start[k];
    u->len[ref] = v->pd_len[k];
    if ((uint64_t)u->start[ref] + u->len[ref] > blocks) {
        u->len[ref] = (uint32_t)(blocks - u->start[ref]);
        u->c->n_damaged++;
        dw_tree_warn(u->c, "UDF partition %u: %u blocks from block %u run past the end of the image; cut to %u", num,
                     v->pd_len[k], v->pd_start[k], u->len[ref]);
    }
    return TRUE;
}

typedef struct {
    uint16_t ref;
    uint32_t lbn, len;
    guint8 type;                 /* 0 recorded, 1 allocated, 2 neither, (3: next AED, not kept) */
} uad;

typedef struct {
    uint16_t ref;                /* where the entry is */
    uint32_t lbn;
    int64_t abs;
    guint8 b[2048];
    gboolean efe;
    guint8 ftype;
    uint16_t icbflags;
    uint64_t info_len;
    size_t ad_off;               /* allocation descriptors: b[ad_off .. ad_off + lad) */
    uint32_t lad;
} fe_t;

/* Read and check the FE / EFE at (ref, lbn); FALSE (reported) when there is none to trust. */
static gboolean read_fe(udf *u, uint16_t ref, uint32_t lbn, fe_t *f, const char *path)
{
    f->ref = ref;
    f->lbn = lbn;
    f->abs = lb_abs(u, ref, lbn);
    if (f->abs < 0) {
        u->c->n_damaged++;
        dw_tree_warn(u->c, "%s: its UDF File Entry (block %u of partition %u) is outside the partition; skipped", path,
                     lbn, ref);
        return FALSE;
    }
    if (!dw_tree_read_meta(u->c, (uint64_t)f->abs, 1, f->b)) {
        dw_tree_warn(u->c, "%s: its UDF File Entry at block %" G_GINT64_FORMAT " is not readable; skipped", path, f->abs);
        return FALSE;
    }
    uint16_t id = le16(f->b);
    if (id != 261 && id != 266) {
        u->c->n_damaged++;
        dw_tree_warn(u->c, "%s: no UDF File Entry at block %" G_GINT64_FORMAT " (tag %u); skipped", path, f->abs, id);
        return FALSE;
    }
    g_autofree char *what = g_strdup_printf("File Entry of %s", path);
    if (!tag_trust(u, f->b, 2048, lbn, what, f->abs))
        return FALSE;
    f->efe = id == 266;
    f->ftype = f->b[16 + 11];
    f->icbflags = le16(f->b + 16 + 18);
    f->info_len = le64(f->b + 56);
    size_t base = f->efe ? 216 : 176;
    uint32_t lea = le32(f->b + (f->efe ? 208 : 168)), lad = le32(f->b + (f->efe ? 212 : 172));
    if (lea > 2048 - base || lad > 2048 - base - lea) {
        u->c->n_damaged++;
        dw_tree_warn(u->c, "%s: UDF File Entry at block %" G_GINT64_FORMAT ": extended attributes (%u bytes) and "
                     "allocation descriptors (%u bytes) do not fit in it; %s", path, f->abs, lea, lad,
                     u->c->force ? "cut (--force)" : "skipped");
        if (!u->c->force)
            return FALSE;
        lea = MIN(lea, (uint32_t)(2048 - base));
        lad = MIN(lad, (uint32_t)(2048 - base - lea));
    }
    f->ad_off = base + lea;
    f->lad = lad;
    return TRUE;
}

/* The allocation descriptors of f, AED chains followed; NULL when their
 * type is unknown.  *cut set when the list was cut short (bad AED, limits). */
static GArray *read_ads(udf *u, const fe_t *f, const char *path, gboolean *cut)
{
    int adtype = f->icbflags & 7;
    size_t step = adtype == 0 ? 8 : adtype == 1 ? 16 : adtype == 2 ? 20 : 0;
    if (!step) {
        u->c->n_damaged++;
        dw_tree_warn(u->c, "%s: UDF allocation descriptor type %d unknown; no data read", path, adtype);
        return NULL;
    }
    GArray *out = g_array_new(FALSE, FALSE, sizeof(uad));
    guint8 area[2048];
    memcpy(area, f->b + f->ad_off, f->lad);
    size_t len = f->lad;
    int hops = 0;
    for (;;) {
        gboolean next = FALSE;
        uint16_t nref = 0;
        uint32_t nlbn = 0;
        for (size_t p = 0; p + step <= len && !next; p += step) {
            const guint8 *a = area + p;
            uint32_t raw = le32(a), elen = raw & 0x3FFFFFFF;
            guint8 etype = (guint8)(raw >> 30);
            if (elen == 0)
                return out;      /* the end of the descriptors */
            uad d = { .len = elen, .type = etype };
            if (adtype == 0) {
                d.lbn = le32(a + 4);
                d.ref = f->ref;
            } else if (adtype == 1) {
                d.lbn = le32(a + 4);
                d.ref = le16(a + 8);
            } else {
                d.lbn = le32(a + 12);
                d.ref = le16(a + 16);
            }
            if (etype == 3) {
                next = TRUE;
                nref = d.ref;
                nlbn = d.lbn;
            } else if (out->len >= MAX_ADS) {
                *cut = TRUE;
                dw_tree_warn(u->c, "%s: more than %u allocation descriptors; the rest left out", path, MAX_ADS);
                return out;
            } else {
                g_array_append_val(out, d);
            }
        }
        if (!next)
            return out;
        guint8 b[2048];
        int64_t where = lb_abs(u, nref, nlbn);
        if (++hops > MAX_AED_HOPS || !read_lb(u, nref, nlbn, b) || le16(b) != 258 ||
            !tag_trust(u, b, 2048, nlbn, "allocation extent descriptor", where)) {
            *cut = TRUE;
            dw_tree_warn(u->c, "%s: allocation extent descriptor %d (block %u of partition %u) %s; the rest left out",
                         path, hops, nlbn, nref, hops > MAX_AED_HOPS ? "is one too many" : "not usable");
            return out;
        }
        uint32_t l = le32(b + 20);
        if (l > 2048 - 24) {
            u->c->n_damaged++;
            dw_tree_warn(u->c, "%s: allocation extent descriptor at block %" G_GINT64_FORMAT " claims %u bytes; cut",
                         path, where, l);
            l = 2048 - 24;
        }
        memcpy(area, b + 24, l);
        len = l;
    }
}

/* f's data as image extents in n (size = what they hold, at most the
 * entry's information length).  max: what the caller reads at most. */
static void map_data(udf *u, const fe_t *f, dw_rnode *n, const char *path, uint64_t max)
{
    uint64_t want = f->info_len;
    if (want > max) {
        dw_tree_damaged(u->c, n, "%s: %" G_GUINT64_FORMAT " bytes claimed; only the first %" G_GUINT64_FORMAT " read",
                        path, want, max);
        want = max;
    }
    if ((f->icbflags & 7) == 3) {           /* embedded in the File Entry */
        uint64_t take = MIN(want, (uint64_t)f->lad);
        if (take)
            dw_rnode_add_extent(n, (uint32_t)f->abs, (uint32_t)f->ad_off, take, FALSE);
        if (take < want)
            dw_tree_damaged(u->c, n, "%s: its File Entry claims %" G_GUINT64_FORMAT " bytes and embeds %u; cut", path,
                            want, f->lad);
        return;
    }
    gboolean cut = FALSE;
    GArray *ads = read_ads(u, f, path, &cut);
    if (!ads) {
        if (want)
            n->e.damaged = TRUE;
        return;
    }
    uint64_t have = 0, recorded = 0, image = u->c->src->blocks * 2048;
    gboolean outside = FALSE;
    for (guint i = 0; i < ads->len && have < want && !outside; i++) {
        const uad *d = &g_array_index(ads, uad, i);
        uint64_t take = MIN((uint64_t)d->len, want - have);
        if (d->type == 0 && recorded + take > image) {
            /* More recorded data than the image holds: extents used again and again. */
            dw_tree_damaged(u->c, n, "%s: its allocation descriptors record more data than the image holds; cut",
                            path);
            outside = TRUE;
            break;
        }
        if (d->type == 0)
            recorded += take;
        if (d->type != 0) {             /* allocated or not: not recorded, reads as zeros */
            dw_rnode_add_extent(n, 0, 0, take, TRUE);
            have += take;
            continue;
        }
        uint32_t lbn = d->lbn;
        while (take > 0) {
            uint32_t run = 0;
            int64_t a = lb_map(u, d->ref, lbn, &run);
            if (a < 0 || run == 0) {
                dw_tree_damaged(u->c, n, "%s: data at block %u of partition %u lies outside the partition; cut", path,
                                lbn, d->ref);
                outside = TRUE;
                break;
            }
            uint64_t part = MIN(take, (uint64_t)run * 2048);
            dw_rnode_add_extent(n, (uint32_t)a, 0, part, FALSE);
            have += part;
            take -= part;
            lbn += run;
        }
    }
    g_array_free(ads, TRUE);
    if (have < want && !outside)
        dw_tree_damaged(u->c, n, "%s: its File Entry claims %" G_GUINT64_FORMAT " bytes, its allocation descriptors "
                        "hold %" G_GUINT64_FORMAT "%s; cut", path, want, have, cut ? " (a list cut short)" : "");
}

/* The metadata file (file type 250) at lbn of the physical partition
 * under the metadata partition: its extents map metadata blocks. */
static gboolean load_meta(udf *u, uint32_t lbn, guint8 want_type)
{
    fe_t f;
    const char *what = want_type == 250 ? "the metadata file" : "the metadata mirror file";
    if (!read_fe(u, (uint16_t)u->meta_phys, lbn, &f, what) || f.ftype != want_type)
        return FALSE;
    gboolean cut = FALSE;
    GArray *ads = (f.icbflags & 7) == 3 ? NULL : read_ads(u, &f, what, &cut);
    if (!ads)
        return FALSE;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(meta_run));
    uint32_t mlbn = 0, plen = u->len[u->meta_phys];
    for (guint i = 0; i < ads->len && runs->len < MAX_META_RUNS && mlbn < plen; i++) {
        const uad *d = &g_array_index(ads, uad, i);
        uint32_t nb = (d->len + 2047) / 2048;
        if (d->type == 0 && d->lbn < plen) {
            meta_run r = { mlbn, d->lbn, MIN(nb, plen - d->lbn) };
            g_array_append_val(runs, r);
        }
        mlbn += MIN(nb, plen - mlbn);
    }
    g_array_free(ads, TRUE);
    if (!runs->len) {
        g_array_free(runs, TRUE);
        return FALSE;
    }
    u->meta = runs;
    u->meta_blocks = mlbn;
    return TRUE;
}

/* Partition maps of the LVD into references. */
static gboolean set_refs(udf *u, const vds *v, GError **error)
{
    const guint8 *b = v->lvd_b;
    if (le32(b + 212) != 2048) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: UDF logical block size %u (only 2048 is read)",
                    u->c->name, le32(b + 212));
        return FALSE;
    }
    uint32_t mtl = MIN(le32(b + 264), 2048u - 440u), nmaps = le32(b + 268);
    uint32_t meta_loc = 0, mirror_loc = 0;
    for (uint32_t k = 0, m = 0; m < nmaps && m < MAX_REFS && k + 2 <= mtl; m++) {
        const guint8 *p = b + 440 + k;
        guint8 type = p[0], ml = p[1];
        if (ml < 2 || k + ml > mtl)
            break;
        u->n_refs = (int)m + 1;
        if (type == 1 && ml >= 6) {
            if (!set_phys(u, (int)m, v, le16(p + 4), error))
                return FALSE;
        } else if (type == 2 && ml >= 64 && memcmp(p + 5, "*UDF Metadata Partition", 23) == 0) {
            u->kind[m] = REF_META;
            u->partnum[m] = le16(p + 38);
            u->meta_ref = (int)m;
            meta_loc = le32(p + 40);
            mirror_loc = le32(p + 44);
        } else {
            u->kind[m] = REF_UNSUPPORTED;
        }
        k += ml;
    }
    if (u->meta_ref >= 0) {
        /* The physical partition under it: a type-1 map of the same number, else an internal reference. */
        u->meta_phys = -1;
        for (int r = 0; r < u->n_refs; r++)
            if (u->kind[r] == REF_PHYS && u->partnum[r] == u->partnum[u->meta_ref])
                u->meta_phys = r;
        if (u->meta_phys < 0) {
            u->meta_phys = MAX_REFS;
            if (!set_phys(u, u->meta_phys, v, u->partnum[u->meta_ref], error))
                return FALSE;
        }
        if (!load_meta(u, meta_loc, 250) && !load_meta(u, mirror_loc, 251)) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                        "%s: neither the UDF metadata file nor its mirror can be read (see the warnings)", u->c->name);
            return FALSE;
        }
    }
    if (u->n_refs == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: the UDF logical volume has no partition map",
                    u->c->name);
        return FALSE;
    }
    return TRUE;
}

/* ---- names, attributes ----------------------------------------------- */

/* OSTA CS0 (compression 8: Latin-1, 16: UTF-16BE) -> UTF-8; NULL otherwise. */
static char *cs0(const guint8 *p, size_t len)
{
    if (len < 1)
        return NULL;
    if (p[0] == 16)
        return dw_tree_utf16be(p + 1, len - 1);
    if (p[0] != 8)
        return NULL;
    GString *s = g_string_sized_new(len);
    for (size_t i = 1; i < len; i++)
        g_string_append_unichar(s, p[i] ? p[i] : 0xFFFD);
    return g_string_free(s, FALSE);
}

/* ECMA-167 4/14.16.1 path components -> a symlink target. */
static char *symlink_target(const guint8 *d, size_t len)
{
    GString *s = g_string_new(NULL);
    size_t i = 0;
    while (i + 4 <= len && s->len < MAX_LINK) {
        guint8 type = d[i], l = d[i + 1];
        if (i + 4 + l > len)
            break;
        gboolean sep = s->len > 0 && !(s->len == 1 && s->str[0] == '/');
        if (type == 1 || type == 2) {
            g_string_assign(s, "/");
        } else if (type == 3) {
            g_string_append(s, sep ? "/.." : "..");
        } else if (type == 4) {
            g_string_append(s, sep ? "/." : ".");
        } else if (type == 5) {
            char *n = cs0(d + i + 4, l);
            if (sep)
                g_string_append_c(s, '/');
            g_string_append(s, n ? n : "?");
            g_free(n);
        }
        i += 4u + l;
    }
    return g_string_free(s, FALSE);
}

/* ECMA-167 1/7.3 timestamp -> seconds since 1970 UTC. */
static gboolean timestamp(const guint8 *t, int64_t *out)
{
    uint16_t tz = le16(t);
    int year = le16(t + 2);
    if (year == 0 || t[4] < 1 || t[4] > 12 || t[5] < 1 || t[5] > 31 || t[6] > 23 || t[7] > 59 || t[8] > 59)
        return FALSE;
    g_autoptr(GDateTime) dt = g_date_time_new_utc(year, t[4], t[5], t[6], t[7], t[8]);
    if (!dt)
        return FALSE;
    int64_t s = g_date_time_to_unix(dt);
    if ((tz >> 12) == 1) {
        int off = tz & 0x0FFF;
        if (off & 0x0800)
            off -= 0x1000;
        if (off != -2047 && off >= -1440 && off <= 1440)
            s -= (int64_t)off * 60;
    }
    *out = s;
    return TRUE;
}

static void set_attrs(dw_rnode *n, const fe_t *f)
{
    uint32_t perm = le32(f->b + 44);
    uint32_t mode = ((perm >> 10) & 7) << 6 | ((perm >> 5) & 7) << 3 | (perm & 7);
    if (f->icbflags & 0x40)
        mode |= S_ISUID;
    if (f->icbflags & 0x80)
        mode |= S_ISGID;
    if (f->icbflags & 0x100)
        mode |= S_ISVTX;
    switch (f->ftype) {
    case 4: mode |= S_IFDIR; n->e.type = DW_ENTRY_DIR; break;
    case 12: mode |= S_IFLNK; n->e.type = DW_ENTRY_SYMLINK; break;
    case 6: mode |= S_IFBLK; n->e.type = DW_ENTRY_SPECIAL; break;
    case 7: mode |= S_IFCHR; n->e.type = DW_ENTRY_SPECIAL; break;
    case 9: mode |= S_IFIFO; n->e.type = DW_ENTRY_SPECIAL; break;
    case 10: mode |= S_IFSOCK; n->e.type = DW_ENTRY_SPECIAL; break;
    default: mode |= S_IFREG; n->e.type = DW_ENTRY_FILE; break;
    }
    n->e.mode = mode;
    n->e.nlink = le16(f->b + 48);
    n->e.has_mtime = timestamp(f->b + (f->efe ? 92 : 84), &n->e.mtime);
}

/* Read the bytes of n's extents (at most max) into a new buffer. */
static guint8 *read_extents(udf *u, const dw_rnode *n, size_t max, size_t *len)
{
    size_t total = (size_t)MIN(n->e.size, (uint64_t)max);
    guint8 *d = g_try_malloc0(total + 1);
    if (!d)
        return NULL;
    guint8 blk[2048];
    size_t got = 0;
    for (size_t x = 0; x < n->e.n_extents && got < total; x++) {
        const dw_image_extent *e = &n->e.extents[x];
        uint64_t left = MIN(e->bytes, (uint64_t)(total - got));
        if (e->zero) {
            got += (size_t)left;
            continue;
        }
        uint64_t pos = (uint64_t)e->lba * 2048 + e->offset;
        while (left > 0) {
            uint64_t lba = pos / 2048;
            size_t off = (size_t)(pos % 2048), take = (size_t)MIN(left, (uint64_t)(2048 - off));
            if (!dw_tree_read_meta(u->c, lba, 1, blk)) {
                g_free(d);
                return NULL;
            }
            memcpy(d + got, blk + off, take);
            got += take;
            pos += take;
            left -= take;
        }
    }
    *len = got;
    return d;
}

static void clear_extents(dw_rnode *n)
{
    g_clear_pointer(&n->e.extents, g_free);
    n->e.n_extents = 0;
    n->e.size = 0;
}

/* ---- the tree ---------------------------------------------------------- */

typedef struct {
    dw_rnode *node;
    uint16_t ref;
    uint32_t lbn;
    int depth;
} pending;

/* The FIDs of directory dir (its FE f) into children; subdirectories onto todo. */
static void read_dir(udf *u, dw_rnode *dir, const fe_t *f, int depth, GArray *todo)
{
    g_autofree char *path = dw_rnode_path(dir);
    map_data(u, f, dir, path, DW_TREE_MAX_DIR_BYTES);
    size_t size = 0;
    guint8 *d = read_extents(u, dir, DW_TREE_MAX_DIR_BYTES, &size);
    clear_extents(dir);
    if (!d) {
        dw_tree_warn(u->c, "%s: UDF directory not readable", path);
        return;
    }
    size_t pos = 0;
    while (pos + 38 <= size) {
        const guint8 *x = d + pos;
        if (le16(x) != 257) {
            gboolean blank = TRUE;
            for (size_t i = pos; i < size && blank; i++)
                blank = d[i] == 0;
            if (!blank)
                dw_tree_damaged(u->c, dir, "%s: no File Identifier Descriptor at byte %zu of the directory; the rest "
                                "is not read", path, pos);
            break;
        }
        guint8 lfi = x[19];
        uint16_t liu = le16(x + 36);
        size_t flen = (38u + liu + lfi + 3) & ~(size_t)3;
        if (pos + 38 + liu + lfi > size) {
            dw_tree_damaged(u->c, dir, "%s: a File Identifier Descriptor runs past the directory's end", path);
            break;
        }
        g_autofree char *what = g_strdup_printf("File Identifier Descriptor at byte %zu of %s", pos, path);
        if (!tag_trust(u, x, MIN(flen, size - pos), UINT32_MAX, what, -1)) {
            dir->e.damaged = TRUE;
            dw_tree_warn(u->c, "%s: the rest of the directory is not read", path);
            break;
        }
        pos += flen;
        guint8 ch = x[18];
        if (ch & 0x0C)           /* deleted, or the parent */
            continue;
        char *name = cs0(x + 38 + liu, lfi);
        if (!name) {
            dw_tree_damaged(u->c, dir, "%s: a name in an unknown encoding (%u bytes) left out", path, lfi);
            continue;
        }
        uint32_t lbn = le32(x + 24);
        uint16_t ref = le16(x + 28);
        if (!dw_tree_take_entry(u->c)) {
            g_free(name);
            break;
        }
        g_autofree char *cpath = g_strconcat(path, strcmp(path, "/") ? "/" : "", name, NULL);
        fe_t cf;
        if (!read_fe(u, ref, lbn, &cf, cpath)) {
            g_free(name);
            continue;
        }
        dw_rnode *n = dw_rnode_new(dir, name);
        g_free(name);
        set_attrs(n, &cf);
        n->lsn = (uint32_t)cf.abs;
        if (n->e.type == DW_ENTRY_DIR) {
            pending p = { n, ref, lbn, depth + 1 };
            g_array_append_val(todo, p);
        } else if (n->e.type == DW_ENTRY_FILE) {
            map_data(u, &cf, n, cpath, G_MAXUINT64);
            n->e.data_id = (uint64_t)cf.abs + 1;
        } else if (n->e.type == DW_ENTRY_SYMLINK) {
            map_data(u, &cf, n, cpath, MAX_LINK);
            size_t ll = 0;
            guint8 *t = read_extents(u, n, MAX_LINK, &ll);
            clear_extents(n);
            n->e.link = t ? symlink_target(t, ll) : g_strdup("");
            n->e.size = strlen(n->e.link);
            g_free(t);
        }
    }
    g_free(d);
}

gboolean dw_tree_udf_read(dw_tree_ctx *c, dw_rnode *root, GError **error)
{
    udf u = { .c = c, .meta_ref = -1, .meta_phys = -1 };
    guint8 b[2048];
    if (!find_anchor(c, b, FALSE)) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no UDF file system (no usable anchor at block 256 or "
                    "at the end)", c->name);
        return FALSE;
    }
    uint32_t main_len = le32(b + 16), main_loc = le32(b + 20), res_len = le32(b + 24), res_loc = le32(b + 28);
    vds *v = g_new0(vds, 1);
    read_vds(&u, main_loc, main_len, v);
    if (!v->pd_any || !v->lvd) {
        dw_tree_warn(c, "UDF main volume descriptor sequence without a usable partition or logical volume; reading "
                     "the reserve one");
        memset(v, 0, sizeof *v);
        read_vds(&u, res_loc, res_len, v);
    }
    gboolean ok = v->pd_any && v->lvd;
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no usable UDF partition and logical volume descriptors",
                    c->name);
    ok = ok && set_refs(&u, v, error);
    uint16_t fsd_ref = ok ? le16(v->lvd_b + 248 + 8) : 0;
    uint32_t fsd_lbn = ok ? le32(v->lvd_b + 248 + 4) : 0;
    g_free(v);
    if (ok && (fsd_ref >= u.n_refs || (u.kind[fsd_ref] != REF_PHYS && u.kind[fsd_ref] != REF_META))) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "%s: the UDF file set is in partition %u, which is not a plain or metadata partition (sparable "
                    "and virtual partitions are not read)", c->name, fsd_ref);
        ok = FALSE;
    }
    if (ok && (!read_lb(&u, fsd_ref, fsd_lbn, b) || le16(b) != 256 ||
               !tag_trust(&u, b, 2048, fsd_lbn, "file set descriptor", lb_abs(&u, fsd_ref, fsd_lbn)))) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no usable UDF file set descriptor", c->name);
        ok = FALSE;
    }
    fe_t *f = g_new(fe_t, 1);
    if (ok && !read_fe(&u, le16(b + 400 + 8), le32(b + 400 + 4), f, "/")) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: the UDF root directory cannot be read", c->name);
        ok = FALSE;
    }
    if (ok) {
        set_attrs(root, f);
        root->e.type = DW_ENTRY_DIR;
        GArray *todo = g_array_new(FALSE, FALSE, sizeof(pending));
        pending top = { root, f->ref, f->lbn, 0 };
        g_array_append_val(todo, top);
        while (todo->len) {
            pending p = g_array_index(todo, pending, todo->len - 1);
            g_array_set_size(todo, todo->len - 1);
            g_autofree char *path = dw_rnode_path(p.node);
            if (p.depth > DW_TREE_MAX_DEPTH) {
                dw_tree_warn(c, "%s: more than %d levels; not read", path, DW_TREE_MAX_DEPTH);
                continue;
            }
            if (!read_fe(&u, p.ref, p.lbn, f, path))
                continue;
            if (g_hash_table_contains(c->dirs_seen, GSIZE_TO_POINTER((gsize)f->abs + 1))) {
                dw_tree_warn(c, "%s: directory at block %" G_GINT64_FORMAT " already read (a loop or a shared "
                             "directory); left empty", path, f->abs);
                continue;
            }
            g_hash_table_add(c->dirs_seen, GSIZE_TO_POINTER((gsize)f->abs + 1));
            guint before = todo->len;
            read_dir(&u, p.node, f, p.depth, todo);
            /* Depth first, in directory order. */
            for (guint i = before, j = todo->len; i + 1 < j; i++, j--) {
                pending t = g_array_index(todo, pending, i);
                g_array_index(todo, pending, i) = g_array_index(todo, pending, j - 1);
                g_array_index(todo, pending, j - 1) = t;
            }
        }
        g_array_free(todo, TRUE);
    }
    g_free(f);
    if (u.meta)
        g_array_free(u.meta, TRUE);
    return ok;
}
