/* vd.h: private interface of the virtual MMC drive (tests/vdrive).
 *
 * Three layers: a disc image (vd_image: sectors, subchannel and TOC of a
 * CloneCD .ccd/.img/.sub set or an ISO), the drive (vd_drive: image plus
 * fault map, read offset, speed model, trace log, sense state), and the
 * front ends that speak to programs (MMC commands, kernel CD-ROM ioctls,
 * libc interposition).  The MMC and ioctl layers see the disc only
 * through vd_image, so the loader can change without touching them.
 * Everything here is plain C over libc; objects are owned by whoever
 * created them (vd_image_free, vd_drive_free).
 */
#ifndef DW_VDRIVE_VD_H
#define DW_VDRIVE_VD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* ---- disc image ---------------------------------------------------- */
typedef enum { VD_CD = 0, VD_DVD, VD_BD } vd_profile;

typedef struct {
    uint8_t session, adr, control, tno, point;
    uint8_t min, sec, frame, zero, pmin, psec, pframe;   /* binary */
} vd_toc_entry;

typedef struct {
    int number, session;
    uint8_t control;             /* DW_CTRL_* nibble */
    int mode;                    /* 0 audio, 1 mode 1, 2 mode 2 */
    int32_t start;               /* LBA of index 1 */
    int32_t end;                 /* first LBA after the track (next track's start or lead-out) */
    int n_index;                 /* index[0..n_index-1]; index[0] = -1 when no pregap known */
    int32_t index[100];
    char isrc[13];
} vd_track;

typedef struct {
    int number, first_track, last_track;
    uint8_t format;              /* A0 PSec: 0x00, 0x10 CD-i, 0x20 XA */
    int32_t leadout;
} vd_session;

typedef struct vd_image {
    vd_profile kind;             /* VD_CD for .ccd, VD_DVD for .iso */
    int32_t n_sectors;           /* sectors stored (LBA 0 ..) */
    int32_t leadout;             /* lead-out of the last session (CD), or n_sectors */
    int n_tracks, n_sessions, n_toc;
    vd_track tracks[99];
    vd_session sessions[99];
    vd_toc_entry toc[512];
    char mcn[14];
    uint8_t *cdtext;             /* raw packs (18 bytes each), owned; NULL when none */
    size_t cdtext_len;
    int img_fd, sub_fd;          /* sub_fd -1 when there is no .sub */
} vd_image;

/* Load a .ccd (with .img and optional .sub beside it) or an .iso.  On
 * failure returns NULL and writes a message into err (size errlen). */
vd_image *vd_image_open(const char *path, char *err, size_t errlen);
void vd_image_free(vd_image *img);
/* Raw 2352-byte sector (CD) or 2048-byte block (DVD/BD).  false outside
 * the stored image or on a read error. */
bool vd_image_read(const vd_image *img, int32_t lba, uint8_t *out);
/* 96 bytes of subchannel in CloneCD packed layout (P[12] Q[12] R..W);
 * from the .sub or, without one, P/Q generated from the TOC. */
bool vd_image_read_sub(const vd_image *img, int32_t lba, uint8_t packed[96]);
/* Track holding lba (pregap counts to the track), or NULL. */
const vd_track *vd_image_track_at(const vd_image *img, int32_t lba);
const vd_track *vd_image_track(const vd_image *img, int number);
size_t vd_image_block_size(const vd_image *img);

