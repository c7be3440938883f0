/* sysarea.c: the system area (blocks 0..15) and the partition tables as
 * xorriso -as mkisofs makes them, for the mkisofs front door
 * (options.xorriso_sysarea).  The tools that build distribution ISOs,
 * and the firmware that boots their images, were tuned against these
 * layouts, so the rules below are xorriso 1.5's (see doc/boot.md):
 *
 *  - a template (-G, --grub2-mbr or the -isohybrid-mbr file) fills the
 *    area first; tables are written over it;
 *  - MBR: isohybrid (partition 1 = the image from sector 0, bootable,
 *    type 0x17, or 0x00 when boot images are also listed in GPT or APM,
 *    which then take the free slots as 0xEF/0x00 entries),
 *    --protective-msdos-label (partition 1 from sector 1, type 0xCD or
 *    -iso_mbr_part_type, 0xEE when a GPT exists), -chrp-boot (0x96 over
 *    the image), or a plain table (0xCD from sector 1, or 0x83 from 0)
 *    when partitions are appended or -partition_offset is given;
 *    appended partitions in their own slots unless they go to GPT; the
 *    bootable flag on the first ordinary entry, and --mbr-force-bootable's
 *    one-sector dummy entry when there is none;
 *  - GPT: "ISOHybrid" entries for boot images marked by
 *    -isohybrid-gpt-basdat/-hfsplus (with an open-ended entry for the
 *    whole ISO), "EFI boot partition" (-efi-boot-part), "AppendedN", and
 *    fillers so that the disk is claimed to its end ("ISO9660" for the
 *    ISO range, "GapN" elsewhere); the entry array starts after the APM;
 *  - APM (2048-byte blocks) for -isohybrid-apm-hfsplus, its head put into
 *    the 32 bytes of no-op code isohdpfx.bin starts with;
 *  - cylinder alignment: the ISO part is padded to whole cylinders with
 *    an isohybrid MBR or -partition_cyl_align on/all; "all" pads appended
 *    partitions too.
 * The MBR id and the GUIDs are derived from the volume (hybrid.c), so
 * the same input gives the same bytes. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "author/author_private.h"

static const guint8 G_BASIC[16] = { 0xa2, 0xa0, 0xd0, 0xeb, 0xe5, 0xb9, 0x33, 0x44,
                                    0x87, 0xc0, 0x68, 0xb6, 0xb7, 0x26, 0x99, 0xc7 };
static const guint8 G_ESP[16] = { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
                                  0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b };
static const guint8 G_HFS[16] = { 0x00, 0x53, 0x46, 0x48, 0x00, 0x00, 0xaa, 0x11,
                                  0xaa, 0x11, 0x00, 0x30, 0x65, 0x43, 0xec, 0xac };
/* Attribute bits of the entries xorriso makes for ISO data: bit 0
 * (required by the platform) and bit 60 (read-only). */
#define F_ISO ((UINT64_C(1) << 60) | 1)
#define OPEN_END UINT64_MAX

/* The no-op code isohdpfx.bin starts with, which an APM head may replace. */
static const guint8 APM_ROOM[32] = { 0x33, 0xed, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
                                     0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
                                     0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90 };
/* "ER", block size 2048, then harmless code bytes. */
static const guint8 APM_HEAD[32] = { 0x45, 0x52, 0x08, 0x00, 0x00, 0x00, 0x90, 0x90 };

typedef struct {
    uint64_t start, count;       /* 512-byte sectors; count OPEN_END = to the end of the ISO */
    const guint8 *type;
    uint64_t flags;
    char name[40];
} gpt_req;

typedef struct {
    uint32_t start, count;       /* 2048-byte blocks */
    const char *name, *type;
} apm_req;

static uint64_t round_up(uint64_t v, uint64_t m)
{
    return m ? (v + m - 1) / m * m : v;
}

static gboolean gpt_marked(const dw_author_plan *p, const dw_aboot *e)
{
    return (e->b.gpt_basdat || e->b.gpt_hfsplus) && !(e->b.appended_part && p->o.gpt);
}

