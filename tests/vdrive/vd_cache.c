/* vd_cache.c: the drive's read cache, as CD drives keep one: every
 * sector a READ CD, READ CD-DA or cooked read takes from the disc stays
 * in a buffer of DW_VDRIVE_CACHE KiB (default 2048, a common drive's;
 * 0 turns the model off) and a later read of it, while it is cached,
 * returns the cached bytes and C2 pointers instead of reading the disc
 * again.  An unstable sector therefore repeats its bad bytes until it is
 * pushed out; the buffer forgets the least recently used sector first.
 * Sectors are cached per way of reading (READ CD and CD-DA differ for
 * data sectors).  Only CD profiles cache; DVD/BD reads pass through.
 *
 * DW_VDRIVE_CACHE_FUA=1: READ(10)/READ(12) with the FUA bit (any transfer
 * length, 0 included) empties the cache, as drives that honour FUA do;
 * otherwise FUA is ignored, as most drives do.  DW_VDRIVE_NO_C2=1: the
 * drive has no C2 error pointers (READ CD asking for them fails 05/24/00).
 * MODE SENSE page 2Ah reports the cache size as the buffer size. */
#include "vd.h"

#include <stdlib.h>
#include <string.h>

struct vd_cache {
    int capacity;                /* sectors */
    int used;
    int32_t n_lba;               /* LBAs 0 .. n_lba-1 can be cached */
    int32_t *slot_of;            /* per LBA: slot or -1 */
    int32_t *lba_of;             /* per slot */
    uint8_t *cdda_of;            /* per slot: read as CD-DA */
    int32_t *prev, *next;        /* LRU list over slots; head = most recent */
    int32_t head, tail;
    uint8_t *data;               /* per slot: 2352 + 294 bytes */
};

#define SLOT_BYTES (2352 + 294)

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return dflt;
    char *end;
    long x = strtol(v, &end, 10);
    return *end ? -1 : x;
}

bool vd_cache_configure(vd_drive *d, char *err, size_t errlen)
{
    long kb = env_long("DW_VDRIVE_CACHE", 2048);
    long fua = env_long("DW_VDRIVE_CACHE_FUA", 0);
    long noc2 = env_long("DW_VDRIVE_NO_C2", 0);
    if (kb < 0 || kb > 65536 || fua < 0 || noc2 < 0) {
        snprintf(err, errlen, "DW_VDRIVE_CACHE must be 0..65536 (KiB); DW_VDRIVE_CACHE_FUA and _NO_C2 0 or 1");
        return false;
    }
    d->cache_kb = (int)kb;
    d->cache_fua = fua != 0;
    d->no_c2 = noc2 != 0;
    if (kb == 0 || d->img->kind != VD_CD || d->img->n_sectors <= 0)
        return true;
    int cap = (int)(kb * 1024 / 2352);
    if (cap < 1)
        return true;             /* less than a sector: no cache */
    struct vd_cache *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory for a %ld KiB cache", kb);
        return false;
    }
    c->capacity = cap;
    c->n_lba = d->img->n_sectors;
    c->slot_of = malloc((size_t)c->n_lba * sizeof(int32_t));
    c->lba_of = malloc((size_t)cap * sizeof(int32_t));
    c->cdda_of = malloc((size_t)cap);
    c->prev = malloc((size_t)cap * sizeof(int32_t));
    c->next = malloc((size_t)cap * sizeof(int32_t));
    c->data = malloc((size_t)cap * SLOT_BYTES);
    if (!c->slot_of || !c->lba_of || !c->cdda_of || !c->prev || !c->next || !c->data) {
        d->cache = c;
        vd_cache_free(d);
        snprintf(err, errlen, "out of memory for a %ld KiB cache", kb);
        return false;
    }
    for (int32_t i = 0; i < c->n_lba; i++)
        c->slot_of[i] = -1;
    c->head = c->tail = -1;
    d->cache = c;
    vd_drive_log(d, "vdrive: read cache %ld KiB (%d sectors)%s", kb, cap, d->cache_fua ? ", FUA honoured" : "");
    return true;
}

void vd_cache_free(vd_drive *d)
{
    struct vd_cache *c = d->cache;
    if (!c)
        return;
    free(c->slot_of);
    free(c->lba_of);
    free(c->cdda_of);
    free(c->prev);
    free(c->next);
    free(c->data);
    free(c);
    d->cache = NULL;
}

static void unlink_slot(struct vd_cache *c, int32_t s)
{
    if (c->prev[s] >= 0)
        c->next[c->prev[s]] = c->next[s];
    else
        c->head = c->next[s];
    if (c->next[s] >= 0)
        c->prev[c->next[s]] = c->prev[s];
    else
        c->tail = c->prev[s];
}

static void push_front(struct vd_cache *c, int32_t s)
{
    c->prev[s] = -1;
    c->next[s] = c->head;
    if (c->head >= 0)
        c->prev[c->head] = s;
    c->head = s;
    if (c->tail < 0)
        c->tail = s;
}

bool vd_cache_lookup(vd_drive *d, int32_t lba, bool cdda, uint8_t *out, uint8_t *c2)
{
    struct vd_cache *c = d->cache;
    if (!c || d->img->kind != VD_CD || lba < 0 || lba >= c->n_lba)
        return false;            /* slots hold 2352-byte CD sectors only */
    int32_t s = c->slot_of[lba];
    if (s < 0 || c->cdda_of[s] != (uint8_t)cdda)
        return false;
    const uint8_t *p = c->data + (size_t)s * SLOT_BYTES;
    memcpy(out, p, 2352);
    if (c2)
        memcpy(c2, p + 2352, 294);
    unlink_slot(c, s);
    push_front(c, s);
    return true;
}

void vd_cache_store(vd_drive *d, int32_t lba, bool cdda, const uint8_t *out, const uint8_t *c2)
{
    struct vd_cache *c = d->cache;
    if (!c || lba < 0 || lba >= c->n_lba)
        return;
    int32_t s = c->slot_of[lba];
    if (s >= 0)
        unlink_slot(c, s);
    else if (c->used < c->capacity)
        s = c->used++;
    else {
        s = c->tail;             /* the least recently used goes */
        unlink_slot(c, s);
        c->slot_of[c->lba_of[s]] = -1;
    }
    c->slot_of[lba] = s;
    c->lba_of[s] = lba;
    c->cdda_of[s] = (uint8_t)cdda;
    uint8_t *p = c->data + (size_t)s * SLOT_BYTES;
    memcpy(p, out, 2352);
    if (c2)
        memcpy(p + 2352, c2, 294);
    else
        memset(p + 2352, 0, 294);
    push_front(c, s);
}

void vd_cache_fua(vd_drive *d)
{
    struct vd_cache *c = d->cache;
    if (!c || !d->cache_fua)
        return;
    for (int32_t s = c->head; s >= 0; s = c->next[s])
        c->slot_of[c->lba_of[s]] = -1;
    c->head = c->tail = -1;
    c->used = 0;
    vd_drive_log(d, "vdrive: FUA read: cache emptied");
}
