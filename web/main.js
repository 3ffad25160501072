/*
 * main.js - the viewer's entry: finds where answers come from (the
 * server's /api/, or in a page written by `serve --export` the library
 * compiled to WebAssembly with the profile's bytes, core/wasm.js), loads
 * the summary (and the diff in diff mode), binds the controls and draws
 * the view the URL names.  The page holds what it draws: each tree comes
 * from /api/tree, each table page from /api/functions.
 *
 * web/ is plain ES modules (no libraries): core/ is DOM-free (tested by
 * tests/web with node), views/ draws and binds one part of the page each,
 * state.js holds the one mutable state object.  `serve --export` inlines
 * the build's bundle of these modules (cmake/bundle.cmake), so no module
 * may contain the two characters that close a script element.
 */
import { app } from './state.js';
import { $ } from './views/dom.js';
import { basename } from './core/ctree.js';
import { httpApi, localApi } from './core/api.js';
import { openWasm, fromBase64 } from './core/wasm.js';
import { readDiff } from './core/diff.js';
import { render, readHash, onHash, selectLabel } from './actions.js';
import { resize } from './views/chart.js';
import { initTheme } from './views/theme.js';
import { bindBar, bindButtons } from './views/controls.js';
import { bindPointer } from './views/pointer.js';
import { bindSearch } from './views/search.js';
import { loadRows, bindTable } from './views/table.js';
import { showDiff } from './views/diff.js';
import { onKey } from './views/keys.js';
import { installHooks } from './views/hooks.js';
import { showUnits } from './views/units.js';
import { bindGraph } from './views/graph.js';
import { bindFilters } from './views/filters.js';

function bind() {
	bindPointer();
	bindBar();
	bindSearch();
	bindTable();
	bindButtons();
	bindGraph();
	bindFilters();
	window.addEventListener('popstate', onHash);
	window.addEventListener('hashchange', onHash);
	document.addEventListener('keydown', onKey);
	new ResizeObserver(() => {
		if (resize(false) && app.tree) render();
	}).observe($('chart-wrap'));
}

/* The page's answers: the wasm router over the embedded profile, or the server. */
async function makeApi() {
	const w = $('pv-wasm'), p = $('pv-profile'), m = $('pv-meta');
	if (w && p)
		return localApi(await openWasm(fromBase64(w.textContent), fromBase64(p.textContent), m && fromBase64(m.textContent)));
	return httpApi(fetch.bind(window), '');
}

async function start() {
	initTheme();
	const status = $('status');
	status.textContent = 'loading\u2026';
	try {
		app.api = await makeApi();
		app.summary = await app.api.get('summary');
		if (app.summary.diff) {
			app.D = readDiff(await app.api.get('diff'));
			showDiff(app.summary.diff);
		}
	} catch (e) {
		status.textContent = 'cannot load the profile: ' + e.message;
		return;
	}
	const srcs = (app.summary.files || []).map((f) => basename(f.path));
	document.title = (srcs.length ? srcs.join(' + ') : 'profile') + ' \u2014 pstat-view';
	showUnits();
	bind();
	readHash();
	resize(false);
	render();
	loadRows();
	if (app.S.fn) selectLabel(app.S.fn);
}

installHooks();
start();
