/*
 * access.c - who may ask the viewer's server, and what a client accepts:
 * the Host check against DNS rebinding, the token for addresses that are
 * not loopback (pv/serve.h), Accept-Encoding.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>

#include "server.h"

/* ===================================================== request checks */

static int is_ip_literal(const char *name, size_t n)
{
	char tmp[72];
	unsigned char addr[sizeof(struct in6_addr)];
	if (n == 0 || n >= sizeof tmp)
		return 0;
	if (name[0] == '[') {
		if (n < 3 || name[n - 1] != ']')
			return 0;
		memcpy(tmp, name + 1, n - 2);
		tmp[n - 2] = 0;
		return inet_pton(AF_INET6, tmp, addr) == 1;
	}
	memcpy(tmp, name, n);
	tmp[n] = 0;
	return inet_pton(AF_INET, tmp, addr) == 1;
}

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
				  size_t key_size, const char *value, size_t value_size)
{
	unsigned *n = cls;
	(void)kind;
	(void)value;
	(void)value_size;
	if (key_size == 4 && strncasecmp(key, "Host", 4) == 0)
		(*n)++;
	return MHD_YES;
}

/*
 * RFC 9112 3.2: exactly one Host, else 400.  MHD's lookup returns only
 * the first of several, so "Host: us" then "Host: evil" would pass the
 * rebinding check while an intermediary might act on the second.
 */
int pvs_host_header_valid(struct MHD_Connection *c)
{
	unsigned n = 0;
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, count_host, &n);
	return n <= 1;
}

/* DNS-rebinding guard: Host must name us, with our port. */
int pvs_host_ok(const pv_server *s, const char *host)
{
	if (!host || !*host)
		return 0;
	size_t nlen;
	const char *port = NULL;
	if (host[0] == '[') {
		const char *rb = strchr(host, ']');
		if (!rb)
			return 0;
		nlen = (size_t)(rb - host) + 1;
		if (rb[1] == ':')
			port = rb + 2;
		else if (rb[1])
			return 0;
	} else {
		const char *colon = strchr(host, ':');
		if (colon && strchr(colon + 1, ':'))
			return 0; /* an unbracketed IPv6 address */
		nlen = colon ? (size_t)(colon - host) : strlen(host);
		if (colon)
			port = colon + 1;
	}
	if (port) {
		unsigned long v = 0;
		if (!*port || strlen(port) > 5)
			return 0;
		for (const char *c = port; *c; c++) {
			if (*c < '0' || *c > '9')
				return 0;
			v = v * 10 + (unsigned long)(*c - '0');
		}
		if (v != s->port)
			return 0;
	} else if (s->port != 80) {
		return 0;
	}
	for (size_t i = 0; i < s->nhosts; i++)
		if (strlen(s->hosts[i]) == nlen && strncasecmp(s->hosts[i], host, nlen) == 0)
			return 1;
	return s->wildcard && is_ip_literal(host, nlen);
}

/* Accept-Encoding allows gzip (gzip, x-gzip or *, with a non-zero q)? */
int pvs_accepts_gzip(const char *ae)
{
	const char *p = ae;
	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *tok = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		size_t n = (size_t)(p - tok);
		int match = (n == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
			    (n == 6 && strncasecmp(tok, "x-gzip", 6) == 0) ||
			    (n == 1 && *tok == '*');
		double q = 1;
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		for (const char *c = p; c < end; c++)
			if ((c[0] == 'q' || c[0] == 'Q') && c[1] == '=') {
				q = strtod(c + 2, NULL);
				break;
			}
		if (match && q > 0)
			return 1;
		p = end;
	}
	return 0;
}

/* ===================================================== the token */

int pv_server_token_check(const char *token, pv_error *err)
{
	size_t n = token ? strlen(token) : 0;
	if (n == 0 || n > TOKEN_MAX)
		return pv_error_set(err, "a token has 1 to %d characters", TOKEN_MAX);
	if (strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != n)
		return pv_error_set(err, "a token may only hold letters, digits and - . _ ~");
	return 0;
}

/* TOKEN_BYTES random bytes as hex into s->token; -1 without randomness. */
int pvs_make_token(pv_server *s)
{
	unsigned char r[TOKEN_BYTES];
	size_t got = 0;
	while (got < sizeof r) {
		ssize_t n = getrandom(r + got, sizeof r - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof r) {
		/* a kernel without getrandom(): the same pool, by its file */
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		got = 0;
		while (fd >= 0 && got < sizeof r) {
			ssize_t n = read(fd, r + got, sizeof r - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (fd >= 0)
			close(fd);
		if (got < sizeof r)
			return -1;
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(s->token + 2 * i, 3, "%02x", r[i]);
	s->token_len = 2 * sizeof r;
	return 0;
}

/*
 * `got` is the token?  The time taken depends on the token's length and
 * on got's, never on where they differ.
 */
static int token_equal(const pv_server *s, const char *got)
{
	if (!got)
		return 0;
	size_t glen = strlen(got);
	unsigned char diff = glen != s->token_len;
	for (size_t i = 0; i < s->token_len; i++)
		diff |= (unsigned char)(s->token[i] ^ (i < glen ? got[i] : 0));
	return diff == 0;
}

/* How the request proved it knows the token: 0 not at all, 1 by its
 * query, 2 by the cookie or the Authorization header. */
int pvs_token_seen(const pv_server *s, struct MHD_Connection *c)
{
	if (token_equal(s, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token")))
		return 1;
	if (token_equal(s, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, s->cookie_name)))
		return 2;
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	if (auth && strncasecmp(auth, "token ", 6) == 0 && token_equal(s, auth + 6))
		return 2;
	return 0;
}

