/* hfsplus.c: an HFS+ file system over the ISO image's file data
 * (mkisofs -hfsplus), for Macs and for GRUB's Apple boot path, laid out
 * as xorriso does: the HFS+ volume begins after the ISO 9660 metadata
 * with a block holding the volume header, then the catalog B-tree
 * (4 KiB nodes), a one-node extents-overflow B-tree and the targets of
 * symbolic links; the file data that follows is the ISO's own, each
 * file one extent; after it the allocation bitmap (every block in use)
 * and a block with the alternate volume header.  Allocation blocks are
 * 2048 bytes, so HFS+ block N is image block start + N.
 *
 * The catalog holds, per directory, a folder record keyed by (parent
 * id, name) and a thread record keyed by (own id, empty name), and the
 * same pair per file.  Records are sorted by parent id, then by name
 * compared case-insensitively (letters folded to lower case, the
 * invisible formatting characters ignored), which is HFS+'s order for
 * the names people use; names are stored decomposed (NFD) in UTF-16,
 * ':' as '/', at most 255 units, and names equal after folding are made
 * unique with a "_N" suffix.  Files whose data lies outside the volume
 * (the ESP placed before it for -efi-boot-part) are left out, as
 * xorriso leaves them out.  Blessings (-hfs-bless-by) go to the volume
 * header's Finder info, Finder creator/type codes to the file records. */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

#define HBLK BLK                 /* allocation block = ISO block */
#define NODE 4096                /* catalog node size */
#define NAME_MAX_U 255
#define MAP_NODES ((NODE - 256) * 8) /* nodes the header node's map record covers */
#define MAC_EPOCH 2082844800u    /* seconds from 1904-01-01 to 1970-01-01 */

enum { R_DIR = 1, R_FILE = 2, R_DTHREAD = 3, R_FTHREAD = 4 };

typedef struct {
    const dw_anode *node;
    gunichar2 *name;             /* owned by the object record; threads borrow it */
    guint16 nlen;
    guint8 kind;
    uint32_t parent;             /* key: parent id (threads: own id) */
    uint32_t cnid;               /* the object's id */
    uint32_t parent_of;          /* threads: the object's parent id */
    uint32_t valence;            /* directories: children */
    uint32_t sl_block;           /* symlinks: HFS+ block of the target */
} hrec;

typedef struct {
    guint first, count;          /* records (leaf) or child nodes (index) */
} hnode;

struct dw_hfs {
    GArray *recs;                /* hrec, sorted */
    GArray *levels[16];          /* hnode per level, 0 = leaves */
    int nlevels;
    uint32_t nnodes;             /* including the header node */
    uint32_t start;              /* image block of HFS+ block 0 */
    uint32_t extents_blk, sl_blk, sl_blocks; /* relative to start */
    uint32_t bitmap_blk, bitmap_blocks, total;
    uint32_t next_cnid, files, folders;
    uint32_t bless[DW_HFS_BLESS_N];
    GHashTable *types;           /* dw_anode* -> dw_author_hfs_type* (copies, owned) */
    guint8 serial[8];
};

static uint32_t mac_time(time_t t)
{
    int64_t v = (int64_t)t + MAC_EPOCH;
    return v < 0 ? 0 : v > 0xFFFFFFFFll ? 0xFFFFFFFFu : (uint32_t)v;
}

