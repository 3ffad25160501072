/*
 * test_calltree.c - the estimated call tree (src/analysis/calltree.c): snakeviz's
 * attribution, scaling, recursion, exact/estimated marking, the OTHER
 * cutoff and the node budget.  tree.pstats (tests/flame/data) is made by
 * hand:
 *
 *   main  ct 2.0 (total tottime 2.05: 0.05 under no root)
 *    +- a 0.6 -- c 0.2        c has two callers: estimated under a and b
 *    +- rec 0.4 (calls itself: cut)
 *    +- b 0.3 -- c 0.1
 *    +- x 0.3 -- y 0.1 (-- x: on the path, cut)
 *    +- scaled 0.2 -- t1 0.2, t2 0.2: scaled by 0.5, estimated
 *    +- tiny 0.0001
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/calltree.h"
#include "pv/profile.h"

/* The child of node `n` for function `name`, or -1. */
static long child(const pv_profile *p, const pv_calltree *t, uint32_t n, const char *name)
{
	const pv_calltree_node *x = &t->nodes[n];
	for (uint32_t c = 0; c < x->nchildren; c++) {
		const pv_calltree_node *k = &t->nodes[x->first_child + c];
		if (k->kind != PV_CALLTREE_FUNC)
			continue;
		const char *s = pv_profile_string(p, pv_profile_funcs(p)[k->func].name, NULL);
		if (strcmp(s, name) == 0)
			return (long)(x->first_child + c);
	}
	return -1;
}

/* Invariants every tree has, whatever the profile. */
static void check_invariants(const pv_profile *p, const pv_calltree *t, size_t budget)
{
	CU_ASSERT_FATAL(t->n >= 1);
	CU_ASSERT(t->n <= budget);
	CU_ASSERT(t->nodes[0].kind == PV_CALLTREE_ROOT);
	CU_ASSERT(t->nodes[0].parent == PV_CALLTREE_NONE);
	size_t nf = pv_profile_nfuncs(p);
	for (size_t i = 0; i < t->n; i++) {
		const pv_calltree_node *n = &t->nodes[i];
		double sum = 0, prev = INFINITY;
		for (uint32_t c = 0; c < n->nchildren; c++) {
			const pv_calltree_node *k = &t->nodes[n->first_child + c];
			CU_ASSERT(k->parent == i);
			CU_ASSERT(k->depth == n->depth + 1);
			CU_ASSERT(n->first_child + c > i);
			if (k->kind == PV_CALLTREE_FUNC) {
				CU_ASSERT(k->time <= prev); /* sorted, OTHER last */
				prev = k->time;
			} else {
				CU_ASSERT(c == n->nchildren - 1);
			}
			sum += k->time;
		}
		/* a parent's children never exceed its time */
		CU_ASSERT(sum <= n->time * (1 + 1e-9) + 1e-12);
		CU_ASSERT(fabs(n->self - (n->time - sum > 0 ? n->time - sum : 0)) <= 1e-9);
		if (n->kind == PV_CALLTREE_FUNC) {
			CU_ASSERT(n->func < nf);
			/* no function twice on a path */
			for (uint32_t a = n->parent; a != PV_CALLTREE_NONE; a = t->nodes[a].parent)
				if (t->nodes[a].kind == PV_CALLTREE_FUNC)
					CU_ASSERT(t->nodes[a].func != n->func);
			/* an exact node has an exact parent */
			if ((n->flags & PV_CALLTREE_EXACT) && n->parent != PV_CALLTREE_NONE)
				CU_ASSERT(t->nodes[n->parent].flags & PV_CALLTREE_EXACT);
		}
	}
}

/*
 * Builds the call tree of `p` into *t with `min_fraction` and a budget
 * of `max_nodes` (0: the default); the test stops unless it is built and
 * every invariant holds.
 */
static void build(const pv_profile *p, double min_fraction, size_t max_nodes, pv_calltree *t)
{
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	o.min_fraction = min_fraction;
	if (max_nodes)
		o.max_nodes = max_nodes;
	pv_error err;
	memset(t, 0, sizeof *t);
	CU_ASSERT_FATAL(pv_calltree_build(p, &o, t, &err) == 0);
	check_invariants(p, t, o.max_nodes);
}

