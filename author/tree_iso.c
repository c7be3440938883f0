/* tree_iso.c: the ISO 9660, Joliet and Rock Ridge trees of an image, read
 * with our own bounds-checked reader for `discwright ls` and `extract`
 * (libiso9660 2.1.0 overflows on malformed records, so it never sees
 * the image).
 *
 * The volume descriptors from block 16 give the primary root (PVD) and
 * the Joliet root (an SVD with a UCS-2 escape sequence).  Directory
 * extents are read whole (at most DW_TREE_MAX_DIR_BYTES, cut to the
 * image) and decoded by rr_read.c with their Rock Ridge entries.  Names:
 * ISO 9660 ones as libiso9660 shows them ("NAME.EXT;1" -> "name.ext"),
 * Joliet ones from UTF-16BE (a character that does not decode becomes
 * U+FFFD), Rock Ridge NM; modes, links and times from PX and TF.  The
 * records of a multi-extent file (flag 0x80) are joined in order.  Each
 * file extent must lie inside the image: one that starts outside is left
 * out, one that runs past the end is cut, and the entry is marked
 * damaged.  Directories are read once each (by extent: a loop ends
 * there), to DW_TREE_MAX_DEPTH levels.
 *
 * Rock Ridge relocation (RRIP 1.12 4.1.5) is undone: a placeholder (a
 * record with CL, or a file record whose PX says directory) is paired
 * with the directory under a root-level rr_moved (or RE) that starts at
 * the CL extent (or the placeholder's own, as older writers do), failing
 * that one of the same name; rr_moved is hidden when every directory in
 * it was claimed.  A target that is an ancestor of its placeholder (a
 * hostile loop) is refused. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "author/rr_read.h"
#include "author/tree_private.h"

static uint32_t le32(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static gboolean ce_read(void *user, uint32_t lba, guint8 out[2048])
{
    return dw_tree_read_meta(user, lba, 1, out);
}

gboolean dw_tree_iso_vols(dw_tree_ctx *c, dw_iso_vols *v)
{
    memset(v, 0, sizeof *v);
    guint8 b[2048];
    for (uint64_t lba = 16; lba < 16 + 64 && lba < c->src->blocks; lba++) {
        if (!dw_tree_read_meta(c, lba, 1, b) || memcmp(b + 1, "CD001", 5) != 0 || b[0] == 255)
            break;
        if (b[0] == 1 && !v->pvd) {
            v->pvd = TRUE;
            v->root_lba = le32(b + 156 + 2);
            v->root_size = le32(b + 156 + 10);
        } else if (b[0] == 2 && !v->joliet_level && b[88] == '%' && b[89] == '/' &&
                   (b[90] == '@' || b[90] == 'C' || b[90] == 'E')) {
            v->joliet_level = b[90] == '@' ? 1 : b[90] == 'C' ? 2 : 3;
            v->jroot_lba = le32(b + 156 + 2);
            v->jroot_size = le32(b + 156 + 10);
        }
    }
    /* Rock Ridge: SP in the root's "." (with the System Use skip), or RR
     * entries in the records of the root's first block. */
    if (v->pvd && v->root_size > 0 && v->root_lba < c->src->blocks && dw_tree_read_meta(c, v->root_lba, 1, b)) {
        size_t n = 0;
        dw_rr_record *r = dw_rr_dir_parse(b, MIN(v->root_size, 2048u), 0, ce_read, c, &n);
        if (n > 0 && r[0].sp) {
            v->rr = TRUE;
            v->sp_skip = r[0].sp_skip;
        }
        for (size_t i = 0; i < n; i++)
            v->rr |= r[i].rr;
        dw_rr_records_free(r, n);
    }
    return v->pvd;
}

/* The records of the directory extent (lba, size) of dir; NULL (n = 0)
 * when it cannot be read. */
