/* test_ccd.c: CloneCD .ccd reading and writing — the 2-session enhanced
 * CD fixture with CD-TEXT, write -> parse round trips, CRLF and the
 * "N=" CD-TEXT key form, and hostile input (errors "NAME:LINE:COL: ..."). */
#include "config.h"

#include <string.h>

#include "tests/unit/disc_asserts.h"
#include "discwright/error.h"
#include "discwright/sheet.h"

/* The enhanced CD of test_model.c, with MCN, ISRCs, indexes, CD-TEXT. */
static dw_disc *enhanced_cd(void)
{
    dw_disc *d = dw_disc_new();
    d->kind = DW_DISC_CD;
    static const struct { int session; int32_t start, pregap; uint8_t control; dw_track_mode mode; } t[] = {
        { 1, 0, 0, 0x0, DW_TRACK_AUDIO },
        { 1, 15000, 150, DW_CTRL_DCP, DW_TRACK_AUDIO },
        { 1, 30000, 0, DW_CTRL_PRE | DW_CTRL_DCP, DW_TRACK_AUDIO },
        { 2, 56400, 150, DW_CTRL_DATA, DW_TRACK_MODE2 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        dw_track *x = &d->tracks[d->n_tracks++];
        dw_track_init(x, (int)i + 1);
        x->session = t[i].session;
        x->start = t[i].start;
        x->pregap = t[i].pregap;
        x->control = t[i].control;
        x->mode = t[i].mode;
    }
    g_strlcpy(d->tracks[1].isrc, "USDW12600002", sizeof d->tracks[1].isrc);
    d->tracks[2].n_indexes = 3;
    d->tracks[2].index[2] = 37500;
    g_strlcpy(d->mcn, "0123456789012", sizeof d->mcn);
    d->n_sessions = 2;
    d->sessions[0] = (dw_session){ .number = 1, .format = DW_SESSION_CDDA_CDROM, .leadout = 45000 };
    d->sessions[1] = (dw_session){ .number = 2, .format = DW_SESSION_CDROM_XA, .leadout = 60000 };
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 0, "Enhanced Album");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 0, "The Testers");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 1, "Opening");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 2, "Middle");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 3, "Closing");
    g_assert_true(dw_disc_finish(d, NULL));
    return d;
}

static void assert_same_disc(const dw_disc *a, const dw_disc *b)
{
    g_assert_cmpstr(a->mcn, ==, b->mcn);
    g_assert_cmpint(a->n_sessions, ==, b->n_sessions);
    for (int s = 0; s < a->n_sessions; s++)
        dwt_assert_same_session(&a->sessions[s], &b->sessions[s], DWT_ALL);
    g_assert_cmpint(a->n_tracks, ==, b->n_tracks);
    for (int i = 0; i < a->n_tracks; i++)
        dwt_assert_same_track(&a->tracks[i], &b->tracks[i], DWT_ALL);
    for (int tr = 0; tr <= 3; tr++)
        for (int f = DW_CDTEXT_TITLE; f <= DW_CDTEXT_PERFORMER; f++)
            g_assert_cmpstr(dw_cdtext_get(&a->cdtext, 0, f, tr), ==, dw_cdtext_get(&b->cdtext, 0, f, tr));
}

static char *fixture(const char *name)
{
    const char *src = g_getenv("top_srcdir");
    return src ? g_build_filename(src, "tests", "data", "ccd", name, NULL) : NULL;
}

