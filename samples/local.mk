# samples/local.mk: the sample-disc maker.  `make samples` (and every
# `make check`) writes the ground-truth discs into samples/out/ of the
# build tree.
noinst_PROGRAMS += samples/mksamples
samples_mksamples_SOURCES = samples/mksamples.c samples/mini_iso.c samples/mini_iso.h
samples_mksamples_LDADD = libdiscwright.la $(DW_LIBS)

samples/out/.stamp: samples/mksamples$(EXEEXT)
	$(AM_V_GEN)rm -rf samples/out && $(MKDIR_P) samples/out && \
	./samples/mksamples$(EXEEXT) samples/out && touch $@
.PHONY: samples
samples: samples/out/.stamp
check_DATA = samples/out/.stamp
clean-local: clean-samples
clean-samples:
	rm -rf samples/out
