/* toc_write.c: the disc model as a cdrdao .toc that refers to one BIN
 * holding the whole disc as 2352-byte sectors from the first track's
 * pregap (session gaps not stored).  Audio is stored little-endian, so
 * audio FILE lines carry SWAP; data tracks are MODE1_RAW / MODE2_RAW.
 */
#include "config.h"

#include <string.h>

#include "discwright/msf.h"
#include "discwright/sheet.h"

/* cdrdao CD-TEXT item names for the text pack types we write. */
static const struct {
    dw_cdtext_field field;
    const char *name;
} toc_fields[] = {
    { DW_CDTEXT_TITLE, "TITLE" },         { DW_CDTEXT_PERFORMER, "PERFORMER" },
    { DW_CDTEXT_SONGWRITER, "SONGWRITER" }, { DW_CDTEXT_COMPOSER, "COMPOSER" },
    { DW_CDTEXT_ARRANGER, "ARRANGER" },   { DW_CDTEXT_MESSAGE, "MESSAGE" },
    { DW_CDTEXT_DISC_ID, "DISC_ID" },     { DW_CDTEXT_UPC_ISRC, NULL /* UPC_EAN / ISRC */ },
};

static void put_string(GString *o, const char *s)
{
    g_string_append_c(o, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(o, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7F)
            g_string_append_printf(o, "\\%03o", *p);
        else
            g_string_append_c(o, (char)*p);
    }
    g_string_append_c(o, '"');
}

static void put_msf(GString *o, int32_t frames)
{
    char buf[16];
    g_string_append(o, dw_frames_to_string(frames, buf, sizeof buf));
}

/* Is text field f of block b given for the disc or any track?  cdrdao
 * wants each of TITLE ... MESSAGE that is given anywhere given
 * everywhere (an empty string where there is none). */
static bool used_anywhere(const dw_disc *disc, int b, dw_cdtext_field f)
{
    const dw_cdtext_block *blk = &disc->cdtext.block[b];
    if (f > DW_CDTEXT_MESSAGE)
        return false;
    if (blk->text[f][0])
        return true;
    for (int i = 0; i < disc->n_tracks; i++)
        if (disc->tracks[i].number < 100 && blk->text[f][disc->tracks[i].number])
            return true;
    return false;
}

/* LANGUAGE blocks holding track `track`'s text (0 = disc); indent given. */
static void put_cdtext(GString *o, const dw_disc *disc, int track, const char *ind)
{
    const dw_cdtext *cdt = &disc->cdtext;
    bool any = false;
    for (int b = 0; b < cdt->n_blocks && b < DW_CDTEXT_MAX_BLOCKS; b++)
        for (size_t f = 0; f < G_N_ELEMENTS(toc_fields); f++)
            if (cdt->block[b].present && cdt->block[b].text[toc_fields[f].field][track])
                any = true;
    if (!any)
        return;
    g_string_append_printf(o, "%sCD_TEXT {\n", ind);
    if (track == 0) {
        g_string_append_printf(o, "%s  LANGUAGE_MAP {\n", ind);
        for (int b = 0; b < cdt->n_blocks && b < DW_CDTEXT_MAX_BLOCKS; b++)
            if (cdt->block[b].present)
                g_string_append_printf(o, "%s    %d : %u\n", ind, b, cdt->block[b].language);
        g_string_append_printf(o, "%s  }\n", ind);
    }
    for (int b = 0; b < cdt->n_blocks && b < DW_CDTEXT_MAX_BLOCKS; b++) {
        if (!cdt->block[b].present)
            continue;
        g_string_append_printf(o, "%s  LANGUAGE %d {\n", ind, b);
        const char *genre = track == 0 ? cdt->block[b].text[DW_CDTEXT_GENRE][0] : NULL;
        if (genre) {
            /* GENRE is binary in a toc: the two code bytes, the text, a NUL. */
            g_string_append_printf(o, "%s    GENRE { %u, %u", ind, cdt->block[b].genre_code >> 8,
                                   cdt->block[b].genre_code & 0xFF);
            for (const unsigned char *p = (const unsigned char *)genre; *p; p++)
                g_string_append_printf(o, ", %u", *p);
            g_string_append(o, ", 0 }\n");
        }
        for (size_t f = 0; f < G_N_ELEMENTS(toc_fields); f++) {
            const char *text = cdt->block[b].text[toc_fields[f].field][track];
            if (!text && used_anywhere(disc, b, toc_fields[f].field))
                text = "";
            if (!text)
                continue;
            const char *name = toc_fields[f].name ? toc_fields[f].name : track ? "ISRC" : "UPC_EAN";
            g_string_append_printf(o, "%s    %s ", ind, name);
            put_string(o, text);
            g_string_append_c(o, '\n');
        }
        g_string_append_printf(o, "%s  }\n", ind);
    }
    g_string_append_printf(o, "%s}\n", ind);
}

