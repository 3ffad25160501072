/*
 * json.c - the JSON writer every JSON output uses (see pv/json.h).
 */
#include "pv/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char hexdig[] = "0123456789abcdef";

static void put_u16(pv_buf *out, unsigned v)
{
	char e[6] = { '\\', 'u', hexdig[(v >> 12) & 15], hexdig[(v >> 8) & 15],
		      hexdig[(v >> 4) & 15], hexdig[v & 15] };
	pv_buf_append(out, e, sizeof e);
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/*
 * Length of the valid UTF-8 sequence at s (1..4), 0 if the byte at s does
 * not start one.  A 3-byte surrogate (ED A0..BF xx) counts as valid: the
 * model keeps lone surrogates that way; *cp receives the code point.
 */
static size_t utf8_seq(const unsigned char *s, size_t left, unsigned *cp)
{
	unsigned char c = s[0];
	if (c >= 0xC2 && c <= 0xDF) {
		if (left < 2 || !is_cont(s[1]))
			return 0;
		*cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || !is_cont(s[1]) || !is_cont(s[2]))
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;
		*cp = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || !is_cont(s[1]) || !is_cont(s[2]) || !is_cont(s[3]))
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
			return 0;
		*cp = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
		      (s[3] & 0x3Fu);
		return 4;
	}
	return 0;
}

void pv_json_string(pv_buf *out, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0; /* run: start of bytes copied verbatim */
	pv_buf_putc(out, '"');
	while (i < len) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' &&
		    c != '>' && c != '&') {
			i++;
			continue;
		}
		unsigned cp = 0;
		size_t n = c >= 0x80 ? utf8_seq(s + i, len - i, &cp) : 0;
		if (n && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0x2028 && cp != 0x2029) {
			i += n;
			continue;
		}
		pv_buf_append(out, s + run, i - run);
		if (n) {
			put_u16(out, cp); /* surrogate or line/paragraph separator */
			i += n;
		} else if (c >= 0x80) {
			put_u16(out, 0xDC00u | c); /* undecodable byte */
			i++;
		} else {
			switch (c) {
			case '"': pv_buf_puts(out, "\\\""); break;
			case '\\': pv_buf_puts(out, "\\\\"); break;
			case '\n': pv_buf_puts(out, "\\n"); break;
			case '\r': pv_buf_puts(out, "\\r"); break;
			case '\t': pv_buf_puts(out, "\\t"); break;
			default: put_u16(out, c); break;
			}
			i++;
		}
		run = i;
	}
	pv_buf_append(out, s + run, i - run);
	pv_buf_putc(out, '"');
}

void pv_json_double(pv_buf *out, double v)
{
	char tmp[40];
	if (!isfinite(v)) {
		pv_buf_puts(out, "null");
		return;
	}
	/* shortest of %.15g / %.17g that reads back as the same double */
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	pv_buf_puts(out, tmp);
}

void pv_json_count(pv_buf *out, pv_count v)
{
	char tmp[48];
	const pv_count lim = (pv_count)1 << 53;
	size_t n = pv_count_format(v, tmp);
	if (v < lim && v > -lim) {
		pv_buf_append(out, tmp, n);
	} else {
		pv_buf_putc(out, '"');
		pv_buf_append(out, tmp, n);
		pv_buf_putc(out, '"');
	}
}

