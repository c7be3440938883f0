/* udf_private.h: UDF helpers shared by udf_desc.c and udf.c. */
#ifndef DW_UDF_PRIVATE_H
#define DW_UDF_PRIVATE_H

#include "author/author_private.h"

enum {
    UDF_TAG_PVD = 1, UDF_TAG_AVDP = 2, UDF_TAG_IUVD = 4, UDF_TAG_PD = 5, UDF_TAG_LVD = 6, UDF_TAG_USD = 7,
    UDF_TAG_TD = 8, UDF_TAG_LVID = 9, UDF_TAG_FSD = 256, UDF_TAG_FID = 257, UDF_TAG_AED = 258, UDF_TAG_FE = 261, UDF_TAG_EFE = 266
};

#define UDF_PART_START 257u
#define UDF_MAIN_VDS 32u
#define UDF_RESERVE_VDS 48u
#define UDF_LVID 64u
#define UDF_ANCHOR 256u

uint16_t dw_udf_crc(const guint8 *b, size_t n);
/* Fill the 16-byte tag at d for a descriptor of total_len bytes (CRC over the rest). */
void dw_udf_tag(const dw_author_plan *p, guint8 *d, uint16_t id, uint32_t loc, size_t total_len);
/* OSTA CS0 (compression id + characters) of at most max bytes; returns its length (0 for ""). */
size_t dw_udf_cs0(const char *utf8, guint8 *out, size_t max);
void dw_udf_dstring(guint8 *out, size_t size, const char *utf8);
void dw_udf_charspec(guint8 *out);
void dw_udf_regid(guint8 *out, const char *id, const guint8 suffix[8]);
void dw_udf_regid_udf(const dw_author_plan *p, guint8 *out, const char *id);
void dw_udf_regid_domain(const dw_author_plan *p, guint8 *out);
void dw_udf_regid_impl(guint8 *out);
void dw_udf_timestamp(guint8 *out, time_t t);
uint32_t dw_udf_perms(uint32_t mode);
void dw_udf_long_ad(guint8 *out, uint32_t len, uint32_t lbn, uint16_t part, uint32_t uid);

#endif
