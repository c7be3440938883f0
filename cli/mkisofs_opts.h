/* mkisofs_opts.h: the option table of `discwright mkisofs` (the
 * `xorriso -as mkisofs` emulation): every accepted spelling with its
 * argument count and help line, the options refused by name with the
 * reason, and the -help text printed from the table. */
#ifndef DW_CLI_MKISOFS_OPTS_H
#define DW_CLI_MKISOFS_OPTS_H

#include <glib.h>
#include <stdio.h>

typedef enum {
    MK_OUTPUT, MK_PRINT_SIZE, MK_QUIET, MK_VERBOSE, MK_HELP, MK_VERSION, MK_FORCE, MK_NOOP, MK_NOOP_ARG,
    /* file insertion */
    MK_GRAFT_POINTS, MK_PATH_LIST, MK_EXCLUDE, MK_EXCLUDE_LIST, MK_FOLLOW, MK_HIDE, MK_HIDE_LIST, MK_HIDE_JOLIET,
    MK_HIDE_JOLIET_LIST, MK_HIDE_UDF, MK_HIDE_UDF_LIST, MK_SORT, MK_SORT_WEIGHT, MK_SORT_WEIGHT_LIST, MK_NO_BAK,
    /* image production */
    MK_PAD, MK_NO_PAD, MK_UDF, MK_DVD_VIDEO, MK_C, MK_M,
    /* names and trees */
    MK_ISO_LEVEL, MK_JOLIET, MK_JOLIET_LONG, MK_ROCK, MK_RATIONAL, MK_NOROCK, MK_FULL_NAMES, MK_OMIT_PERIOD,
    MK_OMIT_VERSION, MK_LOWERCASE, MK_RELAXED, MK_LEADING_DOTS, MK_NO_RELOCATE, MK_INPUT_CHARSET, MK_UID, MK_GID,
    MK_FILE_MODE, MK_DIR_MODE, MK_NEW_DIR_MODE,
    /* volume ids */
    MK_VOLID, MK_VOLSET, MK_PUBLISHER, MK_APPID, MK_SYSID, MK_PREPARER, MK_MOD_DATE,
    /* El Torito */
    MK_B, MK_E, MK_EFI_BOOT, MK_ALT_BOOT, MK_CATALOG, MK_CATALOG_HIDE, MK_LOAD_SIZE, MK_HARD_DISK, MK_NO_EMUL,
    MK_BOOT_INFO, MK_GRUB2_INFO, MK_GPT_BASDAT, MK_GPT_HFSPLUS, MK_APM_HFSPLUS,
    /* system area */
    MK_ISOHYBRID_MBR, MK_GRUB2_MBR, MK_G, MK_PML, MK_FORCE_BOOTABLE, MK_PART_OFFSET, MK_HD_CYL, MK_SEC_HD,
    MK_CYL_ALIGN, MK_ISO_MBR_TYPE, MK_APPEND_PART, MK_APPENDED_GPT, MK_EFI_BOOT_PART, MK_CHRP,
    /* HFS+ */
    MK_HFSPLUS, MK_HFS_TYPE, MK_HFS_BLESS_BY, MK_HFS_SERIAL, MK_HFS_BLOCK, MK_APM_BLOCK, MK_HIDE_HFS, MK_HIDE_HFS_LIST,
} mk_id;

typedef struct {
    const char *names;           /* spellings, '|' between them ("-o|-output") */
    int nargs;                   /* arguments that follow (0..3) */
    mk_id id;
    const char *args;            /* how the arguments are shown in -help */
    const char *help;            /* one line */
} mk_opt;

/* The option spelled arg (exactly, or with one dash more or fewer), NULL if none. */
const mk_opt *dw_mk_find(const char *arg);
/* Why an option xorriso knows is not taken, NULL when arg is not one of them. */
const char *dw_mk_refused(const char *arg);
/* -help: the accepted options in the layout of `xorriso -as mkisofs -help`. */
void dw_mk_print_help(FILE *out);
/* Just the option lines of -help (for `discwright help mkisofs`). */
void dw_mk_print_options(FILE *out);
/* The i-th accepted option, NULL past the last (for the manual page and
 * the bash completion, which list every spelling). */
const mk_opt *dw_mk_option(size_t i);

#endif
