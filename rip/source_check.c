/* source_check.c: what a source path is, before anything reads it.
 *
 * A rip or a probe takes a drive or a disc image.  Anything else (a
 * directory, a named pipe, a socket, a device that is not an optical
 * drive such as /dev/null) is refused here with DW_ERROR_NO_DEVICE (the
 * CLI's "cannot be opened" exit code) and a message that says what the
 * path is, instead of being opened: a pipe would block the open, and
 * /dev/null would read as a drive without a table of contents.  Whether
 * a device is an optical drive is asked the way the kernel's cdrom layer
 * answers it: CDROM_GET_CAPABILITY on a non-blocking open. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/cdrom.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "discwright/error.h"
#include "rip/probe_private.h"

static void permission_error(const char *path, const struct stat *st, GError **error)
{
    struct group *gr = getgrgid(st->st_gid);
    g_autofree char *grname = gr ? g_strdup(gr->gr_name) : g_strdup_printf("%u", (unsigned)st->st_gid);
    g_set_error(error, DW_ERROR, DW_ERROR_PERMISSION,
                "%s: permission denied (group %s, mode %04o)%s%s%s", path, grname,
                (unsigned)(st->st_mode & 07777), (st->st_mode & S_IRGRP) ? "; members of group '" : "",
                (st->st_mode & S_IRGRP) ? grname : "",
                (st->st_mode & S_IRGRP) ? "' may read it: add yourself with 'sudo usermod -aG GROUP $USER'" : "");
}

/* A block or character device: is an optical drive behind it? */
static gboolean check_device(const char *path, const struct stat *st, GError **error)
{
    const char *kind = S_ISBLK(st->st_mode) ? "block" : "character";
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == EACCES || e == EPERM) {
            permission_error(path, st, error);
            return FALSE;
        }
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: a %s device (%u:%u) that cannot be opened: %s", path,
                    kind, major(st->st_rdev), minor(st->st_rdev), g_strerror(e));
        return FALSE;
    }
    int r = ioctl(fd, CDROM_GET_CAPABILITY, 0);
    int e = errno;
    close(fd);
    if (r < 0 && (e == ENOTTY || e == EINVAL || e == ENOSYS || e == EOPNOTSUPP)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                    "%s: a %s device (%u:%u) that is not an optical drive (it does not answer "
                    "CDROM_GET_CAPABILITY); give a CD/DVD/BD drive such as /dev/sr0, or a disc image",
                    path, kind, major(st->st_rdev), minor(st->st_rdev));
        return FALSE;
    }
    return TRUE;
}

gboolean dw_source_check(const char *path, GError **error)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOENT)
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no such drive or file", path);
        else
            g_set_error(error, DW_ERROR, e == EACCES ? DW_ERROR_PERMISSION : DW_ERROR_NO_DEVICE, "%s: %s", path,
                        g_strerror(e));
        return FALSE;
    }
    if (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode))
        return check_device(path, &st, error);
    const char *what = S_ISDIR(st.st_mode)    ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a named pipe (FIFO)"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                       : S_ISREG(st.st_mode)  ? NULL
                                              : "a special file";
    if (what) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                    "%s: %s, not a drive or a disc image (.iso, .cue, .toc, .nrg or .ccd)", path, what);
        return FALSE;
    }
    if (access(path, R_OK) != 0 && errno == EACCES) {
        permission_error(path, &st, error);
        return FALSE;
    }
    return TRUE;
}
