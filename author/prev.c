/* prev.c: the previous session of a multisession image, read back as
 * the base tree the new session continues (mkisofs -C msc1,nwa -M).
 *
 * The volume descriptors at msc1 + 16 give the newest tree.  When its
 * root carries SUSP (an SP entry in ".") the primary tree is read with
 * Rock Ridge (entries parsed by susp_read.c): NM names, PX modes and
 * owners, TF times, SL symlink targets, PN device numbers; RE (relocated)
 * directories are skipped where they sit and CL placeholders followed to
 * them.  Otherwise the Joliet tree gives the names when present, and
 * plain ISO 9660 names (version stripped) as a last resort.  Files keep
 * their extents, multi-extent files included; files sharing a first
 * extent become hard links of one file.  Data in blocks 0..31, which
 * growing overwrites with the new superblock, is copied into the new
 * session (split_extents).  Every length is checked against
 * its record, every record against its directory, and each directory
 * extent is read once (loops end there).  Everything the import reads
 * (directories, continuation areas, low-block file data) is charged to
 * a budget of four times the previous session's size (the smaller of
 * its volume space size and the image file's), so overlapping
 * structures cannot make it read or copy without end. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "author/author_private.h"

#define MAX_DEPTH 128
#define MAX_DIR_BYTES (64u << 20)    /* one directory's extent */
#define COPY_WHOLE (4u << 20)         /* files starting in blocks 0..31 up to this size are copied whole */

typedef struct {
    dw_author_plan *p;
    gboolean rr, joliet;
    unsigned skip;               /* SUSP bytes to skip in each System Use area (SP) */
    GHashTable *seen_dirs;       /* extent LBA of directories read */
    GHashTable *by_lba;          /* first extent LBA -> file index + 1 */
    gboolean saw_re;             /* relocated directories were skipped */
} imp;


static uint32_t le32(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

gboolean dw_author_prev_read(dw_author_plan *p, uint64_t lba, void *buf, size_t n, GError **error)
{
    if (p->prev_budget && p->prev_reads + n > p->prev_budget) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE,
                    "%s: previous session: more read than it holds (%" G_GUINT64_FORMAT " blocks: overlapping or "
                    "looping structures)", p->prev_name, p->prev_reads);
        return FALSE;
    }
    p->prev_reads += n;
    return p->prev_read(p->prev_user, lba, buf, n, error);
}

static gboolean bad(imp *m, GError **error, uint64_t lba, const char *what)
{
    g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: previous session: %s (block %" G_GUINT64_FORMAT ")",
                m->p->prev_name, what, lba);
    return FALSE;
}

/* A record's name when Rock Ridge gives none: Joliet UCS-2BE or ISO d-characters. */
static char *plain_name(imp *m, const guint8 *id, size_t n)
{
    char *s;
    if (m->joliet) {
        gunichar2 *u = g_new(gunichar2, n / 2 + 1);
        for (size_t i = 0; i + 1 < n; i += 2)
            u[i / 2] = (gunichar2)(id[i] << 8 | id[i + 1]);
        s = g_utf16_to_utf8(u, (glong)(n / 2), NULL, NULL, NULL);
        g_free(u);
        if (!s)
            s = g_strdup("_");
    } else {
        s = g_strndup((const char *)id, n);
    }
    char *semi = strrchr(s, ';');
    if (semi)
        *semi = '\0';
    size_t l = strlen(s);
    if (!m->joliet && l > 1 && s[l - 1] == '.')
        s[l - 1] = '\0';
    return s;
}

static void fix_name(char *s)
{
    for (char *c = s; *c; c++)
        if (*c == '/')
            *c = '_';
}

static gboolean read_dir(imp *m, dw_anode *dir, uint32_t lba, uint32_t size, int depth, GError **error);

static dw_anode *find(dw_anode *dir, const char *name)
{
    for (guint i = 0; dir->kids && i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (strcmp(k->name, name) == 0)
            return k;
    }
    return NULL;
}

