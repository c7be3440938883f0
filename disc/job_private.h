/* job_private.h: library-internal hooks of the job API.  Tests replace
 * the clock to check rate and ETA without depending on wall time. */
#ifndef DISCWRIGHT_JOB_PRIVATE_H
#define DISCWRIGHT_JOB_PRIVATE_H

#include "discwright/job.h"

typedef gint64 (*dw_job_clock_fn)(void *user);
/* Replace the monotonic clock (microseconds); NULL restores the real one. */
void dw_job_set_clock(dw_job *job, dw_job_clock_fn clock, void *user);

#endif
