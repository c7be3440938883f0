# verify/local.mk: build rules of verify/ (checks of images and discs).
libdiscwright_la_SOURCES += verify/report.c verify/hashlist.c verify/hashes.c verify/image.c \
	verify/rspc.c verify/sectors.c verify/compare.c verify/audio.c verify/ardb.c \
	verify/iso_check.c verify/udf_check.c verify/fs.c verify/fs_util.h
dwinclude_HEADERS += include/discwright/verify.h

VERIFY_TESTS = tests/verify_hashes.sh tests/verify_sectors.sh tests/verify_compare.sh tests/verify_audio.sh
TESTS += $(VERIFY_TESTS)
EXTRA_DIST += $(VERIFY_TESTS) tests/verify/split.py tests/verify/audiosums.py
libdiscwright_la_LIBADD += $(DISCID_LIBS)
AM_CPPFLAGS += $(DISCID_CFLAGS)
