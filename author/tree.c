/* tree.c: scan the graft sources into one in-memory tree.
 *
 * Each graft (target=source) either places one file at a path or
 * merges a directory's contents into a target directory; parents along
 * target paths are synthesised.  Children are kept sorted by their
 * UTF-8 bytes, so everything derived later is deterministic.  Regular
 * files that share (device, inode) become hard links of one dw_afile;
 * Rock Ridge serial numbers and in-image link counts are assigned in a
 * final deterministic walk.  In reproducible mode (a date given or
 * SOURCE_DATE_EPOCH set) times are clamped to the date and access and
 * attribute times follow the modification time, since reading the tree
 * changes atimes. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "author/author_private.h"

typedef struct {
    dw_author_plan *p;
    GHashTable *inodes;          /* "dev:ino" -> file index + 1 */
    GHashTable *weights;         /* source path -> weight */
    gboolean clamp;
} scan_ctx;

void dw_anode_free(dw_anode *n)
{
    if (!n)
        return;
    /* name and src live in the node's own allocation when node_new made
     * it (packed) and were not replaced since; otherwise they are owned. */
    char *tail = n->packed ? (char *)(n + 1) : NULL;
    char *tail_src = tail ? tail + strlen(tail) + 1 : NULL;
    if (n->name != tail)
        g_free(n->name);
    if (n->src != tail_src)
        g_free(n->src);
    g_free(n->link);
    g_free(n->jid);
    g_free(n->ph_id);
    if (n->iso_kids)
        g_ptr_array_unref(n->iso_kids);
    if (n->jol_kids)
        g_ptr_array_unref(n->jol_kids);
    if (n->kids)
        g_ptr_array_unref(n->kids);
    g_free(n);
}

/* One allocation holds the node, its name and its source path (a tree
 * of 50,000 files would otherwise spend a few MB on malloc headers). */
static dw_anode *node_new(dw_author_plan *p, dw_anode *parent, const char *name, const char *src)
{
    size_t nl = strlen(name) + 1, sl = src ? strlen(src) + 1 : 0;
    dw_anode *n = g_malloc0(sizeof *n + nl + sl);
    char *tail = (char *)(n + 1);
    n->name = memcpy(tail, name, nl);
    n->packed = TRUE;
    if (src)
        n->src = memcpy(tail + nl, src, sl);
    n->parent = parent ? parent : n;
    n->file = -1;
    n->depth = parent ? parent->depth + 1 : 1;
    g_ptr_array_add(p->nodes, n);
    return n;
}

dw_anode *dw_author_node_add(dw_author_plan *p, dw_anode *parent, const char *name)
{
    dw_anode *n = node_new(p, parent, name, NULL);
    if (!parent->kids)
        parent->kids = g_ptr_array_new();
    g_ptr_array_add(parent->kids, n);
    return n;
}

/* Take an old node (previous session) out of the tree: a graft replaces it. */
static void drop_old(dw_anode *parent, dw_anode *n)
{
    g_ptr_array_remove(parent->kids, n);
    GPtrArray *todo = g_ptr_array_new();
    g_ptr_array_add(todo, n);
    for (guint i = 0; i < todo->len; i++) {
        dw_anode *x = g_ptr_array_index(todo, i);
        x->file = -1;
        for (guint k = 0; x->kids && k < x->kids->len; k++)
            g_ptr_array_add(todo, g_ptr_array_index(x->kids, k));
    }
    g_ptr_array_unref(todo);
}

static dw_anode *find_kid(dw_anode *dir, const char *name)
{
    if (!dir->kids)
        return NULL;
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (strcmp(k->name, name) == 0)
            return k;
    }
    return NULL;
}

static void synth_dir(scan_ctx *c, dw_anode *n)
{
    n->mode = S_IFDIR | (c->p->o.new_dir_mode_set ? (c->p->o.new_dir_mode & 07777) : 0755);
    n->mtime = n->atime = n->ctime = c->p->date;
    if (!n->kids)
        n->kids = g_ptr_array_new();
}

