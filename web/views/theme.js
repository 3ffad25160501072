/*
 * views/theme.js - the light and dark themes: the choice (kept in
 * localStorage) and the chart colours read from the CSS.
 */
import { app } from '../state.js';
import { draw } from './chart.js';

function readTheme() {
	const cs = getComputedStyle(document.documentElement);
	const v = (n) => cs.getPropertyValue(n).trim();
	app.theme = {
		bg: v('--chart-bg'), fg: v('--fg'), line: v('--chart-line'), other: v('--other'),
		rest: v('--rest'), root: v('--root'), hi: v('--hover'), sel: v('--select'),
		match: v('--match'), dark: document.documentElement.dataset.theme === 'dark',
	};
	app.hatch = null;
}

export function toggleTheme() {
	const root = document.documentElement;
	const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
	root.dataset.theme = next;
	try {
		localStorage.setItem('pv-theme', next);
	} catch (e) { /* file pages may have no storage */ }
	readTheme();
	draw();
}

export function initTheme() {
	let t = null;
	try {
		t = localStorage.getItem('pv-theme');
	} catch (e) { /* none */ }
	if (t !== 'light' && t !== 'dark')
		t = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
	document.documentElement.dataset.theme = t;
	readTheme();
}
