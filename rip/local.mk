# rip/local.mk: reading discs.  For now the probe (what a drive or image
# holds) and the drive list; the ripper itself is issue #3.
libdiscwright_la_SOURCES += rip/mmc.c rip/mmc.h rip/probe.c rip/probe_device.c rip/probe_image.c rip/probe_q.c rip/probe_ccd.c rip/probe_cue.c \
	rip/source_check.c rip/drives.c rip/probe_private.h disc/disc_json.c disc/json.c
dwinclude_HEADERS += include/discwright/probe.h include/discwright/json.h
libdiscwright_la_SOURCES += rip/rip.c rip/rip_private.h rip/rip_read.c rip/rip_block.c rip/rip_ahead.c rip/rip_dump.c rip/rip_passes.c \
	rip/rip_derive.c rip/rip_offset.c rip/rip_outputs.c rip/rip_log.c rip/rip_dvd.c rip/rip_image.c rip/tray.c
dwinclude_HEADERS += include/discwright/rip.h
# Audio: the drive cache, settling reads, proof, offsets, track files, cue, log.
libdiscwright_la_SOURCES += rip/rip_cache.c rip/rip_secure.c rip/rip_audio.c rip/rip_audio_private.h \
	rip/rip_audio_out.c rip/rip_audio_cue.c rip/rip_metadata.c rip/rip_eaclog.c
libdiscwright_la_LIBADD += $(FLAC_LIBS) $(JSONGLIB_LIBS)
AM_CPPFLAGS += $(FLAC_CFLAGS) $(JSONGLIB_CFLAGS)
