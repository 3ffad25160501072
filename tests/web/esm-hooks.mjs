/* esm-hooks.mjs - the load hook esm.mjs registers: web/**.js are modules. */
const WEB = new URL('../../web/', import.meta.url).href;

export async function load(url, context, next) {
	if (url.startsWith(WEB) && url.endsWith('.js'))
		return next(url, { ...context, format: 'module' });
	return next(url, context);
}
