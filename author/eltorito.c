/* eltorito.c: El Torito boot support for the author: the boot record
 * volume descriptor, the boot catalog (validation entry, the initial
 * entry, then one section per further entry, for BIOS and UEFI), and
 * the patches distributions ask for in the output's copy of a boot
 * image (the isolinux boot-info-table at bytes 8..63, GRUB 2's own
 * address at 2548).  The source files are never written.
 *
 * Boot images are files of the tree (or an appended partition, see
 * hybrid.c); they are checked here: present, a regular file, not empty,
 * sized for their emulation type, and FAT when they are a UEFI ESP. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "author/author_private.h"

/* Boot images that are patched are held in memory; this bounds it. */
#define PATCH_MAX (64u << 20)

static void boot_clear(gpointer x)
{
    dw_aboot *b = x;
    g_free((char *)b->b.image);
}

static void part_clear(gpointer x)
{
    dw_apart *a = x;
    g_free((char *)a->part.source);
}

void dw_boot_free(dw_author_plan *p)
{
    if (!p->boot)
        return;
    g_array_unref(p->boot->entries);
    g_array_unref(p->boot->parts);
    g_free(p->boot->catalog_path);
    g_free(p->boot->tmpl);
    g_free((char *)p->o.efi_boot_part_file);
    p->o.efi_boot_part_file = NULL;
    g_free(p->boot);
    p->boot = NULL;
}

/* Read up to n bytes from the start of path; -1 with error naming it. */
static gssize read_head(const char *what, const char *path, guint8 *buf, size_t n, GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s %s: %s", what, path, g_strerror(errno));
        return -1;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s %s: %s", what, path, g_strerror(errno));
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return (gssize)got;
}

gboolean dw_boot_is_fat(const guint8 *b, size_t n)
{
    if (n < 512 || b[510] != 0x55 || b[511] != 0xAA)
        return FALSE;
    unsigned bps = b[11] | b[12] << 8, spc = b[13], reserved = b[14] | b[15] << 8, fats = b[16];
    if ((bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) || spc == 0 || (spc & (spc - 1)) ||
        reserved == 0 || fats == 0)
        return FALSE;
    return memcmp(b + 54, "FAT", 3) == 0 || memcmp(b + 82, "FAT32", 5) == 0;
}

