/*
 * dot.c - gprof2dot's call graph of a profile (see pv/dot.h).
 *
 * Written from shared/docs/gprof2dot.md; section numbers below refer to it.
 * Per-key and per-edge state lives in flat arrays indexed by the profile's
 * key and edge numbers, so building the graph is O(keys + edges) and only
 * the nodes that survive pruning are ever named or sorted.
 */
#include "pv/dot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/fnmatch.h"
#include "pv/grow.h"
#include "pv/pyctype.h"
#include "pv/pyrepr.h"
#include "pv/utf8.h"

#define NONE UINT32_MAX

/* ===================================================== themes (§4) */

static const pv_dot_theme themes[] = {
	{ "color", { 2.0 / 3.0, 0.80, 0.25 }, { 0.0, 1.0, 0.5 }, 1.0,
	  10.0, 10.0, 0.5, 4.0, 0 },
	{ "pink", { 0.0, 1.0, 0.90 }, { 0.0, 1.0, 0.5 }, 2.2,
	  10.0, 10.0, 0.5, 4.0, 0 },
	{ "gray", { 0.0, 0.0, 0.85 }, { 0.0, 0.0, 0.0 }, 2.2,
	  10.0, 10.0, 0.5, 4.0, 0 },
	{ "bw", { 0.0, 0.0, 0.0 }, { 0.0, 0.0, 0.0 }, 2.2,
	  8.0, 24.0, 0.1, 8.0, 0 },
	{ "print", { 0.0, 0.0, 0.0 }, { 0.0, 0.0, 0.0 }, 2.2,
	  18.0, 30.0, 0.1, 8.0, 1 },
};

const pv_dot_theme *pv_dot_theme_find(const char *name)
{
	for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
		if (strcmp(themes[i].name, name) == 0)
			return &themes[i];
	return NULL;
}

double pv_dot_ratio(double n, double d)
{
	if (d == 0.0)
		return 1.0;
	double r = n / d;
	if (r < 0.0)
		return 0.0;
	if (r > 1.0)
		return 1.0;
	return r;
}

/* Python's float % 1.0 */
static double py_mod1(double x)
{
	double m = fmod(x, 1.0);
	if (m != 0.0) {
		if (m < 0.0)
			m += 1.0;
	} else {
		m = copysign(0.0, 1.0);
	}
	return m;
}

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static double hue_channel(double m1, double m2, double h)
{
	if (h < 0.0)
		h += 1.0;
	else if (h > 1.0)
		h -= 1.0;
	if (h * 6 < 1.0)
		return m1 + (m2 - m1) * h * 6.0;
	else if (h * 2 < 1.0)
		return m2;
	else if (h * 3 < 2.0)
		return m1 + (m2 - m1) * (2.0 / 3.0 - h) * 6.0;
	return m1;
}

void pv_dot_hsl_to_rgb(const pv_dot_theme *t, double h, double s, double l,
		       double rgb[3])
{
	h = py_mod1(h);
	s = clamp01(s);
	l = clamp01(l);
	double m2 = l <= 0.5 ? l * (s + 1.0) : l + s - l * s;
	double m1 = l * 2.0 - m2;
	rgb[0] = pow(hue_channel(m1, m2, h + 1.0 / 3.0), t->gamma);
	rgb[1] = pow(hue_channel(m1, m2, h), t->gamma);
	rgb[2] = pow(hue_channel(m1, m2, h - 1.0 / 3.0), t->gamma);
}

void pv_dot_theme_color(const pv_dot_theme *t, double skew, double weight,
			double rgb[3])
{
	double w = weight > 0.0 ? weight : 0.0;
	w = w < 1.0 ? w : 1.0;
	/* Python: min(max(weight, 0.0), 1.0); NaN stays NaN there too */
	if (weight != weight)
		w = weight;
	const double *lo = t->mincolor, *hi = t->maxcolor;
	double hsl[3];
	if (skew == 1.0) {
		for (int i = 0; i < 3; i++)
			hsl[i] = lo[i] + w * (hi[i] - lo[i]);
	} else {
		for (int i = 0; i < 3; i++)
			hsl[i] = lo[i] + ((hi[i] - lo[i]) * (-1.0 + pow(skew, w))) / (skew - 1.0);
	}
	pv_dot_hsl_to_rgb(t, hsl[0], hsl[1], hsl[2], rgb);
}

static int float2int(double f)
{
	if (f != f)
		return 0; /* a NaN time in the file (Python's int() would raise) */
	if (f <= 0.0)
		return 0;
	if (f >= 1.0)
		return 255;
	return (int)(255.0 * f + 0.5);
}

void pv_dot_rgb_text(const double rgb[3], char out[8])
{
	snprintf(out, 8, "#%02x%02x%02x", (unsigned)float2int(rgb[0]) & 0xffu,
		 (unsigned)float2int(rgb[1]) & 0xffu, (unsigned)float2int(rgb[2]) & 0xffu);
}

static double py_max(double a, double b)
{
	/* Python's max(a, b) keeps a unless b > a */
	return b > a ? b : a;
}

double pv_dot_fontsize(const pv_dot_theme *t, double weight)
{
	return py_max(pow(weight, 2.0) * t->maxfontsize, t->minfontsize);
}

double pv_dot_penwidth(const pv_dot_theme *t, double weight)
{
	return py_max(weight * t->maxpenwidth, t->minpenwidth);
}

double pv_dot_arrowsize(const pv_dot_theme *t, double weight)
{
	return 0.5 * sqrt(pv_dot_penwidth(t, weight));
}

/* ===================================================== UTF-8 */

/* A string as code points (malloc'd; *n set).  NULL when out of memory. */
static uint32_t *dot_decode(const char *s, size_t len, size_t *n)
{
	uint32_t *cp = malloc((len + 1) * sizeof *cp);
	size_t k = 0;
	if (!cp)
		return NULL;
	for (size_t i = 0; i < len; k++)
		i += pv_utf8_next((const unsigned char *)s + i, len - i, PV_UTF8_SURROGATEESCAPE,
				  &cp[k]);
	*n = k;
	return cp;
}

/* dot_decode() undone: an escaped byte U+DC80..U+DCFF is its byte again. */
static void dot_put_raw(pv_buf *b, uint32_t cp)
{
	if (cp >= 0xdc80 && cp <= 0xdcff)
		pv_buf_putc(b, (char)(cp - 0xdc00));
	else
		pv_utf8_put(b, cp);
}

/* ===================================================== names (§2.2, §5.4) */

