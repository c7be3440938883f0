/* source.c: the pull sources a burn reads from (a file, an open FIFO or
 * stdin, a read callback such as the author stream), each with a size in
 * 2048-byte blocks, and the struct burn_source that hands one to libburn.
 * The last block is padded with zeros; a source that ends early is an
 * error, not a short track.  The first 64 KiB that pass are kept (the
 * new superblock when growing an ISO) and the data can be hashed on the
 * way for verifying sources that cannot be read twice. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "burn/burn_private.h"
#include "burn/source_private.h"
#include "discwright/hash.h"

struct dw_burn_source {
    char *name;
    char *path;                  /* file sources */
    int fd;                      /* file and fd sources */
    gboolean own_fd;
    dw_burn_read_fn read;        /* callback sources */
    void *user;
    GDestroyNotify destroy;
    uint64_t bytes;              /* the data's own length */
    uint64_t blocks;
    uint64_t pad_to;             /* bytes libburn asked for (a CD track's 300-block minimum), 0 none */
    /* streaming state */
    uint64_t served;             /* bytes handed to libburn, padding included */
    dw_hash *hash;
    guint8 head[DW_BURN_SUPERBLOCK];
    size_t head_len;
    GError *error;               /* first read error */
    gboolean stopped;            /* the write is over: serve nothing more (dw_burn_source_stop) */
    GMutex lock;
};

static dw_burn_source *source_alloc(const char *name, uint64_t bytes)
{
    dw_burn_source *s = g_new0(dw_burn_source, 1);
    s->name = g_strdup(name ? name : "(stream)");
    s->fd = -1;
    s->bytes = bytes;
    s->blocks = (bytes + DW_BURN_BLOCK - 1) / DW_BURN_BLOCK;
    g_mutex_init(&s->lock);
    return s;
}

dw_burn_source *dw_burn_source_new_file(const char *path, GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, errno == ENOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO, "%s: %s", path,
                    g_strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: not a regular file", path);
        close(fd);
        return NULL;
    }
    if (st.st_size == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: empty image", path);
        close(fd);
        return NULL;
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    dw_burn_source *s = source_alloc(path, (uint64_t)st.st_size);
    s->path = g_strdup(path);
    s->fd = fd;
    s->own_fd = TRUE;
    return s;
}

dw_burn_source *dw_burn_source_new_fd(int fd, uint64_t size_bytes, const char *name)
{
    dw_burn_source *s = source_alloc(name, size_bytes);
    s->fd = fd;
    return s;
}

dw_burn_source *dw_burn_source_new_callback(uint64_t blocks, dw_burn_read_fn read, void *user,
                                            GDestroyNotify destroy, const char *name)
{
    dw_burn_source *s = source_alloc(name, blocks * DW_BURN_BLOCK);
    s->read = read;
    s->user = user;
    s->destroy = destroy;
    return s;
}

uint64_t dw_burn_source_blocks(const dw_burn_source *src) { return src->blocks; }
uint64_t dw_burn_source_bytes(const dw_burn_source *src) { return src->bytes; }
const char *dw_burn_source_name(const dw_burn_source *src) { return src->name; }
const char *dw_burn_source_path(const dw_burn_source *src) { return src->path; }

void dw_burn_source_free(dw_burn_source *src)
{
    if (!src)
        return;
    if (src->own_fd && src->fd >= 0)
        close(src->fd);
    if (src->destroy)
        src->destroy(src->user);
    if (src->hash)
        dw_hash_free(src->hash);
    g_clear_error(&src->error);
    g_mutex_clear(&src->lock);
    g_free(src->name);
    g_free(src->path);
    g_free(src);
}

/* One read from the underlying data: >0 bytes, 0 end, -1 error. */
static gssize raw_read(dw_burn_source *s, void *buf, gsize len, GError **error)
{
    if (s->read)
        return s->read(s->user, buf, len, error);
    for (;;) {
        ssize_t n = read(s->fd, buf, len);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: read: %s", s->name, g_strerror(errno));
        return -1;
    }
}

gssize dw_burn_source_pull(dw_burn_source *s, guint8 *buf, gsize len)
{
    g_mutex_lock(&s->lock);
    if (s->stopped) {
        /* libburn's FIFO thread reads on after a cancel: the end of the data for it */
        g_mutex_unlock(&s->lock);
        return 0;
    }
    gsize own_len = (gsize)(s->blocks * DW_BURN_BLOCK);
    gsize total_len = MAX(own_len, (gsize)s->pad_to);
    gsize got = 0;
    while (got < len && s->served < total_len && !s->error) {
        gsize want = len - got;
        if (s->served < s->bytes) {
            if (want > s->bytes - s->served)
                want = (gsize)(s->bytes - s->served);
            gssize n = raw_read(s, buf + got, want, &s->error);
            if (n < 0)
                break;
            if (n == 0) {
                g_set_error(&s->error, DW_ERROR, DW_ERROR_IO,
                            "%s: ended after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes", s->name,
                            s->served, s->bytes);
                break;
            }
            want = (gsize)n;
        } else {
            /* zero padding of the last block */
            if (want > total_len - s->served)
                want = (gsize)(total_len - s->served);
            memset(buf + got, 0, want);
        }
        if (s->head_len < sizeof s->head) {
            size_t c = MIN(sizeof s->head - s->head_len, want);
            memcpy(s->head + s->head_len, buf + got, c);
            s->head_len += c;
        }
        if (s->hash && s->served < own_len)
            dw_hash_update(s->hash, buf + got, MIN(want, own_len - s->served));
        got += want;
        s->served += want;
    }
    gboolean failed = s->error != NULL;
    g_mutex_unlock(&s->lock);
    if (failed && got == 0)
        return -1;
    return (gssize)got;
}

