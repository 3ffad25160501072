/*
 * test_treefilter.c - pprof's filters and granularity over the call tree
 * (src/analysis/treefilter.c, pv/treefilter.h) and /api/tree's keys for
 * them (src/server/api.c).
 *
 *   - a hand-made profile (tests/unit/data/treefilter.pstats, written by
 *     tests/unit/data/make_treefilter.py) whose tree is exact:
 *
 *       main 10 (self .5)                         /home/u/proj/app/main.py
 *        +- compute 5 (self .5)                   app/calc.py
 *        |   +- dot 3                             .../dist-packages/numpy/...
 *        |   +- {built-in method builtins.len} 1
 *        |   +- helper .5                         app/util.py
 *        +- load 4 (self .5)                      app/io.py
 *        |   +- loads 3 (self .5) -- decode 2.5   /usr/lib/python3.11/json/...
 *        |   +- helper .5
 *        +- aaa...a .5 (3000 a's)                 app/main.py
 *
 *     each filter, their stacking order, the groups, with the answers
 *     worked out by hand;
 *   - the invariants on a real profile under every filter;
 *   - the bound: (a+)+$ against the long name gives up, quickly;
 *   - /api/tree's keys, their errors and the group column.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "pv/api.h"
#include "pv/api_dot.h"
#include "pv/callers_tree.h"
#include "pv/calltree.h"
#include "pv/profile.h"
#include "pv/pyre.h"
#include "pv/treefilter.h"

#define EPS 1e-9

static pv_profile *hand(void)
{
	return pv_test_need("unit", "treefilter.pstats");
}

static void base_tree(const pv_profile *p, int callers, pv_calltree *t)
{
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	o.min_fraction = 0;
	pv_error err;
	int rc = callers ? pv_callers_tree_build(p, &o, t, &err) : pv_calltree_build(p, &o, t, &err);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
}

/* Filters the whole tree of p; returns pv_treefilter_apply's code. */
static int run(const pv_profile *p, const char *focus, const char *ignore, const char *hide,
	       const char *show, pv_treefilter_gran gran, pv_treefilter_result *r, pv_error *err)
{
	pv_calltree t = { 0 };
	base_tree(p, 0, &t);
	pv_treefilter f;
	pv_treefilter_init(&f);
	f.re[PV_TREEFILTER_FOCUS] = focus;
	f.re[PV_TREEFILTER_IGNORE] = ignore;
	f.re[PV_TREEFILTER_HIDE] = hide;
	f.re[PV_TREEFILTER_SHOW] = show;
	f.gran = gran;
	f.min_fraction = 0;
	int rc = pv_treefilter_apply(p, &t, &f, r, err);
	pv_calltree_release(&t);
	return rc;
}

static const char *name_of(const pv_profile *p, uint32_t func)
{
	return pv_profile_string(p, pv_profile_funcs(p)[func].name, NULL);
}

/* The FUNC child of node n whose function is `name`, or -1. */
static long child(const pv_profile *p, const pv_calltree *t, uint32_t n, const char *name)
{
	const pv_calltree_node *x = &t->nodes[n];
	for (uint32_t c = 0; c < x->nchildren; c++) {
		const pv_calltree_node *k = &t->nodes[x->first_child + c];
		if (k->kind == PV_CALLTREE_FUNC && strcmp(name_of(p, k->func), name) == 0)
			return (long)(x->first_child + c);
	}
	return -1;
}

/*
 * The layout rules: children contiguous with their parent's index, within
 * it, largest first (OTHER and not placed last); self + children + hidden
 * = time for the root and function boxes.  `gone`: a byte per key, 1 for
 * functions no FUNC node may name (hide=), or NULL.
 */
