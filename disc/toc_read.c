/* toc_read.c: cdrdao .toc files into the disc model.
 *
 * A small tokenizer (words, "strings" with \" \\ \ooo escapes, numbers,
 * MM:SS:FF, #offsets, braces, colons, // comments) feeds a
 * recursive reader of the header (CD_DA/CD_ROM/CD_ROM_XA/CD_I, CATALOG,
 * CD_TEXT with LANGUAGE_MAP and LANGUAGE blocks) and of TRACK blocks
 * (mode, sub-channel mode, COPY/PRE_EMPHASIS/channels flags, ISRC,
 * CD_TEXT, PREGAP, SILENCE/ZERO/FILE/AUDIOFILE/DATAFILE with START and
 * END, INDEX).  What it accepts and refuses, and why, follows cdrdao
 * 1.2.4's own parser (tests/toc_cdrdao.sh compares the two): a FILE or
 * DATAFILE length of 0, or none, runs to the end of the file; partial
 * sectors are padded; the refusals use cdrdao's wording.
 * Tracks are laid out one after the other from LBA 0 at track 1's START;
 * the files named are not opened (lengths come from the sheet, or from
 * the file_sectors callback, asked for bytes with sector size 1).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "discwright/error.h"
#include "disc/parse_error.h"
#include "discwright/sheet.h"

typedef enum { T_EOF, T_WORD, T_STRING, T_NUMBER, T_MSF, T_OFFSET, T_LBRACE, T_RBRACE, T_COLON, T_COMMA } tok_kind;

typedef struct {
    tok_kind kind;
    int line, col;
    char *text;                  /* word or string (owned) */
    int64_t num;                 /* number, offset, or frames for MSF */
} token;

typedef struct {
    const char *p, *end, *lstart;
    int line;
    const char *name;
    GError **error;
    token tok;                   /* current token */
    dw_file_sectors_fn file_sectors;
    void *user;
} reader;

static gboolean fail_at(reader *r, int line, int col, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static gboolean fail_at(reader *r, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dw_parse_error_valist(r->error, r->name, line, col, fmt, ap);
    va_end(ap);
    return FALSE;
}
#define FAIL(r, ...) fail_at((r), (r)->tok.line, (r)->tok.col, __VA_ARGS__)

static bool digits(const char *p, const char *end, int64_t *v, const char **after)
{
    const char *s = p;
    int64_t x = 0;
    while (p < end && g_ascii_isdigit(*p)) {
        if (x > (INT64_C(1) << 40))
            return false;
        x = x * 10 + (*p - '0');
        p++;
    }
    if (p == s)
        return false;
    *v = x;
    *after = p;
    return true;
}

/* Advance to the next token. */
static gboolean next(reader *r)
{
    g_clear_pointer(&r->tok.text, g_free);
    for (;;) {
        while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n')) {
            if (*r->p == '\n') {
                r->line++;
                r->lstart = r->p + 1;
            }
            r->p++;
        }
        if (r->end - r->p >= 2 && r->p[0] == '/' && r->p[1] == '/') {
            while (r->p < r->end && *r->p != '\n')
                r->p++;
            continue;
        }
        break;
    }
    token *t = &r->tok;
    t->line = r->line;
    t->col = (int)(r->p - r->lstart) + 1;
    t->num = 0;
    if (r->p >= r->end) {
        t->kind = T_EOF;
        return TRUE;
    }
    char c = *r->p;
    if (c == '{' || c == '}' || c == ':' || c == ',') {
        t->kind = c == '{' ? T_LBRACE : c == '}' ? T_RBRACE : c == ':' ? T_COLON : T_COMMA;
        r->p++;
        return TRUE;
    }
    if (c == '"') {
        GString *s = g_string_new(NULL);
        r->p++;
        while (r->p < r->end && *r->p != '"' && *r->p != '\n') {
            if (*r->p == '\\' && r->p + 1 < r->end) {
                r->p++;
                if (*r->p >= '0' && *r->p <= '7') {
                    int v = 0, n = 0;
                    while (n < 3 && r->p < r->end && *r->p >= '0' && *r->p <= '7') {
                        v = v * 8 + (*r->p - '0');
                        r->p++;
                        n++;
                    }
                    if (v == 0 || v > 255) {
                        g_string_free(s, TRUE);
                        return FAIL(r, "bad octal escape in string");
                    }
                    g_string_append_c(s, (char)v);
                    continue;
                }
            } else if (*r->p == '\0') {
                g_string_free(s, TRUE);
                return FAIL(r, "NUL byte in a string");
            }
            g_string_append_c(s, *r->p++);
            if (s->len > 4096) {
                g_string_free(s, TRUE);
                return FAIL(r, "string too long");
            }
        }
        if (r->p >= r->end || *r->p != '"') {
            g_string_free(s, TRUE);
            return FAIL(r, "unterminated string");
        }
        r->p++;
        t->kind = T_STRING;
        t->text = g_string_free(s, FALSE);
        return TRUE;
    }
    if (c == '#') {
        const char *after;
        if (!digits(r->p + 1, r->end, &t->num, &after))
            return FAIL(r, "expected a byte offset after '#'");
        r->p = after;
        t->kind = T_OFFSET;
        return TRUE;
    }
    if (g_ascii_isdigit(c)) {
        int64_t m, s, f;
        const char *a1, *a2, *a3;
        if (!digits(r->p, r->end, &m, &a1))
            return FAIL(r, "number too large");
        if (a1 < r->end && *a1 == ':' && digits(a1 + 1, r->end, &s, &a2) && a2 < r->end && *a2 == ':' &&
            digits(a2 + 1, r->end, &f, &a3)) {
            if (s >= 60 || f >= 75 || m > 9999)
                return FAIL(r, "bad time (MM:SS:FF with SS < 60, FF < 75)");
            t->kind = T_MSF;
            t->num = (m * 60 + s) * 75 + f;
            r->p = a3;
        } else {
            t->kind = T_NUMBER;
            t->num = m;
            r->p = a1;
        }
        if (r->p < r->end && (g_ascii_isalpha(*r->p) || *r->p == '_'))
            return FAIL(r, "unexpected character after a number");
        return TRUE;
    }
    if (g_ascii_isalpha(c) || c == '_') {
        const char *s = r->p;
        while (r->p < r->end && (g_ascii_isalnum(*r->p) || *r->p == '_'))
            r->p++;
        if (r->p - s > 64)
            return FAIL(r, "word too long");
        t->kind = T_WORD;
        t->text = g_strndup(s, (gsize)(r->p - s));
        return TRUE;
    }
    return FAIL(r, "Illegal token: %c (unexpected character)", g_ascii_isprint(c) ? c : '?');
}

