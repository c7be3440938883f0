/* test_cue.c: cue sheets (sheet.h): table-driven parses of redump
 * single- and multi-FILE sheets, multisession enhanced CDs, EAC single
 * files with INDEX 00/02, PREGAP/POSTGAP, CD-TEXT, CRLF/BOM/case; error
 * messages with exact NAME:LINE:COL; byte-exact writes; write -> parse
 * round trips; dw_cue_read_file with real files beside the sheet. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <string.h>

#include "tests/unit/disc_asserts.h"
#include "discwright/error.h"
#include "discwright/sheet.h"

/* File lengths for the parser: "name=sectors" pairs. */
static int64_t table_sectors(const char *path, uint32_t sector_size, void *user)
{
    (void)sector_size;
    const char *const *tab = user;
    for (int i = 0; tab && tab[i]; i += 2)
        if (strcmp(tab[i], path) == 0)
            return g_ascii_strtoll(tab[i + 1], NULL, 10);
    return -1;
}

typedef struct {
    const char *name;
    const char *text;
    const char *sizes[12];       /* name, sectors, ..., NULL */
    int n_tracks, n_sessions;
    /* per track: number, session, mode, start, pregap, length */
    int t[6][6];
    int leadout1, leadout2;
} parse_case;

static const parse_case parse_cases[] = {
    { "redump-single",
      "FILE \"Game.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n",
      { "Game.bin", "1000", NULL }, 1, 1,
      { { 1, 1, DW_TRACK_MODE1, 0, 0, 1000 } }, 1000, 0 },
    { "redump-multi",
      "FILE \"A (Track 1).bin\" BINARY\r\n  TRACK 01 MODE1/2352\r\n    INDEX 01 00:00:00\r\n"
      "FILE \"A (Track 2).bin\" BINARY\r\n  TRACK 02 AUDIO\r\n    INDEX 00 00:00:00\r\n    INDEX 01 00:02:00\r\n"
      "FILE \"A (Track 3).bin\" BINARY\r\n  TRACK 03 AUDIO\r\n    INDEX 01 00:00:00\r\n",
      { "A (Track 1).bin", "2000", "A (Track 2).bin", "3000", "A (Track 3).bin", "500", NULL }, 3, 1,
      { { 1, 1, DW_TRACK_MODE1, 0, 0, 2000 }, { 2, 1, DW_TRACK_AUDIO, 2150, 150, 2850 },
        { 3, 1, DW_TRACK_AUDIO, 5000, 0, 500 } }, 5500, 0 },
    { "enhanced-rem",
      "REM SESSION 01\nFILE \"E (Track 1).bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
      "FILE \"E (Track 2).bin\" BINARY\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n"
      "REM LEAD-OUT 01:30:00\nREM SESSION 02\nREM LEAD-IN 01:00:00\nREM PREGAP 00:02:00\n"
      "FILE \"E (Track 3).bin\" BINARY\n  TRACK 03 MODE2/2352\n    INDEX 01 00:00:00\n",
      { "E (Track 1).bin", "1000", "E (Track 2).bin", "1000", "E (Track 3).bin", "3000", NULL }, 3, 2,
      { { 1, 1, DW_TRACK_AUDIO, 0, 0, 1000 }, { 2, 1, DW_TRACK_AUDIO, 1000, 0, 1000 },
        { 3, 2, DW_TRACK_MODE2, 13400, 150, 3000 } }, 2000, 16400 },
    { "enhanced-defaults-stored-pregap",
      "FILE \"x1.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
      "REM SESSION 02\nFILE \"x2.bin\" BINARY\n  TRACK 02 MODE2/2352\n    INDEX 00 00:00:00\n"
      "    INDEX 01 00:02:00\n",
      { "x1.bin", "700", "x2.bin", "1150", NULL }, 2, 2,
      { { 1, 1, DW_TRACK_AUDIO, 0, 0, 700 }, { 2, 2, DW_TRACK_MODE2, 12100, 150, 1000 } }, 700, 13100 },
    { "eac-single-file",
      "\xEF\xBB\xBFREM GENRE Rock\nREM DATE 1999\nPERFORMER \"Some Band\"\nTITLE \"Some Album\"\n"
      "FILE \"CD.wav\" WAVE\n  TRACK 01 AUDIO\n    TITLE \"One\"\n    INDEX 01 00:00:00\n"
      "  TRACK 02 AUDIO\n    TITLE \"Two\"\n    INDEX 00 03:00:00\n    INDEX 01 03:02:00\n"
      "    INDEX 02 03:30:00\n  TRACK 03 AUDIO\n    INDEX 01 05:00:00\n",
      { "CD.wav", "30000", NULL }, 3, 1,
      { { 1, 1, DW_TRACK_AUDIO, 0, 0, 13500 }, { 2, 1, DW_TRACK_AUDIO, 13650, 150, 8850 },
        { 3, 1, DW_TRACK_AUDIO, 22500, 0, 7500 } }, 30000, 0 },
    { "pregap-postgap",
      "file t1.bin binary\n  track 01 mode1/2048\n    index 01 00:00:00\n    postgap 00:02:00\n"
      "FILE t2.bin MOTOROLA\n  TRACK 02 AUDIO\n    PREGAP 00:02:00\n    INDEX 01 00:00:00\n",
      { "t1.bin", "1000", "t2.bin", "400", NULL }, 2, 1,
      { { 1, 1, DW_TRACK_MODE1, 0, 0, 1150 }, { 2, 1, DW_TRACK_AUDIO, 1300, 150, 400 } }, 1700, 0 },
    { "back-to-back-unknown",
      "FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:10:00\n",
      { NULL }, 2, 1,
      { { 1, 1, DW_TRACK_AUDIO, 0, 0, 750 }, { 2, 1, DW_TRACK_AUDIO, 750, 0, 0 } }, 750, 0 },
};