static void set_attrs(dw_anode *n, const dw_rr_info *r, time_t rec_time, gboolean dir)
{
    n->old = TRUE;
    n->mode = dir ? (S_IFDIR | 0755) : (S_IFREG | 0644);
    if (r->px) {
        mode_t fmt = r->mode & S_IFMT;
        if (dir)
            n->mode = S_IFDIR | (r->mode & 07777);
        else if (fmt == S_IFREG || fmt == S_IFLNK || fmt == S_IFCHR || fmt == S_IFBLK || fmt == S_IFIFO)
            n->mode = fmt | (r->mode & 07777);
        else
            n->mode = S_IFREG | (r->mode & 07777);
        n->uid = r->uid;
        n->gid = r->gid;
    }
    n->mtime = r->tf && r->mtime ? r->mtime : rec_time;
    n->atime = r->tf && r->atime ? r->atime : n->mtime;
    n->ctime = r->tf && r->ctime ? r->ctime : n->mtime;
    if (r->pn && (S_ISCHR(n->mode) || S_ISBLK(n->mode)))
        n->rdev = (dev_t)r->rdev;
}

/* A file's extents: the data in blocks 0..31 (overwritten when the
 * image grows) is read into memory to be written again in the new
 * session; the rest stays where it is. */
static gboolean split_extents(imp *m, dw_afile *f, GArray *ext, uint64_t at, GError **error)
{
    dw_author_plan *p = m->p;
    GByteArray *copy = g_byte_array_new();
    GArray *keep = g_array_new(FALSE, FALSE, sizeof(dw_aext));
    gboolean ok = TRUE;
    /* A small file that starts there is copied whole (one extent, which
     * every reader handles); only a large one is split. */
    gboolean low = FALSE;
    for (guint i = 0; i < ext->len; i++) {
        const dw_aext *e = &g_array_index(ext, dw_aext, i);
        low |= e->len && e->lba < DW_GROW_SB_BLOCKS;
    }
    if (low && f->size <= COPY_WHOLE) {
        guint8 *buf = g_malloc(BLK);
        for (guint i = 0; ok && i < ext->len; i++) {
            const dw_aext *e = &g_array_index(ext, dw_aext, i);
            if ((uint64_t)e->lba + (e->len + BLK - 1) / BLK > p->prev_end) {
                ok = bad(m, error, at, "a file extent lies beyond the previous session's end");
                break;
            }
            for (uint32_t done = 0; ok && done < e->len; done += BLK) {
                ok = dw_author_prev_read(p, e->lba + done / BLK, buf, 1, error);
                g_byte_array_append(copy, buf, MIN(BLK, e->len - done));
            }
        }
        g_free(buf);
        ext = keep; /* nothing left to keep */
    }
    for (guint i = 0; ok && i < ext->len; i++) {
        dw_aext e = g_array_index(ext, dw_aext, i);
        if ((uint64_t)e.lba + (e.len + BLK - 1) / BLK > p->prev_end) {
            ok = bad(m, error, at, "a file extent lies beyond the previous session's end");
            break;
        }
        if (e.len == 0 || e.lba >= DW_GROW_SB_BLOCKS) {
            g_array_append_val(keep, e);
            continue;
        }
        if (keep->len || copy->len % BLK) {
            ok = bad(m, error, at, "a file's extents in blocks 0..31 do not start it");
            break;
        }
        uint32_t cb = (uint32_t)MIN((uint64_t)e.len, (uint64_t)(DW_GROW_SB_BLOCKS - e.lba) * BLK);
        guint8 buf[DW_GROW_SB_BLOCKS * BLK];
        if (!dw_author_prev_read(p, e.lba, buf, (cb + BLK - 1) / BLK, error)) {
            ok = FALSE;
            break;
        }
        g_byte_array_append(copy, buf, cb);
        if (e.len > cb) {
            dw_aext rest = { DW_GROW_SB_BLOCKS, e.len - cb };
            g_array_append_val(keep, rest);
        }
    }
    if (ok && copy->len > MAX(COPY_WHOLE, DW_GROW_SB_BLOCKS * BLK))
        ok = bad(m, error, at, "file extents overlap in blocks 0..31");
    if (ok) {
        f->n_ext = keep->len;
        f->ext = (dw_aext *)(void *)g_array_free(keep, FALSE);
        f->lba = f->n_ext ? f->ext[0].lba : 0;
        if (copy->len) {
            f->copy = TRUE;
            f->copy_len = copy->len;
            f->copy_mem = g_byte_array_free(copy, FALSE);
        } else {
            g_byte_array_free(copy, TRUE);
        }
    } else {
        g_array_free(keep, TRUE);
        g_byte_array_free(copy, TRUE);
    }
    return ok;
}

