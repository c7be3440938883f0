/* hybrid.c: the image as a disk (USB stick) as well as a CD: files
 * appended after the ISO volume as partitions, the MBR in block 0 (the
 * isohybrid boot code such as syslinux's isohdpfx.bin, patched with the
 * BIOS boot image's address in 512-byte sectors at byte 432, a disk id
 * at 440, and the partition table), and optionally a GPT: protective
 * MBR, primary header and entry array in the system area, backup array
 * and header in the last sectors of the image.
 *
 * MBR mode: slot 1 is the ISO (start 0 or -partition_offset, bootable,
 * type 0x17), appended
 * partitions take their own slots, boot images marked gpt_basdat the
 * free ones (type 0xEF for UEFI).  GPT mode: the same slots as GPT
 * entries (ESP type for 0xEF, basic data otherwise); the ISO gets slot
 * 1 from sector 64 unless a marked image inside it would overlap.
 * Disk id and GUIDs come from a hash of the volume's metadata (names,
 * sizes, dates, places), its id and date: the same input gives the same
 * bytes, different volumes different ids. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "author/author_private.h"

#define GPT_ENTRIES 128
#define GPT_ENTRY_SIZE 128
/* Heads and sectors per track of the CHS fields (as isohybrid uses). */
#define CHS_H 64
#define CHS_S 32

static const char GUID_ESP[] = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
static const char GUID_BASIC[] = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
static const char GUID_LINUX[] = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

static gboolean have_tables(const dw_author_plan *p)
{
    const dw_boot_area *a = p->boot;
    if (!a)
        return FALSE;
    gboolean marked = FALSE;
    for (guint i = 0; i < a->entries->len; i++)
        marked |= a->marked_slot[i] != 0;
    return a->have_mbr || a->parts->len || p->o.gpt || marked || p->o.partition_offset;
}

static int iso_slot(const dw_author_plan *p)
{
    const dw_boot_area *a = p->boot;
    for (guint k = 0; k < a->parts->len; k++)
        if (g_array_index(a->parts, dw_apart, k).part.number == 1)
            return 0;
    if (p->o.gpt)
        for (guint i = 0; i < a->entries->len; i++)
            if (a->marked_slot[i])
                return 0;
    return 1;
}

/* An interval of an appended partition's file is held in memory; this bounds it. */
#define INTERVAL_MAX (256ull << 20)

static gboolean read_interval(const char *src, uint64_t off, uint64_t n, guint8 **out, GError **error)
{
    int fd = open(src, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", src, g_strerror(errno));
        return FALSE;
    }
    guint8 *m = g_malloc(n);
    uint64_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, m + got, (size_t)MIN(n - got, 1u << 20), (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "cannot read %s: %s", src,
                        r < 0 ? g_strerror(errno) : "the file got shorter");
            close(fd);
            g_free(m);
            return FALSE;
        }
        got += (uint64_t)r;
    }
    close(fd);
    *out = m;
    return TRUE;
}

gboolean dw_hybrid_gpt_tail(const dw_author_plan *p)
{
    if (p->o.xorriso_sysarea)
        return p->boot && p->boot->gpt;
    return p->o.gpt && have_tables(p);
}

