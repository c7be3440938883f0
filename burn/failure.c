/* failure.c: what to tell the user when a drive fails while writing.
 *
 * libburn reports a failed command as a message whose text holds the
 * sense data ("SCSI error on write(LBA,n): [3 0C 00] Medium error. Write
 * error.") and, while it winds down, a stream of follow-up failures (the
 * padding writes and the close that the first error spoiled).  While a
 * write, blank or format runs, the messages drained from libburn are
 * noted here: the first one carrying sense data decides what went wrong.
 * The error then names the fault, the LBA, what the medium now holds and
 * what to do, with the exit code of doc/exit-codes.md (write-error,
 * no-medium, not-writable).  The follow-up messages go to the debug log.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "burn/burn_private.h"

static _Thread_local dw_burn_failure *capture;

void dw_burn_failure_begin(dw_burn_failure *f)
{
    memset(f, 0, sizeof *f);
    f->lba = -1;
    capture = f;
}

void dw_burn_failure_end(void)
{
    capture = NULL;
}

gboolean dw_burn_failure_capturing(void)
{
    return capture != NULL;
}

/* "[K AA QQ]" anywhere in the text. */
static gboolean find_sense(const char *text, int *key, int *asc, int *ascq)
{
    for (const char *p = strchr(text, '['); p; p = strchr(p + 1, '[')) {
        unsigned k, a, q;
        char close;
        if (sscanf(p, "[%x %x %x%c", &k, &a, &q, &close) == 4 && close == ']' && k <= 0xF && a <= 0xFF && q <= 0xFF) {
            *key = (int)k;
            *asc = (int)a;
            *ascq = (int)q;
            return TRUE;
        }
    }
    return FALSE;
}

void dw_burn_failure_note(const char *text)
{
    dw_burn_failure *f = capture;
    if (!f || f->seen || !text)
        return;
    int key, asc, ascq;
    if (strstr(text, "already in use") || strstr(text, "Could not grab")) {
        f->seen = TRUE;
        f->busy = TRUE;
        g_strlcpy(f->text, text, sizeof f->text);
        return;
    }
    if (!find_sense(text, &key, &asc, &ascq) || key == 0 || key == 6)
        return;
    f->seen = TRUE;
    f->key = key;
    f->asc = asc;
    f->ascq = ascq;
    const char *w = strstr(text, "write(");
    int lba, n;
    if (w && sscanf(w, "write(%d,%d)", &lba, &n) == 2) {
        f->lba = lba;
        f->count = n;
    }
    g_strlcpy(f->text, text, sizeof f->text);
}

void dw_burn_failed(dw_burn_drive *drive, const dw_burn_failure *f, const char *what, const char *last,
                    GError **error)
{
    /* What the medium holds now, as the drive reports it afresh. */
    dw_media_info after;
    gboolean have = FALSE;
    if (f->seen && drive->role == 1) {
        burn_drive_re_assess(drive->d, 0);
        have = dw_burn_media_info(drive, &after, NULL);
    }
    if (!dw_burn_failure_error(f, drive->address, have ? &after : NULL, error))
        g_set_error(error, DW_ERROR, DW_ERROR_IO, "%s: %s failed: %s", drive->address, what,
                    last ? last : "libburn reports an error");
    if (have)
        dw_media_info_clear(&after);
}

gboolean dw_burn_failure_error(const dw_burn_failure *f, const char *addr, const dw_media_info *after,
                               GError **error)
{
    if (!f->seen)
        return FALSE;
    gboolean erasable = after && after->erasable;
    g_autofree char *at = f->lba < 0 ? g_strdup("")
                          : f->count > 1 ? g_strdup_printf(" in blocks %d-%d", f->lba, f->lba + f->count - 1)
                                         : g_strdup_printf(" at LBA %d", f->lba);
    const char *holds = !after || after->status == DW_MEDIA_NONE ? ""
                        : after->status == DW_MEDIA_BLANK ? " The medium is still blank."
                        : erasable ? " The medium now holds an incomplete session: blank it (discwright blank) to use it "
                                     "again."
                                   : " The disc now holds an incomplete track and cannot be completed: use a new one.";
    if (f->busy) {
        g_set_error(error, DW_ERROR, DW_ERROR_BUSY, "%s: busy: another program holds the drive (%s); close it and "
                    "try again", addr, f->text);
    } else if (f->asc == 0x73) {
        g_set_error(error, DW_ERROR, DW_ERROR_WRITE,
                    "%s: power calibration failed (sense %X/%02X/%02X): the drive found no laser power that writes "
                    "this disc, so nothing was written. Try another disc or brand, a lower --speed, or a clean lens.%s",
                    addr, f->key, f->asc, f->ascq, holds);
    } else if (f->key == 0x02 && f->asc == 0x3A) {
        g_set_error(error, DW_ERROR, DW_ERROR_NO_MEDIUM,
                    "%s: the medium was removed during the write%s (sense %X/%02X/%02X); the write did not finish. "
                    "Put the disc back and look at what it holds with discwright media.%s",
                    addr, at, f->key, f->asc, f->ascq, holds);
    } else if (f->key == 0x03 || f->key == 0x04) {
        g_set_error(error, DW_ERROR, DW_ERROR_WRITE,
                    "%s: %s%s (sense %X/%02X/%02X): the drive could not record the disc there. The disc may be "
                    "scratched, of poor quality or unsuited to this drive: try another disc or brand, or a lower "
                    "--speed.%s", addr, f->key == 0x04 ? "drive hardware error" : "write error", at, f->key, f->asc,
                    f->ascq, holds);
    } else if (f->key == 0x05 && f->asc == 0x21) {
        g_set_error(error, DW_ERROR, DW_ERROR_WRITE,
                    "%s: the drive refused the write address%s (sense %X/%02X/%02X): the medium is not where the "
                    "write expected it to be (changed by another program?). Check it with discwright media.%s",
                    addr, at, f->key, f->asc, f->ascq, holds);
    } else {
        g_set_error(error, DW_ERROR, DW_ERROR_WRITE, "%s: the drive failed the write%s: %s.%s", addr, at, f->text,
                    holds);
    }
    return TRUE;
}
