/* udf_attrs.h: UDF file attributes libudfread does not report, read by
 * our own walker (udf_attrs.c).  Private to libdiscwright (and its fuzz
 * target). */
#ifndef DW_AUTHOR_UDF_ATTRS_H
#define DW_AUTHOR_UDF_ATTRS_H

#include <glib.h>
#include <stdint.h>

#define DW_UDF_ATTR_MAX_NODES 2000000

/* Read image block lba (2048 bytes) into out; FALSE when it cannot be read. */
typedef gboolean (*dw_udf_block_fn)(void *user, uint32_t lba, guint8 out[2048]);

typedef struct {
    uint32_t mode;               /* st_mode: type from the ICB file type, permissions, set-id/sticky */
    gboolean has_mtime;
    int64_t mtime;
    char *link;                  /* symlink target, NULL otherwise */
    uint32_t nlink;
    uint32_t icb;                /* the File Entry (partition block): names sharing it are hard links */
} dw_udf_attr;

/* Path ("/", "/a/b", UTF-8; the Nth repeat of a name in one directory
 * as "PATH\nN") -> dw_udf_attr for every name of the UDF
 * file system in an image of `blocks` blocks; NULL when there is no UDF
 * volume it can walk (none, or damaged).
 * Free with g_hash_table_unref. */
GHashTable *dw_udf_attrs_read(dw_udf_block_fn rd, void *user, uint64_t blocks);
void dw_udf_attr_free(gpointer a);

#endif
