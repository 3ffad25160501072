/*
 * core/hash.js - the view state in the URL's hash: formatHash() writes it,
 * parseHash() reads it back (anything unknown or out of range takes the
 * default).  DOM-free.
 *
 *   #view=icicle&dir=calls&focus=3&zoom=4.7&depth=10&cutoff=0.001&q=text
 *
 * zoom: the function ids from the tree's first level (or from below the
 * focus) down to the box shown at full width; without it the page shows
 * the first box past the interpreter's plumbing, unless top=1.  The keys
 * are documented in docs/viewer.md.
 */

/* The state an empty hash stands for. */
export function defaultView() {
	return {
		view: 'icicle', dir: 'calls', focus: -1, zoom: [], top: false, depth: 10,
		cutoff: 0.001, q: '',
	};
}

export function formatHash(S) {
	const p = [];
	p.push('view=' + S.view, 'dir=' + S.dir);
	if (S.focus >= 0) p.push('focus=' + S.focus);
	if (S.zoom.length) p.push('zoom=' + S.zoom.join('.'));
	else if (S.top) p.push('top=1');
	p.push('depth=' + S.depth, 'cutoff=' + S.cutoff);
	if (S.q) p.push('q=' + encodeURIComponent(S.q));
	return '#' + p.join('&');
}

/* Reads hash h into S (every field set); NF bounds the function ids. */
export function parseHash(h, NF, S) {
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
	S.view = p.get('view') === 'sunburst' ? 'sunburst' : 'icicle';
	S.dir = p.get('dir') === 'callers' ? 'callers' : 'calls';
	S.focus = p.has('focus') ? int(p.get('focus'), 0, NF - 1, -1) : -1;
	S.zoom = (p.get('zoom') || '').split('.').filter((x) => x !== '')
		.map((x) => int(x, 0, NF - 1, -1)).filter((x) => x >= 0);
	S.depth = int(p.get('depth'), 1, 60, 10);
	const c = Number(p.get('cutoff'));
	S.cutoff = p.has('cutoff') && c >= 0 && c < 1 ? c : 0.001;
	S.top = S.zoom.length === 0 && p.get('top') === '1';
	S.q = p.get('q') || '';
	return S;
}