static bool is_word(reader *r, const char *w)
{
    return r->tok.kind == T_WORD && strcmp(r->tok.text, w) == 0;
}

static gboolean expect(reader *r, tok_kind k, const char *what)
{
    if (r->tok.kind != k)
        return FAIL(r, "expected %s", what);
    return TRUE;
}

/* ---- CD-TEXT ------------------------------------------------------- */

static const struct {
    const char *name;
    int field;                   /* dw_cdtext_field, or -1 for binary-only items */
} cdt_items[] = {
    { "TITLE", DW_CDTEXT_TITLE },         { "PERFORMER", DW_CDTEXT_PERFORMER },
    { "SONGWRITER", DW_CDTEXT_SONGWRITER }, { "COMPOSER", DW_CDTEXT_COMPOSER },
    { "ARRANGER", DW_CDTEXT_ARRANGER },   { "MESSAGE", DW_CDTEXT_MESSAGE },
    { "DISC_ID", DW_CDTEXT_DISC_ID },     { "GENRE", -1 },
    { "TOC_INFO1", -1 },                  { "TOC_INFO2", -1 },
    { "UPC_EAN", DW_CDTEXT_UPC_ISRC },    { "ISRC", DW_CDTEXT_UPC_ISRC },
    { "SIZE_INFO", -1 },
};

/* Read "{ n, n, ... }" (binary CD-TEXT data): the first `cap` bytes
 * into out (may be NULL), their count in *len. */
static gboolean skip_bytes(reader *r, uint8_t *out, size_t cap, size_t *len)
{
    size_t n = 0;
    if (!next(r))
        return FALSE;
    while (r->tok.kind == T_NUMBER || r->tok.kind == T_COMMA) {
        if (r->tok.kind == T_NUMBER && r->tok.num > 255)
            return FAIL(r, "byte value out of range");
        if (r->tok.kind == T_NUMBER && out && n < cap)
            out[n++] = (uint8_t)r->tok.num;
        if (!next(r))
            return FALSE;
    }
    if (len)
        *len = n;
    if (!expect(r, T_RBRACE, "'}' closing the byte list"))
        return FALSE;
    return next(r);
}

