/* burn_private.h: what the files of burn/ share and nobody else sees:
 * the grabbed-drive object, libburn start-up and its message queue, the
 * polling loop that turns struct burn_progress into job progress, and
 * helpers to read the ISO superblock through the drive. */
#ifndef DW_BURN_PRIVATE_H
#define DW_BURN_PRIVATE_H

#include <libburn/libburn.h>

#include "discwright/burn.h"
#include "discwright/error.h"

struct dw_burn_drive {
    struct burn_drive_info *info;   /* one element, from burn_drive_scan_and_grab */
    struct burn_drive *d;
    char *address;                  /* as given */
    char *path;                     /* the file of a stdio: drive, else the device node */
    int role;
};

/* burn_initialize() once per process, messages queued (not printed). */
gboolean dw_burn_init(GError **error);

/* Drain libburn's message queue into the job's log; the most severe
 * (SORRY or worse) message text is kept in *last (may be NULL). */
void dw_burn_drain_messages(dw_job *job, char **last);

/* Poll a running asynchronous libburn operation until the drive is idle:
 * progress into the job, cancel (job or signal) forwarded to libburn.
 * fifo may be NULL.  Returns FALSE (DW_ERROR_CANCELLED) when cancelled. */
typedef struct {
    int fifo_min_fill;              /* percent, -1 unknown */
    gboolean cancelled;
} dw_burn_poll_result;
void dw_burn_poll(dw_burn_drive *drive, struct burn_source *fifo, dw_job *job, gboolean blocks_progress,
                  dw_burn_poll_result *res);

/* libburn's signal handling routed to the job for the duration of an operation. */
void dw_burn_signals_begin(dw_job *job);
void dw_burn_signals_end(void);

/* Read `blocks` 2048-byte blocks at lba through the drive (stdio or MMC). */
gboolean dw_burn_read_blocks(dw_burn_drive *drive, int64_t lba, void *buf, size_t blocks, GError **error);

/* The ISO 9660 PVD at block 16 of the medium: volume space size and label;
 * FALSE (no error) when there is none. */
gboolean dw_burn_read_iso_pvd(dw_burn_drive *drive, uint32_t *blocks, char label[33]);
/* The same test on 2048-byte block 16 already in memory. */
gboolean dw_burn_parse_pvd(const uint8_t *block, uint32_t *blocks, char label[33]);

/* Read back bytes [start_lba*2048, +bytes) and compare their SHA-256 with
 * expected (hex); expected NULL: nothing to compare against (error). */
gboolean dw_burn_verify_sha256(dw_burn_drive *drive, int32_t start_lba, uint64_t bytes, const char *expected,
                               dw_job *job, GError **error);

/* What went wrong in a write, blank or format (failure.c): between begin
 * and end, the libburn messages drained in this thread are noted; the
 * first carrying sense data decides the error. */
typedef struct {
    gboolean seen, busy;
    int key, asc, ascq;
    int32_t lba, count;             /* the failed WRITE's blocks; lba -1 unknown */
    char text[512];
} dw_burn_failure;
void dw_burn_failure_begin(dw_burn_failure *f);
void dw_burn_failure_end(void);
gboolean dw_burn_failure_capturing(void);
void dw_burn_failure_note(const char *text);
/* The error for a noted failure (FALSE when none was seen): the fault, the
 * LBA, what the medium holds now (after, may be NULL) and what to do. */
gboolean dw_burn_failure_error(const dw_burn_failure *f, const char *addr, const dw_media_info *after,
                               GError **error);
/* The error after a failed write/blank/format (what: "the write"): from the
 * noted failure with the medium re-read, else from libburn's last message. */
void dw_burn_failed(dw_burn_drive *drive, const dw_burn_failure *f, const char *what, const char *last,
                    GError **error);

/* Overwritable media: those where growing by rewriting the superblock works. */
gboolean dw_burn_profile_overwritable(int profile, int role);

#endif
