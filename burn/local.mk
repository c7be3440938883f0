# burn/local.mk: writing media through libburn (issue 6).
libdiscwright_la_SOURCES += burn/burn_private.h burn/source_private.h burn/drives.c burn/media.c \
	burn/source.c burn/source_author.c burn/write.c burn/progress.c burn/verify_after.c burn/blank_format.c burn/ls.c burn/session.c burn/write_cue.c \
	burn/failure.c
dwinclude_HEADERS += include/discwright/burn.h

check_PROGRAMS += tests/unit/test_burn_session
TESTS += tests/unit/test_burn_session
tests_unit_test_burn_session_SOURCES = tests/unit/test_burn_session.c $(DWS_SOURCES)
tests_unit_test_burn_session_LDADD = libdiscwright.la $(DW_LIBS)

# Benchmark (not a test): discwright burn vs xorriso into a stdio: file.
EXTRA_DIST += tests/bench/bench_burn.sh
.PHONY: bench-burn
bench: bench-burn
bench-burn: cli/discwright$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/bench/bench_burn.sh ./cli/discwright$(EXEEXT) $(BENCH_MIB)

# Fuzz target of the ISO head parsing (tests/fuzz/corpus/isohead).
check_PROGRAMS += tests/fuzz/fuzz_isohead
tests_fuzz_fuzz_isohead_SOURCES = tests/fuzz/fuzz_isohead.c
tests_fuzz_fuzz_isohead_LDADD = $(FUZZ_MAIN) libdiscwright.la $(DW_LIBS)
tests_fuzz_fuzz_isohead_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)

# Burning through libburn's real drive path into the virtual recorder
# (tests/vdrive, --medium), each burnt disc read back.
TESTS += tests/burn_cd.sh tests/burn_dvd.sh tests/burn_faults.sh tests/burn_media.sh tests/burn_multi.sh tests/burn_cross.sh
EXTRA_DIST += tests/burn_lib.sh tests/burn_cd.sh tests/burn_dvd.sh tests/burn_faults.sh tests/burn_media.sh tests/burn_multi.sh tests/burn_cross.sh

# Benchmark (not a test): burning into the virtual recorder's speed model
# (DVD-R 16x and CD-R 48x, 2 ms a command) by discwright, xorriso -as
# cdrecord and cdrdao.  `make bench` runs it; `make bench-recorder` alone.
EXTRA_DIST += tests/bench/bench_recorder.sh
BENCH_REC_MIB ?= 512
.PHONY: bench-recorder
bench: bench-recorder
bench-recorder: cli/discwright$(EXEEXT) tests/vdrive/libdwvdrive.la tests/vdrive/dw-vdrive
	$(SHELL) $(top_srcdir)/tests/bench/bench_recorder.sh $(abs_top_builddir) $(BENCH_REC_MIB)
