/*
 * test_http.c - the viewer's HTTP server (src/serve.c) over real sockets
 * on loopback: routes, JSON answers, caching and gzip, and what it must
 * refuse (foreign Host, traversal, methods, oversized requests).  Every
 * server binds 127.0.0.1 port 0 and is stopped by the test; every socket
 * has a receive timeout, so nothing can hang.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"
#include "http_client.h"
#include "pv/api.h"
#include "pv/profile.h"
#include "pv/serve.h"

static pv_profile *prof;
static pv_server *srv;

/* ===================================================== pages and assets */

static void test_index(void)
{
	http_reply r;
	http_request("GET", "/", NULL, &r);
	CU_ASSERT_EQUAL(r.status, 200);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Content-Type"), "text/html; charset=utf-8");
	char *csp = http_header(&r, "Content-Security-Policy");
	CU_ASSERT_PTR_NOT_NULL_FATAL(csp);
	CU_ASSERT_PTR_NOT_NULL(strstr(csp, "default-src 'self'"));
	CU_ASSERT_STRING_EQUAL(http_header(&r, "X-Content-Type-Options"), "nosniff");
	CU_ASSERT_PTR_NOT_NULL(http_header(&r, "ETag"));
	CU_ASSERT_PTR_NOT_NULL(http_header(&r, "Cache-Control"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<canvas"));
	/* the page asks for nothing outside this server */
	CU_ASSERT_PTR_NULL(strstr(r.body, "http://"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "https://"));
	http_reply_free(&r);

	const struct {
		const char *path, *type;
	} assets[] = {
		{ "/index.html", "text/html; charset=utf-8" },
		{ "/app.js", "text/javascript; charset=utf-8" },
		/* the modules index.html loads, in web/'s folders */
		{ "/main.js", "text/javascript; charset=utf-8" },
		{ "/core/ctree.js", "text/javascript; charset=utf-8" },
		{ "/views/chart.js", "text/javascript; charset=utf-8" },
		{ "/flame.js", "text/javascript; charset=utf-8" },
		{ "/style.css", "text/css; charset=utf-8" },
		{ "/favicon.svg", "image/svg+xml" },
		{ "/api/graph", "application/json" },
		{ "/api/summary", "application/json" },
		{ "/api/functions", "application/json" },
		{ "/api/tree", "application/json" },
	};
	for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
		http_request("GET", assets[i].path, NULL, &r);
		CU_ASSERT_EQUAL(r.status, 200);
		CU_ASSERT_STRING_EQUAL(http_header(&r, "Content-Type"), assets[i].type);
		http_reply_free(&r);
	}
}

static void test_etag(void)
{
	http_reply r;
	http_request("GET", "/app.js", NULL, &r);
	CU_ASSERT_EQUAL_FATAL(r.status, 200);
	char etag[128], extra[200];
	snprintf(etag, sizeof etag, "%s", http_header(&r, "ETag"));
	http_reply_free(&r);
	snprintf(extra, sizeof extra, "If-None-Match: %s\r\n", etag);
	http_request("GET", "/app.js", extra, &r);
	CU_ASSERT_EQUAL(r.status, 304);
	CU_ASSERT_EQUAL(r.body_len, 0u);
	http_reply_free(&r);
	http_request("GET", "/app.js", "If-None-Match: \"0000\"\r\n", &r);
	CU_ASSERT_EQUAL(r.status, 200);
	http_reply_free(&r);
}

static char *gunzip(const char *in, size_t len, size_t *outlen)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return NULL;
	size_t cap = len * 20 + 1024;
	char *out = malloc(cap);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)cap;
	int rc = inflate(&zs, Z_FINISH);
	*outlen = zs.total_out;
	inflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