static void invariants(const pv_calltree *t, const uint8_t *gone)
{
	const pv_calltree_node *N = t->nodes;
	CU_ASSERT_FATAL(t->n >= 1);
	CU_ASSERT_EQUAL(N[0].kind, PV_CALLTREE_ROOT);
	for (size_t i = 0; i < t->n; i++) {
		const pv_calltree_node *x = &N[i];
		double sum = 0, tol = 1e-9 * (1 + fabs(x->time));
		if (gone && x->kind == PV_CALLTREE_FUNC && gone[x->func]) {
			CU_FAIL("a node names a hidden function");
		}
		CU_ASSERT(x->time >= 0 && x->self >= -tol && x->hidden >= -tol);
		for (uint32_t c = 0; c < x->nchildren; c++) {
			const pv_calltree_node *k = &N[x->first_child + c];
			CU_ASSERT_EQUAL(k->parent, (uint32_t)i);
			CU_ASSERT(k->time <= x->time + tol);
			CU_ASSERT_EQUAL(k->depth, x->depth + 1);
			if (c + 1 < x->nchildren) {
				const pv_calltree_node *nx = &N[x->first_child + c + 1];
				if (k->kind == PV_CALLTREE_FUNC && nx->kind == PV_CALLTREE_FUNC)
					CU_ASSERT(k->time >= nx->time);
				if (k->kind == PV_CALLTREE_OTHER)
					CU_FAIL("OTHER is not last");
			}
			sum += k->time;
		}
		if (x->kind == PV_CALLTREE_FUNC || x->kind == PV_CALLTREE_ROOT) {
			if (fabs(x->self + sum + x->hidden - x->time) > 1e-7 * (1 + x->time))
				fprintf(stderr, "\n  node %zu: self %.17g + children %.17g + hidden %.17g != %.17g\n",
					i, x->self, sum, x->hidden, x->time);
			CU_ASSERT(fabs(x->self + sum + x->hidden - x->time) <= 1e-7 * (1 + x->time));
		} else {
			CU_ASSERT_EQUAL(x->nchildren, 0);
		}
	}
}

/* ===================================================== by hand */

static void test_nothing(void)
{
	pv_profile *p = hand();
	pv_treefilter f;
	pv_treefilter_init(&f);
	CU_ASSERT(!pv_treefilter_active(&f));
	pv_treefilter_result r;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, NULL, NULL, NULL, PV_TREEFILTER_FUNCTION, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 10, EPS);
	long m = child(p, &r.tree, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 0.5, EPS);
	CU_ASSERT_EQUAL(N[m].nchildren, 3);
	CU_ASSERT(N[m].flags & PV_CALLTREE_EXACT);
	CU_ASSERT_PTR_NULL(r.group);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);
	pv_profile_free(p);
}

static void test_focus(void)
{
	pv_profile *p = hand();
	pv_treefilter_result r;
	pv_error err;
	/* only the stacks through helper: .5 under compute, .5 under load */
	CU_ASSERT_EQUAL_FATAL(run(p, "helper", NULL, NULL, NULL, 0, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 1.0, EPS);
	long m = child(p, &r.tree, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[m].time, 1.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 0, EPS);
	CU_ASSERT_EQUAL(N[m].nchildren, 2);
	long c = child(p, &r.tree, (uint32_t)m, "compute"), l = child(p, &r.tree, (uint32_t)m, "load");
	CU_ASSERT_FATAL(c > 0 && l > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[c].time, 0.5, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[c].self, 0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[l].time, 0.5, EPS);
	CU_ASSERT_EQUAL(N[c].nchildren, 1);
	long h = child(p, &r.tree, (uint32_t)c, "helper");
	CU_ASSERT_FATAL(h > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[h].time, 0.5, EPS);
	CU_ASSERT(!(N[c].flags & PV_CALLTREE_EXACT)); /* shrunk: no longer pstats' number */
	CU_ASSERT(N[h].flags & PV_CALLTREE_EXACT);    /* whole */
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* a match keeps its whole subtree */
	CU_ASSERT_EQUAL_FATAL(run(p, "\\(load\\)", NULL, NULL, NULL, 0, &r, &err), 0);
	N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 4.0, EPS);
	m = child(p, &r.tree, 0, "main");
	l = child(p, &r.tree, (uint32_t)m, "load");
	CU_ASSERT_FATAL(l > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[l].time, 4.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[l].self, 0.5, EPS);
	CU_ASSERT_EQUAL(N[l].nchildren, 2);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* nothing matches: only the root, with no time */
	CU_ASSERT_EQUAL_FATAL(run(p, "no such thing", NULL, NULL, NULL, 0, &r, &err), 0);
	CU_ASSERT_EQUAL(r.tree.n, 1);
	CU_ASSERT_DOUBLE_EQUAL(r.tree.nodes[0].time, 0, EPS);
	pv_treefilter_release(&r);
	pv_profile_free(p);
}

