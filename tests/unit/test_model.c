/*
 * test_model.c - pstats' add(), strip_dirs() and Stats(F1, ..., Fn) order.
 * Expected values were printed by Python 3.11's pstats on the same files.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/profile.h"

static const char *name_of(const pv_profile *p, uint32_t id)
{
	static pv_buf b = PV_BUF_INIT;
	pv_buf_reset(&b);
	pv_func_std_string(p, id, &b);
	return b.data ? b.data : "";
}

static void test_strip_dirs(void)
{
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data("reader/strip_collide.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 5);
	pv_totals before = *pv_profile_totals(p);
	CU_ASSERT_EQUAL_FATAL(pv_profile_strip_dirs(p, &err), 0);
	CU_ASSERT_EQUAL_FATAL(pv_profile_nfuncs(p), 3);
	const pv_func *f = pv_profile_funcs(p);
	CU_ASSERT_STRING_EQUAL(name_of(p, 0), "main.py:1(main)");
	CU_ASSERT_STRING_EQUAL(name_of(p, 1), "caller.py:3(load)");
	CU_ASSERT_STRING_EQUAL(name_of(p, 2), "__init__.py:1(<module>)");
	/* colliding functions add: (2,2,.02,.5) + (3,3,.03,.4) */
	CU_ASSERT(pv_func_cc(&f[1]) == 5 && pv_func_nc(&f[1]) == 5);
	CU_ASSERT_EQUAL(f[1].tt, 0.02 + 0.03);
	CU_ASSERT_EQUAL(f[1].ct, 0.5 + 0.4);
	CU_ASSERT(pv_func_cc(&f[2]) == 7 && pv_func_nc(&f[2]) == 8);
	/* colliding callers of one function overwrite (last wins), then add */
	CU_ASSERT_EQUAL_FATAL(f[2].ncallers, 1);
	const pv_edge *e = &pv_profile_edges(p)[f[2].callers];
	CU_ASSERT_EQUAL(e->caller, 1);
	CU_ASSERT(pv_edge_nc(e) == 2 && pv_edge_cc(e) == 2);
	CU_ASSERT_EQUAL(e->tt, 0.1);
	CU_ASSERT_EQUAL(e->ct, 0.15000000000000002);
	/* totals are not recomputed by strip_dirs */
	CU_ASSERT(pv_profile_totals(p)->total_calls == before.total_calls);
	CU_ASSERT_EQUAL(pv_profile_totals(p)->total_tt, 0.45999999999999996);
	CU_ASSERT_EQUAL(pv_profile_max_name_len(p), 23);
	/* callees are derived again */
	const uint32_t *cs;
	CU_ASSERT_PTR_NOT_NULL_FATAL(pv_profile_callee_index(p, &cs));
	CU_ASSERT_EQUAL(cs[2] - cs[1], 1);
	CU_ASSERT_EQUAL(cs[1] - cs[0], 1);
	pv_profile_free(p);
}

static void test_load_many(void)
{
	const char *paths[3];
	char a[4096], b[4096], c[4096];
	snprintf(a, sizeof a, "%s", pv_test_data("reader/base.v4.pstats"));
	snprintf(b, sizeof b, "%s", pv_test_data("reader/strip_collide.pstats"));
	snprintf(c, sizeof c, "%s", pv_test_data("reader/mixed_callers.pstats"));
	paths[0] = a;
	paths[1] = b;
	paths[2] = c;
	pv_error err;
	size_t failed = 99;
	pv_profile *p = pv_profile_load_many(paths, 3, &err, &failed);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	/* files: F1, Fn, ..., F2 */
	CU_ASSERT_EQUAL_FATAL(pv_profile_nfiles(p), 3);
	CU_ASSERT_STRING_EQUAL(pv_profile_file(p, 0)->path, a);
	CU_ASSERT_STRING_EQUAL(pv_profile_file(p, 1)->path, c);
	CU_ASSERT_STRING_EQUAL(pv_profile_file(p, 2)->path, b);
	CU_ASSERT_EQUAL_FATAL(pv_profile_nfuncs(p), 10);
	static const char *const order[] = {
		"/srv/app/main.py:10(main)",
		"/srv/app/util/helper.py:5(helper)",
		"{built-in method builtins.len}",
		"{method 'disable' of '_lsprof.Profiler' objects}",
		"/srv/app/a.py:1(mixed)",
		"/r/main.py:1(main)",
		"/a/x/caller.py:3(load)",
		"/b/y/caller.py:3(load)",
		"/a/pkg/__init__.py:1(<module>)",
		"/b/pkg/__init__.py:1(<module>)",
	};
	for (uint32_t i = 0; i < 10; i++)
		CU_ASSERT_STRING_EQUAL(name_of(p, i), order[i]);
	const pv_func *f = pv_profile_funcs(p);
	CU_ASSERT(pv_func_cc(&f[1]) == 6 && pv_func_nc(&f[1]) == 14);
	CU_ASSERT_EQUAL(f[1].tt, 0.5);
	CU_ASSERT(pv_func_nc(&f[2]) == 40);
	CU_ASSERT_EQUAL(f[4].ncallers, 2);
	CU_ASSERT(pv_edge_is_int(&pv_profile_edges(p)[f[4].callers]));
	CU_ASSERT(pv_profile_totals(p)->total_calls == 75);
	CU_ASSERT(pv_profile_totals(p)->prim_calls == 66);
	CU_ASSERT_EQUAL(pv_profile_totals(p)->total_tt, 1.0659999999999998);
	pv_profile_free(p);

	/* an error names the file at fault */
	paths[1] = pv_test_data("malformed/empty.pstats");
	p = pv_profile_load_many(paths, 3, &err, &failed);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(failed, 1);
}

