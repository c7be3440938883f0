/* archive.h: ripping a shelf of discs on every drive at once.
 *
 * dw_archive_run() keeps one worker per drive, in one process: each
 * waits for a disc, recognises it by its TOC, rips it (rip.h) into a
 * folder of the library named by a template, records it in the catalog
 * (catalog.h), ejects it and waits for the next.  Folder names never
 * collide with an existing one (" (2)", " (3)", ... are added).  A
 * journal in LIBRARY/.discwright/ remembers every rip under way, so a
 * batch stopped by Ctrl-C (or killed) and started again resumes each
 * unfinished disc from its map when it is seen again, reading no good
 * sector twice.  dw_archive_status() gives each drive's state and the
 * progress of its rip, from any thread (a front end polls it).
 * Objects from _new are owned by the caller (_free).
 */
#ifndef DISCWRIGHT_ARCHIVE_H
#define DISCWRIGHT_ARCHIVE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "job.h"
#include "rip.h"

G_BEGIN_DECLS

/* ---- folder names ------------------------------------------------- */
typedef struct {
    const char *label;           /* ISO 9660 label, else CD-TEXT title, else NULL */
    const char *title, *performer;
    const char *cddb;            /* 8 hex digits or NULL */
    const char *mbid;            /* MusicBrainz disc id or NULL */
    const char *kind;            /* "CD", "DVD", "BD" */
    const char *drive;           /* e.g. "sr0" */
    const char *fingerprint;
    int64_t n;                   /* the library's running number */
    int64_t time;                /* Unix time of the rip ({date}) */
} dw_archive_name_fields;

/* Expand a template: {label} {title} {performer} {cddb} {mbid} {kind}
 * {drive} {fingerprint} (its first 12 digits) {date} (YYYY-MM-DD) {n}
 * (4 digits at least).  '/' in the template makes subfolders; values
 * are made safe for a file name ('/', control and reserved characters
 * replaced, no leading dots, at most 100 bytes) and a missing one
 * becomes "unknown".  DW_ERROR_USAGE for an unknown field, an
 * unterminated brace, an absolute path or a ".." component. */
char *dw_archive_expand_name(const char *tmpl, const dw_archive_name_fields *f, GError **error);
/* Check a template without expanding it. */
gboolean dw_archive_check_template(const char *tmpl, GError **error);
#define DW_ARCHIVE_DEFAULT_NAME "{n} {label}"

/* ---- the batch ------------------------------------------------------ */
typedef enum {
    DW_ARCHIVE_WAITING = 0,      /* no disc */
    DW_ARCHIVE_IDENTIFYING,
    DW_ARCHIVE_RIPPING,
    DW_ARCHIVE_RECORDING,
    DW_ARCHIVE_EJECTING,
    DW_ARCHIVE_STOPPED
} dw_archive_state;
const char *dw_archive_state_name(dw_archive_state s);

typedef struct {
    char device[256];
    dw_archive_state state;
    char name[512];              /* folder of the disc in the drive ("" when none) */
    bool resumed;                /* that rip goes on from an earlier one */
    unsigned good, incomplete, failed;   /* discs finished on this drive */
    dw_progress progress;        /* of the rip under way (phase "" when none) */
    char last_error[256];
} dw_archive_drive_status;

typedef enum {
    DW_ARCHIVE_EVENT_START,      /* a disc is being ripped (resumed tells whether from an earlier run) */
    DW_ARCHIVE_EVENT_DONE,       /* ripped, recorded and ejected (result->bad may be > 0) */
    DW_ARCHIVE_EVENT_FAILED,     /* could not be ripped or recorded; ejected, its state kept */
    DW_ARCHIVE_EVENT_EJECTED     /* a disc already recorded before a restart, ejected */
} dw_archive_event_kind;

typedef struct {
    dw_archive_event_kind kind;
    const char *device;
    const char *name, *base;     /* folder name, rip base */
    const char *fingerprint;
    bool resumed;
    int64_t catalog_id;          /* DONE: the disc's id in the catalog */
    const dw_rip_result *result; /* DONE, FAILED: the rip's counts (may be NULL) */
    const char *message;         /* FAILED: why */
} dw_archive_event;

/* Called from the workers' threads; everything is borrowed. */
typedef void (*dw_archive_event_fn)(const dw_archive_event *ev, void *user);
/* Log lines of the rips, with the device they come from. */
typedef void (*dw_archive_log_fn)(const char *device, dw_log_level level, const char *msg, void *user);

typedef struct {
    const char *const *drives;   /* NULL-terminated device paths; NULL: every drive dw_drive_list finds */
    const char *library;         /* the folder the rips go into (created when missing) */
    const char *name_template;   /* NULL: DW_ARCHIVE_DEFAULT_NAME */
    const char *catalog;         /* NULL: the default catalog */
    dw_rip_options rip;          /* formats, retries, offset, speed, block (source, base, resume,
                                    refine and force are the archive's) */
    double idle_exit;            /* stop once no drive has had a disc for this long, s (0: never) */
    unsigned max_discs;          /* stop after this many discs (0: no limit) */
    double poll_interval;        /* seconds between looks at an empty drive (0: 0.5) */
    dw_archive_event_fn on_event;
    dw_archive_log_fn on_log;
    void *user;
} dw_archive_options;

typedef struct dw_archive dw_archive;

/* Check the options, find the drives, open the catalog and the library. */
dw_archive *dw_archive_new(const dw_archive_options *opts, GError **error);
void dw_archive_free(dw_archive *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_archive, dw_archive_free)

/* Run until the job is cancelled (then every unfinished rip keeps its
 * state and FALSE with DW_ERROR_CANCELLED), or idle_exit / max_discs
 * end it.  TRUE when every disc was read completely; otherwise FALSE
 * with DW_ERROR_UNREADABLE (some discs have unreadable sectors, mapped)
 * or DW_ERROR_FAILED (some discs could not be ripped at all). */
gboolean dw_archive_run(dw_archive *a, dw_job *job, GError **error);

/* Each drive's state (up to max entries); returns the number of drives. */
size_t dw_archive_status(dw_archive *a, dw_archive_drive_status *out, size_t max);

G_END_DECLS

#endif