static gboolean matches(const char *const *pats, const char *name, const char *path)
{
    for (const char *const *e = pats; e && *e; e++)
        if (fnmatch(*e, name, 0) == 0 || (path && fnmatch(*e, path, 0) == 0))
            return TRUE;
    return FALSE;
}

static gboolean excluded(const dw_author_plan *p, const char *name, const char *path)
{
    return matches(p->o.excludes, name, path);
}

/* -hide, -hide-joliet, -hide-udf: which trees leave the node out. */
static void set_hidden(const dw_author_plan *p, dw_anode *n, const char *name, const char *path)
{
    n->hide = (matches(p->o.hide, name, path) ? DW_HIDE_ISO : 0) |
              (matches(p->o.hide_joliet, name, path) ? DW_HIDE_JOLIET : 0) |
              (matches(p->o.hide_udf, name, path) ? DW_HIDE_UDF : 0) |
              (matches(p->o.hide_hfsplus, name, path) ? DW_HIDE_HFS : 0);
}

/* A name read from the disk, in UTF-8 (-input-charset); NULL with error. */
static char *disk_name(const dw_author_plan *p, const char *name, const char *path, GError **error)
{
    const char *cs = p->o.input_charset;
    if (!cs || !g_ascii_strcasecmp(cs, "UTF-8") || !g_ascii_strcasecmp(cs, "UTF8"))
        return g_strdup(name);
    GError *e = NULL;
    char *u = g_convert(name, -1, "UTF-8", cs, NULL, NULL, &e);
    if (!u) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: the name is not valid %s (-input-charset): %s", path, cs,
                    e->message);
        g_error_free(e);
    }
    return u;
}

void dw_author_attrs(const dw_author_plan *p, const dw_anode *n, uint32_t *mode, uint32_t *uid, uint32_t *gid)
{
    uint32_t m = n->mode;
    uint32_t u = n->uid, g = n->gid;
    if (p->o.rational_rock) {
        uint32_t perm = m & 07777;
        perm |= 0444;
        if (perm & 0111 || S_ISDIR(m))
            perm |= 0111;
        perm &= ~(uint32_t)(0222 | 07000);
        m = (m & ~(uint32_t)07777) | perm;
        u = g = 0;
    }
    if (S_ISDIR(m) && p->o.dir_mode_set)
        m = (m & ~(uint32_t)07777) | (((m & p->o.dir_mode_and) | p->o.dir_mode_or) & 07777);
    else if (S_ISREG(m) && p->o.file_mode_set)
        m = (m & ~(uint32_t)07777) | (((m & p->o.file_mode_and) | p->o.file_mode_or) & 07777);
    if (p->o.uid_set)
        u = (uint32_t)p->o.uid;
    if (p->o.gid_set)
        g = (uint32_t)p->o.gid;
    *mode = m;
    if (uid)
        *uid = u;
    if (gid)
        *gid = g;
}

static void set_times(scan_ctx *c, dw_anode *n, const struct stat *st)
{
    n->mtime = st->st_mtime;
    n->atime = st->st_atime;
    n->ctime = st->st_ctime;
    if (c->clamp) {
        if (n->mtime > c->p->date)
            n->mtime = c->p->date;
        n->atime = n->ctime = n->mtime;
    }
}

