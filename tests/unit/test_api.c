/*
 * test_api.c - the viewer's JSON API (src/server/api.c): pstats' column
 * text, and every answer parsed back with cJSON (the escaping and number
 * formats themselves are test_json.c's).
 * Profiles come from tests/serve/data (copies of shared/corpus files).
 */
#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/api.h"
#include "pv/assets.h"
#include "pv/diff.h"
#include "pv/profile.h"

/* tests/serve/data/NAME; the test stops if it cannot be read. */
static pv_profile *load(const char *name)
{
	pv_profile *p = pv_test_load("serve", name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

typedef int (*answer_fn)(const pv_profile *, pv_buf *, pv_error *);

/* The text of an answer into *b; the test stops if it fails. */
static void answer_text(const pv_profile *p, answer_fn fn, pv_buf *b)
{
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(fn(p, b, &err), 0);
}

static void check_f3(double v, const char *want)
{
	char t[PV_API_F3_MAX];
	size_t n = pv_api_f3(v, t);
	CU_ASSERT_EQUAL(n, strlen(want));
	CU_ASSERT_STRING_EQUAL(t, want);
	if (strcmp(t, want) != 0)
		fprintf(stderr, "f3(%.17g): got %s want %s\n", v, t, want);
}

static void test_f3(void)
{
	check_f3(0.0625, "0.062");   /* exact tie: half to even, as Python */
	check_f3(0.1875, "0.188");
	check_f3(0.0005, "0.001");   /* not a tie in binary */
	check_f3(-0.0001, "-0.000");
	check_f3(-0.0, "-0.000");
	check_f3(1e8, "100000000.000");
	check_f3(NAN, "nan");
	check_f3(-NAN, "nan");
	check_f3(INFINITY, "inf");
	check_f3(-INFINITY, "-inf");
	char t[PV_API_F3_MAX];
	CU_ASSERT_EQUAL(pv_api_f3(-DBL_MAX, t), 314u);
}

/* The /api/functions entry whose name is `name`, or NULL. */
static cJSON *find_fn(cJSON *root, const char *name)
{
	cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(root, "functions"))
	{
		const cJSON *n = cJSON_GetObjectItem(f, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			return f;
	}
	return NULL;
}

static void check_text(cJSON *root, const char *name, const char *const want[5])
{
	cJSON *f = find_fn(root, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	cJSON *text = cJSON_GetObjectItem(f, "text");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(text), 5);
	for (int i = 0; i < 5; i++) {
		const char *got = cJSON_GetArrayItem(text, i)->valuestring;
		CU_ASSERT_STRING_EQUAL(got, want[i]);
		if (strcmp(got, want[i]) != 0)
			fprintf(stderr, "%s column %d: got '%s' want '%s'\n", name, i, got, want[i]);
	}
}

/* An answer parsed; none may hold "</", which would close a <script>. */
static cJSON *answer(pv_profile *p, answer_fn fn)
{
	pv_buf b = PV_BUF_INIT;
	answer_text(p, fn, &b);
	CU_ASSERT_PTR_NULL(strstr(b.data, "</"));
	/* cJSON refuses lone surrogates (\udcXX): make them \u00XX */
	for (char *u = b.data; u && (u = strstr(u, "\\ud")); u += 4)
		u[2] = '0', u[3] = '0';
	cJSON *j = cJSON_Parse(b.data ? b.data : "");
	CU_ASSERT_PTR_NOT_NULL(j);
	pv_buf_release(&b);
	return j;
}

/* The expected texts are what Python 3.11's pstats prints (f8 columns). */
static void test_columns_match_pstats(void)
{
	pv_profile *p = load("edge_numbers.pstats");
	cJSON *j = answer(p, pv_api_functions);
	check_text(j, "helper", (const char *const[]){ "7/3", "0.250", "0.036", "0.450", "0.150" });
	check_text(j, "zero_calls", (const char *const[]){ "0", "0.000", "", "0.000", "" });
	check_text(j, "negative_time", (const char *const[]){ "1", "-0.000", "-0.000", "-0.000", "-0.000" });
	check_text(j, "round_half", (const char *const[]){ "1", "0.013", "0.013", "2.001", "2.001" });
	check_text(j, "big_time", (const char *const[]){ "1", "123456.789", "123456.789",
							 "100000000.000", "100000000.000" });
	check_text(j, "int_times", (const char *const[]){ "4/2", "3.000", "0.750", "5.000", "2.500" });
	cJSON_Delete(j);
	pv_profile_free(p);

	p = load("edge_big_counts.pstats");
	j = answer(p, pv_api_functions);
	check_text(j, "big_counts", (const char *const[]){ "2147483653/2147483648", "1.000", "0.000",
							   "2.000", "0.000" });
	check_text(j, "huge_counts", (const char *const[]){ "100000000000000000000", "1.000", "0.000",
							    "1.000", "0.000" });
	check_text(j, "negative_counts", (const char *const[]){ "-3", "1.000", "-0.333", "1.000", "-0.333" });
	cJSON *h = find_fn(j, "huge_counts");
	CU_ASSERT(cJSON_IsString(cJSON_GetObjectItem(h, "nc")));
	cJSON_Delete(j);
	pv_profile_free(p);

	p = load("edge_nan_inf.pstats");
	j = answer(p, pv_api_functions);
	check_text(j, "nan", (const char *const[]){ "1", "nan", "nan", "nan", "nan" });
	check_text(j, "inf", (const char *const[]){ "1", "inf", "inf", "-inf", "-inf" });
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(find_fn(j, "nan"), "tt")));
	cJSON_Delete(j);
	pv_profile_free(p);
}

static void test_graph_matches_model(void)
{
	pv_profile *p = load("py311_ut_json.pstats");
	cJSON *j = answer(p, pv_api_graph);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	size_t nk = pv_profile_nkeys(p), ne = pv_profile_nedges(p);
	const pv_func *fn = pv_profile_funcs(p);
	const pv_edge *ed = pv_profile_edges(p);
	cJSON *funcs = cJSON_GetObjectItem(j, "functions");
	cJSON *edges = cJSON_GetObjectItem(j, "edges");
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(funcs, "count")->valueint, (int)nk);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(edges, "count")->valueint, (int)ne);
	const char *fcols[] = { "file", "line", "name", "flags", "nc", "cc", "tt", "ct", "text" };
	for (size_t i = 0; i < sizeof fcols / sizeof fcols[0]; i++)
		CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(funcs, fcols[i])), (int)nk);
	const char *ecols[] = { "caller", "callee", "nc", "cc", "tt", "ct", "flags" };
	for (size_t i = 0; i < sizeof ecols / sizeof ecols[0]; i++)
		CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(edges, ecols[i])), (int)ne);
	/* times read back as the very same doubles */
	int bad = 0;
	cJSON *tt = cJSON_GetObjectItem(funcs, "tt")->child;
	cJSON *ct = cJSON_GetObjectItem(funcs, "ct")->child;
	cJSON *names = cJSON_GetObjectItem(funcs, "name")->child;
	for (size_t i = 0; i < nk; i++) {
		size_t len;
		const char *nm = pv_profile_string(p, fn[i].name, &len);
		if (tt->valuedouble != fn[i].tt || ct->valuedouble != fn[i].ct ||
		    strlen(names->valuestring) != len || memcmp(names->valuestring, nm, len) != 0)
			bad++;
		tt = tt->next;
		ct = ct->next;
		names = names->next;
	}
	CU_ASSERT_EQUAL(bad, 0);
	cJSON *caller = cJSON_GetObjectItem(edges, "caller")->child;
	cJSON *callee = cJSON_GetObjectItem(edges, "callee")->child;
	cJSON *ect = cJSON_GetObjectItem(edges, "ct")->child;
	for (size_t i = 0; i < ne; i++) {
		if ((uint32_t)caller->valueint != ed[i].caller ||
		    (uint32_t)callee->valueint != ed[i].callee || ect->valuedouble != ed[i].ct)
			bad++;
		caller = caller->next;
		callee = callee->next;
		ect = ect->next;
	}
	CU_ASSERT_EQUAL(bad, 0);
	cJSON_Delete(j);
	pv_profile_free(p);
}

