/* ls.c: the files of an ISO 9660 image or disc through libiso9660, with
 * Rock Ridge or Joliet names where present and POSIX modes from Rock
 * Ridge; the extents of a multi-extent file are summed into one entry.
 * libiso9660 reads the volume descriptors at block 16, which on a
 * grown image (overwritable media, stdio files) is the last session's. */
#include "config.h"

#include <cdio/iso9660.h>
#include <string.h>
#include <unistd.h>

#include "discwright/burn.h"
#include "discwright/error.h"
#include "discwright/isosession.h"
#include "disc/cdio_log.h"

#define MAX_DEPTH 64

static void list_dir(iso9660_t *iso, const char *dir, GArray *out, int depth)
{
    if (depth > MAX_DEPTH)
        return;
    CdioList_t *entries = iso9660_ifs_readdir(iso, dir);
    if (!entries)
        return;
    GPtrArray *subdirs = g_ptr_array_new_with_free_func(g_free);
    guint first = out->len;
    CdioListNode_t *node;
    _CDIO_LIST_FOREACH(node, entries) {
        iso9660_stat_t *st = _cdio_list_node_data(node);
        if (!st || strcmp(st->filename, ".") == 0 || strcmp(st->filename, "..") == 0 ||
            (st->filename[0] == '\0' || (st->filename[0] == '\1' && st->filename[1] == '\0')))
            continue;
        char name[1024];
        if (st->rr.b3_rock == yep) {
            g_strlcpy(name, st->filename, sizeof name);
        } else {
            /* "NAME.EXT;1" → "name.ext" for plain ISO 9660 names; Joliet names are kept. */
            iso9660_name_translate_ext(st->filename, name, iso9660_ifs_get_joliet_level(iso));
        }
        dw_iso_entry e = { 0 };
        e.path = g_strdup_printf("%s%s%s", dir, g_str_has_suffix(dir, "/") ? "" : "/", name);
        /* libiso9660 gives each extent of a multi-extent file as an entry of its own. */
        dw_iso_entry *prev = out->len > first ? &g_array_index(out, dw_iso_entry, out->len - 1) : NULL;
        if (prev && !prev->is_dir && st->type != _STAT_DIR && strcmp(prev->path, e.path) == 0) {
            prev->size += st->size;
            g_free(e.path);
            continue;
        }
        e.is_dir = st->type == _STAT_DIR;
        e.size = e.is_dir ? 0 : st->size;
        e.lsn = (uint32_t)st->lsn;
        e.mode = st->rr.b3_rock == yep ? (uint32_t)st->rr.st_mode : 0;
        g_array_append_val(out, e);
        if (e.is_dir)
            g_ptr_array_add(subdirs, g_strdup_printf("%s/", e.path));
    }
    iso9660_filelist_free(entries);
    for (guint i = 0; i < subdirs->len; i++)
        list_dir(iso, g_ptr_array_index(subdirs, i), out, depth + 1);
    g_ptr_array_free(subdirs, TRUE);
}

/* One tree (mask chooses primary+Rock Ridge or Joliet); FALSE with error. */
static gboolean list_tree(const char *path, iso_extension_mask_t mask, const char *dir, GArray *out,
                          gboolean *joliet, GError **error)
{
    iso9660_t *iso = iso9660_open_ext(path, mask);
    if (!iso) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: no ISO 9660 file system (no volume descriptor at block 16)",
                    path);
        return FALSE;
    }
    *joliet = iso9660_ifs_get_joliet_level(iso) > 0;
    g_autofree char *top = NULL;
    if (!dir || !*dir || strcmp(dir, "/") == 0)
        top = g_strdup("/");
    else
        top = g_strdup_printf("%s%s/", dir[0] == '/' ? "" : "/", dir);
    if (strcmp(top, "/") != 0) {
        CdioList_t *probe = iso9660_ifs_readdir(iso, top);
        if (!probe) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no directory %s in the image", path, dir);
            iso9660_close(iso);
            return FALSE;
        }
        iso9660_filelist_free(probe);
    }
    list_dir(iso, top, out, 0);
    iso9660_close(iso);
    for (guint i = 0; i < out->len; i++) {
        dw_iso_entry *e = &g_array_index(out, dw_iso_entry, i);
        char *p;
        while ((p = strstr(e->path, "//")))
            memmove(p, p + 1, strlen(p));
    }
    return TRUE;
}

static void clear_entries(GArray *out)
{
    for (guint i = 0; i < out->len; i++)
        g_free(g_array_index(out, dw_iso_entry, i).path);
    g_array_set_size(out, 0);
}

static dw_iso_entry *iso_list_run(const char *image, const char *dir, size_t *n, GError **error)
{
    *n = 0;
    const char *path = g_str_has_prefix(image, "stdio:") ? image + 6 : image;
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no such file or device", path);
        return NULL;
    }
    /* A multisession disc: its newest tree starts in the last session. */
    GError *ve = NULL;
    g_autofree char *view = dw_iso_session_view(path, &ve);
    if (ve) {
        g_propagate_error(error, ve);
        return NULL;
    }
    if (view)
        path = view;
    GArray *out = g_array_new(FALSE, TRUE, sizeof(dw_iso_entry));
    gboolean joliet = FALSE;
    /* The primary tree first (Rock Ridge lives there); without Rock Ridge,
     * the Joliet tree's names are better than 8.3 ones. */
    if (!list_tree(path, ISO_EXTENSION_ALL & ~ISO_EXTENSION_JOLIET, dir, out, &joliet, error)) {
        clear_entries(out);
        g_array_free(out, TRUE);
        if (view)
            unlink(view);
        return NULL;
    }
    gboolean rock = FALSE;
    for (guint i = 0; i < out->len; i++)
        rock |= g_array_index(out, dw_iso_entry, i).mode != 0;
    if (!rock) {
        GArray *j = g_array_new(FALSE, TRUE, sizeof(dw_iso_entry));
        if (list_tree(path, ISO_EXTENSION_ALL, dir, j, &joliet, NULL) && joliet) {
            clear_entries(out);
            g_array_free(out, TRUE);
            out = j;
        } else {
            clear_entries(j);
            g_array_free(j, TRUE);
        }
    }
    if (view)
        unlink(view);
    *n = out->len;
    return (dw_iso_entry *)(void *)g_array_free(out, FALSE);
}

void dw_iso_entries_free(dw_iso_entry *entries, size_t n)
{
    if (!entries)
        return;
    for (size_t i = 0; i < n; i++)
        g_free(entries[i].path);
    g_free(entries);
}

dw_iso_entry *dw_iso_list(const char *image, const char *dir, size_t *n, GError **error)
{
    dw_job *previous = dw_cdio_log_enter(NULL);
    dw_iso_entry *ret = iso_list_run(image, dir, n, error);
    dw_cdio_log_leave(previous);
    return ret;
}
