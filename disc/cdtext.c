/* cdtext.c: CD-TEXT (cdtext.h) — the text of the lead-in's R-W
 * subchannel, carried in 18-byte packs:
 *   0 pack type (0x80-0x8F)   1 track number (bit 7: extension)
 *   2 sequence number (from 0 in each block)
 *                             3 bit 7 DBCC, bits 6-4 block, bits 3-0
 *                               characters of the current string already
 *                               sent (at most 15)
 *   4-15 text bytes           16-17 CRC-16 (0x1021), inverted, big-endian
 * Each pack type is a stream of NUL-terminated strings, one per track
 * from the album (0) on; a TAB string repeats the previous track's text.
 * The three 0x8F packs of a block hold its size information. */
#include "config.h"

#include <string.h>

#include "discwright/cdtext.h"
#include "discwright/error.h"
#include "discwright/subq.h"

#define PACK 18

void dw_cdtext_clear(dw_cdtext *cdt)
{
    for (int b = 0; b < DW_CDTEXT_MAX_BLOCKS; b++)
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++)
            for (int t = 0; t < 100; t++)
                g_free(cdt->block[b].text[f][t]);
    memset(cdt, 0, sizeof *cdt);
}

static dw_cdtext_block *get_block(dw_cdtext *cdt, int block)
{
    if (block < 0 || block >= DW_CDTEXT_MAX_BLOCKS)
        return NULL;
    dw_cdtext_block *b = &cdt->block[block];
    if (!b->present) {
        b->present = true;
        b->language = block == 0 ? 0x09 : 0x00; /* English unless told otherwise */
        b->charset = DW_CDTEXT_CHARSET_ISO8859_1;
    }
    if (block >= cdt->n_blocks)
        cdt->n_blocks = block + 1;
    return b;
}

void dw_cdtext_set(dw_cdtext *cdt, int block, dw_cdtext_field field, int track, const char *text)
{
    if (field < 0 || field >= DW_CDTEXT_NFIELDS || track < 0 || track > 99)
        return;
    if (!text && (block < 0 || block >= cdt->n_blocks))
        return;
    dw_cdtext_block *b = get_block(cdt, block);
    if (!b)
        return;
    g_free(b->text[field][track]);
    b->text[field][track] = g_strdup(text);
    if (text && track > 0) {
        if (!b->first_track || track < b->first_track)
            b->first_track = (uint8_t)track;
        if (track > b->last_track)
            b->last_track = (uint8_t)track;
    }
}

const char *dw_cdtext_get(const dw_cdtext *cdt, int block, dw_cdtext_field field, int track)
{
    if (block < 0 || block >= cdt->n_blocks || field < 0 || field >= DW_CDTEXT_NFIELDS || track < 0 ||
        track > 99)
        return NULL;
    return cdt->block[block].text[field][track];
}

bool dw_cdtext_is_empty(const dw_cdtext *cdt)
{
    for (int b = 0; b < cdt->n_blocks; b++)
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++)
            for (int t = 0; t < 100; t++)
                if (cdt->block[b].text[f][t])
                    return false;
    return true;
}

uint16_t dw_cdtext_pack_crc(const uint8_t pack[18])
{
    return (uint16_t)~dw_crc16_ccitt(pack, 16);
}

static bool is_text_type(int f)
{
    return f <= DW_CDTEXT_GENRE || f == DW_CDTEXT_CLOSED || f == DW_CDTEXT_UPC_ISRC;
}

/* Reassembly state of one (block, pack type) stream. */
typedef struct {
    bool started;
    int track;
    int genre_bytes;             /* 0x87: the two code bytes still to come */
    GByteArray *buf;
} stream;

static void store(dw_cdtext *cdt, int block, int field, int track, GByteArray *buf, bool dbcs)
{
    if (track < 0 || track > 99)
        return;
    dw_cdtext_block *b = get_block(cdt, block);
    char *text;
    bool tab = dbcs ? (buf->len == 2 && buf->data[0] == 0x09 && buf->data[1] == 0x09)
                    : (buf->len == 1 && buf->data[0] == 0x09);
    if (tab && track > 0 && b->text[field][track - 1])
        text = g_strdup(b->text[field][track - 1]);
    else {
        text = g_malloc(buf->len + 2);
        if (buf->len)
            memcpy(text, buf->data, buf->len);
        text[buf->len] = text[buf->len + 1] = '\0';
    }
    if (buf->len == 0 && !tab) {
        g_free(text); /* an empty string means "no text" for that track */
        return;
    }
    g_free(b->text[field][track]);
    b->text[field][track] = text;
}

