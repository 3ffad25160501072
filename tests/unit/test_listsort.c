/*
 * test_listsort.c - CPython's list.sort (pv/listsort.h): the comparisons
 * it asks, in order, the result, and what it leaves after a failed
 * comparison, against CPython 3.11 itself (test_listsort_oracle.py prints
 * the expected values); stability, descending runs and NaN ties spelled
 * out; the template over another element type.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/listsort.h"

/* ===================================================== the oracle cases */

#define FNV_BASIS 0xcbf29ce484222325ULL

static uint64_t fnv(uint64_t h, uint32_t word)
{
	return (h ^ word) * 0x100000001b3ULL;
}

typedef struct rng {
	uint64_t x;
} rng;

static uint32_t rng_next(rng *r)
{
	r->x = r->x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(r->x >> 33);
}

/* Two ascending runs whose values interleave in blocks of 40 (merging them
 * gallops); a_first: the first run starts lower. */
static void blocks(double *v, size_t na, size_t nb, int a_first)
{
	double off_a = a_first ? 0 : 40, off_b = a_first ? 40 : 0;
	for (size_t i = 0; i < na; i++)
		v[i] = (double)(i / 40 * 80 + i % 40) + off_a;
	for (size_t j = 0; j < nb; j++)
		v[na + j] = (double)(j / 40 * 80 + j % 40) + off_b;
}

/* The numbers of a case, as test_listsort_oracle.py makes them. */
static void case_values(const char *name, size_t n, double *v)
{
	rng r = { n * 7919 + strlen(name) };
	if (strcmp(name, "dups") == 0) {
		for (size_t i = 0; i < n; i++)
			v[i] = rng_next(&r) % 50;
	} else if (strcmp(name, "lo") == 0) {
		blocks(v, n * 5 / 11, n - n * 5 / 11, 1);
	} else if (strcmp(name, "hi") == 0) {
		blocks(v, n * 6 / 11, n - n * 6 / 11, 0);
	} else if (strcmp(name, "descending") == 0) {
		size_t k = 0;
		while (k < n) {
			uint32_t len = 1 + rng_next(&r) % 300;
			double top = rng_next(&r) % 100000;
			for (uint32_t i = 0; i < len; i++) {
				double x = rng_next(&r) % 16 ? top - i : top - i + 1;
				if (k < n)
					v[k++] = x;
			}
		}
	} else if (strcmp(name, "nearly") == 0) {
		for (size_t i = 0; i < n; i++)
			v[i] = (double)i;
		for (size_t i = 0; i < n / 100; i++) {
			size_t at = rng_next(&r) % n;
			v[at] = (double)(rng_next(&r) % n);
		}
	} else if (strcmp(name, "nan") == 0) {
		for (size_t i = 0; i < n; i++)
			v[i] = rng_next(&r) % 10 == 0 ? (double)NAN : (rng_next(&r) % 1000) / 8.0;
	} else {
		for (size_t i = 0; i < n; i++)
			v[i] = 7;
	}
}

/* A comparison that logs what it is asked and fails at its fail_at-th call. */
typedef struct probe {
	const double *v;
	int descending;     /* ">" instead of "<", as pstats sorts times */
	size_t calls, fail_at;
	uint64_t hash;      /* of the pairs compared, in order */
} probe;

static int probe_lt(void *ctx, uint32_t x, uint32_t y)
{
	probe *p = ctx;
	p->hash = fnv(fnv(p->hash, x), y);
	if (++p->calls == p->fail_at)
		return -1;
	return p->descending ? p->v[x] > p->v[y] : p->v[x] < p->v[y];
}

static uint64_t hash_ids(uint64_t h, const uint32_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = fnv(h, a[i]);
	return h;
}

/* Each element of 0..n-1 once. */
static int is_permutation(const uint32_t *a, size_t n)
{
	char *seen = calloc(n ? n : 1, 1);
	int ok = seen != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		ok = a[i] < n && !seen[a[i]];
		if (ok)
			seen[a[i]] = 1;
	}
	free(seen);
	return ok;
}

