/* vd_preload.c: libc interposition that makes the virtual drive appear
 * at a device path (DW_VDRIVE_DEVICE, default /dev/sr0), or several
 * drives with disc changers at the paths a DW_VDRIVE_CHANGER list names
 * (vd_changer.c; a small table of devices below).  Built into an
 * LD_PRELOAD module (libdwvdrive.so) or linked into a test program, where
 * the executable's definitions win over libc's for every library.
 * Opening the claimed path returns a real fd (of /dev/null) that is
 * remembered as virtual; stat reports a block device (major 11); ioctl,
 * read and lseek on such fds go to the drive model, record locks on them
 * stay in the process (fcntl); the device's request queue files under
 * /sys/dev/block/11:N/queue/ open as in-memory files (vd_sysfs.c);
 * everything else is passed to the next definition (dlsym RTLD_NEXT).  Inert when
 * DW_VDRIVE_IMAGE is unset.
 */
#define _GNU_SOURCE
#include "vd.h"
#include "vd_rec.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Old glibc entry points, not declared by current headers. */
int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __fxstat(int ver, int fd, struct stat *st);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstat64(int ver, int fd, struct stat64 *st);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
/* For tests linking the drive in-process: the drive behind the fds, and
 * a reset that drops it so the next open reads the environment again. */
vd_drive *dw_vdrive_current(void);
void dw_vdrive_reset(void);

#define MAX_FDS 64
#define MAX_DEVS 8
static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct {
    vd_drive *drive;
    bool load_failed;
} devs[MAX_DEVS];                /* one per claimed device path */
static struct {
    int fd;
    int64_t pos;
    int dev;                     /* index in devs */
} fds[MAX_FDS];
static int n_fds;

#define REAL(name) \
    static __typeof__(&name) real_##name; \
    if (!real_##name) \
        real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

static bool changer_mode(void)
{
    const char *c = getenv("DW_VDRIVE_CHANGER");
    return c && *c;
}

/* Number of device paths claimed, and each one (i < that number). */
static int n_claimed(void)
{
    if (changer_mode()) {
        pthread_mutex_lock(&lock);
        int n = vd_changer_device_count();
        pthread_mutex_unlock(&lock);
        return n < MAX_DEVS ? n : MAX_DEVS;
    }
    const char *img = getenv("DW_VDRIVE_IMAGE"), *medium = getenv("DW_VDRIVE_MEDIUM");
    return (img && *img) || (medium && *medium) ? 1 : 0;
}

static const char *claimed_path(int i)
{
    if (changer_mode()) {
        pthread_mutex_lock(&lock);
        const char *p = vd_changer_device(i);
        pthread_mutex_unlock(&lock);
        return p;
    }
    const char *dev = getenv("DW_VDRIVE_DEVICE");
    return i == 0 ? (dev && *dev ? dev : "/dev/sr0") : NULL;
}

/* The device index of a claimed path, or -1. */
static int device_of(const char *path)
{
    if (!path)
        return -1;
    int n = n_claimed();
    for (int i = 0; i < n; i++) {
        const char *p = claimed_path(i);
        if (p && strcmp(path, p) == 0)
            return i;
    }
    return -1;
}

static bool is_device(const char *path)
{
    return device_of(path) >= 0;
}

static int find_fd(int fd)
{
    for (int i = 0; i < n_fds; i++)
        if (fds[i].fd == fd)
            return i;
    return -1;
}

/* Called with the lock held. */
static vd_drive *get_drive(int dev)
{
    if (dev < 0 || dev >= MAX_DEVS)
        return NULL;
    if (!devs[dev].drive && !devs[dev].load_failed) {
        char err[512] = "";
        devs[dev].drive = changer_mode() ? vd_changer_drive_new(dev, err, sizeof err) : vd_drive_from_env(err, sizeof err);
        if (!devs[dev].drive) {
            devs[dev].load_failed = true;
            fprintf(stderr, "dw-vdrive: %s\n", err);
        }
    }
    return devs[dev].drive;
}

vd_drive *dw_vdrive_current(void)
{
    pthread_mutex_lock(&lock);
    vd_drive *d = get_drive(0);
    pthread_mutex_unlock(&lock);
    return d;
}

void dw_vdrive_reset(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_DEVS; i++) {
        vd_drive_free(devs[i].drive);
        devs[i].drive = NULL;
        devs[i].load_failed = false;
    }
    pthread_mutex_unlock(&lock);
}

