/* udf_attrs.c: what libudfread (1.1) does not report about UDF files,
 * read with our own bounds-checked walker: file types (symbolic links,
 * devices, FIFOs), POSIX modes from the UDF permissions and ICB flags,
 * modification times, symlink targets (ECMA-167 4/14.16 path
 * components), link counts and the File Entry each name points at (hard
 * links share one).  Volume structure: anchor at 256 (or the last
 * block), the main volume descriptor sequence's partition and logical
 * volume descriptors, the file set descriptor, then File Entries and
 * File Identifier Descriptors in one type-1 partition.  A metadata
 * partition (UDF 2.50) is not walked: the caller then has names and
 * data only.  Every length is checked against its block; at most
 * DW_UDF_ATTR_MAX_NODES names, MAX_DEPTH levels, each directory's File
 * Entry read once. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "author/udf_attrs.h"

#define MAX_DEPTH 64
#define MAX_DIR_BYTES (16u << 20)

static uint16_t le16(const guint8 *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const guint8 *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le64(const guint8 *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

typedef struct {
    uint32_t start, len;         /* blocks of the metadata file, in the physical partition */
} mext;

typedef struct {
    dw_udf_block_fn rd;
    void *user;
    uint32_t part_start, part_len;
    GArray *meta;                /* UDF 2.50: the metadata file's extents (mext), NULL without */
    GHashTable *out;             /* path -> dw_udf_attr */
    GHashTable *dirs_seen;
    guint count;
} uctx;

static gboolean tag_ok(const guint8 *b, uint16_t want)
{
    uint8_t sum = 0;
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + b[i]);
    return sum == b[4] && le16(b) == want;
}

static gboolean read_phys(uctx *c, uint32_t lbn, guint8 *out)
{
    return lbn < c->part_len && c->rd(c->user, c->part_start + lbn, out);
}

/* A block of the partition the tree lives in: the physical one, or the
 * metadata partition (mapped through the metadata file's extents). */
static gboolean read_part(uctx *c, uint32_t lbn, guint8 *out)
{
    if (!c->meta)
        return read_phys(c, lbn, out);
    for (guint i = 0; i < c->meta->len; i++) {
        const mext *x = &g_array_index(c->meta, mext, i);
        if (lbn < x->len)
            return read_phys(c, x->start + lbn, out);
        lbn -= x->len;
    }
    return FALSE;
}

/* UDF 2.50: the metadata file (an EFE of type 250 at meta_loc) gives
 * where the metadata partition's blocks are. */
static gboolean load_meta(uctx *c, uint32_t meta_loc)
{
    guint8 fe[2048];
    if (!read_phys(c, meta_loc, fe) || !tag_ok(fe, 266) || fe[16 + 11] != 250)
        return FALSE;
    uint32_t lea = le32(fe + 208), lad = le32(fe + 212);
    int adtype = le16(fe + 16 + 18) & 7;
    if (lea > 2048 || lad > 2048 || 216u + lea + lad > 2048 || (adtype != 0 && adtype != 1))
        return FALSE;
    const guint8 *a = fe + 216 + lea;
    size_t step = adtype == 0 ? 8 : 16;
    c->meta = g_array_new(FALSE, FALSE, sizeof(mext));
    for (size_t p = 0; p + step <= lad && c->meta->len < 4096; p += step) {
        uint32_t raw = le32(a + p), l = raw & 0x3FFFFFFF;
        if (l == 0 || (raw >> 30) != 0)
            break;
        mext x = { le32(a + p + 4), (l + 2047) / 2048 };
        g_array_append_val(c->meta, x);
    }
    return c->meta->len > 0;
}

/* ECMA-167 1/7.3 timestamp -> seconds since 1970 UTC. */
static gboolean timestamp(const guint8 *t, int64_t *out)
{
    uint16_t tz = le16(t);
    int year = le16(t + 2);
    if (year == 0 || t[4] < 1 || t[4] > 12 || t[5] < 1 || t[5] > 31 || t[6] > 23 || t[7] > 59 || t[8] > 60)
        return FALSE;
    g_autoptr(GDateTime) dt = g_date_time_new_utc(year, t[4], t[5], t[6], t[7], t[8]);
    if (!dt)
        return FALSE;
    int64_t s = g_date_time_to_unix(dt);
    if ((tz >> 12) == 1) {
        int off = tz & 0x0FFF;
        if (off & 0x0800)
            off -= 0x1000;
        if (off != -2047)
            s -= (int64_t)off * 60;
    }
    *out = s;
    return TRUE;
}

