/* iso_check.c: ISO 9660 structure checks with our own bounds-checked
 * reader (ECMA-119): the volume descriptor set (PVD, Joliet SVD, boot
 * record, terminator; both-endian fields agree), every directory of the
 * primary and Joliet trees (record lengths inside their sector, '.' and
 * '..' first, names fitting, extents inside the volume), Rock Ridge /
 * SUSP entries in each record's system use area (entry lengths, CE
 * continuation areas), file extents not overlapping one another (equal
 * extents are hard links), the L and M path tables against the
 * directories found, the El Torito boot catalog (validation entry
 * checksum and key, boot images inside the volume) and a hybrid MBR /
 * GPT in the system area.  Every field is checked before use; loops,
 * depth and counts are bounded, so hostile images only give findings.
 */
#include "config.h"

#include <zlib.h>

#include "verify/fs_util.h"

#define MAX_DIRS 100000
#define MAX_DEPTH 64
#define MAX_ENTRIES 1000000

typedef struct {
    uint32_t lba, sectors;
    char *path;
} extent;

typedef struct {
    const dw_fs_source *src;
    dw_report *r;
    int64_t vol;                 /* volume space size (sectors) */
    GArray *files;               /* of extent (files of the tree being walked) */
    GHashTable *dirs;            /* directory extent LBA -> 1 (tree being walked) */
    int64_t entries;
    int n_errors;
    gboolean joliet;
} iso_ctx;

static void err(iso_ctx *c, dw_severity sev, const char *path, int64_t lba, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);
static void err(iso_ctx *c, dw_severity sev, const char *path, int64_t lba, const char *fmt, ...)
{
    if (c->n_errors >= 200)
        return;                  /* a broken image is not a reason for a million lines */
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    dw_report_add(c->r, sev, "iso9660", path, 0, lba, lba, "%s", m);
    if (sev >= DW_SEV_WARNING)
        c->n_errors++;
}

/* Rock Ridge / SUSP entries in [p, p+len) of the record at lba. */
static void check_susp(iso_ctx *c, const uint8_t *p, size_t len, const char *path, int64_t lba, int depth)
{
    size_t pos = 0;
    while (pos + 4 <= len) {
        const uint8_t *e = p + pos;
        if (e[0] == 0)
            break;               /* padding */
        uint8_t el = e[2];
        if (el < 4 || pos + el > len) {
            err(c, DW_SEV_ERROR, path, lba, "SUSP entry '%c%c' of length %u runs past the system use area",
                g_ascii_isprint(e[0]) ? e[0] : '?', g_ascii_isprint(e[1]) ? e[1] : '?', el);
            return;
        }
        if (e[0] == 'S' && e[1] == 'T')
            return;
        if (e[0] == 'C' && e[1] == 'E') {
            if (el < 28) {
                err(c, DW_SEV_ERROR, path, lba, "SUSP CE entry too short (%u)", el);
                return;
            }
            uint32_t loc = fs_le32(e + 4), off = fs_le32(e + 12), clen = fs_le32(e + 20);
            if (loc != fs_be32(e + 8) || off != fs_be32(e + 16) || clen != fs_be32(e + 24))
                err(c, DW_SEV_ERROR, path, lba, "SUSP CE: both-endian fields differ");
            if ((int64_t)loc >= c->vol || off >= 2048 || clen > 2048 - off) {
                err(c, DW_SEV_ERROR, path, lba, "SUSP CE continuation area (block %u, offset %u, length %u) "
                    "is outside the volume or its block", loc, off, clen);
            } else if (depth < 8) {
                uint8_t blk[2048];
                if (fs_read(c->src, loc, 1, blk))
                    check_susp(c, blk + off, clen, path, loc, depth + 1);
            }
        }
        if (e[0] == 'N' && e[1] == 'M' && el < 5)
            err(c, DW_SEV_ERROR, path, lba, "Rock Ridge NM entry too short");
        if (e[0] == 'P' && e[1] == 'X' && el != 36 && el != 44)
            err(c, DW_SEV_WARNING, path, lba, "Rock Ridge PX entry of length %u (36 or 44 expected)", el);
        pos += el;
    }
}

