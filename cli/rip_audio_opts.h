/* rip_audio_opts.h: the audio options shared by `rip`, `refine` and
 * `archive` (AccurateRip/CTDB answers, offsets list, track files, tags,
 * cache defeat, test and copy): one table of GOptionEntry over one
 * struct, and the step that turns them into dw_rip_options.  The strings
 * belong to the option parser (GLib) for the life of the process. */
#ifndef DW_CLI_RIP_AUDIO_OPTS_H
#define DW_CLI_RIP_AUDIO_OPTS_H

#include <discwright/discwright.h>

typedef struct {
    char *ardb, *ctdb, *drive_offsets, *audio, *metadata, *cache_defeat;
    gboolean online, deemphasis, no_test;
    int flac_level;              /* -1 = default */
} dw_cli_audio_opts;

/* Where the options write (flac_level starts at -1). */
extern dw_cli_audio_opts dw_cli_audio;
/* The entries, to be listed inside a command's GOptionEntry table. */
#define DW_CLI_AUDIO_OPTIONS \
    { "accuraterip-db", 0, 0, G_OPTION_ARG_FILENAME, &dw_cli_audio.ardb, \
      "AccurateRip answers: a dBAR-NNN-...bin file, or a folder of them (also in the server's c/b/a/ layout)", \
      "FILE|DIR" }, \
    { "ctdb", 0, 0, G_OPTION_ARG_FILENAME, &dw_cli_audio.ctdb, "A CTDB lookup answer (the XML of lookup2.php)", \
      "FILE" }, \
    { "drive-offsets", 0, 0, G_OPTION_ARG_FILENAME, &dw_cli_audio.drive_offsets, \
      "AccurateRip's drive offset list (DriveOffsets.bin) for --offset auto", "FILE" }, \
    { "online", 0, 0, G_OPTION_ARG_NONE, &dw_cli_audio.online, \
      "Fetch what is not given from AccurateRip and CTDB over HTTP (cached in ~/.cache/discwright)", NULL }, \
    { "audio", 0, 0, G_OPTION_ARG_STRING, &dw_cli_audio.audio, \
      "Track files: flac (default when the disc has audio), wav or none", "FORMAT" }, \
    { "flac-level", 0, 0, G_OPTION_ARG_INT, &dw_cli_audio.flac_level, "FLAC compression level 0-8 (default 5)", \
      "N" }, \
    { "metadata", 0, 0, G_OPTION_ARG_FILENAME, &dw_cli_audio.metadata, \
      "Tags and cue text from a MusicBrainz release (JSON of the web service)", "FILE" }, \
    { "deemphasis", 0, 0, G_OPTION_ARG_NONE, &dw_cli_audio.deemphasis, \
      "De-emphasise tracks flagged PRE in the track files (the dump keeps the disc's audio)", NULL }, \
    { "cache-defeat", 0, 0, G_OPTION_ARG_STRING, &dw_cli_audio.cache_defeat, \
      "Getting past the drive's audio cache before re-reads: auto (evict), evict, fua (drives known to " \
      "honour FUA) or none", \
      "HOW" }, \
    { "no-test-copy", 0, 0, G_OPTION_ARG_NONE, &dw_cli_audio.no_test, \
      "Do not read tracks no database proves a second time (test and copy)", NULL }

/* Fill ro's audio fields from dw_cli_audio; FALSE with DW_ERROR_USAGE
 * naming the option on a bad value. */
gboolean dw_cli_audio_apply(dw_rip_options *ro, GError **error);

#endif
