/* test_author.c: images made through the author API, read back with
 * libudfread (UDF 1.02, 2.01, 2.50) and libcdio's libiso9660 (Rock
 * Ridge names): every name, size and byte of the source tree; the pull
 * stream read in odd-sized pieces equals the written image; two builds
 * with the same date are identical; plan size = image size; files whose
 * extents continue in allocation extent descriptors read back whole; a
 * second session grown over the first keeps its files; El Torito, MBR
 * and GPT read back by verify's boot_info reader. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <cdio/iso9660.h>
#include <glib/gstdio.h>
#include <udfread/udfread.h>

#include "discwright/author.h"
#include "discwright/error.h"
#include "discwright/verify.h"

static char *tree;

static void put(const char *rel, gsize size, guint seed)
{
    g_autofree char *path = g_build_filename(tree, rel, NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    guint8 *b = g_malloc(size + 1);
    for (gsize i = 0; i < size; i++)
        b[i] = (guint8)(i * 31 + seed);
    g_assert_true(g_file_set_contents(path, (char *)b, (gssize)size, NULL));
    g_free(b);
}

static void make_tree(void)
{
    tree = g_dir_make_tmp("dwauthor-XXXXXX", NULL);
    g_assert_nonnull(tree);
    put("empty", 0, 1);
    put("one", 1, 2);
    put("s2047", 2047, 3);
    put("s2048", 2048, 4);
    put("s2049", 2049, 5);
    put("big.bin", 300000, 6);
    put("aed.bin", 600000, 10); /* 293 extents of 2048 bytes: AEDs in every revision (test_udf_aed) */
    put("dir/sub/deep/x.txt", 10, 7);
    put("dir/Ünïcødé 日本.txt", 20, 8);
    put("dir/a long name with spaces and more than sixty four characters in it, really.txt", 30, 9);
    for (int i = 0; i < 150; i++) {
        char n[64];
        g_snprintf(n, sizeof n, "many/file%03d", i);
        put(n, (gsize)i * 40, (guint)i);
    }
    g_autofree char *a = g_build_filename(tree, "one", NULL);
    g_autofree char *l = g_build_filename(tree, "dir/hardlink", NULL);
    g_assert_cmpint(link(a, l), ==, 0);
    g_autofree char *s = g_build_filename(tree, "dir/symlink", NULL);
    g_assert_cmpint(symlink("../one", s), ==, 0);
}

static void rm_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(path, n, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
                rm_tree(p);
            else
                g_unlink(p);
        }
        g_dir_close(d);
    }
    g_rmdir(path);
}

static char *build(unsigned udf, const char *name)
{
    dw_author_options o;
    dw_author_options_init(&o);
    dw_author_graft g = { .target = "/", .source = tree };
    o.grafts = &g;
    o.n_grafts = 1;
    o.udf = udf;
    o.date_set = TRUE;
    o.date = 1700000000;
    o.volid = "TESTVOL";
    char *out = g_build_filename(g_get_tmp_dir(), name, NULL);
    g_unlink(out);
    g_autoptr(dw_job) job = dw_job_new();
    GError *e = NULL;
    gboolean ok = dw_author_write(&o, out, FALSE, job, &e);
    g_assert_no_error(e);
    g_assert_true(ok);
    return out;
}

/* Source entries of a directory (names), excluding nothing. */
static GHashTable *source_names(const char *rel)
{
    g_autofree char *p = g_build_filename(tree, rel, NULL);
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GDir *d = g_dir_open(p, 0, NULL);
    g_assert_nonnull(d);
    const char *n;
    while ((n = g_dir_read_name(d)))
        g_hash_table_add(h, g_strdup(n));
    g_dir_close(d);
    return h;
}