static gboolean language_block(reader *r, dw_cdtext *cdt, int track)
{
    /* at LANGUAGE */
    if (!next(r) || !expect(r, T_NUMBER, "a language block number"))
        return FALSE;
    if (r->tok.num >= DW_CDTEXT_MAX_BLOCKS)
        return FAIL(r, "language block number must be 0 to 7");
    int block = (int)r->tok.num;
    if (!next(r) || !expect(r, T_LBRACE, "'{'") || !next(r))
        return FALSE;
    while (r->tok.kind == T_WORD) {
        int field = -2;
        const char *name_of_item = "";
        for (size_t i = 0; i < G_N_ELEMENTS(cdt_items); i++)
            if (strcmp(r->tok.text, cdt_items[i].name) == 0) {
                field = cdt_items[i].field;
                name_of_item = cdt_items[i].name;
            }
        if (field == -2)
            return FAIL(r, "unknown CD-TEXT item '%s'", r->tok.text);
        if (!next(r))
            return FALSE;
        if (r->tok.kind == T_LBRACE) {
            /* GENRE { code high, code low, text bytes..., 0 }: the genre
             * pack's data as cdrdao writes it; other binary items are
             * derived or kept by the TOC itself. */
            uint8_t g[2 + 160 + 1];
            size_t gl = 0;
            gboolean genre = track == 0 && strcmp(name_of_item, "GENRE") == 0;
            if (!skip_bytes(r, genre ? g : NULL, sizeof g - 1, &gl))
                return FALSE;
            if (genre && gl >= 2) {
                g[gl] = '\0';
                dw_cdtext_set(cdt, block, DW_CDTEXT_GENRE, 0, (const char *)g + 2);
                cdt->block[block].genre_code = (uint16_t)(g[0] << 8 | g[1]);
                if (block >= cdt->n_blocks)
                    cdt->n_blocks = block + 1;
            }
            continue;
        }
        if (!expect(r, T_STRING, "a string or '{'"))
            return FALSE;
        if (field >= 0 && r->tok.text[0]) {   /* an empty string is no text, as for cdrdao */
            dw_cdtext_set(cdt, block, (dw_cdtext_field)field, track, r->tok.text);
            if (block >= cdt->n_blocks)
                cdt->n_blocks = block + 1;
        }
        if (!next(r))
            return FALSE;
    }
    if (!expect(r, T_RBRACE, "a CD-TEXT item or '}'"))
        return FALSE;
    return next(r);
}

