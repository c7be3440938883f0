/* dvd_ifo.c: the sectors a DVD-Video set's IFOs give its files.
 *
 * The fields (big-endian, in sectors relative to the start of their own
 * IFO, as libdvdread's ifo_types.h lays them out):
 *   VMGI (VIDEO_TS.IFO):   0x0C last sector of the video manager (IFO,
 *                          menu VOB and BUP), 0x1C last sector of the
 *                          IFO, 0x3E number of title sets, 0xC0 start of
 *                          VIDEO_TS.VOB, 0xC4 sector of TT_SRPT.
 *   TT_SRPT:               8-byte header (number of titles at 0), then
 *                          12 bytes a title: title set number at +6, the
 *                          title set's start sector at +8, relative to
 *                          VIDEO_TS.IFO.
 *   VTSI (VTS_nn_0.IFO):   0x0C last sector of the title set (its BUP's
 *                          end), 0x1C last sector of the IFO, 0xC0 start
 *                          of VTS_nn_0.VOB, 0xC4 start of VTS_nn_1.VOB.
 * A BUP is the last file of its set: it ends on the set's last sector.
 * The title VOBs follow one another without a gap (libdvdread reads
 * them as one run from VTS_nn_1.VOB).  Where the fields leave room after
 * a file, the layout pads there (as genisoimage does); where they leave
 * less room than a file needs, the set cannot be laid out and the
 * message names the file and the field. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "discwright/error.h"
#include "disc/dvd_ifo.h"

static uint32_t be32(const guint8 *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint16_t be16(const guint8 *b)
{
    return (uint16_t)(b[0] << 8 | b[1]);
}

static gboolean is_digit(char c)
{
    return c >= '0' && c <= '9';
}

gboolean dw_dvd_file_parse(const char *name, dw_dvd_file *out)
{
    memset(out, 0, sizeof *out);
    if (!name || strlen(name) != 12 || name[8] != '.')
        return FALSE;
    const char *ext = name + 9;
    gboolean ifo = !strcmp(ext, "IFO"), vob = !strcmp(ext, "VOB"), bup = !strcmp(ext, "BUP");
    if (!ifo && !vob && !bup)
        return FALSE;
    if (!strncmp(name, "VIDEO_TS", 8)) {
        out->vts = 0;
        out->kind = ifo ? DW_DVD_IFO : vob ? DW_DVD_MENU : DW_DVD_BUP;
    } else if (!strncmp(name, "VTS_", 4) && is_digit(name[4]) && is_digit(name[5]) && name[6] == '_' &&
               is_digit(name[7])) {
        int nn = (name[4] - '0') * 10 + (name[5] - '0'), m = name[7] - '0';
        if (nn < 1 || (!vob && m != 0))
            return FALSE;
        out->vts = (uint8_t)nn;
        if (vob && m > 0) {
            out->kind = DW_DVD_TITLE;
            out->part = (uint8_t)m;
        } else {
            out->kind = ifo ? DW_DVD_IFO : vob ? DW_DVD_MENU : DW_DVD_BUP;
        }
    } else {
        return FALSE;
    }
    memcpy(out->name, name, 13);
    return TRUE;
}

guint dw_dvd_file_order(const dw_dvd_file *f)
{
    guint slot = f->kind == DW_DVD_IFO ? 0 : f->kind == DW_DVD_MENU ? 1 : f->kind == DW_DVD_TITLE ? 1u + f->part : 11;
    return f->vts * 16u + slot;
}

static int cmp_order(const void *a, const void *b)
{
    guint x = dw_dvd_file_order(a), y = dw_dvd_file_order(b);
    return x < y ? -1 : x > y;
}

typedef struct {
    dw_dvd_file *ifo, *menu, *bup;
    dw_dvd_file *title[10];      /* by part, 1..9 */
} set_files;

typedef struct {
    uint64_t pos;                /* the first sector after the files placed so far */
    const char *last;            /* the file that ends there */
    GError **error;
} placer;

static gboolean fail(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean fail(GError **error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, DW_ERROR, DW_ERROR_PARSE, m);
    g_free(m);
    return FALSE;
}

