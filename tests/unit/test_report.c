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

static void check_f8(double x, const char *want)
{
	pv_buf b = PV_BUF_INIT;
	pv_f8(x, &b);
	CU_ASSERT_STRING_EQUAL(b.data, want);
	pv_buf_release(&b);
}

static void test_f8(void)
{
	check_f8(0.0, "   0.000");
	check_f8(-0.0001, "  -0.000");
	check_f8(0.0625, "   0.062");   /* an exact tie rounds to even */
	check_f8(0.0005, "   0.001");   /* 0.0005 is slightly above the tie */
	check_f8(123456.78949, "123456.789");
	check_f8(NAN, "     nan");
	check_f8(-NAN, "     nan");
	check_f8(INFINITY, "     inf");
	check_f8(-INFINITY, "    -inf");
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

static void test_json_report(void)
{
	pv_profile *p = pv_test_need("stats", "edge/big_counts.pstats");
	pv_error err;
	pv_buf b = PV_BUF_INIT;
	pv_query q = { NULL, 0, 0, NULL, 0 };
	CU_ASSERT_EQUAL_FATAL(pv_report(p, &q, PV_REPORT_CALLERS, PV_FORMAT_JSON, &b, &err), 0);
	cJSON *doc = cJSON_Parse(b.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(doc, "schema")->valuestring,
			       "pstat-view/stats/1");
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(doc, "mode")->valuestring, "callers");
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(doc, "ordered_by")));
	cJSON *fns = cJSON_GetObjectItem(doc, "functions");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(fns), (int)pv_profile_nfuncs(p));
	/* counts beyond 64 bits are written in full */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"ncalls\":100000000000000000000,"));
	cJSON_Delete(doc);
	pv_buf_release(&b);
	pv_profile_free(p);
}

static void test_csv_report(void)
{
	pv_profile *p = pv_test_need("stats", "edge/names.pstats");
	pv_error err;
	pv_buf b = PV_BUF_INIT;
	pv_query q = { NULL, 0, 0, NULL, 0 };
	CU_ASSERT_EQUAL_FATAL(pv_report(p, &q, PV_REPORT_STATS, PV_FORMAT_CSV, &b, &err), 0);
	CU_ASSERT_EQUAL(strncmp(b.data, "file,line,name,std_name,ncalls,pcalls,tottime,"
				"tottime_percall,cumtime,cumtime_percall\n", 86), 0);
	/* a name with a newline is quoted */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "\"new\nline\""));
	pv_buf_release(&b);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "ctime", test_ctime },
		{ "f8", test_f8 },
		{ "text_report", test_text_report },
		{ "json_report", test_json_report },
		{ "csv_report", test_csv_report },
		{ NULL, NULL },
	};
	return pv_test_run("report", tests);
}
