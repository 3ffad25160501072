/*
 * pv/api.h - the JSON answers of the viewer's HTTP API (docs/api.md).
 *
 * Every answer is built from a loaded profile into a pv_buf, written
 * through pv/json.h in its web style (docs/json.md) and pv/funcjson.h.
 * All output is valid UTF-8 JSON: a byte that is not valid UTF-8 is
 * written as \udcXX (Python's surrogateescape), a lone surrogate kept by
 * the model as \uD8XX..\uDFXX, and '<', '>', '&', U+2028, U+2029 are
 * always escaped, so any answer can be pasted inside an HTML <script>.
 *
 * Numbers: times are JSON numbers that read back as the same double (null
 * for NaN and infinities); counts are JSON numbers when |n| < 2^53 and
 * decimal strings beyond that.  The pstats columns are also given as the
 * exact text `pstat-view stats` prints (trimmed), so the viewer never has
 * to re-implement pstats' rounding.
 *
 * Functions never print; they return -1 with `err` set on failure (out of
 * memory, bad id).  Nothing here keeps a pointer to the profile.
 */
#ifndef PV_API_H
#define PV_API_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/calltree.h"
#include "pv/diff_write.h"
#include "pv/error.h"
#include "pv/profile.h"

#define PV_API_VERSION 1

/* GET /api/summary: files, counts, totals, the call tree's roots.  Returns 0 or -1. */
int pv_api_summary(const pv_profile *p, pv_buf *out, pv_error *err);

/*
 * GET /api/summary as the server answers it: the summary of p with the
 * call tree's roots built from `prep` (may be NULL: made here, 0.8 s at 1M
 * functions); in diff mode (`serve --diff BASE NEW`: `d` the diff of BASE
 * against p, which is NEW) plus "diff": {"base": base_label, the base and
 * new totals, their deltas and the row counts}.
 */
int pv_api_summary_with(const pv_profile *p, const pv_calltree_prep *prep, const pv_diff *d,
			const char *base_label, pv_buf *out, pv_error *err);

/*
 * GET /api/diff: per function of NEW with stats (by its id, the id of the
 * other endpoints) its base and new stats, deltas and percents, and the
 * functions only in BASE listed separately (docs/api.md).  `d` must be in
 * build order or sorted: rows are found through d->row_of.
 */
int pv_api_diff(const pv_diff *d, pv_buf *out, pv_error *err);

/* GET /api/functions: one object per function, pstats' columns. */
int pv_api_functions(const pv_profile *p, pv_buf *out, pv_error *err);

/*
 * GET /api/function?id=N: one function with its callers and callees (one
 * entry per caller->callee edge).  Returns -1 with `err` set when id is
 * not a key of the profile.
 */
int pv_api_function(const pv_profile *p, uint32_t id, pv_buf *out, pv_error *err);

/*
 * GET /api/graph: summary, the key table in columns and the edge list in
 * columns - what the viewer needs to expand the call tree itself.
 */
int pv_api_graph(const pv_profile *p, pv_buf *out, pv_error *err);

/* A request's query: the value of `key` (percent-decoded), or NULL when absent. */
typedef const char *(*pv_api_arg)(void *ctx, const char *key);

/*
 * GET /api/tree: the call tree of pv/calltree.h (or, with dir=callers, the
 * callers tree of pv/callers_tree.h), built per request, in columns
 * (docs/api.md).  The query's keys and their limits:
 */
#define PV_API_TREE_NODES_DEFAULT 2000   /* nodes=N: node budget, 1..200000 */
#define PV_API_TREE_NODES_MAX 200000
#define PV_API_TREE_CUTOFF_DEFAULT 0.001 /* cutoff=F: min_fraction, 0..1 */
#define PV_API_TREE_DEPTH_DEFAULT 64     /* depth=D: max depth, 1..1024 */
#define PV_API_TREE_DEPTH_MAX 1024
#define PV_API_TREE_ZOOM_MAX 256         /* zoom=ID,ID,...: at most this many */
#define PV_API_TREE_RE_MAX 1000          /* focus_re=, ignore=, hide=, show=: bytes */

