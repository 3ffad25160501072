/*
 * gate_write.c - the CI gate's lines and the diff's Markdown summary (see
 * pv/gate_write.h and docs/gate.md).
 */
#include "pv/gate_write.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pv/count.h"
#include "pv/utf8.h"

/* ===================================================== numbers */

/* A time for people: "0.120 s", "0.350 ms"; nan/inf as Python spells them. */
static void gw_time(pv_buf *out, double v)
{
	if (isnan(v))
		pv_buf_puts(out, "nan s");
	else if (isinf(v))
		pv_buf_puts(out, v < 0 ? "-inf s" : "inf s");
	else if (v == 0 || fabs(v) >= 1e-3)
		pv_buf_printf(out, "%.3f s", v);
	else
		pv_buf_printf(out, "%.3f ms", v * 1e3);
}

/* A change of time with its sign: "+1.234 s", "+41 ms", "+4.2 ms", "+350 us",
 * "+0.4 us". */
static void gw_delta_time(pv_buf *out, double d)
{
	double a = fabs(d);
	if (isnan(d))
		pv_buf_puts(out, "nan s");
	else if (isinf(d))
		pv_buf_puts(out, d < 0 ? "-inf s" : "+inf s");
	else if (a >= 1)
		pv_buf_printf(out, "%+.3f s", d);
	else if (a >= 10e-3)
		pv_buf_printf(out, "%+.0f ms", d * 1e3);
	else if (a >= 1e-3)
		pv_buf_printf(out, "%+.1f ms", d * 1e3);
	else if (a >= 10e-6)
		pv_buf_printf(out, "%+.0f us", d * 1e6);
	else
		pv_buf_printf(out, "%+.1f us", d * 1e6);
}

static void gw_count(pv_buf *out, pv_count v, int sign)
{
	char t[48];
	if (sign && v >= 0)
		pv_buf_putc(out, '+');
	pv_buf_append(out, t, pv_count_format(v, t));
}

/* "+34.2%", "+inf%", or "new" for a function absent from BASE. */
static void gw_pct(pv_buf *out, double p, int base_absent)
{
	if (base_absent)
		pv_buf_puts(out, "new");
	else if (isnan(p))
		pv_buf_puts(out, "n/a");
	else if (isinf(p))
		pv_buf_puts(out, p < 0 ? "-inf%" : "+inf%");
	else
		pv_buf_printf(out, "%+.1f%%", p);
}

/*
 * The numbers of a hit: "BASE SEP NEW" then "OPEN" PCT ", " DELTA, with
 * "absent" for a function the base lacks.  For the log line SEP is " -> "
 * and OPEN " (" (with " calls" before it for a count); for the Markdown
 * table both are " | ".
 */
static void gw_numbers(pv_buf *out, const pv_gate_rule *r, const pv_gate_hit *h,
		       const char *sep, const char *open, int table)
{
	int calls = r->metric == PV_GATE_NCALLS;
	if (h->base_absent)
		pv_buf_puts(out, "absent");
	else if (calls)
		gw_count(out, h->base_calls, 0);
	else
		gw_time(out, h->base);
	pv_buf_puts(out, sep);
	if (calls)
		gw_count(out, h->new_calls, 0);
	else
		gw_time(out, h->new_);
	if (calls && !table)
		pv_buf_puts(out, " calls");
	pv_buf_puts(out, open);
	gw_pct(out, pv_gate_hit_pct(h), h->base_absent);
	pv_buf_puts(out, ", ");
	if (calls)
		gw_count(out, h->new_calls - h->base_calls, 1);
	else
		gw_delta_time(out, h->new_ - h->base);
}

/* "0.120 s -> 0.161 s (+34.2%, +41 ms)" or "12 -> 13 calls (+8.3%, +1 call)". */
static void gw_change(pv_buf *out, const pv_gate_rule *r, const pv_gate_hit *h)
{
	gw_numbers(out, r, h, " -> ", " (", 0);
	if (r->metric == PV_GATE_NCALLS) {
		pv_count dc = h->new_calls - h->base_calls;
		pv_buf_puts(out, dc == 1 || dc == -1 ? " call)" : " calls)");
	} else {
		pv_buf_putc(out, ')');
	}
}

static void gw_label(const pv_diff *d, const pv_gate_hit *h, pv_buf *out)
{
	if (h->row == PV_GATE_TOTAL_ROW)
		pv_buf_puts(out, "total time");
	else
		pv_diff_row_label(d, h->row, out);
}

/* ===================================================== lines */

typedef struct gw_ctx {
	const pv_diff *d;
	const pv_gate_rule *rules;
	pv_buf *out, *tmp;
} gw_ctx;

/* What a writer does with one hit, or (more > 0) with the rest of a rule's. */
typedef void (*gw_visit)(const gw_ctx *c, const pv_gate_hit *h, size_t more);