static const dw_apart *part_of(const dw_boot_area *a, int number)
{
    for (guint k = 0; k < a->parts->len; k++)
        if (g_array_index(a->parts, dw_apart, k).part.number == number)
            return &g_array_index(a->parts, dw_apart, k);
    return NULL;
}

/* A boot entry's extent in 2048-byte blocks (its file or its appended partition). */
static void entry_range(const dw_author_plan *p, const dw_aboot *e, uint64_t *start, uint64_t *blocks)
{
    *start = *blocks = 0;
    if (e->file >= 0) {
        const dw_afile *f = &g_array_index(p->files, dw_afile, e->file);
        *start = f->lba;
        *blocks = (f->size + BLK - 1) / BLK;
    } else if (e->b.appended_part) {
        const dw_apart *ap = part_of(p->boot, e->b.appended_part);
        if (ap) {
            *start = ap->lba;
            *blocks = ap->blocks;
        }
    }
}

gboolean dw_sysarea_check(dw_author_plan *p, GError **error)
{
    dw_boot_area *a = p->boot;
    const dw_author_options *o = &p->o;
    a->heads = o->mbr_heads > 0 && o->mbr_heads <= 255 ? o->mbr_heads : 64;
    a->sectors = o->mbr_sectors > 0 && o->mbr_sectors <= 63 ? o->mbr_sectors : 32;
    int gmarks = 0, amarks = 0, efi = 0, stray = 0;
    for (guint i = 0; i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        efi += e->b.platform == 0xEF;
        if (!a->have_mbr) {
            stray += e->b.gpt_basdat || e->b.gpt_hfsplus || e->b.apm_hfsplus;
            continue;
        }
        gmarks += gpt_marked(p, e);
        amarks += e->b.apm_hfsplus;
    }
    if (stray)
        dw_job_log(p->job, DW_LOG_WARNING, "-isohybrid-gpt-basdat, -isohybrid-gpt-hfsplus and -isohybrid-apm-hfsplus "
                   "take effect only with -isohybrid-mbr (as in xorriso): ignored");
    if (a->have_mbr && (o->efi_boot_part || o->efi_boot_part_file)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-efi-boot-part and -isohybrid-mbr exclude each other (as in "
                    "xorriso: both claim MBR partition 1)");
        return FALSE;
    }
    if (a->have_mbr && o->protective_msdos_label) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--protective-msdos-label and -isohybrid-mbr exclude each other "
                    "(both write MBR partition 1)");
        return FALSE;
    }
    if (o->chrp && (a->have_mbr || o->protective_msdos_label || a->parts->len || o->efi_boot_part ||
                    o->efi_boot_part_file || o->partition_offset)) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-chrp-boot claims the whole MBR: it cannot be combined with "
                    "-isohybrid-mbr, --protective-msdos-label, -append_partition, -efi-boot-part or "
                    "-partition_offset");
        return FALSE;
    }
    if (o->efi_boot_part == 1 && !efi) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-efi-boot-part --efi-boot-image needs a UEFI boot image "
                    "(-e or --efi-boot)");
        return FALSE;
    }
    if (o->grub2_mbr && !a->have_mbr) {
        const dw_aboot *e = a->entries->len ? &g_array_index(a->entries, dw_aboot, 0) : NULL;
        if (!e || !e->b.image) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "--grub2-mbr patches the address of the first boot image "
                        "into the MBR: give one with -b (a file of the image)");
            return FALSE;
        }
    }
    if (amarks && o->hfsplus) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-isohybrid-apm-hfsplus and -hfsplus exclude each other (as in "
                    "xorriso: both write the Apple Partition Map)");
        return FALSE;
    }
    if (amarks) {
        if (!a->tmpl || a->tmpl_len < 32 || (memcmp(a->tmpl, APM_ROOM, 32) && memcmp(a->tmpl, APM_HEAD, 32))) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "-isohybrid-apm-hfsplus: the isohybrid MBR file does not "
                        "begin with the 32 bytes of no-op code that leave room for the Apple Partition Map head "
                        "(use isohdpfx.bin from isolinux)");
            return FALSE;
        }
    }
    if (o->efi_boot_part_file) {
        struct stat st;
        if (stat(o->efi_boot_part_file, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "-efi-boot-part %s: %s", o->efi_boot_part_file,
                        errno && !S_ISREG(st.st_mode) ? g_strerror(errno) : "not a regular, non-empty file");
            return FALSE;
        }
        /* Its data goes into the ISO area without a directory entry. */
        dw_afile f = { .src = o->efi_boot_part_file, .size = (uint64_t)st.st_size, .weight = 2000002 };
        g_array_append_val(p->files, f);
        a->efi_part_file = (int)p->files->len - 1;
    }
    a->gpt = gmarks > 0 || (a->parts->len && o->gpt) || o->efi_boot_part || o->efi_boot_part_file;
    /* The map itself, and with HFS+: Gap0, HFSPLUS_Hybrid, Gap1. */
    a->apm_count = o->hfsplus ? 4 : amarks ? amarks + 1 : 0;
    a->gpt_part_start = a->apm_count ? (uint32_t)(a->apm_count + 1) * 4 : 2;
    if (a->gpt_part_start >= 64) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "too many Apple Partition Map entries for a GPT after them");
        return FALSE;
    }
    a->gpt_entries = (64 - a->gpt_part_start) * 4;
    return TRUE;
}

