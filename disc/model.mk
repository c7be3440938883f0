# disc/model.mk (included by disc/local.mk)
