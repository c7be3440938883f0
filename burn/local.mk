# burn/local.mk: writing media through libburn (issue 6).
libdiscwright_la_SOURCES += burn/burn_private.h burn/source_private.h burn/drives.c burn/media.c \
	burn/source.c burn/write.c burn/progress.c burn/verify_after.c burn/blank_format.c burn/ls.c
dwinclude_HEADERS += include/discwright/burn.h
