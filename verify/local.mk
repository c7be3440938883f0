# verify/local.mk: build rules of verify/ (checks of images and discs).
libdiscwright_la_SOURCES += verify/report.c verify/hashlist.c verify/hashes.c verify/image.c \
	verify/rspc.c verify/sectors.c verify/compare.c verify/audio.c verify/ardb.c \
	verify/iso_check.c verify/udf_check.c verify/fs.c verify/fs_util.h verify/boot_info.c \
	verify/dvd_check.c verify/dvd_check.h
dwinclude_HEADERS += include/discwright/verify.h

VERIFY_TESTS = tests/verify_hashes.sh tests/verify_sectors.sh tests/verify_compare.sh tests/verify_audio.sh tests/verify_fs.sh
TESTS += $(VERIFY_TESTS)
EXTRA_DIST += $(VERIFY_TESTS) tests/verify/split.py tests/verify/audiosums.py tests/verify/damage.py
libdiscwright_la_LIBADD += $(DISCID_LIBS)
AM_CPPFLAGS += $(DISCID_CFLAGS)

check_PROGRAMS += tests/unit/test_verify
TESTS += tests/unit/test_verify
tests_unit_test_verify_LDADD = libdiscwright.la $(DW_LIBS)

# Benchmark (not a test): verify's one-read hashing on a 4 GiB image.
EXTRA_DIST += tests/bench/bench_verify.sh
BENCH_VERIFY_MIB ?= 4096
.PHONY: bench-verify
bench-verify: cli/discwright$(EXEEXT) tests/bench/dwhash$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/bench/bench_verify.sh ./cli/discwright$(EXEEXT) ./tests/bench/dwhash$(EXEEXT) $(BENCH_VERIFY_MIB)
bench: bench-verify
