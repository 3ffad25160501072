/*
 * test_model.c - the builder (model.h) and the finished profile: pstats'
 * add(), strip_dirs() and Stats(F1, ..., Fn) order, lookups after
 * finalize, and text as Python compares str.  Expected values of the
 * pstats cases were printed by Python 3.11's pstats on the same files.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model/model.h"
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
	char *a = pv_test_data_dup("reader/base.v4.pstats");
	char *b = pv_test_data_dup("reader/strip_collide.pstats");
	char *c = pv_test_data_dup("reader/mixed_callers.pstats");
	const char *paths[3] = { a, b, c };
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
	free(a);
	free(b);
	free(c);
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

/* Commits key (file, line, name) with nc calls and one caller `from`
 * (PVM_NONE: none) through the builder, as the reader does. */
static uint32_t commit(pv_profile *p, const char *file, int64_t line, const char *name,
		       pv_count nc, uint32_t from)
{
	pvm_value v = { 0 };
	uint32_t f = pvm_intern(p, file, strlen(file)), n = pvm_intern(p, name, strlen(name));
	uint32_t kid = pvm_key(p, f, line, n, 0);
	CU_ASSERT_FATAL(kid != PVM_NONE);
	pvm_value_begin(p, &v);
	v.nc = v.cc = nc;
	v.tt = v.ct = 0.5;
	if (from != PVM_NONE) {
		pv_edge e = { 0 };
		e.caller = from;
		CU_ASSERT_EQUAL_FATAL(pvm_set_calls(p, &e.calls, nc, nc, 0), 0);
		CU_ASSERT_EQUAL_FATAL(pvm_value_set_caller(p, &v, &e), 0);
	}
	CU_ASSERT_EQUAL_FATAL(pvm_commit_replace(p, kid, &v), 0);
	pvm_value_release(&v);
	return kid;
}

/* Keys seen first as callers move behind the functions on finalize: a
 * key's id and its function's id then differ, and lookups, which go by
 * key, must answer function ids (also for names shared by several keys,
 * which live in the key table). */
static void test_lookup_after_finalize(void)
{
	pv_error err;
	pv_profile *p = pvm_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	uint32_t mf = pvm_intern(p, "m.py", 4), mn = pvm_intern(p, "main", 4);
	uint32_t main_kid = pvm_key(p, mf, 1, mn, 0);     /* key 0, a caller only */
	commit(p, "a.py", 3, "f", 2, main_kid);            /* key 1 */
	commit(p, "b.py", 3, "f", 5, main_kid);            /* key 2: "f" shared */
	commit(p, "a.py", 9, "g", 7, PVM_NONE);            /* key 3 */
	/* while building, lookups answer key ids */
	CU_ASSERT_EQUAL(pvm_find_key(p, pvm_find_string(p, "b.py", 4), 3,
				     pvm_find_string(p, "f", 1), 0), 2);
	CU_ASSERT_FALSE(p->finalized);
	CU_ASSERT_EQUAL_FATAL(pvm_finalize(p, 1, &err), 0);

	/* functions in dict order, the caller-only key last */
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 3);
	CU_ASSERT_EQUAL(pv_profile_nkeys(p), 4);
	CU_ASSERT_STRING_EQUAL(name_of(p, 0), "a.py:3(f)");
	CU_ASSERT_STRING_EQUAL(name_of(p, 1), "b.py:3(f)");
	CU_ASSERT_STRING_EQUAL(name_of(p, 2), "a.py:9(g)");
	CU_ASSERT_STRING_EQUAL(name_of(p, 3), "m.py:1(main)");
	CU_ASSERT_EQUAL(pv_profile_find(p, "a.py", 3, "f"), 0);
	CU_ASSERT_EQUAL(pv_profile_find(p, "b.py", 3, "f"), 1);
	CU_ASSERT_EQUAL(pv_profile_find(p, "a.py", 9, "g"), 2);
	CU_ASSERT_EQUAL(pv_profile_find(p, "m.py", 1, "main"), 3);
	CU_ASSERT_EQUAL(pv_profile_find(p, "c.py", 3, "f"), -1);
	CU_ASSERT_EQUAL(pv_profile_find(p, "a.py", 4, "f"), -1);
	CU_ASSERT_EQUAL(pv_profile_find(p, "a.py", 3, "nope"), -1);
	/* the callers were renumbered with them */
	const pv_func *f = pv_profile_funcs(p);
	CU_ASSERT_EQUAL_FATAL(f[1].ncallers, 1);
	CU_ASSERT_EQUAL(pv_profile_edges(p)[f[1].callers].caller, 3);
	CU_ASSERT(pv_profile_totals(p)->total_calls == 14);
	/* the finished profile keeps nothing of the builder's scratch */
	CU_ASSERT_TRUE(p->finalized);
	CU_ASSERT_PTR_NULL(p->b.order);
	CU_ASSERT_PTR_NULL(p->b.stamp);
	CU_ASSERT_PTR_NULL(p->b.stamp_pos);
	pv_profile_free(p);
}

