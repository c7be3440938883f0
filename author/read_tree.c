/* read_tree.c: one tree of an image as a flat list of entries (parents
 * before their children, each subtree contiguous), for `discwright
 * extract` and `ls --tree`.
 *
 * ISO 9660, Joliet and Rock Ridge come from libiso9660 (opened with the
 * extension mask that selects the tree); the data of files is located
 * by their extents and read by the caller.  libcdio 2.1 lists each
 * extent of a multi-extent file as its own entry with the same name:
 * consecutive file entries with one name are joined in order.  Rock
 * Ridge relocation (RRIP 1.12 4.1.5) is undone: libiso9660 does not
 * report CL, so a placeholder is recognised as a file record whose PX
 * says directory, and paired with the directory under a root-level
 * rr_moved that starts at the same extent (discwright, xorriso) or,
 * failing that, has the same name there; rr_moved is hidden when every
 * directory in it was claimed.  UDF comes from libudfread (names, types
 * and data; libudfread 1.1 reports no modes, times or symlinks).
 *
 * Bounded: at most MAX_ENTRIES entries and MAX_DEPTH levels; a
 * directory extent met twice (a loop) is not read again. */
#include "config.h"

#include <cdio/iso9660.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <udfread/udfread.h>

#include "discwright/error.h"
#include "discwright/extract.h"
#include "discwright/isosession.h"
#include "author/rr_read.h"
#include "author/udf_attrs.h"
#include "disc/cdio_log.h"

#include <fcntl.h>
#include <unistd.h>

#define MAX_ENTRIES 2000000
#define MAX_DEPTH 64

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

/* While reading: a node with its children, flattened at the end. */
typedef struct rnode rnode;
struct rnode {
    dw_image_entry e;
    char *raw;                   /* path to hand back to the library ("/A/B") */
    GPtrArray *kids;
    rnode *parent;
    gboolean placeholder;        /* Rock Ridge: a relocated directory's stand-in */
    gboolean cl, re;             /* Rock Ridge CL (with cl_lba) and RE, from our own reader */
    uint32_t cl_lba;
    uint32_t dir_size;           /* directories: extent size ("." record) */
    gboolean hidden;
    uint32_t lsn;
};

typedef struct {
    iso9660_t *iso;
    udfread *udf;
    dw_tree_kind kind;
    uint8_t joliet_level;
    GHashTable *dir_lsns;        /* directories read (loop guard) */
    guint count;
    gboolean truncated;
    dw_job *job;
} rctx;

static rnode *rnode_new(rnode *parent, const char *name, const char *raw)
{
    rnode *n = g_new0(rnode, 1);
    n->e.name = g_strdup(name);
    n->e.parent = -1;
    n->e.hardlink_of = -1;
    n->raw = g_strdup(raw);
    n->parent = parent;
    if (parent) {
        if (!parent->kids)
            parent->kids = g_ptr_array_new();
        g_ptr_array_add(parent->kids, n);
    }
    return n;
}

static void rnode_free(rnode *n)
{
    if (!n)
        return;
    for (guint i = 0; n->kids && i < n->kids->len; i++)
        rnode_free(g_ptr_array_index(n->kids, i));
    if (n->kids)
        g_ptr_array_unref(n->kids);
    g_free(n->raw);
    g_free(n->e.name);
    g_free(n->e.link);
    g_free(n->e.extents);
    g_free(n);
}

static gboolean tm_to_time(const struct tm *tm_in, int64_t *out)
{
    struct tm tm = *tm_in;
    time_t t = timegm(&tm);
    if (t == (time_t)-1 && tm.tm_year != 69)
        return FALSE;
    *out = (int64_t)t;
    return TRUE;
}

static void iso_times(const iso9660_stat_t *st, gboolean rr, dw_image_entry *e)
{
    struct tm tm;
    if (rr && st->rr.modify.b_used) {
        memset(&tm, 0, sizeof tm);
        gboolean ok = st->rr.modify.b_longdate ? iso9660_get_ltime(&st->rr.modify.t.ltime, &tm)
                                               : iso9660_get_dtime(&st->rr.modify.t.dtime, false, &tm);
        if (ok && tm_to_time(&tm, &e->mtime)) {
            e->has_mtime = TRUE;
            return;
        }
    }
    e->has_mtime = tm_to_time(&st->tm, &e->mtime);
}

