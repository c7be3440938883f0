# disc/sector.mk (included by disc/local.mk)