/* MBR geometry for images beyond 1024 cylinders of 64 x 32 (as xorriso):
 * 32 sectors a head with as few heads as fit, else 63. */
static void geometry(dw_boot_area *a, uint64_t sectors)
{
    if ((uint64_t)a->heads * a->sectors * 1024 >= sectors)
        return;
    uint64_t h = (sectors + 32 * 1024 - 1) / (32 * 1024);
    if (h <= 255) {
        a->heads = (int)h;
        a->sectors = 32;
        return;
    }
    h = (sectors + 63 * 1024 - 1) / (63 * 1024);
    h = round_up(h, 4);
    a->heads = h > 255 ? 255 : (int)h;
    a->sectors = 63;
}

void dw_sysarea_place(dw_author_plan *p, uint64_t *lba)
{
    dw_boot_area *a = p->boot;
    const dw_author_options *o = &p->o;
    uint32_t tail = a->gpt ? (uint32_t)(((uint64_t)a->gpt_entries / 4 + 1) * 512 + BLK - 1) / BLK : 0;
    a->gpt_tail = tail;
    gboolean parts = a->parts->len > 0;
    dw_cyl_align m = o->cyl_align;
    gboolean align = m == DW_CYL_ON || m == DW_CYL_ALL || (m == DW_CYL_AUTO && a->have_mbr);
    if ((a->have_mbr || o->protective_msdos_label || m == DW_CYL_ON || m == DW_CYL_ALL) && !(o->gpt && parts) &&
        !o->mbr_heads && !o->mbr_sectors)
        geometry(a, (parts ? *lba : *lba + o->pad_blocks + tail) * 4);
    uint64_t cyl = (a->heads * a->sectors) % 4 ? 0 : (uint64_t)a->heads * a->sectors / 4;
    if (!align)
        cyl = 0;
    if (parts) {
        *lba = round_up(*lba, cyl);
        p->iso_blocks = *lba;
        for (guint k = 0; k < a->parts->len; k++) {
            /* in number order: the caller sorted them (hybrid.c) */
            dw_apart *ap = &g_array_index(a->parts, dw_apart, k);
            dw_afile *f = &g_array_index(p->files, dw_afile, ap->file);
            uint64_t nb = (f->size + BLK - 1) / BLK;
            if (m == DW_CYL_ALL) {
                *lba = round_up(*lba, cyl);
                ap->blocks = (uint32_t)round_up(nb, cyl);
            } else {
                ap->blocks = (uint32_t)nb;
            }
            ap->lba = (uint32_t)*lba;
            f->lba = ap->lba;
            dw_aseg s = { .lba = *lba, .nblocks = nb, .file = ap->file };
            g_array_append_val(p->segments, s);
            *lba += ap->blocks;
        }
        *lba += o->pad_blocks;
    } else {
        *lba += o->pad_blocks;
        if (cyl)
            *lba = round_up(*lba + tail, cyl) - tail;
        p->iso_blocks = *lba;
    }
    *lba += tail;
}

