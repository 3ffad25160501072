/*
 * test_token.c - the server's access token (pv/serve.h, "Token"): a server
 * bound to 0.0.0.0 wants the token it made; the first visit with it in the
 * query is redirected with a cookie; the cookie and the Authorization
 * header let requests in; everything else is 403.  Loopback servers have
 * none unless one is given.  The client talks to 127.0.0.1, which a
 * wildcard server accepts as a Host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "http_client.h"
#include "pv/profile.h"
#include "pv/serve.h"

static pv_profile *prof;

/* A server on `host` with `token` / `no_token`; sets http_port. */
static pv_server *start_on(const char *host, const char *token, int no_token)
{
	pv_server_config cfg = { host, 0, 16, 5, NULL, NULL, token, no_token,
				 PV_DIFF_MATCH_EXACT };
	pv_error err;
	pv_server *s = pv_server_start(prof, &cfg, &err);
	if (!s)
		fprintf(stderr, "start on %s: %s\n", host, err.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	http_port = pv_server_port(s);
	return s;
}

/* The status of `GET target` with `extra` headers. */
static int status_of(const char *method, const char *target, const char *extra)
{
	http_reply r;
	http_request(method, target, extra, &r);
	int st = r.status;
	http_reply_free(&r);
	return st;
}

static int is_hex(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

static void test_wildcard_makes_a_token(void)
{
	pv_server *s = start_on("0.0.0.0", NULL, 0);
	const char *tok = pv_server_token(s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
	CU_ASSERT(is_hex(tok, 64));
	CU_ASSERT_EQUAL(pv_server_loopback(s), 0);
	char want[256];
	snprintf(want, sizeof want, "http://127.0.0.1:%u/?token=%s", http_port, tok);
	CU_ASSERT_STRING_EQUAL(pv_server_url(s), want);
	/* another server, another token */
	char first[80];
	snprintf(first, sizeof first, "%s", tok);
	pv_server *t = start_on("0.0.0.0", NULL, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pv_server_token(t));
	CU_ASSERT_STRING_NOT_EQUAL(pv_server_token(t), first);
	pv_server_stop(t);
	pv_server_stop(s);
}

static void test_no_token_is_403(void)
{
	pv_server *s = start_on("0.0.0.0", NULL, 0);
	const char *paths[] = { "/", "/index.html", "/app.js", "/api/summary", "/api/graph",
				"/api/function?id=0", "/nosuch" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		http_reply r;
		http_request("GET", paths[i], NULL, &r);
		CU_ASSERT_EQUAL(r.status, 403);
		/* a fixed body: nothing of the request, the token or the machine */
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "forbidden"));
		CU_ASSERT_PTR_NULL(strstr(r.raw, pv_server_token(s)));
		CU_ASSERT_PTR_NULL(strstr(r.body, "py311"));
		CU_ASSERT_PTR_NULL(http_header(&r, "Set-Cookie"));
		http_reply_free(&r);
	}
	CU_ASSERT_EQUAL(status_of("HEAD", "/", NULL), 403);
	CU_ASSERT_EQUAL(status_of("OPTIONS", "/", NULL), 403);
	CU_ASSERT_EQUAL(status_of("POST", "/", NULL), 403);
	pv_server_stop(s);
}

static void test_wrong_tokens(void)
{
	pv_server *s = start_on("0.0.0.0", NULL, 0);
	const char *tok = pv_server_token(s);
	char t[512], h[512];
	/* the token less its last character, plus one, another of the same length */
	snprintf(t, sizeof t, "/?token=%.63s", tok);
	CU_ASSERT_EQUAL(status_of("GET", t, NULL), 403);
	snprintf(t, sizeof t, "/?token=%s0", tok);
	CU_ASSERT_EQUAL(status_of("GET", t, NULL), 403);
	snprintf(t, sizeof t, "/?token=%.63s%c", tok, tok[63] == '0' ? '1' : '0');
	CU_ASSERT_EQUAL(status_of("GET", t, NULL), 403);
	CU_ASSERT_EQUAL(status_of("GET", "/?token=", NULL), 403);
	CU_ASSERT_EQUAL(status_of("GET", "/?token", NULL), 403);
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary?token=abc", NULL), 403);
	/* a wrong cookie, the right token under another port's cookie name */
	snprintf(h, sizeof h, "Cookie: pstat_view_token_%u=%.63sx\r\n", http_port, tok);
	CU_ASSERT_EQUAL(status_of("GET", "/", h), 403);
	snprintf(h, sizeof h, "Cookie: pstat_view_token_%u=%s\r\n", http_port + 1, tok);
	CU_ASSERT_EQUAL(status_of("GET", "/", h), 403);
	snprintf(h, sizeof h, "Authorization: Bearer %s\r\n", tok);
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary", h), 403);
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary", "Authorization: token nope\r\n"), 403);
	pv_server_stop(s);
}

static void test_query_redirects_with_cookie(void)
{
	pv_server *s = start_on("0.0.0.0", NULL, 0);
	const char *tok = pv_server_token(s);
	char t[512], want[512];
	http_reply r;
	snprintf(t, sizeof t, "/?token=%s", tok);
	http_request("GET", t, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 303);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Location"), "/");
	snprintf(want, sizeof want, "pstat_view_token_%u=%s; Path=/; HttpOnly; SameSite=Strict",
		 http_port, tok);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Set-Cookie"), want);
	http_reply_free(&r);
	/* a page keeps its path; HEAD too */
	snprintf(t, sizeof t, "/app.js?token=%s", tok);
	http_request("HEAD", t, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 303);
	CU_ASSERT_STRING_EQUAL(http_header(&r, "Location"), "/app.js");
	http_reply_free(&r);
	/* the redirect never carries bytes of the request: an unknown path or
	 * one with CR LF goes to / */
	const char *odd[] = { "/nosuch", "/%0d%0aX-Evil:%201", "/index.html" };
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		snprintf(t, sizeof t, "%s?token=%s", odd[i], tok);
		http_request("GET", t, NULL, &r);
		CU_ASSERT_EQUAL(r.status, 303);
		CU_ASSERT_STRING_EQUAL(http_header(&r, "Location"), "/");
		CU_ASSERT_PTR_NULL(http_header(&r, "X-Evil"));
		http_reply_free(&r);
	}
	/* /api/ with the token in the query is answered at once (scripts) */
	snprintf(t, sizeof t, "/api/summary?token=%s", tok);
	http_request("GET", t, NULL, &r);
	CU_ASSERT_EQUAL(r.status, 200);
	CU_ASSERT_EQUAL(r.body[0], '{');
	http_reply_free(&r);
	snprintf(t, sizeof t, "/api/function?id=0&token=%s", tok);
	CU_ASSERT_EQUAL(status_of("GET", t, NULL), 200);
	pv_server_stop(s);
}

