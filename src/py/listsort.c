/*
 * listsort.c - CPython's list.sort() over ids with a comparison callback
 * (see pv/listsort.h): the template instantiated once, the callback called
 * through a pointer for every comparison.
 */
#include "pv/listsort.h"

typedef struct callback {
	pv_listsort_lt lt;
	void *ctx;
} callback;

static inline int callback_lt(const callback *c, uint32_t x, uint32_t y)
{
	return c->lt(c->ctx, x, y);
}

#define PV_LISTSORT_NAME sort_ids
#define PV_LISTSORT_TYPE uint32_t
#define PV_LISTSORT_CTX const callback *
#define PV_LISTSORT_LT(c, x, y) callback_lt((c), (x), (y))
#include "py/listsort_template.h"

int pv_listsort(uint32_t *a, size_t n, pv_listsort_lt lt, void *ctx)
{
	callback c = { lt, ctx };
	return sort_ids(a, n, &c);
}