gboolean dw_hybrid_check(dw_author_plan *p, GError **error)
{
    dw_boot_area *a = p->boot;
    if (!a)
        return TRUE;
    gboolean used[5] = { FALSE };
    for (guint k = 0; k < a->parts->len; k++) {
        dw_apart *ap = &g_array_index(a->parts, dw_apart, k);
        const char *src = ap->part.source;
        struct stat st;
        if (stat(src, &st) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "appended partition %d: cannot read %s: %s", ap->part.number,
                        src, g_strerror(errno));
            return FALSE;
        }
        if (!S_ISREG(st.st_mode) || st.st_size == 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d: %s is %s", ap->part.number, src,
                        S_ISREG(st.st_mode) ? "empty" : "not a regular file");
            return FALSE;
        }
        if ((uint64_t)st.st_size > 0x1FFFFFFFFull * 512 / 4) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d: %s is too large", ap->part.number,
                        src);
            return FALSE;
        }
        if (ap->part.type == 0xEF) {
            guint8 bs[512];
            int fd = open(src, O_RDONLY | O_CLOEXEC);
            ssize_t r = fd >= 0 ? pread(fd, bs, sizeof bs, (off_t)ap->part.offset) : -1;
            int e = errno;
            if (fd >= 0)
                close(fd);
            if (r < 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_IO, "appended partition %d: cannot read %s: %s",
                            ap->part.number, src, g_strerror(e));
                return FALSE;
            }
            if (!dw_boot_is_fat(bs, (size_t)r)) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d: %s is not a FAT file system "
                            "image (type 0xEF is an EFI system partition; make it with mkfs.fat)",
                            ap->part.number, src);
                return FALSE;
            }
        }
        dw_afile f = { .src = src, .size = (uint64_t)st.st_size, .outside = TRUE }; /* borrowed from the boot area */
        if (ap->part.offset || ap->part.length) {
            /* An interval of the file (--interval:local_fs:...): held in memory. */
            uint64_t end = ap->part.length ? ap->part.offset + ap->part.length : (uint64_t)st.st_size;
            if (ap->part.offset >= (uint64_t)st.st_size || end > (uint64_t)st.st_size || end - ap->part.offset >
                INTERVAL_MAX) {
                g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "appended partition %d: bytes %" G_GUINT64_FORMAT "-%"
                            G_GUINT64_FORMAT " of %s: %s", ap->part.number, ap->part.offset, end - 1, src,
                            end - ap->part.offset > INTERVAL_MAX ? "more than 256 MiB" : "beyond the end of the file");
                return FALSE;
            }
            f.size = end - ap->part.offset;
            if (!read_interval(src, ap->part.offset, f.size, &f.mem, error))
                return FALSE;
        }
        g_array_append_val(p->files, f);
        ap->file = (int)p->files->len - 1;
        used[ap->part.number] = TRUE;
    }
    if (p->o.xorriso_sysarea)
        return dw_sysarea_check(p, error);
    if (!used[1])
        used[1] = TRUE;          /* the ISO, or kept free in GPT mode as xorriso does */
    for (guint i = 0; i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        if (!e->b.gpt_basdat || !e->b.image)
            continue;
        int s = 2;
        while (s <= 4 && used[s])
            s++;
        if (s > 4) {
            g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "boot image %s: no partition slot left to mark it",
                        e->b.image);
            return FALSE;
        }
        used[s] = TRUE;
        a->marked_slot[i] = s;
    }
    return TRUE;
}

static gint cmp_part(gconstpointer x, gconstpointer y)
{
    return ((const dw_apart *)x)->part.number - ((const dw_apart *)y)->part.number;
}

void dw_hybrid_place(dw_author_plan *p, uint64_t *lba)
{
    dw_boot_area *a = p->boot;
    if (!a) {
        *lba += p->o.pad_blocks;
        return;
    }
    g_array_sort(a->parts, cmp_part);
    if (p->o.xorriso_sysarea) {
        dw_sysarea_place(p, lba);
        return;
    }
    for (guint k = 0; k < a->parts->len; k++) {
        dw_apart *ap = &g_array_index(a->parts, dw_apart, k);
        dw_afile *f = &g_array_index(p->files, dw_afile, ap->file);
        ap->lba = (uint32_t)*lba;
        ap->blocks = (uint32_t)((f->size + BLK - 1) / BLK);
        f->lba = ap->lba;
        dw_aseg s = { .lba = *lba, .nblocks = ap->blocks, .file = ap->file };
        g_array_append_val(p->segments, s);
        *lba += ap->blocks;
    }
    *lba += p->o.pad_blocks; /* -pad: after the appended partitions, as xorriso */
    /* The backup GPT: 32 sectors of entries and the header, 33 sectors. */
    if (p->o.gpt && have_tables(p)) {
        a->gpt_tail = (33 * 512 + BLK - 1) / BLK;
        *lba += a->gpt_tail;
    }
}

/* SHA-256 over the volume's metadata (descriptors, directories, path
 * tables, UDF structures: names, sizes, dates and places of every
 * file), so that different volumes get different ids. */
void dw_hybrid_seed(const dw_author_plan *p, guint8 out[32])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    for (guint i = 0; i < p->segments->len; i++) {
        const dw_aseg *g = &g_array_index(p->segments, dw_aseg, i);
        if (g->mem && g->lba >= 16)
            g_checksum_update(c, g->mem, (gssize)(g->nblocks * BLK));
    }
    gsize dl = 32;
    g_checksum_get_digest(c, out, &dl);
    g_checksum_free(c);
}

