/* vd_rec_write.c: the commands that change a recordable medium: MODE
 * SELECT of the write parameters page, WRITE(10)/(12) (sequential media
 * only at the next writable address, else 05/21/02 as drives answer),
 * SYNCHRONIZE CACHE, CLOSE TRACK/SESSION, RESERVE TRACK, BLANK and FORMAT
 * UNIT; the write speed model (a drive buffer (2 MiB CD, 4 MiB DVD/BD) that the medium
 * drains at the write speed, so command overhead hides behind the
 * transfer as on a real drive); background operations reported through
 * TEST UNIT READY (02/04/04 format, 02/04/07 blank, 02/04/08 long write,
 * with progress in the sense-key specific bytes); and the faults of
 * DW_VDRIVE_WRITE_FAULTS: a write error at an LBA (03/0C/00), a power
 * calibration failure (73/03/00), a medium removed mid-write (02/3A/00),
 * a block recorded wrong.
 */
#define _GNU_SOURCE
#include "vd_rec.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- speed model ----------------------------------------------------- */

uint32_t vd_rec_buffer_bytes(const vd_rec *r)
{
    return vd_rec_is_cd(r) ? 2u << 20 : 4u << 20;   /* a CD writer's 2 MiB, a DVD/BD writer's 4 MiB */
}

static double block_rate(const vd_drive *d)
{
    const vd_rec *r = d->rec;
    double x = d->speed_x;
    if (r->write_speed_x > 0 && (x <= 0 || r->write_speed_x < x))
        x = x > 0 ? r->write_speed_x : 0;
    if (x <= 0)
        return 0;
    return (vd_rec_is_cd(r) ? 75.0 : vd_rec_is_bd(r) ? 2197.0 : 676.5) * x;
}

