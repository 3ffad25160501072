/*
 * test_abuse.c - the viewer's HTTP server (src/serve.c) against hostile
 * and broken clients, over real sockets on 127.0.0.1 only: path traversal
 * in every encoding, absolute-form targets, bad and duplicate Host
 * headers, oversized request lines and headers, malformed percent-escapes,
 * odd methods with and without bodies, a client dribbling a byte a
 * second, a thousand idle connections.  After each case the server must
 * still answer, and whatever it answers 200 to must be one of its
 * embedded assets or an answer built from the profile: nothing else.
 *
 * The server under test runs with the default configuration (limits and
 * timeouts as `pstat-view serve` has them).  Every socket has send and
 * receive timeouts and every loop a fixed count, so nothing can hang; the
 * whole run takes about 15 s.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "http_client.h"
#include "pv/api.h"
#include "pv/assets.h"
#include "pv/buf.h"
#include "pv/profile.h"
#include "pv/serve.h"

#define IDLE_CLIENTS 1000
#define QUICK 2.0 /* seconds: "answered promptly", generous for a shared machine */

static pv_profile *prof;
static pv_server *srv;
static pv_buf api_answer[3]; /* summary, functions, graph */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void pause_until(double t)
{
	double d = t - now();
	if (d > 0) {
		struct timespec ts = { (time_t)d, (long)((d - (double)(time_t)d) * 1e9) };
		nanosleep(&ts, NULL);
	}
}

/* ===================================================== what may be served */

/*
 * 1 if a 200's body is something the server is allowed to send: an
 * embedded asset, byte for byte, or one of the profile's answers.  An
 * empty body (HEAD, 204, 304) is always fine.
 */
static int body_allowed(const http_reply *r)
{
	if (r->body_len == 0)
		return 1;
	for (const pv_asset *a = pv_assets; a->path; a++)
		if (a->size == r->body_len && memcmp(a->data, r->body, a->size) == 0)
			return 1;
	for (size_t i = 0; i < 3; i++)
		if (api_answer[i].len == r->body_len &&
		    memcmp(api_answer[i].data, r->body, r->body_len) == 0)
			return 1;
	/* /api/function?id=N: built per request; its shape is enough */
	return strncmp(r->body, "{\"id\":", 6) == 0 && strstr(r->body, "\"callers\"");
}

/* The checks every answer to a hostile request must pass. */
static void check_safe(const http_reply *r, const char *what)
{
	static const char *const never[] = { "root:", "[core]", "PATH=", "evil", "passwd",
					     "<script", "X-Evil", "Set-Cookie" };
	int ok = 1;
	if (r->status == 200 && !body_allowed(r))
		ok = 0;
	/*
	 * Never a file of the machine, never an echo of the request: in the
	 * headers, and in the body of anything but a 200 (whose body was just
	 * checked to be ours: the page itself has "<script").
	 */
	size_t scan = r->status == 200 ? (size_t)(r->body - r->raw) : r->len;
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++) {
		size_t n = strlen(never[i]);
		for (size_t k = 0; k + n <= scan; k++)
			if (memcmp(r->raw + k, never[i], n) == 0)
				ok = 0;
	}
	CU_ASSERT(ok);
	if (!ok)
		fprintf(stderr, "%s: unexpected answer (status %d):\n%.300s\n", what, r->status,
			r->raw);
}

/* `req` must get a status in [lo, hi] (or, with close_ok, be closed
 * without a word) and pass check_safe. */
static void expect_raw(const char *req, size_t len, int lo, int hi, int close_ok,
		       const char *what)
{
	http_reply r;
	http_raw(req, len, &r);
	int ok = (r.status >= lo && r.status <= hi) || (close_ok && r.status == -1);
	CU_ASSERT(ok);
	if (!ok)
		fprintf(stderr, "%s: status %d, want %d..%d\n", what, r.status, lo, hi);
	check_safe(&r, what);
	http_reply_free(&r);
}

static void expect(const char *req, int lo, int hi, const char *what)
{
	expect_raw(req, strlen(req), lo, hi, 0, what);
}

/*
 * Each of the `n` requests `reqs` ("{p}" for the port) gets exactly one
 * answer, of `status`, with `must` in it (NULL: anything), without `never`
 * (NULL: nothing), no body if a 204, and passes check_safe.
 */
