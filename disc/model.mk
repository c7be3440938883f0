# disc/model.mk: the disc model, CD-TEXT, and the sheet formats
# (CloneCD .ccd, cdrdao .toc), with their tests.
libdiscwright_la_SOURCES += disc/model.c disc/cdtext.c disc/ccd_read.c disc/ccd_write.c
