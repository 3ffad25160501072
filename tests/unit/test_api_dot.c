/*
 * test_api_dot.c - GET /api/dot (pv/api_dot.h): the SVG's nodes for the
 * default query are those `pstat-view dot -T svg` draws (its code path:
 * pv_dot_write with gprof2dot's defaults, rendered by pv_gv_render), each
 * with id="fK" naming the function it draws; hide= leaves out what it
 * matches; fn=&hops= keeps a neighbourhood; bad keys get their fixed
 * texts; above the node limit the answer says which node= to ask for, and
 * that value does bring the graph under the limit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/api.h"
#include "pv/api_dot.h"
#include "pv/dot.h"
#include "pv/gv.h"
#include "pv/pyre.h"

/* pv_api_dot on the raw query `raw`; status; the body in *out. */
static int get(const pv_profile *p, const char *raw, pv_buf *out, const char **type,
	       pv_error *err)
{
	pv_api_query q;
	CU_ASSERT_EQUAL_FATAL(pv_api_query_parse(&q, raw), 0);
	pv_buf_reset(out);
	*type = NULL;
	int status = pv_api_dot(p, pv_api_query_arg, &q, out, type, err);
	pv_api_query_release(&q);
	return status;
}

/*
 * The node groups of an SVG from Graphviz: for each, "TITLE|TEXT|TEXT..."
 * appended to `sig` (one line per node), and its id, if `ids`, one per line.
 */
static void svg_nodes(const char *svg, pv_buf *sig, pv_buf *ids)
{
	const char *s = svg;
	while ((s = strstr(s, "class=\"node\">"))) {
		const char *g = s;
		while (g > svg && strncmp(g, "<g id=\"", 7) != 0)
			g--;
		if (ids) {
			const char *q = strchr(g + 7, '"');
			pv_buf_append(ids, g + 7, (size_t)(q - (g + 7)));
			pv_buf_putc(ids, '\n');
		}
		const char *end = strstr(s, "</g>\n</g>");
		CU_ASSERT_PTR_NOT_NULL_FATAL(end);
		const char *t = strstr(s, "<title>");
		pv_buf_append(sig, t + 7, (size_t)(strstr(t, "</title>") - (t + 7)));
		for (const char *x = s; (x = strstr(x, "<text")) && x < end;) {
			x = strchr(x, '>') + 1;
			const char *e = strstr(x, "</text>");
			pv_buf_putc(sig, '|');
			pv_buf_append(sig, x, (size_t)(e - x));
			x = e;
		}
		pv_buf_putc(sig, '\n');
		s = end;
	}
}

