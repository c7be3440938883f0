/* test_hash.c: one-pass CRC32/MD5/SHA-1/SHA-256 — known answers, any
 * chunking gives the same result (the worker thread's hand-off must not
 * lose or reorder data), subsets of kinds, and file ranges. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <zlib.h>

#include "discwright/error.h"
#include "discwright/hash.h"

static void test_known(void)
{
    dw_hash_result r;
    g_autoptr(dw_hash) h = dw_hash_new(DW_HASH_ALL);
    dw_hash_update(h, "abc", 3);
    dw_hash_finish(h, &r);
    g_assert_cmpuint(r.size, ==, 3);
    g_assert_cmpstr(r.crc32_hex, ==, "352441c2");
    g_assert_cmpstr(r.md5_hex, ==, "900150983cd24fb0d6963f7d28e17f72");
    g_assert_cmpstr(r.sha1_hex, ==, "a9993e364706816aba3e25717850c26c9cd0d89d");
    g_assert_cmpstr(r.sha256_hex, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    g_autoptr(dw_hash) e = dw_hash_new(DW_HASH_ALL);
    dw_hash_finish(e, &r);
    g_assert_cmpuint(r.size, ==, 0);
    g_assert_cmpstr(r.crc32_hex, ==, "00000000");
    g_assert_cmpstr(r.md5_hex, ==, "d41d8cd98f00b204e9800998ecf8427e");
    g_assert_cmpstr(r.sha1_hex, ==, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

static uint8_t *make_data(size_t n)
{
    uint8_t *p = g_malloc(n);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)x;
    }
    return p;
}

static void expect_reference(const uint8_t *data, size_t n, const dw_hash_result *r, unsigned kinds)
{
    g_assert_cmpuint(r->size, ==, n);
    g_assert_cmpuint(r->kinds, ==, kinds);
    if (kinds & DW_HASH_CRC32) {
        uLong crc = crc32(0L, Z_NULL, 0);
        for (size_t off = 0; off < n; off += 1 << 20)
            crc = crc32(crc, data + off, (uInt)MIN((size_t)1 << 20, n - off));
        g_assert_cmphex(r->crc32, ==, (uint32_t)crc);
    }
    if (kinds & DW_HASH_MD5) {
        g_autofree char *md5 = g_compute_checksum_for_data(G_CHECKSUM_MD5, data, n);
        g_assert_cmpstr(r->md5_hex, ==, md5);
    } else {
        g_assert_cmpstr(r->md5_hex, ==, "");
    }
    if (kinds & DW_HASH_SHA1) {
        g_autofree char *sha1 = g_compute_checksum_for_data(G_CHECKSUM_SHA1, data, n);
        g_assert_cmpstr(r->sha1_hex, ==, sha1);
    }
    if (kinds & DW_HASH_SHA256) {
        g_autofree char *sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
        g_assert_cmpstr(r->sha256_hex, ==, sha256);
    }
}

static void test_chunking(void)
{
    const size_t n = 10 * 1024 * 1024 + 12345;
    g_autofree uint8_t *data = make_data(n);
    static const unsigned kinds_list[] = { DW_HASH_ALL, DW_HASH_MD5, DW_HASH_SHA1 | DW_HASH_CRC32,
                                           DW_HASH_MD5 | DW_HASH_SHA256 };
    GRand *rnd = g_rand_new_with_seed(1234);
    for (size_t k = 0; k < G_N_ELEMENTS(kinds_list); k++) {
        for (int pass = 0; pass < 3; pass++) {
            g_autoptr(dw_hash) h = dw_hash_new(kinds_list[k]);
            size_t off = 0;
            while (off < n) {
                size_t chunk;
                switch (pass) {
                case 0: chunk = 1 + (size_t)g_rand_int_range(rnd, 0, 5000); break;       /* small */
                case 1: chunk = 1 + (size_t)g_rand_int_range(rnd, 0, 3 << 20); break;    /* large */
                default: chunk = 512 * 1024; break;                                       /* slot-sized */
                }
                chunk = MIN(chunk, n - off);
                dw_hash_update(h, data + off, chunk);
                off += chunk;
            }
            dw_hash_result r;
            dw_hash_finish(h, &r);
            expect_reference(data, n, &r, kinds_list[k]);
        }
    }
    g_rand_free(rnd);
}

static void test_file(void)
{
    const size_t n = 3 * 1024 * 1024 + 7;
    g_autofree uint8_t *data = make_data(n);
    g_autofree char *dir = g_dir_make_tmp("dwhash-XXXXXX", NULL);
    g_assert_nonnull(dir);
    g_autofree char *path = g_build_filename(dir, "data.bin", NULL);
    g_assert_true(g_file_set_contents(path, (const char *)data, (gssize)n, NULL));

    dw_hash_result r;
    GError *error = NULL;
    g_assert_true(dw_hash_file(path, 0, -1, DW_HASH_ALL, &r, &error));
    g_assert_no_error(error);
    expect_reference(data, n, &r, DW_HASH_ALL);

    g_assert_true(dw_hash_file(path, 2352, 100 * 2352, DW_HASH_ALL, &r, &error));
    expect_reference(data + 2352, 100 * 2352, &r, DW_HASH_ALL);

    /* A range past the end is an error, not a short hash. */
    g_assert_false(dw_hash_file(path, (int64_t)n - 10, 20, DW_HASH_ALL, &r, &error));
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, "data.bin"));
    g_clear_error(&error);
    g_assert_false(dw_hash_file(path, -1, 10, DW_HASH_ALL, &r, &error));
    g_assert_error(error, DW_ERROR, DW_ERROR_USAGE);
    g_clear_error(&error);
    /* An empty range is the empty input. */
    g_assert_true(dw_hash_file(path, 100, 0, DW_HASH_ALL, &r, &error));
    g_assert_cmpuint(r.size, ==, 0);
    g_assert_cmpstr(r.md5_hex, ==, "d41d8cd98f00b204e9800998ecf8427e");
    g_autofree char *missing = g_build_filename(dir, "missing.bin", NULL);
    g_assert_false(dw_hash_file(missing, 0, -1, DW_HASH_ALL, &r, &error));
    g_assert_nonnull(strstr(error->message, "missing.bin"));
    g_clear_error(&error);

    g_unlink(path);
    g_rmdir(dir);
}

static void test_free_unfinished(void)
{
    /* Freeing without finishing must stop the worker cleanly. */
    g_autofree uint8_t *data = make_data(4 << 20);
    dw_hash *h = dw_hash_new(DW_HASH_ALL);
    dw_hash_update(h, data, 4 << 20);
    dw_hash_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hash/known", test_known);
    g_test_add_func("/hash/chunking", test_chunking);
    g_test_add_func("/hash/file", test_file);
    g_test_add_func("/hash/free-unfinished", test_free_unfinished);
    return g_test_run();
}