/* The comparison form of one character: lower case, 0 = ignored. */
static gunichar2 fold(gunichar2 c)
{
    if (c >= 'A' && c <= 'Z')
        return (gunichar2)(c + 32);
    if (c < 0x80)
        return c;
    if ((c >= 0x200C && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF)
        return 0;
    if (c >= 0xD800 && c < 0xE000)
        return c;
    gunichar l = g_unichar_tolower(c);
    return l <= 0xFFFF ? (gunichar2)l : c;
}

static int name_cmp(const gunichar2 *a, int al, const gunichar2 *b, int bl)
{
    int i = 0, j = 0;
    for (;;) {
        gunichar2 x = 0, y = 0;
        while (i < al && !(x = fold(a[i])))
            i++;
        while (j < bl && !(y = fold(b[j])))
            j++;
        if (i >= al || j >= bl)
            return (i < al) - (j < bl);
        if (x != y)
            return x < y ? -1 : 1;
        i++;
        j++;
    }
}

static gint cmp_rec(gconstpointer x, gconstpointer y)
{
    const hrec *a = x, *b = y;
    if (a->parent != b->parent)
        return a->parent < b->parent ? -1 : 1;
    gboolean at = a->kind >= R_DTHREAD, bt = b->kind >= R_DTHREAD;
    if (at || bt)
        return (int)bt - (int)at; /* the thread (empty name) first */
    return name_cmp(a->name, a->nlen, b->name, b->nlen);
}

/* HFS+ form of a name: NFD, UTF-16, ':' as '/', at most 255 units. */
static gunichar2 *hfs_name(const char *utf8, guint16 *len)
{
    char *nfd = g_utf8_normalize(utf8, -1, G_NORMALIZE_NFD);
    glong n = 0;
    gunichar2 *u = nfd ? g_utf8_to_utf16(nfd, -1, NULL, &n, NULL) : NULL;
    g_free(nfd);
    if (!u) {
        /* not UTF-8: the bytes as Latin-1 */
        n = (glong)strlen(utf8);
        u = g_new(gunichar2, n + 1);
        for (glong i = 0; i < n; i++)
            u[i] = (guint8)utf8[i];
    }
    for (glong i = 0; i < n; i++)
        if (u[i] == ':')
            u[i] = '/';
    if (n > NAME_MAX_U) {
        n = NAME_MAX_U;
        if (u[n - 1] >= 0xD800 && u[n - 1] < 0xDC00)
            n--;
    }
    *len = (guint16)n;
    return u;
}

static gboolean in_volume(const dw_author_plan *p, const dw_anode *n)
{
    if (n->file < 0)
        return TRUE;
    const dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
    return !f->early && !f->outside && !f->old;
}

/* Records of dir's children (and of their subtrees). */
static void add_children(dw_author_plan *p, struct dw_hfs *h, const dw_anode *dir, uint32_t dir_id, guint dir_rec)
{
    GPtrArray *kids = dir->kids;
    guint first = h->recs->len;
    for (guint i = 0; kids && i < kids->len; i++) {
        const dw_anode *k = g_ptr_array_index(kids, i);
        if ((k->hide & DW_HIDE_HFS) || (!S_ISDIR(k->mode) && !in_volume(p, k)))
            continue;
        if (p->boot && k->file >= 0 && k->file == p->boot->catalog_file)
            continue; /* the El Torito catalog is no file for Macs (xorriso leaves it out too) */
        hrec r = { .node = k, .kind = S_ISDIR(k->mode) ? R_DIR : R_FILE, .parent = dir_id, .cnid = h->next_cnid++ };
        r.name = hfs_name(k->name, &r.nlen);
        /* names equal after folding: "_N" until unique */
        for (int c = 2;; c++) {
            gboolean clash = FALSE;
            for (guint q = first; !clash && q < h->recs->len; q++) {
                const hrec *o = &g_array_index(h->recs, hrec, q);
                clash = o->kind <= R_FILE && name_cmp(o->name, o->nlen, r.name, r.nlen) == 0;
            }
            if (!clash)
                break;
            char *base = g_utf16_to_utf8(r.name, MIN(r.nlen, NAME_MAX_U - 8), NULL, NULL, NULL);
            g_autofree char *nn = g_strdup_printf("%s_%d", base ? base : "_", c);
            g_free(base);
            g_free(r.name);
            r.name = hfs_name(nn, &r.nlen);
            if (c > 1000000)
                break;
        }
        g_array_append_val(h->recs, r);
        if (r.kind == R_DIR)
            h->folders++;
        else
            h->files++;
        g_array_index(h->recs, hrec, dir_rec).valence++;
    }
    guint end = h->recs->len;
    for (guint i = first; i < end; i++) {
        hrec r = g_array_index(h->recs, hrec, i);
        hrec t = { .node = r.node, .name = r.name, .nlen = r.nlen, .kind = r.kind == R_DIR ? R_DTHREAD : R_FTHREAD,
                   .parent = r.cnid, .cnid = r.cnid, .parent_of = r.parent };
        g_array_append_val(h->recs, t);
        if (r.kind == R_DIR)
            add_children(p, h, r.node, r.cnid, i);
    }
}

static size_t key_len(const hrec *r)
{
    return 8 + (r->kind >= R_DTHREAD ? 0 : 2 * (size_t)r->nlen);
}

static size_t rec_len(const hrec *r)
{
    size_t k = key_len(r);
    switch (r->kind) {
    case R_DIR: return k + 88;
    case R_FILE: return k + 248;
    default: return k + 10 + 2 * (size_t)r->nlen;
    }
}

/* An index record: the key of a child node's first record and its number. */
static size_t index_len(const struct dw_hfs *h, int level, const hnode *child)
{
    /* child is a node of level - 1: down to its first leaf */
    const hnode *c = child;
    for (int l = level - 1; l > 0; l--)
        c = &g_array_index(h->levels[l - 1], hnode, c->first);
    return key_len(&g_array_index(h->recs, hrec, c->first)) + 4;
}

/* Pack n items of the given sizes into nodes. */
static GArray *pack(const struct dw_hfs *h, int level, guint n)
{
    GArray *nodes = g_array_new(FALSE, TRUE, sizeof(hnode));
    hnode cur = { 0, 0 };
    size_t used = 14 + 2;
    for (guint i = 0; i < n; i++) {
        size_t sz = level == 0 ? rec_len(&g_array_index(h->recs, hrec, i))
                               : index_len(h, level, &g_array_index(h->levels[level - 1], hnode, i));
        if (cur.count && used + sz + 2 > NODE) {
            g_array_append_val(nodes, cur);
            cur = (hnode){ i, 0 };
            used = 14 + 2;
        }
        cur.count++;
        used += sz + 2;
    }
    if (cur.count || !nodes->len)
        g_array_append_val(nodes, cur);
    return nodes;
}

static void type_free(gpointer x)
{
    g_free(x);
}

gboolean dw_hfs_prepare(dw_author_plan *p, GError **error)
{
    if (!p->o.hfsplus)
        return TRUE;
    struct dw_hfs *h = g_new0(struct dw_hfs, 1);
    p->hfs = h;
    h->recs = g_array_new(FALSE, TRUE, sizeof(hrec));
    h->types = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, type_free);
    h->next_cnid = 16;
    /* the root: folder id 2 in parent 1, named after the volume */
    hrec root = { .node = p->root, .kind = R_DIR, .parent = 1, .cnid = 2 };
    root.name = hfs_name(p->volid, &root.nlen);
    g_array_append_val(h->recs, root);
    hrec rt = { .node = p->root, .name = root.name, .nlen = root.nlen, .kind = R_DTHREAD, .parent = 2, .cnid = 2,
                .parent_of = 1 };
    g_array_append_val(h->recs, rt);
    add_children(p, h, p->root, 2, 0);
    if (h->next_cnid == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "too many files for HFS+ catalog ids");
        return FALSE;
    }
    /* blessings and Finder codes, by path in the image */
    static const char *const roles[DW_HFS_BLESS_N] = { "ppc_bootdir", "intel_bootfile", "show_folder", "os9_folder",
                                                       "osx_folder" };
    for (int b = 0; b < DW_HFS_BLESS_N; b++) {
        const char *path = p->o.hfs_bless[b];
        if (!path)
            continue;
        dw_anode *n = dw_author_lookup(p, path);
        gboolean want_dir = b != DW_HFS_BLESS_INTEL_BOOTFILE;
        if (!n || (want_dir ? !S_ISDIR(n->mode) : !S_ISREG(n->mode))) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-hfs-bless-by %s %s: %s", roles[b], path,
                        !n ? "no such path in the image" : want_dir ? "not a directory" : "not a regular file");
            return FALSE;
        }
        for (guint i = 0; i < h->recs->len; i++) {
            const hrec *r = &g_array_index(h->recs, hrec, i);
            if (r->node == n && r->kind <= R_FILE)
                h->bless[b] = r->cnid;
        }
        if (!h->bless[b]) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-hfs-bless-by %s %s: not in the HFS+ tree (hidden, or its "
                        "data lies outside the HFS+ volume)", roles[b], path);
            return FALSE;
        }
        for (int o = 0; o < b; o++)
            if (h->bless[o] == h->bless[b]) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-hfs-bless-by: %s bears two blessings (%s and %s)", path,
                            roles[o], roles[b]);
                return FALSE;
            }
    }
    for (size_t i = 0; i < p->o.n_hfs_types; i++) {
        const dw_author_hfs_type *t = &p->o.hfs_types[i];
        dw_anode *n = t->path ? dw_author_lookup(p, t->path) : NULL;
        if (!n || !S_ISREG(n->mode)) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-hfsplus-file-creator-type %.4s %.4s %s: %s", t->creator,
                        t->type, t->path ? t->path : "", n ? "not a regular file" : "no such path in the image");
            return FALSE;
        }
        g_hash_table_insert(h->types, n, g_memdup2(t, sizeof *t));
    }
    if (p->o.hfs_serial_set) {
        memcpy(h->serial, p->o.hfs_serial, 8);
    } else {
        GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
        g_autofree char *s = g_strdup_printf("discwright hfs+|%s|%jd", p->volid, (intmax_t)p->date);
        g_checksum_update(c, (const guchar *)s, -1);
        guint8 d[32];
        gsize dl = sizeof d;
        g_checksum_get_digest(c, d, &dl);
        g_checksum_free(c);
        memcpy(h->serial, d, 8);
    }
    g_array_sort(h->recs, cmp_rec);
    /* the B-tree: leaves, then index levels up to one root node */
    h->levels[0] = pack(h, 0, h->recs->len);
    h->nlevels = 1;
    while (h->levels[h->nlevels - 1]->len > 1) {
        if (h->nlevels == 16) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "the HFS+ catalog is too deep");
            return FALSE;
        }
        h->levels[h->nlevels] = pack(h, h->nlevels, h->levels[h->nlevels - 1]->len);
        h->nlevels++;
    }
    h->nnodes = 1;
    for (int l = 0; l < h->nlevels; l++)
        h->nnodes += h->levels[l]->len;
    if (h->nnodes > MAP_NODES) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "the HFS+ catalog needs %u nodes: this writer keeps them "
                    "in one map record (at most %u, some 100,000 files)", h->nnodes, (unsigned)MAP_NODES);
        return FALSE;
    }
    return TRUE;
}

