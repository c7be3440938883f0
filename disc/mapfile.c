/* mapfile.c: the per-block state map of a rip (mapfile.h).
 *
 * The map is a sorted array of runs that always covers [0, blocks)
 * without gaps, with no two neighbouring runs of the same status; lookups
 * are binary searches, a change rewrites at most the runs it touches and
 * moves the tail once.  The text form is GNU ddrescue's mapfile: '#'
 * comments, a "POS STATUS [PASS]" current-position line, then
 * "POS SIZE STATUS" lines in bytes.  Files are written atomically.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "discwright/error.h"
#include "disc/parse_error.h"
#include "discwright/mapfile.h"

struct dw_map {
    int64_t blocks;
    uint32_t block_size;
    dw_map_run *runs;
    size_t n, cap;
    int64_t cur_pos;             /* blocks */
    char cur_status;
    int pass;
};

static bool status_valid(int c)
{
    return c == '?' || c == '*' || c == '/' || c == '-' || c == '+';
}

static void reserve(dw_map *m, size_t need)
{
    if (need <= m->cap)
        return;
    size_t cap = m->cap ? m->cap : 8;
    while (cap < need)
        cap *= 2;
    m->runs = g_renew(dw_map_run, m->runs, cap);
    m->cap = cap;
}

dw_map *dw_map_new(int64_t blocks, uint32_t block_size)
{
    dw_map *m = g_new0(dw_map, 1);
    m->blocks = blocks > 0 ? blocks : 0;
    m->block_size = block_size ? block_size : 1;
    m->cur_status = '?';
    m->pass = 1;
    if (m->blocks > 0) {
        reserve(m, 8);
        m->runs[0] = (dw_map_run){ 0, m->blocks, DW_MAP_NONTRIED };
        m->n = 1;
    }
    return m;
}

void dw_map_free(dw_map *map)
{
    if (!map)
        return;
    g_free(map->runs);
    g_free(map);
}

int64_t dw_map_blocks(const dw_map *map)
{
    return map->blocks;
}

uint32_t dw_map_block_size(const dw_map *map)
{
    return map->block_size;
}