static void udf_walk(udfread *u, const char *rel, unsigned *files)
{
    g_autofree char *upath = g_strconcat("/", rel, NULL);
    UDFDIR *d = udfread_opendir(u, upath);
    g_assert_nonnull(d);
    GHashTable *want = source_names(rel);
    struct udfread_dirent ent;
    while (udfread_readdir(d, &ent)) {
        if (!strcmp(ent.d_name, ".") || !strcmp(ent.d_name, ".."))
            continue;
        g_assert_true(g_hash_table_remove(want, ent.d_name));
        g_autofree char *sub = *rel ? g_strconcat(rel, "/", ent.d_name, NULL) : g_strdup(ent.d_name);
        g_autofree char *src = g_build_filename(tree, sub, NULL);
        if (ent.d_type == UDF_DT_DIR) {
            udf_walk(u, sub, files);
        } else if (ent.d_type == UDF_DT_REG && !g_file_test(src, G_FILE_TEST_IS_SYMLINK)) {
            gchar *want_b = NULL;
            gsize want_n = 0;
            g_assert_true(g_file_get_contents(src, &want_b, &want_n, NULL));
            g_autofree char *fpath = g_strconcat("/", sub, NULL);
            UDFFILE *f = udfread_file_open(u, fpath);
            g_assert_nonnull(f);
            g_assert_cmpint(udfread_file_size(f), ==, (gint64)want_n);
            guint8 *got = g_malloc(want_n + 1);
            g_assert_cmpint(udfread_file_read(f, got, want_n), ==, (gssize)want_n);
            g_assert_cmpmem(got, want_n, want_b, want_n);
            g_free(got);
            g_free(want_b);
            udfread_file_close(f);
            (*files)++;
        }
    }
    g_assert_cmpuint(g_hash_table_size(want), ==, 0);
    g_hash_table_unref(want);
    udfread_closedir(d);
}

static void check_udf(const char *img)
{
    udfread *u = udfread_init();
    g_assert_cmpint(udfread_open(u, img), ==, 0);
    g_assert_cmpstr(udfread_get_volume_id(u), ==, "TESTVOL");
    unsigned files = 0;
    udf_walk(u, "", &files);
    g_assert_cmpuint(files, >=, 158);
    udfread_close(u);
}

static void iso_walk(iso9660_t *iso, const char *rel, unsigned *files)
{
    g_autofree char *ipath = g_strconcat("/", rel, NULL);
    CdioList_t *l = iso9660_ifs_readdir(iso, ipath);
    g_assert_nonnull(l);
    GHashTable *want = source_names(rel);
    CdioListNode_t *node;
    _CDIO_LIST_FOREACH(node, l)
    {
        iso9660_stat_t *st = _cdio_list_node_data(node);
        const char *n = st->filename;
        if (!strcmp(n, ".") || !strcmp(n, ".."))
            continue;
        if (!g_hash_table_remove(want, n))
            g_error("libiso9660: unexpected name %s in /%s", n, rel);
        g_autofree char *sub = *rel ? g_strconcat(rel, "/", n, NULL) : g_strdup(n);
        g_autofree char *src = g_build_filename(tree, sub, NULL);
        if (st->type == _STAT_DIR) {
            iso_walk(iso, sub, files);
        } else if (!g_file_test(src, G_FILE_TEST_IS_SYMLINK)) {
            gchar *want_b = NULL;
            gsize want_n = 0;
            g_assert_true(g_file_get_contents(src, &want_b, &want_n, NULL));
            g_assert_cmpuint(st->size, ==, want_n);
            if (want_n) {
                gsize blocks = (want_n + 2047) / 2048;
                guint8 *got = g_malloc(blocks * 2048);
                g_assert_cmpint(iso9660_iso_seek_read(iso, got, st->lsn, (long)blocks), ==, (long)(blocks * 2048));
                g_assert_cmpmem(got, want_n, want_b, want_n);
                g_free(got);
            }
            g_free(want_b);
            (*files)++;
        }
    }
    g_assert_cmpuint(g_hash_table_size(want), ==, 0);
    g_hash_table_unref(want);
    iso9660_filelist_free(l);
}

