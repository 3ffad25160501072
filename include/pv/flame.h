/*
 * pv/flame.h - a self-contained SVG flame graph of the estimated call tree
 * (pv/calltree.h).
 *
 * The SVG needs nothing else: boxes with <title> tooltips, labels
 * truncated to fit, a title, a legend, and an embedded script (inside the
 * SVG, no external reference) that zooms into a box on click and back on
 * a click on "all", "Reset zoom" or Escape.  Widths are proportional to
 * time; a parent's box is exactly as wide as its time, its children never
 * wider.  Exact boxes are solid, estimated boxes hatched, merged small
 * children grey ("other").  Every name from the profile is escaped for
 * XML: bytes that are not valid UTF-8 and characters XML 1.0 forbids
 * (control characters, U+FFFE, U+FFFF) are shown as \xNN / \uNNNN text.
 * Nothing here prints or exits.
 */
#ifndef PV_FLAME_H
#define PV_FLAME_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

typedef enum pv_flame_orientation {
	PV_FLAME_UP,     /* flame graph: roots at the bottom */
	PV_FLAME_ICICLE, /* icicle: roots at the top */
} pv_flame_orientation;

typedef struct pv_flame_opts {
	pv_flame_orientation orientation;
	double width;         /* of the image, px (default 1200) */
	double min_width;     /* boxes narrower than this many px are merged
	                         into "other" or not drawn (default 0.1) */
	const char *title;    /* NULL: "Flame graph" or "Icicle graph" */
	const char *subtitle; /* a second line (e.g. the file names); may be NULL */
	size_t max_nodes;     /* call tree node budget (default 30000) */
} pv_flame_opts;

/* Fills `o` with the defaults. */
void pv_flame_opts_init(pv_flame_opts *o);

/*
 * Appends the flame graph of `p` as an SVG document to `out`.  Borrows
 * `p` and the strings of `o`.  Returns 0, or -1 with `err` set (out of
 * memory, width or min_width not positive and finite).
 */
int pv_flame_svg(const pv_profile *p, const pv_flame_opts *o, pv_buf *out, pv_error *err);

/*
 * Appends `s` (len raw bytes) as XML character data or attribute text:
 * & < > " ' as entities, invalid UTF-8 bytes as "\xNN", control characters
 * other than tab as "\xNN", U+FFFE/U+FFFF as "\uFFFE"/"\uFFFF".  The
 * result is valid UTF-8 and valid XML 1.0 whatever the input.
 */
void pv_xml_text(pv_buf *out, const char *s, size_t len);

#endif