/* One entry (all its extents read): a node under dir. */
static gboolean add_node(imp *m, dw_anode *dir, const char *name, const dw_rr_info *r, time_t t, gboolean is_dir,
                         GArray *ext, uint64_t size, int depth, uint64_t at, GError **error)
{
    dw_author_plan *p = m->p;
    if (!*name || !strcmp(name, ".") || !strcmp(name, ".."))
        return TRUE;
    if (find(dir, name)) {
        dw_job_log(p->job, DW_LOG_WARNING, "%s: previous session: %s appears twice in one directory; keeping the first",
                   p->prev_name, name);
        return TRUE;
    }
    dw_anode *n = dw_author_node_add(p, dir, name);
    set_attrs(n, r, t, is_dir);
    if (is_dir) {
        n->kids = g_ptr_array_new();
        const dw_aext *e = &g_array_index(ext, dw_aext, 0);
        return read_dir(m, n, e->lba, e->len, depth + 1, error);
    }
    if (S_ISLNK(n->mode)) {
        n->link = g_strdup(r->sl->str);
        n->size = r->sl->len;
        return TRUE;
    }
    if (!S_ISREG(n->mode))
        return TRUE;
    n->size = size;
    uint32_t first = ext->len ? g_array_index(ext, dw_aext, 0).lba : 0;
    if (size > 0) {
        gpointer idx = g_hash_table_lookup(m->by_lba, GUINT_TO_POINTER(first));
        if (idx) {
            const dw_afile *f = &g_array_index(p->files, dw_afile, GPOINTER_TO_INT(idx) - 1);
            if (f->size == size) {
                n->file = GPOINTER_TO_INT(idx) - 1;
                return TRUE;
            }
        }
    }
    dw_afile f = { .size = size, .old = TRUE };
    if (size > 0 && !split_extents(m, &f, ext, at, error))
        return FALSE;
    g_array_append_val(p->files, f);
    n->file = (int)p->files->len - 1;
    if (size > 0)
        g_hash_table_insert(m->by_lba, GUINT_TO_POINTER(first), GINT_TO_POINTER(n->file + 1));
    return TRUE;
}

