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
/* Growing an ISO in place rewrites blocks 0..31 (64 KiB) with the new session's head. */
#define DW_GROW_SB_BLOCKS 32u

/* One extent of a file of a previous session (absolute LBA, bytes). */
typedef struct {
    uint32_t lba;
    uint32_t len;
} dw_aext;

/* One file's data, shared by all its hard links and by every tree
 * (pointers and 64-bit fields first, then the 32-bit ones, then the
 * flags: 20,000 of these are held for a 20,000-file tree).
 * Multisession (prev.c): a file of a previous session keeps its extents
 * (old).  The part of its data that lies in blocks 0..31, which growing
 * overwrites with the new superblock, is copied into the new session
 * (copy_mem, copy_len bytes, at lba) and becomes its first extent; ext
 * holds the rest. */
typedef struct {
    const char *src;             /* path to read (borrowed from the first link's node); NULL for files of a previous session */
    uint64_t size;
    uint64_t udf_uid;
    dw_aext *ext;                /* owned, n_ext of them */
    guint8 *copy_mem;            /* owned */
    guint8 *mem;                 /* owned: the bytes to stream instead of reading src (boot catalog,
                                    patched boot images), NULL otherwise */
    uint32_t lba;                /* first block (0 when size is 0) */
    int weight;                  /* --sort weight */
    uint32_t udf_fe;             /* logical block of its UDF (E)FE, 0 = not placed yet */
    uint32_t n_ext;
    uint32_t copy_len;
    uint32_t pad;                /* blocks of zeros after its data (--dvd-video: up to the next file's IFO sector) */
    guint old : 1;               /* a file of a previous session */
    guint copy : 1;              /* its head copied into the new session */
    guint outside : 1;           /* an appended partition: placed by hybrid.c after the volume */
    guint early : 1;             /* placed before the HFS+ metadata (the ESP of -efi-boot-part with -hfsplus) */
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
    guint packed : 1;            /* name (and src) live in the node's own allocation (tree.c node_new) */
    guint old : 1;               /* imported from the previous session (a graft may replace it) */
    guint reloc : 1;             /* moved under plan->reloc_dir (relocate.c) */
    guint hide : 4;              /* DW_HIDE_*: trees that leave it out (-hide, -hide-joliet, -hide-udf, -hide-hfsplus) */
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
    uint32_t iso_lba2, ce_lba2, jol_lba2; /* -partition_offset: the second tree's directories */
    GPtrArray *iso_kids, *jol_kids; /* directories: children in ISO / Joliet order (borrowed nodes) */
    /* Deep trees (relocate.c): a directory that would lie deeper than
     * 8 levels in the ISO 9660 tree is moved under the relocation
     * directory (iso_parent); its old parent keeps a placeholder file
     * record named ph_id (with a Rock Ridge CL entry). */
    dw_anode *iso_parent;        /* parent in the ISO 9660 tree (== parent unless relocated) */
    char *ph_id;                 /* placeholder's ISO name (owned), NULL unless reloc */
    int ph_id_len;
    /* Joliet has no symlinks: one resolving to a regular file inside the
     * tree is recorded as that file (its extent), others are left out. */
    const dw_anode *jol_target;
    /* UDF */
    uint32_t udf_fe;             /* logical block of the (E)FE */
    uint32_t udf_dir, udf_dir_size; /* directories: FID extent */
    uint64_t udf_uid;            /* unique id */
};

enum { DW_HIDE_ISO = 1, DW_HIDE_JOLIET = 2, DW_HIDE_UDF = 4, DW_HIDE_HFS = 8 };

