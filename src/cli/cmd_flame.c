/*
 * cmd_flame.c - `pstat-view flame`: a self-contained SVG flame graph
 * (pv/flame.h).
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"
#include "pv/flame.h"

typedef struct flame_args {
	pv_flame_opts fo;
	int orientation, strip;
	const char *output;
} flame_args;

static const cli_choice orientations[] = {
	{ "flame", PV_FLAME_UP }, { "icicle", PV_FLAME_ICICLE }, { NULL, 0 },
};

#define A(f) offsetof(flame_args, f)
static const cli_option options[] = {
	{ OPT_CHOICE(0, "orientation", A(orientation), "O",
		     "flame (default: roots at the bottom) or icicle (roots at the top)",
		     orientations) },
	{ OPT_NUMBER(0, "min-width", A(fo.min_width), "PX",
		     "merge callees narrower than PX pixels (default 0.1)", 0, CLI_NO_MAX),
	  .flags = CLI_OPT_ABOVE_MIN },
	{ OPT_NUMBER(0, "width", A(fo.width), "PX", "image width in pixels (default 1200)", 200,
		     1e6) },
	{ OPT_STRING(0, "title", A(fo.title), "T",
		     "the title (default 'Flame graph' or 'Icicle graph')") },
	{ OPT_FLAG(0, "strip-dirs", A(strip), "remove directories from file names first") },
	{ OPT_STRING('o', "output", A(output), "FILE",
		     "write there (atomically) instead of to standard output") },
	{ OPT_END() },
};

static void init(void *args)
{
	pv_flame_opts_init(&((flame_args *)args)->fo);
}

static int run(void *args, char **files, size_t nfiles)
{
	flame_args *a = args;
	pv_buf out = PV_BUF_INIT, sub = PV_BUF_INIT;
	pv_error err;
	pv_profile *p = cli_load_profiles_strip(files, nfiles, a->strip);
	if (!p)
		return CLI_ERR;
	cli_join(&sub, files, nfiles, ", ");
	a->fo.subtitle = sub.data;
	a->fo.orientation = (pv_flame_orientation)a->orientation;
	int rc = cli_emit(a->output, &out, pv_flame_svg(p, &a->fo, &out, &err), &err);
	pv_buf_release(&out);
	pv_buf_release(&sub);
	pv_profile_free(p);
	return rc;
}

static const char *const usage[] = { "flame [options] FILE... -o FLAME.svg", NULL };

const cli_command cmd_flame = {
	.name = "flame",
	.summary = "self-contained SVG flame graph with click-to-zoom",
	.usage = usage,
	.intro = "Draws the profile as a flame graph: one SVG file that needs nothing else,\n"
		 "with tooltips, labels, a title and a legend; a click on a box zooms into\n"
		 "it (its embedded script), a click on 'all', 'Reset zoom' or Escape zooms\n"
		 "out.  Several FILEs are merged.\n"
		 "\n"
		 "The call tree is estimated as snakeviz and `pstat-view serve` estimate it:\n"
		 "all roots (functions no other function calls, and entry points re-entered\n"
		 "from inside the profile) hang under a synthetic root 'all'; a callee gets\n"
		 "the caller->callee edge's cumulative time, scaled down when the callees\n"
		 "add up to more than the caller; recursion stops at a function already on\n"
		 "the path.  A box is exact (solid) when every function on its path has one\n"
		 "caller, estimated (hatched) otherwise.  Callees narrower than --min-width\n"
		 "are merged into a grey 'other' box, so a box is always as wide as its time.\n",
	.options = options,
	.outro = "Example:\n"
		 "  pstat-view flame prof.pstats -o flame.svg --title 'json.tool'\n"
		 "\n"
		 "Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n",
	.args_size = sizeof(flame_args),
	.init = init,
	.run = run,
	.min_files = 1,
};
