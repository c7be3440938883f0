/* report.c: the verify report (findings with severity and location,
 * named statistics) and its JSON form, plus the LBA range lists the
 * checks use to say compactly where problems are. */
#include "config.h"

#include <stdarg.h>

#include "discwright/json.h"
#include "discwright/verify.h"

struct dw_report {
    GPtrArray *findings;         /* of dw_finding* */
    GArray *stat_names;          /* char* (owned) */
    GArray *stat_values;         /* int64_t */
};

static void finding_free(gpointer p)
{
    dw_finding *f = p;
    g_free(f->check);
    g_free(f->path);
    g_free(f->message);
    g_free(f);
}

dw_report *dw_report_new(void)
{
    dw_report *r = g_new0(dw_report, 1);
    r->findings = g_ptr_array_new_with_free_func(finding_free);
    r->stat_names = g_array_new(FALSE, FALSE, sizeof(char *));
    r->stat_values = g_array_new(FALSE, FALSE, sizeof(int64_t));
    return r;
}

void dw_report_free(dw_report *r)
{
    if (!r)
        return;
    g_ptr_array_free(r->findings, TRUE);
    for (guint i = 0; i < r->stat_names->len; i++)
        g_free(g_array_index(r->stat_names, char *, i));
    g_array_free(r->stat_names, TRUE);
    g_array_free(r->stat_values, TRUE);
    g_free(r);
}

void dw_report_add(dw_report *r, dw_severity sev, const char *check, const char *path, int track,
                   int64_t first, int64_t last, const char *fmt, ...)
{
    dw_finding *f = g_new0(dw_finding, 1);
    f->severity = sev;
    f->check = g_strdup(check ? check : "verify");
    f->path = g_strdup(path);
    f->track = track;
    f->first = first;
    f->last = first < 0 ? -1 : (last < first ? first : last);
    va_list ap;
    va_start(ap, fmt);
    f->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(r->findings, f);
}

size_t dw_report_count(const dw_report *r)
{
    return r->findings->len;
}

const dw_finding *dw_report_get(const dw_report *r, size_t i)
{
    return i < r->findings->len ? g_ptr_array_index(r->findings, i) : NULL;
}

size_t dw_report_count_sev(const dw_report *r, dw_severity sev, const char *check)
{
    size_t n = 0;
    for (guint i = 0; i < r->findings->len; i++) {
        const dw_finding *f = g_ptr_array_index(r->findings, i);
        if (f->severity == sev && (!check || g_strcmp0(f->check, check) == 0))
            n++;
    }
    return n;
}

void dw_report_set_stat(dw_report *r, const char *name, int64_t value)
{
    for (guint i = 0; i < r->stat_names->len; i++)
        if (g_strcmp0(g_array_index(r->stat_names, char *, i), name) == 0) {
            g_array_index(r->stat_values, int64_t, i) = value;
            return;
        }
    char *n = g_strdup(name);
    g_array_append_val(r->stat_names, n);
    g_array_append_val(r->stat_values, value);
}

gboolean dw_report_get_stat(const dw_report *r, const char *name, int64_t *value)
{
    for (guint i = 0; i < r->stat_names->len; i++)
        if (g_strcmp0(g_array_index(r->stat_names, char *, i), name) == 0) {
            if (value)
                *value = g_array_index(r->stat_values, int64_t, i);
            return TRUE;
        }
    return FALSE;
}

dw_severity dw_report_worst(const dw_report *r)
{
    dw_severity w = DW_SEV_OK;
    for (guint i = 0; i < r->findings->len; i++) {
        const dw_finding *f = g_ptr_array_index(r->findings, i);
        if (f->severity > w)
            w = f->severity;
    }
    return w;
}

const char *dw_severity_name(dw_severity sev)
{
    static const char *names[] = { "ok", "info", "warning", "error", "unreadable" };
    return (unsigned)sev < G_N_ELEMENTS(names) ? names[sev] : "error";
}

char *dw_report_to_json(const dw_report *r)
{
    GString *s = g_string_new("{\"worst\":");
    dw_json_append_string(s, dw_severity_name(dw_report_worst(r)));
    g_string_append(s, ",\"stats\":{");
    for (guint i = 0; i < r->stat_names->len; i++) {
        if (i)
            g_string_append_c(s, ',');
        dw_json_append_string(s, g_array_index(r->stat_names, char *, i));
        g_string_append_printf(s, ":%" G_GINT64_FORMAT, g_array_index(r->stat_values, int64_t, i));
    }
    g_string_append(s, "},\"findings\":[");
    for (guint i = 0; i < r->findings->len; i++) {
        const dw_finding *f = g_ptr_array_index(r->findings, i);
        g_string_append(s, i ? ",{\"severity\":" : "{\"severity\":");
        dw_json_append_string(s, dw_severity_name(f->severity));
        g_string_append(s, ",\"check\":");
        dw_json_append_string(s, f->check);
        g_string_append(s, ",\"path\":");
        dw_json_append_string(s, f->path);
        g_string_append_printf(s, ",\"track\":%d", f->track);
        if (f->first >= 0)
            g_string_append_printf(s, ",\"first\":%" G_GINT64_FORMAT ",\"last\":%" G_GINT64_FORMAT,
                                   f->first, f->last);
        else
            g_string_append(s, ",\"first\":null,\"last\":null");
        g_string_append(s, ",\"message\":");
        dw_json_append_string(s, f->message);
        g_string_append_c(s, '}');
    }
    g_string_append(s, "]}");
    return g_string_free(s, FALSE);
}

/* ---- range lists --------------------------------------------------- */
void dw_range_list_init(dw_range_list *l)
{
    l->ranges = g_array_new(FALSE, FALSE, sizeof(dw_range));
    l->count = 0;
}

void dw_range_list_clear(dw_range_list *l)
{
    if (l->ranges)
        g_array_free(l->ranges, TRUE);
    l->ranges = NULL;
    l->count = 0;
}

void dw_range_list_add(dw_range_list *l, int64_t pos)
{
    l->count++;
    if (l->ranges->len) {
        dw_range *last = &g_array_index(l->ranges, dw_range, l->ranges->len - 1);
        if (pos >= last->first && pos <= last->last)
            return;
        if (pos == last->last + 1) {
            last->last = pos;
            return;
        }
    }
    dw_range nr = { pos, pos };
    g_array_append_val(l->ranges, nr);
}

char *dw_range_list_text(const dw_range_list *l, size_t max)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < l->ranges->len; i++) {
        if (i >= max) {
            g_string_append_printf(s, ", ... (%u ranges in all)", l->ranges->len);
            break;
        }
        const dw_range *g = &g_array_index(l->ranges, dw_range, i);
        if (i)
            g_string_append(s, ", ");
        if (g->first == g->last)
            g_string_append_printf(s, "%" G_GINT64_FORMAT, g->first);
        else
            g_string_append_printf(s, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, g->first, g->last);
    }
    return g_string_free(s, FALSE);
}
