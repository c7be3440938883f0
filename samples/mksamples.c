/* mksamples.c: writes the ground-truth sample discs used by the tests
 * and the README demo, as CloneCD .ccd/.img/.sub sets (and one DVD
 * .iso), plus NAME.truth.json — the disc model they were built from.
 *
 *   mksamples OUTDIR [NAME...]     NAME: audio mode1 mode2xa mixed enhanced dvd
 *
 * Every sector is generated from the model: audio from integer tone
 * and noise generators (no silence, so byte order and offsets show),
 * data as fully valid Mode 1 / Mode 2 XA sectors (EDC, ECC) carrying
 * real ISO 9660 filesystems, and a Q subchannel that is right for every
 * position (ADR 1, with MCN and ISRC frames interleaved).  The .img is
 * continuous in LBA (offset = LBA x 2352) from LBA 0, as CloneCD stores
 * it; a session gap is left as a hole.  Output is deterministic and is
 * written under temporary names, then renamed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "discwright/discwright.h"
#include "samples/mini_iso.h"

#define SESSION_GAP (6750 + 4500) /* lead-out + lead-in between sessions */

/* What a data track holds: ISO blocks (2048 bytes, with a kind each). */
typedef struct {
    mini_iso iso;
} track_data;

typedef struct {
    const char *name;
    dw_disc *disc;
    track_data data[DW_MAX_TRACKS];
} sample;

/* ---- content generators --------------------------------------------- */

static uint32_t lfsr_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* One audio sector (588 stereo frames) of track t at sector k of the track. */
static void audio_sector(uint8_t *out, int track, int32_t k)
{
    uint32_t noise = 0x9E3779B9u ^ (uint32_t)(track * 7919 + k * 104729);
    for (int i = 0; i < 588; i++) {
        int64_t n = (int64_t)k * 588 + i;
        /* Left: a sawtooth whose period depends on the track; right: a
         * slower triangle plus a little noise. */
        int period = 40 + track * 13;
        int16_t left = (int16_t)(((n % period) * 65535 / period) - 32768) / 4;
        int tp = 400 + track * 50;
        int64_t ph = n % tp;
        int16_t right = (int16_t)((ph < tp / 2 ? ph : tp - ph) * 16000 / (tp / 2) - 8000);
        right = (int16_t)(right + (int16_t)(lfsr_next(&noise) & 0xFF) - 128);
        out[4 * i] = (uint8_t)left;
        out[4 * i + 1] = (uint8_t)((uint16_t)left >> 8);
        out[4 * i + 2] = (uint8_t)right;
        out[4 * i + 3] = (uint8_t)((uint16_t)right >> 8);
    }
}

static uint8_t *pattern_file(size_t size, uint32_t seed)
{
    uint8_t *p = g_malloc(size ? size : 1);
    char line[80];
    size_t pos = 0;
    uint32_t s = seed;
    while (pos < size) {
        int n = g_snprintf(line, sizeof line, "discwright sample %08x line %zu\n", lfsr_next(&s), pos / 40);
        size_t take = MIN((size_t)n, size - pos);
        memcpy(p + pos, line, take);
        pos += take;
    }
    return p;
}

/* ---- building the model ---------------------------------------------- */

typedef struct {
    dw_track_mode mode;
    uint8_t control;
    int32_t pregap, length;
    const char *isrc;
    int32_t index2;              /* offset of INDEX 02 from the start, 0 = none */
} track_spec;

/* Lay tracks out back to back from *pos in session `session`. */
static void add_tracks(dw_disc *d, int session, int32_t *pos, const track_spec *spec, int n)
{
    for (int i = 0; i < n; i++) {
        dw_track *t = &d->tracks[d->n_tracks];
        dw_track_init(t, d->n_tracks + 1);
        d->n_tracks++;
        t->session = session;
        t->mode = spec[i].mode;
        t->control = spec[i].control | (spec[i].mode == DW_TRACK_AUDIO ? 0 : DW_CTRL_DATA);
        t->pregap = spec[i].pregap;
        *pos += spec[i].pregap;
        t->start = *pos;
        t->length = spec[i].length;
        *pos += spec[i].length;
        if (spec[i].isrc)
            g_strlcpy(t->isrc, spec[i].isrc, sizeof t->isrc);
        if (spec[i].index2) {
            t->index[2] = t->start + spec[i].index2;
            t->n_indexes = 3;
        }
    }
}