static void add_extent(dw_image_entry *e, uint32_t lba, uint64_t bytes)
{
    e->extents = g_renew(dw_image_extent, e->extents, e->n_extents + 1);
    e->extents[e->n_extents].lba = lba;
    e->extents[e->n_extents].bytes = bytes;
    e->n_extents++;
    e->size += bytes;
}

static void iso_read_dir(rctx *c, rnode *dir, int depth);

/* One libiso9660 entry into dir; returns the node (or the one it joined). */
static rnode *iso_entry(rctx *c, rnode *dir, iso9660_stat_t *st, rnode *prev, const dw_rr_record *r)
{
    gboolean rr = c->kind == DW_TREE_RR && st->rr.b3_rock == yep;
    char name[1024];
    if (rr) {
        g_strlcpy(name, r && r->nm ? r->nm : st->filename, sizeof name);
    } else if (c->kind == DW_TREE_JOLIET) {
        /* UCS-2BE from the record itself (libiso9660 cuts names whose
         * UTF-8 is longer than their UCS-2); ";1" dropped. */
        char *u = r ? g_convert(r->iso_id, (gssize)(r->id_len & ~(size_t)1), "UTF-8", "UTF-16BE", NULL, NULL, NULL)
                    : NULL;
        g_strlcpy(name, u ? u : st->filename, sizeof name);
        g_free(u);
        char *semi = strrchr(name, ';');
        if (semi && semi != name && semi[1] && strspn(semi + 1, "0123456789") == strlen(semi + 1))
            *semi = '\0';
    } else {
        /* "NAME.EXT;1" -> "name.ext", from the record (libiso9660 hands
         * out Rock Ridge names whatever the extension mask). */
        char tmp[256];
        g_strlcpy(tmp, r && !memchr(r->iso_id, 0, r->id_len) ? r->iso_id : st->filename, sizeof tmp);
        iso9660_name_translate_ext(tmp, name, 0);
    }
    gboolean is_dir = st->type == _STAT_DIR;
    /* libcdio 2.1: the extents of a multi-extent file come as entries of one name. */
    if (prev && !is_dir && prev->e.type == DW_ENTRY_FILE && prev->e.n_extents > 0 &&
        strcmp(prev->e.name, name) == 0) {
        add_extent(&prev->e, (uint32_t)st->lsn, st->size);
        return prev;
    }
    if (++c->count > MAX_ENTRIES) {
        c->truncated = TRUE;
        return NULL;
    }
    g_autofree char *raw = g_strdup_printf("%s/%s", dir->raw, st->filename);
    rnode *n = rnode_new(dir, name, raw);
    n->lsn = (uint32_t)st->lsn;
    iso_times(st, rr, &n->e);
    if (rr) {
        uint32_t m = (uint32_t)st->rr.st_mode;
        n->e.mode = m;
        n->e.nlink = (uint32_t)st->rr.st_nlinks;
        if (r) {
            n->re = r->re;
            n->cl = r->cl;
            n->cl_lba = r->link_lba;
        }
        if ((S_ISDIR(m) && !is_dir) || n->cl) {
            n->placeholder = TRUE;
            n->e.type = DW_ENTRY_DIR;
        } else if (S_ISLNK(m)) {
            n->e.type = DW_ENTRY_SYMLINK;
            n->e.link = st->rr.psz_symlink ? g_strndup(st->rr.psz_symlink, (gsize)MAX(st->rr.i_symlink, 0))
                                           : g_strdup("");
            if (!*n->e.link && r && r->sl) {
                g_free(n->e.link);
                n->e.link = g_strdup(r->sl);
            }
            n->e.size = strlen(n->e.link);
            n->e.size = strlen(n->e.link);
        } else if (S_ISDIR(m) || is_dir) {
            n->e.type = DW_ENTRY_DIR;
        } else if (S_ISREG(m) || (m & S_IFMT) == 0) {
            n->e.type = DW_ENTRY_FILE;
        } else {
            n->e.type = DW_ENTRY_SPECIAL;
        }
    } else {
        n->e.type = is_dir ? DW_ENTRY_DIR : DW_ENTRY_FILE;
    }
    if (n->e.type == DW_ENTRY_FILE) {
        add_extent(&n->e, (uint32_t)st->lsn, st->size);
        if (rr && n->e.nlink > 1 && st->size > 0)
            n->e.data_id = (uint64_t)st->lsn + 1;
    }
    return n;
}

