/* audio.c: the checksums archivists compare audio rips by (DESIGN.md §5).
 *
 * A track runs from its INDEX 01 to the next track's INDEX 01 in the
 * same session (or the session's lead-out); samples are little-endian
 * 32-bit words (left channel in the low half), position i from 1.
 * - AccurateRip v1 = sum of lo32(s*i), v2 = sum of lo32 + hi32 of the
 *   64-bit product, both mod 2^32; the first audio track skips i < 2940,
 *   the last skips i > N - 2940.  Frame450 = v1 over the track's sector
 *   450 with multipliers 1..588.
 * - AccurateRip disc ids over the audio tracks and the audio session's
 *   lead-out; CDDB id over every track and the last lead-out.
 * - CTDB CRC: zlib CRC-32 over the audio from track 1's INDEX 01 to the
 *   lead-out, skipping 5880 samples at the start and 5880 + (N mod 5880)
 *   at the end; TOC id: SHA-1 of 100 upper-case 8-digit hex numbers (each
 *   audio track start after the first and the lead-out, relative to the
 *   first track's start; zeros after), base64 with "+/=" -> "._-".
 * - MusicBrainz disc id: libdiscid's discid_put (no network).
 */
#include "config.h"

#include <discid/discid.h>
#include <string.h>
#include <zlib.h>

#include "discwright/error.h"
#include "discwright/verify.h"

void dw_audio_disc_ids(const int32_t *starts, int n, int32_t leadout, uint32_t *id1, uint32_t *id2,
                       uint32_t *cddb)
{
    uint32_t a = 0, b = 0, digits = 0;
    for (int k = 0; k < n; k++) {
        a += (uint32_t)starts[k];
        b += (uint32_t)(starts[k] > 1 ? starts[k] : 1) * (uint32_t)(k + 1);
        for (int32_t s = (starts[k] + 150) / 75; s > 0; s /= 10)
            digits += (uint32_t)(s % 10);
    }
    a += (uint32_t)leadout;
    b += (uint32_t)(leadout > 1 ? leadout : 1) * (uint32_t)(n + 1);
    if (id1)
        *id1 = a;
    if (id2)
        *id2 = b;
    if (cddb)
        *cddb = n ? ((digits % 255) << 24 | (uint32_t)(leadout / 75 - starts[0] / 75) << 8 | (uint32_t)n) : 0;
}

void dw_ctdb_tocid(const int32_t *starts, int n, int32_t leadout, char out[32])
{
    char text[100 * 8 + 1];
    memset(text, '0', 800);
    text[800] = '\0';
    for (int k = 1; k <= n && k <= 100; k++) {
        uint32_t v = (uint32_t)((k < n ? starts[k] : leadout) - (n ? starts[0] : 0));
        char hex[9];
        g_snprintf(hex, sizeof hex, "%08X", v);
        memcpy(text + (k - 1) * 8, hex, 8);
    }
    uint8_t digest[20];
    gsize dlen = sizeof digest;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA1);
    g_checksum_update(c, (const guchar *)text, 800);
    g_checksum_get_digest(c, digest, &dlen);
    g_checksum_free(c);
    g_autofree char *b64 = g_base64_encode(digest, dlen);
    for (char *p = b64; *p; p++)
        *p = *p == '+' ? '.' : *p == '/' ? '_' : *p == '=' ? '-' : *p;
    g_strlcpy(out, b64, 32);
}

/* Audio tracks (index into disc->tracks) and where each ends. */
typedef struct {
    int idx[DW_MAX_TRACKS];
    int32_t end[DW_MAX_TRACKS];
    int n;
    int32_t leadout;
} audio_layout;

static gboolean layout_of(const dw_disc *d, audio_layout *L, GError **error)
{
    memset(L, 0, sizeof *L);
    int session = -1;
    for (int i = 0; i < d->n_tracks; i++) {
        const dw_track *t = &d->tracks[i];
        if (t->mode != DW_TRACK_AUDIO)
            continue;
        if (session < 0)
            session = t->session;
        if (t->session != session)
            break;
        L->idx[L->n++] = i;
    }
    if (!L->n) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "no audio tracks");
        return FALSE;
    }
    const dw_session *ses = NULL;
    for (int s = 0; s < d->n_sessions; s++)
        if (d->sessions[s].number == session)
            ses = &d->sessions[s];
    for (int k = 0; k < L->n; k++) {
        int i = L->idx[k];
        const dw_track *nx = i + 1 < d->n_tracks ? &d->tracks[i + 1] : NULL;
        if (nx && nx->session == session)
            L->end[k] = nx->start;
        else
            L->end[k] = ses ? ses->leadout : d->tracks[i].start + d->tracks[i].length;
    }
    L->leadout = L->end[L->n - 1];
    return TRUE;
}

/* The ids of a layout (sums untouched). */
static void ids_of(const dw_disc *d, const audio_layout *L, dw_audio_sums *out)
{
    int32_t starts[DW_MAX_TRACKS];
    for (int k = 0; k < L->n; k++)
        starts[k] = d->tracks[L->idx[k]].start;
    out->n_tracks = L->n;
    out->first_track = d->tracks[L->idx[0]].number;
    dw_audio_disc_ids(starts, L->n, L->leadout, &out->ar_id1, &out->ar_id2, NULL);
    /* CDDB: every track and the disc's last lead-out. */
    int32_t all[DW_MAX_TRACKS];
    for (int i = 0; i < d->n_tracks; i++)
        all[i] = d->tracks[i].start;
    int32_t last_leadout = d->n_sessions ? d->sessions[d->n_sessions - 1].leadout : L->leadout;
    dw_audio_disc_ids(all, d->n_tracks, last_leadout, NULL, NULL, &out->cddb_id);
    dw_ctdb_tocid(starts, L->n, L->leadout, out->ctdb_tocid);

    DiscId *did = discid_new();
    if (did) {
        int offsets[100] = { 0 };
        int first = out->first_track, last = first + L->n - 1;
        offsets[0] = L->leadout + 150;
        for (int k = 0; k < L->n && first + k < 100; k++)
            offsets[first + k] = starts[k] + 150;
        if (first >= 1 && last < 100 && discid_put(did, first, last, offsets))
            g_strlcpy(out->musicbrainz_id, discid_get_id(did), sizeof out->musicbrainz_id);
        discid_free(did);
    }
}

