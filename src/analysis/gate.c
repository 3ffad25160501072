/*
 * gate.c - the CI gate's rules: parsing and judging them against a diff
 * (see pv/gate.h for the grammar and the semantics).
 */
#include "pv/gate.h"
#include "pv/grow.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/buf.h"

/* ===================================================== parsing */

typedef struct gate_parser {
	const char *s;   /* the whole rule */
	size_t i;        /* current position */
	pv_error *err;
	size_t *column;
} gate_parser;

__attribute__((format(printf, 3, 4)))
static int gate_fail(gate_parser *p, size_t at, const char *fmt, ...)
{
	char msg[PV_ERROR_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->column)
		*p->column = at + 1;
	return pv_error_set(p->err, "column %zu: %s", at + 1, msg);
}

static void gate_blanks(gate_parser *p)
{
	while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
		p->i++;
}

static int gate_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* What is at `at`, quoted for messages: up to 16 bytes, to a blank. */
static const char *gate_word(const gate_parser *p, size_t at, char out[24])
{
	size_t n = 0;
	if (!p->s[at])
		return "the end";
	out[0] = '\'';
	while (n < 16 && p->s[at + n] && p->s[at + n] != ' ' && p->s[at + n] != '\t') {
		out[1 + n] = p->s[at + n];
		n++;
	}
	out[1 + n] = '\'';
	out[2 + n] = 0;
	return out;
}

/*
 * The end of the regex that starts at p->i (just after "("): the ")" that
 * closes the group, skipping escaped characters, character classes and
 * nested groups.  Returns its index, or 0 when there is none.
 */
static size_t gate_regex_end(const gate_parser *p)
{
	int depth = 0;
	for (size_t i = p->i; p->s[i]; i++) {
		char c = p->s[i];
		if (c == '\\') {
			if (!p->s[++i])
				return 0;
		} else if (c == '[') {
			/* "[]...]" and "[^]...]" take the first ']' literally */
			i++;
			if (p->s[i] == '^')
				i++;
			if (p->s[i] == ']')
				i++;
			while (p->s[i] && p->s[i] != ']') {
				if (p->s[i] == '\\' && p->s[i + 1])
					i++;
				i++;
			}
			if (!p->s[i])
				return 0;
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth == 0)
				return i;
			depth--;
		}
	}
	return 0;
}

/* One CHANGE into the rule (which part is given by its unit). */
static int gate_change(gate_parser *p, pv_gate_rule *r)
{
	char w[24];
	gate_blanks(p);
	size_t start = p->i;
	int neg = 0;
	if (p->s[p->i] == '+' || p->s[p->i] == '-')
		neg = p->s[p->i++] == '-';
	size_t digits = p->i;
	size_t nint = strspn(p->s + p->i, "0123456789");
	p->i += nint;
	size_t nfrac = 0;
	int dot = p->s[p->i] == '.';
	if (dot) {
		nfrac = strspn(p->s + p->i + 1, "0123456789");
		p->i += 1 + nfrac;
	}
	if (nint + nfrac == 0)
		return gate_fail(p, start, "expected a change such as +15%%, +20ms or +1, not %s",
				 gate_word(p, start, w));
	size_t unit = p->i;
	char num[64];
	if (p->i - digits >= sizeof num)
		return gate_fail(p, digits, "the number is too long");
	memcpy(num, p->s + digits, p->i - digits);
	num[p->i - digits] = 0;
	double v = strtod(num, NULL);
	if (neg)
		v = -v;
	if (!isfinite(v))
		return gate_fail(p, digits, "the number is too large");

	/* the unit, maybe after blanks ("+20 ms"); "and" is no unit */
	size_t j = unit;
	while (p->s[j] == ' ' || p->s[j] == '\t')
		j++;
	const char *u = p->s + j;
	double scale = 0; /* seconds per unit; 0: no time unit */
	size_t ulen = 0;
	int pct = 0;
	if (*u == '%') {
		pct = 1;
		ulen = 1;
	} else if ((u[0] == 'm' || u[0] == 'u') && u[1] == 's' && !gate_is_alpha(u[2])) {
		scale = u[0] == 'm' ? 1e-3 : 1e-6;
		ulen = 2;
	} else if (u[0] == 's' && !gate_is_alpha(u[1])) {
		scale = 1;
		ulen = 1;
	} else if (gate_is_alpha(*u) && !(j > unit && strncmp(u, "and", 3) == 0 &&
					  !gate_is_alpha(u[3]))) {
		return gate_fail(p, j, "unknown unit %s: %% for a percent, s, ms or us for a time",
				 gate_word(p, j, w));
	}
	if (ulen)
		p->i = j + ulen;

	if (pct) {
		if (r->has_pct)
			return gate_fail(p, start, "a rule has one percent change at most");
		r->has_pct = 1;
		r->pct = v;
		return 0;
	}
	if (r->has_abs)
		return gate_fail(p, start, "a rule has one absolute change at most");
	if (r->metric == PV_GATE_NCALLS) {
		if (scale)
			return gate_fail(p, unit, "ncalls counts calls: give a plain number, not a time");
		if (dot)
			return gate_fail(p, digits, "a count of calls is a whole number");
		pv_count n = 0;
		for (size_t k = 0; k < nint; k++) {
			if (n > (pv_count)1e30)
				return gate_fail(p, digits, "the number is too large");
			n = n * 10 + (p->s[digits + k] - '0');
		}
		r->abs_calls = neg ? -n : n;
	} else {
		if (!scale)
			return gate_fail(p, unit, "a time needs a unit: s, ms or us (or %% for a percent)");
		r->abs_time = v * scale;
	}
	r->has_abs = 1;
	return 0;
}