static void test_default_like_dot_svg(void)
{
	if (pv_gv_check("svg", &(pv_error){ { 0 }, 0 }) != 0)
		return;
	pv_profile *p = pv_test_need("stats", "py311_ut_json.pstats");
	pv_buf out = PV_BUF_INIT, dot = PV_BUF_INIT, ref = PV_BUF_INIT;
	pv_buf a = PV_BUF_INIT, b = PV_BUF_INIT, ids = PV_BUF_INIT;
	const char *type;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(get(p, "", &out, &type, &err), 200);
	CU_ASSERT_STRING_EQUAL(type, "image/svg+xml");
	/* what `pstat-view dot -T svg FILE` renders */
	pv_dot_options o;
	pv_dot_options_init(&o);
	pv_dot_graph *g = pv_dot_build(p, &o, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(pv_dot_write(g, &dot, &err), 0);
	CU_ASSERT_EQUAL_FATAL(pv_gv_render(dot.data, dot.len, "svg", &ref, NULL, &err), 0);
	pv_buf_putc(&out, 0);
	pv_buf_putc(&ref, 0);
	svg_nodes(out.data, &a, &ids);
	svg_nodes(ref.data, &b, NULL);
	CU_ASSERT(a.len > 0);
	CU_ASSERT_EQUAL(pv_dot_graph_nnodes(g), 89);
	CU_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	/* each node's id names its function: fK, K a key whose dot name the label starts with */
	size_t n = 0;
	pv_buf name = PV_BUF_INIT, esc = PV_BUF_INIT;
	for (char *line = ids.data, *sl = a.data; line && *line; n++) {
		char *nl = strchr(line, '\n');
		char *snl = strchr(sl, '\n');
		CU_ASSERT_EQUAL_FATAL(line[0], 'f');
		unsigned long k = strtoul(line + 1, NULL, 10);
		CU_ASSERT_FATAL(k < pv_profile_nkeys(p));
		pv_buf_reset(&name);
		pv_dot_func_name(p, (uint32_t)k, &name);
		const char *label = strchr(sl, '|') + 1;
		pv_buf_reset(&esc);  /* as Graphviz writes SVG text */
		for (size_t i = 0; i < name.len; i++) {
			char c = name.data[i];
			pv_buf_puts(&esc, c == '&'   ? "&amp;"
					  : c == '<' ? "&lt;"
					  : c == '>' ? "&gt;"
					  : c == '-' ? "&#45;"
					  : c == '\'' ? "&#39;"
						     : (char[]){ c, 0 });
		}
		CU_ASSERT_NSTRING_EQUAL(label, esc.data, esc.len);
		line = nl + 1;
		sl = snl + 1;
	}
	CU_ASSERT_EQUAL(n, 89);
	pv_buf_release(&name);
	pv_buf_release(&esc);
	pv_dot_graph_free(g);
	pv_buf_release(&out);
	pv_buf_release(&dot);
	pv_buf_release(&ref);
	pv_buf_release(&a);
	pv_buf_release(&b);
	pv_buf_release(&ids);
	pv_profile_free(p);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (; (s = strstr(s, what)); s++)
		n++;
	return n;
}

static void test_hide_and_neighbourhood(void)
{
	if (pv_gv_check("svg", &(pv_error){ { 0 }, 0 }) != 0)
		return;
	pv_profile *p = pv_test_need("stats", "py311_ut_json.pstats");
	pv_buf out = PV_BUF_INIT;
	const char *type;
	pv_error err;
	CU_ASSERT_EQUAL_FATAL(get(p, "", &out, &type, &err), 200);
	pv_buf_putc(&out, 0);
	size_t all = count(out.data, "class=\"node\"");
	CU_ASSERT(count(out.data, "unittest/") > 0);
	/* hide=: no node of unittest/ is left, others are */
	CU_ASSERT_EQUAL_FATAL(get(p, "hide=%2Funittest%2F", &out, &type, &err), 200);
	pv_buf_putc(&out, 0);
	size_t shown = count(out.data, "class=\"node\"");
	CU_ASSERT(shown > 0 && shown < all);
	CU_ASSERT_EQUAL(count(out.data, "unittest/"), 0);

	/* fn=&hops=: fewer nodes, growing with hops, the focus among them */
	char raw[64], want[32];
	uint32_t focus = 0;
	/* the function of the default graph's second node */
	CU_ASSERT_EQUAL_FATAL(get(p, "", &out, &type, &err), 200);
	pv_buf_putc(&out, 0);
	const char *second = strstr(strstr(out.data, "class=\"node\"") + 1, "class=\"node\"");
	while (strncmp(second, "<g id=\"f", 8) != 0)
		second--;
	focus = (uint32_t)strtoul(second + 8, NULL, 10);
	size_t prev = 0;
	for (int hops = 0; hops <= 3; hops++) {
		snprintf(raw, sizeof raw, "fn=%u&hops=%d", (unsigned)focus, hops);
		CU_ASSERT_EQUAL_FATAL(get(p, raw, &out, &type, &err), 200);
		pv_buf_putc(&out, 0);
		size_t n = count(out.data, "class=\"node\"");
		snprintf(want, sizeof want, "<g id=\"f%u\"", (unsigned)focus);
		CU_ASSERT_PTR_NOT_NULL(strstr(out.data, want));
		CU_ASSERT(n >= prev && n < all);
		if (hops == 0)
			CU_ASSERT_EQUAL(n, 1);
		if (hops == 1)
			CU_ASSERT(n > 1);
		prev = n;
	}
	/* root= by id: the function and what it calls */
	snprintf(raw, sizeof raw, "root=%u&depth=1", (unsigned)focus);
	CU_ASSERT_EQUAL(get(p, raw, &out, &type, &err), 200);
	pv_buf_release(&out);
	pv_profile_free(p);
}

static void test_bad_keys(void)
{
	pv_profile *p = pv_test_need("stats", "py311_ut_json.pstats");
	static const struct {
		const char *raw, *msg;
	} bad[] = {
		{ "node=abc", "bad node" },      { "node=101", "bad node" },
		{ "node=-1", "bad node" },       { "node=nan", "bad node" },
		{ "node=", "bad node" },         { "edge=1e3", "bad edge" },
		{ "root=99999999", "bad root" }, { "root=x", "bad root" },
		{ "leaf=-3", "bad leaf" },       { "depth=1001", "bad depth" },
		{ "theme=neon", "bad theme" },   { "selfcolor=2", "bad selfcolor" },
		{ "hide=(", "bad hide" },        { "hide=", "bad hide" },
		{ "fn=1x", "bad fn" },           { "fn=0&hops=65", "bad hops" },
		{ "hops=2", "hops needs fn" },
		{ "hide=%5E(%5Cw%7C%5Cw%7C%5CW)*%5CZ%5Cd", "regular expression too complex: "
							 "gave up after 1000000 steps" },
	};
	pv_buf out = PV_BUF_INIT;
	const char *type;
	pv_error err;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int st = get(p, bad[i].raw, &out, &type, &err);
		if (st != 400 || strcmp(err.msg, bad[i].msg) != 0)
			fprintf(stderr, "%s: %d %s\n", bad[i].raw, st, err.msg);
		CU_ASSERT_EQUAL(st, 400);
		CU_ASSERT_STRING_EQUAL(err.msg, bad[i].msg);
		CU_ASSERT_EQUAL(out.len, 0);
	}
	pv_buf_release(&out);
	pv_profile_free(p);
}

