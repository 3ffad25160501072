/* core/tree.js: the call tree as the viewer expands it from the graph. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGraph } from '../../web/core/graph.js';
import { createTree, nodePath, boxName, BUDGET, K_FN, K_ROOT, K_OTHER, K_REST, K_EST } from '../../web/core/tree.js';
import { graph, make } from './fixture.mjs';

const calls = (o) => Object.assign({ dir: 'calls', focus: -1, exact: false, zoom: [] }, o);
/* [kind, f, t, exact] of each child */
const kids = (n) => n.kids.map((k) => [k.kind, k.f, +k.t.toFixed(9), k.exact]);

test('top-down: roots under the root, then callees by edge time, the rest as "self"', () => {
	const G = loadGraph(graph());
	const T = createTree(G);
	const o = calls();
	const root = T.baseRoot(o);
	assert.equal(root.kind, K_ROOT);
	assert.equal(root.t, 8);
	T.ensureKids(root, 0, o);
	assert.deepEqual(kids(root), [[K_FN, 0, 8, true]]);
	const main = root.kids[0];
	T.ensureKids(main, 0, o);
	/* f has one caller: exact; g has two: estimated; main's own 1 s: self */
	assert.deepEqual(kids(main), [[K_FN, 1, 6, true], [K_FN, 2, 1, false], [K_REST, -1, 1, true]]);
	assert.equal(main.kids[2].ref, 0);
	const f = main.kids[0];
	T.ensureKids(f, 0, o);
	assert.deepEqual(kids(f), [[K_FN, 2, 3, false], [K_REST, -1, 3, true]]);
	assert.equal(f.kids[0].depth, 3);
	assert.deepEqual(nodePath(f.kids[0]), [0, 1, 2]);
	assert.equal(boxName(G, f.kids[1], 'calls'), 'self');
	assert.equal(boxName(G, root, 'calls'), 'all (1 root)');
	assert.equal(boxName(G, f, 'calls'), 'f (a.py:10)');
});

test('children under the cutoff merge into one "other" box; exact only sets estimates apart', () => {
	const G = loadGraph(graph());
	const T = createTree(G);
	let o = calls();
	const main = T.resolveZoom(calls({ zoom: [0] })).node;
	T.expand(main, 1.5, o);
	/* g (1 s) and self (1 s) are under 1.5 s */
	assert.deepEqual(kids(main), [[K_FN, 1, 6, true], [K_OTHER, -1, 2, false]]);
	assert.equal(main.kids[1].n, 2);
	assert.equal(main.otherMax, 1);
	assert.equal(boxName(G, main.kids[1], 'calls'), '2 smaller calls');
	/* a cached expansion at a finer cutoff serves a coarser one */
	const before = main.kids;
	T.ensureKids(main, 3, o);
	assert.equal(main.kids, before);
	/* a finer one than was made expands again, keeping the function nodes */
	T.ensureKids(main, 0.5, o);
	assert.equal(main.kids[0], before[0]);
	assert.equal(main.kids.length, 3);
	o = calls({ exact: true });
	T.expand(main, 0, o);
	assert.deepEqual(kids(main), [[K_FN, 1, 6, true], [K_REST, -1, 1, true], [K_EST, -1, 1, false]]);
	assert.equal(boxName(G, main.kids[2], 'calls'), 'estimated (1 function)');
});

test('callees worth more than the caller are scaled down, and all are estimated', () => {
	const d = make([
		{ file: 'a.py', line: 1, name: 'a', tt: 0, ct: 2, nc: 1 },
		{ file: 'a.py', line: 2, name: 'b', tt: 2, ct: 2, nc: 1 },
		{ file: 'a.py', line: 3, name: 'c', tt: 1, ct: 1, nc: 1 },
	], [[0, 1, 1, 2, 2], [0, 2, 1, 1, 1]], { total_tt: 2, roots: [{ id: 0, time: 2 }] });
	const G = loadGraph(d);
	const T = createTree(G);
	const o = calls({ focus: 0 });
	const a = T.baseRoot(o);
	assert.equal(a.kind, K_FN);
	assert.equal(a.t, 2);
	T.ensureKids(a, 0, o);
	/* 3 s of callees in 2 s: each 2/3 of its edge time, no self box */
	assert.deepEqual(kids(a), [[K_FN, 1, 1.333333333, false], [K_FN, 2, 0.666666667, false]]);
});

test('recursion: a callee already on the path is dropped, its time stays in "self"', () => {
	const d = make([
		{ file: 'r.py', line: 1, name: 'a', tt: 1, ct: 4, nc: 2, cc: 1 },
		{ file: 'r.py', line: 2, name: 'b', tt: 1, ct: 3, nc: 1 },
	], [[0, 1, 1, 1, 3], [1, 0, 1, 1, 2]], { total_tt: 2, roots: [{ id: 0, time: 4 }] });
	const G = loadGraph(d);
	const T = createTree(G);
	const o = calls();
	const b = T.resolveZoom(calls({ zoom: [0, 1] })).node;
	assert.equal(b.f, 1);
	T.ensureKids(b, 0, o);
	assert.deepEqual(kids(b), [[K_REST, -1, 3, true]]);  /* b has one caller: exact */
	/* more than b's own 1 s: the dropped recursive call is in it */
	assert.equal(boxName(G, b.kids[0], 'calls'), 'self + recursive calls');
});

