/*
 * pv/export.h - a profile in other tools' formats.
 *
 *   - collapsed: folded stacks ("a;b;c 1234", one line per call tree path
 *     with self time, integer microseconds) as FlameGraph's
 *     flamegraph.pl, speedscope and inferno read them, from the estimated
 *     call tree of pv/calltree.h;
 *   - callgrind: a callgrind profile (events: us, integer microseconds)
 *     that KCachegrind and callgrind_annotate read, as pyprof2calltree
 *     writes it: one fn= block per function with its self cost and one
 *     calls= entry per callee with the inclusive cost of those calls;
 *   - json: the whole model (sources, totals, functions, edges) in the
 *     schema of docs/export-json.md, written through pv/funcjson.h in
 *     pv/json.h's web style like the viewer's API.
 *
 * Every writer appends to a pv_buf and returns 0, or -1 with `err` set
 * (out of memory).  Nothing here prints or exits.
 */
#ifndef PV_EXPORT_H
#define PV_EXPORT_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

/*
 * Folded stacks of the estimated call tree (budget `max_nodes`, 0 for
 * the default; children below `min_fraction` of the total are merged into
 * "[other]" frames).  Frames are "name (file:line)" ("{name}" for
 * built-ins); ';' becomes ':' and bytes that are not printable UTF-8
 * become '?', so every line parses.  The counts are rounded so that their
 * sum is exactly the root time rounded to microseconds; time not under
 * any root is the frame "[unattributed]".  Borrows `p`.
 */
int pv_export_collapsed(const pv_profile *p, size_t max_nodes, double min_fraction,
			pv_buf *out, pv_error *err);

/*
 * A callgrind file.  `cmd` is written as the "cmd:" line (may be NULL).
 * Costs are integer microseconds, rounded so that the self costs add up
 * to the profile's total tottime rounded (negative and NaN times count
 * as 0).  Borrows `p`.
 */
int pv_export_callgrind(const pv_profile *p, const char *cmd, pv_buf *out, pv_error *err);

/* The model as JSON (docs/export-json.md).  Borrows `p`. */
int pv_export_json(const pv_profile *p, pv_buf *out, pv_error *err);

#endif
