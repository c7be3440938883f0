/* layout.c: the one layout engine.  After the scan, names are assigned
 * and sorted per tree, directories are numbered breadth first (path
 * table order), and blocks are handed out in one pass: volume
 * descriptors, (UDF descriptors and partition metadata), path tables,
 * ISO directories with their Rock Ridge continuation areas, Joliet
 * directories, then every file's data once (from block 32 on, so that
 * growing the image keeps it), shared by all trees.  A multisession
 * plan lays its session out from start_lba with absolute addresses.
 * With -partition_offset a second descriptor set and ISO/Joliet tree
 * follow, addressed from the partition start (plan->bias).
 * Directory sizes do not depend on addresses, so they are measured
 * before addresses are given and written afterwards by the same code.
 * Metadata goes into memory segments, or (directories, UDF entries) is
 * rendered block by block when the stream reaches it; file data is
 * streamed later. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "author/author_private.h"

static uint32_t blocks_of(uint64_t bytes)
{
    return (uint32_t)((bytes + BLK - 1) / BLK);
}

guint8 *dw_plan_mem(dw_author_plan *p, uint64_t lba, uint64_t nblocks)
{
    dw_aseg s = { .lba = lba, .nblocks = nblocks, .file = -1 };
    s.mem = g_malloc0(nblocks * BLK);
    g_array_append_val(p->segments, s);
    return s.mem;
}

void dw_author_options_init(dw_author_options *o)
{
    memset(o, 0, sizeof *o);
    o->iso_level = 3;
    o->joliet = TRUE;
    o->rock_ridge = TRUE;
}

static gboolean in_joliet(const dw_anode *n)
{
    return !(n->hide & DW_HIDE_JOLIET) && (S_ISDIR(n->mode) || S_ISREG(n->mode) || n->jol_target);
}

static dw_author_plan *plan_sort_ctx;

static gint cmp_iso(gconstpointer a, gconstpointer b)
{
    return dw_author_iso_cmp(*(dw_anode *const *)a, *(dw_anode *const *)b);
}

static gint cmp_jol(gconstpointer a, gconstpointer b)
{
    return dw_author_joliet_cmp(*(dw_anode *const *)a, *(dw_anode *const *)b);
}

static void name_tree(dw_author_plan *p, dw_anode *dir)
{
    dw_author_iso_names(p, dir);
    dir->iso_kids = g_ptr_array_sized_new(dir->kids->len);
    dir->jol_kids = g_ptr_array_new();
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (!(k->hide & DW_HIDE_ISO))
            g_ptr_array_add(dir->iso_kids, k);
        if (in_joliet(k))
            g_ptr_array_add(dir->jol_kids, k);
    }
    if (p->o.joliet) {
        GPtrArray *save = dir->kids;
        dir->kids = dir->jol_kids;
        dw_author_joliet_names(p, dir);
        dir->kids = save;
    }
    g_ptr_array_sort(dir->iso_kids, cmp_iso);
    g_ptr_array_sort(dir->jol_kids, cmp_jol);
    for (guint i = 0; i < dir->kids->len; i++) {
        dw_anode *k = g_ptr_array_index(dir->kids, i);
        if (S_ISDIR(k->mode))
            name_tree(p, k);
    }
}

static GPtrArray *bfs(dw_anode *root, gboolean joliet)
{
    GPtrArray *out = g_ptr_array_new();
    g_ptr_array_add(out, root);
    for (guint i = 0; i < out->len; i++) {
        dw_anode *d = g_ptr_array_index(out, i);
        GPtrArray *kids = joliet ? d->jol_kids : d->iso_kids;
        for (guint k = 0; k < kids->len; k++) {
            dw_anode *c = g_ptr_array_index(kids, k);
            if (S_ISDIR(c->mode) && (joliet || c->iso_parent == d))
                g_ptr_array_add(out, c);
        }
    }
    return out;
}

/* The UDF tree: every directory not hidden from it, breadth first. */
static GPtrArray *bfs_udf(dw_anode *root)
{
    GPtrArray *out = g_ptr_array_new();
    g_ptr_array_add(out, root);
    for (guint i = 0; i < out->len; i++) {
        dw_anode *d = g_ptr_array_index(out, i);
        for (guint k = 0; k < d->kids->len; k++) {
            dw_anode *c = g_ptr_array_index(d->kids, k);
            if (S_ISDIR(c->mode) && !(c->hide & DW_HIDE_UDF))
                g_ptr_array_add(out, c);
        }
    }
    return out;
}