static dw_rr_record *read_dir(dw_tree_ctx *c, dw_rnode *dir, uint32_t lba, uint32_t size, size_t skip, size_t *n)
{
    *n = 0;
    g_autofree char *path = dw_rnode_path(dir);
    if (size == 0 || (uint64_t)lba >= c->src->blocks) {
        dw_tree_damaged(c, dir, "%s: directory extent (block %u, %u bytes) is outside the image; not read", path, lba,
                        size);
        return NULL;
    }
    uint64_t blocks = ((uint64_t)size + 2047) / 2048;
    if (size > DW_TREE_MAX_DIR_BYTES) {
        dw_tree_damaged(c, dir, "%s: directory of %u bytes; only the first %u read", path, size,
                        DW_TREE_MAX_DIR_BYTES);
        blocks = DW_TREE_MAX_DIR_BYTES / 2048;
    }
    if (lba + blocks > c->src->blocks) {
        dw_tree_damaged(c, dir, "%s: directory extent runs past the end of the image; cut", path);
        blocks = c->src->blocks - lba;
    }
    guint8 *buf = g_try_malloc((size_t)blocks * 2048);
    if (!buf || !dw_tree_read_meta(c, lba, (uint32_t)blocks, buf)) {
        dw_tree_warn(c, "%s: directory at block %u not readable", path, lba);
        g_free(buf);
        return NULL;
    }
    dw_rr_record *r = dw_rr_dir_parse(buf, (size_t)blocks * 2048, skip, ce_read, c, n);
    g_free(buf);
    return r;
}

/* "NAME.EXT;1" -> "name.ext", as libiso9660's iso9660_name_translate_ext
 * shows plain ISO 9660 names (a NUL ends the name). */
static char *iso_name(const dw_rr_record *r)
{
    size_t len = strnlen(r->iso_id, r->id_len);
    GString *s = g_string_sized_new(len);
    for (size_t i = 0; i < len; i++) {
        char ch = r->iso_id[i];
        if (ch == '.' && i + 3 == len && r->iso_id[i + 1] == ';' && r->iso_id[i + 2] == '1')
            break;
        if (ch == ';' && i + 2 == len && r->iso_id[i + 1] == '1')
            break;
        if (ch == ';')
            ch = '.';
        g_string_append_c(s, g_ascii_tolower(ch));
    }
    return g_string_free(s, FALSE);
}

/* A Joliet name: UTF-16BE (see dw_tree_utf16be), ";N" cut. */
static char *joliet_name(const dw_rr_record *r)
{
    char *s = dw_tree_utf16be((const guint8 *)r->iso_id, r->id_len);
    char *semi = strrchr(s, ';');
    if (semi && semi != s && semi[1] && strspn(semi + 1, "0123456789") == strlen(semi + 1))
        *semi = '\0';
    return s;
}

static void set_time(dw_rnode *n, const dw_rr_record *r, gboolean rr)
{
    if (rr && r->has_mtime) {
        n->e.mtime = r->mtime;
        n->e.has_mtime = TRUE;
        return;
    }
    n->e.has_mtime = dw_rr_date7(r->date, &n->e.mtime);
}

/* The data of a file record: its extent, inside the image. */
static void file_extent(dw_tree_ctx *c, dw_rnode *n, uint32_t lba, uint32_t size)
{
    if (size == 0)
        return;
    if ((uint64_t)lba >= c->src->blocks) {
        g_autofree char *path = dw_rnode_path(n);
        dw_tree_damaged(c, n, "%s: data at block %u lies outside the image (%" G_GUINT64_FORMAT " blocks); left out",
                        path, lba, c->src->blocks);
        return;
    }
    uint64_t avail = (c->src->blocks - lba) * 2048;
    if (size > avail) {
        g_autofree char *path = dw_rnode_path(n);
        dw_tree_damaged(c, n, "%s: data at block %u runs past the end of the image (%u bytes claimed, %" G_GUINT64_FORMAT
                        " there); cut", path, lba, size, avail);
        size = (uint32_t)avail;
    }
    dw_rnode_add_extent(n, lba, 0, size, FALSE);
}

