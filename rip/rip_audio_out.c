/* rip_audio_out.c: one file per audio track, what an archive keeps
 * beside the raw dump.
 *
 * - FLAC (libFLAC, 16-bit stereo 44.1 kHz, --flac-level 0..8, default 5)
 *   with libFLAC's verify mode on: the encoder decodes what it writes and
 *   compares it with the input, so a file is only kept when it decodes to
 *   exactly the track's audio.  Tags are Vorbis comments; 4 KiB of padding
 *   leaves room to edit them.  Or WAV (RIFF, PCM 16-bit stereo).
 * - A track file runs from its INDEX 01 to the next track's (its gap is
 *   appended to the previous file); the first audio track after a data
 *   track, or of a session, keeps its own pregap.  Audio before track 1's
 *   INDEX 01 (a hidden track) is "Track 00"; silence there is not kept.
 * - Tags: TITLE, ARTIST, ALBUM, ALBUMARTIST, COMPOSER, GENRE, DATE from
 *   --metadata else CD-TEXT; TRACKNUMBER, TRACKTOTAL, DISCNUMBER,
 *   DISCTOTAL; ISRC (the disc's Q subchannel, else the metadata);
 *   CATALOG (the MCN, else the release's barcode); PRE-EMPHASIS when the
 *   track is flagged (value "yes", or "removed" when de-emphasised);
 *   MUSICBRAINZ_ALBUMID and MUSICBRAINZ_DISCID; ACCURATERIPID, CTDBTOCID.
 * - Pre-emphasis is flagged, never removed unless --deemphasis: then the
 *   flagged tracks go through the inverse of the CD emphasis curve (time
 *   constants 50 and 15 us: H(s) = (1 + s*15us) / (1 + s*50us)), made
 *   digital by the bilinear transform at 44.1 kHz, rounded to 16 bits.
 *   The raw dump and the BINs keep the audio as the disc holds it. */
#include "config.h"

#include <FLAC/metadata.h>
#include <FLAC/stream_encoder.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "discwright/error.h"
#include "rip/rip_audio_private.h"

void dw_deemphasis(int16_t *x, size_t frames, double st[4])
{
    const double K = 2.0 * 44100.0, t1 = 50e-6 * K, t2 = 15e-6 * K;
    const double b0 = (1.0 + t2) / (1.0 + t1), b1 = (1.0 - t2) / (1.0 + t1), a1 = (1.0 - t1) / (1.0 + t1);
    for (size_t i = 0; i < frames; i++)
        for (int ch = 0; ch < 2; ch++) {
            double in = x[2 * i + ch];
            double y = b0 * in + b1 * st[2 * ch] - a1 * st[2 * ch + 1];
            st[2 * ch] = in;
            st[2 * ch + 1] = y;
            double r = floor(y + 0.5);
            x[2 * i + ch] = (int16_t)(r > 32767.0 ? 32767 : r < -32768.0 ? -32768 : r);
        }
}

/* ---- what goes into each file ----------------------------------------- */
typedef struct {
    int k;                       /* layout index; -1 = track 00 */
    int number;
    int32_t from, to;            /* LBAs */
} track_file;

/* The file ranges of the audio tracks (see the top of the file). */
static int plan(const dw_rip_ctx *c, track_file *tf)
{
    const dw_rip_audio *a = c->audio;
    const dw_audio_layout *L = &a->layout;
    int n = 0;
    if (a->htoa && a->htoa_peak > 0)
        tf[n++] = (track_file){ -1, 0, 0, L->start[0] };
    for (int k = 0; k < L->n; k++) {
        const dw_track *t = dw_disc_track((dw_disc *)c->disc, L->number[k]);
        int32_t from = L->start[k];
        bool first_of_chain = k == 0;
        if (first_of_chain && !(t == &c->disc->tracks[0]))
            from = MAX(0, L->start[k] - (t ? t->pregap : 0));   /* after a data track: its own pregap */
        tf[n++] = (track_file){ k, L->number[k], from, L->end[k] };
    }
    return n;
}

int dw_rip_audio_plan(const dw_rip_ctx *c, int32_t *from, int32_t *to, int *number, int max)
{
    track_file tf[DW_MAX_TRACKS + 1];
    int n = plan(c, tf);
    for (int i = 0; i < n && i < max; i++) {
        from[i] = tf[i].from;
        to[i] = tf[i].to;
        number[i] = tf[i].number;
    }
    return n;
}

/* ---- tags -------------------------------------------------------------- */
typedef struct {
    GPtrArray *kv;               /* "NAME=value" */
} tags;

