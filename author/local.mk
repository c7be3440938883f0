# author/local.mk: ISO 9660 / Joliet / Rock Ridge / UDF authoring (issue #4).
