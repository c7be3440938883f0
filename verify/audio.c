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
#include "discwright/audiodb.h"
#include "discwright/verify.h"
#include "verify/audio_private.h"

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

gboolean dw_audio_layout_of(const dw_disc *d, dw_audio_layout *L, GError **error)
{
    memset(L, 0, sizeof *L);
    int session = -1, idx[DW_MAX_TRACKS];
    for (int i = 0; i < d->n_tracks; i++) {
        const dw_track *t = &d->tracks[i];
        if (t->mode != DW_TRACK_AUDIO)
            continue;
        if (session < 0)
            session = t->session;
        if (t->session != session)
            break;
        idx[L->n++] = i;
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
        int i = idx[k];
        const dw_track *nx = i + 1 < d->n_tracks ? &d->tracks[i + 1] : NULL;
        L->number[k] = d->tracks[i].number;
        L->start[k] = d->tracks[i].start;
        if (nx && nx->session == session)
            L->end[k] = nx->start;
        else
            L->end[k] = ses ? ses->leadout : d->tracks[i].start + d->tracks[i].length;
        if (L->end[k] < L->start[k]) {
            g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d ends before it starts", L->number[k]);
            return FALSE;
        }
    }
    L->leadout = L->end[L->n - 1];
    return TRUE;
}

void dw_audio_ids(const dw_disc *d, const dw_audio_layout *L, dw_audio_sums *out)
{
    out->n_tracks = L->n;
    out->first_track = L->number[0];
    dw_audio_disc_ids(L->start, L->n, L->leadout, &out->ar_id1, &out->ar_id2, NULL);
    /* CDDB: every track and the disc's last lead-out. */
    int32_t all[DW_MAX_TRACKS];
    for (int i = 0; i < d->n_tracks; i++)
        all[i] = d->tracks[i].start;
    int32_t last_leadout = d->n_sessions ? d->sessions[d->n_sessions - 1].leadout : L->leadout;
    dw_audio_disc_ids(all, d->n_tracks, last_leadout, NULL, NULL, &out->cddb_id);
    dw_ctdb_tocid(L->start, L->n, L->leadout, out->ctdb_tocid);
    out->musicbrainz_id[0] = '\0';
    DiscId *did = discid_new();
    if (did) {
        int offsets[100] = { 0 };
        int first = out->first_track, last = first + L->n - 1;
        offsets[0] = L->leadout + 150;
        for (int k = 0; k < L->n && first + k < 100; k++)
            offsets[first + k] = L->start[k] + 150;
        if (first >= 1 && last < 100 && discid_put(did, first, last, offsets))
            g_strlcpy(out->musicbrainz_id, discid_get_id(did), sizeof out->musicbrainz_id);
        discid_free(did);
    }
}

gboolean dw_audio_toc_ids(const dw_disc *d, dw_audio_sums *out, GError **error)
{
    memset(out, 0, sizeof *out);
    dw_audio_layout L;
    if (!dw_audio_layout_of(d, &L, error))
        return FALSE;
    dw_audio_ids(d, &L, out);
    return TRUE;
}

