# tests/fuzz/local.mk: fuzz targets (wired up by the lead).
