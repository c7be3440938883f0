/* fixture.c: writes the small test discs described in fixture.h (CloneCD
 * .ccd/.img/.sub) and a small ISO.  Data sectors are complete: sync,
 * header, EDC and ECC (vd_util.c, checked against real sectors by the
 * unit test); Q frames carry their CRC.
 */
#define _GNU_SOURCE
#include "fixture.h"
#include "vd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *titles[4] = { VDF_ALBUM, "Data", "Tone", "Noise" };

const char *vdf_track_title(int track)
{
    return track >= 1 && track <= 3 ? titles[track] : NULL;
}

uint32_t vdf_sample(int64_t n)
{
    uint32_t x = (uint32_t)n * 2654435761u + 0x9E3779B9u;
    x ^= x >> 15;
    x *= 0x2C1B3C6Du;
    x ^= x >> 12;
    return x;
}

uint8_t vdf_data_byte(int32_t lba, int i)
{
    return (uint8_t)(lba * 7 + i * 13 + (i >> 8));
}

uint8_t vdf_rw_byte(int32_t lba, int i)
{
    return (uint8_t)((lba * 31 + i * 5) ^ 0x5A);
}

static size_t add_text_packs(uint8_t *out, size_t cap, size_t n, uint8_t type, const char **strings,
                             int *seq)
{
    /* Concatenate strings of tracks 0..3 with NUL terminators. */
    uint8_t text[256];
    int owner[256], charpos[256];
    size_t len = 0;
    for (int t = 0; t <= 3; t++) {
        const char *s = strings[t];
        size_t sl = strlen(s) + 1;
        for (size_t k = 0; k < sl && len < sizeof text; k++) {
            text[len] = (uint8_t)s[k];
            owner[len] = t;
            charpos[len] = (int)k;
            len++;
        }
    }
    for (size_t off = 0; off < len; off += 12) {
        if (n + 18 > cap)
            return n;
        uint8_t *p = out + n;
        memset(p, 0, 18);
        p[0] = type;
        p[1] = (uint8_t)owner[off];
        p[2] = (uint8_t)(*seq)++;
        p[3] = (uint8_t)(charpos[off] > 15 ? 15 : charpos[off]);
        for (size_t k = 0; k < 12 && off + k < len; k++)
            p[4 + k] = text[off + k];
        uint16_t crc = (uint16_t)~vd_crc16(p, 16);
        p[16] = (uint8_t)(crc >> 8);
        p[17] = (uint8_t)crc;
        n += 18;
    }
    return n;
}

size_t vdf_cdtext(uint8_t *out, size_t cap)
{
    const char *perf[4] = { VDF_ARTIST, VDF_ARTIST, VDF_ARTIST, VDF_ARTIST };
    int seq = 0;
    size_t n = add_text_packs(out, cap, 0, 0x80, titles, &seq);
    int n80 = seq;
    n = add_text_packs(out, cap, n, 0x81, perf, &seq);
    int n81 = seq - n80;
    uint8_t info[36] = { 0 };
    info[0] = 0x01;              /* ASCII */
    info[1] = 1;
    info[2] = 3;
    info[4] = (uint8_t)n80;
    info[5] = (uint8_t)n81;
    info[4 + 15] = 3;
    info[20] = (uint8_t)(seq + 3 - 1);
    info[28] = 0x09;             /* English */
    for (int k = 0; k < 3 && n + 18 <= cap; k++) {
        uint8_t *p = out + n;
        p[0] = 0x8F;
        p[1] = (uint8_t)k;
        p[2] = (uint8_t)seq++;
        p[3] = 0;
        memcpy(p + 4, info + 12 * k, 12);
        uint16_t crc = (uint16_t)~vd_crc16(p, 16);
        p[16] = (uint8_t)(crc >> 8);
        p[17] = (uint8_t)crc;
        n += 18;
    }
    return n;
}

static void q_crc(uint8_t q[12])
{
    uint16_t crc = (uint16_t)~vd_crc16(q, 10);
    q[10] = (uint8_t)(crc >> 8);
    q[11] = (uint8_t)crc;
}

static void q_mcn(uint8_t q[12], uint8_t control, int32_t lba)
{
    uint8_t m, s, f;
    memset(q, 0, 12);
    q[0] = (uint8_t)((control << 4) | 2);
    for (int k = 0; k < 13; k++) {
        uint8_t dgt = (uint8_t)(VDF_MCN[k] - '0');
        q[1 + k / 2] |= (uint8_t)(k % 2 ? dgt : dgt << 4);
    }
    vd_lba_to_msf(lba, &m, &s, &f);
    q[9] = vd_bcd(f);
    q_crc(q);
}

