/*
 * pv/gate_write.h - the CI gate's verdict (pv/gate.h) as text lines for a
 * CI log, and a diff with its verdict as Markdown for a job summary
 * ($GITHUB_STEP_SUMMARY).  Output layer, src/output/gate_write.c; the
 * formats are in docs/gate.md.
 */
#ifndef PV_GATE_WRITE_H
#define PV_GATE_WRITE_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/diff.h"
#include "pv/diff_write.h"
#include "pv/error.h"
#include "pv/gate.h"

/*
 * Appends one line per hit, at most `per_rule` for each rule (then one
 * line "fail-if 'RULE': and N more functions"), in the form
 *
 *   fail-if 'RULE': LABEL 0.120 s -> 0.161 s (+34.2%, +41 ms)
 *
 * and a last line with the verdict: "fail-if: 1 of 2 rules tripped" or
 * "fail-if: 2 rules checked, none tripped".  Labels are raw bytes.
 */
void pv_gate_write_lines(const pv_diff *d, const pv_gate_rule *rules, const pv_gate_result *g,
			 size_t per_rule, pv_buf *out);

/*
 * Appends the diff as Markdown: a heading, the totals, the gate's verdict
 * and a table of the tripped rules (when `g` is not NULL; `per_rule` hits
 * each at most), and a table of the first o->limit rows in their current
 * order.  Names are in code spans, made safe for GitHub's tables.
 * Returns 0, or -1 with `err` set when out of memory.
 */
int pv_gate_write_md(const pv_diff *d, const pv_diff_output *o, const pv_gate_rule *rules,
		     const pv_gate_result *g, size_t per_rule, pv_buf *out, pv_error *err);

#endif
