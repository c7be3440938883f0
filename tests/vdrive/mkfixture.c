/* mkfixture.c: command-line front of fixture.c for the shell tests.
 *   dw-mkfixture DIR            write DIR/vdisc.ccd/.img/.sub, DIR/vms.* (two
 *                               sessions) and DIR/vdvd.iso
 *   dw-mkfixture --check-rw BIN DIR
 *                               check a `cdrdao read-cd --read-raw
 *                               --read-subchan rw_raw` image of the fixture
 *                               disc against DIR/vdisc.img and .sub: track 1
 *                               (LBA 0..299) then the audio from LBA 450,
 *                               2352 bytes (audio byte-swapped, as cdrdao
 *                               writes it) + 96 bytes of raw P-W a sector.
 */
#include "fixture.h"
#include "vd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static int check_rw(const char *bin_path, const char *dir)
{
    char p1[4096], p2[4096];
    snprintf(p1, sizeof p1, "%s/vdisc.img", dir);
    snprintf(p2, sizeof p2, "%s/vdisc.sub", dir);
    size_t blen, ilen, slen;
    uint8_t *bin = load(bin_path, &blen), *img = load(p1, &ilen), *sub = load(p2, &slen);
    int bad = 0, k = 0;
    if (!bin || !img || !sub) {
        fprintf(stderr, "dw-mkfixture: cannot read inputs\n");
        return 1;
    }
    for (int32_t lba = 0; lba < VDF_LEADOUT; lba++) {
        if (lba >= VDF_T2_PREGAP && lba < VDF_T2_START)
            continue;
        const uint8_t *s = bin + (size_t)k * 2448;
        k++;
        if ((size_t)k * 2448 > blen || (size_t)(lba + 1) * 2352 > ilen || (size_t)(lba + 1) * 96 > slen) {
            fprintf(stderr, "dw-mkfixture: %s is short at LBA %d\n", bin_path, lba);
            return 1;
        }
        const uint8_t *m = img + (size_t)lba * 2352;
        bool audio = lba >= VDF_T2_START;
        bool main_ok = true;
        for (int i = 0; i < 2352 && main_ok; i++)
            main_ok = s[i] == m[audio ? (i ^ 1) : i];
        uint8_t raw[96];
        vd_sub_packed_to_raw(sub + (size_t)lba * 96, raw);
        if (!main_ok || memcmp(s + 2352, raw, 96) != 0) {
            if (bad++ < 5)
                fprintf(stderr, "LBA %d: %s differs\n", lba, main_ok ? "subchannel" : "main channel");
        }
    }
    if ((size_t)k * 2448 != blen) {
        fprintf(stderr, "dw-mkfixture: %s has %zu bytes, expected %zu\n", bin_path, blen, (size_t)k * 2448);
        bad++;
    }
    free(bin);
    free(img);
    free(sub);
    printf("%d sectors compared, %d differ\n", k, bad);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    char err[512];
    if (argc == 4 && !strcmp(argv[1], "--check-rw"))
        return check_rw(argv[2], argv[3]);
    if (argc != 2) {
        fprintf(stderr, "usage: dw-mkfixture DIR | --check-rw BIN DIR\n");
        return 2;
    }
    if (!vdf_write_cd(argv[1], "vdisc", err, sizeof err) ||
        !vdf_write_multisession(argv[1], "vms", err, sizeof err) ||
        !vdf_write_iso(argv[1], "vdvd", err, sizeof err)) {
        fprintf(stderr, "dw-mkfixture: %s\n", err);
        return 1;
    }
    return 0;
}
