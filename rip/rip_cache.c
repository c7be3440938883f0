/* rip_cache.c: getting past the drive's read cache.  Drives keep what
 * they last read from the disc and answer a re-read of it from that
 * buffer, errors included, so a second read proves nothing unless the
 * sector has left the buffer.  No MMC command says whether a drive
 * caches audio; the buffer size it reports (MODE SENSE page 2Ah, bytes
 * 12-13, KiB) bounds what it can hold.  The rip keeps its own model of
 * what the drive may still hold: every sector read, least recently used
 * forgotten first, as many as the buffer fits.  Before a re-read of a
 * sector the model may still hold, the cache is defeated:
 *  - evict (default): read at least a buffer's worth of other sectors
 *    (good ones the rip already has, away from the sectors to re-read)
 *    and discard them;
 *  - fua (asked for, for drives known to honour it): READ(12) with the
 *    FUA bit and no transfer at the sector, which such drives answer by
 *    dropping their buffer; a drive refusing the command gets evict;
 *  - none (asked for): the drive is known not to cache audio.
 * The log says which, and how many sectors eviction cost. */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "rip/rip_private.h"

#define DEFAULT_KB 8192          /* when the drive does not say: larger than most drives' */

struct dw_rip_lru {
    int32_t n;                   /* LBAs 0..n-1 */
    int capacity, used;
    int32_t *prev, *next;        /* per LBA; list head = most recent */
    uint8_t *in;                 /* per LBA: in the list */
    int32_t head, tail;
};

static dw_rip_lru *lru_new(int32_t n, int capacity)
{
    dw_rip_lru *l = g_new0(dw_rip_lru, 1);
    l->n = n;
    l->capacity = capacity;
    l->prev = g_new(int32_t, (size_t)n);
    l->next = g_new(int32_t, (size_t)n);
    l->in = g_new0(uint8_t, (size_t)n);
    l->head = l->tail = -1;
    return l;
}

static void lru_free(dw_rip_lru *l)
{
    if (!l)
        return;
    g_free(l->prev);
    g_free(l->next);
    g_free(l->in);
    g_free(l);
}

static void lru_unlink(dw_rip_lru *l, int32_t x)
{
    if (l->prev[x] >= 0)
        l->next[l->prev[x]] = l->next[x];
    else
        l->head = l->next[x];
    if (l->next[x] >= 0)
        l->prev[l->next[x]] = l->prev[x];
    else
        l->tail = l->prev[x];
    l->in[x] = 0;
    l->used--;
}

static void lru_touch(dw_rip_lru *l, int32_t x)
{
    if (x < 0 || x >= l->n)
        return;
    if (l->in[x])
        lru_unlink(l, x);
    else if (l->used >= l->capacity && l->tail >= 0)
        lru_unlink(l, l->tail);
    l->prev[x] = -1;
    l->next[x] = l->head;
    if (l->head >= 0)
        l->prev[l->head] = x;
    l->head = x;
    if (l->tail < 0)
        l->tail = x;
    l->in[x] = 1;
    l->used++;
}

static void lru_clear(dw_rip_lru *l)
{
    while (l->head >= 0)
        lru_unlink(l, l->head);
}

void dw_rip_cache_setup(dw_rip_ctx *c)
{
    dw_rip_cache_defeat want = c->opt->cache_defeat;
    c->cache_method = DW_RIP_CACHE_NONE;
    if (!c->cd || c->image || !c->cdio) {
        g_strlcpy(c->cache_how, c->image ? "none needed (an image reads the same every time)" : "none",
                  sizeof c->cache_how);
        return;
    }
    if (want == DW_RIP_CACHE_NONE) {
        g_strlcpy(c->cache_how, "none (--cache-defeat none: the drive is taken not to cache audio)",
                  sizeof c->cache_how);
        dw_rip_log(c, DW_LOG_INFO, "cache: %s", c->cache_how);
        return;
    }
    uint8_t cdb[12] = { 0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 64 }, r[64];
    dw_mmc_sense sense;
    int kb = 0;
    if (dw_mmc_read(c->cdio, cdb, r, sizeof r, &sense) && (r[8] & 0x3F) == 0x2A && r[9] >= 12)
        kb = dw_get_be16(r + 8 + 12);
    bool reported = kb > 0;
    if (!reported)
        kb = DEFAULT_KB;
    c->cache_kb = kb;
    c->cache_kb_reported = reported;
    c->cache_sectors = (int)((int64_t)kb * 1024 / DW_RAW) + 1;
    c->lru = lru_new((int32_t)c->n_sectors, c->cache_sectors);
    c->cache_method = want == DW_RIP_CACHE_FUA ? DW_RIP_CACHE_FUA : DW_RIP_CACHE_EVICT;
    if (c->cache_method == DW_RIP_CACHE_FUA)
        g_snprintf(c->cache_how, sizeof c->cache_how, "FUA: READ(12) with FUA before re-reads (buffer %d KiB%s)",
                   kb, reported ? "" : " assumed");
    else
        g_snprintf(c->cache_how, sizeof c->cache_how,
                   "evict: %d other sectors read before re-reads (buffer %d KiB%s)", c->cache_sectors, kb,
                   reported ? " as the drive reports" : " assumed: the drive does not say");
    dw_rip_log(c, DW_LOG_INFO, "cache: %s", c->cache_how);
}

void dw_rip_cache_free(dw_rip_ctx *c)
{
    lru_free(c->lru);
    c->lru = NULL;
}

