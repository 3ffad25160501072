/*
 * pv/serve.h - the viewer's HTTP server (libmicrohttpd behind one door).
 *
 * The server answers from memory only: the embedded web/ assets and the
 * JSON API of one profile (pv/api.h).  No URL reaches the file system.
 * Everything it serves is built when it starts (assets and large answers
 * also gzip-compressed), except /api/function, which is small.
 *
 * Routes (GET and HEAD; OPTIONS answers 204 with Allow; anything else 405):
 *   /                       index.html
 *   /NAME                   the embedded asset web/NAME, if there is one
 *   /api/summary            pv_api_summary
 *   /api/functions          pv_api_functions
 *   /api/graph              pv_api_graph
 *   /api/function?id=N      pv_api_function (400 bad id, 404 unknown id)
 *   /api/diff               pv_api_diff, in diff mode only (else 404); the
 *                           summary is then pv_api_summary_with's, with the diff
 * Unknown paths are 404 with a short JSON body; nothing in an error body
 * comes from the request or the machine.
 *
 * Token (Jupyter's way): a server bound to an address that is not
 * loopback (0.0.0.0, ::, a LAN address) answers only requests that carry
 * its token, a random one (32 bytes from getrandom(), 64 hex digits)
 * unless cfg->token gives one; cfg->no_token turns it off.  On loopback
 * there is none unless cfg->token is set.  A request is let in when
 *   - its query has token=TOKEN: a GET or HEAD of a page (any path but
 *     /api/...) is answered 303 to the same path without the query, with
 *     a cookie "pstat_view_token_PORT=TOKEN; Path=/; HttpOnly;
 *     SameSite=Strict" that lets the browser in from then on; an /api/
 *     request is answered at once (for scripts);
 *   - or it sends that cookie;
 *   - or an "Authorization: token TOKEN" header (scripts).
 * Anything else is 403 with a fixed body, before the path is looked at.
 * Tokens are compared in constant time (for a given length).
 *
 * Security: the Host header must name the bound address (or, for a
 * loopback bind, localhost/127.0.0.1/[::1]) with the bound port, else
 * 403 (DNS rebinding); several Host headers, or an absolute-form target
 * ("GET http://h/p"), are 400.  Every response carries a
 * Content-Security-Policy of default-src 'self' and
 * nosniff/no-referrer/frame headers.
 *
 * Limits: a connection idle for `timeout` seconds is closed; at the
 * connection limit new clients wait in the kernel's backlog (MHD does not
 * refuse them), so the limit is far above what idle clients can reach in
 * a timeout; a request line + headers over about 15 KiB (half of MHD's
 * 32 KiB per-connection pool) get 414 or 431, or a close.
 *
 * Threads: one internal polling thread answers every request, so request
 * handling is serialized.  The profile must stay unchanged and alive
 * until pv_server_stop() returns.  Signals are the caller's business: a
 * caller that wants sigwait() blocks them before pv_server_start(), so
 * the server's thread inherits the mask.
 */
#ifndef PV_SERVE_H
#define PV_SERVE_H

#include "pv/diff.h"
#include "pv/error.h"
#include "pv/profile.h"

typedef struct pv_server pv_server;

typedef struct pv_server_config {
	const char *host;          /* address or name to bind; NULL: 127.0.0.1 */
	unsigned port;             /* 0: a free port chosen by the system */
	/* 0: 4096.  Never more than the open-file limit allows, which
	 * pv_server_start() raises to the hard limit (process-wide) */
	unsigned connection_limit;
	unsigned timeout;          /* idle seconds before a connection is closed; 0: 10 */
	/* libmicrohttpd's own messages, one line each; NULL drops them */
	void (*log)(void *ctx, const char *msg);
	void *log_ctx;
	/* the access token (see Token above); NULL: a random one when the
	 * address is not loopback, none on loopback.  Checked with
	 * pv_server_token_check() */
	const char *token;
	int no_token;              /* 1: no token, whatever the address */
	/* diff mode (pv_server_start_diff): how functions of BASE and NEW are
	 * matched; 0 is PV_DIFF_MATCH_EXACT, (file, line, name) */
	pv_diff_match diff_match;
} pv_server_config;

/*
 * A token given by the user must fit in a URL and a cookie as it is:
 * 1 to 128 characters of A-Z a-z 0-9 - . _ ~.  Returns 0, or -1 with
 * `err` set.
 */
int pv_server_token_check(const char *token, pv_error *err);

/*
 * Builds every answer, binds and starts serving.  Returns the running
 * server, or NULL with `err` set ("port 8080 on 127.0.0.1 is already in
 * use", "cannot resolve host 'x'", ...).  Borrows `p` and `cfg`.
 */
pv_server *pv_server_start(const pv_profile *p, const pv_server_config *cfg,
			   pv_error *err);

/*
 * Diff mode (`serve --diff BASE NEW`): serves `p` (NEW) as
 * pv_server_start() does, plus /api/diff, the functions of `base` and `p`
 * compared as cfg->diff_match says (pv/diff.h: by (file, line, name), or
 * by (basename of file, name)); /api/summary names `base_label`.  For
 * pstats' strip_dirs() on both, strip the profiles before
 * (pv_profile_strip_dirs), as `serve --strip-dirs` does.
 * Borrows `base`, `base_label` and `p` until pv_server_stop().
 */
pv_server *pv_server_start_diff(const pv_profile *base, const char *base_label,
				const pv_profile *p, const pv_server_config *cfg,
				pv_error *err);

/* The bound port (the chosen one when the config said 0). */
unsigned pv_server_port(const pv_server *s);

/*
 * The URL to open: "http://HOST:PORT/", with "?token=TOKEN" when the
 * server has a token.  Valid until pv_server_stop().
 */
const char *pv_server_url(const pv_server *s);

/* The token requests need, or NULL when there is none. */
const char *pv_server_token(const pv_server *s);

/* 1 when the server is bound to a loopback address (127.0.0.0/8, ::1). */
int pv_server_loopback(const pv_server *s);

/* Closes every connection, joins the thread and frees everything. */
void pv_server_stop(pv_server *s);

#endif
