/*
 * query_string.c - a query string as the router reads it (pv/api.h):
 * pv_api_query_parse splits and unescapes it, pv_api_query_arg is the
 * pv_api_arg over it.  The page's WebAssembly build hands the router its
 * query this way; the server reads libmicrohttpd's.
 */
#include "pv/api.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t pv_api_unescape(char *s, int plus)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		int h, l;
		if (*r == '+' && plus) {
			*w++ = ' ';
		} else if (*r == '%' && (h = hexval(r[1])) >= 0 && (l = hexval(r[2])) >= 0 &&
			   (h | l) != 0) {
			*w++ = (char)(h * 16 + l);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

int pv_api_query_parse(pv_api_query *q, const char *raw)
{
	memset(q, 0, sizeof *q);
	if (!raw)
		raw = "";
	if (*raw == '?')
		raw++;
	q->buf = strdup(raw);
	if (!q->buf)
		return -1;
	for (char *s = q->buf; *s;) {
		char *amp = strchr(s, '&');
		if (amp)
			*amp = 0;
		if (*s) {
			if (q->n == 32)
				return -1;
			char *eq = strchr(s, '=');
			if (eq)
				*eq = 0;
			pv_api_unescape(s, 1);
			q->key[q->n] = s;
			if (eq)
				pv_api_unescape(eq + 1, 1);
			q->val[q->n] = eq ? eq + 1 : "";
			q->n++;
		}
		if (!amp)
			break;
		s = amp + 1;
	}
	return 0;
}

const char *pv_api_query_arg(void *ctx, const char *key)
{
	const pv_api_query *q = ctx;
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->key[i], key) == 0)
			return q->val[i];
	return NULL;
}

void pv_api_query_release(pv_api_query *q)
{
	free(q->buf);
	memset(q, 0, sizeof *q);
}