static void sleep_until(int64_t t)
{
    struct timespec ts = { .tv_sec = t / 1000000000, .tv_nsec = t % 1000000000 };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

/* Data for `blocks` enters the buffer; the command returns once it fits. */
static void charge_write(vd_drive *d, int32_t blocks)
{
    vd_rec *r = d->rec;
    double rate = block_rate(d);
    if (rate <= 0 || blocks <= 0)
        return;
    int64_t now = vd_rec_now_ns();
    int64_t start = r->media_until_ns > now ? r->media_until_ns : now;
    r->media_until_ns = start + (int64_t)(blocks / rate * 1e9);
    double buffer_blocks = (double)vd_rec_buffer_bytes(r) / 2048.0;
    int64_t fits_at = r->media_until_ns - (int64_t)(buffer_blocks / rate * 1e9);
    if (fits_at > now)
        sleep_until(fits_at);
}

bool vd_rec_busy(vd_drive *d, uint8_t sense[18], int *status)
{
    vd_rec *r = d->rec;
    int64_t now = vd_rec_now_ns();
    if (r->op_until_ns > now) {
        double done = (double)(now - r->op_start_ns) / (double)(r->op_until_ns - r->op_start_ns);
        *status = vd_mmc_fail(d, sense, 0x02, 0x04, r->op_ascq);
        d->sense[15] = 0x80;     /* SKSV: progress indication */
        vd_put_be16(d->sense + 16, (uint32_t)(done * 65536.0 > 65535 ? 65535 : done * 65536.0));
        if (sense)
            memcpy(sense, d->sense, 18);
        return true;
    }
    if (r->media_until_ns > now && r->sync_pending) {
        *status = vd_mmc_fail(d, sense, 0x02, 0x04, 0x08);   /* long write in progress */
        return true;
    }
    r->op_until_ns = 0;
    r->sync_pending = false;
    return false;
}

/* A background operation of `ms` milliseconds (0: done at once). */
static void background(vd_drive *d, double blocks, uint8_t ascq, bool immed)
{
    vd_rec *r = d->rec;
    double rate = block_rate(d);
    if (rate <= 0)
        return;
    int64_t now = vd_rec_now_ns();
    r->op_start_ns = now;
    r->op_until_ns = now + (int64_t)(blocks / rate * 1e9);
    r->op_ascq = ascq;
    if (!immed) {
        sleep_until(r->op_until_ns);
        r->op_until_ns = 0;
    }
}

/* ---- MODE SELECT page 05 ---------------------------------------------- */

static bool page05_ok(const vd_rec *r, const vd_page05 *w)
{
    if (vd_rec_is_cd(r)) {
        if (w->write_type == 1)
            return w->dbt == 0 || (w->dbt >= 8 && w->dbt <= 13);
        if (w->write_type == 2)
            return true;         /* the cue sheet says what each block is */
        return false;            /* packet and raw writing are not offered */
    }
    if (r->med == VD_MED_DVDR || (r->med == VD_MED_DVDRW && !r->formatted))
        return (w->write_type == 0 || w->write_type == 2) && w->dbt == 8;
    if (r->med == VD_MED_DVDRW && r->formatted)
        return w->write_type == 0 && w->dbt == 8;
    return false;
}

int vd_rec_mode_select(vd_drive *d, const uint8_t *cdb, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    bool ten = cdb[0] == 0x55;
    size_t plen = ten ? vd_get_be16(cdb + 7) : cdb[4];
    const uint8_t *p = d->dout;
    size_t len = d->dout_len < plen ? d->dout_len : plen;
    if (!p || len == 0)
        return 0;
    size_t hdr = ten ? 8 : 4;
    if (len < hdr)
        return vd_mmc_fail(d, sense, 0x05, 0x1A, 0x00);    /* parameter list length error */
    size_t bdl = ten ? vd_get_be16(p + 6) : p[3];
    size_t off = hdr + bdl;
    while (off + 2 <= len) {
        const uint8_t *pg = p + off;
        int code = pg[0] & 0x3F;
        size_t pl = (size_t)pg[1] + 2;
        if (off + pl > len)
            pl = len - off;
        if (code == 0x05) {
            if (!vd_rec_is_cd(r) && r->med != VD_MED_DVDR && r->med != VD_MED_DVDRW)
                return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            if (pl < 16)
                return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            vd_page05 w = r->p05;
            w.bufe = pg[2] & 0x40;
            w.ls_valid = pg[2] & 0x20;
            w.test_write = pg[2] & 0x10;
            w.write_type = pg[2] & 0x0F;
            w.multi = pg[3] >> 6;
            w.fixed_packet = pg[3] & 0x20;
            w.copy = pg[3] & 0x10;
            w.track_mode = pg[3] & 0x0F;
            w.dbt = pg[4] & 0x0F;
            w.link_size = pg[5];
            w.session_format = pg[8];
            w.packet_size = vd_get_be32(pg + 10);
            w.audio_pause = (int)vd_get_be16(pg + 14);
            w.mcn[0] = w.isrc[0] = '\0';
            if (pl >= 30 && (pg[16] & 0x80)) {
                memcpy(w.mcn, pg + 17, 13);
                w.mcn[13] = '\0';
                for (int i = 0; i < 13; i++)
                    if (w.mcn[i] < '0' || w.mcn[i] > '9')
                        return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            }
            if (pl >= 45 && (pg[32] & 0x80)) {
                memcpy(w.isrc, pg + 33, 12);
                w.isrc[12] = '\0';
            }
            if (pl >= 52)
                memcpy(w.subheader, pg + 48, 4);
            if (!page05_ok(r, &w)) {
                vd_drive_log(d, "recorder: page 05 write type %d block type %d refused", w.write_type, w.dbt);
                return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
            }
            r->p05 = w;
        }
        if (pl < 2)
            break;
        off += pl;
    }
    return 0;
}

/* ---- DVD and BD writing ------------------------------------------------- */

/* A new track (and session) at the NWA of a sequential DVD/BD. */
static vd_rec_track *dvd_begin_track(vd_drive *d, int32_t reserve)
{
    vd_rec *r = d->rec;
    int32_t nwa = vd_rec_nwa(r);
    if (nwa < 0 || r->n_tracks >= VD_REC_MAX_TRACKS)
        return NULL;
    vd_rec_session *s = vd_rec_open_session(r);
    if (!s) {
        if (r->n_sessions >= VD_REC_MAX_SESSIONS)
            return NULL;
        s = &r->sessions[r->n_sessions++];
        memset(s, 0, sizeof *s);
        s->number = r->n_sessions;
        s->start = nwa;
    }
    vd_rec_track *t = &r->tracks[r->n_tracks++];
    memset(t, 0, sizeof *t);
    t->number = r->n_tracks > 1 ? r->tracks[r->n_tracks - 2].number + 1 : 1;
    t->session = s->number;
    t->start = t->next = t->end = nwa;
    t->reserved = reserve;
    t->mode = 1;
    t->control = 4;
    t->state = VD_TR_OPEN;
    if (!s->first_track)
        s->first_track = t->number;
    s->last_track = t->number;
    r->status = VD_ST_APPENDABLE;
    vd_drive_log(d, "recorder: track %d at %d%s", t->number, nwa, reserve ? " (reserved)" : "");
    return t;
}

static int dvd_write(vd_drive *d, int32_t lba, int32_t count, const uint8_t *data, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (vd_rec_random(r)) {
        if (!r->formatted)
            return vd_mmc_fail(d, sense, 0x05, 0x30, 0x01);   /* cannot read medium: unknown format */
        if (lba < 0 || lba + count > r->capacity)
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, lba < 0 ? lba : r->capacity);
        if (!vd_rec_open_files(r) || !vd_pwrite_all(r->iso_fd, data, (size_t)count * 2048, (off_t)lba * 2048))
            return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
        if (lba + count > r->recorded_end)
            r->recorded_end = lba + count;
        return 0;
    }
    vd_rec_track *t = vd_rec_open_track(r);
    if (!t && r->n_tracks) {
        /* A reserved track that was closed before being filled keeps its space. */
        vd_rec_track *last = &r->tracks[r->n_tracks - 1];
        if (last->reserved && last->state != VD_TR_DAMAGED && last->next < last->start + last->reserved &&
            vd_rec_open_session(r))
            t = last;
    }
    int32_t nwa = t ? t->next : vd_rec_nwa(r);
    if (nwa < 0)
        return vd_mmc_fail(d, sense, 0x05, 0x72, 0x05);
    if (lba != nwa)
        return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x02, lba);
    int32_t limit = t && t->reserved ? t->start + t->reserved : r->capacity;
    if (lba + count > limit)
        return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x00, limit);
    if (!t && !(t = dvd_begin_track(d, 0)))
        return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
    if (!vd_rec_open_files(r))
        return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
    if (r->faults.corrupt_lba >= lba && r->faults.corrupt_lba < lba + count) {
        uint8_t blk[2048];
        int32_t k = r->faults.corrupt_lba - lba;
        if (!vd_pwrite_all(r->iso_fd, data, (size_t)k * 2048, (off_t)lba * 2048))
            return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
        memcpy(blk, data + (size_t)k * 2048, 2048);
        blk[1000] ^= 0x5A;
        vd_drive_log(d, "recorder: corrupting lba %d as asked", r->faults.corrupt_lba);
        if (!vd_pwrite_all(r->iso_fd, blk, 2048, (off_t)(lba + k) * 2048) ||
            !vd_pwrite_all(r->iso_fd, data + (size_t)(k + 1) * 2048, (size_t)(count - k - 1) * 2048,
                        (off_t)(lba + k + 1) * 2048))
            return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
    } else if (!vd_pwrite_all(r->iso_fd, data, (size_t)count * 2048, (off_t)lba * 2048))
        return vd_mmc_fail_at(d, sense, 0x03, 0x0C, 0x00, lba);
    t->next = lba + count;
    if (t->end < t->next)
        t->end = t->next;
    if (t->state != VD_TR_OPEN && t->reserved)
        t->state = VD_TR_OPEN;
    return 0;
}

