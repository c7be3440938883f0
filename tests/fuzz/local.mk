# tests/fuzz/local.mk: fuzz targets for every parser.
#
# An ordinary build links each target with tests/fuzz/standalone.c (a
# repeatable mutation driver) and `make check` runs it over the corpus
# and regression fixtures plus FUZZ_RUNS mutated inputs.  Configured
# with --enable-fuzzing (CC=clang), the same targets link with libFuzzer
# and the check runs coverage-guided; `make fuzz-long` runs each target
# for FUZZ_LONG_RUNS executions.
FUZZ_TARGETS = cue cdtext ccd toc mapfile
FUZZ_TARGETS += isohead
FUZZ_RUNS ?= 20000
FUZZ_LONG_RUNS ?= 1000000

if ENABLE_FUZZING
FUZZ_MAIN =
FUZZ_LINK = $(FUZZ_LDFLAGS)
else
check_LIBRARIES = tests/fuzz/libfuzzmain.a
tests_fuzz_libfuzzmain_a_SOURCES = tests/fuzz/standalone.c
FUZZ_MAIN = tests/fuzz/libfuzzmain.a
FUZZ_LINK =
endif
EXTRA_DIST += tests/fuzz/standalone.c

check_PROGRAMS += tests/fuzz/fuzz_cdtext tests/fuzz/fuzz_ccd
tests_fuzz_fuzz_cdtext_SOURCES = tests/fuzz/fuzz_cdtext.c
tests_fuzz_fuzz_cdtext_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_cdtext_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_ccd_SOURCES = tests/fuzz/fuzz_ccd.c
tests_fuzz_fuzz_ccd_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_ccd_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

TESTS += tests/fuzz_run.sh
EXTRA_DIST += tests/fuzz_run.sh
# The corpus folders (seeds + one regression fixture per bug found).
EXTRA_DIST += tests/fuzz/corpus

AM_TESTS_ENVIRONMENT += FUZZ_TARGETS='$(FUZZ_TARGETS)'; export FUZZ_TARGETS; \
	FUZZ_RUNS='$(FUZZ_RUNS)'; export FUZZ_RUNS;

.PHONY: fuzz-long
fuzz-long: $(check_PROGRAMS)
	cd $(top_builddir) && top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  FUZZ_TARGETS='$(FUZZ_TARGETS)' FUZZ_RUNS='$(FUZZ_LONG_RUNS)' \
	  $(SHELL) '$(abs_top_srcdir)/tests/fuzz_run.sh'

# verify: the ISO 9660 and UDF checkers and the hash list / AccurateRip parsers.
FUZZ_TARGETS += iso_check udf_check hashlist
FUZZ_TARGETS += boot_info
check_PROGRAMS += tests/fuzz/fuzz_boot_info
tests_fuzz_fuzz_boot_info_SOURCES = tests/fuzz/fuzz_boot_info.c tests/fuzz/fs_sparse.h
tests_fuzz_fuzz_boot_info_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_boot_info_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
check_PROGRAMS += tests/fuzz/fuzz_iso_check tests/fuzz/fuzz_udf_check tests/fuzz/fuzz_hashlist
tests_fuzz_fuzz_iso_check_SOURCES = tests/fuzz/fuzz_iso_check.c tests/fuzz/fs_sparse.h
tests_fuzz_fuzz_iso_check_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_iso_check_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_udf_check_SOURCES = tests/fuzz/fuzz_udf_check.c tests/fuzz/fs_sparse.h
tests_fuzz_fuzz_udf_check_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_udf_check_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_hashlist_SOURCES = tests/fuzz/fuzz_hashlist.c
tests_fuzz_fuzz_hashlist_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_hashlist_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
EXTRA_DIST += tests/fuzz/mkseed_fs.py
# Fuzz target for the --sort weights parser.
FUZZ_TARGETS += sortweights
check_PROGRAMS += tests/fuzz/fuzz_sortweights
tests_fuzz_fuzz_sortweights_SOURCES = tests/fuzz/fuzz_sortweights.c
tests_fuzz_fuzz_sortweights_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_sortweights_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# Fuzz target for the previous-session reader of multisession authoring.
FUZZ_TARGETS += author_prev
check_PROGRAMS += tests/fuzz/fuzz_author_prev
tests_fuzz_fuzz_author_prev_SOURCES = tests/fuzz/fuzz_author_prev.c
tests_fuzz_fuzz_author_prev_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_author_prev_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# extract / ls: the readers of the image trees (author/): Rock Ridge
# records (rr_read), the ISO 9660 / Joliet / Rock Ridge tree walk and the
# UDF tree walk (tree_iso.c, tree_udf.c through dw_tree_read_src).
FUZZ_TARGETS += rr_read iso_tree udf_tree
check_PROGRAMS += tests/fuzz/fuzz_rr_read tests/fuzz/fuzz_iso_tree tests/fuzz/fuzz_udf_tree
tests_fuzz_fuzz_rr_read_SOURCES = tests/fuzz/fuzz_rr_read.c
tests_fuzz_fuzz_rr_read_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_rr_read_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_iso_tree_SOURCES = tests/fuzz/fuzz_iso_tree.c tests/fuzz/tree_check.h
tests_fuzz_fuzz_iso_tree_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_iso_tree_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_udf_tree_SOURCES = tests/fuzz/fuzz_udf_tree.c tests/fuzz/tree_check.h
tests_fuzz_fuzz_udf_tree_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_udf_tree_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