/* Names are compared and counted as Python's str: UTF-8 (lone surrogates
 * included: Python 3 writes them with surrogatepass), and any byte that
 * starts no valid sequence is one character U+DC00 + byte. */
static void test_text_as_python(void)
{
	static const struct {
		const char *a, *b;
		int sign;
	} cmp[] = {
		{ "\xed\xa0\x80", "\xee\x80\x80", -1 },     /* U+D800 < U+E000 */
		{ "\xff", "\xed\xa0\x80", 1 },                /* U+DCFF > U+D800 */
		{ "\xc3", "\xc3\xa9", 1 },                     /* cut short: U+DCC3 > U+E9 */
		{ "\xc0\x80", "\xdf\xbf", 1 },                /* overlong: U+DCC0 > U+7FF */
		{ "\xf4\x90\x80\x80", "\xf0\x90\x80\x80", -1 }, /* past U+10FFFF: U+DCF4 */
		{ "\xe6\x97", "\xe6\x97\xa5", 1 },           /* U+DCE6 > U+65E5 */
		{ "ab", "ab\xc3\xa9", -1 },
		{ "a\xc3\xa9" "b", "a\xc3\xa9" "b", 0 },
		{ "\xc3\xa9", "\xc3\xa8", 1 },
		{ "\x80", "\x81", -1 },                          /* lone continuation bytes */
	};
	for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
		int r = pv_text_cmp(cmp[i].a, strlen(cmp[i].a), cmp[i].b, strlen(cmp[i].b));
		int back = pv_text_cmp(cmp[i].b, strlen(cmp[i].b), cmp[i].a, strlen(cmp[i].a));
		CU_ASSERT_EQUAL((r > 0) - (r < 0), cmp[i].sign);
		CU_ASSERT_EQUAL((back > 0) - (back < 0), -cmp[i].sign);
	}
	static const struct {
		const char *s;
		size_t width;
	} wid[] = {
		{ "\xc0\x80", 2 }, { "\xed\xa0\x80", 1 }, { "\xf4\x90\x80\x80", 4 },
		{ "\xe6\x97", 2 }, { "\xf0\x9f\x98\x80x", 2 }, { "", 0 },
	};
	for (size_t i = 0; i < sizeof wid / sizeof wid[0]; i++)
		CU_ASSERT_EQUAL(pv_text_width(wid[i].s, strlen(wid[i].s)), wid[i].width);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "strip_dirs", test_strip_dirs },
		{ "Stats(F1, F2, F3)", test_load_many },
		{ "add a profile to itself", test_add_self },
		{ "callee index", test_callees },
		{ "first use from several threads", test_first_use_threads },
		{ "lookups after finalize", test_lookup_after_finalize },
		{ "text as Python's str", test_text_as_python },
		{ NULL, NULL },
	};
	return pv_test_run("model", tests);
}