static void test_as_cpython(void)
{
	/* printed by test_listsort_oracle.py under Python 3.11.7 */
	static const struct {
		const char *name;
		size_t n, calls;
		uint64_t pairs, result, failures;
	} cases[] = {
		{ "dups", 2000, 17742, 0x7f4b25fe336ff4b9ULL, 0xccbb6c7ae4e12ecfULL, 0x88cb1ed404a1dbf3ULL },
		{ "lo", 2200, 2794, 0x9a4b0862fbca476eULL, 0xd74a099989a9a04dULL, 0x6ea376facdac5e0dULL },
		{ "hi", 2200, 2797, 0x46041f282456bf16ULL, 0xd012f487895f1a8dULL, 0x3212a498f88233ddULL },
		{ "descending", 3000, 13947, 0x7034374cc6cc0d54ULL, 0xfe1cf96ffbd3963bULL, 0xb243ce8d5063a823ULL },
		{ "nearly", 5000, 7370, 0xf2669bbac0676956ULL, 0x050209c34c331451ULL, 0xab001d741bf2f305ULL },
		{ "nan", 3000, 13979, 0x39d3e92eccbe31b8ULL, 0x00c9cdc82271f60fULL, 0x091176c6c002c935ULL },
		{ "equal", 1000, 999, 0x169bfbbe88a42330ULL, 0x988cc5afd8cb65ddULL, 0xd0f63690d4cce795ULL },
		{ "dups", 65, 308, 0x04584e5c3152d169ULL, 0x98803e280e63ef87ULL, 0x770076b590ba4de7ULL },
		{ "nan", 63, 288, 0xb704b3a437bd60f2ULL, 0x8c0082fc4388f428ULL, 0xa75ae49533e0823fULL },
		{ "lo", 300, 385, 0x9e0e5f5e58f35165ULL, 0x14ef02f6714e7859ULL, 0x289d218d01f20fa9ULL },
		{ "hi", 300, 387, 0xbec5d0b0d229c7ecULL, 0xa3e4568900a7505dULL, 0x13852af78a258f65ULL },
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t n = cases[c].n;
		double *v = malloc(n * sizeof *v);
		uint32_t *a = malloc(n * sizeof *a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(v);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		case_values(cases[c].name, n, v);
		probe p = { v, strcmp(cases[c].name, "nan") == 0, 0, 0, FNV_BASIS };
		for (size_t i = 0; i < n; i++)
			a[i] = (uint32_t)i;
		CU_ASSERT_EQUAL(pv_listsort(a, n, probe_lt, &p), PV_LISTSORT_OK);
		CU_ASSERT_EQUAL(p.calls, cases[c].calls);
		CU_ASSERT_EQUAL(p.hash, cases[c].pairs);
		CU_ASSERT_EQUAL(hash_ids(FNV_BASIS, a, n), cases[c].result);

		/* a comparison failing at its k-th call: the sort asks nothing
		 * more and leaves the list as CPython leaves it */
		size_t step = cases[c].calls / 200 ? cases[c].calls / 200 : 1;
		uint64_t h = FNV_BASIS;
		for (size_t k = 1; k <= cases[c].calls; k += step) {
			probe f = { v, p.descending, 0, k, FNV_BASIS };
			for (size_t i = 0; i < n; i++)
				a[i] = (uint32_t)i;
			CU_ASSERT_EQUAL(pv_listsort(a, n, probe_lt, &f), PV_LISTSORT_FAILED);
			CU_ASSERT_EQUAL(f.calls, k);
			CU_ASSERT(is_permutation(a, n));
			h = hash_ids(h, a, n);
		}
		CU_ASSERT_EQUAL(h, cases[c].failures);
		free(v);
		free(a);
	}
}

/* ===================================================== spelled out */

static int double_lt(void *ctx, uint32_t x, uint32_t y)
{
	const double *v = ctx;
	return v[x] < v[y];
}

/* Sorts 0..n-1 by v[] and checks the order against `want`. */
static void check_order(const double *v, size_t n, const uint32_t *want)
{
	uint32_t a[16];
	for (size_t i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	CU_ASSERT_EQUAL_FATAL(pv_listsort(a, n, double_lt, (void *)v), PV_LISTSORT_OK);
	CU_ASSERT_EQUAL(memcmp(a, want, n * sizeof *a), 0);
}

static void test_small(void)
{
	/* stable: equal keys keep their order */
	static const double eq[] = { 2, 1, 2, 1, 2, 0 };
	static const uint32_t eq_want[] = { 5, 1, 3, 0, 2, 4 };
	check_order(eq, 6, eq_want);
	/* a strictly descending run is reversed whole; an equal pair ends it,
	 * so equal elements are never reversed past each other */
	static const double desc[] = { 5, 4, 3, 3, 2, 1 };
	static const uint32_t desc_want[] = { 5, 4, 2, 3, 1, 0 };
	check_order(desc, 6, desc_want);
	/* nothing to do for 0 and 1 elements: no comparison asked */
	probe p = { eq, 0, 0, 1, FNV_BASIS };
	uint32_t one = 0;
	CU_ASSERT_EQUAL(pv_listsort(&one, 1, probe_lt, &p), PV_LISTSORT_OK);
	CU_ASSERT_EQUAL(pv_listsort(NULL, 0, probe_lt, &p), PV_LISTSORT_OK);
	CU_ASSERT_EQUAL(p.calls, 0);
}

static void test_nan(void)
{
	/* NaN is neither below nor above anything: where it ends up depends
	 * on which pairs were compared (CPython 3.11's answers; a plain
	 * insertion sort would give 1 0 2 3 4) */
	static const double nan1[] = { 2.0, 1.0, NAN, 0.5, 3.0 };
	static const uint32_t nan1_want[] = { 3, 1, 0, 2, 4 };
	check_order(nan1, 5, nan1_want);
	static const double nan2[] = { NAN, 2.0, 1.0 };
	static const uint32_t nan2_want[] = { 0, 2, 1 };
	check_order(nan2, 3, nan2_want);
}

/* ===================================================== the template */

typedef struct rec {
	double key;
	int tag;
} rec;

static inline int rec_lt(const void *ctx, rec x, rec y)
{
	(void)ctx;
	return x.key < y.key;
}

#define PV_LISTSORT_NAME sort_recs
#define PV_LISTSORT_TYPE rec
#define PV_LISTSORT_CTX const void *
#define PV_LISTSORT_LT(c, x, y) rec_lt((c), (x), (y))
#include "py/listsort_template.h"

/* The same sort over structs, compared inline: enough of them, with few
 * keys, for runs, merges and galloping; stable by tag. */
static void test_template(void)
{
	enum { N = 5000 };
	rec *r = malloc(N * sizeof *r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	rng g = { 42 };
	for (int i = 0; i < N; i++) {
		r[i].key = rng_next(&g) % 64;
		r[i].tag = i;
	}
	CU_ASSERT_EQUAL(sort_recs(r, N, NULL), PV_LISTSORT_OK);
	int ordered = 1;
	for (int i = 1; i < N; i++)
		ordered &= r[i - 1].key < r[i].key ||
			   (r[i - 1].key == r[i].key && r[i - 1].tag < r[i].tag);
	CU_ASSERT(ordered);
	free(r);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "as CPython 3.11 sorts, and fails", test_as_cpython },
		{ "stability and descending runs", test_small },
		{ "NaN ties", test_nan },
		{ "the template over structs", test_template },
		{ NULL, NULL },
	};
	return pv_test_run("listsort", tests);
}