static void check_iso(const char *img)
{
    iso9660_t *iso = iso9660_open_ext(img, ISO_EXTENSION_ROCK_RIDGE);
    g_assert_nonnull(iso);
    char *vol = NULL;
    g_assert_true(iso9660_ifs_get_volume_id(iso, &vol));
    g_assert_cmpstr(vol, ==, "TESTVOL");
    free(vol);
    unsigned files = 0;
    iso_walk(iso, "", &files);
    g_assert_cmpuint(files, >=, 158);
    iso9660_close(iso);
}

static char *sha(const char *path)
{
    gchar *b = NULL;
    gsize n = 0;
    g_assert_true(g_file_get_contents(path, &b, &n, NULL));
    char *s = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guint8 *)b, n);
    g_free(b);
    return s;
}

static void test_udf_rev(gconstpointer data)
{
    unsigned rev = GPOINTER_TO_UINT(data);
    g_autofree char *a = build(rev, "dwauthor-a.iso");
    g_autofree char *b = build(rev, "dwauthor-b.iso");
    if (rev)
        check_udf(a);
    check_iso(a);
    g_autofree char *ha = sha(a);
    g_autofree char *hb = sha(b);
    g_assert_cmpstr(ha, ==, hb);
    g_unlink(a);
    g_unlink(b);
}

/* Extents capped at one block (the DW_AUTHOR_UDF_MAX_EXTENT test hook):
 * aed.bin needs 293 descriptors, more than an (E)FE holds, so its
 * descriptors continue in allocation extent descriptors; libudfread
 * must still read every byte of every file. */
static void test_udf_aed(gconstpointer data)
{
    unsigned rev = GPOINTER_TO_UINT(data);
    g_setenv("DW_AUTHOR_UDF_MAX_EXTENT", "2048", TRUE);
    g_autofree char *a = build(rev, "dwauthor-aed.iso");
    g_unsetenv("DW_AUTHOR_UDF_MAX_EXTENT");
    g_autofree char *plain = build(rev, "dwauthor-aed-plain.iso");
    check_udf(a);
    check_iso(a);
    /* The AED blocks (and nothing else) make the image bigger (2.50 rounds
     * its metadata partition up to 32 blocks, which may absorb them). */
    GStatBuf sa, sp;
    g_assert_cmpint(g_stat(a, &sa), ==, 0);
    g_assert_cmpint(g_stat(plain, &sp), ==, 0);
    g_assert_cmpint(sa.st_size, >=, sp.st_size + (rev < DW_UDF_250 ? 2048 : 0));
    g_assert_cmpint(sa.st_size - sp.st_size, <=, 8 * 2048);
    g_unlink(a);
    g_unlink(plain);
}

