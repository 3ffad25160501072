/*
 * dot_timefmt.c - --time-format: Python's `fmt % value` for one float, as
 * gprof2dot formats the total-time and self-time labels (see pv/dot.h).
 *
 * The format is checked once (one conversion, no mapping keys, no '*');
 * then C's printf does the numbers, except where Python differs: %s, %r
 * and %a print repr(float), %d %i %u truncate toward zero as int() does,
 * and length modifiers (l, h, L) are ignored.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot_internal.h"
#include "pv/pyrepr.h"

typedef struct tfmt {
	size_t spec_start;             /* where the conversion's '%' is */
	char flags[8];
	int width, prec;               /* -1 if absent */
	char conv;
	size_t post_start;
} tfmt;

static int tfmt_parse(const char *f, tfmt *o, pv_error *err)
{
	int seen = 0;
	for (size_t i = 0; f[i];) {
		if (f[i] != '%') {
			i++;
			continue;
		}
		if (f[i + 1] == '%') {
			i += 2;
			continue;
		}
		if (seen)
			return pv_error_set(err, "time format '%s' has more than one conversion", f);
		seen = 1;
		o->spec_start = i;
		size_t k = i + 1, nf = 0;
		if (f[k] == '(')
			return pv_error_set(err, "time format '%s': mapping keys are not supported", f);
		while (f[k] && strchr("-+ #0", f[k])) {
			if (nf < sizeof o->flags - 1 && !memchr(o->flags, f[k], nf))
				o->flags[nf++] = f[k];
			k++;
		}
		o->flags[nf] = 0;
		o->width = -1;
		o->prec = -1;
		if (f[k] == '*')
			return pv_error_set(err, "time format '%s': '*' widths are not supported", f);
		if (f[k] >= '0' && f[k] <= '9') {
			o->width = 0;
			while (f[k] >= '0' && f[k] <= '9') {
				if (o->width > 1000)
					return pv_error_set(err, "time format '%s': width too large", f);
				o->width = o->width * 10 + (f[k++] - '0');
			}
		}
		if (f[k] == '.') {
			k++;
			if (f[k] == '*')
				return pv_error_set(err, "time format '%s': '*' precisions are not supported", f);
			o->prec = 0;
			while (f[k] >= '0' && f[k] <= '9') {
				if (o->prec > 1000)
					return pv_error_set(err, "time format '%s': precision too large", f);
				o->prec = o->prec * 10 + (f[k++] - '0');
			}
		}
		while (f[k] && strchr("hlL", f[k]))
			k++;
		if (!f[k] || !strchr("eEfFgGdiusra", f[k]))
			return pv_error_set(err, "time format '%s': unsupported conversion%s%.1s%s", f,
					    f[k] ? " '%" : "", f[k] ? f + k : "", f[k] ? "'" : "");
		o->conv = f[k];
		i = k + 1;
		o->post_start = i;
	}
	if (!seen)
		return pv_error_set(err, "time format '%s' has no conversion (e.g. %%.3f)", f);
	return 0;
}

int pv_dot_check_time_format(const char *fmt, pv_error *err)
{
	tfmt t;
	memset(&t, 0, sizeof t);
	return tfmt_parse(fmt, &t, err);
}

/* Literal text with %% collapsed. */
static void tfmt_literal(const char *s, size_t n, pv_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 1 < n && s[i + 1] == '%')
			i++;
		pv_buf_putc(out, s[i]);
	}
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void pv_dot_format_time(const char *fmt, double value, pv_buf *out)
{
	tfmt t;
	memset(&t, 0, sizeof t);
	if (tfmt_parse(fmt, &t, NULL) != 0) {
		pv_buf_puts(out, fmt);
		return;
	}
	tfmt_literal(fmt, t.spec_start, out);
	char spec[64];
	size_t k = 0;
	spec[k++] = '%';
	for (const char *f = t.flags; *f; f++)
		spec[k++] = *f;
	if (t.width >= 0)
		k += (size_t)snprintf(spec + k, sizeof spec - k, "%d", t.width);
	if (t.conv == 's' || t.conv == 'r' || t.conv == 'a') {
		pv_buf r = PV_BUF_INIT;
		pv_float_repr(value, &r);
		size_t n = r.len;
		if (t.prec >= 0 && (size_t)t.prec < n)
			n = (size_t)t.prec;
		size_t w = t.width > 0 ? (size_t)t.width : 0;
		int left = strchr(t.flags, '-') != NULL;
		if (!left && w > n)
			pv_buf_fill(out, ' ', w - n);
		pv_buf_append(out, r.data ? r.data : "", n);
		if (left && w > n)
			pv_buf_fill(out, ' ', w - n);
		if (!pv_buf_ok(&r))
			out->oom = 1;
		pv_buf_release(&r);
	} else if (strchr("diu", t.conv)) {
		double v = trunc(value);
		if (isfinite(v) && fabs(v) < 9.2e18) {
			if (t.prec >= 0)
				k += (size_t)snprintf(spec + k, sizeof spec - k, ".%d", t.prec);
			snprintf(spec + k, sizeof spec - k, "lld");
			pv_buf_printf(out, spec, (long long)v);
		} else {
			snprintf(spec + k, sizeof spec - k, ".0f");
			pv_buf_printf(out, spec, v);
		}
	} else {
		if (t.prec >= 0)
			k += (size_t)snprintf(spec + k, sizeof spec - k, ".%d", t.prec);
		snprintf(spec + k, sizeof spec - k, "%c", t.conv);
		pv_buf_printf(out, spec, value);
	}
	tfmt_literal(fmt + t.post_start, strlen(fmt + t.post_start), out);
}
#pragma GCC diagnostic pop