static gboolean add_entry(scan_ctx *c, dw_anode *parent, const char *name, const char *path, GError **error);

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean fill_dir(scan_ctx *c, dw_anode *dir, const char *path, GError **error)
{
    DIR *d = opendir(path);
    if (!d) {
        int e = errno;
        if (c->p->o.skip_unreadable) {
            dw_job_log(c->p->job, DW_LOG_WARNING, "skipping unreadable directory %s: %s", path, g_strerror(e));
            return TRUE;
        }
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read directory %s: %s", path, g_strerror(e));
        return FALSE;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        g_ptr_array_add(names, g_strdup(de->d_name));
    }
    int e = errno;
    closedir(d);
    if (e) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read directory %s: %s", path, g_strerror(e));
        g_ptr_array_unref(names);
        return FALSE;
    }
    g_ptr_array_sort(names, cmp_str);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < names->len; i++) {
        const char *nm = g_ptr_array_index(names, i);
        char *sub = g_build_filename(path, nm, NULL);
        char *u = disk_name(c->p, nm, sub, error);
        ok = u && add_entry(c, dir, u, sub, error);
        g_free(u);
        g_free(sub);
    }
    g_ptr_array_unref(names);
    return ok;
}

/* Add path as parent/name (or merge it when a directory of that name exists). */
static gboolean add_entry(scan_ctx *c, dw_anode *parent, const char *name, const char *path, GError **error)
{
    dw_author_plan *p = c->p;
    if (excluded(p, name, path))
        return TRUE;
    if (!dw_job_check_cancel(p->job, error))
        return FALSE;
    struct stat st;
    if (lstat(path, &st) != 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, e == ENOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO, "cannot read %s: %s", path,
                    g_strerror(e));
        return FALSE;
    }
    if (S_ISLNK(st.st_mode) && p->o.follow_links) {
        struct stat t;
        if (stat(path, &t) == 0)
            st = t;
    }
    if (S_ISSOCK(st.st_mode)) {
        dw_job_log(p->job, DW_LOG_WARNING, "leaving out socket %s", path);
        return TRUE;
    }
    dw_anode *n = find_kid(parent, name);
    if (n && n->old && !(S_ISDIR(n->mode) && S_ISDIR(st.st_mode))) {
        /* A file of the previous session: the new one replaces it. */
        drop_old(parent, n);
        n = NULL;
    }
    if (n) {
        if (S_ISDIR(n->mode) && S_ISDIR(st.st_mode)) {
            if (n->old) {
                /* A directory of the previous session takes the new one's attributes. */
                n->old = FALSE;
                n->src = g_strdup(path);
                n->mode = st.st_mode;
                n->uid = st.st_uid;
                n->gid = st.st_gid;
                set_times(c, n, &st);
            }
            return fill_dir(c, n, path, error);
        }
        dw_job_log(p->job, DW_LOG_WARNING, "%s: %s%s%s already in the image; keeping the first", path,
                   parent == p->root ? "/" : "", parent == p->root ? "" : "", name);
        return TRUE;
    }
    if (S_ISREG(st.st_mode) && access(path, R_OK) != 0) {
        int e = errno;
        if (p->o.skip_unreadable) {
            dw_job_log(p->job, DW_LOG_WARNING, "skipping unreadable file %s: %s", path, g_strerror(e));
            return TRUE;
        }
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", path, g_strerror(e));
        return FALSE;
    }
    n = node_new(p, parent, name, path);
    set_hidden(p, n, name, path);
    n->mode = st.st_mode;
    n->uid = st.st_uid;
    n->gid = st.st_gid;
    n->rdev = st.st_rdev;
    set_times(c, n, &st);
    if (!parent->kids)
        parent->kids = g_ptr_array_new();
    g_ptr_array_add(parent->kids, n);
    if (S_ISDIR(st.st_mode)) {
        n->kids = g_ptr_array_new();
        return fill_dir(c, n, path, error);
    }
    if (S_ISLNK(st.st_mode)) {
        char buf[4096];
        ssize_t r = readlink(path, buf, sizeof buf - 1);
        if (r < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read symlink %s: %s", path, g_strerror(errno));
            return FALSE;
        }
        buf[r] = '\0';
        n->link = g_strdup(buf);
        n->size = (uint64_t)r;
        return TRUE;
    }
    if (!S_ISREG(st.st_mode))
        return TRUE;
    n->size = (uint64_t)st.st_size;
    char key[64];
    g_snprintf(key, sizeof key, "%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    gpointer idx = st.st_nlink > 1 ? g_hash_table_lookup(c->inodes, key) : NULL;
    if (idx) {
        n->file = GPOINTER_TO_INT(idx) - 1;
        return TRUE;
    }
    dw_afile f = { .src = n->src, .size = n->size }; /* borrowed: nodes outlive files */
    if (c->weights) {
        gpointer w = g_hash_table_lookup(c->weights, path);
        if (w)
            f.weight = GPOINTER_TO_INT(w) - 1000000;
    }
    g_array_append_val(p->files, f);
    n->file = (int)p->files->len - 1;
    if (st.st_nlink > 1)
        g_hash_table_insert(c->inodes, g_strdup(key), GINT_TO_POINTER(n->file + 1));
    return TRUE;
}