static gint cmp_file_order(gconstpointer a, gconstpointer b)
{
    const dw_afile *fa = &g_array_index(plan_sort_ctx->files, dw_afile, *(const int *)a);
    const dw_afile *fb = &g_array_index(plan_sort_ctx->files, dw_afile, *(const int *)b);
    if (fa->weight != fb->weight)
        return fa->weight > fb->weight ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* File order: file index is scan order (depth first, sorted names); the
 * sort weights (and --dvd-video's weights, dvdvideo.c) come first. */
static int *file_order(dw_author_plan *p)
{
    int n = (int)p->files->len;
    int *ord = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        ord[i] = i;
    plan_sort_ctx = p;
    qsort(ord, (size_t)n, sizeof *ord, cmp_file_order);
    plan_sort_ctx = NULL;
    return ord;
}

static gboolean check_sizes(dw_author_plan *p, GError **error)
{
    int level = p->o.iso_level ? p->o.iso_level : 3;
    for (guint i = 0; i < p->nodes->len; i++) {
        dw_anode *n = g_ptr_array_index(p->nodes, i);
        if (n->file >= 0 && n->size > ISO_MAX_EXTENT && level < 3 && !p->o.udf_only) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                        "%s is %" G_GUINT64_FORMAT " bytes: files of 4 GiB and more need --iso-level 3",
                        n->src ? n->src : n->name, n->size);
            return FALSE;
        }
    }
    if (p->dirs->len > 65535) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%u directories: ISO 9660 path tables hold 65535",
                    p->dirs->len);
        return FALSE;
    }
    return TRUE;
}

static gint cmp_seg(gconstpointer a, gconstpointer b)
{
    const dw_aseg *x = a, *y = b;
    return x->lba < y->lba ? -1 : x->lba > y->lba;
}

/* The ISO 9660 and Joliet path tables and directories, placed from *lba. */
static void place_trees(dw_author_plan *p, uint64_t *lbap, gboolean jol)
{
    uint64_t lba = *lbap;
    p->pt_size = dw_iso_path_table_size(p, FALSE);
    p->pt_l = (uint32_t)lba;
    lba += blocks_of(p->pt_size);
    p->pt_m = (uint32_t)lba;
    lba += blocks_of(p->pt_size);
    if (jol) {
        p->jpt_size = dw_iso_path_table_size(p, TRUE);
        p->jpt_l = (uint32_t)lba;
        lba += blocks_of(p->jpt_size);
        p->jpt_m = (uint32_t)lba;
        lba += blocks_of(p->jpt_size);
    }
    for (guint i = 0; i < p->dirs->len; i++) {
        dw_anode *d = g_ptr_array_index(p->dirs, i);
        d->iso_size = dw_iso_dir_size(p, d, FALSE, &d->ce_size);
        d->iso_lba = (uint32_t)lba;
        lba += d->iso_size / BLK;
        d->ce_lba = (uint32_t)lba;
        lba += d->ce_size / BLK;
    }
    for (guint i = 0; jol && i < p->jdirs->len; i++) {
        dw_anode *d = g_ptr_array_index(p->jdirs, i);
        d->jol_size = dw_iso_dir_size(p, d, TRUE, NULL);
        d->jol_lba = (uint32_t)lba;
        lba += d->jol_size / BLK;
    }
    *lbap = lba;
}

#define SWAP32(a, b) do { uint32_t t_ = (a); (a) = (b); (b) = t_; } while (0)

/* Exchange the addresses of the first tree with those of the second
 * (-partition_offset: a tree addressed from the partition start). */
