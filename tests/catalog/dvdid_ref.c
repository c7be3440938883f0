/* dvdid_ref.c: the DVD-Video disc id as libdvdread computes it
 * (DVDDiscID), printed as 32 lowercase hex digits, for the catalog's own
 * (catalog/ids.c) to be checked against.  Test helper, not installed. */
#include <dvdread/dvd_reader.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: dvdid_ref IMAGE\n");
        return 2;
    }
    dvd_reader_t *dvd = DVDOpen(argv[1]);
    if (!dvd)
        return 1;
    unsigned char id[16];
    int r = DVDDiscID(dvd, id);
    DVDClose(dvd);
    if (r != 0)
        return 1;
    for (int i = 0; i < 16; i++)
        printf("%02x", id[i]);
    printf("\n");
    return 0;
}
