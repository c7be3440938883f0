/* session.c: a cue sheet (read by our own reader into the disc model,
 * multi-FILE redump sheets included) turned into a libburn session by
 * our own code, since libburn's cue reader takes one FILE only: one
 * track per model track, each fed by a source reading its sectors from
 * its FILE (MODE1/2352 sectors stripped to their 2048 user bytes, which
 * the drive re-encodes), stored pregaps as index 0 of the track source,
 * further indexes, ISRC, flags, the catalogue number, and CD-TEXT of
 * every block as libburn session/track attributes, from which libburn
 * generates the lead-in packs. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "burn/burn_private.h"

/* ---- a track's sectors from its file ---- */

typedef struct {
    int fd;
    int64_t offset;
    int64_t sectors, next;       /* next sector to deliver */
    int64_t padded;              /* sectors libburn asked for (a CD track's 300 minimum), >= sectors */
    uint32_t file_sector, out_sector, skip;
    guint8 *buf;
} segment;

static int seg_read(struct burn_source *bs, unsigned char *out, int size)
{
    segment *g = bs->data;
    int done = 0;
    while (done + (int)g->out_sector <= size && g->next < g->padded) {
        if (g->next >= g->sectors) {
            memset(out + done, 0, g->out_sector);   /* padding: silence or zero data */
            done += (int)g->out_sector;
            g->next++;
            continue;
        }
        off_t at = (off_t)(g->offset + g->next * (int64_t)g->file_sector);
        ssize_t n = pread(g->fd, g->buf, g->file_sector, at);
        if (n != (ssize_t)g->file_sector)
            return done > 0 ? done : -1;
        memcpy(out + done, g->buf + g->skip, g->out_sector);
        done += (int)g->out_sector;
        g->next++;
    }
    return done;
}

static off_t seg_size(struct burn_source *bs)
{
    segment *g = bs->data;
    return (off_t)(g->padded * (int64_t)g->out_sector);
}

/* libburn pads a track shorter than the 300-block minimum. */
static int seg_set_size(struct burn_source *bs, off_t size)
{
    segment *g = bs->data;
    int64_t want = (int64_t)size / g->out_sector;
    if (want > g->padded)
        g->padded = want;
    return 1;
}

static void seg_free(struct burn_source *bs)
{
    segment *g = bs->data;
    if (g) {
        close(g->fd);
        g_free(g->buf);
        g_free(g);
    }
    bs->data = NULL;
}

static struct burn_source *segment_new(const dw_burn_cue_track *t, GError **error)
{
    int fd = open(t->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "%s: %s", t->path, g_strerror(errno));
        return NULL;
    }
    struct burn_source *bs = calloc(1, sizeof *bs);
    if (!bs) {
        close(fd);
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "out of memory");
        return NULL;
    }
    segment *g = g_new0(segment, 1);
    g->fd = fd;
    g->offset = t->offset;
    g->sectors = t->sectors;
    g->padded = t->sectors;
    g->file_sector = t->file_sector;
    g->out_sector = t->out_sector;
    g->skip = (!t->audio && t->file_sector == 2352) ? 16 : 0;
    g->buf = g_malloc(t->file_sector);
    bs->refcount = 1;
    bs->read = seg_read;
    bs->get_size = seg_size;
    bs->set_size = seg_set_size;
    bs->free_data = seg_free;
    bs->data = g;
    return bs;
}

/* ---- CD-TEXT ---- */

static int text_len(const char *s, uint8_t charset)
{
    if (charset != DW_CDTEXT_CHARSET_MSJIS)
        return (int)strlen(s) + 1;
    int n = 0;
    while (s[n] || s[n + 1])
        n += 2;
    return n + 2;
}

