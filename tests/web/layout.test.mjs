/* core/layout.js: rows of boxes, chart geometry, hit tests, labels, SVG paths. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTree, K_FN, K_ROOT, K_OTHER, K_UNPLACED, K_MORE } from '../../web/core/ctree.js';
import { extentPx, pixelCutoff, geometry, layoutTree, boxCenter, hitTest, findBox, labelOf, svgBoxPath, checkExtents, fitMiddle, fitLabel } from '../../web/core/layout.js';
import { tree } from './fixture.mjs';

const S0 = { view: 'icicle', dir: 'calls', focus: -1, zoom: [], depth: 3, cutoff: 0, q: '' };
const row = (l) => l.map((b) => [b.node.kind, b.node.f, +b.x0.toFixed(6), +b.x1.toFixed(6)]);

/* the fixture's tree laid out from node `at` (0: the root) */
function laid(o, at) {
	const T = readTree(tree());
	const viewRoot = T.nodes[at || 0];
	const L = layoutTree(viewRoot, Object.assign({}, S0, o), 800, 600);
	L.viewRoot = viewRoot;
	return { T, L };
}

test('extent: the icicle\'s width, the sunburst\'s arc at half the radius', () => {
	assert.equal(extentPx('icicle', 800, 600), 800);
	assert.equal(extentPx('sunburst', 800, 600), Math.PI * 300);
});

test('geometry: icicle rows 14..30 px, sunburst rings share the radius', () => {
	assert.deepEqual(geometry('icicle', 800, 600, 4), { cx: 0, cy: 0, ring: 0, rowH: 30 });
	assert.deepEqual(geometry('icicle', 800, 200, 10), { cx: 0, cy: 0, ring: 0, rowH: 20 });
	assert.deepEqual(geometry('icicle', 800, 100, 10), { cx: 0, cy: 0, ring: 0, rowH: 14 });
	assert.deepEqual(geometry('sunburst', 800, 600, 4), { cx: 400, cy: 300, ring: 73, rowH: 0 });
	/* the radius is at least 40 px */
	assert.deepEqual(geometry('sunburst', 60, 60, 2), { cx: 30, cy: 30, ring: 20, rowH: 0 });
});

test('layoutTree: each row\'s boxes span their parent in proportion to time; self time is left blank', () => {
	const { L } = laid();
	assert.equal(L.levels.length, 4);
	assert.deepEqual(row(L.levels[0]), [[K_ROOT, -1, 0, 1]]);
	assert.deepEqual(row(L.levels[1]), [[K_FN, 0, 0, 1]]);
	/* main: f 6 s, g 1 s, and 1 s of its own */
	assert.deepEqual(row(L.levels[2]), [[K_FN, 1, 0, 0.75], [K_FN, 2, 0.75, 0.875]]);
	/* f: g 3 s, other 0.5 s, not placed 0.5 s, self 2 s */
	assert.deepEqual(row(L.levels[3]), [[K_FN, 2, 0, 0.375], [K_OTHER, -1, 0.375, 0.4375], [K_UNPLACED, -1, 0.4375, 0.5]]);
	assert.equal(L.drawn, 7);
	assert.deepEqual(L.geo, { cx: 0, cy: 0, ring: 0, rowH: 30 });
	assert.deepEqual(checkExtents(L.levels), { worst: 0, nodes: 4 });
});

test('layoutTree: depth, a zoomed root, and the calls not expanded', () => {
	let { L } = laid({ depth: 1 });
	assert.equal(L.levels.length, 2);
	assert.equal(L.drawn, 2);
	({ L } = laid({ depth: 2 }, 2));
	assert.equal(L.viewRoot.f, 1);
	assert.deepEqual(row(L.levels[1]), [[K_FN, 2, 0, 0.5], [K_OTHER, -1, 0.5, 7 / 12], [K_UNPLACED, -1, 7 / 12, 2 / 3].map((x) => typeof x === 'number' ? +x.toFixed(6) : x)].map((r) => r.map((x) => typeof x === 'number' ? +x.toFixed(6) : x)));
	assert.deepEqual(row(L.levels[2]), [[K_MORE, -1, 0, 1 / 6].map((x) => +x.toFixed(6))]);
	/* boxes under a quarter pixel are not drawn */
	const tiny = readTree(tree());
	tiny.nodes[5].t = 1e-9;
	const T2 = layoutTree(tiny.nodes[2], S0, 800, 600);
	assert.ok(T2.levels[1].every((b) => b.node.kind !== K_OTHER));
	assert.equal(pixelCutoff('icicle', 800, 600), 1 / 800);
});

