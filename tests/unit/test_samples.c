/* test_samples.c: checks the sample disc maker's output against its own
 * ground truth and against independent readers: every data sector
 * verifies (sync, header, EDC, ECC) at its LBA with the right mode and
 * XA subheader, every Q frame has a good CRC and the position, MCN or
 * ISRC the model says, the ISO 9660 filesystems open with libiso9660 and
 * give back the files' bytes, the .ccd reads back to the same model, and
 * two runs write the same bytes. */
#include "config.h"

#include <cdio/iso9660.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/disc_asserts.h"
#include "discwright/sector.h"
#include "discwright/sheet.h"
#include "discwright/subq.h"
#include "samples/samples.h"

static char *outdir;

typedef struct {
    uint8_t *img, *sub;
    gsize img_len, sub_len;
} image;

static void image_load(const char *name, image *im)
{
    g_autofree char *base = g_build_filename(outdir, name, NULL);
    g_autofree char *img = g_strconcat(base, ".img", NULL);
    g_autofree char *sub = g_strconcat(base, ".sub", NULL);
    GError *error = NULL;
    g_assert_true(g_file_get_contents(img, (char **)&im->img, &im->img_len, &error));
    g_assert_no_error(error);
    g_assert_true(g_file_get_contents(sub, (char **)&im->sub, &im->sub_len, &error));
    g_assert_no_error(error);
}

static void image_free(image *im)
{
    g_free(im->img);
    g_free(im->sub);
}

