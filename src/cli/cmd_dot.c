/*
 * cmd_dot.c - `pstat-view dot`: gprof2dot's call graph as DOT text, or laid
 * out and rendered to PNG/SVG/PDF through libgvc (no `dot` binary needed).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "pv/dot.h"
#include "pv/gv.h"

/* Above this many nodes a layout can take minutes (gprof2dot.md §6). */
#define DOT_LAYOUT_WARN_NODES 1000

typedef struct dot_args {
	pv_dot_options o;
	cli_list paths, labels;
	const char *output, *format, *input_format, *list;
	int compare;
} dot_args;

static int time_format_option(void *field, const char *v, char *why, size_t whylen)
{
	pv_error err;
	if (pv_dot_check_time_format(v, &err) != 0) {
		snprintf(why, whylen, "%s", err.msg);
		return CLI_USAGE;
	}
	*(const char **)field = v;
	return CLI_OK;
}

static int output_format_option(void *field, const char *v, char *why, size_t whylen)
{
	static const char *const known[] = { "dot", "png", "svg", "pdf" };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(v, known[i]) == 0) {
			*(const char **)field = known[i];
			return CLI_OK;
		}
	if (strcmp(v, "gv") == 0) {
		*(const char **)field = "dot";
		return CLI_OK;
	}
	snprintf(why, whylen, "unknown output format '%s' (use dot, png, svg or pdf)", v);
	return CLI_USAGE;
}

static int colormap_option(void *field, const char *v, char *why, size_t whylen)
{
	const pv_dot_theme *t = pv_dot_theme_find(v);
	if (!t) {
		snprintf(why, whylen, "unknown colormap '%s' (use color, pink, gray, bw or print)", v);
		return CLI_USAGE;
	}
	*(const pv_dot_theme **)field = t;
	return CLI_OK;
}

static const cli_choice output_formats[] = {
	{ "dot", 0 }, { "png", 0 }, { "svg", 0 }, { "pdf", 0 }, { NULL, 0 },
};
static const cli_choice input_formats[] = { { "pstats", 0 }, { NULL, 0 } };
static const cli_choice measures[] = {
	{ "total-time-percentage", 0 }, { "self-time-percentage", 0 }, { "total-time", 0 },
	{ "self-time", 0 }, { NULL, 0 },
};
static const cli_choice themes[] = {
	{ "color", 0 }, { "pink", 0 }, { "gray", 0 }, { "bw", 0 }, { "print", 0 }, { NULL, 0 },
};

