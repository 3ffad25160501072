/*
 * api_dot_none.c - GET /api/dot in the WebAssembly build, which has no
 * Graphviz to lay the graph out: one fixed answer, so the exported page's
 * graph view can say where the graph is drawn (`pstat-view serve`, or
 * `pstat-view dot -o graph.svg`).  src/server/api_dot.c is the real one.
 */
#include "pv/api_dot.h"

int pv_api_dot(const pv_profile *p, pv_api_arg arg, void *ctx, pv_buf *out, const char **type,
	       pv_error *err)
{
	(void)p;
	(void)arg;
	(void)ctx;
	(void)out;
	*type = "application/json";
	pv_error_set(err, "the call graph needs Graphviz: open the profile with pstat-view serve");
	return 501;
}
