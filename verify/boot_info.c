/* boot_info.c: read what makes a volume bootable, for verify's ISO
 * check and for `discwright info`: the El Torito boot catalog (the
 * validation entry with its checksum and 55 AA key, the initial entry,
 * then sections of entries until the final header), the MBR in sector 0
 * (boot code, disk id, four partitions) and a GPT (header CRC, entry
 * array CRC, entries, and the backup header the primary points to).
 * Every offset is checked against the source, counts are bounded, so a
 * hostile image only gives a partial answer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "discwright/error.h"
#include "discwright/json.h"
#include "verify/fs_util.h"

const char *dw_boot_platform_name(guint8 p)
{
    switch (p) {
    case 0: return "BIOS";
    case 1: return "PowerPC";
    case 2: return "Mac";
    case 0xEF: return "UEFI";
    default: return "unknown";
    }
}

const char *dw_boot_media_name(guint8 m)
{
    static const char *const names[] = { "none", "1.2 MB floppy", "1.44 MB floppy", "2.88 MB floppy", "hard disk" };
    return m < G_N_ELEMENTS(names) ? names[m] : "unknown";
}

static void guid_text(const uint8_t *g, char out[37])
{
    g_snprintf(out, 37, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", fs_le32(g), fs_le16(g + 4),
               fs_le16(g + 6), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static void read_entry(const uint8_t *e, guint8 platform, dw_boot_info *b)
{
    if (b->n_entries >= G_N_ELEMENTS(b->entries))
        return;
    dw_boot_entry *x = &b->entries[b->n_entries++];
    x->platform = platform;
    x->bootable = e[0] == 0x88;
    x->media = e[1] & 0x0F;
    x->load_segment = fs_le16(e + 2);
    x->sys_type = e[4];
    x->sectors = fs_le16(e + 6);
    x->lba = fs_le32(e + 8);
}

static void read_catalog(const dw_fs_source *src, const uint8_t *br, dw_boot_info *b)
{
    uint8_t s[2048];
    b->catalog = fs_le32(br + 71);
    if (!fs_read(src, b->catalog, 1, s)) {
        b->catalog_state = DW_BOOT_CAT_OUTSIDE;
        return;
    }
    uint16_t sum = 0;
    for (int i = 0; i < 32; i += 2)
        sum = (uint16_t)(sum + fs_le16(s + i));
    if (s[0] != 1 || s[30] != 0x55 || s[31] != 0xAA || sum != 0) {
        b->catalog_state = DW_BOOT_CAT_BAD;
        return;
    }
    b->catalog_state = DW_BOOT_CAT_OK;
    guint8 platform = s[1];
    if (s[32] == 0x88 || (s[32] == 0x00 && fs_le32(s + 40) != 0))
        read_entry(s + 32, platform, b);
    int off = 64;
    while (off + 32 <= 2048) {
        const uint8_t *h = s + off;
        if (h[0] != 0x90 && h[0] != 0x91)
            break;
        gboolean last = h[0] == 0x91;
        platform = h[1];
        unsigned n = fs_le16(h + 2);
        off += 32;
        for (unsigned k = 0; k < n && off + 32 <= 2048; off += 32) {
            const uint8_t *e = s + off;
            if (e[0] == 0x44)
                continue;        /* extension of the entry before */
            if (e[0] != 0x88 && e[0] != 0x00)
                break;
            read_entry(e, platform, b);
            k++;
        }
        if (last)
            break;
    }
}

/* Check a GPT header (CRC, sizes); fills the array CRC and place. */
static gboolean gpt_header_ok(const uint8_t *h, int64_t bytes, uint64_t *array, uint32_t *n, uint32_t *esz,
                              uint32_t *acrc)
{
    if (memcmp(h, "EFI PART", 8) != 0)
        return FALSE;
    uint32_t hsize = fs_le32(h + 12);
    if (hsize < 92 || hsize > 512)
        return FALSE;
    uint8_t tmp[512];
    memcpy(tmp, h, hsize);
    memset(tmp + 16, 0, 4);
    if ((uint32_t)crc32(0, tmp, hsize) != fs_le32(h + 16))
        return FALSE;
    *array = fs_le64(h + 72);
    *n = fs_le32(h + 80);
    *esz = fs_le32(h + 84);
    *acrc = fs_le32(h + 88);
    return *esz >= 128 && *esz <= 4096 && *n > 0 && *n <= 1024 && *array < (uint64_t)bytes / 512 &&
           *array * 512 + (uint64_t)*n * *esz <= (uint64_t)bytes;
}

