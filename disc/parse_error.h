/* parse_error.h: the one way the text parsers of disc/ (cue, ccd, toc,
 * mapfile) report bad input: DW_ERROR_PARSE with "NAME:LINE:COL: what".
 * Library-internal. */
#ifndef DW_DISC_PARSE_ERROR_H
#define DW_DISC_PARSE_ERROR_H

#include <glib.h>
#include <stdarg.h>

/* Set *error (unless it is already set) and return FALSE. */
gboolean dw_parse_error_valist(GError **error, const char *name, int line, int col, const char *fmt,
                               va_list ap) G_GNUC_PRINTF(5, 0);

#endif
