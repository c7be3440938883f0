/* rip_secure.c: reads that cannot be trusted alone, settled by more
 * reads that get past the drive's cache (rip_cache.c).
 *
 * A sector is pending when a read of it came back with C2 pointers set,
 * as a data sector whose sync/header/EDC/ECC is wrong, or different from
 * an earlier read of it (test and copy).  Its reads are kept as votes.
 * Settling re-reads every pending sector in rounds; before each round
 * the cache is defeated, so each round's read comes from the disc.  An
 * audio sector settles when every byte has a value that two reads agree
 * on (reads whose C2 bit marks the byte do not count for it); a data
 * sector when a read, or the agreed bytes, pass EDC/ECC.  A sector that
 * reaches its read limit without settling keeps the most frequent bytes
 * and is marked bad in the map (so exit code 5 and `refine` cover it),
 * and the log names it.
 *
 * Test and copy (EAC's name): a range the rip already holds is read
 * again, the cache defeated first where the rip's model says the drive
 * may still hold it, and compared sector by sector; the test reads are
 * kept in BASE.test.part (sparse, removed at the end) so the test CRC can
 * be computed over them, with settled sectors written there as agreed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/sector.h"
#include "discwright/subq.h"
#include "rip/rip_private.h"

#define MAX_VOTES 12
#define MAX_PENDING 1024         /* settle at once beyond this (bounds memory) */

typedef struct {
    int32_t lba;
    int n;                       /* votes kept */
    int reads;                   /* reads made for it, failed ones too */
    uint8_t (*bytes)[DW_RAW];    /* n of each, grown as votes come */
    uint8_t (*c2)[DW_C2];
    bool c2valid[MAX_VOTES];
    uint8_t sub[DW_SUB];
    bool sub_set;
} votes;

static void votes_free(gpointer p)
{
    votes *v = p;
    g_free(v->bytes);
    g_free(v->c2);
    g_free(v);
}

static bool c2_bit(const uint8_t *c2, int k)
{
    return (c2[k >> 3] & (0x80 >> (k & 7))) != 0;
}

static bool c2_clear(const uint8_t *c2)
{
    for (int k = 0; k < DW_C2; k++)
        if (c2[k])
            return false;
    return true;
}

/* Is the sector data?  Its own Q says (control bit 0x4) when the CRC
 * holds; else the TOC. */
static bool is_data(const dw_rip_ctx *c, int32_t lba, const uint8_t *sub)
{
    if (sub && c->sub != DW_SUBSEL_NONE && dw_subq_crc_ok(sub + 12))
        return (sub[12] & 0x40) != 0;
    return dw_rip_lba_is_data(c, lba);
}

static bool content_ok(const dw_rip_ctx *c, int32_t lba, const uint8_t *s, const uint8_t *sub)
{
    if (!c->cd || c->cooked_only || c->image)
        return true;             /* an image's sectors are what it holds */
    bool sync = memcmp(s, dw_sector_sync, 12) == 0;
    if (!sync && !is_data(c, lba, sub))
        return true;             /* audio */
    dw_sector_check chk;
    dw_sector_verify(s, lba, &chk);
    return chk.ok;
}

bool dw_rip_sector_good(const dw_rip_ctx *c, int32_t lba, const uint8_t *s, const uint8_t *c2, const uint8_t *sub)
{
    return (!c->c2 || c2_clear(c2)) && content_ok(c, lba, s, sub);
}

bool dw_rip_pending_full(const dw_rip_ctx *c)
{
    return c->pending && g_hash_table_size(c->pending) >= MAX_PENDING;
}

bool dw_rip_is_pending(const dw_rip_ctx *c, int32_t lba)
{
    return c->pending && g_hash_table_contains(c->pending, GINT_TO_POINTER(lba));
}

static int max_reads(const dw_rip_ctx *c)
{
    return MIN(2 + 2 * MAX(c->retries, 1), MAX_VOTES);
}