static int open_virtual(int dev, int flags)
{
    REAL(open);
    pthread_mutex_lock(&lock);
    vd_drive *d = get_drive(dev);
    int fd = -1;
    if (!d)
        errno = ENOMEDIUM;
    else if (n_fds >= MAX_FDS)
        errno = EMFILE;
    else {
        fd = real_open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
        int busy = fd >= 0 && d->rec ? vd_rec_open(d, fd, flags) : 0;
        if (busy) {
            close(fd);           /* ours: drops nothing, fd is not yet listed */
            fd = -1;
            errno = busy;
        }
        if (fd >= 0) {
            fds[n_fds].fd = fd;
            fds[n_fds].pos = 0;
            fds[n_fds].dev = dev;
            n_fds++;
            vd_drive_log(d, "open %s flags 0x%x -> fd %d", d->device, (unsigned)flags, fd);
        }
    }
    pthread_mutex_unlock(&lock);
    return fd;
}

/* The claimed device's request queue files in sysfs (vd_sysfs.c): an
 * in-memory file with the text.  True with *fd set (-1 on failure). */
static bool open_sysfs(const char *path, int flags, int *fd)
{
    if (!path || strncmp(path, "/sys/dev/block/", 15) != 0)
        return false;
    char text[32];
    bool ours = false;
    int ndev = n_claimed();
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ndev && !ours; i++) {
        vd_drive *d = get_drive(i);
        ours = d && vd_sysfs_text(d, path, text, sizeof text);
    }
    pthread_mutex_unlock(&lock);
    if (!ours)
        return false;
    *fd = memfd_create("dw-vdrive-sysfs", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    size_t n = strlen(text);
    if (*fd >= 0 && (write(*fd, text, n) != (ssize_t)n || lseek(*fd, 0, SEEK_SET) != 0)) {
        close(*fd);
        *fd = -1;
        errno = EIO;
    }
    return true;
}

int open(const char *path, int flags, ...)
{
    REAL(open);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    int dev = device_of(path);
    if (dev >= 0)
        return open_virtual(dev, flags);
    int sfd;
    if (open_sysfs(path, flags, &sfd))
        return sfd;
    return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    REAL(open64);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    int dev = device_of(path);
    if (dev >= 0)
        return open_virtual(dev, flags);
    int sfd;
    if (open_sysfs(path, flags, &sfd))
        return sfd;
    return real_open64(path, flags, mode);
}

int __open_2(const char *path, int flags)
{
    return open(path, flags);
}

int __open64_2(const char *path, int flags)
{
    return open64(path, flags);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    REAL(openat);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    int dev = device_of(path);
    if (dev >= 0)
        return open_virtual(dev, flags);
    int sfd;
    if (open_sysfs(path, flags, &sfd))
        return sfd;
    return real_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    REAL(openat64);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    int dev = device_of(path);
    if (dev >= 0)
        return open_virtual(dev, flags);
    int sfd;
    if (open_sysfs(path, flags, &sfd))
        return sfd;
    return real_openat64(dirfd, path, flags, mode);
}

int __openat_2(int dirfd, const char *path, int flags)
{
    return openat(dirfd, path, flags);
}

int close(int fd)
{
    REAL(close);
    pthread_mutex_lock(&lock);
    int i = find_fd(fd);
    if (i >= 0) {
        vd_drive *drive = devs[fds[i].dev].drive;
        vd_drive_log(drive, "close fd %d", fd);
        fds[i] = fds[--n_fds];
        if (drive && drive->rec)
            vd_rec_close_fd(drive, fd);
    }
    pthread_mutex_unlock(&lock);
    return real_close(fd);
}

