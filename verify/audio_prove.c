/* audio_prove.c: per-track proof against AccurateRip records and CTDB
 * entries, and the search for the shift (read offset, or another
 * pressing's offset) at which AccurateRip records match.
 *
 * A record's CRC field holds either a v1 or a v2 sum; it is compared
 * with both.  Confidence is summed over the records (or CTDB entries)
 * that match a track; the total is the sum over all of them.
 *
 * The search slides the v1 sum: with S the source samples, a the track's
 * first sample and [lo, hi] the 1-based positions the sum covers,
 *   C(s)   = sum_{i=lo..hi} S[a+i-1+s] * i
 *   W(s)   = sum_{i=lo..hi} S[a+i-1+s]
 *   C(s+1) = C(s) - W(s) - (lo-1) * S[a+lo-1+s] + hi * S[a+hi+s]
 *   W(s+1) = W(s) - S[a+lo-1+s] + S[a+hi+s]        (all mod 2^32)
 * so every shift in [-range, range] costs one pass over the track plus
 * two windows of 2*range+1 samples.  Frame450 (track sector 450 with
 * multipliers 1..588) slides the same way.  v2 does not slide (the high
 * halves of the products are not linear); a shift found by v1 or
 * Frame450 is confirmed by computing v1 and v2 there. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/audiodb.h"
#include "discwright/error.h"
#include "verify/audio_private.h"

void dw_audio_prove(const dw_audio_sums *s, const dw_track_extra *extra, const dw_ar_record *recs, size_t n_recs,
                    const dw_ctdb_entry *ent, size_t n_ent, dw_audio_proof *p)
{
    memset(p, 0, sizeof *p);
    p->n_tracks = s->n_tracks;
    for (size_t i = 0; i < n_recs; i++)
        if (recs[i].n_tracks == s->n_tracks && recs[i].id1 == s->ar_id1 && recs[i].id2 == s->ar_id2 &&
            recs[i].cddb == s->cddb_id)
            p->ar_found = true;
    p->ctdb_found = n_ent > 0;
    for (size_t e = 0; e < n_ent; e++)
        if (ent[e].crc32 == s->ctdb_crc)
            p->ctdb_disc_confidence += ent[e].confidence;
    for (int k = 0; k < s->n_tracks; k++) {
        dw_track_proof *t = &p->tracks[k];
        t->track = s->tracks[k].track;
        int c1 = 0, c2 = 0;
        for (size_t i = 0; i < n_recs; i++) {
            const dw_ar_record *r = &recs[i];
            if (r->n_tracks != s->n_tracks || r->id1 != s->ar_id1 || r->id2 != s->ar_id2 || r->cddb != s->cddb_id)
                continue;
            t->ar_total += r->confidence[k];
            if (r->crc[k] == s->tracks[k].ar_v2)
                c2 += r->confidence[k];
            else if (r->crc[k] == s->tracks[k].ar_v1)
                c1 += r->confidence[k];
        }
        if (c2) {
            t->ar = DW_AR_V2;
            t->ar_confidence = c2;
        } else if (c1) {
            t->ar = DW_AR_V1;
            t->ar_confidence = c1;
        }
        for (size_t e = 0; e < n_ent && extra; e++) {
            if (ent[e].n_tracks != s->n_tracks)
                continue;
            t->ctdb_total += ent[e].confidence;
            if (ent[e].track_crcs[k] == extra[k].ctdb)
                t->ctdb_confidence += ent[e].confidence;
        }
    }
}

/* Source samples [first, first+count) into out (zeros on the ends the
 * callback leaves). */
static gboolean get(dw_sample_read_fn read, void *user, int64_t first, size_t count, uint32_t *out, GError **error)
{
    return read(user, first, count, out, error);
}

/* v1-style sums over positions [lo, hi] of the window starting at sample
 * a, for every shift in [base-range, base+range]: out[2*range+1]. */
static gboolean slide(dw_sample_read_fn read, void *user, int64_t a, int64_t lo, int64_t hi, int base, int range,
                      uint32_t *out, dw_job *job, GError **error)
{
    int64_t s0 = (int64_t)base - range;
    size_t w = (size_t)(2 * range + 1);
    /* Direct sums at the first shift. */
    uint32_t c = 0, sum = 0;
    enum { CH = 65536 };
    g_autofree uint32_t *buf = g_malloc(CH * sizeof(uint32_t));
    for (int64_t i = lo; i <= hi; i += CH) {
        size_t cnt = (size_t)MIN((int64_t)CH, hi - i + 1);
        if (!get(read, user, a + i - 1 + s0, cnt, buf, error))
            return FALSE;
        for (size_t j = 0; j < cnt; j++) {
            c += buf[j] * (uint32_t)(i + (int64_t)j);
            sum += buf[j];
        }
        if (job && !dw_job_check_cancel(job, error))
            return FALSE;
    }
    /* The two windows the slide needs. */
    g_autofree uint32_t *out_w = g_malloc(w * sizeof(uint32_t));
    g_autofree uint32_t *in_w = g_malloc(w * sizeof(uint32_t));
    if (!get(read, user, a + lo - 1 + s0, w, out_w, error) || !get(read, user, a + hi + s0, w, in_w, error))
        return FALSE;
    for (size_t k = 0; k < w; k++) {
        out[k] = c;
        uint32_t leaving = out_w[k], entering = in_w[k];
        c = c - sum - (uint32_t)(lo - 1) * leaving + (uint32_t)hi * entering;
        sum = sum - leaving + entering;
    }
    return TRUE;
}

