/*
 * py/listsort_template.h - CPython's list.sort() (see pv/listsort.h) as a
 * template: each inclusion defines one sort function for one element type
 * and one comparison, which the compiler inlines into the sort's loops.
 * Internal to the library (src/py; layers above include it as
 * "py/listsort_template.h"): the one implementation, which listsort.c
 * instantiates for pv_listsort() and query.c for sort_stats.
 *
 * Define before including:
 *   PV_LISTSORT_NAME           the function to define:
 *                                static int NAME(TYPE *a, size_t n, CTX ctx)
 *                              returning a PV_LISTSORT_* code;
 *   PV_LISTSORT_TYPE           the element type (copied by assignment);
 *   PV_LISTSORT_CTX            the type of the value passed to every
 *                              comparison (a pointer, usually);
 *   PV_LISTSORT_LT(ctx, x, y)  "x < y" for elements x and y: 1 true, 0
 *                              false, negative for an error.  A comparison
 *                              that cannot fail should return 0 or 1 only:
 *                              the error paths then compile away.
 * The parameters are undefined at the end, so a file may instantiate
 * several sorts.  Everything defined is static.
 *
 * Written from the algorithm's description (CPython's
 * Objects/listsort.txt) to ask the same comparisons in the same order.
 */
#include <stdlib.h>
#include <string.h>

#include "pv/listsort.h"

#if !defined(PV_LISTSORT_NAME) || !defined(PV_LISTSORT_TYPE) || \
	!defined(PV_LISTSORT_CTX) || !defined(PV_LISTSORT_LT)
#error "define PV_LISTSORT_NAME, _TYPE, _CTX and _LT before including py/listsort_template.h"
#endif

#define LS_CAT2(a, b) a##_##b
#define LS_CAT(a, b) LS_CAT2(a, b)
#define LS(name) LS_CAT(PV_LISTSORT_NAME, name)
#define LS_T PV_LISTSORT_TYPE

#ifndef PV_LISTSORT_SHARED
#define PV_LISTSORT_SHARED
/* Galloping starts after this many wins in a row (CPython's MIN_GALLOP);
 * the pending-run stack holds this many runs, more than it ever does
 * (powersort keeps at most one run per bit of the list's length). */
enum { PV_LISTSORT_MIN_GALLOP = 7, PV_LISTSORT_MAX_PENDING = 85 };
/* How a merge goes on after a step: on; the run in the buffer is down to
 * one element; a run is used up; a comparison failed. */
enum { PV_LISTSORT_GO, PV_LISTSORT_BUFFER_ONE, PV_LISTSORT_DONE, PV_LISTSORT_STOP };
#endif

/* The merge state: the list, the merge buffer, the pending runs. */
typedef struct LS(state) {
	PV_LISTSORT_CTX ctx;
	LS_T *base;
	ptrdiff_t listlen;
	LS_T *tmp;
	ptrdiff_t tmpcap;
	ptrdiff_t min_gallop;
	int n;
	struct {
		LS_T *base;
		ptrdiff_t len;
		int power;
	} pending[PV_LISTSORT_MAX_PENDING];
} LS(state);

/* r = x < y; the statement `fail` when the comparison reports an error. */
#define LS_LT_OR(r, ms, x, y, fail)                          \
	do {                                                 \
		(r) = PV_LISTSORT_LT((ms)->ctx, (x), (y));   \
		if ((r) < 0)                                 \
			fail;                                \
	} while (0)

/* Sorts lo[0..hi) whose first start - lo elements are sorted, by binary
 * insertion of the others (stable: an equal element goes after). */
static int LS(binary_insertion)(LS(state) *ms, LS_T *lo, LS_T *hi, LS_T *start)
{
	int lt;
	if (lo == start)
		++start;
	for (; start < hi; ++start) {
		LS_T *l = lo, *r = start;
		LS_T pivot = *r;
		do {
			LS_T *p = l + ((r - l) >> 1);
			LS_LT_OR(lt, ms, pivot, *p, return PV_LISTSORT_FAILED);
			if (lt)
				r = p;
			else
				l = p + 1;
		} while (l < r);
		memmove(l + 1, l, (size_t)(start - l) * sizeof *l);
		*l = pivot;
	}
	return 0;
}