static int track_dup(int oldfd, int newfd)
{
    if (newfd < 0)
        return newfd;
    pthread_mutex_lock(&lock);
    int i = find_fd(oldfd), j = find_fd(newfd);
    if (j >= 0 && i < 0)
        fds[j] = fds[--n_fds];        /* dup2 over a virtual fd */
    else if (i >= 0 && j < 0 && n_fds < MAX_FDS) {
        fds[n_fds].fd = newfd;
        fds[n_fds].pos = fds[i].pos;
        fds[n_fds].dev = fds[i].dev;
        n_fds++;
    }
    pthread_mutex_unlock(&lock);
    return newfd;
}

int dup(int fd)
{
    REAL(dup);
    return track_dup(fd, real_dup(fd));
}

int dup2(int fd, int newfd)
{
    REAL(dup2);
    return track_dup(fd, real_dup2(fd, newfd));
}

static void fake_stat(const char *dev, struct stat *st)
{
    unsigned minor_no = 0;
    if (dev && !strncmp(dev, "/dev/sr", 7))
        minor_no = (unsigned)atoi(dev + 7);
    memset(st, 0, sizeof *st);
    st->st_mode = S_IFBLK | 0660;
    st->st_rdev = makedev(11, minor_no);
    st->st_dev = makedev(0, 5);
    st->st_ino = 4242 + minor_no;
    st->st_nlink = 1;
    st->st_gid = 24;
    st->st_blksize = 2048;
}

static bool fd_is_virtual(int fd)
{
    pthread_mutex_lock(&lock);
    bool v = find_fd(fd) >= 0;
    pthread_mutex_unlock(&lock);
    return v;
}

/* The claimed path of a virtual fd (for fstat), or NULL. */
static const char *fd_path(int fd)
{
    pthread_mutex_lock(&lock);
    int i = find_fd(fd);
    const char *p = i >= 0 ? claimed_path(fds[i].dev) : NULL;
    pthread_mutex_unlock(&lock);
    return p;
}

int stat(const char *path, struct stat *st)
{
    REAL(stat);
    if (is_device(path)) {
        fake_stat(path, st);
        return 0;
    }
    return real_stat(path, st);
}

int lstat(const char *path, struct stat *st)
{
    REAL(lstat);
    if (is_device(path)) {
        fake_stat(path, st);
        return 0;
    }
    return real_lstat(path, st);
}

int fstat(int fd, struct stat *st)
{
    REAL(fstat);
    const char *vpath = fd_path(fd);
    if (vpath) {
        fake_stat(vpath, st);
        return 0;
    }
    return real_fstat(fd, st);
}

int stat64(const char *path, struct stat64 *st)
{
    return stat(path, (struct stat *)st);
}

int lstat64(const char *path, struct stat64 *st)
{
    return lstat(path, (struct stat *)st);
}