gboolean dw_cdtext_parse(dw_cdtext *cdt, const uint8_t *data, size_t len, bool has_header,
                         unsigned *bad_crc, GError **error)
{
    unsigned bad = 0;
    if (has_header) {
        if (len < 4) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "CD-TEXT: shorter than its header");
            return FALSE;
        }
        data += 4;
        len -= 4;
    }
    stream st[DW_CDTEXT_MAX_BLOCKS][16];
    memset(st, 0, sizeof st);
    uint8_t size_info[DW_CDTEXT_MAX_BLOCKS][36];
    bool have_size[DW_CDTEXT_MAX_BLOCKS][3];
    memset(have_size, 0, sizeof have_size);

    for (size_t off = 0; off + PACK <= len; off += PACK) {
        const uint8_t *p = data + off;
        uint16_t crc = dw_cdtext_pack_crc(p);
        if (p[16] != (crc >> 8) || p[17] != (crc & 0xFF)) {
            bad++;
            continue;
        }
        if (p[0] < 0x80 || p[0] > 0x8F || (p[1] & 0x80))
            continue;
        int type = p[0] - 0x80;
        int block = (p[3] >> 4) & 7;
        bool dbcs = (p[3] & 0x80) != 0;
        if (type == DW_CDTEXT_SIZE_INFO) {
            int idx = p[1] & 0x7F;
            if (idx < 3) {
                memcpy(size_info[block] + 12 * idx, p + 4, 12);
                have_size[block][idx] = true;
            }
            continue;
        }
        if (!is_text_type(type))
            continue;
        stream *s = &st[block][type];
        if (!s->started) {
            s->started = true;
            s->track = p[1] & 0x7F;
            s->buf = g_byte_array_new();
            s->genre_bytes = type == DW_CDTEXT_GENRE ? 2 : 0;
            /* A stream that starts mid-string (character position > 0)
             * lost its start: skip up to the next terminator. */
            if ((p[3] & 0x0F) != 0)
                s->track = -1 - (p[1] & 0x7F);
        } else if (s->buf->len == 0 && (p[3] & 0x0F) == 0 && s->genre_bytes == 0) {
            /* A pack that starts a string names its track: follow it (tracks
             * before the block's first track have no strings at all). */
            s->track = p[1] & 0x7F;
        }
        for (int i = 4; i < 16; i++) {
            uint8_t c = p[i];
            if (s->genre_bytes > 0) {
                dw_cdtext_block *b = get_block(cdt, block);
                b->genre_code = (uint16_t)(b->genre_code << 8 | c);
                s->genre_bytes--;
                continue;
            }
            bool end;
            if (dbcs) {
                /* Double-byte text ends with two NULs at an even offset. */
                g_byte_array_append(s->buf, &c, 1);
                end = s->buf->len % 2 == 0 && s->buf->len >= 2 && s->buf->data[s->buf->len - 1] == 0 &&
                      s->buf->data[s->buf->len - 2] == 0;
                if (end)
                    g_byte_array_set_size(s->buf, s->buf->len - 2);
            } else {
                end = c == 0;
                if (!end)
                    g_byte_array_append(s->buf, &c, 1);
            }
            if (end) {
                if (s->track >= 0)
                    store(cdt, block, type, s->track, s->buf, dbcs);
                s->track = s->track >= 0 ? s->track + 1 : -s->track; /* resynced */
                if (s->track > 99)
                    s->track = 99;
                g_byte_array_set_size(s->buf, 0);
            } else if (s->buf->len > 4096) {
                g_byte_array_set_size(s->buf, 0); /* hostile: no terminator for ages */
            }
        }
    }
    for (int b = 0; b < DW_CDTEXT_MAX_BLOCKS; b++)
        for (int t = 0; t < 16; t++)
            if (st[b][t].buf)
                g_byte_array_free(st[b][t].buf, TRUE);

    /* Size information: character code, track range, copyright, languages. */
    for (int b = 0; b < DW_CDTEXT_MAX_BLOCKS; b++) {
        if (!(have_size[b][0] && have_size[b][1] && have_size[b][2]))
            continue;
        const uint8_t *si = size_info[b];
        dw_cdtext_block *blk = get_block(cdt, b);
        blk->charset = si[0];
        blk->first_track = si[1];
        blk->last_track = si[2];
        blk->copyright = si[3];
        blk->language = si[28 + b];
    }
    /* Blocks that only appeared in another block's size info stay absent. */
    if (bad_crc)
        *bad_crc = bad;
    return TRUE;
}