gboolean dw_audio_toc_ids(const dw_disc *d, dw_audio_sums *out, GError **error)
{
    memset(out, 0, sizeof *out);
    audio_layout L;
    if (!layout_of(d, &L, error))
        return FALSE;
    ids_of(d, &L, out);
    return TRUE;
}

gboolean dw_audio_compute(const dw_image *img, dw_audio_sums *out, dw_job *job, GError **error)
{
    memset(out, 0, sizeof *out);
    if (!img->disc) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "%s: audio checksums need a cue, toc or CloneCD image (a track list)", img->target);
        return FALSE;
    }
    const dw_disc *d = img->disc;
    audio_layout L;
    GError *e = NULL;
    if (!layout_of(d, &L, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: %s", img->target, e->message);
        g_error_free(e);
        return FALSE;
    }
    ids_of(d, &L, out);
    int32_t starts[DW_MAX_TRACKS] = { 0 };
    for (int k = 0; k < L.n; k++)
        starts[k] = d->tracks[L.idx[k]].start;

    /* One pass over the audio: per-track AccurateRip sums and the CTDB CRC. */
    int64_t total = (int64_t)(L.leadout - starts[0]) * 588;
    int64_t ctdb_from = 5880, ctdb_to = total - 5880 - total % 5880;   /* [from, to) */
    uLong crc = crc32(0L, Z_NULL, 0);
    int64_t disc_pos = 0;
    if (job)
        dw_job_begin_phase(job, "audio checksums", (uint64_t)(L.leadout - starts[0]), "sectors");
    enum { CH = 75 };
    g_autofree uint8_t *buf = g_malloc(CH * 2352);
    for (int k = 0; k < L.n; k++) {
        int32_t len = L.end[k] - starts[k];
        int64_t n = (int64_t)len * 588;
        int64_t from = k == 0 ? 2940 : 1, to = k == L.n - 1 ? n - 2940 : n;
        uint32_t v1 = 0, v2 = 0, f450 = 0;
        for (int32_t s = 0; s < len; s += CH) {
            int32_t cnt = MIN(CH, len - s);
            if (!dw_image_read(img, starts[k] + s, cnt, buf, error))
                return FALSE;
            for (int32_t j = 0; j < cnt * 588; j++) {
                const uint8_t *p = buf + (size_t)j * 4;
                uint32_t smp = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
                int64_t i = (int64_t)s * 588 + j + 1;
                if (i >= from && i <= to) {
                    uint64_t prod = (uint64_t)smp * (uint64_t)i;
                    v1 += (uint32_t)prod;
                    v2 += (uint32_t)prod + (uint32_t)(prod >> 32);
                }
                if (s + j / 588 == 450)
                    f450 += smp * (uint32_t)(j % 588 + 1);
            }
            /* CTDB: the part of this chunk inside [ctdb_from, ctdb_to). */
            int64_t c0 = disc_pos, c1 = disc_pos + (int64_t)cnt * 588;
            int64_t a = MAX(c0, ctdb_from), b = MIN(c1, ctdb_to);
            if (b > a)
                crc = crc32(crc, buf + (a - c0) * 4, (uInt)((b - a) * 4));
            disc_pos = c1;
            if (job) {
                dw_job_advance(job, (uint64_t)cnt, (uint64_t)cnt * 2352);
                if (!dw_job_check_cancel(job, error))
                    return FALSE;
            }
        }
        out->tracks[k].track = d->tracks[L.idx[k]].number;
        out->tracks[k].ar_v1 = v1;
        out->tracks[k].ar_v2 = v2;
        out->tracks[k].frame450 = len > 450 ? f450 : 0;
    }
    out->ctdb_crc = (uint32_t)crc;
    return TRUE;
}

void dw_audio_report(const dw_audio_sums *s, dw_report *r)
{
    dw_report_add(r, DW_SEV_INFO, "audio", NULL, 0, -1, -1,
                  "AccurateRip disc id %03d-%08x-%08x-%08x", s->n_tracks, s->ar_id1, s->ar_id2, s->cddb_id);
    dw_report_add(r, DW_SEV_INFO, "audio", NULL, 0, -1, -1, "CTDB TOC id %s, CRC %08x", s->ctdb_tocid,
                  s->ctdb_crc);
    if (s->musicbrainz_id[0])
        dw_report_add(r, DW_SEV_INFO, "audio", NULL, 0, -1, -1, "MusicBrainz disc id %s", s->musicbrainz_id);
    for (int k = 0; k < s->n_tracks; k++)
        dw_report_add(r, DW_SEV_INFO, "audio", NULL, s->tracks[k].track, -1, -1,
                      "AccurateRip v1 %08x v2 %08x frame450 %08x", s->tracks[k].ar_v1, s->tracks[k].ar_v2,
                      s->tracks[k].frame450);
    dw_report_set_stat(r, "ar_id1", s->ar_id1);
    dw_report_set_stat(r, "ar_id2", s->ar_id2);
    dw_report_set_stat(r, "cddb_id", s->cddb_id);
    dw_report_set_stat(r, "ctdb_crc", s->ctdb_crc);
}