/* The summary's roots are the call tree's: node 0's children, with their times. */
static void test_roots(void)
{
	const char *files[] = { "py311_ut_json.pstats", "py311_recursion_profile.pstats" };
	for (size_t k = 0; k < 2; k++) {
		pv_profile *p = load(files[k]);
		pv_buf b = PV_BUF_INIT;
		pv_error err;
		CU_ASSERT_EQUAL_FATAL(pv_api_summary(p, &b, &err), 0);
		pv_buf_putc(&b, 0);
		cJSON *j = cJSON_Parse(b.data);
		cJSON *roots = cJSON_GetObjectItem(j, "roots");
		CU_ASSERT_FATAL(cJSON_GetArraySize(roots) >= 1);
		pv_calltree t;
		pv_calltree_opts o;
		pv_calltree_opts_init(&o);
		o.max_depth = 1;
		o.min_fraction = 0;
		o.max_nodes = pv_profile_nfuncs(p) + 2;
		CU_ASSERT_EQUAL_FATAL(pv_calltree_build(p, &o, &t, &err), 0);
		int i = 0;
		double sum = 0;
		for (uint32_t c = 0; c < t.nodes[0].nchildren; c++) {
			const pv_calltree_node *n = &t.nodes[t.nodes[0].first_child + c];
			if (n->kind != PV_CALLTREE_FUNC)
				continue;
			cJSON *r = cJSON_GetArrayItem(roots, i++);
			CU_ASSERT_EQUAL(cJSON_GetObjectItem(r, "id")->valueint, (int)n->func);
			CU_ASSERT_EQUAL(cJSON_GetObjectItem(r, "time")->valuedouble, n->time);
			sum += n->time;
		}
		CU_ASSERT_EQUAL(i, cJSON_GetArraySize(roots));
		CU_ASSERT(sum <= t.nodes[0].time * (1 + 1e-9));
		pv_calltree_release(&t);
		cJSON_Delete(j);
		pv_buf_release(&b);
		pv_profile_free(p);
	}
}

static void test_summary_and_function(void)
{
	pv_profile *p = load("py311_recursion.pstats");
	cJSON *j = answer(p, pv_api_summary);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "functions")->valueint, (int)pv_profile_nfuncs(p));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "edges")->valueint, (int)pv_profile_nedges(p));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "total_tt")->valuedouble, pv_profile_totals(p)->total_tt);
	CU_ASSERT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "roots")) >= 1);
	CU_ASSERT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "files")) == 1);
	cJSON_Delete(j);

	const pv_func *fn = pv_profile_funcs(p);
	const uint32_t *cs;
	CU_ASSERT_PTR_NOT_NULL_FATAL(pv_profile_callee_index(p, &cs));
	pv_error err;
	for (uint32_t id = 0; id < pv_profile_nkeys(p); id++) {
		pv_buf b = PV_BUF_INIT;
		CU_ASSERT_EQUAL_FATAL(pv_api_function(p, id, &b, &err), 0);
		j = cJSON_Parse(b.data);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j);
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "id")->valueint, (int)id);
		CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "callers")), (int)fn[id].ncallers);
		CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "callees")), (int)(cs[id + 1] - cs[id]));
		pv_buf lab = PV_BUF_INIT;
		pv_func_std_string(p, id, &lab);
		CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "label")->valuestring, lab.data);
		pv_buf_release(&lab);
		cJSON_Delete(j);
		pv_buf_release(&b);
	}
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_api_function(p, (uint32_t)pv_profile_nkeys(p), &b, &err), -1);
	CU_ASSERT(strlen(err.msg) > 0);
	pv_buf_release(&b);
	pv_profile_free(p);
}

/* The small answers byte for byte (as they were when cJSON built them). */
static void test_small_answers_bytes(void)
{
	pv_profile *p = load("edge_names.pstats");
	long id = pv_profile_find(p, "/srv/app/util/helper.py", 5, "helper");
	CU_ASSERT_FATAL(id >= 0);
	pv_buf b = PV_BUF_INIT;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(pv_api_function(p, (uint32_t)id, &b, &err), 0);
	CU_ASSERT_STRING_EQUAL(b.data,
		"{\"id\":1,\"label\":\"/srv/app/util/helper.py:5(helper)\","
		"\"file\":\"/srv/app/util/helper.py\",\"line\":5,\"name\":\"helper\","
		"\"has_stats\":true,\"nc\":7,\"cc\":3,\"tt\":0.25,\"ct\":0.45,"
		"\"text\":[\"7/3\",\"0.250\",\"0.036\",\"0.450\",\"0.150\"],"
		"\"callers\":[{\"id\":0,\"label\":\"/srv/app/main.py:10(main)\",\"nc\":3,"
		"\"cc\":3,\"tt\":0.1,\"ct\":0.4,\"counts_only\":false},"
		"{\"id\":1,\"label\":\"/srv/app/util/helper.py:5(helper)\",\"nc\":4,\"cc\":0,"
		"\"tt\":0.15,\"ct\":0.3,\"counts_only\":false}],"
		"\"callees\":[{\"id\":1,\"label\":\"/srv/app/util/helper.py:5(helper)\",\"nc\":4,"
		"\"cc\":0,\"tt\":0.15,\"ct\":0.3,\"counts_only\":false},"
		"{\"id\":2,\"label\":\"{built-in method builtins.len}\",\"nc\":20,\"cc\":20,"
		"\"tt\":0.002,\"ct\":0.002,\"counts_only\":false}]}");
	pv_buf_reset(&b);
	answer_text(p, pv_api_summary, &b);
	CU_ASSERT_EQUAL(strncmp(b.data, "{\"version\":1,\"sampled\":false,\"files\":[{\"path\":\"",
				47), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "}],\"functions\":19,\"keys\":19,\"edges\":3,"
					      "\"total_calls\":44,\"primitive_calls\":40,"
					      "\"total_tt\":0.253,\"roots\":[{\"id\":0,\"time\":0.5},"
					      /* the call tree's: helper's cumtime beyond main's edge */
					      "{\"id\":1,\"time\":0.049999999999999989}]}"));
	pv_buf_release(&b);
	pv_profile_free(p);
}

static void test_odd_names(void)
{
	pv_profile *p = load("edge_names.pstats");
	cJSON *j = answer(p, pv_api_functions);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	/* the undecodable byte of the file name comes back as U+DCFF */
	cJSON *f = find_fn(j, "lone_surrogate");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(f, "label")->valuestring,
			       "/srv/surrogate\xc3\xbf.py:10(lone_surrogate)");
	f = find_fn(j, "new\nline");
	CU_ASSERT_PTR_NOT_NULL(f);
	f = find_fn(j, "\xce\xbb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(f, "label")->valuestring,
			       "/srv/\xe6\x97\xa5\xe6\x9c\xac/x.py:4(\xce\xbb)");
	f = find_fn(j, "<built-in method builtins.len>");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(f, "label")->valuestring,
			       "{built-in method builtins.len}");
	cJSON_Delete(j);
	j = answer(p, pv_api_graph);
	CU_ASSERT_PTR_NOT_NULL(j);
	cJSON_Delete(j);
	pv_profile_free(p);
}

/* ===================================================== /api/tree */

