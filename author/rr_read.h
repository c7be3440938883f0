/* rr_read.h: the records of a raw ISO 9660 directory extent with their
 * Rock Ridge names, symlink targets and relocation entries (rr_read.c).
 * Private to libdiscwright (and its fuzz target). */
#ifndef DW_AUTHOR_RR_READ_H
#define DW_AUTHOR_RR_READ_H

#include <glib.h>
#include <stdint.h>

/* Read block lba (2048 bytes) into out; FALSE when it cannot be read. */
typedef gboolean (*dw_rr_block_fn)(void *user, uint32_t lba, guint8 out[2048]);

#define DW_RR_MAX_RECORDS 1000000

/* One directory record as recorded, with its Rock Ridge entries. */
typedef struct {
    uint32_t extent, size;
    guint8 flags;                /* file flags (0x02 directory, 0x80 more extents follow) */
    char *iso_id;                /* the identifier's id_len bytes (Joliet: UCS-2BE; "\0" = ".", "\1" = ".."), NUL added */
    size_t id_len;
    char *nm;                    /* NM, NULL when none */
    char *sl;                    /* SL target, NULL when none */
    gboolean cl, pl, re;
    uint32_t link_lba;           /* CL: the relocated directory's extent */
} dw_rr_record;

/* Every record of the directory extent dir[0..len), in order ("." and
 * ".." included); continuation areas are read through rd (may be
 * NULL).  Free with dw_rr_records_free. */
dw_rr_record *dw_rr_dir_parse(const guint8 *dir, size_t len, dw_rr_block_fn rd, void *user, size_t *n);
void dw_rr_records_free(dw_rr_record *r, size_t n);

#endif