static void add_session(dw_disc *d, int number, dw_session_format fmt, int32_t leadout)
{
    dw_session *s = &d->sessions[d->n_sessions++];
    memset(s, 0, sizeof *s);
    s->number = number;
    s->format = fmt;
    s->leadout = leadout;
}

static void iso_for_track(sample *s, int ti, const char *volid, bool xa, bool with_video)
{
    uint8_t *readme = pattern_file(1200, 1u + (uint32_t)ti);
    uint8_t *big = pattern_file(70000, 77u + (uint32_t)ti);
    uint8_t *nested = pattern_file(5000, 99u + (uint32_t)ti);
    uint8_t *video = with_video ? pattern_file(2048 * 40, 1234u) : NULL;
    mini_iso_file files[] = {
        { NULL, "README.TXT", readme, 1200, false },
        { NULL, "BIG.BIN", big, 70000, false },
        { "SUBDIR", "NESTED.TXT", nested, 5000, false },
        { NULL, "VIDEO.XA", video, 2048 * 40, true },
    };
    size_t n = with_video ? 4 : 3;
    if (!mini_iso_build(&s->data[ti].iso, volid, files, n, (uint32_t)s->disc->tracks[ti].start, xa))
        g_error("mini_iso_build failed for %s", volid);
    g_free(readme);
    g_free(big);
    g_free(nested);
    g_free(video);
}

static void audio_cdtext(dw_disc *d)
{
    dw_cdtext *c = &d->cdtext;
    static const char *en[] = { "Sawtooth Morning", "Triangle Noon", "Pre-emphasis Evening",
                                "No Gap Night", "Last Light" };
    static const char *de[] = { "S\xE4gezahnmorgen", "Dreiecksmittag", "Vorverzerrter Abend",
                                "L\xFC""ckenlose Nacht", "Letztes Licht" };
    dw_cdtext_set(c, 0, DW_CDTEXT_TITLE, 0, "Discwright Test Tones");
    dw_cdtext_set(c, 0, DW_CDTEXT_PERFORMER, 0, "The Virtual Drives");
    dw_cdtext_set(c, 0, DW_CDTEXT_MESSAGE, 0, "Generated by discwright mksamples");
    dw_cdtext_set(c, 0, DW_CDTEXT_GENRE, 0, "Test Signals");
    c->block[0].genre_code = 0x0010;
    dw_cdtext_set(c, 1, DW_CDTEXT_TITLE, 0, "Discwright Testt\xF6ne");
    dw_cdtext_set(c, 1, DW_CDTEXT_PERFORMER, 0, "Die virtuellen Laufwerke");
    c->block[1].language = 0x08;
    for (int t = 1; t <= 5; t++) {
        dw_cdtext_set(c, 0, DW_CDTEXT_TITLE, t, en[t - 1]);
        dw_cdtext_set(c, 1, DW_CDTEXT_TITLE, t, de[t - 1]);
        dw_cdtext_set(c, 0, DW_CDTEXT_PERFORMER, t, t == 3 ? "Guest Oscillator" : "The Virtual Drives");
        dw_cdtext_set(c, 1, DW_CDTEXT_PERFORMER, t, t == 3 ? "Gastoszillator" : "Die virtuellen Laufwerke");
    }
    dw_cdtext_set(c, 0, DW_CDTEXT_SONGWRITER, 2, "A. Generator");
    dw_cdtext_set(c, 0, DW_CDTEXT_SONGWRITER, 4, "B. Generator");
}

