/*
 * core/color.js - box colours as CSS hsl() strings.  DOM-free.
 */
import { K_FN, K_ROOT, K_OTHER, K_UNPLACED, K_MORE } from './ctree.js';

const DIFF_MIN_PCT = 1;  /* smaller changes are "unchanged" */

/* 32-bit FNV-1a of the UTF-16 code units */
export function hashStr(s) {
	let h = 2166136261;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

/* A hue per file (cached in `hues`, a Map), lightness jittered per name; fn: core/ctree.js's. */
export function fnColor(fn, light, dark, hues) {
	if (!fn) return dark ? 'hsl(0,0%,35%)' : 'hsl(0,0%,75%)';
	const file = fn.file;
	let h = hues.get(file);
	if (h === undefined) {
		h = hashStr(file) % 360;
		hues.set(file, h);
	}
	const jitter = (hashStr(fn.name) % 13) - 6;
	const d = dark;
	const l = (d ? 40 : 70) + jitter + (light ? (d ? -10 : 12) : 0);
	return 'hsl(' + h + ',' + (d ? 42 : 58) + '%,' + l + '%)';
}

/* diff mode: the change of the function's cumtime from BASE (D: readDiff's) */
export function diffColor(D, f, dark) {
	const r = D.get(f);
	if (!r) return dark ? 'hsl(0,0%,38%)' : 'hsl(0,0%,80%)';
	return changeColor(r.ct, r.pct, r.isNew, dark);
}

/* A change dc (seconds) of pct percent (NaN: unknown), or new: red slower, green faster, blue new. */
function changeColor(dc, p, isNew, dark) {
	const d = dark;
	if (isNew) return d ? 'hsl(210,45%,42%)' : 'hsl(210,60%,74%)';
	if (!(dc === dc) || dc === 0 || (p === p && Math.abs(p) < DIFF_MIN_PCT))
		return d ? 'hsl(0,0%,38%)' : 'hsl(0,0%,80%)';
	/* stronger for larger changes: 1% faint, 100% or more full */
	const k = p === p ? Math.min(1, Math.log10(Math.abs(p)) / 2) : 1;
	const hue = dc > 0 ? 0 : 120;
	const l = d ? 28 + 14 * k : 86 - 30 * k;
	return 'hsl(' + hue + ',' + (d ? 55 : 70) + '%,' + l + '%)';
}

/*
 * A box's fill.  fns: the functions (core/ctree.js); theme: { dark, root,
 * other, rest } (CSS colours); D: the diff or null; hues: fnColor's cache.
 */
export function boxColor(fns, n, theme, D, hues) {
	if (D && n.kind === K_FN) {
		/* the box's own change (its path in BASE's tree), when known */
		if (n.base !== undefined)
			return changeColor(n.t - n.base, n.base > 0 ? 100 * (n.t - n.base) / n.base : NaN, n.newPath, theme.dark);
		return diffColor(D, n.f, theme.dark);
	}
	switch (n.kind) {
	case K_ROOT: return theme.root;
	case K_OTHER: case K_MORE: return theme.other;
	case K_UNPLACED: return theme.rest;
	default:
		/* a group's box: its hue from the group's name */
		if (n.glabel) return fnColor({ file: n.glabel, name: '' }, false, theme.dark, hues);
		return fnColor(fns.get(n.f), false, theme.dark, hues);
	}
}