/* One record into dir; returns its node (NULL when left out). */
static dw_rnode *entry(dw_tree_ctx *c, dw_rnode *dir, const dw_rr_record *r)
{
    gboolean rr = c->kind == DW_TREE_RR && r->rr;
    g_autofree char *name = c->kind == DW_TREE_JOLIET ? joliet_name(r) : rr && r->nm ? g_strdup(r->nm) : iso_name(r);
    if (!dw_tree_take_entry(c))
        return NULL;
    dw_rnode *n = dw_rnode_new(dir, name);
    n->lsn = r->extent;
    set_time(n, r, rr);
    gboolean is_dir = (r->flags & 0x02) != 0;
    if (rr) {
        uint32_t m = r->px ? r->mode : 0;
        n->e.mode = m;
        n->e.nlink = r->px ? r->nlink : 0;
        n->re = r->re;
        n->cl = r->cl;
        n->cl_lba = r->link_lba;
        if ((S_ISDIR(m) && !is_dir) || r->cl) {
            n->placeholder = TRUE;
            n->e.type = DW_ENTRY_DIR;
        } else if (S_ISLNK(m)) {
            n->e.type = DW_ENTRY_SYMLINK;
            n->e.link = g_strdup(r->sl ? r->sl : "");
            n->e.size = strlen(n->e.link);
        } else if (S_ISDIR(m) || is_dir) {
            n->e.type = DW_ENTRY_DIR;
            n->dir_size = r->size;
        } else if (S_ISREG(m) || (m & S_IFMT) == 0) {
            n->e.type = DW_ENTRY_FILE;
        } else {
            n->e.type = DW_ENTRY_SPECIAL;
        }
    } else {
        n->e.type = is_dir ? DW_ENTRY_DIR : DW_ENTRY_FILE;
        n->dir_size = r->size;
    }
    if (n->e.type == DW_ENTRY_FILE)
        file_extent(c, n, r->extent, r->size);
    return n;
}

typedef struct {
    dw_rnode *node;
    uint32_t size;
    int depth;
} pending;

/* Read the tree below root (extent lba, size) depth first. */
static void walk(dw_tree_ctx *c, dw_rnode *root, uint32_t size, size_t skip)
{
    GArray *todo = g_array_new(FALSE, FALSE, sizeof(pending));
    pending top = { root, size, 0 };
    g_array_append_val(todo, top);
    while (todo->len) {
        pending p = g_array_index(todo, pending, todo->len - 1);
        g_array_set_size(todo, todo->len - 1);
        dw_rnode *dir = p.node;
        if (p.depth > DW_TREE_MAX_DEPTH) {
            g_autofree char *path = dw_rnode_path(dir);
            dw_tree_warn(c, "%s: more than %d levels; not read", path, DW_TREE_MAX_DEPTH);
            continue;
        }
        if (g_hash_table_contains(c->dirs_seen, GSIZE_TO_POINTER((gsize)dir->lsn + 1))) {
            g_autofree char *path = dw_rnode_path(dir);
            dw_tree_warn(c, "%s: directory at block %u already read (a loop or a shared directory); left empty", path,
                         dir->lsn);
            continue;
        }
        g_hash_table_add(c->dirs_seen, GSIZE_TO_POINTER((gsize)dir->lsn + 1));
        size_t n = 0;
        dw_rr_record *r = read_dir(c, dir, dir->lsn, p.size, skip, &n);
        dw_rnode *prev = NULL;
        gboolean prev_more = FALSE;
        const dw_rr_record *prev_rec = NULL;
        guint first_kid = dir->kids ? dir->kids->len : 0;
        for (size_t i = 0; i < n; i++) {
            const dw_rr_record *x = &r[i];
            if (x->id_len == 1 && (x->iso_id[0] == 0 || x->iso_id[0] == 1)) {
                if (i == 0 && dir == root) {   /* the root's "." holds its own attributes */
                    gboolean rr = c->kind == DW_TREE_RR && x->rr;
                    set_time(dir, x, rr);
                    if (rr && x->px)
                        dir->e.mode = x->mode;
                }
                prev = NULL;
                continue;
            }
            if (x->flags & 0x04) {   /* associated file (a Macintosh resource fork) */
                prev = NULL;
                continue;
            }
            /* The next extent of a multi-extent file: the same identifier after a record with 0x80. */
            if (prev && prev_more && prev->e.type == DW_ENTRY_FILE && !(x->flags & 0x02) &&
                x->id_len == prev_rec->id_len && memcmp(x->iso_id, prev_rec->iso_id, x->id_len) == 0) {
                file_extent(c, prev, x->extent, x->size);
            } else {
                prev = entry(c, dir, x);
                if (!prev)
                    break;
            }
            prev_more = (x->flags & 0x80) != 0;
            prev_rec = x;
        }
        /* Subdirectories, in order (pushed in reverse). */
        for (guint k = dir->kids ? dir->kids->len : 0; k > first_kid; k--) {
            dw_rnode *kid = g_ptr_array_index(dir->kids, k - 1);
            if (kid->e.type != DW_ENTRY_DIR || kid->placeholder)
                continue;
            pending q = { kid, kid->dir_size, p.depth + 1 };
            g_array_append_val(todo, q);
        }
        dw_rr_records_free(r, n);
    }
    g_array_free(todo, TRUE);
}

