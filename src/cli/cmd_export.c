/*
 * cmd_export.c - `pstat-view export`: the profile as folded stacks, a
 * callgrind file or JSON (pv/export.h).
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"
#include "pv/export.h"

enum { FMT_COLLAPSED, FMT_CALLGRIND, FMT_JSON };

typedef struct export_args {
	cli_output_opts out;
	int format;
} export_args;

static const cli_choice formats[] = {
	{ "collapsed", FMT_COLLAPSED }, { "folded", FMT_COLLAPSED },  /* the same bytes */
	{ "callgrind", FMT_CALLGRIND }, { "json", FMT_JSON },
	{ NULL, 0 },
};

static const cli_option options[] = {
	{ OPT_USAGE("export --format FMT [options] FILE...") },
	{ OPT_TEXT("Writes the profile in another tool's format.  Several FILEs are merged.\n"
		   "\n"
		   "Formats:\n"
		   "  collapsed  folded stacks (also --format folded), one line 'a;b;c 1234'\n"
		   "             per call tree path with its self time in integer\n"
		   "             microseconds, for FlameGraph's flamegraph.pl, speedscope and\n"
		   "             inferno.  The call tree is the estimated one of `pstat-view\n"
		   "             flame`; the counts add up to the root time; ';' in names\n"
		   "             becomes ':'.  The format has no place for a unit: give it to\n"
		   "             the reader, flamegraph.pl or inferno-flamegraph --countname us\n"
		   "             (--countname samples for a sampled profile); speedscope shows\n"
		   "             the bare counts\n"
		   "  callgrind  a callgrind file (event 'us', integer microseconds) for\n"
		   "             KCachegrind, QCachegrind and callgrind_annotate, like\n"
		   "             pyprof2calltree: self cost per function, calls= with the\n"
		   "             inclusive cost of each caller->callee edge\n"
		   "  json       the whole model: input files, totals, every function and\n"
		   "             every caller->callee edge, full precision (docs/export-json.md)\n"
		   "\n"
		   "A sampled profile (Python 3.15's profiling.sampling --pstats) is written in\n"
		   "samples: collapsed counts are samples, not microseconds; callgrind says in\n"
		   "a comment and its event that calls= counts are samples and costs samples\n"
		   "x interval; json has \"sampled\": true.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_CHOICE('f', "format", offsetof(export_args, format), "FMT",
		     "collapsed (or folded), callgrind or json (required)", formats),
	  .flags = CLI_OPT_REQUIRED },
	{ OPT_STRIP_DIRS(export_args, "remove directories from file names first") },
	{ OPT_OUTPUT(export_args) },
	{ OPT_TEXT("Examples:\n"
		   "  pstat-view export --format collapsed prof.pstats |\n"
		   "      flamegraph.pl --countname us > f.svg\n"
		   "  pstat-view export --format callgrind prof.pstats -o callgrind.out\n"
		   "\n"
		   "Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n") },
	{ OPT_END() },
};

static int produce(const pv_profile *p, void *args, char **files, size_t nfiles, pv_buf *out,
		   pv_error *err)
{
	int format = ((export_args *)args)->format;
	if (format == FMT_COLLAPSED)
		return pv_export_collapsed(p, 0, 0, out, err);
	if (format == FMT_JSON)
		return pv_export_json(p, out, err);
	pv_buf cmd = PV_BUF_INIT;  /* callgrind's "cmd:" line */
	cli_join(&cmd, files, nfiles, " ");
	int r = pv_export_callgrind(p, cmd.data, out, err);
	pv_buf_release(&cmd);
	return r;
}

const cli_command cmd_export = {
	.spec = { "export", "folded stacks, callgrind file or the whole model as JSON", options, 1, 0 },
	.args_size = sizeof(export_args), .produce = produce,
};