/* The tree answer for `q`, parsed; the test stops if it fails. */
static cJSON *tree_answer(const pv_profile *p, const pv_api_tree_query *q)
{
	pv_buf b = PV_BUF_INIT;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(pv_api_tree(p, NULL, q, &b, &err), 0);
	CU_ASSERT_PTR_NULL(strstr(b.data, "</"));
	cJSON *j = cJSON_Parse(b.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	pv_buf_release(&b);
	return j;
}

static double col_num(const cJSON *col, int i)
{
	return cJSON_GetArrayItem(col, i)->valuedouble;
}

/* A column as doubles (cJSON's arrays are lists: item i is O(i)). */
static double *col_array(const cJSON *col, int n)
{
	double *a = calloc((size_t)(n ? n : 1), sizeof *a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	int i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, col)
	{
		if (i < n)
			a[i++] = e->valuedouble;
	}
	return a;
}

/*
 * What every tree answer holds: equal columns, node 0 the root, parents
 * before children, each parent's children contiguous, and each root or
 * function node's self + children + hidden equal to its time (OTHER and
 * UNPLACED boxes are leaves without parts, as in test_calltree.c).  Returns the node count.
 */
static int check_tree(const pv_profile *p, cJSON *j, size_t budget)
{
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "version")->valueint, 1);
	CU_ASSERT(cJSON_IsBool(cJSON_GetObjectItem(j, "truncated")));
	CU_ASSERT(cJSON_IsNumber(cJSON_GetObjectItem(j, "min_time")));
	cJSON *nodes = cJSON_GetObjectItem(j, "nodes");
	CU_ASSERT_PTR_NOT_NULL_FATAL(nodes);
	int n = cJSON_GetObjectItem(nodes, "count")->valueint;
	CU_ASSERT_FATAL(n >= 1);
	CU_ASSERT((size_t)n <= budget);
	static const char *const cols[] = { "kind", "func", "parent", "time", "self",
					    "hidden", "certain", "flags", "merged" };
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
		CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(nodes, cols[c])), n);
		if (cJSON_GetArraySize(cJSON_GetObjectItem(nodes, cols[c])) != n)
			fprintf(stderr, "column %s: %d entries, %d nodes\n", cols[c],
				cJSON_GetArraySize(cJSON_GetObjectItem(nodes, cols[c])), n);
	}
	double *kind = col_array(cJSON_GetObjectItem(nodes, "kind"), n);
	double *func = col_array(cJSON_GetObjectItem(nodes, "func"), n);
	double *parent = col_array(cJSON_GetObjectItem(nodes, "parent"), n);
	double *time = col_array(cJSON_GetObjectItem(nodes, "time"), n);
	double *self = col_array(cJSON_GetObjectItem(nodes, "self"), n);
	double *hidden = col_array(cJSON_GetObjectItem(nodes, "hidden"), n);
	double *certain = col_array(cJSON_GetObjectItem(nodes, "certain"), n);
	double *flags = col_array(cJSON_GetObjectItem(nodes, "flags"), n);
	double *merged = col_array(cJSON_GetObjectItem(nodes, "merged"), n);
	CU_ASSERT_EQUAL(kind[0], 0);
	CU_ASSERT_EQUAL(parent[0], -1);
	CU_ASSERT_EQUAL(func[0], -1);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "root_time")->valuedouble, time[0]);
	int df = cJSON_GetObjectItem(j, "default_focus")->valueint;
	CU_ASSERT(df >= 0 && df < n);

	double *kids = calloc((size_t)n, sizeof *kids);
	int *first = malloc((size_t)n * sizeof *first), *last = malloc((size_t)n * sizeof *last);
	int *nkids = calloc((size_t)n, sizeof *nkids);
	CU_ASSERT_FATAL(kids && first && last && nkids);
	int bad_order = 0, bad_node = 0;
	for (int i = 1; i < n; i++) {
		int k = (int)kind[i], f = (int)func[i], par = (int)parent[i];
		int ok = k >= 1 && k <= 3;
		if (k == 1)
			ok = ok && f >= 0 && (size_t)f < pv_profile_nfuncs(p);
		else
			ok = ok && f == -1;
		ok = ok && (k == 2 ? merged[i] >= 1 : merged[i] == 0);
		bad_node += !ok;
		if (!(par >= 0 && par < i)) {
			bad_order++;
			continue;
		}
		if (nkids[par]++ == 0)
			first[par] = i;
		last[par] = i;
		kids[par] += time[i];
	}
	CU_ASSERT_EQUAL(bad_node, 0);
	CU_ASSERT_EQUAL(bad_order, 0);
	int bad_sum = 0, not_contiguous = 0, bad_flags = 0;
	for (int i = 0; i < n; i++) {
		if (nkids[i] && last[i] - first[i] + 1 != nkids[i])
			not_contiguous++;
		bad_flags += !(flags[i] >= 0 && flags[i] <= 7) || certain[i] > time[i] + 1e-9;
		/* OTHER and UNPLACED are leaves with no parts: their time is all theirs */
		if (kind[i] >= 2) {
			bad_sum += nkids[i] != 0 || self[i] != 0 || hidden[i] != 0;
			continue;
		}
		double sum = self[i] + kids[i] + hidden[i];
		if (fabs(sum - time[i]) > 1e-9) {
			if (bad_sum++ < 5)
				fprintf(stderr, "node %d: time %.17g, self+children+hidden %.17g\n", i,
					time[i], sum);
		}
	}
	CU_ASSERT_EQUAL(bad_sum, 0);
	CU_ASSERT_EQUAL(not_contiguous, 0);
	CU_ASSERT_EQUAL(bad_flags, 0);
	double *arrays[] = { kind, func, parent, time, self, hidden, certain, flags, merged };
	for (size_t c = 0; c < sizeof arrays / sizeof arrays[0]; c++)
		free(arrays[c]);
	free(kids);
	free(first);
	free(last);
	free(nkids);
	return n;
}

static void test_tree(void)
{
	const char *files[] = { "py311_recursion.pstats", "py311_ut_json.pstats",
				"py36_ut_json.pstats", "py311_recursion_profile.pstats",
				"edge_names.pstats" };
	const size_t budgets[] = { 1, 2, 10, 100, PV_API_TREE_NODES_DEFAULT, PV_API_TREE_NODES_MAX };
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		pv_profile *p = load(files[f]);
		/* the defaults, by NULL and by an initialised query */
		cJSON *j = tree_answer(p, NULL);
		check_tree(p, j, PV_API_TREE_NODES_DEFAULT);
		cJSON_Delete(j);
		for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
			pv_api_tree_query q;
			pv_api_tree_query_init(&q);
			q.nodes = budgets[b];
			q.cutoff = b % 2 ? 0 : 0.01;
			q.depth = b == 2 ? 3 : PV_API_TREE_DEPTH_DEFAULT;
			j = tree_answer(p, &q);
			int n = check_tree(p, j, budgets[b]);
			if (budgets[b] == 1) {
				CU_ASSERT_EQUAL(n, 1);
			}
			cJSON_Delete(j);
		}
		pv_profile_free(p);
	}
}

