/*
 * core/layout.js - where the tree's boxes go, for both charts.  DOM-free.
 *
 * A layout is `levels`: one row per depth below the view's root, each a
 * list of boxes { node, x0, x1 } with x in [0, 1] (the icicle's width,
 * the sunburst's full turn), left to right.  `geo` holds the chart's
 * pixel geometry: rowH (icicle), cx, cy, ring (sunburst).
 */
import { K_ROOT } from './ctree.js';
import { fmtTime } from './format.js';

export const MIN_PX = 1;  /* narrower children go to "other" */

/* Whether a view draws rows of rectangles (all but the sunburst). */
export function rowsView(view) {
	return view !== 'sunburst';
}

/* The top (px) of row d: rows go down from the top, or up from the bottom in a flame graph. */
export function rowTop(geo, d) {
	return geo.flip ? geo.H - (d + 1) * geo.rowH : d * geo.rowH;
}

/* The row at y px. */
export function rowAt(geo, y) {
	return Math.floor((geo.flip ? geo.H - y : y) / geo.rowH);
}

/* The px a box's x extent of 1 spans: the icicle's width, the arc at half the radius. */
export function extentPx(view, W, H) {
	if (rowsView(view)) return W;
	return Math.PI * Math.min(W, H) * 0.5;
}

/* The pixel geometry of a chart of L rows in a W x H area. */
export function geometry(view, W, H, L) {
	const geo = { cx: 0, cy: 0, ring: 0, rowH: 0 };
	if (rowsView(view)) {
		geo.rowH = Math.max(14, Math.min(30, H / Math.max(1, L)));
		if (view === 'flame') {
			geo.flip = true;
			geo.H = H;
		}
	} else {
		const R = Math.max(40, Math.min(W, H) / 2 - 8);
		geo.cx = W / 2;
		geo.cy = H / 2;
		geo.ring = R / Math.max(1, L);
	}
	return geo;
}

/* The time under which a child is narrower than a pixel at the view root. */
export function pixelCutoff(view, W, H) {
	return MIN_PX / Math.max(1, extentPx(view, W, H));
}

/*
 * Lays out the subtree of viewRoot (a node of core/ctree.js) for the view
 * state S in a W x H chart, S.depth rows below the root at most.  A
 * box's children take its width in proportion to their time, in the
 * answer's order; what is left is the box's self time.  Returns { levels,
 * drawn, geo }.
 */
export function layoutTree(viewRoot, S, W, H) {
	const ext = Math.max(1, extentPx(S.view, W, H));
	const levels = [];
	let queue = [{ node: viewRoot, x0: 0, x1: 1 }];
	const px = 0.25 / ext; /* boxes under 1/4 px are not drawn */
	for (let d = 0; d <= S.depth && queue.length; d++) {
		levels.push(queue);
		if (d === S.depth) break;
		const next = [];
		for (const b of queue) {
			const n = b.node;
			if (!n.kids.length || !(n.t > 0)) continue;
			let x = b.x0;
			const span = b.x1 - b.x0;
			for (const k of n.kids) {
				const w = span * (k.t / n.t);
				if (w >= px) next.push({ node: k, x0: x, x1: x + w });
				x += w;
			}
		}
		queue = next;
	}
	let drawn = 0;
	for (const l of levels) drawn += l.length;
	return { levels, drawn, geo: geometry(S.view, W, H, levels.length) };
}

/*
 * The sandwich of a function: its callers' tree (callers, the function's
 * box of the callers tree) drawn upwards above it, its callees' tree
 * (callees, its box of the call tree) downwards below, the function's row
 * shared.  Rows: the deepest caller first.  Returns { levels, drawn, geo,
 * mid } (mid: the function's row); each box also says its `band` (-1
 * callers, 0 the function, 1 callees).
 */
export function layoutSandwich(callers, callees, S, W, H) {
	const half = Math.max(1, Math.floor(S.depth / 2));
	const up = layoutTree(callers, Object.assign({}, S, { view: 'icicle', depth: half }), W, H).levels;
	const down = layoutTree(callees, Object.assign({}, S, { view: 'icicle', depth: half }), W, H).levels;
	const levels = [];
	for (let d = up.length - 1; d >= 1; d--) levels.push(up[d].map((b) => Object.assign({ band: -1 }, b)));
	const mid = levels.length;
	levels.push(down[0].map((b) => Object.assign({ band: 0 }, b)));
	for (let d = 1; d < down.length; d++) levels.push(down[d].map((b) => Object.assign({ band: 1 }, b)));
	let drawn = 0;
	for (const l of levels) drawn += l.length;
	return { levels, drawn, geo: geometry('icicle', W, H, levels.length), mid };
}

/* The centre (px) of box b at depth d. */
export function boxCenter(view, W, geo, b, d) {
	if (rowsView(view))
		return { x: (b.x0 + b.x1) / 2 * W, y: rowTop(geo, d) + geo.rowH / 2 };
	const a = (b.x0 + b.x1) * Math.PI - Math.PI / 2;
	const r = d === 0 ? 0 : (d + 0.5) * geo.ring;
	return { x: geo.cx + r * Math.cos(a), y: geo.cy + r * Math.sin(a) };
}