int fstat64(int fd, struct stat64 *st)
{
    return fstat(fd, (struct stat *)st);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    REAL(fstatat);
    if (is_device(path)) {
        fake_stat(path, st);
        return 0;
    }
    return real_fstatat(dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
    return fstatat(dirfd, path, (struct stat *)st, flags);
}

int __xstat(int ver, const char *path, struct stat *st)
{
    (void)ver;
    return stat(path, st);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
    (void)ver;
    return lstat(path, st);
}

int __fxstat(int ver, int fd, struct stat *st)
{
    (void)ver;
    return fstat(fd, st);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
    (void)ver;
    return stat(path, (struct stat *)st);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
    (void)ver;
    return lstat(path, (struct stat *)st);
}

int __fxstat64(int ver, int fd, struct stat64 *st)
{
    (void)ver;
    return fstat(fd, (struct stat *)st);
}

int access(const char *path, int mode)
{
    REAL(access);
    if (is_device(path))
        return (mode & X_OK) ? (errno = EACCES, -1) : 0;
    return real_access(path, mode);
}

char *realpath(const char *path, char *resolved)
{
    REAL(realpath);
    if (is_device(path)) {
        if (!resolved)
            return strdup(path);
        snprintf(resolved, PATH_MAX, "%s", path);
        return resolved;
    }
    return real_realpath(path, resolved);
}

/* stdio streams on the device (libiso9660 reads images through fopen):
 * glibc's FILE reads do not go through the interposed read(), so the
 * stream is a cookie over the virtual fd's read, lseek and close. */
static ssize_t cookie_read(void *c, char *buf, size_t size)
{
    return read((int)(intptr_t)c, buf, size);
}

static int cookie_seek(void *c, off64_t *pos, int whence)
{
    off_t r = lseek((int)(intptr_t)c, (off_t)*pos, whence);
    if (r < 0)
        return -1;
    *pos = r;
    return 0;
}

static int cookie_close(void *c)
{
    return close((int)(intptr_t)c);
}

FILE *fopen(const char *path, const char *mode)
{
    REAL(fopen);
    int dv = device_of(path);
    if (dv >= 0 && mode && mode[0] == 'r' && !strchr(mode, '+')) {
        int fd = open_virtual(dv, O_RDONLY);
        if (fd < 0)
            return NULL;
        cookie_io_functions_t io = { .read = cookie_read, .write = NULL, .seek = cookie_seek,
                                     .close = cookie_close };
        FILE *f = fopencookie((void *)(intptr_t)fd, "r", io);
        if (!f)
            close(fd);
        return f;
    }
    const char *dev = path && !strcmp(path, "/proc/sys/dev/cdrom/info") ? claimed_path(0) : NULL;
    if (dev && !strncmp(dev, "/dev/", 5)) {
        /* The kernel lists drives in columns, the newest first. */
        static char text[1024];
        char names[256] = "";
        size_t used = 0;
        for (int i = n_claimed() - 1; i >= 0; i--) {
            const char *p = claimed_path(i);
            if (p && !strncmp(p, "/dev/", 5) && used < sizeof names)
                used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", used ? "\t" : "", p + 5);
        }
        snprintf(text, sizeof text,
                 "CD-ROM information, Id: cdrom.c 3.20 2003/12/17\n\n"
                 "drive name:\t\t%s\ndrive speed:\t\t48\ndrive # of slots:\t1\n"
                 "Can close tray:\t\t1\nCan open tray:\t\t1\nCan lock tray:\t\t1\n"
                 "Can change speed:\t1\nCan select disk:\t0\nCan read multisession:\t1\n"
                 "Can read MCN:\t\t1\nReports media changed:\t1\nCan play audio:\t\t1\n"
                 "Can write CD-R:\t\t0\nCan write CD-RW:\t0\nCan read DVD:\t\t1\n\n",
                 names);
        return fmemopen(text, strlen(text), "r");
    }
    int sfd;
    if (open_sysfs(path, O_CLOEXEC, &sfd))
        return sfd < 0 ? NULL : fdopen(sfd, "r");
    return real_fopen(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    return fopen(path, mode);
}

off_t lseek(int fd, off_t off, int whence)
{
    REAL(lseek);
    pthread_mutex_lock(&lock);
    int i = find_fd(fd);
    if (i < 0) {
        pthread_mutex_unlock(&lock);
        return real_lseek(fd, off, whence);
    }
    vd_drive *d = get_drive(fds[i].dev);
    int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? fds[i].pos
                 : whence == SEEK_END && d ? (int64_t)vd_drive_capacity(d) * 2048 : -1;
    off_t r;
    if (base < 0 || base + off < 0) {
        errno = EINVAL;
        r = -1;
    } else
        r = fds[i].pos = base + off;
    pthread_mutex_unlock(&lock);
    return r;
}

off64_t lseek64(int fd, off64_t off, int whence)
{
    return lseek(fd, off, whence);
}

static ssize_t read_virtual(int i, void *buf, size_t count, int64_t pos, bool advance)
{
    vd_drive *d = get_drive(fds[i].dev);
    if (!d) {
        errno = EIO;
        return -1;
    }
    if (d->ejected) {
        errno = ENOMEDIUM;
        return -1;
    }
    int64_t end = (int64_t)vd_drive_capacity(d) * 2048;
    size_t done = 0;
    if (pos >= end)
        return 0;
    if ((int64_t)count > end - pos)
        count = (size_t)(end - pos);
    vd_drive_charge(d, (int32_t)(pos / 2048), (int32_t)((count + 2047) / 2048));
    while (done < count) {
        uint8_t sec[2048];
        int32_t lba = (int32_t)((pos + (int64_t)done) / 2048);
        size_t in = (size_t)((pos + (int64_t)done) % 2048);
        if (vd_drive_read_user(d, lba, sec) != VD_READ_OK) {
            vd_drive_log(d, "read lba %d -> EIO", lba);
            if (done)
                break;
            errno = EIO;
            return -1;
        }
        size_t n = 2048 - in < count - done ? 2048 - in : count - done;
        memcpy((uint8_t *)buf + done, sec + in, n);
        done += n;
    }
    if (advance)
        fds[i].pos = pos + (int64_t)done;
    return (ssize_t)done;
}

ssize_t read(int fd, void *buf, size_t count)
{
    REAL(read);
    pthread_mutex_lock(&lock);
    int i = find_fd(fd);
    if (i < 0) {
        pthread_mutex_unlock(&lock);
        return real_read(fd, buf, count);
    }
    ssize_t r = read_virtual(i, buf, count, fds[i].pos, true);
    pthread_mutex_unlock(&lock);
    return r;
}

ssize_t pread(int fd, void *buf, size_t count, off_t off)
{
    REAL(pread);
    pthread_mutex_lock(&lock);
    int i = find_fd(fd);
    if (i < 0) {
        pthread_mutex_unlock(&lock);
        return real_pread(fd, buf, count, off);
    }
    ssize_t r = read_virtual(i, buf, count, off, false);
    pthread_mutex_unlock(&lock);
    return r;
}

ssize_t pread64(int fd, void *buf, size_t count, off64_t off)
{
    return pread(fd, buf, count, off);
}

int ioctl(int fd, unsigned long request, ...)
{
    REAL(ioctl);
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    pthread_mutex_lock(&lock);
    int i = find_fd(fd);
    if (i < 0) {
        pthread_mutex_unlock(&lock);
        return real_ioctl(fd, request, arg);
    }
    vd_drive *d = get_drive(fds[i].dev);
    int r = d ? vd_ioctl(d, request, arg) : (errno = EIO, -1);
    int e = errno;
    pthread_mutex_unlock(&lock);
    errno = e;
    return r;
}

/* Record locks on a virtual fd stay in this process.  The fd is one of
 * /dev/null, which every process shares: libburn locks the drive it grabs
 * (F_SETLK), so a real lock would make the virtual drives of two
 * processes (two GUI tests run side by side) refuse each other, while
 * each process has a drive of its own.  F_GETLK reports no conflict. */
static bool lock_cmd(int cmd)
{
    return cmd == F_SETLK || cmd == F_SETLKW || cmd == F_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW ||
           cmd == F_OFD_GETLK;
}

static int lock_virtual(int cmd, void *arg)
{
    struct flock *fl = arg;
    if ((cmd == F_GETLK || cmd == F_OFD_GETLK) && fl)
        fl->l_type = F_UNLCK;
    return 0;
}

int fcntl(int fd, int cmd, ...)
{
    REAL(fcntl);
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);   /* as glibc itself reads it: int or pointer */
    va_end(ap);
    if (lock_cmd(cmd) && fd_is_virtual(fd))
        return lock_virtual(cmd, arg);
    return real_fcntl(fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...)
{
    REAL(fcntl64);
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    if (lock_cmd(cmd) && fd_is_virtual(fd))
        return lock_virtual(cmd, arg);
    return real_fcntl64(fd, cmd, arg);
}
