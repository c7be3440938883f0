/* vd_ioctl.c: the Linux kernel ioctls of a CD-ROM block device, answered
 * by the virtual drive: the TOC ioctls libcdio reads (MSF in binary),
 * capability and status, multisession, MCN, subchannel, raw and mode-2
 * reads, speed and tray, DVD_READ_STRUCT, the two packet paths
 * (CDROM_SEND_PACKET with its sense buffer and -1/EIO on failure; SG_IO
 * with sg_io_hdr status fields), the sg housekeeping ioctls and the
 * block-device size ioctls.
 */
#include "vd.h"
#include "vd_rec.h"

#include <errno.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <stdlib.h>
#include <string.h>

#ifndef SG_GET_VERSION_NUM
#define SG_GET_VERSION_NUM 0x2282
#endif

static int fail(int e)
{
    errno = e;
    return -1;
}

static int send_packet(vd_drive *d, struct cdrom_generic_command *cgc)
{
    if (vd_sysfs_refuse(d, "CDROM_SEND_PACKET", cgc->cmd, CDROM_PACKET_SIZE, cgc->buflen))
        return fail(EIO);
    uint8_t sense[18];
    size_t xfer = 0;
    uint8_t *buf = cgc->buffer;
    size_t len = buf ? cgc->buflen : 0;
    int st;
    /* The sr driver sends COMMAND_SIZE(opcode) bytes of the packet (by
     * the opcode group: 6, 10, 10, 12, 16, 12, 10, 10); an ATAPI drive
     * sees the rest as zero.  So vendor commands in group 6 such as
     * Plextor's 0xD8 lose bytes 10-11 on this path and need SG_IO. */
    static const size_t group_len[8] = { 6, 10, 10, 12, 16, 12, 10, 10 };
    uint8_t cdb[CDROM_PACKET_SIZE] = { 0 };
    size_t n = group_len[(cgc->cmd[0] >> 5) & 7];
    memcpy(cdb, cgc->cmd, n < CDROM_PACKET_SIZE ? n : CDROM_PACKET_SIZE);
    if (cgc->data_direction == CGC_DATA_WRITE || cgc->data_direction == CGC_DATA_NONE) {
        /* Data out (MODE SELECT, SET STREAMING, WRITE): the recorder reads it. */
        uint8_t scratch[256];
        d->dout = cgc->data_direction == CGC_DATA_WRITE ? buf : NULL;
        d->dout_len = d->dout ? len : 0;
        st = vd_mmc_exec(d, cdb, CDROM_PACKET_SIZE, scratch, 0, &xfer, sense);
        d->dout = NULL;
        d->dout_len = 0;
    } else
        st = vd_mmc_exec(d, cdb, CDROM_PACKET_SIZE, buf, len, &xfer, sense);
    cgc->stat = st;
    if (st) {
        if (cgc->sense)
            memcpy(cgc->sense, sense, sizeof *cgc->sense < 18 ? sizeof *cgc->sense : 18);
        return fail(EIO);
    }
    return 0;
}

static int sg_io(vd_drive *d, sg_io_hdr_t *h)
{
    if (h->interface_id != 'S')
        return fail(ENOSYS);
    if (h->iovec_count)
        return fail(EINVAL);
    if (!h->cmdp || h->cmd_len < 6 || h->cmd_len > 16)
        return fail(EINVAL);
    if (vd_sysfs_refuse(d, "SG_IO", h->cmdp, h->cmd_len, h->dxfer_len))
        return fail(EIO);
    uint8_t sense[18];
    size_t xfer = 0;
    bool data_in = h->dxfer_direction == SG_DXFER_FROM_DEV ||
                   h->dxfer_direction == SG_DXFER_TO_FROM_DEV;
    bool data_out = h->dxfer_direction == SG_DXFER_TO_DEV;
    d->dout = data_out ? h->dxferp : NULL;
    d->dout_len = data_out && h->dxferp ? h->dxfer_len : 0;
    int st = vd_mmc_exec(d, h->cmdp, h->cmd_len, data_in ? h->dxferp : NULL,
                         data_in ? h->dxfer_len : 0, &xfer, sense);
    d->dout = NULL;
    d->dout_len = 0;
    h->status = (unsigned char)st;
    h->masked_status = (unsigned char)(st >> 1);
    h->msg_status = 0;
    h->host_status = 0;
    h->driver_status = 0;
    h->sb_len_wr = 0;
    h->info = 0;
    h->duration = 0;
    h->resid = data_in ? (int)(h->dxfer_len - xfer) : 0;
    if (st) {
        h->driver_status = 0x08;             /* DRIVER_SENSE */
        h->info = SG_INFO_CHECK;
        size_t n = h->mx_sb_len < 18 ? h->mx_sb_len : 18;
        if (h->sbp && n)
            memcpy(h->sbp, sense, n);
        h->sb_len_wr = (unsigned char)n;
    }
    return 0;
}

