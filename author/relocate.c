/* relocate.c: deep directories and Joliet symlinks, decided after the
 * names and before the layout.
 *
 * ISO 9660 allows 8 levels of directories, the root being the first
 * (ECMA-119 6.8.2.1).  A directory that would be the 9th level is moved,
 * in the ISO 9660 tree only, under "rr_moved" in the root (RRIP 1.12
 * 4.1.5): its old parent keeps a zero-length file record of the same
 * name carrying a CL entry that points at the moved directory, the moved
 * directory's ".." record carries PL pointing back at the old parent,
 * and the moved directory and rr_moved itself carry RE, so Rock Ridge
 * readers show the original tree and hide rr_moved.  Without Rock Ridge
 * the same relocation happens (genisoimage drops such directories,
 * which loses data; keeping them deep breaks the standard): plain
 * readers find them under /RR_MOVED.  The placeholder's extent is the
 * moved directory's, so readers that see no CL (libiso9660) can still
 * pair them.  Joliet and UDF keep the real deep tree.
 *
 * Joliet has no symbolic links: a symlink that resolves, inside the
 * image tree, to a regular file is recorded in the Joliet tree as that
 * file (same extent, same size); one that points at a directory, out of
 * the tree (absolute, or ".." above the root) or nowhere is left out of
 * the Joliet tree with a warning in the job log. */
#include "config.h"

#include <string.h>

#include "author/author_private.h"

#define MAX_HOPS 32

static gint cmp_iso(gconstpointer a, gconstpointer b)
{
    return dw_author_iso_cmp(*(dw_anode *const *)a, *(dw_anode *const *)b);
}

static uint32_t max_ino(dw_author_plan *p)
{
    uint32_t m = 0;
    for (guint i = 0; i < p->nodes->len; i++)
        m = MAX(m, ((dw_anode *)g_ptr_array_index(p->nodes, i))->ino);
    return m;
}

static dw_anode *reloc_dir(dw_author_plan *p)
{
    if (p->reloc_dir)
        return p->reloc_dir;
    dw_anode *root = p->root;
    dw_anode *r = g_new0(dw_anode, 1);
    r->name = g_strdup("rr_moved");
    r->parent = r->iso_parent = root;
    r->mode = S_IFDIR | 0755;
    r->mtime = r->atime = r->ctime = p->date;
    r->file = -1;
    r->depth = 2;
    r->ino = max_ino(p) + 1;
    r->nlink = 2;
    r->kids = g_ptr_array_new();
    r->iso_kids = g_ptr_array_new();
    r->jol_kids = g_ptr_array_new();
    /* An ISO name no other root entry has. */
    g_strlcpy(r->iso_id, "RR_MOVED", sizeof r->iso_id);
    for (unsigned c = 1;; c++) {
        gboolean clash = FALSE;
        for (guint i = 0; !clash && i < root->iso_kids->len; i++) {
            const dw_anode *k = g_ptr_array_index(root->iso_kids, i);
            clash = strcmp(k->iso_id, r->iso_id) == 0 || (k->reloc && strcmp(k->ph_id, r->iso_id) == 0);
        }
        if (!clash)
            break;
        g_snprintf(r->iso_id, sizeof r->iso_id, "RR_MOVED%u", c);
    }
    r->iso_id_len = (int)strlen(r->iso_id);
    g_ptr_array_add(p->nodes, r);
    g_ptr_array_add(root->iso_kids, r);   /* sorted in once the walk is over */
    root->nlink++;
    p->reloc_dir = r;
    return r;
}

