# burn/local.mk: build rules of burn/ (included by Makefile.am).
