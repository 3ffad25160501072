/*
 * core/graph.js - the call GRAPH as the viewer holds it: the function
 * table and the edge list of /api/graph (or of an exported page's
 * <script id="pv-data">) in typed arrays, with each function's outgoing
 * and incoming edges indexed.  DOM-free.
 */

export const BUILTIN = 8;   /* function flag: a built-in (C) function */
export const EDGE_INT = 1;  /* edge flag: profile-module entry, counts only */

/* A count or time of the API: a number, a decimal string (|n| >= 2^53) or null. */
export function num(v) {
	return v === null ? NaN : typeof v === 'string' ? Number(v) : v;
}

/* Builds the graph object from the /api/graph answer `d`. */
export function loadGraph(d) {
	const fn = d.functions, ed = d.edges;
	const summary = d.summary;
	const N = fn.count, E = ed.count;
	const G = {
		summary, N, NF: summary.functions, files: d.files,
		fName: fn.name, fText: fn.text,
		fFile: Int32Array.from(fn.file),
		fLine: Float64Array.from(fn.line),
		fFlags: Uint32Array.from(fn.flags),
		fNc: Float64Array.from(fn.nc, num),
		fCc: Float64Array.from(fn.cc, num),
		fTt: Float64Array.from(fn.tt, num),
		fCt: Float64Array.from(fn.ct, num),
		E,
		eCaller: Uint32Array.from(ed.caller),
		eCallee: Uint32Array.from(ed.callee),
		eNc: Float64Array.from(ed.nc, num),
		eCc: Float64Array.from(ed.cc, num),
		eNcText: ed.nc,
		eCcText: ed.cc,
		eTt: Float64Array.from(ed.tt, num),
		eCt: Float64Array.from(ed.ct, num),
		eFlags: Uint32Array.from(ed.flags),
		outStart: new Uint32Array(N + 1),
		inStart: new Uint32Array(N + 1),
		outEdge: new Uint32Array(E),
		inEdge: new Uint32Array(E),
		/* callers of each function, recursion and caller-only keys excluded */
		nCallers: new Uint32Array(N),
		roots: [], totalT: 0,
		labels: [],
	};
	const { eCaller, eCallee, outStart, inStart, nCallers } = G;
	for (let e = 0; e < E; e++) {
		outStart[eCaller[e] + 1]++;
		inStart[eCallee[e] + 1]++;
		if (eCaller[e] < G.NF && eCaller[e] !== eCallee[e])
			nCallers[eCallee[e]]++;
	}
	for (let i = 0; i < N; i++) {
		outStart[i + 1] += outStart[i];
		inStart[i + 1] += inStart[i];
	}
	const o = outStart.slice(0, N), n = inStart.slice(0, N);
	for (let e = 0; e < E; e++) {
		G.outEdge[o[eCaller[e]]++] = e;
		G.inEdge[n[eCallee[e]]++] = e;
	}
	G.roots = summary.roots.map((r) => ({ f: r.id, t: num(r.time) }));
	let totalT = num(summary.total_tt);
	let sum = 0;
	for (const r of G.roots) sum += r.t > 0 ? r.t : 0;
	/* roots may overlap (nested exec), yet never scale them at the top */
	if (!(totalT >= sum)) totalT = sum;
	G.totalT = totalT;
	return G;
}

/* pstats' func_std_string */
export function label(G, f) {
	let s = G.labels[f];
	if (s === undefined) {
		const nm = G.fName[f];
		if (G.fFlags[f] & BUILTIN)
			s = nm.length > 1 && nm[0] === '<' && nm[nm.length - 1] === '>'
				? '{' + nm.slice(1, -1) + '}' : nm;
		else
			s = G.files[G.fFile[f]] + ':' + G.fLine[f] + '(' + nm + ')';
		G.labels[f] = s;
	}
	return s;
}

export function basename(p) {
	const i = p.lastIndexOf('/');
	return i >= 0 && i < p.length - 1 ? p.slice(i + 1) : p;
}

/* what a box says: the function first, where it lives after */
export function shortLabel(G, f) {
	if (G.fFlags[f] & BUILTIN) return label(G, f);
	return G.fName[f] + ' (' + basename(G.files[G.fFile[f]]) + ':' + G.fLine[f] + ')';
}

/* "file:line", or "built-in" */
export function place(G, f) {
	return (G.fFlags[f] & BUILTIN) ? 'built-in' : G.files[G.fFile[f]] + ':' + G.fLine[f];
}

/* caller->callee cumulative time; profile-module edges have only counts */
export function edgeCt(G, e) {
	if (G.eFlags[e] & EDGE_INT) {
		const c = G.eCallee[e];
		return G.fNc[c] > 0 ? G.fCt[c] * G.eNc[e] / G.fNc[c] : 0;
	}
	return G.eCt[e];
}

/* The first function (id) whose label is `text`, or -1. */
export function findLabel(G, text) {
	for (let f = 0; f < G.NF; f++) if (label(G, f) === text) return f;
	return -1;
}

/*
 * Diff mode (serve --diff): /api/diff (d) for this profile, s the
 * summary's "diff".  Per function id of this (NEW) profile: tt, ct (the
 * changes), pct (of cumtime, NaN when unknown), isNew.
 */
export function loadDiff(G, s, d) {
	const N = G.N;
	const D = {
		summary: s, baseOnly: d.base_only.length,
		tt: new Float64Array(N).fill(NaN),
		ct: new Float64Array(N).fill(NaN),
		pct: new Float64Array(N).fill(NaN),
		isNew: new Uint8Array(N),
	};
	for (const r of d.functions) {
		if (!(r.id >= 0 && r.id < N)) continue;
		D.tt[r.id] = num(r.delta.tt);
		D.ct[r.id] = num(r.delta.ct);
		D.pct[r.id] = r.pct.ct === null ? NaN : num(r.pct.ct);
		D.isNew[r.id] = r.status === 'new' ? 1 : 0;
	}
	return D;
}