static void test_gzip(void)
{
	const char *paths[] = { "/app.js", "/api/graph", "/index.html" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		http_reply plain, gz;
		http_request("GET", paths[i], NULL, &plain);
		http_request("GET", paths[i], "Accept-Encoding: deflate, gzip;q=0.8, br\r\n", &gz);
		CU_ASSERT_EQUAL(plain.status, 200);
		CU_ASSERT_EQUAL(gz.status, 200);
		CU_ASSERT_PTR_NULL(http_header(&plain, "Content-Encoding"));
		CU_ASSERT_STRING_EQUAL(http_header(&gz, "Content-Encoding"), "gzip");
		CU_ASSERT_STRING_EQUAL(http_header(&gz, "Vary"), "Accept-Encoding");
		CU_ASSERT(gz.body_len < plain.body_len);
		size_t n = 0;
		char *un = gunzip(gz.body, gz.body_len, &n);
		CU_ASSERT_PTR_NOT_NULL_FATAL(un);
		CU_ASSERT_EQUAL(n, plain.body_len);
		CU_ASSERT(memcmp(un, plain.body, n) == 0);
		free(un);
		http_reply_free(&plain);
		http_reply_free(&gz);
	}
	http_reply r;
	http_request("GET", "/app.js", "Accept-Encoding: gzip;q=0, identity\r\n", &r);
	CU_ASSERT_PTR_NULL(http_header(&r, "Content-Encoding"));
	http_reply_free(&r);
	http_request("GET", "/app.js", "Accept-Encoding: *\r\n", &r);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Content-Encoding"), "gzip");
	http_reply_free(&r);
}

/* ===================================================== API */

static cJSON *get_json(const char *path, int want_status)
{
	http_reply r;
	http_request("GET", path, NULL, &r);
	CU_ASSERT_EQUAL(r.status, want_status);
	if (r.status != want_status)
		fprintf(stderr, "%s: status %d\n", path, r.status);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Content-Type"), "application/json");
	cJSON *j = cJSON_Parse(r.body);
	CU_ASSERT_PTR_NOT_NULL(j);
	http_reply_free(&r);
	return j;
}

static void test_api(void)
{
	cJSON *j = get_json("/api/summary", 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "version")->valueint, PV_API_VERSION);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "functions")->valueint, (int)pv_profile_nfuncs(prof));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "edges")->valueint, (int)pv_profile_nedges(prof));
	CU_ASSERT(cJSON_IsArray(cJSON_GetObjectItem(j, "roots")));
	CU_ASSERT(cJSON_IsArray(cJSON_GetObjectItem(j, "files")));
	CU_ASSERT(cJSON_IsNumber(cJSON_GetObjectItem(j, "total_tt")));
	CU_ASSERT(cJSON_IsNumber(cJSON_GetObjectItem(j, "total_calls")));
	cJSON_Delete(j);

	j = get_json("/api/functions", 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	cJSON *fns = cJSON_GetObjectItem(j, "functions");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(fns), (int)pv_profile_nfuncs(prof));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "columns")), 6);
	cJSON *f0 = cJSON_GetArrayItem(fns, 0);
	const char *keys[] = { "id", "label", "file", "line", "name", "nc", "cc", "tt", "ct", "text" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItem(f0, keys[i]));
	cJSON_Delete(j);

	j = get_json("/api/graph", 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "functions"), "count")->valueint,
			(int)pv_profile_nkeys(prof));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "edges"), "caller")),
			(int)pv_profile_nedges(prof));
	CU_ASSERT(cJSON_IsObject(cJSON_GetObjectItem(j, "summary")));
	CU_ASSERT(cJSON_IsArray(cJSON_GetObjectItem(j, "files")));
	cJSON_Delete(j);

	long exec = pv_profile_find(prof, "~", 0, "<built-in method builtins.exec>");
	CU_ASSERT_FATAL(exec >= 0);
	char path[64];
	snprintf(path, sizeof path, "/api/function?id=%ld", exec);
	j = get_json(path, 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	const pv_func *f = &pv_profile_funcs(prof)[exec];
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "id")->valueint, (int)exec);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "label")->valuestring,
			       "{built-in method builtins.exec}");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "callers")), (int)f->ncallers);
	const uint32_t *cs;
	CU_ASSERT_PTR_NOT_NULL_FATAL(pv_profile_callee_index(prof, &cs));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(j, "callees")),
			(int)(cs[exec + 1] - cs[exec]));
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "ct")->valuedouble, f->ct);
	cJSON_Delete(j);

	/* bad ids: 400; unknown ids: 404 */
	const char *bad[] = { "/api/function", "/api/function?id=", "/api/function?id=abc",
			      "/api/function?id=-1", "/api/function?id=1x", "/api/function?id=%20",
			      "/api/function?id=99999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cJSON_Delete(get_json(bad[i], 400));
	cJSON_Delete(get_json("/api/function?id=999999", 404));
}

