/* cmd_mkisofs.c: `discwright mkisofs ARGS...` (also `discwright -as
 * mkisofs ARGS...`, and discwright called as xorriso, xorrisofs or
 * mkisofs): the option lists that distribution build tools pass to
 * `xorriso -as mkisofs`, mapped onto the author options.  The options
 * are those of mkisofs_opts.c; boot options collect into the current
 * El Torito entry, which -eltorito-alt-boot (or the end) closes, as in
 * xorriso, so their order inside an entry does not matter.  An unknown
 * option is a usage error that names it (exit 2); an option xorriso has
 * but discwright does not build is refused with the reason. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_author.h"
#include "cli/mkisofs_opts.h"

/* The El Torito entry being specified. */
typedef struct {
    dw_author_boot b;
    char *image;                 /* owned */
    gboolean emul_set, any;
} mk_entry;

typedef struct {
    dw_cli *cli;
    dw_author_options o;
    dw_cli_boot boot;
    mk_entry cur;
    GPtrArray *paths, *excl, *hide, *hide_j, *hide_u, *hide_h, *strs; /* char*, owned */
    GArray *hfs_types;           /* dw_author_hfs_type, paths in strs */
    GArray *weights;             /* dw_author_weight, paths in strs */
    guint8 *sysarea;
    gsize sysarea_len;
    const char *output;
    gboolean graft_points, print_size, force, c_set, rational, rock, norock, pad, full_names;
    GError *error;
} mk_state;

