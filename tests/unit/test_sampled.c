/*
 * test_sampled.c - profiles of Python 3.15's sampling profiler
 * (profiling.sampling --pstats): the marker ('__sampled__',): True, the
 * profile's sampled flag through add/strip/clone/write, the error for
 * mixing with deterministic profiles, and the report's names for samples.
 * Expected numbers were printed by Python 3.15's pstats on the same files.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/api.h"
#include "pv/export.h"
#include "pv/profile.h"
#include "pv/query.h"
#include "pv/report.h"

static pv_profile *need(const char *name)
{
	return pv_test_need(NULL, name);
}

/* The marker is taken away: 3.15's pstats counts 42 functions and these
 * totals for the file (its header: 11026 calls, 1853 primitive, 1.853 s). */
static void test_marker(void)
{
	pv_profile *p = need("corpus/py315_sampled_builtins.pstats");
	CU_ASSERT_TRUE(pv_profile_is_sampled(p));
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 42);
	const pv_totals *t = pv_profile_totals(p);
	CU_ASSERT(t->total_calls == 11026);
	CU_ASSERT(t->prim_calls == 1853);
	CU_ASSERT(pv_profile_find(p, "~", 0, "<native>") >= 0);
	/* every key is a (file, line, name) key: nothing named __sampled__ */
	for (size_t i = 0; i < pv_profile_nkeys(p); i++) {
		size_t len;
		const char *n = pv_profile_string(p, pv_profile_funcs(p)[i].name, &len);
		CU_ASSERT(strcmp(n, "__sampled__") != 0);
	}
	pv_profile_free(p);

	p = need("corpus/py315_jset.pstats");
	CU_ASSERT_FALSE(pv_profile_is_sampled(p));
	pv_profile_free(p);
}

/* Only the key ('__sampled__',) with the value True is the marker. */
static void test_marker_errors(void)
{
	static const struct {
		const char *file, *msg;
	} cases[] = {
		{ "malformed/sampled_marker_int.pstats", "maps to an int, not True" },
		{ "malformed/sampled_marker_false.pstats", "maps to False, not True" },
		{ "malformed/sampled_other_1tuple.pstats", "a function key is a 1-item tuple" },
		{ "malformed/sampled_caller_marker.pstats", "a caller key is a 1-item tuple" },
		{ "malformed/sampled_marker_only.pstats", "holds no functions" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pv_error err;
		pv_profile *p = pv_profile_load(pv_test_data(cases[i].file), &err);
		CU_ASSERT_PTR_NULL(p);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].msg));
		CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
		pv_profile_free(p);
	}
}

