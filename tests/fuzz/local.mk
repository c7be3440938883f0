# tests/fuzz/local.mk: build rules of tests/fuzz/ (included by Makefile.am).
