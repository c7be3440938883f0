/* drives.c: libburn start-up, the drive scan (time-boxed, never fatal),
 * and grabbing one drive by address with errors that say what to fix:
 * a missing node, a permission problem (the group owning the node, or
 * its ACL), a drive busy in another process. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "burn/burn_private.h"

static gsize init_done;
static gboolean init_ok;

gboolean dw_burn_init(GError **error)
{
    if (g_once_init_enter(&init_done)) {
        init_ok = burn_initialize() != 0;
        if (init_ok) {
            /* Queue everything from NOTE up; print nothing ourselves. */
            burn_msgs_set_severities("NOTE", "NEVER", "libburn: ");
            /* Regular files that cannot be read or written get roles 4/5. */
            burn_allow_drive_role_4(1);
        }
        g_once_init_leave(&init_done, 1);
    }
    if (!init_ok)
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "libburn could not be initialised");
    return init_ok;
}

void dw_burn_drain_messages(dw_job *job, char **last)
{
    char *text = g_malloc(BURN_MSGS_MESSAGE_LEN);
    char sev[81];
    int code, os_errno;
    while (burn_msgs_obtain("ALL", &code, text, &os_errno, sev) == 1) {
        gboolean bad = strcmp(sev, "SORRY") == 0 || strcmp(sev, "FAILURE") == 0 ||
                       strcmp(sev, "FATAL") == 0 || strcmp(sev, "ABORT") == 0;
        dw_log_level lv = bad ? DW_LOG_ERROR : strcmp(sev, "WARNING") == 0 ? DW_LOG_WARNING : DW_LOG_DEBUG;
        if (bad && dw_burn_failure_capturing()) {
            /* One clear error is made of the first failure; libburn's own
             * account of it and of what followed goes to the debug log. */
            dw_burn_failure_note(text);
            lv = DW_LOG_DEBUG;
        }
        if (job)
            dw_job_log(job, lv, "libburn %s: %s", sev, text);
        if (bad && last) {
            g_free(*last);
            *last = g_strdup(text);
        }
    }
    g_free(text);
}

/* ---- scan ---- */

typedef struct {
    GMutex lock;
    GCond cond;
    gboolean done, abandoned;
    dw_burn_drive_info *drives;
    size_t n;
} scan_state;

static void scan_state_free(scan_state *st)
{
    dw_burn_drive_info_free(st->drives, st->n);
    g_mutex_clear(&st->lock);
    g_cond_clear(&st->cond);
    g_free(st);
}

static gpointer scan_thread(gpointer data)
{
    scan_state *st = data;
    dw_burn_drive_info *list = NULL;
    size_t n = 0;
    struct burn_drive_info *infos = NULL;
    unsigned int count = 0;
    int r;
    while ((r = burn_drive_scan(&infos, &count)) == 0)
        g_usleep(10000);
    if (r > 0 && infos) {
        list = g_new0(dw_burn_drive_info, count + 1);
        for (unsigned i = 0; i < count; i++) {
            char adr[BURN_DRIVE_ADR_LEN] = "";
            if (burn_drive_d_get_adr(infos[i].drive, adr) <= 0)
                continue;
            list[n].address = g_strdup(adr);
            list[n].vendor = g_strstrip(g_strndup(infos[i].vendor, sizeof infos[i].vendor));
            list[n].product = g_strstrip(g_strndup(infos[i].product, sizeof infos[i].product));
            list[n].revision = g_strstrip(g_strndup(infos[i].revision, sizeof infos[i].revision));
            n++;
        }
        /* Give up every drive at once: the scan locks them (O_EXCL). */
        for (unsigned i = 0; i < count; i++)
            burn_drive_info_forget(&infos[i], 0);
        burn_drive_info_free(infos);
    }
    dw_burn_drain_messages(NULL, NULL);
    g_mutex_lock(&st->lock);
    st->drives = list;
    st->n = n;
    st->done = TRUE;
    gboolean abandoned = st->abandoned;
    g_cond_signal(&st->cond);
    g_mutex_unlock(&st->lock);
    if (abandoned)
        scan_state_free(st);
    return NULL;
}

