# catalog/local.mk: the catalog of archived discs (SQLite by default,
# PostgreSQL through libpq) with fixity checks over time, and the tests
# that exercise it.
libdiscwright_la_SOURCES += catalog/catalog_private.h catalog/db.h catalog/db.c catalog/db_sqlite.c \
	catalog/db_pg.c catalog/schema.c catalog/catalog.c catalog/disc.c catalog/ids.h catalog/ids.c \
	catalog/rip_record.c catalog/add.c catalog/query.c catalog/show.c catalog/fixity.c catalog/dat.c
dwinclude_HEADERS += include/discwright/catalog.h
libdiscwright_la_LIBADD += $(SQLITE_LIBS) $(JSONGLIB_LIBS) $(PQ_LIBS)
AM_CPPFLAGS += $(SQLITE_CFLAGS) $(JSONGLIB_CFLAGS) $(PQ_CFLAGS)

TESTS += tests/catalog_sqlite.sh tests/catalog_proof.sh
EXTRA_DIST += tests/catalog_sqlite.sh tests/catalog_proof.sh tests/catalog/checks.sh
TESTS += tests/catalog_pg.sh
EXTRA_DIST += tests/catalog_pg.sh

# Benchmark (not a test): a catalog of 100,000 discs / 2,000,000 files.
EXTRA_PROGRAMS += tests/bench/bench_catalog
tests_bench_bench_catalog_SOURCES = tests/bench/bench_catalog.c
tests_bench_bench_catalog_LDADD = libdiscwright.la $(DW_LIBS)
CLEANFILES += tests/bench/bench_catalog$(EXEEXT)
EXTRA_DIST += tests/bench/bench_catalog.sh
BENCH_CATALOG_DISCS ?= 100000
.PHONY: bench-catalog
bench-catalog: cli/discwright$(EXEEXT) tests/bench/bench_catalog$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/bench/bench_catalog.sh ./tests/bench/bench_catalog$(EXEEXT) ./cli/discwright$(EXEEXT) $(BENCH_CATALOG_DISCS)
bench: bench-catalog

# The DVD-Video disc id against libdvdread's (a test helper linked to it).
if HAVE_DVDREAD
check_PROGRAMS += tests/catalog/dvdid_ref
tests_catalog_dvdid_ref_SOURCES = tests/catalog/dvdid_ref.c
tests_catalog_dvdid_ref_CFLAGS = $(AM_CFLAGS) $(DVDREAD_CFLAGS)
tests_catalog_dvdid_ref_LDADD = $(DVDREAD_LIBS)
else
EXTRA_DIST += tests/catalog/dvdid_ref.c
endif
TESTS += tests/catalog_dvdid.sh
EXTRA_DIST += tests/catalog_dvdid.sh
