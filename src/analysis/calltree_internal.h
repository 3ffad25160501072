/*
 * calltree_internal.h - what the pieces of the call tree (pv/calltree.h)
 * share.  Not public.
 *
 *   calltree_prep.c      pvct_prepare(): circles, budgets, roots, import sites
 *   calltree_evidence.c  the matching edge and import chains
 *   calltree_expand.c    the rule: one box split into self and children
 *   calltree_nodes.c     the node array, pvct_settle()
 *   calltree_view.c      the first screen past the plumbing, labels
 *   nodeheap.c           the heap of unexpanded boxes (nodeheap.h)
 *   calltree.c           the options, planting the roots, the builds, the
 *                        workspace, the choice of the import rule
 *
 * Calls go one way: calltree.c -> expand -> evidence, nodes;
 * calltree.c -> prep -> evidence; view -> evidence (Python's names);
 * calltree.c, nodes -> nodeheap (which callers_tree.c uses too).
 */
#ifndef PV_CALLTREE_INTERNAL_H
#define PV_CALLTREE_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pv/calltree.h"
#include "pv/profile.h"

#include "nodeheap.h"

/* relative slack for "equal" times (sums of doubles) */
#define NEAR 1e-9

/* s (n bytes) starts with, ends with, contains the C string w */
static inline int pvct_starts_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && memcmp(s, w, k) == 0;
}

static inline int pvct_ends_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && memcmp(s + n - k, w, k) == 0;
}

static inline int pvct_contains(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, w, k) == 0)
			return 1;
	return 0;
}

/* ===================================================== the prepared state */

/*
 * A build's budgets and path marks, kept by the prepared state between
 * builds so that a build costs what it touches, not O(functions + edges):
 * the budgets start as the prep's, each change is logged, and the build
 * puts the logged entries back when it is done.  One build at a time
 * takes it (pv_calltree_prep.work_busy); another builds with its own.
 */
typedef struct pvct_work {
	/* budgets: what is left to place */
	double *outer;             /* per function: outermost time (cumtime) */
	double *self;              /* per function: self time (tottime) */
	double *edge;              /* per edge: cumulative time */
	double *crem;              /* per circle: self and outgoing edge budgets left */
	/* the path of the box being expanded */
	uint32_t *stamp;           /* per function: the expansion that marked it */
	uint32_t *pairstamp;       /* per edge: the same, for caller->callee pairs */
	uint32_t now;              /* the last expansion's mark */
	uint64_t *log;             /* (kind << 32 | index) of each change */
	size_t nlog, caplog;
	int bad;                   /* a change not logged (out of memory) */
} pvct_work;

enum { PVCT_OUTER, PVCT_SELF, PVCT_EDGE, PVCT_CREM };

/*
 * What does not depend on the options, computed once by
 * pv_calltree_prepare() and only read afterwards.
 */
struct pv_calltree_prep {
	const pv_profile *p;
	const pv_func *fn;
	const pv_edge *ed;
	const uint32_t *ci, *cs;
	size_t nf, ne, ncomp;
	uint32_t *comp;            /* per function: its circle */
	unsigned char *circ;       /* per function: in a circle of several, or calls itself */
	double *outer0, *self0;    /* per function: cumtime, tottime (>= 0) */
	double *edge0;             /* per edge: its time */
	double *crem0;             /* per circle: self and outgoing edge times */
	double *in_all;            /* per function: what all its callers' edges carry */
	double *out_all;           /* per function: tottime + its callee edges */
	/* [0]: with no function a root (a focus request), [1]: unfocused roots */
	double *activity[2];
	unsigned char *rec[2];
	uint32_t *rootf;           /* the unfocused roots, by function id */
	double *roott;             /* their time */
	uint32_t nroots;
	double rootsum;            /* their sum */
	uint32_t *idist;           /* per function: import machinery's calls to exec */
	uint32_t exec;             /* builtins.exec, or PV_CALLTREE_NONE */
	unsigned char *ientry;     /* per function: where an import starts */
	double *iwidth;            /* per function: the widest path through the machinery to exec */
	double *iwidthf;           /* the same to _find_and_load */
	double *iload;             /* per edge from the machinery: its loading work (no module bodies; with submod, NULL until the prep chooses a rule) */
	uint32_t fal;              /* _find_and_load, or PV_CALLTREE_NONE */
	uint32_t hfl;              /* _handle_fromlist, or PV_CALLTREE_NONE */
	unsigned char *submod;     /* per exec->body edge: the body is a package's submodule */
	/* import sites (an edge into the machinery from outside it) and the
	   module bodies each ran (pvct_import_sites()): edgesite[e] is e's site or
	   PV_CALLTREE_NONE, site s's modules are the exec edges
	   sitemod[sitestart[s] .. sitestart[s + 1]), largest first */
	uint32_t *edgesite, *sitestart, *sitemod;
	uint32_t nsites;
	int use_sites;             /* the import rule: sites (1) or a fit at each entry (0) */
	int loading;               /* the links split what modules leave by their loading work (iload) */
	int fromlist;              /* _handle_fromlist's sites take submodules only */
	double total;              /* the profile's total time */
	pvct_work *work;           /* the kept workspace (made by the first build) */
	atomic_flag work_busy;
};

/* ===================================================== a build's state */

