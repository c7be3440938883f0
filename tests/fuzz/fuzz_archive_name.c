/* fuzz_archive_name.c: the archive's folder names (archive/name.c).  The
 * input is split at NUL bytes into a template and the field values (a
 * label, title, performer, ids read from a hostile disc).  A name that
 * expands must stay inside the library: relative, no empty, "." or ".."
 * component, no control characters, valid UTF-8. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/archive.h"
#include "discwright/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = g_malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    const char *part[8] = { 0 };
    int n = 0;
    for (size_t i = 0; i <= size && n < 8;) {
        part[n++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    dw_archive_name_fields f = { .label = part[1], .title = part[2], .performer = part[3], .cddb = part[4],
                                 .mbid = part[5], .kind = part[6], .drive = part[7], .fingerprint = part[1],
                                 .n = (int64_t)size, .time = 1700000000 };
    GError *e = NULL;
    char *name = dw_archive_expand_name(part[0], &f, &e);
    if (!name) {
        if (!e || e->domain != DW_ERROR || e->code != DW_ERROR_USAGE)
            abort();
        g_error_free(e);
    } else {
        if (!*name || name[0] == '/' || !g_utf8_validate(name, -1, NULL))
            abort();
        char **comp = g_strsplit(name, "/", -1);
        for (int i = 0; comp[i]; i++)
            if (!*comp[i] || !strcmp(comp[i], ".") || !strcmp(comp[i], ".."))
                abort();
        g_strfreev(comp);
        for (const char *p = name; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F)
                abort();
        g_free(name);
    }
    g_free(copy);
    return 0;
}