/* Append the packs of one text stream. */
static void emit_stream(GByteArray *out, const uint8_t *bytes, const int *owner, const int *charpos,
                        size_t n, int type, int block, bool dbcs, unsigned *seq, unsigned *count)
{
    for (size_t off = 0; off < n; off += 12) {
        uint8_t p[PACK] = { 0 };
        p[0] = (uint8_t)(0x80 + type);
        p[1] = (uint8_t)owner[off];
        p[2] = (uint8_t)(*seq)++;
        p[3] = (uint8_t)((dbcs ? 0x80 : 0) | (block << 4) | MIN(charpos[off], 15));
        for (size_t i = 0; i < 12 && off + i < n; i++)
            p[4 + i] = bytes[off + i];
        uint16_t crc = dw_cdtext_pack_crc(p);
        p[16] = (uint8_t)(crc >> 8);
        p[17] = (uint8_t)crc;
        g_byte_array_append(out, p, PACK);
        (*count)++;
    }
}

uint8_t *dw_cdtext_build(const dw_cdtext *cdt, size_t *len)
{
    *len = 0;
    if (dw_cdtext_is_empty(cdt))
        return NULL;
    GByteArray *out = g_byte_array_new();
    unsigned seq = 0;
    unsigned counts[DW_CDTEXT_MAX_BLOCKS][16];
    unsigned last_seq[DW_CDTEXT_MAX_BLOCKS];
    memset(counts, 0, sizeof counts);
    memset(last_seq, 0, sizeof last_seq);
    size_t size_pos[DW_CDTEXT_MAX_BLOCKS];

    for (int b = 0; b < cdt->n_blocks; b++) {
        const dw_cdtext_block *blk = &cdt->block[b];
        if (!blk->present)
            continue;
        bool dbcs = blk->charset == DW_CDTEXT_CHARSET_MSJIS;
        seq = 0; /* sequence numbers start again in every block, as players and libcdio expect */
        size_t term = dbcs ? 2 : 1;
        int first = blk->first_track ? blk->first_track : 1;
        int last = blk->last_track;
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++)
            for (int t = 1; t < 100; t++)
                if (blk->text[f][t] && t > last)
                    last = t;
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++) {
            if (!is_text_type(f))
                continue;
            bool any = false;
            for (int t = 0; t < 100; t++)
                any |= blk->text[f][t] != NULL;
            if (!any && !(f == DW_CDTEXT_GENRE && blk->genre_code))
                continue;
            GByteArray *bytes = g_byte_array_new();
            GArray *owner = g_array_new(FALSE, FALSE, sizeof(int));
            GArray *cpos = g_array_new(FALSE, FALSE, sizeof(int));
            bool album_only = f == DW_CDTEXT_DISC_ID || f == DW_CDTEXT_GENRE;
            int tend = album_only ? 0 : last;
            for (int t = 0; t <= tend; t++) {
                if (t > 0 && t < first)
                    continue;
                const char *s = blk->text[f][t];
                size_t sl = s ? strlen(s) : 0;
                int pos = 0;
                if (f == DW_CDTEXT_GENRE && t == 0) {
                    uint8_t code[2] = { (uint8_t)(blk->genre_code >> 8), (uint8_t)blk->genre_code };
                    for (int k = 0; k < 2; k++) {
                        g_byte_array_append(bytes, &code[k], 1);
                        g_array_append_val(owner, t);
                        int zero = 0;
                        g_array_append_val(cpos, zero);
                    }
                }
                for (size_t i = 0; i < sl + term; i++, pos++) {
                    uint8_t c = i < sl ? (uint8_t)s[i] : 0;
                    g_byte_array_append(bytes, &c, 1);
                    g_array_append_val(owner, t);
                    g_array_append_val(cpos, pos);
                }
            }
            emit_stream(out, bytes->data, (const int *)owner->data, (const int *)cpos->data, bytes->len, f,
                        b, dbcs, &seq, &counts[b][f]);
            g_byte_array_free(bytes, TRUE);
            g_array_free(owner, TRUE);
            g_array_free(cpos, TRUE);
        }
        /* Three size-information packs, filled in once every block is known. */
        size_pos[b] = out->len;
        for (int k = 0; k < 3; k++) {
            uint8_t p[PACK] = { 0 };
            p[0] = 0x8F;
            p[1] = (uint8_t)k;
            p[2] = (uint8_t)seq++;
            p[3] = (uint8_t)(b << 4);
            g_byte_array_append(out, p, PACK);
        }
        counts[b][DW_CDTEXT_SIZE_INFO] = 3;
        last_seq[b] = seq - 1;
    }
    for (int b = 0; b < cdt->n_blocks; b++) {
        const dw_cdtext_block *blk = &cdt->block[b];
        if (!blk->present)
            continue;
        uint8_t si[36] = { 0 };
        int last = blk->last_track;
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++)
            for (int t = 1; t < 100; t++)
                if (blk->text[f][t] && t > last)
                    last = t;
        si[0] = blk->charset;
        si[1] = blk->first_track ? blk->first_track : 1;
        si[2] = (uint8_t)last;
        si[3] = blk->copyright;
        for (int f = 0; f < 16; f++)
            si[4 + f] = (uint8_t)counts[b][f];
        for (int k = 0; k < DW_CDTEXT_MAX_BLOCKS; k++) {
            si[20 + k] = (uint8_t)(cdt->block[k].present && k < cdt->n_blocks ? last_seq[k] : 0);
            si[28 + k] = (uint8_t)(cdt->block[k].present && k < cdt->n_blocks ? cdt->block[k].language : 0);
        }
        for (int k = 0; k < 3; k++) {
            uint8_t *p = out->data + size_pos[b] + (size_t)k * PACK;
            memcpy(p + 4, si + 12 * k, 12);
            uint16_t crc = dw_cdtext_pack_crc(p);
            p[16] = (uint8_t)(crc >> 8);
            p[17] = (uint8_t)crc;
        }
    }
    *len = out->len;
    return g_byte_array_free(out, FALSE);
}

