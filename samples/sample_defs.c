/* sample_defs.c: the descriptions of the sample discs (audio, mode1,
 * mode2xa, mixed, enhanced, dvd, htoa): their disc models and filesystems.
 * Everything here is fixed data or computed from integers, so two runs
 * describe the same discs. */
#include "config.h"

#include <string.h>

#include "discwright/error.h"
#include "samples/samples.h"

static const char *const names[] = { "audio", "mode1", "mode2xa", "mixed", "enhanced", "dvd", "htoa", NULL };

const char *const *dws_sample_names(void)
{
    return names;
}

static dw_track *add_track(dw_disc *d, int number, int session, dw_track_mode mode, uint8_t control,
                           int32_t start, int32_t pregap)
{
    dw_track *t = &d->tracks[d->n_tracks++];
    dw_track_init(t, number);
    t->session = session;
    t->mode = mode;
    t->control = control | (mode == DW_TRACK_AUDIO ? 0 : DW_CTRL_DATA);
    t->start = start;
    t->pregap = pregap;
    return t;
}

static dw_session *add_session(dw_disc *d, dw_session_format format, int32_t leadout, int32_t leadin)
{
    dw_session *s = &d->sessions[d->n_sessions];
    memset(s, 0, sizeof *s);
    s->number = ++d->n_sessions;
    s->format = format;
    s->leadout = leadout;
    s->leadin = leadin;
    return s;
}

/* Deterministic file bytes: text lines, or a byte pattern from an LCG. */
static uint8_t *file_bytes(const char *tag, size_t size, bool text)
{
    uint8_t *p = g_malloc(size ? size : 1);
    uint32_t x = 2166136261u;
    for (const char *c = tag; *c; c++)
        x = (x ^ (uint8_t)*c) * 16777619u;
    if (text) {
        size_t pos = 0;
        for (unsigned line = 1; pos < size; line++) {
            char buf[96];
            int n = g_snprintf(buf, sizeof buf, "%s line %05u: discwright sample file.\n", tag, line);
            size_t k = MIN((size_t)n, size - pos);
            memcpy(p + pos, buf, k);
            pos += k;
        }
    } else {
        for (size_t i = 0; i < size; i++) {
            x = x * 1103515245u + 12345u;
            p[i] = (uint8_t)(x >> 16);
        }
    }
    return p;
}

static void fs_add(dws_fs *fs, const char *dir, const char *name, size_t size, bool text, bool form2)
{
    mini_iso_file *f = &fs->files[fs->n_files++];
    f->dir = dir;
    f->name = name;
    f->size = size;
    f->form2 = form2;
    char *tag = g_strdup_printf("%s/%s/%s", fs->volume_id, dir ? dir : "", name);
    f->data = file_bytes(tag, size, text);
    g_free(tag);
}

/* A small tree: ADDONS/NOTE.TXT, BIG.BIN (> 64 KiB), README.TXT, and for
 * XA a Form 2 video file of video_sectors sectors. */
static gboolean fs_build(dws_fs *fs, int track, uint32_t base, bool xa, const char *volume_id,
                         size_t big_size, uint32_t video_sectors, GError **error)
{
    fs->track = track;
    fs->base_lba = base;
    fs->xa = xa;
    g_strlcpy(fs->volume_id, volume_id, sizeof fs->volume_id);
    fs_add(fs, "ADDONS", "NOTE.TXT", 1234, true, false);
    fs_add(fs, NULL, "BIG.BIN", big_size, false, false);
    fs_add(fs, NULL, "README.TXT", 3000, true, false);
    if (video_sectors)
        /* Form 2 content is generated per sector (dws_video_byte); the
         * 2048-byte units only size the extent. */
        fs_add(fs, NULL, "VIDEO.MPG", (size_t)video_sectors * 2048, false, true);
    if (!mini_iso_build(&fs->iso, volume_id, fs->files, fs->n_files, base, xa)) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: the ISO 9660 tree does not fit", volume_id);
        return FALSE;
    }
    return TRUE;
}