/* GET /api/tree: built per request; bad keys are a one-line 400 */
static void test_tree(void)
{
	cJSON *j = get_json("/api/tree", 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "version")->valueint, 1);
	cJSON *nodes = cJSON_GetObjectItem(j, "nodes");
	int n = cJSON_GetObjectItem(nodes, "count")->valueint;
	CU_ASSERT(n >= 1 && n <= PV_API_TREE_NODES_DEFAULT);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(nodes, "time")), n);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(nodes, "parent")), n);
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(j, "root_time")->valuedouble,
			cJSON_GetArrayItem(cJSON_GetObjectItem(nodes, "time"), 0)->valuedouble);
	cJSON_Delete(j);

	j = get_json("/api/tree?nodes=50&cutoff=0.01&depth=8", 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	n = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "nodes"), "count")->valueint;
	CU_ASSERT(n >= 1 && n <= 50);
	cJSON_Delete(j);

	/* focus: one child of the root, the function with its cumtime */
	long exec = pv_profile_find(prof, "~", 0, "<built-in method builtins.exec>");
	CU_ASSERT_FATAL(exec >= 0);
	char path[80];
	snprintf(path, sizeof path, "/api/tree?focus=%ld&nodes=100", exec);
	j = get_json(path, 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	nodes = cJSON_GetObjectItem(j, "nodes");
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(nodes, "func"), 1)->valueint, (int)exec);
	CU_ASSERT_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(nodes, "time"), 1)->valuedouble,
			pv_profile_funcs(prof)[exec].ct);
	cJSON_Delete(j);

	/* the same request twice: the same answer (built, not kept) */
	http_reply a, b;
	http_request("GET", "/api/tree?nodes=300", NULL, &a);
	http_request("GET", "/api/tree?nodes=300", NULL, &b);
	CU_ASSERT_EQUAL(a.status, 200);
	CU_ASSERT_EQUAL(a.body_len, b.body_len);
	CU_ASSERT(a.body_len == b.body_len && memcmp(a.body, b.body, a.body_len) == 0);
	http_reply_free(&a);
	http_reply_free(&b);

	const char *bad[] = { "/api/tree?nodes=abc", "/api/tree?cutoff=2", "/api/tree?focus=999999999",
			      "/api/tree?nodes=200001", "/api/tree?nodes=0", "/api/tree?depth=0",
			      "/api/tree?cutoff=nan", "/api/tree?focus=-1", "/api/tree?nodes=",
			      "/api/tree?cutoff=%20.5", "/api/tree?focus=1&nodes=99999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_reply r;
		http_request("GET", bad[i], NULL, &r);
		CU_ASSERT_EQUAL(r.status, 400);
		if (r.status != 400)
			fprintf(stderr, "%s: status %d\n", bad[i], r.status);
		CU_ASSERT_STRING_EQUAL(http_header(&r, "Content-Type"), "application/json");
		/* one line, an "error" and nothing of the request */
		cJSON *e = cJSON_Parse(r.body);
		CU_ASSERT(cJSON_IsString(cJSON_GetObjectItem(e, "error")));
		cJSON_Delete(e);
		CU_ASSERT_PTR_NULL(memchr(r.body, '\n', r.body_len ? r.body_len - 1 : 0));
		CU_ASSERT_PTR_NULL(strstr(r.body, "abc"));
		CU_ASSERT_PTR_NULL(strstr(r.body, "999"));
		http_reply_free(&r);
	}
}

/* ===================================================== refusals */

static void expect(const char *req, int lo, int hi, const char *what)
{
	http_reply r;
	http_raw(req, strlen(req), &r);
	CU_ASSERT(r.status >= lo && r.status <= hi);
	if (!(r.status >= lo && r.status <= hi))
		fprintf(stderr, "%s: status %d\n", what, r.status);
	/* never a file's content, never an echo of the request */
	CU_ASSERT_PTR_NULL(strstr(r.raw, "root:"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "passwd"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "evil"));
	http_reply_free(&r);
}

