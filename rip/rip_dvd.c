/* rip_dvd.c: the DVD structures a rip keeps (READ DVD STRUCTURE, 0xAD):
 * physical format (0x00), disc manufacturing information (0x04) and the
 * burst cutting area (0x03), each saved beside the ISO as BASE.physical,
 * BASE.manufacturing and BASE.bca (the structure data without its 4-byte
 * header) when the drive gives it.  The physical format tells the layer
 * count, the track path and the end of layer 0: the layer break of a
 * dual-layer disc, which is logged. */
#include "config.h"

#include <string.h>

#include "rip/rip_private.h"

static int read_structure(dw_rip_ctx *c, uint8_t format, uint8_t *buf, unsigned len)
{
    uint8_t cdb[12] = { 0xAD, 0x00 };
    cdb[7] = format;
    cdb[8] = (uint8_t)(len >> 8);
    cdb[9] = (uint8_t)len;
    if (!dw_mmc_read(c->cdio, cdb, buf, len, NULL))
        return -1;
    unsigned n = (unsigned)dw_get_be16(buf) + 2;
    if (n < 4)
        return -1;
    return (int)MIN(n, len) - 4;
}

static void save(dw_rip_ctx *c, const char *ext, const uint8_t *data, int len)
{
    g_autofree char *path = g_strdup_printf("%s.%s", c->opt->base, ext);
    GError *e = NULL;
    if (!g_file_set_contents(path, (const char *)data, len, &e)) {
        dw_rip_log(c, DW_LOG_WARNING, "%s", e->message);
        g_error_free(e);
    }
}

void dw_rip_dvd_structures(dw_rip_ctx *c)
{
    if (c->disc->kind != DW_DISC_DVD || c->image)
        return;
    uint8_t buf[4 + 2048 + 16];
    int n = read_structure(c, 0x00, buf, sizeof buf);
    if (n >= 16) {
        const uint8_t *p = buf + 4;
        int layers = ((p[2] >> 5) & 3) + 1;
        bool otp = (p[2] & 0x10) != 0;
        uint32_t start = (uint32_t)p[5] << 16 | p[6] << 8 | p[7];
        uint32_t end0 = (uint32_t)p[13] << 16 | p[14] << 8 | p[15];
        save(c, "physical", p, n);
        dw_rip_log(c, DW_LOG_INFO, "physical format: book type %u version %u, %d layer%s%s", p[0] >> 4, p[0] & 15,
                   layers, layers > 1 ? "s" : "", layers > 1 ? (otp ? ", opposite track path" : ", parallel track path") : "");
        if (layers > 1 && end0 >= start)
            dw_rip_log(c, DW_LOG_INFO, "layer break at LBA %u (layer 0 holds %u sectors)", end0 - start + 1,
                       end0 - start + 1);
    } else
        dw_rip_log(c, DW_LOG_INFO, "the drive gave no physical format structure");
    n = read_structure(c, 0x04, buf, sizeof buf);
    if (n > 0)
        save(c, "manufacturing", buf + 4, n);
    n = read_structure(c, 0x03, buf, sizeof buf);
    if (n > 0) {
        save(c, "bca", buf + 4, n);
        dw_rip_log(c, DW_LOG_INFO, "BCA: %d bytes", n);
    }
}