/* n <= 32 bytes derived from the volume's content seed and a label. */
void dw_hybrid_derive(const dw_author_plan *p, const guint8 seed_hash[32], const char *label, guint8 *out, size_t n)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, seed_hash, 32);
    g_autofree char *seed = g_strdup_printf("discwright hybrid|%s|%s|%jd|%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT,
                                            label, p->volid, (intmax_t)p->date, p->total_blocks, p->iso_blocks);
    g_checksum_update(c, (const guchar *)seed, -1);
    for (guint k = 0; k < p->boot->parts->len; k++) {
        const dw_apart *ap = &g_array_index(p->boot->parts, dw_apart, k);
        guint8 b[16];
        dw_le32(b, (uint32_t)ap->part.number);
        dw_le32(b + 4, ap->part.type);
        dw_le32(b + 8, ap->lba);
        dw_le32(b + 12, ap->blocks);
        g_checksum_update(c, b, sizeof b);
    }
    guint8 d[32];
    gsize dl = sizeof d;
    g_checksum_get_digest(c, d, &dl);
    g_checksum_free(c);
    memcpy(out, d, MIN(n, sizeof d));
}

void dw_hybrid_guid(const dw_author_plan *p, const guint8 seed[32], const char *label, guint8 g[16])
{
    dw_hybrid_derive(p, seed, label, g, 16);
    g[7] = (guint8)((g[7] & 0x0F) | 0x40);   /* version 4 */
    g[8] = (guint8)((g[8] & 0x3F) | 0x80);   /* RFC 4122 variant */
}

/* "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" in the on-disk (mixed-endian) order. */
void dw_guid_parse(const char *s, guint8 g[16])
{
    guint8 b[16];
    int n = 0;
    for (const char *c = s; *c && n < 32; c++) {
        if (*c == '-')
            continue;
        int v = g_ascii_xdigit_value(*c);
        if (n % 2 == 0)
            b[n / 2] = (guint8)(v << 4);
        else
            b[n / 2] |= (guint8)v;
        n++;
    }
    static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    for (int i = 0; i < 16; i++)
        g[i] = b[order[i]];
}

static void chs(uint64_t lba, guint8 out[3])
{
    uint64_t c = lba / (CHS_H * CHS_S);
    if (c > 1023) {
        out[0] = 0xFE;
        out[1] = 0xFF;
        out[2] = 0xFF;
        return;
    }
    unsigned h = (unsigned)(lba / CHS_S % CHS_H), s = (unsigned)(lba % CHS_S + 1);
    out[0] = (guint8)h;
    out[1] = (guint8)(s | ((c >> 2) & 0xC0));
    out[2] = (guint8)(c & 0xFF);
}

static void mbr_entry(guint8 *e, guint8 status, guint8 type, uint64_t start, uint64_t count)
{
    if (count > 0xFFFFFFFFu)
        count = 0xFFFFFFFFu;
    e[0] = status;
    chs(start, e + 1);
    e[4] = type;
    chs(start + count - 1, e + 5);
    dw_le32(e + 8, (uint32_t)MIN(start, 0xFFFFFFFFu));
    dw_le32(e + 12, (uint32_t)count);
}

typedef struct {
    gboolean set;
    guint8 type;
    const char *guid;            /* GPT type */
    const guint8 *guid_bytes;    /* GPT type given as bytes (instead of guid) */
    const char *name;
    uint64_t start, count;       /* 512-byte sectors */
} slot;

static void gpt_header(const dw_author_plan *p, guint8 *h, uint64_t self, uint64_t alt, uint64_t entries,
                       uint64_t last_usable, const guint8 disk[16], uint32_t array_crc)
{
    (void)p;
    memset(h, 0, 512);
    memcpy(h, "EFI PART", 8);
    dw_le32(h + 8, 0x00010000);
    dw_le32(h + 12, 92);
    dw_le64(h + 24, self);
    dw_le64(h + 32, alt);
    dw_le64(h + 40, 34);
    dw_le64(h + 48, last_usable);
    memcpy(h + 56, disk, 16);
    dw_le64(h + 72, entries);
    dw_le32(h + 80, GPT_ENTRIES);
    dw_le32(h + 84, GPT_ENTRY_SIZE);
    dw_le32(h + 88, array_crc);
    dw_le32(h + 16, (uint32_t)crc32(0, h, 92));
}

