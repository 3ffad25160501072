/*
 * views/search.js - the search box: matching boxes are outlined, the rest
 * dimmed (views/chart.js), and the line under the bar says how many
 * functions of the profile match (the API counts them) and how much of
 * the view their drawn boxes cover.
 */
import { app, act } from '../state.js';
import { $, onTyped } from './dom.js';
import { fmtTime, pct } from '../core/format.js';
import { matcher, matchFunctions, coverage } from '../core/search.js';
import { filterTable } from './table.js';

let counted = '';
/* the query and the number of functions app.searchHit was made from (app.fns only grows) */
let hitKey = '';

/* Marks the drawn functions app.S.q matches; asks how many match in all. */
export function runSearch() {
	const q = app.S.q;
	const m = matcher(q);
	if (!m) {
		app.searchHit = new Set();
		hitKey = '';
		app.matchAll = null;
		if (counted) filterTable('');
		counted = '';
		$('search-info').textContent = '';
		return;
	}
	/* every function the page holds is matched once per query and per new answer, not per redraw */
	const key = app.fns.size + ':' + q;
	if (key !== hitKey) {
		hitKey = key;
		app.searchHit = matchFunctions(app.fns, m);
	}
	if (counted !== q) {
		counted = q;
		/* the search filters the table too */
		filterTable(q);
		app.matchAll = -1;
		app.api.get('functions', { q, limit: 1, sort: 'cumtime' }).then((a) => {
			if (counted !== q) return;
			app.matchAll = a.total;
			app.matchTop = a.functions[0] || null;
			searchCover();
		}, () => { /* the count stays unknown */ });
	}
}

/* Says how much the matches weigh: in the profile (pstats' cumtime) and in the view. */
export function searchCover() {
	if (app.matchAll === null || !app.viewRoot) return;
	const { boxes, t } = coverage(app.levels, app.viewRoot, app.searchHit);
	let s = app.matchAll < 0 ? 'counting matches\u2026'
		: app.matchAll + (app.matchAll === 1 ? ' function matches' : ' functions match');
	const top = app.matchTop;
	if (top && app.matchAll >= 1)
		s += ' (the largest, ' + top.label.replace(/^.*\//, '') + ', cumtime ' + top.text[3] + ' s)';
	s += '; drawn: ' + boxes + (boxes === 1 ? ' box, ' : ' boxes, ') + fmtTime(t) + ' = ' + pct(t, app.viewRoot.t) + ' of the view';
	$('search-info').textContent = s;
}

export function bindSearch() {
	onTyped($('search'), (v) => {
		app.S.q = v;
		act.commit(true);
	});
}