static void dvd_close_track(vd_drive *d)
{
    vd_rec *r = d->rec;
    vd_rec_track *t = vd_rec_open_track(r);
    if (!t)
        return;
    if (t->next == t->start && !t->reserved) {
        r->n_tracks--;           /* never written */
        vd_rec_session *s = vd_rec_open_session(r);
        if (s && s->first_track == t->number) {
            r->n_sessions--;
            if (!r->n_sessions)
                r->status = VD_ST_BLANK;
        } else if (s)
            s->last_track = t->number - 1;
        return;
    }
    if (t->reserved && t->next < t->start + t->reserved) {
        t->end = t->start + t->reserved;   /* the drive pads the reservation with zeros */
        t->next = t->end;
        struct stat st;
        if (vd_rec_open_files(r) && fstat(r->iso_fd, &st) == 0 && st.st_size < (off_t)t->end * 2048 &&
            ftruncate(r->iso_fd, (off_t)t->end * 2048) != 0)
            vd_drive_log(d, "recorder: cannot pad disc.iso: %s", strerror(errno));
    } else
        t->end = t->next;
    t->state = VD_TR_CLOSED;
}

static void dvd_close_session(vd_drive *d, bool finalize)
{
    vd_rec *r = d->rec;
    dvd_close_track(d);
    vd_rec_session *s = vd_rec_open_session(r);
    if (!s)
        return;
    int32_t end = s->start;
    for (int i = 0; i < r->n_tracks; i++)
        if (r->tracks[i].session == s->number) {
            if (r->tracks[i].state == VD_TR_OPEN)
                r->tracks[i].state = VD_TR_CLOSED;
            if (r->tracks[i].end > end)
                end = r->tracks[i].end;
        }
    s->leadout = end;
    s->closed = true;
    s->multi = !finalize;
    r->status = finalize ? VD_ST_COMPLETE : VD_ST_APPENDABLE;
    vd_drive_log(d, "recorder: session %d closed at %d, %s", s->number, end,
                 finalize ? "disc finalized" : "open for another session");
}