void dw_rip_cache_note(dw_rip_ctx *c, int32_t lba, int count)
{
    if (!c->lru)
        return;
    for (int i = 0; i < count; i++)
        lru_touch(c->lru, lba + i);
}

bool dw_rip_cache_holds(const dw_rip_ctx *c, int32_t lba)
{
    if (c->cache_method == DW_RIP_CACHE_NONE || !c->lru)
        return false;
    return lba >= 0 && lba < c->lru->n && c->lru->in[lba];
}

static bool fua_flush(dw_rip_ctx *c, int32_t lba)
{
    uint8_t cdb[12] = { 0xA8, 0x08 };
    dw_put_be32(cdb + 2, (uint32_t)MAX(lba, 0));
    dw_mmc_sense sense;
    if (dw_mmc_read(c->cdio, cdb, NULL, 0, &sense))
        return true;
    dw_rip_log(c, DW_LOG_WARNING, "the drive refuses READ(12) with FUA (sense %02X/%02X/%02X): evicting instead",
               sense.key, sense.asc, sense.ascq);
    c->cache_method = DW_RIP_CACHE_EVICT;
    g_snprintf(c->cache_how, sizeof c->cache_how, "evict: %d other sectors read before re-reads (FUA refused)",
               c->cache_sectors);
    return false;
}

static bool usable(const dw_rip_ctx *c, int32_t l, const uint8_t *tmask, const uint8_t *avoid)
{
    return !tmask[l] && !(avoid && avoid[l]) && !(c->gap && c->gap[l]) &&
           dw_map_get(c->map, l) == DW_MAP_FINISHED && !dw_rip_is_pending(c, l);
}

gboolean dw_rip_cache_bust(dw_rip_ctx *c, const int32_t *targets, size_t n, const uint8_t *avoid,
                             GError **error)
{
    if (c->cache_method == DW_RIP_CACHE_NONE || !c->lru || n == 0)
        return TRUE;
    bool any = false;
    int32_t tmax = -1;
    for (size_t i = 0; i < n; i++) {
        any = any || dw_rip_cache_holds(c, targets[i]);
        tmax = MAX(tmax, targets[i]);
    }
    if (!any)
        return TRUE;
    if (c->cache_method == DW_RIP_CACHE_FUA && fua_flush(c, targets[0])) {
        lru_clear(c->lru);
        return TRUE;
    }
    /* Evict: a buffer's worth of sectors that are not targets, from just
     * after the last target onwards (wrapping to the start), preferring
     * sectors outside `avoid`; read in runs, in order, and dropped. */
    int32_t N = (int32_t)c->n_sectors;
    g_autofree uint8_t *tmask = g_malloc0((size_t)N);
    for (size_t i = 0; i < n; i++)
        if (targets[i] >= 0 && targets[i] < N)
            tmask[targets[i]] = 1;
    int need = c->cache_sectors;
    g_autofree uint8_t *pick = g_malloc0((size_t)N);
    int got = 0;
    for (int pass = 0; pass < 2 && got < need; pass++) {
        const uint8_t *av = pass == 0 ? avoid : NULL;
        for (int32_t k = 0; k < N && got < need; k++) {
            int32_t l = (tmax + 1 + k) % N;
            if (!pick[l] && usable(c, l, tmask, av)) {
                pick[l] = 1;
                got++;
            }
        }
    }
    if (got < need && !c->fua_refused) {
        /* The disc is smaller than the drive's buffer: no run of other
         * sectors can push the targets out.  FUA is the one other way;
         * a drive that ignores it loses nothing by being asked. */
        if (fua_flush(c, targets[0])) {
            if (!c->fua_fallback_logged) {
                c->fua_fallback_logged = true;
                dw_rip_log(c, DW_LOG_INFO, "cache: only %d sectors to read elsewhere, the drive's buffer holds %d: "
                           "READ(12) with FUA before re-reads instead", got, need);
            }
            lru_clear(c->lru);
            return TRUE;
        }
        c->fua_refused = true;
    }
    if (got < need && c->n_errors_logged < 1000) {
        c->n_errors_logged++;
        dw_rip_log(c, DW_LOG_WARNING, "only %d sectors to read elsewhere, the drive's buffer holds %d: "
                   "a re-read may still come from the cache", got, need);
    }
    size_t blk = (size_t)MAX(c->block, 1);
    g_autofree uint8_t *main = g_malloc(blk * DW_RAW), *c2 = g_malloc(blk * DW_C2), *sub = g_malloc(blk * DW_SUB);
    for (int32_t l = 0; l < N;) {
        if (!pick[l]) {
            l++;
            continue;
        }
        int cnt = 0;
        while (l + cnt < N && pick[l + cnt] && cnt < (int)blk)
            cnt++;
        if (!dw_job_check_cancel(c->job, error))
            return FALSE;
        dw_mmc_sense sense;
        if (!dw_rip_read(c, l, cnt, main, c2, sub, &sense)) {
            /* Reading a sector that failed still moved the head away;
             * read the rest one by one. */
            for (int i = 0; i < cnt; i++)
                (void)dw_rip_read(c, l + i, 1, main, c2, sub, &sense);
        }
        c->evict_reads += (uint64_t)cnt;
        l += cnt;
    }
    /* Whatever the drive does, the model now holds the fillers, not the
     * targets (unless there were too few fillers). */
    return TRUE;
}
