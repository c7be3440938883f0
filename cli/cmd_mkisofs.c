/* cmd_mkisofs.c: `discwright mkisofs ARGS...` — the options that
 * distribution scripts pass to genisoimage or `xorriso -as mkisofs` for
 * data images, mapped onto the author options.  Options take one or two
 * leading dashes; an unknown option is an error that names it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_author.h"

typedef enum { M_FLAG, M_ARG, M_ARG3 } mkind;

static const struct {
    const char *name;
    mkind kind;
} known[] = {
    { "o", M_ARG }, { "R", M_FLAG }, { "rock", M_FLAG }, { "r", M_FLAG }, { "rational-rock", M_FLAG },
    { "J", M_FLAG }, { "joliet", M_FLAG }, { "joliet-long", M_FLAG }, { "iso-level", M_ARG }, { "V", M_ARG },
    { "volset", M_ARG }, { "A", M_ARG }, { "appid", M_ARG }, { "P", M_ARG }, { "publisher", M_ARG },
    { "p", M_ARG }, { "preparer", M_ARG }, { "sysid", M_ARG }, { "graft-points", M_FLAG }, { "path-list", M_ARG },
    { "exclude", M_ARG }, { "x", M_ARG }, { "m", M_ARG }, { "udf", M_FLAG }, { "allow-limited-size", M_FLAG },
    { "sort", M_ARG }, { "quiet", M_FLAG }, { "print-size", M_FLAG }, { "input-charset", M_ARG }, { "f", M_FLAG },
    { "follow-links", M_FLAG }, { "dvd-video", M_FLAG }, { "force", M_FLAG }, { "v", M_FLAG }, { "verbose", M_FLAG },
    { "l", M_FLAG }, { "full-iso9660-filenames", M_FLAG }, { "D", M_FLAG }, { "disable-deep-relocation", M_FLAG },
    { "N", M_FLAG }, { "omit-version-number", M_FLAG }, { "U", M_FLAG }, { "untranslated-filenames", M_FLAG },
    { "C", M_ARG }, { "cdrecord-params", M_ARG }, { "M", M_ARG }, { "prev-session", M_ARG },
    { "dev", M_ARG },
    /* El Torito and hybrid disks */
    { "b", M_ARG }, { "eltorito-boot", M_ARG }, { "c", M_ARG }, { "eltorito-catalog", M_ARG },
    { "no-emul-boot", M_FLAG }, { "hard-disk-boot", M_FLAG }, { "boot-load-size", M_ARG },
    { "boot-info-table", M_FLAG }, { "eltorito-alt-boot", M_FLAG }, { "e", M_ARG }, { "efi-boot", M_ARG },
    { "isohybrid-mbr", M_ARG }, { "isohybrid-gpt-basdat", M_FLAG }, { "append_partition", M_ARG3 },
    { "partition_offset", M_ARG }, { "appended_part_as_gpt", M_FLAG }, { "grub2-boot-info", M_FLAG },
    { "boot-catalog-hide", M_FLAG },
};

/* -C msc1,nwa: the previous session's start and the next writable address. */
static gboolean parse_c(const char *v, uint32_t *msc1, uint32_t *nwa)
{
    char *end = NULL;
    guint64 a = g_ascii_strtoull(v, &end, 10);
    if (end == v || *end != ',')
        return FALSE;
    const char *b = end + 1;
    guint64 n = g_ascii_strtoull(b, &end, 10);
    if (end == b || *end || a > 0xFFFFF000u || n > 0xFFFFF000u)
        return FALSE;
    *msc1 = (uint32_t)a;
    *nwa = (uint32_t)n;
    return TRUE;
}

const char *dw_cli_mkisofs_option(size_t i, int *n_values)
{
    if (i >= G_N_ELEMENTS(known))
        return NULL;
    if (n_values)
        *n_values = known[i].kind == M_ARG3 ? 3 : known[i].kind == M_ARG ? 1 : 0;
    return known[i].name;
}

static int find(const char *a)
{
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        if (strcmp(a, known[i].name) == 0)
            return (int)i;
    return -1;
}

