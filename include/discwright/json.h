/* json.h: the small JSON writing helpers the library and front ends
 * share (the library writes JSON; it never needs to read it). */
#ifndef DISCWRIGHT_JSON_H
#define DISCWRIGHT_JSON_H

#include <glib.h>

G_BEGIN_DECLS

/* Append s as a JSON string literal (with quotes), or null when s is
 * NULL.  Bytes that are not valid UTF-8 are replaced. */
void dw_json_append_string(GString *out, const char *s);

G_END_DECLS

#endif
