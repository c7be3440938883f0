/* extract.h: the read side of authoring: the trees of an image (ISO 9660,
 * Joliet, Rock Ridge, UDF) and extracting a file or a subtree into a
 * directory.
 *
 * dw_image_tree_read() reads one tree into a list of entries (parents
 * before children) with our own bounds-checked readers (author/tree_iso.c,
 * author/tree_udf.c); no library parser sees the image's metadata.
 * Multi-extent ISO files are joined in order; Rock Ridge relocated
 * directories (RRIP CL/PL/RE: deep trees moved under rr_moved) are put
 * back in place; UDF modes, times, symlinks and hard links come from
 * the File Entries (UDF 2.50 metadata partitions included).  Names are
 * kept as the image records them, even hostile ones; dw_extract()
 * decides what may be written.
 *
 * Hostile images: nothing the image says is trusted beyond what backs
 * it.  A file's extents lie inside the image (and its UDF partition);
 * its size is at most what its extents (UDF: allocation descriptors)
 * hold; where the metadata claims more, the entry is cut to what backs
 * it and marked damaged.  A UDF descriptor whose tag checksum or CRC is
 * wrong is reported and skipped, unless DW_TREE_READ_DAMAGED.  Loops,
 * depth, entries and the metadata read are bounded by the image's size.
 * Every problem is logged as a warning through the job.
 *
 * dw_extract() writes below a destination directory only: every path
 * component is opened with O_NOFOLLOW relative to the directory above
 * it, files are created with O_EXCL, so nothing is written through a
 * symbolic link (one from the image, or one already in the directory)
 * and nothing outside the destination is touched.  Entries named "",
 * ".", ".." or with a '/' are refused.  Existing files are an error
 * (DW_ERROR_EXISTS) unless force, and even then only regular files and
 * symbolic links are replaced, never a directory.  Files that share
 * their data (same first extent and size) are written once and hard
 * linked, and the bytes written in all never exceed the image's size:
 * a file that would go past it is refused.
 *
 * Ownership: dw_image_tree_read() returns an owned tree, freed with
 * dw_image_tree_free(); the entries belong to it.
 */
#ifndef DISCWRIGHT_EXTRACT_H
#define DISCWRIGHT_EXTRACT_H

#include <glib.h>
#include <stdint.h>

#include "job.h"

G_BEGIN_DECLS

typedef enum {
    DW_TREE_AUTO = 0,            /* Rock Ridge, else Joliet, else ISO 9660, else UDF */
    DW_TREE_ISO,                 /* ISO 9660 names (lower-cased, version cut), no attributes */
    DW_TREE_JOLIET,
    DW_TREE_RR,
    DW_TREE_UDF
} dw_tree_kind;

/* "iso", "joliet", "rr", "udf" (and "auto") -> kind; FALSE when unknown. */
gboolean dw_tree_kind_parse(const char *s, dw_tree_kind *out);
const char *dw_tree_kind_name(dw_tree_kind kind);

typedef enum { DW_ENTRY_FILE = 0, DW_ENTRY_DIR, DW_ENTRY_SYMLINK, DW_ENTRY_SPECIAL } dw_entry_type;

typedef struct {
    uint32_t lba;                /* image block (2048 bytes) */
    uint32_t offset;             /* byte offset in it (UDF data embedded in its File Entry) */
    uint64_t bytes;
    gboolean zero;               /* not recorded (UDF): reads as zeros, lba unused */
} dw_image_extent;

typedef struct {
    char *path;                  /* "/a/b" in the tree (display only: components may be hostile) */
    char *name;                  /* the last component as recorded ("" for the root) */
    int parent;                  /* index of the parent entry, -1 for the top */
    dw_entry_type type;
    uint32_t mode;               /* st_mode bits (type and permissions) when known, else 0 */
    gboolean has_mtime;
    int64_t mtime;               /* seconds since 1970, UTC */
    uint64_t size;
    char *link;                  /* symlink target (NULL otherwise) */
    uint32_t nlink;              /* Rock Ridge or UDF link count (0 unknown) */
    uint64_t data_id;            /* nonzero: entries sharing it are hard links (RR extent, UDF File Entry) */
    int hardlink_of;             /* index of the first entry with the same data_id, -1 none */
    size_t n_extents;            /* where the data is, in order (their bytes add up to size) */
    dw_image_extent *extents;
    gboolean damaged;            /* the metadata claimed more than backs it (cut; see the log) */
} dw_image_entry;

typedef struct {
    dw_tree_kind kind;           /* the tree actually read */
    char *image;                 /* the file or device */
    size_t n;
    dw_image_entry *entries;     /* entries[0] is the top (the root, or the entry at the path asked for) */
    uint64_t total_bytes;        /* sum of regular file sizes */
    guint n_relocated;           /* Rock Ridge directories put back from rr_moved */
    guint n_damaged;             /* entries marked damaged, descriptors skipped */
    uint64_t image_bytes;        /* the image's size: what extract may write at most */
} dw_image_tree;

typedef enum {
    DW_TREE_READ_DAMAGED = 1 << 0 /* read UDF descriptors whose tag checksum or CRC is wrong */
} dw_tree_flags;

/* Read the tree of kind under path ("/" when NULL) from image (a file, a
 * block device or stdio:PATH).  path may name a directory or a single
 * entry.  NULL with error: DW_ERROR_NO_DEVICE (no image, or no such
 * path), DW_ERROR_UNSUPPORTED (the image has no tree of that kind, or
 * its volume structures are damaged). */
dw_image_tree *dw_image_tree_read(const char *image, dw_tree_kind kind, const char *path, dw_tree_flags flags,
                                  dw_job *job, GError **error);
void dw_image_tree_free(dw_image_tree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_image_tree, dw_image_tree_free)

typedef struct {
    dw_tree_kind tree;
    const char *path;            /* in the image; NULL = "/" (its contents go into dest) */
    gboolean force;              /* replace existing files and symlinks; write damaged entries
                                  * (what backs them) and read descriptors with bad tags */
} dw_extract_options;

typedef struct {
    dw_tree_kind tree;           /* the tree read */
    guint files, dirs, symlinks, hardlinks;
    guint refused;               /* unsafe names, paths through symlinks, special files: not written */
    guint damaged;               /* problems found in the image (dw_image_tree.n_damaged) */
    uint64_t bytes;
} dw_extract_result;

/* Extract opts->path (a file, or a directory with everything below it;
 * a directory other than the root is created inside dest under its own
 * name) into dest, which is created when missing.  Contents, modes
 * (Rock Ridge; set-id bits dropped), modification times, symlinks and
 * Rock Ridge hard links are restored.  Refused entries (unsafe names,
 * special files, damaged entries without force, files past the image's
 * size in all) are logged as
 * warnings, counted in result->refused and make the call fail with
 * DW_ERROR_FAILED at the end (everything else is still written).  An
 * existing output fails with DW_ERROR_EXISTS before anything is written.
 * Progress goes through the job in bytes; a cancel stops between
 * blocks, leaving the partial file removed. */
gboolean dw_extract(const char *image, const char *dest, const dw_extract_options *opts, dw_job *job,
                    dw_extract_result *result, GError **error);

G_END_DECLS

#endif