test('boxCenter and hitTest agree, in both charts', () => {
	const { L } = laid();
	const geo = L.geo;
	const f = L.levels[2][0];
	assert.deepEqual(boxCenter('icicle', 800, geo, f, 2), { x: 300, y: 75 });
	assert.equal(hitTest(L.levels, 'icicle', 800, geo, 300, 75).node, f.node);
	/* main's own time is no box */
	assert.equal(hitTest(L.levels, 'icicle', 800, geo, 790, 75), null);
	assert.equal(hitTest(L.levels, 'icicle', 800, geo, 300, 200), null);
	/* a boundary belongs to the box that starts there */
	const Z = laid({ depth: 1 }, 2).L;
	assert.equal(hitTest(Z.levels, 'icicle', 800, Z.geo, 400, Z.geo.rowH * 1.5).node.kind, K_OTHER);
	assert.equal(hitTest(Z.levels, 'icicle', 800, Z.geo, 399, Z.geo.rowH * 1.5).node.f, 2);
	const sb = geometry('sunburst', 800, 600, 4);
	assert.equal(hitTest(L.levels, 'sunburst', 800, sb, 400, 300).node.kind, K_ROOT);
	/* straight up is x = 0, clockwise: right is 1/4, left 3/4 */
	assert.equal(hitTest(L.levels, 'sunburst', 800, sb, 400, 300 - 109.5).node.f, 0);
	assert.equal(hitTest(L.levels, 'sunburst', 800, sb, 400 + 182.5, 300).node.f, 1);
	assert.equal(hitTest(L.levels, 'sunburst', 800, sb, 400 - 182.5, 300).node.f, 2);
	/* f spans 0 .. 3/4 of the turn: its centre is 3/8 round, down to the right */
	const c = boxCenter('sunburst', 800, sb, f, 2);
	const k = 182.5 * Math.SQRT1_2;
	assert.ok(Math.abs(c.x - (400 + k)) < 1e-9 && Math.abs(c.y - (300 + k)) < 1e-9, JSON.stringify(c));
	assert.deepEqual(boxCenter('sunburst', 800, sb, L.levels[0][0], 0), { x: 400, y: 300 });
	assert.deepEqual(findBox(L.levels, L.viewRoot, f.node), { d: 2, x0: 0, x1: 0.75, node: f.node });
	assert.equal(findBox(L.levels, L.viewRoot, { depth: 9 }), null);
});

/* a fake font: every character 7 px wide */
const measure = (text) => 7 * text.length;

test('fitMiddle: cut in the middle, both ends kept', () => {
	assert.equal(fitMiddle('abcdefghij', 70, measure), 'abcdefghij');
	assert.equal(fitMiddle('abcdefghij', 69, measure), 'abcd\u2026ghij');
	assert.equal(fitMiddle('_find_and_load', 56, measure), '_fin\u2026oad');
	assert.equal(fitMiddle('abcdefghij', 35, measure), 'ab\u2026ij');
	/* under 4 characters: nothing */
	assert.equal(fitMiddle('abcdefghij', 34, measure), '');
	assert.equal(fitMiddle('abc', 0, measure), '');
	/* a surrogate pair is never split */
	const s = 'ab\ud83d\ude00cdefgh';
	const t = fitMiddle(s, 49, measure);
	assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/.test(t), JSON.stringify(t));
});

