/* udf_check.c: UDF structure checks (ECMA-167 / OSTA UDF) with our own
 * bounds-checked reader: the volume recognition sequence (BEA01, NSR02
 * or NSR03, TEA01), both anchors (AVDP at 256 and at the last sector),
 * the main and reserve volume descriptor sequences, every descriptor
 * tag (identifier, checksum, CRC-CCITT over the body, location), the
 * partition, the logical volume with its partition maps and its
 * integrity descriptor (file and directory counts against the tree),
 * the file set descriptor, and the whole directory tree: file entries
 * (FE and EFE) with allocation descriptors inside their partition and
 * covering the file size (chains of allocation extent descriptors
 * followed), file identifier descriptors, loops.
 *
 * UDF 2.50+: with a type-2 "*UDF Metadata Partition" map, the metadata
 * file (EFE, file type 250) and its mirror (251) are read at their
 * physical partition blocks; their recorded extents map metadata
 * blocks to physical ones.  The FSD, directories, file entries and
 * AEDs are then read through that map (tag locations are metadata
 * blocks), file data through each descriptor's partition reference.
 * Main and mirror are compared block by block (a difference is a
 * warning); when the main file is unusable the tree is read through the
 * mirror.  Findings give absolute sectors.  Counts, depth and sizes are
 * bounded.
 */
#include "config.h"

#include "discwright/subq.h"
#include "verify/dvd_check.h"
#include "verify/fs_util.h"

#define MAX_NODES 200000
#define MAX_DEPTH 64
#define MAX_DIR_BYTES (16u << 20)
#define MAX_AEDS 1000000

enum { PK_PHYS, PK_META, PK_VIRTUAL };
#define MAX_PARTS 8

/* A run of metadata partition blocks and the physical partition blocks
 * holding them (from the metadata file's allocation descriptors). */
typedef struct {
    uint32_t mlbn, plbn, n;
} meta_run;

typedef struct {
    const dw_fs_source *src;
    dw_report *r;
    int64_t part_start, part_len;
    int n_errors;
    int64_t files, dirs, nodes;
    GHashTable *seen;            /* absolute ICB block -> 1 */
    int n_parts;
    uint8_t part_kind[MAX_PARTS]; /* by partition reference number */
    GArray *meta;                /* of meta_run, sorted by mlbn (NULL: no metadata partition) */
    uint32_t meta_blocks;
    uint16_t meta_ref;           /* the metadata partition's reference number */
    GArray *dvd;                 /* dw_dvd_entry: the files of /VIDEO_TS (dvd_check.c) */
} udf_ctx;

/* A file directly in /VIDEO_TS: the DVD-Video check looks at it. */
static gboolean dvd_path(const char *path)
{
    return path && g_str_has_prefix(path, "/VIDEO_TS/") && !strchr(path + 10, '/');
}

static void err(udf_ctx *c, dw_severity sev, const char *path, int64_t lba, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);
static void err(udf_ctx *c, dw_severity sev, const char *path, int64_t lba, const char *fmt, ...)
{
    if (c->n_errors >= 200)
        return;
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    dw_report_add(c->r, sev, "udf", path, 0, lba, lba, "%s", m);
    if (sev >= DW_SEV_WARNING)
        c->n_errors++;
}

/* Check a descriptor tag in buf (len bytes available) read from sector
 * lba, expected at tag location loc.  Returns the tag id or -1. */
static int check_tag(udf_ctx *c, const uint8_t *buf, size_t len, int64_t lba, uint32_t loc, const char *path,
                     gboolean quiet_if_blank)
{
    if (len < 16)
        return -1;
    uint16_t id = fs_le16(buf);
    uint8_t sum = 0;
    for (int i = 0; i < 16; i++)
        if (i != 4)
            sum = (uint8_t)(sum + buf[i]);
    gboolean blank = TRUE;
    for (int i = 0; i < 16; i++)
        blank &= buf[i] == 0;
    if (blank) {
        if (!quiet_if_blank)
            err(c, DW_SEV_ERROR, path, lba, "no descriptor where one is expected");
        return -1;
    }
    if (sum != buf[4]) {
        err(c, DW_SEV_ERROR, path, lba, "descriptor tag %u: checksum %02x, computed %02x", id, buf[4], sum);
        return -1;
    }
    uint16_t ver = fs_le16(buf + 2);
    if (ver != 2 && ver != 3)
        err(c, DW_SEV_WARNING, path, lba, "descriptor tag %u: version %u", id, ver);
    uint16_t crclen = fs_le16(buf + 10);
    if (16u + crclen > len) {
        err(c, DW_SEV_ERROR, path, lba, "descriptor tag %u: CRC length %u runs past the descriptor", id, crclen);
        return -1;
    }
    uint16_t crc = dw_crc16_ccitt(buf + 16, crclen);
    if (crc != fs_le16(buf + 8)) {
        err(c, DW_SEV_ERROR, path, lba, "descriptor tag %u: CRC %04x, computed %04x", id, fs_le16(buf + 8), crc);
        return -1;
    }
    if (fs_le32(buf + 12) != loc)
        err(c, DW_SEV_ERROR, path, lba, "descriptor tag %u: says it is at block %u, found at %u", id,
            fs_le32(buf + 12), loc);
    return id;
}