/* The length of the run at lo[0..hi): ascending (a[i] <= a[i+1]) or, with
 * *descending set, strictly descending; -1 if a comparison failed. */
static ptrdiff_t LS(run_length)(LS(state) *ms, LS_T *lo, LS_T *hi, int *descending)
{
	ptrdiff_t n = 2;
	int lt;
	*descending = 0;
	++lo;
	if (lo == hi)
		return 1;
	LS_LT_OR(lt, ms, *lo, lo[-1], return -1);
	if (lt) {
		*descending = 1;
		for (lo = lo + 1; lo < hi; ++lo, ++n) {
			LS_LT_OR(lt, ms, *lo, lo[-1], return -1);
			if (!lt)
				break;
		}
	} else {
		for (lo = lo + 1; lo < hi; ++lo, ++n) {
			LS_LT_OR(lt, ms, *lo, lo[-1], return -1);
			if (lt)
				break;
		}
	}
	return n;
}

/*
 * Where `key` goes in the sorted a[0..n): the number of elements it goes
 * after, searched from a[hint] outwards in steps of 1, 3, 7, 15, ... and
 * then by bisection.  gallop_left (right == 0) puts it before its equals
 * (k with a[k-1] < key <= a[k]), gallop_right after them (a[k-1] <= key <
 * a[k]).  -1 if a comparison failed.
 */