static void test_stream(void)
{
    g_autofree char *img = build(DW_UDF_201, "dwauthor-s.iso");
    gchar *want = NULL;
    gsize want_n = 0;
    g_assert_true(g_file_get_contents(img, &want, &want_n, NULL));
    dw_author_options o;
    dw_author_options_init(&o);
    dw_author_graft g = { .target = "/", .source = tree };
    o.grafts = &g;
    o.n_grafts = 1;
    o.udf = DW_UDF_201;
    o.date_set = TRUE;
    o.date = 1700000000;
    o.volid = "TESTVOL";
    GError *e = NULL;
    g_autoptr(dw_author_plan) plan = dw_author_plan_new(&o, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(dw_author_plan_blocks(plan) * 2048, ==, want_n);
    g_autoptr(dw_author_stream) s = dw_author_stream_new(plan, &e);
    g_assert_nonnull(s);
    guint8 *got = g_malloc(want_n + 8192);
    gsize pos = 0;
    const gsize sizes[] = { 1, 1000, 2048, 4095, 65537, 7 };
    for (int i = 0;; i++) {
        gssize n = dw_author_stream_read(s, got + pos, sizes[i % 6], &e);
        g_assert_no_error(e);
        g_assert_cmpint(n, >=, 0);
        if (n == 0)
            break;
        pos += (gsize)n;
        g_assert_cmpuint(pos, <=, want_n);
    }
    g_assert_cmpuint(pos, ==, want_n);
    g_assert_cmpmem(got, want_n, want, want_n);
    g_free(got);
    g_free(want);
    g_unlink(img);
}

/* A source that changes size between the scan and the stream is an
 * error naming it, and dw_author_write leaves no output behind. */
static void test_changed(void)
{
    g_autofree char *dir = g_dir_make_tmp("dwchanged-XXXXXX", NULL);
    g_autofree char *f = g_build_filename(dir, "grows.bin", NULL);
    g_assert_true(g_file_set_contents(f, "0123456789", 10, NULL));
    dw_author_options o;
    dw_author_options_init(&o);
    dw_author_graft g = { .target = "/", .source = dir };
    o.grafts = &g;
    o.n_grafts = 1;
    GError *e = NULL;
    g_autoptr(dw_author_plan) plan = dw_author_plan_new(&o, NULL, &e);
    g_assert_no_error(e);
    g_assert_true(g_file_set_contents(f, "0123456789abc", 13, NULL));
    g_autoptr(dw_author_stream) s = dw_author_stream_new(plan, &e);
    guint8 buf[65536];
    gssize n;
    while ((n = dw_author_stream_read(s, buf, sizeof buf, &e)) > 0)
        ;
    g_assert_cmpint(n, ==, -1);
    g_assert_error(e, DW_ERROR, DW_ERROR_IO);
    g_assert_nonnull(strstr(e->message, "grows.bin"));
    g_assert_nonnull(strstr(e->message, "changed size"));
    g_clear_error(&e);
    g_unlink(f);
    g_rmdir(dir);
}

static void test_errors(void)
{
    dw_author_options o;
    dw_author_options_init(&o);
    dw_author_graft g = { .target = "/", .source = "/nonexistent/dw-author-source" };
    o.grafts = &g;
    o.n_grafts = 1;
    GError *e = NULL;
    dw_author_plan *p = dw_author_plan_new(&o, NULL, &e);
    g_assert_null(p);
    g_assert_error(e, DW_ERROR, DW_ERROR_NO_DEVICE);
    g_assert_nonnull(strstr(e->message, "dw-author-source"));
    g_clear_error(&e);
    o.n_grafts = 0;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_USAGE);
    g_clear_error(&e);
    g.source = tree;
    o.n_grafts = 1;
    o.prev_image = "x.iso";
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_NO_DEVICE);
    g_assert_nonnull(strstr(e->message, "x.iso"));
    g_clear_error(&e);
}

/* Grow an image in memory the way burn --multi does: the session at its
 * start LBA, then its superblock at LBA 0. */
static char *grow(const char *prev, dw_author_plan *plan)
{
    gchar *old = NULL;
    gsize n = 0;
    g_assert_true(g_file_get_contents(prev, &old, &n, NULL));
    gsize start = (gsize)dw_author_plan_start(plan) * DW_AUTHOR_BLOCK;
    gsize total = start + dw_author_plan_blocks(plan) * DW_AUTHOR_BLOCK;
    g_assert_cmpuint(start, >=, n);
    guint8 *img = g_malloc0(total);
    memcpy(img, old, n);
    g_free(old);
    g_autoptr(dw_author_stream) s = dw_author_stream_new(plan, NULL);
    gsize got = 0;
    gssize r;
    while ((r = dw_author_stream_read(s, img + start + got, MIN(5000, total - start - got), NULL)) > 0)
        got += (gsize)r;
    g_assert_cmpint(r, ==, 0);
    g_assert_cmpuint(start + got, ==, total);
    guint8 *sb = g_malloc(65536);
    g_assert_true(dw_author_plan_superblock(plan, sb, NULL));
    g_assert_cmpmem(sb, 65536, img + start, 65536);
    memcpy(img, sb, 65536);
    g_free(sb);
    char *out = g_build_filename(g_get_tmp_dir(), "dwauthor-grown.iso", NULL);
    g_assert_true(g_file_set_contents(out, (char *)img, (gssize)total, NULL));
    g_free(img);
    return out;
}