static void test_round_trip(void)
{
    g_autoptr(dw_disc) d = enhanced_cd();
    g_autofree char *text = dw_ccd_write(d);
    g_assert_cmpint(d->n_toc, ==, 0); /* the writer does not touch the caller's disc */
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) back = dw_ccd_parse(text, strlen(text), "rt.ccd", &error);
    g_assert_no_error(error);
    assert_same_disc(d, back);
    g_assert_cmpint(back->n_toc, ==, 12);
    g_assert_cmpuint(back->toc[6].point, ==, 0xB0);
    g_assert_cmpuint(back->toc[7].point, ==, 0xC0);
    /* Writing the parsed disc (now with its raw TOC) gives the same text. */
    g_autofree char *text2 = dw_ccd_write(back);
    g_assert_cmpstr(text, ==, text2);
    /* Key order and formats as CloneCD writes them. */
    g_assert_true(g_str_has_prefix(text, "[CloneCD]\nVersion=3\n[Disc]\nTocEntries=12\nSessions=2\n"
                                         "DataTracksScrambled=0\nCDTextLength="));
    g_assert_nonnull(strstr(text, "\nCATALOG=0123456789012\n[CDText]\nEntries="));
    g_assert_nonnull(strstr(text, "[Session 2]\nPreGapMode=2\nPreGapSubC=0\n"));
    g_assert_nonnull(strstr(text, "[Entry 0]\nSession=1\nPoint=0xa0\nADR=0x01\nControl=0x00\nTrackNo=0\n"
                                  "AMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n"));
    g_assert_nonnull(strstr(text, "Point=0xb0\nADR=0x05\nControl=0x00\nTrackNo=0\nAMin=12\nASec=32\nAFrame=0\n"
                                  "ALBA=56250\nZero=2\nPMin=79\nPSec=59\nPFrame=74\nPLBA=359849\n"));
    g_assert_nonnull(strstr(text, "Point=0xc0\nADR=0x05\nControl=0x00\nTrackNo=0\nAMin=162\nASec=80\nAFrame=0\n"));
    g_assert_nonnull(strstr(text, "PMin=97\nPSec=27\nPFrame=21\nPLBA=-11604\n"));
    g_assert_nonnull(strstr(text, "[TRACK 2]\nMODE=0\nISRC=USDW12600002\nFLAGS=DCP\nINDEX 0=14850\nINDEX 1=15000\n"));
    g_assert_nonnull(strstr(text, "[TRACK 3]\nMODE=0\nFLAGS=DCP PRE\nINDEX 1=30000\nINDEX 2=37500\n"));
    g_assert_nonnull(strstr(text, "[TRACK 4]\nMODE=2\nINDEX 0=56250\nINDEX 1=56400\n"));
    g_assert_null(strchr(text, '\r'));
}

static void test_fixture(void)
{
    g_autofree char *path = fixture("enhanced-cdtext.ccd");
    if (!path) {
        g_test_skip("top_srcdir not set (run through make check)");
        return;
    }
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) d = dw_ccd_read_file(path, &error);
    g_assert_no_error(error);
    g_autoptr(dw_disc) want = enhanced_cd();
    assert_same_disc(want, d);
    /* The fixture is exactly what the writer produces. */
    g_autofree char *text = NULL;
    gsize len;
    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    g_autofree char *ours = dw_ccd_write(want);
    g_assert_cmpstr(text, ==, ours);

    /* CRLF line endings, and CD-TEXT lines keyed "N=" instead of "Entry N=". */
    GString *crlf = g_string_new(NULL);
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            g_string_append_c(crlf, '\r');
        g_string_append_c(crlf, *p);
    }
    char *e;
    while ((e = strstr(crlf->str, "\nEntry ")) && g_ascii_isdigit(e[7]) && strchr(e + 7, '=') &&
           strchr(e + 7, '=') < strchr(e + 7, '\r') && strstr(crlf->str, "[CDText]") < e &&
           strstr(crlf->str, "[Session 1]") > e)
        g_string_erase(crlf, e - crlf->str + 1, 6);
    g_assert_nonnull(strstr(crlf->str, "\r\n0=80 00 00 00 "));
    g_autoptr(dw_disc) d2 = dw_ccd_parse(crlf->str, crlf->len, "crlf.ccd", &error);
    g_string_free(crlf, TRUE);
    g_assert_no_error(error);
    assert_same_disc(want, d2);
}

static void test_single_session(void)
{
    g_autoptr(dw_disc) d = enhanced_cd();
    d->n_tracks = 3;
    d->n_sessions = 1;
    dw_cdtext_clear(&d->cdtext);
    d->mcn[0] = 0;
    g_assert_true(dw_disc_finish(d, NULL));
    g_autofree char *text = dw_ccd_write(d);
    g_assert_nonnull(strstr(text, "CDTextLength=0\n[Session 1]\n"));
    g_assert_null(strstr(text, "CATALOG"));
    g_assert_null(strstr(text, "Point=0xb0"));
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) back = dw_ccd_parse(text, strlen(text), "one.ccd", &error);
    g_assert_no_error(error);
    assert_same_disc(d, back);
}