/* Blocks in the partition with reference number part (0 if none). */
static uint32_t part_blocks(const udf_ctx *c, uint16_t part)
{
    if (part >= c->n_parts)
        return 0;
    if (c->part_kind[part] == PK_META)
        return c->meta ? c->meta_blocks : 0;
    return (uint32_t)MIN(c->part_len, (int64_t)UINT32_MAX);
}

/* The absolute sector of block lbn of partition part, or -1 when it is
 * outside it (or a metadata block no recorded extent holds). */
static int64_t lb_abs(const udf_ctx *c, uint16_t part, uint32_t lbn)
{
    if (part >= c->n_parts)
        return -1;
    if (c->part_kind[part] != PK_META)
        return (int64_t)lbn < c->part_len ? c->part_start + lbn : -1;
    if (!c->meta || lbn >= c->meta_blocks)
        return -1;
    guint lo = 0, hi = c->meta->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const meta_run *m = &g_array_index(c->meta, meta_run, mid);
        if (lbn < m->mlbn)
            hi = mid;
        else if (lbn - m->mlbn >= m->n)
            lo = mid + 1;
        else
            return (int64_t)m->plbn + (lbn - m->mlbn) < c->part_len ? c->part_start + m->plbn + (lbn - m->mlbn) : -1;
    }
    return -1;
}

static gboolean read_lb(const udf_ctx *c, uint16_t part, uint32_t lbn, uint8_t *buf)
{
    int64_t a = lb_abs(c, part, lbn);
    if (a < 0) {
        memset(buf, 0, 2048);
        return FALSE;
    }
    return fs_read(c->src, a, 1, buf);
}

/* Where to report block lbn of partition part: its sector, or the
 * partition's start when it has none. */
static int64_t where(const udf_ctx *c, uint16_t part, uint32_t lbn)
{
    int64_t a = lb_abs(c, part, lbn);
    return a >= 0 ? a : c->part_start;
}

/* An extent of a file: partition block lbn of partition part, len
 * bytes, extent type (0 recorded, 1 allocated, 2 neither). */
typedef struct {
    uint32_t lbn, len;
    uint16_t part;
    uint8_t type;
} ad;

/* A file entry as read: its type, size and recorded extents or embedded
 * data. */
typedef struct {
    uint8_t ftype;
    uint64_t size;
    GArray *ads;                 /* of ad, recorded and allocated extents */
    uint8_t *embedded;           /* type-3 allocation: the data (lad bytes) */
    uint32_t lad;
    int tag;                     /* 261 FE, 266 EFE */
    int adtype;                  /* ICB flags & 7 */
} fe_info;

static void fe_info_clear(fe_info *f)
{
    if (f->ads)
        g_array_free(f->ads, TRUE);
    g_free(f->embedded);
    memset(f, 0, sizeof *f);
}

/* Read and check the FE/EFE at block lbn of partition part: its tag
 * (location lbn), the extended attribute and descriptor lengths, every
 * allocation descriptor (following chains of allocation extent
 * descriptors) inside its partition, and that they cover the file size.
 * FALSE (with findings) when there is no usable file entry. */
