/*
 * serve.c - the viewer's HTTP server (see pv/serve.h).
 *
 * This is the one place that knows libmicrohttpd 0.9.75's quirks
 * (docs/c_stack.md 1.4):
 *   - the external logger must be the first option;
 *   - a response queued on the first call of a request loses keep-alive,
 *     so the handler answers on its second call (two-phase pattern);
 *   - MHD_USE_AUTO_INTERNAL_THREAD picks epoll; no thread pool, so the
 *     handler runs on one thread and needs no locks;
 *   - the connection limit does not refuse clients, it only stops
 *     accepting: a new client then waits in the kernel's backlog until an
 *     idle connection times out.  So the limit is set far above what a
 *     viewer needs (epoll has no FD_SETSIZE ceiling), the open-file limit
 *     is raised to match, and idle connections go after 10 s: a thousand
 *     idle clients cannot keep a real one waiting;
 *   - there is no compression: answers are gzipped once, here, at start;
 *   - no static-buffer responses: PERSISTENT for what lives as long as
 *     the daemon, MUST_FREE for what a request built.
 * We bind the listening socket ourselves so a taken port gives a clear
 * error (MHD would only log it) and the chosen port is known at once.
 *
 * The token (pv/serve.h) is checked on the first call of a request, with
 * the other refusals; a request let in by the token in its query is
 * marked (query_marker) so that the second call can answer a page with
 * the redirect that sets the cookie.
 */
#include "pv/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "pv/api.h"
#include "pv/assets.h"
#include "pv/buf.h"
#include "pv/diff.h"

#include "server.h"

/* ===================================================== building answers */

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".json", "application/json" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* 64-bit FNV-1a: a content hash for ETags, not for security. */
static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/*
 * Compresses data[0..len) with gzip at `level` into *gz (malloc'd); *gz
 * stays NULL when it does not pay.  Returns 0, or -1 (zlib or memory).
 */
static int gzip_bytes(const void *data, size_t len, int level, unsigned char **gz, size_t *gzlen)
{
	*gz = NULL;
	*gzlen = 0;
	if (len < GZIP_MIN || len > UINT32_MAX)
		return 0;
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	/* 15 + 16: a gzip wrapper rather than zlib's */
	if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong bound = deflateBound(&zs, (uLong)len);
	unsigned char *out = malloc(bound);
	if (!out) {
		deflateEnd(&zs);
		return -1;
	}
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)bound;
	int rc = deflate(&zs, Z_FINISH);
	size_t n = zs.total_out;
	deflateEnd(&zs);
	if (rc != Z_STREAM_END || n >= len) {
		free(out);
		return rc == Z_STREAM_END ? 0 : -1;
	}
	*gz = out;
	*gzlen = n;
	return 0;
}

/* The viewer's own files: once, at start, at the best level (small). */
static int gzip_resource(resource *r)
{
	return gzip_bytes(r->data, r->len, 9, &r->gz, &r->gzlen);
}

static int add_resource(pv_server *s, const char *path, const char *type,
			const unsigned char *data, size_t len, char *owned)
{
	resource *r = &s->res[s->nres++];
	memset(r, 0, sizeof *r);
	r->path = path;
	r->type = type;
	r->data = data;
	r->len = len;
	r->owned = owned;
	snprintf(r->etag, sizeof r->etag, "\"%016llx\"",
		 (unsigned long long)fnv1a(data, len));
	return gzip_resource(r);
}

/* The viewer's files, gzipped once (a few hundred kB): no API answer is
 * made before a request asks for it (router.c). */
static int build_resources(pv_server *s, pv_error *err)
{
	s->res = calloc(pv_assets_count + 1, sizeof *s->res);
	if (!s->res)
		return pv_error_set(err, "out of memory");
	for (const pv_asset *a = pv_assets; a->path; a++)
		if (add_resource(s, a->path, content_type(a->path), a->data, a->size, NULL))
			return pv_error_set(err, "cannot compress the viewer's files");
	return 0;
}

