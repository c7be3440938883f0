/* boot_opts.c: El Torito and hybrid-disk options shared by `author` and
 * `mkisofs`: boot entries added in command-line order (options such as
 * --boot-load-size apply to the entry given last), appended partitions
 * (NUMBER TYPE FILE, TYPE as 0xNN, a name or a GPT type GUID), and
 * xorriso's "--interval:appended_partition_N:all::" boot image name,
 * and its interval reader ("--interval:local_fs:START-END:ZEROIZERS:FILE")
 * for system area templates and appended partitions. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_author.h"

void dw_cli_boot_init(dw_cli_boot *b)
{
    if (b->entries)
        return;
    b->entries = g_array_new(FALSE, TRUE, sizeof(dw_author_boot));
    b->parts = g_array_new(FALSE, TRUE, sizeof(dw_author_partition));
    b->strs = g_ptr_array_new_with_free_func(g_free);
}

void dw_cli_boot_clear(dw_cli_boot *b)
{
    if (!b->entries)
        return;
    g_array_unref(b->entries);
    g_array_unref(b->parts);
    g_ptr_array_unref(b->strs);
    memset(b, 0, sizeof *b);
}

static int appended_number(const char *image)
{
    const char *rest = NULL;
    if (g_str_has_prefix(image, "--interval:appended_partition_"))
        rest = image + strlen("--interval:appended_partition_");
    else if (g_str_has_prefix(image, "appended:"))
        rest = image + strlen("appended:");
    if (!rest)
        return 0;
    if (rest[0] < '1' || rest[0] > '4')
        return -1;
    if (rest[1] && !(rest[1] == ':' || g_str_has_prefix(rest + 1, "_start")))
        return -1;
    return rest[0] - '0';
}

dw_author_boot *dw_cli_boot_add(dw_cli_boot *b, const char *image, guint8 platform, dw_boot_emul emul,
                                GError **error)
{
    dw_cli_boot_init(b);
    dw_author_boot e = { .platform = platform, .emul = emul };
    int n = appended_number(image);
    if (n < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: expected --interval:appended_partition_N:all:: or "
                    "appended:N with N from 1 to 4", image);
        return NULL;
    }
    if (n > 0) {
        e.appended_part = n;
    } else {
        char *s = g_strdup(image);
        g_ptr_array_add(b->strs, s);
        e.image = s;
    }
    g_array_append_val(b->entries, e);
    return &g_array_index(b->entries, dw_author_boot, b->entries->len - 1);
}

dw_author_boot *dw_cli_boot_last(dw_cli_boot *b, const char *option, GError **error)
{
    if (!b->entries || !b->entries->len) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s applies to a boot image given before it", option);
        return NULL;
    }
    return &g_array_index(b->entries, dw_author_boot, b->entries->len - 1);
}

gboolean dw_cli_parse_guid(const char *t, guint8 out[16])
{
    size_t n = strlen(t);
    guint8 b[16];
    if (n == 32) {
        /* plain hex: the bytes as they lie on disk */
        for (int i = 0; i < 16; i++) {
            int hi = g_ascii_xdigit_value(t[2 * i]), lo = g_ascii_xdigit_value(t[2 * i + 1]);
            if (hi < 0 || lo < 0)
                return FALSE;
            out[i] = (guint8)(hi << 4 | lo);
        }
        return TRUE;
    }
    if (n != 36 || t[8] != '-' || t[13] != '-' || t[18] != '-' || t[23] != '-')
        return FALSE;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '-')
            continue;
        int hi = g_ascii_xdigit_value(t[i]), lo = i + 1 < n ? g_ascii_xdigit_value(t[i + 1]) : -1;
        if (hi < 0 || lo < 0 || k >= 16)
            return FALSE;
        b[k++] = (guint8)(hi << 4 | lo);
        i++;
    }
    if (k != 16)
        return FALSE;
    /* RFC 4122 text: the first three fields are stored little-endian. */
    static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    for (int i = 0; i < 16; i++)
        out[i] = b[order[i]];
    return TRUE;
}

static const guint8 ESP_GUID[16] = { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
                                     0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b };

gboolean dw_cli_parse_part_type(const char *t, guint8 *type, gboolean *guid_set, guint8 guid[16])
{
    static const struct {
        const char *name;
        guint8 type;
    } names[] = { { "FAT12", 0x01 }, { "FAT16", 0x06 }, { "FAT32", 0x0C }, { "Linux", 0x83 }, { "EFI", 0xEF } };
    *guid_set = FALSE;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_ascii_strcasecmp(t, names[i].name) == 0) {
            *type = names[i].type;
            return TRUE;
        }
    if (dw_cli_parse_guid(t, guid)) {
        /* As xorriso: in MBR the ESP GUID becomes 0xEF, any other 0x83. */
        *guid_set = TRUE;
        *type = memcmp(guid, ESP_GUID, 16) == 0 ? 0xEF : 0x83;
        return TRUE;
    }
    char *end = NULL;
    unsigned long v = strtoul(t, &end, g_str_has_prefix(t, "0x") || g_str_has_prefix(t, "0X") ? 16 : 10);
    if (!end || end == t || *end || v == 0 || v > 255)
        return FALSE;
    *type = (guint8)v;
    return TRUE;
}

