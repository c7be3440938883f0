# cli/local.mk: the discwright command and its tests.
bin_PROGRAMS += cli/discwright
cli_discwright_SOURCES = cli/cli.h cli/main.c cli/commands.c cli/help.c cli/man.c cli/output.c \
	cli/cmd_drives.c cli/cmd_info.c cli/progress.c cli/cmd_rip.c
cli_discwright_SOURCES += cli/burn_common.h cli/burn_progress.c cli/cmd_burn.c cli/cmd_burn_cue.c cli/cmd_media.c cli/cmd_blank.c cli/cmd_ls.c
cli_discwright_LDADD = libdiscwright.la $(DW_LIBS)

TESTS += tests/cli_basic.sh tests/cli_info.sh tests/cli_info_vdrive.sh tests/rip_vdrive.sh
EXTRA_DIST += tests/cli_basic.sh tests/cli_info.sh tests/cli_info_vdrive.sh tests/rip_vdrive.sh tests/rip_check.py
cli_discwright_SOURCES += cli/cmd_verify.c
cli_discwright_SOURCES += cli/cmd_author.c cli/cmd_author.h cli/cmd_mkisofs.c cli/mkisofs_opts.c cli/mkisofs_opts.h cli/boot_opts.c cli/cmd_extract.c
TESTS += tests/author_iso.sh tests/author_udf.sh tests/author_big.sh tests/author_udf_aed.sh tests/author_multi.sh tests/author_boot.sh \
	tests/author_extract.sh tests/mkisofs_recipes.sh tests/mkisofs_opts.sh
EXTRA_DIST += tests/author_iso.sh tests/author_udf.sh tests/author_big.sh tests/author_udf_aed.sh tests/author_multi.sh tests/author_boot.sh \
	tests/author_extract.sh tests/author/treetool.py tests/author/hostile.py tests/boot_lib.sh \
	tests/mkisofs_recipes.sh tests/mkisofs_opts.sh
TESTS += tests/cli_burn.sh
EXTRA_DIST += tests/cli_burn.sh
# Audio rips proven against AccurateRip/CTDB answers built from the truth.
TESTS += tests/rip_audio.sh tests/rip_cache.sh tests/rip_block.sh
EXTRA_DIST += tests/rip_audio.sh tests/rip_cache.sh tests/rip_block.sh tests/audio/ardb.py tests/audio/check_files.py
# Benchmark (not a test): secure audio ripping on the speed model against
# whipper-style test and copy and cdparanoia.  `make bench` runs it;
# `make bench-audio` alone.
EXTRA_DIST += tests/bench/bench_audio.sh
BENCH_AUDIO_SECTORS ?= 30000
.PHONY: bench-audio
bench-audio: cli/discwright$(EXEEXT) tests/vdrive/libdwvdrive.la tests/vdrive/dw-vdrive samples/out/.stamp
	$(SHELL) $(top_srcdir)/tests/bench/bench_audio.sh $(abs_top_builddir) $(BENCH_AUDIO_SECTORS)
bench: bench-audio
cli_discwright_SOURCES += cli/cmd_catalog.h cli/cmd_catalog.c cli/cmd_catalog_fix.c
cli_discwright_SOURCES += cli/cmd_archive.c cli/rip_audio_opts.c cli/rip_audio_opts.h
