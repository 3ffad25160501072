/*
 * views/crumbs.js - the path above the chart: the tree's root, then each
 * box down to the one shown at full width; a click goes back there.  On
 * the first screen the boxes of the interpreter's plumbing that were
 * skipped (exec, runpy, unittest's runner) are shown dimmed, with a note.
 */
import { app, act } from '../state.js';
import { $, el } from './dom.js';
import { boxName } from '../core/ctree.js';
import { dirOf } from '../core/hash.js';

export function crumbs() {
	const S = app.S;
	const nav = $('crumbs');
	nav.replaceChildren();
	const path = [];
	for (let a = app.viewRoot; a; a = a.parent) path.push(a);
	path.reverse();
	const auto = !S.zoom.length && !S.top && !S.root && app.autoZoom && app.autoZoom.length > 0;
	path.forEach((n, i) => {
		if (i) nav.append(el('span', 'sep', '\u203a'));
		const cur = i === path.length - 1;
		let text = boxName(app.fns, n, dirOf(S));
		if (S.root && i === 1) text = 'root: ' + text;
		const b = el('button', 'crumb' + (cur ? ' cur' : '') + (auto && !cur ? ' skipped' : ''), text);
		if (cur) b.setAttribute('aria-current', 'true');
		b.addEventListener('click', () => {
			if (!cur) act.zoomTo(n);
		});
		nav.append(b);
	});
	if (auto) {
		const note = el('span', 'muted crumb-note', ' (the interpreter\u2019s start-up skipped: click a dimmed box to see it)');
		nav.append(note);
	}
}
