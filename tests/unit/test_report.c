/* test_report.c - text/JSON/CSV reports and their formatters (pv/report.h). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "pv/report.h"

/* pv_ctime(t) under the time zone `tz` (a POSIX TZ string: no tzdata
 * needed) is `want`. */
static void check_ctime(const char *tz, int64_t t, const char *want)
{
	char buf[64];
	setenv("TZ", tz, 1);
	pv_ctime(t, buf);
	CU_ASSERT_STRING_EQUAL(buf, want);
	if (strcmp(buf, want) != 0)
		fprintf(stderr, "TZ=%s, %lld: %s, want %s\n", tz, (long long)t, buf, want);
}

/* tests/stats/data/NAME; the test stops if it cannot be read. */
static pv_profile *load(const char *name)
{
	pv_profile *p = pv_test_load("stats", name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

static void test_ctime(void)
{
	check_ctime("UTC0", 0, "Thu Jan  1 00:00:00 1970");
	check_ctime("UTC0", 1700000000, "Tue Nov 14 22:13:20 2023");
	/* New York's rules, written out: winter is UTC-5, summer UTC-4, and
	 * the local date can be the day before UTC's */
	const char *ny = "EST5EDT,M3.2.0,M11.1.0";
	check_ctime(ny, 0, "Wed Dec 31 19:00:00 1969");
	check_ctime(ny, 1700000000, "Tue Nov 14 17:13:20 2023");
	check_ctime(ny, 1690000000, "Sat Jul 22 00:26:40 2023");
	/* east of Greenwich, half an hour off: the next day */
	check_ctime("<+0530>-5:30", 1700000000, "Wed Nov 15 03:43:20 2023");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_text_report(void)
{
	pv_profile *p = pv_test_need("stats", "edge/base.v4.pstats");
	pv_error err;
	pv_buf b = PV_BUF_INIT;
	pv_sort_key k = PV_SORT_TIME;
	pv_restriction lim;
	pv_restriction_count(&lim, 2);
	pv_query q = { &k, 1, 0, &lim, 1 };
	CU_ASSERT_EQUAL_FATAL(pv_report(p, &q, PV_REPORT_STATS, PV_FORMAT_TEXT, &b, &err), 0);
	/* header (mtime varies), then the fixed part */
	const char *body = strstr(b.data, "\n\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	CU_ASSERT_PTR_NOT_NULL(strstr(body, " function calls "));
	CU_ASSERT_PTR_NOT_NULL(strstr(body, "\n   Ordered by: internal time\n"
					    "   List reduced from 4 to 2 due to restriction <2>\n\n"
					    "   ncalls  tottime  percall  cumtime  percall "
					    "filename:lineno(function)\n"));
	CU_ASSERT_EQUAL(strcmp(b.data + b.len - 2, "\n\n"), 0);
	pv_buf_reset(&b);

	/* restricted to nothing: callers prints nothing at all */
	pv_restriction_count(&lim, 0);
	CU_ASSERT_EQUAL(pv_report(p, &q, PV_REPORT_CALLERS, PV_FORMAT_TEXT, &b, &err), 0);
	CU_ASSERT_EQUAL(b.len, 0);
	pv_buf_release(&b);
	pv_profile_free(p);
}

/* The unsorted, unrestricted report of `name`; the test stops on failure. */
static void report_of(const char *name, pv_report_mode mode, pv_report_format fmt, pv_buf *b)
{
	pv_profile *p = load(name);
	pv_error err;
	pv_query q = { NULL, 0, 0, NULL, 0 };
	int rc = pv_report(p, &q, mode, fmt, b, &err);
	pv_profile_free(p);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static void test_json_report(void)
{
	pv_buf b = PV_BUF_INIT;
	report_of("edge/big_counts.pstats", PV_REPORT_CALLERS, PV_FORMAT_JSON, &b);
	cJSON *doc = cJSON_Parse(b.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(doc, "schema")->valuestring,
			       "pstat-view/stats/1");
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(doc, "mode")->valuestring, "callers");
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(doc, "ordered_by")));
	cJSON *fns = cJSON_GetObjectItem(doc, "functions");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(fns), 7);
	/* counts beyond 64 bits are written in full */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"ncalls\":100000000000000000000,"));
	cJSON_Delete(doc);
	pv_buf_release(&b);
}

/* NaN and infinities are null, like every JSON output; the CSV keeps them. */
static void test_json_nan(void)
{
	pv_buf b = PV_BUF_INIT;
	report_of("edge/nan_inf.pstats", PV_REPORT_STATS, PV_FORMAT_JSON, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"total_time\":null,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"name\":\"inf\",\"std_name\":\"/srv/app/a.py:2(inf)\","
					      "\"ncalls\":1,\"pcalls\":1,\"tottime\":null,"
					      "\"tottime_percall\":null,\"cumtime\":null,"
					      "\"cumtime_percall\":null}"));
	/* no time is a string any more (it was "nan", "inf", "-inf") */
	CU_ASSERT_PTR_NULL(strstr(b.data, "time\":\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "percall\":\""));
	pv_buf_reset(&b);
	report_of("edge/nan_inf.pstats", PV_REPORT_STATS, PV_FORMAT_CSV, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, ",1,1,inf,inf,-inf,-inf\n"));
	pv_buf_release(&b);
}

/* stats JSON keeps Python's json.dumps escapes: no HTML escaping. */
static void test_json_strings(void)
{
	pv_buf b = PV_BUF_INIT;
	report_of("edge/names.pstats", PV_REPORT_STATS, PV_FORMAT_JSON, &b);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"name\":\"<built-in method builtins.len>\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"name\":\"new\\nline\""));
	CU_ASSERT_PTR_NULL(strstr(b.data, "\\u003c"));
	pv_buf_release(&b);
}

static void test_csv_report(void)
{
	pv_buf b = PV_BUF_INIT;
	report_of("edge/names.pstats", PV_REPORT_STATS, PV_FORMAT_CSV, &b);
	CU_ASSERT_EQUAL(strncmp(b.data, "file,line,name,std_name,ncalls,pcalls,tottime,"
				"tottime_percall,cumtime,cumtime_percall\n", 86), 0);
	/* a name with a newline is quoted */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"new\nline\""));
	pv_buf_release(&b);
}

static void test_f8(void)
{
	static const struct {
		double x;
		const char *want;
	} cases[] = {
		{ 0.0, "   0.000" },
		{ -0.0001, "  -0.000" },
		{ 0.0625, "   0.062" },       /* an exact tie rounds to even */
		{ 0.0005, "   0.001" },       /* 0.0005 is slightly above the tie */
		{ 123456.78949, "123456.789" },
		{ NAN, "     nan" },
		{ -NAN, "     nan" },
		{ INFINITY, "     inf" },
		{ -INFINITY, "    -inf" },
	};
	pv_buf b = PV_BUF_INIT;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pv_buf_reset(&b);
		pv_f8(cases[i].x, &b);
		CU_ASSERT_STRING_EQUAL(b.data, cases[i].want);
	}
	pv_buf_release(&b);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "ctime", test_ctime },
		{ "f8", test_f8 },
		{ "text_report", test_text_report },
		{ "json_report", test_json_report },
		{ "json NaN and infinities", test_json_nan },
		{ "json strings", test_json_strings },
		{ "csv_report", test_csv_report },
		{ NULL, NULL },
	};
	return pv_test_run("report", tests);
}