static gboolean set_cdtext(struct burn_session *s, struct burn_track *t, const dw_cdtext_block *b, int blk,
                           int track, GError **error)
{
    static const dw_cdtext_field fields[] = { DW_CDTEXT_TITLE, DW_CDTEXT_PERFORMER, DW_CDTEXT_SONGWRITER,
                                              DW_CDTEXT_COMPOSER, DW_CDTEXT_ARRANGER, DW_CDTEXT_MESSAGE,
                                              DW_CDTEXT_DISC_ID, DW_CDTEXT_GENRE, DW_CDTEXT_CLOSED,
                                              DW_CDTEXT_UPC_ISRC };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        dw_cdtext_field f = fields[i];
        const char *text = b->text[f][track];
        if (!text)
            continue;
        if (track > 0 && (f == DW_CDTEXT_DISC_ID || f == DW_CDTEXT_GENRE))
            continue;
        gboolean dbcs = b->charset == DW_CDTEXT_CHARSET_MSJIS && f <= DW_CDTEXT_MESSAGE;
        int len = dbcs ? text_len(text, b->charset) : (int)strlen(text) + 1;
        g_autofree guint8 *payload = NULL;
        if (f == DW_CDTEXT_GENRE) {
            payload = g_malloc((gsize)len + 2);
            payload[0] = (guint8)(b->genre_code >> 8);
            payload[1] = (guint8)b->genre_code;
            memcpy(payload + 2, text, (size_t)len);
            len += 2;
        } else {
            payload = g_memdup2(text, (gsize)len);
        }
        int r = t ? burn_track_set_cdtext(t, blk, 0x80 + (int)f, "", payload, len, dbcs ? 1 : 0)
                  : burn_session_set_cdtext(s, blk, 0x80 + (int)f, "", payload, len, dbcs ? 1 : 0);
        if (r <= 0) {
            g_autofree char *last = NULL;
            dw_burn_drain_messages(NULL, &last);
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "CD-TEXT block %d %s of %s %d: libburn refuses it%s%s",
                        blk, dw_cdtext_field_name(f), track ? "track" : "disc", track, last ? ": " : "",
                        last ? last : "");
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean session_cdtext(dw_burn_cue_session *cs, struct burn_track **tracks, const dw_disc *disc,
                               GError **error)
{
    const dw_cdtext *c = &disc->cdtext;
    if (c->n_blocks <= 0)
        return TRUE;
    int codes[8], copyrights[8], langs[8];
    for (int b = 0; b < 8; b++) {
        codes[b] = copyrights[b] = langs[b] = -1;
        if (b < c->n_blocks && c->block[b].present) {
            codes[b] = c->block[b].charset;
            copyrights[b] = c->block[b].copyright;
            langs[b] = c->block[b].language;
        }
    }
    burn_session_set_cdtext_par(cs->session, codes, copyrights, langs, 0);
    for (int b = 0; b < c->n_blocks && b < 8; b++) {
        if (!c->block[b].present)
            continue;
        if (!set_cdtext(cs->session, NULL, &c->block[b], b, 0, error))
            return FALSE;
        /* libburn makes a pack type for the tracks only when the session
         * (the disc) has it too: give the disc an empty text where only
         * tracks have one (e.g. SONGWRITER). */
        for (int f = DW_CDTEXT_TITLE; f <= DW_CDTEXT_MESSAGE; f++) {
            if (c->block[b].text[f][0])
                continue;
            gboolean used = FALSE;
            for (size_t i = 0; i < cs->n_tracks; i++)
                used |= cs->tracks[i].number < 100 && c->block[b].text[f][cs->tracks[i].number] != NULL;
            unsigned char empty[2] = { 0, 0 };
            gboolean dbcs = c->block[b].charset == DW_CDTEXT_CHARSET_MSJIS;
            if (used && burn_session_set_cdtext(cs->session, b, 0x80 + f, "", empty, dbcs ? 2 : 1, dbcs ? 1 : 0) <= 0) {
                g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "CD-TEXT block %d: libburn refuses an empty %s", b,
                            dw_cdtext_field_name((dw_cdtext_field)f));
                return FALSE;
            }
        }
        for (size_t i = 0; i < cs->n_tracks; i++)
            if (!set_cdtext(cs->session, tracks[i], &c->block[b], b, cs->tracks[i].number, error))
                return FALSE;
    }
    return TRUE;
}

/* ---- the plan ---- */

