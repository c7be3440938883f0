/* cmd_author.c: `discwright author SOURCE... -o IMAGE|-` — ISO 9660 +
 * Joliet + Rock Ridge (+ UDF bridge) images from directories and graft
 * points (/target/path=source), and the shared runner that the mkisofs
 * front door (cmd_mkisofs.c) uses too. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_author.h"

typedef struct {
    const dw_author_options *o;
    const char *output;
    gboolean force;
} write_call;

static gboolean write_job(dw_job *job, void *data, GError **error)
{
    const write_call *w = data;
    return dw_author_write(w->o, w->output, w->force, job, error);
}

static struct {
    char *output;
    gboolean force;
    int iso_level;
    gboolean no_joliet, joliet_long, no_rock, rational;
    char *udf;
    gboolean udf_set, udf_only, udf_embed;
    char *volid, *volset, *publisher, *preparer, *appid, *sysid;
    char **excludes;
    gboolean follow, skip_unreadable, dvd_video, bdmv, print_size;
    char *sort, *date;
    char *prev;
    gint64 start_lba, prev_msc1;
    dw_cli_boot boot;
    char *catalog, *mbr;
    gboolean hide_catalog, gpt;
    int partition_offset;
} a;

static gboolean boot_cb(const char *name, const char *value, gpointer data, GError **error)
{
    (void)data;
    guint8 platform = strcmp(name, "--boot-efi") == 0 ? 0xEF : 0;
    dw_boot_emul emul = strcmp(name, "--boot-floppy") == 0       ? DW_BOOT_FLOPPY
                        : strcmp(name, "--boot-hard-disk") == 0 ? DW_BOOT_HARD_DISK
                                                                 : DW_BOOT_NO_EMUL;
    return dw_cli_boot_add(&a.boot, value, platform, emul, error) != NULL;
}

static gboolean boot_mod_cb(const char *name, const char *value, gpointer data, GError **error)
{
    (void)data;
    dw_author_boot *e = dw_cli_boot_last(&a.boot, name, error);
    if (!e)
        return FALSE;
    if (strcmp(name, "--boot-load-size") == 0) {
        char *end = NULL;
        unsigned long v = strtoul(value, &end, 10);
        if (!end || end == value || *end || v == 0 || v > 65535) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--boot-load-size %s: expected 1 to 65535 sectors", value);
            return FALSE;
        }
        e->load_size = (unsigned)v;
    } else if (strcmp(name, "--boot-info-table") == 0) {
        e->boot_info_table = TRUE;
    } else if (strcmp(name, "--grub2-boot-info") == 0) {
        e->grub2_boot_info = TRUE;
    } else {
        e->gpt_basdat = TRUE;
    }
    return TRUE;
}

static gboolean part_cb(const char *name, const char *value, gpointer data, GError **error)
{
    (void)name;
    (void)data;
    return dw_cli_boot_add_partition_spec(&a.boot, value, error);
}

static gboolean udf_cb(const char *name, const char *value, gpointer data, GError **error)
{
    (void)name;
    (void)data;
    (void)error;
    a.udf_set = TRUE;
    g_free(a.udf);
    a.udf = g_strdup(value);
    return TRUE;
}

const GOptionEntry dw_cli_author_option_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, "Image to write (- = standard output)", "IMAGE" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &a.force, "Replace an existing IMAGE", NULL },
    { "iso-level", 0, 0, G_OPTION_ARG_INT, &a.iso_level, "ISO 9660 level 1, 2 or 3 (default 3)", "N" },
    { "no-joliet", 0, 0, G_OPTION_ARG_NONE, &a.no_joliet, "Leave out the Joliet tree", NULL },
    { "joliet-long", 0, 0, G_OPTION_ARG_NONE, &a.joliet_long, "Joliet names up to 103 characters", NULL },
    { "no-rock-ridge", 0, 0, G_OPTION_ARG_NONE, &a.no_rock, "Leave out Rock Ridge", NULL },
    { "rational-rock", 0, 0, G_OPTION_ARG_NONE, &a.rational, "Owners 0, modes readable by all, no write bits", NULL },
    { "udf", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)udf_cb,
      "Add a UDF bridge (1.02, 2.01 = default, 2.50)", "REV" },
    { "udf-only", 0, 0, G_OPTION_ARG_NONE, &a.udf_only, "UDF without ISO 9660 directory trees", NULL },
    { "udf-embed", 0, 0, G_OPTION_ARG_NONE, &a.udf_embed,
      "Keep small UDF directories and symlinks inside their file entries (pycdlib, libdvdread and older players "
      "cannot read that)", NULL },
    { "volid", 0, 0, G_OPTION_ARG_STRING, &a.volid, "Volume identifier", "TEXT" },
    { "volset", 0, 0, G_OPTION_ARG_STRING, &a.volset, "Volume set identifier", "TEXT" },
    { "publisher", 0, 0, G_OPTION_ARG_STRING, &a.publisher, "Publisher", "TEXT" },
    { "preparer", 0, 0, G_OPTION_ARG_STRING, &a.preparer, "Data preparer", "TEXT" },
    { "appid", 0, 0, G_OPTION_ARG_STRING, &a.appid, "Application identifier", "TEXT" },
    { "sysid", 0, 0, G_OPTION_ARG_STRING, &a.sysid, "System identifier", "TEXT" },
    { "exclude", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.excludes, "Leave out names or paths matching PATTERN",
      "PATTERN" },
    { "follow-links", 0, 0, G_OPTION_ARG_NONE, &a.follow, "Store what symbolic links point to", NULL },
    { "skip-unreadable", 0, 0, G_OPTION_ARG_NONE, &a.skip_unreadable, "Warn about unreadable files and go on",
      NULL },
    { "sort", 0, 0, G_OPTION_ARG_FILENAME, &a.sort, "Weights file: lines \"PATH WEIGHT\", heavier first", "FILE" },
    { "dvd-video", 0, 0, G_OPTION_ARG_NONE, &a.dvd_video, "DVD-Video: VIDEO_TS in physical order at the sectors its IFOs give, UDF 1.02", NULL },
    { "bdmv", 0, 0, G_OPTION_ARG_NONE, &a.bdmv,
      "Blu-ray: /BDMV navigation files first, /CERTIFICATE added, UDF 2.50", NULL },
    { "print-size", 0, 0, G_OPTION_ARG_NONE, &a.print_size, "Print the image size in blocks and stop", NULL },
    { "date", 0, 0, G_OPTION_ARG_STRING, &a.date, "Image date (seconds since 1970 or ISO 8601)", "DATE" },
    { "prev", 0, 0, G_OPTION_ARG_FILENAME, &a.prev,
      "Make a session continuing the ISO in IMAGE (mkisofs -M)", "IMAGE" },
    { "start-lba", 0, 0, G_OPTION_ARG_INT64, &a.start_lba,
      "First block of the new session: the next writable address (mkisofs -C ...,N)", "N" },
    { "prev-msc1", 0, 0, G_OPTION_ARG_INT64, &a.prev_msc1,
      "Start of IMAGE's last session (mkisofs -C N,...; default 0)", "N" },
    { "boot-bios", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)boot_cb,
      "El Torito BIOS boot image without emulation (a path in the image)", "PATH" },
    { "boot-efi", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)boot_cb,
      "El Torito UEFI boot image: a FAT ESP in the image, or appended:N", "PATH" },
    { "boot-floppy", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)boot_cb,
      "El Torito BIOS floppy emulation image (1.2, 1.44 or 2.88 MB)", "PATH" },
    { "boot-hard-disk", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)boot_cb,
      "El Torito BIOS hard-disk emulation image (MBR with one partition)", "PATH" },
    { "boot-load-size", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)boot_mod_cb,
      "Sectors of 512 bytes to load for the last boot image", "N" },
    { "boot-info-table", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)boot_mod_cb,
      "Patch a boot-info-table into the last boot image (isolinux)", NULL },
    { "grub2-boot-info", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)boot_mod_cb,
      "Patch the last boot image's address at byte 2548 (GRUB 2)", NULL },
    { "boot-partition", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)boot_mod_cb,
      "List the last boot image as an MBR/GPT partition too", NULL },
    { "boot-catalog", 0, 0, G_OPTION_ARG_STRING, &a.catalog, "Boot catalog path (default /boot.catalog)", "PATH" },
    { "hide-boot-catalog", 0, 0, G_OPTION_ARG_NONE, &a.hide_catalog, "No directory entry for the boot catalog",
      NULL },
    { "isohybrid-mbr", 0, 0, G_OPTION_ARG_FILENAME, &a.mbr, "MBR boot code for USB sticks (isohdpfx.bin)", "FILE" },
    { "append-partition", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)part_cb,
      "Append FILE after the image as partition NUMBER of TYPE (0xef = ESP)", "NUMBER:TYPE:FILE" },
    { "gpt", 0, 0, G_OPTION_ARG_NONE, &a.gpt, "GPT (protective MBR, backup at the end) instead of MBR partitions",
      NULL },
    { "partition-offset", 0, 0, G_OPTION_ARG_INT, &a.partition_offset, "Start partition 1 at block N with its own ISO tree (e.g. 16)",
      "N" },
    G_OPTION_ENTRY_NULL
};


gboolean dw_cli_parse_udf(const char *v, unsigned *out)
{
    if (!v || !*v || strcmp(v, "2.01") == 0 || strcmp(v, "201") == 0)
        *out = DW_UDF_201;
    else if (strcmp(v, "1.02") == 0 || strcmp(v, "102") == 0)
        *out = DW_UDF_102;
    else if (strcmp(v, "2.50") == 0 || strcmp(v, "250") == 0)
        *out = DW_UDF_250;
    else
        return FALSE;
    return TRUE;
}

gboolean dw_cli_parse_date(const char *v, time_t *out)
{
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (end && end != v && !*end) {
        *out = (time_t)n;
        return TRUE;
    }
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601(v, g_time_zone_new_utc());
    if (!dt)
        return FALSE;
    *out = (time_t)g_date_time_to_unix(dt);
    return TRUE;
}

/* SOURCE or /target=source (a backslash escapes '='). */
void dw_cli_graft_parse(const char *arg, dw_author_graft *g, char **tgt_out, char **src_out)
{
    GString *t = g_string_new(NULL);
    const char *s = arg;
    const char *eq = NULL;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            g_string_append_c(t, *++s);
            continue;
        }
        if (*s == '=') {
            eq = s;
            break;
        }
        g_string_append_c(t, *s);
    }
    if (eq) {
        *tgt_out = g_string_free(t, FALSE);
        *src_out = g_strdup(eq + 1);
    } else {
        g_string_free(t, TRUE);
        *tgt_out = NULL;
        *src_out = g_strdup(arg);
    }
    g->target = *tgt_out;
    g->source = *src_out;
}

