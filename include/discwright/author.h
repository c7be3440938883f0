/* author.h: build ISO 9660 (levels 1-3) + Joliet + Rock Ridge 1.12 images,
 * optionally bridged with UDF (1.02, 2.01, 2.50), from directory trees.
 *
 * One layout engine decides every file's extent once; the ISO, Joliet
 * and UDF trees all point at the same data.  The image is produced as a
 * pull stream with bounded memory: metadata (O(files)) is held in
 * memory, file data is read from the source files as the stream passes
 * them.  Output is reproducible: every timestamp the image records for
 * itself comes from opts->date (or SOURCE_DATE_EPOCH).
 *
 * Ownership: dw_author_plan_new() returns an owned plan that copies what
 * it needs from opts; dw_author_stream_new() returns an owned stream that
 * borrows the plan (the plan must outlive it).
 */
#ifndef DISCWRIGHT_AUTHOR_H
#define DISCWRIGHT_AUTHOR_H

#include <glib.h>
#include <stdint.h>
#include <time.h>

#include "job.h"

G_BEGIN_DECLS

#define DW_AUTHOR_BLOCK 2048

/* UDF revisions for dw_author_options.udf. */
enum { DW_UDF_NONE = 0, DW_UDF_102 = 0x0102, DW_UDF_201 = 0x0201, DW_UDF_250 = 0x0250 };

typedef struct {
    const char *target;           /* path inside the image ("/" or "/a/b"); NULL = "/" */
    const char *source;           /* file or directory on disk */
} dw_author_graft;

/* Read blocks [lba, lba + n) of 2048 bytes of the medium holding the
 * previous session into buf; FALSE with error set when they cannot be read. */
typedef gboolean (*dw_author_read_fn)(void *user, uint64_t lba, void *buf, size_t n, GError **error);
/* El Torito emulation types of a boot entry. */
typedef enum { DW_BOOT_NO_EMUL = 0, DW_BOOT_FLOPPY, DW_BOOT_HARD_DISK } dw_boot_emul;

/* One El Torito boot entry.  The first entry is the catalog's initial
 * (default) entry, the others get a section each. */
typedef struct {
    const char *image;            /* path of the boot image in the image tree ("/isolinux/isolinux.bin");
                                     NULL when appended_part is set */
    int appended_part;            /* 1..4: the image is that appended partition (an EFI ESP); 0 = a tree file */
    guint8 platform;              /* 0 = x86 BIOS, 0xEF = UEFI */
    dw_boot_emul emul;
    unsigned load_size;           /* virtual 512-byte sectors to load (no emulation); 0 = the whole image
                                     in 2048-byte blocks (at most 65535), as mkisofs does; isolinux wants 4 */
    gboolean boot_info_table;     /* patch bytes 8..63 of the image's copy in the output (isolinux) */
    gboolean grub2_boot_info;     /* patch bytes 2548..2555 with the image's 512-byte address + 5 */
    gboolean gpt_basdat;          /* also list the image as a partition (GPT basic data / MBR 0xEF) */
    gboolean gpt_hfsplus;         /* xorriso style: list it in GPT as an HFS+ partition (-isohybrid-gpt-hfsplus) */
    gboolean apm_hfsplus;         /* xorriso style: list it in an Apple Partition Map as Apple_HFS
                                     (-isohybrid-apm-hfsplus; needs an isohybrid MBR) */
} dw_author_boot;

/* A file appended after the ISO image as a partition (-append_partition). */
typedef struct {
    int number;                   /* MBR/GPT slot 1..4; 1 cannot be used together with the ISO partition */
    guint8 type;                  /* MBR type (0xEF = EFI system partition, also the GPT type then) */
    const char *source;           /* file on disk */
    gboolean type_guid_set;       /* type_guid is the GPT type (then type is its MBR stand-in) */
    guint8 type_guid[16];         /* GPT partition type, in the on-disk (mixed-endian) byte order */
    uint64_t offset, length;      /* only these bytes of source (an interval); length 0 = to the end */
} dw_author_partition;

/* --sort-weight: files at or below path (in the image) get weight. */
typedef struct {
    const char *path;
    int weight;
} dw_author_weight;

/* -hfsplus-file-creator-type: Finder creator and type of a file. */
typedef struct {
    const char *path;             /* in the image */
    char creator[4], type[4];
} dw_author_hfs_type;

/* -hfs-bless-by: the roles HFS+ keeps in its volume header. */
enum { DW_HFS_BLESS_PPC_BOOTDIR, DW_HFS_BLESS_INTEL_BOOTFILE, DW_HFS_BLESS_SHOW_FOLDER, DW_HFS_BLESS_OS9_FOLDER,
       DW_HFS_BLESS_OSX_FOLDER, DW_HFS_BLESS_N };

