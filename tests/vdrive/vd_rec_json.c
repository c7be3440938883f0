/* vd_rec_json.c: the recorder's medium.json, written and read back.
 *
 * The file is what a person inspecting a virtual medium wants to see:
 * the medium kind and MMC profile, its state (blank, appendable,
 * complete), capacity, next writable address and free blocks, and every
 * session and track with its addresses and state.  The reader is a small
 * strict JSON parser (objects, arrays, strings, integers, booleans, null;
 * nesting at most four deep) that fills the recorder from the keys it
 * knows and ignores the rest; every number is range-checked, every
 * length bounded.  Only the recorder writes these files, but a test or a
 * person may edit them (that is how a closed disc or an odd state is set
 * up), so nothing in them is trusted.
 */
#define _GNU_SOURCE
#include "vd_rec.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing -------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
    bool oom;
} sbuf;

static void put(sbuf *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *s, const char *fmt, ...)
{
    if (s->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(s->buf ? s->buf + s->len : NULL, s->buf ? s->cap - s->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            s->oom = true;
            return;
        }
        if (s->buf && s->len + (size_t)n < s->cap) {
            s->len += (size_t)n;
            return;
        }
        size_t cap = (s->cap ? s->cap * 2 : 4096) + (size_t)n;
        char *nb = realloc(s->buf, cap);
        if (!nb) {
            s->oom = true;
            return;
        }
        s->buf = nb;
        s->cap = cap;
    }
}

static const char *status_name(vd_status s)
{
    return s == VD_ST_BLANK ? "blank" : s == VD_ST_APPENDABLE ? "appendable" : "complete";
}

static const char *state_name(vd_track_state s)
{
    return s == VD_TR_OPEN ? "open" : s == VD_TR_CLOSED ? "complete" : "damaged";
}

char *vd_rec_json_write(const vd_rec *r)
{
    sbuf s = { 0 };
    put(&s, "{\n  \"format\": \"discwright-vdrive-medium 1\",\n");
    put(&s, "  \"medium\": \"%s\",\n  \"profile\": %d,\n", vd_rec_med_name(r->med), r->profile);
    put(&s, "  \"status\": \"%s\",\n  \"formatted\": %s,\n", status_name(r->status),
        r->formatted ? "true" : "false");
    put(&s, "  \"capacity\": %d,\n", (int)r->capacity);
    if (vd_rec_is_cd(r))
        put(&s, "  \"leadin_start\": %d,\n", (int)r->leadin_start);
    put(&s, "  \"next_writable\": %d,\n  \"free_blocks\": %d,\n", (int)vd_rec_nwa(r),
        (int)vd_rec_free_blocks(r));
    put(&s, "  \"recorded_end\": %d,\n", (int)r->recorded_end);
    put(&s, "  \"sessions\": [");
    for (int i = 0; i < r->n_sessions; i++) {
        const vd_rec_session *se = &r->sessions[i];
        put(&s, "%s\n    {\"number\": %d, \"first_track\": %d, \"last_track\": %d, \"start\": %d, "
                "\"leadout\": %d, \"closed\": %s, \"multi\": %s, \"format\": %d}",
            i ? "," : "", se->number, se->first_track, se->last_track, (int)se->start, (int)se->leadout,
            se->closed ? "true" : "false", se->multi ? "true" : "false", se->format);
    }
    put(&s, "%s],\n  \"tracks\": [", r->n_sessions ? "\n  " : "");
    for (int i = 0; i < r->n_tracks; i++) {
        const vd_rec_track *t = &r->tracks[i];
        put(&s, "%s\n    {\"number\": %d, \"session\": %d, \"start\": %d, \"pregap\": %d, \"next\": %d, "
                "\"end\": %d, \"reserved\": %d, \"size\": %d, \"state\": \"%s\", \"mode\": %d, \"control\": %d, "
                "\"tao\": %s}",
            i ? "," : "", t->number, t->session, (int)t->start, (int)t->pregap, (int)t->next, (int)t->end,
            (int)t->reserved, (int)(t->end - t->start), state_name(t->state), t->mode, t->control,
            t->tao ? "true" : "false");
    }
    put(&s, "%s]\n}\n", r->n_tracks ? "\n  " : "");
    if (s.oom) {
        free(s.buf);
        return NULL;
    }
    return s.buf;
}

/* ---- reading -------------------------------------------------------- */

typedef struct {
    const char *p, *end;
    char *err;
    size_t errlen;
    bool failed;
} parser;