static void test_parse_table(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(parse_cases); i++) {
        const parse_case *pc = &parse_cases[i];
        g_test_message("case %s", pc->name);
        g_autoptr(GError) err = NULL;
        g_autoptr(dw_disc) d = dw_cue_parse(pc->text, strlen(pc->text), pc->name, table_sectors,
                                            (void *)pc->sizes, &err);
        g_assert_no_error(err);
        g_assert_nonnull(d);
        g_assert_cmpint(d->n_tracks, ==, pc->n_tracks);
        g_assert_cmpint(d->n_sessions, ==, pc->n_sessions);
        for (int k = 0; k < pc->n_tracks; k++) {
            const dw_track *t = &d->tracks[k];
            g_assert_cmpint(t->number, ==, pc->t[k][0]);
            g_assert_cmpint(t->session, ==, pc->t[k][1]);
            g_assert_cmpint(t->mode, ==, pc->t[k][2]);
            g_assert_cmpint(t->start, ==, pc->t[k][3]);
            g_assert_cmpint(t->pregap, ==, pc->t[k][4]);
            g_assert_cmpint(t->length, ==, pc->t[k][5]);
            g_assert_cmpint(t->index[0], ==, t->start - t->pregap);
            g_assert_cmpint(!!(t->control & DW_CTRL_DATA), ==, pc->t[k][2] != DW_TRACK_AUDIO);
        }
        g_assert_cmpint(d->sessions[0].leadout, ==, pc->leadout1);
        if (pc->n_sessions > 1)
            g_assert_cmpint(d->sessions[1].leadout, ==, pc->leadout2);
    }
}

