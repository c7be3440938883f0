/* iso_check.c: ISO 9660 structure checks with our own bounds-checked
 * reader (ECMA-119): the volume descriptor set (PVD, Joliet SVD, boot
 * record, terminator; both-endian fields agree), every directory of the
 * primary and Joliet trees (record lengths inside their sector, '.' and
 * '..' first, names fitting, extents inside the volume), Rock Ridge /
 * SUSP entries in each record's system use area and in the CE
 * continuation areas it chains to (entry lengths, known signatures, NM
 * and SL well-formed; at most 32 hops, inside the volume, no loops),
 * file extents not overlapping one another (equal
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
    GHashTable *unknown_sigs;    /* SUSP signatures already reported as unknown */
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

#define MAX_CE_HOPS 32

/* Signatures of SUSP 1.12 and RRIP 1.12 (with 1.09's RR), and of
 * extensions that mastering tools commonly write: ZF (zisofs), AA and
 * AL (AAIP, xattrs/ACLs), AS (Amiga). */
static gboolean known_sig(const uint8_t *e)
{
    static const char *const sigs[] = { "SP", "CE", "PD", "ST", "ER", "ES", "RR", "PX", "PN", "SL", "NM", "CL",
                                        "PL", "RE", "TF", "SF", "ZF", "AA", "AL", "AS" };
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        if (e[0] == (uint8_t)sigs[i][0] && e[1] == (uint8_t)sigs[i][1])
            return TRUE;
    return FALSE;
}

/* One SUSP entry e of length el (>= 4, inside its area), found in block
 * lba, for the record of path: NM and SL well-formed, PX and CE sized.
 * FALSE when its signature is not one at all (the area is then not
 * read further: its entry boundaries cannot be trusted). */
static gboolean check_entry(iso_ctx *c, const uint8_t *e, uint8_t el, const char *path, int64_t lba)
{
    char sig[3] = { g_ascii_isprint(e[0]) ? (char)e[0] : '?', g_ascii_isprint(e[1]) ? (char)e[1] : '?', 0 };
    if (!known_sig(e)) {
        if (!g_ascii_isalnum(e[0]) || !g_ascii_isalnum(e[1])) {
            err(c, DW_SEV_ERROR, path, lba, "SUSP entry with signature bytes %02x %02x is not a SUSP entry", e[0],
                e[1]);
            return FALSE;
        }
        if (!g_hash_table_contains(c->unknown_sigs, GUINT_TO_POINTER(e[0] << 8 | e[1]))) {
            g_hash_table_add(c->unknown_sigs, GUINT_TO_POINTER(e[0] << 8 | e[1]));
            err(c, DW_SEV_INFO, path, lba, "SUSP entry '%s' of an unknown extension (not checked)", sig);
        }
        return TRUE;
    }
    if (e[0] == 'N' && e[1] == 'M') {
        if (el < 5) {
            err(c, DW_SEV_ERROR, path, lba, "Rock Ridge NM entry too short (%u)", el);
            return TRUE;
        }
        uint8_t fl = e[4];
        if (fl & ~0x27u)
            err(c, DW_SEV_ERROR, path, lba, "Rock Ridge NM entry: unknown flags %02x", fl);
        else if ((fl & 0x06) && el > 5)
            err(c, DW_SEV_ERROR, path, lba, "Rock Ridge NM entry: '.' or '..' flag with a name of %u bytes", el - 5);
    } else if (e[0] == 'S' && e[1] == 'L') {
        if (el < 5) {
            err(c, DW_SEV_ERROR, path, lba, "Rock Ridge SL entry too short (%u)", el);
            return TRUE;
        }
        if (e[4] & ~0x01u)
            err(c, DW_SEV_ERROR, path, lba, "Rock Ridge SL entry: unknown flags %02x", e[4]);
        size_t k = 5;
        int comp = 0;
        while (k < el) {
            comp++;
            if (k + 2 > el || k + 2 + (size_t)e[k + 1] > el) {
                err(c, DW_SEV_ERROR, path, lba, "Rock Ridge SL entry: component %d runs past the entry (length %u)",
                    comp, el);
                return TRUE;
            }
            uint8_t cf = e[k], cl = e[k + 1];
            if (cf & ~0x3Fu)
                err(c, DW_SEV_ERROR, path, lba, "Rock Ridge SL component %d: unknown flags %02x", comp, cf);
            else if ((cf & 0x0E) && cl)
                err(c, DW_SEV_ERROR, path, lba, "Rock Ridge SL component %d: '.', '..' or root with %u bytes of "
                    "name", comp, cl);
            k += 2u + cl;
        }
    } else if (e[0] == 'P' && e[1] == 'X' && el != 36 && el != 44) {
        err(c, DW_SEV_WARNING, path, lba, "Rock Ridge PX entry of length %u (36 or 44 expected)", el);
    } else if (e[0] == 'C' && e[1] == 'E' && el != 28) {
        err(c, DW_SEV_ERROR, path, lba, "SUSP CE entry of length %u (28 expected)", el);
    }
    return TRUE;
}

