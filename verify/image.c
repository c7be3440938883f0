/* image.c: resolve a verify TARGET into the files and sector runs that
 * hold it.  A CloneCD .ccd has one .img indexed by LBA (offset = LBA *
 * 2352, the gaps between sessions included) and maybe a .sub; a cue or
 * cdrdao toc names one file per track or one for all (each track says
 * where its first stored sector is); an ISO is 2048-byte sectors from
 * LBA 0; any other file is taken as raw 2352-byte sectors from LBA 0.
 * A rip's BASE.map beside the target is noted for the unreadable check. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discwright/error.h"
#include "discwright/sheet.h"
#include "discwright/verify.h"

void dw_image_free(dw_image *img)
{
    if (!img)
        return;
    if (img->spans) {
        for (guint i = 0; i < img->spans->len; i++)
            g_free(g_array_index(img->spans, dw_image_span, i).path);
        g_array_free(img->spans, TRUE);
    }
    dw_disc_free(img->disc);
    g_free(img->target);
    g_free(img->dir);
    g_free(img->base);
    g_free(img->sub_path);
    g_free(img->map_path);
    g_free(img);
}

int64_t dw_image_sectors(const dw_image *img)
{
    int64_t n = 0;
    for (guint i = 0; i < img->spans->len; i++)
        n += g_array_index(img->spans, dw_image_span, i).count;
    return n;
}

static int64_t file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    return st.st_size;
}

static gboolean has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && g_ascii_strcasecmp(path + n - e, ext) == 0;
}

/* Spans for the tracks of a .ccd: all in one LBA-indexed .img. */
static gboolean spans_ccd(dw_image *img, GError **error)
{
    g_autofree char *path = g_strconcat(img->base, ".img", NULL);
    int64_t size = file_size(path);
    if (size < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: the image file of %s is missing", path,
                    img->target);
        return FALSE;
    }
    int64_t have = size / 2352;
    for (int i = 0; i < img->disc->n_tracks; i++) {
        const dw_track *t = &img->disc->tracks[i];
        int32_t first = t->index[0] >= 0 ? t->index[0] : (t->start > 0 ? t->start : 0);
        if (first < 0)
            first = 0;
        int64_t end = (int64_t)t->start + t->length;
        if (end > have)
            end = have;
        if (end <= first)
            continue;
        dw_image_span s = { g_strdup(path), (int64_t)first * 2352, 2352, first, (int32_t)(end - first),
                            t->number, t->mode, t->start };
        g_array_append_val(img->spans, s);
    }
    g_autofree char *sub = g_strconcat(img->base, ".sub", NULL);
    if (file_size(sub) >= 0)
        img->sub_path = g_steal_pointer(&sub);
    return TRUE;
}

/* Spans for a cue or toc: each track says which file and where. */
static gboolean spans_sheet(dw_image *img, GError **error)
{
    for (int i = 0; i < img->disc->n_tracks; i++) {
        const dw_track *t = &img->disc->tracks[i];
        if (!t->file.path || !t->file.sector_size)
            continue;
        g_autofree char *path = g_path_is_absolute(t->file.path) ? g_strdup(t->file.path)
                                : g_build_filename(img->dir, t->file.path, NULL);
        int64_t size = file_size(path);
        if (size < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: named by %s, is missing", path, img->target);
            return FALSE;
        }
        int32_t first = t->file.pregap_stored ? t->start - t->pregap : t->start;
        int64_t count = (int64_t)t->start + t->length - first;
        int64_t avail = (size - t->file.offset) / t->file.sector_size;
        if (count > avail)
            count = avail;
        if (count <= 0)
            continue;
        dw_image_span s = { g_strdup(path), t->file.offset, t->file.sector_size, first, (int32_t)count,
                            t->number, t->mode, t->start };
        g_array_append_val(img->spans, s);
    }
    return TRUE;
}

dw_image *dw_image_open(const char *target, GError **error)
{
    int64_t size = file_size(target);
    if (size < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: no such image file", target);
        return NULL;
    }
    g_autoptr(dw_image) img = g_new0(dw_image, 1);
    img->target = g_strdup(target);
    img->dir = g_path_get_dirname(target);
    const char *dot = strrchr(target, '.');
    const char *slash = strrchr(target, '/');
    img->base = dot && (!slash || dot > slash) ? g_strndup(target, (gsize)(dot - target)) : g_strdup(target);
    img->spans = g_array_new(FALSE, FALSE, sizeof(dw_image_span));
    gboolean ok = TRUE;
    if (has_ext(target, ".ccd")) {
        img->kind = DW_IMAGE_CCD;
        img->disc = dw_ccd_read_file(target, error);
        ok = img->disc && spans_ccd(img, error);
    } else if (has_ext(target, ".cue")) {
        img->kind = DW_IMAGE_CUE;
        img->disc = dw_cue_read_file(target, error);
        ok = img->disc && spans_sheet(img, error);
    } else if (has_ext(target, ".toc")) {
        img->kind = DW_IMAGE_TOC;
        img->disc = dw_toc_read_file(target, error);
        ok = img->disc && spans_sheet(img, error);
    } else {
        gboolean iso = has_ext(target, ".iso") || size % 2352 != 0;
        img->kind = iso ? DW_IMAGE_ISO : DW_IMAGE_RAW;
        uint32_t ss = iso ? 2048 : 2352;
        int64_t n = size / ss;
        if (n > INT32_MAX)
            n = INT32_MAX;
        dw_image_span s = { g_strdup(target), 0, ss, 0, (int32_t)n, iso ? 0 : 1,
                            iso ? DW_TRACK_MODE1 : DW_TRACK_MODE2, 0 };
        g_array_append_val(img->spans, s);
    }
    if (!ok)
        return NULL;
    g_autofree char *map = g_strconcat(img->base, ".map", NULL);
    if (file_size(map) >= 0)
        img->map_path = g_steal_pointer(&map);
    return g_steal_pointer(&img);
}

gboolean dw_image_read(const dw_image *img, int64_t lba, int32_t count, uint8_t *buf, GError **error)
{
    size_t done = 0;
    while (count > 0) {
        const dw_image_span *sp = NULL;
        for (guint i = 0; i < img->spans->len && !sp; i++) {
            const dw_image_span *s = &g_array_index(img->spans, dw_image_span, i);
            if (lba >= s->lba && lba < (int64_t)s->lba + s->count)
                sp = s;
        }
        if (!sp) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "%s: sector %" G_GINT64_FORMAT
                        " is not in the image", img->target, lba);
            return FALSE;
        }
        int32_t n = (int32_t)MIN((int64_t)count, (int64_t)sp->lba + sp->count - lba);
        size_t want = (size_t)n * sp->sector_size;
        int fd = open(sp->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "%s: %s", sp->path, g_strerror(errno));
            return FALSE;
        }
        int64_t off = sp->offset + (lba - sp->lba) * (int64_t)sp->sector_size;
        size_t got = 0;
        while (got < want) {
            ssize_t r = pread(fd, buf + done + got, want - got, (off_t)(off + (int64_t)got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(fd);
        if (got < want) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNREADABLE, "%s: short read at byte %" G_GINT64_FORMAT,
                        sp->path, off + (int64_t)got);
            return FALSE;
        }
        done += want;
        lba += n;
        count -= n;
    }
    return TRUE;
}