/* ---- the commands --------------------------------------------------------- */

/* The open track, damaged by a failed write; its state is saved. */
static void damage(vd_drive *d)
{
    vd_rec *r = d->rec;
    vd_rec_track *t = vd_rec_open_track(r);
    if (t) {
        t->state = VD_TR_DAMAGED;
        if (vd_rec_is_cd(r) && t->next > t->end)
            t->end = t->next;
    }
    r->cue_valid = false;
    vd_rec_commit(d);
}

static int medium_write(vd_drive *d, int32_t lba, int32_t count, const uint8_t *data, size_t len,
                        uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (count <= 0)
        return 0;
    if (vd_rec_is_cd(r))
        return vd_rec_cd_write(d, lba, count, data, len, sense);
    if ((size_t)count * 2048 > len)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    return dvd_write(d, lba, count, data, sense);
}

int vd_rec_write_cmd(vd_drive *d, const uint8_t *cdb, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    int32_t lba = (int32_t)vd_get_be32(cdb + 2);
    int32_t count = (int32_t)(cdb[0] == 0x2A ? vd_get_be16(cdb + 7) : vd_get_be32(cdb + 6));
    static const uint8_t none[1];
    const uint8_t *data = d->dout ? d->dout : none;   /* no data-out: every length check fails */
    size_t len = d->dout ? d->dout_len : 0;
    if (count < 0 || count > 65536)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    if (r->removed)
        return vd_mmc_fail(d, sense, 0x02, 0x3A, 0x00);
    if (r->status == VD_ST_COMPLETE && !vd_rec_random(r))
        return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x02, lba);
    if (r->p05.test_write && (vd_rec_is_cd(r) || r->med == VD_MED_DVDR || r->med == VD_MED_DVDRW)) {
        /* Test write: the laser stays off; addresses are still checked. */
        if (!r->sim_started) {
            r->sim_started = true;
            r->sim_next = lba;
        }
        if (lba != r->sim_next)
            return vd_mmc_fail_at(d, sense, 0x05, 0x21, 0x02, lba);
        r->sim_next = lba + count;
        charge_write(d, count);
        return 0;
    }
    if (r->faults.opc_fail && !r->wrote_this_run) {
        vd_drive_log(d, "recorder: power calibration fails (fault)");
        return vd_mmc_fail(d, sense, 0x03, 0x73, 0x03);
    }
    r->wrote_this_run = true;
    int32_t stop = count;
    uint8_t key = 0, asc = 0, ascq = 0;
    int32_t at = 0;
    if (r->faults.write_error_lba >= lba && r->faults.write_error_lba < lba + count) {
        stop = r->faults.write_error_lba - lba;
        key = 0x03, asc = 0x0C, ascq = 0x00;
        at = r->faults.write_error_lba;
    } else if (r->faults.removed_lba >= lba && r->faults.removed_lba < lba + count) {
        stop = r->faults.removed_lba - lba;
        key = 0x02, asc = 0x3A, ascq = 0x00;
        at = r->faults.removed_lba;
    }
    if (!r->run_first_ns)
        r->run_first_ns = vd_rec_now_ns();
    r->run_blocks += stop;
    int st = medium_write(d, lba, stop, data, len, sense);
    if (st) {
        if ((sense[2] & 0x0F) == 0x03)
            damage(d);           /* the medium itself failed: the track is spoiled */
        return st;
    }
    charge_write(d, stop);
    if (key) {
        vd_drive_log(d, "recorder: %s at lba %d (fault)", key == 3 ? "write error" : "medium removed", at);
        damage(d);
        if (key == 2) {
            r->removed = true;
            d->ejected = true;
            return vd_mmc_fail(d, sense, key, asc, ascq);
        }
        return vd_mmc_fail_at(d, sense, key, asc, ascq, at);
    }
    return 0;
}