/* With focus=ID the root has one child: that function, with its cumtime. */
static void test_tree_focus(void)
{
	pv_profile *p = load("py311_ut_json.pstats");
	const pv_func *fn = pv_profile_funcs(p);
	size_t nf = pv_profile_nfuncs(p);
	for (size_t id = 0; id < nf; id += nf / 40 + 1) {
		pv_api_tree_query q;
		pv_api_tree_query_init(&q);
		q.focus = (uint32_t)id;
		cJSON *j = tree_answer(p, &q);
		int n = check_tree(p, j, q.nodes);
		cJSON *nodes = cJSON_GetObjectItem(j, "nodes");
		cJSON *parent = cJSON_GetObjectItem(nodes, "parent");
		int roots = 0;
		for (int i = 1; i < n; i++)
			roots += col_num(parent, i) == 0;
		if (fn[id].ct > 0) {
			CU_ASSERT_EQUAL(roots, 1);
			CU_ASSERT_FATAL(n >= 2);
			CU_ASSERT_EQUAL(col_num(cJSON_GetObjectItem(nodes, "kind"), 1), 1);
			CU_ASSERT_EQUAL(col_num(cJSON_GetObjectItem(nodes, "func"), 1), (double)id);
			CU_ASSERT_DOUBLE_EQUAL(col_num(cJSON_GetObjectItem(nodes, "time"), 1), fn[id].ct,
					       1e-12 * (1 + fn[id].ct));
			CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "default_focus")->valueint, 1);
		} else {
			CU_ASSERT(roots <= 1);
		}
		cJSON_Delete(j);
	}
	pv_profile_free(p);
}

/* The four values of a query as a pv_api_arg sees them (NULL: absent). */
typedef struct four {
	const char *focus, *nodes, *cutoff, *depth;
} four;

static const char *four_arg(void *ctx, const char *key)
{
	const four *f = ctx;
	return strcmp(key, "focus") == 0 ? f->focus : strcmp(key, "nodes") == 0 ? f->nodes
	     : strcmp(key, "cutoff") == 0 ? f->cutoff : strcmp(key, "depth") == 0 ? f->depth
	     : NULL;
}

static int parse4(const pv_profile *p, pv_api_tree_query *q, const char *F, const char *N,
		  const char *C, const char *D, pv_error *err)
{
	four f = { F, N, C, D };
	return pv_api_tree_query_parse(p, q, four_arg, &f, err);
}

/* The query parser: what it takes and what it refuses, and how it says so. */
static void test_tree_query(void)
{
	pv_profile *p = load("py311_ut_json.pstats");
	char nf[24], big[24];
	snprintf(nf, sizeof nf, "%zu", pv_profile_nfuncs(p));
	snprintf(big, sizeof big, "%d", PV_API_TREE_NODES_MAX + 1);
	pv_api_tree_query q;
	pv_error err;
	CU_ASSERT_EQUAL(parse4(p, &q, NULL, NULL, NULL, NULL, &err), 0);
	CU_ASSERT_EQUAL(q.focus, PV_CALLTREE_NONE);
	CU_ASSERT_EQUAL(q.nodes, 2000u);
	CU_ASSERT_EQUAL(q.cutoff, 0.001);
	CU_ASSERT_EQUAL(q.depth, 64u);
	CU_ASSERT_EQUAL(parse4(p, &q, "0", "200000", "1e-3", "1024", &err), 0);
	CU_ASSERT_EQUAL(q.focus, 0u);
	CU_ASSERT_EQUAL(q.nodes, 200000u);
	CU_ASSERT_EQUAL(q.cutoff, 0.001);
	CU_ASSERT_EQUAL(q.depth, 1024u);
	CU_ASSERT_EQUAL(parse4(p, &q, NULL, "1", "0", "1", &err), 0);
	CU_ASSERT_EQUAL(parse4(p, &q, NULL, NULL, "1", NULL, &err), 0);
	CU_ASSERT_EQUAL(parse4(p, &q, NULL, NULL, ".5", NULL, &err), 0);
	CU_ASSERT_EQUAL(q.cutoff, 0.5);

	static const char *const bad_focus[] = { "", "abc", "-1", "1x", " 1", "+1", "0x1",
						 "99999999999", "999999999" };
	static const char *const bad_nodes[] = { "", "abc", "0", "-5", "1e3", " 5", "5 ",
						 "2000.0", "99999999999" };
	static const char *const bad_cutoff[] = { "", "2", "-0.1", "1.0000001", "nan", "NAN",
						  "inf", "-inf", "0x1p-3", " 0.1", "0.1 ", "1e",
						  "e", ".", "--1", "1e999", "abc" };
	static const char *const bad_depth[] = { "", "0", "1025", "x", "-1", "1.5" };
#define REFUSED(list, F, N, C, D, what)                                                   \
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {                       \
		const char *v = list[i];                                                  \
		(void)v;                                                                  \
		err.msg[0] = 0;                                                           \
		CU_ASSERT_EQUAL(parse4(p, &q, F, N, C, D, &err), -1);    \
		CU_ASSERT(strcmp(err.msg, what) == 0 || strcmp(err.msg, "no such function") == 0); \
		CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));                                \
		if (*v) {                                                                 \
			CU_ASSERT_PTR_NULL(strstr(err.msg, v));                           \
		}                                                                         \
	}
	REFUSED(bad_focus, v, NULL, NULL, NULL, "bad focus");
	REFUSED(bad_nodes, NULL, v, NULL, NULL, "bad nodes");
	REFUSED(bad_cutoff, NULL, NULL, v, NULL, "bad cutoff");
	REFUSED(bad_depth, NULL, NULL, NULL, v, "bad depth");
