/*
 * views/panel.js - the side panel: the selected function's pstats columns
 * and its callers and callees, each a link that selects that function.
 */
import { app } from '../state.js';
import { $, el } from './dom.js';
import { K_FN } from '../core/tree.js';
import { label, place, edgeCt } from '../core/graph.js';
import { fmtTime } from '../core/format.js';
import { drawOverlay } from './chart.js';

export function showFunction(f) {
	const G = app.G;
	app.panelFn = f;
	const focusBtn = $('btn-focus');
	focusBtn.disabled = f < 0;
	$('btn-unfocus').disabled = app.S.focus < 0;
	if (f < 0) return;
	$('fn-title').textContent = label(G, f);
	$('fn-file').textContent = place(G, f);
	const dl = $('fn-stats');
	dl.replaceChildren();
	const names = ['ncalls', 'tottime', 'percall', 'cumtime', 'percall'];
	const t = G.fText[f] || ['', '', '', '', ''];
	for (let i = 0; i < 5; i++) dl.append(el('dt', '', names[i]), el('dd', '', t[i]));
	fillEdges($('callers').tBodies[0], G.inStart[f], G.inStart[f + 1], G.inEdge, G.eCaller);
	fillEdges($('callees').tBodies[0], G.outStart[f], G.outStart[f + 1], G.outEdge, G.eCallee);
	for (const tr of document.querySelectorAll('#stats tbody tr'))
		tr.classList.toggle('sel', Number(tr.dataset.id) === f);
}

function fillEdges(tbody, a, b, idx, other) {
	const G = app.G;
	const list = [];
	for (let i = a; i < b; i++) list.push(idx[i]);
	list.sort((x, y) => edgeCt(G, y) - edgeCt(G, x) || G.eNc[y] - G.eNc[x]);
	tbody.replaceChildren();
	for (const e of list.slice(0, 200)) {
		const g = other[e];
		const tr = el('tr');
		const calls = String(G.eNcText[e]) + (G.eNc[e] !== G.eCc[e] ? '/' + String(G.eCcText[e]) : '');
		tr.append(el('td', 'n', calls), el('td', 'n', fmtTime(G.eTt[e])),
			el('td', 'n', fmtTime(edgeCt(G, e))));
		const td = el('td', 'name');
		const a2 = el('a', '', label(G, g));
		a2.href = '#';
		a2.addEventListener('click', (ev) => {
			ev.preventDefault();
			showFunction(g);
			highlightFunction(g);
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
export function highlightFunction(f) {
	app.hover = null;
	const levels = app.levels;
	for (let d = 0; d < levels.length; d++)
		for (const b of levels[d])
			if (b.node.kind === K_FN && b.node.f === f) {
				app.hover = { d, x0: b.x0, x1: b.x1, node: b.node };
				break;
			}
	drawOverlay();
}
