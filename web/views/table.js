/*
 * views/table.js - the function table under the chart: pstats' columns
 * (and the diff's), sorted and filtered by the API (/api/functions pages:
 * the page never holds the whole table), drawn a screenful of rows at a
 * time.  Sorted by tottime first, as snakeviz does.
 */
import { app, act } from '../state.js';
import { $, el, onTyped } from './dom.js';
import { fmtDelta, fmtPct } from '../core/format.js';

const ROW_H = 22;   /* row height, px */
const PAGE = 200;          /* rows per request */

/* the API's sort key of each column */
const SORT = {
	nc: 'ncalls', tt: 'tottime', ttpc: 'tpercall', ct: 'cumtime', ctpc: 'cpercall', label: 'stdname',
	dtt: 'dtottime', dct: 'dcumtime', dpct: 'dpct',
};
const COL = Object.fromEntries(Object.entries(SORT).map(([k, v]) => [v, k]));

/* Starts the table afresh (sort or filter changed): the first page, then what is scrolled to. */
export function loadRows() {
	const tb = app.table;
	tb.gen++;
	tb.pages = new Map();
	for (const th of document.querySelectorAll('#stats th')) {
		const on = th.dataset.col === COL[tb.sort];
		th.classList.toggle('sorted', on);
		th.setAttribute('aria-sort', on ? (tb.desc ? 'descending' : 'ascending') : 'none');
	}
	$('table-scroll').scrollTop = 0;
	return fetchPage(0).then(() => {
		renderRows();
		warm();
	});
}

let warmed = false;

/* Once: asks the server for the other time order a user clicks first
   (cumtime), so that it is sorted before the click, not after it. */
function warm() {
	if (warmed) return;
	warmed = true;
	const other = app.table.sort === 'cumtime' ? 'tottime' : 'cumtime';
	setTimeout(() => app.api.get('functions', { sort: other, limit: 1 }).catch(() => {}), 0);
}

/* Asks for the page of rows at offset `at` (once); resolves when it is there. */
function fetchPage(at) {
	const tb = app.table, gen = tb.gen;
	if (tb.pages.has(at)) return tb.pages.get(at).promise || Promise.resolve();
	const entry = { rows: null, promise: null };
	tb.pages.set(at, entry);
	entry.promise = app.api.get('functions', {
		sort: tb.sort, desc: tb.desc ? 1 : 0, offset: at, limit: PAGE, q: tb.q || undefined,
		/* diff mode: the functions only in BASE too */
		gone: app.D ? 1 : undefined,
	}).then((a) => {
		if (gen !== tb.gen) return;
		entry.rows = a.functions;
		entry.promise = null;
		tb.total = a.total;
		$('table-info').textContent = (a.total - (a.gone || 0)) + ' of ' + app.summary.functions + ' functions' +
			(a.gone ? ' and ' + a.gone + ' only in the base profile' : '') +
			(tb.q ? ' matching \u201c' + tb.q + '\u201d' : '');
	}, (e) => {
		if (gen !== tb.gen) return;
		tb.pages.delete(at);
		$('table-info').textContent = 'cannot load the table: ' + e.message;
	});
	return entry.promise;
}

function rowAt(i) {
	const at = i - (i % PAGE);
	const p = app.table.pages.get(at);
	return p && p.rows ? p.rows[i - at] : undefined;
}

export function renderRows() {
	const D = app.D, tb = app.table, n = tb.total;
	const sc = $('table-scroll');
	const tbody = $('stats').tBodies[0];
	const first = Math.max(0, Math.floor(sc.scrollTop / ROW_H) - 5);
	const last = Math.min(n, first + Math.ceil((sc.clientHeight || 400) / ROW_H) + 15);
	let missing = false;
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
		const r = rowAt(i);
		const tr = el('tr');
		if (!r) {
			missing = true;
			const td = el('td', 'muted', '\u2026');
			td.colSpan = D ? 9 : 6;
			tr.append(td);
			frag.append(tr);
			continue;
		}
		if (r.id >= 0) tr.dataset.id = r.id;
		else tr.classList.add('gone');
		if (r.id >= 0 && r.id === app.panelFn) tr.classList.add('sel');
		for (let c = 0; c < 5; c++) tr.append(el('td', 'n', cellText(r, c)));
		if (D) {
			const d = r.id >= 0 ? D.get(r.id) : { tt: -r.base.tt, ct: -r.base.ct, pct: -100, isNew: false, gone: true };
			const cls = (v) => 'n ' + (v > 0 ? 'up' : v < 0 ? 'down' : '');
			tr.append(el('td', cls(d ? d.tt : 0), d ? fmtDelta(d.tt) : ''),
				el('td', cls(d ? d.ct : 0), d ? fmtDelta(d.ct) : ''),
				el('td', cls(d ? d.ct : 0), !d ? '' : d.isNew ? 'new' : d.gone ? 'gone' : fmtPct(d.pct)));
		}
		const name = el('td', 'name', r.label);
		name.title = r.label;
		tr.append(name);
		frag.append(tr);
	}
	if (last < n) frag.append(spacer((n - last) * ROW_H));
	tbody.replaceChildren(frag);
	if (missing) {
		const want = [];
		for (let i = first - (first % PAGE); i < last; i += PAGE) want.push(fetchPage(i));
		Promise.all(want).then(renderRows);
	}
}

