# gui/local.mk: build rules of gui/ (included by Makefile.am).
