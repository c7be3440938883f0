/* catalog.h: the library of archived discs, and fixity over time.
 *
 * A catalog records every rip: the disc's identity (a TOC fingerprint,
 * CDDB, AccurateRip, MusicBrainz and CTDB ids, ISO volume id and
 * creation stamp, DVD-Video and BD disc ids), its layout (sessions and
 * tracks), how and where it was read (date, station, drive, offset,
 * options, the log), the result (good/bad sectors, AccurateRip/CTDB
 * status) and every file it left with size, CRC32, MD5, SHA-1 and
 * SHA-256.  Later checks re-hash the files (dw_catalog_verify) and are
 * recorded one by one, so the catalog can say years on which files are
 * still intact; a redump/No-Intro DAT confirms discs by their hashes.
 *
 * Storage: an SQLite file (the default, $XDG_DATA_HOME/discwright/
 * catalog.sqlite; WAL, foreign keys, versioned schema with migrations)
 * or a PostgreSQL database (a `postgresql://` URI) with the same schema,
 * so several stations can share one catalog.  doc/archive.md describes
 * the schema.
 *
 * Threads: a dw_catalog may be shared by threads (calls are serialised
 * inside); several processes may open the same catalog at once.
 * Ownership: objects returned by _open/_get/_read/_list are owned by
 * the caller and freed with their _free; borrowed pointers are marked.
 */
#ifndef DISCWRIGHT_CATALOG_H
#define DISCWRIGHT_CATALOG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "job.h"
#include "model.h"

G_BEGIN_DECLS

typedef struct dw_catalog dw_catalog;

/* ---- records ------------------------------------------------------- */
typedef struct {
    int64_t id;                  /* 0 until stored */
    char *name;                  /* relative to the folder of the disc's base */
    char *role;                  /* "output" (listed in BASE.hash) or "sidecar" (log, json, ...) */
    int64_t size;
    char crc32[9], md5[33], sha1[41], sha256[65];   /* lowercase hex, "" when unknown */
    int64_t last_checked;        /* Unix time of the last fixity check, 0 never */
    char *last_status;           /* "unchecked", "ok", "changed", "missing", "unreadable" */
} dw_catalog_file;

typedef struct {
    int number, session;
    char *mode;                  /* "AUDIO", "MODE1", ... */
    int control;
    int32_t start, pregap, length;
    char isrc[13];
    int64_t bad_sectors;
    /* What the rip proved (audio tracks; see doc/archive.md) */
    char accuraterip[12];        /* "v1", "v2" (matched), "other" (matched only at another
                                    pressing's offset), "mismatch", "not found", "unknown" */
    int ar_confidence, ar_total; /* matching records' confidence, of all records' */
    char ctdb[12];               /* "match", "mismatch", "not found", "unknown" */
    int ctdb_confidence, ctdb_total;
    bool tested;                 /* read twice (test and copy) */
    char test_crc[9], copy_crc[9];   /* CRC-32 hex of test and copy ("" when none) */
} dw_catalog_track;

