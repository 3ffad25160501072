/*
 * pv/diff_write.h - a diff as text, JSON or CSV (output layer,
 * src/output/diff_write.c).  The rows come from pv/diff.h.
 */
#ifndef PV_DIFF_WRITE_H
#define PV_DIFF_WRITE_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/diff.h"
#include "pv/error.h"

typedef enum pv_diff_format {
	PV_DIFF_TEXT,
	PV_DIFF_JSON,
	PV_DIFF_CSV,
} pv_diff_format;

typedef struct pv_diff_output {
	pv_diff_format format;
	pv_diff_sort_key sortby;  /* only named in the header */
	size_t limit;             /* rows written; SIZE_MAX for all */
	const char *base_label;   /* names of the two inputs for the header */
	const char *new_label;
} pv_diff_output;

/*
 * Writes rows 0 .. min(limit, nrows)-1 (in their current order) and the
 * totals in the chosen format into `out` (formats: docs/diff.md).  Names
 * are escaped for JSON and CSV; text shows them as they are.  Returns 0,
 * or -1 with `err` set when out of memory.
 */
int pv_diff_write(const pv_diff *d, const pv_diff_output *o, pv_buf *out, pv_error *err);

/*
 * Appends a row as JSON members: "base":side,"new":side,
 * "delta":{"nc":..,"tt":..,"ct":..},"pct":{...}, where a side is null when
 * absent, else {"nc":..,"cc":..,"tt":..,"ct":..} led by "id" and
 * "functions" (how many functions it sums) when with_ids; percentages are
 * null where the base is 0.  Used by the CLI's JSON and the server's
 * /api/diff alike (pv/json.h's web style).  Borrows `r`.
 */
void pv_diff_json_row(pv_buf *out, const pv_diff_row *r, int with_ids);

/*
 * Appends the diff's total tottime (or, when `calls`, total calls) as the
 * JSON members pre+"base", pre+"new", pre+"delta" and, when with_pct,
 * pre+"pct" (null where the base is 0).  The CLI's JSON nests them
 * ("tt":{"base":..}), the server's summary prefixes them ("total_tt_base").
 * Borrows `t` and `pre`.
 */
void pv_diff_json_total(pv_buf *out, const pv_diff_totals *t, int calls, const char *pre,
			int with_pct);

#endif
