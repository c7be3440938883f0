/* ids.c: who a disc is.  The fingerprint is a SHA-1 over what a drive's
 * TOC tells before a sector is read (kind, each session's lead-out, each
 * track's number, session, start and data bit; for DVD/BD the sector
 * count and the volume label), so a disc can be recognised in the drive
 * and in the catalog alike: equal fingerprints are the same disc twice.
 * The CD ids come from verify's audio code (AccurateRip, CDDB, CTDB TOC
 * id, MusicBrainz through libdiscid).  From an ISO image: the ISO 9660
 * volume creation stamp (blkid's UUID for ISO 9660), the DVD-Video disc
 * id as libdvdread's DVDDiscID computes it (MD5 over VIDEO_TS.IFO and
 * the VTS_nn_0.IFO of the title sets VIDEO_TS.IFO counts, up to ten),
 * and the BD disc id (SHA-1 of AACS/Unit_Key_RO.inf), read through
 * libudfread. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <udfread/udfread.h>
#include <unistd.h>

#include "catalog/catalog_private.h"
#include "catalog/ids.h"
#include "discwright/verify.h"

static const char *kind_name(dw_disc_kind k)
{
    switch (k) {
    case DW_DISC_CD: return "CD";
    case DW_DISC_DVD: return "DVD";
    case DW_DISC_BD: return "BD";
    default: return "unknown";
    }
}

char *dw_catalog_fingerprint(const dw_disc *disc)
{
    GString *s = g_string_new("dwfp1");
    g_string_append_printf(s, ";%s", kind_name(disc->kind));
    if (disc->kind == DW_DISC_DVD || disc->kind == DW_DISC_BD) {
        g_string_append_printf(s, ";sectors=%d;label=%s", disc->total_sectors, disc->label ? disc->label : "");
    } else {
        for (int i = 0; i < disc->n_sessions; i++)
            g_string_append_printf(s, ";s%d=%d", disc->sessions[i].number, disc->sessions[i].leadout);
        for (int i = 0; i < disc->n_tracks; i++) {
            const dw_track *t = &disc->tracks[i];
            g_string_append_printf(s, ";t%d=%d,%d,%d", t->number, t->session, t->start,
                                   (t->control & DW_CTRL_DATA) ? 1 : 0);
        }
    }
    char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA1, s->str, (gssize)s->len);
    g_string_free(s, TRUE);
    return hex;
}

static void set_if_empty(char **field, const char *v)
{
    if ((!*field || !**field) && v && *v) {
        g_free(*field);
        *field = g_strdup(v);
    }
}

/* CD-TEXT album text of block 0 in UTF-8 (newly allocated) or NULL. */
static char *cdtext_album(const dw_disc *disc, dw_cdtext_field f)
{
    const char *raw = dw_cdtext_get(&disc->cdtext, 0, f, 0);
    if (!raw || !*raw)
        return NULL;
    uint8_t cs = disc->cdtext.block[0].charset;
    char *u = cs == DW_CDTEXT_CHARSET_MSJIS ? g_convert(raw, -1, "UTF-8", "SHIFT_JIS", NULL, NULL, NULL)
                                            : g_convert(raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
    return u ? u : g_utf8_make_valid(raw, -1);
}

void dw_catalog_identify(dw_catalog_disc *d, const dw_disc *disc)
{
    g_free(d->fingerprint);
    d->fingerprint = dw_catalog_fingerprint(disc);
    g_free(d->kind);
    d->kind = g_strdup(kind_name(disc->kind));
    set_if_empty(&d->profile, disc->profile);
    set_if_empty(&d->label, disc->label);
    set_if_empty(&d->mcn, disc->mcn);
    g_autofree char *title = cdtext_album(disc, DW_CDTEXT_TITLE);
    g_autofree char *performer = cdtext_album(disc, DW_CDTEXT_PERFORMER);
    set_if_empty(&d->title, title);
    set_if_empty(&d->performer, performer);
    d->sessions = disc->n_sessions;
    d->tracks = disc->n_tracks;
    if (disc->kind == DW_DISC_DVD || disc->kind == DW_DISC_BD || disc->n_sessions == 0)
        d->sectors = disc->total_sectors;
    else
        d->sectors = disc->sessions[disc->n_sessions - 1].leadout;
    if (disc->kind != DW_DISC_CD || disc->n_tracks == 0 || disc->n_sessions == 0)
        return;
    int32_t all[DW_MAX_TRACKS];
    for (int i = 0; i < disc->n_tracks; i++)
        all[i] = disc->tracks[i].start;
    uint32_t cddb = 0;
    dw_audio_disc_ids(all, disc->n_tracks, disc->sessions[disc->n_sessions - 1].leadout, NULL, NULL, &cddb);
    g_free(d->cddb_id);
    d->cddb_id = g_strdup_printf("%08x", cddb);
    dw_audio_sums s;
    GError *e = NULL;
    if (!dw_audio_toc_ids(disc, &s, &e)) {
        g_error_free(e);             /* no audio: the CDDB id is all there is */
        return;
    }
    g_free(d->accuraterip_id);
    d->accuraterip_id = g_strdup_printf("%03d-%08x-%08x-%08x", s.n_tracks, s.ar_id1, s.ar_id2, s.cddb_id);
    g_free(d->ctdb_tocid);
    d->ctdb_tocid = g_strdup(s.ctdb_tocid);
    g_free(d->musicbrainz_id);
    d->musicbrainz_id = s.musicbrainz_id[0] ? g_strdup(s.musicbrainz_id) : NULL;
}

/* ---- from an ISO image ----------------------------------------------- */

/* "YYYY-MM-DD-HH-MM-SS-CC" from the PVD's creation date (17 bytes at
 * offset 813: 16 digits and a time zone byte), NULL when not digits. */
static char *volume_uuid(const uint8_t pvd[2048])
{
    const uint8_t *c = pvd + 813;
    for (int i = 0; i < 16; i++)
        if (!g_ascii_isdigit(c[i]))
            return NULL;
    if (!memcmp(c, "0000000000000000", 16))
        return NULL;
    return g_strdup_printf("%.4s-%.2s-%.2s-%.2s-%.2s-%.2s-%.2s", c, c + 4, c + 6, c + 8, c + 10, c + 12, c + 14);
}

/* Hash a file of the UDF tree (dir: "VIDEO_TS"), whole 2048-byte blocks
 * as libdvdread reads them.  FALSE when it is absent or unreadable. */
static gboolean hash_udf_file(udfread *udf, const char *dir, const char *name, GChecksum *sum, int64_t max_bytes)
{
    UDFDIR *dh = udfread_opendir(udf, dir);
    if (!dh)
        return FALSE;
    UDFFILE *f = udfread_file_openat(dh, name);
    udfread_closedir(dh);
    if (!f)
        return FALSE;
    int64_t size = udfread_file_size(f);
    gboolean ok = size >= 0 && size <= max_bytes;
    int64_t blocks = size / 2048;
    uint8_t buf[2048 * 16];
    for (int64_t b = 0; ok && b < blocks;) {
        uint32_t n = (uint32_t)MIN(blocks - b, 16);
        if (udfread_read_blocks(f, buf, (uint32_t)b, n, 0) != n)
            ok = FALSE;
        else
            g_checksum_update(sum, buf, (gssize)n * 2048);
        b += n;
    }
    udfread_file_close(f);
    return ok;
}

static char *dvd_video_id(udfread *udf)
{
    UDFDIR *dh = udfread_opendir(udf, "/VIDEO_TS");
    if (!dh)
        return NULL;
    UDFFILE *f = udfread_file_openat(dh, "VIDEO_TS.IFO");
    udfread_closedir(dh);
    if (!f)
        return NULL;
    uint8_t head[2048];
    gboolean ok = udfread_file_size(f) >= 2048 && udfread_read_blocks(f, head, 0, 1, 0) == 1 &&
                  !memcmp(head, "DVDVIDEO-VMG", 12);
    udfread_file_close(f);
    if (!ok)
        return NULL;
    int sets = (head[0x3E] << 8 | head[0x3F]) + 1;
    if (sets > 10)
        sets = 10;
    GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
    int files = 0;
    for (int t = 0; t < sets; t++) {
        char name[16];
        if (t == 0)
            g_strlcpy(name, "VIDEO_TS.IFO", sizeof name);
        else
            g_snprintf(name, sizeof name, "VTS_%02d_0.IFO", t);
        /* An IFO is small; one larger than 16 MiB is not a real one. */
        if (hash_udf_file(udf, "/VIDEO_TS", name, md5, 16 << 20))
            files++;
    }
    char *hex = files ? g_strdup(g_checksum_get_string(md5)) : NULL;
    g_checksum_free(md5);
    return hex;
}

static char *bd_disc_id(udfread *udf)
{
    GChecksum *sha = g_checksum_new(G_CHECKSUM_SHA1);
    UDFDIR *dh = udfread_opendir(udf, "/AACS");
    char *hex = NULL;
    if (dh) {
        UDFFILE *f = udfread_file_openat(dh, "Unit_Key_RO.inf");
        udfread_closedir(dh);
        if (f) {
            int64_t size = udfread_file_size(f);
            gboolean ok = size > 0 && size <= (64 << 20);
            uint8_t buf[8192];
            for (int64_t done = 0; ok && done < size;) {
                ssize_t n = udfread_file_read(f, buf, (size_t)MIN((int64_t)sizeof buf, size - done));
                if (n <= 0)
                    ok = FALSE;
                else {
                    g_checksum_update(sha, buf, n);
                    done += n;
                }
            }
            udfread_file_close(f);
            if (ok)
                hex = g_strdup(g_checksum_get_string(sha));
        }
    }
    g_checksum_free(sha);
    return hex;
}

/* An NSR02/NSR03 descriptor in the volume recognition sequence (sectors
 * 16 on, as libudfread looks): only then is libudfread asked, which
 * otherwise complains on standard error. */
static gboolean has_udf(int fd)
{
    uint8_t b[2048];
    for (int s = 16; s < 16 + 64; s++) {
        if (pread(fd, b, sizeof b, (off_t)s * 2048) != (ssize_t)sizeof b)
            return FALSE;
        if (!memcmp(b + 1, "NSR02", 5) || !memcmp(b + 1, "NSR03", 5))
            return TRUE;
        if (!memcmp(b + 1, "TEA01", 5))
            return FALSE;
    }
    return FALSE;
}

void dw_catalog_iso_ids(dw_catalog_disc *d, const char *iso)
{
    int fd = open(iso, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    uint8_t pvd[2048];
    gboolean have = pread(fd, pvd, sizeof pvd, 16 * 2048) == (ssize_t)sizeof pvd && pvd[0] == 1 &&
                    !memcmp(pvd + 1, "CD001", 5);
    gboolean udf = has_udf(fd);
    close(fd);
    if (have) {
        g_free(d->volume_uuid);
        d->volume_uuid = volume_uuid(pvd);
    }
    if ((g_strcmp0(d->kind, "DVD") != 0 && g_strcmp0(d->kind, "BD") != 0) || !udf)
        return;
    udfread *udf_h = udfread_init();
    if (!udf_h)
        return;
    if (udfread_open(udf_h, iso) >= 0) {
        if (!g_strcmp0(d->kind, "DVD")) {
            g_free(d->dvd_id);
            d->dvd_id = dvd_video_id(udf_h);
        } else {
            g_free(d->bd_id);
            d->bd_id = bd_disc_id(udf_h);
        }
    }
    udfread_close(udf_h);
}
