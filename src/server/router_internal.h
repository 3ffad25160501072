/*
 * router_internal.h - what the router's files share (internal to
 * src/server/): the API's state (struct pv_api), diff mode's, the table's
 * sort keys and the error answer.  The calls go one way: router.c (the
 * paths, what is kept) calls table.c (/api/functions, its orders and
 * diff mode's state); query_string.c stands alone (pv/api.h).
 */
#ifndef PV_ROUTER_INTERNAL_H
#define PV_ROUTER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pv/api.h"
#include "pv/calltree.h"
#include "pv/diff.h"

/* the table's sort keys (sort=...) */
enum { S_TOTTIME, S_CUMTIME, S_NCALLS, S_PCALLS, S_TPERCALL, S_CPERCALL, S_NAME, S_FILE,
       S_STDNAME, S_DTT, S_DCT, S_DPCT, S_N };

/* the longest search text (q=) */
#define QUERY_MAX 256

/* The last filtered list of a search (q=, gone=only), kept for paging through it. */
struct pvr_hits {
	uint32_t *ids;         /* the entries found, in the asked order */
	size_t n, ngone;       /* how many, how many of them gone rows (diff mode) */
	int sort, desc, mode;  /* the order and gone= mode they were found in */
	char *q;               /* the text searched ("": none) */
};

/* The last text searched and which functions hold it, kept for other orders of it and longer texts. */
struct pvr_match {
	unsigned char *in;       /* per function id: 1 when its label holds the text */
	char low[QUERY_MAX + 1]; /* the text, in lower case (the search folds case) */
};

struct pv_api {
	const pv_profile *p;
	const pv_diff *diff;
	const char *base_label;
	pv_buf summary, diffjs;  /* answers made once */
	int have_summary, have_diff;
	uint32_t *order[S_N];    /* function ids in ascending order of each key */
	pv_calltree_prep *prep;  /* the call tree's state, made once */
	int prep_failed;
	struct pvr_hits hits;    /* the last search of NEW's functions */
	struct pvr_match match;  /* the set it was made from */
	struct diffstate *dx;    /* diff mode's own (pvr_diffstate_free) */
};

/* What diff mode keeps between requests, each made by the first request that needs it. */
struct diffstate {
	pv_calltree_prep *bprep;  /* BASE's call tree state */
	int bprep_failed;
	uint32_t *gone;           /* the rows (indices of diff->rows) only in BASE, in row order */
	size_t ngone;
	int have_gone;
	/* entries: NEW's function ids, and nfuncs + j for the row gone[j] */
	uint32_t *mixed[S_N];     /* all entries in ascending order of each key (not dpct) */
	uint32_t *dpct[2][2];     /* [with gone rows][desc]: the dpct order as it is read */
	struct pvr_hits hits;     /* the last filtered list of a gone= request */
};

/* The error answer {"error":"msg"} with `status`, which it returns. */
static inline int error(pv_buf *out, int status, const char *msg)
{
	pv_buf_reset(out);
	pv_buf_printf(out, "{\"error\":\"%s\"}\n", msg);
	return status;
}

/* table.c */
/* Frees what h holds and empties it. */
void pvr_hits_release(struct pvr_hits *h);
void pvr_match_release(struct pvr_match *m);
/* GET /api/functions: the table, or one page of it (pv_api_get). */
int pvr_get_functions(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out);
/* Diff mode's state (a->dx) with its gone rows listed, or NULL (out of memory). */
struct diffstate *pvr_diffstate(pv_api *a);
void pvr_diffstate_free(struct diffstate *x);

#endif
