# disc/cue.mk (included by disc/local.mk): cue sheets, and the CD-TEXT
# and cue tests.
check_PROGRAMS += tests/unit/test_cdtext
TESTS += tests/unit/test_cdtext
tests_unit_test_cdtext_LDADD = libdiscwright.la $(DW_LIBS)
libdiscwright_la_SOURCES += disc/cue_read.c disc/cue_write.c disc/audiofile.c
check_PROGRAMS += tests/unit/test_cue
TESTS += tests/unit/test_cue
tests_unit_test_cue_SOURCES = tests/unit/test_cue.c $(DWT_ASSERTS)
tests_unit_test_cue_LDADD = libdiscwright.la $(DW_LIBS)
# Fixtures (also the fuzz seeds in tests/fuzz/corpus/cue).
EXTRA_DIST += tests/data/cue
# Fuzz target; tests/fuzz/local.mk lists "cue" in FUZZ_TARGETS.
check_PROGRAMS += tests/fuzz/fuzz_cue
tests_fuzz_fuzz_cue_SOURCES = tests/fuzz/fuzz_cue.c
tests_fuzz_fuzz_cue_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_cue_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