gboolean dw_audio_sums_from(const dw_disc *d, const dw_audio_layout *L, dw_sample_read_fn read, void *user,
                            int shift, dw_audio_sums *out, dw_track_extra *extra, dw_job *job, GError **error)
{
    memset(out, 0, sizeof *out);
    dw_audio_ids(d, L, out);
    /* One pass over the audio: per-track AccurateRip sums, CRC-32, peak,
     * CTDB track CRCs and the CTDB disc CRC. */
    int64_t total = (int64_t)(L->leadout - L->start[0]) * 588;
    int64_t ctdb_from = MIN((int64_t)5880, total), ctdb_to = MAX(ctdb_from, total - 5880 - total % 5880);
    uLong crc = crc32(0L, Z_NULL, 0);
    int64_t disc_pos = 0;
    if (job)
        dw_job_begin_phase(job, "audio checksums", (uint64_t)(L->leadout - L->start[0]), "sectors");
    enum { CH = 75 * 588 };
    g_autofree uint32_t *buf = g_malloc(CH * sizeof(uint32_t));
    g_autofree uint8_t *bytes = g_malloc(CH * 4);
    for (int k = 0; k < L->n; k++) {
        int64_t n = (int64_t)(L->end[k] - L->start[k]) * 588;
        int64_t from = k == 0 ? 2940 : 1, to = k == L->n - 1 ? n - 2940 : n;
        uint32_t v1 = 0, v2 = 0, f450 = 0;
        uLong tcrc = crc32(0L, Z_NULL, 0), ccrc = crc32(0L, Z_NULL, 0);
        int peak = 0;
        for (int64_t s = 0; s < n; s += CH) {
            size_t cnt = (size_t)MIN((int64_t)CH, n - s);
            if (!read(user, (int64_t)L->start[k] * 588 + s + shift, cnt, buf, error))
                return FALSE;
            for (size_t j = 0; j < cnt; j++) {
                uint32_t smp = buf[j];
                int64_t i = s + (int64_t)j + 1;
                if (i >= from && i <= to) {
                    uint64_t prod = (uint64_t)smp * (uint64_t)i;
                    v1 += (uint32_t)prod;
                    v2 += (uint32_t)prod + (uint32_t)(prod >> 32);
                }
                if (i > 450 * 588 && i <= 451 * 588)
                    f450 += smp * (uint32_t)(i - 450 * 588);
                int l = (int16_t)(smp & 0xFFFF), r = (int16_t)(smp >> 16);
                l = l < 0 ? -l : l;
                r = r < 0 ? -r : r;
                peak = MAX(peak, MAX(l, r));
                bytes[4 * j] = (uint8_t)smp;
                bytes[4 * j + 1] = (uint8_t)(smp >> 8);
                bytes[4 * j + 2] = (uint8_t)(smp >> 16);
                bytes[4 * j + 3] = (uint8_t)(smp >> 24);
            }
            tcrc = crc32(tcrc, bytes, (uInt)(cnt * 4));
            /* CTDB: the part of this chunk inside [ctdb_from, ctdb_to);
             * a track's CTDB CRC covers its own part of that range. */
            int64_t c0 = disc_pos, c1 = disc_pos + (int64_t)cnt;
            int64_t a = MAX(c0, ctdb_from), b = MIN(c1, ctdb_to);
            if (b > a) {
                crc = crc32(crc, bytes + (a - c0) * 4, (uInt)((b - a) * 4));
                ccrc = crc32(ccrc, bytes + (a - c0) * 4, (uInt)((b - a) * 4));
            }
            disc_pos = c1;
            if (job) {
                dw_job_advance(job, (uint64_t)cnt / 588, (uint64_t)cnt * 4);
                if (!dw_job_check_cancel(job, error))
                    return FALSE;
            }
        }
        out->tracks[k].track = L->number[k];
        out->tracks[k].ar_v1 = v1;
        out->tracks[k].ar_v2 = v2;
        out->tracks[k].frame450 = n > 450 * 588 ? f450 : 0;
        if (extra) {
            extra[k].ctdb = (uint32_t)ccrc;
            extra[k].crc32 = (uint32_t)tcrc;
            extra[k].peak = (uint16_t)peak;
        }
    }
    out->ctdb_crc = (uint32_t)crc;
    return TRUE;
}

/* Samples of an image by disc position: zeros outside [lo, hi) (LBAs);
 * inside, a sector the image cannot give is an error. */
gboolean dw_image_samples(void *user, int64_t first, size_t count, uint32_t *out, GError **error)
{
    const dw_image_src *src = user;
    uint8_t sec[2352];
    int64_t lba = first >= 0 ? first / 588 : -((-first + 587) / 588);
    int64_t pos = first;
    size_t done = 0;
    while (done < count) {
        int off = (int)(pos - lba * 588);
        size_t take = MIN(count - done, (size_t)(588 - off));
        if (lba >= src->lo && lba < src->hi) {
            if (!dw_image_read(src->img, lba, 1, sec, error))
                return FALSE;
            for (size_t j = 0; j < take; j++) {
                const uint8_t *p = sec + (size_t)(off + (int)j) * 4;
                out[done + j] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
            }
        } else
            memset(out + done, 0, take * sizeof(uint32_t));
        done += take;
        pos += (int64_t)take;
        lba++;
    }
    return TRUE;
}

gboolean dw_audio_compute(const dw_image *img, dw_audio_sums *out, dw_job *job, GError **error)
{
    return dw_audio_compute_full(img, out, NULL, job, error);
}

gboolean dw_audio_compute_full(const dw_image *img, dw_audio_sums *out, dw_track_extra *extra, dw_job *job,
                               GError **error)
{
    memset(out, 0, sizeof *out);
    if (!img->disc) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "%s: audio checksums need a cue, toc or CloneCD image (a track list)", img->target);
        return FALSE;
    }
    dw_audio_layout L;
    GError *e = NULL;
    if (!dw_audio_layout_of(img->disc, &L, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: %s", img->target, e->message);
        g_error_free(e);
        return FALSE;
    }
    dw_image_src src = { img, L.start[0], L.leadout };
    return dw_audio_sums_from(img->disc, &L, dw_image_samples, &src, 0, out, extra, job, error);
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
