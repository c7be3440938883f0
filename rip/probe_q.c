/* probe_q.c: pregaps and index marks from the Q subchannel, found with
 * a few reads per track rather than a scan.  Inside a track the index
 * never decreases, and the pregap of track N (INDEX 00) is the run of
 * sectors just before its INDEX 01 whose Q already says track N, so each
 * boundary is the first sector where a monotonic predicate turns true:
 * a binary search over formatted Q (READ CD sub-channel selection 010b).
 * A sector whose Q is an MCN/ISRC frame or fails its CRC takes the
 * position of its nearest readable neighbour. */
#include "config.h"

#include <cdio/mmc.h>
#include <string.h>

#include "discwright/error.h"
#include "discwright/subq.h"
#include "rip/probe_private.h"

typedef struct {
    CdIo_t *cdio;
    unsigned reads;
} qreader;

typedef enum { Q_UNREADABLE, Q_NOT_POSITION, Q_OK } q_result;

static q_result read_q_raw(qreader *r, int32_t lba, dw_subq *q)
{
    uint32_t a = (uint32_t)lba;
    mmc_cdb_t cdb;
    memset(&cdb, 0, sizeof cdb);
    uint8_t f[12] = { 0xBE, 0x00, (uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a,
                      0, 0, 1, 0x00, 0x02, 0 };
    memcpy(cdb.field, f, 12);
    uint8_t buf[16];
    memset(buf, 0, sizeof buf);
    r->reads++;
    if (mmc_run_cmd(r->cdio, 20000, &cdb, SCSI_MMC_DATA_READ, sizeof buf, buf) != DRIVER_OP_SUCCESS)
        return Q_UNREADABLE;
    return dw_subq_decode(buf, q) && q->adr == 1 ? Q_OK : Q_NOT_POSITION;
}

/* Track and index at lba.  When the sector is readable but its Q is an
 * MCN/ISRC frame (or fails its CRC), the nearest neighbour's position
 * stands in; an unreadable sector has no position. */
static bool q_position(qreader *r, int32_t lba, int *track, int *index)
{
    static const int32_t probe[] = { 0, -1, 1, -2, 2 };
    for (size_t i = 0; i < G_N_ELEMENTS(probe); i++) {
        dw_subq q;
        if (lba + probe[i] < 0 && probe[i] < 0)
            continue;
        q_result res = read_q_raw(r, lba + probe[i], &q);
        if (res == Q_OK) {
            *track = q.track;
            *index = q.index;
            return true;
        }
        if (res == Q_UNREADABLE && probe[i] == 0)
            return false;
    }
    return false;
}

/* Smallest lba in [lo, hi] for which pred holds, knowing pred(hi) holds
 * and pred is monotonic.  An unreadable sector counts as "not yet": the
 * only unreadable stretch expected before a boundary is a session gap,
 * which lies before the pregap it bounds. */
typedef bool (*pred_fn)(int track, int index, int want_track, int want_index);

static bool is_track(int track, int index, int want_track, int want_index)
{
    (void)index;
    (void)want_index;
    return track == want_track;
}

static bool index_at_least(int track, int index, int want_track, int want_index)
{
    return track == want_track && index >= want_index;
}

static int32_t first_true(qreader *r, int32_t lo, int32_t hi, pred_fn pred, int wt, int wi)
{
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        int t, i;
        if (q_position(r, mid, &t, &i) && pred(t, i, wt, wi))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

gboolean dw_probe_q_indexes(CdIo_t *cdio, dw_disc *disc, dw_job *job, GError **error)
{
    qreader r = { .cdio = cdio };
    int t0, i0;
    if (disc->n_tracks == 0)
        return dw_disc_finish(disc, error);
    /* Is Q readable at all?  Try the first track's first sector. */
    if (!q_position(&r, disc->tracks[0].start, &t0, &i0)) {
        dw_job_log(job, DW_LOG_INFO, "Q subchannel not readable: pregaps and indexes not probed");
        return dw_disc_finish(disc, error);
    }

    /* Pregaps: every track but the disc's first. */
    for (int k = 1; k < disc->n_tracks; k++) {
        if (!dw_job_check_cancel(job, error))
            return FALSE;
        dw_track *t = &disc->tracks[k];
        const dw_track *prev = &disc->tracks[k - 1];
        int tn, in;
        if (!q_position(&r, t->start - 1, &tn, &in) || tn != t->number || in != 0)
            continue; /* no pregap, or not readable there */
        int32_t lo = prev->session == t->session ? prev->start + 1 : t->start - 450;
        if (lo < 0)
            lo = 0;
        int32_t first = first_true(&r, lo, t->start - 1, is_track, t->number, 0);
        t->pregap = t->start - first;
    }
    if (!dw_disc_finish(disc, error))
        return FALSE;

    /* INDEX 02 and up: the index of the track's last sector tells how many. */
    for (int k = 0; k < disc->n_tracks; k++) {
        if (!dw_job_check_cancel(job, error))
            return FALSE;
        dw_track *t = &disc->tracks[k];
        if (t->length < 2)
            continue;
        int32_t last = t->start + t->length - 1;
        int tn, in;
        if (!q_position(&r, last, &tn, &in) || tn != t->number || in < 2 || in > DW_MAX_INDEX)
            continue;
        int32_t lo = t->start;
        for (int j = 2; j <= in; j++) {
            int32_t at = first_true(&r, lo, last, index_at_least, t->number, j);
            t->index[j] = at;
            t->n_indexes = j + 1;
            lo = at;
        }
    }
    dw_job_log(job, DW_LOG_DEBUG, "Q probe: %u reads", r.reads);
    return TRUE;
}
