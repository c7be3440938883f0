/* test_toc.c: cdrdao .toc reading and writing — a read-toc style sample
 * (CD-TEXT, START/PREGAP/INDEX, FILE/DATAFILE), write -> parse round trips
 * of the one-BIN toc, and errors "NAME:LINE:COL: ...". */
#include "config.h"

#include <string.h>

#include "tests/unit/disc_asserts.h"
#include "discwright/error.h"
#include "discwright/sheet.h"

static void test_sample(void)
{
    const char *src = g_getenv("top_srcdir");
    if (!src) {
        g_test_skip("top_srcdir not set (run through make check)");
        return;
    }
    g_autofree char *path = g_build_filename(src, "tests", "data", "toc", "cdrdao-mixed.toc", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) d = dw_toc_read_file(path, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(d->mcn, ==, "0724384260920");
    g_assert_cmpint(d->n_tracks, ==, 3);
    g_assert_cmpint(d->n_sessions, ==, 1);
    g_assert_cmpint(d->sessions[0].format, ==, DW_SESSION_CDDA_CDROM);
    g_assert_cmpint(d->sessions[0].leadout, ==, 32635);
    static const struct {
        int32_t start, pregap, length;
        uint8_t control;
        dw_track_mode mode;
        uint32_t ssize;
        int64_t offset;
    } want[] = {
        { 0, 0, 18385, 0, DW_TRACK_AUDIO, 2352, 0 },
        { 18510, 125, 13375, DW_CTRL_DCP | DW_CTRL_PRE, DW_TRACK_AUDIO, 2352, 18385 * 2352 },
        { 32035, 150, 600, DW_CTRL_DATA, DW_TRACK_MODE1, 2048, 0 },
    };
    for (int i = 0; i < 3; i++) {
        const dw_track *t = &d->tracks[i];
        g_assert_cmpint(t->number, ==, i + 1);
        g_assert_cmpint(t->start, ==, want[i].start);
        g_assert_cmpint(t->pregap, ==, want[i].pregap);
        g_assert_cmpint(t->length, ==, want[i].length);
        g_assert_cmpuint(t->control, ==, want[i].control);
        g_assert_cmpint(t->mode, ==, want[i].mode);
        g_assert_cmpuint(t->file.sector_size, ==, want[i].ssize);
        g_assert_cmpint(t->file.offset, ==, want[i].offset);
    }
    g_assert_cmpstr(d->tracks[0].isrc, ==, "GBAYE0000351");
    g_assert_cmpstr(d->tracks[0].file.path, ==, "data.wav");
    g_assert_cmpstr(d->tracks[2].file.path, ==, "data_3.bin");
    g_assert_false(d->tracks[0].file.binary_le);
    g_assert_true(d->tracks[1].file.pregap_stored);
    g_assert_false(d->tracks[2].file.pregap_stored);
    g_assert_cmpint(d->tracks[1].n_indexes, ==, 3);
    g_assert_cmpint(d->tracks[1].index[2], ==, 18510 + 4500);
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_TITLE, 0), ==, "Album");
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 0), ==, "Band \"X\"");
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_TITLE, 1), ==, "Song One");
    g_assert_cmpuint(d->cdtext.block[0].language, ==, 0x09);
}

static dw_disc *sample_disc(void)
{
    dw_disc *d = dw_disc_new();
    d->kind = DW_DISC_CD;
    static const struct { int32_t start, pregap; uint8_t control; dw_track_mode mode; } t[] = {
        { 0, 0, DW_CTRL_DATA, DW_TRACK_MODE1 },
        { 20000, 150, DW_CTRL_DCP, DW_TRACK_AUDIO },
        { 30000, 0, DW_CTRL_PRE | DW_CTRL_4CH, DW_TRACK_AUDIO },
        { 40000, 33, 0, DW_TRACK_AUDIO },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        dw_track *x = &d->tracks[d->n_tracks++];
        dw_track_init(x, (int)i + 1);
        x->start = t[i].start;
        x->pregap = t[i].pregap;
        x->control = t[i].control;
        x->mode = t[i].mode;
    }
    g_strlcpy(d->tracks[2].isrc, "USDW12600003", sizeof d->tracks[2].isrc);
    d->tracks[1].n_indexes = 4;
    d->tracks[1].index[2] = 21000;
    d->tracks[1].index[3] = 22000;
    g_strlcpy(d->mcn, "4006381333931", sizeof d->mcn);
    d->n_sessions = 1;
    d->sessions[0] = (dw_session){ .number = 1, .format = DW_SESSION_CDDA_CDROM, .leadout = 45000 };
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 0, "Mixed \\ \"Mode\" \xe9");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 2, "Someone");
    g_assert_true(dw_disc_finish(d, NULL));
    return d;
}

