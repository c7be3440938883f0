/* test_model.c: the disc model — defaults, lookups, dw_disc_finish
 * (lengths, index 0, session bounds, ordering errors), the full TOC built
 * for a CD-R-mastered enhanced CD (A0/A1/A2, tracks, B0, C0), and the
 * inverse dw_disc_from_toc. */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "discwright/model.h"

/* Session 1: three audio tracks; session 2: one Mode 2 data track. */
static dw_disc *enhanced_cd(void)
{
    dw_disc *d = dw_disc_new();
    d->kind = DW_DISC_CD;
    static const struct { int session; int32_t start, pregap; uint8_t control; dw_track_mode mode; } t[] = {
        { 1, 0, 0, 0x0, DW_TRACK_AUDIO },
        { 1, 15000, 150, DW_CTRL_DCP, DW_TRACK_AUDIO },
        { 1, 30000, 0, DW_CTRL_PRE, DW_TRACK_AUDIO },
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
    d->n_sessions = 2;
    d->sessions[0] = (dw_session){ .number = 1, .format = DW_SESSION_CDDA_CDROM, .leadout = 45000 };
    d->sessions[1] = (dw_session){ .number = 2, .format = DW_SESSION_CDROM_XA, .leadout = 60000 };
    return d;
}

static void test_defaults(void)
{
    g_autoptr(dw_disc) d = dw_disc_new();
    g_assert_cmpint(d->n_tracks, ==, 0);
    g_assert_cmpint(d->n_sessions, ==, 0);
    g_assert_cmpint(d->n_toc, ==, 0);
    g_assert_cmpstr(d->mcn, ==, "");
    dw_track t;
    memset(&t, 0, sizeof t);
    dw_track_init(&t, 7);
    g_assert_cmpint(t.number, ==, 7);
    g_assert_cmpint(t.pregap, ==, 0);
    g_assert_cmpint(t.n_indexes, ==, 2);
    g_assert_cmpint(t.index[0], ==, -1);
    g_assert_cmpint(t.index[1], ==, -1);
    g_assert_null(t.file.path);
    /* dw_disc_free owns file paths. */
    d->tracks[0].file.path = g_strdup("x.bin");
    dw_disc_free(NULL);
    g_assert_cmpstr(dw_track_mode_name(DW_TRACK_AUDIO), ==, "AUDIO");
    g_assert_cmpstr(dw_track_mode_name(DW_TRACK_MODE1), ==, "MODE1");
    g_assert_cmpstr(dw_track_mode_name(DW_TRACK_MODE2_FORM1), ==, "MODE2_FORM1");
    g_assert_false(dw_track_mode_is_data(DW_TRACK_AUDIO));
    g_assert_true(dw_track_mode_is_data(DW_TRACK_MODE2));
}

static void test_finish(void)
{
    g_autoptr(dw_disc) d = enhanced_cd();
    g_autoptr(GError) error = NULL;
    g_assert_true(dw_disc_finish(d, &error));
    g_assert_no_error(error);
    static const struct { int32_t length, index0; } want[] = {
        { 14850, 0 }, { 15000, 14850 }, { 15000, 30000 }, { 3600, 56250 },
    };
    for (int i = 0; i < 4; i++) {
        g_assert_cmpint(d->tracks[i].length, ==, want[i].length);
        g_assert_cmpint(d->tracks[i].index[0], ==, want[i].index0);
        g_assert_cmpint(d->tracks[i].index[1], ==, d->tracks[i].start);
    }
    g_assert_cmpint(d->sessions[0].first_track, ==, 1);
    g_assert_cmpint(d->sessions[0].last_track, ==, 3);
    g_assert_cmpint(d->sessions[1].first_track, ==, 4);
    g_assert_cmpint(d->sessions[1].last_track, ==, 4);
    g_assert_cmpint(d->total_sectors, ==, 60000);

    g_assert_true(dw_disc_track(d, 2) == &d->tracks[1]);
    g_assert_null(dw_disc_track(d, 5));
    g_assert_true(dw_disc_session(d, 2) == &d->sessions[1]);
    g_assert_null(dw_disc_session(d, 3));
    static const struct { int32_t lba; int track; } at[] = {
        { 0, 1 }, { 14849, 1 }, { 14850, 2 }, { 15000, 2 }, { 29999, 2 }, { 44999, 3 },
        { 45000, 0 }, { 56249, 0 }, { 56250, 4 }, { 59999, 4 }, { 60000, 0 }, { -1, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(at); i++) {
        const dw_track *t = dw_disc_track_at(d, at[i].lba);
        g_assert_cmpint(t ? t->number : 0, ==, at[i].track);
    }
}

/* Each case breaks the good disc in one way. */
static void break_order(dw_disc *d) { d->tracks[2].number = 2; }
static void break_start(dw_disc *d) { d->tracks[2].start = 10000; }
static void break_pregap(dw_disc *d) { d->tracks[1].pregap = -1; }
static void break_session(dw_disc *d) { d->tracks[3].session = 0; }
static void break_backwards(dw_disc *d) { d->tracks[2].session = 2; d->tracks[3].session = 1; }
static void break_leadout(dw_disc *d) { d->sessions[1].leadout = 50000; }
static void break_number(dw_disc *d) { d->tracks[3].number = 100; }
static void break_index(dw_disc *d) { d->tracks[0].n_indexes = 3; d->tracks[0].index[2] = 20000; }

static void test_finish_errors(void)
{
    static const struct { void (*fn)(dw_disc *); const char *msg; } cases[] = {
        { break_order, "track 2 follows track 2" },
        { break_start, "track 3 starts at 10000, before track 2" },
        { break_pregap, "track 2: negative pregap" },
        { break_session, "track 4: session 0 out of range" },
        { break_backwards, "track 4: session goes backwards" },
        { break_leadout, "track 4: starts at 56400, after the end of its session (50000)" },
        { break_number, "track number 100 out of range" },
        { break_index, "track 1: INDEX 02 out of order" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(dw_disc) d = enhanced_cd();
        g_autoptr(GError) error = NULL;
        cases[i].fn(d);
        g_assert_false(dw_disc_finish(d, &error));
        g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
        g_test_message("%s", error->message);
        g_assert_true(g_str_has_prefix(error->message, cases[i].msg));
    }
}

typedef struct {
    uint8_t session, adr, control, point, min, sec, frame, zero, pmin, psec, pframe;
} toc_row;

static void test_build_toc(void)
{
    g_autoptr(dw_disc) d = enhanced_cd();
    g_assert_true(dw_disc_finish(d, NULL));
    dw_disc_build_toc(d);
    static const toc_row want[] = {
        { 1, 1, 0x0, 0xA0, 0, 0, 0, 0, 1, 0x00, 0 },
        { 1, 1, DW_CTRL_PRE, 0xA1, 0, 0, 0, 0, 3, 0, 0 },
        { 1, 1, DW_CTRL_PRE, 0xA2, 0, 0, 0, 0, 10, 2, 0 },    /* 45000 + 150 */
        { 1, 1, 0x0, 1, 0, 0, 0, 0, 0, 2, 0 },
        { 1, 1, DW_CTRL_DCP, 2, 0, 0, 0, 0, 3, 22, 0 },
        { 1, 1, DW_CTRL_PRE, 3, 0, 0, 0, 0, 6, 42, 0 },
        /* B0: next program area at 56250 (12:32:00), 2 mode-5 pointers, max lead-out. */
        { 1, 5, 0x0, 0xB0, 12, 32, 0, 2, 79, 59, 74 },
        /* C0: recording power etc., first lead-in start 97:27:21. */
        { 1, 5, 0x0, 0xC0, 0xA2, 0x50, 0x00, 0, 97, 27, 21 },
        { 2, 1, DW_CTRL_DATA, 0xA0, 0, 0, 0, 0, 4, 0x20, 0 },
        { 2, 1, DW_CTRL_DATA, 0xA1, 0, 0, 0, 0, 4, 0, 0 },
        { 2, 1, DW_CTRL_DATA, 0xA2, 0, 0, 0, 0, 13, 22, 0 },  /* 60000 + 150 */
        { 2, 1, DW_CTRL_DATA, 4, 0, 0, 0, 0, 12, 34, 0 },     /* 56400 + 150 */
    };
    g_assert_cmpint(d->n_toc, ==, (int)G_N_ELEMENTS(want));
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        const dw_toc_entry *e = &d->toc[i];
        const toc_row *w = &want[i];
        g_test_message("entry %zu point %02x", i, e->point);
        g_assert_cmpuint(e->session, ==, w->session);
        g_assert_cmpuint(e->adr, ==, w->adr);
        g_assert_cmpuint(e->control, ==, w->control);
        g_assert_cmpuint(e->point, ==, w->point);
        g_assert_cmpuint(e->min, ==, w->min);
        g_assert_cmpuint(e->sec, ==, w->sec);
        g_assert_cmpuint(e->frame, ==, w->frame);
        g_assert_cmpuint(e->zero, ==, w->zero);
        g_assert_cmpuint(e->pmin, ==, w->pmin);
        g_assert_cmpuint(e->psec, ==, w->psec);
        g_assert_cmpuint(e->pframe, ==, w->pframe);
    }
    /* One session: no B0/C0. */
    g_autoptr(dw_disc) one = enhanced_cd();
    one->n_tracks = 3;
    one->n_sessions = 1;
    g_assert_true(dw_disc_finish(one, NULL));
    dw_disc_build_toc(one);
    g_assert_cmpint(one->n_toc, ==, 6);
    for (int i = 0; i < one->n_toc; i++)
        g_assert_cmpuint(one->toc[i].adr, ==, 1);
}

static void test_from_toc(void)
{
    g_autoptr(dw_disc) d = enhanced_cd();
    g_assert_true(dw_disc_finish(d, NULL));
    dw_disc_build_toc(d);
    g_autoptr(dw_disc) back = dw_disc_new();
    back->n_toc = d->n_toc;
    memcpy(back->toc, d->toc, sizeof d->toc);
    g_autoptr(GError) error = NULL;
    g_assert_true(dw_disc_from_toc(back, &error));
    g_assert_no_error(error);
    g_assert_cmpint(back->n_toc, ==, 12); /* raw TOC kept, B0/C0 included */
    g_assert_cmpint(back->n_tracks, ==, 4);
    g_assert_cmpint(back->n_sessions, ==, 2);
    for (int i = 0; i < 4; i++) {
        g_assert_cmpint(back->tracks[i].number, ==, d->tracks[i].number);
        g_assert_cmpint(back->tracks[i].session, ==, d->tracks[i].session);
        g_assert_cmpint(back->tracks[i].start, ==, d->tracks[i].start);
        g_assert_cmpint(back->tracks[i].control, ==, d->tracks[i].control);
        g_assert_cmpint(back->tracks[i].pregap, ==, 0);
        g_assert_cmpint(back->tracks[i].mode, ==, d->tracks[i].mode); /* XA data -> MODE2 */
    }
    /* Without pregaps, lengths run to the next track's start. */
    g_assert_cmpint(back->tracks[0].length, ==, 15000);
    g_assert_cmpint(back->tracks[3].length, ==, 3600);
    for (int s = 0; s < 2; s++) {
        g_assert_cmpint(back->sessions[s].leadout, ==, d->sessions[s].leadout);
        g_assert_cmpint(back->sessions[s].format, ==, d->sessions[s].format);
        g_assert_cmpint(back->sessions[s].first_track, ==, d->sessions[s].first_track);
        g_assert_cmpint(back->sessions[s].last_track, ==, d->sessions[s].last_track);
    }
}

static void test_from_toc_errors(void)
{
    static const struct { const char *what; int idx; int field; uint8_t value; const char *msg; } cases[] = {
        { "session 0", 3, 0, 0, "TOC entry 3: session 0 out of range" },
        { "track order", 4, 1, 1, "TOC entry 4: track 1 out of order" },
        { "bad address", 5, 2, 60, "TOC entry 5: bad address" },
        { "session order", 8, 0, 0, "TOC entry 8: session 0 out of range" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(dw_disc) d = enhanced_cd();
        g_assert_true(dw_disc_finish(d, NULL));
        dw_disc_build_toc(d);
        dw_toc_entry *e = &d->toc[cases[i].idx];
        if (cases[i].field == 0)
            e->session = cases[i].value;
        else if (cases[i].field == 1)
            e->point = cases[i].value;
        else
            e->psec = cases[i].value;
        g_autoptr(GError) error = NULL;
        g_test_message("case %s", cases[i].what);
        g_assert_false(dw_disc_from_toc(d, &error));
        g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
        g_assert_cmpstr(error->message, ==, cases[i].msg);
    }
    g_autoptr(dw_disc) empty = dw_disc_new();
    g_autoptr(GError) error = NULL;
    g_assert_false(dw_disc_from_toc(empty, &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_PARSE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/model/defaults", test_defaults);
    g_test_add_func("/model/finish", test_finish);
    g_test_add_func("/model/finish-errors", test_finish_errors);
    g_test_add_func("/model/build-toc", test_build_toc);
    g_test_add_func("/model/from-toc", test_from_toc);
    g_test_add_func("/model/from-toc-errors", test_from_toc_errors);
    return g_test_run();
}