#undef REFUSED
	CU_ASSERT_EQUAL(parse4(p, &q, nf, NULL, NULL, NULL, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "no such function");
	CU_ASSERT_EQUAL(parse4(p, &q, NULL, big, NULL, NULL, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad nodes");

	/* pv_api_tree refuses a query out of its limits however it was made */
	pv_buf b = PV_BUF_INIT;
	pv_api_tree_query_init(&q);
	q.nodes = PV_API_TREE_NODES_MAX + 1;
	CU_ASSERT_EQUAL(pv_api_tree(p, NULL, &q, &b, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad nodes");
	pv_api_tree_query_init(&q);
	q.nodes = 0;
	CU_ASSERT_EQUAL(pv_api_tree(p, NULL, &q, &b, &err), -1);
	pv_api_tree_query_init(&q);
	q.cutoff = NAN;
	CU_ASSERT_EQUAL(pv_api_tree(p, NULL, &q, &b, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad cutoff");
	pv_api_tree_query_init(&q);
	q.focus = (uint32_t)pv_profile_nfuncs(p);
	CU_ASSERT_EQUAL(pv_api_tree(p, NULL, &q, &b, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "no such function");
	pv_api_tree_query_init(&q);
	q.depth = 0;
	CU_ASSERT_EQUAL(pv_api_tree(p, NULL, &q, &b, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad depth");
	pv_buf_release(&b);
	pv_profile_free(p);
}

/* ===================================================== the router */

/* pv_api_get on a raw query; returns the status, the body parsed into *j (or NULL). */
static int get(pv_api *a, const char *path, const char *query, cJSON **j)
{
	pv_api_query q;
	CU_ASSERT_EQUAL_FATAL(pv_api_query_parse(&q, query), 0);
	pv_buf b = PV_BUF_INIT;
	const char *type = NULL;
	int status = pv_api_get(a, path, pv_api_query_arg, &q, &b, &type);
	CU_ASSERT_STRING_EQUAL(type, "application/json");
	pv_buf_putc(&b, 0);
	*j = b.data ? cJSON_Parse(b.data) : NULL;
	CU_ASSERT_PTR_NOT_NULL(*j);
	pv_buf_release(&b);
	pv_api_query_release(&q);
	return status;
}

static void test_query_string(void)
{
	pv_api_query q;
	CU_ASSERT_EQUAL(pv_api_query_parse(&q, "?a=1&b=x%20y+z&&c&d=%00%41&e=%zz"), 0);
	CU_ASSERT_EQUAL(q.n, 5);
	CU_ASSERT_STRING_EQUAL(pv_api_query_arg(&q, "a"), "1");
	CU_ASSERT_STRING_EQUAL(pv_api_query_arg(&q, "b"), "x y z");
	CU_ASSERT_STRING_EQUAL(pv_api_query_arg(&q, "c"), "");
	/* a decoded NUL would cut the value short: %00 stays as it is */
	CU_ASSERT_STRING_EQUAL(pv_api_query_arg(&q, "d"), "%00A");
	CU_ASSERT_STRING_EQUAL(pv_api_query_arg(&q, "e"), "%zz");
	CU_ASSERT_PTR_NULL(pv_api_query_arg(&q, "f"));
	pv_api_query_release(&q);
	/* more than 32 keys is refused */
	char many[400] = "";
	for (int i = 0; i < 33; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "k%d=1&", i);
	CU_ASSERT_EQUAL(pv_api_query_parse(&q, many), -1);
	pv_api_query_release(&q);
}

/* Whether the label of function id holds `text`, without regard to ASCII case. */
static int label_has(const pv_profile *p, uint32_t id, const char *text)
{
	pv_buf b = PV_BUF_INIT;
	pv_func_std_string(p, id, &b);
	pv_buf_putc(&b, 0);
	for (char *c = b.data; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	int in = strstr(b.data, text) != NULL;
	pv_buf_release(&b);
	return in;
}

static void test_router_table(void)
{
	pv_profile *p = load("py311_ut_json.pstats");
	pv_api *a = pv_api_new(p, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	cJSON *j;
	/* one page, sorted by tottime, largest first */
	CU_ASSERT_EQUAL(get(a, "/api/functions", "sort=tottime&limit=50", &j), 200);
	CU_ASSERT_EQUAL((size_t)cJSON_GetObjectItem(j, "total")->valuedouble, nf);
	cJSON *rows = cJSON_GetObjectItem(j, "functions");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(rows), 50);
	double last = INFINITY;
	for (int i = 0; i < cJSON_GetArraySize(rows); i++) {
		int id = cJSON_GetObjectItem(cJSON_GetArrayItem(rows, i), "id")->valueint;
		CU_ASSERT(fn[id].tt <= last);
		last = fn[id].tt;
	}
	cJSON_Delete(j);
	/* every function once over the pages, in either direction */
	for (int desc = 0; desc < 2; desc++) {
		unsigned char *seen = calloc(nf, 1);
		size_t count = 0;
		for (size_t off = 0; off < nf; off += 500) {
			char q[80];
			snprintf(q, sizeof q, "sort=stdname&desc=%d&offset=%zu&limit=500", desc, off);
			CU_ASSERT_EQUAL(get(a, "/api/functions", q, &j), 200);
			cJSON *r;
			cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "functions")) {
				int id = cJSON_GetObjectItem(r, "id")->valueint;
				CU_ASSERT(!seen[id]);
				seen[id] = 1;
				count++;
			}
			cJSON_Delete(j);
		}
		CU_ASSERT_EQUAL(count, nf);
		free(seen);
	}
	/* search: the same functions as the labels written out, with or without digits */
	/* in two orders each; texts typed on from the last (the server narrows
	   its last matches) and texts that are not */
	static const char *const texts[] = { "json", "DECODE", "0", "12", "py:1", "built-in",
					     "{built", "(run)", "~", "e/", "zzzz",
					     "d", "de", "dEc", "deco", "decoder", "decoder.py:3",
					     "1", "12", "py", "py:", "py:1", "y:", "p" };
	for (size_t t = 0; t < 2 * (sizeof texts / sizeof texts[0]); t++) {
		char q[80], low[40];
		const char *text = texts[t / 2];
		snprintf(q, sizeof q, "q=%s&limit=2000&sort=%s", text, t % 2 ? "tottime" : "cumtime");
		for (size_t i = 0; i <= strlen(text); i++)
			low[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] - 'A' + 'a' : text[i]);
		CU_ASSERT_EQUAL(get(a, "/api/functions", q, &j), 200);
		size_t want = 0;
		for (size_t id = 0; id < nf; id++)
			want += label_has(p, (uint32_t)id, low);
		size_t total = (size_t)cJSON_GetObjectItem(j, "total")->valuedouble;
		CU_ASSERT_EQUAL(total, want);
		if (total != want)
			fprintf(stderr, "\n  q=%s: %zu, labels %zu\n", text, total, want);
		cJSON *r;
		cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "functions"))
			CU_ASSERT(label_has(p, (uint32_t)cJSON_GetObjectItem(r, "id")->valueint, low));
		cJSON_Delete(j);
	}
	/* refusals: fixed texts */
	static const struct {
		const char *q, *msg;
	} bad[] = {
		{ "sort=bogus", "bad sort" }, { "sort=dcumtime", "bad sort" }, { "desc=2", "bad desc" },
		{ "limit=0", "bad limit" }, { "limit=2001", "bad limit" }, { "offset=-1", "bad offset" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(get(a, "/api/functions", bad[i].q, &j), 400);
		CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "error")->valuestring, bad[i].msg);
		cJSON_Delete(j);
	}
	/* rank=ID: the row of ID in the order asked, as the pages put it */
	for (int desc = 0; desc < 2; desc++) {
		char q[96];
		snprintf(q, sizeof q, "sort=cumtime&desc=%d&offset=700&limit=1", desc);
		CU_ASSERT_EQUAL(get(a, "/api/functions", q, &j), 200);
		int id = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "functions"), 0), "id")->valueint;
		cJSON_Delete(j);
		snprintf(q, sizeof q, "sort=cumtime&desc=%d&limit=1&rank=%d", desc, id);
		CU_ASSERT_EQUAL(get(a, "/api/functions", q, &j), 200);
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "rank")->valueint, 700);
		cJSON_Delete(j);
	}
	CU_ASSERT_EQUAL(get(a, "/api/functions", "q=json/decoder&limit=5&rank=0", &j), 200);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "rank")->valueint, label_has(p, 0, "json/decoder") ? 0 : -1);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/functions", "rank=x", &j), 400);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/functions", "offset=999999&limit=10", &j), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "functions")), 0);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/nothing", "", &j), 404);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/diff", "", &j), 404);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/function", "id=abc", &j), 400);
	cJSON_Delete(j);
	pv_api_free(a);
	pv_profile_free(p);
}

