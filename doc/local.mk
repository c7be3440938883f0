# doc/local.mk: the manual page and the bash completion, both generated
# from the built discwright (so they always match its command table),
# and the hand-written reference pages.
man_MANS = doc/discwright.1
bashcompdir = $(datadir)/bash-completion/completions
bashcomp_DATA = doc/completion/discwright
CLEANFILES += $(man_MANS) $(bashcomp_DATA)
dist_doc_DATA = doc/exit-codes.md doc/json.md doc/rip.md doc/author.md doc/boot.md doc/verify.md doc/gui.md \
	doc/burn.md doc/archive.md

doc/discwright.1: cli/discwright$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && ./cli/discwright$(EXEEXT) --man > $@.tmp && mv $@.tmp $@
doc/completion/discwright: cli/discwright$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc/completion && ./cli/discwright$(EXEEXT) --bash-completion > $@.tmp && mv $@.tmp $@
