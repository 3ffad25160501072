/*
 * pv/dot.h - gprof2dot's colour-coded call graph of a profile.
 *
 * What `gprof2dot -f pstats FILE` does, in C (see docs/gprof2dot.md
 * for the behaviour this reproduces):
 *
 *   - nodes are the profile's keys, numbered in first-seen order (each stats
 *     entry, then its callers, in dict order); edges come from the callers
 *     dicts: calls = the caller tuple's 2nd element (primitive calls of the
 *     pair), time = its 4th (cumulative); `profile`-module int callers give
 *     calls = the int and time = ratio(int, callee nc) * callee ct;
 *   - node total % = ct / max(total_tt, max ct), self % = tt / sum(tt),
 *     edge % = edge ct / max(total_tt, max ct), each clamped to [0, 1]
 *     (0/0 is 1);
 *   - pruning in gprof2dot's order: node threshold, path prefixes, edge
 *     threshold, colour-by-self-time, then --root, then --leaf;
 *   - the DOT text byte for byte as gprof2dot writes it.
 *
 * Differences from gprof2dot, on purpose: --depth is a true breadth-first
 * distance (gprof2dot's result depends on set iteration order and can miss
 * nodes); bytes that are not valid UTF-8 in names (undecodable file names)
 * are written as U+FFFD where gprof2dot crashes; non-ASCII attribute values
 * are always quoted (gprof2dot leaves Unicode-alphanumeric ones bare); a
 * key that appears only as a caller is a node with no time where gprof2dot
 * asserts; a negative skew is an error before any output, and a skew of 0
 * means 1 as in gprof2dot.
 *
 * Nothing here prints or exits.  The module keeps no global state.  It is
 * the output layer's src/output/dot_*.c; dot_internal.h there says which
 * file holds what.
 */
#ifndef PV_DOT_H
#define PV_DOT_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

/* ===================================================== themes and colours */

typedef struct pv_dot_theme {
	const char *name;          /* "color", "pink", "gray", "bw", "print" */
	double mincolor[3];        /* h, s, l */
	double maxcolor[3];
	double gamma;
	double minfontsize, maxfontsize;
	double minpenwidth, maxpenwidth;
	int solid;                 /* node style solid (print), else filled */
} pv_dot_theme;

/* The theme called `name` (gprof2dot's -c values), or NULL. */
const pv_dot_theme *pv_dot_theme_find(const char *name);

/* gprof2dot's ratio(): n/d clamped to [0, 1]; 1 when d == 0. */
double pv_dot_ratio(double n, double d);

/* CSS3 HSL to RGB with the theme's gamma (each channel in [0, 1]). */
void pv_dot_hsl_to_rgb(const pv_dot_theme *t, double h, double s, double l,
		       double rgb[3]);

/* Theme.color(weight) with the given skew (> 0; 1 is linear). */
void pv_dot_theme_color(const pv_dot_theme *t, double skew, double weight,
			double rgb[3]);

/* DotWriter.color(): "#rrggbb" into out (8 bytes with the NUL). */
void pv_dot_rgb_text(const double rgb[3], char out[8]);

/* max(w**2 * maxfontsize, minfontsize) */
double pv_dot_fontsize(const pv_dot_theme *t, double weight);
/* max(w * maxpenwidth, minpenwidth) */
double pv_dot_penwidth(const pv_dot_theme *t, double weight);
/* 0.5 * sqrt(penwidth) */
double pv_dot_arrowsize(const pv_dot_theme *t, double weight);

/* ===================================================== names */

/*
 * gprof2dot's node name "module:line:func" for key `id`, where module is
 * the file name without directory and extension (posixpath rules).
 */
void pv_dot_func_name(const pv_profile *p, uint32_t id, pv_buf *out);

/* Function.stripped_name() (-s): C++ parameter/template stripping. */
void pv_dot_strip_name(const char *s, size_t len, pv_buf *out);

/*
 * DotWriter.wrap_function_name() (-w): textwrap.fill(name, 32) for names
 * longer than 32 characters, then ", " -> "," and "> >" -> ">>".
 */
void pv_dot_wrap_name(const char *s, size_t len, pv_buf *out);

/*
 * Checks a --time-format value: Python %-formatting of one float (flags,
 * width, precision; conversions e E f F g G d i u s r a, and %%).  Returns
 * 0, or -1 with `err` set.
 */
int pv_dot_check_time_format(const char *fmt, pv_error *err);

/* Appends `fmt % value` (the format must have passed the check). */
void pv_dot_format_time(const char *fmt, double value, pv_buf *out);

/* ===================================================== the graph */

typedef enum pv_dot_measure {
	PV_DOT_TOTAL_TIME_PCT,   /* total-time-percentage: "12.34%" */
	PV_DOT_SELF_TIME_PCT,    /* self-time-percentage: "(1.23%)" */
	PV_DOT_TOTAL_TIME,       /* total-time: time format of ct */
	PV_DOT_SELF_TIME,        /* self-time: "(" time format of tt ")" */
} pv_dot_measure;

/* Parses a --node-label MEASURE name; returns 0, or -1 if unknown. */
int pv_dot_measure_parse(const char *name, pv_dot_measure *out);