/* tree.pstats; the test stops if it cannot be read. */
static pv_profile *load_tree(void)
{
	pv_profile *p = pv_test_load("flame", "tree.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

static void label_is(const pv_profile *p, const pv_calltree *t, uint32_t node, const char *want)
{
	pv_buf b = PV_BUF_INIT;
	pv_calltree_label(p, t, node, 0, &b);
	CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", want);
	pv_buf_release(&b);
}

static void test_attribution(void)
{
	pv_profile *p = load_tree();
	pv_calltree t;
	build(p, 0, 0, &t);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[0].time, 2.05, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[0].self, 0.05, 1e-9);
	CU_ASSERT_EQUAL(t.nodes[0].nchildren, 1);
	long m = child(p, &t, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[m].time, 2.0, 1e-12);
	CU_ASSERT(t.nodes[m].flags & PV_CALLTREE_EXACT);
	CU_ASSERT_EQUAL(t.nodes[m].nchildren, 6);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[m].self, 0.1999, 1e-9);
	/* largest first: a, rec, then b and x (0.3 each: by function id) */
	long a = child(p, &t, (uint32_t)m, "a");
	CU_ASSERT_EQUAL(a, (long)t.nodes[m].first_child);
	CU_ASSERT_EQUAL(child(p, &t, (uint32_t)m, "rec"), (long)t.nodes[m].first_child + 1);
	CU_ASSERT_EQUAL(child(p, &t, (uint32_t)m, "b"), (long)t.nodes[m].first_child + 2);
	CU_ASSERT_EQUAL(child(p, &t, (uint32_t)m, "x"), (long)t.nodes[m].first_child + 3);
	CU_ASSERT(t.nodes[a].flags & PV_CALLTREE_EXACT);
	/* c has two callers: its time under a is a's edge, estimated */
	long c = child(p, &t, (uint32_t)a, "c");
	CU_ASSERT_FATAL(c > 0);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[c].time, 0.2, 1e-12);
	CU_ASSERT_FALSE(t.nodes[c].flags & PV_CALLTREE_EXACT);
	/* recursion: rec's call to itself is cut, its time is rec's self */
	long r = child(p, &t, (uint32_t)m, "rec");
	CU_ASSERT_EQUAL(t.nodes[r].nchildren, 0);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[r].self, 0.4, 1e-12);
	/* y's call back to x is cut */
	long x = child(p, &t, (uint32_t)m, "x");
	long y = child(p, &t, (uint32_t)x, "y");
	CU_ASSERT_FATAL(y > 0);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[y].time, 0.1, 1e-12);
	CU_ASSERT_EQUAL(t.nodes[y].nchildren, 0);
	/* scaled: t1 + t2 = 0.4 > 0.2, both halved and estimated */
	long s = child(p, &t, (uint32_t)m, "scaled");
	long t1 = child(p, &t, (uint32_t)s, "t1"), t2 = child(p, &t, (uint32_t)s, "t2");
	CU_ASSERT_FATAL(t1 > 0 && t2 > 0);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[t1].time, 0.1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[t2].time, 0.1, 1e-12);
	CU_ASSERT_FALSE(t.nodes[t1].flags & PV_CALLTREE_EXACT);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[s].self, 0, 1e-12);
	CU_ASSERT(child(p, &t, (uint32_t)m, "tiny") > 0);
	CU_ASSERT_FALSE(t.truncated);
	/* labels */
	label_is(p, &t, (uint32_t)a, "a (m.py:2)");
	label_is(p, &t, 0, "all");
	pv_calltree_release(&t);
	pv_profile_free(p);
}

static void test_other_cutoff(void)
{
	pv_profile *p = load_tree();
	pv_calltree t;
	build(p, 0.25 / 2.05, 0, &t); /* keeps a (0.6), rec (0.4), b and x (0.3) */
	long m = child(p, &t, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT_EQUAL(t.nodes[m].nchildren, 5);
	const pv_calltree_node *oth = &t.nodes[t.nodes[m].first_child + 4];
	CU_ASSERT_EQUAL(oth->kind, PV_CALLTREE_OTHER);
	CU_ASSERT_EQUAL(oth->count, 2); /* scaled and tiny */
	CU_ASSERT_DOUBLE_EQUAL(oth->time, 0.2001, 1e-12);
	/* the parent keeps its width: children + self = time */
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[m].self, 0.1999, 1e-9);
	label_is(p, &t, t.nodes[m].first_child + 4, "other (2 functions)");
	pv_calltree_release(&t);
	pv_profile_free(p);
}

static void test_budget(void)
{
	pv_profile *p = load_tree();
	pv_calltree t;
	build(p, 0, 5, &t);
	CU_ASSERT(t.truncated);
	/* main's 6 callees do not fit: main is truncated, all its time self */
	long m = child(p, &t, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT(t.nodes[m].flags & PV_CALLTREE_TRUNCATED);
	CU_ASSERT_DOUBLE_EQUAL(t.nodes[m].self, 2.0, 1e-12);
	pv_calltree_release(&t);
	/* depth limit */
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	o.max_depth = 1;
	CU_ASSERT_FATAL(pv_calltree_build(p, &o, &t, NULL) == 0);
	CU_ASSERT_EQUAL(t.n, 2);
	CU_ASSERT(t.truncated);
	pv_calltree_release(&t);
	pv_profile_free(p);
}

/* Larger profiles: bounded by the budget, invariants hold everywhere. */
static void test_large(void)
{
	static const char *const files[] = { "py311_jsontool.pstats", "py312_jsontool_profile.pstats",
					     "names.pstats", "py312_recursion.pstats",
					     "hostile.pstats" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		pv_profile *p = pv_test_need("flame", files[i]);
		size_t budgets[] = { 1, 2, 50, 100000 };
		for (size_t k = 0; k < 4; k++) {
			pv_calltree t;
			build(p, k == 3 ? 0 : 0.001, budgets[k], &t);
			pv_calltree_release(&t);
		}
		pv_profile_free(p);
	}
}

int main(void)
{
	static const pv_test tests[] = {
		{ "attribution, recursion, scaling, exact marks", test_attribution },
		{ "children below the cutoff merge into other", test_other_cutoff },
		{ "node budget and depth limit", test_budget },
		{ "invariants on corpus profiles", test_large },
		{ NULL, NULL },
	};
	return pv_test_run("calltree", tests);
}
