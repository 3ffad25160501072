/*
 * views/chart.js - the chart's two canvases: the boxes (drawn by the
 * icicle or sunburst view) and an overlay for the hover and the selection.
 */
import { app } from '../state.js';
import { $ } from './dom.js';
import * as icicle from './icicle.js';
import * as sunburst from './sunburst.js';
import { K_FN, boxName as coreBoxName } from '../core/ctree.js';
import { dirOf } from '../core/hash.js';
import { boxColor as coreBoxColor } from '../core/color.js';
import { extentPx, layoutTree, layoutSandwich, findBox as coreFindBox, labelOf as coreLabelOf, fitMiddle } from '../core/layout.js';
import { searchCover } from './search.js';
import { bindSplitter } from './splitter.js';

export const canvas = $('chart');
export const overlay = $('overlay');
export const ctx = canvas.getContext('2d');
const octx = overlay.getContext('2d');

/* the chart's height is the splitter's (bound here, with the canvases: main.js binds the rest) */
bindSplitter();

/* the view module of the current chart */
export function chartView() {
	return app.S.view === 'sunburst' ? sunburst : icicle;
}

export function extent() {
	return extentPx(app.S.view, app.W, app.H);
}

export function boxName(n) {
	return coreBoxName(app.fns, n, dirOf(app.S));
}

export function boxColor(n) {
	return coreBoxColor(app.fns, n, app.theme, app.D, app.hues);
}

export function findBox(node) {
	return coreFindBox(app.levels, app.viewRoot, node);
}

function pathBox(g, d, x0, x1) {
	chartView().pathBox(g, app.geo, app.W, d, x0, x1);
}

/* Lays the tree out from app.viewRoot for the current state and size. */
export function layout() {
	const L = app.S.view === 'sandwich' && app.tree2
		? layoutSandwich(app.tree2.nodes[1] || app.tree2.root, app.viewRoot, app.S, app.W, app.H)
		: layoutTree(app.viewRoot, app.S, app.W, app.H);
	app.levels = L.levels;
	app.drawn = L.drawn;
	app.geo = L.geo;
}

function hatchPattern() {
	if (app.hatch) return app.hatch;
	const c = document.createElement('canvas');
	c.width = c.height = 8;
	const g = c.getContext('2d');
	g.strokeStyle = app.theme.dark ? 'rgba(0,0,0,0.35)' : 'rgba(255,255,255,0.55)';
	g.lineWidth = 2;
	g.beginPath();
	g.moveTo(-2, 10);
	g.lineTo(10, -2);
	g.moveTo(6, 10);
	g.lineTo(10, 6);
	g.moveTo(-2, 2);
	g.lineTo(2, -2);
	g.stroke();
	app.hatch = ctx.createPattern(c, 'repeat');
	return app.hatch;
}

/* the width in px of text in ctx's font */
export function measure(text) {
	return ctx.measureText(text).width;
}

/* text cut in the middle to maxW px in ctx's font, or '' */
export function fit(text, maxW) {
	return fitMiddle(text, maxW, measure);
}

export function labelOf(b, d) {
	return coreLabelOf(b, d, boxName(b.node), app.S.view, app.W, app.geo, measure);
}

export function draw() {
	const t0 = performance.now();
	const { W, H, dpr, theme, levels, searchHit } = app;
	ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
	ctx.fillStyle = theme.bg;
	ctx.fillRect(0, 0, W, H);
	const dim = app.matchAll !== null;
	const ext = extent();
	ctx.lineWidth = 1;
	ctx.strokeStyle = theme.line;
	for (let d = 0; d < levels.length; d++) {
		for (const b of levels[d]) {
			const n = b.node;
			pathBox(ctx, d, b.x0, b.x1);
			ctx.globalAlpha = dim && !(n.kind === K_FN && searchHit.has(n.f)) ? 0.3 : 1;
			ctx.fillStyle = boxColor(n);
			ctx.fill();
			/* pattern fills are dear to rasterize: only where one can see them */
			const px = (b.x1 - b.x0) * ext;
			if (!n.exact && n.kind === K_FN && px > 6) {
				/* only the part of the box the data does not guarantee is
				   hatched: the certain part (n.certain) stays solid */
				const sure = n.t > 0 && n.certain > 0 ? Math.min(1, n.certain / n.t) : 0;
				if (sure < 0.995) {
					ctx.fillStyle = hatchPattern();
					if (sure > 0) pathBox(ctx, d, b.x0 + (b.x1 - b.x0) * sure, b.x1);
					ctx.fill();
					pathBox(ctx, d, b.x0, b.x1);
				}
			}
			ctx.globalAlpha = 1;
			if (px > 3) ctx.stroke();
		}
	}
	if (dim) {
		ctx.strokeStyle = theme.match;
		ctx.lineWidth = 2;
		for (let d = 0; d < levels.length; d++)
			for (const b of levels[d])
				if (b.node.kind === K_FN && searchHit.has(b.node.f)) {
					pathBox(ctx, d, b.x0, b.x1);
					ctx.stroke();
				}
	}
	ctx.font = '12px system-ui, sans-serif';
	ctx.textBaseline = 'middle';
	ctx.fillStyle = theme.fg;
	const view = chartView();
	for (let d = 0; d < levels.length; d++) {
		for (const b of levels[d]) {
			const l = labelOf(b, d);
			if (!l || !l.text) continue;
			view.drawLabel(ctx, app.geo, l);
		}
	}
	ctx.textAlign = 'left';
	drawOverlay();
	app.stats.lastDraw = performance.now() - t0;
	app.stats.draws++;
}

export function drawOverlay() {
	const { W, H, dpr, theme, levels, hover, sel } = app;
	octx.setTransform(dpr, 0, 0, dpr, 0, 0);
	octx.clearRect(0, 0, W, H);
	if (hover && hover.node.kind === K_FN) {
		const f = hover.node.f;
		octx.fillStyle = theme.hi;
		octx.globalAlpha = 0.35;
		for (let d = 0; d < levels.length; d++)
			for (const b of levels[d])
				if (b.node.kind === K_FN && b.node.f === f) {
					pathBox(octx, d, b.x0, b.x1);
					octx.fill();
				}
		octx.globalAlpha = 1;
		octx.strokeStyle = theme.hi;
		octx.lineWidth = 2;
		pathBox(octx, hover.d, hover.x0, hover.x1);
		octx.stroke();
	}
	if (sel) {
		const b = findBox(sel);
		if (b) {
			octx.strokeStyle = theme.sel;
			octx.lineWidth = 3;
			pathBox(octx, b.d, b.x0, b.x1);
			octx.stroke();
		}
	}
}

/* Fits the canvases to their box; redraws when asked and the size changed. */
export function resize(redraw) {
	const wrap = $('chart-wrap');
	const w = Math.max(100, wrap.clientWidth), h = Math.max(100, wrap.clientHeight);
	const r = window.devicePixelRatio || 1;
	if (w === app.W && h === app.H && r === app.dpr) return false;
	app.W = w;
	app.H = h;
	app.dpr = r;
	for (const c of [canvas, overlay]) {
		c.width = Math.round(w * r);
		c.height = Math.round(h * r);
		c.style.width = w + 'px';
		c.style.height = h + 'px';
	}
	if (redraw && app.viewRoot) {
		layout();
		draw();
		searchCover();
	}
	return true;
}
