/* vd_rec.h: the recorder of the virtual drive (tests/vdrive/vd_rec_*.c).
 *
 * With DW_VDRIVE_MEDIUM set (cd-r, cd-rw, dvd-r, dvd-rw, dvd+r, dvd+rw,
 * bd-r, bd-re) the drive holds a recordable medium kept in the directory
 * DW_VDRIVE_DISC instead of a pressed image: medium.json (profile, state,
 * sessions, tracks), and what a drive reads back from it, disc.ccd /
 * disc.img / disc.sub for CD media and disc.iso for DVD/BD.  The drive
 * model (vd_drive) serves reads from that image as it does for a pressed
 * disc; the recorder answers the commands of a writer (status, write
 * parameters, cue sheets, writes, closing, blanking, formatting), records
 * every write as the medium would hold it, and rebuilds the image when a
 * session or track is closed.  Faults (DW_VDRIVE_WRITE_FAULTS) make it
 * fail as recorders do.
 *
 * The recorder is reached through four small hooks: vd_rec_attach() from
 * vd_drive_from_env(), vd_rec_mmc() at the top of vd_mmc_exec()'s
 * dispatch, vd_rec_ioctl() in vd_ioctl(), and vd_rec_open()/close() from
 * the interposed open/close.  Data-out buffers reach it through
 * vd_drive.dout (set by the SG_IO and CDROM_SEND_PACKET paths).
 * Everything is plain C over libc; the recorder is owned by its drive.
 */
#ifndef DW_VDRIVE_VD_REC_H
#define DW_VDRIVE_VD_REC_H

#include "vd.h"

/* ---- media ------------------------------------------------------------ */
typedef enum {
    VD_MED_CDR = 0, VD_MED_CDRW, VD_MED_DVDR, VD_MED_DVDRW, VD_MED_DVDPR, VD_MED_DVDPRW,
    VD_MED_BDR, VD_MED_BDRE, VD_MED_COUNT
} vd_med;

typedef enum { VD_ST_BLANK = 0, VD_ST_APPENDABLE, VD_ST_COMPLETE } vd_status;

typedef enum { VD_TR_OPEN = 0, VD_TR_CLOSED, VD_TR_DAMAGED } vd_track_state;

#define VD_REC_MAX_TRACKS 99
#define VD_REC_CD_LEADIN_START (-11604)   /* the ATIP lead-in start of the virtual CD media: 97:27:21 */
#define VD_REC_MAX_SESSIONS 99

typedef struct {
    int number, session;
    int32_t pregap;              /* CD: blocks of index 0 before start */
    int32_t start;               /* first block (CD: index 1) */
    int32_t next;                /* next writable block inside the track */
    int32_t end;                 /* first block after the track (CD TAO: run-out included) */
    int32_t reserved;            /* DVD/BD: RESERVE TRACK size (0: none) */
    vd_track_state state;
    int mode;                    /* 0 audio, 1 Mode 1, 2 Mode 2 */
    uint8_t control;             /* Q control nibble */
    bool tao;                    /* written track at once: run-out blocks after the data */
    /* CD details kept for the .ccd (from the cue sheet, page 05 or the loaded image) */
    char isrc[13];
    int n_index;                 /* index[0..n_index-1], absolute LBAs, -1 absent */
    int32_t index[100];
} vd_rec_track;

typedef struct {
    int number, first_track, last_track;
    int32_t start;               /* first block of the session's program area (CD: pregap of its first track) */
    int32_t leadout;             /* first block after the session (its lead-out) */
    bool closed, multi;          /* multi: a next session may follow */
    uint8_t format;              /* CD disc type: 0x00, 0x10 CD-i, 0x20 XA */
} vd_rec_session;

/* One SEND CUE SHEET entry. */
typedef struct {
    uint8_t ctladr, tno, index, form, scms;
    int32_t lba;
} vd_cue_entry;

/* Write parameters from MODE SELECT page 05 (CD and DVD-R/RW). */
typedef struct {
    int write_type;              /* 0 packet/incremental, 1 TAO, 2 SAO/DAO, 3 raw */
    bool test_write, bufe, ls_valid;
    int multi;                   /* byte 3 bits 7-6 */
    bool fixed_packet, copy;
    int track_mode;              /* control nibble */
    int dbt;                     /* data block type */
    int link_size;
    int session_format;
    uint32_t packet_size;
    int audio_pause;
    char mcn[14];                /* "" when MCVAL clear */
    char isrc[13];
    uint8_t subheader[4];        /* Mode 2 subheader (bytes 48-51) */
} vd_page05;

