/* catalog_private.h: what the files of catalog/ share: the catalog
 * object (one connection, serialised by a mutex), the schema, and small
 * helpers for reading records out of rows. */
#ifndef DW_CATALOG_PRIVATE_H
#define DW_CATALOG_PRIVATE_H

#include "catalog/db.h"
#include "discwright/catalog.h"

struct dw_catalog {
    dw_db *db;
    GMutex lock;                 /* one call at a time on the connection */
    char *location;
    int version;
};

/* schema.c: bring the database to the latest version (or to max_version
 * when > 0, for tests of the migrations); refuse newer ones. */
gboolean dw_catalog_migrate(dw_catalog *cat, int max_version, GError **error);

/* The disc columns every listing reads, in the order disc_from_row()
 * expects; "d" is the discs table's alias. */
extern const char dw_catalog_disc_columns[];
/* Fill a new record from a row of dw_catalog_disc_columns (from col 0). */
dw_catalog_disc *dw_catalog_disc_from_row(dw_db_stmt *s);

/* Run body in a write transaction, retrying a few times when the
 * database is busy (another writer) or PostgreSQL asks for a retry. */
typedef gboolean (*dw_catalog_tx_fn)(dw_catalog *cat, void *user, GError **error);
gboolean dw_catalog_write_tx(dw_catalog *cat, dw_catalog_tx_fn body, void *user, GError **error);

/* Unix time now. */
int64_t dw_catalog_now(void);
/* The host name recorded as the station (borrowed). */
const char *dw_catalog_station(void);

/* An event in a disc's history (inside a transaction). */
gboolean dw_catalog_event_add(dw_catalog *cat, int64_t disc_id, int64_t at, const char *what, const char *detail,
                              GError **error);

/* Keep at most max bytes of a string, cut at a UTF-8 boundary. */
char *dw_catalog_clip(const char *s, size_t max);

#endif
