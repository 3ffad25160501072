/*
 * json.c - the JSON writer every JSON output uses (see pv/json.h).
 */
#include "pv/json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/utf8.h"

const pv_json_style pv_json_web = { 1, 0, NULL };

static void put_u16(pv_buf *out, uint32_t v)
{
	static const char hexdig[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', hexdig[(v >> 12) & 15], hexdig[(v >> 8) & 15],
		      hexdig[(v >> 4) & 15], hexdig[v & 15] };
	pv_buf_append(out, e, sizeof e);
}

/* Must code point cp be escaped?  Surrogates always: raw they are not UTF-8. */
static int needs_escape(const pv_json_style *st, uint32_t cp)
{
	if (cp < 0x20 || cp == '"' || cp == '\\' || (cp >= 0xD800 && cp <= 0xDFFF))
		return 1;
	return st->html_safe && (cp == '<' || cp == '>' || cp == '&' || cp == 0x7F ||
				 cp == 0x2028 || cp == 0x2029);
}

static void put_escape(pv_buf *out, const pv_json_style *st, uint32_t cp)
{
	switch (cp) {
	case '"': pv_buf_puts(out, "\\\""); return;
	case '\\': pv_buf_puts(out, "\\\\"); return;
	case '\n': pv_buf_puts(out, "\\n"); return;
	case '\r': pv_buf_puts(out, "\\r"); return;
	case '\t': pv_buf_puts(out, "\\t"); return;
	case '\b':
		if (!st->html_safe) {
			pv_buf_puts(out, "\\b");
			return;
		}
		break;
	case '\f':
		if (!st->html_safe) {
			pv_buf_puts(out, "\\f");
			return;
		}
		break;
	default: break;
	}
	put_u16(out, cp);
}

void pv_json_string(pv_buf *out, const pv_json_style *st, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0; /* run: start of the bytes not copied yet */
	pv_buf_putc(out, '"');
	while (i < len) {
		uint32_t cp = s[i];
		/* ASCII, most of every name, without the call */
		size_t n = cp < 0x80 ? 1 : pv_utf8_next(s + i, len - i, PV_UTF8_SURROGATEPASS, &cp);
		if (n && !needs_escape(st, cp)) {
			i += n;
			continue;
		}
		pv_buf_append(out, s + run, i - run);
		if (n) {
			put_escape(out, st, cp);
			i += n;
		} else {
			put_u16(out, 0xDC00u | s[i]); /* undecodable byte */
			i++;
		}
		run = i;
	}
	pv_buf_append(out, s + run, i - run);
	pv_buf_putc(out, '"');
}

void pv_json_cstring(pv_buf *out, const pv_json_style *st, const char *s)
{
	pv_json_string(out, st, s, strlen(s));
}

void pv_json_double(pv_buf *out, const pv_json_style *st, double v)
{
	char tmp[40];
	if (!isfinite(v)) {
		pv_buf_puts(out, "null");
		return;
	}
	if (st->finite) {
		st->finite(v, out);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	pv_buf_puts(out, tmp);
}

void pv_json_count(pv_buf *out, const pv_json_style *st, pv_count v)
{
	char tmp[48];
	const pv_count lim = (pv_count)1 << 53;
	size_t n = pv_count_format(v, tmp);
	int quote = !st->counts_in_full && (v >= lim || v <= -lim);
	if (quote)
		pv_buf_putc(out, '"');
	pv_buf_append(out, tmp, n);
	if (quote)
		pv_buf_putc(out, '"');
}