/*
 * Calls fn for the first `per_rule` hits of each rule (more = 0), then
 * once more with how many of the rule's hits are left out (more > 0).
 */
static void gw_each(const pv_gate_result *g, size_t per_rule, gw_visit fn, const gw_ctx *c)
{
	size_t shown = 0;
	for (size_t j = 0; j < g->nhits; j++) {
		const pv_gate_hit *h = &g->hits[j];
		if (j == 0 || g->hits[j - 1].rule != h->rule)
			shown = 0;
		size_t k = shown++;
		if (k < per_rule)
			fn(c, h, 0);
		else if (k == per_rule)
			fn(c, h, g->rule_hits[h->rule] - per_rule);
	}
}

static void line_hit(const gw_ctx *c, const pv_gate_hit *h, size_t more)
{
	const pv_gate_rule *r = &c->rules[h->rule];
	if (more) {
		pv_buf_printf(c->out, "fail-if '%s': and %zu more functions\n", r->text, more);
		return;
	}
	pv_buf_printf(c->out, "fail-if '%s': ", r->text);
	gw_label(c->d, h, c->out);
	pv_buf_putc(c->out, ' ');
	gw_change(c->out, r, h);
	pv_buf_putc(c->out, '\n');
}

void pv_gate_write_lines(const pv_diff *d, const pv_gate_rule *rules, const pv_gate_result *g,
			 size_t per_rule, pv_buf *out)
{
	gw_ctx c = { d, rules, out, NULL };
	gw_each(g, per_rule, line_hit, &c);
	if (g->tripped)
		pv_buf_printf(out, "fail-if: %zu of %zu rule%s tripped\n", g->tripped, g->nrules,
			      g->nrules == 1 ? "" : "s");
	else
		pv_buf_printf(out, "fail-if: %zu rule%s checked, none tripped\n", g->nrules,
			      g->nrules == 1 ? "" : "s");
}

/* ===================================================== Markdown */

/*
 * `s` as a code span that GitHub renders as it is inside a table cell:
 * control characters and invalid UTF-8 become U+FFFD, '|' is escaped
 * (GitHub splits cells before it reads code spans), and the span is
 * fenced by one backtick more than the longest run inside it.
 */
static void md_code(pv_buf *out, const char *s, size_t n)
{
	size_t run = 0, longest = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pv_buf_fill(out, '`', longest + 1);
	int pad = n && (s[0] == '`' || s[n - 1] == '`' || s[0] == ' ');
	if (pad)
		pv_buf_putc(out, ' ');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pv_utf8_next((const unsigned char *)s + i, n - i, PV_UTF8_STRICT, &cp);
		if (k == 0 || cp < 0x20 || cp == 0x7f) {
			pv_utf8_put(out, 0xfffd);
			i += k ? k : 1;
			continue;
		}
		if (cp == '|')
			pv_buf_putc(out, '\\');
		pv_buf_append(out, s + i, k);
		i += k;
	}
	if (pad)
		pv_buf_putc(out, ' ');
	pv_buf_fill(out, '`', longest + 1);
}

static void md_code_str(pv_buf *out, const char *s)
{
	md_code(out, s, strlen(s));
}

static void md_row_label(const pv_diff *d, size_t row, pv_buf *out, pv_buf *tmp)
{
	pv_buf_reset(tmp);
	if (row == PV_GATE_TOTAL_ROW)
		pv_buf_puts(tmp, "total time");
	else
		pv_diff_row_label(d, row, tmp);
	md_code(out, tmp->data ? tmp->data : "", tmp->len);
}

static void md_hit(const gw_ctx *c, const pv_gate_hit *h, size_t more)
{
	const pv_gate_rule *r = &c->rules[h->rule];
	pv_buf_puts(c->out, "| ");
	md_code_str(c->out, r->text);
	if (more) {
		pv_buf_printf(c->out, " | and %zu more functions | | | |\n", more);
		return;
	}
	pv_buf_puts(c->out, " | ");
	md_row_label(c->d, h->row, c->out, c->tmp);
	pv_buf_puts(c->out, " | ");
	gw_numbers(c->out, r, h, " | ", " | ", 1);
	pv_buf_puts(c->out, " |\n");
}