typedef struct {
    int64_t id;                  /* 0 until stored */
    char *fingerprint;           /* SHA-1 hex of the layout (dw_catalog_fingerprint) */
    char *kind;                  /* "CD", "DVD", "BD", "unknown" */
    char *profile;
    char *label;                 /* ISO 9660 volume id, or NULL */
    char *title, *performer;     /* CD-TEXT album fields (first block), or NULL */
    char *mcn;
    char *cddb_id;               /* 8 hex digits (CDs) */
    char *accuraterip_id;        /* "NNN-XXXXXXXX-XXXXXXXX-XXXXXXXX": audio tracks, id1, id2, CDDB
                                    (the dBAR file name without "dBAR-" and ".bin") */
    char *musicbrainz_id;        /* MusicBrainz disc id (audio) */
    char *ctdb_tocid;            /* CTDB TOC id (audio) */
    char *volume_uuid;           /* ISO 9660 volume creation stamp "YYYY-MM-DD-HH-MM-SS-CC" */
    char *dvd_id;                /* DVD-Video disc id (libdvdread's DVDDiscID, 32 hex) */
    char *bd_id;                 /* BD disc id: SHA-1 of AACS/Unit_Key_RO.inf (40 hex) */
    int sessions, tracks;
    int64_t sectors;
    char *base;                  /* the rip's path without extension (absolute) */
    int64_t ripped_at, added_at; /* Unix time */
    char *source;                /* "rip", "refine", "archive" or "import" */
    char *station;               /* host name of the machine that recorded it */
    char *tool;                  /* "discwright 0.1.0" */
    char *drive_path, *drive_vendor, *drive_model, *drive_revision;
    int read_offset;             /* samples, AccurateRip's sign */
    bool offset_measured;
    char *options;               /* JSON object: reading, block, retries, resumed, refine, formats */
    int64_t good, bad, untried, reads;
    int unstable, q_errors;
    char *accuraterip, *ctdb;    /* the rip's proof over its audio tracks: "match" (every
                                    track), "partial", "other pressing" (AccurateRip: every
                                    track, some only at another offset), "mismatch" (the
                                    database knows the disc, no track matched), "not found"
                                    (consulted, the disc is not in it), "unknown" (not
                                    consulted), "n/a" (no audio tracks) */
    int audio_tracks;            /* audio tracks the proof covers */
    int ar_tracks, ctdb_tracks;  /* of them, matched */
    int ar_confidence, ctdb_confidence;   /* lowest confidence among matched tracks (0: none) */
    char test_copy[12];          /* "match" (every track tested, CRCs equal), "mismatch",
                                    "partial" (some tested), "untested", "unknown" */
    char *status;                /* "good" (every sector read) or "incomplete" */
    char *dat_name, *dat_game;   /* the DAT and game that confirmed the disc, or NULL */
    int64_t dat_at;
    char *fixity;                /* worst last check of its files: "unchecked", "ok", or a problem */
    int64_t last_checked;        /* oldest last check among its files (0: some never) */
    char *log;                   /* BASE.log text (only filled by dw_catalog_get) */
    GPtrArray *files;            /* of dw_catalog_file* (owned); empty in list results */
    GPtrArray *track_list;       /* of dw_catalog_track* (owned); empty in list results */
    int64_t n_files;             /* files stored (also in list results) */
} dw_catalog_disc;

dw_catalog_disc *dw_catalog_disc_new(void);
void dw_catalog_disc_free(dw_catalog_disc *d);
/* A deep copy (newly allocated). */
dw_catalog_disc *dw_catalog_disc_copy(const dw_catalog_disc *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_catalog_disc, dw_catalog_disc_free)
dw_catalog_file *dw_catalog_file_new(const char *name, const char *role);
void dw_catalog_file_free(dw_catalog_file *f);

/* Read what a rip left at BASE (BASE.json, BASE.hash, BASE.log and the
 * files they name; doc/rip.md) into a record, ids and fingerprint
 * computed.  The files listed in BASE.hash keep the hashes written while
 * they were written; the small sidecars (BASE.json, .hash, .dat, .log,
 * .map) are hashed now.  With rehash, every file is hashed again and a
 * file that does not match BASE.hash fails with DW_ERROR_MISMATCH.
 * DW_ERROR_NO_DEVICE when BASE.json is missing, DW_ERROR_PARSE when a
 * file is malformed. */
dw_catalog_disc *dw_catalog_read_rip(const char *base, bool rehash, GError **error);
/* Parse a rip's BASE.json text into d (its ids, layout, drive, result);
 * name is for messages.  Exposed for the fuzz target. */
gboolean dw_catalog_parse_rip_json(dw_catalog_disc *d, const char *text, size_t len, const char *name,
                                   GError **error);

/* Identity from a disc model: fingerprint (kind, sessions' lead-outs,
 * each track's number, session, start and data bit; for DVD/BD the
 * sector count and the label) and the CD ids.  Fills the fields of d it
 * knows (fingerprint, kind, cddb_id, accuraterip_id, musicbrainz_id,
 * ctdb_tocid, sessions, tracks, sectors; label, title, performer, mcn
 * when d has none). */