void dw_hfs_place_head(dw_author_plan *p, uint64_t *lba)
{
    struct dw_hfs *h = p->hfs;
    if (!h)
        return;
    h->start = (uint32_t)*lba;
    uint32_t b = 1 + 2 * h->nnodes;     /* the volume header block, the catalog */
    h->extents_blk = b++;
    h->sl_blk = b;
    for (guint i = 0; i < h->recs->len; i++) {
        hrec *r = &g_array_index(h->recs, hrec, i);
        if (r->kind == R_FILE && r->node->link) {
            r->sl_block = b;
            b += (uint32_t)MAX((strlen(r->node->link) + HBLK - 1) / HBLK, 1);
        }
    }
    h->sl_blocks = b - h->sl_blk;
    *lba += b;
}

void dw_hfs_place_tail(dw_author_plan *p, uint64_t *lba)
{
    struct dw_hfs *h = p->hfs;
    if (!h)
        return;
    uint64_t used = *lba - h->start;
    /* bitmap blocks x: 8 * 2048 * x bits for used + x + 1 blocks */
    uint64_t x = (used + 1) / (8 * HBLK - 1) + 1;
    h->bitmap_blk = (uint32_t)used;
    h->bitmap_blocks = (uint32_t)x;
    h->total = (uint32_t)(used + x + 1);
    *lba += x + 1;
}