struct dw_author_plan {
    dw_author_options o;         /* copy; strings below are owned copies */
    char *volid, *volset, *publisher, *preparer, *appid, *sysid;
    time_t date;
    dw_anode *root;
    GPtrArray *nodes;            /* every node, owned, in scan order */
    GArray *files;               /* dw_afile */
    GPtrArray *dirs;             /* directories in path-table order (borrowed) */
    GPtrArray *jdirs;            /* directories in Joliet path-table order */
    GPtrArray *udirs;            /* directories of the UDF tree, breadth first */
    dw_anode *reloc_dir;         /* "rr_moved" in the ISO tree, NULL when nothing was relocated */
    uint32_t n_files, n_dirs;
    /* Layout */
    uint64_t total_blocks;
    uint32_t pt_size, jpt_size;
    uint32_t pt_l, pt_m, jpt_l, jpt_m;
    uint32_t pt_l2, pt_m2, jpt_l2, jpt_m2; /* -partition_offset: the second tree's path tables */
    uint32_t bias;               /* subtracted from every address written (the second tree), else 0 */
    uint32_t udf_part_start, udf_part_len;
    uint64_t udf_next_uid;
    GArray *segments;            /* dw_aseg, sorted by lba */
    uint32_t *forder;            /* indices of files with data, in block order */
    uint32_t n_forder;
    struct dw_udf_area *udf;     /* UDF placement (udf.c), NULL without UDF */
    struct dw_dir_cache *dcache; /* directory being streamed (dirblocks.c) */
    uint64_t iso_blocks;         /* end of the ISO/UDF volume: appended partitions and the backup GPT follow */
    uint64_t udf_anchor;         /* block of the closing UDF AVDP (the last one, unless a GPT is there) */
    struct dw_boot_area *boot;   /* El Torito and hybrid tables (eltorito.c, hybrid.c), NULL without */
    struct dw_hfs *hfs;          /* HFS+ (hfsplus.c), NULL without */
    dw_job *job;                 /* borrowed */
    /* Multisession */
    uint32_t start;              /* absolute LBA of the session's block 0 (segments use absolute LBAs) */
    dw_author_read_fn prev_read; /* the medium with the previous sessions, NULL without */
    void *prev_user;
    int prev_fd;                 /* opts->prev_image opened, -1 */
    char *prev_name;             /* for messages (owned) */
    uint32_t prev_end;           /* volume space size of the previous session */
    uint64_t prev_reads, prev_budget; /* blocks read from it, and the most the import may read (0: no limit) */
};

/* A segment holding consecutive files' data: the file at a block is
 * found in plan->forder by its lba. */
#define DW_SEG_FILES (-2)

typedef struct dw_aseg dw_aseg;
struct dw_aseg {
    uint64_t lba;
    uint64_t nblocks;
    guint8 *mem;                 /* owned metadata bytes (nblocks*2048), or NULL */
    int file;                    /* index into files when mem and gen are NULL, or DW_SEG_FILES */
    /* Metadata rendered one block at a time when the stream reaches it. */
    void (*gen)(dw_author_plan *p, uint64_t lba, guint8 out[BLK]);
};

/* tree.c */
gboolean dw_author_scan(dw_author_plan *p, GError **error);
/* The mode, owner and group recorded for n (Rock Ridge, UDF): rational
 * rock, then -file-mode/-dir-mode, then -uid/-gid.  uid, gid may be NULL. */
void dw_author_attrs(const dw_author_plan *p, const dw_anode *n, uint32_t *mode, uint32_t *uid, uint32_t *gid);
/* A new node name under parent (appended to its kids, owned by p->nodes). */
dw_anode *dw_author_node_add(dw_author_plan *p, dw_anode *parent, const char *name);

/* susp_read.c: SUSP / Rock Ridge entries of one directory record read back. */
typedef struct {
    gboolean px, tf, pn, nm_seen, re, cl, sp;
    uint32_t mode, uid, gid;
    time_t mtime, atime, ctime;
    uint64_t rdev;
    uint32_t cl_lba;
    GString *nm, *sl;
    gboolean sl_seen, sl_sep;
    unsigned sp_skip;
} dw_rr_info;
void dw_rr_info_init(dw_rr_info *r);
void dw_rr_info_clear(dw_rr_info *r);
/* Parse a System Use area (after the SP skip) and its continuation areas
 * into r; at names the block for messages.  FALSE with DW_ERROR_PARSE. */
