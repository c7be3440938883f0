/* extract.c: write a tree read by read_tree.c into a directory, safely.
 *
 * Every directory is opened relative to the one above it with
 * O_NOFOLLOW | O_DIRECTORY, so a symbolic link (from the image or
 * already in the destination) is never followed while writing; names
 * that are empty, "." or "..", or hold a '/', are refused.  A file is
 * written under a temporary name in its directory (O_EXCL | O_NOFOLLOW)
 * and renamed into place when complete: without --force with
 * RENAME_NOREPLACE, so nothing is overwritten; with --force over a file
 * or symlink, never over a directory.  Existing outputs are looked for
 * before anything is written, so an extract that would overwrite fails
 * with nothing changed.  Runs of zeros are seeked over (sparse output).
 * Directory modes and times are set when their subtree is complete.
 *
 * Hostile images: file data is read only from the extents the tree
 * reader found inside the image; entries it marked damaged are refused
 * without --force (with it, what backs them is written); files that
 * share their data are hard linked rather than copied; and the bytes
 * written in all stay within the image's size (a file that would go
 * past it is refused), so no image makes extract write more than it
 * holds.  Names longer than 255 bytes are refused. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/extract.h"

#define CHUNK (1u << 20)

typedef struct {
    const dw_image_tree *t;
    const dw_extract_options *o;
    dw_job *job;
    dw_extract_result *r;
    int image_fd;
    uint64_t image_size;
    uint64_t budget;             /* bytes the files written may still take (the image's size at first) */
    int rootfd;
    /* per entry */
    int *dirfd;                  /* directories: open fd while their subtree is written, else -1 */
    gboolean *written;
    dev_t *dev;
    ino_t *ino;
    char **rel;                  /* path relative to dest, for hard links */
    guint8 *buf;
    unsigned tmp_counter;
} xctx;

static gboolean safe_name(const char *n)
{
    return n && *n && strcmp(n, ".") && strcmp(n, "..") && !strchr(n, '/') && strlen(n) <= 255;
}

static void refuse(xctx *c, const dw_image_entry *e, const char *why)
{
    c->r->refused++;
    dw_job_add_error(c->job);
    dw_job_log(c->job, DW_LOG_WARNING, "%s: %s; not written", e->path, why);
}

static gboolean place(xctx *c, int pfd, const char *tmp, const char *name, const dw_image_entry *e, GError **error)
{
    unsigned flags = c->o->force ? 0 : RENAME_NOREPLACE;
    if (renameat2(pfd, tmp, pfd, name, flags) == 0)
        return TRUE;
    int err = errno;
    unlinkat(pfd, tmp, 0);
    if (err == EEXIST) {
        g_set_error(error, DW_ERROR, DW_ERROR_EXISTS, "%s exists (use --force to replace it)", e->path);
        return FALSE;
    }
    g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", e->path, g_strerror(err));
    return FALSE;
}

static char *tmp_name(xctx *c)
{
    return g_strdup_printf(".dw-extract-%d-%u.partial", (int)getpid(), c->tmp_counter++);
}

static void set_times_at(int pfd, const char *name, const dw_image_entry *e)
{
    if (!e->has_mtime)
        return;
    struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_sec = (time_t)e->mtime } };
    utimensat(pfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

static gboolean read_image(xctx *c, uint64_t off, void *buf, size_t len, const dw_image_entry *e, GError **error)
{
    if (off + len > c->image_size) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "%s: data at byte %" G_GUINT64_FORMAT " lies past the end of %s",
                    e->path, off, c->t->image);
        return FALSE;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(c->image_fd, (guint8 *)buf + got, len - got, (off_t)(off + got));
        if (n <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "%s: cannot read %s at byte %" G_GUINT64_FORMAT ": %s",
                        e->path, c->t->image, off + got, n < 0 ? g_strerror(errno) : "end of file");
            return FALSE;
        }
        got += (size_t)n;
    }
    return TRUE;
}

static gboolean is_zero(const guint8 *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return FALSE;
    return TRUE;
}

