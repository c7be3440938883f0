/* cue_read.c: cue sheets (CDRWIN syntax, redump and EAC conventions)
 * into the disc model (sheet.h).  The sheet is read line by line into
 * tracks with file-relative index times; a second pass turns those into
 * absolute LBAs from the FILE lengths (file_sectors callback, or back to
 * back when unknown), PREGAP/POSTGAP (not stored) and the gaps between
 * sessions (REM SESSION, REM LEAD-OUT/LEAD-IN/PREGAP).  CD-TEXT commands
 * go into CD-TEXT block 0 (English).  A track may start in one FILE and
 * go on in the next (EAC's "gaps appended to the previous track": TRACK,
 * INDEX 00, then FILE, INDEX 01); each INDEX is placed in the FILE it was
 * given in. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "discwright/error.h"
#include "disc/parse_error.h"
#include "discwright/msf.h"
#include "discwright/sheet.h"

#define SESSION_LEADOUT 6750
#define SESSION_LEADIN 4500
#define SESSION_PREGAP 150
#define MAX_FILE_SECTORS (100 * 60 * 75 * 4)   /* far beyond any CD */

typedef struct {
    char *path;
    bool binary_le;
    int first;                   /* index into disc->tracks of its first track */
} cue_file;

/* What the first pass learns per track beyond dw_track. */
typedef struct {
    int file;                    /* index into files (of INDEX 01 once given) */
    int32_t rel[DW_MAX_INDEX + 1];  /* file-relative index times, -1 absent */
    int rel_file[DW_MAX_INDEX + 1];  /* the file each index time is in */
    int32_t pregap_cmd;          /* PREGAP (not stored) */
    bool new_session;            /* first track of a session after the first */
    int32_t leadout_len, leadin_len, gap_pregap;  /* -1: default */
    int line, col;               /* of the TRACK command */
} cue_track;

typedef struct {
    const char *name;
    int line;
    GError **error;
    dw_disc *disc;
    GPtrArray *files;            /* cue_file* */
    cue_track ct[DW_MAX_TRACKS];
    int session;
    bool session_pending;
    int32_t pend_leadout, pend_leadin, pend_pregap;
    int last_index;              /* number of the last INDEX of the current track, -1 none */
    int overflow_col;            /* column of the first word not tokenized, 0 if none */
} ctx;

typedef struct {
    char *text;                  /* owned */
    int col;                     /* 1-based */
    bool quoted;
} token;