/* Kernel-style disc status from the track modes. */
static int disc_status(vd_drive *d)
{
    int audio = 0, data = 0, xa = 0, cdi = 0;
    for (int i = 0; i < d->img->n_tracks; i++) {
        const vd_track *t = &d->img->tracks[i];
        if (!(t->control & 4))
            audio++;
        else {
            data++;
            uint8_t f = d->img->sessions[t->session - 1].format;
            if (f == 0x20)
                xa++;
            else if (f == 0x10)
                cdi++;
        }
    }
    if (audio && !data)
        return CDS_AUDIO;
    if (audio && data)
        return CDS_MIXED;
    if (cdi)
        return CDS_XA_2_2;
    if (xa)
        return CDS_XA_2_1;
    return CDS_DATA_1;
}

static void set_addr(union cdrom_addr *a, int32_t lba, int format)
{
    if (format == CDROM_MSF)
        vd_lba_to_msf(lba, &a->msf.minute, &a->msf.second, &a->msf.frame);
    else
        a->lba = lba;
}

static int read_ioctl(vd_drive *d, void *arg, size_t offset, size_t len)
{
    struct cdrom_msf m;
    memcpy(&m, arg, sizeof m);
    int32_t lba = vd_msf_to_lba(m.cdmsf_min0, m.cdmsf_sec0, m.cdmsf_frame0);
    uint8_t raw[2352], c2[294];
    vd_drive_charge(d, lba, 1);
    int r = vd_drive_read_raw(d, lba, raw, c2);
    if (r != VD_READ_OK)
        return fail(EIO);
    memcpy(arg, raw + offset, len);
    return 0;
}

static int dvd_read_struct(vd_drive *d, dvd_struct *s)
{
    if (d->profile == VD_CD || d->img->kind == VD_CD)
        return fail(EIO);        /* libcdio then takes the disc for a CD */
    uint8_t p[2048];
    switch (s->type) {
    case DVD_STRUCT_PHYSICAL: {
        int n = s->physical.layer_num;
        if (n >= d->layers || n >= DVD_LAYERS)
            return fail(EINVAL);
        vd_dvd_physical(d, p);
        struct dvd_layer *l = &s->physical.layer[n];
        memset(l, 0, sizeof *l);
        l->book_type = p[0] >> 4;
        l->book_version = p[0] & 15;
        l->disc_size = p[1] >> 4;
        l->min_rate = p[1] & 15;
        l->nlayers = (p[2] >> 5) & 3;
        l->track_path = (p[2] >> 4) & 1;
        l->layer_type = p[2] & 15;
        l->linear_density = p[3] >> 4;
        l->track_density = p[3] & 15;
        l->start_sector = vd_get_be24(p + 5);
        l->end_sector = vd_get_be24(p + 9);
        l->end_sector_l0 = vd_get_be24(p + 13);
        l->bca = p[16] >> 7;
        return 0;
    }
    case DVD_STRUCT_COPYRIGHT:
        if (s->copyright.layer_num >= d->layers)
            return fail(EINVAL);
        s->copyright.cpst = 0;
        s->copyright.rmi = 0;
        return 0;
    case DVD_STRUCT_BCA:
        if (!d->bca_len)
            return fail(EIO);
        s->bca.len = (int)d->bca_len;
        memcpy(s->bca.value, d->bca, d->bca_len);
        return 0;
    case DVD_STRUCT_MANUFACT:
        if (s->manufact.layer_num >= d->layers)
            return fail(EINVAL);
        vd_dvd_manufacturing(p);
        s->manufact.len = 2048;
        memcpy(s->manufact.value, p, 2048);
        return 0;
    default:
        return fail(EINVAL);
    }
}

