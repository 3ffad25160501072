/*
 * esm.mjs - `node --import esm.mjs`: loads web/'s .js files as ES modules.
 * web/ has no package.json saying "type": "module" (every file there is
 * embedded into the binary and served), and Node before 20.19/22 would
 * read a .js file outside such a package as CommonJS.
 */
import { register } from 'node:module';

register('./esm-hooks.mjs', import.meta.url);
