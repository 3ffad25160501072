/*
 * re_none.c - src/py/re.c's functions in the WebAssembly build, which has
 * no PCRE2: every pattern fails to compile with one fixed message.
 *
 * They are pstats' regex restrictions (analysis/query.c), the CI gate's
 * rules (analysis/gate.c) and /api/tree's filters (analysis/treefilter.c:
 * focus_re=, ignore=, hide=, show=, which the router answers 400 with this
 * message).  The page's search is the router's plain substring match
 * (/api/functions?q=).  pv_pyre_gave_up() is never reached (no search
 * runs) but is linked.
 */
#include "pv/pyre.h"

#include <stdio.h>
#include <string.h>

int pv_pyre_compile(pv_pyre *r, const char *pattern, char *msg, size_t msgsize)
{
	(void)pattern;
	memset(r, 0, sizeof *r);
	snprintf(msg, msgsize, "regular expressions are not available in the exported page");
	return -1;
}

void pv_pyre_free(pv_pyre *r)
{
	pv_buf_release(&r->alt);
}

int pv_pyre_search(pv_pyre *r, const char *s, size_t len)
{
	(void)r;
	(void)s;
	(void)len;
	return 0;
}

int pv_pyre_gave_up(const pv_pyre *r, pv_error *err)
{
	(void)r;
	return pv_error_set(err, "regular expression too complex");
}
