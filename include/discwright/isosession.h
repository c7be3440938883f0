/* isosession.h: the newest ISO 9660 session of a multisession disc.
 *
 * On a CD-R or DVD+R written in several sessions (mkisofs -C msc1,nwa),
 * the newest tree's volume descriptors sit at the last session's start
 * + 16, not at block 16, and every address in it is absolute.  Readers
 * that open an image by path (libiso9660) read block 16, so they see the
 * first session only.  A session view is a sparse temporary file in which
 * blocks 16.. hold the last session's volume descriptors and every block
 * the tree is made of (directories, path tables, Rock Ridge continuation
 * areas) sits at its own LBA; the files' data stays on the disc, read by
 * their (absolute) extents from the device itself.
 */
#ifndef DISCWRIGHT_ISOSESSION_H
#define DISCWRIGHT_ISOSESSION_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* For a block or character device whose last session does not start at
 * 0 (the kernel's CDROMMULTISESSION), build a session view and return its
 * path (g_free; the caller unlinks it).  NULL without error when path is
 * read as it is (a file, a single-session disc); NULL with error when the
 * session's tree cannot be read. */
char *dw_iso_session_view(const char *path, GError **error);

/* The same from an open descriptor holding the disc's blocks from LBA 0
 * and the last session's start msc1 (tests, fuzzing). */
char *dw_iso_session_view_fd(int fd, uint32_t msc1, const char *name, GError **error);

G_END_DECLS

#endif
