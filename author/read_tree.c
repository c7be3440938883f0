/* read_tree.c: one tree of an image as a flat list of entries (parents
 * before their children, each subtree contiguous), for `discwright
 * extract` and `ls`.  The trees themselves are read by our own readers
 * (tree_iso.c: ISO 9660, Joliet, Rock Ridge; tree_udf.c: UDF) from a
 * block source; this file opens the image, picks the tree (auto: Rock
 * Ridge, else Joliet, else plain ISO 9660, else UDF), keeps the bounds
 * every reader shares (metadata blocks read, entries, warnings; see
 * tree_private.h), finds the path asked for, flattens the nodes
 * (iteratively: depth after Rock Ridge relocation is limited to
 * MAX_TOTAL_DEPTH, the bytes of all paths to what the image's size
 * justifies) and groups hard links (files sharing a UDF File Entry, or
 * an ISO extent and size). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <linux/cdrom.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "author/tree_private.h"
#include "discwright/error.h"

#define MAX_TOTAL_DEPTH 256
#define MAX_WARNINGS 200

static const char *const kind_names[] = { "auto", "iso", "joliet", "rr", "udf" };

gboolean dw_tree_kind_parse(const char *s, dw_tree_kind *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(kind_names); i++)
        if (s && g_ascii_strcasecmp(s, kind_names[i]) == 0) {
            *out = (dw_tree_kind)i;
            return TRUE;
        }
    if (s && g_ascii_strcasecmp(s, "iso9660") == 0) {
        *out = DW_TREE_ISO;
        return TRUE;
    }
    return FALSE;
}

const char *dw_tree_kind_name(dw_tree_kind kind)
{
    return (size_t)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : "?";
}

/* ---- the shared context ------------------------------------------------ */

void dw_tree_ctx_init(dw_tree_ctx *c, const dw_tree_src *src, const char *name, dw_tree_kind kind, gboolean force,
                      dw_job *job)
{
    memset(c, 0, sizeof *c);
    c->src = src;
    c->name = name;
    c->kind = kind;
    c->force = force;
    c->job = job;
    c->meta_max = 4 * src->blocks + 1024;
    c->max_entries = (guint)MIN((uint64_t)DW_TREE_MAX_ENTRIES, src->blocks * 2048 / 32 + 16);
    c->dirs_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
}

void dw_tree_ctx_clear(dw_tree_ctx *c)
{
    g_clear_pointer(&c->dirs_seen, g_hash_table_unref);
}

gboolean dw_tree_read_meta(dw_tree_ctx *c, uint64_t lba, uint32_t count, guint8 *out)
{
    if (count == 0 || lba >= c->src->blocks || count > c->src->blocks - lba) {
        memset(out, 0, (size_t)count * 2048);
        return FALSE;
    }
    if (c->meta_read + count > c->meta_max) {
        if (!c->truncated)
            dw_tree_warn(c, "%s: more metadata read than the image holds (%" G_GUINT64_FORMAT " blocks: loops or "
                         "overlapping structures); the rest is left out", c->name, c->meta_read);
        c->truncated = TRUE;
        memset(out, 0, (size_t)count * 2048);
        return FALSE;
    }
    c->meta_read += count;
    if (!c->src->read(c->src->user, lba, count, out)) {
        memset(out, 0, (size_t)count * 2048);
        return FALSE;
    }
    return TRUE;
}

gboolean dw_tree_take_entry(dw_tree_ctx *c)
{
    if (c->count >= c->max_entries) {
        if (!c->truncated)
            dw_tree_warn(c, "%s: more than %u entries; the rest is left out", c->name, c->max_entries);
        c->truncated = TRUE;
        return FALSE;
    }
    c->count++;
    return TRUE;
}