/* The callers tree: self time at the first level, callers' shares above, boxes filled. */
static void test_router_callers(void)
{
	pv_profile *p = load("py311_ut_json.pstats");
	pv_api *a = pv_api_new(p, NULL, NULL);
	const pv_func *fn = pv_profile_funcs(p);
	cJSON *j;
	CU_ASSERT_EQUAL(get(a, "/api/tree", "dir=callers&nodes=3000&cutoff=0.0001&depth=12", &j), 200);
	cJSON *N = cJSON_GetObjectItem(j, "nodes");
	int n = cJSON_GetObjectItem(N, "count")->valueint;
	CU_ASSERT(n > 100);
	cJSON *kind = cJSON_GetObjectItem(N, "kind"), *func = cJSON_GetObjectItem(N, "func");
	cJSON *parent = cJSON_GetObjectItem(N, "parent"), *time = cJSON_GetObjectItem(N, "time");
	cJSON *self = cJSON_GetObjectItem(N, "self"), *hidden = cJSON_GetObjectItem(N, "hidden");
	cJSON *flags = cJSON_GetObjectItem(N, "flags");
	double *kids = calloc((size_t)n, sizeof *kids);
	double total = 0;
	for (size_t f = 0; f < pv_profile_nfuncs(p); f++)
		total += fn[f].tt > 0 ? fn[f].tt : 0;
	CU_ASSERT(fabs(cJSON_GetArrayItem(time, 0)->valuedouble - total) <= 1e-9 * total);
	for (int i = 1; i < n; i++) {
		int par = cJSON_GetArrayItem(parent, i)->valueint;
		double t = cJSON_GetArrayItem(time, i)->valuedouble;
		kids[par] += t;
		/* the first level: a function's tottime, pstats' number */
		if (par == 0 && cJSON_GetArrayItem(kind, i)->valueint == 1) {
			int f = cJSON_GetArrayItem(func, i)->valueint;
			CU_ASSERT_EQUAL(t, fn[f].tt);
			CU_ASSERT(cJSON_GetArrayItem(flags, i)->valueint & 1);
		}
		/* a path never repeats a function */
		int f = cJSON_GetArrayItem(func, i)->valueint;
		for (int up = par; f >= 0 && up > 0; up = cJSON_GetArrayItem(parent, up)->valueint)
			CU_ASSERT(cJSON_GetArrayItem(func, up)->valueint != f);
	}
	for (int i = 0; i < n; i++) {
		if (cJSON_GetArrayItem(kind, i)->valueint > 1)
			continue; /* OTHER boxes are leaves: no self, no hidden time */
		double t = cJSON_GetArrayItem(time, i)->valuedouble;
		double sum = kids[i] + cJSON_GetArrayItem(self, i)->valuedouble +
			     cJSON_GetArrayItem(hidden, i)->valuedouble;
		CU_ASSERT(fabs(sum - t) <= 1e-9 * (t > 1 ? t : 1));
		CU_ASSERT(kids[i] <= t * (1 + 1e-9));
	}
	free(kids);
	cJSON_Delete(j);
	/* a zoom path: the box of the largest tottime, then its first caller */
	CU_ASSERT_EQUAL(get(a, "/api/functions", "sort=tottime&limit=1", &j), 200);
	int top = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "functions"), 0), "id")->valueint;
	cJSON_Delete(j);
	char q[96];
	snprintf(q, sizeof q, "dir=callers&zoom=%d&depth=3", top);
	CU_ASSERT_EQUAL(get(a, "/api/tree", q, &j), 200);
	int zn = cJSON_GetObjectItem(j, "zoom_node")->valueint;
	CU_ASSERT(zn > 0);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "zoom_matched")->valueint, 1);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "nodes"), "func"), zn)->valueint, top);
	cJSON_Delete(j);
	/* a stale id stops the path */
	snprintf(q, sizeof q, "dir=callers&zoom=%d,%d", top, top);
	CU_ASSERT_EQUAL(get(a, "/api/tree", q, &j), 200);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "zoom_matched")->valueint, 1);
	cJSON_Delete(j);
	/* a focus: its cumtime on top */
	snprintf(q, sizeof q, "dir=callers&focus=%d", top);
	CU_ASSERT_EQUAL(get(a, "/api/tree", q, &j), 200);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "nodes"), "time"), 1)->valuedouble,
			fn[top].ct);
	cJSON_Delete(j);
	static const char *const bad[] = { "dir=up", "zoom=1,,2", "zoom=x", "zoom=99999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(get(a, "/api/tree", bad[i], &j), 400);
		cJSON_Delete(j);
	}
	pv_api_free(a);
	pv_profile_free(p);
}

/* /api/function?label=: every function of a profile found by its pstats label. */
static void test_router_label(void)
{
	const char *files[] = { "py311_ut_json.pstats", "edge_names.pstats", "py311_recursion_profile.pstats" };
	for (size_t k = 0; k < 3; k++) {
		pv_profile *p = load(files[k]);
		pv_api *a = pv_api_new(p, NULL, NULL);
		size_t bad = 0;
		for (size_t id = 0; id < pv_profile_nkeys(p); id++) {
			pv_buf lab = PV_BUF_INIT, q = PV_BUF_INIT;
			pv_func_std_string(p, (uint32_t)id, &lab);
			pv_buf_puts(&q, "label=");
			for (size_t i = 0; i < lab.len; i++)
				pv_buf_printf(&q, "%%%02X", (unsigned char)lab.data[i]);
			pv_buf_putc(&q, 0);
			/* the answer's first member is its id (cJSON cannot read every
			   name the model keeps, e.g. a lone surrogate) */
			pv_api_query qq;
			CU_ASSERT_EQUAL_FATAL(pv_api_query_parse(&qq, q.data), 0);
			pv_buf body = PV_BUF_INIT;
			const char *type;
			int st = pv_api_get(a, "/api/function", pv_api_query_arg, &qq, &body, &type);
			pv_buf_putc(&body, 0);
			char want[40];
			snprintf(want, sizeof want, "{\"id\":%zu,", id);
			if (st != 200 || strncmp(body.data, want, strlen(want)) != 0) {
				bad++;
				fprintf(stderr, "\n  %s: label of %zu: status %d\n", files[k], id, st);
			}
			pv_buf_release(&body);
			pv_api_query_release(&qq);
			pv_buf_release(&lab);
			pv_buf_release(&q);
		}
		CU_ASSERT_EQUAL(bad, 0);
		cJSON *j;
		CU_ASSERT_EQUAL(get(a, "/api/function", "label=nope.py:1(x)", &j), 404);
		cJSON_Delete(j);
		pv_api_free(a);
		pv_profile_free(p);
	}
}

static void test_static_page(void)
{
	pv_profile *p = load("py311_recursion.pstats");
	pv_buf b = PV_BUF_INIT;
	answer_text(p, pv_api_static_page, &b);
	/* the engine and the profile, base64 (docs/wasm.md) */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<script type=\"application/octet-stream\" id=\"pv-wasm\">AGFzbQ"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<script type=\"application/octet-stream\" id=\"pv-profile\">e"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<script type=\"application/octet-stream\" id=\"pv-meta\">UFZNMQ"));
	/* the graph answer only while the viewer's bundle reads it */
	const pv_asset *app = pv_asset_find("/app.js");
	int data = app && strstr((const char *)app->data, "pv-data") != NULL;
	CU_ASSERT_EQUAL(strstr(b.data, "<script type=\"application/json\" id=\"pv-data\">{") != NULL, data);
	CU_ASSERT_PTR_NULL(strstr(b.data, "src=\"app.js\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "src=\"main.js\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "type=\"module\""));
	/* the bundle of web/'s modules, and the icon as a data: URI */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "generated by cmake/bundle.cmake"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml,%3Csvg"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "href=\"favicon.svg\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "href=\"style.css\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "<!--pv:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "default-src 'none'; script-src 'unsafe-inline' "
					      "'wasm-unsafe-eval'; style-src 'unsafe-inline'; "
					      "img-src data: blob:\""));
	/* exactly the scripts we put there: wasm, profile, meta, (data) and app */
	size_t scripts = 0;
	for (const char *s = b.data; (s = strstr(s, "</script>")); s++)
		scripts++;
	CU_ASSERT_EQUAL(scripts, 4u + (size_t)data);
	pv_buf_release(&b);
	pv_profile_free(p);
}

static void test_assets(void)
{
	const char *need[] = { "/index.html", "/app.js", "/style.css", "/favicon.svg", "/main.js",
			       "/core/ctree.js", "/flame.js" };
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		const pv_asset *a = pv_asset_find(need[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT(a->size > 0);
		CU_ASSERT_EQUAL(a->data[a->size], 0);
	}
	CU_ASSERT_PTR_NULL(pv_asset_find("/"));
	CU_ASSERT_PTR_NULL(pv_asset_find("index.html"));
	CU_ASSERT_PTR_NULL(pv_asset_find("/../index.html"));
	CU_ASSERT_PTR_NULL(pv_asset_find(NULL));
	/* app.js is inlined by the exporter: it must not close its element */
	const pv_asset *js = pv_asset_find("/app.js");
	CU_ASSERT_PTR_NULL(strstr((const char *)js->data, "</"));
	/* flame.js goes in an SVG's CDATA section */
	CU_ASSERT_PTR_NULL(strstr((const char *)pv_asset_find("/flame.js")->data, "]]>"));
}

/* ===================================================== diff mode: /api/treediff, gone rows, dpct */

/* The column `key` of an answer's "nodes" as numbers. */
static double node_num(cJSON *j, const char *key, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "nodes"), key), i)->valuedouble;
}

