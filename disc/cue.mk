# disc/cue.mk (included by disc/local.mk)
