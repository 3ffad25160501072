/*
 * views/search.js - the search box: matching boxes are outlined, the rest
 * dimmed (views/chart.js), and the line under the bar says how much of
 * the view they cover.
 */
import { app, act } from '../state.js';
import { $ } from './dom.js';
import { compileRe, fmtTime, pct } from '../core/format.js';
import { matchFunctions, coverage } from '../core/search.js';

/* Marks the functions app.S.q matches. */
export function runSearch() {
	const q = app.S.q;
	app.searchHit.fill(0);
	app.matchAll = null;
	if (!q) {
		$('search-info').textContent = '';
		return;
	}
	app.matchAll = matchFunctions(app.G, compileRe(q), app.searchHit);
}

/* Says how much of the view the matches cover. */
export function searchCover() {
	if (app.matchAll === null) return;
	const { boxes, t } = coverage(app.levels, app.viewRoot, app.searchHit);
	$('search-info').textContent = app.matchAll + ' functions, ' + boxes + ' boxes, ' +
		fmtTime(t) + ' = ' + pct(t, app.viewRoot.t) + ' of view';
}

export function bindSearch() {
	let st = 0;
	$('search').addEventListener('input', (e) => {
		clearTimeout(st);
		st = setTimeout(() => {
			app.S.q = e.target.value;
			act.commit(true);
		}, 120);
	});
}
