/* ccd_write.c: the disc model as a CloneCD .ccd control file, in the
 * key order and number formats CloneCD itself writes (Version 3). */
#include "config.h"

#include <string.h>

#include "discwright/msf.h"
#include "discwright/sheet.h"

static int32_t msf_lba(uint8_t m, uint8_t s, uint8_t f)
{
    /* CloneCD's ALBA/PLBA: the MSF as a frame count less the 150 lead;
     * minutes from 90 up are the lead-in, negative LBAs (as in MMC). */
    int32_t frames = ((int32_t)m * 60 + s) * 75 + f;
    if (m >= 90)
        frames -= 450000;
    return frames - 150;
}

char *dw_ccd_write(const dw_disc *disc)
{
    GString *o = g_string_new(NULL);
    dw_disc *work = NULL;
    const dw_disc *d = disc;
    if (disc->n_toc == 0) {
        /* Build the TOC on a copy: the caller's disc stays as it was. */
        work = g_memdup2(disc, sizeof *disc);
        work->n_toc = 0;
        dw_disc_build_toc(work);
        d = work;
    }
    size_t cdt_len = 0;
    g_autofree uint8_t *packs = dw_cdtext_build(&disc->cdtext, &cdt_len);

    g_string_append(o, "[CloneCD]\nVersion=3\n[Disc]\n");
    g_string_append_printf(o, "TocEntries=%d\nSessions=%d\nDataTracksScrambled=0\nCDTextLength=%zu\n",
                           d->n_toc, disc->n_sessions, cdt_len);
    if (disc->mcn[0])
        g_string_append_printf(o, "CATALOG=%s\n", disc->mcn);
    if (cdt_len) {
        g_string_append_printf(o, "[CDText]\nEntries=%zu\n", cdt_len / 18);
        for (size_t i = 0; i < cdt_len / 18; i++) {
            g_string_append_printf(o, "Entry %zu=", i);
            for (int k = 0; k < 16; k++)
                g_string_append_printf(o, "%02x%s", packs[i * 18 + k], k < 15 ? " " : "\n");
        }
    }
    for (int s = 0; s < disc->n_sessions; s++) {
        /* PreGapMode: the mode of the session's first track (0 audio). */
        int mode = 0;
        for (int i = 0; i < disc->n_tracks; i++)
            if (disc->tracks[i].session == disc->sessions[s].number) {
                const dw_track *t = &disc->tracks[i];
                mode = t->mode == DW_TRACK_AUDIO ? 0 : t->mode == DW_TRACK_MODE1 ? 1 : 2;
                break;
            }
        g_string_append_printf(o, "[Session %d]\nPreGapMode=%d\nPreGapSubC=0\n", disc->sessions[s].number,
                               mode);
    }
    for (int i = 0; i < d->n_toc; i++) {
        const dw_toc_entry *e = &d->toc[i];
        g_string_append_printf(o,
                               "[Entry %d]\nSession=%u\nPoint=0x%02x\nADR=0x%02x\nControl=0x%02x\n"
                               "TrackNo=%u\nAMin=%u\nASec=%u\nAFrame=%u\nALBA=%d\nZero=%u\n"
                               "PMin=%u\nPSec=%u\nPFrame=%u\nPLBA=%d\n",
                               i, e->session, e->point, e->adr, e->control, e->tno, e->min, e->sec,
                               e->frame, msf_lba(e->min, e->sec, e->frame), e->zero, e->pmin, e->psec,
                               e->pframe, msf_lba(e->pmin, e->psec, e->pframe));
    }
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        int mode = t->mode == DW_TRACK_AUDIO ? 0 : t->mode == DW_TRACK_MODE1 ? 1 : 2;
        g_string_append_printf(o, "[TRACK %d]\nMODE=%d\n", t->number, mode);
        if (t->isrc[0])
            g_string_append_printf(o, "ISRC=%s\n", t->isrc);
        if (t->control & (DW_CTRL_DCP | DW_CTRL_4CH | DW_CTRL_PRE)) {
            GString *f = g_string_new(NULL);
            if (t->control & DW_CTRL_DCP)
                g_string_append(f, " DCP");
            if (t->control & DW_CTRL_4CH)
                g_string_append(f, " 4CH");
            if (t->control & DW_CTRL_PRE)
                g_string_append(f, " PRE");
            g_string_append_printf(o, "FLAGS=%s\n", f->str + 1);
            g_string_free(f, TRUE);
        }
        if (t->pregap > 0)
            g_string_append_printf(o, "INDEX 0=%d\n", t->start - t->pregap);
        g_string_append_printf(o, "INDEX 1=%d\n", t->start);
        for (int k = 2; k < t->n_indexes && k <= DW_MAX_INDEX; k++)
            g_string_append_printf(o, "INDEX %d=%d\n", k, t->index[k]);
    }
    g_free(work);
    return g_string_free(o, FALSE);
}
