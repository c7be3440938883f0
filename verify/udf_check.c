/* udf_check.c: UDF structure checks (ECMA-167 / OSTA UDF) with our own
 * bounds-checked reader: the volume recognition sequence (BEA01, NSR02
 * or NSR03, TEA01), both anchors (AVDP at 256 and at the last sector),
 * the main and reserve volume descriptor sequences, every descriptor
 * tag (identifier, checksum, CRC-CCITT over the body, location), the
 * partition, the logical volume and its integrity descriptor (file and
 * directory counts against the tree), the file set descriptor, and the
 * whole directory tree: file entries (FE and EFE) with allocation
 * descriptors inside the partition and covering the file size (chains
 * of allocation extent descriptors followed), file identifier
 * descriptors.  Counts, depth and sizes are bounded.
 */
#include "config.h"

#include "discwright/subq.h"
#include "verify/fs_util.h"

#define MAX_NODES 200000
#define MAX_DEPTH 64
#define MAX_DIR_BYTES (16u << 20)
#define MAX_AEDS 1000000

typedef struct {
    const dw_fs_source *src;
    dw_report *r;
    int64_t part_start, part_len;
    int n_errors;
    int64_t files, dirs, nodes;
    GHashTable *seen;            /* ICB block -> 1 */
} udf_ctx;

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

static gboolean read_part(udf_ctx *c, uint32_t lbn, uint32_t n, uint8_t *buf)
{
    if ((int64_t)lbn + n > c->part_len)
        return FALSE;
    return fs_read(c->src, c->part_start + lbn, n, buf);
}

/* The allocation descriptors of an FE/EFE in blk: collect up to max
 * extents (partition lbn, byte length) and embedded data. */
typedef struct {
    uint32_t lbn, len;
} ad;

static void walk_dir(udf_ctx *c, uint32_t icb, const char *path, int depth, gboolean is_dir_expected);

static void walk_node(udf_ctx *c, uint32_t icb, const char *path, int depth)
{
    if (++c->nodes > MAX_NODES) {
        if (c->nodes == MAX_NODES + 1)
            err(c, DW_SEV_ERROR, path, -1, "more than %d files; stopping", MAX_NODES);
        return;
    }
    walk_dir(c, icb, path, depth, FALSE);
}

