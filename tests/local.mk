# tests/local.mk: unit and CLI tests that belong to no single part.