static inline __attribute__((always_inline)) ptrdiff_t
LS(gallop)(LS(state) *ms, LS_T key, LS_T *a, ptrdiff_t n, ptrdiff_t hint, const int right)
{
	ptrdiff_t ofs = 1, lastofs = 0, k;
	int after;
	/* after = key goes after x: x < key, or for gallop_right !(key < x) */
#define LS_AFTER(x)                                                            	do {                                                                   		LS_LT_OR(after, ms, right ? key : (x), right ? (x) : key, return -1); 		after = right ? !after : after;                                	} while (0)
	a += hint;
	LS_AFTER(*a);
	if (after) {
		/* gallop up until key goes after a[hint + lastofs] but not
		 * after a[hint + ofs] */
		ptrdiff_t maxofs = n - hint;
		while (ofs < maxofs) {
			LS_AFTER(a[ofs]);
			if (!after)
				break;
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		lastofs += hint;
		ofs += hint;
	} else {
		/* gallop down until key goes after a[hint - ofs] but not
		 * after a[hint - lastofs] */
		ptrdiff_t maxofs = hint + 1;
		while (ofs < maxofs) {
			LS_AFTER(*(a - ofs));
			if (after)
				break;
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		k = lastofs;
		lastofs = hint - ofs;
		ofs = hint - k;
	}
	a -= hint;
	/* key goes after a[lastofs], not after a[ofs]: bisect in between */
	++lastofs;
	while (lastofs < ofs) {
		ptrdiff_t m = lastofs + ((ofs - lastofs) >> 1);
		LS_AFTER(a[m]);
		if (after)
			lastofs = m + 1;
		else
			ofs = m;
	}
	return ofs;
#undef LS_AFTER
}

static ptrdiff_t LS(gallop_left)(LS(state) *ms, LS_T key, LS_T *a, ptrdiff_t n,
				 ptrdiff_t hint)
{
	return LS(gallop)(ms, key, a, n, hint, 0);
}

static ptrdiff_t LS(gallop_right)(LS(state) *ms, LS_T key, LS_T *a, ptrdiff_t n,
				  ptrdiff_t hint)
{
	return LS(gallop)(ms, key, a, n, hint, 1);
}

/* Room for `need` elements in the merge buffer. */
static int LS(getmem)(LS(state) *ms, ptrdiff_t need)
{
	if (need <= ms->tmpcap)
		return 0;
	free(ms->tmp);
	ms->tmp = malloc((size_t)need * sizeof *ms->tmp);
	ms->tmpcap = ms->tmp ? need : 0;
	return ms->tmp ? 0 : PV_LISTSORT_NOMEM;
}

/* Moves k elements from *src to *dest, both advancing in the merge's
 * direction (lo: upwards from the first, else downwards from the last). */
static inline void LS(move)(LS_T **dest, LS_T **src, ptrdiff_t k, int lo)
{
	if (lo) {
		memmove(*dest, *src, (size_t)k * sizeof **dest);
		*dest += k;
		*src += k;
	} else {
		*dest -= k;
		*src -= k;
		memmove(*dest + 1, *src + 1, (size_t)k * sizeof **dest);
	}
}

/* What a run with n elements left (`in_buffer`: the run in the buffer)
 * means for the merge. */
static inline int LS(left)(ptrdiff_t n, int in_buffer)
{
	if (in_buffer && n == 1)
		return PV_LISTSORT_BUFFER_ONE;
	return n == 0 ? PV_LISTSORT_DONE : PV_LISTSORT_GO;
}

/*
 * Half a round of galloping: where the next element of run y goes in run
 * x, then the stretch of x before it and that element move at once.  x is
 * run a (gallop_right: an equal element of b goes after a's) or run b
 * (gallop_left); *count is the stretch's length.
 */
static inline __attribute__((always_inline)) int
LS(gallop_half)(LS(state) *ms, LS_T **dest, LS_T **x, ptrdiff_t *nx, LS_T **y, ptrdiff_t *ny,
		const int x_is_a, const int lo, ptrdiff_t *count)
{
	const int x_in_buffer = x_is_a == lo;
	ptrdiff_t n = *nx, k, at;
	if (lo)
		k = x_is_a ? LS(gallop_right)(ms, **y, *x, n, 0) : LS(gallop_left)(ms, **y, *x, n, 0);
	else {
		at = x_is_a ? LS(gallop_right)(ms, **y, *x - (n - 1), n, n - 1)
			    : LS(gallop_left)(ms, **y, *x - (n - 1), n, n - 1);
		k = at < 0 ? -1 : n - at;
	}
	if (k < 0)
		return PV_LISTSORT_STOP;
	*count = k;
	LS(move)(dest, x, k, lo);
	*nx = n - k;
	int st = LS(left)(*nx, x_in_buffer);
	if (st != PV_LISTSORT_GO)
		return st;
	LS(move)(dest, y, 1, lo);
	return LS(left)(--*ny, !x_in_buffer);
}

/*
 * Merges the adjacent sorted runs a = pa[0..na) and b = pb[0..nb) (pb ==
 * pa + na, a[0] > b[0] and a[na-1] > b[nb-1], as merge_at leaves them).
 *
 * This is CPython's merge_lo when `lo` (na <= nb: a waits in the buffer
 * and the merged run grows from the front) and merge_hi when not (b waits
 * in the buffer and the run grows from the back).  The two are one
 * procedure seen from either end, except for which run is in the buffer
 * and which end each gallop starts from; `lo` is a constant at both call
 * sites, so the compiler still makes the two separate functions.
 *
 * Pointers a and b are at the next element of each run to place (lo:
 * their first, else their last).  Every way out goes through `stop`.
 */
static inline __attribute__((always_inline)) int
LS(merge)(LS(state) *ms, LS_T *pa, ptrdiff_t na, LS_T *pb, ptrdiff_t nb, const int lo)
{
	LS_T *a, *b, *dest;
	ptrdiff_t min_gallop;
	int st, lt;
	if (LS(getmem)(ms, lo ? na : nb) != 0)
		return PV_LISTSORT_NOMEM;
	if (lo) {
		memcpy(ms->tmp, pa, (size_t)na * sizeof *pa);
		dest = pa;
		a = ms->tmp;
		b = pb;
	} else {
		memcpy(ms->tmp, pb, (size_t)nb * sizeof *pb);
		dest = pb + nb - 1;
		a = pa + na - 1;
		b = ms->tmp + nb - 1;
	}
	/* leaves for `stop` when run a or b, just down by one to n elements,
	 * is done: the buffer's run at one (it never gets to zero one by one),
	 * the other at zero; in_buffer is a constant, so this is one test */
#define LS_LEFT(n, in_buffer)                                                  \
	do {                                                                   \
		if ((in_buffer) ? (n) == 1 : (n) == 0) {                       \
			st = (in_buffer) ? PV_LISTSORT_BUFFER_ONE : PV_LISTSORT_DONE; \
			goto stop;                                             \
		}                                                              \
	} while (0)

	/* the first element placed is known to come from the other run */
	if (lo) {
		LS(move)(&dest, &b, 1, lo);
		--nb;
	} else {
		LS(move)(&dest, &a, 1, lo);
		--na;
	}
	LS_LEFT(lo ? nb : na, 0);
	LS_LEFT(lo ? na : nb, 1);

	min_gallop = ms->min_gallop;
	for (;;) {
		ptrdiff_t acount = 0, bcount = 0;
		/* one at a time, until one run wins min_gallop times in a row */
		for (;;) {
			LS_LT_OR(lt, ms, *b, *a, { st = PV_LISTSORT_STOP; goto stop; });
			/* b < a: from the front b goes first, from the back a */
			if (lo ? lt : !lt) {
				LS(move)(&dest, &b, 1, lo);
				++bcount;
				acount = 0;
				LS_LEFT(--nb, !lo);
				if (bcount >= min_gallop)
					break;
			} else {
				LS(move)(&dest, &a, 1, lo);
				++acount;
				bcount = 0;
				LS_LEFT(--na, lo);
				if (acount >= min_gallop)
					break;
			}
		}
		/* galloping: whole stretches move at once, as long as they
		 * are long; a against b's next element, then b against a's */
		++min_gallop;
		do {
			min_gallop -= min_gallop > 1;
			ms->min_gallop = min_gallop;
			st = LS(gallop_half)(ms, &dest, &a, &na, &b, &nb, 1, lo, &acount);
			if (st == PV_LISTSORT_GO)
				st = LS(gallop_half)(ms, &dest, &b, &nb, &a, &na, 0, lo, &bcount);
			if (st != PV_LISTSORT_GO)
				goto stop;
		} while (acount >= PV_LISTSORT_MIN_GALLOP || bcount >= PV_LISTSORT_MIN_GALLOP);
		++min_gallop;  /* galloping did not pay: harder to start again */
		ms->min_gallop = min_gallop;
	}
#undef LS_LEFT
stop:
	if (st == PV_LISTSORT_BUFFER_ONE) {
		/* the rest of the other run, then the buffer's one element
		 * (after it from the front, before it from the back) */
		if (lo) {
			LS(move)(&dest, &b, nb, lo);
			*dest = *a;
		} else {
			LS(move)(&dest, &a, na, lo);
			*dest = *b;
		}
		return 0;
	}
	/* what is left in the buffer goes into place: also after a failed
	 * comparison, so that no element is lost */
	if (lo)
		LS(move)(&dest, &a, na, lo);
	else
		LS(move)(&dest, &b, nb, lo);
	return st == PV_LISTSORT_STOP ? PV_LISTSORT_FAILED : 0;
}

/* Merges pending runs i and i + 1. */
static int LS(merge_at)(LS(state) *ms, int i)
{
	LS_T *pa = ms->pending[i].base, *pb = ms->pending[i + 1].base;
	ptrdiff_t na = ms->pending[i].len, nb = ms->pending[i + 1].len, k;

	ms->pending[i].len = na + nb;
	if (i == ms->n - 3)
		ms->pending[i + 1] = ms->pending[i + 2];
	--ms->n;

	/* what of a is below b[0], and of b above a's last, stays put */
	k = LS(gallop_right)(ms, *pb, pa, na, 0);
	if (k < 0)
		return PV_LISTSORT_FAILED;
	pa += k;
	na -= k;
	if (na == 0)
		return 0;
	nb = LS(gallop_left)(ms, pa[na - 1], pb, nb, nb - 1);
	if (nb <= 0)
		return nb < 0 ? PV_LISTSORT_FAILED : 0;
	if (na <= nb)
		return LS(merge)(ms, pa, na, pb, nb, 1);
	return LS(merge)(ms, pa, na, pb, nb, 0);
}

/* The powersort "power" of the boundary between the last pending run
 * (starting at s1, n1 long) and the next one (n2 long) in a list of n. */
static int LS(run_power)(ptrdiff_t s1, ptrdiff_t n1, ptrdiff_t n2, ptrdiff_t n)
{
	int result = 0;
	ptrdiff_t a = 2 * s1 + n1;
	ptrdiff_t b = a + n1 + n2;
	for (;;) {
		++result;
		if (a >= n) {
			a -= n;
			b -= n;
		} else if (b >= n) {
			break;
		}
		a <<= 1;
		b <<= 1;
	}
	return result;
}

/* A new run n2 long follows the pending ones: merge those of higher
 * power first (the powersort policy). */
static int LS(new_run)(LS(state) *ms, ptrdiff_t n2)
{
	if (ms->n) {
		ptrdiff_t s1 = ms->pending[ms->n - 1].base - ms->base;
		ptrdiff_t n1 = ms->pending[ms->n - 1].len;
		int power = LS(run_power)(s1, n1, n2, ms->listlen);
		while (ms->n > 1 && ms->pending[ms->n - 2].power > power) {
			int rc = LS(merge_at)(ms, ms->n - 2);
			if (rc != 0)
				return rc;
		}
		ms->pending[ms->n - 1].power = power;
	}
	return 0;
}

static int LS(force_collapse)(LS(state) *ms)
{
	while (ms->n > 1) {
		int n = ms->n - 2;
		if (n > 0 && ms->pending[n - 1].len < ms->pending[n + 1].len)
			--n;
		int rc = LS(merge_at)(ms, n);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* n if below 64, else a length in [32, 64] such that n / minrun is a
 * power of two or a little less. */
static ptrdiff_t LS(minrun)(ptrdiff_t n)
{
	ptrdiff_t r = 0;
	while (n >= 64) {
		r |= n & 1;
		n >>= 1;
	}
	return n + r;
}

static void LS(reverse)(LS_T *lo, LS_T *hi)
{
	--hi;
	while (lo < hi) {
		LS_T t = *lo;
		*lo++ = *hi;
		*hi-- = t;
	}
}

static int PV_LISTSORT_NAME(LS_T *list, size_t count, PV_LISTSORT_CTX ctx)
{
	LS(state) ms;
	ptrdiff_t nremaining = (ptrdiff_t)count, minrun;
	LS_T *lo = list;
	int rc = 0;

	ms.ctx = ctx;
	ms.base = list;
	ms.listlen = (ptrdiff_t)count;
	ms.tmp = NULL;
	ms.tmpcap = 0;
	ms.min_gallop = PV_LISTSORT_MIN_GALLOP;
	ms.n = 0;
	if (nremaining < 2)
		return 0;
	minrun = LS(minrun)(nremaining);
	do {
		int descending;
		ptrdiff_t n = LS(run_length)(&ms, lo, lo + nremaining, &descending);
		if (n < 0) {
			rc = PV_LISTSORT_FAILED;
			goto out;
		}
		if (descending)
			LS(reverse)(lo, lo + n);
		if (n < minrun) {
			ptrdiff_t force = nremaining <= minrun ? nremaining : minrun;
			rc = LS(binary_insertion)(&ms, lo, lo + force, lo + n);
			if (rc != 0)
				goto out;
			n = force;
		}
		rc = LS(new_run)(&ms, n);
		if (rc != 0)
			goto out;
		ms.pending[ms.n].base = lo;
		ms.pending[ms.n].len = n;
		++ms.n;
		lo += n;
		nremaining -= n;
	} while (nremaining);
	rc = LS(force_collapse)(&ms);
out:
	free(ms.tmp);
	return rc;
}

#undef LS_LT_OR
#undef LS_T
#undef LS
#undef LS_CAT
#undef LS_CAT2
#undef PV_LISTSORT_NAME
#undef PV_LISTSORT_TYPE
#undef PV_LISTSORT_CTX
#undef PV_LISTSORT_LT