static uint64_t secs(const dw_dvd_file *f)
{
    return f->size / DW_DVD_SECTOR;
}

/* Put f at sector at (which field gives); it must not start inside the
 * file placed before it. */
static gboolean place(placer *pl, dw_dvd_file *f, uint64_t at, const char *field)
{
    if (at < pl->pos)
        return fail(pl->error, "%s: the %s puts it at sector %" G_GUINT64_FORMAT ", inside %s, which ends at sector %"
                    G_GUINT64_FORMAT " (sectors relative to VIDEO_TS.IFO)", f->name, field, at, pl->last, pl->pos);
    f->start = at;
    f->field = field;
    pl->pos = at + secs(f);
    pl->last = f->name;
    return TRUE;
}

/* Read the first sector of an IFO and check its identifier. */
static gboolean read_head(dw_dvd_file *f, const char *ident, dw_dvd_read_fn read, void *user, guint8 *b,
                          GError **error)
{
    if (f->size < DW_DVD_SECTOR)
        return fail(error, "%s is %" G_GUINT64_FORMAT " bytes: an IFO holds at least one sector", f->name, f->size);
    if (!read(user, f, 0, b, DW_DVD_SECTOR, error))
        return FALSE;
    if (memcmp(b, ident, 12))
        return fail(error, "%s: no %s identifier at its start (not an IFO)", f->name, ident);
    return TRUE;
}

/* A field's value checked against what a DVD can hold. */
static gboolean field_ok(const dw_dvd_file *f, uint32_t v, const char *what, GError **error)
{
    if (v >= DW_DVD_MAX_SECTORS)
        return fail(error, "%s: the %s is %u, beyond any DVD (%u sectors)", f->name, what, v, DW_DVD_MAX_SECTORS);
    return TRUE;
}

/* The menu VOB of a set: where the IFO's menu field says. */
static gboolean place_menu(placer *pl, set_files *s, uint64_t base, uint32_t menu_at, const char *field,
                           GError **error)
{
    if (s->menu && s->menu->size) {
        if (menu_at == 0)
            return fail(error, "%s: the %s is 0 (no menu), but the file holds %" G_GUINT64_FORMAT " sectors",
                        s->menu->name, field, secs(s->menu));
        return place(pl, s->menu, base + menu_at, field);
    }
    if (s->menu)
        place(pl, s->menu, pl->pos, "end of the file before it");
    if (menu_at != 0)
        return fail(error, "%s: the %s is %u, but there is no %s", s->ifo->name, field, menu_at,
                    s->ifo->vts ? "VTS_nn_0.VOB menu" : "VIDEO_TS.VOB");
    return TRUE;
}

/* The BUP, ending on the set's last sector; then the set's end. */
static gboolean place_bup(placer *pl, set_files *s, uint64_t base, uint32_t last, const char *field, GError **error)
{
    uint64_t end = base + (uint64_t)last + 1;
    if (s->bup) {
        if (secs(s->bup) > end)
            return fail(error, "%s: %" G_GUINT64_FORMAT " sectors do not end at the %s (%u)", s->bup->name,
                        secs(s->bup), field, last);
        if (!place(pl, s->bup, end - secs(s->bup), field))
            return FALSE;
    }
    if (end < pl->pos)
        return fail(error, "%s: the %s is %u, but its files end at sector %" G_GUINT64_FORMAT " (after %s)",
                    s->ifo->name, field, last, pl->pos - base, pl->last);
    pl->pos = end;
    return TRUE;
}

