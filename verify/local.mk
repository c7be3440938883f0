# verify/local.mk: build rules of verify/ (included by Makefile.am).
