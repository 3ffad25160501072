/*
 * pv/buf.h - a growable byte buffer, the sink of every output backend.
 *
 * Invariants: `data` is either NULL (nothing appended yet) or a malloc'd
 * block of `cap` bytes holding `len` bytes followed by a NUL.  When an
 * allocation fails the buffer sets `oom` and ignores further appends, so
 * writers can append freely and check once (pv_buf_ok) at the end.
 */
#ifndef PV_BUF_H
#define PV_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct pv_buf {
	char *data;
	size_t len;
	size_t cap;
	int oom;
} pv_buf;

#define PV_BUF_INIT { NULL, 0, 0, 0 }

void pv_buf_init(pv_buf *b);
/* Frees the contents; the buffer is empty and reusable afterwards. */
void pv_buf_release(pv_buf *b);
/*
 * Empties the buffer but keeps its memory, and its out-of-memory flag: a
 * scratch buffer reset and refilled in a loop still reports, at the end,
 * an allocation that failed on any round.  Only init and release clear
 * the flag.
 */
void pv_buf_reset(pv_buf *b);
/* Makes room for `n` more bytes; returns 0, or -1 (and sets oom). */
int pv_buf_reserve(pv_buf *b, size_t n);
void pv_buf_append(pv_buf *b, const void *p, size_t n);
void pv_buf_puts(pv_buf *b, const char *s);
void pv_buf_putc(pv_buf *b, char c);
/* Appends `n` copies of `c`. */
void pv_buf_fill(pv_buf *b, char c, size_t n);
void pv_buf_printf(pv_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pv_buf_vprintf(pv_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns 1 if no allocation failed since init/release, else 0. */
int pv_buf_ok(const pv_buf *b);
/*
 * Hands the contents to the caller: returns a malloc'd NUL-terminated block
 * (never NULL unless out of memory) the caller frees; stores its length in
 * *len if len is not NULL.  The buffer is empty afterwards.
 */
char *pv_buf_detach(pv_buf *b, size_t *len);

#endif
