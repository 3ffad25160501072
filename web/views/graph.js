/*
 * views/graph.js - the graph view: gprof2dot's call graph, laid out by the
 * server through Graphviz (GET /api/dot: the nodes, edges, labels and
 * colours of `pstat-view dot -T svg` with the same thresholds), with pan
 * (drag), zoom (wheel, +/-, 0 to fit), a node's numbers on hover, a click
 * selecting its function, and the neighbourhood of the selected function
 * (hops=N: pprof's peek as a picture).  Above the server's limits the
 * answer says which threshold to raise, and the view offers it.
 *
 * The SVG is parsed as XML and only its drawing elements are kept (no
 * script, no event attributes, no links out), then adopted into the page.
 */
import { app, act } from '../state.js';
import { $, el } from './dom.js';
import { query } from '../core/api.js';
import { graphParams } from '../core/params.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DRAWING = new Set(['svg', 'g', 'title', 'polygon', 'path', 'ellipse', 'polyline', 'text', 'a', 'defs', 'rect',
	'circle', 'line', 'tspan']);

let shown = '', view = null, svgEl = null, drag = null;

/* Keeps the drawing elements and attributes of node n (from a parsed SVG), recursively. */
function clean(n) {
	for (const c of [...n.children]) {
		if (!DRAWING.has(c.localName) || c.namespaceURI !== SVG_NS) {
			c.remove();
			continue;
		}
		for (const at of [...c.attributes]) {
			const name = at.name.toLowerCase();
			if (name.startsWith('on') || ((name === 'href' || name === 'xlink:href') && !at.value.startsWith('#')))
				c.removeAttribute(at.name);
		}
		clean(c);
	}
}

function setView() {
	if (svgEl && view) svgEl.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
}

function fit() {
	if (!svgEl) return;
	const vb = svgEl.viewBox.baseVal;
	view = { x: vb.x, y: vb.y, w: vb.width, h: vb.height, x0: vb.x, y0: vb.y, w0: vb.width, h0: vb.height };
	setView();
}

/* Zooms by factor k about the point (px, py) in CSS pixels of the box. */
function zoomAt(k, px, py) {
	if (!view) return;
	const box = $('graph').getBoundingClientRect();
	const sx = view.w / box.width, sy = view.h / box.height, s = Math.max(sx, sy);
	const gx = view.x + (px - (box.width - view.w / s) / 2) * s, gy = view.y + (py - (box.height - view.h / s) / 2) * s;
	const w = Math.min(view.w0 * 4, Math.max(view.w0 / 40, view.w * k));
	const r = w / view.w;
	view.x = gx - (gx - view.x) * r;
	view.y = gy - (gy - view.y) * r;
	view.w = w;
	view.h *= r;
	setView();
}

function note(text, cls) {
	const n = $('graph-note');
	n.replaceChildren();
	n.classList.toggle('advice', cls === 'advice' || cls === 'error');
	if (text) n.append(el('span', cls || 'muted', text));
	return n;
}

/* Draws the graph of the state (asked of the server when the query changed). */
export async function showGraph() {
	const S = app.S;
	const params = graphParams(S, app.ids);
	const q = query(params);
	if (q === shown && svgEl) return;
	shown = q;
	const box = $('graph');
	$('status').textContent = 'laying out the graph\u2026';
	let text, status;
	try {
		const r = await app.api.raw('dot', params);
		text = r.text;
		status = r.status;
	} catch (e) {
		text = '';
		status = 0;
		note('cannot load the graph: ' + e.message, 'error');
	}
	if (q !== shown) return;
	box.replaceChildren();
	svgEl = null;
	$('status').textContent = '';
	if (status !== 200) {
		let msg = 'the graph is not available';
		try {
			msg = JSON.parse(text).error || msg;
		} catch (e) { /* not JSON */ }
		note(msg, 'error');
		return;
	}
	if (text.startsWith('{')) {
		/* too big to lay out: say which threshold to raise, and offer it */
		const a = JSON.parse(text);
		const n = note(a.message + ' ', 'advice');
		const to = a.raise || {};
		const b = el('button', '', 'Raise the thresholds');
		b.addEventListener('click', () => {
			if (to.node) S.node = to.node.to;
			if (to.edge) S.edge = to.edge.to;
			act.commit();
		});
		n.append(b);
		box.dataset.nodes = '0';
		box.dataset.query = q;
		return;
	}
	const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
	const svg = doc.documentElement;
	if (svg.localName !== 'svg' || doc.querySelector('parsererror')) {
		note('the server\u2019s graph could not be read', 'error');
		return;
	}
	clean(svg);
	svg.removeAttribute('width');
	svg.removeAttribute('height');
	svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
	svgEl = document.importNode(svg, true);
	box.append(svgEl);
	const nodes = svgEl.querySelectorAll('g.node');
	box.dataset.nodes = String(nodes.length);
	box.dataset.query = q;
	note('gprof2dot\u2019s graph: each function once, every number pstats\u2019 own (no estimated split, unlike the trees). ' +
		nodes.length + ' functions; drag to pan, wheel to zoom, click a function to select it' +
		(S.hops ? '; ' + S.hops + (S.hops === 1 ? ' hop' : ' hops') + ' around the selected function' : '') + '.');
	fit();
	mark();
}

