/* author_private.h: the authoring plan shared by the files of author/:
 * the scanned tree (tree.c), names (names.c), the layout passes
 * (layout.c), the descriptor writers (iso9660.c, rockridge.c, udf*.c)
 * and the stream (stream.c).  Not installed. */
#ifndef DW_AUTHOR_PRIVATE_H
#define DW_AUTHOR_PRIVATE_H

#include <sys/stat.h>

#include "discwright/author.h"
#include "discwright/error.h"

#define BLK DW_AUTHOR_BLOCK
/* Largest ISO 9660 extent: 4 GiB minus one block. */
#define ISO_MAX_EXTENT 0xFFFFF800ull
/* Largest UDF short_ad extent (30-bit length, block multiple): 1 GiB minus one block. */
#define UDF_MAX_EXTENT 0x3FFFF800ull

/* One file's data, shared by all its hard links and by every tree. */
typedef struct {
    char *src;                   /* path to read (owned) */
    uint64_t size;
    uint32_t lba;                /* first block (0 when size is 0) */
    int weight;                  /* --sort weight */
    uint32_t udf_fe;             /* logical block of its UDF (E)FE, 0 = not placed yet */
    uint64_t udf_uid;
} dw_afile;

typedef struct dw_anode dw_anode;
struct dw_anode {
    char *name;                  /* UTF-8 component ("" for the root) */
    char *src;                   /* source path, NULL for synthesised directories */
    dw_anode *parent;
    GPtrArray *kids;             /* directories: dw_anode*, sorted by name (bytes) */
    mode_t mode;
    uid_t uid;
    gid_t gid;
    time_t mtime, atime, ctime;
    uint64_t size;
    char *link;                  /* symlink target, NULL otherwise */
    dev_t rdev;
    int file;                    /* index into plan->files, -1 for none */
    uint32_t ino;                /* Rock Ridge serial number (shared by hard links) */
    uint32_t nlink;              /* links inside the image */
    int depth;                   /* root 1 */
    /* ISO 9660 */
    char iso_id[40];
    int iso_id_len;
    uint32_t iso_lba, iso_size;  /* directories: extent (size is a block multiple) */
    uint32_t ce_lba, ce_size;    /* directories: Rock Ridge continuation area */
    uint16_t iso_pt;             /* directory number in the path table (1 = root) */
    /* Joliet */
    gunichar2 *jid;              /* UTF-16BE-ready code units (owned) */
    int jid_len;
    uint32_t jol_lba, jol_size;
    uint16_t jol_pt;
    GPtrArray *iso_kids, *jol_kids; /* directories: children in ISO / Joliet order (borrowed nodes) */
    /* Deep trees (relocate.c): a directory that would lie deeper than
     * 8 levels in the ISO 9660 tree is moved under the relocation
     * directory (iso_parent); its old parent keeps a placeholder file
     * record named ph_id (with a Rock Ridge CL entry). */
    dw_anode *iso_parent;        /* parent in the ISO 9660 tree (== parent unless relocated) */
    gboolean reloc;              /* moved under plan->reloc_dir */
    char ph_id[40];
    int ph_id_len;
    /* Joliet has no symlinks: one resolving to a regular file inside the
     * tree is recorded as that file (its extent), others are left out. */
    const dw_anode *jol_target;
    /* UDF */
    uint32_t udf_fe;             /* logical block of the (E)FE */
    uint32_t udf_dir, udf_dir_size; /* directories: FID extent */
    uint64_t udf_uid;            /* unique id */
};

struct dw_author_plan {
    dw_author_options o;         /* copy; strings below are owned copies */
    char *volid, *volset, *publisher, *preparer, *appid, *sysid;
    time_t date;
    dw_anode *root;
    GPtrArray *nodes;            /* every node, owned, in scan order */
    GArray *files;               /* dw_afile */
    GPtrArray *dirs;             /* directories in path-table order (borrowed) */
    GPtrArray *jdirs;            /* directories in Joliet path-table order */
    dw_anode *reloc_dir;         /* "rr_moved" in the ISO tree, NULL when nothing was relocated */
    uint32_t n_files, n_dirs;
    /* Layout */
    uint64_t total_blocks;
    uint32_t pt_size, jpt_size;
    uint32_t pt_l, pt_m, jpt_l, jpt_m;
    uint32_t udf_part_start, udf_part_len;
    uint64_t udf_next_uid;
    GArray *segments;            /* dw_aseg, sorted by lba */
    struct dw_udf_area *udf;     /* UDF placement (udf.c), NULL without UDF */
    dw_job *job;                 /* borrowed */
};

