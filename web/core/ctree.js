/*
 * core/ctree.js - the call tree as the page holds it: an /api/tree answer
 * (built by the C library, src/analysis/calltree.c or callers_tree.c;
 * docs/api.md) turned into linked nodes, and the functions it names.
 * The page never computes a tree itself: every box, time, "other" and
 * "not placed" box and exact mark comes from the answer.  DOM-free.
 */

/* node kinds (the answer's numbers, and MORE for a box's hidden calls) */
export const K_ROOT = 0;      /* node 0: all, or the focus's whole time */
export const K_FN = 1;        /* a function */
export const K_OTHER = 2;     /* children below the cutoff, merged */
export const K_UNPLACED = 3;  /* time the data cannot place */
export const K_MORE = 4;      /* calls of a box left unexpanded (budget or depth) */

const F_EXACT = 1, F_TRUNCATED = 2, F_NESTED = 4;
const BUILTIN = 8;     /* function flag: a built-in (C) function */

/* A count or time of the API: a number, a decimal string (|n| >= 2^53) or null. */
export function num(v) {
	return v === null || v === undefined ? NaN : typeof v === 'string' ? Number(v) : v;
}

/*
 * Adds the functions of answer `a` to `fns` (a Map id -> { id, name,
 * file, line, label, flags, tt, ct, text }).  The map only grows: the
 * page shows one profile.
 */
export function addFunctions(fns, a) {
	const F = a.functions;
	if (!F) return;
	for (let i = 0; i < F.count; i++) {
		const id = F.id[i];
		if (fns.has(id)) continue;
		fns.set(id, {
			id, name: F.name[i], file: F.file[i], line: F.line[i], label: F.label[i],
			flags: F.flags[i], tt: num(F.tt[i]), ct: num(F.ct[i]), text: F.text[i],
		});
	}
}

/*
 * The tree of answer `a`: { nodes, root, dir, rootTime, minTime,
 * truncated, defaultFocus, zoomNode, zoomMatched }.  Each node: { i, kind,
 * f, t, self, hidden, certain, exact, trunc, nested, n (OTHER: merged
 * boxes), parent, kids, depth }.  A box with hidden time gets a MORE child
 * for it, so children, self and hidden fill the box exactly.
 */
export function readTree(a) {
	const N = a.nodes, count = N.count;
	const nodes = new Array(count);
	for (let i = 0; i < count; i++) {
		const fl = N.flags[i];
		const p = N.parent[i];
		const parent = p >= 0 ? nodes[p] : null;
		const n = {
			i, kind: N.kind[i], f: N.func[i], t: num(N.time[i]), self: num(N.self[i]),
			hidden: num(N.hidden[i]), certain: num(N.certain[i]),
			exact: (fl & F_EXACT) !== 0, trunc: (fl & F_TRUNCATED) !== 0, nested: (fl & F_NESTED) !== 0,
			n: N.merged[i], parent, kids: [], depth: parent ? parent.depth + 1 : 0,
		};
		/* group=file|package: the box stands for a group of functions */
		if (N.group && N.group[i] >= 0 && a.groups) n.glabel = a.groups[N.group[i]];
		nodes[i] = n;
		if (parent) parent.kids.push(n);
	}
	for (const n of nodes)
		if (n.hidden > 0)
			n.kids.push({ i: -1, kind: K_MORE, f: -1, t: n.hidden, self: 0, hidden: 0, certain: 0,
				exact: false, trunc: false, nested: false, n: 0, parent: n, kids: [], depth: n.depth + 1 });
	return {
		nodes, root: nodes[0], dir: a.dir || 'calls', rootTime: num(a.root_time),
		minTime: num(a.min_time), truncated: !!a.truncated, defaultFocus: a.default_focus || 0,
		zoomNode: a.zoom_node || 0, zoomMatched: a.zoom_matched || 0,
	};
}

/* The function ids from node 0's child down to node (node 0 itself: []). */
export function nodePath(node) {
	const p = [];
	for (let a = node; a && a.parent; a = a.parent) p.push(a.f);
	return p.reverse();
}

export function basename(p) {
	const i = p.lastIndexOf('/');
	return i >= 0 && i < p.length - 1 ? p.slice(i + 1) : p;
}

/* what a box says for function fn: the name first, where it lives after */
export function shortLabel(fn) {
	if (!fn) return '?';
	if (fn.flags & BUILTIN) return fn.label;
	return fn.name + ' (' + basename(fn.file) + ':' + fn.line + ')';
}

/* "file:line", or "built-in" */
export function place(fn) {
	return fn.flags & BUILTIN ? 'built-in' : fn.file + ':' + fn.line;
}

/* What a box says. */
export function boxName(fns, n, dir) {
	switch (n.kind) {
	case K_ROOT: return dir === 'callers' ? 'all self time' : 'all';
	case K_OTHER: return n.n + (n.n === 1 ? ' smaller call' : ' smaller calls');
	case K_UNPLACED: return '(not placed)';
	case K_MORE: return '\u2026 calls not expanded';
	default: return n.glabel || shortLabel(fns.get(n.f));
	}
}

/* What a box means, in one line (tooltips, the help). */
export function boxNote(n, dir) {
	switch (n.kind) {
	case K_OTHER: return 'calls below the cutoff, merged: click to split them';
	case K_UNPLACED: return 'time of the parent that the profile cannot place under any of its calls';
	case K_MORE: return 'calls not expanded (node budget or depth): click to open';
	case K_FN:
		if (dir === 'callers') return n.exact ? 'exact: pstats\u2019 own number' : 'estimated from the callers\u2019 shares';
		return n.exact ? 'exact: pstats\u2019 own number' : 'estimated';
	default: return '';
	}
}