static uint32_t le32at(const guint8 *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* A second session: the old tree kept (its files where they were), one
 * file grafted again lands in the new session; libiso9660 reads every
 * name and byte of the grown image; the bad inputs fail clearly. */
static void test_multi(void)
{
    g_autofree char *prev = build(0, "dwauthor-s1.iso");
    dw_author_options o;
    dw_author_options_init(&o);
    g_autofree char *one = g_build_filename(tree, "one", NULL);
    dw_author_graft g = { .target = "/one", .source = one };
    o.grafts = &g;
    o.n_grafts = 1;
    o.date_set = TRUE;
    o.date = 1700000000;
    o.volid = "TESTVOL";
    o.prev_image = prev;
    GError *e = NULL;
    dw_author_plan *plan = dw_author_plan_new(&o, NULL, &e);
    g_assert_no_error(e);
    uint32_t start = dw_author_plan_start(plan);
    g_assert_cmpuint(start % 32, ==, 0);
    g_autofree char *img = grow(prev, plan);
    dw_author_plan_free(plan);
    gchar *b = NULL;
    gsize n = 0;
    g_assert_true(g_file_get_contents(img, &b, &n, NULL));
    g_assert_cmpuint(le32at((guint8 *)b + 16 * 2048 + 80), ==, n / 2048);
    g_free(b);
    check_iso(img);
    iso9660_t *iso = iso9660_open_ext(img, ISO_EXTENSION_ROCK_RIDGE);
    iso9660_stat_t *st = iso9660_ifs_stat_translate(iso, "/one");
    g_assert_nonnull(st);
    g_assert_cmpuint(st->lsn, >=, start);
    iso9660_stat_free(st);
    st = iso9660_ifs_stat_translate(iso, "/many/file149");
    g_assert_nonnull(st);
    g_assert_cmpuint(st->lsn, <, start);
    iso9660_stat_free(st);
    iso9660_close(iso);

    /* A third session over the grown image, with nothing new. */
    o.prev_image = img;
    o.n_grafts = 0;
    plan = dw_author_plan_new(&o, NULL, &e);
    g_assert_no_error(e);
    g_assert_cmpuint(dw_author_plan_start(plan), >, start);
    dw_author_plan_free(plan);

    o.n_grafts = 1;
    o.start_lba = 40;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_USAGE);
    g_assert_nonnull(strstr(e->message, "inside the previous session"));
    g_clear_error(&e);
    o.start_lba = 0;
    o.udf = DW_UDF_201;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_UNSUPPORTED);
    g_clear_error(&e);
    o.udf = 0;
    g_autofree char *notiso = g_build_filename(tree, "big.bin", NULL);
    o.prev_image = notiso;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_PARSE);
    g_assert_nonnull(strstr(e->message, "big.bin"));
    g_clear_error(&e);
    g_unlink(img);
    g_unlink(prev);
}

typedef struct {
    const guint8 *d;
    gsize n;
} memsrc;

static gboolean mem_read(void *user, int64_t lba, uint32_t count, uint8_t *buf)
{
    const memsrc *m = user;
    if ((gsize)(lba + count) * 2048 > m->n)
        return FALSE;
    memcpy(buf, m->d + lba * 2048, (gsize)count * 2048);
    return TRUE;
}

static guint32 le32(const guint8 *b)
{
    return (guint32)b[0] | (guint32)b[1] << 8 | (guint32)b[2] << 16 | (guint32)b[3] << 24;
}

/* El Torito (BIOS no-emulation with boot-info-table, UEFI on an appended
 * ESP), isohybrid MBR code and GPT, written through the API and read
 * back by verify's boot_info reader from the streamed bytes. */
