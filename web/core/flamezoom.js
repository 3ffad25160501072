/*
 * core/flamezoom.js - the zoom of `pstat-view flame`'s SVG (web/flame/):
 * where each frame goes when one is zoomed into, and its label.  DOM-free.
 *
 * A frame is { x, w, d }: px from the left edge of the frame area and
 * width, unzoomed, and depth (0: the root, "all").
 */

/* Nearness of two px positions (the SVG's attributes are rounded). */
const EPS = 1e-6;

/*
 * The label shown in a box w px wide with characters cw px wide: the whole
 * label, its start and "..", or '' when fewer than 3 characters fit.
 * Counts code points, as flame.c's box_label does.
 */
export function fitLabel(label, w, cw) {
	const c = Array.from(label), n = Math.floor((w - 6) / cw);
	if (!(n >= 3)) return '';
	return c.length <= n ? label : c.slice(0, n - 2).join('') + '..';
}

/*
 * Where frame f goes when z is zoomed into (z null: no zoom), in a frame
 * area fw px wide: { shown, anc (an ancestor of z, drawn full width), x, w }.
 */
export function frameView(f, z, fw) {
	if (z === null)
		return { shown: true, anc: false, x: f.x, w: f.w };
	if (f.d < z.d && f.x <= z.x + EPS && f.x + f.w >= z.x + z.w - EPS)
		return { shown: true, anc: true, x: 0, w: fw };
	if (f.d >= z.d && f.x >= z.x - EPS && f.x + f.w <= z.x + z.w + EPS)
		return { shown: true, anc: false, x: (f.x - z.x) * fw / z.w, w: f.w * fw / z.w };
	return { shown: false, anc: false, x: f.x, w: f.w };
}

/* The details line for a box's <title> text (lines joined by dashes). */
export function detailsText(tip) {
	return tip.replace(/\n/g, ' \u2014 ');
}
