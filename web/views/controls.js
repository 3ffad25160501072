/*
 * views/controls.js - the bar above the chart (chart, direction, depth,
 * cutoff, search, SVG/PNG, theme, help) and the focus buttons: kept
 * in step with the state, and bound to the actions.
 */
import { app, act } from '../state.js';
import { $ } from './dom.js';
import { pct } from '../core/format.js';
import { exportSvg, exportPng } from './export.js';
import { toggleTheme } from './theme.js';

export function syncControls() {
	const S = app.S;
	$('btn-sunburst').setAttribute('aria-pressed', S.view === 'sunburst');
	$('btn-icicle').setAttribute('aria-pressed', S.view === 'icicle');
	$('btn-calls').setAttribute('aria-pressed', S.dir === 'calls');
	$('btn-callers').setAttribute('aria-pressed', S.dir === 'callers');
	const dsel = $('depth');
	if (![...dsel.options].some((o) => Number(o.value) === S.depth))
		dsel.append(new Option(String(S.depth), String(S.depth)));
	dsel.value = String(S.depth);
	const csel = $('cutoff');
	if (![...csel.options].some((o) => Number(o.value) === S.cutoff))
		csel.append(new Option(pct(S.cutoff, 1), String(S.cutoff)));
	csel.value = [...csel.options].find((o) => Number(o.value) === S.cutoff).value;
	if (document.activeElement !== $('search')) $('search').value = S.q;
	$('btn-unfocus').disabled = S.focus < 0;
}

export function toggleHelp() {
	$('help').hidden = !$('help').hidden;
}

/* The chart and direction buttons and the selects. */
export function bindBar() {
	const S = app.S;
	$('btn-sunburst').addEventListener('click', () => { S.view = 'sunburst'; act.commit(); });
	$('btn-icicle').addEventListener('click', () => { S.view = 'icicle'; act.commit(); });
	$('btn-calls').addEventListener('click', () => { act.setDir('calls'); });
	$('btn-callers').addEventListener('click', () => { act.setDir('callers'); });
	$('depth').addEventListener('change', (e) => { S.depth = Number(e.target.value); act.commit(); });
	$('cutoff').addEventListener('change', (e) => { S.cutoff = Number(e.target.value); act.commit(); });
}

/* The focus buttons, the files, the theme and the help. */
export function bindButtons() {
	const S = app.S;
	$('btn-focus').addEventListener('click', () => act.focusFn(app.panelFn));
	$('btn-unfocus').addEventListener('click', () => {
		S.focus = -1;
		S.zoom = [];
		act.commit();
	});
	$('btn-svg').addEventListener('click', exportSvg);
	$('btn-png').addEventListener('click', exportPng);
	$('btn-theme').addEventListener('click', toggleTheme);
	$('btn-help').addEventListener('click', toggleHelp);
	$('help-close').addEventListener('click', () => { $('help').hidden = true; });
}