/* A small valid file the hostile cases below edit. */
static const char good[] =
    "[CloneCD]\nVersion=3\n[Disc]\nTocEntries=4\nSessions=1\nDataTracksScrambled=0\nCDTextLength=0\n"
    "[Session 1]\nPreGapMode=1\nPreGapSubC=0\n"
    "[Entry 0]\nSession=1\nPoint=0xa0\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\n"
    "ALBA=-150\nZero=0\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n"
    "[Entry 1]\nSession=1\nPoint=0xa1\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\n"
    "ALBA=-150\nZero=0\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n"
    "[Entry 2]\nSession=1\nPoint=0xa2\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\n"
    "ALBA=-150\nZero=0\nPMin=0\nPSec=29\nPFrame=33\nPLBA=2058\n"
    "[Entry 3]\nSession=1\nPoint=0x01\nADR=0x01\nControl=0x04\nTrackNo=0\nAMin=0\nASec=0\nAFrame=0\n"
    "ALBA=-150\nZero=0\nPMin=0\nPSec=2\nPFrame=0\nPLBA=0\n"
    "[TRACK 1]\nMODE=1\nINDEX 1=0\n";

static void test_good_minimal(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(dw_disc) d = dw_ccd_parse(good, strlen(good), "g.ccd", &error);
    g_assert_no_error(error);
    g_assert_cmpint(d->n_tracks, ==, 1);
    g_assert_cmpint(d->tracks[0].mode, ==, DW_TRACK_MODE1);
    g_assert_cmpint(d->tracks[0].length, ==, 2058);
    g_assert_cmpint(d->sessions[0].leadout, ==, 2058);
    /* Keys are case-insensitive; numbers hex or decimal. */
    g_autofree char *lower = g_ascii_strdown(good, -1);
    g_autofree char *dec = NULL;
    {
        GString *s = g_string_new(lower);
        char *p;
        while ((p = strstr(s->str, "point=0xa2")))
            g_string_overwrite(s, p - s->str, "point=162 ");
        dec = g_string_free(s, FALSE);
    }
    g_autoptr(dw_disc) d2 = dw_ccd_parse(dec, strlen(dec), "lower.ccd", &error);
    g_assert_no_error(error);
    g_assert_cmpint(d2->sessions[0].leadout, ==, 2058);
}

/* Replace the first occurrence of `from` in the good file by `to`. */
static char *edit(const char *from, const char *to)
{
    const char *p = strstr(good, from);
    g_assert_nonnull(p);
    return g_strdup_printf("%.*s%s%s", (int)(p - good), good, to, p + strlen(from));
}

