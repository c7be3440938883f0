# tests/vdrive/local.mk: build rules of tests/vdrive/ (included by Makefile.am).