static void q_isrc(uint8_t q[12], uint8_t control, const char *isrc, int32_t lba)
{
    uint8_t m, s, f;
    memset(q, 0, 12);
    q[0] = (uint8_t)((control << 4) | 3);
    uint64_t bits = 0;
    for (int k = 0; k < 5; k++) {
        char c = isrc[k];
        uint8_t v = (uint8_t)(c >= 'A' ? c - 'A' + 17 : c - '0');
        bits = bits << 6 | v;
    }
    bits <<= 2;                  /* 30 bits + 2 zero bits in bytes 1..4 */
    for (int k = 0; k < 4; k++)
        q[1 + k] = (uint8_t)(bits >> (24 - 8 * k));
    for (int k = 0; k < 7; k++) {
        uint8_t dgt = (uint8_t)(isrc[5 + k] - '0');
        q[5 + k / 2] |= (uint8_t)(k % 2 ? dgt : dgt << 4);
    }
    vd_lba_to_msf(lba, &m, &s, &f);
    q[9] = vd_bcd(f);
    q_crc(q);
}

static void make_sector(int32_t lba, uint8_t sec[2352], uint8_t sub[96])
{
    uint8_t m, s, f;
    memset(sec, 0, 2352);
    memset(sub, 0, 96);
    int track, index;
    uint8_t control;
    int32_t start;
    const char *isrc = NULL;
    if (lba < VDF_T2_PREGAP) {
        track = 1, control = 4, start = 0, index = 1;
    } else if (lba < VDF_T3_START) {
        track = 2, control = 0, start = VDF_T2_START, index = lba < VDF_T2_START ? 0 : 1;
        isrc = VDF_ISRC2;
    } else {
        track = 3, control = 1, start = VDF_T3_START, index = lba < VDF_T3_INDEX2 ? 1 : 2;
        isrc = VDF_ISRC3;
    }
    if (track == 1) {
        memset(sec + 1, 0xFF, 10);
        vd_lba_to_msf(lba, &m, &s, &f);
        sec[12] = vd_bcd(m);
        sec[13] = vd_bcd(s);
        sec[14] = vd_bcd(f);
        sec[15] = 1;
        for (int i = 0; i < 2048; i++)
            sec[16 + i] = vdf_data_byte(lba, i);
        uint32_t edc = vd_edc(sec, 2064);
        for (int k = 0; k < 4; k++)
            sec[2064 + k] = (uint8_t)(edc >> (8 * k));
        vd_ecc(sec, false);
    } else if (index != 0) {
        for (int i = 0; i < 588; i++) {
            uint32_t v = vdf_sample((int64_t)lba * 588 + i);
            for (int k = 0; k < 4; k++)
                sec[i * 4 + k] = (uint8_t)(v >> (8 * k));
        }
    }
    if (index == 0)
        memset(sub, 0xFF, 12);
    if (track != 1 && lba % 100 == 50)
        q_mcn(sub + 12, control, lba);
    else if (track != 1 && lba % 100 == 75)
        q_isrc(sub + 12, control, isrc, lba);
    else
        vd_q_position(sub + 12, control, track, index, lba - start, lba);
    for (int i = 0; i < 72; i++)
        sub[24 + i] = vdf_rw_byte(lba, i);
}

static FILE *open_out(const char *dir, const char *name, const char *ext, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
    FILE *f = fopen(path, "wb");
    if (!f)
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return f;
}

static void entry(FILE *f, int n, int point, int control, int32_t plba, int pmin_override, int psec)
{
    uint8_t m, s, fr;
    vd_lba_to_msf(plba, &m, &s, &fr);
    if (pmin_override >= 0) {
        m = (uint8_t)pmin_override;
        s = (uint8_t)psec;
        fr = 0;
        plba = vd_msf_to_lba(m, s, fr);
    }
    fprintf(f, "[Entry %d]\nSession=1\nPoint=0x%02x\nADR=0x01\nControl=0x%02x\nTrackNo=0\n"
               "AMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=%d\nPSec=%d\nPFrame=%d\nPLBA=%d\n",
            n, point, control, m, s, fr, plba);
}