static void expect_each(const char *const reqs[], size_t n, int status, const char *must,
			const char *never, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		http_reply r;
		http_raw_subst(reqs[i], &r);
		int ok = r.status == status && http_count_replies(&r) == 1 &&
			 (!must || strstr(r.raw, must)) && (!never || !strstr(r.raw, never)) &&
			 (status != 204 || r.body_len == 0);
		CU_ASSERT(ok);
		if (!ok)
			fprintf(stderr, "%s %zu: status %d, want %d; %d answers\n%.300s\n", what, i,
				r.status, status, http_count_replies(&r), r.raw);
		check_safe(&r, what);
		http_reply_free(&r);
	}
}

/* The server still answers a plain request, promptly, with the real thing. */
static void check_alive(const char *after)
{
	double t0 = now();
	http_reply r;
	http_request("GET", "/api/summary", NULL, &r);
	double dt = now() - t0;
	int ok = r.status == 200 && r.body_len == api_answer[0].len &&
		 memcmp(r.body, api_answer[0].data, r.body_len) == 0 && dt < QUICK;
	CU_ASSERT(ok);
	if (!ok)
		fprintf(stderr, "after %s: status %d in %.2f s\n", after, r.status, dt);
	http_reply_free(&r);
}

/* The answers the server must give, byte for byte, built beforehand. */
static int build_answers(void)
{
	pv_error err;
	int (*const fn[3])(const pv_profile *, pv_buf *, pv_error *) = {
		pv_api_summary, pv_api_functions, pv_api_graph
	};
	for (size_t i = 0; i < 3; i++) {
		pv_buf b = PV_BUF_INIT;
		api_answer[i] = b;
		if (fn[i](prof, &api_answer[i], &err)) {
			fprintf(stderr, "api: %s\n", err.msg);
			return 1;
		}
	}
	return 0;
}

/* ===================================================== paths */

static void test_traversal(void)
{
	char abs[4200];
	snprintf(abs, sizeof abs, "GET %s HTTP/1.1",
		 pv_test_area_data("serve", "py311_ut_json.pstats"));
	const char *paths[] = {
		/* plain */
		"/../../../../etc/passwd", "/..", "/../", "/.../etc/passwd", "/index.html/../../etc/passwd",
		"/api/../../../etc/passwd", "/./../etc/passwd", "//etc/passwd", "///etc/passwd",
		"/etc/passwd", "/proc/self/environ", "/proc/self/maps", "/.git/config",
		/* percent-encoded dots and slashes, any case */
		"/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/%2E%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
		"/..%2F..%2Fetc%2Fpasswd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/.%2e/.%2e/etc/passwd",
		"/%2f%2fetc%2fpasswd", "/%2fetc/passwd", "/app.js%2f..%2f..%2fetc%2fpasswd",
		/* double-encoded */
		"/%252e%252e/%252e%252e/etc/passwd", "/%252e%252e%252fetc%252fpasswd",
		"/..%252f..%252fetc%252fpasswd", "/%25%32%65%25%32%65/etc/passwd",
		/* backslashes, raw and encoded */
		"/..\\..\\etc\\passwd", "/..%5c..%5cetc%5cpasswd", "/%5c..%5c..%5cetc%5cpasswd",
		"/..%255c..%255cetc%255cpasswd", "/\\\\etc\\passwd",
		/* overlong and odd UTF-8 for '.' and '/' */
		"/%c0%ae%c0%ae/etc/passwd", "/%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
		"/%e0%80%ae%e0%80%ae/etc/passwd", "/%c1%9c..%c1%9cetc", "/%ef%bc%8e%ef%bc%8e/etc/passwd",
		"/%u002e%u002e/etc/passwd", "/..%u2215etc%u2215passwd",
		/* NUL, encoded: kept as "%00" by the server, never a cut */
		"/index.html%00", "/index.html%00.txt", "/app.js%00/../../etc/passwd", "/%00",
		"/%00../../etc/passwd", "/api/summary%00",
		/* near misses of real names */
		"/api/summary/", "/api/summary/..", "/API/summary", "/api/Summary", "/api", "/api/",
		"/api/graph.json", "/index.htm", "/index.html/", "/index.html/.", "/app.js.map",
		"/web/app.js", "/static/app.js", "/favicon.ico", "/robots.txt", "/CMakeLists.txt",
		"/src/serve.c", "/tests/serve/data/py311_ut_json.pstats", "/py311_ut_json.pstats",
		"/;/../etc/passwd", "/app.js;/../../etc/passwd",
	};
	char req[8192];
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n",
			 paths[i], http_port);
		expect(req, 400, 404, paths[i]);
	}
	/* the profile's own path on disk is not a URL either */
	snprintf(req, sizeof req, "%s\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n", abs, http_port);
	expect(req, 400, 404, "the profile's path");

	/* escapes that decode to a real name serve that name, and only it */
	const char *same[] = { "/%61pp.js", "/app%2Ejs", "/%2findex.html", "/index.html?../../etc/passwd",
			       "/?%2e%2e=%2f", "/api/summary?file=/etc/passwd", "/app.js#../../etc/passwd" };
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		http_reply r;
		http_request("GET", same[i], NULL, &r);
		CU_ASSERT(r.status == 200 || r.status == 404 || r.status == 400);
		check_safe(&r, same[i]);
		http_reply_free(&r);
	}

	/*
	 * A raw NUL in the request line: MHD reads the target as a C string,
	 * so "/index.html<NUL>/../../etc/passwd" is "/index.html".  What
	 * matters is that nothing but index.html can come of it.
	 */
	static const char nul_line[] = "GET /index.html\0/../../../etc/passwd HTTP/1.1\r\n";
	char buf[512];
	size_t n = sizeof nul_line - 1;
	memcpy(buf, nul_line, n);
	n += (size_t)snprintf(buf + n, sizeof buf - n, "Host: 127.0.0.1:%u\r\nConnection: close\r\n\r\n",
			      http_port);
	expect_raw(buf, n, 200, 404, 1, "raw NUL in the target");
	check_alive("traversal");
}