static void test_host_check(void)
{
	char req[512];
	const char *hosts[] = { "evil.example", "evil.example:{p}", "127.0.0.1", "127.0.0.1:1",
				"localhost.evil.example:{p}", "127.0.0.1:{p}.evil", "[::1]:1",
				"127.0.0.1:{p}:{p}", "", "127.0.0.1: {p}", "127.0.0.2:{p}" };
	for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		char h[128];
		http_subst(hosts[i], h, sizeof h);
		snprintf(req, sizeof req, "GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", h);
		expect(req, 400, 403, h);
	}
	/* HTTP/1.0 without Host: refused too */
	expect("GET / HTTP/1.0\r\n\r\n", 400, 403, "no host");
	/* the names of this server are fine, in any case */
	const char *ok[] = { "127.0.0.1:{p}", "localhost:{p}", "LOCALHOST:{p}", "[::1]:{p}" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char h[128];
		http_reply r;
		http_subst(ok[i], h, sizeof h);
		snprintf(req, sizeof req, "GET /api/summary HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", h);
		http_raw(req, strlen(req), &r);
		CU_ASSERT_EQUAL(r.status, 200);
		http_reply_free(&r);
	}
}

static void test_traversal(void)
{
	const char *paths[] = {
		"/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
		"/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/etc/passwd", "//etc/passwd",
		"/index.html/../../../etc/passwd", "/api/../../../../etc/passwd",
		"/static/../../etc/passwd", "/..\\..\\etc\\passwd", "/%252e%252e/etc/passwd",
		"/%c0%ae%c0%ae/etc/passwd", "/index.html%00.txt", "/./app.js/..", "/web/app.js",
		"/api/graph/../../../etc/passwd", "/.git/config", "/proc/self/environ",
		"/api/summary/", "/API/summary", "/index.html?../../etc/passwd#x",
	};
	char req[512];
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		http_reply r;
		http_request("GET", paths[i], NULL, &r);
		/* the query string one is simply index.html: still no file */
		if (strncmp(paths[i], "/index.html?", 12) == 0)
			CU_ASSERT_EQUAL(r.status, 200)
		else
			CU_ASSERT(r.status == 404 || r.status == 400);
		if (r.status != 404 && r.status != 400 && strncmp(paths[i], "/index.html?", 12))
			fprintf(stderr, "%s: status %d\n", paths[i], r.status);
		CU_ASSERT_PTR_NULL(strstr(r.raw, "root:"));
		CU_ASSERT_PTR_NULL(strstr(r.raw, "[core]"));
		CU_ASSERT_PTR_NULL(strstr(r.raw, "PATH="));
		http_reply_free(&r);
	}
	/* an absolute-form request target names a host: refused or not found */
	snprintf(req, sizeof req, "GET http://evil.example/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
		 "Connection: close\r\n\r\n", http_port);
	expect(req, 400, 404, "absolute form");
}

/* The header `name` of `r` is exactly `want`. */
static void header_is(const http_reply *r, const char *name, const char *want)
{
	const char *v = http_header(r, name);
	CU_ASSERT(v && strcmp(v, want) == 0);
	if (!v || strcmp(v, want) != 0)
		fprintf(stderr, "%s: %s, want %s\n", name, v ? v : "(none)", want);
}

/*
 * A method the server does not have, on a path it has: 405 Method Not
 * Allowed with the methods it does have in Allow (RFC 9110 15.5.6), a
 * fixed JSON body that says no more than that, and the connection closed
 * (the refusal comes before any body is read).
 */
static void check_405(const http_reply *r, const char *what)
{
	CU_ASSERT_EQUAL(r->status, 405);
	if (r->status != 405)
		fprintf(stderr, "%s: status %d\n", what, r->status);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->raw, "HTTP/1.1 405 Method Not Allowed\r\n"));
	header_is(r, "Allow", "GET, HEAD, OPTIONS");
	header_is(r, "Content-Type", "application/json");
	header_is(r, "Cache-Control", "no-store");
	header_is(r, "Connection", "close");
	header_is(r, "X-Content-Type-Options", "nosniff");
	CU_ASSERT_PTR_NULL(http_header(r, "Server"));
	CU_ASSERT_PTR_NULL(http_header(r, "Access-Control-Allow-Origin"));
	CU_ASSERT_STRING_EQUAL(r->body, "{\"error\":\"method not allowed\"}\n");
	CU_ASSERT_EQUAL(http_count_replies(r), 1);
}

