/* buf.c - growable byte buffer (see pv/buf.h). */
#include "pv/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pv_buf_init(pv_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->oom = 0;
}

void pv_buf_release(pv_buf *b)
{
	free(b->data);
	pv_buf_init(b);
}

void pv_buf_reset(pv_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

int pv_buf_reserve(pv_buf *b, size_t n)
{
	if (b->oom)
		return -1;
	if (n < b->cap - b->len) /* room for n bytes and the NUL; n + 1 could wrap */
		return 0;
	size_t need = b->len + n + 1;
	if (need < n) {
		b->oom = 1;
		return -1;
	}
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	char *d = realloc(b->data, cap);
	if (!d) {
		b->oom = 1;
		return -1;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

void pv_buf_append(pv_buf *b, const void *p, size_t n)
{
	if (pv_buf_reserve(b, n) != 0)
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void pv_buf_puts(pv_buf *b, const char *s)
{
	pv_buf_append(b, s, strlen(s));
}

void pv_buf_putc(pv_buf *b, char c)
{
	if (pv_buf_reserve(b, 1) != 0)
		return;
	b->data[b->len++] = c;
	b->data[b->len] = 0;
}

void pv_buf_fill(pv_buf *b, char c, size_t n)
{
	if (pv_buf_reserve(b, n) != 0)
		return;
	memset(b->data + b->len, c, n);
	b->len += n;
	b->data[b->len] = 0;
}

void pv_buf_vprintf(pv_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		pv_buf_append(b, small, (size_t)n);
		return;
	}
	if (pv_buf_reserve(b, (size_t)n) != 0)
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void pv_buf_printf(pv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pv_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

int pv_buf_ok(const pv_buf *b)
{
	return !b->oom;
}

char *pv_buf_detach(pv_buf *b, size_t *len)
{
	if (!b->data && !b->oom && pv_buf_reserve(b, 0) != 0)
		return NULL;
	if (b->oom) {
		pv_buf_release(b);
		return NULL;
	}
	char *d = b->data;
	if (len)
		*len = b->len;
	pv_buf_init(b);
	return d;
}