test('fitLabel: the function\'s name stays whole; the file is cut first, then the time, then the name', () => {
	const name = '_find_and_load (<frozen importlib._bootstrap>:1167)';
	assert.equal(fitLabel(name, 7 * name.length, measure), name);
	/* the file part is cut from its end, its line kept */
	assert.equal(fitLabel(name, 7 * 35, measure), '_find_and_load (<frozen impo\u2026:1167)');
	assert.equal(fitLabel(name, 7 * 29, measure), '_find_and_load (<froze\u2026:1167)');
	/* too short for 3 characters of the file: the name alone */
	assert.equal(fitLabel(name, 7 * 23, measure), '_find_and_load');
	/* too short for the name: cut in its middle */
	assert.equal(fitLabel(name, 7 * 10, measure), '_find\u2026load');
	/* the icicle's time goes with the file, before the name is cut */
	const t = '  486.90 ms';
	assert.equal(fitLabel('cli (pydoc.py:2760)', 7 * 30, measure, t), 'cli (pydoc.py:2760)  486.90 ms');
	assert.equal(fitLabel('cli (pydoc.py:2760)', 7 * 28, measure, t), 'cli (pydoc\u2026:2760)  486.90 ms');
	assert.equal(fitLabel('cli (pydoc.py:2760)', 7 * 15, measure, t), 'cli  486.90 ms');
	assert.equal(fitLabel('cli (pydoc.py:2760)', 7 * 13, measure, t), 'cli');
	assert.equal(fitLabel('cli (pydoc.py:2760)', 7 * 6, measure, t), 'cli');
	/* names without a place: the time goes, then the middle */
	const b = '{built-in method builtins.exec}';
	assert.equal(fitLabel(b, 7 * 31, measure, t), b);
	assert.equal(fitLabel(b, 7 * 12, measure, t), '{built\u2026exec}');
	assert.equal(fitLabel(b, 7, measure), '');
});

test('labelOf: icicle text with the time, sunburst centre, along a radius or curved along the ring, inside the box', () => {
	const { L } = laid();
	const f = L.levels[2][0];
	assert.deepEqual(labelOf(f, 2, 'f (a.py:10)', 'icicle', 800, L.geo, measure),
		{ text: 'f (a.py:10)  6.000 s', x: 3, y: 75 });
	const thin = { node: f.node, x0: 0, x1: 0.03 };
	assert.equal(labelOf(thin, 2, 'f', 'icicle', 800, L.geo, measure), null);
	/* a narrow icicle box keeps the name whole, cuts the file */
	const mid = { node: f.node, x0: 0, x1: 0.22 };
	assert.equal(labelOf(mid, 2, 'run (runner.py:192)', 'icicle', 800, L.geo, measure).text, 'run (runn\u2026:192)  6.000 s');
	const sb = geometry('sunburst', 800, 600, 4);
	const c = labelOf(L.levels[0][0], 0, 'all (1 root)', 'sunburst', 800, sb, measure);
	assert.deepEqual(c, { text: 'all (1 root)', x: 400, y: 300, center: true });
	/* the root's words are never cut: "all" where they do not fit */
	const small = geometry('sunburst', 800, 600, 12);
	assert.equal(labelOf(L.levels[0][0], 0, 'all self time', 'sunburst', 800, small, measure).text, 'all');
	/* f spans 3/4 of a 73 px ring: along the ring, at its middle radius */
	const r = labelOf(f, 2, 'f (a.py:10)', 'sunburst', 800, sb, measure);
	assert.equal(r.arc, true);
	assert.equal(r.text, 'f (a.py:10)');
	assert.equal(r.r, 182.5);
	assert.ok(Math.abs(r.a - Math.PI / 4) < 1e-12, String(r.a));
	/* a narrow wedge of a thick ring: along the radius, cut to the ring (73 - 8 px: 9 characters) */
	const wedge = { node: f.node, x0: 0.1, x1: 0.12 };
	const w = labelOf(wedge, 2, 'g_long_name (b.py:5)', 'sunburst', 800, sb, measure);
	assert.equal(w.radial, true);
	assert.equal(w.text, 'g_long_name'.length * 7 <= 65 ? 'g_long_name' : 'g_lo\u2026name');
	/* every label stays inside its box: within r0..r1, inside the wedge */
	let n = 0;
	for (const L2 of [20, 10, 6, 3]) {
		const g2 = geometry('sunburst', 800, 600, L2);
		for (const [x0, x1] of [[0, 1], [0, 0.5], [0.1, 0.3], [0.2, 0.23], [0.5, 0.52]]) {
			const l = labelOf({ node: f.node, x0, x1 }, 2, 'a_rather_long_function_name (somewhere.py:123)', 'sunburst', 800, g2, measure);
			if (!l) continue;
			const w2 = measure(l.text) / 2, h2 = 6.5;
			const r0 = 2 * g2.ring, r1 = 3 * g2.ring;
			n++;
			if (l.arc) {
				assert.ok(l.r - h2 >= r0 && l.r + h2 <= r1, JSON.stringify(l) + ' leaves its ring');
				assert.ok(2 * w2 <= l.room && l.room / l.r <= (x1 - x0) * 2 * Math.PI, JSON.stringify(l) + ' leaves its wedge');
				continue;
			}
			const corners = [[-w2, -h2], [w2, -h2], [-w2, h2], [w2, h2]].map(([u, v]) => [l.r + u, v]);
			for (const [along, side] of corners) {
				const dist = Math.hypot(along, side);
				assert.ok(dist >= r0 - 1e-9 && dist <= r1 + 1e-9, L2 + ' rings, ' + x0 + '..' + x1 + ': ' + JSON.stringify(l) + ' leaves its ring: ' + dist);
				const ang = l.a + Math.atan2(side, along) + Math.PI / 2;
				const frac = ((ang / (2 * Math.PI)) % 1 + 1) % 1;
				if (x1 - x0 < 1) assert.ok(frac >= x0 - 1e-9 && frac <= x1 + 1e-9, JSON.stringify(l) + ' leaves its wedge: ' + frac);
			}
		}
	}
	assert.ok(n >= 8, n + ' labels checked');
	/* rings too thin for a line: no label */
	const thinRings = geometry('sunburst', 800, 600, 30);
	assert.equal(labelOf(f, 2, 'f', 'sunburst', 800, thinRings, measure), null);
});

