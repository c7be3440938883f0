/* tree_private.h: what the read side's readers share (read_tree.c,
 * tree_iso.c, tree_udf.c; private to libdiscwright and its fuzz
 * targets).  A tree is read from a dw_tree_src (2048-byte blocks: an
 * image file, or a fuzz input) into dw_rnode nodes, flattened at the end
 * into a dw_image_tree.
 *
 * Bounds every reader keeps: no block outside the source is read; the
 * metadata blocks read in all (directories, continuation areas, File
 * Entries, allocation extent descriptors) are charged to a budget of a
 * few times the source's size, so overlapping or looping structures end;
 * entries are limited by the source's size (no record is smaller than 32
 * bytes) and DW_TREE_MAX_ENTRIES; depth by DW_TREE_MAX_DEPTH.  A file's
 * size is what its extents hold and its extents lie inside the source:
 * where the metadata claims more, the entry is cut to what backs it and
 * marked damaged (dw_image_entry.damaged), which extract refuses without
 * --force. */
#ifndef DW_AUTHOR_TREE_PRIVATE_H
#define DW_AUTHOR_TREE_PRIVATE_H

#include <glib.h>
#include <stdint.h>

#include "discwright/extract.h"

#define DW_TREE_MAX_ENTRIES 2000000
#define DW_TREE_MAX_DEPTH 64
#define DW_TREE_MAX_DIR_BYTES (16u << 20)

/* 2048-byte blocks: read count blocks at lba into out (FALSE when they
 * cannot be read); blocks is how many there are. */
typedef struct {
    gboolean (*read)(void *user, uint64_t lba, uint32_t count, guint8 *out);
    void *user;
    uint64_t blocks;
} dw_tree_src;

typedef struct dw_rnode dw_rnode;
struct dw_rnode {
    dw_image_entry e;
    GPtrArray *kids;
    dw_rnode *parent;
    uint32_t lsn;                /* ISO: the record's extent (directories: their extent) */
    uint32_t cl_lba;             /* Rock Ridge CL: the relocated directory's extent */
    uint32_t dir_size;           /* ISO directories: their extent's size */
    guint8 placeholder : 1;      /* Rock Ridge: a relocated directory's stand-in */
    guint8 cl : 1, re : 1;
    guint8 hidden : 1;
};

typedef struct {
    const dw_tree_src *src;
    const char *name;            /* the image, for messages */
    dw_tree_kind kind;
    gboolean force;              /* read descriptors whose tag checksum or CRC is wrong */
    dw_job *job;
    guint count, max_entries;
    gboolean truncated;          /* the entry limit or the metadata budget ended the walk */
    uint64_t meta_read, meta_max;
    GHashTable *dirs_seen;       /* directory extents / File Entries read (loop guard) */
    guint n_damaged, n_warnings;
} dw_tree_ctx;

void dw_tree_ctx_init(dw_tree_ctx *c, const dw_tree_src *src, const char *name, dw_tree_kind kind, gboolean force,
                      dw_job *job);
void dw_tree_ctx_clear(dw_tree_ctx *c);

/* Read count metadata blocks at lba, charged to the budget; FALSE when
 * outside the source, over the budget or unreadable (out zeroed). */
gboolean dw_tree_read_meta(dw_tree_ctx *c, uint64_t lba, uint32_t count, guint8 *out);
/* One more entry allowed?  (FALSE sets truncated.) */
gboolean dw_tree_take_entry(dw_tree_ctx *c);
/* A warning for the job's log (the first 200; then one line saying more were left out). */
void dw_tree_warn(dw_tree_ctx *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* n's metadata claims what nothing backs: mark it and warn. */
void dw_tree_damaged(dw_tree_ctx *c, dw_rnode *n, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* UTF-16BE (n bytes; an odd last byte ignored) -> UTF-8: surrogate pairs
 * joined, anything that does not decode and NUL become U+FFFD. */
char *dw_tree_utf16be(const guint8 *p, size_t n);

dw_rnode *dw_rnode_new(dw_rnode *parent, const char *name);
void dw_rnode_free(dw_rnode *n);
/* The path of n below the root ("/a/b"), for messages. */
char *dw_rnode_path(const dw_rnode *n);
void dw_rnode_add_extent(dw_rnode *n, uint32_t lba, uint32_t offset, uint64_t bytes, gboolean zero);

/* tree_iso.c: the ISO 9660 volume descriptors from block 16. */
typedef struct {
    gboolean pvd;
    uint32_t root_lba, root_size;
    int joliet_level;            /* 0: no Joliet SVD */
    uint32_t jroot_lba, jroot_size;
    gboolean rr;                 /* the primary tree carries Rock Ridge (SP in the root's ".", RR entries) */
    guint8 sp_skip;
} dw_iso_vols;
/* FALSE when there is no primary volume descriptor. */
gboolean dw_tree_iso_vols(dw_tree_ctx *c, dw_iso_vols *v);
/* Read the tree of c->kind (iso, joliet, rr) into root; Rock Ridge
 * relocations are undone (returns how many). */
guint dw_tree_iso_read(dw_tree_ctx *c, const dw_iso_vols *v, dw_rnode *root);

/* tree_udf.c: is there a UDF anchor? */
gboolean dw_tree_udf_probe(dw_tree_ctx *c);
/* Read the UDF tree into root; FALSE with error when there is no UDF
 * volume it can read. */
gboolean dw_tree_udf_read(dw_tree_ctx *c, dw_rnode *root, GError **error);

/* read_tree.c: the whole read from a block source (what
 * dw_image_tree_read does after opening the image; fuzz targets call it
 * directly). */
dw_image_tree *dw_tree_read_src(const dw_tree_src *src, const char *name, dw_tree_kind kind, const char *path,
                                dw_tree_flags flags, dw_job *job, GError **error);

#endif
