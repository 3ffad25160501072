/*
 * cmd_flame.c - `pstat-view flame`: a self-contained SVG flame graph
 * (pv/flame.h).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pv/flame.h"

const char cmd_flame_usage[] =
	"usage: pstat-view flame [options] FILE... -o FLAME.svg\n"
	"\n"
	"Draws the profile as a flame graph: one SVG file that needs nothing else,\n"
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
	"are merged into a grey 'other' box, so a box is always as wide as its time.\n"
	"\n"
	"Options:\n"
	"      --orientation O  flame (default: roots at the bottom) or icicle\n"
	"                       (roots at the top)\n"
	"      --min-width PX   merge callees narrower than PX pixels (default 0.1)\n"
	"      --width PX       image width in pixels (default 1200)\n"
	"      --title T        the title (default 'Flame graph' or 'Icicle graph')\n"
	"      --strip-dirs     remove directories from file names first\n"
	"  -o, --output FILE    write there (atomically) instead of to standard output\n"
	"\n"
	"Example:\n"
	"  pstat-view flame prof.pstats -o flame.svg --title 'json.tool'\n"
	"\n"
	"Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n";

/* A finite number > 0; returns 0 or -1. */
static int parse_px(const char *v, double *out)
{
	char *end;
	errno = 0;
	double x = v ? strtod(v, &end) : 0;
	if (!v || !*v || *end || errno || !(x > 0) || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

int cmd_flame(int argc, char **argv)
{
	char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0;
	const char *output = NULL;
	int strip = 0, only_files = 0, rc = CLI_OK;
	pv_flame_opts fo;
	pv_flame_opts_init(&fo);
	pv_profile *p = NULL;
	pv_buf out = PV_BUF_INIT, sub = PV_BUF_INIT;
	pv_error err;
	size_t plen;

	if (!files)
		return cli_error("out of memory");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			files[nfiles++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			only_files = 1;
		} else if (cli_match_opt(a, 0, "--orientation", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (v && strcmp(v, "flame") == 0) {
				fo.orientation = PV_FLAME_UP;
			} else if (v && strcmp(v, "icicle") == 0) {
				fo.orientation = PV_FLAME_ICICLE;
			} else {
				rc = cli_usage_error("flame", "--orientation needs flame or icicle");
				goto done;
			}
		} else if (cli_match_opt(a, 0, "--min-width", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (parse_px(v, &fo.min_width) < 0) {
				rc = cli_usage_error("flame", "--min-width needs a number of pixels > 0");
				goto done;
			}
		} else if (cli_match_opt(a, 0, "--width", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (parse_px(v, &fo.width) < 0 || fo.width < 200 || fo.width > 1e6) {
				rc = cli_usage_error("flame", "--width needs a number of pixels "
							      "between 200 and 1000000");
				goto done;
			}
		} else if (cli_match_opt(a, 0, "--title", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("flame", "--title needs a text");
				goto done;
			}
			fo.title = v;
		} else if (cli_match_opt(a, 'o', "--output", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("flame", "%s needs a file name", a);
				goto done;
			}
			output = v;
		} else if (strcmp(a, "--strip-dirs") == 0) {
			strip = 1;
		} else {
			rc = cli_usage_error("flame", "unknown option '%s'", a);
			goto done;
		}
	}
	if (nfiles == 0) {
		rc = cli_usage_error("flame", "no FILE given");
		goto done;
	}
	p = cli_load_profiles_strip(files, nfiles, strip);
	if (!p) {
		rc = CLI_ERR;
		goto done;
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (i)
			pv_buf_puts(&sub, ", ");
		pv_buf_puts(&sub, files[i]);
	}
	fo.subtitle = sub.data;
	if (pv_flame_svg(p, &fo, &out, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	rc = cli_write_output(output, &out);
done:
	pv_buf_release(&out);
	pv_buf_release(&sub);
	pv_profile_free(p);
	free(files);
	return rc;
}