static gboolean read_block(void *user, uint32_t lba, guint8 out[2048])
{
    rctx *c = user;
    return iso9660_iso_seek_read(c->iso, out, (lsn_t)lba, 1) == 2048;
}

/* The raw records of dir: what libiso9660 does not decode (continued
 * NM and SL, CL, RE, ISO and Joliet names).  NULL when unreadable. */
static dw_rr_record *raw_records(rctx *c, rnode *dir, size_t *n)
{
    *n = 0;
    uint32_t blocks = (dir->dir_size + 2047) / 2048;
    if (!blocks || blocks > 8192)
        return NULL;
    guint8 *buf = g_try_malloc((size_t)blocks * 2048);
    dw_rr_record *r = NULL;
    if (buf && iso9660_iso_seek_read(c->iso, buf, (lsn_t)dir->lsn, blocks) == (long)blocks * 2048)
        r = dw_rr_dir_parse(buf, (size_t)blocks * 2048, read_block, c, n);
    g_free(buf);
    return r;
}

static void iso_read_dir(rctx *c, rnode *dir, int depth)
{
    if (depth > MAX_DEPTH) {
        dw_job_log(c->job, DW_LOG_WARNING, "%s: more than %d levels; not read", dir->raw, MAX_DEPTH);
        return;
    }
    if (g_hash_table_contains(c->dir_lsns, GUINT_TO_POINTER(dir->lsn + 1))) {
        dw_job_log(c->job, DW_LOG_WARNING, "%s: directory at block %u already read (a loop); skipped", dir->raw,
                   dir->lsn);
        return;
    }
    g_hash_table_add(c->dir_lsns, GUINT_TO_POINTER(dir->lsn + 1));
    g_autofree char *q = g_strdup_printf("%s/", dir->raw);
    CdioList_t *list = iso9660_ifs_readdir(c->iso, q);
    if (!list) {
        dw_job_log(c->job, DW_LOG_WARNING, "%s: directory not readable", dir->raw[0] ? dir->raw : "/");
        return;
    }
    rnode *prev = NULL;
    CdioListNode_t *ln;
    size_t count = 0, nraw = 0;
    _CDIO_LIST_FOREACH(ln, list) {
        iso9660_stat_t *st = _cdio_list_node_data(ln);
        if (st && count == 0 && !strcmp(st->filename, "."))
            dir->dir_size = st->size;
        count++;
    }
    dw_rr_record *raw = raw_records(c, dir, &nraw);
    if (raw && nraw != count) {
        /* Cannot pair them record for record: keep what libiso9660 says. */
        dw_job_log(c->job, DW_LOG_DEBUG, "%s: %zu raw records, %zu listed", dir->raw, nraw, count);
        dw_rr_records_free(raw, nraw);
        raw = NULL;
    }
    size_t idx = 0;
    _CDIO_LIST_FOREACH(ln, list) {
        iso9660_stat_t *st = _cdio_list_node_data(ln);
        const dw_rr_record *r = raw ? &raw[idx] : NULL;
        idx++;
        if (!st)
            continue;
        /* "." and "..": by the record's own identifier where we have it, so
         * that a hostile Rock Ridge name ".." reaches the caller (and is refused). */
        if (r ? r->id_len == 1 && (r->iso_id[0] == 0 || r->iso_id[0] == 1)
              : (!strcmp(st->filename, ".") || !strcmp(st->filename, "..") || st->filename[0] == '\0' ||
                 (st->filename[0] == '\1' && st->filename[1] == '\0')))
            continue;
        rnode *n = iso_entry(c, dir, st, prev, r);
        if (!n)
            break;
        prev = n;
    }
    iso9660_filelist_free(list);
    dw_rr_records_free(raw, nraw);
    for (guint i = 0; dir->kids && i < dir->kids->len; i++) {
        rnode *k = g_ptr_array_index(dir->kids, i);
        if (k->e.type == DW_ENTRY_DIR && !k->placeholder)
            iso_read_dir(c, k, depth + 1);
    }
}