static void swap_trees(dw_author_plan *p)
{
    SWAP32(p->pt_l, p->pt_l2);
    SWAP32(p->pt_m, p->pt_m2);
    SWAP32(p->jpt_l, p->jpt_l2);
    SWAP32(p->jpt_m, p->jpt_m2);
    for (guint i = 0; i < p->nodes->len; i++) {
        dw_anode *d = g_ptr_array_index(p->nodes, i);
        if (!S_ISDIR(d->mode))
            continue;
        SWAP32(d->iso_lba, d->iso_lba2);
        SWAP32(d->ce_lba, d->ce_lba2);
        SWAP32(d->jol_lba, d->jol_lba2);
    }
}

/* Path tables and directories of the tree whose addresses are current.
 * The main tree's directories are rendered while the stream passes them
 * (dirblocks.c); the second tree of -partition_offset goes to memory. */
static void write_trees(dw_author_plan *p, gboolean jol, gboolean streamed)
{
    dw_iso_path_table_write(p, FALSE, FALSE, dw_plan_mem(p, p->pt_l, blocks_of(p->pt_size)));
    dw_iso_path_table_write(p, FALSE, TRUE, dw_plan_mem(p, p->pt_m, blocks_of(p->pt_size)));
    if (jol) {
        dw_iso_path_table_write(p, TRUE, FALSE, dw_plan_mem(p, p->jpt_l, blocks_of(p->jpt_size)));
        dw_iso_path_table_write(p, TRUE, TRUE, dw_plan_mem(p, p->jpt_m, blocks_of(p->jpt_size)));
    }
    if (streamed) {
        dw_iso_dirs_segments(p, FALSE);
        if (jol)
            dw_iso_dirs_segments(p, TRUE);
        return;
    }
    for (guint i = 0; i < p->dirs->len; i++) {
        dw_anode *d = g_ptr_array_index(p->dirs, i);
        guint8 *ce = d->ce_size ? dw_plan_mem(p, d->ce_lba, d->ce_size / BLK) : NULL;
        dw_iso_dir_write(p, d, FALSE, dw_plan_mem(p, d->iso_lba, d->iso_size / BLK), ce);
    }
    for (guint i = 0; jol && i < p->jdirs->len; i++) {
        dw_anode *d = g_ptr_array_index(p->jdirs, i);
        dw_iso_dir_write(p, d, TRUE, dw_plan_mem(p, d->jol_lba, d->jol_size / BLK), NULL);
    }
}

/* PVD, boot record, Joliet SVD, terminator; returns the bytes written. */
static size_t write_vds(dw_author_plan *p, guint8 *v, gboolean jol, gboolean torito)
{
    guint8 *start = v;
    dw_iso_vd_write(p, 1, v);
    v += BLK;
    if (torito) {
        dw_boot_record_write(p, v);
        v += BLK;
    }
    if (jol) {
        dw_iso_vd_write(p, 2, v);
        v += BLK;
    }
    dw_iso_vd_write(p, 255, v);
    v += BLK;
    return (size_t)(v - start);
}

