/*
 * core/tree.js - the call TREE, expanded lazily from the graph
 * (core/graph.js) node by node, only where it will be drawn.  DOM-free.
 *
 *   - attribution (snakeviz's rule): a child gets the caller->callee
 *     cumulative time; when the children add up to more than the parent,
 *     all are scaled down by the same factor; a callee already on the path
 *     is dropped (recursion), its time stays in the parent's "self" box;
 *   - children smaller than the cutoff or narrower than a pixel at the
 *     current zoom are merged into one "other" box, so every parent's
 *     extent is exactly its time; zooming in splits them again;
 *   - a box is exact when every function on its path below the root has
 *     one caller (and nothing was scaled), estimated (hatched) otherwise;
 *     a root's own box is its whole cumtime, exact by definition;
 *   - a node budget bounds the work of one draw whatever the graph.
 *
 * The options `o` the functions take are the view state's fields
 * { dir: 'calls'|'callers', focus: id or -1, exact: bool, zoom: [id] }.
 */
import { EDGE_INT, num, edgeCt, shortLabel } from './graph.js';

/* node kinds */
export const K_FN = 0;     /* a function */
export const K_ROOT = 1;   /* all roots (or all self time, bottom-up) */
export const K_OTHER = 2;  /* children under the cutoff, merged */
export const K_REST = 3;   /* the parent's own time ("self") */
export const K_EST = 4;    /* estimated children, merged (exact only) */
export const BUDGET = 40000;      /* nodes created per draw, at most */
export const CACHE_MAX = 300000;  /* nodes kept between draws */
const NEAR = 1e-9;

