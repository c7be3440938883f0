# disc/sector.mk: sector math (MSF, EDC/ECC, scrambler, Q subchannel)
# and one-pass hashing, with their unit tests.
libdiscwright_la_SOURCES += disc/msf.c disc/edc_ecc.c disc/scramble.c disc/sector.c \
	disc/subq.c disc/hash.c

check_PROGRAMS += tests/unit/test_msf tests/unit/test_sector tests/unit/test_subq tests/unit/test_hash
TESTS += tests/unit/test_msf tests/unit/test_sector tests/unit/test_subq tests/unit/test_hash
tests_unit_test_msf_LDADD = libdiscwright.la $(DW_LIBS)
tests_unit_test_sector_LDADD = libdiscwright.la $(DW_LIBS)
tests_unit_test_subq_LDADD = libdiscwright.la $(DW_LIBS)
tests_unit_test_hash_LDADD = libdiscwright.la $(DW_LIBS)