bool vdf_write_cd(const char *dir, const char *name, char *err, size_t errlen)
{
    FILE *ccd = open_out(dir, name, ".ccd", err, errlen);
    if (!ccd)
        return false;
    uint8_t packs[18 * 64];
    size_t plen = vdf_cdtext(packs, sizeof packs);
    fprintf(ccd, "[CloneCD]\nVersion=3\n[Disc]\nTocEntries=6\nSessions=1\nDataTracksScrambled=0\n"
                 "CDTextLength=%zu\nCATALOG=%s\n[CDText]\nEntries=%zu\n",
            plen, VDF_MCN, plen / 18);
    for (size_t k = 0; k < plen / 18; k++) {
        fprintf(ccd, "Entry %zu=", k);
        for (int b = 0; b < 16; b++)
            fprintf(ccd, "%02x%s", packs[k * 18 + b], b < 15 ? " " : "\n");
    }
    fprintf(ccd, "[Session 1]\nPreGapMode=1\nPreGapSubC=0\n");
    entry(ccd, 0, 0xA0, 4, 0, 1, 0x00);
    entry(ccd, 1, 0xA1, 1, 0, 3, 0);
    entry(ccd, 2, 0xA2, 1, VDF_LEADOUT, -1, 0);
    entry(ccd, 3, 1, 4, 0, -1, 0);
    entry(ccd, 4, 2, 0, VDF_T2_START, -1, 0);
    entry(ccd, 5, 3, 1, VDF_T3_START, -1, 0);
    fprintf(ccd, "[TRACK 1]\nMODE=1\nINDEX 1=0\n");
    fprintf(ccd, "[TRACK 2]\nMODE=0\nISRC=%s\nINDEX 0=%d\nINDEX 1=%d\n", VDF_ISRC2, VDF_T2_PREGAP,
            VDF_T2_START);
    fprintf(ccd, "[TRACK 3]\nMODE=0\nISRC=%s\nFLAGS= PRE\nINDEX 1=%d\nINDEX 2=%d\n", VDF_ISRC3,
            VDF_T3_START, VDF_T3_INDEX2);
    bool ok = fclose(ccd) == 0;
    FILE *img = open_out(dir, name, ".img", err, errlen);
    FILE *sub = img ? open_out(dir, name, ".sub", err, errlen) : NULL;
    if (!img || !sub) {
        if (img)
            fclose(img);
        return false;
    }
    for (int32_t lba = 0; lba < VDF_LEADOUT && ok; lba++) {
        uint8_t sec[2352], sc[96];
        make_sector(lba, sec, sc);
        ok = fwrite(sec, 1, 2352, img) == 2352 && fwrite(sc, 1, 96, sub) == 96;
    }
    bool closed_img = fclose(img) == 0;
    bool closed_sub = fclose(sub) == 0;
    ok = closed_img && closed_sub && ok;
    if (!ok)
        snprintf(err, errlen, "writing %s/%s: %s", dir, name, strerror(errno));
    return ok;
}

static void entry5(FILE *f, int n, int point, int32_t alba, int zero, int32_t plba)
{
    uint8_t am, as, af, pm, ps, pf;
    vd_lba_to_msf(alba, &am, &as, &af);
    vd_lba_to_msf(plba, &pm, &ps, &pf);
    fprintf(f, "[Entry %d]\nSession=1\nPoint=0x%02x\nADR=0x05\nControl=0x04\nTrackNo=0\n"
               "AMin=%d\nASec=%d\nAFrame=%d\nALBA=%d\nZero=%d\nPMin=%d\nPSec=%d\nPFrame=%d\nPLBA=%d\n",
            n, point, am, as, af, alba, zero, pm, ps, pf, plba);
}

static void entry_s(FILE *f, int n, int session, int point, int control, int32_t plba, int pmin, int psec)
{
    uint8_t m, s, fr;
    vd_lba_to_msf(plba, &m, &s, &fr);
    if (pmin >= 0) {
        m = (uint8_t)pmin;
        s = (uint8_t)psec;
        fr = 0;
        plba = vd_msf_to_lba(m, s, fr);
    }
    fprintf(f, "[Entry %d]\nSession=%d\nPoint=0x%02x\nADR=0x01\nControl=0x%02x\nTrackNo=0\n"
               "AMin=0\nASec=0\nAFrame=0\nALBA=-150\nZero=0\nPMin=%d\nPSec=%d\nPFrame=%d\nPLBA=%d\n",
            n, session, point, control, m, s, fr, plba);
}

static void make_ms_sector(int32_t lba, uint8_t sec[2352], uint8_t sub[96])
{
    uint8_t m, s, f;
    memset(sec, 0, 2352);
    memset(sub, 0, 96);
    if (lba < VDF_MS_LEADOUT1) {
        for (int i = 0; i < 588; i++) {
            uint32_t v = vdf_sample((int64_t)lba * 588 + i + 7777);
            for (int k = 0; k < 4; k++)
                sec[i * 4 + k] = (uint8_t)(v >> (8 * k));
        }
        vd_q_position(sub + 12, 0, 1, 1, lba, lba);
        return;
    }
    memset(sec + 1, 0xFF, 10);
    vd_lba_to_msf(lba, &m, &s, &f);
    sec[12] = vd_bcd(m);
    sec[13] = vd_bcd(s);
    sec[14] = vd_bcd(f);
    sec[15] = 2;
    sec[18] = sec[22] = 0x08;    /* submode: data */
    for (int i = 0; i < 2048; i++)
        sec[24 + i] = vdf_data_byte(lba, i);
    uint32_t edc = vd_edc(sec + 16, 2056);
    for (int k = 0; k < 4; k++)
        sec[2072 + k] = (uint8_t)(edc >> (8 * k));
    vd_ecc(sec, true);
    vd_q_position(sub + 12, 4, 2, lba < VDF_MS_T2_START ? 0 : 1, lba - VDF_MS_T2_START, lba);
}