static sample *build_sample(const char *name)
{
    sample *s = g_new0(sample, 1);
    s->name = name;
    dw_disc *d = s->disc = dw_disc_new();
    d->kind = DW_DISC_CD;
    int32_t pos = 0;
    if (strcmp(name, "audio") == 0) {
        static const track_spec t[] = {
            { DW_TRACK_AUDIO, 0, 0, 450, "USDW12600001", 0 },
            { DW_TRACK_AUDIO, DW_CTRL_DCP, 37, 525, NULL, 300 },
            { DW_TRACK_AUDIO, DW_CTRL_PRE, 150, 600, "USDW12600003", 0 },
            { DW_TRACK_AUDIO, 0, 0, 375, NULL, 0 },
            { DW_TRACK_AUDIO, 0, 75, 450, "DEXYZ2600005", 0 },
        };
        add_tracks(d, 1, &pos, t, 5);
        add_session(d, 1, DW_SESSION_CDDA_CDROM, pos);
        g_strlcpy(d->mcn, "4006381333931", sizeof d->mcn);
        audio_cdtext(d);
    } else if (strcmp(name, "mode1") == 0) {
        static const track_spec t[] = { { DW_TRACK_MODE1, 0, 0, 0, NULL, 0 } };
        add_tracks(d, 1, &pos, t, 1);
        iso_for_track(s, 0, "DWSAMPLE_MODE1", false, false);
        d->tracks[0].length = MAX(300, (int32_t)s->data[0].iso.n_blocks);
        add_session(d, 1, DW_SESSION_CDDA_CDROM, d->tracks[0].length);
    } else if (strcmp(name, "mode2xa") == 0) {
        static const track_spec t[] = { { DW_TRACK_MODE2, 0, 0, 0, NULL, 0 } };
        add_tracks(d, 1, &pos, t, 1);
        iso_for_track(s, 0, "DWSAMPLE_XA", true, true);
        d->tracks[0].length = MAX(300, (int32_t)s->data[0].iso.n_blocks);
        add_session(d, 1, DW_SESSION_CDROM_XA, d->tracks[0].length);
    } else if (strcmp(name, "mixed") == 0) {
        static const track_spec t[] = {
            { DW_TRACK_MODE1, 0, 0, 300, NULL, 0 },
            { DW_TRACK_AUDIO, 0, 150, 450, "USDW12600102", 0 },
            { DW_TRACK_AUDIO, DW_CTRL_DCP, 0, 375, NULL, 0 },
            { DW_TRACK_AUDIO, 0, 0, 300, NULL, 0 },
        };
        add_tracks(d, 1, &pos, t, 4);
        iso_for_track(s, 0, "DWSAMPLE_MIXED", false, false);
        add_session(d, 1, DW_SESSION_CDDA_CDROM, pos);
    } else if (strcmp(name, "enhanced") == 0) {
        static const track_spec audio[] = {
            { DW_TRACK_AUDIO, 0, 0, 450, NULL, 0 },
            { DW_TRACK_AUDIO, 0, 75, 375, NULL, 0 },
            { DW_TRACK_AUDIO, 0, 0, 300, NULL, 0 },
        };
        add_tracks(d, 1, &pos, audio, 3);
        add_session(d, 1, DW_SESSION_CDDA_CDROM, pos);
        pos += SESSION_GAP;
        static const track_spec data[] = { { DW_TRACK_MODE2, 0, 150, 300, NULL, 0 } };
        add_tracks(d, 2, &pos, data, 1);
        iso_for_track(s, 3, "DWSAMPLE_CDEXTRA", true, false);
        d->tracks[3].length = MAX(300, (int32_t)s->data[3].iso.n_blocks);
        add_session(d, 2, DW_SESSION_CDROM_XA, d->tracks[3].start + d->tracks[3].length);
        dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 0, "Discwright Enhanced");
        for (int i = 1; i <= 3; i++) {
            char title[32];
            g_snprintf(title, sizeof title, "Enhanced Track %d", i);
            dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, i, title);
        }
    } else {
        dw_disc_free(d);
        g_free(s);
        return NULL;
    }
    GError *error = NULL;
    if (!dw_disc_finish(d, &error))
        g_error("%s: %s", name, error->message);
    dw_disc_build_toc(d);
    return s;
}

static void sample_free(sample *s)
{
    for (int i = 0; i < DW_MAX_TRACKS; i++)
        mini_iso_free(&s->data[i].iso);
    dw_disc_free(s->disc);
    g_free(s);
}

/* ---- sectors and subchannel ------------------------------------------ */

static int index_at(const dw_track *t, int32_t lba)
{
    if (lba < t->start)
        return 0;
    int idx = 1;
    for (int k = 2; k < t->n_indexes; k++)
        if (lba >= t->index[k])
            idx = k;
    return idx;
}

/* Is lba within 3 sectors of an index or track change? (No MCN/ISRC there.) */
static bool near_boundary(const dw_track *t, int32_t lba)
{
    int32_t b[DW_MAX_INDEX + 3];
    int n = 0;
    b[n++] = t->start - t->pregap;
    b[n++] = t->start;
    for (int k = 2; k < t->n_indexes; k++)
        b[n++] = t->index[k];
    b[n++] = t->start + t->length;
    for (int i = 0; i < n; i++)
        if (lba >= b[i] - 3 && lba <= b[i] + 3)
            return true;
    return false;
}