gboolean dw_hfs_range(const dw_author_plan *p, uint64_t *start, uint64_t *blocks)
{
    if (!p->hfs)
        return FALSE;
    *start = p->hfs->start;
    *blocks = p->hfs->total;
    return TRUE;
}

/* ---- rendering ---- */

static void be16(guint8 *b, uint16_t v) { dw_be16(b, v); }
static void be32(guint8 *b, uint32_t v) { dw_be32(b, v); }
static void be64(guint8 *b, uint64_t v)
{
    dw_be32(b, (uint32_t)(v >> 32));
    dw_be32(b + 4, (uint32_t)v);
}

static void fork_data(guint8 *f, uint64_t size, uint32_t clump, uint32_t start, uint32_t blocks)
{
    be64(f, size);
    be32(f + 8, clump);
    be32(f + 12, blocks);
    be32(f + 16, blocks ? start : 0);
    be32(f + 20, blocks);
}

static size_t put_key(guint8 *b, const hrec *r)
{
    gboolean thread = r->kind >= R_DTHREAD;
    size_t nl = thread ? 0 : r->nlen;
    be16(b, (uint16_t)(6 + 2 * nl));
    be32(b + 2, r->parent);
    be16(b + 6, (uint16_t)nl);
    for (size_t i = 0; i < nl; i++)
        be16(b + 8 + 2 * i, r->name[i]);
    return 8 + 2 * nl;
}

