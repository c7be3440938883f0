/* error.h: the one error convention of libdiscwright.
 *
 * Every fallible library function returns gboolean (or a pointer that is
 * NULL on failure) and fills a GError in the DW_ERROR domain.  The codes
 * below map onto the CLI's exit-code table (doc/exit-codes.md).
 */
#ifndef DISCWRIGHT_ERROR_H
#define DISCWRIGHT_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define DW_ERROR (dw_error_quark())
GQuark dw_error_quark(void);

typedef enum {
    DW_ERROR_FAILED = 1,     /* anything not listed below */
    DW_ERROR_USAGE,          /* bad arguments or options */
    DW_ERROR_IO,             /* a read/write/open failed (message names the file) */
    DW_ERROR_PARSE,          /* malformed input text or bytes (message: file:line:col) */
    DW_ERROR_UNSUPPORTED,    /* valid input we cannot handle */
    DW_ERROR_NO_MEDIUM,      /* drive has no disc */
    DW_ERROR_NO_DEVICE,      /* drive/image not found or not openable */
    DW_ERROR_UNREADABLE,     /* sectors could not be read */
    DW_ERROR_MISMATCH,       /* verification found a difference */
    DW_ERROR_EXISTS,         /* output exists and --force was not given */
    DW_ERROR_CANCELLED,      /* the job was cancelled */
    DW_ERROR_PERMISSION,     /* a device node may not be opened (message names group/ACL) */
    DW_ERROR_BUSY,           /* the drive is in use by another process */
    DW_ERROR_NOT_WRITABLE,   /* the medium cannot be written (closed, read-only, unsuitable) */
    DW_ERROR_NO_SPACE,       /* the medium is too small for the image */
    DW_ERROR_NOT_APPENDABLE, /* a session cannot be appended here */
    DW_ERROR_WRITE           /* the drive failed writing the medium (write error, power calibration) */
} dw_error_code;

G_END_DECLS

#endif
