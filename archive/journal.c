/* journal.c: what the archive keeps in LIBRARY/.discwright/: one file per
 * rip under way (pending/NAME.pending, a GKeyFile: fingerprint, device,
 * base, name, state), written before the rip starts and removed once the
 * disc is recorded and ejected, so a stopped batch knows, when it sees a
 * disc again, where its rip was going; and the library's running number
 * (counter, under an flock so several processes share it).  The folders
 * of discs are made here too: mkdir of the last component is the
 * atomic test that a name is free. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "archive/archive_private.h"
#include "discwright/error.h"

#define GROUP "rip"

void dw_archive_entry_free(dw_archive_entry *e)
{
    if (!e)
        return;
    g_free(e->path);
    g_free(e->fingerprint);
    g_free(e->device);
    g_free(e->base);
    g_free(e->name);
    g_free(e->state);
    g_free(e);
}

static char *pending_dir(dw_archive *a)
{
    return g_build_filename(a->meta, "pending", NULL);
}

static dw_archive_entry *read_entry(const char *path)
{
    g_autoptr(GKeyFile) k = g_key_file_new();
    if (!g_key_file_load_from_file(k, path, G_KEY_FILE_NONE, NULL))
        return NULL;
    dw_archive_entry *e = g_new0(dw_archive_entry, 1);
    e->path = g_strdup(path);
    e->fingerprint = g_key_file_get_string(k, GROUP, "fingerprint", NULL);
    e->device = g_key_file_get_string(k, GROUP, "device", NULL);
    e->base = g_key_file_get_string(k, GROUP, "base", NULL);
    e->name = g_key_file_get_string(k, GROUP, "name", NULL);
    e->state = g_key_file_get_string(k, GROUP, "state", NULL);
    if (!e->fingerprint || !e->base || !e->state || !g_path_is_absolute(e->base)) {
        dw_archive_entry_free(e);
        return NULL;
    }
    if (!e->device)
        e->device = g_strdup("");
    if (!e->name)
        e->name = g_path_get_basename(e->base);
    return e;
}

static gboolean write_entry(const dw_archive_entry *e, GError **error)
{
    g_autoptr(GKeyFile) k = g_key_file_new();
    g_key_file_set_string(k, GROUP, "fingerprint", e->fingerprint);
    g_key_file_set_string(k, GROUP, "device", e->device);
    g_key_file_set_string(k, GROUP, "base", e->base);
    g_key_file_set_string(k, GROUP, "name", e->name);
    g_key_file_set_string(k, GROUP, "state", e->state);
    g_key_file_set_int64(k, GROUP, "updated", g_get_real_time() / G_USEC_PER_SEC);
    gsize len = 0;
    g_autofree char *text = g_key_file_to_data(k, &len, NULL);
    GError *e2 = NULL;
    if (!g_file_set_contents(e->path, text, (gssize)len, &e2)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", e->path, e2->message);
        g_error_free(e2);
        return FALSE;
    }
    return TRUE;
}

dw_archive_entry *dw_archive_journal_find(dw_archive *a, const char *fingerprint, const char *device)
{
    g_autofree char *dir = pending_dir(a);
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return NULL;
    dw_archive_entry *best = NULL;
    const char *n;
    while ((n = g_dir_read_name(d))) {
        if (!g_str_has_suffix(n, ".pending"))
            continue;
        g_autofree char *path = g_build_filename(dir, n, NULL);
        if (g_hash_table_contains(a->claimed, path))
            continue;
        dw_archive_entry *e = read_entry(path);
        if (!e || strcmp(e->fingerprint, fingerprint) != 0) {
            dw_archive_entry_free(e);
            continue;
        }
        if (!best || (strcmp(best->device, device) != 0 && !strcmp(e->device, device))) {
            dw_archive_entry_free(best);
            best = e;
        } else
            dw_archive_entry_free(e);
    }
    g_dir_close(d);
    if (best)
        g_hash_table_add(a->claimed, g_strdup(best->path));
    return best;
}

dw_archive_entry *dw_archive_journal_add(dw_archive *a, const char *fingerprint, const char *device,
                                         const char *base, const char *name, GError **error)
{
    g_autofree char *dir = pending_dir(a);
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        int err = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", dir, g_strerror(err));
        return NULL;
    }
    dw_archive_entry *e = g_new0(dw_archive_entry, 1);
    /* Unique: the fingerprint, the process and a random part. */
    g_autofree char *file = g_strdup_printf("%.16s-%d-%08x.pending", fingerprint, (int)getpid(), g_random_int());
    e->path = g_build_filename(dir, file, NULL);
    e->fingerprint = g_strdup(fingerprint);
    e->device = g_strdup(device);
    e->base = g_strdup(base);
    e->name = g_strdup(name);
    e->state = g_strdup("ripping");
    if (!write_entry(e, error)) {
        dw_archive_entry_free(e);
        return NULL;
    }
    g_hash_table_add(a->claimed, g_strdup(e->path));
    return e;
}

gboolean dw_archive_journal_set_state(dw_archive *a, dw_archive_entry *e, const char *state, GError **error)
{
    (void)a;
    g_free(e->state);
    e->state = g_strdup(state);
    return write_entry(e, error);
}

void dw_archive_journal_remove(dw_archive *a, dw_archive_entry *e)
{
    g_unlink(e->path);
    g_hash_table_remove(a->claimed, e->path);
}

void dw_archive_journal_release(dw_archive *a, dw_archive_entry *e)
{
    g_hash_table_remove(a->claimed, e->path);
}

gboolean dw_archive_next_number(dw_archive *a, int64_t *n, GError **error)
{
    g_autofree char *path = g_build_filename(a->meta, "counter", NULL);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        int err = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(err));
        if (fd >= 0)
            close(fd);
        return FALSE;
    }
    char buf[32] = "";
    ssize_t r = pread(fd, buf, sizeof buf - 1, 0);
    int64_t v = r > 0 ? g_ascii_strtoll(buf, NULL, 10) : 0;
    if (v < 0)
        v = 0;
    v++;
    int len = g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT "\n", v);
    gboolean ok = ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)len, 0) == len && fsync(fd) == 0;
    int err = errno;
    close(fd);
    if (!ok) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(err));
        return FALSE;
    }
    *n = v;
    return TRUE;
}

char *dw_archive_make_folder(dw_archive *a, const char *rel, GError **error)
{
    g_autofree char *path = g_build_filename(a->library, rel, NULL);
    g_autofree char *parent = g_path_get_dirname(path);
    if (g_mkdir_with_parents(parent, 0755) != 0) {
        int err = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", parent, g_strerror(err));
        return NULL;
    }
    for (int k = 1; k < 10000; k++) {
        char *try = k == 1 ? g_strdup(path) : g_strdup_printf("%s (%d)", path, k);
        if (g_mkdir(try, 0755) == 0)
            return try;
        int err = errno;
        g_free(try);
        if (err != EEXIST) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(err));
            return NULL;
        }
    }
    g_set_error(error, DW_ERROR, DW_ERROR_EXISTS, "%s: no free name", path);
    return NULL;
}