void pv_dot_func_name(const pv_profile *p, uint32_t id, pv_buf *out)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	size_t flen, nlen;
	const char *file = pv_profile_string(p, f->file, &flen);
	const char *name = pv_profile_string(p, f->name, &nlen);

	/* module = basename(splitext(file)[0]) with posixpath's rules */
	size_t sep = 0; /* index after the last '/' */
	size_t dot = flen; /* index of the extension's dot, or flen */
	for (size_t i = 0; i < flen; i++)
		if (file[i] == '/')
			sep = i + 1;
	for (size_t i = flen; i > sep; i--)
		if (file[i - 1] == '.') {
			/* a name made of leading dots only has no extension */
			for (size_t k = sep; k < i - 1; k++)
				if (file[k] != '.') {
					dot = i - 1;
					break;
				}
			break;
		}
	pv_buf_append(out, file + sep, dot - sep);
	pv_buf_printf(out, ":%lld:", (long long)f->line);
	pv_buf_append(out, name, nlen);
}

/* Deletes every match of OPEN[^OPEN CLOSE]*CLOSE, repeatedly (re.subn loop). */
static size_t strip_pairs(char *s, size_t n, char open, char close)
{
	for (;;) {
		size_t w = 0, i = 0;
		int changed = 0;
		while (i < n) {
			if (s[i] == open) {
				size_t j = i + 1;
				while (j < n && s[j] != open && s[j] != close)
					j++;
				if (j < n && s[j] == close) {
					i = j + 1;
					changed = 1;
					continue;
				}
				/* no match starting here: keep this char, go on */
			}
			s[w++] = s[i++];
		}
		n = w;
		if (!changed)
			return n;
	}
}

static int ascii_space(unsigned char c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
}

void pv_dot_strip_name(const char *src, size_t len, pv_buf *out)
{
	char *s = malloc(len + 1);
	if (!s) {
		out->oom = 1;
		return;
	}
	memcpy(s, src, len);
	size_t n = strip_pairs(s, len, '(', ')');
	/* \s+const$ once: $ also matches before a final newline */
	size_t end = n;
	if (end > 0 && s[end - 1] == '\n' && end >= 6 && memcmp(s + end - 6, "const", 5) == 0)
		end--;
	if (end >= 5 && memcmp(s + end - 5, "const", 5) == 0) {
		size_t k = end - 5;
		while (k > 0 && ascii_space((unsigned char)s[k - 1]))
			k--;
		if (k < end - 5) {
			memmove(s + k, s + end, n - end);
			n -= end - k;
		}
	}
	n = strip_pairs(s, n, '<', '>');
	pv_buf_append(out, s, n);
	free(s);
}

/* ---------------------------------------------------- textwrap.fill(w=32) */

static int tw_letter(const uint32_t *t, size_t n, size_t i)
{
	return i < n && pv_py_isword(t[i]) && !pv_py_isdigit(t[i]);
}

static int tw_wordpunct(uint32_t c)
{
	return pv_py_isword(c) || c == '!' || c == '"' || c == '\'' || c == '&' || c == '.' ||
	       c == ',' || c == '?';
}

/* Length of a "--+" run at i followed by a word character, or 0. */
static size_t tw_emdash(const uint32_t *t, size_t n, size_t i)
{
	size_t k = i;
	while (k < n && t[k] == '-')
		k++;
	if (k - i >= 2 && k < n && pv_py_isword(t[k]))
		return k - i;
	return 0;
}

/* The end of the chunk starting at `pos` (TextWrapper.wordsep_re). */
static size_t tw_chunk_end(const uint32_t *t, size_t n, size_t pos)
{
	if (t[pos] == ' ') {
		size_t k = pos;
		while (k < n && t[k] == ' ')
			k++;
		return k;
	}
	if (pos > 0 && tw_wordpunct(t[pos - 1])) {
		size_t d = tw_emdash(t, n, pos);
		if (d)
			return pos + d;
	}
	for (size_t end = pos + 1;; end++) {
		/* t[pos..end) are non-space characters */
		if (end >= n || t[end] == ' ')
			return end;
		if (t[end] == '-') {
			int behind = (end >= 2 && tw_letter(t, n, end - 2) && tw_letter(t, n, end - 1)) ||
				     (end >= 3 && tw_letter(t, n, end - 3) && t[end - 2] == '-' &&
				      tw_letter(t, n, end - 1));
			int ahead = tw_letter(t, n, end + 1) &&
				    (tw_letter(t, n, end + 2) ||
				     (end + 2 < n && t[end + 2] == '-' && tw_letter(t, n, end + 3)));
			if (behind && ahead)
				return end + 1;
			if (tw_wordpunct(t[end - 1]) && tw_emdash(t, n, end))
				return end;
		}
	}
}

/* chunk.strip() == '': what textwrap drops at line ends */
static int chunk_blank(const uint32_t *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!pv_py_isspace(t[i]))
			return 0;
	return 1;
}

static void wrap32(const uint32_t *in, size_t len, pv_buf *out)
{
	const size_t width = 32;
	/* expandtabs(8), then each of \t\n\v\f\r becomes a space */
	size_t cap = len * 8 + 1, n = 0, col = 0;
	uint32_t *t = malloc(cap * sizeof *t);
	size_t *starts = NULL;
	if (!t) {
		out->oom = 1;
		return;
	}
	for (size_t i = 0; i < len; i++) {
		uint32_t c = in[i];
		if (c == '\t') {
			size_t k = 8 - col % 8;
			for (size_t j = 0; j < k; j++)
				t[n++] = ' ';
			col += k;
			continue;
		}
		if (c == '\n' || c == '\r')
			col = 0;
		else
			col++;
		if (c == '\n' || c == '\v' || c == '\f' || c == '\r')
			c = ' ';
		t[n++] = c;
	}
	/* chunks: starts[i] .. starts[i + 1] */
	starts = malloc((n + 1) * sizeof *starts);
	if (!starts) {
		free(t);
		out->oom = 1;
		return;
	}
	size_t nch = 0;
	for (size_t pos = 0; pos < n;) {
		starts[nch++] = pos;
		pos = tw_chunk_end(t, n, pos);
	}
	starts[nch] = n;
#define CH_LEN(i) (starts[(i) + 1] - starts[(i)])
#define CH_SPACE(i) chunk_blank(t, starts[(i)], starts[(i) + 1])
	size_t next = 0;
	int nlines = 0;
	while (next < nch) {
		size_t first = next, cur_len = 0;
		if (CH_SPACE(next) && nlines > 0) {
			next++;
			first = next;
		}
		while (next < nch && cur_len + CH_LEN(next) <= width) {
			cur_len += CH_LEN(next);
			next++;
		}
		if (next < nch && CH_LEN(next) > width && next == first)
			next++; /* a long word alone on its line, unbroken */
		size_t last = next;
		if (last > first && CH_SPACE(last - 1))
			last--;
		if (last > first) {
			if (nlines++ > 0)
				pv_buf_putc(out, '\n');
			for (size_t i = starts[first]; i < starts[last]; i++)
				dot_put_raw(out, t[i]);
		}
	}
#undef CH_LEN
#undef CH_SPACE
	free(starts);
	free(t);
}

