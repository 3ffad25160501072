/*
 * views/diff.js - diff mode (serve --diff): the delta columns of the
 * table and the legend above the chart.  The colours: core/color.js.
 */
import { app } from '../state.js';
import { $, el } from './dom.js';
import { num, basename } from '../core/ctree.js';
import { fmtTime, fmtPct } from '../core/format.js';

/* Adds the delta columns and the legend for summary diff s; sorts by Δ cumtime. */
export function showDiff(s) {
	const D = app.D;
	/* delta columns, before the name column */
	const nameTh = document.querySelector('#stats th[data-col="label"]');
	for (const [col, text, title] of [['dtt', '\u0394 tottime', 'tottime change from the base profile'],
		['dct', '\u0394 cumtime', 'cumtime change from the base profile'],
		['dpct', '\u0394%', 'cumtime change in percent of the base']]) {
		const th = el('th', 'delta', text);
		th.dataset.col = col;
		th.title = title;
		nameTh.before(th);
	}
	/* the legend: swatches and words, all text nodes */
	const lg = $('diff-legend');
	const sw = (cls, text) => {
		const sp = el('span', 'sw ' + cls);
		sp.setAttribute('aria-hidden', 'true');
		lg.append(sp, el('span', '', text));
	};
	lg.append(el('strong', '', 'Diff'), el('span', '', ' vs ' + basename(s.base) + ': '));
	sw('sw-up', 'slower');
	sw('sw-down', 'faster');
	sw('sw-same', 'unchanged');
	sw('sw-new', 'new');
	lg.append(el('span', 'muted', ' (cumtime; total ' + fmtTime(num(s.total_tt_base)) + ' \u2192 ' +
		fmtTime(num(s.total_tt_new)) + ', ' + fmtPct(num(s.total_tt_pct)) + '; ' +
		D.baseOnly + ' functions gone)'));
	lg.hidden = false;
}