static gboolean fail(ctx *c, int col, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(ctx *c, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dw_parse_error_valist(c->error, c->name, c->line, col, fmt, ap);
    va_end(ap);
    return FALSE;
}

static void free_file(gpointer p)
{
    cue_file *f = p;
    g_free(f->path);
    g_free(f);
}

/* Split a line into tokens: runs of non-blanks, or "quoted text". */
static int tokenize(const char *line, token *tok, int max, ctx *c, gboolean *ok)
{
    int n = 0;
    const char *p = line;
    *ok = TRUE;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (n == max) {
            /* Only free text (TITLE, REM, ...) runs this long: it is taken
             * from the line itself, so the words beyond are not needed. */
            c->overflow_col = (int)(p - line) + 1;
            break;
        }
        tok[n].col = (int)(p - line) + 1;
        if (*p == '"') {
            const char *end = strchr(p + 1, '"');
            if (!end) {
                *ok = fail(c, tok[n].col, "missing closing quote");
                break;
            }
            tok[n].text = g_strndup(p + 1, (gsize)(end - p - 1));
            tok[n].quoted = true;
            p = end + 1;
        } else {
            const char *s = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
            tok[n].text = g_strndup(s, (gsize)(p - s));
            tok[n].quoted = false;
        }
        n++;
    }
    return n;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    if (!*s || strlen(s) > 3)
        return false;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isdigit(*p))
            return false;
    int v = atoi(s);
    if (v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static gboolean parse_time(ctx *c, const token *t, int32_t *frames)
{
    if (!dw_string_to_frames(t->text, false, frames) || *frames < 0 || *frames > 100 * 60 * 75)
        return fail(c, t->col, "bad time \"%s\" (want mm:ss:ff)", t->text);
    return TRUE;
}

/* The text argument of a command: a quoted token, or the rest of the line. */
static char *rest_text(const char *line, const token *tok, int n, int from)
{
    if (from >= n)
        return g_strdup("");
    if (tok[from].quoted)
        return g_strdup(tok[from].text);
    return g_strstrip(g_strdup(line + tok[from].col - 1));
}

static dw_track *cur_track(ctx *c)
{
    return c->disc->n_tracks ? &c->disc->tracks[c->disc->n_tracks - 1] : NULL;
}

/* Called when a track ends (next TRACK, FILE, end of sheet). */
static gboolean close_track(ctx *c)
{
    dw_track *t = cur_track(c);
    if (!t)
        return TRUE;
    cue_track *ct = &c->ct[c->disc->n_tracks - 1];
    if (ct->rel[1] < 0) {
        int saved = c->line;
        c->line = ct->line;
        fail(c, ct->col, "track %02d has no INDEX 01", t->number);
        c->line = saved;
        return FALSE;
    }
    return TRUE;
}

static const struct {
    const char *name;
    dw_track_mode mode;
    uint32_t size;
    bool cdi;
} modes[] = {
    { "AUDIO", DW_TRACK_AUDIO, 2352, false },      { "CDG", DW_TRACK_AUDIO, 2448, false },
    { "MODE1/2048", DW_TRACK_MODE1, 2048, false }, { "MODE1/2352", DW_TRACK_MODE1, 2352, false },
    { "MODE2/2048", DW_TRACK_MODE2_FORM1, 2048, false },
    { "MODE2/2324", DW_TRACK_MODE2_FORM2, 2324, false },
    { "MODE2/2336", DW_TRACK_MODE2, 2336, false }, { "MODE2/2352", DW_TRACK_MODE2, 2352, false },
    { "CDI/2336", DW_TRACK_MODE2, 2336, true },    { "CDI/2352", DW_TRACK_MODE2, 2352, true },
};

static gboolean cmd_track(ctx *c, token *tok, int n)
{
    if (n < 3)
        return fail(c, tok[0].col, "TRACK needs a number and a mode");
    if (c->files->len == 0)
        return fail(c, tok[0].col, "TRACK before any FILE");
    if (!close_track(c))
        return FALSE;
    int num;
    if (!parse_int(tok[1].text, 1, 99, &num))
        return fail(c, tok[1].col, "bad track number \"%s\"", tok[1].text);
    dw_disc *d = c->disc;
    if (d->n_tracks > 0 && num <= d->tracks[d->n_tracks - 1].number)
        return fail(c, tok[1].col, "track %02d follows track %02d", num, d->tracks[d->n_tracks - 1].number);
    if (d->n_tracks >= DW_MAX_TRACKS)
        return fail(c, tok[1].col, "too many tracks");
    size_t m;
    for (m = 0; m < G_N_ELEMENTS(modes); m++)
        if (g_ascii_strcasecmp(tok[2].text, modes[m].name) == 0)
            break;
    if (m == G_N_ELEMENTS(modes))
        return fail(c, tok[2].col, "unknown track mode \"%s\"", tok[2].text);

    int idx = d->n_tracks++;
    dw_track *t = &d->tracks[idx];
    dw_track_init(t, num);
    cue_track *ct = &c->ct[idx];
    memset(ct, 0, sizeof *ct);
    for (int k = 0; k <= DW_MAX_INDEX; k++)
        ct->rel[k] = -1;
    ct->file = (int)c->files->len - 1;
    ct->line = c->line;
    ct->col = tok[0].col;
    ct->leadout_len = ct->leadin_len = ct->gap_pregap = -1;
    cue_file *f = g_ptr_array_index(c->files, ct->file);
    if (f->first < 0)
        f->first = idx;
    t->mode = modes[m].mode;
    t->file.sector_size = modes[m].size;
    t->file.binary_le = f->binary_le;
    t->file.path = g_strdup(f->path);
    if (t->mode != DW_TRACK_AUDIO)
        t->control |= DW_CTRL_DATA;
    if (c->session_pending && idx > 0) {
        ct->new_session = true;
        ct->leadout_len = c->pend_leadout;
        ct->leadin_len = c->pend_leadin;
        ct->gap_pregap = c->pend_pregap;
    }
    c->session_pending = false;
    c->pend_leadout = c->pend_leadin = c->pend_pregap = -1;
    t->session = c->session;
    dw_session *s = dw_disc_session(d, c->session);
    if (!s) {
        s = &d->sessions[d->n_sessions++];
        memset(s, 0, sizeof *s);
        s->number = c->session;
    }
    if (modes[m].cdi)
        s->format = DW_SESSION_CDI;
    else if (dw_track_mode_is_data(t->mode) && t->mode != DW_TRACK_MODE1 && s->format != DW_SESSION_CDI)
        s->format = DW_SESSION_CDROM_XA;
    c->last_index = -1;
    return TRUE;
}

static gboolean cmd_index(ctx *c, token *tok, int n)
{
    dw_track *t = cur_track(c);
    if (!t)
        return fail(c, tok[0].col, "INDEX before any TRACK");
    if (n < 3)
        return fail(c, tok[0].col, "INDEX needs a number and a time");
    int num;
    if (!parse_int(tok[1].text, 0, DW_MAX_INDEX, &num))
        return fail(c, tok[1].col, "bad index number \"%s\"", tok[1].text);
    if (num == 0 ? c->last_index != -1 : (num == 1 ? c->last_index > 0 : num != c->last_index + 1))
        return fail(c, tok[1].col, "INDEX %02d out of order", num);
    int32_t fr;
    if (!parse_time(c, &tok[2], &fr))
        return FALSE;
    cue_track *ct = &c->ct[c->disc->n_tracks - 1];
    int file = (int)c->files->len - 1;
    /* Times must not go backwards within a file. */
    int32_t prev = -1;
    for (int i = c->disc->n_tracks - 1; i >= 0 && prev < 0; i--) {
        bool other = false;
        for (int k = DW_MAX_INDEX; k >= 0 && prev < 0; k--)
            if (c->ct[i].rel[k] >= 0) {
                if (c->ct[i].rel_file[k] == file)
                    prev = c->ct[i].rel[k];
                else
                    other = true;
            }
        if (other)
            break;
    }
    if (fr < prev)
        return fail(c, tok[2].col, "INDEX %02d at %s goes back in the file", num, tok[2].text);
    ct->rel[num] = fr;
    ct->rel_file[num] = file;
    if (num == 1 && ct->file != file) {
        /* The track goes on in this file (its INDEX 00 was in the last). */
        cue_file *f = g_ptr_array_index(c->files, file);
        ct->file = file;
        g_free(t->file.path);
        t->file.path = g_strdup(f->path);
        t->file.binary_le = f->binary_le;
        if (f->first < 0)
            f->first = c->disc->n_tracks - 1;
    }
    c->last_index = num;
    if (num + 1 > t->n_indexes)
        t->n_indexes = num + 1;
    return TRUE;
}

static gboolean cmd_file(ctx *c, const char *line, token *tok, int n)
{
    if (n < 2)
        return fail(c, tok[0].col, "FILE needs a name");
    dw_track *open_t = cur_track(c);
    bool goes_on = open_t && c->ct[c->disc->n_tracks - 1].rel[1] < 0;   /* no INDEX 01 yet */
    if (!goes_on && !close_track(c))
        return FALSE;
    const char *type = n >= 3 ? tok[n - 1].text : "BINARY";
    int type_col = n >= 3 ? tok[n - 1].col : tok[1].col;
    char *path;
    if (tok[1].quoted || n <= 3)
        path = g_strdup(tok[1].text);
    else {
        /* Unquoted name with blanks: everything up to the type word. */
        path = g_strndup(line + tok[1].col - 1, (gsize)(tok[n - 1].col - tok[1].col));
        g_strchomp(path);
    }
    bool le;
    if (g_ascii_strcasecmp(type, "BINARY") == 0 || g_ascii_strcasecmp(type, "WAVE") == 0 ||
        g_ascii_strcasecmp(type, "MP3") == 0 || g_ascii_strcasecmp(type, "AIFF") == 0 ||
        g_ascii_strcasecmp(type, "FLAC") == 0)
        le = true;
    else if (g_ascii_strcasecmp(type, "MOTOROLA") == 0)
        le = false;
    else {
        g_free(path);
        return fail(c, type_col, "unknown file type \"%s\"", type);
    }
    cue_file *f = g_new0(cue_file, 1);
    f->path = path;
    f->binary_le = le;
    f->first = -1;
    g_ptr_array_add(c->files, f);
    return TRUE;
}

static gboolean cmd_rem(ctx *c, token *tok, int n)
{
    if (n < 2)
        return TRUE;
    const char *what = tok[1].text;
    int32_t *slot = NULL;
    if (g_ascii_strcasecmp(what, "SESSION") == 0) {
        int s;
        if (n < 3 || !parse_int(tok[2].text, 1, DW_MAX_SESSIONS, &s))
            return fail(c, n < 3 ? tok[1].col : tok[2].col, "bad session number");
        if (s < c->session)
            return fail(c, tok[2].col, "session %02d after session %02d", s, c->session);
        if (s > c->session) {
            c->session = s;
            c->session_pending = true;
        }
        return TRUE;
    }
    if (g_ascii_strcasecmp(what, "LEAD-OUT") == 0)
        slot = &c->pend_leadout;
    else if (g_ascii_strcasecmp(what, "LEAD-IN") == 0)
        slot = &c->pend_leadin;
    else if (g_ascii_strcasecmp(what, "PREGAP") == 0)
        slot = &c->pend_pregap;
    else
        return TRUE;             /* GENRE, DATE, COMMENT, DISCID, ...: ignored */
    if (n < 3)
        return fail(c, tok[1].col, "REM %s needs a time", what);
    return parse_time(c, &tok[2], slot);
}

static const struct {
    const char *name;
    dw_cdtext_field field;
} text_cmds[] = {
    { "TITLE", DW_CDTEXT_TITLE },       { "PERFORMER", DW_CDTEXT_PERFORMER },
    { "SONGWRITER", DW_CDTEXT_SONGWRITER }, { "COMPOSER", DW_CDTEXT_COMPOSER },
    { "ARRANGER", DW_CDTEXT_ARRANGER }, { "MESSAGE", DW_CDTEXT_MESSAGE },
    { "DISC_ID", DW_CDTEXT_DISC_ID },   { "GENRE", DW_CDTEXT_GENRE },
    { "UPC_EAN", DW_CDTEXT_UPC_ISRC },
};

static gboolean parse_line(ctx *c, const char *line)
{
    token tok[16];
    gboolean ok;
    c->overflow_col = 0;
    int n = tokenize(line, tok, G_N_ELEMENTS(tok), c, &ok);
    if (ok && n > 0 && c->overflow_col) {
        bool free_text = g_ascii_strcasecmp(tok[0].text, "REM") == 0;
        for (size_t k = 0; k < G_N_ELEMENTS(text_cmds); k++)
            free_text |= g_ascii_strcasecmp(tok[0].text, text_cmds[k].name) == 0;
        if (!free_text)
            ok = fail(c, c->overflow_col, "too many words on the line");
    }
    if (ok && n > 0) {
        const char *kw = tok[0].text;
        dw_track *t = cur_track(c);
        if (g_ascii_strcasecmp(kw, "REM") == 0)
            ok = cmd_rem(c, tok, n);
        else if (g_ascii_strcasecmp(kw, "FILE") == 0)
            ok = cmd_file(c, line, tok, n);
        else if (g_ascii_strcasecmp(kw, "TRACK") == 0)
            ok = cmd_track(c, tok, n);
        else if (g_ascii_strcasecmp(kw, "INDEX") == 0)
            ok = cmd_index(c, tok, n);
        else if (g_ascii_strcasecmp(kw, "CDTEXTFILE") == 0)
            ok = TRUE;
        else if (g_ascii_strcasecmp(kw, "CATALOG") == 0) {
            if (n < 2 || strlen(tok[1].text) != 13 || strspn(tok[1].text, "0123456789") != 13)
                ok = fail(c, n < 2 ? tok[0].col : tok[1].col, "CATALOG needs 13 digits");
            else
                memcpy(c->disc->mcn, tok[1].text, 14);
        } else if (g_ascii_strcasecmp(kw, "ISRC") == 0) {
            if (!t)
                ok = fail(c, tok[0].col, "ISRC before any TRACK");
            else if (n < 2 || strlen(tok[1].text) != 12)
                ok = fail(c, n < 2 ? tok[0].col : tok[1].col, "ISRC needs 12 characters");
            else {
                for (int i = 0; i < 12; i++)
                    if (!g_ascii_isalnum(tok[1].text[i]))
                        ok = fail(c, tok[1].col + i, "bad character in ISRC");
                if (ok)
                    memcpy(t->isrc, tok[1].text, 13);
            }
        } else if (g_ascii_strcasecmp(kw, "FLAGS") == 0) {
            if (!t)
                ok = fail(c, tok[0].col, "FLAGS before any TRACK");
            for (int i = 1; ok && i < n; i++) {
                if (g_ascii_strcasecmp(tok[i].text, "DCP") == 0)
                    t->control |= DW_CTRL_DCP;
                else if (g_ascii_strcasecmp(tok[i].text, "4CH") == 0)
                    t->control |= DW_CTRL_4CH;
                else if (g_ascii_strcasecmp(tok[i].text, "PRE") == 0)
                    t->control |= DW_CTRL_PRE;
                else if (g_ascii_strcasecmp(tok[i].text, "SCMS") == 0 ||
                         g_ascii_strcasecmp(tok[i].text, "DATA") == 0)
                    ;
                else
                    ok = fail(c, tok[i].col, "unknown flag \"%s\"", tok[i].text);
            }
        } else if (g_ascii_strcasecmp(kw, "PREGAP") == 0 || g_ascii_strcasecmp(kw, "POSTGAP") == 0) {
            bool pre = g_ascii_strcasecmp(kw, "PREGAP") == 0;
            int32_t fr = 0;
            if (!t)
                ok = fail(c, tok[0].col, "%s before any TRACK", kw);
            else if (n < 2)
                ok = fail(c, tok[0].col, "%s needs a time", kw);
            else if (pre && c->last_index >= 0)
                ok = fail(c, tok[0].col, "PREGAP after INDEX");
            else if ((ok = parse_time(c, &tok[1], &fr))) {
                if (pre)
                    c->ct[c->disc->n_tracks - 1].pregap_cmd = fr;
                else
                    t->postgap = fr;
            }
        } else {
            size_t k;
            for (k = 0; k < G_N_ELEMENTS(text_cmds); k++)
                if (g_ascii_strcasecmp(kw, text_cmds[k].name) == 0)
                    break;
            if (k == G_N_ELEMENTS(text_cmds))
                ok = fail(c, tok[0].col, "unknown command \"%s\"", kw);
            else {
                g_autofree char *txt = rest_text(line, tok, n, 1);
                dw_cdtext_set(&c->disc->cdtext, 0, text_cmds[k].field, t ? t->number : 0, txt);
            }
        }
    }
    for (int i = 0; i < n; i++)
        g_free(tok[i].text);
    return ok;
}

/* Second pass: absolute LBAs, pregaps, lengths of sessions.  Each
 * FILE's sectors follow the previous FILE's; sectors no file stores
 * (PREGAP, POSTGAP, the gaps between sessions) shift what follows. */
static gboolean place(ctx *c, dw_file_sectors_fn file_sectors, void *user)
{
    dw_disc *d = c->disc;
    guint nf = c->files->len;
    g_autofree int64_t *base = g_new0(int64_t, nf + 1);
    g_autofree int64_t *flen = g_new0(int64_t, nf + 1);
    for (guint f = 0; f < nf; f++) {
        cue_file *cf = g_ptr_array_index(c->files, f);
        uint32_t ss = cf->first >= 0 ? d->tracks[cf->first].file.sector_size : 2352;
        int64_t len = file_sectors ? file_sectors(cf->path, ss, user) : -1;
        if (len < 0) {
            /* Unknown: the file ends at its last index point. */
            len = 0;
            for (int k = 0; k < d->n_tracks; k++)
                for (int x = 0; x <= DW_MAX_INDEX; x++)
                    if (c->ct[k].rel[x] >= 0 && c->ct[k].rel_file[x] == (int)f)
                        len = MAX(len, c->ct[k].rel[x] + (x >= 2 ? 1 : 0));
        }
        flen[f] = MIN(len, MAX_FILE_SECTORS);
        base[f + 1] = base[f] + flen[f];
    }
    int64_t shift = 0;           /* sectors not stored in any file so far */
    int last_file = 0;
    for (int i = 0; i < d->n_tracks; i++) {
        dw_track *t = &d->tracks[i];
        cue_track *ct = &c->ct[i];
        int32_t unstored = ct->pregap_cmd;
        int x0 = ct->rel[0] >= 0 ? 0 : 1;            /* first index given */
        int64_t first_pos = base[ct->rel_file[x0]] + ct->rel[x0];
        if (ct->new_session && i > 0) {
            dw_session *prev = dw_disc_session(d, d->tracks[i - 1].session);
            int64_t leadout = first_pos + shift;
            int32_t stored_pregap = ct->rel[0] >= 0 ? (int32_t)(base[ct->rel_file[1]] + ct->rel[1] - first_pos) : 0;
            int32_t lo = ct->leadout_len >= 0 ? ct->leadout_len : SESSION_LEADOUT;
            int32_t li = ct->leadin_len >= 0 ? ct->leadin_len : SESSION_LEADIN;
            int32_t pg = ct->gap_pregap >= 0 ? ct->gap_pregap : MAX(0, SESSION_PREGAP - stored_pregap);
            if (prev)
                prev->leadout = (int32_t)leadout;
            dw_session *s = dw_disc_session(d, t->session);
            if (s)
                s->leadin = (int32_t)(leadout + lo);
            shift += lo + li;
            unstored += pg;
        }
        int64_t pos0 = first_pos + shift;            /* INDEX 00 (or 01), before PREGAP is added */
        shift += unstored;
        int64_t start = base[ct->rel_file[1]] + ct->rel[1] + shift;
        c->line = ct->line;
        if (start > 100 * 60 * 75 * 4 || start < pos0)
            return fail(c, ct->col, "track %02d starts %s", t->number, start < pos0 ? "before its INDEX 00" : "beyond any disc");
        t->start = (int32_t)start;
        t->pregap = (int32_t)(start - pos0);
        t->file.pregap_stored = ct->rel[0] >= 0 && ct->rel_file[0] == ct->rel_file[1];
        t->file.offset = (int64_t)(t->file.pregap_stored ? ct->rel[0] : ct->rel[1]) * t->file.sector_size;
        for (int k = 2; k < t->n_indexes; k++) {
            if (ct->rel[k] < 0)
                return fail(c, ct->col, "track %02d: INDEX %02d missing", t->number, k);
            t->index[k] = (int32_t)(base[ct->rel_file[k]] + ct->rel[k] + shift);
        }
        shift += t->postgap;
        last_file = ct->rel_file[1];
        for (int k = 2; k < t->n_indexes; k++)
            last_file = MAX(last_file, ct->rel_file[k]);
        if (i + 1 == d->n_tracks) {
            dw_session *s = dw_disc_session(d, t->session);
            int64_t end = MAX(base[last_file] + flen[last_file], base[ct->rel_file[1]] + ct->rel[1]) + shift;
            for (int f = last_file + 1; f < (int)nf; f++)
                end += flen[f];  /* files after the last index still hold sectors */
            if (s)
                s->leadout = (int32_t)end;
        }
    }
    return TRUE;
}

dw_disc *dw_cue_parse(const char *text, size_t len, const char *name, dw_file_sectors_fn file_sectors,
                      void *user, GError **error)
{
    ctx c = { 0 };
    c.name = name ? name : "cue";
    c.error = error;
    c.disc = dw_disc_new();
    c.disc->kind = DW_DISC_CD;
    c.files = g_ptr_array_new_with_free_func(free_file);
    c.session = 1;
    c.pend_leadout = c.pend_leadin = c.pend_pregap = -1;
    c.last_index = -1;
    gboolean ok = TRUE;

    if (len >= 3 && (uint8_t)text[0] == 0xEF && (uint8_t)text[1] == 0xBB && (uint8_t)text[2] == 0xBF) {
        text += 3;
        len -= 3;
    }
    size_t pos = 0;
    while (ok && pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        c.line++;
        size_t stop = end;
        if (stop > pos && text[stop - 1] == '\r')
            stop--;
        if (memchr(text + pos, '\0', stop - pos))
            ok = fail(&c, 1, "NUL byte in the text");
        else {
            char *line = g_strndup(text + pos, stop - pos);
            ok = parse_line(&c, line);
            g_free(line);
        }
        pos = end + 1;
    }
    if (ok)
        ok = close_track(&c);
    if (ok && c.disc->n_tracks == 0) {
        c.line = MAX(c.line, 1);
        ok = fail(&c, 1, "no tracks");
    }
    if (ok)
        ok = place(&c, file_sectors, user);
    if (ok) {
        GError *e = NULL;
        if (!dw_disc_finish(c.disc, &e)) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %s", c.name, e ? e->message : "bad disc");
            g_clear_error(&e);
            ok = FALSE;
        }
    }
    g_ptr_array_free(c.files, TRUE);
    if (!ok) {
        dw_disc_free(c.disc);
        return NULL;
    }
    return c.disc;
}