static void test_round_trip(void)
{
    g_autoptr(dw_disc) d = sample_disc();
    g_autofree char *text = dw_toc_write(d, "disc.bin");
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) b = dw_toc_parse(text, strlen(text), "rt.toc", NULL, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(b->mcn, ==, d->mcn);
    g_assert_cmpint(b->n_tracks, ==, d->n_tracks);
    g_assert_cmpint(b->sessions[0].leadout, ==, d->sessions[0].leadout);
    int64_t offset = 0;
    for (int i = 0; i < d->n_tracks; i++) {
        const dw_track *x = &d->tracks[i], *y = &b->tracks[i];
        dwt_assert_same_track(y, x, DWT_ALL);
        g_assert_cmpstr(y->file.path, ==, "disc.bin");
        g_assert_cmpuint(y->file.sector_size, ==, 2352);
        g_assert_cmpint(y->file.offset, ==, offset);
        g_assert_true(y->file.binary_le);
        offset += (int64_t)(x->pregap + x->length) * 2352;
    }
    g_assert_cmpstr(dw_cdtext_get(&b->cdtext, 0, DW_CDTEXT_TITLE, 0), ==, "Mixed \\ \"Mode\" \xe9");
    g_assert_cmpstr(dw_cdtext_get(&b->cdtext, 0, DW_CDTEXT_PERFORMER, 2), ==, "Someone");
    g_autofree char *text2 = dw_toc_write(b, "disc.bin");
    g_assert_cmpstr(text, ==, text2);
    g_assert_nonnull(strstr(text, "\nCD_ROM\n"));
    g_assert_nonnull(strstr(text, "TRACK MODE1_RAW\nNO COPY\nDATAFILE \"disc.bin\" #0 04:24:50\n"));
    g_assert_nonnull(strstr(text, "TRACK AUDIO\nCOPY\nNO PRE_EMPHASIS\nTWO_CHANNEL_AUDIO\nCD_TEXT {\n"));
    g_assert_nonnull(strstr(text, "FILE \"disc.bin\" SWAP #46687200 0 02:15:25\nSTART 00:02:00\n"
                                  "INDEX 00:13:25\nINDEX 00:26:50\n"));
    g_assert_nonnull(strstr(text, "TITLE \"Mixed \\\\ \\\"Mode\\\" \\351\"\n"));
}

/* The file_sectors callback gives lengths the sheet leaves out (the toc
 * reader asks for bytes: sector size 1). */
static int64_t fake_sectors(const char *path, uint32_t sector_size, void *user)
{
    (void)user;
    if (!strcmp(path, "a.bin") && sector_size == 1)
        return 1000 * 2352;
    return -1;
}

static void test_file_sectors(void)
{
    static const char text[] = "CD_ROM_XA\nTRACK MODE2_RAW\nDATAFILE \"a.bin\"\n"
                               "TRACK AUDIO\nFILE \"a.bin\" #470400 0\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) d = dw_toc_parse(text, strlen(text), "f.toc", fake_sectors, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpint(d->sessions[0].format, ==, DW_SESSION_CDROM_XA);
    g_assert_cmpint(d->tracks[0].mode, ==, DW_TRACK_MODE2);
    g_assert_cmpint(d->tracks[0].length, ==, 1000);
    g_assert_cmpint(d->tracks[1].start, ==, 1000);
    g_assert_cmpint(d->tracks[1].length, ==, 800); /* the file less 200 sectors skipped by #offset */
    g_assert_cmpint(d->tracks[1].file.offset, ==, 470400);
}