dw_burn_drive_info *dw_burn_drive_scan(unsigned timeout_ms, size_t *n, gboolean *timed_out)
{
    *n = 0;
    if (timed_out)
        *timed_out = FALSE;
    if (!dw_burn_init(NULL))
        return NULL;
    scan_state *st = g_new0(scan_state, 1);
    g_mutex_init(&st->lock);
    g_cond_init(&st->cond);
    GThread *t = g_thread_try_new("dw-burn-scan", scan_thread, st, NULL);
    if (!t) {
        scan_state_free(st);
        return NULL;
    }
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    g_mutex_lock(&st->lock);
    while (!st->done)
        if (!g_cond_wait_until(&st->cond, &st->lock, end))
            break;
    if (!st->done) {
        /* Leave the thread to finish on its own; it frees the state. */
        st->abandoned = TRUE;
        g_mutex_unlock(&st->lock);
        g_thread_unref(t);
        if (timed_out)
            *timed_out = TRUE;
        return NULL;
    }
    g_mutex_unlock(&st->lock);
    g_thread_join(t);
    dw_burn_drive_info *list = st->drives;
    *n = st->n;
    st->drives = NULL;
    st->n = 0;
    scan_state_free(st);
    return list;
}

void dw_burn_drive_info_free(dw_burn_drive_info *drives, size_t n)
{
    if (!drives)
        return;
    for (size_t i = 0; i < n; i++) {
        g_free(drives[i].address);
        g_free(drives[i].vendor);
        g_free(drives[i].product);
        g_free(drives[i].revision);
    }
    g_free(drives);
}

/* ---- open ---- */

static void permission_error(const char *path, const struct stat *st, GError **error)
{
    struct group *gr = getgrgid(st->st_gid);
    struct passwd *pw = getpwuid(st->st_uid);
    g_autofree char *grname = gr ? g_strdup(gr->gr_name) : g_strdup_printf("%u", (unsigned)st->st_gid);
    g_autofree char *owner = pw ? g_strdup(pw->pw_name) : g_strdup_printf("%u", (unsigned)st->st_uid);
    gboolean acl = getxattr(path, "system.posix_acl_access", NULL, 0) > 0;
    gboolean group_may = (st->st_mode & S_IWGRP) && (st->st_mode & S_IRGRP);
    g_autofree char *hint = NULL;
    if (group_may)
        hint = g_strdup_printf("members of group '%s' may use it: add yourself with "
                               "'sudo usermod -aG %s $USER' and log in again", grname, grname);
    else
        hint = g_strdup_printf("only its owner '%s' may write it", owner);
    g_autofree char *acl_hint = acl ? g_strdup_printf("; or see its ACL with 'getfacl %s'", path) : g_strdup("");
    g_set_error(error, DW_ERROR, DW_ERROR_PERMISSION,
                "%s: permission denied (owner %s, group %s, mode %04o%s); %s%s", path, owner, grname,
                (unsigned)(st->st_mode & 07777), acl ? ", with an ACL" : "", hint, acl_hint);
}

static gboolean check_stdio_path(const char *path, GError **error)
{
    struct stat st;
    if (*path == '\0') {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "stdio: needs a path (e.g. stdio:/tmp/disc.iso)");
        return FALSE;
    }
    if (g_str_has_prefix(path, "/dev/fd/") || strcmp(path, "-") == 0)
        return TRUE;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: is a directory, not a file to write", path);
            return FALSE;
        }
        if (access(path, W_OK) != 0 && errno == EACCES) {
            permission_error(path, &st, error);
            return FALSE;
        }
        return TRUE;
    }
    if (errno != ENOENT) {
        g_set_error(error, DW_ERROR, errno == EACCES ? DW_ERROR_PERMISSION : DW_ERROR_NO_DEVICE, "%s: %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: directory %s does not exist", path, dir);
        return FALSE;
    }
    if (access(dir, W_OK) != 0) {
        permission_error(dir, &st, error);
        return FALSE;
    }
    return TRUE;
}

