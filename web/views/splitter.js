/*
 * views/splitter.js - the bar between the chart and the table: drag it
 * (or focus it and press the arrow keys, Page Up/Down, Home/End) to share
 * the height; the table's height is kept in localStorage.  The chart
 * follows by its ResizeObserver (main.js).
 */
import { $ } from './dom.js';
import { renderRows } from './table.js';

const KEY = 'pv-table-h';
const MIN_TABLE = 64;   /* px: the table's bar and a row or two */
const MIN_CHART = 160;  /* px left to the chart's row */

let bound = false, raf = 0;

/* the table's default height: under a quarter of the window, 140..300 px */
function defaultHeight() {
	return Math.round(Math.max(140, Math.min(300, window.innerHeight * 0.22)));
}

/* the largest table height that leaves the chart its minimum */
function maxHeight() {
	const main = $('main'), table = $('table-wrap');
	return Math.max(MIN_TABLE, main.clientHeight + table.offsetHeight - MIN_CHART);
}

function apply(h, keep) {
	const split = $('split');
	h = Math.round(Math.max(MIN_TABLE, Math.min(maxHeight(), h)));
	document.body.style.setProperty('--table-h', h + 'px');
	split.setAttribute('aria-valuenow', String(h));
	split.setAttribute('aria-valuemin', String(MIN_TABLE));
	split.setAttribute('aria-valuemax', String(Math.round(maxHeight())));
	split.setAttribute('aria-valuetext', 'table ' + h + ' px high');
	/* a taller table shows more rows than it drew */
	if (!raf) raf = requestAnimationFrame(() => {
		raf = 0;
		renderRows();
	});
	if (keep) {
		try {
			localStorage.setItem(KEY, String(h));
		} catch (e) { /* file pages may have no storage */ }
	}
	return h;
}

function current() {
	return $('table-wrap').offsetHeight;
}

export function bindSplitter() {
	const split = $('split');
	if (bound || !split) return;
	bound = true;
	let h = NaN;
	try {
		h = Number(localStorage.getItem(KEY));
	} catch (e) { /* none */ }
	apply(h > 0 ? h : defaultHeight(), false);
	split.addEventListener('pointerdown', (ev) => {
		if (ev.button !== 0) return;
		ev.preventDefault();
		split.setPointerCapture(ev.pointerId);
		split.classList.add('dragging');
		const y0 = ev.clientY, h0 = current();
		const move = (e) => apply(h0 - (e.clientY - y0), false);
		const up = (e) => {
			split.removeEventListener('pointermove', move);
			split.removeEventListener('pointerup', up);
			split.removeEventListener('pointercancel', up);
			split.classList.remove('dragging');
			apply(h0 - (e.clientY - y0), true);
		};
		split.addEventListener('pointermove', move);
		split.addEventListener('pointerup', up);
		split.addEventListener('pointercancel', up);
	});
	split.addEventListener('keydown', (ev) => {
		const step = ev.shiftKey ? 100 : 20;
		const k = ev.key;
		let to;
		if (k === 'ArrowUp') to = current() + step;
		else if (k === 'ArrowDown') to = current() - step;
		else if (k === 'PageUp') to = current() + 200;
		else if (k === 'PageDown') to = current() - 200;
		else if (k === 'Home') to = maxHeight();
		else if (k === 'End') to = MIN_TABLE;
		else return;
		ev.preventDefault();
		ev.stopPropagation();
		apply(to, true);
	});
	split.addEventListener('dblclick', () => apply(defaultHeight(), true));
	/* a smaller window: the table gives the chart back its minimum */
	window.addEventListener('resize', () => {
		if (current() > maxHeight()) apply(current(), false);
	});
}