void dw_burn_source_start(dw_burn_source *src, gboolean hash)
{
    src->stopped = FALSE;
    src->served = 0;
    src->head_len = 0;
    g_clear_error(&src->error);
    if (src->hash)
        dw_hash_free(src->hash);
    src->hash = hash ? dw_hash_new(DW_HASH_SHA256) : NULL;
}

gboolean dw_burn_source_take_error(dw_burn_source *src, GError **error)
{
    if (!src->error)
        return TRUE;
    g_propagate_error(error, src->error);
    src->error = NULL;
    return FALSE;
}

uint64_t dw_burn_source_served(const dw_burn_source *src) { return src->served; }

gboolean dw_burn_source_head(const dw_burn_source *src, guint8 out[DW_BURN_SUPERBLOCK])
{
    if (src->head_len < DW_BURN_SUPERBLOCK)
        return FALSE;
    memcpy(out, src->head, DW_BURN_SUPERBLOCK);
    return TRUE;
}

void dw_burn_source_stop(dw_burn_source *src)
{
    g_mutex_lock(&src->lock);   /* waits for a pull in progress */
    src->stopped = TRUE;
    g_mutex_unlock(&src->lock);
}

gboolean dw_burn_source_sha256(dw_burn_source *src, char hex[65])
{
    g_mutex_lock(&src->lock);
    dw_hash *h = src->hash;
    src->hash = NULL;
    g_mutex_unlock(&src->lock);
    if (!h)
        return FALSE;
    dw_hash_result r;
    dw_hash_finish(h, &r);
    dw_hash_free(h);
    memcpy(hex, r.sha256_hex, 65);
    return TRUE;
}

static uint32_t le32(const guint8 *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A type-L path table starts with the root's record: length 1, no
 * extended attributes, the root's extent, parent 1, name 0x00. */
static gboolean is_path_table(const guint8 *b, uint32_t root)
{
    return b[0] == 1 && b[1] == 0 && le32(b + 2) == root && b[6] == 1 && b[7] == 0 && b[8] == 0;
}

int64_t dw_burn_iso_intended_start(const dw_burn_source *src)
{
    if (!src->path)
        return -1;
    guint8 b[DW_BURN_BLOCK];
    if (pread(src->fd, b, sizeof b, 16 * DW_BURN_BLOCK) != (ssize_t)sizeof b)
        return -1;
    uint32_t vss = 0;
    if (!dw_burn_parse_pvd(b, &vss, NULL))
        return -1;
    /* The LBAs inside are absolute: find the path table in the image to
     * learn where the image was meant to start (mkisofs -C X,NWA). */
    uint32_t ptable = le32(b + 140), root = le32(b + 158);
    if (ptable < src->blocks && pread(src->fd, b, sizeof b, (off_t)ptable * DW_BURN_BLOCK) == (ssize_t)sizeof b &&
        is_path_table(b, root))
        return 0;
    uint64_t last = MIN(src->blocks, (uint64_t)4096);
    for (uint64_t k = 17; k < last; k++) {
        if (pread(src->fd, b, sizeof b, (off_t)(k * DW_BURN_BLOCK)) != (ssize_t)sizeof b)
            break;
        if (is_path_table(b, root) && ptable > k)
            return (int64_t)(ptable - k);
    }
    /* genisoimage also says it in the volume space size. */
    return vss > src->blocks ? (int64_t)(vss - src->blocks) : 0;
}

/* ---- the libburn side ---- */

static int bs_read(struct burn_source *bs, unsigned char *buffer, int size)
{
    dw_burn_source *s = bs->data;
    if (size <= 0)
        return 0;
    gssize n = dw_burn_source_pull(s, buffer, (gsize)size);
    return n < 0 ? -1 : (int)n;
}

static off_t bs_get_size(struct burn_source *bs)
{
    dw_burn_source *s = bs->data;
    return (off_t)MAX(s->blocks * DW_BURN_BLOCK, s->pad_to);
}

/* libburn grows a track it must pad (a CD track is at least 300 blocks):
 * the source then delivers zeros after its data, which verify and the
 * hash leave out. */
static int bs_set_size(struct burn_source *bs, off_t size)
{
    dw_burn_source *s = bs->data;
    if (size > 0 && (uint64_t)size > s->blocks * DW_BURN_BLOCK)
        s->pad_to = (uint64_t)size;
    return 1;
}

static void bs_free_data(struct burn_source *bs)
{
    bs->data = NULL;             /* the dw_burn_source belongs to the caller */
}

static int bs_cancel(struct burn_source *bs)
{
    (void)bs;
    return 1;
}

struct burn_source *dw_burn_source_to_libburn(dw_burn_source *src)
{
    struct burn_source *bs = calloc(1, sizeof *bs);
    if (!bs)
        return NULL;
    bs->refcount = 1;
    bs->read = NULL;
    bs->version = 1;
    bs->read_xt = bs_read;
    bs->get_size = bs_get_size;
    bs->set_size = bs_set_size;
    bs->free_data = bs_free_data;
    bs->cancel = bs_cancel;
    bs->data = src;
    return bs;
}