/* The table filtered by text q (the search box's, or the table's own box). */
export function filterTable(q) {
	const tb = app.table;
	if (tb.q === q) return;
	tb.q = q;
	$('filter').value = q;
	loadRows();
}

/* Time columns: pstats' own text (seconds, 3 decimals), or milliseconds or microseconds. */
const UNITS = { s: null, ms: 1e3, us: 1e6 };

function cellText(r, c) {
	const k = UNITS[app.table.unit || 's'];
	if (!k || c === 0 || r.text[c] === '') return r.text[c];
	const nc = Number(r.nc), cc = Number(r.cc);
	const v = c === 1 ? r.tt : c === 2 ? (nc ? r.tt / nc : NaN) : c === 3 ? r.ct : (cc ? r.ct / cc : NaN);
	if (!(v === v)) return '';
	const x = Number(v) * k;
	return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2);
}

/* Scrolls the table to function f's row (its rank in the table's order, asked of the API). */
export async function showRow(f) {
	const tb = app.table, gen = tb.gen;
	let a;
	try {
		a = await app.api.get('functions', { sort: tb.sort, desc: tb.desc ? 1 : 0, q: tb.q || undefined, limit: 1, rank: f });
	} catch (e) {
		return;
	}
	if (gen !== tb.gen || !(a.rank >= 0)) return;
	const sc = $('table-scroll');
	const y = a.rank * ROW_H;
	if (y < sc.scrollTop || y > sc.scrollTop + sc.clientHeight - ROW_H * 2) sc.scrollTop = Math.max(0, y - sc.clientHeight / 3);
	await fetchPage(a.rank - (a.rank % PAGE));
	renderRows();
}

/* Marks the row of function f (if drawn) as selected. */
export function markRow(f) {
	for (const tr of document.querySelectorAll('#stats tbody tr'))
		tr.classList.toggle('sel', Number(tr.dataset.id) === f);
}

export function bindTable() {
	const tb = app.table;
	if (app.D) {
		tb.sort = 'dcumtime';
		tb.desc = true;
	}
	$('table-unit').addEventListener('change', (e) => {
		tb.unit = e.target.value;
		for (const th of document.querySelectorAll('#stats th'))
			if (/^(tt|ttpc|ct|ctpc)$/.test(th.dataset.col)) th.dataset.unit = tb.unit === 's' ? '' : tb.unit === 'us' ? ' (\u00b5s)' : ' (ms)';
		renderRows();
	});
	onTyped($('filter'), (v) => {
		tb.q = v.trim();
		loadRows();
	});
	for (const th of document.querySelectorAll('#stats th')) {
		th.tabIndex = 0;
		const go = () => {
			const c = SORT[th.dataset.col];
			if (!c) return;
			if (c === tb.sort) tb.desc = !tb.desc;
			else {
				tb.sort = c;
				tb.desc = th.dataset.col !== 'label';
			}
			loadRows();
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
	$('stats').tBodies[0].addEventListener('dblclick', (e) => {
		const tr = e.target.closest('tr');
		if (tr && tr.dataset.id !== undefined) act.focusFn(Number(tr.dataset.id));
	});
	$('stats').tBodies[0].addEventListener('click', (e) => {
		const tr = e.target.closest('tr');
		if (tr && tr.dataset.id !== undefined) act.selectFn(Number(tr.dataset.id));
	});
}
