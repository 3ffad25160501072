/*
 * actions.js - what changes the view: each updates app.S, records it in
 * the URL's hash and redraws, asking the API for what the new state
 * needs (a tree, the graph, a function named in the URL).  Fills `act`
 * (state.js), which the views call, so no view imports this module.
 */
import { app, act } from './state.js';
import { $ } from './views/dom.js';
import { K_FN, K_OTHER, K_MORE, readTree, addFunctions, nodePath } from './core/ctree.js';
import { formatHash, parseHash, dirOf } from './core/hash.js';
import { pixelCutoff } from './core/layout.js';
import { idOf as coreIdOf, filterParams } from './core/params.js';
import { canvas, layout, draw, resize, findBox } from './views/chart.js';
import { syncControls } from './views/controls.js';
import { runSearch, searchCover } from './views/search.js';
import { hideTip } from './views/tooltip.js';
import { showFunction } from './views/panel.js';
import { crumbs } from './views/crumbs.js';
import { showRow } from './views/table.js';
import { showGraph } from './views/graph.js';
import { showFilters } from './views/filters.js';

/* boxes asked for per tree: enough for any screen, bounded for any profile */
const NODES = 4000;

/* The id of the function a URL names (fn=, root=), once the API said; -1: none or unknown. */
function idOf(label) {
	return coreIdOf(app.ids, label);
}

/* the labels asked of the API and not yet answered: label -> promise */
const asking = new Map();

/* Asks the API for the functions the state names by label (each once); resolves when known. */
async function resolveLabels(S) {
	const want = [S.fn, S.root].filter((l) => l && !app.ids.has(l));
	for (const l of want) {
		if (!asking.has(l))
			asking.set(l, app.api.get('function', { label: l }).then((a) => a.id, () => -1).then((id) => {
				app.ids.set(l, id);
				asking.delete(l);
			}));
		await asking.get(l);
	}
}

/* The zoom path sent: the root function first (node 0's only child), then S.zoom. */
function zoomPath(S) {
	const r = idOf(S.root);
	if (r >= 0) return [r, ...S.zoom];
	if (S.zoom.length) return S.zoom;
	return !S.top && dirOf(S) === 'calls' && app.autoZoom ? app.autoZoom : [];
}


/* The cutoff asked: the state's, or the chart's pixel (a box under a pixel is not asked for). */
function cutoffOf(S) {
	const px = pixelCutoff(S.view === 'sunburst' ? 'sunburst' : 'icicle', app.W, app.H);
	return Number(Math.max(S.cutoff, px).toPrecision(3));
}

/* The /api/tree query for the state (and the chart's size). */
function treeParams(S) {
	const z = zoomPath(S);
	const r = idOf(S.root);
	return Object.assign({
		dir: dirOf(S), focus: r >= 0 ? r : undefined, zoom: z.length ? z.join(',') : undefined,
		depth: S.depth, cutoff: cutoffOf(S), nodes: NODES,
	}, filterParams(S));
}

/* The two queries of a sandwich of function f: its callees below, its callers above. */
function sandwichParams(S, f) {
	const half = Math.max(1, Math.floor(S.depth / 2));
	const base = Object.assign({ focus: f, zoom: String(f), depth: half, cutoff: cutoffOf(S), nodes: NODES }, filterParams(S));
	return [Object.assign({ dir: 'calls' }, base), Object.assign({ dir: 'callers' }, base)];
}