static void test_absolute_form(void)
{
	const char *reqs[] = {
		"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
		"GET http://127.0.0.1:{p}/api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET http://127.0.0.1:{p}/api/summary HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
		"GET HTTP://127.0.0.1:{p}/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET https://127.0.0.1:{p}/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET http://127.0.0.1:{p}/../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET file:///etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET * HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"GET 127.0.0.1:{p} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\nConnection: close\r\n\r\n",
		"CONNECT 127.0.0.1:{p} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
	};
	char req[1024];
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		http_subst(reqs[i], req, sizeof req);
		/* 400 (absolute form), 403 (Host), 405 (CONNECT): never served */
		expect(req, 400, 405, req);
	}
	/* a path that merely starts with two slashes is a path, not a host */
	http_subst("GET //evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
	      req, sizeof req);
	expect(req, 404, 404, "//evil.example/");
	check_alive("absolute-form targets");
}

/* ===================================================== Host */

static void test_host(void)
{
	const struct {
		const char *headers; /* between the request line and the blank line */
		int lo, hi;
	} cases[] = {
		{ "", 400, 403 },                                              /* missing */
		{ "Host:\r\n", 400, 403 },                                     /* empty */
		{ "Host:    \r\n", 400, 403 },                                 /* blank */
		{ "Host: 127.0.0.1:{p}\r\nHost: 127.0.0.1:{p}\r\n", 400, 400 }, /* twice */
		{ "Host: 127.0.0.1:{p}\r\nHost: evil.example\r\n", 400, 400 },  /* ours first */
		{ "Host: evil.example\r\nHost: 127.0.0.1:{p}\r\n", 400, 400 },
		{ "Host: 127.0.0.1:{p}\r\nhost: 127.0.0.1:{p}\r\n", 400, 400 }, /* any case */
		{ "Host: evil.example\r\n", 403, 403 },
		{ "Host: evil.example:{p}\r\n", 403, 403 },
		{ "Host: 127.0.0.1.evil.example:{p}\r\n", 403, 403 },
		{ "Host: user@127.0.0.1:{p}\r\n", 403, 403 },
		{ "Host: 127.0.0.1:{p}@evil.example\r\n", 403, 403 },
		{ "Host: localhost.:{p}\r\n", 403, 403 },
		{ "Host: 127.0.0.1:{p}/\r\n", 403, 403 },
		{ "Host: 127.0.0.1:+{p}\r\n", 403, 403 },
		{ "Host: 127.0.0.1:{p}0\r\n", 403, 403 },
		{ "Host: 127.1:{p}\r\n", 403, 403 },
		{ "Host: 2130706433:{p}\r\n", 403, 403 },
		{ "Host: [::ffff:127.0.0.1]:{p}\r\n", 403, 403 },
		{ "Host: [::1:{p}\r\n", 403, 403 },
		{ "Host: ::1:{p}\r\n", 403, 403 },
		{ "Host: 127.0.0.1:%34%30\r\n", 403, 403 },
		{ "Host: evil.example\r\nX-Forwarded-Host: 127.0.0.1:{p}\r\n", 403, 403 },
		{ "X-Host: 127.0.0.1:{p}\r\n", 400, 403 },
		{ "Host : 127.0.0.1:{p}\r\n", 400, 403 },                       /* space before ':' */
	};
	char hdrs[512], req[1024];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_subst(cases[i].headers, hdrs, sizeof hdrs);
		snprintf(req, sizeof req, "GET /api/summary HTTP/1.1\r\n%sConnection: close\r\n\r\n", hdrs);
		expect(req, cases[i].lo, cases[i].hi, cases[i].headers);
	}
	/* HTTP/1.0 needs no Host, but without one it is not known to be ours */
	expect("GET /api/summary HTTP/1.0\r\n\r\n", 400, 403, "HTTP/1.0 without Host");
	/* a Host of 8 KiB: refused, not truncated into a match */
	char *big = malloc(9000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	int n = snprintf(big, 9000, "GET / HTTP/1.1\r\nHost: 127.0.0.1:%u", http_port);
	memset(big + n, '0', 8000);
	strcpy(big + n + 8000, "\r\nConnection: close\r\n\r\n");
	expect(big, 400, 431, "8 KiB Host");
	free(big);
	/*
	 * A NUL inside the value: MHD reads it as a C string, so the check
	 * sees, and the server acts on, the part before the NUL.
	 */
	char nul[256];
	size_t len = (size_t)snprintf(nul, sizeof nul, "GET / HTTP/1.1\r\nHost: evil.example");
	nul[len++] = 0;
	len += (size_t)snprintf(nul + len, sizeof nul - len, "127.0.0.1:%u\r\nConnection: close\r\n\r\n",
				http_port);
	expect_raw(nul, len, 400, 403, 1, "NUL in Host");
	/* the right Host, in any spelling of the header name, is served */
	const char *ok[] = { "HOST: 127.0.0.1:{p}\r\n", "host:127.0.0.1:{p}\r\n",
			     "Host: \t localhost:{p}\r\n", "Host: [::1]:{p}\r\n" };
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		http_reply r;
		http_subst(ok[i], hdrs, sizeof hdrs);
		snprintf(req, sizeof req, "GET /api/summary HTTP/1.1\r\n%sConnection: close\r\n\r\n", hdrs);
		http_raw(req, strlen(req), &r);
		CU_ASSERT_EQUAL(r.status, 200);
		check_safe(&r, ok[i]);
		http_reply_free(&r);
	}
	check_alive("bad Host headers");
}

