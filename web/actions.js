/*
 * actions.js - what changes the view: each updates app.S, records it in
 * the URL's hash and redraws.  Fills `act` (state.js), which the views
 * call, so no view imports this module.
 */
import { app, act } from './state.js';
import { $ } from './views/dom.js';
import { K_FN, nodePath } from './core/tree.js';
import { formatHash, parseHash } from './core/hash.js';
import { canvas, layout, draw, resize, findBox } from './views/chart.js';
import { syncControls } from './views/controls.js';
import { runSearch, searchCover } from './views/search.js';
import { hideTip } from './views/tooltip.js';
import { showFunction } from './views/panel.js';
import { crumbs } from './views/crumbs.js';

export function render() {
	const S = app.S;
	syncControls();
	if (S.q !== app.lastQ) {
		app.lastQ = S.q;
		runSearch();
	}
	resize(false);
	layout();
	if (app.sel && findBox(app.sel) === null) app.sel = null;
	app.hover = null;
	hideTip();
	draw();
	crumbs();
	searchCover();
	$('status').textContent = app.drawn + ' boxes' + (app.T.budgetReached() ? ' (node budget reached: zoom in for more)' : '');
	canvas.dataset.boxes = String(app.drawn);
	document.body.dataset.ready = '1';
	if (!app.stats.first) {
		app.stats.first = performance.now();
		performance.mark('pv-first-draw');
	}
}

/* Records the state in the URL (a history entry unless replace) and redraws. */
export function commit(replace) {
	const h = formatHash(app.S);
	if (h !== location.hash) {
		app.lastHash = h;
		/* in an <iframe srcdoc> (a notebook) the URL cannot change: the
		   history throws, and the view is drawn all the same */
		try {
			if (replace) history.replaceState(null, '', h);
			else history.pushState(null, '', h);
		} catch (e) { /* no history entry */ }
	}
	render();
}

/* Reads the state from the URL's hash (app.G must be loaded). */
export function readHash() {
	app.lastHash = location.hash;
	parseHash(location.hash, app.G.NF, app.S);
}

export function onHash() {
	if (location.hash === app.lastHash) return;
	readHash();
	app.sel = null;
	render();
}

export function zoomTo(node) {
	const S = app.S;
	if (!node || node.kind !== K_FN) return;
	if (node === app.viewRoot && node.parent) {
		S.zoom = nodePath(node.parent);
	} else {
		S.zoom = nodePath(node);
	}
	app.sel = null;
	commit();
}

export function zoomOut() {
	const S = app.S;
	if (S.zoom.length) {
		S.zoom = S.zoom.slice(0, -1);
		commit();
	} else if (S.focus >= 0) {
		S.focus = -1;
		commit();
	}
}

export function focusFn(f) {
	const S = app.S;
	if (f < 0 || f >= app.G.NF) return;
	S.focus = f;
	S.zoom = [];
	app.sel = null;
	showFunction(f);
	commit();
}

export function setDir(d) {
	const S = app.S;
	if (S.dir === d) return;
	S.dir = d;
	S.zoom = [];
	app.sel = null;
	commit();
}

Object.assign(act, { render, commit, onHash, zoomTo, zoomOut, focusFn, setDir });
