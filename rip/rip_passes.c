/* rip_passes.c: how a rip reads the disc, after GNU ddrescue's passes.
 *  1. copy: blocks in order; a failed block is marked non-trimmed and the
 *     read skips ahead (doubling the skip while errors go on), leaving
 *     the skipped sectors non-tried;
 *  2. copy the skipped areas, without skipping;
 *  3. trim: single sectors forward and backward into each failed block
 *     until one fails; the middle becomes non-scraped;
 *  4. scrape: every non-scraped sector alone;
 *  5. retry: bad sectors alone, `retries` times.
 * A sector read with C2 pointers set, or a data sector whose sync,
 * header, EDC or ECC is wrong, is unstable: it is stored as read, marked
 * bad, and settled after the copy passes by re-reads that get past the
 * drive's cache until two reads agree on every byte (rip_secure.c).
 * Clean sectors are read once (a sector may be read again only to push
 * others out of the drive's cache). */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/sector.h"
#include "discwright/subq.h"
#include "rip/rip_private.h"

static void progress(dw_rip_ctx *c, int32_t lba)
{
    int64_t good = dw_map_count(c->map, DW_MAP_FINISHED);
    dw_job_set_done(c->job, (uint64_t)good, (uint64_t)good * c->sector_size);
    if (c->cd) {
        const dw_track *t = dw_disc_track_at(c->disc, lba);
        dw_job_set_track(c->job, t ? t->number : 0);
    }
}

/* Check, resolve and store a block that was read; marks the map. */
static gboolean take_block(dw_rip_ctx *c, int32_t lba, int n, uint8_t *main, uint8_t *c2, uint8_t *sub,
                           GError **error)
{
    for (int i = 0; i < n; i++) {
        uint8_t *s = main + (size_t)i * c->sector_size;
        uint8_t *cc = c2 + (size_t)i * DW_C2;
        /* A sector re-reads never settled needs two agreeing reads again. */
        bool unsettled = c->settle_state && c->settle_state[lba + i] == 2;
        bool good = !unsettled && dw_rip_sector_good(c, lba + i, s, cc, sub + (size_t)i * DW_SUB);
        if (!good)
            dw_rip_pending_add(c, lba + i, s, cc, c->c2, sub + (size_t)i * DW_SUB);
        dw_map_set(c->map, lba + i, 1, good ? DW_MAP_FINISHED : DW_MAP_BAD);
    }
    if (!dw_rip_dump_store(c, lba, n, main, sub, error))
        return FALSE;
    if (dw_rip_pending_full(c)) {
        dw_rip_ahead_drain(c);   /* settling needs the drive */
        if (!dw_rip_settle(c, error))
            return FALSE;
    }
    if (c->seq_hash) {
        if (lba == c->seq_next) {
            dw_hash_update(c->seq_hash, main, (size_t)n * c->sector_size);
            c->seq_next += n;
        } else {
            dw_hash_free(c->seq_hash);
            c->seq_hash = NULL;
        }
    }
    progress(c, lba + n);
    return dw_rip_map_save(c, error);
}

static void log_failure(dw_rip_ctx *c, int32_t lba, int n, const dw_mmc_sense *s)
{
    dw_job_add_error(c->job);
    /* Retry passes fail on the same sectors again: say it once. */
    dw_log_level level = c->retrying ? DW_LOG_DEBUG : DW_LOG_WARNING;
    if (c->n_errors_logged++ >= 1000)
        return;
    if (n > 1)
        dw_rip_log(c, level, "LBA %d-%d: read error, sense %02X/%02X/%02X", lba, lba + n - 1, s->key, s->asc,
                   s->ascq);
    else
        dw_rip_log(c, level, "LBA %d: read error, sense %02X/%02X/%02X", lba, s->key, s->asc, s->ascq);
}

typedef struct {
    uint8_t *main, *c2, *sub;
} bufs;

/* Read [lba, lba+n): TRUE with *ok telling whether the read worked.
 * When it did and `end` lies beyond it, the next block (up to end) is
 * sent to the drive before this one is checked and stored. */
static gboolean try_read_ahead(dw_rip_ctx *c, bufs *b, int32_t lba, int n, int32_t end, bool *ok,
                               dw_mmc_sense *sense, GError **error)
{
    if (!dw_job_check_cancel(c->job, error))
        return FALSE;
    *ok = dw_rip_ahead_take(c, lba, n, b->main, b->c2, b->sub, sense);
    if (!*ok)
        return TRUE;
    if (lba + n < end)
        dw_rip_ahead_fill(c, lba + n, end);
    return take_block(c, lba, n, b->main, b->c2, b->sub, error);
}

static gboolean try_read(dw_rip_ctx *c, bufs *b, int32_t lba, int n, bool *ok, dw_mmc_sense *sense,
                         GError **error)
{
    return try_read_ahead(c, b, lba, n, lba, ok, sense, error);
}

/* Sectors from a failing one that a failed block read marks for
 * trimming: 64 KiB worth, ddrescue's default cluster (23 CD sectors at
 * 2742 bytes, 32 DVD sectors). */
static int error_span(const dw_rip_ctx *c)
{
    return c->cd ? 23 : 32;
}

