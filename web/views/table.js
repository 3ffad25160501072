/*
 * views/table.js - the function table under the chart: pstats' columns
 * (and the diff's), sortable, filtered by a regex, drawn a screenful of
 * rows at a time.
 */
import { app, act } from '../state.js';
import { $, el } from './dom.js';
import { label } from '../core/graph.js';
import { compileRe, fmtDelta, fmtPct } from '../core/format.js';
import { tableRows } from '../core/table.js';

export const ROW_H = 22;  /* row height, px */

export function buildRows() {
	const G = app.G, tb = app.table;
	tb.rows = tableRows(G, app.D, tb.sortCol, tb.sortDesc, tb.re);
	$('table-info').textContent = tb.rows.length + ' of ' + G.NF + ' functions';
	for (const th of document.querySelectorAll('#stats th')) {
		const on = th.dataset.col === tb.sortCol;
		th.classList.toggle('sorted', on);
		th.setAttribute('aria-sort', on ? (tb.sortDesc ? 'descending' : 'ascending') : 'none');
	}
	$('table-scroll').scrollTop = 0;
	renderRows();
}

export function renderRows() {
	const G = app.G, D = app.D, rows = app.table.rows;
	const sc = $('table-scroll');
	const tbody = $('stats').tBodies[0];
	const first = Math.max(0, Math.floor(sc.scrollTop / ROW_H) - 5);
	const last = Math.min(rows.length, first + Math.ceil((sc.clientHeight || 400) / ROW_H) + 15);
	const frag = document.createDocumentFragment();
	const spacer = (h) => {
		const tr = el('tr', 'spacer');
		const td = el('td');
		td.colSpan = D ? 9 : 6;
		tr.style.height = h + 'px';
		tr.append(td);
		return tr;
	};
	if (first > 0) frag.append(spacer(first * ROW_H));
	for (let i = first; i < last; i++) {
		const f = rows[i], t = G.fText[f];
		const tr = el('tr');
		tr.dataset.id = f;
		if (f === app.panelFn) tr.classList.add('sel');
		for (let c = 0; c < 5; c++) tr.append(el('td', 'n', t[c]));
		if (D) {
			const cls = (v) => 'n ' + (v > 0 ? 'up' : v < 0 ? 'down' : '');
			tr.append(el('td', cls(D.tt[f]), fmtDelta(D.tt[f])),
				el('td', cls(D.ct[f]), fmtDelta(D.ct[f])),
				el('td', cls(D.ct[f]), D.isNew[f] ? 'new' : fmtPct(D.pct[f])));
		}
		tr.append(el('td', 'name', label(G, f)));
		frag.append(tr);
	}
	if (last < rows.length) frag.append(spacer((rows.length - last) * ROW_H));
	tbody.replaceChildren(frag);
}

export function bindTable() {
	const tb = app.table;
	let ft = 0;
	$('filter').addEventListener('input', (e) => {
		clearTimeout(ft);
		ft = setTimeout(() => {
			const v = e.target.value;
			tb.re = v ? compileRe(v) : null;
			buildRows();
		}, 120);
	});
	for (const th of document.querySelectorAll('#stats th')) {
		th.tabIndex = 0;
		const go = () => {
			const c = th.dataset.col;
			if (c === tb.sortCol) tb.sortDesc = !tb.sortDesc;
			else {
				tb.sortCol = c;
				tb.sortDesc = c !== 'label';
			}
			buildRows();
		};
		th.addEventListener('click', go);
		th.addEventListener('keydown', (e) => {
			if (e.key === 'Enter' || e.key === ' ') {
				e.preventDefault();
				go();
			}
		});
	}
	let raf = 0;
	$('table-scroll').addEventListener('scroll', () => {
		if (!raf) raf = requestAnimationFrame(() => {
			raf = 0;
			renderRows();
		});
	});
	$('stats').tBodies[0].addEventListener('click', (e) => {
		const tr = e.target.closest('tr');
		if (tr && tr.dataset.id !== undefined) act.focusFn(Number(tr.dataset.id));
	});
}