/* ---- writing ---- */

static void chs(const dw_boot_area *a, uint64_t lba, guint8 out[3])
{
    uint64_t spc = (uint64_t)a->heads * a->sectors;
    uint64_t c = lba / spc, h = lba % spc / a->sectors, s = lba % a->sectors + 1;
    if (c >= 1024) {
        c = 1023;
        h = (uint64_t)a->heads - 1;
        s = (uint64_t)a->sectors;
    }
    out[0] = (guint8)h;
    out[1] = (guint8)(s | ((c >> 2) & 0xC0));
    out[2] = (guint8)(c & 0xFF);
}

static void mbr_put(const dw_boot_area *a, guint8 *m, int slot, guint8 status, guint8 type, uint64_t start,
                    uint64_t count)
{
    guint8 *e = m + 446 + 16 * (slot - 1);
    if (start > 0xFFFFFFFFu)
        start = 0xFFFFFFFFu;
    if (count > 0xFFFFFFFFu)
        count = 0xFFFFFFFFu;
    e[0] = status;
    chs(a, start, e + 1);
    e[4] = type;
    chs(a, count ? start + count - 1 : start, e + 5);
    dw_le32(e + 8, (uint32_t)start);
    dw_le32(e + 12, (uint32_t)count);
}

static gboolean slot_used(const guint8 *m, int slot)
{
    const guint8 *e = m + 446 + 16 * (slot - 1);
    for (int i = 0; i < 16; i++)
        if (e[i])
            return TRUE;
    return FALSE;
}

static void write_apm(dw_author_plan *p, guint8 *sys)
{
    dw_boot_area *a = p->boot;
    apm_req r[32];
    int n = 0;
    r[n++] = (apm_req){ 1, (uint32_t)a->apm_count, "Apple", "Apple_partition_map" };
    uint64_t hs, hb;
    if (dw_hfs_range(p, &hs, &hb)) {
        /* The HFS+ volume, the ISO data before it (from the PVD on) and after it. */
        r[n++] = (apm_req){ 16, (uint32_t)(hs - 16), "Gap0", "ISO9660_data" };
        r[n++] = (apm_req){ (uint32_t)hs, (uint32_t)hb, "HFSPLUS_Hybrid", "Apple_HFS" };
        if (p->total_blocks > hs + hb)
            r[n++] = (apm_req){ (uint32_t)(hs + hb), (uint32_t)(p->total_blocks - hs - hb), "Gap1", "ISO9660_data" };
        r[0].count = (uint32_t)n;
    }
    for (guint i = 0; i < a->entries->len && n < 32; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        if (!e->b.apm_hfsplus)
            continue;
        uint64_t start, blocks;
        entry_range(p, e, &start, &blocks);
        r[n++] = (apm_req){ (uint32_t)start, (uint32_t)blocks, "EFI", "Apple_HFS" };
    }
    for (int i = 0; i < n; i++) {
        guint8 *b = sys + (size_t)(i + 1) * BLK;
        memset(b, 0, BLK);
        b[0] = 'P';
        b[1] = 'M';
        dw_be32(b + 4, (uint32_t)n);
        dw_be32(b + 8, r[i].start);
        dw_be32(b + 12, r[i].count);
        memcpy(b + 16, r[i].name, strlen(r[i].name));
        memcpy(b + 48, r[i].type, strlen(r[i].type));
        dw_be32(b + 84, r[i].count);
        /* valid, allocated (the map itself); others also readable, and
         * HFS volumes mounted automatically by old Macs */
        dw_be32(b + 88, i == 0 ? 3 : 0x13 | (strcmp(r[i].type, "Apple_HFS") == 0 ? 0x40000000u : 0));
    }
    if (p->hfs) {
        /* A Block0 of 8 bytes ("ER", block size 2048, a jump over the rest)
         * that x86 code runs through harmlessly, as xorriso writes it. */
        static const guint8 block0[8] = { 0x45, 0x52, 0x08, 0x00, 0xeb, 0x02, 0xff, 0xff };
        memcpy(sys, block0, sizeof block0);
    } else {
        memcpy(sys, APM_HEAD, sizeof APM_HEAD);
    }
}

