/*
 * views/controls.js - the bar above the chart (the views, depth, cutoff,
 * the graph's thresholds and neighbourhood, the granularity, search,
 * SVG/PNG, theme, help) and the selected function's buttons: kept in step
 * with the state, and bound to the actions.
 */
import { app, act } from '../state.js';
import { $ } from './dom.js';
import { pct } from '../core/format.js';
import { VIEWS } from '../core/hash.js';
import { exportSvg, exportPng } from './export.js';
import { toggleTheme } from './theme.js';

/* Puts value v in select s, adding an option for it when it has none. */
function selectValue(s, v, text) {
	if (![...s.options].some((o) => Number(o.value) === v)) s.append(new Option(text(v), String(v)));
	s.value = [...s.options].find((o) => Number(o.value) === v).value;
}

export function syncControls() {
	const S = app.S;
	for (const v of VIEWS) $('btn-' + v).setAttribute('aria-pressed', String(S.view === v));
	selectValue($('depth'), S.depth, String);
	selectValue($('cutoff'), S.cutoff, (v) => pct(v, 1));
	selectValue($('graph-node'), S.node, (v) => v + '%');
	selectValue($('graph-edge'), S.edge, (v) => v + '%');
	selectValue($('hops'), S.hops, (v) => v + ' hops');
	$('graph-theme').value = S.theme;
	$('graph-self').checked = S.selfcolor;
	$('graph-from').checked = S.from;
	$('graph-to').checked = S.to;
	$('graph-depth').value = String(S.gdepth);
	if (document.activeElement !== $('search')) $('search').value = S.q;
	syncFnButtons();
	$('graph').hidden = S.view !== 'graph';
}

/* The panel's function buttons: each needs the panel's function, "Whole tree" a root= tree. */
export function syncFnButtons() {
	const none = !(app.panelFn >= 0);
	$('btn-focus').disabled = none;
	$('btn-unfocus').disabled = !app.S.root;
	$('btn-fn-sandwich').disabled = none;
	$('btn-fn-graph').disabled = none;
}

export function toggleHelp() {
	$('help').hidden = !$('help').hidden;
}

/* The view buttons and the selects. */
export function bindBar() {
	const S = app.S;
	for (const v of VIEWS) $('btn-' + v).addEventListener('click', () => act.setView(v));
	$('depth').addEventListener('change', (e) => { S.depth = Number(e.target.value); act.commit(); });
	$('cutoff').addEventListener('change', (e) => { S.cutoff = Number(e.target.value); act.commit(); });
}

/* The selected function's sandwich, or the graph around it. */
export function sandwichOf(f) {
	if (!(f >= 0)) return;
	act.selectFn(f).then(() => act.setView('sandwich'));
}

export function graphAround(f) {
	if (!(f >= 0)) return;
	act.selectFn(f).then(() => {
		if (!app.S.hops) app.S.hops = 1;
		if (app.S.view === 'graph') act.commit();
		else act.setView('graph');
	});
}

/* The function's buttons, the theme and the help. */
export function bindButtons() {
	const S = app.S;
	$('btn-focus').addEventListener('click', () => act.focusFn(app.panelFn));
	$('btn-unfocus').addEventListener('click', () => {
		S.root = '';
		S.zoom = [];
		act.commit();
	});
	$('btn-fn-sandwich').addEventListener('click', () => sandwichOf(app.panelFn));
	$('btn-fn-graph').addEventListener('click', () => graphAround(app.panelFn));
	$('btn-svg').addEventListener('click', exportSvg);
	$('btn-png').addEventListener('click', exportPng);
	$('btn-theme').addEventListener('click', toggleTheme);
	$('btn-help').addEventListener('click', toggleHelp);
	$('help-close').addEventListener('click', () => { $('help').hidden = true; });
}