gboolean dw_rr_parse(dw_author_plan *p, const guint8 *su, size_t len, dw_rr_info *r, uint64_t at, GError **error);
/* A 7-byte ISO 9660 date (with its GMT offset) as time_t; 0 when invalid. */
time_t dw_iso_date7_read(const guint8 *b);

/* prev.c: read the previous session's newest tree (Rock Ridge, else
 * Joliet, else plain ISO 9660 names) into p->root as old nodes and
 * files.  Bounds-checked; a malformed image fails with DW_ERROR_PARSE
 * naming the block. */
gboolean dw_author_import(dw_author_plan *p, GError **error);
/* Read n blocks at absolute lba of the previous medium. */
gboolean dw_author_prev_read(dw_author_plan *p, uint64_t lba, void *buf, size_t n, GError **error);
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

/* dirblocks.c: one segment per tree (ISO with its continuation areas,
 * or Joliet) whose blocks are rendered as the stream reaches them. */
void dw_iso_dirs_segments(dw_author_plan *p, gboolean joliet);
void dw_iso_dirs_free(dw_author_plan *p);
/* eltorito.c: El Torito boot record and catalog.  dw_boot_prepare runs
 * during the scan, before the tree is finished (it adds the catalog
 * file); dw_boot_check after it (finds and checks the boot images);
 * dw_boot_write once every address is known. */
typedef struct {
    dw_author_boot b;            /* copy; b.image owned */
    int file;                    /* dw_afile of the image, -1 for an appended partition */
    uint64_t size;               /* bytes */
    guint8 media;                /* catalog media type (0 no emulation, 1-3 floppy, 4 hard disk) */
    guint8 sys_type;             /* hard-disk emulation: the image's partition type */
} dw_aboot;
typedef struct {
    dw_author_partition part;    /* copy; source owned */
    int file;                    /* dw_afile holding its data */
    uint32_t lba, blocks;        /* 2048-byte blocks */
} dw_apart;
typedef struct dw_boot_area dw_boot_area;
struct dw_boot_area {
    GArray *entries;             /* dw_aboot */
    GArray *parts;               /* dw_apart, appended partitions */
    char *catalog_path;
    int catalog_file;            /* dw_afile of the catalog */
    guint8 mbr_code[432];
    gboolean have_mbr;
    uint32_t gpt_tail;           /* blocks of the backup GPT at the end (0 = no GPT) */
    int marked_slot[32];         /* per entry: partition slot of a gpt_basdat image (0 = none) */
    /* xorriso_sysarea (sysarea.c) */
    guint8 *tmpl;                /* owned: the system area template (-G, --grub2-mbr, -isohybrid-mbr) */
    size_t tmpl_len;
    gboolean gpt;                /* a GPT is written (primary in the system area, backup at the end) */
    int apm_count;               /* Apple Partition Map entries (the map's own included), 0 = none */
    uint32_t gpt_part_start;     /* sector of the GPT entry array */
    uint32_t gpt_entries;        /* entries in the array */
    int heads, sectors;          /* MBR geometry */
    int efi_part_file;           /* dw_afile of -efi-boot-part FILE, -1 */
    uint64_t mbr_blocks;         /* what MBR partition 1 covers when it is the image: blocks */
};
gboolean dw_boot_setup(dw_author_plan *p, const dw_author_options *opts, GError **error);
gboolean dw_boot_check(dw_author_plan *p, GError **error);
void dw_boot_record_write(dw_author_plan *p, guint8 out[BLK]);
void dw_boot_write(dw_author_plan *p);
void dw_boot_free(dw_author_plan *p);
/* A FAT boot sector (an EFI system partition image) in b[0..n). */
gboolean dw_boot_is_fat(const guint8 *b, size_t n);
/* hybrid.c: appended partitions, MBR and GPT. */
gboolean dw_hybrid_check(dw_author_plan *p, GError **error);
void dw_hybrid_place(dw_author_plan *p, uint64_t *lba);
void dw_hybrid_write(dw_author_plan *p);
/* A backup GPT will take the last blocks of the image (valid after dw_hybrid_check). */
gboolean dw_hybrid_gpt_tail(const dw_author_plan *p);
/* Ids derived from the volume: seed is a hash of the volume's metadata
 * (dw_hybrid_seed), label tells the ids apart. */
