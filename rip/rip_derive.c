/* rip_derive.c: what the Q subchannel of every dumped sector says about
 * the disc: where each track's INDEX 00 (its pregap, or a hidden track
 * before track 1) and INDEX 02+ begin, the ISRC of each track and the
 * MCN (most frequent valid ADR 3 / ADR 2 frame).  Frames with a bad CRC
 * are counted and ignored.  Without subchannel the indexes come from the
 * probe's Q searches instead.  Also the filesystem label from the dump. */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/subq.h"
#include "rip/probe_private.h"
#include "rip/rip_private.h"

#define CHUNK 1024

typedef struct {
    char value[14];
    unsigned count;
} vote;

static void add_vote(GArray *votes, const char *v)
{
    for (guint i = 0; i < votes->len; i++) {
        vote *x = &g_array_index(votes, vote, i);
        if (strcmp(x->value, v) == 0) {
            x->count++;
            return;
        }
    }
    vote n = { .count = 1 };
    g_strlcpy(n.value, v, sizeof n.value);
    g_array_append_val(votes, n);
}

static const char *winner(GArray *votes)
{
    const vote *best = NULL;
    for (guint i = 0; i < votes->len; i++) {
        const vote *x = &g_array_index(votes, vote, i);
        if (!best || x->count > best->count)
            best = x;
    }
    return best ? best->value : NULL;
}

static void derive_label(dw_rip_ctx *c)
{
    for (int i = 0; i < c->disc->n_tracks; i++) {
        const dw_track *t = &c->disc->tracks[i];
        if (!(t->control & DW_CTRL_DATA))
            continue;
        uint8_t s[DW_RAW];
        if (t->start + 16 < c->n_sectors && dw_rip_dump_load(c, t->start + 16, 1, s, NULL, NULL)) {
            size_t off = s[15] == 2 ? 24 : 16;
            g_free(c->disc->label);
            c->disc->label = dw_iso_pvd_label(s + off);
        }
        return;
    }
}

gboolean dw_rip_derive(dw_rip_ctx *c, GError **error)
{
    dw_disc *d = c->disc;
    if (!c->cd)
        return TRUE;
    derive_label(c);
    if (c->sub == DW_SUBSEL_NONE) {
        dw_rip_log(c, DW_LOG_INFO, "no subchannel: finding pregaps and indexes by Q searches");
        return dw_probe_q_indexes(c->cdio, d, c->job, error);
    }
    /* first[track][index]: first LBA whose Q says so. */
    int32_t(*first)[100] = g_malloc(sizeof(int32_t[100][100]));
    for (int t = 0; t < 100; t++)
        for (int i = 0; i < 100; i++)
            first[t][i] = INT32_MAX;
    g_autoptr(GArray) mcn = g_array_new(FALSE, FALSE, sizeof(vote));
    GArray *isrc[100] = { 0 };
    g_autofree uint8_t *sub = g_malloc((size_t)CHUNK * DW_SUB);
    c->q_errors = 0;
    for (int64_t base = 0; base < c->n_sectors; base += CHUNK) {
        int n = (int)MIN((int64_t)CHUNK, c->n_sectors - base);
        if (!dw_rip_dump_load(c, (int32_t)base, n, NULL, sub, error))
            goto fail;
        for (int k = 0; k < n; k++) {
            int64_t lba = base + k;
            if ((c->gap && c->gap[lba]) || dw_map_get(c->map, lba) != DW_MAP_FINISHED)
                continue;
            const uint8_t *q = sub + (size_t)k * DW_SUB + 12;
            dw_subq f;
            if (!dw_subq_crc_ok(q) || !dw_subq_decode(q, &f)) {
                c->q_errors++;
                continue;
            }
            if (f.adr == 1 && f.track >= 1 && f.track <= 99 && f.index <= 99) {
                if (first[f.track][f.index] == INT32_MAX)
                    first[f.track][f.index] = (int32_t)lba;
            } else if (f.adr == 2 && f.mcn[0]) {
                add_vote(mcn, f.mcn);
            } else if (f.adr == 3 && f.isrc[0]) {
                const dw_track *t = dw_disc_track_at(d, (int32_t)lba);
                if (t) {
                    if (!isrc[t->number])
                        isrc[t->number] = g_array_new(FALSE, FALSE, sizeof(vote));
                    add_vote(isrc[t->number], f.isrc);
                }
            }
        }
    }
    if (c->q_errors)
        dw_rip_log(c, DW_LOG_WARNING, "%u Q frames with a bad CRC ignored", c->q_errors);
    for (int i = 0; i < d->n_tracks; i++) {
        dw_track *t = &d->tracks[i];
        int32_t lo = i > 0 && d->tracks[i - 1].session == t->session ? d->tracks[i - 1].start : 0;
        int32_t z = first[t->number][0];
        t->pregap = z >= lo && z < t->start ? t->start - z : 0;
        t->n_indexes = 2;
        for (int k = 2; k < 100 && first[t->number][k] != INT32_MAX && first[t->number][k] > t->start; k++) {
            t->index[k] = first[t->number][k];
            t->n_indexes = k + 1;
        }
        const char *w = isrc[t->number] ? winner(isrc[t->number]) : NULL;
        if (w && strlen(w) == 12)
            g_strlcpy(t->isrc, w, sizeof t->isrc);
        if (t->pregap)
            dw_rip_log(c, DW_LOG_DEBUG, "track %d: pregap %d sectors (Q)", t->number, t->pregap);
    }
    const char *m = winner(mcn);
    if (m && strlen(m) == 13 && strcmp(m, "0000000000000") != 0)
        g_strlcpy(d->mcn, m, sizeof d->mcn);
    if (first[1][0] == 0 && d->n_tracks > 0 && d->tracks[0].number == 1 && d->tracks[0].pregap > 0)
        dw_rip_log(c, DW_LOG_INFO, "track 1 has %d sectors before INDEX 01 (a hidden track, HTOA)",
                   d->tracks[0].pregap);
    for (int t = 0; t < 100; t++)
        if (isrc[t])
            g_array_free(isrc[t], TRUE);
    g_free(first);
    return dw_disc_finish(d, error);
fail:
    for (int t = 0; t < 100; t++)
        if (isrc[t])
            g_array_free(isrc[t], TRUE);
    g_free(first);
    return FALSE;
}