test('bottom-up: self times under the root, then callers by their share', () => {
	const G = loadGraph(graph());
	const T = createTree(G);
	const o = calls({ dir: 'callers' });
	const root = T.baseRoot(o);
	assert.equal(root.t, 8);
	T.ensureKids(root, 0, o);
	assert.deepEqual(kids(root), [[K_FN, 2, 4, true], [K_FN, 1, 3, true], [K_FN, 0, 1, true]]);
	assert.equal(boxName(G, root, 'callers'), 'all self time');
	const g = root.kids[0];
	T.ensureKids(g, 0, o);
	/* g's 4 s of self time split by the callers' tottime of it: 3 from f, 1 from main */
	assert.deepEqual(kids(g), [[K_FN, 1, 3, true], [K_FN, 0, 1, true]]);
	const f = g.kids[0];
	T.ensureKids(f, 0, o);
	/* then by cumulative time: f's one caller, main, gets it all */
	assert.deepEqual(kids(f), [[K_FN, 0, 3, true]]);
	const main = f.kids[0];
	T.ensureKids(main, 0, o);
	/* main's caller is the caller-only key: its time is "outside" */
	assert.deepEqual(kids(main), [[K_REST, -1, 3, true]]);
	assert.equal(boxName(G, main.kids[0], 'callers'), '(outside callers / recursion)');
});

test('bottom-up: the first level splits by the callers\' tottime, deeper ones by cumtime', () => {
	/* c is called by x (1 s of c's self time, 5 s of its cumtime) and y (3 s, 3 s) */
	const d = make([
		{ file: 'c.py', line: 1, name: 'x', tt: 0, ct: 5, nc: 1 },
		{ file: 'c.py', line: 2, name: 'y', tt: 0, ct: 3, nc: 1 },
		{ file: 'c.py', line: 3, name: 'c', tt: 4, ct: 8, nc: 2 },
	], [[0, 2, 1, 1, 5], [1, 2, 1, 3, 3]], { total_tt: 4, roots: [{ id: 0, time: 5 }, { id: 1, time: 3 }] });
	const G = loadGraph(d);
	const T = createTree(G);
	const o = calls({ dir: 'callers' });
	const root = T.baseRoot(o);
	T.ensureKids(root, 0, o);
	const c = root.kids[0];
	assert.equal(c.f, 2);
	T.ensureKids(c, 0, o);
	assert.deepEqual(kids(c), [[K_FN, 1, 3, true], [K_FN, 0, 1, true]]);
	/* focused on c, its 8 s of cumtime split 5:3 */
	const o2 = calls({ dir: 'callers', focus: 2 });
	const f = T.baseRoot(o2);
	T.ensureKids(f, 0, o2);
	assert.deepEqual(kids(f), [[K_FN, 0, 5, true], [K_FN, 1, 3, true]]);
});

test('resolveZoom follows the ids that exist and drops the rest', () => {
	const G = loadGraph(graph());
	const T = createTree(G);
	let r = T.resolveZoom(calls({ zoom: [0, 1, 2] }));
	assert.deepEqual(r.path, [0, 1, 2]);
	assert.equal(r.node.f, 2);
	assert.equal(r.node.t, 3);
	r = T.resolveZoom(calls({ zoom: [0, 3, 1] }));
	assert.deepEqual(r.path, [0]);
	assert.equal(r.node.f, 0);
	/* a zoom into a child under the cutoff still finds it */
	const T2 = createTree(G);
	T2.ensureKids(T2.baseRoot(calls()), 0, calls());
	const main = T2.baseRoot(calls()).kids[0];
	T2.ensureKids(main, 5, calls());
	assert.equal(main.kids.find((k) => k.f === 2), undefined);
	r = T2.resolveZoom(calls({ zoom: [0, 2] }));
	assert.deepEqual(r.path, [0, 2]);
});

test('the root is kept while dir, focus and exact hold; reset drops it', () => {
	const G = loadGraph(graph());
	const T = createTree(G);
	const a = T.baseRoot(calls());
	assert.equal(T.baseRoot(calls({ zoom: [0] })), a);
	assert.notEqual(T.baseRoot(calls({ exact: true })), a);
	const b = T.baseRoot(calls({ exact: true }));
	T.reset();
	assert.notEqual(T.baseRoot(calls({ exact: true })), b);
	/* a focus out of range means no focus */
	assert.equal(T.baseRoot(calls({ focus: 99 })).kind, K_ROOT);
});

test('the node budget stops expansion and marks the node truncated', () => {
	const G = loadGraph(graph());
	const T = createTree(G);
	const o = calls();
	const root = T.baseRoot(o);
	T.startDraw();
	assert.equal(T.budgetReached(), false);
	T.built = BUDGET;
	assert.equal(T.budgetReached(), true);
	T.ensureKids(root, 0, o);
	assert.equal(root.kids, null);
	assert.equal(root.trunc, true);
	T.startDraw();
	T.ensureKids(root, 0, o);
	assert.equal(root.kids.length, 1);
	assert.equal(root.trunc, false);
	assert.equal(T.built, 1);
});