static gboolean is_ancestor(const dw_rnode *a, const dw_rnode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return TRUE;
    return FALSE;
}

/* Put relocated directories back where their placeholders stand. */
static guint undo_relocation(dw_tree_ctx *c, dw_rnode *root)
{
    dw_rnode *moved = NULL;
    for (guint i = 0; root->kids && i < root->kids->len; i++) {
        dw_rnode *k = g_ptr_array_index(root->kids, i);
        if (k->e.type == DW_ENTRY_DIR && !k->placeholder &&
            (k->re || !g_ascii_strcasecmp(k->e.name, "rr_moved") || !g_ascii_strcasecmp(k->e.name, ".rr_moved")))
            moved = k;
    }
    GPtrArray *ph = g_ptr_array_new();
    GPtrArray *stack = g_ptr_array_new();
    g_ptr_array_add(stack, root);
    while (stack->len) {
        dw_rnode *d = g_ptr_array_steal_index_fast(stack, stack->len - 1);
        for (guint i = 0; d->kids && i < d->kids->len; i++) {
            dw_rnode *k = g_ptr_array_index(d->kids, i);
            if (k->placeholder)
                g_ptr_array_add(ph, k);
            else if (k->e.type == DW_ENTRY_DIR)
                g_ptr_array_add(stack, k);
        }
    }
    g_ptr_array_unref(stack);
    guint n = 0;
    for (guint i = 0; i < ph->len; i++) {
        dw_rnode *p = g_ptr_array_index(ph, i);
        dw_rnode *target = NULL;
        for (int pass = 0; moved && moved->kids && !target && pass < 2; pass++)
            for (guint j = 0; j < moved->kids->len && !target; j++) {
                dw_rnode *k = g_ptr_array_index(moved->kids, j);
                if (k->e.type != DW_ENTRY_DIR || k->placeholder || k->hidden)
                    continue;
                if (pass == 0 ? k->lsn == (p->cl ? p->cl_lba : p->lsn) : g_ascii_strcasecmp(k->e.name, p->e.name) == 0)
                    target = k;
            }
        p->placeholder = FALSE;
        if (!target || is_ancestor(target, p)) {
            g_autofree char *path = dw_rnode_path(p);
            if (target)
                dw_tree_damaged(c, p, "%s: relocated directory is above it (a loop); left empty", path);
            else
                dw_tree_warn(c, "%s: relocated directory not found; left empty", path);
            continue;
        }
        /* Move target's children under the placeholder, which becomes the directory. */
        p->kids = target->kids;
        target->kids = NULL;
        for (guint j = 0; p->kids && j < p->kids->len; j++)
            ((dw_rnode *)g_ptr_array_index(p->kids, j))->parent = p;
        p->e.mode = target->e.mode ? target->e.mode : p->e.mode;
        if (target->e.has_mtime) {
            p->e.mtime = target->e.mtime;
            p->e.has_mtime = TRUE;
        }
        target->hidden = TRUE;
        n++;
    }
    g_ptr_array_unref(ph);
    if (moved) {
        gboolean all = TRUE;
        for (guint j = 0; moved->kids && j < moved->kids->len; j++)
            all &= ((dw_rnode *)g_ptr_array_index(moved->kids, j))->hidden;
        if (all && (n > 0 || !moved->kids || moved->re))
            moved->hidden = TRUE;
    }
    return n;
}

guint dw_tree_iso_read(dw_tree_ctx *c, const dw_iso_vols *v, dw_rnode *root)
{
    gboolean joliet = c->kind == DW_TREE_JOLIET;
    root->lsn = joliet ? v->jroot_lba : v->root_lba;
    uint32_t size = joliet ? v->jroot_size : v->root_size;
    walk(c, root, size, c->kind == DW_TREE_RR ? v->sp_skip : 0);
    return c->kind == DW_TREE_RR ? undo_relocation(c, root) : 0;
}