/* A sandwich: both trees of the selected function (the hottest by tottime when none is). */
async function loadSandwich(S) {
	let f = idOf(S.fn);
	if (f < 0) {
		try {
			const a = await app.api.get('functions', { sort: 'tottime', limit: 1 });
			if (!a.functions.length) return;
			f = a.functions[0].id;
			app.ids.set(a.functions[0].label, f);
			S.fn = a.functions[0].label;
			recordHash(false);
			showFunction(f);
		} catch (e) {
			$('status').textContent = 'cannot load the table: ' + e.message;
			return;
		}
	}
	const ps = sandwichParams(S, f);
	const key = JSON.stringify(ps);
	if (key === app.treeKey && app.tree && app.tree2) {
		show();
		return;
	}
	if (key === app.loading) return;
	const seq = ++app.seq;
	app.loading = key;
	$('status').textContent = 'loading\u2026';
	let a, b;
	try {
		[a, b] = await Promise.all(ps.map((p) => app.api.get('tree', p)));
	} catch (e) {
		if (seq === app.seq) {
			app.loading = '';
			$('status').textContent = 'cannot load the sandwich: ' + e.message;
		}
		return;
	}
	if (seq !== app.seq) return;
	addFunctions(app.fns, a);
	addFunctions(app.fns, b);
	app.tree = readTree(a);
	app.tree2 = readTree(b);
	app.treeKey = key;
	app.loading = '';
	show();
}

/* The box shown at full width in tree T for state S. */
function viewRootOf(T, S) {
	if (S.view === 'sandwich') return T.nodes[T.zoomNode] || T.root;
	if (zoomPath(S).length) return T.nodes[T.zoomNode] || T.root;
	return T.root;
}

/* The state's view draws a tree (the chart's canvases). */
function treeView(S) {
	return S.view !== 'graph' && S.view !== 'table';
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
			document.body.dataset.ready = '1';
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
	if (!S.zoom.length && !S.top && !S.root && dirOf(S) === 'calls' && app.autoZoom === null) {
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
		if (S.root) S.zoom = S.zoom.slice(0, Math.max(0, T.zoomMatched - 1));
		else if (S.zoom.length) S.zoom = S.zoom.slice(0, T.zoomMatched);
		else app.autoZoom = app.autoZoom.slice(0, T.zoomMatched);
		recordHash(false);
	}
	if (app.D) await addTreeDiff(T, params, seq);
	if (seq !== app.seq) return;
	app.tree = T;
	app.treeKey = key;
	app.loading = '';
	show();
}

/* Diff mode: each box's time in BASE's tree on the same path (/api/treediff), for its colour. */
async function addTreeDiff(T, params, seq) {
	let d;
	try {
		d = await app.api.get('treediff', params);
	} catch (e) {
		return; /* the function's whole change colours the boxes instead */
	}
	if (seq !== app.seq || !d.nodes || d.nodes.count !== T.nodes.length) return;
	for (let i = 0; i < T.nodes.length; i++) {
		const n = T.nodes[i];
		n.base = d.nodes.base[i];
		n.newPath = d.nodes.new_path[i] === 1;
		n.baseEstimated = d.nodes.estimated[i] === 1;
	}
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
	syncControls();
	ready();
}

function ready() {
	document.body.dataset.ready = '1';
	if (!app.stats.first) {
		app.stats.first = performance.now();
		performance.mark('pv-first-draw');
	}
}

export async function render() {
	const S = app.S;
	document.body.dataset.view = S.view;
	syncControls();
	showFilters();
	if (S.fn || S.root) {
		const before = app.ids.size;
		await resolveLabels(S);
		if (app.ids.size !== before) syncControls();
	}
	if (S.view === 'graph') {
		await showGraph();
		ready();
		return;
	}
	if (S.view === 'table') {
		$('status').textContent = '';
		ready();
		return;
	}
	resize(false);
	if (S.view === 'sandwich') {
		await loadSandwich(S);
		return;
	}
	app.tree2 = null;
	const params = treeParams(S);
	const key = JSON.stringify(params);
	if (key === app.treeKey && app.tree) {
		show();
		return;
	}
	if (key !== app.loading) return loadTree(key, params);
}

/* Records app.S in the URL's hash (a new history entry when push), unless the hash says it already. */
function recordHash(push) {
	const h = formatHash(app.S);
	if (h === location.hash) return;
	app.lastHash = h;
	/* in an <iframe srcdoc> (a notebook) the URL cannot change: the
	   history throws, and the view is drawn all the same */
	try {
		if (push) history.pushState(null, '', h);
		else history.replaceState(null, '', h);
	} catch (e) { /* no history entry */ }
}

