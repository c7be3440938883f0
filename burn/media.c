/* media.c: what is in the drive, like `cdrskin -minfo`: profile, status
 * (blank, appendable, closed), capacity and free space, sessions and
 * tracks, the next session's mkisofs -C values, write speeds.  On
 * overwritable media (DVD+RW, BD-RE, DVD-RAM, stdio files) libburn always
 * says "blank"; there an ISO 9660 volume at block 16 makes the medium
 * "appendable" by growing, with msc1 0 and the next writable address the
 * ISO's end rounded up to 32 blocks (64 KiB, a BD cluster). */
#include "config.h"

#include <string.h>

#include "burn/burn_private.h"

#define GROW_ALIGN 32

gboolean dw_burn_profile_overwritable(int profile, int role)
{
    if (profile == 0xffff)
        return role == 2 || role == 5;
    return profile == 0x12 || profile == 0x13 || profile == 0x1a || profile == 0x43;
}

const char *dw_media_status_name(dw_media_status status)
{
    switch (status) {
    case DW_MEDIA_NONE: return "none";
    case DW_MEDIA_BLANK: return "blank";
    case DW_MEDIA_APPENDABLE: return "appendable";
    case DW_MEDIA_CLOSED: return "closed";
    case DW_MEDIA_UNSUITABLE: return "unsuitable";
    default: return "unknown";
    }
}

gboolean dw_burn_read_blocks(dw_burn_drive *drive, int64_t lba, void *buf, size_t blocks, GError **error)
{
    if (drive->role == 3 || drive->role == 5) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: a write-only target cannot be read back",
                    drive->address);
        return FALSE;
    }
    off_t count = 0;
    off_t len = (off_t)blocks * DW_BURN_BLOCK;
    int r = burn_read_data(drive->d, (off_t)lba * DW_BURN_BLOCK, buf, len, &count, 2 | 8);
    if (r <= 0 || count != len) {
        g_autofree char *last = NULL;
        dw_burn_drain_messages(NULL, &last);
        g_set_error(error, DW_ERROR, r == -2 ? DW_ERROR_PERMISSION : DW_ERROR_UNREADABLE,
                    "%s: cannot read %zu blocks at LBA %" G_GINT64_FORMAT "%s%s", drive->address, blocks, lba,
                    last ? ": " : "", last ? last : "");
        return FALSE;
    }
    return TRUE;
}

gboolean dw_burn_drive_read(dw_burn_drive *drive, int64_t lba, void *buf, size_t blocks, GError **error)
{
    return dw_burn_read_blocks(drive, lba, buf, blocks, error);
}

gboolean dw_burn_parse_pvd(const uint8_t *b, uint32_t *blocks, char label[33])
{
    if (b[0] != 1 || memcmp(b + 1, "CD001", 5) != 0 || b[6] != 1)
        return FALSE;
    /* Volume space size: both-endian 32-bit at 80 (little-endian half first). */
    uint32_t le = (uint32_t)b[80] | (uint32_t)b[81] << 8 | (uint32_t)b[82] << 16 | (uint32_t)b[83] << 24;
    uint32_t be = (uint32_t)b[87] | (uint32_t)b[86] << 8 | (uint32_t)b[85] << 16 | (uint32_t)b[84] << 24;
    if (le != be || le < 17)
        return FALSE;
    *blocks = le;
    if (label) {
        memcpy(label, b + 40, 32);
        label[32] = '\0';
        g_strchomp(label);
    }
    return TRUE;
}

gboolean dw_burn_read_iso_pvd(dw_burn_drive *drive, uint32_t *blocks, char label[33])
{
    guint8 *b = g_malloc(DW_BURN_BLOCK);
    gboolean ok = dw_burn_read_blocks(drive, 16, b, 1, NULL) && dw_burn_parse_pvd(b, blocks, label);
    g_free(b);
    dw_burn_drain_messages(NULL, NULL);
    return ok;
}

static void add_speeds(dw_burn_drive *drive, dw_media_info *out)
{
    struct burn_speed_descriptor *list = NULL;
    if (burn_drive_get_speedlist(drive->d, &list) <= 0 || !list)
        return;
    GArray *a = g_array_new(FALSE, FALSE, sizeof(int));
    for (struct burn_speed_descriptor *s = list; s; s = s->next) {
        if (s->write_speed <= 0 || (s->profile_loaded > 0 && s->profile_loaded != out->profile))
            continue;
        gboolean seen = FALSE;
        for (guint i = 0; i < a->len; i++)
            seen |= g_array_index(a, int, i) == s->write_speed;
        if (!seen)
            g_array_append_val(a, s->write_speed);
    }
    burn_drive_free_speedlist(&list);
    out->n_write_speeds = a->len;
    out->write_speeds = (int *)(void *)g_array_free(a, FALSE);
}