static void tag(tags *t, const char *name, const char *value)
{
    if (value && *value)
        g_ptr_array_add(t->kv, g_strdup_printf("%s=%s", name, value));
}

static void tag_take(tags *t, const char *name, char *value)
{
    tag(t, name, value);
    g_free(value);
}

static tags make_tags(const dw_rip_ctx *c, const track_file *f, int n_files)
{
    const dw_rip_audio *a = c->audio;
    const dw_rip_metadata *m = a->meta;
    tags t = { g_ptr_array_new_with_free_func(g_free) };
    int k = f->k;
    const dw_track *tr = f->number ? dw_disc_track((dw_disc *)c->disc, f->number) : NULL;
    if (k >= 0) {
        tag_take(&t, "TITLE", dw_rip_tag_text(c, k, DW_TAG_TITLE));
        g_autofree char *artist = dw_rip_tag_text(c, k, DW_TAG_ARTIST);
        if (!artist)
            artist = dw_rip_tag_text(c, -1, DW_TAG_ARTIST);
        tag(&t, "ARTIST", artist);
        tag_take(&t, "COMPOSER", dw_rip_tag_text(c, k, DW_TAG_SONGWRITER));
    } else {
        tag_take(&t, "ARTIST", dw_rip_tag_text(c, -1, DW_TAG_ARTIST));
    }
    tag_take(&t, "ALBUM", dw_rip_tag_text(c, -1, DW_TAG_TITLE));
    tag_take(&t, "ALBUMARTIST", dw_rip_tag_text(c, -1, DW_TAG_ARTIST));
    tag_take(&t, "GENRE", dw_rip_tag_text(c, -1, DW_TAG_GENRE));
    if (m)
        tag(&t, "DATE", m->date);
    tag_take(&t, "TRACKNUMBER", g_strdup_printf("%d", f->number));
    tag_take(&t, "TRACKTOTAL", g_strdup_printf("%d", a->layout.n));
    (void)n_files;
    if (m && m->disc_number > 0) {
        tag_take(&t, "DISCNUMBER", g_strdup_printf("%d", m->disc_number));
        tag_take(&t, "DISCTOTAL", g_strdup_printf("%d", m->disc_total));
    }
    const char *isrc = tr && tr->isrc[0] ? tr->isrc : m && k >= 0 && k < m->n_tracks ? m->tracks[k].isrc : NULL;
    if (k >= 0)
        tag(&t, "ISRC", isrc);
    tag(&t, "CATALOG", c->disc->mcn[0] ? c->disc->mcn : m ? m->barcode : NULL);
    if (tr && (tr->control & DW_CTRL_PRE))
        tag(&t, "PRE-EMPHASIS", c->opt->deemphasis ? "removed" : "yes");
    if (m)
        tag(&t, "MUSICBRAINZ_ALBUMID", m->release_id);
    tag(&t, "MUSICBRAINZ_DISCID", a->ids.musicbrainz_id);
    tag_take(&t, "ACCURATERIPID", g_strdup_printf("%03d-%08x-%08x-%08x", a->ids.n_tracks, a->ids.ar_id1,
                                                   a->ids.ar_id2, a->ids.cddb_id));
    tag(&t, "CTDBTOCID", a->ids.ctdb_tocid);
    return t;
}

/* ---- writers ------------------------------------------------------------ */
typedef struct {
    dw_rip_ctx *c;
    const track_file *f;
    bool deemph;
    double st[4];
} source;

/* Next frames of the track file (corrected audio), de-emphasised if asked. */
static gboolean pull(source *s, int64_t pos, size_t frames, int16_t *out, GError **error)
{
    g_autofree uint32_t *buf = g_new(uint32_t, frames);
    if (!dw_rip_corrected_samples(s->c, (int64_t)s->f->from * 588 + pos, frames, buf, error))
        return FALSE;
    for (size_t i = 0; i < frames; i++) {
        out[2 * i] = (int16_t)(buf[i] & 0xFFFF);
        out[2 * i + 1] = (int16_t)(buf[i] >> 16);
    }
    if (s->deemph)
        dw_deemphasis(out, frames, s->st);
    return TRUE;
}

enum { CHUNK = 588 * 75 };