gboolean dw_boot_setup(dw_author_plan *p, const dw_author_options *o, GError **error)
{
    if (o->n_boot == 0 && o->n_partitions == 0 && !o->isohybrid_mbr && !o->gpt && !o->partition_offset &&
        !(o->xorriso_sysarea && (o->system_area_len || o->protective_msdos_label || o->chrp || o->mbr_force_bootable ||
                                 o->efi_boot_part_file || o->hfsplus)))
        return TRUE;
    if (o->n_boot > 31) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%zu El Torito boot entries: a one-block catalog holds 31",
                    o->n_boot);
        return FALSE;
    }
    if (o->udf_only && o->n_boot) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "El Torito boot entries need the ISO 9660 tree (not --udf-only)");
        return FALSE;
    }
    dw_boot_area *a = g_new0(dw_boot_area, 1);
    p->boot = a;
    a->entries = g_array_new(FALSE, TRUE, sizeof(dw_aboot));
    g_array_set_clear_func(a->entries, boot_clear);
    a->parts = g_array_new(FALSE, TRUE, sizeof(dw_apart));
    g_array_set_clear_func(a->parts, part_clear);
    a->catalog_path = g_strdup(o->boot_catalog ? o->boot_catalog : "/boot.catalog");
    a->catalog_file = -1;
    a->efi_part_file = -1;
    if (o->xorriso_sysarea && o->system_area_len) {
        if (o->system_area_len > 16 * BLK || !o->system_area) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "the system area (-G, --grub2-mbr) holds at most 32768 "
                        "bytes, not %zu", o->system_area_len);
            return FALSE;
        }
        a->tmpl = g_memdup2(o->system_area, o->system_area_len);
        a->tmpl_len = o->system_area_len;
    }
    if (o->xorriso_sysarea && o->efi_boot_part_file)
        p->o.efi_boot_part_file = g_strdup(o->efi_boot_part_file); /* owned from here, freed in dw_boot_free */
    for (size_t i = 0; i < o->n_partitions; i++) {
        dw_apart ap = { .part = o->partitions[i], .file = -1 };
        int num = ap.part.number;
        if (num < 1 || num > 4 || !ap.part.source) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d: the number must be 1 to 4 and a "
                        "file must be given", num);
            return FALSE;
        }
        for (guint k = 0; k < a->parts->len; k++)
            if (g_array_index(a->parts, dw_apart, k).part.number == num) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d is given twice", num);
                return FALSE;
            }
        if (ap.part.type == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d (%s): type 0x00 means an unused "
                        "slot", num, ap.part.source);
            return FALSE;
        }
        ap.part.source = g_strdup(ap.part.source);
        g_array_append_val(a->parts, ap);
    }
    for (size_t i = 0; i < o->n_boot; i++) {
        dw_aboot e = { .b = o->boot[i], .file = -1 };
        if (!e.b.image && !e.b.appended_part) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "El Torito entry %zu names no boot image", i + 1);
            return FALSE;
        }
        if (e.b.appended_part) {
            gboolean found = FALSE;
            for (guint k = 0; k < a->parts->len; k++)
                found |= g_array_index(a->parts, dw_apart, k).part.number == e.b.appended_part;
            if (!found) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "El Torito entry %zu: boot image is appended "
                            "partition %d, which is not given (-append_partition)", i + 1, e.b.appended_part);
                return FALSE;
            }
            if (e.b.emul != DW_BOOT_NO_EMUL || e.b.boot_info_table || e.b.grub2_boot_info) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "El Torito entry %zu: an appended partition is "
                            "booted without emulation and without patches", i + 1);
                return FALSE;
            }
        }
        if (e.b.load_size > 65535) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: boot load size %u is more than 65535 sectors",
                        e.b.image ? e.b.image : "appended partition", e.b.load_size);
            return FALSE;
        }
        e.b.image = g_strdup(e.b.image);
        g_array_append_val(a->entries, e);
    }
    if (o->isohybrid_mbr && o->xorriso_sysarea) {
        /* xorriso takes the file as the system area template (up to 32 KiB);
         * the front door may have read it already (system_area). */
        if (!a->tmpl) {
            guint8 *buf = g_malloc0(16 * BLK + 1);
            gssize n = read_head("isohybrid MBR", o->isohybrid_mbr, buf, 16 * BLK + 1, error);
            if (n < 0 || n > 16 * BLK) {
                if (n >= 0)
                    g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "isohybrid MBR %s is %zd bytes (at most 32768)",
                                o->isohybrid_mbr, n);
                g_free(buf);
                return FALSE;
            }
            a->tmpl = buf;
            a->tmpl_len = (size_t)n;
        }
        if (a->tmpl_len < 432) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "isohybrid MBR %s is %zu bytes (432 to 32768 expected, "
                        "like isohdpfx.bin)", o->isohybrid_mbr, a->tmpl_len);
            return FALSE;
        }
        memcpy(a->mbr_code, a->tmpl, 432);
        a->have_mbr = TRUE;
    } else if (o->isohybrid_mbr) {
        guint8 buf[513];
        gssize n = read_head("isohybrid MBR", o->isohybrid_mbr, buf, sizeof buf, error);
        if (n < 0)
            return FALSE;
        if (n != 432 && n != 440 && n != 446 && n != 512) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "isohybrid MBR %s is %zd bytes (432 to 512 expected, "
                        "like isohdpfx.bin)", o->isohybrid_mbr, n);
            return FALSE;
        }
        memcpy(a->mbr_code, buf, 432);
        a->have_mbr = TRUE;
    }
    if (a->have_mbr) {
        gboolean bios = FALSE;
        for (guint k = 0; k < a->entries->len; k++) {
            const dw_aboot *e = &g_array_index(a->entries, dw_aboot, k);
            bios |= e->b.platform == 0 && e->b.emul == DW_BOOT_NO_EMUL && e->b.image;
        }
        if (!bios) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "isohybrid MBR %s needs a BIOS no-emulation boot image "
                        "(-b) to start", o->isohybrid_mbr);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean load_image(dw_author_plan *p, dw_afile *f, const char *image, GError **error)
{
    if (f->mem)
        return TRUE;
    if (f->size > PATCH_MAX) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is %" G_GUINT64_FORMAT " bytes: too large to "
                    "patch (at most %u MiB)", image, f->size, PATCH_MAX >> 20);
        return FALSE;
    }
    (void)p;
    guint8 *m = g_malloc0(f->size);
    gssize n = read_head("cannot read boot image", f->src, m, f->size, error);
    if (n < 0 || (uint64_t)n != f->size) {
        if (n >= 0)
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "boot image %s changed size while the image was made",
                        f->src);
        g_free(m);
        return FALSE;
    }
    f->mem = m;
    return TRUE;
}