void dw_catalog_identify(dw_catalog_disc *d, const dw_disc *disc);
/* The fingerprint alone (newly allocated 40 hex digits). */
char *dw_catalog_fingerprint(const dw_disc *disc);

/* ---- the catalog --------------------------------------------------- */
/* $XDG_DATA_HOME/discwright/catalog.sqlite (newly allocated). */
char *dw_catalog_default_location(void);
/* Open (creating and migrating as needed) the catalog at location: a
 * file path, or a postgresql:// URI (NULL: the default).  A catalog made
 * by a newer discwright (a higher schema version) is refused. */
dw_catalog *dw_catalog_open(const char *location, GError **error);
void dw_catalog_free(dw_catalog *cat);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(dw_catalog, dw_catalog_free)
const char *dw_catalog_backend(const dw_catalog *cat);   /* "sqlite" or "postgresql" */
/* Where it is (a path, or the URI without its password); borrowed. */
const char *dw_catalog_location(const dw_catalog *cat);
/* How many discs and files it records, and their bytes. */
gboolean dw_catalog_counts(dw_catalog *cat, int64_t *discs, int64_t *files, int64_t *bytes, GError **error);
int dw_catalog_schema_version(const dw_catalog *cat);
/* The schema version this library writes. */
int dw_catalog_latest_version(void);

/* Store a record in one transaction: a new disc, or, when a disc with
 * the same base exists, its record brought up to date (files matched by
 * name keep their check history).  source: "rip", "archive", "import".
 * *id (may be NULL) receives the disc's id. */
gboolean dw_catalog_add(dw_catalog *cat, dw_catalog_disc *d, const char *source, int64_t *id,
                        GError **error);
/* Many records in one transaction (all or none); each gets its id. */
gboolean dw_catalog_add_batch(dw_catalog *cat, GPtrArray *discs, const char *source, GError **error);
/* dw_catalog_read_rip + dw_catalog_add. */
gboolean dw_catalog_add_rip(dw_catalog *cat, const char *base, const char *source, bool rehash,
                            int64_t *id, GError **error);
/* Remove a disc and its history (not its files on disk). */
gboolean dw_catalog_remove(dw_catalog *cat, int64_t id, GError **error);

/* ---- finding -------------------------------------------------------- */
typedef struct {
    const char *text;            /* words (each a prefix of a word of label, title, performer,
                                    ids, path) or an id / hash; NULL or "" lists everything */
    int64_t after_id;            /* list discs with id > after_id (paging); 0 from the start */
    int64_t limit;               /* at most this many; 0 = no limit */
} dw_catalog_query;

/* Call fn for every disc matching q, in id order, paged inside (memory
 * stays flat however many match).  fn borrows the record; returning
 * FALSE stops.  Returns FALSE on a database error. */
typedef gboolean (*dw_catalog_disc_fn)(const dw_catalog_disc *d, void *user);
gboolean dw_catalog_foreach(dw_catalog *cat, const dw_catalog_query *q, dw_catalog_disc_fn fn, void *user,
                            GError **error);
/* The same into an array of dw_catalog_disc* (owned; free with
 * g_ptr_array_unref). */
GPtrArray *dw_catalog_list(dw_catalog *cat, const dw_catalog_query *q, GError **error);

/* A disc with its files, tracks and log.  ref: a number (the id), a
 * base path, or a fingerprint prefix of at least 6 digits that names one
 * disc.  DW_ERROR_NO_DEVICE when nothing matches, DW_ERROR_USAGE when a
 * prefix is ambiguous. */
dw_catalog_disc *dw_catalog_get(dw_catalog *cat, const char *ref, GError **error);

/* Groups of discs that belong together (owned; g_ptr_array_unref). */
typedef struct {
    char *key;                   /* what they share */
    GPtrArray *discs;            /* of dw_catalog_disc* (owned) */
} dw_catalog_group;
void dw_catalog_group_free(dw_catalog_group *g);
/* The same disc recorded more than once: equal fingerprints. */
GPtrArray *dw_catalog_duplicates(dw_catalog *cat, GError **error);
/* The same album in other pressings: equal MCN (barcode), or equal
 * CD-TEXT title and performer, or equal label, with different
 * fingerprints. */
