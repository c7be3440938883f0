/* driveoffsets.c: AccurateRip's list of drive read offsets
 * (accuraterip.com/accuraterip/DriveOffsets.bin), as open readers such
 * as the cdtoc crate describe it: records of 69 bytes, each the offset
 * correction as a little-endian int16 (AccurateRip's sign), 32 bytes
 * naming the drive as "VENDOR - MODEL" (vendor padded to 8 characters,
 * blank or NUL padded; some entries have no vendor and start "- "), and
 * 35 bytes of submission statistics, of which bytes 35..38 hold the
 * submission count (le32).  A file that is not a whole number of records,
 * a name that is not printable ASCII, or an offset beyond what
 * AccurateRip's checksum tolerates (+-2940 samples) is a parse error. */
#include "config.h"

#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"

#define RECORD 69
#define NAME_AT 2
#define NAME_LEN 32

static void trim_copy(char *dst, size_t cap, const char *src, size_t len)
{
    while (len && (src[0] == ' ' || src[0] == '\0')) {
        src++;
        len--;
    }
    while (len && (src[len - 1] == ' ' || src[len - 1] == '\0'))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

dw_drive_offset *dw_drive_offsets_parse(const uint8_t *data, size_t len, const char *name, size_t *n,
                                        GError **error)
{
    *n = 0;
    if (len == 0 || len % RECORD != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: %zu bytes is not a whole number of %d-byte records",
                    name, len, RECORD);
        return NULL;
    }
    size_t count = len / RECORD;
    dw_drive_offset *out = g_new0(dw_drive_offset, count);
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *r = data + i * RECORD;
        int16_t off = (int16_t)(uint16_t)(r[0] | r[1] << 8);
        char text[NAME_LEN + 1];
        size_t tl = 0;
        for (; tl < NAME_LEN && r[NAME_AT + tl]; tl++) {
            uint8_t ch = r[NAME_AT + tl];
            if (ch < 0x20 || ch > 0x7E) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: record %zu (byte %zu): the drive name is not text",
                            name, i, i * RECORD + NAME_AT + tl);
                g_free(out);
                return NULL;
            }
            text[tl] = (char)ch;
        }
        text[tl] = '\0';
        if (off < -2940 || off > 2940) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: record %zu: offset %d is out of range", name, i, off);
            g_free(out);
            return NULL;
        }
        /* Split "VENDOR - MODEL" at the first " - " (or a leading "- "). */
        const char *model = NULL;
        size_t vlen = 0;
        if (strncmp(text, "- ", 2) == 0)
            model = text + 2;
        else {
            const char *sep = strstr(text, " - ");
            if (sep) {
                vlen = (size_t)(sep - text);
                model = sep + 3;
            } else
                model = text;            /* no separator: all model */
        }
        dw_drive_offset *d = &out[k];
        trim_copy(d->vendor, sizeof d->vendor, text, vlen);
        trim_copy(d->model, sizeof d->model, model, strlen(model));
        if (!d->model[0])
            continue;                    /* nothing to match a drive by */
        d->offset = off;
        d->submissions = (uint32_t)r[35] | (uint32_t)r[36] << 8 | (uint32_t)r[37] << 16 | (uint32_t)r[38] << 24;
        k++;
    }
    if (!k) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: no drive in the list", name);
        g_free(out);
        return NULL;
    }
    *n = k;
    return out;
}

/* Compare after trimming blanks at both ends, case ignored, runs of
 * blanks inside taken as one. */
static bool same_name(const char *a, const char *b)
{
    while (*a == ' ')
        a++;
    while (*b == ' ')
        b++;
    for (;;) {
        if (*a == ' ' && *b == ' ') {
            while (*a == ' ')
                a++;
            while (*b == ' ')
                b++;
            if (!*a || !*b)
                return !*a && !*b;
            continue;
        }
        if (!*a || !*b) {
            while (*a == ' ')
                a++;
            while (*b == ' ')
                b++;
            return !*a && !*b;
        }
        if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
            return false;
        a++;
        b++;
    }
}

const dw_drive_offset *dw_drive_offsets_find(const dw_drive_offset *list, size_t n, const char *vendor,
                                             const char *model)
{
    const dw_drive_offset *loose = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!same_name(list[i].model, model ? model : ""))
            continue;
        if (same_name(list[i].vendor, vendor ? vendor : ""))
            return &list[i];
        if (!list[i].vendor[0] && !loose)
            loose = &list[i];            /* an entry without vendor */
    }
    return loose;
}