/* ===================================================== sizes */

static void test_oversized(void)
{
	/* a request line: 8 KiB fits MHD's 32 KiB pool (404), 40 KiB and
	 * 1 MiB do not (414, or a close while we are still sending) */
	const size_t lines[] = { 8 * 1024, 40 * 1024, 1024 * 1024 };
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		size_t big = lines[i];
		char *req = malloc(big + 256);
		CU_ASSERT_PTR_NOT_NULL_FATAL(req);
		int n = snprintf(req, 256, "GET /");
		memset(req + n, 'a', big);
		snprintf(req + n + big, 256, " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n",
			 http_port);
		char what[64];
		snprintf(what, sizeof what, "request line of %zu bytes", big);
		if (big < 16 * 1024)
			expect_raw(req, strlen(req), 404, 404, 0, what);
		else
			expect_raw(req, strlen(req), 414, 414, 1, what);
		free(req);
	}
	/* one huge header, many small ones, one endless header line */
	const struct {
		size_t count, size;
	} hdrs[] = { { 1, 100 * 1024 }, { 5000, 8 }, { 1, 4 * 1024 * 1024 }, { 100, 100 } };
	for (size_t i = 0; i < sizeof hdrs / sizeof hdrs[0]; i++) {
		size_t total = hdrs[i].count * (hdrs[i].size + 32) + 256;
		char *req = malloc(total);
		CU_ASSERT_PTR_NOT_NULL_FATAL(req);
		size_t o = (size_t)snprintf(req, 256, "GET / HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n", http_port);
		for (size_t k = 0; k < hdrs[i].count; k++) {
			o += (size_t)snprintf(req + o, 32, "X-H%zu: ", k);
			memset(req + o, 'v', hdrs[i].size);
			o += hdrs[i].size;
			memcpy(req + o, "\r\n", 2);
			o += 2;
		}
		o += (size_t)snprintf(req + o, 64, "Connection: close\r\n\r\n");
		char what[64];
		snprintf(what, sizeof what, "%zu headers of %zu bytes", hdrs[i].count, hdrs[i].size);
		/* 100 x 100 bytes is 10 KiB: within the limit (about 15 KiB of
	 * request line and headers), an ordinary page */
		if (o < 12 * 1024)
			expect_raw(req, o, 200, 200, 0, what);
		else
			expect_raw(req, o, 431, 431, 1, what);
		free(req);
	}
	check_alive("oversized requests");
}

