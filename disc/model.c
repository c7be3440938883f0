/* model.c: the disc model (model.h) — construction, lookups, deriving
 * lengths and session bounds, and converting between tracks/sessions
 * and the raw full TOC (READ TOC format 2 / CloneCD [Entry n]). */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/model.h"
#include "discwright/msf.h"

dw_disc *dw_disc_new(void)
{
    dw_disc *d = g_new0(dw_disc, 1);
    for (int i = 0; i < DW_MAX_TRACKS; i++)
        dw_track_init(&d->tracks[i], i + 1);
    return d;
}

void dw_disc_free(dw_disc *disc)
{
    if (!disc)
        return;
    for (int i = 0; i < DW_MAX_TRACKS; i++)
        g_free(disc->tracks[i].file.path);
    dw_cdtext_clear(&disc->cdtext);
    g_free(disc->profile);
    g_free(disc->label);
    g_free(disc);
}

void dw_track_init(dw_track *t, int number)
{
    g_free(t->file.path);
    memset(t, 0, sizeof *t);
    t->number = number;
    t->session = 1;
    t->n_indexes = 2;
    t->index[0] = -1;
    t->index[1] = -1;
    t->file.sector_size = 2352;
    t->file.binary_le = true;
}

dw_track *dw_disc_track(dw_disc *disc, int number)
{
    for (int i = 0; i < disc->n_tracks; i++)
        if (disc->tracks[i].number == number)
            return &disc->tracks[i];
    return NULL;
}

dw_session *dw_disc_session(dw_disc *disc, int number)
{
    for (int i = 0; i < disc->n_sessions; i++)
        if (disc->sessions[i].number == number)
            return &disc->sessions[i];
    return NULL;
}

const dw_track *dw_disc_track_at(const dw_disc *disc, int32_t lba)
{
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        if (lba >= t->start - t->pregap && lba < t->start + t->length)
            return t;
    }
    return NULL;
}

gboolean dw_disc_finish(dw_disc *disc, GError **error)
{
    if (disc->n_tracks < 0 || disc->n_tracks > DW_MAX_TRACKS || disc->n_sessions < 0 ||
        disc->n_sessions > DW_MAX_SESSIONS) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "disc model: impossible track or session count");
        return FALSE;
    }
    /* Sessions named by tracks but missing get created, in order. */
    for (int i = 0; i < disc->n_tracks; i++) {
        int s = disc->tracks[i].session;
        if (s < 1 || s > DW_MAX_SESSIONS) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d: session %d out of range",
                        disc->tracks[i].number, s);
            return FALSE;
        }
        if (!dw_disc_session(disc, s)) {
            if (disc->n_sessions >= DW_MAX_SESSIONS)
                return FALSE;
            dw_session *ns = &disc->sessions[disc->n_sessions++];
            memset(ns, 0, sizeof *ns);
            ns->number = s;
        }
    }
    for (int i = 0; i < disc->n_tracks; i++) {
        dw_track *t = &disc->tracks[i];
        if (t->number < 1 || t->number > 99) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track number %d out of range", t->number);
            return FALSE;
        }
        if (i > 0) {
            const dw_track *p = &disc->tracks[i - 1];
            if (t->number <= p->number) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d follows track %d", t->number,
                            p->number);
                return FALSE;
            }
            if (t->session < p->session) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d: session goes backwards",
                            t->number);
                return FALSE;
            }
            if (t->start - t->pregap < p->start) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE,
                            "track %d starts at %d, before track %d (at %d)", t->number,
                            t->start - t->pregap, p->number, p->start);
                return FALSE;
            }
        }
        if (t->pregap < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d: negative pregap", t->number);
            return FALSE;
        }
    }
    /* Session bounds. */
    for (int s = 0; s < disc->n_sessions; s++) {
        dw_session *ses = &disc->sessions[s];
        ses->first_track = ses->last_track = 0;
        for (int i = 0; i < disc->n_tracks; i++)
            if (disc->tracks[i].session == ses->number) {
                if (!ses->first_track)
                    ses->first_track = disc->tracks[i].number;
                ses->last_track = disc->tracks[i].number;
            }
    }
    /* Lengths: to the next track's pregap in the same session, else the lead-out. */
    for (int i = 0; i < disc->n_tracks; i++) {
        dw_track *t = &disc->tracks[i];
        const dw_session *ses = dw_disc_session(disc, t->session);
        int32_t end;
        if (i + 1 < disc->n_tracks && disc->tracks[i + 1].session == t->session)
            end = disc->tracks[i + 1].start - disc->tracks[i + 1].pregap;
        else
            end = ses ? ses->leadout : t->start + t->length;
        if (end > t->start || (end == t->start && t->length == 0))
            t->length = end - t->start;
        else if (end < t->start) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE,
                        "track %d: starts at %d, after the end of its session (%d)", t->number,
                        t->start, end);
            return FALSE;
        }
        t->index[0] = t->start - t->pregap;
        t->index[1] = t->start;
        if (t->n_indexes < 2)
            t->n_indexes = 2;
        for (int k = 2; k < t->n_indexes; k++)
            if (t->index[k] < t->index[k - 1] || t->index[k] >= t->start + t->length) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d: INDEX %02d out of order",
                            t->number, k);
                return FALSE;
            }
    }
    if (disc->n_sessions > 0 && disc->total_sectors == 0)
        disc->total_sectors = disc->sessions[disc->n_sessions - 1].leadout;
    return TRUE;
}

