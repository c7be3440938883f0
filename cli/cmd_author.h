/* cmd_author.h: what cmd_author.c shares with the mkisofs front door. */
#ifndef DW_CLI_CMD_AUTHOR_H
#define DW_CLI_CMD_AUTHOR_H

#include <discwright/discwright.h>

#include "cli/cli.h"


gboolean dw_cli_parse_udf(const char *v, unsigned *out);
gboolean dw_cli_parse_date(const char *v, time_t *out);
/* Split SOURCE or TARGET=SOURCE; the two strings are returned owned. */
void dw_cli_graft_parse(const char *arg, dw_author_graft *g, char **tgt_out, char **src_out);
/* Plan and write (or print the size); returns an exit code. */
/* Boot options being collected (boot_opts.c); zero-initialised, owns
 * its strings and arrays until dw_cli_boot_clear(). */
typedef struct {
    GArray *entries;             /* dw_author_boot */
    GArray *parts;               /* dw_author_partition */
    GPtrArray *strs;
} dw_cli_boot;
void dw_cli_boot_init(dw_cli_boot *b);
void dw_cli_boot_clear(dw_cli_boot *b);
/* A new entry; image is a path in the image tree or an appended
 * partition ("--interval:appended_partition_N:all::", "appended:N").
 * The pointer is valid until the next entry is added. */
dw_author_boot *dw_cli_boot_add(dw_cli_boot *b, const char *image, guint8 platform, dw_boot_emul emul,
                                GError **error);
dw_author_boot *dw_cli_boot_last(dw_cli_boot *b, const char *option, GError **error);
gboolean dw_cli_boot_add_partition(dw_cli_boot *b, const char *num, const char *type, const char *file,
                                   GError **error);
/* "NUMBER:TYPE:FILE" */
gboolean dw_cli_boot_add_partition_spec(dw_cli_boot *b, const char *spec, GError **error);
/* Point o's boot and partition arrays at b (borrowed). */
void dw_cli_boot_apply(dw_cli_boot *b, dw_author_options *o);
/* A GPT type GUID, as 32 hex digits (disk byte order) or RFC 4122 text. */
gboolean dw_cli_parse_guid(const char *t, guint8 out[16]);
/* An appended partition type: 0xNN, a name (FAT12 FAT16 FAT32 Linux EFI) or a
 * GUID (then *guid_set and the MBR stand-in 0xEF for the ESP, else 0x83). */
gboolean dw_cli_parse_part_type(const char *t, guint8 *type, gboolean *guid_set, guint8 guid[16]);
/* xorriso's interval reader description, "--interval:local_fs:START-END:ZEROIZERS:FILE". */
typedef struct {
    char *path;                  /* owned */
    gboolean all;                /* the whole file (INTERVAL "all") */
    uint64_t start, end;         /* bytes, end included */
    gboolean zero_mbrpt, zero_gpt, zero_apm;
    uint64_t zero[8][2];         /* byte ranges to zero, relative to start, end included */
    unsigned n_zero;
} dw_cli_interval;
gboolean dw_cli_interval_parse(const char *spec, dw_cli_interval *iv, GError **error);
void dw_cli_interval_clear(dw_cli_interval *iv);
/* Apply iv's zeroizers to the n bytes read (buf[0] = the interval's first byte). */
void dw_cli_interval_zero(const dw_cli_interval *iv, guint8 *buf, size_t n);
/* A system area template (-G, --grub2-mbr, -isohybrid-mbr): a file or an
 * interval, at most 32768 bytes, zeroizers applied.  *data owned. */
gboolean dw_cli_read_sysarea(const char *spec, guint8 **data, gsize *len, GError **error);
int dw_cli_author_run(dw_cli *cli, dw_author_options *o, const char *output, gboolean force, gboolean print_size);

#endif