static gboolean layout(dw_author_plan *p, GError **error)
{
    gboolean iso = !p->o.udf_only;
    gboolean jol = iso && p->o.joliet;
    gboolean udf = p->o.udf != 0;
    uint64_t lba = (uint64_t)p->start + 16;
    uint32_t vd_first = (uint32_t)lba;
    lba++; /* PVD */
    gboolean torito = p->boot && p->boot->entries->len;
    if (torito)
        lba++; /* El Torito boot record */
    if (jol)
        lba++;
    lba++; /* terminator */
    if (udf)
        lba += 3; /* BEA01 NSR0x TEA01 */
    uint32_t vd_end = (uint32_t)lba;
    if (p->o.partition_offset) {
        if (udf || !iso || p->o.partition_offset < vd_end - vd_first || p->o.partition_offset > 1u << 20) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "-partition_offset %u: supported from %u to 2^20 "
                        "blocks, without a UDF bridge", p->o.partition_offset, vd_end - vd_first);
            return FALSE;
        }
        lba = p->o.partition_offset + 16 + (vd_end - vd_first); /* the second descriptor set */
    }
    if (udf) {
        uint32_t next = 0;
        if (!dw_udf_layout(p, &next, error))
            return FALSE;
        lba = next;
    }
    if (iso) {
        place_trees(p, &lba, jol);
        if (p->o.partition_offset) {
            /* The second tree, addressed from the partition start. */
            swap_trees(p);
            place_trees(p, &lba, jol);
            swap_trees(p);
        }
    }
    /* File data from block 32 on (as libisofs does): growing the image
     * later rewrites blocks 0..31, which then hold no file of this one. */
    if (lba < DW_GROW_SB_BLOCKS)
        lba = DW_GROW_SB_BLOCKS;
    int *ord = file_order(p);
    p->forder = g_new(uint32_t, p->files->len + 1);
    p->n_forder = 0;
    /* With HFS+: the files marked early first, then the HFS+ metadata,
     * then the rest of the file data, which the HFS+ volume covers. */
    for (guint k = 0; k < 2 * p->files->len + 1; k++) {
        gboolean early = k < p->files->len;
        if (k == p->files->len) {
            dw_hfs_place_head(p, &lba);
            continue;
        }
        int fi = ord[early ? k : k - p->files->len - 1];
        dw_afile *f = &g_array_index(p->files, dw_afile, fi);
        if ((gboolean)f->early != early)
            continue;
        if (f->size == 0 || f->outside || (f->old && !f->copy))
            continue;
        if (f->copy) {
            f->lba = (uint32_t)lba;
            guint8 *m = dw_plan_mem(p, lba, blocks_of(f->copy_len));
            memcpy(m, f->copy_mem, f->copy_len);
            lba += blocks_of(f->copy_len);
            continue;
        }
        f->lba = (uint32_t)lba;
        if (lba + blocks_of(f->size) > 0xFFFFFFF0u) {
            g_free(ord);
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "the image would exceed 2^32 blocks (8 TiB)");
            return FALSE;
        }
        /* Consecutive files share one segment; the stream finds each
         * file in forder (a segment per file would cost 40 bytes each). */
        p->forder[p->n_forder++] = (uint32_t)fi;
        dw_aseg *last = p->segments->len ? &g_array_index(p->segments, dw_aseg, p->segments->len - 1) : NULL;
        if (last && last->file == DW_SEG_FILES && last->lba + last->nblocks == lba) {
            last->nblocks += blocks_of(f->size);
        } else {
            dw_aseg s = { .lba = lba, .nblocks = blocks_of(f->size), .file = DW_SEG_FILES };
            g_array_append_val(p->segments, s);
        }
        lba += blocks_of(f->size) + f->pad;
    }
    g_free(ord);
    dw_hfs_place_tail(p, &lba);
    /* The closing AVDP is the image's last block, after any appended
     * partitions, unless a backup GPT must be there: then it closes the
     * UDF volume before the appended partitions. */
    gboolean gpt_tail = dw_hybrid_gpt_tail(p);
    if (udf) {
        p->udf_part_len = (uint32_t)(lba - p->udf_part_start);
        if (gpt_tail)
            p->udf_anchor = lba++;
    }
    p->iso_blocks = lba;
    dw_hybrid_place(p, &lba);
    if (udf && !gpt_tail)
        p->udf_anchor = lba++;
    p->total_blocks = lba - p->start;
    /* A session appended by growing lends its first 64 KiB to LBA 0: it
     * must be at least that long. */
    if (p->start > 0 && p->total_blocks < DW_GROW_SB_BLOCKS)
        p->total_blocks = DW_GROW_SB_BLOCKS;

    /* Write the metadata, now that every address is known. */
    guint8 *vd = dw_plan_mem(p, vd_first, vd_end - vd_first);
    guint8 *v = vd + write_vds(p, vd, jol, torito);
    for (int i = 0; udf && i < 3; i++, v += BLK)
        dw_udf_vrs_write(p, i, v);
    if (udf)
        dw_udf_write(p);
    if (iso) {
        write_trees(p, jol, TRUE);
        if (p->o.partition_offset) {
            swap_trees(p);
            p->bias = p->o.partition_offset;
            guint8 *v2 = dw_plan_mem(p, p->o.partition_offset + 16, vd_end - vd_first);
            write_vds(p, v2, jol, FALSE); /* booting goes through the first set */
            write_trees(p, jol, FALSE);
            p->bias = 0;
            swap_trees(p);
        }
    }
    if (udf)
        dw_udf_anchor_write(p, dw_plan_mem(p, p->udf_anchor, 1));
    dw_boot_write(p);
    dw_hfs_write(p);
    dw_hybrid_write(p);
    g_array_sort(p->segments, cmp_seg);
    return TRUE;
}