static gboolean pass_copy(dw_rip_ctx *c, bufs *b, bool skipping, GError **error)
{
    int64_t pos = 0;
    dw_map_run run;
    while (dw_map_find(c->map, pos, "?", &run)) {
        int32_t lba = (int32_t)run.pos, end = (int32_t)(run.pos + run.size);
        int32_t skip = 0;
        while (lba < end) {
            int n = (int)MIN((int32_t)c->block, end - lba);
            bool ok;
            dw_mmc_sense sense;
            if (!try_read_ahead(c, b, lba, n, end, &ok, &sense, error))
                return FALSE;
            if (ok) {
                lba += n;
                skip = 0;
                continue;
            }
            /* The sectors before the one that failed are likely fine. */
            if (sense.info_valid && sense.info > lba && sense.info < lba + n) {
                int good = sense.info - lba;
                bool ok2;
                dw_mmc_sense s2;
                if (!try_read(c, b, lba, good, &ok2, &s2, error))
                    return FALSE;
                if (ok2) {
                    lba += good;
                    n -= good;
                }
            }
            /* Past the failing sector only a short span is left to the
             * trimming pass (single-sector reads); the rest of a large
             * block is read again in blocks, or skipped below. */
            if (sense.info_valid && sense.info == lba)
                n = MIN(n, error_span(c));
            log_failure(c, lba, n, &sense);
            dw_map_set(c->map, lba, n, DW_MAP_NONTRIMMED);
            lba += n;
            if (skipping) {
                skip = skip ? MIN(skip * 2, 4096) : c->block;
                lba += MIN(skip, end - lba);
            }
            if (!dw_rip_map_save(c, error))
                return FALSE;
        }
        pos = end;
    }
    return TRUE;
}

/* Single-sector read; marks bad on failure.  *ok tells which. */
static gboolean read_one(dw_rip_ctx *c, bufs *b, int32_t lba, bool *ok, GError **error)
{
    dw_mmc_sense sense;
    if (!try_read(c, b, lba, 1, ok, &sense, error))
        return FALSE;
    if (!*ok) {
        log_failure(c, lba, 1, &sense);
        dw_map_set(c->map, lba, 1, DW_MAP_BAD);
        return dw_rip_map_save(c, error);
    }
    return TRUE;
}

static gboolean pass_trim(dw_rip_ctx *c, bufs *b, GError **error)
{
    dw_map_run run;
    int64_t pos = 0;
    while (dw_map_find(c->map, pos, "*", &run)) {
        int32_t lo = (int32_t)run.pos, hi = (int32_t)(run.pos + run.size) - 1;
        bool ok = true;
        while (ok && lo <= hi) {
            if (!read_one(c, b, lo, &ok, error))
                return FALSE;
            lo++;
        }
        ok = lo <= hi;
        while (ok && hi >= lo) {
            if (!read_one(c, b, hi, &ok, error))
                return FALSE;
            hi--;
        }
        if (lo <= hi) {
            dw_map_set(c->map, lo, hi - lo + 1, DW_MAP_NONSCRAPED);
            if (!dw_rip_map_save(c, error))
                return FALSE;
        }
        pos = run.pos + run.size;
    }
    return TRUE;
}

static gboolean pass_each(dw_rip_ctx *c, bufs *b, const char *statuses, GError **error)
{
    dw_map_run run;
    int64_t pos = 0;
    while (dw_map_find(c->map, pos, statuses, &run)) {
        for (int64_t l = run.pos; l < run.pos + run.size; l++) {
            bool ok;
            if (dw_rip_is_pending(c, (int32_t)l))
                continue;            /* being settled by re-reads */
            if (!read_one(c, b, (int32_t)l, &ok, error))
                return FALSE;
        }
        pos = run.pos + run.size;
    }
    return TRUE;
}

gboolean dw_rip_run_passes(dw_rip_ctx *c, GError **error)
{
    bufs b;
    size_t blk = (size_t)MAX(c->block, 1);
    b.main = g_malloc(blk * c->sector_size);
    b.c2 = g_malloc(blk * DW_C2);
    b.sub = g_malloc(blk * DW_SUB);
    gboolean ok = FALSE;
    const char *unit = "sectors";
    dw_job_begin_phase(c->job, "reading", (uint64_t)c->n_sectors, unit);
    progress(c, 0);
    if (!pass_copy(c, &b, true, error))
        goto out;
    if (dw_map_count(c->map, DW_MAP_NONTRIED) > 0) {
        dw_rip_log(c, DW_LOG_INFO, "reading the areas skipped after errors");
        if (!pass_copy(c, &b, false, error))
            goto out;
    }
    if (dw_map_count(c->map, DW_MAP_NONTRIMMED) > 0) {
        dw_job_begin_phase(c->job, "trimming", (uint64_t)c->n_sectors, unit);
        if (!pass_trim(c, &b, error))
            goto out;
    }
    if (dw_map_count(c->map, DW_MAP_NONSCRAPED) > 0) {
        dw_job_begin_phase(c->job, "scraping", (uint64_t)c->n_sectors, unit);
        if (!pass_each(c, &b, "/", error))
            goto out;
    }
    if (!dw_rip_settle(c, error))
        goto out;
    for (int r = 0; r < c->retries && dw_map_count(c->map, DW_MAP_BAD) > 0; r++) {
        dw_job_begin_phase(c->job, "retrying", (uint64_t)c->n_sectors, unit);
        dw_rip_log(c, DW_LOG_INFO, "retry pass %d of %d over %" G_GINT64_FORMAT " bad sectors", r + 1,
                   c->retries, dw_map_count(c->map, DW_MAP_BAD));
        c->retrying = true;
        if (!pass_each(c, &b, "-", error) || !dw_rip_settle(c, error))
            goto out;
    }
    ok = TRUE;
out:
    dw_rip_ahead_drain(c);
    g_free(b.main);
    g_free(b.c2);
    g_free(b.sub);
    if (!dw_rip_dump_sync(c, ok ? error : NULL))
        ok = FALSE;
    return ok;
}
