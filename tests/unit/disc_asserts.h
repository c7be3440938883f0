/* disc_asserts.h: field-by-field comparisons of disc models, shared by
 * the reader/writer round-trip tests (ccd, cue, toc, samples). */
#ifndef DW_TESTS_DISC_ASSERTS_H
#define DW_TESTS_DISC_ASSERTS_H

#include "discwright/model.h"

enum {
    DWT_ALL = 0,
    DWT_NO_LENGTH = 1 << 0,      /* a length/lead-out the format cannot carry */
    DWT_DATA_KIND_ONLY = 1 << 1  /* compare audio-vs-data, not the exact data mode */
};

/* Number, session, mode, control, start, pregap, length, ISRC, indexes. */
void dwt_assert_same_track(const dw_track *got, const dw_track *want, unsigned skip);
/* Number, format, first/last track and (unless DWT_NO_LENGTH) lead-out. */
void dwt_assert_same_session(const dw_session *got, const dw_session *want, unsigned skip);

#endif