static const resource *find_resource(const pv_server *s, const char *path)
{
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	for (size_t i = 0; i < s->nres; i++)
		if (strcmp(s->res[i].path, path) == 0)
			return &s->res[i];
	return NULL;
}

/* ===================================================== responses */

static void common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; base-uri 'none'; form-action 'none'; "
				"frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

static enum MHD_Result queue(struct MHD_Connection *c, unsigned status,
			     struct MHD_Response *r)
{
	if (!r)
		return MHD_NO; /* out of memory: MHD closes the connection */
	common_headers(r);
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* A short JSON error; `msg` is a fixed text, never from the request. */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status,
				  const char *msg, const char *allow)
{
	char body[128];
	int n = snprintf(body, sizeof body, "{\"error\":\"%s\"}\n", msg);
	char *copy = malloc((size_t)n + 1);
	if (!copy)
		return MHD_NO;
	memcpy(copy, body, (size_t)n + 1);
	struct MHD_Response *r =
		MHD_create_response_from_buffer((size_t)n, copy, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(copy);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (allow)
		MHD_add_response_header(r, "Allow", allow);
	return queue(c, status, r);
}

/*
 * The first visit with the token in the query: 303 to the page without
 * the query, with the cookie that lets the browser in from now on.  The
 * target is one of our own paths (or "/"), never bytes of the request.
 */
static enum MHD_Result send_login(pv_server *s, struct MHD_Connection *c, const char *url)
{
	const resource *res = find_resource(s, url);
	const char *to = res && strcmp(res->path, "/index.html") != 0 ? res->path : "/";
	char cookie[sizeof s->cookie_name + TOKEN_MAX + 64];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict",
		 s->cookie_name, s->token);
	struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Location", to);
	MHD_add_response_header(r, "Set-Cookie", cookie);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	return queue(c, MHD_HTTP_SEE_OTHER, r);
}

static enum MHD_Result send_resource(struct MHD_Connection *c, const resource *res)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	int not_modified = inm && (strstr(inm, res->etag) || strcmp(inm, "*") == 0);
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	int gz = res->gz && pvs_accepts_gzip(ae);
	struct MHD_Response *r;
	if (not_modified)
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	else if (gz)
		r = MHD_create_response_from_buffer(res->gzlen, res->gz, MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(res->len, (void *)(uintptr_t)res->data,
						    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (!not_modified)
		MHD_add_response_header(r, "Content-Type", res->type);
	if (gz && !not_modified)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	if (res->gz)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	MHD_add_response_header(r, "ETag", res->etag);
	/* revalidate every time: cheap on loopback, never stale after a restart */
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	return queue(c, not_modified ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, r);
}

/* The prepared call tree's thread: made while the page loads. */
static void *prepare_tree(void *arg)
{
	pv_server *s = arg;
	pv_error err;
	s->prep_made = pv_calltree_prepare(s->profile, &err); /* NULL: the router makes it */
	return NULL;
}

/* Waits for the prepared tree (if it is being made) and gives it to the router. */
static void join_prep(pv_server *s)
{
	if (!s->prep_pending)
		return;
	pthread_join(s->prep_thread, NULL);
	s->prep_pending = 0;
	pv_api_adopt_prep(s->api, s->prep_made);
	s->prep_made = NULL;
}

static const char *mhd_arg(void *ctx, const char *key)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, key);
}

/*
 * GET /api/...: the router's answer (pv_api_get), built for this request.
 * Its errors are fixed texts ("bad nodes", ...), never the request's bytes.
 */