GPtrArray *dw_catalog_pressings(dw_catalog *cat, GError **error);

/* ---- history ---------------------------------------------------------- */
typedef struct {
    int64_t at;                  /* Unix time */
    char *what;                  /* "added", "updated", "check", "dat" */
    char *file;                  /* the file of a check, else NULL */
    char *status;                /* check: ok/changed/missing/unreadable; else NULL */
    char *detail;
} dw_catalog_event;
void dw_catalog_event_free(dw_catalog_event *e);
/* Every event of a disc, oldest first (array of dw_catalog_event*). */
GPtrArray *dw_catalog_history(dw_catalog *cat, int64_t disc_id, GError **error);

/* ---- fixity ----------------------------------------------------------- */
typedef enum {
    DW_FIXITY_OK = 0,
    DW_FIXITY_CHANGED,           /* size or a hash differs */
    DW_FIXITY_MISSING,           /* the file is gone */
    DW_FIXITY_UNREADABLE         /* it is there but could not be read to the end */
} dw_fixity_status;
const char *dw_fixity_status_name(dw_fixity_status s);

/* Called for each file checked, from the calling thread; borrowed. */
typedef void (*dw_catalog_check_fn)(const dw_catalog_disc *disc, const dw_catalog_file *file,
                                    const char *path, dw_fixity_status status, const char *detail, void *user);

typedef struct {
    int64_t older_than;          /* only files last checked more than this many seconds ago
                                    (0: every file not yet checked in this run) */
    int64_t limit;               /* at most this many files (0: no limit) */
    int64_t max_bytes;           /* stop after the file that passes this many bytes (0: none) */
    double max_seconds;          /* stop after the file that passes this time (0: none) */
    int64_t disc_id;             /* only this disc (0: all) */
    dw_catalog_check_fn on_check;
    void *user;
} dw_catalog_verify_options;

typedef struct {
    int64_t run_id;
    int64_t files, bytes;        /* checked in this run */
    int64_t ok, changed, missing, unreadable;
    int64_t remaining;           /* files still due after this run (a bounded run stopped early) */
    bool complete;               /* nothing due was left */
} dw_catalog_verify_result;

/* Re-hash archived files in one pass each (CRC32, MD5, SHA-1, SHA-256
 * together), oldest check first, and record every check as it is made:
 * a run that is cancelled or bounded goes on where it stopped the next
 * time.  Memory does not grow with the catalog (files are read in
 * pages).  Returns TRUE when the run itself worked, whatever it found
 * (see result); DW_ERROR_CANCELLED when the job was cancelled (checks
 * made so far are kept). */
gboolean dw_catalog_verify(dw_catalog *cat, const dw_catalog_verify_options *opts, dw_job *job,
                           dw_catalog_verify_result *result, GError **error);

/* ---- DATs ------------------------------------------------------------- */
typedef struct {
    int64_t games, roms;         /* in the DAT */
    int64_t discs_matched;       /* discs whose every image file (not the cue) a game lists */
    int64_t discs_new;           /* of those, not confirmed by this DAT before */
} dw_catalog_dat_result;
/* Import a redump / No-Intro DAT (XML datafile) and mark the discs it
 * confirms: a game confirms a disc when every rom of the game except
 * cue sheets matches a file of the disc (SHA-1, else MD5, else CRC32 and
 * size) and every image file of the disc is among them. */
gboolean dw_catalog_dat_import(dw_catalog *cat, const char *path, dw_catalog_dat_result *result,
                               GError **error);

/* ---- export ----------------------------------------------------------- */
/* A disc as one JSON object (newly allocated); with its files and tracks
 * when they are loaded. */
char *dw_catalog_disc_to_json(const dw_catalog_disc *d);
/* CSV: the header line and one line per disc (RFC 4180 quoting; newly
 * allocated, each ending in "\r\n"). */
char *dw_catalog_csv_header(void);
char *dw_catalog_disc_to_csv(const dw_catalog_disc *d);

G_END_DECLS

#endif