static void seg_clear(gpointer x)
{
    g_free(((dw_aseg *)x)->mem);
}

static void file_clear(gpointer x)
{
    dw_afile *f = x;
    g_free(f->ext);
    g_free(f->mem);
    g_free(f->copy_mem);
}

static gboolean prev_file_read(void *user, uint64_t lba, void *buf, size_t n, GError **error)
{
    dw_author_plan *p = user;
    size_t want = n * BLK, got = 0;
    while (got < want) {
        ssize_t r = pread(p->prev_fd, (guint8 *)buf + got, want - got, (off_t)(lba * BLK + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            g_set_error(error, DW_ERROR, r < 0 ? DW_ERROR_IO : DW_ERROR_PARSE,
                        "%s: cannot read block %" G_GUINT64_FORMAT "%s%s", p->prev_name, lba + got / BLK,
                        r < 0 ? ": " : " (beyond the end of the image)", r < 0 ? g_strerror(errno) : "");
            return FALSE;
        }
        got += (size_t)r;
    }
    return TRUE;
}

/* Where the previous sessions come from, and where the new one starts. */
static gboolean setup_prev(dw_author_plan *p, const dw_author_options *o, GError **error)
{
    p->prev_fd = -1;
    p->start = o->start_lba;
    if (!o->prev_image && !o->prev_read)
        return TRUE;
    if (o->prev_image) {
        const char *path = g_str_has_prefix(o->prev_image, "stdio:") ? o->prev_image + 6 : o->prev_image;
        p->prev_name = g_strdup(path);
        p->prev_fd = open(path, O_RDONLY | O_CLOEXEC);
        if (p->prev_fd < 0) {
            int e = errno;
            g_set_error(error, DW_ERROR, e == ENOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO,
                        "previous session %s: %s", path, g_strerror(e));
            return FALSE;
        }
        p->prev_read = prev_file_read;
        p->prev_user = p;
    } else {
        p->prev_name = g_strdup("the medium");
        p->prev_read = o->prev_read;
        p->prev_user = o->prev_user;
    }
    return TRUE;
}

/* After the import: the new session must start after the previous one. */
static gboolean check_start(dw_author_plan *p, GError **error)
{
    if (!p->prev_read)
        return TRUE;
    uint32_t min = p->prev_end;
    if (p->start == 0) {
        uint64_t s = ((uint64_t)min + DW_GROW_SB_BLOCKS - 1) / DW_GROW_SB_BLOCKS * DW_GROW_SB_BLOCKS;
        if (s > 0xFFFFF000u) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_SPACE, "%s: the previous session ends at block %u: no room for "
                        "another", p->prev_name, min);
            return FALSE;
        }
        p->start = (uint32_t)s;
        return TRUE;
    }
    if (p->start < min) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE,
                    "start LBA %u lies inside the previous session of %s, which ends at block %u (give %u or more)",
                    p->start, p->prev_name, min, min);
        return FALSE;
    }
    return TRUE;
}

