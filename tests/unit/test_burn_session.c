/* test_burn_session.c: a cue sheet turned into a libburn session by our
 * own code, inspected (libburn refuses audio on stdio: drives, so the
 * session is checked rather than burned).  The audio sample disc (five
 * tracks with pregaps, INDEX 02, pre-emphasis and copy flags, ISRCs, a
 * catalogue number and CD-TEXT) is made, written as a
 * multi-FILE redump cue (one BIN per track, pregaps stored) and as a
 * single-FILE cue, read back by our cue reader and built into a session:
 * track modes and flags, sizes, stored pregaps and index positions, ISRCs,
 * the catalogue, the CD-TEXT packs libburn generates (parsed back with our
 * reader and compared field by field) and the v0.7T sheet libburn derives
 * from them; and a write to a stdio: target is refused with
 * DW_ERROR_NOT_WRITABLE before anything is written. */
#include "config.h"

#include <glib/gstdio.h>
#include <libburn/libburn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discwright/discwright.h"
#include "discwright/burn.h"
#include "samples/samples.h"

static char *tmpdir;
static dw_disc *truth;           /* the sample as its .ccd describes it */

static void write_bins(const dw_disc *d, const char *img, gboolean single, const char *base)
{
    GError *error = NULL;
    gchar *data = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(img, &data, &len, &error));
    dw_cue_write_opts o = { .basename = base, .single_file = single, .cdtext = TRUE };
    if (single) {
        g_autofree char *fn = dw_cue_track_filename(d, &o, d->tracks[0].number);
        g_autofree char *p = g_build_filename(tmpdir, fn, NULL);
        g_assert_true(g_file_set_contents(p, data, (gssize)len, &error));
    } else {
        for (int i = 0; i < d->n_tracks; i++) {
            const dw_track *t = &d->tracks[i];
            int32_t from = i == 0 ? MAX(t->start - t->pregap, 0) : t->start - t->pregap;
            int32_t to = i + 1 < d->n_tracks ? d->tracks[i + 1].start - d->tracks[i + 1].pregap : t->start + t->length;
            g_autofree char *fn = dw_cue_track_filename(d, &o, t->number);
            g_autofree char *p = g_build_filename(tmpdir, fn, NULL);
            g_assert_cmpint((gsize)to * 2352, <=, len);
            g_assert_true(g_file_set_contents(p, data + (gsize)from * 2352, (gssize)(to - from) * 2352, &error));
        }
    }
    g_autofree char *cue = dw_cue_write(d, &o);
    g_autofree char *cn = g_strdup_printf("%s.cue", base);
    g_autofree char *cp = g_build_filename(tmpdir, cn, NULL);
    g_assert_true(g_file_set_contents(cp, cue, -1, &error));
    g_free(data);
}

/* An empty text and no text are the same on a disc. */
static const char *text_or_null(const dw_cdtext *c, int b, int f, int tr)
{
    const char *s = dw_cdtext_get(c, b, (dw_cdtext_field)f, tr);
    return s && *s ? s : NULL;
}

