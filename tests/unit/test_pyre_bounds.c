/*
 * test_pyre_bounds.c - untrusted regexes are bounded (pv/pyre.h): a
 * catastrophic pattern against a long name gives up, quickly, as its own
 * value with its own message, with the JIT and with the interpreter; the
 * restrictions of pv/query.h and the gate's REGEX (pv/gate.h) report it
 * as an error, never as "no match"; ordinary patterns on the same long
 * name still answer as Python's re.search does (expected values printed
 * by Python 3.11: bool(re.search(p, s))).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "pv/diff.h"
#include "pv/gate.h"
#include "pv/pyre.h"
#include "pv/query.h"

#define LONG_A 5000

/* "/x/long.py:1(aaa...ab)": pstats' label of the long function */
static char *long_label(size_t *len)
{
	const char *head = "/x/long.py:1(";
	size_t h = strlen(head);
	char *s = malloc(h + LONG_A + 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memcpy(s, head, h);
	memset(s + h, 'a', LONG_A);
	memcpy(s + h + LONG_A, "b)", 3);
	*len = h + LONG_A + 2;
	return s;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* pv_pyre_search of `pattern` on the long label, JIT or not */
static int search_long(const char *pattern, int no_jit, char *msg, size_t msgsize)
{
	pv_pyre r;
	size_t len;
	char *s = long_label(&len);
	CU_ASSERT_EQUAL_FATAL(pv_pyre_compile(&r, pattern, msg, msgsize), 0);
	r.no_jit = no_jit;
	int hit = pv_pyre_search(&r, s, len);
	pv_error err;
	msg[0] = '\0';
	if (hit == PV_PYRE_TOO_COMPLEX) {
		CU_ASSERT_EQUAL(pv_pyre_gave_up(&r, &err), -1);
		snprintf(msg, msgsize, "%s", err.msg);
	}
	pv_pyre_free(&r);
	free(s);
	return hit;
}

static void test_catastrophic_gives_up(void)
{
	static const char *const bad[] = { "(a+)+$", "(a|aa)+$", "(a|a)+$", "(\\w|a)+$",
					   "(.*a){20}$" };
	char msg[PV_ERROR_MAX];
	for (int no_jit = 0; no_jit <= 1; no_jit++) {
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			double t0 = now();
			int hit = search_long(bad[i], no_jit, msg, sizeof msg);
			double dt = now() - t0;
			if (hit != PV_PYRE_TOO_COMPLEX || dt > 2.0)
				fprintf(stderr, "%s (%s): %d after %.3f s\n", bad[i],
					no_jit ? "interpreter" : "JIT", hit, dt);
			CU_ASSERT_EQUAL(hit, PV_PYRE_TOO_COMPLEX);
			CU_ASSERT(dt < 2.0);
			CU_ASSERT_PTR_NOT_NULL(strstr(msg, "regular expression too complex: gave up"));
			CU_ASSERT_PTR_NULL(strchr(msg, '\n'));
		}
	}
	search_long("(a+)+$", 0, msg, sizeof msg);
	CU_ASSERT_STRING_EQUAL(msg, "regular expression too complex: gave up after 1000000 steps");
}

/* Ordinary patterns, some with deep backtracking over the 5000 a's:
 * Python's answers, with the JIT and with the interpreter. */
static void test_ordinary_long_subject(void)
{
	static const struct {
		const char *pattern;
		int want;
	} cases[] = {
		{ "(a|b)+\\)$", 1 },
		{ "(a|aa)*b", 1 },
		{ "^/x/long\\.py:1\\((a)*b\\)$", 1 },
		{ "\\(([a-z])+\\)", 1 },
		{ "(\\w+)\\((\\w+)\\)$", 1 },
		{ "a{4999}b", 1 },
		{ "(?:a|b)*?\\)\\Z", 1 },
		{ "^.*(a+)b", 1 },
		{ "(a|b)+c", 0 },
		{ "long\\.py:2", 0 },
		{ "a{5001}", 0 },
	};
	char msg[PV_ERROR_MAX];
	for (int no_jit = 0; no_jit <= 1; no_jit++) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			int hit = search_long(cases[i].pattern, no_jit, msg, sizeof msg);
			if (hit != cases[i].want)
				fprintf(stderr, "%s (%s): %d, Python says %d %s\n", cases[i].pattern,
					no_jit ? "interpreter" : "JIT", hit, cases[i].want, msg);
			CU_ASSERT_EQUAL(hit, cases[i].want);
		}
	}
}

/* ===================================================== a profile with the long name */

static void put_i32(pv_buf *b, int32_t v)
{
	uint32_t u = (uint32_t)v;
	for (int i = 0; i < 4; i++)
		pv_buf_putc(b, (char)((u >> (8 * i)) & 0xff));
}