/* add, strip_dirs, clone and Stats(F1, F2) keep the flag. */
static void test_kept(void)
{
	pv_error err;
	pv_profile *p = need("corpus/py315_sampled_jset.pstats");
	pv_profile *q = need("corpus/py315_sampled_recursion.pstats");
	CU_ASSERT_EQUAL_FATAL(pv_profile_add(p, q, &err), 0);
	CU_ASSERT_TRUE(pv_profile_is_sampled(p));
	CU_ASSERT_EQUAL_FATAL(pv_profile_strip_dirs(p, &err), 0);
	CU_ASSERT_TRUE(pv_profile_is_sampled(p));
	pv_profile *c = pv_profile_clone(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_TRUE(pv_profile_is_sampled(c));
	pv_profile_free(c);
	pv_profile_free(q);
	pv_profile_free(p);

	const char *paths[2];
	char a[4096], b[4096];
	snprintf(a, sizeof a, "%s", pv_test_data("corpus/py315_sampled_jset.pstats"));
	snprintf(b, sizeof b, "%s", pv_test_data("corpus/py315_sampled_workers.pstats"));
	paths[0] = a;
	paths[1] = b;
	size_t failed = 9;
	p = pv_profile_load_many(paths, 2, &err, &failed);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_TRUE(pv_profile_is_sampled(p));
	pv_profile_free(p);
}

/* Samples and calls do not add: an error, naming the file at fault, and
 * the destination unchanged. */
static void test_mixed(void)
{
	pv_error err;
	pv_profile *s = need("corpus/py315_sampled_jset.pstats");
	pv_profile *d = need("corpus/py315_jset.pstats");
	size_t n = pv_profile_nfuncs(d);
	CU_ASSERT_EQUAL(pv_profile_add(d, s, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a sampled profile (profiling.sampling) cannot be "
					     "merged with deterministic ones"));
	CU_ASSERT_EQUAL(pv_profile_nfuncs(d), n);
	CU_ASSERT_FALSE(pv_profile_is_sampled(d));
	CU_ASSERT_EQUAL(pv_profile_add(s, d, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a deterministic profile cannot be merged with "
					     "sampled ones"));
	CU_ASSERT_TRUE(pv_profile_is_sampled(s));
	pv_profile_free(s);
	pv_profile_free(d);

	char *own[3] = { pv_test_data_dup("corpus/py315_sampled_jset.pstats"),
			 pv_test_data_dup("corpus/py315_sampled_workers.pstats"),
			 pv_test_data_dup("corpus/py315_jset.pstats") };
	const char *paths[3] = { own[0], own[1], own[2] };
	size_t failed = 0;
	CU_ASSERT_PTR_NULL(pv_profile_load_many(paths, 3, &err, &failed));
	CU_ASSERT_EQUAL(failed, 2);  /* Stats(F1, F2, F3) adds F3 first */
	for (int i = 0; i < 3; i++)
		free(own[i]);
}

/* dump_stats of a sampled profile writes the marker back: it reads as
 * sampled, to the same numbers. */
static void test_write(void)
{
	pv_error err;
	pv_profile *p = need("corpus/py315_sampled_workers.pstats");
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL_FATAL(pv_profile_write_marshal(p, &b, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(memmem(b.data, b.len, ")\x01z\x0b__sampled__T0", 17));
	pv_profile *q = pv_profile_load_mem(b.data, b.len, "w", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_TRUE(pv_profile_is_sampled(q));
	CU_ASSERT_EQUAL(pv_profile_nfuncs(q), pv_profile_nfuncs(p));
	CU_ASSERT(pv_profile_totals(q)->total_calls == pv_profile_totals(p)->total_calls);
	pv_profile_free(q);
	pv_buf_release(&b);
	pv_profile_free(p);

	p = need("corpus/py315_jset.pstats");
	CU_ASSERT_EQUAL_FATAL(pv_profile_write_marshal(p, &b, &err), 0);
	CU_ASSERT_PTR_NULL(memmem(b.data, b.len, "__sampled__", 11));
	pv_buf_release(&b);
	pv_profile_free(p);
}

static char *report(const pv_profile *p, pv_report_mode mode, pv_report_format fmt)
{
	pv_query q;
	pv_error err;
	pv_buf b = PV_BUF_INIT;
	memset(&q, 0, sizeof q);
	CU_ASSERT_EQUAL(pv_report(p, &q, mode, fmt, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	return b.data;
}

/* SampledStats' column title; samples named as such in JSON and CSV. */
static void test_report_names(void)
{
	pv_profile *p = need("corpus/py315_sampled_recursion.pstats");
	char *t = report(p, PV_REPORT_STATS, PV_FORMAT_TEXT);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\n nsamples  tottime persample cumtime persample "
					 "filename:lineno(function)\n"));
	CU_ASSERT_PTR_NULL(strstr(t, "ncalls"));
	free(t);
	t = report(p, PV_REPORT_STATS, PV_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"sampled\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"total_samples\":13060,\"primitive_samples\":1416"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"nsamples\":"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"cumtime_persample\":"));
	CU_ASSERT_PTR_NULL(strstr(t, "calls"));
	free(t);
	t = report(p, PV_REPORT_CALLERS, PV_FORMAT_CSV);
	CU_ASSERT(strncmp(t, "function,caller,file,line,name,kind,nsamples,psamples,", 54) == 0);
	free(t);
	pv_profile_free(p);

	p = need("corpus/py315_jset.pstats");
	t = report(p, PV_REPORT_STATS, PV_FORMAT_JSON);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"sampled\":false"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"ncalls\":"));
	free(t);
	pv_profile_free(p);
	CU_ASSERT_STRING_EQUAL(pv_report_names_of(NULL)->unit, "calls");
}

/* The sum of the last fields of collapsed stacks. */
static long long collapsed_sum(const pv_profile *p)
{
	pv_error err;
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_export_collapsed(p, 0, 0, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	long long sum = 0;
	for (char *line = b.data, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		char *sp = strrchr(line, ' ');
		if (sp)
			sum += atoll(sp + 1);
	}
	pv_buf_release(&b);
	return sum;
}

/* export: collapsed stacks count samples (all the direct samples, 2044 in
 * this file, as 3.15's pstats totals them), callgrind says what its numbers
 * are, JSON has the flag. */
static void test_export(void)
{
	pv_error err;
	pv_profile *p = need("corpus/py315_sampled_jset.pstats");
	CU_ASSERT_EQUAL(collapsed_sum(p), 2044);
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_export_callgrind(p, NULL, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\n# a sampled profile"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\nevent: us : Sampled time"));
	pv_buf_reset(&b);
	CU_ASSERT_EQUAL(pv_export_json(p, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"version\":1,\"sampled\":true,"));
	pv_profile_free(p);

	/* a profile of calls: microseconds, no comment, the flag false */
	p = need("corpus/py315_jset.pstats");
	long long us = collapsed_sum(p);
	double tt = pv_profile_totals(p)->total_tt * 1e6;
	CU_ASSERT(us > tt - 2 && us < tt + 2);
	pv_buf_reset(&b);
	CU_ASSERT_EQUAL(pv_export_callgrind(p, NULL, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	CU_ASSERT_PTR_NULL(strstr(b.data, "sampled"));
	pv_buf_reset(&b);
	CU_ASSERT_EQUAL(pv_export_json(p, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"sampled\":false"));
	pv_buf_release(&b);
	pv_profile_free(p);
}

/* The viewer's API: the summary says "sampled", the table's columns are
 * SampledStats' titles. */
static void test_api(void)
{
	pv_error err;
	pv_profile *p = need("corpus/py315_sampled_jset.pstats");
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_api_summary(p, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	CU_ASSERT_EQUAL(strncmp(b.data, "{\"version\":1,\"sampled\":true,", 28), 0);
	pv_buf_reset(&b);
	CU_ASSERT_EQUAL(pv_api_functions(p, &b, &err), 0);
	pv_buf_putc(&b, '\0');
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"columns\":[\"nsamples\",\"tottime\",\"persample\","
					      "\"cumtime\",\"persample\","));
	pv_buf_release(&b);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "marker", test_marker },
		{ "marker errors", test_marker_errors },
		{ "flag kept", test_kept },
		{ "mixed is an error", test_mixed },
		{ "written back", test_write },
		{ "report names", test_report_names },
		{ "export", test_export },
		{ "api", test_api },
		{ NULL, NULL },
	};
	return pv_test_run("sampled", tests);
}
