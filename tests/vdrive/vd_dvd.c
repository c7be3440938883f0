/* vd_dvd.c: the DVD structures of the virtual drive: layers (single, or
 * dual with opposite track path when the ISO is larger than a DVD-5 or
 * DW_VDRIVE_LAYERS=2, break at DW_VDRIVE_LAYER_BREAK), and READ DISC
 * STRUCTURE (0xAD) formats 0x00 physical format, 0x01 copyright, 0x03
 * BCA (only with DW_VDRIVE_BCA=file), 0x04 disc manufacturing
 * information and 0xFF the structure list.  The same bytes feed the
 * kernel's DVD_READ_STRUCT ioctl (vd_ioctl.c).
 *
 * Field layout (MMC-5 READ DISC STRUCTURE, ECMA-267 physical format
 * information; the Linux kernel's dvd_read_physical parses the same
 * bytes): 4-byte header (data length, big-endian, then 2 reserved);
 * byte 0 book type << 4 | part version; 1 disc size << 4 | maximum
 * rate; 2 layers-1 << 5 | track path << 4 | layer type; 3 linear <<
 * 4 | track density; 5-7 first PSN of the data area (0x030000); 9-11
 * last PSN of the data area; 13-15 last PSN of layer 0; 16 bit 7 BCA.
 * With opposite track path a layer-1 PSN is the 24-bit complement of the
 * layer-0 PSN at the same radius, so layer 1 runs from ~end_l0 and the
 * data area ends at ~end_l0 + (sectors on layer 1) - 1.
 */
#include "vd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DVD5_BYTES 4700372992LL   /* largest single-layer DVD-ROM (2,295,104 sectors) */
#define PSN0 0x030000

static long long env_ll(const char *name, long long dflt, bool *bad)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 0);
    if (end == v || *end || errno)
        *bad = true;
    return x;
}

bool vd_dvd_configure(vd_drive *d, char *err, size_t errlen)
{
    bool bad = false;
    int64_t n = d->img->n_sectors;
    long long layers = env_ll("DW_VDRIVE_LAYERS", n * 2048LL > DVD5_BYTES ? 2 : 1, &bad);
    if (bad || (layers != 1 && layers != 2)) {
        snprintf(err, errlen, "DW_VDRIVE_LAYERS must be 1 or 2");
        return false;
    }
    d->layers = (int)layers;
    /* Default break: half the sectors, rounded up to a 16-sector ECC block. */
    long long half = ((n + 1) / 2 + 15) / 16 * 16;
    long long brk = env_ll("DW_VDRIVE_LAYER_BREAK", half, &bad);
    if (d->layers == 2 && (bad || brk <= 0 || brk >= n)) {
        snprintf(err, errlen, "DW_VDRIVE_LAYER_BREAK must be a sector count between 1 and %lld",
                 (long long)n - 1);
        return false;
    }
    d->layer_break = d->layers == 2 ? (int32_t)brk : (int32_t)n;
    const char *bca = getenv("DW_VDRIVE_BCA");
    if (bca && *bca) {
        FILE *f = fopen(bca, "rbe");
        if (!f) {
            snprintf(err, errlen, "%s: %s", bca, strerror(errno));
            return false;
        }
        size_t got = fread(d->bca, 1, sizeof d->bca, f);
        int extra = fgetc(f);
        fclose(f);
        if (got == 0 || extra != EOF) {
            snprintf(err, errlen, "%s: a BCA holds 1 to %zu bytes", bca, sizeof d->bca);
            return false;
        }
        d->bca_len = got;
    }
    return true;
}

void vd_dvd_physical(const vd_drive *d, uint8_t p[2048])
{
    int64_t n = d->img->n_sectors;
    memset(p, 0, 2048);
    p[0] = 0x01;                 /* DVD-ROM, part version 1 */
    p[1] = 0x02;                 /* 120 mm, 10.08 Mbit/s */
    p[2] = 0x01;                 /* embossed (read-only) layer */
    p[3] = 0x00;                 /* 0.267 um/bit, 0.74 um/track */
    vd_put_be32(p + 4, PSN0);
    if (d->layers == 2) {
        uint32_t end_l0 = (uint32_t)(PSN0 + d->layer_break - 1);
        uint32_t l1_start = ~end_l0 & 0xFFFFFF;
        p[2] |= 0x20 | 0x10;     /* two layers, opposite track path */
        vd_put_be32(p + 8, l1_start + (uint32_t)(n - d->layer_break) - 1);
        vd_put_be32(p + 12, end_l0);
    } else {
        vd_put_be32(p + 8, (uint32_t)(PSN0 + (n > 0 ? n : 1) - 1));
        vd_put_be32(p + 12, 0);
    }
    p[16] = d->bca_len ? 0x80 : 0x00;
}

void vd_dvd_manufacturing(uint8_t p[2048])
{
    static const char tag[32] = "DISCWRIGHT VIRTUAL DVD DMI      ";
    memcpy(p, tag, 32);
    for (int i = 32; i < 2048; i++)
        p[i] = (uint8_t)(i * 31 + 7);
}

int vd_mmc_read_disc_structure(vd_drive *d, const uint8_t *cdb, uint8_t *buf, size_t buflen,
                               size_t *xfer, uint8_t sense[18])
{
    int media = cdb[1] & 0x0F, layer = cdb[6], format = cdb[7];
    size_t alloc = vd_get_be16(cdb + 8);
    static uint8_t r[4 + 2048];
    size_t n;
    *xfer = 0;
    if (d->profile != VD_DVD || d->img->kind == VD_CD)
        return vd_mmc_fail(d, sense, 0x05, 0x30, 0x02);   /* incompatible medium */
    if (media != 0)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    if ((format == 0x00 || format == 0x01 || format == 0x04) && layer >= d->layers)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    memset(r, 0, sizeof r);
    switch (format) {
    case 0x00:
        vd_dvd_physical(d, r + 4);
        n = 2048;
        break;
    case 0x01:
        r[4] = 0x00;             /* no copy protection */
        r[5] = 0x00;             /* playable in every region */
        n = 4;
        break;
    case 0x03:
        if (!d->bca_len)
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        memcpy(r + 4, d->bca, d->bca_len);
        n = d->bca_len;
        break;
    case 0x04:
        vd_dvd_manufacturing(r + 4);
        n = 2048;
        break;
    case 0xFF: {
        static const uint8_t codes[] = { 0x00, 0x01, 0x03, 0x04, 0xFF };
        n = 0;
        for (size_t i = 0; i < sizeof codes; i++) {
            uint32_t len = codes[i] == 0x00 || codes[i] == 0x04 ? 2048
                         : codes[i] == 0x01 ? 4 : codes[i] == 0x03 ? (uint32_t)d->bca_len : 0;
            if (codes[i] == 0x03 && !d->bca_len)
                continue;
            r[4 + n] = codes[i];
            r[4 + n + 1] = 0x40;     /* RDS: readable with READ DISC STRUCTURE */
            vd_put_be16(r + 4 + n + 2, len);
            n += 4;
        }
        /* The list's own length, now that it is known. */
        vd_put_be16(r + 4 + n - 2, (uint32_t)n);
        break;
    }
    default:
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    }
    vd_put_be16(r, (uint32_t)(n + 2));
    size_t m = 4 + n < alloc ? 4 + n : alloc;
    if (m > buflen)
        m = buflen;
    if (m)
        memcpy(buf, r, m);
    *xfer = m;
    return 0;
}
