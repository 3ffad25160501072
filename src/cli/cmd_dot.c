/*
 * cmd_dot.c - `pstat-view dot`: gprof2dot's call graph as DOT text, or laid
 * out and rendered to PNG/SVG/PDF through libgvc (no `dot` binary needed).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
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

const char cmd_dot_usage[] =
	"usage: pstat-view dot [OPTIONS] FILE...\n"
	"       pstat-view dot --compare [OPTIONS] BASE NEW\n"
	"\n"
	"Draws the call graph gprof2dot draws for 'gprof2dot -f pstats FILE...': one box\n"
	"per function (module:line:function, total %, (self %), calls), one arrow per\n"
	"caller/callee pair (total %, calls), coloured from blue (cold) to red (hot).\n"
	"The DOT text is byte for byte gprof2dot's.  Several FILEs are merged as\n"
	"pstats.Stats(F1, F2, ...) merges them.  Python 2.7 and profile-module files\n"
	"are read too.\n"
	"\n"
	"Output:\n"
	"  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
	"  -T, --output-format FMT dot (DOT text, the default), png, svg or pdf;\n"
	"                           inferred from -o's extension (.png .svg .pdf\n"
	"                           .dot .gv); pictures are laid out and rendered\n"
	"                           with Graphviz's dot engine (no dot binary needed)\n"
	"\n"
	"Pruning (applied in this order, percentages of the total time):\n"
	"  -n, --node-thres PCT     drop functions below PCT total time (default 0.5)\n"
	"  -p, --path PREFIX        keep only functions whose file starts with PREFIX\n"
	"                           (repeatable; functions with no file are kept)\n"
	"  -e, --edge-thres PCT     drop calls below PCT total time (default 0.1)\n"
	"  -z, --root GLOB          keep only what GLOB's functions call, directly or not\n"
	"  -l, --leaf GLOB          keep only what calls GLOB's functions\n"
	"      --depth N            with -z/-l: at most N calls away (breadth-first)\n"
	"      --list-functions SEL print function names to standard error and exit:\n"
	"                           '+' all with their ids, a GLOB the matching names,\n"
	"                           '%GLOB' the matching ones with their figures\n"
	"GLOBs match names as drawn (module:line:function): * ? [seq] [!seq].\n"
	"\n"
	"Labels and colours:\n"
	"      --node-label MEASURE replaces the node's figures (repeatable, in order):\n"
	"                           total-time-percentage, self-time-percentage,\n"
	"                           total-time, self-time\n"
	"      --time-format FMT    Python %-format for total-time/self-time (%.7g)\n"
	"      --color-nodes-by-selftime\n"
	"                           colour nodes by self time instead of total time\n"
	"  -c, --colormap THEME     color (default), pink, gray, bw or print\n"
	"      --skew F             colour curve: < 1 spreads low percentages, > 1\n"
	"                           compresses them (default 1; 0 means 1)\n"
	"  -w, --wrap               wrap function names at 32 columns\n"
	"  -s, --strip              strip C++-style (...) and <...> from names\n"
	"  -f, --format pstats      accepted for gprof2dot compatibility\n"
	"\n"
	"Comparing two profiles:\n"
	"      --compare            BASE NEW: one graph of both, nodes matched by\n"
	"                           function; labels read 'base -> new (+change)',\n"
	"                           red is slower, green faster, grey unchanged; new\n"
	"                           functions are bold, gone ones dashed\n"
	"\n"
	"  -h, --help               show this help\n"
	"\n"
	"Differences from gprof2dot: --depth counts calls breadth-first (gprof2dot may\n"
	"keep fewer nodes); undecodable bytes in names are drawn as U+FFFD (gprof2dot\n"
	"crashes); a negative --skew is a usage error.  Laying out more than 1000 nodes\n"
	"is slow: pstat-view warns and names the threshold to raise.\n"
	"\n"
	"Examples:\n"
	"  pstat-view dot out.pstats -o graph.svg\n"
	"  pstat-view dot -n 2 -e 0.5 -z '*:main' out.pstats | dot -Tpng -o graph.png\n"
	"  pstat-view dot --compare before.pstats after.pstats -o diff.svg\n";

enum {
	OPT_DEPTH = 256,
	OPT_SELFTIME,
	OPT_NODE_LABEL,
	OPT_TIME_FORMAT,
	OPT_LIST,
	OPT_SKEW,
	OPT_COMPARE,
};

static const struct option dot_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "output-format", required_argument, NULL, 'T' },
	{ "format", required_argument, NULL, 'f' },
	{ "node-thres", required_argument, NULL, 'n' },
	{ "edge-thres", required_argument, NULL, 'e' },
	{ "path", required_argument, NULL, 'p' },
	{ "root", required_argument, NULL, 'z' },
	{ "leaf", required_argument, NULL, 'l' },
	{ "depth", required_argument, NULL, OPT_DEPTH },
	{ "list-functions", required_argument, NULL, OPT_LIST },
	{ "node-label", required_argument, NULL, OPT_NODE_LABEL },
	{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
	{ "color-nodes-by-selftime", no_argument, NULL, OPT_SELFTIME },
	{ "colour-nodes-by-selftime", no_argument, NULL, OPT_SELFTIME },
	{ "colormap", required_argument, NULL, 'c' },
	{ "skew", required_argument, NULL, OPT_SKEW },
	{ "wrap", no_argument, NULL, 'w' },
	{ "strip", no_argument, NULL, 's' },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_double(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

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

typedef struct dot_cli {
	pv_dot_options o;
	const char **paths;
	size_t npaths;
	pv_dot_measure *labels;
	size_t nlabels;
	const char *output;
	const char *format;
	const char *list;
	int compare;
} dot_cli;

static int parse_args(int argc, char **argv, dot_cli *c)
{
	int opt;
	optind = 0; /* full re-initialisation (glibc) */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:T:f:n:e:p:z:l:c:wsh", dot_options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			c->output = optarg;
			break;
		case 'T':
			if (strcmp(optarg, "png") && strcmp(optarg, "svg") && strcmp(optarg, "pdf") &&
			    strcmp(optarg, "dot") && strcmp(optarg, "gv"))
				return cli_usage_error("dot",
						       "unknown output format '%s' (use dot, png, svg or pdf)",
						       optarg);
			c->format = strcmp(optarg, "gv") == 0 ? "dot" : optarg;
			break;
		case 'f':
			if (strcmp(optarg, "pstats") != 0)
				return cli_usage_error("dot", "only -f pstats is read, not '%s'", optarg);
			break;
		case 'n':
			if (parse_double(optarg, &c->o.node_thres) != 0)
				return cli_usage_error("dot", "-n/--node-thres wants a percentage, not '%s'",
						       optarg);
			break;
		case 'e':
			if (parse_double(optarg, &c->o.edge_thres) != 0)
				return cli_usage_error("dot", "-e/--edge-thres wants a percentage, not '%s'",
						       optarg);
			break;
		case 'p':
			c->paths[c->npaths++] = optarg;
			break;
		case 'z':
			c->o.root = optarg;
			break;
		case 'l':
			c->o.leaf = optarg;
			break;
		case OPT_DEPTH: {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || errno || v < -1)
				return cli_usage_error("dot", "--depth wants a number >= 0, not '%s'",
						       optarg);
			c->o.depth = v;
			break;
		}
		case OPT_LIST:
			c->list = optarg;
			break;
		case OPT_NODE_LABEL:
			if (pv_dot_measure_parse(optarg, &c->labels[c->nlabels]) != 0)
				return cli_usage_error("dot",
						       "unknown --node-label '%s' (use total-time-percentage, "
						       "self-time-percentage, total-time or self-time)",
						       optarg);
			c->nlabels++;
			break;
		case OPT_TIME_FORMAT: {
			pv_error err;
			if (pv_dot_check_time_format(optarg, &err) != 0)
				return cli_usage_error("dot", "%s", err.msg);
			c->o.time_format = optarg;
			break;
		}
		case OPT_SELFTIME:
			c->o.color_by_selftime = 1;
			break;
		case 'c':
			c->o.theme = pv_dot_theme_find(optarg);
			if (!c->o.theme)
				return cli_usage_error("dot",
						       "unknown colormap '%s' (use color, pink, gray, bw or print)",
						       optarg);
			break;
		case OPT_SKEW:
			if (parse_double(optarg, &c->o.skew) != 0 || c->o.skew < 0)
				return cli_usage_error("dot", "--skew wants a number >= 0 (0 means 1), not '%s'",
						       optarg);
			break;
		case 'w':
			c->o.wrap = 1;
			break;
		case 's':
			c->o.strip = 1;
			break;
		case OPT_COMPARE:
			c->compare = 1;
			break;
		case 'h':
			fputs(cmd_dot_usage, stdout);
			return -1;
		case ':':
			return cli_usage_error("dot", "option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return cli_usage_error("dot", "unknown option '-%c'", optopt);
			return cli_usage_error("dot", "unknown option '%s'", argv[optind - 1]);
		}
	}
	return CLI_OK;
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

