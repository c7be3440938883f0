/* sheet.h: reading and writing the text descriptions of CD images:
 * cue sheets (redump conventions), CloneCD .ccd, and cdrdao .toc.
 *
 * Parsers take the text and a name used in messages; on bad input they
 * fail with DW_ERROR_PARSE and a message "NAME:LINE:COL: what".  They
 * never read the data files the sheet names; paths stay as written.
 * Returned dw_disc objects are owned by the caller (dw_disc_free).
 * Writers return newly allocated text (g_free).
 */
#ifndef DISCWRIGHT_SHEET_H
#define DISCWRIGHT_SHEET_H

#include <glib.h>
#include <stddef.h>
#include "model.h"

G_BEGIN_DECLS

/* ---- cue sheets ---------------------------------------------------- */
/* Parse a cue sheet.  Times are relative to each FILE; because the parser
 * does not open the files, absolute LBAs are assigned assuming each FILE's
 * length is known through file_sectors (may be NULL: then a FILE's length
 * is taken as ending where the next FILE's first track starts, which is
 * exact for one-file-per-track sheets whose pregaps are stored).
 * file_sectors(path, sector_size, user) returns the number of sectors in
 * the named file, or -1 if unknown. */
typedef int64_t (*dw_file_sectors_fn)(const char *path, uint32_t sector_size, void *user);
dw_disc *dw_cue_parse(const char *text, size_t len, const char *name,
                      dw_file_sectors_fn file_sectors, void *user, GError **error);
/* Read a cue file from disk; file sizes are taken from files beside it
 * (FLAC and WAV files by their sample count, 588 samples a sector).
 * A CDTEXTFILE beside the sheet that holds CD-TEXT packs replaces the
 * sheet's own TITLE/PERFORMER/... lines (it carries every language
 * block, the sheet only the first); a missing or unreadable one is
 * ignored, as players do. */
dw_disc *dw_cue_read_file(const char *path, GError **error);

typedef struct {
    const char *basename;        /* "Disc" -> "Disc (Track 1).bin"; required */
    gboolean single_file;        /* one FILE "<basename>.bin" for the whole disc */
    gboolean cdtext;             /* write CD-TEXT as TITLE/PERFORMER/... */
    const char *cdtextfile;      /* NULL, or a CDTEXTFILE "name" line: the caller writes that file
                                    (every CD-TEXT block, dw_cdtext_file_build) */
} dw_cue_write_opts;
/* Write a redump-style cue sheet (pregaps stored, INDEX 00 where a pregap
 * exists, REM SESSION/LEAD-OUT/LEAD-IN/PREGAP for multisession). */
char *dw_cue_write(const dw_disc *disc, const dw_cue_write_opts *opts);
/* The BIN file name for a track under the options above (owned by caller). */
char *dw_cue_track_filename(const dw_disc *disc, const dw_cue_write_opts *opts, int track_number);

/* Samples (stereo frames) of CD audio in a FLAC or WAV file, from its
 * first bytes (data, len; file_size for WAV's data chunk); false when it
 * is neither, or not 44.1 kHz 16-bit stereo.  dw_audiofile_samples reads
 * a file's first 64 KiB (-1 when not one of them). */
bool dw_audiofile_samples_of(const uint8_t *data, size_t len, uint64_t file_size, uint64_t *samples);
int64_t dw_audiofile_samples(const char *path);

/* ---- CloneCD ------------------------------------------------------- */
/* Parse a .ccd: [CloneCD], [Disc], [CDText], [Session n], [Entry n],
 * [TRACK n].  Fills disc->toc from the entries and derives sessions and
 * tracks from it (dw_disc_from_toc), then INDEX/ISRC/MODE from [TRACK n]. */
dw_disc *dw_ccd_parse(const char *text, size_t len, const char *name, GError **error);
dw_disc *dw_ccd_read_file(const char *path, GError **error);
/* Write a .ccd (Version=3) from disc->toc (built with dw_disc_build_toc
 * when empty), CD-TEXT, tracks, indexes and ISRCs. */
char *dw_ccd_write(const dw_disc *disc);

/* ---- cdrdao toc ---------------------------------------------------- */
/* Parse a cdrdao .toc: CD_DA/CD_ROM/CD_ROM_XA/CD_I, CATALOG, CD_TEXT
 * (LANGUAGE_MAP, LANGUAGE blocks), TRACK modes with sub-channel mode,
 * ISRC, COPY/NO COPY, PRE_EMPHASIS, FOUR/TWO_CHANNEL_AUDIO, SILENCE,
 * ZERO, FILE/AUDIOFILE/DATAFILE with start/length, START, PREGAP, INDEX. */
dw_disc *dw_toc_parse(const char *text, size_t len, const char *name,
                      dw_file_sectors_fn file_sectors, void *user, GError **error);
dw_disc *dw_toc_read_file(const char *path, GError **error);
/* Write a cdrdao toc that refers to one BIN (data_file) holding the whole
 * disc as 2352-byte sectors from the first track's pregap. */
char *dw_toc_write(const dw_disc *disc, const char *data_file);

G_END_DECLS

#endif