void dw_hybrid_seed(const dw_author_plan *p, guint8 seed[32]);
void dw_hybrid_derive(const dw_author_plan *p, const guint8 seed[32], const char *label, guint8 *out, size_t n);
void dw_hybrid_guid(const dw_author_plan *p, const guint8 seed[32], const char *label, guint8 g[16]);
/* "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" to on-disk GUID bytes. */
void dw_guid_parse(const char *s, guint8 g[16]);
/* sysarea.c: the system area as xorriso -as mkisofs lays it out
 * (options.xorriso_sysarea): MBR variants, GPT with xorriso's entries
 * and gap fillers, the isohybrid Apple Partition Map, cylinder alignment. */
gboolean dw_sysarea_check(dw_author_plan *p, GError **error);
void dw_sysarea_place(dw_author_plan *p, uint64_t *lba);
void dw_sysarea_write(dw_author_plan *p);
/* tree.c: a file made by the author itself (the boot catalog) at path;
 * returns its dw_afile index, -1 with error when the path is taken. */
int dw_author_add_generated(dw_author_plan *p, const char *path, uint64_t size, GError **error);
dw_anode *dw_author_lookup(dw_author_plan *p, const char *path);

/* dvdvideo.c: --dvd-video: order (weights) and padding (pad) of the
 * /VIDEO_TS files from their IFOs; FALSE naming the file and the field
 * when they cannot be laid out as the IFOs say. */
gboolean dw_author_dvd_layout(dw_author_plan *p, GError **error);

/* bdmv.c: --bdmv: checks /BDMV's navigation files and orders the
 * files (weights) as bdmv.c's header says. */
gboolean dw_author_bdmv_layout(dw_author_plan *p, GError **error);
/* hfsplus.c: HFS+ over the ISO's file data (-hfsplus).  dw_hfs_prepare
 * after the names (records, catalog size, blessings); dw_hfs_place_head
 * before the file data (volume header, catalog, extents file, symlink
 * targets); dw_hfs_place_tail after it (allocation bitmap, alternate
 * volume header); dw_hfs_write once every address is known. */
gboolean dw_hfs_prepare(dw_author_plan *p, GError **error);
void dw_hfs_place_head(dw_author_plan *p, uint64_t *lba);
void dw_hfs_place_tail(dw_author_plan *p, uint64_t *lba);
void dw_hfs_write(dw_author_plan *p);
void dw_hfs_free(dw_author_plan *p);
/* The HFS+ volume in 2048-byte blocks (FALSE without HFS+). */
gboolean dw_hfs_range(const dw_author_plan *p, uint64_t *start, uint64_t *blocks);

/* layout.c */
guint8 *dw_plan_mem(dw_author_plan *p, uint64_t lba, uint64_t nblocks);

/* endian helpers */
static inline void dw_le16(guint8 *b, uint16_t v) { b[0] = v; b[1] = v >> 8; }
static inline void dw_le32(guint8 *b, uint32_t v) { b[0] = v; b[1] = v >> 8; b[2] = v >> 16; b[3] = v >> 24; }
static inline void dw_le64(guint8 *b, uint64_t v) { dw_le32(b, (uint32_t)v); dw_le32(b + 4, (uint32_t)(v >> 32)); }
static inline void dw_be16(guint8 *b, uint16_t v) { b[0] = v >> 8; b[1] = v; }
static inline void dw_be32(guint8 *b, uint32_t v) { b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v; }

#endif
