/*
 * test_py.c - the Python-compatible pieces: repr() of str and float,
 * str.isprintable() and re.search().  Expected values were printed by
 * Python 3.11 (repr(...), bool(re.search(...))).
 */
#include <string.h>

#include "harness.h"
#include "pv/pyre.h"
#include "pv/pyrepr.h"

static const char *srepr(const char *s, size_t n)
{
	static pv_buf b = PV_BUF_INIT;
	pv_buf_release(&b);
	pv_str_repr(s, n, &b);
	return b.data ? b.data : "";
}

static const char *frepr(double x)
{
	static pv_buf b = PV_BUF_INIT;
	pv_buf_release(&b);
	pv_float_repr(x, &b);
	return b.data ? b.data : "";
}

static void test_str_repr(void)
{
	CU_ASSERT_STRING_EQUAL(srepr("a'b", 3), "\"a'b\"");
	CU_ASSERT_STRING_EQUAL(srepr("a\"b'c", 5), "'a\"b\\'c'");
	/* '\x7f\t\u00e9\u0378\U0001F600\udc80' (U+0378 is unassigned) */
	const char s[] = "\x7f\t\xc3\xa9\xcd\xb8\xf0\x9f\x98\x80\xed\xb2\x80";
	CU_ASSERT_STRING_EQUAL(srepr(s, sizeof s - 1),
			       "'\\x7f\\t\xc3\xa9\\u0378\xf0\x9f\x98\x80\\udc80'");
	/* a byte that is not UTF-8 stands for U+DC00 + byte */
	CU_ASSERT_STRING_EQUAL(srepr("x\xff", 2), "'x\\udcff'");
}

static void test_float_repr(void)
{
	CU_ASSERT_STRING_EQUAL(frepr(1e-5), "1e-05");
	CU_ASSERT_STRING_EQUAL(frepr(0.1), "0.1");
	CU_ASSERT_STRING_EQUAL(frepr(1e16), "1e+16");
	CU_ASSERT_STRING_EQUAL(frepr(123456789012345678.0), "1.2345678901234568e+17");
	CU_ASSERT_STRING_EQUAL(frepr(-0.0), "-0.0");
	CU_ASSERT_STRING_EQUAL(frepr(5e-324), "5e-324");
	CU_ASSERT_STRING_EQUAL(frepr(1e22), "1e+22");
	CU_ASSERT_STRING_EQUAL(frepr(2.0), "2.0");
}

static void test_isprintable(void)
{
	CU_ASSERT_TRUE(pv_py_isprintable('a'));
	CU_ASSERT_TRUE(pv_py_isprintable(0xE9));
	CU_ASSERT_FALSE(pv_py_isprintable(0xA0));  /* no-break space: Zs */
	CU_ASSERT_FALSE(pv_py_isprintable(0xAD));  /* soft hyphen: Cf */
	CU_ASSERT_FALSE(pv_py_isprintable(0x378)); /* unassigned */
	CU_ASSERT_TRUE(pv_py_isprintable(0x1F600));
	CU_ASSERT_FALSE(pv_py_isprintable(0xDC80)); /* surrogate */
}

static int search(const char *pattern, const char *s)
{
	pv_pyre r;
	char msg[128];
	if (pv_pyre_compile(&r, pattern, msg, sizeof msg) != 0)
		return -1;
	int hit = pv_pyre_search(&r, s, strlen(s));
	pv_pyre_free(&r);
	return hit;
}

static void test_re(void)
{
	CU_ASSERT_EQUAL(search("a\\Z", "ba"), 1);
	CU_ASSERT_EQUAL(search("a\\Z", "ab"), 0);
	CU_ASSERT_EQUAL(search("[]x]", "y]"), 1);  /* ']' first in a class is literal */
	CU_ASSERT_EQUAL(search("\\w+\\.py", "foo.py"), 1);
	CU_ASSERT_EQUAL(search("(?i)JSON", "json/decoder.py"), 1);
	/* a subject that is not UTF-8 still matches, a stray byte as one char */
	CU_ASSERT_EQUAL(search("^x.y$", "x\xffy"), 1);
	CU_ASSERT_EQUAL(search("^x\\wy$", "x\xffy"), 0);
	pv_pyre r;
	char msg[128];
	CU_ASSERT_EQUAL(pv_pyre_compile(&r, "(unclosed", msg, sizeof msg), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "at position"));
}

int main(void)
{
	static const pv_test tests[] = {
		{ "str_repr", test_str_repr },
		{ "float_repr", test_float_repr },
		{ "isprintable", test_isprintable },
		{ "re", test_re },
		{ NULL, NULL },
	};
	return pv_test_run("py", tests);
}