static void check_sectors(const char *name)
{
    g_autoptr(GError) error = NULL;
    dws_sample *s = dws_sample_new(name, &error);
    g_assert_no_error(error);
    image im;
    image_load(name, &im);
    g_assert_cmpuint(im.img_len % 2352, ==, 0);
    gsize n = im.img_len / 2352;
    g_assert_cmpuint(n, ==, (gsize)s->n_sectors);
    g_assert_cmpuint(im.sub_len, ==, n * 96);

    /* Track starts and pregaps come from the .ccd as dw_ccd_read_file sees it. */
    g_autofree char *base = g_build_filename(outdir, name, NULL);
    g_autofree char *ccd = g_strconcat(base, ".ccd", NULL);
    dw_disc *rd = dw_ccd_read_file(ccd, &error);
    g_assert_no_error(error);

    unsigned n_on_disc = 0, n_mcn = 0, n_isrc = 0, n_data = 0, n_form2 = 0, n_audio_nonzero = 0;
    int prev_track = -1, prev_index = -1;
    int32_t prev_rel = 0;
    for (int32_t lba = 0; lba < (int32_t)n; lba++) {
        const uint8_t *sec = im.img + (size_t)lba * 2352, *sub = im.sub + (size_t)lba * 96;
        int index;
        int32_t rel;
        const dw_track *t = dws_position(s->disc, lba, &index, &rel);
        if (!t) {
            /* Between sessions: zero sector, zero subchannel. */
            for (int i = 0; i < 2352; i++)
                g_assert_cmpuint(sec[i], ==, 0);
            for (int i = 0; i < 96; i++)
                g_assert_cmpuint(sub[i], ==, 0);
            prev_track = -1;
            continue;
        }
        const dw_track *rt = dw_disc_track_at(rd, lba);
        g_assert_nonnull(rt);
        n_on_disc++;
        g_assert_cmpint(rt->number, ==, t->number);

        /* Sector content. */
        if (t->mode == DW_TRACK_AUDIO) {
            if (index == 0 && s->htoa && t->number == 1) {
                /* The hidden track: its own tone, frames counted from LBA 0. */
                uint8_t want[2352];
                dws_audio_fill(want, 0, (int64_t)lba * 588);
                g_assert_cmpmem(sec, 2352, want, 2352);
                g_assert_cmpint(rt->start, ==, t->start);
                g_assert_cmpint(rt->start - rt->pregap, ==, 0);
            } else if (index == 0) {
                for (int i = 0; i < 2352; i++)
                    g_assert_cmpuint(sec[i], ==, 0);
            } else {
                uint8_t want[2352];
                dws_audio_fill(want, t->number, (int64_t)(lba - rt->start) * 588);
                g_assert_cmpmem(sec, 2352, want, 2352);
                for (int i = 0; i < 2352; i++)
                    if (sec[i]) {
                        n_audio_nonzero++;
                        break;
                    }
            }
        } else {
            dw_sector_check chk;
            dw_sector_verify(sec, lba, &chk);
            if (!chk.ok)
                g_error("%s: sector %d does not verify (sync %d header %d edc %d ecc %d)", name, lba,
                        chk.sync_ok, chk.header_ok, chk.edc_ok, chk.ecc_ok);
            n_data++;
            if (t->mode == DW_TRACK_MODE1) {
                g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE1);
            } else {
                const dws_fs *fs = dws_sample_fs_at(s, lba);
                uint8_t kind = fs ? fs->iso.kind[lba - (int32_t)fs->base_lba] : 0;
                uint8_t submode = sec[18];
                if (lba < rt->start) {
                    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE2_FORM2);
                } else if (kind >= 2) {
                    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE2_FORM2);
                    g_assert_cmpuint(submode & 0x7F, ==, (kind == 3 ? 0x23 : 0x22));
                    g_assert_cmpuint(submode & 0x80, ==, (kind == 3 ? 0x80 : 0));
                    g_assert_cmpuint(sec[2348] | sec[2349] | sec[2350] | sec[2351], !=, 0);
                    n_form2++;
                } else {
                    g_assert_cmpint(chk.mode, ==, DW_SECTOR_MODE2_FORM1);
                    g_assert_cmpuint(submode, ==, kind == 1 ? 0x89 : 0x08);
                }
            }
        }

        /* Subchannel: P in index 0 only, R-W zero, Q as the model says. */
        for (int i = 0; i < 12; i++)
            g_assert_cmpuint(sub[i], ==, index == 0 ? 0xFF : 0);
        for (int i = 24; i < 96; i++)
            g_assert_cmpuint(sub[i], ==, 0);
        g_assert_true(dw_subq_crc_ok(sub + 12));
        dw_subq q;
        g_assert_true(dw_subq_decode(sub + 12, &q));
        g_assert_cmpuint(q.control, ==, rt->control);
        int adr = dws_q_adr(s->disc, lba);
        g_assert_cmpuint(q.adr, ==, (unsigned)adr);
        if (q.adr == 1) {
            g_assert_cmpint(dw_msf_to_frames(q.abs), ==, lba + 150);
            g_assert_cmpuint(q.track, ==, (unsigned)rt->number);
            int32_t r = dw_msf_to_frames(q.rel);
            if (lba >= rt->start) {
                g_assert_cmpint(r, ==, lba - rt->start);
                g_assert_cmpuint(q.index, >=, 1);
            } else {
                g_assert_cmpuint(q.index, ==, 0);
                g_assert_cmpint(r, ==, rt->start - lba - 1);
            }
            g_assert_cmpuint(q.index, ==, (unsigned)index);
            /* Continuity with the previous position frame of the track. */
            if (prev_track == q.track && prev_index >= 1 && q.index >= 1)
                g_assert_cmpint(r, >, prev_rel);
            if (prev_track == q.track && prev_index == 0 && q.index == 0)
                g_assert_cmpint(r, <, prev_rel);
            prev_track = q.track;
            prev_index = q.index;
            prev_rel = r;
        } else if (q.adr == 2) {
            g_assert_cmpstr(q.mcn, ==, rd->mcn);
            g_assert_cmpuint(q.aframe, ==, (unsigned)((lba + 150) % 75));
            n_mcn++;
        } else {
            g_assert_cmpuint(q.adr, ==, 3);
            g_assert_cmpstr(q.isrc, ==, rt->isrc);
            n_isrc++;
        }
    }
    if (s->disc->mcn[0])
        g_assert_cmpuint(n_mcn, >=, n_on_disc / 100 - 2 * (unsigned)s->disc->n_tracks);
    else
        g_assert_cmpuint(n_mcn, ==, 0);
    bool any_isrc = false, any_audio = false, any_xa = false;
    for (int i = 0; i < s->disc->n_tracks; i++) {
        any_isrc |= s->disc->tracks[i].isrc[0] != 0;
        any_audio |= s->disc->tracks[i].mode == DW_TRACK_AUDIO;
        any_xa |= s->disc->tracks[i].mode == DW_TRACK_MODE2_FORM_MIX;
    }
    if (any_isrc)
        g_assert_cmpuint(n_isrc, >, 0);
    if (any_audio)
        g_assert_cmpuint(n_audio_nonzero, >, 0);
    if (s->n_fs)
        g_assert_cmpuint(n_data, >=, 300);
    if (strcmp(name, "mode2xa") == 0)
        g_assert_cmpuint(n_form2, ==, 60);
    (void)any_xa;
    dw_disc_free(rd);
    image_free(&im);
    dws_sample_free(s);
}

/* Write the 2048-byte user data of fs's Form 1 blocks at their absolute
 * block numbers into a sparse file; a filesystem in a later session also
 * gets its volume descriptors copied to blocks 16.. where iso9660_open
 * looks for them. */
