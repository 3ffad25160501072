/*
 * pv/csv.h - one CSV field, as every CSV output writes it.
 */
#ifndef PV_CSV_H
#define PV_CSV_H

#include <stddef.h>

#include "pv/buf.h"

/*
 * Appends `s` as one CSV field (RFC 4180): as it is, or in double quotes
 * (quotes doubled) when it holds a comma, quote or line break.
 */
void pv_csv_field(pv_buf *out, const char *s, size_t len);

#endif
