/*
 * http_client.h - a raw HTTP/1.1 client over loopback, shared by the
 * server tests (test_http.c, test_abuse.c).  Requests are sent as given,
 * byte for byte, so the tests can send what no real client would; every
 * socket has send and receive timeouts, so nothing can hang.
 */
#ifndef PV_TEST_HTTP_CLIENT_H
#define PV_TEST_HTTP_CLIENT_H

#include <stddef.h>

#include "harness.h"
#include "pv/profile.h"
#include "pv/serve.h"

/* The port of the server under test: set by the test's init(). */
extern unsigned http_port;

/* Starts the server under test on `prof` with `cfg` and sets http_port.
 * Returns 0, or 1 after printing what went wrong. */
int http_start(const pv_profile *prof, const pv_server_config *cfg, pv_server **srv);

/*
 * The server tests' main: loads tests/serve/data/py311_ut_json.pstats into
 * *prof, runs `prepare` (NULL for none; non-zero fails), starts the server
 * on it with `cfg` into *srv, runs `tests` as suite `suite`, then stops the
 * server and frees the profile.  Returns the exit status for main.
 */
int http_main(const char *suite, const pv_test *tests, const pv_server_config *cfg,
	      int (*prepare)(void), pv_profile **prof, pv_server **srv);

typedef struct http_reply {
	int status;      /* -1: no status line (closed without a word) */
	char *raw;       /* whole response, NUL-terminated */
	size_t len;
	char *body;      /* into raw */
	size_t body_len;
} http_reply;

void http_reply_free(http_reply *r);

/* A loopback connection whose connect, send and recv give up after
 * `timeout_s`; -1 if it cannot be made in that time. */
int http_connect(unsigned port, int timeout_s);

/* Sends all `n` bytes; -1 if the peer stops taking them. */
int http_send_all(int fd, const char *s, size_t n);

/* Reads until the peer closes, resets or the socket's timeout; parses the
 * status line. */
void http_read_reply(int fd, http_reply *r);

/* Sends `len` bytes of `req` on a fresh connection to http_port; reads the
 * answer. */
void http_raw(const char *req, size_t len, http_reply *r);

/* `method target` with our Host, Connection: close and `extra` headers
 * (each ending in CR LF; NULL for none). */
void http_request(const char *method, const char *target, const char *extra, http_reply *r);

/* How many status lines ("HTTP/1.") the reply holds: the number of
 * answers read on its connection. */
int http_count_replies(const http_reply *r);

/* The value of header `name` (case-insensitive), copied into a static
 * buffer, or NULL. */
char *http_header(const http_reply *r, const char *name);

/* `pattern` with every "{p}" replaced by http_port. */
void http_subst(const char *pattern, char *out, size_t size);

/*
 * Starts a server on `prof` with an idle timeout of `timeout_s`, opens a
 * connection, sends `partial` (NULL: nothing) and waits up to 8 s for the
 * server to close it.  Returns the seconds it took, or -1 if the
 * connection was not closed by the server (an answer, or our timeout).
 */
double http_time_to_close(const pv_profile *prof, unsigned timeout_s, const char *partial);

/* http_raw() of the request `pattern` after http_subst(). */
void http_raw_subst(const char *pattern, http_reply *r);

#endif
