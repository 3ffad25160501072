/*
 * test_export.c - pv_export_json (parsed back with cJSON: every function
 * and edge round-trips), the collapsed and callgrind writers' totals, and
 * the XML escaping of flame graphs (pv_xml_text).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/calltree.h"
#include "pv/export.h"
#include "pv/flame.h"
#include "pv/profile.h"

/* A JSON count: a number, or a decimal string beyond 2^53. */
static int count_is(const cJSON *j, pv_count v)
{
	char t[48];
	pv_count_format(v, t);
	if (cJSON_IsString(j))
		return strcmp(j->valuestring, t) == 0;
	return cJSON_IsNumber(j) && j->valuedouble == (double)v;
}

/* A JSON time: the very same double, or null for NaN and infinities. */
static int time_is(const cJSON *j, double v)
{
	if (!isfinite(v))
		return cJSON_IsNull(j);
	return cJSON_IsNumber(j) && j->valuedouble == v;
}

static int str_is(const cJSON *j, const pv_profile *p, uint32_t id)
{
	size_t n;
	const char *s = pv_profile_string(p, id, &n);
	/* cJSON cannot give back invalid UTF-8: compare valid strings only */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return cJSON_IsString(j);
	return cJSON_IsString(j) && strlen(j->valuestring) == n && memcmp(j->valuestring, s, n) == 0;
}

static void roundtrip(const char *area, const char *name)
{
	pv_profile *p = pv_test_need(area, name);
	pv_buf out = PV_BUF_INIT;
	CU_ASSERT_FATAL(pv_export_json(p, &out, NULL) == 0);
	/* cJSON refuses \udcXX (legal JSON): make them plain escapes */
	for (char *u = out.data; (u = strstr(u, "\\ud")); u += 4)
		u[2] = '0', u[3] = '0';
	cJSON *j = cJSON_Parse(out.data);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "format")->valuestring, "pstat-view-profile");
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "version")->valueint, 1);
	const pv_totals *t = pv_profile_totals(p);
	cJSON *tot = cJSON_GetObjectItem(j, "totals");
	CU_ASSERT(count_is(cJSON_GetObjectItem(tot, "total_calls"), t->total_calls));
	CU_ASSERT(count_is(cJSON_GetObjectItem(tot, "primitive_calls"), t->prim_calls));
	CU_ASSERT(time_is(cJSON_GetObjectItem(tot, "total_tt"), t->total_tt));
	CU_ASSERT_EQUAL((size_t)cJSON_GetObjectItem(tot, "functions")->valueint, pv_profile_nfuncs(p));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "files")), (int)pv_profile_nfiles(p));
	const pv_func *fn = pv_profile_funcs(p);
	cJSON *fa = cJSON_GetObjectItem(j, "functions");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(fa), (int)pv_profile_nkeys(p));
	int i = 0;
	for (cJSON *f = fa->child; f; f = f->next, i++) {
		const pv_func *m = &fn[i];
		CU_ASSERT_EQUAL(cJSON_GetObjectItem(f, "id")->valueint, i);
		CU_ASSERT(str_is(cJSON_GetObjectItem(f, "file"), p, m->file));
		CU_ASSERT(str_is(cJSON_GetObjectItem(f, "name"), p, m->name));
		CU_ASSERT(cJSON_GetObjectItem(f, "line")->valuedouble == (double)m->line);
		CU_ASSERT(count_is(cJSON_GetObjectItem(f, "nc"), pv_func_nc(m)));
		CU_ASSERT(count_is(cJSON_GetObjectItem(f, "cc"), pv_func_cc(m)));
		CU_ASSERT(time_is(cJSON_GetObjectItem(f, "tt"), m->tt));
		CU_ASSERT(time_is(cJSON_GetObjectItem(f, "ct"), m->ct));
		CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(f, "stats")) == ((m->flags & PV_FUNC_STATS) != 0));
		CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(f, "builtin")) ==
			  ((m->flags & PV_FUNC_BUILTIN) != 0));
	}
	const pv_edge *ed = pv_profile_edges(p);
	cJSON *ea = cJSON_GetObjectItem(j, "edges");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(ea), (int)pv_profile_nedges(p));
	i = 0;
	for (cJSON *e = ea->child; e; e = e->next, i++) {
		CU_ASSERT_EQUAL((uint32_t)cJSON_GetObjectItem(e, "caller")->valueint, ed[i].caller);
		CU_ASSERT_EQUAL((uint32_t)cJSON_GetObjectItem(e, "callee")->valueint, ed[i].callee);
		CU_ASSERT(count_is(cJSON_GetObjectItem(e, "nc"), pv_edge_nc(&ed[i])));
		CU_ASSERT(count_is(cJSON_GetObjectItem(e, "cc"), pv_edge_cc(&ed[i])));
		CU_ASSERT(time_is(cJSON_GetObjectItem(e, "tt"), ed[i].tt));
		CU_ASSERT(time_is(cJSON_GetObjectItem(e, "ct"), ed[i].ct));
		CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(e, "counts_only")) ==
			  pv_edge_is_int(&ed[i]));
	}
	cJSON_Delete(j);
	pv_buf_release(&out);
	pv_profile_free(p);
}