/* Put relocated directories back where their placeholders stand. */
static guint undo_relocation(rctx *c, rnode *root)
{
    rnode *moved = NULL;
    for (guint i = 0; root->kids && i < root->kids->len; i++) {
        rnode *k = g_ptr_array_index(root->kids, i);
        if (k->e.type == DW_ENTRY_DIR && !k->placeholder &&
            (k->re || !g_ascii_strcasecmp(k->e.name, "rr_moved") || !g_ascii_strcasecmp(k->e.name, ".rr_moved")))
            moved = k;
    }
    GPtrArray *ph = g_ptr_array_new();
    GPtrArray *stack = g_ptr_array_new();
    g_ptr_array_add(stack, root);
    while (stack->len) {
        rnode *d = g_ptr_array_steal_index_fast(stack, stack->len - 1);
        for (guint i = 0; d->kids && i < d->kids->len; i++) {
            rnode *k = g_ptr_array_index(d->kids, i);
            if (k->placeholder)
                g_ptr_array_add(ph, k);
            else if (k->e.type == DW_ENTRY_DIR)
                g_ptr_array_add(stack, k);
        }
    }
    g_ptr_array_unref(stack);
    guint n = 0;
    for (guint i = 0; i < ph->len; i++) {
        rnode *p = g_ptr_array_index(ph, i);
        rnode *target = NULL;
        for (int pass = 0; moved && moved->kids && !target && pass < 2; pass++)
            for (guint j = 0; j < moved->kids->len && !target; j++) {
                rnode *k = g_ptr_array_index(moved->kids, j);
                if (k->e.type != DW_ENTRY_DIR || k->placeholder || k->hidden)
                    continue;
                if (pass == 0 ? k->lsn == (p->cl ? p->cl_lba : p->lsn) : g_ascii_strcasecmp(k->e.name, p->e.name) == 0)
                    target = k;
            }
        if (!target || target == p->parent) {
            dw_job_log(c->job, DW_LOG_WARNING, "%s: relocated directory not found; left empty", p->raw);
            p->placeholder = FALSE;
            continue;
        }
        /* Move target's children under the placeholder, which becomes the directory. */
        p->placeholder = FALSE;
        p->kids = target->kids;
        target->kids = NULL;
        for (guint j = 0; p->kids && j < p->kids->len; j++)
            ((rnode *)g_ptr_array_index(p->kids, j))->parent = p;
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
            all &= ((rnode *)g_ptr_array_index(moved->kids, j))->hidden;
        if (all && (n > 0 || !moved->kids || moved->re))
            moved->hidden = TRUE;
    }
    return n;
}

/* libudfread gives names in "modified UTF-8" (a character outside the
 * BMP as two 3-byte surrogates): join such pairs into UTF-8. */
static char *mutf8_to_utf8(const char *s)
{
    const guint8 *b = (const guint8 *)s;
    size_t len = strlen(s);
    GString *o = g_string_sized_new(len);
    for (size_t i = 0; i < len; i++) {
        if (b[i] == 0xED && i + 5 < len && (b[i + 1] & 0xF0) == 0xA0 && (b[i + 2] & 0xC0) == 0x80 && b[i + 3] == 0xED &&
            (b[i + 4] & 0xF0) == 0xB0 && (b[i + 5] & 0xC0) == 0x80) {
            gunichar hi = ((gunichar)(b[i + 1] & 0x0F) << 6) | (b[i + 2] & 0x3F);
            gunichar lo = ((gunichar)(b[i + 4] & 0x0F) << 6) | (b[i + 5] & 0x3F);
            g_string_append_unichar(o, 0x10000 + (hi << 10) + lo);
            i += 5;
        } else {
            g_string_append_c(o, (char)b[i]);
        }
    }
    return g_string_free(o, FALSE);
}

