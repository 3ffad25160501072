/*
 * pv/funcjson.h - a function of the profile as JSON, one way for every
 * JSON output (output layer, src/output/funcjson.c).
 *
 * `stats --format json`, `diff --format json`, `export --format json` and
 * the viewer's API all describe functions: the same values (key, label,
 * counts, times) under names and in orders each format fixed when it was
 * published.  Each output lists the members it writes (PV_FJ_*, in its
 * order); this module is the one place that knows how each member's value
 * is computed and spelled (through pv/json.h, in the output's style).
 *
 * Members are written as "key":value separated by commas, without braces
 * or a leading comma, so an output can put its own members around them.
 */
#ifndef PV_FUNCJSON_H
#define PV_FUNCJSON_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/json.h"
#include "pv/profile.h"

/* The members, by the key each writes. */
typedef enum pv_fj_field {
	PV_FJ_END,         /* ends a list */
	PV_FJ_ID,          /* "id": the function's id */
	PV_FJ_LABEL,       /* "label": pstats' func_std_string */
	PV_FJ_STD_NAME,    /* "std_name": the same text */
	PV_FJ_FILE,        /* "file" */
	PV_FJ_LINE,        /* "line" */
	PV_FJ_NAME,        /* "name" */
	PV_FJ_HAS_STATS,   /* "has_stats": has its own stats entry */
	PV_FJ_FLAGS,       /* "stats", "builtin", "code", "toplevel": the PV_FUNC_* bits */
	PV_FJ_KIND,        /* "kind": "int" for a count-only entry, else "tuple" */
	PV_FJ_NC,          /* "nc" */
	PV_FJ_CC,          /* "cc" */
	PV_FJ_TT,          /* "tt" */
	PV_FJ_CT,          /* "ct" */
	PV_FJ_COUNTS_ONLY, /* "counts_only": a count-only entry */
	PV_FJ_NCALLS,      /* "ncalls": nc */
	PV_FJ_PCALLS,      /* "pcalls": cc */
	PV_FJ_TOTTIME,     /* "tottime": tt, null for a count-only entry */
	PV_FJ_CUMTIME,     /* "cumtime": ct, null for a count-only entry */
	PV_FJ_TOTTIME_PERCALL, /* "tottime_percall": tt / nc, null when nc is 0 */
	PV_FJ_CUMTIME_PERCALL, /* "cumtime_percall": ct / cc, null when cc is 0 */
	/* the same numbers of a sampled profile (pv_profile_is_sampled), named
	 * as samples: */
	PV_FJ_NSAMPLES,    /* "nsamples": nc, samples with the function on the stack */
	PV_FJ_PSAMPLES,    /* "psamples": cc, samples with it running (pstats' name) */
	PV_FJ_TOTTIME_PERSAMPLE, /* "tottime_persample": tt / nc, null when nc is 0 */
	PV_FJ_CUMTIME_PERSAMPLE, /* "cumtime_persample": ct / cc, null when cc is 0 */
} pv_fj_field;

/* The numbers a function's members show: its own, or those of one edge. */
typedef struct pv_fj_stats {
	pv_count nc, cc;
	double tt, ct;
	int counts_only;   /* a profile-module caller entry: a count, no times */
} pv_fj_stats;

/* The numbers of edge `e` (calls from its caller, the callee's times),
   copied (nothing is kept). */
pv_fj_stats pv_fj_edge_stats(const pv_edge *e);

/*
 * Appends the members `fields` (ending with PV_FJ_END) of function `id`
 * of `p`, with the numbers `s` (NULL: the function's own).  `scratch`
 * (may be NULL) is reused for labels when the caller writes many.
 * Borrows everything.
 */
void pv_fj_write(pv_buf *out, const pv_json_style *st, const pv_profile *p, uint32_t id,
		 const pv_fj_stats *s, const pv_fj_field *fields, pv_buf *scratch);

/*
 * Appends a JSON array with one object per edge: the n edge indices
 * `edges` of `p`, or when `edges` is NULL the n edges from `first` (a
 * function's callers lie together).  Each object has the members `fields`
 * of the edge's caller (or callee, when `callees`) with the edge's
 * numbers.  Borrows everything.
 */
void pv_fj_edges(pv_buf *out, const pv_json_style *st, const pv_profile *p,
		 const uint32_t *edges, uint32_t first, size_t n, int callees,
		 const pv_fj_field *fields, pv_buf *scratch);

/*
 * Appends the profile's header files as every output lists them:
 * [{"path":..,"mtime":seconds or null}, ...].  Borrows `p`.
 */
void pv_fj_sources(pv_buf *out, const pv_json_style *st, const pv_profile *p);

/*
 * Appends "total_calls":..,"primitive_calls":..,"total_tt":.. (the totals
 * of a profile, as the API, export and diff name them); keeps nothing.
 */
void pv_fj_totals(pv_buf *out, const pv_json_style *st, pv_count calls, pv_count prim,
		  double tt);

#endif