static gboolean read_dir(imp *m, dw_anode *dir, uint32_t lba, uint32_t size, int depth, GError **error)
{
    dw_author_plan *p = m->p;
    if (depth > MAX_DEPTH)
        return bad(m, error, lba, "directories nested too deep");
    if (!dw_job_check_cancel(p->job, error))
        return FALSE;
    if (g_hash_table_contains(m->seen_dirs, GUINT_TO_POINTER(lba)))
        return bad(m, error, lba, "a directory appears twice in the tree");
    g_hash_table_add(m->seen_dirs, GUINT_TO_POINTER(lba));
    if (size == 0 || size > MAX_DIR_BYTES || (uint64_t)lba + (size + BLK - 1) / BLK > p->prev_end)
        return bad(m, error, lba, "directory extent out of range");
    size_t nb = (size + BLK - 1) / BLK;
    guint8 *d = g_malloc(nb * BLK);
    if (!dw_author_prev_read(p, lba, d, nb, error)) {
        g_free(d);
        return FALSE;
    }
    gboolean ok = TRUE;
    GArray *ext = g_array_new(FALSE, FALSE, sizeof(dw_aext));
    char *pend_name = NULL;      /* a multi-extent file being collected */
    dw_rr_info pend_rr;
    dw_rr_info_init(&pend_rr);
    time_t pend_t = 0;
    uint64_t pend_size = 0;
    size_t pos = 0;
    int idx = 0;
    while (ok && pos < size) {
        size_t len = d[pos];
        if (len == 0) {
            pos = (pos / BLK + 1) * BLK;
            continue;
        }
        uint64_t at = lba + pos / BLK;
        if (len < 34 || pos + len > size || pos % BLK + len > BLK) {
            ok = bad(m, error, at, "malformed directory record");
            break;
        }
        const guint8 *rec = d + pos;
        pos += len;
        size_t idlen = rec[32];
        if (33 + idlen > len) {
            ok = bad(m, error, at, "directory record name longer than the record");
            break;
        }
        uint32_t elba = le32(rec + 2), esize = le32(rec + 10);
        guint8 flags = rec[25];
        int i = idx++;
        size_t su = 33 + idlen + (idlen % 2 == 0 ? 1 : 0);
        size_t su_len = su < len ? len - su : 0;
        dw_rr_info r;
        dw_rr_info_init(&r);
        if (m->rr && su_len > m->skip)
            ok = dw_rr_parse(p, rec + su + m->skip, su_len - m->skip, &r, at, error);
        if (ok && i == 0 && dir == p->root)
            set_attrs(dir, &r, dw_iso_date7_read(rec + 18), TRUE);
        if (!ok || i < 2 || (flags & 0x04) || (idlen == 1 && rec[33] <= 1)) {
            dw_rr_info_clear(&r);
            continue;
        }
        char *name = m->rr && r.nm_seen ? g_strdup(r.nm->str) : plain_name(m, rec + 33, idlen);
        fix_name(name);
        /* Further extents of a multi-extent file. */
        if (pend_name) {
            if (strcmp(pend_name, name) == 0 && !(flags & 0x02)) {
                dw_aext e = { elba, esize };
                g_array_append_val(ext, e);
                pend_size += esize;
                if (!(flags & 0x80)) {
                    ok = add_node(m, dir, pend_name, &pend_rr, pend_t, FALSE, ext, pend_size, depth, at, error);
                    g_clear_pointer(&pend_name, g_free);
                }
                g_free(name);
                dw_rr_info_clear(&r);
                continue;
            }
            ok = bad(m, error, at, "a multi-extent file ends without its last extent");
            g_free(name);
            dw_rr_info_clear(&r);
            break;
        }
        g_array_set_size(ext, 0);
        gboolean is_dir = (flags & 0x02) != 0;
        if (r.re && is_dir) {
            /* Relocated directory: reached through its CL placeholder. */
            m->saw_re = TRUE;
        } else if (r.cl && !is_dir) {
            /* A placeholder for a relocated directory: its "." gives the size. */
            guint8 *b = g_malloc(BLK);
            ok = dw_author_prev_read(p, r.cl_lba, b, 1, error);
            if (ok && (b[0] < 34 || !(b[25] & 0x02)))
                ok = bad(m, error, r.cl_lba, "Rock Ridge CL does not point at a directory");
            if (ok) {
                dw_aext e = { r.cl_lba, le32(b + 10) };
                g_array_append_val(ext, e);
                ok = add_node(m, dir, name, &r, dw_iso_date7_read(rec + 18), TRUE, ext, 0, depth, at, error);
            }
            g_free(b);
        } else if (!is_dir && (flags & 0x80)) {
            dw_aext e = { elba, esize };
            g_array_append_val(ext, e);
            pend_name = g_strdup(name);
            dw_rr_info_clear(&pend_rr);
            pend_rr = r;
            dw_rr_info_init(&r);
            pend_t = dw_iso_date7_read(rec + 18);
            pend_size = esize;
        } else {
            dw_aext e = { elba, esize };
            g_array_append_val(ext, e);
            ok = add_node(m, dir, name, &r, dw_iso_date7_read(rec + 18), is_dir, ext, esize, depth, at, error);
        }
        g_free(name);
        dw_rr_info_clear(&r);
    }
    if (ok && pend_name)
        ok = bad(m, error, lba, "a multi-extent file ends without its last extent");
    g_free(pend_name);
    dw_rr_info_clear(&pend_rr);
    g_array_unref(ext);
    g_free(d);
    return ok;
}