typedef struct {
    char *dir;
} file_ctx;

static int64_t sectors_beside(const char *path, uint32_t sector_size, void *user)
{
    file_ctx *fc = user;
    g_autofree char *full = g_path_is_absolute(path) ? g_strdup(path) : g_build_filename(fc->dir, path, NULL);
    struct stat st;
    if (sector_size == 0 || stat(full, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    int64_t samples = dw_audiofile_samples(full);
    if (samples >= 0)
        return (samples + 587) / 588;     /* FLAC or WAV */
    return (int64_t)st.st_size / sector_size;
}

/* CDTEXTFILE "name": packs of every CD-TEXT block in a file beside the
 * sheet.  The sheet was parsed already, so the line is well formed; only
 * its first occurrence counts. */
static void load_cdtextfile(dw_disc *d, const char *text, size_t len, const char *dir)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *le = eol ? eol : end;
        const char *s = p;
        while (s < le && (*s == ' ' || *s == '\t'))
            s++;
        if (le - s > 11 && g_ascii_strncasecmp(s, "CDTEXTFILE", 10) == 0 && (s[10] == ' ' || s[10] == '\t')) {
            s += 10;
            while (s < le && (*s == ' ' || *s == '\t'))
                s++;
            const char *n0 = s, *n1;
            if (s < le && *s == '"') {
                n0 = s + 1;
                n1 = memchr(n0, '"', (size_t)(le - n0));
            } else {
                n1 = n0;
                while (n1 < le && *n1 != ' ' && *n1 != '\t' && *n1 != '\r')
                    n1++;
            }
            if (!n1 || n1 == n0)
                return;
            g_autofree char *name = g_strndup(n0, (gsize)(n1 - n0));
            g_autofree char *full = g_path_is_absolute(name) ? g_strdup(name) : g_build_filename(dir, name, NULL);
            g_autofree char *data = NULL;
            gsize n = 0;
            struct stat st;
            /* Eight blocks of 256 packs at most. */
            if (stat(full, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 8 * 256 * 18 + 5 ||
                !g_file_get_contents(full, &data, &n, NULL))
                return;
            dw_cdtext cdt;
            memset(&cdt, 0, sizeof cdt);
            if (dw_cdtext_file_parse(&cdt, (const uint8_t *)data, n, NULL) && !dw_cdtext_is_empty(&cdt)) {
                dw_cdtext_clear(&d->cdtext);
                d->cdtext = cdt;
            } else
                dw_cdtext_clear(&cdt);
            return;
        }
        p = eol ? eol + 1 : end;
    }
}

dw_disc *dw_cue_read_file(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    file_ctx fc = { g_path_get_dirname(path) };
    dw_disc *d = dw_cue_parse(text, len, path, sectors_beside, &fc, error);
    if (d)
        load_cdtextfile(d, text, len, fc.dir);
    g_free(fc.dir);
    return d;
}
