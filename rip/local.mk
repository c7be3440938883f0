# rip/local.mk: build rules of rip/ (included by Makefile.am).