static int usage(mk_state *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int usage(mk_state *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return dw_cli_usage_error(s->cli, "mkisofs: %s", m);
}

static const char *keep(mk_state *s, char *str)
{
    g_ptr_array_add(s->strs, str);
    return str;
}

/* Lines of a list file (- = standard input), each added to arr. */
static gboolean read_lines(mk_state *s, const char *opt, const char *file, GPtrArray *arr)
{
    char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    gboolean ok;
    if (strcmp(file, "-") == 0) {
        GString *b = g_string_new(NULL);
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
            g_string_append_len(b, chunk, (gssize)n);
        ok = !ferror(stdin);
        if (!ok)
            g_set_error(&e, G_FILE_ERROR, G_FILE_ERROR_IO, "%s", g_strerror(errno));
        len = b->len;
        text = g_string_free(b, FALSE);
    } else {
        ok = g_file_get_contents(file, &text, &len, &e);
    }
    if (!ok) {
        usage(s, "%s %s: %s", opt, file, e->message);
        g_error_free(e);
        g_free(text);
        return FALSE;
    }
    char **lines = g_strsplit(text, "\n", -1);
    for (int l = 0; lines[l]; l++) {
        g_strchomp(lines[l]);
        if (*lines[l])
            g_ptr_array_add(arr, g_strdup(lines[l]));
    }
    g_strfreev(lines);
    g_free(text);
    return TRUE;
}

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

static gboolean parse_uint(const char *v, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    if (!*v || *v == '-')
        return FALSE;
    unsigned long n = strtoul(v, &end, 0);
    if (!end || *end || n > max)
        return FALSE;
    *out = n;
    return TRUE;
}

/* A mode: octal with a leading 0 (all bits), or "[ugoa]*[+-=][rwxst]*,..."
 * folded into (bits & and) | or. */
static gboolean parse_mode(const char *v, unsigned *and_mask, unsigned *or_mask)
{
    if (v[0] >= '0' && v[0] <= '7') {
        char *end = NULL;
        unsigned long m = strtoul(v, &end, 8);
        if (!end || *end || m > 07777)
            return FALSE;
        *and_mask = 0;
        *or_mask = (unsigned)m;
        return TRUE;
    }
    unsigned a = 07777, o = 0;
    char **parts = g_strsplit(v, ",", -1);
    gboolean ok = parts[0] != NULL;
    for (int i = 0; ok && parts[i]; i++) {
        const char *c = parts[i];
        unsigned who = 0;
        for (; *c && strchr("ugoa", *c); c++)
            who |= *c == 'u' ? 04700 : *c == 'g' ? 02070 : *c == 'o' ? 01007 : 07777;
        if (!who)
            who = 07777;
        char op = *c;
        if (op != '+' && op != '-' && op != '=') {
            ok = FALSE;
            break;
        }
        unsigned bits = 0;
        for (c++; *c; c++) {
            switch (*c) {
            case 'r': bits |= 0444; break;
            case 'w': bits |= 0222; break;
            case 'x': bits |= 0111; break;
            case 's': bits |= 06000; break;
            case 't': bits |= 01000; break;
            default: ok = FALSE;
            }
        }
        bits &= who;
        /* apply (m & a) | o, then this statement */
        if (op == '+') {
            o |= bits;
        } else if (op == '-') {
            a &= ~bits;
            o &= ~bits;
        } else {
            a &= ~who;
            o = (o & ~who) | bits;
        }
    }
    g_strfreev(parts);
    *and_mask = a;
    *or_mask = o;
    return ok;
}

/* --modification-date=YYYYMMDDhhmmsscc (GMT). */
static gboolean parse_mod_date(const char *v, time_t *t, unsigned *centis)
{
    if (strlen(v) != 16 || strspn(v, "0123456789") != 16)
        return FALSE;
    int f[7];
    static const int w[7] = { 4, 2, 2, 2, 2, 2, 2 };
    const char *c = v;
    for (int i = 0; i < 7; i++) {
        f[i] = 0;
        for (int k = 0; k < w[i]; k++)
            f[i] = f[i] * 10 + (*c++ - '0');
    }
    if (f[0] < 1970 || f[0] > 2999)
        return FALSE;
    g_autoptr(GDateTime) dt = g_date_time_new_utc(f[0], f[1], f[2], f[3], f[4], f[5]);
    if (!dt)
        return FALSE;
    *t = (time_t)g_date_time_to_unix(dt);
    *centis = (unsigned)f[6];
    return TRUE;
}

/* ---- El Torito entries ---- */

static void entry_reset(mk_state *s)
{
    g_free(s->cur.image);
    memset(&s->cur, 0, sizeof s->cur);
}

/* Close the current entry (-eltorito-alt-boot, --efi-boot, the end). */
static gboolean entry_attach(mk_state *s)
{
    if (!s->cur.image) {
        if (s->cur.any)
            dw_cli_log_sink(DW_LOG_WARNING, "El Torito options without a boot image (-b or -e) are ignored", s->cli);
        entry_reset(s);
        return TRUE;
    }
    dw_author_boot *e = dw_cli_boot_add(&s->boot, s->cur.image, s->cur.b.platform, s->cur.b.emul, &s->error);
    if (!e)
        return FALSE;
    int appended = e->appended_part;
    const char *img = e->image;
    *e = s->cur.b;
    e->image = img;
    e->appended_part = appended;
    if (!s->cur.emul_set)
        e->emul = DW_BOOT_FLOPPY; /* as mkisofs: -b and -e emulate a floppy unless told */
    if (e->emul == DW_BOOT_HARD_DISK && e->platform == 0xEF)
        e->emul = DW_BOOT_NO_EMUL;
    entry_reset(s);
    return TRUE;
}

static void entry_image(mk_state *s, const char *image, guint8 platform)
{
    g_free(s->cur.image);
    s->cur.image = g_strdup(image);
    s->cur.b.platform = platform;
    s->cur.any = TRUE;
}

/* ---- one option ---- */

static int handle(mk_state *s, const mk_opt *opt, const char *arg, char **v)
{
    dw_author_options *o = &s->o;
    unsigned long n;
    switch (opt->id) {
    case MK_OUTPUT: s->output = v[0]; break;
    case MK_PRINT_SIZE: s->print_size = TRUE; break;
    case MK_QUIET: s->cli->quiet = TRUE; break;
    case MK_VERBOSE: s->cli->verbose = TRUE; break;
    case MK_FORCE: s->force = TRUE; break;
    case MK_NOOP: case MK_NOOP_ARG: break;
    case MK_HELP: case MK_VERSION: break; /* handled before */
    case MK_GRAFT_POINTS: s->graft_points = TRUE; break;
    case MK_PATH_LIST:
        if (!read_lines(s, arg, v[0], s->paths))
            return DW_EXIT_USAGE;
        break;
    case MK_EXCLUDE: g_ptr_array_add(s->excl, g_strdup(v[0])); break;
    case MK_EXCLUDE_LIST: return read_lines(s, arg, v[0], s->excl) ? 0 : DW_EXIT_USAGE;
    case MK_NO_BAK:
        g_ptr_array_add(s->excl, g_strdup("*~"));
        g_ptr_array_add(s->excl, g_strdup("#*#"));
        g_ptr_array_add(s->excl, g_strdup("*.bak"));
        break;
    case MK_FOLLOW: o->follow_links = TRUE; break;
    case MK_HIDE: g_ptr_array_add(s->hide, g_strdup(v[0])); break;
    case MK_HIDE_LIST: return read_lines(s, arg, v[0], s->hide) ? 0 : DW_EXIT_USAGE;
    case MK_HIDE_JOLIET: g_ptr_array_add(s->hide_j, g_strdup(v[0])); break;
    case MK_HIDE_JOLIET_LIST: return read_lines(s, arg, v[0], s->hide_j) ? 0 : DW_EXIT_USAGE;
    case MK_HIDE_UDF: g_ptr_array_add(s->hide_u, g_strdup(v[0])); break;
    case MK_HIDE_UDF_LIST: return read_lines(s, arg, v[0], s->hide_u) ? 0 : DW_EXIT_USAGE;
    case MK_SORT: o->sort_file = v[0]; break;
    case MK_SORT_WEIGHT: {
        char *end = NULL;
        long long w = strtoll(v[0], &end, 10);
        if (!end || end == v[0] || *end || w < G_MININT32 || w > G_MAXINT32)
            return usage(s, "%s %s: expected a weight from -2147483648 to 2147483647", arg, v[0]);
        dw_author_weight dw = { keep(s, g_strdup(v[1])), (int)w };
        g_array_append_val(s->weights, dw);
        break;
    }
    case MK_SORT_WEIGHT_LIST: {
        GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
        if (!read_lines(s, arg, v[0], lines)) {
            g_ptr_array_unref(lines);
            return DW_EXIT_USAGE;
        }
        g_array_set_size(s->weights, 0); /* only the last list counts, as xorriso */
        for (guint i = 0; i < lines->len; i++) {
            const char *l = g_ptr_array_index(lines, i);
            char *end = NULL;
            long long w = strtoll(l, &end, 10);
            if (!end || end == l || (*end != ' ' && *end != '\t') || w < G_MININT32 || w > G_MAXINT32) {
                g_ptr_array_unref(lines);
                return usage(s, "%s %s: line %u: expected \"WEIGHT PATH\"", arg, v[0], i + 1);
            }
            dw_author_weight dw = { keep(s, g_strdup(end + 1)), (int)w };
            g_array_append_val(s->weights, dw);
        }
        g_ptr_array_unref(lines);
        break;
    }
    case MK_PAD: s->pad = TRUE; break;
    case MK_NO_PAD: s->pad = FALSE; break;
    case MK_UDF: o->udf = DW_UDF_102; break;
    case MK_DVD_VIDEO: o->dvd_video = TRUE; break;
    case MK_C:
        if (!parse_c(v[0], &o->prev_msc1, &o->start_lba))
            return usage(s, "-C %s: expected msc1,nwa (two block numbers)", v[0]);
        s->c_set = TRUE;
        break;
    case MK_M: o->prev_image = v[0]; break;
    case MK_ISO_LEVEL:
        if (strcmp(v[0], "4") == 0)
            return usage(s, "-iso-level 4: not supported: no ISO 9660:1999 tree is written (levels 1 to 3)");
        if (strlen(v[0]) != 1 || v[0][0] < '1' || v[0][0] > '3')
            return usage(s, "-iso-level %s: expected 1, 2 or 3", v[0]);
        o->iso_level = v[0][0] - '0';
        break;
    case MK_JOLIET: o->joliet = TRUE; break;
    case MK_JOLIET_LONG: o->joliet = o->joliet_long = TRUE; break;
    case MK_ROCK: s->rock = TRUE; s->norock = FALSE; break;
    case MK_RATIONAL: s->rational = TRUE; s->norock = FALSE; break;
    case MK_NOROCK: s->norock = TRUE; s->rock = s->rational = FALSE; break;
    case MK_FULL_NAMES:
        s->full_names = TRUE;
        break;
    case MK_OMIT_PERIOD: o->iso_names |= DW_ISO_NO_DOT; break;
    case MK_OMIT_VERSION: o->iso_names |= DW_ISO_NO_VERSION; break;
    case MK_LOWERCASE: o->iso_names |= DW_ISO_LOWERCASE; break;
    case MK_RELAXED: o->iso_names |= DW_ISO_7BIT; break;
    case MK_LEADING_DOTS: o->iso_names |= DW_ISO_LEADING_DOT; break;
    case MK_NO_RELOCATE: o->no_relocate = TRUE; break;
    case MK_INPUT_CHARSET: {
        GIConv cd = g_iconv_open("UTF-8", v[0]);
        if (cd == (GIConv)-1)
            return usage(s, "-input-charset %s: unknown character set", v[0]);
        g_iconv_close(cd);
        o->input_charset = v[0];
        break;
    }
    case MK_UID: case MK_GID: {
        gboolean uid = opt->id == MK_UID;
        gboolean *set = uid ? &o->uid_set : &o->gid_set;
        if (!*v[0] || strcmp(v[0], "-") == 0) {
            *set = FALSE;
            break;
        }
        if (parse_uint(v[0], 0xFFFFFFFEul, &n)) {
            /* a number */
        } else if (uid) {
            struct passwd *pw = getpwnam(v[0]);
            if (!pw)
                return usage(s, "-uid %s: no such user (give a number or a local user name)", v[0]);
            n = pw->pw_uid;
        } else {
            struct group *gr = getgrnam(v[0]);
            if (!gr)
                return usage(s, "-gid %s: no such group (give a number or a local group name)", v[0]);
            n = gr->gr_gid;
        }
        *set = TRUE;
        if (uid)
            o->uid = (uid_t)n;
        else
            o->gid = (gid_t)n;
        break;
    }
    case MK_FILE_MODE: case MK_DIR_MODE: {
        gboolean f = opt->id == MK_FILE_MODE;
        if (!parse_mode(v[0], f ? &o->file_mode_and : &o->dir_mode_and, f ? &o->file_mode_or : &o->dir_mode_or))
            return usage(s, "%s %s: expected an octal mode (0555) or [ugoa]*[+-=][rwxst]*,...", arg, v[0]);
        *(f ? &o->file_mode_set : &o->dir_mode_set) = TRUE;
        break;
    }
    case MK_NEW_DIR_MODE: {
        char *end = NULL;
        unsigned long m = strtoul(v[0], &end, 8);
        if (!end || end == v[0] || *end || m > 07777)
            return usage(s, "-new-dir-mode %s: expected an octal mode", v[0]);
        o->new_dir_mode_set = TRUE;
        o->new_dir_mode = (unsigned)m;
        break;
    }
    case MK_VOLID: o->volid = v[0]; break;
    case MK_VOLSET: o->volset = v[0]; break;
    case MK_PUBLISHER: o->publisher = v[0]; break;
    case MK_APPID: o->appid = v[0]; break;
    case MK_SYSID: o->sysid = v[0]; break;
    case MK_PREPARER: o->preparer = v[0]; break;
    case MK_MOD_DATE: {
        const char *val = arg + strlen("--modification-date=");
        if (!parse_mod_date(val, &o->date, &o->date_centis))
            return usage(s, "--modification-date=%s: expected YYYYMMDDhhmmsscc (16 digits, GMT, 1970 to 2999)", val);
        o->date_set = o->date_volume_only = TRUE;
        break;
    }
    /* El Torito */
    case MK_B: entry_image(s, v[0], 0); break;
    case MK_E: entry_image(s, v[0], 0xEF); break;
    case MK_EFI_BOOT:
        if (!entry_attach(s))
            return DW_EXIT_USAGE;
        entry_image(s, v[0], 0xEF);
        s->cur.b.emul = DW_BOOT_NO_EMUL;
        s->cur.emul_set = TRUE;
        if (!entry_attach(s))
            return DW_EXIT_USAGE;
        break;
    case MK_ALT_BOOT:
        if (!entry_attach(s))
            return DW_EXIT_USAGE;
        break;
    case MK_CATALOG: o->boot_catalog = v[0]; break;
    case MK_CATALOG_HIDE: o->boot_catalog_hide = TRUE; break;
    case MK_LOAD_SIZE:
        s->cur.any = TRUE;
        if (strcmp(v[0], "full") == 0)
            s->cur.b.load_size = 0;
        else if (!parse_uint(v[0], 65535, &n) || n == 0)
            return usage(s, "-boot-load-size %s: expected 1 to 65535 or full", v[0]);
        else
            s->cur.b.load_size = (unsigned)n;
        break;
    case MK_HARD_DISK: s->cur.b.emul = DW_BOOT_HARD_DISK; s->cur.emul_set = s->cur.any = TRUE; break;
    case MK_NO_EMUL: s->cur.b.emul = DW_BOOT_NO_EMUL; s->cur.emul_set = s->cur.any = TRUE; break;
    case MK_BOOT_INFO: s->cur.b.boot_info_table = s->cur.any = TRUE; break;
    case MK_GRUB2_INFO: s->cur.b.grub2_boot_info = s->cur.any = TRUE; break;
    case MK_GPT_BASDAT: s->cur.b.gpt_basdat = s->cur.any = TRUE; s->cur.b.gpt_hfsplus = FALSE; break;
    case MK_GPT_HFSPLUS: s->cur.b.gpt_hfsplus = s->cur.any = TRUE; s->cur.b.gpt_basdat = FALSE; break;
    case MK_APM_HFSPLUS: s->cur.b.apm_hfsplus = s->cur.any = TRUE; break;
    /* system area */
    case MK_ISOHYBRID_MBR: case MK_GRUB2_MBR: case MK_G: {
        g_free(s->sysarea);
        s->sysarea = NULL;
        if (!dw_cli_read_sysarea(v[0], &s->sysarea, &s->sysarea_len, &s->error))
            return DW_EXIT_USAGE;
        if (opt->id == MK_ISOHYBRID_MBR) {
            o->isohybrid_mbr = v[0];
            o->grub2_mbr = FALSE;
        } else if (opt->id == MK_GRUB2_MBR) {
            o->grub2_mbr = TRUE;
            o->isohybrid_mbr = NULL;
        }
        break;
    }
    case MK_PML: o->protective_msdos_label = TRUE; o->isohybrid_mbr = NULL; break;
    case MK_FORCE_BOOTABLE: o->mbr_force_bootable = TRUE; break;
    case MK_PART_OFFSET:
        if (!parse_uint(v[0], 0xFFFFFFF, &n))
            return usage(s, "-partition_offset %s: expected a number of blocks", v[0]);
        o->partition_offset = (uint32_t)n;
        break;
    case MK_HD_CYL: case MK_SEC_HD: {
        gboolean hd = opt->id == MK_HD_CYL;
        if (!parse_uint(v[0], hd ? 255 : 63, &n))
            return usage(s, "%s %s: expected 0 (default) to %d", arg, v[0], hd ? 255 : 63);
        *(hd ? &o->mbr_heads : &o->mbr_sectors) = (int)n;
        break;
    }
    case MK_CYL_ALIGN:
        if (strcmp(v[0], "auto") == 0)
            o->cyl_align = DW_CYL_AUTO;
        else if (strcmp(v[0], "on") == 0)
            o->cyl_align = DW_CYL_ON;
        else if (strcmp(v[0], "off") == 0)
            o->cyl_align = DW_CYL_OFF;
        else if (strcmp(v[0], "all") == 0)
            o->cyl_align = DW_CYL_ALL;
        else
            return usage(s, "-partition_cyl_align %s: expected auto, on, off or all", v[0]);
        break;
    case MK_ISO_MBR_TYPE: {
        guint8 t;
        gboolean guid;
        guint8 g[16];
        if (strcmp(v[0], "default") == 0) {
            o->iso_mbr_type_set = o->iso_gpt_type_set = FALSE;
        } else if (dw_cli_parse_part_type(v[0], &t, &guid, g) && (guid || g_str_has_prefix(v[0], "0x") ||
                                                                  strspn(v[0], "0123456789") == strlen(v[0]))) {
            o->iso_mbr_type_set = TRUE;
            o->iso_mbr_type = t;
            o->iso_gpt_type_set = guid;
            if (guid)
                memcpy(o->iso_gpt_type, g, 16);
        } else {
            return usage(s, "-iso_mbr_part_type %s: expected default, 0x00 to 0xff or a type GUID", v[0]);
        }
        break;
    }
    case MK_APPEND_PART:
        if (!dw_cli_boot_add_partition(&s->boot, v[0], v[1], v[2], &s->error))
            return DW_EXIT_USAGE;
        break;
    case MK_APPENDED_GPT: o->gpt = TRUE; break;
    case MK_EFI_BOOT_PART:
        if (strcmp(v[0], "--efi-boot-image") == 0) {
            o->efi_boot_part = 1;
            o->efi_boot_part_file = NULL;
        } else if (g_str_has_prefix(v[0], "--interval:")) {
            return usage(s, "-efi-boot-part %s: give a file (intervals are not read here)", v[0]);
        } else {
            o->efi_boot_part = 0;
            o->efi_boot_part_file = v[0];
        }
        break;
    case MK_CHRP: o->chrp = TRUE; break;
    case MK_HFSPLUS: o->hfsplus = TRUE; break;
    case MK_HIDE_HFS: g_ptr_array_add(s->hide_h, g_strdup(v[0])); break;
    case MK_HIDE_HFS_LIST: return read_lines(s, arg, v[0], s->hide_h) ? 0 : DW_EXIT_USAGE;
    case MK_HFS_BLOCK: case MK_APM_BLOCK:
        if (strcmp(v[0], "0") && strcmp(v[0], "2048"))
            return usage(s, "%s %s: not supported: blocks of 2048 bytes only (%s)", arg, v[0],
                         opt->id == MK_APM_BLOCK ? "a GPT beside the map needs them" : "the ISO's own block size");
        break;
    case MK_HFS_TYPE: {
        if (strlen(v[0]) != 4 || strlen(v[1]) != 4)
            return usage(s, "%s %s %s: creator and type are 4 characters each", arg, v[0], v[1]);
        dw_author_hfs_type t = { .path = keep(s, g_strdup(v[2])) };
        memcpy(t.creator, v[0], 4);
        memcpy(t.type, v[1], 4);
        g_array_append_val(s->hfs_types, t);
        break;
    }
    case MK_HFS_BLESS_BY: {
        static const struct {
            const char *name, *abbr;
        } roles[DW_HFS_BLESS_N] = { { "ppc_bootdir", "p" }, { "intel_bootfile", "i" }, { "show_folder", "s" },
                                    { "os9_folder", "9" }, { "osx_folder", "x" } };
        int r = 0;
        while (r < DW_HFS_BLESS_N && strcmp(v[0], roles[r].name) && strcmp(v[0], roles[r].abbr))
            r++;
        if (r == DW_HFS_BLESS_N)
            return usage(s, "-hfs-bless-by %s: expected p, i, s, 9 or x (or ppc_bootdir, intel_bootfile, "
                         "show_folder, os9_folder, osx_folder)", v[0]);
        o->hfs_bless[r] = v[1];
        break;
    }
    case MK_HFS_SERIAL: {
        if (strlen(v[0]) != 16 || strspn(v[0], "0123456789abcdefABCDEF") != 16)
            return usage(s, "-hfsplus-serial-no %s: expected 16 hex digits", v[0]);
        for (int i = 0; i < 8; i++)
            o->hfs_serial[i] = (guint8)(g_ascii_xdigit_value(v[0][2 * i]) << 4 | g_ascii_xdigit_value(v[0][2 * i + 1]));
        o->hfs_serial_set = TRUE;
        break;
    }
    }
    return DW_EXIT_OK;
}

static void print_version(void)
{
    printf("mkisofs 2.01-Emulation Copyright (C) discwright %s (xorriso -as mkisofs compatible)\n", PACKAGE_VERSION);
    fprintf(stderr, "discwright %s\n", PACKAGE_VERSION);
}

static void state_free(mk_state *s)
{
    entry_reset(s);
    g_ptr_array_unref(s->paths);
    g_ptr_array_unref(s->excl);
    g_ptr_array_unref(s->hide);
    g_ptr_array_unref(s->hide_j);
    g_ptr_array_unref(s->hide_u);
    g_ptr_array_unref(s->hide_h);
    g_array_unref(s->hfs_types);
    g_ptr_array_unref(s->strs);
    g_array_unref(s->weights);
    g_free(s->sysarea);
    dw_cli_boot_clear(&s->boot);
    if (s->error)
        g_error_free(s->error);
}

/* Parse argv into s; returns an exit code (DW_EXIT_OK to go on, -1 for
 * -help / -version done). */
static int parse(mk_state *s, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            if (i + 1 < argc)
                return usage(s, "'%s' after '--': xorriso would run it as a native command; discwright mkisofs "
                             "takes mkisofs options only", argv[i + 1]);
            break;
        }
        if (arg[0] != '-' || !arg[1]) {
            g_ptr_array_add(s->paths, g_strdup(arg));
            continue;
        }
        const mk_opt *opt = dw_mk_find(arg);
        if (opt && (opt->id == MK_HELP || opt->id == MK_VERSION)) {
            /* to standard error, as xorriso (grub-mkrescue reads both streams) */
            if (opt->id == MK_HELP)
                dw_mk_print_help(stderr);
            else
                print_version();
            return -1;
        }
        if (!opt) {
            const char *why = dw_mk_refused(arg);
            if (why)
                return usage(s, "option '%s' is not supported: %s", arg, why);
            return usage(s, "unknown option '%s'", arg);
        }
        if (i + opt->nargs >= argc)
            return usage(s, "option '%s' needs %d value%s", arg, opt->nargs, opt->nargs > 1 ? "s" : "");
        int rc = handle(s, opt, arg, argv + i + 1);
        if (s->error && rc == DW_EXIT_OK)
            rc = DW_EXIT_USAGE;
        if (rc != DW_EXIT_OK) {
            if (s->error)
                usage(s, "%s", s->error->message);
            return rc;
        }
        i += opt->nargs;
    }
    if (!entry_attach(s))
        return usage(s, "%s", s->error->message);
    return DW_EXIT_OK;
}

