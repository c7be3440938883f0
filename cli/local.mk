# cli/local.mk: build rules of cli/ (included by Makefile.am).