static const char *ioctl_name(unsigned long request)
{
    static const struct {
        unsigned long req;
        const char *name;
    } names[] = {
        { CDROMREADTOCHDR, "CDROMREADTOCHDR" }, { CDROMREADTOCENTRY, "CDROMREADTOCENTRY" },
        { CDROM_GET_CAPABILITY, "CDROM_GET_CAPABILITY" }, { CDROM_DRIVE_STATUS, "CDROM_DRIVE_STATUS" },
        { CDROM_DISC_STATUS, "CDROM_DISC_STATUS" }, { CDROMMULTISESSION, "CDROMMULTISESSION" },
        { CDROM_GET_MCN, "CDROM_GET_MCN" }, { CDROMSUBCHNL, "CDROMSUBCHNL" },
        { CDROMREADMODE1, "CDROMREADMODE1" }, { CDROMREADMODE2, "CDROMREADMODE2" },
        { CDROMREADRAW, "CDROMREADRAW" }, { CDROM_SELECT_SPEED, "CDROM_SELECT_SPEED" },
        { CDROMEJECT, "CDROMEJECT" }, { CDROMCLOSETRAY, "CDROMCLOSETRAY" },
        { CDROM_LOCKDOOR, "CDROM_LOCKDOOR" }, { DVD_READ_STRUCT, "DVD_READ_STRUCT" },
        { CDROM_SEND_PACKET, "CDROM_SEND_PACKET" }, { SG_IO, "SG_IO" },
        { SG_GET_VERSION_NUM, "SG_GET_VERSION_NUM" }, { SG_EMULATED_HOST, "SG_EMULATED_HOST" },
        { SG_GET_RESERVED_SIZE, "SG_GET_RESERVED_SIZE" }, { SG_SET_RESERVED_SIZE, "SG_SET_RESERVED_SIZE" },
        { SG_GET_TIMEOUT, "SG_GET_TIMEOUT" }, { SG_SET_TIMEOUT, "SG_SET_TIMEOUT" },
        { SCSI_IOCTL_GET_BUS_NUMBER, "SCSI_IOCTL_GET_BUS_NUMBER" },
        { SCSI_IOCTL_GET_IDLUN, "SCSI_IOCTL_GET_IDLUN" }, { BLKGETSIZE, "BLKGETSIZE" },
        { BLKGETSIZE64, "BLKGETSIZE64" }, { BLKSSZGET, "BLKSSZGET" },
        { CDROM_MEDIA_CHANGED, "CDROM_MEDIA_CHANGED" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].req == request)
            return names[i].name;
    return NULL;
}