static char *extract_fs(const dws_sample *s, const dws_fs *fs, const image *im)
{
    g_autofree char *path = g_build_filename(outdir, "extract.iso", NULL);
    FILE *f = fopen(path, "wb");
    g_assert_nonnull(f);
    for (uint32_t b = 0; b < fs->iso.n_blocks; b++) {
        const uint8_t *user;
        if (s->dvd)
            user = fs->iso.blocks + (size_t)b * 2048;
        else {
            const uint8_t *sec = im->img + (size_t)(fs->base_lba + b) * 2352;
            if (sec[15] == 2 && (sec[18] & 0x20))
                continue; /* Form 2: not part of the 2048-byte view */
            user = sec + (sec[15] == 1 ? 16 : 24);
        }
        g_assert_cmpint(fseek(f, (long)(fs->base_lba + b) * 2048, SEEK_SET), ==, 0);
        g_assert_cmpuint(fwrite(user, 1, 2048, f), ==, 2048);
        if (fs->base_lba && b >= 16 && b < 18) {
            g_assert_cmpint(fseek(f, (long)b * 2048, SEEK_SET), ==, 0);
            g_assert_cmpuint(fwrite(user, 1, 2048, f), ==, 2048);
        }
    }
    g_assert_cmpint(fclose(f), ==, 0);
    return g_steal_pointer(&path);
}

static void check_fs(const char *name)
{
    g_autoptr(GError) error = NULL;
    dws_sample *s = dws_sample_new(name, &error);
    g_assert_no_error(error);
    image im = { 0 };
    if (s->dvd) {
        g_autofree char *base = g_build_filename(outdir, name, NULL);
        g_autofree char *iso = g_strconcat(base, ".iso", NULL);
        g_assert_true(g_file_get_contents(iso, (char **)&im.img, &im.img_len, &error));
        g_assert_cmpuint(im.img_len, ==, (gsize)s->n_sectors * 2048);
        g_assert_cmpmem(im.img, im.img_len, s->fs[0].iso.blocks, (gsize)s->fs[0].iso.n_blocks * 2048);
    } else
        image_load(name, &im);
    g_assert_cmpint(s->n_fs, ==, 1);
    const dws_fs *fs = &s->fs[0];
    g_autofree char *path = extract_fs(s, fs, &im);
    iso9660_t *iso = iso9660_open(path);
    g_assert_nonnull(iso);
    char *vol = NULL;
    g_assert_true(iso9660_ifs_get_volume_id(iso, &vol));
    g_assert_cmpstr(vol, ==, fs->volume_id);
    free(vol);

    CdioList_t *root = iso9660_ifs_readdir(iso, "/");
    g_assert_nonnull(root);
    /* ".", "..", ADDONS and the root files. */
    unsigned n_root = 3;
    for (size_t k = 0; k < fs->n_files; k++)
        n_root += fs->files[k].dir == NULL;
    g_assert_cmpuint(_cdio_list_length(root), ==, n_root);
    iso9660_filelist_free(root);

    for (size_t k = 0; k < fs->n_files; k++) {
        const mini_iso_file *mf = &fs->files[k];
        g_autofree char *p = mf->dir ? g_strdup_printf("/%s/%s;1", mf->dir, mf->name)
                                     : g_strdup_printf("/%s;1", mf->name);
        iso9660_stat_t *st = iso9660_ifs_stat(iso, p);
        if (!st)
            g_error("%s: %s not found by libiso9660", name, p);
        g_assert_cmpint(st->type, ==, _STAT_FILE);
        g_assert_cmpuint(st->size, ==, mf->size);
        if (mf->form2) {
            /* The video file: each of its sectors is Form 2 with the generated payload. */
            for (uint32_t b = 0; b < mf->size / 2048; b++) {
                const uint8_t *sec = im.img + (size_t)(st->lsn + b) * 2352;
                g_assert_cmpuint(sec[18] & 0x22, ==, 0x22);
                for (uint32_t i = 0; i < 2324; i += 97)
                    g_assert_cmpuint(sec[24 + i], ==, dws_video_byte(b, i));
            }
        } else {
            uint32_t blocks = (uint32_t)((mf->size + 2047) / 2048);
            uint8_t *buf = g_malloc((size_t)blocks * 2048 + 1);
            g_assert_cmpint(iso9660_iso_seek_read(iso, buf, st->lsn, blocks), ==, (long)blocks * 2048);
            g_assert_cmpmem(buf, mf->size, mf->data, mf->size);
            g_free(buf);
        }
        iso9660_stat_free(st);
    }
    iso9660_close(iso);
    g_assert_cmpint(g_remove(path), ==, 0);
    image_free(&im);
    dws_sample_free(s);
}