/* ===================================================== percent-escapes */

static void test_bad_escapes(void)
{
	const char *targets[] = {
		"/%", "/%2", "/%zz", "/%%", "/%%32%65", "/%g0", "/%-1", "/% 2", "/app.js%",
		"/app.js%2", "/%2%2e", "/%%2e%2e", "/%0", "/%0g", "/%ff%fe", "/%80", "/%0d%0aX-Evil:%201",
		"/api/function?id=%", "/api/function?id=%2", "/api/function?id=%zz", "/api/function?id=%%",
		"/api/function?id=1%", "/api/function?id=%31%", "/api/function?%=1", "/api/function?%zz=1",
		"/api/function?id=%&id=1", "/api/function?&&&=&=%", "/api/function?id=%00",
		"/api/function?id=1%000", "/api/function?id=%2b1", "/api/function?id=1%0d%0aSet-Cookie:x",
		"/?%", "/?=", "/?&", "/?%zz",
	};
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		http_reply r;
		http_request("GET", targets[i], NULL, &r);
		/* a bad escape in the path is a name nothing has (404) or a bad
		 * request (400); in /api/function's id, a bad id (400); the
		 * bare "/?..." ones are the index page */
		int ok = r.status == 400 || r.status == 404 ||
			 (strncmp(targets[i], "/?", 2) == 0 && r.status == 200);
		CU_ASSERT(ok);
		if (!ok)
			fprintf(stderr, "%s: status %d\n", targets[i], r.status);
		check_safe(&r, targets[i]);
		/* a decoded CR LF never becomes a header of the answer */
		CU_ASSERT_PTR_NULL(strstr(r.raw, "\r\nX-Evil"));
		CU_ASSERT_PTR_NULL(strstr(r.raw, "\r\nSet-Cookie"));
		http_reply_free(&r);
	}
	check_alive("malformed escapes");
}

/* ===================================================== methods */