bool vdf_write_multisession(const char *dir, const char *name, char *err, size_t errlen)
{
    FILE *ccd = open_out(dir, name, ".ccd", err, errlen);
    if (!ccd)
        return false;
    fprintf(ccd, "[CloneCD]\nVersion=3\n[Disc]\nTocEntries=10\nSessions=2\nDataTracksScrambled=0\n"
                 "CDTextLength=0\n[Session 1]\nPreGapMode=0\nPreGapSubC=0\n"
                 "[Session 2]\nPreGapMode=2\nPreGapSubC=0\n");
    entry_s(ccd, 0, 1, 0xA0, 0, 0, 1, 0x20);
    entry_s(ccd, 1, 1, 0xA1, 0, 0, 1, 0);
    entry_s(ccd, 2, 1, 0xA2, 0, VDF_MS_LEADOUT1, -1, 0);
    entry_s(ccd, 3, 1, 1, 0, 0, -1, 0);
    entry5(ccd, 4, 0xB0, VDF_MS_T2_START - 150, 2, 359849);
    entry5(ccd, 5, 0xC0, 0, 0, -11634);
    entry_s(ccd, 6, 2, 0xA0, 4, 0, 2, 0x20);
    entry_s(ccd, 7, 2, 0xA1, 4, 0, 2, 0);
    entry_s(ccd, 8, 2, 0xA2, 4, VDF_MS_LEADOUT, -1, 0);
    entry_s(ccd, 9, 2, 2, 4, VDF_MS_T2_START, -1, 0);
    fprintf(ccd, "[TRACK 1]\nMODE=0\nINDEX 1=0\n[TRACK 2]\nMODE=2\nINDEX 0=%d\nINDEX 1=%d\n",
            VDF_MS_T2_START - 150, VDF_MS_T2_START);
    bool ok = fclose(ccd) == 0;
    FILE *img = open_out(dir, name, ".img", err, errlen);
    FILE *sub = img ? open_out(dir, name, ".sub", err, errlen) : NULL;
    if (!img || !sub) {
        if (img)
            fclose(img);
        return false;
    }
    for (int32_t lba = 0; lba < VDF_MS_LEADOUT && ok; lba++) {
        uint8_t sec[2352], sc[96];
        if (lba >= VDF_MS_LEADOUT1 && lba < VDF_MS_T2_START - 150) {
            ok = fseek(img, (long)(lba + 1) * 2352, SEEK_SET) == 0 &&
                 fseek(sub, (long)(lba + 1) * 96, SEEK_SET) == 0;
            continue;
        }
        make_ms_sector(lba, sec, sc);
        ok = fwrite(sec, 1, 2352, img) == 2352 && fwrite(sc, 1, 96, sub) == 96;
    }
    bool closed_img = fclose(img) == 0;
    bool closed_sub = fclose(sub) == 0;
    ok = closed_img && closed_sub && ok;
    if (!ok)
        snprintf(err, errlen, "writing %s/%s: %s", dir, name, strerror(errno));
    return ok;
}

bool vdf_write_iso(const char *dir, const char *name, char *err, size_t errlen)
{
    FILE *f = open_out(dir, name, ".iso", err, errlen);
    if (!f)
        return false;
    bool ok = true;
    for (int32_t lba = 0; lba < VDF_ISO_SECTORS && ok; lba++) {
        uint8_t b[2048];
        for (int i = 0; i < 2048; i++)
            b[i] = vdf_data_byte(lba, i);
        if (lba == 16 || lba == 17) {
            memset(b, 0, sizeof b);
            b[0] = lba == 16 ? 1 : 255;
            memcpy(b + 1, "CD001", 5);
            b[6] = 1;
            if (lba == 16) {
                memset(b + 8, ' ', 64);
                memcpy(b + 40, "VDRIVE_TEST", 11);
                for (int k = 0; k < 4; k++) {
                    b[80 + k] = (uint8_t)(VDF_ISO_SECTORS >> (8 * k));
                    b[87 - k] = (uint8_t)(VDF_ISO_SECTORS >> (8 * k));
                }
                b[128] = 0x00, b[129] = 0x08, b[130] = 0x08, b[131] = 0x00;   /* 2048 both-endian */
            }
        }
        ok = fwrite(b, 1, sizeof b, f) == sizeof b;
    }
    ok = fclose(f) == 0 && ok;
    if (!ok)
        snprintf(err, errlen, "writing %s/%s.iso: %s", dir, name, strerror(errno));
    return ok;
}