static enum MHD_Result send_api(pv_server *s, struct MHD_Connection *c, const char *url)
{
	pv_buf b = PV_BUF_INIT;
	const char *type = "application/json";
	/* the answers built on the prepared tree: /api/summary, and /api/tree
	   and /api/treediff (the prefix) */
	if (strncmp(url, "/api/tree", 9) == 0 || strcmp(url, "/api/summary") == 0)
		join_prep(s);
	int status = pv_api_get(s->api, url, mhd_arg, c, &b, &type);
	size_t len = 0;
	char *text = pv_buf_detach(&b, &len);
	if (!text)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error", NULL);
	/* compressed per request, fast (level 1), when the client takes it */
	int zipped = 0;
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	if (status == 200 && pvs_accepts_gzip(ae)) {
		unsigned char *gz = NULL;
		size_t gzlen = 0;
		if (gzip_bytes(text, len, 1, &gz, &gzlen) == 0 && gz) {
			free(text);
			text = (char *)gz;
			len = gzlen;
			zipped = 1;
		}
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", status == 200 ? "no-cache" : "no-store");
	if (zipped)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	if (status == 200)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	return queue(c, (unsigned)status, r);
}

/* markers stored in *req_cls: the request's headers were seen; and it
 * was let in by the token in its query */
static char seen_marker, query_marker;

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version,
			      const char *upload_data, size_t *upload_data_size,
			      void **req_cls)
{
	pv_server *s = cls;
	static const char allow[] = "GET, HEAD, OPTIONS";
	(void)version;
	(void)upload_data;
	if (*req_cls == NULL) {
		*req_cls = &seen_marker;
		/*
		 * Refusals are answered at once, before any body is read (MHD
		 * then closes the connection, which is what we want for them);
		 * anything else waits for the second call, or keep-alive is lost.
		 */
		if (!pvs_host_header_valid(c))
			return send_error(c, MHD_HTTP_BAD_REQUEST, "bad Host header", NULL);
		const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
		if (!pvs_host_ok(s, host))
			return send_error(c, MHD_HTTP_FORBIDDEN, "unexpected Host header", NULL);
		if (s->token_len) {
			int how = pvs_token_seen(s, c);
			if (!how)
				return send_error(c, MHD_HTTP_FORBIDDEN,
						  "forbidden: open the URL with the token that "
						  "pstat-view serve printed", NULL);
			if (how == 1)
				*req_cls = &query_marker;
		}
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
		    strcmp(method, "OPTIONS") != 0)
			return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed", allow);
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		/* a GET with a body: drop it; we answer once it is all read */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "OPTIONS") == 0) {
		struct MHD_Response *r =
			MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (!r)
			return MHD_NO;
		MHD_add_response_header(r, "Allow", allow);
		return queue(c, MHD_HTTP_NO_CONTENT, r);
	}
	if (!url || url[0] != '/')
		return send_error(c, MHD_HTTP_BAD_REQUEST, "bad request", NULL);
	if (*req_cls == &query_marker && strncmp(url, "/api/", 5) != 0)
		return send_login(s, c, url);
	if (strncmp(url, "/api/", 5) == 0)
		return send_api(s, c, url);
	const resource *res = find_resource(s, url);
	if (!res)
		return send_error(c, MHD_HTTP_NOT_FOUND, "not found", NULL);
	return send_resource(c, res);
}

/* MHD's unescape callback: pv_api_unescape (a decoded NUL would cut
 * "/index.html%00.txt" short to "/index.html", so "%00" stays as it is). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return pv_api_unescape(s, 0);
}

__attribute__((format(printf, 2, 0)))
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	pv_server *s = cls;
	char msg[512];
	if (!s->log)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	s->log(s->log_ctx, msg);
}

/* ===================================================== binding */

static void add_host(pv_server *s, const char *name)
{
	for (size_t i = 0; i < s->nhosts; i++)
		if (strcasecmp(s->hosts[i], name) == 0)
			return;
	if (s->nhosts < HOSTS_MAX && strlen(name) < sizeof s->hosts[0])
		snprintf(s->hosts[s->nhosts++], sizeof s->hosts[0], "%s", name);
}

