# author/local.mk: ISO 9660 / Joliet / Rock Ridge / UDF authoring (issue #4).
libdiscwright_la_SOURCES += author/author_private.h author/tree.c author/names.c author/layout.c \
	author/iso9660.c author/rockridge.c author/udf.c author/stream.c
dwinclude_HEADERS += include/discwright/author.h