static void test_parse_details(void)
{
    const char *text = "CATALOG 0724384260927\r\nCDTEXTFILE \"x.cdt\"\r\nTITLE \"Album\"\r\n"
                       "PERFORMER Unquoted Band Name\r\nFILE \"My Disc.bin\" BINARY\r\n"
                       "  TRACK 01 AUDIO\r\n    TITLE \"First\"\r\n    SONGWRITER \"Writer\"\r\n"
                       "    FLAGS DCP PRE SCMS\r\n    ISRC USABC9900001\r\n    INDEX 01 00:00:00\r\n"
                       "  Track 02 Audio\r\n    flags 4ch\r\n    index 01 01:00:00\r\n";
    g_autoptr(GError) err = NULL;
    g_autoptr(dw_disc) d = dw_cue_parse(text, strlen(text), "d.cue", NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(d->mcn, ==, "0724384260927");
    g_assert_cmpstr(d->tracks[0].isrc, ==, "USABC9900001");
    g_assert_cmphex(d->tracks[0].control, ==, DW_CTRL_DCP | DW_CTRL_PRE);
    g_assert_cmphex(d->tracks[1].control, ==, DW_CTRL_4CH);
    g_assert_cmpstr(d->tracks[0].file.path, ==, "My Disc.bin");
    g_assert_cmpint(d->tracks[0].file.sector_size, ==, 2352);
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_TITLE, 0), ==, "Album");
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 0), ==, "Unquoted Band Name");
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_TITLE, 1), ==, "First");
    g_assert_cmpstr(dw_cdtext_get(&d->cdtext, 0, DW_CDTEXT_SONGWRITER, 1), ==, "Writer");
    g_assert_cmphex(d->cdtext.block[0].language, ==, 0x09);
    g_assert_cmpint(d->tracks[1].start, ==, 4500);

    /* An unquoted title of many words is taken whole. */
    const char *words = "TITLE a b c d e f g h i j k l m n o p q r s t u v w x y z\n"
                        "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n";
    g_autoptr(dw_disc) w = dw_cue_parse(words, strlen(words), "w.cue", NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpstr(dw_cdtext_get(&w->cdtext, 0, DW_CDTEXT_TITLE, 0), ==,
                    "a b c d e f g h i j k l m n o p q r s t u v w x y z");

    const char *modes = "FILE a.bin BINARY\nTRACK 01 MODE2/2336\nINDEX 01 00:00:00\n"
                        "TRACK 02 CDI/2352\nINDEX 01 00:01:00\nTRACK 03 CDG\nINDEX 01 00:02:00\n";
    g_autoptr(dw_disc) m = dw_cue_parse(modes, strlen(modes), "m.cue", NULL, NULL, &err);
    g_assert_no_error(err);
    g_assert_cmpint(m->tracks[0].mode, ==, DW_TRACK_MODE2);
    g_assert_cmpint(m->tracks[0].file.sector_size, ==, 2336);
    g_assert_cmpint(m->tracks[1].file.sector_size, ==, 2352);
    g_assert_cmpint(m->tracks[2].file.sector_size, ==, 2448);
    g_assert_cmpint(m->sessions[0].format, ==, DW_SESSION_CDI);
}

static const struct {
    const char *text;
    const char *message;
} error_cases[] = {
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\nINDEX 02 00:01:00\n",
      "e.cue:5:7: INDEX 02 out of order" },
    { "FILE a.bin BINARY\n  TRACK 01 AUDIO\n    INDEX 00 00:00:00\n  TRACK 02 AUDIO\n    INDEX 01 00:05:00\n",
      "e.cue:2:3: track 01 has no INDEX 01" },
    { "FILE a.bin BINARY\n  TRACK 01 AUDIO\n    INDEX 00 00:00:00\n", "e.cue:2:3: track 01 has no INDEX 01" },
    { "FILE a.bin BINARY\nTRACK 02 AUDIO\nINDEX 01 00:00:00\nTRACK 02 AUDIO\n",
      "e.cue:4:7: track 02 follows track 02" },
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\n  INDEX 01 00:61:00\n", "e.cue:3:12: bad time \"00:61:00\" (want mm:ss:ff)" },
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\n  INDEX 01 0:0:75\n", "e.cue:3:12: bad time \"0:0:75\" (want mm:ss:ff)" },
    { "FILE a.bin BINARY\n  INDEX 01 00:00:00\n", "e.cue:2:3: INDEX before any TRACK" },
    { "\n  TRACK 01 AUDIO\n", "e.cue:2:3: TRACK before any FILE" },
    { "FILE a.bin BINARY\nTRACK 01 MODE3/2352\n", "e.cue:2:10: unknown track mode \"MODE3/2352\"" },
    { "FILE \"a.bin BINARY\n", "e.cue:1:6: missing closing quote" },
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\nINDEX 01 00:10:00\nTRACK 02 AUDIO\nINDEX 01 00:05:00\n",
      "e.cue:5:10: INDEX 01 at 00:05:00 goes back in the file" },
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\nFLAGS DCP XYZ\n", "e.cue:3:11: unknown flag \"XYZ\"" },
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\nBOGUS 1\n", "e.cue:3:1: unknown command \"BOGUS\"" },
    { "CATALOG 123\n", "e.cue:1:9: CATALOG needs 13 digits" },
    { "REM SESSION 02\nREM SESSION 01\n", "e.cue:2:13: session 01 after session 02" },
    { "FILE a.bin WAV\n", "e.cue:1:12: unknown file type \"WAV\"" },
    { "REM only a comment\n", "e.cue:1:1: no tracks" },
    { "", "e.cue:1:1: no tracks" },
    { "FILE a.bin BINARY\nTRACK 01 AUDIO\nFLAGS 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
      "e.cue:3:43: too many words on the line" },
};

