/*
 * views/tooltip.js - the box's details next to the mouse (or the
 * keyboard's selection).
 */
import { app } from '../state.js';
import { $, el } from './dom.js';
import { K_FN, K_ROOT, K_OTHER } from '../core/tree.js';
import { label, place } from '../core/graph.js';
import { fmtTime, pct, fmtDelta, fmtPct } from '../core/format.js';
import { boxName } from './chart.js';

const tip = $('tip');

export function hideTip() {
	tip.hidden = true;
}

/* Shows box b ({ d, x0, x1, node }) at (x, y) px in the chart. */
export function showTip(b, x, y) {
	const { G, D, viewRoot } = app;
	const n = b.node;
	tip.replaceChildren();
	tip.append(el('div', 'tip-title', n.kind === K_FN ? label(G, n.f) : boxName(n)));
	const dl = el('dl');
	const row = (k, v) => {
		dl.append(el('dt', '', k), el('dd', '', v));
	};
	const base = app.T.baseRoot(app.S);
	row('this box', fmtTime(n.t));
	row('of ' + (base.kind === K_ROOT ? 'total' : 'focus'), pct(n.t, base.t));
	if (viewRoot !== base) row('of view', pct(n.t, viewRoot.t));
	if (n.parent) row('of parent', pct(n.t, n.parent.t));
	row('time is', n.exact ? 'exact' : 'estimated');
	if (n.kind === K_FN) {
		const f = n.f, t = G.fText[f];
		row('ncalls', t[0]);
		row('tottime', t[1]);
		row('percall', t[2]);
		row('cumtime', t[3]);
		row('percall', t[4]);
		row('file:line', place(G, f));
		if (D) row('\u0394 cumtime', D.isNew[f] ? 'new function' : fmtDelta(D.ct[f]) + ' (' + fmtPct(D.pct[f]) + ')');
	} else if (n.kind === K_OTHER) {
		row('note', 'zoom in to split it');
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
