/*
 * flame.c - the SVG flame graph (pv/flame.h).
 *
 * Layout: the call tree is laid out in px once (children left to right in
 * the tree's order, each as wide as its time); every drawn box is a
 * <g class="pv-f"> holding a <title>, one or two <rect>s (the second is
 * the hatching of an estimated box) and a <text>, with its unzoomed
 * geometry and full label in data-* attributes for the script.  The script
 * is constant: no profile text ever reaches it except through attributes
 * it reads as strings.
 */
#include "pv/flame.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/assets.h"
#include "pv/calltree.h"
#include "pv/utf8.h"

#define XPAD 10.0
#define ROW 17.0        /* px per level */
#define BOX 16.0        /* box height */
#define FONT 11.0       /* px */
#define CHAR_W 6.7      /* estimated width of a monospace character */
#define TOP 60.0        /* y of the first row */
#define LEGEND_H 64.0

void pv_flame_opts_init(pv_flame_opts *o)
{
	o->orientation = PV_FLAME_UP;
	o->width = 1200;
	o->min_width = 0.1;
	o->title = NULL;
	o->subtitle = NULL;
	o->max_nodes = 30000;
}

/* ===================================================== text */

/* The entity of one of XML's five special characters, else NULL. */
static const char *xml_entity(uint32_t cp)
{
	switch (cp) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/*
 * Appends `s` made safe: valid UTF-8 without characters XML forbids, and,
 * when `escape`, with XML's five special characters as entities.  Stops
 * after `max_chars` characters (SIZE_MAX: all).  Returns the number of
 * characters (code points) it wrote for the text, counting an entity or
 * an \xNN escape as one.
 */
static size_t safe_text(pv_buf *out, const char *str, size_t len, int escape, size_t max_chars)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, chars = 0;
	while (i < len && chars < max_chars) {
		uint32_t cp = 0;
		size_t k = pv_utf8_next(s + i, len - i, PV_UTF8_STRICT, &cp);
		const char *ent = escape && k ? xml_entity(cp) : NULL;
		if (k == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7F) {
			pv_buf_printf(out, "\\x%02X", s[i]);
			k = 1;
		} else if (cp == 0xFFFE || cp == 0xFFFF) {
			pv_buf_printf(out, "\\u%04X", cp);
		} else if (ent) {
			pv_buf_puts(out, ent);
		} else {
			pv_buf_append(out, s + i, k);
		}
		i += k;
		chars++;
	}
	return chars;
}

void pv_xml_text(pv_buf *out, const char *s, size_t len)
{
	safe_text(out, s, len, 1, SIZE_MAX);
}

/* Number of characters safe_text() would write for the whole of s. */
static size_t text_chars(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, chars = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = pv_utf8_next(s + i, len - i, PV_UTF8_STRICT, &cp);
		i += k ? k : 1;
		chars++;
	}
	return chars;
}

/* The label shown in a box `w` px wide: truncated with "..", or nothing. */
static void box_label(pv_buf *out, const char *s, size_t len, double w)
{
	double fit = (w - 6) / CHAR_W;
	if (!(fit >= 3))
		return;
	size_t max = (size_t)fit;
	size_t n = text_chars(s, len);
	if (n <= max) {
		safe_text(out, s, len, 1, SIZE_MAX);
		return;
	}
	safe_text(out, s, len, 1, max - 2);
	pv_buf_puts(out, "..");
}

/* ===================================================== colours */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* flamegraph.pl's "hot" palette for Python code, a cool one for built-ins. */
static void box_colour(const pv_profile *p, const pv_calltree_node *n, char out[16])
{
	if (n->kind == PV_CALLTREE_OTHER) {
		strcpy(out, "#c8c8c8");
		return;
	}
	if (n->kind == PV_CALLTREE_ROOT) {
		strcpy(out, "#e8b0a0");
		return;
	}
	const pv_func *f = &pv_profile_funcs(p)[n->func];
	size_t len;
	const char *name = pv_profile_string(p, f->name, &len);
	uint32_t h = hash_bytes(name, len);
	unsigned a = h % 256u, b = (h >> 8) % 256u, c = (h >> 16) % 256u;
	unsigned r, g, bl;
	if (f->flags & PV_FUNC_BUILTIN) {
		r = 80 + a * 60 / 255;
		g = 165 + b * 55 / 255;
		bl = 190 + c * 50 / 255;
	} else {
		r = 205 + a * 50 / 255;
		g = b * 200 / 255;
		bl = c * 55 / 255;
	}
	snprintf(out, 16, "#%02x%02x%02x", r & 0xFF, g & 0xFF, bl & 0xFF);
}

