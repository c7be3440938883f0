# doc/local.mk: build rules of doc/ (included by Makefile.am).