/* ---- small helpers shared by the layers (vd_util.c) ---------------- */
uint16_t vd_crc16(const uint8_t *data, size_t len);          /* CCITT, init 0 */
uint32_t vd_edc(const uint8_t *data, size_t len);
/* P and Q parity of a data sector (Mode 2 Form 1: zero_header). */
void vd_ecc(uint8_t sector[2352], bool zero_header);
/* ECMA-130 scrambler over bytes 12..2351 (its own inverse). */
void vd_scramble(uint8_t sector[2352]);
uint8_t vd_bcd(int v);
int vd_unbcd(uint8_t b);
void vd_lba_to_msf(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f);   /* absolute, +150 */
int32_t vd_msf_to_lba(int m, int s, int f);
void vd_sub_packed_to_raw(const uint8_t packed[96], uint8_t raw[96]);
/* Q frame (12 bytes with CRC) for an ADR-1 position. */
void vd_q_position(uint8_t q[12], uint8_t control, int track, int index, int32_t rel, int32_t abs_lba);
void vd_put_be16(uint8_t *p, uint32_t v);
void vd_put_be32(uint8_t *p, uint32_t v);
uint32_t vd_get_be16(const uint8_t *p);
/* Write all len bytes at off (EINTR retried); false on any failure. */
bool vd_pwrite_all(int fd, const uint8_t *buf, size_t len, off_t off);
uint32_t vd_get_be24(const uint8_t *p);
uint32_t vd_get_be32(const uint8_t *p);

/* ---- the drive ------------------------------------------------------ */
/* Sector kinds for READ CD's expected sector type. */
enum { VD_SEC_AUDIO = 1, VD_SEC_MODE1 = 2, VD_SEC_MODE2 = 3, VD_SEC_FORM1 = 4, VD_SEC_FORM2 = 5,
       VD_SEC_MODE0 = 6 };

/* Result of reading one sector through the fault and offset models. */
enum { VD_READ_OK = 0, VD_READ_OUT_OF_RANGE, VD_READ_UNREADABLE };

typedef struct vd_drive {
    vd_image *img;
    vd_profile profile;
    char *device;                /* claimed path, owned */
    char *fault_status;          /* per block status char ('+', '-', '/', '*', '?'), owned, may be NULL */
    int64_t fault_blocks;
    uint32_t fault_block_size;   /* 2352 or 2048 */
    int offset;                  /* read offset correction in samples (AccurateRip/EAC sign):
                                  * reading LBA L yields true samples from L*588 - offset */
    bool no_d8;                  /* DW_VDRIVE_NO_D8: refuse READ CD-DA 0xD8 like most drives */
    int overread;                /* DW_VDRIVE_OVERREAD: sectors of lead-in/lead-out readable as audio */
    int layers;                  /* DVD: 1 or 2 (DW_VDRIVE_LAYERS, default by size) */
    int32_t layer_break;         /* DVD: sectors in layer 0 (DW_VDRIVE_LAYER_BREAK) */
    uint8_t bca[188];            /* DVD: DW_VDRIVE_BCA contents */
    size_t bca_len;              /* 0: no BCA */
    double speed_x;              /* 0 = no delay */
    double speed_cap_x;          /* from SET CD SPEED (0 = none) */
    double cmd_ms, seek_ms, slow_ms;
    int64_t busy_until_ns;       /* speed model timeline (CLOCK_MONOTONIC) */
    int32_t head;                /* LBA after the last read (seek model, CDROMSUBCHNL) */
    int log_fd;                  /* -1 when no log */
    uint32_t read_count;         /* varies unstable sectors per read */
    uint32_t charges;            /* vd_drive_charge calls (one command latency per MMC command) */
    bool in_exec;                /* in vd_mmc_exec: charges wait at its end (vd_drive_wait) */
    bool ejected, locked;
    uint8_t sense[18];           /* last sense for REQUEST SENSE */
    int sg_reserved, sg_timeout;
    struct vd_cache *cache;      /* read cache model (vd_cache.c), NULL when off */
    int cache_kb;                /* DW_VDRIVE_CACHE */
    bool cache_fua;              /* DW_VDRIVE_CACHE_FUA: FUA reads empty the cache */
    bool no_c2;                  /* DW_VDRIVE_NO_C2: no C2 error pointers */
    /* The recorder (vd_rec.h) when DW_VDRIVE_MEDIUM is set, else NULL;
     * the data-out buffer of the command being run (WRITE, MODE SELECT,
     * SEND CUE SHEET), set by the SG_IO and CDROM_SEND_PACKET paths. */
    struct vd_rec *rec;
    const uint8_t *dout;
    size_t dout_len;
    struct vd_changer *changer;  /* the disc changer of a DW_VDRIVE_CHANGER drive, owned; else NULL */
    int max_kb;                  /* DW_VDRIVE_MAX_SECTORS_KB: queue transfer limit (0 none) */
} vd_drive;