/* ===================================================== script */

/*
 * The zoom script is web/flame/flame.js, bundled at build time into the
 * embedded asset /flame.js (pv/assets.h).  Frames carry data-x / data-w
 * (px from the left edge of the frame area, unzoomed), data-d (depth)
 * and data-l (full label).
 */

/* ===================================================== drawing */

static void put_num(pv_buf *out, double v)
{
	pv_buf_printf(out, "%.2f", v);
}

/* A box's <rect>, filled with a colour or (hatching) a pattern. */
static void put_rect(pv_buf *out, double x, double y, double w, const char *fill)
{
	pv_buf_puts(out, "<rect x=\"");
	put_num(out, x);
	pv_buf_puts(out, "\" y=\"");
	put_num(out, y);
	pv_buf_puts(out, "\" width=\"");
	put_num(out, w);
	pv_buf_printf(out, "\" height=\"%.0f\" fill=\"%s\" rx=\"2\"/>", BOX, fill);
}

static void put_seconds(pv_buf *out, double v)
{
	if (isnan(v))
		pv_buf_puts(out, "nan");
	else if (fabs(v) >= 1)
		pv_buf_printf(out, "%.3f s", v);
	else if (fabs(v) >= 1e-3)
		pv_buf_printf(out, "%.3f ms", v * 1e3);
	else
		pv_buf_printf(out, "%.1f \xc2\xb5s", v * 1e6);
}

