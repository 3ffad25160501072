/* test_query.c - sort keys, reprs, restrictions and sorting (pv/query.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/query.h"

static void test_sort_key_prefixes(void)
{
	static const char *const words[] = { "calls", "ncalls", "cumtime", "cumulative",
		"filename", "line", "module", "name", "nfl", "pcalls", "stdname", "time",
		"tottime" };
	pv_sort_key k;
	pv_error err;
	size_t accepted = 0;
	/* every prefix of every word: pstats accepts exactly 66 strings */
	char seen[256][16];
	size_t nseen = 0;
	for (size_t i = 0; i < 13; i++) {
		for (size_t l = 1; l <= strlen(words[i]); l++) {
			char buf[16];
			memcpy(buf, words[i], l);
			buf[l] = '\0';
			int dup = 0;
			for (size_t j = 0; j < nseen; j++)
				if (strcmp(seen[j], buf) == 0)
					dup = 1;
			if (dup)
				continue;
			strcpy(seen[nseen++], buf);
			if (pv_sort_key_parse(buf, &k, &err) == 0)
				accepted++;
		}
	}
	CU_ASSERT_EQUAL(accepted, 66);
	static const struct {
		const char *word;
		pv_sort_key key;
	} prefixes[] = {
		{ "cu", PV_SORT_CUMULATIVE }, { "file", PV_SORT_FILENAME }, { "ti", PV_SORT_TIME },
		{ "to", PV_SORT_TIME }, { "mod", PV_SORT_FILENAME }, { "nf", PV_SORT_NFL },
	};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		k = PV_SORT_NKEYS;
		CU_ASSERT_EQUAL(pv_sort_key_parse(prefixes[i].word, &k, &err), 0);
		CU_ASSERT_EQUAL(k, prefixes[i].key);
	}
	const char *bad[] = { "c", "n", "t", "cum", "", "foo", "timex", "Time" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(pv_sort_key_parse(bad[i], &k, &err), -1);
	pv_sort_key_parse("cum", &k, &err);
	CU_ASSERT_STRING_EQUAL(err.msg, "ambiguous sort key 'cum'");
	CU_ASSERT_STRING_EQUAL(pv_sort_key_description(PV_SORT_NFL), "name/file/line");
	CU_ASSERT_STRING_EQUAL(pv_sort_word_at(12, &k), "tottime");
	CU_ASSERT_PTR_NULL(pv_sort_word_at(13, &k));
}

/* Python's repr() of floats and strs (pv/pyrepr.h), as restrictions
 * print their arguments. */
static void test_reprs(void)
{
	static const struct { double x; const char *want; } floats[] = {
		{ 0.1, "0.1" },
		{ 0.5, "0.5" },
		{ 0.0, "0.0" },
		{ -0.0, "-0.0" },
		{ 1.0, "1.0" },
		{ 1e-05, "1e-05" },
		{ 0.0001, "0.0001" },
		{ 1e16, "1e+16" },
		{ 1e15, "1000000000000000.0" },
		{ 0.30000000000000004, "0.30000000000000004" },
		{ 123456.78949, "123456.78949" },
		{ 5e-324, "5e-324" },
		{ 1.5e-10, "1.5e-10" },
		{ (double)NAN, "nan" },
		{ (double)-INFINITY, "-inf" },
		{ 2.0 / 3.0, "0.6666666666666666" },
	};
	static const struct { const char *s, *want; } strs[] = {
		{ "jset", "'jset'" },
		{ "it's", "\"it's\"" },
		{ "a'b\"c", "'a\\'b\"c'" },
		{ "\\.py", "'\\\\.py'" },
		{ "\t\n\r", "'\\t\\n\\r'" },
		{ "\x01\x7f", "'\\x01\\x7f'" },
		{ "\xc3\xa9t\xc3\xa9", "'\xc3\xa9t\xc3\xa9'" },     /* printable: kept */
		{ "\xc2\xa0", "'\\xa0'" },                          /* U+00A0 */
		{ "\xe2\x80\x8b", "'\\u200b'" },                    /* U+200B */
		{ "a\x80", "'a\\udc80'" },                          /* undecodable */
		{ "\xf3\xa0\x80\x81", "'\\U000e0001'" },            /* tag, Cf */
	};
	pv_buf b = PV_BUF_INIT;
	for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
		pv_buf_reset(&b);
		pv_float_repr(floats[i].x, &b);
		CU_ASSERT_STRING_EQUAL(b.data, floats[i].want);
	}
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		pv_buf_reset(&b);
		pv_str_repr(strs[i].s, strlen(strs[i].s), &b);
		CU_ASSERT_STRING_EQUAL(b.data, strs[i].want);
	}
	pv_buf_release(&b);
}

