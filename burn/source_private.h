/* source_private.h: the streaming side of dw_burn_source used by write.c
 * and verify_after.c (pull with padding, captured head, hash on the way). */
#ifndef DW_BURN_SOURCE_PRIVATE_H
#define DW_BURN_SOURCE_PRIVATE_H

#include <libburn/libburn.h>

#include "discwright/burn.h"

#define DW_BURN_SUPERBLOCK 65536

/* Reset the stream state; hash = compute SHA-256 of what passes. */
void dw_burn_source_start(dw_burn_source *src, gboolean hash);
/* Up to len bytes (the declared size, then zero padding): >0, 0 at end, -1 error. Thread-safe. */
gssize dw_burn_source_pull(dw_burn_source *src, guint8 *buf, gsize len);
/* FALSE with the first read error, if any (moved out). */
gboolean dw_burn_source_take_error(dw_burn_source *src, GError **error);
uint64_t dw_burn_source_served(const dw_burn_source *src);
/* The first 64 KiB that passed; FALSE if fewer did. */
gboolean dw_burn_source_head(const dw_burn_source *src, guint8 out[DW_BURN_SUPERBLOCK]);
/* SHA-256 of what passed (once; FALSE when not hashing). */
gboolean dw_burn_source_sha256(dw_burn_source *src, char hex[65]);
/* The write is over (done or cancelled): later pulls (libburn's FIFO
 * thread reads on after a cancel until the FIFO is freed) get the end of
 * the data and leave the hash alone. */
void dw_burn_source_stop(dw_burn_source *src);
/* A new struct burn_source reading src (refcount 1; burn_source_free it). */
struct burn_source *dw_burn_source_to_libburn(dw_burn_source *src);

#endif