int dw_cmd_mkisofs(dw_cli *cli, int argc, char **argv)
{
    mk_state st = { .cli = cli };
    mk_state *s = &st;
    dw_author_options_init(&s->o);
    s->o.joliet = FALSE;
    s->o.rock_ridge = FALSE;
    s->o.xorriso_sysarea = TRUE;
    s->pad = TRUE; /* -pad is xorriso's default */
    s->paths = g_ptr_array_new_with_free_func(g_free);
    s->excl = g_ptr_array_new_with_free_func(g_free);
    s->hide = g_ptr_array_new_with_free_func(g_free);
    s->hide_j = g_ptr_array_new_with_free_func(g_free);
    s->hide_u = g_ptr_array_new_with_free_func(g_free);
    s->hide_h = g_ptr_array_new_with_free_func(g_free);
    s->hfs_types = g_array_new(FALSE, TRUE, sizeof(dw_author_hfs_type));
    s->strs = g_ptr_array_new_with_free_func(g_free);
    s->weights = g_array_new(FALSE, TRUE, sizeof(dw_author_weight));
    dw_cli_boot_init(&s->boot);
    int rc = parse(s, argc, argv);
    if (rc == -1) {
        state_free(s);
        return DW_EXIT_OK;
    }
    dw_author_options *o = &s->o;
    if (rc == DW_EXIT_OK && o->prev_image && !s->c_set)
        rc = usage(s, "-M %s needs -C msc1,nwa (from discwright media or cdrecord -msinfo)", o->prev_image);
    if (rc == DW_EXIT_OK && s->paths->len == 0 && !o->prev_image)
        rc = usage(s, "no source given");
    if (rc != DW_EXIT_OK) {
        state_free(s);
        return rc;
    }
    if (!o->volid && !o->prev_image)
        o->volid = "ISOIMAGE"; /* xorriso's default volume id (a continued session keeps the library's) */
    o->rock_ridge = (s->rock || s->rational) && !s->norock;
    o->rational_rock = s->rational && !s->norock;
    o->pad_blocks = s->pad && !o->prev_image && !o->start_lba ? 150 : 0;
    if (s->full_names && o->iso_level == 1)
        o->iso_level = 2; /* -l: 31-character names, as xorriso makes level 1 into level 2 */
    g_ptr_array_add(s->excl, NULL);
    o->excludes = (const char *const *)s->excl->pdata;
    g_ptr_array_add(s->hide, NULL);
    o->hide = (const char *const *)s->hide->pdata;
    g_ptr_array_add(s->hide_j, NULL);
    o->hide_joliet = (const char *const *)s->hide_j->pdata;
    g_ptr_array_add(s->hide_u, NULL);
    o->hide_udf = (const char *const *)s->hide_u->pdata;
    g_ptr_array_add(s->hide_h, NULL);
    o->hide_hfsplus = (const char *const *)s->hide_h->pdata;
    o->hfs_types = (const dw_author_hfs_type *)(void *)s->hfs_types->data;
    o->n_hfs_types = s->hfs_types->len;
    o->weights = (const dw_author_weight *)(void *)s->weights->data;
    o->n_weights = s->weights->len;
    o->system_area = s->sysarea;
    o->system_area_len = s->sysarea_len;
    dw_author_graft *g = g_new0(dw_author_graft, s->paths->len + 1);
    char **strs = g_new0(char *, 2 * s->paths->len + 1);
    for (guint i = 0; i < s->paths->len; i++) {
        const char *pth = g_ptr_array_index(s->paths, i);
        if (s->graft_points)
            dw_cli_graft_parse(pth, &g[i], &strs[2 * i], &strs[2 * i + 1]);
        else
            g[i].source = pth;
    }
    o->grafts = g;
    o->n_grafts = s->paths->len;
    dw_cli_boot_apply(&s->boot, o);
    rc = dw_cli_author_run(cli, o, s->output, s->force, s->print_size);
    for (guint i = 0; i < 2 * s->paths->len; i++)
        g_free(strs[i]);
    g_free(strs);
    g_free(g);
    state_free(s);
    return rc;
}
