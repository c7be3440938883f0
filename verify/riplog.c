/* riplog.c: the checksum that ends a rip's BASE.log.  The last line is
 * "==== Log checksum HEX ====" where HEX is the SHA-256 (lower-case hex)
 * of every byte of the log before that line.  It proves the log was not
 * edited after the rip wrote it (anyone can recompute it: it is a seal
 * against accidents and casual edits, not a signature). */
#include "config.h"

#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

#define PREFIX "==== Log checksum "
#define SUFFIX " ===="

char *dw_riplog_checksum_line(const char *text, size_t len)
{
    g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
    return g_strdup_printf(PREFIX "%s" SUFFIX "\n", hex);
}

gboolean dw_verify_rip_log(const char *path, dw_report *r, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", path, e->message);
        g_error_free(e);
        return FALSE;
    }
    /* The checksum line is the last line. */
    size_t end = len;
    if (end && text[end - 1] == '\n')
        end--;
    size_t start = end;
    while (start && text[start - 1] != '\n')
        start--;
    const char *line = text + start;
    size_t line_len = end - start;
    size_t plen = strlen(PREFIX), slen = strlen(SUFFIX);
    if (line_len != plen + 64 + slen || memcmp(line, PREFIX, plen) != 0 ||
        memcmp(line + plen + 64, SUFFIX, slen) != 0) {
        dw_report_add(r, DW_SEV_ERROR, "log", path, 0, -1, -1, "no log checksum line at the end of the log");
        return TRUE;
    }
    g_autofree char *want = dw_riplog_checksum_line(text, start);
    if (strlen(want) == line_len + 1 && memcmp(want, line, line_len) == 0)
        dw_report_add(r, DW_SEV_OK, "log", path, 0, -1, -1, "log checksum matches (%.64s)", line + plen);
    else
        dw_report_add(r, DW_SEV_ERROR, "log", path, 0, -1, -1,
                      "log checksum does not match: the log was changed after the rip wrote it");
    return TRUE;
}