/* A child a box is about to get. */
typedef struct cand {
	double want;      /* its share or demand, the sort key of a fill */
	double demand;    /* what the budgets allow */
	double x;         /* what it gets */
	double certain;
	uint32_t edge;    /* edge index, PV_CALLTREE_NONE for UNPLACED */
	uint32_t func;
	uint32_t flags;   /* PV_CALLTREE_EXACT, PV_CALLTREE_NESTED */
	int pair;         /* the pair is already on the path: no edge budget */
	int path;         /* the next box of the zoom path */
	double pre;       /* given before the rule (import chains) */
	double res;       /* import chain: what the box keeps for its modules */
	uint32_t nmods;   /* import chain: how many modules at most */
	uint32_t site1;   /* import chain: whose modules, plus one (0: a fit's) */
	int later;        /* a hub's call made for another of its callers: given last */
} cand;

/* What a build keeps per node beside the tree's own fields. */
typedef struct nodex {
	double res;               /* cand.res */
	uint32_t nmods;           /* cand.nmods */
	uint32_t site1;           /* cand.site1 */
	unsigned char fold;       /* a folded box (came by a pair on its path) */
} nodex;

typedef struct builder {
	const pv_profile *p;
	const pv_func *fn;
	const pv_edge *ed;
	const uint32_t *ci, *cs;  /* callee index and each function's start in it */
	size_t nf, ne;
	pv_calltree *t;
	size_t cap;               /* nodes allocated */
	size_t max_nodes;
	uint32_t max_depth;
	double min_time;
	pv_nodeheap heap;         /* unexpanded boxes (as many slots as nodes) */
	pvct_work *w;             /* the budgets and the path marks */
	/* fixed, from the prep */
	const double *activity;   /* per function: cumtime + nested time */
	const unsigned char *rec; /* per function: recursive */
	const double *edge0;      /* per edge: its time */
	const uint32_t *comp;     /* per function: its circle (strongly connected component) */
	const uint32_t *idist;    /* per function: import machinery's calls to exec, or UINT32_MAX */
	uint32_t exec;            /* builtins.exec, or PV_CALLTREE_NONE */
	const unsigned char *ientry; /* per function: where an import starts */
	const double *iwidth;     /* per function: the widest path to exec */
	const double *iwidthf;    /* the same to _find_and_load */
	const double *iload;      /* per edge from the machinery: its loading work */
	uint32_t fal;             /* _find_and_load, or PV_CALLTREE_NONE */
	nodex *nx;                /* per node: the build's own marks */
	int use_sites;            /* the prep's import rule */
	int loading;              /* the prep's loading rule */
	int sampled;              /* a sampled profile (calls are samples) */
	const uint32_t *edgesite, *sitestart, *sitemod; /* the prep's import sites */
	uint32_t ofunc;           /* the focus: its own activity and recursion below */
	double oact;
	unsigned char orec;
	cand *cand;
	uint32_t ncand, capcand;
	/* the zoom path */
	const uint32_t *zoom;
	uint32_t nzoom;
	uint32_t zi;              /* the entry the next child must match */
	int zooming;              /* still following the path */
	uint32_t next;            /* the child pvct_settle() kept for the path */
	uint32_t zdepth;          /* the zoom box's depth */
	double fraction;          /* opts.min_fraction */
} builder;

/* Whether f never ran inside itself: all its calls primitive (a sampled
   file's counts are samples, which say nothing of nesting). */
static inline int pvct_never_nested(const pv_func *f, int sampled)
{
	return !sampled && pv_func_nc(f) == pv_func_cc(f);
}

/* f's activity (cumtime + nested time) and whether it is recursive */
static inline double pvct_activity_of(const builder *b, uint32_t f)
{
	return f == b->ofunc ? b->oact : b->activity[f];
}

static inline int pvct_rec_of(const builder *b, uint32_t f)
{
	return f == b->ofunc ? b->orec : b->rec[f];
}

/* Logs that budget `kind` of index i changes (calltree.c). */
void pvct_log(builder *b, unsigned kind, uint32_t i);

void pvct_work_free(pvct_work *w);

/* calltree_prep.c */
pv_calltree_prep *pvct_prepare(const pv_profile *p, pv_error *err);
void pvct_activity_at(const pv_calltree_prep *P, uint32_t f, double root, double *act,
		      unsigned char *rec);
void pvct_focus_activity(const pv_calltree_prep *P, uint32_t f, double *act,
			 unsigned char *rec);

/* calltree_evidence.c */
int pvct_is_exec(const pv_profile *p, uint32_t f);
int pvct_import_sites(pv_calltree_prep *P);
int pvct_rule_evidence(pv_calltree_prep *P);
int pvct_import_links(pv_calltree_prep *P);
double pvct_import_chain(builder *b, uint32_t node, double T);
double pvct_matching_edge(builder *b, uint32_t node, double T);
void pvct_hub_later(builder *b, uint32_t node);

/* calltree_nodes.c */
int pvct_reserve_nodes(builder *b, size_t want);
uint32_t pvct_new_node(builder *b, pv_calltree_kind kind, uint32_t func, double time,
		       uint32_t parent, uint32_t flags);
int pvct_add_cand(builder *b, const cand *c);
void pvct_zoom_here(builder *b, uint32_t node);
int pvct_settle(builder *b, uint32_t parent);

/* calltree_expand.c */
int pvct_expand(builder *b, uint32_t node, int grow);

#endif