static size_t put_record(dw_author_plan *p, struct dw_hfs *h, guint8 *b, const hrec *r)
{
    size_t k = put_key(b, r);
    guint8 *d = b + k;
    if (r->kind >= R_DTHREAD) {
        be16(d, r->kind);
        be32(d + 4, r->parent_of);
        be16(d + 8, r->nlen);
        for (guint i = 0; i < r->nlen; i++)
            be16(d + 10 + 2 * i, r->name[i]);
        return k + 10 + 2 * (size_t)r->nlen;
    }
    const dw_anode *n = r->node;
    uint32_t mode, uid, gid;
    dw_author_attrs(p, n, &mode, &uid, &gid);
    be16(d, r->kind);
    be16(d + 2, r->kind == R_FILE ? 2 : 0); /* files: a thread record exists */
    if (r->kind == R_DIR)
        be32(d + 4, r->valence);
    be32(d + 8, r->cnid);
    be32(d + 12, mac_time(n->ctime));
    be32(d + 16, mac_time(n->mtime));
    be32(d + 20, mac_time(n->mtime));
    be32(d + 24, mac_time(n->atime));
    be32(d + 32, uid);
    be32(d + 36, gid);
    be16(d + 42, (uint16_t)mode);
    if (S_ISCHR(n->mode) || S_ISBLK(n->mode))
        be32(d + 44, (uint32_t)n->rdev);
    if (r->kind == R_DIR)
        return k + 88;
    const dw_author_hfs_type *t = g_hash_table_lookup(h->types, n);
    if (n->link) {
        memcpy(d + 48, "slnk", 4);
        memcpy(d + 52, "rhap", 4);
        uint64_t len = strlen(n->link);
        fork_data(d + 88, len, HBLK, r->sl_block, (uint32_t)((len + HBLK - 1) / HBLK));
    } else {
        memcpy(d + 48, t ? t->type : "????", 4);
        memcpy(d + 52, t ? t->creator : "????", 4);
        if (n->file >= 0) {
            const dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
            uint64_t nb = (f->size + HBLK - 1) / HBLK;
            fork_data(d + 88, f->size, HBLK, f->lba - h->start, (uint32_t)MIN(nb, 0xFFFFFFFFu));
        }
    }
    return k + 248;
}