static void test_ignore(void)
{
	pv_profile *p = hand();
	pv_treefilter_result r;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, "helper", NULL, NULL, 0, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 9.0, EPS);
	long m = child(p, &r.tree, 0, "main");
	CU_ASSERT_DOUBLE_EQUAL(N[m].time, 9.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 0.5, EPS);
	long c = child(p, &r.tree, (uint32_t)m, "compute"), l = child(p, &r.tree, (uint32_t)m, "load");
	CU_ASSERT_FATAL(c > 0 && l > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[c].time, 4.5, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[l].time, 3.5, EPS);
	CU_ASSERT_EQUAL(child(p, &r.tree, (uint32_t)c, "helper"), -1);
	CU_ASSERT_EQUAL(child(p, &r.tree, (uint32_t)l, "helper"), -1);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);
	pv_profile_free(p);
}

static void test_hide_show(void)
{
	pv_profile *p = hand();
	pv_treefilter_result r;
	pv_error err;
	/* hide load: its self goes to main, its children become main's */
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, NULL, "\\(load\\)", NULL, 0, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 10.0, EPS);
	long m = child(p, &r.tree, 0, "main");
	CU_ASSERT_DOUBLE_EQUAL(N[m].time, 10.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 1.0, EPS);
	CU_ASSERT_EQUAL(N[m].nchildren, 4); /* compute, loads, helper, aaa */
	long ls = child(p, &r.tree, (uint32_t)m, "loads"), h = child(p, &r.tree, (uint32_t)m, "helper");
	CU_ASSERT_FATAL(ls > 0 && h > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[ls].time, 3.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[h].time, 0.5, EPS);
	CU_ASSERT_EQUAL(child(p, &r.tree, (uint32_t)m, "load"), -1);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* hide load and compute: their two helper boxes are siblings, merged */
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, NULL, "\\((load|compute)\\)", NULL, 0, &r, &err), 0);
	N = r.tree.nodes;
	m = child(p, &r.tree, 0, "main");
	CU_ASSERT_DOUBLE_EQUAL(N[m].time, 10.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 1.5, EPS);
	h = child(p, &r.tree, (uint32_t)m, "helper");
	CU_ASSERT_FATAL(h > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[h].time, 1.0, EPS);
	CU_ASSERT(!(N[h].flags & PV_CALLTREE_EXACT));
	CU_ASSERT_EQUAL(N[m].nchildren, 5); /* loads 3, dot 3, len 1, helper 1, aaa .5 */
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* show json: every other frame removed; the root keeps its time */
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, NULL, NULL, "json", 0, &r, &err), 0);
	N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 10.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[0].self, 7.0, EPS);
	CU_ASSERT_EQUAL(N[0].nchildren, 1);
	long ls0 = child(p, &r.tree, 0, "loads");
	CU_ASSERT_FATAL(ls0 > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[ls0].time, 3.0, EPS);
	long d = child(p, &r.tree, (uint32_t)ls0, "decode");
	CU_ASSERT_FATAL(d > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[d].time, 2.5, EPS);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);
	pv_profile_free(p);
}