/* OSTA CS0 d-characters (compression id 8 or 16) -> UTF-8. */
static char *cs0(const guint8 *p, size_t len)
{
    if (len < 1)
        return NULL;
    if (p[0] == 8)
        return g_convert((const char *)p + 1, (gssize)len - 1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    if (p[0] == 16)
        return g_convert((const char *)p + 1, (gssize)((len - 1) & ~(size_t)1), "UTF-8", "UTF-16BE", NULL, NULL,
                         NULL);
    return NULL;
}

static char *symlink_target(const guint8 *d, size_t len)
{
    GString *s = g_string_new(NULL);
    size_t i = 0;
    while (i + 4 <= len) {
        guint8 type = d[i], l = d[i + 1];
        if (i + 4 + l > len)
            break;
        gboolean sep = s->len > 0 && !(s->len == 1 && s->str[0] == '/');
        switch (type) {
        case 1:
        case 2:
            g_string_assign(s, "/");
            break;
        case 3:
            g_string_append(s, sep ? "/.." : "..");
            break;
        case 4:
            g_string_append(s, sep ? "/." : ".");
            break;
        case 5: {
            char *n = cs0(d + i + 4, l);
            if (sep)
                g_string_append_c(s, '/');
            g_string_append(s, n ? n : "?");
            g_free(n);
            break;
        }
        default:
            break;
        }
        i += 4u + l;
    }
    return g_string_free(s, FALSE);
}

/* The data of a small file (directory, symlink): embedded or in short/long ads. */
static guint8 *file_data(uctx *c, const guint8 *fe, gboolean efe, uint64_t max, size_t *len)
{
    uint64_t size = le64(fe + 56);
    uint32_t lea = le32(fe + (efe ? 208 : 168)), lad = le32(fe + (efe ? 212 : 172));
    size_t base = efe ? 216 : 176;
    if (size > max || lea > 2048 || lad > 2048 || base + lea + lad > 2048)
        return NULL;
    const guint8 *a = fe + base + lea;
    int adtype = le16(fe + 16 + 18) & 7;
    guint8 *d = g_malloc0((size_t)size + 1);
    *len = (size_t)size;
    if (adtype == 3) {
        if (size > lad) {
            g_free(d);
            return NULL;
        }
        memcpy(d, a, (size_t)size);
        return d;
    }
    if (adtype != 0 && adtype != 1) {
        g_free(d);
        return NULL;
    }
    size_t step = adtype == 0 ? 8 : 16, got = 0;
    guint8 blk[2048];
    for (size_t p = 0; p + step <= lad && got < size; p += step) {
        uint32_t raw = le32(a + p), l = raw & 0x3FFFFFFF, pos = le32(a + p + 4);
        if (l == 0 || (raw >> 30) != 0)
            break;
        for (uint32_t b = 0; b < (l + 2047) / 2048 && got < size; b++) {
            if (!read_part(c, pos + b, blk)) {
                g_free(d);
                return NULL;
            }
            size_t take = (size_t)MIN((uint64_t)2048, MIN((uint64_t)l - (uint64_t)b * 2048, size - got));
            memcpy(d + got, blk, take);
            got += take;
        }
    }
    if (got < size) {
        g_free(d);
        return NULL;
    }
    return d;
}

static void walk(uctx *c, uint32_t icb, const char *path, int depth)
{
    guint8 fe[2048];
    if (!read_part(c, icb, fe) || !(tag_ok(fe, 261) || tag_ok(fe, 266)))
        return;
    gboolean efe = le16(fe) == 266;
    guint8 ftype = fe[16 + 11];
    uint16_t icbflags = le16(fe + 16 + 18);
    uint32_t perm = le32(fe + 44);
    dw_udf_attr *a = g_new0(dw_udf_attr, 1);
    a->icb = icb;
    a->nlink = le16(fe + 48);
    uint32_t mode = ((perm >> 10) & 7) << 6 | ((perm >> 5) & 7) << 3 | (perm & 7);
    if (icbflags & 0x40)
        mode |= S_ISUID;
    if (icbflags & 0x80)
        mode |= S_ISGID;
    if (icbflags & 0x100)
        mode |= S_ISVTX;
    switch (ftype) {
    case 4: mode |= S_IFDIR; break;
    case 12: mode |= S_IFLNK; break;
    case 6: mode |= S_IFBLK; break;
    case 7: mode |= S_IFCHR; break;
    case 9: mode |= S_IFIFO; break;
    case 10: mode |= S_IFSOCK; break;
    default: mode |= S_IFREG; break;
    }
    a->mode = mode;
    a->has_mtime = timestamp(fe + (efe ? 92 : 84), &a->mtime);
    if (ftype == 12) {
        size_t len = 0;
        guint8 *d = file_data(c, fe, efe, 65536, &len);
        a->link = d ? symlink_target(d, len) : NULL;
        g_free(d);
    }
    /* A name met again in one directory (hostile images): "PATH\nN" for the Nth. */
    char *key = g_strdup(path);
    for (unsigned k = 2; g_hash_table_contains(c->out, key) && k < 1000; k++) {
        g_free(key);
        key = g_strdup_printf("%s\n%u", path, k);
    }
    g_hash_table_replace(c->out, key, a);
    if (ftype != 4 || depth > MAX_DEPTH || g_hash_table_contains(c->dirs_seen, GUINT_TO_POINTER(icb + 1)))
        return;
    g_hash_table_add(c->dirs_seen, GUINT_TO_POINTER(icb + 1));
    size_t size = 0;
    guint8 *d = file_data(c, fe, efe, MAX_DIR_BYTES, &size);
    if (!d)
        return;
    size_t pos = 0;
    while (pos + 38 <= size && c->count < DW_UDF_ATTR_MAX_NODES) {
        const guint8 *f = d + pos;
        guint8 lfi = f[19];
        uint16_t liu = le16(f + 36);
        size_t flen = (38u + liu + lfi + 3) & ~(size_t)3;
        if (le16(f) != 257 || pos + 38 + liu + lfi > size)
            break;
        guint8 ch = f[18];
        uint32_t child = le32(f + 20 + 4);
        if (!(ch & 0x08) && !(ch & 0x04) && lfi > 0) {
            char *nm = cs0(f + 38 + liu, lfi);
            if (nm) {
                c->count++;
                g_autofree char *cp = g_strconcat(path, strcmp(path, "/") ? "/" : "", nm, NULL);
                walk(c, child, cp, depth + 1);
                g_free(nm);
            }
        }
        pos += flen;
    }
    g_free(d);
}

GHashTable *dw_udf_attrs_read(dw_udf_block_fn rd, void *user, uint64_t blocks)
{
    guint8 b[2048];
    uctx c = { .rd = rd, .user = user };
    gboolean anchor = (blocks > 256 && rd(user, 256, b) && tag_ok(b, 2)) ||
                      (blocks > 257 && rd(user, (uint32_t)(blocks - 1), b) && tag_ok(b, 2));
    if (!anchor)
        return NULL;
    uint32_t vlen = le32(b + 16), vloc = le32(b + 20);
    uint32_t fsd = 0, meta_loc = 0;
    gboolean pd = FALSE, lvd = FALSE, meta = FALSE;
    for (uint32_t i = 0; i < MIN(vlen / 2048, 64u); i++) {
        if (!rd(user, vloc + i, b))
            break;
        uint16_t id = le16(b);
        if (!tag_ok(b, id) || id == 8)
            break;
        if (id == 5) {
            pd = TRUE;
            c.part_start = le32(b + 188);
            c.part_len = le32(b + 192);
        } else if (id == 6) {
            lvd = TRUE;
            fsd = le32(b + 248 + 4);
            /* Partition maps: a type-2 "*UDF Metadata Partition" map (UDF 2.50) holds the metadata file's location. */
            uint32_t mtl = MIN(le32(b + 264), 2048u - 440u), nmaps = le32(b + 268);
            for (uint32_t k = 0, m = 0; m < nmaps && m < 8 && k + 2 <= mtl; m++) {
                guint8 type = b[440 + k], ml = b[440 + k + 1];
                if (ml < 2 || k + ml > mtl)
                    break;
                static const char meta_id[] = "*UDF Metadata Partition";
                if (type == 2 && ml >= 48 && memcmp(b + 440 + k + 5, meta_id, sizeof meta_id - 1) == 0) {
                    meta = TRUE;
                    meta_loc = le32(b + 440 + k + 40);
                }
                k += ml;
            }
        }
    }
    if (!pd || !lvd || (meta && !load_meta(&c, meta_loc)) || !read_part(&c, fsd, b) || !tag_ok(b, 256)) {
        if (c.meta)
            g_array_unref(c.meta);
        return NULL;
    }
    uint32_t root = le32(b + 400 + 4);
    c.out = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, dw_udf_attr_free);
    c.dirs_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    walk(&c, root, "/", 0);
    g_hash_table_unref(c.dirs_seen);
    if (c.meta)
        g_array_unref(c.meta);
    return c.out;
}

void dw_udf_attr_free(gpointer p)
{
    dw_udf_attr *a = p;
    if (!a)
        return;
    g_free(a->link);
    g_free(a);
}