static gint cmp_req(gconstpointer x, gconstpointer y)
{
    const gpt_req *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1; /* the larger first */
    return 0;
}

static void add_req(GArray *r, uint64_t start, uint64_t count, const guint8 *type, uint64_t flags, const char *name)
{
    gpt_req q = { .start = start, .count = count, .type = type, .flags = flags };
    g_strlcpy(q.name, name, sizeof q.name);
    g_array_append_val(r, q);
}

static void gpt_header(guint8 *h, uint64_t self, uint64_t alt, uint64_t first, uint64_t last, const guint8 disk[16],
                       uint64_t entries, uint32_t n, uint32_t array_crc)
{
    memset(h, 0, 512);
    memcpy(h, "EFI PART", 8);
    dw_le32(h + 8, 0x00010000);
    dw_le32(h + 12, 92);
    dw_le64(h + 24, self);
    dw_le64(h + 32, alt);
    dw_le64(h + 40, first);
    dw_le64(h + 48, last);
    memcpy(h + 56, disk, 16);
    dw_le64(h + 72, entries);
    dw_le32(h + 80, n);
    dw_le32(h + 84, 128);
    dw_le32(h + 88, array_crc);
    dw_le32(h + 16, (uint32_t)crc32(0, h, 92));
}

static void write_gpt(dw_author_plan *p, guint8 *sys, const guint8 seed[32])
{
    dw_boot_area *a = p->boot;
    const dw_author_options *o = &p->o;
    uint64_t total = p->total_blocks * 4, backup_start = (p->total_blocks - a->gpt_tail) * 4;
    uint64_t iso_end = p->iso_blocks * 4, offset = (uint64_t)o->partition_offset * 4;
    GArray *r = g_array_new(FALSE, TRUE, sizeof(gpt_req));
    int k = 0;
    for (guint i = 0; a->have_mbr && i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        if (!gpt_marked(p, e))
            continue;
        uint64_t start, blocks;
        entry_range(p, e, &start, &blocks);
        char name[40];
        g_snprintf(name, sizeof name, "ISOHybrid%d", ++k);
        add_req(r, start * 4, blocks * 4, e->b.gpt_hfsplus ? G_HFS : G_BASIC, F_ISO, name);
    }
    if (k)
        add_req(r, offset, OPEN_END, G_BASIC, F_ISO, "ISOHybrid");
    if (o->efi_boot_part_file || o->efi_boot_part) {
        uint64_t start = 0, blocks = 0;
        if (a->efi_part_file >= 0) {
            const dw_afile *f = &g_array_index(p->files, dw_afile, a->efi_part_file);
            start = f->lba;
            blocks = (f->size + BLK - 1) / BLK;
        } else {
            for (guint i = 0; i < a->entries->len && !blocks; i++) {
                const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
                if (e->b.platform == 0xEF)
                    entry_range(p, e, &start, &blocks);
            }
        }
        add_req(r, start * 4, blocks * 4, G_ESP, F_ISO, "EFI boot partition");
    }
    for (guint j = 0; j < a->parts->len; j++) {
        const dw_apart *ap = &g_array_index(a->parts, dw_apart, j);
        uint64_t start = (uint64_t)ap->lba * 4, count = (uint64_t)ap->blocks * 4;
        gboolean have = FALSE;
        for (guint q = 0; q < r->len; q++)
            have |= g_array_index(r, gpt_req, q).start == start && g_array_index(r, gpt_req, q).count == count;
        if (have)
            continue;
        char name[40];
        g_snprintf(name, sizeof name, "Appended%d", ap->part.number);
        const guint8 *t = ap->part.type_guid_set ? ap->part.type_guid : ap->part.type == 0xEF ? G_ESP : G_BASIC;
        add_req(r, start, count, t, 0, name);
    }
    uint64_t hs, hb;
    if (dw_hfs_range(p, &hs, &hb)) {
        /* The HFS+ volume, unless another entry already covers part of it. */
        gboolean overlap = FALSE;
        for (guint q = 0; q < r->len; q++) {
            const gpt_req *e = &g_array_index(r, gpt_req, q);
            uint64_t end = e->count == OPEN_END ? iso_end : e->start + e->count;
            overlap |= e->start < (hs + hb) * 4 && end > hs * 4;
        }
        if (!overlap)
            add_req(r, hs * 4, hb * 4, G_HFS, F_ISO, "HFSPLUS");
    }
    /* Claim the rest of the disk with fillers, as xorriso does. */
    g_array_sort(r, cmp_req);
    guint n = r->len;
    uint64_t part_end = 0;
    int gaps = 0;
    for (guint i = 0; i <= n; i++) {
        uint64_t goal = i < n ? g_array_index(r, gpt_req, i).start : MIN(total, backup_start), next;
        if (i == 0) {
            if (goal <= 64)
                continue;
            next = 64;
        } else {
            const gpt_req *q = &g_array_index(r, gpt_req, i - 1);
            next = q->count == OPEN_END ? OPEN_END : q->start + q->count;
        }
        part_end = MAX(part_end, next);
        if (part_end >= goal)
            continue;
        char name[40];
        const guint8 *t = G_BASIC;
        if (part_end == offset && goal == iso_end) {
            g_strlcpy(name, "ISO9660", sizeof name);
            if (o->iso_gpt_type_set)
                t = o->iso_gpt_type;
        } else {
            g_snprintf(name, sizeof name, "Gap%d", gaps);
        }
        gaps++;
        add_req(r, part_end, goal - part_end, t, F_ISO, name);
    }
    g_array_sort(r, cmp_req);
    if (r->len > a->gpt_entries) {
        dw_job_log(p->job, DW_LOG_WARNING, "%u GPT entries: only %u fit after the Apple Partition Map", r->len,
                   a->gpt_entries);
        g_array_set_size(r, a->gpt_entries);
    }
    guint8 disk[16];
    dw_hybrid_guid(p, seed, "disk", disk);
    guint8 *arr = sys + (size_t)a->gpt_part_start * 512;
    memset(arr, 0, (size_t)a->gpt_entries * 128);
    for (guint i = 0; i < r->len; i++) {
        const gpt_req *q = &g_array_index(r, gpt_req, i);
        guint8 *e = arr + (size_t)i * 128;
        uint64_t end = q->count == OPEN_END ? iso_end : q->start + q->count;
        end = MIN(end, backup_start);
        memcpy(e, q->type, 16);
        char label[64];
        g_snprintf(label, sizeof label, "partition %s", q->name);
        dw_hybrid_guid(p, seed, label, e + 16);
        dw_le64(e + 32, q->start);
        dw_le64(e + 40, end ? end - 1 : 0);
        dw_le64(e + 48, q->flags);
        for (int c = 0; q->name[c] && c < 36; c++)
            dw_le16(e + 56 + 2 * c, (uint16_t)(guint8)q->name[c]);
    }
    g_array_unref(r);
    uint32_t acrc = (uint32_t)crc32(0, arr, a->gpt_entries * 128);
    uint64_t asect = a->gpt_entries / 4;
    gpt_header(sys + 512, 1, total - 1, a->gpt_part_start + asect, total - 1 - asect - 1, disk, a->gpt_part_start,
               a->gpt_entries, acrc);
    guint8 *t = dw_plan_mem(p, p->total_blocks - a->gpt_tail, a->gpt_tail);
    size_t tb = (size_t)a->gpt_tail * BLK;
    memcpy(t + tb - 512 - asect * 512, arr, (size_t)a->gpt_entries * 128);
    gpt_header(t + tb - 512, total - 1, 1, a->gpt_part_start + asect, total - 1 - asect - 1, disk,
               total - 1 - asect, a->gpt_entries, acrc);
}