static uint8_t language_code(const char *w)
{
    static const struct { const char *name; uint8_t code; } langs[] = {
        { "EN", 0x09 }, { "DE", 0x08 }, { "FR", 0x0F }, { "ES", 0x0A }, { "IT", 0x15 },
        { "NL", 0x1D }, { "JA", 0x69 }, { "SV", 0x28 }, { "PT", 0x21 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(langs); i++)
        if (strcmp(w, langs[i].name) == 0)
            return langs[i].code;
    return 0xFF;
}

static gboolean cd_text(reader *r, dw_cdtext *cdt, int track)
{
    /* at CD_TEXT */
    if (!next(r) || !expect(r, T_LBRACE, "'{' after CD_TEXT") || !next(r))
        return FALSE;
    for (;;) {
        if (is_word(r, "LANGUAGE_MAP")) {
            if (track != 0)
                return FAIL(r, "LANGUAGE_MAP belongs in the disc's CD_TEXT");
            if (!next(r) || !expect(r, T_LBRACE, "'{'") || !next(r))
                return FALSE;
            while (r->tok.kind == T_NUMBER) {
                if (r->tok.num >= DW_CDTEXT_MAX_BLOCKS)
                    return FAIL(r, "language block number must be 0 to 7");
                int block = (int)r->tok.num;
                if (!next(r) || !expect(r, T_COLON, "':'") || !next(r))
                    return FALSE;
                uint8_t code;
                if (r->tok.kind == T_NUMBER && r->tok.num <= 255)
                    code = (uint8_t)r->tok.num;
                else if (r->tok.kind == T_WORD && (code = language_code(r->tok.text)) != 0xFF)
                    ;
                else
                    return FAIL(r, "expected a language code");
                if (!cdt->block[block].present)
                    dw_cdtext_set(cdt, block, DW_CDTEXT_TITLE, 0, NULL);
                cdt->block[block].present = true;
                cdt->block[block].language = code;
                if (block >= cdt->n_blocks)
                    cdt->n_blocks = block + 1;
                if (!next(r))
                    return FALSE;
            }
            if (!expect(r, T_RBRACE, "'}' closing LANGUAGE_MAP") || !next(r))
                return FALSE;
        } else if (is_word(r, "LANGUAGE")) {
            if (!language_block(r, cdt, track))
                return FALSE;
        } else
            break;
    }
    if (!expect(r, T_RBRACE, "LANGUAGE, LANGUAGE_MAP or '}'"))
        return FALSE;
    return next(r);
}

/* ---- tracks -------------------------------------------------------- */

static const struct {
    const char *name;
    dw_track_mode mode;
    uint32_t sector_size;
} modes[] = {
    { "AUDIO", DW_TRACK_AUDIO, 2352 },          { "MODE0", DW_TRACK_MODE0, 2336 },
    { "MODE1", DW_TRACK_MODE1, 2048 },          { "MODE1_RAW", DW_TRACK_MODE1, 2352 },
    { "MODE2", DW_TRACK_MODE2, 2336 },          { "MODE2_FORM1", DW_TRACK_MODE2_FORM1, 2048 },
    { "MODE2_FORM2", DW_TRACK_MODE2_FORM2, 2324 }, { "MODE2_FORM_MIX", DW_TRACK_MODE2_FORM_MIX, 2336 },
    { "MODE2_RAW", DW_TRACK_MODE2, 2352 },
};

typedef struct {
    int32_t sectors;             /* whole sectors of the track's items so far (padding flushed) */
    int64_t units;               /* pending units in the current run: samples (audio) or bytes (data) */
    uint32_t unit_bytes;         /* bytes per sector of the pending run (audio: 588 samples) */
    int cut_mode;                /* -1 none yet, 1 FILE/SILENCE/PREGAP in audio, 0 DATAFILE/ZERO */
    int32_t start_at;            /* START position (sectors from the track's first item), -1 none */
    int start_line;              /* line of START or PREGAP, 0 none */
    int32_t end_at;              /* END position, -1 none */
    int end_line;
    int32_t pregap_unstored;     /* PREGAP: silence before the items */
    int32_t index_rel[DW_MAX_INDEX + 1];
    int n_index;
} track_build;

/* MM:SS:FF of a count of frames, as cdrdao prints positions. */
static void time_text(int32_t frames, char buf[16])
{
    g_snprintf(buf, 16, "%02d:%02d:%02d", frames / 4500, frames / 75 % 60, frames % 75);
}

/* Close the pending run: cdrdao pads a partial last sector with zeros. */
static void flush_run(track_build *b)
{
    if (b->units > 0 && b->unit_bytes > 0)
        b->sectors += (int32_t)MIN((b->units + b->unit_bytes - 1) / b->unit_bytes, 10000000);
    b->units = 0;
}

/* Add units of one item to the track: samples for audio items (588 a
 * sector), bytes of a data mode whose sector is unit_bytes long.  A run
 * of another kind first closes the pending one, as cdrdao pads there. */
static void add_units(track_build *b, int64_t units, uint32_t unit_bytes)
{
    if (b->unit_bytes != unit_bytes)
        flush_run(b);
    b->unit_bytes = unit_bytes;
    b->units += units;
    if (b->units > INT64_C(10000000) * unit_bytes)
        b->units = INT64_C(10000000) * unit_bytes;
}

static int32_t track_sectors(const track_build *b)
{
    int64_t n = b->sectors;
    if (b->units > 0 && b->unit_bytes > 0)
        n += (b->units + b->unit_bytes - 1) / b->unit_bytes;
    return (int32_t)MIN(n, 10000000);
}

/* cdrdao's "samples": MM:SS:FF (588 samples a frame) or a sample count. */
static gboolean samples_value(reader *r, int64_t *out)
{
    if (r->tok.kind == T_MSF)
        *out = r->tok.num * 588;
    else if (r->tok.kind == T_NUMBER)
        *out = r->tok.num;
    else
        return FAIL(r, "expected a length (MM:SS:FF or a number of samples)");
    return TRUE;
}

/* cdrdao's data length: MM:SS:FF (whole sectors of blen bytes) or bytes. */
static gboolean bytes_value(reader *r, uint32_t blen, int64_t *out)
{
    if (r->tok.kind == T_MSF)
        *out = r->tok.num * blen;
    else if (r->tok.kind == T_NUMBER)
        *out = r->tok.num;
    else
        return FAIL(r, "expected a length (MM:SS:FF or a number of bytes)");
    return TRUE;
}

static bool is_length(reader *r)
{
    return r->tok.kind == T_MSF || r->tok.kind == T_NUMBER;
}

/* Mixing FILE/SILENCE/PREGAP (cut mode 1) with DATAFILE/ZERO (0) in one
 * audio track is refused by cdrdao with these two lines. */
static gboolean set_cut_mode(reader *r, track_build *b, int mode, int line, int col)
{
    if (b->cut_mode >= 0 && b->cut_mode != mode)
        return fail_at(r, line, col,
                       "Mixing of FILE/AUDIOFILE/SILENCE and DATAFILE/ZERO statements not allowed "
                       "(PREGAP acts as SILENCE in audio tracks)");
    b->cut_mode = mode;
    return TRUE;
}

static gboolean file_item(reader *r, dw_track *t, track_build *b, bool datafile, int sub_bytes)
{
    bool audio_track = t->mode == DW_TRACK_AUDIO;
    int kline = r->tok.line, kcol = r->tok.col;
    if (!datafile && !audio_track)
        return FAIL(r, "FILE/AUDIOFILE statements are only allowed for audio tracks");
    if (!datafile && sub_bytes)
        return FAIL(r, "FILE/AUDIOFILE statements are only allowed for audio tracks without sub-channel mode");
    if (audio_track && !set_cut_mode(r, b, datafile ? 0 : 1, kline, kcol))
        return FALSE;
    if (!next(r) || !expect(r, T_STRING, "a file name"))
        return FALSE;
    char *path = g_steal_pointer(&r->tok.text);
    bool first_item = b->sectors == 0 && b->units == 0 && t->file.path == NULL;
    if (t->file.path == NULL) {
        t->file.path = path;
        t->file.binary_le = datafile; /* cdrdao audio: big-endian unless SWAP */
    } else
        g_free(path);
    if (!next(r))
        return FALSE;
    if (!datafile && is_word(r, "SWAP")) {
        t->file.binary_le = true;
        if (!next(r))
            return FALSE;
    }
    int64_t offset = 0;
    if (r->tok.kind == T_OFFSET) {
        offset = r->tok.num;
        if (!next(r))
            return FALSE;
    }
    /* FILE: start and length in samples; DATAFILE: length in bytes (or
     * MM:SS:FF of the track's sectors).  A length of 0, or none, means
     * "to the end of the file", as cdrdao reads it. */
    int64_t start = 0, len = 0;
    uint32_t blen = audio_track ? 2352 : t->file.sector_size;
    if (!datafile) {
        if (!is_length(r))
            return FAIL(r, "expected the start within the file");
        if (!samples_value(r, &start) || !next(r))
            return FALSE;
        if (is_length(r) && (!samples_value(r, &len) || !next(r)))
            return FALSE;
    } else if (is_length(r)) {
        if (!bytes_value(r, blen, &len) || !next(r))
            return FALSE;
    }
    int64_t skip = offset + (datafile ? 0 : start * 4);
    if (first_item)
        t->file.offset = skip;
    if (len == 0) {
        int64_t bytes = r->file_sectors ? r->file_sectors(t->file.path, 1, r->user) : -1;
        if (bytes < 0)
            return fail_at(r, kline, kcol, "Cannot determine length of track data specification: "
                           "Cannot open %s file \"%s\"", datafile ? "data" : "audio", t->file.path);
        if (bytes < offset)
            return fail_at(r, kline, kcol, "Cannot determine length of track data specification: "
                           "Invalid offset %" G_GINT64_FORMAT " for file \"%s\"", offset, t->file.path);
        if (!datafile) {
            int64_t avail = (bytes - offset) / 4;
            if (start >= avail)
                return fail_at(r, kline, kcol,
                               "Cannot determine length of track data specification: "
                               "Start position %" G_GINT64_FORMAT " exceeds available data of file \"%s\"", start,
                               t->file.path);
            len = avail - start;
        } else
            len = bytes - offset;
        if (len == 0)
            return fail_at(r, kline, kcol, "Track %d: Requested length for data file \"%s\" is 0", t->number,
                           t->file.path);
    }
    if (audio_track)
        add_units(b, datafile ? len / 4 : len, 588);
    else
        add_units(b, len, blen);
    return TRUE;
}

/* ZERO [mode] [RW|RW_RAW] length */
static gboolean zero_item(reader *r, dw_track *t, track_build *b, int sub_bytes)
{
    int kline = r->tok.line, kcol = r->tok.col;
    bool audio_track = t->mode == DW_TRACK_AUDIO;
    if (audio_track && !set_cut_mode(r, b, 0, kline, kcol))
        return FALSE;
    if (!next(r))
        return FALSE;
    uint32_t blen = audio_track ? 2352 : t->file.sector_size - (uint32_t)sub_bytes;
    bool zaudio = audio_track;
    if (r->tok.kind == T_WORD && !is_word(r, "RW") && !is_word(r, "RW_RAW")) {
        bool found = false;
        for (size_t i = 0; i < G_N_ELEMENTS(modes); i++)
            if (strcmp(r->tok.text, modes[i].name) == 0) {
                blen = modes[i].sector_size;
                zaudio = modes[i].mode == DW_TRACK_AUDIO;
                found = true;
            }
        if (!found)
            return FAIL(r, "unknown data mode '%s'", r->tok.text);
        if (!next(r))
            return FALSE;
    }
    int zsub = sub_bytes;
    if (is_word(r, "RW") || is_word(r, "RW_RAW")) {
        zsub = 96;
        if (!next(r))
            return FALSE;
    }
    blen += (uint32_t)zsub;
    int64_t len = 0;
    if (!bytes_value(r, blen, &len) || !next(r))
        return FALSE;
    if (len == 0)
        return fail_at(r, kline, kcol, "Length of zero data is 0");
    if (audio_track && zaudio && !zsub)
        add_units(b, len / 4, 588);
    else
        add_units(b, len, blen);
    return TRUE;
}

/* The order cdrdao's grammar takes inside a TRACK: flags and ISRC,
 * CD_TEXT, PREGAP, then items with START and END, then INDEX marks. */
enum { ST_FLAGS, ST_TEXT, ST_PREGAP, ST_ITEMS, ST_INDEX };

static gboolean track_block(reader *r, dw_disc *d, track_build *b, int first_number)
{
    /* at TRACK */
    if (d->n_tracks >= DW_MAX_TRACKS || first_number + d->n_tracks > 99)
        return FAIL(r, "more than 99 tracks");
    int tline = r->tok.line;
    if (!next(r) || !expect(r, T_WORD, "a track mode"))
        return FALSE;
    dw_track *t = &d->tracks[d->n_tracks];
    dw_track_init(t, first_number + d->n_tracks);
    bool found = false;
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++)
        if (strcmp(r->tok.text, modes[i].name) == 0) {
            t->mode = modes[i].mode;
            t->file.sector_size = modes[i].sector_size;
            found = true;
        }
    if (!found)
        return FAIL(r, "unknown track mode '%s'", r->tok.text);
    d->n_tracks++;
    if (t->mode != DW_TRACK_AUDIO)
        t->control |= DW_CTRL_DATA;
    memset(b, 0, sizeof *b);
    b->start_at = -1;
    b->end_at = -1;
    b->cut_mode = -1;
    if (!next(r))
        return FALSE;
    int sub_bytes = 0;
    if (is_word(r, "RW") || is_word(r, "RW_RAW")) {
        sub_bytes = 96;
        t->file.sector_size += 96;
        if (!next(r))
            return FALSE;
    }
    bool audio = t->mode == DW_TRACK_AUDIO;
    uint32_t blen = audio ? 2352 : t->file.sector_size;
    int state = ST_FLAGS;
    bool items = false;
    for (;;) {
        if (r->tok.kind != T_WORD)
            break;
        const char *w = r->tok.text;
        int wline = r->tok.line, wcol = r->tok.col;
        bool flag_word = !strcmp(w, "NO") || !strcmp(w, "COPY") || !strcmp(w, "PRE_EMPHASIS") ||
                         !strcmp(w, "FOUR_CHANNEL_AUDIO") || !strcmp(w, "TWO_CHANNEL_AUDIO") || !strcmp(w, "ISRC");
        if ((flag_word && state > ST_FLAGS) || (!strcmp(w, "CD_TEXT") && state >= ST_TEXT) ||
            (!strcmp(w, "PREGAP") && state >= ST_PREGAP) ||
            (state == ST_INDEX && strcmp(w, "INDEX") != 0 && strcmp(w, "TRACK") != 0))
            return FAIL(r, "syntax error at \"%s\": not allowed here (a TRACK takes flags and ISRC, CD_TEXT, "
                           "PREGAP, data with START and END, then INDEX, in that order)", w);
        if (!strcmp(w, "NO")) {
            if (!next(r))
                return FALSE;
            if (is_word(r, "COPY"))
                t->control &= (uint8_t)~DW_CTRL_DCP;
            else if (is_word(r, "PRE_EMPHASIS"))
                t->control &= (uint8_t)~DW_CTRL_PRE;
            else
                return FAIL(r, "expected COPY or PRE_EMPHASIS after NO");
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "COPY")) {
            t->control |= DW_CTRL_DCP;
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "PRE_EMPHASIS") || !strcmp(w, "FOUR_CHANNEL_AUDIO") ||
                   !strcmp(w, "TWO_CHANNEL_AUDIO")) {
            /* cdrdao takes these on any track and ignores them on data
             * tracks (the control nibble's bits mean something else there). */
            if (audio) {
                if (!strcmp(w, "PRE_EMPHASIS"))
                    t->control |= DW_CTRL_PRE;
                else if (!strcmp(w, "FOUR_CHANNEL_AUDIO"))
                    t->control |= DW_CTRL_4CH;
                else
                    t->control &= (uint8_t)~DW_CTRL_4CH;
            }
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "ISRC")) {
            if (!next(r) || !expect(r, T_STRING, "an ISRC string"))
                return FALSE;
            /* CCOOOYYSSSSS: country and owner digits or capitals, year and serial digits. */
            const char *s = r->tok.text;
            bool good = strlen(s) == 12;
            for (int i = 0; good && i < 12; i++)
                good = g_ascii_isdigit(s[i]) || (i < 5 && g_ascii_isupper(s[i]));
            if (!good)
                return fail_at(r, wline, wcol, "Illegal ISRC code: %s", s);
            g_strlcpy(t->isrc, s, sizeof t->isrc);
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "CD_TEXT")) {
            state = ST_TEXT;
            if (!cd_text(r, &d->cdtext, t->number))
                return FALSE;
        } else if (!strcmp(w, "PREGAP")) {
            state = ST_PREGAP;
            if (!next(r) || !expect(r, T_MSF, "a time after PREGAP"))
                return FALSE;
            if (r->tok.num == 0)
                return fail_at(r, wline, wcol, "Length of pregap is zero");
            if (audio)
                b->cut_mode = 1; /* silence */
            b->pregap_unstored = (int32_t)r->tok.num;
            b->start_at = (int32_t)r->tok.num;
            b->start_line = wline;
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "SILENCE")) {
            state = ST_ITEMS;
            items = true;
            if (!audio)
                return FAIL(r, "SILENCE statements are only allowed for audio tracks");
            if (sub_bytes)
                return FAIL(r, "SILENCE statements are only allowed for audio tracks without sub-channel mode");
            if (!set_cut_mode(r, b, 1, wline, wcol))
                return FALSE;
            int64_t len = 0;
            if (!next(r) || !samples_value(r, &len) || !next(r))
                return FALSE;
            if (len == 0)
                return fail_at(r, wline, wcol, "Length of silence is 0");
            add_units(b, len, 588);
        } else if (!strcmp(w, "ZERO")) {
            state = ST_ITEMS;
            items = true;
            if (!zero_item(r, t, b, sub_bytes))
                return FALSE;
        } else if (!strcmp(w, "FILE") || !strcmp(w, "AUDIOFILE") || !strcmp(w, "DATAFILE")) {
            state = ST_ITEMS;
            items = true;
            if (!file_item(r, t, b, !strcmp(w, "DATAFILE"), sub_bytes))
                return FALSE;
        } else if (!strcmp(w, "START") || !strcmp(w, "END")) {
            bool is_start = !strcmp(w, "START");
            state = ST_ITEMS;
            items = true;
            if (!next(r))
                return FALSE;
            int32_t pos = track_sectors(b) + b->pregap_unstored;
            if (r->tok.kind == T_MSF) {
                pos = (int32_t)r->tok.num;
                if (!next(r))
                    return FALSE;
            }
            if (is_start) {
                if (b->start_line)
                    return fail_at(r, wline, wcol, "Track start (end of pre-gap) already defined");
                b->start_at = pos;
                b->start_line = wline;
            } else {
                if (b->end_line)
                    return fail_at(r, wline, wcol, "Track end (start of post-gap) already defined");
                b->end_at = pos;
                b->end_line = wline;
            }
        } else if (!strcmp(w, "INDEX")) {
            if (!items)
                return FAIL(r, "syntax error at \"INDEX\": a track needs data before its INDEX marks");
            if (state != ST_INDEX) {
                /* the items are complete: check START as cdrdao does here */
                state = ST_INDEX;
                int32_t total = b->pregap_unstored + track_sectors(b);
                if (b->start_line && b->start_at >= total && total > 0) {
                    char m[16];
                    time_text(b->start_at, m);
                    return fail_at(r, b->start_line, 1, "START %s behind or at track end", m);
                }
            }
            if (!next(r) || !expect(r, T_MSF, "a time after INDEX"))
                return FALSE;
            int32_t total = b->pregap_unstored + track_sectors(b);
            int32_t st = b->start_at < 0 ? 0 : b->start_at;
            if (b->n_index >= 98)
                return fail_at(r, wline, wcol, "More than 98 index increments");
            if (r->tok.num >= total - st)
                return fail_at(r, wline, wcol, "Index beyond track end");
            if (r->tok.num == 0)
                return fail_at(r, wline, wcol, "Index at start of track");
            b->index_rel[b->n_index++] = (int32_t)r->tok.num;
            if (!next(r))
                return FALSE;
        } else
            break;
    }
    (void)blen;
    if (!items)
        return fail_at(r, r->tok.line, r->tok.col, "track %d has no data (syntax error at line %d: a TRACK needs "
                       "FILE, DATAFILE, SILENCE, ZERO, START or END)", t->number, tline);
    flush_run(b);
    int32_t total = b->pregap_unstored + b->sectors;
    if (state != ST_INDEX && b->start_line && b->start_at >= total && total > 0) {
        char m[16];
                    time_text(b->start_at, m);
        return fail_at(r, b->start_line, 1, "START %s behind or at track end", m);
    }
    if (b->end_line) {
        char m[16];
                    time_text(b->end_at, m);
        int32_t st = b->start_at < 0 ? 0 : b->start_at;
        if (b->end_at >= total)
            return fail_at(r, b->end_line, 1, "END %s behind or at track end", m);
        if (b->end_at != 0 && b->end_at <= st)
            return fail_at(r, b->end_line, 1, "END %s within pre-gap", m);
        if (b->end_at != 0) {
            /* the post-gap starts with an index mark, placed among the others */
            if (b->n_index >= 98)
                return fail_at(r, b->end_line, 1, "END: Cannot create index mark for post-gap");
            int32_t rel = b->end_at - st;
            int k = b->n_index;
            while (k > 0 && b->index_rel[k - 1] > rel) {
                b->index_rel[k] = b->index_rel[k - 1];
                k--;
            }
            b->index_rel[k] = rel;
            b->n_index++;
        }
    }
    if (total <= 0)
        return fail_at(r, tline, 1, "track %d has no data", t->number);
    return TRUE;
}

