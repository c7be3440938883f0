/* toc_read.c: cdrdao .toc files into the disc model.
 *
 * A small tokenizer (words, "strings" with \" \\ \ooo escapes, numbers,
 * MM:SS:FF, #offsets, braces, colons, // and / * comments) feeds a
 * recursive reader of the header (CD_DA/CD_ROM/CD_ROM_XA/CD_I, CATALOG,
 * CD_TEXT with LANGUAGE_MAP and LANGUAGE blocks) and of TRACK blocks
 * (mode, sub-channel mode, COPY/PRE_EMPHASIS/channels flags, ISRC,
 * CD_TEXT, SILENCE/ZERO/PREGAP, FILE/AUDIOFILE/DATAFILE, START, INDEX).
 * Tracks are laid out one after the other from LBA 0 at track 1's START;
 * the files named are not opened (lengths come from the sheet, or from
 * the file_sectors callback).
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
        if (r->end - r->p >= 2 && r->p[0] == '/' && r->p[1] == '*') {
            int line = r->line, col = (int)(r->p - r->lstart) + 1;
            r->p += 2;
            while (r->p < r->end && !(r->end - r->p >= 2 && r->p[0] == '*' && r->p[1] == '/')) {
                if (*r->p == '\n') {
                    r->line++;
                    r->lstart = r->p + 1;
                }
                r->p++;
            }
            if (r->p >= r->end)
                return fail_at(r, line, col, "unterminated comment");
            r->p += 2;
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
    return FAIL(r, "unexpected character '%c'", g_ascii_isprint(c) ? c : '?');
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
    int32_t sectors;             /* length of the track's items so far */
    int32_t start_at;            /* START position (sectors from the track's first item), -1 none */
    int32_t pregap_unstored;     /* PREGAP: silence before the items */
    int32_t index_rel[DW_MAX_INDEX + 1];
    int n_index;
} track_build;

/* A length: MM:SS:FF, or a plain number (audio: samples; data: bytes). */
static gboolean length_value(reader *r, bool audio, uint32_t ssize, int32_t *out)
{
    if (r->tok.kind == T_MSF) {
        *out = (int32_t)r->tok.num;
        return TRUE;
    }
    if (r->tok.kind == T_NUMBER) {
        int64_t unit = audio ? 588 : ssize;
        if (r->tok.num % unit)
            return FAIL(r, "length is not a whole number of sectors");
        if (r->tok.num / unit > 10000000)
            return FAIL(r, "length too large");
        *out = (int32_t)(r->tok.num / unit);
        return TRUE;
    }
    return FAIL(r, "expected a length (MM:SS:FF or a number)");
}

static bool is_length(reader *r)
{
    return r->tok.kind == T_MSF || r->tok.kind == T_NUMBER;
}

