/*
 * calltree_view.c - what the outputs ask of a built call tree: its first
 * screen past the interpreter's plumbing, and its boxes' labels (see
 * pv/calltree.h).
 */
#include "calltree_internal.h"

#include <string.h>

/* ===================================================== the first screen */

/*
 * The interpreter's plumbing: what runs a program rather than the program
 * itself.  Known by file and name, as Python and its runners name them.
 */
static int is_plumbing(const pv_profile *p, uint32_t func)
{
	const pv_func *f = &pv_profile_funcs(p)[func];
	size_t fl, nl;
	const char *file = pv_profile_string(p, f->file, &fl);
	const char *name = pv_profile_string(p, f->name, &nl);
	if (!file || !name)
		return 0;
	if (pvct_is_exec(p, func))
		return 1;
	if (f->flags & PV_FUNC_BUILTIN)
		return pvct_ends_with(name, nl, "builtins.exec>") ||
		       pvct_ends_with(name, nl, "method exec>") ||
		       pvct_ends_with(name, nl, "builtins.execfile>") ||
		       (nl == 4 && !memcmp(name, "exec", 4));
	/* the profile module's own frames: ('profile', 0, 'profiler'), the
	   statement it ran */
	if ((fl == 8 && !memcmp(file, "<string>", 8)) ||
	    (fl == 7 && !memcmp(file, "profile", 7) && f->line == 0))
		return 1;
	static const char *const files[] = {
		"runpy.py", "<frozen runpy>", "cProfile.py", "/profile.py", "profiling/tracing/__init__.py",
		"profiling/tracing/__main__.py", "/unittest/main.py", "/unittest/runner.py",
		"/unittest/suite.py", "/unittest/case.py", "/unittest/__main__.py",
		"/_pytest/", "/pluggy/", "/pytest/__main__.py",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (pvct_ends_with(file, fl, files[i]) ||
		    (files[i][strlen(files[i]) - 1] == '/' && pvct_contains(file, fl, files[i])))
			return 1;
	return 0;
}

uint32_t pv_calltree_default_focus(const pv_profile *p, const pv_calltree *t)
{
	uint32_t cur = 0;
	for (uint32_t steps = 0; t->n > 0 && steps < t->n; steps++) {
		const pv_calltree_node *n = &t->nodes[cur];
		if (n->nchildren == 0)
			break;
		const pv_calltree_node *c = &t->nodes[n->first_child]; /* the largest */
		if (c->kind != PV_CALLTREE_FUNC || !(c->time >= 0.99 * n->time))
			break;
		if (!is_plumbing(p, c->func))
			return n->first_child;
		cur = n->first_child;
	}
	return cur;
}

/* ===================================================== labels */

void pv_calltree_label(const pv_profile *p, const pv_calltree *t, uint32_t node,
		       int full, pv_buf *out)
{
	const pv_calltree_node *n = &t->nodes[node];
	if (n->kind == PV_CALLTREE_ROOT) {
		pv_buf_puts(out, "all");
		return;
	}
	if (n->kind == PV_CALLTREE_OTHER) {
		pv_buf_printf(out, "other (%u function%s)", n->count, n->count == 1 ? "" : "s");
		return;
	}
	if (n->kind == PV_CALLTREE_UNPLACED) {
		pv_buf_puts(out, "(not placed)");
		return;
	}
	const pv_func *f = &pv_profile_funcs(p)[n->func];
	if (f->flags & PV_FUNC_BUILTIN) {
		pv_func_std_string(p, n->func, out);
		return;
	}
	size_t flen, nlen;
	const char *file = pv_profile_string(p, f->file, &flen);
	const char *name = pv_profile_string(p, f->name, &nlen);
	if (!full) {
		size_t i = flen;
		while (i > 0 && file[i - 1] != '/')
			i--;
		if (i < flen) { /* "dir/" keeps its name: basename is empty */
			file += i;
			flen -= i;
		}
	}
	pv_buf_append(out, name, nlen);
	pv_buf_puts(out, " (");
	pv_buf_append(out, file, flen);
	pv_buf_printf(out, ":%lld)", (long long)f->line);
}