static void test_boot(void)
{
    g_autofree char *esp = g_strconcat(tree, "-esp.img", NULL);
    g_autofree char *mbr = g_strconcat(tree, "-mbr.bin", NULL);
    guint8 *fat = g_malloc0(65536);
    fat[11] = 0x00, fat[12] = 0x02, fat[13] = 1, fat[14] = 1, fat[16] = 2;
    memcpy(fat + 54, "FAT12   ", 8);
    fat[510] = 0x55, fat[511] = 0xAA;
    fat[40000] = 0x5A;
    g_assert_true(g_file_set_contents(esp, (char *)fat, 65536, NULL));
    guint8 code[432];
    for (int i = 0; i < 432; i++)
        code[i] = (guint8)(i * 7 + 1);
    g_assert_true(g_file_set_contents(mbr, (char *)code, sizeof code, NULL));

    dw_author_options o;
    dw_author_options_init(&o);
    dw_author_graft g = { .target = "/", .source = tree };
    o.grafts = &g;
    o.n_grafts = 1;
    o.udf = DW_UDF_250;
    o.date_set = TRUE;
    o.date = 1700000000;
    dw_author_boot b[2] = { { .image = "/s2049", .load_size = 4, .boot_info_table = TRUE },
                            { .appended_part = 2, .platform = 0xEF } };
    dw_author_partition part = { .number = 2, .type = 0xEF, .source = esp };
    o.boot = b;
    o.n_boot = 2;
    o.partitions = &part;
    o.n_partitions = 1;
    o.isohybrid_mbr = mbr;
    o.gpt = TRUE;
    GError *e = NULL;
    g_autoptr(dw_author_plan) plan = dw_author_plan_new(&o, NULL, &e);
    g_assert_no_error(e);
    gsize n = dw_author_plan_blocks(plan) * 2048;
    g_autoptr(dw_author_stream) st = dw_author_stream_new(plan, &e);
    guint8 *img = g_malloc(n);
    gsize pos = 0;
    gssize r;
    while ((r = dw_author_stream_read(st, img + pos, 5000, &e)) > 0)
        pos += (gsize)r;
    g_assert_no_error(e);
    g_assert_cmpuint(pos, ==, n);

    memsrc m = { img, n };
    dw_fs_source src = { mem_read, &m, (int64_t)(n / 2048), 0 };
    dw_boot_info *bi = g_new0(dw_boot_info, 1);
    g_assert_true(dw_boot_info_read(&src, bi));
    g_assert_cmpint(bi->catalog_state, ==, DW_BOOT_CAT_OK);
    g_assert_cmpuint(bi->n_entries, ==, 2);
    const dw_boot_entry *e0 = &bi->entries[0], *e1 = &bi->entries[1];
    g_assert_cmpuint(e0->platform, ==, 0);
    g_assert_cmpuint(e0->sectors, ==, 4);
    g_assert_true(e0->bootable);
    g_assert_cmpuint(e1->platform, ==, 0xEF);
    g_assert_cmpuint(e1->sectors, ==, 128);
    /* boot-info-table in the image, the rest of the file as the source */
    const guint8 *bf = img + (gsize)e0->lba * 2048;
    g_autofree char *srcpath = g_build_filename(tree, "s2049", NULL);
    gchar *orig = NULL;
    gsize on = 0;
    g_assert_true(g_file_get_contents(srcpath, &orig, &on, NULL));
    guint32 sum = 0;
    for (gsize k = 64; k < on; k += 4) {
        guint8 w[4] = { 0 };
        memcpy(w, orig + k, MIN(4, on - k));
        sum += le32(w);
    }
    g_assert_cmpuint(le32(bf + 8), ==, 16);
    g_assert_cmpuint(le32(bf + 12), ==, e0->lba);
    g_assert_cmpuint(le32(bf + 16), ==, on);
    g_assert_cmpuint(le32(bf + 20), ==, sum);
    g_assert_cmpmem(bf + 64, on - 64, orig + 64, on - 64);
    g_assert_cmpmem(bf, 8, orig, 8);
    g_free(orig);
    /* the UEFI entry is the appended ESP, byte for byte */
    g_assert_cmpuint((gsize)e1->lba * 2048 + 65536, <=, n);
    g_assert_cmpmem(img + (gsize)e1->lba * 2048, 65536, fat, 65536);
    /* MBR: our code, the BIOS image's sector at 432, protective 0xEE */
    g_assert_cmpmem(img, 432, code, 432);
    g_assert_cmpuint(le32(img + 432), ==, e0->lba * 4);
    g_assert_true(bi->mbr && bi->mbr_code);
    g_assert_cmpuint(bi->n_mbr, ==, 1);
    g_assert_cmpuint(bi->mbr_parts[0].type, ==, 0xEE);
    g_assert_cmpuint(bi->mbr_parts[0].count, ==, n / 512 - 1);
    /* GPT: both copies valid; ISO + ESP */
    g_assert_true(bi->gpt && bi->gpt_header_ok && bi->gpt_array_ok && bi->gpt_backup_ok);
    g_assert_cmpuint(bi->gpt_backup_lba, ==, n / 512 - 1);
    g_assert_cmpuint(bi->n_gpt, ==, 2);
    g_assert_cmpstr(bi->gpt_parts[0].type, ==, "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7");
    g_assert_cmpuint(bi->gpt_parts[0].first, ==, 64);
    g_assert_cmpstr(bi->gpt_parts[1].type, ==, "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    g_assert_cmpuint(bi->gpt_parts[1].first, ==, (guint64)e1->lba * 4);
    g_assert_cmpuint(bi->gpt_parts[1].last, ==, (guint64)e1->lba * 4 + 127);
    g_assert_cmpmem(img + n - 512, 8, "EFI PART", 8);
    g_free(bi);
    g_free(img);

    /* bad combinations */
    o.udf_only = TRUE;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_USAGE);
    g_clear_error(&e);
    o.udf_only = FALSE;
    o.partition_offset = 16;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_UNSUPPORTED);
    g_clear_error(&e);
    o.partition_offset = 0;
    b[1].appended_part = 3;
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_USAGE);
    g_clear_error(&e);
    b[1].appended_part = 0;
    b[1].image = "/big.bin";
    g_assert_null(dw_author_plan_new(&o, NULL, &e));
    g_assert_error(e, DW_ERROR, DW_ERROR_USAGE);
    g_assert_nonnull(strstr(e->message, "/big.bin"));
    g_assert_nonnull(strstr(e->message, "FAT"));
    g_clear_error(&e);
    g_free(fat);
    g_unlink(esp);
    g_unlink(mbr);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    make_tree();
    g_test_add_data_func("/author/udf-1.02", GUINT_TO_POINTER(DW_UDF_102), test_udf_rev);
    g_test_add_data_func("/author/udf-2.01", GUINT_TO_POINTER(DW_UDF_201), test_udf_rev);
    g_test_add_data_func("/author/udf-2.50", GUINT_TO_POINTER(DW_UDF_250), test_udf_rev);
    g_test_add_data_func("/author/iso-only", GUINT_TO_POINTER(0), test_udf_rev);
    g_test_add_data_func("/author/udf-aed-1.02", GUINT_TO_POINTER(DW_UDF_102), test_udf_aed);
    g_test_add_data_func("/author/udf-aed-2.01", GUINT_TO_POINTER(DW_UDF_201), test_udf_aed);
    g_test_add_data_func("/author/udf-aed-2.50", GUINT_TO_POINTER(DW_UDF_250), test_udf_aed);
    g_test_add_func("/author/stream", test_stream);
    g_test_add_func("/author/errors", test_errors);
    g_test_add_func("/author/changed-size", test_changed);
    g_test_add_func("/author/multisession", test_multi);
    g_test_add_func("/author/boot-hybrid", test_boot);
    int rc = g_test_run();
    rm_tree(tree);
    g_free(tree);
    return rc;
}
