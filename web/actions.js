/*
 * actions.js - what changes the view: each updates app.S, records it in
 * the URL's hash and redraws, asking the API for a new tree when the
 * state asks for another one (core/api.js).  Fills `act` (state.js),
 * which the views call, so no view imports this module.
 */
import { app, act } from './state.js';
import { $ } from './views/dom.js';
import { K_FN, K_OTHER, K_MORE, readTree, addFunctions, nodePath } from './core/ctree.js';
import { formatHash, parseHash } from './core/hash.js';
import { pixelCutoff } from './core/layout.js';
import { canvas, layout, draw, resize, findBox } from './views/chart.js';
import { syncControls } from './views/controls.js';
import { runSearch, searchCover } from './views/search.js';
import { hideTip } from './views/tooltip.js';
import { showFunction } from './views/panel.js';
import { crumbs } from './views/crumbs.js';

/* boxes asked for per tree: enough for any screen, bounded for any profile */
export const NODES = 6000;

/* The zoom path sent: the focus first (it is node 0's only child), then S.zoom. */
function zoomPath(S) {
	if (S.focus >= 0) return [S.focus, ...S.zoom];
	if (S.zoom.length) return S.zoom;
	return !S.top && app.autoZoom ? app.autoZoom : [];
}

/* The /api/tree query for the state (and the chart's size: a box under a pixel is not asked for). */
export function treeParams(S) {
	const z = zoomPath(S);
	const px = pixelCutoff(S.view, app.W, app.H);
	const cutoff = Math.max(S.cutoff, px);
	return {
		dir: S.dir, focus: S.focus >= 0 ? S.focus : undefined, zoom: z.length ? z.join(',') : undefined,
		depth: S.depth, cutoff: Number(cutoff.toPrecision(3)), nodes: NODES,
	};
}

/* The box shown at full width in tree T for state S. */
function viewRootOf(T, S) {
	if (zoomPath(S).length) return T.nodes[T.zoomNode] || T.root;
	return T.root;
}

/* Asks for the tree of the state; draws it when it comes (the last request wins). */
async function loadTree(key, params) {
	const seq = ++app.seq;
	app.loading = key;
	$('status').textContent = 'loading\u2026';
	const t0 = performance.now();
	let a;
	try {
		a = await app.api.get('tree', params);
	} catch (e) {
		if (seq === app.seq) {
			app.loading = '';
			$('status').textContent = 'cannot load the tree: ' + e.message;
		}
		return;
	}
	if (seq !== app.seq) return;
	app.stats.requests++;
	app.stats.lastLoad = performance.now() - t0;
	addFunctions(app.fns, a);
	const T = readTree(a);
	const S = app.S;
	/* the first screen: past the interpreter's plumbing, asked for anew from there */
	if (!S.zoom.length && !S.top && S.focus < 0 && S.dir === 'calls' && app.autoZoom === null) {
		app.autoZoom = T.defaultFocus ? nodePath(T.nodes[T.defaultFocus]) : [];
		if (app.autoZoom.length) {
			app.loading = '';
			render();
			return;
		}
	}
	/* a link whose path no longer matches: keep what matched */
	const asked = zoomPath(S).length;
	if (asked && T.zoomMatched < asked) {
		if (S.focus >= 0) S.zoom = S.zoom.slice(0, Math.max(0, T.zoomMatched - 1));
		else if (S.zoom.length) S.zoom = S.zoom.slice(0, T.zoomMatched);
		else app.autoZoom = app.autoZoom.slice(0, T.zoomMatched);
		app.lastHash = formatHash(S);
		try {
			history.replaceState(null, '', app.lastHash);
		} catch (e) { /* no history */ }
	}
	app.tree = T;
	app.treeKey = key;
	app.loading = '';
	show();
}

/* Lays out and draws the tree held, for the current state. */
function show() {
	const T = app.tree;
	app.viewRoot = viewRootOf(T, app.S);
	resize(false);
	layout();
	if (app.sel && findBox(app.sel) === null) app.sel = null;
	app.hover = null;
	hideTip();
	runSearch();
	draw();
	crumbs();
	searchCover();
	$('status').textContent = app.drawn + ' boxes' + (T.truncated ? ' (some calls not expanded: click \u2026 boxes to open them)' : '');
	canvas.dataset.boxes = String(app.drawn);
	document.body.dataset.ready = '1';
	if (!app.stats.first) {
		app.stats.first = performance.now();
		performance.mark('pv-first-draw');
	}
}

export function render() {
	syncControls();
	resize(false);
	const params = treeParams(app.S);
	const key = JSON.stringify(params);
	if (key === app.treeKey && app.tree) {
		show();
		return;
	}
	if (key !== app.loading) loadTree(key, params);
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

/* Reads the state from the URL's hash. */
export function readHash() {
	app.lastHash = location.hash;
	parseHash(location.hash, app.summary.keys || app.summary.functions, app.S);
}

export function onHash() {
	if (location.hash === app.lastHash) return;
	readHash();
	app.sel = null;
	render();
}

/* The zoom path of node for S.zoom (below the focus when there is one). */
function zoomOf(node) {
	const p = nodePath(node);
	return app.S.focus >= 0 ? p.slice(1) : p;
}

/* Shows node's box at full width; the view root's box goes up one level. */
export function zoomTo(node) {
	const S = app.S;
	if (!node) return;
	const root = app.viewRoot;
	if (node.kind === K_OTHER || node.kind === K_MORE) {
		const p = node.parent;
		if (p === root) {
			/* already at full width: split "other" finer; open calls deeper */
			if (node.kind === K_OTHER && S.cutoff > 0) S.cutoff = S.cutoff >= 1e-5 ? S.cutoff / 10 : 0;
			else if (node.kind === K_MORE && S.depth < 60) S.depth = Math.min(60, S.depth + 5);
			else return;
			app.sel = null;
			commit();
			return;
		}
		node = p;
	}
	if (node.kind !== K_FN && node.parent) return;
	if (node === root && node.parent) node = node.parent;
	if (!node.parent) {
		S.zoom = [];
		S.top = S.focus < 0;
	} else {
		S.zoom = zoomOf(node);
		if (S.focus >= 0 && node.parent && !node.parent.parent) S.zoom = [];
		S.top = false;
	}
	app.sel = null;
	commit();
}

export function zoomOut() {
	const root = app.viewRoot;
	if (root && root.parent && !(app.S.focus >= 0 && !root.parent.parent)) {
		zoomTo(root.parent);
		return;
	}
	const S = app.S;
	if (S.focus >= 0) {
		S.focus = -1;
		S.zoom = [];
		commit();
	}
}

export function focusFn(f) {
	const S = app.S;
	if (!(f >= 0)) return;
	S.focus = f;
	S.zoom = [];
	S.top = false;
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