static gboolean plan_track(const dw_disc *disc, int i, const char *dir, dw_burn_cue_track *ct, GError **error)
{
    const dw_track *t = &disc->tracks[i];
    memset(ct, 0, sizeof *ct);
    ct->number = t->number;
    for (int k = 0; k <= DW_MAX_INDEX; k++)
        ct->index_rel[k] = -1;
    if (!t->file.path) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d: no FILE", t->number);
        return FALSE;
    }
    ct->path = g_path_is_absolute(t->file.path) ? g_strdup(t->file.path) : g_build_filename(dir, t->file.path, NULL);
    ct->file_sector = t->file.sector_size;
    if (t->mode == DW_TRACK_AUDIO) {
        if (ct->file_sector != 2352) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "track %d: audio with %u-byte sectors", t->number,
                        ct->file_sector);
            return FALSE;
        }
        ct->audio = TRUE;
        ct->out_sector = 2352;
        ct->burn_mode = BURN_AUDIO;
        if (t->control & DW_CTRL_4CH)
            ct->burn_mode |= BURN_4CH;
        if (t->control & DW_CTRL_DCP)
            ct->burn_mode |= BURN_COPY;
        if (t->control & DW_CTRL_PRE)
            ct->burn_mode |= BURN_PREEMPHASIS;
        ct->swap = !t->file.binary_le;
    } else if (t->mode == DW_TRACK_MODE1 && (ct->file_sector == 2352 || ct->file_sector == 2048)) {
        ct->out_sector = 2048;
        ct->burn_mode = BURN_MODE1;
        if (t->control & DW_CTRL_DCP)
            ct->burn_mode |= BURN_COPY;
    } else {
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                    "track %d: %s/%u cannot be written through libburn (it writes CD data as Mode 1 only)",
                    t->number, dw_track_mode_name(t->mode), ct->file_sector);
        return FALSE;
    }
    ct->pregap_stored = t->file.pregap_stored ? t->pregap : 0;
    ct->pregap_silent = t->file.pregap_stored ? 0 : t->pregap;
    ct->postgap = t->postgap;
    ct->offset = t->file.offset;
    ct->sectors = (int64_t)ct->pregap_stored + t->length;
    g_strlcpy(ct->isrc, t->isrc, sizeof ct->isrc);
    int32_t base = t->start - ct->pregap_stored;
    if (ct->pregap_stored > 0)
        ct->index_rel[0] = 0;
    ct->index_rel[1] = t->start - base;
    ct->n_indexes = 2;
    for (int k = 2; k < t->n_indexes && k <= DW_MAX_INDEX; k++) {
        ct->index_rel[k] = t->index[k] - base;
        ct->n_indexes = k + 1;
    }
    struct stat st;
    if (stat(ct->path, &st) != 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_DEVICE, "track %d: %s: %s", t->number, ct->path, g_strerror(errno));
        return FALSE;
    }
    if (ct->offset < 0 || ct->sectors <= 0 ||
        (int64_t)st.st_size < ct->offset + ct->sectors * (int64_t)ct->file_sector) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE,
                    "track %d: %s holds %lld bytes, the sheet needs %" G_GINT64_FORMAT " sectors from byte %" G_GINT64_FORMAT,
                    t->number, ct->path, (long long)st.st_size, ct->sectors, ct->offset);
        return FALSE;
    }
    return TRUE;
}

static gboolean build_track(dw_burn_cue_track *ct, gboolean first, struct burn_track **out, GError **error)
{
    struct burn_track *t = burn_track_create();
    if (!t) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "out of memory");
        return FALSE;
    }
    *out = t;
    burn_track_define_data(t, 0, 0, 1, ct->burn_mode);
    if (ct->swap)
        burn_track_set_byte_swap(t, 1);
    struct burn_source *src = segment_new(ct, error);
    if (!src)
        return FALSE;
    enum burn_source_status st = burn_track_set_source(t, src);
    burn_source_free(src);   /* the track keeps its reference */
    if (st != BURN_SOURCE_OK) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "track %d: libburn refuses the source", ct->number);
        return FALSE;
    }
    for (int k = 0; k <= DW_MAX_INDEX; k++)
        if (ct->index_rel[k] >= 0 && burn_track_set_index(t, k, (unsigned)ct->index_rel[k], 0) <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "track %d: libburn refuses INDEX %02d", ct->number, k);
            return FALSE;
        }
    if (ct->pregap_silent > 0 && !first)
        burn_track_set_pregap_size(t, ct->pregap_silent, 0);
    if (ct->postgap > 0)
        burn_track_set_postgap_size(t, ct->postgap, 0);
    if (ct->isrc[0] && burn_track_set_isrc_string(t, ct->isrc, 0) <= 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "track %d: ISRC '%s' is not CCOOOYYSSSSS", ct->number, ct->isrc);
        return FALSE;
    }
    return TRUE;
}