static void test_errors(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(error_cases); i++) {
        g_autoptr(GError) err = NULL;
        const char *text = error_cases[i].text;
        dw_disc *d = dw_cue_parse(text, strlen(text), "e.cue", NULL, NULL, &err);
        g_assert_null(d);
        g_assert_error(err, DW_ERROR, DW_ERROR_PARSE);
        g_assert_cmpstr(err->message, ==, error_cases[i].message);
    }
}

/* A multisession enhanced CD built by hand. */
static dw_disc *make_enhanced(void)
{
    dw_disc *d = dw_disc_new();
    d->kind = DW_DISC_CD;
    memcpy(d->mcn, "0724384260927", 14);
    int starts[4] = { 0, 10000, 20150, 41400 };
    int pregaps[4] = { 0, 0, 150, 150 };
    for (int i = 0; i < 4; i++) {
        dw_track *t = &d->tracks[i];
        dw_track_init(t, i + 1);
        t->start = starts[i];
        t->pregap = pregaps[i];
        t->session = i < 3 ? 1 : 2;
        t->mode = i < 3 ? DW_TRACK_AUDIO : DW_TRACK_MODE2;
        t->control = i < 3 ? 0 : DW_CTRL_DATA;
    }
    d->tracks[0].control = DW_CTRL_DCP | DW_CTRL_PRE;
    d->tracks[1].n_indexes = 3;
    d->tracks[1].index[2] = 12000;
    memcpy(d->tracks[2].isrc, "USABC9900003", 13);
    d->n_tracks = 4;
    d->n_sessions = 2;
    d->sessions[0].number = 1;
    d->sessions[0].leadout = 30000;
    d->sessions[1].number = 2;
    d->sessions[1].format = DW_SESSION_CDROM_XA;
    d->sessions[1].leadout = 50000;
    d->sessions[1].leadin = 36750;
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 0, "Album \"Q\"");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 2, "Second");
    g_assert_true(dw_disc_finish(d, NULL));
    return d;
}

static const char expected_enhanced[] =
    "CATALOG 0724384260927\r\n"
    "TITLE \"Album 'Q'\"\r\n"
    "REM SESSION 01\r\n"
    "FILE \"Disc (Track 1).bin\" BINARY\r\n"
    "  TRACK 01 AUDIO\r\n"
    "    FLAGS DCP PRE\r\n"
    "    INDEX 01 00:00:00\r\n"
    "FILE \"Disc (Track 2).bin\" BINARY\r\n"
    "  TRACK 02 AUDIO\r\n"
    "    TITLE \"Second\"\r\n"
    "    INDEX 01 00:00:00\r\n"
    "    INDEX 02 00:26:50\r\n"
    "FILE \"Disc (Track 3).bin\" BINARY\r\n"
    "  TRACK 03 AUDIO\r\n"
    "    ISRC USABC9900003\r\n"
    "    INDEX 00 00:00:00\r\n"
    "    INDEX 01 00:02:00\r\n"
    "REM LEAD-OUT 01:30:00\r\n"
    "REM SESSION 02\r\n"
    "REM LEAD-IN 01:00:00\r\n"
    "REM PREGAP 00:02:00\r\n"
    "FILE \"Disc (Track 4).bin\" BINARY\r\n"
    "  TRACK 04 MODE2/2352\r\n"
    "    INDEX 01 00:00:00\r\n";