static void udf_read_dir(rctx *c, rnode *dir, int depth)
{
    if (depth > MAX_DEPTH) {
        dw_job_log(c->job, DW_LOG_WARNING, "%s: more than %d levels; not read", dir->raw, MAX_DEPTH);
        return;
    }
    UDFDIR *d = udfread_opendir(c->udf, dir->raw[0] ? dir->raw : "/");
    if (!d) {
        dw_job_log(c->job, DW_LOG_WARNING, "%s: directory not readable", dir->raw[0] ? dir->raw : "/");
        return;
    }
    struct udfread_dirent de;
    while (udfread_readdir(d, &de)) {
        if (!de.d_name || !strcmp(de.d_name, ".") || !strcmp(de.d_name, ".."))
            continue;
        if (++c->count > MAX_ENTRIES) {
            c->truncated = TRUE;
            break;
        }
        g_autofree char *raw = g_strdup_printf("%s/%s", dir->raw, de.d_name);
        g_autofree char *name = mutf8_to_utf8(de.d_name);
        rnode *n = rnode_new(dir, name, raw);
        if (de.d_type == UDF_DT_DIR) {
            n->e.type = DW_ENTRY_DIR;
        } else {
            n->e.type = DW_ENTRY_FILE;
            UDFFILE *f = strchr(de.d_name, '/') ? NULL : udfread_file_open(c->udf, raw);
            if (f) {
                int64_t s = udfread_file_size(f);
                n->e.size = s > 0 ? (uint64_t)s : 0;
                udfread_file_close(f);
            }
        }
    }
    udfread_closedir(d);
    for (guint i = 0; dir->kids && i < dir->kids->len; i++) {
        rnode *k = g_ptr_array_index(dir->kids, i);
        if (k->e.type == DW_ENTRY_DIR && !strchr(k->raw + strlen(dir->raw) + 1, '/'))
            udf_read_dir(c, k, depth + 1);
    }
}

static void flatten(rnode *n, int parent, const char *ppath, GArray *out, uint64_t *bytes)
{
    if (n->hidden)
        return;
    dw_image_entry e = n->e;
    e.parent = parent;
    e.raw_path = g_strdup(n->raw[0] ? n->raw : "/");
    e.path = parent < 0 ? g_strdup(ppath) : g_strdup_printf("%s/%s", strcmp(ppath, "/") ? ppath : "", e.name);
    n->e.name = NULL;
    n->e.link = NULL;
    n->e.extents = NULL;
    if (e.type == DW_ENTRY_FILE)
        *bytes += e.size;
    g_array_append_val(out, e);
    int me = (int)out->len - 1;
    const char *mypath = g_array_index(out, dw_image_entry, me).path;
    g_autofree char *copy = g_strdup(mypath);
    for (guint i = 0; n->kids && i < n->kids->len; i++)
        flatten(g_ptr_array_index(n->kids, i), me, copy, out, bytes);
}

/* Hard links: file entries sharing a data_id (and a size). */
static void find_hardlinks(dw_image_tree *t)
{
    GHashTable *first = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    for (size_t i = 0; i < t->n; i++) {
        dw_image_entry *e = &t->entries[i];
        if (e->type != DW_ENTRY_FILE || !e->data_id)
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

static gboolean pread_block(void *user, uint32_t lba, guint8 out[2048])
{
    int fd = *(int *)user;
    return pread(fd, out, 2048, (off_t)lba * 2048) == 2048;
}

/* Apply our own reading of the UDF File Entries to the libudfread tree
 * (both list a directory in FID order: repeated names pair up in turn). */
static void udf_apply(GHashTable *attrs, rnode *n, const char *key, const char *path)
{
    const dw_udf_attr *a = g_hash_table_lookup(attrs, key);
    if (a) {
        n->e.mode = a->mode;
        n->e.has_mtime = a->has_mtime;
        n->e.mtime = a->mtime;
        n->e.nlink = a->nlink;
        if (n->e.type != DW_ENTRY_DIR) {
            if (S_ISLNK(a->mode) && a->link) {
                n->e.type = DW_ENTRY_SYMLINK;
                n->e.link = g_strdup(a->link);
                n->e.size = strlen(a->link);
            } else if (!S_ISREG(a->mode)) {
                n->e.type = DW_ENTRY_SPECIAL;
            } else if (a->nlink > 1) {
                n->e.data_id = (uint64_t)a->icb + 1;
            }
        }
    }
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; n->kids && i < n->kids->len; i++) {
        rnode *k = g_ptr_array_index(n->kids, i);
        g_autofree char *kp = g_strconcat(path, strcmp(path, "/") ? "/" : "", k->e.name, NULL);
        unsigned rep = GPOINTER_TO_UINT(g_hash_table_lookup(seen, kp)) + 1;
        g_hash_table_replace(seen, g_strdup(kp), GUINT_TO_POINTER(rep));
        g_autofree char *kk = rep > 1 ? g_strdup_printf("%s\n%u", kp, rep) : g_strdup(kp);
        udf_apply(attrs, k, kk, kp);
    }
    g_hash_table_unref(seen);
}

static void udf_attrs(rctx *c, const char *file, rnode *root)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    off_t end = lseek(fd, 0, SEEK_END);
    GHashTable *attrs = end > 0 ? dw_udf_attrs_read(pread_block, &fd, (uint64_t)end / 2048) : NULL;
    close(fd);
    if (!attrs) {
        dw_job_log(c->job, DW_LOG_INFO, "%s: UDF modes, times and symlinks not readable (damaged UDF structures); "
                   "names and data only", file);
        return;
    }
    udf_apply(attrs, root, "/", "/");
    g_hash_table_unref(attrs);
}

