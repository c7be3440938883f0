/* error.c: the DW_ERROR GError domain (see include/discwright/error.h). */
#include "config.h"
#include "discwright/error.h"

G_DEFINE_QUARK(dw-error-quark, dw_error)
