/* archive_private.h: what the files of archive/ share: the batch, its
 * workers (one per drive) and the journal of rips under way. */
#ifndef DW_ARCHIVE_PRIVATE_H
#define DW_ARCHIVE_PRIVATE_H

#include "discwright/archive.h"
#include "discwright/catalog.h"

typedef struct dw_archive_worker dw_archive_worker;

struct dw_archive {
    dw_archive_options o;
    char *library, *meta;        /* LIBRARY and LIBRARY/.discwright */
    char *tmpl;
    dw_catalog *cat;
    GPtrArray *workers;          /* dw_archive_worker* */
    GMutex lock;                 /* journal, counters, stop */
    gboolean stop;
    unsigned discs;              /* finished, all drives */
    GHashTable *claimed;         /* journal files taken by a worker (paths) */
};

struct dw_archive_worker {
    dw_archive *a;
    char *device;
    GThread *thread;
    GMutex lock;                 /* status and job */
    dw_archive_drive_status st;
    dw_job *job;                 /* the rip under way, or NULL */
    gint64 waiting_since;        /* monotonic µs; 0 while a disc is being handled */
};

/* A rip under way, as the journal keeps it. */
typedef struct {
    char *path;                  /* the journal file */
    char *fingerprint, *device, *base, *name, *state;   /* state: "ripping" or "recorded" */
} dw_archive_entry;

void dw_archive_entry_free(dw_archive_entry *e);
/* The entry for a disc (same fingerprint; the same device preferred)
 * that no other worker has claimed; claims it.  NULL when none.  Under
 * a->lock. */
dw_archive_entry *dw_archive_journal_find(dw_archive *a, const char *fingerprint, const char *device);
/* Write a new entry (claimed). */
dw_archive_entry *dw_archive_journal_add(dw_archive *a, const char *fingerprint, const char *device,
                                         const char *base, const char *name, GError **error);
gboolean dw_archive_journal_set_state(dw_archive *a, dw_archive_entry *e, const char *state, GError **error);
/* Remove it (the disc is done) and release the claim. */
void dw_archive_journal_remove(dw_archive *a, dw_archive_entry *e);
/* Release the claim, keeping the entry (for the next run). */
void dw_archive_journal_release(dw_archive *a, dw_archive_entry *e);
/* The next running number of the library (shared by processes). */
gboolean dw_archive_next_number(dw_archive *a, int64_t *n, GError **error);
/* Make LIBRARY/REL (parents too), adding " (2)", " (3)", ... to the last
 * component while it exists; the folder's path (newly allocated). */
char *dw_archive_make_folder(dw_archive *a, const char *rel, GError **error);

/* worker.c */
gpointer dw_archive_worker_main(gpointer data);

#endif
