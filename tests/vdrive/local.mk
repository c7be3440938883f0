# tests/vdrive/local.mk: the virtual MMC drive used by the tests (see
# DESIGN.md section 3): an LD_PRELOAD module, the same code linked into
# an in-process test, a fixture writer, the dw-vdrive wrapper script and
# the cross-checks against cdrdao, cdparanoia and cd-info.
VDRIVE_CORE = tests/vdrive/vd.h tests/vdrive/vd_util.c tests/vdrive/vd_image.c \
	tests/vdrive/vd_drive.c tests/vdrive/vd_mmc.c tests/vdrive/vd_mmc_read.c \
	tests/vdrive/vd_ioctl.c tests/vdrive/vd_preload.c tests/vdrive/vd_dvd.c \
	tests/vdrive/vd_changer.c tests/vdrive/vd_cache.c tests/vdrive/vd_sysfs.c $(VDRIVE_REC)
# The recorder (recordable media): tests/vdrive/vd_rec.h.
VDRIVE_REC = tests/vdrive/vd_rec.h tests/vdrive/vd_rec_medium.c tests/vdrive/vd_rec_json.c \
	tests/vdrive/vd_rec_cd.c tests/vdrive/vd_rec_cdtoc.c tests/vdrive/vd_rec_mmc.c tests/vdrive/vd_rec_toc.c \
	tests/vdrive/vd_rec_write.c

check_LTLIBRARIES += tests/vdrive/libdwvdrive.la
tests_vdrive_libdwvdrive_la_SOURCES = $(VDRIVE_CORE)
tests_vdrive_libdwvdrive_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere $(AM_LDFLAGS)
tests_vdrive_libdwvdrive_la_LIBADD = -ldl -lpthread

check_PROGRAMS += tests/vdrive/dw-mkfixture
tests_vdrive_dw_mkfixture_SOURCES = tests/vdrive/mkfixture.c tests/vdrive/fixture.c \
	tests/vdrive/fixture.h tests/vdrive/vd_util.c tests/vdrive/vd.h
tests_vdrive_dw_mkfixture_CFLAGS = $(AM_CFLAGS)

VDRIVE_TEST_SOURCES = tests/vdrive/vdtest.c tests/vdrive/vdtest.h tests/vdrive/fixture.c \
	tests/vdrive/fixture.h $(VDRIVE_CORE)
check_PROGRAMS += tests/unit/test_vdrive tests/unit/test_vdrive_discs tests/unit/test_vdrive_dvd
TESTS += tests/unit/test_vdrive tests/unit/test_vdrive_discs tests/unit/test_vdrive_dvd
# The read cache model (vd_cache.c).
check_PROGRAMS += tests/unit/test_vdrive_cache
TESTS += tests/unit/test_vdrive_cache
tests_unit_test_vdrive_cache_SOURCES = tests/unit/test_vdrive_cache.c $(VDRIVE_TEST_SOURCES)
tests_unit_test_vdrive_cache_CFLAGS = $(AM_CFLAGS)
tests_unit_test_vdrive_cache_LDFLAGS = -Wl,--export-dynamic $(AM_LDFLAGS)
tests_unit_test_vdrive_cache_LDADD = libdiscwright.la $(DW_LIBS) -ldl -lpthread
tests_unit_test_vdrive_SOURCES = tests/unit/test_vdrive.c $(VDRIVE_TEST_SOURCES)
tests_unit_test_vdrive_CFLAGS = $(AM_CFLAGS)
tests_unit_test_vdrive_LDFLAGS = -Wl,--export-dynamic $(AM_LDFLAGS)
tests_unit_test_vdrive_LDADD = libdiscwright.la $(DW_LIBS) -ldl -lpthread
tests_unit_test_vdrive_discs_SOURCES = tests/unit/test_vdrive_discs.c $(VDRIVE_TEST_SOURCES)
tests_unit_test_vdrive_discs_CFLAGS = $(AM_CFLAGS)
tests_unit_test_vdrive_discs_LDFLAGS = -Wl,--export-dynamic $(AM_LDFLAGS)
tests_unit_test_vdrive_discs_LDADD = libdiscwright.la $(DW_LIBS) -ldl -lpthread
tests_unit_test_vdrive_dvd_SOURCES = tests/unit/test_vdrive_dvd.c $(VDRIVE_TEST_SOURCES)
tests_unit_test_vdrive_dvd_CFLAGS = $(AM_CFLAGS)
tests_unit_test_vdrive_dvd_LDFLAGS = -Wl,--export-dynamic $(AM_LDFLAGS)
tests_unit_test_vdrive_dvd_LDADD = libdiscwright.la $(DW_LIBS) -ldl -lpthread

check_SCRIPTS += tests/vdrive/dw-vdrive
CLEANFILES += tests/vdrive/dw-vdrive
EXTRA_DIST += tests/vdrive/dw-vdrive.in tests/vdrive_tools.sh tests/vdrive/README.md
tests/vdrive/dw-vdrive: $(top_srcdir)/tests/vdrive/dw-vdrive.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/vdrive && \
	sed -e 's|@VDRIVE_LIBDIR@|$(abs_top_builddir)/tests/vdrive/.libs|g' \
	    $(top_srcdir)/tests/vdrive/dw-vdrive.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

TESTS += tests/vdrive_tools.sh

# Our rip against cdparanoia and cdrdao on the same virtual discs.
TESTS += tests/rip_cross.sh
EXTRA_DIST += tests/rip_cross.sh

# Benchmark (not a test): rip against cdrdao on the virtual drive's speed
# model, clean and with faults, plus a 4.7 GB DVD for memory.  `make
# bench` runs it (before bench_hash); `make bench-rip` alone.
EXTRA_DIST += tests/bench/bench_rip.sh
BENCH_RIP_SECTORS ?= 100000
.PHONY: bench-rip
bench-rip: cli/discwright$(EXEEXT) tests/vdrive/libdwvdrive.la tests/vdrive/dw-vdrive samples/out/.stamp
	$(SHELL) $(top_srcdir)/tests/bench/bench_rip.sh $(abs_top_builddir) $(BENCH_RIP_SECTORS)
bench: bench-rip

# Several drives with disc changers (vd_changer.c).
check_PROGRAMS += tests/unit/test_vdrive_changer
TESTS += tests/unit/test_vdrive_changer
tests_unit_test_vdrive_changer_SOURCES = tests/unit/test_vdrive_changer.c $(VDRIVE_TEST_SOURCES)
tests_unit_test_vdrive_changer_CFLAGS = $(AM_CFLAGS)
tests_unit_test_vdrive_changer_LDFLAGS = -Wl,--export-dynamic $(AM_LDFLAGS)
tests_unit_test_vdrive_changer_LDADD = libdiscwright.la $(DW_LIBS) -ldl -lpthread