static gboolean write_flac(source *s, const char *tmp, const tags *t, int level, GError **error)
{
    int64_t total = (int64_t)(s->f->to - s->f->from) * 588;
    FLAC__StreamEncoder *enc = FLAC__stream_encoder_new();
    if (!enc) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "cannot create a FLAC encoder");
        return FALSE;
    }
    FLAC__StreamMetadata *meta[2] = { FLAC__metadata_object_new(FLAC__METADATA_TYPE_VORBIS_COMMENT),
                                      FLAC__metadata_object_new(FLAC__METADATA_TYPE_PADDING) };
    gboolean ok = meta[0] && meta[1];
    for (guint i = 0; ok && i < t->kv->len; i++) {
        const char *kv = g_ptr_array_index(t->kv, i);
        FLAC__StreamMetadata_VorbisComment_Entry e = { (FLAC__uint32)strlen(kv), (FLAC__byte *)kv };
        ok = FLAC__metadata_object_vorbiscomment_append_comment(meta[0], e, true);
    }
    if (ok) {
        meta[1]->length = 4096;
        ok = FLAC__stream_encoder_set_verify(enc, true) && FLAC__stream_encoder_set_channels(enc, 2) &&
             FLAC__stream_encoder_set_bits_per_sample(enc, 16) && FLAC__stream_encoder_set_sample_rate(enc, 44100) &&
             FLAC__stream_encoder_set_compression_level(enc, (unsigned)level) &&
             FLAC__stream_encoder_set_total_samples_estimate(enc, (FLAC__uint64)total) &&
             FLAC__stream_encoder_set_metadata(enc, meta, 2);
    }
    if (ok && FLAC__stream_encoder_init_file(enc, tmp, NULL, NULL) != FLAC__STREAM_ENCODER_INIT_STATUS_OK)
        ok = FALSE;
    if (!ok)
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot start the FLAC encoder (%s)", tmp,
                    FLAC__StreamEncoderStateString[FLAC__stream_encoder_get_state(enc)]);
    g_autofree int16_t *pcm = g_new(int16_t, 2 * CHUNK);
    g_autofree FLAC__int32 *wide = g_new(FLAC__int32, 2 * CHUNK);
    for (int64_t pos = 0; ok && pos < total; pos += CHUNK) {
        size_t n = (size_t)MIN((int64_t)CHUNK, total - pos);
        if (!dw_job_check_cancel(s->c->job, error) || !pull(s, pos, n, pcm, error)) {
            ok = FALSE;
            break;
        }
        for (size_t i = 0; i < 2 * n; i++)
            wide[i] = pcm[i];
        if (!FLAC__stream_encoder_process_interleaved(enc, wide, (unsigned)n)) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: FLAC encoding failed (%s)", tmp,
                        FLAC__stream_encoder_get_resolved_state_string(enc));
            ok = FALSE;
        }
        dw_job_advance(s->c->job, n / 588, n * 4);
    }
    if (ok && !FLAC__stream_encoder_finish(enc)) {
        FLAC__StreamEncoderState st = FLAC__stream_encoder_get_state(enc);
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", tmp,
                    st == FLAC__STREAM_ENCODER_VERIFY_MISMATCH_IN_AUDIO_DATA
                        ? "the FLAC verification decode differs from the audio"
                        : FLAC__StreamEncoderStateString[st]);
        ok = FALSE;
    } else if (!ok)
        FLAC__stream_encoder_finish(enc);
    FLAC__stream_encoder_delete(enc);
    if (meta[0])
        FLAC__metadata_object_delete(meta[0]);
    if (meta[1])
        FLAC__metadata_object_delete(meta[1]);
    return ok;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static gboolean write_all(int fd, const void *buf, size_t len, const char *path, GError **error)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, n < 0 ? g_strerror(errno) : "short write");
            return FALSE;
        }
        p += n;
        len -= (size_t)n;
    }
    return TRUE;
}

static gboolean write_wav(source *s, const char *tmp, GError **error)
{
    int64_t total = (int64_t)(s->f->to - s->f->from) * 588;
    uint64_t data = (uint64_t)total * 4;
    if (data > 0xFFFFFFFFu - 36) {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "%s: too long for WAV", tmp);
        return FALSE;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", tmp, g_strerror(errno));
        return FALSE;
    }
    uint8_t h[44];
    memcpy(h, "RIFF", 4);
    put_le32(h + 4, (uint32_t)(36 + data));
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le32(h + 16, 16);
    h[20] = 1;                   /* PCM */
    h[21] = 0;
    h[22] = 2;                   /* channels */
    h[23] = 0;
    put_le32(h + 24, 44100);
    put_le32(h + 28, 44100 * 4);
    h[32] = 4;                   /* block align */
    h[33] = 0;
    h[34] = 16;                  /* bits */
    h[35] = 0;
    memcpy(h + 36, "data", 4);
    put_le32(h + 40, (uint32_t)data);
    gboolean ok = write_all(fd, h, sizeof h, tmp, error);
    g_autofree int16_t *pcm = g_new(int16_t, 2 * CHUNK);
    g_autofree uint8_t *bytes = g_malloc(4 * CHUNK);
    for (int64_t pos = 0; ok && pos < total; pos += CHUNK) {
        size_t n = (size_t)MIN((int64_t)CHUNK, total - pos);
        ok = dw_job_check_cancel(s->c->job, error) && pull(s, pos, n, pcm, error);
        for (size_t i = 0; ok && i < 2 * n; i++) {
            bytes[2 * i] = (uint8_t)((uint16_t)pcm[i]);
            bytes[2 * i + 1] = (uint8_t)((uint16_t)pcm[i] >> 8);
        }
        ok = ok && write_all(fd, bytes, 4 * n, tmp, error);
        dw_job_advance(s->c->job, n / 588, n * 4);
    }
    if (close(fd) != 0 && ok) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", tmp, g_strerror(errno));
        ok = FALSE;
    }
    return ok;
}

