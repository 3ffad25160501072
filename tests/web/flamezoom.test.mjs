/* core/flamezoom.js: the flame graph SVG's zoom and labels. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLabel, frameView, detailsText } from '../../web/core/flamezoom.js';

test('fitLabel: whole, shortened with "..", or nothing under 3 characters', () => {
	/* (w - 6) / 6.7 characters fit */
	assert.equal(fitLabel('abcdef', 46.2, 6.7), 'abcdef');
	assert.equal(fitLabel('abcdef', 39.5, 6.7), 'abc..');
	assert.equal(fitLabel('abcdef', 26.1, 6.7), 'a..');
	assert.equal(fitLabel('abcdef', 25, 6.7), '');
	assert.equal(fitLabel('abc', NaN, 6.7), '');
	/* code points, not UTF-16 units: an emoji is one character */
	assert.equal(fitLabel('\u00e9\u00e9\u00e9\u00e9\u00e9\u{1F600}x', 6 + 5 * 6.7, 6.7), '\u00e9\u00e9\u00e9..');
	assert.equal(fitLabel('ab\u{1F600}', 6 + 3 * 6.7, 6.7), 'ab\u{1F600}');
});

test('frameView: ancestors full width, the zoomed subtree stretched, the rest hidden', () => {
	const z = { x: 200, w: 100, d: 2 };
	assert.deepEqual(frameView({ x: 0, w: 1000, d: 0 }, z, 1000), { shown: true, anc: true, x: 0, w: 1000 });
	assert.deepEqual(frameView({ x: 150, w: 150, d: 1 }, z, 1000), { shown: true, anc: true, x: 0, w: 1000 });
	assert.deepEqual(frameView(z, z, 1000), { shown: true, anc: false, x: 0, w: 1000 });
	assert.deepEqual(frameView({ x: 250, w: 50, d: 3 }, z, 1000), { shown: true, anc: false, x: 500, w: 500 });
	assert.equal(frameView({ x: 300, w: 10, d: 2 }, z, 1000).shown, false);  /* a sibling */
	assert.equal(frameView({ x: 210, w: 10, d: 1 }, z, 1000).shown, false);  /* above, not containing z */
	/* rounding in the SVG's attributes: within 1e-6 px still counts */
	assert.equal(frameView({ x: 200.0000005, w: 99.9999995, d: 3 }, z, 1000).shown, true);
	assert.equal(frameView({ x: 199.99, w: 50, d: 3 }, z, 1000).shown, false);
	assert.deepEqual(frameView({ x: 250, w: 50, d: 3 }, null, 1000), { shown: true, anc: false, x: 250, w: 50 });
});

test('detailsText joins the title\'s lines', () => {
	assert.equal(detailsText('f (a.py:1)\n2.000 s\n50%'), 'f (a.py:1) \u2014 2.000 s \u2014 50%');
});
