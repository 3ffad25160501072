/* grow.c - doubling growth for arrays (see pv/grow.h). */
#include "pv/grow.h"

#include <stdlib.h>

static int grow_to(void **arr, size_t cap, size_t need, size_t max, size_t size,
		   size_t *newcap)
{
	size_t c = cap ? cap : 16;
	while (c < need)
		c = c > max / 2 ? max : c * 2;
	if (c < need || c > SIZE_MAX / size)
		return -1;
	void *n = realloc(*arr, c * size);
	if (!n)
		return -1;
	*arr = n;
	*newcap = c;
	return 0;
}

int pv_grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	return grow_to(arr, *cap, need, SIZE_MAX, size, cap);
}

int pv_grow32(void **arr, uint32_t *cap, uint32_t need, size_t size)
{
	size_t c;
	if (need <= *cap)
		return 0;
	if (grow_to(arr, *cap, need, UINT32_MAX, size, &c) != 0)
		return -1;
	*cap = (uint32_t)c;
	return 0;
}