/* Sizes of the files dw_cue_write names, from the model itself. */
typedef struct {
    const dw_disc *disc;
    dw_cue_write_opts opts;
} size_ctx;

static int64_t model_sectors(const char *path, uint32_t sector_size, void *user)
{
    (void)sector_size;
    const size_ctx *sc = user;
    const dw_disc *d = sc->disc;
    if (sc->opts.single_file)
        return -1;
    for (int i = 0; i < d->n_tracks; i++) {
        g_autofree char *fn = dw_cue_track_filename(d, &sc->opts, d->tracks[i].number);
        if (strcmp(fn, path) != 0)
            continue;
        const dw_track *t = &d->tracks[i];
        bool first_of_session = i == 0 || d->tracks[i - 1].session != t->session;
        int32_t stored = first_of_session ? t->start : t->start - t->pregap;
        return t->start + t->length - t->postgap - stored;
    }
    return -1;
}

static void assert_same_disc(const dw_disc *a, const dw_disc *b, bool check_last_length)
{
    g_assert_cmpstr(a->mcn, ==, b->mcn);
    g_assert_cmpint(a->n_tracks, ==, b->n_tracks);
    g_assert_cmpint(a->n_sessions, ==, b->n_sessions);
    for (int i = 0; i < a->n_tracks; i++)
        dwt_assert_same_track(&a->tracks[i], &b->tracks[i],
                              check_last_length || i + 1 < a->n_tracks ? DWT_ALL : DWT_NO_LENGTH);
    for (int s = 0; s < a->n_sessions; s++)
        dwt_assert_same_session(&a->sessions[s], &b->sessions[s],
                                check_last_length || s + 1 < a->n_sessions ? DWT_ALL : DWT_NO_LENGTH);
}

static void test_write_exact(void)
{
    g_autoptr(dw_disc) d = make_enhanced();
    dw_cue_write_opts opts = { .basename = "Disc", .cdtext = TRUE };
    g_autofree char *text = dw_cue_write(d, &opts);
    g_assert_cmpstr(text, ==, expected_enhanced);

    size_ctx sc = { d, opts };
    g_autoptr(GError) err = NULL;
    g_autoptr(dw_disc) back = dw_cue_parse(text, strlen(text), "w.cue", model_sectors, &sc, &err);
    g_assert_no_error(err);
    assert_same_disc(d, back, true);
    g_assert_cmpint(back->sessions[1].leadin, ==, 36750);
    g_assert_cmpstr(dw_cdtext_get(&back->cdtext, 0, DW_CDTEXT_TITLE, 0), ==, "Album 'Q'");
    g_assert_cmpstr(dw_cdtext_get(&back->cdtext, 0, DW_CDTEXT_TITLE, 2), ==, "Second");
}

static void test_round_trips(void)
{
    for (int variant = 0; variant < 2; variant++) {
        g_autoptr(dw_disc) d = make_enhanced();
        d->tracks[1].postgap = 150;
        dw_cue_write_opts opts = { .basename = "X", .single_file = variant == 1 };
        g_autofree char *text = dw_cue_write(d, &opts);
        size_ctx sc = { d, opts };
        g_autoptr(GError) err = NULL;
        g_autoptr(dw_disc) back = dw_cue_parse(text, strlen(text), "rt.cue", model_sectors, &sc, &err);
        g_assert_no_error(err);
        /* Without file sizes the last track's length is unknown. */
        assert_same_disc(d, back, variant == 0);
        g_autofree char *again = dw_cue_write(back, &opts);
        if (variant == 0)
            g_assert_cmpstr(again, ==, text);
    }
    /* File names. */
    g_autoptr(dw_disc) d = make_enhanced();
    dw_cue_write_opts o = { .basename = "B" };
    g_autofree char *f2 = dw_cue_track_filename(d, &o, 2);
    g_assert_cmpstr(f2, ==, "B (Track 2).bin");
    o.single_file = TRUE;
    g_autofree char *fs = dw_cue_track_filename(d, &o, 2);
    g_assert_cmpstr(fs, ==, "B.bin");
    d->n_tracks = 1;
    o.single_file = FALSE;
    g_autofree char *f1 = dw_cue_track_filename(d, &o, 1);
    g_assert_cmpstr(f1, ==, "B.bin");
}

