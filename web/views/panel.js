/*
 * views/panel.js - the side panel: the selected function's pstats columns
 * and its callers and callees (/api/function), each a link that selects
 * that function.
 */
import { app } from '../state.js';
import { $, el } from './dom.js';
import { K_FN, num, basename } from '../core/ctree.js';
import { fmtTime } from '../core/format.js';
import { drawOverlay } from './chart.js';
import { units } from '../core/units.js';
import { markRow } from './table.js';
import { syncFnButtons } from './controls.js';

let asked = 0;

/* pstats' label: file:line(name) */
const PSTATS_LABEL = /^(.*):(\d+)\((.*)\)$/;

/* Shows function f in the panel; resolves to its /api/function answer (none if a later call or an error). */
export async function showFunction(f) {
	app.panelFn = f;
	syncFnButtons();
	markRow(f);
	if (f < 0) return;
	const seq = ++asked;
	let a;
	try {
		a = await app.api.get('function', { id: f });
	} catch (e) {
		if (seq === asked) $('fn-title').textContent = 'cannot load the function: ' + e.message;
		return;
	}
	if (seq !== asked) return;
	$('fn-title').textContent = a.label;
	$('fn-file').textContent = a.file + (a.line ? ':' + a.line : '');
	const dl = $('fn-stats');
	dl.replaceChildren();
	const names = units(app.summary).columns;
	const t = a.text || ['', '', '', '', ''];
	for (let i = 0; i < 5; i++) dl.append(el('dt', '', names[i]), el('dd', '', t[i]));
	fillEdges($('callers').tBodies[0], a.callers || []);
	fillEdges($('callees').tBodies[0], a.callees || []);
	return a;
}

/* a span of text that may wrap after its _ . / and spaces only (names stay readable) */
function breakable(cls, text) {
	const span = el('span', cls);
	const parts = text.split(/(?<=[_./ ])(?=.)/);
	parts.forEach((p, i) => {
		if (i) span.append(document.createElement('wbr'));
		span.append(p);
	});
	return span;
}

function calls(e) {
	return String(e.nc) + (num(e.nc) !== num(e.cc) ? '/' + String(e.cc) : '');
}

function fillEdges(tbody, list) {
	list = list.slice().sort((x, y) => (num(y.ct) || 0) - (num(x.ct) || 0) || num(y.nc) - num(x.nc));
	tbody.replaceChildren();
	for (const e of list.slice(0, 200)) {
		const tr = el('tr');
		tr.append(el('td', 'n', calls(e)), el('td', 'n', e.counts_only ? '' : fmtTime(num(e.tt))),
			el('td', 'n', e.counts_only ? '' : fmtTime(num(e.ct))));
		const td = el('td', 'name');
		/* the function's name first, whole; its place after, cut where it must be; all of it on hover */
		const a2 = el('a');
		const m = PSTATS_LABEL.exec(e.label);
		if (m) a2.append(breakable('nm', m[3]), ' ', el('span', 'loc', basename(m[1]) + ':' + m[2]));
		else a2.append(breakable('nm', e.label));
		a2.href = '#';
		a2.title = e.label;
		a2.addEventListener('click', (ev) => {
			ev.preventDefault();
			showFunction(e.id);
			highlightFunction(e.id);
		});
		td.append(a2);
		tr.append(td);
		tbody.append(tr);
	}
	if (list.length === 0) {
		const tr = el('tr');
		const td = el('td', 'muted', 'none');
		td.colSpan = 4;
		tr.append(td);
		tbody.append(tr);
	}
}

/* Hovers the first drawn box of f, as the mouse would. */
function highlightFunction(f) {
	app.hover = null;
	const levels = app.levels;
	for (let d = 0; d < levels.length && !app.hover; d++)
		for (const b of levels[d])
			if (b.node.kind === K_FN && b.node.f === f) {
				app.hover = { d, x0: b.x0, x1: b.x1, node: b.node };
				break;
			}
	drawOverlay();
}