int dw_cli_author_run(dw_cli *cli, dw_author_options *o, const char *output, gboolean force, gboolean print_size)
{
    g_autoptr(dw_job) job = dw_job_new();
    dw_job_set_log(job, dw_cli_log_sink, cli);
    GError *error = NULL;
    if (print_size) {
        g_autoptr(dw_author_plan) plan = dw_author_plan_new(o, job, &error);
        if (!plan) {
            int rc = dw_cli_fail(cli, error);
            g_error_free(error);
            return rc;
        }
        uint64_t blocks = dw_author_plan_blocks(plan);
        printf("%" G_GUINT64_FORMAT "\n", blocks);
        if (cli->json) {
            g_autofree char *d = g_strdup_printf("{\"blocks\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT "}",
                                                 blocks, blocks * DW_AUTHOR_BLOCK);
            dw_cli_result(cli, d);
        }
        return DW_EXIT_OK;
    }
    if (!output)
        return dw_cli_usage_error(cli, "%s: no output given (-o IMAGE, or -o - for standard output)", cli->command);
    if (strcmp(output, "-") == 0 && cli->json)
        return dw_cli_usage_error(cli, "%s: --json and -o - both want standard output", cli->command);
    dw_cli_start(cli, output);
    write_call w = { o, output, force };
    gboolean ok = dw_cli_run_job(cli, job, write_job, &w, &error);
    if (!ok) {
        int rc = dw_cli_fail(cli, error);
        g_error_free(error);
        return rc;
    }
    if (cli->json) {
        g_autofree char *d = NULL;
        GString *s = g_string_new("{\"image\":");
        dw_json_append_string(s, output);
        g_string_append(s, "}");
        d = g_string_free(s, FALSE);
        dw_cli_result(cli, d);
    }
    return DW_EXIT_OK;
}