static void check_ccd(const char *name)
{
    g_autoptr(GError) error = NULL;
    dws_sample *s = dws_sample_new(name, &error);
    g_assert_no_error(error);
    g_autofree char *base = g_build_filename(outdir, name, NULL);
    g_autofree char *ccd = g_strconcat(base, ".ccd", NULL);
    dw_disc *rd = dw_ccd_read_file(ccd, &error);
    g_assert_no_error(error);
    const dw_disc *m = s->disc;
    g_assert_cmpstr(rd->mcn, ==, m->mcn);
    g_assert_cmpint(rd->n_sessions, ==, m->n_sessions);
    for (int i = 0; i < m->n_sessions; i++)
        dwt_assert_same_session(&rd->sessions[i], &m->sessions[i], DWT_ALL);
    g_assert_cmpint(rd->n_tracks, ==, m->n_tracks);
    for (int i = 0; i < m->n_tracks; i++)
        dwt_assert_same_track(&rd->tracks[i], &m->tracks[i], DWT_DATA_KIND_ONLY);
    g_assert_cmpint(rd->cdtext.n_blocks, ==, m->cdtext.n_blocks);
    for (int b = 0; b < m->cdtext.n_blocks; b++) {
        g_assert_cmpuint(rd->cdtext.block[b].language, ==, m->cdtext.block[b].language);
        for (int f = 0; f < DW_CDTEXT_NFIELDS; f++) {
            if (f == DW_CDTEXT_SIZE_INFO || f == DW_CDTEXT_TOC_INFO || f == DW_CDTEXT_TOC_INFO2)
                continue;
            for (int t = 0; t <= 99; t++)
                g_assert_cmpstr(dw_cdtext_get(&rd->cdtext, b, f, t), ==,
                                dw_cdtext_get(&m->cdtext, b, f, t));
        }
    }
    dw_disc_free(rd);
    dws_sample_free(s);
}

static void test_sectors(gconstpointer data)
{
    check_sectors(data);
}

static void test_fs(gconstpointer data)
{
    check_fs(data);
}

static void test_ccd(gconstpointer data)
{
    check_ccd(data);
}

static void test_determinism(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir2 = g_dir_make_tmp("dw-samples2-XXXXXX", &error);
    g_assert_no_error(error);
    for (const char *const *n = dws_sample_names(); *n; n++) {
        dws_sample *s = dws_sample_new(*n, &error);
        g_assert_no_error(error);
        g_assert_true(dws_sample_write(s, dir2, &error));
        g_assert_no_error(error);
        dws_sample_free(s);
    }
    GDir *d = g_dir_open(outdir, 0, &error);
    g_assert_no_error(error);
    unsigned files = 0;
    for (const char *e; (e = g_dir_read_name(d));) {
        g_autofree char *a = g_build_filename(outdir, e, NULL), *b = g_build_filename(dir2, e, NULL);
        g_autofree char *ta = NULL, *tb = NULL;
        gsize la, lb;
        g_assert_true(g_file_get_contents(a, &ta, &la, NULL));
        g_assert_true(g_file_get_contents(b, &tb, &lb, NULL));
        g_assert_cmpmem(ta, la, tb, lb);
        g_assert_cmpint(g_remove(b), ==, 0);
        files++;
    }
    g_dir_close(d);
    g_assert_cmpuint(files, ==, 6 * 4 + 1);
    g_assert_cmpint(g_rmdir(dir2), ==, 0);
}

static void test_unknown_name(void)
{
    g_autoptr(GError) error = NULL;
    g_assert_null(dws_sample_new("nonesuch", &error));
    g_assert_nonnull(error);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    GError *error = NULL;
    outdir = g_dir_make_tmp("dw-samples-XXXXXX", &error);
    g_assert_no_error(error);
    for (const char *const *n = dws_sample_names(); *n; n++) {
        dws_sample *s = dws_sample_new(*n, &error);
        g_assert_no_error(error);
        g_assert_true(dws_sample_write(s, outdir, &error));
        g_assert_no_error(error);
        dws_sample_free(s);
        char *p;
        if (strcmp(*n, "dvd") != 0) {
            p = g_strdup_printf("/samples/sectors/%s", *n);
            g_test_add_data_func(p, *n, test_sectors);
            g_free(p);
            p = g_strdup_printf("/samples/ccd/%s", *n);
            g_test_add_data_func(p, *n, test_ccd);
            g_free(p);
        }
        if (strcmp(*n, "audio") != 0 && strcmp(*n, "htoa") != 0) {
            p = g_strdup_printf("/samples/iso9660/%s", *n);
            g_test_add_data_func(p, *n, test_fs);
            g_free(p);
        }
    }
    g_test_add_func("/samples/determinism", test_determinism);
    g_test_add_func("/samples/unknown-name", test_unknown_name);
    int rc = g_test_run();
    GDir *d = g_dir_open(outdir, 0, NULL);
    if (d) {
        for (const char *e; (e = g_dir_read_name(d));) {
            char *p = g_build_filename(outdir, e, NULL);
            g_remove(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(outdir);
    g_free(outdir);
    return rc;
}