static void make_q(const dw_disc *d, const dw_track *t, int32_t lba, uint8_t q[12])
{
    dw_subq sq = { 0 };
    sq.control = t->control;
    if (d->mcn[0] && lba % 100 == 50 && !near_boundary(t, lba)) {
        sq.adr = 2;
        memcpy(sq.mcn, d->mcn, 14);
        sq.aframe = dw_lba_to_msf(lba).f;
    } else if (t->isrc[0] && lba % 100 == 75 && lba >= t->start && !near_boundary(t, lba)) {
        sq.adr = 3;
        memcpy(sq.isrc, t->isrc, 13);
        sq.aframe = dw_lba_to_msf(lba).f;
    } else {
        sq.adr = 1;
        sq.track = (uint8_t)t->number;
        sq.index = (uint8_t)index_at(t, lba);
        sq.rel = dw_frames_to_msf(lba < t->start ? t->start - lba : lba - t->start);
        sq.abs = dw_lba_to_msf(lba);
    }
    if (!dw_subq_encode(&sq, q))
        g_error("cannot encode Q at LBA %d", lba);
}

static void data_sector(const sample *s, int ti, const dw_track *t, int32_t lba, uint8_t *sec)
{
    memset(sec, 0, 2352);
    const mini_iso *iso = &s->data[ti].iso;
    int32_t blk = lba - t->start;
    bool in_fs = lba >= t->start && iso->blocks && blk < (int32_t)iso->n_blocks;
    if (t->mode == DW_TRACK_MODE1) {
        if (in_fs)
            memcpy(sec + 16, iso->blocks + (size_t)blk * 2048, 2048);
        dw_sector_encode_mode1(sec, lba);
        return;
    }
    /* Mode 2 XA: subheader file 1 channel 0; data blocks are Form 1 (submode
     * 0x08, +EOR|EOF on a file's last block), video blocks Form 2 (0x22). */
    uint8_t kind = in_fs ? iso->kind[blk] : 0;
    uint8_t sub[4] = { in_fs ? 1 : 0, 0, 0x08, 0 };
    if (kind == 1)
        sub[2] = 0x89;
    if (kind == 2)
        sub[2] = 0x22;
    memcpy(sec + 16, sub, 4);
    memcpy(sec + 20, sub, 4);
    if (kind == 2) {
        /* A Form 2 "video" sector: 2324 bytes of pattern. */
        uint32_t st = (uint32_t)lba * 2654435761u;
        for (int i = 0; i < 2324; i++)
            sec[24 + i] = (uint8_t)lfsr_next(&st);
        dw_sector_encode_mode2_form2(sec, lba, true);
    } else {
        if (in_fs)
            memcpy(sec + 24, iso->blocks + (size_t)blk * 2048, 2048);
        dw_sector_encode_mode2_form1(sec, lba);
    }
}

static gboolean write_all(int fd, const void *buf, size_t len, off_t at, const char *path, GError **error)
{
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t w = pwrite(fd, p, len, at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(e));
            return FALSE;
        }
        p += w;
        len -= (size_t)w;
        at += w;
    }
    return TRUE;
}

static int open_tmp(const char *path, GError **error)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(e));
    }
    return fd;
}

static gboolean finish_file(int fd, const char *tmp, const char *final, off_t size, GError **error)
{
    if ((size >= 0 && ftruncate(fd, size) != 0) || fsync(fd) != 0 || close(fd) != 0 ||
        g_rename(tmp, final) != 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", final, g_strerror(e));
        return FALSE;
    }
    return TRUE;
}

static gboolean write_text(const char *dir, const char *name, const char *ext, const char *text, GError **error)
{
    g_autofree char *final = g_strdup_printf("%s/%s%s", dir, name, ext);
    g_autofree char *tmp = g_strdup_printf("%s.tmp", final);
    int fd = open_tmp(tmp, error);
    if (fd < 0)
        return FALSE;
    if (!write_all(fd, text, strlen(text), 0, tmp, error)) {
        close(fd);
        return FALSE;
    }
    return finish_file(fd, tmp, final, -1, error);
}

