/* mini_iso.c: the small ISO 9660 writer of mini_iso.h.  Layout: system
 * area (0-15), PVD (16), terminator (17), L and M path tables (18, 19),
 * root directory (20), subdirectories, then file extents in order. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "samples/mini_iso.h"

#define B 2048

static void both16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void both32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
        p[7 - i] = (uint8_t)(v >> (8 * i));
    }
}

static void le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void be32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[3 - i] = (uint8_t)(v >> (8 * i));
}

static void dstring(uint8_t *p, size_t n, const char *s)
{
    memset(p, ' ', n);
    memcpy(p, s, MIN(strlen(s), n));
}

/* 2026-01-02 03:04:05 UTC: a fixed date keeps the samples byte-stable. */
static void rec_date(uint8_t *p)
{
    p[0] = 126;
    p[1] = 1;
    p[2] = 2;
    p[3] = 3;
    p[4] = 4;
    p[5] = 5;
    p[6] = 0;
}

static void vd_date(uint8_t *p)
{
    memcpy(p, "2026010203040500", 16);
    p[16] = 0;
}

/* One directory record; returns its length. */
static size_t dir_record(uint8_t *p, uint32_t extent, uint32_t size, bool dir, const char *name, size_t name_len,
                         bool xa, bool form2)
{
    size_t len = 33 + name_len + (name_len % 2 == 0 ? 1 : 0);
    size_t su = xa ? 14 : 0;
    memset(p, 0, len + su);
    p[0] = (uint8_t)(len + su);
    both32(p + 2, extent);
    both32(p + 10, size);
    rec_date(p + 18);
    p[25] = dir ? 2 : 0;
    both16(p + 28, 1);
    p[32] = (uint8_t)name_len;
    memcpy(p + 33, name, name_len);
    if (xa) {
        /* CD-ROM XA system use: owner ids, attributes, "XA", file number. */
        uint8_t *x = p + len;
        uint16_t attr = 0x0555 | (dir ? 0x8000 : 0) | (form2 ? 0x1000 : 0x0800);
        x[4] = (uint8_t)(attr >> 8);
        x[5] = (uint8_t)attr;
        x[6] = 'X';
        x[7] = 'A';
    }
    return len + su;
}