/* dir lies at ISO level `level` (root 1). */
static void walk(dw_author_plan *p, dw_anode *dir, int level)
{
    GPtrArray *kids = dir->iso_kids;
    for (guint i = 0; i < kids->len; i++) {
        dw_anode *k = g_ptr_array_index(kids, i);
        if (k == p->reloc_dir || (k->reloc && k->iso_parent != dir))
            continue;
        k->iso_parent = dir;
        if (!S_ISDIR(k->mode))
            continue;
        if (level + 1 <= DW_ISO_MAX_DEPTH || p->o.no_relocate) {
            walk(p, k, level + 1);
            continue;
        }
        dw_anode *r = reloc_dir(p);
        k->reloc = TRUE;
        k->ph_id = g_strndup(k->iso_id, sizeof k->iso_id);
        k->ph_id_len = k->iso_id_len;
        k->iso_parent = r;
        g_ptr_array_add(r->iso_kids, k);
        r->nlink++;
        /* rr_moved is level 2, the moved directory level 3. */
        walk(p, k, 3);
    }
}

void dw_author_relocate(dw_author_plan *p)
{
    p->root->iso_parent = p->root;
    walk(p, p->root, 1);
    dw_anode *r = p->reloc_dir;
    if (!r)
        return;
    g_ptr_array_sort(p->root->iso_kids, cmp_iso);
    /* Names unique inside rr_moved (moved directories come from many parents). */
    GPtrArray *save = r->kids;
    r->kids = r->iso_kids;
    dw_author_iso_names(p, r);
    r->kids = save;
    g_ptr_array_sort(r->iso_kids, cmp_iso);
    dw_job_log(p->job, DW_LOG_INFO,
               "%u directories deeper than %d levels moved to /%s in the ISO 9660 tree%s", r->iso_kids->len,
               DW_ISO_MAX_DEPTH, r->iso_id,
               p->o.rock_ridge ? " (Rock Ridge readers see them in place)" : " (no Rock Ridge: plain readers find them there)");
}

static dw_anode *find_kid(const dw_anode *dir, const char *name, size_t len)
{
    for (guint i = 0; dir->kids && i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (strlen(k->name) == len && memcmp(k->name, name, len) == 0)
            return k;
    }
    return NULL;
}

/* Resolve link's target inside the tree; NULL with *why set otherwise. */
static const dw_anode *resolve(const dw_anode *link, int hops, const char **why)
{
    if (hops > MAX_HOPS) {
        *why = "too many levels of symbolic links";
        return NULL;
    }
    const char *t = link->link;
    if (t[0] == '/') {
        *why = "absolute target, outside the image";
        return NULL;
    }
    const dw_anode *cur = link->parent;
    while (*t) {
        const char *end = strchr(t, '/');
        size_t n = end ? (size_t)(end - t) : strlen(t);
        gboolean last = !end || !end[strspn(end, "/")];
        if (n == 0 || (n == 1 && t[0] == '.')) {
            /* stay */
        } else if (n == 2 && t[0] == '.' && t[1] == '.') {
            if (cur->parent == cur) {
                *why = "target above the root of the image";
                return NULL;
            }
            cur = cur->parent;
        } else {
            const dw_anode *k = find_kid(cur, t, n);
            if (!k) {
                *why = "target not in the image";
                return NULL;
            }
            if (k->link) {
                k = resolve(k, hops + 1, why);
                if (!k)
                    return NULL;
            }
            if (!last && !S_ISDIR(k->mode)) {
                *why = "target not in the image";
                return NULL;
            }
            cur = k;
        }
        t += n;
        t += strspn(t, "/");
    }
    return cur;
}

void dw_author_joliet_links(dw_author_plan *p)
{
    for (guint i = 0; i < p->nodes->len; i++) {
        dw_anode *n = g_ptr_array_index(p->nodes, i);
        if (!n->link)
            continue;
        const char *why = NULL;
        const dw_anode *t = resolve(n, 0, &why);
        if (t && S_ISREG(t->mode) && t->file >= 0) {
            n->jol_target = t;
            continue;
        }
        if (t && !why)
            why = S_ISDIR(t->mode) ? "points at a directory" : "points at a special file";
        dw_job_log(p->job, DW_LOG_WARNING, "symbolic link %s -> %s left out of the Joliet tree: %s", n->src ? n->src : n->name,
                   n->link, why);
    }
}
