/*
 * pv/gv.h - the one wrapper around Graphviz (libgvc + libcgraph): lays out
 * DOT text with the `dot` engine and renders it into memory.
 *
 * Graphviz quirks stay in gv.c: its messages are captured (agseterrf)
 * instead of going to stderr, plugins are checked before use so a broken
 * install gives one clear error naming the package to install, and
 * gvRenderData's failure contract is honoured.
 *
 * Graphviz is not thread-safe and its error hook is process-wide: call
 * these functions from one thread at a time (the server serialises them).
 * One Graphviz context serves the whole process: it is made on first use
 * and never freed (a second context crashes Graphviz 2.42's text layout).
 * Nothing here prints or exits.
 */
#ifndef PV_GV_H
#define PV_GV_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/error.h"

/*
 * Checks that Graphviz can lay out with `dot` and write `format` ("png",
 * "svg", "pdf", ...).  Returns 0, or -1 with `err` saying what is missing
 * and what to install.
 */
int pv_gv_check(const char *format, pv_error *err);

/*
 * Lays out the DOT text `dot` (`len` bytes, followed by a NUL as a pv_buf's
 * data is) and renders it as `format`,
 * appending the bytes to `out`.  Graphviz warnings (e.g. a bitmap scaled
 * down) are appended to `warnings`, one per line, when it is not NULL.
 * Returns 0, or -1 with `err` set (missing plugin, DOT syntax error,
 * layout or render failure, out of memory); on error nothing is appended
 * to `out`.
 */
int pv_gv_render(const char *dot, size_t len, const char *format, pv_buf *out,
		 pv_buf *warnings, pv_error *err);

#endif
