# doc/local.mk: the part documents, and what is generated from the built
# discwright's command table so that it always matches --help: the manual
# pages (discwright(1) and one discwright-COMMAND(1) per command) and the
# bash completion.  Also the pkg-config file and the install check that
# `make installcheck` (and so distcheck) runs.
DW_COMMAND_PAGES = doc/discwright-drives.1 doc/discwright-info.1 doc/discwright-rip.1 \
	doc/discwright-refine.1 doc/discwright-verify.1 doc/discwright-author.1 doc/discwright-mkisofs.1 \
	doc/discwright-help.1 doc/discwright-burn.1 doc/discwright-media.1 doc/discwright-blank.1 \
	doc/discwright-format.1 doc/discwright-ls.1 doc/discwright-extract.1 doc/discwright-catalog.1 \
	doc/discwright-archive.1
DW_MAN_PAGES = doc/discwright.1 $(DW_COMMAND_PAGES)
man_MANS = $(DW_MAN_PAGES)
bashcompdir = $(datadir)/bash-completion/completions
bashcomp_DATA = doc/completion/discwright
CLEANFILES += $(DW_MAN_PAGES) $(bashcomp_DATA)
if ENABLE_GUI
dist_man_MANS += doc/discwright-gtk.1
else
EXTRA_DIST += doc/discwright-gtk.1
endif
dist_doc_DATA = doc/architecture.md doc/exit-codes.md doc/json.md doc/rip.md doc/author.md doc/boot.md \
	doc/burn.md doc/verify.md doc/gui.md doc/archive.md tests/vdrive/README.md
EXTRA_DIST += doc/screenshots

doc/discwright.1: cli/discwright$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && ./cli/discwright$(EXEEXT) --man > $@.tmp && mv $@.tmp $@
$(DW_COMMAND_PAGES): doc/discwright-%.1: cli/discwright$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && ./cli/discwright$(EXEEXT) --man=$* > $@.tmp && mv $@.tmp $@
doc/completion/discwright: cli/discwright$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc/completion && ./cli/discwright$(EXEEXT) --bash-completion > $@.tmp && mv $@.tmp $@

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = include/discwright.pc

# Manual pages, completion and help agree with the command table.
TESTS += tests/doc_man.sh
EXTRA_DIST += tests/doc_man.sh tests/installcheck.sh

# What `make install` put where (run by `make installcheck`, which
# distcheck runs after installing; distcheck's distuninstallcheck then
# checks that `make uninstall` left nothing behind).
installcheck-local:
	$(AM_V_at)DESTDIR='$(DESTDIR)' bindir='$(bindir)' libdir='$(libdir)' includedir='$(includedir)' \
	mandir='$(mandir)' bashcompdir='$(bashcompdir)' pkgconfigdir='$(pkgconfigdir)' datadir='$(datadir)' \
	docdir='$(docdir)' gui='$(DW_GUI)' CC='$(CC)' top_srcdir='$(abs_top_srcdir)' \
	$(SHELL) $(top_srcdir)/tests/installcheck.sh
if ENABLE_GUI
DW_GUI = yes
else
DW_GUI = no
endif

# The README's tour, run on the sample discs (tests/tour/run.py).
TESTS += tests/readme_tour.sh
EXTRA_DIST += tests/readme_tour.sh tests/tour/run.py tests/tour/scratched.map