static void test_methods(void)
{
	char req[2048];
	http_reply get, r;
	http_request("GET", "/app.js", NULL, &get);
	CU_ASSERT_EQUAL_FATAL(get.status, 200);

	/* HEAD, with and without a body: the GET's headers, no body */
	const char *head_extra[] = { NULL, "Content-Length: 5\r\n\r\nhello" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(req, sizeof req, "HEAD /app.js HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s",
			 http_port, head_extra[i] ? head_extra[i] : "\r\n");
		http_raw(req, strlen(req), &r);
		CU_ASSERT_EQUAL(r.status, 200);
		CU_ASSERT_EQUAL(r.body_len, 0u);
		CU_ASSERT_EQUAL(http_count_replies(&r), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.raw, "Content-Length: "));
		char cl[32];
		snprintf(cl, sizeof cl, "Content-Length: %zu\r\n", get.body_len);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.raw, cl));
		http_reply_free(&r);
	}
	http_reply_free(&get);

	/* OPTIONS, with and without a body, for a path and for "*" */
	const char *options[] = {
		"OPTIONS / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"OPTIONS /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Content-Length: 7\r\n\r\n{\"a\":1}",
		"OPTIONS / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Origin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n",
	};
	expect_each(options, sizeof options / sizeof options[0], 204, "Allow: GET, HEAD, OPTIONS\r\n",
		    "Access-Control-Allow" /* no CORS: a page elsewhere may not read the answers */,
		    "OPTIONS");

	/* anything else: 405, with and without a body, even when the body
	 * is chunked, huge or itself a request */
	const char *refused[] = {
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
		"POST /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Content-Length: 99999999999999\r\n\r\nabc",
		"PUT /index.html HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"PUT /index.html HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Content-Length: 10\r\n\r\n<b>evil</b",
		"DELETE /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		"PATCH / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
		"TRACE / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		/* a refusal closes the connection: a pipelined request after it
		 * is not answered */
		"POST / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 0\r\n\r\n"
		"GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
	};
	expect_each(refused, sizeof refused / sizeof refused[0], 405, "Allow: GET, HEAD, OPTIONS\r\n",
		    NULL, "refused method");
	/* a lowercase or made-up method is not GET */
	http_subst("get / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n", req, sizeof req);
	expect_raw(req, strlen(req), 400, 501, 1, "lowercase get");

	/* a GET with a body: the body is read and dropped, never taken for a
	 * second request (one answer only), with a length or chunked */
	const char *get_body[] = {
		"GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Content-Length: 37\r\n\r\nGET /etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n"
		"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
	};
	expect_each(get_body, sizeof get_body / sizeof get_body[0], 200, NULL, NULL,
		    "GET with a body");
	/*
	 * Both Content-Length and chunked (a smuggling classic): RFC 9112
	 * 6.1 lets a server refuse it or go by the chunks alone; MHD goes by
	 * the chunks, so the request after "0" is a pipelined one (a 404).
	 * Either way no more than the two answers, and none of them a file.
	 */
	http_subst("GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 4\r\n"
	      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /etc/passwd HTTP/1.1\r\n"
	      "Host: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n", req, sizeof req);
	http_raw(req, strlen(req), &r);
	CU_ASSERT(r.status == -1 || r.status == 200 || r.status == 400);
	CU_ASSERT(http_count_replies(&r) <= 2);
	CU_ASSERT_PTR_NULL(strstr(r.raw, "root:"));
	http_reply_free(&r);
	check_alive("odd methods");
}

/* ===================================================== slow and idle clients */

/* GET `path`: a 200 that passes check_safe; *worst is raised to the
 * seconds it took. */
static void timed_get(const char *path, const char *what, double *worst)
{
	double a = now();
	http_reply r;
	http_request("GET", path, NULL, &r);
	double dt = now() - a;
	CU_ASSERT_EQUAL(r.status, 200);
	check_safe(&r, what);
	http_reply_free(&r);
	if (dt > *worst)
		*worst = dt;
}

/*
 * Clients that dribble a request a byte a second must not hold anyone
 * else up: while SLOW of them are at it, plain requests are answered
 * promptly; and each slow one, being active, is answered in the end.
 */
static void test_slow_clients(void)
{
	enum { SLOW = 20, SECONDS = 5 };
	char req[256];
	int len = snprintf(req, sizeof req, "GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
			   "Connection: close\r\n\r\n", http_port);
	CU_ASSERT_FATAL(len > SECONDS);
	int fd[SLOW];
	for (int i = 0; i < SLOW; i++) {
		fd[i] = http_connect(http_port, 5);
		CU_ASSERT_FATAL(fd[i] >= 0);
	}
	double t0 = now(), worst = 0;
	for (int s = 0; s < SECONDS; s++) {
		for (int i = 0; i < SLOW; i++)
			CU_ASSERT_EQUAL(send(fd[i], req + s, 1, MSG_NOSIGNAL), 1);
		for (int k = 0; k < 3; k++)
			timed_get(k == 0 ? "/" : k == 1 ? "/api/graph" : "/api/summary",
				  "while clients dribble", &worst);
		pause_until(t0 + s + 1);
	}
	CU_ASSERT(worst < QUICK);
	if (worst >= QUICK)
		fprintf(stderr, "slow clients: a plain request took %.2f s\n", worst);
	/* the dribblers finish their requests and get the real answer */
	for (int i = 0; i < SLOW; i++) {
		http_send_all(fd[i], req + SECONDS, (size_t)len - SECONDS);
		http_reply r;
		http_read_reply(fd[i], &r);
		CU_ASSERT_EQUAL(r.status, 200);
		CU_ASSERT(r.body_len == api_answer[0].len);
		http_reply_free(&r);
		close(fd[i]);
	}
}

/* A client that stops mid-request is closed by the idle timeout. */
static void test_stalled_client(void)
{
	double dt = http_time_to_close(prof, 1, "GET /api/summ");
	CU_ASSERT(dt >= 0 && dt < 4);
}