gboolean dw_boot_check(dw_author_plan *p, GError **error)
{
    dw_boot_area *a = p->boot;
    if (!a)
        return TRUE;
    if (a->catalog_file >= 0)
        g_array_index(p->files, dw_afile, a->catalog_file).weight = 2000001;
    for (guint i = 0; i < a->entries->len; i++) {
        dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        const char *img = e->b.image;
        if (!img) {
            for (guint k = 0; k < a->parts->len; k++) {
                const dw_apart *ap = &g_array_index(a->parts, dw_apart, k);
                if (ap->part.number == e->b.appended_part)
                    e->size = g_array_index(p->files, dw_afile, ap->file).size;
            }
            continue;
        }
        dw_anode *n = dw_author_lookup(p, img);
        if (!n) {
            if (g_file_test(img, G_FILE_TEST_EXISTS))
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is not in the image tree (give its "
                            "path inside the image, and graft the file if needed)", img);
            else
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s: no such file in the image tree", img);
            return FALSE;
        }
        if (!S_ISREG(n->mode) || n->file < 0 || n->file == a->catalog_file) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is not a regular file", img);
            return FALSE;
        }
        dw_afile *f = &g_array_index(p->files, dw_afile, n->file);
        e->file = n->file;
        e->size = f->size;
        if (f->size == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is empty", img);
            return FALSE;
        }
        if (f->size > 0xFFFFFFFFu) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is larger than 4 GiB", img);
            return FALSE;
        }
        f->weight = MAX(f->weight, 2000000);
        if (e->b.emul == DW_BOOT_FLOPPY) {
            static const uint64_t sizes[3] = { 1228800, 1474560, 2949120 };
            for (int k = 0; k < 3; k++)
                if (f->size == sizes[k])
                    e->media = (guint8)(k + 1);
            if (!e->media) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is %" G_GUINT64_FORMAT " bytes: floppy "
                            "emulation needs exactly 1200, 1440 or 2880 KiB", img, f->size);
                return FALSE;
            }
        } else if (e->b.emul == DW_BOOT_HARD_DISK) {
            guint8 mbr[512];
            gssize r = read_head("cannot read boot image", f->src, mbr, sizeof mbr, error);
            if (r < 0)
                return FALSE;
            int used = 0;
            for (int k = 0; r == 512 && k < 4; k++)
                if (mbr[446 + 16 * k + 4]) {
                    used++;
                    e->sys_type = mbr[446 + 16 * k + 4];
                }
            if (r != 512 || mbr[510] != 0x55 || mbr[511] != 0xAA || used != 1) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s: hard-disk emulation needs a disk "
                            "image with an MBR holding exactly one partition", img);
                return FALSE;
            }
            e->media = 4;
        }
        if (e->b.platform == 0xEF) {
            guint8 bs[512];
            gssize r = read_head("cannot read boot image", f->src, bs, sizeof bs, error);
            if (r < 0)
                return FALSE;
            if (!dw_boot_is_fat(bs, (size_t)r)) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "UEFI boot image %s is not a FAT file system image "
                            "(an EFI system partition made with mkfs.fat is expected)", img);
                return FALSE;
            }
        }
        if (e->b.boot_info_table || e->b.grub2_boot_info) {
            if (e->b.boot_info_table && f->size < 64) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is %" G_GUINT64_FORMAT " bytes: too "
                            "small for a boot-info-table (64 bytes)", img, f->size);
                return FALSE;
            }
            if (e->b.grub2_boot_info && f->size < 2556) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s is %" G_GUINT64_FORMAT " bytes: too "
                            "small for --grub2-boot-info (2556 bytes)", img, f->size);
                return FALSE;
            }
            if (!load_image(p, f, img, error))
                return FALSE;
        }
    }
    /* -efi-boot-part --efi-boot-image with HFS+: the ESP lies before the
     * HFS+ volume (xorriso keeps it out of the HFS+ tree the same way). */
    if (p->o.xorriso_sysarea && p->o.hfsplus) {
        if (a->efi_part_file >= 0)
            g_array_index(p->files, dw_afile, a->efi_part_file).early = TRUE;
        for (guint i = 0; p->o.efi_boot_part == 1 && i < a->entries->len; i++) {
            const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
            if (e->b.platform == 0xEF && e->file >= 0) {
                g_array_index(p->files, dw_afile, e->file).early = TRUE;
                break;
            }
        }
    }
    return TRUE;
}