typedef struct dw_aseg dw_aseg;
struct dw_aseg {
    uint64_t lba;
    uint64_t nblocks;
    guint8 *mem;                 /* owned metadata bytes (nblocks*2048), or NULL */
    int file;                    /* index into files when mem and gen are NULL */
    /* Metadata rendered one block at a time when the stream reaches it. */
    void (*gen)(dw_author_plan *p, uint64_t lba, guint8 out[BLK]);
};

/* tree.c */
gboolean dw_author_scan(dw_author_plan *p, GError **error);
void dw_anode_free(dw_anode *n);
/* The --sort weights file ("PATH WEIGHT" lines, # comments): path ->
 * GINT_TO_POINTER(weight + 1000000), owned; NULL with DW_ERROR_PARSE. */
GHashTable *dw_author_parse_weights(const char *text, gsize len, const char *name, GError **error);

/* names.c */
void dw_author_iso_names(dw_author_plan *p, dw_anode *dir);
void dw_author_joliet_names(dw_author_plan *p, dw_anode *dir);
int dw_author_iso_cmp(const dw_anode *a, const dw_anode *b);
int dw_author_joliet_cmp(const dw_anode *a, const dw_anode *b);

/* iso9660.c: the ISO and Joliet directory trees, path tables, descriptors. */
uint32_t dw_iso_dir_size(dw_author_plan *p, dw_anode *dir, gboolean joliet, uint32_t *ce_size);
void dw_iso_dir_write(dw_author_plan *p, dw_anode *dir, gboolean joliet, guint8 *out, guint8 *ce);
uint32_t dw_iso_path_table_size(dw_author_plan *p, gboolean joliet);
void dw_iso_path_table_write(dw_author_plan *p, gboolean joliet, gboolean msb, guint8 *out);
void dw_iso_vd_write(dw_author_plan *p, int type, guint8 out[BLK]);
void dw_iso_date7(time_t t, guint8 out[7]);
void dw_put_both16(guint8 *p, uint16_t v);
void dw_put_both32(guint8 *p, uint32_t v);

/* rockridge.c: System Use entries of one directory record.  Writes into
 * su (room su_room) what fits and the rest into the continuation area
 * ce at *ce_off (NULL ce = only measure).  Returns bytes used in su. */
typedef struct {
    const dw_anode *node;        /* the record's node */
    int kind;                    /* 0 = normal, 1 = ".", 2 = ".." */
    gboolean root_dot;           /* "." of the root: SP and ER */
    gboolean first_extent;       /* multi-extent: the first record (all carry the entries) */
    gboolean cl, pl, re;         /* relocation entries: CL (placeholder), PL ("..") at lba, RE */
    uint32_t link_lba;           /* CL: the moved directory; PL: the original parent */
} dw_rr_rec;
size_t dw_rr_entries(dw_author_plan *p, const dw_rr_rec *r, guint8 *su, size_t su_room, guint8 *ce,
                     uint32_t ce_lba, uint32_t *ce_off);

/* relocate.c */
#define DW_ISO_MAX_DEPTH 8       /* ECMA-119 6.8.2.1: levels of directories, the root being the first */
void dw_author_relocate(dw_author_plan *p);
void dw_author_joliet_links(dw_author_plan *p);

/* udf.c */
gboolean dw_udf_layout(dw_author_plan *p, uint32_t *next_lba, GError **error);
void dw_udf_free(dw_author_plan *p);
void dw_udf_write(dw_author_plan *p);
void dw_udf_anchor_write(dw_author_plan *p, guint8 out[BLK]);
void dw_udf_vrs_write(dw_author_plan *p, int i, guint8 out[BLK]);

/* layout.c */
guint8 *dw_plan_mem(dw_author_plan *p, uint64_t lba, uint64_t nblocks);

/* endian helpers */
static inline void dw_le16(guint8 *b, uint16_t v) { b[0] = v; b[1] = v >> 8; }
static inline void dw_le32(guint8 *b, uint32_t v) { b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }
static inline void dw_le64(guint8 *b, uint64_t v) { dw_le32(b, (uint32_t)v); dw_le32(b + 4, (uint32_t)(v >> 32)); }
static inline void dw_be16(guint8 *b, uint16_t v) { b[0] = v >> 8; b[1] = v; }
static inline void dw_be32(guint8 *b, uint32_t v) { b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v; }

#endif