/* Rock Ridge / SUSP entries in [p, p+len) of the record of path in
 * block lba, then in the continuation areas its CE entries chain to
 * (at most MAX_CE_HOPS, each inside the volume and inside one block, no
 * area visited twice). */
static void check_susp(iso_ctx *c, const uint8_t *p, size_t len, const char *path, int64_t lba)
{
    uint8_t blk[2048];
    uint64_t visited[MAX_CE_HOPS];
    int hops = 0;
    for (;;) {
        size_t pos = 0;
        gboolean have_ce = FALSE;
        uint32_t loc = 0, off = 0, clen = 0;
        while (pos + 4 <= len) {
            const uint8_t *e = p + pos;
            if (e[0] == 0)
                break;           /* padding */
            uint8_t el = e[2];
            if (el < 4 || pos + el > len) {
                err(c, DW_SEV_ERROR, path, lba, "SUSP entry '%c%c' of length %u runs past the %s",
                    g_ascii_isprint(e[0]) ? e[0] : '?', g_ascii_isprint(e[1]) ? e[1] : '?', el,
                    hops ? "continuation area" : "system use area");
                return;
            }
            if (e[0] == 'S' && e[1] == 'T')
                break;
            if (!check_entry(c, e, el, path, lba))
                return;
            if (e[0] == 'C' && e[1] == 'E' && el >= 28) {
                loc = fs_le32(e + 4);
                off = fs_le32(e + 12);
                clen = fs_le32(e + 20);
                if (loc != fs_be32(e + 8) || off != fs_be32(e + 16) || clen != fs_be32(e + 24))
                    err(c, DW_SEV_ERROR, path, lba, "SUSP CE: both-endian fields differ");
                have_ce = TRUE;  /* the last CE of an area is the one followed */
            }
            pos += el;
        }
        if (!have_ce)
            return;
        if ((int64_t)loc >= c->vol || off >= 2048 || clen > 2048 - off) {
            err(c, DW_SEV_ERROR, path, lba, "SUSP CE continuation area (block %u, offset %u, length %u) "
                "is outside the volume or its block", loc, off, clen);
            return;
        }
        uint64_t key = (uint64_t)loc << 16 | off;
        for (int i = 0; i < hops; i++)
            if (visited[i] == key) {
                err(c, DW_SEV_ERROR, path, lba, "SUSP CE continuation areas loop (block %u, offset %u again)", loc,
                    off);
                return;
            }
        if (hops == MAX_CE_HOPS) {
            err(c, DW_SEV_ERROR, path, lba, "more than %d SUSP continuation areas", MAX_CE_HOPS);
            return;
        }
        visited[hops++] = key;
        if (!fs_read(c->src, loc, 1, blk)) {
            err(c, DW_SEV_UNREADABLE, path, loc, "SUSP continuation area cannot be read");
            return;
        }
        p = blk + off;
        len = clen;
        lba = loc;
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
                if (!c->joliet && su < len && dot)
                    check_susp(c, d + su, len - su, j->path, lba);
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
                    if (!c->joliet && su < len)
                        check_susp(c, d + su, len - su, path, lba);
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

/* El Torito, MBR and GPT through dw_boot_info_read (boot_info.c, which
 * `discwright info` shares): each entry and partition as an INFO line,
 * anything broken or outside the image as an error. */
static void check_boot(iso_ctx *c, gboolean have_br)
{
    dw_boot_info *b = g_new0(dw_boot_info, 1);
    dw_boot_info_read(c->src, b);
    int64_t bytes = c->src->sectors * 2048;
    if (have_br && b->catalog_state == DW_BOOT_CAT_OUTSIDE)
        err(c, DW_SEV_ERROR, NULL, b->catalog, "El Torito boot catalog (block %u) is outside the volume", b->catalog);
    else if (have_br && b->catalog_state == DW_BOOT_CAT_BAD)
        err(c, DW_SEV_ERROR, NULL, b->catalog, "El Torito validation entry is bad (header, key 55 AA or checksum)");
    else if (have_br && b->catalog_state == DW_BOOT_CAT_OK) {
        for (guint i = 0; i < b->n_entries; i++) {
            const dw_boot_entry *e = &b->entries[i];
            uint64_t blocks = e->media == 0 ? (e->sectors + 3u) / 4 : 1;
            err(c, DW_SEV_INFO, NULL, e->lba, "El Torito entry %u: %s, %s, emulation %s, %u sectors at block %u", i + 1,
                dw_boot_platform_name(e->platform), e->bootable ? "bootable" : "not bootable",
                dw_boot_media_name(e->media), e->sectors, e->lba);
            if ((int64_t)(e->lba + blocks) > c->src->sectors)
                err(c, DW_SEV_ERROR, NULL, b->catalog, "El Torito entry %u: boot image (block %u, %u sectors) "
                    "is outside the image", i + 1, e->lba, e->sectors);
        }
        err(c, DW_SEV_INFO, NULL, b->catalog, "El Torito catalog with %u boot image(s)", b->n_entries);
    }
    gboolean protective = FALSE;
    for (guint i = 0; b->mbr && i < b->n_mbr; i++) {
        const dw_mbr_entry *m = &b->mbr_parts[i];
        protective |= m->type == 0xEE;
        err(c, DW_SEV_INFO, NULL, 0, "MBR partition %d: type 0x%02x%s, sectors %" G_GUINT64_FORMAT "+%" G_GUINT64_FORMAT,
            m->slot, m->type, m->status == 0x80 ? " (bootable)" : "", m->start, m->count);
        if (m->type != 0xEE && (m->start + m->count) * 512 > (uint64_t)bytes)
            err(c, DW_SEV_ERROR, NULL, 0, "MBR partition %d (type 0x%02x, sectors %" G_GUINT64_FORMAT
                "+%" G_GUINT64_FORMAT ") ends past the image", m->slot, m->type, m->start, m->count);
    }
    if (protective && !b->gpt)
        err(c, DW_SEV_ERROR, NULL, 0, "protective MBR (0xEE) but no GPT header at byte 512");
    if (b->gpt && protective) {
        if (!b->gpt_header_ok)
            err(c, DW_SEV_ERROR, NULL, 0, "GPT header is invalid (CRC, size, or partition array past the image)");
        else if (!b->gpt_array_ok)
            err(c, DW_SEV_ERROR, NULL, (int64_t)(b->gpt_array_lba / 4), "GPT partition array CRC is wrong");
        else if (!b->gpt_backup_ok)
            err(c, DW_SEV_WARNING, NULL, (int64_t)(b->gpt_backup_lba / 4), "backup GPT (sector %" G_GUINT64_FORMAT
                ") is missing or differs from the primary", b->gpt_backup_lba);
        for (guint i = 0; b->gpt_header_ok && i < b->n_gpt; i++) {
            const dw_gpt_entry *g = &b->gpt_parts[i];
            err(c, DW_SEV_INFO, NULL, 0, "GPT partition %d \"%s\": type %s, sectors %" G_GUINT64_FORMAT "-%"
                G_GUINT64_FORMAT, g->slot, g->name, g->type, g->first, g->last);
            if (g->last < g->first || (g->last + 1) * 512 > (uint64_t)bytes)
                err(c, DW_SEV_ERROR, NULL, 0, "GPT partition %d (LBA %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                    ") is invalid or past the image", g->slot, g->first, g->last);
        }
    }
    g_free(b);
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
    iso_ctx c = { src, r, 0, g_array_new(FALSE, FALSE, sizeof(extent)), g_hash_table_new(NULL, NULL), 0, 0, FALSE,
                  g_hash_table_new(NULL, NULL) };
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
    check_boot(&c, have_br);
    if (c.n_errors == 0)
        dw_report_add(r, DW_SEV_OK, "iso9660", NULL, 0, -1, -1, "ISO 9660%s%s structure good",
                      have_joliet ? " + Joliet" : "", have_br ? " + El Torito" : "");
    g_array_free(c.files, TRUE);
    g_hash_table_destroy(c.dirs);
    g_hash_table_destroy(c.unknown_sigs);
    return TRUE;
}