gboolean dw_author_import(dw_author_plan *p, GError **error)
{
    imp m = { .p = p };
    uint32_t base = p->o.prev_msc1;
    guint8 *vd = g_malloc(BLK);
    guint8 *pvd = g_malloc0(BLK), *svd = g_malloc0(BLK);
    gboolean have_pvd = FALSE, have_svd = FALSE, ok = TRUE;
    for (uint32_t i = 16; ok && i < 16 + 64; i++) {
        GError *e = NULL;
        if (!dw_author_prev_read(p, (uint64_t)base + i, vd, 1, &e)) {
            if (i == 16)
                g_propagate_error(error, e), ok = FALSE;
            else
                g_error_free(e);
            break;
        }
        if (memcmp(vd + 1, "CD001", 5) != 0 || vd[0] == 255)
            break;
        if (vd[0] == 1 && !have_pvd) {
            memcpy(pvd, vd, BLK);
            have_pvd = TRUE;
        } else if (vd[0] == 2 && !have_svd && vd[88] == '%' && vd[89] == '/' &&
                   (vd[90] == '@' || vd[90] == 'C' || vd[90] == 'E')) {
            memcpy(svd, vd, BLK);
            have_svd = TRUE;
        }
    }
    g_free(vd);
    if (ok && !have_pvd) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE,
                    "%s: no ISO 9660 volume descriptor at block %" G_GUINT64_FORMAT " (not an ISO image, or -C/--prev-msc1 "
                    "does not give the last session's start)", p->prev_name, (uint64_t)base + 16);
        ok = FALSE;
    }
    if (ok) {
        uint32_t le = le32(pvd + 80);
        uint32_t be = (uint32_t)pvd[84] << 24 | (uint32_t)pvd[85] << 16 | (uint32_t)pvd[86] << 8 | pvd[87];
        if (le != be || le < base + 17 || le32(pvd + 128) % 65536 != BLK) {
            ok = bad(&m, error, (uint64_t)base + 16, "the volume descriptor's sizes are not ISO 9660 (block size 2048)");
        } else {
            p->prev_end = le;
            uint64_t held = le;
            struct stat st;
            if (p->prev_fd >= 0 && fstat(p->prev_fd, &st) == 0 && S_ISREG(st.st_mode))
                held = MIN(held, (uint64_t)st.st_size / BLK);
            p->prev_reads = 0;
            p->prev_budget = 4 * held + 1024;
        }
    }
    if (ok) {
        m.seen_dirs = g_hash_table_new(NULL, NULL);
        m.by_lba = g_hash_table_new(NULL, NULL);
        const guint8 *root = pvd + 156;
        if (root[0] < 34) {
            ok = bad(&m, error, (uint64_t)base + 16, "the root directory record is malformed");
        } else {
            /* Rock Ridge: the SP entry opens the root's "." System Use area. */
            uint32_t rl = le32(root + 2);
            guint8 *b = g_malloc(BLK);
            if (rl >= p->prev_end || !dw_author_prev_read(p, rl, b, 1, NULL)) {
                ok = bad(&m, error, rl, "the root directory cannot be read");
            } else if (b[0] >= 34 && b[32] == 1) {
                size_t len = b[0];
                size_t su = 34;
                if (len >= su + 7 && b[su] == 'S' && b[su + 1] == 'P' && b[su + 4] == 0xBE && b[su + 5] == 0xEF) {
                    m.rr = TRUE;
                    m.skip = b[su + 6];
                }
            }
            g_free(b);
            if (ok && !m.rr && have_svd && svd[156] >= 34) {
                m.joliet = TRUE;
                root = svd + 156;
            }
            if (ok)
                ok = read_dir(&m, p->root, le32(root + 2), le32(root + 10), 1, error);
            /* The relocation directory, emptied: the tree is whole without it. */
            for (guint i = 0; ok && m.saw_re && i < p->root->kids->len; i++) {
                dw_anode *k = g_ptr_array_index(p->root->kids, i);
                if (S_ISDIR(k->mode) && k->kids && k->kids->len == 0 &&
                    (!strcmp(k->name, "rr_moved") || !strcmp(k->name, ".rr_moved"))) {
                    g_ptr_array_remove_index(p->root->kids, i);
                    break;
                }
            }
            if (ok)
                dw_job_log(p->job, DW_LOG_INFO, "%s: previous session (%s names) ends at block %u", p->prev_name,
                           m.rr ? "Rock Ridge" : m.joliet ? "Joliet" : "ISO 9660", p->prev_end);
        }
        g_hash_table_unref(m.seen_dirs);
        g_hash_table_unref(m.by_lba);
    }
    g_free(pvd);
    g_free(svd);
    p->prev_budget = 0;          /* the budget is the import's */
    return ok;
}