test('svgBoxPath: a rect, a full ring, a sector', () => {
	const geo = geometry('icicle', 800, 600, 4);
	assert.equal(svgBoxPath('icicle', 800, geo, 2, 0, 0.75), '<rect x="0.00" y="60.00" width="600.00" height="30.00"');
	const sb = geometry('sunburst', 800, 600, 4);
	assert.equal(svgBoxPath('sunburst', 800, sb, 1, 0, 1),
		'<path fill-rule="evenodd" d="M254.00,300.00a146.00,146.00 0 1,0 292.00,0a146.00,146.00 0 1,0 -292.00,0Z' +
		'M327.00,300.00a73.00,73.00 0 1,1 146.00,0a73.00,73.00 0 1,1 -146.00,0Z"');
	/* a box a hair short of the full turn (a sum of floats) is a ring too, not an arc from a point to itself */
	assert.equal(svgBoxPath('sunburst', 800, sb, 1, 0, 1 - 1e-9), svgBoxPath('sunburst', 800, sb, 1, 0, 1));
	assert.equal(svgBoxPath('sunburst', 800, sb, 0, 0, 0.25),
		'<path d="M400.00,227.00A73.00,73.00 0 0,1 473.00,300.00L400.00,300.00Z"');
	/* past half a turn, each arc is drawn in two halves */
	assert.equal(svgBoxPath('sunburst', 800, sb, 1, 0, 0.75),
		'<path d="M400.00,154.00A146.00,146.00 0 0,1 503.24,403.24A146.00,146.00 0 0,1 254.00,300.00' +
		'L327.00,300.00A73.00,73.00 0 0,0 451.62,351.62A73.00,73.00 0 0,0 400.00,227.00Z"');
	/* a sector almost round (1 px short) still has its gap */
	assert.ok(svgBoxPath('sunburst', 800, sb, 1, 0, 0.999).startsWith('<path d="M400.00,154.00A'));
});

test('checkExtents finds a node whose children do not add up', () => {
	const kid = { t: 1, kids: null };
	const bad = { t: 4, self: 0, kids: [kid, { t: 1 }] };
	assert.deepEqual(checkExtents([[{ node: bad }], [{ node: kid }]]), { worst: 0.5, nodes: 1 });
});