static void put_str(pv_buf *b, const char *s, size_t n)
{
	pv_buf_putc(b, 'u');
	put_i32(b, (int32_t)n);
	pv_buf_append(b, s, n);
}

static void put_float(pv_buf *b, double x)
{
	unsigned char raw[8];
	memcpy(raw, &x, 8);  /* marshal's binary float: little-endian IEEE */
	pv_buf_putc(b, 'g');
	pv_buf_append(b, raw, 8);
}

/*
 * A stats dict in marshal (as pstats dump_stats writes it) of two
 * functions: short.py:1(f) and the long one, with tottime `tt` each.
 */
static pv_profile *long_profile(double tt)
{
	pv_buf b = PV_BUF_INIT;
	size_t len;
	char *label = long_label(&len);
	const char *name = strchr(label, '(') + 1;
	pv_buf_putc(&b, '{');
	for (int k = 0; k < 2; k++) {
		pv_buf_putc(&b, '(');
		put_i32(&b, 3);
		put_str(&b, k ? "/x/long.py" : "/x/short.py", k ? 10 : 11);
		pv_buf_putc(&b, 'i');
		put_i32(&b, 1);
		put_str(&b, k ? name : "f", k ? (size_t)(label + len - 1 - name) : 1);
		pv_buf_putc(&b, '(');
		put_i32(&b, 5);
		pv_buf_putc(&b, 'i');
		put_i32(&b, 1);
		pv_buf_putc(&b, 'i');
		put_i32(&b, 1);
		put_float(&b, tt);
		put_float(&b, tt);
		pv_buf_puts(&b, "{0");
	}
	pv_buf_putc(&b, '0');
	free(label);
	CU_ASSERT_FATAL(pv_buf_ok(&b));
	pv_error err;
	pv_profile *p = pv_profile_load_mem(b.data, b.len, "long.pstats", &err);
	if (!p)
		fprintf(stderr, "long profile: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pv_buf_release(&b);
	return p;
}

static void test_query_reports_it(void)
{
	pv_profile *p = long_profile(0.5);
	pv_error err;
	pv_restriction rx;
	pv_selection s = PV_SELECTION_INIT;

	/* an ordinary regex finds the long function */
	CU_ASSERT_EQUAL(pv_restriction_regex(&rx, "a{4999}b\\)$", &err), 0);
	pv_query q = { NULL, 0, 0, &rx, 1 };
	CU_ASSERT_EQUAL_FATAL(pv_query_run(p, &q, &s, &err), 0);
	CU_ASSERT_EQUAL(s.n, 1);
	pv_selection_release(&s);
	pv_restriction_release(&rx);

	/* a catastrophic one is an error, not an empty list */
	CU_ASSERT_EQUAL(pv_restriction_regex(&rx, "(a+)+$", &err), 0);
	pv_error_clear(&err);
	CU_ASSERT_EQUAL(pv_query_run(p, &q, &s, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "regular expression too complex: gave up after 1000000 steps");
	pv_selection_release(&s);
	pv_restriction_release(&rx);
	pv_profile_free(p);
}

static void test_gate_reports_it(void)
{
	pv_profile *base = long_profile(0.5), *new_ = long_profile(1.0);
	pv_diff d;
	pv_gate_rule r;
	pv_gate_result g;
	pv_error err;
	size_t col;
	CU_ASSERT_FATAL(pv_diff_compute(base, new_, PV_DIFF_MATCH_EXACT, &d, &err) == 0);

	CU_ASSERT_EQUAL_FATAL(pv_gate_rule_parse("tottime(a{4999}b) > +10%", &r, &col, &err), 0);
	CU_ASSERT_EQUAL(pv_gate_eval(&d, &r, 1, &g, &err), 0);
	CU_ASSERT_EQUAL(g.nhits, 1);
	pv_gate_result_free(&g);
	pv_gate_rule_free(&r);

	/* gave up: an error, neither a hit nor a pass */
	CU_ASSERT_EQUAL_FATAL(pv_gate_rule_parse("tottime((a+)+$) > +10%", &r, &col, &err), 0);
	CU_ASSERT_EQUAL(pv_gate_eval(&d, &r, 1, &g, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "regular expression too complex: gave up after 1000000 steps");
	pv_gate_result_free(&g);
	pv_gate_rule_free(&r);
	pv_diff_release(&d);
	pv_profile_free(base);
	pv_profile_free(new_);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "catastrophic_gives_up", test_catastrophic_gives_up },
		{ "ordinary_long_subject", test_ordinary_long_subject },
		{ "query_reports_it", test_query_reports_it },
		{ "gate_reports_it", test_gate_reports_it },
		{ NULL, NULL },
	};
	return pv_test_run("pyre_bounds", tests);
}