int vd_ioctl(vd_drive *d, unsigned long request, void *arg)
{
    const vd_image *img = d->img;
    const char *name = ioctl_name(request);
    if (request != SG_IO && request != CDROM_SEND_PACKET) {   /* those log the command */
        if (name)
            vd_drive_log(d, "ioctl %s", name);
        else
            vd_drive_log(d, "ioctl 0x%lx", request);
    }
    int rec_ret;
    if (d->rec && vd_rec_ioctl(d, request, arg, &rec_ret))
        return rec_ret;          /* answers that depend on what was recorded */
    int changer_ret;
    if (d->changer && vd_changer_ioctl(d, request, arg, &changer_ret))
        return changer_ret;
    switch (request) {           /* the requests whose argument is not a pointer */
    case CDROM_GET_CAPABILITY: case CDROM_DRIVE_STATUS: case CDROM_DISC_STATUS:
    case CDROM_SELECT_SPEED: case CDROMEJECT: case CDROMCLOSETRAY: case CDROM_LOCKDOOR:
    case CDROM_MEDIA_CHANGED: case CDROM_SET_OPTIONS: case CDROM_CLEAR_OPTIONS:
    case CDROMSTART: case CDROMSTOP: case CDROMRESET: case CDROM_DEBUG:
    case BLKFLSBUF: case BLKRRPART: case SG_GET_TIMEOUT:
        break;
    default:
        if (!arg)
            return fail(EFAULT);
    }
    switch (request) {
    case CDROMREADTOCHDR: {
        struct cdrom_tochdr *h = arg;
        h->cdth_trk0 = (uint8_t)img->tracks[0].number;
        h->cdth_trk1 = (uint8_t)img->tracks[img->n_tracks - 1].number;
        return 0;
    }
    case CDROMREADTOCENTRY: {
        struct cdrom_tocentry *e = arg;
        int32_t lba;
        uint8_t ctrl;
        if (e->cdte_track == CDROM_LEADOUT) {
            lba = img->leadout;
            ctrl = img->tracks[img->n_tracks - 1].control;
        } else {
            const vd_track *t = vd_image_track(img, e->cdte_track);
            if (!t)
                return fail(EINVAL);
            lba = t->start;
            ctrl = t->control;
        }
        if (e->cdte_format != CDROM_MSF && e->cdte_format != CDROM_LBA)
            return fail(EINVAL);
        e->cdte_adr = 1;
        e->cdte_ctrl = ctrl & 0x0F;
        e->cdte_datamode = 0;
        set_addr(&e->cdte_addr, lba, e->cdte_format);
        return 0;
    }
    case CDROM_GET_CAPABILITY:
        return CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED | CDC_MULTI_SESSION |
               CDC_MCN | CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO | CDC_RESET | CDC_DRIVE_STATUS |
               CDC_GENERIC_PACKET | CDC_DVD | (d->profile == VD_CD ? 0 : 0);
    case CDROM_DRIVE_STATUS:
        return d->ejected ? CDS_TRAY_OPEN : CDS_DISC_OK;
    case CDROM_DISC_STATUS:
        if (d->ejected)
            return fail(ENOMEDIUM);
        return disc_status(d);
    case CDROMMULTISESSION: {
        struct cdrom_multisession *ms = arg;
        int32_t lba = 0;
        ms->xa_flag = 0;
        if (img->n_sessions > 1) {
            const vd_track *t = vd_image_track(img, img->sessions[img->n_sessions - 1].first_track);
            lba = t ? t->start : 0;
            ms->xa_flag = 1;
        }
        if (ms->addr_format != CDROM_MSF && ms->addr_format != CDROM_LBA)
            return fail(EINVAL);
        set_addr(&ms->addr, lba, ms->addr_format);
        return 0;
    }
    case CDROM_GET_MCN: {
        struct cdrom_mcn *m = arg;
        memset(m->medium_catalog_number, 0, sizeof m->medium_catalog_number);
        memcpy(m->medium_catalog_number, img->mcn, 13);
        return 0;
    }
    case CDROMSUBCHNL: {
        struct cdrom_subchnl *s = arg;
        int32_t lba = d->head >= 0 && d->head < img->leadout ? d->head : 0;
        const vd_track *t = vd_image_track_at(img, lba);
        if (!t)
            t = &img->tracks[0];
        s->cdsc_audiostatus = CDROM_AUDIO_NO_STATUS;
        s->cdsc_adr = 1;
        s->cdsc_ctrl = t->control & 0x0F;
        s->cdsc_trk = (uint8_t)t->number;
        s->cdsc_ind = lba < t->start ? 0 : 1;
        set_addr(&s->cdsc_absaddr, lba, s->cdsc_format);
        if (s->cdsc_format == CDROM_MSF) {
            int32_t rel = lba - t->start;
            if (rel < 0)
                rel = -rel;
            s->cdsc_reladdr.msf.minute = (uint8_t)(rel / 4500);
            s->cdsc_reladdr.msf.second = (uint8_t)((rel / 75) % 60);
            s->cdsc_reladdr.msf.frame = (uint8_t)(rel % 75);
        } else
            s->cdsc_reladdr.lba = lba - t->start;
        return 0;
    }
    case CDROMREADMODE2:
        return read_ioctl(d, arg, 16, CD_FRAMESIZE_RAW0);
    case CDROMREADMODE1:
        return read_ioctl(d, arg, 16, CD_FRAMESIZE);
    case CDROMREADRAW:
        return read_ioctl(d, arg, 0, CD_FRAMESIZE_RAW);
    case CDROM_SELECT_SPEED:
        d->speed_cap_x = (double)(long)arg;
        return 0;
    case CDROMEJECT:
        if (d->locked)
            return fail(EBUSY);
        d->ejected = true;
        return 0;
    case CDROMCLOSETRAY:
        d->ejected = false;
        return 0;
    case CDROM_LOCKDOOR:
        d->locked = (long)arg != 0;
        return 0;
    case CDROM_MEDIA_CHANGED:
    case CDROM_SET_OPTIONS:
    case CDROM_CLEAR_OPTIONS:
    case CDROMSTART:
    case CDROMSTOP:
    case CDROMRESET:
    case CDROM_DEBUG:
    case BLKFLSBUF:
    case BLKRRPART:
        return 0;
    case DVD_READ_STRUCT:
        return dvd_read_struct(d, arg);
    case CDROM_SEND_PACKET:
        return send_packet(d, arg);
    case SG_IO:
        return sg_io(d, arg);
    case SG_GET_VERSION_NUM:
        *(int *)arg = 30527;
        return 0;
    case SG_EMULATED_HOST:
        *(int *)arg = 1;
        return 0;
    case SG_GET_RESERVED_SIZE:
        *(int *)arg = d->sg_reserved;
        return 0;
    case SG_SET_RESERVED_SIZE:
        d->sg_reserved = *(int *)arg < 0 ? 0 : *(int *)arg;
        return 0;
    case SG_GET_TIMEOUT:
        return d->sg_timeout;
    case SG_SET_TIMEOUT:
        d->sg_timeout = *(int *)arg;
        return 0;
    case SCSI_IOCTL_GET_BUS_NUMBER:
        *(int *)arg = 0;
        return 0;
    case SCSI_IOCTL_GET_IDLUN: {
        int *p = arg;
        p[0] = 0;                /* id 0, lun 0, channel 0, host 0 */
        p[1] = 1;
        return 0;
    }
    case BLKGETSIZE:
        *(unsigned long *)arg = (unsigned long)vd_drive_capacity(d) * 4;
        return 0;
    case BLKGETSIZE64:
        *(uint64_t *)arg = (uint64_t)vd_drive_capacity(d) * 2048;
        return 0;
    case BLKSSZGET:
        *(int *)arg = 2048;
        return 0;
    default:
        vd_drive_log(d, "ioctl 0x%lx unknown -> ENOTTY", request);
        return fail(ENOTTY);
    }
}
