/*
 * test_gate.c - the CI gate (src/analysis/gate.c): parsing rules (good
 * ones, units, bad ones and the column named), judging them against the
 * regression pair tests/diff/data/gate_{base,new}.pstats (made by
 * tests/diff/make_gate_pair.py), and its writers (src/output/gate_write.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/diff.h"
#include "pv/gate.h"
#include "pv/gate_write.h"

/* ===================================================== parsing */

static void parse_ok(const char *text, pv_gate_rule *r)
{
	pv_error err;
	size_t col = 99;
	int rc = pv_gate_rule_parse(text, r, &col, &err);
	if (rc)
		fprintf(stderr, "'%s': %s\n", text, err.msg);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(col, 0);
}

static void test_parse_good(void)
{
	pv_gate_rule r;
	parse_ok("cumtime(^myapp/) > +15% and > +20ms", &r);
	CU_ASSERT_EQUAL(r.metric, PV_GATE_CUMTIME);
	CU_ASSERT(r.has_regex && r.has_pct && r.has_abs);
	CU_ASSERT_DOUBLE_EQUAL(r.pct, 15, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(r.abs_time, 0.020, 1e-15);
	CU_ASSERT_STRING_EQUAL(r.text, "cumtime(^myapp/) > +15% and > +20ms");
	CU_ASSERT(pv_pyre_search(&r.re, "myapp/db.py:3(q)", 16));
	CU_ASSERT(!pv_pyre_search(&r.re, "/x/myapp/db.py:3(q)", 19));
	pv_gate_rule_free(&r);

	/* no blanks, the absolute part first, a plain sign-less number */
	parse_ok("tottime>1.5s and>2.5%", &r);
	CU_ASSERT_EQUAL(r.metric, PV_GATE_TOTTIME);
	CU_ASSERT(!r.has_regex);
	CU_ASSERT_DOUBLE_EQUAL(r.abs_time, 1.5, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(r.pct, 2.5, 1e-12);
	pv_gate_rule_free(&r);

	/* units */
	parse_ok("total > +250us", &r);
	CU_ASSERT_EQUAL(r.metric, PV_GATE_TOTAL);
	pv_gate_rule_free(&r);
	parse_ok("total > 20 ms and > 3%", &r);
	CU_ASSERT_DOUBLE_EQUAL(r.abs_time, 0.020, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(r.pct, 3, 1e-12);
	pv_gate_rule_free(&r);
	parse_ok("total > +250us", &r);
	CU_ASSERT_EQUAL(r.metric, PV_GATE_TOTAL);
	CU_ASSERT(r.has_abs && !r.has_pct);
	CU_ASSERT_DOUBLE_EQUAL(r.abs_time, 250e-6, 1e-18);
	pv_gate_rule_free(&r);
	parse_ok("  cumtime > -5 %  ", &r);  /* blanks before the unit, too */
	CU_ASSERT(!r.has_abs && r.has_pct);
	CU_ASSERT_DOUBLE_EQUAL(r.pct, -5, 1e-12);
	pv_gate_rule_free(&r);

	/* ncalls: a whole number of calls, exact past 2^64 */
	parse_ok("ncalls(helper) > +0", &r);
	CU_ASSERT_EQUAL(r.metric, PV_GATE_NCALLS);
	CU_ASSERT(r.has_abs && r.abs_calls == 0);
	pv_gate_rule_free(&r);
	parse_ok("ncalls > 100000000000000000000000", &r);
	pv_count big = (pv_count)100000000000 * 1000000000000;
	CU_ASSERT(r.abs_calls == big);
	pv_gate_rule_free(&r);

	/* a regex with groups, classes and escaped parentheses */
	parse_ok("cumtime((db|cache)\\.py:\\d+\\(q[)]) > +1ms", &r);
	CU_ASSERT(pv_pyre_search(&r.re, "myapp/db.py:12(q)", 17));
	CU_ASSERT(pv_pyre_search(&r.re, "cache.py:1(q)", 13));
	CU_ASSERT(!pv_pyre_search(&r.re, "cache.py:1(r)", 13));
	pv_gate_rule_free(&r);
}

/* The rule fails to parse at `col` with a message containing `what`. */
static void parse_bad(const char *text, size_t col, const char *what)
{
	pv_gate_rule r;
	pv_error err;
	size_t got = 0;
	CU_ASSERT_EQUAL(pv_gate_rule_parse(text, &r, &got, &err), -1);
	pv_gate_rule_free(&r);
	char want[32];
	snprintf(want, sizeof want, "column %zu: ", col);
	if (got != col || strncmp(err.msg, want, strlen(want)) != 0 || !strstr(err.msg, what))
		fprintf(stderr, "'%s': column %zu, '%s'; expected column %zu, '%s'\n", text, got,
			err.msg, col, what);
	CU_ASSERT_EQUAL(got, col);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, what));
	CU_ASSERT_EQUAL(strncmp(err.msg, want, strlen(want)), 0);
	CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
}

static void test_parse_bad(void)
{
	parse_bad("", 1, "expected total, tottime, cumtime or ncalls");
	parse_bad("walltime > +1s", 1, "not 'walltime'");
	parse_bad("cumtimes > +1s", 1, "expected total");
	parse_bad("total(x) > +1%", 6, "takes no regex");
	parse_bad("cumtime(^myapp/ > +15%", 8, "no matching ')'");
	parse_bad("cumtime() > +1s", 9, "the regex is empty");
	parse_bad("cumtime([a-) > +1s", 8, "no matching ')'");  /* the ')' is in the class */
	parse_bad("cumtime(*a) > +1s", 9, "bad regex: ");
	parse_bad("cumtime(a{2,1}) > +1s", 9, "bad regex");
	parse_bad("cumtime +15%", 9, "expected '>'");
	parse_bad("cumtime >= 15%", 10, "expected a change");
	parse_bad("cumtime > ", 11, "not the end");
	parse_bad("cumtime > +15", 14, "a time needs a unit");
	parse_bad("cumtime > +15 and > 5%", 14, "a time needs a unit");
	parse_bad("cumtime > +15min", 14, "unknown unit 'min'");
	parse_bad("cumtime > +15sec", 14, "unknown unit");
	parse_bad("cumtime > +15 sec", 15, "unknown unit 'sec'");
	parse_bad("ncalls > 15 calls", 13, "unknown unit 'calls'");
	parse_bad("ncalls > +5ms", 12, "plain number");
	parse_bad("ncalls > +1.5", 11, "whole number");
	parse_bad("cumtime > +5% and > +6%", 21, "one percent change at most");
	parse_bad("cumtime > +5ms and > +6ms", 22, "one absolute change at most");
	parse_bad("cumtime > +5% or > +6ms", 15, "unexpected 'or'");
	parse_bad("cumtime > +5% and +6ms", 19, "expected '>' after 'and'");
	parse_bad("cumtime > +5% and", 18, "expected '>' after 'and', not the end");
	parse_bad("cumtime > inf%", 11, "expected a change");
	parse_bad("total > +1e5s", 11, "unknown unit 'e5s'");
}

/* ===================================================== judging */

static pv_profile *base, *new_;

/* The hits of `rules` on base -> new_ (rows in build order). */
static void judge(const char *const *texts, size_t n, pv_diff *d, pv_gate_rule *rules,
		  pv_gate_result *g)
{
	pv_error err;
	CU_ASSERT_FATAL(pv_diff_compute(base, new_, PV_DIFF_MATCH_EXACT, d, &err) == 0);
	for (size_t i = 0; i < n; i++)
		parse_ok(texts[i], &rules[i]);
	CU_ASSERT_FATAL(pv_gate_eval(d, rules, n, g, &err) == 0);
}

static void release(pv_diff *d, pv_gate_rule *rules, size_t n, pv_gate_result *g)
{
	for (size_t i = 0; i < n; i++)
		pv_gate_rule_free(&rules[i]);
	pv_gate_result_free(g);
	pv_diff_release(d);
}

/* How many hits rule `rule` has on the pair. */
static size_t hits_of(const char *text)
{
	pv_diff d;
	pv_gate_rule r;
	pv_gate_result g;
	judge(&text, 1, &d, &r, &g);
	size_t n = g.rule_hits[0];
	CU_ASSERT_EQUAL(g.nhits, n);
	CU_ASSERT_EQUAL(g.tripped, n > 0);
	release(&d, &r, 1, &g);
	return n;
}

/* The label of the one hit of `text`. */
static void one_hit(const char *text, const char *label)
{
	pv_diff d;
	pv_gate_rule r;
	pv_gate_result g;
	judge(&text, 1, &d, &r, &g);
	CU_ASSERT_EQUAL_FATAL(g.nhits, 1);
	pv_buf b = PV_BUF_INIT;
	if (g.hits[0].row == PV_GATE_TOTAL_ROW)
		pv_buf_puts(&b, "total");
	else
		pv_diff_row_label(&d, g.hits[0].row, &b);
	pv_buf_putc(&b, 0);
	CU_ASSERT_STRING_EQUAL(b.data, label);
	pv_buf_release(&b);
	release(&d, &r, 1, &g);
}

static void test_counts_exact(void)
{
	/* helper: 10 calls in base, 11 in new */
	one_hit("ncalls(helper) > +0", "myapp/util.py:2(helper)");
	CU_ASSERT_EQUAL(hits_of("ncalls(helper) > +1"), 0);
	CU_ASSERT_EQUAL(hits_of("ncalls(helper) > 9.9%"), 1);
	CU_ASSERT_EQUAL(hits_of("ncalls(helper) > 10%"), 0); /* +10% exactly */
	/* a profile against itself: nothing changed, nothing trips */
	pv_diff d;
	pv_gate_rule r;
	pv_gate_result g;
	pv_error err;
	CU_ASSERT_FATAL(pv_diff_compute(base, base, PV_DIFF_MATCH_EXACT, &d, &err) == 0);
	parse_ok("ncalls > +0", &r);
	CU_ASSERT_FATAL(pv_gate_eval(&d, &r, 1, &g, &err) == 0);
	CU_ASSERT_EQUAL(g.nhits, 0);
	CU_ASSERT_EQUAL(g.tripped, 0);
	release(&d, &r, 1, &g);
}

static void test_times(void)
{
	/* query: 120 -> 161 ms (+33.9%) */
	one_hit("cumtime(query) > +30% and > +40ms", "myapp/db.py:6(query)");
	CU_ASSERT_EQUAL(hits_of("cumtime(query) > +35%"), 0);
	CU_ASSERT_EQUAL(hits_of("cumtime(query) > +30% and > +41ms"), 0);
	CU_ASSERT_EQUAL(hits_of("cumtime(query) > +40ms"), 1);
	/* tottime of query barely moved */
	CU_ASSERT_EQUAL(hits_of("tottime(query) > +1ms"), 0);
	/* total: 0.143501 -> 0.213886 s (+49.0%) */
	one_hit("total > +45%", "total");
	CU_ASSERT_EQUAL(hits_of("total > +50%"), 0);
	CU_ASSERT_EQUAL(hits_of("total > +70ms"), 1);
	CU_ASSERT_EQUAL(hits_of("total > +71ms"), 0);
	/* a negative threshold: connect got 3.3% faster, which is > -5% */
	CU_ASSERT_EQUAL(hits_of("cumtime(connect) > -5%"), 1);
	CU_ASSERT_EQUAL(hits_of("cumtime(connect) > -3%"), 0);
}

static void test_new_functions(void)
{
	/* render (30 ms) and report.py's <module> (8 us) are only in new:
	 * a percent-only rule skips them, an absolute part judges them */
	CU_ASSERT_EQUAL(hits_of("cumtime(^myapp/report) > +15%"), 0);
	one_hit("cumtime(^myapp/report) > +15% and > +20ms", "myapp/report.py:3(render)");
	one_hit("cumtime(^myapp/report) > +20ms", "myapp/report.py:3(render)");
	CU_ASSERT_EQUAL(hits_of("cumtime(^myapp/report) > +1us"), 2);
	CU_ASSERT_EQUAL(hits_of("ncalls(report) > +0"), 2);
}

static void test_order_and_lines(void)
{
	static const char *const texts[] = {
		"cumtime(^myapp/) > +15% and > +20ms",
		"ncalls(helper) > +0",
		"tottime > +1s",
		"total > +10%",
	};
	pv_diff d;
	pv_gate_rule rules[4];
	pv_gate_result g;
	judge(texts, 4, &d, rules, &g);
	CU_ASSERT_EQUAL(g.nrules, 4);
	CU_ASSERT_EQUAL(g.tripped, 3);
	CU_ASSERT_EQUAL(g.nhits, 4);
	CU_ASSERT_EQUAL(g.rule_hits[0], 2);
	CU_ASSERT_EQUAL(g.rule_hits[2], 0);
	pv_buf b = PV_BUF_INIT;
	pv_gate_write_lines(&d, rules, &g, 20, &b);
	pv_buf_putc(&b, 0);
	CU_ASSERT_STRING_EQUAL(
		b.data,
		"fail-if 'cumtime(^myapp/) > +15% and > +20ms': myapp/db.py:6(query) "
		"0.120 s -> 0.161 s (+33.9%, +41 ms)\n"
		"fail-if 'cumtime(^myapp/) > +15% and > +20ms': myapp/report.py:3(render) "
		"absent -> 0.030 s (new, +30 ms)\n"
		"fail-if 'ncalls(helper) > +0': myapp/util.py:2(helper) 10 -> 11 calls "
		"(+10.0%, +1 call)\n"
		"fail-if 'total > +10%': total time 0.144 s -> 0.214 s (+49.0%, +70 ms)\n"
		"fail-if: 3 of 4 rules tripped\n");
	/* one function per rule at most: the largest change, then a count */
	pv_buf_reset(&b);
	pv_gate_write_lines(&d, rules, &g, 1, &b);
	pv_buf_putc(&b, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "(query)"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "(render)"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(b.data, "fail-if 'cumtime(^myapp/) > +15% and > +20ms': and 1 more functions\n"));
	pv_buf_release(&b);
	release(&d, rules, 4, &g);
}

/* Every line of a Markdown table is one row: starts and ends with '|',
 * with as many unescaped '|' as the header. */
static void check_tables(const char *md)
{
	int pipes = -1;
	for (const char *l = md; *l;) {
		const char *e = strchr(l, '\n');
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		if (*l == '|') {
			int n = 0;
			for (const char *c = l; c < e; c++)
				n += *c == '|' && (c == l || c[-1] != '\\');
			if (pipes < 0)
				pipes = n;
			CU_ASSERT_EQUAL(n, pipes);
			CU_ASSERT_EQUAL(e[-1], '|');
		} else {
			pipes = -1;
		}
		l = e + 1;
	}
}

static void test_markdown(void)
{
	static const char *const texts[] = { "cumtime(^myapp/) > +15% and > +20ms",
					     "tottime > +1s" };
	pv_diff d;
	pv_gate_rule rules[2];
	pv_gate_result g;
	pv_error err;
	judge(texts, 2, &d, rules, &g);
	pv_diff_sort(&d, PV_DIFF_SORT_CUMTIME);
	pv_gate_result_free(&g);
	CU_ASSERT_FATAL(pv_gate_eval(&d, rules, 2, &g, &err) == 0);
	pv_diff_output o = { PV_DIFF_TEXT, PV_DIFF_SORT_CUMTIME, 3, "base.pstats", "new.pstats" };
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_gate_write_md(&d, &o, rules, &g, 20, &b, &err), 0);
	pv_buf_putc(&b, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "**Gate: failed**: 1 of 2 rules tripped."));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data,
		"| `cumtime(^myapp/) > +15% and > +20ms` | `myapp/db.py:6(query)` | 0.120 s | "
		"0.161 s | +33.9%, +41 ms |\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "Did not trip: `tottime > +1s`."));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\n3 of 13 functions shown.\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "| `app.py:7(app)` | 0.143 s | 0.214 s |"));
	check_tables(b.data);
	pv_buf_release(&b);
	release(&d, rules, 2, &g);

	/* names with newlines, tabs, bad UTF-8: still one row each; no gate */
	pv_profile *p = pv_test_need("diff", "names.pstats");
	CU_ASSERT_FATAL(pv_diff_compute(p, p, PV_DIFF_MATCH_EXACT, &d, &err) == 0);
	o.limit = SIZE_MAX;
	CU_ASSERT_EQUAL(pv_gate_write_md(&d, &o, NULL, NULL, 20, &b, &err), 0);
	pv_buf_putc(&b, 0);
	CU_ASSERT_PTR_NULL(strstr(b.data, "Gate"));
	CU_ASSERT_PTR_NULL(strstr(b.data, "shown"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "`/srv/sp ace/tab\xef\xbf\xbdname.py:9(new\xef\xbf\xbdline)`"));
	check_tables(b.data);
	pv_buf_release(&b);
	pv_diff_release(&d);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "parse: good rules and units", test_parse_good },
		{ "parse: bad rules name the column", test_parse_bad },
		{ "judge: counts are exact", test_counts_exact },
		{ "judge: times, totals, thresholds", test_times },
		{ "judge: functions new in NEW", test_new_functions },
		{ "order and the text lines", test_order_and_lines },
		{ "markdown", test_markdown },
		{ NULL, NULL },
	};
	base = pv_test_load("diff", "gate_base.pstats");
	new_ = pv_test_load("diff", "gate_new.pstats");
	if (!base || !new_)
		return 2;
	int rc = pv_test_run("gate", tests);
	pv_profile_free(base);
	pv_profile_free(new_);
	return rc;
}