char *dw_toc_write(const dw_disc *disc, const char *data_file)
{
    GString *o = g_string_new("// cdrdao toc written by discwright\n");
    dw_session_format fmt = disc->n_sessions ? disc->sessions[0].format : DW_SESSION_CDDA_CDROM;
    bool any_data = false;
    for (int i = 0; i < disc->n_tracks; i++)
        if (disc->tracks[i].control & DW_CTRL_DATA)
            any_data = true;
    g_string_append(o, fmt == DW_SESSION_CDROM_XA ? "CD_ROM_XA\n"
                       : fmt == DW_SESSION_CDI    ? "CD_I\n"
                       : any_data                 ? "CD_ROM\n"
                                                  : "CD_DA\n");
    if (disc->mcn[0])
        g_string_append_printf(o, "CATALOG \"%s\"\n", disc->mcn);
    put_cdtext(o, disc, 0, "");
    int64_t offset = 0;          /* bytes into data_file */
    for (int i = 0; i < disc->n_tracks; i++) {
        const dw_track *t = &disc->tracks[i];
        bool data = dw_track_mode_is_data(t->mode);
        if (i > 0 && t->session != disc->tracks[i - 1].session)
            g_string_append_printf(o, "\n// session %d (cdrdao writes one session per toc)\n", t->session);
        g_string_append_printf(o, "\n// Track %d\nTRACK %s\n", t->number,
                               !data                       ? "AUDIO"
                               : t->mode == DW_TRACK_MODE1 ? "MODE1_RAW"
                               : t->mode == DW_TRACK_MODE0 ? "MODE0"
                                                           : "MODE2_RAW");
        g_string_append(o, (t->control & DW_CTRL_DCP) ? "COPY\n" : "NO COPY\n");
        if (!data) {
            g_string_append(o, (t->control & DW_CTRL_PRE) ? "PRE_EMPHASIS\n" : "NO PRE_EMPHASIS\n");
            g_string_append(o, (t->control & DW_CTRL_4CH) ? "FOUR_CHANNEL_AUDIO\n" : "TWO_CHANNEL_AUDIO\n");
        }
        if (t->isrc[0])
            g_string_append_printf(o, "ISRC \"%s\"\n", t->isrc);
        if (t->number <= 99)
            put_cdtext(o, disc, t->number, "");
        int32_t sectors = t->pregap + t->length;
        g_string_append(o, data ? "DATAFILE " : "FILE ");
        put_string(o, data_file);
        g_string_append_printf(o, "%s #%" G_GINT64_FORMAT " ", data ? "" : " SWAP", offset);
        if (!data)
            g_string_append(o, "0 ");
        put_msf(o, sectors);
        g_string_append_c(o, '\n');
        if (t->pregap > 0) {
            g_string_append(o, "START ");
            put_msf(o, t->pregap);
            g_string_append_c(o, '\n');
        }
        for (int k = 2; k < t->n_indexes && k <= DW_MAX_INDEX; k++) {
            g_string_append(o, "INDEX ");
            put_msf(o, t->index[k] - t->start);
            g_string_append_c(o, '\n');
        }
        offset += (int64_t)sectors * 2352;
    }
    return g_string_free(o, FALSE);
}