/* The entry array at sector lba: NULL when unreadable (owned). */
static uint8_t *read_array(const dw_fs_source *src, uint64_t lba, size_t len)
{
    int64_t first = (int64_t)(lba * 512 / 2048);
    uint32_t nsec = (uint32_t)((lba * 512 % 2048 + len + 2047) / 2048);
    uint8_t *a = g_malloc0((size_t)nsec * 2048);
    if (!fs_read(src, first, nsec, a)) {
        g_free(a);
        return NULL;
    }
    memmove(a, a + lba * 512 % 2048, len);
    return a;
}

static void read_gpt(const dw_fs_source *src, const uint8_t *s0, dw_boot_info *b)
{
    const uint8_t *h = s0 + 512;
    int64_t bytes = src->sectors * 2048;
    if (memcmp(h, "EFI PART", 8) != 0)
        return;
    b->gpt = TRUE;
    uint32_t acrc = 0;
    if (!gpt_header_ok(h, bytes, &b->gpt_array_lba, &b->gpt_n, &b->gpt_entry_size, &acrc))
        return;
    b->gpt_header_ok = TRUE;
    b->gpt_backup_lba = fs_le64(h + 32);
    guid_text(h + 56, b->disk_guid);
    size_t alen = (size_t)b->gpt_n * b->gpt_entry_size;
    g_autofree uint8_t *arr = read_array(src, b->gpt_array_lba, alen);
    if (!arr)
        return;
    b->gpt_array_ok = (uint32_t)crc32(0, arr, (uInt)alen) == acrc;
    for (uint32_t i = 0; i < b->gpt_n && b->n_gpt < G_N_ELEMENTS(b->gpt_parts); i++) {
        const uint8_t *e = arr + (size_t)i * b->gpt_entry_size;
        gboolean zero = TRUE;
        for (int k = 0; k < 16; k++)
            zero &= e[k] == 0;
        if (zero)
            continue;
        dw_gpt_entry *x = &b->gpt_parts[b->n_gpt++];
        x->slot = (int)i + 1;
        guid_text(e, x->type);
        guid_text(e + 16, x->uuid);
        x->first = fs_le64(e + 32);
        x->last = fs_le64(e + 40);
        x->attrs = fs_le64(e + 48);
        gunichar2 u[36];
        for (int c = 0; c < 36; c++)
            u[c] = fs_le16(e + 56 + 2 * c);
        glong nl = 0;
        while (nl < 36 && u[nl])
            nl++;
        g_autofree char *name = g_utf16_to_utf8(u, nl, NULL, NULL, NULL);
        g_strlcpy(x->name, name ? name : "", sizeof x->name);
    }
    /* The backup header, where the primary says. */
    uint64_t bl = b->gpt_backup_lba;
    uint8_t blk[2048];
    if (bl == 0 || bl >= (uint64_t)bytes / 512 || !fs_read(src, (int64_t)(bl / 4), 1, blk))
        return;
    const uint8_t *bh = blk + bl % 4 * 512;
    uint64_t barr;
    uint32_t bn, besz, bcrc;
    if (!gpt_header_ok(bh, bytes, &barr, &bn, &besz, &bcrc) || fs_le64(bh + 24) != bl || bcrc != acrc ||
        bn != b->gpt_n || besz != b->gpt_entry_size)
        return;
    g_autofree uint8_t *ba = read_array(src, barr, alen);
    b->gpt_backup_ok = ba && (uint32_t)crc32(0, ba, (uInt)alen) == bcrc;
}

gboolean dw_boot_info_read(const dw_fs_source *src, dw_boot_info *b)
{
    memset(b, 0, sizeof *b);
    uint8_t vd[2048];
    int64_t vds = src->session_start + 16;
    for (int64_t lba = vds; lba < vds + 64; lba++) {
        if (!fs_read(src, lba, 1, vd) || memcmp(vd + 1, "CD001", 5) != 0 || vd[0] == 255)
            break;
        if (vd[0] == 0 && memcmp(vd + 7, "EL TORITO SPECIFICATION", 23) == 0) {
            read_catalog(src, vd, b);
            break;
        }
    }
    uint8_t s0[2048];
    if (fs_read(src, 0, 1, s0) && s0[510] == 0x55 && s0[511] == 0xAA) {
        b->mbr = TRUE;
        for (int i = 0; i < 440; i++)
            b->mbr_code |= s0[i] != 0;
        b->disk_id = fs_le32(s0 + 440);
        for (int i = 0; i < 4; i++) {
            const uint8_t *p = s0 + 446 + 16 * i;
            if (p[4] == 0)
                continue;
            dw_mbr_entry *x = &b->mbr_parts[b->n_mbr++];
            x->slot = i + 1;
            x->status = p[0];
            x->type = p[4];
            x->start = fs_le32(p + 8);
            x->count = fs_le32(p + 12);
        }
        read_gpt(src, s0, b);
    }
    return b->catalog_state != DW_BOOT_CAT_NONE || b->mbr;
}

