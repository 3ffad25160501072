/*
 * test_reader.c - the marshal reader: every encoding, every malformed file.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "pv/profile.h"

static pv_profile *load(const char *name)
{
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data(name), &err);
	if (!p)
		fprintf(stderr, "%s: %s\n", name, err.msg);
	return p;
}

/* load(), which must succeed with nfuncs functions and nedges caller entries. */
static pv_profile *load_sized(const char *name, size_t nfuncs, size_t nedges)
{
	pv_profile *p = load(name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), nfuncs);
	CU_ASSERT_EQUAL(pv_profile_nedges(p), nedges);
	return p;
}

static long find(const pv_profile *p, const char *file, long line, const char *name)
{
	return pv_profile_find(p, file, line, name);
}

static const char *count_str(pv_count c)
{
	static char buf[64];
	pv_count_format(c, buf);
	return buf;
}

/* The same data at marshal versions 0..4 and as text floats reads alike. */
static void test_versions_agree(void)
{
	static const char *const files[] = {
		"reader/base.v0.pstats", "reader/base.v1.pstats", "reader/base.v2.pstats",
		"reader/base.v3.pstats", "reader/base.v4.pstats",
	};
	pv_profile *ref = load("reader/base.v4.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		pv_profile *p = load_sized(files[i], 4, 3);
		const pv_func *a = pv_profile_funcs(p), *b = pv_profile_funcs(ref);
		for (size_t f = 0; f < 4; f++) {
			CU_ASSERT(pv_func_cc(&a[f]) == pv_func_cc(&b[f]) && pv_func_nc(&a[f]) == pv_func_nc(&b[f]));
			CU_ASSERT_EQUAL(a[f].tt, b[f].tt);
			CU_ASSERT_EQUAL(a[f].ct, b[f].ct);
			CU_ASSERT_EQUAL(a[f].line, b[f].line);
			CU_ASSERT_STRING_EQUAL(pv_profile_string(p, a[f].name, NULL),
					       pv_profile_string(ref, b[f].name, NULL));
		}
		pv_profile_free(p);
	}
	/* real file at every version, py3 and py2 writers */
	static const char *const rec[] = {
		"reader/py311_recursion.v0.pstats", "reader/py311_recursion.v2.pstats",
		"reader/py311_recursion.v3.pstats", "reader/py311_recursion.v4.pstats",
		"reader/py311_recursion.py2v0.pstats", "reader/py311_recursion.py2v1.pstats",
		"reader/py311_recursion.py2v2.pstats",
	};
	pv_profile *r0 = load("reader/py311_recursion.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r0);
	for (size_t i = 0; i < sizeof rec / sizeof rec[0]; i++) {
		pv_profile *p = load_sized(rec[i], 119, 159);
		CU_ASSERT(pv_profile_totals(p)->total_calls == 72443);
		CU_ASSERT(pv_profile_totals(p)->prim_calls == 9883);
		/* Python 2 wrote its dicts in hash order, so the sum's rounding differs */
		double d = pv_profile_totals(p)->total_tt - pv_profile_totals(r0)->total_tt;
		CU_ASSERT(strstr(rec[i], "py2v") ? fabs(d) < 1e-12 : d == 0.0);
		pv_profile_free(p);
	}
	pv_profile_free(r0);
	pv_profile_free(ref);
}

static void test_real_cprofile(void)
{
	pv_profile *p = load_sized("reader/jset.pstats", 113, 145);
	CU_ASSERT(pv_profile_totals(p)->total_calls == 318340);
	CU_ASSERT(pv_profile_totals(p)->prim_calls == 318239);
	long id = find(p, "/home/dev/prof/jset.py", 13, "calc_point_val");
	CU_ASSERT_FATAL(id >= 0);
	const pv_func *f = &pv_profile_funcs(p)[id];
	CU_ASSERT(pv_func_nc(f) == 10000);
	CU_ASSERT_EQUAL(f->ncallers, 1);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ci);
	CU_ASSERT_EQUAL(cs[id + 1] - cs[id], 1);
	/* the callee is the abs builtin, printed {built-in method builtins.abs} */
	const pv_edge *e = &pv_profile_edges(p)[ci[cs[id]]];
	CU_ASSERT_EQUAL(e->caller, (uint32_t)id);
	pv_buf b = PV_BUF_INIT;
	pv_func_std_string(p, e->callee, &b);
	CU_ASSERT_STRING_EQUAL(b.data, "{built-in method builtins.abs}");
	CU_ASSERT(pv_edge_nc(e) == 297730);
	pv_buf_release(&b);
	pv_profile_free(p);

	p = load_sized("reader/py27_jset.pstats", 15, 14);
	CU_ASSERT(pv_profile_totals(p)->total_calls == 318049);
	pv_profile_free(p);
}