/* s.replace(from, to) on bytes, appending to out */
static void replace_all(const char *s, size_t n, const char *from, const char *to, pv_buf *out)
{
	size_t fl = strlen(from);
	for (size_t i = 0; i < n;) {
		if (i + fl <= n && memcmp(s + i, from, fl) == 0) {
			pv_buf_puts(out, to);
			i += fl;
		} else {
			pv_buf_putc(out, s[i++]);
		}
	}
}

void pv_dot_wrap_name(const char *s, size_t len, pv_buf *out)
{
	pv_buf a = PV_BUF_INIT, b = PV_BUF_INIT;
	size_t n;
	uint32_t *cp = dot_decode(s, len, &n);
	if (!cp) {
		out->oom = 1;
		return;
	}
	if (n > 32)
		wrap32(cp, n, &a);
	else
		pv_buf_append(&a, s, len);
	free(cp);
	replace_all(a.data ? a.data : "", a.len, ", ", ",", &b);
	pv_buf_reset(&a);
	replace_all(b.data ? b.data : "", b.len, "> >", ">>", &a);
	pv_buf_reset(&b);
	replace_all(a.data ? a.data : "", a.len, "> >", ">>", &b);
	if (!pv_buf_ok(&a) || !pv_buf_ok(&b))
		out->oom = 1;
	else
		pv_buf_append(out, b.data ? b.data : "", b.len);
	pv_buf_release(&a);
	pv_buf_release(&b);
}

/* ===================================================== --time-format */

