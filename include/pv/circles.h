/*
 * pv/circles.h - the circles of a call graph (analysis layer,
 * src/analysis/circles.c): its strongly connected components, the groups
 * of functions that call each other directly or through others (Python
 * 3's exec re-entered by imports, mutual recursion).  The call tree
 * folds recursion by them.
 */
#ifndef PV_CIRCLES_H
#define PV_CIRCLES_H

#include <stdint.h>

#include "pv/profile.h"

/*
 * Labels each function of `p` with its circle in comp[] (nfuncs entries;
 * a function in no circle has one of its own) by Tarjan's algorithm over
 * the callee lists, without recursion.  Returns the number of circles, or
 * -1 when out of memory.
 */
long pv_circles(const pv_profile *p, uint32_t *comp);

#endif