static void test_order(void)
{
	pv_profile *p = hand();
	pv_treefilter_result r;
	pv_error err;
	/* pprof's order: focus chooses the stacks through helper, then hide
	   removes helper's frames (hiding first would leave nothing) */
	CU_ASSERT_EQUAL_FATAL(run(p, "helper", NULL, "helper", NULL, 0, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 1.0, EPS);
	long m = child(p, &r.tree, 0, "main");
	long c = child(p, &r.tree, (uint32_t)m, "compute"), l = child(p, &r.tree, (uint32_t)m, "load");
	CU_ASSERT_FATAL(c > 0 && l > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[c].time, 0.5, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[c].self, 0.5, EPS);
	CU_ASSERT_EQUAL(N[c].nchildren, 0);
	CU_ASSERT_DOUBLE_EQUAL(N[l].self, 0.5, EPS);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* focus then ignore: load's stacks without decode's */
	CU_ASSERT_EQUAL_FATAL(run(p, "\\(load\\)", "decode", NULL, NULL, 0, &r, &err), 0);
	N = r.tree.nodes;
	CU_ASSERT_DOUBLE_EQUAL(N[0].time, 1.5, EPS);
	m = child(p, &r.tree, 0, "main");
	l = child(p, &r.tree, (uint32_t)m, "load");
	CU_ASSERT_FATAL(l > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[l].time, 1.5, EPS);
	long ls = child(p, &r.tree, (uint32_t)l, "loads");
	CU_ASSERT_FATAL(ls > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[ls].time, 0.5, EPS);
	CU_ASSERT_EQUAL(N[ls].nchildren, 0);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* ignore wins over focus on the same stack */
	CU_ASSERT_EQUAL_FATAL(run(p, "helper", "compute", NULL, NULL, 0, &r, &err), 0);
	CU_ASSERT_DOUBLE_EQUAL(r.tree.nodes[0].time, 0.5, EPS);
	pv_treefilter_release(&r);
	pv_profile_free(p);
}

static const char *group_label(const pv_treefilter_result *r, uint32_t node)
{
	int32_t g = r->group[node];
	if (g < 0 || (size_t)g >= r->ngroups)
		return "";
	return r->labels.data + r->label_at[g];
}

static void test_groups(void)
{
	pv_profile *p = hand();
	pv_treefilter_result r;
	pv_error err;
	/* by file: aaa (main.py) merges into main (main.py) */
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, NULL, NULL, NULL, PV_TREEFILTER_FILE, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.group);
	long m = child(p, &r.tree, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 1.0, EPS);
	CU_ASSERT_EQUAL(N[m].nchildren, 2);
	CU_ASSERT_STRING_EQUAL(group_label(&r, (uint32_t)m), "/home/u/proj/app/main.py");
	CU_ASSERT_EQUAL(r.group[0], -1);
	long c = child(p, &r.tree, (uint32_t)m, "compute");
	long b = child(p, &r.tree, (uint32_t)c, "<built-in method builtins.len>");
	CU_ASSERT_FATAL(b > 0);
	CU_ASSERT_STRING_EQUAL(group_label(&r, (uint32_t)b), "built-ins");
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* by package: the app's files are one group, main's box holds them */
	CU_ASSERT_EQUAL_FATAL(run(p, NULL, NULL, NULL, NULL, PV_TREEFILTER_PACKAGE, &r, &err), 0);
	N = r.tree.nodes;
	m = child(p, &r.tree, 0, "main");
	CU_ASSERT_FATAL(m > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[m].time, 10.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[m].self, 3.0, EPS);
	CU_ASSERT_STRING_EQUAL(group_label(&r, (uint32_t)m), "/home/u/proj/app");
	CU_ASSERT_EQUAL(N[m].nchildren, 3);
	long j = child(p, &r.tree, (uint32_t)m, "loads"), d = child(p, &r.tree, (uint32_t)m, "dot");
	b = child(p, &r.tree, (uint32_t)m, "<built-in method builtins.len>");
	CU_ASSERT_FATAL(j > 0 && d > 0 && b > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[j].time, 3.0, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[j].self, 3.0, EPS); /* decode merged in */
	CU_ASSERT_EQUAL(N[j].nchildren, 0);
	CU_ASSERT_STRING_EQUAL(group_label(&r, (uint32_t)j), "json (stdlib)");
	CU_ASSERT_STRING_EQUAL(group_label(&r, (uint32_t)d), "numpy");
	CU_ASSERT_STRING_EQUAL(group_label(&r, (uint32_t)b), "built-ins");
	CU_ASSERT_EQUAL(r.ngroups, 4);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);

	/* the package rule */
	static const char *const cases[][2] = {
		{ "/x/lib/python3.11/site-packages/requests/api.py", "requests" },
		{ "/x/lib/python3.11/site-packages/six.py", "six" },
		{ "/usr/lib/python3/dist-packages/_cffi.cpython-311-x86_64-linux-gnu.so", "_cffi" },
		{ "/usr/lib/python3.11/json/decoder.py", "json (stdlib)" },
		{ "/usr/lib/python3.11/os.py", "os (stdlib)" },
		{ "/usr/lib/python3.11/lib-dynload/_json.cpython-311.so", "_json (stdlib)" },
		{ "C:\\Python311\\Lib\\json\\decoder.py", "json (stdlib)" },
		{ "<frozen importlib._bootstrap>", "importlib (stdlib)" },
		{ "<string>", "<string>" },
		{ "~", "built-ins" },
		{ "m.py", "." },
		{ "/a.py", "/" },
		{ "src/pkg/mod.py", "src/pkg" },
	};
	pv_buf b2 = PV_BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pv_buf_reset(&b2);
		pv_treefilter_package(cases[i][0], strlen(cases[i][0]), &b2);
		pv_buf_putc(&b2, 0);
		if (strcmp(b2.data, cases[i][1]) != 0)
			fprintf(stderr, "\n  %s: %s, not %s\n", cases[i][0], b2.data, cases[i][1]);
		CU_ASSERT_STRING_EQUAL(b2.data, cases[i][1]);
	}
	pv_buf_release(&b2);
	pv_profile_free(p);
}

