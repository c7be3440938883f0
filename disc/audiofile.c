/* audiofile.c: how long a track file a cue sheet names is, when it is
 * not raw sectors: FLAC (the total sample count in STREAMINFO, the first
 * metadata block after "fLaC": 20-bit rate, 3-bit channels - 1, 5-bit
 * bits - 1, 36-bit total) or WAV (RIFF/WAVE with a "fmt " chunk of PCM
 * and the "data" chunk's byte size).  Only CD audio (44.1 kHz, two
 * channels, 16 bits) is accepted; a length comes back in samples, which
 * the cue reader turns into sectors (588 samples each).  Every field is
 * checked against the bytes given. */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "discwright/sheet.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool flac(const uint8_t *d, size_t len, uint64_t *samples)
{
    /* "fLaC", then the first block header: STREAMINFO (type 0), 34 bytes. */
    if (len < 8 + 34 || (d[4] & 0x7F) != 0)
        return false;
    uint32_t blen = (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7];
    if (blen < 34)
        return false;
    const uint8_t *s = d + 8;
    uint32_t rate = (uint32_t)s[10] << 12 | (uint32_t)s[11] << 4 | s[12] >> 4;
    int channels = ((s[12] >> 1) & 7) + 1;
    int bits = (((s[12] & 1) << 4) | (s[13] >> 4)) + 1;
    uint64_t total = (uint64_t)(s[13] & 0x0F) << 32 | (uint64_t)s[14] << 24 | (uint64_t)s[15] << 16 |
                     (uint64_t)s[16] << 8 | s[17];
    if (rate != 44100 || channels != 2 || bits != 16 || total == 0)
        return false;
    *samples = total;
    return true;
}

static bool wav(const uint8_t *d, size_t len, uint64_t file_size, uint64_t *samples)
{
    if (len < 12 || memcmp(d + 8, "WAVE", 4) != 0)
        return false;
    bool fmt_ok = false;
    size_t pos = 12;
    while (pos + 8 <= len) {
        uint32_t size = le32(d + pos + 4);
        const uint8_t *body = d + pos + 8;
        if (!memcmp(d + pos, "fmt ", 4)) {
            if (size < 16 || pos + 8 + 16 > len)
                return false;
            fmt_ok = (body[0] | body[1] << 8) == 1 && (body[2] | body[3] << 8) == 2 && le32(body + 4) == 44100 &&
                     (body[14] | body[15] << 8) == 16;
        } else if (!memcmp(d + pos, "data", 4)) {
            if (!fmt_ok)
                return false;
            /* A data size past the end of the file is clipped to it. */
            uint64_t avail = file_size > pos + 8 ? file_size - pos - 8 : 0;
            *samples = MIN((uint64_t)size, avail) / 4;
            return *samples > 0;
        }
        uint64_t next = (uint64_t)pos + 8 + size + (size & 1);
        if (next > len)
            return false;        /* the data chunk must start in the bytes read */
        pos = (size_t)next;
    }
    return false;
}

bool dw_audiofile_samples_of(const uint8_t *data, size_t len, uint64_t file_size, uint64_t *samples)
{
    if (len >= 4 && !memcmp(data, "fLaC", 4))
        return flac(data, len, samples);
    if (len >= 4 && !memcmp(data, "RIFF", 4))
        return wav(data, len, file_size, samples);
    return false;
}

int64_t dw_audiofile_samples(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    uint8_t buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    off_t size = lseek(fd, 0, SEEK_END);
    close(fd);
    uint64_t samples;
    if (n <= 0 || size < 0 || !dw_audiofile_samples_of(buf, (size_t)n, (uint64_t)size, &samples))
        return -1;
    return (int64_t)MIN(samples, (uint64_t)G_MAXINT64);
}