static void test_json_roundtrip(void)
{
	roundtrip("diff", "py311_jsontool.pstats");
	roundtrip("diff", "big_counts.pstats");
	roundtrip("diff", "nan_inf.pstats");
	roundtrip("diff", "names.pstats");
	roundtrip("flame", "hostile.pstats");
	roundtrip("flame", "py312_jsontool_profile.pstats");
}

/* Sum of the last field of each line of the collapsed output. */
static long long collapsed_sum(const char *s, size_t *lines)
{
	long long sum = 0;
	*lines = 0;
	for (const char *l = s; *l;) {
		const char *nl = strchr(l, '\n');
		CU_ASSERT_FATAL(nl != NULL);
		const char *sp = nl;
		while (sp > l && sp[-1] != ' ')
			sp--;
		CU_ASSERT(sp > l + 1); /* a frame, a space, a count */
		sum += strtoll(sp, NULL, 10);
		(*lines)++;
		l = nl + 1;
	}
	return sum;
}

static void test_collapsed(void)
{
	static const char *const files[] = { "tree.pstats", "py311_jsontool.pstats", "hostile.pstats",
					     "py312_recursion.pstats", "py312_jsontool_profile.pstats" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		pv_profile *p = pv_test_need("flame", files[i]);
		pv_buf out = PV_BUF_INIT;
		CU_ASSERT_FATAL(pv_export_collapsed(p, 0, 0, &out, NULL) == 0);
		pv_calltree t = { 0 };
		pv_calltree_opts o;
		pv_calltree_opts_init(&o);
		o.min_fraction = 0;
		CU_ASSERT_FATAL(pv_calltree_build(p, &o, &t, NULL) == 0);
		size_t lines;
		long long sum = collapsed_sum(out.data ? out.data : "", &lines);
		CU_ASSERT(lines > 0);
		CU_ASSERT_EQUAL(sum, llround(t.nodes[0].time * 1e6));
		/* no control bytes: every line parses */
		for (size_t k = 0; k < out.len; k++)
			CU_ASSERT(out.data[k] == '\n' || (unsigned char)out.data[k] >= 0x20);
		pv_calltree_release(&t);
		pv_buf_release(&out);
		pv_profile_free(p);
	}
	/* tree.pstats, line by line */
	pv_profile *p = pv_test_load("flame", "tree.pstats");
	pv_buf out = PV_BUF_INIT;
	CU_ASSERT_FATAL(pv_export_collapsed(p, 0, 0, &out, NULL) == 0);
	CU_ASSERT(strstr(out.data, "[unattributed] 50000\n") != NULL);
	CU_ASSERT(strstr(out.data, "\nmain (m.py:1);a (m.py:2);c (m.py:4) 200000\n") != NULL);
	CU_ASSERT(strstr(out.data, "\nmain (m.py:1);scaled (m.py:8);t2 (m.py:10) 100000\n") != NULL);
	CU_ASSERT(strstr(out.data, "\nmain (m.py:1);rec (m.py:5) 400000\n") != NULL);
	pv_buf_release(&out);
	pv_profile_free(p);
}

