/* dvd_check.h: the DVD-Video check of verify --fs (private to verify/).
 * udf_check.c notes every file directly in /VIDEO_TS while it walks the
 * UDF tree; dw_dvd_check then reads the IFOs from the image and reports
 * where the layout disagrees with the sectors they record, and where
 * the UDF form is one libdvdread and players cannot follow. */
#ifndef DW_VERIFY_DVD_CHECK_H
#define DW_VERIFY_DVD_CHECK_H

#include <glib.h>
#include <stdint.h>

#include "discwright/verify.h"

typedef struct {
    char name[16];               /* the name in /VIDEO_TS (cut to 15 bytes) */
    uint64_t size;               /* information length */
    int64_t lba;                 /* absolute sector of its first recorded extent, -1 without */
    uint32_t n_ext;              /* recorded extents */
    int tag;                     /* 261 File Entry, 266 Extended File Entry */
    int adtype;                  /* 0 short_ad, 1 long_ad, 3 embedded */
    gboolean embedded;
    gboolean contiguous;         /* the extents follow one another */
} dw_dvd_entry;

/* Check the DVD-Video set among entries (dw_dvd_entry); nothing when
 * there is no /VIDEO_TS/VIDEO_TS.IFO.  Findings under check "dvd". */
void dw_dvd_check(const dw_fs_source *src, dw_report *r, const GArray *entries);

#endif