/* Binds and listens on host:port; returns the socket or -1 with err set. */
static int bind_socket(const char *host, unsigned port, pv_error *err,
		       int *family)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	char portstr[8];
	snprintf(portstr, sizeof portstr, "%u", port);
	int rc = getaddrinfo(host, portstr, &hints, &res);
	if (rc != 0)
		return pv_error_set(err, "cannot resolve host '%s': %s", host, gai_strerror(rc));
	int fd = -1, e = 0;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		int one = 1;
		/* lets a restarted server take a port whose old connections linger
		 * in TIME_WAIT; on Linux it never lets two servers share a port */
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		/* a deep backlog: a burst of connections (a thousand idle ones,
		 * wrk's 50) must not leave clients waiting for SYN retries */
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0) {
			*family = ai->ai_family;
			break;
		}
		e = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0)
		return fd;
	if (e == EADDRINUSE)
		return pv_error_set(err, "port %u on %s is already in use (--port 0 picks a free one)",
				    port, host);
	if (e == EACCES)
		return pv_error_set(err, "no permission to use port %u on %s", port, host);
	return pv_error_set(err, "cannot listen on %s port %u: %s", host, port,
			    e ? strerror(e) : "no usable address");
}

/* Records the bound port, the accepted Host names and the URL. */
static int describe_socket(pv_server *s, int fd, const char *host, pv_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char addr[INET6_ADDRSTRLEN + 2], text[INET6_ADDRSTRLEN];
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0)
		return pv_error_set(err, "cannot read the bound address: %s", strerror(errno));
	int loopback;
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		s->port = ntohs(a->sin6_port);
		inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
		snprintf(addr, sizeof addr, "[%s]", text);
		loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
		s->wildcard = IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		s->port = ntohs(a->sin_port);
		inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
		snprintf(addr, sizeof addr, "%s", text);
		loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
		s->wildcard = a->sin_addr.s_addr == htonl(INADDR_ANY);
	}
	add_host(s, addr);
	if (strchr(host, ':')) {
		char b[72];
		snprintf(b, sizeof b, "[%s]", host);
		add_host(s, b);
	} else {
		add_host(s, host);
	}
	if (loopback || s->wildcard) {
		add_host(s, "localhost");
		add_host(s, "127.0.0.1");
		add_host(s, "[::1]");
	}
	s->loopback = loopback;
	/* the URL names what the user typed, unless that was a wildcard */
	const char *shown = s->wildcard ? "127.0.0.1" : strchr(host, ':') ? addr : host;
	snprintf(s->url, sizeof s->url, "http://%s:%u/", shown, s->port);
	return 0;
}

/* ===================================================== lifecycle */

/*
 * Raises the soft open-file limit to the hard one (at most NOFILE_MAX)
 * and returns the soft limit then in force.  The common soft default of
 * 1024 would cap the server near a thousand connections, and MHD, out of
 * descriptors, stops accepting just as it does at its connection limit.
 */
static rlim_t raise_nofile(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024;
	rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > NOFILE_MAX ? NOFILE_MAX
									    : rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		struct rlimit up = { want, rl.rlim_max };
		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl.rlim_cur = want;
	}
	return rl.rlim_cur == RLIM_INFINITY ? NOFILE_MAX : rl.rlim_cur;
}

/* The connection limit: the config's or CONN_DEFAULT, within the fds. */
static unsigned connection_limit(const pv_server_config *cfg)
{
	rlim_t nofile = raise_nofile();
	unsigned limit = cfg && cfg->connection_limit ? cfg->connection_limit : CONN_DEFAULT;
	rlim_t room = nofile > FD_RESERVE + CONN_MIN ? nofile - FD_RESERVE : CONN_MIN;
	return (rlim_t)limit > room ? (unsigned)room : limit;
}