static void add_vote(votes *v, const uint8_t *s, const uint8_t *c2, bool c2valid, const uint8_t *sub)
{
    if (v->n < MAX_VOTES) {
        v->bytes = g_realloc_n(v->bytes, (size_t)v->n + 1, DW_RAW);
        v->c2 = g_realloc_n(v->c2, (size_t)v->n + 1, DW_C2);
    }
    int i = v->n < MAX_VOTES ? v->n++ : MAX_VOTES - 1;
    memcpy(v->bytes[i], s, DW_RAW);
    if (c2valid && c2)
        memcpy(v->c2[i], c2, DW_C2);
    else
        memset(v->c2[i], 0, DW_C2);
    v->c2valid[i] = c2valid && c2;
    if (sub && (!v->sub_set || (!dw_subq_crc_ok(v->sub + 12) && dw_subq_crc_ok(sub + 12)))) {
        memcpy(v->sub, sub, DW_SUB);
        v->sub_set = true;
    }
}

void dw_rip_pending_add(dw_rip_ctx *c, int32_t lba, const uint8_t *sector, const uint8_t *c2, bool c2_valid,
                        const uint8_t *sub)
{
    if (!c->pending)
        c->pending = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, votes_free);
    votes *v = g_hash_table_lookup(c->pending, GINT_TO_POINTER(lba));
    if (!v) {
        v = g_new0(votes, 1);
        v->lba = lba;
        g_hash_table_insert(c->pending, GINT_TO_POINTER(lba), v);
        c->unstable++;
    }
    if (!c->settle_state)
        c->settle_state = g_malloc0((size_t)c->n_sectors);
    if (lba >= 0 && lba < c->n_sectors)
        c->settle_state[lba] = 1;
    add_vote(v, sector, c2, c2_valid, sub);
    v->reads++;
}

/* Per byte, a value two eligible reads agree on; out gets it, or the most
 * frequent value when there is none.  True when every byte agreed. */
static bool vote(const votes *v, uint8_t *out)
{
    bool all = true;
    for (int p = 0; p < DW_RAW; p++) {
        int best = -1, best_n = 0, any = -1, any_n = 0;
        for (int i = 0; i < v->n; i++) {
            uint8_t x = v->bytes[i][p];
            int n = 0, m = 0;
            for (int j = 0; j < v->n; j++) {
                if (v->bytes[j][p] != x)
                    continue;
                m++;
                if (!(v->c2valid[j] && c2_bit(v->c2[j], p)))
                    n++;
            }
            bool ok_i = !(v->c2valid[i] && c2_bit(v->c2[i], p));
            if (ok_i && n > best_n) {
                best_n = n;
                best = x;
            }
            if (m > any_n) {
                any_n = m;
                any = x;
            }
        }
        if (best_n >= 2)
            out[p] = (uint8_t)best;
        else {
            all = false;
            out[p] = (uint8_t)(best >= 0 ? best : any >= 0 ? any : 0);
        }
    }
    return all;
}

/* Settled?  out: the bytes to keep. */
static bool settled(const dw_rip_ctx *c, const votes *v, uint8_t *out)
{
    const uint8_t *sub = v->sub_set ? v->sub : NULL;
    bool data = memcmp(v->bytes[v->n - 1], dw_sector_sync, 12) == 0 || is_data(c, v->lba, sub);
    if (data) {
        for (int i = v->n - 1; i >= 0; i--)
            if ((!v->c2valid[i] || c2_clear(v->c2[i])) && content_ok(c, v->lba, v->bytes[i], sub)) {
                memcpy(out, v->bytes[i], DW_RAW);
                return true;
            }
    }
    bool agree = vote(v, out);
    return agree && (!data || content_ok(c, v->lba, out, sub));
}

static gboolean pio_write(int fd, const void *buf, size_t len, off_t off, const char *path, GError **error)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = pwrite(fd, p, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, n < 0 ? g_strerror(errno) : "short write");
            return FALSE;
        }
        p += n;
        len -= (size_t)n;
        off += n;
    }
    return TRUE;
}