static void test_zoom(void)
{
	pv_profile *p = hand();
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	o.min_fraction = 0;
	const uint32_t path[2] = { 0, 1 }; /* main, load */
	o.zoom = path;
	o.nzoom = 2;
	pv_calltree t = { 0 };
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(pv_calltree_build(p, &o, &t, &err), 0);
	CU_ASSERT_FATAL(t.zoom_node > 0);
	pv_treefilter f;
	pv_treefilter_init(&f);
	f.re[PV_TREEFILTER_HIDE] = "\\(loads\\)";
	f.min_fraction = 0.5; /* of the zoom box: 2 s */
	pv_treefilter_result r;
	CU_ASSERT_EQUAL_FATAL(pv_treefilter_apply(p, &t, &f, &r, &err), 0);
	const pv_calltree_node *N = r.tree.nodes;
	uint32_t z = r.tree.zoom_node;
	CU_ASSERT_FATAL(z > 0 && N[z].kind == PV_CALLTREE_FUNC);
	CU_ASSERT_STRING_EQUAL(name_of(p, N[z].func), "load");
	CU_ASSERT_DOUBLE_EQUAL(r.tree.min_time, 2.0, EPS);
	/* loads hidden: decode 2.5 is load's child, helper .5 went to OTHER */
	long d = child(p, &r.tree, z, "decode");
	CU_ASSERT_FATAL(d > 0);
	CU_ASSERT_DOUBLE_EQUAL(N[d].time, 2.5, EPS);
	CU_ASSERT_DOUBLE_EQUAL(N[z].self, 1.0, EPS);
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);
	/* the zoom box removed: the zoom is where it went (its parent) */
	f.re[PV_TREEFILTER_HIDE] = "\\(load\\)";
	CU_ASSERT_EQUAL_FATAL(pv_treefilter_apply(p, &t, &f, &r, &err), 0);
	CU_ASSERT_STRING_EQUAL(name_of(p, r.tree.nodes[r.tree.zoom_node].func), "main");
	invariants(&r.tree, NULL);
	pv_treefilter_release(&r);
	pv_calltree_release(&t);
	pv_profile_free(p);
}

