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
	int format, strip;
	const char *output;
} export_args;

static const cli_choice formats[] = {
	{ "collapsed", FMT_COLLAPSED }, { "callgrind", FMT_CALLGRIND }, { "json", FMT_JSON },
	{ NULL, 0 },
};

static const cli_option options[] = {
	{ OPT_CHOICE('f', "format", offsetof(export_args, format), "FMT",
		     "collapsed, callgrind or json (required)", formats),
	  .flags = CLI_OPT_REQUIRED },
	{ OPT_FLAG(0, "strip-dirs", offsetof(export_args, strip),
		   "remove directories from file names first") },
	{ OPT_STRING('o', "output", offsetof(export_args, output), "FILE",
		     "write there (atomically) instead of to standard output") },
	{ OPT_END() },
};

static int run(void *args, char **files, size_t nfiles)
{
	export_args *a = args;
	pv_buf out = PV_BUF_INIT, cmd = PV_BUF_INIT;
	pv_error err;
	int r;
	pv_profile *p = cli_load_profiles_strip(files, nfiles, a->strip);
	if (!p)
		return CLI_ERR;
	if (a->format == FMT_COLLAPSED) {
		r = pv_export_collapsed(p, 0, 0, &out, &err);
	} else if (a->format == FMT_CALLGRIND) {
		cli_join(&cmd, files, nfiles, " ");
		r = pv_export_callgrind(p, cmd.data, &out, &err);
	} else {
		r = pv_export_json(p, &out, &err);
	}
	int rc = cli_emit(a->output, &out, r, &err);
	pv_buf_release(&out);
	pv_buf_release(&cmd);
	pv_profile_free(p);
	return rc;
}

static const char *const usage[] = { "export --format FMT [options] FILE...", NULL };

const cli_command cmd_export = {
	.name = "export",
	.summary = "folded stacks, callgrind file or the whole model as JSON",
	.usage = usage,
	.intro = "Writes the profile in another tool's format.  Several FILEs are merged.\n"
		 "\n"
		 "Formats:\n"
		 "  collapsed  folded stacks, one line 'a;b;c 1234' per call tree path with\n"
		 "             its self time in integer microseconds, for FlameGraph's\n"
		 "             flamegraph.pl, speedscope and inferno.  The call tree is the\n"
		 "             estimated one of `pstat-view flame`; the counts add up to the\n"
		 "             root time; ';' in names becomes ':'\n"
		 "  callgrind  a callgrind file (event 'us', integer microseconds) for\n"
		 "             KCachegrind, QCachegrind and callgrind_annotate, like\n"
		 "             pyprof2calltree: self cost per function, calls= with the\n"
		 "             inclusive cost of each caller->callee edge\n"
		 "  json       the whole model: input files, totals, every function and\n"
		 "             every caller->callee edge, full precision (docs/export-json.md)\n",
	.options = options,
	.outro = "Examples:\n"
		 "  pstat-view export --format collapsed prof.pstats | flamegraph.pl > f.svg\n"
		 "  pstat-view export --format callgrind prof.pstats -o callgrind.out\n"
		 "\n"
		 "Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n",
	.args_size = sizeof(export_args),
	.run = run,
	.min_files = 1,
};
