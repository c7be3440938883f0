/* cdtext.h: CD-TEXT, the text stored in the lead-in's R-W subchannel as
 * 18-byte packs (pack types 0x80-0x8F, up to 8 language blocks).
 * dw_cdtext is plain data embedded in dw_disc; its strings are owned
 * and freed by dw_cdtext_clear().
 */
#ifndef DISCWRIGHT_CDTEXT_H
#define DISCWRIGHT_CDTEXT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

#define DW_CDTEXT_MAX_BLOCKS 8
#define DW_CDTEXT_PACK_SIZE 18

/* Text pack types (pack type - 0x80 indexes dw_cdtext_block.text). */
typedef enum {
    DW_CDTEXT_TITLE = 0,         /* 0x80 */
    DW_CDTEXT_PERFORMER,         /* 0x81 */
    DW_CDTEXT_SONGWRITER,        /* 0x82 */
    DW_CDTEXT_COMPOSER,          /* 0x83 */
    DW_CDTEXT_ARRANGER,          /* 0x84 */
    DW_CDTEXT_MESSAGE,           /* 0x85 */
    DW_CDTEXT_DISC_ID,           /* 0x86 (album only) */
    DW_CDTEXT_GENRE,             /* 0x87: album only; genre_code + text */
    DW_CDTEXT_TOC_INFO,          /* 0x88: binary, kept raw */
    DW_CDTEXT_TOC_INFO2,         /* 0x89: binary, kept raw */
    DW_CDTEXT_RESERVED_8A,
    DW_CDTEXT_RESERVED_8B,
    DW_CDTEXT_RESERVED_8C,
    DW_CDTEXT_CLOSED,            /* 0x8D: closed information */
    DW_CDTEXT_UPC_ISRC,          /* 0x8E: UPC/EAN (album) and ISRCs (tracks) */
    DW_CDTEXT_SIZE_INFO,         /* 0x8F: block size information (derived) */
    DW_CDTEXT_NFIELDS
} dw_cdtext_field;

/* Character codes of the size-info block. */
#define DW_CDTEXT_CHARSET_ISO8859_1 0x00
#define DW_CDTEXT_CHARSET_ASCII     0x01
#define DW_CDTEXT_CHARSET_MSJIS     0x80

typedef struct {
    bool present;
    uint8_t language;            /* EBU/BCP code, e.g. 0x09 English, 0x08 German */
    uint8_t charset;             /* DW_CDTEXT_CHARSET_* */
    uint8_t copyright;           /* size-info byte 2 */
    uint8_t first_track, last_track;
    uint16_t genre_code;         /* 0x87 first two bytes, 0 when absent */
    /* text[field][track]: track 0 = album/disc, 1..99 tracks.  Bytes in
     * the block's charset, NUL-terminated (double-byte charsets end with
     * two NULs), owned.  NULL when absent. */
    char *text[DW_CDTEXT_NFIELDS][100];
} dw_cdtext_block;

typedef struct {
    int n_blocks;
    dw_cdtext_block block[DW_CDTEXT_MAX_BLOCKS];
} dw_cdtext;

/* Free every string and zero the struct. */
void dw_cdtext_clear(dw_cdtext *cdt);
/* Set text (copied; NULL removes). Creates the block when needed. */
void dw_cdtext_set(dw_cdtext *cdt, int block, dw_cdtext_field field, int track, const char *text);
const char *dw_cdtext_get(const dw_cdtext *cdt, int block, dw_cdtext_field field, int track);
bool dw_cdtext_is_empty(const dw_cdtext *cdt);

/* Parse packs (len a multiple of 18, optionally preceded by the 4-byte
 * READ TOC header when has_header).  Packs with a bad CRC are skipped and
 * counted in *bad_crc (may be NULL).  Fails only on structurally
 * impossible input. */
gboolean dw_cdtext_parse(dw_cdtext *cdt, const uint8_t *data, size_t len, bool has_header,
                         unsigned *bad_crc, GError **error);
/* Build packs (text packs, then the three 0x8F size-info packs per block)
 * with sequence numbers, block numbers, character positions and CRCs.
 * Returns a newly allocated buffer (g_free) and its length in *len, or
 * NULL when there is no text. */
uint8_t *dw_cdtext_build(const dw_cdtext *cdt, size_t *len);
/* A CD-TEXT file as cdrecord's textfile= and a cue sheet's CDTEXTFILE
 * take it: the 4-byte READ TOC header (length, two zero bytes) and the
 * packs.  NULL when there is no text; g_free. */
uint8_t *dw_cdtext_file_build(const dw_cdtext *cdt, size_t *len);
/* Parse such a file: with the header, bare packs, or either followed by
 * one NUL byte (cdrecord's). */
gboolean dw_cdtext_file_parse(dw_cdtext *cdt, const uint8_t *data, size_t len, GError **error);
/* CRC-16 of a pack (first 16 bytes), as stored (inverted) in bytes 16-17. */
uint16_t dw_cdtext_pack_crc(const uint8_t pack[18]);

const char *dw_cdtext_field_name(dw_cdtext_field field);   /* "TITLE", ... as in cue sheets */
const char *dw_cdtext_language_name(uint8_t code);         /* "English", or NULL */

G_END_DECLS

#endif
