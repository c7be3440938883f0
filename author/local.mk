# author/local.mk: ISO 9660 / Joliet / Rock Ridge / UDF authoring (issue #4).
libdiscwright_la_SOURCES += author/author_private.h author/tree.c author/names.c author/layout.c \
	author/iso9660.c author/rockridge.c author/relocate.c author/prev.c author/susp_read.c author/udf.c author/udf_desc.c \
	author/udf_private.h author/stream.c author/dirblocks.c author/eltorito.c author/hybrid.c author/sysarea.c author/hfsplus.c \
	author/read_tree.c author/tree_private.h author/tree_iso.c author/tree_udf.c author/extract.c author/rr_read.c author/rr_read.h \
	author/dvdvideo.c author/bdmv.c
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


# The read side on hostile images (issue 14): real authored images with
# mutated metadata through info, ls, verify --fs and extract.  A few
# hundred mutants in `make check` (fewer under the sanitizers, whose
# start-up dominates), thousands in `make fuzz-long`.
TESTS += tests/author_mutate.sh
EXTRA_DIST += tests/author_mutate.sh tests/author/mutate.py tests/author/rr_loop.py
if ENABLE_SANITIZERS
MUTATE_DEFAULT = 60
else
MUTATE_DEFAULT = 200
endif
MUTATE_COUNT ?= $(MUTATE_DEFAULT)
MUTATE_LONG_COUNT ?= 3000
MUTATE_LONG_SEED ?= 2
AM_TESTS_ENVIRONMENT += MUTATE_COUNT='$(MUTATE_COUNT)'; export MUTATE_COUNT;
.PHONY: fuzz-long-mutate
fuzz-long: fuzz-long-mutate
fuzz-long-mutate: cli/discwright$(EXEEXT)
	cd $(top_builddir) && top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  MUTATE_COUNT='$(MUTATE_LONG_COUNT)' MUTATE_SEED='$(MUTATE_LONG_SEED)' \
	  $(SHELL) '$(abs_top_srcdir)/tests/author_mutate.sh'