typedef struct tfmt {
	size_t pre_start, pre_len;     /* text before the conversion */
	size_t spec_start, spec_len;   /* "%...c" without length modifiers */
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
		o->spec_len = k + 1 - i;
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

/* ===================================================== options */

int pv_dot_measure_parse(const char *name, pv_dot_measure *out)
{
	static const struct {
		const char *name;
		pv_dot_measure m;
	} tab[] = {
		{ "total-time-percentage", PV_DOT_TOTAL_TIME_PCT },
		{ "self-time-percentage", PV_DOT_SELF_TIME_PCT },
		{ "total-time", PV_DOT_TOTAL_TIME },
		{ "self-time", PV_DOT_SELF_TIME },
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(tab[i].name, name) == 0) {
			*out = tab[i].m;
			return 0;
		}
	return -1;
}

void pv_dot_options_init(pv_dot_options *o)
{
	memset(o, 0, sizeof *o);
	o->node_thres = 0.5;
	o->edge_thres = 0.1;
	o->depth = -1;
	o->skew = 1.0;
}

/* ===================================================== the graph (§2, §3) */

struct pv_dot_graph {
	const pv_profile *p;
	pv_dot_options o;
	const pv_dot_theme *theme;
	double skew;
	const pv_func *funcs;
	const pv_edge *edges;
	const uint32_t *cidx, *cstart;  /* callee index; each key's start in it */
	uint32_t nkeys, nfuncs, nedges;
	uint32_t *gid;        /* key -> node id (first-seen order) */
	uint32_t *key;        /* node id -> key */
	uint8_t *alive;       /* per key */
	uint8_t *ealive;      /* per edge */
	double time_sum;      /* profile[TIME] */
	double total_time;    /* profile[TOTAL_TIME] */
	double self_max;      /* --color-nodes-by-selftime divisor, or 0 */
	size_t nnodes, nlive_edges;
};

static double edge_ct(const pv_dot_graph *g, uint32_t e)
{
	const pv_edge *ed = &g->edges[e];
	if (pv_edge_is_int(ed)) {
		const pv_func *f = &g->funcs[ed->callee];
		return pv_dot_ratio((double)pv_edge_nc(ed), (double)pv_func_nc(f)) * f->ct;
	}
	return ed->ct;
}

static pv_count edge_calls(const pv_dot_graph *g, uint32_t e)
{
	const pv_edge *ed = &g->edges[e];
	return pv_edge_is_int(ed) ? pv_edge_nc(ed) : pv_edge_cc(ed);
}

static double edge_ratio(const pv_dot_graph *g, uint32_t e)
{
	return pv_dot_ratio(edge_ct(g, e), g->total_time);
}

static double node_total_ratio(const pv_dot_graph *g, uint32_t k)
{
	return pv_dot_ratio(g->funcs[k].ct, g->total_time);
}

static double node_self_ratio(const pv_dot_graph *g, uint32_t k)
{
	return pv_dot_ratio(g->funcs[k].tt, g->time_sum);
}

static double node_weight(const pv_dot_graph *g, uint32_t k)
{
	if (g->o.color_by_selftime && g->self_max != 0.0)
		return node_self_ratio(g, k) / g->self_max;
	return node_total_ratio(g, k);
}

/* Out-edges of key k: callee_index[cstart[k] .. cstart[k + 1]) */
#define FOR_OUT(g, k, e)                                                      \
	for (uint32_t e##_i = (g)->cstart[k], e##_n = (g)->cstart[(k) + 1], e = 0; \
	     e##_i < e##_n && ((e = (g)->cidx[e##_i]), 1); e##_i++)

/* In-edges of key k: edges[funcs[k].callers ...] */
#define FOR_IN(g, k, e)                                                               \
	for (uint32_t e = (g)->funcs[k].callers, e##_n = e + (g)->funcs[k].ncallers; e < e##_n; \
	     e++)

void pv_dot_graph_free(pv_dot_graph *g)
{
	if (!g)
		return;
	free(g->gid);
	free(g->key);
	free(g->alive);
	free(g->ealive);
	free(g);
}

size_t pv_dot_graph_nnodes(const pv_dot_graph *g)
{
	return g->nnodes;
}

size_t pv_dot_graph_nedges(const pv_dot_graph *g)
{
	return g->nlive_edges;
}

static void count_alive(pv_dot_graph *g)
{
	size_t nn = 0, ne = 0;
	for (uint32_t k = 0; k < g->nkeys; k++)
		nn += g->alive[k];
	for (uint32_t e = 0; e < g->nedges; e++)
		ne += g->ealive[e];
	g->nnodes = nn;
	g->nlive_edges = ne;
}

/* getFunctionIds(glob): keys of the matching names, the highest id per name. */
typedef struct name_hit {
	size_t off, len;
	const char *s;        /* set once all names are in the buffer */
	uint32_t gid;
} name_hit;

static int hit_cmp(const void *a, const void *b)
{
	const name_hit *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

/* Marks the selected keys in `sel`; returns how many, or -1 on OOM. */
static long select_glob(pv_dot_graph *g, const char *glob, uint8_t *sel)
{
	pv_fnmatch_pattern *m = pv_fnmatch_compile(glob);
	pv_buf names = PV_BUF_INIT;
	name_hit *hits = NULL;
	size_t nh = 0, cap = 0;
	long count = -1;
	if (!m)
		return -1;
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (!g->alive[k])
			continue;
		size_t off = names.len;
		pv_dot_func_name(g->p, k, &names);
		if (!pv_buf_ok(&names))
			goto out;
		if (!pv_fnmatch_match(m, names.data + off, names.len - off)) {
			names.len = off;
			continue;
		}
		if (pv_grow((void **)&hits, &cap, nh + 1, sizeof *hits) != 0)
			goto out;
		hits[nh++] = (name_hit){ off, names.len - off, NULL, id };
	}
	for (size_t i = 0; i < nh; i++)
		hits[i].s = names.data + hits[i].off;
	if (nh)
		qsort(hits, nh, sizeof *hits, hit_cmp);
	count = 0;
	for (size_t i = 0; i < nh; i++) {
		if (i + 1 < nh && hits[i].len == hits[i + 1].len &&
		    memcmp(names.data + hits[i].off, names.data + hits[i + 1].off, hits[i].len) == 0)
			continue; /* a later id has the same name: it wins */
		sel[g->key[hits[i].gid]] = 1;
		count++;
	}
out:
	free(hits);
	pv_buf_release(&names);
	pv_fnmatch_free(m);
	return count;
}

/*
 * prune_root / prune_leaf with a breadth-first depth limit: keeps the
 * selected keys and what is reachable (forward, or backward when `up`)
 * within `depth` steps through live edges, then drops the rest.
 */
static int prune_reach(pv_dot_graph *g, const uint8_t *sel, long depth, int up)
{
	uint32_t *queue = malloc((size_t)g->nkeys * sizeof *queue + 1);
	uint32_t *dist = malloc((size_t)g->nkeys * sizeof *dist + 1);
	if (!queue || !dist) {
		free(queue);
		free(dist);
		return -1;
	}
	size_t head = 0, tail = 0;
	for (uint32_t k = 0; k < g->nkeys; k++)
		dist[k] = NONE;
	/* seeds in node-id order, so the traversal is deterministic */
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (sel[k]) {
			dist[k] = 0;
			queue[tail++] = k;
		}
	}
	while (head < tail) {
		uint32_t k = queue[head++];
		if (depth >= 0 && dist[k] >= (uint64_t)depth)
			continue;
		if (!up) {
			FOR_OUT(g, k, e)
			{
				uint32_t c = g->edges[e].callee;
				if (g->ealive[e] && dist[c] == NONE) {
					dist[c] = dist[k] + 1;
					queue[tail++] = c;
				}
			}
		} else {
			FOR_IN(g, k, e)
			{
				uint32_t c = g->edges[e].caller;
				if (g->ealive[e] && g->alive[c] && dist[c] == NONE) {
					dist[c] = dist[k] + 1;
					queue[tail++] = c;
				}
			}
		}
	}
	for (uint32_t k = 0; k < g->nkeys; k++)
		if (dist[k] == NONE)
			g->alive[k] = 0;
	for (uint32_t e = 0; e < g->nedges; e++)
		if (!g->alive[g->edges[e].caller] || !g->alive[g->edges[e].callee])
			g->ealive[e] = 0;
	free(queue);
	free(dist);
	return 0;
}

/* First-seen numbering: each stats entry, then its callers (§2.2). */
static void number_nodes(pv_dot_graph *g)
{
	uint32_t next = 0;
	for (uint32_t k = 0; k < g->nkeys; k++)
		g->gid[k] = NONE;
	for (uint32_t f = 0; f < g->nfuncs; f++) {
		if (g->gid[f] == NONE) {
			g->key[next] = f;
			g->gid[f] = next++;
		}
		FOR_IN(g, f, e)
		{
			uint32_t c = g->edges[e].caller;
			if (g->gid[c] == NONE) {
				g->key[next] = c;
				g->gid[c] = next++;
			}
		}
	}
	/* keys no stats entry names (impossible from a loaded file) */
	for (uint32_t k = 0; k < g->nkeys; k++)
		if (g->gid[k] == NONE) {
			g->key[next] = k;
			g->gid[k] = next++;
		}
}

/*
 * --root (or --leaf, when `up`): keeps the keys matching `glob` and what
 * they reach within `depth` steps.  `sel` (nkeys bytes, all 0) is scratch
 * and is all 0 again afterwards.  Returns 0, or -1 with `err` set.
 */
static int prune_glob(pv_dot_graph *g, const char *glob, long depth, int up, uint8_t *sel,
		      pv_error *err)
{
	long n = select_glob(g, glob, sel);
	if (n < 0)
		return pv_error_set(err, "out of memory");
	if (n == 0)
		return pv_error_set(err, "%s node '%s' not found (might already be pruned: try -n0 -e0)",
				    up ? "leaf" : "root", glob);
	if (prune_reach(g, sel, depth, up) != 0)
		return pv_error_set(err, "out of memory");
	memset(sel, 0, (size_t)g->nkeys);
	return 0;
}

pv_dot_graph *pv_dot_build(const pv_profile *p, const pv_dot_options *o, pv_error *err)
{
	pv_dot_graph *g = calloc(1, sizeof *g);
	uint8_t *sel = NULL;
	if (!g) {
		pv_error_set(err, "out of memory");
		return NULL;
	}
	g->p = p;
	g->o = *o;
	g->theme = o->theme ? o->theme : &themes[0];
	g->skew = o->skew == 0.0 ? 1.0 : o->skew; /* gprof2dot ignores 0 */
	if (!(g->skew > 0.0)) {
		pv_error_set(err, "skew must be positive");
		goto fail;
	}
	if (o->time_format && pv_dot_check_time_format(o->time_format, err) != 0)
		goto fail;
	g->funcs = pv_profile_funcs(p);
	g->edges = pv_profile_edges(p);
	g->cidx = pv_profile_callee_index(p, &g->cstart);
	g->nkeys = (uint32_t)pv_profile_nkeys(p);
	g->nfuncs = (uint32_t)pv_profile_nfuncs(p);
	g->nedges = (uint32_t)pv_profile_nedges(p);
	g->gid = malloc((size_t)g->nkeys * sizeof *g->gid + 1);
	g->key = malloc((size_t)g->nkeys * sizeof *g->key + 1);
	g->alive = malloc((size_t)g->nkeys + 1);
	g->ealive = malloc((size_t)g->nedges + 1);
	if (!g->cidx || !g->gid || !g->key || !g->alive || !g->ealive) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	number_nodes(g);

	/* totals, in dict order (§2.3) */
	double tsum = 0.0, total = pv_profile_totals(p)->total_tt;
	for (uint32_t f = 0; f < g->nfuncs; f++) {
		tsum = tsum + g->funcs[f].tt;
		total = py_max(total, g->funcs[f].ct);
	}
	g->time_sum = tsum;
	g->total_time = total;

	/* §3.1: nodes, paths, edges */
	double nthres = o->node_thres / 100.0, ethres = o->edge_thres / 100.0;
	for (uint32_t k = 0; k < g->nkeys; k++) {
		int live = !(node_total_ratio(g, k) < nthres);
		if (live && o->npaths) {
			size_t flen;
			const char *file = pv_profile_string(p, g->funcs[k].file, &flen);
			if (flen > 0) {
				int ok = 0;
				for (size_t i = 0; i < o->npaths && !ok; i++) {
					size_t pl = strlen(o->paths[i]);
					ok = pl <= flen && memcmp(file, o->paths[i], pl) == 0;
				}
				live = ok;
			}
		}
		g->alive[k] = (uint8_t)live;
	}
	/* edges in storage order: sequential reads, whatever the key order */
	for (uint32_t e = 0; e < g->nedges; e++)
		g->ealive[e] = (uint8_t)(g->alive[g->edges[e].caller] &&
					 g->alive[g->edges[e].callee] &&
					 !(edge_ratio(g, e) < ethres));
	if (o->color_by_selftime) {
		double m = 0.0;
		int any = 0;
		for (uint32_t k = 0; k < g->nkeys; k++) {
			if (!g->alive[k])
				continue;
			double r = node_self_ratio(g, k);
			if (!any || r > m)
				m = r;
			any = 1;
		}
		g->self_max = any ? m : 1.0;
	}

	/* §3.2: --root, then (unless listing) --leaf */
	sel = calloc((size_t)g->nkeys + 1, 1);
	if (!sel) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	if (o->root && *o->root && prune_glob(g, o->root, o->depth, 0, sel, err) != 0)
		goto fail;
	if (o->leaf && *o->leaf && !o->stop_before_leaf &&
	    prune_glob(g, o->leaf, o->depth, 1, sel, err) != 0)
		goto fail;
	free(sel);
	count_alive(g);
	return g;
fail:
	free(sel);
	pv_dot_graph_free(g);
	return NULL;
}

/* ===================================================== DOT text (§5) */

/* DotWriter.escape: "..." with \\ \n \t \" escaped; invalid UTF-8 -> U+FFFD */
static void put_quoted(pv_buf *b, const char *s, size_t n)
{
	pv_buf_putc(b, '"');
	size_t run = 0; /* start of a run of bytes copied verbatim */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		pv_buf_append(b, s + run, i - run);
		if (c < 0x80) {
			switch (c) {
			case '"':
				pv_buf_puts(b, "\\\"");
				break;
			case '\\':
				pv_buf_puts(b, "\\\\");
				break;
			case '\n':
				pv_buf_puts(b, "\\n");
				break;
			case '\t':
				pv_buf_puts(b, "\\t");
				break;
			default:
				pv_buf_putc(b, (char)c);
			}
			i++;
		} else {
			uint32_t cp;
			size_t k = pv_utf8_next((const unsigned char *)s + i, n - i,
						PV_UTF8_SURROGATEESCAPE, &cp);
			if (cp >= 0xd800 && cp <= 0xdfff)
				pv_utf8_put(b, 0xfffd); /* not text: Graphviz wants valid UTF-8 */
			else
				pv_buf_append(b, s + i, k);
			i += k;
		}
		run = i;
	}
	pv_buf_append(b, s + run, n - run);
	pv_buf_putc(b, '"');
}

