/*
 * test_json.c - the JSON writer (pv/json.h) in both its styles: escaping
 * case by case and, for random bytes, decoded back to the very same bytes;
 * doubles that read back, NaN and infinities as null, counts past 2^53;
 * and a function's members (pv/funcjson.h) on corpus files.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/funcjson.h"
#include "pv/json.h"
#include "pv/utf8.h"

/* Python's json.dumps(ensure_ascii=False), counts in full, %.17g. */
static const pv_json_style plain = { 0, 1, NULL };

static char *encode(const pv_json_style *st, const char *in, size_t len)
{
	pv_buf b = PV_BUF_INIT;
	pv_json_string(&b, st, in, len);
	return pv_buf_detach(&b, NULL);
}

/* Asserts got == want, and says what differs (CUnit shows only the expression). */
static void same(const char *what, const char *got, const char *want)
{
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "%s\n got %s\nwant %s\n", what, got, want);
}

/* `in` written in the web style is `web`, in Python's style `py`. */
static void escapes_are(const char *in, size_t len, const char *web, const char *py)
{
	pv_buf got = PV_BUF_INIT, want = PV_BUF_INIT;
	pv_json_string(&got, &pv_json_web, in, len);
	pv_buf_putc(&got, ' ');
	pv_json_string(&got, &plain, in, len);
	pv_buf_printf(&want, "%s %s", web, py);
	same("escapes (web, python)", got.data, want.data);
	pv_buf_release(&got);
	pv_buf_release(&want);
}

/* A string literal (NULs included) in both styles, and in each. */
#define BOTH_ARE(lit, want) escapes_are(lit, sizeof(lit) - 1, want, want)
#define ESCAPES_ARE(lit, web, py) escapes_are(lit, sizeof(lit) - 1, web, py)