/*
 * A thousand idle connections (some silent, some halfway through a
 * request, some after a finished one kept alive) must not keep a new
 * client waiting: MHD queues clients beyond its connection limit in the
 * kernel's backlog until an idle one times out (docs/c_stack.md 1.4).
 */
static void test_idle_connections(void)
{
	/* our end and the server's end of each connection share this
	 * process's descriptors; pv_server_start() raised the limit */
	struct rlimit rl;
	int want = IDLE_CLIENTS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)(2 * want + 200)) {
		want = (int)((rl.rlim_cur - 200) / 2);
		fprintf(stderr, "idle connections: open-file limit %llu, testing %d\n",
			(unsigned long long)rl.rlim_cur, want);
	}
	int *fd = calloc((size_t)want, sizeof *fd);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fd);
	char keep[256];
	int klen = snprintf(keep, sizeof keep, "GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
			    http_port);
	int open_n = 0;
	double t0 = now();
	for (; open_n < want && now() - t0 < 20; open_n++) {
		fd[open_n] = http_connect(http_port, 2);
		if (fd[open_n] < 0)
			break;
		if (open_n % 3 == 1)
			http_send_all(fd[open_n], "GET /api/graph HTTP/1.1\r\nHo", 27);
		else if (open_n % 3 == 2)
			http_send_all(fd[open_n], keep, (size_t)klen);
	}
	double opened = now() - t0;
	CU_ASSERT_EQUAL(open_n, want);
	if (open_n != want)
		fprintf(stderr, "idle connections: only %d of %d connected in %.1f s\n", open_n, want,
			opened);
	double worst = 0;
	for (int k = 0; k < 10; k++)
		timed_get(k % 2 ? "/api/summary" : "/", "with idle connections", &worst);
	CU_ASSERT(worst < QUICK);
	if (worst >= QUICK)
		fprintf(stderr, "with %d idle connections a request took %.2f s\n", open_n, worst);
	/* the idle ones are still there: the server did not shed them */
	int alive = 0;
	for (int i = 0; i < open_n; i += 3) {
		char c;
		if (recv(fd[i], &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN)
			alive++;
	}
	CU_ASSERT(alive > open_n / 3 - 2);
	for (int i = 0; i < open_n; i++)
		close(fd[i]);
	free(fd);
	check_alive("a thousand idle connections");
}

/* ===================================================== afterwards */

/* After all of it, every resource is served as before, with keep-alive. */
static void test_still_normal(void)
{
	for (const pv_asset *a = pv_assets; a->path; a++) {
		http_reply r;
		http_request("GET", a->path, NULL, &r);
		CU_ASSERT_EQUAL(r.status, 200);
		CU_ASSERT(r.body_len == a->size && memcmp(r.body, a->data, a->size) == 0);
		http_reply_free(&r);
	}
	const char *api[] = { "/api/summary", "/api/functions", "/api/graph" };
	for (size_t i = 0; i < 3; i++) {
		http_reply r;
		http_request("GET", api[i], NULL, &r);
		CU_ASSERT_EQUAL(r.status, 200);
		CU_ASSERT(r.body_len == api_answer[i].len &&
			  memcmp(r.body, api_answer[i].data, r.body_len) == 0);
		http_reply_free(&r);
	}
	/* two requests on one connection */
	http_reply r;
	http_raw_subst("GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\n\r\n"
		       "GET /api/function?id=0 HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n",
		       &r);
	CU_ASSERT_EQUAL(http_count_replies(&r), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.raw, "{\"id\":0"));
	http_reply_free(&r);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "traversal", test_traversal },
		{ "absolute form", test_absolute_form },
		{ "host", test_host },
		{ "oversized", test_oversized },
		{ "bad escapes", test_bad_escapes },
		{ "methods", test_methods },
		{ "slow clients", test_slow_clients },
		{ "stalled client", test_stalled_client },
		{ "idle connections", test_idle_connections },
		{ "still normal", test_still_normal },
		{ NULL, NULL },
	};
	/* the defaults, as `pstat-view serve` runs */
	pv_server_config cfg = { "127.0.0.1", 0, 0, 0, NULL, NULL, NULL, 0, PV_DIFF_MATCH_EXACT };
	int rc = http_main("http abuse", tests, &cfg, build_answers, &prof, &srv);
	for (size_t i = 0; i < 3; i++)
		pv_buf_release(&api_answer[i]);
	return rc;
}