gboolean dw_rip_audio_outputs(dw_rip_ctx *c, dw_rip_add_file_fn add, void *user, GError **error)
{
    dw_rip_audio *a = c->audio;
    if (!a || !a->have_audio)
        return TRUE;
    dw_rip_audio_format fmt = c->opt->audio == DW_RIP_AUDIO_DEFAULT ? DW_RIP_AUDIO_FLAC : c->opt->audio;
    if (fmt == DW_RIP_AUDIO_NONE)
        return TRUE;
    const char *ext = fmt == DW_RIP_AUDIO_FLAC ? "flac" : "wav";
    int level = c->opt->has_flac_level ? CLAMP(c->opt->flac_level, 0, 8) : 5;
    g_autofree char *dir = g_path_get_dirname(c->opt->base);
    g_autofree char *stem = g_path_get_basename(c->opt->base);
    track_file tf[DW_MAX_TRACKS + 1];
    int n = plan(c, tf);
    int64_t sectors = 0;
    for (int i = 0; i < n; i++)
        sectors += tf[i].to - tf[i].from;
    dw_job_begin_phase(c->job, fmt == DW_RIP_AUDIO_FLAC ? "writing FLAC" : "writing WAV", (uint64_t)sectors,
                       "sectors");
    for (int i = 0; i < n; i++) {
        const track_file *f = &tf[i];
        const dw_track *tr = f->number ? dw_disc_track(c->disc, f->number) : NULL;
        g_autofree char *name = g_strdup_printf("%s (Track %02d).%s", stem, f->number, ext);
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_autofree char *tmp = g_strdup_printf("%s.partial", path);
        source s = { .c = c, .f = f, .deemph = c->opt->deemphasis && tr && (tr->control & DW_CTRL_PRE) };
        tags t = make_tags(c, f, n);
        gboolean ok = fmt == DW_RIP_AUDIO_FLAC ? write_flac(&s, tmp, &t, level, error) : write_wav(&s, tmp, error);
        g_ptr_array_free(t.kv, TRUE);
        if (ok && rename(tmp, path) != 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(errno));
            ok = FALSE;
        }
        if (!ok) {
            unlink(tmp);
            return FALSE;
        }
        g_strlcpy(a->files[f->k < 0 ? DW_MAX_TRACKS : f->k], name, sizeof a->files[0]);
        if (s.deemph)
            dw_rip_log(c, DW_LOG_INFO, "%s: de-emphasised (track %d is flagged PRE)", name, f->number);
        else if (tr && (tr->control & DW_CTRL_PRE))
            dw_rip_log(c, DW_LOG_WARNING, "track %d has pre-emphasis: %s keeps it as on the disc (tagged "
                       "PRE-EMPHASIS; --deemphasis removes it)", f->number, name);
        if (!add(user, name, error))
            return FALSE;
    }
    /* The cue sheet for the files. */
    g_snprintf(a->cue_name, sizeof a->cue_name, "%s.%s.cue", stem, ext);
    g_autofree char *cue = dw_rip_audio_cue(c);
    g_autofree char *cue_path = g_build_filename(dir, a->cue_name, NULL);
    g_autofree char *cue_tmp = g_strdup_printf("%s.partial", cue_path);
    GError *e = NULL;
    if (!g_file_set_contents(cue_tmp, cue, -1, &e) || rename(cue_tmp, cue_path) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", cue_path, e ? e->message : g_strerror(errno));
        g_clear_error(&e);
        unlink(cue_tmp);
        return FALSE;
    }
    return add(user, a->cue_name, error);
}