static int node_count(cJSON *j)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(j, "nodes"), "count")->valueint;
}

/* /api/tree and /api/treediff for one query: the same nodes, base of each. */
static void tree_and_diff(pv_api *a, const char *query, cJSON **t, cJSON **td)
{
	CU_ASSERT_EQUAL(get(a, "/api/tree", query, t), 200);
	CU_ASSERT_EQUAL(get(a, "/api/treediff", query, td), 200);
	CU_ASSERT_EQUAL_FATAL(node_count(*t), node_count(*td));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(*td, "nodes"), "base")),
			node_count(*t));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(*t, "root_time")->valuedouble,
			cJSON_GetObjectItem(*td, "root_time")->valuedouble);
}

static void test_treediff_self(void)
{
	pv_profile *p = load("py311_ut_json.pstats");
	pv_diff d;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(pv_diff_compute(p, p, PV_DIFF_MATCH_EXACT, &d, &err), 0);
	pv_api *a = pv_api_new(p, &d, "self");
	cJSON *t, *td;
	/* a zoom path: the functions above the deepest function box of a small tree */
	CU_ASSERT_EQUAL(get(a, "/api/tree", "nodes=200", &t), 200);
	int deepest = 0, n = node_count(t);
	for (int i = 0; i < n; i++)
		if (node_num(t, "kind", i) == 1 && node_num(t, "parent", i) >= 0)
			deepest = i;
	int path[64], np = 0;
	for (int i = deepest; i > 0 && np < 64; i = (int)node_num(t, "parent", i))
		path[np++] = (int)node_num(t, "func", i);
	cJSON_Delete(t);
	char zoom[800] = "zoom=";
	for (int k = np; k-- > 0;)
		snprintf(zoom + strlen(zoom), sizeof zoom - strlen(zoom), "%d%s", path[k], k ? "," : "");
	char focus[40];
	snprintf(focus, sizeof focus, "focus=%d&nodes=500", path[np - 1]);
	const char *queries[] = { "", "nodes=3000&cutoff=0", "nodes=7&cutoff=0.1", zoom, focus,
				  "dir=callers&nodes=500", "dir=callers&nodes=300&cutoff=0&depth=3" };
	for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		tree_and_diff(a, queries[k], &t, &td);
		n = node_count(t);
		int bad = 0;
		for (int i = 0; i < n; i++)
			bad += node_num(td, "base", i) != node_num(t, "time", i) ||
			       node_num(td, "new_path", i) != 0 || node_num(td, "estimated", i) != 0;
		CU_ASSERT_EQUAL(bad, 0);
		if (bad)
			fprintf(stderr, "\n  %s: %d of %d nodes differ\n", queries[k], bad, n);
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(td, "base_zoom_matched")->valueint,
				cJSON_GetObjectItem(t, "zoom_matched")->valueint);
		cJSON_Delete(t);
		cJSON_Delete(td);
	}
	/* refusals: /api/tree's */
	CU_ASSERT_EQUAL(get(a, "/api/treediff", "nodes=0", &td), 400);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(td, "error")->valuestring, "bad nodes");
	cJSON_Delete(td);
	pv_api_free(a);
	/* not in diff mode: no such path */
	a = pv_api_new(p, NULL, NULL);
	CU_ASSERT_EQUAL(get(a, "/api/treediff", "", &td), 404);
	cJSON_Delete(td);
	CU_ASSERT_EQUAL(get(a, "/api/functions", "gone=1", &td), 400);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(td, "error")->valuestring, "bad gone");
	cJSON_Delete(td);
	pv_api_free(a);
	pv_diff_release(&d);
	pv_profile_free(p);
}

/* Python 3.6's run against 3.11's: functions only in NEW are new paths, zoom paths map. */
static void test_treediff_pair(void)
{
	pv_profile *b = load("py36_ut_json.pstats"), *p = load("py311_ut_json.pstats");
	for (int m = 0; m < 2; m++) {
		pv_diff d;
		pv_error err;
		CU_ASSERT_EQUAL_FATAL(pv_diff_compute(b, p, m ? PV_DIFF_MATCH_NAME : PV_DIFF_MATCH_EXACT,
						      &d, &err), 0);
		pv_api *a = pv_api_new(p, &d, "base");
		size_t nf = pv_profile_nfuncs(p);
		cJSON *t, *td;
		tree_and_diff(a, "nodes=2000", &t, &td);
		int n = node_count(t), nnew = 0, nsame = 0;
		for (int i = 0; i < n; i++) {
			int f = (int)node_num(t, "func", i);
			int newfn = f >= 0 && (size_t)f < nf && d.rows[d.row_of[1][f]].base.nfuncs == 0;
			int np = (int)node_num(td, "new_path", i);
			double base = node_num(td, "base", i);
			/* a function BASE does not have: a new path with no base time */
			if (newfn)
				CU_ASSERT(np == 1);
			if (np)
				CU_ASSERT_EQUAL(base, 0);
			CU_ASSERT(base >= 0);
			/* and a new path goes on down */
			int par = (int)node_num(t, "parent", i);
			if (par >= 0 && node_num(td, "new_path", par))
				CU_ASSERT(np == 1);
			nnew += np;
			nsame += !np && !node_num(td, "estimated", i);
		}
		CU_ASSERT(nnew > 0);
		CU_ASSERT(nsame > 1);
		CU_ASSERT_EQUAL(node_num(td, "base", 0), cJSON_GetObjectItem(td, "base_root_time")->valuedouble);
		CU_ASSERT(node_num(td, "base", 0) > 0);
		/* zoom into the deepest box both trees have: BASE's path maps whole */
		int deep = 0;
		for (int i = 1; i < n; i++)
			if (node_num(t, "kind", i) == 1 && !node_num(td, "new_path", i) &&
			    !node_num(td, "estimated", i) && node_num(td, "base", i) > 0 &&
			    node_num(t, "flags", i) != 2)
				deep = i;
		CU_ASSERT_FATAL(deep > 0);
		char zoom[1200] = "nodes=300&zoom=";
		int path[256], np = 0;
		for (int i = deep; i > 0 && np < 256; i = (int)node_num(t, "parent", i))
			path[np++] = (int)node_num(t, "func", i);
		for (int k = np; k-- > 0;)
			snprintf(zoom + strlen(zoom), sizeof zoom - strlen(zoom), "%d%s", path[k], k ? "," : "");
		double want = node_num(td, "base", deep);
		cJSON_Delete(t);
		cJSON_Delete(td);
		tree_and_diff(a, zoom, &t, &td);
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(t, "zoom_matched")->valueint, np);
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(td, "base_zoom_matched")->valueint,
				cJSON_GetObjectItem(td, "base_zoom")->valueint);
		int zn = cJSON_GetObjectItem(t, "zoom_node")->valueint;
		CU_ASSERT(zn > 0);
		CU_ASSERT_EQUAL(node_num(td, "new_path", zn), 0);
		CU_ASSERT_EQUAL(node_num(td, "estimated", zn), 0);
		CU_ASSERT(fabs(node_num(td, "base", zn) - want) <= 1e-9 * (want + 1));
		cJSON_Delete(t);
		cJSON_Delete(td);
		pv_api_free(a);
		pv_diff_release(&d);
	}
	pv_profile_free(b);
	pv_profile_free(p);
}