int pv_gate_rule_parse(const char *text, pv_gate_rule *r, size_t *column, pv_error *err)
{
	static const struct {
		const char *word;
		pv_gate_metric metric;
	} metrics[] = {
		{ "total", PV_GATE_TOTAL },
		{ "tottime", PV_GATE_TOTTIME },
		{ "cumtime", PV_GATE_CUMTIME },
		{ "ncalls", PV_GATE_NCALLS },
	};
	gate_parser p = { text, 0, err, column };
	char w[24];
	memset(r, 0, sizeof *r);
	if (column)
		*column = 0;
	r->text = strdup(text);
	if (!r->text)
		return pv_error_set(err, "out of memory");

	gate_blanks(&p);
	size_t start = p.i, n = 0;
	while (gate_is_alpha(text[p.i + n]))
		n++;
	size_t k = 0;
	for (; k < sizeof metrics / sizeof metrics[0]; k++)
		if (strlen(metrics[k].word) == n && strncmp(metrics[k].word, text + start, n) == 0)
			break;
	if (k == sizeof metrics / sizeof metrics[0])
		return gate_fail(&p, start, "expected total, tottime, cumtime or ncalls, not %s",
				 gate_word(&p, start, w));
	r->metric = metrics[k].metric;
	p.i += n;
	gate_blanks(&p);

	if (text[p.i] == '(') {
		if (r->metric == PV_GATE_TOTAL)
			return gate_fail(&p, p.i, "'total' is the whole profile's time and takes no regex");
		size_t open = p.i++;
		size_t close = gate_regex_end(&p);
		if (!close)
			return gate_fail(&p, open, "the '(' of the regex has no matching ')'");
		if (close == p.i)
			return gate_fail(&p, p.i, "the regex is empty (leave out the parentheses to "
						  "take every function)");
		char *pat = strndup(text + p.i, close - p.i);
		if (!pat)
			return pv_error_set(err, "out of memory");
		char msg[256];
		int rc = pv_pyre_compile(&r->re, pat, msg, sizeof msg);
		free(pat);
		if (rc == -2)
			return pv_error_set(err, "out of memory");
		if (rc)
			return gate_fail(&p, p.i, "bad regex: %s", msg);
		r->has_regex = 1;
		p.i = close + 1;
		gate_blanks(&p);
	}
	if (text[p.i] != '>')
		return gate_fail(&p, p.i, "expected '>' and a change, not %s", gate_word(&p, p.i, w));
	p.i++;
	if (gate_change(&p, r))
		return -1;
	gate_blanks(&p);
	if (strncmp(text + p.i, "and", 3) == 0 && !gate_is_alpha(text[p.i + 3])) {
		p.i += 3;
		gate_blanks(&p);
		if (text[p.i] != '>')
			return gate_fail(&p, p.i, "expected '>' after 'and', not %s",
					 gate_word(&p, p.i, w));
		p.i++;
		if (gate_change(&p, r))
			return -1;
		gate_blanks(&p);
	}
	if (text[p.i])
		return gate_fail(&p, p.i, "unexpected %s (only 'and > CHANGE' may follow)",
				 gate_word(&p, p.i, w));
	return 0;
}

void pv_gate_rule_free(pv_gate_rule *r)
{
	if (r->has_regex)
		pv_pyre_free(&r->re);
	free(r->text);
	memset(r, 0, sizeof *r);
}

/* ===================================================== judging */

double pv_gate_hit_pct(const pv_gate_hit *h)
{
	double d = h->new_ - h->base;
	if (h->base != 0)
		return 100 * d / fabs(h->base);
	return h->new_ > 0 ? HUGE_VAL : h->new_ < 0 ? -HUGE_VAL : 0;
}