static void test_cookie_and_header(void)
{
	pv_server *s = start_on("0.0.0.0", NULL, 0);
	const char *tok = pv_server_token(s);
	char h[512];
	http_reply r;
	snprintf(h, sizeof h, "Cookie: other=1; pstat_view_token_%u=%s\r\n", http_port, tok);
	http_request("GET", "/", h, &r);
	CU_ASSERT_EQUAL(r.status, 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<canvas"));
	http_reply_free(&r);
	CU_ASSERT_EQUAL(status_of("GET", "/api/graph", h), 200);
	CU_ASSERT_EQUAL(status_of("GET", "/nosuch", h), 404);
	CU_ASSERT_EQUAL(status_of("OPTIONS", "/", h), 204);
	snprintf(h, sizeof h, "Authorization: token %s\r\n", tok);
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary", h), 200);
	/* the Host check still applies to a request with the token */
	char req[1024];
	snprintf(req, sizeof req,
		 "GET /api/summary HTTP/1.1\r\nHost: evil.example:%u\r\nConnection: close\r\n%s\r\n",
		 http_port, h);
	http_raw(req, strlen(req), &r);
	CU_ASSERT_EQUAL(r.status, 403);
	http_reply_free(&r);
	pv_server_stop(s);
}

static void test_loopback_unchanged(void)
{
	pv_server *s = start_on("127.0.0.1", NULL, 0);
	CU_ASSERT_PTR_NULL(pv_server_token(s));
	CU_ASSERT_EQUAL(pv_server_loopback(s), 1);
	char want[64];
	snprintf(want, sizeof want, "http://127.0.0.1:%u/", http_port);
	CU_ASSERT_STRING_EQUAL(pv_server_url(s), want);
	CU_ASSERT_EQUAL(status_of("GET", "/", NULL), 200);
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary", NULL), 200);
	/* a token in the query of a server without one changes nothing */
	CU_ASSERT_EQUAL(status_of("GET", "/?token=abc", NULL), 200);
	pv_server_stop(s);
}

static void test_given_token(void)
{
	/* on loopback, a given token is wanted too */
	pv_server *s = start_on("127.0.0.1", "my-Script_token.1~", 0);
	CU_ASSERT_STRING_EQUAL(pv_server_token(s), "my-Script_token.1~");
	char want[128];
	snprintf(want, sizeof want, "http://127.0.0.1:%u/?token=my-Script_token.1~", http_port);
	CU_ASSERT_STRING_EQUAL(pv_server_url(s), want);
	CU_ASSERT_EQUAL(status_of("GET", "/", NULL), 403);
	CU_ASSERT_EQUAL(status_of("GET", "/?token=my-Script_token.1~", NULL), 303);
	CU_ASSERT_EQUAL(status_of("GET", "/?token=my-script_token.1~", NULL), 403);
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary", "Authorization: token my-Script_token.1~\r\n"),
			200);
	pv_server_stop(s);
	/* and on 0.0.0.0 it replaces the random one */
	s = start_on("0.0.0.0", "abc", 0);
	CU_ASSERT_STRING_EQUAL(pv_server_token(s), "abc");
	CU_ASSERT_EQUAL(status_of("GET", "/api/summary?token=abc", NULL), 200);
	pv_server_stop(s);
}

