/*
 * views/dom.js - the two DOM helpers every view uses.  Every name from
 * the profile reaches the page through textContent or canvas text, never
 * as HTML.
 */
export const $ = (id) => document.getElementById(id);

export function el(tag, cls, text) {
	const e = document.createElement(tag);
	if (cls) e.className = cls;
	if (text !== undefined) e.textContent = text;
	return e;
}