/* Write buf to fd at its position, seeking over zeros. */
static gboolean put_data(int fd, const guint8 *b, size_t n)
{
    if (is_zero(b, n))
        return lseek(fd, (off_t)n, SEEK_CUR) >= 0;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, b + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return FALSE;
        done += (size_t)w;
    }
    return TRUE;
}

static gboolean copy_data(xctx *c, int fd, const dw_image_entry *e, GError **error)
{
    for (size_t x = 0; x < e->n_extents; x++) {
        const dw_image_extent *ext = &e->extents[x];
        uint64_t off = (uint64_t)ext->lba * 2048 + ext->offset, left = ext->bytes;
        while (left > 0) {
            if (!dw_job_check_cancel(c->job, error))
                return FALSE;
            size_t n = (size_t)MIN(left, CHUNK);
            if (ext->zero)
                memset(c->buf, 0, n);
            else if (!read_image(c, off, c->buf, n, e, error))
                return FALSE;
            if (!put_data(fd, c->buf, n)) {
                g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", e->path, g_strerror(errno));
                return FALSE;
            }
            off += n;
            left -= n;
            c->r->bytes += n;
            dw_job_advance(c->job, n, n);
        }
    }
    return TRUE;
}

static gboolean write_file(xctx *c, size_t i, int pfd, GError **error)
{
    const dw_image_entry *e = &c->t->entries[i];
    g_autofree char *tmp = tmp_name(c);
    if (e->hardlink_of >= 0 && c->written[e->hardlink_of]) {
        int h = e->hardlink_of;
        if (linkat(c->rootfd, c->rel[h], pfd, tmp, 0) == 0) {
            struct stat st;
            if (fstatat(pfd, tmp, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_dev == c->dev[h] && st.st_ino == c->ino[h]) {
                if (!place(c, pfd, tmp, e->name, e, error))
                    return FALSE;
                c->r->hardlinks++;
                return TRUE;
            }
            unlinkat(pfd, tmp, 0);
        }
        dw_job_log(c->job, DW_LOG_INFO, "%s: hard link to %s not possible; writing a copy", e->path,
                   c->t->entries[h].path);
    }
    if (e->size > c->budget) {
        refuse(c, e, "its bytes would take what is written past the image's size (a damaged image: data counted "
                     "twice)");
        return TRUE;
    }
    c->budget -= e->size;
    int fd = openat(pfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot create a file for %s: %s", e->path, g_strerror(errno));
        return FALSE;
    }
    gboolean ok = copy_data(c, fd, e, error);
    if (ok && ftruncate(fd, (off_t)e->size) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", e->path, g_strerror(errno));
        ok = FALSE;
    }
    if (ok) {
        mode_t m = e->mode ? (mode_t)(e->mode & 01777) : 0644;
        if (fchmod(fd, m) != 0)
            dw_job_log(c->job, DW_LOG_WARNING, "%s: cannot set mode %04o: %s", e->path, (unsigned)m, g_strerror(errno));
        if (e->has_mtime) {
            struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_sec = (time_t)e->mtime } };
            futimens(fd, ts);
        }
        struct stat st;
        if (fstat(fd, &st) == 0) {
            c->dev[i] = st.st_dev;
            c->ino[i] = st.st_ino;
        }
    }
    if (close(fd) != 0 && ok) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot write %s: %s", e->path, g_strerror(errno));
        ok = FALSE;
    }
    if (!ok) {
        unlinkat(pfd, tmp, 0);
        return FALSE;
    }
    if (!place(c, pfd, tmp, e->name, e, error))
        return FALSE;
    c->written[i] = TRUE;
    c->r->files++;
    return TRUE;
}

static gboolean write_symlink(xctx *c, const dw_image_entry *e, int pfd, GError **error)
{
    g_autofree char *tmp = tmp_name(c);
    if (symlinkat(e->link ? e->link : "", pfd, tmp) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot create symlink %s: %s", e->path, g_strerror(errno));
        return FALSE;
    }
    set_times_at(pfd, tmp, e);
    if (!place(c, pfd, tmp, e->name, e, error))
        return FALSE;
    c->r->symlinks++;
    return TRUE;
}

