# samples/local.mk: build rules of samples/ (included by Makefile.am).