static void warnv(dw_tree_ctx *c, const char *fmt, va_list ap) G_GNUC_PRINTF(2, 0);
static void warnv(dw_tree_ctx *c, const char *fmt, va_list ap)
{
    c->n_warnings++;
    if (c->n_warnings > MAX_WARNINGS) {
        if (c->n_warnings == MAX_WARNINGS + 1)
            dw_job_log(c->job, DW_LOG_WARNING, "%s: more problems; not listed", c->name);
        return;
    }
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    dw_job_log(c->job, DW_LOG_WARNING, "%s", m);
}

void dw_tree_warn(dw_tree_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    warnv(c, fmt, ap);
    va_end(ap);
}

void dw_tree_damaged(dw_tree_ctx *c, dw_rnode *n, const char *fmt, ...)
{
    if (n)
        n->e.damaged = TRUE;
    c->n_damaged++;
    va_list ap;
    va_start(ap, fmt);
    warnv(c, fmt, ap);
    va_end(ap);
}

char *dw_tree_utf16be(const guint8 *p, size_t n)
{
    n &= ~(size_t)1;
    GString *s = g_string_sized_new(n);
    for (size_t i = 0; i < n; i += 2) {
        gunichar u = (gunichar)(p[i] << 8 | p[i + 1]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
            gunichar lo = (gunichar)(p[i + 2] << 8 | p[i + 3]);
            if (lo >= 0xDC00 && lo < 0xE000) {
                g_string_append_unichar(s, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (u == 0 || (u >= 0xD800 && u < 0xE000))
            u = 0xFFFD;
        g_string_append_unichar(s, u);
    }
    return g_string_free(s, FALSE);
}

/* ---- nodes --------------------------------------------------------------- */

dw_rnode *dw_rnode_new(dw_rnode *parent, const char *name)
{
    dw_rnode *n = g_new0(dw_rnode, 1);
    n->e.name = g_strdup(name);
    n->e.parent = -1;
    n->e.hardlink_of = -1;
    n->parent = parent;
    if (parent) {
        if (!parent->kids)
            parent->kids = g_ptr_array_new();
        g_ptr_array_add(parent->kids, n);
    }
    return n;
}

void dw_rnode_free(dw_rnode *top)
{
    if (!top)
        return;
    GPtrArray *stack = g_ptr_array_new();
    g_ptr_array_add(stack, top);
    while (stack->len) {
        dw_rnode *n = g_ptr_array_steal_index_fast(stack, stack->len - 1);
        for (guint i = 0; n->kids && i < n->kids->len; i++)
            g_ptr_array_add(stack, g_ptr_array_index(n->kids, i));
        if (n->kids)
            g_ptr_array_unref(n->kids);
        g_free(n->e.name);
        g_free(n->e.link);
        g_free(n->e.extents);
        g_free(n);
    }
    g_ptr_array_unref(stack);
}

char *dw_rnode_path(const dw_rnode *n)
{
    if (!n || !n->parent)
        return g_strdup("/");
    GString *s = g_string_new(NULL);
    int depth = 0;
    for (; n && n->parent && depth < 1000; n = n->parent, depth++) {
        g_string_prepend(s, n->e.name ? n->e.name : "");
        g_string_prepend_c(s, '/');
    }
    return g_string_free(s, FALSE);
}

void dw_rnode_add_extent(dw_rnode *n, uint32_t lba, uint32_t offset, uint64_t bytes, gboolean zero)
{
    if (bytes == 0)
        return;
    dw_image_entry *e = &n->e;
    e->size += bytes;
    if (e->n_extents) {
        dw_image_extent *last = &e->extents[e->n_extents - 1];
        if (zero && last->zero) {
            last->bytes += bytes;
            return;
        }
        if (!zero && !last->zero && offset == 0 && last->offset == 0 && last->bytes % 2048 == 0 &&
            (uint64_t)last->lba + last->bytes / 2048 == lba) {
            last->bytes += bytes;
            return;
        }
    }
    size_t k = e->n_extents;
    if (k == 0 || (k & (k - 1)) == 0)        /* capacity doubles at powers of two */
        e->extents = g_renew(dw_image_extent, e->extents, k ? 2 * k : 1);
    e->extents[k] = (dw_image_extent){ .lba = zero ? 0 : lba, .offset = offset, .bytes = bytes, .zero = zero };
    e->n_extents = k + 1;
}

/* ---- flattening ---------------------------------------------------------- */

typedef struct {
    dw_rnode *n;
    int parent;
    int depth;
} fl_item;

static void flatten(dw_tree_ctx *c, dw_rnode *top, const char *top_path, uint64_t image_bytes, GArray *out,
                    uint64_t *bytes)
{
    uint64_t cap = MIN((uint64_t)1 << 30, MAX((uint64_t)32 << 20, 32 * image_bytes)), used = 0;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(fl_item));
    fl_item first = { top, -1, 0 };
    g_array_append_val(stack, first);
    gboolean deep_warned = FALSE;
    while (stack->len) {
        fl_item it = g_array_index(stack, fl_item, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        dw_rnode *n = it.n;
        if (n->hidden)
            continue;
        if (it.depth > MAX_TOTAL_DEPTH) {
            if (!deep_warned)
                dw_tree_warn(c, "%s: more than %d levels (after Rock Ridge relocation); the deeper entries are left "
                             "out", c->name, MAX_TOTAL_DEPTH);
            deep_warned = TRUE;
            c->n_damaged++;
            continue;
        }
        const char *pp = it.parent < 0 ? NULL : g_array_index(out, dw_image_entry, it.parent).path;
        char *path = pp ? g_strdup_printf("%s/%s", strcmp(pp, "/") ? pp : "", n->e.name) : g_strdup(top_path);
        used += strlen(path) + 1;
        if (used > cap) {
            dw_tree_warn(c, "%s: the paths of the entries take more than %" G_GUINT64_FORMAT " MiB; the rest is left "
                         "out", c->name, cap >> 20);
            c->truncated = TRUE;
            g_free(path);
            break;
        }
        dw_image_entry e = n->e;
        e.parent = it.parent;
        e.path = path;
        n->e.name = NULL;
        n->e.link = NULL;
        n->e.extents = NULL;
        if (e.type == DW_ENTRY_FILE) {
            *bytes += e.size;
            if (!e.data_id && e.n_extents && !e.extents[0].zero)
                e.data_id = (uint64_t)e.extents[0].lba + 1;   /* ISO: records sharing an extent share the data */
        } else {
            g_free(e.extents);
            e.extents = NULL;
            e.n_extents = 0;
        }
        g_array_append_val(out, e);
        int me = (int)out->len - 1;
        for (guint i = n->kids ? n->kids->len : 0; i > 0; i--) {
            fl_item k = { g_ptr_array_index(n->kids, i - 1), me, it.depth + 1 };
            g_array_append_val(stack, k);
        }
    }
    g_array_free(stack, TRUE);
}

/* Hard links: file entries sharing a data_id (and a size). */
static void find_hardlinks(dw_image_tree *t)
{
    GHashTable *first = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    for (size_t i = 0; i < t->n; i++) {
        dw_image_entry *e = &t->entries[i];
        if (e->type != DW_ENTRY_FILE || !e->data_id || !e->size)
            continue;
        gpointer v = g_hash_table_lookup(first, &e->data_id);
        if (v && t->entries[GPOINTER_TO_INT(v) - 1].size == e->size) {
            e->hardlink_of = GPOINTER_TO_INT(v) - 1;
        } else if (!v) {
            gint64 *k = g_new(gint64, 1);
            *k = (gint64)e->data_id;
            g_hash_table_insert(first, k, GINT_TO_POINTER((int)i + 1));
        }
    }
    g_hash_table_unref(first);
}

static dw_rnode *find_path(dw_rnode *root, const char *path)
{
    dw_rnode *cur = root;
    g_auto(GStrv) parts = g_strsplit(path ? path : "/", "/", -1);
    for (int i = 0; parts[i]; i++) {
        if (!*parts[i] || !strcmp(parts[i], "."))
            continue;
        dw_rnode *next = NULL;
        for (guint k = 0; cur->kids && k < cur->kids->len && !next; k++) {
            dw_rnode *c = g_ptr_array_index(cur->kids, k);
            if (!c->hidden && strcmp(c->e.name, parts[i]) == 0)
                next = c;
        }
        if (!next)
            return NULL;
        cur = next;
    }
    return cur;
}

/* ---- reading ------------------------------------------------------------- */

dw_image_tree *dw_tree_read_src(const dw_tree_src *src, const char *name, dw_tree_kind kind, const char *path,
                                dw_tree_flags flags, dw_job *job, GError **error)
{
    dw_tree_ctx c;
    dw_tree_ctx_init(&c, src, name, kind, (flags & DW_TREE_READ_DAMAGED) != 0, job);
    dw_iso_vols v = { 0 };
    gboolean have_vols = FALSE;
    if (kind == DW_TREE_AUTO) {
        /* Rock Ridge, else Joliet, else plain ISO 9660, else UDF. */
        have_vols = TRUE;
        if (dw_tree_iso_vols(&c, &v)) {
            c.kind = v.rr ? DW_TREE_RR : v.joliet_level ? DW_TREE_JOLIET : DW_TREE_ISO;
            /* A UDF-only image has a PVD with an empty root: prefer its UDF tree. */
            if (c.kind == DW_TREE_ISO && dw_tree_udf_probe(&c))
                c.kind = DW_TREE_UDF;
        } else if (dw_tree_udf_probe(&c)) {
            c.kind = DW_TREE_UDF;
        } else {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no ISO 9660 or UDF file system", name);
            dw_tree_ctx_clear(&c);
            return NULL;
        }
    }
    dw_rnode *root = dw_rnode_new(NULL, "");
    root->e.type = DW_ENTRY_DIR;
    guint relocated = 0;
    gboolean ok = TRUE;
    if (c.kind == DW_TREE_UDF) {
        ok = dw_tree_udf_read(&c, root, error);
    } else {
        if (!have_vols && !dw_tree_iso_vols(&c, &v)) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                        "%s: no ISO 9660 file system (no volume descriptor at block 16)", name);
            ok = FALSE;
        } else if (c.kind == DW_TREE_JOLIET && !v.joliet_level) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no Joliet tree", name);
            ok = FALSE;
        } else if (c.kind == DW_TREE_RR && !v.rr) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no Rock Ridge entries", name);
            ok = FALSE;
        } else {
            relocated = dw_tree_iso_read(&c, &v, root);
        }
    }
    if (!ok) {
        dw_rnode_free(root);
        dw_tree_ctx_clear(&c);
        return NULL;
    }
    dw_rnode *top = find_path(root, path);
    if (!top) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no %s in the %s tree", name, path,
                    dw_tree_kind_name(c.kind));
        dw_rnode_free(root);
        dw_tree_ctx_clear(&c);
        return NULL;
    }
    dw_image_tree *t = g_new0(dw_image_tree, 1);
    t->kind = c.kind;
    t->image = g_strdup(name);
    t->n_relocated = relocated;
    t->image_bytes = src->blocks * 2048;
    GArray *out = g_array_new(FALSE, TRUE, sizeof(dw_image_entry));
    char *top_path = dw_rnode_path(top);
    flatten(&c, top, top_path, t->image_bytes, out, &t->total_bytes);
    g_free(top_path);
    dw_rnode_free(root);
    t->n = out->len;
    t->entries = (dw_image_entry *)(void *)g_array_free(out, FALSE);
    t->n_damaged = c.n_damaged + (c.truncated ? 1 : 0);
    find_hardlinks(t);
    dw_tree_ctx_clear(&c);
    return t;
}