typedef struct {
    uint32_t lba, size;
    char *path;
    int depth;
} dir_job;

/* Walk one tree from its root record. */
static void walk_tree(iso_ctx *c, const uint8_t *root, const char *tree)
{
    GQueue q = G_QUEUE_INIT;
    dir_job *j0 = g_new0(dir_job, 1);
    j0->lba = fs_le32(root + 2);
    j0->size = fs_le32(root + 10);
    j0->path = g_strdup("/");
    g_queue_push_tail(&q, j0);
    g_hash_table_insert(c->dirs, GUINT_TO_POINTER(j0->lba), GINT_TO_POINTER(1));
    int ndirs = 0;
    dir_job *j;
    while ((j = g_queue_pop_head(&q))) {
        uint32_t nsec = (j->size + 2047) / 2048;
        if (j->size == 0 || (int64_t)j->lba + nsec > c->vol) {
            err(c, DW_SEV_ERROR, j->path, j->lba, "%s directory extent (block %u, %u bytes) is %s", tree,
                j->lba, j->size, j->size ? "past the end of the volume" : "empty");
            goto next;
        }
        if (++ndirs > MAX_DIRS) {
            err(c, DW_SEV_ERROR, j->path, j->lba, "more than %d directories; stopping", MAX_DIRS);
            goto next;
        }
        uint8_t sec[2048];
        for (uint32_t s = 0; s < nsec; s++) {
            int64_t lba = (int64_t)j->lba + s;
            if (!fs_read(c->src, lba, 1, sec)) {
                err(c, DW_SEV_UNREADABLE, j->path, lba, "directory sector cannot be read");
                break;
            }
            uint32_t limit = MIN(2048u, j->size - s * 2048);
            uint32_t pos = 0;
            int idx = 0;
            while (pos < limit) {
                const uint8_t *d = sec + pos;
                uint8_t len = d[0];
                if (len == 0) {
                    /* The rest of the sector must be padding; anything else
                     * means a record length before it was wrong. */
                    for (uint32_t k = pos; k < limit; k++)
                        if (sec[k]) {
                            err(c, DW_SEV_ERROR, j->path, lba, "%s directory: bytes after the padding at byte "
                                "%u (a record length before it is wrong?)", tree, pos);
                            break;
                        }
                    break;
                }
                idx++;
                if (len < 34 || pos + len > 2048 || 33u + d[32] > len) {
                    err(c, DW_SEV_ERROR, j->path, lba, "%s directory record at byte %u is malformed "
                        "(length %u, name length %u)", tree, pos, len, pos + 33 <= 2048 ? d[32] : 0);
                    break;
                }
                if (++c->entries > MAX_ENTRIES) {
                    err(c, DW_SEV_ERROR, j->path, lba, "more than %d directory records; stopping", MAX_ENTRIES);
                    goto next;
                }
                uint32_t ext = fs_le32(d + 2), size = fs_le32(d + 10);
                uint8_t flags = d[25], nl = d[32];
                const uint8_t *name = d + 33;
                gboolean dot = nl == 1 && (name[0] == 0 || name[0] == 1);
                if (ext != fs_be32(d + 6) || size != fs_be32(d + 14) || fs_le16(d + 28) != fs_be16(d + 30))
                    err(c, DW_SEV_ERROR, j->path, lba, "%s directory record at byte %u: both-endian fields "
                        "differ", tree, pos);
                if (s == 0 && idx == 1 && !(nl == 1 && name[0] == 0))
                    err(c, DW_SEV_ERROR, j->path, lba, "%s directory does not start with '.'", tree);
                if (s == 0 && idx == 1 && nl == 1 && name[0] == 0 && ext != j->lba)
                    err(c, DW_SEV_ERROR, j->path, lba, "'.' points to block %u, not to its directory (%u)",
                        ext, j->lba);
                if (s == 0 && idx == 2 && !(nl == 1 && name[0] == 1))
                    err(c, DW_SEV_ERROR, j->path, lba, "%s directory's second record is not '..'", tree);
                /* System use area: after the name, padded to even. */
                uint32_t su = 33u + nl + ((nl & 1) ? 0 : 1);
                if (!c->joliet && su < len)
                    check_susp(c, d + su, len - su, j->path, lba, 0);
                if (!dot) {
                    g_autofree char *nm = g_strndup((const char *)name, nl);
                    if (c->joliet) {
                        g_free(nm);
                        nm = g_convert((const char *)name, nl & ~1u, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
                        if (!nm)
                            nm = g_strdup("?");
                    }
                    for (char *p = nm; *p; p++)
                        if ((unsigned char)*p < 0x20)
                            *p = '?';
                    g_autofree char *path = g_strconcat(j->path, strcmp(j->path, "/") ? "/" : "", nm, NULL);
                    uint32_t n = (size + 2047) / 2048;
                    if (size && (int64_t)ext + n > c->vol)
                        err(c, DW_SEV_ERROR, path, ext, "extent (block %u, %u bytes) ends past the volume "
                            "(%" G_GINT64_FORMAT " blocks)", ext, size, c->vol);
                    else if (flags & 0x02) {
                        if (j->depth + 1 > MAX_DEPTH)
                            err(c, DW_SEV_ERROR, path, ext, "directories nested deeper than %d", MAX_DEPTH);
                        else if (g_hash_table_contains(c->dirs, GUINT_TO_POINTER(ext)))
                            err(c, DW_SEV_ERROR, path, ext, "directory loop or shared directory extent");
                        else {
                            g_hash_table_insert(c->dirs, GUINT_TO_POINTER(ext), GINT_TO_POINTER(1));
                            dir_job *k = g_new0(dir_job, 1);
                            k->lba = ext;
                            k->size = size;
                            k->path = g_strdup(path);
                            k->depth = j->depth + 1;
                            g_queue_push_tail(&q, k);
                        }
                    } else if (size) {
                        extent x = { ext, n, g_strdup(path) };
                        g_array_append_val(c->files, x);
                    }
                }
                pos += len;
            }
        }
    next:
        g_free(j->path);
        g_free(j);
    }
    g_queue_clear_full(&q, NULL);
}

static gint cmp_extent(gconstpointer a, gconstpointer b)
{
    const extent *x = a, *y = b;
    return x->lba < y->lba ? -1 : x->lba > y->lba ? 1 : (x->sectors < y->sectors ? -1 : x->sectors > y->sectors);
}

static void check_overlaps(iso_ctx *c, const char *tree)
{
    g_array_sort(c->files, cmp_extent);
    for (guint i = 1; i < c->files->len; i++) {
        const extent *a = &g_array_index(c->files, extent, i - 1), *b = &g_array_index(c->files, extent, i);
        if (a->lba == b->lba && a->sectors == b->sectors)
            continue;            /* a hard link */
        if ((int64_t)a->lba + a->sectors > b->lba)
            err(c, DW_SEV_ERROR, b->path, b->lba, "%s: extent overlaps %s (blocks %u-%u and %u-%u)", tree,
                a->path, a->lba, a->lba + a->sectors - 1, b->lba, b->lba + b->sectors - 1);
    }
    for (guint i = 0; i < c->files->len; i++)
        g_free(g_array_index(c->files, extent, i).path);
    g_array_set_size(c->files, 0);
}

/* Path table (type L when le, else M) against the directories found. */
static void check_path_table(iso_ctx *c, uint32_t loc, uint32_t size, gboolean le, const char *tree)
{
    const char *kind = le ? "L" : "M";
    uint32_t nsec = (size + 2047) / 2048;
    if (!size || (int64_t)loc + nsec > c->vol || nsec > 4096) {
        err(c, DW_SEV_ERROR, NULL, loc, "%s %s path table (block %u, %u bytes) is outside the volume", tree,
            kind, loc, size);
        return;
    }
    g_autofree uint8_t *pt = g_malloc((size_t)nsec * 2048);
    if (!fs_read(c->src, loc, nsec, pt)) {
        err(c, DW_SEV_UNREADABLE, NULL, loc, "%s %s path table cannot be read", tree, kind);
        return;
    }
    uint32_t pos = 0, n = 0, missing = 0;
    while (pos + 8 <= size) {
        uint8_t nl = pt[pos];
        if (nl == 0 || pos + 8 + nl > size) {
            err(c, DW_SEV_ERROR, NULL, loc + pos / 2048, "%s %s path table entry %u at byte %u is malformed",
                tree, kind, n + 1, pos);
            return;
        }
        uint32_t ext = le ? fs_le32(pt + pos + 2) : fs_be32(pt + pos + 2);
        uint16_t parent = le ? fs_le16(pt + pos + 6) : fs_be16(pt + pos + 6);
        n++;
        if (parent == 0 || parent > n)
            err(c, DW_SEV_ERROR, NULL, loc + pos / 2048, "%s %s path table entry %u: parent %u is not an "
                "earlier entry", tree, kind, n, parent);
        if (!g_hash_table_contains(c->dirs, GUINT_TO_POINTER(ext)))
            missing++;
        pos += 8 + nl + (nl & 1);
    }
    if (missing)
        err(c, DW_SEV_ERROR, NULL, loc, "%s %s path table: %u entries point to no directory of the tree", tree,
            kind, missing);
    if (n != g_hash_table_size(c->dirs))
        err(c, DW_SEV_ERROR, NULL, loc, "%s %s path table lists %u directories, the tree has %u", tree, kind, n,
            g_hash_table_size(c->dirs));
}

static void check_eltorito(iso_ctx *c, const uint8_t *br)
{
    uint32_t cat = fs_le32(br + 71);
    uint8_t s[2048];
    if ((int64_t)cat >= c->vol || !fs_read(c->src, cat, 1, s)) {
        err(c, DW_SEV_ERROR, NULL, cat, "El Torito boot catalog (block %u) is outside the volume", cat);
        return;
    }
    uint16_t sum = 0;
    for (int i = 0; i < 32; i += 2)
        sum = (uint16_t)(sum + fs_le16(s + i));
    if (s[0] != 1 || s[30] != 0x55 || s[31] != 0xAA || sum != 0) {
        err(c, DW_SEV_ERROR, NULL, cat, "El Torito validation entry is bad (header %u, key %02x %02x, "
            "checksum %s)", s[0], s[30], s[31], sum ? "wrong" : "ok");
        return;
    }
    int images = 0;
    for (int off = 32; off + 32 <= 2048; off += 32) {
        const uint8_t *e = s + off;
        if (e[0] == 0x90 || e[0] == 0x91)
            continue;            /* section header */
        if (e[0] != 0x88 && e[0] != 0x00)
            break;
        if (e[0] == 0x00 && off > 32 && fs_le32(e + 8) == 0)
            continue;
        uint32_t load = fs_le32(e + 8);
        uint16_t count = fs_le16(e + 6);
        if (load == 0 && e[0] == 0 && off == 32)
            continue;
        images++;
        if ((int64_t)load + (count + 3) / 4 > c->vol)
            err(c, DW_SEV_ERROR, NULL, cat, "El Torito entry at byte %d: boot image (block %u, %u sectors) "
                "is outside the volume", off, load, count);
    }
    err(c, DW_SEV_INFO, NULL, cat, "El Torito catalog with %d boot image(s)", images);
}

static void check_mbr_gpt(iso_ctx *c)
{
    uint8_t s0[2048];
    if (!fs_read(c->src, 0, 1, s0) || s0[510] != 0x55 || s0[511] != 0xAA)
        return;
    int64_t bytes = c->src->sectors * 2048;
    gboolean gpt = FALSE;
    for (int i = 0; i < 4; i++) {
        const uint8_t *p = s0 + 446 + 16 * i;
        if (p[4] == 0)
            continue;
        if (p[4] == 0xEE)
            gpt = TRUE;
        uint64_t start = fs_le32(p + 8), n = fs_le32(p + 12);
        if (p[4] != 0xEE && (start + n) * 512 > (uint64_t)bytes)
            err(c, DW_SEV_ERROR, NULL, 0, "MBR partition %d (type 0x%02x, sectors %" G_GUINT64_FORMAT
                "+%" G_GUINT64_FORMAT ") ends past the image", i + 1, p[4], start, n);
    }
    if (!gpt)
        return;
    const uint8_t *h = s0 + 512;
    if (memcmp(h, "EFI PART", 8) != 0) {
        err(c, DW_SEV_ERROR, NULL, 0, "protective MBR (0xEE) but no GPT header at byte 512");
        return;
    }
    uint32_t hsize = fs_le32(h + 12);
    if (hsize < 92 || hsize > 512) {
        err(c, DW_SEV_ERROR, NULL, 0, "GPT header size %u is invalid", hsize);
        return;
    }
    uint8_t tmp[512];
    memcpy(tmp, h, hsize);
    memset(tmp + 16, 0, 4);
    if ((uint32_t)crc32(0, tmp, hsize) != fs_le32(h + 16))
        err(c, DW_SEV_ERROR, NULL, 0, "GPT header CRC is wrong");
    uint64_t ents = fs_le64(h + 72);
    uint32_t nent = fs_le32(h + 80), esz = fs_le32(h + 84);
    if (esz < 128 || esz > 4096 || nent == 0 || nent > 1024 || ents * 512 + (uint64_t)nent * esz > (uint64_t)bytes) {
        err(c, DW_SEV_ERROR, NULL, 0, "GPT partition array (LBA %" G_GUINT64_FORMAT ", %u x %u) is invalid "
            "or past the image", ents, nent, esz);
        return;
    }
    size_t alen = (size_t)nent * esz;
    int64_t first = (int64_t)(ents * 512 / 2048);
    uint32_t nsec = (uint32_t)((ents * 512 % 2048 + alen + 2047) / 2048);
    g_autofree uint8_t *a = g_malloc0((size_t)nsec * 2048);
    if (!fs_read(c->src, first, nsec, a))
        return;
    const uint8_t *arr = a + ents * 512 % 2048;
    if ((uint32_t)crc32(0, arr, (uInt)alen) != fs_le32(h + 88))
        err(c, DW_SEV_ERROR, NULL, first, "GPT partition array CRC is wrong");
    for (uint32_t i = 0; i < nent; i++) {
        const uint8_t *e = arr + (size_t)i * esz;
        uint64_t lo = fs_le64(e + 32), hi = fs_le64(e + 40);
        int zero = 1;
        for (int k = 0; k < 16; k++)
            zero &= e[k] == 0;
        if (!zero && (hi < lo || (hi + 1) * 512 > (uint64_t)bytes))
            err(c, DW_SEV_ERROR, NULL, 0, "GPT partition %u (LBA %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                ") is invalid or past the image", i + 1, lo, hi);
    }
}

gboolean dw_iso_check(const dw_fs_source *src, dw_report *r)
{
    uint8_t vd[2048], pvd[2048], svd[2048], br[2048];
    gboolean have_pvd = FALSE, have_joliet = FALSE, have_br = FALSE, term = FALSE;
    int64_t lba, vds = src->session_start + 16;
    for (lba = vds; lba < vds + 64; lba++) {
        if (!fs_read(src, lba, 1, vd) || memcmp(vd + 1, "CD001", 5) != 0)
            break;
        if (vd[0] == 1 && !have_pvd) {
            memcpy(pvd, vd, 2048);
            have_pvd = TRUE;
        } else if (vd[0] == 2 && vd[88] == '%' && vd[89] == '/' && (vd[90] == '@' || vd[90] == 'C' || vd[90] == 'E')) {
            memcpy(svd, vd, 2048);
            have_joliet = TRUE;
        } else if (vd[0] == 0 && memcmp(vd + 7, "EL TORITO SPECIFICATION", 23) == 0) {
            memcpy(br, vd, 2048);
            have_br = TRUE;
        } else if (vd[0] == 255) {
            term = TRUE;
            break;
        }
    }
    if (!have_pvd)
        return FALSE;
    iso_ctx c = { src, r, 0, g_array_new(FALSE, FALSE, sizeof(extent)), g_hash_table_new(NULL, NULL), 0, 0, FALSE };
    if (!term)
        err(&c, DW_SEV_ERROR, NULL, lba, "volume descriptor set has no terminator");
    if (pvd[6] != 1)
        err(&c, DW_SEV_WARNING, NULL, vds, "PVD version %u (1 expected)", pvd[6]);
    c.vol = fs_le32(pvd + 80);
    if (fs_le32(pvd + 80) != fs_be32(pvd + 84) || fs_le16(pvd + 128) != fs_be16(pvd + 130) ||
        fs_le32(pvd + 132) != fs_be32(pvd + 136))
        err(&c, DW_SEV_ERROR, NULL, vds, "PVD: both-endian fields differ");
    if (fs_le16(pvd + 128) != 2048)
        err(&c, DW_SEV_ERROR, NULL, vds, "PVD: logical block size %u (2048 expected)", fs_le16(pvd + 128));
    if (c.vol > src->sectors) {
        err(&c, DW_SEV_ERROR, NULL, src->sectors, "volume is %" G_GINT64_FORMAT " blocks but the image holds %"
            G_GINT64_FORMAT " (truncated?)", c.vol, src->sectors);
        c.vol = src->sectors;
    }
    dw_report_set_stat(r, "iso_volume_blocks", fs_le32(pvd + 80));
    if (pvd[156] < 34)
        err(&c, DW_SEV_ERROR, NULL, vds, "PVD: root directory record is malformed");
    else {
        walk_tree(&c, pvd + 156, "ISO 9660");
        dw_report_set_stat(r, "iso_files", c.files->len);
        dw_report_set_stat(r, "iso_directories", g_hash_table_size(c.dirs));
        check_overlaps(&c, "ISO 9660");
        check_path_table(&c, fs_le32(pvd + 140), fs_le32(pvd + 132), TRUE, "ISO 9660");
        check_path_table(&c, fs_be32(pvd + 148), fs_le32(pvd + 132), FALSE, "ISO 9660");
    }
    if (have_joliet && svd[156] >= 34) {
        g_hash_table_remove_all(c.dirs);
        c.joliet = TRUE;
        walk_tree(&c, svd + 156, "Joliet");
        check_overlaps(&c, "Joliet");
        check_path_table(&c, fs_le32(svd + 140), fs_le32(svd + 132), TRUE, "Joliet");
    }
    if (have_br)
        check_eltorito(&c, br);
    check_mbr_gpt(&c);
    if (c.n_errors == 0)
        dw_report_add(r, DW_SEV_OK, "iso9660", NULL, 0, -1, -1, "ISO 9660%s%s structure good",
                      have_joliet ? " + Joliet" : "", have_br ? " + El Torito" : "");
    g_array_free(c.files, TRUE);
    g_hash_table_destroy(c.dirs);
    return TRUE;
}
