/*
 * core/format.js - numbers, times and text as the viewer shows them.
 * DOM-free.
 */
import { basename } from './ctree.js';

/* seconds: "123.4 s", "1.500 s", "2.50 ms", "12.0 µs", "0 s" */
export function fmtTime(t) {
	if (!isFinite(t)) return String(t);
	const a = Math.abs(t);
	if (a >= 100) return t.toFixed(1) + ' s';
	if (a >= 1) return t.toFixed(3) + ' s';
	if (a >= 1e-3) return (t * 1e3).toFixed(2) + ' ms';
	if (a === 0) return '0 s';
	return (t * 1e6).toFixed(1) + ' \u00b5s';
}

/* a as a percentage of b: one decimal, three under 0.1%, "0%" for none; a dash without b */
export function pct(a, b) {
	if (!(b > 0)) return '\u2013';
	return a === 0 ? '0%' : (100 * a / b).toFixed(a / b < 0.001 ? 3 : 1) + '%';
}

/* diff mode: a signed change, "+1.500", "\u22120.250", "" for NaN */
export function fmtDelta(v) {
	if (!(v === v)) return '';
	return (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v).toFixed(3);
}

/* diff mode: a signed percentage, "+12.5%", "n/a" for NaN */
export function fmtPct(v) {
	if (!(v === v)) return 'n/a';
	return (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v).toFixed(1) + '%';
}

/* XML's five special characters as entities */
export function xml(s) {
	return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/* A file name stem for saved charts, from the summary's first file. */
export function fileBase(summary) {
	const f = summary.files && summary.files[0] ? basename(summary.files[0].path) : 'profile';
	return f.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'profile';
}
