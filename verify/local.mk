# verify/local.mk: build rules of verify/ (issues to come).
