/* rip_audio_cue.c: the cue sheet for the track files (BASE.flac.cue or
 * BASE.wav.cue), in the layout EAC calls "gaps appended to the previous
 * track": one FILE per track (WAVE), each track's INDEX 00 at the end of
 * the previous file, INDEX 01 at 00:00:00 of its own, INDEX 02+ inside
 * it; a hidden track before track 1 is FILE "... (Track 00)" holding
 * track 1's INDEX 00; silence there is PREGAP; the first audio track
 * after a data track keeps its pregap in its own file.  CATALOG, ISRC,
 * FLAGS (DCP, 4CH, PRE unless de-emphasised), TITLE/PERFORMER/SONGWRITER
 * from the metadata or CD-TEXT, REM GENRE/DATE/DISCID/COMMENT.  Data
 * tracks are not described: the sheet is for the audio files. */
#include "config.h"

#include <string.h>

#include "discwright/msf.h"
#include "rip/rip_audio_private.h"

static void quoted(GString *s, const char *indent, const char *cmd, char *text)
{
    if (!text)
        return;
    for (char *p = text; *p; p++)
        if (*p == '"' || *p == '\n' || *p == '\r')
            *p = *p == '"' ? '\'' : ' ';
    g_string_append_printf(s, "%s%s \"%s\"\n", indent, cmd, text);
    g_free(text);
}

static void msf(GString *s, int32_t frames)
{
    g_string_append_printf(s, "%02d:%02d:%02d", frames / 4500, (frames / 75) % 60, frames % 75);
}

static void track_head(GString *s, const dw_rip_ctx *c, int k, const dw_track *t)
{
    g_string_append_printf(s, "  TRACK %02d AUDIO\n", t->number);
    quoted(s, "    ", "TITLE", dw_rip_tag_text(c, k, DW_TAG_TITLE));
    quoted(s, "    ", "PERFORMER", dw_rip_tag_text(c, k, DW_TAG_ARTIST));
    quoted(s, "    ", "SONGWRITER", dw_rip_tag_text(c, k, DW_TAG_SONGWRITER));
    bool pre = (t->control & DW_CTRL_PRE) && !c->opt->deemphasis;
    if (t->control & (DW_CTRL_DCP | DW_CTRL_4CH) || pre)
        g_string_append_printf(s, "    FLAGS%s%s%s\n", (t->control & DW_CTRL_DCP) ? " DCP" : "",
                               (t->control & DW_CTRL_4CH) ? " 4CH" : "", pre ? " PRE" : "");
    const dw_rip_metadata *m = c->audio->meta;
    const char *isrc = t->isrc[0] ? t->isrc : m && k < m->n_tracks ? m->tracks[k].isrc : NULL;
    if (isrc && strlen(isrc) == 12)
        g_string_append_printf(s, "    ISRC %s\n", isrc);
}

char *dw_rip_audio_cue(const dw_rip_ctx *c)
{
    const dw_rip_audio *a = c->audio;
    const dw_audio_layout *L = &a->layout;
    GString *s = g_string_new(NULL);
    g_autofree char *genre = dw_rip_tag_text(c, -1, DW_TAG_GENRE);
    if (genre)
        quoted(s, "", "REM GENRE", g_steal_pointer(&genre));
    if (a->meta && a->meta->date)
        g_string_append_printf(s, "REM DATE %.4s\n", a->meta->date);
    g_string_append_printf(s, "REM DISCID %08X\n", a->ids.cddb_id);
    g_string_append_printf(s, "REM COMMENT \"discwright %s\"\n", PACKAGE_VERSION);
    const char *catalog = c->disc->mcn[0] ? c->disc->mcn : a->meta ? a->meta->barcode : NULL;
    if (catalog && strlen(catalog) == 13 && strspn(catalog, "0123456789") == 13)
        g_string_append_printf(s, "CATALOG %s\n", catalog);
    quoted(s, "", "PERFORMER", dw_rip_tag_text(c, -1, DW_TAG_ARTIST));
    quoted(s, "", "TITLE", dw_rip_tag_text(c, -1, DW_TAG_TITLE));

    int32_t from[DW_MAX_TRACKS + 1], to[DW_MAX_TRACKS + 1];
    int num[DW_MAX_TRACKS + 1];
    int nf = dw_rip_audio_plan(c, from, to, num, DW_MAX_TRACKS + 1);
    int f = 0;
    for (int k = 0; k < L->n; k++) {
        const dw_track *t = dw_disc_track((dw_disc *)c->disc, L->number[k]);
        if (!t)
            continue;
        if (f < nf && num[f] == 0) {
            /* Hidden track: track 1 begins in the Track 00 file. */
            g_string_append_printf(s, "FILE \"%s\" WAVE\n", a->files[DW_MAX_TRACKS]);
            track_head(s, c, k, t);
            g_string_append(s, "    INDEX 00 00:00:00\n");
            f++;
            g_string_append_printf(s, "FILE \"%s\" WAVE\n", a->files[k]);
        } else if (k == 0 || from[f] < t->start) {
            /* A track that starts its own file (first, or after data). */
            g_string_append_printf(s, "FILE \"%s\" WAVE\n", a->files[k]);
            track_head(s, c, k, t);
            if (from[f] < t->start) {
                g_string_append(s, "    INDEX 00 00:00:00\n");
                g_string_append(s, "    INDEX 01 ");
                msf(s, t->start - from[f]);
                g_string_append(s, "\n");
            } else {
                if (k == 0 && t == &c->disc->tracks[0] && t->start > 0) {
                    g_string_append(s, "    PREGAP ");
                    msf(s, t->start);
                    g_string_append(s, "\n");
                }
                g_string_append(s, "    INDEX 01 00:00:00\n");
            }
            goto indexes;
        } else if (t->pregap > 0) {
            /* Its INDEX 00 at the end of the previous file. */
            track_head(s, c, k, t);
            g_string_append(s, "    INDEX 00 ");
            msf(s, t->start - t->pregap - from[f - 1]);
            g_string_append(s, "\n");
            g_string_append_printf(s, "FILE \"%s\" WAVE\n", a->files[k]);
        } else {
            g_string_append_printf(s, "FILE \"%s\" WAVE\n", a->files[k]);
            track_head(s, c, k, t);
        }
        g_string_append(s, "    INDEX 01 00:00:00\n");
    indexes:
        for (int x = 2; x < t->n_indexes; x++) {
            g_string_append_printf(s, "    INDEX %02d ", x);
            msf(s, t->index[x] - from[f]);
            g_string_append(s, "\n");
        }
        f++;
    }
    return g_string_free(s, FALSE);
}
