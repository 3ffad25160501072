#!/bin/sh
# cli.sh BIN CMD DATA: exit statuses and messages of `pstat-view CMD`
# (flame or export): usage errors exit 2, unreadable files exit 1 with one
# line "pstat-view: FILE: ...", -o writes the file and nothing else.
bin=$1 cmd=$2 data=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pv-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
run() {
	want=$1
	shift
	"$bin" "$cmd" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq "$want" ] || { fail "$cmd $*: exit $rc, expected $want"; cat "$tmp/err"; }
	if grep -qE 'Sanitizer|runtime error' "$tmp/err"; then fail "$cmd $*: sanitizer report"; fi
}
f=$(ls "$data"/*.pstats | head -n 1)
if [ "$cmd" = export ]; then
	ok="--format json"
	run 2 "$f"
	run 2 --format svg "$f"
	run 2 --format
else
	ok=""
	run 2 --orientation sideways "$f"
	run 2 --min-width 0 "$f"
	run 2 --min-width abc "$f"
	run 2 --width 10 "$f"
	run 2 --title
fi
run 2 $ok
grep -q "^pstat-view $cmd: " "$tmp/err" || fail "usage error message"
[ -s "$tmp/out" ] && fail "usage error wrote to stdout"
run 2 $ok --nosuch "$f"
printf 'junk' >"$tmp/bad.pstats"
run 1 $ok "$tmp/bad.pstats"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "bad file: not one line on stderr"
grep -q "^pstat-view: $tmp/bad.pstats: " "$tmp/err" || fail "bad file: message does not name the file"
[ -s "$tmp/out" ] && fail "bad file: wrote to stdout"
run 0 $ok "$f" -o "$tmp/o"
[ -s "$tmp/o" ] && [ ! -s "$tmp/out" ] || fail "-o did not write the file (only)"
run 1 $ok "$f" -o "$tmp/no/such/dir/o"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "unwritable output: not one line on stderr"
[ $fails -eq 0 ] && echo "$cmd cli: ok"
[ $fails -eq 0 ]