static gboolean read_fe(udf_ctx *c, uint16_t part, uint32_t lbn, const char *path, fe_info *out)
{
    uint8_t fe[2048];
    memset(out, 0, sizeof *out);
    int64_t abs = where(c, part, lbn);
    if (!read_lb(c, part, lbn, fe)) {
        err(c, DW_SEV_ERROR, path, abs, "file entry (block %u of partition %u) is outside the partition", lbn, part);
        return FALSE;
    }
    int id = check_tag(c, fe, 2048, abs, lbn, path, FALSE);
    if (id != 261 && id != 266) {
        if (id >= 0)
            err(c, DW_SEV_ERROR, path, abs, "expected a file entry, found tag %d", id);
        return FALSE;
    }
    gboolean efe = id == 266;
    uint16_t icbflags = fs_le16(fe + 16 + 18);
    out->tag = id;
    out->adtype = icbflags & 7;
    out->ftype = fe[16 + 11];
    out->size = fs_le64(fe + 56);
    uint32_t lea = fs_le32(fe + (efe ? 208 : 168)), lad = fs_le32(fe + (efe ? 212 : 172));
    size_t base = efe ? 216 : 176;
    if (lea > 2048 || lad > 2048 || base + lea + lad > 2048) {
        err(c, DW_SEV_ERROR, path, abs, "file entry: extended attributes (%u) and allocation descriptors (%u) "
            "do not fit the block", lea, lad);
        return FALSE;
    }
    const uint8_t *a = fe + base + lea;
    int adtype = icbflags & 7;
    out->ads = g_array_new(FALSE, FALSE, sizeof(ad));
    uint64_t covered = 0;
    if (adtype == 3) {
        if (out->size > lad)
            err(c, DW_SEV_ERROR, path, abs, "embedded data of %u bytes, file size %" G_GUINT64_FORMAT, lad,
                out->size);
        out->embedded = g_malloc(lad ? lad : 1);
        memcpy(out->embedded, a, lad);
        out->lad = lad;
        return TRUE;
    }
    if (adtype != 0 && adtype != 1) {
        err(c, DW_SEV_ERROR, path, abs, "unknown allocation descriptor type %d", adtype);
        return TRUE;
    }
    size_t step = adtype == 0 ? 8 : 16;
    /* Only directories and the metadata files are read through their
     * extents; a file's are checked and summed, not kept. */
    gboolean keep = out->ftype == 4 || out->ftype == 250 || out->ftype == 251 || dvd_path(path);
    GHashTable *aeds = NULL;     /* absolute AED blocks of this chain */
    uint8_t aed[2048];
    const uint8_t *list = a;
    size_t list_len = lad;
    int64_t list_abs = abs;
    unsigned n_aed = 0;
    for (size_t p = 0; p + step <= list_len; p += step) {
        uint32_t raw = fs_le32(list + p), len = raw & 0x3FFFFFFF, pos = fs_le32(list + p + 4);
        uint16_t xp = adtype == 0 ? part : fs_le16(list + p + 8);
        uint8_t type = (uint8_t)(raw >> 30);
        if (len == 0)
            break;
        if (type == 3) {
            /* The next extent of allocation descriptors: an AED block. */
            if (++n_aed > MAX_AEDS) {
                err(c, DW_SEV_ERROR, path, list_abs, "more than %d allocation extent descriptors", MAX_AEDS);
                break;
            }
            if (!read_lb(c, xp, pos, aed)) {
                err(c, DW_SEV_ERROR, path, list_abs, "allocation extent descriptor (block %u of partition %u) is "
                    "outside the partition", pos, xp);
                break;
            }
            list_abs = where(c, xp, pos);
            if (!aeds)
                aeds = g_hash_table_new(NULL, NULL);
            if (g_hash_table_contains(aeds, GUINT_TO_POINTER((guint)list_abs))) {
                err(c, DW_SEV_ERROR, path, list_abs, "allocation extent descriptors loop (block %u of partition %u "
                    "again)", pos, xp);
                break;
            }
            g_hash_table_add(aeds, GUINT_TO_POINTER((guint)list_abs));
            int tid = check_tag(c, aed, 2048, list_abs, pos, path, FALSE);
            if (tid != 258) {
                if (tid >= 0)
                    err(c, DW_SEV_ERROR, path, list_abs, "expected an allocation extent descriptor, found tag %d",
                        tid);
                break;
            }
            list_len = fs_le32(aed + 20);
            if (list_len > 2048 - 24) {
                err(c, DW_SEV_ERROR, path, list_abs, "allocation extent descriptor: %zu bytes of descriptors do "
                    "not fit the block", list_len);
                break;
            }
            list = aed + 24;
            p = (size_t)0 - step; /* the loop's step brings it to 0 */
            continue;
        }
        if (type != 2 && (int64_t)pos + (len + 2047) / 2048 > part_blocks(c, xp))
            err(c, DW_SEV_ERROR, path, list_abs, "allocation descriptor (block %u of partition %u, %u bytes) ends "
                "past the partition", pos, xp, len);
        else if (type != 2 && keep) {
            ad x = { pos, len, xp, type };
            g_array_append_val(out->ads, x);
        }
        covered += len;
    }
    if (aeds)
        g_hash_table_destroy(aeds);
    uint64_t size = out->size;
    if (covered < size || covered >= size + 2048 + ((size & 2047) ? 2048 - (size & 2047) : 0))
        err(c, DW_SEV_ERROR, path, abs, "allocation descriptors cover %" G_GUINT64_FORMAT " bytes, the file "
            "size is %" G_GUINT64_FORMAT, covered, size);
    return TRUE;
}