typedef struct pv_dot_options {
	double node_thres;            /* percent; default 0.5 */
	double edge_thres;            /* percent; default 0.1 */
	const char *const *paths;     /* -p prefixes (borrowed), or NULL */
	size_t npaths;
	const char *root;             /* -z glob, or NULL */
	const char *leaf;             /* -l glob, or NULL */
	long depth;                   /* --depth; -1 = unlimited */
	int color_by_selftime;
	const pv_dot_measure *labels; /* --node-label list, or NULL = defaults */
	size_t nlabels;
	const char *time_format;      /* NULL = "%.7g" */
	int wrap;                     /* -w */
	int strip;                    /* -s */
	const pv_dot_theme *theme;    /* NULL = "color" */
	double skew;                  /* > 0; 0 is taken as 1 */
	/*
	 * Stop after --root, before --leaf (gprof2dot runs --list-functions
	 * there): pv_dot_list_functions() then sees that graph.
	 */
	int stop_before_leaf;
	/*
	 * pstat-view's own, for the viewer's graph (pv/api_dot.h); none is a
	 * gprof2dot option.  Functions are key ids (PV_DOT_NO_KEY: none):
	 *   - hide: per key, 1 leaves it out, as the node threshold does (NULL:
	 *     none);
	 *   - root_key, leaf_key: --root/--leaf of that one function (after
	 *     the globs), within `depth`;
	 *   - focus_key: only the keys within `hops` calls of it, callers
	 *     (up) and callees (down), through live edges;
	 *   - root_key, leaf_key and focus_key are drawn whatever the
	 *     thresholds and `hide` say;
	 *   - node_ids: each node's DOT gets id="fK" (K its key id), which
	 *     Graphviz puts on the node's group in SVG.
	 */
	const uint8_t *hide;
	uint32_t root_key, leaf_key, focus_key;
	long hops;
	int node_ids;
} pv_dot_options;

#define PV_DOT_NO_KEY UINT32_MAX

/* gprof2dot's defaults (and none of pstat-view's own). */
void pv_dot_options_init(pv_dot_options *o);

typedef struct pv_dot_graph pv_dot_graph;

/*
 * Builds the pruned call graph of `p`.  Returns a new graph the caller
 * frees with pv_dot_graph_free(), or NULL with `err` set (no function
 * matches --root/--leaf, bad option, out of memory).  Borrows `p` and `o`
 * (strings included) for the graph's lifetime.
 */
pv_dot_graph *pv_dot_build(const pv_profile *p, const pv_dot_options *o,
			   pv_error *err);

void pv_dot_graph_free(pv_dot_graph *g);

/* Nodes and edges left after pruning. */
size_t pv_dot_graph_nnodes(const pv_dot_graph *g);
size_t pv_dot_graph_nedges(const pv_dot_graph *g);

/*
 * Appends the DOT text (UTF-8) to `out`.  Returns 0, or -1 with `err` set
 * (out of memory).
 */
int pv_dot_write(const pv_dot_graph *g, pv_buf *out, pv_error *err);

/*
 * gprof2dot's --list-functions output (what it prints on stderr): "+" or
 * "*" lists "id:\tname" for every node, a glob lists the matching names,
 * "%glob" lists the matching nodes with their numbers; entries are joined
 * by ",\n" and the text ends with a newline.
 */
void pv_dot_list_functions(const pv_dot_graph *g, const char *selector,
			   pv_buf *out);

/* ===================================================== --compare */

/*
 * gprof2dot's --compare-* options (docs/compare.md).  tolerance is in
 * percentage points (0.001 means 0.001%); it must be > 0.
 */
typedef struct pv_dot_compare_options {
	double tolerance;         /* --compare-tolerance; default 0.001 */
	int only_slower;          /* --compare-only-slower */
	int only_faster;          /* --compare-only-faster */
	int color_by_difference;  /* --compare-color-by-difference */
} pv_dot_compare_options;

/* gprof2dot's defaults. */
void pv_dot_compare_options_init(pv_dot_compare_options *c);

/*
 * `gprof2dot -f pstats --compare A B`: both profiles pruned alone with `o`
 * (-n, -p, -e, --color-nodes-by-selftime, then -z on each), and A's graph
 * drawn with figures from B for the functions of the same name: "A% + d%"
 * or "A% - d%" where they differ by at least the tolerance, cds shapes
 * pointing right (B slower) or down (B faster), edge labels "A% / B%".
 * --leaf is an error (gprof2dot fails on it).  Returns 0 with the number
 * of A's functions drawn in *nnodes (if not NULL), or -1 with `err` set.
 */
int pv_dot_compare_write(const pv_profile *a, const pv_profile *b,
			 const pv_dot_options *o, const pv_dot_compare_options *c,
			 pv_buf *out, size_t *nnodes, pv_error *err);

/* ===================================================== --diff */

/*
 * pstat-view's own diff graph of two profiles (`dot --diff`, not a
 * gprof2dot writer): both are pruned with `o`, nodes are matched by key
 * (file, line, name), the union is drawn, labels give "base -> new"
 * figures and colours show the change of total % (red slower, green
 * faster, grey unchanged).  Returns 0, or -1 with `err` set.
 */
int pv_dot_write_diff(const pv_profile *base, const pv_profile *cur,
		      const pv_dot_options *o, pv_buf *out, size_t *nnodes,
		      pv_error *err);

#endif