/* ISO 9660 name relaxations (dw_author_options.iso_names), as mkisofs. */
enum {
    DW_ISO_NO_DOT = 1 << 0,       /* -d: no trailing '.' on names without an extension */
    DW_ISO_NO_VERSION = 1 << 1,   /* -N: no ";1" */
    DW_ISO_LOWERCASE = 1 << 2,    /* -allow-lowercase */
    DW_ISO_7BIT = 1 << 3,         /* -relaxed-filenames: any printable ASCII but '/' and ';' */
    DW_ISO_LEADING_DOT = 1 << 4,  /* -allow-leading-dots: a name may begin with '.' */
};

/* Cylinder alignment of hybrid images (-partition_cyl_align). */
typedef enum { DW_CYL_AUTO = 0, DW_CYL_ON, DW_CYL_OFF, DW_CYL_ALL } dw_cyl_align;

typedef struct dw_author_options {
    const dw_author_graft *grafts; /* n_grafts entries; a directory source merges its contents at target */
    size_t n_grafts;
    int iso_level;                /* 1, 2 or 3 (0 = 3) */
    gboolean joliet;              /* Joliet tree (64 characters) */
    gboolean joliet_long;         /* Joliet names up to 103 characters */
    gboolean rock_ridge;          /* Rock Ridge 1.12 */
    gboolean rational_rock;       /* owners 0, modes normalised (a+r, a+x where any x, no w/s bits) */
    unsigned udf;                 /* DW_UDF_* revision; 0 = no UDF */
    gboolean udf_only;            /* UDF without the ISO 9660 trees (still with a minimal PVD) */
    gboolean udf_embed;           /* keep small directories and symlink bodies inside their (E)FE (ICB
                                     allocation type 3): saves a block each, but pycdlib, libdvdread and older
                                     hardware cannot read such images; off by default, refused with dvd_video */
    const char *volid, *volset, *publisher, *preparer, *appid, *sysid; /* NULL = defaults */
    const char *const *excludes;  /* NULL-terminated glob patterns (matched against name and source path) */
    gboolean follow_links;        /* store what symlinks point to */
    gboolean skip_unreadable;     /* warn and leave out unreadable sources instead of failing */
    const char *sort_file;        /* lines "PATH WEIGHT": higher weights are placed first */
    gboolean dvd_video;           /* DVD-Video: VIDEO_TS files in the physical order, at the sectors their
                                     IFOs record (padded between files), UDF 1.02; udf must be 0 or 1.02 */
    gboolean bdmv;                /* Blu-ray: /BDMV (index.bdmv, MovieObject.bdmv checked) and /CERTIFICATE
                                     (added when missing), navigation files first, UDF 2.50; udf 0 or 2.50 */
    gboolean date_set;            /* date is valid; otherwise SOURCE_DATE_EPOCH, else now */
    time_t date;
    unsigned date_centis;         /* hundredths of a second of the volume dates (0..99) */
    gboolean date_volume_only;    /* the date is the volume's own (descriptors, catalog, ids): file times stay
                                     as on disk (xorriso --modification-date); else they are clamped to it */
    /* mkisofs name and attribute options */
    unsigned iso_names;           /* DW_ISO_* bits */
    const char *const *hide;      /* NULL-terminated patterns: left out of the ISO 9660/RR tree (data kept) */
    const char *const *hide_joliet; /* ... of the Joliet tree */
    const char *const *hide_udf;  /* ... of the UDF tree */
    const char *const *hide_hfsplus; /* ... of the HFS+ tree */
    const char *input_charset;    /* source names are in this charset (NULL = UTF-8) */
    gboolean uid_set, gid_set;    /* every file and directory gets uid / gid */
    uid_t uid;
    gid_t gid;
    gboolean file_mode_set, dir_mode_set; /* permission bits = (bits & and) | or, after rational_rock */
    unsigned file_mode_and, file_mode_or, dir_mode_and, dir_mode_or;
    gboolean new_dir_mode_set;    /* mode of directories the image makes up (graft parents) */
    unsigned new_dir_mode;
    const dw_author_weight *weights; /* n_weights, applied in order (a later one wins) */
    size_t n_weights;
    uint32_t pad_blocks;          /* zero blocks at the end (mkisofs -pad: 150) */
    gboolean no_relocate;         /* keep directories deeper than 8 levels in place (mkisofs -D) */
    /* El Torito (n_boot entries; none = not bootable).  All strings and
     * arrays are borrowed; the plan copies them. */
    const dw_author_boot *boot;
    size_t n_boot;                /* at most 31 */
    const char *boot_catalog;     /* catalog path in the tree (NULL = "/boot.catalog") */
    gboolean boot_catalog_hide;   /* the catalog gets blocks but no directory entry */
    /* Hybrid disk image (USB sticks). */
    const char *isohybrid_mbr;    /* file whose first 432 bytes become the MBR boot code (isohdpfx.bin),
                                     patched with the BIOS boot image's address; NULL = none */
    const dw_author_partition *partitions; /* n_partitions files appended after the ISO */
    size_t n_partitions;
    gboolean gpt;                 /* GPT (protective MBR, primary and backup) instead of MBR partitions */
    uint32_t partition_offset;    /* -partition_offset (blocks): MBR/GPT partition 1 starts there and a second
                                     descriptor set + ISO/Joliet tree addressed from it is written, so the
                                     partition alone is a valid ISO (not with UDF); 0 = none */
    /* System area as xorriso -as mkisofs makes it (the mkisofs front door).
     * With xorriso_sysarea the MBR, GPT and APM follow xorriso's rules
     * (doc/boot.md); gpt then means -appended_part_as_gpt. */
    gboolean xorriso_sysarea;
    const guint8 *system_area;    /* -G / --grub2-mbr: bytes for the start of the image (<= 32768) */
    size_t system_area_len;
    gboolean grub2_mbr;           /* patch the first boot image's 512-byte address + 4 at byte 432 */
    gboolean protective_msdos_label; /* MBR partition 1 claims the image from sector 1 */
    gboolean mbr_force_bootable;  /* make sure an MBR entry carries the bootable flag */
    dw_cyl_align cyl_align;
    gboolean iso_mbr_type_set;    /* -iso_mbr_part_type: the ISO partition's MBR type byte */
    guint8 iso_mbr_type;
    gboolean iso_gpt_type_set;    /* iso_gpt_type is the ISO partition's GPT type */
    guint8 iso_gpt_type[16];
    int efi_boot_part;            /* -efi-boot-part: 1 = the first UEFI boot image (--efi-boot-image) */
    const char *efi_boot_part_file; /* -efi-boot-part FILE: that file inside the image, listed as ESP */
    gboolean chrp;                /* -chrp-boot: MBR partition 1 of type 0x96 over the whole image */
    int mbr_heads, mbr_sectors;   /* -partition_hd_cyl, -partition_sec_hd: MBR geometry (0 = 64 x 32) */
    /* HFS+ (-hfsplus, with xorriso_sysarea): a second file system over the
     * same file data, marked by an Apple Partition Map (and in GPT). */
    gboolean hfsplus;
    const dw_author_hfs_type *hfs_types; /* n_hfs_types, borrowed */
    size_t n_hfs_types;
    const char *hfs_bless[DW_HFS_BLESS_N]; /* paths in the image, NULL = none */
    gboolean hfs_serial_set;
    guint8 hfs_serial[8];         /* -hfsplus-serial-no */
    /* Multisession (mkisofs -C msc1,nwa -M prev).  With a previous
     * session the new tree keeps its files (pointing into the old
     * sessions, no data copied) and the grafts are merged over it: a new
     * file replaces an old one of the same path, directories merge.  The
     * new session is laid out from start_lba with absolute addresses and
     * the stream produces only its blocks.  UDF is refused here. */
    const char *prev_image;       /* image, block device or the stdio file holding the previous sessions */
    dw_author_read_fn prev_read;  /* or: read blocks of the medium (prev_image NULL) */
    void *prev_user;
    uint32_t prev_msc1;           /* start of the previous session (its descriptors at +16); 0 for grown media */
    uint32_t start_lba;           /* first block of the new session (the nwa); 0 with a previous session =
                                     the previous end rounded up to 32 blocks */
} dw_author_options;

