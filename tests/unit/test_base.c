/*
 * test_base.c - the small base modules: array growth (grow.c), CSV fields
 * (csv.c), 128-bit counts in decimal (count.c), errors (error.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/count.h"
#include "pv/csv.h"
#include "pv/error.h"
#include "pv/grow.h"

static void test_grow(void)
{
	int *a = NULL;
	size_t cap = 0;
	CU_ASSERT_EQUAL_FATAL(pv_grow((void **)&a, &cap, 1, sizeof *a), 0);
	CU_ASSERT_EQUAL(cap, 16);
	a[15] = 7;
	CU_ASSERT_EQUAL_FATAL(pv_grow((void **)&a, &cap, 17, sizeof *a), 0);
	CU_ASSERT_EQUAL(cap, 32);
	CU_ASSERT_EQUAL(a[15], 7); /* contents kept */
	CU_ASSERT_EQUAL_FATAL(pv_grow((void **)&a, &cap, 100, sizeof *a), 0);
	CU_ASSERT_EQUAL(cap, 128);
	CU_ASSERT_EQUAL(pv_grow((void **)&a, &cap, 50, sizeof *a), 0); /* no-op */
	CU_ASSERT_EQUAL(cap, 128);
	/* a size that overflows fails and leaves the array as it was */
	int *keep = a;
	CU_ASSERT_EQUAL(pv_grow((void **)&a, &cap, SIZE_MAX / 2, sizeof *a), -1);
	CU_ASSERT_PTR_EQUAL(a, keep);
	CU_ASSERT_EQUAL(cap, 128);
	free(a);

	uint32_t c32 = 0;
	char *b = NULL;
	CU_ASSERT_EQUAL_FATAL(pv_grow32((void **)&b, &c32, 40, 1), 0);
	CU_ASSERT_EQUAL(c32, 64);
	/* past UINT32_MAX elements is refused without allocating */
	uint32_t big = UINT32_MAX - 1;
	char *none = NULL;
	CU_ASSERT_EQUAL(pv_grow32((void **)&none, &big, UINT32_MAX, SIZE_MAX / 2), -1);
	CU_ASSERT_PTR_NULL(none);
	free(b);
}

static const char *csv(const char *s)
{
	static pv_buf b = PV_BUF_INIT;
	pv_buf_release(&b);
	pv_csv_field(&b, s, strlen(s));
	return b.data ? b.data : "";
}

static void test_csv(void)
{
	CU_ASSERT_STRING_EQUAL(csv("plain"), "plain");
	CU_ASSERT_STRING_EQUAL(csv(""), "");
	CU_ASSERT_STRING_EQUAL(csv("a,b"), "\"a,b\"");
	CU_ASSERT_STRING_EQUAL(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
	CU_ASSERT_STRING_EQUAL(csv("two\nlines"), "\"two\nlines\"");
	CU_ASSERT_STRING_EQUAL(csv("cr\r"), "\"cr\r\"");
	CU_ASSERT_STRING_EQUAL(csv("{built-in method builtins.exec}"),
			       "{built-in method builtins.exec}");
}

static const char *count(pv_count v)
{
	static char t[48];
	size_t n = pv_count_format(v, t);
	CU_ASSERT_EQUAL(n, strlen(t));
	return t;
}

static void test_count(void)
{
	CU_ASSERT_STRING_EQUAL(count(0), "0");
	CU_ASSERT_STRING_EQUAL(count(-7), "-7");
	CU_ASSERT_STRING_EQUAL(count(1234567890123), "1234567890123");
	pv_count p100 = 1;
	for (int i = 0; i < 100; i++)
		p100 *= 2;
	/* 2**100 and -(2**127), the smallest count */
	CU_ASSERT_STRING_EQUAL(count(p100), "1267650600228229401496703205376");
	pv_count min = (pv_count)((pv_ucount)1 << 127);
	CU_ASSERT_STRING_EQUAL(count(min), "-170141183460469231731687303715884105728");
	pv_count max = -(min + 1);
	CU_ASSERT_STRING_EQUAL(count(max), "170141183460469231731687303715884105727");
}

static void test_error(void)
{
	pv_error err;
	pv_error_clear(&err);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_EQUAL(err.offset, -1);
	CU_ASSERT_EQUAL(pv_error_set(&err, "bad %s at %d", "thing", 3), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "bad thing at 3");
	CU_ASSERT_EQUAL(err.offset, -1);
	CU_ASSERT_EQUAL(pv_error_at(&err, 63, "no layout"), -1);
	CU_ASSERT_STRING_EQUAL(err.msg, "no layout");
	CU_ASSERT_EQUAL(err.offset, 63);
	char longmsg[PV_ERROR_MAX + 100];
	memset(longmsg, 'x', sizeof longmsg - 1);
	longmsg[sizeof longmsg - 1] = 0;
	pv_error_set(&err, "%s", longmsg);
	CU_ASSERT_EQUAL(strlen(err.msg), PV_ERROR_MAX - 1); /* truncated, terminated */
	pv_error_set(NULL, "ignored"); /* NULL is allowed: nothing to report into */
}

int main(void)
{
	static const pv_test tests[] = {
		{ "grow", test_grow },
		{ "csv", test_csv },
		{ "count", test_count },
		{ "error", test_error },
		{ NULL, NULL },
	};
	return pv_test_run("base", tests);
}