static void test_methods(void)
{
	http_reply r;
	const char *bad[] = { "POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "FOO" };
	const char *paths[] = { "/", "/api/summary", "/app.js" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
			http_request(bad[i], paths[k], NULL, &r);
			check_405(&r, bad[i]);
			http_reply_free(&r);
		}
	/* a POST with a body: refused the same way, the body neither read
	 * nor echoed, and not taken for a second request */
	char req[512];
	snprintf(req, sizeof req, "POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n"
		 "Content-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\":\"b\"}", http_port);
	http_raw(req, strlen(req), &r);
	check_405(&r, "post with body");
	CU_ASSERT_PTR_NULL(strstr(r.raw, "\"a\""));
	http_reply_free(&r);

	http_request("OPTIONS", "/", NULL, &r);
	CU_ASSERT_EQUAL(r.status, 204);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Allow"), "GET, HEAD, OPTIONS");
	CU_ASSERT_PTR_NULL(http_header(&r, "Access-Control-Allow-Origin"));
	http_reply_free(&r);

	http_reply get;
	http_request("GET", "/app.js", NULL, &get);
	http_request("HEAD", "/app.js", NULL, &r);
	CU_ASSERT_EQUAL(r.status, 200);
	CU_ASSERT_EQUAL(r.body_len, 0u);
	char *cl = http_header(&r, "Content-Length");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cl);
	CU_ASSERT_EQUAL(strtoul(cl, NULL, 10), get.body_len);
	http_reply_free(&r);
	http_reply_free(&get);
}

static void test_bad_requests(void)
{
	char req[512];
	/* oversized headers */
	size_t big = 100 * 1024;
	char *huge = malloc(big + 512);
	int n = snprintf(huge, 512, "GET / HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nX-Big: ", http_port);
	memset(huge + n, 'a', big);
	strcpy(huge + n + big, "\r\nConnection: close\r\n\r\n");
	http_reply r;
	http_raw(huge, strlen(huge), &r);
	CU_ASSERT(r.status >= 400 && r.status < 500);
	if (!(r.status >= 400 && r.status < 500))
		fprintf(stderr, "oversized: %d\n", r.status);
	http_reply_free(&r);
	/* a long URL */
	n = snprintf(huge, 512, "GET /");
	memset(huge + n, 'b', big);
	snprintf(huge + n + big, 512, " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n", http_port);
	http_raw(huge, strlen(huge), &r);
	CU_ASSERT(r.status >= 400 && r.status < 500);
	http_reply_free(&r);
	free(huge);
	/* garbage: libmicrohttpd 0.9.75 closes without a word when it cannot
	 * even parse the request line; either that or a 4xx is right */
	const char *junk[] = { "GARBAGE\r\n\r\n", "GET\r\n\r\n", "\x01\x02\x03 / HTTP/1.1\r\n\r\n" };
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		http_raw(junk[i], strlen(junk[i]), &r);
		CU_ASSERT(r.status == -1 || (r.status >= 400 && r.status < 500));
		CU_ASSERT(r.status != -1 || r.len == 0);
		http_reply_free(&r);
	}
	snprintf(req, sizeof req, "GET / HTTP/9.9\r\nHost: 127.0.0.1:%u\r\n\r\n", http_port);
	expect(req, 400, 505, "version");
	snprintf(req, sizeof req, "GET /<script>alert(1)</script> HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
		 "Connection: close\r\n\r\n", http_port);
	http_reply e;
	http_raw(req, strlen(req), &e);
	CU_ASSERT(e.status == 404 || e.status == 400);
	CU_ASSERT_PTR_NULL(strstr(e.body, "script"));
	http_reply_free(&e);
	/* a 404 says nothing about the server's files or version */
	http_request("GET", "/nope", NULL, &e);
	CU_ASSERT_EQUAL(e.status, 404);
	CU_ASSERT_STRING_EQUAL(e.body, "{\"error\":\"not found\"}\n");
	http_reply_free(&e);
}