static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		x = x >= 'A' && x <= 'Z' ? x + 32 : x;
		y = y >= 'A' && y <= 'Z' ? y + 32 : y;
		if (x != y)
			return x - y;
	}
	return 0;
}

/* DotWriter.id for strings: bare when alphanumeric (ASCII), else quoted. */
static void put_id(pv_buf *b, const char *s, size_t n)
{
	static const char *const kw[] = { "node", "edge", "graph", "digraph", "subgraph", "strict" };
	int bare = n > 0 && !(n >= 2 && s[0] == '0' && s[1] == 'x');
	for (size_t i = 0; i < n && bare; i++) {
		unsigned char c = (unsigned char)s[i];
		bare = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}
	for (size_t i = 0; i < sizeof kw / sizeof kw[0] && bare; i++)
		if (strlen(kw[i]) == n && strncasecmp_ascii(s, kw[i], n) == 0)
			bare = 0;
	if (bare)
		pv_buf_append(b, s, n);
	else
		put_quoted(b, s, n);
}

static const char dot_header_filled[] =
	"digraph {\n"
	"\ttooltip=\" \"\n"
	"\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n"
	"\tnode [fontcolor=white, fontname=Arial, height=0, shape=box, style=filled, width=0];\n"
	"\tedge [fontname=Arial];\n";

static const char dot_header_solid[] =
	"digraph {\n"
	"\ttooltip=\" \"\n"
	"\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n"
	"\tnode [fontcolor=black, fontname=Arial, height=0, shape=box, style=solid, width=0];\n"
	"\tedge [fontname=Arial];\n";

static void put_color(pv_buf *b, const pv_dot_theme *t, double skew, double w)
{
	double rgb[3];
	char txt[8];
	pv_dot_theme_color(t, skew, w, rgb);
	pv_dot_rgb_text(rgb, txt);
	pv_buf_putc(b, '"');
	pv_buf_puts(b, txt);
	pv_buf_putc(b, '"');
}

static void put_pct(pv_buf *b, double ratio)
{
	pv_buf_printf(b, "%.2f%%", ratio * 100.0);
}

static void put_calls(pv_buf *b, pv_count n)
{
	char num[48]; /* Python's %u of a negative int keeps the sign */
	pv_count_format(n, num);
	pv_buf_puts(b, num);
	pv_buf_puts(b, "\xc3\x97"); /* U+00D7 MULTIPLICATION SIGN */
}