static gboolean keep(dw_rip_ctx *c, const votes *v, const uint8_t *bytes, bool good, GError **error)
{
    if (!dw_rip_dump_store(c, v->lba, 1, bytes, v->sub_set ? v->sub : NULL, error))
        return FALSE;
    if (c->test_fd >= 0 && !pio_write(c->test_fd, bytes, DW_RAW, (off_t)v->lba * DW_RAW, c->test_path, error))
        return FALSE;
    dw_map_set(c->map, v->lba, 1, good ? DW_MAP_FINISHED : DW_MAP_BAD);
    return TRUE;
}

static int cmp_lba(gconstpointer a, gconstpointer b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

gboolean dw_rip_settle(dw_rip_ctx *c, GError **error)
{
    if (!c->pending || g_hash_table_size(c->pending) == 0)
        return TRUE;
    int limit = max_reads(c);
    dw_job_begin_phase(c->job, "re-reading", (uint64_t)g_hash_table_size(c->pending), "sectors");
    dw_rip_log(c, DW_LOG_INFO, "%u sector%s to re-read until two reads agree", g_hash_table_size(c->pending),
               g_hash_table_size(c->pending) == 1 ? "" : "s");
    uint8_t out[DW_RAW];
    size_t blk = (size_t)MAX(c->block, 1);
    g_autofree uint8_t *main = g_malloc(blk * DW_RAW), *c2 = g_malloc(blk * DW_C2), *sub = g_malloc(blk * DW_SUB);
    g_autoptr(GArray) lbas = g_array_new(FALSE, FALSE, sizeof(int32_t));
    /* Votes already there may settle (test reads that differed). */
    for (int round = 0;; round++) {
        g_array_set_size(lbas, 0);
        GHashTableIter it;
        gpointer key, val;
        g_hash_table_iter_init(&it, c->pending);
        while (g_hash_table_iter_next(&it, &key, &val)) {
            votes *v = val;
            if (v->n >= 2 && settled(c, v, out)) {
                if (!keep(c, v, out, true, error))
                    return FALSE;
                g_hash_table_iter_remove(&it);
                continue;
            }
            if (v->reads >= limit) {
                vote(v, out);
                if (c->n_errors_logged++ < 1000)
                    dw_rip_log(c, DW_LOG_WARNING, "LBA %d: no two reads agree after %d reads (kept the most frequent bytes)",
                               v->lba, v->reads);
                c->settle_state[v->lba] = 2;
                dw_job_add_error(c->job);
                if (!keep(c, v, out, false, error))
                    return FALSE;
                g_hash_table_iter_remove(&it);
                continue;
            }
            int32_t l = v->lba;
            g_array_append_val(lbas, l);
        }
        if (!dw_rip_dump_sync(c, error))
            return FALSE;
        if (lbas->len == 0)
            break;
        g_array_sort(lbas, cmp_lba);
        const int32_t *t = (const int32_t *)(void *)lbas->data;
        if (!dw_rip_cache_bust(c, t, lbas->len, NULL, error))
            return FALSE;
        for (guint i = 0; i < lbas->len;) {
            int cnt = 1;
            while (i + (guint)cnt < lbas->len && cnt < (int)blk && t[i + (guint)cnt] == t[i] + cnt)
                cnt++;
            if (!dw_job_check_cancel(c->job, error))
                return FALSE;
            dw_mmc_sense sense;
            bool ok = dw_rip_read(c, t[i], cnt, main, c2, sub, &sense);
            for (int k = 0; k < cnt; k++) {
                votes *v = g_hash_table_lookup(c->pending, GINT_TO_POINTER(t[i + (guint)k]));
                v->reads++;
                c->rereads++;
                dw_job_add_retry(c->job);
                if (ok)
                    add_vote(v, main + (size_t)k * DW_RAW, c2 + (size_t)k * DW_C2, c->c2, sub + (size_t)k * DW_SUB);
            }
            i += (guint)cnt;
        }
        (void)round;
    }
    return TRUE;
}

static gboolean open_test(dw_rip_ctx *c, GError **error)
{
    if (c->test_fd >= 0)
        return TRUE;
    c->test_path = g_strdup_printf("%s.test.part", c->opt->base);
    c->test_fd = open(c->test_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (c->test_fd < 0 || ftruncate(c->test_fd, (off_t)c->n_sectors * DW_RAW) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", c->test_path, g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

gboolean dw_rip_test_range(dw_rip_ctx *c, int32_t from, int32_t to, const uint8_t *avoid, GError **error)
{
    if (!open_test(c, error))
        return FALSE;
    from = MAX(from, 0);
    to = MIN(to, (int32_t)c->n_sectors);
    size_t blk = (size_t)MAX(c->block, 1);
    g_autofree uint8_t *main = g_malloc(blk * DW_RAW), *c2 = g_malloc(blk * DW_C2), *sub = g_malloc(blk * DW_SUB);
    g_autofree uint8_t *copy = g_malloc(blk * DW_RAW), *csub = g_malloc(blk * DW_SUB);
    g_autofree int32_t *t = g_new(int32_t, blk);
    for (int32_t l = from; l < to;) {
        /* A run of sectors the rip holds as good. */
        if ((c->gap && c->gap[l]) || dw_map_get(c->map, l) != DW_MAP_FINISHED || dw_rip_is_pending(c, l)) {
            l++;
            continue;
        }
        int cnt = 0;
        while (l + cnt < to && cnt < (int)blk && !(c->gap && c->gap[l + cnt]) &&
               dw_map_get(c->map, l + cnt) == DW_MAP_FINISHED && !dw_rip_is_pending(c, l + cnt))
            cnt++;
        for (int k = 0; k < cnt; k++)
            t[k] = l + k;
        if (!dw_job_check_cancel(c->job, error) || !dw_rip_cache_bust(c, t, (size_t)cnt, avoid, error))
            return FALSE;
        dw_mmc_sense sense;
        bool ok = dw_rip_read(c, l, cnt, main, c2, sub, &sense);
        if (!dw_rip_dump_load(c, l, cnt, copy, csub, error))
            return FALSE;
        for (int k = 0; k < cnt; k++) {
            const uint8_t *s = main + (size_t)k * DW_RAW, *cp = copy + (size_t)k * DW_RAW;
            if (ok && memcmp(s, cp, DW_RAW) == 0) {
                if (!pio_write(c->test_fd, s, DW_RAW, (off_t)(l + k) * DW_RAW, c->test_path, error))
                    return FALSE;
                continue;
            }
            /* The reads differ (or the test read failed): both are votes. */
            dw_rip_pending_add(c, l + k, cp, NULL, false, csub + (size_t)k * DW_SUB);
            if (ok) {
                dw_rip_pending_add(c, l + k, s, c2 + (size_t)k * DW_C2, c->c2, sub + (size_t)k * DW_SUB);
                if (!pio_write(c->test_fd, s, DW_RAW, (off_t)(l + k) * DW_RAW, c->test_path, error))
                    return FALSE;
            }
            dw_map_set(c->map, l + k, 1, DW_MAP_BAD);
            if (c->n_errors_logged++ < 1000)
                dw_rip_log(c, DW_LOG_WARNING, "LBA %d: the test read %s the copy", l + k,
                           ok ? "differs from" : "failed on");
        }
        dw_job_advance(c->job, (uint64_t)cnt, (uint64_t)cnt * DW_RAW);
        l += cnt;
    }
    return dw_rip_map_save(c, error);
}

void dw_rip_secure_free(dw_rip_ctx *c)
{
    if (c->pending)
        g_hash_table_destroy(c->pending);
    c->pending = NULL;
    if (c->test_fd >= 0) {
        close(c->test_fd);
        unlink(c->test_path);
    }
    c->test_fd = -1;
    g_free(c->test_path);
    c->test_path = NULL;
    g_free(c->settle_state);
    c->settle_state = NULL;
}
