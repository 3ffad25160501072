/*
 * re_none.c - src/py/re.c's functions in the WebAssembly build, which has
 * no PCRE2: every pattern fails to compile with one fixed message.
 *
 * Nothing the router answers (src/server/router.c) reaches them: they
 * are pstats' regex restrictions (analysis/query.c) and the CI gate's
 * rules (analysis/gate.c), compiled into the module with the rest of
 * their layer.  The page's search and filters are the router's plain
 * substring match (/api/functions?q=).
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