static bool fail(parser *ps, const char *what)
{
    if (!ps->failed)
        snprintf(ps->err, ps->errlen, "medium.json: %s", what);
    ps->failed = true;
    return false;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static bool expect(parser *ps, char c)
{
    skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != c) {
        char msg[40];
        snprintf(msg, sizeof msg, "expected '%c'", c);
        return fail(ps, msg);
    }
    ps->p++;
    return true;
}

/* A string into out (at most outlen-1 bytes kept; escapes \" \\ \/ and
 * \uXXXX below 0x80 only). */
static bool parse_string(parser *ps, char *out, size_t outlen)
{
    if (!expect(ps, '"'))
        return false;
    size_t n = 0;
    while (ps->p < ps->end && *ps->p != '"') {
        char c = *ps->p++;
        if ((unsigned char)c < 0x20)
            return fail(ps, "control character in a string");
        if (c == '\\') {
            if (ps->p >= ps->end)
                return fail(ps, "unterminated escape");
            char e = *ps->p++;
            if (e == 'u') {
                if (ps->end - ps->p < 4)
                    return fail(ps, "short \\u escape");
                unsigned v = 0;
                for (int i = 0; i < 4; i++) {
                    char h = ps->p[i];
                    if (!isxdigit((unsigned char)h))
                        return fail(ps, "bad \\u escape");
                    v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower((unsigned char)h) - 'a' + 10));
                }
                ps->p += 4;
                c = v < 0x80 ? (char)v : '?';
            } else if (e == 'n')
                c = '\n';
            else if (e == 't')
                c = '\t';
            else if (e == '"' || e == '\\' || e == '/')
                c = e;
            else
                return fail(ps, "unknown escape");
        }
        if (n + 1 < outlen)
            out[n++] = c;
    }
    if (ps->p >= ps->end)
        return fail(ps, "unterminated string");
    ps->p++;
    if (outlen)
        out[n] = '\0';
    return true;
}

typedef enum { V_NONE, V_NUM, V_STR, V_BOOL, V_NULL, V_ARRAY, V_OBJECT } vtype;

typedef struct {
    vtype type;
    long long num;
    bool b;
    char str[64];
} scalar;

static bool parse_scalar(parser *ps, scalar *v)
{
    skip_ws(ps);
    memset(v, 0, sizeof *v);
    if (ps->p >= ps->end)
        return fail(ps, "unexpected end");
    char c = *ps->p;
    if (c == '"') {
        v->type = V_STR;
        return parse_string(ps, v->str, sizeof v->str);
    }
    if (c == '-' || isdigit((unsigned char)c)) {
        const char *s = ps->p;
        if (*s == '-')
            s++;
        if (s >= ps->end || !isdigit((unsigned char)*s))
            return fail(ps, "bad number");
        long long x = 0;
        while (s < ps->end && isdigit((unsigned char)*s)) {
            if (x > (LLONG_MAX - 9) / 10)
                return fail(ps, "number out of range");
            x = x * 10 + (*s - '0');
            s++;
        }
        if (s < ps->end && (*s == '.' || *s == 'e' || *s == 'E'))
            return fail(ps, "numbers here are integers");
        v->type = V_NUM;
        v->num = *ps->p == '-' ? -x : x;
        ps->p = s;
        return true;
    }
    static const struct { const char *w; vtype t; bool b; } words[] = {
        { "true", V_BOOL, true }, { "false", V_BOOL, false }, { "null", V_NULL, false } };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].w);
        if ((size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, words[i].w, n)) {
            ps->p += n;
            v->type = words[i].t;
            v->b = words[i].b;
            return true;
        }
    }
    return fail(ps, "unexpected character");
}

static bool skip_value(parser *ps, int depth);

static bool skip_container(parser *ps, int depth, char open, char close)
{
    if (depth > 4)
        return fail(ps, "nested too deep");
    if (!expect(ps, open))
        return false;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return true;
    }
    for (;;) {
        if (open == '{') {
            char key[64];
            if (!parse_string(ps, key, sizeof key) || !expect(ps, ':'))
                return false;
        }
        if (!skip_value(ps, depth + 1))
            return false;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        return expect(ps, close);
    }
}

static bool skip_value(parser *ps, int depth)
{
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '{')
        return skip_container(ps, depth, '{', '}');
    if (ps->p < ps->end && *ps->p == '[')
        return skip_container(ps, depth, '[', ']');
    scalar v;
    return parse_scalar(ps, &v);
}

static bool num_in(parser *ps, const scalar *v, long long lo, long long hi, int32_t *out, const char *key)
{
    if (v->type != V_NUM || v->num < lo || v->num > hi) {
        char msg[160];
        snprintf(msg, sizeof msg, "\"%.64s\" must be a number from %lld to %lld", key, lo, hi);
        return fail(ps, msg);
    }
    *out = (int32_t)v->num;
    return true;
}

