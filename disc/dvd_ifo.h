/* dvd_ifo.h: where the files of a DVD-Video set must lie, from what
 * their IFOs record.  Players address the video manager and every title
 * set by sector (VMGI, TT_SRPT, VTSI fields), relative to the first
 * sector of VIDEO_TS.IFO; this computes those sectors for the files a
 * VIDEO_TS folder holds.  The author lays a --dvd-video image out by it
 * (padding the gaps between files) and verify --fs compares an image's
 * UDF layout with it.  Library-internal. */
#ifndef DW_DISC_DVD_IFO_H
#define DW_DISC_DVD_IFO_H

#include <glib.h>
#include <stdint.h>

#define DW_DVD_SECTOR 2048u
/* Most sectors a DVD-Video set can span (a dual-layer DVD holds
 * 4,171,712): IFO fields beyond this are refused as corrupt. */
#define DW_DVD_MAX_SECTORS (1u << 23)

typedef enum { DW_DVD_IFO, DW_DVD_MENU, DW_DVD_TITLE, DW_DVD_BUP } dw_dvd_kind;

typedef struct {
    char name[16];               /* "VTS_01_1.VOB" */
    uint8_t vts;                 /* 0 = the video manager (VIDEO_TS.*), else the title set 1..99 */
    uint8_t part;                /* title VOBs: 1..9; 0 otherwise */
    dw_dvd_kind kind;
    uint64_t size;               /* bytes (set by the caller) */
    void *user;                  /* the caller's (a tree node, an image extent) */
    /* Set by dw_dvd_plan: */
    uint64_t start;              /* sector relative to the first sector of VIDEO_TS.IFO */
    const char *field;           /* what fixes start (static text naming the IFO field) */
} dw_dvd_file;

/* TRUE when name is a DVD-Video file name (upper case as the format
 * has it: VIDEO_TS.IFO/.VOB/.BUP, VTS_nn_0.IFO/.BUP, VTS_nn_m.VOB with
 * nn 01..99 and m 0..9); fills out's name, vts, part and kind. */
gboolean dw_dvd_file_parse(const char *name, dw_dvd_file *out);
/* The physical order: VIDEO_TS.IFO, .VOB, .BUP, then per title set
 * VTS_nn_0.IFO, VTS_nn_0.VOB, VTS_nn_1..9.VOB, VTS_nn_0.BUP. */
guint dw_dvd_file_order(const dw_dvd_file *f);

/* Read len bytes at off of file f's data into buf; FALSE with error. */
typedef gboolean (*dw_dvd_read_fn)(void *user, const dw_dvd_file *f, uint64_t off, guint8 *buf, size_t len,
                                   GError **error);

/* Sort files (n of them, a VIDEO_TS folder's DVD-Video files, sizes
 * set) into the physical order and give each the sector its IFOs say it
 * starts at.  Reads VIDEO_TS.IFO and each VTS_nn_0.IFO through read.
 * FALSE with DW_ERROR_PARSE naming the file and the IFO field when they
 * cannot agree: a file missing or larger than the room the IFOs leave
 * it, a field pointing inside the previous file, a title set the
 * VMGI does not list, sizes not in whole sectors. */
gboolean dw_dvd_plan(dw_dvd_file *files, size_t n, dw_dvd_read_fn read, void *user, GError **error);

#endif