/* ===================================================== the bound */

static void test_too_complex(void)
{
	pv_profile *p = hand();
	pv_treefilter_result r;
	pv_error err;
	clock_t t0 = clock();
	CU_ASSERT_EQUAL(run(p, "(a+)+$", NULL, NULL, NULL, 0, &r, &err), -2);
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CU_ASSERT_STRING_EQUAL(err.msg, "focus: regular expression too complex: gave up after "
					"1000000 steps");
	CU_ASSERT(s < 2.0);
	pv_treefilter_release(&r);
	CU_ASSERT_EQUAL(run(p, NULL, NULL, "(", NULL, 0, &r, &err), -2);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad hide");
	pv_treefilter_release(&r);
	pv_profile_free(p);
}

/* ===================================================== a real profile */

/* A byte per key: 1 where `re` matches the label. */
static uint8_t *mask_of(const pv_profile *p, const char *re)
{
	pv_pyre x;
	char msg[128];
	CU_ASSERT_EQUAL_FATAL(pv_pyre_compile(&x, re, msg, sizeof msg), 0);
	size_t n = pv_profile_nkeys(p);
	uint8_t *m = calloc(n + 1, 1);
	pv_buf l = PV_BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		pv_buf_reset(&l);
		pv_func_std_string(p, (uint32_t)k, &l);
		m[k] = pv_pyre_search(&x, l.data ? l.data : "", l.len) > 0;
	}
	pv_buf_release(&l);
	pv_pyre_free(&x);
	return m;
}

static void test_real(void)
{
	pv_profile *p = pv_test_need("serve", "py311_ut_json.pstats");
	static const struct {
		const char *re[4];
		pv_treefilter_gran gran;
	} cases[] = {
		{ { NULL, NULL, "unittest", NULL }, PV_TREEFILTER_FUNCTION },
		{ { "json", NULL, NULL, NULL }, PV_TREEFILTER_FUNCTION },
		{ { NULL, "case\\.py", NULL, NULL }, PV_TREEFILTER_FUNCTION },
		{ { NULL, NULL, NULL, "json|test" }, PV_TREEFILTER_FUNCTION },
		{ { "decoder", "scanner", "\\{", NULL }, PV_TREEFILTER_FILE },
		{ { NULL, NULL, NULL, NULL }, PV_TREEFILTER_PACKAGE },
		{ { NULL, NULL, "importlib", NULL }, PV_TREEFILTER_PACKAGE },
	};
	for (int callers = 0; callers <= 1; callers++) {
		pv_calltree t = { 0 };
		base_tree(p, callers, &t);
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			for (size_t budget = 50; budget <= 5000; budget *= 10) {
				pv_treefilter f;
				pv_treefilter_init(&f);
				for (int k = 0; k < 4; k++)
					f.re[k] = cases[i].re[k];
				f.gran = cases[i].gran;
				f.max_nodes = budget;
				f.min_fraction = budget == 50 ? 0.01 : 0.0001;
				pv_treefilter_result r;
				pv_error err;
				CU_ASSERT_EQUAL_FATAL(pv_treefilter_apply(p, &t, &f, &r, &err), 0);
				CU_ASSERT(r.tree.n <= budget);
				uint8_t *gone = f.re[2] ? mask_of(p, f.re[2]) : NULL;
				invariants(&r.tree, gone);
				/* hide and show never change the root's time; ignore only lowers it */
				if (!f.re[0] && !f.re[1])
					CU_ASSERT_DOUBLE_EQUAL(r.tree.nodes[0].time, t.nodes[0].time,
							       1e-9 * t.nodes[0].time);
				CU_ASSERT(r.tree.nodes[0].time <= t.nodes[0].time * (1 + 1e-12));
				free(gone);
				pv_treefilter_release(&r);
			}
		}
		pv_calltree_release(&t);
	}
	pv_profile_free(p);
}