static bool bool_of(parser *ps, const scalar *v, bool *out, const char *key)
{
    if (v->type != V_BOOL) {
        char msg[128];
        snprintf(msg, sizeof msg, "\"%.64s\" must be true or false", key);
        return fail(ps, msg);
    }
    *out = v->b;
    return true;
}

#define LBA_MIN (-500000)
#define LBA_MAX 0x7FFFFFF0

/* One member of a session or track object. */
static bool session_key(parser *ps, vd_rec_session *s, const char *key, const scalar *v)
{
    int32_t x;
    if (!strcmp(key, "number"))
        return num_in(ps, v, 1, VD_REC_MAX_SESSIONS, &x, key) && ((s->number = x), true);
    if (!strcmp(key, "first_track"))
        return num_in(ps, v, 0, 99, &x, key) && ((s->first_track = x), true);
    if (!strcmp(key, "last_track"))
        return num_in(ps, v, 0, 99, &x, key) && ((s->last_track = x), true);
    if (!strcmp(key, "start"))
        return num_in(ps, v, LBA_MIN, LBA_MAX, &s->start, key);
    if (!strcmp(key, "leadout"))
        return num_in(ps, v, LBA_MIN, LBA_MAX, &s->leadout, key);
    if (!strcmp(key, "closed"))
        return bool_of(ps, v, &s->closed, key);
    if (!strcmp(key, "multi"))
        return bool_of(ps, v, &s->multi, key);
    if (!strcmp(key, "format"))
        return num_in(ps, v, 0, 255, &x, key) && ((s->format = (uint8_t)x), true);
    return true;
}

static bool track_key(parser *ps, vd_rec_track *t, const char *key, const scalar *v)
{
    int32_t x;
    if (!strcmp(key, "number"))
        return num_in(ps, v, 1, 99, &x, key) && ((t->number = x), true);
    if (!strcmp(key, "session"))
        return num_in(ps, v, 1, VD_REC_MAX_SESSIONS, &x, key) && ((t->session = x), true);
    if (!strcmp(key, "start"))
        return num_in(ps, v, LBA_MIN, LBA_MAX, &t->start, key);
    if (!strcmp(key, "pregap"))
        return num_in(ps, v, 0, 450000, &t->pregap, key);
    if (!strcmp(key, "next"))
        return num_in(ps, v, LBA_MIN, LBA_MAX, &t->next, key);
    if (!strcmp(key, "end"))
        return num_in(ps, v, LBA_MIN, LBA_MAX, &t->end, key);
    if (!strcmp(key, "reserved"))
        return num_in(ps, v, 0, LBA_MAX, &t->reserved, key);
    if (!strcmp(key, "mode"))
        return num_in(ps, v, 0, 2, &x, key) && ((t->mode = x), true);
    if (!strcmp(key, "control"))
        return num_in(ps, v, 0, 15, &x, key) && ((t->control = (uint8_t)x), true);
    if (!strcmp(key, "tao"))
        return bool_of(ps, v, &t->tao, key);
    if (!strcmp(key, "state")) {
        if (v->type != V_STR)
            return fail(ps, "\"state\" must be a string");
        if (!strcmp(v->str, "open"))
            t->state = VD_TR_OPEN;
        else if (!strcmp(v->str, "complete"))
            t->state = VD_TR_CLOSED;
        else if (!strcmp(v->str, "damaged"))
            t->state = VD_TR_DAMAGED;
        else
            return fail(ps, "\"state\" must be open, complete or damaged");
        return true;
    }
    return true;
}

/* An array of flat objects: sessions (is_track false) or tracks. */
static bool parse_items(parser *ps, vd_rec *r, bool is_track)
{
    if (!expect(ps, '['))
        return false;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return true;
    }
    for (;;) {
        int *count = is_track ? &r->n_tracks : &r->n_sessions;
        int max = is_track ? VD_REC_MAX_TRACKS : VD_REC_MAX_SESSIONS;
        if (*count >= max)
            return fail(ps, is_track ? "too many tracks" : "too many sessions");
        vd_rec_track *t = &r->tracks[r->n_tracks];
        vd_rec_session *s = &r->sessions[r->n_sessions];
        if (is_track)
            memset(t, 0, sizeof *t);
        else
            memset(s, 0, sizeof *s);
        if (!expect(ps, '{'))
            return false;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == '}')
            ps->p++;
        else
            for (;;) {
                char key[64];
                if (!parse_string(ps, key, sizeof key) || !expect(ps, ':'))
                    return false;
                skip_ws(ps);
                if (ps->p < ps->end && (*ps->p == '{' || *ps->p == '[')) {
                    if (!skip_value(ps, 3))
                        return false;
                } else {
                    scalar v;
                    if (!parse_scalar(ps, &v))
                        return false;
                    if (!(is_track ? track_key(ps, t, key, &v) : session_key(ps, s, key, &v)))
                        return false;
                }
                skip_ws(ps);
                if (ps->p < ps->end && *ps->p == ',') {
                    ps->p++;
                    continue;
                }
                if (!expect(ps, '}'))
                    return false;
                break;
            }
        (*count)++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        return expect(ps, ']');
    }
}