static void test_too_big(void)
{
	pv_profile *p = pv_test_need("stats", "py311_ut_json.pstats");
	pv_buf out = PV_BUF_INIT;
	const char *type;
	pv_error err;
	/* every function and call: 1283 nodes, 2604 edges */
	CU_ASSERT_EQUAL_FATAL(get(p, "node=0&edge=0", &out, &type, &err), 200);
	CU_ASSERT_STRING_EQUAL(type, "application/json");
	pv_buf_putc(&out, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "{\"too_big\":true,\"nodes\":1283,\"edges\":2604,"
						"\"max_nodes\":1000,\"max_edges\":300,"));
	const char *tn = strstr(out.data, "\"node\":{\"from\":0,\"to\":");
	const char *te = strstr(out.data, "\"edge\":{\"from\":0,\"to\":");
	CU_ASSERT_PTR_NOT_NULL_FATAL(tn);
	CU_ASSERT_PTR_NOT_NULL_FATAL(te);
	double vn = strtod(tn + strlen("\"node\":{\"from\":0,\"to\":"), NULL);
	double ve = strtod(te + strlen("\"edge\":{\"from\":0,\"to\":"), NULL);
	CU_ASSERT(vn > 0.0 && vn < 100.0 && ve > 0.0 && ve < 100.0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "\"message\":\"1283 functions and 2604 calls: "));
	/* the advice holds: at those values the graph is drawn, a step below edge= it is not */
	char raw[96];
	snprintf(raw, sizeof raw, "node=%.15g&edge=%.15g", vn, ve);
	CU_ASSERT_EQUAL(get(p, raw, &out, &type, &err), 200);
	if (pv_gv_check("svg", &err) == 0)
		CU_ASSERT_STRING_EQUAL(type, "image/svg+xml");
	snprintf(raw, sizeof raw, "node=%.15g&edge=%.15g", vn, ve - 0.001);
	CU_ASSERT_EQUAL(get(p, raw, &out, &type, &err), 200);
	CU_ASSERT_STRING_EQUAL(type, "application/json");
	pv_buf_release(&out);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "default_like_dot_svg", test_default_like_dot_svg },
		{ "hide_and_neighbourhood", test_hide_and_neighbourhood },
		{ "bad_keys", test_bad_keys },
		{ "too_big", test_too_big },
		{ NULL, NULL },
	};
	return pv_test_run("api_dot", tests);
}