int vd_rec_sync_cache(vd_drive *d, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    (void)sense;
    if (r->p05.test_write && (vd_rec_is_cd(r) || r->med == VD_MED_DVDR || r->med == VD_MED_DVDRW)) {
        r->sim_started = false;
        return 0;
    }
    if (vd_rec_is_cd(r)) {
        if (r->p05.write_type == 1)
            vd_rec_cd_finish_track(d);
        else if (r->cue_valid && r->sao_next == r->sao_leadout)
            vd_rec_cd_close_session(d, false);
    } else if ((r->med == VD_MED_DVDR || r->med == VD_MED_DVDRW) && r->p05.write_type == 2) {
        /* Disc at once: the data has come; the drive pads the rest of the
         * reserved track (rounded up to an ECC block), writes the lead-out
         * and the disc is finalized. */
        vd_rec_track *t = vd_rec_open_track(r);
        if (t && t->reserved && t->next > t->start)
            dvd_close_session(d, true);
    }
    r->sync_pending = true;
    if (r->run_first_ns) {
        /* How long the data took, from the first WRITE until the medium
         * has it all: what a writer's feeding of the drive decides
         * (bench_recorder.sh compares it with the speed model). */
        int64_t now = vd_rec_now_ns(), end = r->media_until_ns > now ? r->media_until_ns : now;
        double rate = block_rate(d);
        vd_drive_log(d, "recorder: write phase %lld blocks in %.3f s (the medium alone: %.3f s)",
                     (long long)r->run_blocks, (double)(end - r->run_first_ns) / 1e9,
                     rate > 0 ? (double)r->run_blocks / rate : 0.0);
    }
    if (r->wrote_this_run || r->n_tracks)
        vd_rec_commit(d);
    return 0;
}

int vd_rec_close(vd_drive *d, const uint8_t *cdb, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    int fn = cdb[2] & 7;
    if (r->p05.test_write && (vd_rec_is_cd(r) || r->med == VD_MED_DVDR || r->med == VD_MED_DVDRW)) {
        r->sim_started = false;
        return 0;
    }
    vd_rec_track *last = r->n_tracks ? &r->tracks[r->n_tracks - 1] : NULL;
    if (last && last->state == VD_TR_DAMAGED && fn >= 2) {
        /* A session whose last track failed cannot be fixated. */
        vd_drive_log(d, "recorder: close refused, track %d is damaged", last->number);
        return vd_mmc_fail(d, sense, 0x03, 0x72, 0x00);
    }
    if (vd_rec_random(r)) {
        vd_rec_commit(d);
        return 0;
    }
    if (vd_rec_is_cd(r)) {
        if (fn == 1)
            vd_rec_cd_finish_track(d);
        else if (fn == 2 || fn == 3)
            vd_rec_cd_close_session(d, fn == 3);
        else
            return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
        vd_rec_commit(d);
        return 0;
    }
    switch (fn) {
    case 1:
        dvd_close_track(d);
        break;
    case 2:                      /* DVD-R: border (finalized without multi); DVD+R, BD-R: session */
        dvd_close_session(d, (r->med == VD_MED_DVDR || r->med == VD_MED_DVDRW) && r->p05.multi != 3);
        break;
    case 3:                      /* DVD-R: finalize */
    case 5:                      /* DVD+R: finalize with minimal radius */
    case 6:                      /* DVD+R, BD-R: finalize */
        dvd_close_session(d, true);
        if (r->status != VD_ST_COMPLETE && r->n_sessions) {
            r->sessions[r->n_sessions - 1].multi = false;
            r->status = VD_ST_COMPLETE;
        }
        break;
    default:
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    }
    vd_rec_commit(d);
    return 0;
}

