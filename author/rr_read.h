/* rr_read.h: the records of a raw ISO 9660 directory extent with their
 * Rock Ridge entries (rr_read.c), for the read side (tree_iso.c).
 * Private to libdiscwright (and its fuzz targets). */
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
    guint8 flags;                /* file flags (0x02 directory, 0x04 associated, 0x80 more extents follow) */
    guint8 date[7];              /* recording date (ECMA-119 9.1.5) */
    char *iso_id;                /* the identifier's id_len bytes (Joliet: UCS-2BE; "\0" = ".", "\1" = ".."), NUL added */
    size_t id_len;
    char *nm;                    /* NM, NULL when none */
    char *sl;                    /* SL target, NULL when none */
    gboolean cl, pl, re;
    uint32_t link_lba;           /* CL: the relocated directory's extent */
    gboolean rr;                 /* any Rock Ridge entry (RR PX PN SL NM CL PL RE TF SF) */
    gboolean sp;                 /* an SP entry (SUSP in use; only meaningful in the root's ".") */
    guint8 sp_skip;              /* SP: bytes to skip at the start of each System Use area */
    gboolean px;
    uint32_t mode, nlink;        /* PX */
    gboolean has_mtime;
    int64_t mtime;               /* TF modify time, seconds since 1970 UTC */
} dw_rr_record;

/* Every record of the directory extent dir[0..len), in order ("." and
 * ".." included); records do not cross 2048-byte blocks.  The System
 * Use area of each starts skip bytes in (the SP entry's skip);
 * continuation areas are read through rd (may be NULL).  At most
 * DW_RR_MAX_RECORDS records.  Free with dw_rr_records_free. */
dw_rr_record *dw_rr_dir_parse(const guint8 *dir, size_t len, size_t skip, dw_rr_block_fn rd, void *user, size_t *n);
void dw_rr_records_free(dw_rr_record *r, size_t n);

/* ISO 9660 dates: 7-byte (directory records, TF short form) and 17-byte
 * (TF long form, volume descriptors) to seconds since 1970 UTC; FALSE
 * when the fields are out of range or the date is unset. */
gboolean dw_rr_date7(const guint8 *b, int64_t *out);
gboolean dw_rr_date17(const guint8 *b, int64_t *out);

#endif