/* The directory e inside pfd: created (0700 until it is complete) or an existing one. */
static int open_dir(xctx *c, const dw_image_entry *e, int pfd, GError **error)
{
    gboolean made = mkdirat(pfd, e->name, 0700) == 0;
    if (!made && errno != EEXIST) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot create directory %s: %s", e->path, g_strerror(errno));
        return -2;
    }
    int fd = openat(pfd, e->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        refuse(c, e, "the destination holds a symlink or file there, which is not followed");
        return -1;
    }
    if (made)
        c->r->dirs++;
    return fd;
}

static void finish_dir(xctx *c, size_t i)
{
    const dw_image_entry *e = &c->t->entries[i];
    int fd = c->dirfd[i];
    if (fd < 0)
        return;
    if (fd != c->rootfd) {
        mode_t m = e->mode ? (mode_t)(e->mode & 01777) : 0755;
        fchmod(fd, m);
        if (e->has_mtime) {
            struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_sec = (time_t)e->mtime } };
            futimens(fd, ts);
        }
        close(fd);
    }
    c->dirfd[i] = -1;
}

/* Before writing anything: does any output exist already? */
static gboolean precheck(xctx *c, GError **error)
{
    if (c->o->force)
        return TRUE;
    for (size_t i = 0; i < c->t->n; i++) {
        const dw_image_entry *e = &c->t->entries[i];
        if (!c->rel[i] || e->type == DW_ENTRY_DIR || e->type == DW_ENTRY_SPECIAL)
            continue;
        struct stat st;
        if (fstatat(c->rootfd, c->rel[i], &st, AT_SYMLINK_NOFOLLOW) == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_EXISTS, "%s exists (use --force to replace it); nothing written",
                        c->rel[i]);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean run(xctx *c, gboolean top_is_root, GError **error)
{
    const dw_image_tree *t = c->t;
    /* Relative paths (NULL where a component is unsafe). */
    for (size_t i = 0; i < t->n; i++) {
        const dw_image_entry *e = &t->entries[i];
        if (i == 0 && top_is_root) {
            c->rel[i] = g_strdup(".");
        } else if (!safe_name(e->name) || (e->parent >= 0 && !c->rel[e->parent])) {
            c->rel[i] = NULL;
        } else {
            c->rel[i] = e->parent < 0 || (e->parent == 0 && top_is_root)
                            ? g_strdup(e->name)
                            : g_strdup_printf("%s/%s", c->rel[e->parent], e->name);
        }
    }
    if (!precheck(c, error))
        return FALSE;
    dw_job_begin_phase(c->job, "extracting", t->total_bytes, "bytes");
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(size_t));
    gboolean ok = TRUE;
    for (size_t i = 0; ok && i < t->n; i++) {
        const dw_image_entry *e = &t->entries[i];
        if (i == 0 && top_is_root) {
            c->dirfd[0] = c->rootfd;
            g_array_append_val(stack, i);
            continue;
        }
        int pfd = e->parent < 0 ? c->rootfd : c->dirfd[e->parent];
        if (pfd < 0)
            continue;            /* under a refused directory (already counted); its parent is not on the stack */
        while (stack->len && g_array_index(stack, size_t, stack->len - 1) != (size_t)e->parent) {
            finish_dir(c, g_array_index(stack, size_t, stack->len - 1));
            g_array_set_size(stack, stack->len - 1);
        }
        if (!dw_job_check_cancel(c->job, error)) {
            ok = FALSE;
            break;
        }
        if (!safe_name(e->name)) {
            g_autofree char *why = g_strdup_printf("unsafe name \"%s\" refused", e->name);
            refuse(c, e, why);
            continue;
        }
        switch (e->type) {
        case DW_ENTRY_DIR: {
            int fd = open_dir(c, e, pfd, error);
            if (fd == -2) {
                ok = FALSE;
                break;
            }
            c->dirfd[i] = fd;
            if (fd >= 0)
                g_array_append_val(stack, i);
            else
                c->dirfd[i] = -1;
            break;
        }
        case DW_ENTRY_FILE:
            if (e->damaged && !c->o->force)
                refuse(c, e, "damaged in the image (see above; --force writes what can be read)");
            else
                ok = write_file(c, i, pfd, error);
            break;
        case DW_ENTRY_SYMLINK:
            if (!e->link || !*e->link)
                refuse(c, e, "symbolic link without a readable target");
            else
                ok = write_symlink(c, e, pfd, error);
            break;
        case DW_ENTRY_SPECIAL:
            refuse(c, e, "device, FIFO or socket");
            break;
        }
    }
    while (stack->len) {
        finish_dir(c, g_array_index(stack, size_t, stack->len - 1));
        g_array_set_size(stack, stack->len - 1);
    }
    g_array_free(stack, TRUE);
    return ok;
}

gboolean dw_extract(const char *image, const char *dest, const dw_extract_options *opts, dw_job *job,
                    dw_extract_result *result, GError **error)
{
    dw_extract_result local;
    dw_extract_result *r = result ? result : &local;
    memset(r, 0, sizeof *r);
    dw_job_begin_phase(job, "reading tree", 0, "entries");
    g_autoptr(dw_image_tree) t =
        dw_image_tree_read(image, opts->tree, opts->path, opts->force ? DW_TREE_READ_DAMAGED : 0, job, error);
    if (!t)
        return FALSE;
    r->tree = t->kind;
    r->damaged = t->n_damaged;
    if (g_mkdir_with_parents(dest, 0755) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot create %s: %s", dest, g_strerror(errno));
        return FALSE;
    }
    xctx c = { .t = t, .o = opts, .job = job, .r = r, .image_fd = -1 };
    c.rootfd = open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (c.rootfd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot open %s: %s", dest, g_strerror(errno));
        return FALSE;
    }
    gboolean ok = TRUE;
    c.image_fd = open(t->image, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (c.image_fd < 0 || fstat(c.image_fd, &st) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "cannot open %s: %s", t->image, g_strerror(errno));
        ok = FALSE;
    } else if (S_ISBLK(st.st_mode)) {
        off_t end = lseek(c.image_fd, 0, SEEK_END);
        c.image_size = end > 0 ? (uint64_t)end : 0;
    } else {
        c.image_size = (uint64_t)st.st_size;
    }
    c.budget = MIN(c.image_size, t->image_bytes);
    if (ok) {
        c.dirfd = g_new(int, t->n);
        for (size_t i = 0; i < t->n; i++)
            c.dirfd[i] = -1;
        c.written = g_new0(gboolean, t->n);
        c.dev = g_new0(dev_t, t->n);
        c.ino = g_new0(ino_t, t->n);
        c.rel = g_new0(char *, t->n + 1);
        c.buf = g_malloc(CHUNK);
        gboolean top_is_root = t->n > 0 && t->entries[0].parent < 0 && t->entries[0].type == DW_ENTRY_DIR &&
                               strcmp(t->entries[0].path, "/") == 0;
        ok = run(&c, top_is_root, error);
        for (size_t i = 0; i < t->n; i++)
            if (c.dirfd[i] >= 0 && c.dirfd[i] != c.rootfd)
                close(c.dirfd[i]);
        g_free(c.dirfd);
        g_free(c.written);
        g_free(c.dev);
        g_free(c.ino);
        for (size_t i = 0; i < t->n; i++)
            g_free(c.rel[i]);
        g_free(c.rel);
        g_free(c.buf);
    }
    if (c.image_fd >= 0)
        close(c.image_fd);
    close(c.rootfd);
    if (ok && r->refused) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED,
                    "%u entries of %s refused (unsafe names, paths through symlinks, special files, damaged "
                    "entries); the rest is in %s",
                    r->refused, t->image, dest);
        ok = FALSE;
    } else if (ok && t->n_damaged) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED,
                    "%s is damaged (%u problems, see the warnings); what could be read is in %s", t->image,
                    t->n_damaged, dest);
        ok = FALSE;
    }
    if (ok)
        dw_job_finish(job);
    return ok;
}
