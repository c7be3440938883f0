/* boot_opts.c: El Torito and hybrid-disk options shared by `author` and
 * `mkisofs`: boot entries added in command-line order (options such as
 * --boot-load-size apply to the entry given last), appended partitions
 * (NUMBER TYPE FILE, TYPE as 0xNN, a name or a GPT type GUID), and
 * xorriso's "--interval:appended_partition_N:all::" boot image name. */
#include "config.h"

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

static gboolean parse_type(const char *t, guint8 *out)
{
    static const struct {
        const char *name;
        guint8 type;
    } names[] = { { "FAT12", 0x01 }, { "FAT16", 0x06 }, { "FAT32", 0x0C }, { "Linux", 0x83 }, { "EFI", 0xEF },
                  { "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", 0xEF }, { "28732ac11ff8d211ba4b00a0c93ec93b", 0xEF },
                  { "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", 0x07 }, { "a2a0d0ebe5b9334487c068b6b72699c7", 0x07 },
                  { "0FC63DAF-8483-4772-8E79-3D69D8477DE4", 0x83 }, { "af3dc60f838472478e793d69d8477de4", 0x83 } };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_ascii_strcasecmp(t, names[i].name) == 0) {
            *out = names[i].type;
            return TRUE;
        }
    char *end = NULL;
    unsigned long v = strtoul(t, &end, g_str_has_prefix(t, "0x") || g_str_has_prefix(t, "0X") ? 16 : 10);
    if (!end || end == t || *end || v == 0 || v > 255)
        return FALSE;
    *out = (guint8)v;
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
    if (!parse_type(type, &pt.type)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %s: type %s: expected 0x01 to 0xff, "
                    "FAT12, FAT16, FAT32, Linux, EFI or a GPT type GUID", num, type);
        return FALSE;
    }
    char *s = g_strdup(file);
    g_ptr_array_add(b->strs, s);
    pt.source = s;
    g_array_append_val(b->parts, pt);
    return TRUE;
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