/* Two requests on one connection: the two-phase handler keeps it alive. */
static void test_keep_alive(void)
{
	http_reply r;
	http_raw_subst("GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n"
		       "GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		       &r);
	int answers = 0;
	for (const char *s = r.raw; (s = strstr(s, "HTTP/1.1 200")); s++)
		answers++;
	CU_ASSERT_EQUAL(answers, 2);
	http_reply_free(&r);
}

static void test_port_taken(void)
{
	pv_error err;
	pv_server_config cfg = { "127.0.0.1", http_port, 0, 0, NULL, NULL, NULL, 0,
				 PV_DIFF_MATCH_EXACT };
	pv_server *two = pv_server_start(prof, &cfg, &err);
	CU_ASSERT_PTR_NULL(two);
	if (two)
		pv_server_stop(two);
	else
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "already in use"));
	cfg.host = "no-such-host.invalid";
	cfg.port = 0;
	two = pv_server_start(prof, &cfg, &err);
	CU_ASSERT_PTR_NULL(two);
	if (two)
		pv_server_stop(two);
	else
		CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no-such-host.invalid"));
}

/* An idle connection is closed by the server's timeout. */
static void test_idle_timeout(void)
{
	double dt = http_time_to_close(prof, 1, NULL);
	CU_ASSERT(dt >= 0 && dt < 6);
}

/* ===================================================== diff mode */

/* GET `path` from the server on `port`, parsed; NULL unless 200 and JSON. */
static cJSON *get_json_from(unsigned port, const char *path)
{
	unsigned keep = http_port;
	http_reply r;
	http_port = port;
	http_request("GET", path, NULL, &r);
	http_port = keep;
	cJSON *j = r.status == 200 && r.body ? cJSON_Parse(r.body) : NULL;
	http_reply_free(&r);
	return j;
}

static double jnum(const cJSON *o, const char *a, const char *b)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
	if (b)
		x = cJSON_GetObjectItemCaseSensitive(x, b);
	return cJSON_IsNumber(x) ? x->valuedouble : (double)NAN;
}

/* The id of (file, name) in p, or UINT32_MAX. */
static uint32_t find_func(const pv_profile *p, const char *file, const char *name)
{
	const pv_func *fn = pv_profile_funcs(p);
	for (size_t i = 0; i < pv_profile_nfuncs(p); i++) {
		size_t fl = 0, nl = 0;
		const char *f = pv_profile_string(p, fn[i].file, &fl);
		const char *n = pv_profile_string(p, fn[i].name, &nl);
		if (f && n && fl == strlen(file) && nl == strlen(name) && !memcmp(f, file, fl) &&
		    !memcmp(n, name, nl))
			return (uint32_t)i;
	}
	return UINT32_MAX;
}

/* A profile against itself: every function of it, all deltas zero. */
static void test_diff_self(void)
{
	pv_error err;
	pv_server_config cfg = { "127.0.0.1", 0, 16, 5, NULL, NULL, NULL, 0,
				 PV_DIFF_MATCH_EXACT };
	pv_server *s = pv_server_start_diff(prof, "self.pstats", prof, &cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	cJSON *sum = get_json_from(pv_server_port(s), "/api/summary");
	cJSON *d = get_json_from(pv_server_port(s), "/api/diff");
	CU_ASSERT_PTR_NOT_NULL(sum);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const cJSON *sd = cJSON_GetObjectItemCaseSensitive(sum, "diff");
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(sd, "base")),
			       "self.pstats");
	CU_ASSERT_EQUAL(jnum(sd, "total_tt_delta", NULL), 0);
	CU_ASSERT_EQUAL(jnum(sd, "only_base", NULL), 0);
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(d, "functions");
	CU_ASSERT_EQUAL((size_t)cJSON_GetArraySize(fs), pv_profile_nfuncs(prof));
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "base_only")), 0);
	int k = 0, bad = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, fs) {
		if (jnum(f, "id", NULL) != k++ || jnum(f, "delta", "nc") != 0 ||
		    jnum(f, "delta", "tt") != 0 || jnum(f, "delta", "ct") != 0 ||
		    strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "status")), "both") ||
		    jnum(f, "base", "ct") != jnum(f, "new", "ct"))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	cJSON_Delete(sum);
	cJSON_Delete(d);
	pv_server_stop(s);
	/* not in diff mode: no /api/diff */
	http_reply r;
	http_request("GET", "/api/diff", NULL, &r);
	CU_ASSERT_EQUAL(r.status, 404);
	http_reply_free(&r);
}

