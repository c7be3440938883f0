# author/local.mk: ISO 9660 / Joliet / Rock Ridge / UDF authoring (issue #4).
libdiscwright_la_SOURCES += author/author_private.h author/tree.c author/names.c author/layout.c \
	author/iso9660.c author/rockridge.c author/relocate.c author/prev.c author/susp_read.c author/udf.c author/udf_desc.c \
	author/udf_private.h author/stream.c author/dirblocks.c author/eltorito.c author/hybrid.c \
	author/read_tree.c author/tree_private.h author/tree_iso.c author/tree_udf.c author/extract.c \
	author/rr_read.c author/rr_read.h
dwinclude_HEADERS += include/discwright/author.h include/discwright/extract.h

check_PROGRAMS += tests/unit/test_author
TESTS += tests/unit/test_author
tests_unit_test_author_LDADD = libdiscwright.la $(DW_LIBS)

# Benchmark (not a test): `make bench-author`, also run by `make bench`.
EXTRA_DIST += tests/bench/bench_author.sh
BENCH_AUTHOR_MIB ?= 1024
.PHONY: bench-author
bench-author: cli/discwright$(EXEEXT)
	$(SHELL) $(top_srcdir)/tests/bench/bench_author.sh ./cli/discwright$(EXEEXT) $(BENCH_AUTHOR_MIB)
bench: bench-author