dw_disc *dw_toc_parse(const char *text, size_t len, const char *name, dw_file_sectors_fn file_sectors,
                      void *user, GError **error)
{
    reader r = { .p = text, .end = text + len, .lstart = text, .line = 1, .name = name ? name : "toc",
                 .error = error, .file_sectors = file_sectors, .user = user };
    g_autoptr(dw_disc) d = dw_disc_new();
    d->kind = DW_DISC_CD;
    track_build *builds = g_new0(track_build, DW_MAX_TRACKS);
    gboolean ok = next(&r);
    dw_session_format fmt = DW_SESSION_CDDA_CDROM;
    /* cdrdao's order: CATALOG and the disc type in any order, then
     * FIRST_TRACK_NO, then the disc's CD_TEXT, then the tracks. */
    int first_number = 1, hstate = 0;
    while (ok && r.tok.kind == T_WORD && !is_word(&r, "TRACK")) {
        int wline = r.tok.line, wcol = r.tok.col;
        bool type_word = is_word(&r, "CD_DA") || is_word(&r, "CD_ROM") || is_word(&r, "CD_ROM_XA") ||
                         is_word(&r, "CD_I");
        if ((type_word || is_word(&r, "CATALOG")) && hstate > 0)
            ok = FAIL(&r, "syntax error at \"%s\": CATALOG and the disc type come first", r.tok.text);
        else if (is_word(&r, "FIRST_TRACK_NO") && hstate > 0)
            ok = FAIL(&r, "syntax error at \"FIRST_TRACK_NO\": given twice or after CD_TEXT");
        else if (is_word(&r, "CD_TEXT") && hstate > 1)
            ok = FAIL(&r, "syntax error at \"CD_TEXT\": given twice");
        else if (is_word(&r, "CD_DA") || is_word(&r, "CD_ROM"))
            ok = next(&r);
        else if (is_word(&r, "CD_ROM_XA")) {
            fmt = DW_SESSION_CDROM_XA;
            ok = next(&r);
        } else if (is_word(&r, "CD_I")) {
            fmt = DW_SESSION_CDI;
            ok = next(&r);
        } else if (is_word(&r, "CATALOG")) {
            ok = next(&r) && expect(&r, T_STRING, "a catalog string");
            if (ok && (strlen(r.tok.text) != 13 || strspn(r.tok.text, "0123456789") != 13))
                ok = fail_at(&r, wline, wcol, "Illegal catalog number: %s", r.tok.text);
            if (ok) {
                g_strlcpy(d->mcn, r.tok.text, sizeof d->mcn);
                ok = next(&r);
            }
        } else if (is_word(&r, "FIRST_TRACK_NO")) {
            hstate = 1;
            ok = next(&r) && expect(&r, T_NUMBER, "a track number");
            if (ok && (r.tok.num < 1 || r.tok.num > 99))
                ok = fail_at(&r, wline, wcol, "Illegal track number: %" G_GINT64_FORMAT, r.tok.num);
            if (ok) {
                first_number = (int)r.tok.num;
                ok = next(&r);
            }
        } else if (is_word(&r, "CD_TEXT")) {
            hstate = 2;
            ok = cd_text(&r, &d->cdtext, 0);
        } else
            ok = FAIL(&r, "unknown keyword '%s'", r.tok.text);
    }
    while (ok && is_word(&r, "TRACK"))
        ok = track_block(&r, d, &builds[d->n_tracks], first_number);
    if (ok && r.tok.kind != T_EOF)
        ok = FAIL(&r, r.tok.kind == T_WORD ? "unknown keyword" : "unexpected token");
    if (ok && d->n_tracks == 0)
        ok = fail_at(&r, r.line, 1, "no TRACK in the file");
    if (ok) {
        /* Lay out: track i's items start at pos; INDEX 1 at pos + START. */
        int32_t pos = 0;
        for (int i = 0; i < d->n_tracks; i++) {
            dw_track *t = &d->tracks[i];
            track_build *b = &builds[i];
            int32_t total = b->pregap_unstored + b->sectors;
            int32_t st = b->start_at < 0 ? 0 : b->start_at;
            if (st >= total && total > 0) {
                ok = fail_at(&r, r.line, 1, "track %d: START is not before the end of the track", t->number);
                break;
            }
            if (i == 0)
                pos = -st;
            t->pregap = st;
            t->file.pregap_stored = st > b->pregap_unstored;
            t->start = pos + st;
            t->n_indexes = 2;
            for (int k = 0; k < b->n_index; k++) {
                int32_t lba = t->start + b->index_rel[k];
                if (b->index_rel[k] <= (k ? b->index_rel[k - 1] : 0) || lba >= pos + total) {
                    /* cdrdao takes marks in any order; no disc can hold them so */
                    ok = fail_at(&r, r.line, 1, "track %d: INDEX %d out of order", t->number, k + 2);
                    break;
                }
                t->index[k + 2] = lba;
                t->n_indexes = k + 3;
            }
            if (!ok)
                break;
            pos += total;
            if (pos > 10000000) {
                ok = fail_at(&r, r.line, 1, "disc too long");
                break;
            }
        }
        if (ok) {
            d->n_sessions = 1;
            d->sessions[0] = (dw_session){ .number = 1, .format = fmt, .leadout = pos };
            GError *sub = NULL;
            if (!dw_disc_finish(d, &sub)) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %s", r.name, sub->message);
                g_error_free(sub);
                ok = FALSE;
            }
        }
    }
    g_free(r.tok.text);
    g_free(builds);
    if (!ok)
        return NULL;
    return g_steal_pointer(&d);
}

static int64_t sectors_beside(const char *path, uint32_t sector_size, void *user)
{
    const char *dir = user;
    g_autofree char *full = g_path_is_absolute(path) ? g_strdup(path) : g_build_filename(dir, path, NULL);
    GStatBuf st;
    if (g_stat(full, &st) != 0 || sector_size == 0)
        return -1;
    return (int64_t)st.st_size / sector_size;
}

dw_disc *dw_toc_read_file(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, e->code == G_FILE_ERROR_NOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO, "%s",
                    e->message);
        g_error_free(e);
        return NULL;
    }
    if (len > 4 * 1024 * 1024) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: too large for a .toc file", path);
        return NULL;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    return dw_toc_parse(text, len, path, sectors_beside, dir, error);
}
