/*
 * views/icicle.js - the icicle chart: rows of rectangles, the root on top.
 * Box geometry and label placement: core/layout.js.  The flame graph is
 * the same chart upside down (geo.flip), the sandwich two of them.
 */
import { rowTop } from '../core/layout.js';

/* Traces box (d, x0, x1) on canvas context g. */
export function pathBox(g, geo, W, d, x0, x1) {
	g.beginPath();
	g.rect(x0 * W, rowTop(geo, d), (x1 - x0) * W, geo.rowH);
}

/* Draws label l (core/layout.js's labelOf). */
export function drawLabel(ctx, geo, l) {
	ctx.textAlign = l.center ? 'center' : 'left';
	ctx.fillText(l.text, l.x, l.y);
}

/* Label l as an SVG <text> (xml escapes, close closes an element; the rest: sunburst.js). */
export function svgLabel(geo, l, fg, xml, close) {
	return '<text x="' + l.x.toFixed(1) + '" y="' + l.y.toFixed(1) + '" dominant-baseline="middle" fill="' + xml(fg) + '"' + (l.center ? ' text-anchor="middle"' : '') + '>' + xml(l.text) + close('text');
}