/* Build a drive from the environment (DW_VDRIVE_*); NULL with a message
 * in err when the image or fault map cannot be loaded. */
vd_drive *vd_drive_from_env(char *err, size_t errlen);
/* The same for an explicit image, device, fault map and profile (NULLs:
 * none / by the image); the other settings come from the environment. */
vd_drive *vd_drive_new_for(const char *image, const char *device, const char *faults, const char *profile,
                           char *err, size_t errlen);
void vd_drive_free(vd_drive *d);
void vd_drive_log(vd_drive *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sector kind (VD_SEC_*) of lba from the stored bytes and track mode. */
int vd_drive_sector_kind(vd_drive *d, int32_t lba);
/* Read lba with faults: raw 2352 bytes + 294 C2 bytes (CD), or 2048
 * (DVD/BD, c2 may be NULL).  Audio sectors get the read offset. */
int vd_drive_read_raw(vd_drive *d, int32_t lba, uint8_t *out, uint8_t *c2);
/* Read lba as a CD-DA read sees the surface (Plextor 0xD8): audio as
 * stored, data sectors scrambled, the whole stream shifted by the read
 * offset; faults of lba apply.  CD images only. */
int vd_drive_read_cdda(vd_drive *d, int32_t lba, uint8_t out[2352], uint8_t c2[294]);
/* Read the user data of a data sector (2048 bytes). */
int vd_drive_read_user(vd_drive *d, int32_t lba, uint8_t out[2048]);
/* Charge the speed model for a command touching `count` sectors from lba
 * (count 0: a command without transfer). */
void vd_drive_charge(vd_drive *d, int32_t lba, int32_t count);
/* vd_mmc_exec charges a command's latency once: through the handler's
 * own vd_drive_charge when it transfers, else after it with count 0. */
/* Sleep until the drive's timeline says the last command is done.  A
 * charge outside vd_mmc_exec sleeps at once; inside, vd_mmc_exec waits at
 * its end, so the model's own work on a command (building the sectors)
 * runs during the modelled time instead of adding to it. */
void vd_drive_wait(vd_drive *d);
/* True for the first `overread` sectors of a lead-out after an audio
 * track and the last ones of the lead-in before an audio track 1 (not
 * addressable, yet an audio read there succeeds, as on drives that
 * overread): silence, plus the samples the read offset shifts in. */
bool vd_drive_overread(const vd_drive *d, int32_t lba);
/* False outside the disc and in the gaps between sessions. */
bool vd_drive_addressable(const vd_drive *d, int32_t lba);
/* Sectors a device of this profile reports (capacity). */
int32_t vd_drive_capacity(const vd_drive *d);
/* A fault status for lba ('+' when none). */
char vd_drive_fault(const vd_drive *d, int32_t lba);

/* ---- read cache (vd_cache.c) -------------------------------------- */
/* From DW_VDRIVE_CACHE, _CACHE_FUA, _NO_C2; false with a message. */
bool vd_cache_configure(vd_drive *d, char *err, size_t errlen);
void vd_cache_free(vd_drive *d);
/* The cached bytes (and C2) of lba as last read the same way, if any. */
bool vd_cache_lookup(vd_drive *d, int32_t lba, bool cdda, uint8_t *out, uint8_t *c2);
void vd_cache_store(vd_drive *d, int32_t lba, bool cdda, const uint8_t *out, const uint8_t *c2);
/* A read with FUA: empties the cache when the drive honours FUA. */
void vd_cache_fua(vd_drive *d);

/* ---- request queue limits (vd_sysfs.c) --------------------------- */
/* From DW_VDRIVE_MAX_SECTORS_KB (default 128); false with a message. */
bool vd_sysfs_configure(vd_drive *d, char *err, size_t errlen);
/* The text of /sys/dev/block/11:N/queue/{max_hw_sectors_kb,
 * max_sectors_kb,max_segments} of the claimed device; false for any
 * other path (or when the limit is 0: no sysfs entry). */
bool vd_sysfs_text(const vd_drive *d, const char *path, char *buf, size_t len);
/* A transfer of len bytes beyond the limit: logs "refuse HOW CDB" and
 * returns true; the caller fails the ioctl with EIO, as the kernel does. */
bool vd_sysfs_refuse(vd_drive *d, const char *how, const uint8_t *cdb, size_t cdb_len, size_t len);

/* ---- MMC (vd_mmc.c, vd_mmc_read.c) -------------------------------- */
/* Run one command.  dir: 0 none, 1 from device (data in), 2 to device.
 * On success returns 0 and *xfer = bytes placed in buf; on failure
 * returns 2 (CHECK CONDITION) with sense in sense[18] (and d->sense). */
int vd_mmc_exec(vd_drive *d, const uint8_t *cdb, size_t cdb_len, uint8_t *buf, size_t buflen,
                size_t *xfer, uint8_t sense[18]);
/* Helpers used by both MMC files. */
int vd_mmc_fail(vd_drive *d, uint8_t sense[18], uint8_t key, uint8_t asc, uint8_t ascq);
/* The same with the VALID bit and the failing LBA in the information field. */
int vd_mmc_fail_at(vd_drive *d, uint8_t sense[18], uint8_t key, uint8_t asc, uint8_t ascq,
                   int32_t lba);
int vd_mmc_read_cd(vd_drive *d, const uint8_t *cdb, bool msf, uint8_t *buf, size_t buflen,
                   size_t *xfer, uint8_t sense[18]);
/* Plextor READ CD-DA (0xD8). */
int vd_mmc_read_cdda(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                     uint8_t sense[18]);
int vd_mmc_read_toc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                    uint8_t sense[18]);
int vd_mmc_read_subchannel(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                           size_t *xfer, uint8_t sense[18]);

