/*
 * views/keys.js - the keyboard (the help panel lists the keys): the arrow
 * keys move a selection between the drawn boxes.
 */
import { app, act } from '../state.js';
import { $ } from './dom.js';
import { K_FN } from '../core/ctree.js';
import { boxCenter } from '../core/layout.js';
import { findBox, drawOverlay } from './chart.js';
import { showTip } from './tooltip.js';
import { showFunction } from './panel.js';
import { toggleTheme } from './theme.js';
import { toggleHelp, sandwichOf, graphAround } from './controls.js';
import { VIEWS } from '../core/hash.js';

export function onKey(e) {
	const S = app.S;
	const t = e.target;
	if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) {
		if (e.key === 'Escape') t.blur();
		return;
	}
	if (e.ctrlKey || e.metaKey || e.altKey) return;
	const k = e.key;
	const sel = app.sel;
	let done = true;
	if (k === '/') $('search').focus();
	else if (k >= '1' && k <= '7') act.setView(VIEWS[Number(k) - 1]);
	else if (k === 'c') act.setView(S.view === 'callers' ? 'icicle' : 'callers');
	else if (k === 's') sandwichOf(sel && sel.kind === K_FN ? sel.f : app.panelFn);
	else if (k === 'g') graphAround(sel && sel.kind === K_FN ? sel.f : app.panelFn);
	else if (k === 't') toggleTheme();
	else if (k === '?') toggleHelp();
	else if (k === 'Escape' || k === 'Backspace') {
		if (!$('help').hidden) $('help').hidden = true;
		else act.zoomOut();
	} else if (k === 'Enter') { if (sel) act.zoomTo(sel); }
	else if (k === 'f') { if (sel && sel.kind === K_FN) act.focusFn(sel.f); }
	else if (k.startsWith('Arrow')) moveSel(k);
	else done = false;
	if (done) e.preventDefault();
}

function moveSel(k) {
	const { levels, viewRoot } = app;
	let sel = app.sel;
	if (!sel || !findBox(sel)) {
		sel = viewRoot;
	} else {
		const b = findBox(sel);
		if (k === 'ArrowUp') {
			if (sel !== viewRoot && sel.parent) sel = sel.parent;
		} else if (k === 'ArrowDown') {
			const next = levels[b.d + 1];
			if (next) {
				const c = next.find((x) => x.node.parent === sel);
				if (c) sel = c.node;
			}
		} else {
			const row = levels[b.d];
			const i = row.findIndex((x) => x.node === sel);
			const j = k === 'ArrowLeft' ? i - 1 : i + 1;
			if (j >= 0 && j < row.length) sel = row[j].node;
		}
	}
	app.sel = sel;
	const b = findBox(sel);
	if (sel.kind === K_FN) act.selectFn(sel.f);
	drawOverlay();
	if (b) {
		const c = boxCenter(app.S.view, app.W, app.geo, b, b.d);
		showTip(b, c.x, c.y);
	}
}
