/*
 * pv/report.h - the stats report: pstats' text (print_stats,
 * print_callers, print_callees, byte for byte as CPython 3.11 prints
 * them), and the same rows as JSON or CSV for scripts.
 *
 * Writers append to a pv_buf and never print; on error nothing useful is
 * in the buffer and the caller discards it.
 *
 * Text differences from pstats, all where pstats itself fails: sorting by
 * name/nfl with code-object names (see pv/query.h), and a profile-module
 * caller that is not itself a profiled function (pstats raises KeyError
 * half-way through print_callers; here it is an error before anything is
 * written).
 *
 * JSON (schema "pstat-view/stats/1"; docs/stats-json.md and
 * docs/stats.schema.json describe it):
 *   { "schema", "mode", "files": [{"path", "mtime"}], "top_level": [...],
 *     "total_calls", "primitive_calls", "total_time",
 *     "ordered_by" (string or null), "sort_keys", "reversed",
 *     "restrictions": [{"argument", "kind", "repr", "before", "after",
 *                       "invalid", "error"?}],
 *     "total_functions", "count",
 *     "functions": [{"file", "line", "name", "std_name", "ncalls",
 *                    "pcalls", "tottime", "tottime_percall", "cumtime",
 *                    "cumtime_percall", "callers"|"callees"?: [edge]}] }
 *   edge: {"file", "line", "name", "std_name", "kind": "tuple"|"int",
 *          "ncalls", "pcalls", "tottime", "cumtime"}
 * Written through pv/json.h and pv/funcjson.h like every JSON output
 * (docs/json.md), in this schema's style: counts are JSON integers of any
 * size (they can exceed 64 bits); times are the shortest decimal that
 * reads back to the same double (Python's repr), null for NaN and the
 * infinities; a percall is null where pstats prints blanks; an int edge
 * (profile module) has null tottime/cumtime and its count in ncalls and
 * pcalls.  Names are UTF-8, escaped as Python's json.dumps escapes them;
 * undecodable bytes are written as the \udcXX escapes Python uses.
 *
 * CSV (RFC 4180 quoting, "\n" line ends, a header row): in stats mode one
 * row per function
 *   file,line,name,std_name,ncalls,pcalls,tottime,tottime_percall,cumtime,cumtime_percall
 * and in callers/callees mode one row per edge
 *   function,caller|callee,file,line,name,kind,ncalls,pcalls,tottime,cumtime
 * (a function without edges gives one row with only `function`).  Numbers
 * as in JSON but NaN and infinities as Python prints them ("nan", "inf",
 * "-inf"), empty fields where pstats prints blanks; names are raw bytes.
 */
#ifndef PV_REPORT_H
#define PV_REPORT_H

#include <stdint.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"
#include "pv/query.h"

typedef enum pv_report_mode {
	PV_REPORT_STATS,    /* print_stats */
	PV_REPORT_CALLERS,  /* print_callers */
	PV_REPORT_CALLEES   /* print_callees */
} pv_report_mode;

typedef enum pv_report_format {
	PV_FORMAT_TEXT,
	PV_FORMAT_JSON,
	PV_FORMAT_CSV
} pv_report_format;

/*
 * Runs query `q` on `p` and appends the report to `out`.  Returns 0, or -1
 * with `err` set (out of memory, or a profile-module caller that is not a
 * function of the profile in callers mode).
 */
int pv_report(const pv_profile *p, const pv_query *q, pv_report_mode mode,
	      pv_report_format fmt, pv_buf *out, pv_error *err);

/* The same for a selection already computed with pv_query_run(p, q, s). */
int pv_report_selection(const pv_profile *p, const pv_query *q,
			const pv_selection *s, pv_report_mode mode,
			pv_report_format fmt, pv_buf *out, pv_error *err);

/*
 * Python's time.ctime(t) in local time (TZ): "Thu Jan  1 00:00:00 1970".
 * `out` holds at least 64 bytes.
 */
void pv_ctime(int64_t t, char *out);

/* pstats' f8(x): "%8.3f" as Python formats it ("     nan" for any NaN). */
void pv_f8(double x, pv_buf *out);

/*
 * The header pstats' print_stats writes before the rows: the file lines,
 * top-level names and the "function calls" line, then an empty line.
 */
void pv_report_header(const pv_profile *p, pv_buf *out);

#endif