int dw_cmd_author(dw_cli *cli, int argc, char **argv)
{
    dw_author_options o;
    dw_author_options_init(&o);
    if (a.iso_level)
        o.iso_level = a.iso_level;
    if (o.iso_level < 1 || o.iso_level > 3)
        return dw_cli_usage_error(cli, "author: --iso-level must be 1, 2 or 3 (got %d)", o.iso_level);
    o.joliet = !a.no_joliet;
    o.joliet_long = a.joliet_long;
    o.rock_ridge = !a.no_rock;
    o.rational_rock = a.rational;
    if (a.udf_set && !dw_cli_parse_udf(a.udf, &o.udf))
        return dw_cli_usage_error(cli, "author: --udf=%s: unknown revision (use 1.02, 2.01 or 2.50)", a.udf);
    o.udf_only = a.udf_only;
    o.udf_embed = a.udf_embed;
    o.volid = a.volid;
    o.volset = a.volset;
    o.publisher = a.publisher;
    o.preparer = a.preparer;
    o.appid = a.appid;
    o.sysid = a.sysid;
    o.excludes = (const char *const *)a.excludes;
    o.follow_links = a.follow;
    o.skip_unreadable = a.skip_unreadable;
    o.sort_file = a.sort;
    o.dvd_video = a.dvd_video;
    o.bdmv = a.bdmv;
    if (a.date) {
        if (!dw_cli_parse_date(a.date, &o.date))
            return dw_cli_usage_error(cli, "author: --date %s: expected seconds since 1970 or ISO 8601", a.date);
        o.date_set = TRUE;
    }
    if (a.start_lba < 0 || a.start_lba > 0xFFFFF000 || a.prev_msc1 < 0 || a.prev_msc1 > 0xFFFFF000)
        return dw_cli_usage_error(cli, "author: --start-lba and --prev-msc1 take a block number from 0 to %u",
                                  0xFFFFF000u);
    if (a.prev_msc1 && !a.prev)
        return dw_cli_usage_error(cli, "author: --prev-msc1 needs --prev IMAGE");
    o.prev_image = a.prev;
    o.prev_msc1 = (uint32_t)a.prev_msc1;
    o.start_lba = (uint32_t)a.start_lba;
    if (argc == 0 && !a.prev)
        return dw_cli_usage_error(cli, "author: no source given");
    dw_cli_boot_apply(&a.boot, &o);
    o.boot_catalog = a.catalog;
    o.boot_catalog_hide = a.hide_catalog;
    o.isohybrid_mbr = a.mbr;
    o.gpt = a.gpt;
    o.partition_offset = (uint32_t)MAX(a.partition_offset, 0);
    if (a.partition_offset < 0)
        return dw_cli_usage_error(cli, "author: --partition-offset %d: expected 0 or more", a.partition_offset);
    dw_author_graft *g = g_new0(dw_author_graft, (size_t)argc + 1);
    char **strs = g_new0(char *, 2 * (size_t)argc + 1);
    for (int i = 0; i < argc; i++)
        dw_cli_graft_parse(argv[i], &g[i], &strs[2 * i], &strs[2 * i + 1]);
    o.grafts = g;
    o.n_grafts = (size_t)argc;
    int rc = dw_cli_author_run(cli, &o, a.output, a.force, a.print_size);
    for (int i = 0; i < 2 * argc; i++)
        g_free(strs[i]);
    g_free(strs);
    g_free(g);
    dw_cli_boot_clear(&a.boot);
    return rc;
}
