/*
 * main.js - the viewer's entry: loads the graph (the exported page's
 * <script id="pv-data">, else /api/graph and /api/summary, and /api/diff
 * in diff mode), binds the controls and draws the view the URL names.
 *
 * web/ is plain ES modules (no libraries): core/ is DOM-free (graph,
 * tree, layout, formats, hash state; tested by tests/web with node),
 * views/ draws and binds one part of the page each, state.js holds the
 * one mutable state object.  `serve --export` inlines the build's bundle
 * of these modules (cmake/bundle.cmake), so no module may contain the
 * two characters that close a script element.
 */
import { app } from './state.js';
import { $ } from './views/dom.js';
import { loadGraph, loadDiff, basename } from './core/graph.js';
import { createTree } from './core/tree.js';
import { render, readHash, onHash } from './actions.js';
import { resize } from './views/chart.js';
import { initTheme } from './views/theme.js';
import { bindBar, bindButtons } from './views/controls.js';
import { bindPointer } from './views/pointer.js';
import { bindSearch } from './views/search.js';
import { buildRows, bindTable } from './views/table.js';
import { showFunction } from './views/panel.js';
import { showDiff } from './views/diff.js';
import { onKey } from './views/keys.js';
import { installHooks } from './views/hooks.js';

async function fetchJson(url) {
	const r = await fetch(url, { headers: { Accept: 'application/json' } });
	if (!r.ok) throw new Error(url + ': the server answered ' + r.status);
	return r.json();
}

function useGraph(data) {
	app.G = loadGraph(data);
	app.T = createTree(app.G);
	app.searchHit = new Uint8Array(app.G.N);
}

function bind() {
	bindPointer();
	bindBar();
	bindSearch();
	bindTable();
	bindButtons();
	window.addEventListener('popstate', onHash);
	window.addEventListener('hashchange', onHash);
	document.addEventListener('keydown', onKey);
	new ResizeObserver(() => resize(true)).observe($('chart-wrap'));
}

async function start() {
	initTheme();
	const status = $('status');
	status.textContent = 'loading\u2026';
	try {
		const inline = $('pv-data');
		let data;
		if (inline) {
			data = JSON.parse(inline.textContent);
		} else {
			const r = await fetch('api/graph', { headers: { Accept: 'application/json' } });
			if (!r.ok) throw new Error('the server answered ' + r.status);
			data = await r.json();
		}
		useGraph(data);
		if (!inline) {
			const s = await fetchJson('api/summary');
			if (s.diff) {
				app.D = loadDiff(app.G, s.diff, await fetchJson('api/diff'));
				showDiff(s.diff);
			}
		}
	} catch (e) {
		status.textContent = 'cannot load the profile: ' + e.message;
		return;
	}
	const srcs = app.G.summary.files.map((f) => basename(f.path));
	document.title = (srcs.length ? srcs.join(' + ') : 'profile') + ' \u2014 pstat-view';
	bind();
	readHash();
	render();
	buildRows();
	if (app.G.roots.length) showFunction(app.G.roots[0].f);
}

installHooks();
start();
