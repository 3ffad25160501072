/*
 * pv/roots.h - where the call tree starts (analysis layer,
 * src/analysis/roots.c).
 */
#ifndef PV_ROOTS_H
#define PV_ROOTS_H

#include <stddef.h>
#include <stdint.h>

#include "pv/profile.h"

/* A top of the call tree: a function and the time it starts with. */
typedef struct pv_root {
	uint32_t id;
	double time;
} pv_root;

/*
 * The roots the viewer hangs under its synthetic root: functions with no
 * caller that has stats (other than themselves), plus functions whose
 * cumtime exceeds what their callers account for by more than 1% of the
 * total (cProfile's outermost exec() is re-entered by imports, so it has
 * callers, yet its first call came from outside the profile).  When none
 * qualifies, the function with the largest cumtime.  Sorted by time,
 * largest first (ties by id).  Returns a malloc'd array of *n entries
 * (NULL with *n = 0 for an empty profile or out of memory).
 */
pv_root *pv_roots(const pv_profile *p, size_t *n);

#endif
