# samples/local.mk: build rules of samples/ (included by Makefile.am).
# mksamples writes the ground-truth virtual discs into samples/out/
# (`make samples`; `make check` makes them before the tests run).
DWS_SOURCES = samples/samples.h samples/mini_iso.h samples/mini_iso.c \
	samples/audio_gen.c samples/sample_defs.c samples/sample_write.c

check_PROGRAMS += samples/mksamples
samples_mksamples_SOURCES = samples/mksamples.c $(DWS_SOURCES)
samples_mksamples_LDADD = libdiscwright.la $(DW_LIBS)

check_PROGRAMS += tests/unit/test_samples
TESTS += tests/unit/test_samples
tests_unit_test_samples_SOURCES = tests/unit/test_samples.c $(DWS_SOURCES) $(DWT_ASSERTS)
tests_unit_test_samples_LDADD = libdiscwright.la $(DW_LIBS)

samples/out/.stamp: samples/mksamples$(EXEEXT)
	@rm -rf samples/out.tmp
	@$(MKDIR_P) samples/out.tmp
	$(AM_V_GEN)./samples/mksamples$(EXEEXT) samples/out.tmp
	@rm -rf samples/out && mv samples/out.tmp samples/out && touch samples/out/.stamp

.PHONY: samples
samples: samples/out/.stamp

check_DATA = samples/out/.stamp

clean-local: clean-local-samples
.PHONY: clean-local-samples
clean-local-samples:
	-rm -rf samples/out samples/out.tmp
