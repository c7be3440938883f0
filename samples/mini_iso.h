/* mini_iso.h: a deliberately small ISO 9660 writer for the sample discs:
 * one root directory with files and at most one level of subdirectory,
 * both path tables, fixed dates, optional CD-ROM XA system-use fields.
 * The author module (issue #4) is the real one; this only has to make
 * valid, deterministic test filesystems. */
#ifndef DW_SAMPLES_MINI_ISO_H
#define DW_SAMPLES_MINI_ISO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *dir;             /* NULL for the root, else a subdirectory name */
    const char *name;            /* "NAME.EXT" (";1" is added) */
    const uint8_t *data;
    size_t size;
    bool form2;                  /* an XA Form 2 file: size counts 2048-byte units of 2324-byte sectors */
} mini_iso_file;

typedef struct {
    uint8_t *blocks;             /* 2048-byte blocks, owned (g_free) */
    uint32_t n_blocks;
    /* Per block: 0 = descriptor/directory/file data, 1 = last block of a
     * file or descriptor set (EOR|EOF in XA), 2 = Form 2 block, 3 = last
     * Form 2 block of a file. */
    uint8_t *kind;               /* owned */
} mini_iso;

/* Build an image whose extents are numbered from base_lba (the track's
 * start on the disc: ISO 9660 addresses are absolute). */
bool mini_iso_build(mini_iso *out, const char *volume_id, const mini_iso_file *files, size_t n,
                    uint32_t base_lba, bool xa);
void mini_iso_free(mini_iso *iso);

#endif