typedef struct {
    int shift;
    uint8_t matched[99];         /* per track: 1 once counted */
    int tracks, confidence;
    bool f450;
} cand;

static cand *cand_get(GArray *cs, int shift)
{
    for (guint i = 0; i < cs->len; i++)
        if (g_array_index(cs, cand, i).shift == shift)
            return &g_array_index(cs, cand, i);
    cand c;
    memset(&c, 0, sizeof c);
    c.shift = shift;
    g_array_append_val(cs, c);
    return &g_array_index(cs, cand, cs->len - 1);
}

/* Candidates with more evidence first: Frame450 hits, then v1 tracks. */
static int cmp_cand(gconstpointer a, gconstpointer b)
{
    const cand *x = a, *y = b;
    if (x->tracks != y->tracks)
        return y->tracks - x->tracks;
    if (x->f450 != y->f450)
        return (int)y->f450 - (int)x->f450;
    if (x->confidence != y->confidence)
        return y->confidence - x->confidence;
    return abs(x->shift) - abs(y->shift);
}

static int cmp_shift(gconstpointer a, gconstpointer b)
{
    const dw_ar_shift *x = a, *y = b;
    if (x->tracks != y->tracks)
        return y->tracks - x->tracks;
    if (x->confidence != y->confidence)
        return y->confidence - x->confidence;
    return abs(x->shift) - abs(y->shift);
}

/* v1 and v2 of track k at one shift (direct). */
static gboolean sums_at(dw_sample_read_fn read, void *user, const dw_audio_layout *L, int k, int shift, uint32_t *v1,
                        uint32_t *v2, GError **error)
{
    int64_t n = (int64_t)(L->end[k] - L->start[k]) * 588;
    int64_t from = k == 0 ? 2940 : 1, to = k == L->n - 1 ? n - 2940 : n;
    enum { CH = 65536 };
    g_autofree uint32_t *buf = g_malloc(CH * sizeof(uint32_t));
    uint32_t a = 0, b = 0;
    for (int64_t i = MAX(from, 1); i <= to; i += CH) {
        size_t cnt = (size_t)MIN((int64_t)CH, to - i + 1);
        if (!get(read, user, (int64_t)L->start[k] * 588 + i - 1 + shift, cnt, buf, error))
            return FALSE;
        for (size_t j = 0; j < cnt; j++) {
            uint64_t prod = (uint64_t)buf[j] * (uint64_t)(i + (int64_t)j);
            a += (uint32_t)prod;
            b += (uint32_t)prod + (uint32_t)(prod >> 32);
        }
    }
    *v1 = a;
    *v2 = b;
    return TRUE;
}

static bool rec_of_disc(const dw_ar_record *r, const dw_audio_layout *L)
{
    return r->n_tracks == L->n;
}