/* gone=1 and gone=only: the functions only in BASE, paged with NEW's or alone */
static void test_table_gone(void)
{
	pv_profile *b = load("py36_ut_json.pstats"), *p = load("py311_ut_json.pstats");
	pv_diff d;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(pv_diff_compute(b, p, PV_DIFF_MATCH_EXACT, &d, &err), 0);
	pv_api *a = pv_api_new(p, &d, "base");
	size_t nf = pv_profile_nfuncs(p), nb = pv_profile_nfuncs(b), ng = d.totals.only_base;
	CU_ASSERT_FATAL(ng > 0);
	cJSON *j;
	static const char *const sorts[] = { "cumtime", "dcumtime", "dpct", "name", "stdname" };
	for (size_t s = 0; s < sizeof sorts / sizeof sorts[0]; s++)
		for (int mode = 1; mode <= 2; mode++)
			for (int desc = 0; desc < 2; desc++) {
				size_t want = mode == 1 ? nf + ng : ng, count = 0, gone = 0;
				unsigned char *seen = calloc(nf + nb, 1);
				double last = desc ? INFINITY : -INFINITY;
				char lastname[512] = "";
				for (size_t off = 0; off < want; off += 700) {
					char q[120];
					snprintf(q, sizeof q, "sort=%s&desc=%d&gone=%s&offset=%zu&limit=700",
						 sorts[s], desc, mode == 1 ? "1" : "only", off);
					CU_ASSERT_EQUAL_FATAL(get(a, "/api/functions", q, &j), 200);
					CU_ASSERT_EQUAL((size_t)cJSON_GetObjectItem(j, "total")->valuedouble, want);
					CU_ASSERT_EQUAL((size_t)cJSON_GetObjectItem(j, "gone")->valuedouble, ng);
					cJSON *r;
					cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "functions")) {
						int id = cJSON_GetObjectItem(r, "id")->valueint;
						size_t key;
						if (id < 0) {
							int bid = cJSON_GetObjectItem(r, "base_id")->valueint;
							CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(r, "status")->valuestring, "gone");
							CU_ASSERT(bid >= 0 && (size_t)bid < nb);
							double ct = cJSON_GetObjectItem(r, "ct")->valuedouble;
							cJSON *delta = cJSON_GetObjectItem(r, "delta");
							CU_ASSERT_EQUAL(cJSON_GetObjectItem(delta, "ct")->valuedouble, -ct);
							CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(r, "new")));
							key = nf + (size_t)bid;
							gone++;
						} else {
							CU_ASSERT(mode == 1);
							key = (size_t)id;
						}
						CU_ASSERT(!seen[key]);
						seen[key] = 1;
						count++;
						if (s == 0) { /* cumtime: NEW's, or BASE's for a gone row */
							double ct = cJSON_GetObjectItem(r, "ct")->valuedouble;
							CU_ASSERT(desc ? ct <= last : ct >= last);
							last = ct;
						} else if (s == 3) {
							const char *nm = cJSON_GetObjectItem(r, "name")->valuestring;
							CU_ASSERT(desc ? strcmp(nm, lastname) <= 0 || !*lastname
								       : strcmp(nm, lastname) >= 0);
							snprintf(lastname, sizeof lastname, "%s", nm);
						}
					}
					cJSON_Delete(j);
				}
				CU_ASSERT_EQUAL(count, want);
				CU_ASSERT_EQUAL(gone, ng);
				free(seen);
			}
	/* search: gone rows by BASE's label */
	CU_ASSERT_EQUAL(get(a, "/api/functions", "gone=only&q=python3.6&limit=5", &j), 200);
	CU_ASSERT((size_t)cJSON_GetObjectItem(j, "total")->valuedouble > 0);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/functions", "gone=only&q=python3.11&limit=5", &j), 200);
	CU_ASSERT_EQUAL((size_t)cJSON_GetObjectItem(j, "total")->valuedouble, 0);
	cJSON_Delete(j);
	/* gone=0 is the table without them; bad values refused */
	CU_ASSERT_EQUAL(get(a, "/api/functions", "gone=0&limit=1", &j), 200);
	CU_ASSERT_EQUAL((size_t)cJSON_GetObjectItem(j, "total")->valuedouble, nf);
	cJSON_Delete(j);
	CU_ASSERT_EQUAL(get(a, "/api/functions", "gone=2", &j), 400);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "error")->valuestring, "bad gone");
	cJSON_Delete(j);
	pv_api_free(a);
	pv_diff_release(&d);
	pv_profile_free(b);
	pv_profile_free(p);
}

/* sort=dpct: functions with time on either side first, by percent; NaN last. */
static void test_table_dpct(void)
{
	pv_profile *b = load("py36_ut_json.pstats"), *p = load("py311_ut_json.pstats");
	pv_diff d;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(pv_diff_compute(b, p, PV_DIFF_MATCH_NAME, &d, &err), 0);
	pv_api *a = pv_api_new(p, &d, "base");
	size_t nf = pv_profile_nfuncs(p);
	double tb = d.totals.tt[0], tn = d.totals.tt[1];
	for (int desc = 0; desc < 2; desc++) {
		int last_tier = 0, tiers_seen[3] = { 0, 0, 0 };
		double last = desc ? INFINITY : -INFINITY;
		size_t count = 0;
		for (size_t off = 0; off < nf; off += 1000) {
			char q[80];
			snprintf(q, sizeof q, "sort=dpct&desc=%d&offset=%zu&limit=1000", desc, off);
			cJSON *j, *r;
			CU_ASSERT_EQUAL_FATAL(get(a, "/api/functions", q, &j), 200);
			cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "functions")) {
				int id = cJSON_GetObjectItem(r, "id")->valueint;
				const pv_diff_row *row = &d.rows[d.row_of[1][id]];
				int tier = isnan(row->p_ct) ? 2
					   : (row->base.ct >= 0.001 * tb || row->new_.ct >= 0.001 * tn) ? 0 : 1;
				CU_ASSERT(tier >= last_tier);
				if (tier != last_tier)
					last = desc ? INFINITY : -INFINITY;
				if (tier < 2)
					CU_ASSERT(desc ? row->p_ct <= last : row->p_ct >= last);
				last = row->p_ct;
				last_tier = tier;
				tiers_seen[tier] = 1;
				count++;
			}
			cJSON_Delete(j);
		}
		CU_ASSERT_EQUAL(count, nf);
		CU_ASSERT(tiers_seen[0] && tiers_seen[1] && tiers_seen[2]);
	}
	/* the first row, largest increase, is no function of no time */
	cJSON *j;
	CU_ASSERT_EQUAL(get(a, "/api/functions", "sort=dpct&limit=1", &j), 200);
	int id = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "functions"), 0), "id")->valueint;
	const pv_diff_row *row = &d.rows[d.row_of[1][id]];
	CU_ASSERT(row->base.ct >= 0.001 * tb || row->new_.ct >= 0.001 * tn);
	cJSON_Delete(j);
	pv_api_free(a);
	pv_diff_release(&d);
	pv_profile_free(b);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "f8 column text", test_f3 },
		{ "columns match pstats", test_columns_match_pstats },
		{ "graph matches model", test_graph_matches_model },
		{ "roots", test_roots },
		{ "summary and function", test_summary_and_function },
		{ "small answers byte for byte", test_small_answers_bytes },
		{ "odd names", test_odd_names },
		{ "tree", test_tree },
		{ "tree: focus", test_tree_focus },
		{ "tree: query", test_tree_query },
		{ "router: query strings", test_query_string },
		{ "router: the table's pages, sorts and search", test_router_table },
		{ "router: the callers tree", test_router_callers },
		{ "router: functions by label", test_router_label },
		{ "static page", test_static_page },
		{ "assets", test_assets },
		{ "treediff: a profile against itself", test_treediff_self },
		{ "treediff: two profiles, new paths, zoom", test_treediff_pair },
		{ "table: gone rows", test_table_gone },
		{ "table: dpct", test_table_dpct },
		{ NULL, NULL },
	};
	return pv_test_run("api", tests);
}
