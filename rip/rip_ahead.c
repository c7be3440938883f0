/* rip_ahead.c: reading the next blocks while the last one is stored.
 * A drive idles between a command's end and the next command: everything
 * the host does in between (checking sectors, writing the dump, the map,
 * waking a thread) adds to the rip's time.  In the copy pass the next
 * two blocks are queued on a worker thread, which sends them to the
 * drive one after the other while the main thread checks and stores the
 * last one, so the drive goes from command to command.  Only the bare
 * command runs on the worker (the same READ CD or READ(12) the rip would
 * send); every piece of rip state (the cache model, counters, the read
 * mode's fallbacks, the log) is updated on the main thread when a block
 * is taken.  A command that fails stops the queue: what is behind it is
 * never sent, so a damaged area costs no more commands than without
 * read-ahead.  Any other use of the drive first drains the queue
 * (dw_rip_ahead_drain, called by dw_rip_read): blocks not yet sent are
 * dropped, the one being sent is waited for.  So the drive sees the same
 * commands in the same order as without read-ahead, except a block read
 * ahead just before the copy pass stops to settle unstable sectors. */
#include "config.h"

#include <string.h>

#include "rip/rip_private.h"

#define DEPTH 2                  /* blocks queued at most */

typedef struct {
    uint8_t cdb[12];
    uint8_t *buf;
    size_t len, cap;
    int32_t lba;
    int count;
    int level;                   /* the read mode the command was built for */
    enum { SLOT_FREE, SLOT_QUEUED, SLOT_SENDING, SLOT_DONE, SLOT_DROPPED } state;
    bool ok;
    dw_mmc_sense sense;
} slot;

struct dw_rip_ahead {
    GThread *thread;
    GMutex lock;
    GCond cond;
    CdIo_t *cdio;
    bool quit;
    slot q[DEPTH];               /* a ring: head is the oldest */
    int head, n;
};

/* A failed command stops the queue: nothing behind it is sent, not even
 * what is queued after the failure.  Called with the lock held. */
static bool stopped(const dw_rip_ahead *a)
{
    for (int i = 0; i < a->n; i++) {
        const slot *t = &a->q[(a->head + i) % DEPTH];
        if ((t->state == SLOT_DONE && !t->ok) || t->state == SLOT_DROPPED)
            return true;
    }
    return false;
}

/* The oldest slot still to send, or NULL.  Called with the lock held. */
static slot *next_to_send(dw_rip_ahead *a)
{
    for (int i = 0; i < a->n; i++) {
        slot *t = &a->q[(a->head + i) % DEPTH];
        if ((t->state == SLOT_DONE && !t->ok) || t->state == SLOT_DROPPED)
            return NULL;
        if (t->state == SLOT_QUEUED)
            return t;
    }
    return NULL;
}

static gpointer worker(gpointer data)
{
    dw_rip_ahead *a = data;
    g_mutex_lock(&a->lock);
    for (;;) {
        slot *s = NULL;
        while (!a->quit && !(s = next_to_send(a)))
            g_cond_wait(&a->cond, &a->lock);
        if (a->quit)
            break;
        s->state = SLOT_SENDING;
        uint8_t cdb[12];
        memcpy(cdb, s->cdb, sizeof cdb);
        uint8_t *buf = s->buf;
        unsigned len = (unsigned)s->len;
        g_mutex_unlock(&a->lock);
        dw_mmc_sense sense;
        bool ok = dw_mmc_read(a->cdio, cdb, buf, len, &sense);
        g_mutex_lock(&a->lock);
        s->ok = ok;
        s->sense = sense;
        s->state = SLOT_DONE;
        if (!ok)                 /* stop: nothing behind a failure is sent */
            for (int i = 0; i < a->n; i++) {
                slot *t = &a->q[(a->head + i) % DEPTH];
                if (t->state == SLOT_QUEUED)
                    t->state = SLOT_DROPPED;
            }
        g_cond_broadcast(&a->cond);
    }
    g_mutex_unlock(&a->lock);
    return NULL;
}

/* Wait for the oldest slot to be done or dropped, and pop it into *out.
 * A slot still queued must be one the worker will send. */
static bool pop(dw_rip_ahead *a, slot *out)
{
    if (!a)
        return false;
    g_mutex_lock(&a->lock);
    if (a->n == 0) {
        g_mutex_unlock(&a->lock);
        return false;
    }
    slot *s = &a->q[a->head];
    while (s->state == SLOT_QUEUED || s->state == SLOT_SENDING)
        g_cond_wait(&a->cond, &a->lock);
    *out = *s;                   /* the buffer stays with the slot */
    s->state = SLOT_FREE;
    a->head = (a->head + 1) % DEPTH;
    a->n--;
    g_mutex_unlock(&a->lock);
    return true;
}