static void test_profile_module(void)
{
	static const char *const files[] = {
		"reader/py27_recursion_profile.pstats", "reader/py36_recursion_profile.pstats",
		"reader/py311_recursion_profile.pstats", "reader/profile_codeobj.pstats",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		pv_profile *p = load(files[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		const pv_func *fs = pv_profile_funcs(p);
		int codes = 0, ints = 0;
		for (size_t f = 0; f < pv_profile_nfuncs(p); f++)
			if (fs[f].flags & PV_FUNC_CODE) {
				codes++;
				const char *n = pv_profile_string(p, fs[f].name, NULL);
				CU_ASSERT(strncmp(n, "<code object <module> at 0x7f0000000000, file \"",
						  47) == 0);
				CU_ASSERT(strstr(n, "recursion.py\", line 3>") != NULL ||
					  strstr(n, "recursion.py\", line 1>") != NULL ||
					  strstr(n, "script.py\", line 1>") != NULL);
			}
		for (size_t e = 0; e < pv_profile_nedges(p); e++)
			ints += pv_edge_is_int(&pv_profile_edges(p)[e]);
		CU_ASSERT_EQUAL(codes, 1);
		CU_ASSERT_EQUAL((size_t)ints, pv_profile_nedges(p));
		pv_profile_free(p);
	}
	pv_profile *p = load("reader/profile_codeobj.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pv_buf b = PV_BUF_INIT;
	pv_func_std_string(p, 1, &b);
	CU_ASSERT_STRING_EQUAL(b.data, "profile:0(<code object <module> at 0x7f0000000000, "
				       "file \"/srv/app/script.py\", line 1>)");
	pv_buf_reset(&b);
	pv_func_std_string(p, 3, &b);
	CU_ASSERT_STRING_EQUAL(b.data, ":0(len)");
	pv_buf_release(&b);
	pv_profile_free(p);
}

static void test_numbers(void)
{
	pv_profile *p = load("reader/big_counts.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	const pv_func *f = pv_profile_funcs(p);
	long big = find(p, "/srv/app/a.py", 1, "big_counts");
	long huge = find(p, "/srv/app/a.py", 2, "huge_counts");
	long neg = find(p, "/srv/app/a.py", 3, "negative_counts");
	CU_ASSERT_FATAL(big >= 0 && huge >= 0 && neg >= 0);
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&f[big])), "2147483653");
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_cc(&f[big])), "2147483648");
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&f[huge])), "100000000000000000000");
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&f[neg])), "-3");
	CU_ASSERT_STRING_EQUAL(count_str(pv_profile_totals(p)->total_calls),
			       "100000000002147483679");
	pv_profile_free(p);

	p = load("reader/py2_int64_stringref.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(count_str(pv_profile_totals(p)->total_calls), "3000000007");
	pv_profile_free(p);

	p = load("reader/nan_inf.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	int nans = 0, infs = 0;
	for (size_t i = 0; i < pv_profile_nfuncs(p); i++) {
		nans += isnan(pv_profile_funcs(p)[i].tt) || isnan(pv_profile_funcs(p)[i].ct);
		infs += isinf(pv_profile_funcs(p)[i].tt) || isinf(pv_profile_funcs(p)[i].ct);
	}
	CU_ASSERT(nans > 0 && infs > 0);
	pv_profile_free(p);

	p = load("reader/numbers.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	long it = find(p, "/srv/app/a.py", 7, "int_times");
	CU_ASSERT_FATAL(it >= 0);
	CU_ASSERT_EQUAL(pv_profile_funcs(p)[it].tt, 3.0);
	long tiny = find(p, "/srv/app/a.py", 6, "tiny");
	CU_ASSERT_FATAL(tiny >= 0);
	CU_ASSERT_EQUAL(pv_profile_funcs(p)[tiny].tt, 5e-324);
	pv_profile_free(p);
}

/* Two counts as "nc/cc" and a suffix (a static buffer). */
static const char *pair_str(pv_count nc, pv_count cc, const char *suffix)
{
	static char buf[160];
	char a[64], b[64];
	pv_count_format(nc, a);
	pv_count_format(cc, b);
	snprintf(buf, sizeof buf, "%s/%s%s", a, b, suffix);
	return buf;
}

/* The only caller entry of function `fi` (its counts as text, nc/cc). */
static const char *only_caller(const pv_profile *p, long fi, uint64_t *calls)
{
	const pv_func *f = &pv_profile_funcs(p)[fi];
	CU_ASSERT_EQUAL_FATAL(f->ncallers, 1);
	const pv_edge *e = &pv_profile_edges(p)[f->callers];
	*calls = e->calls;
	return pair_str(pv_edge_nc(e), pv_edge_cc(e), "");
}

/* Counts beyond 64 bits on functions and caller entries stay exact through
   loading, strip_dirs(), add(), clone and dump (values from Python). */
static void test_wide_counts(void)
{
	pv_error err;
	uint64_t fl;
	pv_profile *p = load("reader/wide_callers.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	long x = find(p, "/srv/app/x/m.py", 2, "wide"), y = find(p, "/srv/app/y/m.py", 2, "wide");
	CU_ASSERT_FATAL(x >= 0 && y >= 0);
	const pv_func *fx = &pv_profile_funcs(p)[x];
	CU_ASSERT(pv_calls_is_wide(fx->calls));
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(fx)), "100000000000000000001");
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_cc(fx)), "100000000000000000000");
	CU_ASSERT(pv_calls_is_wide(pv_profile_funcs(p)[y].calls) ==
		  (pv_func_nc(&pv_profile_funcs(p)[y]) > INT32_MAX));
	CU_ASSERT_STRING_EQUAL(only_caller(p, x, &fl), "100000000000000000001/100000000000000000000");
	CU_ASSERT(pv_calls_is_wide(fl));
	CU_ASSERT_STRING_EQUAL(only_caller(p, y, &fl), "200000000000000000000/3");

	/* add(): the sum of the file with itself */
	pv_profile *q = load("reader/wide_callers.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL_FATAL(pv_profile_add(q, p, &err), 0);
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&pv_profile_funcs(q)[x])),
			       "200000000000000000002");
	CU_ASSERT_STRING_EQUAL(only_caller(q, x, &fl), "200000000000000000002/200000000000000000000");

	/* a dump reads back the same */
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL_FATAL(pv_profile_write_marshal(q, &b, &err), 0);
	pv_profile *r = pv_profile_load_mem(b.data, b.len, NULL, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_STRING_EQUAL(only_caller(r, x, &fl), "200000000000000000002/200000000000000000000");
	pv_buf_release(&b);
	pv_profile_free(r);
	pv_profile_free(q);

	/* strip_dirs() of a clone: x and y collide and add (as pstats prints:
	   300000000000000000001/100000000000000000003 from m.py:1(main)) */
	q = pv_profile_clone(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	pv_profile_free(p);  /* the clone owns its exact counts */
	CU_ASSERT_EQUAL_FATAL(pv_profile_strip_dirs(q, &err), 0);
	long w = find(q, "m.py", 2, "wide");
	CU_ASSERT_FATAL(w >= 0);
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&pv_profile_funcs(q)[w])),
			       "100000000000000000004");
	CU_ASSERT_STRING_EQUAL(only_caller(q, w, &fl), "300000000000000000001/100000000000000000003");
	pv_profile_free(q);
}

