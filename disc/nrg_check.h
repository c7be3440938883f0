/* nrg_check.h: our own structure check of a Nero (.nrg) image, run
 * before libcdio's NRG driver sees the file.  libcdio 2.1's parser
 * trusts the footer: it aborts on a failed assertion, reads past its
 * buffer or frees twice on inputs it does not expect.  The checker
 * accepts only footers whose every chunk that driver interprets is
 * well formed and bounded by the file (see doc/rip.md, "Nero images").
 * Library-internal. */
#ifndef DW_DISC_NRG_CHECK_H
#define DW_DISC_NRG_CHECK_H

#include <glib.h>
#include <stdint.h>

/* libcdio 2.1 reads at most this many bytes of footer (chunks + trailer). */
#define DW_NRG_FOOTER_MAX 4096u

/* Check the footer of an image of file_size bytes whose last tail_len
 * bytes are tail (tail_len = MIN(file_size, DW_NRG_FOOTER_MAX) is
 * enough).  name is used in messages.  On refusal: FALSE and
 * DW_ERROR_PARSE saying what is wrong and where. */
gboolean dw_nrg_check_tail(const uint8_t *tail, size_t tail_len, uint64_t file_size, const char *name,
                           GError **error);

/* The same for a file: reads its size and last bytes.  Errors opening or
 * reading it are DW_ERROR_NO_DEVICE (missing) or DW_ERROR_IO. */
gboolean dw_nrg_check_file(const char *path, GError **error);

#endif
