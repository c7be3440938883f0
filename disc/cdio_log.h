/* cdio_log.h: libcdio's (and libiso9660's) log messages into the job log.
 *
 * libcdio prints its warnings ("++ WARN: error in ioctl ...") on standard
 * error and exits the process on its "errors" unless a handler is set.
 * The library sets one handler, once, for the whole process: a message
 * goes to the job the calling thread entered (at DW_LOG_INFO for
 * warnings and errors, DW_LOG_DEBUG below that: `--verbose` shows them),
 * or to g_debug() when the thread runs no job.  Library entry points
 * that reach libcdio bracket their work with enter/leave.
 */
#ifndef DW_CDIO_LOG_H
#define DW_CDIO_LOG_H

#include "discwright/job.h"

/* Install the handler (once) and make job (may be NULL) this thread's
 * target; returns the previous target, for dw_cdio_log_leave. */
dw_job *dw_cdio_log_enter(dw_job *job);
void dw_cdio_log_leave(dw_job *previous);

#endif