static void test_callgrind(void)
{
	pv_profile *p = pv_test_need("flame", "py311_jsontool.pstats");
	pv_buf out = PV_BUF_INIT;
	CU_ASSERT_FATAL(pv_export_callgrind(p, "x.pstats", &out, NULL) == 0);
	long long want = llround(pv_profile_totals(p)->total_tt * 1e6);
	char line[64];
	snprintf(line, sizeof line, "\nsummary: %lld\n", want);
	CU_ASSERT(strstr(out.data, line) != NULL);
	CU_ASSERT(strstr(out.data, "\nevents: us\n") != NULL);
	/* self cost lines add up to the summary */
	long long sum = 0;
	int in_call = 0;
	for (char *l = out.data; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, "calls=", 6) == 0) {
			in_call = 1;
		} else if (*l >= '0' && *l <= '9') {
			if (!in_call) {
				char *sp = strchr(l, ' ');
				sum += strtoll(sp, NULL, 10);
			}
			in_call = 0;
		}
	}
	CU_ASSERT_EQUAL(sum, want);
	pv_buf_release(&out);
	pv_profile_free(p);
}

static void xml_is(const char *in, size_t len, const char *want)
{
	pv_buf b = PV_BUF_INIT;
	pv_xml_text(&b, in, len);
	CU_ASSERT_STRING_EQUAL(b.data ? b.data : "", want);
	if (strcmp(b.data ? b.data : "", want) != 0)
		fprintf(stderr, "xml: got %s want %s\n", b.data, want);
	pv_buf_release(&b);
}

static void test_xml_text(void)
{
	xml_is("plain", 5, "plain");
	xml_is("<script>alert(1)</script>", 25, "&lt;script&gt;alert(1)&lt;/script&gt;");
	xml_is("a&b\"c'd", 7, "a&amp;b&quot;c&#39;d");
	xml_is("\x01\x1b\n\t\x7f", 5, "\\x01\\x1B\\x0A\t\\x7F");
	xml_is("caf\xc3\xa9", 5, "caf\xc3\xa9");
	xml_is("\xff\xc3", 2, "\\xFF\\xC3");
	xml_is("\xed\xa0\x80", 3, "\\xED\\xA0\\x80");     /* a surrogate */
	xml_is("\xc0\xaf", 2, "\\xC0\\xAF");              /* overlong */
	xml_is("\xef\xbf\xbe\xef\xbf\xbf", 6, "\\uFFFE\\uFFFF");
	xml_is("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");
	xml_is("a\0b", 3, "a\\x00b");
	xml_is("]]>", 3, "]]&gt;");
}

static void test_flame_svg(void)
{
	pv_profile *p = pv_test_need("flame", "hostile.pstats");
	pv_flame_opts o;
	pv_flame_opts_init(&o);
	o.title = "<&>\"";
	pv_buf out = PV_BUF_INIT;
	CU_ASSERT_FATAL(pv_flame_svg(p, &o, &out, NULL) == 0);
	CU_ASSERT(strstr(out.data, "<script>alert") == NULL);
	CU_ASSERT(strstr(out.data, "&lt;script&gt;alert(1)") != NULL);
	CU_ASSERT(strstr(out.data, "<title>&lt;&amp;&gt;&quot;</title>") != NULL);
	/* one CDATA section: the script's */
	const char *c = strstr(out.data, "<![CDATA[");
	CU_ASSERT(c && !strstr(c + 1, "<![CDATA[") && strstr(c, "]]>") && !strstr(strstr(c, "]]>") + 3, "]]>"));
	pv_buf_release(&out);
	o.width = 10;
	pv_error err;
	CU_ASSERT(pv_flame_svg(p, &o, &out, &err) == -1);
	pv_flame_opts_init(&o);
	o.min_width = NAN;
	CU_ASSERT(pv_flame_svg(p, &o, &out, &err) == -1);
	pv_buf_release(&out);
	pv_profile_free(p);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "json export round-trips through cJSON", test_json_roundtrip },
		{ "collapsed stacks add up to the root time", test_collapsed },
		{ "callgrind self costs add up to the total", test_callgrind },
		{ "xml escaping", test_xml_text },
		{ "flame svg escaping and options", test_flame_svg },
		{ NULL, NULL },
	};
	return pv_test_run("export", tests);
}