/* Caller entry `k` of function `fi` as "nc/cc", with *calls its word. */
static const char *caller_str(const pv_profile *p, long fi, uint32_t k, uint64_t *calls)
{
	const pv_func *f = &pv_profile_funcs(p)[fi];
	CU_ASSERT_FATAL(k < f->ncallers);
	const pv_edge *e = &pv_profile_edges(p)[f->callers + k];
	*calls = e->calls;
	return pair_str(pv_edge_nc(e), pv_edge_cc(e), pv_edge_is_int(e) ? " int" : "");
}

/* Records pack small counts in one word (nc in 32 bits, cc in 30, both
   signed) and point to the exact pair otherwise: every count at and just
   past those edges reads back exact, in place or not as it fits, also
   after add() (values from Python). */
static void test_count_bounds(void)
{
	static const struct {
		const char *want;  /* nc/cc */
		int wide;
	} fn[] = {
		{ "536870911/536870911", 0 },
		{ "536870912/536870912", 1 },
		{ "2147483647/-536870912", 0 },
		{ "2147483648/5", 1 },
		{ "-2147483648/-536870913", 1 },
		{ "9223372036854775807/9223372036854775807", 1 },
		{ "1/1", 0 },
	};
	static const struct {
		int fi, k;
		const char *want;
		int wide;
	} ed[] = {
		{ 2, 0, "2147483647/-536870912", 0 },
		{ 3, 0, "2147483648/536870911", 1 },
		{ 4, 0, "-2147483648/-536870913", 1 },
		{ 5, 0, "-1/-1", 0 },
		{ 6, 0, "9223372036854775807/-9223372036854775808", 1 },
		{ 7, 0, "2147483647/2147483647 int", 0 },
		{ 7, 1, "2147483648/2147483648 int", 1 },
		{ 7, 2, "-3/-3 int", 0 },
	};
	pv_error err;
	uint64_t w;
	pv_profile *p = load("reader/count_bounds.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (int i = 0; i < 7; i++) {
		char name[8];
		snprintf(name, sizeof name, "f%d", i + 1);
		long id = find(p, "/srv/b.py", i + 1, name);
		CU_ASSERT_FATAL(id == i);
		const pv_func *f = &pv_profile_funcs(p)[id];
		CU_ASSERT_STRING_EQUAL(pair_str(pv_func_nc(f), pv_func_cc(f), ""), fn[i].want);
		CU_ASSERT_EQUAL(pv_calls_is_wide(f->calls), fn[i].wide);
	}
	for (size_t i = 0; i < sizeof ed / sizeof ed[0]; i++) {
		CU_ASSERT_STRING_EQUAL(caller_str(p, ed[i].fi - 1, (uint32_t)ed[i].k, &w), ed[i].want);
		CU_ASSERT_EQUAL(pv_calls_is_wide(w), ed[i].wide);
	}
	CU_ASSERT_STRING_EQUAL(count_str(pv_profile_totals(p)->total_calls), "9223372040076001278");
	CU_ASSERT_STRING_EQUAL(count_str(pv_profile_totals(p)->prim_calls), "9223372036854775811");

	/* add() to itself: sums leave the word or stay in it as they fit */
	pv_profile *q = load("reader/count_bounds.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL_FATAL(pv_profile_add(q, p, &err), 0);
	const pv_func *f = pv_profile_funcs(q);
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&f[0])), "1073741822");
	CU_ASSERT(pv_calls_is_wide(f[0].calls));
	CU_ASSERT_STRING_EQUAL(count_str(pv_func_nc(&f[6])), "2");
	CU_ASSERT(!pv_calls_is_wide(f[6].calls));
	CU_ASSERT_STRING_EQUAL(caller_str(q, 6, 2, &w), "-6/-6 int");
	CU_ASSERT_STRING_EQUAL(caller_str(q, 6, 1, &w), "4294967296/4294967296 int");
	CU_ASSERT_STRING_EQUAL(caller_str(q, 4, 0, &w), "-2/-2");
	CU_ASSERT(!pv_calls_is_wide(w));
	pv_profile_free(q);
	pv_profile_free(p);
}

