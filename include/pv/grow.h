/*
 * pv/grow.h - the one way arrays grow (base layer, src/base/grow.c).
 *
 * Every growable array of the library doubles through these, so the
 * overflow checks live in one place.  *arr is a malloc'd array (or NULL)
 * of *cap elements of `size` bytes.
 */
#ifndef PV_GROW_H
#define PV_GROW_H

#include <stddef.h>
#include <stdint.h>

/*
 * Grows *arr by doubling (from 16) to hold at least `need` elements.
 * Returns 0, or -1 when out of memory or the size would overflow (the
 * array is then unchanged).
 */
int pv_grow(void **arr, size_t *cap, size_t need, size_t size);

/* pv_grow() for arrays counted in 32 bits (at most UINT32_MAX elements). */
int pv_grow32(void **arr, uint32_t *cap, uint32_t need, size_t size);

#endif
