/*
 * views/sunburst.js - the sunburst chart: rings around the root's disc.
 * Box geometry and label placement: core/layout.js.
 */
import { svgLabel as straightSvgLabel, drawLabel as straightLabel } from './icicle.js';

/* Traces box (d, x0, x1), a ring sector, on canvas context g. */
export function pathBox(g, geo, W, d, x0, x1) {
	g.beginPath();
	const r0 = d * geo.ring, r1 = (d + 1) * geo.ring;
	if (x1 - x0 >= 1 - 1e-12) {
		g.arc(geo.cx, geo.cy, r1, 0, 2 * Math.PI);
		if (r0 > 0) g.arc(geo.cx, geo.cy, r0, 2 * Math.PI, 0, true);
		return;
	}
	const a0 = x0 * 2 * Math.PI - Math.PI / 2, a1 = x1 * 2 * Math.PI - Math.PI / 2;
	g.arc(geo.cx, geo.cy, r1, a0, a1);
	if (r0 > 0) g.arc(geo.cx, geo.cy, r0, a1, a0, true);
	else g.lineTo(geo.cx, geo.cy);
	g.closePath();
}

/* Draws label l: along the arc, along a radius, or straight (the centre). */
export function drawLabel(ctx, geo, l) {
	if (l.tangent) {
		ctx.save();
		ctx.translate(geo.cx + l.r * Math.cos(l.a), geo.cy + l.r * Math.sin(l.a));
		const up = Math.sin(l.a) > 0;
		ctx.rotate(up ? l.a - Math.PI / 2 : l.a + Math.PI / 2);
		ctx.textAlign = 'center';
		ctx.fillText(l.text, 0, 0);
		ctx.restore();
	} else if (l.radial) {
		ctx.save();
		ctx.translate(geo.cx, geo.cy);
		const a = l.a;
		const flip = Math.cos(a) < 0;
		ctx.rotate(flip ? a + Math.PI : a);
		ctx.textAlign = 'center';
		ctx.fillText(l.text, flip ? -l.r : l.r, 0);
		ctx.restore();
	} else {
		straightLabel(ctx, geo, l);
	}
}

/* Label l as an SVG <text>. */
export function svgLabel(geo, l, fg, xml, close) {
	if (l.tangent) {
		const up = Math.sin(l.a) > 0;
		const deg = (up ? l.a - Math.PI / 2 : l.a + Math.PI / 2) * 180 / Math.PI;
		return '<text transform="translate(' + (geo.cx + l.r * Math.cos(l.a)).toFixed(1) + ',' + (geo.cy + l.r * Math.sin(l.a)).toFixed(1) + ') rotate(' + deg.toFixed(2) + ')" text-anchor="middle" dominant-baseline="middle" fill="' + xml(fg) + '">' + xml(l.text) + close('text');
	}
	if (l.radial) {
		const flip = Math.cos(l.a) < 0;
		const deg = (flip ? l.a + Math.PI : l.a) * 180 / Math.PI;
		return '<text transform="translate(' + geo.cx.toFixed(1) + ',' + geo.cy.toFixed(1) + ') rotate(' + deg.toFixed(2) + ')" x="' + (flip ? -l.r : l.r).toFixed(1) + '" y="0" text-anchor="middle" dominant-baseline="middle" fill="' + xml(fg) + '">' + xml(l.text) + close('text');
	}
	return straightSvgLabel(geo, l, fg, xml, close);
}