/* Faults (DW_VDRIVE_WRITE_FAULTS, comma separated). */
typedef struct {
    int32_t write_error_lba;     /* write-error=LBA: 03/0C/00 at that block; INT32_MIN none */
    bool opc_fail;               /* opc: 73/03/00 on the first write of a run (power calibration) */
    int32_t removed_lba;         /* removed=LBA: the medium is gone once a write reaches it */
    int32_t corrupt_lba;         /* corrupt=LBA: one byte of that block is recorded wrong */
    bool busy;                   /* busy: an exclusive open fails with EBUSY */
} vd_rec_faults;

typedef struct vd_rec {
    vd_med med;
    int profile;                 /* current MMC profile */
    char *dir;                   /* DW_VDRIVE_DISC, owned */
    int32_t capacity;            /* CD: last possible lead-out start; DVD/BD: sectors */
    int32_t leadin_start;        /* CD: ATIP start of the first lead-in (negative) */
    vd_status status;
    bool formatted;              /* DVD+RW, BD-RE, DVD-RW restricted overwrite */
    int32_t recorded_end;        /* overwritable media: first block after the highest written */
    int n_sessions, n_tracks;
    vd_rec_session sessions[VD_REC_MAX_SESSIONS];
    vd_rec_track tracks[VD_REC_MAX_TRACKS];
    /* write state of this run */
    vd_page05 p05;
    int n_cue;
    vd_cue_entry cue[256];
    bool cue_valid;
    int n_track_isrc;
    struct { int tno; char isrc[13]; } track_isrc[99];
    char mcn_run[14];            /* MCN recorded in this session's Q ("" none) */
    int32_t sao_first, sao_leadout;   /* SAO: program area start (first pregap) and lead-out */
    int32_t sao_next;            /* SAO: next address expected (from the lead-in) */
    uint8_t *cdtext;             /* packs recovered from the lead-in (18 bytes each), owned */
    size_t cdtext_len, cdtext_cap;
    bool wrote_this_run;
    int img_fd, sub_fd, iso_fd;  /* open for writing while recording */
    vd_rec_faults faults;
    bool removed;                /* the removed= fault fired */
    /* write speed model: the drive buffer drains onto the medium */
    int64_t media_until_ns;      /* the medium is busy writing until then */
    double write_speed_x;        /* from SET CD SPEED / SET STREAMING (0 = drive maximum) */
    bool sync_pending;           /* SYNCHRONIZE CACHE (Immed) until the buffer is empty */
    int64_t run_first_ns;        /* the first WRITE of this run (0: none yet) */
    int64_t run_blocks;          /* blocks written in this run */
    /* background operations (BLANK, FORMAT with Immed) */
    int64_t op_until_ns, op_start_ns;
    uint8_t op_ascq;
    /* test writes (page 05 Test Write): addresses checked, nothing recorded */
    bool sim_started;
    int32_t sim_next;
    /* what the disc's lead-ins hold: the MCN and CD-TEXT (18-byte packs) */
    char disc_mcn[14];
    uint8_t *disc_cdtext;
    size_t disc_cdtext_len;
    /* exclusive opens (O_EXCL) across processes: a lock on DIR/.lock */
    int lock_fd, lock_owner_fd;
} vd_rec;

/* ---- attach, state, files (vd_rec_medium.c) ---------------------------- */
bool vd_rec_attach(vd_drive *d, char *err, size_t errlen);
void vd_rec_free(vd_rec *r);
const char *vd_rec_med_name(vd_med m);
/* The size of a new medium of that kind (CD: last possible lead-out). */
int32_t vd_rec_default_capacity(vd_med m);
bool vd_rec_is_cd(const vd_rec *r);
bool vd_rec_is_bd(const vd_rec *r);
/* Overwritable once formatted: DVD+RW, BD-RE, DVD-RW restricted overwrite. */
bool vd_rec_random(const vd_rec *r);
bool vd_rec_erasable(const vd_rec *r);
/* The open (incomplete) session, or NULL. */
vd_rec_session *vd_rec_open_session(vd_rec *r);
/* The track being written (open), or NULL. */
vd_rec_track *vd_rec_open_track(vd_rec *r);
/* Next writable address of the invisible/next track; -1 when none. */
int32_t vd_rec_nwa(const vd_rec *r);
/* Blocks still free after the NWA. */
int32_t vd_rec_free_blocks(const vd_rec *r);
/* Save medium.json (atomically) and rebuild the image the drive reads. */
bool vd_rec_commit(vd_drive *d);
/* Open DIR/disc.img+sub (CD) or disc.iso for writing, once per run. */
bool vd_rec_open_files(vd_rec *r);
/* Wipe the medium to blank (BLANK, or a full FORMAT of DVD-RW). */
void vd_rec_wipe(vd_drive *d, bool keep_formatted);
int64_t vd_rec_now_ns(void);