/* Outlines the selected function's node. */
export function mark() {
	if (!svgEl) return;
	const f = app.panelFn;
	for (const g of svgEl.querySelectorAll('g.node')) g.classList.toggle('sel', g.id === 'f' + f);
}

export function bindGraph() {
	const box = $('graph');
	box.addEventListener('wheel', (e) => {
		e.preventDefault();
		const r = box.getBoundingClientRect();
		zoomAt(e.deltaY > 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
	}, { passive: false });
	box.addEventListener('mousedown', (e) => {
		if (!view) return;
		drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
	});
	window.addEventListener('mousemove', (e) => {
		if (!drag) return;
		const r = box.getBoundingClientRect();
		const s = Math.max(view.w / r.width, view.h / r.height);
		const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
		if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
		view.x = drag.vx - dx * s;
		view.y = drag.vy - dy * s;
		setView();
	});
	window.addEventListener('mouseup', () => {
		setTimeout(() => { drag = null; }, 0);
	});
	box.addEventListener('click', (e) => {
		if (drag && drag.moved) return;
		const g = e.target.closest && e.target.closest('g.node');
		if (!g || !/^f\d+$/.test(g.id)) return;
		e.preventDefault();
		act.selectFn(Number(g.id.slice(1))).then(mark);
	});
	box.addEventListener('mouseover', (e) => {
		const g = e.target.closest && e.target.closest('g.node');
		if (!g) return;
		const texts = [...g.querySelectorAll('text')].map((t) => t.textContent);
		const a = g.querySelector('a');
		const file = a ? a.getAttribute('xlink:title') || a.getAttribute('title') || '' : '';
		$('graph-hover').textContent = (file ? file + ': ' : '') + texts.join('  ');
	});
	box.addEventListener('keydown', (e) => {
		if (e.key === '+' || e.key === '=') zoomAt(1 / 1.25, box.clientWidth / 2, box.clientHeight / 2);
		else if (e.key === '-') zoomAt(1.25, box.clientWidth / 2, box.clientHeight / 2);
		else if (e.key === '0') fit();
		else return;
		e.preventDefault();
	});
	$('hops').addEventListener('change', (e) => {
		app.S.hops = Number(e.target.value);
		act.commit();
	});
	$('graph-node').addEventListener('change', (e) => {
		app.S.node = Number(e.target.value);
		act.commit();
	});
	$('graph-edge').addEventListener('change', (e) => {
		app.S.edge = Number(e.target.value);
		act.commit();
	});
	$('graph-theme').addEventListener('change', (e) => {
		app.S.theme = e.target.value;
		act.commit();
	});
	for (const [id, k] of [['graph-self', 'selfcolor'], ['graph-from', 'from'], ['graph-to', 'to']])
		$(id).addEventListener('change', (e) => {
			app.S[k] = e.target.checked;
			act.commit();
		});
	$('graph-depth').addEventListener('change', (e) => {
		const v = Number(e.target.value);
		app.S.gdepth = Number.isInteger(v) && v >= 0 && v <= 1000 ? v : 0;
		act.commit();
	});
}