static const dw_aboot *first_bios(const dw_boot_area *a)
{
    for (guint i = 0; i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        if (e->b.platform == 0 && e->b.emul == DW_BOOT_NO_EMUL && e->file >= 0)
            return e;
    }
    return NULL;
}

static void write_mbr(dw_author_plan *p, guint8 *m, const guint8 seed[32])
{
    dw_boot_area *a = p->boot;
    const dw_author_options *o = &p->o;
    gboolean parts = a->parts->len > 0, pml = o->protective_msdos_label;
    uint64_t total = p->total_blocks * 4, img = (parts ? p->iso_blocks : p->total_blocks) * 4;
    guint8 iso_type = o->iso_mbr_type_set ? o->iso_mbr_type : 0xCD;
    gboolean table = FALSE;
    if (o->chrp) {
        memset(m + 446, 0, 64);
        mbr_put(a, m, 1, 0x80, 0x96, 0, img);
        table = TRUE;
    } else if (pml) {
        memset(m + 446, 0, 64);
        if (a->gpt)
            mbr_put(a, m, 1, 0x00, 0xEE, 1, total - 1);
        else
            mbr_put(a, m, 1, iso_type == 0xEE || iso_type == 0xEF ? 0x00 : 0x80, iso_type, 1, img - 1);
        table = TRUE;
    } else if (a->have_mbr) {
        int gmarks = 0, amarks = 0;
        for (guint i = 0; i < a->entries->len; i++) {
            const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
            gmarks += gpt_marked(p, e);
            amarks += e->b.apm_hfsplus;
        }
        const dw_aboot *bios = first_bios(a);
        dw_le64(m + 432, bios ? (uint64_t)g_array_index(p->files, dw_afile, bios->file).lba * 4 : 0);
        dw_hybrid_derive(p, seed, "mbr id", m + 440, 4);
        m[444] = m[445] = 0;
        memset(m + 446, 0, 64);
        if (parts && o->gpt)
            mbr_put(a, m, 1, 0x00, 0xEE, 1, total - 1);
        else
            mbr_put(a, m, 1, 0x80, gmarks || amarks ? 0x00 : o->iso_mbr_type_set ? o->iso_mbr_type : 0x17, 0, img);
        /* Boot images listed in GPT also get the free MBR slots. */
        int slot = 2;
        for (guint i = 0; i < a->entries->len && slot <= 4; i++) {
            const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
            if (!gpt_marked(p, e))
                continue;
            if (e->file < 0) {
                slot++;
                continue;
            }
            const dw_afile *f = &g_array_index(p->files, dw_afile, e->file);
            guint8 *s = m + 446 + 16 * (slot - 1);
            s[0] = 0;
            s[1] = 0xFE;
            s[2] = s[3] = 0xFF;
            s[4] = e->b.gpt_hfsplus ? 0x00 : 0xEF;
            s[5] = 0xFE;
            s[6] = s[7] = 0xFF;
            dw_le32(s + 8, f->lba * 4);
            dw_le32(s + 12, (uint32_t)MIN((f->size + 511) / 512, 0xFFFFFFFFu));
            slot++;
        }
        table = TRUE;
    } else if (o->efi_boot_part || o->efi_boot_part_file) {
        /* the GPT's protective entry, as xorriso registers it for -efi-boot-part */
        memset(m + 446, 0, 64);
        mbr_put(a, m, 1, 0x00, 0xEE, 1, total - 1);
        table = TRUE;
    } else if (o->partition_offset || parts) {
        memset(m + 446, 0, 64);
        if (parts && o->gpt)
            mbr_put(a, m, 1, 0x00, 0xEE, 1, total - 1);
        else if (!o->partition_offset)
            mbr_put(a, m, 1, 0x00, o->iso_mbr_type_set ? o->iso_mbr_type : 0x83, 0, img);
        else
            mbr_put(a, m, 1, 0x00, iso_type, 1, img - 1);
        table = TRUE;
    }
    /* -partition_offset: partition 1 starts there (a protective 0xEE entry stays at 1). */
    if (table && !o->chrp && o->partition_offset && slot_used(m, 1)) {
        guint8 *e = m + 446;
        if (e[4] == 0xEE && a->gpt) {
            mbr_put(a, m, 1, 0x00, 0xEE, 1, total - 1);
            memset(m + 462, 0, 48);
        } else {
            uint64_t start = (uint64_t)o->partition_offset * 4;
            mbr_put(a, m, 1, e[0] == 0x80 ? 0x80 : 0x00, e[4], start, img > start ? img - start : 1);
        }
    }
    if (!o->chrp && !o->gpt)
        for (guint k = 0; k < a->parts->len; k++) {
            const dw_apart *ap = &g_array_index(a->parts, dw_apart, k);
            mbr_put(a, m, ap->part.number, 0x00, ap->part.type, (uint64_t)ap->lba * 4, (uint64_t)ap->blocks * 4);
            table = TRUE;
        }
    if (o->grub2_mbr && !a->have_mbr && a->entries->len) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, 0);
        if (e->file >= 0)
            dw_le64(m + 432, (uint64_t)g_array_index(p->files, dw_afile, e->file).lba * 4 + 4);
    }
    /* A 0xEE entry without a GPT would mislead: xorriso turns it into the ISO type. */
    for (int s = 1; table && !a->gpt && s <= 4; s++)
        if (m[446 + 16 * (s - 1) + 4] == 0xEE)
            m[446 + 16 * (s - 1) + 4] = iso_type;
    /* The bootable flag: the first ordinary entry, else a dummy one (--mbr-force-bootable). */
    if (!o->chrp && (pml || a->have_mbr || o->grub2_mbr || o->mbr_force_bootable)) {
        gboolean flagged = FALSE;
        for (int s = 1; s <= 4; s++)
            flagged |= (m[446 + 16 * (s - 1)] & 0x80) != 0;
        for (int s = 1; !flagged && s <= 4; s++) {
            guint8 *e = m + 446 + 16 * (s - 1);
            if (slot_used(m, s) && e[4] != 0xEE && e[4] != 0xEF) {
                e[0] |= 0x80;
                flagged = TRUE;
            }
        }
        if (!flagged && o->mbr_force_bootable) {
            int s = 1;
            while (s <= 4 && slot_used(m, s))
                s++;
            if (s <= 4) {
                static const guint8 dummy[16] = { 0x80, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
                                                  0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 };
                memcpy(m + 446 + 16 * (s - 1), dummy, 16);
            } else {
                for (s = 1; s <= 4 && m[446 + 16 * (s - 1) + 4] == 0xEF; s++)
                    ;
                m[446 + 16 * (MIN(s, 4) - 1)] |= 0x80;
            }
            table = TRUE;
        }
    }
    if (table) {
        m[510] = 0x55;
        m[511] = 0xAA;
    }
}

void dw_sysarea_write(dw_author_plan *p)
{
    dw_boot_area *a = p->boot;
    guint8 seed[32];
    dw_hybrid_seed(p, seed);
    guint8 *sys = dw_plan_mem(p, 0, 16);
    if (a->tmpl)
        memcpy(sys, a->tmpl, a->tmpl_len);
    if (a->apm_count)
        write_apm(p, sys);
    if (a->gpt)
        write_gpt(p, sys, seed);
    write_mbr(p, sys, seed);
}
