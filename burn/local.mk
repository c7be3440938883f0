# burn/local.mk: build rules of burn/ (issues to come).