/* The name line as gprof2dot draws it: strip, truncate, wrap (§5.2). */
static void node_name(const pv_dot_graph *g, uint32_t k, pv_buf *out)
{
	pv_buf a = PV_BUF_INIT, b = PV_BUF_INIT;
	pv_dot_func_name(g->p, k, &a);
	if (g->o.strip) {
		pv_dot_strip_name(a.data ? a.data : "", a.len, &b);
		pv_buf_reset(&a);
		pv_buf_append(&a, b.data ? b.data : "", b.len);
		pv_buf_reset(&b);
	}
	if (pv_buf_ok(&a) &&
	    pv_utf8_length(a.data ? a.data : "", a.len, PV_UTF8_SURROGATEESCAPE) >= 4096) {
		/* first 4095 characters and an ellipsis */
		size_t i = 0;
		uint32_t cp;
		for (size_t c = 0; c < 4095; c++)
			i += pv_utf8_next((const unsigned char *)a.data + i, a.len - i,
					  PV_UTF8_SURROGATEESCAPE, &cp);
		a.len = i;
		a.data[i] = 0;
		pv_buf_puts(&a, "\xe2\x80\xa6");
	}
	if (g->o.wrap)
		pv_dot_wrap_name(a.data ? a.data : "", a.len, out);
	else
		pv_buf_append(out, a.data ? a.data : "", a.len);
	if (!pv_buf_ok(&a) || !pv_buf_ok(&b))
		out->oom = 1;
	pv_buf_release(&a);
	pv_buf_release(&b);
}

static void node_label(const pv_dot_graph *g, uint32_t k, pv_buf *lab)
{
	static const pv_dot_measure defaults[] = { PV_DOT_TOTAL_TIME_PCT, PV_DOT_SELF_TIME_PCT };
	const pv_dot_measure *m = g->o.labels ? g->o.labels : defaults;
	size_t nm = g->o.labels ? g->o.nlabels : 2;
	const char *tf = g->o.time_format ? g->o.time_format : "%.7g";
	const pv_func *f = &g->funcs[k];
	node_name(g, k, lab);
	for (size_t i = 0; i < nm; i++) {
		pv_buf_putc(lab, '\n');
		switch (m[i]) {
		case PV_DOT_TOTAL_TIME_PCT:
			put_pct(lab, node_total_ratio(g, k));
			break;
		case PV_DOT_SELF_TIME_PCT:
			pv_buf_putc(lab, '(');
			put_pct(lab, node_self_ratio(g, k));
			pv_buf_putc(lab, ')');
			break;
		case PV_DOT_TOTAL_TIME:
			pv_dot_format_time(tf, f->ct, lab);
			break;
		case PV_DOT_SELF_TIME:
			pv_buf_putc(lab, '(');
			pv_dot_format_time(tf, f->tt, lab);
			pv_buf_putc(lab, ')');
			break;
		}
	}
	pv_buf_putc(lab, '\n');
	put_calls(lab, pv_func_nc(f));
}

typedef struct out_edge {
	uint32_t gid;
	uint32_t e;
} out_edge;

static int out_edge_cmp(const void *a, const void *b)
{
	const out_edge *x = a, *y = b;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

static void write_node(const pv_dot_graph *g, uint32_t id, uint32_t k, pv_buf *out, pv_buf *lab)
{
	const pv_dot_theme *t = g->theme;
	double w = node_weight(g, k);
	pv_buf_printf(out, "\t%u [color=", (unsigned)id);
	put_color(out, t, g->skew, w);
	pv_buf_puts(out, ", fontcolor=");
	if (t->solid) {
		put_color(out, t, g->skew, w);
	} else {
		/* hsl_to_rgb(bgcolor) is white in every theme */
		pv_buf_puts(out, "\"#ffffff\"");
	}
	pv_buf_printf(out, ", fontsize=\"%.2f\", label=", pv_dot_fontsize(t, w));
	pv_buf_reset(lab);
	node_label(g, k, lab);
	put_quoted(out, lab->data ? lab->data : "", lab->len);
	if (!pv_buf_ok(lab))
		out->oom = 1;
	pv_buf_puts(out, ", tooltip=");
	size_t flen;
	const char *file = pv_profile_string(g->p, g->funcs[k].file, &flen);
	put_id(out, file, flen);
	pv_buf_puts(out, "];\n");
}

static void write_edge(const pv_dot_graph *g, uint32_t from, uint32_t to, uint32_t e, pv_buf *out)
{
	const pv_dot_theme *t = g->theme;
	double w = edge_ratio(g, e);
	pv_buf_printf(out, "\t%u -> %u [arrowsize=\"%.2f\", color=", (unsigned)from, (unsigned)to,
		      pv_dot_arrowsize(t, w));
	put_color(out, t, g->skew, w);
	pv_buf_puts(out, ", fontcolor=");
	put_color(out, t, g->skew, w);
	pv_buf_printf(out, ", fontsize=\"%.2f\", label=\"", pv_dot_fontsize(t, w));
	put_pct(out, w);
	pv_buf_puts(out, "\\n");
	put_calls(out, edge_calls(g, e));
	double pw = pv_dot_penwidth(t, w);
	pv_buf_printf(out, "\", labeldistance=\"%.2f\", penwidth=\"%.2f\"];\n", pw, pw);
}

int pv_dot_write(const pv_dot_graph *g, pv_buf *out, pv_error *err)
{
	pv_buf lab = PV_BUF_INIT;
	out_edge *oe = NULL;
	size_t cap = 0;
	pv_buf_puts(out, g->theme->solid ? dot_header_solid : dot_header_filled);
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (!g->alive[k])
			continue;
		write_node(g, id, k, out, &lab);
		size_t n = 0;
		FOR_OUT(g, k, e)
		{
			if (!g->ealive[e])
				continue;
			if (pv_grow((void **)&oe, &cap, n + 1, sizeof *oe) != 0) {
				free(oe);
				pv_buf_release(&lab);
				return pv_error_set(err, "out of memory");
			}
			oe[n++] = (out_edge){ g->gid[g->edges[e].callee], e };
		}
		if (n > 1)
			qsort(oe, n, sizeof *oe, out_edge_cmp);
		for (size_t i = 0; i < n; i++)
			write_edge(g, id, oe[i].gid, oe[i].e, out);
		if (!pv_buf_ok(out))
			break;
	}
	pv_buf_puts(out, "}\n");
	free(oe);
	pv_buf_release(&lab);
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}

