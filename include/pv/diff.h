/*
 * pv/diff.h - comparing two profiles function by function.
 *
 * A diff has one row per function present in either profile (functions
 * with stats only; keys seen only as callers are not rows).  Functions are
 * matched by key:
 *
 *   - PV_DIFF_MATCH_EXACT: (file, line, name), byte for byte;
 *   - PV_DIFF_MATCH_NAME: (basename of file, name), for when line numbers
 *     moved between the two versions of the code.  Several functions of
 *     one profile with the same (basename, name) (e.g. two lambdas of one
 *     file) are one row: their counts and times are summed, in dict order,
 *     and the row is labelled after the first of them.
 *
 * Rows are built in a fixed order - the base profile's functions in dict
 * order, then the functions only in the new profile in its dict order -
 * and pv_diff_sort() sorts them stably, so that equal keys keep that
 * order.  Deltas are new - base; a percent change is 100 * delta / |base|
 * and is undefined (NaN) when base is 0.  Counts are exact (128-bit).
 *
 * The model is independent of any output format: the CLI's text, JSON and
 * CSV backends (pv_diff_write) and the viewer's server all read the rows.
 * Nothing here prints or exits.
 */
#ifndef PV_DIFF_H
#define PV_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

#define PV_DIFF_NONE UINT32_MAX

typedef enum pv_diff_match {
	PV_DIFF_MATCH_EXACT,
	PV_DIFF_MATCH_NAME,
} pv_diff_match;

typedef enum pv_diff_sort_key {
	PV_DIFF_SORT_CUMTIME,  /* |cumtime delta|, largest first (default) */
	PV_DIFF_SORT_TOTTIME,  /* |tottime delta|, largest first */
	PV_DIFF_SORT_NCALLS,   /* |ncalls delta|, largest first */
	PV_DIFF_SORT_CUMPCT,   /* |cumtime percent change|, largest first,
	                          one-sided rows first, NaN last */
	PV_DIFF_SORT_NAME,     /* label, as Python compares str */
	PV_DIFF_SORT_NONE,     /* the build order */
} pv_diff_sort_key;

/* One side of a row: the summed stats of the matched function(s). */
typedef struct pv_diff_side {
	pv_count nc, cc;
	double tt, ct;
	uint32_t id;      /* first matched function id, PV_DIFF_NONE if absent */
	uint32_t nfuncs;  /* functions summed (1 with MATCH_EXACT; 0 if absent) */
} pv_diff_side;

typedef struct pv_diff_row {
	pv_diff_side base, new_;
	pv_count d_nc;        /* new.nc - base.nc */
	double d_tt, d_ct;    /* new - base */
	double p_nc, p_tt, p_ct; /* percent changes; NaN when base is 0 */
	uint32_t order;       /* position in the build order */
} pv_diff_row;

typedef struct pv_diff_totals {
	pv_count calls[2], prim_calls[2];   /* [0] base, [1] new */
	double tt[2];                       /* total tottime */
	size_t funcs[2];                    /* functions with stats */
	pv_count d_calls;
	double d_tt, p_calls, p_tt;
	size_t only_base, only_new, both;   /* rows by side */
} pv_diff_totals;

typedef struct pv_diff {
	const pv_profile *base, *new_;      /* borrowed */
	pv_diff_match match;
	pv_diff_row *rows;
	size_t nrows;
	pv_diff_totals totals;
	/* per function id of base ([0]) and new_ ([1]): the `order` (build
	   order position) of the row it is summed into */
	uint32_t *row_of[2];
} pv_diff;

/*
 * Matches the functions of `base` and `new_` and computes the rows (in
 * build order) into `out`, which the caller releases with
 * pv_diff_release() (also after an error).  Borrows both profiles: they
 * must outlive `out`.  Returns 0, or -1 with `err` set (out of memory, a
 * count that overflows 128 bits).
 */
int pv_diff_compute(const pv_profile *base, const pv_profile *new_, pv_diff_match match,
		    pv_diff *out, pv_error *err);

void pv_diff_release(pv_diff *d);

/* Sorts the rows stably by `key` (ties keep the build order). */
void pv_diff_sort(pv_diff *d, pv_diff_sort_key key);

/*
 * Parses a sort key word: cumtime (also cumulative, cum), tottime (time,
 * tot), ncalls (calls), cumpct (pct), name, none.  Returns 0, or -1 with
 * `err` set.
 */
int pv_diff_sort_key_parse(const char *word, pv_diff_sort_key *out, pv_error *err);
/* The canonical word of a key ("cumtime", ...). */
const char *pv_diff_sort_key_word(pv_diff_sort_key k);

/*
 * Appends the label of row `i` (pstats' func_std_string of its first
 * function, from the base profile when it has one) to `out`, raw bytes.
 */
void pv_diff_row_label(const pv_diff *d, size_t i, pv_buf *out);

/*
 * The function that stands for row `r`: its first function in the base
 * profile when it has one, else in the new profile.
 */
static inline void pv_diff_row_func(const pv_diff *d, const pv_diff_row *r,
				    const pv_profile **p, uint32_t *id)
{
	if (r->base.id != PV_DIFF_NONE) {
		*p = d->base;
		*id = r->base.id;
	} else {
		*p = d->new_;
		*id = r->new_.id;
	}
}

#endif