static void node_head(guint8 *b, uint32_t next, uint32_t prev, int8_t kind, guint8 height, uint16_t count)
{
    be32(b, next);
    be32(b + 4, prev);
    b[8] = (guint8)kind;
    b[9] = height;
    be16(b + 10, count);
}

/* The header node of a B-tree (node 0). */
static void header_node(guint8 *b, size_t size, uint16_t depth, uint32_t root, uint32_t leaf_recs, uint32_t first_leaf,
                        uint32_t last_leaf, uint16_t max_key, uint32_t nodes, uint8_t compare, uint32_t attrs)
{
    memset(b, 0, size);
    node_head(b, 0, 0, 1, 0, 3);
    guint8 *hr = b + 14;
    be16(hr, depth);
    be32(hr + 2, root);
    be32(hr + 6, leaf_recs);
    be32(hr + 10, first_leaf);
    be32(hr + 14, last_leaf);
    be16(hr + 18, (uint16_t)size);
    be16(hr + 20, max_key);
    be32(hr + 22, nodes);
    be32(hr + 26, 0);             /* free nodes */
    be32(hr + 32, (uint32_t)size); /* clump size */
    hr[36] = 0;                   /* btree type */
    hr[37] = compare;
    be32(hr + 38, attrs);
    /* map record from 248: one bit per node in use */
    for (uint32_t i = 0; i < nodes; i++)
        b[248 + i / 8] |= (guint8)(0x80 >> (i % 8));
    be16(b + size - 2, 14);
    be16(b + size - 4, 14 + 106);
    be16(b + size - 6, 248);
    be16(b + size - 8, (uint16_t)(size - 8));
}

static void volume_header(dw_author_plan *p, struct dw_hfs *h, guint8 *v)
{
    memset(v, 0, 512);
    be16(v, 0x482B);              /* "H+" */
    be16(v + 2, 4);
    be32(v + 4, 0x100 | 0x8000);  /* cleanly unmounted, software lock */
    memcpy(v + 8, "dwrt", 4);
    uint32_t now = mac_time(p->date);
    be32(v + 16, now);
    be32(v + 20, now);
    be32(v + 28, now);
    be32(v + 32, h->files);
    be32(v + 36, h->folders);
    be32(v + 40, HBLK);
    be32(v + 44, h->total);
    be32(v + 56, HBLK);
    be32(v + 60, HBLK);
    be32(v + 64, h->next_cnid);
    be64(v + 72, 1);              /* encodings: MacRoman */
    be32(v + 80, h->bless[DW_HFS_BLESS_PPC_BOOTDIR]);
    be32(v + 84, h->bless[DW_HFS_BLESS_INTEL_BOOTFILE]);
    be32(v + 88, h->bless[DW_HFS_BLESS_SHOW_FOLDER]);
    be32(v + 92, h->bless[DW_HFS_BLESS_OS9_FOLDER]);
    be32(v + 100, h->bless[DW_HFS_BLESS_OSX_FOLDER]);
    memcpy(v + 104, h->serial, 8);
    uint64_t bitmap_bytes = ((uint64_t)h->total + 7) / 8;
    fork_data(v + 112, bitmap_bytes, HBLK, h->bitmap_blk, h->bitmap_blocks);
    fork_data(v + 192, HBLK, HBLK, h->extents_blk, 1);
    fork_data(v + 272, (uint64_t)h->nnodes * NODE, NODE, 1, 2 * h->nnodes);
}