static gboolean plan_vts(placer *pl, set_files *s, int k, uint64_t start, dw_dvd_read_fn read, void *user,
                         GError **error)
{
    guint8 h[DW_DVD_SECTOR];
    if (!read_head(s->ifo, "DVDVIDEO-VTS", read, user, h, error))
        return FALSE;
    uint32_t last = be32(h + 0x0C), ifo_last = be32(h + 0x1C), menu = be32(h + 0xC0), title = be32(h + 0xC4);
    if (!field_ok(s->ifo, last, "VTSI last sector (0x0C)", error) ||
        !field_ok(s->ifo, menu, "VTSI menu VOB start sector (0xC0)", error) ||
        !field_ok(s->ifo, title, "VTSI title VOB start sector (0xC4)", error))
        return FALSE;
    if ((uint64_t)ifo_last + 1 > secs(s->ifo))
        return fail(error, "%s: the VTSI last sector of the IFO (0x1C) is %u, but the file has %" G_GUINT64_FORMAT
                    " sectors", s->ifo->name, ifo_last, secs(s->ifo));
    if (!place(pl, s->ifo, start, "VMG's TT_SRPT title set start sector") ||
        !place_menu(pl, s, start, menu, "VTSI menu VOB start sector (0xC0)", error))
        return FALSE;
    for (int p = 2; p <= 9; p++)
        if (s->title[p] && !s->title[p - 1])
            return fail(error, "%s without VTS_%02d_%d.VOB: players read a title set's VOBs as one run from "
                        "VTS_%02d_1.VOB", s->title[p]->name, k, p - 1, k);
    if (s->title[1]) {
        if (title == 0)
            return fail(error, "%s: the VTSI title VOB start sector (0xC4) is 0", s->title[1]->name);
        if (!place(pl, s->title[1], start + title, "VTSI title VOB start sector (0xC4)"))
            return FALSE;
        for (int p = 2; p <= 9 && s->title[p]; p++)
            if (!place(pl, s->title[p], pl->pos, "end of the title VOB before it (title VOBs are one run)"))
                return FALSE;
    } else if (title != 0) {
        return fail(error, "%s: the VTSI title VOB start sector (0xC4) is %u, but there is no VTS_%02d_1.VOB",
                    s->ifo->name, title, k);
    }
    return place_bup(pl, s, start, last, "VTSI last sector (0x0C)", error);
}

/* Title set start sectors from TT_SRPT: starts[k] (0 = none given). */
static gboolean read_tt_srpt(dw_dvd_file *vmg, const guint8 *h, unsigned nsets, uint64_t *starts,
                             dw_dvd_read_fn read, void *user, GError **error)
{
    uint32_t at = be32(h + 0xC4);
    if (nsets == 0)
        return TRUE;
    if (at == 0 || (uint64_t)at + 1 > secs(vmg))
        return fail(error, "%s: the VMGI TT_SRPT sector (0xC4) is %u, outside the IFO's %" G_GUINT64_FORMAT
                    " sectors", vmg->name, at, secs(vmg));
    uint64_t off = (uint64_t)at * DW_DVD_SECTOR;
    guint8 t[8 + 12 * 99];
    if (!read(user, vmg, off, t, 8, error))
        return FALSE;
    unsigned n = be16(t);
    if (n == 0 || n > 99 || off + 8 + 12u * n > vmg->size)
        return fail(error, "%s: TT_SRPT lists %u titles (1 to 99 fit)", vmg->name, n);
    if (!read(user, vmg, off + 8, t + 8, 12u * n, error))
        return FALSE;
    for (unsigned i = 0; i < n; i++) {
        const guint8 *e = t + 8 + 12 * i;
        unsigned set = e[6];
        uint32_t sector = be32(e + 8);
        if (set < 1 || set > nsets)
            return fail(error, "%s: TT_SRPT title %u names title set %u; the VMGI (0x3E) lists %u", vmg->name,
                        i + 1, set, nsets);
        if (sector == 0 || sector >= DW_DVD_MAX_SECTORS)
            return fail(error, "%s: TT_SRPT title %u: title set start sector %u", vmg->name, i + 1, sector);
        if (starts[set] && starts[set] != sector)
            return fail(error, "%s: TT_SRPT gives title set %u two start sectors (%" G_GUINT64_FORMAT " and %u)",
                        vmg->name, set, starts[set], sector);
        starts[set] = sector;
    }
    return TRUE;
}