static bool top_key(parser *ps, vd_rec *r, const char *key, const scalar *v)
{
    if (!strcmp(key, "medium")) {
        if (v->type != V_STR)
            return fail(ps, "\"medium\" must be a string");
        for (int m = 0; m < VD_MED_COUNT; m++)
            if (!strcmp(v->str, vd_rec_med_name((vd_med)m))) {
                r->med = (vd_med)m;
                return true;
            }
        return fail(ps, "unknown \"medium\"");
    }
    if (!strcmp(key, "status")) {
        if (v->type != V_STR)
            return fail(ps, "\"status\" must be a string");
        if (!strcmp(v->str, "blank"))
            r->status = VD_ST_BLANK;
        else if (!strcmp(v->str, "appendable"))
            r->status = VD_ST_APPENDABLE;
        else if (!strcmp(v->str, "complete"))
            r->status = VD_ST_COMPLETE;
        else
            return fail(ps, "\"status\" must be blank, appendable or complete");
        return true;
    }
    if (!strcmp(key, "profile"))
        return num_in(ps, v, 0, 0xFFFF, &r->profile, key);
    if (!strcmp(key, "formatted"))
        return bool_of(ps, v, &r->formatted, key);
    if (!strcmp(key, "capacity"))
        return num_in(ps, v, 300, LBA_MAX, &r->capacity, key);
    if (!strcmp(key, "leadin_start"))
        return num_in(ps, v, -45000, -151, &r->leadin_start, key);
    if (!strcmp(key, "recorded_end"))
        return num_in(ps, v, 0, LBA_MAX, &r->recorded_end, key);
    return true;                 /* derived or unknown: ignored */
}

bool vd_rec_json_parse(vd_rec *r, const char *text, size_t len, char *err, size_t errlen)
{
    parser ps = { .p = text, .end = text + len, .err = err, .errlen = errlen };
    r->n_sessions = r->n_tracks = 0;
    if (!expect(&ps, '{'))
        return false;
    skip_ws(&ps);
    if (ps.p < ps.end && *ps.p == '}')
        ps.p++;
    else
        for (;;) {
            char key[64];
            if (!parse_string(&ps, key, sizeof key) || !expect(&ps, ':'))
                return false;
            skip_ws(&ps);
            bool ok;
            if (!strcmp(key, "sessions") || !strcmp(key, "tracks"))
                ok = parse_items(&ps, r, key[0] == 't');
            else if (ps.p < ps.end && (*ps.p == '{' || *ps.p == '['))
                ok = skip_value(&ps, 1);
            else {
                scalar v;
                ok = parse_scalar(&ps, &v) && top_key(&ps, r, key, &v);
            }
            if (!ok)
                return false;
            skip_ws(&ps);
            if (ps.p < ps.end && *ps.p == ',') {
                ps.p++;
                continue;
            }
            if (!expect(&ps, '}'))
                return false;
            break;
        }
    skip_ws(&ps);
    if (ps.p != ps.end)
        return fail(&ps, "text after the object");
    if (r->capacity == 0)
        r->capacity = vd_rec_default_capacity(r->med);   /* not given: a new medium's */
    if (r->leadin_start == 0)
        r->leadin_start = VD_REC_CD_LEADIN_START;
    /* Consistency: sessions numbered 1.., tracks numbered in order, each
     * in an existing session, addresses in order. */
    for (int i = 0; i < r->n_sessions; i++)
        if (r->sessions[i].number != i + 1)
            return fail(&ps, "sessions must be numbered 1, 2, ... in order");
    for (int i = 0; i < r->n_tracks; i++) {
        const vd_rec_track *t = &r->tracks[i];
        if (t->number < 1 || t->number != (i ? r->tracks[i - 1].number + 1 : t->number) || t->session < 1 ||
            t->session > r->n_sessions || (i && t->session < r->tracks[i - 1].session))
            return fail(&ps, "tracks must be numbered in order, each in one of the sessions");
        if (t->end < t->start || t->next < t->start || t->next > t->end ||
            (i && t->start - t->pregap < r->tracks[i - 1].end))
            return fail(&ps, "track addresses out of order");
    }
    return true;
}