static void test_add_self(void)
{
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data("reader/jset.pstats"), &err);
	pv_profile *q = pv_profile_load(pv_test_data("reader/jset.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	size_t n = pv_profile_nfuncs(p), ne = pv_profile_nedges(p);
	pv_count calls = pv_profile_totals(p)->total_calls;
	double ct0 = pv_profile_funcs(p)[5].ct;
	CU_ASSERT_EQUAL_FATAL(pv_profile_add(p, q, &err), 0);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), n);
	CU_ASSERT_EQUAL(pv_profile_nedges(p), ne);
	CU_ASSERT(pv_profile_totals(p)->total_calls == 2 * calls);
	CU_ASSERT_EQUAL(pv_profile_funcs(p)[5].ct, ct0 + ct0);
	for (size_t i = 0; i < ne; i++)
		CU_ASSERT(pv_edge_nc(&pv_profile_edges(p)[i]) == 2 * pv_edge_nc(&pv_profile_edges(q)[i]));
	pv_profile_free(q);

	/* int callers cannot be added to tuple callers: dst stays as it was */
	q = pv_profile_load(pv_test_data("reader/mixed_callers.pstats"), &err);
	pv_profile *r = pv_profile_load(pv_test_data("reader/mixed_callers.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(pv_profile_add(q, r, &err), 0);
	pv_profile_free(r);
	pv_profile_free(q);

	pv_profile *c = pv_profile_clone(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(c), n);
	CU_ASSERT_STRING_EQUAL(pv_profile_file(c, 1)->path, pv_profile_file(p, 1)->path);
	pv_profile_free(c);
	pv_profile_free(p);
}

static void test_callees(void)
{
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data("reader/base.v4.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	const pv_func *f = pv_profile_funcs(p);
	const pv_edge *e = pv_profile_edges(p);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ci);
	/* a second call gives the same arrays */
	const uint32_t *cs2, *ci2 = pv_profile_callee_index(p, &cs2);
	CU_ASSERT(ci2 == ci && cs2 == cs);
	CU_ASSERT_EQUAL(cs[0], 0);
	CU_ASSERT_EQUAL(cs[pv_profile_nkeys(p)], pv_profile_nedges(p));
	/* every edge is listed once under its callee and once under its caller */
	size_t seen = 0;
	for (uint32_t i = 0; i < pv_profile_nkeys(p); i++) {
		for (uint32_t k = cs[i]; k < cs[i + 1]; k++) {
			CU_ASSERT_EQUAL(e[ci[k]].caller, i);
			/* ordered by callee id (pstats' calc_callees order) */
			if (k > cs[i])
				CU_ASSERT(e[ci[k]].callee > e[ci[k - 1]].callee);
			seen++;
		}
		for (uint32_t k = 0; k < f[i].ncallers; k++)
			CU_ASSERT_EQUAL(e[f[i].callers + k].callee, i);
	}
	CU_ASSERT_EQUAL(seen, pv_profile_nedges(p));
	pv_profile_free(p);
}

typedef struct first_use {
	const pv_profile *p;
	const uint32_t *ci, *cs;
	size_t maxw;
} first_use;

static void *first_use_run(void *arg)
{
	first_use *u = arg;
	u->ci = pv_profile_callee_index(u->p, &u->cs);
	u->maxw = pv_profile_max_name_len(u->p);
	return NULL;
}

/* The callee index and max_name_len are built on first use: threads
   asking at once all get the one result. */
static void test_first_use_threads(void)
{
	enum { N = 4 };
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data("reader/jset.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pthread_t t[N];
	first_use u[N];
	for (int i = 0; i < N; i++) {
		u[i] = (first_use){ p, NULL, NULL, 0 };
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, first_use_run, &u[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_PTR_NOT_NULL(u[i].ci);
		CU_ASSERT(u[i].ci == u[0].ci && u[i].cs == u[0].cs);
		CU_ASSERT_EQUAL(u[i].maxw, 75);  /* Python's max_name_len of jset */
	}
	CU_ASSERT_EQUAL(u[0].cs[pv_profile_nkeys(p)], pv_profile_nedges(p));
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "strip_dirs", test_strip_dirs },
		{ "Stats(F1, F2, F3)", test_load_many },
		{ "add a profile to itself", test_add_self },
		{ "callee index", test_callees },
		{ "first use from several threads", test_first_use_threads },
		{ NULL, NULL },
	};
	return pv_test_run("model", tests);
}