static pv_server *start(const pv_profile *base, const char *base_label, const pv_profile *p,
			const pv_server_config *cfg, pv_error *err)
{
	const char *host = cfg && cfg->host ? cfg->host : "127.0.0.1";
	if (cfg && cfg->port > 65535) {
		pv_error_set(err, "port %u is out of range", cfg->port);
		return NULL;
	}
	pv_server *s = calloc(1, sizeof *s);
	if (!s) {
		pv_error_set(err, "out of memory");
		return NULL;
	}
	s->profile = p;
	if (base) {
		s->base_label = base_label ? base_label : "BASE";
		pv_diff_match m = cfg ? cfg->diff_match : PV_DIFF_MATCH_EXACT;
		if (pv_diff_compute(base, p, m, &s->diff, err)) {
			pv_diff_release(&s->diff);
			free(s);
			return NULL;
		}
		s->has_diff = 1;
	}
	if (cfg) {
		s->log = cfg->log;
		s->log_ctx = cfg->log_ctx;
	}
	s->api = pv_api_new(p, s->has_diff ? &s->diff : NULL, s->base_label);
	if (!s->api) {
		pv_error_set(err, "out of memory");
		pv_server_stop(s);
		return NULL;
	}
	if (build_resources(s, err)) {
		pv_server_stop(s);
		return NULL;
	}
	/* the call tree's prepared state, while the browser opens the page
	   (without a thread, the first /api/tree makes it) */
	s->prep_pending = pthread_create(&s->prep_thread, NULL, prepare_tree, s) == 0;
	int family = AF_INET;
	int fd = bind_socket(host, cfg ? cfg->port : 0, err, &family);
	if (fd < 0) {
		pv_server_stop(s);
		return NULL;
	}
	if (describe_socket(s, fd, host, err)) {
		close(fd);
		pv_server_stop(s);
		return NULL;
	}
	/* the token: given, or made for an address others can reach */
	if (cfg && cfg->token && !cfg->no_token) {
		if (pv_server_token_check(cfg->token, err)) {
			close(fd);
			pv_server_stop(s);
			return NULL;
		}
		s->token_len = strlen(cfg->token);
		memcpy(s->token, cfg->token, s->token_len + 1);
	} else if (!s->loopback && !(cfg && cfg->no_token) && pvs_make_token(s)) {
		close(fd);
		pv_error_set(err, "cannot make a random token: the system gives no random bytes");
		pv_server_stop(s);
		return NULL;
	}
	if (s->token_len) {
		snprintf(s->cookie_name, sizeof s->cookie_name, "pstat_view_token_%u", s->port);
		size_t n = strlen(s->url);
		snprintf(s->url + n, sizeof s->url - n, "?token=%s", s->token);
	}
	unsigned limit = connection_limit(cfg);
	unsigned timeout = cfg && cfg->timeout ? cfg->timeout : TIMEOUT_DEFAULT;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, handle, s,
		/* must come first, or MHD logs to stderr about it */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_CONNECTION_TIMEOUT, timeout,
		/* request line + headers must fit: a larger request gets 431 */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (!s->daemon) {
		close(fd);
		pv_error_set(err, "cannot start the HTTP server on %s port %u", host, s->port);
		pv_server_stop(s);
		return NULL;
	}
	return s;
}

pv_server *pv_server_start(const pv_profile *p, const pv_server_config *cfg,
			   pv_error *err)
{
	return start(NULL, NULL, p, cfg, err);
}

pv_server *pv_server_start_diff(const pv_profile *base, const char *base_label,
				const pv_profile *p, const pv_server_config *cfg,
				pv_error *err)
{
	return start(base, base_label, p, cfg, err);
}

unsigned pv_server_port(const pv_server *s)
{
	return s->port;
}

const char *pv_server_url(const pv_server *s)
{
	return s->url;
}

const char *pv_server_token(const pv_server *s)
{
	return s->token_len ? s->token : NULL;
}

int pv_server_loopback(const pv_server *s)
{
	return s->loopback;
}

void pv_server_stop(pv_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon); /* closes the listening socket too */
	for (size_t i = 0; i < s->nres; i++) {
		free(s->res[i].gz);
		free(s->res[i].owned);
	}
	free(s->res);
	join_prep(s);
	pv_api_free(s->api);
	if (s->has_diff)
		pv_diff_release(&s->diff);
	free(s);
}
