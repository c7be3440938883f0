# archive/local.mk: ripping a shelf of discs on every drive at once into
# a library and the catalog.
libdiscwright_la_SOURCES += archive/archive_private.h archive/archive.c archive/worker.c archive/journal.c \
	archive/name.c
dwinclude_HEADERS += include/discwright/archive.h

TESTS += tests/archive.sh
EXTRA_DIST += tests/archive.sh
check_PROGRAMS += tests/unit/test_archive
TESTS += tests/unit/test_archive
tests_unit_test_archive_LDADD = libdiscwright.la $(DW_LIBS)