dw_anode *dw_author_lookup(dw_author_plan *p, const char *path)
{
    char **parts = g_strsplit(path, "/", -1);
    dw_anode *n = p->root;
    for (int i = 0; n && parts[i]; i++) {
        if (!*parts[i] || strcmp(parts[i], ".") == 0)
            continue;
        n = S_ISDIR(n->mode) ? find_kid(n, parts[i]) : NULL;
    }
    g_strfreev(parts);
    return n;
}

int dw_author_add_generated(dw_author_plan *p, const char *path, uint64_t size, GError **error)
{
    scan_ctx c = { .p = p };
    char **parts = g_strsplit(path, "/", -1);
    GPtrArray *comp = g_ptr_array_new();
    for (int i = 0; parts[i]; i++)
        if (*parts[i] && strcmp(parts[i], ".") != 0)
            g_ptr_array_add(comp, parts[i]);
    dw_anode *dir = p->root;
    int idx = -1;
    for (guint i = 0; comp->len && i + 1 < comp->len; i++) {
        const char *nm = g_ptr_array_index(comp, i);
        dw_anode *k = find_kid(dir, nm);
        if (k && !S_ISDIR(k->mode)) {
            dir = NULL;
            break;
        }
        if (!k) {
            k = node_new(p, dir, nm, NULL);
            synth_dir(&c, k);
            g_ptr_array_add(dir->kids, k);
        }
        dir = k;
    }
    const char *base = comp->len ? g_ptr_array_index(comp, comp->len - 1) : NULL;
    if (!dir || !base || find_kid(dir, base)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot catalog %s: that path is already taken in the image",
                    path);
    } else {
        dw_anode *n = node_new(p, dir, base, path);
        n->mode = S_IFREG | 0444;
        n->mtime = n->atime = n->ctime = p->date;
        n->size = size;
        g_ptr_array_add(dir->kids, n);
        dw_afile f = { .src = n->src, .size = size, .mem = g_malloc0(size) }; /* src borrowed from the node */
        g_array_append_val(p->files, f);
        n->file = idx = (int)p->files->len - 1;
    }
    g_ptr_array_unref(comp);
    g_strfreev(parts);
    return idx;
}

static gint cmp_name(gconstpointer a, gconstpointer b)
{
    const dw_anode *x = *(dw_anode *const *)a, *y = *(dw_anode *const *)b;
    return strcmp(x->name, y->name);
}

/* Sort, number and count: deterministic serial numbers and link counts. */
static void finish_tree(dw_author_plan *p, dw_anode *dir, uint32_t *next_ino, uint32_t *file_ino, uint32_t *links)
{
    g_ptr_array_sort(dir->kids, cmp_name);
    dir->ino = (*next_ino)++;
    dir->nlink = 2;
    p->n_dirs++;
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        k->parent = dir;
        k->depth = dir->depth + 1;
        if (S_ISDIR(k->mode)) {
            dir->nlink++;
            finish_tree(p, k, next_ino, file_ino, links);
        } else if (k->file >= 0) {
            if (!file_ino[k->file]) {
                file_ino[k->file] = (*next_ino)++;
                p->n_files++;
            }
            k->ino = file_ino[k->file];
            links[k->file]++;
        } else {
            k->ino = (*next_ino)++;
            k->nlink = 1;
            p->n_files++;
        }
    }
}