gboolean dw_dvd_plan(dw_dvd_file *files, size_t n, dw_dvd_read_fn read, void *user, GError **error)
{
    qsort(files, n, sizeof *files, cmp_order);
    set_files *sets = g_new0(set_files, 100);
    gboolean ok = FALSE;
    for (size_t i = 0; i < n; i++) {
        dw_dvd_file *f = &files[i];
        if (i > 0 && dw_dvd_file_order(f) == dw_dvd_file_order(&files[i - 1])) {
            fail(error, "%s appears twice", f->name);
            goto out;
        }
        if (f->size % DW_DVD_SECTOR) {
            fail(error, "%s is %" G_GUINT64_FORMAT " bytes: DVD-Video files are whole 2048-byte sectors", f->name,
                 f->size);
            goto out;
        }
        if (secs(f) >= DW_DVD_MAX_SECTORS) {
            fail(error, "%s is %" G_GUINT64_FORMAT " bytes: larger than any DVD", f->name, f->size);
            goto out;
        }
        f->start = 0;
        f->field = NULL;
        set_files *s = &sets[f->vts];
        if (f->kind == DW_DVD_IFO)
            s->ifo = f;
        else if (f->kind == DW_DVD_MENU)
            s->menu = f;
        else if (f->kind == DW_DVD_BUP)
            s->bup = f;
        else
            s->title[f->part] = f;
    }
    if (!sets[0].ifo) {
        fail(error, "VIDEO_TS.IFO is missing");
        goto out;
    }
    guint8 h[DW_DVD_SECTOR];
    dw_dvd_file *vmg = sets[0].ifo;
    if (!read_head(vmg, "DVDVIDEO-VMG", read, user, h, error))
        goto out;
    uint32_t last = be32(h + 0x0C), ifo_last = be32(h + 0x1C), menu = be32(h + 0xC0);
    unsigned nsets = be16(h + 0x3E);
    if (!field_ok(vmg, last, "VMGI last sector (0x0C)", error) ||
        !field_ok(vmg, menu, "VMGI menu VOB start sector (0xC0)", error))
        goto out;
    if ((uint64_t)ifo_last + 1 > secs(vmg)) {
        fail(error, "%s: the VMGI last sector of the IFO (0x1C) is %u, but the file has %" G_GUINT64_FORMAT
             " sectors", vmg->name, ifo_last, secs(vmg));
        goto out;
    }
    if (nsets > 99) {
        fail(error, "%s: the VMGI number of title sets (0x3E) is %u (at most 99)", vmg->name, nsets);
        goto out;
    }
    uint64_t starts[100] = { 0 };
    if (!read_tt_srpt(vmg, h, nsets, starts, read, user, error))
        goto out;
    placer pl = { 0, "nothing", error };
    if (!place(&pl, vmg, 0, "start of the set") ||
        !place_menu(&pl, &sets[0], 0, menu, "VMGI menu VOB start sector (0xC0)", error) ||
        !place_bup(&pl, &sets[0], 0, last, "VMGI last sector (0x0C)", error))
        goto out;
    for (unsigned k = 1; k < 100; k++) {
        set_files *s = &sets[k];
        gboolean any = s->ifo || s->menu || s->bup;
        for (int p = 1; p <= 9; p++)
            any = any || s->title[p];
        if (k > nsets) {
            if (any) {
                dw_dvd_file *f = s->ifo ? s->ifo : s->menu ? s->menu : s->bup;
                for (int p = 1; !f && p <= 9; p++)
                    f = s->title[p];
                fail(error, "%s: title set %u, but the VMGI (0x3E) lists %u title sets", f->name, k, nsets);
                goto out;
            }
            continue;
        }
        if (!s->ifo) {
            fail(error, "VTS_%02u_0.IFO is missing: the VMGI (0x3E) lists %u title sets", k, nsets);
            goto out;
        }
        /* A title set no title names starts right after the one before. */
        uint64_t start = starts[k] ? starts[k] : pl.pos;
        if (!plan_vts(&pl, s, (int)k, start, read, user, error))
            goto out;
    }
    ok = TRUE;
out:
    g_free(sets);
    return ok;
}