/* The image or device, read in place.  On a multisession disc the newest
 * tree's volume descriptors sit at the last session's start + 16 and every
 * address in that tree is absolute: blocks 16 .. 16 + vds are read from
 * msc1 + 16 .., every other block at its own address.  (Before, a sparse
 * temporary "session view" file did this for libiso9660.) */
typedef struct {
    int fd;
    uint32_t msc1, vds;
} image_src;

static gboolean pread_exact(int fd, guint8 *out, size_t want, uint64_t at)
{
    size_t got = 0;
    while (got < want) {
        ssize_t n = pread(fd, out + got, want - got, (off_t)(at + got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        got += (size_t)n;
    }
    return TRUE;
}

static gboolean pread_blocks(void *user, uint64_t lba, uint32_t count, guint8 *out)
{
    const image_src *s = user;
    if (!s->vds || lba + count <= 16 || lba >= 16u + s->vds)
        return pread_exact(s->fd, out, (size_t)count * 2048, lba * 2048);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t b = lba + i;
        if (b >= 16 && b < 16u + s->vds)
            b += s->msc1;
        if (!pread_exact(s->fd, out + (size_t)i * 2048, 2048, b * 2048))
            return FALSE;
    }
    return TRUE;
}

/* A drive's last session start (CDROMMULTISESSION), 0 for a file or a
 * single-session disc; then how many volume descriptors from msc1 + 16 up
 * to and with the terminator (at most 64; 0 when none is there). */
static void find_last_session(image_src *s, const struct stat *st, uint64_t blocks)
{
    if (!(S_ISBLK(st->st_mode) || S_ISCHR(st->st_mode)))
        return;
    struct cdrom_multisession ms;
    memset(&ms, 0, sizeof ms);
    ms.addr_format = CDROM_LBA;
    if (ioctl(s->fd, CDROMMULTISESSION, &ms) != 0 || ms.addr.lba <= 0)
        return;
    uint32_t msc1 = (uint32_t)ms.addr.lba;
    guint8 b[2048];
    for (uint32_t i = 0; i < 64 && (uint64_t)msc1 + 16 + i < blocks; i++) {
        if (!pread_exact(s->fd, b, sizeof b, ((uint64_t)msc1 + 16 + i) * 2048) || memcmp(b + 1, "CD001", 5) != 0)
            return;
        if (b[0] == 255) {
            s->msc1 = msc1;
            s->vds = i + 1;
            return;
        }
    }
}

dw_image_tree *dw_image_tree_read(const char *image, dw_tree_kind kind, const char *path, dw_tree_flags flags,
                                  dw_job *job, GError **error)
{
    const char *file = g_str_has_prefix(image, "stdio:") ? image + 6 : image;
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        int err = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", file,
                    err == ENOENT ? "no such file or device" : g_strerror(err));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (S_ISBLK(st.st_mode)) {
        off_t end = lseek(fd, 0, SEEK_END);
        size = end > 0 ? (uint64_t)end : 0;
    }
    image_src is = { .fd = fd };
    find_last_session(&is, &st, size / 2048);
    if (is.vds)
        dw_job_log(job, DW_LOG_INFO, "%s: reading the newest of its sessions (from LBA %u)", file, is.msc1);
    dw_tree_src src = { pread_blocks, &is, size / 2048 };
    dw_image_tree *t = dw_tree_read_src(&src, file, kind, path, flags, job, error);
    if (t)
        t->image_bytes = size;
    close(fd);
    return t;
}

void dw_image_tree_free(dw_image_tree *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        g_free(t->entries[i].path);
        g_free(t->entries[i].name);
        g_free(t->entries[i].link);
        g_free(t->entries[i].extents);
    }
    g_free(t->entries);
    g_free(t->image);
    g_free(t);
}
