/* mkisofs_opts.c: the one table of what `discwright mkisofs` accepts.
 * -help is printed from it in the layout xorriso uses for
 * `xorriso -as mkisofs -help` (two spaces, spellings and arguments in a
 * 28-column field, the text after it), because build tools grep that
 * output to decide what to pass (grub-mkrescue looks for
 * "grub2-boot-info").  Options xorriso has but discwright does not build
 * are listed separately with the reason, are refused by name and never
 * appear in -help. */
#include "config.h"

#include <string.h>

#include "cli/mkisofs_opts.h"

static const mk_opt opts[] = {
    { "-f|-follow-links", 0, MK_FOLLOW, NULL, "Store what symbolic links point to" },
    { "-graft-points", 0, MK_GRAFT_POINTS, NULL, "Take pathspecs as TARGET=SOURCE" },
    { "-help|--help", 0, MK_HELP, NULL, "Print this option list" },
    { "-hfsplus", 0, MK_HFSPLUS, NULL, "Generate HFS+ filesystem (marked by an Apple Partition Map)" },
    { "-hfsplus-file-creator-type", 3, MK_HFS_TYPE, "CREATOR TYPE iso_rr_path", "Attach creator and type to a File" },
    { "-hfs-bless-by", 2, MK_HFS_BLESS_BY, "BLESS_TYPE ISO_RR_PATH", "Bless ISO_RR_PATH by BLESS_TYPE {p,i,s,9,x}" },
    { "-hfsplus-serial-no", 1, MK_HFS_SERIAL, "HEXSTRING", "HFS serial number: 16 characters [0-9a-fA-F]" },
    { "-hfsplus-block-size", 1, MK_HFS_BLOCK, "NUMBER", "Set HFS+ block size (2048; 0 = default)" },
    { "-apm-block-size", 1, MK_APM_BLOCK, "NUMBER", "Set Apple Partition Map block size (2048; 0 = default)" },
    { "-hide", 1, MK_HIDE, "GLOBFILE", "Leave matching files out of the ISO 9660/Rock Ridge tree (data kept)" },
    { "-hide-list", 1, MK_HIDE_LIST, "FILE", "File with -hide patterns, one a line" },
    { "-hide-joliet", 1, MK_HIDE_JOLIET, "GLOBFILE", "Leave matching files out of the Joliet tree" },
    { "-hide-joliet-list", 1, MK_HIDE_JOLIET_LIST, "FILE", "File with -hide-joliet patterns" },
    { "-hide-hfsplus", 1, MK_HIDE_HFS, "GLOBFILE", "Leave matching files out of the HFS+ tree" },
    { "-hide-hfsplus-list", 1, MK_HIDE_HFS_LIST, "FILE", "File with -hide-hfsplus patterns" },
    { "-hide-udf", 1, MK_HIDE_UDF, "GLOBFILE", "Leave matching files out of the UDF tree" },
    { "-hide-udf-list", 1, MK_HIDE_UDF_LIST, "FILE", "File with -hide-udf patterns" },
    { "-input-charset", 1, MK_INPUT_CHARSET, "CHARSET", "Character set of the names on disk (converted to UTF-8)" },
    { "-iso-level", 1, MK_ISO_LEVEL, "LEVEL", "ISO 9660 conformance level 1..3" },
    { "-J|-joliet", 0, MK_JOLIET, NULL, "Add a Joliet directory tree" },
    { "-joliet-long", 0, MK_JOLIET_LONG, NULL, "Allow Joliet names of 103 characters" },
    { "-allow-lowercase", 0, MK_LOWERCASE, NULL, "Keep lower case in ISO 9660 names (violates ISO 9660)" },
    { "-relaxed-filenames", 0, MK_RELAXED, NULL, "Allow 7-bit ASCII in ISO 9660 names (violates ISO 9660)" },
    { "-allow-leading-dots|-ldots|-L", 0, MK_LEADING_DOTS, NULL, "Let ISO 9660 names begin with '.' (violates ISO 9660)" },
    { "-d|-omit-period", 0, MK_OMIT_PERIOD, NULL, "No trailing period on ISO 9660 names (violates ISO 9660)" },
    { "-l|-full-iso9660-filenames", 0, MK_FULL_NAMES, NULL, "Allow 31 character ISO 9660 names" },
    { "-N|-omit-version-number", 0, MK_OMIT_VERSION, NULL, "No \";1\" on ISO 9660 names (violates ISO 9660)" },
    { "-D|-disable-deep-relocation", 0, MK_NO_RELOCATE, NULL,
      "Keep directories deeper than 8 levels in place (violates ISO 9660)" },
    { "-uid", 1, MK_UID, "uid", "Owner of every file and directory (number or name)" },
    { "-gid", 1, MK_GID, "gid", "Group of every file and directory (number or name)" },
    { "-o|-output", 1, MK_OUTPUT, "FILE", "Set output file name" },
    { "-force", 0, MK_FORCE, NULL, "Replace an existing output file" },
    { "-m|-exclude|-x|-old-exclude", 1, MK_EXCLUDE, "GLOBFILE", "Exclude matching files" },
    { "-exclude-list", 1, MK_EXCLUDE_LIST, "FILE", "File with -m patterns, one a line" },
    { "-no-bak|-nobak", 0, MK_NO_BAK, NULL, "Exclude backup files (*~, #*#, *.bak)" },
    { "-pad", 0, MK_PAD, NULL, "Pad output by 300k (default)" },
    { "-no-pad", 0, MK_NO_PAD, NULL, "Do not pad output" },
    { "-M|-prev-session|-dev", 1, MK_M, "FILE", "Image holding the previous session to continue" },
    { "-C|-cdrecord-params", 1, MK_C, "PARAMS", "msc1,nwa of the medium (discwright media)" },
    { "-dir-mode", 1, MK_DIR_MODE, "mode", "Permissions of every directory (octal, or u+x,go-w ...)" },
    { "-file-mode", 1, MK_FILE_MODE, "mode", "Permissions of every regular file" },
    { "-new-dir-mode", 1, MK_NEW_DIR_MODE, "mode", "Permissions of directories the image makes up (octal)" },
    { "-path-list", 1, MK_PATH_LIST, "FILE", "File with pathspecs, one a line (- = standard input)" },
    { "-print-size", 0, MK_PRINT_SIZE, NULL, "Print estimated filesystem size and exit" },
    { "-quiet", 0, MK_QUIET, NULL, "Run quietly" },
    { "-R|-rock", 0, MK_ROCK, NULL, "Add Rock Ridge (owners and modes as on disk)" },
    { "-r|-rational-rock", 0, MK_RATIONAL, NULL, "Add rationalized Rock Ridge (owner 0, a+r, no w)" },
    { "--norock", 0, MK_NOROCK, NULL, "No Rock Ridge (revokes -r and -R)" },
    { "-udf", 0, MK_UDF, NULL, "Add a UDF 1.02 bridge" },
    { "-dvd-video", 0, MK_DVD_VIDEO, NULL, "DVD-Video layout (VIDEO_TS first, UDF 1.02)" },
    { "-V|-volid", 1, MK_VOLID, "ID", "Set Volume ID" },
    { "-volset", 1, MK_VOLSET, "ID", "Set Volume set ID" },
    { "-P|-publisher", 1, MK_PUBLISHER, "PUB", "Set Volume publisher" },
    { "-A|-appid", 1, MK_APPID, "ID", "Set Application ID" },
    { "-sysid", 1, MK_SYSID, "ID", "Set System ID" },
    { "-p|-preparer", 1, MK_PREPARER, "PREP", "Set Volume preparer" },
    { "--modification-date=", 0, MK_MOD_DATE, "YYYYMMDDhhmmsscc", "Volume dates (GMT) and the ids derived from them" },
    { "-b|-eltorito-boot", 1, MK_B, "FILE", "Set El Torito boot image name" },
    { "-eltorito-alt-boot", 0, MK_ALT_BOOT, NULL, "Start specifying alternative El Torito boot parameters" },
    { "--efi-boot", 1, MK_EFI_BOOT, "FILE", "Add an El Torito EFI entry of its own (no emulation)" },
    { "-e|-efi-boot", 1, MK_E, "FILE", "Set EFI boot image name (or --interval:appended_partition_N:all::)" },
    { "-c|-eltorito-catalog", 1, MK_CATALOG, "FILE", "Set El Torito boot catalog name" },
    { "--boot-catalog-hide|-boot-catalog-hide", 0, MK_CATALOG_HIDE, NULL, "Hide boot catalog from the trees" },
    { "-boot-load-size", 1, MK_LOAD_SIZE, "#", "Set numbers of load sectors (or full)" },
    { "-hard-disk-boot", 0, MK_HARD_DISK, NULL, "Boot image is a hard disk image" },
    { "-no-emul-boot", 0, MK_NO_EMUL, NULL, "Boot image is 'no emulation' image" },
    { "-boot-info-table", 0, MK_BOOT_INFO, NULL, "Patch boot image with info table" },
    { "--grub2-boot-info", 0, MK_GRUB2_INFO, NULL, "Patch boot image at byte 2548" },
    { "-isohybrid-gpt-basdat", 0, MK_GPT_BASDAT, NULL, "Mark El Torito boot image as Basic Data in GPT" },
    { "-isohybrid-gpt-hfsplus", 0, MK_GPT_HFSPLUS, NULL, "Mark El Torito boot image as HFS+ in GPT" },
    { "-isohybrid-apm-hfsplus", 0, MK_APM_HFSPLUS, NULL, "Mark El Torito boot image as HFS+ in APM" },
    { "-iso_mbr_part_type", 1, MK_ISO_MBR_TYPE, "TYPE", "MBR type byte or GPT type GUID of the ISO partition" },
    { "-G|-generic-boot", 1, MK_G, "FILE", "Set generic boot image name (system area, 32 KiB)" },
    { "--embedded-boot", 1, MK_G, "FILE", "Alias of -G" },
    { "--protective-msdos-label", 0, MK_PML, NULL, "Patch System Area by partition table" },
    { "--mbr-force-bootable", 0, MK_FORCE_BOOTABLE, NULL, "Enforce existence of bootable flag in MBR" },
    { "-partition_offset", 1, MK_PART_OFFSET, "LBA", "Make image mountable by first partition, too" },
    { "-partition_sec_hd", 1, MK_SEC_HD, "NUMBER", "Define number of sectors per head" },
    { "-partition_hd_cyl", 1, MK_HD_CYL, "NUMBER", "Define number of heads per cylinder" },
    { "-partition_cyl_align", 1, MK_CYL_ALIGN, "MODE", "Control cylinder alignment: off, on, auto, all" },
    { "-efi-boot-part", 1, MK_EFI_BOOT_PART, "DISKFILE|--efi-boot-image", "Set data source for EFI System Partition" },
    { "-chrp-boot-part|-chrp-boot", 0, MK_CHRP, NULL, "Mark ISO image size by MBR partition type 0x96" },
    { "-append_partition", 3, MK_APPEND_PART, "NUMBER TYPE FILE", "Append FILE after image. TYPE is 0x.., a name "
      "or a GPT type GUID" },
    { "-appended_part_as_gpt", 0, MK_APPENDED_GPT, NULL, "mark appended partitions in GPT instead of MBR." },
    { "-isohybrid-mbr", 1, MK_ISOHYBRID_MBR, "FILE", "Set SYSLINUX mbr/isohdp[fp]x*.bin for isohybrid" },
    { "--grub2-mbr", 1, MK_GRUB2_MBR, "FILE", "Set GRUB2 MBR for boot image address patching" },
    { "--sort-weight", 2, MK_SORT_WEIGHT, "NUMBER FILE", "Set LBA weight number to file or file tree" },
    { "--sort-weight-list", 1, MK_SORT_WEIGHT_LIST, "DISKFILE", "Read list of NUMBER FILE pairs for --sort-weight" },
    { "-sort", 1, MK_SORT, "FILE", "Sort file content locations: lines PATH WEIGHT (disk paths)" },
    { "-cache-inodes|-no-cache-inodes", 0, MK_NOOP, NULL, "Accepted; hard links are always found" },
    { "-T|-translation-table", 0, MK_NOOP, NULL, "Accepted and ignored (as xorriso)" },
    { "-allow-multidot|-allow-limited-size", 0, MK_NOOP, NULL, "Accepted and ignored" },
    { "--no-emul-toc|--no_rc|-gui", 0, MK_NOOP, NULL, "Accepted; nothing to change here" },
    { "--stdio_sync", 1, MK_NOOP_ARG, "on|off|number", "Accepted; output is synced at the end" },
    { "-v|-verbose", 0, MK_VERBOSE, NULL, "Verbose" },
    { "-version", 0, MK_VERSION, NULL, "Print the current version" },
};