static void add_tracks(dw_burn_drive *drive, dw_media_info *out)
{
    struct burn_disc *disc = burn_drive_get_disc(drive->d);
    if (!disc)
        return;
    int ns = 0;
    struct burn_session **ss = burn_disc_get_sessions(disc, &ns);
    GArray *a = g_array_new(FALSE, TRUE, sizeof(dw_media_track));
    for (int s = 0; ss && s < ns; s++) {
        int nt = 0;
        struct burn_track **ts = burn_session_get_tracks(ss[s], &nt);
        for (int t = 0; ts && t < nt; t++) {
            struct burn_toc_entry e;
            memset(&e, 0, sizeof e);
            burn_track_get_entry(ts[t], &e);
            dw_media_track mt = { .session = s + 1, .number = e.point, .audio = !(e.control & 4) };
            if (e.extensions_valid & 1) {
                mt.start = e.start_lba;
                mt.blocks = e.track_blocks;
            } else {
                mt.start = burn_msf_to_lba(e.pmin, e.psec, e.pframe);
                mt.blocks = burn_track_get_sectors(ts[t]);
            }
            g_array_append_val(a, mt);
        }
    }
    out->sessions = ns;
    out->n_tracks = a->len;
    out->tracks = (dw_media_track *)(void *)g_array_free(a, FALSE);
    burn_disc_free(disc);
}

gboolean dw_burn_media_info(dw_burn_drive *drive, dw_media_info *out, GError **error)
{
    memset(out, 0, sizeof *out);
    out->msc1 = out->nwa = -1;
    out->capacity_blocks = -1;
    enum burn_disc_status st;
    for (int i = 0; i < 100 && (st = burn_disc_get_status(drive->d)) == BURN_DISC_UNREADY; i++)
        g_usleep(20000);
    int pno = 0;
    char name[80] = "";
    if (burn_disc_get_profile(drive->d, &pno, name) > 0) {
        out->profile = pno;
        g_strlcpy(out->profile_name, name, sizeof out->profile_name);
    }
    switch (st) {
    case BURN_DISC_EMPTY: out->status = DW_MEDIA_NONE; break;
    case BURN_DISC_BLANK: out->status = DW_MEDIA_BLANK; break;
    case BURN_DISC_APPENDABLE: out->status = DW_MEDIA_APPENDABLE; break;
    case BURN_DISC_FULL: out->status = DW_MEDIA_CLOSED; break;
    case BURN_DISC_UNSUITABLE: out->status = DW_MEDIA_UNSUITABLE; break;
    default: out->status = DW_MEDIA_UNKNOWN; break;
    }
    if (out->status == DW_MEDIA_NONE) {
        dw_burn_drain_messages(NULL, NULL);
        return TRUE;
    }
    out->overwritable = dw_burn_profile_overwritable(out->profile, drive->role);
    out->erasable = burn_disc_erasable(drive->d) != 0;
    if (drive->role == 1 && (out->profile == 0x12 || out->profile == 0x1a || out->profile == 0x43)) {
        int fst = 0, nf = 0;
        off_t fsize = 0;
        unsigned bl = 0;
        if (burn_disc_get_formats(drive->d, &fst, &fsize, &bl, &nf) > 0)
            out->unformatted = fst == BURN_FORMAT_IS_UNFORMATTED;
    }
    off_t space = burn_disc_available_space(drive->d, NULL);
    out->free_bytes = space > 0 ? (uint64_t)space : 0;
    add_tracks(drive, out);
    if (out->overwritable) {
        if (dw_burn_read_iso_pvd(drive, &out->iso_blocks, out->iso_label)) {
            out->appendable = TRUE;
            out->status = DW_MEDIA_APPENDABLE;
            out->msc1 = 0;
            out->nwa = (int32_t)(((uint64_t)out->iso_blocks + GROW_ALIGN - 1) / GROW_ALIGN * GROW_ALIGN);
            if (out->n_tracks == 0) {
                out->sessions = 1;
                out->n_tracks = 1;
                out->tracks = g_new0(dw_media_track, 1);
                out->tracks[0] = (dw_media_track){ .session = 1, .number = 1, .start = 0,
                                                   .blocks = (int32_t)out->iso_blocks };
            }
            /* Space after the grown ISO. */
            uint64_t used = (uint64_t)out->nwa * DW_BURN_BLOCK;
            if (drive->role != 2)
                out->free_bytes = out->free_bytes > used ? out->free_bytes - used : 0;
        }
        out->capacity_blocks = (int64_t)(out->free_bytes / DW_BURN_BLOCK) + (out->nwa > 0 ? out->nwa : 0);
    } else if (out->status == DW_MEDIA_APPENDABLE) {
        int msc1 = -1, lba = -1, nwa = -1;
        if (burn_disc_get_msc1(drive->d, &msc1) > 0)
            out->msc1 = msc1;
        if (burn_disc_track_lba_nwa(drive->d, NULL, 0, &lba, &nwa) > 0)
            out->nwa = nwa;
        else if (drive->role == 1) {
            /* An open session whose last track has no next writable
             * address: a write failed in it (the drive reports the track
             * damaged).  What was written stays readable; nothing more
             * can be added. */
            out->damaged = TRUE;
        }
        out->appendable = !out->damaged;
        if (out->nwa >= 0)
            out->capacity_blocks = out->nwa + (int64_t)(out->free_bytes / DW_BURN_BLOCK);
    } else if (out->status == DW_MEDIA_BLANK) {
        out->capacity_blocks = (int64_t)(out->free_bytes / DW_BURN_BLOCK);
        out->nwa = 0;
    }
    add_speeds(drive, out);
    dw_burn_drain_messages(NULL, NULL);
    return TRUE;
}

void dw_media_info_clear(dw_media_info *info)
{
    g_free(info->tracks);
    g_free(info->write_speeds);
    memset(info, 0, sizeof *info);
}
