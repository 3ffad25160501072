/*
 * views/crumbs.js - the zoom path above the chart: all, the focus, then
 * each zoomed function; a click goes back there.
 */
import { app, act } from '../state.js';
import { $, el } from './dom.js';
import { shortLabel } from '../core/graph.js';

export function crumbs() {
	const S = app.S;
	const nav = $('crumbs');
	nav.replaceChildren();
	const add = (text, fn, current) => {
		if (nav.childNodes.length) nav.append(el('span', 'sep', '\u203a'));
		const b = el('button', current ? 'crumb cur' : 'crumb', text);
		if (current) b.setAttribute('aria-current', 'true');
		b.addEventListener('click', fn);
		nav.append(b);
	};
	add(S.dir === 'callers' ? 'all self time' : 'all', () => {
		S.focus = -1;
		S.zoom = [];
		act.commit();
	}, S.focus < 0 && S.zoom.length === 0);
	if (S.focus >= 0)
		add('focus: ' + shortLabel(app.G, S.focus), () => {
			S.zoom = [];
			act.commit();
		}, S.zoom.length === 0);
	S.zoom.forEach((f, i) => {
		add(shortLabel(app.G, f), () => {
			S.zoom = S.zoom.slice(0, i + 1);
			act.commit();
		}, i === S.zoom.length - 1);
	});
}
