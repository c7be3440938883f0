/* ls.c: the files of an ISO image or disc (`discwright ls` without
 * --tree), read by the extract side's own bounds-checked reader
 * (dw_image_tree_read: Rock Ridge, else Joliet, else ISO 9660, else
 * UDF; multi-extent files joined, Rock Ridge relocations undone).  The
 * volume descriptors at block 16 are read, which on a grown image
 * (overwritable media, stdio files) are the last session's.  Each
 * directory's entries come before those of its subdirectories. */
#include "config.h"

#include <string.h>

#include "discwright/burn.h"
#include "discwright/error.h"
#include "discwright/extract.h"

typedef struct {
    const dw_image_tree *t;
    GArray **kids;               /* per entry: indexes of its children */
    GArray *out;
} lctx;

static void list_dir(lctx *c, size_t dir)
{
    GArray *k = c->kids[dir];
    for (guint i = 0; k && i < k->len; i++) {
        const dw_image_entry *e = &c->t->entries[g_array_index(k, size_t, i)];
        dw_iso_entry x = { 0 };
        x.path = g_strdup(e->path);
        x.is_dir = e->type == DW_ENTRY_DIR;
        x.size = x.is_dir ? 0 : e->size;
        x.lsn = e->n_extents ? e->extents[0].lba : 0;
        x.mode = e->mode;
        g_array_append_val(c->out, x);
    }
    for (guint i = 0; k && i < k->len; i++) {
        size_t j = g_array_index(k, size_t, i);
        if (c->t->entries[j].type == DW_ENTRY_DIR)
            list_dir(c, j);
    }
}

dw_iso_entry *dw_iso_list(const char *image, const char *dir, dw_job *job, size_t *n, GError **error)
{
    *n = 0;
    g_autofree char *top = NULL;
    if (dir && *dir && strcmp(dir, "/") != 0)
        top = g_strdup_printf("%s%s", dir[0] == '/' ? "" : "/", dir);
    g_autoptr(dw_image_tree) t = dw_image_tree_read(image, DW_TREE_AUTO, top, 0, job, error);
    if (!t)
        return NULL;
    if (!t->n || t->entries[0].type != DW_ENTRY_DIR) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no directory %s in the image", t->image, dir);
        return NULL;
    }
    lctx c = { t, g_new0(GArray *, t->n), g_array_new(FALSE, TRUE, sizeof(dw_iso_entry)) };
    for (size_t i = 1; i < t->n; i++) {
        size_t p = (size_t)t->entries[i].parent;
        if (!c.kids[p])
            c.kids[p] = g_array_new(FALSE, FALSE, sizeof(size_t));
        g_array_append_val(c.kids[p], i);
    }
    list_dir(&c, 0);
    for (size_t i = 0; i < t->n; i++)
        if (c.kids[i])
            g_array_free(c.kids[i], TRUE);
    g_free(c.kids);
    *n = c.out->len;
    return (dw_iso_entry *)(void *)g_array_free(c.out, FALSE);
}

void dw_iso_entries_free(dw_iso_entry *entries, size_t n)
{
    if (!entries)
        return;
    for (size_t i = 0; i < n; i++)
        g_free(entries[i].path);
    g_free(entries);
}
