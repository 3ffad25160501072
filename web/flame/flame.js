/*
 * flame/flame.js - the zoom script of `pstat-view flame`'s SVG.  The build
 * bundles it with what it imports (cmake/bundle.cmake) into the asset
 * /flame.js, which src/flame.c puts in every SVG inside a CDATA section.
 *
 * Frames are <g class="pv-f"> carrying data-x / data-w (px from the left
 * edge of the frame area, unzoomed), data-d (depth) and data-l (full
 * label); the <svg> carries data-fx (the frame area's x), data-fw (its
 * width) and data-cw (a character's width).  The script is constant: no
 * profile text reaches it except through attributes it reads as strings.
 */
import { fitLabel, frameView, detailsText } from '../core/flamezoom.js';

const svg = document.documentElement;
const FX = +svg.getAttribute('data-fx'), FW = +svg.getAttribute('data-fw');
const CW = +svg.getAttribute('data-cw');
const details = document.getElementById('pv-details');
const reset = document.getElementById('pv-reset');
const fr = [];

function place(f, x, w) {
	for (let k = 0; k < f.r.length; k++) {
		f.r[k].setAttribute('x', (FX + x).toFixed(2));
		f.r[k].setAttribute('width', Math.max(w, 0).toFixed(2));
	}
	f.t.setAttribute('x', (FX + x + 3).toFixed(2));
	f.t.textContent = fitLabel(f.l, w, CW);
}

function zoom(z) {
	for (const f of fr) {
		const v = frameView(f, z, FW);
		if (!v.shown) {
			f.g.style.display = 'none';
			continue;
		}
		f.g.style.display = '';
		if (v.anc) f.g.classList.add('pv-anc');
		else f.g.classList.remove('pv-anc');
		place(f, v.x, v.w);
	}
	reset.style.display = z === null ? 'none' : '';
	svg.setAttribute('data-zoom', z === null ? '' : String(fr.indexOf(z)));
}

const gs = document.querySelectorAll('g.pv-f');
for (let i = 0; i < gs.length; i++) {
	const g = gs[i];
	fr.push({ g, x: +g.getAttribute('data-x'), w: +g.getAttribute('data-w'),
		d: +g.getAttribute('data-d'), l: g.getAttribute('data-l'),
		r: g.getElementsByTagName('rect'), t: g.getElementsByTagName('text')[0],
		tip: g.getElementsByTagName('title')[0].textContent });
	g.addEventListener('click', (ev) => {
		ev.stopPropagation();
		zoom(fr[i].d === 0 ? null : fr[i]);
	});
	g.addEventListener('mouseover', () => { details.textContent = detailsText(fr[i].tip); });
	g.addEventListener('mouseout', () => { details.textContent = ' '; });
}
reset.addEventListener('click', () => { zoom(null); });
document.addEventListener('keydown', (e) => {
	if (e.key === 'Escape') zoom(null);
});
