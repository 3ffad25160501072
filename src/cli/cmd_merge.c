/*
 * cmd_merge.c - `pstat-view merge`: pstats' add() + dump_stats().
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"

typedef struct merge_args {
	int strip;
	const char *output;
} merge_args;

static const cli_option options[] = {
	{ OPT_STRING('o', "output", offsetof(merge_args, output), "OUT",
		     "the file to write (required; '-' for standard output)"),
	  .flags = CLI_OPT_REQUIRED | CLI_OPT_NONEMPTY },
	{ OPT_FLAG(0, "strip-dirs", offsetof(merge_args, strip), "strip_dirs() before writing") },
	{ OPT_END() },
};

static int run(void *args, char **files, size_t nfiles)
{
	merge_args *a = args;
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	pv_profile *p = cli_load_profiles_strip(files, nfiles, a->strip);
	if (!p)
		return CLI_ERR;
	int rc = cli_emit(a->output, &out, pv_profile_write_marshal(p, &out, &err), &err);
	pv_buf_release(&out);
	pv_profile_free(p);
	return rc;
}

static const char *const usage[] = { "merge FILE... -o OUT.pstats [--strip-dirs]", NULL };

const cli_command cmd_merge = {
	.name = "merge",
	.summary = "merge profiles into one .pstats file (pstats' add + dump_stats)",
	.usage = usage,
	.intro = "Merges the profiles as pstats.Stats(FILE1, FILE2, ...) does (add()) and\n"
		 "writes the result as a .pstats file (dump_stats()) that Python 3's pstats\n"
		 "and pstat-view read to the same report.  OUT is written atomically (a\n"
		 "temporary file, then rename): it is never left half-written.\n",
	.options = options,
	.outro = "The file uses Python 3 marshal (version 4 codes, no references).  Names\n"
		 "that held code objects (profile-module files) are written as their text.\n"
		 "\n"
		 "Exit status: 0 success, 1 unreadable input or write error, 2 usage error.\n",
	.args_size = sizeof(merge_args),
	.run = run,
	.min_files = 1,
};
