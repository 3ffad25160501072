/*
 * pv/count.h - call counts: 128-bit, as Python's ints hold them.
 *
 * Part of the base layer (src/base/count.c): used by the model and by
 * every writer that prints a count.
 */
#ifndef PV_COUNT_H
#define PV_COUNT_H

#include <stddef.h>

__extension__ typedef __int128 pv_count;
__extension__ typedef unsigned __int128 pv_ucount;

/*
 * Writes a count in decimal into `out` (at least 42 bytes); returns the
 * number of characters written.
 */
size_t pv_count_format(pv_count v, char *out);

#endif