static void set_links(dw_anode *dir, const uint32_t *links)
{
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (S_ISDIR(k->mode))
            set_links(k, links);
        else if (k->file >= 0)
            k->nlink = links[k->file];
    }
}

GHashTable *dw_author_parse_weights(const char *text, gsize len, const char *name, GError **error)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gsize pos = 0;
    for (int line = 1; pos < len; line++) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        gsize ll = nl ? (gsize)(nl - s) : len - pos;
        pos += ll + 1;
        char *l = g_strndup(s, ll);
        g_strstrip(l);
        if (!*l || *l == '#') {
            g_free(l);
            continue;
        }
        char *sp = strrchr(l, ' ');
        char *tab = strrchr(l, '\t');
        if (!sp || (tab && tab > sp))
            sp = tab;
        char *end = NULL;
        long w = sp ? strtol(sp + 1, &end, 10) : 0;
        if (!sp || !end || end == sp + 1 || *end || w < -999999 || w > 999999 || !g_utf8_validate(l, -1, NULL)) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s:%d: expected \"PATH WEIGHT\" (weight within +-999999)",
                        name, line);
            g_free(l);
            g_hash_table_unref(h);
            return NULL;
        }
        *sp = '\0';
        g_strchomp(l);
        g_hash_table_insert(h, l, GINT_TO_POINTER((int)w + 1000000));
    }
    return h;
}

static GHashTable *read_weights(dw_author_plan *p, GError **error)
{
    char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(p->o.sort_file, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read sort weights file %s: %s", p->o.sort_file, e->message);
        g_error_free(e);
        return NULL;
    }
    GHashTable *h = dw_author_parse_weights(text, len, p->o.sort_file, error);
    g_free(text);
    return h;
}

static void weigh_tree(dw_author_plan *p, dw_anode *n, int weight)
{
    if (n->file >= 0)
        g_array_index(p->files, dw_afile, n->file).weight = weight;
    for (guint i = 0; n->kids && i < n->kids->len; i++)
        weigh_tree(p, g_ptr_array_index(n->kids, i), weight);
}

/* --sort-weight WEIGHT PATH: the file, or every file below the directory. */
static void apply_weight(dw_author_plan *p, const dw_author_weight *w)
{
    dw_anode *n = w->path ? dw_author_lookup(p, w->path) : NULL;
    if (!n) {
        dw_job_log(p->job, DW_LOG_WARNING, "--sort-weight %d %s: no such path in the image", w->weight,
                   w->path ? w->path : "(none)");
        return;
    }
    weigh_tree(p, n, w->weight);
}

