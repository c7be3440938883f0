/* cue_write.c: redump-style cue sheets from the disc model (sheet.h).
 * One FILE per track "<basename> (Track N).bin" (or one file for the
 * disc), raw 2352-byte sectors, pregaps stored (INDEX 00 where a track
 * has one), times relative to the file, CRLF line ends.  On multisession
 * discs each session starts with REM SESSION nn; a later session's first
 * track is preceded by REM LEAD-OUT / REM LEAD-IN / REM PREGAP giving the
 * sectors between the sessions that no file holds. */
#include "config.h"

#include <string.h>

#include "discwright/msf.h"
#include "discwright/sheet.h"

static void line(GString *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void line(GString *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_string_append_vprintf(s, fmt, ap);
    va_end(ap);
    g_string_append(s, "\r\n");
}

static const char *time_str(int64_t frames, char *buf, size_t size)
{
    return dw_frames_to_string((int32_t)MAX(frames, 0), buf, size);
}

char *dw_cue_track_filename(const dw_disc *disc, const dw_cue_write_opts *opts, int track_number)
{
    const char *base = opts && opts->basename ? opts->basename : "disc";
    if ((opts && opts->single_file) || disc->n_tracks <= 1)
        return g_strdup_printf("%s.bin", base);
    return g_strdup_printf("%s (Track %0*d).bin", base, disc->n_tracks >= 10 ? 2 : 1, track_number);
}

/* Text safe inside "..." on one line. */
static char *quote_safe(const char *text)
{
    char *s = g_strdup(text);
    for (char *p = s; *p; p++)
        if (*p == '"')
            *p = '\'';
        else if (*p == '\r' || *p == '\n')
            *p = ' ';
    return s;
}

static void cdtext_lines(GString *out, const dw_disc *disc, int track, const char *indent)
{
    static const dw_cdtext_field fields[] = {
        DW_CDTEXT_TITLE,   DW_CDTEXT_PERFORMER, DW_CDTEXT_SONGWRITER, DW_CDTEXT_COMPOSER,
        DW_CDTEXT_ARRANGER, DW_CDTEXT_MESSAGE,  DW_CDTEXT_DISC_ID,    DW_CDTEXT_GENRE,
        DW_CDTEXT_UPC_ISRC,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (track > 0 && fields[i] > DW_CDTEXT_MESSAGE)
            break;
        const char *v = dw_cdtext_get(&disc->cdtext, 0, fields[i], track);
        if (!v)
            continue;
        const char *kw = fields[i] == DW_CDTEXT_UPC_ISRC ? "UPC_EAN" : dw_cdtext_field_name(fields[i]);
        g_autofree char *q = quote_safe(v);
        line(out, "%s%s \"%s\"", indent, kw, q);
    }
}

static const char *mode_str(dw_track_mode m)
{
    switch (m) {
    case DW_TRACK_AUDIO:
        return "AUDIO";
    case DW_TRACK_MODE0:
    case DW_TRACK_MODE1:
        return "MODE1/2352";
    default:
        return "MODE2/2352";
    }
}

static int32_t session_leadout(const dw_disc *disc, int i)
{
    const dw_track *t = &disc->tracks[i];
    for (int s = 0; s < disc->n_sessions; s++)
        if (disc->sessions[s].number == t->session && disc->sessions[s].leadout > 0)
            return disc->sessions[s].leadout;
    return t->start + t->length;
}

char *dw_cue_write(const dw_disc *disc, const dw_cue_write_opts *opts)
{
    GString *out = g_string_new(NULL);
    char tb[16];
    bool multi = false;
    for (int i = 1; i < disc->n_tracks; i++)
        if (disc->tracks[i].session != disc->tracks[0].session)
            multi = true;
    bool text = opts && opts->cdtext && disc->cdtext.n_blocks > 0 && disc->cdtext.block[0].present;

    if (disc->mcn[0])
        line(out, "CATALOG %s", disc->mcn);
    if (opts && opts->cdtextfile)
        line(out, "CDTEXTFILE \"%s\"", opts->cdtextfile);
    if (text)
        cdtext_lines(out, disc, 0, "");

    int64_t skipped = 0;         /* single file: sectors not stored so far */
    int32_t file_base = 0;       /* LBA where the current file starts */
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        bool new_session = i > 0 && t->session != disc->tracks[i - 1].session;
        int32_t first_stored;
        if (i == 0)
            first_stored = MAX(t->start - t->pregap, MIN(t->start, 0));
        else if (new_session)
            first_stored = t->start;
        else
            first_stored = t->start - t->pregap;

        if (new_session) {
            const dw_track *p = &disc->tracks[i - 1];
            int32_t prev_out = session_leadout(disc, i - 1);
            int32_t prev_end = p->start + p->length;
            if (opts && opts->single_file)
                skipped += (int64_t)t->start - prev_end;
            int32_t gap = MAX(0, t->start - t->pregap - prev_out);
            /* Orange Book: the first session's lead-out is 6,750 blocks,
             * a later session's 2,250. */
            int32_t lo = MIN(p->session == disc->tracks[0].session ? 6750 : 2250, gap);
            const dw_session *s = NULL;
            for (int k = 0; k < disc->n_sessions; k++)
                if (disc->sessions[k].number == t->session)
                    s = &disc->sessions[k];
            if (s && s->leadin > prev_out && s->leadin - prev_out <= gap)
                lo = s->leadin - prev_out;
            line(out, "REM LEAD-OUT %s", time_str(lo, tb, sizeof tb));
            line(out, "REM SESSION %02d", t->session);
            line(out, "REM LEAD-IN %s", time_str(gap - lo, tb, sizeof tb));
            line(out, "REM PREGAP %s", time_str(t->pregap, tb, sizeof tb));
        } else if (i == 0 && multi) {
            line(out, "REM SESSION %02d", t->session);
        }
        if (!(opts && opts->single_file) || i == 0) {
            g_autofree char *fn = dw_cue_track_filename(disc, opts, t->number);
            line(out, "FILE \"%s\" BINARY", fn);
            file_base = first_stored;
            skipped = 0;
        }
        line(out, "  TRACK %02d %s", t->number, mode_str(t->mode));
        if (text)
            cdtext_lines(out, disc, t->number, "    ");
        if (t->isrc[0])
            line(out, "    ISRC %s", t->isrc);
        if (t->control & (DW_CTRL_DCP | DW_CTRL_4CH | DW_CTRL_PRE))
            line(out, "    FLAGS%s%s%s", (t->control & DW_CTRL_DCP) ? " DCP" : "",
                 (t->control & DW_CTRL_4CH) ? " 4CH" : "", (t->control & DW_CTRL_PRE) ? " PRE" : "");
        int64_t rel0 = (int64_t)file_base + skipped;
        if (first_stored < t->start)
            line(out, "    INDEX 00 %s", time_str(first_stored - rel0, tb, sizeof tb));
        line(out, "    INDEX 01 %s", time_str(t->start - rel0, tb, sizeof tb));
        for (int k = 2; k < t->n_indexes; k++)
            line(out, "    INDEX %02d %s", k, time_str(t->index[k] - rel0, tb, sizeof tb));
        if (t->postgap > 0) {
            line(out, "    POSTGAP %s", time_str(t->postgap, tb, sizeof tb));
            skipped += t->postgap;
        }
    }
    return g_string_free(out, FALSE);
}