#define A(f) offsetof(dot_args, f)
static const cli_option options[] = {
	{ OPT_USAGE("dot [OPTIONS] FILE...") },
	{ OPT_USAGE("dot --compare [OPTIONS] BASE NEW") },
	{ OPT_TEXT("Draws the call graph gprof2dot draws for 'gprof2dot -f pstats FILE...': one box\n"
		   "per function (module:line:function, total %, (self %), calls), one arrow per\n"
		   "caller/callee pair (total %, calls), coloured from blue (cold) to red (hot).\n"
		   "The DOT text is byte for byte gprof2dot's.  Several FILEs are merged as\n"
		   "pstats.Stats(F1, F2, ...) merges them.  Python 2.7 and profile-module files\n"
		   "are read too.\n") },
	{ OPT_GROUP("Output:") },
	{ OPT_STRING('o', "output", A(output), "FILE",
		     "write to FILE (atomically) instead of standard output") },
	{ OPT_CALLBACK('T', "output-format", A(format), "FMT",
		       "dot (DOT text, the default), png, svg or pdf; inferred from -o's extension "
		       "(.png .svg .pdf .dot .gv); pictures are laid out and rendered with "
		       "Graphviz's dot engine (no dot binary needed)", output_format_option),
	  .choices = output_formats },
	{ OPT_GROUP("Pruning (applied in this order, percentages of the total time):") },
	{ OPT_NUMBER('n', "node-thres", A(o.node_thres), "PCT",
		     "drop functions below PCT total time (default 0.5)", CLI_NO_MIN, CLI_NO_MAX) },
	{ OPT_LIST('p', "path", A(paths), "PREFIX",
		   "keep only functions whose file starts with PREFIX (repeatable; functions "
		   "with no file are kept)") },
	{ OPT_NUMBER('e', "edge-thres", A(o.edge_thres), "PCT",
		     "drop calls below PCT total time (default 0.1)", CLI_NO_MIN, CLI_NO_MAX) },
	{ OPT_STRING('z', "root", A(o.root), "GLOB",
		     "keep only what GLOB's functions call, directly or not") },
	{ OPT_STRING('l', "leaf", A(o.leaf), "GLOB", "keep only what calls GLOB's functions") },
	{ OPT_INT(0, "depth", A(o.depth), "N",
		  "with -z/-l: at most N calls away (breadth-first)", -1, CLI_NO_MAX) },
	{ OPT_STRING(0, "list-functions", A(list), "SEL",
		     "print function names to standard error and exit: '+' all with their ids, "
		     "a GLOB the matching names, '%GLOB' the matching ones with their figures") },
	{ OPT_GROUP("Labels and colours:") },
	{ OPT_LIST(0, "node-label", A(labels), "MEASURE",
		   "replaces the node's figures (repeatable, in order): total-time-percentage, "
		   "self-time-percentage, total-time, self-time"), .choices = measures },
	{ OPT_CALLBACK(0, "time-format", A(o.time_format), "FMT",
		       "Python %-format for total-time/self-time (%.7g)", time_format_option) },
	{ OPT_FLAG(0, "color-nodes-by-selftime", A(o.color_by_selftime),
		   "colour nodes by self time instead of total time") },
	{ OPT_FLAG(0, "colour-nodes-by-selftime", A(o.color_by_selftime), NULL),
	  .flags = CLI_OPT_HIDDEN },
	{ OPT_CALLBACK('c', "colormap", A(o.theme), "THEME",
		       "color (default), pink, gray, bw or print", colormap_option),
	  .choices = themes },
	{ OPT_NUMBER(0, "skew", A(o.skew), "F",
		     "colour curve: < 1 spreads low percentages, > 1 compresses them (default 1; "
		     "0 means 1)", 0, CLI_NO_MAX) },
	{ OPT_FLAG('w', "wrap", A(o.wrap), "wrap function names at 32 columns") },
	{ OPT_FLAG('s', "strip", A(o.strip), "strip C++-style (...) and <...> from names") },
	{ OPT_STRING('f', "format", A(input_format), "pstats",
		     "accepted for gprof2dot compatibility"), .choices = input_formats },
	{ OPT_GROUP("Comparing two profiles:") },
	{ OPT_FLAG(0, "compare", A(compare),
		   "BASE NEW: one graph of both, nodes matched by function; labels read "
		   "'base -> new (+change)', red is slower, green faster, grey unchanged; new "
		   "functions are bold, gone ones dashed") },
	{ OPT_TEXT("GLOBs match names as drawn (module:line:function): * ? [seq] [!seq].\n"
		   "\n"
		   "Differences from gprof2dot: --depth counts calls breadth-first (gprof2dot may\n"
		   "keep fewer nodes); undecodable bytes in names are drawn as U+FFFD (gprof2dot\n"
		   "crashes); a negative --skew is a usage error.  Laying out more than 1000 nodes\n"
		   "is slow: pstat-view warns and names the threshold to raise.\n"
		   "\n"
		   "Examples:\n"
		   "  pstat-view dot out.pstats -o graph.svg\n"
		   "  pstat-view dot -n 2 -e 0.5 -z '*:main' out.pstats | dot -Tpng -o graph.png\n"
		   "  pstat-view dot --compare before.pstats after.pstats -o diff.svg\n") },
	{ OPT_END() },
};

/* The output format from -o's extension, or NULL. */
static const char *format_from_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	if (!dot || (slash && dot < slash))
		return NULL;
	static const char *const ext[][2] = {
		{ ".png", "png" }, { ".svg", "svg" }, { ".pdf", "pdf" },
		{ ".dot", "dot" }, { ".gv", "dot" },
	};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		const char *a = dot, *b = ext[i][0];
		while (*a && *b && (*a | 0x20) == *b) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return ext[i][1];
	}
	return NULL;
}

/* Prints Graphviz's warnings, one line each. */
static void print_warnings(const pv_buf *w)
{
	if (!w->len)
		return;
	const char *s = w->data;
	while (*s) {
		size_t n = strcspn(s, "\n");
		fprintf(stderr, "pstat-view: graphviz: %.*s\n", (int)n, s);
		s += n + (s[n] ? 1 : 0);
	}
}

