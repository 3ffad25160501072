/*
 * test_utf8.c - the one UTF-8 decoder (src/base/utf8.c) in its three
 * modes, the encoder, and character counts.  Expected values are what
 * Python 3's bytes.decode('utf-8', handler) gives for the same bytes.
 */
#include <string.h>

#include "harness.h"
#include "pv/utf8.h"

static size_t next(const char *s, size_t n, pv_utf8_mode m, uint32_t *cp)
{
	return pv_utf8_next((const unsigned char *)s, n, m, cp);
}

static void test_valid(void)
{
	uint32_t cp = 0;
	for (int m = PV_UTF8_STRICT; m <= PV_UTF8_SURROGATEESCAPE; m++) {
		CU_ASSERT_EQUAL(next("A", 1, (pv_utf8_mode)m, &cp), 1);
		CU_ASSERT_EQUAL(cp, 0x41);
		CU_ASSERT_EQUAL(next("\xc3\xa9", 2, (pv_utf8_mode)m, &cp), 2);
		CU_ASSERT_EQUAL(cp, 0xE9);
		CU_ASSERT_EQUAL(next("\xe2\x80\xa8", 3, (pv_utf8_mode)m, &cp), 3);
		CU_ASSERT_EQUAL(cp, 0x2028);
		CU_ASSERT_EQUAL(next("\xf0\x9f\x98\x80", 4, (pv_utf8_mode)m, &cp), 4);
		CU_ASSERT_EQUAL(cp, 0x1F600);
		CU_ASSERT_EQUAL(next("\xf4\x8f\xbf\xbf", 4, (pv_utf8_mode)m, &cp), 4);
		CU_ASSERT_EQUAL(cp, 0x10FFFF);
	}
}

static void test_surrogates(void)
{
	uint32_t cp = 0;
	/* '\udc80'.encode('utf-8', 'surrogatepass') == b'\xed\xb2\x80' */
	CU_ASSERT_EQUAL(next("\xed\xb2\x80", 3, PV_UTF8_STRICT, &cp), 0);
	CU_ASSERT_EQUAL(next("\xed\xb2\x80", 3, PV_UTF8_SURROGATEPASS, &cp), 3);
	CU_ASSERT_EQUAL(cp, 0xDC80);
	CU_ASSERT_EQUAL(next("\xed\xa0\x80", 3, PV_UTF8_SURROGATEESCAPE, &cp), 3);
	CU_ASSERT_EQUAL(cp, 0xD800);
}

static void test_invalid(void)
{
	/* each: no character in strict/surrogatepass; U+DC00+first byte,
	   one byte long, with surrogateescape */
	static const struct {
		const char *s;
		size_t n;
	} bad[] = {
		{ "\x80", 1 },             /* lone continuation */
		{ "\xc0\xaf", 2 },         /* overlong '/' */
		{ "\xc1\xbf", 2 },         /* overlong */
		{ "\xe0\x80\xaf", 3 },     /* overlong 3-byte */
		{ "\xf0\x80\x80\xaf", 4 }, /* overlong 4-byte */
		{ "\xf4\x90\x80\x80", 4 }, /* past U+10FFFF */
		{ "\xf5\x80\x80\x80", 4 }, /* no such lead byte */
		{ "\xff", 1 },
		{ "\xc3", 1 },             /* truncated */
		{ "\xe2\x80", 2 },         /* truncated */
		{ "\xe2\x28\xa1", 3 },     /* bad continuation */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t cp = 0;
		CU_ASSERT_EQUAL(next(bad[i].s, bad[i].n, PV_UTF8_STRICT, &cp), 0);
		CU_ASSERT_EQUAL(next(bad[i].s, bad[i].n, PV_UTF8_SURROGATEPASS, &cp), 0);
		CU_ASSERT_EQUAL(next(bad[i].s, bad[i].n, PV_UTF8_SURROGATEESCAPE, &cp), 1);
		CU_ASSERT_EQUAL(cp, 0xDC00u + (unsigned char)bad[i].s[0]);
	}
}

static void test_encode(void)
{
	static const struct {
		uint32_t cp;
		const char *bytes;
	} cases[] = {
		{ 0x24, "\x24" }, { 0x7F, "\x7f" }, { 0x80, "\xc2\x80" }, { 0x7FF, "\xdf\xbf" },
		{ 0x800, "\xe0\xa0\x80" }, { 0xDC80, "\xed\xb2\x80" }, { 0xFFFF, "\xef\xbf\xbf" },
		{ 0x10000, "\xf0\x90\x80\x80" }, { 0x10FFFF, "\xf4\x8f\xbf\xbf" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned char out[4];
		size_t n = pv_utf8_encode(cases[i].cp, out);
		CU_ASSERT_EQUAL(n, strlen(cases[i].bytes));
		CU_ASSERT_EQUAL(memcmp(out, cases[i].bytes, n), 0);
		/* and back, in the mode that takes surrogates */
		uint32_t cp = 0;
		CU_ASSERT_EQUAL(next(cases[i].bytes, n, PV_UTF8_SURROGATEPASS, &cp), n);
		CU_ASSERT_EQUAL(cp, cases[i].cp);
	}
	pv_buf b = PV_BUF_INIT;
	pv_utf8_put(&b, 0xE9);
	pv_utf8_put(&b, 'x');
	pv_utf8_put(&b, 0x1F600);
	CU_ASSERT_EQUAL_FATAL(b.len, 7);
	CU_ASSERT_EQUAL(memcmp(b.data, "\xc3\xa9x\xf0\x9f\x98\x80", 7), 0);
	pv_buf_release(&b);
}

static void test_length(void)
{
	/* a, e-acute, a stray FF, an encoded surrogate: strict counts the
	   surrogate's three bytes one each (6); surrogatepass reads it as one
	   character and counts the stray byte once (4); so does
	   surrogateescape, whose FF becomes U+DCFF (4) */
	const char *s = "a\xc3\xa9\xff\xed\xb2\x80";
	CU_ASSERT_EQUAL(pv_utf8_length(s, 7, PV_UTF8_STRICT), 6);
	CU_ASSERT_EQUAL(pv_utf8_length(s, 7, PV_UTF8_SURROGATEPASS), 4);
	CU_ASSERT_EQUAL(pv_utf8_length(s, 7, PV_UTF8_SURROGATEESCAPE), 4);
	CU_ASSERT_EQUAL(pv_utf8_length("", 0, PV_UTF8_STRICT), 0);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "valid", test_valid },
		{ "surrogates", test_surrogates },
		{ "invalid", test_invalid },
		{ "encode", test_encode },
		{ "length", test_length },
		{ NULL, NULL },
	};
	return pv_test_run("utf8", tests);
}
