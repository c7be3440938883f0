/* parse_error.c: "NAME:LINE:COL: message" parse errors (parse_error.h). */
#include "config.h"

#include "discwright/error.h"
#include "disc/parse_error.h"

gboolean dw_parse_error_valist(GError **error, const char *name, int line, int col, const char *fmt,
                               va_list ap)
{
    if (error && *error)
        return FALSE; /* the first problem found is the one reported */
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s:%d:%d: %s", name, line, col, msg);
    return FALSE;
}