gboolean dw_author_scan(dw_author_plan *p, GError **error)
{
    scan_ctx c = { .p = p };
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    c.clamp = (p->o.date_set && !p->o.date_volume_only) || (sde && *sde);
    c.inodes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (p->o.sort_file && !(c.weights = read_weights(p, error))) {
        g_hash_table_unref(c.inodes);
        return FALSE;
    }
    p->root = node_new(p, NULL, "", NULL);
    synth_dir(&c, p->root);
    gboolean ok = TRUE;
    if (p->prev_read)
        ok = dw_author_import(p, error);
    gboolean root_set = FALSE;
    for (size_t g = 0; ok && g < p->o.n_grafts; g++) {
        const char *src = p->o.grafts[g].source;
        const char *tgt = p->o.grafts[g].target ? p->o.grafts[g].target : "/";
        struct stat st;
        if (!src || stat(src, &st) != 0) {
            if (!src || lstat(src, &st) != 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "source %s: %s", src ? src : "(none)",
                            g_strerror(errno));
                ok = FALSE;
                break;
            }
        }
        char **parts = g_strsplit(tgt, "/", -1);
        GPtrArray *comp = g_ptr_array_new();
        for (int i = 0; parts[i]; i++)
            if (*parts[i] && strcmp(parts[i], ".") != 0)
                g_ptr_array_add(comp, parts[i]);
        gboolean tgt_dir = comp->len == 0 || g_str_has_suffix(tgt, "/");
        dw_anode *dir = p->root;
        guint walk = S_ISDIR(st.st_mode) || tgt_dir ? comp->len : comp->len - 1;
        for (guint i = 0; ok && i < walk; i++) {
            const char *nm = g_ptr_array_index(comp, i);
            dw_anode *k = find_kid(dir, nm);
            if (k && !S_ISDIR(k->mode) && k->old) {
                drop_old(dir, k);
                k = NULL;
            }
            if (k && !S_ISDIR(k->mode)) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "graft %s=%s: %s is not a directory in the image", tgt,
                            src, nm);
                ok = FALSE;
                break;
            }
            if (!k) {
                k = node_new(p, dir, nm, NULL);
                synth_dir(&c, k);
                g_ptr_array_add(dir->kids, k);
            }
            dir = k;
        }
        if (ok) {
            if (S_ISDIR(st.st_mode)) {
                if (dir == p->root && !root_set) {
                    /* The first directory grafted at / lends the root its attributes. */
                    p->root->mode = st.st_mode;
                    p->root->uid = st.st_uid;
                    p->root->gid = st.st_gid;
                    set_times(&c, p->root, &st);
                    root_set = TRUE;
                }
                ok = fill_dir(&c, dir, src, error);
            } else {
                const char *nm = tgt_dir ? NULL : g_ptr_array_index(comp, comp->len - 1);
                g_autofree char *base = g_path_get_basename(src);
                g_autofree char *ubase = nm ? NULL : disk_name(p, base, src, error);
                ok = (nm || ubase) && add_entry(&c, dir, nm ? nm : ubase, src, error);
            }
        }
        g_ptr_array_unref(comp);
        g_strfreev(parts);
    }
    if (ok && p->boot && p->boot->entries->len) {
        /* The El Torito catalog is a file of the tree unless hidden. */
        if (p->o.boot_catalog_hide) {
            dw_afile f = { .src = p->boot->catalog_path, .size = BLK, .mem = g_malloc0(BLK) }; /* src borrowed */
            g_array_append_val(p->files, f);
            p->boot->catalog_file = (int)p->files->len - 1;
        } else {
            p->boot->catalog_file = dw_author_add_generated(p, p->boot->catalog_path, BLK, error);
            ok = p->boot->catalog_file >= 0;
        }
    }
    if (ok && p->o.dvd_video && !find_kid(p->root, "AUDIO_TS")) {
        /* DVD players expect AUDIO_TS next to VIDEO_TS, empty for video. */
        dw_anode *k = node_new(p, p->root, "AUDIO_TS", NULL);
        synth_dir(&c, k);
        g_ptr_array_add(p->root->kids, k);
    }
    if (ok && p->o.bdmv && !find_kid(p->root, "CERTIFICATE")) {
        /* A BD-ROM has /CERTIFICATE next to /BDMV (empty without AACS or BD-J signing). */
        dw_anode *k = node_new(p, p->root, "CERTIFICATE", NULL);
        synth_dir(&c, k);
        g_ptr_array_add(p->root->kids, k);
    }
    for (size_t w = 0; ok && w < p->o.n_weights; w++)
        apply_weight(p, &p->o.weights[w]);
    if (ok) {
        uint32_t next_ino = 1;
        uint32_t *file_ino = g_new0(uint32_t, p->files->len + 1);
        uint32_t *links = g_new0(uint32_t, p->files->len + 1);
        finish_tree(p, p->root, &next_ino, file_ino, links);
        set_links(p->root, links);
        g_free(file_ino);
        g_free(links);
    }
    g_hash_table_unref(c.inodes);
    if (c.weights)
        g_hash_table_unref(c.weights);
    return ok;
}