/* The regex keys, in pv/treefilter.h's order (focus, ignore, hide, show). */
enum { PV_API_TREE_FOCUS_RE, PV_API_TREE_IGNORE, PV_API_TREE_HIDE, PV_API_TREE_SHOW,
       PV_API_TREE_NRE };
/* The query keys of the filters, in that order (/api/tree and /api/dot). */
extern const char *const pv_api_re_keys[PV_API_TREE_NRE];

typedef struct pv_api_tree_query {
	uint32_t focus; /* focus=ID: a function id with stats, or PV_CALLTREE_NONE (the roots) */
	size_t nodes;
	double cutoff;
	uint32_t depth;
	int callers;    /* dir=callers: the bottom-up tree */
	uint32_t zoom[PV_API_TREE_ZOOM_MAX]; /* zoom=: a path of function ids from node 0 */
	uint32_t nzoom;
	/* pprof's filters (pv/treefilter.h): focus_re=, ignore=, hide=, show=,
	   each a regex or NULL; borrowed from the request (`arg`'s strings) */
	const char *re[PV_API_TREE_NRE];
	int group;      /* group=function|file|package: a pv_treefilter_gran */
} pv_api_tree_query;

/*
 * Fills `q` with the defaults: no focus, 2000 nodes, cutoff 0.001, depth
 * 64, calls, no zoom, no filter, by function.
 */
void pv_api_tree_query_init(pv_api_tree_query *q);

/*
 * Parses the query (focus, nodes, cutoff, depth, zoom, dir, focus_re,
 * ignore, hide, show, group; absent keys keep their defaults) into `q`.
 * Returns 0, or -1 with `err` set to a fixed one-line text that names the
 * key ("bad focus", "bad focus_re", ...) and repeats nothing of the value;
 * a regex that does not compile is "bad KEY", or, in the WebAssembly build
 * (no regular expressions), "regular expressions are not available in the
 * exported page".  The regexes are kept as pointers to `arg`'s strings:
 * `q` is valid while they are.
 */
int pv_api_tree_query_parse(const pv_profile *p, pv_api_tree_query *q, pv_api_arg arg,
			    void *ctx, pv_error *err);

/*
 * GET /api/tree: builds the tree of `p` for `q` (NULL: the defaults) and
 * writes it.  `prep` (may be NULL) is the call tree's prepared state, kept
 * between requests.  With a filter or a group (pv/treefilter.h), the tree
 * is built with PV_API_TREE_FILTER_NODES(nodes) nodes and cutoff / 100,
 * then filtered down to `nodes` and `cutoff`.  Returns 0; -1 with `err`
 * set: a query out of its limits (the same texts as
 * pv_api_tree_query_parse), or out of memory; -2 with `err` set to a
 * line for a 400 answer: a regex gave up at pv/pyre.h's bound ("hide:
 * regular expression too complex: gave up after 1000000 steps") or does
 * not compile.
 */
int pv_api_tree(const pv_profile *p, const pv_calltree_prep *prep, const pv_api_tree_query *q,
		pv_buf *out, pv_error *err);

/*
 * The node budget of the tree a filter works on: 3 x nodes, at least
 * 12000, at most 50000 (and at least nodes): 25 ms for the viewer's 6000
 * nodes at 100k functions (10 x took 60 ms, most of a filter's 100 ms
 * in the page; 4 x 34 ms).
 */
#define PV_API_TREE_FILTER_NODES(n) \
	((n) * 3 < 12000 ? (size_t)12000 : (n) * 3 <= 50000 ? (size_t)(n) * 3 \
	 : (n) > 50000 ? (size_t)(n) : (size_t)50000)

/* Writes a built tree as /api/tree answers it; `first` is its default_focus. */
int pv_api_tree_write(const pv_profile *p, const pv_calltree *t, uint32_t first, int callers,
		      pv_buf *out, pv_error *err);

