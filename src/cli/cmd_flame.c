/*
 * cmd_flame.c - `pstat-view flame`: a self-contained SVG flame graph
 * (pv/flame.h).
 */
#include <stddef.h>

#include "cli.h"
#include "commands.h"
#include "pv/flame.h"

typedef struct flame_args {
	cli_output_opts out;
	pv_flame_opts fo;
	int orientation;
} flame_args;

static const cli_choice orientations[] = {
	{ "flame", PV_FLAME_UP }, { "icicle", PV_FLAME_ICICLE }, { NULL, 0 },
};

#define A(f) offsetof(flame_args, f)
static const cli_option options[] = {
	{ OPT_USAGE("flame [options] FILE... -o FLAME.svg") },
	{ OPT_TEXT("Draws the profile as a flame graph: one SVG file that needs nothing else,\n"
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
		   "are merged into a grey 'other' box, so a box is always as wide as its time.\n") },
	{ OPT_GROUP("Options:") },
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
	{ OPT_STRIP_DIRS(flame_args, "remove directories from file names first") },
	{ OPT_OUTPUT(flame_args) },
	{ OPT_TEXT("Example:\n"
		   "  pstat-view flame prof.pstats -o flame.svg --title 'json.tool'\n"
		   "\n"
		   "Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n") },
	{ OPT_END() },
};

static void init(void *args)
{
	pv_flame_opts_init(&((flame_args *)args)->fo);
}

static int produce(const pv_profile *p, void *args, char **files, size_t nfiles, pv_buf *out,
		   pv_error *err)
{
	flame_args *a = args;
	pv_buf sub = PV_BUF_INIT;  /* the subtitle: the file names */
	cli_join(&sub, files, nfiles, ", ");
	a->fo.subtitle = sub.data;
	a->fo.orientation = (pv_flame_orientation)a->orientation;
	int r = pv_flame_svg(p, &a->fo, out, err);
	pv_buf_release(&sub);
	return r;
}

const cli_command cmd_flame = {
	.spec = { "flame", "self-contained SVG flame graph with click-to-zoom", options, 1, 0 },
	.args_size = sizeof(flame_args), .init = init, .produce = produce,
};
