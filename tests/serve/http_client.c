/*
 * http_client.c - the raw loopback HTTP client of the server tests; see
 * http_client.h.
 */
#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

unsigned http_port;

int http_start(const pv_profile *prof, const pv_server_config *cfg, pv_server **srv)
{
	pv_error err;
	*srv = pv_server_start(prof, cfg, &err);
	if (!*srv) {
		fprintf(stderr, "start: %s\n", err.msg);
		return 1;
	}
	http_port = pv_server_port(*srv);
	return http_port == 0;
}

int http_main(const char *suite, const pv_test *tests, const pv_server_config *cfg,
	      int (*prepare)(void), pv_profile **prof, pv_server **srv)
{
	*prof = pv_test_load("serve", "py311_ut_json.pstats");
	if (!*prof || (prepare && prepare()) || http_start(*prof, cfg, srv)) {
		fprintf(stderr, "cannot start the server\n");
		pv_profile_free(*prof);
		return 2;
	}
	int rc = pv_test_run(suite, tests);
	pv_server_stop(*srv);
	pv_profile_free(*prof);
	return rc;
}

void http_reply_free(http_reply *r)
{
	free(r->raw);
	memset(r, 0, sizeof *r);
}

int http_connect(unsigned port, int timeout_s)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = { timeout_s, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); /* bounds connect() too */
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int http_send_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

void http_read_reply(int fd, http_reply *r)
{
	size_t cap = 1 << 16;
	memset(r, 0, sizeof *r);
	r->raw = malloc(cap + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r->raw);
	/* a fixed count of reads: a server that never stops sending cannot
	 * keep the test here for ever */
	for (int i = 0; i < 100000; i++) {
		if (r->len == cap) {
			cap *= 2;
			r->raw = realloc(r->raw, cap + 1);
			CU_ASSERT_PTR_NOT_NULL_FATAL(r->raw);
		}
		ssize_t n = recv(fd, r->raw + r->len, cap - r->len, 0);
		if (n <= 0)
			break;
		r->len += (size_t)n;
	}
	r->raw[r->len] = 0;
	if (sscanf(r->raw, "HTTP/1.%*d %d", &r->status) != 1)
		r->status = -1;
	char *b = strstr(r->raw, "\r\n\r\n");
	r->body = b ? b + 4 : r->raw + r->len;
	r->body_len = (size_t)(r->raw + r->len - r->body);
}

/* A send that fails (the server closed on an oversized request) is fine:
 * what it answered, if anything, is still read. */
void http_raw(const char *req, size_t len, http_reply *r)
{
	int fd = http_connect(http_port, 5);
	CU_ASSERT_FATAL(fd >= 0);
	http_send_all(fd, req, len);
	/* no shutdown(SHUT_WR): MHD takes a half-close for a disconnect */
	http_read_reply(fd, r);
	close(fd);
}

void http_request(const char *method, const char *target, const char *extra, http_reply *r)
{
	char req[8192];
	int n = snprintf(req, sizeof req,
			 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s\r\n",
			 method, target, http_port, extra ? extra : "");
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof req);
	http_raw(req, (size_t)n, r);
}

int http_count_replies(const http_reply *r)
{
	int n = 0;
	for (const char *s = r->raw; (s = strstr(s, "HTTP/1.")); s++)
		n++;
	return n;
}

char *http_header(const http_reply *r, const char *name)
{
	static char val[1024];
	size_t n = strlen(name);
	for (const char *l = strstr(r->raw, "\r\n"); l && l + 2 < r->body; l = strstr(l + 2, "\r\n")) {
		const char *h = l + 2;
		if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
			const char *v = h + n + 1;
			while (*v == ' ')
				v++;
			const char *e = strstr(v, "\r\n");
			size_t k = e ? (size_t)(e - v) : strlen(v);
			if (k >= sizeof val)
				k = sizeof val - 1;
			memcpy(val, v, k);
			val[k] = 0;
			return val;
		}
	}
	return NULL;
}

void http_subst(const char *pattern, char *out, size_t size)
{
	size_t o = 0;
	for (const char *s = pattern; *s && o + 8 < size; s++) {
		if (strncmp(s, "{p}", 3) == 0) {
			o += (size_t)snprintf(out + o, size - o, "%u", http_port);
			s += 2;
		} else {
			out[o++] = *s;
		}
	}
	out[o] = 0;
}

void http_raw_subst(const char *pattern, http_reply *r)
{
	char req[8192];
	http_subst(pattern, req, sizeof req);
	http_raw(req, strlen(req), r);
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double http_time_to_close(const pv_profile *prof, unsigned timeout_s, const char *partial)
{
	pv_error err;
	pv_server_config cfg = { "127.0.0.1", 0, 4, timeout_s, NULL, NULL, NULL, 0,
				 PV_DIFF_MATCH_EXACT };
	pv_server *s = pv_server_start(prof, &cfg, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	int fd = http_connect(pv_server_port(s), 8);
	CU_ASSERT_FATAL(fd >= 0);
	if (partial)
		CU_ASSERT_EQUAL(http_send_all(fd, partial, strlen(partial)), 0);
	double t0 = seconds();
	char c;
	ssize_t n = recv(fd, &c, 1, 0);
	double dt = seconds() - t0;
	close(fd);
	pv_server_stop(s);
	return n == 0 ? dt : -1; /* 0: closed by the server */
}