/* A tree over graph G: its root, its caches and its node counters. */
export function createTree(G) {
	const T = {
		root: null, key: '',
		built: 0,   /* nodes made since the last startDraw() */
		alive: 0,   /* nodes made since the root */
		onPath: new Uint32Array(G.N), stamp: 0,
	};

	function mk(kind, f, t, parent, exact) {
		T.alive++;
		T.built++;
		return {
			kind, f, t, parent, exact, depth: parent ? parent.depth + 1 : 0,
			kids: null, minT: Infinity, otherMax: 0, n: 0, ref: -1, trunc: false,
		};
	}

	function markPath(node) {
		T.stamp++;
		for (let a = node; a; a = a.parent)
			if (a.kind === K_FN) T.onPath[a.f] = T.stamp;
	}

	/* Turns candidate children [f, time, exact]* into node.kids. */
	function settle(node, cand, restT, restExact, minT, o) {
		const old = new Map();
		if (node.kids)
			for (const k of node.kids) if (k.kind === K_FN) old.set(k.f, k);
		const kids = [];
		let other = 0, otherN = 0, otherMax = 0, est = 0, estN = 0;
		for (let i = 0; i < cand.length; i += 3) {
			const f = cand[i], t = cand[i + 1], exact = cand[i + 2];
			if (o.exact && !exact) {
				est += t;
				estN++;
			} else if (t < minT) {
				other += t;
				otherN++;
				if (t > otherMax) otherMax = t;
			} else {
				let k = old.get(f);
				if (!k) k = mk(K_FN, f, t, node, exact);
				kids.push(k);
			}
		}
		kids.sort((a, b) => b.t - a.t || a.f - b.f);
		if (restT > 0) {
			if (restT >= minT) {
				const k = mk(K_REST, -1, restT, node, restExact);
				k.ref = node.kind === K_FN ? node.f : -1;
				kids.push(k);
			} else {
				other += restT;
				otherN++;
				if (restT > otherMax) otherMax = restT;
			}
		}
		if (est > 0) {
			if (est >= minT) {
				const k = mk(K_EST, -1, est, node, false);
				k.n = estN;
				kids.push(k);
			} else {
				other += est;
				otherN += estN;
				if (est > otherMax) otherMax = est;
			}
		}
		if (other > 0) {
			const k = mk(K_OTHER, -1, other, node, false);
			k.n = otherN;
			kids.push(k);
		}
		node.kids = kids;
		node.minT = minT;
		node.otherMax = otherMax;
		node.trunc = false;
	}

	function expandCalls(node, minT, o) {
		const T0 = node.t, cand = [];
		if (node.kind === K_ROOT) {
			let sum = 0;
			for (const r of G.roots) if (r.t > 0) sum += r.t;
			const scale = sum > T0 * (1 + NEAR) ? T0 / sum : 1;
			for (const r of G.roots)
				if (r.t > 0)
					cand.push(r.f, r.t * scale, scale === 1);
			settle(node, cand, T0 - sum * scale > T0 * NEAR ? T0 - sum * scale : 0, true, minT, o);
			return;
		}
		if (!(T0 > 0)) {
			settle(node, cand, 0, node.exact, minT, o);
			return;
		}
		const f = node.f;
		markPath(node);
		let total = 0;
		for (let i = G.outStart[f]; i < G.outStart[f + 1]; i++) {
			const e = G.outEdge[i], c = G.eCallee[e];
			if (c >= G.NF || T.onPath[c] === T.stamp) continue;
			const t = edgeCt(G, e);
			if (!(t > 0)) continue;
			cand.push(c, t, e);
			total += t;
		}
		const scaled = total > T0 * (1 + NEAR);
		const scale = scaled ? T0 / total : 1;
		for (let i = 0; i < cand.length; i += 3) {
			const c = cand[i], e = cand[i + 2];
			cand[i + 1] *= scale;
			cand[i + 2] = node.exact && !scaled && G.nCallers[c] === 1 && !(G.eFlags[e] & EDGE_INT);
		}
		settle(node, cand, scaled ? 0 : Math.max(0, T0 - total), node.exact, minT, o);
	}

	function allInt(f) {
		const a = G.inStart[f], b = G.inStart[f + 1];
		return b > a && (G.eFlags[G.inEdge[a]] & EDGE_INT) !== 0;
	}

	function expandCallers(node, minT, o) {
		const T0 = node.t, cand = [];
		if (node.kind === K_ROOT) {
			for (let f = 0; f < G.NF; f++)
				if (G.fTt[f] > 0) cand.push(f, G.fTt[f], true);
			let sum = 0;
			for (let i = 1; i < cand.length; i += 3) sum += cand[i];
			settle(node, cand, Math.max(0, T0 - sum), true, minT, o);
			return;
		}
		if (!(T0 > 0)) {
			settle(node, cand, 0, node.exact, minT, o);
			return;
		}
		const f = node.f;
		/* the first level splits self time by the callers' share of it */
		const bySelf = node.parent !== null && node.parent.kind === K_ROOT;
		markPath(node);
		let all = 0;
		for (let i = G.inStart[f]; i < G.inStart[f + 1]; i++) {
			const e = G.inEdge[i], g = G.eCaller[e];
			const w = G.eFlags[e] & EDGE_INT ? G.eNc[e] : bySelf ? G.eTt[e] : G.eCt[e];
			if (!(w > 0)) continue;
			all += w;
			if (g >= G.NF || T.onPath[g] === T.stamp) continue;
			cand.push(g, w, e);
		}
		const whole = allInt(f) ? all : Math.max(all, bySelf ? G.fTt[f] : G.fCt[f]);
		if (!(whole > 0)) {
			settle(node, [], 0, node.exact, minT, o);
			return;
		}
		const top = node.parent === null || bySelf;
		let given = 0;
		for (let i = 0; i < cand.length; i += 3) {
			const e = cand[i + 2];
			cand[i + 1] = T0 * cand[i + 1] / whole;
			given += cand[i + 1];
			cand[i + 2] = node.exact && !(G.eFlags[e] & EDGE_INT) && (top || G.nCallers[f] === 1);
		}
		settle(node, cand, Math.max(0, T0 - given), node.exact, minT, o);
	}

	/* Expands `node` now, whatever the budget and its cached children. */
	T.expand = (node, minT, o) => {
		(o.dir === 'callers' ? expandCallers : expandCalls)(node, minT, o);
	};

	/* Gives node children at least down to minT, unless the budget is spent. */
	T.ensureKids = (node, minT, o) => {
		if (node.kind !== K_FN && node.kind !== K_ROOT) return;
		if (node.kids && (node.minT <= minT || node.otherMax < minT)) return;
		if (T.built >= BUDGET) {
			node.trunc = true;
			return;
		}
		T.expand(node, minT, o);
	};

	/* The tree's root for o (a focused function, or all); kept while o's key holds. */
	T.baseRoot = (o) => {
		const key = [o.dir, o.focus, o.exact].join('|');
		if (T.root && T.key === key && T.alive < CACHE_MAX) return T.root;
		T.alive = 0;
		T.key = key;
		if (o.focus >= 0 && o.focus < G.N) {
			const f = o.focus;
			T.root = mk(K_FN, f, G.fCt[f], null, true);
		} else {
			/* bottom-up, the whole is the sum of self times */
			const tt = num(G.summary.total_tt);
			T.root = mk(K_ROOT, -1, o.dir === 'callers' && tt > 0 ? tt : G.totalT, null, true);
		}
		return T.root;
	};

	/* Drops every node: the next baseRoot() starts afresh. */
	T.reset = () => {
		T.root = null;
	};

	/* Starts a draw's budget. */
	T.startDraw = () => {
		T.built = 0;
	};

	T.budgetReached = () => T.built >= BUDGET;

	/*
	 * Follows o.zoom (function ids) from the base root; drops what is gone.
	 * Returns { node, path }: the node reached and the ids that led there.
	 */
	T.resolveZoom = (o) => {
		let node = T.baseRoot(o);
		const path = [];
		for (const f of o.zoom) {
			T.ensureKids(node, node.minT === Infinity ? node.t * 0.001 : node.minT, o);
			let k = node.kids && node.kids.find((x) => x.kind === K_FN && x.f === f);
			if (!k) {
				if (node.kind !== K_FN && node.kind !== K_ROOT) break;
				const b = T.built;
				T.built = 0;
				T.expand(node, 0, o);
				T.built = b;
				k = node.kids.find((x) => x.kind === K_FN && x.f === f);
			}
			if (!k) break;
			path.push(f);
			node = k;
		}
		return { node, path };
	};

	return T;
}

/* The function ids from the root's child down to node. */
export function nodePath(node) {
	const p = [];
	for (let a = node; a && a.parent; a = a.parent) p.push(a.f);
	return p.reverse();
}

/* What a box says (for a function box: its short label). */
export function boxName(G, n, dir) {
	switch (n.kind) {
	case K_ROOT:
		if (dir === 'callers') return 'all self time';
		return 'all (' + G.roots.length + (G.roots.length === 1 ? ' root)' : ' roots)');
	case K_OTHER: return n.n + (n.n === 1 ? ' smaller call' : ' smaller calls');
	case K_EST: return 'estimated (' + n.n + (n.n === 1 ? ' function)' : ' functions)');
	case K_REST:
		if (dir === 'callers') return '(outside callers / recursion)';
		/* time of recursive callees dropped from the path lands here too */
		return n.ref >= 0 && n.t > G.fTt[n.ref] * 1.01 + 1e-9 ? 'self + recursive calls' : 'self';
	default: return shortLabel(G, n.f);
	}
}
