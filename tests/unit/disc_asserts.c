/* disc_asserts.c: see disc_asserts.h. */
#include "config.h"

#include <glib.h>

#include "tests/unit/disc_asserts.h"

void dwt_assert_same_track(const dw_track *got, const dw_track *want, unsigned skip)
{
    g_assert_cmpint(got->number, ==, want->number);
    g_assert_cmpint(got->session, ==, want->session);
    if (skip & DWT_DATA_KIND_ONLY)
        g_assert_cmpint(dw_track_mode_is_data(got->mode), ==, dw_track_mode_is_data(want->mode));
    else
        g_assert_cmpint(got->mode, ==, want->mode);
    g_assert_cmphex(got->control, ==, want->control);
    g_assert_cmpint(got->start, ==, want->start);
    g_assert_cmpint(got->pregap, ==, want->pregap);
    if (!(skip & DWT_NO_LENGTH))
        g_assert_cmpint(got->length, ==, want->length);
    g_assert_cmpstr(got->isrc, ==, want->isrc);
    g_assert_cmpint(got->n_indexes, ==, want->n_indexes);
    for (int k = 0; k < want->n_indexes; k++)
        g_assert_cmpint(got->index[k], ==, want->index[k]);
}

void dwt_assert_same_session(const dw_session *got, const dw_session *want, unsigned skip)
{
    g_assert_cmpint(got->number, ==, want->number);
    g_assert_cmpint(got->format, ==, want->format);
    g_assert_cmpint(got->first_track, ==, want->first_track);
    g_assert_cmpint(got->last_track, ==, want->last_track);
    if (!(skip & DWT_NO_LENGTH))
        g_assert_cmpint(got->leadout, ==, want->leadout);
}