void dw_hybrid_write(dw_author_plan *p)
{
    dw_boot_area *a = p->boot;
    if (a && p->o.xorriso_sysarea) {
        dw_sysarea_write(p);
        return;
    }
    if (!have_tables(p))
        return;
    guint8 seed[32];
    dw_hybrid_seed(p, seed);
    guint8 *sys = dw_plan_mem(p, 0, 16);
    uint64_t iso_sectors = p->iso_blocks * 4, sectors = p->total_blocks * 4;
    slot s[5];
    memset(s, 0, sizeof s);
    if (iso_slot(p))
        s[1] = (slot){ TRUE, 0x17, GUID_BASIC, NULL, "ISO9660", (uint64_t)p->o.partition_offset * 4,
                       iso_sectors - (uint64_t)p->o.partition_offset * 4 };
    for (guint i = 0; i < a->entries->len; i++) {
        const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
        if (!a->marked_slot[i])
            continue;
        const dw_afile *f = &g_array_index(p->files, dw_afile, e->file);
        gboolean efi = e->b.platform == 0xEF;
        s[a->marked_slot[i]] = (slot){ TRUE, efi ? 0xEF : 0x00, efi ? GUID_ESP : GUID_BASIC, NULL,
                                       efi ? "EFI boot image" : "boot image", (uint64_t)f->lba * 4,
                                       (f->size + 511) / 512 };
    }
    for (guint k = 0; k < a->parts->len; k++) {
        const dw_apart *ap = &g_array_index(a->parts, dw_apart, k);
        guint8 t = ap->part.type;
        s[ap->part.number] = (slot){ TRUE, t, t == 0xEF ? GUID_ESP : t == 0x83 ? GUID_LINUX : GUID_BASIC,
                                     ap->part.type_guid_set ? ap->part.type_guid : NULL, "Appended",
                                     (uint64_t)ap->lba * 4, (uint64_t)ap->blocks * 4 };
    }

    /* MBR */
    guint8 *m = sys;
    if (a->have_mbr) {
        memcpy(m, a->mbr_code, 432);
        for (guint i = 0; i < a->entries->len; i++) {
            const dw_aboot *e = &g_array_index(a->entries, dw_aboot, i);
            if (e->b.platform == 0 && e->b.emul == DW_BOOT_NO_EMUL && e->file >= 0) {
                dw_le64(m + 432, (uint64_t)g_array_index(p->files, dw_afile, e->file).lba * 4);
                break;
            }
        }
    }
    dw_hybrid_derive(p, seed, "mbr id", m + 440, 4);
    m[510] = 0x55;
    m[511] = 0xAA;
    if (!p->o.gpt) {
        for (int i = 1; i <= 4; i++)
            if (s[i].set && s[i].type)   /* a marked BIOS image is listed in GPT only */
                mbr_entry(m + 446 + 16 * (i - 1), i == 1 && iso_slot(p) ? 0x80 : 0x00, s[i].type, s[i].start,
                          s[i].count);
        return;
    }
    mbr_entry(m + 446, 0x00, 0xEE, 1, sectors - 1);

    /* GPT: entries at sector 2 (primary) and N-33 (backup), headers at 1 and N-1. */
    guint8 disk[16];
    dw_hybrid_guid(p, seed, "disk", disk);
    guint8 *arr = sys + 2 * 512;
    uint64_t last_usable = sectors - 34;
    for (int i = 1; i <= 4; i++) {
        if (!s[i].set)
            continue;
        guint8 *e = arr + (i - 1) * GPT_ENTRY_SIZE;
        uint64_t start = s[i].start, end = s[i].start + s[i].count - 1;
        if (i == 1 && iso_slot(p))
            start = MAX(start, 64); /* after the system area's GPT */
        if (s[i].guid_bytes)
            memcpy(e, s[i].guid_bytes, 16);
        else
            dw_guid_parse(s[i].guid, e);
        char label[32];
        g_snprintf(label, sizeof label, "partition %d", i);
        dw_hybrid_guid(p, seed, label, e + 16);
        dw_le64(e + 32, start);
        dw_le64(e + 40, MIN(end, last_usable));
        dw_le64(e + 48, 0);
        char name[40];
        g_snprintf(name, sizeof name, i == 1 || !g_str_equal(s[i].name, "Appended") ? "%s" : "%s%d", s[i].name, i);
        for (int c = 0; name[c] && c < 36; c++)
            dw_le16(e + 56 + 2 * c, (uint16_t)name[c]);
    }
    uint32_t acrc = (uint32_t)crc32(0, arr, GPT_ENTRIES * GPT_ENTRY_SIZE);
    gpt_header(p, sys + 512, 1, sectors - 1, 2, last_usable, disk, acrc);
    guint8 *tail = dw_plan_mem(p, p->total_blocks - a->gpt_tail, a->gpt_tail);
    size_t tail_bytes = (size_t)a->gpt_tail * BLK;
    memcpy(tail + tail_bytes - 33 * 512, arr, GPT_ENTRIES * GPT_ENTRY_SIZE);
    gpt_header(p, tail + tail_bytes - 512, sectors - 1, 1, sectors - 33, last_usable, disk, acrc);
}