static void md_gate(const pv_diff *d, const pv_gate_rule *rules, const pv_gate_result *g,
		    size_t per_rule, pv_buf *out, pv_buf *tmp)
{
	if (g->tripped)
		pv_buf_printf(out, "**Gate: failed**: %zu of %zu rule%s tripped.\n\n", g->tripped,
			      g->nrules, g->nrules == 1 ? "" : "s");
	else
		pv_buf_printf(out, "**Gate: passed**: %zu rule%s checked, none tripped.\n\n",
			      g->nrules, g->nrules == 1 ? "" : "s");
	if (g->tripped) {
		pv_buf_puts(out, "| rule | function | base | new | change |\n"
				 "|---|---|--:|--:|--:|\n");
		gw_ctx c = { d, rules, out, tmp };
		gw_each(g, per_rule, md_hit, &c);
		pv_buf_putc(out, '\n');
	}
	size_t quiet = g->nrules - g->tripped;
	if (quiet) {
		pv_buf_puts(out, g->tripped ? "Did not trip:" : "Rules:");
		for (size_t k = 0, i = 0; k < g->nrules; k++) {
			if (g->rule_hits[k])
				continue;
			pv_buf_puts(out, i++ ? ", " : " ");
			md_code_str(out, rules[k].text);
		}
		pv_buf_puts(out, ".\n\n");
	}
}

static const char *md_sort_title(pv_diff_sort_key k)
{
	switch (k) {
	case PV_DIFF_SORT_CUMTIME:
		return "largest cumtime change first";
	case PV_DIFF_SORT_TOTTIME:
		return "largest tottime change first";
	case PV_DIFF_SORT_NCALLS:
		return "largest ncalls change first";
	case PV_DIFF_SORT_CUMPCT:
		return "largest cumtime percent change first";
	case PV_DIFF_SORT_NAME:
		return "by name";
	default:
		return "in the files' order";
	}
}

static void md_side_time(pv_buf *out, const pv_diff_side *s, double v)
{
	if (s->nfuncs)
		gw_time(out, v);
	else
		pv_buf_puts(out, "-");
}

int pv_gate_write_md(const pv_diff *d, const pv_diff_output *o, const pv_gate_rule *rules,
		     const pv_gate_result *g, size_t per_rule, pv_buf *out, pv_error *err)
{
	pv_buf tmp = PV_BUF_INIT;
	const pv_diff_totals *t = &d->totals;
	pv_buf_puts(out, "## pstat-view diff: ");
	md_code_str(out, o->base_label ? o->base_label : "BASE");
	pv_buf_puts(out, " \xe2\x86\x92 ");
	md_code_str(out, o->new_label ? o->new_label : "NEW");
	pv_buf_puts(out, "\n\nTotal time ");
	gw_time(out, t->tt[0]);
	pv_buf_puts(out, " \xe2\x86\x92 ");
	gw_time(out, t->tt[1]);
	pv_buf_puts(out, " (");
	gw_pct(out, t->p_tt, 0);
	pv_buf_puts(out, ", ");
	gw_delta_time(out, t->d_tt);
	pv_buf_puts(out, "); calls ");
	gw_count(out, t->calls[0], 0);
	pv_buf_puts(out, " \xe2\x86\x92 ");
	gw_count(out, t->calls[1], 0);
	pv_buf_puts(out, " (");
	gw_count(out, t->d_calls, 1);
	pv_buf_printf(out, "); %zu functions in both, %zu only in base, %zu only in new.\n\n",
		      t->both, t->only_base, t->only_new);
	if (g)
		md_gate(d, rules, g, per_rule, out, &tmp);

	size_t shown = o->limit < d->nrows ? o->limit : d->nrows;
	pv_buf_printf(out, "### Top changes (%s)\n\n", md_sort_title(o->sortby));
	pv_buf_puts(out, "| function | cumtime base | cumtime new | change | tottime change "
			 "| ncalls base | ncalls new |\n"
			 "|---|--:|--:|--:|--:|--:|--:|\n");
	for (size_t i = 0; i < shown; i++) {
		const pv_diff_row *r = &d->rows[i];
		pv_buf_puts(out, "| ");
		md_row_label(d, i, out, &tmp);
		pv_buf_puts(out, " | ");
		md_side_time(out, &r->base, r->base.ct);
		pv_buf_puts(out, " | ");
		md_side_time(out, &r->new_, r->new_.ct);
		pv_buf_puts(out, " | ");
		if (!r->new_.nfuncs)
			pv_buf_puts(out, "gone");
		else
			gw_pct(out, r->p_ct, !r->base.nfuncs);
		pv_buf_puts(out, ", ");
		gw_delta_time(out, r->d_ct);
		pv_buf_puts(out, " | ");
		gw_delta_time(out, r->d_tt);
		pv_buf_puts(out, " | ");
		if (r->base.nfuncs)
			gw_count(out, r->base.nc, 0);
		else
			pv_buf_puts(out, "-");
		pv_buf_puts(out, " | ");
		if (r->new_.nfuncs)
			gw_count(out, r->new_.nc, 0);
		else
			pv_buf_puts(out, "-");
		pv_buf_puts(out, " |\n");
	}
	if (shown < d->nrows)
		pv_buf_printf(out, "\n%zu of %zu functions shown.\n", shown, d->nrows);
	int ok = pv_buf_ok(&tmp);
	pv_buf_release(&tmp);
	if (!ok || !pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}