static gboolean write_cd(const sample *s, const char *dir, GError **error)
{
    const dw_disc *d = s->disc;
    int32_t total = d->sessions[d->n_sessions - 1].leadout;
    g_autofree char *img = g_strdup_printf("%s/%s.img", dir, s->name);
    g_autofree char *sub = g_strdup_printf("%s/%s.sub", dir, s->name);
    g_autofree char *img_tmp = g_strdup_printf("%s.tmp", img);
    g_autofree char *sub_tmp = g_strdup_printf("%s.tmp", sub);
    int fi = open_tmp(img_tmp, error);
    if (fi < 0)
        return FALSE;
    int fs = open_tmp(sub_tmp, error);
    if (fs < 0) {
        close(fi);
        return FALSE;
    }
    gboolean ok = TRUE;
    for (int32_t lba = 0; ok && lba < total; lba++) {
        const dw_track *t = dw_disc_track_at(d, lba);
        if (!t)
            continue; /* between sessions: a hole in both files */
        int ti = (int)(t - d->tracks);
        uint8_t sec[2352], q[12], packed[96];
        if (t->mode == DW_TRACK_AUDIO) {
            if (lba < t->start)
                memset(sec, 0, sizeof sec); /* pregaps are digital silence */
            else
                audio_sector(sec, t->number, lba - t->start);
        } else {
            data_sector(s, ti, t, lba, sec);
        }
        make_q(d, t, lba, q);
        memset(packed, 0, sizeof packed);
        if (lba < t->start)
            memset(packed, 0xFF, 12); /* P: set during the pause */
        memcpy(packed + 12, q, 12);
        ok = write_all(fi, sec, sizeof sec, (off_t)lba * 2352, img_tmp, error) &&
             write_all(fs, packed, sizeof packed, (off_t)lba * 96, sub_tmp, error);
    }
    if (!ok) {
        close(fi);
        close(fs);
        g_unlink(img_tmp);
        g_unlink(sub_tmp);
        return FALSE;
    }
    if (!finish_file(fi, img_tmp, img, (off_t)total * 2352, error)) {
        close(fs);
        return FALSE;
    }
    if (!finish_file(fs, sub_tmp, sub, (off_t)total * 96, error))
        return FALSE;
    g_autofree char *ccd = dw_ccd_write(d);
    g_autofree char *json = dw_disc_to_json(d);
    g_autofree char *json_nl = g_strconcat(json, "\n", NULL);
    return write_text(dir, s->name, ".ccd", ccd, error) && write_text(dir, s->name, ".truth.json", json_nl, error);
}

static gboolean write_dvd(const char *dir, GError **error)
{
    uint8_t *a = pattern_file(3 * 1024 * 1024, 5);
    uint8_t *b = pattern_file(200000, 6);
    mini_iso_file files[] = {
        { NULL, "MOVIE.BIN", a, 3 * 1024 * 1024, false },
        { "EXTRAS", "NOTES.TXT", b, 200000, false },
    };
    mini_iso iso;
    gboolean ok = mini_iso_build(&iso, "DWSAMPLE_DVD", files, 2, 0, false);
    g_free(a);
    g_free(b);
    if (!ok) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "dvd: ISO layout failed");
        return FALSE;
    }
    g_autofree char *final = g_strdup_printf("%s/dvd.iso", dir);
    g_autofree char *tmp = g_strdup_printf("%s.tmp", final);
    int fd = open_tmp(tmp, error);
    ok = fd >= 0 && write_all(fd, iso.blocks, (size_t)iso.n_blocks * 2048, 0, tmp, error) &&
         finish_file(fd, tmp, final, -1, error);
    mini_iso_free(&iso);
    return ok;
}

int main(int argc, char **argv)
{
    static const char *all[] = { "audio", "mode1", "mode2xa", "mixed", "enhanced", "dvd" };
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: mksamples OUTDIR [audio|mode1|mode2xa|mixed|enhanced|dvd ...]\n");
        return 2;
    }
    const char *dir = argv[1];
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        fprintf(stderr, "mksamples: %s: %s\n", dir, g_strerror(errno));
        return 1;
    }
    const char **names = argc > 2 ? (const char **)argv + 2 : all;
    int n = argc > 2 ? argc - 2 : (int)G_N_ELEMENTS(all);
    for (int i = 0; i < n; i++) {
        GError *error = NULL;
        gboolean ok;
        if (strcmp(names[i], "dvd") == 0) {
            ok = write_dvd(dir, &error);
        } else {
            sample *s = build_sample(names[i]);
            if (!s) {
                fprintf(stderr, "mksamples: unknown sample '%s'\n", names[i]);
                return 2;
            }
            ok = write_cd(s, dir, &error);
            sample_free(s);
        }
        if (!ok) {
            fprintf(stderr, "mksamples: %s\n", error->message);
            g_error_free(error);
            return 1;
        }
    }
    return 0;
}