/* Where a piece of a directory's data came from: bytes from off on are
 * in block lbn of partition part. */
typedef struct {
    size_t off;
    uint32_t lbn;
    uint16_t part;
} dir_run;

static const dir_run *run_at(const GArray *runs, size_t pos)
{
    guint lo = 0, hi = runs->len;
    while (hi - lo > 1) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(runs, dir_run, mid).off <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return runs->len ? &g_array_index(runs, dir_run, lo) : NULL;
}

/* What the DVD-Video check needs of a /VIDEO_TS file. */
static void dvd_note(udf_ctx *c, const char *path, const fe_info *fi)
{
    if (!c->dvd)
        c->dvd = g_array_new(FALSE, TRUE, sizeof(dw_dvd_entry));
    if (c->dvd->len >= 1000)
        return;
    dw_dvd_entry e = { .size = fi->size, .lba = -1, .tag = fi->tag, .adtype = fi->adtype,
                       .embedded = fi->embedded != NULL, .contiguous = TRUE };
    g_strlcpy(e.name, path + 10, sizeof e.name);
    int64_t next = -1;
    for (guint i = 0; fi->ads && i < fi->ads->len; i++) {
        ad x = g_array_index(fi->ads, ad, i);
        int64_t a = lb_abs(c, x.part, x.lbn);
        if (x.type != 0 || a < 0) {
            e.contiguous = FALSE;
            continue;
        }
        if (e.n_ext == 0)
            e.lba = a;
        else if (a != next)
            e.contiguous = FALSE;
        e.n_ext++;
        next = a + (x.len + 2047) / 2048;
    }
    g_array_append_val(c->dvd, e);
}

static void walk_node(udf_ctx *c, uint16_t part, uint32_t icb, const char *path, int depth);