/* xorriso options that discwright mkisofs does not build, and why. */
static const struct {
    const char *names;
    const char *why;
} refused[] = {
    { "-hfs-bless", "bless by the path in the image: -hfs-bless-by p ISO_RR_PATH" },
    { "-appended_part_as_apm", "appended partitions are listed in MBR or GPT, not in the Apple Partition Map" },
    { "-part_like_isohybrid", "isohybrid-style partition marks are made only with -isohybrid-mbr" },
    { "-joliet-utf16|-untranslated_name_len|-U|-untranslated-filenames|-max-iso9660-filenames",
      "names beyond the ISO 9660 levels 1-3 and UCS-2 Joliet are not written" },
    { "-rr_reloc_dir|-hide-rr-moved", "deep directories are relocated to /rr_moved (or kept in place with -D)" },
    { "-z|-transparent-compression|--zisofs-version-2|--zisofs2-susp-z2|--zisofs2-susp-zf",
      "zisofs compression is not written" },
    { "--md5|--scdbackup_tag|--acl|--xattr|--xattr-any|--hardlinks|--for_backup|-file_name_limit",
      "xorriso's backup extensions (MD5 tags, ACLs, xattrs, AAIP) are not written" },
    { "-jigdo-jigdo|-jigdo-template|-jigdo-min-file-size|-jigdo-force-checksum|-jigdo-force-md5|-jigdo-exclude|"
      "-jigdo-map|-checksum-list|-md5-list|-jigdo-checksum-algorithm|-jigdo-template-compress|"
      "-checksum_algorithm_iso|-checksum_algorithm_template",
      "jigdo templates are not produced" },
    { "-mips-boot|-mipsel-boot|-B|-sparc-boot|-sparc-label|--grub2-sparc-core|-hppa-cmdline|-hppa-bootloader|"
      "-hppa-kernel-32|-hppa-kernel-64|-hppa-ramdisk|-hppa-hdrversion|-alpha-boot|-prep-boot-part",
      "boot blocks for MIPS, SPARC, HP-PA, Alpha and PReP are not written (x86 BIOS and UEFI only)" },
    { "-eltorito-platform|-eltorito-id|-eltorito-selcrit",
      "El Torito entries are BIOS (-b) or UEFI (-e); ids and selection criteria are not set" },
    { "--gpt_disk_guid", "GPT GUIDs are derived from the volume (reproducible), not given" },
    { "-root|-old-root|--old-root-no-md5|--old-root-no-ino|--old-root-devno|--quoted_path_list",
      "use graft points (-graft-points TARGET=SOURCE) instead" },
    { "--set_all_file_dates|--application_use|-abstract|-biblio|-copyright|-output-charset|-disallow_dir_id_ext|"
      "--old-empty|--emul-toc|-log-file",
      "not implemented in discwright mkisofs" },
};

