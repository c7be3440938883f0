/* ccd_read.c: CloneCD .ccd control files into the disc model.
 *
 * The file is INI-like: [CloneCD] Version; [Disc] TocEntries, Sessions,
 * DataTracksScrambled, CDTextLength, CATALOG; [CDText] Entries and
 * "Entry n=" lines of 16 hex bytes (a pack without its CRC); [Session n]
 * PreGapMode/PreGapSubC; [Entry n] one full-TOC descriptor each; [TRACK n]
 * MODE, ISRC, FLAGS and "INDEX i=LBA".  Keys are case-insensitive,
 * numbers decimal or 0x-hex, lines may end in CRLF.  The full TOC gives
 * sessions and tracks; [TRACK n] adds modes, pregaps, indexes and ISRCs.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "disc/parse_error.h"
#include "discwright/sheet.h"
#include "discwright/subq.h"

typedef enum { SEC_NONE, SEC_CLONECD, SEC_DISC, SEC_CDTEXT, SEC_SESSION, SEC_ENTRY, SEC_TRACK, SEC_OTHER } section;

typedef struct {
    const char *name;
    int line;
    GError **error;
} ctx;

static gboolean fail(ctx *c, int col, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(ctx *c, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dw_parse_error_valist(c->error, c->name, c->line, col, fmt, ap);
    va_end(ap);
    return FALSE;
}

/* Decimal or 0x-hex integer, optionally negative; the whole text. */
static gboolean parse_num(const char *s, long *out)
{
    if (!*s)
        return FALSE;
    errno = 0;
    char *end;
    long v = strtol(s, &end, (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10);
    if (errno || *end || end == s || v < -1000000 || v > 1000000)
        return FALSE;
    *out = v;
    return TRUE;
}

static gboolean section_number(const char *s, const char *prefix, long lo, long hi, long *out)
{
    size_t n = strlen(prefix);
    if (g_ascii_strncasecmp(s, prefix, n) != 0)
        return FALSE;
    return parse_num(s + n, out) && *out >= lo && *out <= hi;
}

typedef struct {
    bool seen;
    int mode;                    /* -1 when not given */
    char isrc[13];
    uint8_t flags;
    bool has_flags;
    int32_t index[DW_MAX_INDEX + 1];
    bool has_index[DW_MAX_INDEX + 1];
} track_info;

dw_disc *dw_ccd_parse(const char *text, size_t len, const char *name, GError **error)
{
    ctx c = { .name = name ? name : "ccd", .error = error };
    g_autoptr(dw_disc) disc = dw_disc_new();
    disc->kind = DW_DISC_CD;
    track_info *ti = g_new0(track_info, 100);
    GByteArray *cdtext = g_byte_array_new();
    bool seen_entry[DW_MAX_TOC_ENTRIES] = { false };
    long toc_entries = -1, n_sessions = -1, cdtext_entries = -1, cur = 0;
    section sec = SEC_NONE;
    bool ok = true, seen_clonecd = false;

    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (ok && pos < len) {
        c.line++;
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        if (eol - pos > 4096) {
            ok = fail(&c, 1, "line too long");
            break;
        }
        if (memchr(text + pos, '\0', eol - pos)) {
            ok = fail(&c, 1, "NUL byte in a text file");
            break;
        }
        g_autofree char *line = g_strndup(text + pos, eol - pos);
        pos = eol + 1;
        g_strstrip(line);
        if (!line[0] || line[0] == ';' || line[0] == '#')
            continue;
        if (line[0] == '[') {
            char *close = strchr(line, ']');
            if (!close || close[1]) {
                ok = fail(&c, 1, "malformed section header");
                break;
            }
            *close = '\0';
            const char *s = line + 1;
            if (!g_ascii_strcasecmp(s, "CloneCD")) {
                sec = SEC_CLONECD;
                seen_clonecd = true;
            } else if (!g_ascii_strcasecmp(s, "Disc"))
                sec = SEC_DISC;
            else if (!g_ascii_strcasecmp(s, "CDText"))
                sec = SEC_CDTEXT;
            else if (section_number(s, "Session ", 1, DW_MAX_SESSIONS, &cur))
                sec = SEC_SESSION;
            else if (section_number(s, "Entry ", 0, DW_MAX_TOC_ENTRIES - 1, &cur)) {
                sec = SEC_ENTRY;
                if (seen_entry[cur]) {
                    ok = fail(&c, 2, "[Entry %ld] given twice", cur);
                    break;
                }
                seen_entry[cur] = true;
                if (cur + 1 > disc->n_toc)
                    disc->n_toc = (int)cur + 1;
            } else if (section_number(s, "TRACK ", 1, 99, &cur)) {
                sec = SEC_TRACK;
                ti[cur].seen = true;
                ti[cur].mode = -1;
            } else if (g_ascii_strncasecmp(s, "Entry ", 6) == 0 || g_ascii_strncasecmp(s, "TRACK ", 6) == 0 ||
                       g_ascii_strncasecmp(s, "Session ", 8) == 0) {
                ok = fail(&c, 2, "section number out of range: [%s]", s);
                break;
            } else
                sec = SEC_OTHER;
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq) {
            ok = fail(&c, 1, "expected KEY=VALUE");
            break;
        }
        *eq = '\0';
        char *key = g_strstrip(line);
        char *val = g_strstrip(eq + 1);
        int vcol = (int)(val - line) + 1;
        long v = 0;
        bool num = parse_num(val, &v);

        switch (sec) {
        case SEC_NONE:
            ok = fail(&c, 1, "key outside any section");
            break;
        case SEC_CLONECD:
            if (!g_ascii_strcasecmp(key, "Version") && (!num || v < 1 || v > 3))
                ok = fail(&c, vcol, "unsupported CloneCD version '%s'", val);
            break;
        case SEC_DISC:
            if (!g_ascii_strcasecmp(key, "CATALOG")) {
                if (strlen(val) != 13 || strspn(val, "0123456789") != 13)
                    ok = fail(&c, vcol, "CATALOG must be 13 digits");
                else
                    g_strlcpy(disc->mcn, val, sizeof disc->mcn);
            } else if (!g_ascii_strcasecmp(key, "TocEntries")) {
                if (!num || v < 1 || v > DW_MAX_TOC_ENTRIES)
                    ok = fail(&c, vcol, "TocEntries out of range");
                toc_entries = v;
            } else if (!g_ascii_strcasecmp(key, "Sessions")) {
                if (!num || v < 1 || v > DW_MAX_SESSIONS)
                    ok = fail(&c, vcol, "Sessions out of range");
                n_sessions = v;
            } else if (!g_ascii_strcasecmp(key, "DataTracksScrambled")) {
                if (num && v != 0)
                    ok = fail(&c, vcol, "scrambled data tracks are not supported");
            }
            break;
        case SEC_CDTEXT:
            if (!g_ascii_strcasecmp(key, "Entries")) {
                if (!num || v < 0 || v > 2048)
                    ok = fail(&c, vcol, "CDText Entries out of range");
                cdtext_entries = v;
            } else if (g_ascii_strncasecmp(key, "Entry ", 6) == 0 ||
                       (key[0] && strspn(key, "0123456789") == strlen(key))) {
                uint8_t pack[18];
                int n = 0;
                const char *p = val;
                while (n < 16) {
                    while (*p == ' ')
                        p++;
                    if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]))
                        break;
                    pack[n++] = (uint8_t)(g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]));
                    p += 2;
                }
                while (*p == ' ')
                    p++;
                if (n != 16 || *p) {
                    ok = fail(&c, vcol, "a CD-TEXT entry needs 16 hex bytes");
                    break;
                }
                if (cdtext->len >= 18 * 2048) {
                    ok = fail(&c, 1, "too many CD-TEXT entries");
                    break;
                }
                uint16_t crc = dw_cdtext_pack_crc(pack);
                pack[16] = (uint8_t)(crc >> 8);
                pack[17] = (uint8_t)crc;
                g_byte_array_append(cdtext, pack, 18);
            }
            break;
        case SEC_SESSION:
        case SEC_OTHER:
            break;
        case SEC_ENTRY: {
            dw_toc_entry *e = &disc->toc[cur];
            if (!g_ascii_strcasecmp(key, "ALBA") || !g_ascii_strcasecmp(key, "PLBA"))
                break; /* derived from the MSF fields */
            if (!num || v < 0 || v > 255) {
                ok = fail(&c, vcol, "%s must be a number from 0 to 255", key);
                break;
            }
            uint8_t b = (uint8_t)v;
            if (!g_ascii_strcasecmp(key, "Session")) e->session = b;
            else if (!g_ascii_strcasecmp(key, "Point")) e->point = b;
            else if (!g_ascii_strcasecmp(key, "ADR")) e->adr = b;
            else if (!g_ascii_strcasecmp(key, "Control")) e->control = b;
            else if (!g_ascii_strcasecmp(key, "TrackNo")) e->tno = b;
            else if (!g_ascii_strcasecmp(key, "AMin")) e->min = b;
            else if (!g_ascii_strcasecmp(key, "ASec")) e->sec = b;
            else if (!g_ascii_strcasecmp(key, "AFrame")) e->frame = b;
            else if (!g_ascii_strcasecmp(key, "Zero")) e->zero = b;
            else if (!g_ascii_strcasecmp(key, "PMin")) e->pmin = b;
            else if (!g_ascii_strcasecmp(key, "PSec")) e->psec = b;
            else if (!g_ascii_strcasecmp(key, "PFrame")) e->pframe = b;
            break;
        }
        case SEC_TRACK: {
            track_info *t = &ti[cur];
            long idx;
            if (!g_ascii_strcasecmp(key, "MODE")) {
                if (!num || v < 0 || v > 2)
                    ok = fail(&c, vcol, "MODE must be 0, 1 or 2");
                t->mode = (int)v;
            } else if (!g_ascii_strcasecmp(key, "ISRC")) {
                if (*val && strlen(val) != 12)
                    ok = fail(&c, vcol, "ISRC must be 12 characters");
                else
                    g_strlcpy(t->isrc, val, sizeof t->isrc);
            } else if (!g_ascii_strcasecmp(key, "FLAGS")) {
                t->has_flags = true;
                g_auto(GStrv) words = g_strsplit_set(val, " ,", -1);
                for (char **w = words; *w; w++) {
                    if (!**w)
                        continue;
                    if (!g_ascii_strcasecmp(*w, "DCP")) t->flags |= DW_CTRL_DCP;
                    else if (!g_ascii_strcasecmp(*w, "4CH")) t->flags |= DW_CTRL_4CH;
                    else if (!g_ascii_strcasecmp(*w, "PRE")) t->flags |= DW_CTRL_PRE;
                    else if (!g_ascii_strcasecmp(*w, "DATA")) t->flags |= DW_CTRL_DATA;
                    else {
                        ok = fail(&c, vcol, "unknown flag '%s'", *w);
                        break;
                    }
                }
            } else if (section_number(key, "INDEX ", 0, DW_MAX_INDEX, &idx)) {
                if (!num || v < -150 || v > 450000)
                    ok = fail(&c, vcol, "INDEX %ld: bad LBA '%s'", idx, val);
                else {
                    t->index[idx] = (int32_t)v;
                    t->has_index[idx] = true;
                }
            } else if (g_ascii_strncasecmp(key, "INDEX", 5) == 0) {
                ok = fail(&c, 1, "bad index key '%s'", key);
            }
            break;
        }
        }
    }
    c.line = 0;
    if (ok && !seen_clonecd)
        ok = fail(&c, 0, "not a CloneCD control file (no [CloneCD] section)");
    if (ok && disc->n_toc == 0)
        ok = fail(&c, 0, "no [Entry n] sections: the file has no TOC");
    if (ok && cdtext_entries >= 0 && (size_t)cdtext_entries != cdtext->len / 18)
        ok = fail(&c, 0, "[CDText] Entries=%ld but %u entries given", cdtext_entries,
                  (unsigned)(cdtext->len / 18));
    for (int i = 0; ok && i < disc->n_toc; i++)
        if (!seen_entry[i])
            ok = fail(&c, 0, "[Entry %d] is missing", i);
    if (ok && toc_entries >= 0 && toc_entries != disc->n_toc)
        ok = fail(&c, 0, "TocEntries=%ld but %d entries given", toc_entries, disc->n_toc);
    GError *sub = NULL;
    if (ok && !dw_disc_from_toc(disc, &sub)) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %s", c.name, sub->message);
        g_error_free(sub);
        ok = false;
    }
    if (ok && n_sessions >= 0 && n_sessions != disc->n_sessions)
        ok = fail(&c, 0, "Sessions=%ld but the TOC has %d", n_sessions, disc->n_sessions);
    for (int i = 0; ok && i < disc->n_tracks; i++) {
        dw_track *t = &disc->tracks[i];
        track_info *x = &ti[t->number];
        if (!x->seen)
            continue;
        if (x->mode == 0)
            t->mode = DW_TRACK_AUDIO;
        else if (x->mode == 1)
            t->mode = DW_TRACK_MODE1;
        else if (x->mode == 2)
            t->mode = DW_TRACK_MODE2;
        g_strlcpy(t->isrc, x->isrc, sizeof t->isrc);
        if (x->has_index[1] && x->index[1] != t->start) {
            ok = fail(&c, 0, "[TRACK %d] INDEX 1=%d but the TOC says %d", t->number, x->index[1], t->start);
            break;
        }
        if (x->has_index[0] && x->index[0] < t->start)
            t->pregap = t->start - x->index[0];
        for (int k = 2; k <= DW_MAX_INDEX && x->has_index[k]; k++) {
            t->index[k] = x->index[k];
            t->n_indexes = k + 1;
        }
    }
    if (ok && !dw_disc_finish(disc, &sub)) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %s", c.name, sub->message);
        g_error_free(sub);
        ok = false;
    }
    if (ok && cdtext->len > 0) {
        unsigned bad = 0;
        if (!dw_cdtext_parse(&disc->cdtext, cdtext->data, cdtext->len, false, &bad, error))
            ok = false;
    }
    g_byte_array_free(cdtext, TRUE);
    g_free(ti);
    if (!ok)
        return NULL;
    disc->profile = g_strdup("CloneCD image");
    return g_steal_pointer(&disc);
}

dw_disc *dw_ccd_read_file(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, e->code == G_FILE_ERROR_NOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO,
                    "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    if (len > 4 * 1024 * 1024) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: too large for a .ccd file", path);
        return NULL;
    }
    return dw_ccd_parse(text, len, path, error);
}
