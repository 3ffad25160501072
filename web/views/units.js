/*
 * views/units.js - the page's words for what the profile counts: for a
 * sampled profile (core/units.js) the tables' headings say nsamples and
 * persample, and a note under the chart bar says that times are sample
 * counts times the sampling interval.  Run once the graph is loaded.
 */
import { app } from '../state.js';
import { $ } from './dom.js';
import { units } from '../core/units.js';

export function showUnits() {
	const u = units(app.summary);
	for (const id of ['callers', 'callees']) {
		const th = $(id).tHead.rows[0].cells[0];
		th.textContent = u.count;
	}
	const head = $('stats').tHead.rows[0].cells;
	for (const th of head) {
		if (th.dataset.col === 'nc') {
			th.textContent = u.count;
			th.title = u.countTitle;
		} else if (th.dataset.col === 'ttpc') {
			th.textContent = u.per;
			th.title = u.perTitle[0];
		} else if (th.dataset.col === 'ctpc') {
			th.textContent = u.per;
			th.title = u.perTitle[1];
		}
	}
	const note = $('units-note');
	note.textContent = u.note;
	note.hidden = !u.sampled;
}