/* A data track is at least 4 s long (Red Book minimum). */
static int32_t data_len(const dws_fs *fs)
{
    return MAX((int32_t)fs->iso.n_blocks, 300);
}

static void audio_cdtext(dw_disc *d)
{
    dw_cdtext *c = &d->cdtext;
    static const char *const en[] = { "Sine of the Times", "Square Dance", "Triangle Affair", "Chirp Chirp",
                                      "Index Two" };
    static const char *const de[] = { "Sinus der Zeit", "Rechtecktanz", "Dreiecksgeschichte", "Zwitscher",
                                      "Index Zwei" };
    dw_cdtext_set(c, 0, DW_CDTEXT_TITLE, 0, "Discwright Test Tones");
    dw_cdtext_set(c, 0, DW_CDTEXT_PERFORMER, 0, "The Samples");
    dw_cdtext_set(c, 0, DW_CDTEXT_MESSAGE, 0, "Generated, not recorded");
    dw_cdtext_set(c, 0, DW_CDTEXT_GENRE, 0, "Electronic");
    dw_cdtext_set(c, 1, DW_CDTEXT_TITLE, 0, "Discwright Testtoene");
    dw_cdtext_set(c, 1, DW_CDTEXT_PERFORMER, 0, "Die Proben");
    dw_cdtext_set(c, 1, DW_CDTEXT_MESSAGE, 0, "Erzeugt, nicht aufgenommen");
    dw_cdtext_set(c, 1, DW_CDTEXT_GENRE, 0, "Elektronisch");
    for (int t = 1; t <= 5; t++) {
        char buf[64];
        dw_cdtext_set(c, 0, DW_CDTEXT_TITLE, t, en[t - 1]);
        dw_cdtext_set(c, 1, DW_CDTEXT_TITLE, t, de[t - 1]);
        g_snprintf(buf, sizeof buf, "Oscillator %d", t);
        dw_cdtext_set(c, 0, DW_CDTEXT_PERFORMER, t, buf);
        g_snprintf(buf, sizeof buf, "Oszillator %d", t);
        dw_cdtext_set(c, 1, DW_CDTEXT_PERFORMER, t, buf);
        g_snprintf(buf, sizeof buf, "Writer %d", t);
        dw_cdtext_set(c, 0, DW_CDTEXT_SONGWRITER, t, buf);
        g_snprintf(buf, sizeof buf, "Autor %d", t);
        dw_cdtext_set(c, 1, DW_CDTEXT_SONGWRITER, t, buf);
    }
    c->block[0].language = 0x09;
    c->block[1].language = 0x08;
    c->block[0].genre_code = c->block[1].genre_code = 0x0008; /* "Electronic" in the genre table */
}

static gboolean build_audio(dws_sample *s, GError **error)
{
    (void)error;
    dw_disc *d = s->disc;
    g_strlcpy(d->mcn, "4006381333931", sizeof d->mcn);
    /* Pregaps: track 1 implicit (not stored), 2: 0.5 s, 3: 2 s, 4: none, 5: 1 s. */
    dw_track *t;
    t = add_track(d, 1, 1, DW_TRACK_AUDIO, 0, 0, 0);
    g_strlcpy(t->isrc, "DEDWS2600001", sizeof t->isrc);
    add_track(d, 2, 1, DW_TRACK_AUDIO, DW_CTRL_PRE, 375 + 37, 37);
    t = add_track(d, 3, 1, DW_TRACK_AUDIO, DW_CTRL_DCP, 412 + 300 + 150, 150);
    g_strlcpy(t->isrc, "DEDWS2600003", sizeof t->isrc);
    add_track(d, 4, 1, DW_TRACK_AUDIO, 0, 862 + 450, 0);
    t = add_track(d, 5, 1, DW_TRACK_AUDIO, 0, 1312 + 300 + 75, 75);
    g_strlcpy(t->isrc, "DEDWS2600005", sizeof t->isrc);
    t->n_indexes = 3;
    t->index[2] = t->start + 150;
    add_session(d, DW_SESSION_CDDA_CDROM, 1687 + 375, 0);
    audio_cdtext(d);
    return TRUE;
}