/* Fill opts with the defaults (level 3, Joliet, Rock Ridge, no UDF). */
void dw_author_options_init(dw_author_options *opts);

typedef struct dw_author_plan dw_author_plan;
typedef struct dw_author_stream dw_author_stream;

/* Scan the sources and lay the image out.  NULL with error on failure
 * (a missing or unreadable source is named in the message). */
dw_author_plan *dw_author_plan_new(const dw_author_options *opts, dw_job *job, GError **error);
/* Blocks of 2048 bytes the stream will produce. */
uint64_t dw_author_plan_blocks(const dw_author_plan *plan);
void dw_author_plan_free(dw_author_plan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_author_plan, dw_author_plan_free)

dw_author_stream *dw_author_stream_new(dw_author_plan *plan, GError **error);
/* Fills up to len bytes; returns bytes produced, 0 at the end, -1 with
 * error set (a source that cannot be read or changed size). */
gssize dw_author_stream_read(dw_author_stream *s, void *buf, gsize len, GError **error);
void dw_author_stream_free(dw_author_stream *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_author_stream, dw_author_stream_free)

/* First block (absolute LBA) of the session the plan makes: start_lba. */
uint32_t dw_author_plan_start(const dw_author_plan *plan);
/* For growing an ISO in place: blocks 0..31 to rewrite at LBA 0 (the new
 * session's system area and volume descriptors, whose addresses are
 * absolute and whose volume size covers the whole grown image).  FALSE
 * with error only when the plan cannot be rendered. */
gboolean dw_author_plan_superblock(const dw_author_plan *plan, guint8 out[65536], GError **error);

/* Write the whole image to path ("-" = stdout) through a temporary name
 * and a rename; an existing path is an error (DW_ERROR_EXISTS) unless force. */
gboolean dw_author_write(const dw_author_options *opts, const char *path, gboolean force, dw_job *job,
                         GError **error);

G_END_DECLS

#endif