/* ===================================================== --list-functions */

void pv_dot_list_functions(const pv_dot_graph *g, const char *selector, pv_buf *out)
{
	int all = strcmp(selector, "+") == 0 || strcmp(selector, "*") == 0;
	int dump = selector[0] == '%';
	const char *glob = dump ? selector + 1 : selector;
	pv_fnmatch_pattern *m = all ? NULL : pv_fnmatch_compile(glob);
	pv_buf name = PV_BUF_INIT;
	int first = 1;
	if (!all && !m) {
		out->oom = 1;
		return;
	}
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (!g->alive[k])
			continue;
		pv_buf_reset(&name);
		pv_dot_func_name(g->p, k, &name);
		if (!pv_buf_ok(&name))
			break;
		if (!all && !pv_fnmatch_match(m, name.data, name.len))
			continue;
		if (!first)
			pv_buf_puts(out, ",\n");
		first = 0;
		if (all || dump)
			pv_buf_printf(out, "%u:\t", (unsigned)id);
		pv_buf_append(out, name.data, name.len);
		if (dump) {
			const pv_func *f = &g->funcs[k];
			size_t flen;
			const char *file = pv_profile_string(g->p, f->file, &flen);
			char num[48];
			pv_count_format(pv_func_nc(f), num);
			pv_buf_puts(out, "\n\tfile: ");
			pv_buf_append(out, file, flen);
			pv_buf_printf(out, "\n\tcalls: %s\n\ttotal time: %.7g (", num, f->ct);
			put_pct(out, node_total_ratio(g, k));
			pv_buf_printf(out, ")\n\tself time: %.7g (", f->tt);
			put_pct(out, node_self_ratio(g, k));
			pv_buf_puts(out, ")");
			size_t ncallees = 0, ncallers = 0;
			FOR_OUT(g, k, e)
			ncallees += g->ealive[e];
			FOR_IN(g, k, e)
			ncallers += g->ealive[e] && g->alive[g->edges[e].caller];
			pv_buf_printf(out, "\n\tcallers shown: %zu, callees shown: %zu", ncallers,
				      ncallees);
		}
	}
	pv_buf_putc(out, '\n');
	pv_buf_release(&name);
	pv_fnmatch_free(m);
}

/* ===================================================== --compare */

typedef struct cmp_node {
	uint32_t kb, kc; /* key in base / new profile, or NONE */
} cmp_node;

typedef struct cmp_edge {
	uint32_t to;
	uint32_t eb, ec; /* edge in base / new profile, or NONE */
} cmp_edge;

static int cmp_edge_cmp(const void *a, const void *b)
{
	const cmp_edge *x = a, *y = b;
	return x->to < y->to ? -1 : x->to > y->to;
}

/* The key of `dst` equal to key k of `src`, or NONE. */
static uint32_t same_key(const pv_profile *dst, const pv_profile *src, uint32_t k)
{
	const pv_func *f = &pv_profile_funcs(src)[k];
	const char *file = pv_profile_string(src, f->file, NULL);
	const char *name = pv_profile_string(src, f->name, NULL);
	long r = pv_profile_find(dst, file, f->line, name);
	return r < 0 ? NONE : (uint32_t)r;
}

/* The edge caller -> callee of g's profile, or NONE. */
static uint32_t find_edge(const pv_dot_graph *g, uint32_t caller, uint32_t callee)
{
	if (caller == NONE || callee == NONE)
		return NONE;
	FOR_IN(g, callee, e)
	if (g->edges[e].caller == caller)
		return e;
	return NONE;
}

/* Fill colour for a change of `d` (fraction of total time) out of `max`. */
static void cmp_color(double d, double max, char txt[8], int *dark)
{
	double rgb[3];
	if (!(fabs(d) >= 1e-4) || !(max > 0.0)) {
		snprintf(txt, 8, "#e8e8e8");
		*dark = 0;
		return;
	}
	double x = fabs(d) / max;
	double l = 0.92 - 0.50 * (x > 1.0 ? 1.0 : x);
	pv_dot_hsl_to_rgb(&themes[0], d > 0 ? 0.0 : 1.0 / 3.0, 0.85, l, rgb);
	pv_dot_rgb_text(rgb, txt);
	*dark = l < 0.6;
}

static void cmp_pct_line(pv_buf *b, int has_b, double rb, int has_c, double rc, int paren)
{
	if (paren)
		pv_buf_putc(b, '(');
	if (has_b && has_c) {
		put_pct(b, rb);
		pv_buf_puts(b, " \xe2\x86\x92 "); /* U+2192 RIGHTWARDS ARROW */
		put_pct(b, rc);
		if (!paren)
			pv_buf_printf(b, " (%+.2f)", (rc - rb) * 100.0);
	} else {
		put_pct(b, has_c ? rc : rb);
	}
	if (paren)
		pv_buf_putc(b, ')');
}

static void cmp_calls_line(pv_buf *b, int has_b, pv_count nb, int has_c, pv_count nc)
{
	if (has_b && has_c && nb != nc) {
		put_calls(b, nb);
		pv_buf_puts(b, " \xe2\x86\x92 ");
	}
	put_calls(b, has_c ? nc : nb);
}