static void msf_into(int32_t lba, uint8_t *m, uint8_t *s, uint8_t *f)
{
    dw_msf x = dw_lba_to_msf(lba);
    *m = x.m;
    *s = x.s;
    *f = x.f;
}

static dw_toc_entry *toc_add(dw_disc *disc)
{
    if (disc->n_toc >= DW_MAX_TOC_ENTRIES)
        return NULL;
    dw_toc_entry *e = &disc->toc[disc->n_toc++];
    memset(e, 0, sizeof *e);
    return e;
}

void dw_disc_build_toc(dw_disc *disc)
{
    disc->n_toc = 0;
    for (int s = 0; s < disc->n_sessions; s++) {
        const dw_session *ses = &disc->sessions[s];
        const dw_track *first = NULL, *last = NULL;
        for (int i = 0; i < disc->n_tracks; i++)
            if (disc->tracks[i].session == ses->number) {
                if (!first)
                    first = &disc->tracks[i];
                last = &disc->tracks[i];
            }
        if (!first)
            continue;
        dw_toc_entry *e;
        if ((e = toc_add(disc))) { /* A0: first track, disc type */
            *e = (dw_toc_entry){ .session = (uint8_t)ses->number, .adr = 1, .control = first->control,
                                 .point = 0xA0, .pmin = (uint8_t)first->number,
                                 .psec = (uint8_t)ses->format };
        }
        if ((e = toc_add(disc))) /* A1: last track */
            *e = (dw_toc_entry){ .session = (uint8_t)ses->number, .adr = 1, .control = last->control,
                                 .point = 0xA1, .pmin = (uint8_t)last->number };
        if ((e = toc_add(disc))) { /* A2: lead-out */
            *e = (dw_toc_entry){ .session = (uint8_t)ses->number, .adr = 1, .control = last->control,
                                 .point = 0xA2 };
            msf_into(ses->leadout, &e->pmin, &e->psec, &e->pframe);
        }
        for (int i = 0; i < disc->n_tracks; i++) {
            const dw_track *t = &disc->tracks[i];
            if (t->session != ses->number || !(e = toc_add(disc)))
                continue;
            *e = (dw_toc_entry){ .session = (uint8_t)ses->number, .adr = 1, .control = t->control,
                                 .point = (uint8_t)t->number };
            msf_into(t->start, &e->pmin, &e->psec, &e->pframe);
        }
        if (disc->n_sessions > 1 && s + 1 < disc->n_sessions) {
            /* B0 (mode 5): where the next session's program area may start,
             * and the outermost possible lead-out; a CD-R that is still open. */
            const dw_session *next = &disc->sessions[s + 1];
            int32_t next_start = ses->leadout + 6750 + 4500 + 150;
            for (int i = 0; i < disc->n_tracks; i++)
                if (disc->tracks[i].session == next->number) {
                    /* The first track of a session has at least the
                     * 2-second pregap, even where the model has none. */
                    int32_t gap = disc->tracks[i].pregap > 150 ? disc->tracks[i].pregap : 150;
                    next_start = disc->tracks[i].start - gap;
                    break;
                }
            if ((e = toc_add(disc))) {
                *e = (dw_toc_entry){ .session = (uint8_t)ses->number, .adr = 5, .control = first->control,
                                     .point = 0xB0, .zero = (uint8_t)(s == 0 ? 2 : 1) };
                /* A-MSF: start of the next program area, without its 150 pregap. */
                msf_into(next_start, &e->min, &e->sec, &e->frame);
                e->pmin = 79;
                e->psec = 59;
                e->pframe = 74;
            }
            if (s == 0 && (e = toc_add(disc))) {
                /* C0 (mode 5): recording power and the first lead-in's start. */
                *e = (dw_toc_entry){ .session = (uint8_t)ses->number, .adr = 5, .control = first->control,
                                     .point = 0xC0, .min = 0xA2, .sec = 0x50, .frame = 0x00,
                                     .pmin = 97, .psec = 27, .pframe = 21 };
            }
        }
    }
}

