/* core/graph.js: the graph's arrays and indexes, labels, edge times, the diff. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGraph, loadDiff, num, label, shortLabel, basename, place, edgeCt, findLabel } from '../../web/core/graph.js';
import { graph, make } from './fixture.mjs';

test('num reads numbers, decimal strings and null', () => {
	assert.equal(num(3.5), 3.5);
	assert.equal(num('9007199254740993'), 9007199254740992);
	assert.ok(Number.isNaN(num(null)));
});

test('loadGraph indexes each function\'s outgoing and incoming edges', () => {
	const G = loadGraph(graph());
	assert.equal(G.N, 5);
	assert.equal(G.NF, 4);
	assert.equal(G.E, 4);
	/* edges out of f: outEdge[outStart[f] .. outStart[f+1]) */
	const out = (f) => [...G.outEdge.slice(G.outStart[f], G.outStart[f + 1])].map((e) => G.eCallee[e]);
	const inn = (f) => [...G.inEdge.slice(G.inStart[f], G.inStart[f + 1])].map((e) => G.eCaller[e]);
	assert.deepEqual(out(0), [1, 2]);
	assert.deepEqual(out(1), [2]);
	assert.deepEqual(out(2), []);
	assert.deepEqual(out(4), [0]);
	assert.deepEqual(inn(0), [4]);
	assert.deepEqual(inn(2), [0, 1]);
	/* callers that are functions with stats; the caller-only key does not count */
	assert.deepEqual([...G.nCallers], [0, 1, 2, 0, 0]);
	assert.deepEqual(G.roots, [{ f: 0, t: 8 }]);
	assert.equal(G.totalT, 8);
	assert.equal(G.fCt[1], 6);
});

test('the total is never below the roots\' sum', () => {
	const d = graph();
	d.summary.total_tt = 5;
	d.summary.roots = [{ id: 0, time: 4 }, { id: 1, time: 3 }, { id: 2, time: -1 }];
	assert.equal(loadGraph(d).totalT, 7);
	d.summary.total_tt = null;
	assert.equal(loadGraph(d).totalT, 7);
	d.summary.total_tt = 9;
	assert.equal(loadGraph(d).totalT, 9);
});

test('labels are pstats\' func_std_string; short labels put the name first', () => {
	const G = loadGraph(graph());
	assert.equal(label(G, 0), 'a.py:1(main)');
	assert.equal(label(G, 3), '{built-in method len}');
	assert.equal(label(G, 4), 'profile:0(profiler)');
	assert.equal(shortLabel(G, 1), 'f (a.py:10)');
	assert.equal(shortLabel(G, 3), '{built-in method len}');
	assert.equal(place(G, 2), 'b.py:5');
	assert.equal(place(G, 3), 'built-in');
	assert.equal(findLabel(G, 'b.py:5(g)'), 2);
	assert.equal(findLabel(G, 'nope'), -1);
	const d = make([{ file: '/usr/lib/x.py', line: 7, name: 'h' }, { file: '~', line: 0, name: 'len', flags: 8 }],
		[], { total_tt: 0, roots: [] });
	const H = loadGraph(d);
	assert.equal(shortLabel(H, 0), 'h (x.py:7)');
	assert.equal(label(H, 1), 'len');  /* no angle brackets: the name as it is */
});

test('basename keeps a path ending in a slash', () => {
	assert.equal(basename('/a/b/c.py'), 'c.py');
	assert.equal(basename('c.py'), 'c.py');
	assert.equal(basename('dir/'), 'dir/');
});

test('edgeCt: cProfile edges carry their time, profile-module edges a share by calls', () => {
	const G = loadGraph(graph());
	assert.equal(edgeCt(G, 1), 6);
	const d = make([
		{ file: 'a.py', line: 1, name: 'a', tt: 1, ct: 10, nc: 1 },
		{ file: 'a.py', line: 2, name: 'b', tt: 8, ct: 8, nc: 4 },
	], [[0, 1, 3, 0, 0, 1]], { total_tt: 9, roots: [{ id: 0, time: 10 }] });
	const H = loadGraph(d);
	assert.equal(edgeCt(H, 0), 6);  /* 3 of b's 4 calls: 3/4 of its 8 s */
});

test('loadDiff reads the deltas per function id', () => {
	const G = loadGraph(graph());
	const D = loadDiff(G, { base: 'x' }, {
		base_only: [{}, {}],
		functions: [
			{ id: 1, delta: { tt: 0.5, ct: -1 }, pct: { ct: -12.5 }, status: 'changed' },
			{ id: 2, delta: { tt: 4, ct: 4 }, pct: { ct: null }, status: 'new' },
			{ id: 99, delta: { tt: 1, ct: 1 }, pct: { ct: 1 }, status: 'new' },
		],
	});
	assert.equal(D.baseOnly, 2);
	assert.equal(D.tt[1], 0.5);
	assert.equal(D.ct[1], -1);
	assert.equal(D.pct[1], -12.5);
	assert.ok(Number.isNaN(D.pct[2]));
	assert.ok(Number.isNaN(D.ct[0]));
	assert.deepEqual([...D.isNew], [0, 0, 1, 0, 0]);
});
