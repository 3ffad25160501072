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

/* true when a label at angle a reads clockwise (the upper half: letters stand on the ring's inner side) */
function clockwise(a) {
	return Math.sin(a) <= 1e-9;
}

/* Draws label l: curved along the ring, along a radius, or straight (the centre). */
export function drawLabel(ctx, geo, l) {
	if (l.arc) {
		/* one glyph at a time, each turned to the circle's tangent where it stands */
		const cw = clockwise(l.a), r = l.r;
		const total = ctx.measureText(l.text).width;
		let at = cw ? l.a - total / (2 * r) : l.a + total / (2 * r);
		ctx.save();
		ctx.translate(geo.cx, geo.cy);
		ctx.textAlign = 'center';
		for (const ch of l.text) {
			const w = ctx.measureText(ch).width / r;
			const mid = cw ? at + w / 2 : at - w / 2;
			ctx.save();
			ctx.rotate(cw ? mid + Math.PI / 2 : mid - Math.PI / 2);
			ctx.fillText(ch, 0, cw ? -r : r);
			ctx.restore();
			at = cw ? at + w : at - w;
		}
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

/*
 * Label l as SVG: a <text> (xml escapes, close closes an element); a
 * curved label is a <textPath> on the arc of id `id`, whose <path> goes
 * to defs (an array).
 */
export function svgLabel(geo, l, fg, xml, close, id, defs) {
	if (l.arc) {
		const cw = clockwise(l.a), r = l.r, h = l.room / (2 * r);
		const u = cw ? l.a - h : l.a + h, v = cw ? l.a + h : l.a - h;
		const pt = (t) => (geo.cx + r * Math.cos(t)).toFixed(2) + ',' + (geo.cy + r * Math.sin(t)).toFixed(2);
		defs.push('<path id="' + id + '" d="M' + pt(u) + 'A' + r.toFixed(2) + ',' + r.toFixed(2) + ' 0 0,' + (cw ? 1 : 0) + ' ' + pt(v) + '"/>');
		return '<text dominant-baseline="middle" fill="' + xml(fg) + '"><textPath href="#' + id + '" startOffset="50%" text-anchor="middle">' + xml(l.text) + close('textPath') + close('text');
	}
	if (l.radial) {
		const flip = Math.cos(l.a) < 0;
		const deg = (flip ? l.a + Math.PI : l.a) * 180 / Math.PI;
		return '<text transform="translate(' + geo.cx.toFixed(1) + ',' + geo.cy.toFixed(1) + ') rotate(' + deg.toFixed(2) + ')" x="' + (flip ? -l.r : l.r).toFixed(1) + '" y="0" text-anchor="middle" dominant-baseline="middle" fill="' + xml(fg) + '">' + xml(l.text) + close('text');
	}
	return straightSvgLabel(geo, l, fg, xml, close);
}
