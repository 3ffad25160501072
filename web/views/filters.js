/*
 * views/filters.js - pprof's filters as removable chips (focus, ignore,
 * hide, show: regular expressions over pstats' labels, evaluated by the
 * server with bounds, never in the page), the one-click presets, and the
 * granularity (group by function, file or package).
 */
import { app, act } from '../state.js';
import { $, el } from './dom.js';
import { FILTERS } from '../core/hash.js';

/* What each filter does, in pprof's words. */
const MEANING = {
	focus: 'only stacks through a matching function',
	ignore: 'drop stacks through a matching function',
	hide: 'remove matching frames, their calls merged up',
	show: 'keep only matching frames',
};

/* One-click presets: a hide= pattern each (added to what is hidden). */
const PRESETS = [
	['plumbing', 'the interpreter\u2019s plumbing: importlib, runpy, exec', '^<frozen |^\\{built-in method builtins\\.(exec|__import__)\\}$|runpy\\.py:'],
	['stdlib', 'the standard library', '^(<frozen |/usr/lib/python[23]\\.\\d+/|/usr/local/lib/python[23]\\.\\d+/(?!site-packages|dist-packages))'],
	['packages', 'site-packages and dist-packages', '/(site|dist)-packages/'],
];

/* The hide= pattern with `re` added (alternation), or removed if there. */
function toggleHide(hide, re) {
	const parts = hide ? hide.split('|(?#)') : [];
	const i = parts.indexOf(re);
	if (i >= 0) parts.splice(i, 1);
	else parts.push(re);
	return parts.filter((x) => x).join('|(?#)');
}

export function showFilters() {
	const S = app.S;
	const box = $('chips');
	box.replaceChildren();
	for (const k of FILTERS) {
		if (!S[k]) continue;
		const chip = el('span', 'chip');
		chip.title = MEANING[k];
		chip.append(el('b', '', k + ': '), el('code', '', S[k]));
		const x = el('button', 'chip-x', '\u00d7');
		x.setAttribute('aria-label', 'remove the ' + k + ' filter');
		x.addEventListener('click', () => act.setFilter(k, ''));
		chip.append(x);
		box.append(chip);
	}
	for (const [name, , re] of PRESETS) {
		const on = (S.hide || '').split('|(?#)').includes(re);
		const b = $('preset-' + name);
		if (b) b.setAttribute('aria-pressed', String(on));
	}
	$('group').value = S.group;
}

export function bindFilters() {
	$('filter-add').addEventListener('submit', (e) => {
		e.preventDefault();
		const k = $('filter-kind').value, re = $('filter-re').value.trim();
		if (!FILTERS.includes(k) || !re) return;
		$('filter-re').value = '';
		act.setFilter(k, re);
	});
	for (const [name, what, re] of PRESETS) {
		const b = $('preset-' + name);
		b.title = 'hide ' + what;
		b.addEventListener('click', () => act.setFilter('hide', toggleHide(app.S.hide, re)));
	}
	$('group').addEventListener('change', (e) => act.setGroup(e.target.value));
}
