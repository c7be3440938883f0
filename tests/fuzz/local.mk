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

# DVD-Video IFO layout (disc/dvd_ifo.c): author --dvd-video and verify --fs.
FUZZ_TARGETS += dvd_ifo
check_PROGRAMS += tests/fuzz/fuzz_dvd_ifo
tests_fuzz_fuzz_dvd_ifo_SOURCES = tests/fuzz/fuzz_dvd_ifo.c
tests_fuzz_fuzz_dvd_ifo_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_dvd_ifo_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# cli: xorriso's interval reader descriptions and their zeroizers (mkisofs).
FUZZ_TARGETS += interval
check_PROGRAMS += tests/fuzz/fuzz_interval
tests_fuzz_fuzz_interval_SOURCES = tests/fuzz/fuzz_interval.c cli/boot_opts.c
tests_fuzz_fuzz_interval_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_interval_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# Audio databases: AccurateRip responses, CTDB answers, the drive offset list.
FUZZ_TARGETS += ardb ctdb driveoffsets
check_PROGRAMS += tests/fuzz/fuzz_ardb tests/fuzz/fuzz_ctdb tests/fuzz/fuzz_driveoffsets
tests_fuzz_fuzz_ardb_SOURCES = tests/fuzz/fuzz_ardb.c
tests_fuzz_fuzz_ardb_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_ardb_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_ctdb_SOURCES = tests/fuzz/fuzz_ctdb.c
tests_fuzz_fuzz_ctdb_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_ctdb_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_driveoffsets_SOURCES = tests/fuzz/fuzz_driveoffsets.c
tests_fuzz_fuzz_driveoffsets_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_driveoffsets_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# The FLAC/WAV length readers of the cue reader.
FUZZ_TARGETS += audiofile
check_PROGRAMS += tests/fuzz/fuzz_audiofile
tests_fuzz_fuzz_audiofile_SOURCES = tests/fuzz/fuzz_audiofile.c
tests_fuzz_fuzz_audiofile_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_audiofile_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

# The virtual recorder's parsers (medium.json, lead-in CD-TEXT): tests/vdrive.
FUZZ_TARGETS += vdrive_rec
check_PROGRAMS += tests/fuzz/fuzz_vdrive_rec
tests_fuzz_fuzz_vdrive_rec_SOURCES = tests/fuzz/fuzz_vdrive_rec.c $(VDRIVE_CORE)
tests_fuzz_fuzz_vdrive_rec_CFLAGS = $(AM_CFLAGS)
tests_fuzz_fuzz_vdrive_rec_LDADD = $(FUZZ_MAIN) -ldl -lpthread
tests_fuzz_fuzz_vdrive_rec_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
# catalog and archive: a rip's BASE.json read back, and folder names.
FUZZ_TARGETS += rip_json archive_name
check_PROGRAMS += tests/fuzz/fuzz_rip_json tests/fuzz/fuzz_archive_name
tests_fuzz_fuzz_rip_json_SOURCES = tests/fuzz/fuzz_rip_json.c
tests_fuzz_fuzz_rip_json_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_rip_json_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_fuzz_archive_name_SOURCES = tests/fuzz/fuzz_archive_name.c
tests_fuzz_fuzz_archive_name_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_archive_name_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
