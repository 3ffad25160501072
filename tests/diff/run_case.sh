#!/bin/sh
# run_case.sh BIN DATA GOLDEN ARG...: runs `BIN diff ARG...` in DATA and
# compares its output with the file GOLDEN byte for byte.  With
# PV_UPDATE_GOLDEN=1, writes GOLDEN instead (then check it with
# check_diff.py before committing).
bin=$1 data=$2 golden=$3
shift 3
out=$(mktemp "${TMPDIR:-/tmp}/pv-diff.XXXXXX") || exit 1
trap 'rm -f "$out" "$out.err"' EXIT
(cd "$data" && "$bin" diff "$@") >"$out" 2>"$out.err"
rc=$?
if [ $rc -ne 0 ] || [ -s "$out.err" ]; then
	echo "FAIL: pstat-view diff $*: exit $rc"
	cat "$out.err"
	exit 1
fi
if [ "${PV_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$out" "$golden"
	echo "wrote $golden"
	exit 0
fi
if ! cmp -s "$out" "$golden"; then
	echo "FAIL: pstat-view diff $* differs from $golden:"
	diff "$golden" "$out" | head -n 40
	exit 1
fi
echo "ok: pstat-view diff $*"
