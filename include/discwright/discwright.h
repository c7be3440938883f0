/* discwright.h: the whole public API of libdiscwright in one include. */
#ifndef DISCWRIGHT_H
#define DISCWRIGHT_H

#include "error.h"
#include "job.h"
#include "msf.h"
#include "sector.h"
#include "subq.h"
#include "cdtext.h"
#include "model.h"
#include "sheet.h"
#include "mapfile.h"
#include "hash.h"
#include "probe.h"
#include "burn.h"
#include "json.h"
#include "rip.h"
#include "verify.h"
#include "audiodb.h"
#include "author.h"
#include "extract.h"
#include "catalog.h"
#include "archive.h"

#endif