static void test_escapes(void)
{
	BOTH_ARE("plain", "\"plain\"");
	BOTH_ARE("", "\"\"");
	BOTH_ARE("a\"b\\c\n\r\t", "\"a\\\"b\\\\c\\n\\r\\t\"");
	BOTH_ARE("\x01\x1f", "\"\\u0001\\u001f\"");
	BOTH_ARE("a\0b", "\"a\\u0000b\"");
	BOTH_ARE("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80",
		 "\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80\"");
	/* undecodable bytes become surrogate escapes, one per byte */
	BOTH_ARE("x\xffy", "\"x\\udcffy\"");
	BOTH_ARE("\xe2\x82", "\"\\udce2\\udc82\"");          /* truncated */
	BOTH_ARE("\xc0\xaf", "\"\\udcc0\\udcaf\"");          /* overlong */
	BOTH_ARE("\xe0\x80\xaf", "\"\\udce0\\udc80\\udcaf\""); /* overlong, 3 bytes */
	BOTH_ARE("\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\""); /* > U+10FFFF */
	BOTH_ARE("\x80", "\"\\udc80\"");
	/* lone surrogates kept by the model as 3 bytes (surrogatepass) */
	BOTH_ARE("\xed\xa0\x80", "\"\\ud800\"");
	BOTH_ARE("\xed\xbf\xbf", "\"\\udfff\"");
	BOTH_ARE("a\xed\xaf\xbf" "b", "\"a\\udbffb\"");

	/* the viewer's style is safe inside <script> and has no raw line
	   separators; Python's json.dumps(ensure_ascii=False) escapes only
	   what JSON requires */
	ESCAPES_ARE("<script>&", "\"\\u003cscript\\u003e\\u0026\"", "\"<script>&\"");
	ESCAPES_ARE("</script>", "\"\\u003c/script\\u003e\"", "\"</script>\"");
	ESCAPES_ARE("\x7f", "\"\\u007f\"", "\"\x7f\"");
	ESCAPES_ARE("\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"",
		    "\"\xe2\x80\xa8\xe2\x80\xa9\"");
	ESCAPES_ARE("\b\f", "\"\\u0008\\u000c\"", "\"\\b\\f\"");

	pv_buf b = PV_BUF_INIT;
	pv_json_cstring(&b, &pv_json_web, "a<b");
	CU_ASSERT_STRING_EQUAL(b.data, "\"a\\u003cb\"");
	pv_buf_release(&b);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Decodes a JSON string literal as Python's json with surrogateescape
 * would give its bytes back: \udc80..\udcff is the byte 80..ff, any other
 * \uXXXX its UTF-8 (surrogates as 3 bytes).  Fails (returns -1) on
 * anything a JSON parser would refuse: a raw control character, quote or
 * backslash, an unknown escape, bytes that are not strict UTF-8.
 */
static int decode(const char *lit, pv_buf *out)
{
	const unsigned char *s = (const unsigned char *)lit;
	size_t n = strlen(lit), i = 1;
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -1;
	while (i < n - 1) {
		uint32_t cp;
		if (s[i] == '\\') {
			static const char shorts[] = "\"\"\\\\b\bf\fn\nr\rt\t";
			const char *sh = strchr(shorts, s[i + 1]);
			if (s[i + 1] != 'u') {
				if (!sh || (sh - shorts) % 2)
					return -1;
				pv_buf_putc(out, sh[1]);
				i += 2;
				continue;
			}
			cp = 0;
			for (int k = 2; k < 6; k++) {
				int h = hexval((char)s[i + k]);
				if (h < 0)
					return -1;
				cp = cp * 16 + (uint32_t)h;
			}
			if (cp >= 0xDC80 && cp <= 0xDCFF)
				pv_buf_putc(out, (char)(cp & 0xFF));
			else
				pv_utf8_put(out, cp);
			i += 6;
			continue;
		}
		size_t k = pv_utf8_next(s + i, n - 1 - i, PV_UTF8_STRICT, &cp);
		if (k == 0 || cp < 0x20 || cp == '"')
			return -1;
		pv_buf_append(out, s + i, k);
		i += k;
	}
	return 0;
}

/* Random bytes, mostly the interesting ones. */
static size_t random_bytes(unsigned *seed, char *out, size_t max)
{
	static const unsigned char pick[] = { 'a', '"', '\\', '<', '>', '&', '\n', 0, 0x1f,
					      0x7f, 0x80, 0xbf, 0xc3, 0xa9, 0xe2, 0x80, 0xa8,
					      0xed, 0xa0, 0xf0, 0x9f, 0x98, 0xff, 0xf4 };
	size_t n = (size_t)(rand_r(seed) % (int)max);
	for (size_t i = 0; i < n; i++) {
		out[i] = (char)pick[rand_r(seed) % (int)sizeof pick];
		/* no low surrogates: the model holds U+DC80..U+DCFF as single
		   bytes, and a high one before a low one would read as a pair */
		if (i > 0 && (unsigned char)out[i - 1] == 0xed && (unsigned char)out[i] >= 0xb0)
			out[i] = 'a';
	}
	return n;
}

static void test_roundtrip(void)
{
	unsigned seed = 12345;
	char in[40];
	int bad = 0;
	for (int t = 0; t < 20000; t++) {
		size_t n = random_bytes(&seed, in, sizeof in);
		for (int style = 0; style < 2; style++) {
			const pv_json_style *st = style ? &pv_json_web : &plain;
			char *lit = encode(st, in, n);
			pv_buf back = PV_BUF_INIT;
			int ok = decode(lit, &back) == 0 && back.len == n &&
				 memcmp(back.data ? back.data : "", in, n) == 0;
			if (st->html_safe)
				ok = ok && !strpbrk(lit, "<>&\x7f") && !strstr(lit, "\xe2\x80\xa8") &&
				     !strstr(lit, "\xe2\x80\xa9");
			if (!ok && bad++ < 5)
				fprintf(stderr, "round trip failed: %s\n", lit);
			pv_buf_release(&back);
			free(lit);
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_doubles(void)
{
	const double vals[] = { 0.1, 1.0 / 3, 6.906357042913491, 1e-300, 5e-324, -0.0, 1.0,
				123456.789, 3.2565994809999932, DBL_MAX, -DBL_MIN, 1e22, 2.5e-5 };
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		pv_buf b = PV_BUF_INIT;
		pv_json_double(&b, &pv_json_web, vals[i]);
		double back = strtod(b.data, NULL);
		CU_ASSERT(back == vals[i] && signbit(back) == signbit(vals[i]));
		CU_ASSERT(strlen(b.data) <= 24);
		pv_buf_release(&b);
	}
	pv_buf b = PV_BUF_INIT;
	pv_json_double(&b, &pv_json_web, 0.1);
	pv_buf_putc(&b, ' ');
	pv_json_double(&b, &pv_json_web, 1.0 / 3);
	pv_buf_putc(&b, ' ');
	pv_json_double(&b, &pv_json_web, 2.0);
	CU_ASSERT_STRING_EQUAL(b.data, "0.1 0.33333333333333331 2");
	pv_buf_release(&b);
}

static void mark(double v, pv_buf *out)
{
	pv_buf_printf(out, "<%g>", v);
}

/* The one policy: whatever the style, JSON has no NaN or infinity. */
static void test_nan_inf_null(void)
{
	const pv_json_style marked = { 0, 1, mark };
	const pv_json_style *styles[] = { &pv_json_web, &plain, &marked };
	for (size_t i = 0; i < 3; i++) {
		pv_buf b = PV_BUF_INIT;
		pv_json_double(&b, styles[i], NAN);
		pv_buf_putc(&b, ' ');
		pv_json_double(&b, styles[i], -NAN);
		pv_buf_putc(&b, ' ');
		pv_json_double(&b, styles[i], INFINITY);
		pv_buf_putc(&b, ' ');
		pv_json_double(&b, styles[i], -INFINITY);
		CU_ASSERT_STRING_EQUAL(b.data, "null null null null");
		pv_buf_release(&b);
	}
	/* a style's own spelling is for finite numbers only */
	pv_buf b = PV_BUF_INIT;
	pv_json_double(&b, &marked, 1.5);
	CU_ASSERT_STRING_EQUAL(b.data, "<1.5>");
	pv_buf_release(&b);
}

static void test_counts(void)
{
	const pv_count two53 = (pv_count)1 << 53;
	const pv_count big = (pv_count)100000000000ll * 1000000000ll;
	const pv_count vals[] = { 5, -3, two53 - 1, -(two53 - 1), two53, -two53, big };
	pv_buf w = PV_BUF_INIT, f = PV_BUF_INIT;
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		pv_buf_putc(&w, ' ');
		pv_json_count(&w, &pv_json_web, vals[i]);
		pv_buf_putc(&f, ' ');
		pv_json_count(&f, &plain, vals[i]);
	}
	CU_ASSERT_STRING_EQUAL(w.data, " 5 -3 9007199254740991 -9007199254740991 "
				       "\"9007199254740992\" \"-9007199254740992\" "
				       "\"100000000000000000000\"");
	CU_ASSERT_STRING_EQUAL(f.data, " 5 -3 9007199254740991 -9007199254740991 "
				       "9007199254740992 -9007199254740992 100000000000000000000");
	pv_buf_release(&w);
	pv_buf_release(&f);
}

/* ===================================================== pv/funcjson.h */

static pv_profile *load(const char *name)
{
	pv_profile *p = pv_test_load("stats", name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

static uint32_t find(const pv_profile *p, const char *file, int64_t line, const char *name)
{
	long id = pv_profile_find(p, file, line, name);
	CU_ASSERT_FATAL(id >= 0);
	return (uint32_t)id;
}

static void members_are(const pv_profile *p, uint32_t id, const pv_fj_stats *s,
			const pv_fj_field *fields, const char *want)
{
	pv_buf b = PV_BUF_INIT;
	pv_fj_write(&b, &pv_json_web, p, id, s, fields, NULL);
	same("members", b.data ? b.data : "", want);
	pv_buf_release(&b);
}

static void test_func_members(void)
{
	pv_profile *p = load("edge/mixed_callers.pstats");
	uint32_t helper = find(p, "/srv/app/util/helper.py", 5, "helper");
	members_are(p, helper, NULL,
		    (const pv_fj_field[]){ PV_FJ_ID, PV_FJ_LABEL, PV_FJ_FILE, PV_FJ_LINE,
					   PV_FJ_NAME, PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT,
					   PV_FJ_END },
		    "\"id\":1,\"label\":\"/srv/app/util/helper.py:5(helper)\","
		    "\"file\":\"/srv/app/util/helper.py\",\"line\":5,\"name\":\"helper\","
		    "\"nc\":7,\"cc\":3,\"tt\":0.25,\"ct\":0.45");
	/* the same values under the stats schema's names, in its order */
	members_are(p, helper, NULL,
		    (const pv_fj_field[]){ PV_FJ_STD_NAME, PV_FJ_NCALLS, PV_FJ_PCALLS,
					   PV_FJ_TOTTIME, PV_FJ_CUMTIME_PERCALL, PV_FJ_END },
		    "\"std_name\":\"/srv/app/util/helper.py:5(helper)\",\"ncalls\":7,"
		    "\"pcalls\":3,\"tottime\":0.25,\"cumtime_percall\":0.15");
	/* flags, and '<' escaped in the web style */
	uint32_t len = find(p, "~", 0, "<built-in method builtins.len>");
	members_are(p, len, NULL,
		    (const pv_fj_field[]){ PV_FJ_LABEL, PV_FJ_NAME, PV_FJ_FLAGS, PV_FJ_HAS_STATS,
					   PV_FJ_END },
		    "\"label\":\"{built-in method builtins.len}\","
		    "\"name\":\"\\u003cbuilt-in method builtins.len\\u003e\","
		    "\"stats\":true,\"builtin\":true,\"code\":false,\"toplevel\":false,"
		    "\"has_stats\":true");
	/* an int (profile-module) caller entry: a count, no times */
	uint32_t mixed = find(p, "/srv/app/a.py", 1, "mixed");
	const pv_func *f = &pv_profile_funcs(p)[mixed];
	const pv_edge *e = NULL;
	for (uint32_t k = f->callers; k < f->callers + f->ncallers; k++)
		if (pv_edge_is_int(&pv_profile_edges(p)[k]))
			e = &pv_profile_edges(p)[k];
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	pv_fj_stats s = pv_fj_edge_stats(e);
	members_are(p, e->caller, &s,
		    (const pv_fj_field[]){ PV_FJ_NAME, PV_FJ_KIND, PV_FJ_NCALLS, PV_FJ_PCALLS,
					   PV_FJ_TOTTIME, PV_FJ_CUMTIME, PV_FJ_TT,
					   PV_FJ_COUNTS_ONLY, PV_FJ_END },
		    "\"name\":\"main\",\"kind\":\"int\",\"ncalls\":2,\"pcalls\":2,"
		    "\"tottime\":null,\"cumtime\":null,\"tt\":0,\"counts_only\":true");

	/* the callers of `mixed` as an array, one object per edge: an int
	   entry and a tuple one */
	CU_ASSERT_EQUAL_FATAL(f->ncallers, 2);
	uint32_t ids[2] = { f->callers, f->callers + 1 };
	pv_buf b = PV_BUF_INIT;
	pv_fj_edges(&b, &pv_json_web, p, ids, 0, 2, 0,
		    (const pv_fj_field[]){ PV_FJ_NAME, PV_FJ_KIND, PV_FJ_CUMTIME, PV_FJ_END },
		    NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "[{\"name\":\"main\",\"kind\":\"int\",\"cumtime\":null},"
				       "{\"name\":\"helper\",\"kind\":\"tuple\",\"cumtime\":0.1}]");
	/* the same edges by their first index, and in reverse by a list */
	pv_buf_reset(&b);
	pv_fj_edges(&b, &pv_json_web, p, NULL, f->callers, 2, 0,
		    (const pv_fj_field[]){ PV_FJ_NAME, PV_FJ_END }, NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "[{\"name\":\"main\"},{\"name\":\"helper\"}]");
	pv_buf_reset(&b);
	ids[0] = f->callers + 1;
	ids[1] = f->callers;
	pv_fj_edges(&b, &pv_json_web, p, ids, 0, 2, 0,
		    (const pv_fj_field[]){ PV_FJ_NAME, PV_FJ_END }, NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "[{\"name\":\"helper\"},{\"name\":\"main\"}]");
	/* callees: the object is the edge's callee */
	pv_buf_reset(&b);
	pv_fj_edges(&b, &pv_json_web, p, ids, 0, 1, 1,
		    (const pv_fj_field[]){ PV_FJ_NAME, PV_FJ_END }, NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "[{\"name\":\"mixed\"}]");
	pv_buf_reset(&b);
	pv_fj_edges(&b, &pv_json_web, p, NULL, 0, 0, 0,
		    (const pv_fj_field[]){ PV_FJ_NAME, PV_FJ_END }, NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "[]");
	pv_buf_release(&b);
	pv_profile_free(p);
}

static void test_func_numbers(void)
{
	/* no calls: the percall is null, as pstats prints blanks */
	pv_profile *p = load("edge/numbers.pstats");
	uint32_t z = find(p, "/srv/app/a.py", 1, "zero_calls");
	members_are(p, z, NULL,
		    (const pv_fj_field[]){ PV_FJ_NCALLS, PV_FJ_TOTTIME_PERCALL,
					   PV_FJ_CUMTIME_PERCALL, PV_FJ_END },
		    "\"ncalls\":0,\"tottime_percall\":null,\"cumtime_percall\":null");
	pv_profile_free(p);

	/* NaN and infinite times are null, in every member */
	p = load("edge/nan_inf.pstats");
	uint32_t inf = find(p, "/srv/app/a.py", 2, "inf");
	members_are(p, inf, NULL,
		    (const pv_fj_field[]){ PV_FJ_TT, PV_FJ_CT, PV_FJ_TOTTIME,
					   PV_FJ_TOTTIME_PERCALL, PV_FJ_CUMTIME_PERCALL,
					   PV_FJ_END },
		    "\"tt\":null,\"ct\":null,\"tottime\":null,\"tottime_percall\":null,"
		    "\"cumtime_percall\":null");
	pv_profile_free(p);

	/* counts past 2^53: strings in the web style, numbers in full else */
	p = load("edge/big_counts.pstats");
	uint32_t h = find(p, "/srv/app/a.py", 2, "huge_counts");
	members_are(p, h, NULL, (const pv_fj_field[]){ PV_FJ_NC, PV_FJ_END },
		    "\"nc\":\"100000000000000000000\"");
	pv_buf b = PV_BUF_INIT;
	pv_fj_write(&b, &plain, p, h, NULL, (const pv_fj_field[]){ PV_FJ_NCALLS, PV_FJ_END },
		    NULL);
	CU_ASSERT_STRING_EQUAL(b.data, "\"ncalls\":100000000000000000000");
	pv_buf_release(&b);
	pv_profile_free(p);
}

static void test_sources_totals(void)
{
	size_t len;
	char *data = pv_test_slurp(pv_test_area_data("stats", "edge/base.v4.pstats"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	pv_error err;
	pv_profile *p = pv_profile_load_mem(data, len, "a<b>.pstats", &err);
	free(data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pv_buf b = PV_BUF_INIT;
	pv_fj_sources(&b, &pv_json_web, p);
	const pv_source *src = pv_profile_file(p, 0);
	char want[128];
	if (src->has_mtime)
		snprintf(want, sizeof want, "[{\"path\":\"a\\u003cb\\u003e.pstats\",\"mtime\":%lld}]",
			 (long long)src->mtime);
	else
		snprintf(want, sizeof want, "[{\"path\":\"a\\u003cb\\u003e.pstats\",\"mtime\":null}]");
	CU_ASSERT_STRING_EQUAL(b.data, want);
	pv_buf_reset(&b);
	pv_fj_totals(&b, &pv_json_web, 29, (pv_count)1 << 60, NAN);
	CU_ASSERT_STRING_EQUAL(b.data, "\"total_calls\":29,\"primitive_calls\":\"1152921504606846976\","
				       "\"total_tt\":null");
	pv_buf_release(&b);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "string escapes, both styles", test_escapes },
		{ "random bytes decode back", test_roundtrip },
		{ "doubles read back", test_doubles },
		{ "NaN and infinities are null", test_nan_inf_null },
		{ "counts past 2^53", test_counts },
		{ "function members", test_func_members },
		{ "function numbers", test_func_numbers },
		{ "sources and totals", test_sources_totals },
		{ NULL, NULL },
	};
	return pv_test_run("json", tests);
}
