# tests/dvd/local.mk: DVD-Video authoring read back through libdvdread
# (tests/author_dvd.sh; dvdread_check is built only where libdvdread is)
# and BDMV authoring read back through libbluray (tests/author_bd.sh).
TESTS += tests/author_dvd.sh tests/author_bd.sh
EXTRA_DIST += tests/author_dvd.sh tests/dvd/mkdvd.sh tests/author_bd.sh tests/bd/mkbdmv.py
if HAVE_DVDREAD
check_PROGRAMS += tests/dvd/dvdread_check
tests_dvd_dvdread_check_SOURCES = tests/dvd/dvdread_check.c
tests_dvd_dvdread_check_CFLAGS = $(AM_CFLAGS) $(DVDREAD_CFLAGS)
tests_dvd_dvdread_check_LDADD = $(DVDREAD_LIBS)
else
EXTRA_DIST += tests/dvd/dvdread_check.c
endif
