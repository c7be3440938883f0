/* dvdread_check.c: read a DVD-Video image through libdvdread as players
 * built on it do (VLC, mpv, HandBrake, lsdvd), and compare every byte
 * with the VIDEO_TS folder the image was made from.
 *
 *   dvdread_check IMAGE DIR
 *
 * For the video manager and every title set the VMGI lists: ifoOpen,
 * the IFO and the BUP (DVDOpenFile + DVDReadBytes), the menu VOB
 * (DVD_READ_MENU_VOBS) and the title VOBs (DVD_READ_TITLE_VOBS, one run
 * over VTS_nn_1..9.VOB) read block by block with DVDReadBlocks.  Prints
 * one line a file and exits 0 only when everything agrees. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dvdread/dvd_reader.h>
#include <dvdread/ifo_read.h>

#define LB 2048
#define CHUNK 256

static int errors;

/* The whole file DIR/VIDEO_TS/name, NULL when it does not exist. */
static unsigned char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/VIDEO_TS/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return NULL;
    }
    long n = ftell(f);
    rewind(f);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    if (!b || n < 0 || fread(b, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void bad(const char *what, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(const char *what, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL %s: ", what);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    errors++;
}

/* Read nbytes/2048 blocks of f with DVDReadBlocks and compare. */
static void cmp_blocks(dvd_file_t *f, const unsigned char *want, size_t nbytes, const char *what)
{
    static unsigned char buf[CHUNK * LB];
    size_t nb = nbytes / LB;
    ssize_t fsize = DVDFileSize(f);
    if (fsize >= 0 && (size_t)fsize < nb)
        bad(what, "libdvdread sizes it %ld blocks, the folder has %ld", (long)fsize, (long)nb);
    for (size_t off = 0; off < nb; off += CHUNK) {
        size_t n = nb - off < CHUNK ? nb - off : CHUNK;
        ssize_t got = DVDReadBlocks(f, (int)off, n, buf);
        if (got != (ssize_t)n) {
            bad(what, "DVDReadBlocks at block %ld returned %ld", (long)off, (long)got);
            return;
        }
        if (memcmp(buf, want + off * LB, n * LB)) {
            bad(what, "blocks %ld..%ld differ from the folder", (long)off, (long)(off + n - 1));
            return;
        }
    }
    printf("ok %s: %zu blocks\n", what, nb);
}

static void cmp_bytes(dvd_file_t *f, const unsigned char *want, size_t len, const char *what)
{
    unsigned char *buf = malloc(len ? len : 1);
    ssize_t got = DVDReadBytes(f, buf, len);
    if (got != (ssize_t)len)
        bad(what, "DVDReadBytes gave %ld of %ld bytes", (long)got, (long)len);
    else if (memcmp(buf, want, len))
        bad(what, "%ld bytes differ from the folder", (long)len);
    else
        printf("ok %s: %zu bytes\n", what, len);
    free(buf);
}

static void check_file(dvd_reader_t *dvd, const char *dir, int t, dvd_read_domain_t dom, const char *name)
{
    size_t len = 0;
    unsigned char *want = slurp(dir, name, &len);
    if (!want || len == 0) {
        free(want);
        return;
    }
    dvd_file_t *f = DVDOpenFile(dvd, t, dom);
    if (!f) {
        bad(name, "DVDOpenFile(title set %d, domain %d) failed", t, (int)dom);
    } else {
        if (dom == DVD_READ_MENU_VOBS)
            cmp_blocks(f, want, len, name);
        else
            cmp_bytes(f, want, len, name);
        DVDCloseFile(f);
    }
    free(want);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s IMAGE DIR\n", argv[0]);
        return 2;
    }
    dvd_reader_t *dvd = DVDOpen(argv[1]);
    if (!dvd) {
        printf("FAIL DVDOpen %s\n", argv[1]);
        return 1;
    }
    ifo_handle_t *vmg = ifoOpen(dvd, 0);
    if (!vmg) {
        printf("FAIL ifoOpen of the video manager\n");
        DVDClose(dvd);
        return 1;
    }
    int nsets = vmg->vmgi_mat->vmg_nr_of_title_sets;
    printf("ok video manager: %d title sets, %d titles\n", nsets, vmg->tt_srpt ? vmg->tt_srpt->nr_of_srpts : 0);
    for (int t = 0; t <= nsets; t++) {
        char ifo[16], bup[16], menu[16];
        if (t == 0) {
            strcpy(ifo, "VIDEO_TS.IFO");
            strcpy(bup, "VIDEO_TS.BUP");
            strcpy(menu, "VIDEO_TS.VOB");
        } else {
            snprintf(ifo, sizeof ifo, "VTS_%02d_0.IFO", t);
            snprintf(bup, sizeof bup, "VTS_%02d_0.BUP", t);
            snprintf(menu, sizeof menu, "VTS_%02d_0.VOB", t);
            ifo_handle_t *h = ifoOpen(dvd, t);
            if (!h)
                bad(ifo, "ifoOpen(%d) failed", t);
            else
                ifoClose(h);
        }
        check_file(dvd, argv[2], t, DVD_READ_INFO_FILE, ifo);
        check_file(dvd, argv[2], t, DVD_READ_INFO_BACKUP_FILE, bup);
        check_file(dvd, argv[2], t, DVD_READ_MENU_VOBS, menu);
        if (t == 0)
            continue;
        /* The title VOBs as one run. */
        unsigned char *all = NULL;
        size_t total = 0;
        int parts = 0;
        for (int p = 1; p <= 9; p++) {
            char nm[16];
            size_t len;
            snprintf(nm, sizeof nm, "VTS_%02d_%d.VOB", t, p);
            unsigned char *b = slurp(argv[2], nm, &len);
            if (!b)
                break;
            all = realloc(all, total + len);
            if (!all)
                return 2;
            memcpy(all + total, b, len);
            total += len;
            parts++;
            free(b);
        }
        char what[48];
        snprintf(what, sizeof what, "VTS_%02d_1..%d.VOB", t, parts);
        dvd_file_t *f = DVDOpenFile(dvd, t, DVD_READ_TITLE_VOBS);
        if (!f)
            bad(what, "DVDOpenFile(title set %d, title VOBs) failed", t);
        else {
            cmp_blocks(f, all, total, what);
            DVDCloseFile(f);
        }
        free(all);
    }
    ifoClose(vmg);
    DVDClose(dvd);
    printf("%s: %d problem(s)\n", errors ? "FAIL" : "PASS", errors);
    return errors ? 1 : 0;
}
