/*
 * pv/listsort.h - CPython's list.sort() (Python-compatible layer,
 * src/py/listsort.c), the algorithm of Python 3.11's listsort: natural
 * runs (a strictly descending run is reversed), short runs extended to
 * minrun by binary insertion, the powersort merge policy, and merge_lo /
 * merge_hi with galloping and the adaptive min_gallop.
 *
 * Only "<" is ever asked, and in the order CPython asks it, so the result
 * is CPython's even when "<" is not a total order: pstats sorts rows that
 * hold NaN times, where x < NaN and NaN < x are both false, and its
 * listings depend on exactly which pairs list.sort compared.  For a total
 * order any stable sort would give the same result.
 *
 * A comparison may fail (CPython: it raised).  The sort stops at once,
 * without asking anything more, and the array is then some permutation
 * of what it was, as CPython leaves a list.
 *
 * Two ways in:
 *   - pv_listsort(): ids with a comparison callback;
 *   - src/py/listsort_template.h (inside the library): the same code
 *     instantiated for an element type and an inline comparison, for
 *     sorts whose comparison is on a hot path (sort_stats over a million
 *     rows), where an indirect call per comparison would cost.
 */
#ifndef PV_LISTSORT_H
#define PV_LISTSORT_H

#include <stddef.h>
#include <stdint.h>

/* What a sort returns. */
enum {
	PV_LISTSORT_OK = 0,
	PV_LISTSORT_FAILED = -1,  /* a comparison reported an error */
	PV_LISTSORT_NOMEM = -2,   /* out of memory for the merge buffer */
};

/*
 * "x < y" for pv_listsort(): 1 true, 0 false, negative for an error
 * (which stops the sort).  `ctx` is pv_listsort's, passed through.
 */
typedef int (*pv_listsort_lt)(void *ctx, uint32_t x, uint32_t y);

/*
 * Sorts a[0..n) in place with `lt` as "<", as list.sort() would.  The
 * caller keeps `a` and `ctx`; nothing is kept after the call.  Returns a
 * PV_LISTSORT_* code.
 */
int pv_listsort(uint32_t *a, size_t n, pv_listsort_lt lt, void *ctx);

#endif