gboolean dw_ar_find_shifts(const dw_disc *disc, const dw_audio_layout *L, dw_sample_read_fn read, void *user,
                           int base, int range, const dw_ar_record *recs, size_t n_recs, GArray **matches,
                           dw_job *job, GError **error)
{
    (void)disc;
    *matches = g_array_new(FALSE, TRUE, sizeof(dw_ar_shift));
    if (range < 0 || range > 10000) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "offset search range %d out of bounds", range);
        return FALSE;
    }
    size_t w = (size_t)(2 * range + 1);
    g_autoptr(GArray) cs = g_array_new(FALSE, TRUE, sizeof(cand));
    g_autofree uint32_t *v1 = g_malloc(w * sizeof(uint32_t));
    g_autofree uint32_t *f4 = g_malloc(w * sizeof(uint32_t));
    if (job)
        dw_job_begin_phase(job, "finding the offset", (uint64_t)L->n, "tracks");
    for (int k = 0; k < L->n; k++) {
        int64_t n = (int64_t)(L->end[k] - L->start[k]) * 588;
        int64_t lo = k == 0 ? 2940 : 1, hi = k == L->n - 1 ? n - 2940 : n;
        int64_t a = (int64_t)L->start[k] * 588;
        bool have_v1 = hi >= lo;
        if (have_v1 && !slide(read, user, a, lo, hi, base, range, v1, job, error))
            return FALSE;
        bool have_f4 = n > 451 * 588;
        if (have_f4 && !slide(read, user, a + 450 * 588, 1, 588, base, range, f4, job, error))
            return FALSE;
        for (size_t r = 0; r < n_recs; r++) {
            const dw_ar_record *x = &recs[r];
            if (!rec_of_disc(x, L) || !x->confidence[k])
                continue;
            for (size_t j = 0; j < w; j++) {
                bool m1 = have_v1 && v1[j] == x->crc[k];
                bool m4 = have_f4 && x->frame450[k] && f4[j] == x->frame450[k];
                if (!m1 && !m4)
                    continue;
                cand *c = cand_get(cs, base - range + (int)j);
                if (m4)
                    c->f450 = true;
                if (m1) {
                    if (!c->matched[k]) {
                        c->matched[k] = 1;
                        c->tracks++;
                    }
                    c->confidence += x->confidence[k];
                }
            }
        }
        if (job)
            dw_job_advance(job, 1, 0);
    }
    /* Confirm the most promising shifts on every track by the whole-track
     * sums there: v2 records (which do not slide) and Frame450 hints. */
    g_array_sort(cs, cmp_cand);
    for (guint i = 0; i < cs->len && i < 16; i++) {
        cand *c = &g_array_index(cs, cand, i);
        for (int k = 0; k < L->n; k++) {
            if (c->matched[k])
                continue;
            uint32_t a1, a2;
            if (!sums_at(read, user, L, k, c->shift, &a1, &a2, error))
                return FALSE;
            for (size_t r = 0; r < n_recs; r++) {
                const dw_ar_record *x = &recs[r];
                if (!rec_of_disc(x, L) || !x->confidence[k] || (x->crc[k] != a1 && x->crc[k] != a2))
                    continue;
                if (!c->matched[k]) {
                    c->matched[k] = 1;
                    c->tracks++;
                }
                c->confidence += x->confidence[k];
            }
        }
        if (job && !dw_job_check_cancel(job, error))
            return FALSE;
    }
    for (guint i = 0; i < cs->len; i++) {
        const cand *c = &g_array_index(cs, cand, i);
        if (!c->tracks)
            continue;
        dw_ar_shift m = { c->shift, c->tracks, c->confidence, c->f450 };
        g_array_append_val(*matches, m);
    }
    g_array_sort(*matches, cmp_shift);
    return TRUE;
}

void dw_audio_prove_other(dw_audio_proof *p, const dw_disc *disc, const dw_audio_layout *L, dw_sample_read_fn read,
                          void *user, int base, const GArray *matches, const dw_ar_record *recs, size_t n_recs)
{
    (void)disc;
    /* For each track without a match at the applied offset, the best
     * other shift that matches it (confirmed by direct sums). */
    for (int k = 0; k < p->n_tracks && k < L->n; k++) {
        dw_track_proof *t = &p->tracks[k];
        if (t->ar)
            continue;
        for (guint i = 0; matches && i < matches->len && !t->ar_other; i++) {
            const dw_ar_shift *m = &g_array_index(matches, dw_ar_shift, i);
            if (m->shift == base)
                continue;
            uint32_t a1, a2;
            GError *e = NULL;
            if (!sums_at(read, user, L, k, m->shift, &a1, &a2, &e)) {
                g_clear_error(&e);
                continue;
            }
            int c1 = 0, c2 = 0;
            for (size_t r = 0; r < n_recs; r++) {
                const dw_ar_record *x = &recs[r];
                if (!rec_of_disc(x, L))
                    continue;
                if (x->crc[k] == a2)
                    c2 += x->confidence[k];
                else if (x->crc[k] == a1)
                    c1 += x->confidence[k];
            }
            if (c1 || c2) {
                t->ar_other_shift = m->shift - base;
                t->ar_other = c2 ? DW_AR_V2 : DW_AR_V1;
                t->ar_other_confidence = c2 ? c2 : c1;
            }
        }
    }
}

gboolean dw_audio_image_prove(const dw_image *img, const dw_ar_record *recs, size_t n_recs,
                              const dw_ctdb_entry *ent, size_t n_ent, int range, dw_audio_sums *sums,
                              dw_track_extra *extra, dw_audio_proof *proof, dw_job *job, GError **error)
{
    if (!dw_audio_compute_full(img, sums, extra, job, error))
        return FALSE;
    dw_audio_prove(sums, extra, recs, n_recs, ent, n_ent, proof);
    bool missing = false;
    for (int k = 0; k < proof->n_tracks; k++)
        missing = missing || !proof->tracks[k].ar;
    if (range <= 0 || !n_recs || !missing)
        return TRUE;
    dw_audio_layout L;
    if (!dw_audio_layout_of(img->disc, &L, error))
        return FALSE;
    dw_image_src src = { img, L.start[0], L.leadout };
    g_autoptr(GArray) m = NULL;
    if (!dw_ar_find_shifts(img->disc, &L, dw_image_samples, &src, 0, range, recs, n_recs, &m, job, error))
        return FALSE;
    dw_audio_prove_other(proof, img->disc, &L, dw_image_samples, &src, 0, m, recs, n_recs);
    return TRUE;
}