static gboolean spelled(const char *names, const char *arg)
{
    size_t al = strlen(arg);
    for (const char *s = names; *s;) {
        const char *bar = strchr(s, '|');
        size_t l = bar ? (size_t)(bar - s) : strlen(s);
        if (l == al && memcmp(s, arg, l) == 0)
            return TRUE;
        if (!bar)
            break;
        s = bar + 1;
    }
    return FALSE;
}

static const mk_opt *find_exact(const char *arg)
{
    for (size_t i = 0; i < G_N_ELEMENTS(opts); i++)
        if (spelled(opts[i].names, arg))
            return &opts[i];
    return NULL;
}

const mk_opt *dw_mk_find(const char *arg)
{
    if (g_str_has_prefix(arg, "--modification-date="))
        return find_exact("--modification-date=");
    const mk_opt *o = find_exact(arg);
    if (o || arg[0] != '-')
        return o;
    /* Lenient about the number of dashes, as discwright always was. */
    if (arg[1] == '-')
        return arg[2] && arg[2] != '-' ? find_exact(arg + 1) : NULL;
    g_autofree char *two = g_strconcat("-", arg, NULL);
    return find_exact(two);
}

const char *dw_mk_refused(const char *arg)
{
    for (size_t i = 0; i < G_N_ELEMENTS(refused); i++)
        if (spelled(refused[i].names, arg))
            return refused[i].why;
    return NULL;
}