/* Index of the run holding pos; pos must be in [0, blocks). */
static size_t find_run(const dw_map *m, int64_t pos)
{
    size_t lo = 0, hi = m->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->runs[mid].pos <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void dw_map_set(dw_map *map, int64_t pos, int64_t count, dw_map_status status)
{
    if (count <= 0 || !status_valid((int)status))
        return;
    int64_t end = pos > INT64_MAX - count ? INT64_MAX : pos + count;
    if (pos < 0)
        pos = 0;
    if (end > map->blocks)
        end = map->blocks;
    if (pos >= end)
        return;
    size_t i = find_run(map, pos), j = find_run(map, end - 1);
    dw_map_run piece[3];
    size_t np = 0;
    if (map->runs[i].pos < pos)
        piece[np++] = (dw_map_run){ map->runs[i].pos, pos - map->runs[i].pos, map->runs[i].status };
    piece[np++] = (dw_map_run){ pos, end - pos, status };
    int64_t jend = map->runs[j].pos + map->runs[j].size;
    if (end < jend)
        piece[np++] = (dw_map_run){ end, jend - end, map->runs[j].status };
    /* The runs [lo, hi) are replaced by the pieces, merged among
     * themselves and with the neighbours. */
    size_t lo = i, hi = j + 1;
    dw_map_run out[3];
    size_t no = 0;
    for (size_t k = 0; k < np; k++) {
        if (no && out[no - 1].status == piece[k].status)
            out[no - 1].size += piece[k].size;
        else
            out[no++] = piece[k];
    }
    if (lo > 0 && map->runs[lo - 1].status == out[0].status) {
        lo--;
        out[0].pos = map->runs[lo].pos;
        out[0].size += map->runs[lo].size;
    }
    if (hi < map->n && map->runs[hi].status == out[no - 1].status) {
        out[no - 1].size += map->runs[hi].size;
        hi++;
    }
    size_t newn = map->n - (hi - lo) + no;
    reserve(map, newn);
    memmove(&map->runs[lo + no], &map->runs[hi], (map->n - hi) * sizeof *map->runs);
    memcpy(&map->runs[lo], out, no * sizeof *out);
    map->n = newn;
}

dw_map_status dw_map_get(const dw_map *map, int64_t pos)
{
    if (pos < 0 || pos >= map->blocks)
        return DW_MAP_NONTRIED;
    return map->runs[find_run(map, pos)].status;
}

int64_t dw_map_count(const dw_map *map, dw_map_status status)
{
    int64_t total = 0;
    for (size_t i = 0; i < map->n; i++)
        if (map->runs[i].status == status)
            total += map->runs[i].size;
    return total;
}

const dw_map_run *dw_map_runs(const dw_map *map, size_t *n_runs)
{
    if (n_runs)
        *n_runs = map->n;
    return map->runs;
}

bool dw_map_find(const dw_map *map, int64_t pos, const char *statuses, dw_map_run *out)
{
    if (pos < 0)
        pos = 0;
    if (pos >= map->blocks || !statuses)
        return false;
    for (size_t i = find_run(map, pos); i < map->n; i++) {
        const dw_map_run *r = &map->runs[i];
        if (!strchr(statuses, (int)r->status))
            continue;
        int64_t start = r->pos > pos ? r->pos : pos;
        if (out)
            *out = (dw_map_run){ start, r->pos + r->size - start, r->status };
        return true;
    }
    return false;
}

void dw_map_set_current(dw_map *map, int64_t pos, char status, int pass)
{
    map->cur_pos = pos < 0 ? 0 : pos;
    map->cur_status = status;
    map->pass = pass;
}

/* ---- text ---------------------------------------------------------- */

typedef struct {
    const char *name;
    int line;
    const char *lstart;          /* start of the current line */
    GError **error;
} pctx;

static void perr(pctx *c, const char *at, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void perr(pctx *c, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dw_parse_error_valist(c->error, c->name, c->line, (int)(at - c->lstart) + 1, fmt, ap);
    va_end(ap);
}

/* A non-negative number, 0x-hex or decimal, at *p (within [*p, end)). */
static bool read_num(const char **p, const char *end, int64_t *out)
{
    const char *s = *p;
    int base = 10;
    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    uint64_t v = 0;
    const char *d = s;
    while (d < end && g_ascii_isxdigit(*d) && (base == 16 || g_ascii_isdigit(*d))) {
        int x = g_ascii_xdigit_value(*d);
        if (v > ((uint64_t)INT64_MAX - (uint64_t)x) / (uint64_t)base)
            return false;
        v = v * (uint64_t)base + (uint64_t)x;
        d++;
    }
    if (d == s || (d < end && !g_ascii_isspace(*d)))
        return false;
    *out = (int64_t)v;
    *p = d;
    return true;
}

static void skip_ws(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t' || **p == '\r'))
        (*p)++;
}

dw_map *dw_map_parse(const char *text, size_t len, const char *name, int64_t blocks,
                     uint32_t block_size, GError **error)
{
    pctx c = { .name = name ? name : "mapfile", .error = error };
    if (block_size == 0) {
        g_set_error(error, DW_ERROR, DW_ERROR_USAGE, "%s: block size 0", c.name);
        return NULL;
    }
    g_autoptr(dw_map) m = dw_map_new(0, block_size);
    bool have_current = false;
    int64_t next = 0;            /* bytes covered so far */
    const char *p = text, *tend = text + len;
    while (p < tend) {
        c.line++;
        const char *eol = memchr(p, '\n', (size_t)(tend - p));
        if (!eol)
            eol = tend;
        c.lstart = p;
        const char *q = p;
        p = eol + 1;
        skip_ws(&q, eol);
        if (q == eol || *q == '#')
            continue;
        if (memchr(q, '\0', (size_t)(eol - q))) {
            perr(&c, q, "NUL byte in a text file");
            return NULL;
        }
        int64_t pos, size = 0;
        const char *at = q;
        if (!read_num(&q, eol, &pos)) {
            perr(&c, at, "expected a position");
            return NULL;
        }
        skip_ws(&q, eol);
        if (!have_current) {
            /* The current-position line: POS STATUS [PASS]. */
            if (q == eol || (q + 1 < eol && !g_ascii_isspace(q[1]))) {
                perr(&c, q, "expected the current status character");
                return NULL;
            }
            char st = *q++;
            if (!strchr("?*/-FG+", st)) {
                perr(&c, q - 1, "unknown current status '%c'", st);
                return NULL;
            }
            skip_ws(&q, eol);
            int64_t pass = 1;
            if (q < eol) {
                at = q;
                if (!read_num(&q, eol, &pass) || pass > 1000000) {
                    perr(&c, at, "bad pass number");
                    return NULL;
                }
                skip_ws(&q, eol);
            }
            if (q != eol) {
                perr(&c, q, "unexpected text after the current-position line");
                return NULL;
            }
            if (pos % block_size) {
                perr(&c, c.lstart, "current position is not a multiple of %u", block_size);
                return NULL;
            }
            dw_map_set_current(m, pos / block_size, st, (int)pass);
            have_current = true;
            continue;
        }
        at = q;
        if (!read_num(&q, eol, &size)) {
            perr(&c, at, "expected a size");
            return NULL;
        }
        skip_ws(&q, eol);
        if (q == eol || !status_valid(*q)) {
            perr(&c, q, "expected a block status (one of ?*/-+)");
            return NULL;
        }
        char st = *q++;
        skip_ws(&q, eol);
        if (q != eol) {
            perr(&c, q, "unexpected text after the status");
            return NULL;
        }
        if (pos != next) {
            perr(&c, c.lstart, pos < next ? "overlaps the previous line" : "gap after the previous line");
            return NULL;
        }
        if (pos % block_size) {
            perr(&c, c.lstart, "position is not a multiple of %u", block_size);
            return NULL;
        }
        if (size <= 0 || size % block_size) {
            perr(&c, at, "size must be a positive multiple of %u", block_size);
            return NULL;
        }
        if (size > INT64_MAX - pos) {
            perr(&c, at, "size too large");
            return NULL;
        }
        int64_t b0 = pos / block_size, nb = size / block_size;
        if (blocks >= 0 && b0 + nb > blocks) {
            perr(&c, at, "extends beyond the %" G_GINT64_FORMAT " blocks of the disc", blocks);
            return NULL;
        }
        /* Append directly: lines are contiguous. */
        if (m->n && m->runs[m->n - 1].status == (dw_map_status)st) {
            m->runs[m->n - 1].size += nb;
        } else {
            reserve(m, m->n + 1);
            m->runs[m->n++] = (dw_map_run){ b0, nb, (dw_map_status)st };
        }
        m->blocks = b0 + nb;
        next = pos + size;
    }
    if (blocks > m->blocks) {
        int64_t old = m->blocks;
        reserve(m, m->n + 1);
        if (m->n && m->runs[m->n - 1].status == DW_MAP_NONTRIED)
            m->runs[m->n - 1].size += blocks - old;
        else
            m->runs[m->n++] = (dw_map_run){ old, blocks - old, DW_MAP_NONTRIED };
        m->blocks = blocks;
    }
    if (m->cur_pos > m->blocks)
        m->cur_pos = m->blocks;
    return g_steal_pointer(&m);
}

dw_map *dw_map_read_file(const char *path, int64_t blocks, uint32_t block_size, GError **error)
{
    g_autofree char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s", e->message);
        g_error_free(e);
        return NULL;
    }
    return dw_map_parse(text, len, path, blocks, block_size, error);
}

char *dw_map_write(const dw_map *map)
{
    GString *o = g_string_new("# Mapfile. Created by discwright (GNU ddrescue syntax)\n");
    g_string_append_printf(o, "# block size: %u\n", map->block_size);
    g_string_append(o, "# current_pos  current_status  current_pass\n");
    g_string_append_printf(o, "0x%08" G_GINT64_MODIFIER "X     %c               %d\n",
                           map->cur_pos * (int64_t)map->block_size, map->cur_status, map->pass);
    g_string_append(o, "#      pos        size  status\n");
    for (size_t i = 0; i < map->n; i++)
        g_string_append_printf(o, "0x%08" G_GINT64_MODIFIER "X  0x%08" G_GINT64_MODIFIER "X  %c\n",
                               map->runs[i].pos * (int64_t)map->block_size,
                               map->runs[i].size * (int64_t)map->block_size, map->runs[i].status);
    return g_string_free(o, FALSE);
}

static gboolean io_fail(GError **error, const char *what, const char *path, int err)
{
    g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s %s: %s", what, path, g_strerror(err));
    return FALSE;
}

gboolean dw_map_write_file(const dw_map *map, const char *path, GError **error)
{
    return dw_map_write_file_full(map, path, true, error);
}

gboolean dw_map_write_file_full(const dw_map *map, const char *path, bool sync, GError **error)
{
    g_autofree char *text = dw_map_write(map);
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
    int fd = g_mkstemp(tmp);
    if (fd < 0)
        return io_fail(error, "cannot create", tmp, errno);
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int err = w < 0 ? errno : EIO;
            close(fd);
            g_unlink(tmp);
            return io_fail(error, "cannot write", tmp, err);
        }
        done += (size_t)w;
    }
    if (sync && fsync(fd) != 0) {
        int err = errno;
        close(fd);
        g_unlink(tmp);
        return io_fail(error, "cannot sync", tmp, err);
    }
    if (close(fd) != 0) {
        int err = errno;
        g_unlink(tmp);
        return io_fail(error, "cannot close", tmp, err);
    }
    if (g_rename(tmp, path) != 0) {
        int err = errno;
        g_unlink(tmp);
        return io_fail(error, "cannot rename to", path, err);
    }
    return TRUE;
}