/*
 * pv_api_tree_write() with the groups of group=file|package: `group[i]`
 * is node i's index into `labels` (NUL-terminated strings starting at
 * `label_at[0..ngroups)`), -1 for nodes that are no function; written as
 * the nodes' "group" column and a top-level "groups" array.  `group` NULL:
 * neither is written.
 */
int pv_api_tree_write_groups(const pv_profile *p, const pv_calltree *t, uint32_t first,
			     int callers, const int32_t *group, const char *labels,
			     const size_t *label_at, size_t ngroups, pv_buf *out, pv_error *err);

/*
 * GET /api/functions with a page: the functions `ids[0..n)` (one page of
 * a sorted, maybe filtered, order of `total` matching functions starting
 * at `offset`), each as /api/functions writes it; with `rank` (may be
 * NULL) first a "rank" member: where a function asked for stands in that
 * order, -1 when it is not in it.
 */
int pv_api_functions_page(const pv_profile *p, const uint32_t *ids, size_t n, size_t total,
			  size_t offset, const long long *rank, pv_buf *out, pv_error *err);

/* A decimal of at most 10 digits and nothing else, or -1. */
long long pv_api_parse_decimal(const char *s);

/*
 * The API of one served profile, with what it keeps between requests
 * (answers built once, sorted orders of the table, the call tree's
 * prepared state), each made on the first request that needs it: nothing
 * is computed at start.  Not thread-safe: one caller at a time.
 */
typedef struct pv_api pv_api;

/* `diff` and `base_label` (diff mode) may be NULL; all are borrowed. */
pv_api *pv_api_new(const pv_profile *p, const pv_diff *diff, const char *base_label);

/*
 * Gives `a` the call tree's prepared state of its profile, made elsewhere
 * (the server makes it on a thread while the page loads); `a` owns it
 * from then on (a NULL prep is ignored; a second one is freed).
 */
void pv_api_adopt_prep(pv_api *a, pv_calltree_prep *prep);
void pv_api_free(pv_api *a);

/*
 * Answers GET `path` ("/api/tree", ...) with the query's values into
 * `out`: returns the HTTP status (200, 400, 404, 500) and sets *type to
 * the Content-Type; on an error status `out` holds {"error":"..."} with a
 * fixed text.  The same bytes whoever asks: the server, the page's
 * WebAssembly build, the tests.
 */
int pv_api_get(pv_api *a, const char *path, pv_api_arg arg, void *ctx, pv_buf *out,
	       const char **type);

/* A raw query string ("a=1&b=x%20y"), split and percent-decoded for pv_api_get. */
typedef struct pv_api_query {
	char *buf;
	const char *key[32], *val[32];
	int n;
} pv_api_query;

/*
 * Percent-decodes s in place (and '+' to a space when `plus`), except
 * "%00": a decoded NUL would cut the text short.  Returns the new length.
 */
size_t pv_api_unescape(char *s, int plus);

/* Returns 0, or -1 (out of memory, or more than 32 keys). */
int pv_api_query_parse(pv_api_query *q, const char *raw);
/* A pv_api_arg over a pv_api_query (ctx). */
const char *pv_api_query_arg(void *ctx, const char *key);
void pv_api_query_release(pv_api_query *q);

/*
 * The viewer as one self-contained HTML file (src/server/static_page.c):
 * the embedded index.html with style.css and app.js (the bundle of web/'s
 * modules) inlined and the favicon as a data: URI, and pv.wasm (this API's
 * router as WebAssembly) with the profile, which the page asks what it
 * would ask the server (docs/wasm.md).  Returns 0 or -1 with `err` set.
 */
int pv_api_static_page(const pv_profile *p, pv_buf *out, pv_error *err);

/* Room for any pv_api_f3 text (DBL_MAX has 309 integer digits). */
#define PV_API_F3_MAX 320

/*
 * pstats' f8 column without padding: "%.3f" (round half to even on the
 * exact binary value, as Python does), and "nan", "inf", "-inf" as Python
 * prints them.  `out` has PV_API_F3_MAX bytes; returns the length.
 */
size_t pv_api_f3(double v, char out[PV_API_F3_MAX]);

#endif