/* The box under point (x, y) px: { d, x0, x1, node }, or null. */
export function hitTest(levels, view, W, geo, x, y) {
	let d, frac;
	if (rowsView(view)) {
		d = rowAt(geo, y);
		frac = x / W;
	} else {
		const dx = x - geo.cx, dy = y - geo.cy;
		d = Math.floor(Math.sqrt(dx * dx + dy * dy) / geo.ring);
		frac = (Math.atan2(dy, dx) + Math.PI / 2) / (2 * Math.PI);
		if (frac < 0) frac += 1;
	}
	if (d < 0 || d >= levels.length) return null;
	const row = levels[d];
	let lo = 0, hi = row.length - 1;
	while (lo <= hi) {
		const m = (lo + hi) >> 1;
		if (row[m].x1 <= frac) lo = m + 1;
		else if (row[m].x0 > frac) hi = m - 1;
		else return { d, x0: row[m].x0, x1: row[m].x1, node: row[m].node };
	}
	return null;
}

/* The drawn box of node: { d, x0, x1, node }, or null. */
export function findBox(levels, viewRoot, node) {
	const d = node.depth - viewRoot.depth;
	if (d >= 0 && d < levels.length)
		for (const b of levels[d]) if (b.node === node) return { d, x0: b.x0, x1: b.x1, node };
	/* a sandwich's rows are not depths: look everywhere */
	for (let r = 0; r < levels.length; r++)
		for (const b of levels[r]) if (b.node === node) return { d: r, x0: b.x0, x1: b.x1, node };
	return null;
}

/*
 * Where box b at depth d shows its name, or null: { text, x, y, center }
 * (straight), { text, radial, a, r } (along a radius) or { text, tangent,
 * a, r } (along the arc).  fit(text, maxW) shortens a text to maxW px.
 */
export function labelOf(b, d, name, view, W, geo, fit) {
	const n = b.node;
	if (rowsView(view)) {
		const w = (b.x1 - b.x0) * W - 6;
		if (w < 24) return null;
		return { text: fit(name + '  ' + fmtTime(n.t), w), x: b.x0 * W + 3, y: rowTop(geo, d) + geo.rowH / 2 };
	}
	if (d === 0) {
		const short = n.kind === K_ROOT ? 'all' : name;
		return { text: fit(name, geo.ring * 1.9) || fit(short, geo.ring * 1.9), x: geo.cx, y: geo.cy, center: true };
	}
	const a = (b.x0 + b.x1) * Math.PI - Math.PI / 2, r = (d + 0.5) * geo.ring;
	const span = (b.x1 - b.x0) * 2 * Math.PI * r;
	if (geo.ring >= 40 && span >= 14)
		return { text: fit(name, geo.ring - 6), radial: true, a, r };
	/* thin rings: along the arc, where the arc is long enough */
	if (geo.ring < 14 || span < 50) return null;
	return { text: fit(name, Math.min(span * 0.85, 2 * r * Math.sin(Math.min(Math.PI / 2, (b.x1 - b.x0) * Math.PI)) * 0.9)), tangent: true, a, r };
}

/* The SVG element (unclosed: attributes follow) drawing box (d, x0, x1). */
export function svgBoxPath(view, W, geo, d, x0, x1) {
	const f = (v) => v.toFixed(2);
	if (rowsView(view))
		return '<rect x="' + f(x0 * W) + '" y="' + f(rowTop(geo, d)) + '" width="' + f((x1 - x0) * W) + '" height="' + f(geo.rowH) + '"';
	const r0 = d * geo.ring, r1 = (d + 1) * geo.ring, cx = geo.cx, cy = geo.cy;
	if (x1 - x0 >= 1 - 1e-12) {
		let p = 'M' + f(cx - r1) + ',' + f(cy) + 'a' + f(r1) + ',' + f(r1) + ' 0 1,0 ' + f(2 * r1) + ',0a' + f(r1) + ',' + f(r1) + ' 0 1,0 ' + f(-2 * r1) + ',0';
		if (r0 > 0) p += 'M' + f(cx - r0) + ',' + f(cy) + 'a' + f(r0) + ',' + f(r0) + ' 0 1,1 ' + f(2 * r0) + ',0a' + f(r0) + ',' + f(r0) + ' 0 1,1 ' + f(-2 * r0) + ',0';
		return '<path fill-rule="evenodd" d="' + p + '"';
	}
	const a0 = x0 * 2 * Math.PI - Math.PI / 2, a1 = x1 * 2 * Math.PI - Math.PI / 2;
	const large = a1 - a0 > Math.PI ? 1 : 0;
	const pt = (r, a) => f(cx + r * Math.cos(a)) + ',' + f(cy + r * Math.sin(a));
	let p = 'M' + pt(r1, a0) + 'A' + f(r1) + ',' + f(r1) + ' 0 ' + large + ',1 ' + pt(r1, a1);
	if (r0 > 0) p += 'L' + pt(r0, a1) + 'A' + f(r0) + ',' + f(r0) + ' 0 ' + large + ',0 ' + pt(r0, a0);
	else p += 'L' + f(cx) + ',' + f(cy);
	return '<path d="' + p + 'Z"';
}

/* The worst relative gap between a drawn node's time and its children's and self time. */
export function checkExtents(levels) {
	let worst = 0, nodes = 0;
	for (const l of levels)
		for (const b of l) {
			const n = b.node;
			if (!n.kids || !n.kids.length || !(n.t > 0)) continue;
			let sum = n.self > 0 ? n.self : 0;
			for (const k of n.kids) sum += k.t;
			worst = Math.max(worst, Math.abs(sum - n.t) / n.t);
			nodes++;
		}
	return { worst, nodes };
}
