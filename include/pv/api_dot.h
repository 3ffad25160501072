/*
 * pv/api_dot.h - GET /api/dot: gprof2dot's call graph of the served
 * profile, laid out by Graphviz (pv/gv.h) as SVG, for the viewer's graph
 * view (docs/api.md, "/api/dot").
 *
 * The nodes, edges, labels and colours are those of `pstat-view dot -T
 * svg` with the same options (pv/dot.h), plus what a page needs: each
 * node's group carries id="fK", K the function id of /api/function?id=K,
 * so a click can select the function.
 *
 * Query keys (absent: gprof2dot's default), each checked; a bad value is
 * answered with a fixed one-line text naming the key ("bad node"), never
 * repeating the value:
 *   node=P        node threshold in percent, 0..100 (gprof2dot -n; 0.5)
 *   edge=P        edge threshold in percent, 0..100 (gprof2dot -e; 0.1)
 *   root=ID       only ID and what it calls (gprof2dot -z, by function id)
 *   leaf=ID       only ID and what calls it (gprof2dot -l, by function id)
 *   depth=N       with root/leaf: at most N calls away, 0..PV_API_DOT_DEPTH_MAX
 *   theme=NAME    color, pink, gray, bw or print (gprof2dot -c)
 *   selfcolor=1   colour nodes by self time (--color-nodes-by-selftime); 0: not
 *   hide=RE       leave out every function whose pstats label
 *                 file:line(name) matches RE (Python's re.search, bounded
 *                 as pv/pyre.h says), at most PV_API_DOT_HIDE_MAX bytes
 *   ignore=RE     the same (pprof's ignore, on the graph)
 *   show=RE       leave out every function RE does not match
 *   focus_re=RE   only the functions on a call path through a match: the
 *                 matches, their callees' callees ..., their callers'
 *                 callers ..., not going through an ignore= match
 *                 (pprof's focus, on the graph)
 *                 (each regex: at most PV_API_DOT_HIDE_MAX bytes, bounded)
 *   fn=ID         only the functions within `hops` calls of ID, callers and
 *   hops=N        callees (pprof's peek as a picture); hops 0..PV_API_DOT_HOPS_MAX,
 *                 default 1; hops needs fn
 * root, leaf and fn are drawn even below the thresholds.
 *
 * Above PV_API_DOT_MAX_NODES nodes or PV_API_DOT_MAX_EDGES edges nothing
 * is laid out: Graphviz's time grows with the edges most (py311_ut_json at
 * -n0.001: 674 nodes and 204 edges take 0.17 s, with -e0 and 1711 edges
 * 92 s).  The answer is then JSON naming the thresholds to raise and the
 * values that bring the graph under the limits, found by building the
 * graph again (docs/api.md).
 */
#ifndef PV_API_DOT_H
#define PV_API_DOT_H

#include "pv/api.h"
#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

#define PV_API_DOT_MAX_NODES 1000  /* nodes laid out at most */
#define PV_API_DOT_MAX_EDGES 300   /* edges laid out at most (about a second) */
#define PV_API_DOT_DEPTH_MAX 1000
#define PV_API_DOT_HOPS_MAX 64
#define PV_API_DOT_HOPS_DEFAULT 1
#define PV_API_DOT_HIDE_MAX 1000

/*
 * Answers GET /api/dot for `p` with the query's values (`arg` over `ctx`)
 * into `out`.  Returns the HTTP status:
 *   200  `out` holds the SVG (*type "image/svg+xml"), or, above a limit,
 *        the JSON of docs/api.md (*type "application/json");
 *   400  a bad key: `err` holds its fixed text ("bad node", ..., or
 *        hide='s "regular expression too complex: gave up after N steps",
 *        "ignore: regular expression too complex: ..." for the others);
 *   500  Graphviz could not lay out or render, or out of memory (`err`).
 * On 400 and 500 nothing is appended to `out`.  Graphviz is not
 * thread-safe: one call at a time (the server's one thread).
 */
int pv_api_dot(const pv_profile *p, pv_api_arg arg, void *ctx, pv_buf *out, const char **type,
	       pv_error *err);

#endif