static void test_names(void)
{
	pv_profile *p = load_sized("reader/names.pstats", 19, 3);
	pv_buf b = PV_BUF_INIT;
	struct {
		const char *file;
		long line;
		const char *name, *want;
		size_t width;
	} cases[] = {
		{ "~", 0, "<>", "{}", 2 },
		{ "~", 0, "", "", 0 },
		{ "~", 0, "len", "len", 3 },
		{ "~", 0, "<unclosed", "<unclosed", 9 },
		{ "~", 1, "<not builtin: line 1>", "~:1(<not builtin: line 1>)", 26 },
		{ "", 0, "exec", ":0(exec)", 8 },
		{ "/srv/caf\xc3\xa9/donn\xc3\xa9" "es.py", 3, "\xc3\xa9t\xc3\xa9",
		  "/srv/caf\xc3\xa9/donn\xc3\xa9" "es.py:3(\xc3\xa9t\xc3\xa9)", 27 },
		{ "/srv/pct%s%d.py", 5, "100%", "/srv/pct%s%d.py:5(100%)", 23 },
		{ "relative/dir/mod.py", -1, "neg_line", "relative/dir/mod.py:-1(neg_line)", 32 },
		/* the lone surrogate U+DCFF is the byte 0xFF again, one character */
		{ "/srv/surrogate\xff.py", 10, "lone_surrogate",
		  "/srv/surrogate\xff.py:10(lone_surrogate)", 37 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long id = find(p, cases[i].file, cases[i].line, cases[i].name);
		CU_ASSERT_FATAL(id >= 0);
		pv_buf_reset(&b);
		pv_func_std_string(p, (uint32_t)id, &b);
		CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", cases[i].want);
		CU_ASSERT_EQUAL(pv_func_width(p, (uint32_t)id), cases[i].width);
	}
	/* names longer than 255 characters come as 'a'/'A' strings */
	CU_ASSERT_EQUAL(pv_profile_max_name_len(p), 632);
	pv_buf_release(&b);
	pv_profile_free(p);

	CU_ASSERT_EQUAL(pv_text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 2);
	CU_ASSERT_EQUAL(pv_text_width("a\xff" "b", 3), 3);
	CU_ASSERT(pv_text_cmp("a", 1, "b", 1) < 0);
	CU_ASSERT(pv_text_cmp("ab", 2, "a", 1) > 0);
	CU_ASSERT(pv_text_cmp("\xc3\xa9", 2, "z", 1) > 0);
	/* U+DCFF (a raw 0xFF byte) sorts below U+E000 though its byte is higher */
	CU_ASSERT(pv_text_cmp("\xff", 1, "\xee\x80\x80", 3) < 0);
}

/* Appends the stats entry ('a.py', line, NAME) with zero times, NAME being
 * the marshalled object obj[0..n). */
static void put_entry(pv_buf *b, int line, const char *obj, size_t n)
{
	static const char key[] = { ')', 3, 'z', 4, 'a', '.', 'p', 'y', 'i' };
	static const char value[] = { ')', 5, 'i', 1, 0, 0, 0, 'i', 1, 0, 0, 0,
				      'i', 0, 0, 0, 0, 'i', 0, 0, 0, 0, '{', '0' };
	const char ln[4] = { (char)line, 0, 0, 0 };
	pv_buf_append(b, key, sizeof key);
	pv_buf_append(b, ln, sizeof ln);
	pv_buf_append(b, obj, n);
	pv_buf_append(b, value, sizeof value);
}

static int contains(const char *hay, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Names in every string encoding: the bytes the model keeps, the bytes
 * the writer gives back (what Python's marshal writes for that str), and
 * the same names when the written profile is read again. */
static void test_string_encodings(void)
{
	/* marshalled objects and their lengths (they hold NULs) */
	typedef struct bytes {
		const char *s;
		size_t n;
	} bytes;
#define BYTES(lit) { lit, sizeof lit - 1 }
	static const struct {
		bytes read;          /* the name object as read */
		const char *model;   /* the name's bytes in the model */
		bytes written;       /* the name object as written */
	} names[] = {
		{ BYTES("u\x05\0\0\0\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9",
		  BYTES("u\x05\0\0\0\xc3\xa9t\xc3\xa9") },
		/* U+DCFF, an undecodable byte to Python, is the byte again */
		{ BYTES("u\x04\0\0\0x\xed\xb3\xbf"), "x\xff", BYTES("u\x04\0\0\0x\xed\xb3\xbf") },
		/* other lone surrogates stay as they are (surrogatepass) */
		{ BYTES("u\x03\0\0\0\xed\xa0\x80"), "\xed\xa0\x80", BYTES("u\x03\0\0\0\xed\xa0\x80") },
		/* 'a' payloads are Latin-1 code points */
		{ BYTES("a\x04\0\0\0caf\xe9"), "caf\xc3\xa9", BYTES("u\x05\0\0\0caf\xc3\xa9") },
		/* Python 2 bytes and invalid UTF-8 are kept; written as U+DC00 + b */
		{ BYTES("s\x01\0\0\0\xe9"), "\xe9", BYTES("u\x03\0\0\0\xed\xb3\xa9") },
		{ BYTES("u\x02\0\0\0\xc3("), "\xc3(", BYTES("u\x04\0\0\0\xed\xb3\x83(") },
		{ BYTES("Z\x03gcd"), "gcd", BYTES("z\x03gcd") },
	};
#undef BYTES
	size_t count = sizeof names / sizeof names[0];
	pv_buf in = PV_BUF_INIT, out = PV_BUF_INIT;
	pv_buf_putc(&in, '{');
	for (size_t i = 0; i < count; i++)
		put_entry(&in, (int)i + 1, names[i].read.s, names[i].read.n);
	pv_buf_putc(&in, '0');
	CU_ASSERT_FATAL(pv_buf_ok(&in));
	pv_error err;
	pv_profile *p = pv_profile_load_mem(in.data, in.len, "names", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL_FATAL(pv_profile_write_marshal(p, &out, &err), 0);
	pv_profile *q = pv_profile_load_mem(out.data, out.len, "written", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	for (size_t i = 0; i < count; i++) {
		CU_ASSERT(find(p, "a.py", (long)i + 1, names[i].model) == (long)i);
		CU_ASSERT(contains(out.data, out.len, names[i].written.s, names[i].written.n));
		CU_ASSERT(find(q, "a.py", (long)i + 1, names[i].model) == (long)i);
	}
	pv_profile_free(q);
	pv_profile_free(p);
	pv_buf_release(&out);
	pv_buf_release(&in);
}

static void test_dict_semantics(void)
{
	/* a duplicate key: the later value wins, the key keeps its place */
	pv_profile *p = load("reader/duplicate_key.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 2);
	pv_profile_free(p);

	p = load("reader/trailing_garbage.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 4);
	pv_profile_free(p);

	p = load("reader/toplevel.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 4);
	CU_ASSERT_EQUAL(pv_profile_nkeys(p), 5);  /* ('jprofile', 0, 'profiler') */
	int top = 0;
	for (size_t i = 0; i < pv_profile_nfuncs(p); i++)
		top += (pv_profile_funcs(p)[i].flags & PV_FUNC_TOPLEVEL) != 0;
	CU_ASSERT_EQUAL(top, 1);
	CU_ASSERT(pv_profile_funcs(p)[0].flags & PV_FUNC_TOPLEVEL);
	pv_profile_free(p);

	p = load("reader/mixed_callers.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	int ints = 0;
	for (size_t e = 0; e < pv_profile_nedges(p); e++)
		ints += pv_edge_is_int(&pv_profile_edges(p)[e]);
	CU_ASSERT(ints > 0 && (size_t)ints < pv_profile_nedges(p));
	pv_profile_free(p);
}

/* Calls row() with each line of data file `name` but its comments; returns
 * how many there were. */
static size_t each_row(const char *name, void (*row)(char *line))
{
	size_t len, rows = 0;
	char *tab = pv_test_slurp(pv_test_data(name), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tab);
	char *save = NULL;
	for (char *line = strtok_r(tab, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		row(line);
		rows++;
	}
	free(tab);
	return rows;
}

/* A line of malformed/expected.tsv: file, offset, a part of the message. */
static void check_malformed(char *line)
{
	char *off = strchr(line, '\t'), *msg = off ? strchr(off + 1, '\t') : NULL;
	CU_ASSERT_FATAL(msg != NULL);
	*off++ = 0;
	*msg++ = 0;
	char name[256];
	snprintf(name, sizeof name, "malformed/%s", line);
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data(name), &err);
	CU_ASSERT_PTR_NULL(p);
	pv_profile_free(p);
	if (!strstr(err.msg, msg) || err.offset != atoll(off))
		fprintf(stderr, "\n%s: got '%s' at %lld\n", name, err.msg, err.offset);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, msg));
	CU_ASSERT_EQUAL(err.offset, atoll(off));
	CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
}

/* Every malformed file fails with the message and offset its line of
 * malformed/expected.tsv says, in one line; no file is left out. */
static void test_malformed(void)
{
	size_t rows = each_row("malformed/expected.tsv", check_malformed), files = 0;
	DIR *dir = opendir(pv_test_data("malformed"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	for (struct dirent *e; (e = readdir(dir)) != NULL;)
		files += strstr(e->d_name, ".pstats") != NULL;
	closedir(dir);
	CU_ASSERT_EQUAL(rows + 2, files);
	/* the two odd-but-valid files of that folder load as pstats reads them */
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data("malformed/line_float.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_funcs(p)[0].line, 3);
	pv_profile_free(p);
	p = pv_profile_load(pv_test_data("malformed/bytes_keys.pstats"), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	pv_buf b = PV_BUF_INIT;
	pv_func_std_string(p, 0, &b);
	CU_ASSERT_STRING_EQUAL(b.data, "a.py:1(f)");
	pv_buf_release(&b);
	pv_profile_free(p);

	p = pv_profile_load(pv_test_data("no/such/file.pstats"), &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot open"));
	p = pv_profile_load(pv_test_data("reader"), &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "directory"));

	static const char json[] = "{\"a\": [1, 2]}\n";
	p = pv_profile_load_mem(json, sizeof json - 1, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "JSON"));
}

/* Slices (marshal version 5, Python 3.14+) and frozendicts (version 6,
 * 3.15+) where pstats files have them: in a code object's constants. */
static void test_slices(void)
{
	static const char *const files[] = { "corpus/py314_slices_profile.pstats",
					     "corpus/py315_slices_profile.pstats" };
	for (size_t i = 0; i < 2; i++) {
		pv_profile *p = load_sized(files[i], 16, 16);
		uint32_t code = UINT32_MAX, ncode = 0;
		for (uint32_t f = 0; f < pv_profile_nfuncs(p); f++)
			if (pv_profile_funcs(p)[f].flags & PV_FUNC_CODE) {
				code = f;
				ncode++;
			}
		CU_ASSERT_EQUAL_FATAL(ncode, 1);
		pv_buf b = PV_BUF_INIT;
		pv_func_std_string(p, code, &b);
		CU_ASSERT_STRING_EQUAL(b.data, "profile:0(<code object <module> at 0x7f0000000000, "
					       "file \"/home/dev/prof/slices.py\", line 1>)");
		pv_buf_release(&b);
		pv_profile_free(p);
	}

	/* reader/code_slice_frozendict.pstats: ('profile', 0, <code object f
	 * of x.py, line 7, 3.11+ layout>) with the constants (slice(None, 1,
	 * None), frozendict({'k': 2})), the slice flagged (reference 0); then
	 * ('a', 2, 'g') with a value of 25 bytes */
	pv_profile *p = load("reader/code_slice_frozendict.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 2);
	pv_buf b = PV_BUF_INIT;
	pv_func_std_string(p, 0, &b);
	CU_ASSERT_STRING_EQUAL(b.data, "profile:0(<code object f at 0x7f0000000000, "
				       "file \"x.py\", line 7>)");
	pv_buf_release(&b);
	pv_profile_free(p);
	/* the flagged slice, referenced after it was read, is a slice */
	size_t len;
	char *data = pv_test_slurp(pv_test_data("reader/code_slice_frozendict.pstats"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_FATAL(len == 162);
	static const char value_ref[] = { 'r', 0, 0, 0, 0, '0' };
	memcpy(data + len - 25, value_ref, sizeof value_ref);
	pv_error err;
	p = pv_profile_load_mem(data, len - 25 + sizeof value_ref, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_STRING_EQUAL(err.msg, "the value of a:2(g) is a slice, not a "
					"(cc, nc, tt, ct, callers) tuple");
	CU_ASSERT_EQUAL(err.offset, (long long)len - 25);
	free(data);

	/* a slice holds three objects; it cannot hold a reference to itself */
	static const unsigned char slice_key[] = { '{', ':', 'N', 'i', 1, 0, 0, 0, 'N', 'N', '0' };
	p = pv_profile_load_mem(slice_key, sizeof slice_key, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a function key is a slice, not a"));
	CU_ASSERT_EQUAL(err.offset, 1);
	static const unsigned char self[] = { '{', 0xba, 'r', 0, 0, 0, 0, 'N', 'N', 'N', '0' };
	p = pv_profile_load_mem(self, sizeof self, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "invalid reference 0"));
	CU_ASSERT_EQUAL(err.offset, 2);
	/* a frozendict is hashable: a key, though not a function key */
	static const unsigned char fd_key[] = { '{', '}', 'i', 1, 0, 0, 0, 'i', 2, 0, 0, 0, '0',
						'N', '0' };
	p = pv_profile_load_mem(fd_key, sizeof fd_key, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a function key is a frozendict, not a"));
}

/* Hand-made streams for the corners the corpus lacks. */
static void test_handmade(void)
{
	pv_error err;
	/* a 'r' to a FLAG_REF'd key tuple used as a caller; 'l' long of 0 digits */
	static const unsigned char ok[] = {
		0xfb,                                   /* { ref 0 */
		0xa9, 3, 0xfa, 1, 'm', 0xe9, 1, 0, 0, 0, 0xda, 1, 'f', /* ) ref 1 ('m', 1, 'f') */
		')', 5, 'l', 0, 0, 0, 0, 'i', 1, 0, 0, 0, 'i', 0, 0, 0, 0, 'i', 0, 0, 0, 0,
		'{', '0',
		')', 3, 'z', 1, 'm', 'i', 2, 0, 0, 0, 'z', 1, 'g',
		')', 5, 'i', 1, 0, 0, 0, 'i', 1, 0, 0, 0, 'i', 0, 0, 0, 0, 'i', 0, 0, 0, 0,
		'{', 'r', 1, 0, 0, 0, 'i', 7, 0, 0, 0, '0',
		'0',
	};
	pv_profile *p = pv_profile_load_mem(ok, sizeof ok, "hand", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 2);
	CU_ASSERT(pv_func_cc(&pv_profile_funcs(p)[0]) == 0);
	CU_ASSERT_EQUAL(pv_profile_funcs(p)[1].ncallers, 1);
	const pv_edge *e = &pv_profile_edges(p)[pv_profile_funcs(p)[1].callers];
	CU_ASSERT_EQUAL(e->caller, 0);
	CU_ASSERT(pv_edge_is_int(e));
	CU_ASSERT(pv_edge_nc(e) == 7 && pv_edge_cc(e) == 7);
	const uint32_t *cs;
	CU_ASSERT_PTR_NOT_NULL_FATAL(pv_profile_callee_index(p, &cs));
	CU_ASSERT_EQUAL(cs[1] - cs[0], 1);
	pv_profile_free(p);

	/* a declared tuple of 2^31-1 items in a tiny file allocates nothing big */
	static const unsigned char bigtuple[] = { '{', '(', 0xff, 0xff, 0xff, 0x7f, 'i', 0, 0, 0, 0 };
	p = pv_profile_load_mem(bigtuple, sizeof bigtuple, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "runs past the end"));
	/* a long of 10 digits (150 bits) is too large */
	static const unsigned char bignum[] = { '{', 'l', 10, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0,
						1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, '0' };
	p = pv_profile_load_mem(bignum, sizeof bignum, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "too large"));
	/* a reference to an object still being read is invalid */
	static const unsigned char selfref[] = { '{', 0xa8, 1, 0, 0, 0, 'r', 0, 0, 0, 0, '0' };
	p = pv_profile_load_mem(selfref, sizeof selfref, NULL, &err);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "invalid reference"));
}

/* A line of reader/expected.tsv: a file and Python's values for it. */
static void check_expected(char *line)
{
	char file[512], tc[64], pc[64], tt[64];
	size_t nf, ne, mx;
	if (sscanf(line, "%511s %zu %zu %63s %63s %63s %zu", file, &nf, &ne, tc, pc, tt,
		   &mx) != 7) {
		CU_FAIL("bad line in expected.tsv");
		return;
	}
	pv_error err;
	pv_profile *p = pv_profile_load(pv_test_data(file), &err);
	if (!p) {
		fprintf(stderr, "\n%s: %s\n", file, err.msg);
		CU_FAIL("a corpus file did not load");
		return;
	}
	const pv_totals *t = pv_profile_totals(p);
	char a[64], b[64];
	pv_count_format(t->total_calls, a);
	pv_count_format(t->prim_calls, b);
	double want_tt = strtod(tt, NULL);
	int ok = pv_profile_nfuncs(p) == nf && pv_profile_nedges(p) == ne &&
		 strcmp(a, tc) == 0 && strcmp(b, pc) == 0 &&
		 (isnan(want_tt) ? isnan(t->total_tt) : t->total_tt == want_tt) &&
		 pv_profile_max_name_len(p) == mx;
	if (!ok)
		fprintf(stderr, "\n%s: got %zu %zu %s %s %.17g %zu\n", file, pv_profile_nfuncs(p),
			pv_profile_nedges(p), a, b, t->total_tt, pv_profile_max_name_len(p));
	CU_ASSERT(ok);
	pv_profile_free(p);
}

/*
 * Every real corpus profile and every edge case: functions, caller entries,
 * totals and max_name_len as Python computes them (reader/expected.tsv).
 */
static void test_expected_table(void)
{
	CU_ASSERT(each_row("reader/expected.tsv", check_expected) >= 90);
}

/* Corrupting a real file byte by byte must never crash or leak. */
static void test_mutations(void)
{
	size_t len;
	char *data = pv_test_slurp(pv_test_data("reader/jset.pstats"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	unsigned seed = 12345;
	int loaded = 0, failed = 0;
	for (int round = 0; round < 3000; round++) {
		char *copy = malloc(len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
		memcpy(copy, data, len);
		size_t cut = len;
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % len;
			seed = seed * 1103515245u + 12345u;
			copy[at] = (char)(seed >> 16);
		}
		if (round % 7 == 0) {
			seed = seed * 1103515245u + 12345u;
			cut = (seed >> 8) % len;
		}
		/* exactly `cut` bytes, so that the sanitizer sees any read past them */
		char *exact = malloc(cut ? cut : 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(exact);
		memcpy(exact, copy, cut);
		pv_error err;
		pv_profile *p = pv_profile_load_mem(exact, cut, NULL, &err);
		if (p)
			loaded++;
		else
			failed++;
		CU_ASSERT(p || err.msg[0]);
		pv_profile_free(p);
		free(exact);
		free(copy);
	}
	CU_ASSERT(loaded > 0 && failed > 0);
	free(data);
}

/* A pipe (no size, no mapping: read in chunks into a growing buffer)
 * loads as the file does; 182 KB is more than a pipe holds at once. */
static void test_pipe(void)
{
	size_t len;
	char *data = pv_test_slurp(pv_test_data("corpus/py311_ut_json.pstats"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_FATAL(len > 2 * 65536);
	int fds[2];
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		size_t off = 0;
		while (off < len) {
			ssize_t n = write(fds[1], data + off, len - off);
			if (n <= 0)
				_exit(1);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(fds[1]);
	char path[64];
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	pv_error err;
	pv_profile *p = pv_profile_load(path, &err);
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	pv_profile *f = load("corpus/py311_ut_json.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), 1283);
	CU_ASSERT_EQUAL(pv_profile_nfuncs(p), pv_profile_nfuncs(f));
	CU_ASSERT_EQUAL(pv_profile_nedges(p), pv_profile_nedges(f));
	CU_ASSERT_EQUAL(pv_profile_totals(p)->total_tt, pv_profile_totals(f)->total_tt);
	pv_profile_free(f);
	pv_profile_free(p);
	free(data);
}

/* Every prefix of files with shared names (both look-ahead cursors run
 * over them) and of one with slices in code objects is read within its
 * bytes, in a buffer of exactly that size, and fails with a message or
 * loads. */
static void test_every_prefix(void)
{
	static const char *const files[] = { "corpus/jset.pstats",
		"corpus/py311_recursion.pstats", "corpus/py27_recursion.pstats",
		"corpus/py314_slices_profile.pstats" };
	for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
		size_t len;
		char *data = pv_test_slurp(pv_test_data(files[fi]), &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		size_t failed = 0;
		for (size_t cut = 1; cut < len; cut++) {
			char *exact = malloc(cut);
			CU_ASSERT_PTR_NOT_NULL_FATAL(exact);
			memcpy(exact, data, cut);
			pv_error err;
			pv_profile *p = pv_profile_load_mem(exact, cut, NULL, &err);
			if (!p) {
				failed++;
				CU_ASSERT(err.msg[0] != 0);
			}
			pv_profile_free(p);
			free(exact);
		}
		/* only the final '0' of the dict may be missing without an error */
		CU_ASSERT(failed >= len - 2);
		free(data);
	}
}

/*
 * What the exported page carries: the stream with references and the meta
 * record read back give the same profile (the same stream without
 * references, the same files and totals), merged and sampled ones too.
 */
static void check_written_back(pv_profile *p)
{
	pv_error err;
	pv_buf refs = PV_BUF_INIT, meta = PV_BUF_INIT, a = PV_BUF_INIT, b = PV_BUF_INIT;
	CU_ASSERT_EQUAL_FATAL(pv_profile_write_marshal_refs(p, &refs, &err), 0);
	CU_ASSERT_EQUAL_FATAL(pv_profile_write_meta(p, &meta, &err), 0);
	pv_profile *q = pv_profile_load_mem_meta(refs.data, refs.len, meta.data, meta.len, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL(pv_profile_write_marshal(p, &a, &err), 0);
	CU_ASSERT_EQUAL(pv_profile_write_marshal(q, &b, &err), 0);
	CU_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	CU_ASSERT(refs.len < a.len);
	CU_ASSERT_EQUAL(pv_profile_nkeys(q), pv_profile_nkeys(p));
	CU_ASSERT_EQUAL(pv_profile_is_sampled(q), pv_profile_is_sampled(p));
	const pv_totals *tp = pv_profile_totals(p), *tq = pv_profile_totals(q);
	CU_ASSERT(tp->total_calls == tq->total_calls && tp->prim_calls == tq->prim_calls);
	CU_ASSERT(memcmp(&tp->total_tt, &tq->total_tt, sizeof tp->total_tt) == 0);
	CU_ASSERT_EQUAL_FATAL(pv_profile_nfiles(q), pv_profile_nfiles(p));
	for (size_t i = 0; i < pv_profile_nfiles(p); i++) {
		CU_ASSERT_STRING_EQUAL(pv_profile_file(q, i)->path, pv_profile_file(p, i)->path);
		CU_ASSERT_EQUAL(pv_profile_file(q, i)->mtime, pv_profile_file(p, i)->mtime);
		CU_ASSERT_EQUAL(pv_profile_file(q, i)->has_mtime, pv_profile_file(p, i)->has_mtime);
	}
	/* a record that is not one, cut short or too long */
	for (size_t cut = 0; cut < meta.len; cut += 3) {
		pv_profile *r = pv_profile_load_mem_meta(refs.data, refs.len, meta.data, cut, &err);
		CU_ASSERT_PTR_NULL(r);
		if (!r)
			CU_ASSERT_STRING_EQUAL(err.msg, "bad profile record");
		pv_profile_free(r);
	}
	pv_buf_putc(&meta, 0);
	CU_ASSERT_PTR_NULL(pv_profile_load_mem_meta(refs.data, refs.len, meta.data, meta.len, &err));
	pv_profile_free(q);
	pv_buf_release(&refs);
	pv_buf_release(&meta);
	pv_buf_release(&a);
	pv_buf_release(&b);
}

static void test_written_back(void)
{
	static const char *const one[] = {
		"corpus/py311_ut_json.pstats", "corpus/py27_recursion.pstats",
		"corpus/py315_sampled_jset.pstats", "corpus/jset.pstats",
	};
	for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
		pv_profile *p = load(one[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		check_written_back(p);
		pv_profile_free(p);
	}
	char a[4096], b[4096];
	snprintf(a, sizeof a, "%s", pv_test_data("corpus/py311_ut_json.pstats"));
	snprintf(b, sizeof b, "%s", pv_test_data("corpus/py312_ut_json.pstats"));
	const char *const two[] = { a, b };
	pv_error err;
	pv_profile *m = pv_profile_load_many(two, 2, &err, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	check_written_back(m);
	pv_profile_free(m);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "marshal versions agree", test_versions_agree },
		{ "real cProfile files", test_real_cprofile },
		{ "profile-module files and code objects", test_profile_module },
		{ "numbers: 128-bit counts, nan, inf, ints", test_numbers },
		{ "counts beyond 64 bits", test_wide_counts },
		{ "counts at the edges of a packed word", test_count_bounds },
		{ "names and widths", test_names },
		{ "string encodings, read and written", test_string_encodings },
		{ "dict semantics", test_dict_semantics },
		{ "malformed files", test_malformed },
		{ "hand-made streams", test_handmade },
		{ "slices and frozendicts (3.14, 3.15)", test_slices },
		{ "every corpus file against Python's values", test_expected_table },
		{ "mutated files", test_mutations },
		{ "every prefix of a file", test_every_prefix },
		{ "a pipe", test_pipe },
		{ "written back with references and the meta record", test_written_back },
		{ NULL, NULL },
	};
	return pv_test_run("reader", tests);
}
