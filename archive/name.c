/* name.c: the folder name of an archived disc, from the --name template.
 * The template's own text may hold '/' for subfolders but no absolute
 * path and no "." or ".." component; each field's value is made safe for
 * one file name component (path separators, control characters and the
 * characters other systems reserve become '_', leading dots and
 * surrounding blanks go, at most NAME_MAX_VALUE bytes, cut on a UTF-8
 * boundary), so a label on a disc can never reach outside the library. */
#include "config.h"

#include <string.h>

#include "discwright/archive.h"
#include "discwright/error.h"

#define NAME_MAX_VALUE 100

static const char *const fields[] = { "label", "title", "performer", "cddb", "mbid", "kind",
                                      "drive", "fingerprint", "date", "n" };

static gboolean bad(GError **error, const char *tmpl, const char *what)
{
    g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--name \"%s\": %s", tmpl, what);
    return FALSE;
}

/* A value as one safe name component (newly allocated). */
static char *safe(const char *v)
{
    if (!v || !*v)
        return g_strdup("unknown");
    g_autofree char *u = g_utf8_make_valid(v, -1);
    GString *s = g_string_new(NULL);
    for (const char *p = u; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || strchr("/\\:*?\"<>|", (int)(c < 0x80 ? c : 'a')))
            g_string_append_c(s, '_');
        else
            g_string_append_unichar(s, c);
    }
    /* No leading dots (".", "..", hidden files) and no blanks at the ends. */
    char *t = s->str;
    while (*t == '.' || *t == ' ')
        t++;
    g_autofree char *trimmed = g_strstrip(g_strdup(t));
    g_string_free(s, TRUE);
    size_t n = strlen(trimmed);
    if (n > NAME_MAX_VALUE) {
        const char *end = trimmed + NAME_MAX_VALUE;
        while (end > trimmed && ((unsigned char)*end & 0xC0) == 0x80)
            end--;
        trimmed[end - trimmed] = '\0';
        g_strchomp(trimmed);
    }
    return g_strdup(*trimmed ? trimmed : "unknown");
}

static char *value_of(const char *field, const dw_archive_name_fields *f)
{
    if (!strcmp(field, "n"))
        return g_strdup_printf("%04" G_GINT64_FORMAT, f ? f->n : 0);
    if (!strcmp(field, "date")) {
        g_autoptr(GDateTime) dt =
            f && f->time > 0 ? g_date_time_new_from_unix_local(f->time) : g_date_time_new_now_local();
        return dt ? g_date_time_format(dt, "%Y-%m-%d") : g_strdup("unknown");
    }
    if (!f)
        return safe(NULL);
    if (!strcmp(field, "fingerprint")) {
        g_autofree char *fp = g_strndup(f->fingerprint ? f->fingerprint : "", 12);
        return safe(fp);
    }
    const char *v = !strcmp(field, "label")       ? (f->label ? f->label : f->title)
                    : !strcmp(field, "title")     ? f->title
                    : !strcmp(field, "performer") ? f->performer
                    : !strcmp(field, "cddb")      ? f->cddb
                    : !strcmp(field, "mbid")      ? f->mbid
                    : !strcmp(field, "kind")      ? f->kind
                                                  : f->drive;
    return safe(v);
}

static char *expand(const char *tmpl, const dw_archive_name_fields *f, GError **error)
{
    if (!tmpl || !*tmpl) {
        bad(error, tmpl ? tmpl : "", "empty");
        return NULL;
    }
    if (!g_utf8_validate(tmpl, -1, NULL)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--name: the template is not valid UTF-8");
        return NULL;
    }
    for (const char *p = tmpl; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F) {
            bad(error, tmpl, "control characters are not allowed");
            return NULL;
        }
    if (tmpl[0] == '/') {
        bad(error, tmpl, "must be relative to the library");
        return NULL;
    }
    GString *out = g_string_new(NULL);
    for (const char *p = tmpl; *p;) {
        if (*p == '}') {
            g_string_free(out, TRUE);
            bad(error, tmpl, "a '}' without '{'");
            return NULL;
        }
        if (*p != '{') {
            g_string_append_c(out, *p++);
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            g_string_free(out, TRUE);
            bad(error, tmpl, "a '{' without '}'");
            return NULL;
        }
        g_autofree char *name = g_strndup(p + 1, (gsize)(close - p - 1));
        gboolean known = FALSE;
        for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
            known |= !strcmp(name, fields[i]);
        if (!known) {
            g_autofree char *m = g_strdup_printf("unknown field {%s} (known: {label} {title} {performer} {cddb} "
                                                 "{mbid} {kind} {drive} {fingerprint} {date} {n})",
                                                 name);
            g_string_free(out, TRUE);
            bad(error, tmpl, m);
            return NULL;
        }
        g_autofree char *v = value_of(name, f);
        g_string_append(out, v);
        p = close + 1;
    }
    /* Components: none empty, none "." or "..", no blanks at the ends. */
    g_auto(GStrv) parts = g_strsplit(out->str, "/", -1);
    g_string_free(out, TRUE);
    GString *res = g_string_new(NULL);
    for (int i = 0; parts[i]; i++) {
        char *c = g_strstrip(parts[i]);
        if (!*c || !strcmp(c, ".") || !strcmp(c, "..")) {
            g_string_free(res, TRUE);
            bad(error, tmpl, "empty, \".\" or \"..\" folder names are not allowed");
            return NULL;
        }
        g_string_append_printf(res, "%s%s", i ? "/" : "", c);
    }
    if (g_utf8_strlen(res->str, -1) > 1000) {
        g_string_free(res, TRUE);
        bad(error, tmpl, "the name is too long");
        return NULL;
    }
    return g_string_free(res, FALSE);
}

char *dw_archive_expand_name(const char *tmpl, const dw_archive_name_fields *f, GError **error)
{
    return expand(tmpl, f, error);
}

gboolean dw_archive_check_template(const char *tmpl, GError **error)
{
    dw_archive_name_fields f = { .label = "x", .n = 1, .time = 1 };
    g_autofree char *s = expand(tmpl, &f, error);
    return s != NULL;
}
