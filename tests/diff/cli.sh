#!/bin/sh
# cli.sh BIN DATA: exit statuses and messages of `pstat-view diff`.
bin=$1 data=$2
cmd=diff
. "$(dirname "$0")/../cli/lib.sh"
a=$data/py311_recursion.pstats b=$data/py312_recursion.pstats
run 0 "$a" "$b"
[ -s "$tmp/out" ] || fail "no output"
run 2 "$a"
grep -q '^pstat-view diff: ' "$tmp/err" || fail "usage error message"
[ -s "$tmp/out" ] && fail "usage error wrote to stdout"
run 2 "$a" "$b" "$a"
run 2 "$a" "$b" --sortby nosuch
run 2 "$a" "$b" --limit -3
run 2 "$a" "$b" --limit 1.5
run 2 "$a" "$b" --match lines
run 2 "$a" "$b" --format xml
run 2 "$a" "$b" --nosuch
printf 'not a profile' >"$tmp/bad.pstats"
run 1 "$a" "$tmp/bad.pstats"
check_bad_file "$tmp/bad.pstats"
run 1 "$tmp/missing.pstats" "$b"
grep -q "^pstat-view: $tmp/missing.pstats: " "$tmp/err" || fail "missing file message"
# -o writes the file, nothing on stdout: what stdout gets, byte for byte
run 0 "$a" "$b" -o "$tmp/d.txt"
[ -s "$tmp/d.txt" ] && [ ! -s "$tmp/out" ] || fail "-o"
run 0 "$a" "$b"
cmp "$tmp/d.txt" "$tmp/out" || fail "-o wrote other bytes than standard output gets"
# a profile against itself: every delta zero
run 0 "$a" "$a" --format csv
awk -F, 'NR > 1 && ($8 != "0" || $12 != "0" || $16 != "0") { bad = 1 } END { exit bad }' "$tmp/out" ||
	fail "self diff has non-zero deltas"
finish
