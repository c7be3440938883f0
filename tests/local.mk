# tests/local.mk: unit and CLI tests that belong to no single part.
check_PROGRAMS += tests/unit/test_job
TESTS += tests/unit/test_job
tests_unit_test_job_LDADD = libdiscwright.la $(DW_LIBS)