/* py36 -> py311 of one workload: isinstance's deltas as pstats reads them. */
static void test_diff_pair(void)
{
	pv_profile *base = pv_test_load("serve", "py36_ut_json.pstats");
	CU_ASSERT_PTR_NOT_NULL_FATAL(base);
	pv_error err;
	pv_server_config cfg = { "127.0.0.1", 0, 16, 5, NULL, NULL, NULL, 0,
				 PV_DIFF_MATCH_EXACT };
	pv_server *s = pv_server_start_diff(base, "py36_ut_json.pstats", prof, &cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	cJSON *d = get_json_from(pv_server_port(s), "/api/diff");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	uint32_t id = find_func(prof, "~", "<built-in method builtins.isinstance>");
	CU_ASSERT_FATAL(id != UINT32_MAX);
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(d, "functions");
	CU_ASSERT_EQUAL((size_t)cJSON_GetArraySize(fs), pv_profile_nfuncs(prof));
	const cJSON *f = cJSON_GetArrayItem(fs, (int)id);
	CU_ASSERT_EQUAL(jnum(f, "id", NULL), id);
	CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "status")), "both");
	/* python3 pstats: (471882, 0.84399, 0.84399) -> (455685, 0.029506997, 0.029612698) */
	CU_ASSERT_EQUAL(jnum(f, "base", "nc"), 471882);
	CU_ASSERT_EQUAL(jnum(f, "delta", "nc"), -16197);
	CU_ASSERT_DOUBLE_EQUAL(jnum(f, "delta", "tt"), 0.029506997 - 0.84399, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(jnum(f, "delta", "ct"), -0.814377302, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(jnum(f, "pct", "ct"), -0.814377302 / 0.84399 * 100, 1e-6);
	/* functions only in BASE are listed apart, with BASE's ids */
	const cJSON *bo = cJSON_GetObjectItemCaseSensitive(d, "base_only");
	CU_ASSERT(cJSON_GetArraySize(bo) > 0);
	const cJSON *g = cJSON_GetArrayItem(bo, 0);
	CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(g, "new")));
	CU_ASSERT(jnum(g, "base_id", NULL) < (double)pv_profile_nfuncs(base));
	CU_ASSERT(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(g, "label")));
	CU_ASSERT_EQUAL(jnum(g, "delta", "ct"), -jnum(g, "base", "ct"));
	cJSON_Delete(d);
	pv_server_stop(s);
	pv_profile_free(base);
}

static void test_url(void)
{
	char want[64];
	snprintf(want, sizeof want, "http://127.0.0.1:%u/", http_port);
	CU_ASSERT_STRING_EQUAL(pv_server_url(srv), want);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "url", test_url },
		{ "index and assets", test_index },
		{ "etag", test_etag },
		{ "gzip", test_gzip },
		{ "api", test_api },
		{ "api: tree", test_tree },
		{ "host check", test_host_check },
		{ "traversal", test_traversal },
		{ "methods", test_methods },
		{ "bad requests", test_bad_requests },
		{ "keep-alive", test_keep_alive },
		{ "port taken", test_port_taken },
		{ "idle timeout", test_idle_timeout },
		{ "diff: a profile against itself", test_diff_self },
		{ "diff: two profiles", test_diff_pair },
		{ NULL, NULL },
	};
	pv_server_config cfg = { "127.0.0.1", 0, 16, 5, NULL, NULL, NULL, 0,
				 PV_DIFF_MATCH_EXACT };
	return http_main("http", tests, &cfg, NULL, &prof, &srv);
}
