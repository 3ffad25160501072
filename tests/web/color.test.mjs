/* core/color.js: the palette per file and name, the diff colours, box fills. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDiff } from '../../web/core/diff.js';
import { addFunctions, K_FN, K_ROOT, K_OTHER, K_UNPLACED, K_MORE } from '../../web/core/ctree.js';
import { hashStr, fnColor, diffColor, boxColor } from '../../web/core/color.js';
import { tree } from './fixture.mjs';

function fnsOf() {
	const fns = new Map();
	addFunctions(fns, tree());
	return fns;
}

test('hashStr is 32-bit FNV-1a', () => {
	assert.equal(hashStr(''), 0x811c9dc5);
	assert.equal(hashStr('a'), 0xe40c292c);
	assert.equal(hashStr('foobar'), 0xbf9cf968);
});

test('fnColor: the file picks the hue, the name nudges the lightness', () => {
	const G = fnsOf();
	const hues = new Map();
	/* a.py: hue 257; main: jitter -2, f: -6 */
	assert.equal(fnColor(G.get(0), false, false, hues), 'hsl(257,58%,68%)');
	assert.equal(fnColor(G.get(1), false, false, hues), 'hsl(257,58%,64%)');
	assert.equal(fnColor(G.get(0), true, false, hues), 'hsl(257,58%,80%)');
	assert.equal(fnColor(G.get(0), false, true, hues), 'hsl(257,42%,38%)');
	assert.equal(fnColor(G.get(0), true, true, hues), 'hsl(257,42%,28%)');
	assert.equal(hues.get('a.py'), 257);
	assert.equal(fnColor(G.get(2), false, false, hues), 'hsl(150,58%,76%)');
});

test('diffColor: red slower, green faster, stronger for larger changes', () => {
	const D = readDiff({
		base_only: [],
		functions: [
			{ id: 0, delta: { tt: 0, ct: 2 }, pct: { ct: 100 }, status: 'changed' },
			{ id: 1, delta: { tt: 0, ct: -1 }, pct: { ct: -10 }, status: 'changed' },
			{ id: 2, delta: { tt: 0, ct: 0.001 }, pct: { ct: 0.5 }, status: 'changed' },
			{ id: 3, delta: { tt: 0, ct: 1 }, pct: { ct: null }, status: 'new' },
		],
	});
	assert.equal(diffColor(D, 0, false), 'hsl(0,70%,56%)');
	assert.equal(diffColor(D, 1, false), 'hsl(120,70%,71%)');
	assert.equal(diffColor(D, 1, true), 'hsl(120,55%,35%)');
	assert.equal(diffColor(D, 2, false), 'hsl(0,0%,80%)');   /* under 1%: unchanged */
	assert.equal(diffColor(D, 3, false), 'hsl(210,60%,74%)'); /* new */
	assert.equal(diffColor(D, 3, true), 'hsl(210,45%,42%)');
	assert.equal(diffColor(D, 4, true), 'hsl(0,0%,38%)');     /* no change known */
	D.get(3).isNew = false;
	assert.equal(diffColor(D, 3, false), 'hsl(0,70%,56%)');   /* no percentage: full strength */
});

test('boxColor: the theme for synthetic boxes, the palette or the diff for functions', () => {
	const G = fnsOf();
	const theme = { dark: false, root: 'R', other: 'O', rest: 'S' };
	const hues = new Map();
	const box = (kind, f) => ({ kind, f });
	assert.equal(boxColor(G, box(K_ROOT, -1), theme, null, hues), 'R');
	assert.equal(boxColor(G, box(K_OTHER, -1), theme, null, hues), 'O');
	assert.equal(boxColor(G, box(K_MORE, -1), theme, null, hues), 'O');
	assert.equal(boxColor(G, box(K_UNPLACED, -1), theme, null, hues), 'S');
	assert.equal(boxColor(G, box(K_FN, 0), theme, null, hues), 'hsl(257,58%,68%)');
	const D = readDiff({ base_only: [], functions: [{ id: 0, delta: { tt: 0, ct: 2 }, pct: { ct: 100 }, status: 'changed' }] });
	assert.equal(boxColor(G, box(K_FN, 0), theme, D, hues), 'hsl(0,70%,56%)');
	assert.equal(boxColor(G, box(K_ROOT, -1), theme, D, hues), 'R');
});