static void test_no_token(void)
{
	pv_server *s = start_on("0.0.0.0", NULL, 1);
	CU_ASSERT_PTR_NULL(pv_server_token(s));
	CU_ASSERT_EQUAL(pv_server_loopback(s), 0);
	CU_ASSERT_EQUAL(status_of("GET", "/", NULL), 200);
	CU_ASSERT_PTR_NULL(strstr(pv_server_url(s), "token"));
	pv_server_stop(s);
}

static void test_token_check(void)
{
	pv_error err;
	char long_tok[200];
	memset(long_tok, 'a', sizeof long_tok);
	long_tok[128] = 0;
	CU_ASSERT_EQUAL(pv_server_token_check(long_tok, &err), 0);
	long_tok[128] = 'a';
	long_tok[129] = 0;
	CU_ASSERT_EQUAL(pv_server_token_check(long_tok, &err), -1);
	const char *bad[] = { "", "a b", "a\r\nb", "a;b", "a=b", "a%20", "t\xc3\xa9" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(pv_server_token_check(bad[i], &err), -1);
	CU_ASSERT_EQUAL(pv_server_token_check(NULL, &err), -1);
	/* the server refuses one too */
	pv_server_config cfg = { "127.0.0.1", 0, 16, 5, NULL, NULL, "a;b", 0,
				 PV_DIFF_MATCH_EXACT };
	CU_ASSERT_PTR_NULL(pv_server_start(prof, &cfg, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "token"));
}

int main(void)
{
	static const pv_test tests[] = {
		{ "0.0.0.0 makes a random token", test_wildcard_makes_a_token },
		{ "without the token: 403", test_no_token_is_403 },
		{ "wrong tokens: 403", test_wrong_tokens },
		{ "the token in the query: redirect and cookie", test_query_redirects_with_cookie },
		{ "the cookie and the Authorization header", test_cookie_and_header },
		{ "loopback: no token, as before", test_loopback_unchanged },
		{ "a given token", test_given_token },
		{ "no_token", test_no_token },
		{ "token check", test_token_check },
		{ NULL, NULL },
	};
	prof = pv_test_load("serve", "py311_ut_json.pstats");
	if (!prof)
		return 2;
	int rc = pv_test_run("token", tests);
	pv_profile_free(prof);
	return rc;
}
