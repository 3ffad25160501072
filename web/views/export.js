/*
 * views/export.js - the SVG and PNG buttons: the current view as a file.
 */
import { app } from '../state.js';
import { K_FN } from '../core/ctree.js';
import { fmtTime, xml, fileBase } from '../core/format.js';
import { svgBoxPath } from '../core/layout.js';
import { canvas, ctx, chartView, boxName, boxColor, labelOf } from './chart.js';

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

export function exportSvg() {
	const { W, H, geo, theme, levels, S } = app;
	const view = chartView();
	const out = [];
	/* written so, this file never holds the characters that end an inline script */
	const close = (tag) => '<\/' + tag + '>';
	out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + ' ' + H + '" font-family="sans-serif" font-size="12">');
	out.push('<rect width="100%" height="100%" fill="' + xml(theme.bg) + '"/>');
	ctx.font = '12px system-ui, sans-serif';
	for (let d = 0; d < levels.length; d++)
		for (const b of levels[d]) {
			const n = b.node;
			const title = (n.kind === K_FN && app.fns.has(n.f) ? app.fns.get(n.f).label : boxName(n)) + ' \u2014 ' + fmtTime(n.t) + (n.exact || n.kind !== K_FN ? '' : ' (estimated)');
			out.push('<g><title>' + xml(title) + close('title') + svgBoxPath(S.view, W, geo, d, b.x0, b.x1) + ' fill="' + xml(boxColor(n)) + '" stroke="' + xml(theme.line) + '" stroke-width="0.5"' + (n.exact || n.kind !== K_FN ? '' : ' fill-opacity="0.75"') + '/>');
			const l = labelOf(b, d);
			if (l && l.text) out.push(view.svgLabel(geo, l, theme.fg, xml, close));
			out.push(close('g'));
		}
	out.push(close('svg'));
	save(fileBase(app.summary) + '-' + S.view + '.svg', new Blob([out.join('\n')], { type: 'image/svg+xml' }));
}

export function exportPng() {
	canvas.toBlob((blob) => {
		if (blob) save(fileBase(app.summary) + '-' + app.S.view + '.png', blob);
	}, 'image/png');
}
