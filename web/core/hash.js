/*
 * core/hash.js - the view state in the URL's hash: formatHash() writes it,
 * parseHash() reads it back (anything unknown or out of range takes the
 * default).  DOM-free.  The keys (docs/viewer.md, "The URL"):
 *
 *   view=icicle|sunburst|flame|callers|sandwich|graph|table
 *   fn=file:line(name)    the selected function, as pstats names it
 *   root=file:line(name)  the tree of all of one function's calls merged
 *   focus= ignore= hide= show=   pprof's filters (regular expressions)
 *   group=function|file|package  pprof's granularity
 *   zoom=ID.ID...  top=1  depth=N  cutoff=F  q=text
 *   node=P  edge=P  hops=N       the graph's thresholds and neighbourhood
 *   theme=color|pink|gray|bw|print  selfcolor=1  from=1|to=1  gdepth=N
 *                                the graph's colours, and fn as its root or leaf
 */

export const VIEWS = ['icicle', 'flame', 'sunburst', 'callers', 'sandwich', 'graph', 'table'];
const GROUPS = ['function', 'file', 'package'];
export const FILTERS = ['focus', 'ignore', 'hide', 'show'];
const THEMES = ['color', 'pink', 'gray', 'bw', 'print'];

/* The state an empty hash stands for. */
export function defaultView() {
	return {
		view: 'icicle', fn: '', root: '', zoom: [], top: false, depth: 10, cutoff: 0.001, q: '',
		focus: '', ignore: '', hide: '', show: '', group: 'function', node: 0.5, edge: 0.1, hops: 0,
		theme: 'color', selfcolor: false, from: false, to: false, gdepth: 0,
	};
}

/* The direction of the tree a view draws. */
export function dirOf(S) {
	return S.view === 'callers' ? 'callers' : 'calls';
}

const enc = (v) => encodeURIComponent(v).replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',');

export function formatHash(S) {
	const p = ['view=' + S.view];
	if (S.fn) p.push('fn=' + enc(S.fn));
	if (S.root) p.push('root=' + enc(S.root));
	for (const k of FILTERS) if (S[k]) p.push(k + '=' + enc(S[k]));
	if (S.group !== 'function') p.push('group=' + S.group);
	if (S.zoom.length) p.push('zoom=' + S.zoom.join('.'));
	else if (S.top) p.push('top=1');
	p.push('depth=' + S.depth, 'cutoff=' + S.cutoff);
	if (S.q) p.push('q=' + enc(S.q));
	if (S.view === 'graph' || S.node !== 0.5 || S.edge !== 0.1 || S.hops) {
		if (S.node !== 0.5) p.push('node=' + S.node);
		if (S.edge !== 0.1) p.push('edge=' + S.edge);
		if (S.hops) p.push('hops=' + S.hops);
	}
	if (S.theme !== 'color') p.push('theme=' + S.theme);
	if (S.selfcolor) p.push('selfcolor=1');
	if (S.from) p.push('from=1');
	if (S.to) p.push('to=1');
	if (S.gdepth) p.push('gdepth=' + S.gdepth);
	return '#' + p.join('&');
}

/* Reads hash h into S (every field set); NK bounds the function ids of a zoom path. */
export function parseHash(h, NK, S) {
	const p = new Map();
	for (const part of h.replace(/^#/, '').split('&')) {
		const i = part.indexOf('=');
		if (i > 0) {
			try {
				p.set(part.slice(0, i), decodeURIComponent(part.slice(i + 1)));
			} catch (e) { /* ignore a bad escape */ }
		}
	}
	const int = (v, lo, hi, dflt) => {
		const x = Number(v);
		return Number.isInteger(x) && x >= lo && x <= hi ? x : dflt;
	};
	const frac = (k, lo, hi, dflt) => {
		const x = Number(p.get(k));
		return p.has(k) && p.get(k) !== '' && x >= lo && x <= hi ? x : dflt;
	};
	const text = (k, max) => {
		const v = p.get(k) || '';
		return v.length <= max ? v : '';
	};
	let view = p.get('view');
	/* links of the viewer before the views: dir=callers */
	if (!VIEWS.includes(view)) view = p.get('dir') === 'callers' ? 'callers' : 'icicle';
	S.view = view;
	S.fn = text('fn', 4096);
	S.root = text('root', 4096);
	for (const k of FILTERS) S[k] = text(k, 1000);
	S.group = GROUPS.includes(p.get('group')) ? p.get('group') : 'function';
	S.zoom = (p.get('zoom') || '').split('.').filter((x) => x !== '')
		.map((x) => int(x, 0, NK - 1, -1)).filter((x) => x >= 0);
	S.top = S.zoom.length === 0 && p.get('top') === '1';
	S.depth = int(p.get('depth'), 1, 60, 10);
	S.cutoff = frac('cutoff', 0, 0.999999, 0.001);
	S.q = text('q', 256);
	S.node = frac('node', 0, 100, 0.5);
	S.edge = frac('edge', 0, 100, 0.1);
	S.hops = int(p.get('hops'), 0, 64, 0);
	S.theme = THEMES.includes(p.get('theme')) ? p.get('theme') : 'color';
	S.selfcolor = p.get('selfcolor') === '1';
	S.from = p.get('from') === '1';
	S.to = p.get('to') === '1';
	S.gdepth = int(p.get('gdepth'), 0, 1000, 0);
	return S;
}
