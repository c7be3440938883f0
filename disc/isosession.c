/* isosession.c: a session view of a multisession disc (isosession.h).
 *
 * From msc1 + 16 the volume descriptors up to the terminator (at most 64)
 * are copied to blocks 16.. of the view.  Then every tree the primary
 * and the Joliet descriptors root is walked: each directory's extent is
 * copied to its own LBA, each record's System Use area is scanned for
 * SUSP CE entries (after the bytes the root's SP entry says to skip) and
 * the continuation blocks copied too (their own CE entries followed), and
 * the path tables are copied.  Every length is checked against what holds
 * it; a directory extent is read once (loops end there); at most
 * MAX_BLOCKS blocks and MAX_DEPTH levels.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/isosession.h"

#define BLK 2048
#define MAX_BLOCKS 65536             /* 128 MiB of directories */
#define MAX_DEPTH 128
#define MAX_CE 4096                  /* continuation areas followed */

typedef struct {
    int fd;
    const char *name;
    GHashTable *blocks;              /* LBA -> 2048-byte copy (g_free) */
    GHashTable *dirs;                /* directory extents read */
    unsigned skip;                   /* SUSP bytes to skip (SP) */
    unsigned n_ce;
    GError **error;
    gboolean failed;
} walk;

static uint32_t le32(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static gboolean fail(walk *w, uint32_t lba, const char *what)
{
    if (!w->failed)
        g_set_error(w->error, DW_ERROR, DW_ERROR_PARSE, "%s: last session, block %u: %s", w->name, lba, what);
    w->failed = TRUE;
    return FALSE;
}

/* Read block lba (kept in the view); NULL on a read error. */
static const guint8 *get(walk *w, uint32_t lba)
{
    guint8 *b = g_hash_table_lookup(w->blocks, GUINT_TO_POINTER(lba));
    if (b)
        return b;
    if (g_hash_table_size(w->blocks) >= MAX_BLOCKS) {
        fail(w, lba, "the tree is larger than a session view holds");
        return NULL;
    }
    b = g_malloc(BLK);
    size_t got = 0;
    while (got < BLK) {
        ssize_t n = pread(w->fd, b + got, BLK - got, (off_t)lba * BLK + (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < BLK) {
        g_free(b);
        g_set_error(w->error, DW_ERROR, DW_ERROR_UNREADABLE, "%s: cannot read block %u of the last session's tree",
                    w->name, lba);
        w->failed = TRUE;
        return NULL;
    }
    g_hash_table_insert(w->blocks, GUINT_TO_POINTER(lba), b);
    return b;
}

static gboolean get_range(walk *w, uint32_t lba, uint64_t bytes)
{
    uint64_t n = (bytes + BLK - 1) / BLK;
    if (n > MAX_BLOCKS || (uint64_t)lba + n > UINT32_MAX)
        return fail(w, lba, "an extent larger than a session view holds");
    for (uint64_t i = 0; i < n; i++)
        if (!get(w, lba + (uint32_t)i))
            return FALSE;
    return TRUE;
}

/* SUSP entries in su[0..len): copy continuation areas (CE). */
static gboolean susp(walk *w, const guint8 *su, size_t len, uint32_t at)
{
    size_t o = 0;
    while (o + 4 <= len) {
        unsigned el = su[o + 2];
        if (el < 4 || o + el > len)
            break;
        if (su[o] == 'S' && su[o + 1] == 'T')
            break;
        if (su[o] == 'C' && su[o + 1] == 'E' && el >= 28) {
            uint32_t blk = le32(su + o + 4), off = le32(su + o + 12), cl = le32(su + o + 20);
            if (++w->n_ce > MAX_CE)
                return fail(w, at, "too many Rock Ridge continuation areas");
            if (off >= BLK || cl > (uint32_t)MAX_BLOCKS * BLK || cl == 0)
                return fail(w, at, "a continuation area outside its block");
            uint64_t end = (uint64_t)off + cl;
            if (!get_range(w, blk, end))
                return FALSE;
            /* The area itself: its entries may continue further. */
            guint8 *area = g_malloc(cl);
            uint64_t done = 0;
            for (uint32_t b = blk; done < cl; b++) {
                const guint8 *src = get(w, b);
                if (!src) {
                    g_free(area);
                    return FALSE;
                }
                size_t from = b == blk ? off : 0;
                size_t n = (size_t)MIN((uint64_t)(BLK - from), cl - done);
                memcpy(area + done, src + from, n);
                done += n;
            }
            gboolean ok = susp(w, area, cl, blk);
            g_free(area);
            if (!ok)
                return FALSE;
        }
        o += el;
    }
    return TRUE;
}

static gboolean walk_dir(walk *w, uint32_t lba, uint32_t size, int depth, gboolean root)
{
    if (depth > MAX_DEPTH)
        return fail(w, lba, "directories nested too deep");
    if (g_hash_table_contains(w->dirs, GUINT_TO_POINTER(lba)))
        return TRUE;
    g_hash_table_add(w->dirs, GUINT_TO_POINTER(lba));
    if (size == 0 || size > (uint32_t)MAX_BLOCKS * BLK)
        return fail(w, lba, "a directory of impossible size");
    if (!get_range(w, lba, size))
        return FALSE;
    uint32_t nblk = (size + BLK - 1) / BLK;
    for (uint32_t k = 0; k < nblk; k++) {
        const guint8 *b = get(w, lba + k);
        if (!b)
            return FALSE;
        size_t o = 0;
        while (o < BLK) {
            unsigned rl = b[o];
            if (rl == 0)
                break;       /* the rest of the block is padding */
            if (rl < 34 || o + rl > BLK)
                return fail(w, lba + k, "a directory record crosses its block");
            const guint8 *r = b + o;
            unsigned nl = r[32];
            if (33u + nl > rl)
                return fail(w, lba + k, "a name longer than its record");
            gboolean dot = nl == 1 && (r[33] == 0 || r[33] == 1);
            size_t su = 33 + nl + (nl % 2 == 0 ? 1 : 0);
            if (root && o == 0 && su + 7 <= rl && r[su] == 'S' && r[su + 1] == 'P' && r[su + 4] == 0xBE &&
                r[su + 5] == 0xEF)
                w->skip = r[su + 6];
            if (su + w->skip < rl && !susp(w, r + su + w->skip, rl - su - w->skip, lba + k))
                return FALSE;
            if ((r[25] & 0x02) && !dot && !walk_dir(w, le32(r + 2), le32(r + 10), depth + 1, FALSE))
                return FALSE;
            o += rl;
        }
    }
    return TRUE;
}

static gboolean write_all(int fd, const guint8 *b, off_t at)
{
    size_t done = 0;
    while (done < BLK) {
        ssize_t n = pwrite(fd, b + done, BLK - done, at + (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        done += (size_t)n;
    }
    return TRUE;
}

char *dw_iso_session_view_fd(int fd, uint32_t msc1, const char *name, GError **error)
{
    walk w = { .fd = fd, .name = name, .error = error };
    w.blocks = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    w.dirs = g_hash_table_new(NULL, NULL);
    guint8 (*vds)[BLK] = g_malloc(64 * BLK);
    int n_vd = 0;
    gboolean have_pvd = FALSE;
    char *path = NULL;
    /* The descriptors, kept apart: they go to blocks 16.. of the view. */
    for (int i = 0; i < 64 && !w.failed; i++) {
        if ((uint64_t)msc1 + 16 + (uint64_t)i > UINT32_MAX) {
            fail(&w, msc1, "the session starts past the end of the disc");
            break;
        }
        const guint8 *b = get(&w, msc1 + 16 + (uint32_t)i);
        if (!b)
            break;
        if (memcmp(b + 1, "CD001", 5) != 0)
            break;
        memcpy(vds[n_vd++], b, BLK);
        if (b[0] == 255)
            break;
        have_pvd |= b[0] == 1;
    }
    if (!w.failed && !have_pvd)
        fail(&w, msc1 + 16, "no ISO 9660 volume descriptor at the last session's start + 16");
    for (int i = 0; i < n_vd && !w.failed; i++) {
        const guint8 *v = vds[i];
        if (v[0] != 1 && v[0] != 2)
            continue;
        const guint8 *root = v + 156;
        if (root[0] < 34)
            continue;
        uint32_t pt_size = le32(v + 132);
        if (pt_size > 0 && pt_size < (uint32_t)MAX_BLOCKS * BLK) {
            uint32_t l_pt = le32(v + 140);
            uint32_t m_pt = (uint32_t)v[148] << 24 | (uint32_t)v[149] << 16 | (uint32_t)v[150] << 8 | v[151];
            if (l_pt && !get_range(&w, l_pt, pt_size))
                break;
            if (m_pt && !get_range(&w, m_pt, pt_size))
                break;
        }
        w.skip = 0;
        walk_dir(&w, le32(root + 2), le32(root + 10), 0, TRUE);
    }
    if (!w.failed) {
        int out = g_file_open_tmp("dw-session-XXXXXX.iso", &path, NULL);
        gboolean ok = out >= 0;
        uint32_t top = 16 + (uint32_t)n_vd;
        GHashTableIter it;
        gpointer key, val;
        g_hash_table_iter_init(&it, w.blocks);
        while (ok && g_hash_table_iter_next(&it, &key, &val)) {
            uint32_t lba = GPOINTER_TO_UINT(key);
            if (lba >= msc1 + 16 && lba < msc1 + 16 + (uint32_t)n_vd)
                continue;        /* the descriptors go to 16.. */
            ok = write_all(out, val, (off_t)lba * BLK);
            top = MAX(top, lba + 1);
        }
        for (int i = 0; ok && i < n_vd; i++)
            ok = write_all(out, vds[i], (off_t)(16 + i) * BLK);
        ok = ok && ftruncate(out, (off_t)top * BLK) == 0;
        if (out >= 0)
            close(out);
        if (!ok) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot write the session view: %s", name,
                        g_strerror(errno));
            if (path)
                unlink(path);
            g_free(path);
            path = NULL;
        }
    }
    g_hash_table_unref(w.blocks);
    g_hash_table_unref(w.dirs);
    g_free(vds);
    return path;
}

char *dw_iso_session_view(const char *path, GError **error)
{
    struct stat st;
    if (stat(path, &st) != 0 || !(S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)))
        return NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;             /* the reader reports the open error */
    struct cdrom_multisession ms;
    memset(&ms, 0, sizeof ms);
    ms.addr_format = CDROM_LBA;
    char *view = NULL;
    if (ioctl(fd, CDROMMULTISESSION, &ms) == 0 && ms.addr.lba > 0)
        view = dw_iso_session_view_fd(fd, (uint32_t)ms.addr.lba, path, error);
    close(fd);
    return view;
}