static void walk_dir(udf_ctx *c, uint16_t part, uint32_t icb, const char *path, int depth)
{
    fe_info fi;
    int64_t abs = where(c, part, icb);
    if (!read_fe(c, part, icb, path, &fi)) {
        fe_info_clear(&fi);
        return;
    }
    if (fi.ftype == 4) {
        if (depth > MAX_DEPTH) {
            err(c, DW_SEV_ERROR, path, abs, "directories nested deeper than %d", MAX_DEPTH);
            fe_info_clear(&fi);
            return;
        }
        c->dirs++;
    } else {
        c->files++;
        if (dvd_path(path))
            dvd_note(c, path, &fi);
    }
    uint64_t size = fi.size;
    if (fi.ftype == 4 && size <= MAX_DIR_BYTES) {
        /* Read the directory, noting where each piece came from. */
        g_autofree uint8_t *d = g_malloc0(size + 2048);
        GArray *runs = g_array_new(FALSE, FALSE, sizeof(dir_run));
        size_t got = 0;
        gboolean ok = TRUE;
        if (fi.embedded) {
            memcpy(d, fi.embedded, MIN((size_t)size, (size_t)fi.lad));
            dir_run r0 = { 0, icb, part };
            g_array_append_val(runs, r0);
        }
        uint8_t blk[2048];
        for (guint i = 0; ok && !fi.embedded && i < fi.ads->len && got < size; i++) {
            ad x = g_array_index(fi.ads, ad, i);
            for (uint32_t k = 0; k * 2048u < x.len && got < size; k++) {
                if (x.type != 0) {
                    memset(blk, 0, sizeof blk);
                } else if (!read_lb(c, x.part, x.lbn + k, blk)) {
                    ok = FALSE;
                    break;
                }
                size_t take = MIN(MIN((size_t)(x.len - k * 2048u), (size_t)2048), (size_t)size - got);
                dir_run rr = { got, x.lbn + k, x.part };
                g_array_append_val(runs, rr);
                memcpy(d + got, blk, take);
                got += take;
            }
        }
        size_t pos = 0;
        while (ok && pos + 38 <= size) {
            const uint8_t *f = d + pos;
            uint8_t lfi = f[19];
            uint16_t liu = fs_le16(f + 36);
            size_t flen = (38u + liu + lfi + 3) & ~(size_t)3;
            const dir_run *rn = run_at(runs, pos);
            uint32_t tagloc = rn ? rn->lbn : icb;
            int64_t tabs = rn ? where(c, rn->part, rn->lbn) : abs;
            if (pos + 38 + liu + lfi > size) {
                err(c, DW_SEV_ERROR, path, tabs, "file identifier at byte %zu runs past the directory", pos);
                break;
            }
            int fid = check_tag(c, f, MIN(flen, (size_t)size - pos), tabs, tagloc, path, FALSE);
            if (fid != 257) {
                if (fid >= 0)
                    err(c, DW_SEV_ERROR, path, tabs, "expected a file identifier, found tag %d", fid);
                break;
            }
            uint8_t ch = f[18];
            uint32_t child = fs_le32(f + 20 + 4);
            uint16_t cpart = fs_le16(f + 20 + 8);
            if (!(ch & 0x08) && !(ch & 0x04)) {
                g_autofree char *nm = NULL;
                const uint8_t *nmp = f + 38 + liu;
                if (lfi > 1 && nmp[0] == 8)
                    nm = g_strndup((const char *)nmp + 1, lfi - 1);
                else if (lfi > 1 && nmp[0] == 16)
                    nm = g_convert((const char *)nmp + 1, (lfi - 1) & ~1, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
                if (!nm || !g_utf8_validate(nm, -1, NULL)) {
                    g_free(nm);
                    nm = g_strdup("?");
                }
                for (char *p = nm; *p; p++)
                    if ((unsigned char)*p < 0x20)
                        *p = '?';
                g_autofree char *cp = g_strconcat(path, strcmp(path, "/") ? "/" : "", nm, NULL);
                int64_t cabs = lb_abs(c, cpart, child);
                if (cabs < 0) {
                    walk_node(c, cpart, child, cp, depth + 1); /* reports it */
                } else if (g_hash_table_contains(c->seen, GUINT_TO_POINTER((guint)cabs))) {
                    if (ch & 0x02)
                        err(c, DW_SEV_ERROR, cp, cabs, "directory loop or shared directory");
                } else {
                    g_hash_table_insert(c->seen, GUINT_TO_POINTER((guint)cabs), GINT_TO_POINTER(1));
                    walk_node(c, cpart, child, cp, depth + 1);
                }
            }
            pos += flen;
        }
        if (!ok)
            err(c, DW_SEV_ERROR, path, abs, "directory data outside the partition");
        g_array_free(runs, TRUE);
    }
    fe_info_clear(&fi);
}

static void walk_node(udf_ctx *c, uint16_t part, uint32_t icb, const char *path, int depth)
{
    if (++c->nodes > MAX_NODES) {
        if (c->nodes == MAX_NODES + 1)
            err(c, DW_SEV_ERROR, path, -1, "more than %d files; stopping", MAX_NODES);
        return;
    }
    walk_dir(c, part, icb, path, depth);
}

/* The metadata file (type 250) or its mirror (251) at physical
 * partition block loc: checked, and its recorded extents as metadata
 * runs (NULL when it cannot be used). */
static GArray *read_meta_file(udf_ctx *c, uint16_t phys, uint32_t loc, uint8_t want, uint32_t *blocks)
{
    const char *name = want == 250 ? "(metadata file)" : "(metadata mirror file)";
    fe_info fi;
    GArray *runs = NULL;
    if (!read_fe(c, phys, loc, name, &fi))
        goto out;
    if (fi.ftype != want) {
        err(c, DW_SEV_ERROR, name, where(c, phys, loc), "file type %u (%u expected)", fi.ftype, want);
        goto out;
    }
    if (fi.embedded || fi.size / 2048 > (uint64_t)c->part_len) {
        err(c, DW_SEV_ERROR, name, where(c, phys, loc), "the metadata partition's file has no usable extents");
        goto out;
    }
    runs = g_array_new(FALSE, FALSE, sizeof(meta_run));
    uint64_t m = 0;
    for (guint i = 0; i < fi.ads->len && m * 2048 < fi.size; i++) {
        ad x = g_array_index(fi.ads, ad, i);
        uint32_t n = (x.len + 2047) / 2048;
        if (x.part != phys)
            err(c, DW_SEV_ERROR, name, where(c, phys, loc), "extent %u is in partition %u, not the physical "
                "partition", i, x.part);
        else if (x.type == 0) {
            meta_run r = { (uint32_t)m, x.lbn, n };
            g_array_append_val(runs, r);
        }
        m += n;
    }
    *blocks = (uint32_t)(fi.size / 2048);
out:
    fe_info_clear(&fi);
    return runs;
}

/* Main and mirror metadata files hold the same blocks: a difference is
 * a warning (a reader may take either). */
static void compare_mirror(udf_ctx *c, GArray *main, uint32_t nmain, GArray *mirror, uint32_t nmirror)
{
    if (nmain != nmirror) {
        err(c, DW_SEV_WARNING, "(metadata mirror file)", c->part_start, "metadata file has %u blocks, its mirror %u",
            nmain, nmirror);
        return;
    }
    GArray *keep = c->meta;
    uint8_t a[2048], b[2048];
    uint32_t differ = 0, first = 0;
    int64_t first_abs = c->part_start;
    c->meta_blocks = nmain;
    for (uint32_t m = 0; m < nmain && m < (1u << 20); m++) {
        c->meta = main;
        int64_t pa = lb_abs(c, c->meta_ref, m);
        c->meta = mirror;
        int64_t pb = lb_abs(c, c->meta_ref, m);
        if (pa == pb)
            continue;            /* shared (or both unrecorded) */
        gboolean ra = pa >= 0 && fs_read(c->src, pa, 1, a), rb = pb >= 0 && fs_read(c->src, pb, 1, b);
        if (ra != rb || (ra && memcmp(a, b, 2048) != 0)) {
            if (!differ++) {
                first = m;
                first_abs = pa >= 0 ? pa : pb;
            }
        }
    }
    c->meta = keep;
    if (differ)
        err(c, DW_SEV_WARNING, "(metadata mirror file)", first_abs, "metadata file and its mirror differ in %u "
            "block(s), first at metadata block %u", differ, first);
}

gboolean dw_udf_check(const dw_fs_source *src, dw_report *r)
{
    udf_ctx c = { .src = src, .r = r };
    uint8_t b[2048];
    /* Volume recognition sequence. */
    gboolean bea = FALSE, nsr = FALSE;
    for (int64_t l = 16; l < 16 + 64; l++) {
        if (!fs_read(src, l, 1, b))
            break;
        if (memcmp(b + 1, "BEA01", 5) == 0)
            bea = TRUE;
        if (memcmp(b + 1, "NSR02", 5) == 0 || memcmp(b + 1, "NSR03", 5) == 0)
            nsr = TRUE;
        if (memcmp(b + 1, "TEA01", 5) == 0 || (b[0] == 0 && memcmp(b + 1, "CD001", 5) != 0 && !b[1]))
            break;
    }
    int64_t n = src->sectors;
    uint8_t a1[2048], a2[2048];
    gboolean have1 = n > 256 && fs_read(src, 256, 1, a1) && fs_le16(a1) == 2;
    gboolean have2 = n > 257 && fs_read(src, n - 1, 1, a2) && fs_le16(a2) == 2;
    if (!have1 && !have2 && !nsr)
        return FALSE;
    c.seen = g_hash_table_new(NULL, NULL);
    if (!bea || !nsr)
        err(&c, DW_SEV_ERROR, NULL, 16, "volume recognition sequence lacks %s", !bea ? "BEA01" : "NSR02/NSR03");
    if (have1)
        have1 = check_tag(&c, a1, 512, 256, 256, NULL, FALSE) == 2;
    else
        err(&c, DW_SEV_ERROR, NULL, 256, "no anchor volume descriptor pointer at sector 256");
    if (have2)
        have2 = check_tag(&c, a2, 512, n - 1, (uint32_t)(n - 1), NULL, FALSE) == 2;
    else
        err(&c, DW_SEV_WARNING, NULL, n - 1, "no anchor volume descriptor pointer at the last sector (%"
            G_GINT64_FORMAT ")", n - 1);
    const uint8_t *avdp = have1 ? a1 : have2 ? a2 : NULL;
    if (!avdp) {
        g_hash_table_destroy(c.seen);
        return TRUE;
    }
    if (have1 && have2 && memcmp(a1 + 16, a2 + 16, 16) != 0)
        err(&c, DW_SEV_WARNING, NULL, n - 1, "the two anchors point to different descriptor sequences");
    /* Main and reserve VDS. */
    uint32_t lvid_loc = 0, lvid_len = 0, fsd_lbn = 0, bs = 0, meta_loc = 0, mirror_loc = 0;
    uint16_t fsd_part = 0;
    gboolean have_pd = FALSE, have_lvd = FALSE, metadata = FALSE;
    int64_t lvd_at = -1;
    for (int seq = 0; seq < 2; seq++) {
        uint32_t len = fs_le32(avdp + 16 + 8 * seq), loc = fs_le32(avdp + 20 + 8 * seq);
        const char *name = seq ? "reserve" : "main";
        uint32_t cnt = MIN(len / 2048, 64u);
        if ((int64_t)loc + cnt > n || cnt == 0) {
            err(&c, DW_SEV_ERROR, NULL, loc, "%s volume descriptor sequence (block %u, %u bytes) is outside "
                "the image", name, loc, len);
            continue;
        }
        for (uint32_t i = 0; i < cnt; i++) {
            if (!fs_read(src, loc + i, 1, b))
                break;
            int id = check_tag(&c, b, 2048, loc + i, loc + i, NULL, TRUE);
            if (id < 0 || id == 8)
                break;
            if (seq)
                continue;
            if (id == 5) {
                have_pd = TRUE;
                c.part_start = fs_le32(b + 188);
                c.part_len = fs_le32(b + 192);
            } else if (id == 6 && !have_lvd) {
                have_lvd = TRUE;
                lvd_at = loc + i;
                bs = fs_le32(b + 212);
                fsd_lbn = fs_le32(b + 248 + 4);
                fsd_part = fs_le16(b + 248 + 8);
                lvid_len = fs_le32(b + 432);
                lvid_loc = fs_le32(b + 436);
                /* Partition maps: type 1 (physical), type 2 by its
                 * identifier ("*UDF Metadata Partition" in 2.50+; sparable
                 * and virtual ones are read as physical blocks). */
                uint32_t mtl = MIN(fs_le32(b + 264), 2048u - 440u), nmaps = fs_le32(b + 268);
                uint32_t off = 0;
                for (uint32_t k = 0; k < nmaps && k < MAX_PARTS; k++) {
                    const uint8_t *m = b + 440 + off;
                    if (off + 2 > mtl || m[1] < 6 || off + m[1] > mtl) {
                        err(&c, DW_SEV_ERROR, NULL, loc + i, "partition map %u is malformed or runs past the "
                            "map table (%u bytes)", k, mtl);
                        break;
                    }
                    c.part_kind[c.n_parts] = PK_PHYS;
                    if (m[0] == 2 && m[1] >= 64 && memcmp(m + 5, "*UDF Metadata Partition", 23) == 0) {
                        if (!metadata) {
                            metadata = TRUE;
                            c.part_kind[c.n_parts] = PK_META;
                            c.meta_ref = (uint16_t)c.n_parts;
                            meta_loc = fs_le32(m + 40);
                            mirror_loc = fs_le32(m + 44);
                        }
                    } else if (m[0] == 2 && m[1] >= 28 && memcmp(m + 5, "*UDF Virtual Partition", 22) == 0) {
                        c.part_kind[c.n_parts] = PK_VIRTUAL;
                        err(&c, DW_SEV_INFO, NULL, loc + i, "virtual partition (VAT): its blocks are read as "
                            "physical ones, the VAT is not applied");
                    } else if (m[0] != 1 && m[0] != 2) {
                        err(&c, DW_SEV_ERROR, NULL, loc + i, "partition map %u has unknown type %u", k, m[0]);
                    }
                    c.n_parts++;
                    off += m[1];
                }
                if (nmaps > MAX_PARTS)
                    err(&c, DW_SEV_ERROR, NULL, loc + i, "%u partition maps (at most %d are read)", nmaps, MAX_PARTS);
            }
        }
    }
    if (!have_pd || !have_lvd) {
        err(&c, DW_SEV_ERROR, NULL, fs_le32(avdp + 20), "main volume descriptor sequence lacks a %s descriptor",
            have_pd ? "logical volume" : "partition");
        g_hash_table_destroy(c.seen);
        return TRUE;
    }
    if (c.n_parts == 0) {
        /* Read the volume as one physical partition anyway. */
        err(&c, DW_SEV_ERROR, NULL, lvd_at, "logical volume has no partition map");
        c.part_kind[0] = PK_PHYS;
        c.n_parts = 1;
    }
    if (bs != 2048)
        err(&c, DW_SEV_ERROR, NULL, fs_le32(avdp + 20), "logical block size %u (2048 expected)", bs);
    if (c.part_start + c.part_len > n) {
        err(&c, DW_SEV_ERROR, NULL, c.part_start, "partition (blocks %" G_GINT64_FORMAT "+%" G_GINT64_FORMAT
            ") ends past the image", c.part_start, c.part_len);
        c.part_len = MAX(0, n - c.part_start);
    }
    if (metadata) {
        /* The metadata file and its mirror, in the physical partition. */
        uint16_t phys = 0;
        while (phys < c.n_parts && c.part_kind[phys] != PK_PHYS)
            phys++;
        uint32_t nmain = 0, nmirror = 0;
        GArray *main = read_meta_file(&c, phys, meta_loc, 250, &nmain);
        GArray *mirror = read_meta_file(&c, phys, mirror_loc, 251, &nmirror);
        if (main && mirror)
            compare_mirror(&c, main, nmain, mirror, nmirror);
        if (main) {
            c.meta = main;
            c.meta_blocks = nmain;
        } else if (mirror) {
            err(&c, DW_SEV_WARNING, "(metadata mirror file)", where(&c, phys, mirror_loc), "the metadata file is "
                "unusable: the tree is read through its mirror");
            c.meta = mirror;
            c.meta_blocks = nmirror;
        }
        if (main && mirror && c.meta != mirror)
            g_array_free(mirror, TRUE);
        dw_report_set_stat(r, "udf_metadata_blocks", c.meta ? c.meta_blocks : 0);
    }
    /* File set descriptor and the tree. */
    if (metadata && !c.meta) {
        err(&c, DW_SEV_ERROR, NULL, c.part_start + meta_loc, "neither the metadata file nor its mirror can be "
            "read: the tree is not walked");
    } else if (read_lb(&c, fsd_part, fsd_lbn, b) &&
               check_tag(&c, b, 2048, where(&c, fsd_part, fsd_lbn), fsd_lbn, NULL, FALSE) == 256) {
        uint32_t root = fs_le32(b + 400 + 4);
        uint16_t root_part = fs_le16(b + 400 + 8);
        int64_t ra = lb_abs(&c, root_part, root);
        if (ra >= 0)
            g_hash_table_insert(c.seen, GUINT_TO_POINTER((guint)ra), GINT_TO_POINTER(1));
        walk_dir(&c, root_part, root, "/", 0);
    } else {
        err(&c, DW_SEV_ERROR, NULL, where(&c, fsd_part, fsd_lbn), "no file set descriptor at block %u of "
            "partition %u", fsd_lbn, fsd_part);
    }
    dw_report_set_stat(r, "udf_files", c.files);
    dw_report_set_stat(r, "udf_directories", c.dirs);
    /* Integrity descriptor counts. */
    if (lvid_len && (int64_t)lvid_loc < n && fs_read(src, lvid_loc, 1, b) &&
        check_tag(&c, b, 2048, lvid_loc, lvid_loc, NULL, FALSE) == 9) {
        uint32_t np = fs_le32(b + 72), liu = fs_le32(b + 76);
        size_t iu = 80 + 8 * (size_t)np;
        if (np > 64 || iu + 40 > 2048 || liu < 40) {
            err(&c, DW_SEV_ERROR, NULL, lvid_loc, "logical volume integrity descriptor is malformed");
        } else {
            uint32_t nf = fs_le32(b + iu + 32), nd = fs_le32(b + iu + 36);
            if (nf != c.files || nd != c.dirs)
                err(&c, DW_SEV_ERROR, NULL, lvid_loc, "integrity descriptor counts %u files and %u directories, "
                    "the tree has %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, nf, nd, c.files, c.dirs);
        }
    } else if (lvid_len) {
        err(&c, DW_SEV_ERROR, NULL, lvid_loc, "no logical volume integrity descriptor at block %u", lvid_loc);
    }
    if (c.meta)
        g_array_free(c.meta, TRUE);
    if (c.dvd) {
        dw_dvd_check(src, r, c.dvd);
        g_array_free(c.dvd, TRUE);
    }
    if (c.n_errors == 0)
        dw_report_add(r, DW_SEV_OK, "udf", NULL, 0, -1, -1, "UDF structure good (%" G_GINT64_FORMAT " files, %"
                      G_GINT64_FORMAT " directories)", c.files, c.dirs);
    g_hash_table_destroy(c.seen);
    return TRUE;
}
