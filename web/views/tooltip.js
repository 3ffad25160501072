/*
 * views/tooltip.js - a box's details, in two places: a compact tooltip
 * next to the mouse (the name, the box's time and share, exact or
 * estimated), and the full details (pstats' columns, file:line, the
 * certain part) at the top of the side panel (#details), which covers no
 * box.  The keyboard's moves fill the details only: a key hides the
 * tooltip, so none is left floating where the mouse no longer is.
 */
import { app } from '../state.js';
import { $, el } from './dom.js';
import { K_FN, boxNote, place } from '../core/ctree.js';
import { fmtTime, pct, fmtDelta, fmtPct } from '../core/format.js';
import { boxName, findBox } from './chart.js';
import { units } from '../core/units.js';

const tip = $('tip');
const details = $('details');
const HINT = 'Hover a box (or move with the arrow keys) for its details.';

/* what the last input was: the tooltip follows the mouse only */
let byMouse = false;
window.addEventListener('keydown', () => {
	byMouse = false;
	tip.hidden = true;
}, true);
window.addEventListener('mousemove', () => {
	byMouse = true;
}, true);

/* Hides the tooltip; the details go back to the keyboard's box, or the hint. */
export function hideTip() {
	tip.hidden = true;
	const b = app.sel ? findBox(app.sel) : null;
	if (b) showDetails(b);
	else {
		details.replaceChildren(el('span', 'muted', HINT));
		details.title = '';
	}
}

function timeOf(n) {
	return fmtTime(n.t) + ' = ' + pct(n.t, app.tree.root.t) + ' of ' + (app.S.root ? 'root' : 'total');
}

function certainty(n) {
	return n.exact ? 'exact (pstats\u2019 own number)'
		: 'estimated; ' + pct(n.certain > 0 ? n.certain : 0, n.t) + ' certain';
}

/* The details area: everything about box b ({ d, x0, x1, node }). */
function showDetails(b) {
	const { D, viewRoot, tree } = app;
	const n = b.node;
	const fn = n.kind === K_FN ? app.fns.get(n.f) : null;
	const name = n.glabel ? n.glabel : fn ? fn.label : boxName(n);
	const dl = el('dl');
	const row = (k, v) => dl.append(el('dt', '', k), el('dd', '', v));
	row('this box', timeOf(n));
	if (viewRoot !== tree.root) row('of view', pct(n.t, viewRoot.t));
	if (n.kind === K_FN) {
		if (n.self > 0) row('self here', fmtTime(n.self));
		row('time is', certainty(n));
	}
	const note = boxNote(n, app.S.view === 'callers' ? 'callers' : 'calls');
	if (n.kind !== K_FN && note) row('note', note);
	const parts = [el('div', 'det-title', name), dl];
	if (fn) {
		row('file:line', place(fn));
		const r = D && D.get(fn.id);
		if (r) row('\u0394 cumtime', r.isNew ? 'new function' : fmtDelta(r.ct) + ' (' + fmtPct(r.pct) + ')');
		/* pstats' columns: the function's, all its calls */
		const cols = el('dl', 'cols');
		cols.title = 'pstats\u2019 columns: all calls of the function';
		const names = units(app.summary).columns;
		for (let i = 0; i < 5; i++) cols.append(el('dt', '', names[i]), el('dd', '', fn.text[i]));
		parts.push(cols);
	}
	details.replaceChildren(...parts);
	details.title = name;
}

/* Shows box b at (x, y) px in the chart: its details beside the chart, and by the mouse a small tooltip. */
export function showTip(b, x, y) {
	showDetails(b);
	if (!byMouse) {
		tip.hidden = true;
		return;
	}
	const n = b.node;
	tip.replaceChildren(el('div', 'tip-title', boxName(n)));
	const share = fmtTime(n.t) + ' \u00b7 ' + pct(n.t, app.tree.root.t) +
		(app.viewRoot !== app.tree.root ? ' \u00b7 ' + pct(n.t, app.viewRoot.t) + ' of view' : '');
	tip.append(el('div', 'tip-time', share));
	if (n.kind === K_FN) tip.append(el('div', 'muted', n.exact ? 'exact' : 'estimated, ' + pct(n.certain > 0 ? n.certain : 0, n.t) + ' certain'));
	else {
		const note = boxNote(n, app.S.view === 'callers' ? 'callers' : 'calls');
		if (note) tip.append(el('div', 'muted', note));
	}
	tip.hidden = false;
	placeTip(x, y);
}

/* The mouse moved on the box whose tooltip is shown (b): the tooltip follows it; nothing is rebuilt. */
export function moveTip(b, x, y) {
	if (tip.hidden) showTip(b, x, y);
	else placeTip(x, y);
}

function placeTip(x, y) {
	const wrap = $('chart-wrap');
	const W = wrap.clientWidth, H = wrap.clientHeight;
	const tw = tip.offsetWidth, th = tip.offsetHeight;
	let left = x + 12, top = y + 16;
	if (left + tw > W - 4) left = Math.max(0, x - tw - 12);
	if (top + th > H - 4) top = Math.max(0, y - th - 12);
	tip.style.left = left + 'px';
	tip.style.top = top + 'px';
}
