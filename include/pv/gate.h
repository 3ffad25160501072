/*
 * pv/gate.h - a CI gate over a diff: rules such as
 *
 *     cumtime(^myapp/) > +15% and > +20ms
 *
 * parsed once and judged against the rows of a pv_diff (analysis layer,
 * src/analysis/gate.c).  The grammar (docs/gate.md):
 *
 *     RULE   := METRIC [ "(" REGEX ")" ] ">" CHANGE [ "and" ">" CHANGE ]
 *     METRIC := total | tottime | cumtime | ncalls
 *     CHANGE := [+|-] NUMBER "%"            relative to the base
 *             | [+|-] NUMBER ("s"|"ms"|"us") a time (tottime, cumtime, total)
 *             | [+|-] INTEGER                a count of calls (ncalls)
 *
 * Blanks are allowed between tokens.  `total` is the profile's total time
 * (the sum of tottime over every function) and takes no regex; the other
 * metrics apply to each function whose label - pstats' `file:line(name)`,
 * after --strip-dirs when it was given - contains a match of REGEX
 * (Python's re.search, pv/pyre.h), or to every function without one.
 * ncalls is the total number of calls (pstats' nc, the first number of
 * "nc/cc").  With two CHANGEs, one must be a percent and the other
 * absolute, and the rule trips only when both are exceeded.
 *
 * How a change is judged, for base value b and new value n (d = n - b):
 *   - absolute part: d > N, exactly for calls (128-bit), in seconds for
 *     times;
 *   - percent part: 100 * d / b > P; when b is 0 (a function absent from
 *     BASE, or with 0 there) the change is +inf% if n > 0, 0% if n is 0.
 *   - a rule with only a percent part skips rows whose base value is 0:
 *     every new helper function would be +inf% and trip it.  A new
 *     function is caught by a rule with an absolute part (the +inf% then
 *     passes the percent part, and the absolute part decides), and its
 *     time shows in its callers' cumtime and in `total` in any case.
 *
 * Nothing here prints or exits; errors are values.
 */
#ifndef PV_GATE_H
#define PV_GATE_H

#include <stddef.h>

#include "pv/count.h"
#include "pv/diff.h"
#include "pv/error.h"
#include "pv/pyre.h"

typedef enum pv_gate_metric {
	PV_GATE_TOTAL,
	PV_GATE_TOTTIME,
	PV_GATE_CUMTIME,
	PV_GATE_NCALLS,
} pv_gate_metric;

typedef struct pv_gate_rule {
	char *text;            /* the rule as given */
	pv_gate_metric metric;
	int has_regex;
	pv_pyre re;            /* compiled REGEX when has_regex */
	int has_pct, has_abs;  /* which parts the rule has (at least one) */
	double pct;            /* percent threshold */
	double abs_time;       /* seconds threshold (time metrics) */
	pv_count abs_calls;    /* calls threshold (ncalls) */
} pv_gate_rule;

/*
 * Parses `text` into `r` (released with pv_gate_rule_free(), also after
 * an error).  Returns 0, or -1 with `err` set to one line naming the
 * column (1-based) of the problem, e.g. "column 9: expected '>'", and
 * `*column` (may be NULL) set to it.
 */
int pv_gate_rule_parse(const char *text, pv_gate_rule *r, size_t *column, pv_error *err);
void pv_gate_rule_free(pv_gate_rule *r);

/* One tripped (rule, row) pair; row is PV_GATE_TOTAL_ROW for `total`. */
#define PV_GATE_TOTAL_ROW ((size_t)-1)
typedef struct pv_gate_hit {
	size_t rule;           /* index into the rules */
	size_t row;            /* index into d->rows (their order then) */
	double base, new_;     /* the metric's values (calls as doubles) */
	pv_count base_calls, new_calls; /* exact, for ncalls */
	int base_absent;       /* the function is not in BASE */
} pv_gate_hit;

typedef struct pv_gate_result {
	pv_gate_hit *hits;     /* by rule, then largest change first */
	size_t nhits;
	size_t *rule_hits;     /* hits per rule (nrules entries) */
	size_t nrules, tripped;/* rules given, rules with at least one hit */
} pv_gate_result;

/*
 * Judges every rule against every row of `d` (and the totals for
 * `total`).  The hits refer to the rows by index, so the rows must not
 * be sorted again while `out` is used.  Returns 0, or -1 with `err` set
 * (out of memory, or a REGEX whose search gave up at pv/pyre.h's bounds:
 * "regular expression too complex: ..."); `out` is released with pv_gate_result_free() either
 * way.
 */
int pv_gate_eval(const pv_diff *d, pv_gate_rule *rules, size_t nrules, pv_gate_result *out,
		 pv_error *err);
void pv_gate_result_free(pv_gate_result *g);

/* The change of a hit in percent: +inf when the base is 0 and new > 0. */
double pv_gate_hit_pct(const pv_gate_hit *h);

#endif