static void check_session(const char *base, gboolean single)
{
    GError *error = NULL;
    g_autofree char *cn = g_strdup_printf("%s.cue", base);
    g_autofree char *cue = g_build_filename(tmpdir, cn, NULL);
    g_autoptr(dw_disc) d = dw_cue_read_file(cue, &error);
    g_assert_no_error(error);
    g_autoptr(dw_burn_cue_session) cs = dw_burn_cue_session_new(d, cue, &error);
    g_assert_no_error(error);
    g_assert_nonnull(cs);
    g_assert_cmpuint(cs->n_tracks, ==, (guint)truth->n_tracks);
    g_assert_cmpstr(cs->catalog, ==, truth->mcn);
    g_assert_cmpint(cs->first_track, ==, 1);
    g_assert_cmpint(burn_session_get_start_tno(cs->session, 0), ==, 1);

    int nt = 0;
    struct burn_track **bt = burn_session_get_tracks(cs->session, &nt);
    g_assert_cmpint(nt, ==, truth->n_tracks);
    for (int i = 0; i < nt; i++) {
        const dw_track *t = &truth->tracks[i];
        const dw_burn_cue_track *ct = &cs->tracks[i];
        g_assert_cmpint(ct->number, ==, t->number);
        g_assert_true(ct->audio);
        int mode = burn_track_get_mode(bt[i]);
        g_assert_cmpint(mode & BURN_AUDIO, ==, BURN_AUDIO);
        g_assert_cmpint(!!(mode & BURN_PREEMPHASIS), ==, !!(t->control & DW_CTRL_PRE));
        g_assert_cmpint(!!(mode & BURN_COPY), ==, !!(t->control & DW_CTRL_DCP));
        g_assert_cmpint(!!(mode & BURN_4CH), ==, !!(t->control & DW_CTRL_4CH));
        /* The stored pregap is part of the track source, as index 0. */
        int32_t stored = i == 0 ? 0 : t->pregap;
        g_assert_cmpint(ct->pregap_stored, ==, stored);
        g_assert_cmpint(ct->pregap_silent, ==, 0);
        g_assert_cmpint(ct->sectors, ==, (int64_t)stored + t->length);
        g_assert_cmpint(burn_track_get_sectors(bt[i]), ==, (int)ct->sectors);
        g_assert_cmpint(ct->index_rel[0], ==, stored > 0 ? 0 : -1);
        g_assert_cmpint(ct->index_rel[1], ==, stored);
        for (int k = 2; k < t->n_indexes; k++)
            g_assert_cmpint(ct->index_rel[k], ==, t->index[k] - (t->start - stored));
        g_assert_cmpint(ct->n_indexes, ==, MAX(t->n_indexes, 2));
        g_assert_cmpstr(ct->isrc, ==, t->isrc);
        /* Where the bytes come from: the track's own BIN, or its place in the one BIN. */
        int64_t want_off = single ? (int64_t)(t->start - stored) * 2352 : 0;
        g_assert_cmpint(ct->offset, ==, want_off);
        g_assert_true(g_str_has_suffix(ct->path, ".bin"));
    }
    g_assert_cmpint(cs->tracks[4].n_indexes, ==, 3);   /* the sample's INDEX 02 */

    /* CD-TEXT: the packs libburn makes from the attributes carry the sample's text. */
    size_t n = 0;
    g_autofree uint8_t *packs = dw_burn_cue_session_cdtext(cs, &n, &error);
    g_assert_no_error(error);
    g_assert_nonnull(packs);
    g_assert_cmpuint(n, >, 0);
    dw_cdtext back = { 0 };
    unsigned bad = 0;
    g_assert_true(dw_cdtext_parse(&back, packs, n * 18, false, &bad, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(bad, ==, 0);
    /* A cue sheet carries one language block: the sample's first. */
    g_assert_cmpint(d->cdtext.n_blocks, ==, 1);
    g_assert_cmpint(back.n_blocks, ==, d->cdtext.n_blocks);
    for (int b = 0; b < d->cdtext.n_blocks; b++) {
        g_assert_cmpint(back.block[b].language, ==, truth->cdtext.block[b].language);
        g_assert_cmpint(back.block[b].charset, ==, truth->cdtext.block[b].charset);
        for (int f = DW_CDTEXT_TITLE; f <= DW_CDTEXT_MESSAGE; f++)
            for (int tr = 0; tr <= truth->n_tracks; tr++)
                g_assert_cmpstr(text_or_null(&back, b, f, tr), ==, text_or_null(&d->cdtext, b, f, tr));
        if (d->cdtext.block[b].text[DW_CDTEXT_GENRE][0]) {
            g_assert_cmpint(back.block[b].genre_code, ==, d->cdtext.block[b].genre_code);
            g_assert_cmpstr(dw_cdtext_get(&back, b, DW_CDTEXT_GENRE, 0), ==, dw_cdtext_get(&d->cdtext, b, DW_CDTEXT_GENRE, 0));
        }
    }
    /* ... which is the sample's own text (titles and performers of disc and tracks). */
    for (int tr = 0; tr <= truth->n_tracks; tr++) {
        g_assert_cmpstr(dw_cdtext_get(&back, 0, DW_CDTEXT_TITLE, tr), ==, dw_cdtext_get(&truth->cdtext, 0, DW_CDTEXT_TITLE, tr));
        g_assert_cmpstr(dw_cdtext_get(&back, 0, DW_CDTEXT_PERFORMER, tr), ==,
                        dw_cdtext_get(&truth->cdtext, 0, DW_CDTEXT_PERFORMER, tr));
    }
    dw_cdtext_clear(&back);

    /* The v0.7T sheet libburn derives from those packs. */
    char *sheet = NULL;
    int code = -1;
    int r = burn_make_input_sheet_v07t(packs, (int)n, 0, 0, &sheet, &code, 0);
    g_assert_cmpint(r, >, 0);
    g_assert_nonnull(sheet);
    const char *album = dw_cdtext_get(&truth->cdtext, 0, DW_CDTEXT_TITLE, 0);
    const char *t2 = dw_cdtext_get(&truth->cdtext, 0, DW_CDTEXT_TITLE, 2);
    g_autofree char *qa = g_regex_escape_string(album, -1), *q2 = g_regex_escape_string(t2, -1);
    g_autofree char *want_album = g_strdup_printf("(?m)^Album Title += %s$", qa);
    g_autofree char *want_t2 = g_strdup_printf("(?m)^Track 02 Title += %s$", q2);
    if (g_test_verbose())
        g_printerr("%s\n", sheet);
    g_assert_nonnull(strstr(sheet, "Input Sheet Version = 0.7T"));
    g_assert_true(g_regex_match_simple(want_album, sheet, 0, 0));
    g_assert_true(g_regex_match_simple(want_t2, sheet, 0, 0));
    g_assert_true(g_regex_match_simple("(?m)^Last Track Number += 5$", sheet, 0, 0));
    free(sheet);
}

static void test_multi_file(void)
{
    check_session("audio-split", FALSE);
}

static void test_single_file(void)
{
    check_session("audio-one", TRUE);
}

static void test_stdio_refused(void)
{
    GError *error = NULL;
    g_autofree char *cue = g_build_filename(tmpdir, "audio-split.cue", NULL);
    g_autoptr(dw_disc) d = dw_cue_read_file(cue, &error);
    g_assert_no_error(error);
    g_autoptr(dw_burn_cue_session) cs = dw_burn_cue_session_new(d, cue, &error);
    g_assert_no_error(error);
    g_autofree char *target = g_build_filename(tmpdir, "never.bin", NULL);
    g_autofree char *addr = g_strdup_printf("stdio:%s", target);
    dw_burn_drive *drive = dw_burn_drive_open(addr, &error);
    g_assert_no_error(error);
    dw_burn_options o = { 0 };
    g_assert_false(dw_burn_write_cue(drive, cs, &o, NULL, NULL, &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE);
    g_assert_nonnull(strstr(error->message, "stdio:"));
    g_clear_error(&error);
    dw_burn_drive_close(drive, FALSE);
    /* Nothing was written (libburn may leave the pseudo-drive's file empty). */
    if (g_file_test(target, G_FILE_TEST_EXISTS)) {
        GStatBuf st;
        g_assert_cmpint(g_stat(target, &st), ==, 0);
        g_assert_cmpint(st.st_size, ==, 0);
    }
}

static void test_missing_bin(void)
{
    GError *error = NULL;
    g_autofree char *cue = g_build_filename(tmpdir, "audio-split.cue", NULL);
    g_autoptr(dw_disc) d = dw_cue_read_file(cue, &error);
    g_assert_no_error(error);
    g_autofree char *moved = g_build_filename(tmpdir, "elsewhere", NULL);
    g_assert_cmpint(g_mkdir(moved, 0755), ==, 0);
    g_autofree char *cue2 = g_build_filename(moved, "audio-split.cue", NULL);
    g_assert_null(dw_burn_cue_session_new(d, cue2, &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_NO_DEVICE);
    g_assert_nonnull(strstr(error->message, "(Track 1).bin"));
    g_clear_error(&error);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    GError *error = NULL;
    tmpdir = g_dir_make_tmp("dw-burn-session-XXXXXX", &error);
    g_assert_no_error(error);
    dws_sample *s = dws_sample_new("audio", &error);
    g_assert_no_error(error);
    g_assert_true(dws_sample_write(s, tmpdir, &error));
    dws_sample_free(s);
    g_autofree char *ccd = g_build_filename(tmpdir, "audio.ccd", NULL);
    g_autofree char *img = g_build_filename(tmpdir, "audio.img", NULL);
    truth = dw_ccd_read_file(ccd, &error);
    g_assert_no_error(error);
    write_bins(truth, img, FALSE, "audio-split");
    write_bins(truth, img, TRUE, "audio-one");
    g_test_add_func("/burn/session/multi-file", test_multi_file);
    g_test_add_func("/burn/session/single-file", test_single_file);
    g_test_add_func("/burn/session/stdio-refused", test_stdio_refused);
    g_test_add_func("/burn/session/missing-bin", test_missing_bin);
    int rc = g_test_run();
    dw_disc_free(truth);
    g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    g_free(tmpdir);
    return rc;
}