char *dw_boot_info_to_json(const dw_boot_info *b)
{
    GString *s = g_string_new("{\"el_torito\":");
    if (b->catalog_state == DW_BOOT_CAT_NONE) {
        g_string_append(s, "null");
    } else {
        g_string_append_printf(s, "{\"catalog\":%u,\"valid\":%s,\"entries\":[", b->catalog,
                               b->catalog_state == DW_BOOT_CAT_OK ? "true" : "false");
        for (guint i = 0; i < b->n_entries; i++) {
            const dw_boot_entry *e = &b->entries[i];
            g_string_append_printf(s, "%s{\"platform\":\"%s\",\"bootable\":%s,\"emulation\":\"%s\",\"load_segment\":%u,"
                                   "\"system_type\":%u,\"sectors\":%u,\"lba\":%u}", i ? "," : "",
                                   dw_boot_platform_name(e->platform), e->bootable ? "true" : "false",
                                   dw_boot_media_name(e->media), e->load_segment, e->sys_type, e->sectors, e->lba);
        }
        g_string_append(s, "]}");
    }
    g_string_append(s, ",\"mbr\":");
    if (!b->mbr) {
        g_string_append(s, "null");
    } else {
        g_string_append_printf(s, "{\"boot_code\":%s,\"disk_id\":\"%08x\",\"partitions\":[", b->mbr_code ? "true" : "false",
                               b->disk_id);
        for (guint i = 0; i < b->n_mbr; i++) {
            const dw_mbr_entry *m = &b->mbr_parts[i];
            g_string_append_printf(s, "%s{\"number\":%d,\"bootable\":%s,\"type\":%u,\"start\":%" G_GUINT64_FORMAT
                                   ",\"sectors\":%" G_GUINT64_FORMAT "}", i ? "," : "", m->slot,
                                   m->status == 0x80 ? "true" : "false", m->type, m->start, m->count);
        }
        g_string_append(s, "]}");
    }
    g_string_append(s, ",\"gpt\":");
    if (!b->gpt) {
        g_string_append(s, "null");
    } else {
        g_string_append_printf(s, "{\"header_valid\":%s,\"array_valid\":%s,\"backup_valid\":%s,\"disk_guid\":\"%s\","
                               "\"partitions\":[", b->gpt_header_ok ? "true" : "false",
                               b->gpt_array_ok ? "true" : "false", b->gpt_backup_ok ? "true" : "false", b->disk_guid);
        for (guint i = 0; i < b->n_gpt; i++) {
            const dw_gpt_entry *g = &b->gpt_parts[i];
            g_string_append_printf(s, "%s{\"number\":%d,\"type\":\"%s\",\"guid\":\"%s\",\"first\":%" G_GUINT64_FORMAT
                                   ",\"last\":%" G_GUINT64_FORMAT ",\"name\":", i ? "," : "", g->slot, g->type, g->uuid,
                                   g->first, g->last);
            dw_json_append_string(s, g->name);
            g_string_append(s, "}");
        }
        g_string_append(s, "]}");
    }
    g_string_append(s, "}");
    return g_string_free(s, FALSE);
}

static gboolean file_read(void *user, int64_t lba, uint32_t count, uint8_t *buf)
{
    int fd = GPOINTER_TO_INT(user);
    size_t want = (size_t)count * 2048, got = 0;
    while (got < want) {
        ssize_t r = pread(fd, buf + got, want - got, (off_t)(lba * 2048 + (int64_t)got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    if (got < want)
        memset(buf + got, 0, want - got);
    return got > 0;
}

gboolean dw_boot_info_read_file(const char *path, dw_boot_info *out, GError **error)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "cannot open %s: %s", path, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return FALSE;
    }
    dw_fs_source src = { file_read, GINT_TO_POINTER(fd), (int64_t)((st.st_size + 2047) / 2048), 0 };
    gboolean found = dw_boot_info_read(&src, out);
    close(fd);
    return found;
}