int pv_flame_svg(const pv_profile *p, const pv_flame_opts *o, pv_buf *out, pv_error *err)
{
	pv_flame_opts def;
	pv_flame_opts_init(&def);
	if (!o)
		o = &def;
	if (!(o->width >= 200 && o->width <= 1e6))
		return pv_error_set(err, "width must be between 200 and 1000000 px");
	if (!(o->min_width > 0 && o->min_width <= 1e6))
		return pv_error_set(err, "min-width must be a positive number of px");
	const double FW = o->width - 2 * XPAD;
	pv_calltree_opts to;
	pv_calltree_opts_init(&to);
	to.max_nodes = o->max_nodes ? o->max_nodes : def.max_nodes;
	to.min_fraction = o->min_width / FW;
	pv_calltree t = { 0 };
	if (pv_calltree_build(p, &to, &t, err) < 0) {
		pv_calltree_release(&t);
		return -1;
	}
	/* each node's box: x and width in px, unzoomed; drawn if wide enough */
	struct box {
		double x, w;
		int drawn;
	} *box = calloc(t.n, sizeof *box);
	pv_buf label = PV_BUF_INIT, full = PV_BUF_INIT;
	int rc = -1;
	if (!box) {
		pv_error_set(err, "out of memory");
		goto done;
	}
	const double total = t.nodes[0].time;
	const double scale = total > 0 ? FW / total : 0;
	/* geometry: parents come before their children in the node array */
	box[0].x = 0;
	box[0].w = total > 0 ? FW : 0;
	box[0].drawn = 1;
	uint32_t maxd = 0;
	size_t nboxes = 0;
	for (size_t i = 0; i < t.n; i++) {
		const pv_calltree_node *n = &t.nodes[i];
		const double end = box[i].x + box[i].w;
		double cx = box[i].x;
		for (uint32_t c = 0; c < n->nchildren; c++) {
			struct box *b = &box[n->first_child + c];
			b->x = cx;
			b->w = t.nodes[n->first_child + c].time * scale;
			if (cx + b->w > end) /* rounding: never past the parent */
				b->w = end - cx > 0 ? end - cx : 0;
			cx += b->w;
			b->drawn = box[i].drawn && b->w >= o->min_width;
		}
		if (box[i].drawn) {
			nboxes++;
			if (n->depth > maxd)
				maxd = n->depth;
		}
	}
	const double frames_h = (maxd + 1) * ROW;
	const double height = TOP + frames_h + LEGEND_H;
	const double W = o->width;
	const char *title = o->title ? o->title
				     : o->orientation == PV_FLAME_ICICLE ? "Icicle graph" : "Flame graph";

	pv_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
	pv_buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"");
	put_num(out, W);
	pv_buf_puts(out, "\" height=\"");
	put_num(out, height);
	pv_buf_puts(out, "\" viewBox=\"0 0 ");
	put_num(out, W);
	pv_buf_putc(out, ' ');
	put_num(out, height);
	pv_buf_printf(out, "\" data-fx=\"%.2f\" data-fw=\"%.2f\" data-cw=\"%.2f\" data-zoom=\"\" "
		      "font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" "
		      "font-size=\"%.0f\">\n",
		      XPAD, FW, CHAR_W, FONT);
	pv_buf_puts(out, "<title>");
	pv_xml_text(out, title, strlen(title));
	pv_buf_puts(out, "</title>\n");
	pv_buf_puts(out,
		    "<style>\n"
		    "g.pv-f { cursor: pointer; }\n"
		    "g.pv-f:hover > rect:first-of-type { stroke: #000; stroke-width: 0.8; }\n"
		    "g.pv-anc { opacity: 0.6; }\n"
		    "text { fill: #000; }\n"
		    "#pv-reset { cursor: pointer; fill: #1a4fa0; }\n"
		    "</style>\n"
		    "<defs><pattern id=\"pv-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
		    "height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"2.5\" "
		    "height=\"6\" fill=\"#ffffff\" fill-opacity=\"0.55\"/></pattern></defs>\n");
	pv_buf_puts(out, "<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fbf8f3\"/>\n");
	pv_buf_puts(out, "<text id=\"pv-title\" x=\"");
	put_num(out, W / 2);
	pv_buf_puts(out, "\" y=\"22\" text-anchor=\"middle\" font-size=\"16\">");
	pv_xml_text(out, title, strlen(title));
	pv_buf_puts(out, "</text>\n<text id=\"pv-subtitle\" x=\"");
	put_num(out, W / 2);
	pv_buf_puts(out, "\" y=\"40\" text-anchor=\"middle\" fill=\"#555\">");
	if (o->subtitle && *o->subtitle) {
		pv_xml_text(out, o->subtitle, strlen(o->subtitle));
		pv_buf_puts(out, " \xe2\x80\x94 ");
	}
	pv_buf_puts(out, "total ");
	put_seconds(out, total);
	pv_buf_printf(out, ", %zu boxes%s</text>\n", nboxes,
		      t.truncated ? " (call tree truncated by the node budget)" : "");
	pv_buf_printf(out, "<text id=\"pv-reset\" x=\"%.2f\" y=\"22\" style=\"display:none\">"
		      "Reset zoom</text>\n", XPAD);

	pv_buf_puts(out, "<g id=\"pv-frames\">\n");
	for (size_t i = 0; i < t.n; i++) {
		const struct box *b = &box[i];
		if (!b->drawn)
			continue;
		const pv_calltree_node *n = &t.nodes[i];
		double y = o->orientation == PV_FLAME_ICICLE ? TOP + n->depth * ROW
							    : TOP + (maxd - n->depth) * ROW;
		char colour[16];
		box_colour(p, n, colour);
		pv_buf_reset(&label);
		pv_buf_reset(&full);
		pv_calltree_label(p, &t, (uint32_t)i, 0, &label);
		if (n->kind == PV_CALLTREE_FUNC)
			pv_func_std_string(p, n->func, &full);
		else
			pv_calltree_label(p, &t, (uint32_t)i, 1, &full);
		int exact = (n->flags & PV_CALLTREE_EXACT) != 0;
		pv_buf_printf(out, "<g class=\"pv-f%s\" data-x=\"%.3f\" data-w=\"%.3f\" "
			      "data-d=\"%u\" data-l=\"",
			      n->kind == PV_CALLTREE_OTHER ? " pv-other" : exact ? "" : " pv-est",
			      b->x, b->w, n->depth);
		pv_xml_text(out, label.data ? label.data : "", label.len);
		pv_buf_puts(out, "\"><title>");
		pv_xml_text(out, full.data ? full.data : "", full.len);
		if (!pv_buf_ok(&label) || !pv_buf_ok(&full))
			out->oom = 1;
		pv_buf_putc(out, '\n');
		put_seconds(out, n->time);
		pv_buf_printf(out, ", %.2f%% of all", total > 0 ? 100.0 * n->time / total : 0.0);
		if (n->kind != PV_CALLTREE_OTHER) {
			pv_buf_puts(out, "; self ");
			put_seconds(out, n->self);
		}
		if (n->kind == PV_CALLTREE_FUNC)
			pv_buf_puts(out, exact ? " (exact)" : " (estimated)");
		if (n->flags & PV_CALLTREE_TRUNCATED)
			pv_buf_puts(out, " (callees not expanded)");
		pv_buf_puts(out, "</title>");
		put_rect(out, XPAD + b->x, y, b->w, colour);
		if (!exact && n->kind == PV_CALLTREE_FUNC)
			put_rect(out, XPAD + b->x, y, b->w, "url(#pv-hatch)");
		pv_buf_puts(out, "<text x=\"");
		put_num(out, XPAD + b->x + 3);
		pv_buf_puts(out, "\" y=\"");
		put_num(out, y + 12);
		pv_buf_puts(out, "\">");
		box_label(out, label.data ? label.data : "", label.len, b->w);
		pv_buf_puts(out, "</text></g>\n");
	}
	pv_buf_puts(out, "</g>\n");

	/* legend */
	double ly = TOP + frames_h + 14;
	pv_buf_printf(out, "<g id=\"pv-legend\" font-size=\"11\">\n"
		      "<rect x=\"%.2f\" y=\"%.2f\" width=\"28\" height=\"12\" fill=\"#f08a30\"/>"
		      "<text x=\"%.2f\" y=\"%.2f\">exact: every function on the path has one "
		      "caller</text>\n",
		      XPAD, ly, XPAD + 34, ly + 10);
	pv_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"28\" height=\"12\" fill=\"#f08a30\"/>"
		      "<rect x=\"%.2f\" y=\"%.2f\" width=\"28\" height=\"12\" "
		      "fill=\"url(#pv-hatch)\"/><text x=\"%.2f\" y=\"%.2f\">estimated: time "
		      "split by caller-&gt;callee totals</text>\n",
		      XPAD + 400, ly, XPAD + 400, ly, XPAD + 434, ly + 10);
	pv_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"28\" height=\"12\" fill=\"#60b8e0\"/>"
		      "<text x=\"%.2f\" y=\"%.2f\">built-in (C) function</text>\n",
		      XPAD, ly + 18, XPAD + 34, ly + 28);
	pv_buf_printf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"28\" height=\"12\" fill=\"#c8c8c8\"/>"
		      "<text x=\"%.2f\" y=\"%.2f\">other: callees narrower than ",
		      XPAD + 400, ly + 18, XPAD + 434, ly + 28);
	pv_buf_printf(out, "%g px, merged</text>\n", o->min_width);
	pv_buf_printf(out, "<text x=\"%.2f\" y=\"%.2f\" fill=\"#555\">Width is time.  Click a box "
		      "to zoom; click \xe2\x80\x9c" "all\xe2\x80\x9d, Reset zoom or press Escape to "
		      "zoom out.</text>\n</g>\n",
		      XPAD, ly + 46);
	pv_buf_printf(out, "<text id=\"pv-details\" x=\"%.2f\" y=\"%.2f\" fill=\"#333\"> </text>\n",
		      XPAD, TOP - 6);
	const pv_asset *zoom_script = pv_asset_find("/flame.js");
	if (!zoom_script) {
		pv_error_set(err, "the flame graph's script '/flame.js' is missing from the build");
		goto done;
	}
	pv_buf_puts(out, "<script type=\"text/ecmascript\"><![CDATA[\n");
	pv_buf_append(out, zoom_script->data, zoom_script->size);
	pv_buf_puts(out, "]]></script>\n</svg>\n");
	if (!pv_buf_ok(out)) {
		pv_error_set(err, "out of memory");
		goto done;
	}
	rc = 0;
done:
	free(box);
	pv_buf_release(&label);
	pv_buf_release(&full);
	pv_calltree_release(&t);
	return rc;
}
