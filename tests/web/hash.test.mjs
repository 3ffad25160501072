/* core/hash.js: the view state in the URL's hash, both ways (docs/viewer.md, "The URL"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultView, formatHash, parseHash, dirOf, VIEWS } from '../../web/core/hash.js';

test('the default state writes the fields that are always there', () => {
	assert.equal(formatHash(defaultView()), '#view=icicle&depth=10&cutoff=0.001');
	assert.deepEqual(parseHash('', 10, {}), defaultView());
	assert.deepEqual(parseHash('#', 10, {}), defaultView());
});

test('every field round-trips', () => {
	const S = Object.assign(defaultView(), {
		view: 'sandwich', fn: '/a b/c.py:12(f)', root: '{built-in method len}', zoom: [4, 7], depth: 5,
		cutoff: 0.01, q: 'a b&c=d/é', focus: 'json|re\\.', ignore: '(a+)+$', hide: '^<frozen ', show: 'x',
		group: 'package', node: 2, edge: 0.5, hops: 2, theme: 'gray', selfcolor: true, from: true, to: false, gdepth: 3,
	});
	const h = formatHash(S);
	assert.equal(h, '#view=sandwich&fn=/a%20b/c.py:12(f)&root=%7Bbuilt-in%20method%20len%7D&focus=json%7Cre%5C.' +
		'&ignore=(a%2B)%2B%24&hide=%5E%3Cfrozen%20&show=x&group=package&zoom=4.7&depth=5&cutoff=0.01' +
		'&q=a%20b%26c%3Dd/%C3%A9&node=2&edge=0.5&hops=2&theme=gray&selfcolor=1&from=1&gdepth=3');
	assert.deepEqual(parseHash(h, 10, {}), S);
	const T = Object.assign(defaultView(), { view: 'graph', top: true, depth: 60, cutoff: 0 });
	assert.equal(formatHash(T), '#view=graph&top=1&depth=60&cutoff=0');
	assert.deepEqual(parseHash(formatHash(T), 10, {}), T);
});

test('every view has a name; the callers view draws the bottom-up tree', () => {
	assert.deepEqual(VIEWS, ['icicle', 'flame', 'sunburst', 'callers', 'sandwich', 'graph', 'table']);
	for (const v of VIEWS) assert.equal(parseHash('#view=' + v, 10, {}).view, v);
	assert.equal(dirOf({ view: 'callers' }), 'callers');
	assert.equal(dirOf({ view: 'flame' }), 'calls');
	/* the viewer's links before the views */
	assert.equal(parseHash('#dir=callers', 10, {}).view, 'callers');
});

test('parseHash takes the default for anything unknown or out of range', () => {
	const S = parseHash('#view=pie&zoom=x.50.-1&depth=0&cutoff=1&top=yes&group=module&node=-1&edge=101&hops=65&q=%E0%A4%A', 10, {});
	assert.deepEqual(S, defaultView());
	assert.deepEqual(parseHash('#zoom=1.x.2.50&depth=61', 10, {}).zoom, [1, 2]);
	assert.equal(parseHash('#depth=61', 10, {}).depth, 10);
	assert.equal(parseHash('#cutoff=-0.1', 10, {}).cutoff, 0.001);
	assert.equal(parseHash('#cutoff=0.05', 10, {}).cutoff, 0.05);
	assert.equal(parseHash('#hide=' + 'a'.repeat(1001), 10, {}).hide, '');
	assert.equal(parseHash('#hide=' + 'a'.repeat(1000), 10, {}).hide.length, 1000);
	/* top=1 only without a zoom path */
	assert.equal(parseHash('#zoom=1&top=1', 10, {}).top, false);
	/* a field without a value, or with '=' inside one */
	assert.equal(parseHash('#q&q=a=b', 10, {}).q, 'a=b');
});

test('parseHash fills the object it is given', () => {
	const S = { view: 'sunburst', extra: 1 };
	assert.equal(parseHash('#view=callers', 10, S), S);
	assert.equal(S.view, 'callers');
	assert.equal(S.extra, 1);
});