static int render(dot_args *c, char **files, size_t nfiles)
{
	int rc = CLI_ERR;
	pv_profile *p = NULL, *q = NULL;
	pv_dot_graph *g = NULL;
	pv_buf dot = PV_BUF_INIT, pic = PV_BUF_INIT, warn = PV_BUF_INIT;
	pv_error err;
	int picture = strcmp(c->format, "dot") != 0;
	size_t nnodes = 0, nedges = 0;

	if (picture && (!c->output || strcmp(c->output, "-") == 0) && isatty(STDOUT_FILENO))
		return cli_usage_error("dot", "will not write %s to a terminal: use -o FILE",
				       c->format);
	/* a broken Graphviz install is found before any work is done */
	if (picture && pv_gv_check(c->format, &err) != 0)
		return cli_error("cannot render %s: %s", c->format, err.msg);

	if (c->compare) {
		p = cli_load_profiles(&files[0], 1);
		if (!p)
			goto out;
		q = cli_load_profiles(&files[1], 1);
		if (!q)
			goto out;
		if (pv_dot_write_compare(p, q, &c->o, &dot, &nnodes, &err) != 0) {
			cli_error("%s", err.msg);
			goto out;
		}
	} else {
		p = cli_load_profiles(files, nfiles);
		if (!p)
			goto out;
		c->o.stop_before_leaf = c->list != NULL;
		g = pv_dot_build(p, &c->o, &err);
		if (!g) {
			cli_error("%s", err.msg);
			goto out;
		}
		if (c->list) {
			pv_dot_list_functions(g, c->list, &dot);
			if (!pv_buf_ok(&dot)) {
				cli_error("out of memory");
				goto out;
			}
			fflush(stdout);
			fwrite(dot.data, 1, dot.len, stderr);
			rc = CLI_OK;
			goto out;
		}
		nnodes = pv_dot_graph_nnodes(g);
		nedges = pv_dot_graph_nedges(g);
		if (pv_dot_write(g, &dot, &err) != 0) {
			cli_error("%s", err.msg);
			goto out;
		}
	}

	if (!picture) {
		rc = cli_write_output(c->output, &dot);
		goto out;
	}
	if (nnodes > DOT_LAYOUT_WARN_NODES) {
		if (c->compare)
			fprintf(stderr,
				"pstat-view: warning: %zu nodes to lay out; Graphviz can take minutes "
				"beyond %d: raise -n/--node-thres (now %g) or -e/--edge-thres (now %g)\n",
				nnodes, DOT_LAYOUT_WARN_NODES, c->o.node_thres, c->o.edge_thres);
		else
			fprintf(stderr,
				"pstat-view: warning: %zu nodes and %zu edges to lay out; Graphviz can "
				"take minutes beyond %d nodes: raise -n/--node-thres (now %g) or "
				"-e/--edge-thres (now %g), or pick a subtree with -z/--root\n",
				nnodes, nedges, DOT_LAYOUT_WARN_NODES, c->o.node_thres,
				c->o.edge_thres);
		fflush(stderr);
	}
	if (pv_gv_render(dot.data, dot.len, c->format, &pic, &warn, &err) != 0) {
		cli_error("cannot render %s: %s", c->format, err.msg);
		goto out;
	}
	print_warnings(&warn);
	rc = cli_write_output(c->output, &pic);
out:
	pv_dot_graph_free(g);
	pv_profile_free(p);
	pv_profile_free(q);
	pv_buf_release(&dot);
	pv_buf_release(&pic);
	pv_buf_release(&warn);
	return rc;
}

static void init(void *args)
{
	pv_dot_options_init(&((dot_args *)args)->o);
}

static int run(void *args, char **files, size_t nfiles)
{
	dot_args *a = args;
	pv_dot_measure *labels = calloc(a->labels.n + 1, sizeof(*labels));
	if (!labels)
		return cli_error("out of memory");
	for (size_t i = 0; i < a->labels.n; i++)
		pv_dot_measure_parse(a->labels.items[i], &labels[i]);  /* checked: .choices */
	a->o.paths = a->paths.items;
	a->o.npaths = a->paths.n;
	if (a->labels.n) {
		a->o.labels = labels;
		a->o.nlabels = a->labels.n;
	}
	if (!a->format && a->output)
		a->format = format_from_path(a->output);
	if (!a->format)
		a->format = "dot";
	int rc;
	if (a->compare && nfiles != 2)
		rc = cli_usage_error("dot", "--compare wants two profiles, BASE and NEW (got %zu)",
				     nfiles);
	else if (a->compare && a->list)
		rc = cli_usage_error("dot", "--list-functions does not go with --compare");
	else
		rc = render(a, files, nfiles);
	free(labels);
	return rc;
}

const cli_command cmd_dot = {
	.spec = { "dot", "gprof2dot's colour-coded call graph as DOT, PNG, SVG or PDF", options, 1, 0 },
	.args_size = sizeof(dot_args), .init = init, .run = run,
};