static void test_restriction_parse(void)
{
	static const struct { const char *arg; pv_restrict_kind kind; const char *repr; } cases[] = {
		{ "5", PV_RESTRICT_COUNT, "5" }, { "+3", PV_RESTRICT_COUNT, "3" },
		{ "007", PV_RESTRICT_COUNT, "7" }, { "-1", PV_RESTRICT_COUNT, "-1" },
		{ "5\n", PV_RESTRICT_COUNT, "5" }, { "0.5", PV_RESTRICT_FRACTION, "0.5" },
		{ ".25", PV_RESTRICT_FRACTION, "0.25" }, { "1e-1", PV_RESTRICT_FRACTION, "0.1" },
		{ "-0.0", PV_RESTRICT_FRACTION, "-0.0" }, { "5.", PV_RESTRICT_FRACTION, "5." },
		{ "1.0", PV_RESTRICT_REGEX, "'1.0'" }, { "nan", PV_RESTRICT_REGEX, "'nan'" },
		{ "1e3", PV_RESTRICT_REGEX, "'1e3'" }, { "fib", PV_RESTRICT_REGEX, "'fib'" },
		{ "", PV_RESTRICT_REGEX, "''" }, { ".", PV_RESTRICT_REGEX, "'.'" },
	};
	pv_error err;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pv_restriction r;
		pv_buf b = PV_BUF_INIT;
		CU_ASSERT_EQUAL_FATAL(pv_restriction_parse(cases[i].arg, &r, &err), 0);
		if (strcmp(cases[i].arg, "5.") == 0) {
			/* 5.0 is not in [0, 1): a regex */
			CU_ASSERT_EQUAL(r.kind, PV_RESTRICT_REGEX);
			pv_restriction_release(&r);
			continue;
		}
		CU_ASSERT_EQUAL(r.kind, cases[i].kind);
		pv_restriction_repr(&r, &b);
		CU_ASSERT_STRING_EQUAL(b.data, cases[i].repr);
		pv_buf_release(&b);
		pv_restriction_release(&r);
	}
}

static void test_query_limits(void)
{
	pv_profile *p = pv_test_need("stats", "jset.pstats");
	pv_error err;
	pv_restriction lim[3];
	pv_selection s = PV_SELECTION_INIT;
	pv_sort_key keys[] = { PV_SORT_TIME };

	/* 113 functions: 0.5 keeps int(113 * 0.5 + .5) = 57 */
	pv_restriction_fraction(&lim[0], 0.5);
	pv_restriction_count(&lim[1], -1);
	pv_restriction_count(&lim[2], 10);
	pv_query q = { keys, 1, 0, lim, 3 };
	CU_ASSERT_EQUAL_FATAL(pv_query_run(p, &q, &s, &err), 0);
	CU_ASSERT_EQUAL(s.nfuncs, 113);
	CU_ASSERT_EQUAL(s.limits[0].after, 57);
	CU_ASSERT_EQUAL(s.limits[1].after, 57);
	CU_ASSERT_EQUAL(s.n, 10);
	CU_ASSERT_STRING_EQUAL(s.ordered_by, "internal time");
	pv_buf b = PV_BUF_INIT;
	pv_selection_message(&s, &q, &b);
	CU_ASSERT_STRING_EQUAL(b.data, "   Ordered by: internal time\n"
			       "   List reduced from 113 to 57 due to restriction <0.5>\n"
			       "   List reduced from 57 to 10 due to restriction <10>\n");
	pv_buf_release(&b);
	pv_selection_release(&s);

	/* an invalid regex leaves the list alone; a valid one searches */
	pv_restriction rx[2];
	CU_ASSERT_EQUAL(pv_restriction_regex(&rx[0], "(", &err), 0);
	CU_ASSERT_EQUAL(pv_restriction_regex(&rx[1], "calc_\\w+\\)$", &err), 0);
	pv_query q2 = { NULL, 0, 1, rx, 2 };
	CU_ASSERT_EQUAL_FATAL(pv_query_run(p, &q2, &s, &err), 0);
	CU_ASSERT_EQUAL(s.limits[0].invalid, 1);
	CU_ASSERT_EQUAL(s.limits[0].after, 113);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_EQUAL(s.sorted, 0);
	pv_selection_message(&s, &q2, &b);
	CU_ASSERT_STRING_EQUAL(b.data, "   Random listing order was used\n"
			       "   <Invalid regular expression '('>\n"
			       "   List reduced from 113 to 2 due to restriction <'calc_\\\\w+\\\\)$'>\n");
	pv_buf_release(&b);
	pv_selection_release(&s);
	pv_restriction_release(&rx[0]);
	pv_restriction_release(&rx[1]);
	pv_profile_free(p);
}

/* NaN ties with everything: only CPython's own sort algorithm gives
   pstats' order (checked against the oracle). */