static rnode *find_path(rnode *root, const char *path)
{
    rnode *cur = root;
    g_auto(GStrv) parts = g_strsplit(path ? path : "/", "/", -1);
    for (int i = 0; parts[i]; i++) {
        if (!*parts[i] || !strcmp(parts[i], "."))
            continue;
        rnode *next = NULL;
        for (guint k = 0; cur->kids && k < cur->kids->len && !next; k++) {
            rnode *c = g_ptr_array_index(cur->kids, k);
            if (!c->hidden && strcmp(c->e.name, parts[i]) == 0)
                next = c;
        }
        if (!next)
            return NULL;
        cur = next;
    }
    return cur;
}

static gboolean open_iso(rctx *c, const char *file, dw_tree_kind kind, GError **error)
{
    iso_extension_mask_t mask = kind == DW_TREE_JOLIET ? ISO_EXTENSION_ALL
                                : kind == DW_TREE_RR   ? (ISO_EXTENSION_ALL & ~ISO_EXTENSION_JOLIET)
                                                       : ISO_EXTENSION_NONE;
    c->iso = iso9660_open_ext(file, mask);
    if (!c->iso) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no ISO 9660 file system (no volume descriptor at block 16)",
                    file);
        return FALSE;
    }
    c->joliet_level = iso9660_ifs_get_joliet_level(c->iso);
    if (kind == DW_TREE_JOLIET && !c->joliet_level) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no Joliet tree", file);
        return FALSE;
    }
    if (kind == DW_TREE_RR && iso9660_have_rr(c->iso, 1000) != yep) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no Rock Ridge entries", file);
        return FALSE;
    }
    return TRUE;
}

static void close_ctx(rctx *c)
{
    if (c->iso)
        iso9660_close(c->iso);
    c->iso = NULL;
    if (c->udf)
        udfread_close(c->udf);
    c->udf = NULL;
}

static gboolean has_udf(const char *file)
{
    udfread *u = udfread_init();
    gboolean ok = u && udfread_open(u, file) == 0;
    if (u)
        udfread_close(u);
    return ok;
}

/* file: the image or device (data, UDF); iso_file: where libiso9660 finds
 * the newest ISO 9660 session (file, or its session view). */
