# author/local.mk: build rules of author/ (included by Makefile.am).
