/* ids.h: ids read from a rip's ISO image (ids.c). */
#ifndef DW_CATALOG_IDS_H
#define DW_CATALOG_IDS_H

#include "discwright/catalog.h"

/* Volume creation stamp from the ISO 9660 PVD; for DVDs the DVD-Video
 * disc id, for BDs the AACS disc id (through libudfread).  Fields stay
 * as they are when the image does not have them. */
void dw_catalog_iso_ids(dw_catalog_disc *d, const char *iso);

#endif