int dw_cmd_mkisofs(dw_cli *cli, int argc, char **argv)
{
    dw_author_options o;
    dw_author_options_init(&o);
    o.joliet = FALSE;
    o.rock_ridge = FALSE;
    const char *output = NULL;
    gboolean graft_points = FALSE, print_size = FALSE, force = FALSE, c_set = FALSE;
    int rc = DW_EXIT_OK;
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *excl = g_ptr_array_new_with_free_func(g_free);
    dw_cli_boot boot = { 0 };
    dw_cli_boot_init(&boot);
    GError *berr = NULL;
    for (int i = 0; i < argc && rc == DW_EXIT_OK; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            for (i++; i < argc; i++)
                g_ptr_array_add(paths, g_strdup(argv[i]));
            break;
        }
        if (arg[0] != '-' || !arg[1]) {
            g_ptr_array_add(paths, g_strdup(arg));
            continue;
        }
        const char *name = arg + 1 + (arg[1] == '-');
        int k = find(name);
        if (k < 0) {
            rc = dw_cli_usage_error(cli, "mkisofs: unknown option '%s'", arg);
            break;
        }
        const char *val = NULL;
        if (known[k].kind == M_ARG3) {
            if (i + 3 >= argc) {
                rc = dw_cli_usage_error(cli, "mkisofs: option '%s' needs three values", arg);
                break;
            }
            if (!dw_cli_boot_add_partition(&boot, argv[i + 1], argv[i + 2], argv[i + 3], &berr))
                break;
            i += 3;
            continue;
        }
        if (known[k].kind == M_ARG) {
            if (i + 1 >= argc) {
                rc = dw_cli_usage_error(cli, "mkisofs: option '%s' needs a value", arg);
                break;
            }
            val = argv[++i];
        }
        const char *n = known[k].name;
        if (!strcmp(n, "o"))
            output = val;
        else if (!strcmp(n, "R") || !strcmp(n, "rock"))
            o.rock_ridge = TRUE;
        else if (!strcmp(n, "r") || !strcmp(n, "rational-rock"))
            o.rock_ridge = o.rational_rock = TRUE;
        else if (!strcmp(n, "J") || !strcmp(n, "joliet"))
            o.joliet = TRUE;
        else if (!strcmp(n, "joliet-long"))
            o.joliet = o.joliet_long = TRUE;
        else if (!strcmp(n, "iso-level")) {
            if (strlen(val) != 1 || val[0] < '1' || val[0] > '4')
                rc = dw_cli_usage_error(cli, "mkisofs: -iso-level %s: expected 1, 2, 3 or 4", val);
            o.iso_level = val[0] == '4' ? 3 : val[0] - '0';
        } else if (!strcmp(n, "V"))
            o.volid = val;
        else if (!strcmp(n, "volset"))
            o.volset = val;
        else if (!strcmp(n, "A") || !strcmp(n, "appid"))
            o.appid = val;
        else if (!strcmp(n, "P") || !strcmp(n, "publisher"))
            o.publisher = val;
        else if (!strcmp(n, "p") || !strcmp(n, "preparer"))
            o.preparer = val;
        else if (!strcmp(n, "sysid"))
            o.sysid = val;
        else if (!strcmp(n, "graft-points"))
            graft_points = TRUE;
        else if (!strcmp(n, "path-list")) {
            char *text = NULL;
            if (!g_file_get_contents(val, &text, NULL, NULL)) {
                rc = dw_cli_usage_error(cli, "mkisofs: -path-list %s: cannot read the file", val);
                break;
            }
            char **lines = g_strsplit(text, "\n", -1);
            for (int l = 0; lines[l]; l++)
                if (*lines[l])
                    g_ptr_array_add(paths, g_strdup(lines[l]));
            g_strfreev(lines);
            g_free(text);
        } else if (!strcmp(n, "exclude") || !strcmp(n, "x") || !strcmp(n, "m"))
            g_ptr_array_add(excl, g_strdup(val));
        else if (!strcmp(n, "udf"))
            o.udf = DW_UDF_102;
        else if (!strcmp(n, "sort"))
            o.sort_file = val;
        else if (!strcmp(n, "quiet"))
            cli->quiet = TRUE;
        else if (!strcmp(n, "print-size"))
            print_size = TRUE;
        else if (!strcmp(n, "f") || !strcmp(n, "follow-links"))
            o.follow_links = TRUE;
        else if (!strcmp(n, "dvd-video"))
            o.dvd_video = TRUE;
        else if (!strcmp(n, "force"))
            force = TRUE;
        else if (!strcmp(n, "C") || !strcmp(n, "cdrecord-params")) {
            if (!parse_c(val, &o.prev_msc1, &o.start_lba))
                rc = dw_cli_usage_error(cli, "mkisofs: -C %s: expected msc1,nwa (two block numbers)", val);
            c_set = TRUE;
        } else if (!strcmp(n, "M") || !strcmp(n, "prev-session") || !strcmp(n, "dev"))
            o.prev_image = val;
        else if (!strcmp(n, "b") || !strcmp(n, "eltorito-boot")) {
            /* mkisofs emulates a floppy unless -no-emul-boot or -hard-disk-boot follows. */
            if (!dw_cli_boot_add(&boot, val, 0, DW_BOOT_FLOPPY, &berr))
                break;
        } else if (!strcmp(n, "e") || !strcmp(n, "efi-boot")) {
            if (!dw_cli_boot_add(&boot, val, 0xEF, DW_BOOT_NO_EMUL, &berr))
                break;
        } else if (!strcmp(n, "c") || !strcmp(n, "eltorito-catalog"))
            o.boot_catalog = val;
        else if (!strcmp(n, "boot-catalog-hide"))
            o.boot_catalog_hide = TRUE;
        else if (!strcmp(n, "eltorito-alt-boot"))
            ; /* every -b / -e starts an entry of its own */
        else if (!strcmp(n, "no-emul-boot") || !strcmp(n, "hard-disk-boot") || !strcmp(n, "boot-load-size") ||
                 !strcmp(n, "boot-info-table") || !strcmp(n, "grub2-boot-info") ||
                 !strcmp(n, "isohybrid-gpt-basdat")) {
            dw_author_boot *e = dw_cli_boot_last(&boot, arg, &berr);
            if (!e)
                break;
            if (!strcmp(n, "no-emul-boot"))
                e->emul = DW_BOOT_NO_EMUL;
            else if (!strcmp(n, "hard-disk-boot"))
                e->emul = e->platform == 0xEF ? DW_BOOT_NO_EMUL : DW_BOOT_HARD_DISK;
            else if (!strcmp(n, "boot-info-table"))
                e->boot_info_table = TRUE;
            else if (!strcmp(n, "grub2-boot-info"))
                e->grub2_boot_info = TRUE;
            else if (!strcmp(n, "isohybrid-gpt-basdat")) {
                e->gpt_basdat = e->image != NULL;
                o.gpt = TRUE;
            } else if (strcmp(val, "full") == 0) {
                e->load_size = 0;
            } else {
                char *end = NULL;
                unsigned long v = strtoul(val, &end, 10);
                if (!end || end == val || *end || v == 0 || v > 65535) {
                    rc = dw_cli_usage_error(cli, "mkisofs: -boot-load-size %s: expected 1 to 65535 or full", val);
                    break;
                }
                e->load_size = (unsigned)v;
            }
        } else if (!strcmp(n, "isohybrid-mbr"))
            o.isohybrid_mbr = val;
        else if (!strcmp(n, "appended_part_as_gpt"))
            o.gpt = TRUE;
        else if (!strcmp(n, "partition_offset")) {
            char *end = NULL;
            unsigned long v = strtoul(val, &end, 10);
            if (!end || end == val || *end || v > 0xFFFFFFF) {
                rc = dw_cli_usage_error(cli, "mkisofs: -partition_offset %s: expected a number of blocks", val);
                break;
            }
            o.partition_offset = (uint32_t)v;
        } else if (!strcmp(n, "input-charset") && g_ascii_strcasecmp(val, "utf-8") && g_ascii_strcasecmp(val, "utf8"))
            dw_cli_log_sink(DW_LOG_WARNING, "-input-charset: names are taken as UTF-8", cli);
        /* -allow-limited-size, -l, -D, -N, -U, -v: accepted; the defaults already cover them. */
    }
    if (berr) {
        rc = dw_cli_usage_error(cli, "mkisofs: %s", berr->message);
        g_error_free(berr);
    }
    if (rc == DW_EXIT_OK && o.prev_image && !c_set)
        rc = dw_cli_usage_error(cli, "mkisofs: -M %s needs -C msc1,nwa (from discwright media or cdrecord -msinfo)",
                                o.prev_image);
    if (rc == DW_EXIT_OK && paths->len == 0 && !o.prev_image)
        rc = dw_cli_usage_error(cli, "mkisofs: no source given");
    if (rc != DW_EXIT_OK) {
        g_ptr_array_unref(paths);
        g_ptr_array_unref(excl);
        dw_cli_boot_clear(&boot);
        return rc;
    }
    g_ptr_array_add(excl, NULL);
    o.excludes = (const char *const *)excl->pdata;
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    (void)sde;
    dw_author_graft *g = g_new0(dw_author_graft, paths->len + 1);
    char **strs = g_new0(char *, 2 * paths->len + 1);
    for (guint i = 0; i < paths->len; i++) {
        const char *pth = g_ptr_array_index(paths, i);
        if (graft_points) {
            dw_cli_graft_parse(pth, &g[i], &strs[2 * i], &strs[2 * i + 1]);
        } else {
            g[i].source = pth;
        }
    }
    o.grafts = g;
    o.n_grafts = paths->len;
    dw_cli_boot_apply(&boot, &o);
    rc = dw_cli_author_run(cli, &o, output, force, print_size);
    for (guint i = 0; i < 2 * paths->len; i++)
        g_free(strs[i]);
    g_free(strs);
    g_free(g);
    g_ptr_array_unref(paths);
    g_ptr_array_unref(excl);
    dw_cli_boot_clear(&boot);
    return rc;
}