static int run(dot_cli *c, char **files, size_t nfiles)
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

int cmd_dot(int argc, char **argv)
{
	dot_cli c;
	memset(&c, 0, sizeof c);
	pv_dot_options_init(&c.o);
	/* at most one path or label per argument */
	c.paths = calloc((size_t)argc + 1, sizeof *c.paths);
	c.labels = calloc((size_t)argc + 1, sizeof *c.labels);
	if (!c.paths || !c.labels) {
		free(c.paths);
		free(c.labels);
		return cli_error("out of memory");
	}
	int rc = parse_args(argc, argv, &c);
	if (rc != CLI_OK) {
		rc = rc < 0 ? CLI_OK : rc;
		goto out;
	}
	c.o.paths = c.paths;
	c.o.npaths = c.npaths;
	if (c.nlabels) {
		c.o.labels = c.labels;
		c.o.nlabels = c.nlabels;
	}
	if (!c.format)
		c.format = c.output ? format_from_path(c.output) : NULL;
	if (!c.format)
		c.format = "dot";
	size_t nfiles = (size_t)(argc - optind);
	if (nfiles == 0) {
		rc = cli_usage_error("dot", "no profile given");
		goto out;
	}
	if (c.compare && nfiles != 2) {
		rc = cli_usage_error("dot", "--compare wants two profiles, BASE and NEW (got %zu)",
				     nfiles);
		goto out;
	}
	if (c.compare && c.list) {
		rc = cli_usage_error("dot", "--list-functions does not go with --compare");
		goto out;
	}
	rc = run(&c, argv + optind, nfiles);
out:
	free(c.paths);
	free(c.labels);
	return rc;
}