/* The last block queued ends where?  -1 when nothing is queued. */
static int32_t queued_end(dw_rip_ahead *a)
{
    if (!a || a->n == 0)
        return -1;
    const slot *s = &a->q[(a->head + a->n - 1) % DEPTH];
    return s->lba + s->count;
}

static bool post(dw_rip_ctx *c, int32_t lba, int count)
{
    uint8_t cdb[12];
    size_t len;
    if (!dw_rip_read_cdb(c, lba, count, cdb, &len))
        return false;
    dw_rip_ahead *a = c->ahead;
    if (!a) {
        a = c->ahead = g_new0(dw_rip_ahead, 1);
        g_mutex_init(&a->lock);
        g_cond_init(&a->cond);
        a->cdio = c->cdio;
        a->thread = g_thread_new("dw-read-ahead", worker, a);
    }
    g_mutex_lock(&a->lock);
    if (a->n == DEPTH || stopped(a)) {
        g_mutex_unlock(&a->lock);
        return false;
    }
    slot *s = &a->q[(a->head + a->n) % DEPTH];
    if (len > s->cap) {
        g_free(s->buf);
        s->buf = g_malloc(len);
        s->cap = len;
    }
    memset(s->buf, 0, len);
    memcpy(s->cdb, cdb, sizeof cdb);
    s->len = len;
    s->lba = lba;
    s->count = count;
    s->level = c->level;
    s->state = SLOT_QUEUED;
    a->n++;
    g_cond_broadcast(&a->cond);
    g_mutex_unlock(&a->lock);
    return true;
}

void dw_rip_ahead_fill(dw_rip_ctx *c, int32_t from, int32_t end)
{
    if (c->opt->no_read_ahead)
        return;
    int32_t at = queued_end(c->ahead);
    if (at < 0)
        at = from;
    else if (at < from) {
        dw_rip_ahead_drain(c);   /* queued blocks this pass will not take */
        at = from;
    }
    while (at < end && post(c, at, (int)MIN((int32_t)c->block, end - at)))
        at += MIN((int32_t)c->block, end - at);
}

/* A popped block the rip does not use: the drive read it all the same. */
static void dropped(dw_rip_ctx *c, const slot *s)
{
    if (s->state != SLOT_DONE)
        return;                  /* never sent */
    c->sectors_read += (uint64_t)s->count;
    if (s->ok)
        dw_rip_read_noted(c, s->lba, s->count);
}

void dw_rip_ahead_drain(dw_rip_ctx *c)
{
    dw_rip_ahead *a = c->ahead;
    if (!a)
        return;
    /* What the worker has not started is never sent; the command it is
     * sending is waited for. */
    g_mutex_lock(&a->lock);
    for (int i = 0; i < a->n; i++) {
        slot *t = &a->q[(a->head + i) % DEPTH];
        if (t->state == SLOT_QUEUED)
            t->state = SLOT_DROPPED;
    }
    g_mutex_unlock(&a->lock);
    slot s;
    while (pop(a, &s))
        dropped(c, &s);
}

bool dw_rip_ahead_take(dw_rip_ctx *c, int32_t lba, int count, uint8_t *main, uint8_t *c2, uint8_t *sub,
                       dw_mmc_sense *sense)
{
    dw_rip_ahead *a = c->ahead;
    slot s;
    if (!a || a->n == 0 || a->q[a->head].lba != lba || a->q[a->head].count != count ||
        a->q[a->head].level != c->level || !pop(a, &s))
        return dw_rip_read(c, lba, count, main, c2, sub, sense);   /* drains first */
    if (s.state != SLOT_DONE || (!s.ok && dw_rip_read_retryable(&s.sense)))
        return dw_rip_read(c, lba, count, main, c2, sub, sense);   /* as a plain read does */
    c->sectors_read += (uint64_t)count;
    *sense = s.sense;
    if (!s.ok) {
        dw_rip_ahead_drain(c);   /* whatever was behind it was dropped */
        return false;
    }
    dw_rip_read_unpack(c, count, s.buf, main, c2, sub);
    dw_rip_read_noted(c, lba, count);
    c->ahead_blocks++;
    return true;
}

void dw_rip_ahead_free(dw_rip_ctx *c)
{
    dw_rip_ahead *a = c->ahead;
    if (!a)
        return;
    dw_rip_ahead_drain(c);
    g_mutex_lock(&a->lock);
    a->quit = true;
    g_cond_broadcast(&a->cond);
    g_mutex_unlock(&a->lock);
    g_thread_join(a->thread);
    g_mutex_clear(&a->lock);
    g_cond_clear(&a->cond);
    for (int i = 0; i < DEPTH; i++)
        g_free(a->q[i].buf);
    g_free(a);
    c->ahead = NULL;
}
