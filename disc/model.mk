# disc/model.mk: the disc model, CD-TEXT, the sheet formats (CloneCD
# .ccd, cdrdao .toc) and the ddrescue-style rip map, with their tests.
libdiscwright_la_SOURCES += disc/model.c disc/cdtext.c disc/ccd_read.c disc/ccd_write.c \
	disc/mapfile.c disc/toc_read.c disc/toc_write.c
check_PROGRAMS += tests/unit/test_mapfile
TESTS += tests/unit/test_mapfile
tests_unit_test_mapfile_LDADD = libdiscwright.la $(DW_LIBS)
# Fixtures.
EXTRA_DIST += tests/data/map
# Fuzz target; tests/fuzz/local.mk must list "mapfile" in FUZZ_TARGETS.
check_PROGRAMS += tests/fuzz/fuzz_mapfile
tests_fuzz_fuzz_mapfile_SOURCES = tests/fuzz/fuzz_mapfile.c
tests_fuzz_fuzz_mapfile_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_mapfile_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
check_PROGRAMS += tests/unit/test_model
TESTS += tests/unit/test_model
tests_unit_test_model_LDADD = libdiscwright.la $(DW_LIBS)
check_PROGRAMS += tests/unit/test_ccd
TESTS += tests/unit/test_ccd
tests_unit_test_ccd_SOURCES = tests/unit/test_ccd.c $(DWT_ASSERTS)
tests_unit_test_ccd_LDADD = libdiscwright.la $(DW_LIBS)
EXTRA_DIST += tests/data/ccd
check_PROGRAMS += tests/unit/test_toc
TESTS += tests/unit/test_toc
tests_unit_test_toc_SOURCES = tests/unit/test_toc.c $(DWT_ASSERTS)
tests_unit_test_toc_LDADD = libdiscwright.la $(DW_LIBS)
EXTRA_DIST += tests/data/toc
check_PROGRAMS += tests/fuzz/fuzz_toc
tests_fuzz_fuzz_toc_SOURCES = tests/fuzz/fuzz_toc.c
tests_fuzz_fuzz_toc_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_toc_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# cdrdao .toc files read as cdrdao reads them (needs cdrdao).
TESTS += tests/toc_cdrdao.sh
EXTRA_DIST += tests/toc_cdrdao.sh tests/toc/compare.py