int pv_dot_write_compare(const pv_profile *base, const pv_profile *cur,
			 const pv_dot_options *o, pv_buf *out, size_t *nnodes, pv_error *err)
{
	int rc = -1;
	pv_dot_graph *gb = NULL, *gc = NULL;
	uint32_t *ub = NULL, *uc = NULL;
	cmp_node *nodes = NULL;
	cmp_edge *ce = NULL;
	pv_buf lab = PV_BUF_INIT;
	size_t nn = 0, cap = 0;

	gb = pv_dot_build(base, o, err);
	if (!gb)
		goto out;
	gc = pv_dot_build(cur, o, err);
	if (!gc)
		goto out;
	ub = malloc((size_t)gb->nkeys * sizeof *ub + 1);
	uc = malloc((size_t)gc->nkeys * sizeof *uc + 1);
	nodes = malloc(((size_t)gb->nnodes + gc->nnodes + 1) * sizeof *nodes);
	if (!ub || !uc || !nodes)
		goto oom;
	for (uint32_t k = 0; k < gb->nkeys; k++)
		ub[k] = NONE;
	for (uint32_t k = 0; k < gc->nkeys; k++)
		uc[k] = NONE;
	/* the new profile's nodes in its order, then those only the base has */
	for (uint32_t id = 0; id < gc->nkeys; id++) {
		uint32_t k = gc->key[id];
		if (!gc->alive[k])
			continue;
		uint32_t kb = same_key(base, cur, k);
		nodes[nn] = (cmp_node){ kb, k };
		uc[k] = (uint32_t)nn;
		if (kb != NONE)
			ub[kb] = (uint32_t)nn;
		nn++;
	}
	for (uint32_t id = 0; id < gb->nkeys; id++) {
		uint32_t k = gb->key[id];
		if (!gb->alive[k] || ub[k] != NONE)
			continue;
		uint32_t kc = same_key(cur, base, k);
		nodes[nn] = (cmp_node){ k, kc };
		ub[k] = (uint32_t)nn;
		if (kc != NONE && uc[kc] == NONE)
			uc[kc] = (uint32_t)nn;
		nn++;
	}
	/* colour scale: the largest change of total % */
	double max = 0.0;
	for (size_t i = 0; i < nn; i++) {
		double rb = nodes[i].kb != NONE ? node_total_ratio(gb, nodes[i].kb) : 0.0;
		double rcur = nodes[i].kc != NONE ? node_total_ratio(gc, nodes[i].kc) : 0.0;
		max = py_max(max, fabs(rcur - rb));
	}

	pv_buf_puts(out, "digraph {\n"
			 "\ttooltip=\" \"\n"
			 "\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n"
			 "\tnode [fontcolor=black, fontname=Arial, height=0, shape=box, "
			 "style=filled, width=0];\n"
			 "\tedge [fontname=Arial];\n");
	for (size_t i = 0; i < nn; i++) {
		uint32_t kb = nodes[i].kb, kc = nodes[i].kc;
		int hb = kb != NONE, hc = kc != NONE;
		const pv_dot_graph *g = hc ? gc : gb;
		uint32_t k = hc ? kc : kb;
		double rb = hb ? node_total_ratio(gb, kb) : 0.0;
		double rcur = hc ? node_total_ratio(gc, kc) : 0.0;
		char col[8];
		int dark;
		cmp_color(rcur - rb, max, col, &dark);

		pv_buf_reset(&lab);
		node_name(g, k, &lab);
		pv_buf_putc(&lab, '\n');
		if (!hb)
			pv_buf_puts(&lab, "new: ");
		else if (!hc)
			pv_buf_puts(&lab, "gone: ");
		cmp_pct_line(&lab, hb, rb, hc, rcur, 0);
		pv_buf_putc(&lab, '\n');
		cmp_pct_line(&lab, hb, hb ? node_self_ratio(gb, kb) : 0.0, hc,
			     hc ? node_self_ratio(gc, kc) : 0.0, 1);
		pv_buf_putc(&lab, '\n');
		cmp_calls_line(&lab, hb, hb ? pv_func_nc(&gb->funcs[kb]) : 0, hc,
			       hc ? pv_func_nc(&gc->funcs[kc]) : 0);

		pv_buf_printf(out, "\t%zu [color=\"%s\", fontcolor=\"%s\", label=", i, col,
			      dark ? "#ffffff" : "#000000");
		put_quoted(out, lab.data ? lab.data : "", lab.len);
		if (!hb || !hc)
			pv_buf_puts(out, !hb ? ", style=\"filled,bold\"" : ", style=\"filled,dashed\"");
		size_t flen;
		const char *file = pv_profile_string(g->p, g->funcs[k].file, &flen);
		pv_buf_puts(out, ", tooltip=");
		put_id(out, file, flen);
		pv_buf_puts(out, "];\n");

		/* edges: the union of both sides' live edges, by target */
		size_t ne = 0;
		if (hc) {
			FOR_OUT(gc, kc, e)
			{
				if (!gc->ealive[e])
					continue;
				if (pv_grow((void **)&ce, &cap, ne + 1, sizeof *ce) != 0)
					goto oom;
				uint32_t to = uc[gc->edges[e].callee];
				ce[ne++] = (cmp_edge){ to, find_edge(gb, kb, nodes[to].kb), e };
			}
		}
		if (hb) {
			FOR_OUT(gb, kb, e)
			{
				if (!gb->ealive[e])
					continue;
				uint32_t to = ub[gb->edges[e].callee];
				int dup = 0;
				for (size_t q = 0; q < ne && !dup; q++)
					dup = ce[q].to == to;
				if (dup)
					continue;
				if (pv_grow((void **)&ce, &cap, ne + 1, sizeof *ce) != 0)
					goto oom;
				ce[ne++] = (cmp_edge){ to, e, find_edge(gc, kc, nodes[to].kc) };
			}
		}
		if (ne > 1)
			qsort(ce, ne, sizeof *ce, cmp_edge_cmp);
		for (size_t q = 0; q < ne; q++) {
			int eb = ce[q].eb != NONE, ec = ce[q].ec != NONE;
			double wb = eb ? edge_ratio(gb, ce[q].eb) : 0.0;
			double wc = ec ? edge_ratio(gc, ce[q].ec) : 0.0;
			char ecol[8];
			int edark;
			cmp_color(wc - wb, max, ecol, &edark);
			if (!edark)
				snprintf(ecol, sizeof ecol, "#a0a0a0");
			double pw = pv_dot_penwidth(&themes[0], py_max(wb, wc));
			pv_buf_printf(out, "\t%zu -> %u [arrowsize=\"%.2f\", color=\"%s\", "
					   "fontcolor=\"%s\", label=",
				      i, (unsigned)ce[q].to, 0.5 * sqrt(pw), ecol, ecol);
			pv_buf_reset(&lab);
			if (!eb)
				pv_buf_puts(&lab, "new: ");
			else if (!ec)
				pv_buf_puts(&lab, "gone: ");
			cmp_pct_line(&lab, eb, wb, ec, wc, 0);
			pv_buf_putc(&lab, '\n');
			cmp_calls_line(&lab, eb, eb ? edge_calls(gb, ce[q].eb) : 0, ec,
				       ec ? edge_calls(gc, ce[q].ec) : 0);
			put_quoted(out, lab.data ? lab.data : "", lab.len);
			pv_buf_printf(out, ", penwidth=\"%.2f\"%s];\n", pw,
				      eb && ec ? "" : ", style=dashed");
		}
	}
	pv_buf_puts(out, "}\n");
	if (!pv_buf_ok(out) || !pv_buf_ok(&lab))
		goto oom;
	if (nnodes)
		*nnodes = nn;
	rc = 0;
	goto out;
oom:
	pv_error_set(err, "out of memory");
out:
	pv_buf_release(&lab);
	free(ce);
	free(nodes);
	free(ub);
	free(uc);
	pv_dot_graph_free(gb);
	pv_dot_graph_free(gc);
	return rc;
}