static dw_image_tree *read_tree(const char *file, const char *iso_file, dw_tree_kind kind, const char *path,
                                dw_job *job, GError **error)
{
    rctx c = { .job = job, .kind = kind };
    if (kind == DW_TREE_AUTO) {
        /* Rock Ridge, else Joliet, else plain ISO 9660, else UDF. */
        iso9660_t *probe = iso9660_open_ext(iso_file, ISO_EXTENSION_ALL & ~ISO_EXTENSION_JOLIET);
        if (probe) {
            gboolean rr = iso9660_have_rr(probe, 1000) == yep;
            iso9660_close(probe);
            probe = rr ? NULL : iso9660_open_ext(iso_file, ISO_EXTENSION_ALL);
            c.kind = rr ? DW_TREE_RR : probe && iso9660_ifs_get_joliet_level(probe) ? DW_TREE_JOLIET : DW_TREE_ISO;
            if (probe)
                iso9660_close(probe);
            /* A UDF-only image has a PVD with an empty root: prefer its UDF tree. */
            if (c.kind == DW_TREE_ISO && has_udf(file))
                c.kind = DW_TREE_UDF;
        } else {
            c.kind = DW_TREE_UDF;
        }
    }
    if (c.kind == DW_TREE_UDF) {
        c.udf = udfread_init();
        if (!c.udf || udfread_open(c.udf, file) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: no UDF file system that libudfread can read",
                        file);
            close_ctx(&c);
            return NULL;
        }
    } else if (!open_iso(&c, iso_file, c.kind, error)) {
        close_ctx(&c);
        return NULL;
    }
    c.dir_lsns = g_hash_table_new(g_direct_hash, g_direct_equal);
    rnode *root = rnode_new(NULL, "", "");
    root->e.type = DW_ENTRY_DIR;
    guint relocated = 0;
    if (c.udf) {
        udf_read_dir(&c, root, 0);
        udf_attrs(&c, file, root);
    } else {
        iso9660_stat_t *st = iso9660_ifs_stat(c.iso, "/");
        if (st) {
            root->lsn = (uint32_t)st->lsn;
            iso_times(st, c.kind == DW_TREE_RR && st->rr.b3_rock == yep, &root->e);
            if (c.kind == DW_TREE_RR && st->rr.b3_rock == yep)
                root->e.mode = (uint32_t)st->rr.st_mode;
            iso9660_stat_free(st);
        }
        iso_read_dir(&c, root, 0);
        if (c.kind == DW_TREE_RR)
            relocated = undo_relocation(&c, root);
    }
    if (c.truncated)
        dw_job_log(job, DW_LOG_WARNING, "%s: more than %d entries; the rest is left out", file, MAX_ENTRIES);
    g_hash_table_unref(c.dir_lsns);
    close_ctx(&c);
    rnode *top = find_path(root, path);
    if (!top) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no %s in the %s tree", file, path,
                    dw_tree_kind_name(c.kind));
        rnode_free(root);
        return NULL;
    }
    dw_image_tree *t = g_new0(dw_image_tree, 1);
    t->kind = c.kind;
    t->image = g_strdup(file);
    t->n_relocated = relocated;
    GArray *out = g_array_new(FALSE, TRUE, sizeof(dw_image_entry));
    g_autofree char *top_path = NULL;
    if (top == root) {
        top_path = g_strdup("/");
    } else {
        GString *s = g_string_new(NULL);
        for (rnode *n = top; n && n != root; n = n->parent)
            g_string_prepend(s, n->e.name), g_string_prepend_c(s, '/');
        top_path = g_string_free(s, FALSE);
    }
    flatten(top, -1, top_path, out, &t->total_bytes);
    rnode_free(root);
    t->n = out->len;
    t->entries = (dw_image_entry *)(void *)g_array_free(out, FALSE);
    find_hardlinks(t);
    return t;
}

dw_image_tree *dw_image_tree_read(const char *image, dw_tree_kind kind, const char *path, dw_job *job,
                                  GError **error)
{
    const char *file = g_str_has_prefix(image, "stdio:") ? image + 6 : image;
    if (!g_file_test(file, G_FILE_TEST_EXISTS)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no such file or device", file);
        return NULL;
    }
    /* A multisession disc: its newest tree starts in the last session. */
    GError *ve = NULL;
    char *view = dw_iso_session_view(file, &ve);
    if (ve) {
        g_propagate_error(error, ve);
        return NULL;
    }
    if (view)
        dw_job_log(job, DW_LOG_INFO, "%s: reading the newest of its sessions", file);
    dw_job *previous = dw_cdio_log_enter(job);   /* libcdio's messages into the job's log */
    dw_image_tree *t = read_tree(file, view ? view : file, kind, path, job, error);
    dw_cdio_log_leave(previous);
    if (view) {
        unlink(view);
        g_free(view);
    }
    return t;
}

void dw_image_tree_free(dw_image_tree *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        g_free(t->entries[i].path);
        g_free(t->entries[i].name);
        g_free(t->entries[i].raw_path);
        g_free(t->entries[i].link);
        g_free(t->entries[i].extents);
    }
    g_free(t->entries);
    g_free(t->image);
    g_free(t);
}