dw_burn_cue_session *dw_burn_cue_session_new(const dw_disc *disc, const char *cue_path, GError **error)
{
    if (!dw_burn_init(error))
        return NULL;
    if (disc->n_tracks <= 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_PARSE, "%s: no tracks", cue_path);
        return NULL;
    }
    for (int i = 1; i < disc->n_tracks; i++)
        if (disc->tracks[i].session != disc->tracks[0].session) {
            g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED,
                        "%s: track %d starts session %d; libburn writes one session per run (burn them one at a time "
                        "with --multi)", cue_path, disc->tracks[i].number, disc->tracks[i].session);
            return NULL;
        }
    g_autofree char *dir = g_path_get_dirname(cue_path);
    dw_burn_cue_session *cs = g_new0(dw_burn_cue_session, 1);
    cs->n_tracks = (size_t)disc->n_tracks;
    cs->tracks = g_new0(dw_burn_cue_track, cs->n_tracks);
    cs->first_track = disc->tracks[0].number;
    g_strlcpy(cs->catalog, disc->mcn, sizeof cs->catalog);
    cs->session = burn_session_create();
    struct burn_track **tracks = g_new0(struct burn_track *, cs->n_tracks);
    gboolean ok = cs->session != NULL;
    if (ok && burn_session_set_start_tno(cs->session, cs->first_track, 0) <= 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: libburn refuses first track number %d", cue_path,
                    cs->first_track);
        ok = FALSE;
    }
    for (size_t i = 0; ok && i < cs->n_tracks; i++) {
        ok = plan_track(disc, (int)i, dir, &cs->tracks[i], error) &&
             build_track(&cs->tracks[i], i == 0, &tracks[i], error);
        if (ok && burn_session_add_track(cs->session, tracks[i], BURN_POS_END) <= 0) {
            g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "track %d: libburn refuses it", cs->tracks[i].number);
            ok = FALSE;
        }
    }
    ok = ok && session_cdtext(cs, tracks, disc, error);
    for (size_t i = 0; i < cs->n_tracks; i++)
        if (tracks[i])
            burn_track_free(tracks[i]);   /* the session holds them */
    g_free(tracks);
    dw_burn_drain_messages(NULL, NULL);
    if (!ok) {
        dw_burn_cue_session_free(cs);
        return NULL;
    }
    return cs;
}

gboolean dw_burn_cue_session_for_tao(dw_burn_cue_session *cs, dw_job *job, GError **error)
{
    int n = 0;
    struct burn_track **tracks = burn_session_get_tracks(cs->session, &n);
    if (!tracks || (size_t)n != cs->n_tracks) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "the session's tracks are not what was planned");
        return FALSE;
    }
    for (size_t i = 0; i < cs->n_tracks; i++) {
        dw_burn_cue_track *ct = &cs->tracks[i];
        if (ct->pregap_stored <= 0)
            continue;
        /* Track at once the drive writes a 2-second pregap of its own:
         * the sheet's stored pregap is not sent as part of the track. */
        dw_burn_cue_track t = *ct;
        t.offset += (int64_t)ct->pregap_stored * ct->file_sector;
        t.sectors -= ct->pregap_stored;
        struct burn_source *src = segment_new(&t, error);
        if (!src)
            return FALSE;
        enum burn_source_status st = burn_track_set_source(tracks[i], src);
        burn_source_free(src);
        if (st != BURN_SOURCE_OK) {
            g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "track %d: libburn refuses the source", ct->number);
            return FALSE;
        }
        if (job)
            dw_job_log(job, DW_LOG_WARNING, "track %d: written track at once, its %d-block pregap is the drive's "
                       "2-second one, not the sheet's", ct->number, ct->pregap_stored);
    }
    gboolean text = burn_cdtext_from_session(cs->session, NULL, NULL, 1) > 0;
    for (int b = 0; text && b < 8; b++) {
        burn_session_dispose_cdtext(cs->session, b);
        for (size_t i = 0; i < cs->n_tracks; i++)
            burn_track_dispose_cdtext(tracks[i], b);
    }
    if (job && text)
        dw_job_log(job, DW_LOG_WARNING, "CD-TEXT is written session at once only: this session (audio and data "
                   "mixed) goes track at once, without it");
    return TRUE;
}

void dw_burn_cue_session_free(dw_burn_cue_session *cs)
{
    if (!cs)
        return;
    if (cs->session)
        burn_session_free(cs->session);
    for (size_t i = 0; i < cs->n_tracks; i++)
        g_free(cs->tracks[i].path);
    g_free(cs->tracks);
    g_free(cs);
}

uint8_t *dw_burn_cue_session_cdtext(dw_burn_cue_session *cs, size_t *n_packs, GError **error)
{
    *n_packs = 0;
    unsigned char *packs = NULL;
    int n = 0;
    int r = burn_cdtext_from_session(cs->session, &packs, &n, 0);
    if (r <= 0) {
        g_autofree char *last = NULL;
        dw_burn_drain_messages(NULL, &last);
        g_set_error(error, DW_ERROR, DW_ERROR_UNSUPPORTED, "libburn cannot make CD-TEXT packs from the session%s%s",
                    last ? ": " : "", last ? last : "");
        return NULL;
    }
    if (!packs || n <= 0) {
        free(packs);
        return NULL;
    }
    uint8_t *copy = g_memdup2(packs, (gsize)n * 18);
    free(packs);
    *n_packs = (size_t)n;
    return copy;
}