static void test_hostile(void)
{
    static const struct { const char *from, *to, *msg; } cases[] = {
        { "[CloneCD]\nVersion=3\n", "", "h.ccd:0:0: not a CloneCD control file" },
        { "Version=3", "Version=9", "h.ccd:2:9: unsupported CloneCD version" },
        { "[Disc]", "[Disc", "h.ccd:3:1: malformed section header" },
        { "TocEntries=4", "TocEntries", "h.ccd:4:1: expected KEY=VALUE" },
        { "TocEntries=4", "TocEntries=5", "h.ccd:0:0: TocEntries=5 but 4 entries given" },
        { "TocEntries=4", "TocEntries=99999", "h.ccd:4:12: TocEntries out of range" },
        { "Sessions=1", "Sessions=2", "h.ccd:0:0: Sessions=2 but the TOC has 1" },
        { "[Entry 1]", "[Entry 7]", "h.ccd:0:0: [Entry 1] is missing" },
        { "[Entry 1]", "[Entry 0]", "h.ccd:26:2: [Entry 0] given twice" },
        { "[Entry 1]", "[Entry 600]", "h.ccd:26:2: section number out of range" },
        { "[TRACK 1]", "[TRACK 100]", "h.ccd:71:2: section number out of range" },
        { "PMin=1\n", "PMin=300\n", "h.ccd:22:6: PMin must be a number from 0 to 255" },
        { "PMin=1\n", "PMin=-1\n", "h.ccd:22:6: PMin must be a number from 0 to 255" },
        { "PMin=1\n", "PMin=1x\n", "h.ccd:22:6: PMin must be a number" },
        { "PSec=2\n", "PSec=77\n", "h.ccd: TOC entry 3: bad address" },
        { "MODE=1", "MODE=3", "h.ccd:72:6: MODE must be 0, 1 or 2" },
        { "INDEX 1=0", "INDEX 1=5", "h.ccd:0:0: [TRACK 1] INDEX 1=5 but the TOC says 0" },
        { "INDEX 1=0", "INDEX 1=zz", "h.ccd:73:9: INDEX 1: bad LBA" },
        { "INDEX 1=0", "INDEX 100=0", "h.ccd:73:1: bad index key" },
        { "MODE=1", "MODE=1\nISRC=ABC", "h.ccd:73:6: ISRC must be 12 characters" },
        { "MODE=1", "MODE=1\nFLAGS=DCP XYZ", "h.ccd:73:7: unknown flag 'XYZ'" },
        { "CDTextLength=0", "CDTextLength=0\nCATALOG=12", "h.ccd:8:9: CATALOG must be 13 digits" },
        { "CDTextLength=0\n", "CDTextLength=0\n[CDText]\nEntries=1\nEntry 0=80 00 00\n", "h.ccd:10:9: a CD-TEXT entry needs 16 hex bytes" },
        { "CDTextLength=0\n", "CDTextLength=0\n[CDText]\nEntries=2\n0=80 00 00 00 41 00 00 00 00 00 00 00 00 00 00 00\n",
          "h.ccd:0:0: [CDText] Entries=2 but 1 entries given" },
        { "DataTracksScrambled=0", "DataTracksScrambled=1", "h.ccd:6:21: scrambled data tracks" },
        { "[CloneCD]", "Version=3", "h.ccd:1:1: key outside any section" },
        { "Point=0x01", "Point=0x05\n", "h.ccd:" },  /* track 5 alone still parses? see below */
    };
    int bad = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = edit(cases[i].from, cases[i].to);
        g_autoptr(GError) error = NULL;
        g_autoptr(dw_disc) d = dw_ccd_parse(text, strlen(text), "h.ccd", &error);
        g_test_message("case %zu: %s", i, error ? error->message : "(parsed)");
        if (i + 1 == G_N_ELEMENTS(cases)) {
            /* A track number that does not match [TRACK 1] is not an error. */
            g_assert_no_error(error);
            g_assert_cmpint(d->tracks[0].number, ==, 5);
            continue;
        }
        g_assert_null(d);
        g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
        if (!g_str_has_prefix(error->message, cases[i].msg)) {
            g_printerr("case %zu: got '%s', want '%s'\n", i, error->message, cases[i].msg);
            bad++;
        }
    }
    g_assert_cmpint(bad, ==, 0);
    /* An overlong line, a NUL byte, an empty file, > 99 track points. */
    GString *s = g_string_new("[CloneCD]\nVersion=3\n[Disc]\nX=");
    for (int i = 0; i < 5000; i++)
        g_string_append_c(s, 'a');
    g_autoptr(GError) error = NULL;
    g_assert_null(dw_ccd_parse(s->str, s->len, "long.ccd", &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
    g_assert_true(g_str_has_prefix(error->message, "long.ccd:4:1: line too long"));
    g_clear_error(&error);
    g_string_free(s, TRUE);
    g_assert_null(dw_ccd_parse("[CloneCD]\nVer\0sion=3\n", 21, "nul.ccd", &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
    g_clear_error(&error);
    g_assert_null(dw_ccd_parse("", 0, "empty.ccd", &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
    g_clear_error(&error);
    g_assert_null(dw_ccd_read_file("/nonexistent/x.ccd", &error));
    g_assert_nonnull(error);
    g_clear_error(&error);
    s = g_string_new("[CloneCD]\nVersion=3\n");
    for (int i = 0; i < 120; i++)
        g_string_append_printf(s, "[Entry %d]\nSession=1\nPoint=%d\nADR=1\nControl=0\nPMin=%d\nPSec=0\nPFrame=0\n", i,
                               i < 99 ? i + 1 : 99, i);
    g_assert_null(dw_ccd_parse(s->str, s->len, "many.ccd", &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
    g_string_free(s, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ccd/round-trip", test_round_trip);
    g_test_add_func("/ccd/fixture", test_fixture);
    g_test_add_func("/ccd/single-session", test_single_session);
    g_test_add_func("/ccd/good-minimal", test_good_minimal);
    g_test_add_func("/ccd/hostile", test_hostile);
    return g_test_run();
}