dw_author_plan *dw_author_plan_new(const dw_author_options *opts, dw_job *job, GError **error)
{
    gboolean multi = opts->prev_image || opts->prev_read || opts->start_lba;
    if (multi && (opts->udf || opts->udf_only || opts->dvd_video || opts->bdmv)) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "UDF cannot be appended as a session here: a UDF bridge keeps its anchors at blocks 256 and at the "
                    "end and its own allocation; leave out --udf/--dvd-video for multisession");
        return NULL;
    }
    if (multi && (opts->n_boot || opts->isohybrid_mbr || opts->n_partitions || opts->partition_offset ||
                  opts->hfsplus)) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "a session appended to a previous one cannot be made bootable or hybrid here (El Torito, MBR "
                    "and GPT belong to the first session at block 0); make the bootable image in one session");
        return NULL;
    }
    if (opts->iso_level < 0 || opts->iso_level > 3) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--iso-level must be 1, 2 or 3 (got %d)", opts->iso_level);
        return NULL;
    }
    if (opts->udf && opts->udf != DW_UDF_102 && opts->udf != DW_UDF_201 && opts->udf != DW_UDF_250) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "unknown UDF revision %x (use 1.02, 2.01 or 2.50)", opts->udf);
        return NULL;
    }
    if (opts->dvd_video && opts->udf && opts->udf != DW_UDF_102) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video makes UDF 1.02 (what libdvdread and DVD players "
                    "read); leave out --udf=REV");
        return NULL;
    }
    if (opts->bdmv && (opts->dvd_video || (opts->udf && opts->udf != DW_UDF_250))) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--bdmv makes UDF 2.50 (what Blu-ray players read); leave out "
                    "--udf=REV and --dvd-video");
        return NULL;
    }
    if (opts->dvd_video && opts->udf_embed) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--dvd-video and --udf-embed: libdvdread and DVD players do not "
                    "read embedded UDF data");
        return NULL;
    }
    if (opts->n_grafts == 0 && !opts->prev_image && !opts->prev_read) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "no source given");
        return NULL;
    }
    dw_author_plan *p = g_new0(dw_author_plan, 1);
    p->o = *opts;
    if (p->o.dvd_video && !p->o.udf)
        p->o.udf = DW_UDF_102;
    if (p->o.bdmv && !p->o.udf)
        p->o.udf = DW_UDF_250;
    if (p->o.udf_only && !p->o.udf)
        p->o.udf = DW_UDF_201;
    p->job = job;
    p->volid = g_strdup(opts->volid ? opts->volid : "CDROM");
    p->volset = g_strdup(opts->volset ? opts->volset : p->volid);
    p->publisher = g_strdup(opts->publisher);
    p->preparer = g_strdup(opts->preparer);
    p->appid = g_strdup(opts->appid ? opts->appid : "DISCWRIGHT");
    p->sysid = g_strdup(opts->sysid ? opts->sysid : "LINUX");
    p->o.excludes = NULL;
    if (opts->excludes)
        p->o.excludes = (const char *const *)g_strdupv((char **)opts->excludes);
    p->o.sort_file = g_strdup(opts->sort_file);
    p->o.prev_image = NULL;
    p->o.grafts = NULL;
    /* Borrowed only while scanning (set again around dw_author_scan). */
    p->o.hide = p->o.hide_joliet = p->o.hide_udf = p->o.hide_hfsplus = NULL;
    p->o.input_charset = NULL;
    p->o.weights = NULL;
    p->o.n_weights = 0;
    /* Used by dw_hfs_prepare inside this call only. */
    p->o.hfs_types = opts->hfs_types;
    /* Kept by the boot area (eltorito.c), which copies them. */
    p->o.system_area = NULL;
    p->o.efi_boot_part_file = NULL;
    if (p->o.date_centis > 99)
        p->o.date_centis = 99;
    p->o.volid = p->o.volset = p->o.publisher = p->o.preparer = p->o.appid = p->o.sysid = NULL;
    if (!setup_prev(p, opts, error)) {
        dw_author_plan_free(p);
        return NULL;
    }
    if (opts->date_set) {
        p->date = opts->date;
    } else {
        const char *sde = g_getenv("SOURCE_DATE_EPOCH");
        char *end = NULL;
        long long v = sde && *sde ? strtoll(sde, &end, 10) : 0;
        if (sde && *sde && end && !*end)
            p->date = (time_t)v;
        else
            p->date = time(NULL);
    }
    p->nodes = g_ptr_array_new_with_free_func((GDestroyNotify)dw_anode_free);
    p->files = g_array_new(FALSE, TRUE, sizeof(dw_afile));
    g_array_set_clear_func(p->files, file_clear);
    p->segments = g_array_new(FALSE, TRUE, sizeof(dw_aseg));
    g_array_set_clear_func(p->segments, seg_clear);
    p->o.boot = NULL;
    p->o.partitions = NULL;
    p->o.boot_catalog = p->o.isohybrid_mbr = NULL;
    if (!dw_boot_setup(p, opts, error)) {
        dw_author_plan_free(p);
        return NULL;
    }
    dw_job_begin_phase(job, "scanning", 0, "files");
    dw_author_options scan = *opts;
    p->o.grafts = scan.grafts; /* borrowed only while scanning */
    p->o.hide = scan.hide;
    p->o.hide_joliet = scan.hide_joliet;
    p->o.hide_udf = scan.hide_udf;
    p->o.hide_hfsplus = scan.hide_hfsplus;
    p->o.input_charset = scan.input_charset;
    p->o.weights = scan.weights;
    p->o.n_weights = scan.n_weights;
    gboolean ok = dw_author_scan(p, error);
    p->o.grafts = NULL;
    p->o.n_grafts = 0;
    p->o.hide = p->o.hide_joliet = p->o.hide_udf = p->o.hide_hfsplus = NULL;
    p->o.input_charset = NULL;
    p->o.weights = NULL;
    p->o.n_weights = 0;
    ok = ok && check_start(p, error);
    if (ok)
        ok = dw_hybrid_check(p, error) && dw_boot_check(p, error);
    if (ok) {
        if ((p->o.dvd_video && !dw_author_dvd_layout(p, error)) || (p->o.bdmv && !dw_author_bdmv_layout(p, error))) {
            dw_author_plan_free(p);
            return NULL;
        }
        if (p->o.joliet)
            dw_author_joliet_links(p);
        name_tree(p, p->root);
        dw_author_relocate(p);
        p->dirs = bfs(p->root, FALSE);
        p->jdirs = bfs(p->root, TRUE);
        p->udirs = bfs_udf(p->root);
        for (guint i = 0; i < p->dirs->len; i++)
            ((dw_anode *)g_ptr_array_index(p->dirs, i))->iso_pt = (uint16_t)MIN(i + 1, 65535);
        for (guint i = 0; i < p->jdirs->len; i++)
            ((dw_anode *)g_ptr_array_index(p->jdirs, i))->jol_pt = (uint16_t)MIN(i + 1, 65535);
        ok = check_sizes(p, error) && dw_hfs_prepare(p, error) && layout(p, error);
    }
    if (!ok) {
        dw_author_plan_free(p);
        return NULL;
    }
    p->o.hfs_types = NULL; /* borrowed during dw_author_plan_new only */
    p->o.n_hfs_types = 0;
    memset(p->o.hfs_bless, 0, sizeof p->o.hfs_bless);
    return p;
}