gboolean dw_cli_boot_add_partition(dw_cli_boot *b, const char *num, const char *type, const char *file,
                                   GError **error)
{
    dw_cli_boot_init(b);
    dw_author_partition pt = { 0 };
    if (strlen(num) != 1 || num[0] < '1' || num[0] > '4') {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition number %s: expected 1 to 4", num);
        return FALSE;
    }
    pt.number = num[0] - '0';
    if (!dw_cli_parse_part_type(type, &pt.type, &pt.type_guid_set, pt.type_guid)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %s: type %s: expected 0x01 to 0xff, "
                    "FAT12, FAT16, FAT32, Linux, EFI or a GPT type GUID", num, type);
        return FALSE;
    }
    char *s = NULL;
    if (g_str_has_prefix(file, "--interval:")) {
        dw_cli_interval iv;
        if (!dw_cli_interval_parse(file, &iv, error))
            return FALSE;
        if (iv.zero_mbrpt || iv.zero_gpt || iv.zero_apm || iv.n_zero) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %s: %s: zeroizers are not supported for "
                        "appended partitions", num, file);
            dw_cli_interval_clear(&iv);
            return FALSE;
        }
        s = iv.path;
        iv.path = NULL;
        pt.offset = iv.start;
        pt.length = iv.all ? 0 : iv.end - iv.start + 1;
        dw_cli_interval_clear(&iv);
    } else {
        s = g_strdup(file);
    }
    g_ptr_array_add(b->strs, s);
    pt.source = s;
    g_array_append_val(b->parts, pt);
    return TRUE;
}

/* A byte address of the interval reader: digits and an optional unit
 * (k m g t = 1024^n, s = 2048, d = 512).  As the end of an interval a
 * scaled number means the last byte of that unit. */
static gboolean interval_number(const char *s, size_t n, gboolean end, uint64_t *out)
{
    if (n == 0)
        return FALSE;
    uint64_t unit = 1;
    char u = s[n - 1];
    switch (u) {
    case 'k': unit = 1024; break;
    case 'm': unit = 1024 * 1024; break;
    case 'g': unit = 1024ull * 1024 * 1024; break;
    case 't': unit = 1024ull * 1024 * 1024 * 1024; break;
    case 's': unit = 2048; break;
    case 'd': unit = 512; break;
    default: break;
    }
    if (unit != 1)
        n--;
    if (n == 0 || n > 15)
        return FALSE;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return FALSE;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT64_MAX / unit / 2)
        return FALSE;
    *out = end && unit != 1 ? (v + 1) * unit - 1 : v * unit;
    return TRUE;
}

void dw_cli_interval_clear(dw_cli_interval *iv)
{
    g_free(iv->path);
    iv->path = NULL;
}

gboolean dw_cli_interval_parse(const char *spec, dw_cli_interval *iv, GError **error)
{
    memset(iv, 0, sizeof *iv);
    /* --interval:FLAGS:INTERVAL:ZEROIZERS:SOURCE (SOURCE may hold ':') */
    char **f = g_strsplit(spec, ":", 5);
    gboolean ok = g_strv_length(f) == 5 && strcmp(f[0], "--interval") == 0;
    if (!ok) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: expected --interval:local_fs:START-END:ZEROIZERS:FILE", spec);
    } else if (strcmp(f[1], "local_fs") != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: only local_fs intervals are read here (%s needs xorriso's "
                    "loaded image)", spec, f[1]);
        ok = FALSE;
    }
    if (ok) {
        const char *dash = strchr(f[2], '-');
        if (strcmp(f[2], "all") == 0) {
            iv->all = TRUE;
        } else if (!dash || !interval_number(f[2], (size_t)(dash - f[2]), FALSE, &iv->start) ||
                   !interval_number(dash + 1, strlen(dash + 1), TRUE, &iv->end) || iv->end < iv->start) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: interval %s: expected START-END (bytes, or with a unit "
                        "k m g t s d), or all", spec, f[2]);
            ok = FALSE;
        }
    }
    if (ok && *f[3]) {
        char **z = g_strsplit(f[3], ",", -1);
        for (int i = 0; ok && z[i]; i++) {
            const char *dash = strchr(z[i], '-');
            if (strcmp(z[i], "zero_mbrpt") == 0) {
                iv->zero_mbrpt = TRUE;
            } else if (strcmp(z[i], "zero_gpt") == 0) {
                iv->zero_gpt = TRUE;
            } else if (strcmp(z[i], "zero_apm") == 0) {
                iv->zero_apm = TRUE;
            } else if (dash && iv->n_zero < G_N_ELEMENTS(iv->zero) &&
                       interval_number(z[i], (size_t)(dash - z[i]), FALSE, &iv->zero[iv->n_zero][0]) &&
                       interval_number(dash + 1, strlen(dash + 1), TRUE, &iv->zero[iv->n_zero][1])) {
                iv->n_zero++;
            } else {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: zeroizer %s: expected zero_mbrpt, zero_gpt, "
                            "zero_apm or START-END (at most 8 ranges)", spec, z[i]);
                ok = FALSE;
            }
        }
        g_strfreev(z);
    }
    if (ok && !*f[4]) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: no file given", spec);
        ok = FALSE;
    }
    if (ok)
        iv->path = g_strdup(f[4]);
    g_strfreev(f);
    return ok;
}

