/*
 * views/tooltip.js - the box's details next to the mouse (or the
 * keyboard's selection): what the box holds, how much of it is certain,
 * and the function's own pstats columns.
 */
import { app } from '../state.js';
import { $, el } from './dom.js';
import { K_FN, boxNote, place } from '../core/ctree.js';
import { fmtTime, pct, fmtDelta, fmtPct } from '../core/format.js';
import { boxName } from './chart.js';
import { units } from '../core/units.js';

const tip = $('tip');

export function hideTip() {
	tip.hidden = true;
}

/* Shows box b ({ d, x0, x1, node }) at (x, y) px in the chart. */
export function showTip(b, x, y) {
	const { D, viewRoot, tree } = app;
	const n = b.node;
	const fn = n.kind === K_FN ? app.fns.get(n.f) : null;
	tip.replaceChildren();
	tip.append(el('div', 'tip-title', n.glabel ? n.glabel : fn ? fn.label : boxName(n)));
	const dl = el('dl');
	const row = (k, v) => {
		dl.append(el('dt', '', k), el('dd', '', v));
	};
	const base = tree.root;
	row('this box', fmtTime(n.t) + ' = ' + pct(n.t, base.t) + ' of ' + (app.S.root ? 'root' : 'total'));
	if (viewRoot !== base) row('of view', pct(n.t, viewRoot.t));
	if (n.kind === K_FN) {
		if (n.self > 0) row('self here', fmtTime(n.self));
		row('time is', n.exact ? 'exact (pstats\u2019 own number)'
			: 'estimated; ' + pct(n.certain > 0 ? n.certain : 0, n.t) + ' certain');
	}
	const note = boxNote(n, app.S.view === 'callers' ? 'callers' : 'calls');
	if (n.kind !== K_FN && note) row('note', note);
	if (fn) {
		const names = units(app.summary).columns;
		for (let i = 0; i < 5; i++) row(names[i] + ' (all calls)', fn.text[i]);
		row('file:line', place(fn));
		const r = D && D.get(fn.id);
		if (r) row('\u0394 cumtime', r.isNew ? 'new function' : fmtDelta(r.ct) + ' (' + fmtPct(r.pct) + ')');
	}
	tip.append(dl);
	tip.hidden = false;
	const wrap = $('chart-wrap').getBoundingClientRect();
	const tw = tip.offsetWidth, th = tip.offsetHeight;
	let left = x + 14, top = y + 14;
	if (left + tw > wrap.width) left = Math.max(0, x - tw - 14);
	if (top + th > wrap.height) top = Math.max(0, y - th - 14);
	tip.style.left = left + 'px';
	tip.style.top = top + 'px';
}