static gboolean file_item(reader *r, dw_track *t, track_build *b, bool datafile)
{
    bool audio = !datafile;
    if (!next(r) || !expect(r, T_STRING, "a file name"))
        return FALSE;
    int fline = r->tok.line, fcol = r->tok.col;
    char *path = g_steal_pointer(&r->tok.text);
    if (t->file.path == NULL) {
        t->file.path = path;
        t->file.binary_le = datafile; /* cdrdao audio: big-endian unless SWAP */
    } else
        g_free(path);
    if (!next(r))
        return FALSE;
    if (is_word(r, "SWAP")) {
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
    int32_t start = 0, len = -1;
    if (audio) {
        if (!is_length(r))
            return FAIL(r, "expected the start within the file");
        if (!length_value(r, true, t->file.sector_size, &start) || !next(r))
            return FALSE;
    }
    if (is_length(r)) {
        if (!length_value(r, audio, t->file.sector_size, &len) || !next(r))
            return FALSE;
    }
    if (b->sectors == 0 && t->file.offset == 0)
        t->file.offset = offset + (int64_t)start * t->file.sector_size;
    if (len < 0) {
        int64_t n = r->file_sectors ? r->file_sectors(t->file.path, t->file.sector_size, r->user) : -1;
        int64_t first = offset / t->file.sector_size + start;
        if (n < 0)
            return fail_at(r, fline, fcol, "the length of \"%s\" is not given and not known", t->file.path);
        if (n <= first)
            return fail_at(r, fline, fcol, "\"%s\" ends before the given start", t->file.path);
        len = (int32_t)MIN(n - first, 10000000);
    }
    b->sectors += len;
    return TRUE;
}

static gboolean track_block(reader *r, dw_disc *d, track_build *b)
{
    /* at TRACK */
    if (d->n_tracks >= DW_MAX_TRACKS)
        return FAIL(r, "more than 99 tracks");
    if (!next(r) || !expect(r, T_WORD, "a track mode"))
        return FALSE;
    dw_track *t = &d->tracks[d->n_tracks];
    dw_track_init(t, d->n_tracks + 1);
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
    if (!next(r))
        return FALSE;
    if (is_word(r, "RW") || is_word(r, "RW_RAW")) {
        t->file.sector_size += 96;
        if (!next(r))
            return FALSE;
    }
    for (;;) {
        if (r->tok.kind != T_WORD)
            break;
        const char *w = r->tok.text;
        bool audio = t->mode == DW_TRACK_AUDIO;
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
            if (!audio)
                return FAIL(r, "%s applies to audio tracks only", w);
            if (!strcmp(w, "PRE_EMPHASIS"))
                t->control |= DW_CTRL_PRE;
            else if (!strcmp(w, "FOUR_CHANNEL_AUDIO"))
                t->control |= DW_CTRL_4CH;
            else
                t->control &= (uint8_t)~DW_CTRL_4CH;
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "ISRC")) {
            if (!next(r) || !expect(r, T_STRING, "an ISRC string"))
                return FALSE;
            if (strlen(r->tok.text) != 12)
                return FAIL(r, "ISRC must be 12 characters");
            for (const char *p = r->tok.text; *p; p++)
                if (!g_ascii_isalnum(*p))
                    return FAIL(r, "ISRC must be letters and digits");
            g_strlcpy(t->isrc, r->tok.text, sizeof t->isrc);
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "CD_TEXT")) {
            if (!cd_text(r, &d->cdtext, t->number))
                return FALSE;
        } else if (!strcmp(w, "PREGAP")) {
            if (b->sectors > 0 || b->pregap_unstored)
                return FAIL(r, "PREGAP must come before the track's data");
            if (!next(r) || !expect(r, T_MSF, "a time after PREGAP"))
                return FALSE;
            b->pregap_unstored = (int32_t)r->tok.num;
            b->start_at = (int32_t)r->tok.num;
            if (!next(r))
                return FALSE;
        } else if (!strcmp(w, "SILENCE") || !strcmp(w, "ZERO")) {
            bool zero = !strcmp(w, "ZERO");
            if (!next(r)) /* w is gone from here on */
                return FALSE;
            if (zero && r->tok.kind == T_WORD) {
                if (!next(r)) /* data mode of the zeros */
                    return FALSE;
                if (is_word(r, "RW") || is_word(r, "RW_RAW"))
                    if (!next(r))
                        return FALSE;
            }
            int32_t len;
            if (!length_value(r, audio, t->file.sector_size, &len) || !next(r))
                return FALSE;
            b->sectors += len;
        } else if (!strcmp(w, "FILE") || !strcmp(w, "AUDIOFILE")) {
            if (!audio)
                return FAIL(r, "%s is for audio tracks (use DATAFILE)", w);
            if (!file_item(r, t, b, false))
                return FALSE;
        } else if (!strcmp(w, "DATAFILE")) {
            if (!file_item(r, t, b, true))
                return FALSE;
        } else if (!strcmp(w, "START")) {
            if (b->start_at >= 0)
                return FAIL(r, "START given twice (or with PREGAP)");
            if (!next(r))
                return FALSE;
            if (r->tok.kind == T_MSF) {
                if (r->tok.num > b->sectors)
                    return FAIL(r, "START is after the track's data so far");
                b->start_at = (int32_t)r->tok.num;
                if (!next(r))
                    return FALSE;
            } else
                b->start_at = b->sectors;
        } else if (!strcmp(w, "INDEX")) {
            if (!next(r) || !expect(r, T_MSF, "a time after INDEX"))
                return FALSE;
            if (b->n_index >= DW_MAX_INDEX - 1)
                return FAIL(r, "too many indexes");
            b->index_rel[b->n_index++] = (int32_t)r->tok.num;
            if (!next(r))
                return FALSE;
        } else
            break;
    }
    if (b->sectors <= 0 && b->pregap_unstored <= 0)
        return FAIL(r, "track %d has no data", t->number);
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
    while (ok && r.tok.kind == T_WORD && !is_word(&r, "TRACK")) {
        if (is_word(&r, "CD_DA") || is_word(&r, "CD_ROM"))
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
                ok = FAIL(&r, "CATALOG must be 13 digits");
            if (ok) {
                g_strlcpy(d->mcn, r.tok.text, sizeof d->mcn);
                ok = next(&r);
            }
        } else if (is_word(&r, "CD_TEXT"))
            ok = cd_text(&r, &d->cdtext, 0);
        else
            ok = FAIL(&r, "unknown keyword '%s'", r.tok.text);
    }
    while (ok && is_word(&r, "TRACK"))
        ok = track_block(&r, d, &builds[d->n_tracks]);
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
