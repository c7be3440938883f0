# disc/local.mk: the shared core (error domain, jobs) and the fragments
# of the other disc/ pieces.
libdiscwright_la_SOURCES += disc/error.c disc/job.c disc/job_private.h disc/cdio_log.c disc/cdio_log.h \
	disc/parse_error.c disc/parse_error.h disc/dvd_ifo.c disc/dvd_ifo.h
dwinclude_HEADERS += include/discwright/discwright.h include/discwright/error.h \
	include/discwright/job.h include/discwright/msf.h include/discwright/sector.h \
	include/discwright/subq.h include/discwright/model.h include/discwright/cdtext.h \
	include/discwright/sheet.h include/discwright/mapfile.h include/discwright/hash.h

include disc/sector.mk
include disc/cue.mk
include disc/model.mk