static void test_read_file(void)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *dir = g_dir_make_tmp("dwcue-XXXXXX", &err);
    g_assert_no_error(err);
    g_autofree char *cue = g_build_filename(dir, "d.cue", NULL);
    g_autofree char *b1 = g_build_filename(dir, "d (Track 1).bin", NULL);
    g_autofree char *b2 = g_build_filename(dir, "d (Track 2).bin", NULL);
    g_autofree char *z1 = g_malloc0(2352 * 20);
    g_assert_true(g_file_set_contents(b1, z1, 2352 * 20, NULL));
    g_assert_true(g_file_set_contents(b2, z1, 2352 * 10, NULL));
    const char *text = "FILE \"d (Track 1).bin\" BINARY\r\n  TRACK 01 MODE1/2352\r\n    INDEX 01 00:00:00\r\n"
                       "FILE \"d (Track 2).bin\" BINARY\r\n  TRACK 02 AUDIO\r\n    INDEX 00 00:00:00\r\n"
                       "    INDEX 01 00:00:04\r\n";
    g_assert_true(g_file_set_contents(cue, text, -1, NULL));
    g_autoptr(dw_disc) d = dw_cue_read_file(cue, &err);
    g_assert_no_error(err);
    g_assert_cmpint(d->tracks[0].length, ==, 20);
    g_assert_cmpint(d->tracks[1].start, ==, 24);
    g_assert_cmpint(d->tracks[1].length, ==, 6);
    g_assert_cmpint(d->sessions[0].leadout, ==, 30);
    g_autofree char *missing = g_build_filename(dir, "none.cue", NULL);
    g_autoptr(GError) e2 = NULL;
    g_assert_null(dw_cue_read_file(missing, &e2));
    g_assert_error(e2, DW_ERROR, DW_ERROR_IO);
    g_unlink(cue);
    g_unlink(b1);
    g_unlink(b2);
    g_rmdir(dir);
}

/* Every fixture under tests/data/cue parses. */
static void test_fixtures(void)
{
    const char *top = g_getenv("top_srcdir");
    if (!top) {
        g_test_skip("top_srcdir not set (run through make check)");
        return;
    }
    g_autofree char *dir = g_build_filename(top, "tests", "data", "cue", NULL);
    g_autoptr(GDir) dh = g_dir_open(dir, 0, NULL);
    if (!dh) {
        g_test_skip("tests/data/cue not found");
        return;
    }
    const char *n;
    int count = 0;
    while ((n = g_dir_read_name(dh))) {
        if (!g_str_has_suffix(n, ".cue"))
            continue;
        g_autofree char *p = g_build_filename(dir, n, NULL);
        g_autoptr(GError) err = NULL;
        g_autoptr(dw_disc) d = dw_cue_read_file(p, &err);
        g_assert_no_error(err);
        g_assert_cmpint(d->n_tracks, >, 0);
        count++;
    }
    g_assert_cmpint(count, >, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cue/parse-table", test_parse_table);
    g_test_add_func("/cue/parse-details", test_parse_details);
    g_test_add_func("/cue/errors", test_errors);
    g_test_add_func("/cue/write-exact", test_write_exact);
    g_test_add_func("/cue/round-trips", test_round_trips);
    g_test_add_func("/cue/read-file", test_read_file);
    g_test_add_func("/cue/fixtures", test_fixtures);
    return g_test_run();
}
