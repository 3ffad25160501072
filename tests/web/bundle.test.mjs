/*
 * cmake/bundle.cmake: the module convention (named imports with "as",
 * namespace imports, export function/const), the evaluation order, and the
 * build errors.  Runs `cmake -P` (PV_CMAKE, else cmake on the PATH).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CMAKE = process.env.PV_CMAKE || 'cmake';
const haveCmake = spawnSync(CMAKE, ['--version']).status === 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pv-bundle-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

/* Writes files {name: text} under a fresh folder and bundles its main.js. */
function bundle(files, extra) {
	const dir = fs.mkdtempSync(path.join(tmp, 'm-'));
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		fs.writeFileSync(path.join(dir, name), text);
	}
	const out = path.join(dir, 'out.js');
	const r = spawnSync(CMAKE, ['-DENTRY=' + path.join(dir, 'main.js'), '-DOUT=' + out, ...(extra || []),
		'-P', path.join(SRC, 'cmake', 'bundle.cmake')], { encoding: 'utf8' });
	/* CMake wraps its messages: compare them as one line */
	return { status: r.status, err: r.stderr.replace(/\s+/g, ' '), text: r.status === 0 ? fs.readFileSync(out, 'utf8') : null };
}

function run(text) {
	const ctx = { log: [] };
	vm.runInNewContext(text, ctx);
	return ctx.log;
}

const opts = { skip: haveCmake ? false : 'cmake is not installed' };

test('modules run once each, dependencies first, with their imports bound', opts, () => {
	const b = bundle({
		'main.js': "import { a, b as c } from './lib/x.js';\nimport * as y from './y.js';\nlog.push('main', a(), c, y.twice(2), y.NAME);\n",
		'lib/x.js': "log.push('x');\nexport function a() { return 'A'; }\nexport const b = 42;\nconst hidden = 1;\n",
		'y.js': "import { b } from './lib/x.js';\nlog.push('y');\nexport const NAME = 'y' + b;\nexport async function later() {}\nexport function twice(v) { return v * 2; }\n",
	});
	assert.equal(b.status, 0, b.err);
	assert.deepEqual(run(b.text), ['x', 'y', 'main', 'A', 42, 4, 'y42']);
	/* the module's private names stay private */
	assert.match(b.text, /return \{ a, b \};/);
	assert.match(b.text, /const \{ a, b: c \} = __pv_lib_x_js;/);
	assert.match(b.text, /^'use strict';$/m);
});

test('what the convention does not cover is a build error', opts, () => {
	const cases = [
		[{ 'main.js': "export default function () {}\n" }, /an export of no known form/],
		[{ 'main.js': "export { a };\nconst a = 1;\n" }, /an export of no known form/],
		[{ 'main.js': "import x from './x.js';\n", 'x.js': '' }, /an import of no known form/],
		[{ 'main.js': "import { x } from 'pkg';\n" }, /an import of no known form/],
		[{ 'main.js': "import { nope } from './x.js';\n", 'x.js': 'export const yes = 1;\n' }, /imports nope, which .\/x.js does not export/],
		[{ 'main.js': "import { a } from './x.js';\n", 'x.js': "import { m } from './main.js';\nexport const a = 1;\n" }, /import cycle/],
		[{ 'main.js': "import { a } from './missing.js';\n" }, /no module/],
		[{ 'main.js': "const s = '</script>';\n" }, /contains '<\/'/],
		[{ 'main.js': "const s = ']]>';\n" }, /contains '\]\]>'/],
		[{ 'main.js': "const s = '<!--';\n" }, /contains '<!--'/],
	];
	for (const [files, msg] of cases) {
		const b = bundle(files);
		assert.notEqual(b.status, 0, JSON.stringify(files));
		assert.match(b.err, msg, JSON.stringify(files));
	}
});

test('the viewer and the flame script bundle into valid scripts', opts, () => {
	for (const [entry, root] of [['web/main.js', 'web'], ['web/flame/flame.js', 'web']]) {
		const out = path.join(tmp, path.basename(entry));
		const r = spawnSync(CMAKE, ['-DENTRY=' + path.join(SRC, entry), '-DROOT=' + path.join(SRC, root),
			'-DOUT=' + out, '-P', path.join(SRC, 'cmake', 'bundle.cmake')], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		const text = fs.readFileSync(out, 'utf8');
		new vm.Script(text, { filename: out });  /* throws on a syntax error */
		assert.ok(!text.includes('</') && !text.includes('<!--') && !text.includes(']]>'));
		if (entry === 'web/main.js') {
			/* every viewer module is in it, the flame graph's are not */
			const mods = [...text.matchAll(/^\/\* ======== (\S+) \*\/$/gm)].map((m) => m[1]).sort();
			const all = [];
			const walk = (d) => {
				for (const e of fs.readdirSync(path.join(SRC, 'web', d), { withFileTypes: true })) {
					const p = d ? d + '/' + e.name : e.name;
					if (e.isDirectory()) walk(p);
					else if (p.endsWith('.js') && !p.startsWith('flame/') && p !== 'core/flamezoom.js') all.push(p);
				}
			};
			walk('');
			/* core/wasm.js (the exported page's API) is in it once the
			 * viewer imports it */
			const main = fs.readFileSync(path.join(SRC, 'web', 'main.js'), 'utf8');
			const some = main.includes('./core/wasm.js') ? all : all.filter((p) => p !== 'core/wasm.js');
			assert.deepEqual(mods, some.sort());
			/* the entry comes last: it imports, nothing imports it */
			const order = [...text.matchAll(/^\/\* ======== (\S+) \*\/$/gm)].map((m) => m[1]);
			assert.equal(order[order.length - 1], 'main.js');
		}
	}
});