bool mini_iso_build(mini_iso *out, const char *volume_id, const mini_iso_file *files, size_t n,
                    uint32_t base_lba, bool xa)
{
    memset(out, 0, sizeof *out);
    /* Subdirectories, in order of first appearance. */
    const char *subdirs[8];
    size_t n_sub = 0;
    for (size_t i = 0; i < n; i++) {
        if (!files[i].dir)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n_sub; k++)
            seen |= strcmp(subdirs[k], files[i].dir) == 0;
        if (!seen) {
            if (n_sub == G_N_ELEMENTS(subdirs))
                return false;
            subdirs[n_sub++] = files[i].dir;
        }
    }
    uint32_t root = 20, next = root + 1 + (uint32_t)n_sub;
    uint32_t *extent = g_new0(uint32_t, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        extent[i] = next;
        next += (uint32_t)((files[i].size + B - 1) / B);
    }
    uint32_t total = next < 32 ? 32 : next;
    out->n_blocks = total;
    out->blocks = g_malloc0((size_t)total * B);
    out->kind = g_malloc0(total);

    /* Directories. */
    for (size_t d = 0; d <= n_sub; d++) {
        uint8_t *blk = out->blocks + (size_t)(root + d) * B;
        uint32_t self = base_lba + root + (uint32_t)d, parent = base_lba + root;
        size_t pos = 0;
        pos += dir_record(blk + pos, self, B, true, "\0", 1, xa, false);
        pos += dir_record(blk + pos, parent, B, true, "\1", 1, xa, false);
        if (d == 0)
            for (size_t k = 0; k < n_sub; k++)
                pos += dir_record(blk + pos, base_lba + root + 1 + (uint32_t)k, B, true, subdirs[k],
                                  strlen(subdirs[k]), xa, false);
        for (size_t i = 0; i < n; i++) {
            bool here = d == 0 ? files[i].dir == NULL : files[i].dir && strcmp(files[i].dir, subdirs[d - 1]) == 0;
            if (!here)
                continue;
            char name[40];
            g_snprintf(name, sizeof name, "%s;1", files[i].name);
            uint32_t size = files[i].form2 ? (uint32_t)((files[i].size + B - 1) / B) * B : (uint32_t)files[i].size;
            pos += dir_record(blk + pos, base_lba + extent[i], size, false, name, strlen(name), xa, files[i].form2);
            if (pos > B - 64) {
                g_free(extent);
                mini_iso_free(out);
                return false; /* one block per directory is all this writer does */
            }
        }
        out->kind[root + d] = 1;
    }
    /* File data. */
    for (size_t i = 0; i < n; i++) {
        uint32_t blocks = (uint32_t)((files[i].size + B - 1) / B);
        memcpy(out->blocks + (size_t)extent[i] * B, files[i].data, files[i].size);
        for (uint32_t k = 0; k < blocks; k++)
            out->kind[extent[i] + k] = files[i].form2 ? 2 : 0;
        if (blocks)
            out->kind[extent[i] + blocks - 1] = files[i].form2 ? 3 : 1;
    }
    /* Path tables: root, then the subdirectories (all children of the root). */
    uint8_t *lpt = out->blocks + 18 * B, *mpt = out->blocks + 19 * B;
    size_t pt = 0;
    for (size_t d = 0; d <= n_sub; d++) {
        const char *name = d == 0 ? "\0" : subdirs[d - 1];
        size_t nl = d == 0 ? 1 : strlen(name);
        lpt[pt] = mpt[pt] = (uint8_t)nl;
        le32(lpt + pt + 2, base_lba + root + (uint32_t)d);
        be32(mpt + pt + 2, base_lba + root + (uint32_t)d);
        lpt[pt + 6] = 1;
        mpt[pt + 7] = 1;
        memcpy(lpt + pt + 8, name, nl);
        memcpy(mpt + pt + 8, name, nl);
        pt += 8 + nl + (nl % 2);
    }
    /* Primary volume descriptor and terminator. */
    uint8_t *pvd = out->blocks + 16 * B;
    pvd[0] = 1;
    memcpy(pvd + 1, "CD001", 5);
    pvd[6] = 1;
    dstring(pvd + 8, 32, "DISCWRIGHT");
    dstring(pvd + 40, 32, volume_id);
    both32(pvd + 80, base_lba + total);
    both16(pvd + 120, 1);
    both16(pvd + 124, 1);
    both16(pvd + 128, B);
    both32(pvd + 132, (uint32_t)pt);
    le32(pvd + 140, base_lba + 18);
    be32(pvd + 148, base_lba + 19);
    dir_record(pvd + 156, base_lba + root, B, true, "\0", 1, false, false);
    pvd[156] = 34;
    dstring(pvd + 190, 128, "");
    dstring(pvd + 318, 128, "DISCWRIGHT SAMPLES");
    dstring(pvd + 446, 128, "DISCWRIGHT");
    dstring(pvd + 574, 128, "DISCWRIGHT MKSAMPLES");
    dstring(pvd + 702, 37, "");
    dstring(pvd + 739, 37, "");
    dstring(pvd + 776, 37, "");
    vd_date(pvd + 813);
    vd_date(pvd + 830);
    memcpy(pvd + 847, "0000000000000000", 16);
    memcpy(pvd + 864, "0000000000000000", 16);
    pvd[881] = 1;
    if (xa)
        memcpy(pvd + 1024, "CD-XA001", 8);
    uint8_t *term = out->blocks + 17 * B;
    term[0] = 255;
    memcpy(term + 1, "CD001", 5);
    term[6] = 1;
    out->kind[17] = 1;
    g_free(extent);
    return true;
}

void mini_iso_free(mini_iso *iso)
{
    g_free(iso->blocks);
    g_free(iso->kind);
    memset(iso, 0, sizeof *iso);
}