/* Records the state in the URL (a history entry unless replace) and redraws. */
export function commit(replace) {
	recordHash(!replace);
	return render();
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
	if (app.S.fn) selectLabel(app.S.fn);
}

/* The zoom path of node for S.zoom (below the root function when there is one). */
function zoomOf(node) {
	const p = nodePath(node);
	return app.S.root ? p.slice(1) : p;
}

/* Shows node's box at full width (the view root's box goes up one level); resolves when the new tree is drawn. */
export function zoomTo(node) {
	const S = app.S;
	if (!node || S.view === 'sandwich') return;
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
		S.top = !S.root;
	} else {
		S.zoom = zoomOf(node);
		if (S.root && node.parent && !node.parent.parent) S.zoom = [];
		S.top = false;
	}
	app.sel = null;
	return commit();
}

/* Zooms out one level; resolves, as zoomTo(), when the new tree is drawn. */
export function zoomOut() {
	const root = app.viewRoot;
	if (root && root.parent && !(app.S.root && !root.parent.parent)) return zoomTo(root.parent);
	const S = app.S;
	if (S.root) {
		S.root = '';
		S.zoom = [];
		return commit();
	}
}

/*
 * The pstats label of function id f: from the answers held, or from `a`
 * (f's /api/function answer, when the caller has it), else asked of the
 * API; '' if it cannot say.
 */
async function labelOf(f, a) {
	const fn = app.fns.get(f);
	let l = fn ? fn.label : a ? a.label : '';
	if (!l) {
		try {
			l = (await app.api.get('function', { id: f })).label;
		} catch (e) {
			return '';
		}
	}
	app.ids.set(l, f);
	return l;
}

/* The tree of all of f's calls merged, rooted at f: root=label (the API's focus=; pprof's focus= filter is setFilter's). */
export async function focusFn(f) {
	const S = app.S;
	if (!(f >= 0)) return;
	const l = await labelOf(f);
	if (!l) return;
	S.root = l;
	S.fn = l;
	S.zoom = [];
	S.top = false;
	if (S.view === 'graph' || S.view === 'table' || S.view === 'sandwich') S.view = 'icicle';
	app.sel = null;
	showFunction(f);
	commit();
}

/* Selects function f (the side panel, the table row, fn= in the URL, no new history entry). */
export async function selectFn(f) {
	if (!(f >= 0)) return;
	const a = await showFunction(f);
	showRow(f);
	const l = await labelOf(f, a);
	if (!l) return;
	if (app.S.fn !== l) {
		app.S.fn = l;
		if (app.S.view === 'sandwich' || (app.S.view === 'graph' && app.S.hops)) commit(true);
		else recordHash(false);
	}
}

/* Selects the function a URL names (after a reload or back/forward). */
export async function selectLabel(label) {
	await resolveLabels(app.S);
	const f = idOf(label);
	if (f >= 0) showFunction(f);
}

export function setView(v) {
	const S = app.S;
	if (S.view === v) return;
	const wasDir = dirOf(S);
	S.view = v;
	if (dirOf(S) !== wasDir) S.zoom = [];
	app.sel = null;
	commit();
}

/* One of pprof's filters (focus, ignore, hide, show) set to re ('' removes it). */
export function setFilter(k, re) {
	const S = app.S;
	if (S[k] === re) return;
	S[k] = re;
	S.zoom = [];
	/* the first screen's path is kept: where the filtered tree no longer
	   has it, the answer says how far it matched (no second request) */
	commit();
}

export function setGroup(g) {
	const S = app.S;
	if (S.group === g) return;
	S.group = g;
	S.zoom = [];
	commit();
}

Object.assign(act, { render, commit, onHash, zoomTo, zoomOut, focusFn, selectFn, setView, setFilter, setGroup });