void dw_cli_interval_zero(const dw_cli_interval *iv, guint8 *buf, size_t n)
{
    /* A partition table of the source is not ours to keep. */
    if (iv->zero_mbrpt && n >= 512 && buf[510] == 0x55 && buf[511] == 0xAA)
        memset(buf + 446, 0, 64);
    if (iv->zero_gpt && n >= 1024 && memcmp(buf + 512, "EFI PART", 8) == 0) {
        uint64_t ent = (uint64_t)buf[584] | (uint64_t)buf[585] << 8 | (uint64_t)buf[586] << 16 |
                       (uint64_t)buf[587] << 24;
        uint64_t cnt = (uint64_t)buf[592] | (uint64_t)buf[593] << 8 | (uint64_t)buf[594] << 16 | (uint64_t)buf[595] << 24;
        uint64_t sz = (uint64_t)buf[596] | (uint64_t)buf[597] << 8 | (uint64_t)buf[598] << 16 | (uint64_t)buf[599] << 24;
        memset(buf + 512, 0, 512);
        /* the entry array, as far as it lies in the buffer */
        if (ent >= 2 && ent < 64 && sz >= 128 && sz <= 4096 && cnt <= 4096) {
            uint64_t from = ent * 512, to = MIN(from + cnt * sz, (uint64_t)n);
            if (from < to)
                memset(buf + from, 0, (size_t)(to - from));
        }
    }
    if (iv->zero_apm && n >= 2048 + 8 && buf[0] == 'E' && buf[1] == 'R') {
        unsigned bs = (unsigned)buf[2] << 8 | buf[3];
        if (bs == 512 || bs == 2048)
            for (size_t b = bs; b + bs <= n && buf[b] == 'P' && buf[b + 1] == 'M'; b += bs)
                memset(buf + b, 0, bs);
    }
    for (unsigned z = 0; z < iv->n_zero && z < G_N_ELEMENTS(iv->zero); z++)
        if (iv->zero[z][0] < n && iv->zero[z][1] >= iv->zero[z][0])
            memset(buf + iv->zero[z][0], 0, (size_t)(MIN(iv->zero[z][1] + 1, (uint64_t)n) - iv->zero[z][0]));
}

gboolean dw_cli_read_sysarea(const char *spec, guint8 **data, gsize *len, GError **error)
{
    dw_cli_interval iv;
    gboolean interval = g_str_has_prefix(spec, "--interval:");
    if (interval) {
        if (!dw_cli_interval_parse(spec, &iv, error))
            return FALSE;
    } else {
        memset(&iv, 0, sizeof iv);
        iv.path = g_strdup(spec);
        iv.all = TRUE;
    }
    gboolean ok = FALSE;
    FILE *fp = fopen(iv.path, "rb");
    guint8 *buf = g_malloc0(32768);
    size_t n = 0;
    if (!fp) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", iv.path, g_strerror(errno));
    } else if (!iv.all && iv.end - iv.start + 1 > 32768) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: %" G_GUINT64_FORMAT " bytes: the system area holds 32768",
                    spec, iv.end - iv.start + 1);
    } else if (fseeko(fp, (off_t)iv.start, SEEK_SET) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", iv.path, g_strerror(errno));
    } else {
        size_t want = iv.all ? 32768 : (size_t)(iv.end - iv.start + 1);
        n = fread(buf, 1, want, fp);
        if (ferror(fp))
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", iv.path, g_strerror(errno));
        else if (n == 0)
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: nothing to read", spec);
        else
            ok = TRUE;
    }
    if (fp)
        fclose(fp);
    if (ok) {
        dw_cli_interval_zero(&iv, buf, n);
        *data = buf;
        *len = n;
    } else {
        g_free(buf);
    }
    dw_cli_interval_clear(&iv);
    return ok;
}

gboolean dw_cli_boot_add_partition_spec(dw_cli_boot *b, const char *spec, GError **error)
{
    char **f = g_strsplit(spec, ":", 3);
    gboolean ok = f[0] && f[1] && f[2];
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--append-partition %s: expected NUMBER:TYPE:FILE", spec);
    else
        ok = dw_cli_boot_add_partition(b, f[0], f[1], f[2], error);
    g_strfreev(f);
    return ok;
}

void dw_cli_boot_apply(dw_cli_boot *b, dw_author_options *o)
{
    if (!b->entries)
        return;
    o->boot = (const dw_author_boot *)(void *)b->entries->data;
    o->n_boot = b->entries->len;
    o->partitions = (const dw_author_partition *)(void *)b->parts->data;
    o->n_partitions = b->parts->len;
}