gboolean dw_disc_from_toc(dw_disc *disc, GError **error)
{
    int n_tracks = 0, n_sessions = 0;
    dw_track tracks[DW_MAX_TRACKS];
    dw_session sessions[DW_MAX_SESSIONS];
    memset(sessions, 0, sizeof sessions);
    for (int i = 0; i < disc->n_toc; i++) {
        const dw_toc_entry *e = &disc->toc[i];
        if (e->session < 1 || e->session > DW_MAX_SESSIONS) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "TOC entry %d: session %d out of range", i,
                        e->session);
            return FALSE;
        }
        dw_session *ses = NULL;
        for (int s = 0; s < n_sessions; s++)
            if (sessions[s].number == e->session)
                ses = &sessions[s];
        if (!ses) {
            if (n_sessions > 0 && e->session < sessions[n_sessions - 1].number) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "TOC entry %d: sessions out of order", i);
                return FALSE;
            }
            ses = &sessions[n_sessions++];
            ses->number = e->session;
        }
        if (e->adr != 1)
            continue; /* B0, C0 and other mode-5 points stay raw */
        dw_msf p = { e->pmin, e->psec, e->pframe };
        if (e->point == 0xA0) {
            ses->format = (dw_session_format)e->psec;
        } else if (e->point == 0xA2) {
            ses->leadout = dw_msf_to_lba(p);
        } else if (e->point >= 1 && e->point <= 99) {
            if (n_tracks >= DW_MAX_TRACKS)
                continue;
            if (n_tracks > 0 && e->point <= tracks[n_tracks - 1].number) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "TOC entry %d: track %d out of order", i,
                            e->point);
                return FALSE;
            }
            if (e->psec >= 60 || e->pframe >= 75) {
                g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "TOC entry %d: bad address", i);
                return FALSE;
            }
            dw_track *t = &tracks[n_tracks++];
            memset(t, 0, sizeof *t);
            t->number = e->point;
            t->session = e->session;
            t->control = e->control;
            t->mode = (e->control & DW_CTRL_DATA) ? DW_TRACK_MODE1 : DW_TRACK_AUDIO;
            t->start = dw_msf_to_lba(p);
            t->n_indexes = 2;
            t->file.sector_size = 2352;
            t->file.binary_le = true;
        }
    }
    if (n_tracks == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "the TOC lists no tracks");
        return FALSE;
    }
    /* Data tracks of a CD-ROM XA session are Mode 2. */
    for (int i = 0; i < n_tracks; i++)
        for (int s = 0; s < n_sessions; s++)
            if (sessions[s].number == tracks[i].session && sessions[s].format == DW_SESSION_CDROM_XA &&
                (tracks[i].control & DW_CTRL_DATA))
                tracks[i].mode = DW_TRACK_MODE2;
    for (int i = 0; i < disc->n_tracks; i++)
        g_free(disc->tracks[i].file.path);
    memcpy(disc->tracks, tracks, sizeof(dw_track) * (size_t)n_tracks);
    for (int i = n_tracks; i < DW_MAX_TRACKS; i++) {
        memset(&disc->tracks[i], 0, sizeof disc->tracks[i]);
        dw_track_init(&disc->tracks[i], i + 1);
    }
    disc->n_tracks = n_tracks;
    memcpy(disc->sessions, sessions, sizeof(dw_session) * (size_t)n_sessions);
    disc->n_sessions = n_sessions;
    disc->total_sectors = 0;
    return dw_disc_finish(disc, error);
}

const char *dw_track_mode_name(dw_track_mode mode)
{
    switch (mode) {
    case DW_TRACK_AUDIO: return "AUDIO";
    case DW_TRACK_MODE0: return "MODE0";
    case DW_TRACK_MODE1: return "MODE1";
    case DW_TRACK_MODE2: return "MODE2";
    case DW_TRACK_MODE2_FORM1: return "MODE2_FORM1";
    case DW_TRACK_MODE2_FORM2: return "MODE2_FORM2";
    case DW_TRACK_MODE2_FORM_MIX: return "MODE2_FORM_MIX";
    }
    return "UNKNOWN";
}

bool dw_track_mode_is_data(dw_track_mode mode)
{
    return mode != DW_TRACK_AUDIO;
}