void dw_boot_record_write(dw_author_plan *p, guint8 out[BLK])
{
    memset(out, 0, BLK);
    out[0] = 0;
    memcpy(out + 1, "CD001", 5);
    out[6] = 1;
    memcpy(out + 7, "EL TORITO SPECIFICATION", 23);
    const dw_afile *cat = &g_array_index(p->files, dw_afile, p->boot->catalog_file);
    dw_le32(out + 71, cat->lba - p->bias);
}

static uint32_t entry_lba(const dw_author_plan *p, const dw_aboot *e)
{
    if (e->file >= 0)
        return g_array_index(p->files, dw_afile, e->file).lba;
    for (guint k = 0; k < p->boot->parts->len; k++) {
        const dw_apart *ap = &g_array_index(p->boot->parts, dw_apart, k);
        if (ap->part.number == e->b.appended_part)
            return ap->lba;
    }
    return 0;
}

static void entry_write(const dw_author_plan *p, const dw_aboot *e, guint8 *b)
{
    b[0] = 0x88;
    b[1] = e->media;
    dw_le16(b + 2, 0);           /* load segment 0 = the traditional 0x7C0 */
    b[4] = e->sys_type;
    uint32_t count = 1;
    if (e->b.emul == DW_BOOT_NO_EMUL) {
        count = e->b.load_size;
        if (!count)
            count = (uint32_t)MIN((e->size + BLK - 1) / BLK * 4, 65535);
    }
    dw_le16(b + 6, (uint16_t)count);
    dw_le32(b + 8, entry_lba(p, e));
}

void dw_boot_write(dw_author_plan *p)
{
    dw_boot_area *a = p->boot;
    if (!a || !a->entries->len)
        return;
    guint8 *c = g_array_index(p->files, dw_afile, a->catalog_file).mem;
    memset(c, 0, BLK);
    const dw_aboot *first = &g_array_index(a->entries, dw_aboot, 0);
    c[0] = 1;
    c[1] = first->b.platform;
    c[30] = 0x55;
    c[31] = 0xAA;
    uint16_t sum = 0;
    for (int i = 0; i < 32; i += 2)
        sum = (uint16_t)(sum + (c[i] | c[i + 1] << 8));
    dw_le16(c + 28, (uint16_t)(0x10000 - sum));
    entry_write(p, first, c + 32);
    guint8 *b = c + 64;
    for (guint i = 1; i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        b[0] = i + 1 == a->entries->len ? 0x91 : 0x90;
        b[1] = e->b.platform;
        dw_le16(b + 2, 1);
        entry_write(p, e, b + 32);
        b += 64;
    }
    /* Patches in the output's copy of the boot images. */
    for (guint i = 0; i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        if (e->file < 0)
            continue;
        dw_afile *f = &g_array_index(p->files, dw_afile, e->file);
        if (e->b.grub2_boot_info)
            dw_le64(f->mem + 2548, (uint64_t)f->lba * 4 + 5);
        if (e->b.boot_info_table) {
            uint32_t sum32 = 0;
            for (uint64_t o = 64; o < f->size; o += 4) {
                guint8 w[4] = { 0, 0, 0, 0 };
                memcpy(w, f->mem + o, (size_t)MIN(4, f->size - o));
                sum32 += (uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
            }
            memset(f->mem + 8, 0, 56);
            dw_le32(f->mem + 8, 16);
            dw_le32(f->mem + 12, f->lba);
            dw_le32(f->mem + 16, (uint32_t)f->size);
            dw_le32(f->mem + 20, sum32);
        }
    }
}
