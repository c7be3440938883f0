/* nrg_check.c: the structure check of a Nero image's footer that runs
 * before libcdio's NRG driver opens the file (see nrg_check.h).
 *
 * A Nero image ends with a trailer: "NER5" and a 64-bit big-endian
 * offset in the last 12 bytes, or (older) "NERO" and a 32-bit offset in
 * the last 8.  The offset points at a chain of chunks (4-byte id, 4-byte
 * big-endian length, data) ending with "END!".  The chunks libcdio 2.1
 * interprets are checked the way its parser uses them: every length
 * bounded by the footer, every entry it indexes present, every value it
 * asserts on or computes with in range, every track inside the image
 * data (the bytes before the footer).  Other chunks (TOCT, RELO, ...)
 * are skipped by libcdio after a log line and need only be bounded. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discwright/error.h"
#include "disc/nrg_check.h"

#define ID(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
enum {
    ID_CUES = ID('C', 'U', 'E', 'S'), ID_CUEX = ID('C', 'U', 'E', 'X'), ID_DAOI = ID('D', 'A', 'O', 'I'),
    ID_DAOX = ID('D', 'A', 'O', 'X'), ID_ETNF = ID('E', 'T', 'N', 'F'), ID_ETN2 = ID('E', 'T', 'N', '2'),
    ID_SINF = ID('S', 'I', 'N', 'F'), ID_MTYP = ID('M', 'T', 'Y', 'P'), ID_CDTX = ID('C', 'D', 'T', 'X'),
    ID_END = ID('E', 'N', 'D', '!'), ID_NERO = ID('N', 'E', 'R', 'O'), ID_NER5 = ID('N', 'E', 'R', '5'),
};

#define MAX_TRACKS 99       /* libcdio's track table holds 99 tracks and the lead-out */
#define PREGAP 150          /* sectors libcdio adds per ETNF/ETN2 track, and its LBA lead */
#define M2RAW 2336          /* Mode 2 sector without sync and header */
#define DAO_HEAD 22         /* DAOI/DAOX: size, MCN (13), 3 bytes, first and last track */
#define CDTEXT_PACK 18