static gboolean build_mode1(dws_sample *s, GError **error)
{
    dws_fs *fs = &s->fs[s->n_fs++];
    if (!fs_build(fs, 1, 0, false, "DWSAMPLE_MODE1", 100000, 0, error))
        return FALSE;
    add_track(s->disc, 1, 1, DW_TRACK_MODE1, 0, 0, 0);
    add_session(s->disc, DW_SESSION_CDDA_CDROM, data_len(fs), 0);
    return TRUE;
}

static gboolean build_mode2xa(dws_sample *s, GError **error)
{
    dws_fs *fs = &s->fs[s->n_fs++];
    if (!fs_build(fs, 1, 0, true, "DWSAMPLE_XA", 70000, 60, error))
        return FALSE;
    add_track(s->disc, 1, 1, DW_TRACK_MODE2_FORM_MIX, 0, 0, 0);
    add_session(s->disc, DW_SESSION_CDROM_XA, data_len(fs), 0);
    return TRUE;
}

static gboolean build_mixed(dws_sample *s, GError **error)
{
    dws_fs *fs = &s->fs[s->n_fs++];
    if (!fs_build(fs, 1, 0, false, "DWSAMPLE_MIXED", 80000, 0, error))
        return FALSE;
    dw_disc *d = s->disc;
    int32_t t2 = data_len(fs) + 150;
    add_track(d, 1, 1, DW_TRACK_MODE1, 0, 0, 0);
    add_track(d, 2, 1, DW_TRACK_AUDIO, 0, t2, 150);
    add_track(d, 3, 1, DW_TRACK_AUDIO, DW_CTRL_DCP, t2 + 300, 0);
    add_track(d, 4, 1, DW_TRACK_AUDIO, 0, t2 + 600 + 75, 75);
    add_session(d, DW_SESSION_CDDA_CDROM, t2 + 975, 0);
    return TRUE;
}

static gboolean build_enhanced(dws_sample *s, GError **error)
{
    dw_disc *d = s->disc;
    g_strlcpy(d->mcn, "4006381333948", sizeof d->mcn);
    add_track(d, 1, 1, DW_TRACK_AUDIO, 0, 0, 0);
    add_track(d, 2, 1, DW_TRACK_AUDIO, 0, 300 + 75, 75);
    dw_track *t = add_track(d, 3, 1, DW_TRACK_AUDIO, 0, 675, 0);
    g_strlcpy(t->isrc, "DEDWS2600013", sizeof t->isrc);
    int32_t leadout1 = 975;
    /* Session 2: 6750 lead-out + 4500 lead-in + 150 pregap after the
     * first lead-out starts. */
    int32_t start4 = leadout1 + 6750 + 4500 + 150;
    dws_fs *fs = &s->fs[s->n_fs++];
    if (!fs_build(fs, 4, (uint32_t)start4, true, "DWSAMPLE_CDEXTRA", 90000, 0, error))
        return FALSE;
    add_track(d, 4, 2, DW_TRACK_MODE2_FORM_MIX, 0, start4, 150);
    add_session(d, DW_SESSION_CDDA_CDROM, leadout1, 0);
    add_session(d, DW_SESSION_CDROM_XA, start4 + data_len(fs), leadout1 + 6750);
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 0, "Enhanced Sample");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 0, "The Samples");
    for (int k = 1; k <= 3; k++) {
        char buf[32];
        g_snprintf(buf, sizeof buf, "Extra %d", k);
        dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, k, buf);
        dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, k, "The Samples");
    }
    return TRUE;
}