/* ---- medium.json (vd_rec_json.c) --------------------------------------- */
/* Parse medium.json text into r (kind, state, sessions, tracks).  false
 * with a message on anything malformed. */
bool vd_rec_json_parse(vd_rec *r, const char *text, size_t len, char *err, size_t errlen);
/* The JSON text for r (malloc'ed, NUL terminated). */
char *vd_rec_json_write(const vd_rec *r);

/* ---- CD recording (vd_rec_cd.c, vd_rec_cdtoc.c) ------------------------ */
/* Record `count` blocks from lba as received in WRITE (data of dbt/cue
 * form); returns 0 or a sense (status 2) via vd_mmc_fail*. */
int vd_rec_cd_write(vd_drive *d, int32_t lba, int32_t count, const uint8_t *data, size_t len,
                    uint8_t sense[18]);
/* SEND CUE SHEET: parse and check. */
int vd_rec_cd_cue_sheet(vd_drive *d, const uint8_t *data, size_t len, uint8_t sense[18]);
/* End of a TAO track (SYNCHRONIZE CACHE / CLOSE TRACK): run-out blocks. */
void vd_rec_cd_finish_track(vd_drive *d);
/* End of the SAO session (all cue sheet blocks received) or CLOSE SESSION:
 * lead-in and lead-out, B0/C0, the image rebuilt. */
void vd_rec_cd_close_session(vd_drive *d, bool finalize);
/* Bytes a WRITE of one block at lba transfers (TAO: page 05; SAO: cue sheet). */
size_t vd_rec_cd_block_bytes(const vd_rec *r, int32_t lba);
/* CD-TEXT packs from 6-bit lead-in symbols (96 bytes = 4 packs); keeps packs whose CRC is right. */
void vd_rec_cdtext_add(vd_rec *r, const uint8_t *sym96);
/* Write DIR/disc.ccd for the closed sessions (tmp + rename). */
bool vd_rec_cd_write_ccd(vd_drive *d);
/* Q channel (12 bytes) of an MCN / ISRC frame. */
void vd_rec_q_mcn(uint8_t q[12], uint8_t control, const char *mcn, int32_t lba);
void vd_rec_q_isrc(uint8_t q[12], uint8_t control, const char *isrc, int32_t lba);
/* Encode a data sector (Mode 1, or Mode 2 Form 1/2 with subheader) in place. */
void vd_rec_encode_data(uint8_t sec[2352], int32_t lba, int mode, int form, uint8_t block_type);

/* ---- MMC (vd_rec_mmc.c: status; vd_rec_toc.c; vd_rec_write.c: writing) -- */
bool vd_rec_mmc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                uint8_t sense[18], int *status);
/* READ TOC/PMA/ATIP (vd_rec_toc.c): true when answered here (status in
 * *st), false when the drive model answers from the .ccd. */
bool vd_rec_read_toc(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen, size_t *xfer,
                     uint8_t sense[18], int *st);
int vd_rec_write_cmd(vd_drive *d, const uint8_t *cdb, uint8_t sense[18]);
int vd_rec_sync_cache(vd_drive *d, uint8_t sense[18]);
int vd_rec_close(vd_drive *d, const uint8_t *cdb, uint8_t sense[18]);
int vd_rec_reserve(vd_drive *d, const uint8_t *cdb, uint8_t sense[18]);
int vd_rec_blank(vd_drive *d, const uint8_t *cdb, uint8_t sense[18]);
int vd_rec_format(vd_drive *d, const uint8_t *cdb, uint8_t sense[18]);
int vd_rec_mode_select(vd_drive *d, const uint8_t *cdb, uint8_t sense[18]);
/* Mode page 05 / 2A bytes (len returned), pc as in MODE SENSE. */
size_t vd_rec_page05(const vd_rec *r, int pc, uint8_t *p);
size_t vd_rec_page2a(const vd_drive *d, int pc, uint8_t *p);
/* The drive buffer the writes fill (bytes). */
uint32_t vd_rec_buffer_bytes(const vd_rec *r);
/* Pending background operation (blank/format): TEST UNIT READY answers
 * 02/04/04 or 02/04/07 with progress until it is done. */
bool vd_rec_busy(vd_drive *d, uint8_t sense[18], int *status);

/* ---- ioctls and opens (vd_rec_medium.c) -------------------------------- */
bool vd_rec_ioctl(vd_drive *d, unsigned long request, void *arg, int *ret);
/* An open of the device: 0, or an errno (EBUSY) to fail it with. */
int vd_rec_open(vd_drive *d, int fd, int flags);
void vd_rec_close_fd(vd_drive *d, int fd);

#endif
