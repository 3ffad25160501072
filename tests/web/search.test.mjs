/* core/search.js: matched functions and the time their boxes cover. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTree, addFunctions } from '../../web/core/ctree.js';
import { layoutTree } from '../../web/core/layout.js';
import { matcher, matchFunctions, coverage } from '../../web/core/search.js';
import { tree } from './fixture.mjs';

const S = { view: 'icicle', dir: 'calls', focus: -1, zoom: [], depth: 3, cutoff: 0, q: '' };

test('matcher: plain text, case-blind; an empty query matches nothing', () => {
	assert.equal(matcher(''), null);
	const m = matcher('A.PY:1');
	assert.ok(m('a.py:1(main)'));
	assert.ok(m('a.py:10(f)'));
	assert.ok(!m('b.py:5(g)'));
	/* regex characters are text: nothing a link carries can take long */
	assert.ok(matcher('(a+)+$')('x(a+)+$y'));
	assert.ok(!matcher('(a+)+$')('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'));
});

test('coverage counts every matching box but a box\'s time only once', () => {
	const fns = new Map();
	addFunctions(fns, tree());
	const T = readTree(tree());
	const L = layoutTree(T.root, S, 800, 600);
	let hits = matchFunctions(fns, matcher('('));
	assert.deepEqual([...hits].sort(), [0, 1, 2]);
	hits = matchFunctions(fns, (l) => /\((f|g)\)$/.test(l));
	/* f (6 s) with g inside it (3 s, covered), and g under main (1 s) */
	assert.deepEqual(coverage(L.levels, T.root, hits), { boxes: 3, t: 7 });
	hits = matchFunctions(fns, matcher('(g)'));
	assert.deepEqual(coverage(L.levels, T.root, hits), { boxes: 2, t: 4 });
});