static void walk_dir(udf_ctx *c, uint32_t icb, const char *path, int depth, gboolean root)
{
    uint8_t fe[2048];
    int64_t abs = c->part_start + icb;
    if (!read_part(c, icb, 1, fe)) {
        err(c, DW_SEV_ERROR, path, abs, "file entry (block %u) is outside the partition", icb);
        return;
    }
    int id = check_tag(c, fe, 2048, abs, icb, path, FALSE);
    if (id != 261 && id != 266) {
        if (id >= 0)
            err(c, DW_SEV_ERROR, path, abs, "expected a file entry, found tag %d", id);
        return;
    }
    gboolean efe = id == 266;
    uint8_t ftype = fe[16 + 11];
    uint16_t icbflags = fs_le16(fe + 16 + 18);
    uint64_t size = fs_le64(fe + 56);
    uint32_t lea = fs_le32(fe + (efe ? 208 : 168)), lad = fs_le32(fe + (efe ? 212 : 172));
    size_t base = efe ? 216 : 176;
    if (lea > 2048 || lad > 2048 || base + lea + lad > 2048) {
        err(c, DW_SEV_ERROR, path, abs, "file entry: extended attributes (%u) and allocation descriptors (%u) "
            "do not fit the block", lea, lad);
        return;
    }
    if (ftype == 4) {
        if (depth > MAX_DEPTH) {
            err(c, DW_SEV_ERROR, path, abs, "directories nested deeper than %d", MAX_DEPTH);
            return;
        }
        c->dirs++;
    } else {
        c->files++;
    }
    const uint8_t *a = fe + base + lea;
    int adtype = icbflags & 7;
    GArray *ads = g_array_new(FALSE, FALSE, sizeof(ad));
    uint64_t covered = 0;
    g_autofree uint8_t *embedded = NULL;
    if (adtype == 3) {
        if (size > lad)
            err(c, DW_SEV_ERROR, path, abs, "embedded data of %u bytes, file size %" G_GUINT64_FORMAT, lad, size);
        embedded = g_malloc(lad ? lad : 1);
        memcpy(embedded, a, lad);
        covered = lad;
    } else if (adtype == 0 || adtype == 1) {
        size_t step = adtype == 0 ? 8 : 16;
        uint8_t aed[2048];
        const uint8_t *list = a;
        size_t list_len = lad;
        int64_t list_abs = abs;
        unsigned n_aed = 0;
        for (size_t p = 0; p + step <= list_len; p += step) {
            uint32_t raw = fs_le32(list + p), len = raw & 0x3FFFFFFF, pos = fs_le32(list + p + 4);
            if (len == 0)
                break;
            if ((raw >> 30) == 3) {
                /* The next extent of allocation descriptors: an AED block. */
                if (++n_aed > MAX_AEDS) {
                    err(c, DW_SEV_ERROR, path, list_abs, "more than %d allocation extent descriptors", MAX_AEDS);
                    break;
                }
                if (!read_part(c, pos, 1, aed)) {
                    err(c, DW_SEV_ERROR, path, list_abs, "allocation extent descriptor (block %u) is outside the "
                        "partition", pos);
                    break;
                }
                list_abs = c->part_start + pos;
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
            if ((int64_t)pos + (len + 2047) / 2048 > c->part_len)
                err(c, DW_SEV_ERROR, path, list_abs, "allocation descriptor (block %u, %u bytes) ends past the "
                    "partition", pos, len);
            else if ((raw >> 30) == 0) {
                ad x = { pos, len };
                g_array_append_val(ads, x);
            }
            covered += len;
        }
    } else {
        err(c, DW_SEV_ERROR, path, abs, "unknown allocation descriptor type %d", adtype);
    }
    if (adtype != 3 && (covered < size || covered >= size + 2048 + ((size & 2047) ? 2048 - (size & 2047) : 0)))
        err(c, DW_SEV_ERROR, path, abs, "allocation descriptors cover %" G_GUINT64_FORMAT " bytes, the file "
            "size is %" G_GUINT64_FORMAT, covered, size);
    if (ftype == 4 && size <= MAX_DIR_BYTES) {
        /* Read the directory and walk its FIDs. */
        g_autofree uint8_t *d = g_malloc0(size + 2048);
        size_t got = 0;
        gboolean ok = TRUE;
        if (embedded)
            memcpy(d, embedded, MIN((size_t)size, (size_t)lad));
        for (guint i = 0; !embedded && i < ads->len && got < size; i++) {
            ad x = g_array_index(ads, ad, i);
            uint32_t n = (x.len + 2047) / 2048;
            g_autofree uint8_t *tmp = g_malloc((size_t)n * 2048);
            if (!read_part(c, x.lbn, n, tmp)) {
                ok = FALSE;
                break;
            }
            size_t take = MIN((size_t)x.len, (size_t)size - got);
            memcpy(d + got, tmp, take);
            got += take;
        }
        uint32_t dir_lbn = !embedded && ads->len ? g_array_index(ads, ad, 0).lbn : icb;
        size_t pos = 0;
        while (ok && pos + 38 <= size) {
            const uint8_t *f = d + pos;
            uint8_t lfi = f[19];
            uint16_t liu = fs_le16(f + 36);
            size_t flen = (38u + liu + lfi + 3) & ~(size_t)3;
            uint32_t tagloc = embedded ? icb : dir_lbn + (uint32_t)(pos / 2048);
            if (pos + 38 + liu + lfi > size) {
                err(c, DW_SEV_ERROR, path, c->part_start + tagloc, "file identifier at byte %zu runs past the "
                    "directory", pos);
                break;
            }
            int fid = check_tag(c, f, MIN(flen, (size_t)size - pos), c->part_start + tagloc, tagloc, path, FALSE);
            if (fid != 257) {
                if (fid >= 0)
                    err(c, DW_SEV_ERROR, path, c->part_start + tagloc, "expected a file identifier, found tag %d",
                        fid);
                break;
            }
            uint8_t ch = f[18];
            uint32_t child = fs_le32(f + 20 + 4);
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
                if (g_hash_table_contains(c->seen, GUINT_TO_POINTER(child))) {
                    if (ch & 0x02)
                        err(c, DW_SEV_ERROR, cp, c->part_start + child, "directory loop or shared directory");
                } else {
                    g_hash_table_insert(c->seen, GUINT_TO_POINTER(child), GINT_TO_POINTER(1));
                    walk_node(c, child, cp, depth + 1);
                }
            }
            pos += flen;
        }
        if (!ok)
            err(c, DW_SEV_ERROR, path, abs, "directory data outside the partition");
    }
    (void)root;
    g_array_free(ads, TRUE);
}

