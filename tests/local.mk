# tests/local.mk: unit and CLI tests that belong to no single part.
check_PROGRAMS += tests/unit/test_job
TESTS += tests/unit/test_job
tests_unit_test_job_LDADD = libdiscwright.la $(DW_LIBS)

# Benchmarks (not tests): `make bench`.
EXTRA_PROGRAMS += tests/bench/dwhash
tests_bench_dwhash_SOURCES = tests/bench/dwhash.c
tests_bench_dwhash_LDADD = libdiscwright.la $(DW_LIBS)
CLEANFILES += tests/bench/dwhash$(EXEEXT)
EXTRA_DIST += tests/bench/bench_hash.sh
.PHONY: bench
bench: tests/bench/dwhash$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/bench/bench_hash.sh ./tests/bench/dwhash$(EXEEXT) $(BENCH_MIB)
BENCH_MIB ?= 1024

# Shared model comparisons for the round-trip tests.
DWT_ASSERTS = tests/unit/disc_asserts.c tests/unit/disc_asserts.h

# Screenshots the GUI tests take (tests/gui_app.sh).
clean-local: clean-local-gui-shots
.PHONY: clean-local-gui-shots
clean-local-gui-shots:
	-rm -rf tests/gui/screenshots

# What a first run meets (issue 19): libcdio's log, sources that are not
# drives or images, progress without a total, info's times, ls types.
TESTS += tests/cli_first_run.sh
EXTRA_DIST += tests/cli_first_run.sh
# Hostile and valid Nero images (the footer check before libcdio's driver).
TESTS += tests/nrg_hostile.sh
EXTRA_DIST += tests/nrg_hostile.sh tests/mknrg.py

# The GUI burning to the virtual recorder (issue 13): an ISO left open,
# then the author project closing the disc; skips without the GUI.
TESTS += tests/gui_recorder.sh
EXTRA_DIST += tests/gui_recorder.sh