int vd_rec_reserve(vd_drive *d, const uint8_t *cdb, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    if (vd_rec_is_cd(r) || vd_rec_random(r))
        return vd_mmc_fail(d, sense, 0x05, 0x20, 0x00);
    if (cdb[1] & 1)              /* ARSV: reservation by LBA is not offered */
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    int32_t size = (int32_t)vd_get_be32(cdb + 5);
    int32_t align = vd_rec_is_bd(r) ? 32 : 16;
    size = (size + align - 1) / align * align;
    if (vd_rec_open_track(r))
        return vd_mmc_fail(d, sense, 0x05, 0x2C, 0x00);
    if (size <= 0 || size > vd_rec_free_blocks(r))
        return vd_mmc_fail(d, sense, 0x05, 0x21, 0x00);
    if (r->p05.test_write)
        return 0;
    if (!dvd_begin_track(d, size))
        return vd_mmc_fail(d, sense, 0x05, 0x72, 0x05);
    vd_rec_commit(d);
    return 0;
}

int vd_rec_blank(vd_drive *d, const uint8_t *cdb, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    int type = cdb[1] & 7;
    bool immed = cdb[1] & 0x10;
    if (!vd_rec_erasable(r))
        return vd_mmc_fail(d, sense, 0x05, 0x30, 0x05);    /* cannot write: incompatible format */
    if (type != 0 && type != 1)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);
    vd_drive_log(d, "recorder: blank (%s)", type == 0 ? "full" : "minimal");
    vd_rec_wipe(d, false);
    vd_rec_commit(d);
    /* A full blank rewrites the whole surface, a minimal one the PMA and TOC. */
    background(d, type == 0 ? (double)r->capacity : 4500.0, 0x07, immed);
    return 0;
}

int vd_rec_format(vd_drive *d, const uint8_t *cdb, uint8_t sense[18])
{
    vd_rec *r = d->rec;
    const uint8_t *p = d->dout;
    if (!(cdb[1] & 0x10) || !p || d->dout_len < 12)
        return vd_mmc_fail(d, sense, 0x05, 0x24, 0x00);    /* FmtData with a descriptor required */
    bool immed = p[1] & 0x02;
    int type = p[8] >> 2;
    bool ok;
    switch (r->med) {
    case VD_MED_DVDPRW:
        ok = type == 0x26;
        break;
    case VD_MED_BDRE:
        ok = type == 0x00 || type == 0x30 || type == 0x31;
        break;
    case VD_MED_DVDRW:
        ok = type == 0x00 || type == 0x10 || type == 0x15 || type == 0x13;
        break;
    case VD_MED_BDR:
        ok = (type == 0x00 || type == 0x32) && r->status == VD_ST_BLANK;
        break;
    default:
        ok = false;
    }
    if (!ok) {
        vd_drive_log(d, "recorder: format type 0x%02x refused on %s", type, vd_rec_med_name(r->med));
        return vd_mmc_fail(d, sense, 0x05, 0x26, 0x00);
    }
    vd_drive_log(d, "recorder: format type 0x%02x", type);
    if (r->med == VD_MED_BDR) {
        r->formatted = true;     /* spare areas; still written sequentially */
    } else if (type == 0x13 && r->formatted) {
        /* DVD-RW quick grow: nothing to change here */
    } else {
        vd_rec_wipe(d, false);
        r->formatted = true;
        if (r->med == VD_MED_DVDRW)
            r->profile = 0x13;
        if (vd_rec_open_files(r)) {
            if (ftruncate(r->iso_fd, 0) != 0 || ftruncate(r->iso_fd, (off_t)r->capacity * 2048) != 0)
                vd_drive_log(d, "recorder: cannot size disc.iso: %s", strerror(errno));
        }
    }
    vd_rec_commit(d);
    background(d, r->med == VD_MED_DVDPRW ? 16384.0 : (double)r->capacity / 8, 0x04, immed);
    return 0;
}