gboolean dw_udf_check(const dw_fs_source *src, dw_report *r)
{
    udf_ctx c = { src, r, 0, 0, 0, 0, 0, 0, NULL };
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
    uint32_t lvid_loc = 0, lvid_len = 0, fsd_lbn = 0, bs = 0;
    gboolean have_pd = FALSE, have_lvd = FALSE, metadata = FALSE;
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
            } else if (id == 6) {
                have_lvd = TRUE;
                bs = fs_le32(b + 212);
                fsd_lbn = fs_le32(b + 248 + 4);
                lvid_len = fs_le32(b + 432);
                lvid_loc = fs_le32(b + 436);
                /* A type-2 "*UDF Metadata Partition" map (UDF 2.50+): the
                 * tree lives in the metadata file, which is not walked. */
                uint32_t mtl = MIN(fs_le32(b + 264), 2048u - 440u);
                static const char meta_id[] = "*UDF Metadata Partition";
                for (uint32_t k = 0; k + sizeof meta_id - 1 <= mtl; k++)
                    if (memcmp(b + 440 + k, meta_id, sizeof meta_id - 1) == 0)
                        metadata = TRUE;
            }
        }
    }
    if (!have_pd || !have_lvd) {
        err(&c, DW_SEV_ERROR, NULL, fs_le32(avdp + 20), "main volume descriptor sequence lacks a %s descriptor",
            have_pd ? "logical volume" : "partition");
        g_hash_table_destroy(c.seen);
        return TRUE;
    }
    if (bs != 2048)
        err(&c, DW_SEV_ERROR, NULL, fs_le32(avdp + 20), "logical block size %u (2048 expected)", bs);
    if (c.part_start + c.part_len > n) {
        err(&c, DW_SEV_ERROR, NULL, c.part_start, "partition (blocks %" G_GINT64_FORMAT "+%" G_GINT64_FORMAT
            ") ends past the image", c.part_start, c.part_len);
        c.part_len = MAX(0, n - c.part_start);
    }
    if (metadata) {
        err(&c, DW_SEV_INFO, NULL, lvid_loc, "UDF metadata partition (2.50+): its tree and the integrity "
            "descriptor's counts are not checked");
        g_hash_table_destroy(c.seen);
        return TRUE;
    }
    /* File set descriptor and the tree. */
    if (read_part(&c, fsd_lbn, 1, b) && check_tag(&c, b, 2048, c.part_start + fsd_lbn, fsd_lbn, NULL, FALSE) == 256) {
        uint32_t root = fs_le32(b + 400 + 4);
        g_hash_table_insert(c.seen, GUINT_TO_POINTER(root), GINT_TO_POINTER(1));
        walk_dir(&c, root, "/", 0, TRUE);
    } else {
        err(&c, DW_SEV_ERROR, NULL, c.part_start + fsd_lbn, "no file set descriptor at partition block %u", fsd_lbn);
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
    if (c.n_errors == 0)
        dw_report_add(r, DW_SEV_OK, "udf", NULL, 0, -1, -1, "UDF structure good (%" G_GINT64_FORMAT " files, %"
                      G_GINT64_FORMAT " directories)", c.files, c.dirs);
    g_hash_table_destroy(c.seen);
    return TRUE;
}