uint64_t dw_author_plan_blocks(const dw_author_plan *p)
{
    return p->total_blocks;
}

void dw_author_plan_free(dw_author_plan *p)
{
    if (!p)
        return;
    g_free(p->volid);
    g_free(p->volset);
    g_free(p->publisher);
    g_free(p->preparer);
    g_free(p->appid);
    g_free(p->sysid);
    g_free(p->prev_name);
    if (p->prev_fd >= 0)
        close(p->prev_fd);
    g_strfreev((char **)p->o.excludes);
    g_free((char *)p->o.sort_file);
    if (p->dirs)
        g_ptr_array_unref(p->dirs);
    if (p->jdirs)
        g_ptr_array_unref(p->jdirs);
    if (p->udirs)
        g_ptr_array_unref(p->udirs);
    if (p->nodes)
        g_ptr_array_unref(p->nodes);
    if (p->files)
        g_array_unref(p->files);
    if (p->segments)
        g_array_unref(p->segments);
    dw_udf_free(p);
    dw_iso_dirs_free(p);
    g_free(p->forder);
    dw_boot_free(p);
    dw_hfs_free(p);
    g_free(p);
}

uint32_t dw_author_plan_start(const dw_author_plan *p)
{
    return p->start;
}

gboolean dw_author_plan_superblock(const dw_author_plan *cp, guint8 out[65536], GError **error)
{
    dw_author_plan *p = (dw_author_plan *)cp;
    memset(out, 0, 65536);
    dw_job *job = p->job;
    p->job = NULL; /* rendering is not the job's progress */
    dw_author_stream *s = dw_author_stream_new(p, error);
    gsize got = 0;
    gboolean ok = s != NULL;
    while (ok && got < 65536) {
        gssize n = dw_author_stream_read(s, out + got, 65536 - got, error);
        if (n < 0)
            ok = FALSE;
        else if (n == 0)
            break;
        else
            got += (gsize)n;
    }
    dw_author_stream_free(s);
    p->job = job;
    return ok;
}
