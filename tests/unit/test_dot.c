/*
 * test_dot.c - unit tests of src/output/dot_*.c (gprof2dot's graph: ratios,
 * colours, names, time formats, pruning, --list-functions, --compare) and
 * src/output/gv.c (rendering, errors).  The globs are test_fnmatch.c's.
 *
 * Expected values come from docs/gprof2dot.md's worked examples and from
 * CPython's textwrap and %-formatting, checked by hand.  Small profiles
 * are written as marshal bytes here so every case is exact.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/dot.h"
#include "pv/gv.h"

/* ===================================================== helpers */

static const pv_dot_theme *theme(const char *name)
{
	const pv_dot_theme *t = pv_dot_theme_find(name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

static void color_is(const char *tname, double skew, double w, const char *want)
{
	double rgb[3];
	char txt[8];
	pv_dot_theme_color(theme(tname), skew, w, rgb);
	pv_dot_rgb_text(rgb, txt);
	CU_ASSERT_STRING_EQUAL(txt, want);
	if (strcmp(txt, want) != 0)
		fprintf(stderr, "\n  %s skew %g weight %.17g: %s, want %s\n", tname, skew, w, txt, want);
}

/* -------- a marshal writer for tiny profiles */

typedef struct mw {
	pv_buf b;
} mw;

static void m_i32(mw *m, int32_t v)
{
	uint32_t u = (uint32_t)v;
	char c[4] = { (char)(u & 0xff), (char)((u >> 8) & 0xff), (char)((u >> 16) & 0xff),
		      (char)(u >> 24) };
	pv_buf_append(&m->b, c, 4);
}

static void m_int(mw *m, int32_t v)
{
	pv_buf_putc(&m->b, 'i');
	m_i32(m, v);
}

static void m_float(mw *m, double v)
{
	unsigned char c[8];
	uint64_t u;
	memcpy(&u, &v, 8);
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(u >> (8 * i));
	pv_buf_putc(&m->b, 'g');
	pv_buf_append(&m->b, c, 8);
}

static void m_str(mw *m, const char *s)
{
	pv_buf_putc(&m->b, 'u');
	m_i32(m, (int32_t)strlen(s));
	pv_buf_puts(&m->b, s);
}

static void m_tuple(mw *m, int n)
{
	pv_buf_putc(&m->b, '(');
	m_i32(m, n);
}

static void m_key(mw *m, const char *file, int line, const char *name)
{
	m_tuple(m, 3);
	m_str(m, file);
	m_int(m, line);
	m_str(m, name);
}

/* caller: (nc, cc, tt, ct) tuple, or an int when int_calls >= 0 */
typedef struct m_caller {
	const char *file;
	int line;
	const char *name;
	int nc, cc;
	double tt, ct;
	int int_calls;
} m_caller;

static void m_entry(mw *m, const char *file, int line, const char *name, int cc, int nc,
		    double tt, double ct, const m_caller *callers, int ncallers)
{
	m_key(m, file, line, name);
	m_tuple(m, 5);
	m_int(m, cc);
	m_int(m, nc);
	m_float(m, tt);
	m_float(m, ct);
	pv_buf_putc(&m->b, '{');
	for (int i = 0; i < ncallers; i++) {
		const m_caller *c = &callers[i];
		m_key(m, c->file, c->line, c->name);
		if (c->int_calls >= 0) {
			m_int(m, c->int_calls);
		} else {
			m_tuple(m, 4);
			m_int(m, c->nc);
			m_int(m, c->cc);
			m_float(m, c->tt);
			m_float(m, c->ct);
		}
	}
	pv_buf_putc(&m->b, '0');
}

/* Ends the dict and loads it; a profile that does not load fails the test. */
static pv_profile *m_load(mw *m)
{
	pv_error err;
	pv_buf_putc(&m->b, '0');
	pv_profile *p = pv_profile_load_mem(m->b.data, m->b.len, "test", &err);
	if (!p)
		fprintf(stderr, "\n  load: %s\n", err.msg);
	pv_buf_release(&m->b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

/*
 * main (id 0) is called by <module> (id 1, first seen as a caller);
 * leaf (id 2) is called by main 3 times (2 primitive) and by itself.
 * Times: sum tt = 1.0, max ct = 1.0 (<module>).
 */
static pv_profile *small_profile(void)
{
	mw m = { PV_BUF_INIT };
	pv_buf_putc(&m.b, '{');
	m_caller mainc[] = { { "/src/app.py", 1, "<module>", 1, 1, 0.1, 0.9, -1 } };
	m_entry(&m, "/src/app.py", 10, "main", 1, 1, 0.1, 0.9, mainc, 1);
	m_caller leafc[] = { { "/src/app.py", 10, "main", 3, 2, 0.6, 0.6, -1 },
			     { "/src/lib.x.py", 20, "leaf", 5, 0, 0.2, 0.2, -1 } };
	m_entry(&m, "/src/lib.x.py", 20, "leaf", 2, 8, 0.8, 0.8, leafc, 2);
	m_entry(&m, "/src/app.py", 1, "<module>", 1, 1, 0.1, 1.0, NULL, 0);
	return m_load(&m);
}

/* The DOT text of p's graph (malloc'd); a graph that fails fails the test. */
static char *dot_text(const pv_profile *p, const pv_dot_options *o)
{
	pv_error err;
	pv_dot_graph *g = pv_dot_build(p, o, &err);
	if (!g)
		fprintf(stderr, "\n  build: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_dot_write(g, &b, &err), 0);
	pv_dot_graph_free(g);
	char *text = pv_buf_detach(&b, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	return text;
}

/* gprof2dot's defaults but -n0 -e0: every node and edge is drawn. */
static pv_dot_options options_all(void)
{
	pv_dot_options o;
	pv_dot_options_init(&o);
	o.node_thres = 0;
	o.edge_thres = 0;
	return o;
}

/* Builds with `o` and checks how many nodes and edges survive. */
static void graph_size_is(const pv_profile *p, const pv_dot_options *o, size_t nodes,
			  size_t edges)
{
	pv_error err;
	pv_dot_graph *g = pv_dot_build(p, o, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(pv_dot_graph_nnodes(g), nodes);
	CU_ASSERT_EQUAL(pv_dot_graph_nedges(g), edges);
	pv_dot_graph_free(g);
}

/* ===================================================== ratios and colours */

static void test_ratio(void)
{
	CU_ASSERT_EQUAL(pv_dot_ratio(1.0, 4.0), 0.25);
	CU_ASSERT_EQUAL(pv_dot_ratio(0.0, 0.0), 1.0);  /* ZeroDivisionError -> 1 */
	CU_ASSERT_EQUAL(pv_dot_ratio(5.0, 0.0), 1.0);
	CU_ASSERT_EQUAL(pv_dot_ratio(-1.0, 2.0), 0.0); /* clamped */
	CU_ASSERT_EQUAL(pv_dot_ratio(3.0, 2.0), 1.0);
	CU_ASSERT_EQUAL(pv_dot_ratio(2.0, 2.0), 1.0);
}

static void test_colors(void)
{
	/* docs/gprof2dot.md §4 worked examples */
	color_is("color", 1.0, 0.0, "#0d0d73");
	color_is("color", 1.0, 1.0, "#ff0000");
	color_is("color", 1.0, 0.2977, "#0c9a7f");
	color_is("color", 1.0, 0.4032, "#0ba848");
	color_is("color", 1.0, 0.1772, "#0c658a");
	color_is("color", 0.1, 0.1772, "#0ba459");
	/* clamped weights */
	color_is("color", 1.0, -3.0, "#0d0d73");
	color_is("color", 1.0, 7.0, "#ff0000");
	/* the other maps at their ends */
	color_is("gray", 1.0, 0.0, "#b2b2b2"); /* 0.85 ** 2.2 */
	color_is("gray", 1.0, 1.0, "#000000");
	color_is("pink", 1.0, 1.0, "#ff0000");
	color_is("bw", 1.0, 0.5, "#000000");
	color_is("print", 0.3, 0.9, "#000000");
	CU_ASSERT_PTR_NULL(pv_dot_theme_find("purple"));
	/* white is white whatever the gamma */
	double rgb[3];
	pv_dot_hsl_to_rgb(theme("gray"), 0.0, 0.0, 1.0, rgb);
	CU_ASSERT_EQUAL(rgb[0], 1.0);
	CU_ASSERT_EQUAL(rgb[2], 1.0);
	/* hue wraps like Python's % 1.0 */
	double a[3], b[3];
	pv_dot_hsl_to_rgb(theme("color"), -0.25, 0.5, 0.5, a);
	pv_dot_hsl_to_rgb(theme("color"), 0.75, 0.5, 0.5, b);
	CU_ASSERT(memcmp(a, b, sizeof a) == 0);
}

/* A theme's sizes at one weight, as %.2f writes them. */
typedef struct size_case {
	const char *theme;
	double weight;
	const char *fontsize, *penwidth, *arrowsize;
} size_case;

static void size_is(double got, const char *want)
{
	char txt[32];
	snprintf(txt, sizeof txt, "%.2f", got);
	CU_ASSERT_STRING_EQUAL(txt, want);
}

static void test_sizes(void)
{
	/* font: max(w**2 * max, min); pen: max(w * max, min); arrow: sqrt(pen) / 2 */
	static const size_case cases[] = {
		{ "color", 0.0, "10.00", "0.50", "0.35" },
		{ "color", 0.1772, "10.00", "0.71", "0.42" },
		{ "color", 0.9995, "10.00", "4.00", "1.00" },
		{ "color", 1.0, "10.00", "4.00", "1.00" },
		{ "bw", 0.1, "8.00", "0.80", "0.45" },
		{ "bw", 0.9995, "23.98", "8.00", "1.41" },
		{ "bw", 1.0, "24.00", "8.00", "1.41" },
		{ "print", 1.0, "30.00", "8.00", "1.41" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const size_case *c = &cases[i];
		const pv_dot_theme *t = theme(c->theme);
		size_is(pv_dot_fontsize(t, c->weight), c->fontsize);
		size_is(pv_dot_penwidth(t, c->weight), c->penwidth);
		size_is(pv_dot_arrowsize(t, c->weight), c->arrowsize);
	}
}

/* ===================================================== names */

static void wrap_is(const char *in, const char *want)
{
	pv_buf b = PV_BUF_INIT;
	pv_dot_wrap_name(in, strlen(in), &b);
	CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", want);
	pv_buf_release(&b);
}

static void strip_is(const char *in, const char *want)
{
	pv_buf b = PV_BUF_INIT;
	pv_dot_strip_name(in, strlen(in), &b);
	CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", want);
	pv_buf_release(&b);
}

static void test_wrap(void)
{
	/* textwrap.fill(name, 32, break_long_words=False), as CPython does it */
	wrap_is("~:0:<built-in method builtins.exec>", "~:0:<built-in method\nbuiltins.exec>");
	wrap_is("short:1:name", "short:1:name");
	wrap_is("f(a, b) <x> <y> > >", "f(a,b) <x> <y>>>");
	wrap_is("aa-bb-cc-dd-ee-ff-gg-hh-ii-jj-kk-ll-mm-nn",
		"aa-bb-cc-dd-ee-ff-gg-hh-ii-jj-\nkk-ll-mm-nn");
	wrap_is("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\ny");
	wrap_is("one two\tthree four five six seven eight",
		"one two three four five six\nseven eight");
	wrap_is("word--word--word--word--word--word--word", "word--word--word--word--word--\nword--word");
	/* code points, not bytes: 32 characters of 2 bytes each fit */
	wrap_is("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 b",
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\nb");
}

static void test_strip(void)
{
	/* docs/gprof2dot.md §5.4 */
	strip_is("~:0:<built-in method builtins.exec>", "~:0:");
	strip_is("decoder:1:<module>", "decoder:1:");
	strip_is("<frozen importlib:1054:_find_spec", "<frozen importlib:1054:_find_spec");
	strip_is("f(a(b)c)(d)", "f");
	strip_is("a(b(c)d", "a(bd");
	strip_is("x::y() const", "x::y");
	strip_is("x::y()  const\n", "x::y\n");
	strip_is("vector<pair<int, int> >::size", "vector::size");
	strip_is("constant", "constant");
}

typedef struct tf_case {
	const char *fmt;
	double v;
	const char *want;
} tf_case;

static void test_time_format(void)
{
	static const tf_case cases[] = {
		{ "%.7g", 0.032427083, "0.03242708" },
		{ "%.3f", 0.0765, "0.076" },   /* 0.0765 is below ...65 in binary */
		{ "%s", 0.1, "0.1" },           /* Python's repr */
		{ "%r", 1e16, "1e+16" },
		{ "%s", 1e-05, "1e-05" },
		{ "%s", 123.0, "123.0" },
		{ "%d", -2.7, "-2" },           /* int() truncates */
		{ "%5.1f%%", 12.34, " 12.3%" },
		{ "%-6s|", 0.5, "0.5   |" },
		{ "%.2s", 0.125, "0." },
		{ "%lf s", 1.5, "1.500000 s" }, /* Python ignores length modifiers */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pv_error err;
		pv_buf b = PV_BUF_INIT;
		CU_ASSERT_EQUAL(pv_dot_check_time_format(cases[i].fmt, &err), 0);
		pv_dot_format_time(cases[i].fmt, cases[i].v, &b);
		CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", cases[i].want);
		pv_buf_release(&b);
	}
	static const char *const bad[] = { "abc", "%", "%x", "%.3f %f", "%*d", "%(a)s", "%c",
					   "%%" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pv_error err;
		CU_ASSERT_EQUAL(pv_dot_check_time_format(bad[i], &err), -1);
		CU_ASSERT(strlen(err.msg) > 0);
	}
	pv_dot_measure m;
	CU_ASSERT_EQUAL(pv_dot_measure_parse("self-time", &m), 0);
	CU_ASSERT_EQUAL(m, PV_DOT_SELF_TIME);
	CU_ASSERT_EQUAL(pv_dot_measure_parse("self_time", &m), -1);
}

/* Asserts that each string of `want` (NULL-terminated) is a part of text. */
static void has_all(const char *text, const char *const *want)
{
	for (; *want; want++) {
		int found = text && strstr(text, *want) != NULL;
		CU_ASSERT_TRUE(found);
		if (!found)
			fprintf(stderr, "\n  missing: %s\n", *want);
	}
}

/* ===================================================== graphs */

/*
 * What test_graph_small() looks for in the DOT text: spot checks that do
 * not depend on the colour arithmetic.  Ids are in first-seen order: main
 * 0, <module> 1 (as main's caller), leaf 2.
 */
static const char *const small_want[] = {
	"\t0 [color=",
	"label=\"app:10:main\\n90.00%\\n(10.00%)\\n1\xc3\x97\", "
	"tooltip=\"/src/app.py\"];\n\t0 -> 2 [",
	"\t1 [color=\"#ff0000\"",
	"label=\"app:1:<module>\\n100.00%\\n(10.00%)\\n1\xc3\x97\"",
	"\t1 -> 0 [",
	/* edge calls are the caller tuple's 2nd element (primitive calls) */
	"label=\"60.00%\\n2\xc3\x97\"",
	/* lib.x.py: splitext cuts at the last dot only */
	"label=\"lib.x:20:leaf\\n80.00%\\n(80.00%)\\n8\xc3\x97\"",
	/* the self-loop, 0 primitive calls */
	"\t2 -> 2 [arrowsize=\"0.45\"",
	"label=\"20.00%\\n0\xc3\x97\"",
	"penwidth=\"0.80\"];\n}\n",
	NULL,
};

static void test_graph_small(void)
{
	pv_profile *p = small_profile();
	pv_dot_options o = options_all();
	char *dot = dot_text(p, &o);
	has_all(dot, small_want);
	free(dot);
	pv_profile_free(p);
}

static void test_pruning(void)
{
	pv_profile *p = small_profile();
	pv_dot_options o = options_all();
	pv_error err;
	graph_size_is(p, &o, 3, 3);

	/* thresholds: leaf's self-loop is 20% (kept at -e 20, cut at 20.01) */
	o.edge_thres = 20;
	graph_size_is(p, &o, 3, 3);
	o.edge_thres = 20.01;
	graph_size_is(p, &o, 3, 2);
	o.edge_thres = 0;
	o.node_thres = 85; /* main 90%, <module> 100% stay; leaf 80% goes, with its edges */
	graph_size_is(p, &o, 2, 1);
	o.node_thres = 0;

	/* --root / --leaf / --depth */
	o.root = "*:main";
	graph_size_is(p, &o, 2, 2); /* main, leaf; main->leaf, leaf->leaf */
	o.depth = 0;
	graph_size_is(p, &o, 1, 0);
	o.root = NULL;
	o.depth = 1;
	o.leaf = "*leaf";
	graph_size_is(p, &o, 2, 2); /* leaf, main; main->leaf, leaf->leaf */
	o.leaf = "nothing";
	CU_ASSERT_PTR_NULL(pv_dot_build(p, &o, &err));
	CU_ASSERT_STRING_EQUAL(err.msg, "leaf node 'nothing' not found (might already be pruned: "
					"try -n0 -e0)");
	o.leaf = NULL;
	o.depth = -1;

	/* -p: keeps functions under the prefix (leaf, and its self-loop) */
	const char *paths[] = { "/src/lib" };
	o.paths = paths;
	o.npaths = 1;
	graph_size_is(p, &o, 1, 1);
	o.paths = NULL;
	o.npaths = 0;

	/* bad options */
	o.skew = -1;
	CU_ASSERT_PTR_NULL(pv_dot_build(p, &o, &err));
	pv_profile_free(p);
}

static void test_list_functions(void)
{
	pv_profile *p = small_profile();
	pv_dot_options o = options_all();
	pv_error err;
	pv_dot_graph *g = pv_dot_build(p, &o, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	pv_buf b = PV_BUF_INIT;
	pv_dot_list_functions(g, "+", &b);
	CU_ASSERT_STRING_EQUAL(b.data, "0:\tapp:10:main,\n1:\tapp:1:<module>,\n2:\tlib.x:20:leaf\n");
	pv_buf_reset(&b);
	pv_dot_list_functions(g, "app:*", &b);
	CU_ASSERT_STRING_EQUAL(b.data, "app:10:main,\napp:1:<module>\n");
	pv_buf_reset(&b);
	pv_dot_list_functions(g, "%*:main", &b);
	CU_ASSERT_STRING_EQUAL(b.data, "0:\tapp:10:main\n\tfile: /src/app.py\n\tcalls: 1\n"
				       "\ttotal time: 0.9 (90.00%)\n\tself time: 0.1 (10.00%)\n"
				       "\tcallers shown: 1, callees shown: 1\n");
	pv_buf_reset(&b);
	pv_dot_list_functions(g, "nothing", &b);
	CU_ASSERT_STRING_EQUAL(b.data, "\n");
	pv_buf_release(&b);
	pv_dot_graph_free(g);
	pv_profile_free(p);
}

/* What test_graph_selftime_and_labels() looks for in the DOT text. */
static const char *const selftime_want[] = {
	"style=solid",
	"label=\"app:10:main\\n(0.100)\\n0.900\\n(0.100)\\n1\xc3\x97\"",
	/* leaf has the most self time: weight 1, the largest print font */
	"fontsize=\"30.00\", label=\"lib.x:20:leaf",
	/* main: 0.1/0.8 of it, squared, times 30 -> under 18 -> 18 */
	"fontsize=\"18.00\", label=\"app:10:main",
	NULL,
};

static void test_graph_selftime_and_labels(void)
{
	pv_profile *p = small_profile();
	pv_dot_options o;
	pv_dot_options_init(&o);
	o.color_by_selftime = 1;
	pv_dot_measure labels[] = { PV_DOT_SELF_TIME, PV_DOT_TOTAL_TIME, PV_DOT_SELF_TIME };
	o.labels = labels;
	o.nlabels = 3;
	o.time_format = "%.3f";
	o.theme = pv_dot_theme_find("print");
	char *dot = dot_text(p, &o);
	has_all(dot, selftime_want);
	free(dot);
	pv_profile_free(p);
}

/* What test_graph_int_callers_and_escapes() looks for in the DOT text. */
static const char *const escapes_want[] = {
	/* int caller: calls = the int, time = ratio(3, nc 4) * ct 2.0 = 1.5 of 2.0 */
	"\t1 -> 0 [",
	"label=\"75.00%\\n3\xc3\x97\"",
	/* escapes: tab and quotes in names, backslashes in Windows paths */
	"label=\"caf\xef\xbf\xbd:5:f\\tg\\n",
	"tooltip=\"/tmp/caf\xef\xbf\xbd.py\"",
	"label=\"C:\\\\Users\\\\me\\\\x:1:run \\\"q\\\"\\n",
	/* a DOT keyword is quoted even when alphanumeric */
	"tooltip=\"graph\"",
	NULL,
};

static void test_graph_int_callers_and_escapes(void)
{
	/* profile-module style: int callers; odd names; an undecodable file name */
	mw m = { PV_BUF_INIT };
	pv_buf_putc(&m.b, '{');
	m_caller c1[] = { { "C:\\Users\\me\\x.py", 1, "run \"q\"", 0, 0, 0, 0, 3 } };
	m_entry(&m, "/tmp/caf\xed\xb3\xa9.py", 5, "f\tg", 4, 4, 0.5, 2.0, c1, 1);
	m_entry(&m, "C:\\Users\\me\\x.py", 1, "run \"q\"", 1, 1, 0.5, 2.0, NULL, 0);
	m_entry(&m, "graph", 0, "x", 1, 1, 0.0, 0.0, NULL, 0);
	pv_profile *p = m_load(&m);
	pv_dot_options o = options_all();
	char *dot = dot_text(p, &o);
	has_all(dot, escapes_want);

	/* Graphviz draws the same text: backslashes and quotes survive */
	pv_buf svg = PV_BUF_INIT;
	pv_error err;
	int rc = pv_gv_render(dot, strlen(dot), "svg", &svg, NULL, &err);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc != 0)
		fprintf(stderr, "\n  render: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL(svg.data && strstr(svg.data, ">C:\\Users\\me\\x:1:run &quot;q&quot;</text>"));
	CU_ASSERT_PTR_NOT_NULL(svg.data && strstr(svg.data, "caf\xef\xbf\xbd:5:f"));
	pv_buf_release(&svg);
	free(dot);
	pv_profile_free(p);
}

static void test_long_names(void)
{
	/* names of 4096 characters or more: the first 4095 and an ellipsis */
	char name[5001];
	memset(name, 'a', 5000);
	name[5000] = 0;
	mw m = { PV_BUF_INIT };
	pv_buf_putc(&m.b, '{');
	m_entry(&m, "m.py", 1, name, 1, 1, 1.0, 1.0, NULL, 0);
	pv_profile *p = m_load(&m);
	pv_dot_options o;
	pv_dot_options_init(&o);
	o.wrap = 1;
	char *dot = dot_text(p, &o);
	char *lab = strstr(dot, "label=\"m:1:");
	CU_ASSERT_PTR_NOT_NULL_FATAL(lab);
	lab += strlen("label=\"");
	size_t n = strspn(lab + 4, "a");
	CU_ASSERT_EQUAL(n, 4095 - 4); /* "m:1:" counts */
	CU_ASSERT_NSTRING_EQUAL(lab + 4 + n, "\xe2\x80\xa6\\n100.00%", 11);
	free(dot);
	pv_profile_free(p);
}

static void test_compare(void)
{
	pv_profile *a = small_profile(), *b = small_profile();
	pv_dot_options o;
	pv_dot_options_init(&o);
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	size_t n = 0;
	CU_ASSERT_EQUAL(pv_dot_write_diff(a, b, &o, &out, &n, &err), 0);
	CU_ASSERT_EQUAL(n, 3);
	/* identical profiles: every node unchanged (grey), figures a -> b */
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "color=\"#e8e8e8\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out.data, "90.00% \xe2\x86\x92 90.00% (+0.00)"));
	CU_ASSERT_PTR_NULL(strstr(out.data, "new: "));
	pv_buf_release(&out);
	pv_profile_free(a);
	pv_profile_free(b);
}

/* ===================================================== Graphviz */

static void test_gv_render(void)
{
	static const char dot[] = "digraph { a -> b [label=\"x\\\\y\"]; }";
	pv_buf out = PV_BUF_INIT, warn = PV_BUF_INIT;
	pv_error err;
	CU_ASSERT_EQUAL(pv_gv_render(dot, strlen(dot), "png", &out, &warn, &err), 0);
	CU_ASSERT(out.len > 8 && memcmp(out.data, "\x89PNG\r\n\x1a\n", 8) == 0);
	pv_buf_reset(&out);
	CU_ASSERT_EQUAL(pv_gv_render(dot, strlen(dot), "pdf", &out, &warn, &err), 0);
	CU_ASSERT(out.len > 5 && memcmp(out.data, "%PDF-", 5) == 0);
	pv_buf_reset(&out);
	CU_ASSERT_EQUAL(pv_gv_render(dot, strlen(dot), "svg", &out, &warn, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(out.data && strstr(out.data, ">x\\y</text>"));
	pv_buf_release(&out);
	pv_buf_release(&warn);
	CU_ASSERT_EQUAL(pv_gv_check("svg", &err), 0);
}

static void test_gv_errors(void)
{
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	static const char bad[] = "digraph { a -> ; }";
	CU_ASSERT_EQUAL(pv_gv_render(bad, strlen(bad), "svg", &out, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "syntax error in line 1"));
	CU_ASSERT_EQUAL(out.len, 0);
	static const char good[] = "digraph { a; }";
	CU_ASSERT_EQUAL(pv_gv_render(good, strlen(good), "nosuchformat", &out, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no 'nosuchformat' output plugin"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "libgvc6"));
	CU_ASSERT_EQUAL(out.len, 0);
	CU_ASSERT_EQUAL(pv_gv_check("nosuchformat", &err), -1);
	/* errors do not leak into the next call */
	CU_ASSERT_EQUAL(pv_gv_render(good, strlen(good), "svg", &out, NULL, &err), 0);
	pv_buf_release(&out);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "ratio", test_ratio },
		{ "colors", test_colors },
		{ "sizes", test_sizes },
		{ "wrap", test_wrap },
		{ "strip", test_strip },
		{ "time_format", test_time_format },
		{ "graph_small", test_graph_small },
		{ "pruning", test_pruning },
		{ "list_functions", test_list_functions },
		{ "graph_selftime_and_labels", test_graph_selftime_and_labels },
		{ "graph_int_callers_and_escapes", test_graph_int_callers_and_escapes },
		{ "long_names", test_long_names },
		{ "compare", test_compare },
		{ "gv_render", test_gv_render },
		{ "gv_errors", test_gv_errors },
		{ NULL, NULL },
	};
	return pv_test_run("dot", tests);
}