const mk_opt *dw_mk_option(size_t i)
{
    return i < G_N_ELEMENTS(opts) ? &opts[i] : NULL;
}

void dw_mk_print_options(FILE *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(opts); i++) {
        GString *left = g_string_new(NULL);
        gboolean eq = g_str_has_suffix(opts[i].names, "=");
        for (const char *s = opts[i].names; *s;) {
            const char *bar = strchr(s, '|');
            size_t l = bar ? (size_t)(bar - s) : strlen(s);
            if (left->len)
                g_string_append(left, ", ");
            g_string_append_len(left, s, (gssize)l);
            if (opts[i].args)
                g_string_append_printf(left, "%s%s", eq ? "" : " ", opts[i].args);
            if (!bar)
                break;
            s = bar + 1;
        }
        if (left->len <= 27)
            fprintf(out, "  %-28s%s\n", left->str, opts[i].help);
        else
            fprintf(out, "  %s\n%30s%s\n", left->str, "", opts[i].help);
        g_string_free(left, TRUE);
    }
}

void dw_mk_print_help(FILE *out)
{
    fprintf(out, "discwright %s : xorriso -as mkisofs emulation\n\n", PACKAGE_VERSION);
    fprintf(out, "Usage: discwright mkisofs [options] file...\n");
    fprintf(out, "Note: This is not mkisofs. See discwright help, man discwright, doc/boot.md\n");
    fprintf(out, "Options:\n");
    dw_mk_print_options(out);
}