/* Does the change of `h` exceed every part of `r`? */
static int gate_trips(const pv_gate_rule *r, const pv_gate_hit *h)
{
	if (r->has_pct && !r->has_abs && h->base == 0)
		return 0; /* no relative change to speak of (pv/gate.h) */
	if (r->has_pct && !(pv_gate_hit_pct(h) > r->pct))
		return 0;
	if (r->has_abs) {
		if (r->metric == PV_GATE_NCALLS)
			return h->new_calls - h->base_calls > r->abs_calls;
		return h->new_ - h->base > r->abs_time;
	}
	return 1;
}

static void gate_values(const pv_gate_rule *r, const pv_diff_row *row, pv_gate_hit *h)
{
	h->base_absent = row->base.nfuncs == 0;
	h->base_calls = row->base.nc;
	h->new_calls = row->new_.nc;
	switch (r->metric) {
	case PV_GATE_TOTTIME:
		h->base = row->base.tt;
		h->new_ = row->new_.tt;
		break;
	case PV_GATE_CUMTIME:
		h->base = row->base.ct;
		h->new_ = row->new_.ct;
		break;
	default:
		h->base = (double)row->base.nc;
		h->new_ = (double)row->new_.nc;
		break;
	}
}

/* Largest change first within a rule; ties keep the row order. */
static int gate_hit_cmp(const void *a, const void *b)
{
	const pv_gate_hit *x = a, *y = b;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	pv_count cx = x->new_calls - x->base_calls, cy = y->new_calls - y->base_calls;
	double dx = x->new_ - x->base, dy = y->new_ - y->base;
	int calls = x->row != PV_GATE_TOTAL_ROW && cx != cy && dx == dy;
	if (calls)
		return cx > cy ? -1 : 1;
	if (dx != dy && !isnan(dx) && !isnan(dy))
		return dx > dy ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int gate_push(pv_gate_result *g, size_t *cap, const pv_gate_hit *h)
{
	if (pv_grow((void **)&g->hits, cap, g->nhits + 1, sizeof *g->hits) < 0)
		return -1;
	g->hits[g->nhits++] = *h;
	return 0;
}

int pv_gate_eval(const pv_diff *d, pv_gate_rule *rules, size_t nrules, pv_gate_result *out,
		 pv_error *err)
{
	memset(out, 0, sizeof *out);
	out->nrules = nrules;
	out->rule_hits = calloc(nrules ? nrules : 1, sizeof *out->rule_hits);
	if (!out->rule_hits)
		return pv_error_set(err, "out of memory");
	size_t cap = 0;
	pv_buf label = PV_BUF_INIT;
	for (size_t k = 0; k < nrules; k++) {
		pv_gate_rule *r = &rules[k];
		pv_gate_hit h;
		if (r->metric == PV_GATE_TOTAL) {
			memset(&h, 0, sizeof h);
			h.rule = k;
			h.row = PV_GATE_TOTAL_ROW;
			h.base = d->totals.tt[0];
			h.new_ = d->totals.tt[1];
			if (gate_trips(r, &h) && gate_push(out, &cap, &h))
				goto oom;
		}
		for (size_t i = 0; r->metric != PV_GATE_TOTAL && i < d->nrows; i++) {
			memset(&h, 0, sizeof h);
			h.rule = k;
			h.row = i;
			gate_values(r, &d->rows[i], &h);
			if (!gate_trips(r, &h))
				continue;
			if (r->has_regex) {
				pv_buf_reset(&label);
				pv_diff_row_label(d, i, &label);
				if (!pv_buf_ok(&label))
					goto oom;
				int hit = pv_pyre_search(&r->re, label.data ? label.data : "",
							 label.len);
				if (hit == PV_PYRE_TOO_COMPLEX) {
					pv_buf_release(&label);
					return pv_pyre_gave_up(&r->re, err);
				}
				if (!hit)
					continue;
			}
			if (gate_push(out, &cap, &h))
				goto oom;
		}
	}
	pv_buf_release(&label);
	if (out->nhits)
		qsort(out->hits, out->nhits, sizeof *out->hits, gate_hit_cmp);
	for (size_t j = 0; j < out->nhits; j++)
		if (out->rule_hits[out->hits[j].rule]++ == 0)
			out->tripped++;
	return 0;
oom:
	pv_buf_release(&label);
	return pv_error_set(err, "out of memory");
}

void pv_gate_result_free(pv_gate_result *g)
{
	free(g->hits);
	free(g->rule_hits);
	memset(g, 0, sizeof *g);
}
