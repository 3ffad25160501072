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

const MIN_PX = 1;  /* narrower children go to "other" */

/* Whether a view draws rows of rectangles (all but the sunburst). */
function rowsView(view) {
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

const ELLIPSIS = '\u2026';
const TEXT_H = 13;  /* px a 12 px label needs across its line */
const MIN_CHARS = 4;  /* a name cut shorter says nothing ("_c\u2026d") */

/* text's first `keep` characters around an ellipsis: half from the start, half from the end */
function cutMiddle(text, keep) {
	let h = Math.ceil(keep / 2), t = text.length - (keep - h);
	/* never split a surrogate pair */
	if (h > 0 && (text.charCodeAt(h - 1) & 0xfc00) === 0xd800) h--;
	if (t < text.length && (text.charCodeAt(t) & 0xfc00) === 0xdc00) t++;
	return text.slice(0, h) + ELLIPSIS + text.slice(t);
}

/* The most characters k in [lo, hi] with measure(make(k)) <= maxW, or lo - 1. */
function most(lo, hi, maxW, measure, make) {
	let a = lo - 1, b = hi;
	while (a < b) {
		const m = (a + b + 1) >> 1;
		if (measure(make(m)) <= maxW) a = m;
		else b = m - 1;
	}
	return a;
}

/*
 * text cut in the middle to maxW px ("_find_a\u2026d_load"), as speedscope
 * does: both ends stay visible.  measure(s) is the width of s in px; ''
 * when fewer than 4 characters would show.
 */
export function fitMiddle(text, maxW, measure) {
	if (maxW <= 0) return '';
	if (measure(text) <= maxW) return text;
	const k = most(MIN_CHARS, text.length - 1, maxW, measure, (m) => cutMiddle(text, m));
	return k >= MIN_CHARS ? cutMiddle(text, k) : '';
}

/* "name (file:line)", what core/ctree.js's shortLabel writes */
const LOCATED = /^(.+) \((.+)(:\d+)\)$/;

/*
 * A box's name (and suffix, the icicle's time) shortened to maxW px,
 * keeping the function's name whole as long as it can: first the file
 * part is cut ("_find_and_load (<frozen imp\u2026:1167)"), then the time
 * is dropped with the place, then the name itself is cut in the middle.
 * '' when nothing useful fits.
 */
export function fitLabel(name, maxW, measure, suffix) {
	const sfx = suffix || '';
	if (maxW <= 8) return '';
	if (measure(name + sfx) <= maxW) return name + sfx;
	const m = LOCATED.exec(name);
	let core = name;
	if (m) {
		const fn = m[1], file = m[2], post = m[3] + ')';
		const placed = (k, s) => fn + ' (' + file.slice(0, k) + ELLIPSIS + post + s;
		for (const s of sfx ? [sfx, ''] : ['']) {
			const k = most(3, file.length - 1, maxW, measure, (j) => placed(j, s));
			if (k >= 3) return placed(k, s);
			if (measure(fn + s) <= maxW) return fn + s;
		}
		core = fn;
	} else if (sfx && measure(name) <= maxW) {
		return name;
	}
	return fitMiddle(core, maxW, measure);
}

/*
 * Where box b at depth d shows its name, or null: { text, x, y, center }
 * (straight), { text, radial, a, r } (along a radius, centred at radius
 * r) or { text, arc, a, r, room } (curved along the ring's middle
 * circle, centred at angle a; room: the px of arc it may take).  The
 * text stays inside its box: in the sunburst, whichever of the two
 * directions has more room.  measure(text) is a text's width in px (12
 * px font).
 */
export function labelOf(b, d, name, view, W, geo, measure) {
	const n = b.node;
	if (rowsView(view)) {
		const w = (b.x1 - b.x0) * W - 6;
		if (w < 24 || geo.rowH < TEXT_H) return null;
		const text = fitLabel(name, w, measure, '  ' + fmtTime(n.t));
		return text ? { text, x: b.x0 * W + 3, y: rowTop(geo, d) + geo.rowH / 2 } : null;
	}
	const ring = geo.ring;
	if (d === 0) {
		/* the disc: a line through its centre, TEXT_H high */
		const w = 2 * Math.sqrt(Math.max(0, ring * ring - TEXT_H * TEXT_H / 4)) - 6;
		/* the root's own words ("all self time") are whole, or "all" */
		const whole = n.kind === K_ROOT && measure(name) > w ? 'all' : name;
		const text = fitLabel(whole, w, measure);
		return text ? { text, x: geo.cx, y: geo.cy, center: true } : null;
	}
	const r0 = d * ring, rm = r0 + ring / 2;
	const span = Math.min(1, b.x1 - b.x0) * 2 * Math.PI;
	/* along the radius: the wedge is TEXT_H wide where the text starts */
	const radial = 2 * (r0 + 4) * Math.sin(Math.min(Math.PI / 2, span / 2)) >= TEXT_H ? ring - 8 : 0;
	/* along the arc: a ring thick enough for a line, at most half a turn */
	const arc = ring >= TEXT_H + 3 ? Math.min(span, Math.PI * 0.95) * rm - 8 : 0;
	const a = (b.x0 + b.x1) * Math.PI - Math.PI / 2;
	const along = arc >= radial;
	const room = along ? arc : radial;
	if (room < 20) return null;
	const text = fitLabel(name, room, measure);
	if (!text) return null;
	return along ? { text, arc: true, a, r: rm, room } : { text, radial: true, a, r: rm };
}

/*
 * The SVG element (unclosed: attributes follow) drawing box (d, x0, x1).
 * A sunburst box that goes round (within 0.01 px) is a ring of two half
 * circles each way: one arc from a point back to itself draws nothing.
 * Arcs are drawn in halves, so none is ever near a full turn.
 */
export function svgBoxPath(view, W, geo, d, x0, x1) {
	const f = (v) => v.toFixed(2);
	if (rowsView(view))
		return '<rect x="' + f(x0 * W) + '" y="' + f(rowTop(geo, d)) + '" width="' + f((x1 - x0) * W) + '" height="' + f(geo.rowH) + '"';
	const r0 = d * geo.ring, r1 = (d + 1) * geo.ring, cx = geo.cx, cy = geo.cy;
	if ((1 - (x1 - x0)) * 2 * Math.PI * r1 < 0.01) {
		let p = 'M' + f(cx - r1) + ',' + f(cy) + 'a' + f(r1) + ',' + f(r1) + ' 0 1,0 ' + f(2 * r1) + ',0a' + f(r1) + ',' + f(r1) + ' 0 1,0 ' + f(-2 * r1) + ',0Z';
		if (r0 > 0) p += 'M' + f(cx - r0) + ',' + f(cy) + 'a' + f(r0) + ',' + f(r0) + ' 0 1,1 ' + f(2 * r0) + ',0a' + f(r0) + ',' + f(r0) + ' 0 1,1 ' + f(-2 * r0) + ',0Z';
		return '<path fill-rule="evenodd" d="' + p + '"';
	}
	const a0 = x0 * 2 * Math.PI - Math.PI / 2, a1 = x1 * 2 * Math.PI - Math.PI / 2;
	const pt = (r, a) => f(cx + r * Math.cos(a)) + ',' + f(cy + r * Math.sin(a));
	/* from angle u to v (sweep: 1 clockwise), in two halves past half a turn */
	const arc = (r, u, v, sweep) => {
		const A = 'A' + f(r) + ',' + f(r) + ' 0 0,' + sweep + ' ';
		if (Math.abs(v - u) <= Math.PI) return A + pt(r, v);
		return A + pt(r, (u + v) / 2) + A + pt(r, v);
	};
	let p = 'M' + pt(r1, a0) + arc(r1, a0, a1, 1);
	if (r0 > 0) p += 'L' + pt(r0, a1) + arc(r0, a1, a0, 0);
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
