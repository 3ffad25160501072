/*
 * server.h - what the server's files share (internal to src/server/):
 * the server's state and the request checks (access.c: Host names, the
 * token, the encodings a client accepts) that serve.c applies before
 * answering.
 */
#ifndef PV_SERVER_INTERNAL_H
#define PV_SERVER_INTERNAL_H

#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>

#include "pv/api.h"
#include "pv/diff.h"
#include "pv/serve.h"

#define HOSTS_MAX 6
#define GZIP_MIN 256 /* smaller answers are sent as they are */
#define CONN_DEFAULT 4096 /* connection limit when the config says 0 */
#define CONN_MIN 16
#define TIMEOUT_DEFAULT 10 /* idle seconds when the config says 0 */
/* descriptors kept back from the connection limit: the listening socket,
 * MHD's epoll and wake-up descriptors, stdio, files the caller opens */
#define FD_RESERVE 64
#define NOFILE_MAX 65536 /* the soft limit we raise to, at most */
#define TOKEN_BYTES 32   /* random bytes of a generated token */
#define TOKEN_MAX 128    /* characters of a given token, at most */

typedef struct resource {
	const char *path;           /* "/app.js" */
	const char *type;           /* Content-Type */
	const unsigned char *data;
	size_t len;
	unsigned char *gz;          /* gzip copy, or NULL */
	size_t gzlen;
	char etag[24];              /* "\"<16 hex>\"" */
	char *owned;                /* data, when we allocated it */
} resource;

struct pv_server {
	struct MHD_Daemon *daemon;
	const pv_profile *profile;
	unsigned port;
	int wildcard;               /* bound to 0.0.0.0 or :: */
	char hosts[HOSTS_MAX][72];  /* accepted Host names, port excluded */
	size_t nhosts;
	char url[96 + 8 + TOKEN_MAX];
	int loopback;               /* bound to 127.0.0.0/8 or ::1 */
	char token[TOKEN_MAX + 1];  /* "" when there is none */
	size_t token_len;
	char cookie_name[40];       /* pstat_view_token_PORT */
	resource *res;
	size_t nres;
	void (*log)(void *ctx, const char *msg);
	void *log_ctx;
	/* diff mode: BASE against the served profile (pv_server_start_diff) */
	int has_diff;
	pv_diff diff;
	const char *base_label;
	pv_api *api;                /* the answers (router.c) */
	/* the call tree's prepared state, made on a thread from the start
	   (0.8 s at 1M functions) while the page loads; joined by the first
	   request that needs it */
	pthread_t prep_thread;
	int prep_pending;
	pv_calltree_prep *prep_made;
};



/* Checks of a request (access.c). */
/* Whether an Accept-Encoding value `ae` (may be NULL) takes gzip. */
int pvs_accepts_gzip(const char *ae);
/* Whether the request has exactly one Host header. */
int pvs_host_header_valid(struct MHD_Connection *c);
/* Whether `host` names this server (DNS-rebinding check). */
int pvs_host_ok(const pv_server *s, const char *host);
/* Whether the request carries the token (cookie, query or header); 1 when none is needed. */
int pvs_token_seen(const pv_server *s, struct MHD_Connection *c);
/* Fills s->token with a random one; returns 0 or -1. */
int pvs_make_token(pv_server *s);

#endif
