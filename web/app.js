/*
 * app.js - pstat-view's profile viewer.  Plain JS, no libraries.
 *
 * Data: the call GRAPH (function table + edge list, /api/graph or the
 * <script id="pv-data"> of an exported page).  The call TREE is expanded
 * lazily from it, node by node, only where it will be drawn:
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
 * Every name from the profile reaches the page through textContent or
 * canvas text, never as HTML.  This file must not contain the two
 * characters that close a script element: the exporter inlines it.
 */
'use strict';
(function () {
	const $ = (id) => document.getElementById(id);
	const K_FN = 0, K_ROOT = 1, K_OTHER = 2, K_REST = 3, K_EST = 4;
	const BUILTIN = 8, EDGE_INT = 1;
	const BUDGET = 40000;      /* nodes created per draw, at most */
	const CACHE_MAX = 300000;  /* nodes kept between draws */
	const MIN_PX = 1;          /* narrower children go to "other" */
	const ROW_H = 22;          /* stats table row height, px */

	/* ---------------------------------------------------- the graph */
	let N = 0, NF = 0, files = [], fName = [], fFile, fLine, fFlags, fText = [];
	let fNc, fCc, fTt, fCt, nCallers;
	let E = 0, eCaller, eCallee, eNc, eCc, eTt, eCt, eFlags, eNcText, eCcText;
	let outStart, outEdge, inStart, inEdge;
	let summary = null, roots = [], totalT = 0;
	const labels = [];
	/* diff mode (serve --diff): per function id of this (NEW) profile */
	let diff = null, dTt = null, dCt = null, dPct = null, dNew = null;

	function num(v) {
		return v === null ? NaN : typeof v === 'string' ? Number(v) : v;
	}

	function loadGraph(d) {
		const fn = d.functions, ed = d.edges;
		summary = d.summary;
		N = fn.count;
		NF = summary.functions;
		files = d.files;
		fName = fn.name;
		fText = fn.text;
		fFile = Int32Array.from(fn.file);
		fLine = Float64Array.from(fn.line);
		fFlags = Uint32Array.from(fn.flags);
		fNc = Float64Array.from(fn.nc, num);
		fCc = Float64Array.from(fn.cc, num);
		fTt = Float64Array.from(fn.tt, num);
		fCt = Float64Array.from(fn.ct, num);
		E = ed.count;
		eCaller = Uint32Array.from(ed.caller);
		eCallee = Uint32Array.from(ed.callee);
		eNc = Float64Array.from(ed.nc, num);
		eCc = Float64Array.from(ed.cc, num);
		eNcText = ed.nc;
		eCcText = ed.cc;
		eTt = Float64Array.from(ed.tt, num);
		eCt = Float64Array.from(ed.ct, num);
		eFlags = Uint32Array.from(ed.flags);
		outStart = new Uint32Array(N + 1);
		inStart = new Uint32Array(N + 1);
		nCallers = new Uint32Array(N);
		for (let e = 0; e < E; e++) {
			outStart[eCaller[e] + 1]++;
			inStart[eCallee[e] + 1]++;
			if (eCaller[e] < NF && eCaller[e] !== eCallee[e])
				nCallers[eCallee[e]]++;
		}
		for (let i = 0; i < N; i++) {
			outStart[i + 1] += outStart[i];
			inStart[i + 1] += inStart[i];
		}
		outEdge = new Uint32Array(E);
		inEdge = new Uint32Array(E);
		const o = outStart.slice(0, N), n = inStart.slice(0, N);
		for (let e = 0; e < E; e++) {
			outEdge[o[eCaller[e]]++] = e;
			inEdge[n[eCallee[e]]++] = e;
		}
		roots = summary.roots.map((r) => ({ f: r.id, t: num(r.time) }));
		totalT = num(summary.total_tt);
		let sum = 0;
		for (const r of roots) sum += r.t > 0 ? r.t : 0;
		/* roots may overlap (nested exec), yet never scale them at the top */
		if (!(totalT >= sum)) totalT = sum;
		onPath = new Uint32Array(N);
		searchHit = new Uint8Array(N);
	}

	/* pstats' func_std_string */
	function label(f) {
		let s = labels[f];
		if (s === undefined) {
			const nm = fName[f];
			if (fFlags[f] & BUILTIN)
				s = nm.length > 1 && nm[0] === '<' && nm[nm.length - 1] === '>'
					? '{' + nm.slice(1, -1) + '}' : nm;
			else
				s = files[fFile[f]] + ':' + fLine[f] + '(' + nm + ')';
			labels[f] = s;
		}
		return s;
	}

	function basename(p) {
		const i = p.lastIndexOf('/');
		return i >= 0 && i < p.length - 1 ? p.slice(i + 1) : p;
	}

	/* what a box says: the function first, where it lives after */
	function shortLabel(f) {
		if (fFlags[f] & BUILTIN) return label(f);
		return fName[f] + ' (' + basename(files[fFile[f]]) + ':' + fLine[f] + ')';
	}

	/* caller->callee cumulative time; profile-module edges have only counts */
	function edgeCt(e) {
		if (eFlags[e] & EDGE_INT) {
			const c = eCallee[e];
			return fNc[c] > 0 ? fCt[c] * eNc[e] / fNc[c] : 0;
		}
		return eCt[e];
	}

	/* ---------------------------------------------------- view state */
	const S = {
		view: 'sunburst', dir: 'calls', focus: -1, zoom: [], depth: 10,
		cutoff: 0.001, exact: false, q: '',
	};
	let tree = null, treeKey = '', built = 0, alive = 0;
	let onPath = null, stamp = 0;

	function mk(kind, f, t, parent, exact) {
		alive++;
		built++;
		return {
			kind, f, t, parent, exact, depth: parent ? parent.depth + 1 : 0,
			kids: null, minT: Infinity, otherMax: 0, n: 0, ref: -1, trunc: false,
		};
	}

	function markPath(node) {
		stamp++;
		for (let a = node; a; a = a.parent)
			if (a.kind === K_FN) onPath[a.f] = stamp;
	}

	/* Turns candidate children [f, time, exact]* into node.kids. */
	function settle(node, cand, restT, restExact, minT) {
		const old = new Map();
		if (node.kids)
			for (const k of node.kids) if (k.kind === K_FN) old.set(k.f, k);
		const kids = [];
		let other = 0, otherN = 0, otherMax = 0, est = 0, estN = 0;
		for (let i = 0; i < cand.length; i += 3) {
			const f = cand[i], t = cand[i + 1], exact = cand[i + 2];
			if (S.exact && !exact) {
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

	const NEAR = 1e-9;

	function expandCalls(node, minT) {
		const T = node.t, cand = [];
		if (node.kind === K_ROOT) {
			let sum = 0;
			for (const r of roots) if (r.t > 0) sum += r.t;
			const scale = sum > T * (1 + NEAR) ? T / sum : 1;
			for (const r of roots)
				if (r.t > 0)
					cand.push(r.f, r.t * scale, scale === 1);
			settle(node, cand, T - sum * scale > T * NEAR ? T - sum * scale : 0, true, minT);
			return;
		}
		if (!(T > 0)) {
			settle(node, cand, 0, node.exact, minT);
			return;
		}
		const f = node.f;
		markPath(node);
		let total = 0;
		for (let i = outStart[f]; i < outStart[f + 1]; i++) {
			const e = outEdge[i], c = eCallee[e];
			if (c >= NF || onPath[c] === stamp) continue;
			const t = edgeCt(e);
			if (!(t > 0)) continue;
			cand.push(c, t, e);
			total += t;
		}
		const scaled = total > T * (1 + NEAR);
		const scale = scaled ? T / total : 1;
		for (let i = 0; i < cand.length; i += 3) {
			const c = cand[i], e = cand[i + 2];
			cand[i + 1] *= scale;
			cand[i + 2] = node.exact && !scaled && nCallers[c] === 1 && !(eFlags[e] & EDGE_INT);
		}
		settle(node, cand, scaled ? 0 : Math.max(0, T - total), node.exact, minT);
	}

	function expandCallers(node, minT) {
		const T = node.t, cand = [];
		if (node.kind === K_ROOT) {
			for (let f = 0; f < NF; f++)
				if (fTt[f] > 0) cand.push(f, fTt[f], true);
			let sum = 0;
			for (let i = 1; i < cand.length; i += 3) sum += cand[i];
			settle(node, cand, Math.max(0, T - sum), true, minT);
			return;
		}
		if (!(T > 0)) {
			settle(node, cand, 0, node.exact, minT);
			return;
		}
		const f = node.f;
		/* the first level splits self time by the callers' share of it */
		const bySelf = node.parent !== null && node.parent.kind === K_ROOT;
		markPath(node);
		let all = 0;
		for (let i = inStart[f]; i < inStart[f + 1]; i++) {
			const e = inEdge[i], g = eCaller[e];
			const w = eFlags[e] & EDGE_INT ? eNc[e] : bySelf ? eTt[e] : eCt[e];
			if (!(w > 0)) continue;
			all += w;
			if (g >= NF || onPath[g] === stamp) continue;
			cand.push(g, w, e);
		}
		const whole = eFlagsAllInt(f) ? all : Math.max(all, bySelf ? fTt[f] : fCt[f]);
		if (!(whole > 0)) {
			settle(node, [], 0, node.exact, minT);
			return;
		}
		const top = node.parent === null || bySelf;
		let given = 0;
		for (let i = 0; i < cand.length; i += 3) {
			const e = cand[i + 2];
			cand[i + 1] = T * cand[i + 1] / whole;
			given += cand[i + 1];
			cand[i + 2] = node.exact && !(eFlags[e] & EDGE_INT) && (top || nCallers[f] === 1);
		}
		settle(node, cand, Math.max(0, T - given), node.exact, minT);
	}

	function eFlagsAllInt(f) {
		const a = inStart[f], b = inStart[f + 1];
		return b > a && (eFlags[inEdge[a]] & EDGE_INT) !== 0;
	}

	function ensureKids(node, minT) {
		if (node.kind !== K_FN && node.kind !== K_ROOT) return;
		if (node.kids && (node.minT <= minT || node.otherMax < minT)) return;
		if (built >= BUDGET) {
			node.trunc = true;
			return;
		}
		if (S.dir === 'callers') expandCallers(node, minT);
		else expandCalls(node, minT);
	}

	function baseRoot() {
		const key = [S.dir, S.focus, S.exact].join('|');
		if (tree && treeKey === key && alive < CACHE_MAX) return tree;
		alive = 0;
		treeKey = key;
		if (S.focus >= 0 && S.focus < N) {
			const f = S.focus;
			tree = mk(K_FN, f, fCt[f], null, true);
		} else {
			/* bottom-up, the whole is the sum of self times */
			const tt = num(summary.total_tt);
			tree = mk(K_ROOT, -1, S.dir === 'callers' && tt > 0 ? tt : totalT, null, true);
		}
		return tree;
	}

	/* Follows S.zoom (function ids) from the base root; drops what is gone. */
	function resolveZoom() {
		let node = baseRoot();
		const path = [];
		for (const f of S.zoom) {
			ensureKids(node, node.minT === Infinity ? node.t * 0.001 : node.minT);
			let k = node.kids && node.kids.find((x) => x.kind === K_FN && x.f === f);
			if (!k) {
				if (node.kind !== K_FN && node.kind !== K_ROOT) break;
				const b = built;
				built = 0;
				(S.dir === 'callers' ? expandCallers : expandCalls)(node, 0);
				built = b;
				k = node.kids.find((x) => x.kind === K_FN && x.f === f);
			}
			if (!k) break;
			path.push(f);
			node = k;
		}
		if (path.length !== S.zoom.length) S.zoom = path;
		return node;
	}

	function nodePath(node) {
		const p = [];
		for (let a = node; a && a.parent; a = a.parent) p.push(a.f);
		return p.reverse();
	}

	/* ---------------------------------------------------- layout */
	const canvas = $('chart'), overlay = $('overlay');
	const ctx = canvas.getContext('2d'), octx = overlay.getContext('2d');
	let W = 0, H = 0, dpr = 1, levels = [], viewRoot = null, drawn = 0;
	let geo = { cx: 0, cy: 0, ring: 0, rowH: 0 };
	let theme = {};

	function readTheme() {
		const cs = getComputedStyle(document.documentElement);
		const v = (n) => cs.getPropertyValue(n).trim();
		theme = {
			bg: v('--chart-bg'), fg: v('--fg'), line: v('--chart-line'), other: v('--other'),
			rest: v('--rest'), root: v('--root'), hi: v('--hover'), sel: v('--select'),
			match: v('--match'), dark: document.documentElement.dataset.theme === 'dark',
		};
		hatch = null;
	}

	function extentPx() {
		if (S.view === 'icicle') return W;
		return Math.PI * Math.min(W, H) * 0.5; /* arc length at half the radius */
	}

	function layout() {
		built = 0;
		viewRoot = resolveZoom();
		const minT = viewRoot.t * Math.max(S.cutoff, MIN_PX / Math.max(1, extentPx()));
		levels = [];
		let queue = [{ node: viewRoot, x0: 0, x1: 1 }];
		const px = 0.25 / Math.max(1, extentPx()); /* boxes under 1/4 px are not drawn */
		for (let d = 0; d <= S.depth && queue.length; d++) {
			levels.push(queue);
			if (d === S.depth) break;
			const next = [];
			for (const b of queue) {
				const n = b.node;
				ensureKids(n, minT);
				if (!n.kids || !(n.t > 0)) continue;
				let x = b.x0;
				const span = b.x1 - b.x0;
				for (const k of n.kids) {
					const w = span * (k.t / n.t);
					if (w >= px) next.push({ node: k, x0: x, x1: x + w });
					x += w;
				}
			}
			queue = next;
		}
		drawn = 0;
		for (const l of levels) drawn += l.length;
		const L = levels.length;
		if (S.view === 'icicle') {
			geo.rowH = Math.max(14, Math.min(30, H / Math.max(1, L)));
		} else {
			const R = Math.max(40, Math.min(W, H) / 2 - 8);
			geo.cx = W / 2;
			geo.cy = H / 2;
			geo.ring = R / Math.max(1, L);
		}
	}

	/* ---------------------------------------------------- colours */
	const hueCache = new Map();
	function hashStr(s) {
		let h = 2166136261;
		for (let i = 0; i < s.length; i++) {
			h ^= s.charCodeAt(i);
			h = Math.imul(h, 16777619);
		}
		return h >>> 0;
	}
	function fnColor(f, light) {
		const file = files[fFile[f]];
		let h = hueCache.get(file);
		if (h === undefined) {
			h = hashStr(file) % 360;
			hueCache.set(file, h);
		}
		const jitter = (hashStr(fName[f]) % 13) - 6;
		const d = theme.dark;
		const l = (d ? 40 : 70) + jitter + (light ? (d ? -10 : 12) : 0);
		return 'hsl(' + h + ',' + (d ? 42 : 58) + '%,' + l + '%)';
	}
	/* diff mode: the change of the function's cumtime from BASE */
	const DIFF_MIN_PCT = 1;  /* smaller changes are "unchanged" */
	function diffColor(f) {
		const d = theme.dark;
		if (dNew[f]) return d ? 'hsl(210,45%,42%)' : 'hsl(210,60%,74%)';
		const p = dPct[f], dc = dCt[f];
		if (!(dc === dc) || dc === 0 || (p === p && Math.abs(p) < DIFF_MIN_PCT))
			return d ? 'hsl(0,0%,38%)' : 'hsl(0,0%,80%)';
		/* stronger for larger changes: 1% faint, 100% or more full */
		const k = p === p ? Math.min(1, Math.log10(Math.abs(p)) / 2) : 1;
		const hue = dc > 0 ? 0 : 120;
		const l = d ? 28 + 14 * k : 86 - 30 * k;
		return 'hsl(' + hue + ',' + (d ? 55 : 70) + '%,' + l + '%)';
	}
	function boxColor(n) {
		if (diff) {
			if (n.kind === K_FN) return diffColor(n.f);
			if (n.kind === K_REST && n.ref >= 0) return diffColor(n.ref);
		}
		switch (n.kind) {
		case K_ROOT: return theme.root;
		case K_OTHER: case K_EST: return theme.other;
		case K_REST: return n.ref >= 0 ? fnColor(n.ref, true) : theme.rest;
		default: return fnColor(n.f, false);
		}
	}
	let hatch = null;
	function hatchPattern() {
		if (hatch) return hatch;
		const c = document.createElement('canvas');
		c.width = c.height = 8;
		const g = c.getContext('2d');
		g.strokeStyle = theme.dark ? 'rgba(0,0,0,0.35)' : 'rgba(255,255,255,0.55)';
		g.lineWidth = 2;
		g.beginPath();
		g.moveTo(-2, 10);
		g.lineTo(10, -2);
		g.moveTo(6, 10);
		g.lineTo(10, 6);
		g.moveTo(-2, 2);
		g.lineTo(2, -2);
		g.stroke();
		hatch = ctx.createPattern(c, 'repeat');
		return hatch;
	}

	/* ---------------------------------------------------- drawing */
	function boxName(n) {
		switch (n.kind) {
		case K_ROOT:
			if (S.dir === 'callers') return 'all self time';
			return 'all (' + roots.length + (roots.length === 1 ? ' root)' : ' roots)');
		case K_OTHER: return n.n + (n.n === 1 ? ' smaller call' : ' smaller calls');
		case K_EST: return 'estimated (' + n.n + (n.n === 1 ? ' function)' : ' functions)');
		case K_REST:
			if (S.dir === 'callers') return '(outside callers / recursion)';
			/* time of recursive callees dropped from the path lands here too */
			return n.ref >= 0 && n.t > fTt[n.ref] * 1.01 + 1e-9 ? 'self + recursive calls' : 'self';
		default: return shortLabel(n.f);
		}
	}

	function pathBox(g, d, x0, x1) {
		g.beginPath();
		if (S.view === 'icicle') {
			g.rect(x0 * W, d * geo.rowH, (x1 - x0) * W, geo.rowH);
			return;
		}
		const r0 = d * geo.ring, r1 = (d + 1) * geo.ring;
		if (x1 - x0 >= 1 - 1e-12) {
			g.arc(geo.cx, geo.cy, r1, 0, 2 * Math.PI);
			if (r0 > 0) g.arc(geo.cx, geo.cy, r0, 2 * Math.PI, 0, true);
			return;
		}
		const a0 = x0 * 2 * Math.PI - Math.PI / 2, a1 = x1 * 2 * Math.PI - Math.PI / 2;
		g.arc(geo.cx, geo.cy, r1, a0, a1);
		if (r0 > 0) g.arc(geo.cx, geo.cy, r0, a1, a0, true);
		else g.lineTo(geo.cx, geo.cy);
		g.closePath();
	}

	function fit(text, maxW) {
		if (maxW <= 8) return '';
		if (ctx.measureText(text).width <= maxW) return text;
		let lo = 0, hi = text.length;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (ctx.measureText(text.slice(0, mid) + '\u2026').width <= maxW) lo = mid;
			else hi = mid - 1;
		}
		return lo >= 2 ? text.slice(0, lo) + '\u2026' : '';
	}

	function labelOf(b, d) {
		const n = b.node;
		const name = boxName(n);
		if (S.view === 'icicle') {
			const w = (b.x1 - b.x0) * W - 6;
			if (w < 24) return null;
			return { text: fit(name + '  ' + fmtTime(n.t), w), x: b.x0 * W + 3, y: d * geo.rowH + geo.rowH / 2 };
		}
		if (d === 0) {
			const short = n.kind === K_ROOT ? 'all' : name;
			return { text: fit(name, geo.ring * 1.9) || fit(short, geo.ring * 1.9), x: geo.cx, y: geo.cy, center: true };
		}
		const a = (b.x0 + b.x1) * Math.PI - Math.PI / 2, r = (d + 0.5) * geo.ring;
		const span = (b.x1 - b.x0) * 2 * Math.PI * r;
		if (geo.ring >= 40 && span >= 14)
			return { text: fit(name, geo.ring - 6), radial: true, a, r };
		/* thin rings: along the arc, where the arc is long enough */
		if (geo.ring < 14 || span < 50) return null;
		return { text: fit(name, Math.min(span * 0.85, 2 * r * Math.sin(Math.min(Math.PI / 2, (b.x1 - b.x0) * Math.PI)) * 0.9)), tangent: true, a, r };
	}

	let matchAll = null;
	function draw() {
		const t0 = performance.now();
		ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
		ctx.fillStyle = theme.bg;
		ctx.fillRect(0, 0, W, H);
		const dim = matchAll !== null;
		const ext = extentPx();
		ctx.lineWidth = 1;
		ctx.strokeStyle = theme.line;
		for (let d = 0; d < levels.length; d++) {
			for (const b of levels[d]) {
				const n = b.node;
				pathBox(ctx, d, b.x0, b.x1);
				ctx.globalAlpha = dim && !(n.kind === K_FN && searchHit[n.f]) ? 0.3 : 1;
				ctx.fillStyle = boxColor(n);
				ctx.fill();
				/* pattern fills are dear to rasterize: only where one can see them */
				const px = (b.x1 - b.x0) * ext;
				if (!n.exact && px > 6) {
					ctx.fillStyle = hatchPattern();
					ctx.fill();
				}
				ctx.globalAlpha = 1;
				if (px > 3) ctx.stroke();
			}
		}
		if (dim) {
			ctx.strokeStyle = theme.match;
			ctx.lineWidth = 2;
			for (let d = 0; d < levels.length; d++)
				for (const b of levels[d])
					if (b.node.kind === K_FN && searchHit[b.node.f]) {
						pathBox(ctx, d, b.x0, b.x1);
						ctx.stroke();
					}
		}
		ctx.font = '12px system-ui, sans-serif';
		ctx.textBaseline = 'middle';
		ctx.fillStyle = theme.fg;
		for (let d = 0; d < levels.length; d++) {
			for (const b of levels[d]) {
				const l = labelOf(b, d);
				if (!l || !l.text) continue;
				if (l.tangent) {
					ctx.save();
					ctx.translate(geo.cx + l.r * Math.cos(l.a), geo.cy + l.r * Math.sin(l.a));
					const up = Math.sin(l.a) > 0;
					ctx.rotate(up ? l.a - Math.PI / 2 : l.a + Math.PI / 2);
					ctx.textAlign = 'center';
					ctx.fillText(l.text, 0, 0);
					ctx.restore();
				} else if (l.radial) {
					ctx.save();
					ctx.translate(geo.cx, geo.cy);
					let a = l.a;
					const flip = Math.cos(a) < 0;
					ctx.rotate(flip ? a + Math.PI : a);
					ctx.textAlign = 'center';
					ctx.fillText(l.text, flip ? -l.r : l.r, 0);
					ctx.restore();
				} else {
					ctx.textAlign = l.center ? 'center' : 'left';
					ctx.fillText(l.text, l.x, l.y);
				}
			}
		}
		ctx.textAlign = 'left';
		drawOverlay();
		stats.lastDraw = performance.now() - t0;
		stats.draws++;
	}

	let hover = null, sel = null;
	function drawOverlay() {
		octx.setTransform(dpr, 0, 0, dpr, 0, 0);
		octx.clearRect(0, 0, W, H);
		if (hover && hover.node.kind === K_FN) {
			const f = hover.node.f;
			octx.fillStyle = theme.hi;
			octx.globalAlpha = 0.35;
			for (let d = 0; d < levels.length; d++)
				for (const b of levels[d])
					if (b.node.kind === K_FN && b.node.f === f) {
						pathBox(octx, d, b.x0, b.x1);
						octx.fill();
					}
			octx.globalAlpha = 1;
			octx.strokeStyle = theme.hi;
			octx.lineWidth = 2;
			pathBox(octx, hover.d, hover.x0, hover.x1);
			octx.stroke();
		}
		if (sel) {
			const b = findBox(sel);
			if (b) {
				octx.strokeStyle = theme.sel;
				octx.lineWidth = 3;
				pathBox(octx, b.d, b.x0, b.x1);
				octx.stroke();
			}
		}
	}

	function findBox(node) {
		const d = node.depth - viewRoot.depth;
		if (d < 0 || d >= levels.length) return null;
		for (const b of levels[d]) if (b.node === node) return { d, x0: b.x0, x1: b.x1, node };
		return null;
	}

	function hit(x, y) {
		let d, frac;
		if (S.view === 'icicle') {
			d = Math.floor(y / geo.rowH);
			frac = x / W;
		} else {
			const dx = x - geo.cx, dy = y - geo.cy;
			d = Math.floor(Math.sqrt(dx * dx + dy * dy) / geo.ring);
			frac = (Math.atan2(dy, dx) + Math.PI / 2) / (2 * Math.PI);
			if (frac < 0) frac += 1;
		}
		if (d < 0 || d >= levels.length) return null;
		const row = levels[d];
		let lo = 0, hi = row.length - 1;
		while (lo <= hi) {
			const m = (lo + hi) >> 1;
			if (row[m].x1 <= frac) lo = m + 1;
			else if (row[m].x0 > frac) hi = m - 1;
			else return { d, x0: row[m].x0, x1: row[m].x1, node: row[m].node };
		}
		return null;
	}

	/* ---------------------------------------------------- formatting */
	function fmtTime(t) {
		if (!isFinite(t)) return String(t);
		const a = Math.abs(t);
		if (a >= 100) return t.toFixed(1) + ' s';
		if (a >= 1) return t.toFixed(3) + ' s';
		if (a >= 1e-3) return (t * 1e3).toFixed(2) + ' ms';
		if (a === 0) return '0 s';
		return (t * 1e6).toFixed(1) + ' \u00b5s';
	}
	function pct(a, b) {
		return b > 0 ? (100 * a / b).toFixed(a / b < 0.001 ? 3 : 1) + '%' : '\u2013';
	}

	function el(tag, cls, text) {
		const e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}

	/* ---------------------------------------------------- tooltip */
	const tip = $('tip');
	function showTip(b, x, y) {
		const n = b.node;
		tip.replaceChildren();
		tip.append(el('div', 'tip-title', n.kind === K_FN ? label(n.f) : boxName(n)));
		const dl = el('dl');
		const row = (k, v) => {
			dl.append(el('dt', '', k), el('dd', '', v));
		};
		const base = baseRoot();
		row('this box', fmtTime(n.t));
		row('of ' + (base.kind === K_ROOT ? 'total' : 'focus'), pct(n.t, base.t));
		if (viewRoot !== base) row('of view', pct(n.t, viewRoot.t));
		if (n.parent) row('of parent', pct(n.t, n.parent.t));
		row('time is', n.exact ? 'exact' : 'estimated');
		if (n.kind === K_FN) {
			const f = n.f, t = fText[f];
			row('ncalls', t[0]);
			row('tottime', t[1]);
			row('percall', t[2]);
			row('cumtime', t[3]);
			row('percall', t[4]);
			row('file:line', (fFlags[f] & BUILTIN) ? 'built-in' : files[fFile[f]] + ':' + fLine[f]);
			if (diff) row('\u0394 cumtime', dNew[f] ? 'new function' : fmtDelta(dCt[f]) + ' (' + fmtPct(dPct[f]) + ')');
		} else if (n.kind === K_OTHER) {
			row('note', 'zoom in to split it');
		}
		tip.append(dl);
		tip.hidden = false;
		const wrap = $('chart-wrap').getBoundingClientRect();
		const tw = tip.offsetWidth, th = tip.offsetHeight;
		let left = x + 14, top = y + 14;
		if (left + tw > wrap.width) left = Math.max(0, x - tw - 14);
		if (top + th > wrap.height) top = Math.max(0, y - th - 14);
		tip.style.left = left + 'px';
		tip.style.top = top + 'px';
	}

	/* ---------------------------------------------------- side panel */
	let panelFn = -1;
	function showFunction(f) {
		panelFn = f;
		const focusBtn = $('btn-focus');
		focusBtn.disabled = f < 0;
		$('btn-unfocus').disabled = S.focus < 0;
		if (f < 0) return;
		$('fn-title').textContent = label(f);
		$('fn-file').textContent = (fFlags[f] & BUILTIN) ? 'built-in' : files[fFile[f]] + ':' + fLine[f];
		const dl = $('fn-stats');
		dl.replaceChildren();
		const names = ['ncalls', 'tottime', 'percall', 'cumtime', 'percall'];
		const t = fText[f] || ['', '', '', '', ''];
		for (let i = 0; i < 5; i++) dl.append(el('dt', '', names[i]), el('dd', '', t[i]));
		fillEdges($('callers').tBodies[0], inStart[f], inStart[f + 1], inEdge, eCaller);
		fillEdges($('callees').tBodies[0], outStart[f], outStart[f + 1], outEdge, eCallee);
		for (const tr of document.querySelectorAll('#stats tbody tr'))
			tr.classList.toggle('sel', Number(tr.dataset.id) === f);
	}

	function fillEdges(tbody, a, b, idx, other) {
		const list = [];
		for (let i = a; i < b; i++) list.push(idx[i]);
		list.sort((x, y) => edgeCt(y) - edgeCt(x) || eNc[y] - eNc[x]);
		tbody.replaceChildren();
		for (const e of list.slice(0, 200)) {
			const g = other[e];
			const tr = el('tr');
			const calls = String(eNcText[e]) + (eNc[e] !== eCc[e] ? '/' + String(eCcText[e]) : '');
			tr.append(el('td', 'n', calls), el('td', 'n', fmtTime(eTt[e])),
				el('td', 'n', fmtTime(edgeCt(e))));
			const td = el('td', 'name');
			const a2 = el('a', '', label(g));
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

	function highlightFunction(f) {
		hover = null;
		for (let d = 0; d < levels.length; d++)
			for (const b of levels[d])
				if (b.node.kind === K_FN && b.node.f === f) {
					hover = { d, x0: b.x0, x1: b.x1, node: b.node };
					break;
				}
		drawOverlay();
	}

	/* ---------------------------------------------------- breadcrumb */
	function crumbs() {
		const nav = $('crumbs');
		nav.replaceChildren();
		const add = (text, fn, current) => {
			if (nav.childNodes.length) nav.append(el('span', 'sep', '\u203a'));
			const b = el('button', current ? 'crumb cur' : 'crumb', text);
			if (current) b.setAttribute('aria-current', 'true');
			b.addEventListener('click', fn);
			nav.append(b);
		};
		add(S.dir === 'callers' ? 'all self time' : 'all', () => {
			S.focus = -1;
			S.zoom = [];
			commit();
		}, S.focus < 0 && S.zoom.length === 0);
		if (S.focus >= 0)
			add('focus: ' + shortLabel(S.focus), () => {
				S.zoom = [];
				commit();
			}, S.zoom.length === 0);
		S.zoom.forEach((f, i) => {
			add(shortLabel(f), () => {
				S.zoom = S.zoom.slice(0, i + 1);
				commit();
			}, i === S.zoom.length - 1);
		});
	}

	/* ---------------------------------------------------- search */
	let searchHit = null, searchRe = null;
	function compileRe(text) {
		try {
			return new RegExp(text, 'i');
		} catch (e) {
			return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
		}
	}
	function runSearch() {
		const q = S.q;
		searchHit.fill(0);
		matchAll = null;
		searchRe = null;
		if (!q) {
			$('search-info').textContent = '';
			return;
		}
		searchRe = compileRe(q);
		let nfn = 0;
		for (let f = 0; f < NF; f++)
			if (searchRe.test(label(f))) {
				searchHit[f] = 1;
				nfn++;
			}
		matchAll = nfn;
	}
	/* matched time: boxes that match with no matching box above them */
	function searchCover() {
		if (matchAll === null) return;
		let boxes = 0, t = 0;
		for (let d = 0; d < levels.length; d++)
			for (const b of levels[d]) {
				const n = b.node;
				if (n.kind !== K_FN || !searchHit[n.f]) continue;
				boxes++;
				let covered = false;
				for (let a = n.parent; a && a !== viewRoot.parent; a = a.parent)
					if (a.kind === K_FN && searchHit[a.f]) {
						covered = true;
						break;
					}
				if (!covered) t += n.t;
			}
		$('search-info').textContent = matchAll + ' functions, ' + boxes + ' boxes, ' +
			fmtTime(t) + ' = ' + pct(t, viewRoot.t) + ' of view';
	}

	/* ---------------------------------------------------- stats table */
	let rows = [], sortCol = 'ct', sortDesc = true, tableRe = null;
	function sortKey(col) {
		switch (col) {
		case 'nc': return (f) => fNc[f];
		case 'tt': return (f) => fTt[f];
		case 'ttpc': return (f) => (fNc[f] ? fTt[f] / fNc[f] : -Infinity);
		case 'ct': return (f) => fCt[f];
		case 'ctpc': return (f) => (fCc[f] ? fCt[f] / fCc[f] : -Infinity);
		case 'dtt': return (f) => dTt[f];
		case 'dct': return (f) => dCt[f];
		case 'dpct': return (f) => dPct[f];
		default: return null;
		}
	}
	function buildRows() {
		const r = [];
		for (let f = 0; f < NF; f++) if (!tableRe || tableRe.test(label(f))) r.push(f);
		const key = sortKey(sortCol);
		const dir = sortDesc ? -1 : 1;
		if (key) {
			const v = new Float64Array(N);
			for (const f of r) {
				const x = key(f);
				v[f] = x === x ? x : -Infinity;
			}
			r.sort((a, b) => (v[a] < v[b] ? -dir : v[a] > v[b] ? dir : a - b));
		} else {
			r.sort((a, b) => {
				const x = label(a), y = label(b);
				return x < y ? -dir : x > y ? dir : a - b;
			});
		}
		rows = r;
		$('table-info').textContent = rows.length + ' of ' + NF + ' functions';
		for (const th of document.querySelectorAll('#stats th')) {
			const on = th.dataset.col === sortCol;
			th.classList.toggle('sorted', on);
			th.setAttribute('aria-sort', on ? (sortDesc ? 'descending' : 'ascending') : 'none');
		}
		$('table-scroll').scrollTop = 0;
		renderRows();
	}
	function renderRows() {
		const sc = $('table-scroll');
		const tbody = $('stats').tBodies[0];
		const first = Math.max(0, Math.floor(sc.scrollTop / ROW_H) - 5);
		const last = Math.min(rows.length, first + Math.ceil((sc.clientHeight || 400) / ROW_H) + 15);
		const frag = document.createDocumentFragment();
		const spacer = (h) => {
			const tr = el('tr', 'spacer');
			const td = el('td');
			td.colSpan = diff ? 9 : 6;
			tr.style.height = h + 'px';
			tr.append(td);
			return tr;
		};
		if (first > 0) frag.append(spacer(first * ROW_H));
		for (let i = first; i < last; i++) {
			const f = rows[i], t = fText[f];
			const tr = el('tr');
			tr.dataset.id = f;
			if (f === panelFn) tr.classList.add('sel');
			for (let c = 0; c < 5; c++) tr.append(el('td', 'n', t[c]));
			if (diff) {
				const cls = (v) => 'n ' + (v > 0 ? 'up' : v < 0 ? 'down' : '');
				tr.append(el('td', cls(dTt[f]), fmtDelta(dTt[f])),
					el('td', cls(dCt[f]), fmtDelta(dCt[f])),
					el('td', cls(dCt[f]), dNew[f] ? 'new' : fmtPct(dPct[f])));
			}
			tr.append(el('td', 'name', label(f)));
			frag.append(tr);
		}
		if (last < rows.length) frag.append(spacer((rows.length - last) * ROW_H));
		tbody.replaceChildren(frag);
	}

	/* ---------------------------------------------------- URL hash */
	let lastHash = '';
	function toHash() {
		const p = [];
		p.push('view=' + S.view, 'dir=' + S.dir);
		if (S.focus >= 0) p.push('focus=' + S.focus);
		if (S.zoom.length) p.push('zoom=' + S.zoom.join('.'));
		p.push('depth=' + S.depth, 'cutoff=' + S.cutoff);
		if (S.exact) p.push('exact=1');
		if (S.q) p.push('q=' + encodeURIComponent(S.q));
		return '#' + p.join('&');
	}
	function fromHash(h) {
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
		S.view = p.get('view') === 'icicle' ? 'icicle' : 'sunburst';
		S.dir = p.get('dir') === 'callers' ? 'callers' : 'calls';
		S.focus = p.has('focus') ? int(p.get('focus'), 0, NF - 1, -1) : -1;
		S.zoom = (p.get('zoom') || '').split('.').filter((x) => x !== '')
			.map((x) => int(x, 0, NF - 1, -1)).filter((x) => x >= 0);
		S.depth = int(p.get('depth'), 1, 60, 10);
		const c = Number(p.get('cutoff'));
		S.cutoff = p.has('cutoff') && c >= 0 && c < 1 ? c : 0.001;
		S.exact = p.get('exact') === '1';
		S.q = p.get('q') || '';
	}

	/* Records the state in the URL (a history entry unless replace) and redraws. */
	function commit(replace) {
		const h = toHash();
		if (h !== location.hash) {
			lastHash = h;
			if (replace) history.replaceState(null, '', h);
			else history.pushState(null, '', h);
		}
		render();
	}

	/* ---------------------------------------------------- controls */
	function syncControls() {
		$('btn-sunburst').setAttribute('aria-pressed', S.view === 'sunburst');
		$('btn-icicle').setAttribute('aria-pressed', S.view === 'icicle');
		$('btn-calls').setAttribute('aria-pressed', S.dir === 'calls');
		$('btn-callers').setAttribute('aria-pressed', S.dir === 'callers');
		const dsel = $('depth');
		if (![...dsel.options].some((o) => Number(o.value) === S.depth))
			dsel.append(new Option(String(S.depth), String(S.depth)));
		dsel.value = String(S.depth);
		const csel = $('cutoff');
		if (![...csel.options].some((o) => Number(o.value) === S.cutoff))
			csel.append(new Option(pct(S.cutoff, 1), String(S.cutoff)));
		csel.value = [...csel.options].find((o) => Number(o.value) === S.cutoff).value;
		$('exact').checked = S.exact;
		if (document.activeElement !== $('search')) $('search').value = S.q;
		$('btn-unfocus').disabled = S.focus < 0;
	}

	let lastQ = null;
	function render() {
		syncControls();
		if (S.q !== lastQ) {
			lastQ = S.q;
			runSearch();
		}
		resize(false);
		layout();
		if (sel && findBox(sel) === null) sel = null;
		hover = null;
		tip.hidden = true;
		draw();
		crumbs();
		searchCover();
		$('status').textContent = drawn + ' boxes' + (built >= BUDGET ? ' (node budget reached: zoom in for more)' : '');
		canvas.dataset.boxes = String(drawn);
		document.body.dataset.ready = '1';
		if (!stats.first) {
			stats.first = performance.now();
			performance.mark('pv-first-draw');
		}
	}

	function resize(redraw) {
		const wrap = $('chart-wrap');
		const w = Math.max(100, wrap.clientWidth), h = Math.max(100, wrap.clientHeight);
		const r = window.devicePixelRatio || 1;
		if (w === W && h === H && r === dpr) return false;
		W = w;
		H = h;
		dpr = r;
		for (const c of [canvas, overlay]) {
			c.width = Math.round(w * r);
			c.height = Math.round(h * r);
			c.style.width = w + 'px';
			c.style.height = h + 'px';
		}
		if (redraw) {
			layout();
			draw();
			searchCover();
		}
		return true;
	}

	function zoomTo(node) {
		if (!node || node.kind !== K_FN) return;
		if (node === viewRoot && node.parent) {
			S.zoom = nodePath(node.parent);
		} else {
			S.zoom = nodePath(node);
		}
		sel = null;
		commit();
	}

	function zoomOut() {
		if (S.zoom.length) {
			S.zoom = S.zoom.slice(0, -1);
			commit();
		} else if (S.focus >= 0) {
			S.focus = -1;
			commit();
		}
	}

	function focusFn(f) {
		if (f < 0 || f >= NF) return;
		S.focus = f;
		S.zoom = [];
		sel = null;
		showFunction(f);
		commit();
	}

	function bind() {
		canvas.addEventListener('mousemove', (ev) => {
			const r = canvas.getBoundingClientRect();
			const x = ev.clientX - r.left, y = ev.clientY - r.top;
			const b = hit(x, y);
			const t0 = performance.now();
			if (!b) {
				if (hover) {
					hover = null;
					drawOverlay();
				}
				tip.hidden = true;
				canvas.style.cursor = '';
				return;
			}
			if (!hover || hover.node !== b.node) {
				hover = b;
				drawOverlay();
				showTip(b, x, y);
				stats.lastHover = performance.now() - t0;
			} else {
				showTip(b, x, y);
			}
			canvas.style.cursor = b.node.kind === K_FN ? 'pointer' : 'default';
		});
		canvas.addEventListener('mouseleave', () => {
			hover = null;
			tip.hidden = true;
			drawOverlay();
		});
		canvas.addEventListener('click', (ev) => {
			const r = canvas.getBoundingClientRect();
			const b = hit(ev.clientX - r.left, ev.clientY - r.top);
			if (!b) return;
			const n = b.node;
			if (n.kind === K_FN) showFunction(n.f);
			if (ev.shiftKey && n.kind === K_FN) {
				focusFn(n.f);
				return;
			}
			if (n.kind === K_FN) zoomTo(n);
			else if (n.kind === K_ROOT || (n.parent === viewRoot.parent)) zoomOut();
		});
		canvas.addEventListener('dblclick', (ev) => ev.preventDefault());
		$('btn-sunburst').addEventListener('click', () => { S.view = 'sunburst'; commit(); });
		$('btn-icicle').addEventListener('click', () => { S.view = 'icicle'; commit(); });
		$('btn-calls').addEventListener('click', () => { setDir('calls'); });
		$('btn-callers').addEventListener('click', () => { setDir('callers'); });
		$('depth').addEventListener('change', (e) => { S.depth = Number(e.target.value); commit(); });
		$('cutoff').addEventListener('change', (e) => { S.cutoff = Number(e.target.value); tree = null; commit(); });
		$('exact').addEventListener('change', (e) => { S.exact = e.target.checked; commit(); });
		let st = 0;
		$('search').addEventListener('input', (e) => {
			clearTimeout(st);
			st = setTimeout(() => {
				S.q = e.target.value;
				commit(true);
			}, 120);
		});
		let ft = 0;
		$('filter').addEventListener('input', (e) => {
			clearTimeout(ft);
			ft = setTimeout(() => {
				const v = e.target.value;
				tableRe = v ? compileRe(v) : null;
				buildRows();
			}, 120);
		});
		for (const th of document.querySelectorAll('#stats th')) {
			th.tabIndex = 0;
			const go = () => {
				const c = th.dataset.col;
				if (c === sortCol) sortDesc = !sortDesc;
				else {
					sortCol = c;
					sortDesc = c !== 'label';
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
			if (tr && tr.dataset.id !== undefined) focusFn(Number(tr.dataset.id));
		});
		$('btn-focus').addEventListener('click', () => focusFn(panelFn));
		$('btn-unfocus').addEventListener('click', () => {
			S.focus = -1;
			S.zoom = [];
			commit();
		});
		$('btn-svg').addEventListener('click', exportSvg);
		$('btn-png').addEventListener('click', exportPng);
		$('btn-theme').addEventListener('click', toggleTheme);
		$('btn-help').addEventListener('click', () => { $('help').hidden = !$('help').hidden; });
		$('help-close').addEventListener('click', () => { $('help').hidden = true; });
		window.addEventListener('popstate', onHash);
		window.addEventListener('hashchange', onHash);
		document.addEventListener('keydown', onKey);
		new ResizeObserver(() => resize(true)).observe($('chart-wrap'));
	}

	function setDir(d) {
		if (S.dir === d) return;
		S.dir = d;
		S.zoom = [];
		sel = null;
		commit();
	}

	function onHash() {
		if (location.hash === lastHash) return;
		lastHash = location.hash;
		fromHash(location.hash);
		sel = null;
		render();
	}

	function onKey(e) {
		const t = e.target;
		if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) {
			if (e.key === 'Escape') t.blur();
			return;
		}
		if (e.ctrlKey || e.metaKey || e.altKey) return;
		const k = e.key;
		let done = true;
		if (k === '/') $('search').focus();
		else if (k === '1') { S.view = 'sunburst'; commit(); }
		else if (k === '2') { S.view = 'icicle'; commit(); }
		else if (k === 'c') setDir(S.dir === 'calls' ? 'callers' : 'calls');
		else if (k === 't') toggleTheme();
		else if (k === '?') $('help').hidden = !$('help').hidden;
		else if (k === 'Escape' || k === 'Backspace') {
			if (!$('help').hidden) $('help').hidden = true;
			else zoomOut();
		} else if (k === 'Enter') { if (sel) zoomTo(sel); }
		else if (k === 'f') { if (sel && sel.kind === K_FN) focusFn(sel.f); }
		else if (k.startsWith('Arrow')) moveSel(k);
		else done = false;
		if (done) e.preventDefault();
	}

	function moveSel(k) {
		if (!sel || !findBox(sel)) {
			sel = viewRoot;
		} else {
			const b = findBox(sel);
			if (k === 'ArrowUp') {
				if (sel !== viewRoot && sel.parent) sel = sel.parent;
			} else if (k === 'ArrowDown') {
				const next = levels[b.d + 1];
				if (next) {
					const c = next.find((x) => x.node.parent === sel);
					if (c) sel = c.node;
				}
			} else {
				const row = levels[b.d];
				const i = row.findIndex((x) => x.node === sel);
				const j = k === 'ArrowLeft' ? i - 1 : i + 1;
				if (j >= 0 && j < row.length) sel = row[j].node;
			}
		}
		const b = findBox(sel);
		if (sel.kind === K_FN) showFunction(sel.f);
		drawOverlay();
		if (b) {
			let x, y;
			if (S.view === 'icicle') {
				x = (b.x0 + b.x1) / 2 * W;
				y = (b.d + 0.5) * geo.rowH;
			} else {
				const a = (b.x0 + b.x1) * Math.PI - Math.PI / 2;
				const r = b.d === 0 ? 0 : (b.d + 0.5) * geo.ring;
				x = geo.cx + r * Math.cos(a);
				y = geo.cy + r * Math.sin(a);
			}
			showTip(b, x, y);
		}
	}

	/* ---------------------------------------------------- theme */
	function toggleTheme() {
		const root = document.documentElement;
		const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
		root.dataset.theme = next;
		try {
			localStorage.setItem('pv-theme', next);
		} catch (e) { /* file pages may have no storage */ }
		readTheme();
		draw();
	}
	function initTheme() {
		let t = null;
		try {
			t = localStorage.getItem('pv-theme');
		} catch (e) { /* none */ }
		if (t !== 'light' && t !== 'dark')
			t = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
		document.documentElement.dataset.theme = t;
		readTheme();
	}

	/* ---------------------------------------------------- export */
	function xml(s) {
		return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
	}
	function fileBase() {
		const f = summary.files && summary.files[0] ? basename(summary.files[0].path) : 'profile';
		return f.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'profile';
	}
	function save(name, blob) {
		const a = document.createElement('a');
		a.href = URL.createObjectURL(blob);
		a.download = name;
		document.body.append(a);
		a.click();
		setTimeout(() => {
			URL.revokeObjectURL(a.href);
			a.remove();
		}, 2000);
	}
	function svgPath(d, x0, x1) {
		const f = (v) => v.toFixed(2);
		if (S.view === 'icicle')
			return '<rect x="' + f(x0 * W) + '" y="' + f(d * geo.rowH) + '" width="' + f((x1 - x0) * W) + '" height="' + f(geo.rowH) + '"';
		const r0 = d * geo.ring, r1 = (d + 1) * geo.ring, cx = geo.cx, cy = geo.cy;
		if (x1 - x0 >= 1 - 1e-12) {
			let p = 'M' + f(cx - r1) + ',' + f(cy) + 'a' + f(r1) + ',' + f(r1) + ' 0 1,0 ' + f(2 * r1) + ',0a' + f(r1) + ',' + f(r1) + ' 0 1,0 ' + f(-2 * r1) + ',0';
			if (r0 > 0) p += 'M' + f(cx - r0) + ',' + f(cy) + 'a' + f(r0) + ',' + f(r0) + ' 0 1,1 ' + f(2 * r0) + ',0a' + f(r0) + ',' + f(r0) + ' 0 1,1 ' + f(-2 * r0) + ',0';
			return '<path fill-rule="evenodd" d="' + p + '"';
		}
		const a0 = x0 * 2 * Math.PI - Math.PI / 2, a1 = x1 * 2 * Math.PI - Math.PI / 2;
		const large = a1 - a0 > Math.PI ? 1 : 0;
		const pt = (r, a) => f(cx + r * Math.cos(a)) + ',' + f(cy + r * Math.sin(a));
		let p = 'M' + pt(r1, a0) + 'A' + f(r1) + ',' + f(r1) + ' 0 ' + large + ',1 ' + pt(r1, a1);
		if (r0 > 0) p += 'L' + pt(r0, a1) + 'A' + f(r0) + ',' + f(r0) + ' 0 ' + large + ',0 ' + pt(r0, a0);
		else p += 'L' + f(cx) + ',' + f(cy);
		return '<path d="' + p + 'Z"';
	}
	function exportSvg() {
		const out = [];
		const close = (tag) => '<\/' + tag + '>';
		out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + ' ' + H + '" font-family="sans-serif" font-size="12">');
		out.push('<rect width="100%" height="100%" fill="' + xml(theme.bg) + '"/>');
		ctx.font = '12px system-ui, sans-serif';
		for (let d = 0; d < levels.length; d++)
			for (const b of levels[d]) {
				const n = b.node;
				const title = (n.kind === K_FN ? label(n.f) : boxName(n)) + ' \u2014 ' + fmtTime(n.t) + (n.exact ? '' : ' (estimated)');
				out.push('<g><title>' + xml(title) + close('title') + svgPath(d, b.x0, b.x1) + ' fill="' + xml(boxColor(n)) + '" stroke="' + xml(theme.line) + '" stroke-width="0.5"' + (n.exact ? '' : ' fill-opacity="0.75"') + '/>');
				const l = labelOf(b, d);
				if (l && l.text && l.tangent) {
					const up = Math.sin(l.a) > 0;
					const deg = (up ? l.a - Math.PI / 2 : l.a + Math.PI / 2) * 180 / Math.PI;
					out.push('<text transform="translate(' + (geo.cx + l.r * Math.cos(l.a)).toFixed(1) + ',' + (geo.cy + l.r * Math.sin(l.a)).toFixed(1) + ') rotate(' + deg.toFixed(2) + ')" text-anchor="middle" dominant-baseline="middle" fill="' + xml(theme.fg) + '">' + xml(l.text) + close('text'));
				} else if (l && l.text && !l.radial)
					out.push('<text x="' + l.x.toFixed(1) + '" y="' + l.y.toFixed(1) + '" dominant-baseline="middle" fill="' + xml(theme.fg) + '"' + (l.center ? ' text-anchor="middle"' : '') + '>' + xml(l.text) + close('text'));
				else if (l && l.text && l.radial) {
					const flip = Math.cos(l.a) < 0;
					const deg = (flip ? l.a + Math.PI : l.a) * 180 / Math.PI;
					out.push('<text transform="translate(' + geo.cx.toFixed(1) + ',' + geo.cy.toFixed(1) + ') rotate(' + deg.toFixed(2) + ')" x="' + (flip ? -l.r : l.r).toFixed(1) + '" y="0" text-anchor="middle" dominant-baseline="middle" fill="' + xml(theme.fg) + '">' + xml(l.text) + close('text'));
				}
				out.push(close('g'));
			}
		out.push(close('svg'));
		save(fileBase() + '-' + S.view + '.svg', new Blob([out.join('\n')], { type: 'image/svg+xml' }));
	}
	function exportPng() {
		canvas.toBlob((blob) => {
			if (blob) save(fileBase() + '-' + S.view + '.png', blob);
		}, 'image/png');
	}

	/* ---------------------------------------------------- start */
	const stats = { first: 0, draws: 0, lastDraw: 0, lastHover: 0 };
	/* read-only hooks for the browser tests and the benchmark */
	window.pvViewer = {
		stats,
		state: () => JSON.parse(JSON.stringify(S)),
		label: (f) => label(f),
		find: (text) => {
			for (let f = 0; f < NF; f++) if (label(f) === text) return f;
			return -1;
		},
		/* centres (CSS px, relative to the canvas) of the drawn boxes of f */
		boxes: (f) => {
			const out = [];
			for (let d = 0; d < levels.length; d++)
				for (const b of levels[d]) {
					if (f !== undefined && !(b.node.kind === K_FN && b.node.f === f)) continue;
					let x, y;
					if (S.view === 'icicle') {
						x = (b.x0 + b.x1) / 2 * W;
						y = (d + 0.5) * geo.rowH;
					} else {
						const a = (b.x0 + b.x1) * Math.PI - Math.PI / 2;
						const r = d === 0 ? 0 : (d + 0.5) * geo.ring;
						x = geo.cx + r * Math.cos(a);
						y = geo.cy + r * Math.sin(a);
					}
					out.push({ x, y, d, f: b.node.f, kind: b.node.kind, t: b.node.t, exact: b.node.exact,
						px: (b.x1 - b.x0) * extentPx(), label: boxName(b.node), color: boxColor(b.node),
						palette: b.node.kind === K_FN ? fnColor(b.node.f, false) : null });
				}
			return out;
		},
		viewRoot: () => ({ f: viewRoot.f, kind: viewRoot.kind, t: viewRoot.t }),
		/* worst relative gap between a drawn node's time and its children's */
		checkExtents: () => {
			let worst = 0, nodes = 0;
			for (const l of levels)
				for (const b of l) {
					const n = b.node;
					if (!n.kids || !n.kids.length || !(n.t > 0)) continue;
					let sum = 0;
					for (const k of n.kids) sum += k.t;
					worst = Math.max(worst, Math.abs(sum - n.t) / n.t);
					nodes++;
				}
			return { worst, nodes };
		},
		maxTottime: () => {
			let best = 0;
			for (let f = 1; f < NF; f++) if (fTt[f] > fTt[best]) best = f;
			return { f: best, tt: fTt[best] };
		},
	};

	/* ---------------------------------------------------- diff mode */
	function fmtDelta(v) {
		if (!(v === v)) return '';
		return (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v).toFixed(3);
	}
	function fmtPct(v) {
		if (!(v === v)) return 'n/a';
		return (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v).toFixed(1) + '%';
	}
	/* Reads /api/diff (d) for this profile; s is the summary's "diff". */
	function loadDiff(s, d) {
		dTt = new Float64Array(N).fill(NaN);
		dCt = new Float64Array(N).fill(NaN);
		dPct = new Float64Array(N).fill(NaN);
		dNew = new Uint8Array(N);
		for (const r of d.functions) {
			if (!(r.id >= 0 && r.id < N)) continue;
			dTt[r.id] = num(r.delta.tt);
			dCt[r.id] = num(r.delta.ct);
			dPct[r.id] = r.pct.ct === null ? NaN : num(r.pct.ct);
			dNew[r.id] = r.status === 'new' ? 1 : 0;
		}
		diff = { summary: s, baseOnly: d.base_only.length };
		/* delta columns, before the name column */
		const nameTh = document.querySelector('#stats th[data-col="label"]');
		for (const [col, text, title] of [['dtt', '\u0394 tottime', 'tottime change from the base profile'],
			['dct', '\u0394 cumtime', 'cumtime change from the base profile'],
			['dpct', '\u0394%', 'cumtime change in percent of the base']]) {
			const th = el('th', 'delta', text);
			th.dataset.col = col;
			th.title = title;
			nameTh.before(th);
		}
		/* the legend: swatches and words, all text nodes */
		const lg = $('diff-legend');
		const sw = (cls, text) => {
			const sp = el('span', 'sw ' + cls);
			sp.setAttribute('aria-hidden', 'true');
			lg.append(sp, el('span', '', text));
		};
		lg.append(el('strong', '', 'Diff'), el('span', '', ' vs ' + basename(s.base) + ': '));
		sw('sw-up', 'slower');
		sw('sw-down', 'faster');
		sw('sw-same', 'unchanged');
		sw('sw-new', 'new');
		lg.append(el('span', 'muted', ' (cumtime; total ' + fmtTime(num(s.total_tt_base)) + ' \u2192 ' +
			fmtTime(num(s.total_tt_new)) + ', ' + fmtPct(num(s.total_tt_pct)) + '; ' +
			diff.baseOnly + ' functions gone)'));
		lg.hidden = false;
		sortCol = 'dct';
	}
	async function fetchJson(url) {
		const r = await fetch(url, { headers: { Accept: 'application/json' } });
		if (!r.ok) throw new Error(url + ': the server answered ' + r.status);
		return r.json();
	}

	async function start() {
		initTheme();
		const status = $('status');
		status.textContent = 'loading\u2026';
		try {
			const inline = $('pv-data');
			let data;
			if (inline) {
				data = JSON.parse(inline.textContent);
			} else {
				const r = await fetch('api/graph', { headers: { Accept: 'application/json' } });
				if (!r.ok) throw new Error('the server answered ' + r.status);
				data = await r.json();
			}
			loadGraph(data);
			if (!inline) {
				const s = await fetchJson('api/summary');
				if (s.diff) loadDiff(s.diff, await fetchJson('api/diff'));
			}
		} catch (e) {
			status.textContent = 'cannot load the profile: ' + e.message;
			return;
		}
		const srcs = summary.files.map((f) => basename(f.path));
		document.title = (srcs.length ? srcs.join(' + ') : 'profile') + ' \u2014 pstat-view';
		bind();
		lastHash = location.hash;
		fromHash(location.hash);
		render();
		buildRows();
		if (roots.length) showFunction(roots[0].f);
	}
	start();
})();
