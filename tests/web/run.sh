#!/bin/sh
# run.sh TEST.mjs... - `node --test` on the given files, with web/'s .js
# files loaded as ES modules (esm.mjs).  Exit 77 (skipped) without node or
# with one that lacks module.register (before 18.19 / 20.6).
command -v node >/dev/null || { echo "skip: node is not installed"; exit 77; }
node -e "process.exit(typeof require('node:module').register === 'function' ? 0 : 1)" ||
	{ echo "skip: node $(node --version) lacks module.register (18.19, 20.6 or later)"; exit 77; }
exec node --import "$(dirname "$0")/esm.mjs" --test "$@"
