/* vdtest.h: shared set-up of the virtual drive's gtest programs: the
 * fixture discs written into a temporary directory, their bytes, and
 * helpers to (re)configure the in-process drive and run MMC commands
 * through libcdio.  Globals are owned here (vdtest_setup/_teardown).
 */
#ifndef DW_VDRIVE_VDTEST_H
#define DW_VDRIVE_VDTEST_H

#include <cdio/cdio.h>
#include <glib.h>
#include <stdint.h>

extern char *tmpdir;
extern char *ccd_path, *iso_path, *ms_path;
extern uint8_t *img_bytes, *sub_bytes;
extern gsize img_len, sub_len;

/* Defined by vd_preload.c: drop the drive so the next open re-reads the
 * environment. */
void dw_vdrive_reset(void);

/* Write the fixtures and load vdisc.img/.sub; g_error on failure. */
void vdtest_setup(void);
/* Remove the fixtures and free the globals. */
void vdtest_teardown(void);
/* Configure the drive (image plus NAME=VALUE strings) and open it. */
CdIo_t *open_drive(const char *image, const char *const *vars);
/* Run a 12-byte CDB (data in); ks gets sense key/ASC/ASCQ on failure. */
int run(CdIo_t *p, const uint8_t cdb12[12], void *buf, unsigned len, uint8_t ks[3]);
void read_cd_cdb(uint8_t c[12], int32_t lba, uint32_t n, int type, uint8_t b9, uint8_t sub);
/* Raw interleaved P-W from CloneCD's packed layout, written independently. */
void packed_to_raw(const uint8_t *packed, uint8_t raw[96]);
int bcd(uint8_t b);
/* Write a file in the temporary directory; returns its path (g_free). */
char *write_map(const char *name, const char *text);

#endif