/* ---- DVD structures (vd_dvd.c) ------------------------------------ */
/* Layers and BCA from DW_VDRIVE_LAYERS, _LAYER_BREAK, _BCA; false with a
 * message on a bad value. */
bool vd_dvd_configure(vd_drive *d, char *err, size_t errlen);
/* Physical format information (2048 bytes, without the 4-byte header). */
void vd_dvd_physical(const vd_drive *d, uint8_t p[2048]);
/* Disc manufacturing information (2048 deterministic bytes). */
void vd_dvd_manufacturing(uint8_t p[2048]);
/* READ DISC STRUCTURE (0xAD), DVD formats 0x00, 0x01, 0x03, 0x04, 0xFF. */
int vd_mmc_read_disc_structure(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                               size_t *xfer, uint8_t sense[18]);

/* ---- disc changers (vd_changer.c) ---------------------------------- */
typedef struct vd_changer vd_changer;
/* Devices of the DW_VDRIVE_CHANGER list (0 when unset or malformed). */
int vd_changer_device_count(void);
const char *vd_changer_device(int i);
/* The drive of device i with the disc its stack (or the saved state)
 * puts in it; NULL with a message in err. */
vd_drive *vd_changer_drive_new(int i, char *err, size_t errlen);
void vd_changer_free(vd_changer *ch);
/* Hooks at the top of vd_mmc_exec and vd_ioctl: true when the changer
 * answered (result in *st / *ret), false to go on as usual. */
bool vd_changer_mmc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                    uint8_t sense[18], int *st);
bool vd_changer_ioctl(vd_drive *d, unsigned long request, void *arg, int *ret);

/* ---- kernel ioctls (vd_ioctl.c) ------------------------------------ */
/* Answer ioctl(request, arg) on a virtual fd; returns the ioctl result
 * and sets errno like the kernel would. */
int vd_ioctl(vd_drive *d, unsigned long request, void *arg);

#endif