typedef struct {
    const char *name;
    uint64_t data_end;      /* footer offset: the image data lies before it */
    uint64_t at;            /* file offset of the chunk being checked */
    char id[5];             /* its id, printable */
    int n_tracks;
    bool have_cdtext;
    GError **error;
} nrg;

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
    return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static gboolean refuse(nrg *n, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean refuse(nrg *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (n->id[0])
        g_set_error(n->error, DW_ERROR, DW_ERROR_PARSE,
                    "%s: malformed Nero image: %s chunk at byte %" PRIu64 ": %s; not handed to libcdio", n->name,
                    n->id, n->at, what);
    else
        g_set_error(n->error, DW_ERROR, DW_ERROR_PARSE, "%s: malformed Nero image: %s; not handed to libcdio",
                    n->name, what);
    return FALSE;
}

/* A track libcdio registers: sectors [start, end).  With by_sectors the
 * image data must hold at least 2048 bytes (the smallest sector Nero
 * stores) for each sector up to end. */
static gboolean add_track(nrg *n, int64_t start, int64_t end, bool by_sectors)
{
    int t = ++n->n_tracks;
    if (t > MAX_TRACKS)
        return refuse(n, "more than %d tracks", MAX_TRACKS);
    if (start < 0 || end <= start)
        return refuse(n, "track %d runs from sector %" PRId64 " to %" PRId64, t, start, end);
    if (by_sectors && (uint64_t)end > n->data_end / 2048)
        return refuse(n, "track %d ends at sector %" PRId64 ", beyond the %" PRIu64 " bytes of image data", t, end,
                      n->data_end);
    /* libcdio computes byte positions of these sectors in 32-bit ints. */
    if ((uint64_t)end + PREGAP > (uint64_t)INT32_MAX / 2352)
        return refuse(n, "track %d ends at sector %" PRId64 ", beyond what libcdio can address", t, end);
    return TRUE;
}

static gboolean check_cues(nrg *n, const uint8_t *p, uint32_t len)
{
    if (len % 8 != 0 || len == 0)
        return refuse(n, "length %" PRIu32 " is not a positive multiple of 8", len);
    uint32_t entries = len / 8;
    /* libcdio pairs entries 1+2, 3+4, ... (same track) as start and count. */
    for (uint32_t i = 1; i + 1 < entries; i += 2) {
        const uint8_t *e = p + 8 * i, *f = e + 8;
        if (e[1] != f[1])
            return refuse(n, "entries %" PRIu32 " and %" PRIu32 " name different tracks (%u, %u)", i, i + 1, e[1], f[1]);
        if (e[2] / 16 != 0)
            return refuse(n, "entry %" PRIu32 " gives its address in format %u, which libcdio cannot read", i,
                          e[2] / 16);
        int64_t start = (int32_t)be32(e + 4);
        if (!add_track(n, start, start + 2 * (int64_t)be32(f + 4), true))
            return FALSE;
    }
    return TRUE;
}

static gboolean check_cuex(nrg *n, const uint8_t *p, uint32_t len)
{
    if (len % 8 != 0 || len / 8 < 2 || (len / 8) % 2 != 0)
        return refuse(n, "length %" PRIu32 " is not an even number (at least 2) of 8-byte entries", len);
    uint32_t entries = len / 8;
    if ((int32_t)be32(p + 4) != -PREGAP)
        return refuse(n, "the first entry is at sector %" PRId32 ", not -150", (int32_t)be32(p + 4));
    /* Entries 2+3, 4+5, ...: a track's index 1 and the next track's start. */
    for (uint32_t i = 2; i < entries; i += 2) {
        const uint8_t *e = p + 8 * i, *f = e + 8;
        if (e[2] >> 4 > 1)
            return refuse(n, "entry %" PRIu32 " has address format %u (libcdio knows 0 and 1)", i, e[2] >> 4);
        if (e[1] == f[1])
            return refuse(n, "entries %" PRIu32 " and %" PRIu32 " (a track's start and the next one's) both name "
                          "track %u", i, i + 1, e[1]);
        if (!add_track(n, (int32_t)be32(e + 4), (int32_t)be32(f + 4), true))
            return FALSE;
    }
    return TRUE;
}

static gboolean check_dao(nrg *n, const uint8_t *p, uint32_t len, bool x)
{
    uint32_t entry = x ? 42 : 30; /* ISRC (12), 6 bytes, index 0, index 1, end: 64 or 32 bits each */
    uint64_t need = DAO_HEAD + (uint64_t)MAX(1, n->n_tracks) * entry;
    if (len < need)
        return refuse(n, "%" PRIu32 " bytes are too few for %d track%s (%" PRIu64 " needed)", len, MAX(1, n->n_tracks),
                      n->n_tracks > 1 ? "s" : "", need);
    for (int t = 0; t < n->n_tracks; t++) {
        const uint8_t *e = p + DAO_HEAD + (size_t)t * entry + 18;
        uint64_t i0 = x ? be64(e) : be32(e), i1 = x ? be64(e + 8) : be32(e + 4), end = x ? be64(e + 16) : be32(e + 8);
        if (!(i0 <= i1 && i1 <= end && end <= n->data_end))
            return refuse(n, "track %d: index 0, index 1 and end at bytes %" PRIu64 ", %" PRIu64 ", %" PRIu64
                          " are out of order or beyond the %" PRIu64 " bytes of image data", t + 1, i0, i1, end,
                          n->data_end);
    }
    return TRUE;
}

static gboolean check_etn(nrg *n, const uint8_t *p, uint32_t len, bool wide)
{
    uint32_t esz = wide ? 32 : 20;
    if (len % esz != 0)
        return refuse(n, "length %" PRIu32 " is not a multiple of %" PRIu32, len, esz);
    for (uint32_t i = 0; i < len / esz; i++) {
        const uint8_t *e = p + (size_t)i * esz;
        uint64_t start = wide ? be64(e) : be32(e), length = wide ? be64(e + 8) : be32(e + 4);
        uint32_t mode = wide ? be32(e + 16) : be32(e + 8), lsn = wide ? be32(e + 20) : be32(e + 12);
        uint32_t bs = 0;
        switch (mode) {
        case 0: case 2: bs = 2048; break;
        case 3: bs = M2RAW; break;
        case 7: bs = 2352; break;
        case 6: case 0x20: bs = wide ? 0 : M2RAW; break;
        }
        if (!bs)
            return refuse(n, "track %d has mode %" PRIu32 ", which libcdio does not know", n->n_tracks + 1, mode);
        if (length % bs != 0 || (uint64_t)lsn * bs != start)
            return refuse(n, "track %d: %" PRIu64 " bytes at byte %" PRIu64 " do not fit sectors of %" PRIu32
                          " bytes from sector %" PRIu32, n->n_tracks + 1, length, start, bs, lsn);
        if (start > n->data_end || length > n->data_end - start)
            return refuse(n, "track %d: %" PRIu64 " bytes at byte %" PRIu64 " lie beyond the %" PRIu64
                          " bytes of image data", n->n_tracks + 1, length, start, n->data_end);
        if (start + length > UINT32_MAX)
            return refuse(n, "track %d ends beyond 4 GiB, where libcdio's 32-bit positions wrap", n->n_tracks + 1);
        int64_t s = (int64_t)lsn + (int64_t)i * PREGAP;
        if (!add_track(n, s, s + (int64_t)(length / bs), false))
            return FALSE;
    }
    return TRUE;
}

/* libcdio's CD-TEXT reader (cdtext_data_init) refuses some pack lists,
 * and then its NRG driver frees the CD-TEXT twice: accept only lists it
 * takes.  It refuses: double-byte packs; a block (or a break in the
 * sequence numbers) with no size information (pack 0x8F of track 1 saying
 * 3 packs) in the packs from there on; a text longer than 253 bytes; a
 * lone TAB ("same as before") for a track at or below the first. */
static gboolean check_cdtx(nrg *n, const uint8_t *p, uint32_t len)
{
    if (len == 0 || len % CDTEXT_PACK != 0)
        return refuse(n, "length %" PRIu32 " is not a positive multiple of %d", len, CDTEXT_PACK);
    if (n->have_cdtext)
        return refuse(n, "a second CD-TEXT chunk");
    n->have_cdtext = true;
    uint32_t packs = len / CDTEXT_PACK;
    int block = -1, seq = 0, first_track = 0, size_packs = 0, fill = 0;
    bool tab = false;
    for (uint32_t k = 0; k < packs; k++) {
        const uint8_t *q = p + (size_t)k * CDTEXT_PACK;
        if ((q[3] >> 4 & 7) != block || q[2] != seq) {
            block = q[3] >> 4 & 7;
            seq = 0;
            first_track = size_packs = 0;
            for (uint32_t m = k; m < packs; m++) {
                const uint8_t *b = p + (size_t)m * CDTEXT_PACK;
                if (b[0] == 0x8F && b[1] == 0)
                    first_track = b[5];
                else if (b[0] == 0x8F && b[1] == 1)
                    size_packs = b[11];
            }
            if (size_packs != 3)
                return refuse(n, "CD-TEXT pack %" PRIu32 " starts block %d without its size information", k, block);
        }
        if (q[3] & 0x80)
            return refuse(n, "CD-TEXT pack %" PRIu32 " holds double-byte text", k);
        unsigned track = q[1];
        int j = 0;
        switch (q[0]) {
        case 0x87: /* genre: a leading code */
            if (q[4] <= 31)
                j = 2;
            /* fall through */
        case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x8E:
            for (; j < 12; j++) {
                if (fill + 2 >= 256)
                    return refuse(n, "CD-TEXT pack %" PRIu32 ": a text longer than libcdio's 253 bytes", k);
                uint8_t c = q[4 + j];
                if (c) {
                    if (fill == 0)
                        tab = c == '\t';
                    fill++;
                } else if (fill > 0) {
                    if (tab && track <= (unsigned)first_track)
                        return refuse(n, "CD-TEXT pack %" PRIu32 ": a TAB (same as before) for track %u, "
                                      "at or below the first", k, track);
                    fill = 0;
                    track = (track + 1) & 0xFF;
                }
            }
            break;
        }
        seq++;
    }
    return TRUE;
}

static gboolean check_chunk(nrg *n, uint32_t id, const uint8_t *p, uint32_t len)
{
    switch (id) {
    case ID_CUES:
    case ID_CUEX:
    case ID_ETNF:
    case ID_ETN2:
        if (n->n_tracks > 0)
            return refuse(n, "a second track list (libcdio takes one)");
        return id == ID_CUES ? check_cues(n, p, len)
             : id == ID_CUEX ? check_cuex(n, p, len)
                             : check_etn(n, p, len, id == ID_ETN2);
    case ID_DAOI:
    case ID_DAOX:
        return check_dao(n, p, len, id == ID_DAOX);
    case ID_SINF:
    case ID_MTYP:
        if (len != 4)
            return refuse(n, "length %" PRIu32 ", not 4", len);
        return TRUE;
    case ID_CDTX:
        return check_cdtx(n, p, len);
    case ID_NERO:
    case ID_NER5:
        return refuse(n, "a trailer tag inside the chunk list");
    default:
        return TRUE; /* libcdio logs it and skips it */
    }
}

gboolean dw_nrg_check_tail(const uint8_t *tail, size_t tail_len, uint64_t file_size, const char *name,
                           GError **error)
{
    nrg n = { .name = name, .error = error };
    if (tail_len > file_size || tail_len < MIN(file_size, (uint64_t)DW_NRG_FOOTER_MAX)) {
        g_set_error(error, DW_ERROR, DW_ERROR_FAILED, "%s: the last %zu bytes of %" PRIu64 " given to the Nero check",
                    name, tail_len, file_size);
        return FALSE;
    }
    if (file_size < 12)
        return refuse(&n, "%" PRIu64 " bytes are too few for a Nero trailer", file_size);
    const uint8_t *t = tail + tail_len - 12;
    uint64_t ofs, trailer;
    if (memcmp(t + 4, "NERO", 4) == 0) {
        ofs = be32(t + 8);
        trailer = 8;
    } else if (memcmp(t, "NER5", 4) == 0) {
        ofs = be64(t + 4);
        trailer = 12;
    } else {
        return refuse(&n, "no trailer (\"NER5\" 12 bytes or \"NERO\" 8 bytes before the end)");
    }
    uint64_t end = file_size - trailer;
    if (ofs >= end)
        return refuse(&n, "the footer offset %" PRIu64 " is not before the trailer at byte %" PRIu64, ofs, end);
    if (file_size - ofs > DW_NRG_FOOTER_MAX)
        return refuse(&n, "the footer at byte %" PRIu64 " is %" PRIu64 " bytes long; libcdio reads at most %u", ofs,
                      file_size - ofs, DW_NRG_FOOTER_MAX);
    n.data_end = ofs;
    const uint8_t *base = tail + (tail_len - (file_size - ofs)); /* byte ofs of the file */
    uint64_t pos = 0, chunks_len = end - ofs;
    for (;;) {
        n.at = ofs + pos;
        n.id[0] = '\0';
        if (chunks_len - pos < 8)
            return refuse(&n, "the chunk list from byte %" PRIu64 " has no END! before the trailer", ofs);
        const uint8_t *c = base + pos;
        uint32_t id = be32(c), len = be32(c + 4);
        for (int i = 0; i < 4; i++)
            n.id[i] = g_ascii_isprint(c[i]) ? (char)c[i] : '?';
        n.id[4] = '\0';
        if (id == ID_END)
            break;
        if (len > chunks_len - pos - 8)
            return refuse(&n, "length %" PRIu32 " runs past the trailer at byte %" PRIu64, len, end);
        if (!check_chunk(&n, id, c + 8, len))
            return FALSE;
        pos += 8 + (uint64_t)len;
    }
    n.id[0] = '\0';
    if (n.n_tracks == 0)
        return refuse(&n, "no tracks (no CUES, CUEX, ETNF or ETN2 chunk listing one)");
    return TRUE;
}

gboolean dw_nrg_check_file(const char *path, GError **error)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, e == ENOENT ? DW_ERROR_NO_DEVICE : DW_ERROR_IO, "%s: %s", path, g_strerror(e));
        return FALSE;
    }
    struct stat st;
    uint8_t buf[DW_NRG_FOOTER_MAX];
    gboolean ok = FALSE;
    if (fstat(fd, &st) != 0 || st.st_size < 0) {
        int e = errno;
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s", path, g_strerror(e));
    } else {
        uint64_t size = (uint64_t)st.st_size;
        size_t n = (size_t)MIN(size, (uint64_t)sizeof buf);
        size_t got = 0;
        while (got < n) {
            ssize_t r = pread(fd, buf + got, n - got, (off_t)(size - n + got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got != n)
            g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: cannot read its last %zu bytes: %s", path, n,
                        got < n && errno ? g_strerror(errno) : "short read");
        else
            ok = dw_nrg_check_tail(buf, n, size, path, error);
    }
    close(fd);
    return ok;
}