/* ===================================================== /api/tree */

static int tree_get(const pv_profile *p, const char *raw, pv_buf *out, pv_error *err)
{
	pv_api_query aq;
	CU_ASSERT_EQUAL_FATAL(pv_api_query_parse(&aq, raw), 0);
	pv_api_tree_query *q = malloc(sizeof *q);
	int rc = pv_api_tree_query_parse(p, q, pv_api_query_arg, &aq, err);
	if (rc == 0) {
		pv_buf_reset(out);
		rc = pv_api_tree(p, NULL, q, out, err);
	}
	free(q);
	pv_api_query_release(&aq);
	return rc;
}

static void test_api(void)
{
	pv_profile *p = hand();
	pv_buf b = PV_BUF_INIT;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(tree_get(p, "group=package&hide=%5Cbdot&cutoff=0", &b, &err), 0);
	pv_buf_putc(&b, 0);
	cJSON *j = cJSON_Parse(b.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	cJSON *nodes = cJSON_GetObjectItem(j, "nodes");
	cJSON *groups = cJSON_GetObjectItem(j, "groups");
	CU_ASSERT_PTR_NOT_NULL_FATAL(groups);
	int count = cJSON_GetObjectItem(nodes, "count")->valueint;
	cJSON *g = cJSON_GetObjectItem(nodes, "group"), *kind = cJSON_GetObjectItem(nodes, "kind");
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(g), count);
	CU_ASSERT_EQUAL(count, 4); /* root, app, json, built-ins: numpy's dot hidden */
	for (int i = 0; i < count; i++) {
		int gi = cJSON_GetArrayItem(g, i)->valueint;
		if (cJSON_GetArrayItem(kind, i)->valueint == 1) {
			CU_ASSERT(gi >= 0 && gi < cJSON_GetArraySize(groups));
		} else {
			CU_ASSERT_EQUAL(gi, -1);
		}
	}
	CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(groups, 0)->valuestring, "/home/u/proj/app");
	cJSON_Delete(j);

	/* by function: no group column, the same shape as without filters */
	CU_ASSERT_EQUAL_FATAL(tree_get(p, "focus_re=helper", &b, &err), 0);
	pv_buf_putc(&b, 0);
	j = cJSON_Parse(b.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(j, "groups"));
	CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(j, "root_time")->valuedouble, 1.0, EPS);
	cJSON_Delete(j);

	/* errors: fixed texts naming the key */
	static const char *const bad[][2] = {
		{ "focus_re=(", "bad focus_re" }, { "ignore=", "bad ignore" },
		{ "hide=%5B", "bad hide" },       { "group=dir", "bad group" },
		{ "group=", "bad group" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(tree_get(p, bad[i][0], &b, &err), -1);
		CU_ASSERT_STRING_EQUAL(err.msg, bad[i][1]);
	}
	pv_buf raw = PV_BUF_INIT;
	pv_buf_puts(&raw, "show=");
	pv_buf_fill(&raw, 'x', PV_API_TREE_RE_MAX + 1);
	pv_buf_putc(&raw, 0);
	CU_ASSERT_EQUAL(tree_get(p, raw.data, &b, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad show");
	pv_buf_release(&raw);
	/* the bound: a 400 line naming the key, not the pattern */
	CU_ASSERT_EQUAL(tree_get(p, "ignore=(a%2B)%2B%24", &b, &err), -2);
	CU_ASSERT_STRING_EQUAL(err.msg, "ignore: regular expression too complex: gave up after "
					"1000000 steps");
	pv_buf_release(&b);
	pv_profile_free(p);
}

/* ===================================================== /api/dot */

/* The ids of the SVG's nodes, as "f0 f3 ..." in document order, into `ids`. */
static void dot_ids(const pv_profile *p, const char *raw, int *status, pv_buf *ids,
		    pv_error *err)
{
	pv_api_query aq;
	CU_ASSERT_EQUAL_FATAL(pv_api_query_parse(&aq, raw), 0);
	pv_buf out = PV_BUF_INIT;
	const char *type = NULL;
	*status = pv_api_dot(p, pv_api_query_arg, &aq, &out, &type, err);
	pv_api_query_release(&aq);
	pv_buf_reset(ids);
	pv_buf_putc(&out, 0);
	for (const char *s = out.data; *status == 200 && (s = strstr(s, "<g id=\"f"));) {
		const char *e = strchr(s + 7, '"');
		if (strncmp(e, "\" class=\"node\"", 14) == 0) {
			pv_buf_append(ids, s + 7, (size_t)(e - (s + 7)));
			pv_buf_putc(ids, ' ');
		}
		s = e;
	}
	pv_buf_putc(ids, 0);
	pv_buf_release(&out);
}

static void test_dot(void)
{
	pv_profile *p = hand();
	pv_buf ids = PV_BUF_INIT;
	pv_error err;
	int st;
	/* graph semantics: focus_re keeps the matches and every node on a
	   path to or from them; ignore and hide leave out the matches; show
	   keeps only them (ids: main 0, load 1, loads 2, decode 3, compute 4,
	   dot 5, len 6, helper 7, aaa 8) */
	static const char *const cases[][2] = {
		{ "node=0&edge=0", "f0 f1 f2 f3 f4 f5 f6 f7 f8" },
		{ "node=0&edge=0&focus_re=decode", "f0 f1 f2 f3" },
		{ "node=0&edge=0&focus_re=helper", "f0 f1 f4 f7" },
		{ "node=0&edge=0&focus_re=%5C(load%5C)&ignore=json", "f0 f1 f7" },
		{ "node=0&edge=0&ignore=%5C(load%5C)", "f0 f2 f3 f4 f5 f6 f7 f8" },
		{ "node=0&edge=0&hide=helper", "f0 f1 f2 f3 f4 f5 f6 f8" },
		{ "node=0&edge=0&show=json", "f2 f3" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dot_ids(p, cases[i][0], &st, &ids, &err);
		CU_ASSERT_EQUAL(st, 200);
		/* sorted for the comparison: Graphviz's order is its own */
		char got[256] = "";
		for (int k = 0; k <= 9; k++) {
			char want[8];
			snprintf(want, sizeof want, "f%d ", k);
			if (strstr(ids.data, want))
				strcat(got, want);
		}
		size_t n = strlen(got);
		if (n)
			got[n - 1] = 0;
		if (strcmp(got, cases[i][1]) != 0)
			fprintf(stderr, "\n  %s: %s\n", cases[i][0], got);
		CU_ASSERT_STRING_EQUAL(got, cases[i][1]);
	}
	dot_ids(p, "focus_re=(", &st, &ids, &err);
	CU_ASSERT_EQUAL(st, 400);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad focus_re");
	dot_ids(p, "show=", &st, &ids, &err);
	CU_ASSERT_EQUAL(st, 400);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad show");
	dot_ids(p, "ignore=(a%2B)%2B%24", &st, &ids, &err);
	CU_ASSERT_EQUAL(st, 400);
	CU_ASSERT_STRING_EQUAL(err.msg, "ignore: regular expression too complex: gave up after "
					"1000000 steps");
	pv_buf_release(&ids);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "nothing", test_nothing },
		{ "focus", test_focus },
		{ "ignore", test_ignore },
		{ "hide_show", test_hide_show },
		{ "order", test_order },
		{ "groups", test_groups },
		{ "zoom", test_zoom },
		{ "too_complex", test_too_complex },
		{ "real", test_real },
		{ "api", test_api },
		{ "dot", test_dot },
		{ NULL, NULL },
	};
	return pv_test_run("treefilter", tests);
}