const char *dw_cdtext_field_name(dw_cdtext_field field)
{
    static const char *names[DW_CDTEXT_NFIELDS] = {
        "TITLE", "PERFORMER", "SONGWRITER", "COMPOSER", "ARRANGER", "MESSAGE", "DISC_ID", "GENRE",
        "TOC_INFO", "TOC_INFO2", "RESERVED_8A", "RESERVED_8B", "RESERVED_8C", "CLOSED", "UPC_ISRC",
        "SIZE_INFO",
    };
    return field >= 0 && field < DW_CDTEXT_NFIELDS ? names[field] : "UNKNOWN";
}

const char *dw_cdtext_language_name(uint8_t code)
{
    static const struct {
        uint8_t code;
        const char *name;
    } langs[] = {
        { 0x01, "Albanian" },  { 0x02, "Breton" },     { 0x03, "Catalan" },   { 0x04, "Croatian" },
        { 0x05, "Welsh" },     { 0x06, "Czech" },      { 0x07, "Danish" },    { 0x08, "German" },
        { 0x09, "English" },   { 0x0A, "Spanish" },    { 0x0B, "Esperanto" }, { 0x0C, "Estonian" },
        { 0x0D, "Basque" },    { 0x0E, "Faroese" },    { 0x0F, "French" },    { 0x10, "Frisian" },
        { 0x11, "Irish" },     { 0x12, "Gaelic" },     { 0x13, "Galician" },  { 0x14, "Icelandic" },
        { 0x15, "Italian" },   { 0x16, "Lappish" },    { 0x17, "Latin" },     { 0x18, "Latvian" },
        { 0x19, "Luxembourgian" }, { 0x1A, "Lithuanian" }, { 0x1B, "Hungarian" }, { 0x1C, "Maltese" },
        { 0x1D, "Dutch" },     { 0x1E, "Norwegian" },  { 0x1F, "Occitan" },   { 0x20, "Polish" },
        { 0x21, "Portuguese" }, { 0x22, "Romanian" },  { 0x23, "Romansh" },   { 0x24, "Serbian" },
        { 0x25, "Slovak" },    { 0x26, "Slovenian" },  { 0x27, "Finnish" },   { 0x28, "Swedish" },
        { 0x29, "Turkish" },   { 0x2A, "Flemish" },    { 0x2B, "Walloon" },   { 0x56, "Russian" },
        { 0x65, "Korean" },    { 0x69, "Japanese" },   { 0x75, "Chinese" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
        if (langs[i].code == code)
            return langs[i].name;
    return NULL;
}

uint8_t *dw_cdtext_file_build(const dw_cdtext *cdt, size_t *len)
{
    size_t n = 0;
    g_autofree uint8_t *packs = dw_cdtext_build(cdt, &n);
    *len = 0;
    if (!packs || n == 0)
        return NULL;
    uint8_t *out = g_malloc(n + 4);
    out[0] = (uint8_t)((n + 2) >> 8);
    out[1] = (uint8_t)(n + 2);
    out[2] = out[3] = 0;
    memcpy(out + 4, packs, n);
    *len = n + 4;
    return out;
}

gboolean dw_cdtext_file_parse(dw_cdtext *cdt, const uint8_t *data, size_t len, GError **error)
{
    /* cdrecord ends its files with one NUL byte. */
    if (len % PACK == 1 || len % PACK == 5)
        len--;
    bool header = len % PACK == 4;
    if (header && (size_t)((data[0] << 8 | data[1]) + 2) != len) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "CD-TEXT file: header says %d bytes, the file holds %zu",
                    (data[0] << 8 | data[1]) + 2, len);
        return FALSE;
    }
    if (!header && len % PACK != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "CD-TEXT file: %zu bytes is not a whole number of packs", len);
        return FALSE;
    }
    return dw_cdtext_parse(cdt, data, len, header, NULL, error);
}
