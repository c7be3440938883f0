# catalog/local.mk: the catalog of archived discs (SQLite by default,
# PostgreSQL through libpq) with fixity checks over time, and the tests
# that exercise it.
libdiscwright_la_SOURCES += catalog/catalog_private.h catalog/db.h catalog/db.c catalog/db_sqlite.c \
	catalog/db_pg.c catalog/schema.c catalog/catalog.c catalog/disc.c catalog/ids.h catalog/ids.c \
	catalog/rip_record.c catalog/add.c catalog/query.c catalog/show.c catalog/fixity.c catalog/dat.c
dwinclude_HEADERS += include/discwright/catalog.h
libdiscwright_la_LIBADD += $(SQLITE_LIBS) $(JSONGLIB_LIBS) $(PQ_LIBS)
AM_CPPFLAGS += $(SQLITE_CFLAGS) $(JSONGLIB_CFLAGS) $(PQ_CFLAGS)

TESTS += tests/catalog_sqlite.sh
EXTRA_DIST += tests/catalog_sqlite.sh tests/catalog/checks.sh
TESTS += tests/catalog_pg.sh
EXTRA_DIST += tests/catalog_pg.sh