static gboolean check_device(const char *path, GError **error)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        g_set_error(error, DW_ERROR, errno == EACCES ? DW_ERROR_PERMISSION : DW_ERROR_NO_DEVICE,
                    "%s: %s (no such drive; a file target is written as stdio:%s)", path, g_strerror(errno), path);
        return FALSE;
    }
    if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE,
                    "%s: not a device node; to write into a file use the drive address stdio:%s", path, path);
        return FALSE;
    }
    int fd = open(path, O_RDWR | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        if (e == EACCES || e == EPERM) {
            permission_error(path, &st, error);
            return FALSE;
        }
        if (e == ENOMEDIUM) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM, "%s: no medium in the drive", path);
            return FALSE;
        }
        if (e == EROFS) {
            g_set_error(error, DW_ERROR, DW_ERROR_NOT_WRITABLE, "%s: the drive cannot write", path);
            return FALSE;
        }
        g_set_error(error, DW_ERROR, e == EBUSY ? DW_ERROR_BUSY : DW_ERROR_NO_DEVICE, "%s: %s", path,
                    g_strerror(e));
        return FALSE;
    }
    close(fd);
    fd = open(path, O_RDONLY | O_NONBLOCK | O_EXCL);
    if (fd < 0 && errno == EBUSY) {
        g_set_error(error, DW_ERROR, DW_ERROR_BUSY,
                    "%s: busy (another program has the drive open: a burner, a file manager, a mount?)", path);
        return FALSE;
    }
    if (fd >= 0)
        close(fd);
    return TRUE;
}

dw_burn_drive *dw_burn_drive_open(const char *address, GError **error)
{
    if (!dw_burn_init(error))
        return NULL;
    gboolean stdio = g_str_has_prefix(address, "stdio:");
    const char *path = stdio ? address + 6 : address;
    if (stdio ? !check_stdio_path(path, error) : !check_device(path, error))
        return NULL;
    char adr[BURN_DRIVE_ADR_LEN];
    if (stdio) {
        if (strlen(address) >= sizeof adr) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: address too long", address);
            return NULL;
        }
        g_strlcpy(adr, address, sizeof adr);
    } else if (burn_drive_convert_fs_adr((char *)path, adr) <= 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: libburn does not know this as a drive", path);
        dw_burn_drain_messages(NULL, NULL);
        return NULL;
    }
    struct burn_drive_info *info = NULL;
    int r = burn_drive_scan_and_grab(&info, adr, 1);
    if (r <= 0) {
        g_autofree char *last = NULL;
        dw_burn_drain_messages(NULL, &last);
        gboolean busy = last && (strstr(last, "busy") || strstr(last, "Busy"));
        g_set_error(error, DW_ERROR, busy ? DW_ERROR_BUSY : DW_ERROR_NO_DEVICE, "%s: %s", address,
                    last ? last : r == 0 ? "no drive found" : "cannot open the drive");
        if (info)
            burn_drive_info_free(info);
        return NULL;
    }
    dw_burn_drive *d = g_new0(dw_burn_drive, 1);
    d->info = info;
    d->d = info[0].drive;
    d->address = g_strdup(address);
    d->path = g_strdup(path);
    d->role = burn_drive_get_drive_role(d->d);
    dw_burn_drain_messages(NULL, NULL);
    return d;
}

void dw_burn_drive_close(dw_burn_drive *drive, gboolean eject)
{
    if (!drive)
        return;
    burn_drive_release(drive->d, eject && drive->role == 1);
    burn_drive_info_free(drive->info);
    dw_burn_drain_messages(NULL, NULL);
    g_free(drive->address);
    g_free(drive->path);
    g_free(drive);
}

void dw_burn_drive_close_noeject(dw_burn_drive *drive)
{
    dw_burn_drive_close(drive, FALSE);
}

const char *dw_burn_drive_address(const dw_burn_drive *drive)
{
    return drive->address;
}

int dw_burn_drive_role(const dw_burn_drive *drive)
{
    return drive->role;
}
