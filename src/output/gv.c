/*
 * gv.c - Graphviz wrapper (see pv/gv.h).
 *
 * Facts this file is built on (docs/c_stack.md 1.3):
 *   - the error hook must be installed before gvContext(); messages arrive
 *     in pieces ("Error", ": ", "text\n"), so they are collected and split
 *     into lines here;
 *   - without config6a Graphviz loads no plugin at all and says nothing,
 *     so the layout and device plugins are looked up first;
 *   - gvRenderData may hand back a buffer even when it fails: it is always
 *     freed with gvFreeRenderData;
 *   - one GVC_t serves the whole process and is never freed: Graphviz
 *     2.42's pango plugin caches a pointer to the last font name, which
 *     belongs to the context, so laying out text after a second
 *     gvContext() reads freed memory (found by ASan in test_dot).
 */
#include "pv/gv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cgraph.h>
#include <gvc.h>

/* ===================================================== message capture */

/* Graphviz's hook is global; so is the buffer it fills (one thread). */
static pv_buf gv_msgs = PV_BUF_INIT;

static int gv_errf(char *msg)
{
	pv_buf_puts(&gv_msgs, msg);
	return 0;
}

/*
 * The first "Error: ..." line of the captured text (without the prefix),
 * or else the first line, or `fallback`.
 */
static void gv_first_error(char *dst, size_t cap, const char *fallback)
{
	const char *text = gv_msgs.data ? gv_msgs.data : "";
	const char *pick = NULL;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n > 7 && strncmp(line, "Error: ", 7) == 0) {
			pick = line + 7;
			break;
		}
		if (!pick && n > 0)
			pick = line;
		line += n + (end ? 1 : 0);
	}
	if (!pick) {
		snprintf(dst, cap, "%s", fallback);
		return;
	}
	size_t n = strcspn(pick, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, pick, n);
	dst[n] = 0;
	/* Graphviz ends some messages with a full stop or spaces */
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '.'))
		dst[--n] = 0;
	if (n == 0)
		snprintf(dst, cap, "%s", fallback);
}

/* Copies the warning lines ("Warning: x" -> "x") into `w`. */
static void gv_copy_warnings(pv_buf *w)
{
	if (!w || !gv_msgs.data)
		return;
	for (const char *line = gv_msgs.data; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n > 9 && strncmp(line, "Warning: ", 9) == 0) {
			pv_buf_append(w, line + 9, n - 9);
			pv_buf_putc(w, '\n');
		}
		line += n + (end ? 1 : 0);
	}
}

/* ===================================================== plugins */

/* Returns 1 if plugin kind `kind` lists `name`; fills `list` with them. */
static int gv_has_plugin(GVC_t *gvc, const char *kind, const char *name,
			 char *list, size_t cap)
{
	int n = 0, found = 0;
	size_t used = 0;
	char **names = gvPluginList(gvc, kind, &n, NULL);
	if (list && cap)
		list[0] = 0;
	for (int i = 0; names && i < n; i++) {
		if (!names[i])
			continue;
		/* entries may read "png:cairo" on some builds */
		size_t len = strcspn(names[i], ":");
		if (strlen(name) == len && strncmp(names[i], name, len) == 0)
			found = 1;
		if (list && used + len + 3 < cap) {
			if (used) {
				memcpy(list + used, ", ", 2);
				used += 2;
			}
			memcpy(list + used, names[i], len);
			used += len;
			list[used] = 0;
		}
		free(names[i]);
	}
	free(names);
	return found;
}

static int gv_check_ctx(GVC_t *gvc, const char *format, pv_error *err)
{
	char list[256];
	if (!gv_has_plugin(gvc, "layout", "dot", list, sizeof list))
		return pv_error_set(err,
				    "Graphviz has no 'dot' layout plugin (found: %s); "
				    "install libgvc6 (apt-get install --reinstall libgvc6) "
				    "or run 'dot -c' as root",
				    list[0] ? list : "none");
	if (!gv_has_plugin(gvc, "device", format, list, sizeof list))
		return pv_error_set(err,
				    "Graphviz has no '%s' output plugin (found: %s); "
				    "install libgvc6 (apt-get install --reinstall libgvc6) "
				    "or run 'dot -c' as root",
				    format, list[0] ? list : "none");
	return 0;
}

/* The process's Graphviz context, made on first use (see the top). */
static GVC_t *gv_ctx;

static GVC_t *gv_open(void)
{
	pv_buf_reset(&gv_msgs);
	agseterrf(gv_errf);
	if (!gv_ctx)
		gv_ctx = gvContext();
	return gv_ctx;
}

/* Ends a call: the messages are dropped, the context stays. */
static void gv_close(void)
{
	pv_buf_release(&gv_msgs);
}

/* ===================================================== API */

int pv_gv_check(const char *format, pv_error *err)
{
	GVC_t *gvc = gv_open();
	if (!gvc) {
		gv_close();
		return pv_error_set(err, "cannot start Graphviz (out of memory?)");
	}
	int rc = gv_check_ctx(gvc, format, err);
	gv_close();
	return rc;
}

int pv_gv_render(const char *dot, size_t len, const char *format, pv_buf *out,
		 pv_buf *warnings, pv_error *err)
{
	int rc = -1;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int dlen = 0;
	int laid_out = 0;
	char msg[PV_ERROR_MAX - 64];

	GVC_t *gvc = gv_open();
	if (!gvc) {
		pv_error_set(err, "cannot start Graphviz (out of memory?)");
		goto out;
	}
	if (gv_check_ctx(gvc, format, err) != 0)
		goto out;
	/* agmemread wants a NUL-terminated string */
	if (memchr(dot, 0, len) != NULL) {
		pv_error_set(err, "DOT text contains a NUL byte");
		goto out;
	}
	if (dot[len] != 0) {
		pv_error_set(err, "DOT text is not NUL-terminated");
		goto out;
	}
	g = agmemread(dot);
	if (!g) {
		gv_first_error(msg, sizeof msg, "syntax error");
		pv_error_set(err, "Graphviz cannot read the graph: %s", msg);
		goto out;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		gv_first_error(msg, sizeof msg, "layout failed");
		pv_error_set(err, "Graphviz layout failed: %s", msg);
		goto out;
	}
	laid_out = 1;
	if (gvRenderData(gvc, g, format, &data, &dlen) != 0) {
		gv_first_error(msg, sizeof msg, "render failed");
		pv_error_set(err, "Graphviz cannot render %s: %s", format, msg);
		goto out;
	}
	pv_buf_append(out, data, dlen);
	if (!pv_buf_ok(out)) {
		pv_error_set(err, "out of memory");
		goto out;
	}
	gv_copy_warnings(warnings);
	rc = 0;
out:
	if (data)
		gvFreeRenderData(data);
	if (g) {
		if (laid_out)
			gvFreeLayout(gvc, g);
		agclose(g);
	}
	gv_close();
	return rc;
}