static void test_errors(void)
{
    static const struct { const char *text, *msg; } cases[] = {
        { "TRACK FOO\n", "t.toc:1:7: unknown track mode 'FOO'" },
        { "CATALOG \"123\"\n", "t.toc:1:1: Illegal catalog number: 123" },
        { "CD_DA\nTRACK AUDIO\nISRC \"ABC\n", "t.toc:3:6: unterminated string" },
        { "TRACK AUDIO\nFILE \"a.bin\" 0\n", "t.toc:2:1: Cannot determine length of track data specification" },
        { "TRACK AUDIO\nFILE \"a\" 0 00:70:00\n", "t.toc:2:12: bad time" },
        { "TRACK MODE1\nSILENCE 00:01:00\n", "t.toc:2:1: SILENCE statements are only allowed for audio tracks" },
        { "TRACK AUDIO\nSILENCE 00:01:00\nSTART 00:02:00\n", "t.toc:3:1: START 00:02:00 behind or at track end" },
        { "BOGUS\n", "t.toc:1:1: unknown keyword 'BOGUS'" },
        { "TRACK AUDIO\nSILENCE 00:00:10\nINDEX 00:00:00\n", "t.toc:3:1: Index at start of track" },
        { "TRACK AUDIO\nSILENCE 00:00:10\nINDEX 00:00:06\nINDEX 00:00:03\n", "t.toc:5:1: track 1: INDEX 3 out of order" },
        { "/* open\nTRACK AUDIO\n", "t.toc:1:1: Illegal token: /" },
        { "TRACK AUDIO\nISRC \"ABCDEFGHIJK!\"\n", "t.toc:2:1: Illegal ISRC code: ABCDEFGHIJK!" },
        { "TRACK AUDIO\nFILE \"a\" 0 00:01:00\n}\n", "t.toc:3:1: unexpected token" },
        { "CD_DA\n", "t.toc:2:1: no TRACK in the file" },
        { "TRACK AUDIO\nZERO 00:01:00 x", "t.toc:2:15: unknown keyword" },
        { "CD_TEXT { LANGUAGE 9 { } }\n", "t.toc:1:20: language block number must be 0 to 7" },
        { "CD_TEXT { LANGUAGE 0 { NAME \"x\" } }\n", "t.toc:1:24: unknown CD-TEXT item 'NAME'" },
        { "CD_TEXT { LANGUAGE 0 { GENRE { 1, 999 } } }\n", "t.toc:1:35: byte value out of range" },
        { "TRACK AUDIO\n", "t.toc:2:1: track 1 has no data" },
        { "TRACK AUDIO\nFILE \"a\\0\" 0 00:01:00\n", "t.toc:2:6: bad octal escape" },
        { "TRACK AUDIO\nFILE \"a\" 0 00:01:00 @\n", "t.toc:2:21: Illegal token: @" },
        { "TRACK AUDIO RW\nZERO 99999999999999999999\n", "t.toc:2:6: number too large" },
        { "TRACK AUDIO\nPREGAP 00:00:00\nSILENCE 00:01:00\n", "t.toc:2:1: Length of pregap is zero" },
        { "TRACK AUDIO\nSILENCE 0\n", "t.toc:2:1: Length of silence is 0" },
        { "TRACK AUDIO\nSILENCE 00:01:00\nDATAFILE \"a\" 00:01:00\n", "t.toc:3:1: Mixing of FILE/AUDIOFILE/SILENCE" },
        { "TRACK AUDIO\nSILENCE 00:01:00\nINDEX 00:00:10\nSILENCE 00:01:00\n", "t.toc:4:1: syntax error at \"SILENCE\"" },
        { "TRACK AUDIO\nSILENCE 00:01:00\nEND 00:01:00\n", "t.toc:3:1: END 00:01:00 behind or at track end" },
        { "FIRST_TRACK_NO 100\nTRACK AUDIO\n", "t.toc:1:1: Illegal track number: 100" },
    };
    int bad = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(dw_disc) d = dw_toc_parse(cases[i].text, strlen(cases[i].text), "t.toc", NULL, NULL, &error);
        g_assert_null(d);
        g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
        if (!g_str_has_prefix(error->message, cases[i].msg)) {
            g_printerr("case %zu: got '%s', want '%s'\n", i, error->message, cases[i].msg);
            bad++;
        }
    }
    g_assert_cmpint(bad, ==, 0);
    /* More than 99 tracks. */
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 100; i++)
        g_string_append(s, "TRACK AUDIO\nSILENCE 00:04:00\n");
    g_autoptr(GError) error = NULL;
    g_assert_null(dw_toc_parse(s->str, s->len, "many.toc", NULL, NULL, &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
    g_assert_true(g_str_has_prefix(error->message, "many.toc:199:1: more than 99 tracks"));
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/toc/sample", test_sample);
    g_test_add_func("/toc/round-trip", test_round_trip);
    g_test_add_func("/toc/file-sectors", test_file_sectors);
    g_test_add_func("/toc/errors", test_errors);
    return g_test_run();
}