static gboolean build_dvd(dws_sample *s, GError **error)
{
    dws_fs *fs = &s->fs[s->n_fs++];
    if (!fs_build(fs, 0, 0, false, "DWSAMPLE_DVD", 3u << 20, 0, error))
        return FALSE;
    s->dvd = true;
    s->n_sectors = (int32_t)fs->iso.n_blocks;
    return TRUE;
}

/* A hidden track in track 1's pregap: INDEX 00 at LBA 0, INDEX 01 at
 * 900 (12 s of audio before the TOC's first track), then a track with a
 * silent pregap; MCN and ISRCs on both tracks. */
static gboolean build_htoa(dws_sample *s, GError **error)
{
    (void)error;
    dw_disc *d = s->disc;
    s->htoa = true;
    g_strlcpy(d->mcn, "4006381333955", sizeof d->mcn);
    dw_track *t = add_track(d, 1, 1, DW_TRACK_AUDIO, 0, 900, 900);
    g_strlcpy(t->isrc, "DEDWS2600021", sizeof t->isrc);
    t = add_track(d, 2, 1, DW_TRACK_AUDIO, 0, 1500 + 150, 150);
    g_strlcpy(t->isrc, "DEDWS2600022", sizeof t->isrc);
    add_session(d, DW_SESSION_CDDA_CDROM, 1650 + 450, 0);
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 0, "Hidden Sample");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 0, "The Samples");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 1, "After the Hidden One");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 1, "The Samples");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_TITLE, 2, "Second");
    dw_cdtext_set(&d->cdtext, 0, DW_CDTEXT_PERFORMER, 2, "The Samples");
    d->cdtext.block[0].language = 0x09;
    return TRUE;
}

dws_sample *dws_sample_new(const char *name, GError **error)
{
    static const struct {
        const char *name;
        gboolean (*build)(dws_sample *, GError **);
    } table[] = {
        { "audio", build_audio }, { "mode1", build_mode1 }, { "mode2xa", build_mode2xa },
        { "mixed", build_mixed }, { "enhanced", build_enhanced }, { "dvd", build_dvd },
        { "htoa", build_htoa },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(table); i++) {
        if (strcmp(table[i].name, name) != 0)
            continue;
        dws_sample *s = g_new0(dws_sample, 1);
        s->name = g_strdup(name);
        s->disc = dw_disc_new();
        if (!table[i].build(s, error)) {
            dws_sample_free(s);
            return NULL;
        }
        if (s->dvd) {
            s->disc->kind = DW_DISC_DVD;
            s->disc->total_sectors = s->n_sectors;
            s->disc->label = g_strdup(s->fs[0].volume_id);
            return s;
        }
        s->disc->kind = DW_DISC_CD;
        if (s->n_fs)
            s->disc->label = g_strdup(s->fs[s->n_fs - 1].volume_id);
        if (!dw_disc_finish(s->disc, error)) {
            g_prefix_error(error, "sample %s: ", name);
            dws_sample_free(s);
            return NULL;
        }
        dw_disc_build_toc(s->disc);
        s->n_sectors = s->disc->sessions[s->disc->n_sessions - 1].leadout;
        return s;
    }
    g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "no sample called \"%s\"", name);
    return NULL;
}

void dws_sample_free(dws_sample *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n_fs; i++) {
        for (size_t k = 0; k < s->fs[i].n_files; k++)
            g_free((uint8_t *)s->fs[i].files[k].data);
        mini_iso_free(&s->fs[i].iso);
    }
    dw_disc_free(s->disc);
    g_free(s->name);
    g_free(s);
}

const dws_fs *dws_sample_fs_at(const dws_sample *s, int32_t lba)
{
    for (int i = 0; i < s->n_fs; i++) {
        const dws_fs *fs = &s->fs[i];
        if (lba >= (int32_t)fs->base_lba && lba < (int32_t)(fs->base_lba + fs->iso.n_blocks))
            return fs;
    }
    return NULL;
}