static void test_sort_nan(void)
{
	pv_profile *p = pv_test_need("stats", "edge/nan_inf.pstats");
	pv_error err;
	size_t n = pv_profile_nfuncs(p);
	uint32_t ids[16];
	pv_sort_key k = PV_SORT_TIME;
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL_FATAL(n, 6);
	for (size_t i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	CU_ASSERT_EQUAL(pv_sort_ids(p, &k, 1, ids, n, &err), 0);
	for (size_t i = 0; i < n; i++) {
		pv_func_std_string(p, ids[i], &b);
		pv_buf_putc(&b, '|');
	}
	CU_ASSERT_STRING_EQUAL(b.data, "/srv/app/a.py:2(inf)|/srv/app/util/helper.py:5(helper)|"
			       "{built-in method builtins.len}|/srv/app/main.py:10(main)|"
			       "{method 'disable' of '_lsprof.Profiler' objects}|"
			       "/srv/app/a.py:1(nan)|");
	pv_buf_release(&b);
	pv_profile_free(p);
}

/* Stability over many equal keys, and agreement with a simple stable
   insertion sort on a large input (exercises galloping merges). */
static void test_sort_stable_large(void)
{
	pv_profile *p = pv_test_need("stats", "py311_ut_json.pstats");
	pv_error err;
	size_t n = pv_profile_nfuncs(p);
	const pv_func *f = pv_profile_funcs(p);
	uint32_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	for (size_t i = 0; i < n; i++)
		a[i] = (uint32_t)i;
	pv_sort_key k = PV_SORT_CALLS;
	CU_ASSERT_EQUAL(pv_sort_ids(p, &k, 1, a, n, &err), 0);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j > 0 && pv_func_nc(&f[b[j - 1]]) < pv_func_nc(&f[i])) {
			b[j] = b[j - 1];
			j--;
		}
		b[j] = (uint32_t)i;
	}
	CU_ASSERT_EQUAL(memcmp(a, b, n * sizeof(*a)), 0);
	free(a);
	free(b);
	pv_profile_free(p);
}

/* A count as the first limit selects the first rows without sorting the
   rest: the same rows, in the same order, as sorting everything. */
static void test_sort_top_matches_full(void)
{
	static const char *const files[] = { "synthetic/syn_3k_s3_unicode.pstats",
		"synthetic/syn_1k_s4_toplevel.pstats", "py311_ut_json.pstats",
		"edge/nan_inf.pstats" };
	static const pv_sort_key keysets[][3] = {
		{ PV_SORT_TIME }, { PV_SORT_CUMULATIVE }, { PV_SORT_CALLS }, { PV_SORT_PCALLS },
		{ PV_SORT_NAME }, { PV_SORT_FILENAME }, { PV_SORT_LINE }, { PV_SORT_NFL },
		{ PV_SORT_STDNAME }, { PV_SORT_CALLS, PV_SORT_TIME },
		{ PV_SORT_FILENAME, PV_SORT_LINE, PV_SORT_NAME },
	};
	static const size_t nkeys[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3 };
	pv_error err;
	size_t checked = 0;
	for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
		pv_profile *p = pv_test_need("stats", files[fi]);
		size_t nf = pv_profile_nfuncs(p);
		uint32_t *all = malloc(nf * sizeof *all);
		CU_ASSERT_PTR_NOT_NULL_FATAL(all);
		for (size_t ki = 0; ki < sizeof nkeys / sizeof nkeys[0]; ki++) {
			for (int rev = 0; rev < 2; rev++) {
				for (size_t i = 0; i < nf; i++)
					all[i] = (uint32_t)i;
				CU_ASSERT_EQUAL_FATAL(pv_sort_ids(p, keysets[ki], nkeys[ki], all, nf,
								  &err), 0);
				if (rev)
					for (size_t i = 0; i < nf / 2; i++) {
						uint32_t t = all[i];
						all[i] = all[nf - 1 - i];
						all[nf - 1 - i] = t;
					}
				long long ks[] = { 0, 1, 2, 7, 10, (long long)nf / 8 - 1 };
				for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
					if (ks[j] < 0)
						continue;
					pv_restriction lim[2];
					pv_restriction_count(&lim[0], ks[j]);
					pv_restriction_fraction(&lim[1], 0.5);
					pv_query q = { keysets[ki], nkeys[ki], rev, lim, 2 };
					pv_selection s = PV_SELECTION_INIT;
					CU_ASSERT_EQUAL_FATAL(pv_query_run(p, &q, &s, &err), 0);
					size_t kept = (size_t)ks[j] < nf ? (size_t)ks[j] : nf;
					size_t want = (size_t)((double)kept * 0.5 + .5);
					CU_ASSERT_EQUAL(s.limits[0].before, nf);
					CU_ASSERT_EQUAL(s.limits[0].after, kept);
					CU_ASSERT_EQUAL(s.limits[1].after, want);
					CU_ASSERT_EQUAL_FATAL(s.n, want);
					for (size_t i = 0; i < s.n; i++)
						CU_ASSERT_EQUAL(s.ids[i], all[i]);
					pv_selection_release(&s);
					checked++;
				}
			}
		}
		free(all);
		pv_profile_free(p);
	}
	CU_ASSERT(checked > 200);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "sort_key_prefixes", test_sort_key_prefixes },
		{ "float and str reprs", test_reprs },
		{ "restriction_parse", test_restriction_parse },
		{ "query_limits", test_query_limits },
		{ "sort_nan", test_sort_nan },
		{ "sort_stable_large", test_sort_stable_large },
		{ "sort_top_matches_full", test_sort_top_matches_full },
		{ NULL, NULL },
	};
	return pv_test_run("query", tests);
}
