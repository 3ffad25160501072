/*
 * views/export.js - the SVG and PNG buttons: the current view as a file.
 */
import { app } from '../state.js';
import { K_FN, basename } from '../core/ctree.js';
import { fmtTime, xml, fileBase } from '../core/format.js';
import { svgBoxPath } from '../core/layout.js';
import { canvas, ctx, chartView, boxName, boxColor, labelOf, extent } from './chart.js';

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

const TOP = 30, BOTTOM = 30;  /* px above the chart for the title, below it for the legend */

/* The exported chart's title: the profile's files, the view, the box at full width. */
function svgTitle() {
	const { S, summary, viewRoot, tree } = app;
	const files = (summary.files || []).map((f) => basename(f.path)).join(' + ') || 'profile';
	let t = files + ' \u2014 ' + S.view + ', ' + (S.view === 'callers' ? 'callers (bottom-up from self time)' : 'callees (top-down)');
	if (S.root) t += ', root ' + S.root;
	if (viewRoot && tree && viewRoot !== tree.root) t += ', from ' + boxName(viewRoot);
	if (viewRoot) t += ' (' + fmtTime(viewRoot.t) + ')';
	return t;
}

/* the hatching of estimated boxes, the canvas's (views/chart.js) as an SVG pattern */
function hatchDef(dark) {
	return '<pattern id="pv-hatch" width="8" height="8" patternUnits="userSpaceOnUse">' +
		'<path d="M-2,10L10,-2M6,10L10,6M-2,2L2,-2" fill="none" stroke-width="2" stroke="' + (dark ? '#000000' : '#ffffff') +
		'" stroke-opacity="' + (dark ? '0.35' : '0.55') + '"/>' + '<\/pattern>';
}

/*
 * The chart as an SVG file: a title (the profile, the view), every box
 * (estimated ones hatched with a <pattern>, as on the canvas), then every
 * label, so no box covers a label, and a legend.
 */
export function exportSvg() {
	const { W, H, geo, theme, levels, S } = app;
	const view = chartView();
	/* written so, this file never holds the characters that end an inline script */
	const close = (tag) => '<\/' + tag + '>';
	const shapes = [], labels = [], defs = [hatchDef(theme.dark)];
	const ext = extent();
	const sample = { exact: null, est: null };
	ctx.font = '12px system-ui, sans-serif';
	for (let d = 0; d < levels.length; d++)
		for (const b of levels[d]) {
			const n = b.node;
			const est = n.kind === K_FN && !n.exact;
			const title = (n.kind === K_FN && app.fns.has(n.f) ? app.fns.get(n.f).label : boxName(n)) + ' \u2014 ' + fmtTime(n.t) + (est ? ' (estimated)' : '');
			const path = svgBoxPath(S.view, W, geo, d, b.x0, b.x1);
			const fill = boxColor(n);
			let g = '<g><title>' + xml(title) + close('title') + path + ' fill="' + xml(fill) + '" stroke="' + xml(theme.line) + '" stroke-width="0.5"/>';
			if (est && (b.x1 - b.x0) * ext > 2) g += path + ' fill="url(#pv-hatch)"/>';
			shapes.push(g + close('g'));
			if (n.kind === K_FN) {
				if (est && !sample.est) sample.est = fill;
				if (!est && !sample.exact) sample.exact = fill;
			}
			const l = labelOf(b, d);
			if (l && l.text) labels.push(view.svgLabel(geo, l, theme.fg, xml, close, 'pv-l' + labels.length, defs));
		}
	/* the legend: swatches, then (with every text) their words */
	const items = [
		['exact', sample.exact || sample.est || theme.other, false],
		['estimated (hatched)', sample.est || sample.exact || theme.other, true],
		['other: smaller calls, calls not expanded', theme.other, false],
		['not placed', theme.rest, false],
	];
	const swatches = [], words = [];
	let x = 10;
	const y = TOP + H + 9;
	for (const [word, fill, hatched] of items) {
		const r = '<rect x="' + x + '" y="' + y + '" width="14" height="12" stroke="' + xml(theme.line) + '" stroke-width="0.5"';
		swatches.push(r + ' fill="' + xml(fill) + '"/>' + (hatched ? r + ' fill="url(#pv-hatch)"/>' : ''));
		words.push('<text x="' + (x + 20) + '" y="' + (y + 6) + '" dominant-baseline="middle" fill="' + xml(theme.fg) + '">' + xml(word) + close('text'));
		x += 20 + Math.ceil(ctx.measureText(word).width) + 18;
	}
	const out = [];
	out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + (H + TOP + BOTTOM) + '" viewBox="0 0 ' + W + ' ' + (H + TOP + BOTTOM) + '" font-family="system-ui, sans-serif" font-size="12">');
	out.push('<defs>' + defs.join('') + close('defs'));
	out.push('<rect width="100%" height="100%" fill="' + xml(theme.bg) + '"/>');
	out.push('<g transform="translate(0,' + TOP + ')">', ...shapes, close('g'));
	out.push(...swatches);
	out.push('<g transform="translate(0,' + TOP + ')">', ...labels, close('g'));
	out.push('<text x="10" y="' + (TOP / 2) + '" dominant-baseline="middle" font-size="14" font-weight="600" fill="' + xml(theme.fg) + '">' + xml(svgTitle()) + close('text'));
	out.push(...words);
	out.push(close('svg'));
	save(fileBase(app.summary) + '-' + S.view + '.svg', new Blob([out.join('\n')], { type: 'image/svg+xml' }));
}

export function exportPng() {
	canvas.toBlob((blob) => {
		if (blob) save(fileBase(app.summary) + '-' + app.S.view + '.png', blob);
	}, 'image/png');
}
