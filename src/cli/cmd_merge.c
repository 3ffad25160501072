/*
 * cmd_merge.c - `pstat-view merge`: pstats' add() + dump_stats().
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"

typedef struct merge_args {
	cli_output_opts out;
} merge_args;

static const cli_option options[] = {
	{ OPT_USAGE("merge FILE... -o OUT.pstats [--strip-dirs]") },
	{ OPT_TEXT("Merges the profiles as pstats.Stats(FILE1, FILE2, ...) does (add()) and\n"
		   "writes the result as a .pstats file (dump_stats()) that Python 3's pstats\n"
		   "and pstat-view read to the same report.  OUT is written atomically (a\n"
		   "temporary file, then rename): it is never left half-written.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_STRING('o', "output", offsetof(merge_args, out.output), "OUT",
		     "the file to write (required; '-' for standard output)"),
	  .flags = CLI_OPT_REQUIRED | CLI_OPT_NONEMPTY },
	{ OPT_STRIP_DIRS(merge_args, "strip_dirs() before writing") },
	{ OPT_TEXT("The file uses Python 3 marshal (version 4 codes, no references).  Names\n"
		   "that held code objects (profile-module files) are written as their text.\n"
		   "\n"
		   "Exit status: 0 success, 1 unreadable input or write error, 2 usage error.\n") },
	{ OPT_END() },
};

static int produce(const pv_profile *p, void *args, char **files, size_t nfiles, pv_buf *out,
		   pv_error *err)
{
	(void)args, (void)files, (void)nfiles;
	return pv_profile_write_marshal(p, out, err);
}

const cli_command cmd_merge = {
	.spec = { "merge", "merge profiles into one .pstats file (pstats' add + dump_stats)", options, 1, 0 },
	.args_size = sizeof(merge_args), .produce = produce,
};