void dw_hfs_write(dw_author_plan *p)
{
    struct dw_hfs *h = p->hfs;
    if (!h)
        return;
    guint8 *vh = dw_plan_mem(p, h->start, 1);
    volume_header(p, h, vh + 1024);
    /* catalog: header node, index levels from the root down, leaves */
    guint8 *cat = dw_plan_mem(p, h->start + 1, 2 * (uint64_t)h->nnodes);
    uint32_t base[16];
    uint32_t num = 1;
    for (int l = h->nlevels - 1; l >= 0; l--) {
        base[l] = num;
        num += h->levels[l]->len;
    }
    header_node(cat, NODE, (uint16_t)h->nlevels, base[h->nlevels - 1], h->recs->len, base[0],
                base[0] + h->levels[0]->len - 1, 6 + 2 * NAME_MAX_U, h->nnodes, 0xCF, 2 | 4);
    for (int l = h->nlevels - 1; l >= 0; l--) {
        for (guint i = 0; i < h->levels[l]->len; i++) {
            const hnode *nd = &g_array_index(h->levels[l], hnode, i);
            guint8 *b = cat + (size_t)(base[l] + i) * NODE;
            node_head(b, i + 1 < h->levels[l]->len ? base[l] + i + 1 : 0, i ? base[l] + i - 1 : 0, l ? 0 : -1,
                      (guint8)(l + 1), (uint16_t)nd->count);
            size_t off = 14;
            for (guint j = 0; j < nd->count; j++) {
                be16(b + NODE - 2 - 2 * j, (uint16_t)off);
                if (l == 0) {
                    off += put_record(p, h, b + off, &g_array_index(h->recs, hrec, nd->first + j));
                } else {
                    const hnode *child = &g_array_index(h->levels[l - 1], hnode, nd->first + j);
                    const hnode *c = child;
                    for (int q = l - 1; q > 0; q--)
                        c = &g_array_index(h->levels[q - 1], hnode, c->first);
                    off += put_key(b + off, &g_array_index(h->recs, hrec, c->first));
                    be32(b + off, base[l - 1] + nd->first + j);
                    off += 4;
                }
            }
            be16(b + NODE - 2 - 2 * nd->count, (uint16_t)off);
        }
    }
    /* extents overflow: a header node alone */
    header_node(dw_plan_mem(p, h->start + h->extents_blk, 1), HBLK, 0, 0, 0, 0, 0, 10, 1, 0, 2);
    if (h->sl_blocks) {
        guint8 *sl = dw_plan_mem(p, h->start + h->sl_blk, h->sl_blocks);
        for (guint i = 0; i < h->recs->len; i++) {
            const hrec *r = &g_array_index(h->recs, hrec, i);
            if (r->kind == R_FILE && r->node->link)
                memcpy(sl + (size_t)(r->sl_block - h->sl_blk) * HBLK, r->node->link, strlen(r->node->link));
        }
    }
    guint8 *bm = dw_plan_mem(p, h->start + h->bitmap_blk, h->bitmap_blocks);
    memset(bm, 0xFF, h->total / 8);
    if (h->total % 8)
        bm[h->total / 8] = (guint8)(0xFF00 >> (h->total % 8));
    guint8 *alt = dw_plan_mem(p, h->start + h->total - 1, 1);
    volume_header(p, h, alt + 1024);
}

void dw_hfs_free(dw_author_plan *p)
{
    struct dw_hfs *h = p->hfs;
    if (!h)
        return;
    for (guint i = 0; i < h->recs->len; i++) {
        hrec *r = &g_array_index(h->recs, hrec, i);
        if (r->kind <= R_FILE)
            g_free(r->name);
    }
    g_array_unref(h->recs);
    for (int l = 0; l < h->nlevels; l++)
        g_array_unref(h->levels[l]);
    g_hash_table_unref(h->types);
    g_free(h);
    p->hfs = NULL;
}
